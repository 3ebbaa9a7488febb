/* tm-test-ui.c: finding widgets, waiting for them, and keys for the UI tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Keys are pressed as a person presses them: xdotool sends them through the
 * X server's XTEST extension to the window that has the focus, so GTK routes
 * them as it routes a keyboard's. */

#include "config.h"

#include <execinfo.h>
#include <stdio.h>
#include <string.h>

#include <gdk/x11/gdkx.h>

#include "tm-test-ui.h"
#include "tm-test-utils.h"

/* A critical fails a UI test (G_DEBUG=fatal-criticals), often at random and
 * in CI only: it says which test it stopped and where it was, so that the
 * log alone is enough to start from (the offsets of static functions are
 * read with addr2line on a build of the same commit). */
static GThread *main_thread;

static GLogWriterOutput
report_where_writer (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  /* Said first: the default writer may end the program on a fatal one. */
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL)) != 0)
    {
      void *frames[48];
      int n = backtrace (frames, G_N_ELEMENTS (frames));

      fprintf (stderr, "In %s, thread %s, the critical below was logged from:\n",
               g_test_get_path (), g_thread_self () == main_thread ? "main" : "a worker");
      backtrace_symbols_fd (frames, n, fileno (stderr));
      fflush (stderr);
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
tm_test_ui_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);
  main_thread = g_thread_self ();
  g_log_set_writer_func (report_where_writer, NULL, NULL);
  tm_test_isolate_user_state ();
  if (!gtk_init_check ())
    {
      g_printerr ("No display: run the UI tests under xvfb-run.\n");
      exit (1);
    }
  adw_init ();
}

/* Every window of the test goes, dialogs too, and what they left to do is done. */
void
tm_test_ui_destroy_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  tm_test_ui_spin (20);
}

/* Runs the main loop for about @ms, drawing as it goes. */
void
tm_test_ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  while (g_get_monotonic_time () < until);
}

gboolean
tm_test_ui_wait_until (gboolean (*condition) (gpointer),
                       gpointer   data,
                       guint      timeout_ms)
{
  return tm_test_wait_for (condition, data, timeout_ms);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/**
 * tm_test_ui_find_all:
 *
 * Returns: (transfer container): the widgets of @type under @widget, @widget too
 */
GPtrArray *
tm_test_ui_find_all (GtkWidget *widget,
                     GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, found);
  return found;
}

GtkWidget *
tm_test_ui_find_type (GtkWidget *widget,
                      GType      type)
{
  g_autoptr(GPtrArray) all = tm_test_ui_find_all (widget, type);

  return all->len > 0 ? g_ptr_array_index (all, 0) : NULL;
}

/* Shows: visible, every ancestor too, and mapped once its window is. */
gboolean
tm_test_ui_shows (GtkWidget *widget)
{
  GtkRoot *root;

  if (widget == NULL)
    return FALSE;
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  /* A stack's or squeezer's other children are visible, but not mapped. */
  root = gtk_widget_get_root (widget);
  return root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (root))
         || gtk_widget_get_mapped (widget);
}

GtkWidget *
tm_test_ui_find_button (GtkWidget  *widget,
                        const char *label)
{
  g_autoptr(GPtrArray) all = tm_test_ui_find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (all, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0
          && tm_test_ui_shows (button))
        return button;
    }
  return NULL;
}

/* The first label, or editable, that shows @text (as part of what it shows). */
GtkWidget *
tm_test_ui_find_text (GtkWidget  *widget,
                      const char *text)
{
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                      : GTK_IS_INSCRIPTION (widget)
                      ? gtk_inscription_get_text (GTK_INSCRIPTION (widget))
                      : GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget)
                      ? gtk_editable_get_text (GTK_EDITABLE (widget)) : NULL;

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (shown != NULL && strstr (shown, text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tm_test_ui_find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
tm_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

gboolean
tm_test_ui_can_press_keys (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  return xdotool != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ());
}

/**
 * tm_test_ui_press:
 * @keys: xdotool's names, such as "Delete" or "alt+Up"
 *
 * Gives @window the keyboard focus and presses @keys, as a keyboard would.
 */
void
tm_test_ui_press (GtkWindow  *window,
                  const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  /* What GTK had to do first is done. */
  tm_test_ui_spin (50);
  command = g_strdup_printf ("xdotool windowfocus --sync %lu key --delay 30 %s",
                             (unsigned long) gdk_x11_surface_get_xid (surface), keys);
  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", command, err);
  tm_test_ui_spin (150);
}

/* Whether @widget's natural width at its window's width is no more than @width
 * and nothing in it asks for more: what fits without scrolling sideways. */
gboolean
tm_test_ui_fits_width (GtkWidget *widget,
                       int        width)
{
  int minimum;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > width)
    {
      /* Says which of its visible descendants are too wide, the deepest ones. */
      gboolean child_too_wide = FALSE;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_get_visible (child) && !tm_test_ui_fits_width (child, width))
          child_too_wide = TRUE;
      if (!child_too_wide)
        {
          g_autoptr(GString) path = g_string_new (G_OBJECT_TYPE_NAME (widget));

          for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL;
               up = gtk_widget_get_parent (up))
            g_string_prepend (g_string_prepend (path, " > "), G_OBJECT_TYPE_NAME (up));
          g_test_message ("%s needs %d px, more than %d", path->str, minimum, width);
        }
    }
  return minimum <= width;
}

void
tm_test_ui_fixture_setup (TmUiFixture   *f,
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

void
tm_test_ui_fixture_teardown (TmUiFixture   *f,
                             gconstpointer  data)
{
  tm_test_ui_destroy_windows ();
  f->window = NULL;
  g_clear_object (&f->catalog);
  g_clear_object (&f->other);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}
