/* tm-track-cell.h: one field of a track in the table, read, or edited
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-track-item.h"

G_BEGIN_DECLS

#define TM_TYPE_TRACK_CELL (tm_track_cell_get_type ())

G_DECLARE_FINAL_TYPE (TmTrackCell, tm_track_cell, TM, TRACK_CELL, AdwBin)

const char  *tm_track_cell_get_key        (TmTrackCell *self);
TmTrackItem *tm_track_cell_get_item       (TmTrackCell *self);
gboolean     tm_track_cell_get_editable   (TmTrackCell *self);
gboolean     tm_track_cell_start_editing  (TmTrackCell *self);
gboolean     tm_track_cell_get_editing    (TmTrackCell *self);
GtkEditable *tm_track_cell_get_entry      (TmTrackCell *self);
char        *tm_track_cell_dup_text       (TmTrackCell *self);

G_END_DECLS
