/* tm-platforms-dialog.c: the platforms releases go to, added, tested and removed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What `tunemantra-cli platform add`, `edit`, `test` and `remove` do, in the
 * window. The platforms are a list of the catalog (TmQueryList) shown by a
 * list view of TmPlatformRow. Tokens and passwords go to the keyring
 * (tm-secrets), never to the catalog, and the keyring is reached in a worker:
 * a locked keyring asks for its password and the window keeps drawing. An SFTP
 * server never seen before shows its fingerprint to compare and accept. */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "tm-delivery-error.h"
#include "tm-delivery-target.h"
#include "tm-platform-editor.h"
#include "tm-platform-row.h"
#include "tm-platform-settings.h"
#include "tm-platforms-dialog.h"
#include "tm-query-list.h"
#include "tm-secrets.h"
#include "tm-sftp-target.h"
#include "tm-widget-util.h"

struct _TmPlatformsDialog
{
  AdwPreferencesWindow  parent_instance;

  TmCatalog            *catalog;          /* construct-only */
  TmQueryList          *platforms;
  GCancellable         *cancellable;
  guint                 busy;             /* keyring and tests under way */
  char                 *last_test;        /* "ok" or the error of the last test */
  char                 *pending_name;     /* the platform whose host key is shown */
  char                 *pending_fingerprint;

  /* Template widgets */
  GtkListView          *list;
  AdwEntryRow          *api_name;
  AdwEntryRow          *api_url;
  AdwPasswordEntryRow  *api_token;
  AdwPasswordEntryRow  *api_refresh;
  AdwEntryRow          *api_ca;
  AdwEntryRow          *sftp_name;
  AdwEntryRow          *sftp_host;
  AdwEntryRow          *sftp_port;
  AdwEntryRow          *sftp_user;
  AdwEntryRow          *sftp_key;
  AdwPasswordEntryRow  *sftp_secret;
  AdwEntryRow          *sftp_folder;
  AdwEntryRow          *sftp_sender;
  AdwEntryRow          *sftp_recipient;
};

