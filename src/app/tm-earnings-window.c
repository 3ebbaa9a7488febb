/* tm-earnings-window.c: what the music earned, where, and who is owed what
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The earnings of the whole catalog, or of one release: the total of the
 * period chosen in each currency (never added across currencies), a chart of
 * the largest figures (or of the months, by month) drawn with cairo in the
 * style's own colours so it reads in light and dark, and beside it the same
 * figures as a list, which is what a screen reader reads. Reports are
 * imported and figures computed in workers, each with its own connection to
 * the catalog, so a report of a million lines never stops the window. The
 * statement of splits is made the same way and saved as CSV or as a page to
 * print. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-catalog-earnings.h"
#include "tm-csv.h"
#include "tm-earnings-export.h"
#include "tm-earnings-import.h"
#include "tm-earnings-window.h"
#include "tm-money.h"
#include "tm-widget-util.h"
#include "tm-world-map.h"

#define CHART_BARS 8
#define CHART_ROW  36     /* pixels: a label and its bar */
#define MAX_LIST_ROWS 500  /* rows of the list; the CSV has them all */

struct _TmEarningsWindow
{
  AdwWindow        parent_instance;

  TmCatalog       *catalog;        /* construct-only */
  gint64           release_id;     /* construct-only; 0 for the whole catalog */
  GCancellable    *cancellable;
  gboolean         loading;
  guint            generation;     /* of the figures asked for last */
  gboolean         updating;       /* the period list is being filled */

  GPtrArray       *rows;           /* TmEarningsRow of the view */
  TmEarningsBy     by;
  char            *first;          /* the months with earnings */
  char            *last;
  GPtrArray       *period_from;    /* each choice's months (NULL for open) */
  GPtrArray       *period_to;
  char            *main_currency;  /* the chart's */
  char            *import_report;
  TmStatement     *statement;

  AdwToastOverlay *toasts;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  AdwComboRow     *period_row;
  AdwComboRow     *by_row;
  AdwPreferencesGroup *chart_group;
  AdwPreferencesGroup *rows_group;
  GtkLabel        *total_label;
  GtkLabel        *note_label;
  GtkWidget       *review_button;
  GtkDrawingArea  *chart;
  GtkListBox      *list;
  TmWorldMap      *map;
  GtkLabel        *map_legend;
};

G_DEFINE_FINAL_TYPE (TmEarningsWindow, tm_earnings_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_RELEASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (TmEarningsWindow *self);

static const char *
row_label (const TmEarningsRow *row,
           TmEarningsBy         by)
{
  if (by == TM_EARNINGS_BY_COUNTRY && row->label != NULL
      && tm_world_map_country_name (row->label) != NULL)
    return tm_world_map_country_name (row->label);
  return tm_earnings_row_get_label (row, by);
}

static char *
count_text (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static char *
amount_text (const char *currency,
             gint64      units)
{
  g_autofree char *amount = tm_money_format (units, 2);

  return g_strdup_printf ("%s %s", currency, amount);
}

/* Computing, in a worker */

typedef struct
{
  char         *path;
  TmEarningsBy  by;
  char         *from;
  char         *to;
  gint64        release_id;
  guint         generation;
} Query;

typedef struct
{
  GPtrArray *rows;
  char      *first;
  char      *last;
  guint      generation;
} Figures;

static void
query_free (Query *q)
{
  g_free (q->path);
  g_free (q->from);
  g_free (q->to);
  g_free (q);
}

static void
figures_free (Figures *f)
{
  g_clear_pointer (&f->rows, g_ptr_array_unref);
  g_free (f->first);
  g_free (f->last);
  g_free (f);
}

static void
compute_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Query *q = data;
  g_autoptr(TmCatalog) catalog = NULL;
  Figures *f = g_new0 (Figures, 1);
  GError *error = NULL;

  f->generation = q->generation;
  if (!(catalog = tm_catalog_open (q->path, &error))
      || !tm_catalog_earnings_periods (catalog, &f->first, &f->last, &error)
      || !(f->rows = tm_catalog_earnings_summary (catalog, q->by, q->from, q->to, q->release_id,
                                                  &error)))
    {
      figures_free (f);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, f, (GDestroyNotify) figures_free);
}

/* The choices of period, from the months that have earnings. */
static void
fill_periods (TmEarningsWindow *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  int first_year, last_year, last_month;

  g_ptr_array_set_size (self->period_from, 0);
  g_ptr_array_set_size (self->period_to, 0);

  gtk_string_list_append (list, _("All months"));
  g_ptr_array_add (self->period_from, NULL);
  g_ptr_array_add (self->period_to, NULL);
  if (self->first != NULL && self->last != NULL
      && sscanf (self->first, "%d-", &first_year) == 1
      && sscanf (self->last, "%d-%d", &last_year, &last_month) == 2)
    {
      int y = last_month == 12 ? last_year : last_year - 1;
      int m = last_month == 12 ? 1 : last_month + 1;
      g_autofree char *label = NULL;

      label = g_strdup_printf (_("The last 12 months reported (%04d-%02d to %s)"), y, m,
                               self->last);
      gtk_string_list_append (list, label);
      g_ptr_array_add (self->period_from, g_strdup_printf ("%04d-%02d", y, m));
      g_ptr_array_add (self->period_to, g_strdup (self->last));
      for (int year = last_year; year >= first_year && year > last_year - 30; year--)
        {
          g_autofree char *name = g_strdup_printf ("%d", year);

          gtk_string_list_append (list, name);
          g_ptr_array_add (self->period_from, g_strdup_printf ("%04d-01", year));
          g_ptr_array_add (self->period_to, g_strdup_printf ("%04d-12", year));
        }
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->period_row, 0);
  self->updating = FALSE;
}

static void
add_row (TmEarningsWindow    *self,
         const TmEarningsRow *row)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *streams = count_text (row->streams);
  g_autofree char *downloads = count_text (row->downloads);
  g_autofree char *subtitle = NULL;
  g_autofree char *amount = amount_text (row->currency, row->amount);
  GtkWidget *value = gtk_label_new (amount);

  subtitle = g_strdup_printf (_("%s streams · %s downloads%s"), streams, downloads,
                              row->guessed > 0
                              ? _(" · some lines matched by title and artist (a guess)") : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), row_label (row, self->by));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), value);
  gtk_list_box_append (self->list, action_row);
}

