/* tm-audio-analyzer.c: one decoding pass that measures everything about a file
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* GStreamer decodes (decodebin ! audioconvert ! F32LE ! appsink) in its own
 * threads; this thread pulls the samples and measures them in one loop:
 * loudness (K-weighted energies in 10 ms steps, so that the maximum momentary and
 * short-term values are those of EBU Tech 3341), true peak with our own filter,
 * and sample peak, clipping, silence, DC offset and dual mono on the way.
 *
 * Loudness follows BS.1770-5 and EBU Tech 3341/3342: K-weighted energies in 10 ms
 * steps; momentary over 400 ms and short-term over 3 s, every 10 ms; integrated
 * from 400 ms blocks at a 100 ms hop, gated at -70 LUFS and 10 LU below the
 * ungated mean; loudness range from 3 s blocks at 10 Hz, gated at -70 LUFS and
 * 20 LU below, as the spread from the 10th to the 95th percentile. */

#include "config.h"

#include <math.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>

#include "tm-audio-analyzer.h"
#include "tm-safe-file.h"
#include "tm-audio-header.h"
#include "tm-true-peak.h"
#include "tm-spectrum.h"

#define SILENCE_LEVEL 0.001f            /* -60 dBFS */
#define CLIP_LEVEL 0.99996f             /* full scale, for 16-bit and up */
#define MAX_CLIP_POSITIONS 100
#define PULL_TIMEOUT (100 * GST_MSECOND)
/* Decoding runs as fast as it can: this long without a block of audio is a
 * decoder that is stuck, not a slow one. */
#define STALL_USEC (20 * G_USEC_PER_SEC)

void
tm_audio_report_free (TmAudioReport *report)
{
  if (report == NULL)
    return;

  g_free (report->path);
  g_free (report->container);
  g_free (report->codec);
  g_clear_pointer (&report->clip_positions_s, g_array_unref);
  g_free (report->overview_peak);
  g_free (report->overview_short_term);
  g_free (report->overview_momentary);
  g_free (report);
}

static double
to_db (double linear)
{
  return linear > 0 ? 20.0 * log10 (linear) : -INFINITY;
}

static void
set_number (JsonObject *object,
            const char *key,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, key, round (value * 100.0) / 100.0);
  else
    json_object_set_null_member (object, key);
}

static void
set_count (JsonObject *object,
           const char *key,
           guint       value)
{
  if (value > 0)
    json_object_set_int_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

JsonNode *
tm_audio_report_to_json (TmAudioReport *r)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *clips = json_array_new ();
  const char *tag = r->wav_format_tag == 0x0001 ? "pcm" : r->wav_format_tag == 0xFFFE ? "extensible"
                    : r->wav_format_tag == 0x0003 ? "float" : NULL;

  json_object_set_string_member (o, "path", r->path);
  json_object_set_string_member (o, "kind", "audio");
  json_object_set_string_member (o, "container", r->container);
  json_object_set_string_member (o, "codec", r->codec);
  set_count (o, "sample_rate", r->sample_rate);
  set_count (o, "bit_depth", r->bit_depth);
  set_count (o, "effective_bit_depth", r->effective_bit_depth);
  set_count (o, "channels", r->channels);
  set_number (o, "duration_s", r->duration_s);
  if (tag != NULL)
    json_object_set_string_member (o, "wav_format_tag", tag);
  else
    json_object_set_null_member (o, "wav_format_tag");
  set_number (o, "integrated_lufs", r->integrated_lufs);
  set_number (o, "loudness_range_lu", r->loudness_range_lu);
  set_number (o, "max_momentary_lufs", r->max_momentary_lufs);
  set_number (o, "max_short_term_lufs", r->max_short_term_lufs);
  set_number (o, "true_peak_dbtp", r->true_peak_dbtp);
  set_number (o, "true_peak_at_s", r->true_peak_at_s);
  set_number (o, "sample_peak_dbfs", r->sample_peak_dbfs);
  json_object_set_int_member (o, "clipped_runs", r->clipped_runs);
  set_number (o, "leading_silence_s", r->leading_silence_s);
  set_number (o, "trailing_silence_s", r->trailing_silence_s);
  set_number (o, "dc_offset_dbfs", r->dc_offset_dbfs);
  set_number (o, "dual_mono_lufs", r->dual_mono_lufs);
  set_number (o, "content_cutoff_hz", r->content_cutoff_hz);
  set_number (o, "cutoff_drop_db", r->cutoff_drop_db);
  json_object_set_int_member (o, "analysis_version", TM_AUDIO_ANALYSIS_VERSION);

  /* Beyond what the checks need to name: where, and what a player would show. */
  for (guint i = 0; r->clip_positions_s != NULL && i < r->clip_positions_s->len; i++)
    json_array_add_double_element (clips, round (g_array_index (r->clip_positions_s, double, i)
                                                 * 1000.0) / 1000.0);
  json_object_set_array_member (o, "clip_positions_s", clips);
  json_object_set_boolean_member (o, "is_dual_mono", r->dual_mono);
  json_object_set_boolean_member (o, "chunks_after_data", r->chunks_after_data);
  json_object_set_boolean_member (o, "odd_chunks", r->odd_chunks);

  json_node_take_object (node, o);
  return node;
}

