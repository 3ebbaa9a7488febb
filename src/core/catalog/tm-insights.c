/* tm-insights.c: figures about distribution, computed in SQL
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* About deliveries, not streams: per platform, how many deliveries succeed, how
 * long a release takes from the queue to live (median and 90th percentile), how
 * much of the catalog is there, and how the platform is doing lately; and the
 * errors by category, week by week. Four queries over the catalog, whatever its
 * size; percentiles (which SQLite does not have) are taken in C from one sorted
 * pass. */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"
#include "tm-insights.h"
#include "tm-csv.h"
#include "tm-delivery-error.h"

#define RECENT_USEC (G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC)
/* How a delivery can come out: taken by the platform, or not. */
#define GOOD_OUTCOMES "('processing_by_platform', 'distributed', 'live', 'updated')"
#define OUTCOMES "('processing_by_platform', 'distributed', 'live', 'updated', 'failed', " \
                 "'needs_attention')"

/* The latest outcome of a delivery in the last week. */
typedef struct
{
  gint64   distribution;
  gint64   history_id;
  gint64   platform;
  gboolean good;
} Outcome;

/* By delivery, then by history, the latest last. */
static int
compare_outcomes (const void *a,
                  const void *b)
{
  const Outcome *x = a, *y = b;

  if (x->distribution != y->distribution)
    return x->distribution < y->distribution ? -1 : 1;
  return (x->history_id > y->history_id) - (x->history_id < y->history_id);
}

