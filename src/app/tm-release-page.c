/* tm-release-page.c: one release, editable, saved as it is typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-checker.h"
#include "tm-preflight.h"
#include "tm-distribution-list.h"
#include "tm-distributor.h"
#include "tm-credits-dialog.h"
#include "tm-format.h"
#include "tm-release-page.h"
#include "tm-track-table.h"
#include "tm-waveform.h"

/* How long typing may pause before the release is written. */
#define SAVE_DELAY_MS 400
/* How long changes settle before the release is checked again. */
#define CHECK_DELAY_MS 700

struct _TmReleasePage
{
  AdwBin              parent_instance;

  TmCatalog          *catalog;          /* owned */
  TmRelease          *release;          /* owned; shared with the release list */
  TmDistributionList *distributions;    /* owned */
  GPtrArray          *field_rows;       /* AdwEntryRow, borrowed from the groups */
  GPtrArray          *dynamic_rows;     /* track and delivery rows, borrowed */
  guint               save_id;
  gboolean            syncing;          /* writing the model into the widgets */
  guint               check_id;
  GCancellable       *check_cancellable;
  GPtrArray          *preflight_rows;   /* AdwExpanderRow, borrowed */
  GPtrArray          *preflight_issues; /* TmIssue, the last check's */
  GHashTable         *reports;          /* path → TmReport, the last check's */
  TmTrackTable       *track_table;

  /* Template widgets */
  AdwPreferencesPage *preferences_page;
  AdwPreferencesGroup *release_group;
  AdwPreferencesGroup *rights_group;
  AdwPreferencesGroup *preflight_group;
  AdwPreferencesGroup *loudness_group;
  AdwPreferencesGroup *tracks_group;
  AdwPreferencesGroup *delivery_group;
  GtkSpinner         *check_spinner;
  AdwComboRow        *type_row;
  GtkSwitch          *explicit_switch;
  GtkButton          *deliver_button;
  AdwComboRow        *territory_mode_row;
  AdwEntryRow        *territories_row;
};

G_DEFINE_FINAL_TYPE (TmReleasePage, tm_release_page, ADW_TYPE_BIN)

typedef struct
{
  const char *key;
  const char *title;
  gboolean    rights;
} Field;

/* The fields the page edits, in order; their keys are those of `release set`. */
static const Field fields[] = {
  { "title", N_("Title"), FALSE },
  { "version", N_("Version (such as Deluxe Edition)"), FALSE },
  { "artist", N_("Primary Artist"), FALSE },
  { "featured_artists", N_("Featured Artists (separated by commas)"), FALSE },
  { "label", N_("Label"), FALSE },
  { "genre", N_("Genre"), FALSE },
  { "subgenre", N_("Subgenre"), FALSE },
  { "language", N_("Language (ISO 639-1, such as en)"), FALSE },
  { "release_date", N_("Release Date (YYYY-MM-DD)"), FALSE },
  { "timezone", N_("Time Zone of the Release Date (such as Europe/Berlin)"), FALSE },
  { "original_release_date", N_("Original Release Date"), FALSE },
  { "upc", N_("UPC / EAN"), FALSE },
  { "p_year", N_("℗ Year"), TRUE },
  { "p_holder", N_("℗ Holder"), TRUE },
  { "c_year", N_("© Year"), TRUE },
  { "c_holder", N_("© Holder"), TRUE },
  { "notes", N_("Notes (for yourself; never delivered)"), FALSE },
};

static void
show_toast (TmReleasePage *self,
            const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_warning ("%s", message);
      return;
    }

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static gboolean
write_release (TmReleasePage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->release == NULL || self->catalog == NULL)
    return TRUE;

  if (!tm_catalog_update_release (self->catalog, self->release, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"),
                                                  tm_release_get_title (self->release),
                                                  error->message);
      show_toast (self, message);
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

  if (self->save_id == 0)
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

static void
schedule_save (TmReleasePage *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* The text an entry shows for a property; years of 0 are "not set". */
static char *
property_text (TmRelease  *release,
               const char *key)
{
  GParamSpec *pspec = tm_record_class_find_key (TM_RECORD_GET_CLASS (release), key);
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (G_OBJECT (release), pspec->name, &value);

  if (G_VALUE_HOLDS_INT (&value))
    return g_value_get_int (&value) == 0 ? g_strdup ("")
                                         : g_strdup_printf ("%d", g_value_get_int (&value));
  if (G_VALUE_HOLDS (&value, G_TYPE_STRV))
    return g_value_get_boxed (&value) != NULL ? g_strjoinv (", ", g_value_get_boxed (&value))
                                              : g_strdup ("");

  g_value_init (&text, G_TYPE_STRING);
  if (!g_value_transform (&value, &text) || g_value_get_string (&text) == NULL)
    return g_strdup ("");

  return g_value_dup_string (&text);
}

/* "fr, de" → "FR DE", to compare with what is stored. */
static char *
normalise_codes (const char *text)
{
  g_auto(GStrv) codes = g_strsplit_set (text, " ,;", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    if (codes[i][0] != '\0')
      {
        g_autofree char *code = g_ascii_strup (codes[i], -1);

        g_strv_builder_add (builder, code);
      }
  kept = g_strv_builder_end (builder);
  return g_strjoinv (" ", kept);
}

static void
sync_from_release (TmReleasePage *self)
{
  if (self->release == NULL)
    return;

  self->syncing = TRUE;

  for (guint i = 0; i < self->field_rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (self->field_rows, i);
      g_autofree char *text = property_text (self->release, fields[i].key);
      g_autofree char *shown = g_strstrip (g_strdup (gtk_editable_get_text (row)));

      /* "Ann, " is "Ann" half typed. */
      if (g_str_equal (fields[i].key, "featured_artists"))
        {
          g_auto(GStrv) names = tm_strv_from_list_text (shown);

          g_free (shown);
          shown = g_strjoinv (", ", names);
        }

      /* The row being typed in keeps its spaces and half-typed values. */
      if (g_strcmp0 (shown, text) != 0 && !gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
        gtk_editable_set_text (row, text);
    }

  adw_combo_row_set_selected (self->type_row, tm_release_get_release_type (self->release));
  adw_combo_row_set_selected (self->territory_mode_row,
                              tm_release_get_territory_mode (self->release));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->territories_row),
                                 tm_release_get_territory_mode (self->release)
                                 == TM_TERRITORY_MODE_WORLDWIDE
                                 ? _("Excluded Territories") : _("Territories"));
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->territories_row), "error"))
    {
      const char * const *codes = tm_release_get_territories (self->release);
      g_autofree char *text = codes != NULL ? g_strjoinv (" ", (char **) codes) : g_strdup ("");
      g_autofree char *shown =
        normalise_codes (gtk_editable_get_text (GTK_EDITABLE (self->territories_row)));

      /* What is typed stays as typed ("fr, de") while it means what is stored. */
      if (g_strcmp0 (shown, text) != 0)
          gtk_editable_set_text (GTK_EDITABLE (self->territories_row), text);
    }
  gtk_switch_set_active (self->explicit_switch, tm_release_get_explicit (self->release));

  self->syncing = FALSE;
}

