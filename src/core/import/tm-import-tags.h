/* tm-import-tags.h: what the tags of dropped audio files say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/pbutils/pbutils.h>

#include "tm-model.h"

G_BEGIN_DECLS

/* A file's tags, each %NULL (or 0) where it has none. */
typedef struct
{
  char     *title;
  int       disc;
  int       number;
  char     *artist;
  char     *isrc;
  char     *composer;
  char     *genre;
  char     *date;          /* YYYY-MM-DD */
  char     *album;
  char     *album_artist;
  gboolean  cleaned;       /* control characters were taken out of them */
} TmImportTags;

void tm_import_tags_read  (GstDiscoverer       *discoverer,
                           const char          *path,
                           TmImportTags        *tags);
void tm_import_tags_apply (const TmImportTags  *tags,
                           const char          *path,
                           TmTrack             *track,
                           GPtrArray           *notes);
void tm_import_tags_clear (TmImportTags        *tags);

G_END_DECLS
