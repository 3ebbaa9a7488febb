/* tm-replace-audio.c: a track's audio replaced by another file, and put back
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new master for a track: the file is read as the importer reads one (a
 * regular file, measured whole), its size, time and checksum are recorded
 * with the path in one transaction, and the old file's report is forgotten,
 * so pre-flight and packaging see the new file and nothing of the old. The
 * track keeps its place, credits and splits. Undo writes the old file's
 * record back; if that file changed meanwhile, delivery says so, as it does
 * for any file changed since it was added. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-file-hash.h"
#include "tm-inspect-error.h"
#include "tm-replace-audio.h"
#include "tm-report-cache.h"

void
tm_replacement_free (TmReplacement *replacement)
{
  if (replacement == NULL)
    return;
  g_clear_object (&replacement->before);
  g_clear_object (&replacement->after);
  g_free (replacement);
}

/* Whether a delivery of the release reached a platform, which then has the old file. */
static gboolean
was_delivered (TmCatalog  *catalog,
               gint64      release_id,
               GError    **error)
{
  g_autoptr(GPtrArray) distributions = tm_catalog_list_distributions (catalog, release_id, error);

  for (guint i = 0; distributions != NULL && i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);

      switch (tm_distribution_get_status (d))
        {
        case TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM:
        case TM_DISTRIBUTION_STATUS_DISTRIBUTED:
        case TM_DISTRIBUTION_STATUS_LIVE:
        case TM_DISTRIBUTION_STATUS_UPDATING:
        case TM_DISTRIBUTION_STATUS_UPDATED:
          return TRUE;
        default:
          break;
        }
    }
  return FALSE;
}

static void
set_audio (TmTrack    *track,
           const char *path,
           gint64      size,
           gint64      mtime,
           const char *sha256)
{
  tm_track_set_audio_path (track, path);
  tm_track_set_audio_size (track, size);
  tm_track_set_audio_mtime (track, mtime);
  tm_track_set_audio_sha256 (track, sha256);
}

/**
 * tm_replace_audio_sync:
 * @catalog_path: the catalog, opened on a connection of this thread's own
 * @path: the new file
 *
 * Replaces the audio of track @track_id by @path, which must hold audio that
 * TuneMantra can read. Blocks while the file is read and measured: run it in
 * a worker (tm_replace_audio_async()).
 *
 * Returns: (transfer full): the track before and after, or %NULL with @error
 *   naming the file and what to do
 */
TmReplacement *
tm_replace_audio_sync (const char    *catalog_path,
                       gint64         track_id,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(TmFileHash) hash = NULL;
  g_autoptr(TmReplacement) replacement = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *old_path;
  g_autoptr(TmReport) report = NULL;

  g_return_val_if_fail (catalog_path != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(catalog = tm_catalog_open (catalog_path, error))
      || !(track = tm_catalog_get_track (catalog, track_id, error)))
    return NULL;

  /* A regular file only (a FIFO or a device is refused before it is read). */
  if (!(hash = tm_file_hash_sync (path, cancellable, error)))
    return NULL;

  /* Measured with the hash just made: the file is not read again to hash it. */
  report = tm_report_cache_inspect_hashed (catalog_path, hash, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (tm_report_get_kind (report) != TM_REPORT_AUDIO)
    {
      g_autofree char *name = g_filename_display_basename (hash->path);

      if (tm_report_get_kind (report) == TM_REPORT_IMAGE)
        g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_AUDIO,
                     _("“%s” is an image, not audio: choose the master’s WAV or FLAC file."),
                     name);
      else
        g_set_error (error, TM_INSPECT_ERROR, TM_INSPECT_ERROR_NOT_AUDIO,
                     _("The track’s audio was not replaced: %s"), tm_report_get_message (report));
      return NULL;
    }

  replacement = g_new0 (TmReplacement, 1);
  if (!tm_catalog_begin (catalog, error))
    return NULL;
  /* Read again inside the transaction: what another program saved stays. */
  g_clear_object (&track);
  if (!(track = tm_catalog_get_track (catalog, track_id, error)))
    goto failed;
  replacement->before = tm_record_copy (TM_RECORD (track));
  old_path = tm_track_get_audio_path (replacement->before);
  set_audio (track, hash->path, hash->size, hash->mtime_usec, hash->sha256);
  if (!tm_catalog_update_track (catalog, track, error)
      || (old_path != NULL && g_strcmp0 (old_path, hash->path) != 0
          && !tm_catalog_forget_report (catalog, "audio", old_path, error)))
    goto failed;
  replacement->delivered = was_delivered (catalog, tm_track_get_release_id (track), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }
  if (!tm_catalog_commit (catalog, error))
    goto failed;
  replacement->after = g_steal_pointer (&track);
  return g_steal_pointer (&replacement);

failed:
  tm_catalog_rollback (catalog);
  return NULL;
}

static void
replace_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  char **args = data;   /* catalog path, track id, file */
  GError *error = NULL;
  TmReplacement *replacement = tm_replace_audio_sync (args[0],
                                                      g_ascii_strtoll (args[1], NULL, 10),
                                                      args[2], cancellable, &error);

  if (replacement == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, replacement, (GDestroyNotify) tm_replacement_free);
}

void
tm_replace_audio_async (const char          *catalog_path,
                        gint64               track_id,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char **args = g_new0 (char *, 4);

  args[0] = g_strdup (catalog_path);
  args[1] = g_strdup_printf ("%" G_GINT64_FORMAT, track_id);
  args[2] = g_strdup (path);
  g_task_set_source_tag (task, tm_replace_audio_async);
  g_task_set_name (task, "[tm] replace audio");
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, replace_worker);
}

TmReplacement *
tm_replace_audio_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tm_replace_audio_undo:
 * @before: the track as tm_replace_audio_sync() found it
 *
 * Puts the track's old file back, as it was recorded. The rest of the track
 * is left as it is now.
 */
gboolean
tm_replace_audio_undo (TmCatalog  *catalog,
                       TmTrack    *before,
                       GError    **error)
{
  g_autoptr(TmTrack) track = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (TM_IS_TRACK (before), FALSE);

  if (!tm_catalog_begin (catalog, error))
    return FALSE;
  if (!(track = tm_catalog_get_track (catalog, tm_record_get_id (TM_RECORD (before)), error)))
    goto failed;
  if (g_strcmp0 (tm_track_get_audio_path (track), tm_track_get_audio_path (before)) != 0
      && tm_track_get_audio_path (track) != NULL
      && !tm_catalog_forget_report (catalog, "audio", tm_track_get_audio_path (track), error))
    goto failed;
  set_audio (track, tm_track_get_audio_path (before), tm_track_get_audio_size (before),
             tm_track_get_audio_mtime (before), tm_track_get_audio_sha256 (before));
  if (!tm_catalog_update_track (catalog, track, error) || !tm_catalog_commit (catalog, error))
    goto failed;
  return TRUE;

failed:
  tm_catalog_rollback (catalog);
  return FALSE;
}