static void
field_changed_cb (GtkEditable   *row,
                  TmReleasePage *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "tm-key");
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->release == NULL)
    return;

  if (g_str_equal (key, "featured_artists"))
    {
      g_auto(GStrv) names = tm_strv_from_list_text (gtk_editable_get_text (row));
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) list = NULL;
      g_autofree char *text = NULL;

      /* Through the same checks as any field: as a JSON list of names. */
      json_builder_begin_array (builder);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
      list = json_builder_get_root (builder);
      text = json_to_string (list, FALSE);
      if (!tm_record_set_from_string (TM_RECORD (self->release), key, text, &error))
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
      return;
    }

  if (!tm_record_set_from_string (TM_RECORD (self->release), key, gtk_editable_get_text (row),
                                  &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
}

static void
type_selected_cb (TmReleasePage *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  if (!self->syncing && self->release != NULL && selected != GTK_INVALID_LIST_POSITION)
    tm_release_set_release_type (self->release, selected);
}

/* Dates can be picked from a calendar as well as typed. */

static void
day_selected_cb (GtkCalendar *calendar,
                 GtkEditable *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (row, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_shown_cb (GtkPopover  *popover,
                   GtkEditable *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  if (sscanf (gtk_editable_get_text (row), "%4d-%2d-%2d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (calendar, day_selected_cb, row);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, day_selected_cb, row);
}

static void
add_calendar (GtkWidget *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (day_selected_cb), row);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_shown_cb), row);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Pick a Date"));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
}

static void
use_local_zone_cb (GtkButton   *button,
                   GtkEditable *row)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  gtk_editable_set_text (row, g_time_zone_get_identifier (zone));
}

static void
territory_mode_cb (TmReleasePage *self)
{
  guint selected = adw_combo_row_get_selected (self->territory_mode_row);

  if (!self->syncing && self->release != NULL && selected != GTK_INVALID_LIST_POSITION)
    tm_release_set_territory_mode (self->release, selected);
}

static void
explicit_active_cb (TmReleasePage *self)
{
  if (!self->syncing && self->release != NULL)
    tm_release_set_explicit (self->release, gtk_switch_get_active (self->explicit_switch));
}

static void
release_notify_cb (TmReleasePage *self,
                   GParamSpec    *pspec,
                   TmRelease     *release)
{
  /* Ids, timestamps and summaries change because of a save, not by the user. */
  if (pspec->flags & TM_PARAM_MANAGED)
    return;

  sync_from_release (self);
  schedule_save (self);
}

static void
clear_dynamic_rows (TmReleasePage *self)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static GtkWidget *
add_row (TmReleasePage       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);
  return row;
}

/* Removing a track, with undo: the track is kept aside, and Undo adds it back
 * in its old place (with a new id; its credits and splits come with it). */

typedef struct
{
  TmReleasePage *self;       /* weak */
  TmTrack       *track;      /* the removed one, as it was */
  gint64         release_id;
} Removed;

static void
removed_free (gpointer data)
{
  Removed *r = data;

  g_clear_weak_pointer (&r->self);
  g_clear_object (&r->track);
  g_free (r);
}

static void
undo_remove_cb (AdwToast *toast,
                Removed  *r)
{
  g_autoptr(TmTrack) track = tm_track_copy_unsaved (r->track);
  g_autoptr(GError) error = NULL;
  TmCatalog *catalog;

  if (r->self == NULL || r->self->catalog == NULL)
    return;
  catalog = r->self->catalog;

  if (!tm_catalog_begin (catalog, &error)
      || !tm_catalog_add_track (catalog, r->release_id, track, &error)
      || !tm_catalog_move_track (catalog, tm_record_get_id (TM_RECORD (track)),
                                 tm_track_get_number (r->track), &error)
      || !tm_catalog_commit (catalog, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The track could not be put back: %s"),
                                                  error->message);

      tm_catalog_rollback (catalog);
      show_toast (r->self, message);
    }
}

