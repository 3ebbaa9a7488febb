/* test-window.c: the main window on a real catalog, under Xvfb
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The releases list, a release's page, its tracks and their keys, drops,
 * pick lists, toasts and banners, the Deliver dialog and a whole delivery to
 * the Sandbox, and the window at a phone's width. GTK's criticals are fatal
 * (tests/meson.build), and so are GObject's warnings (tm_test_ui_init). */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "tm-choice-row.h"
#include "tm-checker.h"
#include "tm-cover-cache.h"
#include "tm-report-cache.h"
#include "tm-cover-dialog.h"
#include "tm-cover-edit.h"
#include "tm-cover-image.h"
#include "tm-credits-dialog.h"
#include "tm-deliver-dialog.h"
#include "tm-deliver-row.h"
#include "tm-delivery-row.h"
#include "tm-distributor.h"
#include "tm-field-row.h"
#include "tm-insights-window.h"
#include "tm-issue.h"
#include "tm-job-queue.h"
#include "tm-preferences.h"
#include "tm-release-page.h"
#include "tm-sandbox.h"
#include "tm-split-row.h"
#include "tm-test-ui.h"
#include "tm-test-utils.h"
#include "tm-track-cell.h"
#include "tm-track-table.h"
#include "tm-waveform.h"
#include "tm-widget-util.h"
#include "tm-window.h"

typedef TmUiFixture Fixture;

static gint64
add_release (TmCatalog  *catalog,
             const char *title,
             const char *artist)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;

  tm_release_set_title (release, title);
  if (artist != NULL)
    tm_release_set_artist (release, artist);
  g_assert_true (tm_catalog_add_release (catalog, release, &error));
  g_assert_no_error (error);
  return tm_record_get_id (TM_RECORD (release));
}

static void
add_tracks (TmCatalog          *catalog,
            gint64              release_id,
            const char * const *titles)
{
  for (guint i = 0; titles[i] != NULL; i++)
    {
      g_autoptr(TmTrack) track = tm_track_new ();

      tm_track_set_title (track, titles[i]);
      g_assert_true (tm_catalog_add_track (catalog, release_id, track, NULL));
    }
}


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

static void
open_window (Fixture *f)
{
  f->window = tm_window_new (NULL, f->catalog, NULL, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
}

static TmReleasePage *
open_release (Fixture *f,
              gint64   id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-release", "x", id));
  wait_for_page (f, "release");
  return tm_window_get_release_page (f->window);
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

typedef struct
{
  TmCatalog  *catalog;
  gint64      release_id;
  const char *titles;
} OrderWait;

static gboolean
order_stored (gpointer data)
{
  OrderWait *w = data;
  g_autofree char *order = stored_titles (w->catalog, w->release_id);

  return g_strcmp0 (order, w->titles) == 0;
}

static void
assert_order (TmCatalog  *catalog,
              gint64      release_id,
              const char *titles)
{
  OrderWait w = { catalog, release_id, titles };

  if (!tm_test_ui_wait_until (order_stored, &w, 5000))
    {
      g_autofree char *order = stored_titles (catalog, release_id);

      g_error ("the tracks are %s, not %s", order, titles);
    }
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

  return !tm_track_table_get_loading (w->table)
         && g_list_model_get_n_items (tm_track_table_get_items (w->table)) == w->n;
}

static void
wait_for_tracks (TmTrackTable *table,
                 guint         n)
{
  CountWait w = { table, n };

  if (!tm_test_ui_wait_until (table_has_n, &w, 10000))
    g_error ("the table shows %u tracks, not %u",
             g_list_model_get_n_items (tm_track_table_get_items (table)), n);
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

static GtkWidget *
focus_of (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

/* The list */

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
      tm_test_ui_spin (20);
    }
  g_assert_cmpuint (g_list_model_get_n_items (tm_window_get_shown_releases (f->window)), ==, 2);
  /* The untitled one says so, rather than nothing. */
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (view), "Untitled Release"));

  /* Its page opens too, and pre-flight says what is missing. */
  open_release (f, tm_record_get_id (TM_RECORD (bare)));
  g_assert_true (tm_test_ui_wait_until (check_finished, tm_window_get_release_page (f->window),
                                        20000));
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
  model = tm_window_get_shown_releases (f->window);
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
  page = open_release (f, a);
  title = GTK_EDITABLE (tm_release_page_get_field (page, "title"));
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "Amber");
  gtk_editable_set_text (title, "Amber (Deluxe)");
  g_assert_true (tm_test_ui_wait_until (title_stored, &wait, 5000));

  /* A date that does not exist is marked and not saved. */
  date = GTK_EDITABLE (tm_release_page_get_field (page, "release_date"));
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
    GtkEditable *label = GTK_EDITABLE (tm_release_page_get_field (page, "label"));
    GtkEditable *featured = GTK_EDITABLE (tm_release_page_get_field (page, "featured_artists"));

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
  g_assert_null (tm_window_get_release_page (f->window));
  g_assert_cmpstr (tm_release_get_title (tm_record_list_find (
                     TM_RECORD_LIST (tm_window_get_releases (f->window)), a, NULL)), ==,
                   "Amber (Deluxe)");
  stored = tm_catalog_get_release (f->other, a, NULL);
  g_assert_cmpstr (tm_release_get_release_date (stored), ==, "2026-03-01");
  g_clear_object (&stored);
  stored = tm_catalog_get_release (f->other, b, NULL);
  g_assert_cmpstr (tm_release_get_title (stored), ==, "Blue Hour");
}

typedef struct
{
  Fixture *f;
  guint    n;
} ReleasesWait;

static gboolean
has_n_releases (gpointer data)
{
  ReleasesWait *w = data;

  return g_list_model_get_n_items (G_LIST_MODEL (tm_window_get_releases (w->f->window))) == w->n;
}

/* Another program writes, and the window hears of it: the catalog's files are
 * watched; nothing in the window looks at the catalog on a timer. */
typedef struct
{
  TmReleasePage *page;
  const char    *key;
  const char    *text;
} FieldWait;

static gboolean
field_shows (gpointer data)
{
  FieldWait *w = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (tm_release_page_get_field (w->page,
                                                                                    w->key))),
                    w->text) == 0;
}

static void
test_new_release_and_external_change (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  ReleasesWait wait = { f, 3 };

  add_release (f->catalog, "Existing", "Ann");
  open_window (f);
  wait_for_page (f, "list");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-release", NULL));
  wait_for_page (f, "release");
  all = tm_catalog_list_releases (f->other, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (tm_release_get_title (g_ptr_array_index (all, 1)), ==, "Untitled Release");
  /* New Release puts the cursor in its title. */
  g_assert_true (gtk_widget_is_ancestor (focus_of (f),
                                         tm_release_page_get_field (
                                           tm_window_get_release_page (f->window), "title")));

  /* Typed, not written yet, while another program changes the same release:
   * the page shows the other change, keeps what was typed, and writes only that. */
  {
    TmReleasePage *page = tm_window_get_release_page (f->window);
    gint64 id = tm_record_get_id (TM_RECORD (tm_release_page_get_release (page)));
    g_autoptr(TmRelease) outside = tm_catalog_get_release (f->other, id, NULL);
    g_autoptr(TmRelease) stored = NULL;
    FieldWait label = { page, "label", "Elsewhere Records" };

    gtk_editable_set_text (GTK_EDITABLE (tm_release_page_get_field (page, "title")), "Typed");
    tm_release_set_label (outside, "Elsewhere Records");
    tm_release_set_title (outside, "Renamed outside");
    g_assert_true (tm_catalog_update_release (f->other, outside, NULL));
    g_assert_true (tm_test_ui_wait_until (field_shows, &label, 10000));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tm_release_page_get_field (page,
                                                                                      "title"))),
                     ==, "Typed");
    g_assert_true (tm_release_page_save (page));
    stored = tm_catalog_get_release (f->other, id, NULL);
    g_assert_cmpstr (tm_release_get_title (stored), ==, "Typed");
    g_assert_cmpstr (tm_release_get_label (stored), ==, "Elsewhere Records");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  add_release (f->other, "From the terminal", "Bo");
  g_assert_true (tm_test_ui_wait_until (has_n_releases, &wait, 10000));
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
  /* The empty window says how to start, with a button for those who do not drag,
   * and that the Sandbox lets one try a delivery. */
  g_assert_nonnull (tm_test_ui_find_button (GTK_WIDGET (f->window), "_Import Files…"));
  g_assert_nonnull (tm_test_ui_find_button (GTK_WIDGET (f->window), "_New Empty Release"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (f->window), "Sandbox"));

  broken = tm_window_new (NULL, NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (broken));
  g_assert_cmpstr (tm_window_get_page (broken), ==, "error");
  /* New Release is disabled: activating it does nothing (and touches no catalog). */
  gtk_widget_activate_action (GTK_WIDGET (broken), "win.new-release", NULL);
  tm_test_ui_spin (20);
  g_assert_cmpstr (tm_window_get_page (broken), ==, "error");
  gtk_window_destroy (GTK_WINDOW (broken));
}

typedef struct
{
  Fixture *f;
  guint    rows;
} RowsWait;

static gboolean
shows_n_rows (gpointer data)
{
  RowsWait *w = data;

  return g_list_model_get_n_items (tm_window_get_shown_releases (w->f->window)) == w->rows
         && !tm_window_get_busy (w->f->window);
}

