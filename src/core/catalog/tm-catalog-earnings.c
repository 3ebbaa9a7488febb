/* tm-catalog-earnings.c: earnings reports in the catalog, and their figures
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the lines of earnings reports (schema
 * version 7).
 *
 * Once is once: a file already imported (by its SHA-256) is not read again,
 * and each line is kept under a digest of what it says and the number of times
 * its file said the same before it, so the lines an overlapping export shares
 * with an earlier one are recognised and not added twice, while a line a report
 * truly repeats is kept as many times as it is there. The counting is done in a
 * temporary table, so memory stays flat over millions of lines.
 *
 * Each line is matched to the catalog as it is added: by ISRC to a track, by
 * UPC to a release, else by title and artist (marked as a guess), else kept
 * unmatched. Lines left unmatched are tried again after every import, for
 * tracks added since.
 *
 * Sums are SQLite's integer sums of exact amounts: never a float. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-earnings.h"
#include "tm-catalog-private.h"

#define KEPT_PROBLEMS   100       /* in the result */
#define STORED_PROBLEMS 100000    /* in the catalog, per file */
#define CONTENT_BYTES   16
#define IMPORT_CACHE_KIB 8192   /* the page cache while importing, per database */

typedef struct
{
  gint64 track_id;
  gint64 release_id;
  char  *artists;                 /* casefolded names, separated by \x1f */
} Known;

static void
known_free (Known *known)
{
  g_free (known->artists);
  g_free (known);
}

struct _TmEarningsImport
{
  TmCatalog               *catalog;
  const char              *name;
  const char              *sha256;
  TmEarningsFillFunc       fill;
  gpointer                 data;
  TmEarningsImportResult  *result;
  char                    *source;

  GHashTable              *by_isrc;     /* ISRC -> Known */
  GHashTable              *by_upc;      /* UPC -> Known */
  GHashTable              *by_title;    /* casefolded title -> GPtrArray of Known */
  GHashTable              *decided;     /* casefolded "title\x1fartist" -> Known, or
                                           a Known of no track and release: rejected */
  sqlite3_stmt            *insert;      /* of the catalog's cache, fetched once */
};

void
tm_earnings_import_result_clear (TmEarningsImportResult *result)
{
  g_clear_pointer (&result->source, g_free);
  if (result->problem_list != NULL)
    {
      for (guint i = 0; i < result->problem_list->len; i++)
        {
          TmEarningsProblem *p = g_ptr_array_index (result->problem_list, i);

          g_free (p->why);
          g_free (p);
        }
      g_clear_pointer (&result->problem_list, g_ptr_array_unref);
    }
  g_clear_pointer (&result->totals, g_hash_table_unref);
  memset (result, 0, sizeof *result);
}

static char *
fold (const char *text)
{
  g_autofree char *normal = NULL;

  if (text == NULL)
    return NULL;
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);
  return normal != NULL ? g_utf8_casefold (normal, -1) : NULL;
}

/* The first of the catalog's tracks (or releases) to have a code is its. */
static void
add_code (GHashTable  *by_code,
          const char  *code,
          const Known *known)
{
  Known *copy;

  if (code == NULL || g_hash_table_contains (by_code, code))
    return;
  copy = g_memdup2 (known, sizeof *known);
  copy->artists = NULL;
  g_hash_table_insert (by_code, g_strdup (code), copy);
}

/* Takes @key (a casefolded title) and @known. */
static void
add_title (TmEarningsImport *import,
           char             *key,
           Known            *known)
{
  GPtrArray *list;

  if (key == NULL)
    {
      known_free (known);
      return;
    }
  list = g_hash_table_lookup (import->by_title, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) known_free);
      g_hash_table_insert (import->by_title, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list, known);
}

