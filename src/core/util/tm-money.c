/* tm-money.c: amounts of money as exact integers
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reports write amounts as decimal text ("0.007483664425", "-3.50",
 * "(1,204.10)"). They are read here into integers of 10⁻¹⁰ of the currency,
 * added as integers, and rounded once, when shown. Digits beyond the tenth
 * decimal are rounded half to even (the error over a million lines stays under
 * a ten-thousandth of a cent). Anything else a spreadsheet may have made of a
 * number (an exponent, a decimal comma, two signs) is refused with what it
 * was, never guessed at. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tm-money.h"
#include "tm-text.h"

static gboolean
refuse (GError    **error,
        const char *text,
        const char *why)
{
  g_autofree char *shown = tm_text_from_outside (text, 40);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not %s"), shown, why);
  return FALSE;
}

/* Whether @digits (commas allowed) groups its thousands as 1,234,567 does. */
static gboolean
grouped_right (const char *start,
               const char *end)
{
  const char *comma = memchr (start, ',', end - start);
  gsize run = 0;

  if (comma == NULL)
    return TRUE;
  if (comma - start < 1 || comma - start > 3)
    return FALSE;
  for (const char *p = comma; p < end; p++)
    {
      if (*p == ',')
        {
          if (p != comma && run != 3)
            return FALSE;
          run = 0;
        }
      else
        run++;
    }
  return run == 3;
}

/**
 * tm_money_parse:
 * @text: an amount as a report writes it: an optional sign (or parentheses
 *   around it), digits with thousands grouped by commas or not, a decimal point
 *   and any number of decimals
 * @units: (out): the amount in 10⁻¹⁰ of its currency
 *
 * Returns: whether @text is such an amount, within ±920 million
 */
gboolean
tm_money_parse (const char  *text,
                gint64      *units,
                GError     **error)
{
  const char *p, *end, *int_start, *int_end;
  gboolean negative = FALSE, parens = FALSE;
  guint64 whole = 0, fraction = 0;
  guint decimals = 0;
  int next_digit = -1;
  gboolean sticky = FALSE;
  guint64 value;

  g_return_val_if_fail (units != NULL, FALSE);

  if (text == NULL)
    return refuse (error, "", _("an amount"));
  p = text;
  end = text + strlen (text);
  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  if (p < end && *p == '(' && end[-1] == ')')
    {
      parens = negative = TRUE;
      p++;
      end--;
    }
  if (p < end && (*p == '-' || *p == '+'))
    {
      if (parens)
        return refuse (error, text, _("an amount"));
      negative = *p == '-';
      p++;
    }

  int_start = p;
  while (p < end && (g_ascii_isdigit (*p) || *p == ','))
    p++;
  int_end = p;
  if (int_end == int_start && !(p < end && *p == '.'))
    return refuse (error, text, _("an amount"));
  if (!grouped_right (int_start, int_end))
    return refuse (error, text, _("an amount (a comma that does not group thousands)"));
  for (const char *q = int_start; q < int_end; q++)
    {
      if (*q == ',')
        continue;
      if (whole > (G_MAXINT64 / TM_MONEY_ONE))
        return refuse (error, text, _("an amount TuneMantra can add up (too large)"));
      whole = whole * 10 + (guint64) (*q - '0');
    }

  if (p < end && *p == '.')
    {
      p++;
      if (p == end && int_end == int_start)
        return refuse (error, text, _("an amount"));
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (decimals < TM_MONEY_DECIMALS)
            {
              fraction = fraction * 10 + (guint64) (*p - '0');
              decimals++;
            }
          else if (next_digit < 0)
            next_digit = *p - '0';
          else if (*p != '0')
            sticky = TRUE;
        }
    }
  if (p != end)
    return refuse (error, text, *p == 'e' || *p == 'E'
                   ? _("an amount (it was written in scientific notation, perhaps by a "
                       "spreadsheet: export the report again without opening it)")
                   : _("an amount"));

  for (; decimals < TM_MONEY_DECIMALS; decimals++)
    fraction *= 10;
  if (whole > (guint64) (G_MAXINT64 / TM_MONEY_ONE) - 1)
    return refuse (error, text, _("an amount TuneMantra can add up (too large)"));
  value = whole * (guint64) TM_MONEY_ONE + fraction;
  /* Half to even on what is beyond the tenth decimal. */
  if (next_digit > 5 || (next_digit == 5 && (sticky || (value & 1))))
    value++;
  *units = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

/**
 * tm_money_parse_count:
 * @count: (out): a number of streams or units, which may be negative (returns)
 *
 * Reads a whole number as reports write it ("1204", "1,204", "-2", "3.0").
 */
gboolean
tm_money_parse_count (const char  *text,
                      gint64      *count,
                      GError     **error)
{
  gint64 units;

  if (text == NULL || *text == '\0')
    {
      *count = 0;
      return TRUE;
    }
  if (!tm_money_parse (text, &units, NULL) || units % TM_MONEY_ONE != 0)
    return refuse (error, text, _("a whole number"));
  *count = units / TM_MONEY_ONE;
  return TRUE;
}

