/* tm-delivery-result.c: where a platform says a release stands
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-delivery-result.h"

TmDeliveryResult *
tm_delivery_result_new (TmDistributionStatus  status,
                        const char           *reference)
{
  TmDeliveryResult *result = g_new0 (TmDeliveryResult, 1);

  result->status = status;
  result->reference = g_strdup (reference);
  result->by_platform = TRUE;
  return result;
}

void
tm_delivery_result_free (TmDeliveryResult *result)
{
  if (result == NULL)
    return;

  g_free (result->reference);
  g_free (result->store_url);
  g_free (result->message);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  g_free (result);
}

/* Something to keep in the history that moves nothing (an acknowledgement set aside). */
void
tm_delivery_result_add_note (TmDeliveryResult *result,
                             const char       *note)
{
  if (result->notes == NULL)
    result->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (result->notes, g_strdup (note));
}
