/* test-player.c: playback through a real GStreamer pipeline, to a fake sink
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "tm-player.h"
#include "tm-test-utils.h"

/* What reaches the sink: the loudness of the last buffers, and the joins
 * between streams in running time. */
typedef struct
{
  GMutex      lock;
  GstSegment  segment;
  gboolean    have_segment;
  double      rms;             /* of the last buffer */
  GstClockTime last_end;       /* running time where the last buffer ended */
  gboolean    new_stream;
  GArray     *gaps;            /* double seconds, one per join */
  guint       buffers;
} Tap;

static GstPadProbeReturn
tap_cb (GstPad          *pad,
        GstPadProbeInfo *info,
        gpointer         data)
{
  Tap *tap = data;

  g_mutex_lock (&tap->lock);
  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          gst_event_copy_segment (event, &tap->segment);
          tap->have_segment = TRUE;
        }
      else if (GST_EVENT_TYPE (event) == GST_EVENT_STREAM_START)
        tap->new_stream = TRUE;
      else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
        tap->last_end = GST_CLOCK_TIME_NONE;
    }
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      GstStructure *s = caps != NULL ? gst_caps_get_structure (caps, 0) : NULL;
      const char *format = s != NULL ? gst_structure_get_string (s, "format") : NULL;
      GstMapInfo map;
      GstClockTime start = GST_BUFFER_PTS (buffer), duration = GST_BUFFER_DURATION (buffer);

      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          double sum = 0;
          gsize n = 0;

          if (g_strcmp0 (format, "S16LE") == 0)
            for (n = 0; n < map.size / 2; n++)
              {
                double v = ((gint16 *) map.data)[n] / 32768.0;
                sum += v * v;
              }
          else if (g_strcmp0 (format, "F32LE") == 0)
            for (n = 0; n < map.size / 4; n++)
              {
                double v = ((float *) map.data)[n];
                sum += v * v;
              }
          if (n > 0)
            tap->rms = sqrt (sum / n);
          gst_buffer_unmap (buffer, &map);
        }

      if (tap->have_segment && GST_CLOCK_TIME_IS_VALID (start))
        {
          GstClockTime running = gst_segment_to_running_time (&tap->segment, GST_FORMAT_TIME,
                                                              start);

          if (tap->new_stream && GST_CLOCK_TIME_IS_VALID (tap->last_end) && tap->buffers > 0)
            {
              double gap = ((double) running - (double) tap->last_end) / GST_SECOND;

              g_array_append_val (tap->gaps, gap);
            }
          tap->new_stream = FALSE;
          if (GST_CLOCK_TIME_IS_VALID (duration))
            tap->last_end = running + duration;
        }
      tap->buffers++;
    }
  g_mutex_unlock (&tap->lock);
  return GST_PAD_PROBE_OK;
}

static void
tap_attach (Tap      *tap,
            TmPlayer *player)
{
  GstElement *playbin = tm_player_get_playbin (player);
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;

  g_mutex_init (&tap->lock);
  tap->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  tap->last_end = GST_CLOCK_TIME_NONE;
  g_object_get (playbin, "audio-sink", &bin, NULL);
  g_assert_nonnull (bin);
  sink = gst_bin_get_by_name (GST_BIN (bin), "out");
  g_assert_nonnull (sink);
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM
                          | GST_PAD_PROBE_TYPE_EVENT_FLUSH, tap_cb, tap, NULL);
}

static void
tap_clear (Tap *tap)
{
  g_mutex_clear (&tap->lock);
  g_array_unref (tap->gaps);
}

static double
tap_rms (Tap *tap)
{
  double rms;

  g_mutex_lock (&tap->lock);
  rms = tap->rms;
  g_mutex_unlock (&tap->lock);
  return rms;
}

/* Runs the main loop (where the player hears its bus) for @ms. */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
spin_until (gboolean (*condition) (gpointer),
            gpointer  data,
            guint     ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
is_playing (gpointer data)
{
  return tm_player_get_state (data) == TM_PLAYER_PLAYING && tm_player_get_position (data) > 0.05;
}

static gboolean
is_stopped (gpointer data)
{
  return tm_player_get_state (data) == TM_PLAYER_STOPPED;
}

static char **
make_tracks (const char *dir,
             guint       n,
             double      seconds)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **paths;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *command = g_strdup_printf ("sox -n -r 44100 -b 16 -c 2 '%s' synth %g "
                                                  "sine %u gain -12", path, seconds, 330 + 110 * i);

      tm_test_run_shell (command);
      g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return paths;
}

