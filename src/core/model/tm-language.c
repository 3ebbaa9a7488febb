/* tm-language.c: languages as codes (ISO 639, BCP 47 tags)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A release's language goes into the DDEX message, the platforms' forms and
 * the smart link page's <html lang>, so it is a code, never free text: a BCP 47
 * tag whose language is one of ISO 639-2 (the list comes from the iso-codes
 * package at build time), with an optional script, region and variants, in
 * the canonical case ("en", "pt-BR", "zh-Hant-TW", "zxx" for no lyrics). */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tm-language.h"

#include "tm-languages-table.h"

const TmLanguage *
tm_language_get_all (guint *n_languages)
{
  *n_languages = G_N_ELEMENTS (languages);
  return languages;
}

/**
 * tm_language_find:
 * @code: an ISO 639-1 or ISO 639-2 code (T or B), any case
 *
 * Returns: (nullable): the language, or %NULL if no language has that code
 */
const TmLanguage *
tm_language_find (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if ((languages[i].alpha_2 != NULL && g_ascii_strcasecmp (code, languages[i].alpha_2) == 0)
        || g_ascii_strcasecmp (code, languages[i].alpha_3) == 0
        || g_ascii_strcasecmp (code, languages[i].bibliographic) == 0)
      return &languages[i];
  return NULL;
}

/* The shortest code, as BCP 47 wants. */
const char *
tm_language_get_code (const TmLanguage *language)
{
  return language->alpha_2 != NULL ? language->alpha_2 : language->alpha_3;
}

/* The name in the user's language, where iso-codes has a translation. */
const char *
tm_language_get_name (const TmLanguage *language)
{
  return g_dgettext ("iso_639-2", language->name);
}

static gboolean
all (const char *s,
     gboolean  (*is) (gchar))
{
  for (; *s != '\0'; s++)
    if (!is (*s))
      return FALSE;
  return TRUE;
}

static gboolean is_alpha (gchar c) { return g_ascii_isalpha (c); }
static gboolean is_digit (gchar c) { return g_ascii_isdigit (c); }
static gboolean is_alnum (gchar c) { return g_ascii_isalnum (c); }

/**
 * tm_language_tag_normalize:
 * @tag: a language tag such as "en", "EN-us", "pt-BR", "sr-Latn"
 *
 * Returns: (transfer full): the tag in canonical case, with the language's
 *   shortest code, or %NULL with an error for anything else
 */
char *
tm_language_tag_normalize (const char  *tag,
                           GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const TmLanguage *language;
  guint i = 1;

  if (tag == NULL || *tag == '\0' || strlen (tag) > 35)
    goto invalid;
  parts = g_strsplit (tag, "-", -1);
  if (!all (parts[0], is_alpha) || (language = tm_language_find (parts[0])) == NULL)
    goto invalid;
  g_string_append (out, tm_language_get_code (language));

  /* script: 4 letters, Title case */
  if (parts[i] != NULL && strlen (parts[i]) == 4 && all (parts[i], is_alpha))
    {
      g_string_append_printf (out, "-%c", g_ascii_toupper (parts[i][0]));
      for (guint k = 1; k < 4; k++)
        g_string_append_c (out, g_ascii_tolower (parts[i][k]));
      i++;
    }
  /* region: 2 letters (upper case) or 3 digits */
  if (parts[i] != NULL && ((strlen (parts[i]) == 2 && all (parts[i], is_alpha))
                           || (strlen (parts[i]) == 3 && all (parts[i], is_digit))))
    {
      g_autofree char *upper = g_ascii_strup (parts[i], -1);

      g_string_append_printf (out, "-%s", upper);
      i++;
    }
  /* variants: 5 to 8 letters or digits, or a digit and 3 more */
  for (; parts[i] != NULL; i++)
    {
      gsize n = strlen (parts[i]);
      g_autofree char *lower = g_ascii_strdown (parts[i], -1);

      if (!all (parts[i], is_alnum)
          || !((n >= 5 && n <= 8) || (n == 4 && g_ascii_isdigit (parts[i][0]))))
        goto invalid;
      g_string_append_printf (out, "-%s", lower);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);

invalid:
  {
    /* At most 40 bytes of it: make_valid() reads all max_len bytes, so never
     * more than the string has. */
    const char *text = tag != NULL ? tag : "";
    g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 40));

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a language code. Use an ISO 639 code such as en, fr or pt-BR "
                   "(zxx for music without words)."), shown);
  }
  return NULL;
}
