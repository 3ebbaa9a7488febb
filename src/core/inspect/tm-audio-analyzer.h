/* tm-audio-analyzer.h: one decoding pass that measures everything about a file
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tm-inspect-error.h"

G_BEGIN_DECLS

#define TM_OVERVIEW_POINTS 1000

/* Raised when an analysis measures something new: reports kept from an older
 * one are made again. 2: the spectrum's cutoff. */
#define TM_AUDIO_ANALYSIS_VERSION 2

/* Measurements; NAN where a value does not apply (silence has no loudness). */
typedef struct
{
  char     *path;
  char     *container;
  char     *codec;
  guint     sample_rate;
  guint     bit_depth;              /* 0 for lossy codecs */
  guint     effective_bit_depth;    /* 0 when not applicable */
  guint     channels;
  double    duration_s;
  guint     wav_format_tag;         /* 0 when not WAV */
  gboolean  chunks_after_data;
  gboolean  odd_chunks;             /* WAV: a chunk of odd size */
  gboolean  dual_mono;              /* two channels with the same samples */
  double    integrated_lufs;
  double    loudness_range_lu;
  double    max_momentary_lufs;
  double    max_short_term_lufs;
  double    true_peak_dbtp;
  double    true_peak_at_s;
  double    sample_peak_dbfs;
  guint     clipped_runs;
  GArray   *clip_positions_s;       /* double, the first 100 */
  double    leading_silence_s;
  double    trailing_silence_s;
  double    dc_offset_dbfs;
  double    dual_mono_lufs;         /* mono files: as played on two speakers */
  double    content_cutoff_hz;      /* where the sound stops at a wall; NAN if it does not */
  double    cutoff_drop_db;         /* how far it falls there */
  guint     n_overview;
  float    *overview_peak;          /* linear, per point */
  float    *overview_short_term;    /* LUFS, per point; -INFINITY in silence */
  float    *overview_momentary;     /* LUFS, the loudest of each point's span */
} TmAudioReport;

/* Called in the analysing thread; @fraction from 0 to 1. */
typedef void (*TmAnalysisProgressFunc) (guint     index,
                                        double    fraction,
                                        gpointer  user_data);

gboolean       tm_audio_codec_is_lossy  (const char             *codec);
void           tm_audio_report_free     (TmAudioReport          *report);
JsonNode      *tm_audio_report_to_json  (TmAudioReport          *report);

TmAudioReport *tm_audio_analyze_sync    (const char             *path,
                                         TmAnalysisProgressFunc  progress,
                                         gpointer                progress_data,
                                         GCancellable           *cancellable,
                                         GError                **error);

/* Many files, one pipeline per processor, results in the order of @paths: each
 * a TmAudioReport, or a GError for a file that could not be analysed. */
typedef struct
{
  TmAudioReport *report;
  GError        *error;
} TmAnalysisResult;

void           tm_analysis_result_clear (TmAnalysisResult       *result);
GArray        *tm_audio_analyze_files   (const char * const     *paths,
                                         TmAnalysisProgressFunc  progress,
                                         gpointer                progress_data,
                                         GCancellable           *cancellable);
void           tm_audio_analyze_files_async  (const char * const  *paths,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GArray        *tm_audio_analyze_files_finish (GAsyncResult        *result,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmAudioReport, tm_audio_report_free)

G_END_DECLS
