/* tm-cover-image.h: a release's cover, from the thumbnail cache
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TM_TYPE_COVER_IMAGE (tm_cover_image_get_type ())

G_DECLARE_FINAL_TYPE (TmCoverImage, tm_cover_image, TM, COVER_IMAGE, GtkWidget)

GtkWidget  *tm_cover_image_new            (int           pixel_size);
void        tm_cover_image_set_cover      (TmCoverImage *self,
                                           const char   *path,
                                           const char   *sha256);
const char *tm_cover_image_get_path       (TmCoverImage *self);
gboolean    tm_cover_image_get_loaded     (TmCoverImage *self);
int         tm_cover_image_get_pixel_size (TmCoverImage *self);
void        tm_cover_image_set_pixel_size (TmCoverImage *self,
                                           int           pixel_size);

G_END_DECLS
