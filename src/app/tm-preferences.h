/* tm-preferences.h: defaults for new releases, identifiers, notifications
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_TYPE_PREFERENCES (tm_preferences_get_type ())

G_DECLARE_FINAL_TYPE (TmPreferences, tm_preferences, TM, PREFERENCES, AdwPreferencesWindow)

GtkWidget *tm_preferences_new             (TmCatalog     *catalog);
void       tm_preferences_set_concurrency (TmPreferences *self,
                                           int            n);
GtkWidget *tm_preferences_focus           (TmPreferences *self,
                                           const char    *key);
GSettings *tm_settings_new                (void);
void       tm_settings_apply_to_release   (GSettings     *settings,
                                           TmRelease     *release);

G_END_DECLS
