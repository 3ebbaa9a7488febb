/* test-model.c: the model's properties, notification, text forms and state machine
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tm-model.h"
#include "tm-status-details.h"

/* STATUS.md's table, copied as text so the test does not share the code's table. */
static const char *status_md =
  "created            -> validating, queued, scheduled, failed\n"
  "validating         -> queued, scheduled, needs_attention, failed\n"
  "scheduled          -> queued, created, failed\n"
  "queued             -> preparing, scheduled, created, failed\n"
  "preparing          -> uploading, failed, needs_attention, retrying\n"
  "uploading          -> processing_by_platform, distributed, failed, retrying, needs_attention\n"
  "processing_by_platform -> distributed, live, needs_attention, failed\n"
  "distributed        -> live, needs_attention, updating, takedown_requested\n"
  "live               -> updating, takedown_requested, needs_attention\n"
  "failed             -> retrying, queued, needs_attention\n"
  "retrying           -> preparing, uploading, failed, needs_attention\n"
  "needs_attention    -> validating, queued, takedown_requested\n"
  "updating           -> updated, failed, needs_attention\n"
  "updated            -> live, updating, takedown_requested\n"
  "takedown_requested -> removed, failed, needs_attention\n"
  "removed            -> queued\n";

static gboolean
table_allows (const char *from,
              const char *to)
{
  g_auto(GStrv) lines = g_strsplit (status_md, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "->", 2);
      g_auto(GStrv) targets = NULL;

      if (parts[0] == NULL || parts[1] == NULL || !g_str_equal (g_strstrip (parts[0]), from))
        continue;

      targets = g_strsplit (parts[1], ",", -1);
      for (guint t = 0; targets[t] != NULL; t++)
        if (g_str_equal (g_strstrip (targets[t]), to))
          return TRUE;
      return FALSE;
    }

  g_assert_not_reached ();
}

static void
test_transitions_match_status_md (void)
{
  guint allowed = 0;

  for (int from = 0; from < TM_N_DISTRIBUTION_STATUSES; from++)
    for (int to = 0; to < TM_N_DISTRIBUTION_STATUSES; to++)
      {
        const char *f = tm_distribution_status_to_string (from);
        const char *t = tm_distribution_status_to_string (to);

        g_assert_nonnull (f);
        g_assert_nonnull (t);
        if (table_allows (f, t) != tm_distribution_status_can_transition (from, to))
          g_error ("%s -> %s: STATUS.md says %d", f, t, table_allows (f, t));
        allowed += table_allows (f, t);
      }

  g_assert_cmpuint (allowed, ==, 55);
  g_assert_false (tm_distribution_status_can_transition (TM_N_DISTRIBUTION_STATUSES, 0));
  g_assert_false (tm_distribution_status_can_transition (0, 99));
}