/* Names of the elements decodebin chose, for the container and codec. */
static void
element_added_cb (GstBin        *bin,
                  GstBin        *sub_bin,
                  GstElement    *element,
                  TmAudioReport *report)
{
  static const struct { const char *factory; const char *container; const char *codec; } map[] = {
    { "wavparse", "wav", "pcm" }, { "flacparse", "flac", NULL }, { "flacdec", NULL, "flac" },
    { "id3demux", "mp3", NULL }, { "mpegaudioparse", "mp3", NULL },
    { "mpg123audiodec", NULL, "mp3" }, { "avdec_mp3", NULL, "mp3" },
    { "qtdemux", "mp4", NULL }, { "avdec_aac", NULL, "aac" }, { "faad", NULL, "aac" },
    { "oggdemux", "ogg", NULL }, { "vorbisdec", NULL, "vorbis" }, { "opusdec", NULL, "opus" },
    { "aiffparse", "aiff", "pcm" }, { "matroskademux", "matroska", NULL },
    { "wavpackparse", "wavpack", NULL }, { "wavpackdec", NULL, "wavpack" },
    { "avdec_alac", NULL, "alac" },
  };
  GstElementFactory *factory = gst_element_get_factory (element);
  const char *name = factory ? gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)) : NULL;

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (name, map[i].factory))
      {
        if (map[i].container != NULL && report->container == NULL)
          report->container = g_strdup (map[i].container);
        if (map[i].codec != NULL && report->codec == NULL)
          report->codec = g_strdup (map[i].codec);
      }
}

typedef struct
{
  GstElement *convert;
  guint       decoded_bits;    /* from the decoder's caps */
  gboolean    decoded_float;
  gint        no_audio;        /* atomic: every stream is known, and none is audio */
} PadData;

/* Only an audio stream is linked: bytes that look like subtitles or video
 * to the type finder (random data can) are not audio. */
static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              PadData    *data)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (data->convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstAudioInfo info;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (gst_pad_is_linked (sink) || caps == NULL || gst_caps_is_empty (caps)
      || !g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)),
                            "audio/"))
    return;

  if (gst_audio_info_from_caps (&info, caps))
    {
      data->decoded_bits = GST_AUDIO_INFO_DEPTH (&info);
      data->decoded_float = GST_AUDIO_FORMAT_INFO_IS_FLOAT (info.finfo);
    }

  gst_pad_link (pad, sink);
}

static void
no_more_pads_cb (GstElement *decodebin,
                 PadData    *data)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (data->convert, "sink");

  if (!gst_pad_is_linked (sink))
    g_atomic_int_set (&data->no_audio, TRUE);
}

/* Whether @codec (a report's "codec") keeps only an approximation of the audio. */
gboolean
tm_audio_codec_is_lossy (const char *codec)
{
  static const char * const lossy[] = { "mp3", "aac", "vorbis", "opus", "wma", "ac3", NULL };

  return codec != NULL && g_strv_contains (lossy, codec);
}

/* The true peak, measured in a thread of its own from the same buffers, so that
 * it runs beside the other measurements. At most PEAK_QUEUE buffers wait. */
#define PEAK_QUEUE 32

typedef struct
{
  GThread    *thread;
  GMutex      lock;
  GCond       cond;
  GQueue      buffers;       /* owned GstBuffer */
  gboolean    done;
  gboolean    producer_waiting;
  gboolean    consumer_waiting;
  TmTruePeak *true_peak;     /* owned; read only after the thread is joined */
  TmSpectrum *spectrum;      /* the same */
  guint       channels;
} PeakWorker;

static gpointer
peak_worker_run (gpointer data)
{
  PeakWorker *w = data;

  for (;;)
    {
      GQueue batch = G_QUEUE_INIT;
      GstBuffer *buffer;

      /* Everything queued is taken at once, and the producer is woken only
       * when it waits for room: with FLAC's small buffers, a wake-up per
       * buffer costs more than the filter. */
      g_mutex_lock (&w->lock);
      while (g_queue_is_empty (&w->buffers) && !w->done)
        {
          w->consumer_waiting = TRUE;
          g_cond_wait (&w->cond, &w->lock);
          w->consumer_waiting = FALSE;
        }
      batch = w->buffers;
      g_queue_init (&w->buffers);
      if (w->producer_waiting)
        g_cond_signal (&w->cond);
      g_mutex_unlock (&w->lock);

      if (g_queue_is_empty (&batch))
        break;

      while ((buffer = g_queue_pop_head (&batch)) != NULL)
        {
          GstMapInfo map;

          if (gst_buffer_map (buffer, &map, GST_MAP_READ))
            {
              tm_true_peak_process (w->true_peak, (const float *) map.data,
                                    map.size / (sizeof (float) * w->channels));
              tm_spectrum_process (w->spectrum, (const float *) map.data,
                                   map.size / (sizeof (float) * w->channels));
              gst_buffer_unmap (buffer, &map);
            }
          gst_buffer_unref (buffer);
        }
    }

  return NULL;
}

