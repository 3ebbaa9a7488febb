/* tm-player.c: listening to a release, track after track, as a platform plays it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One playbin, in GStreamer's own threads; this object lives in the main
 * thread and hears the pipeline through its bus.
 *
 * Gapless: when a track is about to end, playbin asks for the next one from its
 * streaming thread ("about-to-finish"), and gets it at once, so the two join
 * with no gap where the files allow; the track that plays is known when its
 * stream starts (a STREAM_START message), and its gain is applied then.
 *
 * Gain: each track of the queue has one, in dB (a platform's normalisation, or
 * 0 for the original); it is applied by playbin's volume, at once and without
 * restarting playback. GStreamer's volume goes to +20 dB (10×).
 *
 * Nothing but regular files is played: a FIFO would block the pipeline. */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "tm-player.h"

struct _TmPlayer
{
  GObject         parent_instance;

  GstElement     *playbin;
  guint           bus_watch;
  GPtrArray      *paths;         /* char *, the queue */
  GArray         *gains;         /* double dB, one per item */
  int             index;         /* what plays, -1 for nothing */
  TmPlayerState   state;
  char           *error;

  GMutex          lock;          /* for what the streaming thread reads and sets */
  int             queued;        /* the item last given to playbin */
  char          **uris;          /* one per item, NULL for one that is not a regular file */
  guint           n_uris;
};

G_DEFINE_FINAL_TYPE (TmPlayer, tm_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_INDEX,
  PROP_DURATION,
  PROP_GAIN,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
gain_of (TmPlayer *self,
         int       index)
{
  return index >= 0 && (guint) index < self->gains->len
         ? g_array_index (self->gains, double, index) : 0;
}

static void
apply_gain (TmPlayer *self)
{
  double gain = gain_of (self, self->index);

  g_object_set (self->playbin, "volume", CLAMP (pow (10.0, gain / 20.0), 0.0, 10.0), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GAIN]);
}

static void
set_state (TmPlayer      *self,
           TmPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_index (TmPlayer *self,
           int       index)
{
  if (self->index == index)
    return;
  self->index = index;
  apply_gain (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/* In a streaming thread: the next playable item, at once. */
static void
about_to_finish_cb (GstElement *playbin,
                    TmPlayer   *self)
{
  g_mutex_lock (&self->lock);
  for (int next = self->queued + 1; next < (int) self->n_uris; next++)
    if (self->uris[next] != NULL)
      {
        g_object_set (playbin, "uri", self->uris[next], NULL);
        self->queued = next;
        break;
      }
  g_mutex_unlock (&self->lock);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  TmPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_STREAM_START:
      {
        int queued;

        g_mutex_lock (&self->lock);
        queued = self->queued;
        g_mutex_unlock (&self->lock);
        set_index (self, queued);
      }
      break;

    case GST_MESSAGE_EOS:
      gst_element_set_state (self->playbin, GST_STATE_READY);
      set_state (self, TM_PLAYER_STOPPED);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        const char *path = self->index >= 0 && (guint) self->index < self->paths->len
                           ? g_ptr_array_index (self->paths, self->index) : "";

        gst_message_parse_error (message, &error, NULL);
        g_free (self->error);
        self->error = g_strdup_printf (_("%s could not be played: %s"), path, error->message);
        gst_element_set_state (self->playbin, GST_STATE_READY);
        set_state (self, TM_PLAYER_STOPPED);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      }
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->playbin))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            set_state (self, TM_PLAYER_PLAYING);
          else if (new_state == GST_STATE_PAUSED && self->state != TM_PLAYER_STOPPED)
            set_state (self, TM_PLAYER_PAUSED);
        }
      break;

    case GST_MESSAGE_DURATION_CHANGED:
    case GST_MESSAGE_ASYNC_DONE:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
clear_uris (TmPlayer *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->n_uris; i++)
    g_free (self->uris[i]);
  g_clear_pointer (&self->uris, g_free);
  self->n_uris = 0;
  self->queued = -1;
  g_mutex_unlock (&self->lock);
}

static void
tm_player_dispose (GObject *object)
{
  TmPlayer *self = TM_PLAYER (object);

  if (self->playbin != NULL)
    {
      /* The streaming threads stop before anything they read goes. */
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      g_signal_handlers_disconnect_by_data (self->playbin, self);
    }
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_pointer (&self->playbin, gst_object_unref);

  G_OBJECT_CLASS (tm_player_parent_class)->dispose (object);
}

