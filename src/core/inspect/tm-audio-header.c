/* tm-audio-header.c: what WAV, RF64 and FLAC headers say that decoders do not
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-audio-header.h"
#include "tm-safe-file.h"

G_DEFINE_QUARK (tm-inspect-error-quark, tm_inspect_error)

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint64
le64 (const guint8 *p)
{
  return le32 (p) | ((guint64) le32 (p + 4) << 32);
}

static gboolean
truncated (GError     **error,
           const char  *path,
           double       promised,
           double       present)
{
  g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TRUNCATED,
               _("%s is cut short: its header promises %.1f s of audio, but only %.1f s are "
                 "there. Export it again from your audio editor."), path, promised, present);
  return FALSE;
}

static gboolean
read_wav (FILE           *f,
          const char     *path,
          gint64          file_size,
          gboolean        rf64,
          TmAudioHeader  *h,
          GError        **error)
{
  guint8 chunk[8], buf[40];
  guint64 data_size = 0, ds64_data = 0;
  gint64 data_end = -1;
  gboolean have_fmt = FALSE;

  h->container = rf64 ? "rf64" : "wav";

  while (fread (chunk, 1, 8, f) == 8)
    {
      guint64 size = le32 (chunk + 4);
      gint64 start = ftello (f);

      if (rf64 && memcmp (chunk, "data", 4) == 0 && size == 0xFFFFFFFF)
        size = ds64_data;
      if (size % 2 == 1)
        h->odd_chunks = TRUE;
      if (data_end >= 0)
        h->chunks_after_data = TRUE;

      if (memcmp (chunk, "ds64", 4) == 0 && size >= 28)
        {
          if (fread (buf, 1, 28, f) != 28)
            break;
          ds64_data = le64 (buf + 8);
        }
      else if (memcmp (chunk, "fmt ", 4) == 0 && size >= 16)
        {
          size_t n = fread (buf, 1, MIN (size, sizeof buf), f);

          if (n < 16)
            break;
          h->format_tag = le16 (buf);
          h->channels = le16 (buf + 2);
          h->rate = le32 (buf + 4);
          h->bits = le16 (buf + 14);
          if (h->format_tag == 0xFFFE && n >= 26)
            h->sub_format = le16 (buf + 24);
          have_fmt = TRUE;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          data_size = size;
          data_end = start + (gint64) size;
        }

      /* Chunks are padded to even sizes; a file without the pad byte still ends. */
      if (fseeko (f, start + (gint64) size + (gint64) (size % 2), SEEK_SET) != 0
          || start + (gint64) size >= file_size)
        break;
    }

  if (!have_fmt || data_end < 0)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT,
                   _("%s is a damaged WAV file: it has no %s chunk."), path,
                   have_fmt ? "data" : "fmt");
      return FALSE;
    }

  if (h->channels > 0 && h->bits > 0)
    {
      guint frame_bytes = h->channels * ((h->bits + 7) / 8);

      h->frames = data_size / frame_bytes;
      if (data_end > file_size && h->rate > 0)
        return truncated (error, path, (double) h->frames / h->rate,
                          (double) (file_size - (data_end - (gint64) data_size))
                          / frame_bytes / h->rate);
    }

  return TRUE;
}

static gboolean
read_flac (FILE           *f,
           const char     *path,
           TmAudioHeader  *h,
           GError        **error)
{
  guint8 header[4], info[34];

  h->container = "flac";

  if (fread (header, 1, 4, f) != 4 || (header[0] & 0x7f) != 0
      || fread (info, 1, 34, f) != 34)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT,
                   _("%s is a damaged FLAC file: its stream information is missing."), path);
      return FALSE;
    }

  /* STREAMINFO: 20 bits rate, 3 bits channels - 1, 5 bits bits - 1, 36 bits samples */
  h->rate = (info[10] << 12) | (info[11] << 4) | (info[12] >> 4);
  h->channels = ((info[12] >> 1) & 0x7) + 1;
  h->bits = (((info[12] & 0x1) << 4) | (info[13] >> 4)) + 1;
  h->frames = ((guint64) (info[13] & 0x0f) << 32) | ((guint64) info[14] << 24)
              | ((guint64) info[15] << 16) | ((guint64) info[16] << 8) | info[17];
  return TRUE;
}

/**
 * tm_audio_header_read:
 *
 * Reads the header of a WAV, RF64 or FLAC file. Other files give
 * %TM_INSPECT_ERROR_UNSUPPORTED (the decoder still reads them); damaged or cut
 * ones give an error that names the file and says what is wrong.
 */
static gboolean
read_header (FILE           *f,
             const char     *path,
             GStatBuf       *st_in,
             TmAudioHeader  *header,
             GError        **error)
{
  GStatBuf st = *st_in;
  guint8 magic[12];

  if (st.st_size == 0)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_EMPTY,
                   _("%s is empty (0 bytes). Export it again from your audio editor."), path);
      return FALSE;
    }

  if (fread (magic, 1, sizeof magic, f) >= 4 && memcmp (magic, "fLaC", 4) == 0)
    {
      fseeko (f, 4, SEEK_SET);
      return read_flac (f, path, header, error);
    }

  if (st.st_size >= 12 && (memcmp (magic, "RIFF", 4) == 0 || memcmp (magic, "RF64", 4) == 0)
      && memcmp (magic + 8, "WAVE", 4) == 0)
    return read_wav (f, path, st.st_size, magic[1] == 'F', header, error);

  g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED,
               _("%s is not a WAV or FLAC file."), path);
  return FALSE;
}

gboolean
tm_audio_header_read (const char     *path,
                      TmAudioHeader  *header,
                      GError        **error)
{
  g_autoptr(GError) open_error = NULL;
  struct stat st;
  FILE *f;
  gboolean ok;

  memset (header, 0, sizeof *header);

  /* Never a FIFO or a device: refused without waiting on it. */
  if (!(f = tm_fopen_regular (path, TM_OPEN_FOLLOW, &st, &open_error)))
    {
      g_set_error_literal (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNREADABLE,
                           open_error->message);
      return FALSE;
    }

  ok = read_header (f, path, &st, header, error);
  fclose (f);
  return ok;
}
