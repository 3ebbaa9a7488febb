/* tm-cli-inspect.c: `tunemantra-cli inspect FILE...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-report-cache.h"

static char *
number (JsonObject *o,
        const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", json_node_get_double (node));
}

static char *
integer (JsonObject *o,
         const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static char *
file_name (JsonObject *o)
{
  return g_path_get_basename (json_object_get_string_member (o, "path"));
}

/* Readable tables: one for audio, one for images, then what could not be read. */
static void
print_tables (GPtrArray *results)
{
  g_autoptr(GPtrArray) audio = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  const char *audio_head[] = { _("FILE"), _("FORMAT"), _("RATE"), _("BITS"), _("CH"),
                               _("LENGTH"), _("LUFS"), _("LRA"), _("MAX S"), _("TRUE PEAK"),
                               _("CLIPS"), _("SILENCE") };
  const char *image_head[] = { _("FILE"), _("FORMAT"), _("SIZE"), _("COLOUR"), _("ICC"),
                               _("ORIENTATION"), _("PROGRESSIVE"), _("BYTES") };
  guint n_audio = 0, n_images = 0;

  for (guint c = 0; c < G_N_ELEMENTS (audio_head); c++)
    g_ptr_array_add (audio, g_strdup (audio_head[c]));
  for (guint c = 0; c < G_N_ELEMENTS (image_head); c++)
    g_ptr_array_add (images, g_strdup (image_head[c]));

  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *o = json_node_get_object (g_ptr_array_index (results, i));
      const char *kind = json_object_get_string_member (o, "kind");

      if (g_str_equal (kind, "audio"))
        {
          g_autofree char *bits = integer (o, "bit_depth");
          g_autofree char *effective = integer (o, "effective_bit_depth");
          double lead = json_object_get_double_member_with_default (o, "leading_silence_s", 0);
          double trail = json_object_get_double_member_with_default (o, "trailing_silence_s", 0);
          double length = json_object_get_double_member (o, "duration_s");

          g_ptr_array_add (audio, file_name (o));
          g_ptr_array_add (audio, g_strdup_printf ("%s/%s",
                                                   json_object_get_string_member (o, "container"),
                                                   json_object_get_string_member (o, "codec")));
          g_ptr_array_add (audio, integer (o, "sample_rate"));
          g_ptr_array_add (audio, g_strcmp0 (bits, effective) == 0 || g_str_equal (effective, "—")
                                  ? g_strdup (bits)
                                  : g_strdup_printf ("%s (%s used)", bits, effective));
          g_ptr_array_add (audio, integer (o, "channels"));
          g_ptr_array_add (audio, g_strdup_printf ("%.1f s", length));
          g_ptr_array_add (audio, number (o, "integrated_lufs"));
          g_ptr_array_add (audio, number (o, "loudness_range_lu"));
          g_ptr_array_add (audio, number (o, "max_short_term_lufs"));
          g_ptr_array_add (audio, number (o, "true_peak_dbtp"));
          g_ptr_array_add (audio, integer (o, "clipped_runs"));
          g_ptr_array_add (audio, g_strdup_printf ("%.1f s / %.1f s", lead, trail));
          n_audio++;
        }
      else if (g_str_equal (kind, "image"))
        {
          g_ptr_array_add (images, file_name (o));
          g_ptr_array_add (images, g_strdup (json_object_get_string_member (o, "format")));
          g_ptr_array_add (images, g_strdup_printf ("%" G_GINT64_FORMAT " × %" G_GINT64_FORMAT,
                                                    json_object_get_int_member (o, "width"),
                                                    json_object_get_int_member (o, "height")));
          g_ptr_array_add (images, g_strdup (json_object_get_string_member (o, "color_model")));
          g_ptr_array_add (images, g_strdup (json_object_get_boolean_member (o, "icc_profile")
                                             ? _("yes") : _("no")));
          g_ptr_array_add (images, integer (o, "exif_orientation"));
          g_ptr_array_add (images, g_strdup (json_object_get_boolean_member (o, "progressive")
                                             ? _("yes") : _("no")));
          g_ptr_array_add (images, integer (o, "bytes"));
          n_images++;
        }
    }

  if (n_audio > 0)
    tm_cli_print_table (audio, G_N_ELEMENTS (audio_head));
  if (n_audio > 0 && n_images > 0)
    g_print ("\n");
  if (n_images > 0)
    tm_cli_print_table (images, G_N_ELEMENTS (image_head));

  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *o = json_node_get_object (g_ptr_array_index (results, i));

      if (g_str_equal (json_object_get_string_member (o, "kind"), "error"))
        g_printerr ("tunemantra-cli: %s\n", json_object_get_string_member (o, "message"));
    }
}

int
tm_cli_inspect (TmCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
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

  reports = tm_report_cache_inspect (no_cache ? NULL : cli->catalog_path,
                                     (const char * const *) argv + 1, NULL, NULL, NULL);

  /* Reports are printed as JSON, the form a script reads. */
  for (guint i = 0; i < reports->len; i++)
    {
      TmReport *report = g_ptr_array_index (reports, i);
      JsonNode *node = tm_report_to_json (report, FALSE);

      if (tm_report_get_kind (report) == TM_REPORT_ERROR)
        status = TM_CLI_FAILED;
      g_ptr_array_add (results, node);
      json_array_add_element (array, json_node_ref (node));
    }

  if (cli->json)
    tm_cli_print_json (root);
  else
    print_tables (results);

  return status;
}