G_DEFINE_FINAL_TYPE (TmPlatformsDialog, tm_platforms_dialog, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (TmPlatformsDialog *self,
       const char        *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
set_busy (TmPlatformsDialog *self,
          int                delta)
{
  self->busy += delta;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
tm_platforms_dialog_get_busy (TmPlatformsDialog *self)
{
  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  return self->busy > 0;
}

static void
set_last_test (TmPlatformsDialog *self,
               const char        *result)
{
  g_free (self->last_test);
  self->last_test = g_strdup (result);
}

/* The keyring, in a worker: a store, or a clear when @tokens is NULL. */

typedef struct
{
  char     *name;
  TmTokens *tokens;     /* nullable: clear */
} KeyringOp;

static void
keyring_op_free (gpointer data)
{
  KeyringOp *op = data;

  g_free (op->name);
  tm_tokens_free (op->tokens);
  g_free (op);
}

static void
keyring_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  KeyringOp *op = data;
  GError *error = NULL;
  gboolean ok = op->tokens != NULL
                ? tm_secrets_store_tokens (op->name, op->tokens, cancellable, &error)
                : tm_secrets_clear (op->name, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
keyring_async (TmPlatformsDialog   *self,
               KeyringOp           *op,
               GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = tm_widget_task_new (self, self->cancellable, callback, NULL);

  set_busy (self, 1);
  g_task_set_source_tag (task, keyring_async);
  g_task_set_name (task, "[tm] keyring");
  g_task_set_task_data (task, op, keyring_op_free);
  g_task_run_in_thread (task, keyring_worker);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  set_busy (self, -1);
}

/* Testing a connection */

/* Work on an SFTP server's host key, in a worker: read its fingerprint, or
 * accept the one the person compared. */
typedef struct
{
  char         *name;
  TmSftpTarget *target;
  char         *fingerprint;   /* NULL: read it */
} HostOp;

static void
host_op_free (gpointer data)
{
  HostOp *op = data;

  g_free (op->name);
  g_clear_object (&op->target);
  g_free (op->fingerprint);
  g_free (op);
}

static void
host_worker (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  HostOp *op = data;
  TmSftpConfig config = tm_sftp_target_get_config (op->target);
  GError *error = NULL;

  if (op->fingerprint == NULL)
    {
      char *fingerprint = tm_sftp_host_fingerprint (&config, cancellable, &error);

      if (fingerprint == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, fingerprint, g_free);
    }
  else if (tm_sftp_trust_host (&config, op->fingerprint, cancellable, &error))
    g_task_return_pointer (task, g_strdup (op->fingerprint), g_free);
  else
    g_task_return_error (task, error);
}

static void
host_async (TmPlatformsDialog   *self,
            HostOp              *op,
            GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = tm_widget_task_new (self, self->cancellable, callback, NULL);

  set_busy (self, 1);
  g_task_set_source_tag (task, host_async);
  g_task_set_name (task, "[tm] host key");
  g_task_set_task_data (task, op, host_op_free);
  g_task_run_in_thread (task, host_worker);
}

static void
trusted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (source);
  HostOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (done == NULL)
    {
      set_last_test (self, error->message);
      toast (self, error->message);
      return;
    }
  tm_platforms_dialog_test (self, op->name);
}

/**
 * tm_platforms_dialog_trust:
 *
 * Accepts the host key of @name's server, if it is still the one with
 * @fingerprint, then tests the platform again.
 */
void
tm_platforms_dialog_trust (TmPlatformsDialog *self,
                           const char        *name,
                           const char        *fingerprint)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDeliveryTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  HostOp *op;

  g_return_if_fail (TM_IS_PLATFORMS_DIALOG (self));

  g_clear_pointer (&self->last_test, g_free);
  if (!(platform = tm_catalog_find_platform (self->catalog, name, &error))
      || !(target = tm_delivery_target_new_for_platform (platform, &error))
      || !TM_IS_SFTP_TARGET (target))
    {
      set_last_test (self, error != NULL ? error->message : _("Not an SFTP platform"));
      return;
    }
  op = g_new0 (HostOp, 1);
  op->name = g_strdup (name);
  op->target = TM_SFTP_TARGET (g_object_ref (target));
  op->fingerprint = g_strdup (fingerprint);
  host_async (self, op, trusted_cb);
}

static void
trust_response_cb (TmPlatformsDialog *self,
                   const char        *response)
{
  g_autofree char *name = g_steal_pointer (&self->pending_name);
  g_autofree char *fingerprint = g_steal_pointer (&self->pending_fingerprint);

  if (g_str_equal (response, "trust") && name != NULL)
    tm_platforms_dialog_trust (self, name, fingerprint);
  else
    set_last_test (self, _("The host key was not accepted."));
}

static void
fingerprint_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (source);
  HostOp *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  set_busy (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (fingerprint == NULL)
    {
      set_last_test (self, error->message);
      toast (self, error->message);
      return;
    }

  /* A server never seen: its fingerprint, to compare with the one the
   * platform gives, and to accept. */
  g_free (self->pending_name);
  self->pending_name = g_strdup (op->name);
  g_free (self->pending_fingerprint);
  self->pending_fingerprint = g_strdup (fingerprint);
  body = g_strdup_printf (_("TuneMantra has not seen the server of %s before. Its host key "
                            "fingerprint is\n\n%s\n\nAccept it only if it is the one the "
                            "platform gives you."), op->name, fingerprint);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust This Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "trust", _("_Trust"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GWeakRef  dialog;
  char     *name;
} TestData;

static void
test_data_free (TestData *d)
{
  g_weak_ref_clear (&d->dialog);
  g_free (d->name);
  g_free (d);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestData *d = user_data;
  g_autoptr(TmPlatformsDialog) self = g_weak_ref_get (&d->dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = tm_delivery_target_test_connection_finish (TM_DELIVERY_TARGET (source), result,
                                                           &error);

  if (self == NULL)
    {
      test_data_free (d);
      return;
    }
  set_busy (self, -1);
  if (!ok && TM_IS_SFTP_TARGET (source)
      && g_error_matches (error, TM_SFTP_ERROR, TM_SFTP_ERROR_HOST_KEY_UNKNOWN))
    {
      HostOp *op = g_new0 (HostOp, 1);

      op->name = g_strdup (d->name);
      op->target = TM_SFTP_TARGET (g_object_ref (source));
      host_async (self, op, fingerprint_cb);
      test_data_free (d);
      return;
    }

  if (ok)
    message = g_strdup_printf (_("%s works"), d->name);
  else
    message = tm_delivery_error_get_hint (error) != NULL
              ? g_strdup_printf ("%s %s", error->message, tm_delivery_error_get_hint (error))
              : g_strdup (error->message);
  set_last_test (self, ok ? "ok" : error->message);
  toast (self, message);
  test_data_free (d);
}

/**
 * tm_platforms_dialog_test:
 *
 * Checks that TuneMantra can deliver to the platform @name (for the API, with
 * GET /v1/platform); the answer comes as a toast.
 */
void
tm_platforms_dialog_test (TmPlatformsDialog *self,
                          const char        *name)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDeliveryTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  TestData *d;

  g_return_if_fail (TM_IS_PLATFORMS_DIALOG (self));

  g_clear_pointer (&self->last_test, g_free);
  if (!(platform = tm_catalog_find_platform (self->catalog, name, &error))
      || !(target = tm_delivery_target_new_for_platform (platform, &error)))
    {
      set_last_test (self, error->message);
      toast (self, error->message);
      return;
    }

  d = g_new0 (TestData, 1);
  g_weak_ref_init (&d->dialog, self);
  d->name = g_strdup (name);
  set_busy (self, 1);
  tm_delivery_target_test_connection_async (target, self->cancellable, test_done_cb, d);
}

/**
 * tm_platforms_dialog_get_pending_fingerprint:
 *
 * Returns: (nullable): the fingerprint of a server shown for trust, if any
 */
const char *
tm_platforms_dialog_get_pending_fingerprint (TmPlatformsDialog *self)
{
  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  return self->pending_fingerprint;
}

const char *
tm_platforms_dialog_get_last_test (TmPlatformsDialog *self)
{
  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  return self->last_test;
}

/* Adding and editing: the platform to the catalog once its secret is in the
 * keyring (and the secret out again if the catalog refuses the platform),
 * then a test. */

typedef struct
{
  TmPlatform *platform;
  gboolean    is_new;
} Saving;

static void
saving_free (gpointer data)
{
  Saving *s = data;

  g_clear_object (&s->platform);
  g_free (s);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (source);
  Saving *s = user_data;
  const char *name = tm_platform_get_name (s->platform);
  g_autoptr(GError) error = NULL;

  set_busy (self, -1);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_test (self, error->message);
          toast (self, error->message);
        }
      saving_free (s);
      return;
    }
  if (s->is_new && !tm_catalog_add_platform (self->catalog, s->platform, &error))
    {
      KeyringOp *op = g_new0 (KeyringOp, 1);

      op->name = g_strdup (name);
      keyring_async (self, op, cleared_cb);
      set_last_test (self, error->message);
      toast (self, error->message);
      saving_free (s);
      return;
    }
  tm_platforms_dialog_test (self, name);
  saving_free (s);
}

static gboolean
save_platform (TmPlatformsDialog   *self,
               TmPlatform          *platform,
               gboolean             is_new,
               TmTokens            *tokens,
               GError             **error)
{
  Saving *s;
  KeyringOp *op;
  g_autoptr(GTask) task = NULL;

  if (is_new && tm_catalog_find_platform (self->catalog, tm_platform_get_name (platform), NULL))
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                   _("A platform named “%s” is already there."), tm_platform_get_name (platform));
      return FALSE;
    }
  if (!is_new && !tm_catalog_update_platform (self->catalog, platform, error))
    return FALSE;
  g_clear_pointer (&self->last_test, g_free);
  if (tokens == NULL)
    {
      if (is_new && !tm_catalog_add_platform (self->catalog, platform, error))
        return FALSE;
      tm_platforms_dialog_test (self, tm_platform_get_name (platform));
      return TRUE;
    }

  s = g_new0 (Saving, 1);
  s->platform = g_object_ref (platform);
  s->is_new = is_new;
  op = g_new0 (KeyringOp, 1);
  op->name = g_strdup (tm_platform_get_name (platform));
  op->tokens = tm_tokens_new (tokens->access_token, tokens->refresh_token);
  set_busy (self, 1);
  task = tm_widget_task_new (self, self->cancellable, stored_cb, s);
  g_task_set_source_tag (task, save_platform);
  g_task_set_name (task, "[tm] keyring");
  g_task_set_task_data (task, op, keyring_op_free);
  g_task_run_in_thread (task, keyring_worker);
  return TRUE;
}

