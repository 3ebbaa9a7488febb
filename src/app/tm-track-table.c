/* tm-track-table.c: a release's tracks, edited in place
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The release's tracks (a TmQueryList that follows the catalog) as items
 * with their measurements, shown by a column view whose columns and cells are
 * declared in tm-track-table.ui; narrower than the columns need, the same
 * items as a list, each opening the track's details. Rows are selected and
 * focused, cells edited (tm-track-cell.c): Delete removes the selected tracks
 * (with undo), Enter or F2 edits the title, Alt+Up and Alt+Down move a track,
 * the drag handle too. Several tracks can be given one value at once, with
 * undo. What the table does is an action of its own ("tracks."), so the
 * cells, the buttons and the keys all come here. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-credits-dialog.h"
#include "tm-preferences.h"
#include "tm-query-list.h"
#include "tm-track-cell.h"
#include "tm-track-table.h"
#include "tm-waveform.h"
#include "tm-widget-util.h"
#include "tm-window.h"

struct _TmTrackTable
{
  AdwBin             parent_instance;

  TmCatalog         *catalog;        /* owned, construct-only */
  gint64             release_id;     /* construct-only */
  TmQueryList       *tracks;         /* owned: the release's tracks, in order */
  GListStore        *items;          /* TmTrackItem, one per track */
  GHashTable        *reports;        /* path → TmReport; the last pre-flight's */
  GHashTable        *progress;       /* path → fraction, as a boxed double */
  gint64             reselect_id;    /* a moved track, selected again once reloaded */
  guint              refocus;        /* the row to focus once reloaded, or G_MAXUINT */
  guint              focus_tick;     /* focusing a row at the next frame */
  guint              replacing;      /* audio replacements under way */
  guint              focus_position;

  /* Template widgets */
  GtkMultiSelection *selection;
  GtkColumnView     *view;
  GtkListView       *narrow_view;
  GtkMenuButton     *batch_button;
  GtkDropDown       *batch_field;
  GtkEntry          *batch_entry;
  GtkLabel          *batch_count;
};

G_DEFINE_FINAL_TYPE (TmTrackTable, tm_track_table, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_RELEASE_ID,
  PROP_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The batch fields, in the order of TmBatchField, with their track keys. */
static const char * const batch_keys[] = {
  "artist", "featured_artists", "version", "language", "explicit", "disc",
};

static const char *
display_title (TmTrack *track)
{
  return tm_track_get_title (track) != NULL ? tm_track_get_title (track) : _("Untitled");
}

static void
show_error (TmTrackTable *self,
            const char   *message)
{
  tm_widget_show_message (GTK_WIDGET (self), message);
}

static TmTrackItem *
item_at (TmTrackTable *self,
         guint         position)
{
  return g_list_model_get_item (G_LIST_MODEL (self->items), position);
}

static gboolean
find_track (TmTrackTable *self,
            gint64        track_id,
            guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrackItem) item = item_at (self, i);

      if (tm_record_get_id (TM_RECORD (tm_track_item_get_track (item))) == track_id)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void focus_row (TmTrackTable *self, guint position);

/* Keeping the items in step with the tracks */

static TmTrackItem *
item_for (TmTrackTable *self,
          TmTrack      *track,
          GHashTable   *before)
{
  TmTrackItem *item = g_hash_table_lookup (before, track);
  const char *path = tm_track_get_audio_path (track);
  double *fraction;

  if (item != NULL)
    return g_object_ref (item);
  item = tm_track_item_new (track);
  if (path != NULL && self->reports != NULL)
    tm_track_item_set_report (item, g_hash_table_lookup (self->reports, path));
  if (path != NULL && (fraction = g_hash_table_lookup (self->progress, path)) != NULL)
    tm_track_item_set_progress (item, *fraction);
  return item;
}

static void
tracks_changed_cb (TmTrackTable *self,
                   guint         position,
                   guint         removed,
                   guint         added)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  /* The items of tracks that stay keep their measurements. */
  for (guint i = 0; i < n; i++)
    {
      TmTrackItem *item = item_at (self, i);

      g_hash_table_insert (before, tm_track_item_get_track (item), item);
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TmTrack) track = g_list_model_get_item (G_LIST_MODEL (self->tracks),
                                                        position + i);

      g_ptr_array_add (fresh, item_for (self, track, before));
    }
  g_list_store_splice (self->items, position, removed, fresh->pdata, fresh->len);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  /* A moved track stays selected, with the focus; after a removal, the
   * track in its place has them. */
  if (self->reselect_id != 0 && find_track (self, self->reselect_id, &position))
    {
      self->reselect_id = 0;
      self->refocus = position;
    }
  if (self->refocus != G_MAXUINT && n > 0)
    {
      position = MIN (self->refocus, n - 1);
      self->refocus = G_MAXUINT;
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      focus_row (self, position);
    }
}

