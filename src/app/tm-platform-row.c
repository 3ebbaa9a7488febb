/* tm-platform-row.c: one platform of the catalog, to test, edit or remove
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Its name, how it is reached and where; its buttons say "platforms.test",
 * "platforms.edit" and "platforms.remove" with its name. The platform is the
 * platform list's own object, so the row follows edits. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-platform-row.h"
#include "tm-platform-settings.h"

struct _TmPlatformRow
{
  AdwBin      parent_instance;

  TmPlatform *platform;
  GtkLabel   *name_label;
  GtkLabel   *where_label;
};

G_DEFINE_FINAL_TYPE (TmPlatformRow, tm_platform_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PLATFORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tm_platform_kind_get_label (TmPlatformKind kind)
{
  switch (kind)
    {
    case TM_PLATFORM_KIND_API: return _("Delivery API");
    case TM_PLATFORM_KIND_SFTP: return _("SFTP with DDEX");
    case TM_PLATFORM_KIND_FOLDER: return _("Folder export");
    default: return "";
    }
}

static void
refresh (TmPlatformRow *self)
{
  g_autoptr(TmPlatformSettings) settings = NULL;
  g_autofree char *where = NULL;
  const char *place;

  if (self->platform == NULL)
    return;
  settings = tm_platform_settings_new_for_platform (self->platform, NULL);
  place = settings == NULL ? NULL
          : tm_platform_settings_get_flag (settings, "sandbox")
          ? _("runs on this computer, to try a whole delivery without an account")
          : tm_platform_settings_get_string (settings, "url") != NULL
          ? tm_platform_settings_get_string (settings, "url")
          : tm_platform_settings_get_string (settings, "path") != NULL
          ? tm_platform_settings_get_string (settings, "path")
          : tm_platform_settings_get_string (settings, "host");
  where = g_strjoin (" · ", tm_platform_kind_get_label (tm_platform_get_kind (self->platform)),
                     tm_platform_get_enabled (self->platform) ? place : _("switched off"),
                     tm_platform_get_enabled (self->platform) ? NULL : place, NULL);
  gtk_label_set_text (self->name_label, tm_platform_get_name (self->platform));
  gtk_label_set_text (self->where_label, where);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->where_label), where);
}

static void
act (TmPlatformRow *self,
     const char    *action)
{
  if (self->platform != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "s",
                                tm_platform_get_name (self->platform));
}

static void
test_clicked_cb (TmPlatformRow *self)
{
  act (self, "platforms.test");
}

static void
edit_clicked_cb (TmPlatformRow *self)
{
  act (self, "platforms.edit");
}

static void
remove_clicked_cb (TmPlatformRow *self)
{
  act (self, "platforms.remove");
}

TmPlatform *
tm_platform_row_get_platform (TmPlatformRow *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM_ROW (self), NULL);

  return self->platform;
}

static void
tm_platform_row_dispose (GObject *object)
{
  TmPlatformRow *self = TM_PLATFORM_ROW (object);

  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PLATFORM_ROW);
  g_clear_object (&self->platform);

  G_OBJECT_CLASS (tm_platform_row_parent_class)->dispose (object);
}

static void
tm_platform_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PLATFORM:
      g_value_set_object (value, TM_PLATFORM_ROW (object)->platform);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_platform_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TmPlatformRow *self = TM_PLATFORM_ROW (object);

  switch (prop_id)
    {
    case PROP_PLATFORM:
      if (self->platform != NULL)
        g_signal_handlers_disconnect_by_data (self->platform, self);
      g_set_object (&self->platform, g_value_get_object (value));
      if (self->platform != NULL)
        g_signal_connect_object (self->platform, "notify", G_CALLBACK (refresh), self,
                                 G_CONNECT_SWAPPED);
      refresh (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_platform_row_class_init (TmPlatformRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_platform_row_dispose;
  object_class->get_property = tm_platform_row_get_property;
  object_class->set_property = tm_platform_row_set_property;

  /* The platform shown, bound by the list's factory. */
  properties[PROP_PLATFORM] =
    g_param_spec_object ("platform", NULL, NULL, TM_TYPE_PLATFORM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-platform-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPlatformRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TmPlatformRow, where_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
tm_platform_row_init (TmPlatformRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
