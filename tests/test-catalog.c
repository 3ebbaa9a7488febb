/* test-catalog.c: the SQLite catalog against a real file on disk
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-catalog-private.h"
#include "tm-distribution-list.h"
#include "tm-insights.h"
#include "tm-release-list.h"
#include "tm-query-list.h"
#include "tm-test-utils.h"

typedef struct
{
  char      *dir;
  char      *path;
  TmCatalog *catalog;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = tm_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
}

static gboolean
only_ours (gpointer data)
{
  return g_atomic_int_get (&G_OBJECT (data)->ref_count) == 1;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* A worker thread of a finished reload may hold its task (and so the
   * catalog) a moment longer, when the machine is slow (sanitizers). */
  tm_test_wait_for (only_ours, f->catalog, 10000);
  g_assert_finalize_object (f->catalog);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static TmRelease *
add_release (TmCatalog  *catalog,
             const char *title)
{
  g_autoptr(GError) error = NULL;
  TmRelease *release = tm_release_new ();

  tm_release_set_title (release, title);
  tm_release_set_artist (release, "Test Artist");
  g_assert_true (tm_catalog_add_release (catalog, release, &error));
  g_assert_no_error (error);
  return release;
}

static TmPlatform *
add_platform (TmCatalog  *catalog,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  TmPlatform *platform = tm_platform_new ();

  tm_platform_set_name (platform, name);
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_FOLDER);
  tm_platform_set_settings (platform, "{\"path\":\"/tmp\"}");
  g_assert_true (tm_catalog_add_platform (catalog, platform, &error));
  g_assert_no_error (error);
  return platform;
}

static gint64
count_rows (TmCatalog  *catalog,
            const char *sql)
{
  return tm_test_count (catalog, sql);
}

/* Opening, migrations and bad files */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (tm_catalog_get_schema_version (f->catalog), ==, TM_CATALOG_SCHEMA_VERSION);
  g_assert_true (tm_catalog_integrity_check (f->catalog, &error));
  g_assert_cmpint (count_rows (f->catalog, "PRAGMA user_version"), ==, TM_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->catalog, "PRAGMA application_id"), ==, TM_CATALOG_APPLICATION_ID);
  g_assert_cmpint (count_rows (f->catalog, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM pragma_journal_mode "
                                           "WHERE journal_mode = 'wal'"), ==, 1);

  /* The catalog is the user's alone. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_open_creates_folders (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "a", "b", "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *backup = g_strconcat (path, ".v1.backup", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmArtwork) artwork = tm_artwork_new ();
  g_autoptr(TmArtwork) found = NULL;
  sqlite3 *db;

  /* A catalog as version 1 wrote it, with data in it. */
  g_assert_true (_tm_catalog_create_at_version (path, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO releases (title, artists, release_type) "
                                     "VALUES ('Old Album', '[\"Old Artist\"]', 'album');"
                                     "INSERT INTO tracks (release_id, number, title) "
                                     "VALUES (1, 1, 'Old Song');", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (catalog, "PRAGMA user_version"), ==, TM_CATALOG_SCHEMA_VERSION);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  release = tm_catalog_get_release (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_title (release), ==, "Old Album");
  g_assert_cmpstr (tm_release_get_artists (release)[0], ==, "Old Artist");
  g_assert_cmpint (tm_release_get_release_type (release), ==, TM_RELEASE_TYPE_ALBUM);
  g_assert_cmpuint (tm_release_get_track_count (release), ==, 1);

  /* What version 2 added works on the upgraded catalog. */
  tm_artwork_set_path (artwork, "/music/cover.jpg");
  g_assert_true (tm_catalog_set_artwork (catalog, 1, artwork, &error));
  found = tm_catalog_get_artwork (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_artwork_get_path (found), ==, "/music/cover.jpg");
  g_assert_true (tm_catalog_integrity_check (catalog, &error));

  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

static void
test_every_stored_property_has_a_column (Fixture       *f,
                                         gconstpointer  data)
{
  const struct { GType type; const char *table; } tables[] = {
    { TM_TYPE_RELEASE, "releases" }, { TM_TYPE_TRACK, "tracks" },
    { TM_TYPE_CONTRIBUTOR, "contributors" }, { TM_TYPE_SPLIT, "splits" },
    { TM_TYPE_ARTWORK, "artworks" }, { TM_TYPE_PLATFORM, "platforms" },
    { TM_TYPE_DISTRIBUTION, "distributions" }, { TM_TYPE_STATUS_CHANGE, "status_history" },
    { TM_TYPE_JOB, "jobs" },
  };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (tables[t].type);
      guint n;
      GParamSpec **props = tm_record_class_list_properties (TM_RECORD_CLASS (klass), &n);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *column = tm_record_key_for_pspec (props[i]);
          g_autofree char *sql = NULL;

          if (props[i]->flags & TM_PARAM_DERIVED)
            continue;
          sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                                 tables[t].table, column);
          if (count_rows (f->catalog, sql) != 1)
            g_error ("%s.%s has no column", tables[t].table, column);
        }
    }
}

