/* test-cli.c: tunemantra-cli end to end, as a script would use it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>

#include "tm-model.h"
#include "tm-catalog.h"
#include "tm-ern.h"
#include "tm-test-utils.h"

typedef struct
{
  char *dir;
  char *catalog;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = tm_test_make_tmp_dir ();
  f->catalog = g_build_filename (f->dir, "catalog.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->catalog);
}

/* Runs tunemantra-cli with @args (NULL-terminated) on the fixture's catalog. */
static void
run_argv (Fixture            *f,
          Result             *r,
          const char * const *args)
{
  r->status = tm_test_run_cli (f->catalog, f->dir, args, &r->out, &r->err);
}

#define RUN(f, r, ...) G_STMT_START { \
    const char *_args[] = { __VA_ARGS__, NULL }; \
    result_clear (r); \
    run_argv (f, r, _args); \
  } G_STMT_END

#define ASSERT_OK(r) G_STMT_START { \
    if ((r)->status != 0) \
      g_error ("exit %d, stderr: %s", (r)->status, (r)->err); \
  } G_STMT_END

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_release_lifecycle (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *array;

  RUN (f, &r, "release", "new", "--title", "First Light", "--artist", "Nova", "--type", "album",
       "--date", "2026-12-01");
  ASSERT_OK (&r);
  g_assert_cmpstr (r.out, ==, "1\n");

  RUN (f, &r, "release", "new", "--title", "Second", "--artist", "Nova", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Second");
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "release", "set", "1", "genre=Electronic", "label=Nova Records",
       "territory_mode=worldwide", "territories=[\"CU\",\"KP\"]", "explicit=true",
       "upc=0123456789012", "p_year=2026", "p_holder=Nova Records");
  ASSERT_OK (&r);

  RUN (f, &r, "release", "list", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "First Light");
  g_assert_cmpstr (json_object_get_string_member (object, "artist"), ==, "Nova");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "album");
  g_assert_cmpint (json_object_get_int_member (object, "tracks"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "not_started");
  g_clear_pointer (&node, json_node_unref);

  /* The text table is for people; it still names every release. */
  RUN (f, &r, "release", "list");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "First Light"));
  g_assert_nonnull (strstr (r.out, "TITLE"));

  RUN (f, &r, "release", "show", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "genre"), ==, "Electronic");
  g_assert_cmpstr (json_object_get_string_member (object, "release_date"), ==, "2026-12-01");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object,
                                                  "territories"), 1), ==, "KP");
  g_assert_true (json_object_get_boolean_member (object, "explicit"));
  g_assert_cmpint (json_object_get_int_member (object, "p_year"), ==, 2026);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tracks")), ==, 0);
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "release", "delete", "2");
  ASSERT_OK (&r);
  RUN (f, &r, "release", "show", "2");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no release 2"));
}

/* Runs `COMMAND... KEY=VALUE` for every key of @object but the @managed ones. */
static void
set_every_key (Fixture            *f,
               JsonObject         *object,
               const char * const *managed,
               const char         *group,
               const char         *verb,
               const char         *release,
               const char         *track)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_auto(Result) r = { 0 };
      g_autofree char *arg = NULL;
      g_autofree char *value = NULL;
      JsonNode *member = json_object_get_member (object, l->data);

      if (g_strv_contains (managed, l->data))
        continue;

      if (JSON_NODE_HOLDS_NULL (member))
        value = g_strdup ("");
      else if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (member));
      else
        value = json_to_string (member, FALSE);

      arg = g_strdup_printf ("%s=%s", (char *) l->data, value);
      if (track != NULL)
        RUN (f, &r, group, verb, release, track, arg);
      else
        RUN (f, &r, group, verb, release, arg);
      if (r.status != 0)
        g_error ("%s %s %s: %s", group, verb, arg, r.err);
    }
}

