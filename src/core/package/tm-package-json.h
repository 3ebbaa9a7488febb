/* tm-package-json.h: a package's metadata as JSON, for metadata.json and the HTTP API
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tm-package.h"

G_BEGIN_DECLS

JsonNode *tm_package_json_metadata (TmPackage *package);

G_END_DECLS
