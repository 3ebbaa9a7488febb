/* tm-json.c: JSON from outside, parsed and read without trusting it
 *
 * Every JSON text that comes from outside (a server's answer or problem
 * document, a status file, a token file, a rule profile, what a user typed) is
 * parsed by tm_json_parse(), which refuses before json-glib sees it what
 * json-glib 1.6 handles badly: nesting deep enough to overflow its recursive
 * parser's stack (200 KB of "[" crashes it), and NUL characters, which it cuts
 * strings at silently.
 *
 * json-glib's *_member_with_default() functions warn (and, with fatal
 * criticals, abort) when a member holds an array or an object; a server, a
 * status file or a token file may send anything. The readers below give
 * @fallback for a member that is missing, null, or of another type.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-text.h"

/**
 * tm_json_check:
 * @source: what the text is (a file name, a server), for the message
 *
 * Whether @data is safe to give json-glib: nested at most TM_JSON_MAX_DEPTH
 * deep and without NUL characters, escaped or not. It does not check that it is
 * JSON; json-glib does.
 */
gboolean
tm_json_check (const char  *data,
               gsize        length,
               const char  *source,
               GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s holds a NUL character, which JSON text never does; it was not "
                         "read."), source);
          return FALSE;
        }
      if (in_string)
        {
          if (c == '\\' && i + 1 < length)
            {
              /* \u0000 would end the string early in json-glib, silently. */
              if (data[i + 1] == 'u' && i + 5 < length && memcmp (data + i + 2, "0000", 4) == 0)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("%s holds the character \\u0000 in a text; it was not read."),
                               source);
                  return FALSE;
                }
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > TM_JSON_MAX_DEPTH)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("%s nests JSON more than %d levels deep; it was not read."),
                           source, TM_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * tm_json_parse:
 * @data: JSON text, not necessarily NUL-terminated
 * @source: what the text is, for messages ("status.json", "https://api.example.com/")
 *
 * Parses JSON from outside (see the top of this file).
 *
 * Returns: (transfer full): the root, or %NULL with an error naming @source
 */
JsonNode *
tm_json_parse (const char  *data,
               gsize        length,
               const char  *source,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || !tm_json_check (data, length, source, error))
    {
      if (data == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is empty, not JSON."),
                     source);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the text it stopped at and may cut a character in
       * half: its words are made readable like anything from outside. */
      g_autofree char *why = tm_text_from_outside (local_error->message, 200);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not valid JSON: %s"),
                   source, why);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is empty, not JSON."),
                   source);
      return NULL;
    }
  return json_node_ref (root);
}

/**
 * tm_json_parse_object:
 *
 * Like tm_json_parse(), for a text that must be one JSON object.
 *
 * Returns: (transfer full): the object, or %NULL with an error naming @source
 */
JsonObject *
tm_json_parse_object (const char  *data,
                      gsize        length,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(JsonNode) root = tm_json_parse (data, length, source, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is JSON, but not the object it should be."), source);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

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
