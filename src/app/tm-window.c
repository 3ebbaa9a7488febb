/* tm-window.c: the main window: the catalog's releases, and one release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The releases (a TmReleaseList that follows the catalog, also what other
 * programs write to it: its files are watched, never polled) in a column
 * view, or, narrower than its columns, a list of title, artist and status;
 * one release's page (a TmReleasePage made for it); a banner for what needs
 * the person to act; toasts, one at a time, for the rest. Files dropped on the
 * window are imported into the release that is open, or into a new one. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cover-image.h"
#include "tm-format.h"
#include "tm-import.h"
#include "tm-earnings-window.h"
#include "tm-insights-window.h"
#include "tm-platforms-dialog.h"
#include "tm-preferences.h"
#include "tm-query-list.h"
#include "tm-queue-window.h"
#include "tm-release-smartlink.h"
#include "tm-widget-util.h"
#include "tm-inspector.h"
#include "tm-window.h"

struct _TmWindow
{
  AdwApplicationWindow  parent_instance;

  TmCatalog            *catalog;         /* construct-only, nullable when it could not be opened */
  TmJobQueue           *queue;           /* construct-only, nullable */
  TmReleaseList        *releases;
  char                 *catalog_error;   /* why the catalog could not be opened */
  char                 *catalog_backup;  /* its newest backup, when it is damaged */
  gint64                pending_release; /* to open once the list has loaded */
  GHashTable           *running_jobs;    /* job ids the queue runs now */
  GtkWidget            *queue_window;    /* weak */
  gint64                pie_drawn;       /* when the indicator last changed */
  TmQueryList          *platforms;       /* for the platform filter */
  GHashTable           *on_platform;     /* release ids delivered to the chosen platform */
  GCancellable         *platform_query;  /* reading them, until it answers */
  GCancellable         *cancellable;     /* imports and exports under way */
  AdwToast             *toast;           /* weak: the one shown */
  gint64                toast_added_at;  /* the frame clock's time */
  guint                 toast_tick_id;   /* until it is wholly shown */
  AdwToast             *next_toast;      /* owned: one waiting for the shown one */
  guint                 next_toast_id;
  guint                 busy;            /* imports and exports under way */

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *new_button;
  GtkWidget            *search_button;
  GtkWidget            *deliveries_button;
  GtkDrawingArea       *deliveries_pie;
  TmBanner             *banner;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkDropDown          *platform_filter;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *by_status;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *restore_button;
  GtkColumnView        *column_view;
  GtkListView          *narrow_list;
  GtkSortListModel     *sort_model;
  AdwBin               *release_bin;
  GtkRevealer          *drop_revealer;
};

G_DEFINE_FINAL_TYPE (TmWindow, tm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_QUEUE,
  PROP_RELEASES,
  PROP_CATALOG_ERROR,
  PROP_CATALOG_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Closures of the template's cells */

static char *
release_type_label (gpointer      unused,
                    TmReleaseType type)
{
  return tm_format_release_type (type);
}

static char *
format_date (gpointer    unused,
             const char *date)
{
  return tm_format_date (date);
}

/* What a column sorts by: a release without the value sorts as empty text
 * (GtkStringSorter casefolds, and NULL is not text). */
static char *
sort_key (gpointer    unused,
          const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

static char *
or_untitled (gpointer    unused,
             const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : _("Untitled Release"));
}

static char *
format_count (gpointer unused,
              guint    count)
{
  return g_strdup_printf ("%u", count);
}

static int
enum_to_int (gpointer unused,
             int      value)
{
  return value;
}

static GStrv
status_css_classes (gpointer          unused,
                    TmAggregateStatus status)
{
  GStrv classes = g_new0 (char *, 3);

  classes[0] = g_strdup ("status-badge");
  classes[1] = g_strconcat ("status-", tm_aggregate_status_to_string (status), NULL);
  return classes;
}

/* Toasts and banners */

/* libadwaita 1.2 frees a toast's state when hiding it ends, even while
 * showing it (half a second when it replaces another) is still under way,
 * and crashes when that ends. Both are moved by the window's frame clock,
 * which stands still while the main loop is busy: however long ago a toast
 * was added, its showing ends only at a frame. So a toast is replaced only
 * after a frame drawn once showing it must have ended; a newer one waits for
 * that frame, and the newest of those that waited is the one shown. */
#define TOAST_SHOWN_USEC (G_USEC_PER_SEC * 6 / 10)

static gboolean next_toast_cb (gpointer user_data);

/* What waited is shown from an idle, once the frame or the unmap under way is over. */
static void
show_next_toast_later (TmWindow *self)
{
  if (self->next_toast != NULL && self->next_toast_id == 0)
    self->next_toast_id = g_idle_add (next_toast_cb, self);
}

static void
stop_toast_tick (TmWindow *self)
{
  if (self->toast_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->toast_overlay), self->toast_tick_id);
  self->toast_tick_id = 0;
}

static gboolean
toast_tick_cb (GtkWidget     *overlay,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  TmWindow *self = user_data;

  if (gdk_frame_clock_get_frame_time (clock) - self->toast_added_at < TOAST_SHOWN_USEC)
    return G_SOURCE_CONTINUE;
  self->toast_tick_id = 0;
  /* After this frame, whose ticks end the showing. */
  show_next_toast_later (self);
  return G_SOURCE_REMOVE;
}

