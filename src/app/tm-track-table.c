/* tm-track-table.c: a release's tracks, edited in place
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A GtkColumnView over the release's tracks. Text cells are frameless entries
 * that look like labels until focused: Enter or leaving the cell writes the
 * track to the catalog, Escape gives the stored text back. (GtkEditableLabel
 * would read better, but in GTK 4.8 it crashes when a row is destroyed within
 * 100 ms of losing the focus: its focus-out timeout holds no reference.) Several tracks can be
 * selected and given one value at once, with undo. The drag handle and
 * Alt+Up/Alt+Down reorder; Delete removes (the page offers undo). The table
 * keeps its TmTrack objects when the catalog sends new ones, so a cell being
 * edited is not rebuilt under the cursor. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-preflight.h"
#include "tm-preferences.h"
#include "tm-track-table.h"
#include "tm-waveform.h"

struct _TmTrackTable
{
  AdwBin             parent_instance;

  TmCatalog         *catalog;        /* owned */
  GListStore        *store;          /* TmTrack */
  GtkMultiSelection *selection;
  GtkColumnView     *view;
  GHashTable        *reports;        /* path → TmReport; owned reference */
  GHashTable        *progress;       /* path → fraction as a boxed double */
  GPtrArray         *sound_cells;    /* the bound sound cells, borrowed */
  gint64             reselect_id;    /* a moved track, selected again once reloaded */

  GtkWidget         *batch_count;
  GtkDropDown       *batch_field;
  GtkEntry          *batch_entry;
  GtkWidget         *batch_apply;
};

G_DEFINE_FINAL_TYPE (TmTrackTable, tm_track_table, ADW_TYPE_BIN)

