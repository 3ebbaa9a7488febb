/* test-check.c: platform profiles and every check, firing and staying silent
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tm-checker.h"
#include "tm-requirements-private.h"
#include "tm-test-utils.h"

static GPtrArray *profiles;

/* A release every profile accepts: the baseline each case changes one thing of. */
typedef struct
{
  TmRelease  *release;
  GPtrArray  *tracks;
  TmArtwork  *artwork;
  GHashTable *reports;
  GHashTable *elsewhere;
  GDateTime  *now;
} Fixture;

static const char good_audio[] =
  "{\"kind\":\"audio\",\"container\":\"wav\",\"codec\":\"pcm\",\"sample_rate\":44100,"
  "\"bit_depth\":24,\"effective_bit_depth\":24,\"channels\":2,\"duration_s\":200,"
  "\"wav_format_tag\":\"pcm\",\"integrated_lufs\":-14,\"true_peak_dbtp\":-1.5,"
  "\"sample_peak_dbfs\":-1.6,\"clipped_runs\":0,\"clip_positions_s\":[],"
  "\"leading_silence_s\":0.1,\"trailing_silence_s\":1.0,\"is_dual_mono\":false,"
  "\"chunks_after_data\":false,\"odd_chunks\":false}";
static const char good_image[] =
  "{\"kind\":\"image\",\"format\":\"jpeg\",\"width\":3000,\"height\":3000,"
  "\"color_model\":\"rgb\",\"icc_profile\":false,\"exif_orientation\":null,"
  "\"progressive\":false,\"bytes\":2000000,\"has_alpha\":false}";

static JsonObject *
object_from (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
set (gpointer    record,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tm_record_set_from_string (TM_RECORD (record), key, value, &error));
  g_assert_no_error (error);
}

static TmTrack *
good_track (int         number,
            const char *title,
            const char *isrc,
            const char *path)
{
  TmTrack *track = tm_track_new ();

  tm_record_set_id (TM_RECORD (track), number);
  tm_track_set_disc (track, 1);
  tm_track_set_number (track, number);
  set (track, "title", title);
  set (track, "artists", "Nova");
  set (track, "isrc", isrc);
  set (track, "contributors", "[{\"name\":\"Ann Example\",\"role\":\"composer\"}]");
  set (track, "audio_path", path);
  return track;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *date = NULL;

  f->now = g_date_time_new (utc, 2026, 11, 24, 12, 0, 0);
  later = g_date_time_add_days (f->now, 30);
  date = g_date_time_format (later, "%Y-%m-%d");

  f->release = tm_release_new ();
  tm_record_set_id (TM_RECORD (f->release), 1);
  set (f->release, "title", "First Light");
  set (f->release, "artists", "Nova");
  set (f->release, "release_type", "single");
  set (f->release, "label", "Nova Records");
  set (f->release, "genre", "Electronic");
  set (f->release, "language", "en");
  set (f->release, "release_date", date);
  set (f->release, "timezone", "Europe/Berlin");
  set (f->release, "p_year", "2026");
  set (f->release, "p_holder", "Nova Records");
  set (f->release, "c_year", "2026");
  set (f->release, "c_holder", "Nova Records");
  set (f->release, "upc", "036000291452");

  f->tracks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (f->tracks, good_track (1, "Dawn", "GBXYZ2600001", "/music/dawn.wav"));

  f->artwork = tm_artwork_new ();
  tm_artwork_set_path (f->artwork, "/music/cover.jpg");

  f->reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_object_unref);
  g_hash_table_insert (f->reports, g_strdup ("/music/dawn.wav"), object_from (good_audio));
  g_hash_table_insert (f->reports, g_strdup ("/music/cover.jpg"), object_from (good_image));
  f->elsewhere = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_unref (f->release);
  g_ptr_array_unref (f->tracks);
  g_clear_object (&f->artwork);
  g_hash_table_unref (f->reports);
  g_hash_table_unref (f->elsewhere);
  g_date_time_unref (f->now);
}

/* The fixture's reports are JSON, as the catalog keeps them; the checker
 * reads them typed. */
