/* tm-artwork-inspector.c: cover art read from its header, decoded only when safe
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

#include "tm-artwork-inspector.h"
#include "tm-safe-file.h"

/* Headers, EXIF and ICC come first in a file; this is plenty to find them. */
#define HEAD_LIMIT (4 * 1024 * 1024)

void
tm_image_report_free (TmImageReport *report)
{
  if (report == NULL)
    return;

  g_free (report->path);
  g_free (report->format);
  g_free (report->color_model);
  g_free (report);
}

JsonNode *
tm_image_report_to_json (TmImageReport *r)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "path", r->path);
  json_object_set_string_member (o, "kind", "image");
  json_object_set_string_member (o, "format", r->format);
  json_object_set_int_member (o, "width", r->width);
  json_object_set_int_member (o, "height", r->height);
  json_object_set_string_member (o, "color_model", r->color_model);
  json_object_set_boolean_member (o, "icc_profile", r->icc_profile);
  if (r->exif_orientation > 0)
    json_object_set_int_member (o, "exif_orientation", r->exif_orientation);
  else
    json_object_set_null_member (o, "exif_orientation");
  json_object_set_boolean_member (o, "progressive", r->progressive);
  json_object_set_int_member (o, "bytes", r->bytes);
  json_object_set_boolean_member (o, "has_alpha", r->has_alpha);

  json_node_take_object (node, o);
  return node;
}

const char *
tm_sniff_image_format (const guint8 *h,
                       gsize         n)
{
  if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
    return "jpeg";
  if (n >= 8 && memcmp (h, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (n >= 6 && (memcmp (h, "GIF87a", 6) == 0 || memcmp (h, "GIF89a", 6) == 0))
    return "gif";
  if (n >= 12 && memcmp (h, "RIFF", 4) == 0 && memcmp (h + 8, "WEBP", 4) == 0)
    return "webp";
  if (n >= 2 && h[0] == 'B' && h[1] == 'M')
    return "bmp";
  if (n >= 4 && (memcmp (h, "II*\0", 4) == 0 || memcmp (h, "MM\0*", 4) == 0))
    return "tiff";
  return NULL;
}

static guint16
be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* EXIF orientation (tag 0x0112) from a TIFF block, or 0. */
static guint
exif_orientation (const guint8 *t,
                  gsize         n)
{
  gboolean le;
  guint32 ifd;
  guint16 entries;

  if (n < 8)
    return 0;
  le = t[0] == 'I';
#define U16(p) (le ? (guint16) ((p)[0] | ((p)[1] << 8)) : be16 (p))
#define U32(p) (le ? (guint32) ((p)[0] | ((p)[1] << 8) | ((p)[2] << 16) \
                              | ((guint32) (p)[3] << 24)) \
                   : be32 (p))
  ifd = U32 (t + 4);
  /* Compared without adding to the offset, which a hostile file sets near 2³². */
  if (ifd > n || n - ifd < 2)
    return 0;
  entries = U16 (t + ifd);
  for (guint i = 0; i < entries && ifd + 2 + (i + 1) * 12 <= n; i++)
    {
      const guint8 *e = t + ifd + 2 + i * 12;

      if (U16 (e) == 0x0112)
        {
          guint v = U16 (e + 8);
          return v >= 1 && v <= 8 ? v : 0;
        }
    }
#undef U16
#undef U32
  return 0;
}

static gboolean
damaged (GError     **error,
         const char  *path,
         const char  *why)
{
  g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT,
               _("%s is a damaged image: %s. Export the cover again."), path, why);
  return FALSE;
}

