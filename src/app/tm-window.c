/* tm-window.c: the main window: the catalog's releases, and one release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-import.h"
#include "tm-insights-window.h"
#include "tm-queue-window.h"
#include "tm-platforms-dialog.h"
#include "tm-preferences.h"
#include "tm-release-smartlink.h"
#include "tm-release-page.h"
#include "tm-window.h"

/* How often the window looks for changes other programs made to the catalog. */
#define WATCH_INTERVAL_MS 1000

struct _TmWindow
{
  AdwApplicationWindow  parent_instance;

  TmCatalog            *catalog;         /* owned, nullable when it could not be opened */
  TmReleaseList        *releases;        /* owned */
  char                 *catalog_error;   /* why the catalog could not be opened */
  char                 *catalog_backup;  /* its newest backup, when it is damaged */
  gint64                pending_release; /* to open once the list has loaded */

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkButton            *new_button;
  GtkToggleButton      *search_button;
  GtkWidget            *deliveries_button;
  GtkWidget            *deliveries_pie;
  TmJobQueue           *queue;           /* owned, nullable: the application's */
  GHashTable           *running_jobs;    /* job ids the queue runs now */
  GtkWidget            *queue_window;    /* weak */
  gint64                pie_drawn;       /* when the indicator last changed */
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkDropDown          *platform_filter;
  GtkStringList        *platform_names;
  GHashTable           *on_platform;     /* release ids delivered to the chosen platform */
  GtkFilterListModel   *filter_model;
  GtkFilter            *by_status;       /* owned by the filter model's filter */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *restore_button;
  GtkColumnView        *column_view;
  GtkSortListModel     *sort_model;
  TmReleasePage        *release_page;

  GCancellable         *cancellable;     /* owned; imports under way */
};

G_DEFINE_FINAL_TYPE (TmWindow, tm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_RELEASES,
  PROP_CATALOG_ERROR,
  PROP_CATALOG_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Closures for the column view's cells (tm-window.ui) */

static char *
release_type_label (gpointer      unused,
                    TmReleaseType type)
{
  switch (type)
    {
    case TM_RELEASE_TYPE_SINGLE: return g_strdup (_("Single"));
    case TM_RELEASE_TYPE_EP: return g_strdup (_("EP"));
    case TM_RELEASE_TYPE_ALBUM: return g_strdup (_("Album"));
    case TM_RELEASE_TYPE_COMPILATION: return g_strdup (_("Compilation"));
    default: return g_strdup ("");
    }
}

static char *
format_date (gpointer    unused,
             const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (date == NULL)
    return g_strdup ("—");

  iso = g_strconcat (date, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return g_strdup (date);

  /* Translators: a release date in the list, see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y"));
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

static char *
status_label (gpointer          unused,
              TmAggregateStatus status)
{
  return g_strdup (tm_aggregate_status_get_label (status));
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

/* Pages */

const char *
tm_window_get_page (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
update_page (TmWindow *self)
{
  const char *page;
  guint n_releases = 0;
  gboolean on_release;

  if (self->releases != NULL)
    n_releases = g_list_model_get_n_items (G_LIST_MODEL (self->releases));

  on_release = tm_release_page_get_release (self->release_page) != NULL;

  if (self->catalog == NULL)
    page = "error";
  else if (on_release)
    page = "release";
  else if (n_releases > 0)
    page = "list";
  else if (tm_record_list_get_loading (TM_RECORD_LIST (self->releases)))
    page = "loading";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), on_release);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), !on_release);
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), g_str_equal (page, "list"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-release", self->catalog != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", on_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-release", on_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-smartlink", on_release);

  if (on_release)
    {
      TmRelease *release = tm_release_page_get_release (self->release_page);
      adw_window_title_set_subtitle (self->window_title, tm_release_get_title (release));
    }
  else if (self->catalog != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u release", "%u releases",
                                                             n_releases), n_releases);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

