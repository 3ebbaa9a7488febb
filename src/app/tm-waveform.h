/* tm-waveform.h: a track's overview, with where it clips and peaks
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tm-report.h"

G_BEGIN_DECLS

#define TM_TYPE_WAVEFORM (tm_waveform_get_type ())

G_DECLARE_FINAL_TYPE (TmWaveform, tm_waveform, TM, WAVEFORM, GtkWidget)

GtkWidget *tm_waveform_new          (void);
void       tm_waveform_set_report   (TmWaveform     *self,
                                     const TmReport *report);
guint      tm_waveform_get_n_points (TmWaveform  *self);
guint      tm_waveform_get_n_marks  (TmWaveform  *self);

G_END_DECLS
