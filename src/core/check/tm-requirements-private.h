/* tm-requirements-private.h: a rule's raw value, for the tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tm-requirements.h"

G_BEGIN_DECLS

JsonNode *tm_requirements_get_rule (TmRequirements *self,
                                    const char     *key);

G_END_DECLS
