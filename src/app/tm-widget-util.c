/* tm-widget-util.c: small things every page of the window does
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tm-cover-edit.h"
#include "tm-replace-audio.h"
#include "tm-uninstalled.h"
#include "tm-widget-util.h"
#include "tm-window.h"

static GtkWidget *
first_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_NATIVE (child) ? NULL : first_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;

  if (overlay != NULL)
    return overlay;
  /* From a dialog itself, or a page without one of its own: the dialog's. */
  root = gtk_widget_get_root (widget);
  return root != NULL ? first_overlay (GTK_WIDGET (root)) : NULL;
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

/**
 * tm_widget_add_drag_and_keys:
 * @drag_end: (nullable)
 *
 * A widget moved by dragging and from the keyboard: it takes the focus, and
 * the callbacks get @widget first (swapped).
 */
void
tm_widget_add_drag_and_keys (GtkWidget *widget,
                             GCallback  drag_begin,
                             GCallback  drag_update,
                             GCallback  drag_end,
                             GCallback  key_pressed)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_focusable (widget, TRUE);
  g_signal_connect_swapped (drag, "drag-begin", drag_begin, widget);
  g_signal_connect_swapped (drag, "drag-update", drag_update, widget);
  if (drag_end != NULL)
    g_signal_connect_swapped (drag, "drag-end", drag_end, widget);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (keys, "key-pressed", key_pressed, widget);
  gtk_widget_add_controller (widget, keys);
}

/* A release's cover replaced, with Undo */

typedef struct
{
  TmCatalog *catalog;        /* the window's, told of the change; not used by the worker */
  char      *catalog_path;
  gint64     release_id;
  char      *path;
  TmArtwork *previous;       /* the worker's answer */
  gboolean   had_cover;
} CoverChange;

static void
cover_change_free (CoverChange *change)
{
  g_clear_object (&change->catalog);
  g_free (change->catalog_path);
  g_free (change->path);
  g_clear_object (&change->previous);
  g_free (change);
}

typedef struct
{
  GWeakRef   widget;
  TmCatalog *catalog;
  gint64     release_id;
  TmArtwork *previous;       /* nullable: there was none */
} CoverUndo;

static void
cover_undo_free (gpointer  data,
                 GClosure *closure)
{
  CoverUndo *undo = data;

  g_weak_ref_clear (&undo->widget);
  g_clear_object (&undo->catalog);
  g_clear_object (&undo->previous);
  g_free (undo);
}

static void
undo_cover_cb (AdwToast  *toast,
               CoverUndo *undo)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&undo->widget);
  g_autoptr(GError) error = NULL;

  if (!tm_cover_restore (undo->catalog, undo->release_id, undo->previous, &error)
      && widget != NULL)
    tm_widget_show_message (widget, error->message);
}

/* Read, checked and recorded in a worker, with a catalog of its own. */
static void
set_cover_worker (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CoverChange *change = task_data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (change->catalog_path, &error))
      || !(artwork = tm_cover_set_sync (catalog, change->release_id, change->path,
                                        &change->previous, NULL, cancellable,
                                        &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  change->had_cover = change->previous != NULL;
  g_task_return_boolean (task, TRUE);
}

static void
cover_set_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  CoverChange *change = g_task_get_task_data (G_TASK (result));
  TmCatalog *catalog = change->catalog;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  CoverUndo *undo;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      tm_widget_show_message (widget, error->message);
      return;
    }

  tm_catalog_notify_release_changed (catalog, change->release_id);
  toast = adw_toast_new (change->had_cover ? _("Cover replaced") : _("Cover added"));
  undo = g_new0 (CoverUndo, 1);
  g_weak_ref_init (&undo->widget, widget);
  undo->catalog = g_object_ref (catalog);
  undo->release_id = change->release_id;
  undo->previous = g_steal_pointer (&change->previous);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cover_cb), undo,
                         cover_undo_free, 0);
  tm_widget_show_toast (widget, toast);
}

/* A widget's work in a thread
 *
 * A GTask lets go of its source object where the task is finalized, which is
 * the worker thread whenever the main thread's callback ends before the worker
 * has let go of the task. A widget closed meanwhile would then be disposed and
 * finalized in the worker, beside the main thread's GTK. So the task has no
 * source object: the widget is held for the callback, and let go of in the
 * main thread once it has run. */

typedef struct
{
  GObject             *widget;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} WidgetCall;

static void
widget_call_cb (GObject      *unused,
                GAsyncResult *result,
                gpointer      data)
{
  WidgetCall *call = data;

  call->callback (call->widget, result, call->user_data);
  g_object_unref (call->widget);
  g_free (call);
}

