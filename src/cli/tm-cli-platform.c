/* tm-cli-platform.c: `tunemantra-cli platform ...`
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-safe-file.h"
#include "tm-secrets.h"
#include "tm-platform-settings.h"
#include "tm-sftp-target.h"
#include "tm-requirements.h"

/* Builds the platform's settings object from --path and --setting KEY=VALUE. */
typedef struct
{
  const char *host;
  int         port;
  const char *user;
  const char *key_file;
  gboolean    agent;
  const char *remote_root;
  const char *known_hosts;
  const char *sender_dpid;
  const char *recipient_dpid;
} SftpOptions;

/* Reads a password from the terminal without showing it. */
static char *
prompt_secret (const char  *prompt,
               GError     **error)
{
  struct termios saved, quiet;
  char buffer[1024];
  char *line;

  if (!isatty (0) || tcgetattr (0, &saved) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--password-prompt needs a terminal; in a script, give the password in a "
                     "file with --secret-file FILE"));
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  g_printerr ("%s", prompt);
  tcsetattr (0, TCSANOW, &quiet);
  line = fgets (buffer, sizeof buffer, stdin);
  tcsetattr (0, TCSANOW, &saved);
  g_printerr ("\n");
  if (line == NULL || *g_strchomp (buffer) == '\0')
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("No password was given"));
      return NULL;
    }
  line = g_strdup (buffer);
  memset (buffer, 0, sizeof buffer);
  return line;
}

/* The options, as the platform's settings: each checked as the window checks
 * it, then what the kind of platform needs. */
static gboolean
build_settings (TmPlatform  *platform,
                const char  *path,
                const char  *url,
                const char  *ca_file,
                SftpOptions *sftp,
                char       **settings,
                GError     **error)
{
  g_autoptr(TmPlatformSettings) s = tm_platform_settings_new (tm_platform_get_kind (platform));
  g_autofree char *port = sftp->port > 0 ? g_strdup_printf ("%d", sftp->port) : NULL;
  const struct { const char *key; const char *value; } given[] = {
    { "path", path }, { "host", sftp->host }, { "port", port }, { "user", sftp->user },
    { "key_file", sftp->key_file }, { "remote_root", sftp->remote_root },
    { "known_hosts", sftp->known_hosts }, { "ddex_sender_dpid", sftp->sender_dpid },
    { "ddex_recipient_dpid", sftp->recipient_dpid }, { "url", url }, { "ca_file", ca_file },
  };

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (given[i].value != NULL && !tm_platform_settings_set (s, given[i].key, given[i].value,
                                                             error))
      return FALSE;
  if (sftp->agent)
    tm_platform_settings_set_flag (s, "use_agent", TRUE);

  for (guint i = 0; settings != NULL && settings[i] != NULL; i++)
    {
      const char *eq = strchr (settings[i], '=');
      g_autofree char *key = NULL;

      if (eq == NULL || eq == settings[i])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("--setting takes KEY=VALUE, not “%s”"), settings[i]);
          return FALSE;
        }
      key = g_strndup (settings[i], eq - settings[i]);
      if (!tm_platform_settings_set (s, key, eq + 1, error))
        return FALSE;
    }

  return tm_platform_settings_save (s, platform, error);
}