static AdwToast *
remove_track (TmReleasePage *self,
              TmTrack       *track)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  g_autofree char *message = NULL;
  AdwToast *toast;
  Removed *r;

  if (track == NULL || self->catalog == NULL)
    return NULL;

  r = g_new0 (Removed, 1);
  g_set_weak_pointer (&r->self, self);
  /* What is stored, credits and all, not what the row was built from. */
  r->track = tm_catalog_get_track (self->catalog, tm_record_get_id (TM_RECORD (track)), NULL);
  if (r->track == NULL)
    r->track = g_object_ref (track);
  r->release_id = tm_track_get_release_id (r->track);

  if (!tm_catalog_remove_track (self->catalog, tm_record_get_id (TM_RECORD (track)), &error))
    {
      g_autofree char *failed = g_strdup_printf (_("The track could not be removed: %s"),
                                                 error->message);

      removed_free (r);
      show_toast (self, failed);
      return NULL;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  message = g_strdup_printf (_("Removed “%s”"), tm_track_get_title (r->track)
                                                 ? tm_track_get_title (r->track)
                                                 : _("Untitled"));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_cb), r,
                         (GClosureNotify) (void (*) (void)) removed_free, 0);
  if (overlay == NULL)
    {
      g_object_unref (g_object_ref_sink (toast));
      return NULL;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return toast;
}

static void
remove_track_cb (TmTrackTable  *table,
                 TmTrack       *track,
                 TmReleasePage *self)
{
  remove_track (self, track);
}

static void
edit_credits_cb (TmTrackTable  *table,
                 TmTrack       *track,
                 TmReleasePage *self)
{
  GtkWidget *dialog;

  if (self->catalog == NULL)
    return;
  dialog = tm_credits_dialog_new (self->catalog, tm_record_get_id (TM_RECORD (track)));
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * tm_release_page_remove_track:
 *
 * Removes the track at @position (from 0, in the page's order), as its button does.
 *
 * Returns: (transfer none) (nullable): the toast that offers to undo it
 */
AdwToast *
tm_release_page_remove_track (TmReleasePage *self,
                              guint          position)
{
  g_autoptr(TmTrack) track = NULL;

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  track = g_list_model_get_item (tm_track_table_get_tracks (self->track_table), position);
  return track != NULL ? remove_track (self, track) : NULL;
}

/**
 * tm_release_page_get_track_table:
 *
 * Returns: (transfer none): the table of the release's tracks
 */
TmTrackTable *
tm_release_page_get_track_table (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->track_table;
}

/* A platform's delivery: where it stands, its history, and what can be done now. */

static const char *
actor_label (TmActor actor)
{
  switch (actor)
    {
    case TM_ACTOR_USER: return _("you");
    case TM_ACTOR_QUEUE: return _("TuneMantra");
    case TM_ACTOR_PLATFORM: return _("the platform");
    default: return "";
    }
}

static void
delivery_action_cb (GtkButton     *button,
                    TmReleasePage *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "tm-action");
  gint64 *id = g_object_get_data (G_OBJECT (button), "tm-distribution");
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_str_equal (action, "retry"))
    ok = tm_distributor_retry (self->catalog, *id, &error);
  else if (g_str_equal (action, "update"))
    ok = tm_distributor_request_update (self->catalog, *id, _("Metadata changed"), &error);
  else if (g_str_equal (action, "takedown"))
    ok = tm_distributor_request_takedown (self->catalog, *id, _("Taken down by the rights holder"), &error);
  else if (g_str_equal (action, "open"))
    {
      const char *url = g_object_get_data (G_OBJECT (button), "tm-url");

      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), url,
                    GDK_CURRENT_TIME);
    }
  if (!ok)
    show_toast (self, error->message);
}

/**
 * tm_release_page_set_store_url:
 * @url: (nullable): an http or https address; empty or %NULL removes it
 *
 * Records the store link of a delivery, as typed into its row: for platforms
 * that do not say where a release is, the smart link page takes it from here.
 */
gboolean
tm_release_page_set_store_url (TmReleasePage  *self,
                               gint64          distribution_id,
                               const char     *url,
                               GError        **error)
{
  g_autoptr(TmDistribution) d = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (url != NULL ? url : ""));

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), FALSE);

  if (*clean != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (clean, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
          || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
              && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a web address. Copy the release's address from the "
                         "store's page, starting with https://."), clean);
          return FALSE;
        }
    }
  if (!(d = tm_catalog_get_distribution (self->catalog, distribution_id, error)))
    return FALSE;
  tm_distribution_set_store_url (d, *clean != '\0' ? clean : NULL);
  return tm_catalog_update_distribution (self->catalog, d, error);
}