static void
toast_dismissed_cb (TmWindow *self,
                    AdwToast *toast)
{
  if (self->toast == toast)
    g_clear_weak_pointer (&self->toast);
}

static void
show_toast_now (TmWindow *self,
                AdwToast *toast)
{
  GtkWidget *overlay = GTK_WIDGET (self->toast_overlay);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (overlay);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_weak_pointer (&self->toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Unmapped, libadwaita shows it at once, without animating. */
  if (clock != NULL && gtk_widget_get_mapped (overlay))
    {
      self->toast_added_at = gdk_frame_clock_get_frame_time (clock);
      if (self->toast_tick_id == 0)
        self->toast_tick_id = gtk_widget_add_tick_callback (overlay, toast_tick_cb, self, NULL);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
next_toast_cb (gpointer user_data)
{
  TmWindow *self = user_data;

  self->next_toast_id = 0;
  if (self->next_toast != NULL)
    show_toast_now (self, g_steal_pointer (&self->next_toast));
  return G_SOURCE_REMOVE;
}

/* Hidden, a window animates nothing: what waited is shown at once. */
static void
toast_overlay_unmap_cb (TmWindow *self)
{
  stop_toast_tick (self);
  show_next_toast_later (self);
}

/**
 * tm_window_add_toast:
 * @toast: (transfer full): the toast
 *
 * Shows @toast in place of the one shown: one at a time, the newest, so no
 * message waits behind one that stays.
 */
void
tm_window_add_toast (TmWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (TM_IS_WINDOW (self));

  g_clear_object (&self->next_toast);
  if (self->toast == NULL || self->toast_tick_id == 0)
    show_toast_now (self, toast);
  else
    self->next_toast = toast;
}

/**
 * tm_window_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown, or the one about to be
 */
AdwToast *
tm_window_get_toast (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->next_toast != NULL ? self->next_toast : self->toast;
}

/**
 * tm_window_show_message:
 *
 * A short note in the window, gone after a few seconds.
 */
void
tm_window_show_message (TmWindow   *self,
                        const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_return_if_fail (TM_IS_WINDOW (self));

  adw_toast_set_timeout (toast, 4);
  tm_window_add_toast (self, toast);
}

/**
 * tm_window_show_banner:
 * @button_label: (nullable): what the button says
 * @action_name: (nullable): what it does, such as "win.preferences-at"
 * @target: (nullable): the action's parameter
 *
 * Shows something that needs the person to act, with the way to do it, until
 * it is done or dismissed.
 */
void
tm_window_show_banner (TmWindow   *self,
                       const char *title,
                       const char *button_label,
                       const char *action_name,
                       GVariant   *target)
{
  g_return_if_fail (TM_IS_WINDOW (self));

  tm_banner_show (self->banner, title, button_label, action_name, target);
}

TmBanner *
tm_window_get_banner (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->banner;
}

/* Pages */

const char *
tm_window_get_page (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

TmReleasePage *
tm_window_get_release_page (TmWindow *self)
{
  GtkWidget *page;

  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  page = adw_bin_get_child (self->release_bin);
  return page != NULL ? TM_RELEASE_PAGE (page) : NULL;
}

static TmRelease *
open_release (TmWindow *self)
{
  TmReleasePage *page = tm_window_get_release_page (self);

  return page != NULL ? tm_release_page_get_release (page) : NULL;
}

static void
update_page (TmWindow *self)
{
  TmRelease *release = open_release (self);
  guint n_releases = self->releases != NULL
                     ? g_list_model_get_n_items (G_LIST_MODEL (self->releases)) : 0;
  const char *page;

  if (self->catalog == NULL)
    page = "error";
  else if (release != NULL)
    page = "release";
  else if (n_releases > 0)
    page = "list";
  else if (tm_record_list_get_loading (TM_RECORD_LIST (self->releases)))
    page = "loading";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->back_button, release != NULL);
  gtk_widget_set_visible (self->new_button, release == NULL && self->catalog != NULL);
  gtk_widget_set_visible (self->search_button, g_str_equal (page, "list"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-release", self->catalog != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", self->catalog != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", release != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-release", release != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-smartlink", release != NULL);

  if (release != NULL)
    adw_window_title_set_subtitle (self->window_title, tm_release_get_title (release));
  else if (self->catalog != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u release", "%u releases",
                                                             n_releases), n_releases);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

static void
close_release (TmWindow *self)
{
  TmReleasePage *page = tm_window_get_release_page (self);

  if (page == NULL)
    return;
  tm_release_page_save (page);
  g_signal_handlers_disconnect_by_data (tm_release_page_get_release (page), self);
  adw_bin_set_child (self->release_bin, NULL);
}

static void
open_title_changed_cb (TmWindow *self)
{
  update_page (self);
}

void
tm_window_open_release (TmWindow *self,
                        gint64    release_id)
{
  TmRelease *release;
  GtkWidget *page;

  g_return_if_fail (TM_IS_WINDOW (self));

  if (self->releases == NULL)
    return;
  if (tm_record_list_get_loading (TM_RECORD_LIST (self->releases))
      && g_list_model_get_n_items (G_LIST_MODEL (self->releases)) == 0)
    {
      self->pending_release = release_id;
      return;
    }
  if ((release = tm_record_list_find (TM_RECORD_LIST (self->releases), release_id, NULL)) == NULL)
    {
      /* Written by a worker a moment ago: read it now. */
      tm_catalog_notify_release_changed (self->catalog, release_id);
      release = tm_record_list_find (TM_RECORD_LIST (self->releases), release_id, NULL);
    }
  if (release == NULL)
    {
      tm_window_show_message (self, _("That release is no longer in the catalog"));
      return;
    }
  if (release == open_release (self))
    return;

  close_release (self);
  page = tm_release_page_new (self->catalog, release, self->queue);
  adw_bin_set_child (self->release_bin, page);
  g_signal_connect_object (release, "notify::title", G_CALLBACK (open_title_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  update_page (self);
}

static void
list_activate_cb (TmWindow *self,
                  guint     position)
{
  g_autoptr(TmRelease) release = g_list_model_get_item (G_LIST_MODEL (self->sort_model),
                                                        position);

  if (release != NULL)
    tm_window_open_release (self, tm_record_get_id (TM_RECORD (release)));
}

/* Importing */

static void
set_busy (TmWindow *self,
          int       delta)
{
  self->busy += delta;
}

gboolean
tm_window_get_busy (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), FALSE);

  return self->busy > 0;
}

typedef struct
{
  TmWindow *window;
  gboolean  had_cover;
} Importing;

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Importing *importing = user_data;
  g_autoptr(TmWindow) self = importing->window;
  g_autoptr(TmImportResult) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *added = NULL;
  g_autofree char *message = NULL;
  gboolean had_cover = importing->had_cover;
  guint n_skipped;

  g_free (importing);
  set_busy (self, -1);
  imported = tm_import_files_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->catalog == NULL)
    return;

  /* The worker wrote through its own connection: hear of it now. */
  tm_catalog_check_external_changes (self->catalog);
  if (imported == NULL)
    {
      message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      tm_window_show_message (self, message);
      return;
    }

  tm_catalog_notify_release_changed (self->catalog, imported->release_id);
  tm_window_open_release (self, imported->release_id);

  if (imported->n_tracks > 0 && imported->has_cover)
    added = g_strdup_printf (ngettext ("Added %u track and the cover",
                                       "Added %u tracks and the cover", imported->n_tracks),
                             imported->n_tracks);
  else if (imported->n_tracks > 0)
    added = g_strdup_printf (ngettext ("Added %u track", "Added %u tracks", imported->n_tracks),
                             imported->n_tracks);
  else if (imported->has_cover)
    added = g_strdup (had_cover ? _("Cover replaced") : _("Cover added"));

  n_skipped = g_strv_length (imported->skipped);
  if (n_skipped > 0)
    message = g_strdup_printf (ngettext ("%s; %u file could not be read: %s",
                                         "%s; %u files could not be read: %s", n_skipped),
                               added != NULL ? added : _("Nothing added"), n_skipped,
                               imported->skipped[0]);
  tm_window_show_message (self, message != NULL ? message
                                : added != NULL ? added : _("Nothing new to add"));
}

/**
 * tm_window_import_paths:
 * @paths: files and folders, as dropped
 *
 * Imports into the release that is open, or into a new release from the list.
 */
void
tm_window_import_paths (TmWindow           *self,
                        const char * const *paths)
{
  TmRelease *open;
  Importing *importing;

  g_return_if_fail (TM_IS_WINDOW (self));

  if (self->catalog == NULL || paths == NULL || paths[0] == NULL)
    return;

  open = open_release (self);
  if (open != NULL)
    tm_release_page_save (tm_window_get_release_page (self));
  importing = g_new0 (Importing, 1);
  importing->window = g_object_ref (self);
  /* A cover dropped on a release that has one replaces it: say so. */
  if (open != NULL)
    {
      g_autoptr(TmArtwork) artwork = tm_catalog_get_artwork (self->catalog,
                                                             tm_record_get_id (TM_RECORD (open)),
                                                             NULL);

      importing->had_cover = artwork != NULL;
    }
  set_busy (self, 1);
  tm_window_show_message (self, _("Importing…"));
  tm_import_files_async (tm_catalog_get_path (self->catalog), paths,
                         open != NULL ? tm_record_get_id (TM_RECORD (open)) : 0,
                         self->cancellable, import_done_cb, importing);
}

static gboolean
drop_cb (TmWindow     *self,
         const GValue *value,
         double        x,
         double        y)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint not_local = 0;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
      else
        not_local++;
    }
  if (not_local > 0 && paths->len == 0)
    {
      tm_window_show_message (self, _("Those files are not on this computer: copy them here "
                                      "first."));
      return FALSE;
    }
  g_ptr_array_add (paths, NULL);
  tm_window_drop_paths (self, (const char * const *) paths->pdata, x, y);
  return TRUE;
}

/**
 * tm_window_drop_paths:
 * @x: where they were dropped, in the window's coordinates
 *
 * What a drop of files does: one picture on the open release is its cover (with
 * Undo); one audio file on a track's row of the open release replaces its audio;
 * anything else is imported.
 */
void
tm_window_drop_paths (TmWindow           *self,
                      const char * const *paths,
                      double              x,
                      double              y)
{
  TmReleasePage *page = tm_window_get_release_page (self);

  g_return_if_fail (TM_IS_WINDOW (self));

  /* A picture dropped on the open release is its cover, with Undo. */
  if (page != NULL && g_strcmp0 (tm_window_get_page (self), "release") == 0
      && paths[0] != NULL && paths[1] == NULL && tm_is_image_path (paths[0]))
    {
      tm_release_page_set_cover (page, paths[0]);
      return;
    }

  if (page != NULL && g_strcmp0 (tm_window_get_page (self), "release") == 0
      && paths[0] != NULL && paths[1] == NULL && !tm_is_image_path (paths[0]))
    {
      TmTrackTable *table = tm_release_page_get_track_table (page);
      graphene_point_t at;
      gint64 track_id;

      if (gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (table),
                                    &GRAPHENE_POINT_INIT ((float) x, (float) y), &at)
          && (track_id = tm_track_table_track_at (table, at.x, at.y)) != 0)
        {
          tm_track_table_replace_audio (table, track_id, paths[0]);
          return;
        }
    }
  tm_window_import_paths (self, paths);
}

