/* tm-test-utils.c: temporary folders and main-loop helpers for the tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tm-catalog-private.h"
#include <sqlite3.h>
#include <string.h>

#include "tm-test-utils.h"

char *
tm_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tunemantra-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
tm_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          tm_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

GBytes *
tm_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Runs the default main context until @condition holds or @timeout_ms pass. */
gboolean
tm_test_wait_for (gboolean (*condition) (gpointer),
                  gpointer   data,
                  guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return TRUE;
}

int
tm_test_run_cli (const char          *catalog,
                 const char          *cwd,
                 const char * const  *args,
                 char               **out,
                 char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TUNEMANTRA_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Stdin is an empty pipe: never a terminal, whatever runs the tests. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "TUNEMANTRA_CATALOG", catalog, TRUE);
  /* Debug logging for the CLI alone, when a test asks for it. */
  if (g_getenv ("TM_TEST_CLI_MESSAGES_DEBUG") != NULL)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG",
                                  g_getenv ("TM_TEST_CLI_MESSAGES_DEBUG"), TRUE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (child, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  if (!g_subprocess_get_if_exited (child))
    g_error ("tunemantra-cli %s did not exit (signal %d):\n%s", args[0],
             g_subprocess_get_if_signaled (child) ? g_subprocess_get_term_sig (child) : 0,
             err != NULL && *err != NULL ? *err : "");
  return g_subprocess_get_exit_status (child);
}

gint64
tm_test_count (gpointer    catalog,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_tm_catalog_get_db (catalog), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * tm_test_write_tone:
 *
 * Writes a 16-bit PCM WAV of a 1 kHz tone at half scale (-6 dBFS), each
 * channel in its own phase, so that stereo is not dual mono.
 */
void
tm_test_write_tone (const char *path,
                    guint       rate,
                    guint       channels,
                    double      seconds)
{
  guint frames = (guint) (rate * seconds);
  guint data_bytes = frames * channels * 2;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint32 u32;
  guint16 u16;

#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (bytes, (guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (bytes, (guint8 *) &u16, 2))
  g_byte_array_append (bytes, (guint8 *) "RIFF", 4);
  PUT32 (36 + data_bytes);
  g_byte_array_append (bytes, (guint8 *) "WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);
  PUT16 (channels);
  PUT32 (rate);
  PUT32 (rate * channels * 2);
  PUT16 (channels * 2);
  PUT16 (16);
  g_byte_array_append (bytes, (guint8 *) "data", 4);
  PUT32 (data_bytes);
  for (guint i = 0; i < frames; i++)
    for (guint c = 0; c < channels; c++)
      PUT16 ((guint16) (gint16) (16384 * sin (2 * G_PI * 1000.0 * i / rate + c)));
#undef PUT32
#undef PUT16

  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
}

/**
 * tm_test_sandbox_start:
 * @data: its --data folder
 * @args: (nullable): more switches
 *
 * Starts a sandbox on a free loopback port and waits for the two lines it prints.
 */
TmTestSandbox *
tm_test_sandbox_start (const char          *data,
                       const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  const char *program = g_getenv ("TUNEMANTRA_SANDBOX");
  TmTestSandbox *sandbox = g_new0 (TmTestSandbox, 1);

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, (gpointer) data);
  /* It goes when the test goes, even when the test crashes. */
  g_ptr_array_add (argv, "--exit-with-stdin");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  sandbox->data = g_strdup (data);
  sandbox->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  while (sandbox->token == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "TUNEMANTRA_SANDBOX_URL="))
        sandbox->url = g_strdup (strchr (line, '=') + 1);
      else if (g_str_has_prefix (line, "TUNEMANTRA_SANDBOX_TOKEN="))
        sandbox->token = g_strdup (strchr (line, '=') + 1);
    }
  g_assert_nonnull (sandbox->url);
  return sandbox;
}

void
tm_test_sandbox_stop (TmTestSandbox *sandbox)
{
  if (sandbox == NULL)
    return;
  g_subprocess_force_exit (sandbox->process);
  g_subprocess_wait (sandbox->process, NULL, NULL);
  g_object_unref (sandbox->process);
  g_free (sandbox->url);
  g_free (sandbox->token);
  g_free (sandbox->data);
  g_free (sandbox);
}