static PeakWorker *
peak_worker_new (guint channels,
                 guint rate)
{
  PeakWorker *w = g_new0 (PeakWorker, 1);

  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  g_queue_init (&w->buffers);
  w->channels = channels;
  w->true_peak = tm_true_peak_new (channels, rate);
  w->spectrum = tm_spectrum_new (channels, rate);
  w->thread = g_thread_new ("tm-true-peak", peak_worker_run, w);
  return w;
}

static void
peak_worker_push (PeakWorker *w,
                  GstBuffer  *buffer)
{
  g_mutex_lock (&w->lock);
  while (g_queue_get_length (&w->buffers) >= PEAK_QUEUE)
    {
      w->producer_waiting = TRUE;
      g_cond_wait (&w->cond, &w->lock);
      w->producer_waiting = FALSE;
    }
  g_queue_push_tail (&w->buffers, gst_buffer_ref (buffer));
  if (w->consumer_waiting)
    g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
}

/* Waits for the thread to measure what is queued (or, @discard, drops it). */
static void
peak_worker_finish (PeakWorker *w,
                    gboolean    discard)
{
  g_mutex_lock (&w->lock);
  if (discard)
    g_queue_clear_full (&w->buffers, (GDestroyNotify) gst_buffer_unref);
  w->done = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  g_clear_pointer (&w->thread, g_thread_join);
}

static void
peak_worker_free (PeakWorker *w)
{
  if (w->thread != NULL)
    peak_worker_finish (w, TRUE);
  g_queue_clear_full (&w->buffers, (GDestroyNotify) gst_buffer_unref);
  tm_true_peak_free (w->true_peak);
  tm_spectrum_free (w->spectrum);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w);
}

/* K-weighting (BS.1770): a high shelf, then a high pass, for any sample rate. */
typedef struct
{
  double b[3], a[3];
} Biquad;

typedef struct
{
  double z[4];         /* stage 1 delays, then stage 2 delays */
} KState;

#define MOMENTARY_STEPS 40     /* 400 ms of 10 ms steps */
#define SHORT_TERM_STEPS 300   /* 3 s */

typedef struct
{
  guint         channels;
  guint         rate;
  Biquad        stage[2];
  KState       *k;                  /* per channel */
  double       *weights;            /* per channel: 1, 1.41 for surrounds, 0 for LFE */
  double        step_energy;        /* weighted, summed over channels, this 10 ms */
  double        ring[SHORT_TERM_STEPS];
  guint         ring_pos;
  guint64       steps;
  double        block_energy;       /* this 100 ms */
  GArray       *blocks;             /* double, mean square per 100 ms */
  PeakWorker   *peak;
  guint64       frames;
  guint64       first_sound;        /* G_MAXUINT64 until something is heard */
  guint64       last_sound;
  double       *dc_sum;
  guint        *clip_run;
  guint64      *clip_start;
  gboolean     *clip_positive;
  float         sample_peak;
  gboolean      identical;          /* channel 0 == channel 1 so far */
  guint32       low_bits;           /* OR of samples at the source's integer scale */
  gboolean      track_bits;
  double        bits_scale;
  double        max_momentary;
  double        max_short_term;
  guint         step;               /* frames per 10 ms */
  guint         in_step;            /* frames fed since the last 10 ms boundary */
  float         step_peak;
  GArray       *peaks;              /* float, per 10 ms */
  GArray       *short_terms;        /* float, per 10 ms */
  GArray       *momentaries;        /* float, per 10 ms */
} Meter;

static void
meter_clear (Meter *m)
{
  g_clear_pointer (&m->blocks, g_array_unref);
  g_clear_pointer (&m->k, g_free);
  g_clear_pointer (&m->weights, g_free);
  g_clear_pointer (&m->peak, peak_worker_free);
  g_clear_pointer (&m->dc_sum, g_free);
  g_clear_pointer (&m->clip_run, g_free);
  g_clear_pointer (&m->clip_start, g_free);
  g_clear_pointer (&m->clip_positive, g_free);
  g_clear_pointer (&m->peaks, g_array_unref);
  g_clear_pointer (&m->short_terms, g_array_unref);
  g_clear_pointer (&m->momentaries, g_array_unref);
}

static void
k_weighting (Meter *m)
{
  double rate = m->rate;
  double f0 = 1681.974450955533, gain = 3.999843853973347, q = 0.7071752369554196;
  double k = tan (G_PI * f0 / rate);
  double vh = pow (10.0, gain / 20.0);
  double vb = pow (vh, 0.4996667741545416);
  double a0 = 1.0 + k / q + k * k;

  m->stage[0].b[0] = (vh + vb * k / q + k * k) / a0;
  m->stage[0].b[1] = 2.0 * (k * k - vh) / a0;
  m->stage[0].b[2] = (vh - vb * k / q + k * k) / a0;
  m->stage[0].a[1] = 2.0 * (k * k - 1.0) / a0;
  m->stage[0].a[2] = (1.0 - k / q + k * k) / a0;

  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = tan (G_PI * f0 / rate);
  a0 = 1.0 + k / q + k * k;
  m->stage[1].b[0] = 1.0;
  m->stage[1].b[1] = -2.0;
  m->stage[1].b[2] = 1.0;
  m->stage[1].a[1] = 2.0 * (k * k - 1.0) / a0;
  m->stage[1].a[2] = (1.0 - k / q + k * k) / a0;
}