static void
assert_refused_untouched (const char *path,
                          int         code)
{
  g_autoptr(GBytes) before = tm_test_read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);

  g_assert_null (catalog);
  g_assert_error (error, TM_CATALOG_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));

  after = tm_test_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_refuses_bad_files (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = g_malloc (65536);
  sqlite3 *db;

  for (guint i = 0; i < 65536; i++)
    bytes[i] = g_random_int_range (0, 256);
  g_file_set_contents (garbage, bytes, 65536, &error);
  g_file_set_contents (text, "These are my notes, not a catalog.\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_untouched (garbage, TM_CATALOG_ERROR_CORRUPT);
  assert_refused_untouched (text, TM_CATALOG_ERROR_CORRUPT);

  /* Another program's database */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread');",
                NULL, NULL, NULL);
  sqlite3_close (db);
  assert_refused_untouched (other, TM_CATALOG_ERROR_CORRUPT);

  /* A catalog from a newer TuneMantra */
  g_assert_true (_tm_catalog_create_at_version (newer, TM_CATALOG_SCHEMA_VERSION, &error));
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;", NULL, NULL, NULL);
  sqlite3_close (db);
  assert_refused_untouched (newer, TM_CATALOG_ERROR_TOO_NEW);

  /* A catalog whose pages were overwritten in the middle */
  g_assert_true (_tm_catalog_create_at_version (damaged, TM_CATALOG_SCHEMA_VERSION, &error));
  tm_test_damage_catalog (damaged);
  {
    g_autoptr(GBytes) before = tm_test_read_bytes (damaged);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(TmCatalog) catalog = tm_catalog_open (damaged, &error);

    /* Refused at once: the quick check finds it before anything is written. */
    g_assert_null (catalog);
    g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT);
    g_clear_error (&error);
    after = tm_test_read_bytes (damaged);
    g_assert_true (g_bytes_equal (before, after));
  }

  /* A folder is not a catalog */
  g_assert_null (tm_catalog_open (dir, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  tm_test_remove_tree (dir);
}

static void
test_read_only (void)
{
  const char *dir = g_getenv ("TM_TEST_RO_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = NULL;

  if (!g_test_subprocess ())
    {
      g_autofree char *tmp = tm_test_make_tmp_dir ();
      g_autofree char *file = g_build_filename (tmp, "catalog.db", NULL);
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;

      {
        g_autoptr(TmCatalog) made = tm_catalog_open (file, &error);
        g_autoptr(TmRelease) kept = NULL;

        g_assert_no_error (error);
        kept = add_release (made, "Kept");
        g_assert_nonnull (kept);
      }
      g_chmod (file, 0644);
      g_chmod (tmp, 0755);
      g_assert_cmpint (g_access (tmp, X_OK), ==, 0);
      before = tm_test_read_bytes (file);

      /* The child inherits the environment (g_test_trap_subprocess_with_envp is 2.80). */
      g_setenv ("TM_TEST_RO_DIR", tmp, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("TM_TEST_RO_DIR");
      g_test_trap_assert_passed ();

      after = tm_test_read_bytes (file);
      g_assert_true (g_bytes_equal (before, after));
      tm_test_remove_tree (tmp);
      return;
    }

  /* As root, permissions do not bind: become nobody, for whom this folder is
   * read-only like a read-only disk. */
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
  else
    {
      g_autofree char *file = g_build_filename (dir, "catalog.db", NULL);
      g_chmod (file, 0444);
      g_chmod (dir, 0555);
    }

  path = g_build_filename (dir, "catalog.db", NULL);
  catalog = tm_catalog_open (path, &error);
  g_assert_null (catalog);
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* A new catalog where nothing can be written gets a clear error too. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "new", "catalog.db", NULL);
  g_assert_null (tm_catalog_open (path, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_READ_ONLY);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmRelease) kept = NULL;
  sqlite3 *other;

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; INSERT INTO settings VALUES ('a', 'b');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  _tm_catalog_set_busy_timeout (f->catalog, 50);
  tm_release_set_title (release, "Blocked");
  g_assert_false (tm_catalog_add_release (f->catalog, release, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_LOCKED);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (release)), ==, 0);
  g_clear_error (&error);

  sqlite3_exec (other, "COMMIT;", NULL, NULL, NULL);
  sqlite3_close (other);

  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  g_assert_no_error (error);
  kept = tm_catalog_get_release (f->catalog, tm_record_get_id (TM_RECORD (release)), &error);
  g_assert_cmpstr (tm_release_get_title (kept), ==, "Blocked");
}

/* Releases, tracks, platforms */

static void
test_release_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "First Light");
  g_autoptr(TmRelease) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = tm_record_get_id (TM_RECORD (release));
  const char *territories[] = { "CU", "KP", NULL };

  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (tm_release_get_created_at (release), >, 0);

  tm_release_set_version (release, "Deluxe");
  tm_release_set_release_type (release, TM_RELEASE_TYPE_ALBUM);
  tm_release_set_release_date (release, "2027-01-15");
  tm_release_set_timezone (release, "Europe/Berlin");
  tm_release_set_territories (release, territories);
  tm_release_set_explicit (release, TRUE);
  tm_release_set_c_year (release, 2027);
  tm_release_set_notes (release, "Line one\nLine \"two\" ✓");
  g_assert_true (tm_catalog_update_release (f->catalog, release, &error));
  g_assert_no_error (error);

  loaded = tm_catalog_get_release (f->catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_version (loaded), ==, "Deluxe");
  g_assert_cmpint (tm_release_get_release_type (loaded), ==, TM_RELEASE_TYPE_ALBUM);
  g_assert_cmpstr (tm_release_get_timezone (loaded), ==, "Europe/Berlin");
  g_assert_cmpstr (tm_release_get_territories (loaded)[1], ==, "KP");
  g_assert_true (tm_release_get_explicit (loaded));
  g_assert_cmpint (tm_release_get_c_year (loaded), ==, 2027);
  g_assert_cmpstr (tm_release_get_notes (loaded), ==, "Line one\nLine \"two\" ✓");
  g_assert_cmpint (tm_release_get_status (loaded), ==, TM_AGGREGATE_STATUS_NOT_STARTED);

  all = tm_catalog_list_releases (f->catalog, &error);
  g_assert_cmpuint (all->len, ==, 1);

  g_assert_true (tm_catalog_delete_release (f->catalog, id, &error));
  g_assert_null (tm_catalog_get_release (f->catalog, id, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tm_catalog_delete_release (f->catalog, id, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tm_catalog_update_release (f->catalog, release, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
}

static char *
track_order (TmCatalog *catalog,
             gint64     release_id)
{
  g_autoptr(GPtrArray) tracks = tm_catalog_list_tracks (catalog, release_id, NULL);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *t = g_ptr_array_index (tracks, i);
      g_string_append_printf (s, "%s%d-%d:%s", i ? " " : "", tm_track_get_disc (t),
                              tm_track_get_number (t), tm_track_get_title (t));
    }

  return g_string_free (s, FALSE);
}

static TmTrack *
add_track (TmCatalog  *catalog,
           gint64      release_id,
           const char *title,
           int         disc)
{
  g_autoptr(GError) error = NULL;
  TmTrack *track = tm_track_new ();

  tm_track_set_title (track, title);
  tm_track_set_disc (track, disc);
  g_assert_true (tm_catalog_add_track (catalog, release_id, track, &error));
  g_assert_no_error (error);
  return track;
}

static void
test_tracks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "Album");
  gint64 rid = tm_record_get_id (TM_RECORD (release));
  g_autoptr(TmTrack) a = add_track (f->catalog, rid, "A", 1);
  g_autoptr(TmTrack) b = add_track (f->catalog, rid, "B", 1);
  g_autoptr(TmTrack) c = add_track (f->catalog, rid, "C", 1);
  g_autoptr(TmTrack) d = add_track (f->catalog, rid, "D", 2);
  g_autoptr(TmTrack) loaded = NULL;
  g_autoptr(TmTrack) orphan = tm_track_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;

  g_assert_cmpint (tm_track_get_disc (d), ==, 2);
  order = track_order (f->catalog, rid);
  g_assert_cmpstr (order, ==, "1-1:A 1-2:B 1-3:C 2-1:D");
  g_clear_pointer (&order, g_free);

  g_assert_true (tm_catalog_move_track (f->catalog, tm_record_get_id (TM_RECORD (c)), 1, &error));
  order = track_order (f->catalog, rid);
  g_assert_cmpstr (order, ==, "1-1:C 1-2:A 1-3:B 2-1:D");
  g_clear_pointer (&order, g_free);

  g_assert_true (tm_catalog_move_track (f->catalog, tm_record_get_id (TM_RECORD (c)), 99, &error));
  order = track_order (f->catalog, rid);
  g_assert_cmpstr (order, ==, "1-1:A 1-2:B 1-3:C 2-1:D");
  g_clear_pointer (&order, g_free);

  g_assert_false (tm_catalog_move_track (f->catalog, tm_record_get_id (TM_RECORD (c)), 0, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (tm_catalog_remove_track (f->catalog, tm_record_get_id (TM_RECORD (a)), &error));
  order = track_order (f->catalog, rid);
  g_assert_cmpstr (order, ==, "1-1:B 1-2:C 2-1:D");
  g_clear_pointer (&order, g_free);

  /* A track that changes disc goes to the end of it; its old disc closes up. */
  loaded = tm_catalog_get_track (f->catalog, tm_record_get_id (TM_RECORD (b)), &error);
  tm_track_set_disc (loaded, 2);
  tm_track_set_isrc (loaded, "USRC17607839");
  tm_record_set_from_string (TM_RECORD (loaded), "contributors",
                             "[{\"name\":\"Ann\",\"role\":\"composer\"},"
                             "{\"name\":\"Bo\",\"role\":\"producer\"}]", &error);
  tm_record_set_from_string (TM_RECORD (loaded), "splits",
                             "[{\"party\":\"Ann\",\"role\":\"composer\",\"share_bp\":7000},"
                             "{\"party\":\"Bo\",\"share_bp\":3000}]", &error);
  g_assert_no_error (error);
  g_assert_true (tm_catalog_update_track (f->catalog, loaded, &error));
  g_assert_no_error (error);
  order = track_order (f->catalog, rid);
  g_assert_cmpstr (order, ==, "1-1:C 2-1:D 2-2:B");
  g_clear_pointer (&order, g_free);
  g_clear_object (&loaded);

  loaded = tm_catalog_get_track (f->catalog, tm_record_get_id (TM_RECORD (b)), &error);
  g_assert_cmpstr (tm_track_get_isrc (loaded), ==, "USRC17607839");
  g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (loaded)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_splits (loaded)), ==, 2);

  /* Splits over 100 % are refused and nothing changes. */
  tm_record_set_from_string (TM_RECORD (loaded), "splits",
                             "[{\"party\":\"Ann\",\"share_bp\":7000},"
                             "{\"party\":\"Bo\",\"share_bp\":7000}]", &error);
  g_assert_no_error (error);
  g_assert_false (tm_catalog_update_track (f->catalog, loaded, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&loaded);
  loaded = tm_catalog_get_track (f->catalog, tm_record_get_id (TM_RECORD (b)), &error);
  g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_splits (loaded)), ==, 2);

  /* A track for a release that does not exist */
  tm_track_set_title (orphan, "Nowhere");
  g_assert_false (tm_catalog_add_track (f->catalog, 9999, orphan, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (orphan)), ==, 0);
  g_clear_error (&error);

  /* Deleting the release takes its tracks and their credits with it. */
  g_assert_true (tm_catalog_delete_release (f->catalog, rid, &error));
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM tracks"), ==, 0);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM contributors"), ==, 0);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM splits"), ==, 0);
}