static GHashTable *
typed_reports (GHashTable *json)
{
  GHashTable *typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) tm_report_unref);
  GHashTableIter iter;
  gpointer path, object;

  g_hash_table_iter_init (&iter, json);
  while (g_hash_table_iter_next (&iter, &path, &object))
    {
      g_autoptr(GError) error = NULL;
      TmReport *report = tm_report_new_from_json (object, path, &error);

      g_assert_no_error (error);
      g_hash_table_insert (typed, g_strdup (path), report);
    }
  return typed;
}

static GPtrArray *
run (Fixture    *f,
     const char *profile_id)
{
  TmRequirements *profile = tm_requirements_find (profiles, profile_id);
  g_autoptr(GHashTable) reports = typed_reports (f->reports);
  TmCheckInput input = { f->release, f->tracks, f->artwork, reports, f->elsewhere, f->now };

  g_assert_nonnull (profile);
  return tm_checker_check (&input, profile);
}

static char *
codes (GPtrArray *issues)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < issues->len; i++)
    g_string_append_printf (text, "%s%s", i ? " " : "",
                            tm_issue_get_code (g_ptr_array_index (issues, i)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonObject *
audio_report (Fixture *f)
{
  return g_hash_table_lookup (f->reports, "/music/dawn.wav");
}

static JsonObject *
image_report (Fixture *f)
{
  return g_hash_table_lookup (f->reports, "/music/cover.jpg");
}

/* The baseline is silent everywhere: every rule stays quiet on a good release. */
static void
test_baseline_silent (Fixture       *f,
                      gconstpointer  data)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      TmRequirements *profile = g_ptr_array_index (profiles, i);
      g_autoptr(GPtrArray) issues = run (f, tm_requirements_get_id (profile));
      g_autofree char *found = codes (issues);

      g_test_message ("%s: %s", tm_requirements_get_id (profile), found);
      g_assert_cmpstr (found, ==, "");
    }
}

typedef void (*Change) (Fixture *f);

typedef struct
{
  const char *code;         /* what must fire; NULL: nothing may */
  const char *profile;      /* where */
  const char *silent_in;    /* a profile where it must not fire, or NULL */
  Change      change;
} Case;

/* Release and track fields */
static void no_title (Fixture *f) { set (f->release, "title", ""); }
static void no_label (Fixture *f) { set (f->release, "label", ""); }
static void no_p_line (Fixture *f) { set (f->release, "p_holder", ""); }
static void no_isrc (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "isrc", ""); }
static void no_composer (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "contributors", "[]"); }
static void bad_isrc (Fixture *f) { tm_track_set_isrc (g_ptr_array_index (f->tracks, 0), "GB-XYZ"); }
static void bad_upc (Fixture *f) { tm_release_set_upc (f->release, "036000291453"); }
static void
twin_isrc (Fixture *f)
{
  g_ptr_array_add (f->tracks, good_track (2, "Noon", "GBXYZ2600001", "/music/dawn.wav"));
}
static void
isrc_elsewhere (Fixture *f)
{
  g_hash_table_insert (f->elsewhere, g_strdup ("GBXYZ2600001"), g_strdup ("track 4 of “Old”"));
}
static void
short_splits (Fixture *f)
{
  set (g_ptr_array_index (f->tracks, 0), "splits", "[{\"party\":\"Ann\",\"share_bp\":6000}]");
}
static void
full_splits (Fixture *f)
{
  set (g_ptr_array_index (f->tracks, 0), "splits",
       "[{\"party\":\"Ann\",\"share_bp\":6000},{\"party\":\"Bo\",\"share_bp\":4000}]");
}
static void as_album (Fixture *f) { set (f->release, "release_type", "album"); }
static void
soon (Fixture *f)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (f->now, 2);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  set (f->release, "release_date", date);
}
static void past (Fixture *f) { set (f->release, "release_date", "2020-01-01"); }
static void
week_ahead (Fixture *f)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (f->now, 8);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  set (f->release, "release_date", date);
}
static void explicit_track (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "explicit", "true"); }
static void
explicit_both (Fixture *f)
{
  explicit_track (f);
  set (f->release, "explicit", "true");
}
static void
no_territories (Fixture *f)
{
  set (f->release, "territory_mode", "list");
  set (f->release, "territories", "[]");
}
static void some_territories (Fixture *f) { set (f->release, "territory_mode", "list"); set (f->release, "territories", "DE FR"); }
static void feat_title (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "title", "Dawn feat. Ann"); }
static void version_title (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "title", "Dawn (Radio Edit)"); }
static void caps_title (Fixture *f) { set (f->release, "title", "FIRST LIGHT"); }
static void emoji_title (Fixture *f) { set (f->release, "title", "First Light 🌅"); }
static void plain_words (Fixture *f) { set (g_ptr_array_index (f->tracks, 0), "title", "Live Forever, Mixtape Days"); }
static void no_tracks (Fixture *f) { g_ptr_array_set_size (f->tracks, 0); }

