/* tm-catalog-jobs.c: the jobs of the delivery queue
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the rows of jobs, and the batches they
 * belong to. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"

/* A job is read with the names of its release and platform, and its release's
 * cover, to be shown (the jobs are `j` in the statement this ends). */
#define JOB_NAMES \
  " LEFT JOIN (SELECT id AS release_key, title AS release_title FROM releases) r" \
  " ON r.release_key = j.release_id" \
  " LEFT JOIN (SELECT release_id AS cover_key, path AS cover_path, sha256 AS cover_sha256" \
  "            FROM artworks WHERE role = 'front') c" \
  " ON c.cover_key = j.release_id" \
  " LEFT JOIN (SELECT id AS platform_key, name AS platform_name FROM platforms) p" \
  " ON p.platform_key = j.platform_id"

gboolean
tm_catalog_add_job (TmCatalog  *self,
                    TmJob      *job,
                    GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_JOB (job), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (job)) == 0, FALSE);

  _tm_catalog_touch (TM_RECORD (job), "created-at", "updated-at");
  return _tm_catalog_save_record (self, "jobs", TM_RECORD (job),
                                  TM_CATALOG_CHANGE_JOBS, tm_job_get_release_id (job),
                                  error);
}

gboolean
tm_catalog_update_job (TmCatalog  *self,
                       TmJob      *job,
                       GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_JOB (job), FALSE);

  _tm_catalog_touch (TM_RECORD (job), NULL, "updated-at");
  return _tm_catalog_save_record (self, "jobs", TM_RECORD (job),
                                  TM_CATALOG_CHANGE_JOBS, tm_job_get_release_id (job),
                                  error);
}

TmJob *
tm_catalog_get_job (TmCatalog  *self,
                    gint64      job_id,
                    GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return _tm_catalog_query_record (self, TM_TYPE_JOB,
                                   "SELECT * FROM (SELECT * FROM jobs WHERE id = ?) j" JOB_NAMES,
                                   job_id, _("job"), error);
}

/* "'waiting', 'running'": the nicks of the enum values in @mask. */
static char *
nicks_of (GType  type,
          guint  mask)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    if (mask & (1u << klass->values[i].value))
      g_string_append_printf (list, "%s'%s'", list->len > 0 ? ", " : "",
                              klass->values[i].value_nick);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * tm_catalog_list_jobs:
 * @query: (nullable): which jobs; %NULL for all
 *
 * Returns: (transfer container) (element-type TmJob): the jobs, high priority
 *   first, then by time
 */
GPtrArray *
tm_catalog_list_jobs (TmCatalog         *self,
                      const TmJobQuery  *query,
                      GError           **error)
{
  static const TmJobQuery all = { 0 };
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GString) sql = g_string_new (NULL);
  gint64 params[5];
  guint n_params = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (query == NULL)
    query = &all;
  if (query->states != 0)
    {
      g_autofree char *states = nicks_of (TM_TYPE_JOB_STATE, query->states);
      g_string_append_printf (where, " AND state IN (%s)", states);
    }
  if (query->kinds != 0)
    {
      g_autofree char *kinds = nicks_of (TM_TYPE_JOB_KIND, query->kinds);
      g_string_append_printf (where, " AND kind IN (%s)", kinds);
    }
  if (query->in_batch)
    g_string_append (where, " AND batch_id != 0");
#define MATCH(field, column) \
  if (query->field != 0) \
    { \
      g_string_append (where, " AND " column " ?"); \
      params[n_params++] = query->field; \
    }
  MATCH (job_id, "id =")
  MATCH (distribution_id, "distribution_id =")
  MATCH (release_id, "release_id =")
  MATCH (due_by, "run_at <=")
#undef MATCH

  /* The latest are chosen by SQLite: a catalog keeps every job it ever ran. */
  if (query->latest > 0)
    g_string_printf (sql, "SELECT * FROM (SELECT * FROM jobs WHERE %s ORDER BY updated_at DESC, "
                          "id DESC LIMIT %u) j", where->str, query->latest);
  else
    g_string_printf (sql, "SELECT * FROM (SELECT * FROM jobs WHERE %s) j", where->str);
  g_string_append (sql, JOB_NAMES " ORDER BY CASE j.priority WHEN 'high' THEN 0 "
                        "WHEN 'normal' THEN 1 ELSE 2 END, j.run_at, j.id");

  if (!(stmt = _tm_catalog_get_statement (self, sql->str, error)))
    return NULL;
  for (guint i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, i + 1, params[i]);
  return _tm_catalog_collect_records (self, TM_TYPE_JOB, stmt, error);
}

/**
 * tm_catalog_claim_job:
 *
 * Takes a waiting job for @owner, counting the attempt. Returns %FALSE without an
 * error when another worker took it first.
 */
gboolean
tm_catalog_claim_job (TmCatalog   *self,
                      gint64       job_id,
                      const char  *owner,
                      gint64       lease_until,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  stmt = _tm_catalog_get_statement (self, "UPDATE jobs SET state = 'running', owner = ?, "
                                          "lease_until = ?, attempts = attempts + 1, "
                                          "updated_at = ? WHERE id = ? AND state = 'waiting'",
                                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, lease_until);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 4, job_id);

  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    return FALSE;

  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_JOBS, 0);
  return TRUE;
}

static gboolean
next_batch (TmCatalog  *self,
            gpointer    data,
            GError    **error)
{
  gint64 *id = data;
  g_autofree char *current = NULL;
  g_autofree char *next = NULL;
  GError *local_error = NULL;

  current = tm_catalog_get_setting (self, "queue.last-batch", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *id = (current != NULL ? g_ascii_strtoll (current, NULL, 10) : 0) + 1;
  next = g_strdup_printf ("%" G_GINT64_FORMAT, *id);
  return tm_catalog_set_setting (self, "queue.last-batch", next, error);
}

/* Returns: a batch id never given before, or 0 with @error */
gint64
tm_catalog_next_batch_id (TmCatalog  *self,
                          GError    **error)
{
  gint64 id = 0;

  g_return_val_if_fail (TM_IS_CATALOG (self), 0);

  return _tm_catalog_write (self, next_batch, &id, error) ? id : 0;
}
