/* tm-distribution-list.h: the distributions of one release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-record-list.h"

G_BEGIN_DECLS

#define TM_TYPE_DISTRIBUTION_LIST (tm_distribution_list_get_type ())

G_DECLARE_FINAL_TYPE (TmDistributionList, tm_distribution_list, TM, DISTRIBUTION_LIST,
                      TmRecordList)

TmDistributionList *tm_distribution_list_new            (TmCatalog          *catalog,
                                                         gint64              release_id);
gint64              tm_distribution_list_get_release_id (TmDistributionList *self);

G_END_DECLS
