/* tm-track-item.h: a track as the table shows it, with what its audio measures
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-model.h"
#include "tm-report.h"

G_BEGIN_DECLS

#define TM_TYPE_TRACK_ITEM (tm_track_item_get_type ())

G_DECLARE_FINAL_TYPE (TmTrackItem, tm_track_item, TM, TRACK_ITEM, GObject)

TmTrackItem *tm_track_item_new          (TmTrack     *track);
TmTrack     *tm_track_item_get_track    (TmTrackItem *self);
TmReport    *tm_track_item_get_report   (TmTrackItem *self);
void         tm_track_item_set_report   (TmTrackItem *self,
                                         TmReport    *report);
void         tm_track_item_set_progress (TmTrackItem *self,
                                         double       fraction);
double       tm_track_item_get_progress (TmTrackItem *self);
gboolean     tm_track_item_get_measured (TmTrackItem *self);

G_END_DECLS
