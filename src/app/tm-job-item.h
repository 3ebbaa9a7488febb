/* tm-job-item.h: a job of the queue as the Deliveries window shows it, moving
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-job-queue.h"
#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_JOB_ITEM (tm_job_item_get_type ())

G_DECLARE_FINAL_TYPE (TmJobItem, tm_job_item, TM, JOB_ITEM, GObject)

TmJobItem  *tm_job_item_new           (TmJob            *job);
TmJob      *tm_job_item_get_job       (TmJobItem        *self);
void        tm_job_item_set_job       (TmJobItem        *self,
                                       TmJob            *job);
void        tm_job_item_set_progress  (TmJobItem        *self,
                                       const TmProgress *progress,
                                       gint64            now);
const char *tm_job_item_get_detail    (TmJobItem        *self);
void        tm_job_item_set_all_paused (TmJobItem       *self,
                                       gboolean          all_paused);
double      tm_job_item_get_rate      (TmJobItem        *self);

char       *tm_queue_format_progress  (const TmProgress *progress,
                                       double            bytes_per_second);

G_END_DECLS
