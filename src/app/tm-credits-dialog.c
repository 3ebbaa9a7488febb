/* tm-credits-dialog.c: a track's details, contributors and splits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every detail of one track: what the table shows (title, version, artist,
 * ISRC, explicit, for a phone where the table is a list), what it has no room
 * for (featured artists, language, preview start, lyrics), then the people
 * credited and who is paid what share. The rows edit a working copy of the
 * track; changes are saved as they are made, each field into the track as it
 * is stored now, so that the table's edits made meanwhile are kept. Splits
 * may add up to less than 100 % while the sheet is filled in (pre-flight says
 * so); more is never saved, and closing then asks before the change is lost. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-choice-row.h"
#include "tm-contributor-row.h"
#include "tm-credits-dialog.h"
#include "tm-field-row.h"
#include "tm-widget-util.h"
#include "tm-split-row.h"

#define SAVE_DELAY_MS 400

struct _TmCreditsDialog
{
  AdwWindow        parent_instance;

  TmCatalog       *catalog;        /* construct-only */
  gint64           track_id;       /* construct-only */
  TmTrack         *track;          /* the working copy the rows edit */
  GHashTable      *changed;        /* keys edited since the last save */
  guint            save_id;
  gboolean         loading;
  guint            busy;           /* replacements of the audio under way */

  /* Template widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toasts;
  GtkWidget       *title_row;
  GtkWidget       *version_row;
  GtkWidget       *artist_row;
  GtkWidget       *isrc_row;
  GtkWidget       *featured_row;
  GtkSwitch       *explicit_switch;
  TmChoiceRow     *language_row;
  GtkSpinButton   *preview_spin;
  AdwActionRow    *audio_row;
  GtkTextBuffer   *lyrics;
  GtkListBox      *contributors_list;
  GtkListBox      *splits_list;
  AdwActionRow    *total_row;
  GtkLabel        *total_label;
};

G_DEFINE_FINAL_TYPE (TmCreditsDialog, tm_credits_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_TRACK_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

int
tm_credits_dialog_get_total_bp (TmCreditsDialog *self)
{
  GListModel *splits;
  int total = 0;

  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), 0);

  splits = tm_track_get_splits (self->track);
  for (guint i = 0; i < g_list_model_get_n_items (splits); i++)
    {
      g_autoptr(TmSplit) split = g_list_model_get_item (splits, i);

      total += tm_split_get_share_bp (split);
    }
  return total;
}

static void
update_total (TmCreditsDialog *self)
{
  int total = tm_credits_dialog_get_total_bp (self);
  guint n = g_list_model_get_n_items (tm_track_get_splits (self->track));
  g_autofree char *text = g_strdup_printf ("%d.%02d %%", total / 100, total % 100);

  gtk_label_set_text (self->total_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->total_row), n > 0);
  if (total == 10000 || n == 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->total_label), "error");
      adw_action_row_set_subtitle (self->total_row, "");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "error");
      adw_action_row_set_subtitle (self->total_row,
                                   total > 10000
                                   ? _("More than 100 %: this is not saved until it is fixed")
                                   : _("The shares must add up to 100 % before delivery"));
    }
}

/* Saving */

static void
copy_list (GListModel *from,
           GListModel *to)
{
  g_list_store_remove_all (G_LIST_STORE (to));
  for (guint i = 0; i < g_list_model_get_n_items (from); i++)
    {
      g_autoptr(TmRecord) item = g_list_model_get_item (from, i);
      g_autoptr(TmRecord) copy = g_object_new (G_OBJECT_TYPE (item), NULL);

      tm_record_assign (copy, item);
      tm_record_set_id (copy, 0);
      g_list_store_append (G_LIST_STORE (to), copy);
    }
}

/* Names are what a credit is: rows left empty are not kept. */
static void
drop_unnamed (GListModel *list,
              const char *(*name_of) (gpointer))
{
  for (guint i = g_list_model_get_n_items (list); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i - 1);

      if (name_of (item) == NULL)
        g_list_store_remove (G_LIST_STORE (list), i - 1);
    }
}

/**
 * tm_credits_dialog_save:
 *
 * Writes what was changed into the track as it is stored now.
 */
