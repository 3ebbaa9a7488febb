/* tm-track-table.h: a release's tracks, edited in place
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-track-item.h"

G_BEGIN_DECLS

#define TM_TYPE_TRACK_TABLE (tm_track_table_get_type ())

G_DECLARE_FINAL_TYPE (TmTrackTable, tm_track_table, TM, TRACK_TABLE, AdwBin)

/* The fields "change selected" can set, with the keys of `track set`. */
typedef enum
{
  TM_BATCH_FIELD_ARTIST,
  TM_BATCH_FIELD_FEATURED_ARTISTS,
  TM_BATCH_FIELD_VERSION,
  TM_BATCH_FIELD_LANGUAGE,
  TM_BATCH_FIELD_EXPLICIT,
  TM_BATCH_FIELD_DISC,
} TmBatchField;

GtkWidget         *tm_track_table_new              (TmCatalog     *catalog,
                                                    gint64         release_id);
TmCatalog         *tm_track_table_get_catalog      (TmTrackTable  *self);
GListModel        *tm_track_table_get_items        (TmTrackTable  *self);
GtkSelectionModel *tm_track_table_get_selection    (TmTrackTable  *self);
gboolean           tm_track_table_get_loading      (TmTrackTable  *self);
void               tm_track_table_set_reports      (TmTrackTable  *self,
                                                    GHashTable    *reports);
void               tm_track_table_set_progress     (TmTrackTable  *self,
                                                    const char    *path,
                                                    double         fraction);
guint              tm_track_table_get_n_measured   (TmTrackTable  *self);
gboolean           tm_track_table_save_field       (TmTrackTable  *self,
                                                    TmTrackItem   *item,
                                                    const char    *key,
                                                    const char    *text,
                                                    GError       **error);
gboolean           tm_track_table_edit             (TmTrackTable  *self,
                                                    guint          position,
                                                    const char    *key,
                                                    const char    *text);
gboolean           tm_track_table_start_editing    (TmTrackTable  *self,
                                                    guint          position,
                                                    const char    *key);
void               tm_track_table_edit_next        (TmTrackTable  *self,
                                                    TmTrackItem   *item,
                                                    const char    *key,
                                                    int            direction);
AdwToast          *tm_track_table_apply_to_selected (TmTrackTable *self,
                                                    TmBatchField   field,
                                                    const char    *text);
gboolean           tm_track_table_move             (TmTrackTable  *self,
                                                    guint          from,
                                                    guint          to);
gboolean           tm_track_table_move_selected    (TmTrackTable  *self,
                                                    int            delta);
AdwToast          *tm_track_table_remove_selected  (TmTrackTable  *self);
gboolean           tm_track_table_select_track     (TmTrackTable  *self,
                                                    gint64         track_id);
int                tm_track_table_give_isrcs       (TmTrackTable  *self,
                                                    const char    *prefix);
GtkWidget         *tm_track_table_open_details     (TmTrackTable  *self,
                                                    gint64         track_id);

void               tm_track_table_replace_audio    (TmTrackTable  *self,
                                                    gint64         track_id,
                                                    const char    *path);
gboolean           tm_track_table_get_replacing    (TmTrackTable  *self);
gint64             tm_track_table_track_at         (TmTrackTable  *self,
                                                    double         x,
                                                    double         y);

G_END_DECLS
