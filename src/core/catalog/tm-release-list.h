/* tm-release-list.h: every release of the catalog, with its aggregated status
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-record-list.h"

G_BEGIN_DECLS

#define TM_TYPE_RELEASE_LIST (tm_release_list_get_type ())

G_DECLARE_FINAL_TYPE (TmReleaseList, tm_release_list, TM, RELEASE_LIST, TmRecordList)

TmReleaseList *tm_release_list_new (TmCatalog *catalog);

G_END_DECLS
