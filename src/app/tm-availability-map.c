/* tm-availability-map.c: where a release is available, on the platforms it is live on
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The release's territories (worldwide but for those excluded, or only those
 * listed: what its DDEX deals say) on a map, for one platform or all: a
 * country is available where the territories allow it and the release is live
 * there; where the territories allow it but the platform has not put it live
 * yet, it will be; elsewhere it is not. A line of text under the map says the
 * same in words, for a screen reader and for a glance: how many countries, and
 * which are left out. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tm-availability-map.h"
#include "tm-distribution.h"

enum { AVAILABLE, COMING, NOT_AVAILABLE };

static const char *colors[] = { "#2ec27e", "#8ff0a4", "#f66151" };

struct _TmAvailabilityMap
{
  GtkWidget     parent_instance;

  TmRelease    *release;
  GListModel   *distributions;
  GtkDropDown  *platform;
  TmWorldMap   *map;
  GtkLabel     *legend;
  char         *summary;
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (TmAvailabilityMap, tm_availability_map, GTK_TYPE_WIDGET)

static gboolean
is_live (TmDistribution *d)
{
  TmDistributionStatus status = tm_distribution_get_status (d);

  return status == TM_DISTRIBUTION_STATUS_LIVE || status == TM_DISTRIBUTION_STATUS_UPDATING
         || status == TM_DISTRIBUTION_STATUS_UPDATED;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *x = tm_world_map_country_name (*(const char * const *) a);
  const char *y = tm_world_map_country_name (*(const char * const *) b);

  return g_utf8_collate (x != NULL ? x : "", y != NULL ? y : "");
}

/* "France (FR), Germany (DE)", in the order of their names. */
static char *
names (GPtrArray *codes)
{
  GString *s = g_string_new (NULL);

  g_ptr_array_sort (codes, compare_names);

  for (guint i = 0; i < codes->len; i++)
    {
      const char *name = tm_world_map_country_name (codes->pdata[i]);

      g_string_append_printf (s, "%s%s (%s)", i > 0 ? ", " : "", name != NULL ? name : "",
                              (char *) codes->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static void
update (TmAvailabilityMap *self)
{
  g_autoptr(GPtrArray) codes = tm_world_map_list_codes ();
  g_autoptr(GHashTable) classes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(GPtrArray) in = g_ptr_array_new ();
  const char * const *territories = tm_release_get_territories (self->release);
  gboolean worldwide = tm_release_get_territory_mode (self->release)
                       == TM_TERRITORY_MODE_WORLDWIDE;
  guint position = gtk_drop_down_get_selected (self->platform);
  guint n = g_list_model_get_n_items (self->distributions);
  g_autofree char *where = NULL;
  g_autofree char *which = NULL;
  guint live = 0, available = 0;
  gboolean on_platform;

  for (guint i = 0; territories != NULL && territories[i] != NULL; i++)
    g_hash_table_add (listed, g_ascii_strup (territories[i], -1));

  /* 0 is every platform; then each distribution in the model's order. */
  if (position == 0 || position == GTK_INVALID_LIST_POSITION || position > n)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmDistribution) d = g_list_model_get_item (self->distributions, i);

          live += is_live (d);
        }
      on_platform = live > 0;
      where = live > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "live on %u platform",
                                                       "live on %u platforms", live), live)
                       : g_strdup (_("not live on any platform yet"));
    }
  else
    {
      g_autoptr(TmDistribution) d = g_list_model_get_item (self->distributions, position - 1);
      const char *name = tm_distribution_get_platform_name (d);

      on_platform = is_live (d);
      where = on_platform ? g_strdup_printf (_("live on %s"), name)
                          : g_strdup_printf (_("not live on %s yet"), name);
    }

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = codes->pdata[i];
      gboolean allowed = worldwide != g_hash_table_contains (listed, code);

      g_hash_table_insert (classes, (gpointer) code,
                           GUINT_TO_POINTER ((allowed ? on_platform ? AVAILABLE : COMING
                                                      : NOT_AVAILABLE) + 1));
      if (allowed)
        {
          available++;
          g_ptr_array_add (in, (gpointer) code);
        }
      else
        g_ptr_array_add (out, (gpointer) code);
    }
  tm_world_map_set_classes (self->map, classes, colors, G_N_ELEMENTS (colors));

  which = worldwide ? (out->len > 0 ? names (out) : NULL) : names (in);
  g_free (self->summary);
  self->summary = worldwide
                  ? out->len > 0
                    ? g_strdup_printf (_("Available in %u countries, %s; not in %s."),
                                       available, where, which)
                    : g_strdup_printf (_("Available in every country, %s."), where)
                  : in->len > 0
                    ? g_strdup_printf (_("Available only in %s, %s."), which, where)
                    : g_strdup_printf (_("Available in no country: the list of territories is "
                                         "empty."));
  {
    g_autofree char *a = g_markup_escape_text (on_platform ? _("Available") : _("Once live"), -1);
    g_autofree char *b = g_markup_escape_text (_("Not available"), -1);
    g_autofree char *text = g_markup_escape_text (self->summary, -1);
    g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">■</span> %s   "
                                               "<span foreground=\"%s\">■</span> %s\n%s",
                                               colors[on_platform ? AVAILABLE : COMING], a,
                                               colors[NOT_AVAILABLE], b, text);

    gtk_label_set_markup (self->legend, markup);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map of where the release is available"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
}

