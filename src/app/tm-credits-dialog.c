/* tm-credits-dialog.c: a track's contributors and splits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The track's details that the table has no column for (featured artists,
 * language, preview start, lyrics), then one row per contributor (name and role)
 * and per split (party, role and share). Changes are saved as they are made, into the track as it is stored
 * now, so that the table's edits made meanwhile are kept. Splits may add up to
 * less than 100 % while the sheet is filled in (the pre-flight says so); more
 * than 100 % is never saved, and closing then asks before the change is lost. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-credits-dialog.h"

#define SAVE_DELAY_MS 400

struct _TmCreditsDialog
{
  AdwWindow            parent_instance;

  TmCatalog           *catalog;
  gint64               track_id;
  guint                save_id;
  gboolean             dirty;
  gboolean             disposed;        /* rows going away emit changes: ignored */

  AdwWindowTitle      *title;
  AdwEntryRow         *featured_row;
  AdwEntryRow         *language_row;
  GtkSpinButton       *preview_spin;
  GtkTextBuffer       *lyrics;
  AdwPreferencesGroup *contributors_group;
  AdwPreferencesGroup *splits_group;
  GPtrArray           *contributor_rows;   /* AdwEntryRow, borrowed */
  GPtrArray           *split_rows;         /* AdwEntryRow, borrowed */
  AdwActionRow        *total_row;
  GtkLabel            *total_label;
  AdwToastOverlay     *toasts;
};

G_DEFINE_FINAL_TYPE (TmCreditsDialog, tm_credits_dialog, ADW_TYPE_WINDOW)

/* Labels of TmContributorRole, in its order. */
static const char * const role_labels[] = {
  N_("Composer"), N_("Lyricist"), N_("Arranger"), N_("Producer"), N_("Co-Producer"),
  N_("Performer"), N_("Remixer"), N_("Mixing Engineer"), N_("Mastering Engineer"),
  N_("Recording Engineer"), N_("Conductor"), N_("Other"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (role_labels) == TM_CONTRIBUTOR_ROLE_OTHER + 1);

static void schedule_save (TmCreditsDialog *self);

int
tm_credits_dialog_get_total_bp (TmCreditsDialog *self)
{
  int total = 0;

  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), 0);

  for (guint i = 0; i < self->split_rows->len; i++)
    {
      GtkSpinButton *share = g_object_get_data (g_ptr_array_index (self->split_rows, i),
                                                "tm-share");

      total += (int) lround (gtk_spin_button_get_value (share) * 100);
    }
  return total;
}

static void
update_total (TmCreditsDialog *self)
{
  int total = tm_credits_dialog_get_total_bp (self);
  g_autofree char *text = g_strdup_printf ("%d.%02d %%", total / 100, total % 100);

  gtk_label_set_text (self->total_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->total_row), self->split_rows->len > 0);
  if (total == 10000 || self->split_rows->len == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->total_label), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->total_row), "");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->total_row),
                                   total > 10000
                                   ? _("More than 100 %: this is not saved until it is fixed")
                                   : _("The shares must add up to 100 % before delivery"));
    }
}

static void
changed_cb (TmCreditsDialog *self)
{
  if (self->disposed)
    return;
  self->dirty = TRUE;
  update_total (self);
  schedule_save (self);
}

static void
remove_row_cb (GtkButton       *button,
               TmCreditsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

  if (!g_ptr_array_remove (self->contributor_rows, row))
    g_ptr_array_remove (self->split_rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
  changed_cb (self);
}

static GtkWidget *
remove_button (TmCreditsDialog *self,
               const char      *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_row_cb), self);
  return button;
}

void
tm_credits_dialog_add_contributor (TmCreditsDialog   *self,
                                   const char        *name,
                                   TmContributorRole  role)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  g_return_if_fail (TM_IS_CREDITS_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (role_labels); i++)
    gtk_string_list_append (roles, _(role_labels[i]));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), role);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), name != NULL ? name : "");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), dropdown);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove_button (self, _("Remove Contributor")));
  g_object_set_data (G_OBJECT (row), "tm-role", dropdown);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (changed_cb), self);

  adw_preferences_group_add (self->contributors_group, row);
  g_ptr_array_add (self->contributor_rows, row);
  changed_cb (self);
}

