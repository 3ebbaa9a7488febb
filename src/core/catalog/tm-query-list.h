/* tm-query-list.h: list models of the catalog's tracks, history, jobs and platforms
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-record-list.h"

G_BEGIN_DECLS

#define TM_TYPE_QUERY_LIST (tm_query_list_get_type ())

G_DECLARE_FINAL_TYPE (TmQueryList, tm_query_list, TM, QUERY_LIST, TmRecordList)

TmQueryList *tm_query_list_new_tracks     (TmCatalog         *catalog,
                                           gint64             release_id);
TmQueryList *tm_query_list_new_history    (TmCatalog         *catalog,
                                           gint64             distribution_id);
TmQueryList *tm_query_list_new_jobs       (TmCatalog         *catalog,
                                           const TmJobQuery  *query);
TmQueryList *tm_query_list_new_platforms  (TmCatalog         *catalog);
void         tm_query_list_set_job_query  (TmQueryList       *self,
                                           const TmJobQuery  *query);

G_END_DECLS
