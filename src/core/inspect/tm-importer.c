/* tm-importer.c: files and folders dropped on the window become a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tm-importer"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-file-hash.h"
#include "tm-importer.h"

/* Enough for a box set; a dropped home folder is refused, not walked for an hour. */
#define MAX_FILES 1000
#define MAX_DEPTH 4

static const char * const audio_extensions[] = {
  "wav", "wave", "flac", "aif", "aiff", "mp3", "m4a", "ogg", "opus", "wv", NULL
};
static const char * const image_extensions[] = { "jpg", "jpeg", "png", NULL };

void
tm_import_result_free (TmImportResult *result)
{
  if (result == NULL)
    return;

  g_strfreev (result->skipped);
  g_free (result);
}

static gboolean
has_extension (const char         *name,
               const char * const *extensions)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *lower = NULL;

  if (dot == NULL || dot == name)
    return FALSE;

  lower = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (extensions, lower);
}

gboolean
tm_is_audio_file_name (const char *name)
{
  return has_extension (name, audio_extensions);
}

gboolean
tm_is_image_file_name (const char *name)
{
  return has_extension (name, image_extensions);
}

/**
 * tm_parse_track_file_name:
 * @basename: a file name such as `01 - Title.wav`, `1-03 Title.flac` or `A1 Title.wav`
 * @disc: (out): the disc (side A is 1, B is 2, ...), 1 when the name has none
 * @number: (out): the track number, 0 when the name has none
 * @title: (out) (transfer full): the name without number and extension
 *
 * Returns: %TRUE if the name carries a track number
 */
gboolean
tm_parse_track_file_name (const char  *basename,
                          int         *disc,
                          int         *number,
                          char       **title)
{
  g_autofree char *stem = g_strdup (basename);
  char *dot = strrchr (stem, '.');
  const char *p = stem;
  int d = 1, n = 0, consumed = 0;
  gboolean found = FALSE;

  if (dot != NULL && dot != stem)
    *dot = '\0';

  /* "1-03 Title", "1.03 Title": disc and track */
  if (sscanf (p, "%2d%*[-.]%3d%n", &d, &n, &consumed) == 2 && consumed > 0
      && (p[consumed] == ' ' || p[consumed] == '_' || p[consumed] == '-' || p[consumed] == '.'
          || p[consumed] == '\0') && d >= 1 && n >= 1)
    {
      found = TRUE;
      p += consumed;
    }
  /* "A1 Title": vinyl side and track */
  else if (g_ascii_isalpha (p[0]) && g_ascii_isupper (p[0]) && g_ascii_isdigit (p[1])
           && sscanf (p + 1, "%3d%n", &n, &consumed) == 1
           && (p[1 + consumed] == ' ' || p[1 + consumed] == '_' || p[1 + consumed] == '-'
               || p[1 + consumed] == '.') && n >= 1)
    {
      d = p[0] - 'A' + 1;
      found = TRUE;
      p += 1 + consumed;
    }
  /* "01 - Title", "01. Title", "01_Title" */
  else if (sscanf (p, "%3d%n", &n, &consumed) == 1 && n >= 1
           && (p[consumed] == ' ' || p[consumed] == '_' || p[consumed] == '-'
               || p[consumed] == '.'))
    {
      d = 1;
      found = TRUE;
      p += consumed;
    }
  else
    n = 0;

  if (found)
    while (*p == ' ' || *p == '-' || *p == '.' || *p == '_')
      p++;

  *disc = found ? d : 1;
  *number = n;
  *title = g_strdup (*p ? p : stem);
  g_strdelimit (*title, "_", ' ');
  g_strstrip (*title);

  return found;
}

typedef struct
{
  char *path;
  char *title;
  int   disc;
  int   number;
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  g_free (f->path);
  g_free (f->title);
  g_free (f);
}

