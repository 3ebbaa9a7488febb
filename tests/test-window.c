/* test-window.c: the window on a real catalog, under Xvfb
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "tm-checker.h"
#include "tm-credits-dialog.h"
#include "tm-insights-window.h"
#include "tm-job-queue.h"
#include "tm-platforms-dialog.h"
#include "tm-preferences.h"
#include "tm-distributor.h"
#include "tm-format.h"
#include "tm-queue-window.h"
#include "tm-secrets.h"
#include "tm-sandbox.h"
#include "tm-release-page.h"
#include "tm-track-table.h"
#include "tm-waveform.h"
#include "tm-test-utils.h"
#include "tm-window.h"

typedef struct
{
  char      *dir;
  char      *path;
  TmCatalog *catalog;
  TmCatalog *other;      /* a second connection, as another program */
  TmWindow  *window;
} Fixture;

static gint64
add_release (TmCatalog  *catalog,
             const char *title,
             const char *artist)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;

  tm_release_set_title (release, title);
  tm_release_set_artist (release, artist);
  g_assert_true (tm_catalog_add_release (catalog, release, &error));
  g_assert_no_error (error);
  return tm_record_get_id (TM_RECORD (release));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = tm_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  f->other = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->catalog);
  g_clear_object (&f->other);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
on_page (gpointer data)
{
  Fixture *f = data;
  const char *wanted = g_object_get_data (G_OBJECT (f->window), "wanted-page");

  return g_strcmp0 (tm_window_get_page (f->window), wanted) == 0;
}

static void
wait_for_page (Fixture    *f,
               const char *page)
{
  g_object_set_data (G_OBJECT (f->window), "wanted-page", (gpointer) page);
  if (!tm_test_wait_for (on_page, f, 10000))
    g_error ("the window shows “%s”, not “%s”", tm_window_get_page (f->window), page);
}

static void
open_window (Fixture *f)
{
  f->window = tm_window_new (NULL, f->catalog, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
}

static char *
stored_title (Fixture *f,
              gint64   id)
{
  g_autoptr(TmRelease) release = tm_catalog_get_release (f->other, id, NULL);

  return g_strdup (tm_release_get_title (release));
}

typedef struct
{
  Fixture    *f;
  gint64      id;
  const char *title;
} TitleWait;

static gboolean
title_stored (gpointer data)
{
  TitleWait *w = data;
  g_autofree char *title = stored_title (w->f, w->id);

  return g_strcmp0 (title, w->title) == 0;
}

/* Releases missing what a column sorts by (no artist, no title) sort without
 * a critical, at either end. */
static void
test_sort_missing_values (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TmRelease) bare = tm_release_new ();
  g_autoptr(GError) error = NULL;
  GtkColumnView *view;
  GListModel *columns;

  add_release (f->catalog, "Named", "Ann");
  g_assert_true (tm_catalog_add_release (f->catalog, bare, &error));
  g_assert_no_error (error);
  open_window (f);
  wait_for_page (f, "list");

  view = tm_window_get_column_view (f->window);
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
      gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      for (int k = 0; k < 20; k++)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))),
                    ==, 2);

  /* Its page opens too, and pre-flight says what is missing. */
  tm_window_open_release (f->window, tm_record_get_id (TM_RECORD (bare)));
  wait_for_page (f, "release");
  for (int k = 0; k < 50; k++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_list_and_edit (Fixture       *f,
                    gconstpointer  data)
{
  gint64 b = add_release (f->catalog, "Blue Hour", "Ann");
  gint64 a = add_release (f->catalog, "Amber", "Cy");
  G_GNUC_UNUSED gint64 c = add_release (f->catalog, "Cinder", "Bo");
  GtkColumnView *view;
  GListModel *model;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) title_column = NULL;
  g_autoptr(TmRelease) first = NULL;
  TmReleasePage *page;
  GtkEditable *title, *date;
  g_autoptr(TmRelease) stored = NULL;
  TitleWait wait = { f, a, "Amber (Deluxe)" };

  open_window (f);
  wait_for_page (f, "list");

  view = tm_window_get_column_view (f->window);
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* Sorted by title, as a click on the heading does */
  columns = gtk_column_view_get_columns (view);
  title_column = g_list_model_get_item (columns, 0);
  gtk_column_view_sort_by_column (view, title_column, GTK_SORT_ASCENDING);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (tm_release_get_title (first), ==, "Amber");
  g_clear_object (&first);
  gtk_column_view_sort_by_column (view, title_column, GTK_SORT_DESCENDING);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (tm_release_get_title (first), ==, "Cinder");

  /* Open a release and edit it: it is saved without any button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-release", "x", a));
  wait_for_page (f, "release");
  page = tm_window_get_release_page (f->window);
  title = tm_release_page_get_field (page, "title");
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "Amber");
  gtk_editable_set_text (title, "Amber (Deluxe)");
  g_assert_true (tm_test_wait_for (title_stored, &wait, 5000));

  /* A date that does not exist is marked and not saved. */
  date = tm_release_page_get_field (page, "release_date");
  gtk_editable_set_text (date, "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  g_assert_true (tm_release_page_save (page));
  stored = tm_catalog_get_release (f->other, a, NULL);
  g_assert_null (tm_release_get_release_date (stored));
  g_clear_object (&stored);
  gtk_editable_set_text (date, "2026-03-01");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  g_assert_true (tm_release_page_save (page));

  /* An invisible control character, typed or pasted: marked, said, not saved. */
  {
    GtkEditable *label = tm_release_page_get_field (page, "label");
    GtkEditable *featured = tm_release_page_get_field (page, "featured_artists");

    gtk_editable_set_text (label, "Label\x01Name");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), "label"));
    gtk_editable_set_text (featured, "Bo, Cy\xe2\x80\xae");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (featured), "error"));
    g_assert_true (tm_release_page_save (page));
    stored = tm_catalog_get_release (f->other, a, NULL);
    g_assert_null (tm_release_get_label (stored));
    g_assert_true (tm_release_get_featured_artists (stored) == NULL
                   || tm_release_get_featured_artists (stored)[0] == NULL);
    g_clear_object (&stored);
    gtk_editable_set_text (label, "");
    gtk_editable_set_text (featured, "");
  }

  /* Back: the list shows the new title, and the date was kept on the way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  wait_for_page (f, "list");
  g_assert_cmpstr (tm_release_get_title (tm_record_list_find (
                     TM_RECORD_LIST (tm_window_get_releases (f->window)), a, NULL)), ==,
                   "Amber (Deluxe)");
  stored = tm_catalog_get_release (f->other, a, NULL);
  g_assert_cmpstr (tm_release_get_release_date (stored), ==, "2026-03-01");
  g_clear_object (&stored);
  stored = tm_catalog_get_release (f->other, b, NULL);
  g_assert_cmpstr (tm_release_get_title (stored), ==, "Blue Hour");
}

static gboolean
has_n_releases (gpointer data)
{
  Fixture *f = data;
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->window), "wanted-n"));

  return g_list_model_get_n_items (G_LIST_MODEL (tm_window_get_releases (f->window))) == wanted;
}

static void
test_new_release_and_external_change (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;

  add_release (f->catalog, "Existing", "Ann");
  open_window (f);
  wait_for_page (f, "list");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-release", NULL));
  wait_for_page (f, "release");
  all = tm_catalog_list_releases (f->other, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (tm_release_get_title (g_ptr_array_index (all, 1)), ==, "Untitled Release");

  /* The CLI adds a release while the window is open: it shows up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  add_release (f->other, "From the terminal", "Bo");
  g_object_set_data (G_OBJECT (f->window), "wanted-n", GUINT_TO_POINTER (3));
  g_assert_true (tm_test_wait_for (has_n_releases, f, 10000));
}

typedef struct
{
  Fixture *f;
  guint    n_tracks;
} TracksWait;
static gboolean tracks_measured (gpointer data);
static gboolean check_finished (gpointer data);
static GtkWidget *find_label_containing (GtkWidget *widget, const char *text);
static gboolean platform_tested (gpointer data);
static gboolean has_issue (TmReleasePage *page, const char *platform, const char *code,
                           const char *field);

static gboolean
release_has_tracks (gpointer data)
{
  TracksWait *w = data;
  TmRelease *open;

  if (g_strcmp0 (tm_window_get_page (w->f->window), "release") != 0)
    return FALSE;

  open = tm_release_page_get_release (tm_window_get_release_page (w->f->window));
  return open != NULL && tm_release_get_track_count (open) == w->n_tracks;
}

/* A file list dropped on the empty window becomes a release with its tracks in order. */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *second = g_build_filename (f->dir, "02 - Second.wav", NULL);
  g_autofree char *first = g_build_filename (f->dir, "01 - First.wav", NULL);
  g_autofree char *cover = g_build_filename (f->dir, "cover.png", NULL);
  const char *paths[] = { second, first, cover, NULL };
  TracksWait wait = { f, 2 };
  g_autoptr(GPtrArray) tracks = NULL;
  TmRelease *open;

  g_file_set_contents (second, "RIFF2", -1, NULL);
  g_file_set_contents (first, "RIFF1", -1, NULL);
  g_file_set_contents (cover, "PNG", -1, NULL);

  open_window (f);
  wait_for_page (f, "empty");
  tm_window_import_paths (f->window, paths);
  g_assert_true (tm_test_wait_for (release_has_tracks, &wait, 10000));

  open = tm_release_page_get_release (tm_window_get_release_page (f->window));
  tracks = tm_catalog_list_tracks (f->other, tm_record_get_id (TM_RECORD (open)), NULL);
  g_assert_cmpuint (tracks->len, ==, 2);
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "First");
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 1)), ==, "Second");
  g_assert_nonnull (tm_catalog_get_artwork (f->other, tm_record_get_id (TM_RECORD (open)), NULL));
}