void
tm_window_open_release (TmWindow *self,
                        gint64    release_id)
{
  TmRelease *release;

  g_return_if_fail (TM_IS_WINDOW (self));

  if (self->releases == NULL)
    return;
  if (tm_record_list_get_loading (TM_RECORD_LIST (self->releases)))
    {
      self->pending_release = release_id;
      return;
    }

  release = tm_record_list_find (TM_RECORD_LIST (self->releases), release_id, NULL);
  if (release == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("That release is no longer in the catalog")));
      return;
    }

  tm_release_page_set_release (self->release_page, self->catalog, release);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  update_page (self);
}

static void
column_view_activate_cb (TmWindow *self,
                         guint     position)
{
  g_autoptr(TmRelease) release = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (release != NULL)
    tm_window_open_release (self, tm_record_get_id (TM_RECORD (release)));
}

/* Importing dropped files */

static void
toast (TmWindow   *self,
       const char *message,
       guint       timeout)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
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
  g_return_if_fail (TM_IS_WINDOW (self));

  toast (self, message, 5);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TmWindow) self = user_data;
  g_autoptr(TmImportResult) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  TmRelease *release;
  guint n_skipped;

  imported = tm_import_files_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->catalog == NULL)
    return;

  if (imported == NULL)
    {
      /* The worker may have made the release before it failed: show what is there. */
      tm_catalog_check_external_changes (self->catalog);
      message = g_strdup_printf (_("Could not import: %s"), error->message);
      toast (self, message, 0);
      return;
    }

  tm_catalog_notify_release_changed (self->catalog, imported->release_id);
  release = tm_record_list_find (TM_RECORD_LIST (self->releases), imported->release_id, NULL);
  if (release != NULL && tm_release_page_get_release (self->release_page) != release)
    tm_window_open_release (self, imported->release_id);

  n_skipped = g_strv_length (imported->skipped);
  if (n_skipped > 0)
    {
      g_autofree char *first = g_strdup (imported->skipped[0]);

      message = g_strdup_printf (ngettext ("Added %u tracks. %u file could not be read: %s",
                                           "Added %u tracks. %u files could not be read: %s",
                                           n_skipped), imported->n_tracks, n_skipped, first);
      toast (self, message, 0);
    }
  else
    {
      message = g_strdup_printf (ngettext ("Added %u track", "Added %u tracks", imported->n_tracks),
                                 imported->n_tracks);
      toast (self, message, 3);
    }
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

  g_return_if_fail (TM_IS_WINDOW (self));

  if (self->catalog == NULL || paths == NULL || paths[0] == NULL)
    return;

  open = tm_release_page_get_release (self->release_page);
  tm_release_page_save (self->release_page);
  toast (self, _("Importing…"), 2);
  tm_import_files_async (tm_catalog_get_path (self->catalog), paths,
                         open != NULL ? tm_record_get_id (TM_RECORD (open)) : 0,
                         self->cancellable, import_done_cb, g_object_ref (self));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TmWindow      *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint not_local = 0;

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

  if (not_local > 0)
    toast (self, _("Files that are not on this computer were left out: copy them here first."), 0);

  g_ptr_array_add (paths, NULL);
  tm_window_import_paths (self, (const char * const *) paths->pdata);
  return TRUE;
}

/* Actions */

