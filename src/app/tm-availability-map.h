/* tm-availability-map.h: where a release is available, on the platforms it is live on
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tm-release.h"
#include "tm-world-map.h"

G_BEGIN_DECLS

#define TM_TYPE_AVAILABILITY_MAP (tm_availability_map_get_type ())

G_DECLARE_FINAL_TYPE (TmAvailabilityMap, tm_availability_map, TM, AVAILABILITY_MAP, GtkWidget)

GtkWidget  *tm_availability_map_new          (TmRelease          *release,
                                              GListModel         *distributions);
void        tm_availability_map_set_platform (TmAvailabilityMap  *self,
                                              guint               position);
TmWorldMap *tm_availability_map_get_map      (TmAvailabilityMap  *self);
const char *tm_availability_map_get_summary  (TmAvailabilityMap  *self);

G_END_DECLS
