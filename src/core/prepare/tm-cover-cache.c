/* tm-cover-cache.c: cover thumbnails, made once and kept on disk by content
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A list of 10,000 releases cannot decode 10,000 covers of 3000 pixels while it
 * scrolls. A thumbnail is made once, in a worker, from a picture whose header
 * was checked first (tm_artwork_thumbnail), and kept in the user's cache folder
 * under the picture's SHA-256 and the size: the same picture under another name,
 * or in another release, is not made again, and a changed picture has another
 * hash. Files of the cache are written whole under a temporary name and renamed,
 * so a reader never sees half of one; a damaged one is made again. A thumbnail
 * is touched when it is used, and tm_cover_cache_prune() (at each start of the
 * window) removes those unused for TM_COVER_CACHE_MAX_AGE, so the cache holds
 * what is looked at, not every cover there ever was. */

#include "config.h"

#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "tm-artwork-inspector.h"
#include "tm-cover-cache.h"

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/**
 * tm_cover_cache_path:
 *
 * Returns: (nullable): where the thumbnail of the picture with @sha256 at @size
 *   is kept, or %NULL when @sha256 is not a SHA-256
 */
char *
tm_cover_cache_path (const char *sha256,
                     int         size)
{
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;

  if (!is_sha256 (sha256) || size <= 0)
    return NULL;
  lower = g_ascii_strdown (sha256, -1);
  name = g_strdup_printf ("%s-%d.png", lower, size);
  return g_build_filename (g_get_user_cache_dir (), "tunemantra", "covers", name, NULL);
}

static void
keep (GdkPixbuf  *thumbnail,
      const char *cached)
{
  g_autofree char *dir = g_path_get_dirname (cached);
  g_autofree char *partial = g_strconcat (cached, ".part", NULL);

  /* A cache that cannot be written costs time, not a cover. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  if (gdk_pixbuf_save (thumbnail, partial, "png", NULL, NULL))
    {
      if (g_rename (partial, cached) != 0)
        g_unlink (partial);
    }
  else
    g_unlink (partial);
}

/**
 * tm_cover_thumbnail_sync:
 * @sha256: (nullable): the picture's SHA-256, as the catalog recorded it; without
 *   one, the thumbnail is made but not kept
 *
 * Returns: (transfer full): a thumbnail at most @size pixels wide and high
 */
GdkPixbuf *
tm_cover_thumbnail_sync (const char    *path,
                         const char    *sha256,
                         int            size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *cached = tm_cover_cache_path (sha256, size);
  GdkPixbuf *thumbnail = NULL;

  g_return_val_if_fail (path != NULL && size > 0, NULL);

  if (cached != NULL && g_file_test (cached, G_FILE_TEST_IS_REGULAR))
    {
      thumbnail = gdk_pixbuf_new_from_file (cached, NULL);
      if (thumbnail != NULL && gdk_pixbuf_get_width (thumbnail) <= size
          && gdk_pixbuf_get_height (thumbnail) <= size)
        {
          /* Used: kept by the next pruning. */
          g_utime (cached, NULL);
          return thumbnail;
        }
      g_clear_object (&thumbnail);
      g_unlink (cached);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(thumbnail = tm_artwork_thumbnail (path, size, error)))
    return NULL;
  if (cached != NULL)
    keep (thumbnail, cached);
  return thumbnail;
}

/* "<64 hex digits>-<size>.png", or the same with ".part" (a write cut short). */
static gboolean
is_cache_name (const char *name,
               gboolean   *partial)
{
  const char *dash = strchr (name, '-');
  g_autofree char *sha = dash != NULL ? g_strndup (name, dash - name) : NULL;
  const char *p;

  if (sha == NULL || !is_sha256 (sha))
    return FALSE;
  for (p = dash + 1; g_ascii_isdigit (*p); p++)
    ;
  if (p == dash + 1)
    return FALSE;
  *partial = g_str_equal (p, ".png.part");
  return *partial || g_str_equal (p, ".png");
}

/**
 * tm_cover_cache_prune:
 * @dir: (nullable): the cache folder, or %NULL for the user's
 *
 * Removes thumbnails not used since @max_age_usec before @now_usec, and what a
 * write cut short left (an hour old at least). Nothing else in the folder is
 * touched.
 *
 * Returns: how many files were removed
 */
guint
tm_cover_cache_prune (const char *dir,
                      gint64      now_usec,
                      gint64      max_age_usec)
{
  g_autofree char *own = dir == NULL ? g_build_filename (g_get_user_cache_dir (), "tunemantra",
                                                         "covers", NULL) : NULL;
  g_autoptr(GDir) listing = g_dir_open (dir != NULL ? dir : own, 0, NULL);
  const char *name;
  guint removed = 0;

  if (listing == NULL)
    return 0;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir != NULL ? dir : own, name, NULL);
      gboolean partial = FALSE;
      GStatBuf st;
      gint64 age;

      if (!is_cache_name (name, &partial) || g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      age = now_usec - (gint64) st.st_mtime * G_USEC_PER_SEC;
      if (age > (partial ? (gint64) 3600 * G_USEC_PER_SEC : max_age_usec) && g_unlink (path) == 0)
        removed++;
    }
  return removed;
}

typedef struct
{
  char *path;
  char *sha256;
  int   size;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->sha256);
  g_free (request);
}

static void
thumbnail_worker (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  GdkPixbuf *thumbnail = tm_cover_thumbnail_sync (request->path, request->sha256, request->size,
                                                  cancellable, &error);

  if (thumbnail != NULL)
    g_task_return_pointer (task, thumbnail, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
tm_cover_thumbnail_async (const char          *path,
                          const char          *sha256,
                          int                  size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->path = g_strdup (path);
  request->sha256 = g_strdup (sha256);
  request->size = size;
  g_task_set_source_tag (task, tm_cover_thumbnail_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, thumbnail_worker);
}

GdkPixbuf *
tm_cover_thumbnail_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