/* The same as a drop, for people who do not drag: files, or a whole folder. */
static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    TmWindow        *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
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
  g_autoptr(GtkFileFilter) filter = NULL;

  if (self->catalog == NULL)
    return;

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

      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Audio, cover art and zips"));
      for (guint i = 0; patterns[i] != NULL; i++)
        {
          g_autofree char *upper = g_ascii_strup (patterns[i], -1);

          gtk_file_filter_add_pattern (filter, patterns[i]);
          gtk_file_filter_add_pattern (filter, upper);
        }
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
new_release_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;

  tm_release_set_title (release, _("Untitled Release"));
  {
    g_autoptr(GSettings) settings = tm_settings_new ();

    tm_settings_apply_to_release (settings, release);
  }

  if (!tm_catalog_add_release (self->catalog, release, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not create a release: %s"),
                                                  error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  tm_window_open_release (self, tm_record_get_id (TM_RECORD (release)));
  tm_release_page_focus_field (self->release_page, "title");
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
undo_delete_cb (AdwToast *button_toast,
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
  if (!tm_catalog_commit (d->catalog, &error))
    goto failed;
  return;

failed:
  tm_catalog_rollback (d->catalog);
  if (self != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” could not be put back: %s"),
                                                  tm_release_get_title (d->release),
                                                  error->message);
      toast (self, message, 0);
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
  AdwToast *t;
  Deleted *d;

  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  if (self->catalog == NULL)
    return NULL;

  open = tm_release_page_get_release (self->release_page);
  if (open != NULL && tm_record_get_id (TM_RECORD (open)) == release_id)
    tm_release_page_save (self->release_page);

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
      message = g_strdup_printf (_("The release could not be deleted: %s"), error->message);
      toast (self, message, 0);
      deleted_free (d);
      return NULL;
    }

  if (open != NULL && tm_record_get_id (TM_RECORD (open)) == release_id)
    {
      tm_release_page_set_release (self->release_page, NULL, NULL);
      update_page (self);
    }

  message = g_strdup_printf (_("Deleted “%s”"), tm_release_get_title (d->release) != NULL
                                                 ? tm_release_get_title (d->release)
                                                 : _("Untitled Release"));
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete_cb), d,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  return t;
}

static void
delete_release_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  TmRelease *open = tm_release_page_get_release (self->release_page);

  if (open != NULL)
    tm_window_delete_release (self, tm_record_get_id (TM_RECORD (open)));
}

/**
 * tm_window_export_smartlink:
 *
 * Writes the open release's smart link page into @folder, as the menu item does.
 *
 * Returns: (transfer full) (nullable): index.html's path, or %NULL (a toast says why)
 */
char *
tm_window_export_smartlink (TmWindow   *self,
                            const char *folder)
{
  TmRelease *open = tm_release_page_get_release (self->release_page);
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  AdwToast *t;

  if (open == NULL)
    return NULL;
  if (!(page = tm_release_smartlink_write (self->catalog, tm_record_get_id (TM_RECORD (open)),
                                           folder, &error)))
    {
      toast (self, error->message, 0);
      return NULL;
    }
  t = adw_toast_new (_("Smart link page written: put the folder on any web host"));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  return g_steal_pointer (&page);
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

      /* It says itself how it went. */
      if (path != NULL)
        g_free (tm_window_export_smartlink (self, path));
    }
  g_object_unref (chooser);
}

static void
smartlink_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Export a Smart Link Page"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (smartlink_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
insights_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  GtkWidget *insights;

  if (self->catalog == NULL)
    return;
  insights = tm_insights_window_new (self->catalog);
  gtk_window_set_transient_for (GTK_WINDOW (insights), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (insights), TRUE);
  gtk_window_present (GTK_WINDOW (insights));
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

/* The headerbar indicator: a pie of what the running jobs have sent. */
static double
running_fraction (TmWindow *self,
                  guint    *n_running)
{
  GHashTableIter iter;
  gpointer key;
  guint64 done = 0, total = 0;

  *n_running = 0;
  if (self->queue == NULL || self->running_jobs == NULL)
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
  guint n;
  double fraction;

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
  gtk_widget_queue_draw (self->deliveries_pie);
}

