/* tm-artwork.h: A release's cover image
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

#define TM_TYPE_ARTWORK (tm_artwork_get_type ())

G_DECLARE_FINAL_TYPE (TmArtwork, tm_artwork, TM, ARTWORK, TmRecord)

TmArtwork  *tm_artwork_new            (void);
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, gint64, release_id)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, const char *, path)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, const char *, role)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, const char *, format)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, int, width)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, int, height)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, gint64, size)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, gint64, mtime)
TM_RECORD_DECLARE_ACCESSORS (TmArtwork, tm_artwork, const char *, sha256)

G_END_DECLS
