/* tm-cli-import.c: tunemantra-cli import
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-import.h"

int
tm_cli_import (TmCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *artist = NULL;
  gint64 into = 0;
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The release's title (else the album tag "
                                                     "or the folder's name)"), N_("TITLE") },
    { "artist", 0, 0, G_OPTION_ARG_STRING, &artist, N_("The primary artist (else the tags)"),
      N_("ARTIST") },
    { "into", 0, 0, G_OPTION_ARG_INT64, &into, N_("Add to this release instead of a new one"),
      N_("RELEASE") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give the audio files, folders or zips to import"));
  if (into < 0)
    return tm_cli_usage_error (argv[0], _("--into is a release id"));
  if (!tm_cli_catalog (cli, &status))
    return status;

  result = tm_import_files_full_sync (tm_catalog_get_path (cli->catalog),
                                      (const char * const *) argv + 1, into,
                                      title ? g_strstrip (title) : NULL,
                                      artist ? g_strstrip (artist) : NULL, NULL, &error);
  if (result == NULL)
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, result->release_id);
      json_builder_set_member_name (b, "tracks");
      json_builder_add_int_value (b, result->n_tracks);
      json_builder_set_member_name (b, "cover");
      json_builder_add_boolean_value (b, result->has_cover);
      json_builder_set_member_name (b, "skipped");
      json_builder_begin_array (b);
      for (guint i = 0; result->skipped != NULL && result->skipped[i] != NULL; i++)
        json_builder_add_string_value (b, result->skipped[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      tm_cli_print_json (root);
    }
  else
    {
      g_print ("%" G_GINT64_FORMAT "\n", result->release_id);
      for (guint i = 0; result->skipped != NULL && result->skipped[i] != NULL; i++)
        g_printerr (_("tunemantra-cli: skipped %s\n"), result->skipped[i]);
    }

  return TM_CLI_OK;
}