/* The totals of each currency: "USD 1,204.10 · EUR 12.00". */
static GHashTable *
currency_totals (GPtrArray *rows)
{
  GHashTable *totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const TmEarningsRow *row = g_ptr_array_index (rows, i);
      gint64 *sum = g_hash_table_lookup (totals, row->currency);

      if (sum == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (totals, (gpointer) row->currency, sum);
        }
      *sum += row->amount;
    }
  return totals;
}

/**
 * tm_earnings_window_get_totals_text:
 *
 * Returns: (transfer full): what the period earned, per currency
 */
char *
tm_earnings_window_get_totals_text (TmEarningsWindow *self)
{
  g_autoptr(GHashTable) totals = currency_totals (self->rows);
  g_autoptr(GList) currencies = g_list_sort (g_hash_table_get_keys (totals),
                                             (GCompareFunc) strcmp);
  GString *text = g_string_new (NULL);

  for (GList *l = currencies; l != NULL; l = l->next)
    {
      g_autofree char *amount = amount_text (l->data,
                                             *(gint64 *) g_hash_table_lookup (totals, l->data));

      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", amount);
    }
  return g_string_free (text, FALSE);
}

/* Where the listeners are: the countries in five groups of about as many
 * countries each, by streams, from the fewest to the most. */
static const char *listener_colors[] = { "#99c1f1", "#62a0ea", "#3584e4", "#1c71d8", "#1a5fb4" };

static gint
compare_streams (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = GPOINTER_TO_SIZE (((gpointer *) a)[1]), y = GPOINTER_TO_SIZE (((gpointer *) b)[1]);

  return x < y ? -1 : x > y;
}

static void
show_listeners (TmEarningsWindow *self)
{
  g_autoptr(GHashTable) streams = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) classes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  g_autoptr(GString) legend = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint groups;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const TmEarningsRow *row = g_ptr_array_index (self->rows, i);
      gint64 n = GPOINTER_TO_SIZE (g_hash_table_lookup (streams, row->key)) + row->streams;

      if (row->key != NULL && tm_world_map_country_name (row->key) != NULL)
        g_hash_table_insert (streams, row->key, GSIZE_TO_POINTER (MAX (n, 0)));
    }
  g_hash_table_iter_init (&iter, streams);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_SIZE (value) > 0)
      {
        gpointer pair[2] = { key, value };

        g_array_append_vals (pairs, pair, 1);
      }
  g_array_sort (pairs, compare_streams);
  groups = MIN (pairs->len, G_N_ELEMENTS (listener_colors));
  for (guint g = 0; g < groups; g++)
    {
      guint first = pairs->len * g / groups, last = pairs->len * (g + 1) / groups - 1;
      gpointer *low = &g_array_index (pairs, gpointer, first * 2);
      gpointer *high = &g_array_index (pairs, gpointer, last * 2);
      guint color = g + (G_N_ELEMENTS (listener_colors) - groups);

      for (guint i = first; i <= last; i++)
        g_hash_table_insert (classes, g_array_index (pairs, gpointer, i * 2),
                             GUINT_TO_POINTER (color + 1));
      if (low[1] == high[1])
        g_string_append_printf (legend, "%s<span foreground=\"%s\">■</span> %" G_GSIZE_FORMAT,
                                legend->len > 0 ? "   " : "", listener_colors[color],
                                GPOINTER_TO_SIZE (low[1]));
      else
        g_string_append_printf (legend, "%s<span foreground=\"%s\">■</span> %" G_GSIZE_FORMAT
                                "–%" G_GSIZE_FORMAT, legend->len > 0 ? "   " : "",
                                listener_colors[color], GPOINTER_TO_SIZE (low[1]),
                                GPOINTER_TO_SIZE (high[1]));
    }
  tm_world_map_set_classes (self->map, classes, listener_colors, G_N_ELEMENTS (listener_colors));
  g_string_append_printf (legend, "%s%s", legend->len > 0 ? "   " : "",
                          pairs->len > 0 ? _("streams")
                                         : _("No streams by country in this period."));
  gtk_label_set_markup (self->map_legend, legend->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map of the countries the music was streamed in"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The same figures are in the list below the map."), -1);
}