static TmPlatform *
new_platform (const char          *name,
              TmPlatformKind       kind,
              TmPlatformSettings  *settings,
              GError             **error)
{
  g_autoptr(TmPlatform) platform = tm_platform_new ();

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the platform a name."));
      return NULL;
    }
  tm_platform_set_name (platform, name);
  tm_platform_set_kind (platform, kind);
  if (!tm_platform_settings_save (settings, platform, error))
    return NULL;
  tm_platform_set_rule_profile (platform, "generic");
  tm_platform_set_enabled (platform, TRUE);
  return g_steal_pointer (&platform);
}

/**
 * tm_platforms_dialog_add_api:
 * @refresh_token: (nullable):
 * @ca_file: (nullable): a CA certificate (PEM) for a self-hosted service
 *
 * Adds a Delivery API platform, as the form does: its token to the keyring,
 * the rest to the catalog, then tests it. Settings that cannot work are
 * refused at once with @error; the keyring's answer comes later.
 *
 * Returns: whether it is being added
 */
gboolean
tm_platforms_dialog_add_api (TmPlatformsDialog  *self,
                             const char         *name,
                             const char         *url,
                             const char         *token,
                             const char         *refresh_token,
                             const char         *ca_file,
                             GError            **error)
{
  g_autoptr(TmPlatformSettings) settings = tm_platform_settings_new (TM_PLATFORM_KIND_API);
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmTokens) tokens = NULL;

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  if (!tm_platform_settings_set (settings, "url", url, error)
      || !tm_platform_settings_set (settings, "ca_file", ca_file, error))
    return FALSE;
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The platform's access token is needed."));
      return FALSE;
    }
  if (!(platform = new_platform (name, TM_PLATFORM_KIND_API, settings, error)))
    return FALSE;
  tokens = tm_tokens_new (token, refresh_token != NULL && *refresh_token != '\0'
                                 ? refresh_token : NULL);
  return save_platform (self, platform, TRUE, tokens, error);
}

