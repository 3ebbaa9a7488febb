/* tm-earnings-reader.c: distributors' earnings reports, read line by line
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each source's report, as docs/earnings-formats.md describes it, turned into
 * TmEarning lines. Columns are found by their names (trimmed, any case), never
 * by position; a report's source is known from its first line. A line that
 * cannot be read is reported with its number and why, and reading goes on;
 * only a file that cannot be read at all stops it.
 *
 * A line whose first cell is "Total" (or "Totals", "Grand Total") is a footer:
 * it is compared with the sum of the lines above it, per currency, and never
 * imported. A DDEX sales report is read twice: first for its summaries (the
 * money of its Basic Audio Profile sits there), then for its usage lines, each
 * given its share of its summary's revenue pro rata to usages
 * (tm_money_allocate(): the shares add up to the summary exactly). */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-earnings-reader.h"
#include "tm-money.h"
#include "tm-report-reader.h"
#include "tm-text.h"

#define MAX_TEXT 300

static const char * const source_names[] = {
  "distrokid", "tunecore", "cdbaby", "bandcamp", "dsr",
};

G_STATIC_ASSERT (G_N_ELEMENTS (source_names) == TM_EARNINGS_N_SOURCES);

const char *
tm_earnings_source_to_string (TmEarningsSource source)
{
  return source >= 0 && source < TM_EARNINGS_N_SOURCES ? source_names[source] : "unknown";
}

const char *
tm_earnings_source_get_label (TmEarningsSource source)
{
  switch (source)
    {
    case TM_EARNINGS_DISTROKID: return "DistroKid";
    case TM_EARNINGS_TUNECORE: return "TuneCore";
    case TM_EARNINGS_CDBABY: return "CD Baby";
    case TM_EARNINGS_BANDCAMP: return "Bandcamp";
    case TM_EARNINGS_DSR: return _("DDEX sales report");
    case TM_EARNINGS_UNKNOWN:
    default: return _("Unknown");
    }
}

TmEarningsSource
tm_earnings_source_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (text != NULL && g_ascii_strcasecmp (text, source_names[i]) == 0)
      return (TmEarningsSource) i;
  return TM_EARNINGS_UNKNOWN;
}

/* Reading one file */

typedef struct
{
  const char            *path;
  TmReportReader        *reader;
  TmEarningsLineFunc     line_func;
  TmEarningsProblemFunc  problem_func;
  gpointer               data;
  GCancellable          *cancellable;

  GHashTable            *columns;      /* lower-case name -> index + 1 */
  const TmReportRecord  *record;
  GHashTable            *totals;       /* currency -> gint64 *, for a footer */
  TmEarning              e;
} Reader;

static void
problem (Reader     *r,
         guint64     line,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (Reader     *r,
         guint64     line,
         const char *format,
         ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  r->problem_func (line, why, r->data);
}

/* A cell of the current record by column name, trimmed; NULL if absent or empty. */
static const char *
cell_at (Reader *r,
         gint    index)
{
  const char *text;

  if (index < 0 || (guint) index >= r->record->cells->len)
    return NULL;
  text = g_ptr_array_index (r->record->cells, index);
  while (*text == ' ')
    text++;
  return *text != '\0' ? text : NULL;
}

static gint
column (Reader     *r,
        const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (r->columns, name)) - 1;
}

static const char *
cell (Reader     *r,
      const char *name)
{
  return cell_at (r, column (r, name));
}

/* The first of several names that the header has. */
static const char *
cell_of (Reader     *r,
         const char *first,
         const char *second)
{
  return column (r, first) >= 0 ? cell (r, first) : cell (r, second);
}

/* Text from outside, as kept: no control characters, of a sane length, and
 * without trailing spaces. */
static char *
keep (const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    return NULL;
  clean = tm_text_from_outside (text, MAX_TEXT);
  if (clean == NULL)
    return NULL;
  g_strchomp (clean);
  return *clean != '\0' ? g_steal_pointer (&clean) : NULL;
}

/* "USRC17607839", "us-rc1-76-07839" → "USRC17607839"; NULL if not an ISRC. */
static char *
normal_isrc (const char *text)
{
  GString *s;

  if (text == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && *p != '|'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_toupper (*p));
    else if (*p != '-' && *p != ' ' && *p != '"' && *p != '\\')
      {
        g_string_free (s, TRUE);
        return NULL;
      }
  if (s->len != 12 || !g_ascii_isalpha (s->str[0]) || !g_ascii_isalpha (s->str[1]))
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  for (guint i = 5; i < 12; i++)
    if (!g_ascii_isdigit (s->str[i]))
      {
        g_string_free (s, TRUE);
        return NULL;
      }
  return g_string_free (s, FALSE);
}

/* A UPC, EAN or ICPN: 12 to 14 digits, leading zeros kept ("="0123..."" and
 * quotes a spreadsheet left are taken off). A number in scientific notation
 * lost its digits: it is not guessed at. */