static gboolean
parse_jpeg (const guint8   *d,
            gsize           n,
            TmImageReport  *r,
            GError        **error)
{
  gsize i = 2;

  while (i + 4 <= n)
    {
      guint8 marker;
      guint16 length;

      if (d[i] != 0xFF)
        return damaged (error, r->path, _("its markers are out of order"));
      while (i < n && d[i] == 0xFF)
        i++;
      if (i >= n)
        break;
      marker = d[i++];

      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        continue;
      if (marker == 0xD9 || marker == 0xDA)
        break;
      if (i + 2 > n)
        break;

      length = be16 (d + i);
      if (length < 2)
        return damaged (error, r->path, _("a marker has an impossible length"));

      if (marker == 0xE1 && length >= 8 && i + length <= n
          && memcmp (d + i + 2, "Exif\0\0", 6) == 0)
        r->exif_orientation = exif_orientation (d + i + 8, length - 8);
      else if (marker == 0xE2 && length >= 14 && i + 14 <= n
               && memcmp (d + i + 2, "ICC_PROFILE", 11) == 0)
        r->icc_profile = TRUE;
      else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
               && marker != 0xCC)
        {
          guint components;

          if (i + 8 > n)
            break;
          r->height = be16 (d + i + 3);
          r->width = be16 (d + i + 5);
          components = d[i + 7];
          r->progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
          g_free (r->color_model);
          r->color_model = g_strdup (components == 1 ? "grayscale"
                                     : components == 4 ? "cmyk" : "rgb");
        }

      i += length;
    }

  if (r->width == 0 || r->height == 0)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TRUNCATED,
                   _("%s is cut short or damaged: it ends before saying how large the image "
                     "is. Export the cover again."), r->path);
      return FALSE;
    }

  return TRUE;
}

static guint32
le24 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | ((guint32) p[2] << 16);
}

/* The other formats' sizes, read here rather than by gdk-pixbuf, whose
 * loaders warn on headers of size 0 (found by fuzzing). They are refused by
 * every platform anyway; the size makes the rest of the report right. */
static gboolean
parse_other (const char     *format,
             const guint8   *d,
             gsize           n,
             TmImageReport  *r,
             GError        **error)
{
  if (g_str_equal (format, "gif") && n >= 10)
    {
      r->width = d[6] | (d[7] << 8);
      r->height = d[8] | (d[9] << 8);
    }
  else if (g_str_equal (format, "bmp") && n >= 26)
    {
      gint32 w = (gint32) (d[18] | (d[19] << 8) | (d[20] << 16) | ((guint32) d[21] << 24));
      gint32 h = (gint32) (d[22] | (d[23] << 8) | (d[24] << 16) | ((guint32) d[25] << 24));

      r->width = w == G_MININT32 ? 0 : (guint) ABS (w);
      r->height = h == G_MININT32 ? 0 : (guint) ABS (h);
    }
  else if (g_str_equal (format, "webp") && n >= 30 && memcmp (d + 12, "VP8X", 4) == 0)
    {
      r->width = le24 (d + 24) + 1;
      r->height = le24 (d + 27) + 1;
    }
  else if (g_str_equal (format, "webp") && n >= 25 && memcmp (d + 12, "VP8L", 4) == 0
           && d[20] == 0x2f)
    {
      guint32 bits = d[21] | (d[22] << 8) | (d[23] << 16) | ((guint32) d[24] << 24);

      r->width = (bits & 0x3fff) + 1;
      r->height = ((bits >> 14) & 0x3fff) + 1;
    }
  else if (g_str_equal (format, "webp") && n >= 30 && memcmp (d + 12, "VP8 ", 4) == 0)
    {
      r->width = (d[26] | (d[27] << 8)) & 0x3fff;
      r->height = (d[28] | (d[29] << 8)) & 0x3fff;
    }
  else if (g_str_equal (format, "tiff"))
    {
      int w = 0, h = 0;

      /* TIFF keeps its size in a directory anywhere in the file: gdk-pixbuf
       * reads it, once the header is at least whole. */
      if (n >= 8 && gdk_pixbuf_get_file_info (r->path, &w, &h) != NULL)
        {
          r->width = MAX (w, 0);
          r->height = MAX (h, 0);
        }
    }

  if (r->width == 0 || r->height == 0)
    return damaged (error, r->path, _("it has no size"));
  return TRUE;
}

