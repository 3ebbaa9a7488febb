/* tm-deliver-dialog.h: choose where a release goes, seeing what each platform would say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-job-queue.h"

G_BEGIN_DECLS

#define TM_TYPE_DELIVER_DIALOG (tm_deliver_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TmDeliverDialog, tm_deliver_dialog, TM, DELIVER_DIALOG, AdwWindow)

GtkWidget  *tm_deliver_dialog_new          (TmCatalog       *catalog,
                                            TmRelease       *release,
                                            TmJobQueue      *queue);
GListModel *tm_deliver_dialog_get_choices  (TmDeliverDialog *self);
gboolean    tm_deliver_dialog_get_checking (TmDeliverDialog *self);
GtkWidget  *tm_deliver_dialog_deliver      (TmDeliverDialog *self);
gboolean    tm_deliver_dialog_get_busy     (TmDeliverDialog *self);

G_END_DECLS