typedef struct
{
  TmReleasePage *page;
  guint          n;
} MeasuredWait;

static gboolean
album_measured (gpointer data)
{
  MeasuredWait *w = data;

  return tracks_measured (w->page)
         && tm_track_table_get_n_measured (tm_release_page_get_track_table (w->page)) == w->n;
}

/* As a new user would: a folder of twelve WAV files and a cover, dropped on
 * the empty window, becomes an ordered album, analysed, and the pre-flight says
 * what Spotify and Apple Music would reject and how to fix it. */
static void
test_new_user_album (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const titles[] = {
    "Intro", "Tide", "Glass", "Morning", "Salt", "Lanterns",
    "Harbour", "Paper Moon", "Static", "Undertow", "Embers", "Outro"
  };
  g_autofree char *folder = g_build_filename (f->dir, "My Album", NULL);
  g_autofree char *cover = g_build_filename (folder, "cover.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1400, 1400);
  const char *paths[] = { folder, NULL };
  TracksWait wait = { f, G_N_ELEMENTS (titles) };
  MeasuredWait measured;
  g_autoptr(GPtrArray) tracks = NULL;
  TmReleasePage *page;
  TmRelease *open;
  GPtrArray *issues;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  /* Written last to first, so that the order on disk is not the album's. */
  for (guint i = G_N_ELEMENTS (titles); i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("%02u - %s.wav", i, titles[i - 1]);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      tm_test_write_tone (path, 44100, 2, 1.0);
    }
  gdk_pixbuf_fill (pixbuf, 0x884422ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));

  open_window (f);
  wait_for_page (f, "empty");
  tm_window_import_paths (f->window, paths);
  g_assert_true (tm_test_wait_for (release_has_tracks, &wait, 20000));

  page = tm_window_get_release_page (f->window);
  open = tm_release_page_get_release (page);
  tracks = tm_catalog_list_tracks (f->other, tm_record_get_id (TM_RECORD (open)), NULL);
  g_assert_cmpuint (tracks->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < tracks->len; i++)
    {
      g_assert_cmpint (tm_track_get_number (g_ptr_array_index (tracks, i)), ==, i + 1);
      g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, i)), ==, titles[i]);
    }
  g_assert_nonnull (tm_catalog_get_artwork (f->other, tm_record_get_id (TM_RECORD (open)), NULL));

  /* Every track analysed, with its loudness in its row. */
  measured.page = page;
  measured.n = G_N_ELEMENTS (titles);
  g_assert_true (tm_test_wait_for (album_measured, &measured, 60000));

  /* What each platform would reject, each with a way to fix it. */
  g_assert_true (has_issue (page, "spotify", "release.missing_field", "label"));
  g_assert_true (has_issue (page, "spotify", "track.missing_field", "isrc"));
  g_assert_true (has_issue (page, "apple-music", "artwork.too_small", NULL));
  g_assert_false (has_issue (page, "spotify", "artwork.missing", NULL));
  issues = tm_release_page_get_issues (page);
  for (guint i = 0; i < issues->len; i++)
    {
      TmIssue *issue = g_ptr_array_index (issues, i);

      if (tm_issue_get_severity (issue) == TM_ISSUE_ERROR)
        {
          g_assert_nonnull (tm_issue_get_message (issue));
          g_assert_nonnull (tm_issue_get_hint (issue));
        }
    }
}

