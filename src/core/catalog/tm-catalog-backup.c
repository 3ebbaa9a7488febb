/* tm-catalog-backup.c: copies of the catalog, and restoring one
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A live database is never copied as a file: a copy taken while another
 * connection writes may be torn, and opening and closing the file would drop
 * the process's locks were they POSIX ones (tm-catalog-locks.c). Copies are made
 * by SQLite itself, with VACUUM INTO, inside a read transaction: whole and
 * consistent whatever else writes.
 *
 * Once a day, the first time a catalog is opened that day, a copy goes to
 * backups/ beside it, and the last TM_CATALOG_BACKUPS_KEPT stay. A damaged
 * catalog is refused with the newest one named, and tm_catalog_restore() puts
 * it back. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/statvfs.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-catalog-private.h"

#define TM_CATALOG_BACKUPS_KEPT 5
/* Room a backup leaves free, so that it never fills the disk the catalog
 * itself needs to write to. */
#define TM_CATALOG_BACKUP_SPARE_BYTES (G_GINT64_CONSTANT (64) << 20)

static char *
backup_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_build_filename (dir, "backups", NULL);
}

/* "catalog" for catalog.db: the backups of several catalogs in one folder
 * do not mix. */
static char *
backup_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/**
 * _tm_catalog_vacuum_into:
 * @dest: a file that does not exist yet
 *
 * A consistent copy of @db in @dest, private to the user, made by SQLite.
 * Nothing is left at @dest when it fails.
 */
gboolean
_tm_catalog_vacuum_into (sqlite3     *db,
                         const char  *path,
                         const char  *dest,
                         GError     **error)
{
  char *sql;
  int fd, rc;

  /* VACUUM INTO takes an empty file: made here, so that it is the user's alone. */
  fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, TM_CATALOG_ERROR,
                   saved == ENOSPC ? TM_CATALOG_ERROR_DISK_FULL : TM_CATALOG_ERROR_FAILED,
                   _("A copy of the catalog cannot be written to %s: %s"), dest,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);

  sql = sqlite3_mprintf ("VACUUM INTO %Q;", dest);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      _tm_catalog_set_sqlite_error (error, db, rc, path);
      g_prefix_error (error, _("A copy of the catalog to %s failed: "), dest);
      g_unlink (dest);
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The daily backups of @path, oldest first (their names sort by date). */
static GPtrArray *
list_backups (const char *path)
{
  g_autofree char *dir = backup_dir (path);
  g_autofree char *stem = backup_stem (path);
  g_autofree char *prefix = g_strconcat (stem, "-", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".db")
        && strlen (name) == strlen (prefix) + strlen ("YYYYMMDD.db"))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (found, compare_names);
  return found;
}

/**
 * tm_catalog_find_last_backup:
 * @path: a catalog file
 *
 * Returns: (transfer full) (nullable): the newest copy of @path TuneMantra
 *   made (a daily backup, or the copy made before an upgrade), or %NULL
 */
char *
tm_catalog_find_last_backup (const char *path)
{
  g_autoptr(GPtrArray) daily = list_backups (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  char *newest = NULL;
  gint64 newest_time = G_MININT64;
  GStatBuf st;
  const char *name;

  for (guint i = 0; i < daily->len; i++)
    if (g_stat (g_ptr_array_index (daily, i), &st) == 0 && st.st_mtime >= newest_time)
      {
        g_free (newest);
        newest = g_strdup (g_ptr_array_index (daily, i));
        newest_time = st.st_mtime;
      }

  /* catalog.db.v5.backup, from before an upgrade */
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, base) && g_str_has_suffix (name, ".backup")
        && strncmp (name + strlen (base), ".v", 2) == 0)
      {
        g_autofree char *full = g_build_filename (dir, name, NULL);

        if (g_stat (full, &st) == 0 && st.st_mtime > newest_time)
          {
            g_free (newest);
            newest = g_steal_pointer (&full);
            newest_time = st.st_mtime;
          }
      }
  return newest;
}

