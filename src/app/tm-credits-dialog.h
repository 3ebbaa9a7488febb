/* tm-credits-dialog.h: a track's details, contributors and splits
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_TYPE_CREDITS_DIALOG (tm_credits_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TmCreditsDialog, tm_credits_dialog, TM, CREDITS_DIALOG, AdwWindow)

GtkWidget   *tm_credits_dialog_new             (TmCatalog        *catalog,
                                                gint64            track_id);
void         tm_credits_dialog_add_contributor (TmCreditsDialog  *self,
                                                const char       *name,
                                                TmContributorRole role);
void         tm_credits_dialog_add_split       (TmCreditsDialog  *self,
                                                const char       *party,
                                                const char       *role,
                                                double            percent);
int          tm_credits_dialog_get_total_bp    (TmCreditsDialog  *self);
GtkWidget   *tm_credits_dialog_get_field       (TmCreditsDialog  *self,
                                                const char       *key);
void         tm_credits_dialog_replace_audio   (TmCreditsDialog  *self,
                                                const char       *path);
gboolean     tm_credits_dialog_get_busy        (TmCreditsDialog  *self);
gboolean     tm_credits_dialog_save            (TmCreditsDialog  *self,
                                                GError          **error);

G_END_DECLS
