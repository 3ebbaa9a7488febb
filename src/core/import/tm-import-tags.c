/* tm-import-tags.c: what the tags of dropped audio files say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tm-import-tags.h"
#include "tm-text.h"

void
tm_import_tags_clear (TmImportTags *tags)
{
  g_clear_pointer (&tags->title, g_free);
  g_clear_pointer (&tags->artist, g_free);
  g_clear_pointer (&tags->isrc, g_free);
  g_clear_pointer (&tags->composer, g_free);
  g_clear_pointer (&tags->genre, g_free);
  g_clear_pointer (&tags->date, g_free);
  g_clear_pointer (&tags->album, g_free);
  g_clear_pointer (&tags->album_artist, g_free);
}

/* A tag's text, without the control characters a field refuses (noted in
 * @f, so that the person is told). */
static char *
tag_string (const GstTagList *tags,
            const char       *tag,
            TmImportTags     *f)
{
  g_autofree char *value = NULL;

  if (gst_tag_list_get_string (tags, tag, &value) && value != NULL)
    {
      gboolean cleaned = FALSE;
      char *clean = tm_text_clean (value, FALSE, &cleaned);

      f->cleaned |= cleaned;
      g_strstrip (clean);
      if (*clean != '\0')
        return clean;
      g_free (clean);
    }
  return NULL;
}

/* Title, artists, ISRC, composer, genre, date and numbering from the file's
 * tags (ID3, Vorbis comments, RIFF INFO...), read by GStreamer without
 * decoding the audio. What a file has no tag for stays as it is. */
void
tm_import_tags_read (GstDiscoverer *discoverer,
                     const char    *path,
                     TmImportTags  *f)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  const GstTagList *tags;
  g_autoptr(GstDateTime) when = NULL;
  GDate *date = NULL;
  char *title;
  guint number = 0, disc = 0;

  if (discoverer == NULL || uri == NULL)
    return;
  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (info == NULL || (tags = gst_discoverer_info_get_tags (info)) == NULL)
    return;

  if ((title = tag_string (tags, GST_TAG_TITLE, f)) != NULL)
    {
      g_free (f->title);
      f->title = title;
    }
  f->artist = tag_string (tags, GST_TAG_ARTIST, f);
  f->isrc = tag_string (tags, GST_TAG_ISRC, f);
  f->composer = tag_string (tags, GST_TAG_COMPOSER, f);
  f->genre = tag_string (tags, GST_TAG_GENRE, f);
  f->album = tag_string (tags, GST_TAG_ALBUM, f);
  f->album_artist = tag_string (tags, GST_TAG_ALBUM_ARTIST, f);

  if (gst_tag_list_get_uint (tags, GST_TAG_TRACK_NUMBER, &number) && number >= 1 && number < 1000)
    {
      f->number = number;
      f->disc = 1;
      if (gst_tag_list_get_uint (tags, GST_TAG_ALBUM_VOLUME_NUMBER, &disc) && disc >= 1
          && disc < 100)
        f->disc = disc;
    }

  if (gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &when) && gst_date_time_has_day (when))
    f->date = g_strdup_printf ("%04d-%02d-%02d", gst_date_time_get_year (when),
                               gst_date_time_get_month (when), gst_date_time_get_day (when));
  else if (gst_tag_list_get_date (tags, GST_TAG_DATE, &date) && g_date_valid (date))
    f->date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                               g_date_get_day (date));
  g_clear_pointer (&date, g_date_free);
}

/* Gives @track the artists, ISRC and composers of @f; a tag that is not a
 * valid value is left out, with a note in @notes. */
void
tm_import_tags_apply (const TmImportTags *f,
                      const char         *path,
                      TmTrack            *track,
                      GPtrArray          *notes)
{
  g_autoptr(GError) error = NULL;

  if (f->artist != NULL && !tm_record_set_from_string (TM_RECORD (track), "artists", f->artist,
                                                       &error))
    g_clear_error (&error);

  if (f->isrc != NULL && !tm_record_set_from_string (TM_RECORD (track), "isrc", f->isrc, &error))
    {
      g_ptr_array_add (notes, g_strdup_printf (_("%s: the ISRC tag “%s” is not valid and was "
                                                 "left out"), path, f->isrc));
      g_clear_error (&error);
    }

  if (f->composer != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) names = g_regex_split_simple ("\\s*[;/]\\s*", f->composer, 0, 0);

      /* "A; B" or "A / B": one composer each */
      json_builder_begin_array (b);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (*names[i] == '\0')
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, names[i]);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, "composer");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      if (!tm_record_set_from_string (TM_RECORD (track), "contributors", text, &error))
        g_clear_error (&error);
    }
}