/* What the catalog has, to match lines against. */
static gboolean
load_known (TmEarningsImport  *import,
            GError           **error)
{
  TmCatalog *self = import->catalog;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tm_catalog_get_statement (self,
      "SELECT t.id, t.release_id, t.isrc, t.title,"
      "       (SELECT group_concat (value, char (31)) FROM json_each (coalesce ("
      "          nullif (t.artists, '[]'), r.artists)))"
      "  FROM tracks t JOIN releases r ON r.id = t.release_id ORDER BY t.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *isrc = (const char *) sqlite3_column_text (stmt, 2);
      const char *title = (const char *) sqlite3_column_text (stmt, 3);
      Known *known = g_new0 (Known, 1);
      g_autofree char *key = fold (title);

      known->track_id = sqlite3_column_int64 (stmt, 0);
      known->release_id = sqlite3_column_int64 (stmt, 1);
      known->artists = fold ((const char *) sqlite3_column_text (stmt, 4));
      add_code (import->by_isrc, isrc, known);
      add_title (import, g_steal_pointer (&key), known);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);

  stmt = _tm_catalog_get_statement (self,
      "SELECT id, upc, title,"
      "       (SELECT group_concat (value, char (31)) FROM json_each (artists))"
      "  FROM releases ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *upc = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *key = fold ((const char *) sqlite3_column_text (stmt, 2));
      Known *known = g_new0 (Known, 1);

      known->release_id = sqlite3_column_int64 (stmt, 0);
      known->artists = fold ((const char *) sqlite3_column_text (stmt, 3));
      add_code (import->by_upc, upc, known);
      add_title (import, g_steal_pointer (&key), known);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);

  /* What the artist confirmed or rejected of earlier guesses holds for new lines. */
  stmt = _tm_catalog_get_statement (self,
      "SELECT DISTINCT title, artist, match, coalesce (track_id, 0), coalesce (release_id, 0)"
      "  FROM earnings WHERE match IN ('confirmed', 'rejected')", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *title = fold ((const char *) sqlite3_column_text (stmt, 0));
      g_autofree char *artist = fold ((const char *) sqlite3_column_text (stmt, 1));
      Known *known = g_new0 (Known, 1);

      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 2), "confirmed"))
        {
          known->track_id = sqlite3_column_int64 (stmt, 3);
          known->release_id = sqlite3_column_int64 (stmt, 4);
        }
      g_hash_table_replace (import->decided,
                            g_strdup_printf ("%s\x1f%s", title != NULL ? title : "",
                                             artist != NULL ? artist : ""), known);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);
  return TRUE;
}

/* Whether @artist (casefolded) is one of @artists, or all of them as a report
 * writes them ("A, B", "A & B", "A feat. B"). */
static gboolean
same_artist (const char *artists,
             const char *artist)
{
  g_auto(GStrv) names = NULL;

  if (artists == NULL || artist == NULL)
    return FALSE;
  names = g_strsplit (artists, "\x1f", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], artist) || (i == 0 && g_str_has_prefix (artist, names[0])
                                           && names[1] != NULL
                                           && strstr (artist, names[1]) != NULL))
      return TRUE;
  return FALSE;
}

/* The track or release a line is of, and how sure that is. */
static const char *
match (TmEarningsImport *import,
       const TmEarning  *e,
       gint64           *track_id,
       gint64           *release_id)
{
  const Known *known;

  *track_id = *release_id = 0;
  if (e->isrc != NULL && (known = g_hash_table_lookup (import->by_isrc, e->isrc)) != NULL)
    {
      *track_id = known->track_id;
      *release_id = known->release_id;
      return "isrc";
    }
  if (e->upc != NULL && (known = g_hash_table_lookup (import->by_upc, e->upc)) != NULL)
    {
      *release_id = known->release_id;
      return "upc";
    }
  if (e->title != NULL)
    {
      g_autofree char *title = fold (e->title);
      g_autofree char *artist = fold (e->artist);
      g_autofree char *both = g_strdup_printf ("%s\x1f%s", title, artist != NULL ? artist : "");
      GPtrArray *list = g_hash_table_lookup (import->by_title, title);
      const Known *found = NULL;
      guint n = 0;

      if ((known = g_hash_table_lookup (import->decided, both)) != NULL)
        {
          *track_id = known->track_id;
          *release_id = known->release_id;
          return known->track_id != 0 || known->release_id != 0 ? "confirmed" : "rejected";
        }

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          const Known *k = g_ptr_array_index (list, i);

          if (artist != NULL ? same_artist (k->artists, artist) : TRUE)
            {
              /* An album line is the release; a track line the track. */
              if (found == NULL || (k->track_id == 0) == (e->isrc == NULL && e->upc != NULL))
                found = k;
              n++;
            }
        }
      if (found != NULL && (artist != NULL || n == 1))
        {
          *track_id = found->track_id;
          *release_id = found->release_id;
          return "guess";
        }
    }
  return "none";
}

