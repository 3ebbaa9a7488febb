/* test-kill.c: `queue run` killed at random moments still delivers everything once
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-test-latency.h"
#include "tm-test-utils.h"

#define RELEASES 6
#define TRACKS 3
#define KILLS 24
#define PARTS_KILLS 12

static const TmJobQuery delivered_jobs = { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_DONE),
                                      .kinds = TM_JOB_KIND_MASK (TM_JOB_KIND_DELIVER) };

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

/* Whether @catalog has work a runner would do (a job a killed runner left
 * running is taken up again by the next). */
static gboolean
work_left (const char *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) c = tm_catalog_open (catalog, &error);
  TmJobQuery query = { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING)
                                 | TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING),
                       .kinds = TM_JOB_KINDS_WORK };
  g_autoptr(GPtrArray) open = NULL;

  g_assert_no_error (error);
  open = tm_catalog_list_jobs (c, &query, &error);
  g_assert_no_error (error);
  return open->len > 0;
}

/* Starts `queue run --until-idle` on @catalog again and again, each killed
 * after a random @min_ms to @max_ms, until @kills of them were killed. Only
 * runners started while work was left count: one killed idle interrupts
 * nothing. */
static guint
kill_runners (const char *catalog,
              guint       kills,
              int         min_ms,
              int         max_ms)
{
  const char *cli = g_getenv ("TUNEMANTRA_CLI");
  guint killed = 0, finished_early = 0;

  for (guint i = 0; i < kills * 8 && killed < kills && work_left (catalog); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, "TUNEMANTRA_CATALOG", catalog, TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, cli, "queue", "run", "--until-idle",
                                           NULL);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (min_ms, max_ms) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      if (g_subprocess_get_if_signaled (child))
        killed++;
      else
        finished_early++;
    }
  g_test_message ("%u kills, %u runs ended before their kill", killed, finished_early);
  return killed;
}

static void
test_kills (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *shelf_a = g_build_filename (dir, "shelf-a", NULL);
  g_autofree char *shelf_b = g_build_filename (dir, "shelf-b", NULL);
  g_autoptr(TmCatalog) check = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;

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
  g_assert_cmpuint (kill_runners (catalog, KILLS, 5, 60), >=, 20);

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
    g_autoptr(GPtrArray) running = tm_catalog_list_jobs (check, &(TmJobQuery) {
                                                           .states = TM_JOB_STATE_MASK (
                                                             TM_JOB_STATE_RUNNING) }, NULL);
    g_autoptr(GPtrArray) done = tm_catalog_list_jobs (check, &delivered_jobs, NULL);

    g_assert_cmpuint (running->len, ==, 0);
    g_assert_cmpuint (done->len, ==, RELEASES * 2);
  }

  g_assert_cmpuint (check_packages (shelf_a), ==, RELEASES);
  g_assert_cmpuint (check_packages (shelf_b), ==, RELEASES);

  g_clear_object (&check);
  tm_test_remove_tree (dir);
}

/* The sha256 of every file under @dir (recursively) whose name ends in @suffix. */
static void
collect_sums (const char *dir,
              const char *suffix,
              GHashTable *sums)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      /* Nothing half-sent is left on a server. */
      g_assert_false (g_str_has_suffix (name, ".part"));
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_sums (path, suffix, sums);
      else if (suffix == NULL || g_str_has_suffix (name, suffix))
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          g_hash_table_add (sums, g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                               (guint8 *) contents, length));
        }
    }
}

static guint
count_dirs_with_prefix (const char *dir,
                        const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_prefix (name, prefix);
  return n;
}

#define MIXED_KILLS 50