typedef struct
{
  TmCatalog *catalog;
  gint64     release_id;
} LiveWait;

static gboolean
release_live (gpointer data)
{
  LiveWait *w = data;
  g_autoptr(GPtrArray) all = tm_catalog_list_distributions (w->catalog, w->release_id, NULL);

  return all != NULL && all->len == 1
         && tm_distribution_get_status (g_ptr_array_index (all, 0)) == TM_DISTRIBUTION_STATUS_LIVE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
page_shows_live (gpointer data)
{
  return find_button (GTK_WIDGET (data), "_Take Down") != NULL;
}

/* The first start without any account: a complete single delivered from its
 * page to the built-in Sandbox (test platform), all the way to live. */
static void
test_sandbox_to_live (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *audio = g_build_filename (f->dir, "01 - Dawn.wav", NULL);
  g_autofree char *cover = g_build_filename (f->dir, "cover.png", NULL);
  g_autofree char *sandbox_data = g_build_filename (f->dir, "sandbox", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3000, 3000);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(TmArtwork) artwork = tm_artwork_new ();
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(TmJobQueue) queue = NULL;
  g_autofree char *date = NULL;
  static const char * const fields[] = {
    "label=Ann Records", "genre=Electronic", "language=en", "p_year=2026", "p_holder=Ann",
    "c_year=2026", "c_holder=Ann", "upc=036000291452", "release_type=single",
  };
  TmReleasePage *page;
  GtkWidget *dialog;
  LiveWait wait;

  g_setenv ("TUNEMANTRA_SANDBOX_DATA", sandbox_data, TRUE);
  tm_test_write_tone (audio, 44100, 2, 2.0);
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    later = g_date_time_add_days (now, 30);
    date = g_date_time_format (later, "%Y-%m-%d");
  }
  tm_release_set_title (release, "Dawn");
  tm_release_set_artist (release, "Ann");
  tm_release_set_release_date (release, date);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(GStrv) kv = g_strsplit (fields[i], "=", 2);

      g_assert_true (tm_record_set_from_string (TM_RECORD (release), kv[0], kv[1], NULL));
    }
  g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
  tm_track_set_title (track, "Dawn");
  tm_track_set_artist (track, "Ann");
  tm_track_set_isrc (track, "GBXYZ2600001");
  tm_track_set_audio_path (track, audio);
  g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                            "[{\"name\":\"Ann Writer\",\"role\":\"composer\"}]",
                                            NULL));
  g_assert_true (tm_catalog_add_track (f->catalog, tm_record_get_id (TM_RECORD (release)), track,
                                       NULL));
  tm_artwork_set_path (artwork, cover);
  g_assert_true (tm_catalog_set_artwork (f->catalog, tm_record_get_id (TM_RECORD (release)),
                                         artwork, NULL));
  g_assert_true (tm_catalog_set_setting (f->catalog, "queue.poll-seconds", "1", NULL));

  /* The application's queue, as it runs beside the window. */
  queue = tm_job_queue_new (f->catalog);
  tm_job_queue_set_tick_interval (queue, 100);
  tm_job_queue_start (queue);

  open_window (f);
  wait_for_page (f, "list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-release", "x",
                                             tm_record_get_id (TM_RECORD (release))));
  wait_for_page (f, "release");
  page = tm_window_get_release_page (f->window);
  g_assert_true (tm_test_wait_for (check_finished, page, 30000));

  /* The only platform of a new catalog is the sandbox, chosen already. */
  dialog = tm_release_page_deliver (page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "deliver");

  wait.catalog = f->other;
  wait.release_id = tm_record_get_id (TM_RECORD (release));
  g_assert_true (tm_test_wait_for (release_live, &wait, 60000));

  /* Its row: the history with who did what, and the actions that fit "live". */
  g_assert_true (tm_test_wait_for (page_shows_live, page, 10000));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), " · by "));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Open Store Page"));
  {
    g_autofree char *site = g_build_filename (f->dir, "site", NULL);
    g_autofree char *index = tm_window_export_smartlink (f->window, site);
    g_autofree char *html = NULL;

    g_assert_nonnull (index);
    g_assert_true (g_file_get_contents (index, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "sandbox.tunemantra.invalid"));
  }
  g_assert_null (find_button (GTK_WIDGET (page), "_Retry"));

  /* A store link typed in: checked, then kept. */
  {
    g_autoptr(GPtrArray) all = tm_catalog_list_distributions (f->other, wait.release_id, NULL);
    gint64 id = tm_record_get_id (g_ptr_array_index (all, 0));
    g_autoptr(TmDistribution) d = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (tm_release_page_set_store_url (page, id, "javascript:alert(1)", &error));
    g_assert_nonnull (strstr (error->message, "https://"));
    g_clear_error (&error);
    g_assert_true (tm_release_page_set_store_url (page, id, " https://store.example.org/r/1 ",
                                                  &error));
    g_assert_no_error (error);
    d = tm_catalog_get_distribution (f->other, id, NULL);
    g_assert_cmpstr (tm_distribution_get_store_url (d), ==, "https://store.example.org/r/1");
  }
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), "_Take Down"), "clicked");
  {
    g_autoptr(GPtrArray) all = tm_catalog_list_distributions (f->other, wait.release_id, NULL);
    TmDistributionStatus now = tm_distribution_get_status (g_ptr_array_index (all, 0));

    g_assert_true (now == TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED
                   || now == TM_DISTRIBUTION_STATUS_REMOVED);
  }

  /* The insights see the delivery; their figures can be saved. */
  {
    GtkWidget *insights = tm_insights_window_new (f->catalog);
    g_autofree char *csv_path = g_build_filename (f->dir, "insights.csv", NULL);
    g_autofree char *csv = NULL;
    g_autoptr(GError) error = NULL;

    gtk_window_present (GTK_WINDOW (insights));
    g_assert_cmpuint (tm_insights_window_get_n_platforms (TM_INSIGHTS_WINDOW (insights)), ==, 1);
    g_assert_true (tm_insights_window_save_csv (TM_INSIGHTS_WINDOW (insights), csv_path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "Sandbox (test platform),1,"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.insights", NULL));
    gtk_window_destroy (GTK_WINDOW (insights));
  }

  tm_job_queue_stop (queue);
  tm_sandbox_stop ();
}

static gboolean
platform_tested (gpointer data)
{
  return tm_platforms_dialog_get_last_test (data) != NULL;
}

/* Platforms in the window: an API platform added with its token (into the
 * keyring), tested against the sandbox; a wrong token says so. */
static void
test_platforms_dialog (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sandbox_data = g_build_filename (f->dir, "sandbox", NULL);
  TmTestSandbox *sandbox = tm_test_sandbox_start (sandbox_data, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmTokens) stored = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  TmPlatformsDialog *dialog;

  open_window (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.platforms", NULL));
  dialog = TM_PLATFORMS_DIALOG (tm_platforms_dialog_new (f->catalog));
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_false (tm_platforms_dialog_add_api (dialog, "Label", "ftp://nope", "t", NULL, NULL,
                                               &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (tm_platforms_dialog_add_api (dialog, "Label", sandbox->url, sandbox->token, NULL,
                                              NULL, &error));
  g_assert_no_error (error);
  platform = tm_catalog_find_platform (f->other, "Label", &error);
  g_assert_no_error (error);
  g_assert_null (strstr (tm_platform_get_settings (platform), sandbox->token));
  stored = tm_secrets_lookup_tokens ("Label", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->access_token, ==, sandbox->token);

  tm_platforms_dialog_test (dialog, "Label");
  g_assert_true (tm_test_wait_for (platform_tested, dialog, 30000));
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");

  g_assert_true (tm_platforms_dialog_add_api (dialog, "Wrong", sandbox->url, "not-the-token",
                                              NULL, NULL, &error));
  tm_platforms_dialog_test (dialog, "Wrong");
  g_assert_true (tm_test_wait_for (platform_tested, dialog, 30000));
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), !=, "ok");

  /* Edited: a bad address is refused and nothing changes; the right token
   * typed in the editor fixes it, and the test then works. */
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
    g_assert_nonnull (strstr (error->message, "gopher"));
    g_clear_error (&error);
    wrong = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_nonnull (strstr (tm_platform_get_settings (wrong), sandbox->url));

    g_assert_true (tm_platforms_dialog_edit (dialog, "Wrong", keys, good, FALSE, sandbox->token,
                                             &error));
    g_assert_no_error (error);
    g_clear_object (&wrong);
    wrong = tm_catalog_find_platform (f->other, "Wrong", NULL);
    g_assert_false (tm_platform_get_enabled (wrong));
    g_assert_null (strstr (tm_platform_get_settings (wrong), sandbox->token));
    tm_platforms_dialog_test (dialog, "Wrong");
    g_assert_true (tm_test_wait_for (platform_tested, dialog, 30000));
    g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");
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

  open_window (f);
  dialog = TM_PLATFORMS_DIALOG (tm_platforms_dialog_new (f->catalog));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (tm_platforms_dialog_add_sftp (dialog, "Store", "127.0.0.1", port,
                                                g_get_user_name (), key, NULL, NULL, "nope",
                                                "PADPIDA2014021302V", &error));
  g_assert_nonnull (strstr (error->message, "PADPIDA"));
  g_clear_error (&error);
  g_assert_true (tm_platforms_dialog_add_sftp (dialog, "Store", "127.0.0.1", port,
                                               g_get_user_name (), key, NULL, drop,
                                               "PADPIDA2026112401T", "PADPIDA2014021302V",
                                               &error));
  g_assert_no_error (error);

  tm_platforms_dialog_test (dialog, "Store");
  g_assert_true (tm_test_wait_for (fingerprint_shown, dialog, 30000));
  fingerprint = g_strdup (tm_platforms_dialog_get_pending_fingerprint (dialog));
  g_assert_true (g_str_has_prefix (fingerprint, "SHA256:"));
  tm_platforms_dialog_trust (dialog, "Store", fingerprint);
  g_assert_true (tm_test_wait_for (platform_tested, dialog, 30000));
  g_assert_cmpstr (tm_platforms_dialog_get_last_test (dialog), ==, "ok");
  /* The test made the drop folder, and left nothing in it. */
  g_assert_true (g_file_test (drop, G_FILE_TEST_IS_DIR));
  {
    g_autoptr(GDir) d = g_dir_open (drop, 0, NULL);

    g_assert_null (g_dir_read_name (d));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  tm_test_sshd_stop (sshd);
  g_unsetenv ("TUNEMANTRA_KNOWN_HOSTS");
}

/* Preferences: the defaults fill every new release. */
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

  open_window (f);
  wait_for_page (f, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
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

  /* Deliveries at once: kept in the catalog, where the CLI's queue reads it too. */
  {
    GtkWidget *preferences = tm_preferences_new (f->catalog);
    g_autofree char *value = NULL;

    tm_preferences_set_concurrency (TM_PREFERENCES (preferences), 5);
    value = tm_catalog_get_setting (f->other, "queue.concurrency", NULL);
    g_assert_cmpstr (value, ==, "5");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  /* The window's size is kept for the next start. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  open_window (f);
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

static gboolean
shows_n_rows (gpointer data)
{
  Fixture *f = data;
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->window), "wanted-rows"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
                                     tm_window_get_column_view (f->window)))) == wanted;
}

/* The list shows the releases of one status when asked. */
static void
test_status_filter (Fixture       *f,
                    gconstpointer  data)
{
  gint64 a = add_release (f->catalog, "Amber", "Cy");
  gint64 b = add_release (f->catalog, "Blue Hour", "Ann");
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(GError) error = NULL;

  (void) a;
  tm_platform_set_name (platform, "Shelf");
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_FOLDER);
  tm_platform_set_settings (platform, "{\"path\": \"/tmp\"}");
  g_assert_true (tm_catalog_add_platform (f->catalog, platform, &error));
  d = tm_catalog_add_distribution (f->catalog, b, tm_record_get_id (TM_RECORD (platform)),
                                   TM_ACTOR_USER, &error);
  g_assert_no_error (error);
  g_assert_true (tm_catalog_transition (f->catalog, tm_record_get_id (TM_RECORD (d)),
                                        TM_DISTRIBUTION_STATUS_VALIDATING, TM_ACTOR_USER, NULL,
                                        &error));
  g_assert_no_error (error);

  open_window (f);
  wait_for_page (f, "list");
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (2));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));
  tm_window_show_status (f->window, TM_AGGREGATE_STATUS_IN_PROGRESS);
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (1));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));
  tm_window_show_status (f->window, TM_AGGREGATE_STATUS_REMOVED);
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (0));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));
  tm_window_show_status (f->window, -1);
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (2));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));

  /* By platform: only what went to Shelf. */
  tm_window_show_platform (f->window, "Shelf");
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (1));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));
  tm_window_show_platform (f->window, NULL);
  g_object_set_data (G_OBJECT (f->window), "wanted-rows", GUINT_TO_POINTER (2));
  g_assert_true (tm_test_wait_for (shows_n_rows, f, 10000));
}