/* A digest of everything a line says, the same whichever layout it came in. */
static void
digest (const char      *source,
        const TmEarning *e,
        guint8           out[CONTENT_BYTES])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *numbers = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                              "\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s",
                                              tm_earning_kind_to_string (e->kind), e->quantity,
                                              e->amount, e->currency, e->source_amount,
                                              e->source_currency, e->rate != NULL ? e->rate : "");
  const char *fields[] = { source, e->period, e->reported, e->store, e->country, e->isrc,
                           e->upc, e->title, e->artist, numbers };
  guint8 full[32];
  gsize length = sizeof full;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i] != NULL)
        g_checksum_update (sum, (const guchar *) fields[i], -1);
      g_checksum_update (sum, (const guchar *) "\x1e", 1);
    }
  g_checksum_get_digest (sum, full, &length);
  memcpy (out, full, CONTENT_BYTES);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * tm_earnings_import_add:
 *
 * Stages a line; it is kept unless the catalog has it already.
 */
gboolean
tm_earnings_import_add (TmEarningsImport  *import,
                        const TmEarning   *e,
                        GError           **error)
{
  TmCatalog *self = import->catalog;
  TmEarningsImportResult *result = import->result;
  sqlite3_stmt *stmt;
  guint8 content[CONTENT_BYTES];
  gint64 track_id, release_id;
  const char *how;

  g_return_val_if_fail (e->period != NULL, FALSE);

  result->lines++;
  digest (import->source, e, content);

  how = match (import, e, &track_id, &release_id);
  stmt = import->insert;
  sqlite3_bind_int64 (stmt, 1, (gint64) e->line);
  sqlite3_bind_blob (stmt, 2, content, sizeof content, SQLITE_STATIC);
  bind_text (stmt, 3, e->period);
  bind_text (stmt, 4, e->reported);
  bind_text (stmt, 5, e->store);
  bind_text (stmt, 6, tm_earning_platform_for_store (e->store));
  bind_text (stmt, 7, e->country);
  bind_text (stmt, 8, e->isrc);
  bind_text (stmt, 9, e->upc);
  bind_text (stmt, 10, e->title);
  bind_text (stmt, 11, e->artist);
  bind_text (stmt, 12, tm_earning_kind_to_string (e->kind));
  sqlite3_bind_int64 (stmt, 13, e->quantity);
  sqlite3_bind_int64 (stmt, 14, e->amount);
  bind_text (stmt, 15, e->currency);
  if (e->source_currency[0] != '\0')
    {
      sqlite3_bind_int64 (stmt, 16, e->source_amount);
      bind_text (stmt, 17, e->source_currency);
    }
  else
    {
      sqlite3_bind_null (stmt, 16);
      sqlite3_bind_null (stmt, 17);
    }
  bind_text (stmt, 18, e->rate);
  bind_text (stmt, 19, tm_earning_basis_to_string (e->basis));
  sqlite3_bind_int (stmt, 20, (int) e->upstream_share_bp);
  if (release_id != 0)
    sqlite3_bind_int64 (stmt, 21, release_id);
  else
    sqlite3_bind_null (stmt, 21);
  if (track_id != 0)
    sqlite3_bind_int64 (stmt, 22, track_id);
  else
    sqlite3_bind_null (stmt, 22);
  bind_text (stmt, 23, how);
  return _tm_catalog_step_done (self, stmt, error);
}

/**
 * tm_earnings_import_problem:
 *
 * Records a line left out, or a total that does not match, with its line number.
 */
void
tm_earnings_import_problem (TmEarningsImport *import,
                           guint64           line,
                           const char       *why)
{
  TmEarningsImportResult *result = import->result;
  sqlite3_stmt *stmt;

  if (result->problems++ < STORED_PROBLEMS
      && (stmt = _tm_catalog_get_statement (import->catalog,
                                            "INSERT INTO temp.earnings_new_problems (line, why)"
                                            " VALUES (?, ?)", NULL)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, (gint64) line);
      sqlite3_bind_text (stmt, 2, why, -1, SQLITE_STATIC);
      _tm_catalog_step_done (import->catalog, stmt, NULL);
    }
  if (result->problem_list->len < KEPT_PROBLEMS)
    {
      TmEarningsProblem *p = g_new0 (TmEarningsProblem, 1);

      p->line = line;
      p->why = g_strdup (why);
      g_ptr_array_add (result->problem_list, p);
    }
}

/**
 * tm_earnings_import_set_source:
 *
 * What the report is ("distrokid"), once its first line told: it is part of
 * each line's identity, so it is set before the first line is added.
 */
void
tm_earnings_import_set_source (TmEarningsImport *import,
                               const char       *source)
{
  g_free (import->source);
  import->source = g_strdup (source);
}

/* The temporary tables of an import: what each line is, and how many times
 * the file said it so far. Private to this connection: filling them takes no
 * lock on the catalog. */
#define STAGE_COLUMNS \
  "line, content, period, reported, store, platform, country, isrc, upc, title," \
  " artist, kind, quantity, amount, currency, source_amount, source_currency, rate, basis," \
  " upstream_share_bp, release_id, track_id, match"

