/* tm-cli.c: tunemantra-cli, the catalog and deliveries from a terminal
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-delivery-error.h"

static const TmCliCommand commands[] = {
  { "release", "new",
    "--title TITLE --artist ARTIST [--type TYPE] [--date YYYY-MM-DD] [KEY=VALUE...]",
    N_("Create a release and print its id"), tm_cli_release_new },
  { "release", "list", "", N_("List the releases with their aggregated status"),
    tm_cli_release_list },
  { "release", "show", "RELEASE", N_("Show every field of a release and its tracks"),
    tm_cli_release_show },
  { "release", "set", "RELEASE KEY=VALUE...", N_("Change fields of a release"),
    tm_cli_release_set },
  { "release", "delete", "RELEASE", N_("Delete a release that is not delivered anywhere"),
    tm_cli_release_delete },
  { "track", "add", "RELEASE --title TITLE [--file AUDIO] [--disc N] [KEY=VALUE...]",
    N_("Add a track at the end of a disc"), tm_cli_track_add },
  { "track", "set", "RELEASE TRACK KEY=VALUE...", N_("Change fields of a track"),
    tm_cli_track_set },
  { "track", "replace", "RELEASE TRACK FILE",
    N_("Replace a track’s audio by a new file, measured as it is recorded"),
    tm_cli_track_replace },
  { "artwork", "set", "RELEASE IMAGE [--crop center|X,Y,SIZE] [--size PX] [--quality Q]",
    N_("Make a picture the release’s cover; with --crop, --size or --quality, a square sRGB "
       "JPEG made from it beside it"), tm_cli_artwork_set },
  { "track", "isrc", "RELEASE [TRACK...] [--prefix CC-XXX] [--year YYYY]",
    N_("Give tracks new ISRCs from your registrant prefix (all without one if none named)"),
    tm_cli_track_isrc },
  { "track", "remove", "RELEASE TRACK", N_("Remove a track; the others close up"),
    tm_cli_track_remove },
  { "track", "move", "RELEASE TRACK POSITION", N_("Move a track to another place on its disc"),
    tm_cli_track_move },
  { "platform", "add",
    "NAME --kind sftp|api|folder [--path DIR | --url URL | --host HOST] [--setting KEY=VALUE...]",
    N_("Add a platform to deliver to"), tm_cli_platform_add },
  { "platform", "list", "", N_("List the platforms"), tm_cli_platform_list },
  { "platform", "show", "NAME", N_("Show a platform's settings"), tm_cli_platform_show },
  { "platform", "remove", "NAME", N_("Remove a platform nothing was delivered to"),
    tm_cli_platform_remove },
  { "platform", "test", "NAME", N_("Check that TuneMantra can deliver to a platform"),
    tm_cli_platform_test },
  { "platform", "trust", "NAME [--fingerprint SHA256:...]",
    N_("Show an SFTP server's host key, and accept it"), tm_cli_platform_trust },
  { "distribution", "add", "RELEASE --platform NAME...",
    N_("Record that a release is to go to platforms"), tm_cli_distribution_add },
  { "distribution", "list", "[RELEASE]", N_("List distributions and where each stands"),
    tm_cli_distribution_list },
  { "distribution", "history", "RELEASE [--platform NAME]",
    N_("Show every status change of a release's distributions"), tm_cli_distribution_history },
  { "distribution", "set-status",
    "RELEASE --platform NAME STATUS [--details JSON] [--store-url URL]",
    N_("Record a status by hand (for releases delivered by hand)"),
    tm_cli_distribution_set_status },
  { NULL, "inspect", "FILE... [--no-cache]",
    N_("Measure audio files (loudness, peaks, format) and check images"), tm_cli_inspect },
  { NULL, "import", "PATH... [--title T] [--artist A] [--into RELEASE]",
    N_("Make a release from audio files, folders or a zip (tags and file names give the order)"),
    tm_cli_import },
  { NULL, "check", "RELEASE [--platform NAME...]",
    N_("What each platform would reject in a release, and how to fix it"), tm_cli_check },
  { NULL, "distribute",
    "RELEASE... --platform NAME... [--priority high|normal|low] [--at DATETIME] [--wait]",
    N_("Check releases and queue their delivery"), tm_cli_distribute },
  { NULL, "status", "RELEASE", N_("Where a release stands on each platform"), tm_cli_status },
  { NULL, "history", "RELEASE [--platform NAME]", N_("Every status change of a release"),
    tm_cli_distribution_history },
  { "queue", "run", "[--until-idle]", N_("Deliver what is queued, in this process"),
    tm_cli_queue_run },
  { NULL, "queue", "[--all]", N_("List the delivery jobs"), tm_cli_queue },
  { NULL, "retry", "RELEASE [--platform NAME...]", N_("Deliver again what failed"),
    tm_cli_retry },
  { NULL, "cancel", "[RELEASE [--platform NAME...]] [--job ID]",
    N_("Stop deliveries that have not finished: a release's, one job, or all"), tm_cli_cancel },
  { NULL, "pause", "[RELEASE] [--job ID]", N_("Pause jobs: one, a release's, or all"),
    tm_cli_pause },
  { NULL, "resume", "[RELEASE] [--job ID]", N_("Resume paused jobs"), tm_cli_resume },
  { NULL, "takedown", "RELEASE --platform NAME... --reason TEXT",
    N_("Ask platforms to remove a release"), tm_cli_takedown },
  { NULL, "update", "RELEASE --platform NAME... --reason TEXT",
    N_("Send changed metadata to platforms"), tm_cli_update },
  { NULL, "export", "RELEASE --format json|csv|ddex|smartlink --out DIR",
    N_("Write a release's package to a folder"), tm_cli_export },
  { NULL, "insights", "[--csv]",
    N_("Figures about your deliveries: success, time to live, errors, coverage, health"),
    tm_cli_insights },
  { NULL, "import-status", "FILE", N_("Apply a status file (CSV or JSON) from a platform"),
    tm_cli_import_status },
  { "earnings", "import", "FILE... [--source NAME] [--json]",
    N_("Read distributors’ earnings reports (DistroKid, TuneCore, CD Baby, Bandcamp, DDEX "
       "sales reports); a line already imported is never counted twice"),
    tm_cli_earnings_import },
  { "earnings", "summary",
    "[--by release|track|platform|country|month] [--from YYYY-MM] [--to YYYY-MM] "
    "[--release ID] [--json|--csv]",
    N_("Streams, downloads and earnings, by what you choose, per currency"),
    tm_cli_earnings_summary },
  { "earnings", "reports", "[--json]", N_("The reports imported, with their IDs"),
    tm_cli_earnings_reports },
  { "earnings", "forget", "ID",
    N_("Take an imported report's lines out again (and those of reports imported after it "
       "that shared lines with it, to import again)"), tm_cli_earnings_forget },
  { "earnings", "guesses", "[--json]",
    N_("The lines matched to a track by their title and artist alone, to confirm or reject"),
    tm_cli_earnings_guesses },
  { "earnings", "confirm", "ID", N_("Confirm a guess: its lines are that track’s"),
    tm_cli_earnings_confirm },
  { "earnings", "reject", "ID",
    N_("Reject a guess: its lines are matched to nothing, now and at later imports"),
    tm_cli_earnings_reject },
  { "earnings", "statement",
    "[--from YYYY-MM] [--to YYYY-MM] [--release ID] [--json|--csv] [--html FILE]",
    N_("What each person named in the tracks’ splits is owed, per currency, with the lines "
       "it comes from"), tm_cli_earnings_statement },
  { "catalog", "restore", "[BACKUP]",
    N_("Put a backup in place of the catalog (the newest, unless one is named); the catalog "
       "it replaces is moved aside, never removed"), tm_cli_catalog_restore },
};

const TmCliCommand *
tm_cli_find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *full = commands[i].group != NULL
                              ? g_strdup_printf ("%s %s", commands[i].group, commands[i].name)
                              : g_strdup (commands[i].name);

      if (g_str_equal (full, name))
        return &commands[i];
    }

  return NULL;
}

static void
print_usage (FILE *out)
{
  const char *group = NULL;

  fprintf (out, _("Usage: tunemantra-cli [--catalog PATH] [--json] COMMAND [ARGUMENTS...]\n\n"
                  "Prepare, deliver and follow music releases from a terminal.\n\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = commands[i].group != NULL
                              ? g_strdup_printf ("%s %s", commands[i].group, commands[i].name)
                              : g_strdup (commands[i].name);

      if (i == 0 || g_strcmp0 (group, commands[i].group) != 0)
        {
          group = commands[i].group;
          fputc ('\n', out);
        }
      fprintf (out, "  %-24s %s\n", name, _(commands[i].summary));
    }

  fprintf (out, _("\nOptions for every command:\n"
                  "  --catalog PATH           the catalog file (also TUNEMANTRA_CATALOG;\n"
                  "                           default: %s)\n"
                  "  --json                   print data as JSON\n"
                  "  --help                   help for a command, as in `release new --help`\n"
                  "  --version                print the version\n\n"
                  "Exit status: 0 on success, 1 when the operation failed, 2 on wrong usage.\n"),
           "$XDG_DATA_HOME/tunemantra/catalog.db");
}

/**
 * tm_cli_catalog:
 * @status: (out): the exit status when it returns %NULL
 *
 * Opens the catalog on first use, after the command has parsed its options, so
 * that `--help` and usage errors never touch it.
 */
