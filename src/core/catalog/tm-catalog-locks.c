/* tm-catalog-locks.c: SQLite's file locks, kept whatever else the process opens
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Why this file exists
 *
 * SQLite's unix VFS locks the catalog, and in WAL mode its -shm index, with
 * POSIX advisory locks (fcntl F_SETLK). A POSIX lock belongs to the process and
 * the file, not to a descriptor: close() of *any* descriptor of that file,
 * opened by anyone in the process, drops every lock the process holds on it.
 * GTK's file chooser sniffing catalog.db-shm, a thumbnailer, a plain copy of the
 * file: each silently leaves the window's connection without its locks. The
 * next tunemantra-cli then believes it is alone, resets the -shm index and
 * removes the WAL at its exit, and changes the window had committed are lost.
 *
 * No care at the call sites can hold against that, because the open and close
 * happen in code that is not ours. So the locks themselves change kind: Linux's
 * open file description locks (F_OFD_SETLK, since Linux 3.15) conflict with POSIX
 * locks, across processes, exactly as POSIX locks do, so other programs (the
 * sqlite3 shell, an older TuneMantra) see them; but they belong to one open file
 * description and go away only when the last descriptor of that description is
 * closed. SQLite lets a program replace the system calls of its unix VFS; here
 * every lock request on a file goes to one description per file, a duplicate of
 * the first descriptor SQLite opened on it, which no code but this knows.
 *
 * That gives SQLite exactly the semantics it was written for (one set of locks
 * per process and file: connections of one process never conflict) minus the
 * one that loses data: the locks end when SQLite has closed every one of its own
 * descriptors of the file, as they would have under POSIX, and not before.
 *
 * The replacement is process-wide (SQLite's system calls are), which is right:
 * every SQLite database of the process gains the same protection. */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tm-catalog-private.h"

typedef struct
{
  dev_t dev;
  ino_t ino;
  guint n_open;       /* descriptors SQLite holds open on the file */
  int   lock_fd;      /* the description every lock goes to; -1 until the first lock */
} LockedFile;

typedef int (*OpenFunc) (const char *, int, int);
typedef int (*CloseFunc) (int);
typedef int (*FcntlFunc) (int, int, ...);

static OpenFunc real_open;
static CloseFunc real_close;
static FcntlFunc real_fcntl;

static GMutex lock;
static GHashTable *by_fd;       /* int fd -> LockedFile *, for SQLite's descriptors */
static GHashTable *by_inode;    /* LockedFile * -> the same, keyed by dev and inode */
static gboolean ofd_supported = TRUE;

static guint
inode_hash (gconstpointer data)
{
  const LockedFile *f = data;

  return (guint) f->ino ^ (guint) (f->ino >> 32) ^ (guint) f->dev;
}

static gboolean
inode_equal (gconstpointer a,
             gconstpointer b)
{
  const LockedFile *x = a, *y = b;

  return x->dev == y->dev && x->ino == y->ino;
}

static int
wrapped_open (const char *path,
              int         flags,
              int         mode)
{
  int fd = real_open (path, flags, mode);
  struct stat st;

  if (fd >= 0 && fstat (fd, &st) == 0)
    {
      LockedFile key = { st.st_dev, st.st_ino, 0, -1 };
      LockedFile *file;

      g_mutex_lock (&lock);
      if (!(file = g_hash_table_lookup (by_inode, &key)))
        {
          file = g_new (LockedFile, 1);
          *file = key;
          g_hash_table_add (by_inode, file);
        }
      file->n_open++;
      g_hash_table_insert (by_fd, GINT_TO_POINTER (fd), file);
      g_mutex_unlock (&lock);
    }
  return fd;
}

