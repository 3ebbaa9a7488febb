/* tm-cli-earnings.c: earnings import, earnings summary
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
#include "tm-csv.h"
#include "tm-earnings-export.h"
#include "tm-earnings-import.h"
#include "tm-earnings-zip.h"
#include "tm-money.h"

/* "USD 12.34, EUR 1.50", by currency. */
static char *
totals_text (GHashTable *totals)
{
  g_autoptr(GList) currencies = g_list_sort (g_hash_table_get_keys (totals),
                                             (GCompareFunc) strcmp);
  GString *s = g_string_new (NULL);

  for (GList *l = currencies; l != NULL; l = l->next)
    {
      g_autofree char *amount = tm_money_format (*(gint64 *) g_hash_table_lookup (totals, l->data),
                                                 2);

      g_string_append_printf (s, "%s%s %s", s->len > 0 ? ", " : "", (char *) l->data, amount);
    }
  return g_string_free (s, FALSE);
}

static JsonNode *
totals_json (GHashTable *totals)
{
  JsonObject *object = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *amount = tm_money_format_exact (*(gint64 *) value);

      json_object_set_string_member (object, key, amount);
    }
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
import_json (const char                   *path,
             const TmEarningsImportResult *result,
             const char                   *before,
             const GError                 *error)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "file", path);
  if (error != NULL)
    json_object_set_string_member (object, "error", error->message);
  else if (before != NULL)
    json_object_set_string_member (object, "imported_before_as", before);
  else
    {
      JsonArray *problems = json_array_new ();

      json_object_set_string_member (object, "source", result->source);
      json_object_set_int_member (object, "lines", (gint64) result->lines);
      json_object_set_int_member (object, "added", (gint64) result->added);
      json_object_set_int_member (object, "repeated", (gint64) result->repeated);
      json_object_set_int_member (object, "matched", (gint64) result->matched);
      json_object_set_int_member (object, "guessed", (gint64) result->guessed);
      json_object_set_int_member (object, "unmatched", (gint64) result->unmatched);
      json_object_set_int_member (object, "problems", (gint64) result->problems);
      for (guint i = 0; i < result->problem_list->len; i++)
        {
          const TmEarningsProblem *p = g_ptr_array_index (result->problem_list, i);
          JsonObject *item = json_object_new ();

          json_object_set_int_member (item, "line", (gint64) p->line);
          json_object_set_string_member (item, "why", p->why);
          json_array_add_object_element (problems, item);
        }
      json_object_set_array_member (object, "problem_lines", problems);
      json_object_set_member (object, "totals", totals_json (result->totals));
    }
  return json_node_init_object (json_node_alloc (), object);
}

static void
print_import (const char                   *path,
              const TmEarningsImportResult *result)
{
  g_autofree char *totals = totals_text (result->totals);
  TmEarningsSource source = tm_earnings_source_from_string (result->source);

  g_print (_("%s (%s): %" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT " new, %"
             G_GUINT64_FORMAT " imported before.\n"),
           path, tm_earnings_source_get_label (source), result->lines, result->added,
           result->repeated);
  if (result->added > 0)
    g_print (_("  Matched to the catalog: %" G_GUINT64_FORMAT " by ISRC or UPC, %"
               G_GUINT64_FORMAT " guessed from title and artist, %" G_GUINT64_FORMAT
               " not in the catalog.\n"), result->matched, result->guessed, result->unmatched);
  if (*totals != '\0')
    g_print (_("  New earnings: %s\n"), totals);
  if (result->problems > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "  %" G_GUINT64_FORMAT " line was left out or "
                            "does not add up:\n",
                            "  %" G_GUINT64_FORMAT " lines were left out or do not add up:\n",
                            result->problems), result->problems);
      for (guint i = 0; i < result->problem_list->len; i++)
        {
          const TmEarningsProblem *p = g_ptr_array_index (result->problem_list, i);

          g_print (_("    line %" G_GUINT64_FORMAT ": %s\n"), p->line, p->why);
        }
      if (result->problems > result->problem_list->len)
        g_print (_("    … and %" G_GUINT64_FORMAT " more\n"),
                 result->problems - result->problem_list->len);
    }
}

