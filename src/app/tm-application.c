/* tm-application.c: the application: one catalog, its windows, app actions
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tunemantra"

#include "config.h"

#include <glib/gi18n.h>

#include "tm-application.h"
#include "tm-catalog.h"
#include "tm-window.h"

struct _TmApplication
{
  AdwApplication  parent_instance;

  char           *catalog_path;    /* from --catalog, TUNEMANTRA_CATALOG, or the default */
  TmCatalog      *catalog;         /* owned; NULL if it could not be opened */
  GError         *catalog_error;
};

G_DEFINE_FINAL_TYPE (TmApplication, tm_application, ADW_TYPE_APPLICATION)

static int
tm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  TmApplication *self = TM_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tunemantra %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "catalog", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_free (self->catalog_path);
      self->catalog_path = g_file_get_path (file);
    }

  return -1;
}

static void
tm_application_startup (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (tm_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  if (self->catalog_path == NULL)
    self->catalog_path = tm_catalog_default_path ();

  self->catalog = tm_catalog_open (self->catalog_path, &self->catalog_error);
  if (self->catalog == NULL)
    g_warning ("%s", self->catalog_error->message);
}

static void
tm_application_activate (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (tm_window_new (GTK_APPLICATION (app), self->catalog,
                                        self->catalog_error));

  gtk_window_present (window);
}

static void
tm_application_shutdown (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);

  g_clear_object (&self->catalog);

  G_APPLICATION_CLASS (tm_application_parent_class)->shutdown (app);
}

static void
tm_application_finalize (GObject *object)
{
  TmApplication *self = TM_APPLICATION (object);

  g_clear_pointer (&self->catalog_path, g_free);
  g_clear_error (&self->catalog_error);

  G_OBJECT_CLASS (tm_application_parent_class)->finalize (object);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The TuneMantra Authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "TuneMantra",
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The TuneMantra Authors",
                         "developers", developers,
                         "comments", _("Prepare music releases, deliver them to platforms, "
                                       "and follow every delivery."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/tunemantra/TuneMantra",
                         "issue-url", "https://github.com/tunemantra/TuneMantra/issues",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window first lets it save what was typed last. */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;
      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (app));
}

static void
tm_application_class_init (TmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tm_application_finalize;
  app_class->handle_local_options = tm_application_handle_local_options;
  app_class->startup = tm_application_startup;
  app_class->activate = tm_application_activate;
  app_class->shutdown = tm_application_shutdown;
}

static void
tm_application_init (TmApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", about_action, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  };
  static const GOptionEntry options[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The catalog file (default: $XDG_DATA_HOME/tunemantra/catalog.db)"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

TmApplication *
tm_application_new (void)
{
  return g_object_new (TM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/tunemantra/TuneMantra",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