/* Every key that `show --json` prints for a release and a track, `set` takes. */
static void
test_show_keys_are_settable (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *release, *track;
  const char *managed[] = { "id", "created_at", "updated_at", "track_count", "status",
                            "status_summary", "status_label", "cover_path", "cover_sha256",
                            "cover_width", "cover_height",
                            "tracks", "artwork", "distributions",
                            "release_id", "number", "audio_path", "audio_size", "audio_mtime",
                            "audio_sha256", NULL };

  RUN (f, &r, "release", "new", "--title", "Keys", "--artist", "K");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--title", "Song");
  ASSERT_OK (&r);
  RUN (f, &r, "release", "show", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  release = json_node_get_object (node);
  track = json_array_get_object_element (json_object_get_array_member (release, "tracks"), 0);

  set_every_key (f, release, managed, "release", "set", "1", NULL);
  set_every_key (f, track, managed, "track", "set", "1", "1");

  /* And the managed ones are refused, as wrong usage. */
  RUN (f, &r, "release", "set", "1", "status=live");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "track", "set", "1", "1", "number=5");
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_tracks (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *audio = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  JsonArray *tracks;
  JsonObject *first;

  g_file_set_contents (audio, "RIFF....WAVEfmt ", 16, NULL);

  RUN (f, &r, "release", "new", "--title", "Album", "--artist", "Band");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--file", audio);
  ASSERT_OK (&r);
  g_assert_cmpstr (r.out, ==, "1-1\n");
  RUN (f, &r, "track", "add", "1", "--title", "Noon", "isrc=USRC17607839");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--title", "Dusk", "--disc", "2");
  ASSERT_OK (&r);
  g_assert_cmpstr (r.out, ==, "2-1\n");
  RUN (f, &r, "track", "add", "1", "--title", "Night");
  ASSERT_OK (&r);

  RUN (f, &r, "track", "move", "1", "3", "1");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "set", "1", "1", "title=Night (Intro)",
       "contributors=[{\"name\":\"Ann\",\"role\":\"composer\"}]",
       "splits=[{\"party\":\"Ann\",\"role\":\"composer\",\"share_bp\":10000}]");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "remove", "1", "2-1");
  ASSERT_OK (&r);

  RUN (f, &r, "release", "show", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  tracks = json_object_get_array_member (json_node_get_object (node), "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 3);
  first = json_array_get_object_element (tracks, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Night (Intro)");
  g_assert_cmpint (json_object_get_int_member (first, "number"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "disc"), ==, 1);
  {
    JsonArray *credits = json_object_get_array_member (first, "contributors");
    JsonObject *credit = json_array_get_object_element (credits, 0);

    g_assert_cmpstr (json_object_get_string_member (credit, "name"), ==, "Ann");
  }
  first = json_array_get_object_element (tracks, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Dawn");
  g_assert_cmpint (json_object_get_int_member (first, "audio_size"), ==, 16);
  g_assert_cmpstr (json_object_get_string_member (first, "audio_sha256"), ==,
                   "aeb852048e35be4391685af966e670f32bb52a5064ce93030911a087d7f115f7");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tracks, 2),
                                                  "isrc"), ==, "USRC17607839");

  RUN (f, &r, "track", "set", "1", "9", "title=x");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no track 9"));
  RUN (f, &r, "track", "set", "1", "one", "title=x");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "track", "add", "1", "--file", "/nonexistent/song.wav");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "/nonexistent/song.wav"));
  RUN (f, &r, "track", "set", "1", "1",
       "splits=[{\"party\":\"A\",\"share_bp\":6000},{\"party\":\"B\",\"share_bp\":6000}]");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "100"));

  /* ISRCs: normalised when typed, generated from the registrant prefix. */
  RUN (f, &r, "track", "set", "1", "1", "isrc=us-rc1-76-07840");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "set", "1", "1", "isrc=US-RC1-76");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "not an ISRC"));
  RUN (f, &r, "track", "isrc", "1");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--prefix"));
  RUN (f, &r, "track", "isrc", "1", "--prefix", "gb-xyz", "--year", "2026", "--json");
  ASSERT_OK (&r);
  {
    g_autoptr(JsonNode) given = parse (r.out);
    JsonArray *list = json_node_get_array (given);

    /* Only the track without one: Dawn, now 1-2 */
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                    "isrc"), ==, "GBXYZ2600001");
  }
  RUN (f, &r, "track", "isrc", "1", "1", "--year", "2026");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "GBXYZ2600002"));
  RUN (f, &r, "release", "set", "1", "upc=036000291453");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "should be 2"));
  RUN (f, &r, "release", "set", "1", "upc=0 36000 29145 2");
  ASSERT_OK (&r);
}

static void
test_platforms_and_distributions (Fixture       *f,
                                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  JsonArray *array;
  JsonObject *object;

  RUN (f, &r, "release", "new", "--title", "Single", "--artist", "Ann");
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "add", "Shelf", "--kind", "folder", "--path", out_dir);
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "add", "shelf", "--kind", "folder", "--path", out_dir);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "already"));
  RUN (f, &r, "platform", "add", "Nowhere", "--kind", "folder");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "platform", "add", "Odd", "--kind", "carrier-pigeon");
  g_assert_cmpint (r.status, ==, 2);

  RUN (f, &r, "platform", "show", "Shelf", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "folder");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "settings"), out_dir));
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "distribution", "add", "1", "--platform", "Shelf");
  ASSERT_OK (&r);
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "live");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot go from created to live"));
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "sideways");
  g_assert_cmpint (r.status, ==, 2);

  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "queued");
  ASSERT_OK (&r);
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "preparing");
  ASSERT_OK (&r);
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "uploading",
       "--details", "{\"files\": 3}");
  ASSERT_OK (&r);
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "distributed");
  ASSERT_OK (&r);
  RUN (f, &r, "distribution", "set-status", "1", "--platform", "Shelf", "live", "--store-url",
       "https://store.example/album/1");
  ASSERT_OK (&r);

  RUN (f, &r, "distribution", "list", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "live");
  g_assert_cmpstr (json_object_get_string_member (object, "platform_name"), ==, "Shelf");
  g_assert_cmpstr (json_object_get_string_member (object, "store_url"), ==,
                   "https://store.example/album/1");
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "distribution", "history", "1", "--platform", "Shelf", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  object = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "to_status"), ==, "uploading");
  g_assert_cmpstr (json_object_get_string_member (object, "actor"), ==, "user");
  g_assert_cmpstr (json_object_get_string_member (object, "details"), ==, "{\"files\": 3}");
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "release", "list", "--json");
  node = parse (r.out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "completed");
  g_clear_pointer (&node, json_node_unref);

  /* What is live is not deleted, and a platform with history is not removed. */
  RUN (f, &r, "release", "delete", "1");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Take it down"));
  RUN (f, &r, "platform", "remove", "Shelf");
  g_assert_cmpint (r.status, ==, 1);
  RUN (f, &r, "platform", "list", "--json");
  node = parse (r.out);
  /* Shelf, and the built-in test platform of every new catalog. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
}

static void
test_usage_and_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *broken = g_build_filename (f->dir, "broken.db", NULL);
  g_autofree char *arg = g_strdup_printf ("--catalog=%s", broken);
  g_autofree char *contents = NULL;

  RUN (f, &r, "--version");
  ASSERT_OK (&r);
  g_assert_true (g_str_has_prefix (r.out, "tunemantra-cli " PACKAGE_VERSION));

  RUN (f, &r, "--help");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "release new"));
  g_assert_nonnull (strstr (r.out, "distribution history"));

  RUN (f, &r, "release", "new", "--help");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "--title"));
  /* --help touches no catalog. */
  g_assert_false (g_file_test (f->catalog, G_FILE_TEST_EXISTS));

  RUN (f, &r, "dance");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "release", "new", "--artist", "A");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--title"));
  RUN (f, &r, "release", "new", "--title", "T", "--artist", "A", "--bogus");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "release", "new", "--title", "T", "--artist", "A", "--date", "tomorrow");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "YYYY-MM-DD"));
  RUN (f, &r, "release", "show", "abc");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "release", "show", "42");
  g_assert_cmpint (r.status, ==, 1);
  {
    const char *nothing[] = { NULL };

    result_clear (&r);
    run_argv (f, &r, nothing);
    g_assert_cmpint (r.status, ==, 2);
  }

  /* A file that is not a catalog: a clear error naming it, and it stays as it was. */
  g_file_set_contents (broken, "not a database", -1, NULL);
  RUN (f, &r, arg, "release", "list");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, broken));
  g_assert_nonnull (strstr (r.err, "not a TuneMantra catalog"));
  g_file_get_contents (broken, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "not a database");

  /* --catalog wins over TUNEMANTRA_CATALOG, and works in either position. */
  RUN (f, &r, "release", "list", "--catalog", f->catalog, "--json");
  ASSERT_OK (&r);
  g_assert_cmpstr (g_strstrip (r.out), ==, "[]");
}