/* Saving */

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

/**
 * tm_track_table_save_field:
 * @key: a key of `track set`
 * @error: (nullable): why it was refused; %NULL shows it in the window
 *
 * Sets one field of one track and saves it, as editing its cell does. The
 * value is checked on a copy, so a refused one changes nothing shown.
 *
 * Returns: whether the value was valid and saved
 */
gboolean
tm_track_table_save_field (TmTrackTable  *self,
                           TmTrackItem   *item,
                           const char    *key,
                           const char    *text,
                           GError       **error)
{
  TmTrack *track = tm_track_item_get_track (item);
  g_autoptr(TmTrack) changed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  /* One field changes, on the track as stored: the one shown may be older
   * than what the credits dialog or another program saved a moment ago, and
   * writing it whole would undo that. */
  if (!tm_catalog_begin (self->catalog, &local_error))
    ;
  else if (!(changed = tm_catalog_get_track (self->catalog, tm_record_get_id (TM_RECORD (track)),
                                             &local_error))
           || !tm_record_set_from_string (TM_RECORD (changed), key, text, &local_error)
           || !tm_catalog_update_track (self->catalog, changed, &local_error)
           || !tm_catalog_commit (self->catalog, &local_error))
    tm_catalog_rollback (self->catalog);
  if (local_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was not saved: %s"),
                                                  display_title (track), local_error->message);

      if (error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        show_error (self, message);
      return FALSE;
    }
  /* Shown at once; the catalog's list brings the same in a moment. */
  tm_record_assign (TM_RECORD (track), TM_RECORD (changed));
  return TRUE;
}

/**
 * tm_track_table_edit:
 * @position: the track, from 0 in the table's order
 *
 * Sets one field of one track, as its cell does; a refused value is said in
 * the window.
 */
gboolean
tm_track_table_edit (TmTrackTable *self,
                     guint         position,
                     const char   *key,
                     const char   *text)
{
  g_autoptr(TmTrackItem) item = NULL;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  item = item_at (self, position);
  return item != NULL && tm_track_table_save_field (self, item, key, text, NULL);
}

/* Editing cells */

static TmTrackCell *
find_cell (GtkWidget   *widget,
           TmTrackItem *item,
           const char  *key)
{
  if (TM_IS_TRACK_CELL (widget))
    return tm_track_cell_get_item (TM_TRACK_CELL (widget)) == item
           && g_strcmp0 (tm_track_cell_get_key (TM_TRACK_CELL (widget)), key) == 0
           ? TM_TRACK_CELL (widget) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TmTrackCell *found = find_cell (child, item, key);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * tm_track_table_start_editing:
 * @key: title, version, artist or isrc
 *
 * Edits a cell, as a click on it does.
 */
gboolean
tm_track_table_start_editing (TmTrackTable *self,
                              guint         position,
                              const char   *key)
{
  g_autoptr(TmTrackItem) item = NULL;
  TmTrackCell *cell;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  if (!(item = item_at (self, position))
      || !(cell = find_cell (GTK_WIDGET (self->view), item, key)))
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  if (!tm_track_cell_start_editing (cell))
    return FALSE;
  tm_widget_scroll_into_view (GTK_WIDGET (cell));
  return TRUE;
}

/**
 * tm_track_table_edit_next:
 * @direction: 1 for the next cell (Tab), -1 for the one before
 *
 * Edits the cell after (or before) @key of @item's row, going on to the next
 * (or previous) row at the end of one.
 */
void
tm_track_table_edit_next (TmTrackTable *self,
                          TmTrackItem  *item,
                          const char   *key,
                          int           direction)
{
  static const char * const order[] = { "title", "version", "artist", "isrc" };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint position;
  int column = 0;

  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  if (!g_list_store_find (self->items, item, &position))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (order[i], key))
      column = i;
  column += direction;
  if (column < 0)
    {
      if (position == 0)
        return;
      position--;
      column = G_N_ELEMENTS (order) - 1;
    }
  else if (column >= (int) G_N_ELEMENTS (order))
    {
      if (position + 1 >= n)
        return;
      position++;
      column = 0;
    }
  tm_track_table_start_editing (self, position, order[column]);
}

