/* tm-folder-target.c: manual distribution: packages written to a folder
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A folder platform is a person: TuneMantra writes the package, the person hands
 * it over and, later, drops a status file (status.csv or status.json) into the
 * same folder, or runs `tunemantra-cli import-status`. */

#define G_LOG_DOMAIN "tm-folder-target"

#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-delivery-error.h"
#include "tm-ern.h"
#include "tm-folder-target.h"
#include "tm-ddex-schemas.h"
#include "tm-safe-file.h"
#include "tm-platform-status.h"

struct _TmFolderTarget
{
  GObject  parent_instance;

  char    *platform_name;
  char    *path;
  char    *ddex[4];      /* sender DPID and name, recipient DPID and name; NULL: no DDEX */
};

static void delivery_target_iface_init (TmDeliveryTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TmFolderTarget, tm_folder_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TM_TYPE_DELIVERY_TARGET,
                                                      delivery_target_iface_init))

/* What a worker needs, copied: never the target object itself. */
typedef struct
{
  char           *path;
  char           *ddex[4];
  TmPackage      *package;
  char           *reference;
  TmProgressFunc  progress;
  gpointer        progress_data;
} Work;

static void
work_free (gpointer data)
{
  Work *work = data;

  g_free (work->path);
  for (guint i = 0; i < G_N_ELEMENTS (work->ddex); i++)
    g_free (work->ddex[i]);
  g_clear_pointer (&work->package, tm_package_unref);
  g_free (work->reference);
  g_free (work);
}

static void
run (TmFolderTarget      *self,
     gpointer             source_tag,
     TmPackage           *package,
     const char          *reference,
     TmProgressFunc       progress,
     gpointer             progress_data,
     GTaskThreadFunc      worker,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Work *work = g_new0 (Work, 1);

  work->path = g_strdup (self->path);
  for (guint i = 0; i < G_N_ELEMENTS (work->ddex); i++)
    work->ddex[i] = g_strdup (self->ddex[i]);
  work->package = package != NULL ? tm_package_ref (package) : NULL;
  work->reference = g_strdup (reference);
  work->progress = progress;
  work->progress_data = progress_data;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[tm] folder target");
  g_task_set_task_data (task, work, work_free);
  g_task_run_in_thread (task, worker);
}

static gboolean
storage_error (GError     **error,
               const char  *path,
               int          saved_errno)
{
  g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
               _("Cannot write to the folder %s: %s. Check that it exists, is mounted and can "
                 "be written."), path, g_strerror (saved_errno));
  return FALSE;
}

/* test_connection: the folder exists, or can be made, and takes a file. */

static void
test_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *work = task_data;
  g_autofree char *probe = g_build_filename (work->path, ".tunemantra-probe-XXXXXX", NULL);
  GError *error = NULL;
  int fd;

  if (g_mkdir_with_parents (work->path, 0700) != 0)
    {
      storage_error (&error, work->path, errno);
      g_task_return_error (task, error);
      return;
    }

  fd = g_mkstemp_full (probe, O_WRONLY, 0600);
  if (fd < 0)
    {
      storage_error (&error, work->path, errno);
      g_task_return_error (task, error);
      return;
    }

  g_close (fd, NULL);
  g_unlink (probe);
  g_task_return_boolean (task, TRUE);
}

static void
tm_folder_target_test_connection_async (TmDeliveryTarget    *target,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  run (TM_FOLDER_TARGET (target), tm_folder_target_test_connection_async, NULL, NULL, NULL, NULL,
       test_worker, cancellable, callback, user_data);
}