static void
test_platforms (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TmPlatform) shelf = add_platform (f->catalog, "Shelf");
  g_autoptr(TmPlatform) again = tm_platform_new ();
  g_autoptr(TmPlatform) found = NULL;
  g_autoptr(TmRelease) release = add_release (f->catalog, "R");
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  tm_platform_set_name (again, "SHELF");
  g_assert_false (tm_catalog_add_platform (f->catalog, again, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (again)), ==, 0);
  g_clear_error (&error);

  tm_platform_set_name (again, "");
  g_assert_false (tm_catalog_add_platform (f->catalog, again, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  found = tm_catalog_find_platform (f->catalog, "shelf", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (found)), ==, tm_record_get_id (TM_RECORD (shelf)));
  g_assert_cmpstr (tm_platform_get_settings (found), ==, "{\"path\":\"/tmp\"}");
  g_assert_null (tm_catalog_find_platform (f->catalog, "Nope", &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  tm_platform_set_enabled (found, FALSE);
  tm_platform_set_rate_limit (found, 60);
  g_assert_true (tm_catalog_update_platform (f->catalog, found, &error));
  all = tm_catalog_list_platforms (f->catalog, &error);
  /* A new catalog has the built-in test platform too. */
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (tm_platform_get_name (g_ptr_array_index (all, 0)), ==,
                   "Sandbox (test platform)");
  g_assert_cmpint (tm_platform_get_kind (g_ptr_array_index (all, 0)), ==, TM_PLATFORM_KIND_API);
  g_assert_false (tm_platform_get_enabled (g_ptr_array_index (all, 1)));
  g_assert_cmpint (tm_platform_get_rate_limit (g_ptr_array_index (all, 1)), ==, 60);

  /* A platform with history cannot be removed; the release neither, once delivered. */
  d = tm_catalog_add_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                   tm_record_get_id (TM_RECORD (shelf)), TM_ACTOR_USER, &error);
  g_assert_no_error (error);
  g_assert_null (tm_catalog_add_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                              tm_record_get_id (TM_RECORD (shelf)), TM_ACTOR_USER,
                                              &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (tm_catalog_remove_platform (f->catalog, tm_record_get_id (TM_RECORD (shelf)),
                                              &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_true (tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (d)),
                                        TM_DISTRIBUTION_STATUS_QUEUED, TM_ACTOR_USER, NULL,
                                        &error));
  g_assert_false (tm_catalog_delete_release (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                             &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_IN_USE);
  g_clear_error (&error);
  {
    g_autoptr(TmRelease) still = tm_catalog_get_release (f->catalog,
                                                         tm_record_get_id (TM_RECORD (release)),
                                                         NULL);

    g_assert_nonnull (still);
  }
}

/* Distributions and the state machine */

/* The shortest path of allowed transitions from created to @target. */
static GArray *
path_to (TmDistributionStatus target)
{
  int previous[TM_N_DISTRIBUTION_STATUSES];
  int queue[TM_N_DISTRIBUTION_STATUSES];
  int head = 0, tail = 0;
  GArray *path = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < TM_N_DISTRIBUTION_STATUSES; i++)
    previous[i] = -2;
  previous[TM_DISTRIBUTION_STATUS_CREATED] = -1;
  queue[tail++] = TM_DISTRIBUTION_STATUS_CREATED;

  while (head < tail)
    {
      int s = queue[head++];
      for (int t = 0; t < TM_N_DISTRIBUTION_STATUSES; t++)
        if (previous[t] == -2 && tm_distribution_status_can_transition (s, t))
          {
            previous[t] = s;
            queue[tail++] = t;
          }
    }

  g_assert_cmpint (previous[target], !=, -2);
  for (int s = target; s != TM_DISTRIBUTION_STATUS_CREATED; s = previous[s])
    g_array_prepend_val (path, s);

  return path;
}

static gint64
history_rows (TmCatalog *catalog,
              gint64     distribution_id)
{
  g_autoptr(GPtrArray) history = tm_catalog_list_history (catalog, distribution_id, NULL);

  return history->len;
}

static void
test_every_transition (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "Every state");
  g_autoptr(GPtrArray) platforms = g_ptr_array_new_with_free_func (g_object_unref);
  guint allowed = 0, refused = 0;

  for (int from = 0; from < TM_N_DISTRIBUTION_STATUSES; from++)
    {
      g_autofree char *name = g_strdup_printf ("P%d", from);
      g_ptr_array_add (platforms, add_platform (f->catalog, name));
    }

  for (int from = 0; from < TM_N_DISTRIBUTION_STATUSES; from++)
    for (int to = 0; to < TM_N_DISTRIBUTION_STATUSES; to++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TmDistribution) d = NULL;
        g_autoptr(TmDistribution) after = NULL;
        g_autoptr(GArray) path = path_to (from);
        g_autoptr(TmPlatform) platform = tm_platform_new ();
        g_autofree char *name = g_strdup_printf ("P%d-%d", from, to);
        gint64 id, rows_before;

        tm_platform_set_name (platform, name);
        g_assert_true (tm_catalog_add_platform (f->catalog, platform, &error));
        d = tm_catalog_add_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                         tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_QUEUE,
                                         &error);
        g_assert_no_error (error);
        id = tm_record_get_id (TM_RECORD (d));
        g_assert_cmpint (tm_distribution_get_status (d), ==, TM_DISTRIBUTION_STATUS_CREATED);

        for (guint i = 0; i < path->len; i++)
          {
            g_assert_true (tm_catalog_transition (f->catalog, id, g_array_index (path, int, i),
                                                  TM_ACTOR_QUEUE, NULL, &error));
            g_assert_no_error (error);
          }

        rows_before = history_rows (f->catalog, id);
        g_assert_cmpint (rows_before, ==, path->len + 1);

        if (from == to)
          {
            /* Not a transition: the details change, no history row. */
            g_assert_true (tm_catalog_transition (f->catalog, id, to, TM_ACTOR_PLATFORM,
                                                  "{\"progress\": 0.5}", &error));
            after = tm_catalog_get_distribution (f->catalog, id, &error);
            g_assert_cmpstr (tm_distribution_get_status_details (after), ==, "{\"progress\": 0.5}");
            g_assert_cmpint (history_rows (f->catalog, id), ==, rows_before);
          }
        else if (tm_distribution_status_can_transition (from, to))
          {
            g_autoptr(GPtrArray) history = NULL;
            TmStatusChange *last;

            g_assert_true (tm_catalog_transition (f->catalog, id, to, TM_ACTOR_PLATFORM,
                                                  "{\"why\": \"test\"}", &error));
            g_assert_no_error (error);
            after = tm_catalog_get_distribution (f->catalog, id, &error);
            g_assert_cmpint (tm_distribution_get_status (after), ==, to);
            history = tm_catalog_list_history (f->catalog, id, &error);
            g_assert_cmpuint (history->len, ==, rows_before + 1);
            last = g_ptr_array_index (history, history->len - 1);
            g_assert_cmpint (tm_status_change_get_from_status (last), ==, from);
            g_assert_cmpint (tm_status_change_get_to_status (last), ==, to);
            g_assert_cmpint (tm_status_change_get_actor (last), ==, TM_ACTOR_PLATFORM);
            g_assert_cmpstr (tm_status_change_get_details (last), ==, "{\"why\": \"test\"}");
            g_assert_cmpint (tm_status_change_get_time (last), >, 0);
            allowed++;
          }
        else
          {
            g_assert_false (tm_catalog_transition (f->catalog, id, to, TM_ACTOR_USER,
                                                   "{\"why\": \"test\"}", &error));
            g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION);
            after = tm_catalog_get_distribution (f->catalog, id, NULL);
            g_assert_cmpint (tm_distribution_get_status (after), ==, from);
            g_assert_null (tm_distribution_get_status_details (after));
            g_assert_cmpint (history_rows (f->catalog, id), ==, rows_before);
            refused++;
          }
      }

  g_assert_cmpuint (allowed, ==, 55);
  g_assert_cmpuint (refused, ==, 256 - 55 - 16);
}

