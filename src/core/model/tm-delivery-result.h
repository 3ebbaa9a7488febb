/* tm-delivery-result.h: where a platform says a release stands
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tm-status.h"

G_BEGIN_DECLS

/* Where a platform says a release stands, in our states (docs/status.md). */
typedef struct
{
  TmDistributionStatus  status;
  char                 *reference;    /* the platform's name for it */
  char                 *store_url;
  char                 *message;      /* the platform's words, for a rejection */
  gboolean              unchanged;    /* only notes: where it stands is not known anew */
  gboolean              by_platform;  /* the platform said so (not our own upload's outcome) */
  GPtrArray            *notes;        /* (element-type utf8) (nullable): for the history */
} TmDeliveryResult;

TmDeliveryResult *tm_delivery_result_new  (TmDistributionStatus  status,
                                           const char           *reference);
void              tm_delivery_result_free (TmDeliveryResult     *result);
void              tm_delivery_result_add_note (TmDeliveryResult *result,
                                               const char       *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmDeliveryResult, tm_delivery_result_free)

G_END_DECLS