static void
test_status_strings (void)
{
  TmDistributionStatus status;

  g_assert_true (tm_distribution_status_from_string ("processing_by_platform", &status));
  g_assert_cmpint (status, ==, TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_assert_true (tm_distribution_status_from_string ("Needs-Attention", &status));
  g_assert_cmpint (status, ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_false (tm_distribution_status_from_string ("done", &status));
  g_assert_false (tm_distribution_status_from_string (NULL, &status));
  g_assert_cmpstr (tm_distribution_status_get_label (TM_DISTRIBUTION_STATUS_LIVE), ==, "Live");
}

static TmAggregateStatus
aggregate_of (const TmDistributionStatus *statuses,
              guint                       n)
{
  TmStatusCounts counts = { { 0 }, 0 };

  for (guint i = 0; i < n; i++)
    tm_status_counts_add (&counts, statuses[i], 1);

  return tm_status_counts_aggregate (&counts);
}

static void
test_aggregate (void)
{
#define AGG(expected, ...) G_STMT_START { \
    const TmDistributionStatus s[] = { __VA_ARGS__ }; \
    g_assert_cmpint (aggregate_of (s, G_N_ELEMENTS (s)), ==, expected); \
  } G_STMT_END
  TmStatusCounts none = { { 0 }, 0 };
  TmStatusCounts mixed = { { 0 }, 0 };
  g_autofree char *text = NULL;

  g_assert_cmpint (tm_status_counts_aggregate (&none), ==, TM_AGGREGATE_STATUS_NOT_STARTED);
  AGG (TM_AGGREGATE_STATUS_NOT_STARTED, TM_DISTRIBUTION_STATUS_CREATED,
       TM_DISTRIBUTION_STATUS_CREATED);
  AGG (TM_AGGREGATE_STATUS_COMPLETED, TM_DISTRIBUTION_STATUS_LIVE,
       TM_DISTRIBUTION_STATUS_DISTRIBUTED, TM_DISTRIBUTION_STATUS_UPDATED);
  AGG (TM_AGGREGATE_STATUS_REMOVED, TM_DISTRIBUTION_STATUS_REMOVED);
  AGG (TM_AGGREGATE_STATUS_FAILED, TM_DISTRIBUTION_STATUS_FAILED, TM_DISTRIBUTION_STATUS_FAILED);
  AGG (TM_AGGREGATE_STATUS_NEEDS_ATTENTION, TM_DISTRIBUTION_STATUS_LIVE,
       TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION, TM_DISTRIBUTION_STATUS_UPLOADING);
  AGG (TM_AGGREGATE_STATUS_IN_PROGRESS, TM_DISTRIBUTION_STATUS_LIVE,
       TM_DISTRIBUTION_STATUS_UPLOADING);
  AGG (TM_AGGREGATE_STATUS_IN_PROGRESS, TM_DISTRIBUTION_STATUS_LIVE,
       TM_DISTRIBUTION_STATUS_SCHEDULED);
  AGG (TM_AGGREGATE_STATUS_PARTIAL, TM_DISTRIBUTION_STATUS_LIVE, TM_DISTRIBUTION_STATUS_FAILED);
  AGG (TM_AGGREGATE_STATUS_PARTIAL, TM_DISTRIBUTION_STATUS_LIVE, TM_DISTRIBUTION_STATUS_CREATED);
  AGG (TM_AGGREGATE_STATUS_PARTIAL, TM_DISTRIBUTION_STATUS_REMOVED,
       TM_DISTRIBUTION_STATUS_FAILED);
#undef AGG

  tm_status_counts_add (&mixed, TM_DISTRIBUTION_STATUS_LIVE, 7);
  tm_status_counts_add (&mixed, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION, 1);
  text = tm_status_counts_describe (&mixed);
  /* Live where the platform says so; delivered where it has not yet. */
  g_assert_cmpstr (text, ==, "7 live · 1 needs attention");
  g_clear_pointer (&text, g_free);
  tm_status_counts_add (&mixed, TM_DISTRIBUTION_STATUS_DISTRIBUTED, 2);
  text = tm_status_counts_describe (&mixed);
  g_assert_cmpstr (text, ==, "7 live · 2 delivered · 1 needs attention");
}

typedef struct
{
  guint       n_notifies;
  GPtrArray  *names;
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  log->n_notifies++;
  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static void
test_release_properties (void)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  NotifyLog log = { 0, names };
  const char *two[] = { "Ann", "Ben", NULL };
  const char *three[] = { "Ann", "Ben", "Cy", NULL };
  g_autofree char *artist = NULL;
  g_autofree char *title = NULL;

  g_signal_connect (release, "notify", G_CALLBACK (notify_cb), &log);

  tm_release_set_title (release, "First Light");
  g_assert_cmpuint (log.n_notifies, ==, 1);
  tm_release_set_title (release, "First Light");
  g_assert_cmpuint (log.n_notifies, ==, 1);
  g_object_get (release, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "First Light");

  /* The primary artists and their display form notify together. */
  tm_release_set_artists (release, two);
  g_assert_cmpuint (log.n_notifies, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (names, "artist", g_str_equal, NULL));
  artist = tm_release_get_artist (release);
  g_assert_cmpstr (artist, ==, "Ann & Ben");
  g_clear_pointer (&artist, g_free);
  tm_release_set_artists (release, two);
  g_assert_cmpuint (log.n_notifies, ==, 3);
  tm_release_set_artists (release, three);
  artist = tm_release_get_artist (release);
  g_assert_cmpstr (artist, ==, "Ann, Ben & Cy");
  g_object_set (release, "artist", "Solo", NULL);
  g_assert_cmpstr (tm_release_get_artists (release)[0], ==, "Solo");
  g_assert_null (tm_release_get_artists (release)[1]);

  tm_release_set_release_type (release, TM_RELEASE_TYPE_ALBUM);
  tm_release_set_explicit (release, TRUE);
  tm_release_set_p_year (release, 2026);
  g_assert_cmpint (tm_release_get_release_type (release), ==, TM_RELEASE_TYPE_ALBUM);
  g_assert_true (tm_release_get_explicit (release));
  g_assert_cmpint (tm_release_get_p_year (release), ==, 2026);
  g_assert_cmpint (tm_release_get_territory_mode (release), ==, TM_TERRITORY_MODE_WORLDWIDE);

  /* Setting an equal value through g_object_set does not notify either. */
  log.n_notifies = 0;
  g_object_set (release, "p-year", 2026, "explicit", TRUE, NULL);
  g_assert_cmpuint (log.n_notifies, ==, 0);
}

#define SET(key, text) tm_record_set_from_string (TM_RECORD (release), key, text, &error)

static void
test_set_from_string (void)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (SET ("release_date", "2026-12-01"));
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_release_date (release), ==, "2026-12-01");

  g_assert_false (SET ("release_date", "2026-02-30"));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "release_date"));
  g_clear_error (&error);
  g_assert_cmpstr (tm_release_get_release_date (release), ==, "2026-12-01");

  g_assert_false (SET ("release-date", "1.12.2026"));
  g_clear_error (&error);

  g_assert_true (SET ("timezone", "Europe/Berlin"));
  g_assert_false (SET ("timezone", "Mars/Base"));
  g_clear_error (&error);

  g_assert_true (SET ("p_year", "1999"));
  g_assert_cmpint (tm_release_get_p_year (release), ==, 1999);
  g_assert_false (SET ("p_year", "99999"));
  g_clear_error (&error);
  g_assert_false (SET ("p_year", "12abc"));
  g_clear_error (&error);
  g_assert_true (SET ("p_year", ""));
  g_assert_cmpint (tm_release_get_p_year (release), ==, 0);

  g_assert_true (SET ("release_type", "EP"));
  g_assert_cmpint (tm_release_get_release_type (release), ==, TM_RELEASE_TYPE_EP);
  g_assert_false (SET ("release_type", "mixtape"));
  g_assert_nonnull (strstr (error->message, "compilation"));
  g_clear_error (&error);

  g_assert_true (SET ("explicit", "yes"));
  g_assert_true (tm_release_get_explicit (release));
  g_assert_false (SET ("explicit", "maybe"));
  g_clear_error (&error);

  g_assert_true (SET ("territories", "de, fr gb"));
  g_assert_cmpstr (tm_release_get_territories (release)[0], ==, "DE");
  g_assert_cmpstr (tm_release_get_territories (release)[2], ==, "GB");
  g_assert_false (SET ("territories", "Germany"));
  g_clear_error (&error);

  g_assert_true (SET ("artists", "[\"A\", \"B \\\"C\\\"\"]"));
  g_assert_cmpstr (tm_release_get_artists (release)[1], ==, "B \"C\"");
  g_assert_true (SET ("artists", "Earth, Wind & Fire"));
  g_assert_cmpstr (tm_release_get_artists (release)[0], ==, "Earth, Wind & Fire");
  g_assert_false (SET ("artists", "[1, 2]"));
  g_clear_error (&error);
  g_assert_false (SET ("artists", "[\"A\""));
  g_clear_error (&error);

  /* Blank text clears; surrounding spaces go. */
  g_assert_true (SET ("label", "  Own Label "));
  g_assert_cmpstr (tm_release_get_label (release), ==, "Own Label");
  g_assert_true (SET ("label", ""));
  g_assert_null (tm_release_get_label (release));

  g_assert_false (SET ("nonsense", "1"));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (SET ("id", "3"));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (SET ("status", "live"));
  g_clear_error (&error);
  g_assert_false (SET ("created_at", "0"));
  g_clear_error (&error);
}

