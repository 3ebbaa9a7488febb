/* tm-cli-artwork.c: tunemantra-cli artwork set
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-artwork-inspector.h"
#include "tm-cover-edit.h"
#include "tm-preflight.h"
#include "tm-cli.h"

/* The cover's problems on each platform that is checked. */
static GPtrArray *
artwork_issues (TmCli      *cli,
                const char *command,
                gint64      release_id,
                int        *status)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cover = g_ptr_array_new_with_free_func (g_object_unref);

  if (!(all = tm_requirements_load_all (NULL, &error))
      || !(profiles = tm_cli_choose_profiles (cli, command, all, release_id, NULL, status))
      || !(issues = tm_preflight_check_release (cli->catalog, release_id, profiles, NULL, NULL,
                                                NULL, NULL, &error)))
    {
      if (error != NULL)
        *status = tm_cli_fail (cli, error);
      g_ptr_array_unref (cover);
      return NULL;
    }

  for (guint i = 0; i < issues->len; i++)
    if (g_str_has_prefix (tm_issue_get_code (g_ptr_array_index (issues, i)), "artwork."))
      g_ptr_array_add (cover, g_object_ref (g_ptr_array_index (issues, i)));
  return cover;
}

int
tm_cli_artwork_set (TmCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *crop = NULL;
  int size = 0, quality = 0;
  const GOptionEntry entries[] = {
    { "crop", 0, 0, G_OPTION_ARG_STRING, &crop,
      N_("Make it square: “center”, or X,Y,SIZE in pixels of the upright picture"),
      N_("SQUARE") },
    { "size", 0, 0, G_OPTION_ARG_INT, &size,
      N_("Pixels a side (3000 by default, never more than the square)"), N_("PX") },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, N_("JPEG quality, 1 to 100 (92)"), N_("Q") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmCoverResult) edited = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(TmImageReport) report = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  TmCoverEdit edit = { TM_COVER_CROP_NONE, 0, 0, 0, 0, 0 };
  const char *image;
  gint64 release_id;
  int status = TM_CLI_OK;

  if (!tm_cli_parse_catalog (cli, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return tm_cli_usage_error (argv[0], _("Give RELEASE and the IMAGE"));
  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;
  if (size < 0 || quality < 0 || quality > 100)
    return tm_cli_usage_error (argv[0], _("The size and the quality are positive numbers, the "
                                          "quality at most 100"));
  if (crop != NULL && !tm_cover_edit_parse_crop (crop, &edit, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  image = argv[2];
  release_id = tm_record_get_id (TM_RECORD (release));
  edit.output_size = size;
  edit.quality = quality;

  /* Any of the three makes a new file beside the original; without them, the
   * picture is the cover as it is. */
  if (crop != NULL || size > 0 || quality > 0)
    {
      if (!(edited = tm_cover_edit_sync (image, &edit, NULL, &error)))
        return tm_cli_fail (cli, error);
      image = edited->path;
    }

  if (!(artwork = tm_cover_set_sync (cli->catalog, release_id, image, NULL, &report, NULL,
                                     &error)))
    return tm_cli_fail (cli, error);
  if (!(issues = artwork_issues (cli, argv[0], release_id, &status)))
    return status;

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonArray *list = json_array_new ();

      json_object_set_string_member (object, "path", tm_artwork_get_path (artwork));
      json_object_set_string_member (object, "original", argv[2]);
      json_object_set_boolean_member (object, "edited", edited != NULL);
      if (edited != NULL)
        {
          json_object_set_int_member (object, "size", edited->size);
          json_object_set_boolean_member (object, "flattened", edited->flattened);
          if (edited->conversion != NULL)
            json_object_set_string_member (object, "conversion", edited->conversion);
          else
            json_object_set_null_member (object, "conversion");
        }
      json_object_set_member (object, "image", tm_image_report_to_json (report));
      for (guint i = 0; i < issues->len; i++)
        json_array_add_element (list, tm_issue_to_json (g_ptr_array_index (issues, i)));
      json_object_set_array_member (object, "issues", list);
      json_node_set_object (root, object);
      tm_cli_print_json (root);
      return TM_CLI_OK;
    }

  g_print ("%s\n", tm_artwork_get_path (artwork));
  g_print (_("%u × %u %s\n"), report->width, report->height, report->format);
  if (edited != NULL && edited->conversion != NULL)
    g_print ("%s\n", edited->conversion);
  if (edited != NULL && edited->flattened)
    g_print ("%s\n", _("Transparent parts were laid on white."));
  for (guint i = 0; i < issues->len; i++)
    {
      TmIssue *issue = g_ptr_array_index (issues, i);

      g_print ("  %-8s %s: %s\n", tm_issue_severity_to_string (tm_issue_get_severity (issue)),
               tm_issue_get_platform (issue), tm_issue_get_message (issue));
      if (tm_issue_get_hint (issue) != NULL)
        g_print ("           → %s\n", tm_issue_get_hint (issue));
    }
  if (issues->len == 0)
    g_print ("%s\n", _("Every platform checked takes this cover."));
  return TM_CLI_OK;
}
