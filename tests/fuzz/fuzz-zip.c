/* fuzz-zip.c: zips dropped on the window, unpacked with the import's limits;
 * nothing may land outside the folder made for them
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tm-import-zip-private.h"
#include "tm-test-utils.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *root, *outside;
  const char *zip = fuzz_write_file (data, size, ".zip");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  if (root == NULL)
    {
      root = g_strdup_printf ("%s/tm-fuzz-zip-%d/in", g_get_tmp_dir (), (int) getpid ());
      outside = g_path_get_dirname (root);
    }
  g_mkdir_with_parents (root, 0700);
  folder = tm_import_zip_unpack_one (zip, root, &error);
  fuzz_check_error (error);
  if (folder != NULL && !g_str_has_prefix (folder, root))
    abort ();
  tm_test_remove_tree (root);
  /* Only "in" was ever there: an entry that escaped would be beside it. */
  {
    g_autoptr(GDir) dir = g_dir_open (outside, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      if (strcmp (name, "in") != 0)
        abort ();
  }
  return 0;
}
