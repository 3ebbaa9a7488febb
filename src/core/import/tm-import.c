/* tm-import.c: files, folders and zips dropped on the window become a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What was dropped is scanned (folders to a depth, zips unpacked by
 * tm-import-zip.c, links followed only inside what was dropped), the audio
 * files' tags read (tm-import-tags.c), their names parsed (tm-import-names.c),
 * and the tracks and cover added to the catalog in one transaction: a failure
 * adds nothing, and leaves no unpacked zip behind. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <gst/pbutils/pbutils.h>

#include "tm-catalog.h"
#include "tm-file-hash.h"
#include "tm-artwork-inspector.h"
#include "tm-import.h"
#include "tm-import-names.h"
#include "tm-import-tags.h"
#include "tm-import-zip.h"
#include "tm-safe-file.h"
#include "tm-text.h"

#define MAX_FILES TM_IMPORT_ZIP_MAX_FILES
#define MAX_DEPTH 4

void
tm_import_result_free (TmImportResult *result)
{
  if (result == NULL)
    return;

  g_strfreev (result->skipped);
  g_free (result);
}

/* An audio file found: what its name says, then what its tags say. */
typedef struct
{
  char         *path;
  char         *title;
  int           disc;
  int           number;
  TmImportTags  tags;
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  g_free (f->path);
  g_free (f->title);
  tm_import_tags_clear (&f->tags);
  g_free (f);
}

/* The tags, over what the name said; a file without them keeps its name's. */
static void
read_tags (GstDiscoverer *discoverer,
           Found         *f,
           GPtrArray     *notes)
{
  tm_import_tags_read (discoverer, f->path, &f->tags);
  if (f->tags.title != NULL)
    {
      g_free (f->title);
      f->title = g_strdup (f->tags.title);
    }
  if (f->tags.number > 0)
    {
      f->number = f->tags.number;
      f->disc = f->tags.disc;
    }
  if (f->tags.cleaned)
    {
      g_autofree char *name = g_filename_display_name (f->path);

      g_ptr_array_add (notes, g_strdup_printf (_("%s: control characters in its tags were "
                                                 "left out"), name));
    }
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
  GPtrArray   *audio;      /* Found */
  GPtrArray   *images;     /* char * paths */
  GPtrArray   *skipped;    /* char * */
  guint        n_seen;
  TmImportZip *zips;       /* NULL: zips are not unpacked */
  GPtrArray   *unreadable; /* char *, audio files that cannot be read, and why */
} Scan;

static void
skip (Scan       *scan,
      const char *path,
      const char *why)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (path);

  g_ptr_array_add (tm_import_names_is_audio (base) && scan->unreadable != NULL ? scan->unreadable
                                                                          : scan->skipped,
                   g_strdup_printf ("%s: %s", name, why));
}

/* @top is the real path of the folder dropped (or a zip's): nothing is read
 * from outside it, whatever a symbolic link in it points at. */