#undef SET

/* What undo adds back: every field and child, no ids. */
static void
test_track_copy_unsaved (void)
{
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmTrack) copy = NULL;
  g_autoptr(TmContributor) contributor = NULL;
  g_autoptr(TmSplit) split = NULL;

  tm_record_set_id (TM_RECORD (track), 7);
  tm_track_set_title (track, "Tide");
  tm_track_set_isrc (track, "USS1Z9900001");
  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                            "[{\"name\":\"Ann\",\"role\":\"composer\"}]",
                                            NULL));
  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "splits",
                                            "[{\"party\":\"Ann\",\"share_bp\":10000}]",
                                            NULL));
  /* As stored: the children have ids and point at the track. */
  contributor = g_list_model_get_item (tm_track_get_contributors (track), 0);
  tm_record_set_id (TM_RECORD (contributor), 3);
  tm_contributor_set_track_id (contributor, 7);
  g_clear_object (&contributor);
  split = g_list_model_get_item (tm_track_get_splits (track), 0);
  tm_record_set_id (TM_RECORD (split), 4);
  tm_split_set_track_id (split, 7);
  g_clear_object (&split);

  copy = tm_track_copy_unsaved (track);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (copy)), ==, 0);
  g_assert_cmpstr (tm_track_get_title (copy), ==, "Tide");
  g_assert_cmpstr (tm_track_get_isrc (copy), ==, "USS1Z9900001");
  contributor = g_list_model_get_item (tm_track_get_contributors (copy), 0);
  g_assert_cmpstr (tm_contributor_get_name (contributor), ==, "Ann");
  g_assert_cmpint (tm_record_get_id (TM_RECORD (contributor)), ==, 0);
  g_assert_cmpint (tm_contributor_get_track_id (contributor), ==, 0);
  split = g_list_model_get_item (tm_track_get_splits (copy), 0);
  g_assert_cmpint (tm_split_get_share_bp (split), ==, 10000);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (split)), ==, 0);
  /* The copy's lists are its own. */
  g_assert_true (tm_track_get_splits (copy) != tm_track_get_splits (track));
}

