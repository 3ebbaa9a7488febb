/* tm-status-change.h: One row of a distribution's history
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

#define TM_TYPE_STATUS_CHANGE (tm_status_change_get_type ())

G_DECLARE_FINAL_TYPE (TmStatusChange, tm_status_change, TM, STATUS_CHANGE, TmRecord)

TmStatusChange       *tm_status_change_new                 (void);
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, gint64, distribution_id)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, TmDistributionStatus, from_status)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, TmDistributionStatus, to_status)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, gint64, time)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, TmActor, actor)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, const char *, details)
TM_RECORD_DECLARE_ACCESSORS (TmStatusChange, tm_status_change, const char *, platform_name)

G_END_DECLS
