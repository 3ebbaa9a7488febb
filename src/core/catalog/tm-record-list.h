/* tm-record-list.h: a list model of catalog records that follows the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_TYPE_RECORD_LIST (tm_record_list_get_type ())

G_DECLARE_DERIVABLE_TYPE (TmRecordList, tm_record_list, TM, RECORD_LIST, GObject)

struct _TmRecordListClass
{
  GObjectClass parent_class;

  /* Loads every record, sorted by id (or by compare). May run in a worker thread, with a
   * connection of that thread's own: use @catalog, not the list's. */
  GPtrArray *(*load)     (TmRecordList    *self,
                          TmCatalog       *catalog,
                          GError         **error);
  /* Loads one record by id, or returns NULL without an error if it is gone. When
   * NULL, every change that concerns the list reloads it whole. */
  TmRecord  *(*load_one) (TmRecordList    *self,
                          TmCatalog       *catalog,
                          gint64           id,
                          GError         **error);
  /* Whether a change of the catalog is one this list must follow. */
  gboolean   (*concerns) (TmRecordList    *self,
                          TmCatalogChange  change,
                          gint64           release_id);
  /* TRUE when load() returns the records in an order of the list's own (a
   * release's tracks by number), not by id; load_one must then be NULL. */
  gboolean   own_order;

  gpointer padding[7];
};

TmCatalog *tm_record_list_get_catalog      (TmRecordList         *self);
gboolean   tm_record_list_get_loading      (TmRecordList         *self);
gboolean   tm_record_list_reload           (TmRecordList         *self,
                                            GError              **error);
void       tm_record_list_reload_async     (TmRecordList         *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean   tm_record_list_reload_finish    (TmRecordList         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gpointer   tm_record_list_find             (TmRecordList         *self,
                                            gint64                id,
                                            guint                *position);

G_END_DECLS
