/* tm-importer.c: files and folders dropped on the window become a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tm-importer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>

#include "tm-catalog.h"
#include "tm-file-hash.h"
#include "tm-importer.h"
#include "tm-safe-file.h"
#include "tm-text.h"

/* Enough for a box set; a dropped home folder is refused, not walked for an hour. */
#define MAX_FILES 1000
#define MAX_DEPTH 4
/* A zip holds a release, not a disk image: more than this is refused. */
#define MAX_UNZIPPED_BYTES (G_GINT64_CONSTANT (16) << 30)
/* Audio and images barely compress: a zip that unpacks to more than this many
 * times its size (after the first RATIO_ALLOWANCE bytes) is a bomb. */
#define MAX_RATIO 50
#define RATIO_ALLOWANCE (G_GINT64_CONSTANT (64) << 20)
/* What unpacking always leaves free on the disc. */
#define KEEP_FREE_BYTES (G_GINT64_CONSTANT (512) << 20)

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
  /* From the file's tags, where it has them */
  char *artist;
  char *isrc;
  char *composer;
  char *genre;
  char *date;        /* YYYY-MM-DD */
  char *album;
  char *album_artist;
  gboolean tags_cleaned;  /* control characters were taken out of its tags */
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  g_free (f->path);
  g_free (f->title);
  g_free (f->artist);
  g_free (f->isrc);
  g_free (f->composer);
  g_free (f->genre);
  g_free (f->date);
  g_free (f->album);
  g_free (f->album_artist);
  g_free (f);
}

/* A tag's text, without the control characters a field refuses (noted in
 * @f, so that the person is told). */
static char *
tag_string (const GstTagList *tags,
            const char       *tag,
            Found            *f)
{
  g_autofree char *value = NULL;

  if (gst_tag_list_get_string (tags, tag, &value) && value != NULL)
    {
      gboolean cleaned = FALSE;
      char *clean = tm_text_clean (value, FALSE, &cleaned);

      f->tags_cleaned |= cleaned;
      g_strstrip (clean);
      if (*clean != '\0')
        return clean;
      g_free (clean);
    }
  return NULL;
}

/* Title, artists, ISRC, composer, genre, date and numbering from the file's
 * tags (ID3, Vorbis comments, RIFF INFO...), read by GStreamer without
 * decoding the audio. A file without tags keeps what its name said. */
static void
read_tags (GstDiscoverer *discoverer,
           Found         *f)
{
  g_autofree char *absolute = g_canonicalize_filename (f->path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  const GstTagList *tags;
  g_autoptr(GstDateTime) when = NULL;
  GDate *date = NULL;
  char *title;
  guint number = 0, disc = 0;

  if (discoverer == NULL || uri == NULL)
    return;
  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (info == NULL || (tags = gst_discoverer_info_get_tags (info)) == NULL)
    return;

  if ((title = tag_string (tags, GST_TAG_TITLE, f)) != NULL)
    {
      g_free (f->title);
      f->title = title;
    }
  f->artist = tag_string (tags, GST_TAG_ARTIST, f);
  f->isrc = tag_string (tags, GST_TAG_ISRC, f);
  f->composer = tag_string (tags, GST_TAG_COMPOSER, f);
  f->genre = tag_string (tags, GST_TAG_GENRE, f);
  f->album = tag_string (tags, GST_TAG_ALBUM, f);
  f->album_artist = tag_string (tags, GST_TAG_ALBUM_ARTIST, f);

  if (gst_tag_list_get_uint (tags, GST_TAG_TRACK_NUMBER, &number) && number >= 1 && number < 1000)
    {
      f->number = number;
      f->disc = 1;
      if (gst_tag_list_get_uint (tags, GST_TAG_ALBUM_VOLUME_NUMBER, &disc) && disc >= 1
          && disc < 100)
        f->disc = disc;
    }

  if (gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &when) && gst_date_time_has_day (when))
    f->date = g_strdup_printf ("%04d-%02d-%02d", gst_date_time_get_year (when),
                               gst_date_time_get_month (when), gst_date_time_get_day (when));
  else if (gst_tag_list_get_date (tags, GST_TAG_DATE, &date) && g_date_valid (date))
    f->date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                               g_date_get_day (date));
  g_clear_pointer (&date, g_date_free);
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
  GPtrArray  *audio;      /* Found */
  GPtrArray  *images;     /* char * paths */
  GPtrArray  *skipped;    /* char * */
  guint       n_seen;
  const char *unzip_root; /* where zips are unpacked */
  GPtrArray  *unzipped;   /* Unpacked, the folders unpacked into */
  gint64      budget;     /* bytes every zip of this import may still unpack to */
  guint       n_unpacked; /* files unpacked, by every zip of this import */
  GPtrArray  *unreadable; /* char *, audio files that cannot be read, and why */
} Scan;