/**
 * tm_platforms_dialog_add_sftp:
 * @secret: (nullable): the key's passphrase, or the password
 * @remote_dir: (nullable): the drop folder on the server; empty: the login folder
 *
 * Adds an SFTP platform with DDEX, as the form does: its secret to the
 * keyring, the rest to the catalog. Testing it then shows the server's
 * fingerprint to accept.
 */
gboolean
tm_platforms_dialog_add_sftp (TmPlatformsDialog  *self,
                              const char         *name,
                              const char         *host,
                              int                 port,
                              const char         *user,
                              const char         *key_file,
                              const char         *secret,
                              const char         *remote_dir,
                              const char         *sender_dpid,
                              const char         *recipient_dpid,
                              GError            **error)
{
  g_autoptr(TmPlatformSettings) settings = tm_platform_settings_new (TM_PLATFORM_KIND_SFTP);
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmTokens) tokens = NULL;
  g_autofree char *port_text = g_strdup_printf ("%d", port > 0 ? port : 22);
  const struct { const char *key; const char *value; } given[] = {
    { "host", host }, { "port", port_text }, { "user", user }, { "key_file", key_file },
    { "remote_root", remote_dir }, { "ddex_sender_dpid", sender_dpid },
    { "ddex_recipient_dpid", recipient_dpid },
  };

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (!tm_platform_settings_set (settings, given[i].key, given[i].value, error))
      return FALSE;
  /* Without a key file, the key comes from the SSH agent. */
  if (key_file == NULL || *key_file == '\0')
    tm_platform_settings_set_flag (settings, "use_agent", TRUE);
  if (!(platform = new_platform (name, TM_PLATFORM_KIND_SFTP, settings, error)))
    return FALSE;
  if (secret != NULL && *secret != '\0')
    tokens = tm_tokens_new (secret, NULL);
  return save_platform (self, platform, TRUE, tokens, error);
}

