/* tm-import-zip-private.h: one zip unpacked alone, for tests and fuzzing
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-import-zip.h"

G_BEGIN_DECLS

char *tm_import_zip_unpack_one (const char  *zip,
                                const char  *root,
                                GError     **error);

G_END_DECLS
