/* tm-cli-inspect.c: `tunemantra-cli inspect FILE...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-inspector.h"

static char *
number (JsonObject *o,
        const char *key,
        const char *unit)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%s%s", json_node_get_double (node), *unit ? " " : "", unit);
}

static void
print_text (JsonObject *o)
{
  const char *kind = json_object_get_string_member (o, "kind");

  g_print ("%s\n", json_object_get_string_member (o, "path"));

  if (g_str_equal (kind, "error"))
    g_print ("  %s\n", json_object_get_string_member (o, "message"));
  else if (g_str_equal (kind, "image"))
    g_print (_("  %s, %" G_GINT64_FORMAT " × %" G_GINT64_FORMAT ", %s%s%s%s, %" G_GINT64_FORMAT
               " bytes\n"),
             json_object_get_string_member (o, "format"),
             json_object_get_int_member (o, "width"), json_object_get_int_member (o, "height"),
             json_object_get_string_member (o, "color_model"),
             json_object_get_boolean_member (o, "icc_profile") ? _(", ICC profile") : "",
             json_object_get_boolean_member (o, "progressive") ? _(", progressive") : "",
             json_object_get_null_member (o, "exif_orientation") ? "" : _(", EXIF orientation"),
             json_object_get_int_member (o, "bytes"));
  else
    {
      g_autofree char *i = number (o, "integrated_lufs", "LUFS");
      g_autofree char *lra = number (o, "loudness_range_lu", "LU");
      g_autofree char *tp = number (o, "true_peak_dbtp", "dBTP");
      g_autofree char *sp = number (o, "sample_peak_dbfs", "dBFS");
      g_autofree char *m = number (o, "max_momentary_lufs", "");
      g_autofree char *s = number (o, "max_short_term_lufs", "");
      JsonNode *bits = json_object_get_member (o, "bit_depth");
      g_autofree char *bits_text = JSON_NODE_HOLDS_NULL (bits) ? g_strdup ("—")
                                   : g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      json_node_get_int (bits));

      g_print (_("  %s/%s, %" G_GINT64_FORMAT " Hz, %s bit, %" G_GINT64_FORMAT
                 " channels, %.1f s\n"),
               json_object_get_string_member (o, "container"),
               json_object_get_string_member (o, "codec"),
               json_object_get_int_member (o, "sample_rate"),
               bits_text,
               json_object_get_int_member (o, "channels"),
               json_object_get_double_member (o, "duration_s"));
      g_print (_("  loudness %s, range %s, max momentary %s, max short-term %s\n"), i, lra, m, s);
      g_print (_("  true peak %s, sample peak %s, clipped runs %" G_GINT64_FORMAT "\n"), tp, sp,
               json_object_get_int_member (o, "clipped_runs"));
    }
}

int
tm_cli_inspect (TmCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  gboolean no_cache = FALSE;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      N_("Analyse again, even files the catalog has reports of"), NULL },
    G_OPTION_ENTRY_NULL
  };

  json_node_take_array (root, array);

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give at least one FILE"));

  if (!no_cache && cli->catalog_path == NULL)
    cli->catalog_path = tm_catalog_default_path ();

  results = tm_inspect_files (no_cache ? NULL : cli->catalog_path,
                              (const char * const *) argv + 1, NULL);

  for (guint i = 0; i < results->len; i++)
    {
      JsonNode *node = g_ptr_array_index (results, i);
      JsonObject *o = json_node_get_object (node);

      if (g_str_equal (json_object_get_string_member (o, "kind"), "error"))
        status = TM_CLI_FAILED;
      if (cli->json)
        json_array_add_element (array, json_node_ref (node));
      else
        print_text (o);
    }

  if (cli->json)
    tm_cli_print_json (root);

  return status;
}