static void
checksum_file (GChecksum  *checksum,
               const char *path,
               gint64     *size)
{
  g_autofree guchar *buffer = g_malloc (1 << 20);
  FILE *f = fopen (path, "rb");
  size_t n;

  g_assert_nonnull (f);
  while ((n = fread (buffer, 1, 1 << 20, f)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }
  fclose (f);
}

char *
tm_test_sandbox_upload_sha256 (const char *data,
                               const char *id,
                               gint64     *size,
                               gboolean   *partial)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (data, "uploads", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  JsonObject *o;
  gint64 total = 0;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  if (partial != NULL)
    *partial = json_object_get_boolean_member_with_default (o, "partial", FALSE);
  if (json_object_has_member (o, "parts"))
    {
      JsonArray *parts = json_object_get_array_member (o, "parts");

      for (guint i = 0; i < json_array_get_length (parts); i++)
        {
          g_autofree char *bin = g_strconcat (json_array_get_string_element (parts, i), ".bin",
                                              NULL);
          g_autofree char *part = g_build_filename (data, "uploads", bin, NULL);

          checksum_file (checksum, part, &total);
        }
    }
  else
    {
      g_autofree char *bin = g_strconcat (id, ".bin", NULL);
      g_autofree char *own = g_build_filename (data, "uploads", bin, NULL);

      checksum_file (checksum, own, &total);
    }
  if (size != NULL)
    *size = total;
  return g_strdup (g_checksum_get_string (checksum));
}

gint64
tm_test_sandbox_bytes (const char *data,
                       gint64     *largest)
{
  g_autofree char *path = g_build_filename (data, "uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  gint64 total = 0;

  if (largest != NULL)
    *largest = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".bin"))
      {
        g_autofree char *file = g_build_filename (path, name, NULL);
        GStatBuf st;

        if (g_stat (file, &st) != 0)
          continue;
        total += st.st_size;
        if (largest != NULL)
          *largest = MAX (*largest, (gint64) st.st_size);
      }
  return total;
}

GHashTable *
tm_test_sandbox_files (const char *data)
{
  g_autofree char *dir_path = g_build_filename (data, "uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      {
        g_autofree char *id = g_strndup (name, strlen (name) - strlen (".json"));
        gboolean partial = FALSE;
        char *sha = tm_test_sandbox_upload_sha256 (data, id, NULL, &partial);

        if (sha != NULL && !partial)
          g_hash_table_add (files, sha);
        else
          g_free (sha);
      }
  return files;
}

/**
 * tm_test_isolate_user_state:
 *
 * Gives this test program (and the programs it starts) a keyring file and a
 * state folder of its own, so that test programs running side by side never
 * share them. Call it first in main().
 */
static char *isolated_dir;

static void
remove_isolated_dir (void)
{
  tm_test_remove_tree (isolated_dir);
}

void
tm_test_isolate_user_state (void)
{
  char *dir;

  if (isolated_dir != NULL)
    return;
  dir = isolated_dir = g_dir_make_tmp ("tunemantra-user-XXXXXX", NULL);
  g_assert_nonnull (dir);
  atexit (remove_isolated_dir);
  g_setenv ("SECRET_FILE_TEST_PATH", g_build_filename (dir, "test.keyring", NULL), TRUE);
  g_setenv ("XDG_STATE_HOME", g_build_filename (dir, "state", NULL), TRUE);
  /* Cover thumbnails too: a test never reads or prunes the user's. */
  g_setenv ("XDG_CACHE_HOME", g_build_filename (dir, "cache", NULL), TRUE);
}

static void
run_cli_ok (const char          *catalog,
            const char          *cwd,
            const char * const  *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = tm_test_run_cli (catalog, cwd, args, &out, &err);

  if (status != 0)
    g_error ("tunemantra-cli %s %s: exit %d\n%s", args[0], args[1], status, err);
}

/**
 * tm_test_make_complete_single:
 *
 * A single a store would take, as a user makes it with the CLI: a folder with
 * a WAV and a 3000×3000 cover imported, then filled in. Release 1, track 1,
 * UPC 036000291452, ISRC GBXYZ2600001.
 */
void
tm_test_make_complete_single (const char *catalog,
                              const char *dir,
                              double      seconds)
{
  g_autofree char *folder = g_build_filename (dir, "Dawn", NULL);
  g_autofree char *audio = g_build_filename (folder, "01 - Dawn.wav", NULL);
  g_autofree char *cover = g_build_filename (folder, "cover.png", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *day = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *date = g_strdup_printf ("release_date=%s", day);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3000, 3000);
  const char *import[] = { "import", folder, NULL };
  const char *set[] = { "release", "set", "1", "artist=Ann", "release_type=single",
                        "label=Ann Records", "genre=Electronic", "language=en", date,
                        "p_year=2026", "p_holder=Ann", "c_year=2026", "c_holder=Ann",
                        "upc=036000291452", NULL };
  const char *track[] = { "track", "set", "1", "1", "artist=Ann", "isrc=GBXYZ2600001",
                          "contributors=[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]",
                          NULL };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  tm_test_write_tone (audio, 44100, 2, seconds);
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));
  run_cli_ok (catalog, dir, import);
  run_cli_ok (catalog, dir, set);
  run_cli_ok (catalog, dir, track);
}

/**
 * tm_test_add_second_track:
 * @audio: where the track's WAV is written
 *
 * Makes the single of tm_test_make_complete_single() an album: a second track,
 * "Dusk" (ISRC GBXYZ2600002), of @seconds of tone.
 */
void
tm_test_add_second_track (const char *catalog,
                          const char *dir,
                          const char *audio,
                          double      seconds)
{
  const char *add[] = { "track", "add", "1", "--file", audio, "title=Dusk", "artist=Ann",
                        "isrc=GBXYZ2600002",
                        "contributors=[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]",
                        NULL };
  const char *album[] = { "release", "set", "1", "release_type=album", NULL };

  tm_test_write_tone (audio, 48000, 2, seconds);
  run_cli_ok (catalog, dir, add);
  run_cli_ok (catalog, dir, album);
}

