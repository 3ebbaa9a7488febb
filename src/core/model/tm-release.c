/* tm-release.c: The release: metadata that goes to every platform
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-release.h"

struct _TmRelease
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmRelease, tm_release, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VERSION,
  PROP_ARTISTS,
  PROP_FEATURED_ARTISTS,
  PROP_RELEASE_TYPE,
  PROP_GENRE,
  PROP_SUBGENRE,
  PROP_LANGUAGE,
  PROP_LABEL,
  PROP_UPC,
  PROP_RELEASE_DATE,
  PROP_TIMEZONE,
  PROP_ORIGINAL_RELEASE_DATE,
  PROP_P_YEAR,
  PROP_P_HOLDER,
  PROP_C_YEAR,
  PROP_C_HOLDER,
  PROP_EXPLICIT,
  PROP_TERRITORY_MODE,
  PROP_TERRITORIES,
  PROP_NOTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_ARTIST,
  PROP_TRACK_COUNT,
  PROP_STATUS,
  PROP_STATUS_SUMMARY,
  PROP_STATUS_LABEL,
  PROP_COVER_PATH,
  PROP_COVER_SHA256,
  PROP_COVER_WIDTH,
  PROP_COVER_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_release_class_init (TmReleaseClass *klass)
{
  properties[PROP_TITLE] = tm_record_param_string ("title", 0);
  properties[PROP_VERSION] = tm_record_param_string ("version", 0);
  properties[PROP_ARTISTS] = tm_record_param_strv ("artists", 0);
  properties[PROP_FEATURED_ARTISTS] = tm_record_param_strv ("featured-artists", 0);
  properties[PROP_RELEASE_TYPE] =
    tm_record_param_enum ("release-type", TM_TYPE_RELEASE_TYPE, TM_RELEASE_TYPE_SINGLE, 0);
  properties[PROP_GENRE] = tm_record_param_string ("genre", 0);
  properties[PROP_SUBGENRE] = tm_record_param_string ("subgenre", 0);
  properties[PROP_LANGUAGE] = tm_record_param_string ("language", TM_PARAM_LANGUAGE);
  properties[PROP_LABEL] = tm_record_param_string ("label", 0);
  properties[PROP_UPC] = tm_record_param_string ("upc", TM_PARAM_GTIN);
  properties[PROP_RELEASE_DATE] = tm_record_param_string ("release-date", TM_PARAM_DATE);
  properties[PROP_TIMEZONE] = tm_record_param_string ("timezone", TM_PARAM_TIMEZONE);
  properties[PROP_ORIGINAL_RELEASE_DATE] =
    tm_record_param_string ("original-release-date", TM_PARAM_DATE);
  properties[PROP_P_YEAR] = tm_record_param_int ("p-year", 0, 9999, 0, 0);
  properties[PROP_P_HOLDER] = tm_record_param_string ("p-holder", 0);
  properties[PROP_C_YEAR] = tm_record_param_int ("c-year", 0, 9999, 0, 0);
  properties[PROP_C_HOLDER] = tm_record_param_string ("c-holder", 0);
  properties[PROP_EXPLICIT] = tm_record_param_boolean ("explicit", 0);
  properties[PROP_TERRITORY_MODE] =
    tm_record_param_enum ("territory-mode", TM_TYPE_TERRITORY_MODE, TM_TERRITORY_MODE_WORLDWIDE, 0);
  properties[PROP_TERRITORIES] = tm_record_param_strv ("territories", TM_PARAM_TERRITORIES);
  properties[PROP_NOTES] = tm_record_param_string ("notes", TM_PARAM_MULTILINE);
  properties[PROP_CREATED_AT] =
    tm_record_param_int64 ("created-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    tm_record_param_int64 ("updated-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ARTIST] =
    tm_record_param_string ("artist", TM_PARAM_DERIVED | TM_PARAM_ARTISTS_DISPLAY);
  properties[PROP_TRACK_COUNT] =
    g_param_spec_uint ("track-count", NULL, NULL, 0, 100000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS] =
    tm_record_param_enum ("status", TM_TYPE_AGGREGATE_STATUS, TM_AGGREGATE_STATUS_NOT_STARTED,
                          TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS_SUMMARY] =
    tm_record_param_string ("status-summary", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  /* Its status in a word or two: "Live", "Delivered", "Needs attention". */
  properties[PROP_STATUS_LABEL] =
    tm_record_param_string ("status-label", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  /* The front cover, as the catalog lists it (TmArtwork is the cover itself). */
  properties[PROP_COVER_PATH] =
    tm_record_param_string ("cover-path", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_COVER_SHA256] =
    tm_record_param_string ("cover-sha256", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_COVER_WIDTH] =
    tm_record_param_int ("cover-width", 0, G_MAXINT, 0, TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_COVER_HEIGHT] =
    tm_record_param_int ("cover-height", 0, G_MAXINT, 0, TM_PARAM_DERIVED | TM_PARAM_MANAGED);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_release_init (TmRelease *self)
{
}

TmRelease *
tm_release_new (void)
{
  return g_object_new (TM_TYPE_RELEASE, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmRelease, tm_release, RELEASE, ctype, kind, name, NAME)

ACCESSORS (const char *, string, title, TITLE)
ACCESSORS (const char *, string, version, VERSION)
ACCESSORS (const char * const *, strv, artists, ARTISTS)
ACCESSORS (const char * const *, strv, featured_artists, FEATURED_ARTISTS)
ACCESSORS (TmReleaseType, enum, release_type, RELEASE_TYPE)
ACCESSORS (const char *, string, genre, GENRE)
ACCESSORS (const char *, string, subgenre, SUBGENRE)
ACCESSORS (const char *, string, language, LANGUAGE)
ACCESSORS (const char *, string, label, LABEL)
ACCESSORS (const char *, string, upc, UPC)
ACCESSORS (const char *, string, release_date, RELEASE_DATE)
ACCESSORS (const char *, string, timezone, TIMEZONE)

const char *
tm_release_get_original_release_date (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ORIGINAL_RELEASE_DATE]);
}

void
tm_release_set_original_release_date (TmRelease  *self,
                                      const char *original_release_date)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ORIGINAL_RELEASE_DATE],
                        original_release_date);
}

ACCESSORS (int, int, p_year, P_YEAR)
ACCESSORS (const char *, string, p_holder, P_HOLDER)
ACCESSORS (int, int, c_year, C_YEAR)
ACCESSORS (const char *, string, c_holder, C_HOLDER)
ACCESSORS (gboolean, boolean, explicit, EXPLICIT)
ACCESSORS (TmTerritoryMode, enum, territory_mode, TERRITORY_MODE)
ACCESSORS (const char * const *, strv, territories, TERRITORIES)
ACCESSORS (const char *, string, notes, NOTES)
ACCESSORS (gint64, int, created_at, CREATED_AT)
ACCESSORS (gint64, int, updated_at, UPDATED_AT)

TM_RECORD_DEFINE_ARTIST_ACCESSORS (TmRelease, tm_release, RELEASE)

ACCESSORS (guint, int, track_count, TRACK_COUNT)
ACCESSORS (TmAggregateStatus, enum, status, STATUS)
ACCESSORS (const char *, string, status_summary, STATUS_SUMMARY)
ACCESSORS (const char *, string, status_label, STATUS_LABEL)
ACCESSORS (const char *, string, cover_path, COVER_PATH)
ACCESSORS (const char *, string, cover_sha256, COVER_SHA256)
ACCESSORS (int, int, cover_width, COVER_WIDTH)
ACCESSORS (int, int, cover_height, COVER_HEIGHT)

#undef ACCESSORS