int
tm_cli_platform_add (TmCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *remote_root = NULL;
  g_autofree char *known_hosts = NULL;
  g_autofree char *sender_dpid = NULL;
  g_autofree char *recipient_dpid = NULL;
  int port = 0;
  gboolean agent = FALSE;
  gboolean password_prompt = FALSE;
  g_autoptr(TmTokens) tokens = NULL;
  g_autofree char *profile = NULL;
  g_auto(GStrv) settings = NULL;
  int concurrency = 1;
  int rate_limit = 0;
  gboolean disabled = FALSE;
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("How releases get there: sftp, api or folder"),
      N_("KIND") },
    { "path", 0, 0, G_OPTION_ARG_FILENAME, &path, N_("For a folder platform: the folder"),
      N_("DIR") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("For an api platform: its base address"),
      N_("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("For an api platform: a file with its token (kept in the keyring, not the catalog)"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("For an api platform with its own certificate authority: the CA certificate (PEM)"),
      N_("FILE") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("For an sftp platform: the server"),
      N_("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("For an sftp platform: its port (22)"),
      N_("N") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("For an sftp platform: the user name"),
      N_("USER") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("For an sftp platform: your private key (ed25519 or ECDSA)"), N_("FILE") },
    { "key-file", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &key_file, NULL, NULL },
    { "agent", 0, 0, G_OPTION_ARG_NONE, &agent, N_("For an sftp platform: use ssh-agent's keys"),
      NULL },
    { "password-prompt", 0, 0, G_OPTION_ARG_NONE, &password_prompt,
      N_("For an sftp platform: ask for the password, or the key's passphrase with --key "
         "(kept in the keyring)"), NULL },
    { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file,
      N_("For an sftp platform: a file with the key's passphrase, or the password (kept in the "
         "keyring)"), N_("FILE") },
    { "remote-dir", 0, 0, G_OPTION_ARG_STRING, &remote_root,
      N_("For an sftp platform: the drop folder on the server"), N_("DIR") },
    { "remote-root", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &remote_root, NULL, NULL },
    { "known-hosts", 0, 0, G_OPTION_ARG_FILENAME, &known_hosts,
      N_("For an sftp platform: a known_hosts file that holds the server's key, so that "
         "nothing needs to be accepted"), N_("FILE") },
    { "sender-dpid", 0, 0, G_OPTION_ARG_STRING, &sender_dpid,
      N_("For an sftp platform: your DDEX Party ID"), N_("PADPIDA…") },
    { "recipient-dpid", 0, 0, G_OPTION_ARG_STRING, &recipient_dpid,
      N_("For an sftp platform: the platform's DDEX Party ID"), N_("PADPIDA…") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      N_("The rules a delivery is checked against, such as spotify (default: generic; "
         "none for a folder)"), N_("NAME") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Deliveries at once to this platform (1-16)"), N_("N") },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
      N_("Requests per minute at most (0: no limit)"), N_("N") },
    { "setting", 0, 0, G_OPTION_ARG_STRING_ARRAY, &settings,
      N_("A setting of the delivery channel"), N_("KEY=VALUE") },
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &disabled, N_("Add it switched off"), NULL },
    G_OPTION_ENTRY_NULL
  };
  char concurrency_text[16], rate_limit_text[16];
  int status = TM_CLI_OK;

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give the platform a NAME"));

  g_snprintf (concurrency_text, sizeof concurrency_text, "%d", concurrency);
  g_snprintf (rate_limit_text, sizeof rate_limit_text, "%d", rate_limit);
  if (kind == NULL)
    return tm_cli_usage_error (argv[0], _("--kind is required: sftp, api or folder"));

  tm_platform_set_name (platform, g_strstrip (argv[1]));
  if (profile != NULL)
    {
      g_autoptr(GPtrArray) profiles = tm_requirements_load_all (NULL, &error);
      TmRequirements *found;

      if (profiles == NULL)
        return tm_cli_fail (cli, error);
      if ((found = tm_requirements_find (profiles, profile)) == NULL)
        return tm_cli_usage_error (argv[0], _("There is no rule profile “%s”; see "
                                              "tunemantra-cli check --help"), profile);
      tm_platform_set_rule_profile (platform, tm_requirements_get_id (found));
    }
  else if (g_strcmp0 (kind, "folder") != 0)
    /* A folder is a manual export: checked against a store only when asked. */
    tm_platform_set_rule_profile (platform, "generic");
  tm_platform_set_enabled (platform, !disabled);

  if (!tm_record_set_from_string (TM_RECORD (platform), "kind", kind, &error)
      || !tm_record_set_from_string (TM_RECORD (platform), "concurrency",
                                     concurrency_text, &error)
      || !tm_record_set_from_string (TM_RECORD (platform), "rate_limit",
                                     rate_limit_text, &error)
      || !build_settings (platform, path, url, ca_file,
                          &(SftpOptions) { host, port, user, key_file, agent, remote_root,
                                           known_hosts, sender_dpid, recipient_dpid },
                          settings, &error)
      || !tm_cli_apply_settings (TM_RECORD (platform), argc - 2, argv + 2, &error))
    return tm_cli_usage_error (argv[0], "%s", error->message);

  if (tm_platform_get_kind (platform) == TM_PLATFORM_KIND_API)
    {
      g_autofree char *text = NULL;

      if (token_file == NULL)
        return tm_cli_usage_error (argv[0], _("An api platform needs --token-file FILE"));
      if (!(text = tm_read_file_bounded (token_file, TM_TOKEN_FILE_MAX_BYTES, TM_OPEN_FOLLOW,
                                         NULL, &error))
          || !(tokens = tm_tokens_parse (text, &error)))
        return tm_cli_usage_error (argv[0], "%s: %s", token_file, error->message);
      memset (text, 0, strlen (text));
    }
  else if (token_file != NULL || url != NULL || ca_file != NULL)
    return tm_cli_usage_error (argv[0], _("--url, --token-file and --ca-file are for api "
                                          "platforms"));
  if (tm_platform_get_kind (platform) == TM_PLATFORM_KIND_SFTP && password_prompt)
    {
      g_autofree char *text = NULL;

      if (secret_file != NULL)
        return tm_cli_usage_error (argv[0], _("Give --password-prompt or --secret-file, not "
                                              "both"));
      if (!(text = prompt_secret (key_file != NULL ? _("Passphrase of the key: ")
                                                   : _("Password: "), &error)))
        return tm_cli_usage_error (argv[0], "%s", error->message);
      tokens = tm_tokens_new (text, NULL);
      memset (text, 0, strlen (text));
    }
  else if (tm_platform_get_kind (platform) == TM_PLATFORM_KIND_SFTP && secret_file != NULL)
    {
      g_autofree char *text = NULL;

      if (!(text = tm_read_file_bounded (secret_file, TM_TOKEN_FILE_MAX_BYTES, TM_OPEN_FOLLOW,
                                         NULL, &error)))
        return tm_cli_usage_error (argv[0], "%s", error->message);
      g_strchomp (text);
      tokens = tm_tokens_new (text, NULL);
      memset (text, 0, strlen (text));
    }
  else if (tm_platform_get_kind (platform) != TM_PLATFORM_KIND_SFTP
           && (host != NULL || user != NULL || key_file != NULL || secret_file != NULL
               || password_prompt || known_hosts != NULL))
    return tm_cli_usage_error (argv[0], _("--host, --user, --key, --password-prompt, "
                                          "--secret-file and --known-hosts are for sftp "
                                          "platforms"));

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  /* The token first: a platform that cannot be used is not added. */
  if (tokens != NULL
      && !tm_secrets_store_tokens (tm_platform_get_name (platform), tokens, NULL, &error))
    return tm_cli_fail (cli, error);
  if (!tm_catalog_add_platform (cli->catalog, platform, &error))
    {
      if (tokens != NULL)
        tm_secrets_clear (tm_platform_get_name (platform), NULL, NULL);
      return tm_cli_fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) node = tm_record_to_json (TM_RECORD (platform));
      tm_cli_print_json (node);
    }
  else
    g_print ("%" G_GINT64_FORMAT "\n", tm_record_get_id (TM_RECORD (platform)));

  return TM_CLI_OK;
}