static void
tm_player_finalize (GObject *object)
{
  TmPlayer *self = TM_PLAYER (object);

  clear_uris (self);
  g_mutex_clear (&self->lock);
  g_ptr_array_unref (self->paths);
  g_array_unref (self->gains);
  g_free (self->error);

  G_OBJECT_CLASS (tm_player_parent_class)->finalize (object);
}

static void
tm_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TmPlayer *self = TM_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_INDEX:
      g_value_set_int (value, self->index);
      break;
    case PROP_DURATION:
      g_value_set_double (value, tm_player_get_duration (self));
      break;
    case PROP_GAIN:
      g_value_set_double (value, tm_player_get_gain (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_player_class_init (TmPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tm_player_dispose;
  object_class->finalize = tm_player_finalize;
  object_class->get_property = tm_player_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TM_PLAYER_STOPPED, TM_PLAYER_PAUSED, TM_PLAYER_STOPPED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] =
    g_param_spec_int ("index", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GAIN] =
    g_param_spec_double ("gain", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_player_init (TmPlayer *self)
{
  g_mutex_init (&self->lock);
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->gains = g_array_new (FALSE, TRUE, sizeof (double));
  self->index = -1;
  self->queued = -1;
}

/**
 * tm_player_new:
 * @audio_sink: (nullable): a GStreamer description of where the sound goes
 *   ("fakesink sync=true" in tests); the system's output when %NULL
 *
 * Returns: (transfer full): a player, or one that says why it cannot play
 *   (tm_player_get_error()) when GStreamer's playbin is missing
 */
TmPlayer *
tm_player_new (const char *audio_sink)
{
  TmPlayer *self = g_object_new (TM_TYPE_PLAYER, NULL);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (!gst_init_check (NULL, NULL, &error)
      || !(self->playbin = gst_element_factory_make ("playbin", NULL)))
    {
      self->error = g_strdup (_("Audio cannot be played: GStreamer’s playbin is missing "
                                "(install gstreamer1.0-plugins-base)."));
      return self;
    }
  gst_object_ref_sink (self->playbin);

  if (audio_sink != NULL)
    {
      GstElement *sink = gst_parse_bin_from_description (audio_sink, TRUE, &error);

      if (sink == NULL)
        sink = gst_parse_launch (audio_sink, NULL);
      if (sink != NULL)
        g_object_set (self->playbin, "audio-sink", sink, NULL);
    }
  /* Audio only (no video or subtitles, even from a cover embedded as a stream),
   * and the gain applied to the samples by GStreamer, not left to a sound
   * server's stream volume, so it is exact on every output. */
  g_object_set (self->playbin, "flags", 0x2 /* GST_PLAY_FLAG_AUDIO */
                                        | 0x10 /* GST_PLAY_FLAG_SOFT_VOLUME */, NULL);
  g_signal_connect (self->playbin, "about-to-finish", G_CALLBACK (about_to_finish_cb), self);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return self;
}

/**
 * tm_player_set_queue:
 * @paths: (array zero-terminated=1): the tracks, in the order they play
 *
 * Stops what plays. Gains are reset to 0 dB.
 */
void
tm_player_set_queue (TmPlayer           *self,
                     const char * const *paths)
{
  guint n;

  g_return_if_fail (TM_IS_PLAYER (self));

  tm_player_stop (self);
  g_ptr_array_set_size (self->paths, 0);
  clear_uris (self);
  n = paths != NULL ? g_strv_length ((char **) paths) : 0;

  g_mutex_lock (&self->lock);
  self->uris = g_new0 (char *, MAX (n, 1));
  self->n_uris = n;
  for (guint i = 0; i < n; i++)
    {
      GStatBuf st;

      g_ptr_array_add (self->paths, g_strdup (paths[i]));
      if (g_stat (paths[i], &st) == 0 && S_ISREG (st.st_mode))
        self->uris[i] = g_filename_to_uri (paths[i], NULL, NULL);
    }
  g_mutex_unlock (&self->lock);

  g_array_set_size (self->gains, 0);
  g_array_set_size (self->gains, n);
  set_index (self, -1);
}

guint
tm_player_get_n_items (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), 0);

  return self->paths->len;
}

/**
 * tm_player_set_gains:
 * @gains_db: (array length=n): one per item of the queue
 *
 * Applied at once to what plays, without a break.
 */
void
tm_player_set_gains (TmPlayer     *self,
                     const double *gains_db,
                     guint         n)
{
  g_return_if_fail (TM_IS_PLAYER (self));

  for (guint i = 0; i < self->gains->len; i++)
    g_array_index (self->gains, double, i) = i < n && isfinite (gains_db[i]) ? gains_db[i] : 0;
  if (self->playbin != NULL)
    apply_gain (self);
}

/* The gain of what plays, in dB. */
double
tm_player_get_gain (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), 0);

  return gain_of (self, self->index);
}