static gboolean
parse_png (const guint8   *d,
           gsize           n,
           TmImageReport  *r,
           GError        **error)
{
  gsize i = 8;

  if (n < 33 || memcmp (d + 12, "IHDR", 4) != 0)
    return damaged (error, r->path, _("it has no image header"));

  r->width = be32 (d + 16);
  r->height = be32 (d + 20);
  switch (d[25])
    {
    case 0: r->color_model = g_strdup ("grayscale"); break;
    case 4: r->color_model = g_strdup ("grayscale"); r->has_alpha = TRUE; break;
    case 2: r->color_model = g_strdup ("rgb"); break;
    case 6: r->color_model = g_strdup ("rgb"); r->has_alpha = TRUE; break;
    case 3: r->color_model = g_strdup ("indexed"); break;
    default: return damaged (error, r->path, _("its colour type is unknown"));
    }
  r->progressive = d[28] == 1;

  while (i + 8 <= n)
    {
      guint32 length = be32 (d + i);
      const guint8 *type = d + i + 4;

      if (memcmp (type, "iCCP", 4) == 0)
        r->icc_profile = TRUE;
      else if (memcmp (type, "eXIf", 4) == 0 && i + 8 + length <= n)
        r->exif_orientation = exif_orientation (d + i + 8, length);
      else if (memcmp (type, "IDAT", 4) == 0)
        break;
      if (length > n)
        break;
      i += 12 + (gsize) length;
    }

  return TRUE;
}

/* Whether every chunk of a PNG lies inside the file, up to an IEND that ends it.
 * libpng allocates what a chunk's length says before it reads the chunk, so a
 * hostile 300-byte file can make it ask for gigabytes; once every length is
 * known to fit, what it allocates is bounded by the file's size. The walk reads
 * eight bytes a chunk (seeks inside stdio's buffer cost nothing). */
static gboolean
png_chunks_fit (FILE   *f,
                gint64  size)
{
  gint64 at = 8;

  while (at + 12 <= size)
    {
      guint8 head[8];
      guint32 length;

      if (fseeko (f, at, SEEK_SET) != 0 || fread (head, 1, sizeof head, f) != sizeof head)
        return FALSE;
      length = be32 (head);
      if (length > G_MAXINT32 || at + 12 + (gint64) length > size)
        return FALSE;
      at += 12 + (gint64) length;
      if (memcmp (head + 4, "IEND", 4) == 0)
        return at == size;
    }
  return FALSE;
}

/* Whether the file ends as its format says it must (JPEG EOI, PNG IEND). */
static gboolean
complete (FILE       *f,
          const char *format,
          gint64      size)
{
  guint8 tail[64];
  gsize n = MIN ((gsize) size, sizeof tail);

  if (fseeko (f, size - (gint64) n, SEEK_SET) != 0 || fread (tail, 1, n, f) != n)
    return FALSE;

  if (g_str_equal (format, "jpeg"))
    {
      for (gsize i = 0; i + 1 < n; i++)
        if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
          return TRUE;
      return FALSE;
    }

  if (g_str_equal (format, "png"))
    return n >= 12 && memcmp (tail + n - 8, "IEND", 4) == 0;

  return TRUE;
}

/**
 * tm_artwork_inspect:
 * @max_pixels: refuse images larger than this, without decoding them
 *
 * Reads an image's format from its bytes and everything else from its header;
 * nothing is decoded.
 */