enum {
  SIGNAL_REMOVE_TRACK,
  SIGNAL_EDIT_CREDITS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The batch fields, in the order of TmBatchField, with their track keys. */
static const struct
{
  const char *key;
  const char *label;
} batch_fields[] = {
  { "artist", N_("Artist") },
  { "featured_artists", N_("Featured Artists") },
  { "version", N_("Version") },
  { "language", N_("Language") },
  { "explicit", N_("Explicit (yes or no)") },
  { "disc", N_("Disc") },
};

static void
show_toast (TmTrackTable *self,
            AdwToast     *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (g_object_ref_sink (toast));
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
show_error (TmTrackTable *self,
            const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

static const char *
display_title (TmTrack *track)
{
  return tm_track_get_title (track) != NULL ? tm_track_get_title (track) : _("Untitled");
}

/* The text a cell shows for @key. */
static char *
cell_text (TmTrack    *track,
           const char *key)
{
  if (g_str_equal (key, "number"))
    return tm_track_get_disc (track) > 1
           ? g_strdup_printf ("%d-%02d", tm_track_get_disc (track), tm_track_get_number (track))
           : g_strdup_printf ("%d", tm_track_get_number (track));
  if (g_str_equal (key, "artist"))
    return tm_track_get_artist (track);
  if (g_str_equal (key, "featured_artists"))
    return tm_track_get_featured_artists (track) != NULL
           ? g_strjoinv (", ", (char **) tm_track_get_featured_artists (track)) : NULL;
  if (g_str_equal (key, "title"))
    return g_strdup (tm_track_get_title (track));
  if (g_str_equal (key, "version"))
    return g_strdup (tm_track_get_version (track));
  if (g_str_equal (key, "isrc"))
    return g_strdup (tm_track_get_isrc (track));
  if (g_str_equal (key, "language"))
    return g_strdup (tm_track_get_language (track));
  return NULL;
}

static gboolean
write_track (TmTrackTable *self,
             TmTrack      *track)
{
  g_autoptr(GError) error = NULL;

  if (self->catalog == NULL)
    return FALSE;
  if (!tm_catalog_update_track (self->catalog, track, &error))
    {
      g_autofree char *failed = g_strdup_printf (_("“%s” could not be saved: %s"),
                                                 display_title (track), error->message);

      show_error (self, failed);
      return FALSE;
    }
  return TRUE;
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

/**
 * tm_track_table_edit:
 * @position: the track, from 0 in the table's order
 * @key: a key of `track set`
 *
 * Sets one field of one track and saves it, as editing its cell does.
 *
 * Returns: whether the value was valid and saved
 */
gboolean
tm_track_table_edit (TmTrackTable *self,
                     guint         position,
                     const char   *key,
                     const char   *text)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(TmTrack) before = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;
  gulong handler;
  gboolean ok;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  track = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (track == NULL)
    return FALSE;

  before = tm_track_new ();
  tm_record_assign (TM_RECORD (before), TM_RECORD (track));
  handler = g_signal_connect_swapped (track, "notify", G_CALLBACK (count_change), &changes);
  ok = tm_record_set_from_string (TM_RECORD (track), key, text, &error);
  g_signal_handler_disconnect (track, handler);
  if (!ok)
    {
      show_error (self, error->message);
      return FALSE;
    }
  if (changes == 0)
    return TRUE;
  if (!write_track (self, track))
    {
      /* The row shows what is stored. */
      tm_record_assign (TM_RECORD (track), TM_RECORD (before));
      return FALSE;
    }
  return TRUE;
}

/* Text cells */

static void
refresh_text_cell (GtkWidget *label)
{
  TmTrack *track = g_object_get_data (G_OBJECT (label), "tm-track");
  const char *key = g_object_get_data (G_OBJECT (label), "tm-key");
  g_autofree char *text = NULL;

  if (track == NULL)
    return;
  text = cell_text (track, key);
  if (GTK_IS_ENTRY (label))
    {
      GtkEventController *focus = g_object_get_data (G_OBJECT (label), "tm-focus");

      /* What is being typed is not replaced under the cursor. */
      if (!gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (focus)))
        gtk_editable_set_text (GTK_EDITABLE (label), text != NULL ? text : "");
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
commit_cell (GtkWidget    *entry,
             TmTrackTable *self)
{
  TmTrack *track = g_object_get_data (G_OBJECT (entry), "tm-track");
  const char *key = g_object_get_data (G_OBJECT (entry), "tm-key");
  g_autofree char *stored = NULL;
  guint position;

  if (track == NULL)
    return;

  stored = cell_text (track, key);
  if (g_strcmp0 (stored != NULL ? stored : "", gtk_editable_get_text (GTK_EDITABLE (entry))) == 0)
    return;

  if (!g_list_store_find (self->store, track, &position)
      || !tm_track_table_edit (self, position, key, gtk_editable_get_text (GTK_EDITABLE (entry))))
    {
      g_autofree char *text = cell_text (track, key);

      gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
    }
}

static void
cell_activate_cb (GtkEntry     *entry,
                  TmTrackTable *self)
{
  commit_cell (GTK_WIDGET (entry), self);
}

static void
cell_leave_cb (GtkEventControllerFocus *focus,
               TmTrackTable            *self)
{
  commit_cell (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)), self);
}

static gboolean
cell_escape_cb (GtkWidget *entry,
                GVariant  *args,
                gpointer   user_data)
{
  TmTrack *track = g_object_get_data (G_OBJECT (entry), "tm-track");
  g_autofree char *text = track != NULL
                          ? cell_text (track, g_object_get_data (G_OBJECT (entry), "tm-key"))
                          : NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  return TRUE;
}

static void
track_notify_cb (GtkWidget *cell)
{
  if (GTK_IS_ENTRY (cell) || GTK_IS_LABEL (cell))
    refresh_text_cell (cell);
  else if (GTK_IS_CHECK_BUTTON (cell))
    {
      TmTrack *track = g_object_get_data (G_OBJECT (cell), "tm-track");

      g_object_set_data (G_OBJECT (cell), "tm-syncing", GINT_TO_POINTER (TRUE));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (cell), tm_track_get_explicit (track));
      g_object_set_data (G_OBJECT (cell), "tm-syncing", NULL);
    }
}

/* Every cell's child knows its track while bound: the drop target and the
 * buttons find the row through it. */
static void
bind_track (GtkWidget *cell,
            TmTrack   *track)
{
  g_object_set_data (G_OBJECT (cell), "tm-track", track);
  g_signal_connect_object (track, "notify", G_CALLBACK (track_notify_cb), cell,
                           G_CONNECT_SWAPPED);
  track_notify_cb (cell);
}

static void
unbind_track (GtkWidget *cell)
{
  TmTrack *track = g_object_get_data (G_OBJECT (cell), "tm-track");

  if (track != NULL)
    g_signal_handlers_disconnect_by_data (track, cell);
  g_object_set_data (G_OBJECT (cell), "tm-track", NULL);
}

static void
text_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TmTrackTable             *self)
{
  const char *key = g_object_get_data (G_OBJECT (factory), "tm-key");
  const char *title = g_object_get_data (G_OBJECT (factory), "tm-title");
  GtkWidget *label;

  if (g_str_equal (key, "number"))
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();
      GtkEventController *keys = gtk_shortcut_controller_new ();

      label = gtk_entry_new ();
      gtk_entry_set_has_frame (GTK_ENTRY (label), FALSE);
      gtk_editable_set_width_chars (GTK_EDITABLE (label), 8);
      gtk_widget_add_css_class (label, "cell-entry");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      g_signal_connect (label, "activate", G_CALLBACK (cell_activate_cb), self);
      g_signal_connect (focus, "leave", G_CALLBACK (cell_leave_cb), self);
      gtk_widget_add_controller (label, focus);
      g_object_set_data (G_OBJECT (label), "tm-focus", focus);
      gtk_shortcut_controller_add_shortcut (
          GTK_SHORTCUT_CONTROLLER (keys),
          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                            gtk_callback_action_new (cell_escape_cb, NULL, NULL)));
      gtk_widget_add_controller (label, keys);
    }
  g_object_set_data (G_OBJECT (label), "tm-key", (gpointer) key);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TmTrackTable             *self)
{
  bind_track (gtk_list_item_get_child (item), gtk_list_item_get_item (item));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TmTrackTable             *self)
{
  unbind_track (gtk_list_item_get_child (item));
}

