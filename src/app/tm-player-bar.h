/* tm-player-bar.h: listening to the release on its page
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-player.h"
#include "tm-seek-bar.h"

G_BEGIN_DECLS

#define TM_TYPE_PLAYER_BAR (tm_player_bar_get_type ())

G_DECLARE_FINAL_TYPE (TmPlayerBar, tm_player_bar, TM, PLAYER_BAR, AdwBin)

GtkWidget *tm_player_bar_new             (void);
void       tm_player_bar_set_tracks      (TmPlayerBar  *self,
                                          GPtrArray    *tracks,
                                          GHashTable   *reports,
                                          GPtrArray    *profiles);
gboolean   tm_player_bar_play_track      (TmPlayerBar  *self,
                                          gint64        track_id);
void       tm_player_bar_toggle          (TmPlayerBar  *self);
gboolean   tm_player_bar_choose_platform (TmPlayerBar  *self,
                                          const char   *profile_id);
TmPlayer  *tm_player_bar_get_player      (TmPlayerBar  *self);
TmSeekBar *tm_player_bar_get_seek_bar    (TmPlayerBar  *self);

G_END_DECLS