TmImageReport *
tm_artwork_inspect (const char  *path,
                    guint64      max_pixels,
                    GError     **error)
{
  g_autoptr(TmImageReport) r = g_new0 (TmImageReport, 1);
  g_autofree guint8 *head = NULL;
  g_autoptr(GError) open_error = NULL;
  const char *format;
  struct stat st;
  FILE *f;
  gsize n;
  gboolean ok = TRUE;

  r->path = g_strdup (path);

  if (!(f = tm_fopen_regular (path, TM_OPEN_FOLLOW, &st, &open_error)))
    {
      g_set_error_literal (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNREADABLE,
                           open_error->message);
      return NULL;
    }

  r->bytes = st.st_size;
  head = g_malloc (MIN ((gint64) HEAD_LIMIT, MAX (st.st_size, 1)));
  n = fread (head, 1, MIN ((gint64) HEAD_LIMIT, st.st_size), f);

  if (st.st_size == 0)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_EMPTY,
                   _("%s is empty (0 bytes)."), path);
      ok = FALSE;
    }
  else if (!(format = tm_sniff_image_format (head, n)))
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_IMAGE,
                   _("%s is not an image TuneMantra can read. Use a JPEG or PNG cover."), path);
      ok = FALSE;
    }
  else
    {
      r->format = g_strdup (format);
      if (g_str_equal (format, "jpeg"))
        ok = parse_jpeg (head, n, r, error);
      else if (g_str_equal (format, "png"))
        ok = parse_png (head, n, r, error);
      else
        ok = parse_other (format, head, n, r, error);

      if (ok && (guint64) r->width * r->height > max_pixels)
        {
          g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TOO_LARGE,
                       _("%s says it is %u × %u pixels (%.0f megapixels). TuneMantra opens images "
                         "up to %.0f megapixels. Export the cover at 3000 × 3000."),
                       path, r->width, r->height, (double) r->width * r->height / 1e6,
                       max_pixels / 1e6);
          ok = FALSE;
        }

      if (ok && !complete (f, format, st.st_size))
        {
          g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_TRUNCATED,
                       _("%s is cut short: the image data stops before the end of the file's "
                         "format. Export the cover again."), path);
          ok = FALSE;
        }
      else if (ok && g_str_equal (format, "png") && !png_chunks_fit (f, st.st_size))
        ok = damaged (error, path, _("a part of it says it is longer than the file"));
    }

  fclose (f);
  return ok ? g_steal_pointer (&r) : NULL;
}

/**
 * tm_artwork_thumbnail:
 *
 * A thumbnail at most @size pixels wide and high, decoded only after the header
 * showed that the image is of a size that is safe to decode.
 */
GdkPixbuf *
tm_artwork_thumbnail (const char  *path,
                      int          size,
                      GError     **error)
{
  g_autoptr(TmImageReport) report = tm_artwork_inspect (path, TM_ARTWORK_MAX_PIXELS, error);

  if (report == NULL)
    return NULL;

  return tm_artwork_decode (path, size, error);
}

/**
 * tm_artwork_decode:
 * @size: at most this many pixels wide and high, or 0 for the picture's own size
 *
 * Decodes a picture whose header was checked. GdkPixbuf can give a picture it
 * decoded in part *and* an error (a GIF with bytes after its end, a JPEG cut
 * short): that is a damaged picture here, never half of one.
 */
GdkPixbuf *
tm_artwork_decode (const char  *path,
                   int          size,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint8 head[16];
  gsize length;
  const char *format;
  FILE *f;

  /* Only what stores take is decoded: GdkPixbuf's other loaders (GIF, BMP,
   * TIFF...) are more to trust with hostile bytes for nothing a cover needs. */
  if (!(f = tm_fopen_regular (path, TM_OPEN_FOLLOW, NULL, error)))
    return NULL;
  length = fread (head, 1, sizeof head, f);
  fclose (f);
  format = tm_sniff_image_format (head, length);
  if (g_strcmp0 (format, "jpeg") != 0 && g_strcmp0 (format, "png") != 0)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED,
                   _("%s is not a JPEG or PNG picture; export the cover as one of those, as "
                     "stores ask."), path);
      return NULL;
    }

  pixbuf = size > 0 ? gdk_pixbuf_new_from_file_at_scale (path, size, size, TRUE, &local_error)
                    : gdk_pixbuf_new_from_file (path, &local_error);
  if (local_error != NULL || pixbuf == NULL)
    {
      g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_CORRUPT,
                   _("%s is a damaged image: %s. Export the cover again."), path,
                   local_error != NULL ? local_error->message : _("it could not be decoded"));
      return NULL;
    }
  return g_steal_pointer (&pixbuf);
}