/* The explicit column */

static void
explicit_toggled_cb (GtkCheckButton *check,
                     TmTrackTable   *self)
{
  TmTrack *track = g_object_get_data (G_OBJECT (check), "tm-track");
  guint position;

  if (track == NULL || g_object_get_data (G_OBJECT (check), "tm-syncing") != NULL
      || gtk_check_button_get_active (check) == tm_track_get_explicit (track))
    return;

  if (g_list_store_find (self->store, track, &position))
    tm_track_table_edit (self, position, "explicit",
                         gtk_check_button_get_active (check) ? "true" : "false");
}

static void
explicit_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   TmTrackTable             *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Explicit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Explicit"), -1);
  g_signal_connect (check, "toggled", G_CALLBACK (explicit_toggled_cb), self);
  gtk_list_item_set_child (item, check);
}

/* The sound column: loudness and true peak, and the overview once measured,
 * a progress bar while the analysis runs. */

static void
refresh_sound_cell (TmTrackTable *self,
                    GtkWidget    *box)
{
  TmTrack *track = g_object_get_data (G_OBJECT (box), "tm-track");
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *waveform = gtk_widget_get_next_sibling (label);
  GtkWidget *bar = gtk_widget_get_next_sibling (waveform);
  const char *path = track != NULL ? tm_track_get_audio_path (track) : NULL;
  const TmReport *report = path != NULL && self->reports != NULL
                           ? g_hash_table_lookup (self->reports, path) : NULL;
  const TmAudioReport *audio = tm_report_get_audio (report);
  double *fraction = path != NULL ? g_hash_table_lookup (self->progress, path) : NULL;

  if (audio != NULL && isfinite (audio->integrated_lufs) && isfinite (audio->true_peak_dbtp))
    {
      g_autofree char *text = g_strdup_printf (_("%.1f LUFS · %+.1f dBTP"),
                                               audio->integrated_lufs, audio->true_peak_dbtp);

      gtk_label_set_text (GTK_LABEL (label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), path == NULL ? _("No audio") : "");

  if (audio != NULL)
    {
      tm_waveform_set_report (TM_WAVEFORM (waveform), report);
      gtk_widget_set_visible (waveform, TRUE);
      gtk_widget_set_visible (bar, FALSE);
    }
  else
    {
      gtk_widget_set_visible (waveform, FALSE);
      gtk_widget_set_visible (bar, fraction != NULL);
      if (fraction != NULL)
        gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), *fraction);
    }
}

static void
sound_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TmTrackTable             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *bar = gtk_progress_bar_new ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), tm_waveform_new ());
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Analysing"), -1);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_list_item_set_child (item, box);
}

static void
sound_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TmTrackTable             *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (box), "tm-track", gtk_list_item_get_item (item));
  g_ptr_array_add (self->sound_cells, box);
  refresh_sound_cell (self, box);
}

static void
sound_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TmTrackTable             *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_ptr_array_remove_fast (self->sound_cells, box);
  g_object_set_data (G_OBJECT (box), "tm-track", NULL);
}

/* The actions column: credits and splits, remove. */

