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
gint64                tm_distribution_get_release_id         (TmDistribution       *self);
void                  tm_distribution_set_release_id         (TmDistribution       *self,
                                                              gint64                release_id);
gint64                tm_distribution_get_platform_id        (TmDistribution       *self);
void                  tm_distribution_set_platform_id        (TmDistribution       *self,
                                                              gint64                platform_id);
const char           *tm_distribution_get_platform_name      (TmDistribution       *self);
void                  tm_distribution_set_platform_name      (TmDistribution       *self,
                                                              const char           *platform_name);
TmDistributionStatus  tm_distribution_get_status             (TmDistribution       *self);
void                  tm_distribution_set_status             (TmDistribution       *self,
                                                              TmDistributionStatus  status);
const char           *tm_distribution_get_status_details     (TmDistribution       *self);
void                  tm_distribution_set_status_details     (TmDistribution       *self,
                                                              const char           *status_details);
const char           *tm_distribution_get_platform_reference (TmDistribution       *self);
void                  tm_distribution_set_platform_reference (TmDistribution       *self,
                                                              const char       *platform_reference);
const char           *tm_distribution_get_store_url          (TmDistribution       *self);
void                  tm_distribution_set_store_url          (TmDistribution       *self,
                                                              const char           *store_url);
int                   tm_distribution_get_attempts           (TmDistribution       *self);
void                  tm_distribution_set_attempts           (TmDistribution       *self,
                                                              int                   attempts);
const char           *tm_distribution_get_last_error         (TmDistribution       *self);
void                  tm_distribution_set_last_error         (TmDistribution       *self,
                                                              const char           *last_error);
const char           *tm_distribution_get_error_category     (TmDistribution       *self);
void                  tm_distribution_set_error_category     (TmDistribution       *self,
                                                              const char           *error_category);
gint64                tm_distribution_get_next_attempt_at    (TmDistribution       *self);
void                  tm_distribution_set_next_attempt_at    (TmDistribution       *self,
                                                              gint64               next_attempt_at);
gint64                tm_distribution_get_created_at         (TmDistribution       *self);
void                  tm_distribution_set_created_at         (TmDistribution       *self,
                                                              gint64                created_at);
gint64                tm_distribution_get_updated_at         (TmDistribution       *self);
void                  tm_distribution_set_updated_at         (TmDistribution       *self,
                                                              gint64                updated_at);

G_END_DECLS
