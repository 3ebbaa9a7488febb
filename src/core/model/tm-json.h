/* tm-json.h: members of JSON from outside, read without trusting their types
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *tm_json_string_or (JsonObject *object,
                               const char *member,
                               const char *fallback);
gint64      tm_json_int_or    (JsonObject *object,
                               const char *member,
                               gint64      fallback);
double      tm_json_double_or (JsonObject *object,
                               const char *member,
                               double      fallback);
gboolean    tm_json_bool_or   (JsonObject *object,
                               const char *member,
                               gboolean    fallback);

gboolean    tm_json_root_is   (JsonParser   *parser,
                               JsonNodeType  type);

G_END_DECLS
