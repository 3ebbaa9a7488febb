/* tm-track-cell.c: one field of a track in the table, read, or edited
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A cell reads as text and takes no focus: the row is what is selected and
 * focused, so Delete on a row removes the track and arrows move between
 * tracks. Editing is a state of its own, entered by a click on the cell or by
 * Enter (or F2) on the row: the entry shows the stored text, all of it
 * selected; Enter or leaving the cell saves, Escape gives the stored text
 * back, and either gives the focus back to the row. Tab saves and edits the
 * next cell, Shift+Tab the one before. A value the catalog refuses keeps the
 * entry open and marked, with the reason, until it is fixed or taken back.
 * (GtkEditableLabel would be this, but in GTK 4.8 it crashes when a row is
 * destroyed within 100 ms of losing the focus.) The explicit column is a
 * check button, saved as it is toggled. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-track-cell.h"
#include "tm-track-table.h"

struct _TmTrackCell
{
  AdwBin          parent_instance;

  TmTrackItem    *item;          /* nullable while not bound */
  char           *key;
  gboolean        syncing;
  gboolean        closing;       /* leaving the editing state */

  GtkStack       *stack;
  GtkLabel       *label;
  GtkEntry       *entry;
  GtkCheckButton *check;
};

G_DEFINE_FINAL_TYPE (TmTrackCell, tm_track_cell, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TmTrack *
track_of (TmTrackCell *self)
{
  return self->item != NULL ? tm_track_item_get_track (self->item) : NULL;
}

/**
 * tm_track_cell_dup_text:
 *
 * Returns: (transfer full): the text the cell shows for its track's field
 */
char *
tm_track_cell_dup_text (TmTrackCell *self)
{
  TmTrack *track = track_of (self);
  const char *key = self->key;

  if (track == NULL || key == NULL)
    return g_strdup ("");
  if (g_str_equal (key, "number"))
    return tm_track_get_disc (track) > 1
           ? g_strdup_printf ("%d-%02d", tm_track_get_disc (track), tm_track_get_number (track))
           : g_strdup_printf ("%d", tm_track_get_number (track));
  if (g_str_equal (key, "artist"))
    {
      char *artist = tm_track_get_artist (track);

      return artist != NULL ? artist : g_strdup ("");
    }
  if (g_str_equal (key, "title"))
    return g_strdup (tm_track_get_title (track) != NULL ? tm_track_get_title (track) : "");
  if (g_str_equal (key, "version"))
    return g_strdup (tm_track_get_version (track) != NULL ? tm_track_get_version (track) : "");
  if (g_str_equal (key, "isrc"))
    return g_strdup (tm_track_get_isrc (track) != NULL ? tm_track_get_isrc (track) : "");
  return g_strdup ("");
}

gboolean
tm_track_cell_get_editable (TmTrackCell *self)
{
  g_return_val_if_fail (TM_IS_TRACK_CELL (self), FALSE);

  return self->key != NULL && !g_str_equal (self->key, "number")
         && !g_str_equal (self->key, "explicit");
}

static void
refresh (TmTrackCell *self)
{
  g_autofree char *text = tm_track_cell_dup_text (self);
  TmTrack *track = track_of (self);

  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), *text != '\0' ? text : NULL);
  if (track != NULL)
    {
      self->syncing = TRUE;
      gtk_check_button_set_active (self->check, tm_track_get_explicit (track));
      self->syncing = FALSE;
    }
}

static void
set_item (TmTrackCell *self,
          TmTrackItem *item)
{
  if (self->item == item)
    return;

  if (track_of (self) != NULL)
    g_signal_handlers_disconnect_by_data (track_of (self), self);
  /* A row given another track leaves any editing of the one before. */
  gtk_stack_set_visible_child_name (self->stack, g_strcmp0 (self->key, "explicit") == 0
                                                 ? "check" : "text");
  g_set_object (&self->item, item);
  if (track_of (self) != NULL)
    g_signal_connect_object (track_of (self), "notify", G_CALLBACK (refresh), self,
                             G_CONNECT_SWAPPED);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* The row the cell is in: what has the focus when the cell is not edited. */
static GtkWidget *
row_of (TmTrackCell *self)
{
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL;
       w = gtk_widget_get_parent (w))
    if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
      return w;
  return NULL;
}

static TmTrackTable *
table_of (TmTrackCell *self)
{
  return TM_TRACK_TABLE (gtk_widget_get_ancestor (GTK_WIDGET (self), TM_TYPE_TRACK_TABLE));
}

static void
set_entry_error (TmTrackCell *self,
                 const char  *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), message);
}

/* Leaves editing; @focus_row gives the row the focus (Enter, Escape). */
static void
stop_editing (TmTrackCell *self,
              gboolean     focus_row)
{
  GtkWidget *row = row_of (self);

  if (!tm_track_cell_get_editing (self))
    return;
  self->closing = TRUE;
  set_entry_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "text");
  refresh (self);
  if (focus_row && row != NULL)
    gtk_widget_grab_focus (row);
  self->closing = FALSE;
}