/**
 * _tm_catalog_backup_daily:
 *
 * Makes today's backup of @path if there is none yet, and removes the oldest
 * beyond TM_CATALOG_BACKUPS_KEPT. A failure is logged, not fatal: the catalog
 * works without its backup.
 */
void
_tm_catalog_backup_daily (sqlite3    *db,
                          const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  g_autofree char *dir = backup_dir (path);
  g_autofree char *stem = backup_stem (path);
  g_autofree char *name = g_strdup_printf ("%s-%s.db", stem, day);
  g_autofree char *dest = g_build_filename (dir, name, NULL);
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  GStatBuf st;
  struct statvfs fs;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    return;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_message ("No backup of the catalog: %s cannot be made: %s", dir, g_strerror (errno));
      return;
    }
  if (g_stat (path, &st) == 0 && statvfs (dir, &fs) == 0
      && (gint64) fs.f_bavail * (gint64) fs.f_frsize
         < 2 * (gint64) st.st_size + TM_CATALOG_BACKUP_SPARE_BYTES)
    {
      g_message ("No backup of the catalog today: the disk holding %s is nearly full", dir);
      return;
    }

  /* Written under another name and renamed: a backup that exists is whole. */
  g_unlink (partial);
  if (!_tm_catalog_vacuum_into (db, path, partial, &error))
    {
      g_message ("No backup of the catalog today: %s", error->message);
      return;
    }
  if (g_rename (partial, dest) != 0)
    {
      g_message ("No backup of the catalog today: %s: %s", dest, g_strerror (errno));
      g_unlink (partial);
      return;
    }

  all = list_backups (path);
  for (guint i = 0; i + TM_CATALOG_BACKUPS_KEPT < all->len; i++)
    g_unlink (g_ptr_array_index (all, i));
}

static gboolean
move_aside (const char  *from,
            const char  *to,
            GError     **error)
{
  if (!g_file_test (from, G_FILE_TEST_EXISTS) || g_rename (from, to) == 0)
    return TRUE;

  g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_FAILED,
               _("%s cannot be moved aside to %s: %s"), from, to, g_strerror (errno));
  return FALSE;
}

/**
 * tm_catalog_restore:
 * @path: the catalog file, damaged or not
 * @backup: a copy made by TuneMantra
 * @moved_to: (out) (optional): where the catalog that was replaced now is
 *
 * Puts @backup in the place of @path. The catalog that was there (with its
 * -wal and -shm) is moved aside, never removed. @backup is checked first: a
 * damaged backup changes nothing. Close every window and command using the
 * catalog before.
 */
gboolean
tm_catalog_restore (const char  *path,
                    const char  *backup,
                    char       **moved_to,
                    GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
  g_autofree char *partial = g_strconcat (path, ".restoring", NULL);
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  sqlite3 *db = NULL;
  char *check = NULL;
  int rc;

  g_return_val_if_fail (path != NULL && backup != NULL, FALSE);

  _tm_catalog_keep_locks ();
  rc = sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = _tm_catalog_quick_check (db, &check);
  if (rc != SQLITE_OK || check != NULL)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("The backup %s is damaged too (%s); nothing was changed."), backup,
                   check != NULL ? check : sqlite3_errstr (rc));
      g_free (check);
      sqlite3_close (db);
      return FALSE;
    }

  /* The copy is made beside the catalog first, then renamed into its place. */
  g_unlink (partial);
  if (!_tm_catalog_vacuum_into (db, backup, partial, error))
    {
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (!move_aside (from, to, error))
        {
          g_unlink (partial);
          return FALSE;
        }
    }
  if (g_rename (partial, path) != 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_FAILED,
                   _("The backup could not be put in place of %s: %s. The old catalog is "
                     "at %s."), path, g_strerror (errno), aside);
      return FALSE;
    }

  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);
  return TRUE;
}
