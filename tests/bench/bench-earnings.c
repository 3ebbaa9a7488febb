/* bench-earnings.c: a report of a million lines, imported and summed as a person
 * waits for it, beside the sqlite3 shell loading the same file into a table
 *
 * What is timed is the whole `tunemantra-cli earnings import FILE` (the process,
 * the catalog, the checksum of the file, every line read, its amounts parsed
 * exactly, matched, counted once, the transaction) against `sqlite3 DB ".mode
 * tabs" ".import FILE t"`, which only copies the text into a table; then
 * `earnings summary --by country` against the shell's GROUP BY over that table.
 * Memory is the import's own peak (wait4), and above an idle command's.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "tm-test-utils.h"

#define RUNS  3
#define LINES 1000000

static void
write_report (const char *path)
{
  static const char * const stores[] = { "Spotify", "Apple Music", "YouTube (Ads)", "Deezer",
                                         "Amazon Unlimited", "TIDAL", "iTunes" };
  static const char * const countries[] = { "SE", "US", "DE", "FR", "BR" };
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fputs ("Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\t"
         "Team Percentage\tSong/Album\tCountry of Sale\tSongwriter Royalties Withheld\t"
         "Earnings (USD)\n", out);
  for (guint i = 0; i < LINES; i++)
    fprintf (out, "2024-08-05\t2024-%02u\t%s\tMara Ellis\tSong %u\tQZHN524%05u\t\t%u\t100\tSong\t"
             "%s\t0\t0.%012" G_GUINT64_FORMAT "\n", 1 + i % 12, stores[i % 7], i % 500,
             i % 100000, i % 97, countries[i % 5], ((guint64) i * 7919) % 1000000000000);
  g_assert_cmpint (fclose (out), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *report = NULL;
  g_autofree char *idle = NULL;
  g_autofree char *sqlite3_cli = g_find_program_in_path ("sqlite3");
  double ours[RUNS], theirs[RUNS], sum_ours[RUNS], sum_theirs[RUNS], cpu[RUNS];
  gint64 peak = 0, idle_kb;
  GStatBuf st;
  const char *cli = g_getenv ("TUNEMANTRA_CLI");

  g_assert_nonnull (cli);
  /* First, while this process is small: it starts what is measured. */
  bench_launcher_start ();
  dir = tm_test_make_tmp_dir ();
  report = g_build_filename (dir, "distrokid.tsv", NULL);
  idle = g_build_filename (dir, "idle.db", NULL);
  write_report (report);
  g_assert_cmpint (g_stat (report, &st), ==, 0);
  g_print ("report: %d lines, %.0f MB\n", LINES, st.st_size / 1e6);

  {
    const char *args[] = { cli, "earnings", "summary", NULL };

    idle_kb = bench_run_measured (args, idle, NULL).max_rss_kb;
  }

  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *catalog = g_strdup_printf ("%s/catalog-%u.db", dir, i);
      g_autofree char *table = g_strdup_printf ("%s/sqlite-%u.db", dir, i);
      g_autofree char *import = g_strdup_printf (".import %s earnings", report);
      const char *ours_args[] = { cli, "earnings", "import", report, NULL };
      const char *sum_args[] = { cli, "earnings", "summary", "--by", "country",
                                 NULL };
      BenchUsage u;

      u = bench_run_measured (ours_args, catalog, NULL);
      ours[i] = u.seconds;
      cpu[i] = u.cpu;
      peak = MAX (peak, u.max_rss_kb);
      sum_ours[i] = bench_run_measured (sum_args, catalog, NULL).seconds;
      if (sqlite3_cli != NULL)
        {
          const char *load[] = { "sqlite3", table, ".mode tabs", import, NULL };
          const char *sum[] = { "sqlite3", table,
                                "SELECT \"Country of Sale\", sum (\"Earnings (USD)\"),"
                                " sum (\"Quantity\"), count (*) FROM earnings GROUP BY 1", NULL };

          theirs[i] = bench_run_measured (load, NULL, NULL).seconds;
          sum_theirs[i] = bench_run_measured (sum, NULL, NULL).seconds;
        }
      g_unlink (catalog);
      g_unlink (table);
    }

  g_print ("\n| %d lines | TuneMantra | sqlite3 shell | ratio |\n|---|---|---|---|\n", LINES);
  g_print ("| import, whole command | %.2f s | %.2f s (.import, text only) | %.2fx |\n",
           bench_median (ours, RUNS), sqlite3_cli != NULL ? bench_median (theirs, RUNS) : 0,
           sqlite3_cli != NULL ? bench_median (theirs, RUNS) / bench_median (ours, RUNS) : 0);
  g_print ("| summary by country | %.2f s | %.2f s | %.2fx |\n", bench_median (sum_ours, RUNS),
           sqlite3_cli != NULL ? bench_median (sum_theirs, RUNS) : 0,
           sqlite3_cli != NULL ? bench_median (sum_theirs, RUNS) / bench_median (sum_ours, RUNS)
                               : 0);
  g_print ("\nimport: CPU %.2f s, %.0f lines/s; peak memory %.1f MiB, %.1f MiB above an idle "
           "command (%.1f MiB)\n", bench_median (cpu, RUNS), LINES / bench_median (ours, RUNS),
           peak / 1024.0, (peak - idle_kb) / 1024.0, idle_kb / 1024.0);
  if (sqlite3_cli == NULL)
    g_print ("(sqlite3 is not installed: no reference)\n");
  tm_test_remove_tree (dir);
  return 0;
}