static gboolean
clear_stage (TmCatalog  *self,
             GError    **error)
{
  if (sqlite3_exec (self->db,
                    "CREATE TEMP TABLE IF NOT EXISTS earnings_new ("
                    "  line, content, period, reported, store, platform, country,"
                    "  isrc, upc, title, artist, kind, quantity, amount, currency, source_amount,"
                    "  source_currency, rate, basis, upstream_share_bp, release_id, track_id,"
                    "  match);"
                    "CREATE TEMP TABLE IF NOT EXISTS earnings_ready ("
                    "  occurrence, line, content, period, reported, store, platform, country,"
                    "  isrc, upc, title, artist, kind, quantity, amount, currency, source_amount,"
                    "  source_currency, rate, basis, upstream_share_bp, release_id, track_id,"
                    "  match);"
                    "CREATE TEMP TABLE IF NOT EXISTS earnings_new_problems (line, why);"
                    "DELETE FROM temp.earnings_new; DELETE FROM temp.earnings_ready;"
                    "DELETE FROM temp.earnings_new_problems;", NULL, NULL, NULL) != SQLITE_OK)
    return _tm_catalog_set_error (self, error, sqlite3_errcode (self->db));
  return TRUE;
}

/* Reads the report into the temporary tables: the long part, which other
 * programs' writes to the catalog never wait for. */
static gboolean
stage (TmCatalog         *self,
       TmEarningsImport  *import,
       GError           **error)
{
  gboolean ok;

  /* Lines are put in the index of their digests in no order: a larger page
   * cache while importing keeps SQLite from writing pages out and reading them
   * back, and is given back at the end. */
  if (sqlite3_exec (self->db,
                    "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB) ";"
                    "PRAGMA temp.cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB) ";",
                    NULL, NULL, NULL) != SQLITE_OK
      || !clear_stage (self, error))
    return FALSE;

  import->insert = _tm_catalog_get_statement (self,
      "INSERT INTO temp.earnings_new (" STAGE_COLUMNS ")"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (import->insert == NULL)
    return FALSE;

  /* One transaction of the temporary tables alone (a savepoint in the caller's). */
  if (sqlite3_exec (self->db, "SAVEPOINT tm_earnings_stage;", NULL, NULL, NULL) != SQLITE_OK)
    return _tm_catalog_set_error (self, error, sqlite3_errcode (self->db));
  ok = load_known (import, error) && import->fill (import, import->data, error);
  /* Each line with the number of times the file said the same up to it (its
   * occurrence), in the order of the index of digests, so that the catalog's
   * index is then written from one end to the other rather than all over. */
  if (ok && sqlite3_exec (self->db,
                          "INSERT INTO temp.earnings_ready"
                          " SELECT row_number () OVER (PARTITION BY content ORDER BY rowid), "
                          STAGE_COLUMNS " FROM temp.earnings_new ORDER BY content, 1;"
                          "DELETE FROM temp.earnings_new;", NULL, NULL, NULL) != SQLITE_OK)
    ok = _tm_catalog_set_error (self, error, sqlite3_errcode (self->db));
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK TO tm_earnings_stage;", NULL, NULL, NULL);
  if (sqlite3_exec (self->db, "RELEASE tm_earnings_stage;", NULL, NULL, NULL) != SQLITE_OK
      && ok)
    return _tm_catalog_set_error (self, error, sqlite3_errcode (self->db));
  return ok;
}

/* What the staged lines did: how they matched, what they add up to. */
static gboolean
count_added (TmCatalog               *self,
             TmEarningsImportResult  *result,
             GError                 **error)
{
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT match, count (*) FROM earnings WHERE file_id = ? GROUP BY match", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->file_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *how = (const char *) sqlite3_column_text (stmt, 0);
      guint64 n = (guint64) sqlite3_column_int64 (stmt, 1);

      if (g_strcmp0 (how, "guess") == 0)
        result->guessed += n;
      else if (g_strcmp0 (how, "none") == 0 || g_strcmp0 (how, "rejected") == 0)
        result->unmatched += n;
      else
        result->matched += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);

  stmt = _tm_catalog_get_statement (self,
      "SELECT currency, sum (amount) FROM earnings WHERE file_id = ? AND kind != 'payout'"
      " GROUP BY currency", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->file_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (result->totals, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) },
                                    sizeof (gint64)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);
  return TRUE;
}