static void
store_url_apply_cb (AdwEntryRow   *entry,
                    TmReleasePage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (entry), "tm-distribution");
  g_autoptr(GError) error = NULL;

  if (!tm_release_page_set_store_url (self, *id, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                      &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Store link saved"));
}

static GtkWidget *
delivery_button (TmReleasePage  *self,
                 TmDistribution *d,
                 const char     *label,
                 const char     *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  gint64 id = tm_record_get_id (TM_RECORD (d));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "tm-action", (gpointer) action);
  g_object_set_data_full (G_OBJECT (button), "tm-distribution", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data_full (G_OBJECT (button), "tm-url",
                          g_strdup (tm_distribution_get_store_url (d)), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (delivery_action_cb), self);
  return button;
}

static void
add_delivery_row (TmReleasePage  *self,
                  TmDistribution *d)
{
  TmDistributionStatus status = tm_distribution_get_status (d);
  const char *label = tm_distribution_status_get_label (status);
  const char *problem = tm_distribution_get_last_error (d);
  g_autofree char *when = tm_format_when (tm_distribution_get_updated_at (d), g_get_real_time ());
  g_autofree char *subtitle = g_strjoin (" · ", label, when, problem, NULL);
  g_autoptr(GPtrArray) history = tm_catalog_list_history (self->catalog,
                                                          tm_record_get_id (TM_RECORD (d)),
                                                          NULL);
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tm_distribution_get_platform_name (d));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);

  /* What fits the state (STATUS.md). */
  if (tm_distribution_get_store_url (d) != NULL)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 delivery_button (self, d, _("_Open Store Page"), "open"));
  if (status == TM_DISTRIBUTION_STATUS_FAILED || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 delivery_button (self, d, _("_Retry"), "retry"));
  if (status == TM_DISTRIBUTION_STATUS_DISTRIBUTED || status == TM_DISTRIBUTION_STATUS_LIVE
      || status == TM_DISTRIBUTION_STATUS_UPDATED)
    {
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   delivery_button (self, d, _("_Update"), "update"));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   delivery_button (self, d, _("_Take Down"), "takedown"));
    }

  /* The store link: from the platform, or typed in. */
  {
    GtkWidget *entry = adw_entry_row_new ();
    gint64 id = tm_record_get_id (TM_RECORD (d));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Store Link"));
    adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
    gtk_editable_set_text (GTK_EDITABLE (entry), tm_distribution_get_store_url (d) != NULL
                                                 ? tm_distribution_get_store_url (d) : "");
    g_object_set_data_full (G_OBJECT (entry), "tm-distribution", g_memdup2 (&id, sizeof id),
                            g_free);
    g_signal_connect (entry, "apply", G_CALLBACK (store_url_apply_cb), self);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
  }

  /* The history, newest first: every change, and who or what made it. */
  for (guint k = history != NULL ? history->len : 0; k > 0; k--)
    {
      TmStatusChange *change = g_ptr_array_index (history, k - 1);
      GtkWidget *entry = adw_action_row_new ();
      g_autofree char *at = tm_format_when (tm_status_change_get_time (change),
                                            g_get_real_time ());
      g_autofree char *by = g_strdup_printf (_("%s · by %s"), at,
                                             actor_label (tm_status_change_get_actor (change)));
      const char *details = tm_status_change_get_details (change);
      g_autofree char *line = details != NULL ? g_strjoin (" · ", by, details, NULL)
                                              : g_strdup (by);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry),
                                     tm_distribution_status_get_label (
                                       tm_status_change_get_to_status (change)));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (entry), line);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (entry), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
    }

  adw_preferences_group_add (self->delivery_group, row);
  g_ptr_array_add (self->dynamic_rows, row);
}

static void
rebuild_lists (TmReleasePage *self)
{
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *distributions = G_LIST_MODEL (self->distributions);
  guint n;

  clear_dynamic_rows (self);
  if (self->release == NULL)
    {
      tm_track_table_set_tracks (self->track_table, NULL);
      return;
    }

  tracks = tm_catalog_list_tracks (self->catalog, tm_record_get_id (TM_RECORD (self->release)),
                                   &error);
  tm_track_table_set_catalog (self->track_table, self->catalog);
  tm_track_table_set_tracks (self->track_table, tracks);
  gtk_widget_set_visible (GTK_WIDGET (self->track_table), tracks != NULL && tracks->len > 0);
  if (tracks == NULL)
    add_row (self, self->tracks_group, _("The tracks could not be read"), error->message);
  else if (tracks->len == 0)
    add_row (self, self->tracks_group, _("No tracks yet"),
             _("Drop audio files, a folder or a zip onto the window, or use Import Files "
               "(Ctrl+O)."));

  n = g_list_model_get_n_items (distributions);
  if (n == 0)
    add_row (self, self->delivery_group, _("Not delivered anywhere yet"),
             _("Press Deliver… to send the release to the platforms you choose."));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmDistribution) d = g_list_model_get_item (distributions, i);

      add_delivery_row (self, d);
    }
}

/* Delivering: the user picks platforms; each one's checks run first, and what
 * passes is queued (the application's queue takes it within a second). */

typedef struct
{
  char   *catalog_path;
  gint64  release_id;
  GArray *platform_ids;
} DeliverData;

static void
deliver_data_free (gpointer data)
{
  DeliverData *d = data;

  g_free (d->catalog_path);
  g_array_unref (d->platform_ids);
  g_free (d);
}

/* In a worker, with a connection of its own: the checks may analyse audio. */
static void
deliver_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  DeliverData *d = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (d->catalog_path, &error);
  GPtrArray *outcomes = NULL;

  if (catalog != NULL)
    outcomes = tm_distributor_distribute (catalog, &d->release_id, 1, (gint64 *) d->platform_ids->data,
                              d->platform_ids->len, TM_JOB_PRIORITY_NORMAL, 0, 0, &error);
  if (outcomes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify) g_ptr_array_unref);
}

