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
} TmDistributorOutcome;

void       tm_distributor_outcome_free   (TmDistributorOutcome *outcome);

GPtrArray *tm_distributor_validate          (TmCatalog          *catalog,
                                         gint64              release_id,
                                         GError            **error);
GPtrArray *tm_distributor_distribute                (TmCatalog          *catalog,
                                         const gint64       *release_ids,
                                         guint               n_releases,
                                         const gint64       *platform_ids,
                                         guint               n_platforms,
                                         TmJobPriority       priority,
                                         gint64              at,
                                         gint64              batch_id,
                                         GError            **error);
gboolean   tm_distributor_request_takedown          (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const char         *reason,
                                         GError            **error);
gboolean   tm_distributor_request_update            (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const char         *reason,
                                         GError            **error);
gboolean   tm_distributor_retry        (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         GError            **error);
gboolean   tm_distributor_check_now    (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         GError            **error);
gboolean   tm_distributor_cancel       (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         GError            **error);
guint      tm_distributor_set_paused           (TmCatalog          *catalog,
                                         gint64              release_id,
                                         gint64              job_id,
                                         gboolean            paused,
                                         GError            **error);
gboolean   tm_distributor_apply_status     (TmCatalog          *catalog,
                                         gint64              distribution_id,
                                         const TmDeliveryResult *result,
                                         TmActor             actor,
                                         GError            **error);
TmDistribution *tm_distributor_find_by_reference (TmCatalog   *catalog,
                                                   const char  *reference,
                                                   GError     **error);

G_END_DECLS
