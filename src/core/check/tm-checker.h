/* tm-checker.h: what each platform would reject in a release, and why
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-inspector.h"
#include "tm-issue.h"
#include "tm-model.h"
#include "tm-requirements.h"

G_BEGIN_DECLS

typedef struct
{
  TmRelease  *release;
  GPtrArray  *tracks;            /* TmTrack, in order */
  TmArtwork  *artwork;           /* nullable: no cover yet */
  GHashTable *reports;           /* path → TmReport: what inspecting the file found,
                                  * or why it could not be */
  GHashTable *isrcs_elsewhere;   /* nullable; ISRC → where else in the catalog it is used */
  GDateTime  *now;               /* nullable: now */
} TmCheckInput;

/* The issues of @input for one platform, errors first, then by track. */
GPtrArray *tm_checker_check          (const TmCheckInput *input,
                                      TmRequirements     *profile);
gboolean   tm_checker_has_errors     (GPtrArray          *issues);

/* The gain, in dB, that @profile's loudness normalisation applies to audio of
 * @integrated_lufs and @true_peak_dbtp; FALSE where the platform has no
 * (known) normalisation. */
gboolean   tm_checker_loudness_gain  (TmRequirements     *profile,
                                      double              integrated_lufs,
                                      double              true_peak_dbtp,
                                      double             *gain_db);
/* The loudness of tracks played one after another: their energies averaged
 * over their durations. NAN when nothing was measured. */
double     tm_checker_album_loudness (const double       *integrated_lufs,
                                      const double       *durations_s,
                                      guint               n);
void       tm_checker_playback_gains (TmRequirements     *profile,
                                      const double       *lufs,
                                      const double       *peaks,
                                      const double       *durations,
                                      guint               n,
                                      gboolean            whole_release,
                                      double             *gains);

G_END_DECLS
