/* fuzz-cover.c: the cover tool on hostile pictures: the header read first, CMYK
 * JPEGs decoded by libjpeg (its errors caught), ICC profiles read by Little CMS
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-cover-edit.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = fuzz_write_file (data, size, ".jpg");
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { TM_COVER_CROP_CENTER, 0, 0, 0, 0, 80, 0 };
  TmCoverResult *result;

  /* 1 megapixel at most: a hostile header cannot make it decode more. */
  edit.max_pixels = 1000000;
  result = tm_cover_edit_sync (path, &edit, NULL, &error);
  if (result != NULL)
    {
      g_unlink (result->path);
      tm_cover_result_free (result);
    }
  fuzz_check_error (error);
  return 0;
}
