/* tm-ddex-schemas-private.h: where the schemas are kept and how long a
 * download may take, for the tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-ddex-schemas.h"

G_BEGIN_DECLS

gboolean  tm_ddex_schemas_check        (const char  *folder,
                                        GError     **error);
char     *tm_ddex_schemas_cache_dir    (void);
void      tm_ddex_schemas_set_deadline (gint64       usec);

G_END_DECLS