/* A folder a zip is unpacked into. Until the import is committed, a marker file
 * in it is locked by the importing process: a folder whose marker nobody holds
 * is what a killed import left, and the next import removes it. */
typedef struct
{
  char *folder;
  int   marker_fd;
} Unpacked;

#define MARKER_NAME ".tunemantra-import"

static void
unpacked_free (gpointer data)
{
  Unpacked *u = data;

  if (u->marker_fd >= 0)
    close (u->marker_fd);
  g_free (u->folder);
  g_free (u);
}

static gboolean
is_zip (const char *path)
{
  char magic[4] = { 0 };
  FILE *file = tm_fopen_regular (path, TM_OPEN_NOFOLLOW, NULL, NULL);
  gboolean zip;

  if (file == NULL)
    return FALSE;
  zip = fread (magic, 1, 4, file) == 4 && memcmp (magic, "PK\3\4", 4) == 0;
  fclose (file);
  return zip;
}

/* A name inside a zip that stays inside the folder it is unpacked in. */
static gboolean
safe_entry_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || *name == '\0' || g_path_is_absolute (name) || strchr (name, '\\'))
    return FALSE;
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

/* Messages are UTF-8, whatever bytes a zip names its entries with (found by
 * fuzzing): libarchive's words and paths are made valid first. */
static gboolean
zip_failed (const char     *zip,
            struct archive *archive,
            GError        **error)
{
  g_autofree char *name = g_filename_display_name (zip);
  g_autofree char *why = archive != NULL && archive_error_string (archive) != NULL
                         ? g_utf8_make_valid (archive_error_string (archive), -1)
                         : g_strdup (_("it is not a zip file"));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s cannot be unpacked: %s. Check that the download finished, or unpack it "
                 "yourself and drop the folder."), name, why);
  return FALSE;
}

static gboolean
too_big (const char  *zip,
         gint64       budget,
         GError     **error)
{
  g_autofree char *name = g_filename_display_name (zip);
  g_autofree char *size = g_format_size (MAX (budget, 0));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("%s unpacks to more than %d files or %s; that is not one release, or there is "
                 "not room for it. Nothing of it was kept. Unpack it yourself and drop the "
                 "release's folder."), name, MAX_FILES, size);
  return FALSE;
}

static gboolean
bomb (const char  *zip,
      GError     **error)
{
  g_autofree char *name = g_filename_display_name (zip);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s unpacks to more than %d times its own size, which audio and cover art "
                 "never do: it looks like a zip bomb. Nothing of it was kept."), name,
               MAX_RATIO);
  return FALSE;
}

/* A full disc is not a damaged zip: say which. */
static gboolean
write_failed (const char  *target,
              const char  *zip,
              int          saved_errno,
              GError     **error)
{
  g_autofree char *target_name = g_filename_display_name (target);
  g_autofree char *zip_name = g_filename_display_name (zip);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("%s cannot be written while unpacking %s: %s. Make room on the disc and try "
                 "again."), target_name, zip_name, g_strerror (saved_errno));
  return FALSE;
}

/* Removes a folder we made, with what is in it (symbolic links are not followed). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)
      && (dir = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

/* What unpacking may take of the disc: never the last TM_IMPORT_KEEP_FREE. */
static gint64
unpack_budget (const char *root)
{
  struct statvfs fs;
  gint64 free_bytes;

  if (statvfs (root, &fs) != 0)
    return MAX_UNZIPPED_BYTES;
  free_bytes = (gint64) fs.f_bavail * (gint64) fs.f_frsize;
  return MIN (MAX_UNZIPPED_BYTES, MAX (free_bytes - KEEP_FREE_BYTES, 0));
}

/**
 * tm_import_clean_leftovers:
 * @root: the folder zips are unpacked in (imports/ beside the catalog)
 *
 * Removes what imports killed or stopped before they were committed left in
 * @root: folders whose marker no running import holds.
 */