/* The list shows the releases of one status, or of one platform, when asked. */
static void
test_status_filter (Fixture       *f,
                    gconstpointer  data)
{
  gint64 b;
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(GError) error = NULL;
  RowsWait wait = { f, 2 };

  add_release (f->catalog, "Amber", "Cy");
  b = add_release (f->catalog, "Blue Hour", "Ann");
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

  open_window (f);
  wait_for_page (f, "list");
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));
  tm_window_show_status (f->window, TM_AGGREGATE_STATUS_IN_PROGRESS);
  wait.rows = 1;
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));
  tm_window_show_status (f->window, TM_AGGREGATE_STATUS_REMOVED);
  wait.rows = 0;
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));
  tm_window_show_status (f->window, -1);
  wait.rows = 2;
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));

  /* By platform: only what went to Shelf, read in a worker. */
  tm_window_show_platform (f->window, "Shelf");
  wait.rows = 1;
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));
  tm_window_show_platform (f->window, NULL);
  wait.rows = 2;
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));

  /* Chosen again before the worker answers: the later choice is what shows. */
  tm_window_show_platform (f->window, "Shelf");
  tm_window_show_platform (f->window, NULL);
  g_assert_true (tm_test_ui_wait_until (shows_n_rows, &wait, 10000));
  tm_test_ui_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (tm_window_get_shown_releases (f->window)), ==, 2);
}

/* Drops and imports */

typedef struct
{
  Fixture *f;
  guint    n_tracks;
} TracksWait;

static gboolean
release_has_tracks (gpointer data)
{
  TracksWait *w = data;
  TmReleasePage *page;

  if (g_strcmp0 (tm_window_get_page (w->f->window), "release") != 0
      || (page = tm_window_get_release_page (w->f->window)) == NULL)
    return FALSE;
  return tm_release_get_track_count (tm_release_page_get_release (page)) == w->n_tracks
         && !tm_window_get_busy (w->f->window);
}

static gboolean
not_busy (gpointer data)
{
  return !tm_window_get_busy (data);
}

static const char *
toast_title (Fixture *f)
{
  AdwToast *toast = tm_window_get_toast (f->window);

  return toast != NULL ? adw_toast_get_title (toast) : NULL;
}

static GtkDropTarget *
window_drop_target (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static GtkWidget *
drop_highlight (Fixture *f)
{
  g_autoptr(GPtrArray) revealers = tm_test_ui_find_all (GTK_WIDGET (f->window),
                                                        GTK_TYPE_REVEALER);

  for (guint i = 0; i < revealers->len; i++)
    if (tm_test_ui_find_text (gtk_revealer_get_child (g_ptr_array_index (revealers, i)),
                              "Drop to Import"))
      return g_ptr_array_index (revealers, i);
  return NULL;
}

/* A file list dropped on the empty window becomes a release with its tracks
 * in order; while files hover, the window says what a drop does; a cover
 * dropped on a release with one says it replaced it. */
static TmTrackCell *cell_of (TmTrackTable *table,
                             guint         position,
                             const char   *key);

static gboolean
table_idle (gpointer data)
{
  return !tm_track_table_get_replacing (data);
}

static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *second = g_build_filename (f->dir, "02 - Second.wav", NULL);
  g_autofree char *first = g_build_filename (f->dir, "01 - First.wav", NULL);
  g_autofree char *cover = g_build_filename (f->dir, "cover.png", NULL);
  g_autofree char *other_cover = g_build_filename (f->dir, "back.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 600, 600);
  const char *paths[] = { second, first, cover, NULL };
  const char *cover_only[] = { other_cover, NULL };
  TracksWait wait = { f, 2 };
  g_autoptr(GPtrArray) tracks = NULL;
  GtkDropTarget *target;
  GtkWidget *highlight;
  GdkDragAction action = 0;
  TmRelease *open;

  tm_test_write_tone (second, 44100, 2, 0.5);
  tm_test_write_tone (first, 44100, 2, 0.5);
  gdk_pixbuf_fill (pixbuf, 0x884422ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));
  g_assert_true (gdk_pixbuf_save (pixbuf, other_cover, "png", NULL, NULL));

  open_window (f);
  wait_for_page (f, "empty");

  target = window_drop_target (f);
  highlight = drop_highlight (f);
  g_assert_nonnull (target);
  g_assert_nonnull (highlight);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (highlight)));
  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (highlight)));
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (highlight)));

  tm_window_import_paths (f->window, paths);
  g_assert_true (tm_test_ui_wait_until (release_has_tracks, &wait, 20000));
  open = tm_release_page_get_release (tm_window_get_release_page (f->window));
  tracks = tm_catalog_list_tracks (f->other, tm_record_get_id (TM_RECORD (open)), NULL);
  g_assert_cmpuint (tracks->len, ==, 2);
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "First");
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 1)), ==, "Second");
  g_assert_nonnull (tm_catalog_get_artwork (f->other, tm_record_get_id (TM_RECORD (open)), NULL));
  g_assert_cmpstr (toast_title (f), ==, "Added 2 tracks and the cover");

  /* A cover alone, onto the release: replaced, and said so (not "Added 0 tracks"). */
  tm_window_import_paths (f->window, cover_only);
  g_assert_true (tm_test_ui_wait_until (not_busy, f->window, 20000));
  g_assert_cmpstr (toast_title (f), ==, "Cover replaced");

  /* One audio file dropped on a track's row replaces that track's audio; the
   * same file dropped beside the rows is imported as a new track. */
  {
    TmTrackTable *table = tm_release_page_get_track_table (tm_window_get_release_page (f->window));
    g_autofree char *master = g_build_filename (f->dir, "First (master).wav", NULL);
    const char *one[] = { master, NULL };
    TmTrackCell *cell;
    graphene_point_t at;
    g_autoptr(TmTrack) first_track = NULL;
    gint64 id = tm_record_get_id (TM_RECORD (open));

    tm_test_write_tone (master, 48000, 2, 0.5);
    wait_for_tracks (table, 2);
    tm_test_ui_spin (200);
    cell = cell_of (table, 0, "title");
    g_assert_nonnull (cell);
    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (cell), GTK_WIDGET (f->window),
                                             &GRAPHENE_POINT_INIT (4, 4), &at));
    tm_window_drop_paths (f->window, one, at.x, at.y);
    g_assert_true (tm_test_ui_wait_until (table_idle, table, 20000));
    first_track = stored_track (f->other, id, 0);
    g_assert_cmpstr (tm_track_get_audio_path (first_track), ==, master);
    g_assert_cmpstr (toast_title (f), ==, "Audio replaced");
    g_assert_cmpuint (g_list_model_get_n_items (tm_track_table_get_items (table)), ==, 2);

    tm_window_drop_paths (f->window, one, 2, 2);
    wait.n_tracks = 3;
    g_assert_true (tm_test_ui_wait_until (release_has_tracks, &wait, 20000));
  }
}

typedef struct
{
  TmReleasePage *page;
  guint          n;
} MeasuredWait;

static gboolean
tracks_measured (gpointer data)
{
  TmReleasePage *page = data;

  return check_finished (page) && !has_issue (page, "spotify", "release.no_tracks", NULL)
         && !has_issue (page, "spotify", "audio.not_analysed", NULL);
}

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
  g_assert_true (tm_test_ui_wait_until (release_has_tracks, &wait, 20000));

  page = tm_window_get_release_page (f->window);
  open = tm_release_page_get_release (page);
  tracks = tm_catalog_list_tracks (f->other, tm_record_get_id (TM_RECORD (open)), NULL);
  g_assert_cmpuint (tracks->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < tracks->len; i++)
    {
      g_assert_cmpint (tm_track_get_number (g_ptr_array_index (tracks, i)), ==, i + 1);
      g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, i)), ==, titles[i]);
    }

  /* Every track analysed, with its loudness in its row. */
  measured.page = page;
  measured.n = G_N_ELEMENTS (titles);
  g_assert_true (tm_test_ui_wait_until (album_measured, &measured, 60000));

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

static gboolean
label_issue_gone (gpointer data)
{
  TmReleasePage *page = data;

  return check_finished (page) && !has_issue (page, "spotify", "release.missing_field", "label");
}