/* The drop highlight: the window says what a drop does while files hover. */
static GdkDragAction
drop_enter_cb (TmWindow *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (TmWindow *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

/* The same as a drop, for people who do not drag: files, or a whole folder. */
static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    TmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      tm_window_import_paths (self, (const char * const *) paths->pdata);
    }
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TmWindow *self = TM_WINDOW (widget);
  gboolean folder = g_str_equal (g_variant_get_string (parameter, NULL), "folder");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folder ? _("Import a Folder") : _("Import Files"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    {
      static const char * const patterns[] = {
        "*.wav", "*.wave", "*.flac", "*.aif", "*.aiff", "*.mp3", "*.m4a", "*.ogg", "*.opus",
        "*.jpg", "*.jpeg", "*.png", "*.zip", NULL
      };
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      gtk_file_filter_set_name (filter, _("Audio, cover art and zips"));
      for (guint i = 0; patterns[i] != NULL; i++)
        {
          g_autofree char *upper = g_ascii_strup (patterns[i], -1);

          gtk_file_filter_add_pattern (filter, patterns[i]);
          gtk_file_filter_add_pattern (filter, upper);
        }
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Releases: new, deleted (with undo) */

static void
new_release_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GSettings) settings = tm_settings_new ();
  g_autoptr(GError) error = NULL;
  TmReleasePage *page;

  tm_release_set_title (release, _("Untitled Release"));
  tm_settings_apply_to_release (settings, release);
  if (!tm_catalog_add_release (self->catalog, release, &error))
    {
      g_autofree char *message = g_strdup_printf (_("No release was made: %s"), error->message);

      tm_window_show_message (self, message);
      return;
    }
  tm_window_open_release (self, tm_record_get_id (TM_RECORD (release)));
  if ((page = tm_window_get_release_page (self)) != NULL)
    tm_release_page_focus_field (page, "title");
}

/* Deleting a release, with undo: everything it holds is kept aside, and Undo
 * writes it back as a release of its own (a new id; nothing was delivered, or
 * the catalog would have refused the deletion). */

typedef struct
{
  TmCatalog *catalog;
  TmRelease *release;     /* as it was */
  GPtrArray *tracks;      /* TmTrack, with credits and splits */
  TmArtwork *artwork;     /* nullable */
  GWeakRef   window;
} Deleted;

static void
deleted_free (gpointer data)
{
  Deleted *d = data;

  g_clear_object (&d->catalog);
  g_clear_object (&d->release);
  g_clear_pointer (&d->tracks, g_ptr_array_unref);
  g_clear_object (&d->artwork);
  g_weak_ref_clear (&d->window);
  g_free (d);
}

static void
undo_delete_cb (AdwToast *toast,
                Deleted  *d)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmWindow) self = g_weak_ref_get (&d->window);
  g_autoptr(GError) error = NULL;
  gint64 id;

  tm_record_assign (TM_RECORD (release), TM_RECORD (d->release));
  tm_record_set_id (TM_RECORD (release), 0);
  if (!tm_catalog_begin (d->catalog, &error)
      || !tm_catalog_add_release (d->catalog, release, &error))
    goto failed;
  id = tm_record_get_id (TM_RECORD (release));
  for (guint i = 0; i < d->tracks->len; i++)
    {
      g_autoptr(TmTrack) track = tm_track_copy_unsaved (g_ptr_array_index (d->tracks, i));

      if (!tm_catalog_add_track (d->catalog, id, track, &error))
        goto failed;
    }
  if (d->artwork != NULL)
    {
      g_autoptr(TmArtwork) artwork = tm_artwork_new ();

      tm_record_assign (TM_RECORD (artwork), TM_RECORD (d->artwork));
      tm_record_set_id (TM_RECORD (artwork), 0);
      if (!tm_catalog_set_artwork (d->catalog, id, artwork, &error))
        goto failed;
    }
  if (tm_catalog_commit (d->catalog, &error))
    return;