static void
show_figures (TmEarningsWindow *self)
{
  static const char * const by_titles[] = {
    N_("By Release"), N_("By Track"), N_("By Platform"), N_("By Country"), N_("By Month"),
  };
  g_autofree char *totals = tm_earnings_window_get_totals_text (self);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 guessed = 0, most = 0;
  GtkWidget *child;
  g_autofree char *chart_title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->main_currency, g_free);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const TmEarningsRow *row = g_ptr_array_index (self->rows, i);
      guint64 n = GPOINTER_TO_SIZE (g_hash_table_lookup (lines, row->currency)) + row->lines;

      g_hash_table_insert (lines, (gpointer) row->currency, GSIZE_TO_POINTER (n));
      if (n > most)
        {
          most = n;
          g_free (self->main_currency);
          self->main_currency = g_strdup (row->currency);
        }
      guessed += row->guessed;
      if (i < MAX_LIST_ROWS)
        add_row (self, row);
    }
  if (self->rows->len > MAX_LIST_ROWS)
    {
      GtkWidget *more = adw_action_row_new ();
      guint left = self->rows->len - MAX_LIST_ROWS;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "And %u more",
                                                             "And %u more", left), left);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (more),
                                   _("Save This View as CSV (in the menu) for every row"));
      gtk_list_box_append (self->list, more);
    }

  gtk_label_set_text (self->total_label, *totals != '\0' ? totals : _("Nothing in this period"));
  if (guessed > 0)
    {
      g_autofree char *note = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "%" G_GUINT64_FORMAT " line was matched to a track by its title and "
                       "artist only: check that it is the right one.",
                       "%" G_GUINT64_FORMAT " lines were matched to tracks by their title and "
                       "artist only: check that they are the right ones.", guessed), guessed);

      gtk_label_set_text (self->note_label, note);
    }
  else
    gtk_label_set_text (self->note_label, g_hash_table_size (lines) > 1
                        ? _("Amounts in different currencies are shown apart: reports give no "
                            "rate to add them up.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label),
                          *gtk_label_get_text (self->note_label) != '\0');
  gtk_widget_set_visible (self->review_button, guessed > 0);

  chart_title = self->main_currency != NULL
                ? g_strdup_printf (_("%s, in %s"), _(by_titles[self->by]), self->main_currency)
                : g_strdup (_(by_titles[self->by]));
  adw_preferences_group_set_title (self->chart_group, chart_title);
  adw_preferences_group_set_description (self->chart_group, g_hash_table_size (lines) > 1
                                         ? _("The other currencies are in the list below.")
                                         : NULL);
  adw_preferences_group_set_title (self->rows_group, _(by_titles[self->by]));
  gtk_widget_set_visible (GTK_WIDGET (self->chart_group), self->rows->len > 0);
  {
    gboolean map = self->by == TM_EARNINGS_BY_COUNTRY && tm_world_map_has_geometry ();

    gtk_widget_set_visible (GTK_WIDGET (self->map), map);
    gtk_widget_set_visible (GTK_WIDGET (self->map_legend), map);
    gtk_widget_set_visible (GTK_WIDGET (self->chart), !map);
    if (map)
      {
        show_listeners (self);
        adw_preferences_group_set_title (self->chart_group, _("Where the Listeners Are"));
        adw_preferences_group_set_description (self->chart_group, NULL);
      }
  }
  {
    guint bars = 0;

    for (guint i = 0; i < self->rows->len && bars < CHART_BARS; i++)
      if (g_strcmp0 (((TmEarningsRow *) self->rows->pdata[i])->currency, self->main_currency) == 0)
        bars++;
    gtk_drawing_area_set_content_height (self->chart, self->by == TM_EARNINGS_BY_MONTH
                                                      ? 180 : (int) MAX (bars, 1) * CHART_ROW);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  chart_title, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The same figures are in the list below the chart."), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  Figures *f = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean periods_changed;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (f != NULL && f->generation != self->generation)
    {
      figures_free (f);
      return;
    }
  self->loading = FALSE;
  if (f == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  periods_changed = g_strcmp0 (f->first, self->first) != 0 || g_strcmp0 (f->last, self->last) != 0;
  g_free (self->first);
  g_free (self->last);
  self->first = g_steal_pointer (&f->first);
  self->last = g_steal_pointer (&f->last);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_steal_pointer (&f->rows);
  figures_free (f);

  if (self->first == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (periods_changed || self->period_from->len == 0)
    fill_periods (self);
  show_figures (self);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

static void
load (TmEarningsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Query *q = g_new0 (Query, 1);
  guint period = adw_combo_row_get_selected (self->period_row);

  q->path = g_strdup (tm_catalog_get_path (self->catalog));
  q->by = self->by;
  q->release_id = self->release_id;
  if (period != GTK_INVALID_LIST_POSITION && period < self->period_from->len)
    {
      q->from = g_strdup (self->period_from->pdata[period]);
      q->to = g_strdup (self->period_to->pdata[period]);
    }
  q->generation = ++self->generation;
  self->loading = TRUE;

  task = tm_widget_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_source_tag (task, load);
  g_task_set_name (task, "[tm] earnings");
  g_task_set_task_data (task, q, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, compute_worker);
}

static void
choice_changed_cb (TmEarningsWindow *self)
{
  guint by = adw_combo_row_get_selected (self->by_row);

  if (self->updating)
    return;
  self->by = by <= TM_EARNINGS_BY_MONTH ? (TmEarningsBy) by : TM_EARNINGS_BY_RELEASE;
  load (self);
}

/* The chart */

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(TmEarningsRow * const *) a)->key, (*(TmEarningsRow * const *) b)->key);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  TmEarningsWindow *self = data;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  gint64 most = 1;
  GdkRGBA text, accent;
  gboolean columns = self->by == TM_EARNINGS_BY_MONTH;

  if (self->rows == NULL || self->main_currency == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      TmEarningsRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->currency, self->main_currency)
          && (columns || shown->len < CHART_BARS))
        {
          g_ptr_array_add (shown, row);
          most = MAX (most, ABS (row->amount));
        }
    }
  if (shown->len == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &text);
  gdk_rgba_parse (&accent, "#3584e4");

  if (columns)
    {
      /* The months in order, a column each; the label under every few. */
      double slot, bottom;
      int label_height = 0;
      guint every;

      g_ptr_array_sort (shown, compare_keys);
      slot = (double) width / shown->len;
      every = MAX (1, (guint) (60 / MAX (slot, 1)));
      for (guint i = 0; i < shown->len; i++)
        if (i % every == 0)
          {
            const TmEarningsRow *row = shown->pdata[i];
            g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area),
                                                                            row->key);
            int lw, lh;

            pango_layout_get_pixel_size (layout, &lw, &lh);
            label_height = MAX (label_height, lh);
            gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.7f });
            cairo_move_to (cr, MAX (0, MIN (i * slot + (slot - lw) / 2, width - lw)), height - lh);
            pango_cairo_show_layout (cr, layout);
          }
      bottom = height - label_height - 4;
      for (guint i = 0; i < shown->len; i++)
        {
          const TmEarningsRow *row = shown->pdata[i];
          double bar = (bottom - 4) * (double) ABS (row->amount) / most;

          gdk_cairo_set_source_rgba (cr, row->amount < 0
                                         ? &(GdkRGBA) { 0.88f, 0.11f, 0.14f, 1 } : &accent);
          cairo_rectangle (cr, i * slot + slot * 0.15, bottom - bar, MAX (slot * 0.7, 1), bar);
          cairo_fill (cr);
        }
      return;
    }

  /* The largest first, a bar each, its name and amount over it. */
  {
    double row_height = (double) height / shown->len;

    for (guint i = 0; i < shown->len; i++)
      {
        const TmEarningsRow *row = shown->pdata[i];
        g_autofree char *amount = amount_text (row->currency, row->amount);
        g_autofree char *label = g_strdup_printf ("%s — %s", row_label (row, self->by), amount);
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), label);
        double top = i * row_height;
        double bar = (width - 2) * (double) ABS (row->amount) / most;
        int lw, lh;

        pango_layout_set_width (layout, width * PANGO_SCALE);
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        pango_layout_get_pixel_size (layout, &lw, &lh);
        gdk_cairo_set_source_rgba (cr, &text);
        cairo_move_to (cr, 0, top);
        pango_cairo_show_layout (cr, layout);
        gdk_cairo_set_source_rgba (cr, row->amount < 0
                                       ? &(GdkRGBA) { 0.88f, 0.11f, 0.14f, 1 } : &accent);
        cairo_rectangle (cr, 0, top + lh + 3, MAX (bar, 2),
                         MAX (MIN (row_height - lh - 10, 12), 3));
        cairo_fill (cr);
      }
  }
}

