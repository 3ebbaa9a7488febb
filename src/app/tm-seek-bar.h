/* tm-seek-bar.h: a track's waveform as its seek bar, with the store preview on it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TM_TYPE_SEEK_BAR (tm_seek_bar_get_type ())

G_DECLARE_FINAL_TYPE (TmSeekBar, tm_seek_bar, TM, SEEK_BAR, GtkWidget)

/* How long a store's preview plays from its start. */
#define TM_PREVIEW_SECONDS 30.0

GtkWidget *tm_seek_bar_new               (void);
void       tm_seek_bar_set_overview      (TmSeekBar   *self,
                                          const float *peaks,
                                          guint        n);
void       tm_seek_bar_set_duration      (TmSeekBar   *self,
                                          double       seconds);
double     tm_seek_bar_get_duration      (TmSeekBar   *self);
void       tm_seek_bar_set_position      (TmSeekBar   *self,
                                          double       seconds);
double     tm_seek_bar_get_position      (TmSeekBar   *self);
void       tm_seek_bar_set_preview_start (TmSeekBar   *self,
                                          double       seconds);
double     tm_seek_bar_get_preview_start (TmSeekBar   *self);
void       tm_seek_bar_drag              (TmSeekBar   *self,
                                          double       from_x,
                                          double       to_x);

G_END_DECLS
