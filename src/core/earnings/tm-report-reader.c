/* tm-report-reader.c: the records of a report file, read as a stream
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reports run to millions of lines, so they are read a block at a time and
 * given out a record at a time, in bounded memory whatever the file holds:
 *
 *  - a gzipped file (DDEX sales reports are often .tsv.gz) is unpacked as it is
 *    read, and refused past MAX_UNPACKED bytes (a gzip bomb ends there);
 *  - a byte-order mark decides the encoding: UTF-16 (Bandcamp's default, either
 *    order) is turned into UTF-8 as it streams; UTF-8's mark is dropped. Without
 *    one, each cell is read as UTF-8 and, if it is not, as Windows-1252
 *    (DistroKid's older files), so one odd line changes nothing else;
 *  - line ends may be CRLF, LF or CR, the last one missing; blank lines are
 *    skipped;
 *  - a record longer than MAX_RECORD bytes, or of more than MAX_CELLS cells, is
 *    given back with a problem and without its cells, and reading goes on at the
 *    next line;
 *  - the dialect is guessed from the first line (a DDEX HEAD record, or more
 *    tabs than commas outside quotes) and can be set.
 *
 * Cells are valid UTF-8 with no NUL; what else they hold is for the caller to
 * judge (control characters are cleaned where a cell is kept). */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include "tm-report-reader.h"
#include "tm-safe-file.h"

#define BLOCK        (256 * 1024)
#define MAX_RECORD   (1024 * 1024)
#define MAX_CELLS    1024
#define MAX_UNPACKED (G_GUINT64_CONSTANT (8) << 30)

struct _TmReportReader
{
  char            *path;
  struct stat      st;
  GInputStream    *stream;
  TmReportDialect  dialect;
  const char      *encoding;      /* UTF-16LE, UTF-16BE, UTF-8 (a mark), or NULL */
  gboolean         started;

  guint8          *raw;
  guint8          *block;         /* what is parsed: UTF-8, or bytes to judge cell by cell */
  gsize            length;
  gsize            at;
  guint64          unpacked;
  gboolean         eof;
  guint8           carry[2];      /* UTF-16: an odd byte, and a high surrogate */
  gsize            n_carry;
  gunichar         high;

  guint64          line;          /* the line the next byte is on */
  gboolean         after_cr;
  GString         *cell;
  GPtrArray       *cells;
  TmReportRecord   record;
};

static gboolean
open_stream (TmReportReader  *self,
             GError         **error)
{
  g_autoptr(GInputStream) base = NULL;
  struct stat st;
  guint8 magic[2] = { 0 };
  gssize n;
  int fd;

  if ((fd = tm_open_regular (self->path, TM_OPEN_FOLLOW, &st, error)) < 0)
    return FALSE;
  if (self->started
      && (st.st_dev != self->st.st_dev || st.st_ino != self->st.st_ino
          || st.st_size != self->st.st_size || st.st_mtime != self->st.st_mtime))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s changed while it was being read; import it again once it is "
                     "written whole."), self->path);
      return FALSE;
    }
  self->st = st;
  g_clear_object (&self->stream);
  base = g_unix_input_stream_new (fd, TRUE);

  n = read (fd, magic, sizeof magic);
  if (n < 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read %s: %s"), self->path, g_strerror (saved));
      return FALSE;
    }

  if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
    {
      g_autoptr(GZlibDecompressor) gunzip =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      GInputStream *unpacked = g_converter_input_stream_new (base, G_CONVERTER (gunzip));

      g_object_unref (base);
      base = unpacked;
    }
  else if (n == 2 && magic[0] == 'P' && magic[1] == 'K')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is a zip archive, not a report: import the zip itself, and the "
                     "reports inside it are read one by one."), self->path);
      return FALSE;
    }

  self->stream = g_steal_pointer (&base);
  self->length = self->at = 0;
  self->unpacked = 0;
  self->eof = FALSE;
  self->n_carry = 0;
  self->high = 0;
  self->line = 1;
  self->after_cr = FALSE;
  self->started = TRUE;
  return TRUE;
}

static void
put_utf8 (TmReportReader *self,
          gunichar        c)
{
  /* NUL never reaches a cell; a lone surrogate is U+FFFD. */
  if (c != 0)
    self->length += g_unichar_to_utf8 (c, (char *) self->block + self->length);
}

