/* bench-catalog.c: opening and listing a large catalog, beside the sqlite3 CLI
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-common.h"
#include "tm-catalog-private.h"
#include "tm-insights.h"
#include "tm-test-utils.h"

#define RUNS 7

/* The same aggregation the catalog does, for sqlite3's command-line shell. */
static const char *reference_sql =
  "SELECT r.*, a.path, a.sha256, a.width, a.height,"
  " (SELECT count(*) FROM tracks t WHERE t.release_id = r.id) "
  "FROM releases r LEFT JOIN artworks a ON a.release_id = r.id AND a.role = 'front'; "
  "SELECT release_id, status, count(*) FROM distributions GROUP BY release_id, status;";

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  double open_ms[RUNS], list_ms[RUNS], sqlite_ms[RUNS], insights_ms[RUNS], check_ms[RUNS];
  gint64 start;
  guint n_listed = 0;
  g_autofree char *sqlite3_cli = g_find_program_in_path ("sqlite3");

  start = g_get_monotonic_time ();
  bench_build_catalog (path);
  g_print ("built: %d releases, %d tracks, %d distributions in %.1f s\n", BENCH_RELEASES,
           BENCH_RELEASES * BENCH_TRACKS_EACH, BENCH_RELEASES * BENCH_PLATFORMS,
           (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TmCatalog) catalog = NULL;
      g_autoptr(GPtrArray) releases = NULL;

      start = g_get_monotonic_time ();
      catalog = tm_catalog_open (path, &error);
      open_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);

      start = g_get_monotonic_time ();
      releases = tm_catalog_list_releases (catalog, &error);
      list_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);
      n_listed = releases->len;

      {
        g_autoptr(JsonObject) insights = NULL;

        start = g_get_monotonic_time ();
        insights = tm_insights_compute (catalog, g_get_real_time (), &error);
        insights_ms[i] = (g_get_monotonic_time () - start) / 1e3;
        g_assert_no_error (error);
      }

      if (sqlite3_cli != NULL)
        {
          g_autofree char *out = NULL;
          int status;

          start = g_get_monotonic_time ();
          g_spawn_sync (NULL, (char *[]) { sqlite3_cli, path, (char *) reference_sql, NULL },
                        NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
          sqlite_ms[i] = (g_get_monotonic_time () - start) / 1e3;
          g_assert_no_error (error);
        }
    }

  /* The damage check a process runs when it first opens the catalog. */
  for (guint i = 0; i < RUNS; i++)
    {
      sqlite3 *db = NULL;
      g_autofree char *problem = NULL;

      g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      start = g_get_monotonic_time ();
      g_assert_cmpint (_tm_catalog_quick_check (db, &problem), ==, SQLITE_OK);
      check_ms[i] = (g_get_monotonic_time () - start) / 1e3;
      g_assert_null (problem);
      sqlite3_close (db);
    }

  g_assert_cmpuint (n_listed, ==, BENCH_RELEASES);
  g_print ("quick_check (first open in a process):   %8.2f ms (median of %d)\n",
           bench_median (check_ms, RUNS), RUNS);
  g_print ("open catalog:                            %8.2f ms (median of %d)\n",
           bench_median (open_ms, RUNS), RUNS);
  g_print ("list releases with aggregated status:    %8.2f ms (median of %d; goal < 200 ms)\n",
           bench_median (list_ms, RUNS), RUNS);
  g_print ("insights (4 queries over the catalog):   %8.2f ms (median of %d; goal < 100 ms)\n",
           bench_median (insights_ms, RUNS), RUNS);
  if (sqlite3_cli != NULL)
    {
      g_print ("reference: sqlite3 CLI, same two queries: %8.2f ms "
               "(median of %d, incl. process start)\n", bench_median (sqlite_ms, RUNS), RUNS);
      g_print ("listing against the shell: %.2fx its speed (goal >= 1.0)\n",
               bench_median (sqlite_ms, RUNS) / bench_median (list_ms, RUNS));
    }
  else
    g_print ("reference: sqlite3 CLI not installed (apt-get install sqlite3)\n");

  /* TM_BENCH_KEEP=1 keeps the catalog, to look at its queries in the sqlite3 shell. */
  if (g_getenv ("TM_BENCH_KEEP") != NULL)
    g_print ("kept: %s\n", path);
  else
    tm_test_remove_tree (dir);
  return 0;
}
