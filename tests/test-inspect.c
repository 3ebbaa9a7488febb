/* test-inspect.c: the analyser against EBU Tech 3341/3342 and FFmpeg, and bad files
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tm-catalog-private.h"
#include "tm-inspector.h"
#include "tm-report-cache.h"
#include "tm-test-utils.h"

static char *signals;   /* the EBU signals, made once */

static void
run (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

static TmAudioReport *
analyze (const char *name)
{
  g_autofree char *path = g_build_filename (signals, name, NULL);
  g_autoptr(GError) error = NULL;
  TmAudioReport *report = tm_audio_analyze_sync (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return report;
}

#define ASSERT_NEAR(value, expected, below, above) G_STMT_START { \
    double _v = (value), _e = (expected); \
    if (!(_v >= _e - (below) && _v <= _e + (above))) \
      g_error ("%s: %.3f, expected %.2f (-%.2f/+%.2f)", #value, _v, _e, (double) (below), \
               (double) (above)); \
  } G_STMT_END

static void
test_ebu_integrated (void)
{
  const struct { const char *file; double lufs; } cases[] = {
    { "3341-01.wav", -23.0 }, { "3341-02.wav", -33.0 }, { "3341-03.wav", -23.0 },
    { "3341-04.wav", -23.0 }, { "3341-05.wav", -23.0 }, { "3341-06.wav", -23.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TmAudioReport) r = analyze (cases[i].file);

      g_test_message ("%s: I %.2f", cases[i].file, r->integrated_lufs);
      ASSERT_NEAR (r->integrated_lufs, cases[i].lufs, 0.1, 0.1);
    }

  /* Cases 1 and 2: momentary and short-term read the same. */
  {
    g_autoptr(TmAudioReport) r = analyze ("3341-01.wav");

    ASSERT_NEAR (r->max_momentary_lufs, -23.0, 0.1, 0.1);
    ASSERT_NEAR (r->max_short_term_lufs, -23.0, 0.1, 0.1);
    g_assert_cmpuint (r->channels, ==, 2);
    g_assert_cmpuint (r->sample_rate, ==, 48000);
    ASSERT_NEAR (r->duration_s, 20.0, 0.001, 0.001);
    g_assert_true (r->dual_mono);
  }
}

static void
test_ebu_short_term_and_momentary (void)
{
  g_autoptr(TmAudioReport) r9 = analyze ("3341-09.wav");
  g_autoptr(TmAudioReport) r12 = analyze ("3341-12.wav");

  ASSERT_NEAR (r9->max_short_term_lufs, -23.0, 0.1, 0.1);
  ASSERT_NEAR (r12->max_momentary_lufs, -23.0, 0.1, 0.1);

  /* File meters: the maximum in each of 20 files. */
  for (int i = 1; i <= 20; i++)
    {
      g_autofree char *s = g_strdup_printf ("3341-10-%02d.wav", i);
      g_autofree char *m = g_strdup_printf ("3341-13-%02d.wav", i);
      g_autoptr(TmAudioReport) rs = analyze (s);
      g_autoptr(TmAudioReport) rm = analyze (m);

      ASSERT_NEAR (rs->max_short_term_lufs, -23.0, 0.1, 0.1);
      ASSERT_NEAR (rm->max_momentary_lufs, -23.0, 0.1, 0.1);
    }
}

/* Live meters: the loudest value in each segment rises 1 LU at a time. */
static void
check_segments (const char *file,
                double      segment_s,
                gboolean    momentary)
{
  g_autoptr(TmAudioReport) r = analyze (file);
  double per_point = r->duration_s / r->n_overview;

  for (int i = 0; i < 20; i++)
    {
      float best = -INFINITY;

      /* Points wholly inside the segment (spans straddling a boundary are left out). */
      for (guint p = 0; p < r->n_overview; p++)
        {
          double start = p * per_point, end = start + per_point;
          float v = momentary ? r->overview_momentary[p] : r->overview_short_term[p];

          if (start >= i * segment_s && end <= (i + 1) * segment_s)
            best = MAX (best, v);
        }
      ASSERT_NEAR (best, -38.0 + i, 0.1, 0.1);
    }
}

static void
test_ebu_live_meters (void)
{
  check_segments ("3341-11.wav", 6.0, FALSE);
  check_segments ("3341-14.wav", 0.8, TRUE);
}

static void
test_ebu_true_peak (void)
{
  const struct { const char *file; double dbtp; } cases[] = {
    { "3341-15.wav", -6.0 }, { "3341-16.wav", -6.0 }, { "3341-17.wav", -6.0 },
    { "3341-18.wav", -6.0 }, { "3341-19.wav", 3.0 }, { "3341-20.wav", 0.0 },
    { "3341-21.wav", 0.0 }, { "3341-22.wav", 0.0 }, { "3341-23.wav", 0.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TmAudioReport) r = analyze (cases[i].file);

      g_test_message ("%s: TP %.2f, SP %.2f", cases[i].file, r->true_peak_dbtp,
                      r->sample_peak_dbfs);
      ASSERT_NEAR (r->true_peak_dbtp, cases[i].dbtp, 0.4, 0.2);
      g_assert_cmpfloat (r->true_peak_dbtp, >=, r->sample_peak_dbfs);
      g_assert_cmpfloat (r->true_peak_at_s, >, 0);
      g_assert_cmpfloat (r->true_peak_at_s, <, r->duration_s);
    }
}

static void
test_ebu_loudness_range (void)
{
  const struct { const char *file; double lu; } cases[] = {
    { "3342-1.wav", 10.0 }, { "3342-2.wav", 5.0 }, { "3342-3.wav", 20.0 }, { "3342-4.wav", 15.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TmAudioReport) r = analyze (cases[i].file);
      ASSERT_NEAR (r->loudness_range_lu, cases[i].lu, 1.0, 1.0);
    }
}

/* What FFmpeg's ebur128 filter reads: I, LRA and true peak. */
static void
ffmpeg_reads (const char *path,
              double     *i,
              double     *lra,
              double     *tp)
{
  g_autofree char *command = g_strdup_printf ("ffmpeg -nostats -hide_banner -i '%s' "
                                              "-af ebur128=peak=true -f null -", path);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *summary;
  char *p;

  g_spawn_command_line_sync (command, NULL, &err, NULL, &error);
  g_assert_no_error (error);
  summary = strstr (err, "Summary:");
  g_assert_nonnull (summary);
  g_assert_nonnull ((p = strstr (summary, "I:")));
  *i = g_ascii_strtod (p + 2, NULL);
  g_assert_nonnull ((p = strstr (summary, "LRA:")));
  *lra = g_ascii_strtod (p + 4, NULL);
  g_assert_nonnull ((p = strstr (summary, "True peak:")));
  g_assert_nonnull ((p = strstr (p, "Peak:")));
  *tp = g_ascii_strtod (p + 5, NULL);
}

static void
test_agrees_with_ffmpeg (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  /* sox FORMAT FILE EFFECTS */
  const struct { const char *name; const char *format; const char *effects; } signals_[] = {
    { "noise-48k-24.wav", "-r 48000 -c 2 -n -b 24 -D -t wavpcm", "synth 40 pinknoise gain -18" },
    { "music-44k-16.flac", "-r 44100 -c 2 -n -b 16",
      "synth 40 sine 110-880 sine 331 tremolo 2 80 gain -6" },
    { "mono-44k-16.wav", "-r 44100 -c 1 -n -b 16", "synth 30 brownnoise gain -12" },
    { "hot-96k-float.wav", "-r 96000 -c 2 -n -e floating-point -b 32",
      "synth 30 square 997 gain -1" },
    { "wide-192k-24.wav", "-r 192000 -c 2 -n -b 24", "synth 30 whitenoise tremolo 0.2 90 gain -20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (signals_); i++)
    {
      g_autofree char *path = g_build_filename (dir, signals_[i].name, NULL);
      g_autofree char *command = g_strdup_printf ("sox %s %s %s", signals_[i].format, path,
                                                  signals_[i].effects);
      g_autoptr(TmAudioReport) r = NULL;
      g_autoptr(GError) error = NULL;
      double fi, flra, ftp;

      run (command);
      r = tm_audio_analyze_sync (path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      ffmpeg_reads (path, &fi, &flra, &ftp);
      g_test_message ("%s: I %.2f/%.1f LRA %.2f/%.1f TP %.2f/%.1f", signals_[i].name,
                      r->integrated_lufs, fi, r->loudness_range_lu, flra, r->true_peak_dbtp, ftp);

      /* FFmpeg prints one decimal: half of it is rounding. */
      ASSERT_NEAR (r->integrated_lufs, fi, 0.15, 0.15);
      ASSERT_NEAR (r->loudness_range_lu, flra, 0.15, 0.15);
      ASSERT_NEAR (r->true_peak_dbtp, ftp, 0.25, 0.25);

      /* Clean signals have no wall: no false alarm. */
      g_test_message ("%s: cutoff %.0f Hz, %.1f dB", signals_[i].name, r->content_cutoff_hz,
                      r->cutoff_drop_db);
      g_assert_true (isnan (r->content_cutoff_hz));
    }

  tm_test_remove_tree (dir);
}

static void
test_formats (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *pcm = g_build_filename (dir, "pcm.wav", NULL);
  g_autofree char *ext = g_build_filename (dir, "ext.wav", NULL);
  g_autofree char *padded = g_build_filename (dir, "padded.wav", NULL);
  g_autofree char *mono = g_build_filename (dir, "mono.wav", NULL);
  g_autofree char *clipped = g_build_filename (dir, "clipped.wav", NULL);
  g_autofree char *silent = g_build_filename (dir, "silent-edges.wav", NULL);
  g_autofree char *cmd = NULL;
  g_autoptr(TmAudioReport) r = NULL;

  cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 24 -D -t wavpcm %s synth 3 sine 440 gain -6", pcm);
  run (cmd);
  g_free (cmd);
  /* SoX writes 24-bit stereo WAV as WAVE_FORMAT_EXTENSIBLE. */
  cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 24 %s synth 3 sine 440 gain -6", ext);
  run (cmd);
  g_free (cmd);
  /* 16-bit content in a 24-bit file */
  cmd = g_strdup_printf ("sh -c 'sox -r 48000 -c 2 -n -b 16 -D -t wavpcm %s/s16.wav synth 3 "
                         "sine 440 gain -6 && sox %s/s16.wav -b 24 -D -t wavpcm %s'",
                         dir, dir, padded);
  run (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("sox -r 48000 -c 1 -n -b 16 %s synth 20 sine 1000 gain -23", mono);
  run (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth 2 square 100 gain 0", clipped);
  run (cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("sh -c 'sox -r 44100 -c 2 -n -b 16 %s/tone.wav synth 2 sine 500 gain -10 "
                         "&& sox %s/tone.wav %s pad 1.5 2.5'", dir, dir, silent);
  run (cmd);

  r = tm_audio_analyze_sync (pcm, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->wav_format_tag, ==, 0x0001);
  g_assert_cmpuint (r->bit_depth, ==, 24);
  g_assert_cmpuint (r->effective_bit_depth, ==, 24);
  g_assert_false (r->chunks_after_data);
  g_clear_pointer (&r, tm_audio_report_free);

  r = tm_audio_analyze_sync (ext, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->wav_format_tag, ==, 0xFFFE);
  g_clear_pointer (&r, tm_audio_report_free);

  r = tm_audio_analyze_sync (padded, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->bit_depth, ==, 24);
  g_assert_cmpuint (r->effective_bit_depth, ==, 16);
  g_clear_pointer (&r, tm_audio_report_free);

  r = tm_audio_analyze_sync (mono, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->channels, ==, 1);
  ASSERT_NEAR (r->integrated_lufs, -26.0, 0.1, 0.1);     /* one speaker: 3 LU below stereo */
  ASSERT_NEAR (r->dual_mono_lufs, -23.0, 0.1, 0.1);
  g_clear_pointer (&r, tm_audio_report_free);

  r = tm_audio_analyze_sync (clipped, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (r->clipped_runs, >, 100);
  g_assert_cmpuint (r->clip_positions_s->len, ==, 100);
  ASSERT_NEAR (r->sample_peak_dbfs, 0.0, 0.01, 0.01);
  g_clear_pointer (&r, tm_audio_report_free);

  r = tm_audio_analyze_sync (silent, NULL, NULL, NULL, NULL);
  ASSERT_NEAR (r->leading_silence_s, 1.5, 0.01, 0.01);
  ASSERT_NEAR (r->trailing_silence_s, 2.5, 0.01, 0.01);
  ASSERT_NEAR (r->duration_s, 6.0, 0.001, 0.001);
  g_assert_cmpuint (r->n_overview, ==, 600);   /* one point per 10 ms up to 1000 */
  g_clear_pointer (&r, tm_audio_report_free);

  tm_test_remove_tree (dir);
}

static void
expect_error (const char *path,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmAudioReport) r = tm_audio_analyze_sync (path, NULL, NULL, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, TM_INSPECT_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_bad_audio (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *cmd = g_strdup_printf (
      "sh -c 'cd %s && sox -r 44100 -c 2 -n -b 16 -D -t wavpcm full.wav synth 10 pinknoise "
      "&& sox -r 44100 -c 2 -n -b 16 full.flac synth 10 pinknoise "
      "&& head -c 100000 full.wav > trunc.wav && head -c 100000 full.flac > trunc.flac "
      "&& echo \"Dear diary\" > text.wav && : > zero.wav "
      "&& ffmpeg -loglevel error -f lavfi -i sine=d=3 -c:a libmp3lame -f mp3 mp3.flac'", dir);
  g_autofree char *trunc_wav = g_build_filename (dir, "trunc.wav", NULL);
  g_autofree char *trunc_flac = g_build_filename (dir, "trunc.flac", NULL);
  g_autofree char *text = g_build_filename (dir, "text.wav", NULL);
  g_autofree char *zero = g_build_filename (dir, "zero.wav", NULL);
  g_autofree char *mp3 = g_build_filename (dir, "mp3.flac", NULL);
  g_autoptr(TmAudioReport) r = NULL;

  run (cmd);
  expect_error (trunc_wav, TM_INSPECT_ERROR_TRUNCATED);
  expect_error (trunc_flac, TM_INSPECT_ERROR_TRUNCATED);
  expect_error (text, TM_INSPECT_ERROR_NOT_AUDIO);
  expect_error (zero, TM_INSPECT_ERROR_EMPTY);

  /* An MP3 named .flac is read as what it is; the checks then see a lossy file. */
  r = tm_audio_analyze_sync (mp3, NULL, NULL, NULL, NULL);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->container, ==, "mp3");
  g_assert_cmpstr (r->codec, ==, "mp3");
  g_assert_cmpuint (r->bit_depth, ==, 0);

  tm_test_remove_tree (dir);
}

/* Random bytes that the type finder takes for LRC lyrics: decodebin gives a
 * stream that is not audio, and then nothing, no error and no end (found by
 * test-kill, whose tracks are random bytes). Said at once, not waited on. */
static const guint8 lyrics_like[] = {
  0x5b, 0xb8, 0xde, 0x29, 0xcd, 0x23, 0xab, 0xce, 0x52, 0x76, 0xa0, 0xce, 0x4d, 0x80, 0x0f, 0xab,
  0x3b, 0x2a, 0xdb, 0x75, 0xee, 0x39, 0x27, 0x10, 0xc9, 0x9e, 0xdd, 0x54, 0x1b, 0x3b, 0x13, 0x19,
  0x72, 0x42, 0x94, 0x56, 0xfe, 0xb3, 0x33, 0x5d, 0x71, 0x8c, 0xc3, 0x26, 0x35, 0xce, 0x6f, 0xa4,
  0xc3, 0x06, 0xd6, 0x59, 0x67, 0x9d, 0xc1, 0x04, 0x75, 0xed, 0x10, 0x24, 0x5d, 0xb2, 0xe2, 0x03,
  0xd4, 0xe6, 0x8b, 0x9b, 0x2a, 0x7d, 0x2c, 0xe2, 0x6b, 0x43, 0x79, 0xb6, 0xa8, 0x86, 0x9a, 0x05,
  0x61, 0x5f, 0x26, 0x49, 0xda, 0x73, 0x41, 0x59, 0xda, 0x4c, 0x46, 0xea, 0x41, 0x16, 0x47, 0x28,
  0x4d, 0xc5, 0x3f, 0xa9, 0x7c, 0xff, 0x03, 0x86, 0x17, 0xf7, 0xc6, 0x38, 0x96, 0xce, 0xc8, 0x4d,
  0xd2, 0xe0, 0x48, 0x91, 0x50, 0x92, 0xf1, 0x05, 0x45, 0xbe, 0x9e, 0xc8, 0xaf, 0xc8, 0x60, 0x94,
  0x2a, 0x0c, 0xe3, 0x3a, 0x1b, 0xc8, 0x20, 0x52, 0x80, 0xb7, 0x2a, 0x5c, 0xd0, 0x11, 0xfe, 0xa3,
  0xae, 0x8a, 0x9c, 0xde, 0xaf, 0x73, 0x88, 0x72, 0xf7, 0xea, 0x92, 0xf5, 0x1e, 0x32, 0x71, 0xfd,
  0xf5, 0xc8, 0xd4, 0x56, 0x14, 0x45, 0x6d, 0xcd, 0x71, 0xae, 0x5c, 0x33, 0x7b, 0x9c, 0x20, 0x04,
  0x13, 0x11, 0x95, 0x8c, 0x25, 0x33, 0x76, 0xb6, 0xf5, 0x7e, 0x76, 0xe8, 0x69, 0x6f, 0x24, 0x50,
  0xac, 0x08, 0x22, 0xce, 0xff, 0x28, 0x57, 0xda, 0x30, 0xb7, 0x13, 0x40, 0xc0, 0x08, 0xf7, 0xde,
  0x96, 0xc6, 0xcf, 0x7a, 0x8e, 0xdf, 0xc7, 0xce, 0xe7, 0x50, 0xda, 0x9d, 0x09, 0xe5, 0x7b, 0xb6,
  0x26, 0x8e, 0xcf, 0xca, 0xe6, 0x5f, 0xd8, 0x6b, 0x9c, 0xe3, 0x13, 0xf6, 0x54, 0x88, 0x87, 0x56,
  0x5f, 0x14, 0x86, 0x70, 0xdf, 0xef, 0xa9, 0xe9, 0x07, 0xd7, 0x4c, 0x54, 0x56, 0x30, 0xa5, 0xf7
};

static void
test_not_audio_stream (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "random.wav", NULL);

  g_assert_true (g_file_set_contents (path, (const char *) lyrics_like, sizeof lyrics_like,
                                      NULL));
  expect_error (path, TM_INSPECT_ERROR_NOT_AUDIO);
  tm_test_remove_tree (dir);
}

/* A PNG header that claims @w x @h, followed by nothing much. */
static void
write_png_header (const char *path,
                  guint32     w,
                  guint32     h,
                  gboolean    with_icc)
{
  GString *s = g_string_new_len ("\x89PNG\r\n\x1a\n", 8);
  guint8 ihdr[25] = { 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                      w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h,
                      8, 2, 0, 0, 0, 0, 0, 0, 0 };
  const guint8 iccp[16] = { 0, 0, 0, 4, 'i', 'C', 'C', 'P', 'a', 0, 0, 0, 0, 0, 0, 0 };
  const guint8 iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };

  g_string_append_len (s, (char *) ihdr, 25);
  if (with_icc)
    g_string_append_len (s, (char *) iccp, 16);
  g_string_append_len (s, (char *) iend, 12);
  g_file_set_contents (path, s->str, s->len, NULL);
  g_string_free (s, TRUE);
}

/* Puts an EXIF block saying @orientation right after a JPEG's start marker. */
static void
add_exif_orientation (const char *path,
                      guint8      orientation)
{
  const guint8 app1[] = {
    0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,          /* TIFF, IFD0 at 8 */
    0x01, 0x00,                                            /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,        /* 0x0112, SHORT, 1 */
    orientation, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,                                /* no next IFD */
  };
  g_autofree char *contents = NULL;
  gsize length;
  GString *s;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  s = g_string_new_len (contents, 2);
  g_string_append_len (s, (const char *) app1, sizeof app1);
  g_string_append_len (s, contents + 2, length - 2);
  g_file_set_contents (path, s->str, s->len, NULL);
  g_string_free (s, TRUE);
}

static void
test_images (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *cmd = g_strdup_printf (
      "sh -c 'cd %s && convert -size 3000x3000 xc:\"#336699\" -interlace Plane big.jpg "
      "&& convert -size 400x400 xc:orange -colorspace CMYK cmyk.jpg "
      "&& convert -size 300x200 xc:gray -colorspace Gray gray.png "
      "&& convert -size 300x200 xc:red oriented.jpg "
      "&& head -c 2000 big.jpg > trunc.jpg && echo text > notes.jpg'", dir);
  g_autofree char *big = g_build_filename (dir, "big.jpg", NULL);
  g_autofree char *cmyk = g_build_filename (dir, "cmyk.jpg", NULL);
  g_autofree char *gray = g_build_filename (dir, "gray.png", NULL);
  g_autofree char *oriented = g_build_filename (dir, "oriented.jpg", NULL);
  g_autofree char *trunc = g_build_filename (dir, "trunc.jpg", NULL);
  g_autofree char *notes = g_build_filename (dir, "notes.jpg", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.png", NULL);
  g_autofree char *icc = g_build_filename (dir, "icc.png", NULL);
  g_autoptr(TmImageReport) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;

  run (cmd);
  add_exif_orientation (oriented, 6);
  write_png_header (huge, 100000, 100000, FALSE);
  write_png_header (icc, 64, 64, TRUE);

  r = tm_artwork_inspect (big, TM_ARTWORK_MAX_PIXELS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->format, ==, "jpeg");
  g_assert_cmpuint (r->width, ==, 3000);
  g_assert_cmpuint (r->height, ==, 3000);
  g_assert_cmpstr (r->color_model, ==, "rgb");
  g_assert_true (r->progressive);
  g_clear_pointer (&r, tm_image_report_free);

  r = tm_artwork_inspect (cmyk, TM_ARTWORK_MAX_PIXELS, &error);
  g_assert_cmpstr (r->color_model, ==, "cmyk");
  g_assert_false (r->progressive);
  g_clear_pointer (&r, tm_image_report_free);

  r = tm_artwork_inspect (gray, TM_ARTWORK_MAX_PIXELS, &error);
  g_assert_cmpstr (r->format, ==, "png");
  g_assert_cmpstr (r->color_model, ==, "grayscale");
  g_clear_pointer (&r, tm_image_report_free);

  r = tm_artwork_inspect (oriented, TM_ARTWORK_MAX_PIXELS, &error);
  g_assert_cmpuint (r->exif_orientation, ==, 6);
  g_clear_pointer (&r, tm_image_report_free);

  r = tm_artwork_inspect (icc, TM_ARTWORK_MAX_PIXELS, &error);
  g_assert_true (r->icc_profile);
  g_clear_pointer (&r, tm_image_report_free);

  /* Refused from the header, without decoding 10 000 megapixels. */
  g_assert_null (tm_artwork_inspect (huge, TM_ARTWORK_MAX_PIXELS, &error));
  g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "100000 × 100000"));
  g_clear_error (&error);
  g_assert_null (tm_artwork_thumbnail (huge, 256, &error));
  g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_null (tm_artwork_inspect (trunc, TM_ARTWORK_MAX_PIXELS, &error));
  g_assert_true (g_error_matches (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TRUNCATED));
  g_clear_error (&error);
  g_assert_null (tm_artwork_inspect (notes, TM_ARTWORK_MAX_PIXELS, &error));
  g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_IMAGE);
  g_clear_error (&error);

  /* A chunk saying it holds 805 MB in a file of 90 bytes (libpng would ask for
   * that much memory before reading it): refused unread, as damaged. */
  {
    g_autofree char *liar = g_build_filename (dir, "liar.png", NULL);
    g_autofree char *contents = NULL;
    gsize length;
    GString *s;
    const guint8 text[] = { 0x30, 0x00, 0x00, 0xEA, 't', 'E', 'X', 't', 'a', 0, 'b', 0, 0, 0, 0 };

    write_png_header (liar, 64, 64, FALSE);
    g_assert_true (g_file_get_contents (liar, &contents, &length, NULL));
    s = g_string_new_len (contents, length - 12);
    g_string_append_len (s, (const char *) text, sizeof text);
    g_string_append_len (s, contents + length - 12, 12);
    g_assert_true (g_file_set_contents (liar, s->str, s->len, NULL));
    g_string_free (s, TRUE);

    g_assert_null (tm_artwork_inspect (liar, TM_ARTWORK_MAX_PIXELS, &error));
    g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "longer than the file"));
    g_assert_nonnull (strstr (error->message, "liar.png"));
    g_clear_error (&error);
    g_assert_null (tm_artwork_thumbnail (liar, 128, &error));
    g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT);
    g_clear_error (&error);
  }

  thumb = tm_artwork_thumbnail (big, 128, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 128);

  tm_test_remove_tree (dir);
}

static void
count_progress_cb (const char *path,
                   double      fraction,
                   gpointer    user_data)
{
  double *last = user_data;

  g_assert_true (fraction >= 0 && fraction <= 1);
  *last = fraction;
}

/* The reports as JSON, the form the CLI prints and the catalog keeps. */
static GPtrArray *
inspect_json (const char            *catalog,
              const char * const    *paths,
              gboolean               with_overview,
              TmInspectProgressFunc  progress,
              gpointer               progress_data)
{
  g_autoptr(GPtrArray) reports = tm_report_cache_inspect (catalog, paths, progress, progress_data,
                                                          NULL);
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; i < reports->len; i++)
    g_ptr_array_add (nodes, tm_report_to_json (g_ptr_array_index (reports, i), with_overview));
  return nodes;
}

