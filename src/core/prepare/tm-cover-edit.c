/* tm-cover-edit.c: a cover made square, sized and sRGB, written beside the original
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Stores want a square cover, 3000 pixels a side or close, 8-bit sRGB without a
 * profile to interpret ("colour profiles applied directly"), no transparency, and
 * never blown up from a smaller picture (they reject blurry art). This makes such
 * a file from the artist's picture:
 *
 *  - the header is read first (tm_artwork_inspect), so nothing larger than
 *    TM_ARTWORK_MAX_PIXELS is ever decoded;
 *  - EXIF orientation is applied, so the square is chosen on the upright picture;
 *  - colours go through Little CMS from the embedded ICC profile to sRGB. CMYK
 *    JPEGs are decoded by libjpeg as CMYK (GdkPixbuf would turn them into RGB
 *    without their profile), Adobe's inverted CMYK included; a CMYK picture
 *    without a profile is converted by the plain formula, and the result says so;
 *  - 16-bit PNGs are read as 8-bit by GdkPixbuf; transparency is laid on white;
 *  - a smaller size is made by GdkPixbuf's bilinear filter, which averages the
 *    area each new pixel covers when it reduces;
 *  - the result is a baseline JPEG written next to the original under a new
 *    name (O_EXCL: nothing is ever overwritten), synced before it is named in
 *    the catalog. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <lcms2.h>

#include "tm-artwork-inspector.h"
#include "tm-cover-edit.h"
#include "tm-file-hash.h"
#include "tm-safe-file.h"

/* Larger than any cover file a store takes (10 MB at most), with room. */
#define MAX_FILE_BYTES (64 * 1024 * 1024)
#define MIN_OUTPUT_SIZE 500
#define MAX_OUTPUT_SIZE 10000

G_DEFINE_QUARK (tm-cover-edit-error-quark, tm_cover_edit_error)

void
tm_cover_result_free (TmCoverResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->conversion);
  g_free (result);
}

/**
 * tm_cover_edit_parse_crop:
 * @text: "center" (or "centre"), or "X,Y,SIZE"
 */
gboolean
tm_cover_edit_parse_crop (const char   *text,
                          TmCoverEdit  *edit,
                          GError      **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 values[3];

  if (g_strcmp0 (text, "center") == 0 || g_strcmp0 (text, "centre") == 0)
    {
      edit->crop = TM_COVER_CROP_CENTER;
      return TRUE;
    }

  parts = g_strsplit (text != NULL ? text : "", ",", -1);
  if (g_strv_length (parts) != 3)
    goto invalid;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, i < 2 ? 0 : 1,
                                     MAX_OUTPUT_SIZE * 10, &values[i], NULL))
      goto invalid;

  edit->crop = TM_COVER_CROP_SQUARE;
  edit->x = values[0];
  edit->y = values[1];
  edit->size = values[2];
  return TRUE;

invalid:
  g_set_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_INVALID,
               _("“%s” is not a square: give “center”, or X,Y,SIZE in pixels "
                 "(for example 0,250,3000)."), text != NULL ? text : "");
  return FALSE;
}

/* Decoding a CMYK JPEG with libjpeg */

typedef struct
{
  struct jpeg_error_mgr error;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  JpegError *e = (JpegError *) cinfo->err;

  e->error.format_message (cinfo, e->message);
  longjmp (e->jump, 1);
}

static void
jpeg_quiet (j_common_ptr cinfo,
            int          level)
{
}

/* The ICC profile from the APP2 markers, in their sequence order, or NULL. */
static GBytes *
jpeg_icc_profile (struct jpeg_decompress_struct *cinfo)
{
  static const char tag[] = "ICC_PROFILE";
  jpeg_saved_marker_ptr chunks[256] = { NULL };
  guint count = 0;
  GByteArray *profile;

  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next)
    {
      guint seq;

      if (m->marker != JPEG_APP0 + 2 || m->data_length < sizeof tag + 2
          || memcmp (m->data, tag, sizeof tag) != 0)
        continue;
      seq = m->data[sizeof tag];
      if (seq == 0 || chunks[seq] != NULL)
        return NULL;
      chunks[seq] = m;
      count = MAX (count, m->data[sizeof tag + 1]);
    }

  if (count == 0)
    return NULL;
  profile = g_byte_array_new ();
  for (guint seq = 1; seq <= count; seq++)
    {
      if (chunks[seq] == NULL)
        {
          g_byte_array_unref (profile);
          return NULL;
        }
      g_byte_array_append (profile, chunks[seq]->data + sizeof tag + 2,
                           chunks[seq]->data_length - sizeof tag - 2);
    }
  return g_byte_array_free_to_bytes (profile);
}

