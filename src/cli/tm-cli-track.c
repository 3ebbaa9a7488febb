/* tm-cli-track.c: `tunemantra-cli track ...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-file-hash.h"
#include "tm-import.h"
#include "tm-import-names.h"
#include "tm-replace-audio.h"

static int
print_track (TmCli   *cli,
             TmTrack *track)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = tm_record_to_json (TM_RECORD (track));
      tm_cli_print_json (node);
    }
  else
    g_print ("%d-%d\n", tm_track_get_disc (track), tm_track_get_number (track));

  return TM_CLI_OK;
}

/* Finds a track by "N" (disc 1) or "DISC-N". */
static TmTrack *
find_track (TmCli      *cli,
            const char *command,
            gint64      release_id,
            const char *text,
            int        *status)
{
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  unsigned disc = 1, number = 0;
  char tail;

  if (text == NULL
      || (sscanf (text, "%u-%u%c", &disc, &number, &tail) != 2
          && (disc = 1, sscanf (text, "%u%c", &number, &tail) != 1)))
    {
      *status = tm_cli_usage_error (command, _("TRACK is a track number, or DISC-NUMBER such as "
                                               "2-3, not “%s”"), text ? text : "");
      return NULL;
    }

  if (!(tracks = tm_catalog_list_tracks (cli->catalog, release_id, &error)))
    {
      *status = tm_cli_fail (cli, error);
      return NULL;
    }

  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);

      if ((unsigned) tm_track_get_disc (track) == disc
          && (unsigned) tm_track_get_number (track) == number)
        return g_object_ref (track);
    }

  g_printerr (_("tunemantra-cli: release %" G_GINT64_FORMAT " has no track %u on disc %u.\n"),
              release_id, number, disc);
  *status = TM_CLI_FAILED;
  return NULL;
}

static gboolean
attach_file (TmTrack     *track,
             const char  *path,
             GError     **error)
{
  g_autoptr(TmFileHash) hash = tm_file_hash_sync (path, NULL, error);

  if (hash == NULL)
    return FALSE;

  tm_track_set_audio_path (track, hash->path);
  tm_track_set_audio_size (track, hash->size);
  tm_track_set_audio_mtime (track, hash->mtime_usec);
  tm_track_set_audio_sha256 (track, hash->sha256);

  if (tm_track_get_title (track) == NULL)
    {
      g_autofree char *base = g_path_get_basename (hash->path);
      g_autofree char *title = NULL;
      int disc, number;

      tm_import_names_parse_track (base, &disc, &number, &title);
      tm_track_set_title (track, title);
    }

  return TRUE;
}

