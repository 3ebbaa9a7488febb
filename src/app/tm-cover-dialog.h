/* tm-cover-dialog.h: a cover made square and sized, from the release page
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-crop-area.h"

G_BEGIN_DECLS

#define TM_TYPE_COVER_DIALOG (tm_cover_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TmCoverDialog, tm_cover_dialog, TM, COVER_DIALOG, AdwWindow)

GtkWidget  *tm_cover_dialog_new           (GtkWidget     *owner,
                                           TmCatalog     *catalog,
                                           gint64         release_id,
                                           const char    *path);
gboolean    tm_cover_dialog_is_ready      (TmCoverDialog *self);
TmCropArea *tm_cover_dialog_get_crop_area (TmCoverDialog *self);
void        tm_cover_dialog_set_size      (TmCoverDialog *self,
                                           guint          size);

G_END_DECLS
