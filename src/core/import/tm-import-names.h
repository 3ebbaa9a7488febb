/* tm-import-names.h: what the names of dropped files say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tm-model.h"

G_BEGIN_DECLS

gboolean       tm_import_names_is_audio      (const char          *name);
gboolean       tm_import_names_is_image      (const char          *name);
gboolean       tm_import_names_parse_track   (const char          *basename,
                                              int                 *disc,
                                              int                 *number,
                                              char               **title);
const char    *tm_import_names_choose_cover  (GPtrArray           *images);
char          *tm_import_names_release_title (const char * const  *paths);
TmReleaseType  tm_import_names_release_type  (guint                n_tracks);

G_END_DECLS