/* The sandbox holds one release, and each of @sources whole as one of its files. */
static void
assert_one_release (TmTestSandbox *sandbox,
                    GHashTable    *sources)
{
  g_autofree char *state_path = g_build_filename (sandbox->data, "releases.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *releases;
  g_autoptr(GList) ids = NULL;
  JsonArray *files;
  g_autoptr(GHashTable) arrived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer sum;

  g_assert_true (json_parser_load_from_file (parser, state_path, NULL));
  releases = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "releases");
  g_assert_cmpuint (json_object_get_size (releases), ==, 1);
  ids = json_object_get_members (releases);
  files = json_object_get_array_member (
            json_object_get_object_member (json_object_get_object_member (releases, ids->data),
                                           "metadata"), "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      const char *url = json_object_get_string_member (json_array_get_object_element (files, i),
                                                       "upload_url");
      char *sha = tm_test_sandbox_upload_sha256 (sandbox->data, strrchr (url, '/') + 1, NULL,
                                                 NULL);

      g_assert_nonnull (sha);
      g_hash_table_add (arrived, sha);
    }
  g_hash_table_iter_init (&iter, sources);
  while (g_hash_table_iter_next (&iter, &sum, NULL))
    g_assert_true (g_hash_table_contains (arrived, sum));
}

/* An album delivered at once over SFTP (to a real sshd) and HTTP (to the
 * sandbox), the runner killed at least 50 times at random moments and started
 * again: every file arrives whole on both servers, the sandbox holds one
 * release, the SFTP drop one batch, every history follows the state machine,
 * and the catalog is sound. */
