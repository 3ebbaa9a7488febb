/* fuzz-status-file.c: status files (CSV and JSON) a platform sends
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-platform-status.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  if (size == 0)
    return 0;
  /* The first byte chooses the kind of file, as its name would. */
  rows = tm_status_file_parse ((const char *) data + 1, size - 1,
                               data[0] & 1 ? "status.json" : "status.csv", &error);
  fuzz_check_error (error);
  if (rows != NULL)
    g_ptr_array_unref (rows);
  return 0;
}
