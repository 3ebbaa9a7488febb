/* tm-platforms-dialog.c: the platforms releases go to, added, tested and removed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What `tunemantra-cli platform add --kind api` and `platform test` do, in the
 * window. Tokens go to the keyring (tm-secrets), never to the catalog. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-delivery-error.h"
#include "tm-delivery-target.h"
#include "tm-platform-settings.h"
#include "tm-platforms-dialog.h"
#include "tm-secrets.h"
#include "tm-sftp-target.h"

struct _TmPlatformsDialog
{
  AdwPreferencesWindow  parent_instance;

  TmCatalog            *catalog;
  AdwPreferencesGroup  *list_group;
  GPtrArray            *rows;            /* borrowed, from list_group */
  AdwEntryRow          *name_row;
  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *token_row;
  AdwPasswordEntryRow  *refresh_row;
  AdwEntryRow          *ca_row;
  GtkWidget            *add_button;
  AdwEntryRow          *sftp_rows[8];    /* name, host, port, user, key, folder, sender,
                                          * recipient */
  AdwPasswordEntryRow  *sftp_secret;
  char                 *last_test;       /* "ok" or the error of the last test */
  char                 *pending_host;    /* the platform whose host key is being shown */
};

G_DEFINE_FINAL_TYPE (TmPlatformsDialog, tm_platforms_dialog, ADW_TYPE_PREFERENCES_WINDOW)

static void reload (TmPlatformsDialog *self);
static void offer_trust (TmPlatformsDialog *self, const char *name, TmSftpTarget *target,
                         const char *message);

static void
toast (TmPlatformsDialog *self,
       const char        *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static const char *
kind_label (TmPlatformKind kind)
{
  switch (kind)
    {
    case TM_PLATFORM_KIND_API: return _("Delivery API");
    case TM_PLATFORM_KIND_SFTP: return _("SFTP with DDEX");
    case TM_PLATFORM_KIND_FOLDER: return _("Folder export");
    default: return "";
    }
}

/* Testing a connection */

static void test_again (TmPlatformsDialog *self, const char *name);

typedef struct
{
  GWeakRef      dialog;
  char         *name;
  TmSftpTarget *target;
  char         *fingerprint;
} TrustData;

static void
trust_data_free (gpointer data)
{
  TrustData *t = data;

  g_weak_ref_clear (&t->dialog);
  g_free (t->name);
  g_clear_object (&t->target);
  g_free (t->fingerprint);
  g_free (t);
}

static void
trust_worker (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  TrustData *t = data;
  TmSftpConfig config = tm_sftp_target_get_config (t->target);
  GError *error = NULL;

  if (tm_sftp_trust_host (&config, t->fingerprint, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
trust_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TrustData *t = g_task_get_task_data (G_TASK (result));
  g_autoptr(TmPlatformsDialog) self = g_weak_ref_get (&t->dialog);
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->last_test = g_strdup (error->message);
      toast (self, error->message);
      return;
    }
  test_again (self, t->name);
}

/**
 * tm_platforms_dialog_trust:
 *
 * Accepts the host key of @name's server, if it is still the one with @fingerprint,
 * then tests the platform again.
 */
void
tm_platforms_dialog_trust (TmPlatformsDialog *self,
                           const char        *name,
                           const char        *fingerprint)
{
  g_autoptr(TmPlatform) platform = tm_catalog_find_platform (self->catalog, name, NULL);
  g_autoptr(TmDeliveryTarget) target = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  TrustData *t;

  g_clear_pointer (&self->last_test, g_free);
  if (platform == NULL || !(target = tm_delivery_target_new_for_platform (platform, &error))
      || !TM_IS_SFTP_TARGET (target))
    {
      self->last_test = g_strdup (error != NULL ? error->message : _("Not an SFTP platform"));
      return;
    }
  t = g_new0 (TrustData, 1);
  g_weak_ref_init (&t->dialog, self);
  t->name = g_strdup (name);
  t->target = TM_SFTP_TARGET (g_object_ref (target));
  t->fingerprint = g_strdup (fingerprint);
  task = g_task_new (NULL, NULL, trust_done_cb, NULL);
  g_task_set_task_data (task, t, trust_data_free);
  g_task_run_in_thread (task, trust_worker);
}

static void
trust_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   TmPlatformsDialog *self)
{
  if (g_str_equal (response, "trust"))
    tm_platforms_dialog_trust (self, g_object_get_data (G_OBJECT (dialog), "tm-name"),
                               g_object_get_data (G_OBJECT (dialog), "tm-fingerprint"));
  else
    self->last_test = g_strdup (_("The host key was not accepted."));
}

static void
offer_trust (TmPlatformsDialog *self,
             const char        *name,
             TmSftpTarget      *target,
             const char        *message)
{
  const char *start = strstr (message, "SHA256:");
  g_autofree char *fingerprint = g_strndup (start, strcspn (start, " .,\n"));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust This Server?"),
                                              message);

  g_object_set_data_full (G_OBJECT (dialog), "tm-name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "tm-fingerprint", g_strdup (fingerprint), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "trust", _("_Trust"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (trust_response_cb), self);
  g_free (self->pending_host);
  self->pending_host = g_strdup (fingerprint);
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

  if (tm_delivery_target_test_connection_finish (TM_DELIVERY_TARGET (source), result, &error))
    message = g_strdup_printf (_("%s works"), d->name);
  else if (self != NULL && TM_IS_SFTP_TARGET (source)
           && g_error_matches (error, TM_SFTP_ERROR, TM_SFTP_ERROR_HOST_KEY_UNKNOWN)
           && strstr (error->message, "SHA256:") != NULL)
    {
      /* A server never seen: its fingerprint, to compare and accept. */
      offer_trust (self, d->name, TM_SFTP_TARGET (source), error->message);
      test_data_free (d);
      return;
    }
  else
    message = tm_delivery_error_get_hint (error) != NULL
              ? g_strdup_printf ("%s %s", error->message, tm_delivery_error_get_hint (error))
              : g_strdup (error->message);

  if (self != NULL)
    {
      g_free (self->last_test);
      self->last_test = g_strdup (error == NULL ? "ok" : error->message);
      toast (self, message);
    }
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
      self->last_test = g_strdup (error->message);
      toast (self, error->message);
      return;
    }

  d = g_new0 (TestData, 1);
  g_weak_ref_init (&d->dialog, self);
  d->name = g_strdup (name);
  tm_delivery_target_test_connection_async (target, NULL, test_done_cb, d);
}