static void
test_cached_reports (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *song = g_build_filename (dir, "song.wav", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved.wav", NULL);
  g_autofree char *cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth 5 sine 300 gain -9",
                                          song);
  const char *one[] = { song, NULL };
  const char *other[] = { moved, NULL };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(TmCatalog) c = NULL;

  run (cmd);
  first = inspect_json (catalog, one, FALSE, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (first, 0)),
                                                  "kind"), ==, "audio");

  /* Mark the stored report: an unchanged file is answered from it, unread. */
  c = tm_catalog_open (catalog, NULL);
  g_assert_cmpint (tm_test_count (c, "SELECT count(*) FROM reports"), ==, 1);
  sqlite3_exec (_tm_catalog_get_db (c), "UPDATE reports SET report = "
                "json_set(report, '$.codec', 'from-the-catalog')", NULL, NULL, NULL);
  again = inspect_json (catalog, one, FALSE, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                                  "codec"), ==, "from-the-catalog");
  g_assert_false (json_object_has_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                          "overview_peak"));

  /* The same content elsewhere is found by its SHA-256. */
  g_clear_pointer (&again, g_ptr_array_unref);
  g_assert_cmpint (g_rename (song, moved), ==, 0);
  again = inspect_json (catalog, other, FALSE, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                                  "codec"), ==, "from-the-catalog");

  /* Changed content is analysed again, with progress, and the overview when asked. */
  g_clear_pointer (&again, g_ptr_array_unref);
  g_free (cmd);
  cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth 6 sine 300 gain -9", moved);
  run (cmd);
  {
    double last = -1;

    again = inspect_json (catalog, other, TRUE, count_progress_cb, &last);
    g_assert_cmpfloat (last, >, 0.9);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                       g_ptr_array_index (again, 0)), "codec"), ==, "pcm");
    g_assert_true (json_object_has_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                           "overview_peak"));

    /* Answered from the catalog: no progress, overview kept. */
    g_clear_pointer (&again, g_ptr_array_unref);
    last = -1;
    again = inspect_json (catalog, other, TRUE, count_progress_cb, &last);
    g_assert_cmpfloat (last, ==, -1);
    g_assert_true (json_object_has_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                           "overview_peak"));
  }

  /* A report made by an older analysis, which measured less, is made again. */
  g_clear_pointer (&again, g_ptr_array_unref);
  sqlite3_exec (_tm_catalog_get_db (c), "UPDATE reports SET report = "
                "json_set(json_remove(report, '$.analysis_version'), '$.codec', 'old')",
                NULL, NULL, NULL);
  again = inspect_json (catalog, other, FALSE, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                                  "codec"), ==, "pcm");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (g_ptr_array_index (again, 0)),
                                               "analysis_version"), ==, TM_AUDIO_ANALYSIS_VERSION);

  g_clear_object (&c);
  tm_test_remove_tree (dir);
}

