/* fuzz-ack.c: DDEX acknowledgements read from a platform's server
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-ddex-ack.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  TmDeliveryResult *result = tm_ddex_read_acknowledgement ((const char *) data, size,
                                                           "ACK_fuzz.xml", "TM-1-1-17",
                                                           "036000291452", &error);

  tm_delivery_result_free (result);
  fuzz_check_error (error);
  return 0;
}
