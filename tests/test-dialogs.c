/* test-dialogs.c: the windows beside the main one, on a real catalog, under Xvfb
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Platforms (an API platform against the sandbox, an SFTP account against an
 * sshd of the test's own, with its fingerprint), Preferences, the Deliveries
 * window with the real queue, and how the windows word progress and times.
 * GTK's criticals are fatal (tests/meson.build), and GLib's test setup makes
 * warnings fatal too. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "tm-credits-dialog.h"
#include "tm-distributor.h"
#include "tm-file-hash.h"
#include "tm-format.h"
#include "tm-availability-map.h"
#include "tm-catalog-earnings.h"
#include "tm-earnings-window.h"
#include "tm-insights-window.h"
#include "tm-issue-row.h"
#include "tm-job-item.h"
#include "tm-job-queue.h"
#include "tm-platform-settings.h"
#include "tm-platforms-dialog.h"
#include "tm-preferences.h"
#include "tm-queue-window.h"
#include "tm-secrets.h"
#include "tm-test-ui.h"
#include "tm-test-utils.h"
#include "tm-track-table.h"
#include "tm-window.h"

typedef TmUiFixture Fixture;


static void
open_window (Fixture    *f,
             TmJobQueue *queue)
{
  f->window = tm_window_new (NULL, f->catalog, queue, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
}

/* Platforms */

static gboolean
platform_tested (gpointer data)
{
  TmPlatformsDialog *dialog = data;

  return !tm_platforms_dialog_get_busy (dialog) && tm_platforms_dialog_get_last_test (dialog);
}

static void
wait_for_test (TmPlatformsDialog *dialog,
               const char        *name)
{
  if (!tm_test_ui_wait_until (platform_tested, dialog, 30000))
    g_error ("testing “%s” did not end", name);
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (w->model) == w->n;
}

/* An API platform added with its token (into the keyring, never into the
 * catalog), tested against the sandbox; a wrong token says so; an edit with a
 * bad address is refused whole, and the right token typed in fixes it. */