static void
test_empty_and_error (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = g_error_new_literal (TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                                                 "The file x is damaged.");
  TmWindow *broken;

  open_window (f);
  wait_for_page (f, "empty");

  broken = tm_window_new (NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (broken));
  g_assert_cmpstr (tm_window_get_page (broken), ==, "error");
  /* New Release is disabled: activating it does nothing (and touches no catalog). */
  gtk_widget_activate_action (GTK_WIDGET (broken), "win.new-release", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (tm_window_get_page (broken), ==, "error");
  gtk_window_destroy (GTK_WINDOW (broken));
}

static TmWaveform *find_waveform (GtkWidget *widget);
static GtkWidget *find_label_containing (GtkWidget *widget, const char *text);

/* The action row titled @title whose subtitle starts with @prefix under @widget. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title,
          const char *prefix)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0
      && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL
      && g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), prefix))
    return ADW_ACTION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = find_row (child, title, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
check_finished (gpointer data)
{
  TmReleasePage *page = data;

  return !tm_release_page_is_checking (page) && tm_release_page_get_issues (page) != NULL;
}

static gboolean
has_issue (TmReleasePage *page,
           const char    *platform,
           const char    *code,
           const char    *field)
{
  GPtrArray *issues = tm_release_page_get_issues (page);

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      TmIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (tm_issue_get_platform (issue), platform)
          && g_str_equal (tm_issue_get_code (issue), code)
          && (field == NULL || g_strcmp0 (tm_issue_get_field (issue), field) == 0))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  TmReleasePage *page;
} GoneWait;

static gboolean
tracks_measured (gpointer data)
{
  TmReleasePage *page = data;

  return check_finished (page) && !has_issue (page, "spotify", "release.no_tracks", NULL)
         && !has_issue (page, "spotify", "audio.not_analysed", NULL);
}

static gboolean
label_issue_gone (gpointer data)
{
  GoneWait *w = data;

  return check_finished (w->page)
         && !has_issue (w->page, "spotify", "release.missing_field", "label");
}

static void
test_preflight (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = add_release (f->catalog, "Amber", "Cy");
  TmReleasePage *page;
  GtkEditable *label;
  GoneWait wait;

  open_window (f);
  wait_for_page (f, "list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-release", "x", id));
  wait_for_page (f, "release");
  page = tm_window_get_release_page (f->window);

  /* Before it goes anywhere, Spotify's and Apple's rules apply. */
  g_assert_true (tm_test_wait_for (check_finished, page, 20000));
  g_assert_true (has_issue (page, "spotify", "release.no_tracks", NULL));
  g_assert_true (has_issue (page, "apple-music", "artwork.missing", NULL));
  g_assert_true (has_issue (page, "spotify", "release.missing_field", "label"));

  /* Fixing a field checks again, and the problem is gone. */
  label = tm_release_page_get_field (page, "label");
  gtk_editable_set_text (label, "Cy Records");
  g_assert_true (tm_release_page_save (page));
  wait.page = page;
  g_assert_true (tm_test_wait_for (label_issue_gone, &wait, 20000));
  g_assert_true (has_issue (page, "spotify", "release.no_tracks", NULL));

  /* A track: measured, its loudness on its row, and each platform's gain. */
  {
    g_autofree char *dir = tm_test_make_tmp_dir ();
    g_autofree char *path = g_build_filename (dir, "tone.wav", NULL);
    g_autoptr(TmTrack) track = tm_track_new ();
    AdwActionRow *row;
    GtkWidget *table;

    tm_test_write_tone (path, 44100, 2, 3.0);
    tm_track_set_title (track, "Tone");
    tm_track_set_audio_path (track, path);
    g_assert_true (tm_catalog_add_track (f->catalog, id, track, NULL));
    tm_release_page_save (page);
    wait.page = page;
    g_assert_true (tm_test_wait_for (tracks_measured, page, 30000));
    row = find_row (GTK_WIDGET (page), "Spotify", "Album ");
    g_assert_nonnull (row);
    /* -6 dBFS of 1 kHz is about -9 LUFS: Spotify turns it down. */
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Album -"));
    table = GTK_WIDGET (tm_release_page_get_track_table (page));
    g_assert_cmpuint (tm_track_table_get_n_measured (TM_TRACK_TABLE (table)), ==, 1);
    g_assert_nonnull (find_label_containing (table, " LUFS · "));
    /* Its overview is drawn beside it (a 3 s file has 300 points), no marks for a clean tone. */
    g_assert_nonnull (find_waveform (table));
    g_assert_cmpuint (tm_waveform_get_n_points (find_waveform (table)), >=, 100);
    g_assert_cmpuint (tm_waveform_get_n_marks (find_waveform (table)), ==, 0);

    /* Removing the track can be undone from its toast, credits and place kept. */
    {
      g_autoptr(GPtrArray) tracks = NULL;
      AdwToast *toast;

      g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                                "[{\"name\":\"Ann\",\"role\":\"composer\"}]",
                                                NULL));
      g_assert_true (tm_catalog_update_track (f->catalog, track, NULL));
      toast = tm_release_page_remove_track (page, 0);
      g_assert_nonnull (toast);
      tracks = tm_catalog_list_tracks (f->catalog, id, NULL);
      g_assert_cmpuint (tracks->len, ==, 0);
      g_clear_pointer (&tracks, g_ptr_array_unref);

      g_signal_emit_by_name (toast, "button-clicked");
      tracks = tm_catalog_list_tracks (f->catalog, id, NULL);
      g_assert_cmpuint (tracks->len, ==, 1);
      g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "Tone");
      g_assert_cmpstr (tm_track_get_audio_path (g_ptr_array_index (tracks, 0)), ==, path);
      g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (
                          g_ptr_array_index (tracks, 0))), ==, 1);
    }
    tm_test_remove_tree (dir);
  }
}