static void
test_again (TmPlatformsDialog *self,
            const char        *name)
{
  tm_platforms_dialog_test (self, name);
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

  return self->pending_host;
}

const char *
tm_platforms_dialog_get_last_test (TmPlatformsDialog *self)
{
  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  return self->last_test;
}

static void
test_clicked_cb (GtkButton         *button,
                 TmPlatformsDialog *self)
{
  tm_platforms_dialog_test (self, g_object_get_data (G_OBJECT (button), "tm-name"));
}

/* Editing: every setting of the platform, the secret only when a new one is
 * typed, switched on or off. The settings are checked by making the platform's
 * delivery channel from them before anything is saved. */

static const char *
setting_title (const char *key)
{
  static const struct { const char *key; const char *title; } titles[] = {
    { "url", N_("Address") }, { "ca_file", N_("CA Certificate File") },
    { "host", N_("Server") }, { "port", N_("Port") }, { "user", N_("User Name") },
    { "key_file", N_("Private Key File") }, { "remote_root", N_("Drop Folder on the Server") },
    { "known_hosts", N_("Known Hosts File") }, { "ack_folder", N_("Acknowledgement Folder") },
    { "ddex_sender_dpid", N_("Your DDEX Party ID") },
    { "ddex_sender_name", N_("Your Name in DDEX Messages") },
    { "ddex_recipient_dpid", N_("The Platform's DDEX Party ID") },
    { "ddex_recipient_name", N_("The Platform's Name in DDEX Messages") },
    { "path", N_("Folder") }, { "format", N_("Package Format") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].key, key))
      return _(titles[i].title);
  return key;
}

/**
 * tm_platforms_dialog_edit:
 * @keys: (array zero-terminated=1): settings to change
 * @values: (array zero-terminated=1): their new values; empty removes the setting
 * @secret: (nullable): a new token, password or passphrase; %NULL or empty keeps it
 *
 * Changes a platform's settings, as its editor does. Nothing is saved when the
 * platform could not deliver with the new settings.
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
    {
      g_autoptr(TmTokens) tokens = tm_tokens_new (secret, NULL);

      if (!tm_secrets_store_tokens (name, tokens, NULL, error))
        return FALSE;
    }
  if (!tm_catalog_update_platform (self->catalog, platform, error))
    return FALSE;
  reload (self);
  return TRUE;
}

typedef struct
{
  TmPlatformsDialog *dialog;
  char              *name;
  GPtrArray         *keys;      /* char * */
  GPtrArray         *rows;      /* AdwEntryRow, borrowed */
  GtkWidget         *enabled;
  GtkWidget         *secret;
} Editor;

