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
TM_RECORD_DECLARE_ACCESSORS (TmSplit, tm_split, gint64, track_id)
TM_RECORD_DECLARE_ACCESSORS (TmSplit, tm_split, const char *, party)
TM_RECORD_DECLARE_ACCESSORS (TmSplit, tm_split, const char *, role)
TM_RECORD_DECLARE_ACCESSORS (TmSplit, tm_split, int, share_bp)

G_END_DECLS