/* A new master for a track: measured as it is recorded, the track keeps its
 * place and credits, and the release is delivered with the new file; what is
 * not audio is refused, and `track set audio_path=` points at `track replace`. */
static void
test_track_replace (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *first = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  g_autofree char *second = g_build_filename (f->dir, "Dawn (master 2).wav", NULL);
  g_autofree char *cover = g_build_filename (f->dir, "cover.png", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.wav", NULL);
  g_autofree char *shelf = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *old_sha = NULL;
  JsonObject *track;

  tm_test_write_tone (first, 44100, 2, 1.0);
  tm_test_write_tone (second, 48000, 2, 2.0);
  g_assert_true (g_file_set_contents (cover, "\x89PNG\r\n\x1a\n", 8, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  RUN (f, &r, "release", "new", "--title", "Dawn", "--artist", "Ann", "--type", "single");
  RUN (f, &r, "track", "add", "1", "--file", first, "--title", "Dawn",
       "contributors=[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--title", "Dusk");
  ASSERT_OK (&r);
  RUN (f, &r, "release", "show", "1", "--json");
  node = parse (r.out);
  track = json_array_get_object_element (json_object_get_array_member (
                                           json_node_get_object (node), "tracks"), 0);
  old_sha = g_strdup (json_object_get_string_member (track, "audio_sha256"));
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "track", "set", "1", "1", "audio_path=/tmp/x.wav");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "track replace"));

  RUN (f, &r, "track", "replace", "1", "1", cover);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cover.png"));
  RUN (f, &r, "track", "replace", "1", "1", fifo);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "pipe.wav"));
  RUN (f, &r, "track", "replace", "1", "1", "/nowhere/at/all.wav");
  g_assert_cmpint (r.status, ==, 1);

  RUN (f, &r, "track", "replace", "1", "1", second, "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  track = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (track, "audio_path"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (track, "audio_sha256"), !=, old_sha);
  g_assert_cmpint (json_object_get_int_member (track, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (track, "title"), ==, "Dawn");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (track,
                                                                          "contributors")),
                    ==, 1);
  g_clear_pointer (&node, json_node_unref);

  /* Delivered with the new file: nothing says it changed since it was added. */
  RUN (f, &r, "track", "remove", "1", "2");
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "add", "Shelf", "--kind", "folder", "--path", shelf);
  ASSERT_OK (&r);
  RUN (f, &r, "distribute", "1", "--platform", "Shelf", "--wait");
  ASSERT_OK (&r);
  /* Now a replacement says that the platform needs an update. */
  RUN (f, &r, "track", "replace", "1", "1", first);
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.err, "update"));
}

/* The story of the delivery issue: distribute to a folder platform, follow it,
 * import a status file, take it down, read the history, export. */