static void
test_kills_mixed (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *sshd_dir = g_build_filename (dir, "sshd", NULL);
  g_autofree char *drop = g_build_filename (dir, "drop", NULL);
  g_autofree char *known = g_build_filename (dir, "known_hosts", NULL);
  g_autofree char *sandbox_data = g_build_filename (dir, "sandbox", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *key = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(TmCatalog) check = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;
  /* Each answer of the platform late, and SSH through a 20 ms round trip: a whole
   * run takes longer than any of the first fifty runners lives (below), so the
   * kills land in every stage rather than on runners with nothing left to do. */
  static const char * const sandbox_args[] = { "--slow", "300", NULL };
  TmTestLatencyProxy *proxy;
  TmTestSandbox *sandbox;
  GSubprocess *sshd;
  int sshd_port;

  if (!tm_test_have_ddex_schemas ())
    return;

  if (getuid () != 0)
    {
      g_test_skip ("an sshd of the test's own needs root (CI runs as root)");
      return;
    }

  /* The servers. */
  g_mkdir_with_parents (sshd_dir, 0700);
  g_mkdir_with_parents (drop, 0700);
  tm_test_sshd_make_keys (sshd_dir);
  sshd_port = tm_test_free_port ();
  sshd = tm_test_sshd_start (sshd_dir, sshd_port, NULL);
  proxy = tm_test_latency_proxy_new (sshd_port, 10);
  port = g_strdup_printf ("%d", tm_test_latency_proxy_get_port (proxy));
  key = g_build_filename (sshd_dir, "user_ed25519", NULL);
  sandbox = tm_test_sandbox_start (sandbox_data, sandbox_args);
  g_assert_true (g_file_set_contents (token_file, sandbox->token, -1, NULL));
  g_setenv ("TUNEMANTRA_KNOWN_HOSTS", known, TRUE);

  /* An album of three tracks of 30 s (5 MB each), complete for both. */
  tm_test_make_complete_single (catalog, dir, 30.0);
  for (int t = 2; t <= 3; t++)
    {
      g_autofree char *file = g_strdup_printf ("%s/0%d - Part %d.wav", dir, t, t);
      g_autofree char *isrc = g_strdup_printf ("isrc=GBXYZ260000%d", t);
      g_autofree char *title = g_strdup_printf ("title=Part %d", t);
      const char *add[] = { "track", "add", "1", "--file", file, title, "artist=Ann", isrc,
                            "contributors=[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]",
                            NULL };

      /* Lengths of their own, so that no two files are the same. */
      tm_test_write_tone (file, 44100, 2, 29.0 + t / 10.0);
      cli_ok (catalog, dir, add);
    }
  {
    const char *album[] = { "release", "set", "1", "release_type=album", NULL };
    const char *sftp[] = { "platform", "add", "Store", "--kind", "sftp", "--host", "127.0.0.1",
                           "--port", port, "--user", g_get_user_name (), "--key", key,
                           "--remote-dir", drop, "--sender-dpid", "PADPIDA2026112401T",
                           "--recipient-dpid", "PADPIDA2014021302V", NULL };
    const char *api[] = { "platform", "add", "Label", "--kind", "api", "--url", sandbox->url,
                          "--token-file", token_file, NULL };
    const char *go[] = { "distribute", "1", "--platform", "Store", "--platform", "Label", NULL };
    cli_ok (catalog, dir, album);
    cli_ok (catalog, dir, sftp);
    cli_ok (catalog, dir, api);
    tm_test_trust_platform (catalog, dir, "Store");
    cli_ok (catalog, dir, go);
  }
  {
    g_autofree char *folder = g_build_filename (dir, "Dawn", NULL);

    g_autofree char *two = g_build_filename (dir, "02 - Part 2.wav", NULL);
    g_autofree char *three = g_build_filename (dir, "03 - Part 3.wav", NULL);
    g_autoptr(GBytes) b2 = tm_test_read_bytes (two);
    g_autoptr(GBytes) b3 = tm_test_read_bytes (three);

    collect_sums (folder, ".wav", sources);
    g_hash_table_add (sources, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b2));
    g_hash_table_add (sources, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b3));
    g_assert_cmpuint (g_hash_table_size (sources), ==, 3);
  }

  /* Killed while connecting, uploading to either server, renaming, recording.
   * The fifty must all land while work is left, on a machine of any speed: the
   * sandbox answers 0.3 s late, and the end of the album's HTTP delivery takes
   * a runner several answers (runners killed 0.95 s after their start still
   * left it unfinished), longer than any of these lives; the SFTP delivery ends
   * among them or soon after. Then runners killed later and later, from 0.7 s
   * on, 50 ms further each time, until one outlives its kill: these take the
   * work further, and their kills land in its last steps (the uploads' ends,
   * the release, the polling, the recording). */
  g_assert_cmpuint (kill_runners (catalog, MIXED_KILLS, 20, 700), >=, MIXED_KILLS);
  for (int at = 700; at <= 2000 && work_left (catalog); at += 50)
    kill_runners (catalog, 1, at, at + 10);

  {
    const char *run[] = { "queue", "run", "--until-idle", NULL };

    cli_ok (catalog, dir, run);
  }

  /* The catalog: sound, both delivered once, histories that follow each other. */
  check = tm_catalog_open (catalog, &error);
  g_assert_no_error (error);
  g_assert_true (tm_catalog_integrity_check (check, &error));
  distributions = tm_catalog_list_distributions (check, 0, &error);
  g_assert_cmpuint (distributions->len, ==, 2);
  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      g_autoptr(GPtrArray) history = tm_catalog_list_history (check,
                                                              tm_record_get_id (TM_RECORD (d)),
                                                              NULL);
      TmDistributionStatus now = tm_distribution_get_status (d);
      guint sent = 0;

      g_assert_true (now == TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM
                     || now == TM_DISTRIBUTION_STATUS_DISTRIBUTED
                     || now == TM_DISTRIBUTION_STATUS_LIVE);
      for (guint h = 0; h < history->len; h++)
        {
          TmStatusChange *c = g_ptr_array_index (history, h);

          sent += tm_status_change_get_from_status (c) == TM_DISTRIBUTION_STATUS_UPLOADING
                  && tm_status_change_get_to_status (c) != TM_DISTRIBUTION_STATUS_RETRYING
                  && tm_status_change_get_to_status (c) != TM_DISTRIBUTION_STATUS_FAILED;
          if (h > 0)
            g_assert_cmpint (tm_status_change_get_from_status (c), ==,
                             tm_status_change_get_to_status (g_ptr_array_index (history, h - 1)));
        }
      g_assert_cmpuint (sent, ==, 1);
    }

  /* SFTP: one batch, every track whole. */
  {
    g_autoptr(GHashTable) arrived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter iter;
    gpointer sum;

    g_assert_cmpuint (count_dirs_with_prefix (drop, "N_"), ==, 1);
    collect_sums (drop, ".wav", arrived);
    g_hash_table_iter_init (&iter, sources);
    while (g_hash_table_iter_next (&iter, &sum, NULL))
      g_assert_true (g_hash_table_contains (arrived, sum));
  }

  /* HTTP: one release, every track whole. */
  assert_one_release (sandbox, sources);

  g_clear_object (&check);
  tm_test_sandbox_stop (sandbox);
  tm_test_sshd_stop (sshd);
  tm_test_latency_proxy_free (proxy);
  g_unsetenv ("TUNEMANTRA_KNOWN_HOSTS");
  tm_test_remove_tree (dir);
}

