/* tm-queue-window.h: the delivery queue, job by job, with progress
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"
#include "tm-job-item.h"
#include "tm-job-queue.h"

G_BEGIN_DECLS

typedef enum
{
  TM_QUEUE_FILTER_ACTIVE,     /* waiting, running, paused */
  TM_QUEUE_FILTER_FAILED,
  TM_QUEUE_FILTER_FINISHED,   /* done or cancelled */
  TM_QUEUE_FILTER_ALL,        /* with the status checks */
} TmQueueFilter;

#define TM_TYPE_QUEUE_WINDOW (tm_queue_window_get_type ())

G_DECLARE_FINAL_TYPE (TmQueueWindow, tm_queue_window, TM, QUEUE_WINDOW, AdwWindow)

GtkWidget  *tm_queue_window_new            (TmCatalog      *catalog,
                                            TmJobQueue     *queue);
void        tm_queue_window_set_filter     (TmQueueWindow  *self,
                                            TmQueueFilter   filter);
gboolean    tm_queue_window_get_loading    (TmQueueWindow  *self);
guint       tm_queue_window_get_n_jobs     (TmQueueWindow  *self);
const char *tm_queue_window_get_summary    (TmQueueWindow  *self);
const char *tm_queue_window_get_job_text   (TmQueueWindow  *self,
                                            gint64          job_id);
GtkWidget  *tm_queue_window_get_job_button (TmQueueWindow  *self,
                                            gint64          job_id,
                                            const char     *action);

G_END_DECLS