static void
fill_platforms (TmAvailabilityMap *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->platform);

  gtk_string_list_append (list, _("Every platform"));
  for (guint i = 0; i < g_list_model_get_n_items (self->distributions); i++)
    {
      g_autoptr(TmDistribution) d = g_list_model_get_item (self->distributions, i);

      gtk_string_list_append (list, tm_distribution_get_platform_name (d) != NULL
                                    ? tm_distribution_get_platform_name (d)
                                    : _("A removed platform"));
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->platform, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->platform,
                              selected < g_list_model_get_n_items (G_LIST_MODEL (list))
                              ? selected : 0);
  self->filling = FALSE;
  update (self);
}

static void
platform_selected_cb (TmAvailabilityMap *self)
{
  if (!self->filling)
    update (self);
}

void
tm_availability_map_set_platform (TmAvailabilityMap *self,
                                  guint              position)
{
  g_return_if_fail (TM_IS_AVAILABILITY_MAP (self));

  gtk_drop_down_set_selected (self->platform, position);
}

TmWorldMap *
tm_availability_map_get_map (TmAvailabilityMap *self)
{
  g_return_val_if_fail (TM_IS_AVAILABILITY_MAP (self), NULL);

  return self->map;
}

const char *
tm_availability_map_get_summary (TmAvailabilityMap *self)
{
  g_return_val_if_fail (TM_IS_AVAILABILITY_MAP (self), NULL);

  return self->summary;
}

static void
tm_availability_map_dispose (GObject *object)
{
  TmAvailabilityMap *self = TM_AVAILABILITY_MAP (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->release);
  g_clear_object (&self->distributions);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (tm_availability_map_parent_class)->dispose (object);
}

static void
tm_availability_map_class_init (TmAvailabilityMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_availability_map_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
tm_availability_map_init (TmAvailabilityMap *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_("Where It Is Available"));
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  self->platform = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->platform), _("On which platform"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->platform), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Platform"), -1);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->platform));
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->map = TM_WORLD_MAP (tm_world_map_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->map), GTK_WIDGET (self));
  self->legend = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->legend, 0);
  gtk_label_set_wrap (self->legend, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->legend), "caption");
  gtk_widget_set_parent (GTK_WIDGET (self->legend), GTK_WIDGET (self));
  g_signal_connect_object (self->platform, "notify::selected",
                           G_CALLBACK (platform_selected_cb), self, G_CONNECT_SWAPPED);
}

/**
 * tm_availability_map_new:
 * @release: the release as it is edited (its territories are followed)
 * @distributions: (element-type TmDistribution): the release's distributions
 */
GtkWidget *
tm_availability_map_new (TmRelease  *release,
                         GListModel *distributions)
{
  TmAvailabilityMap *self = g_object_new (TM_TYPE_AVAILABILITY_MAP, NULL);

  self->release = g_object_ref (release);
  self->distributions = g_object_ref (distributions);
  g_signal_connect_object (release, "notify::territories", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (release, "notify::territory-mode", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (distributions, "items-changed", G_CALLBACK (fill_platforms), self,
                           G_CONNECT_SWAPPED);
  fill_platforms (self);
  return GTK_WIDGET (self);
}