int
tm_cli_platform_list (TmCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (tm_cli_parse_catalog (cli, NULL, &argc, &argv, &status) == NULL)
    return status;

  if (!(platforms = tm_catalog_list_platforms (cli->catalog, &error)))
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < platforms->len; i++)
        json_array_add_element (array, tm_record_to_json (g_ptr_array_index (platforms, i)));
      json_node_take_array (root, array);
      tm_cli_print_json (root);
    }
  else if (platforms->len == 0)
    g_print (_("No platforms yet. Add one with “tunemantra-cli platform add”.\n"));
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      const char *headings[] = { _("ID"), _("NAME"), _("KIND"), _("RULES"), _("ENABLED") };

      for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
        g_ptr_array_add (rows, g_strdup (headings[c]));
      for (guint i = 0; i < platforms->len; i++)
        {
          TmPlatform *p = g_ptr_array_index (platforms, i);

          g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  tm_record_get_id (TM_RECORD (p))));
          g_ptr_array_add (rows, g_strdup (tm_platform_get_name (p)));
          g_ptr_array_add (rows, g_strdup (tm_enum_to_nick (TM_TYPE_PLATFORM_KIND,
                                                            tm_platform_get_kind (p))));
          g_ptr_array_add (rows, g_strdup (tm_platform_get_rule_profile (p)));
          g_ptr_array_add (rows, g_strdup (tm_platform_get_enabled (p) ? _("yes") : _("no")));
        }
      tm_cli_print_table (rows, G_N_ELEMENTS (headings));
    }

  return TM_CLI_OK;
}

