/* tm-job.c: One piece of delivery work in the queue
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-job.h"

struct _TmJob
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmJob, tm_job, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_DISTRIBUTION_ID,
  PROP_RELEASE_ID,
  PROP_PLATFORM_ID,
  PROP_KIND,
  PROP_PRIORITY,
  PROP_STATE,
  PROP_RUN_AT,
  PROP_ATTEMPTS,
  PROP_IMMEDIATE_RETRIES,
  PROP_LAST_ERROR,
  PROP_ERROR_CATEGORY,
  PROP_REASON,
  PROP_BATCH_ID,
  PROP_FILES_DONE,
  PROP_FILES_TOTAL,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_OWNER,
  PROP_LEASE_UNTIL,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_FINISHED_AT,
  PROP_RELEASE_TITLE,
  PROP_COVER_PATH,
  PROP_COVER_SHA256,
  PROP_PLATFORM_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_job_class_init (TmJobClass *klass)
{
  properties[PROP_DISTRIBUTION_ID] = tm_record_param_int64 ("distribution-id", TM_PARAM_MANAGED);
  properties[PROP_RELEASE_ID] = tm_record_param_int64 ("release-id", TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_ID] = tm_record_param_int64 ("platform-id", TM_PARAM_MANAGED);
  properties[PROP_KIND] =
    tm_record_param_enum ("kind", TM_TYPE_JOB_KIND, TM_JOB_KIND_DELIVER, TM_PARAM_MANAGED);
  properties[PROP_PRIORITY] =
    tm_record_param_enum ("priority", TM_TYPE_JOB_PRIORITY, TM_JOB_PRIORITY_NORMAL, 0);
  properties[PROP_STATE] =
    tm_record_param_enum ("state", TM_TYPE_JOB_STATE, TM_JOB_STATE_WAITING, TM_PARAM_MANAGED);
  properties[PROP_RUN_AT] = tm_record_param_int64 ("run-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ATTEMPTS] = tm_record_param_int ("attempts", 0, 1000000, 0, TM_PARAM_MANAGED);
  properties[PROP_IMMEDIATE_RETRIES] =
    tm_record_param_int ("immediate-retries", 0, 1000000, 0, TM_PARAM_MANAGED);
  properties[PROP_LAST_ERROR] = tm_record_param_string ("last-error", TM_PARAM_MANAGED);
  properties[PROP_ERROR_CATEGORY] = tm_record_param_string ("error-category", TM_PARAM_MANAGED);
  properties[PROP_REASON] = tm_record_param_string ("reason", TM_PARAM_MANAGED);
  properties[PROP_BATCH_ID] = tm_record_param_int64 ("batch-id", TM_PARAM_MANAGED);
  properties[PROP_FILES_DONE] = tm_record_param_int64 ("files-done", TM_PARAM_MANAGED);
  properties[PROP_FILES_TOTAL] = tm_record_param_int64 ("files-total", TM_PARAM_MANAGED);
  properties[PROP_BYTES_DONE] = tm_record_param_int64 ("bytes-done", TM_PARAM_MANAGED);
  properties[PROP_BYTES_TOTAL] = tm_record_param_int64 ("bytes-total", TM_PARAM_MANAGED);
  properties[PROP_OWNER] = tm_record_param_string ("owner", TM_PARAM_MANAGED);
  properties[PROP_LEASE_UNTIL] =
    tm_record_param_int64 ("lease-until", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_CREATED_AT] =
    tm_record_param_int64 ("created-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    tm_record_param_int64 ("updated-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_FINISHED_AT] =
    tm_record_param_int64 ("finished-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  /* Read with the job, for showing it; never written. */
  properties[PROP_RELEASE_TITLE] =
    tm_record_param_string ("release-title", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_NAME] =
    tm_record_param_string ("platform-name", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_COVER_PATH] =
    tm_record_param_string ("cover-path", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_COVER_SHA256] =
    tm_record_param_string ("cover-sha256", TM_PARAM_DERIVED | TM_PARAM_MANAGED);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_job_init (TmJob *self)
{
}

TmJob *
tm_job_new (void)
{
  return g_object_new (TM_TYPE_JOB, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmJob, tm_job, JOB, ctype, kind, name, NAME)

ACCESSORS (gint64, int, distribution_id, DISTRIBUTION_ID)
ACCESSORS (gint64, int, release_id, RELEASE_ID)
ACCESSORS (gint64, int, platform_id, PLATFORM_ID)
ACCESSORS (TmJobKind, enum, kind, KIND)
ACCESSORS (TmJobPriority, enum, priority, PRIORITY)
ACCESSORS (TmJobState, enum, state, STATE)
ACCESSORS (gint64, int, run_at, RUN_AT)
ACCESSORS (int, int, attempts, ATTEMPTS)
ACCESSORS (int, int, immediate_retries, IMMEDIATE_RETRIES)
ACCESSORS (const char *, string, last_error, LAST_ERROR)
ACCESSORS (const char *, string, error_category, ERROR_CATEGORY)
ACCESSORS (const char *, string, reason, REASON)
ACCESSORS (gint64, int, batch_id, BATCH_ID)
ACCESSORS (gint64, int, files_done, FILES_DONE)
ACCESSORS (gint64, int, files_total, FILES_TOTAL)
ACCESSORS (gint64, int, bytes_done, BYTES_DONE)
ACCESSORS (gint64, int, bytes_total, BYTES_TOTAL)
ACCESSORS (const char *, string, owner, OWNER)
ACCESSORS (gint64, int, lease_until, LEASE_UNTIL)
ACCESSORS (gint64, int, created_at, CREATED_AT)
ACCESSORS (gint64, int, updated_at, UPDATED_AT)
ACCESSORS (gint64, int, finished_at, FINISHED_AT)
ACCESSORS (const char *, string, release_title, RELEASE_TITLE)
ACCESSORS (const char *, string, cover_path, COVER_PATH)
ACCESSORS (const char *, string, cover_sha256, COVER_SHA256)
ACCESSORS (const char *, string, platform_name, PLATFORM_NAME)

#undef ACCESSORS
