/* test-application.c: the application keeps delivering and asks before quitting
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "tm-application.h"
#include "tm-queue-window.h"
#include "tm-window.h"
#include "tm-distributor.h"
#include "tm-file-hash.h"
#include "tm-secrets.h"
#include "tm-test-utils.h"

static gboolean
queue_busy (gpointer app)
{
  TmJobQueue *queue = tm_application_get_queue (app);

  return queue != NULL && tm_job_queue_get_busy (queue);
}

static gboolean
queue_quiet (gpointer app)
{
  return !queue_busy (app);
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
shows_one_running (gpointer data)
{
  TmQueueWindow *queue_window = data;

  return !tm_queue_window_get_loading (queue_window)
         && tm_queue_window_get_n_jobs (queue_window) == 1
         && strstr (tm_queue_window_get_summary (queue_window), "1 running") != NULL;
}

static void
test_hold_and_quit (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *audio = g_build_filename (dir, "slow.wav", NULL);
  g_autofree char *sandbox_data = g_build_filename (dir, "sandbox", NULL);
  g_autoptr(TmApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  /* A platform that answers every request three seconds late: its delivery
   * lasts long enough to be caught under way. */
  const char *slow[] = { "--slow=3000", NULL };
  TmTestSandbox *sandbox = tm_test_sandbox_start (sandbox_data, slow);
  GtkWindow *dialog;

  tm_test_write_tone (audio, 44100, 2, 1.0);
  {
    g_autoptr(TmCatalog) catalog = tm_catalog_open (catalog_path, &error);
    g_autoptr(TmRelease) release = tm_release_new ();
    g_autoptr(TmTrack) track = tm_track_new ();
    g_autoptr(TmPlatform) platform = tm_platform_new ();
    g_autoptr(TmFileHash) hash = tm_file_hash_sync (audio, NULL, &error);
    g_autoptr(TmTokens) tokens = tm_tokens_new (sandbox->token, NULL);
    g_autofree char *settings = g_strdup_printf ("{\"url\": \"%s\"}", sandbox->url);
    gint64 release_id, platform_id;
    g_autoptr(GPtrArray) outcomes = NULL;

    g_assert_no_error (error);
    tm_release_set_title (release, "Slow Song");
    tm_release_set_artist (release, "Ann");
    tm_catalog_add_release (catalog, release, &error);
    tm_track_set_title (track, "Slow Song");
    tm_track_set_audio_path (track, hash->path);
    tm_track_set_audio_size (track, hash->size);
    tm_track_set_audio_sha256 (track, hash->sha256);
    release_id = tm_record_get_id (TM_RECORD (release));
    tm_catalog_add_track (catalog, release_id, track, &error);
    tm_platform_set_name (platform, "Slow Platform");
    tm_platform_set_kind (platform, TM_PLATFORM_KIND_API);
    tm_platform_set_settings (platform, settings);
    tm_catalog_add_platform (catalog, platform, &error);
    g_assert_no_error (error);
    g_assert_true (tm_secrets_store_tokens ("Slow Platform", tokens, NULL, &error));
    g_assert_no_error (error);
    platform_id = tm_record_get_id (TM_RECORD (platform));
    outcomes = tm_distributor_distribute (catalog, &release_id, 1, &platform_id, 1, TM_JOB_PRIORITY_NORMAL, 0,
                              0, &error);
    g_assert_no_error (error);
  }

  g_setenv ("TUNEMANTRA_CATALOG", catalog_path, TRUE);
  app = tm_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  /* The delivery starts, and the application holds itself while it runs. */
  g_assert_true (tm_test_wait_for (queue_busy, app, 10000));
  g_assert_true (tm_application_is_held (app));

  /* The window says so in its headerbar, and its Deliveries window shows it running. */
  {
    TmWindow *window = TM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
    TmQueueWindow *queue_window;

    g_assert_true (gtk_widget_get_visible (tm_window_get_queue_indicator (window)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.deliveries", NULL));
    queue_window = TM_QUEUE_WINDOW (tm_window_get_queue_window (window));
    /* Its jobs are read in a worker. */
    g_assert_true (tm_test_wait_for (shows_one_running, queue_window, 10000));
    g_assert_cmpuint (tm_queue_window_get_n_jobs (queue_window), ==, 1);
    gtk_window_destroy (GTK_WINDOW (queue_window));
  }

  /* Quitting asks first; keeping on keeps everything. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (tm_test_wait_for (dialog_shown, NULL, 5000));
  dialog = find_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  g_assert_nonnull (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (queue_busy (app));

  /* The platform answers at last; the delivery finishes and the hold goes. */
  g_assert_true (tm_test_wait_for (queue_quiet, app, 60000));
  g_assert_false (tm_application_is_held (app));

  /* Now quitting does not ask. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_dialog ());

  g_unsetenv ("TUNEMANTRA_CATALOG");
  tm_test_sandbox_stop (sandbox);
  tm_test_remove_tree (dir);
}

static gboolean
catalog_open (gpointer app)
{
  return tm_application_get_queue (app) != NULL;
}

/* A damaged catalog: the window says so and offers its last backup, which
 * brings the catalog back in a new window. */
static void
test_restore_backup (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autoptr(TmApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  TmWindow *window;
  GtkWindow *dialog;

  {
    g_autoptr(TmCatalog) catalog = tm_catalog_open (catalog_path, &error);
    g_autoptr(TmRelease) release = tm_release_new ();

    g_assert_no_error (error);
    tm_release_set_title (release, "Worth Keeping");
    tm_release_set_artist (release, "Ann");
    tm_catalog_add_release (catalog, release, &error);
    g_assert_no_error (error);
  }
  /* Opened again: the day's backup is made. */
  g_clear_object (&app);
  g_object_unref (tm_catalog_open (catalog_path, &error));
  g_assert_no_error (error);
  backup = tm_catalog_find_last_backup (catalog_path);
  g_assert_nonnull (backup);
  tm_test_damage_catalog (catalog_path);

  g_setenv ("TUNEMANTRA_CATALOG", catalog_path, TRUE);
  app = tm_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = TM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_null (tm_window_get_releases (window));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "restore-backup"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "restore-backup", NULL);
  g_assert_true (tm_test_wait_for (dialog_shown, NULL, 5000));
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), backup));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  gtk_window_destroy (dialog);

  g_assert_true (tm_test_wait_for (catalog_open, app, 10000));
  window = TM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (tm_window_get_releases (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_unsetenv ("TUNEMANTRA_CATALOG");
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run the UI tests under xvfb-run.\n");
      return 1;
    }
  adw_init ();

  g_test_add_func ("/application/hold-and-quit", test_hold_and_quit);
  g_test_add_func ("/application/restore-backup", test_restore_backup);

  return g_test_run ();
}