/* The gain applied, as playbin has it (linear). */
double
tm_player_get_volume (TmPlayer *self)
{
  double volume = 1;

  g_return_val_if_fail (TM_IS_PLAYER (self), 1);

  if (self->playbin != NULL)
    g_object_get (self->playbin, "volume", &volume, NULL);
  return volume;
}

gboolean
tm_player_play_index (TmPlayer  *self,
                      guint      index,
                      GError   **error)
{
  const char *uri;

  g_return_val_if_fail (TM_IS_PLAYER (self), FALSE);

  if (self->playbin == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, self->error);
      return FALSE;
    }
  if (index >= self->paths->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is no track %u to play."), index + 1);
      return FALSE;
    }

  gst_element_set_state (self->playbin, GST_STATE_READY);
  g_mutex_lock (&self->lock);
  uri = self->uris[index];
  if (uri != NULL)
    {
      g_object_set (self->playbin, "uri", uri, NULL);
      self->queued = index;
    }
  g_mutex_unlock (&self->lock);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s cannot be played: it is not a regular file (or is gone). Replace the "
                     "track’s audio."), (char *) g_ptr_array_index (self->paths, index));
      return FALSE;
    }

  g_clear_pointer (&self->error, g_free);
  set_index (self, index);
  apply_gain (self);
  gst_element_set_state (self->playbin, GST_STATE_PLAYING);
  set_state (self, TM_PLAYER_PLAYING);
  return TRUE;
}

void
tm_player_play (TmPlayer *self)
{
  g_return_if_fail (TM_IS_PLAYER (self));

  if (self->playbin == NULL)
    return;
  if (self->state == TM_PLAYER_STOPPED)
    tm_player_play_index (self, MAX (self->index, 0), NULL);
  else
    {
      gst_element_set_state (self->playbin, GST_STATE_PLAYING);
      set_state (self, TM_PLAYER_PLAYING);
    }
}

void
tm_player_pause (TmPlayer *self)
{
  g_return_if_fail (TM_IS_PLAYER (self));

  if (self->playbin == NULL || self->state != TM_PLAYER_PLAYING)
    return;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  set_state (self, TM_PLAYER_PAUSED);
}

void
tm_player_toggle (TmPlayer *self)
{
  g_return_if_fail (TM_IS_PLAYER (self));

  if (self->state == TM_PLAYER_PLAYING)
    tm_player_pause (self);
  else
    tm_player_play (self);
}

void
tm_player_stop (TmPlayer *self)
{
  g_return_if_fail (TM_IS_PLAYER (self));

  if (self->playbin == NULL)
    return;
  gst_element_set_state (self->playbin, GST_STATE_READY);
  set_state (self, TM_PLAYER_STOPPED);
}

/* To @seconds into the track that plays (or is paused). */
gboolean
tm_player_seek (TmPlayer *self,
                double    seconds)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), FALSE);

  if (self->playbin == NULL || self->state == TM_PLAYER_STOPPED || !(seconds >= 0))
    return FALSE;
  return gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                                  GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                  (gint64) (seconds * GST_SECOND));
}

/* Seconds into the track, or -1 when nothing plays. */
double
tm_player_get_position (TmPlayer *self)
{
  gint64 position = -1;

  g_return_val_if_fail (TM_IS_PLAYER (self), -1);

  if (self->playbin == NULL || self->state == TM_PLAYER_STOPPED
      || !gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position)
      || position < 0)
    return -1;
  return (double) position / GST_SECOND;
}

double
tm_player_get_duration (TmPlayer *self)
{
  gint64 duration = -1;

  g_return_val_if_fail (TM_IS_PLAYER (self), -1);

  if (self->playbin == NULL || self->state == TM_PLAYER_STOPPED
      || !gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration)
      || duration < 0)
    return -1;
  return (double) duration / GST_SECOND;
}

int
tm_player_get_index (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), -1);

  return self->index;
}

TmPlayerState
tm_player_get_state (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), TM_PLAYER_STOPPED);

  return self->state;
}

/* Why the last track stopped with an error, or why nothing can play. */
const char *
tm_player_get_error (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), NULL);

  return self->error;
}

/**
 * tm_player_get_playbin:
 *
 * Returns: (transfer none) (nullable): the GstElement that plays, for tests
 */
gpointer
tm_player_get_playbin (TmPlayer *self)
{
  g_return_val_if_fail (TM_IS_PLAYER (self), NULL);

  return self->playbin;
}
