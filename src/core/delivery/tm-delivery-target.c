/* tm-delivery-target.c: what every delivery channel does (SFTP, HTTP API, folder)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tm-delivery-error.h"
#include "tm-delivery-target.h"
#include "tm-api-target.h"
#include "tm-folder-target.h"
#include "tm-platform-settings.h"
#include "tm-sftp-target.h"

G_DEFINE_INTERFACE (TmDeliveryTarget, tm_delivery_target, G_TYPE_OBJECT)

static void
tm_delivery_target_default_init (TmDeliveryTargetInterface *iface)
{
}

/* The one task runner: an operation of a target that implements run(), in a
 * worker thread. */

typedef struct
{
  TmDeliveryRequest request;
} Work;

static void
work_free (gpointer data)
{
  Work *w = data;

  g_clear_pointer (&w->request.package, tm_package_unref);
  g_free ((char *) w->request.reference);
  g_free (w);
}

static void
worker (GTask        *task,
        gpointer      source,
        gpointer      data,
        GCancellable *cancellable)
{
  TmDeliveryTarget *self = source;
  Work *w = data;
  GError *error = NULL;
  TmDeliveryResult *result;

  result = TM_DELIVERY_TARGET_GET_IFACE (self)->run (self, &w->request, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (w->request.operation == TM_DELIVERY_TEST_CONNECTION)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) tm_delivery_result_free);
}

static void
run_in_thread (TmDeliveryTarget    *self,
               TmDeliveryOperation  operation,
               gpointer             source_tag,
               TmPackage           *package,
               const char          *reference,
               TmProgressFunc       progress,
               gpointer             progress_data,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Work *w;

  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));
  g_return_if_fail (TM_DELIVERY_TARGET_GET_IFACE (self)->run != NULL);
  g_return_if_fail (package != NULL || operation == TM_DELIVERY_TEST_CONNECTION
                    || operation == TM_DELIVERY_POLL_STATUS);

  task = g_task_new (self, cancellable, callback, user_data);
  w = g_new0 (Work, 1);

  w->request.operation = operation;
  w->request.package = package != NULL ? tm_package_ref (package) : NULL;
  w->request.reference = g_strdup (reference);
  w->request.progress = progress;
  w->request.progress_data = progress_data;
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, G_OBJECT_TYPE_NAME (self));
  /* The worker ends by itself when cancelled, having left its state sound. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, w, work_free);
  g_task_run_in_thread (task, worker);
}


void
tm_delivery_target_test_connection_async (TmDeliveryTarget    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  run_in_thread (self, TM_DELIVERY_TEST_CONNECTION, tm_delivery_target_test_connection_async,
                 NULL, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
tm_delivery_target_test_connection_finish (TmDeliveryTarget  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tm_delivery_target_deliver_async (TmDeliveryTarget    *self,
                                  TmPackage           *package,
                                  TmProgressFunc       progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  run_in_thread (self, TM_DELIVERY_DELIVER, tm_delivery_target_deliver_async, package, NULL,
                 progress, progress_data, cancellable, callback, user_data);
}

void
tm_delivery_target_poll_status_async (TmDeliveryTarget    *self,
                                      const char          *reference,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_in_thread (self, TM_DELIVERY_POLL_STATUS, tm_delivery_target_poll_status_async, NULL,
                 reference, NULL, NULL, cancellable, callback, user_data);
}

void
tm_delivery_target_update_metadata_async (TmDeliveryTarget    *self,
                                          TmPackage           *package,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  run_in_thread (self, TM_DELIVERY_UPDATE_METADATA, tm_delivery_target_update_metadata_async,
                 package, NULL, NULL, NULL, cancellable, callback, user_data);
}

void
tm_delivery_target_takedown_async (TmDeliveryTarget    *self,
                                   TmPackage           *package,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_in_thread (self, TM_DELIVERY_TAKEDOWN, tm_delivery_target_takedown_async, package, NULL,
                 NULL, NULL, cancellable, callback, user_data);
}

/**
 * tm_delivery_target_finish:
 *
 * Finishes a delivery, poll, update or takedown.
 *
 * Returns: (transfer full) (nullable): where the platform says the release
 *   stands; %NULL without an error when a poll found nothing new
 */
