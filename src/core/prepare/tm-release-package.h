/* tm-release-package.h: the package of a release of the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-package.h"

G_BEGIN_DECLS

TmPackage *tm_release_package_new          (TmCatalog            *catalog,
                                            gint64                release_id,
                                            gint64                distribution_id,
                                            GError              **error);
TmPackage *tm_release_package_new_measured (TmCatalog            *catalog,
                                            gint64                release_id,
                                            gint64                distribution_id,
                                            GCancellable         *cancellable,
                                            GError              **error);
GStrv      tm_release_package_unmeasured   (TmPackage            *package);
void       tm_release_package_measure_async  (TmCatalog           *catalog,
                                              const char * const  *paths,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   tm_release_package_measure_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