/* The row of @position gets the focus, and shows. */
static gboolean
focus_row_now (TmTrackTable *self,
               guint         position)
{
  g_autoptr(TmTrackItem) item = item_at (self, position);
  TmTrackCell *cell = item != NULL ? find_cell (GTK_WIDGET (self->view), item, "number") : NULL;

  for (GtkWidget *w = cell != NULL ? GTK_WIDGET (cell) : NULL; w != NULL;
       w = gtk_widget_get_parent (w))
    if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
      {
        gtk_widget_grab_focus (w);
        tm_widget_scroll_into_view (w);
        return TRUE;
      }
  return FALSE;
}

/* Rows are made as the list is laid out: a row of a list just changed is
 * focused once it is there, at the next frame. */
static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  TmTrackTable *self = TM_TRACK_TABLE (widget);

  self->focus_tick = 0;
  if (self->focus_position < g_list_model_get_n_items (G_LIST_MODEL (self->items)))
    focus_row_now (self, self->focus_position);
  return G_SOURCE_REMOVE;
}

static void
focus_row (TmTrackTable *self,
           guint         position)
{
  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  if (focus_row_now (self, position))
    return;
  self->focus_position = position;
  self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
}

static void
row_activated_cb (TmTrackTable *self,
                  guint         position)
{
  tm_track_table_start_editing (self, position, "title");
}

/* Reordering */

/**
 * tm_track_table_move:
 * @from: the track's position in the table
 * @to: where it goes
 *
 * Moves a track and numbers the others again; a track dropped on another
 * disc's track joins that disc. It stays selected.
 */
