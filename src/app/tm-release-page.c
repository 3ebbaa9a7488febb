/* tm-release-page.c: one release, editable, saved as it is typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Where the release goes and where it stands (a TmDeliveryRow a platform),
 * what each platform's rules would reject (checked in a worker as the release
 * changes), its tracks, then its fields: each row of the template edits the
 * field its key names and is saved a moment after the typing stops. The page
 * is made for one release; the window makes another for the next. */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "tm-checker.h"
#include "tm-choice-row.h"
#include "tm-cover-dialog.h"
#include "tm-cover-edit.h"
#include "tm-cover-image.h"
#include "tm-deliver-dialog.h"
#include "tm-availability-map.h"
#include "tm-delivery-row.h"
#include "tm-earnings-window.h"
#include "tm-distribution-list.h"
#include "tm-field-row.h"
#include "tm-format.h"
#include "tm-player-bar.h"
#include "tm-preferences.h"
#include "tm-preflight.h"
#include "tm-preflight-row.h"
#include "tm-release-page.h"
#include "tm-requirements.h"
#include "tm-widget-util.h"

/* How long typing may pause before the release is written. */
#define SAVE_DELAY_MS 400
/* How long changes settle before the release is checked again. */
#define CHECK_DELAY_MS 700

struct _TmReleasePage
{
  AdwBin               parent_instance;

  TmCatalog           *catalog;          /* construct-only */
  TmRelease           *listed;           /* construct-only; the release list's, as stored */
  TmRelease           *release;          /* the page's copy, as edited */
  GHashTable          *dirty;            /* names of the properties edited, not yet written */
  gboolean             taking;           /* copying stored values into the page's copy */
  TmJobQueue          *queue;            /* construct-only, nullable */
  TmDistributionList  *distributions;
  TmTrackTable        *track_table;
  TmPlayerBar         *player_bar;
  GSettings           *settings;         /* nullable */
  GSimpleActionGroup  *rules;            /* a stateful action per rule profile */
  guint                save_id;
  gboolean             syncing;
  guint                check_id;
  GCancellable        *check_cancellable;
  GPtrArray           *issues;           /* TmIssue, the last check's */
  GHashTable          *reports;          /* path → TmReport, the last check's */

  /* Template widgets */
  GtkWidget           *header;
  TmCoverImage        *cover;
  GtkWidget           *cover_button;
  GtkLabel            *header_title;
  GtkLabel            *header_artist;
  GtkLabel            *header_details;
  GtkWidget           *cover_hint;
  GtkWidget           *fix_cover_button;
  GtkListBox          *deliveries_list;
  GtkListBox          *preflight_list;
  GtkListBox          *loudness_list;
  GtkSpinner          *check_spinner;
  GtkMenuButton       *rules_button;
  AdwPreferencesGroup *tracks_group;
  AdwComboRow         *type_row;
  GtkSwitch           *explicit_switch;
  AdwComboRow         *territory_mode_row;
  AdwPreferencesGroup *territories_group;
  TmAvailabilityMap   *availability;
  TmFieldRow          *territories_row;
  TmChoiceRow         *genre_row;
  TmChoiceRow         *language_row;
  TmFieldRow          *release_date_row;
  TmFieldRow          *original_date_row;
  TmFieldRow          *timezone_row;
};

G_DEFINE_FINAL_TYPE (TmReleasePage, tm_release_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_RELEASE,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_check (TmReleasePage *self);

/* Saving */

/* Only what was edited is written, onto the release as stored: what another
 * program or a delivery changed meanwhile stays. */
static gboolean
write_release (TmReleasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmRelease) stored = NULL;
  GHashTableIter iter;
  gpointer name;

  if (g_hash_table_size (self->dirty) == 0)
    return TRUE;
  if (tm_catalog_begin (self->catalog, &error))
    {
      if ((stored = tm_catalog_get_release (self->catalog,
                                            tm_record_get_id (TM_RECORD (self->release)),
                                            &error)))
        {
          g_hash_table_iter_init (&iter, self->dirty);
          while (g_hash_table_iter_next (&iter, &name, NULL))
            {
              g_auto(GValue) value = G_VALUE_INIT;

              g_object_get_property (G_OBJECT (self->release), name, &value);
              g_object_set_property (G_OBJECT (stored), name, &value);
            }
        }
      if (stored == NULL
          || !tm_catalog_update_release (self->catalog, stored, &error)
          || !tm_catalog_commit (self->catalog, &error))
        tm_catalog_rollback (self->catalog);
    }
  if (error == NULL)
    g_hash_table_remove_all (self->dirty);
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was not saved: %s"),
                                                  tm_release_get_title (self->release),
                                                  error->message);
      tm_widget_show_message (GTK_WIDGET (self), message);
      return FALSE;
    }
  return TRUE;
}

