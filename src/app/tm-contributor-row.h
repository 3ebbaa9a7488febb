/* tm-contributor-row.h: one person credited on a track, and their role
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_CONTRIBUTOR_ROW (tm_contributor_row_get_type ())

G_DECLARE_FINAL_TYPE (TmContributorRow, tm_contributor_row, TM, CONTRIBUTOR_ROW, AdwEntryRow)

GtkWidget *tm_contributor_row_new (TmContributor *contributor);

G_END_DECLS