/* The action row titled @title whose subtitle starts with @prefix under @widget. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title,
          const char *prefix)
{
  g_autoptr(GPtrArray) rows = tm_test_ui_find_all (widget, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0
          && adw_action_row_get_subtitle (row) != NULL
          && g_str_has_prefix (adw_action_row_get_subtitle (row), prefix))
        return row;
    }
  return NULL;
}

static void
test_preflight (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = add_release (f->catalog, "Amber", "Cy");
  TmReleasePage *page;
  GtkEditable *label;

  open_window (f);
  wait_for_page (f, "list");
  page = open_release (f, id);

  /* Before it goes anywhere, the rules of the platforms it can go to (the
   * Sandbox's: any platform's) and Spotify's and Apple's, as asked. */
  g_assert_true (tm_test_ui_wait_until (check_finished, page, 20000));
  g_assert_true (has_issue (page, "spotify", "release.no_tracks", NULL));
  g_assert_true (has_issue (page, "apple-music", "artwork.missing", NULL));
  g_assert_true (has_issue (page, "spotify", "release.missing_field", "label"));
  g_assert_true (has_issue (page, "generic", "release.no_tracks", NULL));
  g_assert_false (has_issue (page, "amazon-music", "release.no_tracks", NULL));

  /* Fixing a field checks again, and the problem is gone. */
  label = GTK_EDITABLE (tm_release_page_get_field (page, "label"));
  gtk_editable_set_text (label, "Cy Records");
  g_assert_true (tm_release_page_save (page));
  g_assert_true (tm_test_ui_wait_until (label_issue_gone, page, 20000));
  g_assert_true (has_issue (page, "spotify", "release.no_tracks", NULL));

  /* A problem's row goes to its field. */
  gtk_editable_set_text (label, "");
  g_assert_true (tm_release_page_save (page));
  g_assert_true (tm_test_ui_wait_until (check_finished, page, 20000));
  tm_test_ui_spin (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "release.show-issue", "(xs)",
                                             (gint64) 0, "label"));
  g_assert_true (gtk_widget_is_ancestor (focus_of (f), GTK_WIDGET (label)));

  /* A track: measured, its loudness on its row, and each platform's gain. */
  {
    g_autofree char *path = g_build_filename (f->dir, "tone.wav", NULL);
    g_autoptr(TmTrack) track = tm_track_new ();
    TmTrackTable *table = tm_release_page_get_track_table (page);
    AdwActionRow *row;
    TmWaveform *waveform;

    tm_test_write_tone (path, 44100, 2, 3.0);
    tm_track_set_title (track, "Tone");
    tm_track_set_audio_path (track, path);
    g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors",
                                              "[{\"name\":\"Ann\",\"role\":\"composer\"}]",
                                              NULL));
    g_assert_true (tm_catalog_add_track (f->catalog, id, track, NULL));
    g_assert_true (tm_test_ui_wait_until (tracks_measured, page, 30000));
    tm_test_ui_spin (100);
    row = find_row (GTK_WIDGET (page), "Spotify", "Album ");
    g_assert_nonnull (row);
    /* -6 dBFS of 1 kHz is about -9 LUFS: Spotify turns it down. */
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Album -"));
    g_assert_cmpuint (tm_track_table_get_n_measured (table), ==, 1);
    g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (table), " LUFS · "));
    /* Its overview is drawn beside it (a 3 s file has 300 points), no marks for a clean tone. */
    waveform = TM_WAVEFORM (tm_test_ui_find_type (GTK_WIDGET (table), TM_TYPE_WAVEFORM));
    g_assert_nonnull (waveform);
    g_assert_cmpuint (tm_waveform_get_n_points (waveform), >=, 100);
    g_assert_cmpuint (tm_waveform_get_n_marks (waveform), ==, 0);

    /* Removing the track can be undone from its toast, credits and place kept. */
    {
      g_autoptr(GPtrArray) tracks = NULL;
      AdwToast *toast;

      gtk_selection_model_select_item (tm_track_table_get_selection (table), 0, TRUE);
      toast = tm_track_table_remove_selected (table);
      g_assert_nonnull (toast);
      tracks = tm_catalog_list_tracks (f->catalog, id, NULL);
      g_assert_cmpuint (tracks->len, ==, 0);
      g_clear_pointer (&tracks, g_ptr_array_unref);

      g_signal_emit_by_name (toast, "button-clicked");
      tracks = tm_catalog_list_tracks (f->catalog, id, NULL);
      g_assert_cmpuint (tracks->len, ==, 1);
      g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "Tone");
      g_assert_cmpstr (tm_track_get_audio_path (g_ptr_array_index (tracks, 0)), ==, path);
      g_clear_object (&track);
      track = tm_catalog_get_track (f->catalog, tm_record_get_id (g_ptr_array_index (tracks, 0)),
                                    NULL);
      g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (track)), ==, 1);
    }
  }
}

static gboolean
file_chooser_shown (gpointer data)
{
  return tm_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return tm_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
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
      g_assert_true (tm_test_ui_wait_until (file_chooser_shown, NULL, 5000));
      chooser = tm_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
      g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                       i == 0 ? GTK_FILE_CHOOSER_ACTION_OPEN
                              : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
      if (i == 0)
        g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      g_assert_true (tm_test_ui_wait_until (file_chooser_gone, NULL, 5000));
    }
}

/* The release editor and its tracks */

static TmTrackCell *
cell_of (TmTrackTable *table,
         guint         position,
         const char   *key)
{
  g_autoptr(TmTrackItem) item = g_list_model_get_item (tm_track_table_get_items (table),
                                                       position);
  g_autoptr(GPtrArray) cells = tm_test_ui_find_all (GTK_WIDGET (table), TM_TYPE_TRACK_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      TmTrackCell *cell = g_ptr_array_index (cells, i);

      if (tm_track_cell_get_item (cell) == item
          && g_str_equal (tm_track_cell_get_key (cell), key)
          && tm_test_ui_shows (GTK_WIDGET (cell)))
        return cell;
    }
  return NULL;
}

/* The release editor: cells edited in place, several tracks at once with undo,
 * reordering, credits and splits, territories, and deleting the release with undo. */
static void
test_release_editor (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const titles[] = { "One", "Two", "Three", NULL };
  gint64 id = add_release (f->catalog, "Amber", "Cy");
  TmReleasePage *page;
  TmTrackTable *table;
  TmTrackCell *cell;
  GtkEditable *entry;
  AdwToast *toast;
  g_autofree char *order = NULL;

  add_tracks (f->catalog, id, titles);
  open_window (f);
  wait_for_page (f, "list");
  page = open_release (f, id);
  table = tm_release_page_get_track_table (page);
  wait_for_tracks (table, 3);
  tm_test_ui_spin (100);

  /* A title edited in its cell is stored when the editing ends, not before. */
  g_assert_true (tm_track_table_start_editing (table, 1, "title"));
  cell = cell_of (table, 1, "title");
  g_assert_true (tm_track_cell_get_editing (cell));
  entry = tm_track_cell_get_entry (cell);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Two");
  gtk_editable_set_text (entry, "Second");
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "One|Two|Three");
  g_clear_pointer (&order, g_free);
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (tm_track_cell_get_editing (cell));
  order = stored_titles (f->other, id);
  g_assert_cmpstr (order, ==, "One|Second|Three");
  g_clear_pointer (&order, g_free);

  /* An ISRC is normalised; a wrong one is refused, the stored one kept, and the
   * cell stays open, marked, with the reason, until it is fixed. */
  {
    g_autoptr(TmTrack) first = NULL;

    g_assert_true (tm_track_table_edit (table, 0, "isrc", "us-s1z-99-00001"));
    g_assert_true (tm_track_table_start_editing (table, 0, "isrc"));
    cell = cell_of (table, 0, "isrc");
    entry = tm_track_cell_get_entry (cell);
    gtk_editable_set_text (entry, "not an isrc");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (tm_track_cell_get_editing (cell));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
    g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (entry)));
    first = stored_track (f->other, id, 0);
    g_assert_cmpstr (tm_track_get_isrc (first), ==, "USS1Z9900001");
    gtk_editable_set_text (entry, "USS1Z9900002");
    g_signal_emit_by_name (entry, "activate");
    g_assert_false (tm_track_cell_get_editing (cell));
    g_clear_object (&first);
    first = stored_track (f->other, id, 0);
    g_assert_cmpstr (tm_track_get_isrc (first), ==, "USS1Z9900002");
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

  /* Change selected: one value for all, undone from the toast. */
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
  assert_order (f->other, id, "Second|Three|One");
  wait_for_tracks (table, 3);
  gtk_selection_model_select_item (tm_track_table_get_selection (table), 2, TRUE);
  g_assert_true (tm_track_table_move_selected (table, -1));
  assert_order (f->other, id, "Second|One|Three");
  wait_for_tracks (table, 3);
  tm_test_ui_spin (100);
  g_assert_true (gtk_selection_model_is_selected (tm_track_table_get_selection (table), 1));

  /* Credits and splits, and the details the table has no room for: saved when
   * they add up; more than 100 % is refused. */
  {
    g_autoptr(TmTrack) first = stored_track (f->other, id, 0);
    g_autoptr(TmTrack) stored = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *dialog = tm_track_table_open_details (table, tm_record_get_id (TM_RECORD (first)));
    TmCreditsDialog *credits = TM_CREDITS_DIALOG (dialog);

    gtk_editable_set_text (GTK_EDITABLE (tm_credits_dialog_get_field (credits,
                                                                      "featured_artists")),
                           "Bo, Cy ,");
    tm_choice_row_set_value (TM_CHOICE_ROW (tm_credits_dialog_get_field (credits, "language")),
                             "fr");
    tm_credits_dialog_add_contributor (credits, "Ann Writer", TM_CONTRIBUTOR_ROLE_COMPOSER);
    tm_credits_dialog_add_split (credits, "Ann Writer", "Songwriter", 60);
    tm_credits_dialog_add_split (credits, "Small Pub", "Publisher", 40);
    g_assert_cmpint (tm_credits_dialog_get_total_bp (credits), ==, 10000);
    /* Each split fits a phone: the share in sight, the rest opened. */
    g_assert_nonnull (tm_test_ui_find_type (GTK_WIDGET (dialog), TM_TYPE_SPLIT_ROW));
    /* A title changed in the table meanwhile is kept. */
    g_assert_true (tm_track_table_edit (table, 0, "title", "Second (Edit)"));
    g_assert_true (tm_credits_dialog_save (credits, &error));
    g_assert_no_error (error);
    stored = stored_track (f->other, id, 0);
    g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_contributors (stored)), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (tm_track_get_splits (stored)), ==, 2);
    g_assert_cmpstr (tm_track_get_title (stored), ==, "Second (Edit)");
    g_assert_cmpstr (tm_track_get_language (stored), ==, "fr");
    g_assert_cmpuint (g_strv_length ((char **) tm_track_get_featured_artists (stored)), ==, 2);
    g_assert_cmpstr (tm_track_get_featured_artists (stored)[1], ==, "Cy");

    tm_credits_dialog_add_split (credits, "Someone Else", NULL, 10);
    g_assert_cmpint (tm_credits_dialog_get_total_bp (credits), ==, 11000);
    g_assert_false (tm_credits_dialog_save (credits, &error));
    g_assert_nonnull (error);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_true (tm_track_table_edit (table, 0, "title", "Second"));
  }

  /* Territories: worldwide with exclusions, typed loosely. */
  {
    GtkEditable *territories = GTK_EDITABLE (tm_release_page_get_field (page, "territories"));
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

static gint64
track_id_at (TmTrackTable *table,
             guint         position)
{
  g_autoptr(TmTrackItem) item = g_list_model_get_item (tm_track_table_get_items (table),
                                                       position);

  return tm_record_get_id (TM_RECORD (tm_track_item_get_track (item)));
}

static gboolean
focus_in_text (Fixture *f)
{
  return GTK_IS_TEXT (focus_of (f));
}

/* The focus is on a row of @table, and not in a cell being edited. */
static gboolean
focus_on_row (Fixture      *f,
              TmTrackTable *table)
{
  GtkWidget *focus = focus_of (f);

  return focus != NULL && !GTK_IS_TEXT (focus)
         && gtk_widget_is_ancestor (focus, GTK_WIDGET (table))
         && g_strcmp0 (gtk_widget_get_css_name (focus), "row") == 0;
}

static guint
selected_position (TmTrackTable *table)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
                                    tm_track_table_get_selection (table));

  return gtk_bitset_get_size (selected) == 1 ? gtk_bitset_get_nth (selected, 0) : G_MAXUINT;
}

