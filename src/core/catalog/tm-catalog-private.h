/* tm-catalog-private.h: what the catalog's own files and tests share
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

/* application_id of every catalog: "TMCT" */
#define TM_CATALOG_APPLICATION_ID 0x544D4354

const char *_tm_catalog_schema_sql     (int         version);
gboolean    _tm_catalog_migrate        (sqlite3    *db,
                                        const char *path,
                                        int         from_version,
                                        int         to_version,
                                        GError    **error);
gboolean    _tm_catalog_set_sqlite_error (GError   **error,
                                          sqlite3   *db,
                                          int        rc,
                                          const char *path);
sqlite3    *_tm_catalog_get_db         (TmCatalog  *self);

void        _tm_catalog_keep_locks     (void);
int         _tm_catalog_quick_check    (sqlite3    *db,
                                        char      **problem);
gboolean    _tm_catalog_vacuum_into    (sqlite3    *db,
                                        const char *path,
                                        const char *dest,
                                        GError    **error);
void        _tm_catalog_backup_daily   (sqlite3    *db,
                                        const char *path);

/* For tests: how long a writer waits for another before LOCKED. */
void        _tm_catalog_set_busy_timeout (TmCatalog *self,
                                          int        milliseconds);

/* For tests: a new catalog file at an older schema version. */
gboolean    _tm_catalog_create_at_version (const char *path,
                                           int         version,
                                           GError    **error);

G_END_DECLS