static void
credits_clicked_cb (GtkButton    *button,
                    TmTrackTable *self)
{
  TmTrack *track = g_object_get_data (G_OBJECT (gtk_widget_get_parent (GTK_WIDGET (button))),
                                      "tm-track");

  if (track != NULL)
    g_signal_emit (self, signals[SIGNAL_EDIT_CREDITS], 0, track);
}

static void
remove_clicked_cb (GtkButton    *button,
                   TmTrackTable *self)
{
  TmTrack *track = g_object_get_data (G_OBJECT (gtk_widget_get_parent (GTK_WIDGET (button))),
                                      "tm-track");

  if (track != NULL)
    g_signal_emit (self, signals[SIGNAL_REMOVE_TRACK], 0, track);
}

static void
actions_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TmTrackTable             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *credits = gtk_button_new_from_icon_name ("system-users-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (credits, "flat");
  gtk_widget_set_tooltip_text (credits, _("Details, Credits and Splits"));
  g_signal_connect (credits, "clicked", G_CALLBACK (credits_clicked_cb), self);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Track"));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), credits);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_item_set_child (item, box);
}

static void
actions_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TmTrackTable             *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "tm-track",
                     gtk_list_item_get_item (item));
}

/* Reordering: the handle drags the track, a drop on any row puts it there. */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *handle)
{
  TmTrack *track = g_object_get_data (G_OBJECT (handle), "tm-track");

  if (track == NULL)
    return NULL;
  return gdk_content_provider_new_typed (TM_TYPE_TRACK, track);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *handle)
{
  GdkPaintable *icon = gtk_widget_paintable_new (handle);

  gtk_drag_source_set_icon (source, icon, 0, 0);
  g_object_unref (icon);
}

static void
handle_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TmTrackTable             *self)
{
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_set_tooltip_text (handle, _("Drag to Reorder (Alt+Up, Alt+Down)"));
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), handle);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), handle);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (item, handle);
}

static void
handle_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TmTrackTable             *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "tm-track",
                     gtk_list_item_get_item (item));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TmTrackTable  *self)
{
  TmTrack *dragged = g_value_get_object (value);
  TmTrack *onto = NULL;
  guint from, to;

  for (GtkWidget *w = gtk_widget_pick (GTK_WIDGET (self->view), x, y, GTK_PICK_DEFAULT);
       w != NULL && onto == NULL && w != GTK_WIDGET (self->view); w = gtk_widget_get_parent (w))
    onto = g_object_get_data (G_OBJECT (w), "tm-track");

  if (dragged == NULL || !g_list_store_find (self->store, dragged, &from))
    return FALSE;
  if (onto == NULL || !g_list_store_find (self->store, onto, &to))
    to = g_list_model_get_n_items (G_LIST_MODEL (self->store)) - 1;

  return from == to || tm_track_table_move (self, from, to);
}

/**
 * tm_track_table_move:
 * @from: the track's position in the table
 * @to: where it goes
 *
 * Moves a track and numbers the others again; a track dropped on another
 * disc's track joins that disc.
 */
gboolean
tm_track_table_move (TmTrackTable *self,
                     guint         from,
                     guint         to)
{
  g_autoptr(TmTrack) track = NULL;
  g_autoptr(TmTrack) target = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  track = g_list_model_get_item (G_LIST_MODEL (self->store), from);
  target = g_list_model_get_item (G_LIST_MODEL (self->store), to);
  if (track == NULL || target == NULL || self->catalog == NULL)
    return FALSE;

  id = tm_record_get_id (TM_RECORD (track));
  self->reselect_id = id;
  if (!tm_catalog_begin (self->catalog, &error))
    goto failed;
  if (tm_track_get_disc (track) != tm_track_get_disc (target))
    {
      g_autoptr(TmTrack) moved = tm_catalog_get_track (self->catalog, id, &error);

      if (moved == NULL)
        goto failed_in_transaction;
      tm_track_set_disc (moved, tm_track_get_disc (target));
      if (!tm_catalog_update_track (self->catalog, moved, &error))
        goto failed_in_transaction;
    }
  if (!tm_catalog_move_track (self->catalog, id, tm_track_get_number (target), &error)
      || !tm_catalog_commit (self->catalog, &error))
    goto failed_in_transaction;
  return TRUE;

failed_in_transaction:
  tm_catalog_rollback (self->catalog);
failed:
  {
    g_autofree char *failed = g_strdup_printf (_("“%s” could not be moved: %s"),
                                               display_title (track), error->message);

    show_error (self, failed);
  }
  return FALSE;
}

