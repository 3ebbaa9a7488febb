/* tm-distribution-list.c: the distributions of one release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-distribution-list.h"

struct _TmDistributionList
{
  TmRecordList parent_instance;

  gint64       release_id;     /* set at construction, read by the loader thread */
};

G_DEFINE_FINAL_TYPE (TmDistributionList, tm_distribution_list, TM_TYPE_RECORD_LIST)

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  gint64 ia = tm_record_get_id (*(TmRecord **) a);
  gint64 ib = tm_record_get_id (*(TmRecord **) b);

  return ia < ib ? -1 : ia > ib;
}

static GPtrArray *
tm_distribution_list_load (TmRecordList  *list,
                           TmCatalog     *catalog,
                           GError       **error)
{
  TmDistributionList *self = TM_DISTRIBUTION_LIST (list);
  GPtrArray *found = tm_catalog_list_distributions (catalog, self->release_id, error);

  if (found != NULL)
    g_ptr_array_sort (found, compare_by_id);

  return found;
}

static gboolean
tm_distribution_list_concerns (TmRecordList    *list,
                               TmCatalogChange  change,
                               gint64           release_id)
{
  TmDistributionList *self = TM_DISTRIBUTION_LIST (list);

  return change == TM_CATALOG_CHANGE_EXTERNAL || change == TM_CATALOG_CHANGE_PLATFORMS
         || release_id == self->release_id;
}

static void
tm_distribution_list_class_init (TmDistributionListClass *klass)
{
  TmRecordListClass *list_class = TM_RECORD_LIST_CLASS (klass);

  list_class->load = tm_distribution_list_load;
  list_class->concerns = tm_distribution_list_concerns;
}

static void
tm_distribution_list_init (TmDistributionList *self)
{
}

TmDistributionList *
tm_distribution_list_new (TmCatalog *catalog,
                          gint64     release_id)
{
  TmDistributionList *self;

  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);

  self = g_object_new (TM_TYPE_DISTRIBUTION_LIST, "catalog", catalog, NULL);
  self->release_id = release_id;
  return self;
}

gint64
tm_distribution_list_get_release_id (TmDistributionList *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION_LIST (self), 0);

  return self->release_id;
}
