/* tm-banner.h: a message across the top of a page, with the button that fixes it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TM_TYPE_BANNER (tm_banner_get_type ())

G_DECLARE_FINAL_TYPE (TmBanner, tm_banner, TM, BANNER, AdwBin)

void        tm_banner_show       (TmBanner   *self,
                                  const char *title,
                                  const char *button_label,
                                  const char *action_name,
                                  GVariant   *target);
void        tm_banner_hide       (TmBanner   *self);
const char *tm_banner_get_title  (TmBanner   *self);
gboolean    tm_banner_get_shown  (TmBanner   *self);
GtkButton  *tm_banner_get_button (TmBanner   *self);

G_END_DECLS
