/* tm-earnings-reader.h: distributors' earnings reports, read line by line
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-earning.h"

G_BEGIN_DECLS

typedef enum
{
  TM_EARNINGS_UNKNOWN = -1,
  TM_EARNINGS_DISTROKID,
  TM_EARNINGS_TUNECORE,
  TM_EARNINGS_CDBABY,
  TM_EARNINGS_BANDCAMP,
  TM_EARNINGS_DSR,
} TmEarningsSource;

#define TM_EARNINGS_N_SOURCES 5

const char       *tm_earnings_source_to_string  (TmEarningsSource  source);
const char       *tm_earnings_source_get_label  (TmEarningsSource  source);
TmEarningsSource  tm_earnings_source_from_string (const char       *text);

/* Each line read; FALSE with @error stops the reading (nothing is kept). */
typedef gboolean (*TmEarningsLineFunc)    (const TmEarning  *earning,
                                           gpointer          data,
                                           GError          **error);
/* A line that could not be read, or a total that does not match its lines. */
typedef void     (*TmEarningsProblemFunc) (guint64           line,
                                           const char       *why,
                                           gpointer          data);

gboolean  tm_earnings_read (const char             *path,
                            TmEarningsSource        source,
                            TmEarningsSource       *found,
                            TmEarningsLineFunc      line_func,
                            TmEarningsProblemFunc   problem_func,
                            gpointer                data,
                            GCancellable           *cancellable,
                            GError                **error);

G_END_DECLS