/* Audio */
static void
audio_set (Fixture    *f,
           const char *key,
           const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  json_object_set_member (audio_report (f), key, g_steal_pointer (&node));
}
static void no_audio (Fixture *f) { tm_track_set_audio_path (g_ptr_array_index (f->tracks, 0), NULL); }
static void not_analysed (Fixture *f) { g_hash_table_remove (f->reports, "/music/dawn.wav"); }
static void
unreadable (Fixture *f)
{
  g_hash_table_insert (f->reports, g_strdup ("/music/dawn.wav"),
                       object_from ("{\"kind\":\"error\",\"message\":\"/music/dawn.wav is cut "
                                    "short\"}"));
}
static void mp3 (Fixture *f) { audio_set (f, "container", "\"mp3\""); audio_set (f, "codec", "\"mp3\""); }
static void mp3_in_wav (Fixture *f) { audio_set (f, "codec", "\"mp3\""); }
static void rate_22k (Fixture *f) { audio_set (f, "sample_rate", "22050"); }
static void rate_64k (Fixture *f) { audio_set (f, "sample_rate", "64000"); }
static void rate_96k (Fixture *f) { audio_set (f, "sample_rate", "96000"); }
static void float32 (Fixture *f) { audio_set (f, "bit_depth", "32"); audio_set (f, "codec", "\"float\""); }
static void padded (Fixture *f) { audio_set (f, "effective_bit_depth", "16"); }
static void mono (Fixture *f) { audio_set (f, "channels", "1"); }
static void surround (Fixture *f) { audio_set (f, "channels", "6"); }
static void dual_mono (Fixture *f) { audio_set (f, "is_dual_mono", "true"); }
static void extensible (Fixture *f) { audio_set (f, "wav_format_tag", "\"extensible\""); }
static void chunk_after (Fixture *f) { audio_set (f, "chunks_after_data", "true"); }
static void too_short (Fixture *f) { audio_set (f, "duration_s", "0.5"); }
static void lead_silence (Fixture *f) { audio_set (f, "leading_silence_s", "3.2"); }
static void lead_silence_edge (Fixture *f) { audio_set (f, "leading_silence_s", "2.0"); }
static void tail_silence (Fixture *f) { audio_set (f, "trailing_silence_s", "12"); }
static void
clipping (Fixture *f)
{
  audio_set (f, "clipped_runs", "3");
  audio_set (f, "clip_positions_s", "[12.5, 13.0, 80.25]");
}
static void upsampled (Fixture *f) { audio_set (f, "content_cutoff_hz", "10750"); }
static void mp3_origin (Fixture *f) { audio_set (f, "content_cutoff_hz", "16690"); }
static void hires_upsampled (Fixture *f) { audio_set (f, "sample_rate", "96000"); audio_set (f, "content_cutoff_hz", "22050"); }
static void antialiased (Fixture *f) { audio_set (f, "content_cutoff_hz", "20500"); }
static void quiet (Fixture *f) { audio_set (f, "integrated_lufs", "-31.5"); }
static void
second_track (Fixture    *f,
              const char *lufs)
{
  g_autofree char *report = g_strdup_printf ("{\"kind\":\"audio\",\"container\":\"wav\","
                                             "\"codec\":\"pcm\",\"sample_rate\":44100,"
                                             "\"bit_depth\":24,\"channels\":2,"
                                             "\"duration_s\":180,\"integrated_lufs\":%s,"
                                             "\"true_peak_dbtp\":-1.5}", lufs);

  g_ptr_array_add (f->tracks, good_track (2, "Dusk", "GBXYZ2600002", "/music/dusk.wav"));
  g_ptr_array_add (f->tracks, good_track (3, "Noon", "GBXYZ2600003", "/music/noon.wav"));
  g_hash_table_insert (f->reports, g_strdup ("/music/dusk.wav"), object_from (report));
  g_hash_table_insert (f->reports, g_strdup ("/music/noon.wav"), object_from (good_audio));
}
static void quieter_than_album (Fixture *f) { second_track (f, "-26.5"); }
static void a_little_quieter (Fixture *f) { second_track (f, "-21"); }
static void hot_peak (Fixture *f) { audio_set (f, "true_peak_dbtp", "-0.4"); }
static void edge_peak (Fixture *f) { audio_set (f, "true_peak_dbtp", "-1.0"); }

