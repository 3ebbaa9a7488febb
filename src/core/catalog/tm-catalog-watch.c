/* tm-catalog-watch.c: hearing of what other programs write to the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Another program (the CLI, a queue run from a terminal) or another
 * connection of this one (a worker thread's) commits by writing to the
 * write-ahead log, and a checkpoint writes the database file. A file monitor
 * on both (inotify: it watches the folder, it never opens the files, so no
 * lock of SQLite's is dropped, see tm-catalog-locks.c) wakes us; PRAGMA
 * data_version then says whether anything was committed by someone else,
 * and only then is TmCatalog::changed emitted with TM_CATALOG_CHANGE_EXTERNAL.
 * Nothing looks at the catalog on a timer: an idle catalog costs nothing. */

#include "config.h"

#include "tm-catalog-private.h"

/* Writes come in bursts (a transaction writes several pages): one look after
 * the burst, not one per write. */
#define SETTLE_MS 60

static gboolean
look_cb (gpointer user_data)
{
  TmCatalog *self = user_data;

  self->look_id = 0;
  tm_catalog_check_external_changes (self);
  return G_SOURCE_REMOVE;
}

static void
file_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 TmCatalog         *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  if (self->look_id == 0)
    self->look_id = g_timeout_add (SETTLE_MS, look_cb, self);
}

void
_tm_catalog_stop_watching (TmCatalog *self)
{
  g_clear_handle_id (&self->look_id, g_source_remove);
  if (self->monitors != NULL)
    {
      for (guint i = 0; i < self->monitors->len; i++)
        {
          GFileMonitor *monitor = g_ptr_array_index (self->monitors, i);

          g_signal_handlers_disconnect_by_data (monitor, self);
          g_file_monitor_cancel (monitor);
        }
      g_clear_pointer (&self->monitors, g_ptr_array_unref);
    }
}

/**
 * tm_catalog_watch_external_changes:
 * @watch: whether to follow other programs' writes
 *
 * Emits #TmCatalog::changed with %TM_CATALOG_CHANGE_EXTERNAL in the thread
 * default main context of the caller soon after another connection or program
 * committed a change. Where the file system cannot tell (no inotify), changes
 * are seen at the next tm_catalog_check_external_changes().
 */
void
tm_catalog_watch_external_changes (TmCatalog *self,
                                   gboolean   watch)
{
  static const char * const suffixes[] = { "", "-wal" };

  g_return_if_fail (TM_IS_CATALOG (self));

  _tm_catalog_stop_watching (self);
  if (!watch)
    return;

  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->path, suffixes[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL,
                                                   &error);

      if (monitor == NULL)
        {
          g_debug ("Changes of %s by other programs will not be seen: %s", path,
                   error->message);
          continue;
        }
      g_file_monitor_set_rate_limit (monitor, SETTLE_MS);
      g_signal_connect (monitor, "changed", G_CALLBACK (file_changed_cb), self);
      g_ptr_array_add (self->monitors, monitor);
    }
}