gboolean
tm_credits_dialog_save (TmCreditsDialog  *self,
                        GError          **error)
{
  g_autoptr(TmTrack) stored = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (tm_credits_dialog_get_total_bp (self) > 10000)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The splits add up to more than 100 %, so they are not saved."));
      return FALSE;
    }
  if (!(stored = tm_catalog_get_track (self->catalog, self->track_id, error)))
    return FALSE;

  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_str_equal (key, "contributors"))
        {
          copy_list (tm_track_get_contributors (self->track), tm_track_get_contributors (stored));
          drop_unnamed (tm_track_get_contributors (stored),
                        (const char *(*) (gpointer)) tm_contributor_get_name);
        }
      else if (g_str_equal (key, "splits"))
        {
          copy_list (tm_track_get_splits (self->track), tm_track_get_splits (stored));
          drop_unnamed (tm_track_get_splits (stored), (const char *(*) (gpointer)) tm_split_get_party);
        }
      else
        {
          GParamSpec *pspec = tm_record_class_find_key (TM_RECORD_GET_CLASS (stored), key);
          g_auto(GValue) value = G_VALUE_INIT;

          g_value_init (&value, pspec->value_type);
          g_object_get_property (G_OBJECT (self->track), pspec->name, &value);
          g_object_set_property (G_OBJECT (stored), pspec->name, &value);
        }
    }

  if (!tm_catalog_update_track (self->catalog, stored, error))
    return FALSE;
  g_hash_table_remove_all (self->changed);
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

      adw_toast_overlay_add_toast (self->toasts, toast);
    }
  return G_SOURCE_REMOVE;
}

static void
mark_changed (TmCreditsDialog *self,
              const char      *key)
{
  if (self->loading)
    return;
  g_hash_table_add (self->changed, g_strdup (key));
  update_total (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* What the rows say */

static void
field_changed_cb (TmCreditsDialog *self,
                  GtkEditable     *row)
{
  if (!self->loading && tm_field_row_apply (TM_FIELD_ROW (row), TM_RECORD (self->track)))
    mark_changed (self, tm_field_row_get_key (TM_FIELD_ROW (row)));
}

static void
explicit_cb (TmCreditsDialog *self)
{
  tm_track_set_explicit (self->track, gtk_switch_get_active (self->explicit_switch));
  mark_changed (self, "explicit");
}

static void
language_cb (TmCreditsDialog *self)
{
  tm_track_set_language (self->track, tm_choice_row_get_value (self->language_row));
  mark_changed (self, "language");
}

static void
preview_cb (TmCreditsDialog *self)
{
  tm_track_set_preview_start (self->track, gtk_spin_button_get_value (self->preview_spin));
  mark_changed (self, "preview_start");
}

static void
lyrics_cb (TmCreditsDialog *self)
{
  g_autofree char *lyrics = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->lyrics, &start, &end);
  lyrics = gtk_text_buffer_get_text (self->lyrics, &start, &end, FALSE);
  tm_track_set_lyrics (self->track, lyrics[0] != '\0' ? lyrics : NULL);
  mark_changed (self, "lyrics");
}

static void
credits_changed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (widget);

  mark_changed (self, "contributors");
  mark_changed (self, "splits");
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (widget);
  gboolean split = g_str_equal (action_name, "credits.remove-split");
  GListModel *list = split ? tm_track_get_splits (self->track)
                           : tm_track_get_contributors (self->track);
  guint position = g_variant_get_uint32 (parameter);

  if (position >= g_list_model_get_n_items (list))
    return;
  g_list_store_remove (G_LIST_STORE (list), position);
  mark_changed (self, split ? "splits" : "contributors");
}

/* The last row of @list, for the focus. */
static GtkWidget *
last_row (GtkListBox *list)
{
  GtkWidget *row = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      row = child;
  return row;
}

void
tm_credits_dialog_add_contributor (TmCreditsDialog   *self,
                                   const char        *name,
                                   TmContributorRole  role)
{
  g_autoptr(TmContributor) contributor = tm_contributor_new ();

  g_return_if_fail (TM_IS_CREDITS_DIALOG (self));

  tm_contributor_set_name (contributor, name);
  tm_contributor_set_role (contributor, role);
  g_list_store_append (G_LIST_STORE (tm_track_get_contributors (self->track)), contributor);
  mark_changed (self, "contributors");
}

