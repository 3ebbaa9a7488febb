/* tm-earnings-window.h: what the music earned, where, and who is owed what
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-world-map.h"

G_BEGIN_DECLS

#define TM_TYPE_EARNINGS_WINDOW (tm_earnings_window_get_type ())

G_DECLARE_FINAL_TYPE (TmEarningsWindow, tm_earnings_window, TM, EARNINGS_WINDOW, AdwWindow)

GtkWidget  *tm_earnings_window_new              (TmCatalog         *catalog,
                                                 gint64             release_id);
gboolean    tm_earnings_window_get_loading      (TmEarningsWindow  *self);
void        tm_earnings_window_import_files     (TmEarningsWindow  *self,
                                                 const char * const *paths);
const char *tm_earnings_window_get_import_report (TmEarningsWindow *self);
GPtrArray  *tm_earnings_window_get_rows         (TmEarningsWindow  *self);
char       *tm_earnings_window_get_totals_text  (TmEarningsWindow  *self);
TmWorldMap *tm_earnings_window_get_map          (TmEarningsWindow  *self);
gboolean    tm_earnings_window_save_csv         (TmEarningsWindow  *self,
                                                 const char        *path,
                                                 GError           **error);

G_END_DECLS