static gboolean
meter_init (Meter          *m,
            guint           channels,
            guint           rate,
            guint           source_bits,
            gboolean        source_float,
            GError        **error)
{
  if (channels == 0 || channels > 8 || rate < 8000 || rate > 768000)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED,
                   _("Loudness cannot be measured for %u channels at %u Hz."), channels, rate);
      return FALSE;
    }

  m->channels = channels;
  m->rate = rate;
  m->blocks = g_array_new (FALSE, FALSE, sizeof (double));
  k_weighting (m);
  m->k = g_new0 (KState, channels);
  m->weights = g_new0 (double, channels);
  /* Five channels are L R C Ls Rs; six are L R C LFE Ls Rs (BS.1770 weights). */
  for (guint c = 0; c < channels; c++)
    m->weights[c] = channels == 6 && c == 3 ? 0.0
                    : (channels == 5 && c >= 3) || (channels == 6 && c >= 4) ? 1.41 : 1.0;

  m->peak = peak_worker_new (channels, rate);
  m->first_sound = G_MAXUINT64;
  m->dc_sum = g_new0 (double, channels);
  m->clip_run = g_new0 (guint, channels);
  m->clip_start = g_new0 (guint64, channels);
  m->clip_positive = g_new0 (gboolean, channels);
  m->identical = channels == 2;
  m->track_bits = !source_float && source_bits > 0 && source_bits <= 24;
  m->bits_scale = m->track_bits ? ldexp (1.0, source_bits - 1) : 0;
  m->max_momentary = -INFINITY;
  m->max_short_term = -INFINITY;
  m->step = MAX (rate / 100, 1);
  m->peaks = g_array_new (FALSE, FALSE, sizeof (float));
  m->short_terms = g_array_new (FALSE, FALSE, sizeof (float));
  m->momentaries = g_array_new (FALSE, FALSE, sizeof (float));
  return TRUE;
}

/* Loudness of the last @steps 10 ms steps, -HUGE_VAL for silence. */
static double
window_loudness (Meter *m,
                 guint  steps)
{
  double sum = 0;

  for (guint i = 0; i < steps; i++)
    sum += m->ring[(m->ring_pos + SHORT_TERM_STEPS - 1 - i) % SHORT_TERM_STEPS];

  sum /= (double) steps * m->step;
  return sum > 0 ? -0.691 + 10.0 * log10 (sum) : -HUGE_VAL;
}

static void
end_of_step (Meter *m)
{
  double momentary, short_term;
  float st, mo;

  m->ring[m->ring_pos] = m->step_energy;
  m->ring_pos = (m->ring_pos + 1) % SHORT_TERM_STEPS;
  m->block_energy += m->step_energy;
  m->step_energy = 0;
  m->steps++;

  if (m->steps % 10 == 0)
    {
      double mean = m->block_energy / (10.0 * m->step);

      g_array_append_val (m->blocks, mean);
      m->block_energy = 0;
    }

  momentary = window_loudness (m, MOMENTARY_STEPS);
  short_term = window_loudness (m, SHORT_TERM_STEPS);
  if (m->frames >= m->rate * 4 / 10 && momentary > m->max_momentary)
    m->max_momentary = momentary;
  if (m->frames >= (guint64) m->rate * 3 && short_term > m->max_short_term)
    m->max_short_term = short_term;

  st = isfinite (short_term) ? (float) short_term : -INFINITY;
  mo = isfinite (momentary) && m->frames >= m->rate * 4 / 10 ? (float) momentary : -INFINITY;
  g_array_append_val (m->peaks, m->step_peak);
  g_array_append_val (m->short_terms, st);
  g_array_append_val (m->momentaries, mo);
  m->step_peak = 0;
  m->in_step = 0;
}

/* Runs for every sample, one channel at a time with its state in registers;
 * built like the DSP kernels (there are no NaNs to keep). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize ("O3", "fast-math")))
#endif
/* One step of K-weighting (BS.1770): transposed direct form II, two stages, in
 * double; returns the filtered sample. */
G_ALWAYS_INLINE static inline double
k_filter (const Biquad *stage,
          double       *z,
          double        v)
{
  double y0 = stage[0].b[0] * v + z[0];
  double y1;

  z[0] = stage[0].b[1] * v - stage[0].a[1] * y0 + z[1];
  z[1] = stage[0].b[2] * v - stage[0].a[2] * y0;
  y1 = y0 + z[2];
  z[2] = -2.0 * y0 - stage[1].a[1] * y1 + z[3];
  z[3] = y0 - stage[1].a[2] * y1;
  return y1;
}

/* The K-weighted energy of a block, each channel with its weight. The filter
 * is a chain of dependent multiplies, so a stereo pair runs in one loop, where
 * the two chains overlap. */