static void
test_track_children (void)
{
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TmContributor) first = NULL;
  g_autoptr(TmSplit) split = NULL;
  GListModel *contributors;

  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                            "[{\"name\":\"Ann\",\"role\":\"composer\"},"
                                            "{\"name\":\"Ben\",\"role\":\"mixing_engineer\"}]",
                                            &error));
  g_assert_no_error (error);
  contributors = tm_track_get_contributors (track);
  g_assert_cmpuint (g_list_model_get_n_items (contributors), ==, 2);
  first = g_list_model_get_item (contributors, 0);
  g_assert_cmpstr (tm_contributor_get_name (first), ==, "Ann");
  g_assert_cmpint (tm_contributor_get_role (first), ==, TM_CONTRIBUTOR_ROLE_COMPOSER);

  g_assert_false (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                             "[{\"name\":\"Ann\",\"role\":\"drummer\"}]", &error));
  g_assert_nonnull (strstr (error->message, "contributors[0]"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (track)), ==, 2);

  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "splits",
                                            "[{\"party\":\"Ann\",\"share_bp\":10000}]", &error));
  split = g_list_model_get_item (tm_track_get_splits (track), 0);
  g_assert_cmpint (tm_split_get_share_bp (split), ==, 10000);
  g_assert_false (tm_record_set_from_string (TM_RECORD (track), "splits",
                                             "[{\"party\":\"Ann\",\"share_bp\":-1}]", &error));
  g_clear_error (&error);
  g_assert_false (tm_record_set_from_string (TM_RECORD (track), "splits", "{}", &error));
  g_clear_error (&error);

  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "preview_start", "30.5", &error));
  g_assert_cmpfloat (tm_track_get_preview_start (track), ==, 30.5);
  g_assert_false (tm_record_set_from_string (TM_RECORD (track), "preview_start", "-1", &error));
  g_clear_error (&error);
}