/* Play, pause, seek, and the gain of a platform applied while it plays. */
static void
test_play_seek_gain (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_auto(GStrv) paths = make_tracks (dir, 2, 4.0);
  g_autoptr(TmPlayer) player = tm_player_new ("fakesink name=out sync=true");
  g_autoptr(GError) error = NULL;
  const double gains[] = { -6.0, 3.0 };
  double before, after, position;
  Tap tap = { 0 };

  g_assert_null (tm_player_get_error (player));
  tap_attach (&tap, player);
  tm_player_set_queue (player, (const char * const *) paths);
  g_assert_cmpuint (tm_player_get_n_items (player), ==, 2);

  /* It plays, and the position moves on. */
  g_assert_true (tm_player_play_index (player, 0, &error));
  g_assert_no_error (error);
  g_assert_true (spin_until (is_playing, player, 5000));
  g_assert_cmpint (tm_player_get_index (player), ==, 0);
  spin (400);
  position = tm_player_get_position (player);
  g_assert_cmpfloat (position, >, 0.2);
  g_assert_cmpfloat_with_epsilon (tm_player_get_duration (player), 4.0, 0.05);

  /* A seek lands where it was asked. */
  g_assert_true (tm_player_seek (player, 2.5));
  spin (100);
  position = tm_player_get_position (player);
  g_assert_cmpfloat (position, >=, 2.45);
  g_assert_cmpfloat (position, <, 2.9);

  /* Spotify's −6 dB: applied at once, to the dB, without a restart. */
  before = tap_rms (&tap);
  g_assert_cmpfloat (before, >, 0.01);
  tm_player_set_gains (player, gains, 2);
  spin (300);
  after = tap_rms (&tap);
  g_test_message ("gain: %.3f dB measured", 20 * log10 (after / before));
  g_assert_cmpfloat (fabs (20 * log10 (after / before) - (-6.0)), <, 0.1);
  g_assert_cmpfloat_with_epsilon (20 * log10 (tm_player_get_volume (player)), -6.0, 0.01);
  g_assert_cmpfloat (tm_player_get_position (player), >, position);
  g_assert_cmpint (tm_player_get_index (player), ==, 0);

  /* Pause holds the position; play goes on from it. */
  tm_player_pause (player);
  spin (100);
  position = tm_player_get_position (player);
  spin (300);
  g_assert_cmpfloat_with_epsilon (tm_player_get_position (player), position, 0.02);
  g_assert_cmpint (tm_player_get_state (player), ==, TM_PLAYER_PAUSED);
  tm_player_toggle (player);
  g_assert_true (spin_until (is_playing, player, 5000));

  /* The next track has its own gain (+3 dB). */
  g_assert_true (tm_player_play_index (player, 1, NULL));
  g_assert_true (spin_until (is_playing, player, 5000));
  g_assert_cmpfloat_with_epsilon (20 * log10 (tm_player_get_volume (player)), 3.0, 0.01);

  tm_player_stop (player);
  g_assert_cmpfloat (tm_player_get_position (player), <, 0);
  tap_clear (&tap);
  tm_test_remove_tree (dir);
}

static gboolean
at_last_track_end (gpointer data)
{
  return tm_player_get_index (data) == 2 && tm_player_get_state (data) == TM_PLAYER_STOPPED;
}

/* An album plays track to track with no gap between them. */
static void
test_gapless (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_auto(GStrv) paths = make_tracks (dir, 3, 1.0);
  g_autoptr(TmPlayer) player = tm_player_new ("fakesink name=out sync=true");
  Tap tap = { 0 };

  tap_attach (&tap, player);
  tm_player_set_queue (player, (const char * const *) paths);
  g_assert_true (tm_player_play_index (player, 0, NULL));
  g_assert_true (spin_until (at_last_track_end, player, 15000));

  g_mutex_lock (&tap.lock);
  g_assert_cmpuint (tap.gaps->len, ==, 2);
  for (guint i = 0; i < tap.gaps->len; i++)
    {
      double gap = g_array_index (tap.gaps, double, i);

      g_test_message ("join %u: %.4f s", i + 1, gap);
      g_assert_cmpfloat (fabs (gap), <=, 0.020);
    }
  g_mutex_unlock (&tap.lock);
  tap_clear (&tap);
  tm_test_remove_tree (dir);
}

/* A FIFO is refused before it can block; a damaged file stops with its name. */
static void
test_bad_files (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.wav", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.wav", NULL);
  const char *paths[] = { fifo, damaged, NULL };
  g_autoptr(TmPlayer) player = tm_player_new ("fakesink name=out sync=true");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (damaged, "RIFF\x10\0\0\0WAVEnot audio at all", 28, NULL));
  tm_player_set_queue (player, paths);

  g_assert_false (tm_player_play_index (player, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "fifo.wav"));
  g_clear_error (&error);

  g_assert_true (tm_player_play_index (player, 1, &error));
  g_assert_true (spin_until (is_stopped, player, 10000));
  spin (100);
  g_assert_nonnull (tm_player_get_error (player));
  g_assert_nonnull (strstr (tm_player_get_error (player), "damaged.wav"));

  g_assert_false (tm_player_play_index (player, 7, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();
  gst_init (NULL, NULL);

  g_test_add_func ("/player/play-seek-gain", test_play_seek_gain);
  g_test_add_func ("/player/gapless", test_gapless);
  g_test_add_func ("/player/bad-files", test_bad_files);

  return g_test_run ();
}