/**
 * tm_platforms_dialog_edit:
 * @keys: (array zero-terminated=1): settings to change
 * @values: (array zero-terminated=1): their new values; empty removes the setting
 * @secret: (nullable): a new token, password or passphrase; %NULL or empty keeps it
 *
 * Changes a platform's settings, as its editor does, then tests it. Nothing
 * is saved when the platform could not deliver with the new settings.
 */
gboolean
tm_platforms_dialog_edit (TmPlatformsDialog   *self,
                          const char          *name,
                          const char * const  *keys,
                          const char * const  *values,
                          gboolean             enabled,
                          const char          *secret,
                          GError             **error)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmPlatformSettings) settings = NULL;
  g_autoptr(TmTokens) tokens = NULL;

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  if (!(platform = tm_catalog_find_platform (self->catalog, name, error))
      || !(settings = tm_platform_settings_new_for_platform (platform, error)))
    return FALSE;
  /* Each value is checked, then what the platform needs: settings it could
   * not deliver with are not saved. */
  for (guint i = 0; keys[i] != NULL && values[i] != NULL; i++)
    if (!tm_platform_settings_set (settings, keys[i], values[i], error))
      return FALSE;
  if (!tm_platform_settings_save (settings, platform, error))
    return FALSE;
  tm_platform_set_enabled (platform, enabled);
  if (secret != NULL && *secret != '\0')
    tokens = tm_tokens_new (secret, NULL);
  return save_platform (self, platform, FALSE, tokens, error);
}

/**
 * tm_platforms_dialog_open_editor:
 *
 * Opens the editor of the platform @name.
 *
 * Returns: (transfer none) (nullable): its window
 */
GtkWidget *
tm_platforms_dialog_open_editor (TmPlatformsDialog *self,
                                 const char        *name)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  if (!(platform = tm_catalog_find_platform (self->catalog, name, &error)))
    {
      toast (self, error->message);
      return NULL;
    }
  editor = tm_platform_editor_new (platform);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/**
 * tm_platforms_dialog_remove:
 *
 * Removes the platform @name and its secret, as its button does. A platform
 * releases went to is kept (the catalog says why).
 */
void
tm_platforms_dialog_remove (TmPlatformsDialog *self,
                            const char        *name)
{
  g_autoptr(TmPlatform) platform = tm_catalog_find_platform (self->catalog, name, NULL);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TM_IS_PLATFORMS_DIALOG (self));

  if (platform == NULL)
    return;
  if (!tm_catalog_remove_platform (self->catalog, tm_record_get_id (TM_RECORD (platform)),
                                   &error))
    {
      toast (self, error->message);
      return;
    }
  /* Its token, password or passphrase goes with it. */
  if (tm_platform_get_kind (platform) != TM_PLATFORM_KIND_FOLDER)
    {
      KeyringOp *op = g_new0 (KeyringOp, 1);

      op->name = g_strdup (name);
      keyring_async (self, op, cleared_cb);
    }
  toast (self, _("Platform removed"));
}

GListModel *
tm_platforms_dialog_get_platforms (TmPlatformsDialog *self)
{
  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  return G_LIST_MODEL (self->platforms);
}

/* The rows' buttons */

typedef struct
{
  GWeakRef  dialog;
  char     *name;
} Removal;

static void
removal_free (gpointer data,
              GClosure *closure)
{
  Removal *r = data;

  g_weak_ref_clear (&r->dialog);
  g_free (r->name);
  g_free (r);
}

static void
remove_response_cb (AdwMessageDialog *message,
                    const char       *response,
                    Removal          *r)
{
  g_autoptr(TmPlatformsDialog) self = g_weak_ref_get (&r->dialog);

  if (self != NULL && g_str_equal (response, "remove"))
    tm_platforms_dialog_remove (self, r->name);
}

/* Its settings and its token go for good: asked first. */
static void
confirm_remove (TmPlatformsDialog *self,
                const char        *name)
{
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), name);
  GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                               _("Its settings and the token or password "
                                                 "kept for it are removed. What was "
                                                 "delivered to it keeps its history."));
  Removal *r = g_new0 (Removal, 1);

  g_weak_ref_init (&r->dialog, self);
  r->name = g_strdup (name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message), "cancel");
  g_signal_connect_data (message, "response", G_CALLBACK (remove_response_cb), r, removal_free,
                         0);
  gtk_window_present (GTK_WINDOW (message));
}

