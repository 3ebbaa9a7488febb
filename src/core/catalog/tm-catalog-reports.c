/* tm-catalog-reports.c: inspection reports, kept
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the rows of reports: what inspecting a
 * file found, by path, size and time, or by content. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"

/* Reports */

/**
 * tm_catalog_find_report:
 * @sha256: (nullable): the file's hash, to find a report of the same content
 *   under another name or time; %NULL to look by path, size and time only
 *
 * Returns: (transfer full) (nullable): the stored report (JSON), or %NULL
 */
char *
tm_catalog_find_report (TmCatalog   *self,
                        const char  *kind,
                        const char  *path,
                        gint64       size,
                        gint64       mtime,
                        const char  *sha256,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  char *report = NULL;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  stmt = sha256 != NULL
         ? _tm_catalog_get_statement (self, "SELECT report FROM reports WHERE kind = ? "
                                            "AND sha256 = ? AND size = ? "
                                            "ORDER BY created_at DESC LIMIT 1", error)
         : _tm_catalog_get_statement (self, "SELECT report FROM reports WHERE kind = ? "
                                            "AND path = ? AND size = ? AND mtime = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha256 != NULL ? sha256 : path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  if (sha256 == NULL)
    sqlite3_bind_int64 (stmt, 4, mtime);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    report = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _tm_catalog_set_error (self, error, rc);

  return report;
}

gboolean
tm_catalog_store_report (TmCatalog   *self,
                         const char  *kind,
                         const char  *path,
                         gint64       size,
                         gint64       mtime,
                         const char  *sha256,
                         const char  *report,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  stmt = _tm_catalog_get_statement (self, "INSERT OR REPLACE INTO reports (kind, path, size, "
                                          "mtime, sha256, report, created_at) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_int64 (stmt, 4, mtime);
  sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, report, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  return _tm_catalog_step_done (self, stmt, error);
}

/**
 * tm_catalog_forget_report:
 * @kind: "audio" or "image"
 *
 * Drops the report kept for @path, such as a track's old file after its audio
 * was replaced. A file no longer known is measured again if it is used again.
 */
gboolean
tm_catalog_forget_report (TmCatalog   *self,
                          const char  *kind,
                          const char  *path,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  stmt = _tm_catalog_get_statement (self, "DELETE FROM reports WHERE kind = ? AND path = ?",
                                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  return _tm_catalog_step_done (self, stmt, error);
}