static gboolean
scan_path (Scan          *scan,
           const char    *path,
           const char    *top,
           int            depth,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *real = NULL;
  struct stat st;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (++scan->n_seen > MAX_FILES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                   _("More than %d files were dropped. Drop the folder of one release at a time."),
                   MAX_FILES);
      return FALSE;
    }

  if (name[0] == '.' && depth > 0)
    return TRUE;

  /* What was dropped is what the person chose, link or not; below it, a link
   * counts only if it stays inside. */
  if (lstat (path, &st) != 0)
    {
      skip (scan, path, g_strerror (errno));
      return TRUE;
    }
  if (S_ISLNK (st.st_mode))
    {
      if (depth > 0 && (top == NULL || !tm_path_is_inside (path, top)))
        {
          skip (scan, path, _("a link to something outside the folder; it was not imported"));
          return TRUE;
        }
      if (stat (path, &st) != 0)
        {
          skip (scan, path, _("a link to nothing"));
          return TRUE;
        }
    }
  /* From here on the file itself is used, never the link to it. */
  real = realpath (path, NULL);
  if (real == NULL)
    {
      skip (scan, path, g_strerror (errno));
      return TRUE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *child;

      if (depth >= MAX_DEPTH)
        return TRUE;

      if (!(dir = g_dir_open (real, 0, &local_error)))
        {
          skip (scan, path, local_error->message);
          return TRUE;
        }

      while ((child = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child_path = g_build_filename (path, child, NULL);

          if (!scan_path (scan, child_path, depth == 0 ? real : top, depth + 1, cancellable,
                          error))
            return FALSE;
        }
      return TRUE;
    }

  if (!S_ISREG (st.st_mode))
    {
      skip (scan, path, S_ISFIFO (st.st_mode) ? _("a named pipe, not a file; it was not read")
                                              : _("not an ordinary file; it was not read"));
      return TRUE;
    }

  if (g_str_has_suffix (name, ".zip") || g_str_has_suffix (name, ".ZIP"))
    {
      g_autofree char *folder = NULL;
      g_autofree char *real_folder = NULL;

      if (scan->zips == NULL || !tm_import_zip_sniff (real))
        {
          skip (scan, path, _("not a zip file"));
          return TRUE;
        }
      if (!(folder = tm_import_zip_unpack (scan->zips, real, cancellable, error)))
        return FALSE;
      real_folder = realpath (folder, NULL);
      return scan_path (scan, folder, real_folder, depth + 1, cancellable, error);
    }

  if (tm_import_names_is_audio (name))
    {
      Found *f = g_new0 (Found, 1);
      gboolean cleaned = FALSE;
      g_autofree char *title = NULL;

      f->path = g_steal_pointer (&real);
      tm_import_names_parse_track (name, &f->disc, &f->number, &title);
      /* A name's invisible characters are not a title's. */
      f->title = tm_text_clean (title, FALSE, &cleaned);
      if (cleaned)
        g_ptr_array_add (scan->skipped,
                         g_strdup_printf (_("%s: control characters in its name were left out "
                                            "of the title"), name));
      g_ptr_array_add (scan->audio, f);
    }
  else if (tm_import_names_is_image (name))
    g_ptr_array_add (scan->images, g_steal_pointer (&real));

  return TRUE;
}

/* The one value every file's tag agrees on, or NULL. */
static const char *
common (GPtrArray *audio,
        gsize      offset)
{
  const char *value = NULL;

  for (guint i = 0; i < audio->len; i++)
    {
      const char *v = G_STRUCT_MEMBER (const char *, g_ptr_array_index (audio, i), offset);

      if (v == NULL || (value != NULL && !g_str_equal (v, value)))
        return NULL;
      value = v;
    }

  return value;
}

static TmImportResult *import_files (const char          *catalog_path,
                                     TmImportZip         *zips,
                                     const char * const  *paths,
                                     gint64               release_id,
                                     const char          *title,
                                     const char          *artist,
                                     GCancellable        *cancellable,
                                     GError             **error);

/**
 * tm_import_files_full_sync:
 * @release_id: the release to add to, or 0 for a new one
 * @title: (nullable): the new release's title, over the tags and folder name
 * @artist: (nullable): the new release's primary artist, over the tags
 *
 * Files, folders (read recursively) and zips become tracks and a cover, in one
 * transaction: a failure adds nothing, and leaves no unpacked zip behind.
 */