static double
k_energy (Meter       *m,
          const float *x,
          gsize        frames)
{
  const guint channels = m->channels;
  double energy = 0;
  guint c = 0;

  if (channels == 2)
    {
      double zl[4], zr[4], el = 0, er = 0;

      memcpy (zl, m->k[0].z, sizeof zl);
      memcpy (zr, m->k[1].z, sizeof zr);
      for (gsize i = 0; i < frames; i++)
        {
          double yl = k_filter (m->stage, zl, x[2 * i]);
          double yr = k_filter (m->stage, zr, x[2 * i + 1]);

          el += yl * yl;
          er += yr * yr;
        }
      memcpy (m->k[0].z, zl, sizeof zl);
      memcpy (m->k[1].z, zr, sizeof zr);
      return m->weights[0] * el + m->weights[1] * er;
    }

  for (; c < channels; c++)
    {
      double z[4], e = 0;

      memcpy (z, m->k[c].z, sizeof z);
      for (gsize i = 0; i < frames; i++)
        {
          double y = k_filter (m->stage, z, x[i * channels + c]);

          e += y * y;
        }
      memcpy (m->k[c].z, z, sizeof z);
      energy += m->weights[c] * e;
    }

  return energy;
}

static void
measure (Meter          *m,
         TmAudioReport  *report,
         const float    *x,
         gsize           frames)
{
  const guint channels = m->channels;

  for (guint c = 0; c < channels; c++)
    {
      double dc = 0;
      float peak = 0;
      guint32 bits = 0;
      gsize first = G_MAXSIZE, last = G_MAXSIZE;
      const double scale = m->bits_scale;
      /* Once the lowest bit was used, every bit was: nothing more to learn. */
      const gboolean track_bits = m->track_bits && (m->low_bits & 1) == 0;
      guint run = m->clip_run[c];
      gboolean positive = m->clip_positive[c];
      guint64 run_start = m->clip_start[c];

      for (gsize i = 0; i < frames; i++)
        {
          float v = x[i * channels + c];
          float a = fabsf (v);

          dc += v;
          peak = a > peak ? a : peak;
          /* Branch-free: the last sample heard, and the first (found once). */
          last = a > SILENCE_LEVEL ? i : last;
          first = a > SILENCE_LEVEL && first == G_MAXSIZE ? i : first;
          if (track_bits)
            bits |= (guint32) (gint32) (v * scale + (v >= 0 ? 0.5 : -0.5));

          /* A run is at full scale on one side; a flip to the other starts another. */
          if (G_UNLIKELY (a >= CLIP_LEVEL))
            {
              if (run > 0 && (v > 0) != positive)
                run = 0;
              if (run++ == 0)
                {
                  run_start = m->frames + i;
                  positive = v > 0;
                }
              if (run == 3)
                {
                  double at = (double) run_start / m->rate;

                  report->clipped_runs++;
                  if (report->clip_positions_s->len < MAX_CLIP_POSITIONS)
                    g_array_append_val (report->clip_positions_s, at);
                }
            }
          else
            run = 0;
        }

      m->clip_run[c] = run;
      m->clip_positive[c] = positive;
      m->clip_start[c] = run_start;

      m->dc_sum[c] += dc;
      m->sample_peak = MAX (m->sample_peak, peak);
      m->step_peak = MAX (m->step_peak, peak);
      m->low_bits |= bits;
      if (first != G_MAXSIZE && last != G_MAXSIZE)
        {
          if (m->first_sound == G_MAXUINT64)
            m->first_sound = m->frames + first;
          m->first_sound = MIN (m->first_sound, m->frames + first);
          m->last_sound = MAX (m->last_sound, m->frames + last);
        }
    }

  m->step_energy += k_energy (m, x, frames);

  if (m->identical)
    for (gsize i = 0; i < frames; i++)
      if (x[2 * i] != x[2 * i + 1])
        {
          m->identical = FALSE;
          break;
        }
}

/* Measures in steps that end on 10 ms boundaries. */
static void
feed (Meter          *m,
      TmAudioReport  *report,
      const float    *x,
      gsize           frames)
{
  while (frames > 0)
    {
      gsize n = MIN (frames, m->step - m->in_step);

      measure (m, report, x, n);
      m->in_step += n;
      m->frames += n;
      x += n * m->channels;
      frames -= n;
      if (m->in_step == m->step)
        end_of_step (m);
    }
}

static double
to_lufs (double mean_square)
{
  return mean_square > 0 ? -0.691 + 10.0 * log10 (mean_square) : -HUGE_VAL;
}

/* Mean squares of windows of @width 100 ms blocks, one per block (a 100 ms hop). */
static GArray *
windows (GArray *blocks,
         guint   width)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  double sum = 0;

  for (guint i = 0; i < blocks->len; i++)
    {
      sum += g_array_index (blocks, double, i);
      if (i >= width)
        sum -= g_array_index (blocks, double, i - width);
      if (i + 1 >= width)
        {
          double mean = MAX (sum, 0) / width;
          g_array_append_val (out, mean);
        }
    }

  return out;
}

/* Keeps what passes the absolute gate (-70 LUFS) and a relative one @below the
 * mean of those. */
