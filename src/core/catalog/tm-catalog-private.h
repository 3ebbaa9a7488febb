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

/* The catalog is one class in several files, one a table or two
 * (tm-catalog-releases.c, -tracks.c, -platforms.c, -distributions.c, -jobs.c,
 * -reports.c), sharing the object, its statements and its transactions through
 * this header. */
struct _TmCatalog
{
  GObject     parent_instance;

  sqlite3    *db;             /* owned */
  char       *path;
  GHashTable *statements;     /* SQL text -> owned sqlite3_stmt */
  gint64      data_version;
  int         schema_version;
  int         depth;          /* of nested transactions */
  GArray     *pending;        /* changes to announce after the outermost commit */
  GPtrArray  *monitors;       /* GFileMonitor of the files other programs write */
  guint       look_id;        /* a look at data_version, soon */
};

/* A write: returns FALSE with @error to undo everything it did. */
typedef gboolean (*TmCatalogWriteFunc) (TmCatalog  *self,
                                        gpointer    data,
                                        GError    **error);

/* The one way to write: @func as one transaction (a savepoint inside the
 * caller's), committed with the changes it announced, or undone. */
gboolean      _tm_catalog_write           (TmCatalog           *self,
                                           TmCatalogWriteFunc   func,
                                           gpointer             data,
                                           GError             **error);
/* The id a record is given when it is written, for _tm_catalog_save_record(). */
#define TM_CATALOG_OWN_ID G_GINT64_CONSTANT (-1)

gboolean      _tm_catalog_save_record     (TmCatalog           *self,
                                           const char          *table,
                                           TmRecord            *record,
                                           TmCatalogChange      change,
                                           gint64               release_id,
                                           GError             **error);
gboolean      _tm_catalog_begin           (TmCatalog           *self,
                                           GError             **error);
gboolean      _tm_catalog_commit          (TmCatalog           *self,
                                           GError             **error);
gboolean      _tm_catalog_rollback        (TmCatalog           *self);
void          _tm_catalog_stop_watching   (TmCatalog           *self);
/* Announced once the outermost transaction commits. */
void          _tm_catalog_emit_changed    (TmCatalog           *self,
                                           TmCatalogChange      change,
                                           gint64               release_id);

/* Statements */
sqlite3_stmt *_tm_catalog_get_statement   (TmCatalog           *self,
                                           const char          *sql,
                                           GError             **error);
gboolean      _tm_catalog_step_done       (TmCatalog           *self,
                                           sqlite3_stmt        *stmt,
                                           GError             **error);
gboolean      _tm_catalog_query_int       (TmCatalog           *self,
                                           const char          *sql,
                                           gint64               param,
                                           gint64              *result,
                                           gint64               fallback,
                                           GError             **error);
gboolean      _tm_catalog_set_error       (TmCatalog           *self,
                                           GError             **error,
                                           int                  rc);
gboolean      _tm_catalog_not_found       (GError             **error,
                                           const char          *what,
                                           gint64               id);

/* Records and rows */
GPtrArray    *_tm_catalog_collect_records (TmCatalog           *self,
                                           GType                type,
                                           sqlite3_stmt        *stmt,
                                           GError             **error);
GPtrArray    *_tm_catalog_query_records   (TmCatalog           *self,
                                           GType                type,
                                           const char          *sql,
                                           gint64               param,
                                           GError             **error);
gpointer      _tm_catalog_query_record    (TmCatalog           *self,
                                           GType                type,
                                           const char          *sql,
                                           gint64               param,
                                           const char          *what,
                                           GError             **error);
gboolean      _tm_catalog_write_record    (TmCatalog           *self,
                                           const char          *table,
                                           TmRecord            *record,
                                           GError             **error);
gboolean      _tm_catalog_delete_by       (TmCatalog           *self,
                                           const char          *sql,
                                           gint64               param,
                                           GError             **error);
void          _tm_catalog_touch           (TmRecord            *record,
                                           const char          *created,
                                           const char          *updated);
gboolean      _tm_catalog_touch_release   (TmCatalog           *self,
                                           gint64               release_id,
                                           GError             **error);

void          _tm_catalog_error_set_missing (GError            *error,
                                             const char        *what);

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