static void
editor_free (gpointer data)
{
  Editor *e = data;

  g_free (e->name);
  g_ptr_array_unref (e->keys);
  g_ptr_array_unref (e->rows);
  g_free (e);
}

static void
editor_save_cb (GtkButton *button,
                Editor    *e)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_WINDOW);

  for (guint i = 0; i < e->rows->len; i++)
    g_ptr_array_add (values, (gpointer) gtk_editable_get_text (GTK_EDITABLE (e->rows->pdata[i])));
  g_ptr_array_add (values, NULL);
  g_ptr_array_add (e->keys, NULL);
  if (!tm_platforms_dialog_edit (e->dialog, e->name, (const char * const *) e->keys->pdata,
                                 (const char * const *) values->pdata,
                                 gtk_switch_get_active (GTK_SWITCH (e->enabled)),
                                 gtk_editable_get_text (GTK_EDITABLE (e->secret)), &error))
    {
      g_ptr_array_remove_index (e->keys, e->keys->len - 1);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (g_object_get_data (G_OBJECT (window),
                                                                         "tm-toasts")),
                                   adw_toast_new (error->message));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (e->secret), "");
  tm_platforms_dialog_test (e->dialog, e->name);
  gtk_window_destroy (GTK_WINDOW (window));
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
  g_autoptr(TmPlatformSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  GtkWidget *window, *box, *header, *page, *group, *save, *row;
  AdwToastOverlay *toasts;
  Editor *e;

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), NULL);

  if (!(platform = tm_catalog_find_platform (self->catalog, name, &error))
      || !(settings = tm_platform_settings_new_for_platform (platform, &error)))
    {
      toast (self, error->message);
      return NULL;
    }

  e = g_new0 (Editor, 1);
  e->dialog = self;
  e->name = g_strdup (name);
  e->keys = g_ptr_array_new_with_free_func (g_free);
  e->rows = g_ptr_array_new ();

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), name);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 560);
  g_object_set_data_full (G_OBJECT (window), "tm-editor", e, editor_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  save = gtk_button_new_with_mnemonic (_("_Save and Test"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", G_CALLBACK (editor_save_cb), e);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), kind_label (
                                     tm_platform_get_kind (platform)));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Empty a field to remove the setting. The name "
                                           "stays: remove the platform and add it again to "
                                           "rename it."));

  row = adw_action_row_new ();
  e->enabled = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (e->enabled), tm_platform_get_enabled (platform));
  gtk_widget_set_valign (e->enabled, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Deliver to This Platform"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), e->enabled);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), e->enabled);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  /* Every setting but the switches (the sandbox, the SSH agent), as text. */
  keys = tm_platform_settings_list_keys (settings);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *text = tm_platform_settings_get_text (settings, keys[i]);

      if (text == NULL || g_str_equal (keys[i], "sandbox") || g_str_equal (keys[i], "use_agent"))
        continue;
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), setting_title (keys[i]));
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (e->keys, g_strdup (keys[i]));
      g_ptr_array_add (e->rows, row);
    }

  e->secret = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->secret),
                                 tm_platform_get_kind (platform) == TM_PLATFORM_KIND_API
                                 ? _("New Access Token (empty: keep the one in the keyring)")
                                 : _("New Password or Key Passphrase (empty: keep it)"));
  gtk_widget_set_visible (e->secret, tm_platform_get_kind (platform) != TM_PLATFORM_KIND_FOLDER);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), e->secret);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (toasts, box);
  g_object_set_data (G_OBJECT (window), "tm-toasts", toasts);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (toasts));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
edit_clicked_cb (GtkButton         *button,
                 TmPlatformsDialog *self)
{
  tm_platforms_dialog_open_editor (self, g_object_get_data (G_OBJECT (button), "tm-name"));
}

/* Removing */

static void
remove_clicked_cb (GtkButton         *button,
                   TmPlatformsDialog *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "tm-name");
  g_autoptr(TmPlatform) platform = tm_catalog_find_platform (self->catalog, name, NULL);
  g_autoptr(GError) error = NULL;

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
    tm_secrets_clear (name, NULL, NULL);
  reload (self);
}