/* The first visible label (or editable) under @widget whose text holds @text. */
static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                      : GTK_IS_ENTRY (widget)
                      ? gtk_editable_get_text (GTK_EDITABLE (widget)) : NULL;

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (shown != NULL && strstr (shown, text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  TmTrackTable *table;
  guint         n;
} CountWait;

static gboolean
table_has_n (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (tm_track_table_get_tracks (w->table)) == w->n;
}

/* The titles of a release's tracks as stored, in order: "A|B|C". */
static char *
stored_titles (TmCatalog *catalog,
               gint64     release_id)
{
  g_autoptr(GPtrArray) tracks = tm_catalog_list_tracks (catalog, release_id, NULL);
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < tracks->len; i++)
    g_string_append_printf (titles, "%s%s", i > 0 ? "|" : "",
                            tm_track_get_title (g_ptr_array_index (tracks, i)));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static TmTrack *
stored_track (TmCatalog *catalog,
              gint64     release_id,
              guint      index)
{
  g_autoptr(GPtrArray) tracks = tm_catalog_list_tracks (catalog, release_id, NULL);

  return tm_catalog_get_track (catalog, tm_record_get_id (g_ptr_array_index (tracks, index)),
                               NULL);
}

/* The release editor: cells edited in place, several tracks at once with undo,
 * reordering, credits and splits, territories, and deleting the release with undo. */
static void
test_release_editor (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const titles[] = { "One", "Two", "Three" };
  gint64 id = add_release (f->catalog, "Amber", "Cy");
  TmReleasePage *page;
  TmTrackTable *table;
  GtkWidget *cell;
  AdwToast *toast;
  CountWait wait;
  g_autofree char *order = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(TmTrack) track = tm_track_new ();

      tm_track_set_title (track, titles[i]);
      g_assert_true (tm_catalog_add_track (f->catalog, id, track, NULL));
    }

  open_window (f);
  wait_for_page (f, "list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-release", "x", id));
  wait_for_page (f, "release");
  page = tm_window_get_release_page (f->window);
  table = tm_release_page_get_track_table (page);
  wait.table = table;
  wait.n = 3;
  g_assert_true (tm_test_wait_for (table_has_n, &wait, 10000));

  /* A title edited in its cell is stored when the editing ends. */
  cell = find_label_containing (GTK_WIDGET (table), "Two");
  g_assert_true (GTK_IS_ENTRY (cell));
  gtk_widget_grab_focus (cell);
  gtk_editable_set_text (GTK_EDITABLE (cell), "Second");
  /* Nothing is written while typing; Enter writes it. */
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "One|Two|Three");
  g_clear_pointer (&order, g_free);
  g_signal_emit_by_name (cell, "activate");
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "One|Second|Three");
  g_clear_pointer (&order, g_free);

  /* An ISRC is normalised; a wrong one is refused and the stored one kept. */
  {
    g_autoptr(TmTrack) first = NULL;

    g_assert_true (tm_track_table_edit (table, 0, "isrc", "us-s1z-99-00001"));
    g_assert_false (tm_track_table_edit (table, 0, "isrc", "not an isrc"));
    first = stored_track (f->other, id, 0);
    g_assert_cmpstr (tm_track_get_isrc (first), ==, "USS1Z9900001");
  }

  /* ISRCs from the registrant prefix, each once; the tracks that had one keep it. */
  g_assert_cmpint (tm_track_table_give_isrcs (table, "GB-XYZ"), ==, 2);
  {
    g_autoptr(TmTrack) second = stored_track (f->other, id, 1);
    g_autoptr(TmTrack) third = stored_track (f->other, id, 2);

    g_assert_true (g_str_has_prefix (tm_track_get_isrc (second), "GBXYZ"));
    g_assert_cmpstr (tm_track_get_isrc (second), !=, tm_track_get_isrc (third));
  }
  g_assert_cmpint (tm_track_table_give_isrcs (table, NULL), ==, 0);

  /* Apply to selected: one value for all, undone from the toast. */
  gtk_selection_model_select_all (tm_track_table_get_selection (table));
  toast = tm_track_table_apply_to_selected (table, TM_BATCH_FIELD_ARTIST, "Duo");
  g_assert_nonnull (toast);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TmTrack) track = stored_track (f->other, id, i);
      g_autofree char *artist = tm_track_get_artist (track);

      g_assert_cmpstr (artist, ==, "Duo");
    }
  g_signal_emit_by_name (toast, "button-clicked");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TmTrack) track = stored_track (f->other, id, i);
      g_autofree char *artist = tm_track_get_artist (track);

      g_assert_null (artist);
    }
  /* A value wrong for the field changes nothing. */
  g_assert_null (tm_track_table_apply_to_selected (table, TM_BATCH_FIELD_DISC, "two"));

  /* Reordering: a drop moves a track, Alt+Up moves the selected one, which stays selected. */
  g_assert_true (tm_track_table_move (table, 0, 2));
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "Second|Three|One");
  g_clear_pointer (&order, g_free);
  gtk_selection_model_select_item (tm_track_table_get_selection (table), 2, TRUE);
  g_assert_true (tm_track_table_move_selected (table, -1));
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "Second|One|Three");
  g_clear_pointer (&order, g_free);
  g_assert_true (gtk_selection_model_is_selected (tm_track_table_get_selection (table), 1));

  /* Credits and splits: saved when they add up; more than 100 % is refused. */
  {
    g_autoptr(TmTrack) first = stored_track (f->other, id, 0);
    g_autoptr(TmTrack) stored = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *dialog = tm_credits_dialog_new (f->catalog, tm_record_get_id (TM_RECORD (first)));
    TmCreditsDialog *credits = TM_CREDITS_DIALOG (dialog);

    gtk_window_present (GTK_WINDOW (dialog));
    gtk_editable_set_text (tm_credits_dialog_get_field (credits, "featured_artists"),
                           "Bo, Cy ,");
    gtk_editable_set_text (tm_credits_dialog_get_field (credits, "language"), "fr");
    tm_credits_dialog_add_contributor (credits, "Ann Writer", TM_CONTRIBUTOR_ROLE_COMPOSER);
    tm_credits_dialog_add_split (credits, "Ann Writer", "Songwriter", 60);
    tm_credits_dialog_add_split (credits, "Small Pub", "Publisher", 40);
    g_assert_cmpint (tm_credits_dialog_get_total_bp (credits), ==, 10000);
    g_assert_true (tm_credits_dialog_save (credits, &error));
    g_assert_no_error (error);
    stored = stored_track (f->other, id, 0);
    g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (stored)), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_splits (stored)), ==, 2);
    /* The table's edits made meanwhile are kept. */
    g_assert_cmpstr (tm_track_get_title (stored), ==, "Second");
    g_assert_cmpstr (tm_track_get_language (stored), ==, "fr");
    g_assert_cmpuint (g_strv_length ((char **) tm_track_get_featured_artists (stored)), ==, 2);
    g_assert_cmpstr (tm_track_get_featured_artists (stored)[1], ==, "Cy");

    tm_credits_dialog_add_split (credits, "Someone Else", NULL, 10);
    g_assert_cmpint (tm_credits_dialog_get_total_bp (credits), ==, 11000);
    g_assert_false (tm_credits_dialog_save (credits, &error));
    g_assert_nonnull (error);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Territories: worldwide with exclusions, typed loosely. */
  {
    GtkEditable *territories = tm_release_page_get_field (page, "territories");
    g_autoptr(TmRelease) stored = NULL;
    const char * const *codes;

    gtk_editable_set_text (territories, "cu, ir kp");
    g_assert_true (tm_release_page_save (page));
    stored = tm_catalog_get_release (f->other, id, NULL);
    codes = tm_release_get_territories (stored);
    g_assert_nonnull (codes);
    g_assert_cmpuint (g_strv_length ((char **) codes), ==, 3);
    g_assert_cmpstr (codes[0], ==, "CU");
    g_assert_cmpint (tm_release_get_territory_mode (stored), ==, TM_TERRITORY_MODE_WORLDWIDE);
  }

  /* Deleting the release goes back to the (now empty) list; Undo brings it all back. */
  toast = tm_window_delete_release (f->window, id);
  g_assert_nonnull (toast);
  wait_for_page (f, "empty");
  g_assert_null (tm_catalog_get_release (f->other, id, NULL));
  g_signal_emit_by_name (toast, "button-clicked");
  {
    g_autoptr(GPtrArray) all = tm_catalog_list_releases (f->other, NULL);
    TmRelease *back = NULL;

    for (guint i = 0; i < all->len; i++)
      if (g_strcmp0 (tm_release_get_title (g_ptr_array_index (all, i)), "Amber") == 0)
        back = g_ptr_array_index (all, i);
    g_assert_nonnull (back);
    order = stored_titles (f->other, tm_record_get_id (TM_RECORD (back)));
    g_assert_cmpstr (order, ==, "Second|One|Three");
    {
      g_autoptr(TmTrack) first = stored_track (f->other, tm_record_get_id (TM_RECORD (back)), 0);

      g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_splits (first)), ==, 2);
    }
    g_assert_cmpuint (g_strv_length ((char **) tm_release_get_territories (back)), ==, 3);
  }
  wait_for_page (f, "list");
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static TmWaveform *
find_waveform (GtkWidget *widget)
{
  if (TM_IS_WAVEFORM (widget))
    return TM_WAVEFORM (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TmWaveform *found = find_waveform (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return find_file_chooser () == NULL;
}

/* Ctrl+O and the menu open a file chooser for files, and one for a folder. */
static void
test_import_chooser (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const kinds[] = { "files", "folder" };

  open_window (f);
  wait_for_page (f, "empty");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *chooser;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", "s",
                                                 kinds[i]));
      g_assert_true (tm_test_wait_for (file_chooser_shown, NULL, 5000));
      chooser = find_file_chooser ();
      g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                       i == 0 ? GTK_FILE_CHOOSER_ACTION_OPEN
                              : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
      if (i == 0)
        g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      g_assert_true (tm_test_wait_for (file_chooser_gone, NULL, 5000));
    }
}

