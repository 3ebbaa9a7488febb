/* tm-earnings-zip.c: the reports inside a zip (DistroKid's, zips inside a zip)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* DistroKid ships its newer report as a zip of zips of results.csv. The reports
 * (.csv, .tsv, .txt, .gz) inside a zip, and inside the zips in it (one level
 * down, no further), are written to a private folder of their own under names
 * TuneMantra makes (never the entries' names, which could climb out of it), and
 * imported one by one, each under its own checksum.
 *
 * Within limits, checked as the bytes come, whatever the entries' headers say:
 * MAX_PARTS reports, MAX_BYTES in all, and no more than MAX_RATIO times the
 * zip's own size (plus RATIO_ALLOWANCE): a zip bomb stops there, with the zip's
 * name. Links, devices and folders inside are skipped. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-earnings-zip.h"
#include "tm-safe-file.h"

#define MAX_PARTS       200
#define MAX_BYTES       (G_GINT64_CONSTANT (4) << 30)
#define MAX_RATIO       200
#define RATIO_ALLOWANCE (G_GINT64_CONSTANT (64) << 20)
#define NESTED_BLOCK    (64 * 1024)

void
tm_earnings_part_free (TmEarningsPart *part)
{
  if (part == NULL)
    return;
  g_free (part->name);
  g_free (part->path);
  g_free (part);
}

/**
 * tm_earnings_is_zip:
 *
 * Whether @path starts as a zip does (PK\x03\x04), whatever its name.
 */
gboolean
tm_earnings_is_zip (const char *path)
{
  guint8 magic[4] = { 0 };
  FILE *f = tm_fopen_regular (path, TM_OPEN_FOLLOW, NULL, NULL);
  gboolean zip;

  if (f == NULL)
    return FALSE;
  zip = fread (magic, 1, sizeof magic, f) == sizeof magic && memcmp (magic, "PK\x03\x04", 4) == 0;
  fclose (f);
  return zip;
}

typedef struct
{
  const char   *zip;          /* its name, for messages */
  char         *folder;
  GPtrArray    *parts;
  gint64        zip_size;
  gint64        written;
  GCancellable *cancellable;
} Unpack;

static gboolean
is_report_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv")
         || g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".gz");
}

static gboolean
is_hidden (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  return g_str_has_prefix (name, "__MACOSX/") || base[0] == '.';
}

static gboolean
archive_failed (Unpack          *u,
                struct archive  *a,
                GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s could not be unpacked: %s. Download it again."), u->zip,
               archive_error_string (a) != NULL ? archive_error_string (a) : _("it is damaged"));
  return FALSE;
}

static gboolean
too_much (Unpack  *u,
          GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("%s unpacks to far more than it holds (more than %d times its size, or more "
                 "than 4 GB): it is not unpacked. Unpack it yourself if it is a report."),
               u->zip, MAX_RATIO);
  return FALSE;
}

/* The entry under the header just read, into a new file of the folder. */
static gboolean
write_part (Unpack          *u,
            struct archive  *a,
            const char      *shown,
            const char      *entry,
            GError         **error)
{
  g_autofree char *ext = NULL;
  g_autofree char *target = NULL;
  const char *dot = strrchr (entry, '.');
  const void *block;
  size_t size;
  la_int64_t offset;
  int rc, fd;

  if (u->parts->len >= MAX_PARTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                   _("%s holds more than %d reports: unpack it yourself and import them a few "
                     "at a time."), u->zip, MAX_PARTS);
      return FALSE;
    }
  ext = g_ascii_strdown (dot != NULL ? dot : ".csv", -1);
  target = g_strdup_printf ("%s/part-%u%s", u->folder, u->parts->len + 1,
                            strlen (ext) <= 4 ? ext : ".csv");
  fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not unpack %s: %s"), u->zip, g_strerror (saved));
      return FALSE;
    }
  while ((rc = archive_read_data_block (a, &block, &size, &offset)) == ARCHIVE_OK)
    {
      u->written += (gint64) size;
      if (u->written > MAX_BYTES || u->written > u->zip_size * MAX_RATIO + RATIO_ALLOWANCE)
        {
          close (fd);
          return too_much (u, error);
        }
      if (g_cancellable_set_error_if_cancelled (u->cancellable, error))
        {
          close (fd);
          return FALSE;
        }
      if (write (fd, block, size) != (ssize_t) size)
        {
          int saved = errno != 0 ? errno : ENOSPC;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not unpack %s: %s"), u->zip, g_strerror (saved));
          return FALSE;
        }
    }
  if (close (fd) != 0 || rc != ARCHIVE_EOF)
    return archive_failed (u, a, error);

  {
    TmEarningsPart *part = g_new0 (TmEarningsPart, 1);

    part->name = g_strdup (shown);
    part->path = g_steal_pointer (&target);
    g_ptr_array_add (u->parts, part);
  }
  return TRUE;
}

