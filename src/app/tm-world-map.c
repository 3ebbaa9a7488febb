/* tm-world-map.c: the countries of the world, coloured by what is known of each
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The geometry is made when TuneMantra is built, by data/map/make-world-map.py
 * from DCW-GMT (Debian's gmt-dcw: the Digital Chart of the World, simplified),
 * and compiled in as a resource; a build without it shows no map, and the
 * callers' tables say everything the map would.
 *
 * Drawn in the plate carrée projection (longitude and latitude as they are),
 * from 58° south to 84° north, Antarctica left out; a country is filled with
 * its class's colour, or a faint tone of the text colour when nothing is known
 * of it, and outlined in the window's background colour, so the map reads in
 * light and dark. It is an image to assistive technologies, labelled by the
 * caller; the list beside it is what they read. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tm-world-map.h"

#define RESOURCE "/io/github/tunemantra/TuneMantra/world.txt"
#define NORTH 84.0
#define SOUTH -58.0

typedef struct
{
  char    code[3];
  char   *name;
  GArray *rings;       /* of GArray of float: lon, lat, lon, lat… */
  float   east;        /* the easternmost longitude, past 180 for a polygon over the date line */
} Country;

static GPtrArray *countries;   /* of Country, read once */
static GHashTable *by_code;    /* code -> Country */

static void
load_geometry (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE, 0, NULL);
      Country *country = NULL;

      countries = g_ptr_array_new ();
      by_code = g_hash_table_new (g_str_hash, g_str_equal);
      if (bytes != NULL)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes));
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              const char *line = lines[i];

              if (line[0] == '#' || line[0] == '\0')
                continue;
              if (g_str_has_prefix (line, "C ") && strlen (line) > 5)
                {
                  country = g_new0 (Country, 1);
                  memcpy (country->code, line + 2, 2);
                  country->name = g_strdup (line + 5);
                  country->rings = g_array_new (FALSE, FALSE, sizeof (GArray *));
                  country->east = -180;
                  g_ptr_array_add (countries, country);
                  g_hash_table_insert (by_code, country->code, country);
                }
              else if (country != NULL)
                {
                  GArray *ring = g_array_new (FALSE, FALSE, sizeof (float));
                  char *end = (char *) line;

                  for (;;)
                    {
                      char *next;
                      long value = strtol (end, &next, 10);

                      if (next == end)
                        break;
                      end = next;
                      g_array_append_val (ring, (float) { value / 10.0f });
                      if (ring->len % 2 == 1)
                        country->east = MAX (country->east, value / 10.0f);
                    }
                  if (ring->len >= 6)
                    g_array_append_val (country->rings, ring);
                  else
                    g_array_unref (ring);
                }
            }
        }
      g_once_init_leave (&loaded, 1);
    }
}

/**
 * tm_world_map_has_geometry:
 *
 * Whether this build has the map's geometry (see the top of this file).
 */
gboolean
tm_world_map_has_geometry (void)
{
  load_geometry ();
  return countries->len > 0;
}

/**
 * tm_world_map_list_codes:
 *
 * Returns: (transfer container) (element-type utf8): the codes of the map's
 *   countries, Antarctica left out
 */
GPtrArray *
tm_world_map_list_codes (void)
{
  GPtrArray *codes = g_ptr_array_new ();

  load_geometry ();
  for (guint i = 0; i < countries->len; i++)
    if (!g_str_equal (((Country *) countries->pdata[i])->code, "AQ"))
      g_ptr_array_add (codes, ((Country *) countries->pdata[i])->code);
  return codes;
}

/**
 * tm_world_map_country_name:
 * @code: an ISO 3166 alpha-2 code
 *
 * Returns: (nullable): the country's English name, as the map's source has it
 */
const char *
tm_world_map_country_name (const char *code)
{
  Country *country;

  load_geometry ();
  country = code != NULL ? g_hash_table_lookup (by_code, code) : NULL;
  return country != NULL ? country->name : NULL;
}

struct _TmWorldMap
{
  GtkWidget   parent_instance;

  GHashTable *classes;     /* code -> GUINT_TO_POINTER (class + 1) */
  GArray     *colors;      /* GdkRGBA of each class */
};

G_DEFINE_FINAL_TYPE (TmWorldMap, tm_world_map, GTK_TYPE_WIDGET)