static gboolean
prepare (TmCatalog     *catalog,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (_tm_catalog_get_db (catalog), sql, -1, stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_FAILED, _("The insights could not be "
                   "read: %s"), sqlite3_errmsg (_tm_catalog_get_db (catalog)));
      return FALSE;
    }
  return TRUE;
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @p of the values at or below it. */
static double
percentile_hours (GArray *sorted,
                  double  p)
{
  guint rank;

  if (sorted->len == 0)
    return -1;
  rank = (guint) MAX (1.0, ceil (p * sorted->len));
  return g_array_index (sorted, gint64, MIN (rank, sorted->len) - 1) / 3600e6;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
set_number_or_null (JsonObject *o,
                    const char *key,
                    double      value)
{
  if (value < 0)
    json_object_set_null_member (o, key);
  else
    json_object_set_double_member (o, key, round (value * 100) / 100);
}

/**
 * tm_insights_compute:
 * @now: the time "recently" counts back from (g_get_real_time() but in tests)
 *
 * Returns: (transfer full): {"releases", "platforms": [...], "errors_by_week": [...]}
 */
JsonObject *
tm_insights_compute (TmCatalog  *catalog,
                     gint64      now,
                     GError    **error)
{
  g_autoptr(JsonObject) insights = json_object_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  JsonArray *platforms = json_array_new ();
  JsonArray *errors = json_array_new ();
  sqlite3_stmt *stmt = NULL;
  gint64 releases = 0;

  json_object_set_array_member (insights, "platforms", platforms);
  json_object_set_array_member (insights, "errors_by_week", errors);

  if (!prepare (catalog, "SELECT count(*) FROM releases", &stmt, error))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    releases = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  json_object_set_int_member (insights, "releases", releases);

  /* 1. Outcomes and coverage per platform: the platforms in their order, then
   * their distributions counted by status straight from the index on
   * (platform_id, status), added up here. A release is on a platform once
   * (UNIQUE), so the deliveries count the releases too. */
  if (!prepare (catalog, "SELECT id, name FROM platforms ORDER BY name COLLATE NOCASE", &stmt,
                error))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "platform", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (p, "deliveries", 0);
      json_object_set_int_member (p, "succeeded", 0);
      json_object_set_int_member (p, "failed", 0);
      json_object_set_int_member (p, "needs_attention", 0);
      json_array_add_object_element (platforms, json_object_ref (p));
      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), p);
    }
  sqlite3_finalize (stmt);

  if (!prepare (catalog, "SELECT platform_id, status, count (*) FROM distributions"
                         " GROUP BY platform_id, status", &stmt, error))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 1);
      gint64 n = sqlite3_column_int64 (stmt, 2);
      JsonObject *p = g_hash_table_lookup (by_id, &id);
      const char *member = NULL;

      if (p == NULL || status == NULL)
        continue;
      json_object_set_int_member (p, "deliveries", json_object_get_int_member (p, "deliveries") + n);
      if (g_str_equal (status, "distributed") || g_str_equal (status, "live")
          || g_str_equal (status, "updated"))
        member = "succeeded";
      else if (g_str_equal (status, "failed"))
        member = "failed";
      else if (g_str_equal (status, "needs_attention"))
        member = "needs_attention";
      if (member != NULL)
        json_object_set_int_member (p, member, json_object_get_int_member (p, member) + n);
    }
  sqlite3_finalize (stmt);

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        JsonObject *p = value;
        gint64 ok = json_object_get_int_member (p, "succeeded");
        gint64 failed = json_object_get_int_member (p, "failed");
        gint64 attention = json_object_get_int_member (p, "needs_attention");
        gint64 n = json_object_get_int_member (p, "deliveries");

        set_number_or_null (p, "success_rate",
                            ok + failed + attention > 0
                            ? (double) ok / (ok + failed + attention) : -1);
        set_number_or_null (p, "coverage", releases > 0 ? (double) n / releases : -1);
      }
  }

  /* 2. From queued to live, once per distribution that got there. */
  if (!prepare (catalog,
                /* Grouped first, joined after: only the distributions that got
                 * there look up their platform. The rows come from the index on
                 * (to_status, time, distribution_id), which holds all they need,
                 * and are sorted for the grouping: "+" keeps SQLite from walking
                 * the whole history in distribution order instead, looking up
                 * each row's status (measured: 24 → 8 ms on 100,000). */
                "SELECT d.platform_id, x.start, x.live"
                "  FROM (SELECT distribution_id,"
                "               min (CASE WHEN to_status = 'queued' THEN time END) AS start,"
                "               min (CASE WHEN to_status = 'live' THEN time END) AS live"
                "          FROM status_history WHERE to_status IN ('queued', 'live')"
                "         GROUP BY +distribution_id"
                "        HAVING start IS NOT NULL AND live IS NOT NULL AND live >= start) x"
                "  JOIN distributions d ON d.id = x.distribution_id",
                &stmt, error))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 took = sqlite3_column_int64 (stmt, 2) - sqlite3_column_int64 (stmt, 1);
      GArray *list = g_hash_table_lookup (times, &id);

      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (times, g_memdup2 (&id, sizeof id), list);
        }
      g_array_append_val (list, took);
    }
  sqlite3_finalize (stmt);

  /* 3. Lately: how each delivery with news in the last week came out, as it
   * stands after its latest outcome. A try that failed and was tried again
   * with success counts as the success; "retrying" is no outcome at all. The
   * outcomes of the week come straight from the index on (to_status, time),
   * and the latest of each delivery is found here (measured: 92 → 24 ms on
   * 100,000 deliveries, against SQL's max() per delivery, which scans the whole
   * history). */
  if (!prepare (catalog,
                "SELECT h.distribution_id, h.id, h.to_status IN " GOOD_OUTCOMES ", d.platform_id"
                "  FROM status_history h JOIN distributions d ON d.id = h.distribution_id"
                " WHERE h.to_status IN " OUTCOMES " AND h.time >= ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now - RECENT_USEC);
  {
    g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (Outcome));
    g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                           g_free);
    GHashTableIter iter;
    gpointer key, value;

    /* Without recent deliveries, nothing is known. */
    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, &key, &value))
      json_object_set_string_member (value, "health", "unknown");

    /* Every outcome of the week in an array, then sorted by delivery and
     * history: the latest of each delivery is the last of its run (measured on
     * 100,000 deliveries: 52-60 ms with a hash table entry allocated for each
     * delivery, 33-47 ms so; insights as a whole 103-125 → 70-72 ms). */
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        Outcome o = { .distribution = sqlite3_column_int64 (stmt, 0),
                      .history_id = sqlite3_column_int64 (stmt, 1),
                      .good = sqlite3_column_int (stmt, 2) != 0,
                      .platform = sqlite3_column_int64 (stmt, 3) };

        g_array_append_val (outcomes, o);
      }
    if (outcomes->len > 1)
      qsort (outcomes->data, outcomes->len, sizeof (Outcome), compare_outcomes);

    /* Per platform: good and bad among the latest outcomes. */
    for (guint i = 0; i < outcomes->len; i++)
      {
        Outcome *o = &g_array_index (outcomes, Outcome, i);
        gint64 *tally;

        if (i + 1 < outcomes->len
            && g_array_index (outcomes, Outcome, i + 1).distribution == o->distribution)
          continue;
        if ((tally = g_hash_table_lookup (tallies, &o->platform)) == NULL)
          {
            tally = g_new0 (gint64, 3);
            tally[0] = o->platform;
            g_hash_table_insert (tallies, &tally[0], tally);
          }
        tally[o->good ? 1 : 2]++;
      }
    g_hash_table_iter_init (&iter, tallies);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        gint64 *tally = value;
        JsonObject *p = g_hash_table_lookup (by_id, &tally[0]);
        double rate = tally[1] + tally[2] > 0 ? (double) tally[1] / (tally[1] + tally[2]) : -1;

        if (p == NULL || rate < 0)
          continue;
        json_object_set_string_member (p, "health", rate >= 0.9 ? "healthy"
                                                    : rate >= 0.5 ? "degraded" : "down");
      }
  }
  sqlite3_finalize (stmt);

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        GArray *list = g_hash_table_lookup (times, key);
        g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (gint64));

        if (list == NULL)
          list = empty;
        /* qsort() must not be given the NULL of an empty array. */
        if (list->len > 1)
          qsort (list->data, list->len, sizeof (gint64), compare_gint64);
        set_number_or_null (value, "median_hours_to_live", percentile_hours (list, 0.5));
        set_number_or_null (value, "p90_hours_to_live", percentile_hours (list, 0.9));
      }
  }

  /* 4. Errors by category, week by week: ISO 8601 weeks of the local
   * calendar (the week an artist sees on theirs). SQL counts them by quarter
   * of an hour, and the quarters are put in their local weeks here (a group
   * per quarter and category that had errors, never more than the rows, and
   * far fewer): every time zone's offset is a whole
   * number of quarters, so a quarter never straddles a local midnight. Local
   * days in SQL (strftime's 'localtime' on every row) cost 28 ms on 100,000
   * deliveries against 17. */
  if (!prepare (catalog,
                "SELECT h.time / 900000000 AS quarter,"
                "       CASE WHEN json_valid (h.details)"
                "       THEN coalesce (json_extract (h.details, '$.category'), 'unknown')"
                "       ELSE 'unknown' END AS category, count (*)"
                "  FROM status_history h"
                " WHERE h.to_status IN ('failed', 'needs_attention', 'retrying')"
                " GROUP BY quarter, category", &stmt, error))
    return NULL;
  {
    g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) keys = NULL;

    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 quarter = sqlite3_column_int64 (stmt, 0);
        const char *category = (const char *) sqlite3_column_text (stmt, 1);
        gsize n = sqlite3_column_int64 (stmt, 2);
        g_autoptr(GDateTime) when = NULL;
        char *key;

        if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER
            || !(when = g_date_time_new_from_unix_local (quarter * 900)))
          continue;
        /* Only the categories TuneMantra knows: details can be typed by anyone. */
        if (!tm_error_category_from_string (category, NULL))
          category = "unknown";
        /* "2026-W49\ncategory": sorts by week, then category. */
        key = g_strdup_printf ("%04d-W%02d\n%s", g_date_time_get_week_numbering_year (when),
                               g_date_time_get_week_of_year (when), category);
        n += GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key));
        g_hash_table_insert (counts, key, GSIZE_TO_POINTER (n));
      }
    sqlite3_finalize (stmt);

    keys = g_ptr_array_new ();
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, key);
    }
    g_ptr_array_sort (keys, compare_strings);
    for (guint i = 0; i < keys->len; i++)
      {
        const char *key = g_ptr_array_index (keys, i);
        const char *newline = strchr (key, '\n');
        g_autofree char *week = g_strndup (key, newline - key);
        JsonObject *e = json_object_new ();

        json_object_set_string_member (e, "week", week);
        json_object_set_string_member (e, "category", newline + 1);
        json_object_set_int_member (e, "count",
                                    GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key)));
        json_array_add_object_element (errors, e);
      }
  }

  return g_steal_pointer (&insights);
}

