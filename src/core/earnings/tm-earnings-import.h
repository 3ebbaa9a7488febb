/* tm-earnings-import.h: a report file into the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog-earnings.h"
#include "tm-earnings-reader.h"

G_BEGIN_DECLS

gboolean  tm_earnings_import_file (TmCatalog               *catalog,
                                   const char              *path,
                                   TmEarningsSource         source,
                                   TmEarningsImportResult  *result,
                                   char                   **imported_before,
                                   GCancellable            *cancellable,
                                   GError                 **error);

G_END_DECLS