TmCatalog *
tm_cli_catalog (TmCli *cli,
                int   *status)
{
  g_autoptr(GError) error = NULL;

  if (cli->catalog != NULL)
    return cli->catalog;

  if (cli->catalog_path == NULL)
    cli->catalog_path = tm_catalog_default_path ();

  cli->catalog = tm_catalog_open (cli->catalog_path, &error);
  if (cli->catalog == NULL)
    *status = tm_cli_fail (cli, error);

  return cli->catalog;
}

/**
 * tm_cli_print_action:
 *
 * What the person can do about an error, as commands of this program.
 */
void
tm_cli_print_action (TmErrorAction action)
{
  switch (action)
    {
    case TM_ERROR_ACTION_ADD_TOKEN:
      g_printerr (_("To give the platform a new token: tunemantra-cli platform add NAME --kind "
                    "api --url URL --token-file FILE (or --password-prompt for SFTP)\n"));
      break;
    case TM_ERROR_ACTION_TRUST_HOST:
      g_printerr (_("To see the server's key and accept it: tunemantra-cli platform trust "
                    "NAME\n"));
      break;
    case TM_ERROR_ACTION_EDIT_PLATFORM:
      g_printerr (_("To see the platform's settings: tunemantra-cli platform show NAME; to "
                    "change them, remove it and add it again\n"));
      break;
    case TM_ERROR_ACTION_ADD_STORE_LINK:
      g_printerr (_("To type a store link: tunemantra-cli distribution set-status RELEASE "
                    "--platform NAME live --store-url URL\n"));
      break;
    case TM_ERROR_ACTION_NONE:
    default:
      break;
    }
}

