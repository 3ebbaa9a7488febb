/* tm-distributor.h: the distribution flow of STATUS.md, as catalog operations
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-delivery-target.h"

G_BEGIN_DECLS

/* What distributing one release to one platform came to. */
typedef struct
{
  gint64                release_id;
  gint64                platform_id;
  gint64                distribution_id;
  TmDistributionStatus  status;
  char                 *problem;       /* why it stopped, or NULL */
} TmDistributeOutcome;

void       tm_distribute_outcome_free   (TmDistributeOutcome *outcome);

GPtrArray *tm_validate_release          (TmCatalog          *catalog,
                                         gint64              release_id,
                                         GError            **error);
GPtrArray *tm_distribute                (TmCatalog          *catalog,
                                         const gint64       *release_ids,
                                         guint               n_releases,
                                         const gint64       *platform_ids,
                                         guint               n_platforms,
                                         TmJobPriority       priority,
                                         gint64              at,
                                         gint64              batch_id,
                                         GError            **error);
gboolean   tm_request_takedown          (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const char         *reason,
                                         GError            **error);
gboolean   tm_request_update            (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const char         *reason,
                                         GError            **error);
gboolean   tm_retry_distribution        (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         GError            **error);
gboolean   tm_cancel_distribution       (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         GError            **error);
guint      tm_set_jobs_paused           (TmCatalog          *catalog,
                                         gint64              release_id,
                                         gint64              job_id,
                                         gboolean            paused,
                                         GError            **error);
gboolean   tm_apply_platform_status     (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const TmDeliveryResult *result,
                                         TmActor             actor,
                                         GError            **error);
TmDistribution *tm_find_distribution_by_reference (TmCatalog   *catalog,
                                                   const char  *reference,
                                                   GError     **error);

G_END_DECLS