static int
wrapped_close (int fd)
{
  LockedFile *file;
  int rc;

  /* Under the lock, so that the number is not given out again and registered
   * before this descriptor is forgotten. */
  g_mutex_lock (&lock);
  if ((file = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd))) != NULL)
    {
      g_hash_table_remove (by_fd, GINT_TO_POINTER (fd));
      if (--file->n_open == 0)
        {
          /* SQLite has let go of the file: its locks go, as under POSIX. */
          if (file->lock_fd >= 0)
            real_close (file->lock_fd);
          g_hash_table_remove (by_inode, file);
          g_free (file);
        }
    }
  rc = real_close (fd);
  g_mutex_unlock (&lock);
  return rc;
}

/* The description the locks of @fd's file go to, or -1 to use @fd as it is. */
static int
lock_fd_for (int fd)
{
  LockedFile *file;
  int result = -1;

  g_mutex_lock (&lock);
  file = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd));
  if (file != NULL)
    {
      if (file->lock_fd < 0)
        file->lock_fd = real_fcntl (fd, F_DUPFD_CLOEXEC, 3);
      result = file->lock_fd;
    }
  g_mutex_unlock (&lock);
  return result;
}

static int
wrapped_fcntl (int fd,
               int cmd,
               ...)
{
  va_list args;
  int ofd_cmd = cmd == F_SETLK ? F_OFD_SETLK
                : cmd == F_SETLKW ? F_OFD_SETLKW
                : cmd == F_GETLK ? F_OFD_GETLK : 0;

  va_start (args, cmd);
  if (ofd_cmd != 0)
    {
      struct flock *request = va_arg (args, struct flock *);
      int target = ofd_supported ? lock_fd_for (fd) : -1;
      struct flock ofd;
      int rc;

      va_end (args);
      if (target < 0)
        return real_fcntl (fd, cmd, request);

      /* OFD locks want l_pid zero; SQLite leaves it as it was. */
      ofd = *request;
      ofd.l_pid = 0;
      rc = real_fcntl (target, ofd_cmd, &ofd);
      if (cmd == F_GETLK && rc == 0)
        {
          request->l_type = ofd.l_type;
          request->l_whence = ofd.l_whence;
          request->l_start = ofd.l_start;
          request->l_len = ofd.l_len;
          request->l_pid = ofd.l_pid;
        }
      return rc;
    }

  switch (cmd)
    {
    case F_GETFD:
    case F_GETFL:
      va_end (args);
      return real_fcntl (fd, cmd);
    case F_SETFD:
    case F_SETFL:
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      {
        int arg = va_arg (args, int);

        va_end (args);
        return real_fcntl (fd, cmd, arg);
      }
    default:
      {
        void *arg = va_arg (args, void *);

        va_end (args);
        return real_fcntl (fd, cmd, arg);
      }
    }
}

static gpointer
install (gpointer data)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");
  struct flock probe = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int fd;

  if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL)
    {
      g_warning ("SQLite's unix VFS cannot be adapted; the catalog keeps POSIX locks");
      return NULL;
    }

  /* A kernel without OFD locks (before 3.15) keeps POSIX ones. */
  fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      ofd_supported = fcntl (fd, F_OFD_GETLK, &probe) == 0 || errno != EINVAL;
      close (fd);
    }

  by_fd = g_hash_table_new (g_direct_hash, g_direct_equal);
  by_inode = g_hash_table_new (inode_hash, inode_equal);
  real_open = (OpenFunc) vfs->xGetSystemCall (vfs, "open");
  real_close = (CloseFunc) vfs->xGetSystemCall (vfs, "close");
  real_fcntl = (FcntlFunc) vfs->xGetSystemCall (vfs, "fcntl");
  vfs->xSetSystemCall (vfs, "open", (sqlite3_syscall_ptr) wrapped_open);
  vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr) wrapped_close);
  vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) wrapped_fcntl);
  return GINT_TO_POINTER (1);
}

/**
 * _tm_catalog_keep_locks:
 *
 * Makes SQLite's locks in this process immune to close() of other descriptors
 * of the same files (see the top of this file). Idempotent; call before the
 * first connection is opened.
 */
void
_tm_catalog_keep_locks (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install, NULL);
}
