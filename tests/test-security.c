/* test-security.c: secrets never leave the keyring: a whole run of the CLI
 * (platforms added from token and password files, tested, a release delivered
 * to the real sandbox and followed, every export written, debug logging on)
 * and everything it wrote are searched for them; the catalog, the packages and
 * the state are the user's alone.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tm-secrets.h"
#include "tm-test-utils.h"

#define SFTP_PASSWORD "sftp-password-Zq8u2LmX"

typedef struct
{
  char      *dir;
  char      *catalog;
  GString   *outputs;      /* every stdout and stderr of the run */
} Fixture;

static int
cli (Fixture            *f,
     const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* Debug logging on for the CLI, not for this TAP-speaking test. */
  g_setenv ("TM_TEST_CLI_MESSAGES_DEBUG", "all", TRUE);
  status = tm_test_run_cli (f->catalog, f->dir, args, &out, &err);

  g_string_append_printf (f->outputs, "%s\n%s\n", out != NULL ? out : "", err != NULL ? err : "");
  if (status != 0)
    g_test_message ("tunemantra-cli %s %s: %d: %s", args[0], args[1], status, err);
  return status;
}

/* Every file under @dir but @skip, searched for each of @secrets. */
static void
assert_no_secret_in_tree (const char         *dir,
                          const char * const *skip,
                          const char * const *secrets)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_strv_contains (skip, path) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_no_secret_in_tree (path, skip, secrets);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (guint i = 0; secrets[i] != NULL; i++)
        if (g_strstr_len (contents, length, secrets[i]) != NULL)
          g_error ("%s holds a secret", path);
    }
}

static void
assert_private (const char *path,
                gboolean    is_dir)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 077) != 0)
    g_error ("%s is %o: others may read it", path, st.st_mode & 0777);
  g_assert_true (is_dir ? S_ISDIR (st.st_mode) : S_ISREG (st.st_mode));
}

static void
test_secrets_never_leak (void)
{
  Fixture fx = { NULL, }, *f = &fx;
  g_autofree char *sandbox_data = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *exports = NULL;
  g_autofree char *tokens_text = NULL;
  TmTestSandbox *sandbox;
  g_autoptr(TmTokens) stored = NULL;
  const char *secrets[4] = { NULL, };

  f->dir = tm_test_make_tmp_dir ();
  f->catalog = g_build_filename (f->dir, "catalog.db", NULL);
  f->outputs = g_string_new (NULL);
  sandbox_data = g_build_filename (f->dir, "sandbox", NULL);
  token_file = g_build_filename (f->dir, "token.json", NULL);
  password_file = g_build_filename (f->dir, "password", NULL);
  exports = g_build_filename (f->dir, "exports", NULL);
  sandbox = tm_test_sandbox_start (sandbox_data, NULL);
  tokens_text = g_strdup_printf ("{\"access_token\": \"%s\"}", sandbox->token);
  g_assert_true (g_file_set_contents (token_file, tokens_text, -1, NULL));
  g_assert_true (g_file_set_contents (password_file, SFTP_PASSWORD "\n", -1, NULL));
  tm_test_make_complete_single (f->catalog, f->dir, 2.0);

  {
    const char *add_api[] = { "platform", "add", "Label", "--kind", "api", "--url", sandbox->url,
                              "--token-file", token_file, NULL };
    const char *add_sftp[] = { "platform", "add", "Store", "--kind", "sftp", "--host",
                               "127.0.0.1", "--port", "1", "--user", "me", "--secret-file",
                               password_file, "--remote-dir", "in", "--sender-dpid",
                               "PADPIDA2026112401T", "--recipient-dpid", "PADPIDA2014021302V",
                               NULL };
    const char *test_api[] = { "platform", "test", "Label", NULL };
    const char *test_sftp[] = { "platform", "test", "Store", NULL };
    const char *deliver[] = { "distribute", "1", "--platform", "Label", "--wait", NULL };
    const char *reads[][6] = {
      { "--json", "platform", "list", NULL }, { "--json", "platform", "show", "Label", NULL },
      { "--json", "platform", "show", "Store", NULL }, { "--json", "status", "1", NULL },
      { "--json", "history", "1", NULL }, { "--json", "queue", NULL },
      { "--json", "release", "show", "1", NULL }, { "insights", "--csv", NULL },
    };
    static const char * const formats[] = { "json", "csv" };

    g_assert_cmpint (cli (f, add_api), ==, 0);
    g_assert_cmpint (cli (f, add_sftp), ==, 0);
    g_assert_cmpint (cli (f, test_api), ==, 0);
    /* Nothing listens there: the failure is reported without the password. */
    g_assert_cmpint (cli (f, test_sftp), ==, 1);
    g_assert_cmpint (cli (f, deliver), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
      g_assert_cmpint (cli (f, reads[i]), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *out = g_build_filename (exports, formats[i], NULL);
        const char *export[] = { "export", "1", "--format", formats[i], "--out", out, NULL };

        g_assert_cmpint (cli (f, export), ==, 0);
      }
    /* DDEX too, where a local copy of the schemas validates it. */
    if (g_getenv ("TUNEMANTRA_DDEX_SCHEMAS") != NULL
        && *g_getenv ("TUNEMANTRA_DDEX_SCHEMAS") != '\0')
      {
        g_autofree char *out = g_build_filename (exports, "ddex", NULL);
        const char *export[] = { "export", "1", "--format", "ddex", "--out", out,
                                 "--sender-dpid", "PADPIDA2026112401T", "--recipient-dpid",
                                 "PADPIDA2014021302V", NULL };

        g_assert_cmpint (cli (f, export), ==, 0);
      }
    else
      g_test_message ("No DDEX export: no local copy of the DDEX schemas was configured "
                      "(meson setup -Dddex_schemas=FOLDER).");
  }

  /* The secrets are in the keyring, and nowhere else. */
  stored = tm_secrets_lookup_tokens ("Label", NULL, NULL);
  g_assert_nonnull (stored);
  secrets[0] = sandbox->token;
  secrets[1] = SFTP_PASSWORD;
  secrets[2] = stored->access_token;    /* the same, or a refreshed one */
  for (guint i = 0; secrets[i] != NULL; i++)
    g_assert_null (strstr (f->outputs->str, secrets[i]));
  {
    const char *keyring = g_getenv ("SECRET_FILE_TEST_PATH");
    const char *skip[] = { token_file, password_file, sandbox_data, keyring, NULL };

    assert_no_secret_in_tree (f->dir, skip, secrets);
    assert_no_secret_in_tree (g_getenv ("XDG_STATE_HOME"), skip, secrets);
    assert_no_secret_in_tree (g_getenv ("XDG_DATA_HOME"), skip, secrets);
  }

  /* The user's alone: the catalog, the packages, the state. */
  assert_private (f->catalog, FALSE);
  {
    g_autofree char *json = g_build_filename (exports, "json", NULL);
    g_autoptr(GDir) d = g_dir_open (json, 0, NULL);
    const char *name = d != NULL ? g_dir_read_name (d) : NULL;
    g_autofree char *package = name != NULL ? g_build_filename (json, name, NULL) : NULL;

    g_assert_nonnull (package);
    assert_private (package, TRUE);
  }

  tm_secrets_clear ("Label", NULL, NULL);
  tm_secrets_clear ("Store", NULL, NULL);
  tm_test_sandbox_stop (sandbox);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->catalog);
  g_string_free (f->outputs, TRUE);
}

