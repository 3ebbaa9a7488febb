/* tm-platform-row.h: one platform of the catalog, to test, edit or remove
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_PLATFORM_ROW (tm_platform_row_get_type ())

G_DECLARE_FINAL_TYPE (TmPlatformRow, tm_platform_row, TM, PLATFORM_ROW, AdwBin)

TmPlatform *tm_platform_row_get_platform (TmPlatformRow *self);
const char *tm_platform_kind_get_label   (TmPlatformKind kind);

G_END_DECLS
