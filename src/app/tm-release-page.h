/* tm-release-page.h: one release, editable, saved as it is typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-availability-map.h"
#include "tm-catalog.h"
#include "tm-job-queue.h"
#include "tm-player-bar.h"
#include "tm-track-table.h"

G_BEGIN_DECLS

#define TM_TYPE_RELEASE_PAGE (tm_release_page_get_type ())

G_DECLARE_FINAL_TYPE (TmReleasePage, tm_release_page, TM, RELEASE_PAGE, AdwBin)

GtkWidget    *tm_release_page_new             (TmCatalog     *catalog,
                                               TmRelease     *release,
                                               TmJobQueue    *queue);
TmRelease    *tm_release_page_get_release     (TmReleasePage *self);
gboolean      tm_release_page_save            (TmReleasePage *self);
GtkWidget    *tm_release_page_get_field       (TmReleasePage *self,
                                               const char    *key);
gboolean      tm_release_page_focus_field     (TmReleasePage *self,
                                               const char    *key);
gboolean      tm_release_page_is_checking     (TmReleasePage *self);
GPtrArray    *tm_release_page_get_issues      (TmReleasePage *self);
TmTrackTable *tm_release_page_get_track_table (TmReleasePage *self);
GtkWidget    *tm_release_page_deliver         (TmReleasePage *self);
GtkListBox   *tm_release_page_get_deliveries  (TmReleasePage *self);
TmAvailabilityMap *tm_release_page_get_availability (TmReleasePage *self);
void          tm_release_page_check           (TmReleasePage *self);
void          tm_release_page_set_cover       (TmReleasePage *self,
                                               const char    *path);
GtkWidget    *tm_release_page_fix_cover       (TmReleasePage *self);
TmPlayerBar  *tm_release_page_get_player_bar  (TmReleasePage *self);

G_END_DECLS
