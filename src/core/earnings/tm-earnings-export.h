/* tm-earnings-export.h: statements as CSV and as a page to print
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog-earnings.h"

G_BEGIN_DECLS

char *tm_statement_to_csv  (const TmStatement *statement);
char *tm_statement_to_html (const TmStatement *statement,
                            const char        *title);
char *tm_statement_period_text (const TmStatement *statement);

G_END_DECLS
