/* tm-file-hash.c: the identity of a file: size, modification time, SHA-256
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tm-file-hash"

#include "config.h"

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
 * tm_file_hash_sync:
 *
 * Reads @path once, in chunks (never whole into memory), and returns its size,
 * modification time and SHA-256. Blocks: call it from a worker thread, or use
 * tm_file_hash_async().
 */
TmFileHash *
tm_file_hash_sync (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(TmFileHash) hash = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  gssize n_read;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    {
      g_prefix_error (error, _("Cannot read %s: "), path);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file."), path);
      return NULL;
    }

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      g_prefix_error (error, _("Cannot read %s: "), path);
      return NULL;
    }

  hash = g_new0 (TmFileHash, 1);
  hash->path = g_file_get_path (file);
  hash->size = g_file_info_get_size (info);
  mtime = g_file_info_get_modification_date_time (info);
  hash->mtime_usec = mtime != NULL ? g_date_time_to_unix (mtime) * G_USEC_PER_SEC
                                     + g_date_time_get_microsecond (mtime) : 0;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (CHUNK_SIZE);
  while ((n_read = g_input_stream_read (G_INPUT_STREAM (stream), buffer, CHUNK_SIZE,
                                        cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n_read);

  if (n_read < 0)
    {
      g_prefix_error (error, _("Cannot read %s: "), path);
      return NULL;
    }

  hash->sha256 = g_strdup (g_checksum_get_string (checksum));
  return g_steal_pointer (&hash);
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
