/* tm-track.c: One recording of a release, with its credits and splits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-track.h"
#include "tm-contributor.h"
#include "tm-split.h"

struct _TmTrack
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmTrack, tm_track, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_RELEASE_ID,
  PROP_DISC,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_VERSION,
  PROP_ARTISTS,
  PROP_FEATURED_ARTISTS,
  PROP_ISRC,
  PROP_EXPLICIT,
  PROP_LANGUAGE,
  PROP_LYRICS,
  PROP_PREVIEW_START,
  PROP_AUDIO_PATH,
  PROP_AUDIO_SIZE,
  PROP_AUDIO_MTIME,
  PROP_AUDIO_SHA256,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_ARTIST,
  PROP_CONTRIBUTORS,
  PROP_SPLITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_track_class_init (TmTrackClass *klass)
{
  properties[PROP_RELEASE_ID] = tm_record_param_int64 ("release-id", TM_PARAM_MANAGED);
  properties[PROP_DISC] = tm_record_param_int ("disc", 1, 99, 1, 0);
  properties[PROP_NUMBER] = tm_record_param_int ("number", 1, 999, 1, TM_PARAM_MANAGED);
  properties[PROP_TITLE] = tm_record_param_string ("title", 0);
  properties[PROP_VERSION] = tm_record_param_string ("version", 0);
  properties[PROP_ARTISTS] = tm_record_param_strv ("artists", 0);
  properties[PROP_FEATURED_ARTISTS] = tm_record_param_strv ("featured-artists", 0);
  properties[PROP_ISRC] = tm_record_param_string ("isrc", TM_PARAM_ISRC);
  properties[PROP_EXPLICIT] = tm_record_param_boolean ("explicit", 0);
  properties[PROP_LANGUAGE] = tm_record_param_string ("language", TM_PARAM_LANGUAGE);
  properties[PROP_LYRICS] = tm_record_param_string ("lyrics", TM_PARAM_MULTILINE);
  properties[PROP_PREVIEW_START] =
    g_param_spec_double ("preview-start", NULL, NULL, 0, 3600, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_PATH] = tm_record_param_string ("audio-path", TM_PARAM_FILE_PATH);
  properties[PROP_AUDIO_SIZE] = tm_record_param_int64 ("audio-size", TM_PARAM_MANAGED);
  properties[PROP_AUDIO_MTIME] =
    tm_record_param_int64 ("audio-mtime", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_AUDIO_SHA256] = tm_record_param_string ("audio-sha256", TM_PARAM_MANAGED);
  properties[PROP_CREATED_AT] =
    tm_record_param_int64 ("created-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    tm_record_param_int64 ("updated-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ARTIST] =
    tm_record_param_string ("artist", TM_PARAM_DERIVED | TM_PARAM_ARTISTS_DISPLAY);
  properties[PROP_CONTRIBUTORS] =
    tm_record_param_spec_list ("contributors", TM_TYPE_CONTRIBUTOR);
  properties[PROP_SPLITS] =
    tm_record_param_spec_list ("splits", TM_TYPE_SPLIT);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_track_init (TmTrack *self)
{
  g_autoptr(GListStore) contributors = g_list_store_new (TM_TYPE_CONTRIBUTOR);
  g_autoptr(GListStore) splits = g_list_store_new (TM_TYPE_SPLIT);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_LIST_MODEL);
  g_value_set_object (&value, contributors);
  tm_record_load_value (TM_RECORD (self), properties[PROP_CONTRIBUTORS], &value);
  g_value_set_object (&value, splits);
  tm_record_load_value (TM_RECORD (self), properties[PROP_SPLITS], &value);
}

TmTrack *
tm_track_new (void)
{
  return g_object_new (TM_TYPE_TRACK, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmTrack, tm_track, TRACK, ctype, kind, name, NAME)

ACCESSORS (gint64, int, release_id, RELEASE_ID)
ACCESSORS (int, int, disc, DISC)
ACCESSORS (int, int, number, NUMBER)
ACCESSORS (const char *, string, title, TITLE)
ACCESSORS (const char *, string, version, VERSION)
ACCESSORS (const char * const *, strv, artists, ARTISTS)
ACCESSORS (const char * const *, strv, featured_artists, FEATURED_ARTISTS)
ACCESSORS (const char *, string, isrc, ISRC)
ACCESSORS (gboolean, boolean, explicit, EXPLICIT)
ACCESSORS (const char *, string, language, LANGUAGE)
ACCESSORS (const char *, string, lyrics, LYRICS)
ACCESSORS (double, double, preview_start, PREVIEW_START)
ACCESSORS (const char *, string, audio_path, AUDIO_PATH)
ACCESSORS (gint64, int, audio_size, AUDIO_SIZE)
ACCESSORS (gint64, int, audio_mtime, AUDIO_MTIME)
ACCESSORS (const char *, string, audio_sha256, AUDIO_SHA256)
ACCESSORS (gint64, int, created_at, CREATED_AT)
ACCESSORS (gint64, int, updated_at, UPDATED_AT)

TM_RECORD_DEFINE_ARTIST_ACCESSORS (TmTrack, tm_track, TRACK)

GListModel *
tm_track_get_contributors (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_object (TM_RECORD (self), properties[PROP_CONTRIBUTORS]);
}

GListModel *
tm_track_get_splits (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_object (TM_RECORD (self), properties[PROP_SPLITS]);
}

/**
 * tm_track_copy_unsaved:
 *
 * A copy of @self with every field, contributor and split, but no ids, as a
 * track not yet in any catalog: what undo adds back.
 *
 * Returns: (transfer full): the copy
 */
TmTrack *
tm_track_copy_unsaved (TmTrack *self)
{
  TmTrack *copy;
  GListModel *lists[2];

  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  copy = tm_record_copy (TM_RECORD (self));
  tm_record_set_id (TM_RECORD (copy), 0);
  lists[0] = tm_track_get_contributors (copy);
  lists[1] = tm_track_get_splits (copy);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      {
        g_autoptr(TmRecord) item = g_list_model_get_item (lists[l], i);

        tm_record_set_id (item, 0);
        g_object_set (item, "track-id", (gint64) 0, NULL);
      }
  return copy;
}

#undef ACCESSORS
