/* tm-platform-editor.c: every setting of one platform, its secret, on or off
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row per setting the platform has (they differ by kind), the secret only
 * when a new one is typed, and whether releases go there. Save hands them to
 * the Platforms dialog it belongs to, which checks them by making the
 * platform's delivery channel from them before anything is saved, then tests
 * the platform. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-api-target.h"
#include "tm-platform-editor.h"
#include "tm-platform-row.h"
#include "tm-platform-settings.h"
#include "tm-platforms-dialog.h"
#include "tm-sftp-target.h"

struct _TmPlatformEditor
{
  AdwWindow            parent_instance;

  TmPlatform          *platform;    /* construct-only */
  GPtrArray           *keys;        /* char *, the keys of the rows of settings_list */

  AdwToastOverlay     *toasts;
  AdwPreferencesGroup *group;
  GtkListBox          *settings_list;
  GtkSwitch           *enabled;
  AdwPasswordEntryRow *secret;
};

G_DEFINE_FINAL_TYPE (TmPlatformEditor, tm_platform_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PLATFORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
    { "connections", N_("Connections at Once (1–8)") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].key, key))
      return _(titles[i].title);
  return key;
}

static void
save_clicked_cb (TmPlatformEditor *self)
{
  GtkWindow *dialog = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->settings_list));
       row != NULL && i < self->keys->len; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ENTRY_ROW (row))
      {
        g_ptr_array_add (keys, g_ptr_array_index (self->keys, i++));
        g_ptr_array_add (values, (gpointer) gtk_editable_get_text (GTK_EDITABLE (row)));
      }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);

  if (!TM_IS_PLATFORMS_DIALOG (dialog))
    return;
  if (!tm_platforms_dialog_edit (TM_PLATFORMS_DIALOG (dialog),
                                 tm_platform_get_name (self->platform),
                                 (const char * const *) keys->pdata,
                                 (const char * const *) values->pdata,
                                 gtk_switch_get_active (self->enabled),
                                 gtk_editable_get_text (GTK_EDITABLE (self->secret)), &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  /* The secret leaves the entry at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret), "");
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
tm_platform_editor_constructed (GObject *object)
{
  TmPlatformEditor *self = TM_PLATFORM_EDITOR (object);
  g_autoptr(TmPlatformSettings) settings =
    tm_platform_settings_new_for_platform (self->platform, NULL);
  g_auto(GStrv) keys = settings != NULL ? tm_platform_settings_list_keys (settings) : NULL;
  TmPlatformKind kind = tm_platform_get_kind (self->platform);

  G_OBJECT_CLASS (tm_platform_editor_parent_class)->constructed (object);

  gtk_window_set_title (GTK_WINDOW (self), tm_platform_get_name (self->platform));
  adw_preferences_group_set_title (self->group, tm_platform_kind_get_label (kind));
  gtk_switch_set_active (self->enabled, tm_platform_get_enabled (self->platform));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret),
                                 kind == TM_PLATFORM_KIND_API
                                 ? _("New Access Token (empty: keep the one in the keyring)")
                                 : _("New Password or Key Passphrase (empty: keep it)"));
  gtk_widget_set_visible (GTK_WIDGET (self->secret), kind != TM_PLATFORM_KIND_FOLDER);

  /* Every setting but the switches (the sandbox, the SSH agent), as text. */
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *text = tm_platform_settings_get_text (settings, keys[i]);
      GtkWidget *row;

      if (text == NULL || g_str_equal (keys[i], "sandbox") || g_str_equal (keys[i], "use_agent"))
        continue;
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), setting_title (keys[i]));
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      gtk_list_box_append (self->settings_list, row);
      g_ptr_array_add (self->keys, g_strdup (keys[i]));
    }
  /* How many connections a delivery may open: shown with its default. */
  if ((kind == TM_PLATFORM_KIND_SFTP || kind == TM_PLATFORM_KIND_API)
      && (keys == NULL || !g_strv_contains ((const char * const *) keys, "connections")))
    {
      g_autofree char *text = g_strdup_printf ("%d", kind == TM_PLATFORM_KIND_SFTP
                                                     ? TM_SFTP_TARGET_DEFAULT_CONNECTIONS
                                                     : TM_API_TARGET_DEFAULT_CONNECTIONS);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), setting_title ("connections"));
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      gtk_list_box_append (self->settings_list, row);
      g_ptr_array_add (self->keys, g_strdup ("connections"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->settings_list), self->keys->len > 0);
}

static void
tm_platform_editor_dispose (GObject *object)
{
  TmPlatformEditor *self = TM_PLATFORM_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PLATFORM_EDITOR);
  g_clear_object (&self->platform);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_platform_editor_parent_class)->dispose (object);
}

static void
tm_platform_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PLATFORM:
      TM_PLATFORM_EDITOR (object)->platform = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_platform_editor_class_init (TmPlatformEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_platform_editor_constructed;
  object_class->dispose = tm_platform_editor_dispose;
  object_class->set_property = tm_platform_editor_set_property;

  properties[PROP_PLATFORM] =
    g_param_spec_object ("platform", NULL, NULL, TM_TYPE_PLATFORM,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-platform-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPlatformEditor, toasts);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformEditor, group);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformEditor, settings_list);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformEditor, enabled);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformEditor, secret);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_platform_editor_init (TmPlatformEditor *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_platform_editor_new (TmPlatform *platform)
{
  return g_object_new (TM_TYPE_PLATFORM_EDITOR, "platform", platform, NULL);
}