static void
test_transition_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "R");
  g_autoptr(TmPlatform) platform = add_platform (f->catalog, "P");
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(TmDistribution) again = NULL;
  g_autoptr(GError) error = NULL;

  d = tm_catalog_add_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                   tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_USER, &error);

  g_assert_false (tm_catalog_transition (f->catalog, 424242, TM_DISTRIBUTION_STATUS_QUEUED,
                                         TM_ACTOR_USER, NULL, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (d)),
                                         TM_DISTRIBUTION_STATUS_QUEUED, TM_ACTOR_USER,
                                         "not json", &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (tm_catalog_add_distribution (f->catalog, 9999,
                                              tm_record_get_id (TM_RECORD (platform)),
                                              TM_ACTOR_USER, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Store links and attempts are not the status, and write no history. */
  tm_distribution_set_store_url (d, "https://example.org/album");
  tm_distribution_set_platform_reference (d, "REF-1");
  g_assert_true (tm_catalog_update_distribution (f->catalog, d, &error));
  again = tm_catalog_find_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                        tm_record_get_id (TM_RECORD (platform)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_distribution_get_store_url (again), ==, "https://example.org/album");
  g_assert_cmpstr (tm_distribution_get_platform_name (again), ==, "P");
  g_assert_cmpint (history_rows (f->catalog, tm_record_get_id (TM_RECORD (d))), ==, 1);
}

static void
set_status (TmCatalog            *catalog,
            TmDistribution       *d,
            TmDistributionStatus  target)
{
  g_autoptr(GArray) path = path_to (target);

  for (guint i = 0; i < path->len; i++)
    g_assert_true (tm_catalog_transition (catalog, tm_record_get_id (TM_RECORD (d)),
                                          g_array_index (path, int, i), TM_ACTOR_QUEUE, NULL,
                                          NULL));
}

static void
test_aggregated_status (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "Spread");
  g_autoptr(TmPlatform) a = add_platform (f->catalog, "A");
  g_autoptr(TmPlatform) b = add_platform (f->catalog, "B");
  gint64 rid = tm_record_get_id (TM_RECORD (release));
  g_autoptr(TmDistribution) da = tm_catalog_add_distribution (f->catalog, rid,
                                                              tm_record_get_id (TM_RECORD (a)),
                                                              TM_ACTOR_USER, NULL);
  g_autoptr(TmDistribution) db = tm_catalog_add_distribution (f->catalog, rid,
                                                              tm_record_get_id (TM_RECORD (b)),
                                                              TM_ACTOR_USER, NULL);
  TmStatusCounts counts;
  g_autoptr(TmRelease) r = NULL;

#define EXPECT(status) G_STMT_START { \
    g_clear_object (&r); \
    r = tm_catalog_get_release (f->catalog, rid, NULL); \
    g_assert_cmpint (tm_release_get_status (r), ==, status); \
  } G_STMT_END

  EXPECT (TM_AGGREGATE_STATUS_NOT_STARTED);
  set_status (f->catalog, da, TM_DISTRIBUTION_STATUS_UPLOADING);
  EXPECT (TM_AGGREGATE_STATUS_IN_PROGRESS);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (da)),
                         TM_DISTRIBUTION_STATUS_DISTRIBUTED, TM_ACTOR_PLATFORM, NULL, NULL);
  EXPECT (TM_AGGREGATE_STATUS_PARTIAL);
  set_status (f->catalog, db, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  EXPECT (TM_AGGREGATE_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (tm_release_get_status_summary (r), ==, "1 delivered · 1 needs attention");
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (db)),
                         TM_DISTRIBUTION_STATUS_QUEUED, TM_ACTOR_USER, NULL, NULL);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (db)),
                         TM_DISTRIBUTION_STATUS_PREPARING, TM_ACTOR_QUEUE, NULL, NULL);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (db)),
                         TM_DISTRIBUTION_STATUS_UPLOADING, TM_ACTOR_QUEUE, NULL, NULL);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (db)),
                         TM_DISTRIBUTION_STATUS_DISTRIBUTED, TM_ACTOR_QUEUE, NULL, NULL);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (db)),
                         TM_DISTRIBUTION_STATUS_LIVE, TM_ACTOR_PLATFORM, NULL, NULL);
  EXPECT (TM_AGGREGATE_STATUS_COMPLETED);

  g_assert_true (tm_catalog_get_release_status (f->catalog, rid, &counts, NULL));
  g_assert_cmpuint (counts.total, ==, 2);
  g_assert_cmpuint (counts.groups[TM_STATUS_GROUP_DONE], ==, 2);
#undef EXPECT
}

/* Concurrency and crashes */

typedef struct
{
  const char *path;
  int         index;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (data->path, &error);
  g_autofree char *name = g_strdup_printf ("Thread platform %d", data->index);
  g_autoptr(TmPlatform) platform = NULL;

  g_assert_no_error (error);
  platform = add_platform (catalog, name);

  for (int i = 0; i < 60; i++)
    {
      g_autoptr(TmRelease) release = add_release (catalog, "Threaded");
      g_autoptr(TmTrack) track = add_track (catalog, tm_record_get_id (TM_RECORD (release)),
                                            "T", 1);
      g_autoptr(TmDistribution) d = tm_catalog_add_distribution (
          catalog, tm_record_get_id (TM_RECORD (release)),
          tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_QUEUE, &error);

      g_assert_no_error (error);
      g_assert_nonnull (track);
      set_status (catalog, d, TM_DISTRIBUTION_STATUS_LIVE);
    }

  return NULL;
}

static void
test_two_threads (Fixture       *f,
                  gconstpointer  data)
{
  WriterData one = { f->path, 1 }, two = { f->path, 2 };
  GThread *t1 = g_thread_new ("writer-1", writer_thread, &one);
  GThread *t2 = g_thread_new ("writer-2", writer_thread, &two);
  g_autoptr(GError) error = NULL;

  g_thread_join (t1);
  g_thread_join (t2);

  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM releases"), ==, 120);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM tracks"), ==, 120);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM distributions "
                                           "WHERE status = 'live'"), ==, 120);
  {
    g_autoptr(GArray) path = path_to (TM_DISTRIBUTION_STATUS_LIVE);

    /* The creation row, then one row per transition on the way to live. */
    g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM status_history"), ==,
                     120 * (path->len + 1));
  }
  g_assert_true (tm_catalog_integrity_check (f->catalog, &error));
}

/* The child side of the kill test: writes until it is killed, printing each
 * state it committed. */
static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);
  g_autoptr(TmPlatform) platform = NULL;

  if (catalog == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  platform = tm_catalog_find_platform (catalog, "Killer", NULL);
  if (platform == NULL)
    platform = add_platform (catalog, "Killer");

  for (;;)
    {
      g_autoptr(TmRelease) release = add_release (catalog, "Written until killed");
      g_autoptr(TmDistribution) d = tm_catalog_add_distribution (
          catalog, tm_record_get_id (TM_RECORD (release)),
          tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_QUEUE, &error);
      g_autoptr(GArray) path_live = path_to (TM_DISTRIBUTION_STATUS_LIVE);

      g_assert_no_error (error);
      for (guint i = 0; i < path_live->len; i++)
        {
          int to = g_array_index (path_live, int, i);

          g_assert_true (tm_catalog_transition (catalog, tm_record_get_id (TM_RECORD (d)), to,
                                                TM_ACTOR_QUEUE, "{\"step\": true}", NULL));
          printf ("%" G_GINT64_FORMAT " %s\n", tm_record_get_id (TM_RECORD (d)),
                  tm_distribution_status_to_string (to));
          fflush (stdout);
        }
    }
}

static void
check_after_kill (const char *path,
                  const char *last_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);
  g_autoptr(GPtrArray) distributions = NULL;

  g_assert_no_error (error);
  g_assert_true (tm_catalog_integrity_check (catalog, &error));
  g_assert_no_error (error);

  distributions = tm_catalog_list_distributions (catalog, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      g_autoptr(GPtrArray) history = tm_catalog_list_history (catalog,
                                                              tm_record_get_id (TM_RECORD (d)),
                                                              &error);
      TmStatusChange *last;

      /* Every status has its history row, and the history is a chain. */
      g_assert_cmpuint (history->len, >=, 1);
      last = g_ptr_array_index (history, history->len - 1);
      g_assert_cmpint (tm_status_change_get_to_status (last), ==, tm_distribution_get_status (d));
      for (guint h = 1; h < history->len; h++)
        {
          TmStatusChange *prev = g_ptr_array_index (history, h - 1);
          TmStatusChange *cur = g_ptr_array_index (history, h);

          g_assert_cmpint (tm_status_change_get_from_status (cur), ==,
                           tm_status_change_get_to_status (prev));
          g_assert_true (tm_distribution_status_can_transition (
              tm_status_change_get_from_status (cur), tm_status_change_get_to_status (cur)));
        }
    }

  /* What the writer reported as committed is there. */
  if (last_line != NULL)
    {
      gint64 id;
      char state[64];
      g_autoptr(GPtrArray) history = NULL;
      gboolean seen = FALSE;

      g_assert_cmpint (sscanf (last_line, "%" G_GINT64_FORMAT " %63s", &id, state), ==, 2);
      history = tm_catalog_list_history (catalog, id, &error);
      g_assert_no_error (error);
      for (guint h = 0; h < history->len; h++)
        seen |= g_str_equal (tm_distribution_status_to_string (
                               tm_status_change_get_to_status (g_ptr_array_index (history, h))),
                             state);
      g_assert_true (seen);
    }
}

