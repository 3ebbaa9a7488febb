/* tm-job.h: One piece of delivery work in the queue
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-enums.h"
#include "tm-record.h"

G_BEGIN_DECLS

#define TM_TYPE_JOB (tm_job_get_type ())

/* Sets of states and kinds, for TmJobQuery. */
#define TM_JOB_STATE_MASK(state) (1u << (state))
#define TM_JOB_STATES_OPEN  (TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING) \
                             | TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING) \
                             | TM_JOB_STATE_MASK (TM_JOB_STATE_PAUSED))
#define TM_JOB_STATES_ENDED (TM_JOB_STATE_MASK (TM_JOB_STATE_DONE) \
                             | TM_JOB_STATE_MASK (TM_JOB_STATE_FAILED) \
                             | TM_JOB_STATE_MASK (TM_JOB_STATE_CANCELLED))
#define TM_JOB_KIND_MASK(kind) (1u << (kind))
/* Everything but polls: the work a person asked for. */
#define TM_JOB_KINDS_WORK (TM_JOB_KIND_MASK (TM_JOB_KIND_DELIVER) \
                           | TM_JOB_KIND_MASK (TM_JOB_KIND_UPDATE) \
                           | TM_JOB_KIND_MASK (TM_JOB_KIND_TAKEDOWN))

/* Which jobs tm_catalog_list_jobs() lists: every condition given holds. */
typedef struct
{
  guint     states;            /* TM_JOB_STATE_MASK()s of the states wanted; 0: any */
  guint     kinds;             /* TM_JOB_KIND_MASK()s of the kinds wanted; 0: any */
  gint64    job_id;            /* 0: any */
  gint64    distribution_id;   /* 0: any */
  gint64    release_id;        /* 0: any */
  gboolean  in_batch;          /* only jobs of a batch */
  gint64    due_by;            /* only jobs to run at or before this time (µs); 0: any */
  guint     latest;            /* only the @latest changed most recently; 0: all */
} TmJobQuery;

G_DECLARE_FINAL_TYPE (TmJob, tm_job, TM, JOB, TmRecord)

TmJob         *tm_job_new                   (void);
gint64         tm_job_get_distribution_id   (TmJob         *self);
void           tm_job_set_distribution_id   (TmJob         *self,
                                             gint64         distribution_id);
gint64         tm_job_get_release_id        (TmJob         *self);
void           tm_job_set_release_id        (TmJob         *self,
                                             gint64         release_id);
gint64         tm_job_get_platform_id       (TmJob         *self);
void           tm_job_set_platform_id       (TmJob         *self,
                                             gint64         platform_id);
TmJobKind      tm_job_get_kind              (TmJob         *self);
void           tm_job_set_kind              (TmJob         *self,
                                             TmJobKind      kind);
TmJobPriority  tm_job_get_priority          (TmJob         *self);
void           tm_job_set_priority          (TmJob         *self,
                                             TmJobPriority  priority);
TmJobState     tm_job_get_state             (TmJob         *self);
void           tm_job_set_state             (TmJob         *self,
                                             TmJobState     state);
gint64         tm_job_get_run_at            (TmJob         *self);
void           tm_job_set_run_at            (TmJob         *self,
                                             gint64         run_at);
int            tm_job_get_attempts          (TmJob         *self);
void           tm_job_set_attempts          (TmJob         *self,
                                             int            attempts);
int            tm_job_get_immediate_retries (TmJob         *self);
void           tm_job_set_immediate_retries (TmJob         *self,
                                             int            immediate_retries);
const char    *tm_job_get_last_error        (TmJob         *self);
void           tm_job_set_last_error        (TmJob         *self,
                                             const char    *last_error);
const char    *tm_job_get_error_category    (TmJob         *self);
void           tm_job_set_error_category    (TmJob         *self,
                                             const char    *error_category);
const char    *tm_job_get_reason            (TmJob         *self);
void           tm_job_set_reason            (TmJob         *self,
                                             const char    *reason);
gint64         tm_job_get_batch_id          (TmJob         *self);
void           tm_job_set_batch_id          (TmJob         *self,
                                             gint64         batch_id);
gint64         tm_job_get_files_done        (TmJob         *self);
void           tm_job_set_files_done        (TmJob         *self,
                                             gint64         files_done);
gint64         tm_job_get_files_total       (TmJob         *self);
void           tm_job_set_files_total       (TmJob         *self,
                                             gint64         files_total);
gint64         tm_job_get_bytes_done        (TmJob         *self);
void           tm_job_set_bytes_done        (TmJob         *self,
                                             gint64         bytes_done);
gint64         tm_job_get_bytes_total       (TmJob         *self);
void           tm_job_set_bytes_total       (TmJob         *self,
                                             gint64         bytes_total);
const char    *tm_job_get_owner             (TmJob         *self);
void           tm_job_set_owner             (TmJob         *self,
                                             const char    *owner);
gint64         tm_job_get_lease_until       (TmJob         *self);
void           tm_job_set_lease_until       (TmJob         *self,
                                             gint64         lease_until);
gint64         tm_job_get_created_at        (TmJob         *self);
void           tm_job_set_created_at        (TmJob         *self,
                                             gint64         created_at);
gint64         tm_job_get_updated_at        (TmJob         *self);
void           tm_job_set_updated_at        (TmJob         *self,
                                             gint64         updated_at);
gint64         tm_job_get_finished_at       (TmJob         *self);
void           tm_job_set_finished_at       (TmJob         *self,
                                             gint64         finished_at);

G_END_DECLS