/* The staged lines into the catalog, as one short transaction. */
static gboolean
apply (TmCatalog  *self,
       gpointer    data,
       GError    **error)
{
  TmEarningsImport *import = data;
  TmEarningsImportResult *result = import->result;
  sqlite3_stmt *stmt;

  stmt = _tm_catalog_get_statement (self,
      "INSERT INTO earnings_files (sha256, name, source, imported_at) VALUES (?, ?, ?, ?)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, import->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, import->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, import->source != NULL ? import->source : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;
  result->file_id = sqlite3_last_insert_rowid (self->db);

  /* A line the catalog has (the same content, as often) is not added again. */
  stmt = _tm_catalog_get_statement (self,
      "INSERT INTO earnings (file_id, occurrence, " STAGE_COLUMNS ")"
      " SELECT ?, occurrence, " STAGE_COLUMNS " FROM temp.earnings_ready WHERE true"
      " ORDER BY rowid ON CONFLICT (content, occurrence) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->file_id);
  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;
  result->added = (guint64) sqlite3_changes (self->db);
  result->repeated = result->lines - result->added;

  stmt = _tm_catalog_get_statement (self,
      "INSERT INTO earnings_problems (file_id, line, why)"
      " SELECT ?, line, why FROM temp.earnings_new_problems", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->file_id);
  if (!_tm_catalog_step_done (self, stmt, error) || !count_added (self, result, error))
    return FALSE;

  result->source = g_strdup (import->source);
  stmt = _tm_catalog_get_statement (self,
      "UPDATE earnings_files SET lines = ?, added = ?, repeated = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) result->lines);
  sqlite3_bind_int64 (stmt, 2, (gint64) result->added);
  sqlite3_bind_int64 (stmt, 3, (gint64) result->repeated);
  sqlite3_bind_int64 (stmt, 4, result->file_id);
  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;

  /* Lines no track had may have one now. */
  if (sqlite3_exec (self->db,
                    "UPDATE earnings SET"
                    "  (track_id, release_id, match) = (SELECT t.id, t.release_id, 'isrc'"
                    "     FROM tracks t WHERE t.isrc = earnings.isrc ORDER BY t.id LIMIT 1)"
                    " WHERE match = 'none' AND isrc IS NOT NULL"
                    "   AND EXISTS (SELECT 1 FROM tracks t WHERE t.isrc = earnings.isrc);",
                    NULL, NULL, NULL) != SQLITE_OK)
    return _tm_catalog_set_error (self, error, sqlite3_errcode (self->db));

  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_EARNINGS, 0);
  return TRUE;
}

/**
 * tm_catalog_import_earnings:
 * @name: the file's name, as the artist knows it
 * @sha256: its checksum: a file imported before is refused
 * @fill: reads the file, giving each line to tm_earnings_import_add()
 * @result: (out caller-allocates): what the import did; cleared with
 *   tm_earnings_import_result_clear()
 *
 * Imports a report as one transaction: all of it, or nothing. The report is
 * read first into temporary tables of this connection, which takes no lock on
 * the catalog (a million lines take seconds); the catalog is then written in a
 * transaction of its own, so other programs wait for that part only.
 */
gboolean
tm_catalog_import_earnings (TmCatalog               *self,
                            const char              *name,
                            const char              *sha256,
                            TmEarningsFillFunc       fill,
                            gpointer                 data,
                            TmEarningsImportResult  *result,
                            GError                 **error)
{
  TmEarningsImport import = { 0 };
  gint64 start, staged;
  gboolean ok;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL && sha256 != NULL && fill != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->problem_list = g_ptr_array_new ();
  result->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.catalog = self;
  import.name = name;
  import.sha256 = sha256;
  import.fill = fill;
  import.data = data;
  import.result = result;
  import.by_isrc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.by_upc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  import.decided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  start = g_get_monotonic_time ();
  ok = stage (self, &import, error);
  staged = g_get_monotonic_time ();
  ok = ok && _tm_catalog_write (self, apply, &import, error);
  g_debug ("Earnings report %s: %" G_GUINT64_FORMAT " lines read in %.2f s, written in %.2f s",
           name, result->lines, (staged - start) / 1e6, (g_get_monotonic_time () - staged) / 1e6);
  clear_stage (self, NULL);
  sqlite3_exec (self->db, "PRAGMA cache_size = -2000; PRAGMA temp.cache_size = -2000;",
                NULL, NULL, NULL);

  g_free (import.source);
  g_hash_table_unref (import.by_isrc);
  g_hash_table_unref (import.by_upc);
  g_hash_table_unref (import.by_title);
  g_hash_table_unref (import.decided);
  return ok;
}

/**
 * tm_catalog_find_earnings_file:
 * @imported_at: (out) (optional): when, in microseconds since 1970
 *
 * Returns: (transfer full) (nullable): the name a file of this checksum was
 *   imported under, or %NULL if none was
 */
char *
tm_catalog_find_earnings_file (TmCatalog   *self,
                               const char  *sha256,
                               gint64      *imported_at,
                               GError     **error)
{
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT name, imported_at FROM earnings_files WHERE sha256 = ?", error);
  char *name = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (imported_at != NULL)
        *imported_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _tm_catalog_set_error (self, error, rc);
  return name;
}

/* Figures */

void
tm_earnings_row_free (TmEarningsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

/**
 * tm_earnings_row_get_label:
 *
 * Returns: how the row is shown: its label, or what having none means
 */
const char *
tm_earnings_row_get_label (const TmEarningsRow *row,
                           TmEarningsBy         by)
{
  if (row->label != NULL && *row->label != '\0')
    return row->label;
  switch (by)
    {
    case TM_EARNINGS_BY_RELEASE:
    case TM_EARNINGS_BY_TRACK:
      return _("Not in the catalog");
    case TM_EARNINGS_BY_COUNTRY:
      return _("Country not given");
    case TM_EARNINGS_BY_PLATFORM:
    case TM_EARNINGS_BY_MONTH:
    default:
      return _("Unknown");
    }
}

gboolean
tm_earnings_by_from_string (const char   *text,
                            TmEarningsBy *by)
{
  static const char * const names[] = { "release", "track", "platform", "country", "month" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *by = (TmEarningsBy) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * tm_catalog_earnings_summary:
 * @from: (nullable): the first month (YYYY-MM) counted
 * @to: (nullable): the last month counted
 * @release_id: only this release's lines, or 0 for all
 *
 * Streams, units and earnings by @by and currency (amounts in different
 * currencies are never added together), the largest first. Payouts are not
 * earnings and are left out.
 *
 * Returns: (transfer full) (element-type TmEarningsRow): the rows
 */
GPtrArray *
tm_catalog_earnings_summary (TmCatalog     *self,
                             TmEarningsBy   by,
                             const char    *from,
                             const char    *to,
                             gint64         release_id,
                             GError       **error)
{
  static const char * const keys[] = {
    [TM_EARNINGS_BY_RELEASE] = "coalesce ('r' || e.release_id, 'none')",
    [TM_EARNINGS_BY_TRACK] = "coalesce ('t' || e.track_id, 'i' || e.isrc, 'n' || e.title, 'none')",
    [TM_EARNINGS_BY_PLATFORM] = "coalesce (e.platform, '')",
    [TM_EARNINGS_BY_COUNTRY] = "coalesce (e.country, '')",
    [TM_EARNINGS_BY_MONTH] = "e.period",
  };
  static const char * const labels[] = {
    [TM_EARNINGS_BY_RELEASE] = "r.title",
    [TM_EARNINGS_BY_TRACK] = "coalesce (t.title, e.title, e.isrc)",
    [TM_EARNINGS_BY_PLATFORM] = "e.platform",
    [TM_EARNINGS_BY_COUNTRY] = "e.country",
    [TM_EARNINGS_BY_MONTH] = "e.period",
  };
  g_autoptr(GPtrArray) rows =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_row_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);
  g_return_val_if_fail (by <= TM_EARNINGS_BY_MONTH, NULL);

  /* Each condition only when it is asked for: the whole catalog is read
   * fastest in one pass over the table, not through an index of months. */
  sql = g_strdup_printf (
      "SELECT %s AS k, %s, max (e.release_id), max (e.track_id), e.currency,"
      "       total (CASE e.kind WHEN 'stream' THEN e.quantity END),"
      "       total (CASE e.kind WHEN 'download' THEN e.quantity END),"
      "       total (CASE e.kind WHEN 'other' THEN e.quantity END),"
      "       sum (e.amount), count (*), total (e.match = 'guess')"
      "  FROM earnings e%s%s"
      " WHERE e.kind != 'payout'%s%s%s"
      " GROUP BY k, e.currency ORDER BY e.currency, sum (e.amount) DESC, k",
      keys[by], labels[by],
      by == TM_EARNINGS_BY_RELEASE ? " LEFT JOIN releases r ON r.id = e.release_id" : "",
      by == TM_EARNINGS_BY_TRACK ? " LEFT JOIN tracks t ON t.id = e.track_id" : "",
      from != NULL ? " AND e.period >= ?1" : "", to != NULL ? " AND e.period <= ?2" : "",
      release_id != 0 ? " AND e.release_id = ?3" : "");
  stmt = _tm_catalog_get_statement (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (from != NULL)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  if (to != NULL)
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  if (release_id != 0)
    sqlite3_bind_int64 (stmt, 3, release_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TmEarningsRow *row = g_new0 (TmEarningsRow, 1);
      const char *currency = (const char *) sqlite3_column_text (stmt, 4);

      row->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (by == TM_EARNINGS_BY_RELEASE || by == TM_EARNINGS_BY_TRACK)
        row->release_id = sqlite3_column_int64 (stmt, 2);
      if (by == TM_EARNINGS_BY_TRACK)
        row->track_id = sqlite3_column_int64 (stmt, 3);
      g_strlcpy (row->currency, currency != NULL ? currency : "", sizeof row->currency);
      /* total () of integers is exact below 2⁵³ streams. */
      row->streams = (gint64) sqlite3_column_double (stmt, 5);
      row->downloads = (gint64) sqlite3_column_double (stmt, 6);
      row->other = (gint64) sqlite3_column_double (stmt, 7);
      row->amount = sqlite3_column_int64 (stmt, 8);
      row->lines = (guint64) sqlite3_column_int64 (stmt, 9);
      row->guessed = (guint64) sqlite3_column_double (stmt, 10);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * tm_catalog_earnings_periods:
 * @first: (out) (nullable): the first month with earnings
 * @last: (out) (nullable): the last
 *
 * Returns: FALSE with @error if the catalog could not be read; %TRUE with
 *   %NULLs if it has no earnings
 */
gboolean
tm_catalog_earnings_periods (TmCatalog  *self,
                             char      **first,
                             char      **last,
                             GError    **error)
{
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT min (period), max (period) FROM earnings", error);
  int rc;

  *first = *last = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *last = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _tm_catalog_set_error (self, error, rc);
  return TRUE;
}

/* Guesses */

void
tm_earnings_guess_free (TmEarningsGuess *guess)
{
  if (guess == NULL)
    return;
  g_free (guess->title);
  g_free (guess->artist);
  g_free (guess->matched);
  g_free (guess);
}

/**
 * tm_catalog_earnings_guesses:
 *
 * The lines matched by their title and artist only, one entry for each title,
 * artist and what they were matched to.
 *
 * Returns: (transfer full) (element-type TmEarningsGuess): the guesses
 */
GPtrArray *
tm_catalog_earnings_guesses (TmCatalog  *self,
                             GError    **error)
{
  g_autoptr(GPtrArray) guesses =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_guess_free);
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT min (e.id), e.title, e.artist, coalesce (e.track_id, 0),"
      "       coalesce (e.release_id, 0), t.title, r.title, count (*)"
      "  FROM earnings e"
      "  LEFT JOIN tracks t ON t.id = e.track_id"
      "  LEFT JOIN releases r ON r.id = e.release_id"
      " WHERE e.match = 'guess'"
      " GROUP BY e.title, e.artist, e.track_id, e.release_id ORDER BY e.title, e.artist", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TmEarningsGuess *guess = g_new0 (TmEarningsGuess, 1);
      const char *track = (const char *) sqlite3_column_text (stmt, 5);
      const char *release = (const char *) sqlite3_column_text (stmt, 6);

      guess->id = sqlite3_column_int64 (stmt, 0);
      guess->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      guess->artist = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      guess->track_id = sqlite3_column_int64 (stmt, 3);
      guess->release_id = sqlite3_column_int64 (stmt, 4);
      guess->matched = track != NULL
                       ? g_strdup_printf (_("“%s” (%s)"), track, release != NULL ? release : "")
                       : g_strdup_printf (_("the release “%s”"), release != NULL ? release : "");
      guess->lines = (guint64) sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (guesses, guess);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&guesses);
}

typedef struct
{
  gint64   id;
  gboolean confirm;
  guint64  lines;
} Decision;

static gboolean
decide (TmCatalog  *self,
        gpointer    data,
        GError    **error)
{
  Decision *d = data;
  sqlite3_stmt *key = _tm_catalog_get_statement (self,
      "SELECT title, artist, track_id, release_id FROM earnings WHERE id = ? AND match = 'guess'",
      error);
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      d->confirm
      ? "UPDATE earnings SET match = 'confirmed'"
        " WHERE match = 'guess' AND title IS ? AND artist IS ? AND track_id IS ?"
        "   AND release_id IS ?"
      : "UPDATE earnings SET match = 'rejected', track_id = NULL, release_id = NULL"
        " WHERE match = 'guess' AND title IS ? AND artist IS ? AND track_id IS ?"
        "   AND release_id IS ?", error);
  int rc;

  if (key == NULL || stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (key, 1, d->id);
  rc = sqlite3_step (key);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (key);
      return rc == SQLITE_DONE ? _tm_catalog_not_found (error, _("guess"), d->id)
                               : _tm_catalog_set_error (self, error, rc);
    }
  for (int i = 0; i < 4; i++)
    sqlite3_bind_value (stmt, i + 1, sqlite3_column_value (key, i));
  sqlite3_reset (key);
  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;
  d->lines = (guint64) sqlite3_changes (self->db);
  if (d->lines == 0)
    return _tm_catalog_not_found (error, _("guess"), d->id);
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_EARNINGS, 0);
  return TRUE;
}

/**
 * tm_catalog_earnings_decide:
 * @id: a line of the guess (TmEarningsGuess.id)
 * @confirm: %TRUE if the match is right; %FALSE to make its lines unmatched
 * @lines: (out) (optional): how many lines it changed
 *
 * Confirms or rejects a guess: all lines of the same title, artist and match,
 * and, at later imports, new lines of that title and artist.
 */
gboolean
tm_catalog_earnings_decide (TmCatalog  *self,
                            gint64      id,
                            gboolean    confirm,
                            guint64    *lines,
                            GError    **error)
{
  Decision d = { id, confirm, 0 };

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!_tm_catalog_write (self, decide, &d, error))
    return FALSE;
  if (lines != NULL)
    *lines = d.lines;
  return TRUE;
}

/* The reports imported */

void
tm_earnings_file_free (TmEarningsFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_free (file->source);
  g_free (file);
}

/**
 * tm_catalog_list_earnings_files:
 *
 * Returns: (transfer full) (element-type TmEarningsFile): the reports
 *   imported, the first imported first
 */
GPtrArray *
tm_catalog_list_earnings_files (TmCatalog  *self,
                                GError    **error)
{
  g_autoptr(GPtrArray) files =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_file_free);
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT id, name, source, imported_at, lines, added, repeated FROM earnings_files"
      " ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TmEarningsFile *file = g_new0 (TmEarningsFile, 1);

      file->id = sqlite3_column_int64 (stmt, 0);
      file->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      file->source = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      file->imported_at = sqlite3_column_int64 (stmt, 3);
      file->lines = (guint64) sqlite3_column_int64 (stmt, 4);
      file->added = (guint64) sqlite3_column_int64 (stmt, 5);
      file->repeated = (guint64) sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (files, file);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&files);
}

