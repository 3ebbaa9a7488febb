/* tm-widget-util.c: small things every page of the window does
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tm-uninstalled.h"
#include "tm-widget-util.h"
#include "tm-window.h"

static GtkWidget *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;

  if (overlay != NULL)
    return overlay;
  /* From a dialog's page without one of its own: the dialog's. */
  root = gtk_widget_get_root (widget);
  for (GtkWidget *child = root != NULL ? gtk_widget_get_first_child (GTK_WIDGET (root)) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_TOAST_OVERLAY (child))
      return child;
  return NULL;
}

/**
 * tm_widget_show_toast:
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the window of @widget (in the main window, in place of the
 * one shown).
 */
void
tm_widget_show_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *overlay;

  /* The main window shows one at a time, the newest. */
  if (TM_IS_WINDOW (root))
    {
      tm_window_add_toast (TM_WINDOW (root), toast);
      return;
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
      return;
    }
  if ((overlay = find_overlay (widget)) != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  g_message ("%s", adw_toast_get_title (toast));
  g_object_unref (g_object_ref_sink (toast));
}

/**
 * tm_widget_show_message:
 *
 * A short note in the window of @widget, gone after a few seconds.
 */
void
tm_widget_show_message (GtkWidget  *widget,
                        const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  tm_widget_show_toast (widget, toast);
}

/**
 * tm_widget_scroll_into_view:
 *
 * Scrolls the scrolled window around @widget so that all of it shows.
 */
void
tm_widget_scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page;

  if (scrolled == NULL || !(content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)))
      || !gtk_widget_compute_bounds (widget, content, &bounds))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adjustment, bounds.origin.y - 12);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page + 12);
}

/**
 * tm_help_resolve:
 * @uri: a help: URI of the installed help, such as help:tunemantra/checks#audio
 *
 * Run from the build folder, the help is not installed: the same page of
 * the help in the source tree, as Yelp opens it (ghelp: and the folder).
 *
 * Returns: (transfer full): the URI to show
 */
char *
tm_help_resolve (const char *uri)
{
  g_autofree char *dir = tm_uninstalled_get ("help");
  const char *rest;
  const char *hash;
  g_autofree char *page = NULL;

  if (dir == NULL || !g_str_has_prefix (uri, "help:tunemantra"))
    return g_strdup (uri);
  rest = uri + strlen ("help:tunemantra");
  if (*rest == '/')
    rest++;
  hash = strchr (rest, '#');
  page = hash != NULL ? g_strndup (rest, hash - rest) : g_strdup (rest);
  if (*page == '\0')
    return g_strdup_printf ("ghelp:%s/C", dir);
  return g_strdup_printf ("ghelp:%s/C?%s%s", dir, page, hash != NULL ? hash : "");
}

/**
 * tm_widget_show_help:
 *
 * Opens the help at @uri, installed or not.
 */
void
tm_widget_show_help (GtkWidget  *widget,
                     const char *uri)
{
  g_autofree char *resolved = tm_help_resolve (uri);
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, resolved, GDK_CURRENT_TIME);
}