static TmPlatform *
get_platform (TmCli  *cli,
              int     argc,
              char  **argv,
              int    *status)
{
  g_autoptr(GError) error = NULL;
  TmPlatform *platform;

  if (argc != 2)
    {
      *status = tm_cli_usage_error (argv[0], _("Give one platform NAME"));
      return NULL;
    }

  if (tm_cli_catalog (cli, status) == NULL)
    return NULL;

  if (!(platform = tm_catalog_find_platform (cli->catalog, argv[1], &error)))
    *status = tm_cli_fail (cli, error);

  return platform;
}

int
tm_cli_platform_show (TmCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(JsonNode) node = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (!(platform = get_platform (cli, argc, argv, &status)))
    return status;

  node = tm_record_to_json (TM_RECORD (platform));
  if (cli->json)
    tm_cli_print_json (node);
  else
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *text = json_to_string (json_object_get_member (object, l->data),
                                                  FALSE);
          g_print ("%-14s %s\n", (const char *) l->data, text);
        }
    }

  return TM_CLI_OK;
}

int
tm_cli_platform_remove (TmCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (!(platform = get_platform (cli, argc, argv, &status)))
    return status;

  if (!tm_catalog_remove_platform (cli->catalog, tm_record_get_id (TM_RECORD (platform)),
                                   &error))
    return tm_cli_fail (cli, error);

  /* Its token, password or passphrase goes with it. */
  if (tm_platform_get_kind (platform) != TM_PLATFORM_KIND_FOLDER
      && !tm_secrets_clear (tm_platform_get_name (platform), NULL, &error))
    g_printerr (_("The platform was removed, but its token is still in the keyring: %s\n"),
                error->message);

  return TM_CLI_OK;
}

int
tm_cli_platform_trust (TmCli  *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *fingerprint = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDeliveryTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  TmSftpConfig config;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint,
      N_("Accept the server's key if its fingerprint is this one"), N_("SHA256:...") },
    G_OPTION_ENTRY_NULL
  };

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (!(platform = get_platform (cli, argc, argv, &status)))
    return status;
  if (tm_platform_get_kind (platform) != TM_PLATFORM_KIND_SFTP)
    return tm_cli_usage_error (argv[0], _("Only sftp platforms have host keys"));
  if (!(target = tm_delivery_target_new_for_platform (platform, &error)))
    return tm_cli_fail (cli, error);

  config = tm_sftp_target_get_config (TM_SFTP_TARGET (target));
  if (fingerprint == NULL)
    {
      /* Shown, not accepted: the person compares it with the platform's. */
      if (!(shown = tm_sftp_host_fingerprint (&config, NULL, &error)))
        return tm_cli_fail (cli, error);
      g_print (_("%s:%d has the host key %s.\nIf the platform gives you the same fingerprint, "
                 "accept it with:\n  tunemantra-cli platform trust \"%s\" --fingerprint %s\n"),
               config.host, config.port, shown, tm_platform_get_name (platform), shown);
      return TM_CLI_OK;
    }
  if (!tm_sftp_trust_host (&config, fingerprint, NULL, &error))
    return tm_cli_fail (cli, error);
  g_print (_("The host key of %s is trusted.\n"), config.host);
  return TM_CLI_OK;
}