TmDeliveryResult *
tm_delivery_target_finish (TmDeliveryTarget  *self,
                           GAsyncResult      *result,
                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonObject *
tm_delivery_target_get_requirements (TmDeliveryTarget *self)
{
  TmDeliveryTargetInterface *iface;

  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), NULL);

  iface = TM_DELIVERY_TARGET_GET_IFACE (self);
  return iface->get_requirements != NULL ? iface->get_requirements (self) : NULL;
}

/**
 * tm_delivery_target_new_for_platform:
 *
 * The channel a platform's kind and settings describe.
 */
TmDeliveryTarget *
tm_delivery_target_new_for_platform (TmPlatform  *platform,
                                     GError     **error)
{
  g_autoptr(TmPlatformSettings) settings = NULL;
  const char *name;
  GError *local_error = NULL;

  g_return_val_if_fail (TM_IS_PLATFORM (platform), NULL);

  name = tm_platform_get_name (platform);
  if (!(settings = tm_platform_settings_new_for_platform (platform, &local_error))
      || !tm_platform_settings_check (settings, name, &local_error))
    {
      /* Settings it cannot deliver with: the person edits the platform. */
      GError *wrapped = g_error_new_literal (TM_DELIVERY_ERROR,
                                             TM_DELIVERY_ERROR_METADATA_INVALID,
                                             local_error->message);

      tm_delivery_error_set_action (wrapped, TM_ERROR_ACTION_EDIT_PLATFORM);
      g_propagate_error (error, wrapped);
      g_error_free (local_error);
      return NULL;
    }

  switch (tm_platform_get_kind (platform))
    {
    case TM_PLATFORM_KIND_FOLDER:
      {
        TmFolderTarget *folder = tm_folder_target_new (name, tm_platform_settings_get_string (
                                                               settings, "path"));

        /* "format": "ddex" adds the ERN 4.3 message, with the parties' DDEX ids. */
        if (g_strcmp0 (tm_platform_settings_get_string (settings, "format"), "ddex") == 0)
          tm_folder_target_set_ddex (folder,
                                     tm_platform_settings_get_string (settings,
                                                                      "ddex_sender_dpid"),
                                     tm_platform_settings_get_string (settings,
                                                                      "ddex_sender_name"),
                                     tm_platform_settings_get_string (settings,
                                                                      "ddex_recipient_dpid"),
                                     tm_platform_settings_get_string (settings,
                                                                      "ddex_recipient_name"));
        return TM_DELIVERY_TARGET (folder);
      }

    case TM_PLATFORM_KIND_API:
      {
        TmApiTarget *api;

        if (tm_platform_settings_get_flag (settings, "sandbox"))
          api = tm_api_target_new_sandbox (name);
        else
          /* The token is read from the keyring by the target's worker: a locked
           * keyring must not freeze the window while it asks. */
          api = tm_api_target_new_from_keyring (name,
                                                tm_platform_settings_get_string (settings, "url"),
                                                tm_platform_settings_get_string (settings,
                                                                                 "ca_file"));
        tm_api_target_set_connections (api, (guint) CLAMP (tm_platform_settings_get_int (
                                                               settings, "connections",
                                                               TM_API_TARGET_DEFAULT_CONNECTIONS),
                                                             1, 8));
        return TM_DELIVERY_TARGET (api);
      }

    case TM_PLATFORM_KIND_SFTP:
    default:
      /* A passphrase or password, if one was given, is read from the keyring
       * by the target's worker. */
      return TM_DELIVERY_TARGET (tm_sftp_target_new (name, settings, NULL));
    }
}