/**
 * tm_release_page_save:
 *
 * Writes a pending change now. Returns FALSE (after telling the user) when the
 * catalog refused it; the edit stays in the page so nothing typed is lost.
 */
gboolean
tm_release_page_save (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), FALSE);

  /* An edit a failed write left is tried again. */
  if (self->save_id == 0 && g_hash_table_size (self->dirty) == 0)
    return TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  return write_release (self);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  TmReleasePage *self = user_data;

  self->save_id = 0;
  write_release (self);
  return G_SOURCE_REMOVE;
}

/* The rows and the release */

static void
for_each_field_row (GtkWidget *widget,
                    void     (*func) (TmFieldRow *row, gpointer data),
                    gpointer   data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (TM_IS_FIELD_ROW (child))
        func (TM_FIELD_ROW (child), data);
      else
        for_each_field_row (child, func, data);
    }
}

static void
load_row (TmFieldRow *row,
          gpointer    release)
{
  tm_field_row_load (row, release);
}

/* Under the cover's title: what to do when there is none, or what is wrong
 * with the one there is, with the tool that fixes it. */
static void
update_cover_hint (TmReleasePage *self)
{
  g_autofree char *text = NULL;
  int width = tm_release_get_cover_width (self->listed);
  int height = tm_release_get_cover_height (self->listed);

  if (tm_release_get_cover_path (self->listed) == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->cover_hint),
                           _("No cover yet: drop a picture on the square, or click it to choose "
                             "one."));
      gtk_widget_set_visible (self->cover_hint, TRUE);
      gtk_widget_set_visible (self->fix_cover_button, FALSE);
      return;
    }

  if (width > 0 && height > 0 && width != height)
    text = g_strdup_printf (_("The cover is %d × %d: stores want a square."), width, height);
  else if (width > TM_COVER_DEFAULT_SIZE)
    text = g_strdup_printf (_("The cover is %d pixels a side: larger than most stores take."),
                            width);
  gtk_label_set_label (GTK_LABEL (self->cover_hint), text != NULL ? text : "");
  gtk_widget_set_visible (self->cover_hint, text != NULL);
  gtk_widget_set_visible (self->fix_cover_button, text != NULL);
}

/* The header: the cover beside title, artist, type and date, as stored. */
static void
update_header (TmReleasePage *self)
{
  TmRelease *release = self->release;
  g_autofree char *artist = tm_release_get_artist (release);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *type = tm_format_release_type (tm_release_get_release_type (release));
  const char *title = tm_release_get_title (release);
  const char *date = tm_release_get_release_date (release);
  guint tracks = tm_release_get_track_count (self->listed);

  gtk_label_set_label (self->header_title, title != NULL && *title != '\0' ? title
                                                                           : _("Untitled Release"));
  gtk_label_set_label (self->header_artist, artist != NULL && *artist != '\0'
                                            ? artist : _("No artist yet"));

  g_string_append (details, type);
  g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE, " · %u track", " · %u tracks",
                                                tracks), tracks);
  if (date != NULL)
    {
      g_autofree char *shown = tm_format_date (date);

      g_string_append_printf (details, " · %s", shown);
    }
  gtk_label_set_label (self->header_details, details->str);
}

static void
sync_from_release (TmReleasePage *self)
{
  TmRelease *release = self->release;

  update_header (self);
  self->syncing = TRUE;
  for_each_field_row (GTK_WIDGET (self), load_row, release);
  tm_choice_row_set_value (self->genre_row, tm_release_get_genre (release));
  tm_choice_row_set_value (self->language_row, tm_release_get_language (release));
  adw_combo_row_set_selected (self->type_row, tm_release_get_release_type (release));
  adw_combo_row_set_selected (self->territory_mode_row, tm_release_get_territory_mode (release));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->territories_row),
                                 tm_release_get_territory_mode (release)
                                 == TM_TERRITORY_MODE_WORLDWIDE
                                 ? _("Excluded Territories") : _("Territories"));
  gtk_switch_set_active (self->explicit_switch, tm_release_get_explicit (release));
  self->syncing = FALSE;
}

static void
field_changed_cb (TmReleasePage *self,
                  GtkEditable   *row)
{
  if (!self->syncing)
    tm_field_row_apply (TM_FIELD_ROW (row), TM_RECORD (self->release));
}

static void
choice_changed_cb (TmReleasePage *self,
                   GParamSpec    *pspec,
                   TmChoiceRow   *row)
{
  g_autoptr(GError) error = NULL;
  const char *value = tm_choice_row_get_value (row);

  if (self->syncing)
    return;
  if (!tm_record_set_from_string (TM_RECORD (self->release), tm_choice_row_get_key (row),
                                  value != NULL ? value : "", &error))
    tm_widget_show_message (GTK_WIDGET (self), error->message);
}

