/* tm-sandbox.c: the built-in test platform, a tunemantra-sandbox on loopback
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new catalog has a platform "Sandbox (test platform)" whose settings say
 * {"sandbox": true}. Delivering to it starts one tunemantra-sandbox for this
 * process (on a free loopback port, with its data in the user's data folder, so
 * releases delivered there stay there), reads the URL it prints and its
 * credentials.json. The sandbox ends with this process: it stops when its
 * standard input closes. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tm-delivery-error.h"
#include "tm-sandbox.h"
#include "tm-safe-file.h"

static GMutex lock;
static GSubprocess *process;
static char *process_url;

/**
 * tm_sandbox_find_program:
 *
 * $TUNEMANTRA_SANDBOX, then beside this program (installed, or in the build
 * tree), then $PATH.
 *
 * Returns: (nullable): the path of tunemantra-sandbox
 */
char *
tm_sandbox_find_program (void)
{
  const char *env = g_getenv ("TUNEMANTRA_SANDBOX");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  const char *beside[] = { "tunemantra-sandbox", "../sandbox/tunemantra-sandbox",
                           "../../src/sandbox/tunemantra-sandbox" };

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (beside); i++)
    {
      g_autofree char *path = g_build_filename (dir, beside[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_canonicalize_filename (path, NULL);
    }
  return g_find_program_in_path ("tunemantra-sandbox");
}

static char *
data_dir (void)
{
  const char *env = g_getenv ("TUNEMANTRA_SANDBOX_DATA");

  return env != NULL ? g_strdup (env)
                     : g_build_filename (g_get_user_data_dir (), "tunemantra", "sandbox", NULL);
}

static gboolean
start (GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *program = tm_sandbox_find_program ();
  g_autofree char *dir = data_dir ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;

  if (program == NULL)
    {
      g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE,
                           _("The test platform (tunemantra-sandbox) is not installed. "
                             "Reinstall TuneMantra."));
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  child = g_subprocess_launcher_spawn (launcher, error, program, "--port", "0", "--data", dir,
                                       "--exit-with-stdin", NULL);
  if (child == NULL)
    return FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, cancellable, error);

      if (line == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, TM_DELIVERY_ERROR,
                                 TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE,
                                 _("The test platform stopped as it started."));
          g_subprocess_force_exit (child);
          return FALSE;
        }
      if (g_str_has_prefix (line, "TUNEMANTRA_SANDBOX_URL="))
        {
          g_free (process_url);
          process_url = g_strdup (line + strlen ("TUNEMANTRA_SANDBOX_URL="));
        }
      if (g_str_has_prefix (line, "TUNEMANTRA_SANDBOX_TOKEN="))
        break;
    }

  process = g_steal_pointer (&child);
  return TRUE;
}

/**
 * tm_sandbox_ensure:
 * @url: (out): its base URL
 * @tokens: (out): its tokens
 *
 * Starts the sandbox if this process has none running. Blocks for as long as it
 * takes to start (a few milliseconds); call it from a worker thread.
 */
gboolean
tm_sandbox_ensure (char         **url,
                   TmTokens     **tokens,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *dir = data_dir ();
  g_autofree char *credentials_path = g_build_filename (dir, "credentials.json", NULL);
  g_autofree char *text = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&lock);
  if (process != NULL && g_subprocess_get_identifier (process) == NULL)
    g_clear_object (&process);
  if (process == NULL)
    ok = start (cancellable, error);
  if (ok)
    *url = g_strdup (process_url);
  g_mutex_unlock (&lock);

  if (!ok)
    return FALSE;
  if (!(text = tm_read_file_bounded (credentials_path, TM_TOKEN_FILE_MAX_BYTES, TM_OPEN_NOFOLLOW,
                                     NULL, error))
      || (*tokens = tm_tokens_parse (text, error)) == NULL)
    {
      g_clear_pointer (url, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Ends the sandbox this process started, if any. */
void
tm_sandbox_stop (void)
{
  g_mutex_lock (&lock);
  if (process != NULL)
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_clear_object (&process);
    }
  g_mutex_unlock (&lock);
}