static TmJob *
only_job (TmCatalog *catalog)
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

static void
press (TmQueueWindow *queue_window,
       gint64         job_id,
       const char    *action)
{
  GtkWidget *button = tm_queue_window_get_job_button (queue_window, job_id, action);

  if (button == NULL)
    g_error ("job %" G_GINT64_FORMAT " has no %s button", job_id, action);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
job_done (gpointer data)
{
  Fixture *f = data;
  g_autoptr(TmJob) job = only_job (f->other);

  return job != NULL && tm_job_get_state (job) == TM_JOB_STATE_DONE;
}

static gboolean
job_failed (gpointer data)
{
  Fixture *f = data;
  g_autoptr(TmJob) job = only_job (f->other);

  return job != NULL && tm_job_get_state (job) == TM_JOB_STATE_FAILED;
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

/* The Deliveries window: a waiting job paused, resumed, cancelled (and its
 * cancel undone), delivered again from the finished list; progress saved by
 * another process shown as "1 of 3 files · …"; then the queue runs it, the
 * headerbar indicator shows while it works, and it ends in the finished list. */
static void
test_queue_view (Fixture       *f,
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

  open_window (f);
  tm_window_set_queue (f->window, queue);
  g_assert_false (gtk_widget_get_visible (tm_window_get_queue_indicator (f->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.deliveries", NULL));
  qw = TM_QUEUE_WINDOW (tm_window_get_queue_window (f->window));
  g_assert_nonnull (qw);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 0);
  g_assert_cmpstr (tm_queue_window_get_summary (qw), ==, "Nothing is being delivered");

  /* Waiting: pause and cancel, no resume. */
  outcomes = tm_distributor_distribute (f->catalog, &release_id, 1, &platform_id, 1, TM_JOB_PRIORITY_NORMAL, 0,
                            0, &error);
  g_assert_no_error (error);
  tm_queue_window_refresh (qw);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 1);
  g_assert_nonnull (strstr (tm_queue_window_get_summary (qw), "1 waiting"));
  job = only_job (f->other);
  job_id = tm_record_get_id (TM_RECORD (job));
  g_assert_null (tm_queue_window_get_job_button (qw, job_id, "job.resume"));
  press (qw, job_id, "job.pause");
  g_clear_object (&job);
  job = only_job (f->other);
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_PAUSED);
  g_assert_nonnull (strstr (tm_queue_window_get_summary (qw), "1 paused"));
  press (qw, job_id, "job.resume");
  g_clear_object (&job);
  job = only_job (f->other);
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_WAITING);

  /* Progress another process saved: shown as it was saved. */
  tm_job_set_state (job, TM_JOB_STATE_RUNNING);
  tm_job_set_files_done (job, 1);
  tm_job_set_files_total (job, 3);
  tm_job_set_bytes_done (job, 1000000);
  tm_job_set_bytes_total (job, 3000000);
  g_assert_true (tm_catalog_update_job (f->other, job, NULL));
  tm_queue_window_refresh (qw);
  g_assert_cmpstr (tm_queue_window_get_job_text (qw, job_id), ==,
                   "1 of 3 files · 1.0\u00a0MB of 3.0\u00a0MB");
  g_assert_nonnull (strstr (tm_queue_window_get_summary (qw), "1 running"));
  tm_job_set_state (job, TM_JOB_STATE_WAITING);
  g_assert_true (tm_catalog_update_job (f->other, job, NULL));
  tm_queue_window_refresh (qw);

  /* Cancelled: gone from the work under way, in the finished list, and again. */
  press (qw, job_id, "job.cancel");
  g_clear_object (&job);
  job = only_job (f->other);
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_CANCELLED);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 0);
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FINISHED);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 1);
  press (qw, job_id, "job.retry");
  g_clear_object (&job);
  job = only_job (f->other);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (job)), >, job_id);
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_WAITING);
  job_id = tm_record_get_id (TM_RECORD (job));
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_ACTIVE);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 1);

  /* The queue runs it: the indicator shows while it works; it ends as done. */
  watch.window = f->window;
  g_signal_connect (queue, "notify::busy", G_CALLBACK (busy_cb), &watch);
  tm_job_queue_start (queue);
  g_assert_true (tm_test_wait_for (job_done, f, 30000));
  g_assert_true (watch.shown_while_busy);
  tm_queue_window_refresh (qw);
  g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 0);
  tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FINISHED);
  g_assert_nonnull (tm_queue_window_get_job_text (qw, job_id));
  g_assert_true (g_str_has_prefix (tm_queue_window_get_job_text (qw, job_id), "Ended: "));
  g_assert_null (tm_queue_window_get_job_button (qw, job_id, "job.cancel"));

  /* A platform whose folder cannot be written: failed, with the reason and a retry;
   * the insights chart has its category. */
  {
    g_autoptr(TmPlatform) broken = tm_platform_new ();
    g_autoptr(GPtrArray) more = NULL;
    gint64 broken_id;
    GtkWidget *insights;

    tm_platform_set_name (broken, "Broken");
    tm_platform_set_kind (broken, TM_PLATFORM_KIND_FOLDER);
    tm_platform_set_settings (broken, "{\"path\": \"/proc/nowhere/at/all\"}");
    g_assert_true (tm_catalog_add_platform (f->catalog, broken, NULL));
    broken_id = tm_record_get_id (TM_RECORD (broken));
    more = tm_distributor_distribute (f->catalog, &release_id, 1, &broken_id, 1, TM_JOB_PRIORITY_NORMAL, 0,
                          0, &error);
    g_assert_no_error (error);
    tm_job_queue_poke (queue);
    g_assert_true (tm_test_wait_for (job_failed, f, 30000));
    g_clear_object (&job);
    job = only_job (f->other);
    tm_queue_window_set_filter (qw, TM_QUEUE_FILTER_FAILED);
    g_assert_cmpuint (tm_queue_window_get_n_jobs (qw), ==, 1);
    g_assert_nonnull (strstr (tm_queue_window_get_job_text (qw, tm_record_get_id (TM_RECORD (job))),
                              "/proc/nowhere"));
    g_assert_nonnull (tm_queue_window_get_job_button (qw, tm_record_get_id (TM_RECORD (job)),
                                                      "job.retry"));

    insights = tm_insights_window_new (f->catalog);
    gtk_window_present (GTK_WINDOW (insights));
    g_assert_cmpuint (tm_insights_window_get_categories (TM_INSIGHTS_WINDOW (insights))->len, ==,
                      1);
    gtk_window_destroy (GTK_WINDOW (insights));
  }

  g_signal_handlers_disconnect_by_data (queue, &watch);
  tm_job_queue_stop (queue);
}

