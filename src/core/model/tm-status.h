/* tm-status.h
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-enums.h"

G_BEGIN_DECLS

/* Counts of a release's distributions per TmStatusGroup. */
typedef struct
{
  guint groups[TM_N_STATUS_GROUPS];
  guint total;
  guint live;       /* of the done ones, those the platform says are live */
} TmStatusCounts;

gboolean          tm_distribution_status_can_transition (TmDistributionStatus  from,
                                                         TmDistributionStatus  to);
TmStatusGroup     tm_distribution_status_get_group      (TmDistributionStatus  status);
const char       *tm_distribution_status_to_string      (TmDistributionStatus  status);
gboolean          tm_distribution_status_from_string    (const char           *str,
                                                         TmDistributionStatus *status);
const char       *tm_distribution_status_get_label      (TmDistributionStatus  status);

void              tm_status_counts_add                  (TmStatusCounts       *counts,
                                                         TmDistributionStatus  status,
                                                         guint                 n);
TmAggregateStatus tm_status_counts_aggregate            (const TmStatusCounts *counts);
char             *tm_status_counts_describe             (const TmStatusCounts *counts);
const char       *tm_status_counts_get_label            (const TmStatusCounts *counts);

const char       *tm_aggregate_status_to_string         (TmAggregateStatus     status);
const char       *tm_aggregate_status_get_label         (TmAggregateStatus     status);

G_END_DECLS