static void
deliver_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TmReleasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GString) stopped = g_string_new (NULL);
  guint queued = 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->deliver_button), TRUE);
  if (outcomes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The release could not be queued: %s"),
                                                  error->message);
      show_toast (self, message);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->problem == NULL)
        queued++;
      else
        g_string_append_printf (stopped, "%s%s", stopped->len > 0 ? "; " : "", o->problem);
    }

  /* The catalog was changed through another connection: look now, not later. */
  if (self->catalog != NULL)
    tm_catalog_check_external_changes (self->catalog);

  if (stopped->len > 0)
    show_toast (self, stopped->str);
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Queued for %u platform",
                                                            "Queued for %u platforms", queued),
                                                  queued);
      AdwToast *toast = adw_toast_new (message);
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      else
        g_object_unref (g_object_ref_sink (toast));
    }
}

static void
deliver_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TmReleasePage    *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "tm-checks");
  g_autoptr(GTask) task = NULL;
  DeliverData *d;

  if (!g_str_equal (response, "deliver") || self->release == NULL)
    return;

  d = g_new0 (DeliverData, 1);
  d->platform_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);
      gint64 *id = g_object_get_data (G_OBJECT (check), "tm-platform-id");

      if (gtk_check_button_get_active (check))
        g_array_append_val (d->platform_ids, *id);
    }
  if (d->platform_ids->len == 0)
    {
      deliver_data_free (d);
      return;
    }

  tm_release_page_save (self);
  d->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  d->release_id = tm_record_get_id (TM_RECORD (self->release));
  gtk_widget_set_sensitive (GTK_WIDGET (self->deliver_button), FALSE);
  task = g_task_new (NULL, NULL, deliver_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, deliver_response_cb);
  g_task_set_name (task, "[tm] distribute");
  g_task_set_task_data (task, d, deliver_data_free);
  g_task_run_in_thread (task, deliver_worker);
}

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
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *checks;
  GtkWidget *dialog, *list;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  if (self->release == NULL)
    return NULL;
  platforms = tm_catalog_list_platforms (self->catalog, &error);
  heading = g_strdup_printf (_("Deliver “%s”"), tm_release_get_title (self->release) != NULL
                                                ? tm_release_get_title (self->release)
                                                : _("Untitled Release"));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Each platform checks the release against its rules "
                                     "first; what passes goes into the queue, and is retried "
                                     "by itself if anything fails on the way."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  checks = g_ptr_array_new ();
  for (guint i = 0; platforms != NULL && i < platforms->len; i++)
    {
      TmPlatform *platform = g_ptr_array_index (platforms, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      gint64 id = tm_record_get_id (TM_RECORD (platform));

      if (!tm_platform_get_enabled (platform))
        continue;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tm_platform_get_name (platform));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (check), "tm-platform-id", g_memdup2 (&id, sizeof id),
                              g_free);
      /* The only platform is the obvious choice. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), platforms->len == 1);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (checks, check);
    }
  if (checks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No platform yet: add one in Platforms, in the main "
                                       "menu"));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_object_set_data_full (G_OBJECT (dialog), "tm-checks", checks,
                          (GDestroyNotify) g_ptr_array_unref);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "deliver", _("_Deliver"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deliver",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "deliver");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (deliver_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
deliver_clicked_cb (TmReleasePage *self)
{
  tm_release_page_deliver (self);
}

/* Pre-flight: the release checked against its platforms' rules in a worker
 * thread, with its own catalog connection; the files' reports are cached, so
 * only new or changed files are analysed. */

typedef struct
{
  char       *catalog_path;
  gint64      release_id;
  GWeakRef    page;
  GMutex      lock;
  GHashTable *shown;         /* path → last fraction shown, in hundredths */
} CheckData;

typedef struct
{
  GWeakRef  page;
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
  g_weak_ref_clear (&d->page);
  g_mutex_clear (&d->lock);
  g_hash_table_unref (d->shown);
  g_free (d);
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *u = data;

  g_weak_ref_clear (&u->page);
  g_free (u->path);
  g_free (u);
}

/* In the main thread: the track's bar moves. */
static gboolean
show_progress_cb (gpointer data)
{
  ProgressUpdate *u = data;
  g_autoptr(TmReleasePage) self = g_weak_ref_get (&u->page);

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
      g_autoptr(GObject) page = g_weak_ref_get (&d->page);

      g_weak_ref_init (&u->page, page);
      u->path = g_strdup (path);
      u->fraction = fraction;
      g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress_cb, u,
                                  progress_update_free);
    }
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

/* The profiles of the platforms the release goes to; before it goes anywhere,
 * the two largest stores'. */
