/* bench-sftp.c: 1 GiB over SFTP to a loopback sshd, with our transfer and with
 * OpenSSH's sftp in the same run, and our memory while doing it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "tm-sftp.h"
#include "tm-test-utils.h"

#define RUNS 3


int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *big = g_build_filename (dir, "big.bin", NULL);
  g_autofree char *drop = g_build_filename (dir, "drop", NULL);
  g_autofree char *known = g_build_filename (dir, "known_hosts", NULL);
  g_autofree char *key = g_build_filename (dir, "user_ed25519", NULL);
  g_autofree char *make = g_strdup_printf ("head -c 1073741824 /dev/urandom > '%s'", big);
  int port = tm_test_free_port ();
  TmSftpConfig config = { "127.0.0.1", port, g_get_user_name (), key, NULL, NULL, FALSE, known,
                          30 };
  double mine[RUNS], theirs[RUNS], m, t;
  gint64 idle_kb, peak_kb;
  GSubprocess *sshd;

  if (getuid () != 0)
    {
      g_print ("bench-sftp: needs root for its own sshd; skipped\n");
      return 0;
    }
  g_mkdir_with_parents (drop, 0700);
  tm_test_sshd_make_keys (dir);
  tm_test_run_shell (make);
  sshd = tm_test_sshd_start (dir, port, NULL);
  {
    g_autofree char *fingerprint = tm_sftp_host_fingerprint (&config, NULL, NULL);

    g_assert_true (tm_sftp_trust_host (&config, fingerprint, NULL, NULL));
  }

  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  idle_kb = bench_status_kb ("VmRSS:");
  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *remote = g_build_filename (drop, "ours.bin", NULL);
      g_autofree char *batch = g_build_filename (dir, "batch", NULL);
      g_autofree char *text = g_strdup_printf ("put %s %s/theirs.bin\n", big, drop);
      g_autofree char *theirs_command = g_strdup_printf (
          "sftp -q -b '%s' -i '%s' -P %d -o StrictHostKeyChecking=no "
          "-o UserKnownHostsFile=/dev/null %s@127.0.0.1 > /dev/null", batch, key, port,
          g_get_user_name ());
      g_autoptr(GError) error = NULL;
      g_autoptr(TmSftp) sftp = NULL;
      gint64 start = g_get_monotonic_time ();

      sftp = tm_sftp_connect (&config, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (tm_sftp_upload (sftp, big, remote, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_clear_pointer (&sftp, tm_sftp_close);
      mine[i] = (g_get_monotonic_time () - start) / 1e6;
      g_unlink (remote);

      g_assert_true (g_file_set_contents (batch, text, -1, NULL));
      start = g_get_monotonic_time ();
      tm_test_run_shell (theirs_command);
      theirs[i] = (g_get_monotonic_time () - start) / 1e6;
      {
        g_autofree char *copy = g_build_filename (drop, "theirs.bin", NULL);

        g_unlink (copy);
      }
    }
  peak_kb = bench_status_kb ("VmHWM:");

  m = bench_median (mine, RUNS);
  t = bench_median (theirs, RUNS);
  g_print ("1 GiB over SFTP to sshd on loopback (median of %d)\n", RUNS);
  g_print ("  TuneMantra (libssh2): %6.2f s  %7.1f MiB/s\n", m, 1024 / m);
  g_print ("  OpenSSH sftp:         %6.2f s  %7.1f MiB/s   (ours is %.2fx its throughput; "
           "goal >= 0.9)\n", t, 1024 / t, t / m);
  g_print ("  our peak memory above idle: %.1f MiB (idle %.1f MiB)\n",
           (peak_kb - idle_kb) / 1024.0, idle_kb / 1024.0);

  tm_test_sshd_stop (sshd);
  tm_test_remove_tree (dir);
  return 0;
}
