/* tm-window.h: the main window: the catalog's releases, and one release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-banner.h"
#include "tm-catalog.h"
#include "tm-job-queue.h"
#include "tm-release-list.h"
#include "tm-release-page.h"

G_BEGIN_DECLS

#define TM_TYPE_WINDOW (tm_window_get_type ())

G_DECLARE_FINAL_TYPE (TmWindow, tm_window, TM, WINDOW, AdwApplicationWindow)

TmWindow      *tm_window_new                 (GtkApplication *application,
                                              TmCatalog      *catalog,
                                              TmJobQueue     *queue,
                                              const GError   *catalog_error);
TmReleaseList *tm_window_get_releases        (TmWindow       *self);
GtkColumnView *tm_window_get_column_view     (TmWindow       *self);
GtkListView   *tm_window_get_narrow_list     (TmWindow       *self);
GListModel    *tm_window_get_shown_releases  (TmWindow       *self);
TmReleasePage *tm_window_get_release_page    (TmWindow       *self);
TmBanner      *tm_window_get_banner          (TmWindow       *self);
void           tm_window_open_release        (TmWindow       *self,
                                              gint64          release_id);
const char    *tm_window_get_page            (TmWindow       *self);
void           tm_window_import_paths        (TmWindow       *self,
                                              const char * const *paths);
void           tm_window_drop_paths          (TmWindow           *self,
                                              const char * const *paths,
                                              double              x,
                                              double              y);
void           tm_window_show_status         (TmWindow       *self,
                                              int             status);
void           tm_window_show_platform       (TmWindow       *self,
                                              const char     *name);
void           tm_window_export_smartlink    (TmWindow       *self,
                                              const char     *folder);
GtkWidget     *tm_window_get_queue_window    (TmWindow       *self);
GtkWidget     *tm_window_get_queue_indicator (TmWindow       *self);
AdwToast      *tm_window_delete_release      (TmWindow       *self,
                                              gint64          release_id);
void           tm_window_add_toast           (TmWindow       *self,
                                              AdwToast       *toast);
AdwToast      *tm_window_get_toast           (TmWindow       *self);
void           tm_window_show_message        (TmWindow       *self,
                                              const char     *message);
void           tm_window_show_banner         (TmWindow       *self,
                                              const char     *title,
                                              const char     *button_label,
                                              const char     *action_name,
                                              GVariant       *target);
gboolean       tm_window_get_busy            (TmWindow       *self);

G_END_DECLS
