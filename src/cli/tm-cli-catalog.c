/* tm-cli-catalog.c: `tunemantra-cli catalog ...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"

/* Never opens the catalog: it is the command for one that cannot be opened. */
int
tm_cli_catalog_restore (TmCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *moved_to = NULL;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc > 2)
    return tm_cli_usage_error (argv[0], _("Give at most one BACKUP file"));

  if (cli->catalog_path == NULL)
    cli->catalog_path = tm_catalog_default_path ();
  backup = argc == 2 ? g_strdup (argv[1]) : tm_catalog_find_last_backup (cli->catalog_path);
  if (backup == NULL)
    {
      g_printerr (_("tunemantra-cli: There is no backup of %s.\n"), cli->catalog_path);
      return TM_CLI_FAILED;
    }

  if (!tm_catalog_restore (cli->catalog_path, backup, &moved_to, &error))
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "restored");
      json_builder_add_string_value (builder, backup);
      json_builder_set_member_name (builder, "moved_to");
      json_builder_add_string_value (builder, moved_to);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      tm_cli_print_json (root);
    }
  else
    g_print (_("%s was restored from %s.\nThe catalog it replaced is kept at %s.\n"),
             cli->catalog_path, backup, moved_to);
  return TM_CLI_OK;
}