static char *
normal_upc (Reader     *r,
            const char *text)
{
  GString *s;

  if (text == NULL)
    return NULL;
  if (strchr (text, 'E') != NULL || strchr (text, 'e') != NULL)
    {
      g_autofree char *shown = tm_text_from_outside (text, 30);

      problem (r, r->record->line,
               _("the UPC “%s” was turned into a number by a spreadsheet and lost its digits: "
                 "the line is kept without it (export the report again without opening it)"),
               shown);
      return NULL;
    }
  s = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && *p != '|'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
    else if (*p != '"' && *p != '=' && *p != ' ' && *p != '\'')
      {
        g_string_free (s, TRUE);
        return NULL;
      }
  if (s->len < 12 || s->len > 14)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static char *
normal_country (const char *text)
{
  if (text == NULL || strlen (text) != 2 || !g_ascii_isalpha (text[0])
      || !g_ascii_isalpha (text[1]))
    return NULL;
  return g_ascii_strup (text, 2);
}

/* A date as reports write it: 2024-03, 2024-03-01, 2024-03-01T…, 7/31/2024
 * 12:00:00 AM, 3/2/24 9:14pm. */
static gboolean
parse_date (const char *text,
            guint      *year,
            guint      *month,
            guint      *day)
{
  guint a = 0, b = 0, c = 0;
  int n = 0;

  if (text == NULL)
    return FALSE;
  *day = 0;
  if (sscanf (text, "%4u-%2u-%2u%n", &a, &b, &c, &n) == 3 && n == 10
      && (text[10] == '\0' || text[10] == 'T' || text[10] == ' '))
    {
      *year = a, *month = b, *day = c;
    }
  else if (sscanf (text, "%4u-%2u%n", &a, &b, &n) == 2 && n == 7 && text[7] == '\0')
    {
      *year = a, *month = b, *day = 1;
    }
  else if (sscanf (text, "%2u/%2u/%4u%n", &a, &b, &c, &n) == 3
           && (text[n] == '\0' || text[n] == ' '))
    {
      *month = a, *day = b;
      *year = c < 100 ? 2000 + c : c;
    }
  else
    return FALSE;
  return *year >= 1950 && *year <= 2200 && *month >= 1 && *month <= 12 && *day >= 1
         && *day <= 31;
}

static gboolean
set_period (Reader     *r,
            const char *text,
            gboolean    first_of_month)
{
  guint y, m, d;

  if (!parse_date (text, &y, &m, &d) || (first_of_month && d != 1))
    {
      g_autofree char *shown = tm_text_from_outside (text != NULL ? text : "", 30);

      problem (r, r->record->line, first_of_month && text != NULL && parse_date (text, &y, &m, &d)
               ? _("its sales period “%s” is not the first of a month (a file from before "
                   "TuneCore wrote dates year first?): the line is left out")
               : _("its sale month “%s” is not a date: the line is left out"), shown);
      return FALSE;
    }
  r->e.period = g_strdup_printf ("%04u-%02u", y, m);
  return TRUE;
}

static void
set_reported (Reader     *r,
              const char *text)
{
  guint y, m, d;

  if (parse_date (text, &y, &m, &d))
    r->e.reported = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

static gboolean
set_amount (Reader     *r,
            const char *what,
            const char *text,
            gint64     *units)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *units = 0;
      return TRUE;
    }
  if (!tm_money_parse (text, units, &error))
    {
      problem (r, r->record->line, _("its %s: %s; the line is left out"), what, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_quantity (Reader     *r,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!tm_money_parse_count (text, &r->e.quantity, &error))
    {
      problem (r, r->record->line, _("its quantity: %s; the line is left out"), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
set_currency (char        out[4],
              const char *text)
{
  out[0] = '\0';
  if (text != NULL && strlen (text) == 3 && g_ascii_isalpha (text[0])
      && g_ascii_isalpha (text[1]) && g_ascii_isalpha (text[2]))
    for (guint i = 0; i < 4; i++)
      out[i] = g_ascii_toupper (text[i]);
}

/* The lines of each format */

static gboolean
is_download_store (const char *store)
{
  g_autofree char *s = g_ascii_strdown (store != NULL ? store : "", -1);

  return (strstr (s, "itunes") != NULL && strstr (s, "match") == NULL)
         || strstr (s, "beatport") != NULL || strstr (s, "medianet") != NULL
         || strstr (s, "download") != NULL
         || (strstr (s, "amazon") != NULL && strstr (s, "stream") == NULL
             && strstr (s, "unlimited") == NULL && strstr (s, "prime") == NULL);
}

static gboolean
read_distrokid (Reader *r)
{
  const char *type = cell_of (r, "song/album", "source type");
  const char *team = cell (r, "team percentage");

  if (!set_period (r, cell (r, "sale month"), FALSE)
      || !set_quantity (r, cell (r, "quantity"))
      || !set_amount (r, _("earnings"), cell (r, "earnings (usd)"), &r->e.amount))
    return FALSE;
  set_reported (r, cell (r, "reporting date"));
  r->e.store = keep (cell (r, "store"));
  r->e.country = normal_country (cell (r, "country of sale"));
  r->e.isrc = normal_isrc (cell (r, "isrc"));
  r->e.upc = normal_upc (r, cell (r, "upc"));
  r->e.title = keep (cell (r, "title"));
  r->e.artist = keep (cell (r, "artist"));
  r->e.kind = is_download_store (r->e.store) || g_strcmp0 (type, "Album") == 0
              ? TM_EARNING_DOWNLOAD : TM_EARNING_STREAM;
  memcpy (r->e.currency, "USD", 4);
  r->e.basis = TM_EARNING_GROSS;
  if (team != NULL)
    {
      gint64 percent;

      /* Earnings (USD) already is this account's Team Percentage. */
      if (tm_money_parse (team, &percent, NULL) && percent > 0
          && percent < 100 * TM_MONEY_ONE)
        {
          r->e.basis = TM_EARNING_AFTER_SPLIT;
          r->e.upstream_share_bp = (guint) ((percent * 100 + TM_MONEY_ONE / 2) / TM_MONEY_ONE);
        }
    }
  return TRUE;
}

static gboolean
read_tunecore (Reader *r)
{
  const char *type = cell (r, "sales type");
  const char *release_type = cell (r, "release type");

  if (!set_period (r, cell (r, "sales period"), TRUE)
      || !set_quantity (r, cell (r, "# units sold"))
      || !set_amount (r, _("net sales"), cell (r, "net sales"), &r->e.source_amount))
    return FALSE;
  set_currency (r->e.source_currency, cell (r, "net sales currency"));
  set_currency (r->e.currency, cell (r, "currency"));
  if (cell (r, "total earned") != NULL)
    {
      if (!set_amount (r, _("total earned"), cell (r, "total earned"), &r->e.amount))
        return FALSE;
    }
  else if (r->e.currency[0] == '\0' || g_str_equal (r->e.currency, r->e.source_currency))
    r->e.amount = r->e.source_amount;
  else
    {
      problem (r, r->record->line, _("it has no total earned in %s: the line is left out"),
               r->e.currency);
      return FALSE;
    }
  if (r->e.currency[0] == '\0')
    memcpy (r->e.currency, r->e.source_currency[0] != '\0' ? r->e.source_currency : "USD", 4);
  if (g_str_equal (r->e.currency, r->e.source_currency) && r->e.source_amount == r->e.amount)
    r->e.source_currency[0] = '\0';
  r->e.rate = keep (cell (r, "exchange rate"));
  set_reported (r, cell (r, "posted date"));
  r->e.store = keep (cell (r, "store name"));
  r->e.country = normal_country (cell (r, "country of sale"));
  r->e.isrc = normal_isrc (cell (r, "optional isrc"));
  if (r->e.isrc == NULL)
    r->e.isrc = normal_isrc (cell (r, "tc song id"));
  r->e.upc = normal_upc (r, cell (r, "optional upc"));
  if (r->e.upc == NULL)
    r->e.upc = normal_upc (r, cell (r, "upc"));
  r->e.title = keep (g_strcmp0 (release_type, "Album") == 0 || cell (r, "song title") == NULL
                     ? cell (r, "release title") : cell (r, "song title"));
  r->e.artist = keep (cell (r, "artist"));
  r->e.kind = type != NULL && g_ascii_strncasecmp (type, "stream", 6) == 0 ? TM_EARNING_STREAM
              : type != NULL && g_ascii_strncasecmp (type, "download", 8) == 0
              ? TM_EARNING_DOWNLOAD : TM_EARNING_OTHER;
  r->e.basis = TM_EARNING_GROSS;
  return TRUE;
}

static gboolean
read_cdbaby (Reader *r)
{
  const char *type = cell (r, "transaction type");

  if (!set_period (r, cell (r, "sales date"), FALSE)
      || !set_quantity (r, cell (r, "quantity"))
      || !set_amount (r, _("subtotal"), cell (r, "subtotal"), &r->e.amount))
    return FALSE;
  set_reported (r, cell (r, "report date"));
  r->e.store = keep (cell (r, "partner name"));
  r->e.country = normal_country (cell (r, "delivery country"));
  r->e.isrc = normal_isrc (cell (r, "isrc"));
  r->e.upc = normal_upc (r, cell (r, "barcode"));
  r->e.title = keep (cell (r, "track name") != NULL ? cell (r, "track name")
                                                     : cell (r, "album name"));
  r->e.artist = keep (cell (r, "artist name"));
  r->e.kind = g_strcmp0 (type, "Stream") == 0 ? TM_EARNING_STREAM
              : g_strcmp0 (type, "Download") == 0 ? TM_EARNING_DOWNLOAD : TM_EARNING_OTHER;
  memcpy (r->e.currency, "USD", 4);
  r->e.basis = TM_EARNING_AFTER_FEES;
  return TRUE;
}

/* Bandcamp writes "*" for a fee still pending and "n/a" for none known. */
static gboolean
unknown_amount (const char *text)
{
  return text != NULL && (g_str_equal (text, "*") || g_ascii_strcasecmp (text, "n/a") == 0);
}

static gboolean
read_bandcamp (Reader *r)
{
  const char *type = cell (r, "item type");
  const char *net = column (r, "net amount") >= 0 ? cell (r, "net amount")
                                                 : cell (r, "amount you received");
  const char *date = cell_of (r, "date", "order date");
  gboolean back = type != NULL && (g_ascii_strcasecmp (type, "refund") == 0
                                   || g_ascii_strcasecmp (type, "reversal") == 0);

  if (unknown_amount (net))
    {
      problem (r, r->record->line,
               _("its payment is still pending (its amount is “%s”): the line is left out "
                 "until a later report"), net);
      return FALSE;
    }
  if (!set_period (r, date, FALSE)
      || !set_amount (r, _("net amount"), net, &r->e.amount))
    return FALSE;
  if (cell (r, "quantity") != NULL && !set_quantity (r, cell (r, "quantity")))
    return FALSE;
  set_currency (r->e.currency, cell (r, "currency"));
  if (r->e.currency[0] == '\0')
    {
      problem (r, r->record->line, _("it has no currency: the line is left out"));
      return FALSE;
    }
  if (back)
    {
      /* Refunds and reversals take money back, whichever sign they are written with. */
      if (r->e.amount > 0)
        r->e.amount = -r->e.amount;
      if (r->e.quantity > 0)
        r->e.quantity = -r->e.quantity;
    }
  r->e.store = g_strdup ("Bandcamp");
  r->e.country = normal_country (cell_of (r, "country code", "ship to country code"));
  r->e.isrc = normal_isrc (cell (r, "isrc"));
  r->e.upc = normal_upc (r, cell (r, "upc"));
  r->e.title = keep (cell (r, "item name"));
  r->e.artist = keep (cell (r, "artist"));
  r->e.kind = type != NULL && g_ascii_strcasecmp (type, "payout") == 0 ? TM_EARNING_PAYOUT
              : type != NULL && (g_ascii_strcasecmp (type, "album") == 0
                                 || g_ascii_strcasecmp (type, "track") == 0 || back)
              ? TM_EARNING_DOWNLOAD : TM_EARNING_OTHER;
  r->e.basis = TM_EARNING_AFTER_FEES;
  return TRUE;
}

/* Header-row formats */

typedef struct
{
  TmEarningsSource   source;
  gboolean         (*read) (Reader *r);
  const char        *amount_column;           /* for a footer's check */
  const char * const required[5];
} Layout;

static const Layout layouts[] = {
  { TM_EARNINGS_DISTROKID, read_distrokid, "earnings (usd)",
    { "sale month", "store", "quantity", "earnings (usd)", NULL } },
  { TM_EARNINGS_TUNECORE, read_tunecore, "total earned",
    { "sales period", "store name", "# units sold", "net sales", NULL } },
  { TM_EARNINGS_CDBABY, read_cdbaby, "subtotal",
    { "sales date", "quantity", "subtotal", "partner name", NULL } },
  { TM_EARNINGS_BANDCAMP, read_bandcamp, "net amount",
    { "item type", "currency", NULL } },
};

static TmEarningsSource
detect (GHashTable *columns)
{
#define HAS(name) g_hash_table_contains (columns, name)
  if (HAS ("tc song id") || HAS ("optional isrc"))
    return TM_EARNINGS_TUNECORE;
  if (HAS ("cdbabysku") || (HAS ("report date") && HAS ("partner name")))
    return TM_EARNINGS_CDBABY;
  if (HAS ("item type") && (HAS ("bandcamp transaction id") || HAS ("net amount")
                            || HAS ("amount you received")))
    return TM_EARNINGS_BANDCAMP;
  if (HAS ("sale month") && HAS ("store") && HAS ("earnings (usd)"))
    return TM_EARNINGS_DISTROKID;
#undef HAS
  return TM_EARNINGS_UNKNOWN;
}

static gboolean
is_footer (Reader *r)
{
  const char *first = cell_at (r, 0);

  return first != NULL && (g_ascii_strcasecmp (first, "total") == 0
                           || g_ascii_strcasecmp (first, "totals") == 0
                           || g_ascii_strcasecmp (first, "grand total") == 0);
}

static void
check_footer (Reader       *r,
              const Layout *layout)
{
  const char *text = cell (r, layout->amount_column);
  gint64 said, *sum;
  char currency[4] = "USD";

  if (column (r, "currency") >= 0)
    set_currency (currency, cell (r, "currency"));
  if (text == NULL || !tm_money_parse (text, &said, NULL))
    return;
  sum = g_hash_table_lookup (r->totals, currency);
  if ((sum != NULL ? *sum : 0) != said)
    {
      g_autofree char *lines = tm_money_format_exact (sum != NULL ? *sum : 0);
      g_autofree char *total = tm_money_format_exact (said);

      problem (r, r->record->line,
               _("its total says %s %s, but the lines above it add up to %s %s"),
               total, currency, lines, currency);
    }
}

static void
add_to_total (Reader *r)
{
  gint64 *sum = g_hash_table_lookup (r->totals, r->e.currency);

  if (sum == NULL)
    {
      sum = g_new0 (gint64, 1);
      g_hash_table_insert (r->totals, g_strdup (r->e.currency), sum);
    }
  *sum += r->e.amount;
}

static gboolean
give (Reader   *r,
      GError  **error)
{
  gboolean ok;

  r->e.line = r->record->line;
  ok = r->line_func (&r->e, r->data, error);
  tm_earning_clear (&r->e);
  return ok;
}

static gboolean
read_rows (Reader            *r,
           TmEarningsSource   source,
           TmEarningsSource  *found,
           GError           **error)
{
  const Layout *layout = NULL;
  g_autoptr(GString) missing = NULL;

  /* The header: names trimmed, in lower case, a mark or NULs left by a
   * misread encoding taken off. */
  r->record = tm_report_reader_next (r->reader, error);
  if (r->record == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is empty."), r->path);
      return FALSE;
    }
  for (guint i = 0; i < r->record->cells->len; i++)
    {
      const char *name = g_ptr_array_index (r->record->cells, i);
      g_autofree char *clean = NULL;

      if (g_str_has_prefix (name, "\xEF\xBB\xBF"))
        name += 3;
      clean = g_utf8_strdown (name, -1);
      g_strstrip (clean);
      if (*clean != '\0' && !g_hash_table_contains (r->columns, clean))
        g_hash_table_insert (r->columns, g_steal_pointer (&clean), GINT_TO_POINTER (i + 1));
    }

  if (source == TM_EARNINGS_UNKNOWN)
    source = detect (r->columns);
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i].source == source)
      layout = &layouts[i];
  if (layout == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a report TuneMantra can read: its first line has the columns "
                     "of no DistroKid, TuneCore, CD Baby or Bandcamp report, and it is not a "
                     "DDEX sales report. Import the report as the service gave it."), r->path);
      return FALSE;
    }
  *found = source;

  missing = g_string_new (NULL);
  for (guint i = 0; layout->required[i] != NULL; i++)
    if (!g_hash_table_contains (r->columns, layout->required[i]))
      g_string_append_printf (missing, "%s“%s”", missing->len > 0 ? ", " : "",
                              layout->required[i]);
  if (source == TM_EARNINGS_BANDCAMP && !g_hash_table_contains (r->columns, "net amount")
      && !g_hash_table_contains (r->columns, "amount you received"))
    g_string_append_printf (missing, "%s“net amount”", missing->len > 0 ? ", " : "");
  if (source == TM_EARNINGS_BANDCAMP && !g_hash_table_contains (r->columns, "date")
      && !g_hash_table_contains (r->columns, "order date"))
    g_string_append_printf (missing, "%s“date”", missing->len > 0 ? ", " : "");
  if (missing->len > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a %s report as TuneMantra knows it: it has no column %s. "
                     "Import the report as %s gave it."), r->path,
                   tm_earnings_source_get_label (source), missing->str,
                   tm_earnings_source_get_label (source));
      return FALSE;
    }

  while ((r->record = tm_report_reader_next (r->reader, error)) != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        return FALSE;
      if (r->record->problem != NULL)
        {
          problem (r, r->record->line, _("%s; the line is left out"), r->record->problem);
          continue;
        }
      if (r->record->cells->len == 1 && cell_at (r, 0) == NULL)
        continue;
      if (is_footer (r))
        {
          check_footer (r, layout);
          continue;
        }
      if (!layout->read (r))
        {
          tm_earning_clear (&r->e);
          continue;
        }
      if (r->e.kind != TM_EARNING_PAYOUT)
        add_to_total (r);
      if (!give (r, error))
        return FALSE;
    }
  return error == NULL || *error == NULL;
}

