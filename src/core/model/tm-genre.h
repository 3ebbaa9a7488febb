/* tm-genre.h: the genres the stores list
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *tm_genre_get_all   (void);
const char         *tm_genre_find      (const char *name);

G_END_DECLS