static void
reload (TmPlatformsDialog *self)
{
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (!(platforms = tm_catalog_list_platforms (self->catalog, &error)))
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < platforms->len; i++)
    {
      TmPlatform *platform = g_ptr_array_index (platforms, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *test = gtk_button_new_with_mnemonic (_("_Test"));
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autoptr(TmPlatformSettings) settings = tm_platform_settings_new_for_platform (platform,
                                                                                       NULL);
      const char *where = settings == NULL ? NULL
                          : tm_platform_settings_get_flag (settings, "sandbox")
                          ? _("runs on this computer, for trying things out")
                          : tm_platform_settings_get_string (settings, "url") != NULL
                          ? tm_platform_settings_get_string (settings, "url")
                          : tm_platform_settings_get_string (settings, "path") != NULL
                          ? tm_platform_settings_get_string (settings, "path")
                          : tm_platform_settings_get_string (settings, "host");
      g_autofree char *subtitle = g_strjoin (" · ", kind_label (tm_platform_get_kind (platform)),
                                             where, NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tm_platform_get_name (platform));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (test, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (test), "tm-name",
                              g_strdup (tm_platform_get_name (platform)), g_free);
      g_signal_connect (test, "clicked", G_CALLBACK (test_clicked_cb), self);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Platform"));
      g_object_set_data_full (G_OBJECT (remove), "tm-name",
                              g_strdup (tm_platform_get_name (platform)), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_set_tooltip_text (edit, _("Edit Platform"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Edit platform"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove platform"), -1);
      g_object_set_data_full (G_OBJECT (edit), "tm-name",
                              g_strdup (tm_platform_get_name (platform)), g_free);
      g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), test);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/* Adding */

/* The secret to the keyring first, then the platform to the catalog (and the
 * secret out again if the catalog refuses it). */
static gboolean
save_platform (TmPlatformsDialog   *self,
               const char          *name,
               TmPlatformSettings  *settings,
               TmPlatformKind       kind,
               TmTokens            *tokens,
               GError             **error)
{
  g_autoptr(TmPlatform) platform = tm_platform_new ();

  tm_platform_set_name (platform, name);
  tm_platform_set_kind (platform, kind);
  if (!tm_platform_settings_save (settings, platform, error))
    return FALSE;
  tm_platform_set_rule_profile (platform, "generic");
  tm_platform_set_enabled (platform, TRUE);

  if (tokens != NULL && !tm_secrets_store_tokens (name, tokens, NULL, error))
    return FALSE;
  if (!tm_catalog_add_platform (self->catalog, platform, error))
    {
      if (tokens != NULL)
        tm_secrets_clear (name, NULL, NULL);
      return FALSE;
    }
  reload (self);
  return TRUE;
}

/**
 * tm_platforms_dialog_add_api:
 * @refresh_token: (nullable):
 * @ca_file: (nullable): a CA certificate (PEM) for a self-hosted service
 *
 * Adds a Delivery API platform: its token to the keyring, the rest to the catalog.
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
  g_autoptr(TmTokens) tokens = NULL;

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the platform a name."));
      return FALSE;
    }
  if (!tm_platform_settings_set (settings, "url", url, error)
      || !tm_platform_settings_set (settings, "ca_file", ca_file, error))
    return FALSE;
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The platform's access token is needed."));
      return FALSE;
    }

  tokens = tm_tokens_new (token, refresh_token != NULL && *refresh_token != '\0'
                                 ? refresh_token : NULL);
  return save_platform (self, name, settings, TM_PLATFORM_KIND_API, tokens, error);
}

/**
 * tm_platforms_dialog_add_sftp:
 * @secret: (nullable): the key's passphrase, or the password
 * @remote_dir: (nullable): the drop folder on the server; empty: the login folder
 *
 * Adds an SFTP platform with DDEX: its secret to the keyring, the rest to the
 * catalog. Testing it then shows the server's fingerprint to accept.
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
  g_autoptr(TmTokens) tokens = NULL;
  g_autofree char *port_text = g_strdup_printf ("%d", port > 0 ? port : 22);
  const struct { const char *key; const char *value; } given[] = {
    { "host", host }, { "port", port_text }, { "user", user }, { "key_file", key_file },
    { "remote_root", remote_dir }, { "ddex_sender_dpid", sender_dpid },
    { "ddex_recipient_dpid", recipient_dpid },
  };

  g_return_val_if_fail (TM_IS_PLATFORMS_DIALOG (self), FALSE);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the platform a name."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (!tm_platform_settings_set (settings, given[i].key, given[i].value, error))
      return FALSE;
  /* Without a key file, the key comes from the SSH agent. */
  if (key_file == NULL || *key_file == '\0')
    tm_platform_settings_set_flag (settings, "use_agent", TRUE);
  if (secret != NULL && *secret != '\0')
    tokens = tm_tokens_new (secret, NULL);
  return save_platform (self, name, settings, TM_PLATFORM_KIND_SFTP, tokens, error);
}

