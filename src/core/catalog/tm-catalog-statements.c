/* tm-catalog-statements.c: what each collaborator is owed, from the earnings
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): split statements. TuneMantra computes; it
 * never moves money.
 *
 * The earnings of each track in each month and currency are shared by the
 * splits recorded on the track. A statement is refused, before anything is
 * computed, if a track with earnings in it has splits that do not add up to
 * 100 %. What is not split is listed apart with why, never dropped:
 *
 *  - amounts already one account's share (DistroKid's Teams below 100 %: the
 *    split was made upstream, and is never made again);
 *  - tracks without splits;
 *  - lines matched to nothing in the catalog;
 *  - a release's own lines (an album sale) whose tracks are split differently
 *    (when they are all split alike, the release's line is split that way).
 *
 * Rounding, once per currency: everything split is added up exactly and
 * rounded to the cent (half to even), then those cents are shared by the
 * largest-remainder method: each person gets the whole cents of their exact
 * share, and the cents left over (fewer than there are people) go one each to
 * the largest fractions, names in order among equals. So the people's cents
 * add up to the rounded total: not a cent is made or lost, and no one is more
 * than a cent from their exact share. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-earnings.h"
#include "tm-catalog-private.h"
#include "tm-money.h"

#define UNITS_PER_CENT G_GINT64_CONSTANT (100000000)    /* 10⁻¹⁰ units in a cent */

typedef struct
{
  char  *party;
  guint  share_bp;
} Share;

typedef struct
{
  GArray *shares;      /* of Share */
  guint   total_bp;
  char   *title;
  char   *signature;   /* "party\x1fbp\x1e…": equal for tracks split alike */
} Splits;

static void
share_clear (Share *share)
{
  g_free (share->party);
}

static void
splits_free (Splits *splits)
{
  g_array_unref (splits->shares);
  g_free (splits->title);
  g_free (splits->signature);
  g_free (splits);
}

static void
source_free (TmStatementSource *source)
{
  g_free (source->title);
  g_free (source->period);
  g_free (source);
}

static void
entry_free (TmStatementEntry *entry)
{
  g_free (entry->party);
  g_ptr_array_unref (entry->sources);
  g_free (entry);
}

static void
unsplit_free (TmStatementUnsplit *unsplit)
{
  g_free (unsplit->title);
  g_free (unsplit);
}

void
tm_statement_free (TmStatement *statement)
{
  if (statement == NULL)
    return;
  g_free (statement->from);
  g_free (statement->to);
  g_ptr_array_unref (statement->entries);
  g_ptr_array_unref (statement->unsplit);
  g_hash_table_unref (statement->split_totals);
  g_free (statement);
}

const char *
tm_statement_reason_to_string (TmStatementReason reason)
{
  switch (reason)
    {
    case TM_STATEMENT_SPLIT_UPSTREAM:
      return _("already this account’s share of a split made by the distributor");
    case TM_STATEMENT_NO_SPLITS:
      return _("the track has no splits recorded");
    case TM_STATEMENT_NOT_IN_CATALOG:
      return _("not matched to anything in the catalog");
    case TM_STATEMENT_RELEASE_MIXED:
    default:
      return _("a sale of the whole release, whose tracks are split differently");
    }
}

/* round (n / d) half to even, d > 0 */
static __int128
div_round (__int128 n,
           __int128 d)
{
  __int128 q = n / d, r = n % d;

  if (r < 0)
    {
      q--;
      r += d;
    }
  if (r * 2 > d || (r * 2 == d && (q & 1)))
    q++;
  return q;
}

/* floor (n / d), d > 0 */
static __int128
div_floor (__int128 n,
           __int128 d)
{
  __int128 q = n / d;

  if (n % d != 0 && n < 0)
    q--;
  return q;
}