gboolean
tm_track_table_move (TmTrackTable *self,
                     guint         from,
                     guint         to)
{
  g_autoptr(TmTrackItem) moving = item_at (self, from);
  g_autoptr(TmTrackItem) onto = item_at (self, to);
  g_autoptr(GError) error = NULL;
  TmTrack *track, *target;
  gint64 id;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  if (moving == NULL || onto == NULL)
    return FALSE;
  track = tm_track_item_get_track (moving);
  target = tm_track_item_get_track (onto);
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
    g_autofree char *message = g_strdup_printf (_("“%s” could not be moved: %s"),
                                                display_title (track), error->message);

    self->reselect_id = 0;
    show_error (self, message);
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
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  if (gtk_bitset_get_size (selected) != 1)
    return FALSE;
  position = gtk_bitset_get_nth (selected, 0);
  if ((delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return FALSE;
  if (!tm_track_table_move (self, position, position + delta))
    return FALSE;
  return TRUE;
}

static GdkContentProvider *
handle_prepare_cb (GtkDragSource *source,
                   double         x,
                   double         y,
                   GtkListItem   *list_item)
{
  TmTrackItem *item = gtk_list_item_get_item (list_item);

  return item != NULL ? gdk_content_provider_new_typed (TM_TYPE_TRACK_ITEM, item) : NULL;
}

static void
handle_drag_begin_cb (GtkDragSource *source,
                      GdkDrag       *drag,
                      GtkListItem   *list_item)
{
  g_autoptr(GdkPaintable) icon = NULL;

  if (gtk_list_item_get_child (list_item) == NULL)
    return;
  icon = gtk_widget_paintable_new (gtk_list_item_get_child (list_item));
  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static gboolean
drop_cb (TmTrackTable  *self,
         const GValue  *value,
         double         x,
         double         y)
{
  TmTrackItem *dragged = g_value_get_object (value);
  TmTrackItem *onto = NULL;
  guint from, to;

  /* The row under the pointer: any of its cells knows its track. */
  for (GtkWidget *w = gtk_widget_pick (GTK_WIDGET (self->view), x, y, GTK_PICK_DEFAULT);
       w != NULL && w != GTK_WIDGET (self->view); w = gtk_widget_get_parent (w))
    if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
      {
        for (GtkWidget *cell = gtk_widget_get_first_child (w); cell != NULL && onto == NULL;
             cell = gtk_widget_get_next_sibling (cell))
          if (TM_IS_TRACK_CELL (gtk_widget_get_first_child (cell)))
            onto = tm_track_cell_get_item (TM_TRACK_CELL (gtk_widget_get_first_child (cell)));
        break;
      }

  if (dragged == NULL || !g_list_store_find (self->items, dragged, &from))
    return FALSE;
  if (onto == NULL || !g_list_store_find (self->items, onto, &to))
    to = g_list_model_get_n_items (G_LIST_MODEL (self->items)) - 1;
  return from == to || tm_track_table_move (self, from, to);
}

/* Removing, with undo: the tracks are kept aside as stored (credits, splits
 * and all), and Undo adds them back in their old places, with new ids. */

typedef struct
{
  TmCatalog *catalog;
  gint64     release_id;
  GPtrArray *tracks;      /* TmTrack, as they were, in order */
  GWeakRef   table;
} Removed;

static void
removed_free (gpointer data)
{
  Removed *r = data;

  g_clear_object (&r->catalog);
  g_clear_pointer (&r->tracks, g_ptr_array_unref);
  g_weak_ref_clear (&r->table);
  g_free (r);
}

static void
undo_remove_cb (AdwToast *toast,
                Removed  *r)
{
  g_autoptr(TmTrackTable) self = g_weak_ref_get (&r->table);
  g_autoptr(GError) error = NULL;

  if (!tm_catalog_begin (r->catalog, &error))
    goto failed;
  for (guint i = 0; i < r->tracks->len; i++)
    {
      TmTrack *was = g_ptr_array_index (r->tracks, i);
      g_autoptr(TmTrack) track = tm_track_copy_unsaved (was);

      if (!tm_catalog_add_track (r->catalog, r->release_id, track, &error)
          || !tm_catalog_move_track (r->catalog, tm_record_get_id (TM_RECORD (track)),
                                     tm_track_get_number (was), &error))
        goto failed;
    }
  if (tm_catalog_commit (r->catalog, &error))
    return;

failed:
  tm_catalog_rollback (r->catalog);
  if (self != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The tracks could not be put back: %s"),
                                                  error->message);

      show_error (self, message);
    }
}

static AdwToast *
remove_tracks (TmTrackTable *self,
               GPtrArray    *ids)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  Removed *r = g_new0 (Removed, 1);

  r->catalog = g_object_ref (self->catalog);
  r->release_id = self->release_id;
  r->tracks = g_ptr_array_new_with_free_func (g_object_unref);
  g_weak_ref_init (&r->table, self);

  if (!tm_catalog_begin (self->catalog, &error))
    goto failed;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = *(gint64 *) g_ptr_array_index (ids, i);
      TmTrack *stored = tm_catalog_get_track (self->catalog, id, &error);

      if (stored == NULL)
        goto failed_in_transaction;
      g_ptr_array_add (r->tracks, stored);
      if (!tm_catalog_remove_track (self->catalog, id, &error))
        goto failed_in_transaction;
    }
  if (!tm_catalog_commit (self->catalog, &error))
    goto failed_in_transaction;

  message = r->tracks->len == 1
            ? g_strdup_printf (_("Removed “%s”"),
                               display_title (g_ptr_array_index (r->tracks, 0)))
            : g_strdup_printf (ngettext ("Removed %u track", "Removed %u tracks",
                                         r->tracks->len), r->tracks->len);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_cb), r,
                         (GClosureNotify) (void (*) (void)) removed_free, 0);
  tm_widget_show_toast (GTK_WIDGET (self), toast);
  return toast;