static void
test_platforms (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sandbox_data = g_build_filename (f->dir, "sandbox", NULL);
  TmTestSandbox *sandbox = tm_test_sandbox_start (sandbox_data, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmTokens) stored = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  TmPlatformsDialog *dialog;

  open_window (f, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.platforms", NULL));
  g_assert_nonnull (tm_test_ui_find_toplevel (TM_TYPE_PLATFORMS_DIALOG));
  dialog = TM_PLATFORMS_DIALOG (tm_platforms_dialog_new (f->catalog));
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_false (tm_platforms_dialog_add_api (dialog, "Label", "ftp://nope", "t", NULL, NULL,
                                               &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Saved, the token goes to the keyring in a worker, then the platform is
   * added and tested on its own. */
  g_assert_true (tm_platforms_dialog_add_api (dialog, "Label", sandbox->url, sandbox->token, NULL,
                                              NULL, &error));
  g_assert_no_error (error);
  wait_for_test (dialog, "Label");
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");
  platform = tm_catalog_find_platform (f->other, "Label", &error);
  g_assert_no_error (error);
  g_assert_null (strstr (tm_platform_get_settings (platform), sandbox->token));
  stored = tm_secrets_lookup_tokens ("Label", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, sandbox->token);
  /* Tested again when asked. */
  tm_platforms_dialog_test (dialog, "Label");
  wait_for_test (dialog, "Label");
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");

  /* The same name twice is refused. */
  g_assert_false (tm_platforms_dialog_add_api (dialog, "Label", sandbox->url, "x", NULL, NULL,
                                               &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (tm_platforms_dialog_add_api (dialog, "Wrong", sandbox->url, "not-the-token",
                                              NULL, NULL, &error));
  g_assert_no_error (error);
  wait_for_test (dialog, "Wrong");
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), !=, "ok");

  {
    const char *keys[] = { "url", NULL };
    const char *bad[] = { "gopher://example.org", NULL };
    const char *good[] = { sandbox->url, NULL };
    g_autoptr(TmPlatform) wrong = NULL;
    GtkWidget *editor = tm_platforms_dialog_open_editor (dialog, "Wrong");

    g_assert_nonnull (editor);
    g_assert_true (gtk_widget_get_visible (editor));
    gtk_window_destroy (GTK_WINDOW (editor));

    g_assert_false (tm_platforms_dialog_edit (dialog, "Wrong", keys, bad, TRUE, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "gopher"));
    g_clear_error (&error);
    wrong = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_nonnull (strstr (tm_platform_get_settings (wrong), sandbox->url));

    g_assert_true (tm_platforms_dialog_edit (dialog, "Wrong", keys, good, FALSE, sandbox->token,
                                             &error));
    g_assert_no_error (error);
    wait_for_test (dialog, "Wrong");
    g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");
    g_clear_object (&wrong);
    wrong = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_false (tm_platform_get_enabled (wrong));
    g_assert_null (strstr (tm_platform_get_settings (wrong), sandbox->token));
  }

  /* An HTTP platform's uploads at once: shown with their default. */
  {
    GtkWidget *editor = tm_platforms_dialog_open_editor (dialog, "Label");
    GtkWidget *title = tm_test_ui_find_text (editor, "Connections at Once (1–8)");
    GtkWidget *row;

    g_assert_nonnull (title);
    row = gtk_widget_get_ancestor (title, ADW_TYPE_ENTRY_ROW);
    g_assert_nonnull (row);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "3");
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  /* One removed goes from the list and the catalog. */
  {
    GListModel *listed = tm_platforms_dialog_get_platforms (dialog);
    guint n = g_list_model_get_n_items (listed);
    g_autoptr(TmPlatform) gone = NULL;

    CountWait w = { listed, n - 1 };
    GtkWidget *ask;

    /* The row's button asks first; Cancel keeps it. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "platforms.remove", "s",
                                               "Wrong"));
    ask = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ask);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
    gtk_window_destroy (GTK_WINDOW (ask));
    tm_test_ui_spin (50);
    gone = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_nonnull (gone);
    g_clear_object (&gone);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "platforms.remove", "s",
                                               "Wrong"));
    ask = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "remove");
    gtk_window_destroy (GTK_WINDOW (ask));
    g_assert_true (tm_test_ui_wait_until (has_n_items, &w, 10000));
    gone = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_null (gone);
  }

  tm_secrets_clear ("Label", NULL, NULL);
  tm_secrets_clear ("Wrong", NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  tm_test_sandbox_stop (sandbox);
}

static gboolean
fingerprint_shown (gpointer data)
{
  return tm_platforms_dialog_get_pending_fingerprint (data) != NULL;
}

/* An SFTP account from the window: added with its key, tested, its server's
 * fingerprint shown and accepted, and then it works. */
static void
test_platforms_sftp (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sshd_dir = g_build_filename (f->dir, "sshd", NULL);
  g_autofree char *known = g_build_filename (f->dir, "known_hosts", NULL);
  g_autofree char *drop = g_build_filename (f->dir, "drop", "new", NULL);
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  TmPlatformsDialog *dialog;
  GSubprocess *sshd;
  int port;

  if (getuid () != 0)
    {
      g_test_skip ("an sshd of the test's own needs root (CI runs as root)");
      return;
    }
  g_mkdir_with_parents (sshd_dir, 0700);
  tm_test_sshd_make_keys (sshd_dir);
  port = tm_test_free_port ();
  sshd = tm_test_sshd_start (sshd_dir, port, NULL);
  key = g_build_filename (sshd_dir, "user_ed25519", NULL);
  g_setenv ("TUNEMANTRA_KNOWN_HOSTS", known, TRUE);

  dialog = TM_PLATFORMS_DIALOG (tm_platforms_dialog_new (f->catalog));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (tm_platforms_dialog_add_sftp (dialog, "Store", "127.0.0.1", port,
                                                g_get_user_name (), key, NULL, NULL, "nope",
                                                "PADPIDA2014021302V", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "PADPIDA"));
  g_clear_error (&error);
  g_assert_true (tm_platforms_dialog_add_sftp (dialog, "Store", "127.0.0.1", port,
                                               g_get_user_name (), key, NULL, drop,
                                               "PADPIDA2026112401T", "PADPIDA2014021302V",
                                               &error));
  g_assert_no_error (error);

  /* Saved, it is tested, and the server is not known yet. */
  g_assert_true (tm_test_ui_wait_until (fingerprint_shown, dialog, 30000));
  fingerprint = g_strdup (tm_platforms_dialog_get_pending_fingerprint (dialog));
  g_assert_true (g_str_has_prefix (fingerprint, "SHA256:"));
  tm_platforms_dialog_trust (dialog, "Store", fingerprint);
  g_assert_true (tm_test_ui_wait_until (platform_tested, dialog, 30000));
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");
  /* The test made the drop folder, and left nothing in it. */
  g_assert_true (g_file_test (drop, G_FILE_TEST_IS_DIR));
  {
    g_autoptr(GDir) d = g_dir_open (drop, 0, NULL);

    g_assert_null (g_dir_read_name (d));
  }

  /* How many connections a delivery may open: shown with its default, kept
   * when changed, refused out of 1 to 8. */
  {
    GtkWidget *editor = tm_platforms_dialog_open_editor (dialog, "Store");
    GtkWidget *title, *row;
    const char *keys[] = { "connections", NULL };
    const char *too_many[] = { "9", NULL };
    const char *two[] = { "2", NULL };
    g_autoptr(TmPlatform) store = NULL;
    g_autoptr(TmPlatformSettings) settings = NULL;

    title = tm_test_ui_find_text (editor, "Connections at Once (1–8)");
    g_assert_nonnull (title);
    row = gtk_widget_get_ancestor (title, ADW_TYPE_ENTRY_ROW);
    g_assert_nonnull (row);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "4");
    gtk_window_destroy (GTK_WINDOW (editor));
    g_assert_false (tm_platforms_dialog_edit (dialog, "Store", keys, too_many, TRUE, NULL,
                                              &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "1 to 8"));
    g_clear_error (&error);
    g_assert_true (tm_platforms_dialog_edit (dialog, "Store", keys, two, TRUE, NULL, &error));
    g_assert_no_error (error);
    store = tm_catalog_find_platform (f->other, "Store", &error);
    g_assert_no_error (error);
    settings = tm_platform_settings_new_for_platform (store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tm_platform_settings_get_int (settings, "connections", 0), ==, 2);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  tm_test_sshd_stop (sshd);
  g_unsetenv ("TUNEMANTRA_KNOWN_HOSTS");
}

/* Preferences */

typedef struct
{
  Fixture    *f;
  const char *page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (tm_window_get_page (w->f->window), w->page) == 0;
}

static void
wait_for_page (Fixture    *f,
               const char *page)
{
  PageWait w = { f, page };

  if (!tm_test_ui_wait_until (on_page, &w, 10000))
    g_error ("the window shows “%s”, not “%s”", tm_window_get_page (f->window), page);
}

/* The defaults fill every new release; deliveries at once are kept in the
 * catalog, where the CLI's queue reads them; the window's size is kept. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = tm_settings_new ();
  g_autoptr(GPtrArray) all = NULL;
  TmRelease *release;

  g_assert_nonnull (settings);
  g_settings_set_string (settings, "default-artist", "Nova");
  g_settings_set_string (settings, "default-label", "Nova Records");
  g_settings_set_string (settings, "default-excluded-territories", "KP");

  open_window (f, NULL);
  wait_for_page (f, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  g_assert_nonnull (tm_test_ui_find_toplevel (TM_TYPE_PREFERENCES));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-release", NULL));
  wait_for_page (f, "release");
  all = tm_catalog_list_releases (f->other, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  release = g_ptr_array_index (all, 0);
  g_assert_cmpstr (tm_release_get_label (release), ==, "Nova Records");
  {
    g_autofree char *artist = tm_release_get_artist (release);

    g_assert_cmpstr (artist, ==, "Nova");
  }
  g_assert_cmpstr (tm_release_get_territories (release)[0], ==, "KP");

  {
    GtkWidget *preferences = tm_preferences_new (f->catalog);
    g_autofree char *value = NULL;

    gtk_window_present (GTK_WINDOW (preferences));
    tm_preferences_set_concurrency (TM_PREFERENCES (preferences), 5);
    value = tm_catalog_get_setting (f->other, "queue.concurrency", NULL);
    g_assert_cmpstr (value, ==, "5");
    /* A key asked for is shown and focused, so the window can point at it. */
    g_assert_nonnull (tm_preferences_focus (TM_PREFERENCES (preferences), "default-label"));
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  tm_test_ui_spin (20);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  open_window (f, NULL);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "default-artist");
  g_settings_reset (settings, "default-label");
  g_settings_reset (settings, "default-excluded-territories");
}

/* The Deliveries window */

static TmJob *
newest_job (TmCatalog *catalog)
{
  g_autoptr(GPtrArray) jobs = tm_catalog_list_jobs (catalog, &(TmJobQuery) {
                                                      .kinds = TM_JOB_KINDS_WORK }, NULL);
  TmJob *newest = NULL;

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);

      if (newest == NULL
          || tm_record_get_id (TM_RECORD (job)) > tm_record_get_id (TM_RECORD (newest)))
        newest = job;
    }
  return newest != NULL ? g_object_ref (newest) : NULL;
}

typedef struct
{
  Fixture       *f;
  TmQueueWindow *qw;
  guint          n_jobs;
  const char    *summary;  /* a part of it */
  gint64         job_id;
  const char    *text;     /* the job's line, whole; or a part when part is set */
  gboolean       part;
  TmJobState     state;    /* of the newest job as stored, when job_state is set */
  gboolean       job_state;
} QueueWait;

static gboolean
queue_shows (gpointer data)
{
  QueueWait *w = data;

  if (tm_queue_window_get_loading (w->qw) || tm_queue_window_get_n_jobs (w->qw) != w->n_jobs)
    return FALSE;
  if (w->summary != NULL && strstr (tm_queue_window_get_summary (w->qw), w->summary) == NULL)
    return FALSE;
  if (w->text != NULL)
    {
      const char *text = tm_queue_window_get_job_text (w->qw, w->job_id);

      if (text == NULL || (w->part ? strstr (text, w->text) == NULL : strcmp (text, w->text) != 0))
        return FALSE;
    }
  if (w->job_state)
    {
      g_autoptr(TmJob) job = newest_job (w->f->other);

      if (job == NULL || tm_job_get_state (job) != w->state)
        return FALSE;
    }
  return TRUE;
}

static void
wait_for_queue (QueueWait *w)
{
  if (!tm_test_ui_wait_until (queue_shows, w, 30000))
    {
      const char *text = w->text != NULL ? tm_queue_window_get_job_text (w->qw, w->job_id) : NULL;

      g_error ("the Deliveries window shows %u jobs (“%s”, job line “%s”), not %u (“%s”, “%s”)",
               tm_queue_window_get_n_jobs (w->qw), tm_queue_window_get_summary (w->qw),
               text != NULL ? text : "", w->n_jobs, w->summary != NULL ? w->summary : "",
               w->text != NULL ? w->text : "");
    }
}

static void
press (TmQueueWindow *qw,
       gint64         job_id,
       const char    *action)
{
  GtkWidget *button = tm_queue_window_get_job_button (qw, job_id, action);

  if (button == NULL)
    g_error ("job %" G_GINT64_FORMAT " has no %s button", job_id, action);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (tm_test_ui_shows (button));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  TmWindow *window;
  gboolean  shown_while_busy;
} IndicatorWatch;

static void
busy_cb (TmJobQueue     *queue,
         GParamSpec     *pspec,
         IndicatorWatch *watch)
{
  if (tm_job_queue_get_busy (queue)
      && gtk_widget_get_visible (tm_window_get_queue_indicator (watch->window)))
    watch->shown_while_busy = TRUE;
}

static gboolean
insights_loaded (gpointer data)
{
  return !tm_insights_window_get_loading (data);
}

/* A waiting job paused, resumed, cancelled with its buttons and delivered
 * again from the finished list; progress saved by another process shown as
 * "1 of 3 files · …"; the queue runs it, the headerbar's indicator shows while
 * it works, and it ends in the finished list; a delivery that cannot be done
 * is in the failed list with its reason and a retry. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *audio = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  g_autofree char *shelf = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *settings = g_strdup_printf ("{\"path\": \"%s\"}", shelf);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(TmJobQueue) queue = tm_job_queue_new (f->catalog);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmJob) job = NULL;
  TmQueueWindow *qw;
  gint64 release_id, platform_id, job_id;
  IndicatorWatch watch = { NULL, FALSE };
  QueueWait w = { f, NULL, 0, };

  tm_test_write_tone (audio, 44100, 2, 2.0);
  tm_release_set_title (release, "Dawn");
  tm_release_set_artist (release, "Ann");
  g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
  release_id = tm_record_get_id (TM_RECORD (release));
  tm_track_set_title (track, "Dawn");
  tm_track_set_audio_path (track, audio);
  g_assert_true (tm_catalog_add_track (f->catalog, release_id, track, NULL));
  tm_platform_set_name (platform, "Shelf");
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_FOLDER);
  tm_platform_set_settings (platform, settings);
  g_assert_true (tm_catalog_add_platform (f->catalog, platform, NULL));
  platform_id = tm_record_get_id (TM_RECORD (platform));
  tm_job_queue_set_tick_interval (queue, 100);

  open_window (f, queue);
  g_assert_false (gtk_widget_get_visible (tm_window_get_queue_indicator (f->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.deliveries", NULL));
  qw = TM_QUEUE_WINDOW (tm_window_get_queue_window (f->window));
  g_assert_nonnull (qw);
  w.qw = qw;
  w.summary = "Nothing is being delivered";
  wait_for_queue (&w);

  /* Waiting: it can be paused and cancelled, not resumed. */
  outcomes = tm_distributor_distribute (f->catalog, &release_id, 1, &platform_id, 1,
                                        TM_JOB_PRIORITY_NORMAL, 0, 0, &error);
  g_assert_no_error (error);
  job = newest_job (f->other);
  job_id = tm_record_get_id (TM_RECORD (job));
  w = (QueueWait) { f, qw, 1, "1 waiting", job_id, "Not started", FALSE, 0, FALSE };
  wait_for_queue (&w);
  g_assert_null (tm_queue_window_get_job_button (qw, job_id, "job.resume"));
  press (qw, job_id, "job.pause");
  w = (QueueWait) { f, qw, 1, "1 paused", 0, NULL, FALSE, TM_JOB_STATE_PAUSED, TRUE };
  wait_for_queue (&w);
  press (qw, job_id, "job.resume");
  w = (QueueWait) { f, qw, 1, "1 waiting", 0, NULL, FALSE, TM_JOB_STATE_WAITING, TRUE };
  wait_for_queue (&w);

  /* Progress another process saved: shown as it was saved. */
  g_clear_object (&job);
  job = newest_job (f->other);
  tm_job_set_state (job, TM_JOB_STATE_RUNNING);
  tm_job_set_files_done (job, 1);
  tm_job_set_files_total (job, 3);
  tm_job_set_bytes_done (job, 1000000);
  tm_job_set_bytes_total (job, 3000000);
  g_assert_true (tm_catalog_update_job (f->other, job, NULL));
  w = (QueueWait) { f, qw, 1, "1 running", job_id, "1 of 3 files · 1.0\u00a0MB of 3.0\u00a0MB" };
  wait_for_queue (&w);
  tm_job_set_state (job, TM_JOB_STATE_WAITING);
  g_assert_true (tm_catalog_update_job (f->other, job, NULL));
  w = (QueueWait) { f, qw, 1, "1 waiting" };
  wait_for_queue (&w);

  /* Cancelled: gone from the work under way, in the finished list, and sent again. */
  press (qw, job_id, "job.cancel");
  w = (QueueWait) { f, qw, 0, "Nothing is being delivered", 0, NULL, FALSE,
                    TM_JOB_STATE_CANCELLED, TRUE };
  wait_for_queue (&w);
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FINISHED);
  w = (QueueWait) { f, qw, 1, NULL, job_id, "", TRUE };
  wait_for_queue (&w);
  press (qw, job_id, "job.retry");
  g_clear_object (&job);
  job = newest_job (f->other);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (job)), >, job_id);
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_WAITING);
  job_id = tm_record_get_id (TM_RECORD (job));
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_ACTIVE);
  w = (QueueWait) { f, qw, 1, "1 waiting", job_id, "", TRUE };
  wait_for_queue (&w);

  /* The queue runs it: the indicator shows while it works; it ends as done. */
  watch.window = f->window;
  g_signal_connect (queue, "notify::busy", G_CALLBACK (busy_cb), &watch);
  tm_job_queue_start (queue);
  w = (QueueWait) { f, qw, 0, "Nothing is being delivered", 0, NULL, FALSE,
                    TM_JOB_STATE_DONE, TRUE };
  wait_for_queue (&w);
  g_assert_true (watch.shown_while_busy);
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FINISHED);
  w = (QueueWait) { f, qw, 2, NULL, job_id, "Ended: ", TRUE };
  wait_for_queue (&w);
  g_assert_true (g_str_has_prefix (tm_queue_window_get_job_text (qw, job_id), "Ended: "));
  g_assert_null (tm_queue_window_get_job_button (qw, job_id, "job.cancel"));

  /* A platform whose folder cannot be made: failed, with the reason and a
   * retry; the insights count it as one kind of failure. */
  {
    g_autoptr(TmPlatform) broken = tm_platform_new ();
    g_autoptr(GPtrArray) more = NULL;
    gint64 broken_id;
    TmInsightsWindow *insights;

    tm_platform_set_name (broken, "Broken");
    tm_platform_set_kind (broken, TM_PLATFORM_KIND_FOLDER);
    tm_platform_set_settings (broken, "{\"path\": \"/proc/nowhere/at/all\"}");
    g_assert_true (tm_catalog_add_platform (f->catalog, broken, NULL));
    broken_id = tm_record_get_id (TM_RECORD (broken));
    more = tm_distributor_distribute (f->catalog, &release_id, 1, &broken_id, 1,
                                      TM_JOB_PRIORITY_NORMAL, 0, 0, &error);
    g_assert_no_error (error);
    tm_job_queue_poke (queue);
    g_clear_object (&job);
    tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FAILED);
    w = (QueueWait) { f, qw, 1, NULL, 0, NULL, FALSE, TM_JOB_STATE_FAILED, TRUE };
    wait_for_queue (&w);
    job = newest_job (f->other);
    job_id = tm_record_get_id (TM_RECORD (job));
    w = (QueueWait) { f, qw, 1, NULL, job_id, "/proc/nowhere", TRUE };
    wait_for_queue (&w);
    g_assert_nonnull (tm_queue_window_get_job_button (qw, job_id, "job.retry"));

    insights = TM_INSIGHTS_WINDOW (tm_insights_window_new (f->catalog));
    gtk_window_present (GTK_WINDOW (insights));
    g_assert_true (tm_test_ui_wait_until (insights_loaded, insights, 10000));
    g_assert_cmpuint (tm_insights_window_get_categories (insights)->len, ==, 1);
    gtk_window_destroy (GTK_WINDOW (insights));
  }

  g_signal_handlers_disconnect_by_data (queue, &watch);
  tm_job_queue_stop (queue);
}