static GHashTable *
load_splits (TmCatalog  *self,
             GError    **error)
{
  g_autoptr(GHashTable) tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) splits_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _tm_catalog_get_statement (self,
      "SELECT s.track_id, s.party, s.share_bp, t.title FROM splits s"
      "  JOIN tracks t ON t.id = s.track_id ORDER BY s.track_id, s.party, s.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 track_id = sqlite3_column_int64 (stmt, 0);
      const char *party = (const char *) sqlite3_column_text (stmt, 1);
      guint bp = (guint) sqlite3_column_int (stmt, 2);
      Splits *splits = g_hash_table_lookup (tracks, &track_id);
      Share *last;

      if (splits == NULL)
        {
          splits = g_new0 (Splits, 1);
          splits->shares = g_array_new (FALSE, TRUE, sizeof (Share));
          g_array_set_clear_func (splits->shares, (GDestroyNotify) share_clear);
          splits->title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          g_hash_table_insert (tracks, g_memdup2 (&track_id, sizeof track_id), splits);
        }
      /* One person named twice on a track has the two shares. */
      last = splits->shares->len > 0
             ? &g_array_index (splits->shares, Share, splits->shares->len - 1) : NULL;
      if (last != NULL && g_strcmp0 (last->party, party) == 0)
        last->share_bp += bp;
      else
        {
          Share share = { g_strdup (party != NULL ? party : ""), bp };

          g_array_append_val (splits->shares, share);
        }
      splits->total_bp += bp;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }

  {
    GHashTableIter iter;
    Splits *splits;

    g_hash_table_iter_init (&iter, tracks);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &splits))
      {
        GString *s = g_string_new (NULL);

        for (guint i = 0; i < splits->shares->len; i++)
          {
            const Share *share = &g_array_index (splits->shares, Share, i);

            g_string_append_printf (s, "%s\x1f%u\x1e", share->party, share->share_bp);
          }
        splits->signature = g_string_free (s, FALSE);
      }
  }
  return g_steal_pointer (&tracks);
}

/* How each release's own lines are split: its tracks' splits if they are all
 * alike (NULL value: they are not, or none has splits). */
static GHashTable *
release_splits (TmCatalog   *self,
                GHashTable  *tracks,
                GError     **error)
{
  g_autoptr(GHashTable) releases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  g_autoptr(GHashTable) mixed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       NULL);
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self,
      "SELECT id, release_id FROM tracks ORDER BY release_id, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 track_id = sqlite3_column_int64 (stmt, 0);
      gint64 release_id = sqlite3_column_int64 (stmt, 1);
      Splits *splits = g_hash_table_lookup (tracks, &track_id);
      Splits *first;

      if (g_hash_table_contains (mixed, &release_id))
        continue;
      if (!g_hash_table_lookup_extended (releases, &release_id, NULL, (gpointer *) &first))
        {
          g_hash_table_insert (releases, g_memdup2 (&release_id, sizeof release_id), splits);
          continue;
        }
      if (g_strcmp0 (first != NULL ? first->signature : "",
                     splits != NULL ? splits->signature : "") != 0)
        {
          g_hash_table_remove (releases, &release_id);
          g_hash_table_add (mixed, g_memdup2 (&release_id, sizeof release_id));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&releases);
}

typedef struct
{
  TmStatementEntry *entry;
  __int128          numerator;      /* Σ amount × share_bp */
  __int128          remainder;
} Owed;

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const TmStatementEntry *x = *(TmStatementEntry * const *) a;
  const TmStatementEntry *y = *(TmStatementEntry * const *) b;
  int c = strcmp (x->currency, y->currency);

  return c != 0 ? c : g_utf8_collate (x->party, y->party);
}

static gint
compare_owed (gconstpointer a,
              gconstpointer b)
{
  const Owed *x = *(Owed * const *) a;
  const Owed *y = *(Owed * const *) b;

  return compare_entries (&x->entry, &y->entry);
}

