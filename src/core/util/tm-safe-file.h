/* tm-safe-file.h: opening and reading files from outside without being fooled
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <sys/stat.h>

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TM_OPEN_FOLLOW   = 0,
  TM_OPEN_NOFOLLOW = 1 << 0,     /* the file itself must not be a symbolic link */
} TmOpenFlags;

int       tm_open_regular         (const char   *path,
                                   TmOpenFlags   flags,
                                   struct stat  *st,
                                   GError      **error);
FILE     *tm_fopen_regular        (const char   *path,
                                   TmOpenFlags   flags,
                                   struct stat  *st,
                                   GError      **error);
char     *tm_read_file_bounded    (const char   *path,
                                   gsize         max_bytes,
                                   TmOpenFlags   flags,
                                   gsize        *length,
                                   GError      **error);
char     *tm_read_fd_bounded      (int           fd,
                                   const char   *name,
                                   gsize         max_bytes,
                                   gsize        *length,
                                   GError      **error);
char     *tm_proc_path_for_fd     (int           fd);
gboolean  tm_path_is_inside       (const char   *path,
                                   const char   *folder);

G_END_DECLS