/**
 * tm_test_trust_platform:
 *
 * Accepts the host key of the SFTP platform @name as a person does with the
 * CLI: `platform trust NAME` shows the fingerprint, `--fingerprint` accepts it.
 */
void
tm_test_trust_platform (const char *catalog,
                        const char *dir,
                        const char *name)
{
  const char *show[] = { "platform", "trust", name, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fingerprint = NULL;
  const char *start;

  g_assert_cmpint (tm_test_run_cli (catalog, dir, show, &out, &err), ==, 0);
  start = strstr (out, "SHA256:");
  g_assert_nonnull (start);
  fingerprint = g_strndup (start, strcspn (start, " \n."));
  {
    const char *accept[] = { "platform", "trust", name, "--fingerprint", fingerprint, NULL };

    run_cli_ok (catalog, dir, accept);
  }
}

void
tm_test_run_shell (const char *script)
{
  const char *argv[] = { "sh", "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("failed: %s", script);
}

int
tm_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* In @dir: host_key, and user keys user_ed25519, user_ecdsa (passphrase
 * "secret words") and user_rsa, all three in authorized_keys. */
void
tm_test_sshd_make_keys (const char *dir)
{
  g_autofree char *script = g_strdup_printf (
      "cd '%s' && ssh-keygen -q -t ed25519 -N '' -f host_key && "
      "ssh-keygen -q -t ed25519 -N '' -f user_ed25519 && "
      "ssh-keygen -q -t ecdsa -b 256 -N 'secret words' -f user_ecdsa && "
      "ssh-keygen -q -t rsa -b 2048 -N '' -f user_rsa && "
      "cat user_ed25519.pub user_ecdsa.pub user_rsa.pub > authorized_keys", dir);

  tm_test_run_shell (script);
}

static gboolean
port_open (gpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) c = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                    GPOINTER_TO_INT (data), NULL,
                                                                    NULL);
  return c != NULL;
}

/**
 * tm_test_sshd_start_with:
 * @subsystem: (nullable): the sftp subsystem line, "internal-sftp" by default
 * @extra: (nullable): configuration lines that come first, and so win
 *
 * A real OpenSSH sshd on 127.0.0.1:@port with the keys of @dir, for the user
 * running the tests (root in CI). What it logs goes to @dir/sshd.log (errors
 * only, unless @extra sets a LogLevel).
 */
GSubprocess *
tm_test_sshd_start_with (const char *dir,
                         int         port,
                         const char *subsystem,
                         const char *extra)
{
  g_autofree char *config = g_build_filename (dir, "sshd_config", NULL);
  g_autofree char *text = g_strdup_printf (
      "%sPort %d\nListenAddress 127.0.0.1\nHostKey %s/host_key\nPidFile %s/sshd.pid\n"
      "AuthorizedKeysFile %s/authorized_keys\nPermitRootLogin yes\nStrictModes no\n"
      "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
      "Subsystem sftp %s\nLogLevel ERROR\n",
      extra != NULL ? extra : "", port, dir, dir, dir,
      subsystem != NULL ? subsystem : "internal-sftp");
  g_autofree char *log = g_build_filename (dir, "sshd.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *sshd;

  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  g_mkdir_with_parents ("/run/sshd", 0755);
  /* What it says goes to DIR/sshd.log, never a pipe of meson's that a test
   * that dies would leave open. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  sshd = g_subprocess_launcher_spawn (launcher, &error, "/usr/sbin/sshd", "-D", "-e", "-f",
                                      config, NULL);
  g_assert_no_error (error);
  g_assert_true (tm_test_wait_for (port_open, GINT_TO_POINTER (port), 10000));
  return sshd;
}

GSubprocess *
tm_test_sshd_start (const char *dir,
                    int         port,
                    const char *subsystem)
{
  return tm_test_sshd_start_with (dir, port, subsystem, NULL);
}

void
tm_test_sshd_stop (GSubprocess *sshd)
{
  if (sshd == NULL)
    return;
  g_subprocess_force_exit (sshd);
  g_subprocess_wait (sshd, NULL, NULL);
  g_object_unref (sshd);
}

/* Overwrites the b-tree pages after the first, as a failing disk would; the
 * header stays readable, so only a check of the pages finds it. */
void
tm_test_damage_catalog (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  sqlite3_close (db);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 4096 + 8, 0xA5, length - 4096 - 8);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

gboolean
tm_test_have_ddex_schemas (void)
{
  const char *folder = g_getenv ("TUNEMANTRA_DDEX_SCHEMAS");

  if (folder != NULL && *folder != '\0')
    return TRUE;
  g_test_skip ("This test validates DDEX messages against a local copy of the DDEX ERN 4.3 "
               "schemas, and none was given: meson setup --reconfigure BUILDDIR "
               "-Dddex_schemas=FOLDER (a folder with ern43/release-notification.xsd and "
               "ern43/allowed-value-sets.xsd).");
  return FALSE;
}