failed:
  tm_catalog_rollback (d->catalog);
  if (self != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” could not be put back: %s"),
                                                  tm_release_get_title (d->release),
                                                  error->message);
      tm_window_show_message (self, message);
    }
}

/**
 * tm_window_delete_release:
 *
 * Deletes a release that was never delivered, going back to the list if it
 * was open, and offers to undo it.
 *
 * Returns: (transfer none) (nullable): the toast with Undo, or %NULL if the
 *   release could not be deleted (a toast says why)
 */
AdwToast *
tm_window_delete_release (TmWindow *self,
                          gint64    release_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *message = NULL;
  TmRelease *open;
  AdwToast *toast;
  Deleted *d;

  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  if (self->catalog == NULL)
    return NULL;
  open = open_release (self);
  if (open != NULL && tm_record_get_id (TM_RECORD (open)) == release_id)
    tm_release_page_save (tm_window_get_release_page (self));

  d = g_new0 (Deleted, 1);
  d->catalog = g_object_ref (self->catalog);
  d->tracks = g_ptr_array_new_with_free_func (g_object_unref);
  g_weak_ref_init (&d->window, self);
  d->release = tm_catalog_get_release (self->catalog, release_id, &error);
  listed = d->release != NULL ? tm_catalog_list_tracks (self->catalog, release_id, &error) : NULL;
  for (guint i = 0; listed != NULL && i < listed->len && error == NULL; i++)
    {
      TmTrack *full = tm_catalog_get_track (self->catalog,
                                            tm_record_get_id (g_ptr_array_index (listed, i)),
                                            &error);
      if (full != NULL)
        g_ptr_array_add (d->tracks, full);
    }
  if (error == NULL && listed != NULL)
    d->artwork = tm_catalog_get_artwork (self->catalog, release_id, NULL);

  if (error != NULL || !tm_catalog_delete_release (self->catalog, release_id, &error))
    {
      message = g_strdup_printf (_("The release was not deleted: %s"), error->message);
      tm_window_show_message (self, message);
      deleted_free (d);
      return NULL;
    }

  if (open != NULL && tm_record_get_id (TM_RECORD (open)) == release_id)
    {
      close_release (self);
      update_page (self);
    }

  message = g_strdup_printf (_("Deleted “%s”"), tm_release_get_title (d->release) != NULL
                                                 ? tm_release_get_title (d->release)
                                                 : _("Untitled Release"));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), d,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
  tm_window_add_toast (self, toast);
  return toast;
}

