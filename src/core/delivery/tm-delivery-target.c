/* tm-delivery-target.c: what every delivery channel does (SFTP, HTTP API, folder)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tm-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-delivery-error.h"
#include "tm-delivery-target.h"
#include "tm-api-target.h"
#include "tm-folder-target.h"
#include "tm-sftp-target.h"

G_DEFINE_INTERFACE (TmDeliveryTarget, tm_delivery_target, G_TYPE_OBJECT)

static void
tm_delivery_target_default_init (TmDeliveryTargetInterface *iface)
{
}

TmDeliveryResult *
tm_delivery_result_new (TmDistributionStatus  status,
                        const char           *reference)
{
  TmDeliveryResult *result = g_new0 (TmDeliveryResult, 1);

  result->status = status;
  result->reference = g_strdup (reference);
  return result;
}

void
tm_delivery_result_free (TmDeliveryResult *result)
{
  if (result == NULL)
    return;

  g_free (result->reference);
  g_free (result->store_url);
  g_free (result->message);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  g_free (result);
}

/* Something to keep in the history that moves nothing (an acknowledgement set aside). */
void
tm_delivery_result_add_note (TmDeliveryResult *result,
                             const char       *note)
{
  if (result->notes == NULL)
    result->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (result->notes, g_strdup (note));
}

void
tm_delivery_target_test_connection_async (TmDeliveryTarget    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));

  TM_DELIVERY_TARGET_GET_IFACE (self)->test_connection_async (self, cancellable, callback,
                                                              user_data);
}

gboolean
tm_delivery_target_test_connection_finish (TmDeliveryTarget  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), FALSE);

  /* Targets that run a GTask need no finish function of their own. */
  if (TM_DELIVERY_TARGET_GET_IFACE (self)->test_connection_finish == NULL)
    return g_task_propagate_boolean (G_TASK (result), error);
  return TM_DELIVERY_TARGET_GET_IFACE (self)->test_connection_finish (self, result, error);
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
  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));
  g_return_if_fail (package != NULL);

  TM_DELIVERY_TARGET_GET_IFACE (self)->deliver_async (self, package, progress, progress_data,
                                                      cancellable, callback, user_data);
}

TmDeliveryResult *
tm_delivery_target_deliver_finish (TmDeliveryTarget  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), NULL);

  if (TM_DELIVERY_TARGET_GET_IFACE (self)->deliver_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return TM_DELIVERY_TARGET_GET_IFACE (self)->deliver_finish (self, result, error);
}

void
tm_delivery_target_poll_status_async (TmDeliveryTarget    *self,
                                      const char          *reference,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));

  TM_DELIVERY_TARGET_GET_IFACE (self)->poll_status_async (self, reference, cancellable, callback,
                                                          user_data);
}

TmDeliveryResult *
tm_delivery_target_poll_status_finish (TmDeliveryTarget  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), NULL);

  if (TM_DELIVERY_TARGET_GET_IFACE (self)->poll_status_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return TM_DELIVERY_TARGET_GET_IFACE (self)->poll_status_finish (self, result, error);
}

void
tm_delivery_target_update_metadata_async (TmDeliveryTarget    *self,
                                          TmPackage           *package,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));

  TM_DELIVERY_TARGET_GET_IFACE (self)->update_metadata_async (self, package, cancellable,
                                                              callback, user_data);
}

TmDeliveryResult *
tm_delivery_target_update_metadata_finish (TmDeliveryTarget  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), NULL);

  if (TM_DELIVERY_TARGET_GET_IFACE (self)->update_metadata_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return TM_DELIVERY_TARGET_GET_IFACE (self)->update_metadata_finish (self, result, error);
}

void
tm_delivery_target_takedown_async (TmDeliveryTarget    *self,
                                   TmPackage           *package,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TM_IS_DELIVERY_TARGET (self));

  TM_DELIVERY_TARGET_GET_IFACE (self)->takedown_async (self, package, cancellable, callback,
                                                       user_data);
}

