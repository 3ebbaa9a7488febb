/* fuzz-json.c: the one reader of JSON from outside, and its readers of members
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "tm-json.h"
#include "tm-secrets.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) token_error = NULL;
  g_autoptr(JsonNode) root = tm_json_parse ((const char *) data, size, "fuzz.json", &error);
  g_autofree char *text = g_strndup ((const char *) data, size);
  TmTokens *tokens;

  fuzz_check_error (error);
  /* What it accepts is within the depth json-glib survives, and the readers
   * take any member of any type. */
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);

      (void) tm_json_string_or (o, "a", NULL);
      (void) tm_json_int_or (o, "a", 0);
      (void) tm_json_double_or (o, "a", 0);
      (void) tm_json_bool_or (o, "a", FALSE);
    }

  /* A token file is JSON from outside too. */
  tokens = tm_tokens_parse (text, &token_error);
  fuzz_check_error (token_error);
  tm_tokens_free (tokens);
  return 0;
}
