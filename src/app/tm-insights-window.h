/* tm-insights-window.h: figures about distribution, drawn
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_TYPE_INSIGHTS_WINDOW (tm_insights_window_get_type ())

G_DECLARE_FINAL_TYPE (TmInsightsWindow, tm_insights_window, TM, INSIGHTS_WINDOW, AdwWindow)

GtkWidget  *tm_insights_window_new             (TmCatalog         *catalog);
gboolean    tm_insights_window_get_loading     (TmInsightsWindow  *self);
gboolean    tm_insights_window_save_csv        (TmInsightsWindow  *self,
                                                const char        *path,
                                                GError           **error);
GListModel *tm_insights_window_get_platforms   (TmInsightsWindow  *self);
GPtrArray  *tm_insights_window_get_categories  (TmInsightsWindow  *self);
GPtrArray  *tm_insights_window_get_week_labels (TmInsightsWindow  *self);

G_END_DECLS
