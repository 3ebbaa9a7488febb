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
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, title)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, version)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char * const *, artists)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char * const *, featured_artists)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, TmReleaseType, release_type)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, genre)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, subgenre)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, language)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, label)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, upc)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, release_date)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, timezone)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, original_release_date)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, int, p_year)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, p_holder)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, int, c_year)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, c_holder)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, gboolean, explicit)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, TmTerritoryMode, territory_mode)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char * const *, territories)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, notes)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, gint64, created_at)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, gint64, updated_at)
/* The artists joined for display ("A, B & C"); setting it makes them one. */
char *tm_release_get_artist (TmRelease  *self);
void  tm_release_set_artist (TmRelease  *self,
                             const char *artist);
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, guint, track_count)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, TmAggregateStatus, status)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, status_summary)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, status_label)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, cover_path)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, cover_sha256)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, int, cover_width)
TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, int, cover_height)

G_END_DECLS
