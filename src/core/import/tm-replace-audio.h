/* tm-replace-audio.h: a track's audio replaced by another file, and put back
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

typedef struct
{
  TmTrack  *before;     /* the track as it was, to put it back */
  TmTrack  *after;      /* as it is now */
  gboolean  delivered;  /* its release reached a platform: an update sends the new file */
} TmReplacement;

void           tm_replacement_free           (TmReplacement        *replacement);

TmReplacement *tm_replace_audio_sync         (const char           *catalog_path,
                                              gint64                track_id,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GError              **error);
void           tm_replace_audio_async        (const char           *catalog_path,
                                              gint64                track_id,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TmReplacement *tm_replace_audio_finish       (GAsyncResult         *result,
                                              GError              **error);
gboolean       tm_replace_audio_undo         (TmCatalog            *catalog,
                                              TmTrack              *before,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmReplacement, tm_replacement_free)

G_END_DECLS