static void
test_killed_writer (Fixture       *f,
                    gconstpointer  data)
{
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-catalog", NULL);
  guint kills = 0;

  g_clear_object (&f->catalog);

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      const char *last = NULL;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--writer",
                                f->path, NULL);
      g_assert_no_error (error);

      g_usleep (g_random_int_range (30, 400) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_communicate (child, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_subprocess_wait (child, NULL, &error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
      kills++;

      text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      lines = g_strsplit (text, "\n", -1);
      /* A line without its newline may have been cut by the kill. */
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        if (lines[i][0] != '\0')
          last = lines[i];

      check_after_kill (f->path, last);
    }

  g_test_message ("%u writers killed, catalog consistent after each", kills);
  f->catalog = tm_catalog_open (f->path, NULL);
  g_assert_cmpint (count_rows (f->catalog, "SELECT count(*) FROM status_history"), >, 20);
}

/* The list models */

typedef struct
{
  guint position, removed, added, calls;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *log)
{
  log->position = position;
  log->removed = removed;
  log->added = added;
  log->calls++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static gboolean
not_loading (gpointer list)
{
  return !tm_record_list_get_loading (list);
}

static void
test_release_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TmRelease) first = add_release (f->catalog, "One");
  g_autoptr(TmReleaseList) list = tm_release_list_new (f->catalog);
  g_autoptr(TmRelease) second = NULL;
  g_autoptr(TmCatalog) other = NULL;
  g_autoptr(TmRelease) from_other = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged log = { 0 };
  TmRelease *item;
  guint notified = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &log);
  tm_record_list_reload_async (TM_RECORD_LIST (list), NULL, NULL, NULL);
  g_assert_true (tm_record_list_get_loading (TM_RECORD_LIST (list)));
  g_assert_true (tm_test_wait_for (not_loading, list, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Added through this connection: appears at once. */
  second = add_release (f->catalog, "Two");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (log.position, ==, 1);
  g_assert_cmpuint (log.added, ==, 1);

  /* Changed: the same object, notified. */
  item = tm_record_list_find (TM_RECORD_LIST (list), tm_record_get_id (TM_RECORD (first)), NULL);
  g_signal_connect (item, "notify::title", G_CALLBACK (count_notify_cb), &notified);
  tm_release_set_title (first, "One (Remastered)");
  tm_catalog_update_release (f->catalog, first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_title (item), ==, "One (Remastered)");
  g_assert_cmpuint (notified, ==, 1);

  /* A distribution moves the aggregated status of the row. */
  {
    g_autoptr(TmPlatform) platform = add_platform (f->catalog, "Shelf");
    g_autoptr(TmDistribution) d = tm_catalog_add_distribution (
        f->catalog, tm_record_get_id (TM_RECORD (first)),
        tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_USER, &error);

    set_status (f->catalog, d, TM_DISTRIBUTION_STATUS_UPLOADING);
    g_assert_cmpint (tm_release_get_status (item), ==, TM_AGGREGATE_STATUS_IN_PROGRESS);
  }

  /* Removed */
  log.calls = 0;
  tm_catalog_delete_release (f->catalog, tm_record_get_id (TM_RECORD (second)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (log.removed, ==, 1);

  /* Another connection (another program) writes: noticed and loaded. */
  other = tm_catalog_open (f->path, &error);
  from_other = add_release (other, "From the CLI");
  g_assert_true (tm_catalog_check_external_changes (f->catalog));
  g_assert_false (tm_catalog_check_external_changes (f->catalog));
  g_assert_true (tm_test_wait_for (not_loading, list, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (tm_record_list_find (TM_RECORD_LIST (list), tm_record_get_id (TM_RECORD (first)),
                                      NULL) == item);
}

static void
test_distribution_list (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "R");
  g_autoptr(TmRelease) unrelated = add_release (f->catalog, "Other");
  g_autoptr(TmPlatform) a = add_platform (f->catalog, "A");
  g_autoptr(TmDistributionList) list =
    tm_distribution_list_new (f->catalog, tm_record_get_id (TM_RECORD (release)));
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(TmDistribution) item = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tm_record_list_reload (TM_RECORD_LIST (list), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  d = tm_catalog_add_distribution (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                   tm_record_get_id (TM_RECORD (a)), TM_ACTOR_USER, &error);
  g_object_unref (tm_catalog_add_distribution (f->catalog,
                                               tm_record_get_id (TM_RECORD (unrelated)),
                                               tm_record_get_id (TM_RECORD (a)), TM_ACTOR_USER,
                                               &error));
  /* Loaded again in a worker, never on the main thread. */
  g_assert_true (tm_record_list_get_loading (TM_RECORD_LIST (list)));
  g_assert_true (tm_test_wait_for (not_loading, list, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* The same object takes the new state: rows showing it follow. */
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (d)),
                         TM_DISTRIBUTION_STATUS_QUEUED, TM_ACTOR_USER, NULL, &error);
  g_assert_true (tm_test_wait_for (not_loading, list, 10000));
  g_assert_cmpint (tm_distribution_get_status (item), ==, TM_DISTRIBUTION_STATUS_QUEUED);
  g_assert_cmpstr (tm_distribution_get_platform_name (item), ==, "A");
}

static gboolean
saw_external_change (gpointer data)
{
  return *(gboolean *) data;
}

static void
external_cb (TmCatalog *catalog,
             int        change,
             gint64     release_id,
             gboolean  *seen)
{
  if (change == TM_CATALOG_CHANGE_EXTERNAL)
    *seen = TRUE;
}

/* Another program's commit is heard of without looking on a timer: the
 * catalog's files are watched, and only a real commit by someone else is an
 * external change (this connection's own writes are not). */
static void
test_watch_external (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TmCatalog) other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen = FALSE;

  g_signal_connect (f->catalog, "changed", G_CALLBACK (external_cb), &seen);
  tm_catalog_watch_external_changes (f->catalog, TRUE);

  g_object_unref (add_release (f->catalog, "Ours"));
  for (int i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_false (seen);

  other = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  g_object_unref (add_release (other, "Theirs"));
  g_assert_true (tm_test_wait_for (saw_external_change, &seen, 10000));

  /* Unwatched: nothing more is heard until asked. */
  seen = FALSE;
  tm_catalog_watch_external_changes (f->catalog, FALSE);
  g_object_unref (add_release (other, "Later"));
  for (int i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_false (seen);
  g_assert_true (tm_catalog_check_external_changes (f->catalog));
  g_signal_handlers_disconnect_by_data (f->catalog, &seen);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (tm_catalog_get_setting (f->catalog, "isrc.next", &error));
  g_assert_no_error (error);
  g_assert_true (tm_catalog_set_setting (f->catalog, "isrc.next", "42", &error));
  value = tm_catalog_get_setting (f->catalog, "isrc.next", &error);
  g_assert_cmpstr (value, ==, "42");
}

static char *
next_isrc (TmCatalog  *catalog,
           const char *prefix,
           int         year)
{
  g_autoptr(GError) error = NULL;
  char *isrc = tm_catalog_generate_isrc (catalog, prefix, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (isrc);
  return isrc;
}

static void
test_isrc_generation (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "Album");
  gint64 rid = tm_record_get_id (TM_RECORD (release));
  g_autoptr(TmTrack) a = add_track (f->catalog, rid, "A", 1);
  g_autoptr(TmTrack) b = add_track (f->catalog, rid, "B", 1);
  g_autoptr(TmCatalog) other = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  char *isrc;

  isrc = next_isrc (f->catalog, "gb-xyz", 2026);
  g_assert_cmpstr (isrc, ==, "GBXYZ2600001");
  g_free (isrc);
  isrc = next_isrc (f->catalog, "GBXYZ", 2026);
  g_assert_cmpstr (isrc, ==, "GBXYZ2600002");
  g_free (isrc);

  /* Numbers tracks already have (typed in by hand) are skipped. */
  tm_track_set_isrc (a, "GBXYZ2600003");
  tm_track_set_isrc (b, "GBXYZ2600004");
  g_assert_true (tm_catalog_update_track (f->catalog, a, &error));
  g_assert_true (tm_catalog_update_track (f->catalog, b, &error));
  g_assert_no_error (error);
  ids = tm_catalog_find_tracks_by_isrc (f->catalog, "GBXYZ2600004", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, tm_record_get_id (TM_RECORD (b)));
  isrc = next_isrc (f->catalog, "GBXYZ", 2026);
  g_assert_cmpstr (isrc, ==, "GBXYZ2600005");
  g_free (isrc);

  /* Each year and each prefix counts from 1. */
  isrc = next_isrc (f->catalog, "GBXYZ", 2027);
  g_assert_cmpstr (isrc, ==, "GBXYZ2700001");
  g_free (isrc);
  isrc = next_isrc (f->catalog, "US-A1B", 2026);
  g_assert_cmpstr (isrc, ==, "USA1B2600001");
  g_free (isrc);

  /* After a restart the counter goes on. */
  g_assert_finalize_object (g_steal_pointer (&f->catalog));
  f->catalog = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  isrc = next_isrc (f->catalog, "GBXYZ", 2026);
  g_assert_cmpstr (isrc, ==, "GBXYZ2600006");
  g_free (isrc);

  /* Two programs on one catalog never get the same number. */
  other = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 40; i++)
    {
      isrc = next_isrc (i % 2 ? other : f->catalog, "GBXYZ", 2026);
      g_assert_false (g_hash_table_contains (seen, isrc));
      g_hash_table_add (seen, isrc);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 40);
  g_assert_finalize_object (g_steal_pointer (&other));

  /* The last number, then a clear error. */
  g_assert_true (tm_catalog_set_setting (f->catalog, "isrc.next.GBXYZ26", "99999", &error));
  isrc = next_isrc (f->catalog, "GBXYZ", 2026);
  g_assert_cmpstr (isrc, ==, "GBXYZ2699999");
  g_free (isrc);
  g_assert_null (tm_catalog_generate_isrc (f->catalog, "GBXYZ", 2026, &error));
  g_assert_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_EXHAUSTED);
  g_clear_error (&error);

  g_assert_null (tm_catalog_generate_isrc (f->catalog, "GB-XY", 2026, &error));
  g_assert_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_PREFIX);
}

static void
exec_sql (TmCatalog  *catalog,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_tm_catalog_get_db (catalog), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static JsonObject *
platform_figures (JsonObject *insights,
                  const char *name)
{
  JsonArray *platforms = json_object_get_array_member (insights, "platforms");

  for (guint i = 0; i < json_array_get_length (platforms); i++)
    {
      JsonObject *p = json_array_get_object_element (platforms, i);

      if (g_str_equal (json_object_get_string_member (p, "platform"), name))
        return p;
    }
  g_error ("no figures for %s", name);
}

/* The insights against figures worked out by hand. */
static void
test_insights (Fixture       *f,
               gconstpointer  data)
{
  gint64 now = G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC;
  gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  gint64 r[4], pa, pb;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) insights = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *csv = NULL;
  JsonObject *a, *b;
  JsonArray *errors;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(TmRelease) release = tm_release_new ();

      tm_release_set_title (release, "R");
      g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
      r[i] = tm_record_get_id (TM_RECORD (release));
    }
  {
    g_autoptr(TmPlatform) p = tm_platform_new ();
    g_autoptr(TmPlatform) q = tm_platform_new ();

    tm_platform_set_name (p, "Alpha");
    tm_platform_set_kind (p, TM_PLATFORM_KIND_FOLDER);
    tm_platform_set_settings (p, "{\"path\": \"/tmp\"}");
    tm_platform_set_name (q, "Beta");
    tm_platform_set_kind (q, TM_PLATFORM_KIND_FOLDER);
    tm_platform_set_settings (q, "{\"path\": \"/tmp\"}");
    g_assert_true (tm_catalog_add_platform (f->catalog, p, NULL));
    g_assert_true (tm_catalog_add_platform (f->catalog, q, NULL));
    pa = tm_record_get_id (TM_RECORD (p));
    pb = tm_record_get_id (TM_RECORD (q));
  }

  /* Alpha: two releases live after 2 h and 4 h, one failed on a timeout; Beta:
   * one needing attention for its metadata. All within the last day. */
  sql = g_strdup_printf (
      "INSERT INTO distributions (id, release_id, platform_id, status) VALUES"
      " (101, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'live'),"
      " (102, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'live'),"
      " (103, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'failed'),"
      " (104, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'needs_attention');"
      "INSERT INTO status_history (distribution_id, from_status, to_status, time, actor, details)"
      " VALUES (101, 'scheduled', 'queued', %" G_GINT64_FORMAT ", 'user', NULL),"
      " (101, 'processing_by_platform', 'live', %" G_GINT64_FORMAT ", 'queue', NULL),"
      " (102, 'scheduled', 'queued', %" G_GINT64_FORMAT ", 'user', NULL),"
      " (102, 'processing_by_platform', 'live', %" G_GINT64_FORMAT ", 'queue', NULL),"
      " (103, 'uploading', 'failed', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"network_timeout\"}'),"
      " (104, 'uploading', 'needs_attention', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"metadata_invalid\"}');",
      r[0], pa, r[1], pa, r[2], pa, r[0], pb,
      now - 20 * hour, now - 18 * hour, now - 20 * hour, now - 16 * hour,
      now - 10 * hour, now - 5 * hour);
  exec_sql (f->catalog, sql);

  insights = tm_insights_compute (f->catalog, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (insights, "releases"), ==, 4);

  a = platform_figures (insights, "Alpha");
  g_assert_cmpint (json_object_get_int_member (a, "deliveries"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (a, "succeeded"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "success_rate"), 0.67, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "coverage"), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "median_hours_to_live"), 2,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "p90_hours_to_live"), 4,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (a, "health"), ==, "degraded");

  b = platform_figures (insights, "Beta");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "success_rate"), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "coverage"), 0.25, 1e-9);
  g_assert_true (json_node_is_null (json_object_get_member (b, "median_hours_to_live")));
  g_assert_cmpstr (json_object_get_string_member (b, "health"), ==, "down");
  g_assert_cmpstr (json_object_get_string_member (platform_figures (insights,
                                                                    "Sandbox (test platform)"),
                                                  "health"), ==, "unknown");

  errors = json_object_get_array_member (insights, "errors_by_week");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "category"), ==, "metadata_invalid");

  csv = tm_insights_to_csv (insights);
  g_assert_true (g_str_has_prefix (csv, "platform,deliveries,succeeded"));
  g_assert_nonnull (strstr (csv, "Alpha,3,2,1,0,0.67,0.75,2.00,4.00,degraded\n"));
}