static void
job_started_cb (TmWindow *self,
                TmJob    *job)
{
  gint64 *id = g_new (gint64, 1);

  *id = tm_record_get_id (TM_RECORD (job));
  g_hash_table_add (self->running_jobs, id);
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
 * tm_window_set_queue:
 * @queue: (nullable): the application's delivery queue
 *
 * Shows the headerbar indicator while @queue works, and gives the queue window
 * live progress.
 */
void
tm_window_set_queue (TmWindow   *self,
                     TmJobQueue *queue)
{
  g_return_if_fail (TM_IS_WINDOW (self));

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  g_hash_table_remove_all (self->running_jobs);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "job-started", G_CALLBACK (job_started_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "job-finished", G_CALLBACK (job_finished_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "job-progress", G_CALLBACK (job_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "notify::busy", G_CALLBACK (queue_busy_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_indicator (self, TRUE);
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

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  GtkWidget *preferences = tm_preferences_new (self->catalog);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
platforms_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TmWindow *self = TM_WINDOW (widget);
  GtkWidget *dialog;

  if (self->catalog == NULL)
    return;
  dialog = tm_platforms_dialog_new (self->catalog);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

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

  tm_release_page_save (self->release_page);
  tm_release_page_set_release (self->release_page, NULL, NULL);
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
      g_autofree char *message = g_strdup_printf (_("Could not read the catalog: %s"),
                                                  error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
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
  tm_release_page_save (self->release_page);

  /* Its size, for the next start. */
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
      self->releases = tm_release_list_new (self->catalog);
      g_object_notify_by_pspec (object, properties[PROP_RELEASES]);
      g_signal_connect_object (self->releases, "notify::n-items", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->releases, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      tm_record_list_reload_async (TM_RECORD_LIST (self->releases), NULL, releases_loaded_cb,
                                   g_object_ref (self));
      tm_record_list_watch_external (TM_RECORD_LIST (self->releases), WATCH_INTERVAL_MS);
    }
  else
    {
      adw_status_page_set_description (self->error_page, self->catalog_error);
      gtk_widget_set_visible (self->restore_button, self->catalog_backup != NULL);
    }

  update_page (self);
}

static void
tm_window_dispose (GObject *object)
{
  TmWindow *self = TM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->release_page != NULL)
    tm_release_page_set_release (self->release_page, NULL, NULL);

  g_clear_pointer (&self->on_platform, g_hash_table_unref);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->running_jobs, g_hash_table_unref);
  if (self->queue_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->queue_window),
                                    (gpointer *) &self->queue_window);
      gtk_window_destroy (GTK_WINDOW (self->queue_window));
      self->queue_window = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_WINDOW);
  g_clear_object (&self->releases);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_window_parent_class)->dispose (object);
}

static void
tm_window_finalize (GObject *object)
{
  TmWindow *self = TM_WINDOW (object);

  g_clear_pointer (&self->catalog_error, g_free);
  g_clear_pointer (&self->catalog_backup, g_free);

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
  g_type_ensure (TM_TYPE_RELEASE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, deliveries_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, deliveries_pie);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, platform_filter);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, platform_names);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, TmWindow, release_page);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, release_type_label);
  gtk_widget_class_bind_template_callback (widget_class, format_date);
  gtk_widget_class_bind_template_callback (widget_class, format_count);
  gtk_widget_class_bind_template_callback (widget_class, sort_key);
  gtk_widget_class_bind_template_callback (widget_class, enum_to_int);
  gtk_widget_class_bind_template_callback (widget_class, status_label);
  gtk_widget_class_bind_template_callback (widget_class, status_css_classes);

  gtk_widget_class_install_action (widget_class, "win.new-release", NULL, new_release_action);
  gtk_widget_class_install_action (widget_class, "win.open-release", "x", open_release_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.delete-release", NULL,
                                   delete_release_action);
  gtk_widget_class_install_action (widget_class, "win.platforms", NULL, platforms_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.insights", NULL, insights_action);
  gtk_widget_class_install_action (widget_class, "win.deliveries", NULL, deliveries_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.deliveries", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-smartlink", NULL, smartlink_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", "s", import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import", "s", "files");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import", "s", "folder");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

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

/* The releases a platform has, read once per choice: one query, not one per row. */
static void
load_platform_releases (TmWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->platform_filter);
  const char *name = selected > 0 && selected != GTK_INVALID_LIST_POSITION
                     ? gtk_string_list_get_string (self->platform_names, selected) : NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_clear_pointer (&self->on_platform, g_hash_table_unref);
  if (name == NULL || self->catalog == NULL
      || !(all = tm_catalog_list_distributions (self->catalog, 0, NULL)))
    return;
  self->on_platform = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (all, i);
      gint64 release_id = tm_distribution_get_release_id (d);

      if (g_strcmp0 (tm_distribution_get_platform_name (d), name) == 0)
        g_hash_table_add (self->on_platform, g_memdup2 (&release_id, sizeof release_id));
    }
}