/* Replacing a track's audio from its details: a file that is not audio is
 * refused with its name; a new master is measured and recorded, shown, and
 * Undo puts the old one back. */
static gboolean
credits_idle (gpointer data)
{
  return !tm_credits_dialog_get_busy (data);
}

static gboolean
table_idle (gpointer data)
{
  return !tm_track_table_get_replacing (data);
}

static gboolean
undo_shown (gpointer data)
{
  return tm_test_ui_find_button (data, "_Undo") != NULL;
}

static void
test_replace_audio (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  g_autofree char *second = g_build_filename (f->dir, "Dawn (final master).wav", NULL);
  g_autofree char *notes = g_build_filename (f->dir, "notes.wav", NULL);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmFileHash) hash = NULL;
  g_autoptr(TmTrack) stored = NULL;
  g_autoptr(GError) error = NULL;
  TmCreditsDialog *dialog;
  gint64 track_id;

  tm_test_write_tone (first, 44100, 2, 1.0);
  tm_test_write_tone (second, 44100, 2, 1.5);
  g_assert_true (g_file_set_contents (notes, "not audio at all", -1, NULL));
  hash = tm_file_hash_sync (first, NULL, &error);
  g_assert_no_error (error);
  tm_release_set_title (release, "Dawn");
  g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
  tm_track_set_title (track, "Dawn");
  tm_track_set_audio_path (track, hash->path);
  tm_track_set_audio_size (track, hash->size);
  tm_track_set_audio_mtime (track, hash->mtime_usec);
  tm_track_set_audio_sha256 (track, hash->sha256);
  g_assert_true (tm_catalog_add_track (f->catalog, tm_record_get_id (TM_RECORD (release)), track,
                                       NULL));
  track_id = tm_record_get_id (TM_RECORD (track));

  dialog = TM_CREDITS_DIALOG (tm_credits_dialog_new (f->catalog, track_id));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (dialog), "01 - Dawn.wav"));
  g_assert_nonnull (tm_test_ui_find_button (GTK_WIDGET (dialog), "_Replace…"));

  tm_credits_dialog_replace_audio (dialog, notes);
  g_assert_true (tm_test_ui_wait_until (credits_idle, dialog, 30000));
  tm_test_ui_spin (100);
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (dialog), "notes.wav"));
  stored = tm_catalog_get_track (f->other, track_id, NULL);
  g_assert_cmpstr (tm_track_get_audio_path (stored), ==, first);
  g_clear_object (&stored);

  tm_credits_dialog_replace_audio (dialog, second);
  g_assert_true (tm_test_ui_wait_until (credits_idle, dialog, 30000));
  stored = tm_catalog_get_track (f->other, track_id, NULL);
  g_assert_cmpstr (tm_track_get_audio_path (stored), ==, second);
  g_assert_cmpstr (tm_track_get_audio_sha256 (stored), !=, hash->sha256);
  g_assert_cmpstr (tm_track_get_title (stored), ==, "Dawn");
  g_clear_object (&stored);
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (dialog), "Dawn (final master).wav"));

  /* After the refusal's toast has had its time. */
  g_assert_true (tm_test_ui_wait_until (undo_shown, dialog, 15000));
  g_signal_emit_by_name (tm_test_ui_find_button (GTK_WIDGET (dialog), "_Undo"), "clicked");
  tm_test_ui_spin (50);
  stored = tm_catalog_get_track (f->other, track_id, NULL);
  g_assert_cmpstr (tm_track_get_audio_path (stored), ==, first);
  g_assert_cmpstr (tm_track_get_audio_sha256 (stored), ==, hash->sha256);
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (dialog), "01 - Dawn.wav"));

  /* The same from the track table, as a file dropped on the row does. */
  {
    GtkWidget *window = gtk_window_new ();
    TmTrackTable *table = TM_TRACK_TABLE (tm_track_table_new (
                                            f->catalog, tm_record_get_id (TM_RECORD (release))));

    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (table));
    gtk_window_present (GTK_WINDOW (window));
    tm_track_table_replace_audio (table, track_id, second);
    g_assert_true (tm_test_ui_wait_until (table_idle, table, 30000));
    g_clear_object (&stored);
    stored = tm_catalog_get_track (f->other, track_id, NULL);
    g_assert_cmpstr (tm_track_get_audio_path (stored), ==, second);
  }
}