/* Importing, in a worker */

typedef struct
{
  char   *path;
  GStrv   files;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_strfreev (job->files);
  g_free (job);
}

typedef struct
{
  char    *report;          /* what happened, file by file */
  guint64  added;
  guint64  problems;
  guint    failed;
  guint    files;
} Imported;

static void
imported_free (Imported *imported)
{
  g_free (imported->report);
  g_free (imported);
}

static void
import_worker (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  Imported *imported = g_new0 (Imported, 1);
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (job->path, &error)))
    {
      imported_free (imported);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; job->files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) parts = tm_earnings_import_path (catalog, job->files[i],
                                                            TM_EARNINGS_UNKNOWN, cancellable);

      for (guint j = 0; j < parts->len; j++)
        {
          const TmEarningsImported *one = g_ptr_array_index (parts, j);
          const TmEarningsImportResult *result = &one->result;

          imported->files++;
          if (one->error != NULL)
            {
              imported->failed++;
              g_string_append_printf (report, _("%s: nothing was imported. %s\n\n"), one->name,
                                      one->error->message);
            }
          else if (one->imported_before != NULL)
            g_string_append_printf (report, _("%s was imported before (as %s): nothing is "
                                              "counted twice.\n\n"), one->name,
                                    one->imported_before);
          else
            {
              g_autofree char *added = count_text ((gint64) result->added);
              g_autofree char *repeated = count_text ((gint64) result->repeated);

              imported->added += result->added;
              imported->problems += result->problems;
              g_string_append_printf (report, _("%s (%s): %s new lines, %s imported before; %"
                                                G_GUINT64_FORMAT " not in the catalog, %"
                                                G_GUINT64_FORMAT " matched by title only.\n"),
                                      one->name,
                                      tm_earnings_source_get_label (
                                        tm_earnings_source_from_string (result->source)),
                                      added, repeated, result->unmatched, result->guessed);
              for (guint p = 0; p < result->problem_list->len; p++)
                {
                  const TmEarningsProblem *problem = g_ptr_array_index (result->problem_list, p);

                  g_string_append_printf (report, _("  Line %" G_GUINT64_FORMAT ": %s\n"),
                                          problem->line, problem->why);
                }
              if (result->problems > result->problem_list->len)
                g_string_append_printf (report, _("  … and %" G_GUINT64_FORMAT " more lines.\n"),
                                        result->problems - result->problem_list->len);
              g_string_append_c (report, '\n');
            }
        }
    }
  imported->report = g_strdup (g_strchomp (report->str));
  g_task_return_pointer (task, imported, (GDestroyNotify) imported_free);
}

