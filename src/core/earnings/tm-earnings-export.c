/* tm-earnings-export.c: statements as CSV and as a page to print
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A statement leaves TuneMantra as a CSV (one row for each person's share of
 * each track-month, then each person's total, then what was not split) or as
 * a self-contained HTML page made to be printed (or saved as PDF from the
 * browser's print dialog): no script, no outside file, every text escaped. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-csv.h"
#include "tm-earnings-export.h"
#include "tm-money.h"

/**
 * tm_statement_period_text:
 *
 * Returns: (transfer full): "2024-01 to 2024-03", "from 2024-01", "all months"
 */
char *
tm_statement_period_text (const TmStatement *s)
{
  if (s->from != NULL && s->to != NULL)
    return g_str_equal (s->from, s->to) ? g_strdup (s->from)
                                        : g_strdup_printf (_("%s to %s"), s->from, s->to);
  if (s->from != NULL)
    return g_strdup_printf (_("from %s"), s->from);
  if (s->to != NULL)
    return g_strdup_printf (_("up to %s"), s->to);
  return g_strdup (_("all months"));
}

static char *
percent (guint bp)
{
  return g_strdup_printf ("%u.%02u", bp / 100, bp % 100);
}

char *
tm_statement_to_csv (const TmStatement *s)
{
  g_autoptr(TmCsv) csv = tm_csv_new (NULL);
  static const char * const header[] = {
    "person", "currency", "what", "month", "earned", "share %", "share", "owed (rounded)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    tm_csv_text (csv, header[i]);
  tm_csv_end_row (csv);

  for (guint i = 0; i < s->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (s->entries, i);

      for (guint j = 0; j < e->sources->len; j++)
        {
          const TmStatementSource *src = g_ptr_array_index (e->sources, j);
          g_autofree char *pct = percent (src->share_bp);

          tm_csv_text (csv, e->party);
          tm_csv_text (csv, e->currency);
          tm_csv_text (csv, src->title);
          tm_csv_text (csv, src->period);
          tm_csv_money (csv, src->amount, TM_MONEY_DECIMALS);
          tm_csv_text (csv, pct);
          tm_csv_money (csv, src->share, TM_MONEY_DECIMALS);
          tm_csv_empty (csv);
          tm_csv_end_row (csv);
        }
      tm_csv_text (csv, e->party);
      tm_csv_text (csv, e->currency);
      tm_csv_text (csv, _("Total owed"));
      tm_csv_empty (csv);
      tm_csv_empty (csv);
      tm_csv_empty (csv);
      tm_csv_money (csv, e->exact, TM_MONEY_DECIMALS);
      tm_csv_money (csv, e->cents * (TM_MONEY_ONE / 100), 2);
      tm_csv_end_row (csv);
    }

  for (guint i = 0; i < s->unsplit->len; i++)
    {
      const TmStatementUnsplit *u = g_ptr_array_index (s->unsplit, i);
      g_autofree char *what = g_strdup_printf ("%s (%s)", u->title != NULL ? u->title : "",
                                               tm_statement_reason_to_string (u->reason));

      tm_csv_text (csv, _("Not split"));
      tm_csv_text (csv, u->currency);
      tm_csv_text (csv, what);
      tm_csv_empty (csv);
      tm_csv_money (csv, u->amount, TM_MONEY_DECIMALS);
      tm_csv_empty (csv);
      tm_csv_empty (csv);
      tm_csv_empty (csv);
      tm_csv_end_row (csv);
    }
  return tm_csv_free_to_string (g_steal_pointer (&csv));
}

static void
cell (GString    *out,
      const char *tag,
      const char *text,
      const char *class)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append_printf (out, "<%s%s%s%s>%s</%s>", tag, class != NULL ? " class=\"" : "",
                          class != NULL ? class : "", class != NULL ? "\"" : "", escaped, tag);
}

static void
money_cell (GString *out,
            gint64   units,
            guint    decimals)
{
  g_autofree char *text = tm_money_format (units, decimals);

  cell (out, "td", text, "n");
}

/**
 * tm_statement_to_html:
 * @title: (nullable): what the statement is of ("Low Tide"), or %NULL for the catalog
 *
 * Returns: (transfer full): a page, with a section for each person
 */
