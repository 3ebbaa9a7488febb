/* tm-release.h: The release: metadata that goes to every platform
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-enums.h"
#include "tm-record.h"

G_BEGIN_DECLS

#define TM_TYPE_RELEASE (tm_release_get_type ())

G_DECLARE_FINAL_TYPE (TmRelease, tm_release, TM, RELEASE, TmRecord)

TmRelease          *tm_release_new                       (void);
const char         *tm_release_get_title                 (TmRelease          *self);
void                tm_release_set_title                 (TmRelease          *self,
                                                          const char         *title);
const char         *tm_release_get_version               (TmRelease          *self);
void                tm_release_set_version               (TmRelease          *self,
                                                          const char         *version);
const char * const *tm_release_get_artists               (TmRelease          *self);
void                tm_release_set_artists               (TmRelease          *self,
                                                          const char * const *artists);
const char * const *tm_release_get_featured_artists      (TmRelease          *self);
void                tm_release_set_featured_artists      (TmRelease          *self,
                                                          const char * const *featured_artists);
TmReleaseType       tm_release_get_release_type          (TmRelease          *self);
void                tm_release_set_release_type          (TmRelease          *self,
                                                          TmReleaseType       release_type);
const char         *tm_release_get_genre                 (TmRelease          *self);
void                tm_release_set_genre                 (TmRelease          *self,
                                                          const char         *genre);
const char         *tm_release_get_subgenre              (TmRelease          *self);
void                tm_release_set_subgenre              (TmRelease          *self,
                                                          const char         *subgenre);
const char         *tm_release_get_language              (TmRelease          *self);
void                tm_release_set_language              (TmRelease          *self,
                                                          const char         *language);
const char         *tm_release_get_label                 (TmRelease          *self);
void                tm_release_set_label                 (TmRelease          *self,
                                                          const char         *label);
const char         *tm_release_get_upc                   (TmRelease          *self);
void                tm_release_set_upc                   (TmRelease          *self,
                                                          const char         *upc);
const char         *tm_release_get_release_date          (TmRelease          *self);
void                tm_release_set_release_date          (TmRelease          *self,
                                                          const char         *release_date);
const char         *tm_release_get_timezone              (TmRelease          *self);
void                tm_release_set_timezone              (TmRelease          *self,
                                                          const char         *zone);
const char         *tm_release_get_original_release_date (TmRelease          *self);
void                tm_release_set_original_release_date (TmRelease          *self,
                                                          const char        *original_release_date);
int                 tm_release_get_p_year                (TmRelease          *self);
void                tm_release_set_p_year                (TmRelease          *self,
                                                          int                 p_year);
const char         *tm_release_get_p_holder              (TmRelease          *self);
void                tm_release_set_p_holder              (TmRelease          *self,
                                                          const char         *p_holder);
int                 tm_release_get_c_year                (TmRelease          *self);
void                tm_release_set_c_year                (TmRelease          *self,
                                                          int                 c_year);
const char         *tm_release_get_c_holder              (TmRelease          *self);
void                tm_release_set_c_holder              (TmRelease          *self,
                                                          const char         *c_holder);
gboolean            tm_release_get_explicit              (TmRelease          *self);
void                tm_release_set_explicit              (TmRelease          *self,
                                                          gboolean            explicit);
TmTerritoryMode     tm_release_get_territory_mode        (TmRelease          *self);
void                tm_release_set_territory_mode        (TmRelease          *self,
                                                          TmTerritoryMode     territory_mode);
const char * const *tm_release_get_territories           (TmRelease          *self);
void                tm_release_set_territories           (TmRelease          *self,
                                                          const char * const *territories);
const char         *tm_release_get_notes                 (TmRelease          *self);
void                tm_release_set_notes                 (TmRelease          *self,
                                                          const char         *notes);
gint64              tm_release_get_created_at            (TmRelease          *self);
void                tm_release_set_created_at            (TmRelease          *self,
                                                          gint64              created_at);
gint64              tm_release_get_updated_at            (TmRelease          *self);
void                tm_release_set_updated_at            (TmRelease          *self,
                                                          gint64              updated_at);
char               *tm_release_get_artist                (TmRelease          *self);
void                tm_release_set_artist                (TmRelease          *self,
                                                          const char         *artist);
guint               tm_release_get_track_count           (TmRelease          *self);
void                tm_release_set_track_count           (TmRelease          *self,
                                                          guint               track_count);
TmAggregateStatus   tm_release_get_status                (TmRelease          *self);
void                tm_release_set_status                (TmRelease          *self,
                                                          TmAggregateStatus   status);
const char         *tm_release_get_status_summary        (TmRelease          *self);
void                tm_release_set_status_summary        (TmRelease          *self,
                                                          const char         *status_summary);

G_END_DECLS
