/* tm-smartlink.c: a small static page with one button per store
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* index.html and the cover, in a folder the artist can put on any web host.
 * No script, no tracking, no outside fonts: one page that works everywhere. Every
 * text from the catalog is escaped, and only http(s) store links are used. */

#define G_LOG_DOMAIN "tm-smartlink"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-smartlink.h"

static char *
escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

static gboolean
is_web_link (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0
                         || g_strcmp0 (g_uri_get_scheme (uri), "http") == 0);
}

/**
 * tm_smartlink_write:
 * @folder: where index.html (and the cover) go; created if needed
 *
 * Returns: (transfer full): the path of index.html, or %NULL with @error
 *   (a release with no store link yet is an error that says so)
 */
char *
tm_smartlink_write (TmCatalog   *catalog,
                    gint64       release_id,
                    const char  *folder,
                    GError     **error)
{
  g_autoptr(TmRelease) release = tm_catalog_get_release (catalog, release_id, error);
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *artist_raw = NULL;
  g_autofree char *artist = NULL;
  g_autofree char *cover_name = NULL;
  g_autofree char *index = NULL;
  guint links = 0;

  if (release == NULL
      || !(distributions = tm_catalog_list_distributions (catalog, release_id, error)))
    return NULL;
  artwork = tm_catalog_get_artwork (catalog, release_id, NULL);
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
      g_autoptr(GFile) from = g_file_new_for_path (tm_artwork_get_path (artwork));
      g_autoptr(GFile) to = NULL;

      cover_name = g_strdup (g_str_has_suffix (lower, ".png") ? "cover.png" : "cover.jpg");
      to = g_file_new_build_filename (folder, cover_name, NULL);
      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL))
        g_clear_pointer (&cover_name, g_free);
    }

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
    tm_release_get_language (release) != NULL ? tm_release_get_language (release) : "en",
    title, artist);
  if (cover_name != NULL)
    g_string_append_printf (html, "<img src=\"%s\" alt=\"%s\">\n", cover_name, title);
  g_string_append_printf (html, "<h1>%s</h1>\n<p>%s</p>\n", title, artist);

  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      const char *url = tm_distribution_get_store_url (d);
      g_autofree char *href = NULL;
      g_autofree char *name = NULL;

      if (!is_web_link (url))
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
                     "release is live, or type one with `tunemantra-cli distribution "
                     "set-status … --store-url URL`."), tm_release_get_title (release));
      return NULL;
    }

  index = g_build_filename (folder, "index.html", NULL);
  if (!g_file_set_contents (index, html->str, html->len, error))
    return NULL;
  return g_steal_pointer (&index);
}
