/* fuzz-replay.c: runs a fuzz target over files and folders of inputs (its
 * seed corpus and the inputs that once crashed it), without libFuzzer, so that
 * every build's test suite replays them.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#define FUZZ_REPLAY
#include "fuzz-common.h"

static guint
replay (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          n += replay (child);
        }
      return n;
    }
  if (!g_file_get_contents (path, &data, &length, NULL))
    {
      fprintf (stderr, "cannot read %s\n", path);
      exit (1);
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += replay (argv[i]);
  printf ("%u inputs replayed\n", n);
  return n > 0 ? 0 : 1;
}