/* Artwork */
static void
image_set (Fixture    *f,
           const char *key,
           const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  json_object_set_member (image_report (f), key, g_steal_pointer (&node));
}
static void no_cover (Fixture *f) { g_clear_object (&f->artwork); }
static void
bad_cover (Fixture *f)
{
  g_hash_table_insert (f->reports, g_strdup ("/music/cover.jpg"),
                       object_from ("{\"kind\":\"error\",\"message\":\"/music/cover.jpg is cut "
                                    "short\"}"));
}
static void webp (Fixture *f) { image_set (f, "format", "\"webp\""); }
static void small (Fixture *f) { image_set (f, "width", "1000"); image_set (f, "height", "1000"); }
static void oblong (Fixture *f) { image_set (f, "height", "2999"); }
static void huge (Fixture *f) { image_set (f, "width", "8000"); image_set (f, "height", "8000"); }
static void cmyk (Fixture *f) { image_set (f, "color_model", "\"cmyk\""); }
static void heavy (Fixture *f) { image_set (f, "bytes", "11534336"); }
static void icc (Fixture *f) { image_set (f, "icc_profile", "true"); }
static void rotated (Fixture *f) { image_set (f, "exif_orientation", "6"); }
static void upright (Fixture *f) { image_set (f, "exif_orientation", "1"); }