#define KEYRING_THREADS 4
#define KEYRING_ROUNDS  25

static gpointer
keyring_thread (gpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autofree char *platform = g_strdup_printf ("Thread %u", n);

  for (guint round = 0; round < KEYRING_ROUNDS; round++)
    {
      g_autofree char *access = g_strdup_printf ("access-%u-%u", n, round);
      g_autoptr(TmTokens) tokens = tm_tokens_new (access, round % 2 == 0 ? "refresh" : NULL);
      g_autoptr(TmTokens) found = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (tm_secrets_store_tokens (platform, tokens, NULL, &error));
      g_assert_no_error (error);
      found = tm_secrets_lookup_tokens (platform, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (found->access_token, ==, access);
      if (round % 5 == 4)
        {
          g_assert_true (tm_secrets_clear (platform, NULL, &error));
          g_assert_no_error (error);
          g_assert_null (tm_secrets_lookup_tokens (platform, NULL, NULL));
        }
    }
  return NULL;
}

/* Workers store, look up and clear tokens at once (a platform tested while a
 * delivery reads its token, a refresh): with libsecret's file backend, which
 * the tests and Flatpak use, each sees what it stored last, and a clear
 * clears. */
static void
test_keyring_threads (void)
{
  GThread *threads[KEYRING_THREADS];

  for (guint i = 0; i < KEYRING_THREADS; i++)
    threads[i] = g_thread_new ("keyring", keyring_thread, GUINT_TO_POINTER (i));
  for (guint i = 0; i < KEYRING_THREADS; i++)
    g_thread_join (threads[i]);
  /* Each thread's last round cleared its own; nothing else is left either. */
  for (guint i = 0; i < KEYRING_THREADS; i++)
    {
      g_autofree char *platform = g_strdup_printf ("Thread %u", i);
      g_autoptr(TmTokens) found = tm_secrets_lookup_tokens (platform, NULL, NULL);

      g_assert_null (found);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

  g_test_add_func ("/security/secrets-never-leak", test_secrets_never_leak);
  g_test_add_func ("/security/keyring-threads", test_keyring_threads);

  return g_test_run ();
}