/* DDEX DSR flat files */

typedef struct
{
  guint64  line;
  char    *territory;
  char    *service;
  char     currency[4];
  char     source_currency[4];
  char    *rate;
  gint64   revenue;
  gint64   usages_said;
  gboolean has_usages;
  gint64   usages;          /* of its usage lines */
  gint64   given_usages;    /* in the second reading, so far */
} Summary;

static void
summary_free (Summary *s)
{
  g_free (s->territory);
  g_free (s->service);
  g_free (s->rate);
  g_free (s);
}

typedef struct
{
  char *id;
  char *title;
  char *artist;
} Item;

static void
item_free (Item *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item->artist);
  g_free (item);
}

/* The first value of a DSR cell (values are separated by bare pipes), with
 * its escapes undone: "A \\| B|C" is "A | B". */
static char *
dsr_text (const char *cell)
{
  GString *s;

  if (cell == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = cell; *p != '\0' && *p != '|'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          if (*p == '\\' && p[1] == '|')
            p++;
        }
      g_string_append_c (s, *p);
    }
  {
    g_autofree char *text = g_string_free (s, FALSE);

    return keep (text);
  }
}

/* "SU02.02" → "SU02" */
static char *
record_type (const char *cell)
{
  const char *dot = strchr (cell, '.');

  return g_strndup (cell, dot != NULL ? (gsize) (dot - cell) : strlen (cell));
}