failed_in_transaction:
  tm_catalog_rollback (self->catalog);
failed:
  message = g_strdup_printf (_("The tracks could not be removed: %s"), error->message);
  show_error (self, message);
  removed_free (r);
  return NULL;
}

/**
 * tm_track_table_remove_selected:
 *
 * Removes the selected tracks, as Delete does.
 *
 * Returns: (transfer none) (nullable): the toast that offers to undo it
 */
AdwToast *
tm_track_table_remove_selected (TmTrackTable *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position, first = G_MAXUINT;
  AdwToast *toast;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TmTrackItem) item = item_at (self, position);
      gint64 id = tm_record_get_id (TM_RECORD (tm_track_item_get_track (item)));

      first = MIN (first, position);
      g_ptr_array_add (ids, g_memdup2 (&id, sizeof id));
    }
  if (ids->len == 0)
    return NULL;
  toast = remove_tracks (self, ids);
  /* The focus goes to the track now in its place, never into a cell. */
  if (toast != NULL)
    self->refocus = first;
  return toast;
}

/* Several tracks at once, undone from the toast */

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
  g_return_val_if_fail (field < G_N_ELEMENTS (batch_keys), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return NULL;

  /* Changed on copies, so that a refused value leaves the rows as they were. */
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TmTrackItem) item = item_at (self, position);
      TmTrack *stored = tm_catalog_get_track (self->catalog,
                                              tm_record_get_id (TM_RECORD (
                                                tm_track_item_get_track (item))), &error);
      TmTrack *copy;

      if (stored == NULL)
        break;
      copy = tm_track_copy_unsaved (stored);
      tm_record_set_id (TM_RECORD (copy), tm_record_get_id (TM_RECORD (stored)));
      g_ptr_array_add (before, stored);
      g_ptr_array_add (changed, copy);
      if (!tm_record_set_from_string (TM_RECORD (copy), batch_keys[field], text, &error))
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
  tm_widget_show_toast (GTK_WIDGET (self), toast);
  return toast;
}

static void
selection_changed_cb (TmTrackTable *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = (guint) gtk_bitset_get_size (selected);
  g_autofree char *text = g_strdup_printf (ngettext ("Change the %u selected track",
                                                     "Change the %u selected tracks", n), n);

  gtk_label_set_text (self->batch_count, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->batch_button), n > 0);
}

static void
batch_apply_cb (TmTrackTable *self)
{
  guint field = gtk_drop_down_get_selected (self->batch_field);

  if (field == GTK_INVALID_LIST_POSITION)
    return;
  if (tm_track_table_apply_to_selected (self, field,
                                        gtk_editable_get_text (GTK_EDITABLE (self->batch_entry)))
      != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->batch_entry), "");
      gtk_menu_button_popdown (self->batch_button);
    }
}

/* A new master dropped on a track's row (the window's drop asks where) */

/**
 * tm_track_table_replace_audio:
 * @path: the new file
 *
 * Replaces the audio of @track_id by @path, read and measured in a worker, as
 * a file dropped on its row does; a toast offers to undo it.
 */
void
tm_track_table_replace_audio (TmTrackTable *self,
                              gint64        track_id,
                              const char   *path)
{
  g_return_if_fail (TM_IS_TRACK_TABLE (self));
  g_return_if_fail (path != NULL);

  tm_widget_replace_audio (GTK_WIDGET (self), self->catalog, track_id, path, NULL,
                           &self->replacing);
}

gboolean
tm_track_table_get_replacing (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  return self->replacing > 0;
}

