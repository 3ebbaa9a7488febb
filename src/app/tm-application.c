/* tm-application.c: the application: one catalog, its windows, app actions
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-application.h"
#include "tm-cover-cache.h"
#include "tm-preferences.h"
#include "tm-catalog.h"
#include "tm-import.h"
#include "tm-import-zip.h"
#include "tm-job-queue.h"
#include "tm-widget-util.h"
#include "tm-window.h"

struct _TmApplication
{
  AdwApplication  parent_instance;

  char           *catalog_path;    /* from --catalog, TUNEMANTRA_CATALOG, or the default */
  TmCatalog      *catalog;         /* owned; NULL if it could not be opened */
  GError         *catalog_error;
  TmJobQueue     *queue;           /* owned; runs while the application does */
  gboolean        held;            /* for the deliveries under way */
  gint64          open_release_id; /* from --release */
  char           *show_window;     /* from --show */
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

  if (g_variant_dict_lookup (options, "release", "x", &self->open_release_id)
      && self->open_release_id <= 0)
    {
      g_printerr (_("tunemantra: --release takes a release id, as tunemantra-cli release list "
                    "shows\n"));
      return 2;
    }

  if (g_variant_dict_lookup (options, "show", "s", &self->show_window))
    {
      static const char * const windows[] = { "deliveries", "earnings", "insights",
                                               "platforms", "preferences", NULL };

      if (!g_strv_contains (windows, self->show_window))
        {
          g_printerr (_("tunemantra: --show takes deliveries, earnings, insights, platforms "
                        "or preferences\n"));
          return 2;
        }
    }

  if (g_variant_dict_lookup (options, "catalog", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_free (self->catalog_path);
      self->catalog_path = g_file_get_path (file);
    }

  return -1;
}