/* The keys of the track table, pressed as on a keyboard. Selecting a row and
 * editing a cell are separate: Delete on a selected row removes the track
 * (with undo), never the title; Enter edits the title, Escape leaves it, Tab
 * edits the next cell; after a move or a removal the focus is on a row; the
 * focused row stays in view. */
static void
test_track_keys (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const titles[] = {
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
    "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", NULL
  };
  gint64 id = add_release (f->catalog, "Keys", "Cy");
  TmReleasePage *page;
  TmTrackTable *table;
  GtkAdjustment *adjustment;
  g_autofree char *order = NULL;

  if (!tm_test_ui_can_press_keys ())
    {
      g_test_skip ("xdotool presses the keys: apt-get install xdotool");
      return;
    }

  add_tracks (f->catalog, id, titles);
  open_window (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  wait_for_page (f, "list");
  page = open_release (f, id);
  table = tm_release_page_get_track_table (page);
  wait_for_tracks (table, 16);
  tm_test_ui_spin (200);

  /* A track selected: Delete removes it, and the next is selected, focused. */
  g_assert_true (tm_track_table_select_track (table, track_id_at (table, 1)));
  tm_test_ui_spin (100);
  g_assert_true (focus_on_row (f, table));
  tm_test_ui_press (GTK_WINDOW (f->window), "Delete");
  wait_for_tracks (table, 15);
  order = stored_titles (f->other, id);
  g_assert_true (g_str_has_prefix (order, "One|Three|Four"));
  g_clear_pointer (&order, g_free);
  g_assert_true (g_str_has_prefix (toast_title (f), "Removed “Two”"));
  tm_test_ui_spin (200);
  g_assert_true (focus_on_row (f, table));
  g_assert_cmpuint (selected_position (table), ==, 1);

  /* Delete again: the next track goes, not a letter of its title. */
  tm_test_ui_press (GTK_WINDOW (f->window), "Delete");
  wait_for_tracks (table, 14);
  order = stored_titles (f->other, id);
  g_assert_true (g_str_has_prefix (order, "One|Four|Five"));
  g_clear_pointer (&order, g_free);
  tm_test_ui_spin (200);

  /* Enter edits the title, all of it selected; typing replaces it; Enter saves
   * and gives the focus back to the row. */
  tm_test_ui_press (GTK_WINDOW (f->window), "Return");
  g_assert_true (focus_in_text (f));
  g_assert_true (tm_track_cell_get_editing (cell_of (table, 1, "title")));
  tm_test_ui_press (GTK_WINDOW (f->window), "n e w Return");
  assert_order (f->other, id, "One|new|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|"
                             "Fourteen|Fifteen|Sixteen");
  g_assert_true (focus_on_row (f, table));

  /* Escape takes the typing back. */
  tm_test_ui_press (GTK_WINDOW (f->window), "F2 x y z Escape");
  g_assert_true (focus_on_row (f, table));
  g_assert_false (tm_track_cell_get_editing (cell_of (table, 1, "title")));
  order = stored_titles (f->other, id);
  g_assert_true (g_str_has_prefix (order, "One|new|Five"));
  g_clear_pointer (&order, g_free);

  /* Tab saves the cell and edits the next one of the row. */
  tm_test_ui_press (GTK_WINDOW (f->window), "Return");
  g_assert_true (tm_track_cell_get_editing (cell_of (table, 1, "title")));
  tm_test_ui_press (GTK_WINDOW (f->window), "n o w Tab");
  g_assert_true (tm_track_cell_get_editing (cell_of (table, 1, "version")));
  g_assert_true (focus_in_text (f));
  tm_test_ui_press (GTK_WINDOW (f->window), "r a d i o Return");
  {
    g_autoptr(TmTrack) track = stored_track (f->other, id, 1);

    g_assert_cmpstr (tm_track_get_title (track), ==, "now");
    g_assert_cmpstr (tm_track_get_version (track), ==, "radio");
  }

  /* Alt+Down moves the track; it stays selected and focused, and Delete then
   * removes the track (the moved one), as it says. */
  tm_test_ui_press (GTK_WINDOW (f->window), "alt+Down");
  assert_order (f->other, id, "One|Five|now|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|"
                             "Fourteen|Fifteen|Sixteen");
  tm_test_ui_spin (300);
  g_assert_cmpuint (selected_position (table), ==, 2);
  g_assert_true (focus_on_row (f, table));
  tm_test_ui_press (GTK_WINDOW (f->window), "Delete");
  wait_for_tracks (table, 13);
  order = stored_titles (f->other, id);
  g_assert_true (g_str_has_prefix (order, "One|Five|Six"));
  g_clear_pointer (&order, g_free);

  /* The last track, far below: selected, it is scrolled into view. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                 tm_test_ui_find_type (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (adjustment, 0);
  tm_test_ui_spin (100);
  g_assert_true (tm_track_table_start_editing (table, 12, "title"));
  tm_test_ui_spin (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  {
    GtkWidget *cell = GTK_WIDGET (cell_of (table, 12, "title"));
    graphene_rect_t bounds;
    GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (
                            tm_test_ui_find_type (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW)));
    /* In the content's coordinates, where the adjustment's value is. */
    GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));

    g_assert_true (gtk_widget_compute_bounds (cell, content, &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, gtk_adjustment_get_value (adjustment));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                       gtk_adjustment_get_value (adjustment)
                       + gtk_adjustment_get_page_size (adjustment));
  }
  tm_test_ui_press (GTK_WINDOW (f->window), "Escape");
}

/* Choices, not free text */