/* The cents of one currency shared by the largest remainders. */
static void
share_cents (GPtrArray  *owed,
             __int128    total_units,
             gint64     *cents)
{
  __int128 total_cents = div_round (total_units, UNITS_PER_CENT);
  __int128 given = 0;
  const __int128 scale = (__int128) UNITS_PER_CENT * 10000;

  for (guint i = 0; i < owed->len; i++)
    {
      Owed *o = g_ptr_array_index (owed, i);
      __int128 whole = div_floor (o->numerator, scale);

      o->remainder = o->numerator - whole * scale;
      o->entry->cents = (gint64) whole;
      o->entry->exact = (gint64) div_round (o->numerator, 10000);
      given += whole;
    }
  /* 0 ≤ left < the number of people (Σ floor ≤ floor (Σ) ≤ the rounded total). */
  for (__int128 left = total_cents - given; left > 0; left--)
    {
      Owed *best = NULL;

      for (guint i = 0; i < owed->len; i++)
        {
          Owed *o = g_ptr_array_index (owed, i);

          if (o->remainder >= 0 && (best == NULL || o->remainder > best->remainder))
            best = o;
        }
      if (best == NULL)
        break;
      best->entry->cents++;
      best->remainder = -1;
    }
  *cents = (gint64) total_cents;
}

/**
 * tm_catalog_earnings_statement:
 * @from: (nullable): the first month (YYYY-MM)
 * @to: (nullable): the last month
 * @release_id: one release's, or 0 for the whole catalog
 *
 * What each person named in the splits is owed from the earnings of the
 * period, per currency, with the track-months it comes from; see the top of
 * this file.
 *
 * Returns: (transfer full): the statement, or %NULL with an error (splits that
 *   do not add up to 100 % are listed in it)
 */
