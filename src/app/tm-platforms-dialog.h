/* tm-platforms-dialog.h: the platforms releases go to, added, tested and removed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_TYPE_PLATFORMS_DIALOG (tm_platforms_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TmPlatformsDialog, tm_platforms_dialog, TM, PLATFORMS_DIALOG,
                      AdwPreferencesWindow)

GtkWidget  *tm_platforms_dialog_new           (TmCatalog         *catalog);
gboolean    tm_platforms_dialog_add_api       (TmPlatformsDialog *self,
                                               const char        *name,
                                               const char        *url,
                                               const char        *token,
                                               const char        *refresh_token,
                                               const char        *ca_file,
                                               GError           **error);
gboolean    tm_platforms_dialog_add_sftp      (TmPlatformsDialog *self,
                                               const char        *name,
                                               const char        *host,
                                               int                port,
                                               const char        *user,
                                               const char        *key_file,
                                               const char        *secret,
                                               const char        *remote_dir,
                                               const char        *sender_dpid,
                                               const char        *recipient_dpid,
                                               GError           **error);
gboolean    tm_platforms_dialog_edit          (TmPlatformsDialog   *self,
                                               const char          *name,
                                               const char * const  *keys,
                                               const char * const  *values,
                                               gboolean             enabled,
                                               const char          *secret,
                                               GError             **error);
void        tm_platforms_dialog_remove        (TmPlatformsDialog *self,
                                               const char        *name);
void        tm_platforms_dialog_test          (TmPlatformsDialog *self,
                                               const char        *name);
const char *tm_platforms_dialog_get_last_test (TmPlatformsDialog *self);
gboolean    tm_platforms_dialog_get_busy      (TmPlatformsDialog *self);
void        tm_platforms_dialog_trust         (TmPlatformsDialog *self,
                                               const char        *name,
                                               const char        *fingerprint);
const char *tm_platforms_dialog_get_pending_fingerprint (TmPlatformsDialog *self);
GtkWidget  *tm_platforms_dialog_open_editor   (TmPlatformsDialog *self,
                                               const char        *name);
GListModel *tm_platforms_dialog_get_platforms (TmPlatformsDialog *self);

G_END_DECLS
