/* tm-cli-release.c: `tunemantra-cli release ...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"

static JsonNode *
release_summary_json (TmRelease *release)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *artist = tm_release_get_artist (release);

  json_object_set_int_member (object, "id", tm_record_get_id (TM_RECORD (release)));
  json_object_set_string_member (object, "title", tm_release_get_title (release));
  json_object_set_string_member (object, "artist", artist);
  json_object_set_string_member (object, "type",
                                 tm_enum_to_nick (TM_TYPE_RELEASE_TYPE,
                                                  tm_release_get_release_type (release)));
  json_object_set_string_member (object, "release_date", tm_release_get_release_date (release));
  json_object_set_string_member (object, "upc", tm_release_get_upc (release));
  json_object_set_int_member (object, "tracks", tm_release_get_track_count (release));
  json_object_set_string_member (object, "status",
                                 tm_aggregate_status_to_string (tm_release_get_status (release)));
  json_object_set_string_member (object, "status_summary",
                                 tm_release_get_status_summary (release));
  json_node_take_object (node, object);
  return node;
}

static int
print_release (TmCli     *cli,
               TmRelease *release)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = tm_record_to_json (TM_RECORD (release));
      tm_cli_print_json (node);
    }
  else
    g_print ("%" G_GINT64_FORMAT "\n", tm_record_get_id (TM_RECORD (release)));

  return TM_CLI_OK;
}

int
tm_cli_release_new (TmCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *artist = NULL;
  g_autofree char *type = NULL;
  g_autofree char *date = NULL;
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The release's title"), N_("TITLE") },
    { "artist", 0, 0, G_OPTION_ARG_STRING, &artist, N_("The primary artist"), N_("ARTIST") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("single, ep, album or compilation"),
      N_("TYPE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The release date"), N_("YYYY-MM-DD") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;

  if (title == NULL || *g_strstrip (title) == '\0')
    return tm_cli_usage_error (argv[0], _("--title is required"));
  if (artist == NULL || *g_strstrip (artist) == '\0')
    return tm_cli_usage_error (argv[0], _("--artist is required"));

  tm_release_set_title (release, title);
  tm_release_set_artist (release, artist);

  if ((type != NULL && !tm_record_set_from_string (TM_RECORD (release), "release_type", type,
                                                   &error))
      || (date != NULL && !tm_record_set_from_string (TM_RECORD (release), "release_date", date,
                                                      &error))
      || !tm_cli_apply_settings (TM_RECORD (release), argc - 1, argv + 1, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  if (!tm_catalog_add_release (cli->catalog, release, &error))
    return tm_cli_fail (cli, error);

  return print_release (cli, release);
}

int
tm_cli_release_list (TmCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc > 1)
    return tm_cli_usage_error (argv[0], _("Unexpected argument “%s”"), argv[1]);

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  releases = tm_catalog_list_releases (cli->catalog, &error);
  if (releases == NULL)
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_sized_new (releases->len);

      for (guint i = 0; i < releases->len; i++)
        json_array_add_element (array, release_summary_json (g_ptr_array_index (releases, i)));
      json_node_take_array (root, array);
      tm_cli_print_json (root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      const char *headings[] = { _("ID"), _("TITLE"), _("ARTIST"), _("TYPE"), _("DATE"),
                                 _("TRACKS"), _("STATUS") };

      for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
        g_ptr_array_add (rows, g_strdup (headings[c]));

      for (guint i = 0; i < releases->len; i++)
        {
          TmRelease *r = g_ptr_array_index (releases, i);

          g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  tm_record_get_id (TM_RECORD (r))));
          g_ptr_array_add (rows, g_strdup (tm_release_get_title (r)));
          g_ptr_array_add (rows, tm_release_get_artist (r));
          g_ptr_array_add (rows, g_strdup (tm_enum_to_nick (TM_TYPE_RELEASE_TYPE,
                                                            tm_release_get_release_type (r))));
          g_ptr_array_add (rows, g_strdup (tm_release_get_release_date (r)));
          g_ptr_array_add (rows, g_strdup_printf ("%u", tm_release_get_track_count (r)));
          g_ptr_array_add (rows,
                           g_strdup (tm_aggregate_status_get_label (tm_release_get_status (r))));
        }

      if (releases->len == 0)
        g_print (_("No releases yet. Create one with “tunemantra-cli release new”.\n"));
      else
        tm_cli_print_table (rows, G_N_ELEMENTS (headings));
    }

  return TM_CLI_OK;
}

static void
print_fields (TmRecord   *record,
              const char *indent)
{
  g_autoptr(JsonNode) node = tm_record_to_json (record);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else
        text = json_to_string (value, FALSE);
      if (g_str_equal (text, "[]"))
        continue;

      g_print ("%s%-22s %s\n", indent, (const char *) l->data, text);
    }
}

int
tm_cli_release_show (TmCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = TM_CLI_OK;

  if (!(release = tm_cli_parse_release (cli, NULL, &argc, &argv, &status)))
    return status;

  id = tm_record_get_id (TM_RECORD (release));
  if (!(tracks = tm_catalog_list_tracks (cli->catalog, id, &error))
      || !(distributions = tm_catalog_list_distributions (cli->catalog, id, &error)))
    return tm_cli_fail (cli, error);
  artwork = tm_catalog_get_artwork (cli->catalog, id, &error);
  if (error != NULL)
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = tm_record_to_json (TM_RECORD (release));
      JsonObject *object = json_node_get_object (node);
      JsonArray *track_array = json_array_new ();
      JsonArray *dist_array = json_array_new ();

      for (guint i = 0; i < tracks->len; i++)
        json_array_add_element (track_array, tm_record_to_json (g_ptr_array_index (tracks, i)));
      for (guint i = 0; i < distributions->len; i++)
        json_array_add_element (dist_array,
                                tm_record_to_json (g_ptr_array_index (distributions, i)));

      json_object_set_array_member (object, "tracks", track_array);
      json_object_set_member (object, "artwork",
                              artwork ? tm_record_to_json (TM_RECORD (artwork))
                                      : json_node_new (JSON_NODE_NULL));
      json_object_set_array_member (object, "distributions", dist_array);
      tm_cli_print_json (node);
      return TM_CLI_OK;
    }

  print_fields (TM_RECORD (release), "");
  if (artwork != NULL)
    g_print ("%-22s %s\n", "artwork", tm_artwork_get_path (artwork));

  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);

      g_print ("\n%s %d-%d\n", _("Track"), tm_track_get_disc (track), tm_track_get_number (track));
      print_fields (TM_RECORD (track), "  ");
    }

  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);

      g_print ("\n%s %s: %s\n", _("Distribution to"), tm_distribution_get_platform_name (d),
               tm_distribution_status_get_label (tm_distribution_get_status (d)));
    }

  return TM_CLI_OK;
}

int
tm_cli_release_set (TmCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 3)
    return tm_cli_usage_error (argv[0], _("Give a RELEASE id and at least one KEY=VALUE"));

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  if (!tm_cli_apply_settings (TM_RECORD (release), argc - 2, argv + 2, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  if (!tm_catalog_update_release (cli->catalog, release, &error))
    return tm_cli_fail (cli, error);

  return cli->json ? print_release (cli, release) : TM_CLI_OK;
}

int
tm_cli_release_delete (TmCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  gint64 id;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give one RELEASE id"));
  if (!tm_cli_parse_id (argv[0], "RELEASE", argv[1], &id))
    return TM_CLI_USAGE;

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  if (!tm_catalog_delete_release (cli->catalog, id, &error))
    return tm_cli_fail (cli, error);

  return TM_CLI_OK;
}