typedef struct
{
  struct jpeg_decompress_struct cinfo;
  JpegError                     error;
  guint8                       *cmyk;
  GBytes                       *icc;
} CmykDecoder;

static void
cmyk_decoder_clear (CmykDecoder *d)
{
  jpeg_destroy_decompress (&d->cinfo);
  g_free (d->cmyk);
  g_clear_pointer (&d->icc, g_bytes_unref);
}

/* CMYK to sRGB through @icc, or by the plain formula without one. */
static GdkPixbuf *
cmyk_to_srgb (const guint8  *cmyk,
              guint          width,
              guint          height,
              gboolean       inverted,
              GBytes        *icc,
              char         **conversion)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  cmsHPROFILE in = NULL;
  cmsHTRANSFORM transform = NULL;

  if (icc != NULL)
    in = cmsOpenProfileFromMem (g_bytes_get_data (icc, NULL), g_bytes_get_size (icc));
  if (in != NULL && cmsGetColorSpace (in) == cmsSigCmykData)
    {
      cmsHPROFILE srgb = cmsCreate_sRGBProfile ();

      /* Adobe's CMYK JPEGs store 255 for no ink. */
      transform = cmsCreateTransform (in, inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8, srgb,
                                      TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
      cmsCloseProfile (srgb);
    }

  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = cmyk + (gsize) y * width * 4;
      guint8 *dst = pixels + (gsize) y * stride;

      if (transform != NULL)
        {
          cmsDoTransform (transform, src, dst, width);
          continue;
        }
      for (guint x = 0; x < width; x++)
        {
          guint c = src[4 * x], m = src[4 * x + 1], yy = src[4 * x + 2], k = src[4 * x + 3];

          if (!inverted)
            {
              c = 255 - c;
              m = 255 - m;
              yy = 255 - yy;
              k = 255 - k;
            }
          dst[3 * x] = (c * k + 127) / 255;
          dst[3 * x + 1] = (m * k + 127) / 255;
          dst[3 * x + 2] = (yy * k + 127) / 255;
        }
    }

  *conversion = transform != NULL
                ? g_strdup (_("CMYK converted to sRGB with the picture’s own colour profile"))
                : g_strdup (_("CMYK converted to sRGB by the plain formula: the picture has no "
                              "colour profile, so check the colours"));
  if (transform != NULL)
    cmsDeleteTransform (transform);
  if (in != NULL)
    cmsCloseProfile (in);
  return pixbuf;
}

static GdkPixbuf *
decode_cmyk_jpeg (const char  *path,
                  guint64      max_pixels,
                  char       **conversion,
                  GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  CmykDecoder *d;
  GdkPixbuf *pixbuf = NULL;

  if (!(data = tm_read_file_bounded (path, MAX_FILE_BYTES, TM_OPEN_FOLLOW, &length, error)))
    return NULL;

  d = g_new0 (CmykDecoder, 1);
  d->cinfo.err = jpeg_std_error (&d->error.error);
  d->error.error.error_exit = jpeg_error_exit;
  d->error.error.emit_message = jpeg_quiet;
  jpeg_create_decompress (&d->cinfo);

  if (setjmp (d->error.jump))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s could not be decoded: %s. Export the cover again."), path,
                   d->error.message);
      cmyk_decoder_clear (d);
      g_free (d);
      return NULL;
    }

  jpeg_mem_src (&d->cinfo, (const unsigned char *) data, length);
  jpeg_save_markers (&d->cinfo, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header (&d->cinfo, TRUE);
  d->cinfo.out_color_space = JCS_CMYK;
  jpeg_start_decompress (&d->cinfo);
  /* The header was read and its size allowed already; libjpeg's own reading
   * must agree, or nothing is decoded. */
  if ((guint64) d->cinfo.output_width * d->cinfo.output_height > max_pixels)
    {
      g_strlcpy (d->error.message, _("it has more pixels than its header said"),
                 sizeof d->error.message);
      longjmp (d->error.jump, 1);
    }
  if (d->cinfo.output_components != 4)
    {
      g_strlcpy (d->error.message, _("it does not decode to four CMYK channels"),
                 sizeof d->error.message);
      longjmp (d->error.jump, 1);
    }

  d->icc = jpeg_icc_profile (&d->cinfo);
  d->cmyk = g_malloc ((gsize) d->cinfo.output_width * d->cinfo.output_height * 4);
  while (d->cinfo.output_scanline < d->cinfo.output_height)
    {
      JSAMPROW row = d->cmyk + (gsize) d->cinfo.output_scanline * d->cinfo.output_width * 4;

      jpeg_read_scanlines (&d->cinfo, &row, 1);
    }
  jpeg_finish_decompress (&d->cinfo);

  pixbuf = cmyk_to_srgb (d->cmyk, d->cinfo.output_width, d->cinfo.output_height,
                         d->cinfo.saw_Adobe_marker, d->icc, conversion);
  cmyk_decoder_clear (d);
  g_free (d);
  return pixbuf;
}

