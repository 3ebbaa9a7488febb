/* tm-delivery-row.h: where a release stands on one platform, why, and what to do
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-job-queue.h"

G_BEGIN_DECLS

#define TM_TYPE_DELIVERY_ROW (tm_delivery_row_get_type ())

G_DECLARE_FINAL_TYPE (TmDeliveryRow, tm_delivery_row, TM, DELIVERY_ROW, AdwExpanderRow)

GtkWidget      *tm_delivery_row_new              (TmCatalog      *catalog,
                                                  TmDistribution *distribution,
                                                  TmJobQueue     *queue);
TmDistribution *tm_delivery_row_get_distribution (TmDeliveryRow  *self);
const char     *tm_delivery_row_get_reason       (TmDeliveryRow  *self);
const char     *tm_delivery_row_get_fix          (TmDeliveryRow  *self);
GListModel     *tm_delivery_row_get_history      (TmDeliveryRow  *self);
gboolean        tm_delivery_row_set_store_url    (TmDeliveryRow  *self,
                                                  const char     *url,
                                                  GError        **error);

G_END_DECLS
