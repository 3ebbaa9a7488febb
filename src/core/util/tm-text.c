/* tm-text.c: characters no field of a release may hold
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Text reaches a DDEX message (XML 1.0 refuses C0 controls and U+FFFE/U+FFFF),
 * CSV files, HTML pages and platforms' forms. Some characters are invisible
 * there or change what the text around them says: controls, DEL and the C1
 * controls, bidirectional embeddings, overrides and isolates (a title that
 * reads differently from what it holds), line and paragraph separators, and
 * the byte-order mark. A field that holds one is refused where it is typed,
 * with the field named; text that arrives with them (tags, file names) is
 * cleaned, and the user told. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "tm-text.h"

/**
 * tm_text_char_is_forbidden:
 * @multiline: whether the field takes several lines (newline and tab allowed)
 */
gboolean
tm_text_char_is_forbidden (gunichar c,
                           gboolean multiline)
{
  if (c < 0x20)
    return !(multiline && (c == '\n' || c == '\t'));
  return (c >= 0x7F && c <= 0x9F)          /* DEL and the C1 controls */
         || (c >= 0x202A && c <= 0x202E)   /* bidirectional embeddings and overrides */
         || (c >= 0x2066 && c <= 0x2069)   /* bidirectional isolates */
         || c == 0x2028 || c == 0x2029     /* line and paragraph separators */
         || c == 0xFEFF                    /* byte-order mark */
         || (c >= 0xFFF9 && c <= 0xFFFB)   /* interlinear annotations */
         || c == 0xFFFE || c == 0xFFFF;    /* not characters; refused by XML */
}

/**
 * tm_text_check:
 * @field: the field's name, for the message
 *
 * Returns: whether @text is valid UTF-8 without a forbidden character; if not,
 *   an error that names the field, the character and where it is
 */
gboolean
tm_text_check (const char  *field,
               const char  *text,
               gboolean     multiline,
               GError     **error)
{
  const char *end = NULL;
  guint position = 1;

  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, &end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not valid UTF-8 text (after %u characters)."), field,
                   (guint) g_utf8_strlen (text, end - text));
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (tm_text_char_is_forbidden (c, multiline))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s holds an invisible control character (U+%04X) at character %u. "
                         "Remove it: platforms refuse such characters, and they can change "
                         "how the text reads."), field, c, position);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * tm_text_clean:
 * @changed: (out) (optional): whether anything was removed
 *
 * @text without its forbidden characters (tabs, line breaks and the
 * separators become spaces), and made valid UTF-8.
 *
 * Returns: (transfer full): the cleaned text
 */
char *
tm_text_clean (const char *text,
               gboolean    multiline,
               gboolean   *changed)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean removed = FALSE;

  if (text == NULL)
    {
      if (changed != NULL)
        *changed = FALSE;
      return NULL;
    }

  valid = g_utf8_make_valid (text, -1);
  removed = strcmp (valid, text) != 0;
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!tm_text_char_is_forbidden (c, multiline))
        g_string_append_unichar (out, c);
      else
        {
          removed = TRUE;
          if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
            g_string_append_c (out, ' ');
        }
    }
  if (changed != NULL)
    *changed = removed;
  return g_string_free (out, FALSE);
}

/**
 * tm_text_from_outside:
 * @max_chars: the most characters kept; longer text ends with "…"
 *
 * Text a server or a file gave, made fit to show and to keep: valid UTF-8, no
 * forbidden characters, and not longer than @max_chars.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for %NULL
 */
char *
tm_text_from_outside (const char *text,
                      guint       max_chars)
{
  g_autofree char *clean = tm_text_clean (text, FALSE, NULL);

  if (clean == NULL)
    return NULL;
  if (g_utf8_strlen (clean, -1) > max_chars)
    {
      char *cut = g_utf8_offset_to_pointer (clean, max_chars > 0 ? max_chars - 1 : 0);

      *cut = '\0';
      return g_strconcat (clean, "…", NULL);
    }
  return g_steal_pointer (&clean);
}

/**
 * tm_text_is_identifier:
 *
 * Whether @text is a short identifier safe in a URL path and a file name:
 * 1 to @max_length of A-Z a-z 0-9 . _ ~ : -, and not "." or "..".
 */
gboolean
tm_text_is_identifier (const char *text,
                       gsize       max_length)
{
  gsize n;

  if (text == NULL || (n = strlen (text)) == 0 || n > max_length
      || g_str_equal (text, ".") || g_str_equal (text, ".."))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._~:-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * tm_text_is_web_address:
 *
 * Whether @text is an http(s) address with a host, of reasonable length and
 * without forbidden characters: the only kind of link TuneMantra keeps.
 */
gboolean
tm_text_is_web_address (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (text == NULL || strlen (text) > 2048 || !tm_text_check ("address", text, FALSE, NULL)
      || strpbrk (text, " <>\"") != NULL)
    return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0'
         && (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0
             || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0);
}