static void
details_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
}

static void
show_import_report (TmEarningsWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reports Imported"),
                                              self->import_report);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (details_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  Imported *imported = g_task_propagate_pointer (G_TASK (result), &error);
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->import_report, g_free);
  if (imported == NULL)
    {
      self->import_report = g_strdup (error->message);
      show_import_report (self);
      load (self);
      return;
    }
  self->import_report = g_steal_pointer (&imported->report);
  if (imported->failed > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report could not be read",
                                          "%u reports could not be read", imported->failed),
                             imported->failed);
  else
    {
      g_autofree char *added = count_text ((gint64) imported->added);

      title = imported->problems > 0
              ? g_strdup_printf (_("%s new lines; %" G_GUINT64_FORMAT " need a look"), added,
                                 imported->problems)
              : g_strdup_printf (_("%s new lines"), added);
    }
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "earnings.import-details");
  adw_toast_set_timeout (toast, imported->failed > 0 || imported->problems > 0 ? 0 : 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
  imported_free (imported);
  load (self);
}

/**
 * tm_earnings_window_import_files:
 * @paths: reports to import, each as one transaction
 *
 * Imports in a worker; the figures are computed again when it is done, and a
 * toast says what happened (tm_earnings_window_get_import_report()).
 */
void
tm_earnings_window_import_files (TmEarningsWindow   *self,
                                 const char * const *paths)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (TM_IS_EARNINGS_WINDOW (self));

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (tm_catalog_get_path (self->catalog));
  job->files = g_strdupv ((char **) paths);
  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = tm_widget_task_new (self, self->cancellable, imported_cb, NULL);
  g_task_set_source_tag (task, tm_earnings_window_import_files);
  g_task_set_name (task, "[tm] earnings import");
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_worker);
}

static void
import_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    TmEarningsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] != NULL)
        tm_earnings_window_import_files (self, (const char * const *) paths);
    }
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Import Earnings Reports"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  g_autoptr(GtkFileFilter) reports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (reports, _("Reports (CSV, TSV, TXT, gzipped or zipped)"));
  for (guint i = 0; i < 5; i++)
    gtk_file_filter_add_suffix (reports, (const char *[]) { "csv", "tsv", "txt", "gz", "zip" }[i]);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), reports);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Reports dropped on the window are imported as chosen ones are. */
static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         TmEarningsWindow *self)
{
  GSList *files;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  g_slist_free (files);
  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    return FALSE;
  tm_earnings_window_import_files (self, (const char * const *) paths);
  return TRUE;
}

static void
import_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (widget);

  if (self->import_report != NULL)
    show_import_report (self);
}

/* Saving */

static void
show_error (TmEarningsWindow *self,
            const char       *heading,
            const char       *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * tm_earnings_window_save_csv:
 *
 * Writes the figures shown (the view chosen, the period chosen) as CSV.
 */
gboolean
tm_earnings_window_save_csv (TmEarningsWindow  *self,
                             const char        *path,
                             GError           **error)
{
  g_autoptr(TmCsv) csv = tm_csv_new (NULL);
  g_autofree char *text = NULL;
  static const char * const header[] = {
    "what", "currency", "earnings", "streams", "downloads", "other units", "lines",
  };

  g_return_val_if_fail (TM_IS_EARNINGS_WINDOW (self), FALSE);

  if (self->rows == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no figures yet."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    tm_csv_text (csv, header[i]);
  tm_csv_end_row (csv);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const TmEarningsRow *row = g_ptr_array_index (self->rows, i);

      tm_csv_text (csv, row_label (row, self->by));
      tm_csv_text (csv, row->currency);
      tm_csv_money (csv, row->amount, TM_MONEY_DECIMALS);
      tm_csv_int (csv, row->streams);
      tm_csv_int (csv, row->downloads);
      tm_csv_int (csv, row->other);
      tm_csv_int (csv, (gint64) row->lines);
      tm_csv_end_row (csv);
    }
  text = tm_csv_free_to_string (g_steal_pointer (&csv));
  return g_file_set_contents (path, text, -1, error);
}

typedef enum { SAVE_VIEW, SAVE_STATEMENT_CSV, SAVE_STATEMENT_PAGE } SaveWhat;

static void
save_response_cb (GtkNativeDialog  *chooser,
                  int               response,
                  TmEarningsWindow *self)
{
  SaveWhat what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "what"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gboolean ok = TRUE;

      if (path != NULL && what == SAVE_VIEW)
        ok = tm_earnings_window_save_csv (self, path, &error);
      else if (path != NULL && self->statement != NULL)
        {
          text = what == SAVE_STATEMENT_CSV
                 ? tm_statement_to_csv (self->statement)
                 : tm_statement_to_html (self->statement, self->release_id != 0
                                                          ? gtk_window_get_title (GTK_WINDOW (self))
                                                          : NULL);
          ok = g_file_set_contents (path, text, -1, &error);
        }
      if (!ok)
        show_error (self, _("Nothing Was Saved"), error->message);
    }
  g_object_unref (chooser);
}

