/* tm-release-list.c: every release of the catalog, with its aggregated status
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-release-list.h"

struct _TmReleaseList
{
  TmRecordList parent_instance;
};

G_DEFINE_FINAL_TYPE (TmReleaseList, tm_release_list, TM_TYPE_RECORD_LIST)

static GPtrArray *
tm_release_list_load (TmRecordList  *list,
                      TmCatalog     *catalog,
                      GError       **error)
{
  return tm_catalog_list_releases (catalog, error);
}

static TmRecord *
tm_release_list_load_one (TmRecordList  *list,
                          TmCatalog     *catalog,
                          gint64         id,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  TmRelease *release = tm_catalog_get_release (catalog, id, &local_error);

  /* Gone is not an error here: the list drops it. */
  if (release == NULL
      && !g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return TM_RECORD (release);
}

static gboolean
tm_release_list_concerns (TmRecordList    *list,
                          TmCatalogChange  change,
                          gint64           release_id)
{
  return change != TM_CATALOG_CHANGE_PLATFORMS && change != TM_CATALOG_CHANGE_JOBS
         && change != TM_CATALOG_CHANGE_EARNINGS;
}

static void
tm_release_list_class_init (TmReleaseListClass *klass)
{
  TmRecordListClass *list_class = TM_RECORD_LIST_CLASS (klass);

  list_class->load = tm_release_list_load;
  list_class->load_one = tm_release_list_load_one;
  list_class->concerns = tm_release_list_concerns;
}

static void
tm_release_list_init (TmReleaseList *self)
{
}

/**
 * tm_release_list_new:
 *
 * Returns: (transfer full): an empty list that follows @catalog; fill it with
 *   tm_record_list_reload() or tm_record_list_reload_async()
 */
TmReleaseList *
tm_release_list_new (TmCatalog *catalog)
{
  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);

  return g_object_new (TM_TYPE_RELEASE_LIST, "catalog", catalog, NULL);
}