void
tm_credits_dialog_add_split (TmCreditsDialog *self,
                             const char      *party,
                             const char      *role,
                             double           percent)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *role_entry = gtk_entry_new ();
  GtkWidget *share = gtk_spin_button_new_with_range (0, 100, 0.5);

  g_return_if_fail (TM_IS_CREDITS_DIALOG (self));

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (share), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (share), percent);
  gtk_widget_set_valign (share, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (share), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Share in Percent"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (role_entry), _("Role, such as Publisher"));
  gtk_editable_set_text (GTK_EDITABLE (role_entry), role != NULL ? role : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (role_entry), 14);
  gtk_widget_set_valign (role_entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (role_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Party"));
  gtk_editable_set_text (GTK_EDITABLE (row), party != NULL ? party : "");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), role_entry);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), share);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), gtk_label_new ("%"));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove_button (self, _("Remove Split")));
  g_object_set_data (G_OBJECT (row), "tm-role", role_entry);
  g_object_set_data (G_OBJECT (row), "tm-share", share);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (role_entry, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (share, "value-changed", G_CALLBACK (changed_cb), self);

  adw_preferences_group_add (self->splits_group, row);
  g_ptr_array_add (self->split_rows, row);
  changed_cb (self);
}

/**
 * tm_credits_dialog_save:
 *
 * Writes the rows into the stored track now. Rows without a name are left out.
 */
