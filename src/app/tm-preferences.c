/* tm-preferences.c: defaults for new releases, identifiers, notifications
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Everything here is a GSettings key of the one schema, bound to its row, so a
 * change is kept as it is made. Platform accounts live in Platforms (their
 * secrets in the keyring); this window links there. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-job-queue.h"
#include "tm-model.h"
#include "tm-preferences.h"
#include "tm-uninstalled.h"

struct _TmPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  TmCatalog            *catalog;
  GtkWidget            *concurrency;
};

G_DEFINE_FINAL_TYPE (TmPreferences, tm_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * tm_settings_new:
 *
 * The application's settings. Run from the build folder, the schema compiled
 * there is used.
 */
GSettings *
tm_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL
                                      ? g_settings_schema_source_lookup (source, BASE_APPLICATION_ID,
                                                                         TRUE)
                                      : NULL;
  g_autoptr(GSettingsSchemaSource) built = NULL;
  g_autofree char *build_dir = tm_uninstalled_get ("settings_schemas");

  if (schema == NULL && build_dir != NULL)
    {
      built = g_settings_schema_source_new_from_directory (build_dir, source, FALSE, NULL);
      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, BASE_APPLICATION_ID, FALSE);
    }
  if (schema == NULL)
    {
      /* Not installed: no settings rather than a crash. */
      g_warning ("The settings schema %s is not installed; settings will not be kept.",
                 BASE_APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* The defaults of a new release: artist, label, genre, language, exclusions. */
void
tm_settings_apply_to_release (GSettings *settings,
                              TmRelease *release)
{
  static const struct { const char *key; const char *field; } map[] = {
    { "default-artist", "artist" }, { "default-label", "label" },
    { "default-genre", "genre" }, { "default-language", "language" },
    { "default-excluded-territories", "territories" },
  };

  if (settings == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      g_autofree char *value = g_settings_get_string (settings, map[i].key);

      /* A default that no longer validates is simply not applied. */
      if (value != NULL && *value != '\0')
        tm_record_set_from_string (TM_RECORD (release), map[i].field, value, NULL);
    }
}

static GtkWidget *
entry_row (TmPreferences *self,
           const char    *title,
           const char    *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

/* Deliveries at once: a setting of the catalog, so the CLI's queue keeps it too. */
static void
concurrency_changed_cb (GtkSpinButton *spin,
                        TmPreferences *self)
{
  g_autofree char *value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));
  g_autoptr(GError) error = NULL;

  if (self->catalog != NULL
      && !tm_catalog_set_setting (self->catalog, "queue.concurrency", value, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
    }
}

/**
 * tm_preferences_set_concurrency:
 *
 * Sets how many deliveries run at once, as the spin button does.
 */
void
tm_preferences_set_concurrency (TmPreferences *self,
                                int            n)
{
  g_return_if_fail (TM_IS_PREFERENCES (self));

  if (self->concurrency != NULL)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->concurrency), n);
}

static void
open_platforms_cb (TmPreferences *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.platforms", NULL);
}

static void
tm_preferences_dispose (GObject *object)
{
  TmPreferences *self = TM_PREFERENCES (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_preferences_parent_class)->dispose (object);
}

static void
tm_preferences_class_init (TmPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tm_preferences_dispose;
}

static void
tm_preferences_init (TmPreferences *self)
{
}

GtkWidget *
tm_preferences_new (TmCatalog *catalog)
{
  TmPreferences *self = g_object_new (TM_TYPE_PREFERENCES, NULL);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *releases = adw_preferences_group_new ();
  GtkWidget *codes = adw_preferences_group_new ();
  GtkWidget *delivery = adw_preferences_group_new ();
  GtkWidget *notify_row = adw_action_row_new ();
  GtkWidget *notify_switch = gtk_switch_new ();
  GtkWidget *platforms = adw_action_row_new ();

  self->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  self->settings = tm_settings_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  if (self->settings == NULL)
    return GTK_WIDGET (self);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (releases), _("New Releases"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (releases),
                                         _("Filled in for every new release; each can be "
                                           "changed on the release."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (releases),
                             entry_row (self, _("Artist"), "default-artist"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (releases),
                             entry_row (self, _("Label"), "default-label"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (releases),
                             entry_row (self, _("Genre"), "default-genre"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (releases),
                             entry_row (self, _("Language (ISO 639-1, such as en)"),
                                        "default-language"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (releases),
                             entry_row (self, _("Excluded Territories (such as CU IR KP)"),
                                        "default-excluded-territories"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (codes), _("Codes"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (codes),
                                         _("ISRCs are made from your registrant prefix and a "
                                           "counter TuneMantra keeps, never twice. TuneMantra "
                                           "never invents a UPC."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (codes),
                             entry_row (self, _("ISRC Registrant Prefix (such as GB-XYZ)"),
                                        "isrc-prefix"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (codes),
                             entry_row (self, _("GS1 Company Prefix (if you have one)"),
                                        "gs1-prefix"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (delivery), _("Delivery"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (notify_row),
                                 _("Notify of Finished and Failed Deliveries"));
  gtk_widget_set_valign (notify_switch, GTK_ALIGN_CENTER);
  g_settings_bind (self->settings, "notifications", notify_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (notify_row), notify_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (notify_row), notify_switch);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (platforms), _("Platform Accounts"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (platforms),
                               _("Add, edit, test and remove platforms; their passwords and tokens "
                                 "stay in your keyring"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (platforms),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (platforms), TRUE);
  g_signal_connect_swapped (platforms, "activated", G_CALLBACK (open_platforms_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (delivery), notify_row);
  {
    GtkWidget *row = adw_action_row_new ();
    g_autofree char *value = self->catalog != NULL
                             ? tm_catalog_get_setting (self->catalog, "queue.concurrency", NULL)
                             : NULL;

    self->concurrency = gtk_spin_button_new_with_range (1, 16, 1);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->concurrency),
                               value != NULL ? g_ascii_strtod (value, NULL)
                                             : TM_JOB_QUEUE_DEFAULT_CONCURRENCY);
    gtk_widget_set_valign (self->concurrency, GTK_ALIGN_CENTER);
    g_signal_connect (self->concurrency, "value-changed", G_CALLBACK (concurrency_changed_cb),
                      self);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Deliveries at Once"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("More is faster on a fast connection; each platform also "
                                   "has its own limit"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->concurrency),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Deliveries at once"), -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->concurrency);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->concurrency);
    gtk_widget_set_sensitive (row, self->catalog != NULL);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (delivery), row);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (delivery), platforms);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (releases));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (codes));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (delivery));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return GTK_WIDGET (self);
}
