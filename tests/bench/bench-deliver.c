/* bench-deliver.c: whole deliveries, as a person waits for them, against
 * OpenSSH's sftp and curl moving the same files to the same servers in the
 * same run
 *
 * What is timed is `tunemantra-cli queue run --until-idle` from its start to its
 * end, after `distribute` queued the release: the process starting, the
 * catalog, the connection, the DDEX message made and validated, every file,
 * the message and the BatchComplete (or the API's release and its confirmation),
 * and the history written. The reference moves the same audio file alone.
 *
 *   near: sshd on loopback;
 *   far:  the same sshd behind a proxy that holds every chunk 10 ms in each
 *         direction (20 ms round trip, no bandwidth limit: tm-test-latency.c);
 *   http: the sandbox, against curl's creation POST and one PATCH, near and
 *         through the same kind of far link.
 *
 * Then an album of four files, through the far link, against OpenSSH's sftp
 * putting the four one after another, and over HTTP through the far link
 * against curl uploading the four one after another.
 *
 * The catalogs are checked once when made, as the window checks a release when
 * its files come in, so `distribute` finds the files' reports kept; its time
 * is given apart.
 *
 * Each run gets a fresh copy of the same catalog, so nothing left by one (a
 * poll due, a batch remembered) is in the next. Memory and CPU are the queue
 * run's own (wait4), memory given above an idle `queue run`. Ours and the
 * reference take turns going first in each pair of runs.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "bench-common.h"
#include "tm-test-latency.h"
#include "tm-test-utils.h"

#define RUNS           7
#define SINGLE_SECONDS 3043.0    /* 44.1 kHz, 16-bit stereo: 512 MiB */
#define ALBUM_TRACKS   4
#define ALBUM_SECONDS  761.0     /* 128 MiB each */
#define ONE_WAY_MS     10

typedef struct
{
  char          *dir;
  char          *drop;
  char          *key;
  char          *known;
  char          *token_file;
  int            sshd_port;
  int            far_port;
  char          *web_far_url;   /* the sandbox through the same far link */
  TmTestSandbox *sandbox;
  int            sandbox_port;
  TmTestLatencyProxy *proxy;      /* to sshd */
  TmTestLatencyProxy *web_proxy;  /* to the sandbox */
  gint64         idle_kb;
  gint64         peak_kb;
  double         distribute[RUNS * 6];  /* each `distribute`, in seconds */
  guint          n_distribute;
} Bench;

static void
cli_ok (const char         *catalog,
        const char         *dir,
        const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (tm_test_run_cli (catalog, dir, args, &out, &err) != 0)
    g_error ("tunemantra-cli %s %s: %s", args[0], args[1], err);
}

static void
add_platforms (Bench      *b,
               const char *catalog)
{
  g_autofree char *near_port = g_strdup_printf ("%d", b->sshd_port);
  /* TM_BENCH_CONNECTIONS: another number of sessions than the default, to compare. */
  g_autofree char *connections = g_strdup_printf ("connections=%s",
                                                  g_getenv ("TM_BENCH_CONNECTIONS") != NULL
                                                  ? g_getenv ("TM_BENCH_CONNECTIONS") : "");
  g_autofree char *far_port = g_strdup_printf ("%d", b->far_port);
  const char *near[] = { "platform", "add", "Near", "--kind", "sftp", "--host", "127.0.0.1",
                         "--port", near_port, "--user", g_get_user_name (), "--key", b->key,
                         "--remote-dir", b->drop, "--sender-dpid", "PADPIDA2026112401T",
                         "--recipient-dpid", "PADPIDA2014021302V", "--setting", connections,
                         NULL };
  const char *far[] = { "platform", "add", "Far", "--kind", "sftp", "--host", "127.0.0.1",
                        "--port", far_port, "--user", g_get_user_name (), "--key", b->key,
                        "--remote-dir", b->drop, "--sender-dpid", "PADPIDA2026112401T",
                        "--recipient-dpid", "PADPIDA2014021302V", "--setting", connections,
                        NULL };
  const char *web[] = { "platform", "add", "Web", "--kind", "api", "--url", b->sandbox->url,
                        "--token-file", b->token_file, "--setting", connections, NULL };
  const char *web_far[] = { "platform", "add", "WebFar", "--kind", "api", "--url",
                            b->web_far_url, "--token-file", b->token_file, "--setting",
                            connections, NULL };

  cli_ok (catalog, b->dir, near);
  cli_ok (catalog, b->dir, far);
  cli_ok (catalog, b->dir, web);
  cli_ok (catalog, b->dir, web_far);
  tm_test_trust_platform (catalog, b->dir, "Near");
  tm_test_trust_platform (catalog, b->dir, "Far");
}

