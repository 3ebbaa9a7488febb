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
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gint64, release_id)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, int, disc)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, int, number)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, title)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, version)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char * const *, artists)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char * const *, featured_artists)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, isrc)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gboolean, explicit)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, language)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, lyrics)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, double, preview_start)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, audio_path)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gint64, audio_size)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gint64, audio_mtime)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, const char *, audio_sha256)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gint64, created_at)
TM_RECORD_DECLARE_ACCESSORS (TmTrack, tm_track, gint64, updated_at)
/* The artists joined for display ("A, B & C"); setting it makes them one. */
char *tm_track_get_artist (TmTrack  *self);
void  tm_track_set_artist (TmTrack  *self,
                           const char *artist);
GListModel         *tm_track_get_contributors     (TmTrack            *self);
GListModel         *tm_track_get_splits           (TmTrack            *self);
TmTrack            *tm_track_copy_unsaved         (TmTrack            *self);

G_END_DECLS