static void
ask_where (TmEarningsWindow *self,
           SaveWhat          what,
           const char       *name)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (what == SAVE_VIEW ? _("Save the Figures as CSV")
                                 : what == SAVE_STATEMENT_CSV ? _("Save the Statement as CSV")
                                 : _("Save the Statement as a Page to Print"),
                                 GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                 _("_Cancel"));

  g_object_set_data (G_OBJECT (chooser), "what", GINT_TO_POINTER (what));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ask_where (TM_EARNINGS_WINDOW (widget), SAVE_VIEW, "tunemantra-earnings.csv");
}

/* The statement of splits */

typedef struct
{
  char   *path;
  char   *from;
  char   *to;
  gint64  release_id;
} StatementJob;

static void
statement_job_free (StatementJob *job)
{
  g_free (job->path);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static void
statement_worker (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  StatementJob *job = data;
  g_autoptr(TmCatalog) catalog = NULL;
  TmStatement *statement;
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (job->path, &error))
      || !(statement = tm_catalog_earnings_statement (catalog, job->from, job->to,
                                                      job->release_id, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, statement, (GDestroyNotify) tm_statement_free);
}

static void
statement_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       TmEarningsWindow *self)
{
  if (g_str_equal (response, "csv"))
    ask_where (self, SAVE_STATEMENT_CSV, "tunemantra-statement.csv");
  else if (g_str_equal (response, "page"))
    ask_where (self, SAVE_STATEMENT_PAGE, "tunemantra-statement.html");
}

static void
statement_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  TmStatement *statement = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *period = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (statement == NULL)
    {
      show_error (self, _("No Statement"), error->message);
      return;
    }
  g_clear_pointer (&self->statement, tm_statement_free);
  self->statement = statement;

  for (guint i = 0; i < statement->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (statement->entries, i);
      g_autofree char *owed = amount_text (e->currency, e->cents * (TM_MONEY_ONE / 100));

      g_string_append_printf (body, "%s: %s\n", e->party, owed);
    }
  if (statement->unsplit->len > 0)
    {
      g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            g_free);
      g_autoptr(GList) currencies = NULL;

      for (guint i = 0; i < statement->unsplit->len; i++)
        {
          const TmStatementUnsplit *u = g_ptr_array_index (statement->unsplit, i);
          gint64 *sum = g_hash_table_lookup (totals, u->currency);

          if (sum == NULL)
            g_hash_table_insert (totals, (gpointer) u->currency, sum = g_new0 (gint64, 1));
          *sum += u->amount;
        }
      currencies = g_list_sort (g_hash_table_get_keys (totals), (GCompareFunc) strcmp);
      g_string_append_printf (body, "%s%s", body->len > 0 ? "\n" : "",
                              _("Not split (no splits recorded, split already by the "
                                "distributor, or not in the catalog):"));
      for (GList *l = currencies; l != NULL; l = l->next)
        {
          g_autofree char *amount = amount_text (l->data,
                                                 *(gint64 *) g_hash_table_lookup (totals,
                                                                                  l->data));

          g_string_append_printf (body, " %s", amount);
        }
      g_string_append (body, _(". The saved statement lists each with why."));
    }
  if (body->len == 0)
    g_string_append (body, _("No earnings in this period."));

  period = tm_statement_period_text (statement);
  heading = g_strdup_printf (_("Statement, %s"), period);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, g_strchomp (body->str));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"),
                                    "csv", _("Save as _CSV…"), "page", _("Save as _Page…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "page",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (statement_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
statement_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  StatementJob *job = g_new0 (StatementJob, 1);
  guint period = adw_combo_row_get_selected (self->period_row);

  job->path = g_strdup (tm_catalog_get_path (self->catalog));
  job->release_id = self->release_id;
  if (period != GTK_INVALID_LIST_POSITION && period < self->period_from->len)
    {
      job->from = g_strdup (self->period_from->pdata[period]);
      job->to = g_strdup (self->period_to->pdata[period]);
    }
  task = tm_widget_task_new (self, self->cancellable, statement_cb, NULL);
  g_task_set_source_tag (task, statement_action);
  g_task_set_name (task, "[tm] statement");
  g_task_set_task_data (task, job, (GDestroyNotify) statement_job_free);
  g_task_run_in_thread (task, statement_worker);
}

/* A list of rows in a dialog over the window, scrolled when long. */
static GtkWidget *
boxed_list_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