int
tm_cli_earnings_import (TmCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autofree char *source_name = NULL;
  gboolean json = FALSE;
  TmEarningsSource source = TM_EARNINGS_UNKNOWN;
  g_autoptr(JsonArray) results = json_array_new ();
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_name,
      N_("What the reports are, if TuneMantra cannot tell: distrokid, tunecore, cdbaby, "
         "bandcamp or dsr"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print what was imported as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  json = json || cli->json;
  if (argc < 2)
    return tm_cli_usage_error (argv[0], _("Give one report FILE or more"));
  if (source_name != NULL
      && (source = tm_earnings_source_from_string (source_name)) == TM_EARNINGS_UNKNOWN)
    return tm_cli_usage_error (argv[0], _("--source is one of distrokid, tunecore, cdbaby, "
                                          "bandcamp, dsr"));

  for (int i = 1; i < argc; i++)
    {
      gboolean zip = tm_earnings_is_zip (argv[i]);
      g_autoptr(GPtrArray) imported = tm_earnings_import_path (cli->catalog, argv[i], source,
                                                               NULL);

      for (guint j = 0; j < imported->len; j++)
        {
          const TmEarningsImported *one = g_ptr_array_index (imported, j);
          /* A report of a zip is named by its place in it; a file by its path. */
          const char *name = zip ? one->name : argv[i];
          if (one->error != NULL)
            {
              status = TM_CLI_FAILED;
              if (!json)
                g_printerr (_("%s: nothing was imported from it. %s\n"), name,
                            one->error->message);
            }
          else if (one->imported_before != NULL)
            {
              if (!json)
                g_print (_("%s was imported before (as %s): nothing is counted twice.\n"),
                         name, one->imported_before);
            }
          else if (!json)
            print_import (name, &one->result);
          if (json)
            json_array_add_element (results, import_json (name, &one->result,
                                                          one->imported_before, one->error));
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), results);

      tm_cli_print_json (node);
    }
  return status;
}

static gboolean
valid_month (const char *text)
{
  return text == NULL
         || (strlen (text) == 7 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1])
             && g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]) && text[4] == '-'
             && ((text[5] == '0' && text[6] >= '1' && text[6] <= '9')
                 || (text[5] == '1' && text[6] >= '0' && text[6] <= '2')));
}

