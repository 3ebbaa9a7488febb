/* tm-import-zip.h: zips dropped on the window, unpacked within limits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Enough for a box set; a dropped home folder is refused, not walked for an hour. */
#define TM_IMPORT_ZIP_MAX_FILES 1000

typedef struct _TmImportZip TmImportZip;

TmImportZip *tm_import_zip_new             (const char    *root);
char        *tm_import_zip_unpack          (TmImportZip   *self,
                                            const char    *zip,
                                            GCancellable  *cancellable,
                                            GError       **error);
void         tm_import_zip_keep            (TmImportZip   *self);
void         tm_import_zip_free            (TmImportZip   *self);
gboolean     tm_import_zip_sniff           (const char    *path);
void         tm_import_zip_clean_leftovers (const char    *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmImportZip, tm_import_zip_free)

G_END_DECLS