static void
present_list (TmEarningsWindow *self,
              const char       *heading,
              const char       *body,
              GtkWidget        *list)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *dialog;

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A row whose texts come from reports: never read as markup. */
static GtkWidget *
plain_row_new (const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* Guesses, for the artist to confirm */

static void
decided_cb (GtkButton        *button,
            TmEarningsWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "guess"));
  gboolean confirm = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "confirm"));
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  g_autoptr(GError) error = NULL;

  if (!tm_catalog_earnings_decide (self->catalog, id, confirm, NULL, &error))
    {
      show_error (self, _("Nothing Was Changed"), error->message);
      return;
    }
  if (row != NULL)
    {
      gtk_widget_set_sensitive (row, FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), confirm
                                   ? _("Confirmed: its lines are that track’s")
                                   : _("Rejected: its lines are matched to nothing"));
    }
  load (self);
}

static GtkWidget *
decision_button (TmEarningsWindow *self,
                 gint64            id,
                 gboolean          confirm)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (confirm ? _("_Right") : _("_Wrong"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, confirm ? _("These lines are this track’s")
                                               : _("These lines are not this track’s"));
  g_object_set_data (G_OBJECT (button), "guess", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (button), "confirm", GINT_TO_POINTER (confirm));
  g_signal_connect_object (button, "clicked", G_CALLBACK (decided_cb), self, 0);
  return button;
}

static void
review_guesses_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (widget);
  g_autoptr(GPtrArray) guesses = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list;

  if (!(guesses = tm_catalog_earnings_guesses (self->catalog, &error)))
    {
      show_error (self, _("No Guesses"), error->message);
      return;
    }
  list = boxed_list_new ();
  for (guint i = 0; i < guesses->len; i++)
    {
      const TmEarningsGuess *g = g_ptr_array_index (guesses, i);
      GtkWidget *row;
      g_autofree char *title = g_strdup_printf (_("“%s” by %s"), g->title != NULL ? g->title : "",
                                                g->artist != NULL ? g->artist : _("no artist"));
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Matched to %s · %" G_GUINT64_FORMAT
                                                                " line",
                                                                "Matched to %s · %" G_GUINT64_FORMAT
                                                                " lines", g->lines),
                                                   g->matched, g->lines);

      row = plain_row_new (title, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), decision_button (self, g->id, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), decision_button (self, g->id, FALSE));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  present_list (self, _("Lines Matched by Title"),
                guesses->len > 0
                ? _("These lines had no ISRC or UPC of your catalog, and were matched by their "
                    "title and artist. Say whether each is right; new lines of the same title "
                    "and artist follow what you say.")
                : _("No line is matched by its title alone."), list);
}

/* The reports imported, and forgetting one */

/* Forgetting deletes as many lines as the report had: in a worker, with a
 * connection of its own, like an import. */
typedef struct
{
  char   *path;
  gint64  id;
} ForgetJob;

static void
forget_job_free (ForgetJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
forget_worker (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ForgetJob *job = data;
  g_autoptr(TmCatalog) catalog = NULL;
  GPtrArray *forgotten;
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (job->path, &error))
      || !(forgotten = tm_catalog_forget_earnings_file (catalog, job->id, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forgotten, (GDestroyNotify) g_ptr_array_unref);
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forgotten = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GString) text = g_string_new (NULL);
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (forgotten == NULL)
    {
      show_error (self, _("Nothing Was Forgotten"), error->message);
      load (self);
      return;
    }
  for (guint i = 0; i < forgotten->len; i++)
    {
      const TmEarningsFile *file = g_ptr_array_index (forgotten, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", file->name);
    }
  toast = adw_toast_new_format (forgotten->len > 1
                                ? _("Forgotten: %s (import the others again)")
                                : _("Forgotten: %s"), text->str);
  adw_toast_set_timeout (toast, forgotten->len > 1 ? 0 : 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
  load (self);
}

static void
forget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TmEarningsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  ForgetJob *job;

  if (!g_str_equal (response, "forget"))
    return;
  job = g_new0 (ForgetJob, 1);
  job->path = g_strdup (tm_catalog_get_path (self->catalog));
  job->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "report"));
  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = tm_widget_task_new (self, self->cancellable, forgotten_cb, NULL);
  g_task_set_source_tag (task, forget_response_cb);
  g_task_set_name (task, "[tm] earnings forget");
  g_task_set_task_data (task, job, (GDestroyNotify) forget_job_free);
  g_task_run_in_thread (task, forget_worker);
}

