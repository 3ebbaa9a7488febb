/* tm-split-row.h: one share of a track's royalties
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_SPLIT_ROW (tm_split_row_get_type ())

G_DECLARE_FINAL_TYPE (TmSplitRow, tm_split_row, TM, SPLIT_ROW, AdwExpanderRow)

GtkWidget   *tm_split_row_new       (TmSplit    *split);
GtkEditable *tm_split_row_get_party (TmSplitRow *self);

G_END_DECLS
