/* tm-catalog-platforms.c: the platforms delivered to
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the rows of platforms. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"

static gboolean
check_platform (TmPlatform  *platform,
                GError     **error)
{
  const char *name = tm_platform_get_name (platform);

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("A platform needs a name."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_platform (TmCatalog   *self,
               TmPlatform  *platform,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!check_platform (platform, error))
    return FALSE;

  if (tm_record_get_id (TM_RECORD (platform)) == 0)
    _tm_catalog_touch (TM_RECORD (platform), "created-at", NULL);

  if (_tm_catalog_save_record (self, "platforms", TM_RECORD (platform),
                               TM_CATALOG_CHANGE_PLATFORMS, 0, &local_error))
    return TRUE;
  if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS))
    g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                 _("There is already a platform named “%s”."), tm_platform_get_name (platform));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
tm_catalog_add_platform (TmCatalog   *self,
                         TmPlatform  *platform,
                         GError     **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_PLATFORM (platform), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (platform)) == 0, FALSE);

  return save_platform (self, platform, error);
}

gboolean
tm_catalog_update_platform (TmCatalog   *self,
                            TmPlatform  *platform,
                            GError     **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_PLATFORM (platform), FALSE);

  if (tm_record_get_id (TM_RECORD (platform)) == 0)
    return _tm_catalog_not_found (error, _("platform"), 0);

  return save_platform (self, platform, error);
}

static gboolean
remove_platform (TmCatalog  *self,
                 gpointer    data,
                 GError    **error)
{
  gint64 platform_id = *(gint64 *) data;
  gint64 used;

  if (!_tm_catalog_query_int (self, "SELECT count(*) FROM distributions WHERE platform_id = ?",
                              platform_id, &used, 0, error))
    return FALSE;

  /* Its distributions hold the history of what was delivered there. */
  if (used > 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_IN_USE,
                   ngettext ("The platform has %" G_GINT64_FORMAT " distribution with its "
                             "history; it cannot be removed. Disable it instead.",
                             "The platform has %" G_GINT64_FORMAT " distributions with their "
                             "history; it cannot be removed. Disable it instead.", used),
                   used);
      return FALSE;
    }

  if (!_tm_catalog_delete_by (self, "DELETE FROM platforms WHERE id = ?", platform_id, error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    return _tm_catalog_not_found (error, _("platform"), platform_id);
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_PLATFORMS, 0);
  return TRUE;
}

gboolean
tm_catalog_remove_platform (TmCatalog  *self,
                            gint64      platform_id,
                            GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return _tm_catalog_write (self, remove_platform, &platform_id, error);
}

TmPlatform *
tm_catalog_get_platform (TmCatalog  *self,
                         gint64      platform_id,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return _tm_catalog_query_record (self, TM_TYPE_PLATFORM, "SELECT * FROM platforms WHERE id = ?",
                                   platform_id, _("platform"), error);
}

TmPlatform *
tm_catalog_find_platform (TmCatalog   *self,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(stmt = _tm_catalog_get_statement (self, "SELECT * FROM platforms WHERE name = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!(found = _tm_catalog_collect_records (self, TM_TYPE_PLATFORM, stmt, error)))
    return NULL;

  if (found->len == 0)
    {
      GError *missing = g_error_new (TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                                     _("There is no platform named “%s”."), name);
      _tm_catalog_error_set_missing (missing, "platform");
      g_propagate_error (error, missing);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
tm_catalog_list_platforms (TmCatalog  *self,
                           GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return _tm_catalog_query_records (self, TM_TYPE_PLATFORM,
                                    "SELECT * FROM platforms ORDER BY name", 0, error);
}
