/* fuzz-audio-header.c: the WAV, RF64 and FLAC header reader
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-audio-header.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = fuzz_write_file (data, size, ".wav");
  TmAudioHeader header;
  g_autoptr(GError) error = NULL;

  /* A header read is of a container TuneMantra knows. */
  if (tm_audio_header_read (path, &header, &error)
      && g_strcmp0 (header.container, "wav") != 0 && g_strcmp0 (header.container, "rf64") != 0
      && g_strcmp0 (header.container, "flac") != 0)
    abort ();
  fuzz_check_error (error);
  return 0;
}