static void
type_selected_cb (TmReleasePage *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  if (!self->syncing && selected != GTK_INVALID_LIST_POSITION)
    tm_release_set_release_type (self->release, selected);
}

static void
territory_mode_cb (TmReleasePage *self)
{
  guint selected = adw_combo_row_get_selected (self->territory_mode_row);

  if (!self->syncing && selected != GTK_INVALID_LIST_POSITION)
    tm_release_set_territory_mode (self->release, selected);
}

static void
explicit_active_cb (TmReleasePage *self)
{
  if (!self->syncing)
    tm_release_set_explicit (self->release, gtk_switch_get_active (self->explicit_switch));
}

/* An edit of the page's copy: kept as edited, and written in a moment. */
static void
release_notify_cb (TmReleasePage *self,
                   GParamSpec    *pspec)
{
  /* Ids, timestamps and summaries change because of a save, not by the user. */
  if (self->taking || (pspec->flags & TM_PARAM_MANAGED))
    return;

  g_hash_table_add (self->dirty, (gpointer) g_intern_string (pspec->name));
  sync_from_release (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* A change of the release as stored (a save, another program, a delivery):
 * shown, unless the field has an edit of its own not written yet. */
static void
listed_notify_cb (TmReleasePage *self,
                  GParamSpec    *pspec)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (g_hash_table_contains (self->dirty, pspec->name) || !(pspec->flags & G_PARAM_WRITABLE))
    return;

  g_object_get_property (G_OBJECT (self->listed), pspec->name, &value);
  self->taking = TRUE;
  g_object_set_property (G_OBJECT (self->release), pspec->name, &value);
  self->taking = FALSE;
  sync_from_release (self);
}

/* Dates can be picked from a calendar as well as typed (the template's
 * calendars), and the time zone can be this computer's. */

static void
date_picked (GtkCalendar *calendar,
             TmFieldRow  *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
release_date_picked_cb (TmReleasePage *self,
                        GtkCalendar   *calendar)
{
  date_picked (calendar, self->release_date_row);
}

static void
original_date_picked_cb (TmReleasePage *self,
                         GtkCalendar   *calendar)
{
  date_picked (calendar, self->original_date_row);
}

static void
show_date (TmReleasePage *self,
           GtkPopover    *popover,
           TmFieldRow    *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (sscanf (gtk_editable_get_text (GTK_EDITABLE (row)), "%4d-%2d-%2d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();
  /* Showing the date is not picking it. */
  g_signal_handlers_block_matched (calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_matched (calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
release_calendar_shown_cb (TmReleasePage *self,
                           GtkPopover    *popover)
{
  show_date (self, popover, self->release_date_row);
}

static void
original_calendar_shown_cb (TmReleasePage *self,
                            GtkPopover    *popover)
{
  show_date (self, popover, self->original_date_row);
}

static void
use_local_zone_cb (TmReleasePage *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  gtk_editable_set_text (GTK_EDITABLE (self->timezone_row), g_time_zone_get_identifier (zone));
}

static GtkWidget *
find_field_row (GtkWidget  *widget,
                const char *key)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (TM_IS_FIELD_ROW (child)
          && g_strcmp0 (tm_field_row_get_key (TM_FIELD_ROW (child)), key) == 0)
        return child;
      if ((found = find_field_row (child, key)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * tm_release_page_get_field:
 * @key: a field's key, as `release set` takes it
 *
 * Returns: (transfer none) (nullable): the row that edits @key
 */
GtkWidget *
tm_release_page_get_field (TmReleasePage *self,
                           const char    *key)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  if (g_str_equal (key, "genre"))
    return GTK_WIDGET (self->genre_row);
  if (g_str_equal (key, "language"))
    return GTK_WIDGET (self->language_row);
  if (g_str_equal (key, "release_type"))
    return GTK_WIDGET (self->type_row);
  return find_field_row (GTK_WIDGET (self), key);
}

/**
 * tm_release_page_focus_field:
 *
 * Gives the row of @key the focus, scrolled into view.
 *
 * Returns: whether the page has a row for @key
 */
gboolean
tm_release_page_focus_field (TmReleasePage *self,
                             const char    *key)
{
  GtkWidget *row;

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), FALSE);

  /* The cover's problems go to the cover. */
  if (g_strcmp0 (key, "artwork") == 0)
    {
      gtk_widget_grab_focus (self->cover_button);
      tm_widget_scroll_into_view (self->cover_button);
      return TRUE;
    }
  if ((row = tm_release_page_get_field (self, key)) == NULL)
    return FALSE;
  gtk_widget_grab_focus (row);
  tm_widget_scroll_into_view (row);
  return TRUE;
}

/* The cover: chosen, or dropped (the window routes a picture dropped on the page
 * here), set in a worker, with Undo. */

/**
 * tm_release_page_set_cover:
 *
 * Makes the picture at @path the release's cover, with Undo in a toast.
 */
void
tm_release_page_set_cover (TmReleasePage *self,
                           const char    *path)
{
  g_return_if_fail (TM_IS_RELEASE_PAGE (self));
  g_return_if_fail (path != NULL);

  tm_widget_set_cover (GTK_WIDGET (self), self->catalog,
                       tm_record_get_id (TM_RECORD (self->listed)), path);
}

static void
cover_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 TmReleasePage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        tm_release_page_set_cover (self, path);
      else
        tm_widget_show_message (GTK_WIDGET (self), _("That picture is not on this computer: "
                                                     "copy it here first."));
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_cover_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TmReleasePage *self = TM_RELEASE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Cover"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("Pictures (JPEG or PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (cover_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * tm_release_page_fix_cover:
 *
 * Opens the tool that makes the cover square and sized.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL without a cover
 */
GtkWidget *
tm_release_page_fix_cover (TmReleasePage *self)
{
  GtkWidget *dialog;
  const char *path;

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  if ((path = tm_release_get_cover_path (self->listed)) == NULL)
    return NULL;
  dialog = tm_cover_dialog_new (GTK_WIDGET (self), self->catalog,
                                tm_record_get_id (TM_RECORD (self->listed)), path);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
fix_cover_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tm_release_page_fix_cover (TM_RELEASE_PAGE (widget));
}

/* Listening: the player bar above the tracks, a track's row plays from it,
 * Space plays and pauses wherever it does not type a space. */

static void
preview_start_changed_cb (TmReleasePage *self,
                          gint64         track_id,
                          double         seconds)
{
  g_autoptr(TmTrack) track = tm_catalog_get_track (self->catalog, track_id, NULL);
  g_autoptr(GError) error = NULL;

  if (track == NULL)
    return;
  tm_track_set_preview_start (track, seconds);
  if (!tm_catalog_update_track (self->catalog, track, &error))
    tm_widget_show_message (GTK_WIDGET (self), error->message);
}

static void
play_track_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TmReleasePage *self = TM_RELEASE_PAGE (widget);

  tm_player_bar_play_track (self->player_bar, g_variant_get_int64 (parameter));
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  tm_player_bar_toggle (TM_RELEASE_PAGE (widget)->player_bar);
}

TmPlayerBar *
tm_release_page_get_player_bar (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->player_bar;
}

static void
cover_notify_cb (TmReleasePage *self)
{
  update_cover_hint (self);
}

/* Where an issue's field is on the page, if it has one. */
static const char *
field_for_issue (const char *field)
{
  static const struct { const char *issue; const char *page; } map[] = {
    { "artists", "artist" }, { "p_line", "p_holder" }, { "c_line", "c_holder" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (field, map[i].issue) == 0)
      return map[i].page;
  return field;
}

/* An issue's row was activated: its field, or its track (and the track's
 * details when credits or splits are what is missing). */
static void
show_issue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  static const char * const credit_fields[] = {
    "composer", "lyricist", "producer", "contributors", "splits", NULL
  };
  TmReleasePage *self = TM_RELEASE_PAGE (widget);
  gint64 track_id;
  const char *field;

  g_variant_get (parameter, "(x&s)", &track_id, &field);
  if (track_id == 0)
    {
      tm_release_page_focus_field (self, field_for_issue (field));
      return;
    }
  if (tm_track_table_select_track (self->track_table, track_id)
      && g_strv_contains (credit_fields, field))
    tm_track_table_open_details (self->track_table, track_id);
}

/* Pre-flight: the release checked against its platforms' rules in a worker
 * thread, with its own catalog connection; the files' reports are cached, so
 * only new or changed files are analysed. */

/* What the analysing threads hold of the page: never the page itself. Only the
 * main thread looks it up (a reference let go of last in a worker would
 * dispose the page there), so the progress goes to it with this. */
typedef struct
{
  GWeakRef page;
} PageLink;

static void
page_link_clear (gpointer data)
{
  PageLink *link = data;

  g_weak_ref_clear (&link->page);
}

static void
page_link_release (PageLink *link)
{
  g_atomic_rc_box_release_full (link, page_link_clear);
}

typedef struct
{
  char       *catalog_path;
  gint64      release_id;
  GStrv       wanted;        /* profiles asked for */
  PageLink   *link;
  GMutex      lock;
  GHashTable *shown;         /* path → last step shown, in twentieths */
} CheckData;

typedef struct
{
  PageLink *link;
  char     *path;
  double    fraction;
} ProgressUpdate;

typedef struct
{
  GPtrArray  *all;        /* TmRequirements, every profile */
  GPtrArray  *profiles;   /* TmRequirements, the ones checked */
  GPtrArray  *issues;     /* TmIssue */
  GHashTable *reports;    /* path → TmReport */
  GPtrArray  *tracks;     /* TmTrack */
} CheckResult;

static void
check_data_free (gpointer data)
{
  CheckData *d = data;

  g_free (d->catalog_path);
  g_strfreev (d->wanted);
  page_link_release (d->link);
  g_mutex_clear (&d->lock);
  g_hash_table_unref (d->shown);
  g_free (d);
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *u = data;

  page_link_release (u->link);
  g_free (u->path);
  g_free (u);
}

static void
check_result_free (gpointer data)
{
  CheckResult *r = data;

  g_clear_pointer (&r->all, g_ptr_array_unref);
  g_clear_pointer (&r->profiles, g_ptr_array_unref);
  g_clear_pointer (&r->issues, g_ptr_array_unref);
  g_clear_pointer (&r->reports, g_hash_table_unref);
  g_clear_pointer (&r->tracks, g_ptr_array_unref);
  g_free (r);
}

/* In the main thread: the track's bar moves. */
static gboolean
show_progress_cb (gpointer data)
{
  ProgressUpdate *u = data;
  g_autoptr(TmReleasePage) self = g_weak_ref_get (&u->link->page);

  if (self != NULL && self->track_table != NULL)
    tm_track_table_set_progress (self->track_table, u->path, u->fraction);
  return G_SOURCE_REMOVE;
}

/* In the analysing threads: sent on every 5 % so the main loop is not flooded. */
static void
analysis_progress_cb (const char *path,
                      double      fraction,
                      gpointer    user_data)
{
  CheckData *d = user_data;
  int step = (int) (fraction * 20);
  gboolean send;

  g_mutex_lock (&d->lock);
  send = GPOINTER_TO_INT (g_hash_table_lookup (d->shown, path)) != step + 1;
  if (send)
    g_hash_table_insert (d->shown, g_strdup (path), GINT_TO_POINTER (step + 1));
  g_mutex_unlock (&d->lock);

  if (send)
    {
      ProgressUpdate *u = g_new0 (ProgressUpdate, 1);

      u->link = g_atomic_rc_box_acquire (d->link);
      u->path = g_strdup (path);
      u->fraction = fraction;
      g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress_cb, u,
                                  progress_update_free);
    }
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *d = task_data;
  g_autoptr(TmCatalog) catalog = NULL;
  CheckResult *result = g_new0 (CheckResult, 1);
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (d->catalog_path, &error))
      || !(result->all = tm_requirements_load_all (NULL, &error))
      || !(result->profiles = tm_preflight_choose_profiles (catalog, result->all,
                                                            (const char * const *) d->wanted,
                                                            &error))
      || !(result->issues = tm_preflight_check_release (catalog, d->release_id, result->profiles,
                                                        &result->reports, analysis_progress_cb,
                                                        d, cancellable, &error))
      || !(result->tracks = tm_catalog_list_tracks (catalog, d->release_id, &error)))
    {
      check_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, check_result_free);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_preflight (TmReleasePage *self,
                CheckResult   *result)
{
  clear_list (self->preflight_list);
  for (guint p = 0; p < result->profiles->len; p++)
    {
      TmRequirements *profile = g_ptr_array_index (result->profiles, p);
      g_autoptr(GListStore) issues = g_list_store_new (TM_TYPE_ISSUE);

      for (guint i = 0; i < result->issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (result->issues, i);

          if (g_str_equal (tm_issue_get_platform (issue), tm_requirements_get_id (profile)))
            g_list_store_append (issues, issue);
        }
      gtk_list_box_append (self->preflight_list,
                           tm_preflight_row_new (tm_requirements_get_name (profile),
                                                 G_LIST_MODEL (issues)));
    }
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* Per platform with a known normalisation: the album's gain, then each track's. */
static void
show_loudness (TmReleasePage *self,
               CheckResult   *result)
{
  guint n = result->tracks->len;
  g_autofree double *lufs = g_new0 (double, MAX (n, 1));
  g_autofree double *peaks = g_new0 (double, MAX (n, 1));
  g_autofree double *durations = g_new0 (double, MAX (n, 1));
  double album_lufs, album_peak = -INFINITY;
  guint measured = 0;

  clear_list (self->loudness_list);
  for (guint i = 0; i < n; i++)
    {
      TmTrack *track = g_ptr_array_index (result->tracks, i);
      const char *path = tm_track_get_audio_path (track);
      const TmAudioReport *audio = path != NULL
                                   ? tm_report_get_audio (g_hash_table_lookup (result->reports,
                                                                               path))
                                   : NULL;

      lufs[i] = peaks[i] = NAN;
      if (audio != NULL && isfinite (audio->integrated_lufs) && isfinite (audio->true_peak_dbtp))
        {
          lufs[i] = audio->integrated_lufs;
          peaks[i] = audio->true_peak_dbtp;
          durations[i] = isfinite (audio->duration_s) ? audio->duration_s : 0;
          album_peak = MAX (album_peak, peaks[i]);
          measured++;
        }
    }
  if (measured == 0)
    {
      gtk_list_box_append (self->loudness_list,
                           text_row (_("Measured once the tracks are analysed"), NULL));
      return;
    }
  album_lufs = tm_checker_album_loudness (lufs, durations, n);

  for (guint p = 0; p < result->all->len; p++)
    {
      TmRequirements *profile = g_ptr_array_index (result->all, p);
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *row;
      double gain;

      if (g_str_equal (tm_requirements_get_id (profile), "generic")
          || !tm_checker_loudness_gain (profile, album_lufs, album_peak, &gain))
        continue;
      g_string_append_printf (text, _("Album %+.1f dB"), gain);
      for (guint i = 0; i < n; i++)
        if (tm_checker_loudness_gain (profile, lufs[i], peaks[i], &gain))
          g_string_append_printf (text, " · %d: %+.1f",
                                  tm_track_get_number (g_ptr_array_index (result->tracks, i)),
                                  gain);
      row = text_row (tm_requirements_get_name (profile), text->str);
      gtk_widget_set_tooltip_text (row, tm_requirements_get_source (profile,
                                                                    "loudness.target_lufs"));
      gtk_list_box_append (self->loudness_list, row);
    }
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TmReleasePage *self = TM_RELEASE_PAGE (source);
  g_autoptr(GError) error = NULL;
  CheckResult *check = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->check_spinner);
  g_clear_object (&self->check_cancellable);
  if (check == NULL)
    {
      clear_list (self->preflight_list);
      gtk_list_box_append (self->preflight_list,
                           text_row (_("The release could not be checked"), error->message));
      return;
    }

  show_preflight (self, check);
  show_loudness (self, check);
  tm_player_bar_set_tracks (self->player_bar, check->tracks, check->reports, check->all);
  gtk_widget_set_visible (GTK_WIDGET (self->player_bar),
                          tm_player_get_n_items (tm_player_bar_get_player (self->player_bar)) > 0);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  self->issues = g_ptr_array_ref (check->issues);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  self->reports = g_steal_pointer (&check->reports);
  tm_track_table_set_reports (self->track_table, self->reports);
  check_result_free (check);
}

/**
 * tm_release_page_check:
 *
 * Checks the release against its platforms' rules now, as the button does.
 */
void
tm_release_page_check (TmReleasePage *self)
{
  g_autoptr(GTask) task = NULL;
  CheckData *d;

  g_return_if_fail (TM_IS_RELEASE_PAGE (self));

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);

  d = g_new0 (CheckData, 1);
  d->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  d->release_id = tm_record_get_id (TM_RECORD (self->release));
  d->wanted = self->settings != NULL ? g_settings_get_strv (self->settings, "preflight-profiles")
                                     : NULL;
  d->link = g_atomic_rc_box_new0 (PageLink);
  g_weak_ref_init (&d->link->page, self);
  g_mutex_init (&d->lock);
  d->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->check_cancellable = g_cancellable_new ();
  gtk_spinner_start (self->check_spinner);
  task = tm_widget_task_new (self, self->check_cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, tm_release_page_check);
  g_task_set_name (task, "[tm] pre-flight");
  g_task_set_task_data (task, d, check_data_free);
  g_task_run_in_thread (task, check_worker);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  TmReleasePage *self = user_data;

  self->check_id = 0;
  tm_release_page_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (TmReleasePage *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  tm_release_page_check (TM_RELEASE_PAGE (widget));
}

static void
catalog_changed_cb (TmReleasePage *self,
                    int            change,
                    gint64         release_id)
{
  if (change == TM_CATALOG_CHANGE_EXTERNAL || change == TM_CATALOG_CHANGE_PLATFORMS
      || (change == TM_CATALOG_CHANGE_RELEASE_CHANGED
          && release_id == tm_record_get_id (TM_RECORD (self->release))))
    schedule_check (self);
}

/* The rules the artist asked to see, besides their platforms' */

static void
rule_change_state_cb (GSimpleAction *action,
                      GVariant      *state,
                      TmReleasePage *self)
{
  g_auto(GStrv) wanted = g_settings_get_strv (self->settings, "preflight-profiles");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  const char *id = g_action_get_name (G_ACTION (action));

  for (guint i = 0; wanted[i] != NULL; i++)
    if (!g_str_equal (wanted[i], id))
      g_strv_builder_add (builder, wanted[i]);
  if (g_variant_get_boolean (state))
    g_strv_builder_add (builder, id);
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "preflight-profiles", (const char * const *) kept);
  g_simple_action_set_state (action, state);
  tm_release_page_check (self);
}

static void
build_rules_menu (TmReleasePage *self)
{
  g_autoptr(GPtrArray) all = tm_requirements_load_all (NULL, NULL);
  g_auto(GStrv) wanted = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();

  if (all == NULL || self->settings == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rules_button), FALSE);
      return;
    }
  wanted = g_settings_get_strv (self->settings, "preflight-profiles");
  self->rules = g_simple_action_group_new ();
  for (guint i = 0; i < all->len; i++)
    {
      TmRequirements *profile = g_ptr_array_index (all, i);
      const char *id = tm_requirements_get_id (profile);
      g_autofree char *detailed = g_strconcat ("rules.", id, NULL);
      g_autoptr(GSimpleAction) action = NULL;

      if (g_str_equal (id, "generic"))
        continue;
      action = g_simple_action_new_stateful (id, NULL,
                                             g_variant_new_boolean (g_strv_contains (
                                               (const char * const *) wanted, id)));
      g_signal_connect_object (action, "change-state", G_CALLBACK (rule_change_state_cb), self,
                               0);
      g_action_map_add_action (G_ACTION_MAP (self->rules), G_ACTION (action));
      g_menu_append (menu, tm_requirements_get_name (profile), detailed);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "rules", G_ACTION_GROUP (self->rules));
  gtk_menu_button_set_menu_model (self->rules_button, G_MENU_MODEL (menu));
}

/* Delivering */

/**
 * tm_release_page_deliver:
 *
 * Asks where to deliver the release, as its Deliver button does.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
tm_release_page_deliver (TmReleasePage *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  tm_release_page_save (self);
  dialog = tm_deliver_dialog_new (self->catalog, self->release, self->queue);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
deliver_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tm_release_page_deliver (TM_RELEASE_PAGE (widget));
}

/* The release's earnings, in a window of their own over the page's. */
static void
earnings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TmReleasePage *self = TM_RELEASE_PAGE (widget);
  GtkWidget *window = tm_earnings_window_new (self->catalog,
                                              tm_record_get_id (TM_RECORD (self->release)));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
create_delivery_row (gpointer item,
                     gpointer user_data)
{
  TmReleasePage *self = user_data;

  return tm_delivery_row_new (self->catalog, item, self->queue);
}

/* Accessors */

/**
 * tm_release_page_get_availability:
 *
 * Returns: (transfer none) (nullable): the map of where the release is
 *   available, or %NULL in a build without the map
 */
TmAvailabilityMap *
tm_release_page_get_availability (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->availability;
}

/**
 * tm_release_page_get_release:
 *
 * Returns: (transfer none): the release the page was made for, as the
 *   window's list has it (the page edits a copy of its own)
 */
TmRelease *
tm_release_page_get_release (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->listed;
}

/**
 * tm_release_page_is_checking:
 *
 * Returns: whether a pre-flight check is running or about to
 */
gboolean
tm_release_page_is_checking (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), FALSE);

  return self->check_cancellable != NULL || self->check_id != 0;
}