/**
 * tm_track_table_move_selected:
 * @delta: -1 for up, 1 for down
 *
 * Moves the selected track one place, as Alt+Up and Alt+Down do.
 */
gboolean
tm_track_table_move_selected (TmTrackTable *self,
                              int           delta)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint position, n;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (gtk_bitset_get_size (selected) != 1)
    return FALSE;
  position = gtk_bitset_get_nth (selected, 0);
  if ((delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return FALSE;

  return tm_track_table_move (self, position, position + delta);
}

static gboolean
move_up_cb (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  tm_track_table_move_selected (TM_TRACK_TABLE (user_data), -1);
  return TRUE;
}

static gboolean
move_down_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  tm_track_table_move_selected (TM_TRACK_TABLE (user_data), 1);
  return TRUE;
}

static gboolean
remove_selected_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  TmTrackTable *self = TM_TRACK_TABLE (user_data);
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(TmTrack) track = NULL;

  /* A key typed into a cell being edited is the cell's. */
  if (gtk_bitset_get_size (selected) != 1
      || GTK_IS_TEXT (gtk_root_get_focus (gtk_widget_get_root (widget)))
      || GTK_IS_ENTRY (gtk_root_get_focus (gtk_widget_get_root (widget))))
    return FALSE;

  track = g_list_model_get_item (G_LIST_MODEL (self->store), gtk_bitset_get_nth (selected, 0));
  g_signal_emit (self, signals[SIGNAL_REMOVE_TRACK], 0, track);
  return TRUE;
}

/* Apply to selected */

typedef struct
{
  TmCatalog *catalog;
  GPtrArray *before;     /* TmTrack, as they were */
} BatchUndo;

static void
batch_undo_free (gpointer data)
{
  BatchUndo *u = data;

  g_clear_object (&u->catalog);
  g_ptr_array_unref (u->before);
  g_free (u);
}

static gboolean
write_tracks (TmCatalog  *catalog,
              GPtrArray  *tracks,
              GError    **error)
{
  if (!tm_catalog_begin (catalog, error))
    return FALSE;
  for (guint i = 0; i < tracks->len; i++)
    if (!tm_catalog_update_track (catalog, g_ptr_array_index (tracks, i), error))
      {
        tm_catalog_rollback (catalog);
        return FALSE;
      }
  if (!tm_catalog_commit (catalog, error))
    {
      tm_catalog_rollback (catalog);
      return FALSE;
    }
  return TRUE;
}

static void
batch_undo_cb (AdwToast  *toast,
               BatchUndo *u)
{
  g_autoptr(GError) error = NULL;

  if (!write_tracks (u->catalog, u->before, &error))
    g_warning ("The tracks could not be changed back: %s", error->message);
}

/**
 * tm_track_table_apply_to_selected:
 *
 * Gives every selected track the same value of @field, in one transaction.
 * Nothing changes if the value is not valid for one of them.
 *
 * Returns: (transfer none) (nullable): the toast that offers to undo it
 */
AdwToast *
tm_track_table_apply_to_selected (TmTrackTable *self,
                                  TmBatchField  field,
                                  const char   *text)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkBitsetIter iter;
  guint position;
  AdwToast *toast;
  BatchUndo *u;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);
  g_return_val_if_fail (field < G_N_ELEMENTS (batch_fields), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (self->catalog == NULL || gtk_bitset_is_empty (selected))
    return NULL;

  /* Changed on copies, so that a refused value leaves the rows as they were. */
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (G_LIST_MODEL (self->store), position);
      TmTrack *stored = tm_catalog_get_track (self->catalog, tm_record_get_id (TM_RECORD (track)),
                                              &error);
      TmTrack *copy;

      if (stored == NULL)
        break;
      /* Read once: kept as it was for Undo, changed on a copy (the same track). */
      copy = tm_track_copy_unsaved (stored);
      tm_record_set_id (TM_RECORD (copy), tm_record_get_id (TM_RECORD (stored)));
      g_ptr_array_add (before, stored);
      g_ptr_array_add (changed, copy);
      if (!tm_record_set_from_string (TM_RECORD (copy), batch_fields[field].key, text, &error))
        break;
    }

  if (error != NULL || !write_tracks (self->catalog, changed, &error))
    {
      show_error (self, error->message);
      return NULL;
    }

  message = g_strdup_printf (ngettext ("Changed %u track", "Changed %u tracks", changed->len),
                             changed->len);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  u = g_new0 (BatchUndo, 1);
  u->catalog = g_object_ref (self->catalog);
  u->before = g_steal_pointer (&before);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (batch_undo_cb), u,
                         (GClosureNotify) (void (*) (void)) batch_undo_free, 0);
  show_toast (self, toast);
  return toast;
}