static gint64
local_noon (int year,
            int month,
            int day)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (year, month, day, 12, 0, 0);

  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* Health counts each delivery of the week once, as its latest outcome stands:
 * two that failed and then went live are taken, one that went live and then
 * failed (an update) is not; two of three, degraded. Taking the first outcome
 * of each instead would say one of three, down. */
static void
test_insights_latest_outcome (Fixture       *f,
                              gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autoptr(TmPlatform) platform = add_platform (f->catalog, "Delta");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) insights = NULL;
  GString *sql = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("R%d", i);
      g_autoptr(TmRelease) release = add_release (f->catalog, title);
      gboolean fails_last = i == 2;

      g_string_append_printf (sql,
          "INSERT INTO distributions (id, release_id, platform_id, status) VALUES"
          " (%d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s');"
          "INSERT INTO status_history (distribution_id, from_status, to_status, time, actor,"
          " details) VALUES"
          " (%d, 'uploading', '%s', %" G_GINT64_FORMAT ", 'queue', NULL),"
          " (%d, 'uploading', '%s', %" G_GINT64_FORMAT ", 'queue', NULL);",
          301 + i, tm_record_get_id (TM_RECORD (release)),
          tm_record_get_id (TM_RECORD (platform)), fails_last ? "failed" : "live",
          301 + i, fails_last ? "live" : "failed", now - 3 * hour,
          301 + i, fails_last ? "failed" : "live", now - 2 * hour);
    }
  text = g_string_free (sql, FALSE);
  exec_sql (f->catalog, text);

  insights = tm_insights_compute (f->catalog, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (platform_figures (insights, "Delta"),
                                                  "health"), ==, "degraded");
}

/* Weeks are ISO 8601 weeks (the 3rd of December 2026 is in week 49; the 1st
 * of January 2027 still in week 53 of 2026), and a platform that took a
 * delivery after failing once on the way is healthy, not down. */
static void
test_insights_weeks_and_health (Fixture       *f,
                                gconstpointer  data)
{
  gint64 now = local_noon (2027, 1, 2);
  g_autoptr(TmRelease) release = add_release (f->catalog, "R");
  g_autoptr(TmPlatform) platform = add_platform (f->catalog, "Gamma");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) insights = NULL;
  g_autofree char *sql = NULL;
  JsonArray *errors;

  sql = g_strdup_printf (
      "INSERT INTO distributions (id, release_id, platform_id, status) VALUES"
      " (201, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'live');"
      "INSERT INTO status_history (distribution_id, from_status, to_status, time, actor, details)"
      " VALUES (201, 'uploading', 'retrying', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"network_timeout\"}'),"
      " (201, 'uploading', 'retrying', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"network_timeout\"}'),"
      " (201, 'uploading', 'retrying', %" G_GINT64_FORMAT ", 'queue', 'not json'),"
      " (201, 'uploading', 'processing_by_platform', %" G_GINT64_FORMAT ", 'queue', NULL),"
      " (201, 'processing_by_platform', 'live', %" G_GINT64_FORMAT ", 'platform', NULL);",
      tm_record_get_id (TM_RECORD (release)), tm_record_get_id (TM_RECORD (platform)),
      local_noon (2026, 12, 3), local_noon (2027, 1, 1), local_noon (2027, 1, 1),
      local_noon (2027, 1, 1) + 1, local_noon (2027, 1, 1) + 2);
  exec_sql (f->catalog, sql);

  insights = tm_insights_compute (f->catalog, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (platform_figures (insights, "Gamma"),
                                                  "health"), ==, "healthy");
  errors = json_object_get_array_member (insights, "errors_by_week");
  g_assert_cmpuint (json_array_get_length (errors), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "week"), ==, "2026-W49");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1),
                                                  "week"), ==, "2026-W53");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1),
                                                  "category"), ==, "network_timeout");
  /* Details that are not JSON count as "unknown", and do not stop the figures. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 2),
                                                  "category"), ==, "unknown");
}

/* Errors are put in the weeks of the local calendar to the minute, in a
 * time zone half an hour off UTC (India's): ten minutes before and after the
 * local midnight between a Sunday and a Monday are in two weeks. */
