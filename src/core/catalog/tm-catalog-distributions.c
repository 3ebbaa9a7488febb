/* tm-catalog-distributions.c: deliveries and their history
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the rows of distributions and
 * status_history: every change of status is checked against the state machine
 * and stored with its history row. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"
#include "tm-status-details.h"
#include "tm-json.h"
#include "tm-text.h"

#define DISTRIBUTION_SELECT \
  "SELECT d.*, p.name AS platform_name FROM distributions d " \
  "JOIN platforms p ON p.id = d.platform_id "

static gboolean
insert_history (TmCatalog             *self,
                gint64                 distribution_id,
                TmDistributionStatus   from,
                TmDistributionStatus   to,
                TmActor                actor,
                const char            *details,
                GError               **error)
{
  g_autoptr(TmStatusChange) change = tm_status_change_new ();

  tm_status_change_set_distribution_id (change, distribution_id);
  tm_status_change_set_from_status (change, from);
  tm_status_change_set_to_status (change, to);
  tm_status_change_set_time (change, g_get_real_time ());
  tm_status_change_set_actor (change, actor);
  tm_status_change_set_details (change, details);

  return _tm_catalog_write_record (self, "status_history", TM_RECORD (change), error);
}

static gboolean
check_details (const char  *details,
               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (details == NULL)
    return TRUE;

  node = tm_json_parse (details, strlen (details), _("The status details"), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *shown = tm_text_from_outside (details, 200);

      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("Status details must be a JSON object, not “%s”."), shown);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  TmDistribution *distribution;
  TmActor         actor;
} NewDistribution;

/* The row and the first line of its history, as one. */
static gboolean
add_distribution (TmCatalog  *self,
                  gpointer    data,
                  GError    **error)
{
  NewDistribution *n = data;

  if (!_tm_catalog_write_record (self, "distributions", TM_RECORD (n->distribution), error)
      || !insert_history (self, tm_record_get_id (TM_RECORD (n->distribution)),
                          TM_DISTRIBUTION_STATUS_CREATED, TM_DISTRIBUTION_STATUS_CREATED,
                          n->actor, NULL, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED,
                            tm_distribution_get_release_id (n->distribution));
  return TRUE;
}

TmDistribution *
tm_catalog_add_distribution (TmCatalog  *self,
                             gint64      release_id,
                             gint64      platform_id,
                             TmActor     actor,
                             GError    **error)
{
  g_autoptr(TmDistribution) distribution = tm_distribution_new ();
  g_autoptr(GError) local_error = NULL;
  NewDistribution n = { distribution, actor };

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  tm_distribution_set_release_id (distribution, release_id);
  tm_distribution_set_platform_id (distribution, platform_id);
  _tm_catalog_touch (TM_RECORD (distribution), "created-at", "updated-at");

  if (_tm_catalog_write (self, add_distribution, &n, &local_error))
    return tm_catalog_get_distribution (self, tm_record_get_id (TM_RECORD (distribution)), error);

  if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS))
    g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                 _("Release %" G_GINT64_FORMAT " already has a distribution to that "
                   "platform."), release_id);
  else if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND))
    g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                 _("There is no release %" G_GINT64_FORMAT " or no platform %"
                   G_GINT64_FORMAT " in the catalog."), release_id, platform_id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

TmDistribution *
tm_catalog_get_distribution (TmCatalog  *self,
                             gint64      distribution_id,
                             GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return _tm_catalog_query_record (self, TM_TYPE_DISTRIBUTION, DISTRIBUTION_SELECT "WHERE d.id = ?",
                                   distribution_id, _("distribution"), error);
}

