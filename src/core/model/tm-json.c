/* tm-json.c: members of JSON from outside, read without trusting their types
 *
 * json-glib's *_member_with_default() functions warn (and, with fatal
 * criticals, abort) when a member holds an array or an object; a server, a
 * status file or a token file may send anything. These give @fallback for a
 * member that is missing, null, or of another type.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-json.h"

static JsonNode *
value_of (JsonObject *object,
          const char *member,
          GType       type)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type
         ? node : NULL;
}

const char *
tm_json_string_or (JsonObject *object,
                   const char *member,
                   const char *fallback)
{
  JsonNode *node = value_of (object, member, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : fallback;
}

gint64
tm_json_int_or (JsonObject *object,
                const char *member,
                gint64      fallback)
{
  JsonNode *node = value_of (object, member, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : fallback;
}

double
tm_json_double_or (JsonObject *object,
                   const char *member,
                   double      fallback)
{
  JsonNode *node = value_of (object, member, G_TYPE_DOUBLE);

  if (node != NULL)
    return json_node_get_double (node);
  node = value_of (object, member, G_TYPE_INT64);
  return node != NULL ? (double) json_node_get_int (node) : fallback;
}

gboolean
tm_json_bool_or (JsonObject *object,
                 const char *member,
                 gboolean    fallback)
{
  JsonNode *node = value_of (object, member, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

/**
 * tm_json_root_is:
 *
 * Whether what @parser read is of @type: an empty document has no root, and
 * json-glib warns when asked the type of none.
 */
gboolean
tm_json_root_is (JsonParser   *parser,
                 JsonNodeType  type)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && json_node_get_node_type (root) == type;
}