/* The checks the window shows once the files are in, which measure them and
 * keep the reports: "Deliver" comes after, as it does for a person. */
static void
check_once (const char *catalog,
            const char *dir)
{
  const char *check[] = { "check", "1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Its status says whether a store would refuse something; the reports are kept either way. */
  tm_test_run_cli (catalog, dir, check, &out, &err);
}

/* A single of one 512 MiB WAV (release 1), complete for every platform. */
static char *
make_single (Bench *b)
{
  g_autofree char *folder = g_build_filename (b->dir, "single", NULL);
  char *catalog = g_build_filename (b->dir, "single.db", NULL);

  g_mkdir_with_parents (folder, 0700);
  tm_test_make_complete_single (catalog, folder, SINGLE_SECONDS);
  add_platforms (b, catalog);
  check_once (catalog, b->dir);
  return catalog;
}

/* An album of four 128 MiB WAVs (release 1). */
static char *
make_album (Bench *b)
{
  g_autofree char *folder = g_build_filename (b->dir, "album", NULL);
  char *catalog = g_build_filename (b->dir, "album.db", NULL);
  const char *album[] = { "release", "set", "1", "release_type=album", NULL };

  g_mkdir_with_parents (folder, 0700);
  tm_test_make_complete_single (catalog, folder, ALBUM_SECONDS);
  for (int t = 2; t <= ALBUM_TRACKS; t++)
    {
      g_autofree char *file = g_strdup_printf ("%s/0%d - Part %d.wav", folder, t, t);
      g_autofree char *isrc = g_strdup_printf ("isrc=GBXYZ260000%d", t);
      g_autofree char *title = g_strdup_printf ("title=Part %d", t);
      const char *add[] = { "track", "add", "1", "--file", file, title, "artist=Ann", isrc,
                            "contributors=[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]",
                            NULL };

      /* Lengths of their own, so that no two files are the same. */
      tm_test_write_tone (file, 44100, 2, ALBUM_SECONDS - t / 10.0);
      cli_ok (catalog, folder, add);
    }
  cli_ok (catalog, folder, album);
  add_platforms (b, catalog);
  check_once (catalog, b->dir);
  return catalog;
}

/* The audio files of release 1 of @catalog, in track order. */
static GPtrArray *
audio_files (const char *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) c = tm_catalog_open (catalog, &error);
  g_autoptr(GPtrArray) tracks = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  tracks = tm_catalog_list_tracks (c, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tracks->len; i++)
    g_ptr_array_add (paths, g_strdup (tm_track_get_audio_path (g_ptr_array_index (tracks, i))));
  return paths;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* SQLite removes the WAL when the last connection closes; one left is copied too. */
static void
copy_catalog (const char *from,
              const char *to)
{
  g_autofree char *from_wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *to_wal = g_strconcat (to, "-wal", NULL);

  copy_file (from, to);
  if (g_file_test (from_wal, G_FILE_TEST_EXISTS))
    copy_file (from_wal, to_wal);
}

/* Fresh far links on the same ports, before each side's run: a proxy that
 * served many connections gets slower, and whoever ran later would pay. */
static void
fresh_links (Bench *b)
{
  int web_port = tm_test_latency_proxy_get_port (b->web_proxy);

  tm_test_latency_proxy_free (b->proxy);
  b->proxy = tm_test_latency_proxy_new_on (b->sshd_port, ONE_WAY_MS, b->far_port);
  tm_test_latency_proxy_free (b->web_proxy);
  b->web_proxy = tm_test_latency_proxy_new_on (b->sandbox_port, ONE_WAY_MS, web_port);
}

/* Reads @files through, so that both sides start with them in the page cache:
 * this machine's cache is small and often emptied, and whoever ran first
 * would otherwise read from the disk for the other. */
static void
warm (GPtrArray *files)
{
  g_autofree char *buffer = g_malloc (1 << 20);

  /* What the run before wrote goes to the disk first, so that neither side
   * pays for the other's writeback (OpenSSH's sftp does not fsync what it
   * sends; TuneMantra does, and its fsync waited behind it). */
  sync ();

  for (guint i = 0; i < files->len; i++)
    {
      int fd = open (g_ptr_array_index (files, i), O_RDONLY | O_CLOEXEC);

      g_assert_cmpint (fd, >=, 0);
      while (read (fd, buffer, 1 << 20) > 0)
        ;
      close (fd);
    }
}

/* Our whole delivery of release 1 of @template to @platform, on a fresh copy. */
static BenchUsage
ours (Bench      *b,
      const char *template,
      const char *platform,
      guint       run)
{
  g_autofree char *name = g_strdup_printf ("run-%s-%u", platform, run);
  g_autofree char *catalog = g_build_filename (b->dir, name, "catalog.db", NULL);
  g_autofree char *state = g_build_filename (b->dir, name, "state", NULL);
  const char *cli = g_getenv ("TUNEMANTRA_CLI");
  const char *distribute[] = { cli, "distribute", "1", "--platform", platform, NULL };
  const char *run_queue[] = { cli, "queue", "run", "--until-idle", NULL };
  BenchUsage u;

  g_mkdir_with_parents (state, 0700);
  copy_catalog (template, catalog);
  u = bench_run_measured (distribute, catalog, state);
  if (b->n_distribute < G_N_ELEMENTS (b->distribute))
    b->distribute[b->n_distribute++] = u.seconds;
  u = bench_run_measured (run_queue, catalog, state);
  b->peak_kb = MAX (b->peak_kb, u.max_rss_kb);
  return u;
}

static BenchUsage
openssh_put (Bench      *b,
             int         port,
             GPtrArray  *files)
{
  g_autofree char *batch = g_build_filename (b->dir, "sftp-batch", NULL);
  g_autofree char *port_text = g_strdup_printf ("%d", port);
  g_autofree char *target = g_strdup_printf ("%s@127.0.0.1", g_get_user_name ());
  g_autoptr(GString) text = g_string_new (NULL);
  const char *argv[] = { "sftp", "-q", "-b", batch, "-i", b->key, "-P", port_text,
                         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                         target, NULL };

  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (text, "put \"%s\" \"%s/theirs-%u.wav\"\n",
                            (char *) g_ptr_array_index (files, i), b->drop, i);
  g_assert_true (g_file_set_contents (batch, text->str, -1, NULL));
  return bench_run_measured (argv, NULL, NULL);
}

static BenchUsage
curl_put (Bench      *b,
          const char *url,
          const char *path)
{
  GStatBuf st;
  g_autofree char *script = NULL;
  const char *argv[] = { "sh", "-c", NULL, NULL };

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  script = g_strdup_printf (
      "set -e; loc=$(curl -sS -D - -o /dev/null -X POST '%sv1/uploads' "
      "-H 'Authorization: Bearer %s' -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: %" G_GINT64_FORMAT
      "' | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'); "
      "curl -sS -o /dev/null -X PATCH -T '%s' \"%s${loc#/}\" -H 'Authorization: Bearer %s' "
      "-H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' "
      "-H 'Content-Type: application/offset+octet-stream'",
      url, b->sandbox->token, (gint64) st.st_size, path, url, b->sandbox->token);
  argv[2] = script;
  return bench_run_measured (argv, NULL, NULL);
}

/* What a run left on the servers goes, so the disk does not fill. */
static void
clean_servers (Bench *b)
{
  g_autofree char *uploads = g_build_filename (b->sandbox->data, "uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (uploads, 0, NULL);
  const char *name;

  tm_test_remove_tree (b->drop);
  g_mkdir_with_parents (b->drop, 0700);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (uploads, name, NULL);

      /* Emptied: the sandbox still knows the upload. */
      if (g_str_has_suffix (name, ".bin"))
        g_assert_cmpint (truncate (path, 0), ==, 0);
    }
}

/* One run of a part: ours, then the reference. */
typedef struct
{
  BenchUsage mine;
  BenchUsage theirs;
} Sample;

/* The median of one field of @samples' runs. */
static double
median_of (const Sample *samples,
           gboolean      mine,
           gsize         offset)
{
  double values[RUNS];

  for (guint i = 0; i < RUNS; i++)
    values[i] = G_STRUCT_MEMBER (double, mine ? &samples[i].mine : &samples[i].theirs, offset);
  return bench_median (values, RUNS);
}

static void
report (const char   *what,
        const Sample *samples,
        const char   *reference,
        double        mib,
        double        goal)
{
  g_autofree char *runs = NULL;
  GString *pairs = g_string_new (NULL);
  gsize seconds = G_STRUCT_OFFSET (BenchUsage, seconds);
  gsize cpu = G_STRUCT_OFFSET (BenchUsage, cpu);
  gsize machine = G_STRUCT_OFFSET (BenchUsage, machine_cpu);
  double m, c, t, tc;

  for (guint i = 0; i < RUNS; i++)
    g_string_append_printf (pairs, " %.2f/%.2f", samples[i].theirs.seconds,
                            samples[i].mine.seconds);
  runs = g_string_free (pairs, FALSE);
  m = median_of (samples, TRUE, seconds);
  c = median_of (samples, TRUE, cpu);
  t = median_of (samples, FALSE, seconds);
  tc = median_of (samples, FALSE, cpu);

  g_print ("%s (median of %d)\n", what, RUNS);
  g_print ("  TuneMantra, whole queue run: %6.2f s  %6.1f MiB/s  CPU %.2f s (%.2f s per GiB)\n",
           m, mib / m, c, c * 1024 / mib);
  /* The reference's CPU is its processes' own (ssh and sftp; sh and curl). */
  g_print ("  %-27s  %6.2f s  %6.1f MiB/s  CPU %.2f s (%.2f s per GiB)\n", reference, t,
           mib / t, tc, tc * 1024 / mib);
  g_print ("  ratio %.2fx (goal >= %.1f); each run, theirs/ours in s:%s\n", t / m, goal, runs);
  /* On one machine the servers, the latency proxy and the client share the
   * processors: what they all used says when the machine, not the link, was
   * the limit. */
  g_print ("  the whole machine's CPU meanwhile (client, servers, proxy): ours %.2f s, "
           "theirs %.2f s, of %.2f s and %.2f s that its %u processors had\n",
           median_of (samples, TRUE, machine), median_of (samples, FALSE, machine),
           m * g_get_num_processors (), t * g_get_num_processors (), g_get_num_processors ());
}

/* TM_BENCH_ONLY=PART runs one part; PART,PART... several, in the usual order. */
static gboolean
wanted (const char *part)
{
  const char *only = g_getenv ("TM_BENCH_ONLY");
  g_auto(GStrv) parts = NULL;

  if (only == NULL)
    return TRUE;
  parts = g_strsplit (only, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (parts[i]), part) == 0)
      return TRUE;
  return FALSE;
}

