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
gint64                tm_status_change_get_distribution_id (TmStatusChange       *self);
void                  tm_status_change_set_distribution_id (TmStatusChange       *self,
                                                            gint64                distribution_id);
TmDistributionStatus  tm_status_change_get_from_status     (TmStatusChange       *self);
void                  tm_status_change_set_from_status     (TmStatusChange       *self,
                                                            TmDistributionStatus  from_status);
TmDistributionStatus  tm_status_change_get_to_status       (TmStatusChange       *self);
void                  tm_status_change_set_to_status       (TmStatusChange       *self,
                                                            TmDistributionStatus  to_status);
gint64                tm_status_change_get_time            (TmStatusChange       *self);
void                  tm_status_change_set_time            (TmStatusChange       *self,
                                                            gint64                time);
TmActor               tm_status_change_get_actor           (TmStatusChange       *self);
void                  tm_status_change_set_actor           (TmStatusChange       *self,
                                                            TmActor               actor);
const char           *tm_status_change_get_details         (TmStatusChange       *self);
void                  tm_status_change_set_details         (TmStatusChange       *self,
                                                            const char           *details);

G_END_DECLS