static const Case cases[] = {
  { "release.missing_field", "spotify", NULL, no_title },
  { "release.missing_field", "apple-music", NULL, no_label },
  { "release.missing_field", "generic", NULL, no_p_line },
  { "track.missing_field", "spotify", NULL, no_isrc },
  { "track.missing_field", "apple-music", NULL, no_composer },
  { "track.isrc_invalid", "spotify", NULL, bad_isrc },
  { "track.isrc_duplicate", "spotify", NULL, twin_isrc },
  { "track.isrc_in_use", "spotify", NULL, isrc_elsewhere },
  { "release.upc_invalid", "apple-music", NULL, bad_upc },
  { "track.splits_total", "spotify", NULL, short_splits },
  { NULL, "spotify", NULL, full_splits },
  { "release.type_mismatch", "apple-music", NULL, as_album },
  { "release.lead_time", "spotify", NULL, soon },
  { "release.lead_time", "spotify", NULL, past },
  { NULL, "spotify", NULL, week_ahead },
  { "release.explicit_mismatch", "spotify", NULL, explicit_track },
  { NULL, "spotify", NULL, explicit_both },
  { "release.no_territories", "generic", NULL, no_territories },
  { NULL, "generic", NULL, some_territories },
  { "metadata.title_featuring", "spotify", NULL, feat_title },
  { "metadata.title_version", "apple-music", NULL, version_title },
  { "metadata.title_all_caps", "spotify", NULL, caps_title },
  { "metadata.title_emoji", "spotify", NULL, emoji_title },
  { NULL, "spotify", NULL, plain_words },
  { "release.no_tracks", "spotify", NULL, no_tracks },
  { "audio.missing", "spotify", NULL, no_audio },
  { "audio.not_analysed", "spotify", NULL, not_analysed },
  { "audio.unreadable", "apple-music", NULL, unreadable },
  { "audio.format", "spotify", NULL, mp3 },
  { "audio.lossy", "spotify", NULL, mp3_in_wav },
  { "audio.sample_rate_low", "spotify", NULL, rate_22k },
  { "audio.sample_rate_unsupported", "apple-music", "spotify", rate_64k },
  { NULL, "apple-music", NULL, rate_96k },
  { "audio.bit_depth", "spotify", NULL, float32 },
  { "audio.padded_bit_depth", "spotify", NULL, padded },
  { "audio.mono", "apple-music", NULL, mono },
  { "audio.channels", "spotify", NULL, surround },
  { "audio.dual_mono", "spotify", NULL, dual_mono },
  { "audio.wav_extensible", "spotify", "apple-music", extensible },
  { "audio.chunks_after_data", "spotify", "apple-music", chunk_after },
  { "audio.too_short", "generic", NULL, too_short },
  { "audio.leading_silence", "spotify", NULL, lead_silence },
  { NULL, "spotify", NULL, lead_silence_edge },
  { "audio.trailing_silence", "deezer", NULL, tail_silence },
  { "audio.clipping", "apple-music", NULL, clipping },
  { "audio.upsampled", "spotify", NULL, upsampled },
  { "audio.lossy_origin", "apple-music", NULL, mp3_origin },
  { "audio.upsampled", "apple-music", NULL, hires_upsampled },
  { NULL, "spotify", NULL, antialiased },
  { "audio.quiet", "spotify", NULL, quiet },
  { "audio.quieter_than_album", "spotify", NULL, quieter_than_album },
  { NULL, "spotify", NULL, a_little_quieter },
  { "audio.true_peak", "spotify", NULL, hot_peak },
  { NULL, "spotify", NULL, edge_peak },
  { "artwork.missing", "spotify", NULL, no_cover },
  { "artwork.unreadable", "spotify", NULL, bad_cover },
  { "artwork.format", "spotify", NULL, webp },
  { "artwork.too_small", "apple-music", "spotify", small },
  { "artwork.not_square", "spotify", NULL, oblong },
  { "artwork.too_large", "spotify", NULL, huge },
  { "artwork.color_model", "apple-music", NULL, cmyk },
  { "artwork.file_too_big", "spotify", NULL, heavy },
  { "artwork.icc_profile", "spotify", "apple-music", icc },
  { "artwork.exif_orientation", "spotify", "apple-music", rotated },
  { NULL, "spotify", NULL, upright },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *found = NULL;

  fixture_setup (f, NULL);
  c->change (f);
  issues = run (f, c->profile);
  found = codes (issues);
  g_test_message ("%s: %s", c->profile, found);

  if (c->code == NULL)
    g_assert_cmpstr (found, ==, "");
  else
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (issues, i);

          if (!g_str_equal (tm_issue_get_code (issue), c->code))
            continue;
          seen = TRUE;
          /* Every issue says what, why (the rule and its source) and what to do. */
          g_assert_nonnull (tm_issue_get_message (issue));
          g_assert_nonnull (tm_issue_get_hint (issue));
          g_assert_nonnull (tm_issue_get_rule (issue));
          g_assert_nonnull (tm_issue_get_source (issue));
          g_assert_cmpstr (tm_issue_get_platform (issue), ==, c->profile);
        }
      if (!seen)
        g_error ("%s did not fire for %s; found: %s", c->code, c->profile, found);
    }

  if (c->silent_in != NULL)
    {
      g_autoptr(GPtrArray) others = run (f, c->silent_in);
      g_autofree char *other_codes = codes (others);

      g_assert_null (strstr (other_codes, c->code));
    }

  fixture_teardown (f, NULL);
}

static void
test_issue_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  mono (f);
  no_label (f);
  issues = run (f, "apple-music");
  g_assert_cmpuint (issues->len, ==, 2);

  /* Errors come first, the release before its tracks. */
  node = tm_issue_to_json (g_ptr_array_index (issues, 0));
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "release.missing_field");
  g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, "label");
  g_assert_true (json_object_get_null_member (o, "track"));
  g_clear_pointer (&node, json_node_unref);

  node = tm_issue_to_json (g_ptr_array_index (issues, 1));
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "audio.mono");
  g_assert_cmpstr (json_object_get_string_member (o, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (o, "platform"), ==, "apple-music");
  g_assert_cmpint (json_object_get_int_member (o, "track"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, "audio");
  g_assert_cmpint (json_object_get_int_member (o, "value"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "message"), "mono"));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "source"), "single-channel"));
  g_assert_true (tm_checker_has_errors (issues));
}

