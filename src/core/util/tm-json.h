/* tm-json.h: JSON from outside, parsed and read without trusting it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than anything TuneMantra reads or writes (a release is 4 deep), far
 * shallower than what overflows json-glib's stack. */
#define TM_JSON_MAX_DEPTH 64

gboolean    tm_json_check        (const char  *data,
                                  gsize        length,
                                  const char  *source,
                                  GError     **error);
JsonNode   *tm_json_parse        (const char  *data,
                                  gsize        length,
                                  const char  *source,
                                  GError     **error);
JsonObject *tm_json_parse_object (const char  *data,
                                  gsize        length,
                                  const char  *source,
                                  GError     **error);

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