gboolean
tm_credits_dialog_save (TmCreditsDialog  *self,
                        GError          **error)
{
  g_autoptr(TmTrack) track = NULL;
  GListStore *contributors, *splits;

  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  track = tm_catalog_get_track (self->catalog, self->track_id, error);
  if (track == NULL)
    return FALSE;

  {
    g_auto(GStrv) featured =
      tm_strv_from_list_text (gtk_editable_get_text (GTK_EDITABLE (self->featured_row)));
    g_autofree char *lyrics = NULL;
    GtkTextIter start, end;

    if (!tm_record_set_from_string (TM_RECORD (track), "language",
                                    gtk_editable_get_text (GTK_EDITABLE (self->language_row)),
                                    error))
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->language_row), "error");
        return FALSE;
      }
    gtk_widget_remove_css_class (GTK_WIDGET (self->language_row), "error");
    tm_track_set_featured_artists (track, (const char * const *) featured);
    tm_track_set_preview_start (track, gtk_spin_button_get_value (self->preview_spin));
    gtk_text_buffer_get_bounds (self->lyrics, &start, &end);
    lyrics = gtk_text_buffer_get_text (self->lyrics, &start, &end, FALSE);
    tm_track_set_lyrics (track, lyrics[0] != '\0' ? lyrics : NULL);
  }

  contributors = G_LIST_STORE (tm_track_get_contributors (track));
  splits = G_LIST_STORE (tm_track_get_splits (track));
  g_list_store_remove_all (contributors);
  g_list_store_remove_all (splits);

  for (guint i = 0; i < self->contributor_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->contributor_rows, i);
      GtkDropDown *role = g_object_get_data (G_OBJECT (row), "tm-role");
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      g_autoptr(TmContributor) contributor = NULL;

      if (name[0] == '\0')
        continue;
      contributor = tm_contributor_new ();
      tm_contributor_set_name (contributor, name);
      tm_contributor_set_role (contributor, gtk_drop_down_get_selected (role));
      g_list_store_append (contributors, contributor);
    }

  for (guint i = 0; i < self->split_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->split_rows, i);
      GtkEditable *role = g_object_get_data (G_OBJECT (row), "tm-role");
      GtkSpinButton *share = g_object_get_data (G_OBJECT (row), "tm-share");
      g_autofree char *party = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      g_autofree char *role_text = g_strstrip (g_strdup (gtk_editable_get_text (role)));
      g_autoptr(TmSplit) split = NULL;

      if (party[0] == '\0')
        continue;
      split = tm_split_new ();
      tm_split_set_party (split, party);
      tm_split_set_role (split, role_text[0] != '\0' ? role_text : NULL);
      tm_split_set_share_bp (split, (int) lround (gtk_spin_button_get_value (share) * 100));
      g_list_store_append (splits, split);
    }

  if (!tm_catalog_update_track (self->catalog, track, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer data)
{
  TmCreditsDialog *self = data;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (tm_credits_dialog_get_total_bp (self) <= 10000 && !tm_credits_dialog_save (self, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toasts, toast);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_save (TmCreditsDialog *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TmCreditsDialog  *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->dirty = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
close_request_cb (TmCreditsDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (!self->dirty)
    return FALSE;
  if (tm_credits_dialog_get_total_bp (self) <= 10000 && tm_credits_dialog_save (self, &error))
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"),
                                   error != NULL ? error->message
                                   : _("The splits add up to more than 100 %, so the "
                                       "changes cannot be saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
add_contributor_cb (TmCreditsDialog *self)
{
  tm_credits_dialog_add_contributor (self, NULL, TM_CONTRIBUTOR_ROLE_COMPOSER);
  gtk_widget_grab_focus (g_ptr_array_index (self->contributor_rows,
                                            self->contributor_rows->len - 1));
}

static void
add_split_cb (TmCreditsDialog *self)
{
  int left = 10000 - tm_credits_dialog_get_total_bp (self);

  tm_credits_dialog_add_split (self, NULL, NULL, MAX (left, 0) / 100.0);
  gtk_widget_grab_focus (g_ptr_array_index (self->split_rows, self->split_rows->len - 1));
}

static GtkWidget *
add_button (const char *label,
            GCallback   callback,
            gpointer    data)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
load (TmCreditsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TmTrack) track = tm_catalog_get_track (self->catalog, self->track_id, &error);
  GListModel *list;

  if (track == NULL)
    {
      adw_window_title_set_subtitle (self->title, error->message);
      return;
    }

  adw_window_title_set_subtitle (self->title, tm_track_get_title (track) != NULL
                                              ? tm_track_get_title (track) : _("Untitled"));
  {
    const char * const *featured = tm_track_get_featured_artists (track);
    g_autofree char *text = featured != NULL ? g_strjoinv (", ", (char **) featured)
                                             : g_strdup ("");

    gtk_editable_set_text (GTK_EDITABLE (self->featured_row), text);
    gtk_editable_set_text (GTK_EDITABLE (self->language_row),
                           tm_track_get_language (track) != NULL
                           ? tm_track_get_language (track) : "");
    gtk_spin_button_set_value (self->preview_spin, tm_track_get_preview_start (track));
    gtk_text_buffer_set_text (self->lyrics, tm_track_get_lyrics (track) != NULL
                                            ? tm_track_get_lyrics (track) : "", -1);
  }

  list = tm_track_get_contributors (track);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TmContributor) c = g_list_model_get_item (list, i);

      tm_credits_dialog_add_contributor (self, tm_contributor_get_name (c),
                                         tm_contributor_get_role (c));
    }
  list = tm_track_get_splits (track);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TmSplit) s = g_list_model_get_item (list, i);

      tm_credits_dialog_add_split (self, tm_split_get_party (s), tm_split_get_role (s),
                                   tm_split_get_share_bp (s) / 100.0);
    }

  /* What was just loaded is not a change. */
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->dirty = FALSE;
}

static void
tm_credits_dialog_dispose (GObject *object)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_credits_dialog_parent_class)->dispose (object);
}

static void
tm_credits_dialog_finalize (GObject *object)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (object);

  g_clear_pointer (&self->contributor_rows, g_ptr_array_unref);
  g_clear_pointer (&self->split_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_credits_dialog_parent_class)->finalize (object);
}

