/* tm-preflight.h: a release of the catalog, checked against platforms
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-checker.h"

G_BEGIN_DECLS

GPtrArray *tm_preflight_check_release (TmCatalog              *catalog,
                                       gint64                  release_id,
                                       GPtrArray              *profiles,
                                       GHashTable            **reports,
                                       TmInspectProgressFunc   progress,
                                       gpointer                progress_data,
                                       GCancellable           *cancellable,
                                       GError                **error);

GPtrArray *tm_preflight_choose_profiles (TmCatalog              *catalog,
                                        GPtrArray              *all,
                                        const char * const     *wanted,
                                        GError                **error);

G_END_DECLS