static void
status_filter_changed_cb (TmWindow *self)
{
  load_platform_releases (self);
  gtk_filter_changed (self->by_status, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The platforms to choose from, read again each time the search opens. */
static void
reload_platform_names (TmWindow *self)
{
  g_autoptr(GPtrArray) platforms = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->platform_names));

  if (self->catalog == NULL || !gtk_search_bar_get_search_mode (self->search_bar)
      || !(platforms = tm_catalog_list_platforms (self->catalog, NULL)))
    return;
  gtk_string_list_splice (self->platform_names, 1, n - 1, NULL);
  for (guint i = 0; i < platforms->len; i++)
    gtk_string_list_append (self->platform_names,
                            tm_platform_get_name (g_ptr_array_index (platforms, i)));
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
  guint n;

  g_return_if_fail (TM_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->platform_names));
  for (guint i = 1; i < n; i++)
    if (name != NULL && g_str_equal (gtk_string_list_get_string (self->platform_names, i), name))
      {
        gtk_drop_down_set_selected (self->platform_filter, i);
        return;
      }
  gtk_drop_down_set_selected (self->platform_filter, 0);
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

static void
tm_window_init (TmWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  self->cancellable = g_cancellable_new ();
  self->running_jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->deliveries_pie), draw_pie, self, NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* The search, and the status chosen (its entries follow TmAggregateStatus). */
  {
    GtkFilter *search = gtk_filter_list_model_get_filter (self->filter_model);
    GtkEveryFilter *every = gtk_every_filter_new ();

    self->by_status = GTK_FILTER (gtk_custom_filter_new (status_matches, self, NULL));
    gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (search));
    gtk_multi_filter_append (GTK_MULTI_FILTER (every), self->by_status);
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (every));
    g_object_unref (every);
    g_signal_connect_swapped (self->status_filter, "notify::selected",
                              G_CALLBACK (status_filter_changed_cb), self);
    g_signal_connect_swapped (self->platform_filter, "notify::selected",
                              G_CALLBACK (status_filter_changed_cb), self);
    g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                              G_CALLBACK (reload_platform_names), self);
  }
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
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
 * @catalog_error: (nullable): why it could not be opened
 */
TmWindow *
tm_window_new (GtkApplication *application,
               TmCatalog      *catalog,
               const GError   *catalog_error)
{
  TmWindow *self;

  g_return_val_if_fail (catalog != NULL || catalog_error != NULL, NULL);

  self = g_object_new (TM_TYPE_WINDOW,
                       "application", application,
                       "catalog", catalog,
                       "catalog-error", catalog_error ? catalog_error->message : NULL,
                       "catalog-backup", tm_catalog_error_get_backup (catalog_error),
                       NULL);
  return self;
}

TmReleaseList *
tm_window_get_releases (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->releases;
}

TmReleasePage *
tm_window_get_release_page (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->release_page;
}

GtkColumnView *
tm_window_get_column_view (TmWindow *self)
{
  g_return_val_if_fail (TM_IS_WINDOW (self), NULL);

  return self->column_view;
}
