/* tm-uninstalled.c: what a program run from its build folder needs to find
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `meson setup` writes tunemantra-uninstalled.ini at the top of the build
 * folder, with the paths a program run from there needs (its compiled settings
 * schema, its help, a local copy of the DDEX schemas). A program finds it by
 * walking up from its own executable, so an installed program, far from any
 * build folder, never does, and no path of the build machine is compiled into
 * it. */

#include "config.h"

#include <glib/gstdio.h>

#include "tm-uninstalled.h"

#define FILE_NAME "tunemantra-uninstalled.ini"

static gpointer
load (gpointer data)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

  /* src/app/tunemantra, tests/bench/bench-x: at most three folders up. */
  for (guint i = 0; dir != NULL && i < 4; i++)
    {
      g_autofree char *candidate = g_build_filename (dir, FILE_NAME, NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        {
          GKeyFile *file = g_key_file_new ();

          if (g_key_file_load_from_file (file, candidate, G_KEY_FILE_NONE, NULL))
            return file;
          g_key_file_free (file);
          return NULL;
        }
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  return NULL;
}

/**
 * tm_uninstalled_get:
 * @key: "settings_schemas", "help" or "ddex_schemas"
 *
 * Returns: (transfer full) (nullable): the path, when the program runs from its
 *   build folder and the path was configured
 */
char *
tm_uninstalled_get (const char *key)
{
  static GOnce once = G_ONCE_INIT;
  GKeyFile *file = g_once (&once, load, NULL);
  g_autofree char *value = file != NULL ? g_key_file_get_string (file, "paths", key, NULL)
                                        : NULL;

  return value != NULL && *value != '\0' ? g_steal_pointer (&value) : NULL;
}
