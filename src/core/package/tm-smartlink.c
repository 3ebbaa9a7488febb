/* tm-smartlink.c: a small static page with one button per store
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* index.html and the cover, in a folder the artist can put on any web host.
 * No script, no tracking, no outside fonts: one page that works everywhere. Every
 * text from the catalog is escaped, and only http(s) store links are used. */

/* Covers are at most a few tens of MiB (platforms take 10). */
#define TM_SMARTLINK_MAX_COVER_BYTES (64 << 20)

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-smartlink.h"
#include "tm-language.h"
#include "tm-safe-file.h"
#include "tm-text.h"

static char *
escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

/* The cover, copied only if it is a regular file (never a FIFO that would
 * block, never a link written through). */
static gboolean
copy_cover (const char *from,
            const char *to)
{
  g_autofree char *data = NULL;
  gsize length;
  int fd;
  gboolean ok;

  if (!(data = tm_read_file_bounded (from, TM_SMARTLINK_MAX_COVER_BYTES, TM_OPEN_FOLLOW, &length,
                                     NULL)))
    return FALSE;
  fd = g_open (to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return FALSE;
  ok = write (fd, data, length) == (gssize) length;
  return close (fd) == 0 && ok;
}

/**
 * tm_smartlink_write:
 * @artwork: (nullable): the release's cover
 * @distributions: (element-type TmDistribution): the release's deliveries, whose
 *   store links the page lists
 * @folder: where index.html (and the cover) go; created if needed
 *
 * Returns: (transfer full): the path of index.html, or %NULL with @error
 *   (a release with no store link yet is an error that says so)
 */
char *
tm_smartlink_write (TmRelease   *release,
                    TmArtwork   *artwork,
                    GPtrArray   *distributions,
                    const char  *folder,
                    GError     **error)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *artist_raw = NULL;
  g_autofree char *artist = NULL;
  g_autofree char *cover_name = NULL;
  g_autofree char *index = NULL;
  g_autofree char *language = NULL;
  g_autofree char *language_attr = NULL;
  guint links = 0;

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create %s: %s"),
                   folder, g_strerror (errno));
      return NULL;
    }

  title = escape (tm_release_get_title (release));
  artist_raw = tm_release_get_artist (release);
  artist = escape (artist_raw);

  /* The cover beside the page, under a name of our own. */
  if (artwork != NULL && tm_artwork_get_path (artwork) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (tm_artwork_get_path (artwork), -1);
      g_autofree char *to = NULL;

      cover_name = g_strdup (g_str_has_suffix (lower, ".png") ? "cover.png" : "cover.jpg");
      to = g_build_filename (folder, cover_name, NULL);
      if (!copy_cover (tm_artwork_get_path (artwork), to))
        g_clear_pointer (&cover_name, g_free);
    }

  /* The language is a code, checked again here: a catalog from before codes
   * were required may hold anything, and it goes into an attribute. */
  language = tm_language_tag_normalize (tm_release_get_language (release), NULL);
  language_attr = escape (language != NULL ? language : "en");

  g_string_append_printf (html,
    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s – %s</title>\n"
    "<style>\n"
    "body{margin:0;font-family:system-ui,sans-serif;background:#f6f5f4;color:#241f31;"
    "display:flex;justify-content:center}\n"
    "main{max-width:420px;width:100%%;padding:32px 20px;text-align:center}\n"
    "img{width:100%%;border-radius:12px;box-shadow:0 4px 18px rgba(0,0,0,.2)}\n"
    "h1{font-size:1.5em;margin:20px 0 4px}p{margin:0 0 24px;color:#5e5c64}\n"
    "a{display:block;margin:10px 0;padding:14px;border-radius:10px;background:#fff;"
    "color:#241f31;text-decoration:none;font-weight:600;box-shadow:0 1px 3px rgba(0,0,0,.15)}\n"
    "@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#fff}"
    "a{background:#303030;color:#fff}p{color:#c0bfbc}}\n"
    "</style>\n</head>\n<body>\n<main>\n",
    language_attr, title, artist);
  if (cover_name != NULL)
    g_string_append_printf (html, "<img src=\"%s\" alt=\"%s\">\n", cover_name, title);
  g_string_append_printf (html, "<h1>%s</h1>\n<p>%s</p>\n", title, artist);

  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      const char *url = tm_distribution_get_store_url (d);
      g_autofree char *href = NULL;
      g_autofree char *name = NULL;

      if (!tm_text_is_web_address (url))
        continue;
      href = escape (url);
      name = escape (tm_distribution_get_platform_name (d));
      g_string_append_printf (html, "<a href=\"%s\" rel=\"noopener\">%s</a>\n", href, name);
      links++;
    }
  g_string_append (html, "</main>\n</body>\n</html>\n");

  if (links == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” has no store link yet. Links come from the platforms once the "
                     "release is live, or can be typed in for each platform."),
                   tm_release_get_title (release));
      return NULL;
    }

  index = g_build_filename (folder, "index.html", NULL);
  if (!g_file_set_contents (index, html->str, html->len, error))
    return NULL;
  return g_steal_pointer (&index);
}
