/* bench-upload.c: uploading 1 GiB with our tus client and with curl, to the same
 * loopback sandbox in the same run, and our memory while doing it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bench-common.h"
#include "tm-api-target-private.h"
#include "tm-test-utils.h"

#define SIZE  (G_GINT64_CONSTANT (1) << 30)
#define RUNS  3


static void
write_random_file (const char *path)
{
  FILE *f = fopen (path, "wb");
  g_autofree guint32 *block = g_new (guint32, (1 << 20) / 4);
  GRand *rand = g_rand_new_with_seed (7);

  g_assert_nonnull (f);
  for (gint64 done = 0; done < SIZE; done += 1 << 20)
    {
      for (guint i = 0; i < (1 << 20) / 4; i++)
        block[i] = g_rand_int (rand);
      g_assert_cmpuint (fwrite (block, 1, 1 << 20, f), ==, 1 << 20);
    }
  fclose (f);
  g_rand_free (rand);
}

static void
forget_uploads (const char *data)
{
  g_autofree char *dir_path = g_build_filename (data, "uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".bin"))
      {
        g_autofree char *path = g_build_filename (dir_path, name, NULL);

        /* Emptied, so the disk does not fill; the sandbox still knows the upload. */
        g_assert_cmpint (truncate (path, 0), ==, 0);
      }
}

static double
ours (TmApiTarget *target,
      const char  *path,
      guint        run)
{
  g_autofree char *id = g_strdup_printf ("BENCH-%u-%" G_GINT64_FORMAT, run, g_get_real_time ());
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  TmPackageFile file = { (char *) path, "resources/big.bin", "audio", SIZE, 0, "0" };
  gint64 start = g_get_monotonic_time ();

  g_assert_true (tm_api_target_upload_sync (target, id, &file, NULL, NULL, &location, NULL,
                                            &error));
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
with_curl (TmTestSandbox *sandbox,
           const char    *path)
{
  g_autofree char *script = g_strdup_printf (
      "set -e; loc=$(curl -sS -D - -o /dev/null -X POST '%sv1/uploads' "
      "-H 'Authorization: Bearer %s' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: %" G_GINT64_FORMAT
      "' | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'); "
      "curl -sS -o /dev/null -X PATCH -T '%s' \"%s${loc#/}\" -H 'Authorization: Bearer %s' "
      "-H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' "
      "-H 'Content-Type: application/offset+octet-stream'",
      sandbox->url, sandbox->token, SIZE, path, sandbox->url, sandbox->token);
  const char *argv[] = { "sh", "-c", script, NULL };
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "big.bin", NULL);
  g_autofree char *data = g_build_filename (dir, "sandbox", NULL);
  static const char * const args[] = { "--skip-checksum", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmTokens) tokens = NULL;
  TmTestSandbox *sandbox;
  double mine[RUNS], theirs[RUNS], m, t;
  gint64 idle_kb, peak_kb;

  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  write_random_file (path);
  sandbox = tm_test_sandbox_start (data, args);
  tokens = tm_tokens_new (sandbox->token, NULL);
  target = tm_api_target_new ("Bench", sandbox->url, NULL, tokens);

  /* One small request first, so that what is measured is the upload, not start-up. */
  {
    g_autofree char *small = g_build_filename (dir, "small.bin", NULL);
    TmPackageFile file = { small, "small.bin", "audio", 4, 0, "0" };
    g_autofree char *location = NULL;

    g_file_set_contents (small, "tune", 4, NULL);
    g_assert_true (tm_api_target_upload_sync (target, "WARM", &file, NULL, NULL, &location, NULL,
                                              NULL));
  }
  /* The peak so far is forgotten (Linux: 5 to clear_refs), so VmHWM is the upload's. */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  idle_kb = bench_status_kb ("VmRSS:");

  for (guint i = 0; i < RUNS; i++)
    {
      mine[i] = ours (target, path, i);
      forget_uploads (data);
      theirs[i] = with_curl (sandbox, path);
      forget_uploads (data);
    }
  peak_kb = bench_status_kb ("VmHWM:");

  m = bench_median (mine, RUNS);
  t = bench_median (theirs, RUNS);
  g_print ("1 GiB over tus to the sandbox on loopback (median of %d)\n", RUNS);
  g_print ("  TuneMantra: %6.2f s  %7.1f MiB/s\n", m, 1024 / m);
  g_print ("  curl:       %6.2f s  %7.1f MiB/s   (ours is %.2fx curl's throughput; goal >= 0.9)\n",
           t, 1024 / t, t / m);
  g_print ("  our peak memory above idle: %.1f MiB (idle %.1f MiB, peak %.1f MiB; "
           "goal < 64 MiB above)\n", (peak_kb - idle_kb) / 1024.0, idle_kb / 1024.0,
           peak_kb / 1024.0);

  tm_test_sandbox_stop (sandbox);
  tm_test_remove_tree (dir);
  return 0;
}
