/* tm-inspector.h: inspects files, audio or image, into typed reports
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-report.h"

G_BEGIN_DECLS

/* Called from the analysing threads, several at once: @fraction of @path done. */
typedef void (*TmInspectProgressFunc) (const char *path,
                                       double      fraction,
                                       gpointer    user_data);

gboolean   tm_is_image_path       (const char            *path);
GPtrArray *tm_inspect_files       (const char * const    *paths,
                                   TmInspectProgressFunc  progress,
                                   gpointer               progress_data,
                                   GCancellable          *cancellable);

G_END_DECLS