int
tm_cli_track_add (TmCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *file = NULL;
  int disc = 1;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The track's title"), N_("TITLE") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The audio file"), N_("FILE") },
    { "disc", 0, 0, G_OPTION_ARG_INT, &disc, N_("The disc, from 1"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give a RELEASE id"));
  if (title == NULL && file == NULL)
    return tm_cli_usage_error (argv[0], _("Give --title, --file, or both"));
  if (disc < 1 || disc > 99)
    return tm_cli_usage_error (argv[0], _("--disc is a number from 1 to 99"));

  if (title != NULL)
    tm_track_set_title (track, g_strstrip (title));
  tm_track_set_disc (track, disc);
  if (!tm_cli_apply_settings (TM_RECORD (track), argc - 2, argv + 2, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  /* A track is by the release's artists unless it says otherwise. */
  if (tm_track_get_artists (track)[0] == NULL)
    tm_track_set_artists (track, tm_release_get_artists (release));

  if (file != NULL && !attach_file (track, file, &error))
    return tm_cli_fail (cli, error);

  if (!tm_catalog_add_track (cli->catalog, tm_record_get_id (TM_RECORD (release)), track, &error))
    return tm_cli_fail (cli, error);

  return print_track (cli, track);
}

/* Resolves "RELEASE TRACK" at argv[1] and argv[2]. */
static TmTrack *
get_track (TmCli  *cli,
           char  **argv,
           int    *status)
{
  g_autoptr(TmRelease) release = tm_cli_get_release (cli, argv[0], argv[1], status);

  if (release == NULL)
    return NULL;

  return find_track (cli, argv[0], tm_record_get_id (TM_RECORD (release)), argv[2], status);
}

int
tm_cli_track_set (TmCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 4)
    return tm_cli_usage_error (argv[0], _("Give RELEASE, TRACK and at least one KEY=VALUE"));

  /* A new file needs its size and checksum measured with it. */
  for (int i = 3; i < argc; i++)
    if (g_str_has_prefix (argv[i], "audio_path="))
      return tm_cli_usage_error (argv[0], _("A track’s audio is replaced with "
                                            "“tunemantra-cli track replace RELEASE TRACK FILE”, "
                                            "which measures the new file"));

  if (!(track = get_track (cli, argv, &status)))
    return status;

  if (!tm_cli_apply_settings (TM_RECORD (track), argc - 3, argv + 3, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  if (!tm_catalog_update_track (cli->catalog, track, &error))
    return tm_cli_fail (cli, error);

  return cli->json ? print_track (cli, track) : TM_CLI_OK;
}

int
tm_cli_track_remove (TmCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 3)
    return tm_cli_usage_error (argv[0], _("Give RELEASE and TRACK"));

  if (!(track = get_track (cli, argv, &status)))
    return status;

  if (!tm_catalog_remove_track (cli->catalog, tm_record_get_id (TM_RECORD (track)), &error))
    return tm_cli_fail (cli, error);

  return TM_CLI_OK;
}

int
tm_cli_track_move (TmCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(GError) error = NULL;
  guint64 position;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 4)
    return tm_cli_usage_error (argv[0], _("Give RELEASE, TRACK and the new POSITION"));
  if (!g_ascii_string_to_unsigned (argv[3], 10, 1, 999, &position, NULL))
    return tm_cli_usage_error (argv[0], _("POSITION is a number from 1, not “%s”"), argv[3]);

  if (!(track = get_track (cli, argv, &status)))
    return status;

  if (!tm_catalog_move_track (cli->catalog, tm_record_get_id (TM_RECORD (track)), position,
                              &error))
    return tm_cli_fail (cli, error);

  return TM_CLI_OK;
}

/* Gives each named track (or every track of the release that has none) the
 * next ISRC of the user's registrant prefix. */
int
tm_cli_track_isrc (TmCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *prefix_text = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int year = 0;
  const GOptionEntry entries[] = {
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix_text,
      N_("Your ISRC registrant prefix, kept for next time"), N_("CC-XXX") },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The year in the code (this year)"), N_("YYYY") },
    G_OPTION_ENTRY_NULL
  };
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give a RELEASE id"));
  if (year == 0)
    year = g_date_time_get_year (now);
  if (year < 1900 || year > 9999)
    return tm_cli_usage_error (argv[0], _("--year is a year such as 2026"));

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  if (prefix_text != NULL)
    {
      if (!(prefix = tm_isrc_prefix_normalize (prefix_text, &error)))
        return tm_cli_usage_error (argv[0], "%s", error->message);
      if (!tm_catalog_set_setting (cli->catalog, "isrc.prefix", prefix, &error))
        return tm_cli_fail (cli, error);
    }
  else
    {
      prefix = tm_catalog_get_setting (cli->catalog, "isrc.prefix", &error);
      if (error != NULL)
        return tm_cli_fail (cli, error);
      if (prefix == NULL)
        return tm_cli_usage_error (argv[0], _("Give --prefix with the registrant prefix your "
                                              "ISRC agency gave you, such as GB-XYZ; it is "
                                              "kept for next time"));
    }

  tracks = g_ptr_array_new_with_free_func (g_object_unref);
  if (argc == 2)
    {
      g_autoptr(GPtrArray) all = tm_catalog_list_tracks (cli->catalog,
                                                         tm_record_get_id (TM_RECORD (release)),
                                                         &error);

      if (all == NULL)
        return tm_cli_fail (cli, error);
      for (guint i = 0; i < all->len; i++)
        if (tm_track_get_isrc (g_ptr_array_index (all, i)) == NULL)
          g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (all, i)));
    }
  else
    {
      for (int i = 2; i < argc; i++)
        {
          TmTrack *track = find_track (cli, argv[0], tm_record_get_id (TM_RECORD (release)),
                                       argv[i], &status);

          if (track == NULL)
            return status;
          g_ptr_array_add (tracks, track);
        }
    }

  /* All or nothing: a failure leaves every track as it was. */
  if (!tm_catalog_begin (cli->catalog, &error))
    return tm_cli_fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);
      g_autofree char *isrc = tm_catalog_generate_isrc (cli->catalog, prefix, year, &error);

      if (isrc == NULL)
        break;
      tm_track_set_isrc (track, isrc);
      if (!tm_catalog_update_track (cli->catalog, track, &error))
        break;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "track");
      json_builder_add_int_value (builder, tm_record_get_id (TM_RECORD (track)));
      json_builder_set_member_name (builder, "disc");
      json_builder_add_int_value (builder, tm_track_get_disc (track));
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, tm_track_get_number (track));
      json_builder_set_member_name (builder, "isrc");
      json_builder_add_string_value (builder, isrc);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (error != NULL)
    {
      tm_catalog_rollback (cli->catalog);
      return tm_cli_fail (cli, error);
    }
  if (!tm_catalog_commit (cli->catalog, &error))
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      tm_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < tracks->len; i++)
        {
          TmTrack *track = g_ptr_array_index (tracks, i);

          g_print ("%d-%d\t%s\t%s\n", tm_track_get_disc (track), tm_track_get_number (track),
                   tm_track_get_isrc (track), tm_track_get_title (track) ?: "");
        }
      if (tracks->len == 0)
        g_print (_("Every track already has an ISRC.\n"));
    }

  return TM_CLI_OK;
}

int
tm_cli_track_replace (TmCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(TmReplacement) replacement = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 4)
    return tm_cli_usage_error (argv[0], _("Give RELEASE, TRACK and the new audio FILE"));

  if (!(track = get_track (cli, argv, &status)))
    return status;
  if (!(replacement = tm_replace_audio_sync (tm_catalog_get_path (cli->catalog),
                                             tm_record_get_id (TM_RECORD (track)), argv[3],
                                             NULL, &error)))
    return tm_cli_fail (cli, error);

  if (cli->json)
    return print_track (cli, replacement->after);
  g_print ("%s\n", tm_track_get_audio_path (replacement->after));
  if (replacement->delivered)
    g_printerr (_("The release is on platforms already: they get the new file with "
                  "“tunemantra-cli update %s --platform NAME --reason TEXT”.\n"), argv[1]);
  return TM_CLI_OK;
}