static void
test_deliver_to_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *audio = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  g_autofree char *shelf = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *status_file = g_build_filename (f->dir, "status.csv", NULL);
  g_autofree char *export_dir = g_build_filename (f->dir, "export", NULL);
  g_autofree char *csv = NULL;
  JsonObject *object, *platform;
  const char *reference;

  g_file_set_contents (audio, "RIFF....WAVEfmt data", -1, NULL);
  RUN (f, &r, "release", "new", "--title", "Dawn", "--artist", "Ann", "--type", "single");
  RUN (f, &r, "track", "add", "1", "--file", audio);
  RUN (f, &r, "release", "new", "--title", "Nothing yet", "--artist", "Ann");
  RUN (f, &r, "platform", "add", "Shelf", "--kind", "folder", "--path", shelf);
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "test", "Shelf");
  ASSERT_OK (&r);

  /* The empty release stops at the checks; the other is delivered. */
  RUN (f, &r, "distribute", "1", "2", "--platform", "Shelf", "--wait", "--json");
  g_assert_cmpint (r.status, ==, 1);
  node = parse (r.out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "processing_by_platform");
  object = json_array_get_object_element (json_node_get_array (node), 1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "needs_attention");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "problem"), "no tracks"));
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "status", "2", "--json");
  node = parse (r.out);
  platform = json_array_get_object_element (json_object_get_array_member (
                                              json_node_get_object (node), "platforms"), 0);
  g_assert_cmpstr (json_object_get_string_member (platform, "category"), ==, "metadata_invalid");
  g_assert_nonnull (json_object_get_string_member (platform, "error"));
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "status", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "release"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "overall"), ==, "in_progress");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"),
                                               "in_progress"), ==, 1);
  platform = json_array_get_object_element (json_object_get_array_member (object, "platforms"), 0);
  g_assert_cmpstr (json_object_get_string_member (platform, "platform"), ==, "Shelf");
  g_assert_cmpstr (json_object_get_string_member (platform, "status"), ==,
                   "processing_by_platform");
  g_assert_true (json_object_has_member (platform, "updated_at"));
  g_assert_true (json_object_has_member (platform, "store_url"));
  g_assert_true (json_object_get_null_member (platform, "error"));
  g_assert_true (json_object_has_member (platform, "category"));
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "distribution", "list", "1", "--json");
  node = parse (r.out);
  reference = json_object_get_string_member (json_array_get_object_element (
                                               json_node_get_array (node), 0),
                                             "platform_reference");
  g_assert_nonnull (reference);

  /* A status file with a good row and bad ones: the good one counts, each bad one is named. */
  csv = g_strdup_printf ("reference,status,store_url,message\n"
                         "%s,live,https://store.example/dawn,\n"
                         "TM-404-1,live,,\n"
                         "%s,exploded,,\n", reference, reference);
  g_file_set_contents (status_file, csv, -1, NULL);
  g_clear_pointer (&node, json_node_unref);
  RUN (f, &r, "import-status", status_file);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "row 3"));
  g_assert_nonnull (strstr (r.err, "row 4"));
  g_assert_null (strstr (r.err, "row 2"));

  RUN (f, &r, "status", "1", "--json");
  node = parse (r.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "overall"), ==, "completed");
  platform = json_array_get_object_element (json_object_get_array_member (object, "platforms"), 0);
  g_assert_cmpstr (json_object_get_string_member (platform, "store_url"), ==,
                   "https://store.example/dawn");
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "takedown", "1", "--platform", "Shelf");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "takedown", "1", "--platform", "Shelf", "--reason", "Sample not cleared");
  ASSERT_OK (&r);
  RUN (f, &r, "queue", "run", "--until-idle");
  ASSERT_OK (&r);

  RUN (f, &r, "history", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  {
    JsonArray *history = json_node_get_array (node);
    guint n = json_array_get_length (history);
    JsonObject *last = json_array_get_object_element (history, n - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "to_status"), ==, "takedown_requested");
    g_assert_nonnull (strstr (json_object_get_string_member (last, "details"),
                              "Sample not cleared"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, n - 2),
                                                    "actor"), ==, "platform");
  }
  g_clear_pointer (&node, json_node_unref);

  RUN (f, &r, "export", "1", "--format", "csv", "--out", export_dir);
  ASSERT_OK (&r);
  {
    g_autofree char *folder = g_strstrip (g_strdup (r.out));
    g_autofree char *meta_csv = g_build_filename (folder, "metadata.csv", NULL);
    g_autofree char *meta_json = g_build_filename (folder, "metadata.json", NULL);
    g_autofree char *copy = g_build_filename (folder, "resources", "01-01 Dawn.wav", NULL);

    g_assert_true (g_file_test (meta_csv, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (meta_json, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  }
  RUN (f, &r, "export", "1", "--format", "xml", "--out", export_dir);
  g_assert_cmpint (r.status, ==, 2);

  /* A batch, its progress, then cancelled whole. */
  RUN (f, &r, "retry", "2");
  ASSERT_OK (&r);
  RUN (f, &r, "release", "new", "--title", "Three", "--artist", "Ann");
  RUN (f, &r, "track", "add", "3", "--file", audio);
  RUN (f, &r, "platform", "add", "Box", "--kind", "folder", "--path", shelf);
  RUN (f, &r, "distribute", "3", "--platform", "Shelf", "--platform", "Box", "--json");
  ASSERT_OK (&r);
  RUN (f, &r, "queue");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "Batch 2: 2 deliveries · 0 completed · 0 failed · 2 in progress"));
  RUN (f, &r, "cancel");
  ASSERT_OK (&r);
  RUN (f, &r, "status", "3", "--json");
  g_assert_nonnull (strstr (r.out, "\"created\""));
  g_assert_null (strstr (r.out, "\"queued\""));
  RUN (f, &r, "cancel", "--job", "9999");
  g_assert_cmpint (r.status, ==, 1);

  RUN (f, &r, "queue", "--json");
  ASSERT_OK (&r);
  RUN (f, &r, "pause");
  ASSERT_OK (&r);
  RUN (f, &r, "resume");
  ASSERT_OK (&r);
}

/* An api platform: the token goes to the keyring, never the catalog; the release
 * goes all the way to live on the sandbox. */