static GArray *
gate (GArray *energies,
      double  below)
{
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (double));
  double sum = 0, threshold;
  guint n = 0;

  for (guint i = 0; i < energies->len; i++)
    if (to_lufs (g_array_index (energies, double, i)) > -70.0)
      {
        sum += g_array_index (energies, double, i);
        n++;
      }

  if (n == 0)
    return kept;

  threshold = to_lufs (sum / n) - below;
  for (guint i = 0; i < energies->len; i++)
    {
      double e = g_array_index (energies, double, i);
      double l = to_lufs (e);

      if (l > -70.0 && l > threshold)
        g_array_append_val (kept, e);
    }

  return kept;
}

static double
integrated_loudness (GArray *blocks)
{
  g_autoptr(GArray) gating = windows (blocks, 4);
  g_autoptr(GArray) kept = gate (gating, 10.0);
  double sum = 0;

  for (guint i = 0; i < kept->len; i++)
    sum += g_array_index (kept, double, i);

  return kept->len > 0 ? to_lufs (sum / kept->len) : -HUGE_VAL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
loudness_range (GArray *blocks)
{
  g_autoptr(GArray) short_terms = windows (blocks, 30);
  g_autoptr(GArray) kept = gate (short_terms, 20.0);
  double low, high;
  guint n = kept->len;

  if (n == 0)
    return 0.0;

  for (guint i = 0; i < n; i++)
    g_array_index (kept, double, i) = to_lufs (g_array_index (kept, double, i));
  g_array_sort (kept, compare_doubles);

  low = g_array_index (kept, double, (guint) ((n - 1) * 0.10 + 0.5));
  high = g_array_index (kept, double, (guint) ((n - 1) * 0.95 + 0.5));
  return high - low;
}

/* Down to TM_OVERVIEW_POINTS: the peak, and the loudest short-term value, of each span. */
static void
make_overview (Meter         *m,
               TmAudioReport *report)
{
  guint n = m->peaks->len;
  guint points = MIN (n, TM_OVERVIEW_POINTS);

  report->n_overview = points;
  report->overview_peak = g_new0 (float, MAX (points, 1));
  report->overview_short_term = g_new0 (float, MAX (points, 1));
  report->overview_momentary = g_new0 (float, MAX (points, 1));

  for (guint p = 0; p < points; p++)
    {
      guint from = (guint) ((guint64) p * n / points);
      guint to = MAX ((guint) ((guint64) (p + 1) * n / points), from + 1);
      float peak = 0, st = -INFINITY, mo = -INFINITY;

      for (guint i = from; i < to && i < n; i++)
        {
          peak = MAX (peak, g_array_index (m->peaks, float, i));
          st = MAX (st, g_array_index (m->short_terms, float, i));
          mo = MAX (mo, g_array_index (m->momentaries, float, i));
        }
      report->overview_peak[p] = peak;
      report->overview_short_term[p] = st;
      report->overview_momentary[p] = mo;
    }
}

static void
finish (Meter          *m,
        TmAudioReport  *report)
{
  double integrated = -HUGE_VAL, range = 0, dc = 0;
  guint64 peak_frame;

  /* The interpolator's last few outputs are not pushed out with zeros: the step to
   * silence is not in the audio, and a file that stops at full level would read
   * an over that no player makes (libebur128 and FFmpeg do the same). */
  if (m->in_step > 0)
    end_of_step (m);

  integrated = integrated_loudness (m->blocks);
  range = loudness_range (m->blocks);

  report->sample_rate = m->rate;
  report->channels = m->channels;
  report->duration_s = (double) m->frames / m->rate;
  report->integrated_lufs = isfinite (integrated) ? integrated : NAN;
  report->loudness_range_lu = isfinite (integrated) ? range : NAN;
  report->max_momentary_lufs = isfinite (m->max_momentary) ? m->max_momentary : NAN;
  report->max_short_term_lufs = isfinite (m->max_short_term) ? m->max_short_term : NAN;
  peak_worker_finish (m->peak, FALSE);
  report->true_peak_dbtp = to_db (MAX (tm_true_peak_get_peak (m->peak->true_peak, &peak_frame),
                                       m->sample_peak));
  report->true_peak_at_s = (double) MIN (peak_frame, m->frames) / m->rate;
  report->sample_peak_dbfs = to_db (m->sample_peak);
  report->content_cutoff_hz = tm_spectrum_get_cutoff (m->peak->spectrum, &report->cutoff_drop_db);
  report->dual_mono = m->identical && m->frames > 0;
  g_array_sort (report->clip_positions_s, compare_doubles);
  if (m->channels == 1 && isfinite (integrated))
    report->dual_mono_lufs = integrated + 10.0 * log10 (2.0);

  if (m->first_sound == G_MAXUINT64)
    {
      report->leading_silence_s = report->duration_s;
      report->trailing_silence_s = report->duration_s;
    }
  else
    {
      report->leading_silence_s = (double) m->first_sound / m->rate;
      report->trailing_silence_s = (double) (m->frames - 1 - m->last_sound) / m->rate;
    }

  for (guint c = 0; c < m->channels && m->frames > 0; c++)
    dc = MAX (dc, fabs (m->dc_sum[c] / m->frames));
  report->dc_offset_dbfs = dc > 0 ? to_db (dc) : NAN;

  /* Bits that are zero in every sample were never used: 16-bit audio in 24 bits. */
  if (m->track_bits && m->low_bits != 0)
    report->effective_bit_depth = report->bit_depth - MIN ((guint) __builtin_ctz (m->low_bits),
                                                           report->bit_depth);

  make_overview (m, report);
}

static gboolean
gst_error_to_inspect (GstMessage  *message,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);

  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_AUDIO,
                 _("%s is not audio that TuneMantra can read. Use WAV or FLAC (or MP3, AAC, Ogg "
                   "for previews)."), path);
  else
    g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT,
                 _("%s cannot be decoded: %s. The file may be damaged; export it again."), path,
                 gst_error->message);
  return FALSE;
}