/* While deliveries run, the application stays even without a window. */
static void
queue_busy_cb (TmApplication *self)
{
  gboolean busy = tm_job_queue_get_busy (self->queue);

  if (busy && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!busy && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = busy;
}

static void
notify_job (TmApplication *self,
            TmJob         *job)
{
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  const char *body = NULL;
  const char *name;

  {
    g_autoptr(GSettings) settings = tm_settings_new ();

    if (settings != NULL && !g_settings_get_boolean (settings, "notifications"))
      return;
  }

  /* Without a session bus there is nobody to show a notification. */
  if (job == NULL || tm_job_get_kind (job) == TM_JOB_KIND_POLL
      || g_application_get_dbus_connection (G_APPLICATION (self)) == NULL)
    return;
  if (tm_job_get_state (job) != TM_JOB_STATE_DONE && tm_job_get_state (job) != TM_JOB_STATE_FAILED)
    return;
  if (!(d = tm_catalog_get_distribution (self->catalog, tm_job_get_distribution_id (job), NULL))
      || !(release = tm_catalog_get_release (self->catalog, tm_job_get_release_id (job), NULL)))
    return;

  name = tm_release_get_title (release) ? tm_release_get_title (release) : _("Untitled Release");
  switch (tm_distribution_get_status (d))
    {
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION:
      title = g_strdup_printf (_("“%s” needs attention on %s"), name,
                               tm_distribution_get_platform_name (d));
      body = tm_distribution_get_last_error (d);
      break;
    case TM_DISTRIBUTION_STATUS_FAILED:
      title = g_strdup_printf (_("Delivery of “%s” to %s failed"), name,
                               tm_distribution_get_platform_name (d));
      body = tm_distribution_get_last_error (d);
      break;
    default:
      title = g_strdup_printf (_("“%s” was delivered to %s"), name,
                               tm_distribution_get_platform_name (d));
      body = tm_distribution_status_get_label (tm_distribution_get_status (d));
      break;
    }

  notification = g_notification_new (title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-release", "x",
                                                tm_job_get_release_id (job));
  id = g_strdup_printf ("delivery-%" G_GINT64_FORMAT, tm_record_get_id (TM_RECORD (d)));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
job_finished_cb (TmApplication *self,
                 TmJob         *job,
                 TmJobQueue    *queue)
{
  notify_job (self, job);
}

/* The catalog, and the queue that delivers from it; on failure the window
 * shows catalog_error. */
static void
open_catalog (TmApplication *self)
{
  g_clear_error (&self->catalog_error);
  self->catalog = tm_catalog_open (self->catalog_path, &self->catalog_error);
  if (self->catalog == NULL)
    {
      g_message ("%s", self->catalog_error->message);
      return;
    }

  self->queue = tm_job_queue_new (self->catalog);
  g_signal_connect_object (self->queue, "notify::busy", G_CALLBACK (queue_busy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "job-finished", G_CALLBACK (job_finished_cb), self,
                           G_CONNECT_SWAPPED);
  tm_job_queue_start (self->queue);
}

static void
clean_imports_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autofree char *dir = g_path_get_dirname (task_data);
  g_autofree char *imports = g_build_filename (dir, "imports", NULL);

  tm_import_zip_clean_leftovers (imports);
  tm_cover_cache_prune (NULL, g_get_real_time (), TM_COVER_CACHE_MAX_AGE);
  g_task_return_boolean (task, TRUE);
}

/* What an import killed last time left unpacked goes, and cover thumbnails not
 * looked at for two months, off the main thread. */
static void
clean_imports (TmApplication *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, clean_imports);
  g_task_set_name (task, "[tm] clean imports");
  g_task_set_task_data (task, g_strdup (self->catalog_path), g_free);
  g_task_run_in_thread (task, clean_imports_worker);
}

static void
tm_application_startup (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (tm_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);

  if (self->catalog_path == NULL)
    self->catalog_path = tm_catalog_default_path ();

  open_catalog (self);
  if (self->catalog != NULL)
    clean_imports (self);
}

static void
tm_application_activate (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (tm_window_new (GTK_APPLICATION (app), self->catalog, self->queue,
                                          self->catalog_error));
    }

  gtk_window_present (window);

  /* --release: once, at the first activation */
  if (self->open_release_id > 0 && TM_IS_WINDOW (window))
    tm_window_open_release (TM_WINDOW (window), self->open_release_id);
  self->open_release_id = 0;
  /* --show: a window of its own, once */
  if (self->show_window != NULL && TM_IS_WINDOW (window))
    {
      g_autofree char *action = g_strconcat ("win.", self->show_window, NULL);

      gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
    }
  g_clear_pointer (&self->show_window, g_free);
}

static void
tm_application_shutdown (GApplication *app)
{
  TmApplication *self = TM_APPLICATION (app);

  /* Deliveries under way stop here and go on at the next start. */
  if (self->queue != NULL)
    tm_job_queue_stop (self->queue);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);

  G_APPLICATION_CLASS (tm_application_parent_class)->shutdown (app);
}