static void
test_album_in_parallel (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) results = NULL;

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *cmd = NULL;
      char *path = g_strdup_printf ("%s/%02d.flac", dir, i + 1);

      cmd = g_strdup_printf ("sox -r 44100 -c 2 -n -b 16 %s synth %d sine %d gain -%d", path,
                             3 + i, 200 + 50 * i, 10 + i);
      run (cmd);
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  results = tm_audio_analyze_files ((const char * const *) paths->pdata, NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 12);
  for (int i = 0; i < 12; i++)
    {
      TmAnalysisResult *r = &g_array_index (results, TmAnalysisResult, i);

      g_assert_no_error (r->error);
      /* In the order given, whatever order they finished in. */
      ASSERT_NEAR (r->report->duration_s, 3 + i, 0.001, 0.001);
    }

  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *script = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  signals = tm_test_make_tmp_dir ();
  /* meson sets G_TEST_SRCDIR; g_test_get_filename() works only inside a test */
  script = g_strdup_printf ("sh %s/make-ebu-signals.sh %s",
                            g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".", signals);
  run (script);

  g_test_add_func ("/inspect/ebu/integrated", test_ebu_integrated);
  g_test_add_func ("/inspect/ebu/short-term-and-momentary", test_ebu_short_term_and_momentary);
  g_test_add_func ("/inspect/ebu/live-meters", test_ebu_live_meters);
  g_test_add_func ("/inspect/ebu/true-peak", test_ebu_true_peak);
  g_test_add_func ("/inspect/ebu/loudness-range", test_ebu_loudness_range);
  g_test_add_func ("/inspect/agrees-with-ffmpeg", test_agrees_with_ffmpeg);
  g_test_add_func ("/inspect/formats", test_formats);
  g_test_add_func ("/inspect/bad-audio", test_bad_audio);
  g_test_add_func ("/inspect/not-an-audio-stream", test_not_audio_stream);
  g_test_add_func ("/inspect/images", test_images);
  g_test_add_func ("/inspect/cached-reports", test_cached_reports);
  g_test_add_func ("/inspect/album-in-parallel", test_album_in_parallel);

  status = g_test_run ();
  tm_test_remove_tree (signals);
  g_free (signals);
  return status;
}