static gboolean
choice_has (TmChoiceRow *row,
            const char  *id)
{
  GListModel *model = gtk_drop_down_get_model (tm_choice_row_get_drop_down (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TmChoice) choice = g_list_model_get_item (model, i);

      if (g_strcmp0 (tm_choice_get_id (choice), id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Language is a searchable list of ISO 639 languages, stored as the code;
 * genre a list of the stores' genres. A value from before that is not in the
 * list stays as it was. */
static void
test_pick_lists (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = add_release (f->catalog, "Lists", "Cy");
  g_autoptr(TmRelease) release = tm_catalog_get_release (f->catalog, id, NULL);
  TmReleasePage *page;
  TmChoiceRow *language, *genre;
  g_autoptr(TmRelease) stored = NULL;

  tm_release_set_genre (release, "Synthwave");
  g_assert_true (tm_catalog_update_release (f->catalog, release, NULL));
  open_window (f);
  wait_for_page (f, "list");
  page = open_release (f, id);

  language = TM_CHOICE_ROW (tm_release_page_get_field (page, "language"));
  genre = TM_CHOICE_ROW (tm_release_page_get_field (page, "genre"));
  g_assert_true (gtk_drop_down_get_enable_search (tm_choice_row_get_drop_down (language)));
  g_assert_true (gtk_drop_down_get_enable_search (tm_choice_row_get_drop_down (genre)));
  g_assert_true (choice_has (language, "fr"));
  g_assert_true (choice_has (language, "haw"));   /* no two-letter code: the three */
  g_assert_true (choice_has (genre, "Hip-Hop/Rap"));
  g_assert_false (choice_has (genre, "hip hop"));
  /* Shown as it was, and not changed by being shown. */
  g_assert_cmpstr (tm_choice_row_get_value (genre), ==, "Synthwave");

  tm_choice_row_set_value (language, "fr");
  tm_choice_row_set_value (genre, "Electronic");
  g_assert_true (tm_release_page_save (page));
  stored = tm_catalog_get_release (f->other, id, NULL);
  g_assert_cmpstr (tm_release_get_language (stored), ==, "fr");
  g_assert_cmpstr (tm_release_get_genre (stored), ==, "Electronic");
  g_clear_object (&stored);

  /* Not set is a choice too. */
  tm_choice_row_set_value (language, NULL);
  g_assert_true (tm_release_page_save (page));
  stored = tm_catalog_get_release (f->other, id, NULL);
  g_assert_null (tm_release_get_language (stored));
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
mark_dismissed (gboolean *dismissed)
{
  *dismissed = TRUE;
}

/* Toasts, one at a time: a newer one takes the place of the one shown, so no
 * message waits behind another; what needs the person to act is a banner in
 * the page with the button that does it (the ISRC prefix, in Preferences). */
static void
test_toasts_and_banner (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const titles[] = { "One", NULL };
  gint64 id = add_release (f->catalog, "Codes", "Cy");
  TmReleasePage *page;
  TmBanner *banner;
  AdwToast *first;
  GtkWidget *preferences;
  gboolean dismissed = FALSE;

  add_tracks (f->catalog, id, titles);
  open_window (f);
  wait_for_page (f, "list");

  tm_window_show_message (f->window, "First");
  first = tm_window_get_toast (f->window);
  g_signal_connect_swapped (first, "dismissed", G_CALLBACK (mark_dismissed), &dismissed);
  tm_window_show_message (f->window, "Second");
  tm_window_show_message (f->window, "Third");
  g_assert_cmpstr (toast_title (f), ==, "Third");
  /* The first goes, once it has been seen; the second, overtaken while it
   * waited, is never shown; the third stays. Toasts replaced while they
   * appear crashed libadwaita 1.2 as their animations ended. */
  g_assert_true (tm_test_ui_wait_until (is_set, &dismissed, 5000));
  tm_test_ui_spin (1200);
  g_assert_cmpstr (toast_title (f), ==, "Third");

  /* A main loop kept busy (a slow machine, a long step) draws no frame, and a
   * toast's appearing ends only at a frame however long ago it began: what
   * comes meanwhile waits for a frame that has shown the toast whole. */
  {
    AdwToast *fourth;

    dismissed = FALSE;
    tm_window_show_message (f->window, "Fourth");
    fourth = tm_window_get_toast (f->window);
    g_signal_connect_swapped (fourth, "dismissed", G_CALLBACK (mark_dismissed), &dismissed);
    g_usleep (G_USEC_PER_SEC);
    tm_window_show_message (f->window, "Fifth");
    g_assert_false (dismissed);
    g_assert_cmpstr (toast_title (f), ==, "Fifth");
    g_assert_true (tm_test_ui_wait_until (is_set, &dismissed, 5000));
    tm_test_ui_spin (1200);
    g_assert_cmpstr (toast_title (f), ==, "Fifth");
  }

  page = open_release (f, id);
  wait_for_tracks (tm_release_page_get_track_table (page), 1);
  banner = tm_window_get_banner (f->window);
  g_assert_false (tm_banner_get_shown (banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tm_release_page_get_track_table (page)),
                                             "tracks.give-isrcs", NULL));
  g_assert_true (tm_banner_get_shown (banner));
  g_assert_nonnull (strstr (tm_banner_get_title (banner), "registrant prefix"));
  g_assert_cmpstr (gtk_button_get_label (tm_banner_get_button (banner)), ==, "Set _Prefix…");

  /* Its button opens Preferences at that very field, and the banner goes. */
  g_signal_emit_by_name (tm_banner_get_button (banner), "clicked");
  tm_test_ui_spin (100);
  preferences = tm_test_ui_find_toplevel (TM_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (preferences)),
                                         tm_preferences_focus (TM_PREFERENCES (preferences),
                                                               "isrc-prefix")));
  g_assert_false (tm_banner_get_shown (banner));
}

/* The Deliver dialog */

static gboolean
dialog_checked (gpointer data)
{
  return !tm_deliver_dialog_get_checking (data);
}

static TmDeliverChoice *
choice_named (TmDeliverDialog *dialog,
              const char      *name)
{
  GListModel *choices = tm_deliver_dialog_get_choices (dialog);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(TmDeliverChoice) choice = g_list_model_get_item (choices, i);

      if (g_str_equal (tm_platform_get_name (tm_deliver_choice_get_platform (choice)), name))
        return choice;
    }
  return NULL;
}

static gint64
add_folder_platform (Fixture    *f,
                     const char *name,
                     const char *profile)
{
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autofree char *folder = g_build_filename (f->dir, name, NULL);
  g_autofree char *settings = g_strdup_printf ("{\"path\": \"%s\"}", folder);

  tm_platform_set_name (platform, name);
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_FOLDER);
  tm_platform_set_settings (platform, settings);
  tm_platform_set_rule_profile (platform, profile);
  tm_platform_set_enabled (platform, TRUE);
  g_assert_true (tm_catalog_add_platform (f->catalog, platform, NULL));
  return tm_record_get_id (TM_RECORD (platform));
}

static gboolean
dialog_closed (gpointer data)
{
  return tm_test_ui_find_toplevel (TM_TYPE_DELIVER_DIALOG) == NULL;
}

/* Each platform shows what its rules say of the release; delivering to one
 * whose rules find errors is asked about first, and Cancel queues nothing. */