static gboolean
tm_folder_target_test_connection_finish (TmDeliveryTarget  *target,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static TmDeliveryResult *
propagate_result (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
return_result (GTask            *task,
               TmDeliveryResult *result)
{
  g_task_return_pointer (task, result, (GDestroyNotify) tm_delivery_result_free);
}

/* deliver: the whole package, then waiting for the person to say it went through. */

static void
deliver_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;

  if (g_mkdir_with_parents (work->path, 0700) != 0)
    {
      storage_error (&error, work->path, errno);
      g_task_return_error (task, error);
      return;
    }

  if (!tm_package_write (work->package, work->path, TM_PACKAGE_WRITE_ALL, work->progress,
                         work->progress_data, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* DDEX as well: the ERN message beside the resources, validated first. */
  if (work->ddex[0] != NULL)
    {
      TmErnHeader header = { work->ddex[0], work->ddex[1], work->ddex[2], work->ddex[3] };
      g_autofree char *folder = g_build_filename (work->path,
                                                  tm_package_get_folder_name (work->package),
                                                  NULL);
      g_autoptr(GError) ern_error = NULL;

      if (!tm_ddex_schemas_ensure (NULL, NULL, cancellable, &ern_error))
        {
          g_set_error (&error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY, "%s",
                       ern_error->message);
          g_task_return_error (task, error);
          return;
        }
      if (!tm_ern_write_package (work->package, folder, &header, &ern_error))
        {
          g_set_error (&error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID, "%s",
                       ern_error->message);
          g_task_return_error (task, error);
          return;
        }
    }

  return_result (task, tm_delivery_result_new (TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM,
                                               tm_package_get_id (work->package)));
}

static void
tm_folder_target_deliver_async (TmDeliveryTarget    *target,
                                TmPackage           *package,
                                TmProgressFunc       progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run (TM_FOLDER_TARGET (target), tm_folder_target_deliver_async, package, NULL, progress,
       progress_data, deliver_worker, cancellable, callback, user_data);
}

static TmDeliveryResult *
tm_folder_target_deliver_finish (TmDeliveryTarget  *target,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return propagate_result (result, error);
}

/* poll_status: a status file the person left in the folder. */

static void
poll_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *work = task_data;
  static const char * const names[] = { "status.json", "status.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (work->path, names[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      gsize length;

      /* Read only if it is a file, and small: a FIFO or a huge file is not one. */
      if (!(contents = tm_read_file_bounded (path, TM_STATUS_FILE_MAX_BYTES, TM_OPEN_NOFOLLOW,
                                             &length, NULL)))
        continue;

      /* A file being written or broken is read again at the next poll. */
      if (!(rows = tm_status_file_parse (contents, length, path, NULL)))
        continue;

      for (guint r = rows->len; r > 0; r--)
        {
          TmStatusRow *row = g_ptr_array_index (rows, r - 1);

          if (row->result != NULL && g_strcmp0 (row->result->reference, work->reference) == 0)
            {
              return_result (task, g_steal_pointer (&row->result));
              return;
            }
        }
    }

  g_task_return_pointer (task, NULL, NULL);
}

static void
tm_folder_target_poll_status_async (TmDeliveryTarget    *target,
                                    const char          *reference,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run (TM_FOLDER_TARGET (target), tm_folder_target_poll_status_async, NULL, reference, NULL, NULL,
       poll_worker, cancellable, callback, user_data);
}

static TmDeliveryResult *
tm_folder_target_poll_status_finish (TmDeliveryTarget  *target,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return propagate_result (result, error);
}

/* update and takedown: a note in the delivered package's folder */

static gboolean
write_note (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return storage_error (error, dir, errno);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
delivered_folder (Work    *work,
                  GError **error)
{
  char *dir = g_build_filename (work->path, tm_package_get_folder_name (work->package), NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
                   _("The package %s is no longer in %s. Deliver the release again, or put the "
                     "package back."), tm_package_get_folder_name (work->package), work->path);
      g_free (dir);
      return NULL;
    }

  return dir;
}

static void
update_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *dir = NULL;
  g_autofree char *updates = NULL;
  g_autofree char *json = tm_package_to_json (work->package);
  g_autofree char *csv = tm_package_to_csv (work->package);
  g_autofree char *reason = g_strdup_printf (_("Metadata update of %s\nReason: %s\n"),
                                             tm_package_get_id (work->package),
                                             tm_package_get_reason (work->package)
                                             ? tm_package_get_reason (work->package) : "");
  GError *error = NULL;

  if (!(dir = delivered_folder (work, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  updates = g_build_filename (dir, "updates", stamp, NULL);
  if (!write_note (updates, "metadata.json", json, &error)
      || !write_note (updates, "metadata.csv", csv, &error)
      || !write_note (updates, "REASON.txt", reason, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  return_result (task, tm_delivery_result_new (TM_DISTRIBUTION_STATUS_UPDATED,
                                               tm_package_get_id (work->package)));
}

static void
tm_folder_target_update_metadata_async (TmDeliveryTarget    *target,
                                        TmPackage           *package,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  run (TM_FOLDER_TARGET (target), tm_folder_target_update_metadata_async, package, NULL, NULL,
       NULL, update_worker, cancellable, callback, user_data);
}

static TmDeliveryResult *
tm_folder_target_update_metadata_finish (TmDeliveryTarget  *target,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  return propagate_result (result, error);
}

static void
takedown_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *dir = NULL;
  g_autofree char *note = g_strdup_printf (_("Please take down %s from every store.\n"
                                             "Requested: %s\nReason: %s\n"),
                                           tm_package_get_id (work->package), when,
                                           tm_package_get_reason (work->package)
                                           ? tm_package_get_reason (work->package) : "");
  GError *error = NULL;

  if (!(dir = delivered_folder (work, &error))
      || !write_note (dir, "TAKEDOWN.txt", note, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Removed once the person says so, through a status file. */
  return_result (task, tm_delivery_result_new (TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED,
                                               tm_package_get_id (work->package)));
}

static void
tm_folder_target_takedown_async (TmDeliveryTarget    *target,
                                 TmPackage           *package,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run (TM_FOLDER_TARGET (target), tm_folder_target_takedown_async, package, NULL, NULL, NULL,
       takedown_worker, cancellable, callback, user_data);
}

static TmDeliveryResult *
tm_folder_target_takedown_finish (TmDeliveryTarget  *target,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return propagate_result (result, error);
}

static void
delivery_target_iface_init (TmDeliveryTargetInterface *iface)
{
  iface->test_connection_async = tm_folder_target_test_connection_async;
  iface->test_connection_finish = tm_folder_target_test_connection_finish;
  iface->deliver_async = tm_folder_target_deliver_async;
  iface->deliver_finish = tm_folder_target_deliver_finish;
  iface->poll_status_async = tm_folder_target_poll_status_async;
  iface->poll_status_finish = tm_folder_target_poll_status_finish;
  iface->update_metadata_async = tm_folder_target_update_metadata_async;
  iface->update_metadata_finish = tm_folder_target_update_metadata_finish;
  iface->takedown_async = tm_folder_target_takedown_async;
  iface->takedown_finish = tm_folder_target_takedown_finish;
}

static void
tm_folder_target_finalize (GObject *object)
{
  TmFolderTarget *self = TM_FOLDER_TARGET (object);

  g_clear_pointer (&self->platform_name, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tm_folder_target_parent_class)->finalize (object);
}

static void
tm_folder_target_class_init (TmFolderTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tm_folder_target_finalize;
}

static void
tm_folder_target_init (TmFolderTarget *self)
{
}

TmFolderTarget *
tm_folder_target_new (const char *platform_name,
                      const char *path)
{
  TmFolderTarget *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TM_TYPE_FOLDER_TARGET, NULL);
  self->platform_name = g_strdup (platform_name);
  self->path = g_strdup (path);
  return self;
}

/**
 * tm_folder_target_set_ddex:
 * @sender_dpid: (nullable): NULL for no DDEX message
 *
 * Packages get a DDEX ERN 4.3 message beside their resources.
 */
void
tm_folder_target_set_ddex (TmFolderTarget *self,
                           const char     *sender_dpid,
                           const char     *sender_name,
                           const char     *recipient_dpid,
                           const char     *recipient_name)
{
  const char *values[] = { sender_dpid, sender_name, recipient_dpid, recipient_name };

  g_return_if_fail (TM_IS_FOLDER_TARGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_free (self->ddex[i]);
      self->ddex[i] = g_strdup (values[i]);
    }
}

const char *
tm_folder_target_get_path (TmFolderTarget *self)
{
  g_return_val_if_fail (TM_IS_FOLDER_TARGET (self), NULL);

  return self->path;
}
