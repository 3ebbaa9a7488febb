/* tm-csv.c: the one CSV writer of the project
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* RFC 4180 fields, and no formulas: a spreadsheet opening the file runs a cell
 * that begins with =, +, -, @, a tab or a carriage return as a formula (CSV
 * injection, OWASP), and text in TuneMantra's exports comes from tags, file
 * names and platforms. Such a text cell is written with a leading apostrophe,
 * which spreadsheets show as text and do not run. Numbers are written by the
 * numeric functions, never as text, so a negative amount stays a number. */

#include "config.h"

#include <string.h>

#include "tm-csv.h"
#include "tm-money.h"

struct _TmCsv
{
  GString *out;
  char    *line_end;
  guint    column;
};

/**
 * tm_csv_new:
 * @line_end: (nullable): "\r\n" (RFC 4180, the default) or "\n"
 */
TmCsv *
tm_csv_new (const char *line_end)
{
  TmCsv *csv = g_new0 (TmCsv, 1);

  csv->out = g_string_new (NULL);
  csv->line_end = g_strdup (line_end != NULL ? line_end : "\r\n");
  return csv;
}

static void
separate (TmCsv *csv)
{
  if (csv->column++ > 0)
    g_string_append_c (csv->out, ',');
}

/* Whether a spreadsheet would take @text for a formula. */
static gboolean
looks_like_formula (const char *text)
{
  const char *p = text;

  while (*p == ' ')
    p++;
  return *p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r'
         || *text == '\t' || *text == '\r';
}

void
tm_csv_text (TmCsv      *csv,
             const char *text)
{
  gboolean formula;

  separate (csv);
  if (text == NULL || *text == '\0')
    return;

  formula = looks_like_formula (text);
  if (!formula && strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (csv->out, text);
      return;
    }

  g_string_append_c (csv->out, '"');
  if (formula)
    g_string_append_c (csv->out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv->out, '"');
      g_string_append_c (csv->out, *p);
    }
  g_string_append_c (csv->out, '"');
}

void
tm_csv_int (TmCsv  *csv,
            gint64  value)
{
  separate (csv);
  g_string_append_printf (csv->out, "%" G_GINT64_FORMAT, value);
}

void
tm_csv_double (TmCsv  *csv,
               double  value,
               int     decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  separate (csv);
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 12));
  g_string_append (csv->out, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/**
 * tm_csv_money:
 * @units: an amount in 10⁻¹⁰ of its currency (tm-money.h)
 * @decimals: how many to write, rounded half to even (2 for cents, 10 for all)
 *
 * Writes an amount as a number, exactly: never through a double.
 */
void
tm_csv_money (TmCsv  *csv,
              gint64  units,
              guint   decimals)
{
  g_autofree char *text = tm_money_format (units, decimals);

  separate (csv);
  g_string_append (csv->out, text);
}

void
tm_csv_empty (TmCsv *csv)
{
  separate (csv);
}

void
tm_csv_end_row (TmCsv *csv)
{
  g_string_append (csv->out, csv->line_end);
  csv->column = 0;
}

char *
tm_csv_free_to_string (TmCsv *csv)
{
  char *text = g_string_free (g_steal_pointer (&csv->out), FALSE);

  tm_csv_free (csv);
  return text;
}

void
tm_csv_free (TmCsv *csv)
{
  if (csv == NULL)
    return;
  if (csv->out != NULL)
    g_string_free (csv->out, TRUE);
  g_free (csv->line_end);
  g_free (csv);
}