static void
delete_release_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  TmRelease *open = open_release (self);

  if (open != NULL)
    tm_window_delete_release (self, tm_record_get_id (TM_RECORD (open)));
}

/* The smart link page, written in a worker (the cover is copied) */

typedef struct
{
  char   *catalog_path;
  gint64  release_id;
  char   *folder;
} Export;

static void
export_free (gpointer data)
{
  Export *e = data;

  g_free (e->catalog_path);
  g_free (e->folder);
  g_free (e);
}

static void
export_worker (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Export *e = data;
  g_autoptr(TmCatalog) catalog = NULL;
  GError *error = NULL;
  char *page;

  if (!(catalog = tm_catalog_open (e->catalog_path, &error))
      || !(page = tm_release_smartlink_write (catalog, e->release_id, e->folder, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, g_free);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TmWindow *self = TM_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *page = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  tm_window_show_message (self, page != NULL
                                ? _("Smart link page written: put the folder on any web host")
                                : error->message);
}

/**
 * tm_window_export_smartlink:
 *
 * Writes the open release's smart link page into @folder, as the menu item
 * does, in a worker; a toast says how it went.
 */
void
tm_window_export_smartlink (TmWindow   *self,
                            const char *folder)
{
  TmRelease *open = open_release (self);
  g_autoptr(GTask) task = NULL;
  Export *e;

  g_return_if_fail (TM_IS_WINDOW (self));

  if (open == NULL)
    return;
  tm_release_page_save (tm_window_get_release_page (self));
  e = g_new0 (Export, 1);
  e->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  e->release_id = tm_record_get_id (TM_RECORD (open));
  e->folder = g_strdup (folder);
  set_busy (self, 1);
  task = tm_widget_task_new (self, self->cancellable, exported_cb, NULL);
  g_task_set_source_tag (task, tm_window_export_smartlink);
  g_task_set_name (task, "[tm] smart link page");
  g_task_set_task_data (task, e, export_free);
  g_task_run_in_thread (task, export_worker);
}

static void
smartlink_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       TmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        tm_window_export_smartlink (self, path);
    }
  g_object_unref (chooser);
}

static void
smartlink_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Export a Smart Link Page"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (smartlink_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Other windows */

static void
present_dialog (TmWindow  *self,
                GtkWidget *dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
insights_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  if (self->catalog != NULL)
    present_dialog (self, tm_insights_window_new (self->catalog));
}

static void
earnings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  if (self->catalog != NULL)
    present_dialog (self, tm_earnings_window_new (self->catalog, 0));
}

static void
platforms_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  if (self->catalog != NULL)
    present_dialog (self, tm_platforms_dialog_new (self->catalog));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  GtkWidget *preferences = tm_preferences_new (self->catalog);

  present_dialog (self, preferences);
  /* Opened to set something a banner asked for: that row. */
  if (param != NULL)
    tm_preferences_focus (TM_PREFERENCES (preferences), g_variant_get_string (param, NULL));
}

/* The queue window: one, not modal, so deliveries can be watched while working. */
static void
deliveries_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  if (self->catalog == NULL)
    return;
  if (self->queue_window == NULL)
    {
      self->queue_window = tm_queue_window_new (self->catalog, self->queue);
      g_object_add_weak_pointer (G_OBJECT (self->queue_window), (gpointer *) &self->queue_window);
      gtk_window_set_transient_for (GTK_WINDOW (self->queue_window), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->queue_window), TRUE);
    }
  gtk_window_present (GTK_WINDOW (self->queue_window));
}

/**
 * tm_window_get_queue_window:
 *
 * Returns: (transfer none) (nullable): the Deliveries window, if it is open
 */
GtkWidget *
tm_window_get_queue_window (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->queue_window;
}

