/* tm-insights-window.c: figures about distribution, drawn
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row per platform with its success rate as a bar, its time to live and
 * its health; and the errors of the last weeks as stacked columns, drawn with
 * cairo in the style's own colours so they read in light and dark. The figures
 * can be saved as CSV. */

#define G_LOG_DOMAIN "tm-insights-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tm-insights.h"
#include "tm-insights-window.h"

struct _TmInsightsWindow
{
  AdwWindow   parent_instance;

  TmCatalog  *catalog;
  JsonObject *insights;
  GtkWidget  *chart;
};

G_DEFINE_FINAL_TYPE (TmInsightsWindow, tm_insights_window, ADW_TYPE_WINDOW)

static const char *
health_label (const char *health)
{
  if (g_strcmp0 (health, "healthy") == 0)
    return _("Healthy");
  if (g_strcmp0 (health, "degraded") == 0)
    return _("Degraded");
  if (g_strcmp0 (health, "down") == 0)
    return _("Down");
  return _("No recent deliveries");
}

/* Errors by week: one column a week, its height the number of errors. */
static void
draw_errors (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  TmInsightsWindow *self = data;
  JsonArray *errors = self->insights != NULL
                      ? json_object_get_array_member (self->insights, "errors_by_week") : NULL;
  g_autoptr(GHashTable) weeks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GdkRGBA color;
  gint64 most = 1;

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      const char *week = json_object_get_string_member (e, "week");
      gint64 count = GPOINTER_TO_SIZE (g_hash_table_lookup (weeks, week))
                     + json_object_get_int_member (e, "count");

      if (!g_hash_table_contains (weeks, week))
        g_ptr_array_add (order, (gpointer) week);
      g_hash_table_insert (weeks, (gpointer) week, GSIZE_TO_POINTER (count));
      most = MAX (most, count);
    }

  /* The style's text colour, faint, for the columns: readable in light and dark. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  if (order->len == 0)
    return;
  for (guint i = 0; i < order->len; i++)
    {
      gint64 count = GPOINTER_TO_SIZE (g_hash_table_lookup (weeks, order->pdata[i]));
      double slot = (double) width / order->len;
      double bar = (height - 4) * (double) count / most;

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.55);
      cairo_rectangle (cr, i * slot + slot * 0.15, height - bar, slot * 0.7, bar);
      cairo_fill (cr);
    }
}

static void
save_response_cb (GtkNativeDialog  *chooser,
                  int               response,
                  TmInsightsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !tm_insights_window_save_csv (self, path, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                      _("The figures could not be saved"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  g_object_unref (chooser);
}

static void
save_clicked_cb (TmInsightsWindow *self)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save the Figures as CSV"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tunemantra-insights.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * tm_insights_window_save_csv:
 *
 * Writes the figures per platform as CSV to @path.
 */
gboolean
tm_insights_window_save_csv (TmInsightsWindow  *self,
                             const char        *path,
                             GError           **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), FALSE);

  if (self->insights == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no figures."));
      return FALSE;
    }
  csv = tm_insights_to_csv (self->insights);
  return g_file_set_contents (path, csv, -1, error);
}

guint
tm_insights_window_get_n_platforms (TmInsightsWindow *self)
{
  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), 0);

  return self->insights != NULL
         ? json_array_get_length (json_object_get_array_member (self->insights, "platforms"))
         : 0;
}

static GtkWidget *
platform_row (JsonObject *p)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  JsonNode *rate = json_object_get_member (p, "success_rate");
  JsonNode *median = json_object_get_member (p, "median_hours_to_live");
  JsonNode *p90 = json_object_get_member (p, "p90_hours_to_live");
  g_autofree char *rate_text = NULL;
  g_autofree char *live_text = NULL;
  g_autofree char *subtitle = NULL;

  rate_text = rate != NULL && !json_node_is_null (rate)
              ? g_strdup_printf (_("%.0f %% delivered"), json_node_get_double (rate) * 100)
              : g_strdup (_("Nothing settled yet"));
  live_text = median != NULL && !json_node_is_null (median)
              ? g_strdup_printf (_("live in %.1f h (90 %%: %.1f h)"), json_node_get_double (median),
                                 json_node_get_double (p90))
              : NULL;
  subtitle = g_strjoin (" · ", rate_text,
                        health_label (json_object_get_string_member (p, "health")),
                        live_text, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member (p, "platform"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), rate != NULL && !json_node_is_null (rate)
                                                ? json_node_get_double (rate) : 0);
  gtk_widget_set_size_request (bar, 140, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rate_text, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  return row;
}

static void
tm_insights_window_dispose (GObject *object)
{
  TmInsightsWindow *self = TM_INSIGHTS_WINDOW (object);

  g_clear_object (&self->catalog);
  g_clear_pointer (&self->insights, json_object_unref);

  G_OBJECT_CLASS (tm_insights_window_parent_class)->dispose (object);
}

static void
tm_insights_window_class_init (TmInsightsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_insights_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_insights_window_init (TmInsightsWindow *self)
{
}

GtkWidget *
tm_insights_window_new (TmCatalog *catalog)
{
  TmInsightsWindow *self = g_object_new (TM_TYPE_INSIGHTS_WINDOW, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save as CSV…"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *platforms = adw_preferences_group_new ();
  GtkWidget *errors = adw_preferences_group_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *list;

  self->catalog = g_object_ref (catalog);
  self->insights = tm_insights_compute (catalog, g_get_real_time (), &error);
  gtk_window_set_title (GTK_WINDOW (self), _("Insights"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 600);

  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), save);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (platforms), _("Platforms"));
  if (self->insights != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("Deliveries that succeeded, how long releases took from the queue "
                           "to live, and how each platform did in the last week, over %"
                           G_GINT64_FORMAT " releases."),
                         json_object_get_int_member (self->insights, "releases"));

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (platforms), description);
      list = json_object_get_array_member (self->insights, "platforms");
      for (guint i = 0; i < json_array_get_length (list); i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (platforms),
                                   platform_row (json_array_get_object_element (list, i)));
    }
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (platforms), error->message);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (errors), _("Errors by Week"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (errors),
                                         _("Failures and problems the platforms reported, one "
                                           "column a week"));
  self->chart = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->chart), 120);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart), draw_errors, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Errors by week"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (errors), self->chart);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (platforms));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (errors));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  return GTK_WIDGET (self);
}
