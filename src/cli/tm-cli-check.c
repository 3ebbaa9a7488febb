/* tm-cli-check.c: tunemantra-cli check
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-preflight.h"
#include "tm-cli.h"

/* The profiles to check against: the ones named, else those of the platforms
 * the release goes to, else every store. */
GPtrArray *
tm_cli_choose_profiles (TmCli      *cli,
                        const char *command,
                        GPtrArray  *all,
                        gint64      release_id,
                        char      **names,
                        int        *status)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      TmRequirements *profile = tm_requirements_find (all, names[i]);

      if (profile == NULL)
        {
          /* A platform of the catalog, by its rule profile. */
          g_autoptr(TmPlatform) platform = tm_catalog_find_platform (cli->catalog, names[i], NULL);

          if (platform != NULL && tm_platform_get_rule_profile (platform) != NULL)
            profile = tm_requirements_find (all, tm_platform_get_rule_profile (platform));
          else if (platform != NULL)
            profile = tm_requirements_find (all, "generic");
        }
      if (profile == NULL)
        {
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint k = 0; k < all->len; k++)
            g_string_append_printf (known, "%s%s", k ? ", " : "",
                                    tm_requirements_get_id (g_ptr_array_index (all, k)));
          *status = tm_cli_usage_error (command, _("No platform or rule profile is called “%s”. "
                                                   "Profiles: %s"), names[i], known->str);
          return NULL;
        }
      if (!g_ptr_array_find (chosen, profile, NULL))
        g_ptr_array_add (chosen, g_object_ref (profile));
    }
  if (chosen->len > 0)
    return g_steal_pointer (&chosen);

  if (!(distributions = tm_catalog_list_distributions (cli->catalog, release_id, &error)))
    {
      *status = tm_cli_fail (cli, error);
      return NULL;
    }
  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *distribution = g_ptr_array_index (distributions, i);
      g_autoptr(TmPlatform) platform = tm_catalog_get_platform (cli->catalog,
                                                                tm_distribution_get_platform_id (distribution),
                                                                NULL);
      const char *id = platform != NULL ? tm_platform_get_rule_profile (platform) : NULL;
      TmRequirements *profile = tm_requirements_find (all, id != NULL ? id : "generic");

      if (profile != NULL && !g_ptr_array_find (chosen, profile, NULL))
        g_ptr_array_add (chosen, g_object_ref (profile));
    }
  if (chosen->len > 0)
    return g_steal_pointer (&chosen);

  for (guint i = 0; i < all->len; i++)
    if (!g_str_equal (tm_requirements_get_id (g_ptr_array_index (all, i)), "generic"))
      g_ptr_array_add (chosen, g_object_ref (g_ptr_array_index (all, i)));
  return g_steal_pointer (&chosen);
}

static void
print_text (GPtrArray *profiles,
            GPtrArray *issues)
{
  for (guint p = 0; p < profiles->len; p++)
    {
      TmRequirements *profile = g_ptr_array_index (profiles, p);
      guint counts[3] = { 0, 0, 0 };

      for (guint i = 0; i < issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (issues, i);

          if (g_str_equal (tm_issue_get_platform (issue), tm_requirements_get_id (profile)))
            counts[tm_issue_get_severity (issue)]++;
        }

      if (counts[0] + counts[1] + counts[2] == 0)
        {
          g_print (_("%s: ready\n"), tm_requirements_get_name (profile));
          continue;
        }
      g_print (_("%s: %u errors, %u warnings, %u notes\n"), tm_requirements_get_name (profile),
               counts[0], counts[1], counts[2]);

      for (guint i = 0; i < issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (issues, i);

          if (!g_str_equal (tm_issue_get_platform (issue), tm_requirements_get_id (profile)))
            continue;
          g_print ("  %-8s %s\n", tm_issue_severity_to_string (tm_issue_get_severity (issue)),
                   tm_issue_get_message (issue));
          if (tm_issue_get_hint (issue) != NULL)
            g_print ("           → %s\n", tm_issue_get_hint (issue));
          g_print ("           [%s; %s]\n", tm_issue_get_code (issue),
                   tm_issue_get_source (issue) ? tm_issue_get_source (issue) : _("no source"));
        }
    }
}

int
tm_cli_check (TmCli  *cli,
              int     argc,
              char  **argv)
{
  g_auto(GStrv) platforms = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms,
      N_("A platform or rule profile (spotify, apple-music...); all stores if none"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!(release = tm_cli_parse_release (cli, entries, &argc, &argv, &status)))
    return status;
  if (!(all = tm_requirements_load_all (NULL, &error)))
    return tm_cli_fail (cli, error);
  if (!(profiles = tm_cli_choose_profiles (cli, argv[0], all,
                                           tm_record_get_id (TM_RECORD (release)), platforms,
                                           &status)))
    return status;

  issues = tm_preflight_check_release (cli->catalog, tm_record_get_id (TM_RECORD (release)),
                                       profiles, NULL, NULL, NULL, NULL, &error);
  if (issues == NULL)
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < issues->len; i++)
        json_array_add_element (array, tm_issue_to_json (g_ptr_array_index (issues, i)));
      json_node_set_array (root, array);
      tm_cli_print_json (root);
    }
  else
    print_text (profiles, issues);

  return tm_checker_has_errors (issues) ? TM_CLI_FAILED : TM_CLI_OK;
}