/* The headerbar indicator: a pie of what the running jobs have sent. */
static double
running_fraction (TmWindow *self,
                  guint    *n_running)
{
  GHashTableIter iter;
  gpointer key;
  guint64 done = 0, total = 0;

  *n_running = 0;
  if (self->queue == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->running_jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      TmProgress p;

      (*n_running)++;
      if (tm_job_queue_get_progress (self->queue, *(gint64 *) key, &p))
        {
          done += p.bytes_done;
          total += p.bytes_total;
        }
    }
  return total > 0 ? (double) done / total : 0;
}

static void
draw_pie (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  TmWindow *self = data;
  guint n;
  double fraction = running_fraction (self, &n);
  double radius = MIN (width, height) / 2.0 - 1;
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.25);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_fill (cr);
  if (fraction > 0)
    {
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha);
      cairo_move_to (cr, width / 2.0, height / 2.0);
      cairo_arc (cr, width / 2.0, height / 2.0, radius, -G_PI / 2,
                 -G_PI / 2 + 2 * G_PI * fraction);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

static void
update_indicator (TmWindow *self,
                  gboolean  force)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *tooltip = NULL;
  double fraction;
  guint n;

  if (!force && now - self->pie_drawn < G_USEC_PER_SEC / 4)
    return;
  self->pie_drawn = now;
  fraction = running_fraction (self, &n);
  gtk_widget_set_visible (self->deliveries_button,
                          n > 0 || (self->queue != NULL && tm_job_queue_get_busy (self->queue)));
  tooltip = n > 0
            ? g_strdup_printf (ngettext ("%u delivery running, %.0f %% sent (Ctrl+D)",
                                         "%u deliveries running, %.0f %% sent (Ctrl+D)", n),
                               n, fraction * 100)
            : g_strdup (_("Deliveries (Ctrl+D)"));
  gtk_widget_set_tooltip_text (self->deliveries_button, tooltip);
  gtk_widget_queue_draw (GTK_WIDGET (self->deliveries_pie));
}

static void
job_started_cb (TmWindow *self,
                TmJob    *job)
{
  gint64 id = tm_record_get_id (TM_RECORD (job));

  g_hash_table_add (self->running_jobs, g_memdup2 (&id, sizeof id));
  update_indicator (self, TRUE);
}

static void
job_finished_cb (TmWindow *self,
                 TmJob    *job)
{
  if (job != NULL)
    g_hash_table_remove (self->running_jobs, &(gint64) { tm_record_get_id (TM_RECORD (job)) });
  update_indicator (self, TRUE);
}

static void
job_progress_cb (TmWindow *self)
{
  update_indicator (self, FALSE);
}

static void
queue_busy_cb (TmWindow *self)
{
  if (!tm_job_queue_get_busy (self->queue))
    g_hash_table_remove_all (self->running_jobs);
  update_indicator (self, TRUE);
}

/**
 * tm_window_get_queue_indicator:
 *
 * Returns: (transfer none): the headerbar button shown while deliveries run
 */
GtkWidget *
tm_window_get_queue_indicator (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->deliveries_button;
}

/* Moving about */

static void
open_release_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  tm_window_open_release (TM_WINDOW (widget), g_variant_get_int64 (param));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  close_release (self);
  tm_banner_hide (self->banner);
  update_page (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);

  if (g_str_equal (tm_window_get_page (self), "list"))
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
}

/* Filters: a status, a platform */

static gboolean
status_matches (gpointer item,
                gpointer user_data)
{
  TmWindow *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->status_filter);
  gint64 id = tm_record_get_id (TM_RECORD (item));

  if (self->on_platform != NULL && !g_hash_table_contains (self->on_platform, &id))
    return FALSE;
  return selected == 0 || selected == GTK_INVALID_LIST_POSITION
         || (guint) tm_release_get_status (item) == selected - 1;
}

typedef struct
{
  char *catalog_path;
  char *platform;
} PlatformQuery;

static void
platform_query_free (gpointer data)
{
  PlatformQuery *q = data;

  g_free (q->catalog_path);
  g_free (q->platform);
  g_free (q);
}

/* The releases a platform has, read in a worker: one query, not one per row. */
static void
platform_releases_worker (GTask        *task,
                          gpointer      source,
                          gpointer      data,
                          GCancellable *cancellable)
{
  PlatformQuery *q = data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GHashTable *ids;
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (q->catalog_path, &error))
      || !(all = tm_catalog_list_distributions (catalog, 0, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (all, i);
      gint64 release_id = tm_distribution_get_release_id (d);

      if (g_strcmp0 (tm_distribution_get_platform_name (d), q->platform) == 0)
        g_hash_table_add (ids, g_memdup2 (&release_id, sizeof release_id));
    }
  g_task_return_pointer (task, ids, (GDestroyNotify) g_hash_table_unref);
}