static void
test_json_round_trip (void)
{
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmTrack) copy = tm_track_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  JsonObject *object;

  tm_track_set_title (track, "Ünïcödé ✓");
  tm_track_set_isrc (track, "USRC17607839");
  tm_track_set_disc (track, 2);
  tm_track_set_explicit (track, TRUE);
  tm_record_set_from_string (TM_RECORD (track), "contributors",
                             "[{\"name\":\"Ann\",\"role\":\"lyricist\"}]", &error);
  g_assert_no_error (error);

  node = tm_record_to_json (TM_RECORD (track));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "isrc"), ==, "USRC17607839");
  g_assert_cmpint (json_object_get_int_member (object, "disc"), ==, 2);
  g_assert_true (json_object_get_boolean_member (object, "explicit"));
  g_assert_true (json_object_get_null_member (object, "audio_path"));
  g_assert_true (json_object_has_member (object, "number"));

  /* What show prints, set takes: strip what is the program's and load it back. */
  json_object_remove_member (object, "id");
  json_object_remove_member (object, "release_id");
  json_object_remove_member (object, "number");
  json_object_remove_member (object, "audio_size");
  json_object_remove_member (object, "audio_mtime");
  json_object_remove_member (object, "audio_sha256");
  json_object_remove_member (object, "created_at");
  json_object_remove_member (object, "updated_at");
  {
    JsonArray *array = json_object_get_array_member (object, "contributors");
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *c = json_array_get_object_element (array, i);
        json_object_remove_member (c, "id");
        json_object_remove_member (c, "track_id");
      }
  }
  g_assert_true (tm_record_update_from_json (TM_RECORD (copy), object, &error));
  g_assert_no_error (error);

  again = tm_record_to_json (TM_RECORD (copy));
  g_clear_pointer (&node, json_node_unref);
  node = tm_record_to_json (TM_RECORD (track));
  a = json_to_string (node, FALSE);
  b = json_to_string (again, FALSE);
  g_assert_cmpstr (a, ==, b);
}

static void
test_record_assign (void)
{
  g_autoptr(TmPlatform) a = tm_platform_new ();
  g_autoptr(TmPlatform) b = tm_platform_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  NotifyLog log = { 0, names };

  tm_platform_set_name (a, "Shelf");
  tm_platform_set_kind (a, TM_PLATFORM_KIND_FOLDER);
  tm_platform_set_concurrency (a, 3);
  tm_record_set_id (TM_RECORD (a), 7);

  g_signal_connect (b, "notify", G_CALLBACK (notify_cb), &log);
  tm_record_assign (TM_RECORD (b), TM_RECORD (a));
  g_assert_cmpint (tm_record_get_id (TM_RECORD (b)), ==, 7);
  g_assert_cmpstr (tm_platform_get_name (b), ==, "Shelf");
  g_assert_cmpint (tm_platform_get_concurrency (b), ==, 3);
  /* id, name and concurrency: folder is the default kind */
  g_assert_cmpuint (log.n_notifies, ==, 3);

  log.n_notifies = 0;
  tm_record_assign (TM_RECORD (b), TM_RECORD (a));
  g_assert_cmpuint (log.n_notifies, ==, 0);
  g_assert_true (tm_platform_get_enabled (b));
}

static void
test_timestamps (void)
{
  g_autofree char *text = tm_format_timestamp (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC);
  gint64 usec = 0;

  g_assert_cmpstr (text, ==, "2026-11-18T11:06:40Z");
  g_assert_true (tm_parse_timestamp (text, &usec));
  g_assert_cmpint (usec, ==, G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC);
  g_assert_null (tm_format_timestamp (0));
  g_assert_false (tm_parse_timestamp ("yesterday", &usec));
}

