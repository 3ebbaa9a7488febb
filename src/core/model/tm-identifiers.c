/* tm-identifiers.c: ISRC and UPC/EAN, normalised and checked
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ISRC (ISO 3901): two letters of country, three letters or digits of
 * registrant, two digits of year, five digits of designation; written with
 * hyphens ("GB-XYZ-26-00001") but stored and delivered as twelve characters.
 * There is no check digit, and the first two letters need not be a country
 * (ISRC Bulletin 2015/01). UPC-A and EAN-13 (GS1 GTIN-12 and GTIN-13) end with a check digit: the other
 * digits weighted 3 and 1 from the right, and what brings the sum to a
 * multiple of ten. A UPC is never invented: only checked. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-identifiers.h"

G_DEFINE_QUARK (tm-identifier-error-quark, tm_identifier_error)

static char *
strip_separators (const char *text,
                  gboolean    upper)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p++)
    {
      if (*p == ' ' || *p == '-' || *p == '\t')
        continue;
      g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
    }

  return g_string_free (out, FALSE);
}

char *
tm_isrc_normalize (const char *text)
{
  return strip_separators (text, TRUE);
}

static gboolean
all (const char *s,
     gsize       n,
     gboolean  (*test) (char))
{
  for (gsize i = 0; i < n; i++)
    if (!test (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean is_upper (char c) { return c >= 'A' && c <= 'Z'; }
static gboolean is_digit (char c) { return c >= '0' && c <= '9'; }
static gboolean is_upper_or_digit (char c) { return is_upper (c) || is_digit (c); }

gboolean
tm_isrc_validate (const char  *isrc,
                  GError     **error)
{
  const char *hint = NULL;

  g_return_val_if_fail (isrc != NULL, FALSE);

  if (strlen (isrc) != 12)
    hint = _("it must have 12 letters and digits");
  else if (!all (isrc, 2, is_upper))
    hint = _("it must start with a two-letter country code");
  else if (!all (isrc + 2, 3, is_upper_or_digit))
    hint = _("characters 3 to 5 (the registrant) must be letters or digits");
  else if (!all (isrc + 5, 7, is_digit))
    hint = _("the last seven characters (year and number) must be digits");

  if (hint != NULL)
    {
      g_set_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_ISRC,
                   _("“%s” is not an ISRC: %s, as in GB-XYZ-26-00001."), isrc, hint);
      return FALSE;
    }

  return TRUE;
}

char *
tm_isrc_prefix_normalize (const char  *text,
                          GError     **error)
{
  g_autofree char *prefix = strip_separators (text, TRUE);

  if (strlen (prefix) != 5 || !all (prefix, 2, is_upper) || !all (prefix + 2, 3, is_upper_or_digit))
    {
      g_set_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_PREFIX,
                   _("“%s” is not an ISRC registrant prefix: it is a two-letter country code "
                     "and the three letters or digits your ISRC agency gave you, as in GB-XYZ."),
                   text != NULL ? text : "");
      return NULL;
    }

  return g_steal_pointer (&prefix);
}

char *
tm_isrc_build (const char *prefix,
               int         year,
               guint       designation)
{
  g_return_val_if_fail (prefix != NULL && strlen (prefix) == 5, NULL);
  g_return_val_if_fail (designation >= 1 && designation <= 99999, NULL);

  return g_strdup_printf ("%s%02d%05u", prefix, ((year % 100) + 100) % 100, designation);
}

char *
tm_gtin_normalize (const char *text)
{
  return strip_separators (text, FALSE);
}

int
tm_gtin_check_digit (const char *digits,
                     gsize       length)
{
  int sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      /* The digit just before the check digit weighs 3. */
      int weight = ((length - i) % 2 == 1) ? 3 : 1;

      if (!is_digit (digits[i]))
        return -1;
      sum += (digits[i] - '0') * weight;
    }

  return (10 - sum % 10) % 10;
}

gboolean
tm_gtin_validate (const char  *gtin,
                  GError     **error)
{
  gsize length;
  int expected;

  g_return_val_if_fail (gtin != NULL, FALSE);

  length = strlen (gtin);
  if ((length != 12 && length != 13) || !all (gtin, length, is_digit))
    {
      g_set_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_GTIN,
                   _("“%s” is not a UPC or EAN: a UPC has 12 digits and an EAN 13. Copy it "
                     "from the barcode your distributor or GS1 gave you."), gtin);
      return FALSE;
    }

  expected = tm_gtin_check_digit (gtin, length - 1);
  if (expected != gtin[length - 1] - '0')
    {
      g_set_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_INVALID_GTIN,
                   _("“%s” is not a valid %s: its last digit should be %d. Check it for a "
                     "mistyped digit."), gtin, length == 12 ? "UPC" : "EAN", expected);
      return FALSE;
    }

  return TRUE;
}