/* A single whose audio goes in two parts (three connections, two files), the
 * platform answering each request 100 ms late: killed while asking what the
 * platform does, creating the parts, sending them, having them joined and
 * creating the release, then run again. One release, the audio whole, and
 * every byte sent once: the bytes on the server are the audio's and the
 * cover's, exactly. */
static void
test_kills_parts (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *sandbox_data = g_build_filename (dir, "sandbox", NULL);
  g_autofree char *token_file = g_build_filename (dir, "token", NULL);
  g_autofree char *audio = g_build_filename (dir, "Dawn", "01 - Dawn.wav", NULL);
  g_autofree char *cover = g_build_filename (dir, "Dawn", "cover.png", NULL);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char * const sandbox_args[] = { "--slow", "100", NULL };
  TmTestSandbox *sandbox;
  GStatBuf audio_st, cover_st;

  sandbox = tm_test_sandbox_start (sandbox_data, sandbox_args);
  g_assert_true (g_file_set_contents (token_file, sandbox->token, -1, NULL));
  /* Four minutes: 42 MB, two parts of more than 16 MiB. */
  tm_test_make_complete_single (catalog, dir, 240.0);
  {
    const char *api[] = { "platform", "add", "Label", "--kind", "api", "--url", sandbox->url,
                          "--token-file", token_file, NULL };
    const char *go[] = { "distribute", "1", "--platform", "Label", NULL };

    cli_ok (catalog, dir, api);
    cli_ok (catalog, dir, go);
  }
  {
    g_autofree char *folder = g_path_get_dirname (audio);

    collect_sums (folder, ".wav", sources);
  }
  g_assert_cmpuint (g_hash_table_size (sources), ==, 1);

  /* Killed later and later, 20 to 250 ms after the start: earlier than any run
   * can end (the platform answers 100 ms late), so that each kill lands with
   * work left, further on each time (starting, asking, creating the parts,
   * sending them); then at random until the work is done (joining, creating
   * the release). */
  {
    guint swept = 0;

    for (int at = 20; at < 20 + PARTS_KILLS * 20; at += 20)
      swept += kill_runners (catalog, 1, at, at + 10);
    g_assert_cmpuint (swept, ==, PARTS_KILLS);
    kill_runners (catalog, 50, 20, 700);
  }
  {
    const char *run[] = { "queue", "run", "--until-idle", NULL };

    cli_ok (catalog, dir, run);
  }

  assert_one_release (sandbox, sources);
  g_assert_cmpint (g_stat (audio, &audio_st), ==, 0);
  g_assert_cmpint (g_stat (cover, &cover_st), ==, 0);
  g_assert_cmpint (tm_test_sandbox_bytes (sandbox->data, NULL), ==,
                   audio_st.st_size + cover_st.st_size);
  {
    g_autofree char *uploads = g_build_filename (sandbox_data, "uploads", NULL);
    g_autoptr(GDir) listing = g_dir_open (uploads, 0, NULL);
    const char *name;
    guint joined = 0;

    /* The audio went in parts (and was joined once or, killed before the
     * join's answer was kept, twice). */
    while ((name = g_dir_read_name (listing)) != NULL)
      if (g_str_has_suffix (name, ".json"))
        {
          g_autofree char *path = g_build_filename (uploads, name, NULL);
          g_autofree char *text = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          joined += strstr (text, "\"parts\"") != NULL;
        }
    g_assert_cmpuint (joined, >=, 1);
  }

  tm_test_sandbox_stop (sandbox);
  tm_test_remove_tree (dir);
}

/* Two instances at once (the window's queue and `queue run` in a terminal, or
 * two terminals): every delivery is made once, by one of them. */