static TmTrackCell *
first_cell (GtkWidget *widget)
{
  if (TM_IS_TRACK_CELL (widget))
    return TM_TRACK_CELL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TmTrackCell *found = first_cell (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The track of the row at (@x, @y): any cell of that row knows it. */
static TmTrackItem *
item_at_point (TmTrackTable *self,
               double        x,
               double        y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);
      TmTrackCell *cell;

      if (TM_IS_TRACK_CELL (w))
        return tm_track_cell_get_item (TM_TRACK_CELL (w));
      /* A row of the column view's list. */
      if (parent != NULL && GTK_IS_LIST_VIEW (parent) && (cell = first_cell (w)) != NULL)
        return tm_track_cell_get_item (cell);
    }
  return NULL;
}

/**
 * tm_track_table_track_at:
 * @x: (in the table's coordinates)
 *
 * Returns: the id of the track whose row is at (@x, @y), or 0 if none is
 */
gint64
tm_track_table_track_at (TmTrackTable *self,
                         double        x,
                         double        y)
{
  TmTrackItem *item;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), 0);

  item = item_at_point (self, x, y);
  return item != NULL ? tm_record_get_id (TM_RECORD (tm_track_item_get_track (item))) : 0;
}

/* ISRCs from the registrant prefix */

/**
 * tm_track_table_give_isrcs:
 * @prefix: (nullable): the registrant prefix, such as GB-XYZ; NULL: the one the
 *   catalog kept from last time
 *
 * Gives every track without an ISRC a new one, in one transaction, from the
 * counter the catalog keeps (never a code twice). Without a prefix, the
 * window says where to set it.
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
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  int given = 0;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), -1);

  if (prefix == NULL || *prefix == '\0')
    prefix = kept = tm_catalog_get_setting (self->catalog, "isrc.prefix", NULL);
  if (prefix == NULL || *prefix == '\0')
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* Something to do, not a note: it stays in the window, with the way there. */
      if (TM_IS_WINDOW (root))
        tm_window_show_banner (TM_WINDOW (root),
                               _("ISRCs are made from your registrant prefix, which your "
                                 "national ISRC agency gives. Set it first."),
                               _("Set _Prefix…"), "win.preferences-at",
                               g_variant_new_string ("isrc-prefix"));
      return -1;
    }

  if (!tm_catalog_begin (self->catalog, &error)
      || !tm_catalog_set_setting (self->catalog, "isrc.prefix", prefix, &error))
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrackItem) item = item_at (self, i);
      TmTrack *shown = tm_track_item_get_track (item);
      g_autoptr(TmTrack) track = NULL;
      g_autofree char *isrc = NULL;

      /* As stored, not as shown: the list may not have caught up yet with
       * the codes given a moment ago. */
      if (!(track = tm_catalog_get_track (self->catalog, tm_record_get_id (TM_RECORD (shown)),
                                          &error)))
        goto failed;
      if (tm_track_get_isrc (track) != NULL)
        continue;
      if (!(isrc = tm_catalog_generate_isrc (self->catalog, prefix, g_date_time_get_year (now),
                                             &error)))
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
give_isrcs_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TmTrackTable *self = TM_TRACK_TABLE (widget);
  g_autoptr(GSettings) settings = tm_settings_new ();
  g_autofree char *prefix = settings != NULL ? g_settings_get_string (settings, "isrc-prefix")
                                             : NULL;
  int given = tm_track_table_give_isrcs (self, prefix);

  if (given > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Gave %d track an ISRC",
                                                            "Gave %d tracks ISRCs", given), given);

      tm_widget_show_message (widget, message);
    }
  else if (given == 0)
    tm_widget_show_message (widget, _("Every track has an ISRC already"));
}

/* Reports */

/**
 * tm_track_table_set_reports:
 * @reports: (nullable): path → report, of the last pre-flight
 */
void
tm_track_table_set_reports (TmTrackTable *self,
                            GHashTable   *reports)
{
  guint n;

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

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrackItem) item = item_at (self, i);
      const char *path = tm_track_get_audio_path (tm_track_item_get_track (item));

      tm_track_item_set_report (item, path != NULL && reports != NULL
                                      ? g_hash_table_lookup (reports, path) : NULL);
    }
}

/**
 * tm_track_table_set_progress:
 *
 * How far the measurement of the file at @path is.
 */