/* RGB through its embedded profile, in place. */
static void
rgb_to_srgb (GdkPixbuf  *pixbuf,
             GBytes     *icc,
             char      **conversion)
{
  cmsHPROFILE in = cmsOpenProfileFromMem (g_bytes_get_data (icc, NULL), g_bytes_get_size (icc));
  cmsHPROFILE srgb;
  cmsHTRANSFORM transform;
  char description[256] = "";
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), width = gdk_pixbuf_get_width (pixbuf);
  g_autofree guint8 *row = g_malloc ((gsize) width * 3);

  if (in == NULL)
    return;
  if (cmsGetColorSpace (in) != cmsSigRgbData)
    {
      cmsCloseProfile (in);
      return;
    }

  cmsGetProfileInfoASCII (in, cmsInfoDescription, "en", "US", description, sizeof description);
  srgb = cmsCreate_sRGBProfile ();
  transform = cmsCreateTransform (in, TYPE_RGB_8, srgb, TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
  if (transform != NULL)
    {
      for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
        {
          memcpy (row, pixels + (gsize) y * stride, (gsize) width * 3);
          cmsDoTransform (transform, row, pixels + (gsize) y * stride, width);
        }
      cmsDeleteTransform (transform);
      if (strstr (description, "sRGB") == NULL)
        *conversion = g_strdup_printf (_("Converted to sRGB from its colour profile (%s)"),
                                       g_strstrip (description));
    }
  cmsCloseProfile (srgb);
  cmsCloseProfile (in);
}

/* Transparency laid on white: the result has no alpha. */
static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *dst = gdk_pixbuf_get_pixels (out);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf), dst_stride = gdk_pixbuf_get_rowstride (out);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *s = src + (gsize) y * src_stride + 4 * x;
        guint8 *d = dst + (gsize) y * dst_stride + 3 * x;

        for (int c = 0; c < 3; c++)
          d[c] = (s[c] * s[3] + 255 * (255 - s[3]) + 127) / 255;
      }
  return out;
}

/* The picture as it is meant to be seen (EXIF orientation 1-8). */
static GdkPixbuf *
upright (GdkPixbuf *pixbuf,
         guint      orientation)
{
  g_autoptr(GdkPixbuf) turned = NULL;

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/* Writes @bytes to a new file beside @original: "NAME-3000.jpg", or
 * "NAME-3000-2.jpg" and on when that exists. */
static char *
write_beside (const char  *original,
              guint        size,
              GBytes      *bytes,
              GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (original);
  g_autofree char *dir = g_canonicalize_filename (parent, NULL);
  g_autofree char *base = g_path_get_basename (original);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s-%u.jpg", base, size)
                                     : g_strdup_printf ("%s-%u-%u.jpg", base, size, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const guint8 *data = g_bytes_get_data (bytes, NULL);
      gsize left = g_bytes_get_size (bytes);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      int saved;

      if (fd < 0 && errno == EEXIST)
        continue;
      if (fd < 0)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The new cover could not be written beside %s: %s."), original,
                       g_strerror (saved));
          return NULL;
        }

      while (left > 0)
        {
          gssize written = write (fd, data, left);

          if (written < 0 && errno == EINTR)
            continue;
          if (written <= 0)
            break;
          data += written;
          left -= written;
        }
      saved = left > 0 ? (errno != 0 ? errno : EIO) : fsync (fd) != 0 ? errno : 0;
      close (fd);
      if (saved != 0)
        {
          g_unlink (path);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The new cover could not be written to %s: %s."), path,
                       g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&path);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("There are already 999 edited copies of %s; remove some."), original);
  return NULL;
}