static Summary *
find_summary (GHashTable *summaries,
              const char *id)
{
  Summary *s;

  if (id == NULL)
    return NULL;
  if ((s = g_hash_table_lookup (summaries, id)) != NULL)
    return s;
  /* Real files point at "SY1" for a summary whose id is "1". */
  while (*id != '\0' && !g_ascii_isdigit (*id))
    id++;
  return *id != '\0' ? g_hash_table_lookup (summaries, id) : NULL;
}

static gboolean
dsr_count (Reader      *r,
           const char  *text,
           gint64      *count)
{
  g_autoptr(GError) error = NULL;

  if (!tm_money_parse_count (text, count, &error))
    {
      problem (r, r->record->line, _("its usages: %s; the line is left out"), error->message);
      return FALSE;
    }
  return TRUE;
}

/* The usages of an SU record: SU01 has Usages (less Returns), SU02 NumberOfStreams. */
static gboolean
dsr_usages (Reader     *r,
            const char *type,
            gint64     *usages)
{
  gint64 returns = 0;

  if (g_str_equal (type, "SU01"))
    return dsr_count (r, cell_at (r, 8), usages)
           && dsr_count (r, cell_at (r, 9), &returns)
           && (*usages -= returns, TRUE);
  return dsr_count (r, cell_at (r, 7), usages);
}