TmDeliveryResult *
tm_delivery_target_takedown_finish (TmDeliveryTarget  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (TM_IS_DELIVERY_TARGET (self), NULL);

  if (TM_DELIVERY_TARGET_GET_IFACE (self)->takedown_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return TM_DELIVERY_TARGET_GET_IFACE (self)->takedown_finish (self, result, error);
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
  g_autoptr(JsonNode) settings = NULL;
  const char *path;

  g_return_val_if_fail (TM_IS_PLATFORM (platform), NULL);

  switch (tm_platform_get_kind (platform))
    {
    case TM_PLATFORM_KIND_FOLDER:
      settings = json_from_string (tm_platform_get_settings (platform)
                                   ? tm_platform_get_settings (platform) : "{}", NULL);
      path = settings != NULL && JSON_NODE_HOLDS_OBJECT (settings)
             ? tm_json_string_or (json_node_get_object (settings), "path", NULL)
             : NULL;
      if (path == NULL)
        {
          GError *missing = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
                                         _("The platform “%s” has no folder to deliver to."),
                                         tm_platform_get_name (platform));

          tm_delivery_error_set_action (missing, TM_ERROR_ACTION_EDIT_PLATFORM);
          g_propagate_error (error, missing);
          return NULL;
        }
      {
        TmFolderTarget *folder = tm_folder_target_new (tm_platform_get_name (platform), path);
        JsonObject *o = json_node_get_object (settings);

        /* "format": "ddex" adds the ERN 4.3 message, with the parties' DDEX ids. */
        if (g_strcmp0 (tm_json_string_or (o, "format", NULL), "ddex")
            == 0
            && (!json_object_has_member (o, "ddex_sender_dpid")
                || !json_object_has_member (o, "ddex_recipient_dpid")))
          {
            g_object_unref (folder);
            g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                         _("The platform “%s” writes DDEX, but its DDEX Party IDs are not set. "
                           "Add --setting ddex_sender_dpid=PADPIDA… and --setting "
                           "ddex_recipient_dpid=PADPIDA…"), tm_platform_get_name (platform));
            return NULL;
          }
        if (g_strcmp0 (tm_json_string_or (o, "format", NULL), "ddex")
            == 0)
          tm_folder_target_set_ddex (folder,
                                     tm_json_string_or (o, "ddex_sender_dpid", NULL),
                                     tm_json_string_or (o, "ddex_sender_name", NULL),
                                     tm_json_string_or (o, "ddex_recipient_dpid", NULL),
                                     tm_json_string_or (o, "ddex_recipient_name", NULL));
        return TM_DELIVERY_TARGET (folder);
      }

    case TM_PLATFORM_KIND_API:
      {
        JsonObject *o;
        const char *url;
        settings = json_from_string (tm_platform_get_settings (platform)
                                     ? tm_platform_get_settings (platform) : "{}", NULL);
        o = settings != NULL && JSON_NODE_HOLDS_OBJECT (settings)
            ? json_node_get_object (settings) : NULL;
        if (o != NULL && tm_json_bool_or (o, "sandbox", FALSE))
          return TM_DELIVERY_TARGET (tm_api_target_new_sandbox (tm_platform_get_name (platform)));
        url = o != NULL ? tm_json_string_or (o, "url", NULL) : NULL;
        if (url == NULL)
          {
            GError *missing = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                                           _("The platform “%s” has no address."),
                                           tm_platform_get_name (platform));

            tm_delivery_error_set_action (missing, TM_ERROR_ACTION_EDIT_PLATFORM);
            g_propagate_error (error, missing);
            return NULL;
          }
        /* The token is read from the keyring by the target's worker: a locked
         * keyring must not freeze the window while it asks. */
        return TM_DELIVERY_TARGET (tm_api_target_new_from_keyring (
                                     tm_platform_get_name (platform), url,
                                     tm_json_string_or (o, "ca_file", NULL)));
      }

    case TM_PLATFORM_KIND_SFTP:
    default:
      {
        settings = json_from_string (tm_platform_get_settings (platform)
                                     ? tm_platform_get_settings (platform) : "{}", NULL);
        if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
          {
            g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                         _("The settings of “%s” are damaged; add the platform again."),
                         tm_platform_get_name (platform));
            return NULL;
          }
        /* A passphrase or password, if one was given, is read from the keyring
         * by the target's worker. */
        return TM_DELIVERY_TARGET (tm_sftp_target_new (tm_platform_get_name (platform),
                                                       json_node_get_object (settings),
                                                       NULL, error));
      }
    }
}