typedef struct
{
  gint64     id;
  GPtrArray *forgotten;    /* TmEarningsFile */
} Forget;

static gboolean
forget (TmCatalog  *self,
        gpointer    data,
        GError    **error)
{
  Forget *f = data;
  g_autoptr(GPtrArray) files = tm_catalog_list_earnings_files (self, error);
  gboolean found = FALSE;

  if (files == NULL)
    return FALSE;
  /* A report imported later kept none of the lines it shared with this one:
   * it goes too, so that importing it again brings them back. */
  for (guint i = 0; i < files->len; i++)
    {
      TmEarningsFile *file = g_ptr_array_index (files, i);
      sqlite3_stmt *stmt;

      if (file->id == f->id)
        found = TRUE;
      else if (!found || file->repeated == 0)
        continue;
      stmt = _tm_catalog_get_statement (self, "DELETE FROM earnings_files WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, file->id);
      if (!_tm_catalog_step_done (self, stmt, error))
        return FALSE;
      g_ptr_array_add (f->forgotten, g_ptr_array_steal_index (files, i));
      i--;
    }
  if (!found)
    return _tm_catalog_not_found (error, _("imported report"), f->id);
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_EARNINGS, 0);
  return TRUE;
}

/**
 * tm_catalog_forget_earnings_file:
 * @id: an imported report's (TmEarningsFile.id)
 *
 * Takes a report's lines (and the lines it could not read) out of the
 * catalog, as if it had never been imported; so too each report imported
 * after it that shared lines with it (their shared lines were kept as this
 * report's alone), for them to be imported again.
 *
 * Returns: (transfer full) (element-type TmEarningsFile): the reports
 *   forgotten, @id's first
 */
GPtrArray *
tm_catalog_forget_earnings_file (TmCatalog  *self,
                                 gint64      id,
                                 GError    **error)
{
  Forget f = { id, g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_file_free) };

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (!_tm_catalog_write (self, forget, &f, error))
    {
      g_ptr_array_unref (f.forgotten);
      return NULL;
    }
  return f.forgotten;
}