static gboolean
read_dsr (Reader            *r,
          GError           **error)
{
  g_autoptr(GHashTable) summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) summary_free);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) item_free);
  g_autoptr(GHashTable) blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *period = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *block = NULL;
  gint64 foot[6] = { -1, -1, -1, -1, -1, -1 };
  guint64 foot_line = 0, records = 0, comments = 0, n_summaries = 0;
  gboolean head = FALSE;

  /* First reading: the head, the summaries, and the usages that point at each. */
  while ((r->record = tm_report_reader_next (r->reader, error)) != NULL)
    {
      g_autofree char *type = NULL;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        return FALSE;
      if (r->record->problem != NULL || cell_at (r, 0) == NULL)
        {
          records++;
          continue;
        }
      if (cell_at (r, 0)[0] == '#')
        {
          comments++;
          continue;
        }
      records++;
      type = record_type (cell_at (r, 0));

      if (g_str_equal (type, "HEAD") && head)
        problem (r, r->record->line, _("a second HEAD record; only the first is read"));
      else if (g_str_equal (type, "HEAD"))
        {
          guint y, m, d;

          head = TRUE;
          if (parse_date (cell_at (r, 8), &y, &m, &d))
            period = g_strdup_printf ("%04u-%02u", y, m);
          if (parse_date (cell_at (r, 5), &y, &m, &d))
            reported = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
        }
      else if (g_str_has_prefix (type, "SY") && cell_at (r, 1) != NULL)
        {
          Summary *s = g_new0 (Summary, 1);
          gboolean allocated = g_str_equal (type, "SY02") && cell_at (r, 16) != NULL;
          const char *revenue = allocated ? cell_at (r, 16) : cell_at (r, 11);
          g_autoptr(GError) money_error = NULL;

          n_summaries++;
          s->line = r->record->line;
          s->territory = normal_country (cell_at (r, 6));
          s->service = dsr_text (cell_at (r, 7) != NULL ? cell_at (r, 7) : cell_at (r, 2));
          set_currency (s->currency, cell_at (r, 10));
          set_currency (s->source_currency, cell_at (r, g_str_equal (type, "SY02") ? 19 : 13));
          s->rate = dsr_text (cell_at (r, g_str_equal (type, "SY02") ? 20 : 14));
          s->has_usages = cell_at (r, 8) != NULL
                          && tm_money_parse_count (cell_at (r, 8), &s->usages_said, NULL);
          if (revenue != NULL && !tm_money_parse (revenue, &s->revenue, &money_error))
            {
              problem (r, r->record->line,
                       _("its summary’s revenue: %s; its lines are given no money"),
                       money_error->message);
              s->revenue = 0;
            }
          if (s->currency[0] == '\0')
            memcpy (s->currency, s->source_currency[0] != '\0' ? s->source_currency : "USD", 4);
          if (g_hash_table_contains (summaries, cell_at (r, 1)))
            problem (r, r->record->line, _("a second summary has the id “%s”; it is left out"),
                     cell_at (r, 1));
          else
            {
              g_hash_table_insert (summaries, g_strdup (cell_at (r, 1)), s);
              s = NULL;
            }
          if (s != NULL)
            summary_free (s);
        }
      else if (g_str_has_prefix (type, "SU") && cell_at (r, 1) != NULL)
        {
          Summary *s = find_summary (summaries, cell_at (r, 2));
          gint64 usages;

          g_hash_table_add (blocks, g_strdup (cell_at (r, 1)));
          if (s != NULL && dsr_usages (r, type, &usages))
            s->usages += usages;
        }
      else if (g_str_equal (type, "FOOT"))
        {
          foot_line = r->record->line;
          for (guint i = 1; i < 6; i++)
            if (cell_at (r, i) == NULL || !tm_money_parse_count (cell_at (r, i), &foot[i], NULL))
              foot[i] = -1;
        }
      else if (cell_at (r, 1) != NULL && (g_str_has_prefix (type, "RE")
                                          || g_str_has_prefix (type, "AS")
                                          || g_str_has_prefix (type, "MW")))
        g_hash_table_add (blocks, g_strdup (cell_at (r, 1)));
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (!head)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a DDEX sales report: it has no HEAD record."), r->path);
      return FALSE;
    }
  if (period == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not say which period it reports (its HEAD has no usage start "
                     "date)."), r->path);
      return FALSE;
    }

  /* The footer's counts, and each summary's usages, against what is there. */
  if (foot_line == 0)
    problem (r, records, _("the report has no FOOT record: it may be cut short"));
  else
    {
      if (foot[1] >= 0 && (guint64) foot[1] != records && (guint64) foot[1] != records + comments)
        problem (r, foot_line, _("its footer counts %" G_GINT64_FORMAT " lines, but the file "
                                 "has %" G_GUINT64_FORMAT), foot[1], records);
      if (foot[3] >= 0 && (guint64) foot[3] != n_summaries)
        problem (r, foot_line, _("its footer counts %" G_GINT64_FORMAT " summaries, but the "
                                 "file has %" G_GUINT64_FORMAT), foot[3], n_summaries);
      if (foot[4] >= 0 && (guint64) foot[4] != g_hash_table_size (blocks))
        problem (r, foot_line, _("its footer counts %" G_GINT64_FORMAT " blocks, but the file "
                                 "has %u"), foot[4], g_hash_table_size (blocks));
    }
  {
    GHashTableIter iter;
    Summary *s;

    g_hash_table_iter_init (&iter, summaries);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
      if (s->has_usages && s->usages_said != s->usages)
        problem (r, s->line, _("its summary counts %" G_GINT64_FORMAT " usages, but its lines "
                               "add up to %" G_GINT64_FORMAT), s->usages_said, s->usages);
  }

  /* Second reading: each usage line with its share of its summary's revenue. */
  if (!tm_report_reader_rewind (r->reader, error))
    return FALSE;
  while ((r->record = tm_report_reader_next (r->reader, error)) != NULL)
    {
      g_autofree char *type = NULL;
      Summary *s;
      gint64 usages;
      const Item *what;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        return FALSE;
      if (r->record->problem != NULL)
        {
          problem (r, r->record->line, _("%s; the line is left out"), r->record->problem);
          continue;
        }
      if (cell_at (r, 0) == NULL || cell_at (r, 0)[0] == '#' || cell_at (r, 1) == NULL)
        continue;
      type = record_type (cell_at (r, 0));

      if (g_strcmp0 (block, cell_at (r, 1)) != 0
          && (g_str_has_prefix (type, "RE") || g_str_has_prefix (type, "AS")
              || g_str_has_prefix (type, "SU") || g_str_has_prefix (type, "MW")))
        {
          /* References are local to a block. */
          g_free (block);
          block = g_strdup (cell_at (r, 1));
          g_hash_table_remove_all (items);
        }

      if (g_str_equal (type, "RE01") || g_str_has_prefix (type, "AS"))
        {
          Item *item = g_new0 (Item, 1);
          gboolean release = g_str_has_prefix (type, "RE");

          if (cell_at (r, 2) == NULL)
            {
              item_free (item);
              continue;
            }
          item->id = release ? normal_upc (r, cell_at (r, 6)) : normal_isrc (cell_at (r, 4));
          item->title = dsr_text (cell_at (r, release ? 9 : 5));
          item->artist = dsr_text (cell_at (r, 7));
          g_hash_table_replace (items, g_strdup_printf ("%c%s", release ? 'R' : 'A',
                                                        cell_at (r, 2)), item);
          continue;
        }
      if (!g_str_has_prefix (type, "SU"))
        continue;

      if (!(s = find_summary (summaries, cell_at (r, 2))))
        {
          problem (r, r->record->line, _("it points at a summary “%s” that the report does "
                                         "not have; the line is left out"),
                   cell_at (r, 2) != NULL ? cell_at (r, 2) : "");
          continue;
        }
      if (!dsr_usages (r, type, &usages))
        continue;

      {
        g_autofree char *resource = cell_at (r, 5) != NULL
                                    ? g_strdup_printf ("A%s", cell_at (r, 5)) : NULL;
        g_autofree char *release = cell_at (r, 4) != NULL
                                   ? g_strdup_printf ("R%s", cell_at (r, 4)) : NULL;

        what = resource != NULL ? g_hash_table_lookup (items, resource) : NULL;
        if (what == NULL && release != NULL)
          what = g_hash_table_lookup (items, release);
        if (what == NULL)
          problem (r, r->record->line, _("it points at a recording or release that its block "
                                         "does not have; the line is kept, matched to "
                                         "nothing"));
      }

      r->e.period = g_strdup (period);
      r->e.reported = g_strdup (reported);
      r->e.store = g_strdup (s->service);
      r->e.country = g_strdup (s->territory);
      if (what != NULL && what->id != NULL)
        {
          if (g_str_has_prefix (type, "SU") && strlen (what->id) == 12
              && !g_ascii_isdigit (what->id[0]))
            r->e.isrc = g_strdup (what->id);
          else
            r->e.upc = g_strdup (what->id);
        }
      r->e.title = g_strdup (what != NULL ? what->title : NULL);
      r->e.artist = g_strdup (what != NULL ? what->artist : NULL);
      r->e.kind = g_str_equal (type, "SU01") ? TM_EARNING_DOWNLOAD : TM_EARNING_STREAM;
      r->e.quantity = usages;
      memcpy (r->e.currency, s->currency, 4);
      r->e.rate = g_strdup (s->rate);
      r->e.basis = TM_EARNING_ALLOCATED;
      if (s->usages > 0)
        {
          if (!tm_money_allocate (s->revenue, s->given_usages, usages, s->usages, &r->e.amount))
            r->e.amount = 0;
        }
      s->given_usages += usages;
      if (!give (r, error))
        return FALSE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  /* Revenue no usage line can carry is kept as a line of its own. */
  {
    GHashTableIter iter;
    Summary *s;

    g_hash_table_iter_init (&iter, summaries);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
      if (s->usages <= 0 && s->revenue != 0)
        {
          r->e.line = s->line;
          r->e.period = g_strdup (period);
          r->e.reported = g_strdup (reported);
          r->e.store = g_strdup (s->service);
          r->e.country = g_strdup (s->territory);
          r->e.kind = TM_EARNING_OTHER;
          r->e.quantity = s->usages_said;
          r->e.amount = s->revenue;
          memcpy (r->e.currency, s->currency, 4);
          r->e.rate = g_strdup (s->rate);
          r->e.basis = TM_EARNING_GROSS;
          if (!r->line_func (&r->e, r->data, error))
            {
              tm_earning_clear (&r->e);
              return FALSE;
            }
          tm_earning_clear (&r->e);
        }
  }
  return TRUE;
}

