/* bench-window.c: time from opening the window on a large catalog to its first rows
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "bench-common.h"
#include "tm-test-utils.h"
#include "tm-window.h"

#define RUNS 5

typedef struct
{
  TmWindow *window;
  gint64    start;
  gint64    shown;
} Run;

/* Called before each frame: the first one drawn with the list page and rows. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;
  GtkColumnView *view = tm_window_get_column_view (run->window);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  if (g_strcmp0 (tm_window_get_page (run->window), "list") == 0
      && g_list_model_get_n_items (model) > 0
      && gtk_widget_get_mapped (widget))
    {
      run->shown = g_get_monotonic_time ();
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
shown (gpointer data)
{
  return ((Run *) data)->shown != 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  double first_rows_ms[RUNS];

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under xvfb-run.\n");
      return 1;
    }
  adw_init ();

  bench_build_catalog (path);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TmCatalog) catalog = NULL;
      Run run = { NULL, 0, 0 };

      run.start = g_get_monotonic_time ();
      catalog = tm_catalog_open (path, &error);
      g_assert_no_error (error);
      run.window = tm_window_new (NULL, catalog, NULL, NULL);
      gtk_widget_add_tick_callback (GTK_WIDGET (tm_window_get_column_view (run.window)), tick_cb,
                                    &run, NULL);
      gtk_window_present (GTK_WINDOW (run.window));
      g_assert_true (tm_test_wait_for (shown, &run, 30000));
      first_rows_ms[i] = (run.shown - run.start) / 1e3;

      gtk_window_destroy (GTK_WINDOW (run.window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_print ("window: first rows of %d releases:   %8.1f ms (median of %d; goal < 1000 ms)\n",
           BENCH_RELEASES, bench_median (first_rows_ms, RUNS), RUNS);

  tm_test_remove_tree (dir);
  return 0;
}