static void
platform_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "platforms.test"))
    tm_platforms_dialog_test (self, name);
  else if (g_str_equal (action_name, "platforms.edit"))
    tm_platforms_dialog_open_editor (self, name);
  else
    confirm_remove (self, name);
}

/* The forms */

static char *
typed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_rows (AdwEntryRow **rows,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    gtk_editable_set_text (GTK_EDITABLE (rows[i]), "");
}

static void
add_api_clicked_cb (TmPlatformsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = typed (self->api_name);
  AdwEntryRow *rows[] = {
    self->api_name, self->api_url, ADW_ENTRY_ROW (self->api_token),
    ADW_ENTRY_ROW (self->api_refresh), self->api_ca,
  };

  if (!tm_platforms_dialog_add_api (self, name,
                                    gtk_editable_get_text (GTK_EDITABLE (self->api_url)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->api_token)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->api_refresh)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->api_ca)), &error))
    {
      toast (self, error->message);
      return;
    }
  /* The secrets leave the entries at once. */
  clear_rows (rows, G_N_ELEMENTS (rows));
}

static void
add_sftp_clicked_cb (TmPlatformsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = typed (self->sftp_name);
  g_autofree char *port = typed (self->sftp_port);
  AdwEntryRow *rows[] = {
    self->sftp_name, self->sftp_host, self->sftp_port, self->sftp_user, self->sftp_key,
    ADW_ENTRY_ROW (self->sftp_secret), self->sftp_folder, self->sftp_sender, self->sftp_recipient,
  };

  if (!tm_platforms_dialog_add_sftp (self, name,
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_host)),
                                     atoi (port),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_user)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_key)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_secret)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_folder)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_sender)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_recipient)),
                                     &error))
    {
      toast (self, error->message);
      return;
    }
  clear_rows (rows, G_N_ELEMENTS (rows));
}

/* Construction */

static void
tm_platforms_dialog_constructed (GObject *object)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (object);

  G_OBJECT_CLASS (tm_platforms_dialog_parent_class)->constructed (object);

  self->platforms = tm_query_list_new_platforms (self->catalog);
  gtk_list_view_set_model (self->list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             G_LIST_MODEL (g_object_ref (self->platforms)))));
  tm_record_list_reload_async (TM_RECORD_LIST (self->platforms), NULL, NULL, NULL);
}

static void
tm_platforms_dialog_dispose (GObject *object)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PLATFORMS_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->platforms);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_platforms_dialog_parent_class)->dispose (object);
}

static void
tm_platforms_dialog_finalize (GObject *object)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (object);

  g_free (self->last_test);
  g_free (self->pending_name);
  g_free (self->pending_fingerprint);

  G_OBJECT_CLASS (tm_platforms_dialog_parent_class)->finalize (object);
}

static void
tm_platforms_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_platforms_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CATALOG:
      TM_PLATFORMS_DIALOG (object)->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_platforms_dialog_class_init (TmPlatformsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_platforms_dialog_constructed;
  object_class->dispose = tm_platforms_dialog_dispose;
  object_class->finalize = tm_platforms_dialog_finalize;
  object_class->get_property = tm_platforms_dialog_get_property;
  object_class->set_property = tm_platforms_dialog_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the keyring or a test is being waited for. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_PLATFORM_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-platforms-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, list);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, api_name);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, api_url);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, api_token);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, api_refresh);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, api_ca);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_name);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_host);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_port);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_user);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_key);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_secret);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_folder);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_sender);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformsDialog, sftp_recipient);
  gtk_widget_class_bind_template_callback (widget_class, add_api_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_sftp_clicked_cb);

  gtk_widget_class_install_action (widget_class, "platforms.test", "s", platform_action);
  gtk_widget_class_install_action (widget_class, "platforms.edit", "s", platform_action);
  gtk_widget_class_install_action (widget_class, "platforms.remove", "s", platform_action);
}

static void
tm_platforms_dialog_init (TmPlatformsDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_platforms_dialog_new (TmCatalog *catalog)
{
  return g_object_new (TM_TYPE_PLATFORMS_DIALOG, "catalog", catalog, NULL);
}
