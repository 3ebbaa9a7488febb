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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_job_class_init (TmJobClass *klass)
{
  properties[PROP_DISTRIBUTION_ID] =
    g_param_spec_int64 ("distribution-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_ID] =
    g_param_spec_int64 ("platform-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TM_TYPE_JOB_KIND,
                       TM_JOB_KIND_DELIVER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, TM_TYPE_JOB_PRIORITY,
                       TM_JOB_PRIORITY_NORMAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TM_TYPE_JOB_STATE,
                       TM_JOB_STATE_WAITING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_RUN_AT] =
    g_param_spec_int64 ("run-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ATTEMPTS] =
    g_param_spec_int ("attempts", NULL, NULL, 0, 1000000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_IMMEDIATE_RETRIES] =
    g_param_spec_int ("immediate-retries", NULL, NULL, 0, 1000000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_ERROR_CATEGORY] =
    g_param_spec_string ("error-category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_BATCH_ID] =
    g_param_spec_int64 ("batch-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_FILES_DONE] =
    g_param_spec_int64 ("files-done", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_FILES_TOTAL] =
    g_param_spec_int64 ("files-total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_BYTES_DONE] =
    g_param_spec_int64 ("bytes-done", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_BYTES_TOTAL] =
    g_param_spec_int64 ("bytes-total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_LEASE_UNTIL] =
    g_param_spec_int64 ("lease-until", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_FINISHED_AT] =
    g_param_spec_int64 ("finished-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);

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

gint64
tm_job_get_distribution_id (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_DISTRIBUTION_ID]);
}

void
tm_job_set_distribution_id (TmJob  *self,
                            gint64  distribution_id)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_DISTRIBUTION_ID], distribution_id);
}

gint64
tm_job_get_release_id (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_RELEASE_ID]);
}

void
tm_job_set_release_id (TmJob  *self,
                       gint64  release_id)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RELEASE_ID], release_id);
}

gint64
tm_job_get_platform_id (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_PLATFORM_ID]);
}

void
tm_job_set_platform_id (TmJob  *self,
                        gint64  platform_id)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_PLATFORM_ID], platform_id);
}

TmJobKind
tm_job_get_kind (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return (TmJobKind) tm_record_get_enum (TM_RECORD (self), properties[PROP_KIND]);
}

void
tm_job_set_kind (TmJob     *self,
                 TmJobKind  kind)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_KIND], kind);
}

TmJobPriority
tm_job_get_priority (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return (TmJobPriority) tm_record_get_enum (TM_RECORD (self), properties[PROP_PRIORITY]);
}

void
tm_job_set_priority (TmJob         *self,
                     TmJobPriority  priority)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_PRIORITY], priority);
}

TmJobState
tm_job_get_state (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return (TmJobState) tm_record_get_enum (TM_RECORD (self), properties[PROP_STATE]);
}

void
tm_job_set_state (TmJob      *self,
                  TmJobState  state)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_STATE], state);
}

gint64
tm_job_get_run_at (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_RUN_AT]);
}

void
tm_job_set_run_at (TmJob  *self,
                   gint64  run_at)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RUN_AT], run_at);
}

int
tm_job_get_attempts (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_ATTEMPTS]);
}

void
tm_job_set_attempts (TmJob *self,
                     int    attempts)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_ATTEMPTS], attempts);
}

int
tm_job_get_immediate_retries (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_IMMEDIATE_RETRIES]);
}

void
tm_job_set_immediate_retries (TmJob *self,
                              int    immediate_retries)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_IMMEDIATE_RETRIES], immediate_retries);
}

const char *
tm_job_get_last_error (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LAST_ERROR]);
}

void
tm_job_set_last_error (TmJob      *self,
                       const char *last_error)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LAST_ERROR], last_error);
}

const char *
tm_job_get_error_category (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ERROR_CATEGORY]);
}

void
tm_job_set_error_category (TmJob      *self,
                           const char *error_category)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ERROR_CATEGORY], error_category);
}

const char *
tm_job_get_reason (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_REASON]);
}

void
tm_job_set_reason (TmJob      *self,
                   const char *reason)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_REASON], reason);
}

gint64
tm_job_get_batch_id (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_BATCH_ID]);
}

void
tm_job_set_batch_id (TmJob  *self,
                     gint64  batch_id)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_BATCH_ID], batch_id);
}

gint64
tm_job_get_files_done (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_FILES_DONE]);
}

void
tm_job_set_files_done (TmJob  *self,
                       gint64  files_done)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_FILES_DONE], files_done);
}

gint64
tm_job_get_files_total (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_FILES_TOTAL]);
}

void
tm_job_set_files_total (TmJob  *self,
                        gint64  files_total)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_FILES_TOTAL], files_total);
}

gint64
tm_job_get_bytes_done (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_BYTES_DONE]);
}

void
tm_job_set_bytes_done (TmJob  *self,
                       gint64  bytes_done)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_BYTES_DONE], bytes_done);
}

gint64
tm_job_get_bytes_total (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_BYTES_TOTAL]);
}

void
tm_job_set_bytes_total (TmJob  *self,
                        gint64  bytes_total)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_BYTES_TOTAL], bytes_total);
}

const char *
tm_job_get_owner (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_OWNER]);
}

void
tm_job_set_owner (TmJob      *self,
                  const char *owner)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_OWNER], owner);
}

gint64
tm_job_get_lease_until (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_LEASE_UNTIL]);
}

void
tm_job_set_lease_until (TmJob  *self,
                        gint64  lease_until)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_LEASE_UNTIL], lease_until);
}

gint64
tm_job_get_created_at (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_CREATED_AT]);
}

void
tm_job_set_created_at (TmJob  *self,
                       gint64  created_at)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CREATED_AT], created_at);
}

gint64
tm_job_get_updated_at (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_UPDATED_AT]);
}

void
tm_job_set_updated_at (TmJob  *self,
                       gint64  updated_at)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_UPDATED_AT], updated_at);
}

gint64
tm_job_get_finished_at (TmJob *self)
{
  g_return_val_if_fail (TM_IS_JOB (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_FINISHED_AT]);
}

void
tm_job_set_finished_at (TmJob  *self,
                        gint64  finished_at)
{
  g_return_if_fail (TM_IS_JOB (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_FINISHED_AT], finished_at);
}
