/* tm-insights.h: figures about distribution, computed in SQL
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

JsonObject *tm_insights_compute (TmCatalog  *catalog,
                                 gint64      now,
                                 GError    **error);
char       *tm_insights_to_csv  (JsonObject *insights);

G_END_DECLS