static void
test_queue_format (void)
{
  TmProgress p = { 3, 12, 420000000, 1100000000, 0, 0 };
  g_autofree char *text = tm_queue_format_progress (&p, 3500000);
  g_autofree char *hours = NULL;
  g_autofree char *nothing = NULL;
  TmProgress slow = { 0, 1, 0, 100000000, 0, 0 };
  TmProgress none = { 0, };

  /* g_format_size() puts a no-break space between the figure and its unit. */
  g_assert_cmpstr (text, ==, "3 of 12 files · 420.0\u00a0MB of 1.1\u00a0GB · 3.5\u00a0MB/s · "
                             "about 3 min left");
  hours = tm_queue_format_progress (&slow, 10000);
  g_assert_cmpstr (hours, ==, "0 of 1 file · 0 bytes of 100.0\u00a0MB · 10.0\u00a0kB/s · "
                              "about 3 hours left");
  nothing = tm_queue_format_progress (&none, 0);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run the UI tests under xvfb-run.\n");
      return 1;
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/window/list-and-edit", test_list_and_edit);
  ADD ("/window/sort-missing-values", test_sort_missing_values);
  ADD ("/window/new-release-and-external-change", test_new_release_and_external_change);
  ADD ("/window/empty-and-error", test_empty_and_error);
  ADD ("/window/drop-files", test_drop_files);
  ADD ("/window/new-user-album", test_new_user_album);
  ADD ("/window/preflight", test_preflight);
  ADD ("/window/import-chooser", test_import_chooser);
  ADD ("/window/release-editor", test_release_editor);
  ADD ("/window/sandbox-to-live", test_sandbox_to_live);
  ADD ("/window/platforms", test_platforms_dialog);
  ADD ("/window/platforms-sftp", test_platforms_sftp);
  ADD ("/window/preferences", test_preferences);
  ADD ("/window/status-filter", test_status_filter);
  ADD ("/window/queue", test_queue_view);
  g_test_add_func ("/window/queue-format", test_queue_format);
#undef ADD

  return g_test_run ();
}
