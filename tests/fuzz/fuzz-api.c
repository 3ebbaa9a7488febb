/* fuzz-api.c: what a Delivery API server answers: release objects, release
 * lists and problem documents
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-api-target-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 413, 422, 429, 460, 500, 503, 507 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  GError *problem;

  if (size == 0)
    return 0;
  problem = tm_api_problem_error (statuses[data[0] % G_N_ELEMENTS (statuses)],
                                  (const char *) data + 1, size - 1, "Fuzz");
  fuzz_check_error (problem);
  g_error_free (problem);

  object = tm_api_parse_object ((const char *) data + 1, size - 1, "https://fuzz.invalid",
                                &error);
  fuzz_check_error (error);
  if (object != NULL)
    {
      g_autoptr(GError) release_error = NULL;
      TmDeliveryResult *result = tm_api_result_from_release (object, "https://fuzz.invalid",
                                                             &release_error);
      GPtrArray *list = tm_api_results_from_list (object, "https://fuzz.invalid");

      fuzz_check_error (release_error);
      tm_delivery_result_free (result);
      g_ptr_array_unref (list);
    }
  return 0;
}
