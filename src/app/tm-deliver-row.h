/* tm-deliver-row.h: a platform to deliver to, and what its rules say first
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

/* One platform of the Deliver dialog: chosen or not, and its pre-flight. */
#define TM_TYPE_DELIVER_CHOICE (tm_deliver_choice_get_type ())

G_DECLARE_FINAL_TYPE (TmDeliverChoice, tm_deliver_choice, TM, DELIVER_CHOICE, GObject)

TmDeliverChoice *tm_deliver_choice_new          (TmPlatform      *platform);
TmPlatform      *tm_deliver_choice_get_platform (TmDeliverChoice *self);
gboolean         tm_deliver_choice_get_chosen   (TmDeliverChoice *self);
void             tm_deliver_choice_set_chosen   (TmDeliverChoice *self,
                                                 gboolean         chosen);
guint            tm_deliver_choice_get_n_errors (TmDeliverChoice *self);
const char      *tm_deliver_choice_get_summary  (TmDeliverChoice *self);
void             tm_deliver_choice_set_checked  (TmDeliverChoice *self,
                                                 guint            n_errors,
                                                 guint            n_warnings,
                                                 const char      *first_error);

#define TM_TYPE_DELIVER_ROW (tm_deliver_row_get_type ())

G_DECLARE_FINAL_TYPE (TmDeliverRow, tm_deliver_row, TM, DELIVER_ROW, AdwActionRow)

GtkWidget *tm_deliver_row_new (TmDeliverChoice *choice);

G_END_DECLS
