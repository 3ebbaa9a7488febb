/* tm-track-item.c: a track as the table shows it, with what its audio measures
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The row's model: the catalog's track (the same object the track list keeps
 * up to date), the report of its audio once measured, and how far the
 * measurement is while it runs. Cells bind to these properties in the
 * table's template. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-track-item.h"

struct _TmTrackItem
{
  GObject   parent_instance;

  TmTrack  *track;
  TmReport *report;
  double    progress;      /* -1: not being measured */
};

G_DEFINE_FINAL_TYPE (TmTrackItem, tm_track_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACK,
  PROP_REPORT,
  PROP_PROGRESS,
  PROP_ANALYSING,
  PROP_SOUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "−14.2 LUFS · −1.0 dBTP", "No audio", or nothing yet. */
static char *
sound_text (TmTrackItem *self)
{
  const TmAudioReport *audio = tm_report_get_audio (self->report);

  if (tm_track_get_audio_path (self->track) == NULL)
    return g_strdup (_("No audio"));
  if (audio != NULL && isfinite (audio->integrated_lufs) && isfinite (audio->true_peak_dbtp))
    return g_strdup_printf (_("%.1f LUFS · %+.1f dBTP"), audio->integrated_lufs,
                            audio->true_peak_dbtp);
  if (self->report != NULL && tm_report_get_message (self->report) != NULL)
    return g_strdup (_("Not measured"));
  return g_strdup ("");
}

static void
audio_changed_cb (TmTrackItem *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND]);
}

static void
tm_track_item_dispose (GObject *object)
{
  TmTrackItem *self = TM_TRACK_ITEM (object);

  g_clear_object (&self->track);
  g_clear_pointer (&self->report, tm_report_unref);

  G_OBJECT_CLASS (tm_track_item_parent_class)->dispose (object);
}

static void
tm_track_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TmTrackItem *self = TM_TRACK_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;
    case PROP_REPORT:
      g_value_set_boxed (value, self->report);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_ANALYSING:
      g_value_set_boolean (value, self->progress >= 0 && self->report == NULL);
      break;
    case PROP_SOUND:
      g_value_take_string (value, sound_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_item_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TmTrackItem *self = TM_TRACK_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      self->track = g_value_dup_object (value);
      g_signal_connect_object (self->track, "notify::audio-path", G_CALLBACK (audio_changed_cb),
                               self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_item_class_init (TmTrackItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tm_track_item_dispose;
  object_class->get_property = tm_track_item_get_property;
  object_class->set_property = tm_track_item_set_property;

  properties[PROP_TRACK] =
    g_param_spec_object ("track", NULL, NULL, TM_TYPE_TRACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL, TM_TYPE_REPORT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether its audio is being measured now. */
  properties[PROP_ANALYSING] =
    g_param_spec_boolean ("analysing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Its loudness and true peak, in words. */
  properties[PROP_SOUND] =
    g_param_spec_string ("sound", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_track_item_init (TmTrackItem *self)
{
  self->progress = -1;
}

TmTrackItem *
tm_track_item_new (TmTrack *track)
{
  return g_object_new (TM_TYPE_TRACK_ITEM, "track", track, NULL);
}

TmTrack *
tm_track_item_get_track (TmTrackItem *self)
{
  g_return_val_if_fail (TM_IS_TRACK_ITEM (self), NULL);

  return self->track;
}

TmReport *
tm_track_item_get_report (TmTrackItem *self)
{
  g_return_val_if_fail (TM_IS_TRACK_ITEM (self), NULL);

  return self->report;
}

/**
 * tm_track_item_set_report:
 * @report: (nullable): the report of the track's audio file
 */
void
tm_track_item_set_report (TmTrackItem *self,
                          TmReport    *report)
{
  g_return_if_fail (TM_IS_TRACK_ITEM (self));

  if (self->report == report)
    return;
  g_clear_pointer (&self->report, tm_report_unref);
  self->report = report != NULL ? tm_report_ref (report) : NULL;
  if (report != NULL)
    self->progress = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND]);
}

/**
 * tm_track_item_set_progress:
 * @fraction: how much of the audio is measured, from 0 to 1
 */
void
tm_track_item_set_progress (TmTrackItem *self,
                            double       fraction)
{
  g_return_if_fail (TM_IS_TRACK_ITEM (self));

  fraction = CLAMP (fraction, 0, 1);
  if (self->progress == fraction)
    return;
  self->progress = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSING]);
}

double
tm_track_item_get_progress (TmTrackItem *self)
{
  g_return_val_if_fail (TM_IS_TRACK_ITEM (self), -1);

  return self->progress;
}

/**
 * tm_track_item_get_measured:
 *
 * Returns: whether its audio has a loudness measured
 */
gboolean
tm_track_item_get_measured (TmTrackItem *self)
{
  const TmAudioReport *audio;

  g_return_val_if_fail (TM_IS_TRACK_ITEM (self), FALSE);

  audio = tm_report_get_audio (self->report);
  return audio != NULL && isfinite (audio->integrated_lufs);
}
