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
gint64      tm_artwork_get_release_id (TmArtwork  *self);
void        tm_artwork_set_release_id (TmArtwork  *self,
                                       gint64      release_id);
const char *tm_artwork_get_path       (TmArtwork  *self);
void        tm_artwork_set_path       (TmArtwork  *self,
                                       const char *path);
const char *tm_artwork_get_role       (TmArtwork  *self);
void        tm_artwork_set_role       (TmArtwork  *self,
                                       const char *role);
const char *tm_artwork_get_format     (TmArtwork  *self);
void        tm_artwork_set_format     (TmArtwork  *self,
                                       const char *format);
int         tm_artwork_get_width      (TmArtwork  *self);
void        tm_artwork_set_width      (TmArtwork  *self,
                                       int         width);
int         tm_artwork_get_height     (TmArtwork  *self);
void        tm_artwork_set_height     (TmArtwork  *self,
                                       int         height);
gint64      tm_artwork_get_size       (TmArtwork  *self);
void        tm_artwork_set_size       (TmArtwork  *self,
                                       gint64      size);
gint64      tm_artwork_get_mtime      (TmArtwork  *self);
void        tm_artwork_set_mtime      (TmArtwork  *self,
                                       gint64      mtime);
const char *tm_artwork_get_sha256     (TmArtwork  *self);
void        tm_artwork_set_sha256     (TmArtwork  *self,
                                       const char *sha256);

G_END_DECLS