int
tm_cli_earnings_summary (TmCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_autofree char *by_name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 release_id = 0;
  gboolean json = FALSE, csv = FALSE;
  TmEarningsBy by = TM_EARNINGS_BY_RELEASE;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_name,
      N_("release (the default), track, platform, country or month"), N_("WHAT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first month counted"), N_("YYYY-MM") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last month counted"), N_("YYYY-MM") },
    { "release", 0, 0, G_OPTION_ARG_INT64, &release_id, N_("Only this release"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print the figures as CSV"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  json = json || cli->json;
  if (argc != 1)
    return tm_cli_usage_error (argv[0], _("earnings summary takes no FILE"));
  if (by_name != NULL && !tm_earnings_by_from_string (by_name, &by))
    return tm_cli_usage_error (argv[0], _("--by is one of release, track, platform, country, "
                                          "month"));
  if (!valid_month (from) || !valid_month (to))
    return tm_cli_usage_error (argv[0], _("--from and --to are months: YYYY-MM"));
  if (!(rows = tm_catalog_earnings_summary (cli->catalog, by, from, to, release_id, &error)))
    return tm_cli_fail (cli, error);

  if (csv)
    {
      g_autoptr(TmCsv) out = tm_csv_new (NULL);
      g_autofree char *text = NULL;

      for (guint c = 0; c < 7; c++)
        tm_csv_text (out, (const char *[]) { "what", "currency", "earnings", "streams",
                                             "downloads", "other units", "lines" }[c]);
      tm_csv_end_row (out);
      for (guint i = 0; i < rows->len; i++)
        {
          const TmEarningsRow *row = g_ptr_array_index (rows, i);

          tm_csv_text (out, tm_earnings_row_get_label (row, by));
          tm_csv_text (out, row->currency);
          tm_csv_money (out, row->amount, TM_MONEY_DECIMALS);
          tm_csv_int (out, row->streams);
          tm_csv_int (out, row->downloads);
          tm_csv_int (out, row->other);
          tm_csv_int (out, (gint64) row->lines);
          tm_csv_end_row (out);
        }
      text = tm_csv_free_to_string (g_steal_pointer (&out));
      fputs (text, stdout);
    }
  else if (json)
    {
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < rows->len; i++)
        {
          const TmEarningsRow *row = g_ptr_array_index (rows, i);
          JsonObject *object = json_object_new ();
          g_autofree char *exact = tm_money_format_exact (row->amount);
          g_autofree char *cents = tm_money_format (row->amount, 2);

          json_object_set_string_member (object, "key", row->key);
          json_object_set_string_member (object, "label", tm_earnings_row_get_label (row, by));
          if (row->release_id != 0)
            json_object_set_int_member (object, "release_id", row->release_id);
          if (row->track_id != 0)
            json_object_set_int_member (object, "track_id", row->track_id);
          json_object_set_string_member (object, "currency", row->currency);
          json_object_set_string_member (object, "amount", exact);
          json_object_set_string_member (object, "rounded", cents);
          json_object_set_int_member (object, "streams", row->streams);
          json_object_set_int_member (object, "downloads", row->downloads);
          json_object_set_int_member (object, "other_units", row->other);
          json_object_set_int_member (object, "lines", (gint64) row->lines);
          json_object_set_int_member (object, "guessed", (gint64) row->guessed);
          json_array_add_object_element (array, object);
        }
      node = json_node_init_array (json_node_alloc (), array);
      tm_cli_print_json (node);
    }
  else if (rows->len == 0)
    g_print (_("No earnings in that period. Import reports with “tunemantra-cli earnings "
               "import FILE”.\n"));
  else
    {
      for (guint i = 0; i < rows->len; i++)
        {
          const TmEarningsRow *row = g_ptr_array_index (rows, i);
          g_autofree char *amount = tm_money_format (row->amount, 2);

          g_print ("%-40s %3s %14s  %12" G_GINT64_FORMAT " %s  %8" G_GINT64_FORMAT " %s%s\n",
                   tm_earnings_row_get_label (row, by), row->currency, amount, row->streams,
                   _("streams"), row->downloads, _("downloads"),
                   row->guessed > 0 ? _("  (some lines matched by title: a guess)") : "");
        }
    }
  return TM_CLI_OK;
}

static JsonNode *
statement_json (const TmStatement *s)
{
  JsonObject *object = json_object_new ();
  JsonArray *people = json_array_new ();
  JsonArray *unsplit = json_array_new ();

  if (s->from != NULL)
    json_object_set_string_member (object, "from", s->from);
  if (s->to != NULL)
    json_object_set_string_member (object, "to", s->to);
  for (guint i = 0; i < s->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (s->entries, i);
      JsonObject *person = json_object_new ();
      JsonArray *sources = json_array_new ();
      g_autofree char *owed = tm_money_format (e->cents * (TM_MONEY_ONE / 100), 2);
      g_autofree char *exact = tm_money_format_exact (e->exact);

      json_object_set_string_member (person, "party", e->party);
      json_object_set_string_member (person, "currency", e->currency);
      json_object_set_string_member (person, "owed", owed);
      json_object_set_string_member (person, "exact", exact);
      for (guint j = 0; j < e->sources->len; j++)
        {
          const TmStatementSource *src = g_ptr_array_index (e->sources, j);
          JsonObject *item = json_object_new ();
          g_autofree char *amount = tm_money_format_exact (src->amount);
          g_autofree char *share = tm_money_format_exact (src->share);

          if (src->track_id != 0)
            json_object_set_int_member (item, "track_id", src->track_id);
          if (src->release_id != 0)
            json_object_set_int_member (item, "release_id", src->release_id);
          json_object_set_string_member (item, "title", src->title);
          json_object_set_string_member (item, "month", src->period);
          json_object_set_string_member (item, "earned", amount);
          json_object_set_int_member (item, "share_bp", src->share_bp);
          json_object_set_string_member (item, "share", share);
          json_object_set_int_member (item, "lines", (gint64) src->lines);
          json_array_add_object_element (sources, item);
        }
      json_object_set_array_member (person, "from_lines", sources);
      json_array_add_object_element (people, person);
    }
  for (guint i = 0; i < s->unsplit->len; i++)
    {
      const TmStatementUnsplit *u = g_ptr_array_index (s->unsplit, i);
      JsonObject *item = json_object_new ();
      g_autofree char *amount = tm_money_format_exact (u->amount);
      static const char * const reasons[] = { "split-upstream", "no-splits", "not-in-catalog",
                                              "release-split-differently" };

      json_object_set_string_member (item, "title", u->title);
      json_object_set_string_member (item, "reason", reasons[u->reason]);
      json_object_set_string_member (item, "why", tm_statement_reason_to_string (u->reason));
      json_object_set_string_member (item, "currency", u->currency);
      json_object_set_string_member (item, "earned", amount);
      json_array_add_object_element (unsplit, item);
    }
  json_object_set_array_member (object, "people", people);
  json_object_set_array_member (object, "not_split", unsplit);
  return json_node_init_object (json_node_alloc (), object);
}

static void
print_statement (const TmStatement *s)
{
  g_autofree char *period = tm_statement_period_text (s);

  g_print (_("Statement, %s\n"), period);
  for (guint i = 0; i < s->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (s->entries, i);
      g_autofree char *owed = tm_money_format (e->cents * (TM_MONEY_ONE / 100), 2);

      g_print ("\n%-40s %s %12s\n", e->party, e->currency, owed);
      for (guint j = 0; j < e->sources->len; j++)
        {
          const TmStatementSource *src = g_ptr_array_index (e->sources, j);
          g_autofree char *amount = tm_money_format (src->amount, 4);
          g_autofree char *share = tm_money_format (src->share, 4);

          g_print ("    %-30s %s  %12s × %3u.%02u %% = %12s\n",
                   src->title != NULL ? src->title : "", src->period, amount,
                   src->share_bp / 100, src->share_bp % 100, share);
        }
    }
  if (s->unsplit->len > 0)
    {
      g_print (_("\nNot split:\n"));
      for (guint i = 0; i < s->unsplit->len; i++)
        {
          const TmStatementUnsplit *u = g_ptr_array_index (s->unsplit, i);
          g_autofree char *amount = tm_money_format (u->amount, 2);

          g_print ("    %-30s %s %12s  %s\n", u->title != NULL ? u->title : "", u->currency,
                   amount, tm_statement_reason_to_string (u->reason));
        }
    }
  if (s->entries->len == 0 && s->unsplit->len == 0)
    g_print (_("No earnings in that period.\n"));
}

int
tm_cli_earnings_statement (TmCli  *cli,
                           int     argc,
                           char  **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *html = NULL;
  gint64 release_id = 0;
  gboolean json = FALSE, csv = FALSE;
  g_autoptr(TmStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first month counted"), N_("YYYY-MM") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last month counted"), N_("YYYY-MM") },
    { "release", 0, 0, G_OPTION_ARG_INT64, &release_id, N_("Only this release"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the statement as JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print the statement as CSV"), NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, N_("Write the statement as a page to print"),
      N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  json = json || cli->json;
  if (argc != 1)
    return tm_cli_usage_error (argv[0], _("earnings statement takes no FILE (see --html)"));
  if (!valid_month (from) || !valid_month (to))
    return tm_cli_usage_error (argv[0], _("--from and --to are months: YYYY-MM"));
  if (!(statement = tm_catalog_earnings_statement (cli->catalog, from, to, release_id, &error)))
    return tm_cli_fail (cli, error);

  if (html != NULL)
    {
      g_autoptr(TmRelease) release = NULL;
      g_autofree char *page = NULL;

      if (release_id != 0)
        release = tm_catalog_get_release (cli->catalog, release_id, NULL);
      page = tm_statement_to_html (statement, release != NULL ? tm_release_get_title (release)
                                                              : NULL);
      if (!g_file_set_contents (html, page, -1, &error))
        return tm_cli_fail (cli, error);
      if (!json && !csv)
        g_print (_("The statement is in %s: open it in a browser to print it.\n"), html);
    }
  if (csv)
    {
      g_autofree char *text = tm_statement_to_csv (statement);

      fputs (text, stdout);
    }
  else if (json)
    {
      g_autoptr(JsonNode) node = statement_json (statement);

      tm_cli_print_json (node);
    }
  else if (html == NULL)
    print_statement (statement);
  return TM_CLI_OK;
}

int
tm_cli_earnings_guesses (TmCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_autoptr(GPtrArray) guesses = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the guesses as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  json = json || cli->json;
  if (!(guesses = tm_catalog_earnings_guesses (cli->catalog, &error)))
    return tm_cli_fail (cli, error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < guesses->len; i++)
        {
          const TmEarningsGuess *g = g_ptr_array_index (guesses, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", g->id);
          json_object_set_string_member (object, "title", g->title);
          json_object_set_string_member (object, "artist", g->artist);
          if (g->track_id != 0)
            json_object_set_int_member (object, "track_id", g->track_id);
          if (g->release_id != 0)
            json_object_set_int_member (object, "release_id", g->release_id);
          json_object_set_string_member (object, "matched_to", g->matched);
          json_object_set_int_member (object, "lines", (gint64) g->lines);
          json_array_add_object_element (array, object);
        }
      node = json_node_init_array (json_node_alloc (), array);
      tm_cli_print_json (node);
      return TM_CLI_OK;
    }
  if (guesses->len == 0)
    g_print (_("No line was matched by its title and artist alone.\n"));
  for (guint i = 0; i < guesses->len; i++)
    {
      const TmEarningsGuess *g = g_ptr_array_index (guesses, i);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%-8" G_GINT64_FORMAT " “%s” by %s → %s (%" G_GUINT64_FORMAT " line)\n",
                            "%-8" G_GINT64_FORMAT " “%s” by %s → %s (%" G_GUINT64_FORMAT " lines)\n",
                            g->lines),
               g->id, g->title != NULL ? g->title : "", g->artist != NULL ? g->artist : "?",
               g->matched, g->lines);
    }
  if (guesses->len > 0)
    g_print (_("\nConfirm one with “tunemantra-cli earnings confirm ID”, or undo it with "
               "“tunemantra-cli earnings reject ID”.\n"));
  return TM_CLI_OK;
}