static void
test_deliver_dialog (Fixture       *f,
                     gconstpointer  data)
{
  gint64 id = add_release (f->catalog, "Half Done", "Cy");
  TmReleasePage *page;
  TmDeliverDialog *dialog;
  TmDeliverChoice *strict;
  GtkWidget *question;
  g_autoptr(GPtrArray) distributions = NULL;

  add_folder_platform (f, "Strict Store", "spotify");
  open_window (f);
  wait_for_page (f, "list");
  page = open_release (f, id);

  dialog = TM_DELIVER_DIALOG (tm_release_page_deliver (page));
  g_assert_nonnull (dialog);
  /* The platforms the catalog can deliver to: the Sandbox and the new one. */
  g_assert_cmpuint (g_list_model_get_n_items (tm_deliver_dialog_get_choices (dialog)), ==, 2);
  g_assert_true (tm_test_ui_wait_until (dialog_checked, dialog, 30000));
  strict = choice_named (dialog, "Strict Store");
  g_assert_nonnull (strict);
  g_assert_cmpuint (tm_deliver_choice_get_n_errors (strict), >, 0);
  g_assert_nonnull (strstr (tm_deliver_choice_get_summary (strict), "error"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (dialog), tm_deliver_choice_get_summary (
                                            strict)));

  /* Chosen with its errors: asked first; Cancel sends nothing. */
  tm_deliver_choice_set_chosen (strict, TRUE);
  question = tm_deliver_dialog_deliver (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Deliver with Errors?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                            "Strict Store"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  tm_test_ui_spin (100);
  distributions = tm_catalog_list_distributions (f->other, id, NULL);
  g_assert_cmpuint (distributions->len, ==, 0);
  g_clear_pointer (&distributions, g_ptr_array_unref);

  /* Anyway: it stops at the checks, and its row says why and what to do. */
  question = tm_deliver_dialog_deliver (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "deliver");
  g_assert_true (tm_test_ui_wait_until (dialog_closed, NULL, 30000));
  distributions = tm_catalog_list_distributions (f->other, id, NULL);
  g_assert_cmpuint (distributions->len, ==, 1);
  g_assert_cmpint (tm_distribution_get_status (g_ptr_array_index (distributions, 0)), ==,
                   TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_true (g_str_has_prefix (toast_title (f), "Not queued: "));
}

/* A whole delivery to the Sandbox */

typedef struct
{
  TmCatalog *catalog;
  gint64     release_id;
  TmDistributionStatus status;
} StatusWait;

static gboolean
release_at (gpointer data)
{
  StatusWait *w = data;
  g_autoptr(GPtrArray) all = tm_catalog_list_distributions (w->catalog, w->release_id, NULL);

  return all != NULL && all->len == 1
         && tm_distribution_get_status (g_ptr_array_index (all, 0)) == w->status;
}

static TmDeliveryRow *
delivery_row (TmReleasePage *page)
{
  return TM_DELIVERY_ROW (tm_test_ui_find_type (GTK_WIDGET (tm_release_page_get_deliveries (page)),
                                                TM_TYPE_DELIVERY_ROW));
}

static gboolean
row_shows (gpointer data)
{
  TmReleasePage *page = ((gpointer *) data)[0];
  const char *text = ((gpointer *) data)[1];
  TmDeliveryRow *row = delivery_row (page);

  return row != NULL && tm_test_ui_find_text (GTK_WIDGET (row), text) != NULL;
}

static gboolean
insights_loaded (gpointer data)
{
  return !tm_insights_window_get_loading (data);
}

/* The first start without any account: a complete single delivered from its
 * page to the built-in Sandbox, all the way to live: Check Now asks at once,
 * the history says who did what in sentences, the row says Live with no old
 * error, and Take Down asks first. */
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
  g_autoptr(TmJobQueue) queue = NULL;
  g_autofree char *date = NULL;
  static const char * const fields[] = {
    "label=Ann Records", "genre=Electronic", "language=en", "p_year=2026", "p_holder=Ann",
    "c_year=2026", "c_holder=Ann", "upc=036000291452", "release_type=single",
  };
  gpointer shows[2];
  TmReleasePage *page;
  TmDeliverDialog *dialog;
  TmDeliveryRow *row;
  StatusWait wait;

  g_setenv ("TUNEMANTRA_SANDBOX_DATA", sandbox_data, TRUE);
  tm_test_write_tone (audio, 44100, 2, 2.0);
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);

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
  /* The platform is looked at an hour after the upload, unless asked now. */
  g_assert_true (tm_catalog_set_setting (f->catalog, "queue.poll-seconds", "3600", NULL));

  queue = tm_job_queue_new (f->catalog);
  tm_job_queue_set_tick_interval (queue, 100);
  tm_job_queue_start (queue);
  f->window = tm_window_new (NULL, f->catalog, queue, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_page (f, "list");
  page = open_release (f, tm_record_get_id (TM_RECORD (release)));

  /* The only platform of a new catalog is the Sandbox, chosen already. */
  dialog = TM_DELIVER_DIALOG (tm_release_page_deliver (page));
  g_assert_true (tm_test_ui_wait_until (dialog_checked, dialog, 30000));
  g_assert_cmpuint (tm_deliver_choice_get_n_errors (choice_named (dialog,
                                                                   "Sandbox (test platform)")),
                    ==, 0);
  g_assert_null (tm_deliver_dialog_deliver (dialog));
  g_assert_true (tm_test_ui_wait_until (dialog_closed, NULL, 30000));
  g_assert_cmpstr (toast_title (f), ==, "Queued for 1 platform");

  /* Taken by the platform, processing: Check Now asks it at once. */
  wait.catalog = f->other;
  wait.release_id = tm_record_get_id (TM_RECORD (release));
  wait.status = TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM;
  g_assert_true (tm_test_ui_wait_until (release_at, &wait, 60000));
  shows[0] = page;
  tm_test_ui_spin (5500);         /* the Sandbox goes live after 5 s */
  row = delivery_row (page);
  g_assert_nonnull (row);
  g_assert_nonnull (tm_test_ui_find_button (GTK_WIDGET (row), "_Check Now"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "delivery.check", NULL));
  {
    gint64 d = tm_record_get_id (TM_RECORD (tm_delivery_row_get_distribution (row)));
    g_autoptr(GPtrArray) polls = tm_catalog_list_jobs (f->other, &(TmJobQuery) {
                                                         .distribution_id = d,
                                                         .kinds = TM_JOB_KIND_MASK (
                                                           TM_JOB_KIND_POLL),
                                                         .states = TM_JOB_STATE_MASK (
                                                           TM_JOB_STATE_WAITING) }, NULL);

    /* The look at the platform is due now, not at its time. */
    for (guint i = 0; i < polls->len; i++)
      g_assert_cmpint (tm_job_get_run_at (g_ptr_array_index (polls, i)), ==, 0);
  }
  wait.status = TM_DISTRIBUTION_STATUS_LIVE;
  g_assert_true (tm_test_ui_wait_until (release_at, &wait, 30000));

  /* The row: Live, no error, the actions that fit, and the history in words. */
  shows[1] = (gpointer) "Sandbox (test platform) put it live.";
  g_assert_true (tm_test_ui_wait_until (row_shows, shows, 10000));
  row = delivery_row (page);
  /* Its actions and history are in the row, opened. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  tm_test_ui_spin (300);
  g_assert_null (tm_delivery_row_get_reason (row));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (row), "You queued it for Sandbox"));
  g_assert_nonnull (tm_test_ui_find_button (GTK_WIDGET (row), "_Open Store Page"));
  g_assert_null (tm_test_ui_find_button (GTK_WIDGET (row), "_Retry"));
  g_assert_null (tm_test_ui_find_text (GTK_WIDGET (row), "{\""));
  {
    g_autoptr(TmRelease) listed = tm_catalog_get_release (f->other, wait.release_id, NULL);

    /* The list says Live, as the platform does. */
    g_assert_cmpstr (tm_release_get_status_label (listed), ==, "Live");
  }

  /* The smart link page, written in a worker. */
  {
    g_autofree char *site = g_build_filename (f->dir, "site", NULL);
    g_autofree char *index = g_build_filename (site, "index.html", NULL);
    g_autofree char *html = NULL;

    tm_window_export_smartlink (f->window, site);
    g_assert_true (tm_test_ui_wait_until (not_busy, f->window, 10000));
    g_assert_true (g_file_get_contents (index, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "sandbox.tunemantra.invalid"));
  }

  /* A store link typed in: checked, then kept. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TmDistribution) d = NULL;

    g_assert_false (tm_delivery_row_set_store_url (row, "javascript:alert(1)", &error));
    g_assert_nonnull (strstr (error->message, "https://"));
    g_clear_error (&error);
    g_assert_true (tm_delivery_row_set_store_url (row, " https://store.example.org/r/1 ", &error));
    g_assert_no_error (error);
    d = tm_catalog_get_distribution (f->other,
                                     tm_record_get_id (TM_RECORD (
                                       tm_delivery_row_get_distribution (row))), NULL);
    g_assert_cmpstr (tm_distribution_get_store_url (d), ==, "https://store.example.org/r/1");
  }

  /* Take Down destroys something on a store: it asks first. */
  {
    GtkWidget *question;
    g_autoptr(GPtrArray) all = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "delivery.takedown", NULL));
    question = tm_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "takedown");
    all = tm_catalog_list_distributions (f->other, wait.release_id, NULL);
    g_assert_true (tm_distribution_get_status (g_ptr_array_index (all, 0))
                   == TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED
                   || tm_distribution_get_status (g_ptr_array_index (all, 0))
                   == TM_DISTRIBUTION_STATUS_REMOVED);
  }

  /* The insights, computed in a worker, see a healthy platform; the week is an
   * ISO week; the figures can be saved. */
  {
    TmInsightsWindow *insights = TM_INSIGHTS_WINDOW (tm_insights_window_new (f->catalog));
    g_autofree char *csv_path = g_build_filename (f->dir, "insights.csv", NULL);
    g_autofree char *csv = NULL;
    g_autoptr(GError) error = NULL;

    gtk_window_present (GTK_WINDOW (insights));
    g_assert_true (tm_test_ui_wait_until (insights_loaded, insights, 10000));
    g_assert_cmpuint (g_list_model_get_n_items (tm_insights_window_get_platforms (insights)),
                      ==, 1);
    g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (insights), "Healthy"));
    g_assert_null (tm_test_ui_find_text (GTK_WIDGET (insights), "failed this week"));
    g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (insights), "over 1 release."));
    g_assert_true (tm_insights_window_save_csv (insights, csv_path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "Sandbox (test platform),1,"));
    gtk_window_destroy (GTK_WINDOW (insights));
  }

  tm_job_queue_stop (queue);
  tm_sandbox_stop ();
}

/* At a phone's width */

static gboolean
squeezed_to (GtkWidget *widget,
             GtkWidget *shown)
{
  AdwSqueezer *squeezer = ADW_SQUEEZER (gtk_widget_get_ancestor (widget, ADW_TYPE_SQUEEZER));

  return squeezer != NULL && adw_squeezer_get_visible_child (squeezer) == shown;
}

static gboolean
narrow_list_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *list = GTK_WIDGET (tm_window_get_narrow_list (f->window));

  return squeezed_to (list, gtk_widget_get_parent (list));
}

/* The tracks as a list: not the list view inside a column view, nor one in
 * a drop-down's popover. */
static GtkWidget *
track_list_of (TmTrackTable *table)
{
  g_autoptr(GPtrArray) lists = tm_test_ui_find_all (GTK_WIDGET (table), GTK_TYPE_LIST_VIEW);

  for (guint i = 0; i < lists->len; i++)
    {
      GtkWidget *list = g_ptr_array_index (lists, i);

      if (gtk_widget_get_ancestor (list, GTK_TYPE_COLUMN_VIEW) == NULL
          && gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER) == NULL)
        return list;
    }
  return NULL;
}

/* Opened at 360 x 720, everything fits: the list is a single column of title,
 * artist and status; the release page stacks and its tracks are a list; the
 * dialogs are no wider than the window. At a desktop's width, the columns. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  static const char * const titles[] = { "A Rather Long Title for a Track", "Two", NULL };
  gint64 id = add_release (f->catalog, "Narrow", "An Artist With a Long Name");
  TmReleasePage *page;
  TmTrackTable *table;
  GType dialogs[] = {
    TM_TYPE_CREDITS_DIALOG, TM_TYPE_DELIVER_DIALOG,
  };

  add_tracks (f->catalog, id, titles);
  open_window (f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  wait_for_page (f, "list");
  g_assert_true (tm_test_ui_wait_until (narrow_list_shown, f, 5000));
  g_assert_true (tm_test_ui_fits_width (GTK_WIDGET (f->window), 360));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (tm_window_get_narrow_list (f->window)),
                                          "Narrow"));
  g_assert_nonnull (tm_test_ui_find_text (GTK_WIDGET (tm_window_get_narrow_list (f->window)),
                                          "Not sent"));

  page = open_release (f, id);
  table = tm_release_page_get_track_table (page);
  wait_for_tracks (table, 2);
  tm_test_ui_spin (200);
  g_assert_true (tm_test_ui_fits_width (GTK_WIDGET (page), 360));
  g_assert_true (tm_test_ui_fits_width (GTK_WIDGET (f->window), 360));
  /* The tracks are a list there; a track opens its details, every field of it. */
  g_assert_false (tm_test_ui_shows (tm_test_ui_find_type (GTK_WIDGET (table),
                                                          GTK_TYPE_COLUMN_VIEW)));
  g_assert_true (tm_test_ui_shows (track_list_of (table)));

  /* The dialogs, at their narrowest, fit too. */
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GtkWidget *dialog = dialogs[i] == TM_TYPE_CREDITS_DIALOG
                          ? tm_track_table_open_details (table, track_id_at (table, 0))
                          : tm_release_page_deliver (page);

      tm_test_ui_spin (100);
      g_assert_true (tm_test_ui_fits_width (dialog, 360));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  /* Wide again: the table's columns, each as wide as its content. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  tm_test_ui_spin (300);
  g_assert_true (tm_test_ui_shows (tm_test_ui_find_type (GTK_WIDGET (table),
                                                         GTK_TYPE_COLUMN_VIEW)));
  {
    TmTrackCell *isrc;
    int natural;

    g_assert_true (tm_track_table_edit (table, 0, "isrc", "GBXYZ2600001"));
    tm_test_ui_spin (100);
    isrc = cell_of (table, 0, "isrc");
    gtk_widget_measure (GTK_WIDGET (isrc), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL,
                        NULL);
    /* The whole ISRC shows: the cell has what it asks for. */
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (isrc)), >=, natural);
  }
}

static gboolean
cover_loaded (gpointer data)
{
  return tm_cover_image_get_loaded (data);
}

