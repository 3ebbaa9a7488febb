/* tm-release-page.h: one release, editable, saved as it is typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-track-table.h"

G_BEGIN_DECLS

#define TM_TYPE_RELEASE_PAGE (tm_release_page_get_type ())

G_DECLARE_FINAL_TYPE (TmReleasePage, tm_release_page, TM, RELEASE_PAGE, AdwBin)

void       tm_release_page_set_release (TmReleasePage *self,
                                        TmCatalog     *catalog,
                                        TmRelease     *release);
TmRelease *tm_release_page_get_release (TmReleasePage *self);
gboolean   tm_release_page_save        (TmReleasePage *self);
GtkEditable *tm_release_page_get_field (TmReleasePage *self,
                                        const char    *key);
void       tm_release_page_focus_field (TmReleasePage *self,
                                        const char    *key);
gboolean   tm_release_page_is_checking (TmReleasePage *self);
GPtrArray *tm_release_page_get_issues  (TmReleasePage *self);
AdwToast  *tm_release_page_remove_track (TmReleasePage *self,
                                         guint          position);
TmTrackTable *tm_release_page_get_track_table (TmReleasePage *self);
GtkWidget *tm_release_page_deliver     (TmReleasePage *self);
char      *tm_issue_help_uri           (const char    *code);
gboolean   tm_release_page_set_store_url (TmReleasePage *self,
                                          gint64         distribution_id,
                                          const char    *url,
                                          GError       **error);

G_END_DECLS