static int
decide (TmCli    *cli,
        int       argc,
        char    **argv,
        gboolean  confirm)
{
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  gint64 id;
  guint64 lines = 0;
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give the ID of one guess, as "
                                          "“tunemantra-cli earnings guesses” lists them"));
  if (!tm_cli_parse_id (argv[0], _("guess"), argv[1], &id))
    return TM_CLI_USAGE;
  if (!tm_catalog_earnings_decide (cli->catalog, id, confirm, &lines, &error))
    return tm_cli_fail (cli, error);
  g_print (confirm
           ? g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " line confirmed.\n",
                          "%" G_GUINT64_FORMAT " lines confirmed.\n", lines)
           : g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " line is no longer matched.\n",
                          "%" G_GUINT64_FORMAT " lines are no longer matched.\n", lines),
           lines);
  return TM_CLI_OK;
}

int
tm_cli_earnings_confirm (TmCli  *cli,
                         int     argc,
                         char  **argv)
{
  return decide (cli, argc, argv, TRUE);
}

int
tm_cli_earnings_reject (TmCli  *cli,
                        int     argc,
                        char  **argv)
{
  return decide (cli, argc, argv, FALSE);
}

int
tm_cli_earnings_reports (TmCli  *cli,
                         int     argc,
                         char  **argv)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the reports as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  json = json || cli->json;
  if (!(files = tm_catalog_list_earnings_files (cli->catalog, &error)))
    return tm_cli_fail (cli, error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < files->len; i++)
        {
          const TmEarningsFile *file = g_ptr_array_index (files, i);
          JsonObject *object = json_object_new ();
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (file->imported_at / G_USEC_PER_SEC);
          g_autofree char *iso = when != NULL ? g_date_time_format_iso8601 (when) : NULL;

          json_object_set_int_member (object, "id", file->id);
          json_object_set_string_member (object, "name", file->name);
          json_object_set_string_member (object, "source", file->source);
          json_object_set_string_member (object, "imported_at", iso);
          json_object_set_int_member (object, "lines", (gint64) file->lines);
          json_object_set_int_member (object, "added", (gint64) file->added);
          json_object_set_int_member (object, "repeated", (gint64) file->repeated);
          json_array_add_object_element (array, object);
        }
      node = json_node_init_array (json_node_alloc (), array);
      tm_cli_print_json (node);
      return TM_CLI_OK;
    }
  if (files->len == 0)
    g_print (_("No report imported yet.\n"));
  for (guint i = 0; i < files->len; i++)
    {
      const TmEarningsFile *file = g_ptr_array_index (files, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (file->imported_at
                                                                   / G_USEC_PER_SEC);
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : NULL;

      g_print (_("%-6" G_GINT64_FORMAT " %s  %-10s %s: %" G_GUINT64_FORMAT " lines, %"
                 G_GUINT64_FORMAT " new\n"), file->id, date != NULL ? date : "",
               tm_earnings_source_get_label (tm_earnings_source_from_string (file->source)),
               file->name, file->lines, file->added);
    }
  return TM_CLI_OK;
}

int
tm_cli_earnings_forget (TmCli  *cli,
                        int     argc,
                        char  **argv)
{
  g_autoptr(GPtrArray) forgotten = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  gint64 id;
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give the ID of one report, as "
                                          "“tunemantra-cli earnings reports” lists them"));
  if (!tm_cli_parse_id (argv[0], _("report"), argv[1], &id))
    return TM_CLI_USAGE;
  if (!(forgotten = tm_catalog_forget_earnings_file (cli->catalog, id, &error)))
    return tm_cli_fail (cli, error);
  for (guint i = 0; i < forgotten->len; i++)
    {
      const TmEarningsFile *file = g_ptr_array_index (forgotten, i);

      if (i == 0)
        g_print (_("%s is forgotten: its %" G_GUINT64_FORMAT " lines are out of the catalog.\n"),
                 file->name, file->added);
      else
        g_print (_("%s is forgotten too: it shared lines with it. Import it again to count "
                   "them.\n"), file->name);
    }
  return TM_CLI_OK;
}
