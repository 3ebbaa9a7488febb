/* test-cover.c: the crop and resize tool, checked pixel by pixel
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <lcms2.h>

#include "tm-artwork-inspector.h"
#include "tm-cover-cache.h"
#include "tm-cover-edit.h"
#include "tm-file-hash.h"
#include "tm-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = tm_test_make_tmp_dir ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A picture of @width × @height painted by @paint (x, y) → 0xRRGGBB. */
static GdkPixbuf *
painted (int      width,
         int      height,
         gboolean alpha,
         guint32 (*paint) (int x, int y, int width, int height))
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), channels = alpha ? 4 : 3;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 rgb = paint (x, y, width, height);
        guint8 *p = pixels + (gsize) y * stride + x * channels;

        p[0] = rgb >> 16;
        p[1] = (rgb >> 8) & 0xff;
        p[2] = rgb & 0xff;
        if (alpha)
          p[3] = (rgb >> 24) != 0 ? 0 : 255;   /* the top byte asks for transparency */
      }
  return pixbuf;
}

/* Black bands at the sides of a white middle: the centre square is white. */
static guint32
bands (int x, int y, int width, int height)
{
  int margin = (width - height) / 2;

  return x < margin || x >= width - margin ? 0x000000 : 0xffffff;
}

/* Four quadrants of four colours. */
static guint32
quadrants (int x, int y, int width, int height)
{
  gboolean right = x >= width / 2, bottom = y >= height / 2;

  return bottom ? (right ? 0x0000ff : 0xffff00) : (right ? 0x00ff00 : 0xff0000);
}

static guint32
grey (int x, int y, int width, int height)
{
  return 0x808080;
}

static guint32
brown (int x, int y, int width, int height)
{
  return 0x804020;
}

/* Transparent in the left half. */
static guint32
half_clear (int x, int y, int width, int height)
{
  return x < width / 2 ? 0xff000000 : 0x2040c0;
}

static void
save (GdkPixbuf  *pixbuf,
      const char *path,
      const char *type)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
}

/* Every pixel of @pixbuf (or of its @x0,@y0,@w,@h part) within @tolerance of @rgb:
 * JPEG moves colours a little, and most at the edges of blocks. */
static void
assert_all (GdkPixbuf *pixbuf,
            int        x0,
            int        y0,
            int        w,
            int        h,
            guint32    rgb,
            int        tolerance)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), channels = gdk_pixbuf_get_n_channels (pixbuf);
  int want[3] = { rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff };

  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      for (int c = 0; c < 3; c++)
        {
          int got = pixels[(gsize) y * stride + x * channels + c];

          if (ABS (got - want[c]) > tolerance)
            g_error ("pixel %d,%d channel %d is %d, not %d (±%d)", x, y, c, got, want[c],
                     tolerance);
        }
}

/* What a store needs of the file: a square baseline JPEG, 8-bit RGB, no alpha. */
static GdkPixbuf *
load_result (const TmCoverResult *result,
             guint                size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmImageReport) report = tm_artwork_inspect (result->path, TM_ARTWORK_MAX_PIXELS,
                                                        &error);
  GdkPixbuf *pixbuf;

  g_assert_no_error (error);
  g_assert_cmpstr (report->format, ==, "jpeg");
  g_assert_cmpstr (report->color_model, ==, "rgb");
  g_assert_false (report->icc_profile);
  g_assert_false (report->progressive);
  g_assert_cmpuint (report->exif_orientation, ==, 0);
  g_assert_cmpuint (report->width, ==, size);
  g_assert_cmpuint (report->height, ==, size);

  pixbuf = gdk_pixbuf_new_from_file (result->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_bits_per_sample (pixbuf), ==, 8);
  g_assert_false (gdk_pixbuf_get_has_alpha (pixbuf));
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, size);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, size);
  return pixbuf;
}

static char *
sha256_of (const char *path)
{
  g_autoptr(TmFileHash) hash = tm_file_hash_sync (path, NULL, NULL);

  g_assert_nonnull (hash);
  return g_strdup (hash->sha256);
}

