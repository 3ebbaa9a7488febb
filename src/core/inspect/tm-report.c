/* tm-report.c: what inspecting a file found, typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The checker, the package and the window read reports as these types; JSON is
 * their form only where they cross a boundary: kept in the catalog, printed by
 * the CLI. A report holds its figures at the precision it is shown and kept in
 * (hundredths of a dB or second), so a report read back from the catalog and
 * one just measured say the same. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-report.h"

struct _TmReport
{
  gatomicrefcount  ref_count;
  TmReportKind     kind;
  char            *path;
  TmAudioReport   *audio;
  TmImageReport   *image;
  char            *message;
};

G_DEFINE_BOXED_TYPE (TmReport, tm_report, tm_report_ref, tm_report_unref)

static TmReport *
report_new (TmReportKind  kind,
            const char   *path)
{
  TmReport *report = g_new0 (TmReport, 1);

  g_atomic_ref_count_init (&report->ref_count);
  report->kind = kind;
  report->path = g_strdup (path);
  return report;
}

TmReport *
tm_report_ref (TmReport *report)
{
  g_atomic_ref_count_inc (&report->ref_count);
  return report;
}

void
tm_report_unref (TmReport *report)
{
  if (report == NULL || !g_atomic_ref_count_dec (&report->ref_count))
    return;

  g_free (report->path);
  g_clear_pointer (&report->audio, tm_audio_report_free);
  g_clear_pointer (&report->image, tm_image_report_free);
  g_free (report->message);
  g_free (report);
}

static double
rounded (double value,
         double step)
{
  return isfinite (value) ? round (value / step) * step : value;
}

/**
 * tm_report_new_audio:
 * @audio: (transfer full): a measurement
 *
 * Its figures are kept at the precision they are shown and stored in.
 */
TmReport *
tm_report_new_audio (TmAudioReport *audio)
{
  TmReport *report = report_new (TM_REPORT_AUDIO, audio->path);
  double *figures[] = {
    &audio->duration_s, &audio->integrated_lufs, &audio->loudness_range_lu,
    &audio->max_momentary_lufs, &audio->max_short_term_lufs, &audio->true_peak_dbtp,
    &audio->true_peak_at_s, &audio->sample_peak_dbfs, &audio->leading_silence_s,
    &audio->trailing_silence_s, &audio->dc_offset_dbfs, &audio->dual_mono_lufs,
    &audio->cutoff_drop_db,
  };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    *figures[i] = rounded (*figures[i], 0.01);
  audio->content_cutoff_hz = rounded (audio->content_cutoff_hz, 10.0);
  for (guint i = 0; audio->clip_positions_s != NULL && i < audio->clip_positions_s->len; i++)
    g_array_index (audio->clip_positions_s, double, i) =
      rounded (g_array_index (audio->clip_positions_s, double, i), 0.001);
  for (guint i = 0; i < audio->n_overview; i++)
    {
      audio->overview_peak[i] = (float) rounded (audio->overview_peak[i], 0.0001);
      audio->overview_short_term[i] = (float) rounded (audio->overview_short_term[i], 0.1);
    }
  report->audio = audio;
  return report;
}

/**
 * tm_report_new_image:
 * @image: (transfer full): what the header said
 */
TmReport *
tm_report_new_image (TmImageReport *image)
{
  TmReport *report = report_new (TM_REPORT_IMAGE, image->path);

  report->image = image;
  return report;
}

TmReport *
tm_report_new_error (const char *path,
                     const char *message)
{
  TmReport *report = report_new (TM_REPORT_ERROR, path);

  report->message = g_strdup (message);
  return report;
}

TmReportKind
tm_report_get_kind (const TmReport *report)
{
  return report->kind;
}

const char *
tm_report_get_path (const TmReport *report)
{
  return report->path;
}

/* Returns: (nullable): the audio measurement, for an audio report */
const TmAudioReport *
tm_report_get_audio (const TmReport *report)
{
  return report != NULL ? report->audio : NULL;
}

