/* tm-spectrum.h: where a file's sound stops, from its long-term spectrum
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TmSpectrum TmSpectrum;

TmSpectrum *tm_spectrum_new        (guint        channels,
                                    guint        rate);
void        tm_spectrum_free       (TmSpectrum  *self);
void        tm_spectrum_process    (TmSpectrum  *self,
                                    const float *interleaved,
                                    gsize        frames);
double      tm_spectrum_get_cutoff (TmSpectrum  *self,
                                    double      *drop_db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmSpectrum, tm_spectrum_free)

G_END_DECLS
