/* tm-seek-bar.c: a track's waveform as its seek bar, with the store preview on it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The analysis' overview (a peak per point) drawn as a mirrored outline: what
 * has played in the accent colour, the rest in the text colour. The store
 * preview is a band of TM_PREVIEW_SECONDS from its start, whose marker (a line
 * with a handle at the top) is dragged to move it; a press or drag anywhere
 * else seeks. From the keyboard: Left and Right seek 5 s, Home and End go to
 * the ends, and with Alt they move the preview's start instead. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-seek-bar.h"
#include "tm-widget-util.h"

#define HANDLE 7.0   /* pixels either side of the marker that take hold of it */

struct _TmSeekBar
{
  GtkWidget  parent_instance;

  GArray    *peaks;            /* float, linear 0..1 */
  double     duration;
  double     position;         /* seconds, < 0 while nothing plays */
  double     preview_start;
  gboolean   dragging_marker;
  double     drag_from;        /* x where the drag began */
};

G_DEFINE_FINAL_TYPE (TmSeekBar, tm_seek_bar, GTK_TYPE_WIDGET)

enum {
  SEEK,
  PREVIEW_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
x_of (TmSeekBar *self,
      double     seconds)
{
  return self->duration > 0 ? seconds / self->duration * gtk_widget_get_width (GTK_WIDGET (self))
                            : 0;
}

static double
seconds_at (TmSeekBar *self,
            double     x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return width > 0 && self->duration > 0 ? CLAMP (x / width, 0, 1) * self->duration : 0;
}

static void
tm_seek_bar_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TmSeekBar *self = TM_SEEK_BAR (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA text, accent = { 0.21f, 0.52f, 0.89f, 1.0f }, band, marker = { 0.90f, 0.50f, 0.0f, 1.0f };
  float middle = height / 2.0f, played = self->position >= 0 ? x_of (self, self->position) : 0;
  guint n = self->peaks->len;
  double preview_x = x_of (self, self->preview_start);

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text);
  text.alpha *= 0.45f;
  band = marker;
  band.alpha = 0.14f;

  /* The preview's band and its marker, behind the waveform. */
  if (self->duration > 0)
    {
      double end_x = x_of (self, MIN (self->preview_start + TM_PREVIEW_SECONDS, self->duration));

      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (preview_x, 0, end_x - preview_x, height));
    }

  for (int x = 0; x < width; x++)
    {
      float value = 0.02f;

      if (n > 0)
        {
          guint from = (guint) ((double) x / width * n);
          guint to = MAX (from + 1, (guint) ((double) (x + 1) / width * n));

          for (guint i = from; i < MIN (to, n); i++)
            value = MAX (value, g_array_index (self->peaks, float, i));
        }
      value = MIN (value, 1.0f) * (middle - 2);
      gtk_snapshot_append_color (snapshot, x < played ? &accent : &text,
                                 &GRAPHENE_RECT_INIT (x, middle - value, 1, MAX (2 * value, 1)));
    }

  if (self->duration > 0)
    {
      gtk_snapshot_append_color (snapshot, &marker,
                                 &GRAPHENE_RECT_INIT (preview_x - 1, 0, 2, height));
      gtk_snapshot_append_color (snapshot, &marker,
                                 &GRAPHENE_RECT_INIT (preview_x - 5, 0, 10, 6));
    }
  if (self->position >= 0)
    gtk_snapshot_append_color (snapshot, &accent,
                               &GRAPHENE_RECT_INIT (played - 1, 0, 2, height));
}

static void
tm_seek_bar_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 40;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 48;
}

static void
move_marker (TmSeekBar *self,
             double     seconds)
{
  double latest = MAX (0, self->duration - 1);

  tm_seek_bar_set_preview_start (self, CLAMP (round (seconds), 0, latest));
}

static void
drag_begin_cb (TmSeekBar *self,
               double     x,
               double     y)
{
  self->drag_from = x;
  self->dragging_marker = self->duration > 0
                          && fabs (x - x_of (self, self->preview_start)) <= HANDLE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!self->dragging_marker && self->duration > 0)
    g_signal_emit (self, signals[SEEK], 0, seconds_at (self, x));
}

static void
drag_update_cb (TmSeekBar *self,
                double     dx,
                double     dy)
{
  double seconds = seconds_at (self, self->drag_from + dx);

  if (self->dragging_marker)
    move_marker (self, seconds);
  else if (self->duration > 0)
    g_signal_emit (self, signals[SEEK], 0, seconds);
}