static GPtrArray *
profiles_for (TmCatalog  *catalog,
              gint64      release_id,
              GPtrArray  *all)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) distributions = tm_catalog_list_distributions (catalog, release_id, NULL);

  for (guint i = 0; distributions != NULL && i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      g_autoptr(TmPlatform) platform = tm_catalog_get_platform (catalog,
                                                                tm_distribution_get_platform_id (d),
                                                                NULL);
      const char *id = platform != NULL ? tm_platform_get_rule_profile (platform) : NULL;
      TmRequirements *profile = id != NULL ? tm_requirements_find (all, id) : NULL;

      if (profile != NULL && !g_ptr_array_find (chosen, profile, NULL))
        g_ptr_array_add (chosen, g_object_ref (profile));
    }

  if (chosen->len == 0)
    {
      static const char * const stores[] = { "spotify", "apple-music" };

      for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
        if (tm_requirements_find (all, stores[i]) != NULL)
          g_ptr_array_add (chosen, g_object_ref (tm_requirements_find (all, stores[i])));
    }

  return g_steal_pointer (&chosen);
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *d = task_data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) all = NULL;
  CheckResult *result;
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (d->catalog_path, &error))
      || !(all = tm_requirements_load_all (NULL, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (CheckResult, 1);
  result->profiles = profiles_for (catalog, d->release_id, all);
  result->all = g_steal_pointer (&all);
  result->issues = tm_preflight_check_release (catalog, d->release_id, result->profiles,
                                               &result->reports, analysis_progress_cb, d,
                                               cancellable, &error);
  result->tracks = tm_catalog_list_tracks (catalog, d->release_id, NULL);
  if (result->issues == NULL)
    {
      check_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, check_result_free);
}

static void
clear_preflight (TmReleasePage *self)
{
  for (guint i = 0; i < self->preflight_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->preflight_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->preflight_rows, 0);
}

/* The page's field for an issue's field, if the page has one. */
static const char *
field_for_issue (const char *field)
{
  static const struct { const char *issue; const char *page; } map[] = {
    { "artists", "artist" }, { "p_line", "p_holder" }, { "c_line", "c_holder" },
    { "territories", "territories" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (field, map[i].issue) == 0)
      return map[i].page;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field, fields[i].key) == 0)
      return fields[i].key;
  return NULL;
}

static void
issue_activated_cb (AdwActionRow  *row,
                    TmReleasePage *self)
{
  static const char * const credit_fields[] = {
    "composer", "lyricist", "producer", "contributors", "splits", NULL
  };
  const char *key = g_object_get_data (G_OBJECT (row), "tm-field");
  gint64 *track_id = g_object_get_data (G_OBJECT (row), "tm-track-id");

  if (track_id == NULL)
    {
      if (key != NULL)
        tm_release_page_focus_field (self, key);
      return;
    }

  /* A track's problem: its row, or its credits when they are what is missing. */
  if (tm_track_table_select_track (self->track_table, *track_id)
      && key != NULL && g_strv_contains (credit_fields, key))
    {
      g_autoptr(TmTrack) track = tm_catalog_get_track (self->catalog, *track_id, NULL);

      if (track != NULL)
        edit_credits_cb (self->track_table, track, self);
    }
}

/**
 * tm_issue_help_uri:
 *
 * Returns: the help section that explains issues of @code, such as
 *   help:tunemantra/checks#audio for audio.true_peak
 */
char *
tm_issue_help_uri (const char *code)
{
  const char *dot = code != NULL ? strchr (code, '.') : NULL;
  g_autofree char *group = dot != NULL ? g_strndup (code, dot - code) : g_strdup ("audio");

  /* Track problems are explained with the release's. */
  if (g_str_equal (group, "track"))
    return g_strdup ("help:tunemantra/checks#release");
  return g_strdup_printf ("help:tunemantra/checks#%s", group);
}

static void
issue_help_clicked_cb (GtkButton *button)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "tm-uri");

  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), uri, GDK_CURRENT_TIME);
}

static GtkWidget *
issue_help_button (const char *code)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("help-about-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("What This Means"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What this means, in the help"), -1);
  g_object_set_data_full (G_OBJECT (button), "tm-uri", tm_issue_help_uri (code), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (issue_help_clicked_cb), NULL);
  return button;
}

