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
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_DISC] =
    g_param_spec_int ("disc", NULL, NULL, 1, 99, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_int ("number", NULL, NULL, 1, 999, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTISTS] =
    g_param_spec_boxed ("artists", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEATURED_ARTISTS] =
    g_param_spec_boxed ("featured-artists", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISRC] =
    g_param_spec_string ("isrc", NULL, NULL, NULL,
                         G_PARAM_READWRITE | TM_PARAM_ISRC | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLICIT] =
    g_param_spec_boolean ("explicit", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_LANGUAGE);
  properties[PROP_LYRICS] =
    g_param_spec_string ("lyrics", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_MULTILINE);
  properties[PROP_PREVIEW_START] =
    g_param_spec_double ("preview-start", NULL, NULL, 0, 3600, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_PATH] =
    g_param_spec_string ("audio-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_FILE_PATH);
  properties[PROP_AUDIO_SIZE] =
    g_param_spec_int64 ("audio-size", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_AUDIO_MTIME] =
    g_param_spec_int64 ("audio-mtime", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_AUDIO_SHA256] =
    g_param_spec_string ("audio-sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ARTIST] =
    g_param_spec_string ("artist", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_ARTISTS_DISPLAY);
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

gint64
tm_track_get_release_id (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_RELEASE_ID]);
}

void
tm_track_set_release_id (TmTrack *self,
                         gint64   release_id)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RELEASE_ID], release_id);
}

int
tm_track_get_disc (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_DISC]);
}

void
tm_track_set_disc (TmTrack *self,
                   int      disc)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_DISC], disc);
}

int
tm_track_get_number (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_NUMBER]);
}

void
tm_track_set_number (TmTrack *self,
                     int      number)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_NUMBER], number);
}

const char *
tm_track_get_title (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_TITLE]);
}

void
tm_track_set_title (TmTrack    *self,
                    const char *title)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_TITLE], title);
}

const char *
tm_track_get_version (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_VERSION]);
}

void
tm_track_set_version (TmTrack    *self,
                      const char *version)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_VERSION], version);
}

const char * const *
tm_track_get_artists (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_strv (TM_RECORD (self), properties[PROP_ARTISTS]);
}

void
tm_track_set_artists (TmTrack            *self,
                      const char * const *artists)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_strv (TM_RECORD (self), properties[PROP_ARTISTS], artists);
}

const char * const *
tm_track_get_featured_artists (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_strv (TM_RECORD (self), properties[PROP_FEATURED_ARTISTS]);
}

void
tm_track_set_featured_artists (TmTrack            *self,
                               const char * const *featured_artists)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_strv (TM_RECORD (self), properties[PROP_FEATURED_ARTISTS], featured_artists);
}

const char *
tm_track_get_isrc (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ISRC]);
}

void
tm_track_set_isrc (TmTrack    *self,
                   const char *isrc)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ISRC], isrc);
}

gboolean
tm_track_get_explicit (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_boolean (TM_RECORD (self), properties[PROP_EXPLICIT]);
}

void
tm_track_set_explicit (TmTrack  *self,
                       gboolean  explicit)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_boolean (TM_RECORD (self), properties[PROP_EXPLICIT], explicit);
}

const char *
tm_track_get_language (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LANGUAGE]);
}

void
tm_track_set_language (TmTrack    *self,
                       const char *language)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LANGUAGE], language);
}

const char *
tm_track_get_lyrics (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LYRICS]);
}

void
tm_track_set_lyrics (TmTrack    *self,
                     const char *lyrics)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LYRICS], lyrics);
}

double
tm_track_get_preview_start (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_double (TM_RECORD (self), properties[PROP_PREVIEW_START]);
}

void
tm_track_set_preview_start (TmTrack *self,
                            double   preview_start)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_double (TM_RECORD (self), properties[PROP_PREVIEW_START], preview_start);
}

const char *
tm_track_get_audio_path (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_AUDIO_PATH]);
}

void
tm_track_set_audio_path (TmTrack    *self,
                         const char *audio_path)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_AUDIO_PATH], audio_path);
}

gint64
tm_track_get_audio_size (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_AUDIO_SIZE]);
}

void
tm_track_set_audio_size (TmTrack *self,
                         gint64   audio_size)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_AUDIO_SIZE], audio_size);
}

gint64
tm_track_get_audio_mtime (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_AUDIO_MTIME]);
}

void
tm_track_set_audio_mtime (TmTrack *self,
                          gint64   audio_mtime)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_AUDIO_MTIME], audio_mtime);
}

const char *
tm_track_get_audio_sha256 (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_AUDIO_SHA256]);
}

void
tm_track_set_audio_sha256 (TmTrack    *self,
                           const char *audio_sha256)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_AUDIO_SHA256], audio_sha256);
}

gint64
tm_track_get_created_at (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_CREATED_AT]);
}

void
tm_track_set_created_at (TmTrack *self,
                         gint64   created_at)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CREATED_AT], created_at);
}

gint64
tm_track_get_updated_at (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_UPDATED_AT]);
}

void
tm_track_set_updated_at (TmTrack *self,
                         gint64   updated_at)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_UPDATED_AT], updated_at);
}

/**
 * tm_track_get_artist:
 *
 * Returns: (transfer full) (nullable): the primary artists joined for display
 */
char *
tm_track_get_artist (TmTrack *self)
{
  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  return tm_record_dup_artist (TM_RECORD (self));
}

/**
 * tm_track_set_artist:
 *
 * Makes @artist the one primary artist.
 */
void
tm_track_set_artist (TmTrack    *self,
                     const char *artist)
{
  g_return_if_fail (TM_IS_TRACK (self));

  tm_record_set_artist (TM_RECORD (self), artist);
}

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
  GListModel *from;
  GListStore *to;

  g_return_val_if_fail (TM_IS_TRACK (self), NULL);

  copy = tm_track_new ();
  tm_record_assign (TM_RECORD (copy), TM_RECORD (self));
  tm_record_set_id (TM_RECORD (copy), 0);

  from = tm_track_get_contributors (self);
  to = G_LIST_STORE (tm_track_get_contributors (copy));
  for (guint i = 0; i < g_list_model_get_n_items (from); i++)
    {
      g_autoptr(TmContributor) c = g_list_model_get_item (from, i);
      g_autoptr(TmContributor) n = tm_contributor_new ();

      tm_record_assign (TM_RECORD (n), TM_RECORD (c));
      tm_record_set_id (TM_RECORD (n), 0);
      tm_contributor_set_track_id (n, 0);
      g_list_store_append (to, n);
    }

  from = tm_track_get_splits (self);
  to = G_LIST_STORE (tm_track_get_splits (copy));
  for (guint i = 0; i < g_list_model_get_n_items (from); i++)
    {
      g_autoptr(TmSplit) s = g_list_model_get_item (from, i);
      g_autoptr(TmSplit) n = tm_split_new ();

      tm_record_assign (TM_RECORD (n), TM_RECORD (s));
      tm_record_set_id (TM_RECORD (n), 0);
      tm_split_set_track_id (n, 0);
      g_list_store_append (to, n);
    }

  return copy;
}