/* How progress, help and times are worded */

static void
test_queue_format (void)
{
  TmProgress p = { .files_done = 3, .files_total = 12,
                   .bytes_done = 420000000, .bytes_total = 1100000000 };
  TmProgress slow = { .files_total = 1, .bytes_total = 100000000 };
  TmProgress none = { 0, };
  g_autofree char *text = tm_queue_format_progress (&p, 3500000);
  g_autofree char *hours = tm_queue_format_progress (&slow, 10000);
  g_autofree char *unknown = tm_queue_format_progress (&p, 0);
  g_autofree char *nothing = tm_queue_format_progress (&none, 0);

  /* g_format_size() puts a no-break space between the figure and its unit. */
  g_assert_cmpstr (text, ==, "3 of 12 files · 420.0\u00a0MB of 1.1\u00a0GB · 3.5\u00a0MB/s · "
                             "about 3 min left");
  g_assert_cmpstr (hours, ==, "0 of 1 file · 0 bytes of 100.0\u00a0MB · 10.0\u00a0kB/s · "
                              "about 3 hours left");
  /* No speed yet: no guess of the time left either. */
  g_assert_cmpstr (unknown, ==, "3 of 12 files · 420.0\u00a0MB of 1.1\u00a0GB");
  g_assert_cmpstr (nothing, ==, "");

  /* Each problem's help: the section of checks.page for its kind. */
  {
    g_autofree char *audio = tm_issue_help_uri ("audio.true_peak");
    g_autofree char *track = tm_issue_help_uri ("track.isrc_invalid");
    g_autofree char *cover = tm_issue_help_uri ("artwork.too_small");

    g_assert_cmpstr (audio, ==, "help:tunemantra/checks#audio");
    g_assert_cmpstr (track, ==, "help:tunemantra/checks#release");
    g_assert_cmpstr (cover, ==, "help:tunemantra/checks#artwork");
  }

  /* Times as people read them, in the local zone. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 24, 15, 0, 0);
    g_autoptr(GDateTime) morning = g_date_time_new_local (2026, 11, 24, 9, 5, 0);
    g_autoptr(GDateTime) last_night = g_date_time_new_local (2026, 11, 23, 23, 59, 0);
    g_autoptr(GDateTime) before = g_date_time_new_local (2026, 3, 2, 18, 40, 0);
    g_autoptr(GDateTime) new_year = g_date_time_new_local (2027, 1, 1, 10, 0, 0);
    g_autoptr(GDateTime) old_year = g_date_time_new_local (2026, 12, 31, 22, 0, 0);
    gint64 n = g_date_time_to_unix (now) * G_USEC_PER_SEC;
    g_autofree char *a = tm_format_when (g_date_time_to_unix (morning) * G_USEC_PER_SEC, n);
    g_autofree char *b = tm_format_when (g_date_time_to_unix (last_night) * G_USEC_PER_SEC, n);
    g_autofree char *c = tm_format_when (g_date_time_to_unix (before) * G_USEC_PER_SEC, n);
    g_autofree char *d = tm_format_when (g_date_time_to_unix (old_year) * G_USEC_PER_SEC,
                                         g_date_time_to_unix (new_year) * G_USEC_PER_SEC);

    g_assert_cmpstr (a, ==, "Today at 09:05");
    g_assert_cmpstr (b, ==, "Yesterday at 23:59");
    g_assert_cmpstr (c, ==, "2 Mar 2026 at 18:40");
    /* Across a new year it is a date: good enough, and never wrong. */
    g_assert_cmpstr (d, ==, "31 Dec 2026 at 22:00");
    g_assert_null (tm_format_when (0, n));
  }
}