static void
test_deliver_to_api (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const args[] = { "--processing-after", "0.2", "--live-after", "0.4", NULL };
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data_dir = g_build_filename (f->dir, "sandbox", NULL);
  g_autofree char *credentials = NULL;
  g_autofree char *stored = NULL;
  gsize stored_length;
  TmTestSandbox *sandbox;
  JsonObject *object;

  sandbox = tm_test_sandbox_start (data_dir, args);
  credentials = g_build_filename (data_dir, "credentials.json", NULL);
  tm_test_make_complete_single (f->catalog, f->dir, 2.0);

  RUN (f, &r, "platform", "add", "Label API", "--kind", "api", "--url", sandbox->url);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--token-file"));
  RUN (f, &r, "platform", "add", "Label API", "--kind", "api", "--url", sandbox->url,
       "--token-file", credentials, "--profile", "generic");
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "test", "Label API");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "works"));

  /* The token is nowhere in the catalog. */
  g_assert_true (g_file_get_contents (f->catalog, &stored, &stored_length, NULL));
  g_assert_null (g_strstr_len (stored, stored_length, sandbox->token));

  {
    g_autoptr(TmCatalog) catalog = tm_catalog_open (f->catalog, NULL);

    g_assert_true (tm_catalog_set_setting (catalog, "queue.poll-seconds", "1", NULL));
  }
  RUN (f, &r, "distribute", "1", "--platform", "Label API", "--wait", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "processing_by_platform");
  g_clear_pointer (&node, json_node_unref);

  g_usleep (1500000);
  RUN (f, &r, "queue", "run", "--until-idle");
  ASSERT_OK (&r);
  RUN (f, &r, "status", "1", "--json");
  ASSERT_OK (&r);
  node = parse (r.out);
  object = json_array_get_object_element (json_object_get_array_member (
                                            json_node_get_object (node), "platforms"), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "live");

  /* Live with a store link: a page with one button per store, for any web host. */
  {
    g_autofree char *site = g_build_filename (f->dir, "site", NULL);
    g_autofree char *index = g_build_filename (site, "index.html", NULL);
    g_autofree char *cover_copy = g_build_filename (site, "cover.png", NULL);
    g_autofree char *html = NULL;

    RUN (f, &r, "export", "1", "--format", "smartlink", "--out", site);
    ASSERT_OK (&r);
    g_assert_true (g_file_get_contents (index, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "https://sandbox.tunemantra.invalid/release/"));
    g_assert_nonnull (strstr (html, ">Label API</a>"));
    g_assert_nonnull (strstr (html, "<img src=\"cover.png\""));
    g_assert_null (strstr (html, "<script"));
    g_assert_true (g_file_test (cover_copy, G_FILE_TEST_EXISTS));

    /* A release with no store link yet says so; a title is text, never markup. */
    RUN (f, &r, "release", "new", "--title", "<script>x</script>", "--artist", "Ann");
    RUN (f, &r, "export", "2", "--format", "smartlink", "--out", site);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no store link"));
  }

  RUN (f, &r, "platform", "remove", "Label API");
  tm_test_sandbox_stop (sandbox);
}

static void
make_complete_single (Fixture *f)
{
  tm_test_make_complete_single (f->catalog, f->dir, 2.0);
}