void
tm_credits_dialog_add_split (TmCreditsDialog *self,
                             const char      *party,
                             const char      *role,
                             double           percent)
{
  g_autoptr(TmSplit) split = tm_split_new ();

  g_return_if_fail (TM_IS_CREDITS_DIALOG (self));

  tm_split_set_party (split, party);
  tm_split_set_role (split, role);
  tm_split_set_share_bp (split, (int) lround (percent * 100));
  g_list_store_append (G_LIST_STORE (tm_track_get_splits (self->track)), split);
  mark_changed (self, "splits");
}

static void
add_contributor_cb (TmCreditsDialog *self)
{
  GtkWidget *row;

  tm_credits_dialog_add_contributor (self, NULL, TM_CONTRIBUTOR_ROLE_COMPOSER);
  if ((row = last_row (self->contributors_list)) != NULL)
    gtk_widget_grab_focus (row);
}

static void
add_split_cb (TmCreditsDialog *self)
{
  int left = 10000 - tm_credits_dialog_get_total_bp (self);
  GtkWidget *row;

  tm_credits_dialog_add_split (self, NULL, NULL, MAX (left, 0) / 100.0);
  if ((row = last_row (self->splits_list)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (tm_split_row_get_party (TM_SPLIT_ROW (row))));
}

static GtkWidget *
create_contributor_row (gpointer item,
                        gpointer user_data)
{
  return tm_contributor_row_new (item);
}

static GtkWidget *
create_split_row (gpointer item,
                  gpointer user_data)
{
  return tm_split_row_new (item);
}

/* Closing */

static void
discard_response_cb (TmCreditsDialog  *self,
                     const char       *response)
{
  if (g_str_equal (response, "discard"))
    {
      g_hash_table_remove_all (self->changed);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
close_request_cb (TmCreditsDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (g_hash_table_size (self->changed) == 0 || tm_credits_dialog_save (self, &error))
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Loading */

/* The track's audio: its file's name, and Replace… */

static void
show_audio (TmCreditsDialog *self)
{
  const char *path = tm_track_get_audio_path (self->track);
  g_autofree char *name = path != NULL ? g_filename_display_basename (path) : NULL;

  adw_action_row_set_subtitle (self->audio_row, name != NULL ? name : _("No audio file yet"));
}

static void
set_audio (TmCreditsDialog *self,
           TmTrack         *from)
{
  tm_track_set_audio_path (self->track, tm_track_get_audio_path (from));
  tm_track_set_audio_size (self->track, tm_track_get_audio_size (from));
  tm_track_set_audio_mtime (self->track, tm_track_get_audio_mtime (from));
  tm_track_set_audio_sha256 (self->track, tm_track_get_audio_sha256 (from));
  show_audio (self);
}

static void
audio_changed (GtkWidget *widget,
               TmTrack   *track)
{
  set_audio (TM_CREDITS_DIALOG (widget), track);
}

/**
 * tm_credits_dialog_replace_audio:
 * @path: the new file
 *
 * Replaces the track's audio by @path, read and measured in a worker, as
 * Replace… does; a toast offers to undo it, or says why it was refused.
 */
void
tm_credits_dialog_replace_audio (TmCreditsDialog *self,
                                 const char      *path)
{
  g_return_if_fail (TM_IS_CREDITS_DIALOG (self));
  g_return_if_fail (path != NULL);

  tm_widget_replace_audio (GTK_WIDGET (self), self->catalog, self->track_id, path, audio_changed,
                           &self->busy);
}

gboolean
tm_credits_dialog_get_busy (TmCreditsDialog *self)
{
  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), FALSE);

  return self->busy > 0;
}

static void
audio_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 TmCreditsDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        tm_credits_dialog_replace_audio (self, path);
    }
  g_object_unref (chooser);
}

