/* tm-distribution.h: One release on one platform, and where its delivery stands
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

#define TM_TYPE_DISTRIBUTION (tm_distribution_get_type ())

G_DECLARE_FINAL_TYPE (TmDistribution, tm_distribution, TM, DISTRIBUTION, TmRecord)

TmDistribution       *tm_distribution_new                    (void);
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, gint64, release_id)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, gint64, platform_id)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, platform_name)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, TmDistributionStatus, status)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, status_details)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, platform_reference)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, store_url)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, int, attempts)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, last_error)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, const char *, error_category)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, gint64, next_attempt_at)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, gint64, created_at)
TM_RECORD_DECLARE_ACCESSORS (TmDistribution, tm_distribution, gint64, updated_at)

G_END_DECLS
