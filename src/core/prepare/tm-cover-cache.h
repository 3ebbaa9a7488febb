/* tm-cover-cache.h: cover thumbnails, made once and kept on disk by content
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

char      *tm_cover_cache_path       (const char          *sha256,
                                      int                  size);
GdkPixbuf *tm_cover_thumbnail_sync   (const char          *path,
                                      const char          *sha256,
                                      int                  size,
                                      GCancellable        *cancellable,
                                      GError             **error);
void       tm_cover_thumbnail_async  (const char          *path,
                                      const char          *sha256,
                                      int                  size,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GdkPixbuf *tm_cover_thumbnail_finish (GAsyncResult        *result,
                                      GError             **error);

/* Thumbnails not used for this long are removed by tm_cover_cache_prune(). */
#define TM_COVER_CACHE_MAX_AGE (G_GINT64_CONSTANT (60) * 24 * 3600 * G_USEC_PER_SEC)

guint      tm_cover_cache_prune      (const char          *dir,
                                      gint64               now_usec,
                                      gint64               max_age_usec);

G_END_DECLS