/* Returns: (nullable): what the image's header said, for an image report */
const TmImageReport *
tm_report_get_image (const TmReport *report)
{
  return report != NULL ? report->image : NULL;
}

/* Returns: (nullable): why the file could not be inspected, for an error */
const char *
tm_report_get_message (const TmReport *report)
{
  return report->message;
}

/**
 * tm_report_to_json:
 * @with_overview: add the audio overview (`overview_peak`, linear, and
 *   `overview_short_term`, LUFS or null), as the catalog keeps it
 */
JsonNode *
tm_report_to_json (const TmReport *report,
                   gboolean        with_overview)
{
  JsonNode *node;
  JsonObject *o;

  switch (report->kind)
    {
    case TM_REPORT_AUDIO:
      node = tm_audio_report_to_json (report->audio);
      o = json_node_get_object (node);
      json_object_set_string_member (o, "path", report->path);
      if (with_overview)
        {
          JsonArray *peaks = json_array_new ();
          JsonArray *short_terms = json_array_new ();

          for (guint i = 0; i < report->audio->n_overview; i++)
            {
              json_array_add_double_element (peaks, report->audio->overview_peak[i]);
              if (isfinite (report->audio->overview_short_term[i]))
                json_array_add_double_element (short_terms,
                                               report->audio->overview_short_term[i]);
              else
                json_array_add_null_element (short_terms);
            }
          json_object_set_array_member (o, "overview_peak", peaks);
          json_object_set_array_member (o, "overview_short_term", short_terms);
        }
      return node;
    case TM_REPORT_IMAGE:
      node = tm_image_report_to_json (report->image);
      json_object_set_string_member (json_node_get_object (node), "path", report->path);
      return node;
    case TM_REPORT_ERROR:
    default:
      o = json_object_new ();
      json_object_set_string_member (o, "path", report->path);
      json_object_set_string_member (o, "kind", "error");
      json_object_set_string_member (o, "message", report->message);
      return json_node_init_object (json_node_alloc (), o);
    }
}

/* Reading back what tm_report_to_json() wrote */

static double
number (JsonObject *o,
        const char *key)
{
  return tm_json_double_or (o, key, NAN);
}

static guint
count (JsonObject *o,
       const char *key)
{
  return (guint) CLAMP (tm_json_int_or (o, key, 0), 0, G_MAXUINT);
}

static float *
floats (JsonObject *o,
        const char *key,
        guint       n)
{
  JsonNode *node = json_object_get_member (o, key);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                  : NULL;
  float *values = g_new (float, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = array != NULL && i < json_array_get_length (array)
                          ? json_array_get_element (array, i) : NULL;

      values[i] = element != NULL && JSON_NODE_HOLDS_VALUE (element)
                  && json_node_get_value_type (element) != G_TYPE_STRING
                  ? (float) json_node_get_double (element) : -INFINITY;
    }
  return values;
}