static void
test_centre (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *wide = path_in (f, "Cover Art.png");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GdkPixbuf) source = painted (4000, 3000, FALSE, bands);
  g_autoptr(TmCoverResult) result = NULL;
  g_autoptr(TmCoverResult) again = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { TM_COVER_CROP_CENTER };

  save (source, wide, "png");
  before = sha256_of (wide);

  result = tm_cover_edit_sync (wide, &edit, NULL, &error);
  g_assert_no_error (error);
  /* Beside the original, under a name of its own; the original is untouched. */
  g_assert_true (g_str_has_prefix (result->path, f->dir));
  g_assert_true (g_str_has_suffix (result->path, "/Cover Art-3000.jpg"));
  after = sha256_of (wide);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (result->source_width, ==, 4000);
  g_assert_cmpuint (result->source_height, ==, 3000);
  g_assert_false (result->converted);
  g_assert_false (result->flattened);

  /* The middle square is all white: none of the black bands came in. */
  out = load_result (result, 3000);
  assert_all (out, 0, 0, 3000, 3000, 0xffffff, 3);

  /* Done again, it never overwrites the first. */
  again = tm_cover_edit_sync (wide, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (again->path, "/Cover Art-3000-2.jpg"));
  g_assert_true (g_file_test (result->path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (again->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_square_and_size (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = path_in (f, "quads.png");
  g_autoptr(GdkPixbuf) source = painted (2000, 2000, FALSE, quadrants);
  g_autoptr(TmCoverResult) result = NULL;
  g_autoptr(TmCoverResult) whole = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  g_autoptr(GdkPixbuf) halved = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { 0 };

  save (source, path, "png");

  /* The top-right quadrant, kept at its size: all green. */
  g_assert_true (tm_cover_edit_parse_crop ("1000,0,1000", &edit, &error));
  edit.output_size = 1000;
  result = tm_cover_edit_sync (path, &edit, NULL, &error);
  g_assert_no_error (error);
  out = load_result (result, 1000);
  assert_all (out, 0, 0, 1000, 1000, 0x00ff00, 4);

  /* The whole square made smaller: each quadrant where it was, at half the size
   * (away from the seams, where the filter mixes them). */
  memset (&edit, 0, sizeof edit);
  edit.output_size = 1000;
  edit.quality = 95;
  whole = tm_cover_edit_sync (path, &edit, NULL, &error);
  g_assert_no_error (error);
  halved = load_result (whole, 1000);
  assert_all (halved, 0, 0, 490, 490, 0xff0000, 6);
  assert_all (halved, 510, 0, 490, 490, 0x00ff00, 6);
  assert_all (halved, 0, 510, 490, 490, 0xffff00, 6);
  assert_all (halved, 510, 510, 490, 490, 0x0000ff, 6);

  /* A square is given as X,Y,SIZE or "center", nothing else. */
  g_clear_error (&error);
  g_assert_false (tm_cover_edit_parse_crop ("10,10", &edit, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tm_cover_edit_parse_crop ("-1,0,100", &edit, &error));
  g_clear_error (&error);
  g_assert_false (tm_cover_edit_parse_crop ("0,0,0", &edit, &error));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *small = path_in (f, "small.png");
  g_autofree char *wide = path_in (f, "wide.png");
  g_autofree char *fifo = path_in (f, "cover.jpg");
  g_autoptr(GdkPixbuf) tiny = painted (1400, 1400, FALSE, grey);
  g_autoptr(GdkPixbuf) oblong = painted (1600, 1200, FALSE, grey);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  TmCoverEdit edit = { 0 };
  guint files = 0;

  save (tiny, small, "png");
  save (oblong, wide, "png");

  /* Never blown up: the reason says why. */
  edit.output_size = 3000;
  g_assert_null (tm_cover_edit_sync (small, &edit, NULL, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_UPSCALE);
  g_assert_nonnull (strstr (error->message, "1400"));
  g_assert_nonnull (strstr (error->message, "blurry"));
  g_clear_error (&error);

  /* Not square, and no square chosen. */
  memset (&edit, 0, sizeof edit);
  g_assert_null (tm_cover_edit_sync (wide, &edit, NULL, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_NOT_SQUARE);
  g_assert_nonnull (strstr (error->message, wide));
  g_clear_error (&error);

  /* A square that does not lie inside, even by one pixel. */
  g_assert_true (tm_cover_edit_parse_crop ("401,0,1200", &edit, NULL));
  g_assert_null (tm_cover_edit_sync (wide, &edit, NULL, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_OUTSIDE);
  g_clear_error (&error);
  g_assert_true (tm_cover_edit_parse_crop ("4294967295,0,1200", &edit, NULL) == FALSE);
  g_clear_error (&error);

  /* Sizes and qualities out of range. */
  memset (&edit, 0, sizeof edit);
  edit.quality = 101;
  g_assert_null (tm_cover_edit_sync (small, &edit, NULL, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_INVALID);
  g_clear_error (&error);

  /* A FIFO named like a cover is refused, not waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  memset (&edit, 0, sizeof edit);
  g_assert_null (tm_cover_edit_sync (fifo, &edit, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A picture GdkPixbuf decodes only in part (a GIF with bytes after its end, as
   * fuzz-cover found) is damaged, not half a cover. */
  {
    static const guint8 gif[] = {
      'G', 'I', 'F', '8', '9', 'a', 0x02, 0x00, 0x02, 0x00, 0xf0, 0x00, 0x00, 0xff, 0x40, 0x00,
      0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00,
      0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x02, 0x02, 0x84, 0x51, 'G', 'I', 'F', 0x00, 0x38,
      0x3b, 0x39, 0x00, 0x02, 0x00, 0x02, 0x00, 0x84, 0x51, 0x00, 0x1a, 0x00, 0x00, 0x00, 0x18,
    };
    g_autofree char *broken = path_in (f, "broken.gif");

    g_assert_true (g_file_set_contents (broken, (const char *) gif, sizeof gif, NULL));
    memset (&edit, 0, sizeof edit);
    edit.crop = TM_COVER_CROP_CENTER;
    /* Not even decoded: covers are JPEG or PNG, and other loaders are refused. */
    g_assert_null (tm_cover_edit_sync (broken, &edit, NULL, &error));
    g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "broken.gif"));
    g_clear_error (&error);
    g_assert_null (tm_artwork_thumbnail (broken, 32, &error));
    g_assert_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_UNSUPPORTED);
    g_clear_error (&error);
  }
  /* A JPEG cut short in its picture data: decoded in part by GdkPixbuf, refused
   * here as damaged. */
  {
    g_autofree char *whole = path_in (f, "whole.jpg");
    g_autofree char *cut = path_in (f, "cut.jpg");
    g_autoptr(GdkPixbuf) noise = painted (700, 700, FALSE, quadrants);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(TmCoverResult) partial = NULL;

    g_assert_true (gdk_pixbuf_save (noise, whole, "jpeg", NULL, "quality", "95", NULL));
    bytes = tm_test_read_bytes (whole);
    g_assert_true (g_file_set_contents (cut, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes) / 2, NULL));
    g_unlink (whole);
    memset (&edit, 0, sizeof edit);
    partial = tm_cover_edit_sync (cut, &edit, NULL, &error);
    g_assert_null (partial);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "cut.jpg"));
    g_clear_error (&error);
  }

  /* None of them wrote anything. */
  listing = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 5);
}

static void
test_colours (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *clear = path_in (f, "clear.png");
  g_autofree char *deep = path_in (f, "deep.png");
  g_autofree char *linear = path_in (f, "linear.png");
  g_autofree char *command = NULL;
  g_autoptr(GdkPixbuf) transparent = painted (800, 800, TRUE, half_clear);
  g_autoptr(GdkPixbuf) flat = painted (800, 800, FALSE, brown);
  g_autoptr(TmCoverResult) result = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { 0 };

  /* Transparency is laid on white. */
  save (transparent, clear, "png");
  result = tm_cover_edit_sync (clear, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->flattened);
  out = load_result (result, 800);
  assert_all (out, 0, 0, 390, 800, 0xffffff, 3);
  assert_all (out, 410, 0, 390, 800, 0x2040c0, 6);
  g_clear_pointer (&result, tm_cover_result_free);
  g_clear_object (&out);

  /* 16 bits a channel come out as 8. */
  command = g_strdup_printf ("convert -size 700x700 xc:'rgb(10%%,50%%,90%%)' -depth 16 '%s'", deep);
  tm_test_run_shell (command);
  result = tm_cover_edit_sync (deep, &edit, NULL, &error);
  g_assert_no_error (error);
  out = load_result (result, 700);
  assert_all (out, 0, 0, 700, 700, 0x1a80e6, 3);
  g_clear_pointer (&result, tm_cover_result_free);
  g_clear_object (&out);

  /* An embedded profile is honoured: in a linear-light RGB profile, 128, 64 and 32
   * are sRGB 188, 137 and 99. */
  {
    cmsCIExyY white = { 0.3127, 0.3290, 1.0 };
    cmsCIExyYTRIPLE primaries = { { 0.64, 0.33, 1.0 }, { 0.30, 0.60, 1.0 }, { 0.15, 0.06, 1.0 } };
    cmsToneCurve *gamma = cmsBuildGamma (NULL, 1.0);
    cmsToneCurve *curves[3] = { gamma, gamma, gamma };
    cmsHPROFILE profile = cmsCreateRGBProfile (&white, &primaries, curves);
    g_autofree char *icc = path_in (f, "linear.icc");
    g_autofree char *plain = path_in (f, "plain.png");
    g_autofree char *assign = NULL;

    /* GdkPixbuf's PNG writer sets the profile before the colour type, and libpng
     * then refuses an RGB profile: ImageMagick attaches it instead. */
    cmsSetProfileVersion (profile, 2.1);
    g_assert_true (cmsSaveProfileToFile (profile, icc));
    cmsCloseProfile (profile);
    cmsFreeToneCurve (gamma);
    save (flat, plain, "png");
    assign = g_strdup_printf ("convert '%s' -profile '%s' '%s'", plain, icc, linear);
    tm_test_run_shell (assign);
  }
  result = tm_cover_edit_sync (linear, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->converted);
  out = load_result (result, 800);
  assert_all (out, 0, 0, 800, 800, 0xbc8963, 4);
}

static void
test_cmyk (Fixture       *f,
           gconstpointer  data)
{
  static const char profile[] = "/usr/share/color/icc/ghostscript/default_cmyk.icc";
  g_autofree char *plain = path_in (f, "plain.jpg");
  g_autofree char *profiled = path_in (f, "profiled.jpg");
  g_autofree char *command = NULL;
  g_autoptr(TmCoverResult) result = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { 0 };
  const guint8 *p;

  /* No profile: the plain formula, and the result says to check the colours.
   * 100% magenta and yellow is red. */
  command = g_strdup_printf ("convert -size 600x600 xc:'cmyk(0,255,255,0)' -colorspace CMYK '%s'",
                             plain);
  tm_test_run_shell (command);
  result = tm_cover_edit_sync (plain, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->converted);
  g_assert_nonnull (strstr (result->conversion, "no colour profile"));
  out = load_result (result, 600);
  assert_all (out, 0, 0, 600, 600, 0xff0000, 3);
  g_clear_pointer (&result, tm_cover_result_free);
  g_clear_object (&out);

  if (!g_file_test (profile, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No CMYK profile to embed (libgs-common has one)");
      return;
    }

  /* With its SWOP profile, the same inks are a printed red, not screen red. */
  g_free (command);
  command = g_strdup_printf ("convert -size 600x600 xc:'cmyk(0,255,255,0)' -colorspace CMYK "
                             "-profile %s '%s'", profile, profiled);
  tm_test_run_shell (command);
  result = tm_cover_edit_sync (profiled, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->conversion, "own colour profile"));
  out = load_result (result, 600);
  p = gdk_pixbuf_read_pixels (out) + 300 * gdk_pixbuf_get_rowstride (out) + 300 * 3;
  g_test_message ("SWOP red: %u %u %u", p[0], p[1], p[2]);
  g_assert_cmpuint (p[0], >, 200);
  g_assert_cmpuint (p[0], <, 250);
  g_assert_cmpuint (p[1], >, 10);
  g_assert_cmpuint (p[1], <, 90);
  g_assert_cmpuint (p[2], >, 10);
  g_assert_cmpuint (p[2], <, 90);
}

static void
test_orientation (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *turned = path_in (f, "turned.jpg");
  g_autofree char *command = NULL;
  g_autoptr(TmCoverResult) result = NULL;
  g_autoptr(GdkPixbuf) out = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { 0 };

  /* Stored 800 × 600, red on the left, with EXIF orientation 6: upright it is
   * 600 × 800 with red at the top. */
  command = g_strdup_printf ("convert -size 400x600 xc:red -size 400x600 xc:blue +append "
                             "-quality 95 '%s'", turned);
  tm_test_run_shell (command);
  {
    /* An EXIF block with one tag, Orientation = 6, after the JPEG's SOI. */
    static const guint8 exif[] = {
      0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
      'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
      0x01, 0x00,
      0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00,
    };
    g_autoptr(GBytes) jpeg = tm_test_read_bytes (turned);
    g_autoptr(GByteArray) tagged = g_byte_array_new ();

    g_byte_array_append (tagged, g_bytes_get_data (jpeg, NULL), 2);
    g_byte_array_append (tagged, exif, sizeof exif);
    g_byte_array_append (tagged, (const guint8 *) g_bytes_get_data (jpeg, NULL) + 2,
                         g_bytes_get_size (jpeg) - 2);
    g_assert_true (g_file_set_contents (turned, (const char *) tagged->data, tagged->len, NULL));
  }

  g_assert_true (tm_cover_edit_parse_crop ("0,0,600", &edit, NULL));
  result = tm_cover_edit_sync (turned, &edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->source_width, ==, 600);
  g_assert_cmpuint (result->source_height, ==, 800);
  out = load_result (result, 600);
  assert_all (out, 0, 0, 600, 390, 0xff0000, 8);
  assert_all (out, 0, 410, 600, 190, 0x0000ff, 8);

  /* A square beyond the upright picture's width is outside. */
  g_clear_error (&error);
  g_assert_true (tm_cover_edit_parse_crop ("200,0,600", &edit, NULL));
  g_assert_null (tm_cover_edit_sync (turned, &edit, NULL, &error));
  g_assert_error (error, TM_COVER_EDIT_ERROR, TM_COVER_EDIT_ERROR_OUTSIDE);
}

static void
test_set_and_undo (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *catalog_path = path_in (f, "catalog.db");
  g_autofree char *first = path_in (f, "first.png");
  g_autofree char *second = path_in (f, "second.png");
  g_autofree char *broken = path_in (f, "broken.png");
  g_autoptr(GdkPixbuf) picture = painted (700, 700, FALSE, grey);
  g_autoptr(TmCatalog) catalog = tm_catalog_open (catalog_path, NULL);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmArtwork) set = NULL;
  g_autoptr(TmArtwork) previous = NULL;
  g_autoptr(TmArtwork) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  save (picture, first, "png");
  save (picture, second, "png");
  g_assert_true (g_file_set_contents (broken, "\x89PNG\r\n\x1a\n not really", -1, NULL));
  tm_release_set_title (release, "Claims");
  g_assert_true (tm_catalog_add_release (catalog, release, &error));
  id = tm_record_get_id (TM_RECORD (release));

  /* The first cover replaces none. */
  set = tm_cover_set_sync (catalog, id, first, &previous, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (previous);
  g_assert_cmpint (tm_artwork_get_width (set), ==, 700);
  g_assert_nonnull (tm_artwork_get_sha256 (set));
  g_clear_object (&set);

  set = tm_cover_set_sync (catalog, id, second, &previous, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_artwork_get_path (previous), ==, first);
  now = tm_catalog_get_artwork (catalog, id, NULL);
  g_assert_cmpstr (tm_artwork_get_path (now), ==, second);
  g_clear_object (&now);

  /* A damaged picture is refused, and the cover stays. */
  g_assert_null (tm_cover_set_sync (catalog, id, broken, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  now = tm_catalog_get_artwork (catalog, id, NULL);
  g_assert_cmpstr (tm_artwork_get_path (now), ==, second);
  g_clear_object (&now);

  /* Undo puts the first back; undoing that leaves none. */
  g_assert_true (tm_cover_restore (catalog, id, previous, &error));
  now = tm_catalog_get_artwork (catalog, id, NULL);
  g_assert_cmpstr (tm_artwork_get_path (now), ==, first);
  g_clear_object (&now);
  g_assert_true (tm_cover_restore (catalog, id, NULL, &error));
  g_assert_null (tm_catalog_get_artwork (catalog, id, NULL));
}

static void
set_age (const char *path,
         gint64      seconds)
{
  struct utimbuf times;

  times.actime = times.modtime = time (NULL) - seconds;
  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* Thumbnails: made once under the picture's hash, read from the cache after,
 * and pruned when unused for two months (what a cut write left, after an
 * hour); nothing else in the folder is touched. */
static void
test_thumbnail_cache (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *picture = path_in (f, "cover.png");
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "tunemantra", "covers",
                                             NULL);
  g_autoptr(GdkPixbuf) source = painted (900, 900, FALSE, quadrants);
  g_autoptr(GdkPixbuf) made = NULL;
  g_autoptr(GdkPixbuf) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *old = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *other = NULL;

  save (source, picture, "png");
  sha = sha256_of (picture);
  cached = tm_cover_cache_path (sha, 48);
  g_assert_true (g_str_has_prefix (cached, cache));
  g_assert_null (tm_cover_cache_path ("not a hash", 48));

  made = tm_cover_thumbnail_sync (picture, sha, 48, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (made), ==, 48);
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));

  /* From the cache: the picture itself is not read again. */
  g_assert_cmpint (g_unlink (picture), ==, 0);
  set_age (cached, 90 * 24 * 3600);
  again = tm_cover_thumbnail_sync (picture, sha, 48, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (again), ==, 48);

  /* Used just now, so kept; others old and cut short go; a stranger stays. */
  old = g_build_filename (cache, "0000000000000000000000000000000000000000000000000000000000000000-32.png", NULL);
  cut = g_build_filename (cache, "1111111111111111111111111111111111111111111111111111111111111111-32.png.part", NULL);
  other = g_build_filename (cache, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (old, "x", 1, NULL));
  g_assert_true (g_file_set_contents (cut, "x", 1, NULL));
  g_assert_true (g_file_set_contents (other, "x", 1, NULL));
  set_age (old, 61 * 24 * 3600);
  set_age (cut, 2 * 3600);
  set_age (other, 400 * 24 * 3600);
  g_assert_cmpuint (tm_cover_cache_prune (NULL, g_get_real_time (), TM_COVER_CACHE_MAX_AGE), ==, 2);
  g_assert_true (g_file_test (cached, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (cut, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_unlink (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cover/centre", test_centre);
  ADD ("/cover/square-and-size", test_square_and_size);
  ADD ("/cover/refusals", test_refusals);
  ADD ("/cover/colours", test_colours);
  ADD ("/cover/cmyk", test_cmyk);
  ADD ("/cover/orientation", test_orientation);
  ADD ("/cover/set-and-undo", test_set_and_undo);
  ADD ("/cover/thumbnail-cache", test_thumbnail_cache);
#undef ADD

  return g_test_run ();
}
