/* tm-job-queue.h: runs the delivery jobs kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-delivery-target.h"

G_BEGIN_DECLS

#define TM_TYPE_JOB_QUEUE (tm_job_queue_get_type ())

G_DECLARE_FINAL_TYPE (TmJobQueue, tm_job_queue, TM, JOB_QUEUE, GObject)

#define TM_JOB_QUEUE_DEFAULT_CONCURRENCY 3

TmJobQueue *tm_job_queue_new                (TmCatalog           *catalog);
void        tm_job_queue_set_tick_interval  (TmJobQueue          *self,
                                             guint                milliseconds);
gint64      tm_job_queue_now                (TmJobQueue          *self);
void        tm_job_queue_start              (TmJobQueue          *self);
void        tm_job_queue_stop               (TmJobQueue          *self);
void        tm_job_queue_poke               (TmJobQueue          *self);
guint       tm_job_queue_get_n_running      (TmJobQueue          *self);
gboolean    tm_job_queue_get_busy           (TmJobQueue          *self);
gboolean    tm_job_queue_is_idle            (TmJobQueue          *self);
gboolean    tm_job_queue_get_progress       (TmJobQueue          *self,
                                             gint64               job_id,
                                             TmProgress          *progress);

G_END_DECLS
