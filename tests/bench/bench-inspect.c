/* bench-inspect.c: the analyser beside FFmpeg's ebur128 and beside decoding alone
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "bench-common.h"
#include "tm-audio-analyzer.h"
#include "tm-test-utils.h"

#define RUNS 3

static void
run (const char *command)
{
  int status = 0;

  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed", command);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* The same pipeline as the analyser, pulling and dropping the samples. */
static double
decode_only (const char *path)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! "
                                                  "audioconvert ! audio/x-raw,format=F32LE,"
                                                  "layout=interleaved ! appsink name=sink "
                                                  "sync=false max-buffers=64", path);
  GstElement *pipeline = gst_parse_launch (description, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gint64 start = g_get_monotonic_time ();
  GstSample *sample;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    gst_sample_unref (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return seconds_since (start);
}

static double
ours (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TmAudioReport) report = tm_audio_analyze_sync (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return seconds_since (start);
}

static double
ffmpeg (const char *path)
{
  g_autofree char *command = g_strdup_printf ("ffmpeg -nostats -hide_banner -loglevel error -i "
                                              "\"%s\" -af ebur128=peak=true -f null -", path);
  gint64 start = g_get_monotonic_time ();

  run (command);
  return seconds_since (start);
}

static void
compare (const char *label,
         const char *path)
{
  double a[RUNS], f[RUNS], d[RUNS];
  double mine, theirs, decoding;

  for (guint i = 0; i < RUNS; i++)
    {
      a[i] = ours (path);
      f[i] = ffmpeg (path);
      d[i] = decode_only (path);
    }
  mine = bench_median (a, RUNS);
  theirs = bench_median (f, RUNS);
  decoding = bench_median (d, RUNS);

  g_print ("%s\n", label);
  g_print ("  TuneMantra full analysis:             %6.2f s\n", mine);
  g_print ("  ffmpeg -af ebur128=peak=true:         %6.2f s   (%.1fx ours; goal >= 4x)\n",
           theirs, theirs / mine);
  g_print ("  GStreamer decoding alone:             %6.2f s   (ours is %.2fx it; goal <= 3x)\n",
           decoding, mine / decoding);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *wav = g_build_filename (dir, "ten-minutes-48k-24.wav", NULL);
  g_autofree char *flac = g_build_filename (dir, "ten-minutes-44k-16.flac", NULL);
  g_autofree char *command = NULL;
  g_autoptr(GPtrArray) album = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) results = NULL;
  double sum = 0, parallel;
  gint64 start;

  gst_init (&argc, &argv);

  command = g_strdup_printf ("sox -r 48000 -c 2 -n -b 24 -D -t wavpcm %s synth 600 pinknoise "
                             "tremolo 0.5 60 gain -12", wav);
  run (command);
  g_free (command);
  command = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth 600 brownnoise "
                             "sine 220-880 tremolo 3 40 gain -10", flac);
  run (command);

  g_print ("processors: %u\n", g_get_num_processors ());
  compare ("10 min, 48 kHz / 24-bit stereo WAV", wav);
  compare ("10 min, 44.1 kHz / 16-bit stereo FLAC", flac);

  for (int i = 0; i < 12; i++)
    {
      char *path = g_strdup_printf ("%s/%02d.flac", dir, i + 1);

      g_free (command);
      command = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth %d pinknoise gain -%d", path,
                                 200 + 5 * i, 12 + i % 5);
      run (command);
      sum += ours (path);
      g_ptr_array_add (album, path);
    }
  g_ptr_array_add (album, NULL);

  start = g_get_monotonic_time ();
  results = tm_audio_analyze_files ((const char * const *) album->pdata, NULL, NULL, NULL);
  parallel = seconds_since (start);
  g_print ("12-track album (44.1 kHz / 16-bit FLAC, about 45 min)\n");
  g_print ("  one after the other: %6.2f s; in parallel: %6.2f s (%.2fx faster)\n", sum, parallel,
           sum / parallel);

  tm_test_remove_tree (dir);
  return 0;
}
