/* tm-file-hash.h: the identity of a file: size, modification time, SHA-256
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-safe-file.h"

G_BEGIN_DECLS

typedef struct
{
  char   *path;          /* absolute */
  gint64  size;
  gint64  mtime_usec;
  char   *sha256;        /* lower-case hex */
} TmFileHash;

void        tm_file_hash_free   (TmFileHash           *hash);
TmFileHash *tm_file_hash_sync_full (const char        *path,
                                    TmOpenFlags        flags,
                                    GCancellable      *cancellable,
                                    GError           **error);
TmFileHash *tm_file_hash_sync   (const char           *path,
                                 GCancellable         *cancellable,
                                 GError              **error);
void        tm_file_hash_async  (const char           *path,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
TmFileHash *tm_file_hash_finish (GAsyncResult         *result,
                                 GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmFileHash, tm_file_hash_free)

G_END_DECLS
