/* tm-cli.h: what the commands of tunemantra-cli share
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tm-catalog.h"
#include "tm-delivery-error.h"

G_BEGIN_DECLS

/* Exit statuses */
#define TM_CLI_OK     0
#define TM_CLI_FAILED 1
#define TM_CLI_USAGE  2

typedef struct
{
  char      *catalog_path;
  gboolean   json;
  TmCatalog *catalog;        /* opened on first use */
} TmCli;

typedef int (*TmCliCommandFunc) (TmCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *group;       /* "release", or NULL for a single-word command */
  const char       *name;
  const char       *usage;       /* the arguments, for help */
  const char       *summary;
  TmCliCommandFunc  func;
} TmCliCommand;

/* Set up and report */
TmCatalog *tm_cli_catalog         (TmCli           *cli,
                                   int             *status);
const TmCliCommand *tm_cli_find_command (const char *name);
int        tm_cli_fail            (TmCli           *cli,
                                   const GError    *error);
void       tm_cli_print_action    (TmErrorAction    action);
int        tm_cli_usage_error     (const char      *command,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (2, 3);
gboolean   tm_cli_parse           (const GOptionEntry *entries,
                                   int             *argc,
                                   char          ***argv);

/* Arguments */
gboolean   tm_cli_parse_id        (const char      *command,
                                   const char      *what,
                                   const char      *text,
                                   gint64          *id);
TmRelease *tm_cli_get_release     (TmCli           *cli,
                                   const char      *command,
                                   const char      *text,
                                   int             *status);
TmCatalog *tm_cli_parse_catalog   (TmCli              *cli,
                                   const GOptionEntry *entries,
                                   int                *argc,
                                   char             ***argv,
                                   int                *status);
TmRelease *tm_cli_parse_release   (TmCli              *cli,
                                   const GOptionEntry *entries,
                                   int                *argc,
                                   char             ***argv,
                                   int                *status);
gboolean   tm_cli_apply_settings  (TmRecord        *record,
                                   int              argc,
                                   char           **argv,
                                   GError         **error);

GPtrArray *tm_cli_choose_profiles (TmCli           *cli,
                                   const char      *command,
                                   GPtrArray       *all,
                                   gint64           release_id,
                                   char           **names,
                                   int             *status);

/* Output */
void       tm_cli_print_json      (JsonNode        *node);
void       tm_cli_print_table     (GPtrArray       *rows,
                                   guint            n_columns);

/* The commands, by group */
int tm_cli_release_new            (TmCli *cli, int argc, char **argv);
int tm_cli_release_list           (TmCli *cli, int argc, char **argv);
int tm_cli_release_show           (TmCli *cli, int argc, char **argv);
int tm_cli_release_set            (TmCli *cli, int argc, char **argv);
int tm_cli_release_delete         (TmCli *cli, int argc, char **argv);
int tm_cli_track_add              (TmCli *cli, int argc, char **argv);
int tm_cli_track_set              (TmCli *cli, int argc, char **argv);
int tm_cli_track_replace          (TmCli *cli, int argc, char **argv);
int tm_cli_track_isrc             (TmCli *cli, int argc, char **argv);
int tm_cli_check                  (TmCli *cli, int argc, char **argv);
int tm_cli_artwork_set            (TmCli *cli, int argc, char **argv);
int tm_cli_import                 (TmCli *cli, int argc, char **argv);
int tm_cli_track_remove           (TmCli *cli, int argc, char **argv);
int tm_cli_track_move             (TmCli *cli, int argc, char **argv);
int tm_cli_platform_add           (TmCli *cli, int argc, char **argv);
int tm_cli_platform_list          (TmCli *cli, int argc, char **argv);
int tm_cli_platform_show          (TmCli *cli, int argc, char **argv);
int tm_cli_platform_remove        (TmCli *cli, int argc, char **argv);
int tm_cli_distribution_add       (TmCli *cli, int argc, char **argv);
int tm_cli_distribution_list      (TmCli *cli, int argc, char **argv);
int tm_cli_distribution_history   (TmCli *cli, int argc, char **argv);
int tm_cli_distribution_set_status (TmCli *cli, int argc, char **argv);
int tm_cli_distribute             (TmCli *cli, int argc, char **argv);
int tm_cli_queue                  (TmCli *cli, int argc, char **argv);
int tm_cli_queue_run              (TmCli *cli, int argc, char **argv);
int tm_cli_status                 (TmCli *cli, int argc, char **argv);
int tm_cli_retry                  (TmCli *cli, int argc, char **argv);
int tm_cli_cancel                 (TmCli *cli, int argc, char **argv);
int tm_cli_pause                  (TmCli *cli, int argc, char **argv);
int tm_cli_resume                 (TmCli *cli, int argc, char **argv);
int tm_cli_takedown               (TmCli *cli, int argc, char **argv);
int tm_cli_update                 (TmCli *cli, int argc, char **argv);
int tm_cli_export                 (TmCli *cli, int argc, char **argv);
int tm_cli_insights               (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_import        (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_summary       (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_statement     (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_guesses       (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_reports       (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_forget        (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_confirm       (TmCli *cli, int argc, char **argv);
int tm_cli_earnings_reject        (TmCli *cli, int argc, char **argv);
int tm_cli_import_status          (TmCli *cli, int argc, char **argv);
int tm_cli_platform_test          (TmCli *cli, int argc, char **argv);
int tm_cli_platform_trust         (TmCli *cli, int argc, char **argv);
int tm_cli_inspect                (TmCli *cli, int argc, char **argv);
int tm_cli_catalog_restore        (TmCli *cli, int argc, char **argv);

G_END_DECLS