/* Saves what is typed, if it changed. FALSE when the catalog refused it. */
static gboolean
commit (TmTrackCell *self)
{
  TmTrackTable *table = table_of (self);
  g_autofree char *stored = tm_track_cell_dup_text (self);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;

  if (table == NULL || self->item == NULL || g_str_equal (stored, typed))
    return TRUE;
  if (!tm_track_table_save_field (table, self->item, self->key, typed, &error))
    {
      set_entry_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
entry_activate_cb (TmTrackCell *self)
{
  if (commit (self))
    stop_editing (self, TRUE);
}

static void
focus_leave_cb (TmTrackCell *self)
{
  /* Focus went elsewhere (a click, another window): what was typed is saved,
   * or, refused, given back; the table said why. */
  if (self->closing || !tm_track_cell_get_editing (self))
    return;
  commit (self);
  stop_editing (self, FALSE);
}

static gboolean
key_pressed_cb (TmTrackCell     *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  TmTrackTable *table = table_of (self);

  switch (keyval)
    {
    case GDK_KEY_Escape:
      stop_editing (self, TRUE);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
    case GDK_KEY_KP_Tab:
      if (!commit (self))
        return TRUE;
      {
        g_autoptr(TmTrackItem) item = self->item != NULL ? g_object_ref (self->item) : NULL;
        g_autofree char *key = g_strdup (self->key);
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;

        stop_editing (self, TRUE);
        if (table != NULL && item != NULL)
          tm_track_table_edit_next (table, item, key, back ? -1 : 1);
      }
      return TRUE;
    default:
      return FALSE;
    }
}

static void
check_toggled_cb (TmTrackCell *self)
{
  TmTrackTable *table = table_of (self);
  TmTrack *track = track_of (self);
  gboolean active = gtk_check_button_get_active (self->check);

  if (self->syncing || table == NULL || track == NULL || active == tm_track_get_explicit (track))
    return;
  if (!tm_track_table_save_field (table, self->item, "explicit", active ? "true" : "false",
                                  NULL))
    refresh (self);
}

static void
pressed_cb (TmTrackCell     *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* Ctrl and Shift choose rows; a plain click edits. */
  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0 || tm_track_cell_get_editing (self))
    return;
  tm_track_cell_start_editing (self);
}

/**
 * tm_track_cell_start_editing:
 *
 * Opens the cell's entry with the stored text selected, scrolled into view.
 *
 * Returns: whether the cell can be edited
 */
gboolean
tm_track_cell_start_editing (TmTrackCell *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (TM_IS_TRACK_CELL (self), FALSE);

  if (!tm_track_cell_get_editable (self) || self->item == NULL)
    return FALSE;
  text = tm_track_cell_dup_text (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  set_entry_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  return TRUE;
}

gboolean
tm_track_cell_get_editing (TmTrackCell *self)
{
  g_return_val_if_fail (TM_IS_TRACK_CELL (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0;
}

GtkEditable *
tm_track_cell_get_entry (TmTrackCell *self)
{
  g_return_val_if_fail (TM_IS_TRACK_CELL (self), NULL);

  return GTK_EDITABLE (self->entry);
}

const char *
tm_track_cell_get_key (TmTrackCell *self)
{
  g_return_val_if_fail (TM_IS_TRACK_CELL (self), NULL);

  return self->key;
}

TmTrackItem *
tm_track_cell_get_item (TmTrackCell *self)
{
  g_return_val_if_fail (TM_IS_TRACK_CELL (self), NULL);

  return self->item;
}

static void
tm_track_cell_constructed (GObject *object)
{
  TmTrackCell *self = TM_TRACK_CELL (object);
  static const struct { const char *key; const char *label; } names[] = {
    { "number", N_("Number") }, { "title", N_("Title") }, { "version", N_("Version") },
    { "artist", N_("Artist") }, { "isrc", N_("ISRC") }, { "explicit", N_("Explicit") },
  };

  G_OBJECT_CLASS (tm_track_cell_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (self->key, names[i].key) == 0)
      {
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[i].label), -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[i].label), -1);
      }
  if (g_strcmp0 (self->key, "number") == 0)
    {
      gtk_label_set_xalign (self->label, 1);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
    }
  /* An ISRC is twelve characters: the column is as wide as one. */
  if (g_strcmp0 (self->key, "isrc") == 0)
    {
      gtk_label_set_width_chars (self->label, 13);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "monospace");
    }
  gtk_stack_set_visible_child_name (self->stack, g_strcmp0 (self->key, "explicit") == 0
                                                 ? "check" : "text");
}

static void
tm_track_cell_dispose (GObject *object)
{
  TmTrackCell *self = TM_TRACK_CELL (object);

  if (track_of (self) != NULL)
    g_signal_handlers_disconnect_by_data (track_of (self), self);
  g_clear_object (&self->item);
  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_TRACK_CELL);

  G_OBJECT_CLASS (tm_track_cell_parent_class)->dispose (object);
}

static void
tm_track_cell_finalize (GObject *object)
{
  g_free (TM_TRACK_CELL (object)->key);

  G_OBJECT_CLASS (tm_track_cell_parent_class)->finalize (object);
}

static void
tm_track_cell_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TmTrackCell *self = TM_TRACK_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_cell_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TmTrackCell *self = TM_TRACK_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      set_item (self, g_value_get_object (value));
      break;
    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_cell_class_init (TmTrackCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_track_cell_constructed;
  object_class->dispose = tm_track_cell_dispose;
  object_class->finalize = tm_track_cell_finalize;
  object_class->get_property = tm_track_cell_get_property;
  object_class->set_property = tm_track_cell_set_property;

  /* The row's track, bound by the column's factory. */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TM_TYPE_TRACK_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The field, as `track set` names it: title, version, artist, isrc,
   * explicit; number is shown, not edited. */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-track-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, TmTrackCell, stack);
  gtk_widget_class_bind_template_child (widget_class, TmTrackCell, label);
  gtk_widget_class_bind_template_child (widget_class, TmTrackCell, entry);
  gtk_widget_class_bind_template_child (widget_class, TmTrackCell, check);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
}

static void
tm_track_cell_init (TmTrackCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
