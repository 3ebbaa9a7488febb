/* test-window.c: the window on a real catalog, under Xvfb
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "tm-checker.h"
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
    row = find_row (GTK_WIDGET (page), "1. Tone", "");
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "LUFS"));
    /* Its overview is drawn beside it (a 3 s file has 300 points), no marks for a clean tone. */
    g_assert_nonnull (find_waveform (GTK_WIDGET (row)));
    g_assert_cmpuint (tm_waveform_get_n_points (find_waveform (GTK_WIDGET (row))), >=, 100);
    g_assert_cmpuint (tm_waveform_get_n_marks (find_waveform (GTK_WIDGET (row))), ==, 0);

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

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/window/list-and-edit", test_list_and_edit);
  ADD ("/window/new-release-and-external-change", test_new_release_and_external_change);
  ADD ("/window/empty-and-error", test_empty_and_error);
  ADD ("/window/drop-files", test_drop_files);
  ADD ("/window/preflight", test_preflight);
  ADD ("/window/import-chooser", test_import_chooser);
#undef ADD

  return g_test_run ();
}
