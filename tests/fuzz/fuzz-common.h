/* fuzz-common.h: what the libFuzzer targets share
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The input as a file, for the readers that take a path; one per process. */
static inline const char *
fuzz_write_file (const uint8_t *data,
                 size_t         size,
                 const char    *suffix)
{
  static char *path;

  if (path == NULL)
    path = g_strdup_printf ("%s/tm-fuzz-%d%s", g_get_tmp_dir (), (int) getpid (), suffix);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    abort ();
  return path;
}

/* A message must be text a person can read: valid UTF-8. */
static inline void
fuzz_check_error (const GError *error)
{
  if (error != NULL && !g_utf8_validate (error->message, -1, NULL))
    abort ();
}
