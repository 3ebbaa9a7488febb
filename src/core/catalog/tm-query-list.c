/* tm-query-list.c: list models of the catalog's tracks, history, jobs and platforms
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One class for the lists the window shows beside the releases: what it lists
 * is chosen when it is made, and TmRecordList keeps it up to date as the
 * catalog changes (reloading in a worker, keeping the record objects that
 * stay). The query is read by the worker thread, so it changes only under
 * the lock. */

#include "config.h"

#include "tm-query-list.h"

typedef enum
{
  LIST_TRACKS,
  LIST_HISTORY,
  LIST_JOBS,
  LIST_PLATFORMS,
} ListKind;

struct _TmQueryList
{
  TmRecordList parent_instance;

  ListKind     kind;
  gint64       owner_id;      /* the release (tracks) or distribution (history) */
  GMutex       lock;
  TmJobQuery   query;         /* jobs; under the lock */
};

G_DEFINE_FINAL_TYPE (TmQueryList, tm_query_list, TM_TYPE_RECORD_LIST)

static GPtrArray *
tm_query_list_load (TmRecordList  *list,
                    TmCatalog     *catalog,
                    GError       **error)
{
  TmQueryList *self = TM_QUERY_LIST (list);
  TmJobQuery query;

  switch (self->kind)
    {
    case LIST_TRACKS:
      return tm_catalog_list_tracks (catalog, self->owner_id, error);
    case LIST_HISTORY:
      return tm_catalog_list_history (catalog, self->owner_id, error);
    case LIST_PLATFORMS:
      return tm_catalog_list_platforms (catalog, error);
    case LIST_JOBS:
    default:
      g_mutex_lock (&self->lock);
      query = self->query;
      g_mutex_unlock (&self->lock);
      return tm_catalog_list_jobs (catalog, &query, error);
    }
}

static gboolean
tm_query_list_concerns (TmRecordList    *list,
                        TmCatalogChange  change,
                        gint64           release_id)
{
  TmQueryList *self = TM_QUERY_LIST (list);

  if (change == TM_CATALOG_CHANGE_EXTERNAL)
    return TRUE;
  switch (self->kind)
    {
    case LIST_TRACKS:
      return change == TM_CATALOG_CHANGE_RELEASE_CHANGED && release_id == self->owner_id;
    case LIST_HISTORY:
      /* A distribution's changes are its release's: any release's, here. */
      return change == TM_CATALOG_CHANGE_RELEASE_CHANGED;
    case LIST_PLATFORMS:
      return change == TM_CATALOG_CHANGE_PLATFORMS;
    case LIST_JOBS:
    default:
      return change == TM_CATALOG_CHANGE_JOBS || change == TM_CATALOG_CHANGE_RELEASE_REMOVED
             || change == TM_CATALOG_CHANGE_PLATFORMS;
    }
}

static void
tm_query_list_finalize (GObject *object)
{
  TmQueryList *self = TM_QUERY_LIST (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tm_query_list_parent_class)->finalize (object);
}

static void
tm_query_list_class_init (TmQueryListClass *klass)
{
  TmRecordListClass *list_class = TM_RECORD_LIST_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tm_query_list_finalize;
  list_class->load = tm_query_list_load;
  list_class->concerns = tm_query_list_concerns;
  /* Tracks by number, jobs by priority, platforms by name. */
  list_class->own_order = TRUE;
}

static void
tm_query_list_init (TmQueryList *self)
{
  g_mutex_init (&self->lock);
}

static TmQueryList *
query_list_new (TmCatalog *catalog,
                ListKind   kind,
                gint64     owner_id)
{
  TmQueryList *self;

  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);

  self = g_object_new (TM_TYPE_QUERY_LIST, "catalog", catalog, NULL);
  self->kind = kind;
  self->owner_id = owner_id;
  return self;
}

/**
 * tm_query_list_new_tracks:
 *
 * Returns: (transfer full): an empty list of the release's tracks, in order;
 *   fill it with tm_record_list_reload_async()
 */
TmQueryList *
tm_query_list_new_tracks (TmCatalog *catalog,
                          gint64     release_id)
{
  return query_list_new (catalog, LIST_TRACKS, release_id);
}

/**
 * tm_query_list_new_history:
 *
 * Returns: (transfer full): an empty list of a distribution's status changes,
 *   oldest first
 */
TmQueryList *
tm_query_list_new_history (TmCatalog *catalog,
                           gint64     distribution_id)
{
  return query_list_new (catalog, LIST_HISTORY, distribution_id);
}

/**
 * tm_query_list_new_jobs:
 * @query: (nullable): which jobs; %NULL for all
 *
 * Returns: (transfer full): an empty list of jobs, in the order they run
 */
TmQueryList *
tm_query_list_new_jobs (TmCatalog        *catalog,
                        const TmJobQuery *query)
{
  TmQueryList *self = query_list_new (catalog, LIST_JOBS, 0);

  if (query != NULL)
    self->query = *query;
  return self;
}

/**
 * tm_query_list_new_platforms:
 *
 * Returns: (transfer full): an empty list of the platforms, by name
 */
TmQueryList *
tm_query_list_new_platforms (TmCatalog *catalog)
{
  return query_list_new (catalog, LIST_PLATFORMS, 0);
}

/**
 * tm_query_list_set_job_query:
 *
 * Lists other jobs: the list is loaded again.
 */
void
tm_query_list_set_job_query (TmQueryList      *self,
                             const TmJobQuery *query)
{
  static const TmJobQuery all = { 0 };

  g_return_if_fail (TM_IS_QUERY_LIST (self));
  g_return_if_fail (self->kind == LIST_JOBS);

  g_mutex_lock (&self->lock);
  self->query = query != NULL ? *query : all;
  g_mutex_unlock (&self->lock);
  tm_record_list_reload_async (TM_RECORD_LIST (self), NULL, NULL, NULL);
}
