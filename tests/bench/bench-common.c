/* bench-common.c: the benchmark catalog, shared by the catalog and window benchmarks
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"
#include "tm-catalog-private.h"

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare_or_die (sqlite3    *db,
                const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step_or_die (sqlite3      *db,
             sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
}

/* 10,000 releases, 120,000 tracks, 100,000 distributions (each with a history row),
 * written directly in one transaction: building it is not what is measured. */
void
bench_build_catalog (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (path, &error);
  sqlite3 *db;
  sqlite3_stmt *release, *track, *platform, *distribution, *history;
  GRand *rand = g_rand_new_with_seed (42);
  const char *types[] = { "single", "ep", "album", "compilation" };
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  db = _tm_catalog_get_db (catalog);

  exec_or_die (db, "BEGIN");
  release = prepare_or_die (db, "INSERT INTO releases (title, artists, release_type, genre, "
                                "label, upc, release_date, created_at, updated_at) "
                                "VALUES (?, ?, ?, 'Electronic', 'Label', ?, ?, ?, ?)");
  track = prepare_or_die (db, "INSERT INTO tracks (release_id, disc, number, title, artists, "
                              "isrc, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?)");
  platform = prepare_or_die (db, "INSERT INTO platforms (name, kind, settings, rule_profile) "
                                 "VALUES (?, 'folder', '{}', 'generic')");
  distribution = prepare_or_die (db, "INSERT INTO distributions (release_id, platform_id, "
                                     "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
  history = prepare_or_die (db, "INSERT INTO status_history (distribution_id, from_status, "
                                "to_status, time, actor) VALUES (?, 'created', ?, ?, 'queue')");

  for (int p = 1; p <= BENCH_PLATFORMS; p++)
    {
      g_autofree char *name = g_strdup_printf ("Platform %d", p);
      sqlite3_bind_text (platform, 1, name, -1, SQLITE_TRANSIENT);
      step_or_die (db, platform);
    }

  for (int r = 1; r <= BENCH_RELEASES; r++)
    {
      g_autofree char *title = g_strdup_printf ("Release %05d", g_rand_int_range (rand, 0, 99999));
      g_autofree char *artists = g_strdup_printf ("[\"Artist %d\"]",
                                                  g_rand_int_range (rand, 0, 2000));
      g_autofree char *upc = g_strdup_printf ("%012d", r);
      g_autofree char *date = g_strdup_printf ("20%02d-%02d-%02d", g_rand_int_range (rand, 10, 28),
                                               g_rand_int_range (rand, 1, 13),
                                               g_rand_int_range (rand, 1, 29));

      sqlite3_bind_text (release, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (release, 2, artists, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (release, 3, types[r % 4], -1, SQLITE_STATIC);
      sqlite3_bind_text (release, 4, upc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (release, 5, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (release, 6, now);
      sqlite3_bind_int64 (release, 7, now);
      step_or_die (db, release);

      for (int t = 1; t <= BENCH_TRACKS_EACH; t++)
        {
          g_autofree char *track_title = g_strdup_printf ("Track %d", t);
          g_autofree char *isrc = g_strdup_printf ("QZ%s%07d", "ABC", r * BENCH_TRACKS_EACH + t);

          sqlite3_bind_int (track, 1, r);
          sqlite3_bind_int (track, 2, t);
          sqlite3_bind_text (track, 3, track_title, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (track, 4, artists, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (track, 5, isrc, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (track, 6, now);
          sqlite3_bind_int64 (track, 7, now);
          step_or_die (db, track);
        }

      for (int p = 1; p <= BENCH_PLATFORMS; p++)
        {
          const char *status = tm_distribution_status_to_string (
              g_rand_int_range (rand, 0, TM_N_DISTRIBUTION_STATUSES));

          sqlite3_bind_int (distribution, 1, r);
          sqlite3_bind_int (distribution, 2, p);
          sqlite3_bind_text (distribution, 3, status, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (distribution, 4, now);
          sqlite3_bind_int64 (distribution, 5, now);
          step_or_die (db, distribution);

          sqlite3_bind_int64 (history, 1, sqlite3_last_insert_rowid (db));
          sqlite3_bind_text (history, 2, status, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (history, 3, now);
          step_or_die (db, history);
        }
    }

  sqlite3_finalize (release);
  sqlite3_finalize (track);
  sqlite3_finalize (platform);
  sqlite3_finalize (distribution);
  sqlite3_finalize (history);
  exec_or_die (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
  g_rand_free (rand);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_median (double *samples,
              guint   n)
{
  qsort (samples, n, sizeof (double), compare_doubles);
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

/* kB of a /proc/self/status line, such as VmRSS or VmHWM; -1 if absent. */
gint64
bench_status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL)
      || (line = strstr (text, key)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key) + 1, NULL, 10);
}

/* The launcher: a process forked first thing, while the benchmark is small,
 * that starts every measured program and waits for it. Linux counts in a
 * child's peak memory the peak of the process it was forked from (exec keeps
 * the larger), and this benchmark grows (its proxies hold what is in flight),
 * so the programs are not forked from it. */
static int launcher_in = -1, launcher_out = -1;

static gboolean
read_all (int    fd,
          void  *data,
          gsize  length)
{
  for (gsize done = 0; done < length;)
    {
      ssize_t n = read (fd, (char *) data + done, length - done);

      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

static void
write_all (int         fd,
           const void *data,
           gsize       length)
{
  for (gsize done = 0; done < length;)
    {
      ssize_t n = write (fd, (const char *) data + done, length - done);

      if (n <= 0)
        _exit (1);
      done += n;
    }
}

/* Requests: the length of a block of NUL-ended strings (the program's path,
 * its arguments, an empty one, then its environment), then the block. */
static void
launcher_main (int requests,
               int answers)
{
  guint32 length;

  while (read_all (requests, &length, sizeof length))
    {
      g_autofree char *block = g_malloc (length);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GPtrArray) env = g_ptr_array_new ();
      GPtrArray *into = argv;
      struct rusage usage;
      BenchUsage u = { 0 };
      int status = 0;
      gint64 start;
      pid_t pid;

      if (!read_all (requests, block, length))
        break;
      for (char *p = block + strlen (block) + 1; p < block + length; p += strlen (p) + 1)
        {
          if (*p == '\0' && into == argv)
            {
              into = env;
              continue;
            }
          g_ptr_array_add (into, p);
        }
      g_ptr_array_add (argv, NULL);
      g_ptr_array_add (env, NULL);

      start = g_get_monotonic_time ();
      pid = fork ();
      if (pid == 0)
        {
          int null = open ("/dev/null", O_RDWR);

          dup2 (null, STDIN_FILENO);
          /* GLib writes debug messages to standard output: with G_MESSAGES_DEBUG
           * set, the measured program's output goes to the benchmark's log. */
          if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
            dup2 (null, STDOUT_FILENO);
          execve (block, (char * const *) argv->pdata, (char * const *) env->pdata);
          _exit (127);
        }
      if (pid < 0 || wait4 (pid, &status, 0, &usage) != pid)
        _exit (1);
      u.seconds = (g_get_monotonic_time () - start) / 1e6;
      u.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
              + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
      u.max_rss_kb = usage.ru_maxrss;
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        u.seconds = -1;
      write_all (answers, &u, sizeof u);
    }
  _exit (0);
}

/**
 * bench_launcher_start:
 *
 * Forks the launcher: call it first thing, while the benchmark is small.
 */
void
bench_launcher_start (void)
{
  int requests[2], answers[2];
  pid_t pid;

  g_assert_cmpint (pipe (requests), ==, 0);
  g_assert_cmpint (pipe (answers), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (requests[1]);
      close (answers[0]);
      launcher_main (requests[0], answers[1]);
    }
  close (requests[0]);
  close (answers[1]);
  launcher_in = requests[1];
  launcher_out = answers[0];
}

/* The time all the machine's processors have been busy since it started, in
 * seconds: the first line of /proc/stat, less idle and iowait. */
static double
machine_busy_seconds (void)
{
  g_autofree char *text = NULL;
  guint64 v[8] = { 0 };

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL)
      || sscanf (text, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                 &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
    return 0;
  /* user, nice, system, (idle, iowait,) irq, softirq, steal */
  return (double) (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / sysconf (_SC_CLK_TCK);
}

/**
 * bench_run_measured:
 * @catalog: (nullable): TUNEMANTRA_CATALOG for it
 * @state: (nullable): XDG_STATE_HOME for it
 *
 * Runs @argv (found in PATH) from the launcher, and measures it as a person
 * would wait: wall time, CPU time, and its own peak memory (wait4).
 */
BenchUsage
bench_run_measured (const char * const *argv,
              const char         *catalog,
              const char         *state)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GByteArray) block = g_byte_array_new ();
  guint32 length;
  BenchUsage u = { 0 };
  double busy;

  if (catalog != NULL)
    env = g_environ_setenv (env, "TUNEMANTRA_CATALOG", catalog, TRUE);
  if (state != NULL)
    env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
  g_assert_nonnull (program);

  g_byte_array_append (block, (guint8 *) program, strlen (program) + 1);
  for (guint i = 0; argv[i] != NULL; i++)
    g_byte_array_append (block, (guint8 *) argv[i], strlen (argv[i]) + 1);
  g_byte_array_append (block, (guint8 *) "", 1);
  for (guint i = 0; env[i] != NULL; i++)
    g_byte_array_append (block, (guint8 *) env[i], strlen (env[i]) + 1);
  length = block->len;
  busy = machine_busy_seconds ();
  write_all (launcher_in, &length, sizeof length);
  write_all (launcher_in, block->data, block->len);
  g_assert_true (read_all (launcher_out, &u, sizeof u));
  u.machine_cpu = machine_busy_seconds () - busy;
  if (u.seconds < 0)
    g_error ("%s %s: failed", argv[0], argv[1] ? argv[1] : "");
  return u;
}
