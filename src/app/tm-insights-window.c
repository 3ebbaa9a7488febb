/* tm-insights-window.c: figures about distribution, drawn
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row per platform with its success rate as a bar, its time to live and
 * its health; and the errors of the last weeks (ISO weeks) as stacked
 * columns, drawn with cairo in the style's own colours so they read in light
 * and dark. The figures are computed in a worker with its own connection, so
 * a large catalog never stops the window; they can be saved as CSV. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tm-insights.h"
#include "tm-insights-window.h"
#include "tm-widget-util.h"

/* One platform's figures, for a row of the list. */
#define TM_TYPE_FIGURES (tm_figures_get_type ())
G_DECLARE_FINAL_TYPE (TmFigures, tm_figures, TM, FIGURES, GObject)

struct _TmFigures
{
  GObject  parent_instance;
  char    *name;
  char    *summary;
  double   rate;
};

G_DEFINE_FINAL_TYPE (TmFigures, tm_figures, G_TYPE_OBJECT)

enum {
  FIGURES_PROP_0,
  FIGURES_PROP_NAME,
  FIGURES_PROP_SUMMARY,
  FIGURES_PROP_RATE,
  FIGURES_N_PROPS
};

static GParamSpec *figures_properties[FIGURES_N_PROPS];

static void
tm_figures_finalize (GObject *object)
{
  TmFigures *self = TM_FIGURES (object);

  g_free (self->name);
  g_free (self->summary);

  G_OBJECT_CLASS (tm_figures_parent_class)->finalize (object);
}