static void
tm_application_finalize (GObject *object)
{
  TmApplication *self = TM_APPLICATION (object);

  g_clear_pointer (&self->catalog_path, g_free);
  g_clear_pointer (&self->show_window, g_free);
  g_clear_error (&self->catalog_error);

  G_OBJECT_CLASS (tm_application_parent_class)->finalize (object);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  /* From the build folder too: the help in the source tree. */
  tm_widget_show_help (window != NULL ? GTK_WIDGET (window) : NULL, "help:tunemantra");
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
quit_now (GtkApplication *app)
{
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
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  GtkApplication   *app)
{
  if (g_str_equal (response, "quit"))
    quit_now (app);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  guint n = self->queue != NULL ? tm_job_queue_get_n_running (self->queue) : 0;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (n == 0 || parent == NULL)
    {
      quit_now (GTK_APPLICATION (self));
      return;
    }

  body = g_strdup_printf (ngettext ("A delivery is under way. If you quit now, it stops, and it "
                                    "goes on from where it was when TuneMantra starts again.",
                                    "%u deliveries are under way. If you quit now, they stop, "
                                    "and they go on from where they were when TuneMantra starts "
                                    "again.", n), n);
  dialog = adw_message_dialog_new (parent, _("Quit While Delivering?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Delivering"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (quit_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Restoring a damaged catalog's backup: asked first, done in a worker (SQLite
 * copies it), then the catalog opens in a new window. */

typedef struct
{
  char *path;
  char *backup;
  char *moved_to;
} Restore;

static void
restore_free (gpointer data)
{
  Restore *r = data;

  g_free (r->path);
  g_free (r->backup);
  g_free (r->moved_to);
  g_free (r);
}

static void
restore_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Restore *r = task_data;
  GError *error = NULL;

  if (tm_catalog_restore (r->path, r->backup, &r->moved_to, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TmApplication *self = TM_APPLICATION (source);
  Restore *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkWindow *old = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *window;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_error (&self->catalog_error);
      self->catalog_error = g_steal_pointer (&error);
    }
  else
    open_catalog (self);

  window = GTK_WINDOW (tm_window_new (GTK_APPLICATION (self), self->catalog, self->queue,
                                      self->catalog_error));
  gtk_window_present (window);
  if (self->catalog != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The backup was restored. The damaged "
                                                    "catalog is kept at %s"), r->moved_to);

      tm_window_show_message (TM_WINDOW (window), message);
    }
  if (old != NULL)
    gtk_window_destroy (old);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TmApplication    *self)
{
  g_autoptr(GTask) task = NULL;
  Restore *r;

  if (!g_str_equal (response, "restore"))
    return;

  r = g_new0 (Restore, 1);
  r->path = g_strdup (self->catalog_path);
  r->backup = g_strdup (tm_catalog_error_get_backup (self->catalog_error));
  task = g_task_new (self, NULL, restore_done_cb, NULL);
  g_task_set_source_tag (task, restore_response_cb);
  g_task_set_name (task, "[tm] restore catalog");
  g_task_set_task_data (task, r, restore_free);
  g_task_run_in_thread (task, restore_worker);
}

static void
restore_backup_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *backup = tm_catalog_error_get_backup (self->catalog_error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->catalog != NULL || backup == NULL)
    return;

  body = g_strdup_printf (_("The catalog is replaced by the backup %s. Changes made since that "
                            "backup are lost; the damaged catalog is moved aside and kept."),
                          backup);
  dialog = adw_message_dialog_new (parent, _("Restore the Last Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_release_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TmApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (TM_IS_WINDOW (window))
    tm_window_open_release (TM_WINDOW (window), g_variant_get_int64 (parameter));
}

/* Whether the application holds itself for deliveries under way. */
gboolean
tm_application_is_held (TmApplication *self)
{
  g_return_val_if_fail (TM_IS_APPLICATION (self), FALSE);

  return self->held;
}

/**
 * tm_application_get_queue:
 *
 * Returns: (transfer none) (nullable): the delivery queue, or %NULL without a catalog
 */
TmJobQueue *
tm_application_get_queue (TmApplication *self)
{
  g_return_val_if_fail (TM_IS_APPLICATION (self), NULL);

  return self->queue;
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
    { "help", help_action, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
    { "show-release", show_release_action, "x", NULL, NULL, { 0 } },
    { "restore-backup", restore_backup_action, NULL, NULL, NULL, { 0 } },
  };
  static const GOptionEntry options[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The catalog file (default: $XDG_DATA_HOME/tunemantra/catalog.db)"), N_("PATH") },
    { "release", 'r', 0, G_OPTION_ARG_INT64, NULL, N_("Open this release"), N_("ID") },
    { "show", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open a window: deliveries, earnings, insights, platforms or preferences"), N_("WINDOW") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

TmApplication *
tm_application_new (GApplicationFlags flags)
{
  return g_object_new (TM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/tunemantra/TuneMantra",
                       "flags", flags,
                       NULL);
}