/* The cover image of @widget's tree at @size, or NULL. */
static TmCoverImage *
cover_of (GtkWidget *widget,
          int        size)
{
  g_autoptr(GPtrArray) all = tm_test_ui_find_all (widget, TM_TYPE_COVER_IMAGE);

  for (guint i = 0; i < all->len; i++)
    if (tm_cover_image_get_pixel_size (g_ptr_array_index (all, i)) == size)
      return g_ptr_array_index (all, i);
  return NULL;
}

typedef struct
{
  Fixture    *f;
  gint64      id;
  const char *path;
} CoverWait;

static gboolean
cover_is (gpointer data)
{
  CoverWait *w = data;
  g_autoptr(TmArtwork) artwork = tm_catalog_get_artwork (w->f->other, w->id, NULL);
  TmCoverImage *shown = cover_of (GTK_WIDGET (tm_window_get_release_page (w->f->window)), 168);

  return artwork != NULL && g_strcmp0 (tm_artwork_get_path (artwork), w->path) == 0
         && g_strcmp0 (tm_cover_image_get_path (shown), w->path) == 0
         && tm_cover_image_get_loaded (shown);
}

static gboolean
fix_offered (gpointer data)
{
  return tm_test_ui_find_button (data, "_Fix Cover…") != NULL;
}

static gboolean
list_has_cover (gpointer data)
{
  Fixture *f = data;

  return cover_of (GTK_WIDGET (tm_window_get_column_view (f->window)), 32) != NULL;
}

static gboolean
toast_names_broken (gpointer data)
{
  const char *title = toast_title (data);

  return title != NULL && strstr (title, "broken.jpg") != NULL;
}

/* The cover, front and centre: a thumbnail in the list (kept on disk by its
 * hash), large on the release page; a picture dropped on the page replaces it,
 * with Undo; a damaged one is refused and the cover stays; pre-flight's cover
 * problems go to it. */
static void
test_cover (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *first = g_build_filename (f->dir, "first.png", NULL);
  g_autofree char *second = g_build_filename (f->dir, "second.png", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.jpg", NULL);
  g_autoptr(GdkPixbuf) red = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 700, 700);
  g_autoptr(GdkPixbuf) blue = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 800, 600);
  g_autoptr(TmArtwork) artwork = NULL;
  g_autofree char *cached = NULL;
  gint64 id = add_release (f->catalog, "Covered", "Nova");
  const char *drop_second[] = { second, NULL };
  const char *drop_broken[] = { broken, NULL };
  CoverWait wait = { f, id, NULL };
  TmCoverImage *thumbnail, *large;
  TmReleasePage *page;
  AdwToast *toast;

  gdk_pixbuf_fill (red, 0xcc2222ff);
  gdk_pixbuf_fill (blue, 0x2233ccff);
  g_assert_true (gdk_pixbuf_save (red, first, "png", NULL, NULL));
  g_assert_true (gdk_pixbuf_save (blue, second, "png", NULL, NULL));
  g_assert_true (g_file_set_contents (broken, "\xff\xd8\xff not a picture", -1, NULL));
  artwork = tm_cover_set_sync (f->catalog, id, first, NULL, NULL, NULL, NULL);
  g_assert_nonnull (artwork);

  /* The list: a thumbnail, made in a worker and kept by the picture's hash. */
  open_window (f);
  wait_for_page (f, "list");
  g_assert_true (tm_test_ui_wait_until (list_has_cover, f, 5000));
  thumbnail = cover_of (GTK_WIDGET (tm_window_get_column_view (f->window)), 32);
  g_assert_true (tm_test_ui_wait_until (cover_loaded, thumbnail, 10000));
  cached = tm_cover_cache_path (tm_artwork_get_sha256 (artwork),
                                32 * gtk_widget_get_scale_factor (GTK_WIDGET (thumbnail)));
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));

  /* The page: the cover large, beside the title and artist. */
  page = open_release (f, id);
  large = cover_of (GTK_WIDGET (page), 168);
  g_assert_nonnull (large);
  g_assert_true (tm_test_ui_wait_until (cover_loaded, large, 10000));
  g_assert_true (tm_test_ui_shows (tm_test_ui_find_text (GTK_WIDGET (page), "Covered")));
  g_assert_true (tm_test_ui_shows (tm_test_ui_find_text (GTK_WIDGET (page), "Nova")));

  /* A picture dropped on the page is the cover, said so, with Undo. */
  tm_window_drop_paths (f->window, drop_second, 20, 20);
  wait.path = second;
  g_assert_true (tm_test_ui_wait_until (cover_is, &wait, 20000));
  toast = tm_window_get_toast (f->window);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Cover replaced");
  g_signal_emit_by_name (toast, "button-clicked");
  wait.path = first;
  g_assert_true (tm_test_ui_wait_until (cover_is, &wait, 20000));

  /* A damaged one is refused with its name; the cover stays. */
  tm_window_drop_paths (f->window, drop_broken, 20, 20);
  g_assert_true (tm_test_ui_wait_until (toast_names_broken, f, 10000));
  g_assert_true (cover_is (&wait));

  /* The cover's problems go to the cover. */
  g_assert_true (tm_release_page_focus_field (page, "artwork"));
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_parent (GTK_WIDGET (large))));

  /* A cover that is not square: the page says so, and its tool makes a square
   * one beside it (here the left-hand square, at 500 pixels), which becomes the
   * cover; the picture stays as it was. */
  tm_window_drop_paths (f->window, drop_second, 20, 20);
  wait.path = second;
  g_assert_true (tm_test_ui_wait_until (cover_is, &wait, 20000));
  g_assert_true (tm_test_ui_wait_until (fix_offered, page, 5000));
  {
    g_autofree char *made = g_build_filename (f->dir, "second-500.jpg", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autoptr(GdkPixbuf) result = NULL;
    TmCoverDialog *dialog;
    gsize length;
    guint x, y, size;

    g_assert_true (g_file_get_contents (second, &before, &length, NULL));
    dialog = TM_COVER_DIALOG (tm_release_page_fix_cover (page));
    g_assert_true (tm_test_ui_wait_until ((gboolean (*) (gpointer)) tm_cover_dialog_is_ready,
                                          dialog, 10000));
    tm_crop_area_get_square (tm_cover_dialog_get_crop_area (dialog), &x, &y, &size);
    g_assert_cmpuint (size, ==, 600);
    g_assert_cmpuint (x, ==, 100);
    /* Moved as far left as it goes, and further: it stays inside. */
    tm_crop_area_move_to (tm_cover_dialog_get_crop_area (dialog), 0, 0);
    tm_crop_area_get_square (tm_cover_dialog_get_crop_area (dialog), &x, &y, &size);
    g_assert_cmpuint (x, ==, 0);
    tm_cover_dialog_set_size (dialog, 500);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "cover.save", NULL));
    wait.path = made;
    g_assert_true (tm_test_ui_wait_until (cover_is, &wait, 20000));
    result = gdk_pixbuf_new_from_file (made, NULL);
    g_assert_cmpint (gdk_pixbuf_get_width (result), ==, 500);
    g_assert_cmpint (gdk_pixbuf_get_height (result), ==, 500);
    g_assert_true (g_file_get_contents (second, &after, NULL, NULL));
    g_assert_true (memcmp (before, after, length) == 0);
    tm_test_ui_spin (200);
    g_assert_null (tm_test_ui_find_button (GTK_WIDGET (page), "_Fix Cover…"));
  }
}

static gboolean
player_bar_ready (gpointer data)
{
  TmReleasePage *page = data;
  TmPlayerBar *bar = tm_release_page_get_player_bar (page);

  return tracks_measured (page) && tm_test_ui_shows (GTK_WIDGET (bar))
         && tm_player_get_n_items (tm_player_bar_get_player (bar)) == 2
         && tm_seek_bar_get_duration (tm_player_bar_get_seek_bar (bar)) > 0;
}

static gboolean
player_moves (gpointer data)
{
  return tm_player_get_state (data) == TM_PLAYER_PLAYING && tm_player_get_position (data) > 0.3;
}

static gboolean
player_paused (gpointer data)
{
  return tm_player_get_state (data) == TM_PLAYER_PAUSED;
}

typedef struct
{
  Fixture *f;
  gint64   release_id;
  double   seconds;
} PreviewWait;

static gboolean
preview_stored (gpointer data)
{
  PreviewWait *w = data;
  g_autoptr(TmTrack) track = stored_track (w->f->other, w->release_id, 1);

  return fabs (tm_track_get_preview_start (track) - w->seconds) < 0.5;
}

/* Listening on the release page: a track's row plays the release from it,
 * Space pauses, "Hear it as" applies the platform's gain at once (to the 0.1 dB
 * the Loudness section computes), the seek bar seeks, and the preview's marker,
 * dragged, moves the track's preview start in the catalog. */
