/* tm-audio-header.h: what WAV, RF64 and FLAC headers say that decoders do not
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tm-inspect-error.h"

G_BEGIN_DECLS

typedef struct
{
  const char *container;          /* "wav", "rf64" or "flac" */
  guint       format_tag;         /* WAV: 0x0001 PCM, 0x0003 float, 0xFFFE extensible */
  guint       sub_format;         /* the format inside WAVE_FORMAT_EXTENSIBLE */
  guint       channels;
  guint       rate;
  guint       bits;
  guint64     frames;             /* from the header, 0 when unknown */
  gboolean    chunks_after_data;  /* WAV: something follows the audio */
  gboolean    odd_chunks;         /* WAV: a chunk of odd size (padded, or not) */
} TmAudioHeader;

gboolean tm_audio_header_read (const char     *path,
                               TmAudioHeader  *header,
                               GError        **error);

G_END_DECLS