static TmAudioReport *
audio_from_json (JsonObject *o,
                 const char *path)
{
  TmAudioReport *a = g_new0 (TmAudioReport, 1);
  const char *tag = tm_json_string_or (o, "wav_format_tag", NULL);
  JsonNode *clips = json_object_get_member (o, "clip_positions_s");
  JsonNode *peaks = json_object_get_member (o, "overview_peak");

  a->path = g_strdup (path);
  a->container = g_strdup (tm_json_string_or (o, "container", NULL));
  a->codec = g_strdup (tm_json_string_or (o, "codec", NULL));
  a->sample_rate = count (o, "sample_rate");
  a->bit_depth = count (o, "bit_depth");
  a->effective_bit_depth = count (o, "effective_bit_depth");
  a->channels = count (o, "channels");
  a->duration_s = number (o, "duration_s");
  a->wav_format_tag = g_strcmp0 (tag, "pcm") == 0 ? 0x0001
                      : g_strcmp0 (tag, "extensible") == 0 ? 0xFFFE
                      : g_strcmp0 (tag, "float") == 0 ? 0x0003 : 0;
  a->integrated_lufs = number (o, "integrated_lufs");
  a->loudness_range_lu = number (o, "loudness_range_lu");
  a->max_momentary_lufs = number (o, "max_momentary_lufs");
  a->max_short_term_lufs = number (o, "max_short_term_lufs");
  a->true_peak_dbtp = number (o, "true_peak_dbtp");
  a->true_peak_at_s = number (o, "true_peak_at_s");
  a->sample_peak_dbfs = number (o, "sample_peak_dbfs");
  a->clipped_runs = count (o, "clipped_runs");
  a->leading_silence_s = number (o, "leading_silence_s");
  a->trailing_silence_s = number (o, "trailing_silence_s");
  a->dc_offset_dbfs = number (o, "dc_offset_dbfs");
  a->dual_mono_lufs = number (o, "dual_mono_lufs");
  a->content_cutoff_hz = number (o, "content_cutoff_hz");
  a->cutoff_drop_db = number (o, "cutoff_drop_db");
  a->dual_mono = tm_json_bool_or (o, "is_dual_mono", FALSE);
  a->chunks_after_data = tm_json_bool_or (o, "chunks_after_data", FALSE);
  a->odd_chunks = tm_json_bool_or (o, "odd_chunks", FALSE);

  a->clip_positions_s = g_array_new (FALSE, FALSE, sizeof (double));
  if (clips != NULL && JSON_NODE_HOLDS_ARRAY (clips))
    {
      JsonArray *list = json_node_get_array (clips);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);
          double at;

          if (!JSON_NODE_HOLDS_VALUE (element)
              || json_node_get_value_type (element) == G_TYPE_STRING)
            continue;
          at = json_node_get_double (element);
          g_array_append_val (a->clip_positions_s, at);
        }
    }

  if (peaks != NULL && JSON_NODE_HOLDS_ARRAY (peaks))
    {
      a->n_overview = json_array_get_length (json_node_get_array (peaks));
      a->overview_peak = floats (o, "overview_peak", a->n_overview);
      a->overview_short_term = floats (o, "overview_short_term", a->n_overview);
    }
  return a;
}

static TmImageReport *
image_from_json (JsonObject *o,
                 const char *path)
{
  TmImageReport *image = g_new0 (TmImageReport, 1);

  image->path = g_strdup (path);
  image->format = g_strdup (tm_json_string_or (o, "format", NULL));
  image->width = (guint) CLAMP (tm_json_int_or (o, "width", 0), 0, G_MAXUINT);
  image->height = (guint) CLAMP (tm_json_int_or (o, "height", 0), 0, G_MAXUINT);
  image->color_model = g_strdup (tm_json_string_or (o, "color_model", NULL));
  image->has_alpha = tm_json_bool_or (o, "has_alpha", FALSE);
  image->icc_profile = tm_json_bool_or (o, "icc_profile", FALSE);
  image->exif_orientation = (guint) CLAMP (tm_json_int_or (o, "exif_orientation", 0), 0, 8);
  image->progressive = tm_json_bool_or (o, "progressive", FALSE);
  image->bytes = tm_json_int_or (o, "bytes", 0);
  return image;
}

/**
 * tm_report_new_from_json:
 * @path: the file the report is about (reports are kept by file)
 *
 * Reads a report as tm_report_to_json() writes it.
 *
 * Returns: (transfer full): the report, or %NULL with an error for JSON that
 *   is not one
 */
TmReport *
tm_report_new_from_json (JsonObject  *object,
                         const char  *path,
                         GError     **error)
{
  const char *kind = tm_json_string_or (object, "kind", NULL);
  TmReport *report;

  if (g_strcmp0 (kind, "audio") == 0)
    {
      report = report_new (TM_REPORT_AUDIO, path);
      report->audio = audio_from_json (object, path);
    }
  else if (g_strcmp0 (kind, "image") == 0)
    {
      report = report_new (TM_REPORT_IMAGE, path);
      report->image = image_from_json (object, path);
    }
  else if (g_strcmp0 (kind, "error") == 0)
    report = tm_report_new_error (path, tm_json_string_or (object, "message", ""));
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The report of %s is of no kind TuneMantra knows."), path);
      return NULL;
    }
  return report;
}
