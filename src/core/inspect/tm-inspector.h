/* tm-inspector.h: inspects files, audio or image, with reports kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-artwork-inspector.h"
#include "tm-audio-analyzer.h"
#include "tm-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  TM_INSPECT_WITH_OVERVIEW = 1 << 0,
} TmInspectFlags;

/* Called from the analysing threads, several at once: @fraction of @path done. */
typedef void (*TmInspectProgressFunc) (const char *path,
                                       double      fraction,
                                       gpointer    user_data);

gboolean   tm_is_image_path       (const char          *path);
/* A number of a report (JSON of tm_inspect_files()); FALSE if absent or null. */
gboolean   tm_report_get_number   (JsonObject          *report,
                                   const char          *key,
                                   double              *value);
GPtrArray *tm_inspect_files       (const char          *catalog_path,
                                   const char * const  *paths,
                                   GCancellable        *cancellable);
GPtrArray *tm_inspect_files_full  (const char          *catalog_path,
                                   const char * const  *paths,
                                   TmInspectFlags       flags,
                                   TmInspectProgressFunc progress,
                                   gpointer             progress_data,
                                   GCancellable        *cancellable);

G_END_DECLS