/**
 * tm_insights_to_csv:
 *
 * Returns: (transfer full): the per-platform figures as CSV, one row a platform
 */
char *
tm_insights_to_csv (JsonObject *insights)
{
  static const char * const columns[] = {
    "platform", "deliveries", "succeeded", "failed", "needs_attention", "success_rate",
    "coverage", "median_hours_to_live", "p90_hours_to_live", "health",
  };
  JsonArray *platforms = json_object_get_array_member (insights, "platforms");
  TmCsv *csv = tm_csv_new ("\n");

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    tm_csv_text (csv, columns[c]);
  tm_csv_end_row (csv);
  for (guint i = 0; i < json_array_get_length (platforms); i++)
    {
      JsonObject *p = json_array_get_object_element (platforms, i);

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          JsonNode *n = json_object_get_member (p, columns[c]);

          if (n == NULL || JSON_NODE_HOLDS_NULL (n))
            tm_csv_empty (csv);
          else if (json_node_get_value_type (n) == G_TYPE_STRING)
            tm_csv_text (csv, json_node_get_string (n));     /* a platform's name */
          else if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
            tm_csv_double (csv, json_node_get_double (n), 2);
          else
            tm_csv_int (csv, json_node_get_int (n));
        }
      tm_csv_end_row (csv);
    }
  return tm_csv_free_to_string (csv);
}
