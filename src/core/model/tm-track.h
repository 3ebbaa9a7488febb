/* tm-track.h: One recording of a release, with its credits and splits
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

#define TM_TYPE_TRACK (tm_track_get_type ())

G_DECLARE_FINAL_TYPE (TmTrack, tm_track, TM, TRACK, TmRecord)

TmTrack            *tm_track_new                  (void);
gint64              tm_track_get_release_id       (TmTrack            *self);
void                tm_track_set_release_id       (TmTrack            *self,
                                                   gint64              release_id);
int                 tm_track_get_disc             (TmTrack            *self);
void                tm_track_set_disc             (TmTrack            *self,
                                                   int                 disc);
int                 tm_track_get_number           (TmTrack            *self);
void                tm_track_set_number           (TmTrack            *self,
                                                   int                 number);
const char         *tm_track_get_title            (TmTrack            *self);
void                tm_track_set_title            (TmTrack            *self,
                                                   const char         *title);
const char         *tm_track_get_version          (TmTrack            *self);
void                tm_track_set_version          (TmTrack            *self,
                                                   const char         *version);
const char * const *tm_track_get_artists          (TmTrack            *self);
void                tm_track_set_artists          (TmTrack            *self,
                                                   const char * const *artists);
const char * const *tm_track_get_featured_artists (TmTrack            *self);
void                tm_track_set_featured_artists (TmTrack            *self,
                                                   const char * const *featured_artists);
const char         *tm_track_get_isrc             (TmTrack            *self);
void                tm_track_set_isrc             (TmTrack            *self,
                                                   const char         *isrc);
gboolean            tm_track_get_explicit         (TmTrack            *self);
void                tm_track_set_explicit         (TmTrack            *self,
                                                   gboolean            explicit);
const char         *tm_track_get_language         (TmTrack            *self);
void                tm_track_set_language         (TmTrack            *self,
                                                   const char         *language);
const char         *tm_track_get_lyrics           (TmTrack            *self);
void                tm_track_set_lyrics           (TmTrack            *self,
                                                   const char         *lyrics);
double              tm_track_get_preview_start    (TmTrack            *self);
void                tm_track_set_preview_start    (TmTrack            *self,
                                                   double              preview_start);
const char         *tm_track_get_audio_path       (TmTrack            *self);
void                tm_track_set_audio_path       (TmTrack            *self,
                                                   const char         *audio_path);
gint64              tm_track_get_audio_size       (TmTrack            *self);
void                tm_track_set_audio_size       (TmTrack            *self,
                                                   gint64              audio_size);
gint64              tm_track_get_audio_mtime      (TmTrack            *self);
void                tm_track_set_audio_mtime      (TmTrack            *self,
                                                   gint64              audio_mtime);
const char         *tm_track_get_audio_sha256     (TmTrack            *self);
void                tm_track_set_audio_sha256     (TmTrack            *self,
                                                   const char         *audio_sha256);
gint64              tm_track_get_created_at       (TmTrack            *self);
void                tm_track_set_created_at       (TmTrack            *self,
                                                   gint64              created_at);
gint64              tm_track_get_updated_at       (TmTrack            *self);
void                tm_track_set_updated_at       (TmTrack            *self,
                                                   gint64              updated_at);
char               *tm_track_get_artist           (TmTrack            *self);
void                tm_track_set_artist           (TmTrack            *self,
                                                   const char         *artist);
GListModel         *tm_track_get_contributors     (TmTrack            *self);
GListModel         *tm_track_get_splits           (TmTrack            *self);
TmTrack            *tm_track_copy_unsaved         (TmTrack            *self);

G_END_DECLS