static void
test_identifiers (void)
{
  static const struct { const char *text; const char *normal; gboolean valid; } isrcs[] = {
    { "GB-XYZ-26-00001", "GBXYZ2600001", TRUE },
    { " us-s1z-99-12345 ", "USS1Z9912345", TRUE },
    { "gb xyz 26 00001", "GBXYZ2600001", TRUE },
    { "GBXYZ260001", "GBXYZ260001", FALSE },       /* 11 characters */
    { "GBXYZ26000011", "GBXYZ26000011", FALSE },   /* 13 */
    { "1BXYZ2600001", "1BXYZ2600001", FALSE },     /* country not letters */
    { "GBX_Z2600001", "GBX_Z2600001", FALSE },     /* registrant */
    { "GBXYZ2A00001", "GBXYZ2A00001", FALSE },     /* year */
    { "QZXYZ2600000", "QZXYZ2600000", TRUE },      /* QZ: a prefix, not a country */
    { "GBXYZ26ÄÖ001", "GBXYZ26ÄÖ001", FALSE },
  };
  static const struct { const char *text; gboolean valid; } gtins[] = {
    { "036000291452", TRUE },      /* UPC-A */
    { "4006381333931", TRUE },     /* EAN-13 */
    { "0 36000 29145 2", TRUE },
    { "036000291453", FALSE },     /* wrong check digit */
    { "4006381333932", FALSE },
    { "03600029145", FALSE },      /* 11 digits */
    { "03600029145A", FALSE },
    { "", FALSE },
  };
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *built = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (isrcs); i++)
    {
      g_autofree char *normal = tm_isrc_normalize (isrcs[i].text);

      g_assert_cmpstr (normal, ==, isrcs[i].normal);
      g_assert_cmpint (tm_isrc_validate (normal, &error), ==, isrcs[i].valid);
      if (isrcs[i].valid)
        g_assert_no_error (error);
      else
        g_assert_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_ISRC);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (gtins); i++)
    {
      g_autofree char *normal = tm_gtin_normalize (gtins[i].text);

      g_assert_cmpint (tm_gtin_validate (normal, &error), ==, gtins[i].valid);
      if (!gtins[i].valid)
        g_assert_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_GTIN);
      g_clear_error (&error);
    }
  g_assert_cmpint (tm_gtin_check_digit ("03600029145", 11), ==, 2);
  g_assert_cmpint (tm_gtin_check_digit ("400638133393", 12), ==, 1);
  g_assert_cmpint (tm_gtin_check_digit ("4x", 2), ==, -1);
  g_assert_cmpint (tm_gtin_check_digit ("890400021003", 12), ==, 7);   /* GS1's example */

  prefix = tm_isrc_prefix_normalize ("gb-xyz", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefix, ==, "GBXYZ");
  g_assert_null (tm_isrc_prefix_normalize ("GBXY", &error));
  g_assert_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_PREFIX);
  g_clear_error (&error);
  built = tm_isrc_build ("GBXYZ", 2026, 42);
  g_assert_cmpstr (built, ==, "GBXYZ2600042");

  /* KEY=VALUE stores the normal form, and refuses what is not one. */
  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "isrc", "gb-xyz-26-00001", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tm_track_get_isrc (track), ==, "GBXYZ2600001");
  g_assert_false (tm_record_set_from_string (TM_RECORD (track), "isrc", "GB-XYZ-26", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpstr (tm_track_get_isrc (track), ==, "GBXYZ2600001");
  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "isrc", "", &error));
  g_assert_null (tm_track_get_isrc (track));

  g_assert_true (tm_record_set_from_string (TM_RECORD (release), "upc", "0-36000-29145-2", &error));
  g_assert_cmpstr (tm_release_get_upc (release), ==, "036000291452");
  g_assert_false (tm_record_set_from_string (TM_RECORD (release), "upc", "036000291453", &error));
  g_assert_true (strstr (error->message, "should be 2") != NULL);
}

static char *
describe (TmDistributionStatus  from,
          TmDistributionStatus  to,
          TmActor               actor,
          const char           *details,
          const char           *platform)
{
  g_autoptr(TmStatusChange) change = tm_status_change_new ();

  tm_status_change_set_from_status (change, from);
  tm_status_change_set_to_status (change, to);
  tm_status_change_set_actor (change, actor);
  tm_status_change_set_details (change, details);
  return tm_status_change_describe (change, platform);
}

/* The history in sentences: who did it (you, TuneMantra, the platform by its
 * name) and why, never the JSON the catalog keeps. */