static void
tm_credits_dialog_class_init (TmCreditsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_credits_dialog_dispose;
  object_class->finalize = tm_credits_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_credits_dialog_init (TmCreditsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *totals = adw_preferences_group_new ();

  self->contributor_rows = g_ptr_array_new ();
  self->split_rows = g_ptr_array_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Track Details"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Track Details"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  {
    GtkWidget *details = adw_preferences_group_new ();
    GtkWidget *preview_row = adw_action_row_new ();
    GtkWidget *lyrics_view = gtk_text_view_new ();
    GtkWidget *lyrics_frame = gtk_frame_new (NULL);
    GtkWidget *lyrics_label = gtk_label_new (_("Lyrics"));

    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (details), _("Track"));
    self->featured_row = ADW_ENTRY_ROW (adw_entry_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->featured_row),
                                   _("Featured Artists (separated by commas)"));
    g_signal_connect_swapped (self->featured_row, "changed", G_CALLBACK (changed_cb), self);
    self->language_row = ADW_ENTRY_ROW (adw_entry_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row),
                                   _("Language of the Lyrics (ISO 639-1, such as en)"));
    g_signal_connect_swapped (self->language_row, "changed", G_CALLBACK (changed_cb), self);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (preview_row), _("Preview Start"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (preview_row),
                                 _("Seconds into the track where store previews begin"));
    self->preview_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 3600, 1));
    gtk_widget_set_valign (GTK_WIDGET (self->preview_spin), GTK_ALIGN_CENTER);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_spin),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview Start"), -1);
    g_signal_connect_swapped (self->preview_spin, "value-changed", G_CALLBACK (changed_cb),
                              self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (preview_row), GTK_WIDGET (self->preview_spin));

    self->lyrics = gtk_text_view_get_buffer (GTK_TEXT_VIEW (lyrics_view));
    g_signal_connect_swapped (self->lyrics, "changed", G_CALLBACK (changed_cb), self);
    gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (lyrics_view), GTK_WRAP_WORD_CHAR);
    gtk_text_view_set_top_margin (GTK_TEXT_VIEW (lyrics_view), 8);
    gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (lyrics_view), 8);
    gtk_text_view_set_left_margin (GTK_TEXT_VIEW (lyrics_view), 8);
    gtk_text_view_set_right_margin (GTK_TEXT_VIEW (lyrics_view), 8);
    gtk_widget_set_size_request (lyrics_view, -1, 120);
    gtk_accessible_update_property (GTK_ACCESSIBLE (lyrics_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Lyrics"), -1);
    gtk_frame_set_child (GTK_FRAME (lyrics_frame), lyrics_view);
    gtk_label_set_xalign (GTK_LABEL (lyrics_label), 0.0);
    gtk_widget_add_css_class (lyrics_label, "heading");
    gtk_widget_set_margin_top (lyrics_label, 12);

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->featured_row));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->language_row));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), preview_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), lyrics_label);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), lyrics_frame);
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (details));
  }

  self->contributors_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->contributors_group, _("Contributors"));
  adw_preferences_group_set_description (self->contributors_group,
                                         _("Everyone credited on the recording, with a role"));
  adw_preferences_group_set_header_suffix (self->contributors_group,
                                           add_button (_("_Add Contributor"),
                                                       G_CALLBACK (add_contributor_cb), self));

  self->splits_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->splits_group, _("Splits"));
  adw_preferences_group_set_description (self->splits_group,
                                         _("Who is paid what share of the royalties; the "
                                           "shares add up to 100 %"));
  adw_preferences_group_set_header_suffix (self->splits_group,
                                           add_button (_("A_dd Split"),
                                                       G_CALLBACK (add_split_cb), self));

  self->total_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->total_row), _("Total"));
  self->total_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "numeric");
  adw_action_row_add_suffix (self->total_row, GTK_WIDGET (self->total_label));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (totals), GTK_WIDGET (self->total_row));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->contributors_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->splits_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (totals));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (box), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, page);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  update_total (self);
}

/**
 * tm_credits_dialog_get_field:
 * @key: "featured_artists" or "language"
 *
 * Returns: (transfer none) (nullable): the entry for @key
 */
GtkEditable *
tm_credits_dialog_get_field (TmCreditsDialog *self,
                             const char      *key)
{
  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), NULL);

  if (g_str_equal (key, "featured_artists"))
    return GTK_EDITABLE (self->featured_row);
  if (g_str_equal (key, "language"))
    return GTK_EDITABLE (self->language_row);
  return NULL;
}

/**
 * tm_credits_dialog_new:
 *
 * Returns: (transfer floating): a window editing the credits of @track_id
 */
GtkWidget *
tm_credits_dialog_new (TmCatalog *catalog,
                       gint64     track_id)
{
  TmCreditsDialog *self = g_object_new (TM_TYPE_CREDITS_DIALOG, NULL);

  self->catalog = g_object_ref (catalog);
  self->track_id = track_id;
  load (self);
  update_total (self);
  return GTK_WIDGET (self);
}
