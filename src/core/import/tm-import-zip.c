/* tm-import-zip.c: zips dropped on the window, unpacked within limits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A zip is unpacked beside the catalog (where its tracks go on finding their
 * files) into a folder of its own, with a marker the importing process holds
 * locked until the import is committed. Only regular files are unpacked,
 * never outside their folder, never through a link; what all the zips of one
 * import unpack is bounded in files, in bytes (what the disc can spare) and
 * in how much more than the zip itself they may be. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-import-zip-private.h"
#include "tm-safe-file.h"

/* A zip holds a release, not a disk image: more than this is refused. */
#define MAX_UNZIPPED_BYTES (G_GINT64_CONSTANT (16) << 30)
/* Audio and images barely compress: a zip that unpacks to more than this many
 * times its size (after the first RATIO_ALLOWANCE bytes) is a bomb. */
#define MAX_RATIO 50
#define RATIO_ALLOWANCE (G_GINT64_CONSTANT (64) << 20)
/* What unpacking always leaves free on the disc. */
#define KEEP_FREE_BYTES (G_GINT64_CONSTANT (512) << 20)
/* Files all the zips of one import may hold together. */
#define MAX_FILES TM_IMPORT_ZIP_MAX_FILES

struct _TmImportZip
{
  char       *root;       /* where zips are unpacked */
  GPtrArray  *unpacked;   /* Unpacked, the folders unpacked into */
  gint64      budget;     /* bytes every zip of this import may still unpack to */
  guint       n_unpacked; /* files unpacked, by every zip of this import */
  gboolean    kept;
};

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

/**
 * tm_import_zip_sniff:
 *
 * Whether @path is a regular file that starts as a zip does.
 */
gboolean
tm_import_zip_sniff (const char *path)
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
 * tm_import_zip_clean_leftovers:
 * @root: the folder zips are unpacked in (imports/ beside the catalog)
 *
 * Removes what imports killed or stopped before they were committed left in
 * @root: folders whose marker no running import holds.
 */
void
tm_import_zip_clean_leftovers (const char *root)
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
              TmImportZip    *self,
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
      self->budget -= size;
      if (self->budget < 0)
        {
          close (fd);
          return too_big (zip, unpack_budget (self->root), error);
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

/**
 * tm_import_zip_unpack:
 *
 * Unpacks @zip into a new folder under the import's root: regular files only,
 * nothing outside the folder, within the import's limits (MAX_FILES files for
 * all its zips together, MAX_RATIO times the zip's size, what the disc can
 * spare). A zip inside a zip spends the same budget.
 *
 * Returns: (transfer full): the folder the files are in, or %NULL with an error
 */
char *
tm_import_zip_unpack (TmImportZip   *self,
                      const char    *zip,
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
  if (g_mkdir_with_parents (self->root, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder %s cannot be made to unpack %s in: %s"), self->root, zip,
                   g_strerror (saved));
      archive_read_free (archive);
      return NULL;
    }
  if (self->budget == G_MININT64)
    self->budget = unpack_budget (self->root);

  template = g_build_filename (self->root, "XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("A folder to unpack %s in cannot be made in %s: %s"), zip, self->root,
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
  g_ptr_array_add (self->unpacked, unpacked);

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
      if (++self->n_unpacked > MAX_FILES)
        {
          ok = too_big (zip, unpack_budget (self->root), error);
          goto out;
        }

      target = g_build_filename (folder, name, NULL);
      parent = g_path_get_dirname (target);
      g_mkdir_with_parents (parent, 0700);
      if (!tm_path_is_inside (parent, folder))
        continue;
      if (!unpack_entry (archive, zip, target, st.st_size, &written, self, error))
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
 * tm_import_zip_unpack_one:
 * @root: a folder to unpack into; the caller removes it
 *
 * Unpacks a zip as an import does, with its limits: for tests and fuzzing.
 *
 * Returns: (transfer full): the folder the files are in, or %NULL with an error
 */
char *
tm_import_zip_unpack_one (const char  *zip,
                          const char  *root,
                          GError     **error)
{
  g_autoptr(TmImportZip) zips = tm_import_zip_new (root);
  char *folder = tm_import_zip_unpack (zips, zip, NULL, error);

  if (folder != NULL)
    tm_import_zip_keep (zips);
  return folder;
}

/**
 * tm_import_zip_new:
 * @root: the folder zips are unpacked in (imports/ beside the catalog)
 *
 * The zips of one import: they share its limits, and what they unpacked is
 * removed with them unless tm_import_zip_keep() was called.
 */
TmImportZip *
tm_import_zip_new (const char *root)
{
  TmImportZip *self = g_new0 (TmImportZip, 1);

  self->root = g_strdup (root);
  self->unpacked = g_ptr_array_new_with_free_func (unpacked_free);
  self->budget = G_MININT64;
  return self;
}

/**
 * tm_import_zip_keep:
 *
 * The import was committed: the unpacked files are the catalog's now, and are
 * not removed, at tm_import_zip_free() or at a later start.
 */
void
tm_import_zip_keep (TmImportZip *self)
{
  for (guint i = 0; i < self->unpacked->len; i++)
    {
      Unpacked *u = g_ptr_array_index (self->unpacked, i);
      g_autofree char *marker = g_build_filename (u->folder, MARKER_NAME, NULL);

      g_unlink (marker);
    }
  self->kept = TRUE;
}

void
tm_import_zip_free (TmImportZip *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; !self->kept && i < self->unpacked->len; i++)
    remove_tree (((Unpacked *) g_ptr_array_index (self->unpacked, i))->folder);
  g_ptr_array_unref (self->unpacked);
  g_free (self->root);
  g_free (self);
}
