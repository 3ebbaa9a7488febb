/* tm-folder-target.c: manual distribution: packages written to a folder
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A folder platform is a person: TuneMantra writes the package, the person hands
 * it over and, later, drops a status file (status.csv or status.json) into the
 * same folder, or runs `tunemantra-cli import-status`. */

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

/* Each operation runs in a worker thread (tm-delivery-target.c), with a
 * reference on the target, whose settings never change once it is made. */

/* test_connection: the folder exists, or can be made, and takes a file. */

static gboolean
test_connection (TmFolderTarget  *self,
                 GError         **error)
{
  g_autofree char *probe = g_build_filename (self->path, ".tunemantra-probe-XXXXXX", NULL);
  int fd;

  if (g_mkdir_with_parents (self->path, 0700) != 0)
    return storage_error (error, self->path, errno);

  fd = g_mkstemp_full (probe, O_WRONLY, 0600);
  if (fd < 0)
    return storage_error (error, self->path, errno);

  g_close (fd, NULL);
  g_unlink (probe);
  return TRUE;
}

/* deliver: the whole package, then waiting for the person to say it went through. */

/* What TuneMantra wrote into the folder: its own doing, not a platform's answer. */
static TmDeliveryResult *
written (TmDistributionStatus  status,
         TmPackage            *package)
{
  TmDeliveryResult *result = tm_delivery_result_new (status, tm_package_get_id (package));

  result->by_platform = FALSE;
  return result;
}

static TmDeliveryResult *
deliver (TmFolderTarget           *self,
         const TmDeliveryRequest  *request,
         GCancellable             *cancellable,
         GError                  **error)
{
  TmPackage *package = request->package;

  if (g_mkdir_with_parents (self->path, 0700) != 0)
    return (storage_error (error, self->path, errno), NULL);

  if (!tm_package_write (package, self->path, TM_PACKAGE_WRITE_ALL, request->progress,
                         request->progress_data, cancellable, error))
    return NULL;

  /* DDEX as well: the ERN message beside the resources, validated first. */
  if (self->ddex[0] != NULL)
    {
      TmErnHeader header = { self->ddex[0], self->ddex[1], self->ddex[2], self->ddex[3] };
      g_autofree char *folder = g_build_filename (self->path, tm_package_get_folder_name (package),
                                                  NULL);
      g_autoptr(GError) ern_error = NULL;

      if (!tm_ddex_schemas_ensure (NULL, NULL, cancellable, &ern_error))
        {
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY, "%s",
                       ern_error->message);
          return NULL;
        }
      if (!tm_ern_write_package (package, folder, &header, &ern_error))
        {
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID, "%s",
                       ern_error->message);
          return NULL;
        }
    }

  return written (TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, package);
}

/* poll_status: a status file the person left in the folder. */

static TmDeliveryResult *
poll_status (TmFolderTarget *self,
             const char     *reference)
{
  static const char * const names[] = { "status.json", "status.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (self->path, names[i], NULL);
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

          if (row->result != NULL && g_strcmp0 (row->result->reference, reference) == 0)
            return g_steal_pointer (&row->result);
        }
    }

  return NULL;
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
delivered_folder (TmFolderTarget  *self,
                  TmPackage       *package,
                  GError         **error)
{
  char *dir = g_build_filename (self->path, tm_package_get_folder_name (package), NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
                   _("The package %s is no longer in %s. Deliver the release again, or put the "
                     "package back."), tm_package_get_folder_name (package), self->path);
      g_free (dir);
      return NULL;
    }

  return dir;
}

static TmDeliveryResult *
update_metadata (TmFolderTarget  *self,
                 TmPackage       *package,
                 GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *dir = NULL;
  g_autofree char *updates = NULL;
  g_autofree char *json = tm_package_to_json (package);
  g_autofree char *csv = tm_package_to_csv (package);
  g_autofree char *reason = g_strdup_printf (_("Metadata update of %s\nReason: %s\n"),
                                             tm_package_get_id (package),
                                             tm_package_get_reason (package)
                                             ? tm_package_get_reason (package) : "");

  if (!(dir = delivered_folder (self, package, error)))
    return NULL;

  updates = g_build_filename (dir, "updates", stamp, NULL);
  if (!write_note (updates, "metadata.json", json, error)
      || !write_note (updates, "metadata.csv", csv, error)
      || !write_note (updates, "REASON.txt", reason, error))
    return NULL;

  return written (TM_DISTRIBUTION_STATUS_UPDATED, package);
}

static TmDeliveryResult *
takedown (TmFolderTarget  *self,
          TmPackage       *package,
          GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *dir = NULL;
  g_autofree char *note = g_strdup_printf (_("Please take down %s from every store.\n"
                                             "Requested: %s\nReason: %s\n"),
                                           tm_package_get_id (package), when,
                                           tm_package_get_reason (package)
                                           ? tm_package_get_reason (package) : "");

  if (!(dir = delivered_folder (self, package, error))
      || !write_note (dir, "TAKEDOWN.txt", note, error))
    return NULL;

  /* Removed once the person says so, through a status file. */
  return written (TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED, package);
}

static TmDeliveryResult *
run (TmDeliveryTarget         *target,
     const TmDeliveryRequest  *request,
     GCancellable             *cancellable,
     GError                  **error)
{
  TmFolderTarget *self = TM_FOLDER_TARGET (target);

  switch (request->operation)
    {
    case TM_DELIVERY_TEST_CONNECTION:
      test_connection (self, error);
      return NULL;
    case TM_DELIVERY_DELIVER:
      return deliver (self, request, cancellable, error);
    case TM_DELIVERY_POLL_STATUS:
      return poll_status (self, request->reference);
    case TM_DELIVERY_UPDATE_METADATA:
      return update_metadata (self, request->package, error);
    case TM_DELIVERY_TAKEDOWN:
    default:
      return takedown (self, request->package, error);
    }
}

static void
delivery_target_iface_init (TmDeliveryTargetInterface *iface)
{
  iface->run = run;
}

static void
tm_folder_target_finalize (GObject *object)
{
  TmFolderTarget *self = TM_FOLDER_TARGET (object);

  g_clear_pointer (&self->platform_name, g_free);
  g_clear_pointer (&self->path, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->ddex); i++)
    g_clear_pointer (&self->ddex[i], g_free);

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
