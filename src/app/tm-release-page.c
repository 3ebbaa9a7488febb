/* tm-release-page.c: one release, editable, saved as it is typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tm-release-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tm-distribution-list.h"
#include "tm-release-page.h"

/* How long typing may pause before the release is written. */
#define SAVE_DELAY_MS 400

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

  /* Template widgets */
  AdwPreferencesPage *preferences_page;
  AdwPreferencesGroup *release_group;
  AdwPreferencesGroup *rights_group;
  AdwPreferencesGroup *tracks_group;
  AdwPreferencesGroup *delivery_group;
  AdwComboRow        *type_row;
  GtkSwitch          *explicit_switch;
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
  { "label", N_("Label"), FALSE },
  { "genre", N_("Genre"), FALSE },
  { "subgenre", N_("Subgenre"), FALSE },
  { "language", N_("Language (ISO 639-1, such as en)"), FALSE },
  { "release_date", N_("Release Date (YYYY-MM-DD)"), FALSE },
  { "timezone", N_("Time Zone of the Release Date"), FALSE },
  { "original_release_date", N_("Original Release Date"), FALSE },
  { "upc", N_("UPC / EAN"), FALSE },
  { "p_year", N_("℗ Year"), TRUE },
  { "p_holder", N_("℗ Holder"), TRUE },
  { "c_year", N_("© Year"), TRUE },
  { "c_holder", N_("© Holder"), TRUE },
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

  g_value_init (&text, G_TYPE_STRING);
  if (!g_value_transform (&value, &text) || g_value_get_string (&text) == NULL)
    return g_strdup ("");

  return g_value_dup_string (&text);
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

      /* The row being typed in keeps its spaces and half-typed values. */
      if (g_strcmp0 (shown, text) != 0 && !gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
        gtk_editable_set_text (row, text);
    }

  adw_combo_row_set_selected (self->type_row, tm_release_get_release_type (self->release));
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

static void
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
    return;

  tracks = tm_catalog_list_tracks (self->catalog, tm_record_get_id (TM_RECORD (self->release)),
                                   &error);
  if (tracks == NULL)
    add_row (self, self->tracks_group, _("The tracks could not be read"), error->message);
  else if (tracks->len == 0)
    add_row (self, self->tracks_group, _("No tracks yet"),
             _("Drop audio files onto the window, or add them with “tunemantra-cli track add”."));

  for (guint i = 0; tracks != NULL && i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);
      g_autofree char *title = g_strdup_printf ("%d. %s", tm_track_get_number (track),
                                                tm_track_get_title (track)
                                                ? tm_track_get_title (track) : _("Untitled"));
      g_autofree char *artist = tm_track_get_artist (track);
      g_autofree char *subtitle = g_strjoin (" · ", artist ? artist : _("No artist"),
                                             tm_track_get_isrc (track)
                                             ? tm_track_get_isrc (track) : _("No ISRC"), NULL);

      add_row (self, self->tracks_group, title, subtitle);
    }

  n = g_list_model_get_n_items (distributions);
  if (n == 0)
    add_row (self, self->delivery_group, _("Not delivered anywhere yet"), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmDistribution) d = g_list_model_get_item (distributions, i);
      const char *url = tm_distribution_get_store_url (d);
      const char *status = tm_distribution_status_get_label (tm_distribution_get_status (d));
      g_autofree char *subtitle = url != NULL ? g_strdup_printf ("%s · %s", status, url)
                                              : g_strdup (status);

      add_row (self, self->delivery_group, tm_distribution_get_platform_name (d), subtitle);
    }
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
    rebuild_lists (self);
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
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, tracks_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, delivery_group);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, type_row);
  gtk_widget_class_bind_template_child (widget_class, TmReleasePage, explicit_switch);
}

static void
tm_release_page_init (TmReleasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->field_rows = g_ptr_array_new ();
  self->dynamic_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));
      g_object_set_data (G_OBJECT (row), "tm-key", (gpointer) fields[i].key);
      g_signal_connect (row, "changed", G_CALLBACK (field_changed_cb), self);
      adw_preferences_group_add (fields[i].rights ? self->rights_group : self->release_group, row);
      g_ptr_array_add (self->field_rows, row);
    }

  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (type_selected_cb),
                            self);
  g_signal_connect_swapped (self->explicit_switch, "notify::active",
                            G_CALLBACK (explicit_active_cb), self);
}