char *
tm_statement_to_html (const TmStatement *s,
                      const char        *title)
{
  GString *out = g_string_new (NULL);
  g_autofree char *period = tm_statement_period_text (s);
  g_autofree char *heading = title != NULL
                             ? g_strdup_printf (_("Statement of %s, %s"), title, period)
                             : g_strdup_printf (_("Statement, %s"), period);
  g_autofree char *escaped = g_markup_escape_text (heading, -1);

  g_string_append_printf (out,
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">"
      "<title>%s</title><style>"
      "body{font-family:sans-serif;margin:2em;color:#222}"
      "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;break-before:auto}"
      "table{border-collapse:collapse;width:100%%;margin:.5em 0}"
      "th,td{border-bottom:1px solid #ccc;padding:.25em .5em;text-align:left}"
      "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
      "tr.total td{font-weight:bold;border-top:2px solid #222}"
      "section{break-inside:avoid}p.note{color:#555;font-size:.9em}"
      "@media print{body{margin:0}}"
      "</style></head><body>\n<h1>%s</h1>\n", escaped, escaped);
  g_string_append_printf (out, "<p class=\"note\">%s</p>\n",
                          _("Made by TuneMantra from the reports imported, and the splits "
                            "recorded on each track. Amounts are each person’s share of what "
                            "the reports say was earned; the cents are shared so that they add "
                            "up to the total (the largest-remainder method). TuneMantra moves no "
                            "money."));

  for (guint i = 0; i < s->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (s->entries, i);
      g_autofree char *party = g_markup_escape_text (e->party, -1);
      g_autofree char *owed = tm_money_format (e->cents * (TM_MONEY_ONE / 100), 2);

      g_string_append_printf (out, "<section><h2>%s — %s %s</h2>\n<table><tr>", party,
                              e->currency, owed);
      cell (out, "th", _("Track"), NULL);
      cell (out, "th", _("Month"), NULL);
      cell (out, "th", _("Earned"), "n");
      cell (out, "th", _("Share"), "n");
      cell (out, "th", _("Their part"), "n");
      g_string_append (out, "</tr>\n");
      for (guint j = 0; j < e->sources->len; j++)
        {
          const TmStatementSource *src = g_ptr_array_index (e->sources, j);
          g_autofree char *pct = percent (src->share_bp);
          g_autofree char *shown = g_strconcat (pct, " %", NULL);

          g_string_append (out, "<tr>");
          cell (out, "td", src->title, NULL);
          cell (out, "td", src->period, NULL);
          money_cell (out, src->amount, 4);
          cell (out, "td", shown, "n");
          money_cell (out, src->share, 4);
          g_string_append (out, "</tr>\n");
        }
      g_string_append (out, "<tr class=\"total\">");
      cell (out, "td", _("Owed"), NULL);
      cell (out, "td", e->currency, NULL);
      cell (out, "td", "", NULL);
      cell (out, "td", "", NULL);
      money_cell (out, e->cents * (TM_MONEY_ONE / 100), 2);
      g_string_append (out, "</tr></table></section>\n");
    }

  if (s->unsplit->len > 0)
    {
      g_string_append_printf (out, "<section><h2>%s</h2>\n<table><tr>", _("Not split"));
      cell (out, "th", _("What"), NULL);
      cell (out, "th", _("Why"), NULL);
      cell (out, "th", _("Currency"), NULL);
      cell (out, "th", _("Earned"), "n");
      g_string_append (out, "</tr>\n");
      for (guint i = 0; i < s->unsplit->len; i++)
        {
          const TmStatementUnsplit *u = g_ptr_array_index (s->unsplit, i);

          g_string_append (out, "<tr>");
          cell (out, "td", u->title, NULL);
          cell (out, "td", tm_statement_reason_to_string (u->reason), NULL);
          cell (out, "td", u->currency, NULL);
          money_cell (out, u->amount, 4);
          g_string_append (out, "</tr>\n");
        }
      g_string_append (out, "</table></section>\n");
    }
  if (s->entries->len == 0 && s->unsplit->len == 0)
    g_string_append_printf (out, "<p>%s</p>\n", _("No earnings in this period."));
  g_string_append (out, "</body></html>\n");
  return g_string_free (out, FALSE);
}