static void
test_two_instances (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *shelf = g_build_filename (dir, "shelf", NULL);
  const char *cli = g_getenv ("TUNEMANTRA_CLI");
  g_autoptr(TmCatalog) check = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *runners[2];

  for (int r = 1; r <= RELEASES; r++)
    {
      g_autofree char *title = g_strdup_printf ("Single %d", r);
      g_autofree char *id = g_strdup_printf ("%d", r);
      g_autofree char *file = g_strdup_printf ("%s/s%d.wav", dir, r);
      const char *new_release[] = { "release", "new", "--title", title, "--artist", "Band", NULL };
      const char *add[] = { "track", "add", id, "--file", file, NULL };

      write_random (file, 2 * 1024 * 1024 + r);
      cli_ok (catalog, dir, new_release);
      cli_ok (catalog, dir, add);
    }
  {
    const char *shelf_add[] = { "platform", "add", "Shelf", "--kind", "folder", "--path", shelf,
                                NULL };
    const char *go[] = { "distribute", "1", "2", "3", "4", "5", "6", "--platform", "Shelf",
                         NULL };

    cli_ok (catalog, dir, shelf_add);
    cli_ok (catalog, dir, go);
  }

  for (guint i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

      g_subprocess_launcher_setenv (launcher, "TUNEMANTRA_CATALOG", catalog, TRUE);
      runners[i] = g_subprocess_launcher_spawn (launcher, &error, cli, "queue", "run",
                                                "--until-idle", NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      g_assert_true (g_subprocess_wait_check (runners[i], NULL, &error));
      g_assert_no_error (error);
      g_object_unref (runners[i]);
    }

  check = tm_catalog_open (catalog, &error);
  g_assert_no_error (error);
  g_assert_true (tm_catalog_integrity_check (check, &error));
  done = tm_catalog_list_jobs (check, &delivered_jobs, NULL);
  g_assert_cmpuint (done->len, ==, RELEASES);
  {
    g_autoptr(GPtrArray) distributions = tm_catalog_list_distributions (check, 0, NULL);

    for (guint i = 0; i < distributions->len; i++)
      {
        TmDistribution *d = g_ptr_array_index (distributions, i);
        g_autoptr(GPtrArray) history = tm_catalog_list_history (check,
                                                                tm_record_get_id (TM_RECORD (d)),
                                                                NULL);
        guint uploads = 0;

        for (guint h = 0; h < history->len; h++)
          uploads += tm_status_change_get_to_status (g_ptr_array_index (history, h))
                     == TM_DISTRIBUTION_STATUS_UPLOADING;
        g_assert_cmpuint (uploads, ==, 1);
      }
  }
  g_assert_cmpuint (count_dirs_with_prefix (shelf, ""), ==, RELEASES);
  g_clear_object (&check);
  tm_test_remove_tree (dir);
}

#define PARALLEL_KILLS 16

/* The marks of uploads by several sessions under way, in the state folder
 * (named by a SHA-256; a kill while one was rewritten may leave its
 * temporary copy, which is not a mark). */
static guint
count_marks (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("XDG_STATE_HOME"), "tunemantra",
                                            "sftp-marks", NULL);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += strlen (name) == 64;
  return n;
}

/* An album of two tracks (53 and 40 MB) to a server 20 ms away, each sent in
 * stripes by four sessions at once, the first track's end (flush, size,
 * rename) going on while the others start the second, the runner killed at
 * random moments: while the sessions open, while stripes are in flight out of
 * order, while a file ends beside the next, while renaming. Some kills leave
 * holes in a .part; the mark of what is known whole makes the resumed upload
 * send them again, so the files that arrive are the files. */