static int
compare_found (gconstpointer a,
               gconstpointer b)
{
  const Found *x = *(Found **) a, *y = *(Found **) b;
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;

  if (x->disc != y->disc)
    return x->disc - y->disc;
  /* Numbered files first, in their order; the rest by name after them. */
  if (x->number != y->number)
    {
      if (x->number == 0 || y->number == 0)
        return x->number == 0 ? 1 : -1;
      return x->number - y->number;
    }

  kx = g_utf8_collate_key_for_filename (x->path, -1);
  ky = g_utf8_collate_key_for_filename (y->path, -1);
  return strcmp (kx, ky);
}

typedef struct
{
  GPtrArray *audio;      /* Found */
  GPtrArray *images;     /* char * paths */
  GPtrArray *skipped;    /* char * */
  guint      n_seen;
} Scan;

static gboolean
scan_path (Scan          *scan,
           const char    *path,
           int            depth,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (++scan->n_seen > MAX_FILES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                   _("More than %d files were dropped. Drop the folder of one release at a time."),
                   MAX_FILES);
      return FALSE;
    }

  if (name[0] == '.')
    return TRUE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *child;

      if (depth >= MAX_DEPTH)
        return TRUE;

      if (!(dir = g_dir_open (path, 0, &local_error)))
        {
          g_ptr_array_add (scan->skipped, g_strdup_printf ("%s: %s", path, local_error->message));
          return TRUE;
        }

      while ((child = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child_path = g_build_filename (path, child, NULL);

          if (!scan_path (scan, child_path, depth + 1, cancellable, error))
            return FALSE;
        }
      return TRUE;
    }

  if (tm_is_audio_file_name (name))
    {
      Found *f = g_new0 (Found, 1);

      f->path = g_strdup (path);
      tm_parse_track_file_name (name, &f->disc, &f->number, &f->title);
      g_ptr_array_add (scan->audio, f);
    }
  else if (tm_is_image_file_name (name))
    g_ptr_array_add (scan->images, g_strdup (path));

  return TRUE;
}