static void
platform_releases_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TmWindow *self = TM_WINDOW (source);
  g_autoptr(GError) error = NULL;
  GHashTable *ids = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, -1);
  /* A later choice cancelled this one: what it read is not what is asked. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) == self->platform_query)
    g_clear_object (&self->platform_query);
  if (ids == NULL)
    tm_window_show_message (self, error->message);
  g_clear_pointer (&self->on_platform, g_hash_table_unref);
  self->on_platform = ids;
  gtk_filter_changed (GTK_FILTER (self->by_status), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
cancel_platform_query (TmWindow *self)
{
  if (self->platform_query != NULL)
    g_cancellable_cancel (self->platform_query);
  g_clear_object (&self->platform_query);
}

static void
filter_changed_cb (TmWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->platform_filter);
  GtkStringObject *item = selected > 0 && selected != GTK_INVALID_LIST_POSITION
                          ? gtk_drop_down_get_selected_item (self->platform_filter) : NULL;

  g_clear_pointer (&self->on_platform, g_hash_table_unref);
  cancel_platform_query (self);
  if (item != NULL && self->catalog != NULL)
    {
      g_autoptr(GTask) task = NULL;
      PlatformQuery *q = g_new0 (PlatformQuery, 1);

      self->platform_query = g_cancellable_new ();
      task = tm_widget_task_new (self, self->platform_query, platform_releases_cb, NULL);
      q->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
      q->platform = g_strdup (gtk_string_object_get_string (item));
      set_busy (self, 1);
      g_task_set_source_tag (task, filter_changed_cb);
      g_task_set_name (task, "[tm] releases of a platform");
      g_task_set_task_data (task, q, platform_query_free);
      g_task_run_in_thread (task, platform_releases_worker);
      return;
    }
  gtk_filter_changed (GTK_FILTER (self->by_status), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The platform drop-down: "Any Platform", then the catalog's platforms. */
static gpointer
platform_name (gpointer item,
               gpointer user_data)
{
  g_autoptr(TmPlatform) platform = item;

  return gtk_string_object_new (tm_platform_get_name (platform));
}

static void
select_platform (TmWindow   *self,
                 const char *name)
{
  GListModel *names = gtk_drop_down_get_model (self->platform_filter);
  guint n = g_list_model_get_n_items (names);

  for (guint i = 1; i < n && name != NULL; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        {
          gtk_drop_down_set_selected (self->platform_filter, i);
          return;
        }
    }
  gtk_drop_down_set_selected (self->platform_filter, 0);
}

/**
 * tm_window_show_platform:
 * @name: (nullable): a platform's name, or %NULL for every release
 *
 * Shows only the releases delivered (or being delivered) to @name.
 */
void
tm_window_show_platform (TmWindow   *self,
                         const char *name)
{
  g_return_if_fail (TM_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  select_platform (self, name);
}

/**
 * tm_window_show_status:
 * @status: -1 for every release, or a TmAggregateStatus
 *
 * Shows only the releases with @status, as the status filter does.
 */
void
tm_window_show_status (TmWindow *self,
                       int       status)
{
  g_return_if_fail (TM_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_drop_down_set_selected (self->status_filter, status < 0 ? 0 : (guint) status + 1);
}

/* Construction */

static void
releases_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tm_record_list_reload_finish (TM_RECORD_LIST (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The catalog could not be read: %s"),
                                                  error->message);
      tm_window_show_message (self, message);
    }
  update_page (self);
  if (self->pending_release != 0)
    {
      gint64 id = self->pending_release;

      self->pending_release = 0;
      tm_window_open_release (self, id);
    }
}

static gboolean
close_request_cb (TmWindow *self)
{
  g_autoptr(GSettings) settings = tm_settings_new ();

  /* What was typed last is written before the window goes. */
  close_release (self);
  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized",
                              gtk_window_is_maximized (GTK_WINDOW (self)));
    }
  return FALSE;
}

