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
                                   const char              *name,
                                   TmEarningsSource         source,
                                   TmEarningsImportResult  *result,
                                   char                   **imported_before,
                                   GCancellable            *cancellable,
                                   GError                 **error);

/* One report of a path (a zip may hold several), and what became of it. */
typedef struct
{
  char                    *name;
  TmEarningsImportResult   result;
  char                    *imported_before;   /* (nullable) */
  GError                  *error;             /* (nullable): nothing of it was imported */
} TmEarningsImported;

void       tm_earnings_imported_free (TmEarningsImported *imported);
GPtrArray *tm_earnings_import_path   (TmCatalog          *catalog,
                                      const char         *path,
                                      TmEarningsSource    source,
                                      GCancellable       *cancellable);

G_END_DECLS