/* A zip inside the zip, read from the outer one's entry as it is unpacked. */
typedef struct
{
  struct archive *outer;
} Nested;

static la_ssize_t
nested_read (struct archive *a,
             void           *data,
             const void    **buffer)
{
  Nested *n = data;
  const void *block;
  size_t size;
  la_int64_t offset;
  int rc = archive_read_data_block (n->outer, &block, &size, &offset);

  if (rc == ARCHIVE_EOF)
    return 0;
  if (rc != ARCHIVE_OK)
    {
      archive_set_error (a, EIO, "%s", archive_error_string (n->outer) != NULL
                                       ? archive_error_string (n->outer) : "read error");
      return -1;
    }
  *buffer = block;
  return (la_ssize_t) size;
}

static gboolean
read_entries (Unpack          *u,
              struct archive  *a,
              const char      *prefix,
              gboolean         nested,
              GError         **error)
{
  struct archive_entry *entry;
  int rc;

  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      g_autofree char *clean = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *lower = NULL;

      if (name == NULL)
        name = archive_entry_pathname (entry);
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG || is_hidden (name))
        continue;
      clean = g_utf8_make_valid (name, -1);
      shown = g_strdup_printf ("%s › %s", prefix, clean);
      lower = g_ascii_strdown (clean, -1);

      if (!nested && g_str_has_suffix (lower, ".zip"))
        {
          Nested n = { a };
          struct archive *inner = archive_read_new ();
          gboolean ok;

          archive_read_support_format_zip (inner);
          archive_read_support_filter_none (inner);
          if (archive_read_open (inner, &n, NULL, nested_read, NULL) != ARCHIVE_OK)
            ok = archive_failed (u, inner, error);
          else
            ok = read_entries (u, inner, shown, TRUE, error);
          archive_read_free (inner);
          if (!ok)
            return FALSE;
        }
      else if (is_report_name (clean) && !write_part (u, a, shown, clean, error))
        return FALSE;
    }
  if (rc != ARCHIVE_EOF)
    return archive_failed (u, a, error);
  return TRUE;
}

/**
 * tm_earnings_zip_unpack:
 * @folder: (out): the private folder the reports were written to, for
 *   tm_earnings_zip_remove() once they are imported
 *
 * Returns: (transfer full) (element-type TmEarningsPart): the reports in the
 *   zip, in its order, or %NULL with an error (nothing is left behind)
 */
GPtrArray *
tm_earnings_zip_unpack (const char    *path,
                        char         **folder,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *base = g_path_get_basename (path);
  Unpack u = { base, NULL, NULL, 0, 0, cancellable };
  struct archive *a;
  struct stat st;
  gboolean ok;
  int fd;

  *folder = NULL;
  if ((fd = tm_open_regular (path, TM_OPEN_FOLLOW, &st, error)) < 0)
    return NULL;
  u.zip_size = st.st_size;
  u.folder = g_dir_make_tmp ("tunemantra-report-XXXXXX", error);
  if (u.folder == NULL)
    {
      close (fd);
      return NULL;
    }
  u.parts = g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_part_free);

  a = archive_read_new ();
  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_fd (a, fd, 1 << 16) != ARCHIVE_OK)
    ok = archive_failed (&u, a, error);
  else
    ok = read_entries (&u, a, base, FALSE, error);
  archive_read_free (a);
  close (fd);

  if (ok && u.parts->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s has no report inside it (a .csv, .tsv or .txt file)."), base);
      ok = FALSE;
    }
  if (!ok)
    {
      tm_earnings_zip_remove (u.folder);
      g_free (u.folder);
      g_ptr_array_unref (u.parts);
      return NULL;
    }
  *folder = u.folder;
  return u.parts;
}

/**
 * tm_earnings_zip_remove:
 *
 * Removes the folder of unpacked reports, and what is in it.
 */
void
tm_earnings_zip_remove (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (folder == NULL || !(dir = g_dir_open (folder, 0, NULL)))
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}