static void
update_batch_bar (TmTrackTable *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = (guint) gtk_bitset_get_size (selected);
  g_autofree char *text = n == 0 ? g_strdup (_("Select tracks to change them together"))
                                 : g_strdup_printf (ngettext ("%u track selected",
                                                              "%u tracks selected", n), n);

  gtk_label_set_text (GTK_LABEL (self->batch_count), text);
  gtk_widget_set_sensitive (self->batch_apply, n > 0);
}

static void
batch_apply_cb (TmTrackTable *self)
{
  guint field = gtk_drop_down_get_selected (self->batch_field);

  if (field != GTK_INVALID_LIST_POSITION
      && tm_track_table_apply_to_selected (self, field,
                                           gtk_editable_get_text (GTK_EDITABLE (self->batch_entry)))
         != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->batch_entry), "");
}

/**
 * tm_track_table_give_isrcs:
 * @prefix: (nullable): the registrant prefix, such as GB-XYZ; NULL: the one the
 *   catalog kept from last time
 *
 * Gives every track without an ISRC a new one, in one transaction, from the
 * counter the catalog keeps (never a code twice).
 *
 * Returns: how many were given, or -1 after telling why none were
 */
int
tm_track_table_give_isrcs (TmTrackTable *self,
                           const char   *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  int given = 0;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), -1);

  if (self->catalog == NULL)
    return -1;
  if (prefix == NULL || *prefix == '\0')
    prefix = kept = tm_catalog_get_setting (self->catalog, "isrc.prefix", NULL);
  if (prefix == NULL || *prefix == '\0')
    {
      show_error (self, _("Set your ISRC registrant prefix in Preferences first; your national "
                          "ISRC agency gives it."));
      return -1;
    }

  if (!tm_catalog_begin (self->catalog, &error)
      || !tm_catalog_set_setting (self->catalog, "isrc.prefix", prefix, &error))
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrack) shown = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autoptr(TmTrack) track = NULL;
      g_autofree char *isrc = NULL;

      if (tm_track_get_isrc (shown) != NULL)
        continue;
      if (!(track = tm_catalog_get_track (self->catalog, tm_record_get_id (TM_RECORD (shown)),
                                          &error))
          || !(isrc = tm_catalog_generate_isrc (self->catalog, prefix,
                                                g_date_time_get_year (now), &error)))
        goto failed;
      tm_track_set_isrc (track, isrc);
      if (!tm_catalog_update_track (self->catalog, track, &error))
        goto failed;
      given++;
    }
  if (!tm_catalog_commit (self->catalog, &error))
    goto failed;
  return given;

failed:
  tm_catalog_rollback (self->catalog);
  show_error (self, error->message);
  return -1;
}

static void
give_isrcs_cb (TmTrackTable *self)
{
  g_autoptr(GSettings) settings = tm_settings_new ();
  g_autofree char *prefix = settings != NULL ? g_settings_get_string (settings, "isrc-prefix")
                                             : NULL;
  int given = tm_track_table_give_isrcs (self, prefix);

  if (given >= 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Gave %d track an ISRC",
                                                            "Gave %d tracks ISRCs", given), given);

      show_toast (self, adw_toast_new (message));
    }
}

/* Loading */

static void
reselect (TmTrackTable *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (self->reselect_id == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (tm_record_get_id (TM_RECORD (track)) == self->reselect_id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          break;
        }
    }
  self->reselect_id = 0;
}

/**
 * tm_track_table_set_tracks:
 * @tracks: (element-type TmTrack): the release's tracks, in order
 *
 * Shows @tracks. Tracks already shown keep their objects and take the new
 * values, so rows being edited stay.
 */