/* UTF-16 code units from raw[0..n) into block, as UTF-8. */
static void
decode_utf16 (TmReportReader *self,
              const guint8   *raw,
              gsize           n)
{
  gboolean little = g_str_equal (self->encoding, "UTF-16LE");

  for (gsize i = 0; i < n; i++)
    {
      guint unit;

      self->carry[self->n_carry++] = raw[i];
      if (self->n_carry < 2)
        continue;
      self->n_carry = 0;
      unit = little ? self->carry[0] | (self->carry[1] << 8)
                    : (self->carry[0] << 8) | self->carry[1];

      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          if (self->high != 0)
            put_utf8 (self, 0xFFFD);
          self->high = unit;
          continue;
        }
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          put_utf8 (self, self->high != 0
                          ? 0x10000 + ((self->high - 0xD800) << 10) + (unit - 0xDC00)
                          : 0xFFFD);
          self->high = 0;
          continue;
        }
      if (self->high != 0)
        put_utf8 (self, 0xFFFD);
      self->high = 0;
      put_utf8 (self, unit);
    }
}

/* Reads more of the (unpacked) file into block; FALSE with @error on a read error. */
static gboolean
fill (TmReportReader  *self,
      GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize n;
  gsize skip = 0;

  self->length = self->at = 0;
  if (self->eof)
    return TRUE;
  n = g_input_stream_read (self->stream, self->raw, BLOCK, NULL, &local_error);
  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Could not read %s: %s"), self->path, local_error->message);
      return FALSE;
    }
  self->eof = n == 0;
  self->unpacked += (guint64) n;
  if (self->unpacked > MAX_UNPACKED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("%s unpacks to more than %u GB, more than any sales report: it is "
                     "not read further."), self->path, (guint) (MAX_UNPACKED >> 30));
      return FALSE;
    }

  /* The first bytes: a byte-order mark? */
  if (self->unpacked == (guint64) n && n > 0)
    {
      if (n >= 2 && self->raw[0] == 0xFF && self->raw[1] == 0xFE)
        self->encoding = "UTF-16LE", skip = 2;
      else if (n >= 2 && self->raw[0] == 0xFE && self->raw[1] == 0xFF)
        self->encoding = "UTF-16BE", skip = 2;
      else if (n >= 3 && memcmp (self->raw, "\xEF\xBB\xBF", 3) == 0)
        self->encoding = "UTF-8", skip = 3;
      else
        self->encoding = NULL;
    }

  if (self->encoding != NULL && g_str_has_prefix (self->encoding, "UTF-16"))
    decode_utf16 (self, self->raw + skip, (gsize) n - skip);
  else
    {
      memcpy (self->block, self->raw + skip, (gsize) n - skip);
      self->length = (gsize) n - skip;
    }
  return TRUE;
}

/**
 * tm_report_reader_new:
 *
 * Opens @path (a regular file; links are followed, FIFOs and devices refused)
 * and guesses its dialect from its first line.
 */
TmReportReader *
tm_report_reader_new (const char  *path,
                      GError     **error)
{
  g_autoptr(TmReportReader) self = g_new0 (TmReportReader, 1);
  gsize tabs = 0, commas = 0;
  gboolean quoted = FALSE;

  self->path = g_strdup (path);
  self->raw = g_malloc (BLOCK);
  self->block = g_malloc (BLOCK / 2 * 3 + 8);
  self->cell = g_string_sized_new (256);
  self->cells = g_ptr_array_new_with_free_func (g_free);
  self->record.cells = self->cells;

  if (!open_stream (self, error) || !fill (self, error))
    return NULL;

  if (self->length >= 5 && memcmp (self->block, "HEAD\t", 5) == 0)
    self->dialect = TM_REPORT_DSR;
  else
    {
      for (gsize i = 0; i < self->length && self->block[i] != '\n' && self->block[i] != '\r';
           i++)
        {
          if (self->block[i] == '"')
            quoted = !quoted;
          else if (!quoted && self->block[i] == '\t')
            tabs++;
          else if (!quoted && self->block[i] == ',')
            commas++;
        }
      self->dialect = tabs > commas ? TM_REPORT_TSV : TM_REPORT_CSV;
    }
  return g_steal_pointer (&self);
}

void
tm_report_reader_free (TmReportReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_free (self->path);
  g_free (self->raw);
  g_free (self->block);
  if (self->cell != NULL)
    g_string_free (self->cell, TRUE);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self);
}

TmReportDialect
tm_report_reader_get_dialect (TmReportReader *self)
{
  return self->dialect;
}

void
tm_report_reader_set_dialect (TmReportReader  *self,
                              TmReportDialect  dialect)
{
  self->dialect = dialect;
}

/**
 * tm_report_reader_get_encoding:
 *
 * Returns: (nullable): what the byte-order mark said, or %NULL (UTF-8, with
 *   Windows-1252 for cells that are not)
 */
const char *
tm_report_reader_get_encoding (TmReportReader *self)
{
  return self->encoding;
}

guint64
tm_report_reader_get_bytes (TmReportReader *self)
{
  return self->unpacked;
}

/**
 * tm_report_reader_rewind:
 *
 * Reads the file again from its start (for a second pass), refusing if it
 * changed in between.
 */
gboolean
tm_report_reader_rewind (TmReportReader  *self,
                         GError         **error)
{
  return open_stream (self, error) && fill (self, error);
}