static void
tm_window_constructed (GObject *object)
{
  TmWindow *self = TM_WINDOW (object);

  G_OBJECT_CLASS (tm_window_parent_class)->constructed (object);

  if (self->catalog != NULL)
    {
      GtkMapListModel *names;
      g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
      g_autoptr(GtkStringList) any = gtk_string_list_new ((const char * const[]) {
                                                            _("Any Platform"), NULL });

      self->releases = tm_release_list_new (self->catalog);
      g_object_notify_by_pspec (object, properties[PROP_RELEASES]);
      g_signal_connect_object (self->releases, "notify::n-items", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->releases, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      tm_record_list_reload_async (TM_RECORD_LIST (self->releases), self->cancellable,
                                   releases_loaded_cb, g_object_ref (self));
      /* What other programs write is heard of as they write it. */
      tm_catalog_watch_external_changes (self->catalog, TRUE);

      self->platforms = tm_query_list_new_platforms (self->catalog);
      names = gtk_map_list_model_new (G_LIST_MODEL (g_object_ref (self->platforms)),
                                      platform_name, NULL, NULL);
      g_list_store_append (parts, any);
      g_list_store_append (parts, names);
      g_object_unref (names);
      gtk_drop_down_set_model (self->platform_filter, G_LIST_MODEL (
                                 gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (parts)))));
      tm_record_list_reload_async (TM_RECORD_LIST (self->platforms), NULL, NULL, NULL);
    }
  else
    {
      adw_status_page_set_description (self->error_page, self->catalog_error);
      gtk_widget_set_visible (self->restore_button, self->catalog_backup != NULL);
    }

  if (self->queue != NULL)
    {
      g_signal_connect_object (self->queue, "job-started", G_CALLBACK (job_started_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "job-finished", G_CALLBACK (job_finished_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "job-progress", G_CALLBACK (job_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "notify::busy", G_CALLBACK (queue_busy_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_indicator (self, TRUE);
  update_page (self);
}

static void
tm_window_dispose (GObject *object)
{
  TmWindow *self = TM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  cancel_platform_query (self);
  g_clear_handle_id (&self->next_toast_id, g_source_remove);
  g_clear_object (&self->next_toast);
  stop_toast_tick (self);
  if (self->release_bin != NULL)
    close_release (self);
  if (self->queue_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->queue_window),
                                    (gpointer *) &self->queue_window);
      gtk_window_destroy (GTK_WINDOW (self->queue_window));
      self->queue_window = NULL;
    }
  if (self->catalog != NULL)
    tm_catalog_watch_external_changes (self->catalog, FALSE);
  g_clear_weak_pointer (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->on_platform, g_hash_table_unref);
  g_clear_pointer (&self->running_jobs, g_hash_table_unref);
  g_clear_object (&self->platforms);
  g_clear_object (&self->releases);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_window_parent_class)->dispose (object);
}

static void
tm_window_finalize (GObject *object)
{
  TmWindow *self = TM_WINDOW (object);

  g_free (self->catalog_error);
  g_free (self->catalog_backup);

  G_OBJECT_CLASS (tm_window_parent_class)->finalize (object);
}

static void
tm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TmWindow *self = TM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_RELEASES:
      g_value_set_object (value, self->releases);
      break;
    case PROP_CATALOG_ERROR:
      g_value_set_string (value, self->catalog_error);
      break;
    case PROP_CATALOG_BACKUP:
      g_value_set_string (value, self->catalog_backup);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TmWindow *self = TM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    case PROP_CATALOG_ERROR:
      self->catalog_error = g_value_dup_string (value);
      break;
    case PROP_CATALOG_BACKUP:
      self->catalog_backup = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_window_class_init (TmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_window_constructed;
  object_class->dispose = tm_window_dispose;
  object_class->finalize = tm_window_finalize;
  object_class->get_property = tm_window_get_property;
  object_class->set_property = tm_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The application's delivery queue, for the indicator and live progress. */
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, TM_TYPE_JOB_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASES] =
    g_param_spec_object ("releases", NULL, NULL, TM_TYPE_RELEASE_LIST,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG_ERROR] =
    g_param_spec_string ("catalog-error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The newest backup of a damaged catalog, offered on the error page. */
  properties[PROP_CATALOG_BACKUP] =
    g_param_spec_string ("catalog-backup", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_RELEASE);
  g_type_ensure (TM_TYPE_BANNER);
  g_type_ensure (TM_TYPE_COVER_IMAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, deliveries_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, deliveries_pie);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, platform_filter);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, by_status);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, narrow_list);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, release_bin);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, drop_revealer);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, release_type_label);
  gtk_widget_class_bind_template_callback (widget_class, format_date);
  gtk_widget_class_bind_template_callback (widget_class, format_count);
  gtk_widget_class_bind_template_callback (widget_class, sort_key);
  gtk_widget_class_bind_template_callback (widget_class, or_untitled);
  gtk_widget_class_bind_template_callback (widget_class, enum_to_int);
  gtk_widget_class_bind_template_callback (widget_class, status_css_classes);

  gtk_widget_class_install_action (widget_class, "win.new-release", NULL, new_release_action);
  gtk_widget_class_install_action (widget_class, "win.open-release", "x", open_release_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.delete-release", NULL,
                                   delete_release_action);
  gtk_widget_class_install_action (widget_class, "win.platforms", NULL, platforms_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.preferences-at", "s", preferences_action);
  gtk_widget_class_install_action (widget_class, "win.insights", NULL, insights_action);
  gtk_widget_class_install_action (widget_class, "win.earnings", NULL, earnings_action);
  gtk_widget_class_install_action (widget_class, "win.deliveries", NULL, deliveries_action);
  gtk_widget_class_install_action (widget_class, "win.export-smartlink", NULL, smartlink_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", "s", import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.deliveries", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import", "s", "files");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import", "s", "folder");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
tm_window_init (TmWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->running_jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->toast_overlay, "unmap", G_CALLBACK (toast_overlay_unmap_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (self->deliveries_pie, draw_pie, self, NULL);
  gtk_custom_filter_set_filter_func (self->by_status, status_matches, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));
  {
    g_autoptr(GSettings) settings = tm_settings_new ();

    if (settings != NULL)
      {
        gtk_window_set_default_size (GTK_WINDOW (self),
                                     MAX (360, g_settings_get_int (settings, "window-width")),
                                     MAX (294, g_settings_get_int (settings, "window-height")));
        if (g_settings_get_boolean (settings, "window-maximized"))
          gtk_window_maximize (GTK_WINDOW (self));
      }
  }
  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * tm_window_new:
 * @catalog: (nullable): the open catalog, or %NULL when it could not be opened
 * @queue: (nullable): the application's delivery queue
 * @catalog_error: (nullable): why the catalog could not be opened
 */
TmWindow *
tm_window_new (GtkApplication *application,
               TmCatalog      *catalog,
               TmJobQueue     *queue,
               const GError   *catalog_error)
{
  g_return_val_if_fail (catalog != NULL || catalog_error != NULL, NULL);

  return g_object_new (TM_TYPE_WINDOW,
                       "application", application,
                       "catalog", catalog,
                       "queue", queue,
                       "catalog-error", catalog_error ? catalog_error->message : NULL,
                       "catalog-backup", tm_catalog_error_get_backup (catalog_error),
                       NULL);
}

TmReleaseList *
tm_window_get_releases (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->releases;
}

GtkColumnView *
tm_window_get_column_view (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->column_view;
}

GtkListView *
tm_window_get_narrow_list (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->narrow_list;
}

/**
 * tm_window_get_shown_releases:
 *
 * Returns: (transfer none): the releases the list shows, filtered and sorted
 */
GListModel *
tm_window_get_shown_releases (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}
