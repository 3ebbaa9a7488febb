/* tm-player.h: listening to a release, track after track, as a platform plays it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TM_TYPE_PLAYER (tm_player_get_type ())

G_DECLARE_FINAL_TYPE (TmPlayer, tm_player, TM, PLAYER, GObject)

typedef enum
{
  TM_PLAYER_STOPPED,
  TM_PLAYER_PLAYING,
  TM_PLAYER_PAUSED,
} TmPlayerState;

TmPlayer      *tm_player_new            (const char          *audio_sink);
void           tm_player_set_queue      (TmPlayer            *self,
                                         const char * const  *paths);
guint          tm_player_get_n_items    (TmPlayer            *self);
void           tm_player_set_gains      (TmPlayer            *self,
                                         const double        *gains_db,
                                         guint                n);
double         tm_player_get_gain       (TmPlayer            *self);
double         tm_player_get_volume     (TmPlayer            *self);
gboolean       tm_player_play_index     (TmPlayer            *self,
                                         guint                index,
                                         GError             **error);
void           tm_player_play           (TmPlayer            *self);
void           tm_player_pause          (TmPlayer            *self);
void           tm_player_toggle         (TmPlayer            *self);
void           tm_player_stop           (TmPlayer            *self);
gboolean       tm_player_seek           (TmPlayer            *self,
                                         double               seconds);
double         tm_player_get_position   (TmPlayer            *self);
double         tm_player_get_duration   (TmPlayer            *self);
int            tm_player_get_index      (TmPlayer            *self);
TmPlayerState  tm_player_get_state      (TmPlayer            *self);
const char    *tm_player_get_error      (TmPlayer            *self);
gpointer       tm_player_get_playbin    (TmPlayer            *self);

G_END_DECLS