TmStatement *
tm_catalog_earnings_statement (TmCatalog    *self,
                               const char   *from,
                               const char   *to,
                               gint64        release_id,
                               GError      **error)
{
  g_autoptr(TmStatement) statement = g_new0 (TmStatement, 1);
  g_autoptr(GHashTable) tracks = NULL;
  g_autoptr(GHashTable) releases = NULL;
  g_autoptr(GHashTable) owed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  statement->from = g_strdup (from);
  statement->to = g_strdup (to);
  statement->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  statement->unsplit = g_ptr_array_new_with_free_func ((GDestroyNotify) unsplit_free);
  statement->split_totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!(tracks = load_splits (self, error)) || !(releases = release_splits (self, tracks, error)))
    return NULL;

  stmt = _tm_catalog_get_statement (self,
      "SELECT e.track_id, e.release_id, e.period, e.currency, e.basis = 'after-split',"
      "       sum (e.amount), count (*), coalesce (t.title, r.title, e.title, e.isrc, e.upc)"
      "  FROM earnings e"
      "  LEFT JOIN tracks t ON t.id = e.track_id"
      "  LEFT JOIN releases r ON r.id = e.release_id"
      " WHERE e.kind != 'payout' AND e.period >= ?1 AND e.period <= ?2"
      "   AND (?3 = 0 OR e.release_id = ?3)"
      " GROUP BY e.track_id, e.release_id, e.period, e.currency, e.basis = 'after-split'"
      " ORDER BY e.currency, e.release_id, e.track_id, e.period", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from != NULL ? from : "0000-00", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to != NULL ? to : "9999-99", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, release_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 track = sqlite3_column_int64 (stmt, 0);
      gint64 release = sqlite3_column_int64 (stmt, 1);
      const char *period = (const char *) sqlite3_column_text (stmt, 2);
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);
      gboolean upstream = sqlite3_column_int (stmt, 4) != 0;
      gint64 amount = sqlite3_column_int64 (stmt, 5);
      guint64 lines = (guint64) sqlite3_column_int64 (stmt, 6);
      const char *title = (const char *) sqlite3_column_text (stmt, 7);
      const Splits *splits = NULL;
      TmStatementReason reason = TM_STATEMENT_NO_SPLITS;
      gboolean split = FALSE;

      if (upstream)
        reason = TM_STATEMENT_SPLIT_UPSTREAM;
      else if (track != 0)
        split = (splits = g_hash_table_lookup (tracks, &track)) != NULL;
      else if (release != 0)
        {
          if (!g_hash_table_lookup_extended (releases, &release, NULL, (gpointer *) &splits))
            reason = TM_STATEMENT_RELEASE_MIXED;
          split = splits != NULL;
        }
      else
        reason = TM_STATEMENT_NOT_IN_CATALOG;

      if (split && splits->total_bp != 10000)
        {
          gint64 key = track != 0 ? track : -release;

          if (!g_hash_table_contains (named, &key))
            {
              g_hash_table_add (named, g_memdup2 (&key, sizeof key));
              g_string_append_printf (wrong, "%s“%s” (%u.%02u %%)", wrong->len > 0 ? ", " : "",
                                      splits->title != NULL ? splits->title : "",
                                      splits->total_bp / 100, splits->total_bp % 100);
            }
          continue;
        }

      if (!split)
        {
          TmStatementUnsplit *u = NULL;

          /* One line per track (or release) and reason, over the months. */
          if (statement->unsplit->len > 0)
            {
              TmStatementUnsplit *last = g_ptr_array_index (statement->unsplit,
                                                            statement->unsplit->len - 1);

              if (last->reason == reason && last->track_id == track
                  && last->release_id == release && g_str_equal (last->currency, currency)
                  && (track != 0 || release != 0 || g_strcmp0 (last->title, title) == 0))
                u = last;
            }
          if (u == NULL)
            {
              u = g_new0 (TmStatementUnsplit, 1);
              u->reason = reason;
              u->title = g_strdup (title);
              u->track_id = track;
              u->release_id = release;
              g_strlcpy (u->currency, currency, sizeof u->currency);
              g_ptr_array_add (statement->unsplit, u);
            }
          u->amount += amount;
          u->lines += lines;
          continue;
        }

      {
        __int128 *total = g_hash_table_lookup (totals, currency);

        if (total == NULL)
          {
            total = g_new0 (__int128, 1);
            g_hash_table_insert (totals, g_strdup (currency), total);
          }
        *total += amount;
      }
      for (guint i = 0; i < splits->shares->len; i++)
        {
          const Share *share = &g_array_index (splits->shares, Share, i);
          g_autofree char *key = g_strdup_printf ("%s\x1f%s", currency, share->party);
          Owed *o = g_hash_table_lookup (owed, key);
          TmStatementSource *source = g_new0 (TmStatementSource, 1);

          if (o == NULL)
            {
              o = g_new0 (Owed, 1);
              o->entry = g_new0 (TmStatementEntry, 1);
              o->entry->party = g_strdup (share->party);
              g_strlcpy (o->entry->currency, currency, sizeof o->entry->currency);
              o->entry->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
              g_ptr_array_add (statement->entries, o->entry);
              g_hash_table_insert (owed, g_steal_pointer (&key), o);
            }
          o->numerator += (__int128) amount * share->share_bp;
          source->track_id = track;
          source->release_id = release;
          source->title = g_strdup (title);
          source->period = g_strdup (period);
          source->amount = amount;
          source->share_bp = share->share_bp;
          source->share = (gint64) div_round ((__int128) amount * share->share_bp, 10000);
          source->lines = lines;
          g_ptr_array_add (o->entry->sources, source);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  if (wrong->len > 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("No statement was made: the splits of %s do not add up to 100 %%. Make "
                     "each add up to 100 %%, then make the statement again."), wrong->str);
      return NULL;
    }

  /* The cents of each currency, by the largest remainders. */
  {
    GHashTableIter iter;
    const char *currency;
    __int128 *total;

    g_hash_table_iter_init (&iter, totals);
    while (g_hash_table_iter_next (&iter, (gpointer *) &currency, (gpointer *) &total))
      {
        g_autoptr(GPtrArray) group = g_ptr_array_new ();
        GHashTableIter owed_iter;
        Owed *o;
        gint64 cents;

        g_hash_table_iter_init (&owed_iter, owed);
        while (g_hash_table_iter_next (&owed_iter, NULL, (gpointer *) &o))
          if (g_str_equal (o->entry->currency, currency))
            g_ptr_array_add (group, o);
        /* Names in order, so that equal remainders go the same way each time. */
        g_ptr_array_sort (group, compare_owed);
        share_cents (group, *total, &cents);
        g_hash_table_insert (statement->split_totals, g_strdup (currency),
                             g_memdup2 (&cents, sizeof cents));
      }
  }
  g_ptr_array_sort (statement->entries, compare_entries);
  return g_steal_pointer (&statement);
}