int
tm_cli_fail (TmCli        *cli,
             const GError *error)
{
  g_printerr ("tunemantra-cli: %s\n", error->message);
  if (tm_delivery_error_get_hint (error) != NULL)
    g_printerr ("%s\n", tm_delivery_error_get_hint (error));
  tm_cli_print_action (tm_delivery_error_get_action (error));
  if (tm_catalog_error_get_backup (error) != NULL)
    g_printerr (_("To put the last backup in its place: tunemantra-cli catalog restore\n"));
  if (g_strcmp0 (tm_catalog_error_get_missing (error), "platform") == 0)
    g_printerr (_("“tunemantra-cli platform list” shows the platforms there are.\n"));
  return TM_CLI_FAILED;
}

int
tm_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("tunemantra-cli %s: %s\n", command, message);
  g_printerr (_("Try “tunemantra-cli %s --help”.\n"), command);
  return TM_CLI_USAGE;
}

/**
 * tm_cli_parse:
 *
 * Parses a command's options from @argc/@argv, leaving the positional arguments
 * (argv[0] stays the command). Prints the error and returns FALSE on bad usage;
 * `--help` prints the command's help and exits 0.
 */
gboolean
tm_cli_parse (const GOptionEntry   *entries,
              int                  *argc,
              char               ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command = (*argv)[0];
  const TmCliCommand *info = tm_cli_find_command (command);
  g_autofree char *prgname = g_strdup_printf ("tunemantra-cli %s", command);

  g_set_prgname (prgname);
  context = g_option_context_new (info != NULL ? info->usage : NULL);
  if (info != NULL)
    g_option_context_set_summary (context, _(info->summary));
  g_option_context_set_description (context,
                                    _("Global options: --catalog PATH, --json, --version."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      tm_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  /* A leftover option is a typo, not a value. */
  for (int i = 1; i < *argc; i++)
    if ((*argv)[i][0] == '-' && (*argv)[i][1] == '-' && (*argv)[i][2] != '\0')
      {
        tm_cli_usage_error (command, _("Unknown option %s"), (*argv)[i]);
        return FALSE;
      }

  return TRUE;
}

gboolean
tm_cli_parse_id (const char *command,
                 const char *what,
                 const char *text,
                 gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      tm_cli_usage_error (command, _("%s must be a number (the id that “release list” shows), "
                                     "not “%s”"), what, text ? text : "");
      return FALSE;
    }

  *id = (gint64) value;
  return TRUE;
}

/**
 * tm_cli_get_release:
 * @status: (out): the exit status when it returns %NULL
 */
TmRelease *
tm_cli_get_release (TmCli      *cli,
                    const char *command,
                    const char *text,
                    int        *status)
{
  g_autoptr(GError) error = NULL;
  TmRelease *release;
  gint64 id;

  if (!tm_cli_parse_id (command, "RELEASE", text, &id))
    {
      *status = TM_CLI_USAGE;
      return NULL;
    }

  if (tm_cli_catalog (cli, status) == NULL)
    return NULL;

  release = tm_catalog_get_release (cli->catalog, id, &error);
  if (release == NULL)
    *status = tm_cli_fail (cli, error);

  return release;
}

/* Parses the options; sets @status to a usage error when they are wrong. */
static gboolean
parse_options (const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               int                 *status)
{
  if (tm_cli_parse (entries, argc, argv))
    return TRUE;
  *status = TM_CLI_USAGE;
  return FALSE;
}

/**
 * tm_cli_parse_catalog:
 * @status: (out): the exit status when it returns %NULL
 *
 * The options of a command, and the catalog it works on.
 */
TmCatalog *
tm_cli_parse_catalog (TmCli               *cli,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv,
                      int                 *status)
{
  return parse_options (entries, argc, argv, status) ? tm_cli_catalog (cli, status) : NULL;
}

/**
 * tm_cli_parse_release:
 * @status: (out): the exit status when it returns %NULL
 *
 * The options of a command that takes one RELEASE, and the release.
 */
TmRelease *
tm_cli_parse_release (TmCli               *cli,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv,
                      int                 *status)
{
  if (!parse_options (entries, argc, argv, status))
    return NULL;
  if (*argc != 2)
    {
      *status = tm_cli_usage_error ((*argv)[0], _("Give one RELEASE id"));
      return NULL;
    }
  return tm_cli_get_release (cli, (*argv)[0], (*argv)[1], status);
}

/* Applies KEY=VALUE arguments to @record; the first error stops it. */
gboolean
tm_cli_apply_settings (TmRecord  *record,
                       int        argc,
                       char     **argv,
                       GError   **error)
{
  for (int i = 0; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *key = NULL;

      if (eq == NULL || eq == argv[i])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not KEY=VALUE"), argv[i]);
          return FALSE;
        }

      key = g_strndup (argv[i], eq - argv[i]);
      if (!tm_record_set_from_string (record, key, eq + 1, error))
        return FALSE;
    }

  return TRUE;
}