static void
show_preflight (TmReleasePage *self,
                CheckResult   *result)
{
  static const char * const icons[] = {
    "dialog-error-symbolic", "dialog-warning-symbolic", "dialog-information-symbolic"
  };

  clear_preflight (self);
  g_clear_pointer (&self->preflight_issues, g_ptr_array_unref);
  self->preflight_issues = g_ptr_array_ref (result->issues);

  for (guint p = 0; p < result->profiles->len; p++)
    {
      TmRequirements *profile = g_ptr_array_index (result->profiles, p);
      GtkWidget *expander = adw_expander_row_new ();
      guint counts[3] = { 0, 0, 0 };
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     tm_requirements_get_name (profile));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);

      for (guint i = 0; i < result->issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (result->issues, i);
          GtkWidget *row, *icon;
          const char *field = NULL;

          if (!g_str_equal (tm_issue_get_platform (issue), tm_requirements_get_id (profile)))
            continue;
          counts[tm_issue_get_severity (issue)]++;

          row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tm_issue_get_message (issue));
          if (tm_issue_get_hint (issue) != NULL)
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tm_issue_get_hint (issue));
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          gtk_widget_set_tooltip_text (row, tm_issue_get_source (issue));
          icon = gtk_image_new_from_icon_name (icons[tm_issue_get_severity (issue)]);
          gtk_widget_add_css_class (icon, tm_issue_get_severity (issue) == TM_ISSUE_ERROR
                                          ? "error" : tm_issue_get_severity (issue)
                                                      == TM_ISSUE_WARNING ? "warning" : "dim-label");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          tm_issue_severity_to_string (tm_issue_get_severity (issue)),
                                          -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     issue_help_button (tm_issue_get_code (issue)));

          if (tm_issue_get_track_id (issue) != 0)
            {
              gint64 track_id = tm_issue_get_track_id (issue);

              g_object_set_data_full (G_OBJECT (row), "tm-track-id",
                                      g_memdup2 (&track_id, sizeof track_id), g_free);
              g_object_set_data_full (G_OBJECT (row), "tm-field",
                                      g_strdup (tm_issue_get_field (issue)), g_free);
            }
          if (tm_issue_get_track_id (issue) != 0
              || (field = field_for_issue (tm_issue_get_field (issue))) != NULL)
            {
              if (tm_issue_get_track_id (issue) == 0)
                g_object_set_data (G_OBJECT (row), "tm-field", (gpointer) field);
              gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                         gtk_image_new_from_icon_name ("go-next-symbolic"));
              g_signal_connect (row, "activated", G_CALLBACK (issue_activated_cb), self);
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }

      if (counts[0] + counts[1] + counts[2] == 0)
        subtitle = g_strdup (_("Ready to deliver"));
      else
        subtitle = g_strdup_printf (_("%u errors, %u warnings, %u notes"), counts[0], counts[1],
                                    counts[2]);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander),
                                             counts[0] + counts[1] + counts[2] > 0);
      /* A short list is open; a long one would push the release below the fold. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander),
                                     counts[0] > 0 && p == 0
                                     && counts[0] + counts[1] + counts[2] <= 6);
      adw_preferences_group_add (self->preflight_group, expander);
      g_ptr_array_add (self->preflight_rows, expander);
    }
}

/* Per platform with a known normalisation: the album's gain, then each track's. */
static void
show_loudness (TmReleasePage *self,
               CheckResult   *result)
{
  guint n = result->tracks != NULL ? result->tracks->len : 0;
  g_autofree double *lufs = g_new0 (double, MAX (n, 1));
  g_autofree double *peaks = g_new0 (double, MAX (n, 1));
  g_autofree double *durations = g_new0 (double, MAX (n, 1));
  double album_lufs, album_peak = -INFINITY;
  guint measured = 0;

  for (guint i = 0; i < n; i++)
    {
      TmTrack *track = g_ptr_array_index (result->tracks, i);
      const char *path = tm_track_get_audio_path (track);
      const TmAudioReport *audio = path != NULL
                                   ? tm_report_get_audio (g_hash_table_lookup (result->reports,
                                                                               path))
                                   : NULL;

      lufs[i] = peaks[i] = NAN;
      durations[i] = 0;
      if (audio != NULL && isfinite (audio->integrated_lufs) && isfinite (audio->true_peak_dbtp))
        {
          lufs[i] = audio->integrated_lufs;
          peaks[i] = audio->true_peak_dbtp;
          durations[i] = isfinite (audio->duration_s) ? audio->duration_s : 0;
          album_peak = MAX (album_peak, peaks[i]);
          measured++;
        }
    }
  album_lufs = tm_checker_album_loudness (lufs, durations, n);

  if (measured == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Measured once the tracks are analysed"));
      adw_preferences_group_add (self->loudness_group, row);
      g_ptr_array_add (self->preflight_rows, row);
      return;
    }

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
          g_string_append_printf (text, " · %d: %+.1f", tm_track_get_number (
                                    g_ptr_array_index (result->tracks, i)), gain);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tm_requirements_get_name (profile));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_tooltip_text (row, tm_requirements_get_source (profile,
                                                                    "loudness.target_lufs"));
      adw_preferences_group_add (self->loudness_group, row);
      g_ptr_array_add (self->preflight_rows, row);
    }
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TmReleasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  CheckResult *check = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->check_spinner);
  g_clear_object (&self->check_cancellable);

  if (check == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      clear_preflight (self);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The release could not be "
                                                                  "checked"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      adw_preferences_group_add (self->preflight_group, row);
      g_ptr_array_add (self->preflight_rows, row);
      return;
    }

  show_preflight (self, check);
  show_loudness (self, check);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  self->reports = g_steal_pointer (&check->reports);
  tm_track_table_set_reports (self->track_table, self->reports);
  check_result_free (check);
}

static void
start_check (TmReleasePage *self)
{
  g_autoptr(GTask) task = NULL;
  CheckData *d;

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->release == NULL)
    return;

  d = g_new0 (CheckData, 1);
  d->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  d->release_id = tm_record_get_id (TM_RECORD (self->release));
  g_weak_ref_init (&d->page, self);
  g_mutex_init (&d->lock);
  d->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->check_cancellable = g_cancellable_new ();
  gtk_spinner_start (self->check_spinner);
  task = g_task_new (NULL, self->check_cancellable, check_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_check);
  g_task_set_name (task, "[tm] pre-flight");
  g_task_set_task_data (task, d, check_data_free);
  g_task_run_in_thread (task, check_worker);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  TmReleasePage *self = user_data;

  self->check_id = 0;
  start_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (TmReleasePage *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
check_clicked_cb (TmReleasePage *self)
{
  start_check (self);
}

static void
catalog_changed_cb (TmReleasePage *self,
                    int            change,
                    gint64         release_id,
                    TmCatalog     *catalog)
{
  if (self->release != NULL
      && (change == TM_CATALOG_CHANGE_EXTERNAL
          || release_id == tm_record_get_id (TM_RECORD (self->release))))
    {
      rebuild_lists (self);
      schedule_check (self);
    }
}

static void
disconnect_release (TmReleasePage *self)
{
  tm_release_page_save (self);

  if (self->release != NULL)
    g_signal_handlers_disconnect_by_data (self->release, self);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->distributions != NULL)
    g_signal_handlers_disconnect_by_data (self->distributions, self);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->check_spinner != NULL)
    gtk_spinner_stop (self->check_spinner);
  if (self->preflight_rows != NULL)
    clear_preflight (self);
  g_clear_pointer (&self->preflight_issues, g_ptr_array_unref);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  if (self->track_table != NULL)
    tm_track_table_set_reports (self->track_table, NULL);

  g_clear_object (&self->release);
  g_clear_object (&self->distributions);
  g_clear_object (&self->catalog);
}