static void
test_player (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *one = g_build_filename (f->dir, "01 - One.wav", NULL);
  g_autofree char *two = g_build_filename (f->dir, "02 - Two.wav", NULL);
  g_autofree char *script = g_strdup_printf ("sox -n -r 44100 -b 16 -c 2 '%s' synth 40 sine 440 "
                                             "gain -20 && sox -n -r 44100 -b 16 -c 2 '%s' synth 40 "
                                             "sine 660 gain -9", one, two);
  const char *paths[] = { one, two, NULL };
  TracksWait wait = { f, 2 };
  TmReleasePage *page;
  TmPlayerBar *bar;
  TmPlayer *player;
  TmSeekBar *seek;
  TmRelease *open;
  PreviewWait preview = { f, 0, 0 };
  double gains[2];
  gint64 second_id;

  tm_test_run_shell (script);
  open_window (f);
  wait_for_page (f, "empty");
  tm_window_import_paths (f->window, paths);
  g_assert_true (tm_test_ui_wait_until (release_has_tracks, &wait, 20000));
  page = tm_window_get_release_page (f->window);
  open = tm_release_page_get_release (page);
  preview.release_id = tm_record_get_id (TM_RECORD (open));
  g_assert_true (tm_test_ui_wait_until (player_bar_ready, page, 30000));
  bar = tm_release_page_get_player_bar (page);
  player = tm_player_bar_get_player (bar);
  seek = tm_player_bar_get_seek_bar (bar);

  /* A row's play button: that track, then the rest. */
  {
    g_autoptr(TmTrack) second = stored_track (f->other, preview.release_id, 1);

    second_id = tm_record_get_id (TM_RECORD (second));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tm_release_page_get_track_table (page)),
                                             "release.play-track", "x", second_id));
  g_assert_true (tm_test_ui_wait_until (player_moves, player, 10000));
  g_assert_cmpint (tm_player_get_index (player), ==, 1);
  g_assert_cmpfloat_with_epsilon (tm_seek_bar_get_duration (seek), 40.0, 0.1);

  /* Space pauses, wherever it types nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (seek));
  tm_test_ui_press (GTK_WINDOW (f->window), "space");
  g_assert_true (tm_test_ui_wait_until (player_paused, player, 5000));
  tm_test_ui_press (GTK_WINDOW (f->window), "space");
  g_assert_true (tm_test_ui_wait_until (player_moves, player, 5000));

  /* As Spotify plays it: the album's gain, now, without a restart. */
  {
    g_autoptr(GPtrArray) all = tm_requirements_load_all (NULL, NULL);
    TmRequirements *spotify = tm_requirements_find (all, "spotify");
    double lufs[2], peaks[2], durations[2], before = tm_player_get_position (player);

    g_assert_true (tm_player_bar_choose_platform (bar, "spotify"));
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(TmTrack) track = stored_track (f->other, preview.release_id, i);
        g_autoptr(GPtrArray) found = tm_report_cache_inspect (tm_catalog_get_path (f->other),
                                                              (const char *[]) {
                                                                tm_track_get_audio_path (track),
                                                                NULL }, NULL, NULL, NULL);
        const TmAudioReport *audio = tm_report_get_audio (g_ptr_array_index (found, 0));

        lufs[i] = audio->integrated_lufs;
        peaks[i] = audio->true_peak_dbtp;
        durations[i] = audio->duration_s;
      }
    tm_checker_playback_gains (spotify, lufs, peaks, durations, 2, TRUE, gains);
    g_test_message ("Spotify: %+.2f %+.2f dB", gains[0], gains[1]);
    g_assert_cmpfloat (fabs (20 * log10 (tm_player_get_volume (player)) - gains[1]), <, 0.1);
    g_assert_cmpfloat (tm_player_get_position (player), >=, before);
    /* Apple Music plays each track at its own gain. */
    g_assert_true (tm_player_bar_choose_platform (bar, "apple-music"));
    g_assert_cmpfloat (fabs (20 * log10 (tm_player_get_volume (player)) - gains[1]), >, 0.1);
    g_assert_true (tm_player_bar_choose_platform (bar, NULL));
    g_assert_cmpfloat_with_epsilon (tm_player_get_volume (player), 1.0, 0.001);
  }

  /* The seek bar seeks. */
  tm_seek_bar_drag (seek, gtk_widget_get_width (GTK_WIDGET (seek)) / 2.0,
                    gtk_widget_get_width (GTK_WIDGET (seek)) / 2.0);
  tm_test_ui_spin (300);
  g_assert_cmpfloat (tm_player_get_position (player), >=, 19.5);
  g_assert_cmpfloat (tm_player_get_position (player), <, 22);

  /* The preview's marker, dragged from its start to a quarter of the way. */
  preview.seconds = round (10.0);
  tm_seek_bar_drag (seek, 0, gtk_widget_get_width (GTK_WIDGET (seek)) / 4.0);
  g_assert_cmpfloat_with_epsilon (tm_seek_bar_get_preview_start (seek), 10.0, 0.6);
  preview.seconds = tm_seek_bar_get_preview_start (seek);
  g_assert_true (tm_test_ui_wait_until (preview_stored, &preview, 5000));

  tm_player_stop (player);
}

/* Every shortcut the window has is in the shortcuts window, with its keys. */
static void
test_shortcuts_and_help (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/tunemantra/TuneMantra/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) shortcuts = tm_test_ui_find_all (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT);
  static const char * const wanted[] = {
    "New Release", "Back to the Releases", "Deliveries", "Search Releases",
    "Remove the Selected Tracks", "Edit the Title of the Selected Track", "Play or Pause",
  };
  g_autofree char *help = NULL;
  g_autofree char *checks = NULL;

  g_assert_cmpuint (shortcuts->len, >=, 15);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "title", &title, "accelerator",
                    &accelerator, NULL);
      if (accelerator == NULL || *accelerator == '\0')
        g_error ("“%s” has no keys in the shortcuts window", title);
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < shortcuts->len && !found; k++)
        {
          g_autofree char *title = NULL;

          g_object_get (g_ptr_array_index (shortcuts, k), "title", &title, NULL);
          found = g_strcmp0 (title, wanted[i]) == 0;
        }
      if (!found)
        g_error ("“%s” is not in the shortcuts window", wanted[i]);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* F1 from the build folder: the help of the source tree, where Yelp finds it. */
  help = tm_help_resolve ("help:tunemantra");
  checks = tm_help_resolve ("help:tunemantra/checks#audio");
  g_assert_true (g_str_has_prefix (help, "ghelp:"));
  g_assert_true (g_file_test (help + strlen ("ghelp:"), G_FILE_TEST_IS_DIR));
  g_assert_true (g_str_has_suffix (checks, "/C?checks#audio"));
  {
    g_autofree char *dir = g_strndup (checks + strlen ("ghelp:"),
                                      strstr (checks, "?") - checks - strlen ("ghelp:"));
    g_autofree char *page = g_build_filename (dir, "checks.page", NULL);

    g_assert_true (g_file_test (page, G_FILE_TEST_EXISTS));
  }
}

/* A widget's work in a thread: the widget is let go of in the main thread,
 * even when the worker lets go of the task last (here on purpose). */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean answered;
  GThread *late;
  GThread *finalized_in;
} TaskRun;

/* Another thread holds the task until the main thread has answered and let go
 * of it: the task is finalized there. */
static gpointer
let_go_late (gpointer data)
{
  GTask *task = data;
  TaskRun *r = g_task_get_task_data (task);

  g_mutex_lock (&r->lock);
  while (!r->answered)
    g_cond_wait (&r->cond, &r->lock);
  g_mutex_unlock (&r->lock);
  g_usleep (100000);
  g_object_unref (task);
  return NULL;
}

static void
slow_to_let_go_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  TaskRun *r = task_data;

  g_assert_null (source_object);
  r->late = g_thread_new ("let go late", let_go_late, g_object_ref (task));
  g_task_return_boolean (task, TRUE);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TaskRun *r = user_data;

  g_assert_true (GTK_IS_LABEL (source));
  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  g_mutex_lock (&r->lock);
  r->answered = TRUE;
  g_cond_signal (&r->cond);
  g_mutex_unlock (&r->lock);
}

static void
note_finalized (gpointer  data,
                GObject  *where_it_was)
{
  TaskRun *r = data;

  r->finalized_in = g_thread_self ();
}

static gboolean
was_finalized (gpointer data)
{
  TaskRun *r = data;

  return r->finalized_in != NULL;
}

static void
test_widget_task (Fixture       *f,
                  gconstpointer  data)
{
  TaskRun r = { 0 };
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("Working"));
  GTask *task = tm_widget_task_new (label, NULL, answered_cb, &r);

  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  g_object_weak_ref (G_OBJECT (label), note_finalized, &r);
  g_task_set_task_data (task, &r, NULL);
  g_task_run_in_thread (task, slow_to_let_go_worker);
  g_object_unref (task);
  /* Closed while it works: the task is all that could keep it. */
  g_object_unref (label);
  g_assert_true (tm_test_ui_wait_until (was_finalized, &r, 10000));
  g_assert_true (r.finalized_in == g_thread_self ());
  g_thread_join (r.late);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
}

int
main (int   argc,
      char *argv[])
{
  tm_test_ui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, tm_test_ui_fixture_setup, func, \
                                   tm_test_ui_fixture_teardown)
  ADD ("/window/list-and-edit", test_list_and_edit);
  ADD ("/window/sort-missing-values", test_sort_missing_values);
  ADD ("/window/new-release-and-external-change", test_new_release_and_external_change);
  ADD ("/window/empty-and-error", test_empty_and_error);
  ADD ("/window/status-filter", test_status_filter);
  ADD ("/window/drop-files", test_drop_files);
  ADD ("/window/new-user-album", test_new_user_album);
  ADD ("/window/preflight", test_preflight);
  ADD ("/window/import-chooser", test_import_chooser);
  ADD ("/window/release-editor", test_release_editor);
  ADD ("/window/track-keys", test_track_keys);
  ADD ("/window/pick-lists", test_pick_lists);
  ADD ("/window/toasts-and-banner", test_toasts_and_banner);
  ADD ("/window/deliver-dialog", test_deliver_dialog);
  ADD ("/window/sandbox-to-live", test_sandbox_to_live);
  ADD ("/window/narrow", test_narrow);
  ADD ("/window/cover", test_cover);
  ADD ("/window/player", test_player);
  ADD ("/window/shortcuts-and-help", test_shortcuts_and_help);
  ADD ("/window/widget-task", test_widget_task);
#undef ADD

  return g_test_run ();
}