void
tm_track_table_set_tracks (TmTrackTable *self,
                           GPtrArray    *tracks)
{
  guint n;
  gboolean same_order;

  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  same_order = tracks != NULL && tracks->len == n;
  for (guint i = 0; same_order && i < n; i++)
    {
      g_autoptr(TmTrack) shown = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      same_order = tm_record_get_id (TM_RECORD (shown))
                   == tm_record_get_id (TM_RECORD (g_ptr_array_index (tracks, i)));
    }

  if (same_order)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmTrack) shown = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          /* Notifies only what changed. */
          tm_record_assign (TM_RECORD (shown), g_ptr_array_index (tracks, i));
        }
      return;
    }

  g_list_store_splice (self->store, 0, n, tracks != NULL ? tracks->pdata : NULL,
                       tracks != NULL ? tracks->len : 0);
  reselect (self);
}

/**
 * tm_track_table_select_track:
 *
 * Selects the track with @track_id alone and gives the table the focus.
 *
 * Returns: whether the track is in the table
 */
gboolean
tm_track_table_select_track (TmTrackTable *self,
                             gint64        track_id)
{
  guint n;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (tm_record_get_id (TM_RECORD (track)) == track_id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->view));
          return TRUE;
        }
    }
  return FALSE;
}

GListModel *
tm_track_table_get_tracks (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  return G_LIST_MODEL (self->store);
}

GtkSelectionModel *
tm_track_table_get_selection (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

void
tm_track_table_set_catalog (TmTrackTable *self,
                            TmCatalog    *catalog)
{
  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  g_set_object (&self->catalog, catalog);
}

/**
 * tm_track_table_set_reports:
 * @reports: (nullable): path → report
 */
void
tm_track_table_set_reports (TmTrackTable *self,
                            GHashTable   *reports)
{
  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  if (reports != NULL)
    g_hash_table_ref (reports);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  self->reports = reports;
  if (reports != NULL)
    {
      GHashTableIter iter;
      gpointer path;

      g_hash_table_iter_init (&iter, reports);
      while (g_hash_table_iter_next (&iter, &path, NULL))
        g_hash_table_remove (self->progress, path);
    }

  for (guint i = 0; i < self->sound_cells->len; i++)
    refresh_sound_cell (self, g_ptr_array_index (self->sound_cells, i));
}

void
tm_track_table_set_progress (TmTrackTable *self,
                             const char   *path,
                             double        fraction)
{
  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  g_hash_table_insert (self->progress, g_strdup (path), g_memdup2 (&fraction, sizeof fraction));
  for (guint i = 0; i < self->sound_cells->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->sound_cells, i);
      TmTrack *track = g_object_get_data (G_OBJECT (box), "tm-track");

      if (track != NULL && g_strcmp0 (tm_track_get_audio_path (track), path) == 0)
        refresh_sound_cell (self, box);
    }
}

/**
 * tm_track_table_get_n_measured:
 *
 * Returns: how many tracks have a report with loudness, for the tests
 */
guint
tm_track_table_get_n_measured (TmTrackTable *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint measured = 0;

  for (guint i = 0; i < n && self->reports != NULL; i++)
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const char *path = tm_track_get_audio_path (track);
      const TmAudioReport *audio = path != NULL
                                   ? tm_report_get_audio (g_hash_table_lookup (self->reports,
                                                                               path))
                                   : NULL;

      if (audio != NULL && isfinite (audio->integrated_lufs))
        measured++;
    }
  return measured;
}

/* Construction */

static void
add_column (TmTrackTable *self,
            const char   *title,
            const char   *key,
            GCallback     setup,
            GCallback     bind,
            GCallback     unbind,
            gboolean      expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "tm-key", (gpointer) key);
  g_object_set_data (G_OBJECT (factory), "tm-title", (gpointer) title);
  g_signal_connect (factory, "setup", setup, self);
  if (bind != NULL)
    g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, expand);
  gtk_column_view_append_column (self->view, column);
  g_object_unref (column);
}

static GtkWidget *
build_batch_bar (TmTrackTable *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (batch_fields); i++)
    gtk_string_list_append (names, _(batch_fields[i].label));

  self->batch_count = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->batch_count), 0.0);
  gtk_widget_set_hexpand (self->batch_count, TRUE);
  gtk_widget_add_css_class (self->batch_count, "dim-label");
  self->batch_field = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)),
                                                        NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->batch_field),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field to Change"), -1);
  self->batch_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->batch_entry, _("New value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->batch_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New Value"), -1);
  g_signal_connect_swapped (self->batch_entry, "activate", G_CALLBACK (batch_apply_cb), self);
  self->batch_apply = gtk_button_new_with_mnemonic (_("_Apply to Selected"));
  g_signal_connect_swapped (self->batch_apply, "clicked", G_CALLBACK (batch_apply_cb), self);

  {
    GtkWidget *isrcs = gtk_button_new_with_mnemonic (_("Give _ISRCs"));

    gtk_widget_set_tooltip_text (isrcs, _("A new ISRC for every track without one, from your "
                                          "registrant prefix"));
    g_signal_connect_swapped (isrcs, "clicked", G_CALLBACK (give_isrcs_cb), self);
    gtk_box_append (GTK_BOX (bar), isrcs);
  }
  gtk_box_append (GTK_BOX (bar), self->batch_count);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->batch_field));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->batch_entry));
  gtk_box_append (GTK_BOX (bar), self->batch_apply);
  return bar;
}

