/* tm-import-names.c: what the names of dropped files say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which files are audio and which are images, a track's disc, number and
 * title from its file name, the cover among the images, and a new release's
 * title and type. Names come from outside: nothing here trusts them. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-import-names.h"
#include "tm-text.h"

static const char * const audio_extensions[] = {
  "wav", "wave", "flac", "aif", "aiff", "mp3", "m4a", "ogg", "opus", "wv", NULL
};
static const char * const image_extensions[] = { "jpg", "jpeg", "png", NULL };

static gboolean
has_extension (const char         *name,
               const char * const *extensions)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *lower = NULL;

  if (dot == NULL || dot == name)
    return FALSE;

  lower = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (extensions, lower);
}

gboolean
tm_import_names_is_audio (const char *name)
{
  return has_extension (name, audio_extensions);
}

gboolean
tm_import_names_is_image (const char *name)
{
  return has_extension (name, image_extensions);
}

/**
 * tm_import_names_parse_track:
 * @basename: a file name such as `01 - Title.wav`, `1-03 Title.flac` or `A1 Title.wav`
 * @disc: (out): the disc (side A is 1, B is 2, ...), 1 when the name has none
 * @number: (out): the track number, 0 when the name has none
 * @title: (out) (transfer full): the name without number and extension
 *
 * Returns: %TRUE if the name carries a track number
 */
gboolean
tm_import_names_parse_track (const char  *basename,
                             int         *disc,
                             int         *number,
                             char       **title)
{
  g_autofree char *stem = g_strdup (basename);
  char *dot = strrchr (stem, '.');
  const char *p = stem;
  int d = 1, n = 0, consumed = 0;
  gboolean found = FALSE;

  if (dot != NULL && dot != stem)
    *dot = '\0';

  /* "1-03 Title", "1.03 Title": disc and track */
  if (sscanf (p, "%2d%*[-.]%3d%n", &d, &n, &consumed) == 2 && consumed > 0
      && (p[consumed] == ' ' || p[consumed] == '_' || p[consumed] == '-' || p[consumed] == '.'
          || p[consumed] == '\0') && d >= 1 && n >= 1)
    {
      found = TRUE;
      p += consumed;
    }
  /* "A1 Title": vinyl side and track */
  else if (g_ascii_isalpha (p[0]) && g_ascii_isupper (p[0]) && g_ascii_isdigit (p[1])
           && sscanf (p + 1, "%3d%n", &n, &consumed) == 1
           && (p[1 + consumed] == ' ' || p[1 + consumed] == '_' || p[1 + consumed] == '-'
               || p[1 + consumed] == '.') && n >= 1)
    {
      d = p[0] - 'A' + 1;
      found = TRUE;
      p += 1 + consumed;
    }
  /* "01 - Title", "01. Title", "01_Title" */
  else if (sscanf (p, "%3d%n", &n, &consumed) == 1 && n >= 1
           && (p[consumed] == ' ' || p[consumed] == '_' || p[consumed] == '-'
               || p[consumed] == '.'))
    {
      d = 1;
      found = TRUE;
      p += consumed;
    }
  else
    n = 0;

  if (found)
    while (*p == ' ' || *p == '-' || *p == '.' || *p == '_')
      p++;

  *disc = found ? d : 1;
  *number = n;
  *title = g_strdup (*p ? p : stem);
  g_strdelimit (*title, "_", ' ');
  g_strstrip (*title);

  return found;
}

/* The cover is the image named cover, folder or front; else the largest square
 * image (sizes from the headers); else the largest file. */
/* Returns: (nullable): one of @images */
const char *
tm_import_names_choose_cover (GPtrArray *images)
{
  static const char * const names[] = { "cover", "folder", "front", NULL };
  const char *largest = NULL;
  const char *square = NULL;
  goffset largest_size = -1;
  int square_side = 0;

  for (guint i = 0; i < images->len; i++)
    {
      const char *path = g_ptr_array_index (images, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *stem = g_ascii_strdown (base, -1);
      char *dot = strrchr (stem, '.');
      GStatBuf st;

      if (dot != NULL)
        *dot = '\0';
      if (g_strv_contains (names, stem))
        return path;

      {
        int width = 0, height = 0;

        if (gdk_pixbuf_get_file_info (path, &width, &height) != NULL && width == height
            && width > square_side)
          {
            square = path;
            square_side = width;
          }
      }
      if (g_stat (path, &st) == 0 && st.st_size > largest_size)
        {
          largest = path;
          largest_size = st.st_size;
        }
    }

  return square != NULL ? square : largest;
}

TmReleaseType
tm_import_names_release_type (guint n)
{
  /* CHECKS.md, release.types: single 1-3, EP 4-6, album 7 and more */
  return n <= 3 ? TM_RELEASE_TYPE_SINGLE : n <= 6 ? TM_RELEASE_TYPE_EP : TM_RELEASE_TYPE_ALBUM;
}

/* A new release's title: the name of the one folder dropped, or Untitled. */
char *
tm_import_names_release_title (const char * const *paths)
{
  /* One folder dropped: its name is the release's title. */
  if (paths[0] != NULL && paths[1] == NULL && g_file_test (paths[0], G_FILE_TEST_IS_DIR))
    {
      g_autofree char *base = g_path_get_basename (paths[0]);
      g_autofree char *name = g_filename_display_name (base);

      return tm_text_clean (name, FALSE, NULL);
    }

  return g_strdup (_("Untitled Release"));
}