static void
assert_valid_ern (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "036000291452.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &xml, &length, NULL));
  g_assert_true (tm_ern_validate (xml, length, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<ISRC>GBXYZ2600001</ISRC>"));
}

/* DDEX: an export, and a folder platform that writes the ERN message with its packages. */
static void
test_ddex_export (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *out = g_build_filename (f->dir, "export", NULL);
  g_autofree char *shelf = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *folder = NULL;

  if (!tm_test_have_ddex_schemas ())
    return;

  make_complete_single (f);
  RUN (f, &r, "export", "1", "--format", "ddex", "--out", out);
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "export", "1", "--format", "ddex", "--out", out, "--sender-dpid",
       "PADPIDA2026112401T", "--recipient-dpid", "PADPIDA2014021302V");
  ASSERT_OK (&r);
  folder = g_strstrip (g_strdup (r.out));
  assert_valid_ern (folder);
  g_clear_pointer (&folder, g_free);

  RUN (f, &r, "platform", "add", "Store", "--kind", "folder", "--path", shelf, "--setting",
       "format=ddex", "--setting", "ddex_sender_dpid=PADPIDA2026112401T", "--setting",
       "ddex_recipient_dpid=PADPIDA2014021302V");
  ASSERT_OK (&r);
  RUN (f, &r, "distribute", "1", "--platform", "Store", "--wait");
  ASSERT_OK (&r);
  {
    g_autoptr(GDir) dir = g_dir_open (shelf, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_file_test (g_build_filename (shelf, name, "resources", NULL), G_FILE_TEST_IS_DIR))
        folder = g_build_filename (shelf, name, NULL);
  }
  g_assert_nonnull (folder);
  assert_valid_ern (folder);
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *good = g_build_filename (f->dir, "01 Dawn.wav", NULL);
  g_autofree char *mono = g_build_filename (f->dir, "02 Noon.wav", NULL);
  g_autofree char *cover = g_build_filename (f->dir, "cover.png", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *day = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *date = g_strdup_printf ("release_date=%s", day);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *issues;
  gboolean saw_mono = FALSE;

  tm_test_write_tone (good, 44100, 2, 3.0);
  tm_test_write_tone (mono, 22050, 1, 3.0);

  RUN (f, &r, "release", "new", "--title", "First Light", "--artist", "Nova", "--type", "single");
  ASSERT_OK (&r);
  RUN (f, &r, "release", "set", "1", "label=Nova Records", "genre=Electronic", "language=en",
       date, "p_year=2026", "p_holder=Nova", "c_year=2026", "c_holder=Nova",
       "upc=036000291452");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--file", good, "isrc=GBXYZ2600001",
       "contributors=[{\"name\":\"Ann\",\"role\":\"composer\"}]");
  ASSERT_OK (&r);
  RUN (f, &r, "track", "add", "1", "--file", mono, "isrc=GBXYZ2600002",
       "contributors=[{\"name\":\"Ann\",\"role\":\"composer\"}]");
  ASSERT_OK (&r);

  RUN (f, &r, "check", "1", "--platform", "spotify", "--platform", "Apple Music", "--json");
  g_assert_cmpint (r.status, ==, 1);
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  issues = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *o = json_array_get_object_element (issues, i);
      const char *code = json_object_get_string_member (o, "code");

      g_assert_true (json_object_has_member (o, "severity"));
      g_assert_true (json_object_has_member (o, "platform"));
      g_assert_true (json_object_has_member (o, "track"));
      g_assert_true (json_object_has_member (o, "field"));
      g_assert_true (json_object_has_member (o, "message"));
      g_assert_true (json_object_has_member (o, "hint"));
      if (g_str_equal (code, "audio.mono"))
        {
          saw_mono = TRUE;
          g_assert_cmpint (json_object_get_int_member (o, "track"), ==, 2);
        }
      /* The good track is fine; the only release-wide fault is the cover. */
      if (!json_object_get_null_member (o, "track"))
        g_assert_cmpint (json_object_get_int_member (o, "track"), ==, 2);
      else
        g_assert_cmpstr (code, ==, "artwork.missing");
    }
  g_assert_true (saw_mono);

  /* With the bad track gone and a cover, Spotify takes it: exit status 0. */
  RUN (f, &r, "track", "remove", "1", "2");
  ASSERT_OK (&r);
  {
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 700, 700);
    g_autoptr(TmCatalog) catalog = tm_catalog_open (f->catalog, NULL);
    g_autoptr(TmArtwork) artwork = tm_artwork_new ();

    gdk_pixbuf_fill (pixbuf, 0x336699ff);
    g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));
    tm_artwork_set_path (artwork, cover);
    g_assert_true (tm_catalog_set_artwork (catalog, 1, artwork, NULL));
  }
  RUN (f, &r, "check", "1", "--platform", "spotify");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "Spotify: ready"));
  /* Apple wants 3000 px: the text says so, and the status is 1. */
  RUN (f, &r, "check", "1", "--platform", "apple-music");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "3000"));
  RUN (f, &r, "check", "1", "--platform", "napster");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "spotify"));

  /* A platform that follows Apple's rules does not take the release: it needs attention,
   * saying why. One that follows Spotify's queues it. */
  RUN (f, &r, "platform", "add", "Apple", "--kind", "folder", "--path", f->dir, "--profile",
       "Apple Music");
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "add", "Spot", "--kind", "folder", "--path", f->dir, "--profile",
       "spotify");
  ASSERT_OK (&r);
  RUN (f, &r, "platform", "add", "Nope", "--kind", "folder", "--path", f->dir, "--profile",
       "napster");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "distribute", "1", "--platform", "Apple", "--platform", "Spot");
  g_assert_cmpint (r.status, ==, 1);
  RUN (f, &r, "status", "1", "--json");
  ASSERT_OK (&r);
  {
    g_autoptr(JsonNode) status = parse (r.out);
    g_autofree char *text = json_to_string (status, FALSE);

    g_assert_nonnull (strstr (text, "needs_attention"));
    g_assert_nonnull (strstr (text, "3000"));
    g_assert_nonnull (strstr (text, "queued"));
  }
}

/* A damaged catalog: refused with its backup named, and the way back. */
static void
test_damaged_catalog (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *backup = NULL;

  RUN (f, &r, "release", "new", "--title", "Safe", "--artist", "Nova");
  ASSERT_OK (&r);
  /* The first open of the day of a catalog with something in it backs it up. */
  RUN (f, &r, "release", "list");
  ASSERT_OK (&r);
  backup = tm_catalog_find_last_backup (f->catalog);
  g_assert_nonnull (backup);

  tm_test_damage_catalog (f->catalog);
  RUN (f, &r, "release", "list");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "damaged"));
  g_assert_nonnull (strstr (r.err, backup));
  g_assert_nonnull (strstr (r.err, "tunemantra-cli catalog restore"));

  RUN (f, &r, "catalog", "restore");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, backup));
  RUN (f, &r, "release", "list");
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "Safe"));

  /* No backup at all: said plainly. */
  RUN (f, &r, "--catalog", "elsewhere.db", "catalog", "restore");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no backup"));
}

/* Text that reaches outputs: invisible control characters refused at every
 * input with the field named; CSV cells that a spreadsheet would run written
 * as text; the smart link page's language a code, and everything on it
 * escaped, even from a catalog written before these checks. */
