/* tm-report-cache.h: inspection reports, kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-file-hash.h"
#include "tm-inspector.h"

G_BEGIN_DECLS

GPtrArray *tm_report_cache_inspect (const char            *catalog_path,
                                    const char * const    *paths,
                                    TmInspectProgressFunc  progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable);
TmReport  *tm_report_cache_inspect_hashed (const char       *catalog_path,
                                           const TmFileHash *hash,
                                           GCancellable     *cancellable);
TmReport  *tm_report_cache_lookup  (TmCatalog             *catalog,
                                    const char            *path);

G_END_DECLS