static void
add_sftp_clicked_cb (TmPlatformsDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *v[8];
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    v[i] = gtk_editable_get_text (GTK_EDITABLE (self->sftp_rows[i]));
  name = g_strstrip (g_strdup (v[0]));
  if (!tm_platforms_dialog_add_sftp (self, name, v[1], atoi (v[2]), v[3], v[4],
                                     gtk_editable_get_text (GTK_EDITABLE (self->sftp_secret)),
                                     v[5], v[6], v[7], &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->sftp_secret), "");
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    gtk_editable_set_text (GTK_EDITABLE (self->sftp_rows[i]), "");
  tm_platforms_dialog_test (self, name);
}

static void
add_clicked_cb (TmPlatformsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));

  if (!tm_platforms_dialog_add_api (self, name,
                                    gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->refresh_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->ca_row)),
                                    &error))
    {
      toast (self, error->message);
      return;
    }

  /* The secrets leave the entries at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->refresh_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->ca_row), "");
  tm_platforms_dialog_test (self, name);
}

static void
tm_platforms_dialog_dispose (GObject *object)
{
  TmPlatformsDialog *self = TM_PLATFORMS_DIALOG (object);

  g_clear_object (&self->catalog);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_test, g_free);
  g_clear_pointer (&self->pending_host, g_free);

  G_OBJECT_CLASS (tm_platforms_dialog_parent_class)->dispose (object);
}

static void
tm_platforms_dialog_class_init (TmPlatformsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tm_platforms_dialog_dispose;
}

static void
tm_platforms_dialog_init (TmPlatformsDialog *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *add_group = adw_preferences_group_new ();

  self->rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Platforms"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  self->list_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->list_group, _("Platforms"));
  adw_preferences_group_set_description (self->list_group,
                                         _("Where releases go. The Sandbox runs on this "
                                           "computer, so a release can go all the way to live "
                                           "before you set up a real platform."));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (add_group),
                                   _("Add a Platform with the Delivery API"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (add_group),
                                         _("The tokens are kept in your keyring, not in the "
                                           "catalog."));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 _("Address (such as https://api.example.com/)"));
  self->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Access Token"));
  self->refresh_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->refresh_row),
                                 _("Refresh Token (if the platform gave one)"));
  self->ca_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ca_row),
                                 _("CA Certificate File (only for self-hosted services)"));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add and Test"));
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (self->add_button, 12);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->name_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->url_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->token_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->refresh_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->ca_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), self->add_button);

  {
    static const char * const titles[] = {
      N_("Name"), N_("Server (such as sftp.example.com)"), N_("Port (22 if empty)"),
      N_("User Name"), N_("Private Key File (ed25519 or ECDSA; empty: ssh-agent)"),
      N_("Drop Folder on the Server (empty: where you sign in)"),
      N_("Your DDEX Party ID (PADPIDA…)"), N_("The Platform's DDEX Party ID (PADPIDA…)"),
    };
    GtkWidget *sftp_group = adw_preferences_group_new ();
    GtkWidget *button = gtk_button_new_with_mnemonic (_("Add and _Test"));

    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (sftp_group),
                                     _("Add a Platform over SFTP with DDEX"));
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (sftp_group),
                                           _("The first test shows the server's fingerprint: "
                                             "accept it only if it is the one the platform "
                                             "gives you."));
    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
      {
        self->sftp_rows[i] = ADW_ENTRY_ROW (adw_entry_row_new ());
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sftp_rows[i]), _(titles[i]));
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (sftp_group),
                                   GTK_WIDGET (self->sftp_rows[i]));
        if (i == 4)
          {
            self->sftp_secret = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sftp_secret),
                                           _("Key Passphrase or Password (if any)"));
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (sftp_group),
                                       GTK_WIDGET (self->sftp_secret));
          }
      }
    gtk_widget_add_css_class (button, "suggested-action");
    gtk_widget_set_halign (button, GTK_ALIGN_END);
    gtk_widget_set_margin_top (button, 12);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_sftp_clicked_cb), self);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (sftp_group), button);
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->list_group);
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (add_group));
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (sftp_group));
  }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

GtkWidget *
tm_platforms_dialog_new (TmCatalog *catalog)
{
  TmPlatformsDialog *self = g_object_new (TM_TYPE_PLATFORMS_DIALOG, NULL);

  self->catalog = g_object_ref (catalog);
  reload (self);
  return GTK_WIDGET (self);
}