static void
test_profiles (void)
{
  static const char * const expected[] = {
    "spotify", "apple-music", "amazon-music", "youtube-music", "deezer", "tidal", "soundcloud",
    "pandora", "tiktok", "generic", NULL
  };

  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_nonnull (tm_requirements_find (profiles, expected[i]));
  g_assert_cmpuint (profiles->len, ==, g_strv_length ((char **) expected));
  g_assert_true (tm_requirements_find (profiles, "Apple Music")
                 == tm_requirements_find (profiles, "APPLE-MUSIC"));
  g_assert_null (tm_requirements_find (profiles, "napster"));

  /* Every figure names where it comes from. */
  for (guint i = 0; i < profiles->len; i++)
    {
      TmRequirements *profile = g_ptr_array_index (profiles, i);
      static const char * const keys[] = { "audio.formats", "audio.min_sample_rate",
                                           "artwork.min_px", "release.required", NULL };

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_assert_nonnull (tm_requirements_get_rule (profile, keys[k]));
          g_assert_nonnull (tm_requirements_get_source (profile, keys[k]));
        }
    }
  /* The generic profile is last: a fallback, not a store. */
  g_assert_cmpstr (tm_requirements_get_id (g_ptr_array_index (profiles, profiles->len - 1)), ==,
                   "generic");
}

