/* fuzz-common.h: what the libFuzzer targets share
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#ifndef FUZZ_REPLAY
/* A warning or critical from GLib or json-glib is a finding: abort, so that
 * libFuzzer keeps the input (a G_DEBUG=fatal-criticals trap would lose it).
 * Set once, by the target's own file. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         data)
{
  g_log_writer_standard_streams (level, fields, n_fields, data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

__attribute__((constructor)) static void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}
#endif

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