/* The cell read so far, as valid UTF-8, added to the record. */
static void
end_cell (TmReportReader *self)
{
  char *text;

  if (self->cells->len >= MAX_CELLS)
    {
      self->record.problem = _("it has more cells than any report’s line");
      g_string_truncate (self->cell, 0);
      return;
    }
  if (g_utf8_validate_len (self->cell->str, self->cell->len, NULL))
    text = g_strndup (self->cell->str, self->cell->len);
  else
    {
      /* Not UTF-8: Windows-1252, as DistroKid's older files are (whose five
       * unassigned bytes only ISO-8859-1 reads). */
      text = g_convert (self->cell->str, self->cell->len, "UTF-8", "WINDOWS-1252",
                        NULL, NULL, NULL);
      if (text == NULL)
        text = g_convert (self->cell->str, self->cell->len, "UTF-8", "ISO-8859-1",
                          NULL, NULL, NULL);
      if (text == NULL)
        text = g_utf8_make_valid (self->cell->str, self->cell->len);
    }
  g_ptr_array_add (self->cells, text);
  g_string_truncate (self->cell, 0);
}

/**
 * tm_report_reader_next:
 *
 * Returns: (nullable): the next record (valid until the next call), or %NULL
 *   at the end of the file or, with @error, when the file cannot be read on
 */
const TmReportRecord *
tm_report_reader_next (TmReportReader  *self,
                       GError         **error)
{
  enum { START, PLAIN, QUOTED, QUOTE_IN_QUOTED, ESCAPE, SKIP } state = START;
  gsize size = 0;
  gboolean any = FALSE;
  char sep = self->dialect == TM_REPORT_CSV ? ',' : '\t';

  g_ptr_array_set_size (self->cells, 0);
  g_string_truncate (self->cell, 0);
  self->record.problem = NULL;
  self->record.line = self->line;

  for (;;)
    {
      guint8 c;

      if (self->at == self->length)
        {
          if (!fill (self, error))
            return NULL;
          if (self->length == 0)
            {
              /* The end: a last line without its line end is a record too. */
              if (state == QUOTED || state == QUOTE_IN_QUOTED)
                self->record.problem = state == QUOTED
                                       ? _("a quote opened on it is never closed")
                                       : NULL;
              if (!any && self->cells->len == 0 && self->cell->len == 0)
                return NULL;
              if (state != SKIP)
                end_cell (self);
              return &self->record;
            }
        }
      c = self->block[self->at++];

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (c == '\n')
            continue;
        }

      if (c == '\r' || c == '\n')
        {
          self->line++;
          self->after_cr = c == '\r';
          if (state == QUOTED && self->dialect == TM_REPORT_CSV)
            {
              g_string_append_c (self->cell, '\n');
              continue;
            }
          if (state == QUOTED)
            self->record.problem = _("a quote opened on it is never closed");
          if (!any && self->cells->len == 0 && self->cell->len == 0 && state == START)
            {
              self->record.line = self->line;      /* a blank line: nothing */
              continue;
            }
          if (state != SKIP)
            end_cell (self);
          return &self->record;
        }

      any = TRUE;
      if (state == SKIP || c == '\0')
        continue;
      if (++size > MAX_RECORD)
        {
          self->record.problem = _("it is longer than any report’s line (1 MB)");
          g_ptr_array_set_size (self->cells, 0);
          g_string_truncate (self->cell, 0);
          state = SKIP;
          continue;
        }

      switch (state)
        {
        case START:
          if (c == '"' && self->dialect != TM_REPORT_DSR)
            {
              state = QUOTED;
              break;
            }
          state = PLAIN;
          G_GNUC_FALLTHROUGH;
        case PLAIN:
          if (c == (guint8) sep)
            {
              end_cell (self);
              state = START;
            }
          else if (c == '\\' && self->dialect == TM_REPORT_DSR)
            state = ESCAPE;
          else
            g_string_append_c (self->cell, (char) c);
          break;

        case ESCAPE:
          /* \<tab> is a tab in the cell; \| and \\ stay escaped, for the
           * multi-value cells to be split on bare pipes. */
          if (c != '\t')
            g_string_append_c (self->cell, '\\');
          g_string_append_c (self->cell, (char) c);
          state = PLAIN;
          break;

        case QUOTED:
          if (c == '"')
            state = QUOTE_IN_QUOTED;
          else
            g_string_append_c (self->cell, (char) c);
          break;

        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (self->cell, '"');
              state = QUOTED;
            }
          else if (c == (guint8) sep)
            {
              end_cell (self);
              state = START;
            }
          else
            {
              /* Text after a closing quote: kept, as spreadsheets do. */
              g_string_append_c (self->cell, (char) c);
              state = PLAIN;
            }
          break;

        case SKIP:
          break;
        }
    }
}