static void
test_insights_local_midnight (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));
  g_autoptr(TmRelease) release = add_release (f->catalog, "R");
  g_autoptr(TmPlatform) platform = add_platform (f->catalog, "Delta");
  g_autoptr(GTimeZone) india = g_time_zone_new_identifier ("IST-5:30");
  g_autoptr(GDateTime) sunday = NULL;
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(JsonObject) insights = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  JsonArray *errors;

  g_assert_nonnull (india);
  sunday = g_date_time_new (india, 2026, 12, 6, 23, 50, 0);
  monday = g_date_time_new (india, 2026, 12, 7, 0, 10, 0);
  sql = g_strdup_printf (
      "INSERT INTO distributions (id, release_id, platform_id, status) VALUES"
      " (301, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'failed');"
      "INSERT INTO status_history (distribution_id, from_status, to_status, time, actor, details)"
      " VALUES (301, 'uploading', 'retrying', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"network_timeout\"}'),"
      " (301, 'uploading', 'failed', %" G_GINT64_FORMAT ", 'queue',"
      "  '{\"category\":\"network_timeout\"}');",
      tm_record_get_id (TM_RECORD (release)), tm_record_get_id (TM_RECORD (platform)),
      g_date_time_to_unix (sunday) * G_USEC_PER_SEC,
      g_date_time_to_unix (monday) * G_USEC_PER_SEC);
  exec_sql (f->catalog, sql);

  g_setenv ("TZ", "IST-5:30", TRUE);
  insights = tm_insights_compute (f->catalog, g_date_time_to_unix (monday) * G_USEC_PER_SEC,
                                  &error);
  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
  g_assert_no_error (error);
  errors = json_object_get_array_member (insights, "errors_by_week");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "week"), ==, "2026-W49");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1),
                                                  "week"), ==, "2026-W50");
}

static gboolean
list_has (gpointer data)
{
  TmRecordList *list = data;

  return !tm_record_list_get_loading (list);
}

static char *
track_titles (GListModel *list)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (list, i);

      g_string_append_printf (titles, "%s%s", i > 0 ? "|" : "", tm_track_get_title (track));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

/* The window's other lists: a release's tracks in their order (the same
 * objects after a move), a delivery's history, the jobs with the names of
 * their release and platform, and the platforms. */
static void
test_query_lists (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TmRelease) release = add_release (f->catalog, "Dawn");
  gint64 release_id = tm_record_get_id (TM_RECORD (release));
  g_autoptr(TmQueryList) tracks = tm_query_list_new_tracks (f->catalog, release_id);
  g_autoptr(TmQueryList) platforms = tm_query_list_new_platforms (f->catalog);
  g_autoptr(TmQueryList) jobs = NULL;
  g_autoptr(TmQueryList) history = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(TmTrack) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  const char *titles[] = { "One", "Two", "Three" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(TmTrack) track = tm_track_new ();

      tm_track_set_title (track, titles[i]);
      g_assert_true (tm_catalog_add_track (f->catalog, release_id, track, NULL));
    }
  tm_record_list_reload_async (TM_RECORD_LIST (tracks), NULL, NULL, NULL);
  g_assert_true (tm_test_wait_for (list_has, tracks, 10000));
  order = track_titles (G_LIST_MODEL (tracks));
  g_assert_cmpstr (order, ==, "One|Two|Three");
  g_clear_pointer (&order, g_free);

  first = g_list_model_get_item (G_LIST_MODEL (tracks), 0);
  g_assert_true (tm_catalog_move_track (f->catalog, tm_record_get_id (TM_RECORD (first)), 3,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (tm_test_wait_for (list_has, tracks, 10000));
  order = track_titles (G_LIST_MODEL (tracks));
  g_assert_cmpstr (order, ==, "Two|Three|One");
  {
    g_autoptr(TmTrack) last = g_list_model_get_item (G_LIST_MODEL (tracks), 2);

    g_assert_true (last == first);
    g_assert_cmpint (tm_track_get_number (first), ==, 3);
  }

  platform = add_platform (f->catalog, "Shelf");
  tm_record_list_reload_async (TM_RECORD_LIST (platforms), NULL, NULL, NULL);
  g_assert_true (tm_test_wait_for (list_has, platforms, 10000));
  /* The sandbox every catalog has, and Shelf. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (platforms)), ==, 2);

  d = tm_catalog_add_distribution (f->catalog, release_id,
                                   tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_USER,
                                   &error);
  g_assert_no_error (error);
  history = tm_query_list_new_history (f->catalog, tm_record_get_id (TM_RECORD (d)));
  jobs = tm_query_list_new_jobs (f->catalog, &(TmJobQuery) { .states = TM_JOB_STATES_OPEN });
  tm_record_list_reload_async (TM_RECORD_LIST (history), NULL, NULL, NULL);
  tm_record_list_reload_async (TM_RECORD_LIST (jobs), NULL, NULL, NULL);
  g_assert_true (tm_test_wait_for (list_has, jobs, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (jobs)), ==, 0);

  {
    g_autoptr(TmJob) job = tm_job_new ();

    tm_job_set_distribution_id (job, tm_record_get_id (TM_RECORD (d)));
    tm_job_set_release_id (job, release_id);
    tm_job_set_platform_id (job, tm_record_get_id (TM_RECORD (platform)));
    g_assert_true (tm_catalog_add_job (f->catalog, job, &error));
    g_assert_no_error (error);
  }
  g_assert_true (tm_test_wait_for (list_has, jobs, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (jobs)), ==, 1);
  {
    g_autoptr(TmJob) job = g_list_model_get_item (G_LIST_MODEL (jobs), 0);

    g_assert_cmpstr (tm_job_get_release_title (job), ==, "Dawn");
    g_assert_cmpstr (tm_job_get_platform_name (job), ==, "Shelf");
  }
  /* Finished jobs leave the list of open ones; the other list shows them. */
  tm_query_list_set_job_query (jobs, &(TmJobQuery) { .states = TM_JOB_STATES_ENDED });
  g_assert_true (tm_test_wait_for (list_has, jobs, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (jobs)), ==, 0);

  g_assert_true (tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (d)),
                                        TM_DISTRIBUTION_STATUS_VALIDATING, TM_ACTOR_USER, NULL,
                                        &error));
  g_assert_true (tm_test_wait_for (list_has, history, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), >=, 1);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (history));
    g_autoptr(TmStatusChange) last = g_list_model_get_item (G_LIST_MODEL (history), n - 1);

    g_assert_cmpint (tm_status_change_get_to_status (last), ==,
                     TM_DISTRIBUTION_STATUS_VALIDATING);
  }
}

/* The disk fills up while writing (a 512 KiB tmpfs, as root): the change that
 * did not fit is refused with its reason, and everything saved before is
 * intact and readable by another program. */
static void
test_disk_full (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *mount = g_strdup_printf ("mount -t tmpfs -o size=512k tmpfs '%s'", dir);
  g_autofree char *umount = g_strdup_printf ("umount '%s'", dir);
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *notes = g_strnfill (8000, 'n');
  g_autoptr(GError) error = NULL;
  TmCatalog *catalog;
  guint saved = 0;

  if (getuid () != 0 || system (mount) != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root (CI runs as root)");
      tm_test_remove_tree (dir);
      return;
    }

  catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(TmRelease) release = tm_release_new ();
      g_autofree char *title = g_strdup_printf ("Release %u", i);

      tm_release_set_title (release, title);
      tm_release_set_notes (release, notes);
      if (!tm_catalog_add_release (catalog, release, &error))
        break;
      saved++;
    }
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_cmpuint (saved, >, 0);
  g_clear_error (&error);

  /* Everything saved is there, for another program too. */
  {
    g_autoptr(TmCatalog) other = tm_catalog_open (path, &error);
    g_autoptr(GPtrArray) all = NULL;

    g_assert_no_error (error);
    all = tm_catalog_list_releases (other, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, saved);
    g_assert_true (tm_catalog_integrity_check (other, &error));
    g_assert_no_error (error);
  }
  g_object_unref (catalog);
  g_assert_cmpint (system (umount), ==, 0);
  tm_test_remove_tree (dir);
}