static void
forget_clicked_cb (GtkButton        *button,
                   TmEarningsWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "report"));
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  GtkRoot *list_dialog = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *heading = g_strdup_printf (_("Forget %s?"), name);
  GtkWidget *dialog;

  if (GTK_IS_WINDOW (list_dialog))
    gtk_window_destroy (GTK_WINDOW (list_dialog));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its lines leave the catalog, as if it had never been "
                                     "imported; so do those of reports imported after it that "
                                     "shared lines with it, to be imported again. Importing "
                                     "the file again brings its lines back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "forget", _("_Forget"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "report", GSIZE_TO_POINTER (id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reports_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (widget);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list;

  if (!(files = tm_catalog_list_earnings_files (self->catalog, &error)))
    {
      show_error (self, _("No Reports"), error->message);
      return;
    }
  list = boxed_list_new ();
  for (guint i = files->len; i-- > 0;)
    {
      const TmEarningsFile *file = g_ptr_array_index (files, i);
      GtkWidget *row;
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Forget…"));
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (file->imported_at
                                                                   / G_USEC_PER_SEC);
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("");
      g_autofree char *subtitle = g_strdup_printf (_("%s · imported %s · %" G_GUINT64_FORMAT
                                                     " new lines of %" G_GUINT64_FORMAT),
                                                   tm_earnings_source_get_label (
                                                     tm_earnings_source_from_string (
                                                       file->source)),
                                                   date, file->added, file->lines);

      row = plain_row_new (file->name, subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data (G_OBJECT (button), "report", GSIZE_TO_POINTER (file->id));
      g_object_set_data_full (G_OBJECT (button), "name", g_strdup (file->name), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (forget_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  present_list (self, _("Imported Reports"),
                files->len > 0 ? _("The newest first. A report imported by mistake can be "
                                   "forgotten.")
                               : _("No report imported yet."), list);
}

/* For tests */

/**
 * tm_earnings_window_get_map:
 *
 * Returns: (transfer none): the map of listeners (shown by country)
 */
TmWorldMap *
tm_earnings_window_get_map (TmEarningsWindow *self)
{
  g_return_val_if_fail (TM_IS_EARNINGS_WINDOW (self), NULL);

  return self->map;
}

gboolean
tm_earnings_window_get_loading (TmEarningsWindow *self)
{
  g_return_val_if_fail (TM_IS_EARNINGS_WINDOW (self), FALSE);

  return self->loading;
}

const char *
tm_earnings_window_get_import_report (TmEarningsWindow *self)
{
  g_return_val_if_fail (TM_IS_EARNINGS_WINDOW (self), NULL);

  return self->import_report;
}

/**
 * tm_earnings_window_get_rows:
 *
 * Returns: (transfer none) (nullable) (element-type TmEarningsRow): the figures shown
 */
GPtrArray *
tm_earnings_window_get_rows (TmEarningsWindow *self)
{
  g_return_val_if_fail (TM_IS_EARNINGS_WINDOW (self), NULL);

  return self->rows;
}

/* Construction */

static void
tm_earnings_window_constructed (GObject *object)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (object);

  G_OBJECT_CLASS (tm_earnings_window_parent_class)->constructed (object);

  if (self->release_id != 0)
    {
      g_autoptr(TmRelease) release = tm_catalog_get_release (self->catalog, self->release_id,
                                                             NULL);
      g_autofree char *title = g_strdup_printf (_("Earnings of %s"),
                                                release != NULL && tm_release_get_title (release)
                                                ? tm_release_get_title (release)
                                                : _("This Release"));

      gtk_window_set_title (GTK_WINDOW (self), title);
      self->by = TM_EARNINGS_BY_PLATFORM;
      adw_combo_row_set_selected (self->by_row, TM_EARNINGS_BY_PLATFORM);
    }
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  {
    GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }
  self->map = TM_WORLD_MAP (tm_world_map_new ());
  self->map_legend = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->map_legend, 0);
  gtk_label_set_wrap (self->map_legend, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->map_legend), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->map_legend), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->map), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->map_legend), FALSE);
  adw_preferences_group_add (self->chart_group, GTK_WIDGET (self->map));
  adw_preferences_group_add (self->chart_group, GTK_WIDGET (self->map_legend));
  g_signal_connect_object (self->period_row, "notify::selected",
                           G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->by_row, "notify::selected",
                           G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  load (self);
}

static void
tm_earnings_window_dispose (GObject *object)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_EARNINGS_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->first, g_free);
  g_clear_pointer (&self->last, g_free);
  g_clear_pointer (&self->period_from, g_ptr_array_unref);
  g_clear_pointer (&self->period_to, g_ptr_array_unref);
  g_clear_pointer (&self->main_currency, g_free);
  g_clear_pointer (&self->import_report, g_free);
  g_clear_pointer (&self->statement, tm_statement_free);

  G_OBJECT_CLASS (tm_earnings_window_parent_class)->dispose (object);
}

static void
tm_earnings_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TmEarningsWindow *self = TM_EARNINGS_WINDOW (object);

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
tm_earnings_window_class_init (TmEarningsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_earnings_window_constructed;
  object_class->dispose = tm_earnings_window_dispose;
  object_class->set_property = tm_earnings_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-earnings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, period_row);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, by_row);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, chart_group);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, rows_group);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, review_button);
  gtk_widget_class_bind_template_child (widget_class, TmEarningsWindow, chart);
  gtk_widget_class_bind_template_child_full (widget_class, "rows", FALSE,
                                             G_STRUCT_OFFSET (TmEarningsWindow, list));
  gtk_widget_class_install_action (widget_class, "earnings.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "earnings.import-details", NULL,
                                   import_details_action);
  gtk_widget_class_install_action (widget_class, "earnings.save-csv", NULL, save_csv_action);
  gtk_widget_class_install_action (widget_class, "earnings.statement", NULL, statement_action);
  gtk_widget_class_install_action (widget_class, "earnings.review-guesses", NULL,
                                   review_guesses_action);
  gtk_widget_class_install_action (widget_class, "earnings.reports", NULL, reports_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "earnings.import", NULL);
}

static void
tm_earnings_window_init (TmEarningsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->period_from = g_ptr_array_new_with_free_func (g_free);
  self->period_to = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_earnings_window_new (TmCatalog *catalog,
                        gint64     release_id)
{
  return g_object_new (TM_TYPE_EARNINGS_WINDOW, "catalog", catalog, "release-id", release_id,
                       NULL);
}
