/* tm-file-hash.c: the identity of a file: size, modification time, SHA-256
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "tm-file-hash.h"

#define CHUNK_SIZE (1024 * 1024)

void
tm_file_hash_free (TmFileHash *hash)
{
  if (hash == NULL)
    return;

  g_free (hash->path);
  g_free (hash->sha256);
  g_free (hash);
}

/**
 * tm_file_hash_sync_full:
 * @flags: %TM_OPEN_NOFOLLOW to refuse a symbolic link
 *
 * Reads @path once, in chunks (never whole into memory), and returns its size,
 * modification time and SHA-256. Anything but a regular file is refused before
 * it is read. Blocks: call it from a worker thread, or use tm_file_hash_async().
 */
TmFileHash *
tm_file_hash_sync_full (const char    *path,
                        TmOpenFlags    flags,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(TmFileHash) hash = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if ((fd = tm_open_regular (path, flags, &st, error)) < 0)
    return NULL;

  hash = g_new0 (TmFileHash, 1);
  hash->path = g_canonicalize_filename (path, NULL);
  hash->size = st.st_size;
  hash->mtime_usec = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = read (fd, buffer, CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *name = g_filename_display_name (path);

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read %s: %s"), name, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
    }
  close (fd);

  hash->sha256 = g_strdup (g_checksum_get_string (checksum));
  return g_steal_pointer (&hash);
}

TmFileHash *
tm_file_hash_sync (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return tm_file_hash_sync_full (path, TM_OPEN_FOLLOW, cancellable, error);
}

static void
hash_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  TmFileHash *hash = tm_file_hash_sync (task_data, cancellable, &error);

  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, (GDestroyNotify) tm_file_hash_free);
}

void
tm_file_hash_async (const char          *path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tm_file_hash_async);
  g_task_set_name (task, "[tm] file hash");
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, hash_worker);
}

TmFileHash *
tm_file_hash_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
