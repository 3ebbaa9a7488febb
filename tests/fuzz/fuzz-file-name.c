/* fuzz-file-name.c: track numbers and titles from file names
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-import.h"
#include "tm-import-names.h"
#include "tm-package.h"

#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *name = g_strndup ((const char *) data, size);
  g_autofree char *title = NULL;
  int disc = 0, number = 0;

  if (tm_import_names_parse_track (name, &disc, &number, &title))
    {
      if (disc < 0 || number < 0 || (title != NULL && !g_utf8_validate (title, -1, NULL)
                                     && g_utf8_validate (name, -1, NULL)))
        abort ();
    }
  tm_import_names_is_audio (name);
  tm_import_names_is_image (name);

  /* A name made from metadata stays in its folder: no separator, no control
   * character, no leading dot, not empty, not longer than asked. */
  {
    g_autofree char *safe = tm_sanitize_file_name (name, 100);

    if (*safe == '\0' || strlen (safe) > 100 || safe[0] == '.' || strchr (safe, '/') != NULL
        || strchr (safe, '\\') != NULL || !g_utf8_validate (safe, -1, NULL))
      abort ();
    for (const char *p = safe; *p; p++)
      if ((unsigned char) *p < 0x20 || *p == 0x7f)
        abort ();
  }
  return 0;
}