TmDistribution *
tm_catalog_find_distribution (TmCatalog  *self,
                              gint64      release_id,
                              gint64      platform_id,
                              GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  stmt = _tm_catalog_get_statement (self, DISTRIBUTION_SELECT "WHERE d.release_id = ? "
                                                              "AND d.platform_id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_int64 (stmt, 2, platform_id);
  if (!(found = _tm_catalog_collect_records (self, TM_TYPE_DISTRIBUTION, stmt, error)))
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                   _("Release %" G_GINT64_FORMAT " has no distribution to that platform."),
                   release_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
tm_catalog_list_distributions (TmCatalog  *self,
                               gint64      release_id,
                               GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (release_id == 0)
    return _tm_catalog_query_records (self, TM_TYPE_DISTRIBUTION,
                                      DISTRIBUTION_SELECT "ORDER BY d.release_id, p.name", 0,
                                      error);

  return _tm_catalog_query_records (self, TM_TYPE_DISTRIBUTION,
                                    DISTRIBUTION_SELECT "WHERE d.release_id = ? ORDER BY p.name",
                                    release_id, error);
}

static gboolean
update_distribution (TmCatalog  *self,
                     gpointer    data,
                     GError    **error)
{
  TmDistribution *distribution = data;
  gint64 id = tm_record_get_id (TM_RECORD (distribution));
  sqlite3_stmt *stmt;

  stmt = _tm_catalog_get_statement (self, "UPDATE distributions SET platform_reference = ?, "
                                          "store_url = ?, attempts = ?, last_error = ?, "
                                          "error_category = ?, next_attempt_at = ?, "
                                          "updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, tm_distribution_get_platform_reference (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tm_distribution_get_store_url (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, tm_distribution_get_attempts (distribution));
  sqlite3_bind_text (stmt, 4, tm_distribution_get_last_error (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tm_distribution_get_error_category (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, tm_distribution_get_next_attempt_at (distribution));
  sqlite3_bind_int64 (stmt, 7, tm_distribution_get_updated_at (distribution));
  sqlite3_bind_int64 (stmt, 8, id);

  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    return _tm_catalog_not_found (error, _("distribution"), id);
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED,
                            tm_distribution_get_release_id (distribution));
  return TRUE;
}

/**
 * tm_catalog_update_distribution:
 *
 * Stores what is not the status: the platform's reference, the store link, the
 * attempt count, the last error and the next attempt time. The status changes
 * only through tm_catalog_transition().
 */
gboolean
tm_catalog_update_distribution (TmCatalog       *self,
                                TmDistribution  *distribution,
                                GError         **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_DISTRIBUTION (distribution), FALSE);

  _tm_catalog_touch (TM_RECORD (distribution), NULL, "updated-at");
  return _tm_catalog_write (self, update_distribution, distribution, error);
}

static char *
describe_allowed (TmDistributionStatus from)
{
  GString *s = g_string_new (NULL);

  for (int to = 0; to < TM_N_DISTRIBUTION_STATUSES; to++)
    if (tm_distribution_status_can_transition (from, to))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", tm_distribution_status_to_string (to));

  return g_string_free (s, FALSE);
}

typedef struct
{
  gint64                distribution_id;
  TmDistributionStatus  to;
  TmActor               actor;
  const char           *details;
} Transition;

static gboolean
transition (TmCatalog  *self,
            gpointer    data,
            GError    **error)
{
  Transition *t = data;
  TmDistributionStatus from;
  sqlite3_stmt *stmt;
  gint64 release_id = 0;
  gboolean found = FALSE;
  gboolean known = FALSE;
  int rc;

  if (!(stmt = _tm_catalog_get_statement (self, "SELECT status, release_id FROM distributions "
                                                "WHERE id = ?", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, t->distribution_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      known = tm_distribution_status_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                                  &from);
      release_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);
  if (!found)
    return _tm_catalog_not_found (error, _("distribution"), t->distribution_id);
  if (!known)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("Distribution %" G_GINT64_FORMAT " has a status this TuneMantra does "
                     "not know; it was left as it is."), t->distribution_id);
      return FALSE;
    }

  if (from != t->to && !tm_distribution_status_can_transition (from, t->to))
    {
      g_autofree char *allowed = describe_allowed (from);

      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION,
                   _("Distribution %" G_GINT64_FORMAT " cannot go from %s to %s. From %s it "
                     "can go to: %s."),
                   t->distribution_id, tm_distribution_status_to_string (from),
                   tm_distribution_status_to_string (t->to),
                   tm_distribution_status_to_string (from), allowed);
      return FALSE;
    }

  /* Once it is out of trouble, the last error is history, not its state. */
  stmt = _tm_catalog_get_statement (self, "UPDATE distributions SET status = ?1, "
                                          "status_details = ?2, updated_at = ?3, "
                                          "last_error = CASE WHEN ?5 THEN last_error END, "
                                          "error_category = CASE WHEN ?5 THEN error_category END "
                                          "WHERE id = ?4",
                                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, tm_distribution_status_to_string (t->to), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, t->details, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 4, t->distribution_id);
  sqlite3_bind_int (stmt, 5, tm_distribution_status_is_trouble (t->to));

  if (!_tm_catalog_step_done (self, stmt, error)
      || (from != t->to && !insert_history (self, t->distribution_id, from, t->to, t->actor,
                                            t->details, error)))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
  return TRUE;
}

/**
 * tm_catalog_transition:
 * @to: the new status
 * @details_json: (nullable): a JSON object describing the new status
 *
 * Moves a distribution to @to if the state machine (docs/status.md) allows
 * it, writing the change and its history row in one transaction. A transition
 * to the current status only replaces the details and writes no history.
 * Anything else is refused with %TM_CATALOG_ERROR_INVALID_TRANSITION and
 * changes nothing.
 */
gboolean
tm_catalog_transition (TmCatalog             *self,
                       gint64                 distribution_id,
                       TmDistributionStatus   to,
                       TmActor                actor,
                       const char            *details_json,
                       GError               **error)
{
  Transition t = { distribution_id, to, actor, details_json };

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail ((guint) to < TM_N_DISTRIBUTION_STATUSES, FALSE);

  return check_details (details_json, error) && _tm_catalog_write (self, transition, &t, error);
}

static gboolean
add_note (TmCatalog  *self,
          gpointer    data,
          GError    **error)
{
  Transition *t = data;
  g_autoptr(TmDistribution) distribution = NULL;
  TmDistributionStatus now;

  if (!(distribution = tm_catalog_get_distribution (self, t->distribution_id, error)))
    return FALSE;
  now = tm_distribution_get_status (distribution);
  if (!insert_history (self, t->distribution_id, now, now, t->actor, t->details, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED,
                            tm_distribution_get_release_id (distribution));
  return TRUE;
}

/**
 * tm_catalog_add_note:
 * @details_json: a JSON object, such as {"note": "…"}
 *
 * Keeps in a distribution's history something that moved nothing (an
 * acknowledgement set aside): a row whose from and to are the state it is in.
 */
gboolean
tm_catalog_add_note (TmCatalog   *self,
                     gint64       distribution_id,
                     TmActor      actor,
                     const char  *details_json,
                     GError     **error)
{
  Transition t = { distribution_id, 0, actor, details_json };

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (details_json != NULL, FALSE);

  return check_details (details_json, error) && _tm_catalog_write (self, add_note, &t, error);
}

/**
 * tm_catalog_list_history:
 *
 * Returns: (transfer container) (element-type TmStatusChange): the distribution's
 *   history, oldest first
 */
GPtrArray *
tm_catalog_list_history (TmCatalog  *self,
                         gint64      distribution_id,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  /* With the platform's name, to say who did what. */
  return _tm_catalog_query_records (self, TM_TYPE_STATUS_CHANGE,
                                    "SELECT h.*, p.name AS platform_name"
                                    "  FROM (SELECT * FROM status_history"
                                    "         WHERE distribution_id = ?) h"
                                    "  LEFT JOIN distributions d ON d.id = h.distribution_id"
                                    "  LEFT JOIN (SELECT id AS platform_key, name FROM platforms) p"
                                    "    ON p.platform_key = d.platform_id"
                                    " ORDER BY h.time, h.id", distribution_id, error);
}
