/* tm-cli-distribution.c: `tunemantra-cli distribution ...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-status-details.h"

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (usec <= 0)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

int
tm_cli_distribution_add (TmCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_auto(GStrv) platforms = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms, N_("A platform, by name"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  json_node_take_array (root, array);

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give one RELEASE id"));
  if (platforms == NULL)
    return tm_cli_usage_error (argv[0], _("Give at least one --platform NAME"));

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  for (guint i = 0; platforms[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TmPlatform) platform = tm_catalog_find_platform (cli->catalog, platforms[i],
                                                                 &error);
      g_autoptr(TmDistribution) distribution = NULL;

      if (platform != NULL)
        distribution = tm_catalog_add_distribution (cli->catalog,
                                                    tm_record_get_id (TM_RECORD (release)),
                                                    tm_record_get_id (TM_RECORD (platform)),
                                                    TM_ACTOR_USER, &error);
      if (distribution == NULL)
        {
          status = tm_cli_fail (cli, error);
          continue;
        }

      if (cli->json)
        json_array_add_element (array, tm_record_to_json (TM_RECORD (distribution)));
      else
        g_print ("%" G_GINT64_FORMAT "\n", tm_record_get_id (TM_RECORD (distribution)));
    }

  if (cli->json)
    tm_cli_print_json (root);

  return status;
}

int
tm_cli_distribution_list (TmCli  *cli,
                          int     argc,
                          char  **argv)
{
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 release_id = 0;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc > 2)
    return tm_cli_usage_error (argv[0], _("Give at most one RELEASE id"));
  if (argc == 2 && !tm_cli_parse_id (argv[0], "RELEASE", argv[1], &release_id))
    return TM_CLI_USAGE;

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  if (!(distributions = tm_catalog_list_distributions (cli->catalog, release_id, &error)))
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < distributions->len; i++)
        json_array_add_element (array, tm_record_to_json (g_ptr_array_index (distributions, i)));
      json_node_take_array (root, array);
      tm_cli_print_json (root);
    }
  else if (distributions->len == 0)
    g_print (_("No distributions.\n"));
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      const char *headings[] = { _("RELEASE"), _("PLATFORM"), _("STATUS"), _("SINCE"),
                                 _("STORE") };

      for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
        g_ptr_array_add (rows, g_strdup (headings[c]));
      for (guint i = 0; i < distributions->len; i++)
        {
          TmDistribution *d = g_ptr_array_index (distributions, i);

          g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  tm_distribution_get_release_id (d)));
          g_ptr_array_add (rows, g_strdup (tm_distribution_get_platform_name (d)));
          g_ptr_array_add (rows, g_strdup (tm_distribution_status_to_string (
                                             tm_distribution_get_status (d))));
          g_ptr_array_add (rows, format_time (tm_distribution_get_updated_at (d)));
          g_ptr_array_add (rows, g_strdup (tm_distribution_get_store_url (d)));
        }
      tm_cli_print_table (rows, G_N_ELEMENTS (headings));
    }

  return TM_CLI_OK;
}

int
tm_cli_distribution_history (TmCli  *cli,
                             int     argc,
                             char  **argv)
{
  g_autofree char *platform_name = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  JsonArray *array = json_array_new ();
  gboolean found = FALSE;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_name, N_("Only this platform"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  const char *headings[] = { _("TIME"), _("PLATFORM"), _("WHAT HAPPENED") };
  int status = TM_CLI_OK;

  json_node_take_array (root, array);

  if (!(release = tm_cli_parse_release (cli, entries, &argc, &argv, &status)))
    return status;

  distributions = tm_catalog_list_distributions (cli->catalog,
                                                 tm_record_get_id (TM_RECORD (release)), &error);
  if (distributions == NULL)
    return tm_cli_fail (cli, error);

  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    g_ptr_array_add (rows, g_strdup (headings[c]));

  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      const char *name = tm_distribution_get_platform_name (d);
      g_autoptr(GPtrArray) history = NULL;

      if (platform_name != NULL && g_ascii_strcasecmp (platform_name, name) != 0)
        continue;
      found = TRUE;

      history = tm_catalog_list_history (cli->catalog, tm_record_get_id (TM_RECORD (d)), &error);
      if (history == NULL)
        return tm_cli_fail (cli, error);

      for (guint h = 0; h < history->len; h++)
        {
          TmStatusChange *change = g_ptr_array_index (history, h);
          JsonNode *node = tm_record_to_json (TM_RECORD (change));
          char *said = tm_status_change_describe (change, name);

          json_object_set_string_member (json_node_get_object (node), "platform", name);
          json_object_set_string_member (json_node_get_object (node), "description", said);
          json_array_add_element (array, node);

          /* The same sentences as the window's, who did what and why. */
          g_ptr_array_add (rows, format_time (tm_status_change_get_time (change)));
          g_ptr_array_add (rows, g_strdup (name));
          g_ptr_array_add (rows, said);
        }
    }

  if (platform_name != NULL && !found)
    {
      g_printerr (_("tunemantra-cli: release %s has no distribution to “%s”.\n"), argv[1],
                  platform_name);
      return TM_CLI_FAILED;
    }

  if (cli->json)
    tm_cli_print_json (root);
  else if (rows->len == G_N_ELEMENTS (headings))
    g_print (_("No history: the release has no distributions yet.\n"));
  else
    tm_cli_print_table (rows, G_N_ELEMENTS (headings));

  return TM_CLI_OK;
}

int
tm_cli_distribution_set_status (TmCli  *cli,
                                int     argc,
                                char  **argv)
{
  g_autofree char *platform_name = NULL;
  g_autofree char *details = NULL;
  g_autofree char *store_url = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(GError) error = NULL;
  TmDistributionStatus to;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_name, N_("The platform"), N_("NAME") },
    { "details", 0, 0, G_OPTION_ARG_STRING, &details, N_("What to record with it, as a JSON "
                                                         "object"), N_("JSON") },
    { "store-url", 0, 0, G_OPTION_ARG_STRING, &store_url, N_("Where listeners find it"),
      N_("URL") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 3 || platform_name == NULL)
    return tm_cli_usage_error (argv[0], _("Give RELEASE, --platform NAME and the STATUS"));
  if (!tm_distribution_status_from_string (argv[2], &to))
    {
      g_autofree char *all = tm_enum_list_nicks (TM_TYPE_DISTRIBUTION_STATUS);
      return tm_cli_usage_error (argv[0], _("“%s” is not a status; the statuses are: %s"),
                                 argv[2], all);
    }

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  if (!(platform = tm_catalog_find_platform (cli->catalog, platform_name, &error))
      || !(distribution = tm_catalog_find_distribution (cli->catalog,
                                                        tm_record_get_id (TM_RECORD (release)),
                                                        tm_record_get_id (TM_RECORD (platform)),
                                                        &error))
      || !tm_catalog_transition (cli->catalog, tm_record_get_id (TM_RECORD (distribution)), to,
                                 TM_ACTOR_USER, details, &error))
    return tm_cli_fail (cli, error);

  if (store_url != NULL)
    {
      tm_distribution_set_store_url (distribution, store_url);
      if (!tm_catalog_update_distribution (cli->catalog, distribution, &error))
        return tm_cli_fail (cli, error);
    }

  return TM_CLI_OK;
}