void
tm_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* @rows holds n_columns strings per row, the first row being the headings. */
void
tm_cli_print_table (GPtrArray *rows,
                    guint      n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);
  guint n_rows = rows->len / n_columns;

  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        const char *cell = g_ptr_array_index (rows, r * n_columns + c);
        widths[c] = MAX (widths[c], g_utf8_strlen (cell ? cell : "", -1));
      }

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = g_ptr_array_index (rows, r * n_columns + c);
          guint len;

          cell = cell ? cell : "";
          len = g_utf8_strlen (cell, -1);
          g_string_append (line, cell);
          if (c + 1 < n_columns)
            for (guint k = len; k < widths[c] + 2; k++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }
}

/* Takes the global options out of argv, wherever they stand. */
static gboolean
take_global_options (TmCli   *cli,
                     int     *argc,
                     char   **argv,
                     gboolean *version)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--json"))
        cli->json = TRUE;
      else if (g_str_equal (arg, "--version"))
        *version = TRUE;
      else if (g_str_equal (arg, "--catalog"))
        {
          if (i + 1 >= *argc)
            {
              g_printerr (_("tunemantra-cli: --catalog needs a file name\n"));
              return FALSE;
            }
          g_free (cli->catalog_path);
          cli->catalog_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--catalog="))
        {
          g_free (cli->catalog_path);
          cli->catalog_path = g_strdup (arg + strlen ("--catalog="));
        }
      else
        argv[out++] = argv[i];
    }

  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  TmCli cli = { NULL, FALSE, NULL };
  const TmCliCommand *command = NULL;
  gboolean version = FALSE;
  gboolean help;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!take_global_options (&cli, &argc, argv, &version))
    return TM_CLI_USAGE;

  if (version)
    {
      g_print ("tunemantra-cli %s\n", PACKAGE_VERSION);
      return TM_CLI_OK;
    }

  help = argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
         || g_str_equal (argv[1], "help");
  if (help)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? TM_CLI_USAGE : TM_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands) && command == NULL; i++)
    if (commands[i].group != NULL && g_str_equal (argv[1], commands[i].group) && argc >= 3
        && g_str_equal (argv[2], commands[i].name))
      command = &commands[i];
  for (guint i = 0; i < G_N_ELEMENTS (commands) && command == NULL; i++)
    if (commands[i].group == NULL && g_str_equal (argv[1], commands[i].name))
      command = &commands[i];

  if (command == NULL)
    {
      g_printerr (_("tunemantra-cli: unknown command “%s%s%s”\n\n"), argv[1],
                  argc >= 3 ? " " : "", argc >= 3 ? argv[2] : "");
      print_usage (stderr);
      return TM_CLI_USAGE;
    }

  /* argv for the command: "group name" (or "name") becomes argv[0]. */
  {
    int skip = command->group != NULL ? 2 : 1;
    char *name = command->group != NULL
                 ? g_strdup_printf ("%s %s", command->group, command->name)
                 : g_strdup (command->name);

    argv[skip] = name;
    status = command->func (&cli, argc - skip, argv + skip);
    g_free (name);
  }

  g_clear_object (&cli.catalog);
  g_free (cli.catalog_path);
  return status;
}
