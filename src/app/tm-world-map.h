/* tm-world-map.h: the countries of the world, coloured by what is known of each
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TM_TYPE_WORLD_MAP (tm_world_map_get_type ())

G_DECLARE_FINAL_TYPE (TmWorldMap, tm_world_map, TM, WORLD_MAP, GtkWidget)

GtkWidget  *tm_world_map_new                (void);
gboolean    tm_world_map_has_geometry       (void);
const char *tm_world_map_country_name       (const char   *code);
GPtrArray  *tm_world_map_list_codes         (void);
void        tm_world_map_set_classes        (TmWorldMap   *self,
                                             GHashTable   *classes,
                                             const char  **colors,
                                             guint         n_colors);
guint       tm_world_map_get_class          (TmWorldMap   *self,
                                             const char   *code);
guint       tm_world_map_count_class        (TmWorldMap   *self,
                                             guint         klass);

G_END_DECLS