static void
tm_track_table_dispose (GObject *object)
{
  TmTrackTable *self = TM_TRACK_TABLE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->catalog);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  g_clear_pointer (&self->progress, g_hash_table_unref);
  g_clear_pointer (&self->sound_cells, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_track_table_parent_class)->dispose (object);
}

static void
tm_track_table_class_init (TmTrackTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tm_track_table_dispose;

  /**
   * TmTrackTable::remove-track:
   *
   * The user asked to remove a track (its button, or Delete).
   */
  signals[SIGNAL_REMOVE_TRACK] =
    g_signal_new ("remove-track", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, TM_TYPE_TRACK);

  /**
   * TmTrackTable::edit-credits:
   *
   * The user asked to edit a track's contributors and splits.
   */
  signals[SIGNAL_EDIT_CREDITS] =
    g_signal_new ("edit-credits", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, TM_TYPE_TRACK);
}

static void
tm_track_table_init (TmTrackTable *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkDropTarget *drop = gtk_drop_target_new (TM_TYPE_TRACK, GDK_ACTION_MOVE);
  GtkWidget *frame = gtk_frame_new (NULL);

  self->store = g_list_store_new (TM_TYPE_TRACK);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sound_cells = g_ptr_array_new ();
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (
                                  g_object_ref (self->selection))));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tracks"), -1);

  add_column (self, "", "handle", G_CALLBACK (handle_setup_cb), G_CALLBACK (handle_bind_cb),
              NULL, FALSE);
  add_column (self, _("#"), "number", G_CALLBACK (text_setup_cb), G_CALLBACK (cell_bind_cb),
              G_CALLBACK (cell_unbind_cb), FALSE);
  add_column (self, _("Title"), "title", G_CALLBACK (text_setup_cb), G_CALLBACK (cell_bind_cb),
              G_CALLBACK (cell_unbind_cb), TRUE);
  add_column (self, _("Version"), "version", G_CALLBACK (text_setup_cb),
              G_CALLBACK (cell_bind_cb), G_CALLBACK (cell_unbind_cb), TRUE);
  add_column (self, _("Artist"), "artist", G_CALLBACK (text_setup_cb), G_CALLBACK (cell_bind_cb),
              G_CALLBACK (cell_unbind_cb), TRUE);
  add_column (self, _("ISRC"), "isrc", G_CALLBACK (text_setup_cb), G_CALLBACK (cell_bind_cb),
              G_CALLBACK (cell_unbind_cb), TRUE);
  add_column (self, _("Explicit"), "explicit", G_CALLBACK (explicit_setup_cb),
              G_CALLBACK (cell_bind_cb), G_CALLBACK (cell_unbind_cb), FALSE);
  add_column (self, _("Sound"), "sound", G_CALLBACK (sound_setup_cb), G_CALLBACK (sound_bind_cb),
              G_CALLBACK (sound_unbind_cb), FALSE);
  add_column (self, "", "actions", G_CALLBACK (actions_setup_cb), G_CALLBACK (actions_bind_cb),
              NULL, FALSE);

  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                        gtk_callback_action_new (move_up_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                        gtk_callback_action_new (move_down_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                        gtk_callback_action_new (remove_selected_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->view), shortcuts);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_batch_bar),
                            self);
  g_signal_connect_swapped (self->store, "items-changed", G_CALLBACK (update_batch_bar), self);

  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (box), build_batch_bar (self));
  gtk_box_append (GTK_BOX (box), frame);
  adw_bin_set_child (ADW_BIN (self), box);
  update_batch_bar (self);
}

GtkWidget *
tm_track_table_new (void)
{
  return g_object_new (TM_TYPE_TRACK_TABLE, NULL);
}
