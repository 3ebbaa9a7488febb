/* fuzz-artwork.c: the artwork sniffer and header reader (no image is decoded
 * that would be larger than the limit)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-artwork-inspector.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = fuzz_write_file (data, size, ".img");
  g_autoptr(GError) error = NULL;
  TmImageReport *report;

  tm_sniff_image_format (data, size);
  /* 4 megapixels at most: a hostile header cannot make it decode more. */
  report = tm_artwork_inspect (path, 4000000, &error);
  if (report != NULL)
    {
      JsonNode *node = tm_image_report_to_json (report);

      json_node_unref (node);
      tm_image_report_free (report);
    }
  fuzz_check_error (error);
  return 0;
}
