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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_release_class_init (TmReleaseClass *klass)
{
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
  properties[PROP_RELEASE_TYPE] =
    g_param_spec_enum ("release-type", NULL, NULL, TM_TYPE_RELEASE_TYPE,
                       TM_RELEASE_TYPE_SINGLE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENRE] =
    g_param_spec_string ("genre", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBGENRE] =
    g_param_spec_string ("subgenre", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_LANGUAGE);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPC] =
    g_param_spec_string ("upc", NULL, NULL, NULL,
                         G_PARAM_READWRITE | TM_PARAM_GTIN | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE_DATE] =
    g_param_spec_string ("release-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DATE);
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_TIMEZONE);
  properties[PROP_ORIGINAL_RELEASE_DATE] =
    g_param_spec_string ("original-release-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DATE);
  properties[PROP_P_YEAR] =
    g_param_spec_int ("p-year", NULL, NULL, 0, 9999, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_P_HOLDER] =
    g_param_spec_string ("p-holder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_C_YEAR] =
    g_param_spec_int ("c-year", NULL, NULL, 0, 9999, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_C_HOLDER] =
    g_param_spec_string ("c-holder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLICIT] =
    g_param_spec_boolean ("explicit", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TERRITORY_MODE] =
    g_param_spec_enum ("territory-mode", NULL, NULL, TM_TYPE_TERRITORY_MODE,
                       TM_TERRITORY_MODE_WORLDWIDE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TERRITORIES] =
    g_param_spec_boxed ("territories", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_TERRITORIES);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_MULTILINE);
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
  properties[PROP_TRACK_COUNT] =
    g_param_spec_uint ("track-count", NULL, NULL, 0, 100000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TM_TYPE_AGGREGATE_STATUS,
                       TM_AGGREGATE_STATUS_NOT_STARTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS_SUMMARY] =
    g_param_spec_string ("status-summary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_MANAGED);

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

const char *
tm_release_get_title (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_TITLE]);
}

void
tm_release_set_title (TmRelease  *self,
                      const char *title)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_TITLE], title);
}

const char *
tm_release_get_version (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_VERSION]);
}

void
tm_release_set_version (TmRelease  *self,
                        const char *version)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_VERSION], version);
}

const char * const *
tm_release_get_artists (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_strv (TM_RECORD (self), properties[PROP_ARTISTS]);
}

void
tm_release_set_artists (TmRelease          *self,
                        const char * const *artists)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_strv (TM_RECORD (self), properties[PROP_ARTISTS], artists);
}

const char * const *
tm_release_get_featured_artists (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_strv (TM_RECORD (self), properties[PROP_FEATURED_ARTISTS]);
}

void
tm_release_set_featured_artists (TmRelease          *self,
                                 const char * const *featured_artists)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_strv (TM_RECORD (self), properties[PROP_FEATURED_ARTISTS], featured_artists);
}

TmReleaseType
tm_release_get_release_type (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (TmReleaseType) tm_record_get_enum (TM_RECORD (self), properties[PROP_RELEASE_TYPE]);
}

void
tm_release_set_release_type (TmRelease     *self,
                             TmReleaseType  release_type)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_RELEASE_TYPE], release_type);
}

const char *
tm_release_get_genre (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_GENRE]);
}

void
tm_release_set_genre (TmRelease  *self,
                      const char *genre)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_GENRE], genre);
}

const char *
tm_release_get_subgenre (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_SUBGENRE]);
}

void
tm_release_set_subgenre (TmRelease  *self,
                         const char *subgenre)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_SUBGENRE], subgenre);
}

const char *
tm_release_get_language (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LANGUAGE]);
}

void
tm_release_set_language (TmRelease  *self,
                         const char *language)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LANGUAGE], language);
}

const char *
tm_release_get_label (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LABEL]);
}

void
tm_release_set_label (TmRelease  *self,
                      const char *label)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LABEL], label);
}

const char *
tm_release_get_upc (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_UPC]);
}

void
tm_release_set_upc (TmRelease  *self,
                    const char *upc)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_UPC], upc);
}