static void
test_status_sentences (void)
{
  struct {
    TmDistributionStatus from, to;
    TmActor actor;
    const char *details;
    const char *said;
  } cases[] = {
    { TM_DISTRIBUTION_STATUS_CREATED, TM_DISTRIBUTION_STATUS_QUEUED, TM_ACTOR_USER, NULL,
      "You queued it for Spotify." },
    { TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
      TM_ACTOR_PLATFORM, "{\"message\": \"The cover is too small.\"}",
      "Spotify rejected it: The cover is too small." },
    { TM_DISTRIBUTION_STATUS_VALIDATING, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
      TM_ACTOR_QUEUE, "{\"category\":\"metadata_invalid\",\"issues\":[{\"message\":"
      "\"The release has no label.\",\"hint\":\"Fill in the label.\",\"field\":\"label\"},"
      "{\"message\":\"No ISRC.\"},{\"message\":\"No UPC.\"}]}",
      "TuneMantra stopped it before sending it to Spotify: The release has no label. "
      "(and 2 more problems)" },
    { TM_DISTRIBUTION_STATUS_UPLOADING, TM_DISTRIBUTION_STATUS_RETRYING, TM_ACTOR_QUEUE,
      "{\"error\": \"The connection timed out\", \"category\": \"network_timeout\"}",
      "TuneMantra will try again: The connection timed out" },
    { TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, TM_DISTRIBUTION_STATUS_LIVE,
      TM_ACTOR_PLATFORM, NULL, "Spotify put it live." },
    { TM_DISTRIBUTION_STATUS_QUEUED, TM_DISTRIBUTION_STATUS_CREATED, TM_ACTOR_USER,
      "{\"cancelled\": \"you\"}", "You cancelled the delivery." },
    { TM_DISTRIBUTION_STATUS_LIVE, TM_DISTRIBUTION_STATUS_LIVE, TM_ACTOR_PLATFORM,
      "{\"note\": \"Featured in a playlist\"}", "Spotify noted: Featured in a playlist" },
    /* What anyone may have typed as details: not JSON, controls, a wrong shape. */
    { TM_DISTRIBUTION_STATUS_LIVE, TM_DISTRIBUTION_STATUS_REMOVED, TM_ACTOR_PLATFORM,
      "not json at all", "Spotify took it down." },
    { TM_DISTRIBUTION_STATUS_UPLOADING, TM_DISTRIBUTION_STATUS_FAILED, TM_ACTOR_PLATFORM,
      "{\"message\": \"Bad\\u0007\\u202e input\", \"issues\": 3}",
      "Spotify refused it: Bad input" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *said = describe (cases[i].from, cases[i].to, cases[i].actor,
                                        cases[i].details, "Spotify");

      g_assert_cmpstr (said, ==, cases[i].said);
    }

  /* A platform that is gone is "the platform". */
  {
    g_autofree char *said = describe (TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM,
                                      TM_DISTRIBUTION_STATUS_LIVE, TM_ACTOR_PLATFORM, NULL, NULL);

    g_assert_cmpstr (said, ==, "the platform put it live.");
  }

  /* The reason and the fix, for a row that needs attention. */
  {
    g_autoptr(TmStatusDetails) d =
      tm_status_details_parse ("{\"error\": \"401 Unauthorized\", \"hint\": \"Give a new "
                               "token.\", \"category\": \"auth_invalid\", "
                               "\"action\": \"add_token\"}");

    g_assert_cmpstr (d->reason, ==, "401 Unauthorized");
    g_assert_cmpstr (d->fix, ==, "Give a new token.");
    g_assert_true (d->has_category);
    g_assert_cmpint (d->category, ==, TM_DELIVERY_ERROR_AUTH_INVALID);
    g_assert_cmpint (d->action, ==, TM_ERROR_ACTION_ADD_TOKEN);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/status/transitions-match-status-md", test_transitions_match_status_md);
  g_test_add_func ("/model/status/strings", test_status_strings);
  g_test_add_func ("/model/status/aggregate", test_aggregate);
  g_test_add_func ("/model/release/properties", test_release_properties);
  g_test_add_func ("/model/record/set-from-string", test_set_from_string);
  g_test_add_func ("/model/track/children", test_track_children);
  g_test_add_func ("/model/track/copy-unsaved", test_track_copy_unsaved);
  g_test_add_func ("/model/record/json-round-trip", test_json_round_trip);
  g_test_add_func ("/model/record/assign", test_record_assign);
  g_test_add_func ("/model/record/timestamps", test_timestamps);
  g_test_add_func ("/model/identifiers", test_identifiers);
  g_test_add_func ("/model/status/sentences", test_status_sentences);

  return g_test_run ();
}