TmImportResult *
tm_import_files_full_sync (const char          *catalog_path,
                           const char * const  *paths,
                           gint64               release_id,
                           const char          *title,
                           const char          *artist,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(TmImportZip) zips = NULL;
  g_autofree char *catalog_dir = NULL;
  g_autofree char *unzip_root = NULL;
  TmImportResult *result;

  g_return_val_if_fail (catalog_path != NULL, NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  /* Zips are unpacked beside the catalog, where the tracks can go on finding
   * them; what an import that was killed there left goes first. */
  catalog_dir = g_path_get_dirname (catalog_path);
  unzip_root = g_build_filename (catalog_dir, "imports", NULL);
  tm_import_zip_clean_leftovers (unzip_root);
  zips = tm_import_zip_new (unzip_root);

  /* Committed, the unpacked files are the catalog's; else they go. */
  result = import_files (catalog_path, zips, paths, release_id, title, artist, cancellable,
                         error);
  if (result != NULL)
    tm_import_zip_keep (zips);
  return result;
}

static TmImportResult *
import_files (const char          *catalog_path,
              TmImportZip         *zips,
              const char * const  *paths,
              gint64               release_id,
              const char          *title,
              const char          *artist,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmImportResult) result = g_new0 (TmImportResult, 1);
  g_autoptr(GPtrArray) audio = g_ptr_array_new_with_free_func (found_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  GError *local_error = NULL;
  Scan scan = { audio, images, skipped, 0, zips, unreadable };
  const char *cover;

  for (guint i = 0; paths[i] != NULL; i++)
    if (!scan_path (&scan, paths[i], NULL, 0, cancellable, error))
      return NULL;

  /* Audio files, none of which can be read: no release, each one said. */
  if (audio->len == 0 && unreadable->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < unreadable->len; i++)
        g_string_append_printf (list, "\n• %s", (char *) g_ptr_array_index (unreadable, i));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   ngettext ("The audio file cannot be read, so nothing was imported:%s",
                             "None of the audio files can be read, so nothing was imported:%s",
                             unreadable->len), list->str);
      return NULL;
    }

  if (audio->len == 0 && (release_id == 0 || images->len == 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("None of the dropped files is audio%s%s. TuneMantra takes WAV, FLAC, AIFF, "
                     "MP3, AAC (M4A), Ogg and Opus files, zips of them, and JPEG or PNG cover "
                     "art."), skipped->len > 0 ? " — " : "",
                   skipped->len > 0 ? (char *) g_ptr_array_index (skipped, 0) : "");
      return NULL;
    }

  if (gst_init_check (NULL, NULL, NULL))
    discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  for (guint i = 0; i < audio->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      read_tags (discoverer, g_ptr_array_index (audio, i), skipped);
    }
  g_ptr_array_sort (audio, compare_found);

  if (!(catalog = tm_catalog_open (catalog_path, error)))
    return NULL;
  if (!tm_catalog_begin (catalog, error))
    return NULL;

  if (release_id != 0)
    {
      if (!(release = tm_catalog_get_release (catalog, release_id, &local_error)))
        goto fail;
    }
  else
    {
      g_autofree char *folder_title = tm_import_names_release_title (paths);
      const char *album = common (audio, G_STRUCT_OFFSET (Found, tags.album));
      const char *album_artist = common (audio, G_STRUCT_OFFSET (Found, tags.album_artist));
      const char *track_artist = common (audio, G_STRUCT_OFFSET (Found, tags.artist));
      const char *genre = common (audio, G_STRUCT_OFFSET (Found, tags.genre));
      const char *date = common (audio, G_STRUCT_OFFSET (Found, tags.date));

      release = tm_release_new ();
      tm_release_set_title (release, title != NULL ? title : album != NULL ? album : folder_title);
      if (artist != NULL || album_artist != NULL || track_artist != NULL)
        tm_release_set_artist (release, artist != NULL ? artist
                                        : album_artist != NULL ? album_artist : track_artist);
      if (genre != NULL)
        tm_release_set_genre (release, genre);
      if (date != NULL && !tm_record_set_from_string (TM_RECORD (release),
                                                      "original_release_date", date, NULL))
        tm_release_set_original_release_date (release, NULL);
      tm_release_set_release_type (release, tm_import_names_release_type (audio->len));
      if (!tm_catalog_add_release (catalog, release, &local_error))
        goto fail;
    }
  result->release_id = tm_record_get_id (TM_RECORD (release));

  for (guint i = 0; i < audio->len; i++)
    {
      Found *f = g_ptr_array_index (audio, i);
      g_autoptr(TmTrack) track = tm_track_new ();
      g_autoptr(TmFileHash) hash = NULL;
      g_autoptr(GError) hash_error = NULL;

      /* The file itself (links were resolved while scanning), read once. */
      if (!(hash = tm_file_hash_sync_full (f->path, TM_OPEN_NOFOLLOW, cancellable, &hash_error)))
        {
          if (g_error_matches (hash_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              local_error = g_steal_pointer (&hash_error);
              goto fail;
            }
          g_ptr_array_add (unreadable, g_strdup (hash_error->message));
          continue;
        }

      tm_track_set_title (track, f->title);
      tm_track_set_disc (track, MIN (MAX (f->disc, 1), 99));
      tm_track_set_artists (track, tm_release_get_artists (release));
      tm_import_tags_apply (&f->tags, f->path, track, skipped);
      tm_track_set_audio_path (track, hash->path);
      tm_track_set_audio_size (track, hash->size);
      tm_track_set_audio_mtime (track, hash->mtime_usec);
      tm_track_set_audio_sha256 (track, hash->sha256);

      if (!tm_catalog_add_track (catalog, result->release_id, track, &local_error))
        goto fail;
      result->n_tracks++;
    }

  if ((cover = tm_import_names_choose_cover (images)) != NULL)
    {
      g_autoptr(TmArtwork) artwork = tm_artwork_new ();
      g_autoptr(TmFileHash) hash = NULL;
      g_autoptr(GError) hash_error = NULL;

      if ((hash = tm_file_hash_sync_full (cover, TM_OPEN_NOFOLLOW, cancellable,
                                          &hash_error)) != NULL)
        {
          g_autoptr(TmImageReport) image = tm_artwork_inspect (hash->path,
                                                               TM_ARTWORK_MAX_PIXELS, NULL);

          tm_artwork_set_path (artwork, hash->path);
          tm_artwork_set_size (artwork, hash->size);
          tm_artwork_set_mtime (artwork, hash->mtime_usec);
          tm_artwork_set_sha256 (artwork, hash->sha256);
          /* What its header says, for the window; pre-flight reads it again. */
          if (image != NULL)
            {
              tm_artwork_set_format (artwork, image->format);
              tm_artwork_set_width (artwork, image->width);
              tm_artwork_set_height (artwork, image->height);
            }
          if (!tm_catalog_set_artwork (catalog, result->release_id, artwork, &local_error))
            goto fail;
          result->has_cover = TRUE;
        }
      else
        g_ptr_array_add (skipped, g_strdup (hash_error->message));
    }

  /* Audio that cannot be read makes no release, and no empty one. */
  if (result->n_tracks == 0 && audio->len > 0 && release_id == 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < unreadable->len; i++)
        g_string_append_printf (list, "\n• %s", (char *) g_ptr_array_index (unreadable, i));
      if (audio->len == 1)
        local_error = g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                   _("The audio file could not be read, so nothing was "
                                     "imported:%s"), list->str);
      else
        local_error = g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                   ngettext ("None of the %u audio files could be read, so "
                                             "nothing was imported:%s",
                                             "None of the %u audio files could be read, so "
                                             "nothing was imported:%s", audio->len),
                                   audio->len, list->str);
      goto fail;
    }
  g_ptr_array_extend_and_steal (skipped, g_steal_pointer (&unreadable));

  if (!tm_catalog_commit (catalog, error))
    return NULL;

  g_ptr_array_add (skipped, NULL);
  result->skipped = (GStrv) g_ptr_array_steal (skipped, NULL);
  return g_steal_pointer (&result);

fail:
  tm_catalog_rollback (catalog);
  g_propagate_error (error, local_error);
  return NULL;
}

TmImportResult *
tm_import_files_sync (const char          *catalog_path,
                      const char * const  *paths,
                      gint64               release_id,
                      GCancellable        *cancellable,
                      GError             **error)
{
  return tm_import_files_full_sync (catalog_path, paths, release_id, NULL, NULL, cancellable,
                                    error);
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
