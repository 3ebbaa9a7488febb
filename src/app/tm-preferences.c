/* tm-preferences.c: defaults for new releases, identifiers, notifications
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Everything here is a GSettings key of the one schema, bound to its row of
 * the template, so a change is kept as it is made; how many deliveries run at
 * once is a setting of the catalog, so the CLI's queue keeps it too. Platform
 * accounts live in Platforms (their secrets in the keyring); this window
 * links there. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-choice-row.h"
#include "tm-job-queue.h"
#include "tm-model.h"
#include "tm-preferences.h"
#include "tm-uninstalled.h"
#include "tm-widget-util.h"

struct _TmPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;      /* nullable: no schema */
  TmCatalog            *catalog;       /* construct-only, nullable */

  AdwEntryRow          *artist_row;
  AdwEntryRow          *label_row;
  TmChoiceRow          *genre_row;
  TmChoiceRow          *language_row;
  AdwEntryRow          *territories_row;
  AdwEntryRow          *isrc_row;
  AdwEntryRow          *gs1_row;
  GtkSwitch            *notify_switch;
  GtkSpinButton        *concurrency;
};

G_DEFINE_FINAL_TYPE (TmPreferences, tm_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * tm_settings_new:
 *
 * The application's settings. Run from the build folder, the schema compiled
 * there is used.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL without a schema
 */
GSettings *
tm_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL
                                      ? g_settings_schema_source_lookup (source,
                                                                         BASE_APPLICATION_ID,
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

static void
choice_changed_cb (TmPreferences *self,
                   GParamSpec    *pspec,
                   TmChoiceRow   *row)
{
  const char *value = tm_choice_row_get_value (row);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, row == self->genre_row ? "default-genre"
                                                                  : "default-language",
                           value != NULL ? value : "");
}

static void
concurrency_changed_cb (TmPreferences *self)
{
  g_autofree char *value =
    g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->concurrency));
  g_autoptr(GError) error = NULL;

  if (self->catalog != NULL
      && !tm_catalog_set_setting (self->catalog, "queue.concurrency", value, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
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

  gtk_spin_button_set_value (self->concurrency, n);
}

/**
 * tm_preferences_focus:
 * @key: a settings key, such as "isrc-prefix"
 *
 * Gives the row of @key the focus: where a banner's button leads.
 *
 * Returns: (transfer none) (nullable): the row
 */
GtkWidget *
tm_preferences_focus (TmPreferences *self,
                      const char    *key)
{
  static const struct { const char *key; gsize offset; } rows[] = {
    { "default-artist", G_STRUCT_OFFSET (TmPreferences, artist_row) },
    { "default-label", G_STRUCT_OFFSET (TmPreferences, label_row) },
    { "default-genre", G_STRUCT_OFFSET (TmPreferences, genre_row) },
    { "default-language", G_STRUCT_OFFSET (TmPreferences, language_row) },
    { "default-excluded-territories", G_STRUCT_OFFSET (TmPreferences, territories_row) },
    { "isrc-prefix", G_STRUCT_OFFSET (TmPreferences, isrc_row) },
    { "gs1-prefix", G_STRUCT_OFFSET (TmPreferences, gs1_row) },
  };

  g_return_val_if_fail (TM_IS_PREFERENCES (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].key, key))
      {
        GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);

        gtk_widget_grab_focus (row);
        tm_widget_scroll_into_view (row);
        return row;
      }
  return NULL;
}

static void
open_platforms_cb (TmPreferences *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.platforms", NULL);
}

static void
tm_preferences_constructed (GObject *object)
{
  TmPreferences *self = TM_PREFERENCES (object);
  const struct { const char *key; gpointer row; } texts[] = {
    { "default-artist", self->artist_row }, { "default-label", self->label_row },
    { "default-excluded-territories", self->territories_row },
    { "isrc-prefix", self->isrc_row }, { "gs1-prefix", self->gs1_row },
  };
  g_autofree char *concurrency = NULL;

  G_OBJECT_CLASS (tm_preferences_parent_class)->constructed (object);

  self->settings = tm_settings_new ();
  if (self->settings != NULL)
    {
      g_autofree char *genre = g_settings_get_string (self->settings, "default-genre");
      g_autofree char *language = g_settings_get_string (self->settings, "default-language");

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        g_settings_bind (self->settings, texts[i].key, texts[i].row, "text",
                         G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "notifications", self->notify_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      tm_choice_row_set_value (self->genre_row, genre);
      tm_choice_row_set_value (self->language_row, language);
      g_signal_connect_object (self->genre_row, "notify::value", G_CALLBACK (choice_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->language_row, "notify::value",
                               G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->artist_row), FALSE);

  concurrency = self->catalog != NULL
                ? tm_catalog_get_setting (self->catalog, "queue.concurrency", NULL) : NULL;
  gtk_spin_button_set_value (self->concurrency,
                             concurrency != NULL ? g_ascii_strtod (concurrency, NULL)
                                                 : TM_JOB_QUEUE_DEFAULT_CONCURRENCY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->concurrency), self->catalog != NULL);
  g_signal_connect_object (self->concurrency, "value-changed",
                           G_CALLBACK (concurrency_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
tm_preferences_dispose (GObject *object)
{
  TmPreferences *self = TM_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PREFERENCES);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_preferences_parent_class)->dispose (object);
}

static void
tm_preferences_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CATALOG:
      TM_PREFERENCES (object)->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_preferences_class_init (TmPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_preferences_constructed;
  object_class->dispose = tm_preferences_dispose;
  object_class->set_property = tm_preferences_set_property;

  /* The catalog, for the settings it keeps; nullable. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_CHOICE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, artist_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, label_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, genre_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, language_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, territories_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, isrc_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, gs1_row);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, TmPreferences, concurrency);
  gtk_widget_class_bind_template_callback (widget_class, open_platforms_cb);
}

static void
tm_preferences_init (TmPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_preferences_new:
 * @catalog: (nullable): the catalog, for the settings it keeps
 */
GtkWidget *
tm_preferences_new (TmCatalog *catalog)
{
  return g_object_new (TM_TYPE_PREFERENCES, "catalog", catalog, NULL);
}
