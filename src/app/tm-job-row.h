/* tm-job-row.h: one job of the Deliveries window
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-job-item.h"

G_BEGIN_DECLS

#define TM_TYPE_JOB_ROW (tm_job_row_get_type ())

G_DECLARE_FINAL_TYPE (TmJobRow, tm_job_row, TM, JOB_ROW, AdwBin)

TmJobItem *tm_job_row_get_item   (TmJobRow   *self);
GtkWidget *tm_job_row_get_button (TmJobRow   *self,
                                  const char *action);

G_END_DECLS