static void
test_overrides (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "spotify.json", NULL);
  g_autofree char *extra = g_build_filename (dir, "bandcamp.json", NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  TmRequirements *spotify;
  double value = 0;

  g_assert_true (g_file_set_contents (path,
    "{\"id\":\"spotify\",\"rules\":{"
    "\"artwork.min_px\":{\"value\":3000,\"source\":\"My distributor\"},"
    "\"audio.max_duration_s\":{\"value\":600,\"source\":\"My distributor\"},"
    "\"audio.max_true_peak_dbtp\":{\"value\":-1,\"severity\":\"off\"}}}", -1, NULL));
  g_assert_true (g_file_set_contents (extra,
    "{\"id\":\"bandcamp\",\"name\":\"Bandcamp\",\"rules\":{}}", -1, NULL));

  loaded = tm_requirements_load_all (dir, &error);
  g_assert_no_error (error);
  spotify = tm_requirements_find (loaded, "spotify");
  g_assert_true (tm_requirements_get_double (spotify, "artwork.min_px", &value));
  g_assert_cmpfloat (value, ==, 3000);
  g_assert_cmpstr (tm_requirements_get_source (spotify, "artwork.min_px"), ==, "My distributor");
  /* What the override does not name is kept; what it turns off is gone. */
  g_assert_true (tm_requirements_get_boolean (spotify, "audio.lossless_required"));
  g_assert_null (tm_requirements_get_rule (spotify, "audio.max_true_peak_dbtp"));
  g_assert_nonnull (tm_requirements_find (loaded, "Bandcamp"));

  {
    Fixture fixture = { 0 };
    TmCheckInput input;
    g_autoptr(GHashTable) reports = NULL;
    g_autoptr(GPtrArray) issues = NULL;
    g_autofree char *found = NULL;

    fixture_setup (&fixture, NULL);
    audio_set (&fixture, "duration_s", "700");
    hot_peak (&fixture);
    reports = typed_reports (fixture.reports);
    input = (TmCheckInput) { fixture.release, fixture.tracks, fixture.artwork, reports,
                             NULL, fixture.now };
    issues = tm_checker_check (&input, spotify);
    found = codes (issues);
    g_assert_cmpstr (found, ==, "audio.too_long");
    fixture_teardown (&fixture, NULL);
  }

  /* A broken file is named, and nothing is loaded from a half-read folder. */
  g_assert_true (g_file_set_contents (path, "{\"id\":\"spotify\",\"rules\":{\"x\":3}}", -1, NULL));
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = tm_requirements_load_all (dir, &error);
  g_assert_null (loaded);
  g_assert_error (error, TM_REQUIREMENTS_ERROR, TM_REQUIREMENTS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{not json", -1, NULL));
  loaded = tm_requirements_load_all (dir, &error);
  g_assert_null (loaded);
  g_assert_nonnull (strstr (error->message, path));

  tm_test_remove_tree (dir);
}

static void
test_loudness_gain (void)
{
  TmRequirements *spotify = tm_requirements_find (profiles, "spotify");
  TmRequirements *tidal = tm_requirements_find (profiles, "tidal");
  TmRequirements *apple = tm_requirements_find (profiles, "apple-music");
  TmRequirements *pandora = tm_requirements_find (profiles, "pandora");
  double gain = 0;
  const double lufs[] = { -10, -16, NAN };
  const double durations[] = { 100, 100, 50 };

  /* Spotify's own example: -20 LUFS peaking at -5 dBTP is lifted only to -16. */
  g_assert_true (tm_checker_loudness_gain (spotify, -20, -5, &gain));
  g_assert_cmpfloat_with_epsilon (gain, 4.0, 1e-9);
  g_assert_true (tm_checker_loudness_gain (spotify, -9, -0.5, &gain));
  g_assert_cmpfloat_with_epsilon (gain, -5.0, 1e-9);
  /* TIDAL turns down only; Apple's Sound Check lifts without a peak rule. */
  g_assert_true (tm_checker_loudness_gain (tidal, -20, -5, &gain));
  g_assert_cmpfloat (gain, ==, 0);
  g_assert_true (tm_checker_loudness_gain (apple, -20, -5, &gain));
  g_assert_cmpfloat_with_epsilon (gain, 4.0, 1e-9);
  g_assert_false (tm_checker_loudness_gain (pandora, -20, -5, &gain));
  g_assert_false (tm_checker_loudness_gain (spotify, -INFINITY, -5, &gain));

  /* Energies, not decibels, are averaged: -10 and -16 over equal time make -12.04. */
  g_assert_cmpfloat_with_epsilon (tm_checker_album_loudness (lufs, durations, 3), -12.037,
                                  0.001);
  g_assert_true (isnan (tm_checker_album_loudness (lufs + 2, durations + 2, 1)));

  /* As the player applies them: Spotify keeps an album's balance (its gain for
   * every track), Apple Music gives each track its own; one alone, or out of
   * the album, is a track either way; an unmeasured one is left as it is. */
  {
    const double peaks[] = { -1, -1, NAN };
    double gains[3];

    tm_checker_playback_gains (spotify, lufs, peaks, durations, 3, TRUE, gains);
    g_assert_cmpfloat_with_epsilon (gains[0], -14 + 12.037, 0.001);
    g_assert_cmpfloat_with_epsilon (gains[1], -14 + 12.037, 0.001);
    g_assert_cmpfloat (gains[2], ==, 0);
    tm_checker_playback_gains (spotify, lufs, peaks, durations, 3, FALSE, gains);
    g_assert_cmpfloat_with_epsilon (gains[0], -4.0, 1e-9);
    /* Lifted only as far as its peak at -1 dBTP leaves 1 dB: not at all. */
    g_assert_cmpfloat_with_epsilon (gains[1], 0.0, 1e-9);
    tm_checker_playback_gains (apple, lufs, peaks, durations, 3, TRUE, gains);
    g_assert_cmpfloat_with_epsilon (gains[0], -6.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (gains[1], 0.0, 1e-9);
    tm_checker_playback_gains (pandora, lufs, peaks, durations, 3, TRUE, gains);
    g_assert_cmpfloat (gains[0], ==, 0);
    g_assert_cmpfloat (gains[1], ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  empty = tm_test_make_tmp_dir ();
  profiles = tm_requirements_load_all (empty, &error);
  g_assert_no_error (error);

  g_test_add_func ("/check/profiles", test_profiles);
  g_test_add_func ("/check/profiles/overrides", test_overrides);
  g_test_add_func ("/check/loudness-gain", test_loudness_gain);
  g_test_add ("/check/baseline-silent", Fixture, NULL, fixture_setup, test_baseline_silent,
              fixture_teardown);
  g_test_add ("/check/issue-json", Fixture, NULL, fixture_setup, test_issue_json,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/check/rule/%02u-%s", i,
                                               cases[i].code ? cases[i].code : "silent");

      g_test_add_data_func (path, &cases[i], test_case);
    }

  status = g_test_run ();
  g_ptr_array_unref (profiles);
  tm_test_remove_tree (empty);
  return status;
}