/**
 * tm_cover_edit_sync:
 *
 * Returns: (transfer full): the new file and what was done, or %NULL with
 *   @error naming the file and what to do.
 */
TmCoverResult *
tm_cover_edit_sync (const char         *path,
                    const TmCoverEdit  *edit,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(TmImageReport) report = NULL;
  g_autoptr(TmCoverResult) result = g_new0 (TmCoverResult, 1);
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) straight = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  g_autoptr(GdkPixbuf) sized = NULL;
  g_autoptr(GBytes) icc = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *conversion = NULL;
  g_autofree char *quality = NULL;
  g_autofree gchar *buffer = NULL;
  gsize buffer_size = 0;
  guint width, height, side, x, y, output;

  g_return_val_if_fail (path != NULL && edit != NULL, NULL);

  if (edit->quality > 100 || (edit->output_size != 0 && (edit->output_size < MIN_OUTPUT_SIZE
                                                         || edit->output_size > MAX_OUTPUT_SIZE)))
    {
      g_set_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_INVALID,
                   _("The size must be between %u and %u pixels, and the quality between 1 "
                     "and 100."), MIN_OUTPUT_SIZE, MAX_OUTPUT_SIZE);
      return NULL;
    }

  /* The header first: a picture too large to decode safely is refused unread. */
  if (!(report = tm_artwork_inspect (path, edit->max_pixels != 0 ? edit->max_pixels
                                                               : TM_ARTWORK_MAX_PIXELS, error)))
    return NULL;

  if (g_strcmp0 (report->format, "jpeg") == 0 && g_strcmp0 (report->color_model, "cmyk") == 0)
    decoded = decode_cmyk_jpeg (path, edit->max_pixels != 0 ? edit->max_pixels
                                                            : TM_ARTWORK_MAX_PIXELS,
                                &conversion, error);
  else
    {
      const char *icc_base64;

      if (!(decoded = tm_artwork_decode (path, 0, error)))
        return NULL;
      if ((icc_base64 = gdk_pixbuf_get_option (decoded, "icc-profile")) != NULL)
        {
          gsize icc_length = 0;
          guchar *icc_data = g_base64_decode (icc_base64, &icc_length);

          icc = g_bytes_new_take (icc_data, icc_length);
        }
    }
  if (decoded == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (gdk_pixbuf_get_has_alpha (decoded))
    {
      GdkPixbuf *flat = flatten (decoded);

      g_object_unref (decoded);
      decoded = flat;
      result->flattened = TRUE;
    }
  if (icc != NULL)
    rgb_to_srgb (decoded, icc, &conversion);

  straight = upright (decoded, report->exif_orientation);
  width = gdk_pixbuf_get_width (straight);
  height = gdk_pixbuf_get_height (straight);

  switch (edit->crop)
    {
    case TM_COVER_CROP_NONE:
      if (width != height)
        {
          g_set_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_NOT_SQUARE,
                       _("%s is %u × %u, not square: choose the square to keep (the centre, "
                         "or where it lies)."), path, width, height);
          return NULL;
        }
      x = y = 0;
      side = width;
      break;

    case TM_COVER_CROP_CENTER:
      side = MIN (width, height);
      x = (width - side) / 2;
      y = (height - side) / 2;
      break;

    case TM_COVER_CROP_SQUARE:
    default:
      x = edit->x;
      y = edit->y;
      side = edit->size;
      if (side == 0 || x >= width || y >= height || side > width - x || side > height - y)
        {
          g_set_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_OUTSIDE,
                       _("The square at %u,%u of %u pixels does not lie inside %s, which is "
                         "%u × %u."), edit->x, edit->y, edit->size, path, width, height);
          return NULL;
        }
      break;
    }

  output = edit->output_size != 0 ? edit->output_size : MIN (side, TM_COVER_DEFAULT_SIZE);
  if (output > side)
    {
      g_set_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_UPSCALE,
                   _("The square is %u pixels a side; making it %u would blow it up, and "
                     "stores reject blurry covers. Use a larger original, or keep %u."),
                   side, output, side);
      return NULL;
    }

  square = gdk_pixbuf_new_subpixbuf (straight, x, y, side, side);
  sized = output == side ? g_object_ref (square)
                         : gdk_pixbuf_scale_simple (square, output, output, GDK_INTERP_BILINEAR);
  if (sized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough memory to resize %s."), path);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  quality = g_strdup_printf ("%u", edit->quality != 0 ? edit->quality : TM_COVER_DEFAULT_QUALITY);
  if (!gdk_pixbuf_save_to_buffer (sized, &buffer, &buffer_size, "jpeg", error,
                                  "quality", quality, NULL))
    return NULL;
  jpeg = g_bytes_new_take (g_steal_pointer (&buffer), buffer_size);

  if (!(result->path = write_beside (path, output, jpeg, error)))
    return NULL;
  result->source_width = width;
  result->source_height = height;
  result->size = output;
  result->converted = conversion != NULL;
  result->conversion = g_steal_pointer (&conversion);
  return g_steal_pointer (&result);
}