static void
test_kills_parallel (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *sshd_dir = g_build_filename (dir, "sshd", NULL);
  g_autofree char *drop = g_build_filename (dir, "drop", NULL);
  g_autofree char *known = g_build_filename (dir, "known_hosts", NULL);
  g_autofree char *key = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) arrived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *cli = g_getenv ("TUNEMANTRA_CLI");
  TmTestLatencyProxy *proxy;
  GSubprocess *sshd;
  guint killed = 0, with_mark = 0;
  int sshd_port;

  if (!tm_test_have_ddex_schemas ())
    return;
  if (getuid () != 0)
    {
      g_test_skip ("an sshd of the test's own needs root (CI runs as root)");
      return;
    }

  g_mkdir_with_parents (sshd_dir, 0700);
  g_mkdir_with_parents (drop, 0700);
  tm_test_sshd_make_keys (sshd_dir);
  sshd_port = tm_test_free_port ();
  g_setenv ("TUNEMANTRA_KNOWN_HOSTS", known, TRUE);
  sshd = tm_test_sshd_start (sshd_dir, sshd_port, NULL);
  proxy = tm_test_latency_proxy_new (sshd_port, 10);
  port = g_strdup_printf ("%d", tm_test_latency_proxy_get_port (proxy));
  key = g_build_filename (sshd_dir, "user_ed25519", NULL);

  tm_test_make_complete_single (catalog, dir, 300.0);
  {
    g_autofree char *second = g_build_filename (dir, "Dawn", "02 - Dusk.wav", NULL);

    tm_test_add_second_track (catalog, dir, second, 230.0);
  }
  {
    const char *far[] = { "platform", "add", "Far", "--kind", "sftp", "--host", "127.0.0.1",
                          "--port", port, "--user", g_get_user_name (), "--key", key,
                          "--remote-dir", drop, "--sender-dpid", "PADPIDA2026112401T",
                          "--recipient-dpid", "PADPIDA2014021302V", "--setting",
                          "connections=4", NULL };
    const char *go[] = { "distribute", "1", "--platform", "Far", NULL };

    cli_ok (catalog, dir, far);
    tm_test_trust_platform (catalog, dir, "Far");
    cli_ok (catalog, dir, go);
  }
  {
    g_autofree char *folder = g_build_filename (dir, "Dawn", NULL);

    collect_sums (folder, ".wav", sources);
    g_assert_cmpuint (g_hash_table_size (sources), ==, 2);
  }

  /* Killed from the start to past the end of a run (about a second), and
   * while stripes are in flight. */
  for (guint i = 0; i < PARALLEL_KILLS * 4 && killed < PARALLEL_KILLS; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, "TUNEMANTRA_CATALOG", catalog, TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, cli, "queue", "run", "--until-idle",
                                           NULL);
      g_assert_no_error (error);
      /* Every other time, up to 150 ms after the stripes are on their way (the
       * mark is there): a first run's stripes take 0.7 s here after the mark,
       * so these kills land among them on a machine several times faster. */
      if (i % 2 == 0)
        for (guint waited = 0; count_marks () == 0 && waited < 1000; waited++)
          g_usleep (10000);
      g_usleep (g_random_int_range (i % 2 == 0 ? 0 : 100, i % 2 == 0 ? 150 : 1200) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);
      if (g_subprocess_get_if_signaled (child))
        {
          killed++;
          with_mark += count_marks () > 0;
        }
      else
        break;
    }
  /* Some kills came while stripes were out of order on the server. */
  g_test_message ("%u kills, %u of them with an upload's mark kept", killed, with_mark);
  g_assert_cmpuint (with_mark, >=, 1);

  {
    const char *run[] = { "queue", "run", "--until-idle", NULL };

    cli_ok (catalog, dir, run);
  }

  /* One batch; the files that arrived are the files; nothing half-done is left. */
  g_assert_cmpuint (count_dirs_with_prefix (drop, "N_"), ==, 1);
  collect_sums (drop, ".wav", arrived);
  g_assert_cmpuint (g_hash_table_size (arrived), ==, 2);
  {
    GHashTableIter iter;
    gpointer sum;

    g_hash_table_iter_init (&iter, sources);
    while (g_hash_table_iter_next (&iter, &sum, NULL))
      g_assert_true (g_hash_table_contains (arrived, sum));
  }
  g_assert_cmpuint (count_marks (), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TmCatalog) check = tm_catalog_open (catalog, &error);
    g_autoptr(GPtrArray) distributions = NULL;

    g_assert_no_error (error);
    distributions = tm_catalog_list_distributions (check, 0, &error);
    g_assert_cmpuint (distributions->len, ==, 1);
    g_assert_cmpint (tm_distribution_get_status (g_ptr_array_index (distributions, 0)), ==,
                     TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  }

  tm_test_latency_proxy_free (proxy);
  tm_test_sshd_stop (sshd);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

  g_test_add_func ("/queue/killed-runner", test_kills);
  g_test_add_func ("/queue/killed-mixed-sftp-http", test_kills_mixed);
  g_test_add_func ("/queue/two-instances", test_two_instances);
  g_test_add_func ("/queue/killed-parallel-sftp", test_kills_parallel);
  g_test_add_func ("/queue/killed-parts-http", test_kills_parts);

  return g_test_run ();
}