static void
replace_audio_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Replace the Audio"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Replace"), NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Audio Files"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (audio_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
load (TmCreditsDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *rows[] = {
    self->title_row, self->version_row, self->artist_row, self->isrc_row, self->featured_row,
  };

  if (!(self->track = tm_catalog_get_track (self->catalog, self->track_id, &error)))
    {
      self->track = tm_track_new ();
      adw_window_title_set_subtitle (self->window_title, error->message);
      gtk_widget_set_sensitive (adw_window_get_content (ADW_WINDOW (self)), FALSE);
      return;
    }

  self->loading = TRUE;
  adw_window_title_set_subtitle (self->window_title, tm_track_get_title (self->track) != NULL
                                                     ? tm_track_get_title (self->track)
                                                     : _("Untitled"));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    tm_field_row_load (TM_FIELD_ROW (rows[i]), TM_RECORD (self->track));
  gtk_switch_set_active (self->explicit_switch, tm_track_get_explicit (self->track));
  tm_choice_row_set_value (self->language_row, tm_track_get_language (self->track));
  gtk_spin_button_set_value (self->preview_spin, tm_track_get_preview_start (self->track));
  show_audio (self);
  gtk_text_buffer_set_text (self->lyrics, tm_track_get_lyrics (self->track) != NULL
                                          ? tm_track_get_lyrics (self->track) : "", -1);
  gtk_list_box_bind_model (self->contributors_list, tm_track_get_contributors (self->track),
                           create_contributor_row, NULL, NULL);
  gtk_list_box_bind_model (self->splits_list, tm_track_get_splits (self->track),
                           create_split_row, NULL, NULL);
  self->loading = FALSE;
  update_total (self);
}

/**
 * tm_credits_dialog_get_field:
 * @key: a key of `track set`, such as "featured_artists" or "language"
 *
 * Returns: (transfer none) (nullable): the row that edits @key
 */
GtkWidget *
tm_credits_dialog_get_field (TmCreditsDialog *self,
                             const char      *key)
{
  GtkWidget *rows[] = {
    self->title_row, self->version_row, self->artist_row, self->isrc_row, self->featured_row,
  };

  g_return_val_if_fail (TM_IS_CREDITS_DIALOG (self), NULL);

  if (g_str_equal (key, "language"))
    return GTK_WIDGET (self->language_row);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (tm_field_row_get_key (TM_FIELD_ROW (rows[i])), key))
      return rows[i];
  return NULL;
}

static void
tm_credits_dialog_constructed (GObject *object)
{
  G_OBJECT_CLASS (tm_credits_dialog_parent_class)->constructed (object);

  load (TM_CREDITS_DIALOG (object));
}

static void
tm_credits_dialog_dispose (GObject *object)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (object);

  g_clear_handle_id (&self->save_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_CREDITS_DIALOG);
  g_clear_object (&self->track);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_credits_dialog_parent_class)->dispose (object);
}

static void
tm_credits_dialog_finalize (GObject *object)
{
  g_clear_pointer (&TM_CREDITS_DIALOG (object)->changed, g_hash_table_unref);

  G_OBJECT_CLASS (tm_credits_dialog_parent_class)->finalize (object);
}

static void
tm_credits_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_TRACK_ID:
      g_value_set_int64 (value, self->track_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_credits_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TmCreditsDialog *self = TM_CREDITS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_TRACK_ID:
      self->track_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_credits_dialog_class_init (TmCreditsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_credits_dialog_constructed;
  object_class->dispose = tm_credits_dialog_dispose;
  object_class->finalize = tm_credits_dialog_finalize;
  object_class->get_property = tm_credits_dialog_get_property;
  object_class->set_property = tm_credits_dialog_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACK_ID] =
    g_param_spec_int64 ("track-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_FIELD_ROW);
  g_type_ensure (TM_TYPE_CHOICE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-credits-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, artist_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, isrc_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, featured_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, explicit_switch);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, preview_spin);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, audio_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, lyrics);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, contributors_list);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, splits_list);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, TmCreditsDialog, total_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, explicit_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_cb);
  gtk_widget_class_bind_template_callback (widget_class, lyrics_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_contributor_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_split_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "credits.changed", NULL, credits_changed_action);
  gtk_widget_class_install_action (widget_class, "credits.remove-contributor", "u",
                                   remove_action);
  gtk_widget_class_install_action (widget_class, "credits.remove-split", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "credits.replace-audio", NULL,
                                   replace_audio_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_credits_dialog_init (TmCreditsDialog *self)
{
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_credits_dialog_new:
 *
 * Returns: (transfer floating): a window editing the details of @track_id
 */
GtkWidget *
tm_credits_dialog_new (TmCatalog *catalog,
                       gint64     track_id)
{
  return g_object_new (TM_TYPE_CREDITS_DIALOG, "catalog", catalog, "track-id", track_id, NULL);
}
