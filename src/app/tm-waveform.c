/* tm-waveform.c: a track's overview, with where it clips and peaks
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* About a thousand peak values, drawn as a mirrored outline in the text colour;
 * each clipping run a red line, the true peak an orange one when it is above
 * -1 dBTP. Positions come from the report in seconds, against its duration. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-waveform.h"

struct _TmWaveform
{
  GtkWidget  parent_instance;

  GArray    *peaks;        /* float, linear 0..1 */
  GArray    *clips;        /* double, fraction of the duration */
  double     peak_at;      /* fraction, or < 0 when the peak is not a problem */
};

G_DEFINE_FINAL_TYPE (TmWaveform, tm_waveform, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
append_rectangle (GtkSnapshot   *snapshot,
                  const GdkRGBA *color,
                  float          x,
                  float          y,
                  float          width,
                  float          height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
tm_waveform_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TmWaveform *self = TM_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color, clip = { 0.88f, 0.11f, 0.14f, 1.0f }, peak = { 0.90f, 0.50f, 0.0f, 1.0f };
  float middle = height / 2.0f;
  guint n = self->peaks->len;

  if (n == 0 || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  color.alpha *= 0.55f;

  /* One bar per pixel column: the loudest point it covers. */
  for (int x = 0; x < width; x++)
    {
      guint from = (guint) ((double) x / width * n);
      guint to = MAX (from + 1, (guint) ((double) (x + 1) / width * n));
      float value = 0;

      for (guint i = from; i < MIN (to, n); i++)
        value = MAX (value, g_array_index (self->peaks, float, i));
      value = MIN (value, 1.0f) * (middle - 1);
      append_rectangle (snapshot, &color, x, middle - value, 1, MAX (2 * value, 1));
    }

  for (guint i = 0; i < self->clips->len; i++)
    append_rectangle (snapshot, &clip, (float) (g_array_index (self->clips, double, i) * width),
                      0, 2, height);
  if (self->peak_at >= 0)
    append_rectangle (snapshot, &peak, (float) (self->peak_at * width), 0, 2, height);
}

static void
tm_waveform_finalize (GObject *object)
{
  TmWaveform *self = TM_WAVEFORM (object);

  g_array_unref (self->peaks);
  g_array_unref (self->clips);

  G_OBJECT_CLASS (tm_waveform_parent_class)->finalize (object);
}

static void
tm_waveform_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_REPORT:
      tm_waveform_set_report (TM_WAVEFORM (object), g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_waveform_class_init (TmWaveformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tm_waveform_finalize;
  object_class->set_property = tm_waveform_set_property;

  /* What is drawn: an audio report with its overview (bound in templates). */
  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL, TM_TYPE_REPORT,
                        G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = tm_waveform_snapshot;
  gtk_widget_class_set_css_name (widget_class, "waveform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tm_waveform_init (TmWaveform *self)
{
  self->peaks = g_array_new (FALSE, FALSE, sizeof (float));
  self->clips = g_array_new (FALSE, FALSE, sizeof (double));
  self->peak_at = -1;
  gtk_widget_set_size_request (GTK_WIDGET (self), 120, 32);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
tm_waveform_new (void)
{
  return g_object_new (TM_TYPE_WAVEFORM, NULL);
}

/**
 * tm_waveform_set_report:
 * @report: (nullable): an audio report, with its overview
 */
void
tm_waveform_set_report (TmWaveform     *self,
                        const TmReport *report)
{
  const TmAudioReport *audio = tm_report_get_audio (report);
  g_autofree char *description = NULL;

  g_return_if_fail (TM_IS_WAVEFORM (self));

  g_array_set_size (self->peaks, 0);
  g_array_set_size (self->clips, 0);
  self->peak_at = -1;

  if (audio != NULL && audio->overview_peak != NULL)
    g_array_append_vals (self->peaks, audio->overview_peak, audio->n_overview);

  if (audio != NULL && audio->duration_s > 0)
    {
      for (guint i = 0; audio->clip_positions_s != NULL && i < audio->clip_positions_s->len; i++)
        {
          double at = g_array_index (audio->clip_positions_s, double, i) / audio->duration_s;

          g_array_append_val (self->clips, at);
        }
      if (audio->true_peak_dbtp > -1.0 && isfinite (audio->true_peak_at_s))
        self->peak_at = audio->true_peak_at_s / audio->duration_s;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), self->peaks->len > 0);
  description = g_strdup_printf (_("Waveform; %u clipping marks"), self->clips->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
tm_waveform_get_n_points (TmWaveform *self)
{
  g_return_val_if_fail (TM_IS_WAVEFORM (self), 0);

  return self->peaks->len;
}

guint
tm_waveform_get_n_marks (TmWaveform *self)
{
  g_return_val_if_fail (TM_IS_WAVEFORM (self), 0);

  return self->clips->len + (self->peak_at >= 0 ? 1 : 0);
}
