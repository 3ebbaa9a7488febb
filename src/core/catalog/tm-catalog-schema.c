/* tm-catalog-schema.c: the catalog's numbered migrations
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-catalog-private.h"

/* Each migration takes the catalog from version N - 1 to N. A migration, once
 * released, never changes: a later change is a new migration. */
static const char * const migrations[] = {
  [1] =
    "CREATE TABLE releases ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT, version TEXT, artists TEXT, featured_artists TEXT,"
    "  release_type TEXT NOT NULL DEFAULT 'single',"
    "  genre TEXT, subgenre TEXT, language TEXT, label TEXT, upc TEXT,"
    "  release_date TEXT, timezone TEXT, original_release_date TEXT,"
    "  p_year INTEGER NOT NULL DEFAULT 0, p_holder TEXT,"
    "  c_year INTEGER NOT NULL DEFAULT 0, c_holder TEXT,"
    "  explicit INTEGER NOT NULL DEFAULT 0,"
    "  territory_mode TEXT NOT NULL DEFAULT 'worldwide', territories TEXT,"
    "  notes TEXT,"
    "  created_at INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE tracks ("
    "  id INTEGER PRIMARY KEY,"
    "  release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
    "  disc INTEGER NOT NULL DEFAULT 1 CHECK (disc >= 1),"
    "  number INTEGER NOT NULL,"
    "  title TEXT, version TEXT, artists TEXT, featured_artists TEXT, isrc TEXT,"
    "  explicit INTEGER NOT NULL DEFAULT 0, language TEXT, lyrics TEXT,"
    "  preview_start REAL NOT NULL DEFAULT 0,"
    "  audio_path TEXT, audio_size INTEGER NOT NULL DEFAULT 0,"
    "  audio_mtime INTEGER NOT NULL DEFAULT 0, audio_sha256 TEXT,"
    "  created_at INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX tracks_position ON tracks (release_id, disc, number);"
    "CREATE TABLE contributors ("
    "  id INTEGER PRIMARY KEY,"
    "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, role TEXT NOT NULL, instrument TEXT);"
    "CREATE INDEX contributors_track ON contributors (track_id);"
    "CREATE TABLE splits ("
    "  id INTEGER PRIMARY KEY,"
    "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
    "  party TEXT NOT NULL, role TEXT,"
    "  share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000));"
    "CREATE INDEX splits_track ON splits (track_id);"
    "CREATE TABLE platforms ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  kind TEXT NOT NULL, settings TEXT, rule_profile TEXT,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  concurrency INTEGER NOT NULL DEFAULT 1, rate_limit INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE distributions ("
    "  id INTEGER PRIMARY KEY,"
    "  release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
    "  platform_id INTEGER NOT NULL REFERENCES platforms (id) ON DELETE RESTRICT,"
    "  status TEXT NOT NULL DEFAULT 'created',"
    "  status_details TEXT, platform_reference TEXT, store_url TEXT,"
    "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, error_category TEXT,"
    "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (release_id, platform_id));"
    "CREATE INDEX distributions_release_status ON distributions (release_id, status);"
    "CREATE TABLE status_history ("
    "  id INTEGER PRIMARY KEY,"
    "  distribution_id INTEGER NOT NULL REFERENCES distributions (id) ON DELETE CASCADE,"
    "  from_status TEXT NOT NULL, to_status TEXT NOT NULL,"
    "  time INTEGER NOT NULL, actor TEXT NOT NULL, details TEXT);"
    "CREATE INDEX status_history_distribution ON status_history (distribution_id, time);"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;",

  [2] =
    "CREATE TABLE artworks ("
    "  id INTEGER PRIMARY KEY,"
    "  release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL DEFAULT 'front', path TEXT, format TEXT,"
    "  width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,"
    "  size INTEGER NOT NULL DEFAULT 0, mtime INTEGER NOT NULL DEFAULT 0, sha256 TEXT,"
    "  UNIQUE (release_id, role));"
    "CREATE INDEX tracks_isrc ON tracks (isrc) WHERE isrc IS NOT NULL;"
    "CREATE INDEX distributions_platform ON distributions (platform_id, status);",

  [3] =
    "CREATE TABLE jobs ("
    "  id INTEGER PRIMARY KEY,"
    "  distribution_id INTEGER NOT NULL REFERENCES distributions (id) ON DELETE CASCADE,"
    "  release_id INTEGER NOT NULL, platform_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL, priority TEXT NOT NULL DEFAULT 'normal',"
    "  state TEXT NOT NULL DEFAULT 'waiting',"
    "  run_at INTEGER NOT NULL DEFAULT 0,"
    "  attempts INTEGER NOT NULL DEFAULT 0, immediate_retries INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT, error_category TEXT, reason TEXT,"
    "  batch_id INTEGER NOT NULL DEFAULT 0,"
    "  files_done INTEGER NOT NULL DEFAULT 0, files_total INTEGER NOT NULL DEFAULT 0,"
    "  bytes_done INTEGER NOT NULL DEFAULT 0, bytes_total INTEGER NOT NULL DEFAULT 0,"
    "  owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL DEFAULT 0,"
    "  finished_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX jobs_state ON jobs (state, run_at);"
    "CREATE INDEX jobs_distribution ON jobs (distribution_id, state);"
    "CREATE INDEX jobs_batch ON jobs (batch_id) WHERE batch_id != 0;",

  [4] =
    "CREATE TABLE reports ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL, path TEXT NOT NULL,"
    "  size INTEGER NOT NULL, mtime INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    "  report TEXT NOT NULL, created_at INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (kind, path));"
    "CREATE INDEX reports_sha256 ON reports (sha256, kind);",

  /* A new catalog comes with the built-in test platform (DELIVERY-API.md), so a
   * first release can go all the way to live without an account. A catalog that
   * has platforms already is left as it is. */
  [5] =
    "INSERT INTO platforms (name, kind, settings, rule_profile, enabled, concurrency,"
    "                       rate_limit, created_at)"
    "  SELECT 'Sandbox (test platform)', 'api', '{\"sandbox\": true}', 'generic', 1, 2, 0,"
    "         CAST (strftime ('%s', 'now') AS INTEGER) * 1000000"
    "  WHERE NOT EXISTS (SELECT 1 FROM platforms);",

  /* The insights read the history by what a change led to. */
  [6] =
    "CREATE INDEX status_history_to ON status_history (to_status, time, distribution_id);",

  /* Earnings reports (docs/earnings-formats.md): each file once, by its
   * checksum; each line once, by what it says (content, a digest of its
   * fields) and how many times the same file said it before (occurrence), so
   * an overlapping export adds only what is new. Amounts are integers of
   * 10⁻¹⁰ of their currency. */
  [7] =
    "CREATE TABLE earnings_files ("
    "  id INTEGER PRIMARY KEY,"
    "  sha256 TEXT NOT NULL UNIQUE, name TEXT NOT NULL, source TEXT NOT NULL,"
    "  imported_at INTEGER NOT NULL, lines INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL DEFAULT 0, repeated INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE earnings ("
    "  id INTEGER PRIMARY KEY,"
    "  file_id INTEGER NOT NULL REFERENCES earnings_files (id) ON DELETE CASCADE,"
    "  line INTEGER NOT NULL, content BLOB NOT NULL, occurrence INTEGER NOT NULL,"
    "  period TEXT NOT NULL, reported TEXT, store TEXT, platform TEXT, country TEXT,"
    "  isrc TEXT, upc TEXT, title TEXT, artist TEXT,"
    "  kind TEXT NOT NULL, quantity INTEGER NOT NULL DEFAULT 0,"
    "  amount INTEGER NOT NULL, currency TEXT NOT NULL,"
    "  source_amount INTEGER, source_currency TEXT, rate TEXT,"
    "  basis TEXT NOT NULL, upstream_share_bp INTEGER NOT NULL DEFAULT 0,"
    "  release_id INTEGER REFERENCES releases (id) ON DELETE SET NULL,"
    "  track_id INTEGER REFERENCES tracks (id) ON DELETE SET NULL,"
    "  match TEXT NOT NULL DEFAULT 'none',"
    "  UNIQUE (content, occurrence));"
    "CREATE INDEX earnings_period ON earnings (period);"
    "CREATE INDEX earnings_release ON earnings (release_id, period);"
    "CREATE INDEX earnings_file ON earnings (file_id);"
    "CREATE INDEX earnings_guesses ON earnings (title, artist) WHERE match = 'guess';"
    "CREATE TABLE earnings_problems ("
    "  file_id INTEGER NOT NULL REFERENCES earnings_files (id) ON DELETE CASCADE,"
    "  line INTEGER NOT NULL, why TEXT NOT NULL);"
    "CREATE INDEX earnings_problems_file ON earnings_problems (file_id, line);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TM_CATALOG_SCHEMA_VERSION + 1);