/**
 * tm_world_map_set_classes:
 * @classes: (transfer none): ISO 3166 code -> GUINT_TO_POINTER (class + 1)
 * @colors: (array length=n_colors): each class's colour, as CSS writes it
 *
 * Colours each country by its class; countries not in @classes are nothing known.
 */
void
tm_world_map_set_classes (TmWorldMap  *self,
                          GHashTable  *classes,
                          const char **colors,
                          guint        n_colors)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (TM_IS_WORLD_MAP (self));

  g_hash_table_remove_all (self->classes);
  g_hash_table_iter_init (&iter, classes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->classes, g_strdup (key), value);
  g_array_set_size (self->colors, 0);
  for (guint i = 0; i < n_colors; i++)
    {
      GdkRGBA color;

      if (!gdk_rgba_parse (&color, colors[i]))
        color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 1 };
      g_array_append_val (self->colors, color);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tm_world_map_get_class:
 *
 * Returns: the class of @code plus one, or 0 if nothing is known of it
 */
guint
tm_world_map_get_class (TmWorldMap *self,
                        const char *code)
{
  g_return_val_if_fail (TM_IS_WORLD_MAP (self), 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->classes, code));
}

/**
 * tm_world_map_count_class:
 *
 * Returns: how many countries of the map are of @klass
 */
guint
tm_world_map_count_class (TmWorldMap *self,
                          guint       klass)
{
  guint n = 0;

  g_return_val_if_fail (TM_IS_WORLD_MAP (self), 0);

  load_geometry ();
  for (guint i = 0; i < countries->len; i++)
    if (GPOINTER_TO_UINT (g_hash_table_lookup (self->classes,
                                               ((Country *) countries->pdata[i])->code))
        == klass + 1)
      n++;
  return n;
}

static GtkSizeRequestMode
tm_world_map_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tm_world_map_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 640;
    }
  else
    {
      int width = for_size > 0 ? for_size : 640;

      *minimum = *natural = (int) (width * (NORTH - SOUTH) / 360.0);
    }
}

static void
trace (cairo_t *cr,
       GArray  *ring,
       double   shift,
       double   sx,
       double   sy)
{
  const float *p = (const float *) ring->data;

  cairo_move_to (cr, (p[0] + 180 + shift) * sx, (NORTH - p[1]) * sy);
  for (guint i = 2; i + 1 < ring->len; i += 2)
    cairo_line_to (cr, (p[i] + 180 + shift) * sx, (NORTH - p[i + 1]) * sy);
  cairo_close_path (cr);
}

static void
tm_world_map_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  TmWorldMap *self = TM_WORLD_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double sx = width / 360.0, sy = height / (NORTH - SOUTH);
  cairo_t *cr;
  GdkRGBA text;

  load_geometry ();
  if (countries->len == 0 || width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 0.6);

  for (guint i = 0; i < countries->len; i++)
    {
      Country *country = countries->pdata[i];
      guint klass = GPOINTER_TO_UINT (g_hash_table_lookup (self->classes, country->code));
      GdkRGBA fill = klass > 0 && klass <= self->colors->len
                     ? g_array_index (self->colors, GdkRGBA, klass - 1)
                     : (GdkRGBA) { text.red, text.green, text.blue, 0.13f };

      if (g_str_equal (country->code, "AQ"))
        continue;
      for (int copy = 0; copy < (country->east > 180 ? 2 : 1); copy++)
        for (guint r = 0; r < country->rings->len; r++)
          trace (cr, g_array_index (country->rings, GArray *, r), copy * -360.0, sx, sy);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { text.red, text.green, text.blue, 0.35f });
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
tm_world_map_finalize (GObject *object)
{
  TmWorldMap *self = TM_WORLD_MAP (object);

  g_hash_table_unref (self->classes);
  g_array_unref (self->colors);

  G_OBJECT_CLASS (tm_world_map_parent_class)->finalize (object);
}

static void
tm_world_map_class_init (TmWorldMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tm_world_map_finalize;
  widget_class->get_request_mode = tm_world_map_get_request_mode;
  widget_class->measure = tm_world_map_measure;
  widget_class->snapshot = tm_world_map_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "worldmap");
}

static void
tm_world_map_init (TmWorldMap *self)
{
  self->classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
}

GtkWidget *
tm_world_map_new (void)
{
  return g_object_new (TM_TYPE_WORLD_MAP, NULL);
}