const char *
tm_release_get_release_date (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_RELEASE_DATE]);
}

void
tm_release_set_release_date (TmRelease  *self,
                             const char *release_date)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_RELEASE_DATE], release_date);
}

const char *
tm_release_get_timezone (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_TIMEZONE]);
}

void
tm_release_set_timezone (TmRelease  *self,
                         const char *zone)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_TIMEZONE], zone);
}

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

int
tm_release_get_p_year (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_P_YEAR]);
}

void
tm_release_set_p_year (TmRelease *self,
                       int        p_year)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_P_YEAR], p_year);
}

const char *
tm_release_get_p_holder (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_P_HOLDER]);
}

void
tm_release_set_p_holder (TmRelease  *self,
                         const char *p_holder)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_P_HOLDER], p_holder);
}

int
tm_release_get_c_year (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_C_YEAR]);
}

void
tm_release_set_c_year (TmRelease *self,
                       int        c_year)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_C_YEAR], c_year);
}

const char *
tm_release_get_c_holder (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_C_HOLDER]);
}

void
tm_release_set_c_holder (TmRelease  *self,
                         const char *c_holder)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_C_HOLDER], c_holder);
}

gboolean
tm_release_get_explicit (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return tm_record_get_boolean (TM_RECORD (self), properties[PROP_EXPLICIT]);
}

void
tm_release_set_explicit (TmRelease *self,
                         gboolean   explicit)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_boolean (TM_RECORD (self), properties[PROP_EXPLICIT], explicit);
}

TmTerritoryMode
tm_release_get_territory_mode (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (TmTerritoryMode) tm_record_get_enum (TM_RECORD (self), properties[PROP_TERRITORY_MODE]);
}

void
tm_release_set_territory_mode (TmRelease       *self,
                               TmTerritoryMode  territory_mode)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_TERRITORY_MODE], territory_mode);
}

const char * const *
tm_release_get_territories (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_strv (TM_RECORD (self), properties[PROP_TERRITORIES]);
}

void
tm_release_set_territories (TmRelease          *self,
                            const char * const *territories)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_strv (TM_RECORD (self), properties[PROP_TERRITORIES], territories);
}

const char *
tm_release_get_notes (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_NOTES]);
}

void
tm_release_set_notes (TmRelease  *self,
                      const char *notes)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_NOTES], notes);
}

gint64
tm_release_get_created_at (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_CREATED_AT]);
}

void
tm_release_set_created_at (TmRelease *self,
                           gint64     created_at)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CREATED_AT], created_at);
}

gint64
tm_release_get_updated_at (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_UPDATED_AT]);
}

void
tm_release_set_updated_at (TmRelease *self,
                           gint64     updated_at)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_UPDATED_AT], updated_at);
}

/**
 * tm_release_get_artist:
 *
 * Returns: (transfer full) (nullable): the primary artists joined for display
 */
char *
tm_release_get_artist (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_dup_artist (TM_RECORD (self));
}

/**
 * tm_release_set_artist:
 *
 * Makes @artist the one primary artist.
 */
void
tm_release_set_artist (TmRelease  *self,
                       const char *artist)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_artist (TM_RECORD (self), artist);
}

guint
tm_release_get_track_count (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (guint) tm_record_get_int (TM_RECORD (self), properties[PROP_TRACK_COUNT]);
}

void
tm_release_set_track_count (TmRelease *self,
                            guint      track_count)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_TRACK_COUNT], track_count);
}

TmAggregateStatus
tm_release_get_status (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), 0);

  return (TmAggregateStatus) tm_record_get_enum (TM_RECORD (self), properties[PROP_STATUS]);
}

void
tm_release_set_status (TmRelease         *self,
                       TmAggregateStatus  status)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_STATUS], status);
}

const char *
tm_release_get_status_summary (TmRelease *self)
{
  g_return_val_if_fail (TM_IS_RELEASE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_STATUS_SUMMARY]);
}

void
tm_release_set_status_summary (TmRelease  *self,
                               const char *status_summary)
{
  g_return_if_fail (TM_IS_RELEASE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_STATUS_SUMMARY], status_summary);
}