void
tm_import_clean_leftovers (const char *root)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (root, name, NULL);
      g_autofree char *marker = g_build_filename (folder, MARKER_NAME, NULL);
      int fd = g_open (marker, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);

      if (fd < 0)
        continue;                 /* committed: its files are the catalog's */
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_debug ("Removing %s, left by an import that did not finish", folder);
          remove_tree (folder);
        }
      close (fd);
    }
}

/* Writes one entry to @target, within the zip's ratio and the import's budget. */
static gboolean
unpack_entry (struct archive *archive,
              const char     *zip,
              const char     *target,
              gint64          zip_size,
              gint64         *written,
              Scan           *scan,
              GError        **error)
{
  const void *block;
  size_t size;
  la_int64_t offset;
  int rc, fd;

  /* Never through a link, never over a file: a new private file. */
  fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return write_failed (target, zip, errno, error);

  while ((rc = archive_read_data_block (archive, &block, &size, &offset)) == ARCHIVE_OK)
    {
      /* Checked as it grows, whatever the entry's header said of its size. */
      *written += size;
      scan->budget -= size;
      if (scan->budget < 0)
        {
          close (fd);
          return too_big (zip, unpack_budget (scan->unzip_root), error);
        }
      if (*written > MAX (zip_size, archive_filter_bytes (archive, -1)) * MAX_RATIO
                     + RATIO_ALLOWANCE)
        {
          close (fd);
          return bomb (zip, error);
        }
      if (write (fd, block, size) != (ssize_t) size)
        {
          int saved = errno;

          close (fd);
          return write_failed (target, zip, saved != 0 ? saved : ENOSPC, error);
        }
    }
  if (close (fd) != 0)
    return write_failed (target, zip, errno, error);
  if (rc != ARCHIVE_EOF)
    return zip_failed (zip, archive, error);
  return TRUE;
}

/* Unpacks @zip into a new folder under the import's root: regular files only,
 * nothing outside the folder, within the import's limits (MAX_FILES files for
 * all its zips together, MAX_RATIO times the zip's size, what the disc can
 * spare). A zip inside a zip spends the same budget. */
static char *
unzip (const char    *zip,
       Scan          *scan,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *base = g_path_get_basename (zip);
  g_autofree char *template = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *marker = NULL;
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  Unpacked *unpacked;
  struct stat st;
  gint64 written = 0;
  gboolean ok = TRUE;
  char *dot;
  int rc, fd;

  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  if (g_mkdir_with_parents (scan->unzip_root, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder %s cannot be made to unpack %s in: %s"), scan->unzip_root, zip,
                   g_strerror (saved));
      archive_read_free (archive);
      return NULL;
    }
  if (scan->budget == G_MININT64)
    scan->budget = unpack_budget (scan->unzip_root);

  template = g_build_filename (scan->unzip_root, "XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("A folder to unpack %s in cannot be made in %s: %s"), zip, scan->unzip_root,
                   g_strerror (saved));
      archive_read_free (archive);
      return NULL;
    }
  /* Held until the import is committed (or the process ends). */
  marker = g_build_filename (template, MARKER_NAME, NULL);
  fd = g_open (marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0)
    flock (fd, LOCK_EX);
  unpacked = g_new0 (Unpacked, 1);
  unpacked->folder = g_strdup (template);
  unpacked->marker_fd = fd;
  g_ptr_array_add (scan->unzipped, unpacked);

  folder = g_build_filename (template, base, NULL);
  g_mkdir (folder, 0700);

  archive_read_support_format_zip (archive);
  archive_read_support_filter_none (archive);
  fd = tm_open_regular (zip, TM_OPEN_NOFOLLOW, &st, NULL);
  if (fd < 0 || archive_read_open_fd (archive, fd, 1 << 16) != ARCHIVE_OK)
    {
      if (fd >= 0)
        close (fd);
      zip_failed (zip, NULL, error);
      archive_read_free (archive);
      return NULL;
    }

  while ((rc = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autofree char *target = NULL;
      g_autofree char *parent = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          goto out;
        }
      /* Links, devices and folders are not unpacked: folders come from the names. */
      if (archive_entry_filetype (entry) != AE_IFREG || !safe_entry_name (name))
        continue;
      if (++scan->n_unpacked > MAX_FILES)
        {
          ok = too_big (zip, unpack_budget (scan->unzip_root), error);
          goto out;
        }

      target = g_build_filename (folder, name, NULL);
      parent = g_path_get_dirname (target);
      g_mkdir_with_parents (parent, 0700);
      if (!tm_path_is_inside (parent, folder))
        continue;
      if (!unpack_entry (archive, zip, target, st.st_size, &written, scan, error))
        {
          ok = FALSE;
          goto out;
        }
    }
  if (rc != ARCHIVE_EOF)
    ok = zip_failed (zip, archive, error);

