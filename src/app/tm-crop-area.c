/* tm-crop-area.c: a picture with a square to move over it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The square is the largest the picture holds (its shorter side), and moves
 * along the longer one: dragged with the pointer, or with the arrow keys (a
 * hundredth of the way, or a tenth with Shift). What lies outside is dimmed.
 * Positions are in the pixels of the upright picture, the preview only shows
 * them. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-crop-area.h"
#include "tm-widget-util.h"

struct _TmCropArea
{
  GtkWidget   parent_instance;

  GdkTexture *preview;
  guint       width, height;     /* the picture's, upright */
  guint       x, y, size;        /* the square, in the picture's pixels */
  double      drag_x, drag_y;    /* the square where a drag began */
};

G_DEFINE_FINAL_TYPE (TmCropArea, tm_crop_area, GTK_TYPE_WIDGET)

enum {
  SQUARE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the picture is drawn, and how many widget pixels a picture pixel is. */
static graphene_rect_t
picture_rect (TmCropArea *self,
              double     *scale)
{
  float w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width == 0 || self->height == 0)
    {
      *scale = 1;
      return GRAPHENE_RECT_INIT (0, 0, 0, 0);
    }
  *scale = MIN (w / self->width, h / self->height);
  return GRAPHENE_RECT_INIT ((w - self->width * *scale) / 2, (h - self->height * *scale) / 2,
                             self->width * *scale, self->height * *scale);
}

static void
tm_crop_area_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  TmCropArea *self = TM_CROP_AREA (widget);
  GdkRGBA dim = { 0, 0, 0, 0.6f }, white = { 1, 1, 1, 0.95f };
  double scale;
  graphene_rect_t picture = picture_rect (self, &scale), square;
  GskRoundedRect border;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colours[4] = { white, white, white, white };

  if (self->preview == NULL || picture.size.width <= 0)
    return;

  gtk_snapshot_append_texture (snapshot, self->preview, &picture);
  square = GRAPHENE_RECT_INIT (picture.origin.x + self->x * scale,
                               picture.origin.y + self->y * scale,
                               self->size * scale, self->size * scale);

  /* Dimmed outside: above, below, left and right of the square. */
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (picture.origin.x, picture.origin.y,
                                                  picture.size.width,
                                                  square.origin.y - picture.origin.y));
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (picture.origin.x,
                                                  square.origin.y + square.size.height,
                                                  picture.size.width,
                                                  picture.origin.y + picture.size.height
                                                  - square.origin.y - square.size.height));
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (picture.origin.x, square.origin.y,
                                                  square.origin.x - picture.origin.x,
                                                  square.size.height));
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (square.origin.x + square.size.width,
                                                  square.origin.y,
                                                  picture.origin.x + picture.size.width
                                                  - square.origin.x - square.size.width,
                                                  square.size.height));
  gsk_rounded_rect_init_from_rect (&border, &square, 0);
  gtk_snapshot_append_border (snapshot, &border, widths, colours);
}

static void
tm_crop_area_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = 160;
  *natural = 420;
}

/* Moves the square to @x, @y, kept inside the picture. */
void
tm_crop_area_move_to (TmCropArea *self,
                      guint       x,
                      guint       y)
{
  guint clamped_x, clamped_y;

  g_return_if_fail (TM_IS_CROP_AREA (self));

  clamped_x = MIN (x, self->width - self->size);
  clamped_y = MIN (y, self->height - self->size);
  if (clamped_x == self->x && clamped_y == self->y)
    return;
  self->x = clamped_x;
  self->y = clamped_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SQUARE_CHANGED], 0);
}

void
tm_crop_area_centre (TmCropArea *self)
{
  g_return_if_fail (TM_IS_CROP_AREA (self));

  tm_crop_area_move_to (self, (self->width - self->size) / 2, (self->height - self->size) / 2);
}

static void
drag_begin_cb (TmCropArea *self)
{
  self->drag_x = self->x;
  self->drag_y = self->y;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (TmCropArea *self,
                double      dx,
                double      dy)
{
  double scale, x, y;

  picture_rect (self, &scale);
  x = MAX (0, self->drag_x + dx / scale);
  y = MAX (0, self->drag_y + dy / scale);
  tm_crop_area_move_to (self, (guint) (x + 0.5), (guint) (y + 0.5));
}

static gboolean
key_pressed_cb (TmCropArea      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  guint longer = MAX (self->width, self->height);
  gint64 step = MAX (1, (state & GDK_SHIFT_MASK) ? longer / 10 : longer / 100);
  gint64 x = self->x, y = self->y;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: x -= step; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: x += step; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: y -= step; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: y += step; break;
    default: return FALSE;
    }
  tm_crop_area_move_to (self, (guint) MAX (0, x), (guint) MAX (0, y));
  return TRUE;
}

static void
tm_crop_area_dispose (GObject *object)
{
  TmCropArea *self = TM_CROP_AREA (object);

  g_clear_object (&self->preview);

  G_OBJECT_CLASS (tm_crop_area_parent_class)->dispose (object);
}

static void
tm_crop_area_class_init (TmCropAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_crop_area_dispose;
  widget_class->snapshot = tm_crop_area_snapshot;
  widget_class->measure = tm_crop_area_measure;

  signals[SQUARE_CHANGED] = g_signal_new ("square-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "crop-area");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tm_crop_area_init (TmCropArea *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "move");
  tm_widget_add_drag_and_keys (GTK_WIDGET (self), G_CALLBACK (drag_begin_cb),
                               G_CALLBACK (drag_update_cb), NULL, G_CALLBACK (key_pressed_cb));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The square to keep: drag it, or move it with the arrow "
                                    "keys"), -1);
}

GtkWidget *
tm_crop_area_new (void)
{
  return g_object_new (TM_TYPE_CROP_AREA, NULL);
}

/**
 * tm_crop_area_set_picture:
 * @preview: what is shown, any size
 * @width: the picture's width in its own pixels, upright
 *
 * The square starts in the middle.
 */
void
tm_crop_area_set_picture (TmCropArea *self,
                          GdkTexture *preview,
                          guint       width,
                          guint       height)
{
  g_return_if_fail (TM_IS_CROP_AREA (self));

  g_set_object (&self->preview, preview);
  self->width = width;
  self->height = height;
  self->size = MIN (width, height);
  self->x = (width - self->size) / 2;
  self->y = (height - self->size) / 2;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SQUARE_CHANGED], 0);
}

void
tm_crop_area_get_square (TmCropArea *self,
                         guint      *x,
                         guint      *y,
                         guint      *size)
{
  g_return_if_fail (TM_IS_CROP_AREA (self));

  *x = self->x;
  *y = self->y;
  *size = self->size;
}