/* The catalog's locks against anything else the process does with its files.
 *
 * --probe FILE OFFSET LENGTH: prints how another process sees a byte range of
 * FILE: "free", "read" or "write" (locked). */
static int
run_probe (const char *file,
           const char *offset,
           const char *length)
{
  struct flock query = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
                         .l_start = g_ascii_strtoll (offset, NULL, 10),
                         .l_len = g_ascii_strtoll (length, NULL, 10) };
  int fd = open (file, O_RDWR | O_CLOEXEC);

  if (fd < 0 || fcntl (fd, F_GETLK, &query) != 0)
    return 2;
  g_print ("%s\n", query.l_type == F_UNLCK ? "free" : query.l_type == F_RDLCK ? "read" : "write");
  return 0;
}

static char *
probe (const char *file,
       gint64      offset,
       gint64      length)
{
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-catalog", NULL);
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  g_autofree char *len = g_strdup_printf ("%" G_GINT64_FORMAT, length);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char *[]) { (char *) self_exe, "--probe", (char *) file, start, len, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (out);
}

/* SQLite's lock bytes: the database's SHARED range, and the -shm index's
 * "someone has it open" byte (sqlite3.c: SHARED_FIRST, UNIX_SHM_DMS). */
#define SHARED_FIRST (G_GINT64_CONSTANT (0x40000000) + 2)
#define SHARED_SIZE 510
#define SHM_DMS 128

static void
assert_locks_held (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *db_lock = probe (path, SHARED_FIRST, SHARED_SIZE);
  g_autofree char *shm_lock = probe (shm, SHM_DMS, 1);

  g_assert_cmpstr (db_lock, ==, "read");
  g_assert_cmpstr (shm_lock, ==, "read");
}

static void
touch_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (name);
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) bytes = NULL;
      int fd;

      /* What a file chooser, a thumbnailer or a copy does: open, read, close. */
      fd = open (name, O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
      fd = open (name, O_RDWR | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, NULL);
      bytes = g_file_load_bytes (file, NULL, NULL, NULL);
      g_assert_nonnull (bytes);
    }
}

static void
test_locks_survive_close (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TmRelease) before = add_release (f->catalog, "Before");
  g_autoptr(TmRelease) after = NULL;
  g_autoptr(TmRelease) confirmed = NULL;
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  const char *args[] = { "release", "new", "--title", "From the terminal", "--artist", "CLI",
                         NULL };

  assert_locks_held (f->path);
  touch_files (f->path);
  assert_locks_held (f->path);

  /* An edit confirmed in this process after the files were touched... */
  tm_release_set_title (before, "Before, confirmed");
  g_assert_true (tm_catalog_update_release (f->catalog, before, &error));
  g_assert_no_error (error);
  touch_files (f->path);

  /* ...then another process writes and exits: it must know it is not alone. */
  g_assert_cmpint (tm_test_run_cli (f->path, dir, args, &out, &err), ==, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_locks_held (f->path);

  after = add_release (f->catalog, "After");
  confirmed = tm_catalog_get_release (f->catalog, tm_record_get_id (TM_RECORD (before)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_title (confirmed), ==, "Before, confirmed");
  releases = tm_catalog_list_releases (f->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (releases->len, ==, 3);
  g_assert_true (tm_catalog_integrity_check (f->catalog, &error));
  g_assert_no_error (error);

  /* And the other process sees all of it. */
  {
    const char *list[] = { "--json", "release", "list", NULL };

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (tm_test_run_cli (f->path, dir, list, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Before, confirmed"));
    g_assert_nonnull (strstr (out, "From the terminal"));
    g_assert_nonnull (strstr (out, "\"After\""));
  }
}

/* A damaged catalog is refused before anything is written, with its newest
 * backup named, and restoring that backup brings it back. */
/* Reads come from a mapping of the file: one cut short by another program
 * while the catalog is open is an error that says so, not a crash (SIGBUS),
 * and what the open catalog still reads is what the file holds. */
static void
test_cut_short_while_open (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);
  g_autoptr(GPtrArray) releases = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *title = g_strdup_printf ("Release %u with a title long enough to fill "
                                                "pages of the file", i);

      g_object_unref (add_release (catalog, title));
    }
  /* Closed, the catalog is all in the file (no WAL); opened again, it maps it. */
  g_clear_object (&catalog);
  catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  releases = tm_catalog_list_releases (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (releases->len, ==, 400);
  g_clear_pointer (&releases, g_ptr_array_unref);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 16 * 4096);
  g_assert_cmpint (truncate (path, 8192), ==, 0);

  releases = tm_catalog_list_releases (catalog, &error);
  g_assert_null (releases);
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT);
  g_clear_error (&error);

  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

static void
test_damaged_and_restored (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) releases = NULL;

  g_assert_no_error (error);
  release = add_release (catalog, "Kept in the backup");
  g_clear_object (&catalog);

  /* The first open of the day with something in it makes the day's backup. */
  catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&catalog);
  backup = tm_catalog_find_last_backup (path);
  g_assert_nonnull (backup);
  g_assert_true (g_str_has_prefix (backup, dir));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (backup, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  tm_test_damage_catalog (path);
  before = tm_test_read_bytes (path);
  g_assert_null (tm_catalog_open (path, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT);
  g_assert_cmpstr (tm_catalog_error_get_backup (error), ==, backup);
  g_assert_nonnull (strstr (error->message, backup));
  g_clear_error (&error);
  after = tm_test_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  g_assert_true (tm_catalog_restore (path, backup, &aside, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  releases = tm_catalog_list_releases (catalog, &error);
  g_assert_cmpuint (releases->len, ==, 1);
  g_assert_cmpstr (tm_release_get_title (g_ptr_array_index (releases, 0)), ==,
                   "Kept in the backup");

  /* A damaged backup is not put in place. */
  g_clear_object (&catalog);
  tm_test_damage_catalog (aside);
  g_assert_false (tm_catalog_restore (path, aside, NULL, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT);
  catalog = tm_catalog_open (path, NULL);
  g_assert_nonnull (catalog);
  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "--probe"))
    return run_probe (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/catalog/open/new", test_open_new);
  g_test_add_func ("/catalog/open/creates-folders", test_open_creates_folders);
  g_test_add_func ("/catalog/open/migrate-from-v1", test_migrate_from_v1);
  ADD ("/catalog/open/every-property-has-a-column", test_every_stored_property_has_a_column);
  g_test_add_func ("/catalog/open/refuses-bad-files", test_refuses_bad_files);
  g_test_add_func ("/catalog/open/read-only", test_read_only);
  g_test_add_func ("/catalog/disk-full", test_disk_full);
  ADD ("/catalog/open/locked", test_locked);
  ADD ("/catalog/open/locks-survive-close", test_locks_survive_close);
  g_test_add_func ("/catalog/open/damaged-and-restored", test_damaged_and_restored);
  g_test_add_func ("/catalog/open/cut-short-while-open", test_cut_short_while_open);
  ADD ("/catalog/release/crud", test_release_crud);
  ADD ("/catalog/track/order-and-credits", test_tracks);
  ADD ("/catalog/platform/crud", test_platforms);
  ADD ("/catalog/distribution/every-transition", test_every_transition);
  ADD ("/catalog/distribution/errors", test_transition_errors);
  ADD ("/catalog/distribution/aggregated-status", test_aggregated_status);
  ADD ("/catalog/concurrency/two-threads", test_two_threads);
  ADD ("/catalog/concurrency/killed-writer", test_killed_writer);
  ADD ("/catalog/list/releases", test_release_list);
  ADD ("/catalog/list/distributions", test_distribution_list);
  ADD ("/catalog/list/watch-external", test_watch_external);
  ADD ("/catalog/list/queries", test_query_lists);
  ADD ("/catalog/insights/weeks-and-health", test_insights_weeks_and_health);
  ADD ("/catalog/insights/latest-outcome", test_insights_latest_outcome);
  ADD ("/catalog/insights/local-midnight", test_insights_local_midnight);
  ADD ("/catalog/settings", test_settings);
  ADD ("/catalog/identifiers/isrc-generation", test_isrc_generation);
  ADD ("/catalog/insights", test_insights);
#undef ADD

  return g_test_run ();
}