static void
tm_figures_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TmFigures *self = TM_FIGURES (object);

  switch (prop_id)
    {
    case FIGURES_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case FIGURES_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case FIGURES_PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_figures_class_init (TmFiguresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_figures_finalize;
  object_class->get_property = tm_figures_get_property;

  figures_properties[FIGURES_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  figures_properties[FIGURES_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  figures_properties[FIGURES_PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0, 1, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, FIGURES_N_PROPS, figures_properties);
}

static void
tm_figures_init (TmFigures *self)
{
}

static const char *
health_label (const char *health)
{
  if (g_strcmp0 (health, "healthy") == 0)
    return _("Healthy");
  if (g_strcmp0 (health, "degraded") == 0)
    return _("Some deliveries failed this week");
  if (g_strcmp0 (health, "down") == 0)
    return _("Most deliveries failed this week");
  return _("No deliveries this week");
}

static TmFigures *
figures_new (JsonObject *p)
{
  TmFigures *self = g_object_new (TM_TYPE_FIGURES, NULL);
  JsonNode *rate = json_object_get_member (p, "success_rate");
  JsonNode *median = json_object_get_member (p, "median_hours_to_live");
  JsonNode *p90 = json_object_get_member (p, "p90_hours_to_live");
  g_autofree char *rate_text = NULL;
  g_autofree char *live_text = NULL;

  self->name = g_strdup (json_object_get_string_member (p, "platform"));
  self->rate = rate != NULL && !json_node_is_null (rate) ? json_node_get_double (rate) : 0;
  rate_text = rate != NULL && !json_node_is_null (rate)
              ? g_strdup_printf (_("%.0f %% delivered"), self->rate * 100)
              : g_strdup (_("Nothing settled yet"));
  live_text = median != NULL && !json_node_is_null (median)
              ? g_strdup_printf (_("live in %.1f h (90 %%: %.1f h)"),
                                 json_node_get_double (median), json_node_get_double (p90))
              : NULL;
  self->summary = g_strjoin (" · ", rate_text,
                             health_label (json_object_get_string_member (p, "health")),
                             live_text, NULL);
  return self;
}

/* The window */

struct _TmInsightsWindow
{
  AdwWindow       parent_instance;

  TmCatalog      *catalog;        /* construct-only */
  JsonObject     *insights;       /* nullable until computed */
  GListStore     *platforms;      /* TmFigures */
  GPtrArray      *categories;     /* of the errors, in the order of their colours */
  GPtrArray      *weeks;          /* the chart's labels, "W49" */
  GCancellable   *cancellable;
  gboolean        loading;

  GtkStack       *stack;
  AdwStatusPage  *error_page;
  AdwPreferencesGroup *platforms_group;
  GtkDrawingArea *chart;
  GtkLabel       *legend;
  GtkWidget      *save_button;
  GtkListView    *list;
};

G_DEFINE_FINAL_TYPE (TmInsightsWindow, tm_insights_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  return _("Other");
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

static JsonArray *
errors_of (TmInsightsWindow *self)
{
  return self->insights != NULL
         ? json_object_get_array_member (self->insights, "errors_by_week") : NULL;
}

/* Errors by week: one column a week, stacked by category, the ISO week under
 * each and the largest count at the top, in the style's text colour. */
static void
draw_errors (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  TmInsightsWindow *self = data;
  JsonArray *errors = errors_of (self);
  guint n = errors != NULL ? json_array_get_length (errors) : 0;
  g_autoptr(GHashTable) totals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) stacked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gint64 most = 1;
  double slot, left, top, chart;
  int label_height = 0;
  GdkRGBA text;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      const char *week = json_object_get_string_member (e, "week");
      gint64 count = GPOINTER_TO_SIZE (g_hash_table_lookup (totals, week))
                     + json_object_get_int_member (e, "count");

      if (!g_hash_table_contains (totals, week))
        g_ptr_array_add (order, (gpointer) week);
      g_hash_table_insert (totals, (gpointer) week, GSIZE_TO_POINTER (count));
      most = MAX (most, count);
    }
  if (order->len == 0)
    return;

  slot = MIN ((double) width / order->len, 56.0);
  left = (width - slot * order->len) / 2;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &text);
  for (guint c = 0; c < order->len; c++)
    {
      const char *week = order->pdata[c];
      const char *w = strstr (week, "-W");
      g_autofree char *label = g_strdup_printf (_("W%s"), w != NULL ? w + 2 : week);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), label);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      label_height = MAX (label_height, lh);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.7f });
      cairo_move_to (cr, left + c * slot + (slot - lw) / 2, height - lh);
      pango_cairo_show_layout (cr, layout);
    }
  {
    g_autofree char *most_text = g_strdup_printf ("%" G_GINT64_FORMAT, most);
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), most_text);
    int lw, lh;

    pango_layout_get_pixel_size (layout, &lw, &lh);
    top = lh / 2.0;
    cairo_move_to (cr, 0, 0);
    pango_cairo_show_layout (cr, layout);
    cairo_set_line_width (cr, 1);
    gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.2f });
    cairo_move_to (cr, lw + 4, top + 0.5);
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
      double bottom = top + chart - chart * (double) below / most;
      double bar = chart * (double) count / most;
      guint column = 0;
      GdkRGBA color;

      while (column < order->len && !g_str_equal (order->pdata[column], week))
        column++;
      gdk_rgba_parse (&color, palette[category_index (self, json_object_get_string_member (e,
                                                                 "category"))
                                      % G_N_ELEMENTS (palette)]);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, left + column * slot + slot * 0.15, bottom - bar, slot * 0.7, bar);
      cairo_fill (cr);
      g_hash_table_insert (stacked, (gpointer) week, GSIZE_TO_POINTER (below + count));
    }
}

