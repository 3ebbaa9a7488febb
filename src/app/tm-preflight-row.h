/* tm-preflight-row.h: what one platform's rules say of a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TM_TYPE_PREFLIGHT_ROW (tm_preflight_row_get_type ())

G_DECLARE_FINAL_TYPE (TmPreflightRow, tm_preflight_row, TM, PREFLIGHT_ROW, AdwExpanderRow)

GtkWidget *tm_preflight_row_new          (const char     *name,
                                          GListModel     *issues);
guint      tm_preflight_row_get_n_errors (TmPreflightRow *self);
char      *tm_preflight_describe_counts  (guint           errors,
                                          guint           warnings,
                                          guint           notes);

G_END_DECLS