const char *
_tm_catalog_schema_sql (int version)
{
  g_return_val_if_fail (version >= 1 && version <= TM_CATALOG_SCHEMA_VERSION, NULL);

  return migrations[version];
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _tm_catalog_set_sqlite_error (error, db, rc, path);

  return TRUE;
}

/* A copy of the catalog as it was, made before its schema changes, so an upgrade
 * that goes wrong, or a downgrade of the program, loses nothing. */
static gboolean
backup_before_upgrade (sqlite3     *db,
                       const char  *path,
                       int          from_version,
                       GError     **error)
{
  g_autofree char *backup = g_strdup_printf ("%s.v%d.backup", path, from_version);

  if (g_file_test (backup, G_FILE_TEST_EXISTS))
    return TRUE;

  /* SQLite makes the copy: a file copy of a live database may be torn. */
  if (!_tm_catalog_vacuum_into (db, path, backup, error))
    {
      g_prefix_error (error, _("Could not back up the catalog before upgrading it: "));
      return FALSE;
    }
  return TRUE;
}

gboolean
_tm_catalog_migrate (sqlite3     *db,
                     const char  *path,
                     int          from_version,
                     int          to_version,
                     GError     **error)
{
  g_return_val_if_fail (to_version <= TM_CATALOG_SCHEMA_VERSION, FALSE);

  if (from_version > 0 && from_version < to_version && path != NULL
      && !backup_before_upgrade (db, path, from_version, error))
    return FALSE;

  for (int v = from_version + 1; v <= to_version; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", v);

      if (!exec_sql (db, path, "BEGIN IMMEDIATE;", error))
        return FALSE;

      if (!exec_sql (db, path, migrations[v], error)
          || !exec_sql (db, path, set_version, error)
          || (v == 1 && !exec_sql (db, path, "PRAGMA application_id = 1414349652;", error))
          || !exec_sql (db, path, "COMMIT;", error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          g_prefix_error (error, _("Could not upgrade the catalog to version %d: "), v);
          return FALSE;
        }

      g_debug ("Catalog %s upgraded to schema version %d", path, v);
    }

  return TRUE;
}

gboolean
_tm_catalog_create_at_version (const char  *path,
                               int          version,
                               GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      _tm_catalog_set_sqlite_error (error, db, rc, path);
      sqlite3_close (db);
      return FALSE;
    }

  ok = exec_sql (db, path, "PRAGMA journal_mode = WAL;", error)
       && _tm_catalog_migrate (db, path, 0, version, error);
  sqlite3_close (db);

  return ok;
}
