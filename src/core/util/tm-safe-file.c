/* tm-safe-file.c: opening and reading files from outside without being fooled
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A path that comes from outside (a dropped file, a track's recorded audio, a
 * status file, an acknowledgement) may name anything. open() of a FIFO waits
 * for a writer forever; a device or /proc file may never end; a symbolic link
 * may lead anywhere. So a file is opened without blocking (O_NONBLOCK), its kind
 * is read from the open descriptor (fstat, no race with a rename), and anything
 * but a regular file is refused before a byte is read. Files read whole have
 * their size checked first and are read against a limit, never "until the end". */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-safe-file.h"

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a named pipe");
  if (S_ISSOCK (mode))
    return _("a socket");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISLNK (mode))
    return _("a symbolic link");
  return _("not an ordinary file");
}

/**
 * tm_open_regular:
 * @st: (out) (optional): what fstat() says of it
 *
 * Opens a regular file for reading. A FIFO, a device, a socket or a folder is
 * refused without blocking and without reading; with %TM_OPEN_NOFOLLOW, so is
 * a symbolic link.
 *
 * Returns: a descriptor (close-on-exec, blocking), or -1 with an error that
 *   names @path
 */
int
tm_open_regular (const char   *path,
                 TmOpenFlags   flags,
                 struct stat  *st,
                 GError      **error)
{
  g_autofree char *name = g_filename_display_name (path);
  struct stat local;
  int fd, saved;

  if (st == NULL)
    st = &local;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
                     | ((flags & TM_OPEN_NOFOLLOW) ? O_NOFOLLOW : 0), 0);
  if (fd < 0)
    {
      saved = errno;
      if (saved == ELOOP && (flags & TM_OPEN_NOFOLLOW))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     _("%s is a symbolic link; TuneMantra reads the file itself, not a link to "
                       "it."), name);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s cannot be read: %s"),
                     name, g_strerror (saved));
      return -1;
    }

  if (fstat (fd, st) != 0)
    {
      saved = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s cannot be read: %s"),
                   name, g_strerror (saved));
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is %s, not an ordinary file; it was not read."), name,
                   kind_of (st->st_mode));
      return -1;
    }

  /* Reads of a regular file never block anyway; the flag goes for clarity. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/**
 * tm_fopen_regular:
 *
 * tm_open_regular() as a stdio stream ("rb").
 */
FILE *
tm_fopen_regular (const char   *path,
                  TmOpenFlags   flags,
                  struct stat  *st,
                  GError      **error)
{
  int fd = tm_open_regular (path, flags, st, error);
  FILE *file;

  if (fd < 0)
    return NULL;
  if ((file = fdopen (fd, "rb")) == NULL)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s cannot be read: %s"),
                   name, g_strerror (saved));
    }
  return file;
}

/**
 * tm_read_fd_bounded:
 * @name: the file's name, for messages
 * @max_bytes: the most that is read; a larger file is refused unread
 * @length: (out) (optional): the bytes read
 *
 * Reads an open regular file whole, its size checked before the first read and
 * the reading stopped at @max_bytes whatever the size said (a file may grow).
 *
 * Returns: (transfer full): the contents, NUL-terminated, or %NULL with an error
 */
char *
tm_read_fd_bounded (int          fd,
                    const char  *name,
                    gsize        max_bytes,
                    gsize       *length,
                    GError     **error)
{
  struct stat st;
  g_autofree char *data = NULL;
  gsize done = 0;

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s cannot be read: %s"),
                   name, g_strerror (saved));
      return NULL;
    }
  if (st.st_size < 0 || (guint64) st.st_size > max_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("%s is larger than %" G_GSIZE_FORMAT " KiB; it was not read."), name,
                   max_bytes >> 10);
      return NULL;
    }

  data = g_malloc ((gsize) st.st_size + 1);
  for (;;)
    {
      gssize n;

      if (done == (gsize) st.st_size)
        {
          /* One byte more than it said is a file that grows: refused. */
          char probe;

          n = read (fd, &probe, 1);
          if (n == 0)
            break;
          if (n > 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("%s grew while it was read; it was not used."), name);
              return NULL;
            }
        }
      else
        n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("%s cannot be read: %s"), name, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;          /* shorter than it said: what is there */
      done += n;
    }

  data[done] = '\0';
  if (length != NULL)
    *length = done;
  return g_steal_pointer (&data);
}

/**
 * tm_read_file_bounded:
 *
 * tm_open_regular() and tm_read_fd_bounded().
 *
 * Returns: (transfer full): the contents, NUL-terminated, or %NULL with an error
 */
char *
tm_read_file_bounded (const char   *path,
                      gsize         max_bytes,
                      TmOpenFlags   flags,
                      gsize        *length,
                      GError      **error)
{
  g_autofree char *name = g_filename_display_name (path);
  int fd = tm_open_regular (path, flags, NULL, error);
  char *data;

  if (fd < 0)
    return NULL;
  data = tm_read_fd_bounded (fd, name, max_bytes, length, error);
  close (fd);
  return data;
}

/**
 * tm_proc_path_for_fd:
 *
 * A path that opens the very file @fd is open on (for a library that takes a
 * path), so that what was checked is what is read.
 *
 * Returns: (transfer full) (nullable): /proc/self/fd/N, or %NULL without /proc
 */
char *
tm_proc_path_for_fd (int fd)
{
  char *path = g_strdup_printf ("/proc/self/fd/%d", fd);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_free (path);
  return NULL;
}

/**
 * tm_path_is_inside:
 *
 * Whether @path, with every symbolic link on the way resolved, is @folder or
 * lies below it (also resolved). A path that cannot be resolved is not.
 */
gboolean
tm_path_is_inside (const char *path,
                   const char *folder)
{
  g_autofree char *real_path = realpath (path, NULL);
  g_autofree char *real_folder = realpath (folder, NULL);
  gsize n;

  if (real_path == NULL || real_folder == NULL)
    return FALSE;
  n = strlen (real_folder);
  if (n == 1 && real_folder[0] == '/')
    return TRUE;
  return strncmp (real_path, real_folder, n) == 0
         && (real_path[n] == '\0' || real_path[n] == '/');
}