void
tm_track_table_set_progress (TmTrackTable *self,
                             const char   *path,
                             double        fraction)
{
  guint n;

  g_return_if_fail (TM_IS_TRACK_TABLE (self));

  g_hash_table_insert (self->progress, g_strdup (path), g_memdup2 (&fraction, sizeof fraction));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrackItem) item = item_at (self, i);

      if (g_strcmp0 (tm_track_get_audio_path (tm_track_item_get_track (item)), path) == 0)
        tm_track_item_set_progress (item, fraction);
    }
}

/**
 * tm_track_table_get_n_measured:
 *
 * Returns: how many tracks show a measured loudness
 */
guint
tm_track_table_get_n_measured (TmTrackTable *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint measured = 0;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmTrackItem) item = item_at (self, i);

      measured += tm_track_item_get_measured (item);
    }
  return measured;
}

/* Details, credits and splits */

/**
 * tm_track_table_open_details:
 *
 * Opens the window with every detail of the track, its credits and splits.
 *
 * Returns: (transfer none): the window
 */
GtkWidget *
tm_track_table_open_details (TmTrackTable *self,
                             gint64        track_id)
{
  GtkWidget *dialog;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  dialog = tm_credits_dialog_new (self->catalog, track_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tm_track_table_open_details (TM_TRACK_TABLE (widget), g_variant_get_int64 (parameter));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TmTrackTable *self = TM_TRACK_TABLE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint position;

  if (!find_track (self, id, &position))
    return;
  g_ptr_array_add (ids, g_memdup2 (&id, sizeof id));
  if (remove_tracks (self, ids) != NULL)
    self->refocus = position;
}

static void
remove_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  tm_track_table_remove_selected (TM_TRACK_TABLE (widget));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tm_track_table_move_selected (TM_TRACK_TABLE (widget),
                                g_str_equal (action_name, "tracks.move-up") ? -1 : 1);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TmTrackTable *self = TM_TRACK_TABLE (widget);
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (!gtk_bitset_is_empty (selected))
    tm_track_table_start_editing (self, gtk_bitset_get_minimum (selected), "title");
}

/* Buttons in the rows: @action for the row's track, from the list item. */
static void
activate_for_row (GtkListItem *list_item,
                  GtkButton   *button,
                  const char  *action)
{
  TmTrackItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (button), action, "x",
                                tm_record_get_id (TM_RECORD (tm_track_item_get_track (item))));
}

static void
details_clicked_cb (GtkListItem *list_item,
                    GtkButton   *button)
{
  activate_for_row (list_item, button, "tracks.details");
}

/* Plays the row's track, and the release on from it (the release page's). */
static void
play_clicked_cb (GtkListItem *list_item,
                 GtkButton   *button)
{
  activate_for_row (list_item, button, "release.play-track");
}

static void
remove_clicked_cb (GtkListItem *list_item,
                   GtkButton   *button)
{
  activate_for_row (list_item, button, "tracks.remove");
}

static void
narrow_activated_cb (TmTrackTable *self,
                     guint         position)
{
  g_autoptr(TmTrackItem) item = item_at (self, position);

  if (item != NULL)
    tm_track_table_open_details (self,
                                 tm_record_get_id (TM_RECORD (tm_track_item_get_track (item))));
}

/* Closures of the template */

static char *
track_number_text (gpointer unused,
                   int      disc,
                   int      number)
{
  return disc > 1 ? g_strdup_printf ("%d-%02d", disc, number) : g_strdup_printf ("%d", number);
}

static char *
track_subtitle (gpointer    unused,
                const char *artist,
                const char *isrc)
{
  return g_strjoin (" · ", artist != NULL ? artist : "", isrc != NULL ? isrc : "", NULL);
}

/* A bar's fraction; -1 (no bar) is none. */
static double
fraction_shown (gpointer unused,
                double   fraction)
{
  return CLAMP (fraction, 0, 1);
}

static char *
title_or_untitled (gpointer    unused,
                   const char *title)
{
  return g_strdup (title != NULL && *title != '\0' ? title : _("Untitled"));
}

/* Construction */