/* Earnings as a new user meets them: an empty window that says what to import;
 * three services' reports imported at once (one twice); the totals per
 * currency, a view by platform, and the release's own window. */
static gboolean
statement_shown (gpointer data)
{
  return tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
earnings_loaded (gpointer data)
{
  return !tm_earnings_window_get_loading (data);
}

static void
test_earnings (Fixture       *f,
               gconstpointer  data)
{
  const char *distrokid =
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
    "2024-08-05\t2024-05\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t\t1000\t100\tSong\tNL\t0\t3.10\n"
    "2024-08-05\t2024-06\tApple Music\tMara Ellis\tTidewater\tQZHN52412345\t\t200\t100\tSong\tUS\t0\t1.90\n"
    "2024-08-05\t2024-06\tSpotify\tSomeone Else\tElsewhere\tGBZZZ2400001\t\t7\t100\tSong\tDE\t0\t0.07\n";
  const char *cdbaby =
    "Report Date\tSales Date\tQuantity\tPrice\tSubtotal\tIsrc\tBarcode\tCDBabySku\tAlbum Name\t"
    "Artist Name\tTrack Name\tPartner Name\tTransaction Type\tDelivery Country\r\n"
    "10/15/2024 12:00:00 AM\t7/31/2024 12:00:00 AM\t1\t0.693\t0.693\tQZHN52412345\t\t\t"
    "Low Tide\tMara Ellis\tTidewater\tiTunes - Apple Music - Europe\tDownload\tDE\r\n";
  const char *bandcamp =
    "date,item type,item name,artist,currency,quantity,net amount,isrc,country code\n"
    "3/2/24 9:14pm,track,Tidewater,Mara Ellis,EUR,1,1.31,QZHN52412345,DE\n";
  g_autofree char *dk = g_build_filename (f->dir, "distrokid.tsv", NULL);
  g_autofree char *cd = g_build_filename (f->dir, "cdbaby.txt", NULL);
  g_autofree char *bc = g_build_filename (f->dir, "bandcamp.csv", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "view.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *totals = NULL;
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(GError) error = NULL;
  TmEarningsWindow *window;
  gint64 release_id;

  tm_release_set_title (release, "Low Tide");
  tm_release_set_artists (release, (const char *[]) { "Mara Ellis", NULL });
  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  release_id = tm_record_get_id (TM_RECORD (release));
  tm_track_set_title (track, "Tidewater");
  tm_track_set_isrc (track, "QZHN52412345");
  g_assert_true (tm_catalog_add_track (f->catalog, release_id, track, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (dk, distrokid, -1, NULL));
  g_assert_true (g_file_set_contents (cd, cdbaby, -1, NULL));
  g_assert_true (g_file_set_contents (bc, bandcamp, -1, NULL));

  window = TM_EARNINGS_WINDOW (tm_earnings_window_new (f->catalog, 0));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "No Earnings Yet"));

  {
    const char *paths[] = { dk, cd, bc, dk, NULL };

    tm_earnings_window_import_files (window, paths);
  }
  g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 30000));
  g_assert_nonnull (strstr (tm_earnings_window_get_import_report (window),
                            "distrokid.tsv was imported before"));
  g_assert_nonnull (strstr (tm_earnings_window_get_import_report (window), "(CD Baby)"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "Details"));
  totals = tm_earnings_window_get_totals_text (window);
  /* 3.10 + 1.90 + 0.07 + 0.693 dollars; 1.31 euros, never added to them. */
  g_assert_cmpstr (totals, ==, "EUR 1.31 · USD 5.76");
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "Low Tide"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "Not in the catalog"));
  /* A phone's width is enough. */
  g_assert_true (tm_test_ui_fits_width (gtk_window_get_child (GTK_WINDOW (window)), 360));

  /* By platform: the list beside the chart says what it draws. */
  {
    g_autoptr(GPtrArray) combos = tm_test_ui_find_all (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);

    g_assert_cmpuint (combos->len, ==, 2);
    adw_combo_row_set_selected (combos->pdata[1], 2);
  }
  g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "Apple Music"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "USD 2.59"));
  g_assert_true (tm_earnings_window_save_csv (window, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "Apple Music,USD,2.5930000000,200,1,0,2\r\n"));

  /* The statement: no splits recorded, so nothing split, and said so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "earnings.statement", NULL));
  g_assert_true (tm_test_ui_wait_until (statement_shown, NULL, 10000));

  /* Where the listeners are, by country: on the map, in five groups by streams;
   * "OU" (outside the US, DistroKid's) is in the list, not on the map. */
  {
    g_autoptr(GPtrArray) combos = tm_test_ui_find_all (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);
    TmWorldMap *map = tm_earnings_window_get_map (window);

    adw_combo_row_set_selected (combos->pdata[1], 3);
    g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
    if (tm_world_map_has_geometry ())
      {
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (map)));
        /* NL 1000 streams, US 200, DE 7 + 1 download: NL in the top group. */
        g_assert_cmpuint (tm_world_map_get_class (map, "NL"), >, tm_world_map_get_class (map, "US"));
        g_assert_cmpuint (tm_world_map_get_class (map, "US"), >, tm_world_map_get_class (map, "DE"));
        g_assert_cmpuint (tm_world_map_get_class (map, "BR"), ==, 0);
        g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "Netherlands"));
      }
  }
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (tm_test_ui_find_toplevel (
                                                     ADW_TYPE_MESSAGE_DIALOG));

    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Statement, all months");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Not split"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "USD 5.76"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* The release's own: only its lines, by platform from the start. */
  window = TM_EARNINGS_WINDOW (tm_earnings_window_new (f->catalog, release_id));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Earnings of Low Tide");
  g_clear_pointer (&totals, g_free);
  totals = tm_earnings_window_get_totals_text (window);
  g_assert_cmpstr (totals, ==, "EUR 1.31 · USD 5.69");
  g_assert_null (tm_test_ui_find_text (GTK_WIDGET (window), "Not in the catalog"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A line with no ISRC, matched by its title: the artist says it is right. */
  {
    g_autofree char *guess_path = g_build_filename (f->dir, "guess.tsv", NULL);
    const char *guess =
      "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
      "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
      "2024-09-05\t2024-07\tTIDAL\tMara Ellis\tTidewater\t\t\t10\t100\tSong\tNO\t0\t0.11\n";
    const char *paths[] = { guess_path, NULL };
    g_autoptr(GPtrArray) left = NULL;
    GtkWidget *dialog, *right;

    g_assert_true (g_file_set_contents (guess_path, guess, -1, NULL));
    window = TM_EARNINGS_WINDOW (tm_earnings_window_new (f->catalog, 0));
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
    tm_earnings_window_import_files (window, paths);
    g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
    g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (window), "by their title and artist only")
                      ?: tm_test_ui_find_text (GTK_WIDGET (window), "by its title and artist only"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "earnings.review-guesses",
                                               NULL));
    dialog = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_nonnull (tm_test_ui_find_text (dialog, "“Tidewater” by Mara Ellis"));
    right = tm_test_ui_find_button (dialog, "_Right");
    g_assert_nonnull (right);
    g_signal_emit_by_name (right, "clicked");
    left = tm_catalog_earnings_guesses (f->catalog, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (left->len, ==, 0);
    g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                    "match = 'confirmed'"), ==, 1);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));

    /* The report was a mistake: forgotten, after a question. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "earnings.reports", NULL));
    tm_test_ui_spin (200);
    dialog = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_nonnull (tm_test_ui_find_text (dialog, "guess.tsv"));
    right = tm_test_ui_find_button (dialog, "_Forget…");
    g_assert_nonnull (right);
    g_signal_emit_by_name (right, "clicked");
    tm_test_ui_spin (200);
    dialog = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                     "Forget guess.tsv?");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
    g_assert_true (tm_test_ui_wait_until (earnings_loaded, window, 10000));
    g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                    "store = 'TIDAL'"), ==, 0);
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* Where a release is available: its territories, on the platforms it is live on. */
static void
test_availability (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GListStore) distributions = g_list_store_new (TM_TYPE_DISTRIBUTION);
  g_autoptr(TmDistribution) spotify = tm_distribution_new ();
  g_autoptr(TmDistribution) deezer = tm_distribution_new ();
  const char *excluded[] = { "DE", "fr", NULL };
  const char *only[] = { "SE", "NO", NULL };
  GtkWidget *window = gtk_window_new ();
  TmAvailabilityMap *availability;
  TmWorldMap *map;

  if (!tm_world_map_has_geometry ())
    {
      g_test_skip ("This build has no map (DCW-GMT was not there)");
      return;
    }
  tm_release_set_territories (release, excluded);
  tm_distribution_set_platform_name (spotify, "Spotify");
  tm_distribution_set_status (spotify, TM_DISTRIBUTION_STATUS_LIVE);
  tm_distribution_set_platform_name (deezer, "Deezer");
  tm_distribution_set_status (deezer, TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_list_store_append (distributions, spotify);
  g_list_store_append (distributions, deezer);

  availability = TM_AVAILABILITY_MAP (tm_availability_map_new (release,
                                                               G_LIST_MODEL (distributions)));
  map = tm_availability_map_get_map (availability);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (availability));
  gtk_window_present (GTK_WINDOW (window));

  /* Every platform: live on one, so available (1) but in Germany and France (3). */
  g_assert_cmpuint (tm_world_map_get_class (map, "SE"), ==, 1);
  g_assert_cmpuint (tm_world_map_get_class (map, "DE"), ==, 3);
  g_assert_cmpuint (tm_world_map_get_class (map, "FR"), ==, 3);
  g_assert_cmpuint (tm_world_map_count_class (map, 2), ==, 2);
  g_assert_nonnull (strstr (tm_availability_map_get_summary (availability),
                            "not in France (FR), Germany (DE)"));
  g_assert_nonnull (strstr (tm_availability_map_get_summary (availability),
                            "live on 1 platform"));

  /* Deezer has not put it live: there it will be, once live (2). */
  tm_availability_map_set_platform (availability, 2);
  g_assert_cmpuint (tm_world_map_get_class (map, "SE"), ==, 2);
  g_assert_cmpuint (tm_world_map_get_class (map, "DE"), ==, 3);
  g_assert_nonnull (strstr (tm_availability_map_get_summary (availability),
                            "not live on Deezer yet"));

  /* Only listed territories, followed as they are edited. */
  tm_release_set_territory_mode (release, TM_TERRITORY_MODE_LIST);
  tm_release_set_territories (release, only);
  tm_availability_map_set_platform (availability, 1);
  g_assert_cmpuint (tm_world_map_get_class (map, "NO"), ==, 1);
  g_assert_cmpuint (tm_world_map_get_class (map, "DE"), ==, 3);
  g_assert_cmpuint (tm_world_map_count_class (map, 0), ==, 2);
  g_assert_nonnull (strstr (tm_availability_map_get_summary (availability),
                            "Available only in Norway (NO), Sweden (SE), live on Spotify."));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  tm_test_ui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, tm_test_ui_fixture_setup, func, \
                                   tm_test_ui_fixture_teardown)
  ADD ("/dialogs/platforms", test_platforms);
  ADD ("/dialogs/platforms-sftp", test_platforms_sftp);
  ADD ("/dialogs/preferences", test_preferences);
  ADD ("/dialogs/queue", test_queue);
  ADD ("/dialogs/replace-audio", test_replace_audio);
  ADD ("/dialogs/earnings", test_earnings);
  ADD ("/dialogs/availability", test_availability);
  g_test_add_func ("/dialogs/queue-format", test_queue_format);
#undef ADD

  return g_test_run ();
}