/* Which colour is which category, with how many errors each had. */
static void
show_legend (TmInsightsWindow *self)
{
  JsonArray *errors = errors_of (self);
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GHashTable) weeks = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_set_size (self->categories, 0);
  g_ptr_array_set_size (self->weeks, 0);
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      guint index = category_index (self, json_object_get_string_member (e, "category"));
      const char *week = json_object_get_string_member (e, "week");
      const char *w = strstr (week, "-W");

      if (totals->len <= index)
        g_array_set_size (totals, index + 1);
      g_array_index (totals, gint64, index) += json_object_get_int_member (e, "count");
      if (!g_hash_table_contains (weeks, week))
        {
          g_hash_table_add (weeks, (gpointer) week);
          g_ptr_array_add (self->weeks, g_strdup_printf (_("W%s"), w != NULL ? w + 2 : week));
        }
    }
  for (guint i = 0; i < self->categories->len; i++)
    {
      g_autofree char *label = g_markup_escape_text (category_label (self->categories->pdata[i]),
                                                     -1);

      g_string_append_printf (markup, "%s<span foreground=\"%s\">●</span> %s (%" G_GINT64_FORMAT
                                      ")", i > 0 ? "    " : "",
                              palette[i % G_N_ELEMENTS (palette)], label,
                              g_array_index (totals, gint64, i));
    }
  gtk_label_set_markup (self->legend, markup->len > 0 ? markup->str
                                                      : _("No errors. Nothing failed."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->legend), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

/* Computing, in a worker */

static void
compute_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  g_autoptr(TmCatalog) catalog = NULL;
  GError *error = NULL;
  JsonObject *insights;

  if (!(catalog = tm_catalog_open (data, &error))
      || !(insights = tm_insights_compute (catalog, g_get_real_time (), &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, insights, (GDestroyNotify) json_object_unref);
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TmInsightsWindow *self = TM_INSIGHTS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  JsonObject *insights = g_task_propagate_pointer (G_TASK (result), &error);
  JsonArray *list;
  g_autofree char *description = NULL;
  gint64 releases;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (insights == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->insights = insights;
  list = json_object_get_array_member (insights, "platforms");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autoptr(TmFigures) figures = figures_new (json_array_get_object_element (list, i));

      g_list_store_append (self->platforms, figures);
    }
  releases = json_object_get_int_member (insights, "releases");
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Deliveries that succeeded, how long a release "
                                              "took from the queue to live, and how each "
                                              "platform did this week, over %" G_GINT64_FORMAT
                                              " release.",
                                              "Deliveries that succeeded, how long releases "
                                              "took from the queue to live, and how each "
                                              "platform did this week, over %" G_GINT64_FORMAT
                                              " releases.", releases), releases);
  adw_preferences_group_set_description (self->platforms_group, description);
  show_legend (self);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

/* Saving */

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
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no figures yet."));
      return FALSE;
    }
  csv = tm_insights_to_csv (self->insights);
  return g_file_set_contents (path, csv, -1, error);
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
                                                      _("The Figures Were Not Saved"),
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
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* For tests */

gboolean
tm_insights_window_get_loading (TmInsightsWindow *self)
{
  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), FALSE);

  return self->loading;
}

GListModel *
tm_insights_window_get_platforms (TmInsightsWindow *self)
{
  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->platforms);
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

/**
 * tm_insights_window_get_week_labels:
 *
 * Returns: (transfer none): the labels under the chart's columns, such as "W49"
 */
GPtrArray *
tm_insights_window_get_week_labels (TmInsightsWindow *self)
{
  g_return_val_if_fail (TM_IS_INSIGHTS_WINDOW (self), NULL);

  return self->weeks;
}

/* Construction */

static void
tm_insights_window_constructed (GObject *object)
{
  TmInsightsWindow *self = TM_INSIGHTS_WINDOW (object);
  g_autoptr(GTask) task = NULL;

  G_OBJECT_CLASS (tm_insights_window_parent_class)->constructed (object);

  gtk_drawing_area_set_draw_func (self->chart, draw_errors, self, NULL);
  self->loading = TRUE;
  task = tm_widget_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_source_tag (task, tm_insights_window_constructed);
  g_task_set_name (task, "[tm] insights");
  g_task_set_task_data (task, g_strdup (tm_catalog_get_path (self->catalog)), g_free);
  g_task_run_in_thread (task, compute_worker);
}

static void
tm_insights_window_dispose (GObject *object)
{
  TmInsightsWindow *self = TM_INSIGHTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_INSIGHTS_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->platforms);
  g_clear_pointer (&self->insights, json_object_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_insights_window_parent_class)->dispose (object);
}

static void
tm_insights_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CATALOG:
      TM_INSIGHTS_WINDOW (object)->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_insights_window_class_init (TmInsightsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_insights_window_constructed;
  object_class->dispose = tm_insights_window_dispose;
  object_class->set_property = tm_insights_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_FIGURES);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-insights-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, platforms_group);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, legend);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, TmInsightsWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_insights_window_init (TmInsightsWindow *self)
{
  self->platforms = g_list_store_new (TM_TYPE_FIGURES);
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->weeks = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_model (self->list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             G_LIST_MODEL (g_object_ref (self->platforms)))));
}

GtkWidget *
tm_insights_window_new (TmCatalog *catalog)
{
  return g_object_new (TM_TYPE_INSIGHTS_WINDOW, "catalog", catalog, NULL);
}
