/* tm-true-peak.h: BS.1770 true peak by polyphase oversampling
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TmTruePeak TmTruePeak;

TmTruePeak *tm_true_peak_new       (guint             channels,
                                    guint             rate);
void        tm_true_peak_free      (TmTruePeak       *self);
guint       tm_true_peak_get_factor (TmTruePeak      *self);
void        tm_true_peak_process   (TmTruePeak       *self,
                                    const float      *interleaved,
                                    gsize             frames);
double      tm_true_peak_get_peak  (TmTruePeak       *self,
                                    guint64          *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmTruePeak, tm_true_peak_free)

G_END_DECLS