/**
 * tm_audio_analyze_sync:
 *
 * Decodes @path once and measures it. Blocks for about 1 s per 10 min of audio:
 * call it from a worker thread. Cancelling returns at the next 100 ms.
 */
TmAudioReport *
tm_audio_analyze_sync (const char              *path,
                       TmAnalysisProgressFunc   progress,
                       gpointer                 progress_data,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  g_autoptr(TmAudioReport) report = g_new0 (TmAudioReport, 1);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) header_error = NULL;
  GstElement *src, *decode, *convert, *filter, *sink;
  g_autoptr(GstCaps) caps = NULL;
  TmAudioHeader header;
  PadData pad_data = { NULL, 0, FALSE, FALSE };
  gint64 last_sample;
  Meter meter = { 0 };
  gboolean have_header, ok = FALSE;
  gint64 duration = -1;
  g_autofree char *location = NULL;
  int fd = -1;

  if (!gst_init_check (NULL, NULL, error))
    return NULL;

  report->path = g_strdup (path);
  report->clip_positions_s = g_array_new (FALSE, FALSE, sizeof (double));
  report->integrated_lufs = report->loudness_range_lu = NAN;
  report->dual_mono_lufs = NAN;
  report->content_cutoff_hz = report->cutoff_drop_db = NAN;

  /* The header first: an empty, cut or damaged WAV/FLAC is refused before decoding. */
  have_header = tm_audio_header_read (path, &header, &header_error);
  if (!have_header && !g_error_matches (header_error, TM_INSPECT_ERROR,
                                        TM_INSPECT_ERROR_UNSUPPORTED))
    {
      g_propagate_error (error, g_steal_pointer (&header_error));
      return NULL;
    }
  if (have_header)
    {
      report->container = g_strdup (header.container);
      report->wav_format_tag = g_str_equal (header.container, "flac") ? 0 : header.format_tag;
      report->chunks_after_data = header.chunks_after_data;
      report->odd_chunks = header.odd_chunks;
      if (g_str_equal (header.container, "flac"))
        report->codec = g_strdup ("flac");
      else
        report->codec = g_strdup (header.format_tag == 3 || header.sub_format == 3 ? "float"
                                                                                   : "pcm");
    }

  /* GStreamer opens the very file checked here (a regular file, no FIFO to
   * block on), through /proc where there is one. */
  {
    g_autoptr(GError) open_error = NULL;

    if ((fd = tm_open_regular (path, TM_OPEN_FOLLOW, NULL, &open_error)) < 0)
      {
        g_set_error_literal (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNREADABLE,
                             open_error->message);
        return NULL;
      }
    location = tm_proc_path_for_fd (fd);
  }

  pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("filesrc", NULL);
  decode = gst_element_factory_make ("decodebin", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (!src || !decode || !convert || !filter || !sink)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED,
                   _("GStreamer's base plugins are missing; install gstreamer1.0-plugins-base."));
      close (fd);
      return NULL;
    }

  caps = gst_caps_from_string ("audio/x-raw,format=F32LE,layout=interleaved");
  /* Large blocks: fewer, larger buffers cross between the threads. */
  g_object_set (src, "location", location != NULL ? location : path, "blocksize", 1 << 20, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "sync", FALSE, "max-buffers", 64, "emit-signals", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, decode, convert, filter, sink, NULL);
  gst_element_link (src, decode);
  gst_element_link_many (convert, filter, sink, NULL);

  pad_data.convert = convert;
  g_signal_connect (decode, "pad-added", G_CALLBACK (pad_added_cb), &pad_data);
  g_signal_connect (decode, "no-more-pads", G_CALLBACK (no_more_pads_cb), &pad_data);
  g_signal_connect (decode, "deep-element-added", G_CALLBACK (element_added_cb), report);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  last_sample = g_get_monotonic_time ();

  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                                                                  PULL_TIMEOUT);
      g_autoptr(GstMessage) message = NULL;

      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);
          GstMapInfo map;

          last_sample = g_get_monotonic_time ();
          if (meter.blocks == NULL)
            {
              GstAudioInfo info;

              if (!gst_audio_info_from_caps (&info, gst_sample_get_caps (sample)))
                break;
              report->bit_depth = have_header ? header.bits : pad_data.decoded_bits;
              if (tm_audio_codec_is_lossy (report->codec))
                report->bit_depth = 0;
              if (!meter_init (&meter, GST_AUDIO_INFO_CHANNELS (&info),
                               GST_AUDIO_INFO_RATE (&info), report->bit_depth,
                               pad_data.decoded_float || (have_header && header.format_tag == 3),
                               error))
                goto out;
              gst_element_query_duration (pipeline, GST_FORMAT_TIME, &duration);
            }

          peak_worker_push (meter.peak, buffer);
          if (gst_buffer_map (buffer, &map, GST_MAP_READ))
            {
              feed (&meter, report, (const float *) map.data,
                    map.size / (sizeof (float) * meter.channels));
              gst_buffer_unmap (buffer, &map);
            }

          if (progress != NULL && duration > 0)
            progress (0, MIN (1.0, (double) meter.frames / meter.rate * GST_SECOND / duration),
                      progress_data);
          continue;
        }

      if ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL)
        {
          gst_error_to_inspect (message, path, error);
          goto out;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;

      /* No audio in it, or a decoder that stopped giving any: said, not waited on. */
      if (g_atomic_int_get (&pad_data.no_audio))
        break;
      if (g_get_monotonic_time () - last_sample > STALL_USEC)
        {
          g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_AUDIO,
                       _("%s could not be decoded to the end: the decoder stopped giving "
                         "audio. Export the file again as WAV or FLAC."), path);
          goto out;
        }
    }

  if (meter.blocks == NULL)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_AUDIO,
                   _("%s holds no audio."), path);
      goto out;
    }

  /* A FLAC (or WAV) that ends before its header says is cut, not finished. */
  if (have_header && header.frames > 0 && header.rate == meter.rate
      && meter.frames + meter.rate / 10 < header.frames)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TRUNCATED,
                   _("%s is cut short: its header promises %.1f s of audio, but only %.1f s "
                     "could be decoded. Export it again from your audio editor."), path,
                   (double) header.frames / header.rate, (double) meter.frames / meter.rate);
      goto out;
    }

  if (report->container == NULL)
    report->container = g_strdup ("unknown");
  if (report->codec == NULL)
    report->codec = g_strdup ("unknown");
  finish (&meter, report);
  ok = TRUE;

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  close (fd);
  meter_clear (&meter);
  return ok ? g_steal_pointer (&report) : NULL;
}

