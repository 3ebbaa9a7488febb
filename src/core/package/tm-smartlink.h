/* tm-smartlink.h: a small static page with one button per store
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-model.h"

G_BEGIN_DECLS

char *tm_smartlink_write (TmRelease   *release,
                          TmArtwork   *artwork,
                          GPtrArray   *distributions,
                          const char  *folder,
                          GError     **error);

G_END_DECLS
