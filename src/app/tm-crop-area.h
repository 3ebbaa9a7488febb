/* tm-crop-area.h: a picture with a square to move over it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TM_TYPE_CROP_AREA (tm_crop_area_get_type ())

G_DECLARE_FINAL_TYPE (TmCropArea, tm_crop_area, TM, CROP_AREA, GtkWidget)

GtkWidget *tm_crop_area_new         (void);
void       tm_crop_area_set_picture (TmCropArea *self,
                                     GdkTexture *preview,
                                     guint       width,
                                     guint       height);
void       tm_crop_area_get_square  (TmCropArea *self,
                                     guint      *x,
                                     guint      *y,
                                     guint      *size);
void       tm_crop_area_move_to     (TmCropArea *self,
                                     guint       x,
                                     guint       y);
void       tm_crop_area_centre      (TmCropArea *self);

G_END_DECLS
