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
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, distribution_id)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, release_id)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, platform_id)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, TmJobKind, kind)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, TmJobPriority, priority)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, TmJobState, state)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, run_at)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, int, attempts)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, int, immediate_retries)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, last_error)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, error_category)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, reason)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, batch_id)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, files_done)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, files_total)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, bytes_done)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, bytes_total)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, owner)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, lease_until)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, created_at)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, updated_at)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, gint64, finished_at)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, release_title)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, cover_path)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, cover_sha256)
TM_RECORD_DECLARE_ACCESSORS (TmJob, tm_job, const char *, platform_name)

G_END_DECLS