static void
drag_end_cb (TmSeekBar *self)
{
  if (self->dragging_marker)
    g_signal_emit (self, signals[PREVIEW_MOVED], 0, self->preview_start);
  self->dragging_marker = FALSE;
}

/**
 * tm_seek_bar_drag:
 *
 * What a pointer dragging from @from_x to @to_x does, for tests and for the
 * keyboard's path to the same code.
 */
void
tm_seek_bar_drag (TmSeekBar *self,
                  double     from_x,
                  double     to_x)
{
  g_return_if_fail (TM_IS_SEEK_BAR (self));

  drag_begin_cb (self, from_x, 0);
  drag_update_cb (self, to_x - from_x, 0);
  drag_end_cb (self);
}

static gboolean
key_pressed_cb (TmSeekBar       *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  gboolean marker = (state & GDK_ALT_MASK) != 0;
  double from = marker ? self->preview_start : MAX (self->position, 0), to;

  if (self->duration <= 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: to = from - 5; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: to = from + 5; break;
    case GDK_KEY_Home: to = 0; break;
    case GDK_KEY_End: to = self->duration; break;
    default: return FALSE;
    }
  if (marker)
    {
      move_marker (self, to);
      g_signal_emit (self, signals[PREVIEW_MOVED], 0, self->preview_start);
    }
  else
    g_signal_emit (self, signals[SEEK], 0, CLAMP (to, 0, self->duration));
  return TRUE;
}

static void
tm_seek_bar_finalize (GObject *object)
{
  TmSeekBar *self = TM_SEEK_BAR (object);

  g_array_unref (self->peaks);

  G_OBJECT_CLASS (tm_seek_bar_parent_class)->finalize (object);
}

static void
tm_seek_bar_class_init (TmSeekBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tm_seek_bar_finalize;
  widget_class->snapshot = tm_seek_bar_snapshot;
  widget_class->measure = tm_seek_bar_measure;

  /* Seconds the listener asked to go to. */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  /* The preview's start, moved and let go. */
  signals[PREVIEW_MOVED] = g_signal_new ("preview-moved", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "seek-bar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
tm_seek_bar_init (TmSeekBar *self)
{
  self->peaks = g_array_new (FALSE, FALSE, sizeof (float));
  self->position = -1;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  tm_widget_add_drag_and_keys (GTK_WIDGET (self), G_CALLBACK (drag_begin_cb),
                               G_CALLBACK (drag_update_cb), G_CALLBACK (drag_end_cb),
                               G_CALLBACK (key_pressed_cb));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Position in the track; Alt with the arrow keys moves the "
                                    "store preview"), -1);
}

GtkWidget *
tm_seek_bar_new (void)
{
  return g_object_new (TM_TYPE_SEEK_BAR, NULL);
}

void
tm_seek_bar_set_overview (TmSeekBar   *self,
                          const float *peaks,
                          guint        n)
{
  g_return_if_fail (TM_IS_SEEK_BAR (self));

  g_array_set_size (self->peaks, 0);
  if (peaks != NULL)
    g_array_append_vals (self->peaks, peaks, n);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tm_seek_bar_set_duration (TmSeekBar *self,
                          double     seconds)
{
  g_return_if_fail (TM_IS_SEEK_BAR (self));

  self->duration = isfinite (seconds) && seconds > 0 ? seconds : 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->duration, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
tm_seek_bar_get_duration (TmSeekBar *self)
{
  g_return_val_if_fail (TM_IS_SEEK_BAR (self), 0);

  return self->duration;
}

void
tm_seek_bar_set_position (TmSeekBar *self,
                          double     seconds)
{
  g_return_if_fail (TM_IS_SEEK_BAR (self));

  if (self->position == seconds)
    return;
  self->position = seconds;
  if (seconds >= 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                    seconds, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
tm_seek_bar_get_position (TmSeekBar *self)
{
  g_return_val_if_fail (TM_IS_SEEK_BAR (self), -1);

  return self->position;
}

void
tm_seek_bar_set_preview_start (TmSeekBar *self,
                               double     seconds)
{
  g_return_if_fail (TM_IS_SEEK_BAR (self));

  self->preview_start = isfinite (seconds) && seconds > 0 ? seconds : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
tm_seek_bar_get_preview_start (TmSeekBar *self)
{
  g_return_val_if_fail (TM_IS_SEEK_BAR (self), 0);

  return self->preview_start;
}