out:
  archive_read_free (archive);
  close (fd);
  if (!ok)
    return NULL;
  return g_steal_pointer (&folder);
}

/**
 * tm_import_unzip:
 * @root: a folder to unpack into; the caller removes it
 *
 * Unpacks a zip as the import does, with its limits: for tests and fuzzing.
 *
 * Returns: (transfer full): the folder the files are in, or %NULL with an error
 */
char *
tm_import_unzip (const char  *zip,
                 const char  *root,
                 GError     **error)
{
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (unpacked_free);
  Scan scan = { NULL, NULL, NULL, 0, root, made, G_MININT64, 0, NULL };
  char *folder = unzip (zip, &scan, NULL, error);

  if (folder == NULL)
    for (guint i = 0; i < made->len; i++)
      remove_tree (((Unpacked *) g_ptr_array_index (made, i))->folder);
  return folder;
}

static void
skip (Scan       *scan,
      const char *path,
      const char *why)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (path);

  g_ptr_array_add (tm_is_audio_file_name (base) && scan->unreadable != NULL ? scan->unreadable
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

      if (scan->unzip_root == NULL || !is_zip (real))
        {
          skip (scan, path, _("not a zip file"));
          return TRUE;
        }
      if (!(folder = unzip (real, scan, cancellable, error)))
        return FALSE;
      real_folder = realpath (folder, NULL);
      return scan_path (scan, folder, real_folder, depth + 1, cancellable, error);
    }

  if (tm_is_audio_file_name (name))
    {
      Found *f = g_new0 (Found, 1);
      gboolean cleaned = FALSE;
      g_autofree char *title = NULL;

      f->path = g_steal_pointer (&real);
      tm_parse_track_file_name (name, &f->disc, &f->number, &title);
      /* A name's invisible characters are not a title's. */
      f->title = tm_text_clean (title, FALSE, &cleaned);
      if (cleaned)
        g_ptr_array_add (scan->skipped,
                         g_strdup_printf (_("%s: control characters in its name were left out "
                                            "of the title"), name));
      g_ptr_array_add (scan->audio, f);
    }
  else if (tm_is_image_file_name (name))
    g_ptr_array_add (scan->images, g_steal_pointer (&real));

  return TRUE;
}

/* The cover is the image named cover, folder or front; else the largest square
 * image (sizes from the headers); else the largest file. */
static const char *
choose_cover (GPtrArray *images)
{
  static const char * const names[] = { "cover", "folder", "front", NULL };
  const char *largest = NULL;
  const char *square = NULL;
  goffset largest_size = -1;
  int square_side = 0;

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

      {
        int width = 0, height = 0;

        if (gdk_pixbuf_get_file_info (path, &width, &height) != NULL && width == height
            && width > square_side)
          {
            square = path;
            square_side = width;
          }
      }
      if (g_stat (path, &st) == 0 && st.st_size > largest_size)
        {
          largest = path;
          largest_size = st.st_size;
        }
    }

  return square != NULL ? square : largest;
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
    {
      g_autofree char *base = g_path_get_basename (paths[0]);
      g_autofree char *name = g_filename_display_name (base);

      return tm_text_clean (name, FALSE, NULL);
    }

  return g_strdup (_("Untitled Release"));
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

static gboolean
apply_tags (TmTrack    *track,
            Found      *f,
            GPtrArray  *notes)
{
  g_autoptr(GError) error = NULL;

  if (f->artist != NULL && !tm_record_set_from_string (TM_RECORD (track), "artists", f->artist,
                                                       &error))
    g_clear_error (&error);

  if (f->isrc != NULL && !tm_record_set_from_string (TM_RECORD (track), "isrc", f->isrc, &error))
    {
      g_ptr_array_add (notes, g_strdup_printf (_("%s: the ISRC tag “%s” is not valid and was "
                                                 "left out"), f->path, f->isrc));
      g_clear_error (&error);
    }

  if (f->composer != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) names = g_regex_split_simple ("\\s*[;/]\\s*", f->composer, 0, 0);

      /* "A; B" or "A / B": one composer each */
      json_builder_begin_array (b);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (*names[i] == '\0')
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, names[i]);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, "composer");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      if (!tm_record_set_from_string (TM_RECORD (track), "contributors", text, &error))
        g_clear_error (&error);
    }

  return TRUE;
}