/* Many files at once */

void
tm_analysis_result_clear (TmAnalysisResult *result)
{
  g_clear_pointer (&result->report, tm_audio_report_free);
  g_clear_error (&result->error);
}

typedef struct
{
  const char * const     *paths;
  GArray                 *results;
  TmAnalysisProgressFunc  progress;
  gpointer                progress_data;
  GCancellable           *cancellable;
  GMutex                  lock;
} Batch;

typedef struct
{
  Batch *batch;
  guint  index;
} BatchProgress;

static void
batch_progress_cb (guint    unused,
                   double   fraction,
                   gpointer data)
{
  BatchProgress *bp = data;

  if (bp->batch->progress != NULL)
    bp->batch->progress (bp->index, fraction, bp->batch->progress_data);
}

static void
analyze_one (gpointer data,
             gpointer user_data)
{
  Batch *batch = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  BatchProgress bp = { batch, index };
  GError *error = NULL;
  TmAudioReport *report = tm_audio_analyze_sync (batch->paths[index], batch_progress_cb, &bp,
                                                 batch->cancellable, &error);

  g_mutex_lock (&batch->lock);
  g_array_index (batch->results, TmAnalysisResult, index).report = report;
  g_array_index (batch->results, TmAnalysisResult, index).error = error;
  g_mutex_unlock (&batch->lock);
}

/**
 * tm_audio_analyze_files:
 *
 * Analyses @paths with one pipeline per processor. Blocks.
 *
 * Returns: (transfer full) (element-type TmAnalysisResult): a result per path
 */
GArray *
tm_audio_analyze_files (const char * const     *paths,
                        TmAnalysisProgressFunc  progress,
                        gpointer                progress_data,
                        GCancellable           *cancellable)
{
  guint n = g_strv_length ((char **) paths);
  Batch batch = { paths, NULL, progress, progress_data, cancellable, { 0 } };
  GThreadPool *pool;

  batch.results = g_array_sized_new (FALSE, TRUE, sizeof (TmAnalysisResult), n);
  g_array_set_clear_func (batch.results, (GDestroyNotify) tm_analysis_result_clear);
  g_array_set_size (batch.results, n);
  g_mutex_init (&batch.lock);

  pool = g_thread_pool_new (analyze_one, &batch, MIN (MAX (g_get_num_processors (), 1), n ? n : 1),
                            FALSE, NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  g_mutex_clear (&batch.lock);
  return batch.results;
}

static void
analyze_files_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GArray *results = tm_audio_analyze_files (task_data, NULL, NULL, cancellable);

  if (g_task_return_error_if_cancelled (task))
    g_array_unref (results);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_array_unref);
}

void
tm_audio_analyze_files_async (const char * const  *paths,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, tm_audio_analyze_files_async);
  g_task_set_name (task, "[tm] analyse audio");
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, analyze_files_worker);
}

GArray *
tm_audio_analyze_files_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
