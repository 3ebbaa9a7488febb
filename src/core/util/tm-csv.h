/* tm-csv.h: the one CSV writer of the project
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TmCsv TmCsv;

TmCsv *tm_csv_new             (const char *line_end);
void   tm_csv_text            (TmCsv      *csv,
                               const char *text);
void   tm_csv_int             (TmCsv      *csv,
                               gint64      value);
void   tm_csv_double          (TmCsv      *csv,
                               double      value,
                               int         decimals);
void   tm_csv_money           (TmCsv      *csv,
                               gint64      units,
                               guint       decimals);
void   tm_csv_empty           (TmCsv      *csv);
void   tm_csv_end_row         (TmCsv      *csv);
char  *tm_csv_free_to_string  (TmCsv      *csv);
void   tm_csv_free            (TmCsv      *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmCsv, tm_csv_free)

G_END_DECLS