typedef struct
{
  char        *path;
  TmCoverEdit  edit;
} EditData;

static void
edit_data_free (EditData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
edit_worker (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EditData *data = task_data;
  GError *error = NULL;
  TmCoverResult *result = tm_cover_edit_sync (data->path, &data->edit, cancellable, &error);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) tm_cover_result_free);
  else
    g_task_return_error (task, error);
}

void
tm_cover_edit_async (const char          *path,
                     const TmCoverEdit   *edit,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  EditData *data = g_new0 (EditData, 1);

  data->path = g_strdup (path);
  data->edit = *edit;
  g_task_set_source_tag (task, tm_cover_edit_async);
  g_task_set_task_data (task, data, (GDestroyNotify) edit_data_free);
  g_task_run_in_thread (task, edit_worker);
}

TmCoverResult *
tm_cover_edit_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tm_cover_set_sync:
 * @previous: (out) (optional) (nullable): the cover it replaces, for undo
 * @image: (out) (optional): what the picture's header said, read once here
 *
 * Makes @image_path the release's cover, once its header shows a picture that
 * can be read: its size, time and SHA-256 are recorded, so a later change to the
 * file is seen.
 *
 * Returns: (transfer full): the new cover's record
 */
TmArtwork *
tm_cover_set_sync (TmCatalog      *catalog,
                   gint64          release_id,
                   const char     *image_path,
                   TmArtwork     **previous,
                   TmImageReport **image,
                   GCancellable   *cancellable,
                   GError       **error)
{
  g_autoptr(TmImageReport) report = NULL;
  g_autoptr(TmFileHash) hash = NULL;
  g_autoptr(TmArtwork) artwork = tm_artwork_new ();
  g_autoptr(TmArtwork) old = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(report = tm_artwork_inspect (image_path, TM_ARTWORK_MAX_PIXELS, error)))
    return NULL;
  if (!(hash = tm_file_hash_sync_full (image_path, TM_OPEN_FOLLOW, cancellable, error)))
    return NULL;

  old = tm_catalog_get_artwork (catalog, release_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  tm_artwork_set_path (artwork, hash->path);
  tm_artwork_set_format (artwork, report->format);
  tm_artwork_set_width (artwork, report->width);
  tm_artwork_set_height (artwork, report->height);
  tm_artwork_set_size (artwork, hash->size);
  tm_artwork_set_mtime (artwork, hash->mtime_usec);
  tm_artwork_set_sha256 (artwork, hash->sha256);
  if (!tm_catalog_set_artwork (catalog, release_id, artwork, error))
    return NULL;

  if (previous != NULL)
    *previous = g_steal_pointer (&old);
  if (image != NULL)
    *image = g_steal_pointer (&report);
  return g_steal_pointer (&artwork);
}

/**
 * tm_cover_restore:
 * @previous: (nullable): the cover to put back, or %NULL for none
 *
 * Undoes tm_cover_set_sync().
 */
gboolean
tm_cover_restore (TmCatalog  *catalog,
                  gint64      release_id,
                  TmArtwork  *previous,
                  GError    **error)
{
  g_autoptr(TmArtwork) artwork = NULL;

  if (previous == NULL)
    return tm_catalog_remove_artwork (catalog, release_id, error);

  artwork = tm_artwork_new ();
  tm_record_assign (TM_RECORD (artwork), TM_RECORD (previous));
  tm_record_set_id (TM_RECORD (artwork), 0);
  return tm_catalog_set_artwork (catalog, release_id, artwork, error);
}
