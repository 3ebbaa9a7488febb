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

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tm-insights.h"
#include "tm-insights-window.h"

struct _TmInsightsWindow
{
  AdwWindow   parent_instance;

  TmCatalog  *catalog;
  JsonObject *insights;
  GtkWidget  *chart;
  GPtrArray  *categories;   /* of the errors, in the order of their colours */
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

/* The GNOME palette's middle tones: they read on light and on dark. */
static const char * const palette[] = {
  "#3584e4", "#e66100", "#2ec27e", "#c061cb", "#e5a50a", "#e01b24", "#986a44", "#1c71d8",
  "#26a269", "#9141ac",
};

static const char *
category_label (const char *category)
{
  static const struct { const char *category; const char *label; } labels[] = {
    { "network_connectivity", N_("Network") },
    { "network_timeout", N_("Timeouts") },
    { "auth_expired", N_("Expired sign-in") },
    { "auth_invalid", N_("Sign-in") },
    { "host_key_changed", N_("Host key") },
    { "content_format", N_("Audio format") },
    { "content_quality", N_("Audio quality") },
    { "metadata_invalid", N_("Metadata") },
    { "rate_limited", N_("Rate limited") },
    { "platform_unavailable", N_("Platform down") },
    { "remote_storage", N_("Server storage") },
    { "local_file", N_("Local files") },
    { "unknown", N_("Other") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].category, category) == 0)
      return _(labels[i].label);
  return category;
}

/* The categories in the order of their first appearance: their colours. */
static guint
category_index (TmInsightsWindow *self,
                const char       *category)
{
  for (guint i = 0; i < self->categories->len; i++)
    if (g_str_equal (self->categories->pdata[i], category))
      return i;
  g_ptr_array_add (self->categories, g_strdup (category));
  return self->categories->len - 1;
}

static void
set_color (cairo_t *cr,
           guint    index)
{
  GdkRGBA color;

  gdk_rgba_parse (&color, palette[index % G_N_ELEMENTS (palette)]);
  gdk_cairo_set_source_rgba (cr, &color);
}

/* Errors by week: one column a week, stacked by category. */
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
  g_autoptr(GHashTable) stacked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gint64 most = 1;
  guint n = errors != NULL ? json_array_get_length (errors) : 0;

  for (guint i = 0; i < n; i++)
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
  if (order->len == 0)
    return;

  {
    /* Columns at most 56 px wide, with the week under each and the largest
     * count at the top, in the style's text colour. */
    double slot = MIN ((double) width / order->len, 56.0);
    double left = (width - slot * order->len) / 2;
    int label_height = 0;
    double top = 0, chart;
    GdkRGBA text;

    gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &text);
    for (guint c = 0; c < order->len; c++)
      {
        const char *week = order->pdata[c];
        const char *dash = strchr (week, '-');
        g_autofree char *label = g_strdup_printf (_("W%s"), dash != NULL ? dash + 1 : week);
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), label);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        label_height = MAX (label_height, h);
        gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.7 });
        cairo_move_to (cr, left + c * slot + (slot - w) / 2, height - h);
        pango_cairo_show_layout (cr, layout);
      }
    {
      g_autofree char *most_text = g_strdup_printf ("%" G_GINT64_FORMAT, most);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area),
                                                                      most_text);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      top = h / 2.0;
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_set_line_width (cr, 1);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.2 });
      cairo_move_to (cr, w + 4, top + 0.5);
      cairo_line_to (cr, width, top + 0.5);
      cairo_stroke (cr);
    }
    chart = height - label_height - 4 - top;

    for (guint i = 0; i < n; i++)
      {
        JsonObject *e = json_array_get_object_element (errors, i);
        const char *week = json_object_get_string_member (e, "week");
        gint64 count = json_object_get_int_member (e, "count");
        gint64 below = GPOINTER_TO_SIZE (g_hash_table_lookup (stacked, week));
        guint column = 0;
        double bottom = top + chart - chart * (double) below / most;
        double bar = chart * (double) count / most;

        while (column < order->len && !g_str_equal (order->pdata[column], week))
          column++;
        set_color (cr, category_index (self, json_object_get_string_member (e, "category")));
        cairo_rectangle (cr, left + column * slot + slot * 0.15, bottom - bar, slot * 0.7, bar);
        cairo_fill (cr);
        g_hash_table_insert (stacked, (gpointer) week, GSIZE_TO_POINTER (below + count));
      }
  }
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  set_color (cr, GPOINTER_TO_UINT (data));
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* Which colour is which category, with the errors each had over the weeks shown. */
static GtkWidget *
make_legend (TmInsightsWindow *self)
{
  GtkWidget *flow = gtk_flow_box_new ();
  JsonArray *errors = self->insights != NULL
                      ? json_object_get_array_member (self->insights, "errors_by_week") : NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (gint64));

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      guint index = category_index (self, json_object_get_string_member (e, "category"));

      if (totals->len <= index)
        g_array_set_size (totals, index + 1);
      g_array_index (totals, gint64, index) += json_object_get_int_member (e, "count");
    }

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_widget_set_margin_top (flow, 6);
  for (guint i = 0; i < self->categories->len; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = gtk_drawing_area_new ();
      g_autofree char *text = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                                               category_label (self->categories->pdata[i]),
                                               g_array_index (totals, gint64, i));
      GtkWidget *label = gtk_label_new (text);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 10);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      GUINT_TO_POINTER (i), NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), label);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), box);
    }
  return flow;
}

/**
 * tm_insights_window_get_categories:
 *
 * Returns: (transfer none): the error categories of the chart, in its colours' order
 */
GPtrArray *
tm_insights_window_get_categories (TmInsightsWindow *self)
{
  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), NULL);

  return self->categories;
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
  g_clear_pointer (&self->categories, g_ptr_array_unref);

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
  self->categories = g_ptr_array_new_with_free_func (g_free);
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
                                           "column a week, coloured by what went wrong"));
  self->chart = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->chart), 140);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart), draw_errors, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Errors by week"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (errors), self->chart);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (errors), make_legend (self));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (platforms));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (errors));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  return GTK_WIDGET (self);
}
