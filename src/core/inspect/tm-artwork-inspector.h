/* tm-artwork-inspector.h: cover art read from its header, decoded only when safe
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>

#include "tm-inspect-error.h"

G_BEGIN_DECLS

/* Larger than any platform accepts (50 MP), with room; beyond it, nothing is decoded. */
#define TM_ARTWORK_MAX_PIXELS (G_GUINT64_CONSTANT (100) * 1000 * 1000)

typedef struct
{
  char     *path;
  char     *format;             /* "jpeg", "png", "gif", "webp", "bmp", "tiff" */
  guint     width;
  guint     height;
  char     *color_model;        /* "rgb", "cmyk", "grayscale", "indexed", or NULL */
  gboolean  has_alpha;
  gboolean  icc_profile;
  guint     exif_orientation;   /* 1-8, 0 when absent */
  gboolean  progressive;
  gint64    bytes;
} TmImageReport;

void           tm_image_report_free    (TmImageReport  *report);
JsonNode      *tm_image_report_to_json (TmImageReport  *report);
const char    *tm_sniff_image_format   (const guint8   *head,
                                        gsize           length);
TmImageReport *tm_artwork_inspect      (const char     *path,
                                        guint64         max_pixels,
                                        GError        **error);
GdkPixbuf     *tm_artwork_thumbnail    (const char     *path,
                                        int             size,
                                        GError        **error);
GdkPixbuf     *tm_artwork_decode       (const char     *path,
                                        int             size,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmImageReport, tm_image_report_free)

G_END_DECLS
