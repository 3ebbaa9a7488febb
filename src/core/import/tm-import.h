/* tm-import.h: files, folders and zips dropped on the window become a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  release_id;     /* the release created or extended */
  guint   n_tracks;       /* tracks added */
  gboolean has_cover;
  GStrv   skipped;        /* "file: why", for files that could not be read */
} TmImportResult;

void            tm_import_result_free      (TmImportResult       *result);

void            tm_import_files_async      (const char           *catalog_path,
                                            const char * const   *paths,
                                            gint64                release_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
TmImportResult *tm_import_files_finish     (GAsyncResult         *result,
                                            GError              **error);
TmImportResult *tm_import_files_full_sync  (const char           *catalog_path,
                                            const char * const   *paths,
                                            gint64                release_id,
                                            const char           *title,
                                            const char           *artist,
                                            GCancellable         *cancellable,
                                            GError              **error);
TmImportResult *tm_import_files_sync       (const char           *catalog_path,
                                            const char * const   *paths,
                                            gint64                release_id,
                                            GCancellable         *cancellable,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmImportResult, tm_import_result_free)

G_END_DECLS
