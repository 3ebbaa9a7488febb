/* test-kill.c: `queue run` killed at random moments still delivers everything once
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-test-utils.h"

#define RELEASES 6
#define TRACKS 3
#define KILLS 24

static void
cli_ok (const char         *catalog,
        const char         *dir,
        const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = tm_test_run_cli (catalog, dir, args, &out, &err);

  if (status != 0)
    g_error ("%s %s: exit %d: %s", args[0], args[1] ? args[1] : "", status, err);
}

static void
write_random (const char *path,
              gsize       size)
{
  g_autofree guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (path, (char *) data, size, NULL));
}

/* Every package folder of @platform_dir, with every file as its source. */
static guint
check_packages (const char *platform_dir)
{
  g_autoptr(GDir) dir = g_dir_open (platform_dir, 0, NULL);
  const char *name;
  guint packages = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *package = g_build_filename (platform_dir, name, NULL);
      g_autofree char *sums_path = g_build_filename (package, "checksums.sha256", NULL);
      g_autofree char *sums = NULL;
      g_auto(GStrv) lines = NULL;

      /* Nothing half-done is left behind. */
      g_assert_false (g_str_has_suffix (name, ".part"));
      packages++;

      g_assert_true (g_file_get_contents (sums_path, &sums, NULL, NULL));
      lines = g_strsplit (sums, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, TRACKS + 1);
      for (guint i = 0; lines[i] != NULL && *lines[i]; i++)
        {
          g_autofree char *file = g_build_filename (package, lines[i] + 66, NULL);
          g_autofree char *contents = NULL;
          gsize length;
          g_autofree char *sha = NULL;

          g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
          sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guint8 *) contents, length);
          g_assert_true (strncmp (sha, lines[i], 64) == 0);
        }
    }

  return packages;
}

static void
test_kills (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *shelf_a = g_build_filename (dir, "shelf-a", NULL);
  g_autofree char *shelf_b = g_build_filename (dir, "shelf-b", NULL);
  const char *cli = g_getenv ("TUNEMANTRA_CLI");
  g_autoptr(TmCatalog) check = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;
  guint kills = 0, finished_early = 0;

  for (int r = 1; r <= RELEASES; r++)
    {
      g_autofree char *title = g_strdup_printf ("Album %d", r);
      g_autofree char *id = g_strdup_printf ("%d", r);
      const char *new_release[] = { "release", "new", "--title", title, "--artist", "Band", NULL };

      cli_ok (catalog, dir, new_release);
      for (int t = 1; t <= TRACKS; t++)
        {
          g_autofree char *file = g_strdup_printf ("%s/r%d-t%d.wav", dir, r, t);
          const char *add[] = { "track", "add", id, "--file", file, NULL };

          write_random (file, 6 * 1024 * 1024 + g_random_int_range (0, 100000));
          cli_ok (catalog, dir, add);
        }
    }

  {
    const char *a[] = { "platform", "add", "A", "--kind", "folder", "--path", shelf_a, NULL };
    const char *b[] = { "platform", "add", "B", "--kind", "folder", "--path", shelf_b, NULL };
    const char *go[] = { "distribute", "1", "2", "3", "4", "5", "6", "--platform", "A",
                         "--platform", "B", NULL };

    cli_ok (catalog, dir, a);
    cli_ok (catalog, dir, b);
    cli_ok (catalog, dir, go);
  }

  /* Killed at random moments: while claiming, copying, renaming, recording; as
   * long as there is work left to interrupt. */
  for (int i = 0; i < 200 && kills < KILLS; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) child = NULL;

      g_subprocess_launcher_setenv (launcher, "TUNEMANTRA_CATALOG", catalog, TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, cli, "queue", "run", "--until-idle",
                                           NULL);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (5, 60) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      if (g_subprocess_get_if_signaled (child))
        kills++;
      else
        finished_early++;
    }

  g_test_message ("%u kills, %u runs ended before their kill", kills, finished_early);
  g_assert_cmpuint (kills, >=, 20);

  /* The last run finishes the work. */
  {
    const char *run[] = { "queue", "run", "--until-idle", NULL };
    cli_ok (catalog, dir, run);
  }

  check = tm_catalog_open (catalog, &error);
  g_assert_no_error (error);
  g_assert_true (tm_catalog_integrity_check (check, &error));

  distributions = tm_catalog_list_distributions (check, 0, &error);
  g_assert_cmpuint (distributions->len, ==, RELEASES * 2);
  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      g_autoptr(GPtrArray) history = tm_catalog_list_history (check, tm_record_get_id (TM_RECORD (d)),
                                                              NULL);
      guint delivered = 0;

      g_assert_cmpint (tm_distribution_get_status (d), ==,
                       TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
      for (guint h = 0; h < history->len; h++)
        {
          TmStatusChange *c = g_ptr_array_index (history, h);

          delivered += tm_status_change_get_to_status (c)
                       == TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM;
          if (h > 0)
            g_assert_cmpint (tm_status_change_get_from_status (c), ==,
                             tm_status_change_get_to_status (g_ptr_array_index (history, h - 1)));
        }
      /* Delivered exactly once. */
      g_assert_cmpuint (delivered, ==, 1);
    }

  {
    g_autoptr(GPtrArray) running = tm_catalog_list_jobs (check, "state = 'running'", 0, NULL);
    g_autoptr(GPtrArray) done = tm_catalog_list_jobs (check, "kind = 'deliver' AND state = 'done'",
                                                      0, NULL);

    g_assert_cmpuint (running->len, ==, 0);
    g_assert_cmpuint (done->len, ==, RELEASES * 2);
  }

  g_assert_cmpuint (check_packages (shelf_a), ==, RELEASES);
  g_assert_cmpuint (check_packages (shelf_b), ==, RELEASES);

  g_clear_object (&check);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/queue/killed-runner", test_kills);

  return g_test_run ();
}
