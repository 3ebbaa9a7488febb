/* tm-format.h: times as people read them
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tm-release.h"

G_BEGIN_DECLS

char *tm_format_when         (gint64        usec,
                              gint64        now);
char *tm_format_release_type (TmReleaseType type);
char *tm_format_date         (const char   *date);

G_END_DECLS