/* The cover is the image named cover, folder or front; else the largest image. */
static const char *
choose_cover (GPtrArray *images)
{
  static const char * const names[] = { "cover", "folder", "front", NULL };
  const char *largest = NULL;
  goffset largest_size = -1;

  for (guint i = 0; i < images->len; i++)
    {
      const char *path = g_ptr_array_index (images, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *stem = g_ascii_strdown (base, -1);
      char *dot = strrchr (stem, '.');
      GStatBuf st;

      if (dot != NULL)
        *dot = '\0';
      if (g_strv_contains (names, stem))
        return path;

      if (g_stat (path, &st) == 0 && st.st_size > largest_size)
        {
          largest = path;
          largest_size = st.st_size;
        }
    }

  return largest;
}

static TmReleaseType
type_for_count (guint n)
{
  /* CHECKS.md, release.types: single 1-3, EP 4-6, album 7 and more */
  return n <= 3 ? TM_RELEASE_TYPE_SINGLE : n <= 6 ? TM_RELEASE_TYPE_EP : TM_RELEASE_TYPE_ALBUM;
}

static char *
release_title_for (const char * const *paths)
{
  /* One folder dropped: its name is the release's title. */
  if (paths[0] != NULL && paths[1] == NULL && g_file_test (paths[0], G_FILE_TEST_IS_DIR))
    return g_path_get_basename (paths[0]);

  return g_strdup (_("Untitled Release"));
}

TmImportResult *
tm_import_files_sync (const char          *catalog_path,
                      const char * const  *paths,
                      gint64               release_id,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmImportResult) result = g_new0 (TmImportResult, 1);
  g_autoptr(GPtrArray) audio = g_ptr_array_new_with_free_func (found_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  Scan scan = { audio, images, skipped, 0 };
  const char *cover;

  g_return_val_if_fail (catalog_path != NULL, NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    if (!scan_path (&scan, paths[i], 0, cancellable, error))
      return NULL;

  if (audio->len == 0 && (release_id == 0 || images->len == 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("None of the dropped files is audio. TuneMantra takes WAV, FLAC, AIFF, MP3, "
                     "AAC (M4A), Ogg and Opus files, and JPEG or PNG cover art."));
      return NULL;
    }

  g_ptr_array_sort (audio, compare_found);

  if (!(catalog = tm_catalog_open (catalog_path, error)))
    return NULL;

  if (release_id != 0)
    {
      if (!(release = tm_catalog_get_release (catalog, release_id, error)))
        return NULL;
    }
  else
    {
      g_autofree char *title = release_title_for (paths);

      release = tm_release_new ();
      tm_release_set_title (release, title);
      tm_release_set_release_type (release, type_for_count (audio->len));
      if (!tm_catalog_add_release (catalog, release, error))
        return NULL;
    }
  result->release_id = tm_record_get_id (TM_RECORD (release));

  for (guint i = 0; i < audio->len; i++)
    {
      Found *f = g_ptr_array_index (audio, i);
      g_autoptr(TmTrack) track = tm_track_new ();
      g_autoptr(TmFileHash) hash = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(hash = tm_file_hash_sync (f->path, cancellable, &local_error)))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_ptr_array_add (skipped, g_strdup (local_error->message));
          continue;
        }

      tm_track_set_title (track, f->title);
      tm_track_set_disc (track, MIN (MAX (f->disc, 1), 99));
      tm_track_set_artists (track, tm_release_get_artists (release));
      tm_track_set_audio_path (track, hash->path);
      tm_track_set_audio_size (track, hash->size);
      tm_track_set_audio_mtime (track, hash->mtime_usec);
      tm_track_set_audio_sha256 (track, hash->sha256);

      if (!tm_catalog_add_track (catalog, result->release_id, track, error))
        return NULL;
      result->n_tracks++;
    }

  if ((cover = choose_cover (images)) != NULL)
    {
      g_autoptr(TmArtwork) artwork = tm_artwork_new ();
      g_autoptr(TmFileHash) hash = NULL;
      g_autoptr(GError) local_error = NULL;

      if ((hash = tm_file_hash_sync (cover, cancellable, &local_error)) != NULL)
        {
          tm_artwork_set_path (artwork, hash->path);
          tm_artwork_set_size (artwork, hash->size);
          tm_artwork_set_mtime (artwork, hash->mtime_usec);
          tm_artwork_set_sha256 (artwork, hash->sha256);
          if (!tm_catalog_set_artwork (catalog, result->release_id, artwork, error))
            return NULL;
          result->has_cover = TRUE;
        }
      else
        g_ptr_array_add (skipped, g_strdup (local_error->message));
    }

  g_ptr_array_add (skipped, NULL);
  result->skipped = (GStrv) g_ptr_array_steal (skipped, NULL);
  return g_steal_pointer (&result);
}

typedef struct
{
  char   *catalog_path;
  GStrv   paths;
  gint64  release_id;
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_free (d->catalog_path);
  g_strfreev (d->paths);
  g_free (d);
}

static void
import_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *d = task_data;
  GError *error = NULL;
  TmImportResult *result = tm_import_files_sync (d->catalog_path,
                                                 (const char * const *) d->paths,
                                                 d->release_id, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) tm_import_result_free);
}

/**
 * tm_import_files_async:
 * @release_id: the release to add to, or 0 for a new one
 *
 * Imports in a worker thread, with a catalog connection of its own; the files are
 * read once each (for their SHA-256) and never loaded whole.
 */
void
tm_import_files_async (const char          *catalog_path,
                       const char * const  *paths,
                       gint64               release_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *d = g_new0 (ImportData, 1);

  d->catalog_path = g_strdup (catalog_path);
  d->paths = g_strdupv ((char **) paths);
  d->release_id = release_id;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tm_import_files_async);
  g_task_set_name (task, "[tm] import files");
  g_task_set_task_data (task, d, import_data_free);
  g_task_run_in_thread (task, import_worker);
}

TmImportResult *
tm_import_files_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