/**
 * tm_release_page_get_issues:
 *
 * Returns: (transfer none) (nullable) (element-type TmIssue): the last pre-flight's issues
 */
GPtrArray *
tm_release_page_get_issues (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->issues;
}

TmTrackTable *
tm_release_page_get_track_table (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->track_table;
}

/**
 * tm_release_page_get_deliveries:
 *
 * Returns: (transfer none): the list of the release's TmDeliveryRow
 */
GtkListBox *
tm_release_page_get_deliveries (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->deliveries_list;
}

/* Construction */

static void
tm_release_page_constructed (GObject *object)
{
  TmReleasePage *self = TM_RELEASE_PAGE (object);
  gint64 id = tm_record_get_id (TM_RECORD (self->listed));

  G_OBJECT_CLASS (tm_release_page_parent_class)->constructed (object);

  self->release = tm_record_copy (TM_RECORD (self->listed));
  self->dirty = g_hash_table_new (g_str_hash, g_str_equal);

  self->settings = tm_settings_new ();
  /* The player under the cover and title, as a music player has it. */
  self->player_bar = TM_PLAYER_BAR (tm_player_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->player_bar), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->header)),
                              GTK_WIDGET (self->player_bar), self->header);
  g_signal_connect_object (self->player_bar, "preview-start-changed",
                           G_CALLBACK (preview_start_changed_cb), self, G_CONNECT_SWAPPED);
  self->track_table = TM_TRACK_TABLE (tm_track_table_new (self->catalog, id));
  adw_preferences_group_add (self->tracks_group, GTK_WIDGET (self->track_table));

  self->distributions = tm_distribution_list_new (self->catalog, id);
  gtk_list_box_bind_model (self->deliveries_list, G_LIST_MODEL (self->distributions),
                           create_delivery_row, self, NULL);
  tm_record_list_reload_async (TM_RECORD_LIST (self->distributions), NULL, NULL, NULL);
  if (tm_world_map_has_geometry ())
    {
      self->availability = TM_AVAILABILITY_MAP (
        tm_availability_map_new (self->release, G_LIST_MODEL (self->distributions)));
      adw_preferences_group_add (self->territories_group, GTK_WIDGET (self->availability));
    }

  g_object_bind_property (self->listed, "cover-path", self->cover, "path", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->listed, "cover-sha256", self->cover, "sha256",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->listed, "notify::cover-path", G_CALLBACK (cover_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listed, "notify::cover-width", G_CALLBACK (cover_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listed, "notify::cover-height", G_CALLBACK (cover_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listed, "notify::track-count", G_CALLBACK (update_header),
                           self, G_CONNECT_SWAPPED);
  update_cover_hint (self);

  build_rules_menu (self);
  sync_from_release (self);
  g_signal_connect_object (self->release, "notify", G_CALLBACK (release_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listed, "notify", G_CALLBACK (listed_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "changed", G_CALLBACK (catalog_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tm_release_page_check (self);
}

static void
tm_release_page_dispose (GObject *object)
{
  TmReleasePage *self = TM_RELEASE_PAGE (object);

  /* What was typed last is written before the page goes. */
  if (self->release != NULL)
    tm_release_page_save (self);
  if (self->listed != NULL)
    g_signal_handlers_disconnect_by_data (self->listed, self);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_RELEASE_PAGE);
  g_clear_object (&self->distributions);
  g_clear_object (&self->rules);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  g_clear_object (&self->release);
  g_clear_object (&self->listed);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (tm_release_page_parent_class)->dispose (object);
}

static void
tm_release_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TmReleasePage *self = TM_RELEASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_RELEASE:
      g_value_set_object (value, self->listed);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_release_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TmReleasePage *self = TM_RELEASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_RELEASE:
      self->listed = g_value_dup_object (value);
      break;
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_release_page_class_init (TmReleasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_release_page_constructed;
  object_class->dispose = tm_release_page_dispose;
  object_class->get_property = tm_release_page_get_property;
  object_class->set_property = tm_release_page_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE] =
    g_param_spec_object ("release", NULL, NULL, TM_TYPE_RELEASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, TM_TYPE_JOB_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_FIELD_ROW);
  g_type_ensure (TM_TYPE_CHOICE_ROW);
  g_type_ensure (TM_TYPE_COVER_IMAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-release-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, header);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, cover);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, cover_button);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, header_title);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, header_artist);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, header_details);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, cover_hint);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, fix_cover_button);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, deliveries_list);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, preflight_list);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, loudness_list);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, rules_button);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, tracks_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, type_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, explicit_switch);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, territory_mode_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, territories_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, territories_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, genre_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, language_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, release_date_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, original_date_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, timezone_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, territory_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, explicit_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, release_date_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, original_date_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, release_calendar_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, original_calendar_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_local_zone_cb);

  gtk_widget_class_install_action (widget_class, "release.deliver", NULL, deliver_action);
  gtk_widget_class_install_action (widget_class, "release.earnings", NULL, earnings_action);
  gtk_widget_class_install_action (widget_class, "release.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "release.choose-cover", NULL,
                                   choose_cover_action);
  gtk_widget_class_install_action (widget_class, "release.fix-cover", NULL, fix_cover_action);
  gtk_widget_class_install_action (widget_class, "release.play-track", "x", play_track_action);
  gtk_widget_class_install_action (widget_class, "release.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "release.toggle-play",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "release.show-issue", "(xs)",
                                   show_issue_action);
}

static void
tm_release_page_init (TmReleasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_release_page_new:
 * @release: the release list's own object, which the page edits
 * @queue: (nullable): the queue to wake after an action
 */
GtkWidget *
tm_release_page_new (TmCatalog  *catalog,
                     TmRelease  *release,
                     TmJobQueue *queue)
{
  return g_object_new (TM_TYPE_RELEASE_PAGE, "catalog", catalog, "release", release,
                       "queue", queue, NULL);
}