/**
 * tm_widget_task_new:
 * @widget: the widget the work is for, given to @callback as its source
 *
 * Makes a task for g_task_run_in_thread() whose @callback gets @widget as
 * g_task_new() would give it, but that never holds @widget itself (see above):
 * the worker gets %NULL for its source object, and must not touch @widget.
 *
 * Returns: (transfer full): the task
 */
GTask *
tm_widget_task_new (gpointer             widget,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  WidgetCall *call;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  call = g_new0 (WidgetCall, 1);
  call->widget = g_object_ref (widget);
  call->callback = callback;
  call->user_data = user_data;
  return g_task_new (NULL, cancellable, widget_call_cb, call);
}

/**
 * tm_widget_set_cover:
 *
 * Makes the picture at @path the release's cover (read and checked in a
 * worker); then a toast in @widget's window says so, with Undo, or says why not.
 */
void
tm_widget_set_cover (GtkWidget  *widget,
                     TmCatalog  *catalog,
                     gint64      release_id,
                     const char *path)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, cover_set_cb, g_object_ref (widget));
  CoverChange *change = g_new0 (CoverChange, 1);

  change->catalog = g_object_ref (catalog);
  change->catalog_path = g_strdup (tm_catalog_get_path (catalog));
  change->release_id = release_id;
  change->path = g_strdup (path);
  g_task_set_source_tag (task, tm_widget_set_cover);
  g_task_set_task_data (task, change, (GDestroyNotify) cover_change_free);
  g_task_run_in_thread (task, set_cover_worker);
}

/* A track's audio replaced, with Undo */

typedef struct
{
  GtkWidget          *widget;    /* held until the worker answers */
  TmCatalog          *catalog;
  TmAudioChangedFunc  changed;
  guint              *busy;      /* in @widget, kept alive with it */
} Replacing;

typedef struct
{
  GWeakRef            widget;
  TmCatalog          *catalog;
  TmAudioChangedFunc  changed;
  TmTrack            *before;
} Replaced;

static void
replaced_free (gpointer  data,
               GClosure *closure)
{
  Replaced *r = data;

  g_weak_ref_clear (&r->widget);
  g_clear_object (&r->catalog);
  g_clear_object (&r->before);
  g_free (r);
}

static void
undo_replace_cb (AdwToast *toast,
                 Replaced *r)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&r->widget);
  g_autoptr(GError) error = NULL;

  if (!tm_replace_audio_undo (r->catalog, r->before, &error))
    {
      if (widget != NULL)
        tm_widget_show_message (widget, error->message);
    }
  else if (widget != NULL && r->changed != NULL)
    r->changed (widget, r->before);
}

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Replacing *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmReplacement) replacement = tm_replace_audio_finish (result, &error);

  (*op->busy)--;
  if (replacement == NULL)
    tm_widget_show_message (op->widget, error->message);
  else
    {
      /* A platform that has the release keeps the old file until it is updated. */
      AdwToast *toast = adw_toast_new (replacement->delivered
                                       ? _("Audio replaced; send it with Update on the "
                                           "release page")
                                       : _("Audio replaced"));
      Replaced *r = g_new0 (Replaced, 1);

      g_weak_ref_init (&r->widget, op->widget);
      r->catalog = g_object_ref (op->catalog);
      r->changed = op->changed;
      r->before = g_steal_pointer (&replacement->before);
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_replace_cb), r,
                             replaced_free, 0);
      if (op->changed != NULL)
        op->changed (op->widget, replacement->after);
      tm_widget_show_toast (op->widget, toast);
    }
  g_object_unref (op->widget);
  g_object_unref (op->catalog);
  g_free (op);
}

/**
 * tm_widget_replace_audio:
 * @changed: (nullable): told of the track's audio after the replacement and
 *   after its undo
 * @busy: a counter of @widget's, raised while the worker runs
 *
 * Replaces the audio of @track_id by @path, read and measured in a worker;
 * then a toast in @widget's window says so, with Undo, or says why not.
 */
void
tm_widget_replace_audio (GtkWidget          *widget,
                         TmCatalog          *catalog,
                         gint64              track_id,
                         const char         *path,
                         TmAudioChangedFunc  changed,
                         guint              *busy)
{
  Replacing *op = g_new0 (Replacing, 1);

  op->widget = g_object_ref (widget);
  op->catalog = g_object_ref (catalog);
  op->changed = changed;
  op->busy = busy;
  (*busy)++;
  tm_replace_audio_async (tm_catalog_get_path (catalog), track_id, path, NULL, replaced_cb, op);
}