static void
test_hostile_text (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  static const char * const bad[] = {
    "title=A\x01" "B", "title=Tab\x0b" "bed", "title=Del\x7f", "title=bidi \xe2\x80\xae" "evil",
    "artists=[\"Ann\\u0000Bo\"]", "artists=[\"Ann\\u0007\"]", "label=C1 \xc2\x9b",
  };

  RUN (f, &r, "release", "new", "--title", "=HYPERLINK(\"http://evil.example\",\"x\")",
       "--artist", "@SUM(1+1)");
  ASSERT_OK (&r);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *field = g_strndup (bad[i], strchr (bad[i], '=') - bad[i]);

      RUN (f, &r, "release", "set", "1", bad[i]);
      g_assert_cmpint (r.status, !=, 0);
      g_test_message ("%s", r.err);
      g_assert_nonnull (strstr (r.err, field));
    }
  /* Nothing of it was kept. */
  RUN (f, &r, "--json", "release", "show", "1");
  ASSERT_OK (&r);
  g_assert_null (strstr (r.out, "\\u0001"));
  g_assert_null (strstr (r.out, "\\u0000"));

  /* A new release with a control character in its title: refused too. */
  RUN (f, &r, "release", "new", "--title", "Bad\x1b[31m", "--artist", "Ann");
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "title"));

  /* Language: a code, refused otherwise, kept in its canonical case. */
  RUN (f, &r, "release", "set", "1", "language=en\"><script>alert(1)</script>");
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "language code"));
  RUN (f, &r, "release", "set", "1", "language=PT-br");
  ASSERT_OK (&r);
  RUN (f, &r, "--json", "release", "show", "1");
  g_assert_nonnull (strstr (r.out, "\"pt-BR\""));
  RUN (f, &r, "release", "set", "1", "language=eng");
  ASSERT_OK (&r);
  RUN (f, &r, "--json", "release", "show", "1");
  g_assert_nonnull (strstr (r.out, "\"language\" : \"en\""));

  /* CSV: the title and artist are formulas; the export writes them as text. */
  {
    g_autofree char *out_dir = g_build_filename (f->dir, "csv", NULL);
    g_autofree char *folder = NULL;
    g_autofree char *meta = NULL;
    g_autofree char *csv = NULL;

    g_autofree char *audio = g_build_filename (f->dir, "one.wav", NULL);

    tm_test_write_tone (audio, 44100, 2, 1.0);
    RUN (f, &r, "track", "add", "1", "--title", "-2+3", "--file", audio);
    ASSERT_OK (&r);
    RUN (f, &r, "export", "1", "--format", "csv", "--out", out_dir);
    ASSERT_OK (&r);
    folder = g_strstrip (g_strdup (r.out));
    meta = g_build_filename (folder, "metadata.csv", NULL);
    g_assert_true (g_file_get_contents (meta, &csv, NULL, NULL));
    g_test_message ("%s", csv);
    g_assert_nonnull (strstr (csv, "\"'=HYPERLINK("));
    g_assert_nonnull (strstr (csv, "\"'@SUM(1+1)\""));
    g_assert_nonnull (strstr (csv, "\"'-2+3\""));
    g_assert_null (strstr (csv, ",=HYPERLINK"));
  }

  /* A catalog written before the checks: pre-flight says so, and the smart
   * link page still escapes what it writes. */
  {
    g_autoptr(TmCatalog) catalog = tm_catalog_open (f->catalog, NULL);
    g_autofree char *site = g_build_filename (f->dir, "site", NULL);
    g_autofree char *index = g_build_filename (site, "index.html", NULL);
    g_autofree char *html = NULL;

    g_assert_nonnull (catalog);
    tm_test_count (catalog, "UPDATE releases SET language = 'en\"><script>alert(1)</script>', "
                            "title = 'Old' || char(11) || 'Title' WHERE id = 1 RETURNING 0");
    RUN (f, &r, "check", "1");
    g_assert_nonnull (strstr (r.out, "metadata.control_characters"));
    RUN (f, &r, "distribution", "add", "1", "--platform", "Sandbox (test platform)");
    RUN (f, &r, "distribution", "set-status", "1", "--platform", "Sandbox (test platform)",
         "queued");
    RUN (f, &r, "distribution", "set-status", "1", "--platform", "Sandbox (test platform)",
         "preparing");
    RUN (f, &r, "distribution", "set-status", "1", "--platform", "Sandbox (test platform)",
         "uploading");
    RUN (f, &r, "distribution", "set-status", "1", "--platform", "Sandbox (test platform)",
         "distributed", "--store-url", "https://music.example/album/1");
    RUN (f, &r, "export", "1", "--format", "smartlink", "--out", site);
    ASSERT_OK (&r);
    g_assert_true (g_file_get_contents (index, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "<html lang=\"en\">"));
    g_assert_null (strstr (html, "<script"));
  }
}

/* Masters that are not what they claim, made the way they are made in the wild:
 * a 22.05 kHz file converted to 44.1 kHz, an MP3 decoded to WAV, a track far
 * quieter than the rest, and one barely audible; the clean master beside them
 * raises nothing. */