/* adw_preferences_page_scroll_to_top() is libadwaita 1.3; the page's first
 * descendant scrolled window does the same here. */
static void
scroll_to_top (TmReleasePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->preferences_page));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      {
        GtkAdjustment *adjustment =
          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child));
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
      }
}

void
tm_release_page_set_release (TmReleasePage *self,
                             TmCatalog     *catalog,
                             TmRelease     *release)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TM_IS_RELEASE_PAGE (self));
  g_return_if_fail (release == NULL || TM_IS_CATALOG (catalog));

  if (self->release == release)
    return;

  disconnect_release (self);
  if (release == NULL)
    {
      clear_dynamic_rows (self);
      return;
    }

  self->catalog = g_object_ref (catalog);
  self->release = g_object_ref (release);
  self->distributions = tm_distribution_list_new (catalog, tm_record_get_id (TM_RECORD (release)));
  if (!tm_record_list_reload (TM_RECORD_LIST (self->distributions), &error))
    g_warning ("Could not load the distributions: %s", error->message);

  for (guint i = 0; i < self->field_rows->len; i++)
    {
      gtk_widget_remove_css_class (g_ptr_array_index (self->field_rows, i), "error");
      gtk_editable_set_text (g_ptr_array_index (self->field_rows, i), "");
    }
  sync_from_release (self);
  rebuild_lists (self);
  start_check (self);

  g_signal_connect_object (release, "notify", G_CALLBACK (release_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (catalog, "changed", G_CALLBACK (catalog_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->distributions, "items-changed", G_CALLBACK (rebuild_lists),
                           self, G_CONNECT_SWAPPED);

  scroll_to_top (self);
}

TmRelease *
tm_release_page_get_release (TmReleasePage *self)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  return self->release;
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

  return self->preflight_issues;
}

/**
 * tm_release_page_get_field:
 * @key: a field's key, as `release set` takes it
 *
 * Returns: (transfer none) (nullable): the entry that edits @key
 */
GtkEditable *
tm_release_page_get_field (TmReleasePage *self,
                           const char    *key)
{
  g_return_val_if_fail (TM_IS_RELEASE_PAGE (self), NULL);

  for (guint i = 0; i < self->field_rows->len; i++)
    if (g_str_equal (fields[i].key, key))
      return g_ptr_array_index (self->field_rows, i);
  if (g_str_equal (key, "territories"))
    return GTK_EDITABLE (self->territories_row);

  return NULL;
}

void
tm_release_page_focus_field (TmReleasePage *self,
                             const char    *key)
{
  GtkEditable *field;

  g_return_if_fail (TM_IS_RELEASE_PAGE (self));

  if ((field = tm_release_page_get_field (self, key)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (field));
}

static void
tm_release_page_dispose (GObject *object)
{
  TmReleasePage *self = TM_RELEASE_PAGE (object);

  disconnect_release (self);
  /* AdwBin keeps its own pointer to the child: let it go before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_RELEASE_PAGE);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preflight_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_release_page_parent_class)->dispose (object);
}

static void
tm_release_page_class_init (TmReleasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_release_page_dispose;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/tunemantra/TuneMantra/tm-release-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, release_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, rights_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, preflight_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, loudness_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, tracks_group);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, deliver_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, delivery_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, type_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, explicit_switch);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, territory_mode_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, deliver_button);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, territories_row);
}

static void
tm_release_page_init (TmReleasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->field_rows = g_ptr_array_new ();
  self->dynamic_rows = g_ptr_array_new ();
  self->preflight_rows = g_ptr_array_new ();
  self->track_table = TM_TRACK_TABLE (tm_track_table_new ());
  g_signal_connect (self->track_table, "remove-track", G_CALLBACK (remove_track_cb), self);
  g_signal_connect (self->track_table, "edit-credits", G_CALLBACK (edit_credits_cb), self);
  adw_preferences_group_add (self->tracks_group, GTK_WIDGET (self->track_table));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));
      g_object_set_data (G_OBJECT (row), "tm-key", (gpointer) fields[i].key);
      g_signal_connect (row, "changed", G_CALLBACK (field_changed_cb), self);
      if (g_str_has_suffix (fields[i].key, "release_date"))
        add_calendar (row);
      if (g_str_equal (fields[i].key, "timezone"))
        {
          GtkWidget *local = gtk_button_new_from_icon_name ("find-location-symbolic");

          gtk_widget_set_valign (local, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (local, "flat");
          gtk_widget_set_tooltip_text (local, _("Use This Computer’s Time Zone"));
          g_signal_connect (local, "clicked", G_CALLBACK (use_local_zone_cb), row);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), local);
        }
      adw_preferences_group_add (fields[i].rights ? self->rights_group : self->release_group, row);
      g_ptr_array_add (self->field_rows, row);
    }

  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (type_selected_cb),
                            self);
  g_signal_connect_swapped (self->explicit_switch, "notify::active",
                            G_CALLBACK (explicit_active_cb), self);
  g_signal_connect_swapped (self->territory_mode_row, "notify::selected",
                            G_CALLBACK (territory_mode_cb), self);
  g_object_set_data (G_OBJECT (self->territories_row), "tm-key", (gpointer) "territories");
  g_signal_connect (self->territories_row, "changed", G_CALLBACK (field_changed_cb), self);
}
