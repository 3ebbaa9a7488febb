/* tm-report-reader.h: the records of a report file, read as a stream
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TM_REPORT_CSV,    /* commas, RFC 4180 quotes (may span lines) */
  TM_REPORT_TSV,    /* tabs, quotes only inside one line (CD Baby's barcode) */
  TM_REPORT_DSR,    /* tabs, no quotes, backslash escapes (DDEX flat files) */
} TmReportDialect;

typedef struct
{
  guint64     line;      /* the line it starts on, from 1 */
  GPtrArray  *cells;     /* (element-type utf8): trimmed of nothing, valid UTF-8 */
  const char *problem;   /* (nullable): why the record could not be read whole */
} TmReportRecord;

typedef struct _TmReportReader TmReportReader;

TmReportReader        *tm_report_reader_new        (const char      *path,
                                                    GError         **error);
void                   tm_report_reader_free       (TmReportReader  *reader);
TmReportDialect        tm_report_reader_get_dialect (TmReportReader *reader);
void                   tm_report_reader_set_dialect (TmReportReader *reader,
                                                    TmReportDialect  dialect);
const char            *tm_report_reader_get_encoding (TmReportReader *reader);
const TmReportRecord  *tm_report_reader_next       (TmReportReader  *reader,
                                                    GError         **error);
gboolean               tm_report_reader_rewind     (TmReportReader  *reader,
                                                    GError         **error);
guint64                tm_report_reader_get_bytes  (TmReportReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmReportReader, tm_report_reader_free)

G_END_DECLS