/**
 * tm_earnings_read:
 * @source: the report's source, or %TM_EARNINGS_UNKNOWN to tell it from the
 *   first line
 * @found: (out): the source it was read as
 * @line_func: given each line, in order
 * @problem_func: given each line left out, and each total that does not match
 *
 * Reads a report to the end, in bounded memory (a DDEX report keeps its
 * summaries, and the references of one block).
 */
gboolean
tm_earnings_read (const char             *path,
                  TmEarningsSource        source,
                  TmEarningsSource       *found,
                  TmEarningsLineFunc      line_func,
                  TmEarningsProblemFunc   problem_func,
                  gpointer                data,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autoptr(TmReportReader) reader = NULL;
  g_autoptr(GHashTable) columns = NULL;
  g_autoptr(GHashTable) totals = NULL;
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL && found != NULL, FALSE);

  if (!(reader = tm_report_reader_new (path, error)))
    return FALSE;
  columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r.path = path;
  r.reader = reader;
  r.line_func = line_func;
  r.problem_func = problem_func;
  r.data = data;
  r.cancellable = cancellable;
  r.columns = columns;
  r.totals = totals;

  if (source == TM_EARNINGS_DSR
      || (source == TM_EARNINGS_UNKNOWN
          && tm_report_reader_get_dialect (reader) == TM_REPORT_DSR))
    {
      tm_report_reader_set_dialect (reader, TM_REPORT_DSR);
      *found = TM_EARNINGS_DSR;
      ok = read_dsr (&r, error);
    }
  else
    ok = read_rows (&r, source, found, error);
  tm_earning_clear (&r.e);
  return ok;
}