static TmImportResult *import_files (const char          *catalog_path,
                                     const char          *unzip_root,
                                     const char * const  *paths,
                                     gint64               release_id,
                                     const char          *title,
                                     const char          *artist,
                                     GPtrArray           *unzipped,
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
  g_autoptr(GPtrArray) unzipped = g_ptr_array_new_with_free_func (unpacked_free);
  g_autofree char *catalog_dir = NULL;
  g_autofree char *unzip_root = NULL;
  TmImportResult *result;

  g_return_val_if_fail (catalog_path != NULL, NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  /* Zips are unpacked beside the catalog, where the tracks can go on finding
   * them; what an import that was killed there left goes first. */
  catalog_dir = g_path_get_dirname (catalog_path);
  unzip_root = g_build_filename (catalog_dir, "imports", NULL);
  tm_import_clean_leftovers (unzip_root);

  result = import_files (catalog_path, unzip_root, paths, release_id, title, artist, unzipped,
                         cancellable, error);
  for (guint i = 0; i < unzipped->len; i++)
    {
      Unpacked *u = g_ptr_array_index (unzipped, i);

      if (result == NULL)
        remove_tree (u->folder);
      else
        {
          /* Committed: the files are the catalog's now. */
          g_autofree char *marker = g_build_filename (u->folder, MARKER_NAME, NULL);

          g_unlink (marker);
        }
    }

  return result;
}

static TmImportResult *
import_files (const char          *catalog_path,
              const char          *unzip_root,
              const char * const  *paths,
              gint64               release_id,
              const char          *title,
              const char          *artist,
              GPtrArray           *unzipped,
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
  Scan scan = { audio, images, skipped, 0, unzip_root, unzipped, G_MININT64, 0, unreadable };
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
      read_tags (discoverer, g_ptr_array_index (audio, i));
      if (((Found *) g_ptr_array_index (audio, i))->tags_cleaned)
        {
          g_autofree char *name = g_filename_display_name (
                                    ((Found *) g_ptr_array_index (audio, i))->path);

          g_ptr_array_add (skipped, g_strdup_printf (_("%s: control characters in its tags were "
                                                      "left out"), name));
        }
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
      g_autofree char *folder_title = release_title_for (paths);
      const char *album = common (audio, G_STRUCT_OFFSET (Found, album));
      const char *album_artist = common (audio, G_STRUCT_OFFSET (Found, album_artist));
      const char *track_artist = common (audio, G_STRUCT_OFFSET (Found, artist));
      const char *genre = common (audio, G_STRUCT_OFFSET (Found, genre));
      const char *date = common (audio, G_STRUCT_OFFSET (Found, date));

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
      tm_release_set_release_type (release, type_for_count (audio->len));
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
      apply_tags (track, f, skipped);
      tm_track_set_audio_path (track, hash->path);
      tm_track_set_audio_size (track, hash->size);
      tm_track_set_audio_mtime (track, hash->mtime_usec);
      tm_track_set_audio_sha256 (track, hash->sha256);

      if (!tm_catalog_add_track (catalog, result->release_id, track, &local_error))
        goto fail;
      result->n_tracks++;
    }

  if ((cover = choose_cover (images)) != NULL)
    {
      g_autoptr(TmArtwork) artwork = tm_artwork_new ();
      g_autoptr(TmFileHash) hash = NULL;
      g_autoptr(GError) hash_error = NULL;

      if ((hash = tm_file_hash_sync_full (cover, TM_OPEN_NOFOLLOW, cancellable,
                                          &hash_error)) != NULL)
        {
          tm_artwork_set_path (artwork, hash->path);
          tm_artwork_set_size (artwork, hash->size);
          tm_artwork_set_mtime (artwork, hash->mtime_usec);
          tm_artwork_set_sha256 (artwork, hash->sha256);
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
