/* tm-split.h: A share of a track's income, in basis points
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-enums.h"
#include "tm-record.h"

G_BEGIN_DECLS

#define TM_TYPE_SPLIT (tm_split_get_type ())

G_DECLARE_FINAL_TYPE (TmSplit, tm_split, TM, SPLIT, TmRecord)

TmSplit    *tm_split_new          (void);
gint64      tm_split_get_track_id (TmSplit    *self);
void        tm_split_set_track_id (TmSplit    *self,
                                   gint64      track_id);
const char *tm_split_get_party    (TmSplit    *self);
void        tm_split_set_party    (TmSplit    *self,
                                   const char *party);
const char *tm_split_get_role     (TmSplit    *self);
void        tm_split_set_role     (TmSplit    *self,
                                   const char *role);
int         tm_split_get_share_bp (TmSplit    *self);
void        tm_split_set_share_bp (TmSplit    *self,
                                   int         share_bp);

G_END_DECLS