/**
 * tm_money_format:
 * @decimals: how many to show (2 for cents), rounded half to even; at most 10
 *
 * Returns: (transfer full): "-1234.57"
 */
char *
tm_money_format (gint64 units,
                 guint  decimals)
{
  guint64 magnitude = units < 0 ? (guint64) 0 - (guint64) units : (guint64) units;
  guint64 step = 1, whole, fraction, rest;

  decimals = MIN (decimals, TM_MONEY_DECIMALS);
  for (guint i = decimals; i < TM_MONEY_DECIMALS; i++)
    step *= 10;
  rest = magnitude % step;
  magnitude /= step;
  if (rest * 2 > step || (rest * 2 == step && (magnitude & 1)))
    magnitude++;

  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, units < 0 && magnitude > 0 ? "-" : "",
                            magnitude);
  {
    guint64 scale = 1;

    for (guint i = 0; i < decimals; i++)
      scale *= 10;
    whole = magnitude / scale;
    fraction = magnitude % scale;
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                            units < 0 && magnitude > 0 ? "-" : "", whole, (int) decimals,
                            fraction);
  }
}

/**
 * tm_money_format_exact:
 *
 * Returns: (transfer full): every decimal there is, at least two: "0.0074836644"
 */
char *
tm_money_format_exact (gint64 units)
{
  char *text = tm_money_format (units, TM_MONEY_DECIMALS);
  gsize n = strlen (text);
  const char *point = strchr (text, '.');

  while (n > 0 && text[n - 1] == '0' && (gsize) (point - text) + 3 < n)
    text[--n] = '\0';
  return text;
}

/* floor (a × b / c) in 128 bits, for c > 0; FALSE if it does not fit. */
static gboolean
mul_div_floor (gint64  a,
               gint64  b,
               gint64  c,
               gint64 *out)
{
  __int128 product = (__int128) a * b;
  __int128 q = product / c;

  if (product % c != 0 && (product < 0))
    q--;
  if (q > G_MAXINT64 || q < G_MININT64)
    return FALSE;
  *out = (gint64) q;
  return TRUE;
}

/**
 * tm_money_allocate:
 * @total: an amount to share out in proportion to parts of @whole
 * @part_so_far: the parts given a share before this one
 * @part: this one's part
 * @whole: all the parts (> 0)
 * @share: (out): this part's share
 *
 * Shares @total pro rata, one part after another, so that the shares always
 * add up to @total exactly: each is the difference of the running total's
 * rounded values (floor (total × parts up to it ÷ whole) less the same before
 * it), and is within one unit of its exact share. Needs no part but the ones
 * before, so a report of millions of lines is shared out as it is read.
 */
gboolean
tm_money_allocate (gint64  total,
                   gint64  part_so_far,
                   gint64  part,
                   gint64  whole,
                   gint64 *share)
{
  gint64 before, after;

  g_return_val_if_fail (whole > 0, FALSE);

  if (!mul_div_floor (total, part_so_far, whole, &before)
      || !mul_div_floor (total, part_so_far + part, whole, &after))
    return FALSE;
  *share = after - before;
  return TRUE;
}

/**
 * tm_money_split:
 * @total: what to split, in any unit (cents for a statement)
 * @weights: each one's weight (basis points of a share)
 * @n: how many
 * @shares: (out caller-allocates) (array length=n): each one's part of @total
 *
 * The largest-remainder method: each gets the floor of its exact part, and
 * what is left (fewer units than there are people) goes a unit at a time to
 * the largest remainders, the first listed first among equals. The shares add
 * up to @total: no unit is made or lost. A negative total is split as its
 * magnitude and given back negative.
 */
gboolean
tm_money_split (gint64       total,
                const guint *weights,
                guint        n,
                gint64      *shares)
{
  guint64 sum = 0;
  gint64 magnitude = total < 0 ? -total : total, given = 0;
  g_autofree __int128 *remainders = NULL;

  g_return_val_if_fail (n > 0 && total != G_MININT64, FALSE);

  for (guint i = 0; i < n; i++)
    sum += weights[i];
  if (sum == 0)
    return FALSE;

  remainders = g_new (__int128, n);
  for (guint i = 0; i < n; i++)
    {
      __int128 exact = (__int128) magnitude * weights[i];

      shares[i] = (gint64) (exact / sum);
      remainders[i] = exact % sum;
      given += shares[i];
    }
  while (given < magnitude)
    {
      guint best = 0;

      for (guint i = 1; i < n; i++)
        if (remainders[i] > remainders[best])
          best = i;
      shares[best]++;
      remainders[best] = -1;
      given++;
    }
  if (total < 0)
    for (guint i = 0; i < n; i++)
      shares[i] = -shares[i];
  return TRUE;
}