static void
test_fake_masters (Fixture       *f,
                   gconstpointer  data)
{
  static const struct
  {
    const char *file;
    const char *code;
  } tracks[] = {
    { "01 Clean.wav", NULL },
    { "02 Upsampled.wav", "audio.upsampled" },
    { "03 From MP3.wav", "audio.lossy_origin" },
    { "04 Interlude.wav", "audio.quieter_than_album" },
    { "05 Whisper.wav", "audio.quiet" },
  };
  static const char *const ours[] = {
    "audio.upsampled", "audio.lossy_origin", "audio.quieter_than_album", "audio.quiet",
  };
  g_auto(Result) r = { 0 };
  g_autofree char *script = g_strdup_printf (
    "cd '%s' && sox -n -r 44100 -b 16 -c 2 '01 Clean.wav' synth 8 pinknoise gain -3"
    " && sox -n -r 22050 -b 16 -c 2 low.wav synth 8 pinknoise gain -3"
    " && sox low.wav -r 44100 '02 Upsampled.wav'"
    " && sox -n -r 44100 -b 16 -c 2 mp3.wav synth 8 pinknoise gain -3"
    " && ffmpeg -loglevel error -i mp3.wav -c:a libmp3lame -b:a 128k lossy.mp3"
    " && ffmpeg -loglevel error -i lossy.mp3 '03 From MP3.wav'"
    " && sox -n -r 44100 -b 16 -c 2 '04 Interlude.wav' synth 8 pinknoise gain -18"
    " && sox -n -r 44100 -b 16 -c 2 '05 Whisper.wav' synth 8 pinknoise gain -40", f->dir);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *issues;
  guint seen[G_N_ELEMENTS (tracks)] = { 0 };

  tm_test_run_shell (script);
  RUN (f, &r, "release", "new", "--title", "Claims", "--artist", "Nova", "--type", "ep");
  ASSERT_OK (&r);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, tracks[i].file, NULL);

      RUN (f, &r, "track", "add", "1", "--file", path);
      ASSERT_OK (&r);
    }

  RUN (f, &r, "check", "1", "--platform", "spotify", "--json");
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  issues = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *o = json_array_get_object_element (issues, i);
      const char *code = json_object_get_string_member (o, "code");
      gint64 track;

      if (!g_strv_contains (ours, code))
        continue;
      g_test_message ("%s: %s", code, json_object_get_string_member (o, "message"));
      track = json_object_get_int_member (o, "track");
      g_assert_cmpint (track, >=, 1);
      g_assert_cmpint (track, <=, G_N_ELEMENTS (tracks));
      /* Each fires on its own track only, once. */
      g_assert_cmpstr (code, ==, tracks[track - 1].code);
      seen[track - 1]++;
    }
  for (guint i = 1; i < G_N_ELEMENTS (tracks); i++)
    if (seen[i] != 1)
      g_error ("%s did not raise %s", tracks[i].file, tracks[i].code);
}

/* artwork set: as it is, or made square beside the original, with its checks. */
static void
test_artwork_set (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_autofree char *wide = g_build_filename (f->dir, "wide.png", NULL);
  g_autofree char *small = g_build_filename (f->dir, "small.png", NULL);
  g_autofree char *made = g_build_filename (f->dir, "wide-3000.jpg", NULL);
  g_autoptr(GdkPixbuf) picture = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4000, 3200);
  g_autoptr(GdkPixbuf) tiny = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1000, 1000);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  gdk_pixbuf_fill (picture, 0x336699ff);
  gdk_pixbuf_fill (tiny, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (picture, wide, "png", NULL, NULL));
  g_assert_true (gdk_pixbuf_save (tiny, small, "png", NULL, NULL));
  RUN (f, &r, "release", "new", "--title", "First Light", "--artist", "Nova");
  ASSERT_OK (&r);

  /* As it is: the cover, and every store says it is not square. */
  RUN (f, &r, "artwork", "set", "1", wide);
  ASSERT_OK (&r);
  g_assert_nonnull (strstr (r.out, "4000 × 3200"));
  g_assert_nonnull (strstr (r.out, "square"));

  /* Cropped and sized: a new file beside it, which every store takes. */
  RUN (f, &r, "--json", "artwork", "set", "1", wide, "--crop", "center");
  ASSERT_OK (&r);
  node = json_from_string (r.out, NULL);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "path"), ==, made);
  g_assert_true (json_object_get_boolean_member (o, "edited"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "image"),
                                               "width"), ==, 3000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "issues")), ==, 0);
  RUN (f, &r, "release", "show", "1");
  g_assert_nonnull (strstr (r.out, made));

  /* Never enlarged; a square outside the picture; not a square at all. */
  RUN (f, &r, "artwork", "set", "1", small, "--size", "3000");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "blurry"));
  RUN (f, &r, "artwork", "set", "1", wide, "--crop", "3900,0,500");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "4000 × 3200"));
  RUN (f, &r, "artwork", "set", "1", wide, "--crop", "middle");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "artwork", "set", "1", wide, "--quality", "150");
  g_assert_cmpint (r.status, ==, 2);

  /* The cover is still the one made. */
  RUN (f, &r, "release", "show", "1");
  g_assert_nonnull (strstr (r.out, made));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

  if (g_getenv ("TUNEMANTRA_CLI") == NULL)
    {
      g_printerr ("Set TUNEMANTRA_CLI to the tunemantra-cli to test (meson test does).\n");
      return 1;
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/release/lifecycle", test_release_lifecycle);
  ADD ("/cli/release/show-keys-are-settable", test_show_keys_are_settable);
  ADD ("/cli/track/all", test_tracks);
  ADD ("/cli/track/replace", test_track_replace);
  ADD ("/cli/platform-and-distribution", test_platforms_and_distributions);
  ADD ("/cli/usage-and-errors", test_usage_and_errors);
  ADD ("/cli/deliver-to-folder", test_deliver_to_folder);
  ADD ("/cli/check", test_check);
  ADD ("/cli/check/fake-masters", test_fake_masters);
  ADD ("/cli/artwork-set", test_artwork_set);
  ADD ("/cli/deliver-to-api", test_deliver_to_api);
  ADD ("/cli/ddex-export", test_ddex_export);
  ADD ("/cli/damaged-catalog", test_damaged_catalog);
  ADD ("/cli/hostile-text", test_hostile_text);
#undef ADD

  return g_test_run ();
}