/* Whether ours goes at @turn (0 or 1) of @run: first in even runs, second in
 * odd ones. Whoever goes first after another part pays for what that part
 * left (its files read in and the servers' written and removed: the page
 * cache reclaimed, the disk settling); in turn, both pay it equally. */
static gboolean
first_side (guint run,
            guint turn)
{
  return (run % 2 == 0) == (turn == 0);
}

/* One run of an album part: ours through the far link (SFTP for "Album",
 * HTTP for "WebAlbum"), then the reference moving the files one after another. */
static void
album_part (Bench      *b,
            const char *album,
            GPtrArray  *files,
            const char *part,
            guint       run,
            Sample     *sample)
{
  gboolean web = g_str_equal (part, "WebAlbum");

  *sample = (Sample) { { 1, 1, 0, 1 }, { 1, 1, 0, 1 } };
  if (!wanted (part))
    return;
  for (guint turn = 0; turn < 2; turn++)
    {
      warm (files);
      fresh_links (b);
      if (first_side (run, turn))
        sample->mine = ours (b, album, web ? "WebFar" : "Far", run);
      else
        {
          sample->theirs = (BenchUsage) { 0 };
          for (guint i = 0; i < (web ? files->len : 1); i++)
            {
              BenchUsage u = web ? curl_put (b, b->web_far_url, g_ptr_array_index (files, i))
                                 : openssh_put (b, b->far_port, files);

              sample->theirs.seconds += u.seconds;
              sample->theirs.cpu += u.cpu;
              sample->theirs.machine_cpu += u.machine_cpu;
            }
        }
      clean_servers (b);
    }
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 }, *b = &bench;
  g_autofree char *sshd_dir = NULL;
  g_autofree char *sandbox_data = NULL;
  g_autofree char *single = NULL;
  g_autofree char *album = NULL;
  g_autoptr(GPtrArray) single_files = NULL;
  g_autoptr(GPtrArray) album_files = NULL;
  static const char * const sandbox_args[] = { "--skip-checksum", NULL };
  const char *platforms[] = { "Near", "Far", "Web", "WebFar" };
  Sample single_runs[4][RUNS], album_runs[RUNS], web_album_runs[RUNS];
  GSubprocess *sshd;

  bench_launcher_start ();
  if (getuid () != 0)
    {
      g_print ("bench-deliver: needs root for its own sshd; skipped\n");
      return 0;
    }
  if (!tm_test_have_ddex_schemas ())
    {
      g_print ("bench-deliver: needs the DDEX schemas (-Dddex_schemas); skipped\n");
      return 0;
    }

  tm_test_isolate_user_state ();
  b->dir = tm_test_make_tmp_dir ();
  b->drop = g_build_filename (b->dir, "drop", NULL);
  b->known = g_build_filename (b->dir, "known_hosts", NULL);
  b->token_file = g_build_filename (b->dir, "token", NULL);
  sshd_dir = g_build_filename (b->dir, "sshd", NULL);
  sandbox_data = g_build_filename (b->dir, "sandbox", NULL);
  g_mkdir_with_parents (sshd_dir, 0700);
  g_mkdir_with_parents (b->drop, 0700);
  g_setenv ("TUNEMANTRA_KNOWN_HOSTS", b->known, TRUE);

  tm_test_sshd_make_keys (sshd_dir);
  b->key = g_build_filename (sshd_dir, "user_ed25519", NULL);
  b->sshd_port = tm_test_free_port ();
  sshd = tm_test_sshd_start (sshd_dir, b->sshd_port, NULL);
  b->proxy = tm_test_latency_proxy_new (b->sshd_port, ONE_WAY_MS);
  b->far_port = tm_test_latency_proxy_get_port (b->proxy);
  b->sandbox = tm_test_sandbox_start (sandbox_data, sandbox_args);
  {
    g_autoptr(GUri) uri = g_uri_parse (b->sandbox->url, G_URI_FLAGS_NONE, NULL);

    g_assert_nonnull (uri);
    b->sandbox_port = g_uri_get_port (uri);
    b->web_proxy = tm_test_latency_proxy_new (b->sandbox_port, ONE_WAY_MS);
    b->web_far_url = g_strdup_printf ("http://127.0.0.1:%d/",
                                      tm_test_latency_proxy_get_port (b->web_proxy));
  }
  g_assert_true (g_file_set_contents (b->token_file, b->sandbox->token, -1, NULL));

  g_print ("Making a 512 MiB single and an album of four 128 MiB files...\n");
  single = make_single (b);
  album = make_album (b);
  single_files = audio_files (single);
  album_files = audio_files (album);

  /* What an idle queue run costs: memory is measured above it. */
  {
    g_autofree char *idle_catalog = g_build_filename (b->dir, "idle.db", NULL);
    const char *run_queue[] = { g_getenv ("TUNEMANTRA_CLI"), "queue", "run", "--until-idle",
                                NULL };

    copy_catalog (single, idle_catalog);
    b->idle_kb = bench_run_measured (run_queue, idle_catalog, NULL).max_rss_kb;
  }

  for (guint run = 0; run < RUNS; run++)
    for (guint p = 0; p < G_N_ELEMENTS (platforms); p++)
      {
        Sample *sample = &single_runs[p][run];

        /* TM_BENCH_ONLY=Near (or Far, Web, WebFar, Album, WebAlbum): one part alone. */
        *sample = (Sample) { { 1, 1, 0, 1 }, { 1, 1, 0, 1 } };
        if (!wanted (platforms[p]))
          continue;
        for (guint turn = 0; turn < 2; turn++)
          {
            warm (single_files);
            fresh_links (b);
            if (first_side (run, turn))
              sample->mine = ours (b, single, platforms[p], run);
            else
              sample->theirs = p == 0 ? openssh_put (b, b->sshd_port, single_files)
                               : p == 1 ? openssh_put (b, b->far_port, single_files)
                               : curl_put (b, p == 2 ? b->sandbox->url : b->web_far_url,
                                           g_ptr_array_index (single_files, 0));
            clean_servers (b);
          }
      }
  for (guint run = 0; run < RUNS; run++)
    {
      album_part (b, album, album_files, "Album", run, &album_runs[run]);
      album_part (b, album, album_files, "WebAlbum", run, &web_album_runs[run]);
    }

  if (wanted ("Near"))
    report ("A 512 MiB single over SFTP to sshd on loopback", single_runs[0],
            "OpenSSH sftp put:", 512, 1.0);
  if (wanted ("Far"))
    report ("The same through a 20 ms round trip", single_runs[1], "OpenSSH sftp put:", 512,
            1.5);
  if (wanted ("Web"))
    report ("The same over HTTP (tus) to the sandbox on loopback", single_runs[2],
            "curl, POST and one PATCH:", 512, 1.0);
  if (wanted ("WebFar"))
    report ("The same over HTTP through a 20 ms round trip", single_runs[3],
            "curl, POST and one PATCH:", 512, 1.0);
  if (wanted ("Album"))
    report ("An album of four 128 MiB files through the 20 ms round trip", album_runs,
            "OpenSSH sftp, four puts:", 512, 1.5);
  if (wanted ("WebAlbum"))
    report ("The album over HTTP through the 20 ms round trip", web_album_runs,
            "curl, four uploads:", 512, 1.0);
  g_print ("`distribute` before each queue run (the checks from their kept reports, the "
           "jobs queued): median %.2f s of %u\n",
           bench_median (b->distribute, b->n_distribute), b->n_distribute);
  g_print ("Peak memory of a queue run: %.1f MiB above an idle one (idle %.1f MiB; goal < 64)\n",
           (b->peak_kb - b->idle_kb) / 1024.0, b->idle_kb / 1024.0);

  tm_test_sandbox_stop (b->sandbox);
  tm_test_latency_proxy_free (b->web_proxy);
  tm_test_latency_proxy_free (b->proxy);
  tm_test_sshd_stop (sshd);
  g_unsetenv ("TUNEMANTRA_KNOWN_HOSTS");
  tm_test_remove_tree (b->dir);
  g_free (b->dir);
  g_free (b->drop);
  g_free (b->key);
  g_free (b->known);
  g_free (b->token_file);
  g_free (b->web_far_url);
  return 0;
}