gboolean
tm_track_table_get_loading (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  return tm_record_list_get_loading (TM_RECORD_LIST (self->tracks));
}

/**
 * tm_track_table_select_track:
 *
 * Selects the track with @track_id alone and gives its row the focus.
 *
 * Returns: whether the track is in the table
 */
gboolean
tm_track_table_select_track (TmTrackTable *self,
                             gint64        track_id)
{
  guint position;

  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), FALSE);

  if (!find_track (self, track_id, &position))
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  focus_row (self, position);
  return TRUE;
}

TmCatalog *
tm_track_table_get_catalog (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  return self->catalog;
}

GListModel *
tm_track_table_get_items (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  return G_LIST_MODEL (self->items);
}

GtkSelectionModel *
tm_track_table_get_selection (TmTrackTable *self)
{
  g_return_val_if_fail (TM_IS_TRACK_TABLE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

static void
tm_track_table_constructed (GObject *object)
{
  TmTrackTable *self = TM_TRACK_TABLE (object);

  G_OBJECT_CLASS (tm_track_table_parent_class)->constructed (object);

  self->tracks = tm_query_list_new_tracks (self->catalog, self->release_id);
  g_signal_connect_object (self->tracks, "items-changed", G_CALLBACK (tracks_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tm_record_list_reload_async (TM_RECORD_LIST (self->tracks), NULL, NULL, NULL);
}

static void
tm_track_table_dispose (GObject *object)
{
  TmTrackTable *self = TM_TRACK_TABLE (object);

  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_TRACK_TABLE);
  if (self->tracks != NULL)
    g_signal_handlers_disconnect_by_data (self->tracks, self);
  g_clear_object (&self->tracks);
  g_clear_object (&self->items);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  g_clear_pointer (&self->progress, g_hash_table_unref);

  G_OBJECT_CLASS (tm_track_table_parent_class)->dispose (object);
}

static void
tm_track_table_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TmTrackTable *self = TM_TRACK_TABLE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_RELEASE_ID:
      g_value_set_int64 (value, self->release_id);
      break;
    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_table_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TmTrackTable *self = TM_TRACK_TABLE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_RELEASE_ID:
      self->release_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_track_table_class_init (TmTrackTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_track_table_constructed;
  object_class->dispose = tm_track_table_dispose;
  object_class->get_property = tm_track_table_get_property;
  object_class->set_property = tm_track_table_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The tracks as shown (TmTrackItem), for the template's views. */
  properties[PROP_ITEMS] =
    g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_TRACK_CELL);
  g_type_ensure (TM_TYPE_TRACK_ITEM);
  g_type_ensure (TM_TYPE_WAVEFORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-track-table.ui");
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, selection);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, view);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, narrow_view);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, batch_button);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, batch_field);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, batch_entry);
  gtk_widget_class_bind_template_child (widget_class, TmTrackTable, batch_count);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, narrow_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, batch_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, handle_prepare_cb);
  gtk_widget_class_bind_template_callback (widget_class, handle_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, play_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, track_number_text);
  gtk_widget_class_bind_template_callback (widget_class, track_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, title_or_untitled);
  gtk_widget_class_bind_template_callback (widget_class, fraction_shown);

  gtk_widget_class_install_action (widget_class, "tracks.details", "x", details_action);
  gtk_widget_class_install_action (widget_class, "tracks.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "tracks.remove-selected", NULL,
                                   remove_selected_action);
  gtk_widget_class_install_action (widget_class, "tracks.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tracks.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tracks.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "tracks.give-isrcs", NULL, give_isrcs_action);
}

static void
tm_track_table_init (TmTrackTable *self)
{
  self->items = g_list_store_new (TM_TYPE_TRACK_ITEM);
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refocus = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->items));
  selection_changed_cb (self);
}

/**
 * tm_track_table_new:
 *
 * Returns: (transfer floating): the table of the release's tracks
 */
GtkWidget *
tm_track_table_new (TmCatalog *catalog,
                    gint64     release_id)
{
  return g_object_new (TM_TYPE_TRACK_TABLE, "catalog", catalog, "release-id", release_id, NULL);
}
