/* tm-release-smartlink.h: the smart link page of a release of the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"

G_BEGIN_DECLS

char *tm_release_smartlink_write (TmCatalog   *catalog,
                                  gint64       release_id,
                                  const char  *folder,
                                  GError     **error);

G_END_DECLS
