/* tm-enums.h
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TM_RELEASE_TYPE_SINGLE,
  TM_RELEASE_TYPE_EP,
  TM_RELEASE_TYPE_ALBUM,
  TM_RELEASE_TYPE_COMPILATION,
} TmReleaseType;

typedef enum
{
  TM_TERRITORY_MODE_WORLDWIDE,   /* territories lists the exclusions */
  TM_TERRITORY_MODE_LIST,        /* territories lists where it is available */
} TmTerritoryMode;

typedef enum
{
  TM_CONTRIBUTOR_ROLE_COMPOSER,
  TM_CONTRIBUTOR_ROLE_LYRICIST,
  TM_CONTRIBUTOR_ROLE_ARRANGER,
  TM_CONTRIBUTOR_ROLE_PRODUCER,
  TM_CONTRIBUTOR_ROLE_CO_PRODUCER,
  TM_CONTRIBUTOR_ROLE_PERFORMER,
  TM_CONTRIBUTOR_ROLE_REMIXER,
  TM_CONTRIBUTOR_ROLE_MIXING_ENGINEER,
  TM_CONTRIBUTOR_ROLE_MASTERING_ENGINEER,
  TM_CONTRIBUTOR_ROLE_RECORDING_ENGINEER,
  TM_CONTRIBUTOR_ROLE_CONDUCTOR,
  TM_CONTRIBUTOR_ROLE_OTHER,
} TmContributorRole;

typedef enum
{
  TM_PLATFORM_KIND_SFTP,
  TM_PLATFORM_KIND_API,
  TM_PLATFORM_KIND_FOLDER,
} TmPlatformKind;

/* The order is the order of STATUS.md; values are stored by nick, never by number. */
typedef enum
{
  TM_DISTRIBUTION_STATUS_CREATED,
  TM_DISTRIBUTION_STATUS_VALIDATING,
  TM_DISTRIBUTION_STATUS_SCHEDULED,
  TM_DISTRIBUTION_STATUS_QUEUED,
  TM_DISTRIBUTION_STATUS_PREPARING,
  TM_DISTRIBUTION_STATUS_UPLOADING,
  TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM,
  TM_DISTRIBUTION_STATUS_DISTRIBUTED,
  TM_DISTRIBUTION_STATUS_LIVE,
  TM_DISTRIBUTION_STATUS_FAILED,
  TM_DISTRIBUTION_STATUS_RETRYING,
  TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
  TM_DISTRIBUTION_STATUS_UPDATING,
  TM_DISTRIBUTION_STATUS_UPDATED,
  TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED,
  TM_DISTRIBUTION_STATUS_REMOVED,
  TM_N_DISTRIBUTION_STATUSES
} TmDistributionStatus;

typedef enum
{
  TM_STATUS_GROUP_NOT_STARTED,
  TM_STATUS_GROUP_IN_PROGRESS,
  TM_STATUS_GROUP_SCHEDULED,
  TM_STATUS_GROUP_DONE,
  TM_STATUS_GROUP_FAILED,
  TM_STATUS_GROUP_NEEDS_ATTENTION,
  TM_STATUS_GROUP_REMOVED,
  TM_N_STATUS_GROUPS
} TmStatusGroup;

typedef enum
{
  TM_AGGREGATE_STATUS_NOT_STARTED,
  TM_AGGREGATE_STATUS_IN_PROGRESS,
  TM_AGGREGATE_STATUS_PARTIAL,
  TM_AGGREGATE_STATUS_COMPLETED,
  TM_AGGREGATE_STATUS_FAILED,
  TM_AGGREGATE_STATUS_NEEDS_ATTENTION,
  TM_AGGREGATE_STATUS_REMOVED,
} TmAggregateStatus;

typedef enum
{
  TM_ACTOR_USER,
  TM_ACTOR_QUEUE,
  TM_ACTOR_PLATFORM,
} TmActor;

typedef enum
{
  TM_JOB_KIND_DELIVER,
  TM_JOB_KIND_POLL,
  TM_JOB_KIND_UPDATE,
  TM_JOB_KIND_TAKEDOWN,
} TmJobKind;

typedef enum
{
  TM_JOB_PRIORITY_HIGH,
  TM_JOB_PRIORITY_NORMAL,
  TM_JOB_PRIORITY_LOW,
} TmJobPriority;

typedef enum
{
  TM_JOB_STATE_WAITING,
  TM_JOB_STATE_RUNNING,
  TM_JOB_STATE_PAUSED,
  TM_JOB_STATE_DONE,
  TM_JOB_STATE_FAILED,
  TM_JOB_STATE_CANCELLED,
} TmJobState;

#define TM_TYPE_RELEASE_TYPE        (tm_release_type_get_type ())
#define TM_TYPE_TERRITORY_MODE      (tm_territory_mode_get_type ())
#define TM_TYPE_CONTRIBUTOR_ROLE    (tm_contributor_role_get_type ())
#define TM_TYPE_PLATFORM_KIND       (tm_platform_kind_get_type ())
#define TM_TYPE_DISTRIBUTION_STATUS (tm_distribution_status_get_type ())
#define TM_TYPE_STATUS_GROUP        (tm_status_group_get_type ())
#define TM_TYPE_AGGREGATE_STATUS    (tm_aggregate_status_get_type ())
#define TM_TYPE_ACTOR               (tm_actor_get_type ())
#define TM_TYPE_JOB_KIND            (tm_job_kind_get_type ())
#define TM_TYPE_JOB_PRIORITY        (tm_job_priority_get_type ())
#define TM_TYPE_JOB_STATE           (tm_job_state_get_type ())

GType tm_release_type_get_type        (void) G_GNUC_CONST;
GType tm_territory_mode_get_type      (void) G_GNUC_CONST;
GType tm_contributor_role_get_type    (void) G_GNUC_CONST;
GType tm_platform_kind_get_type       (void) G_GNUC_CONST;
GType tm_distribution_status_get_type (void) G_GNUC_CONST;
GType tm_status_group_get_type        (void) G_GNUC_CONST;
GType tm_aggregate_status_get_type    (void) G_GNUC_CONST;
GType tm_actor_get_type               (void) G_GNUC_CONST;
GType tm_job_kind_get_type            (void) G_GNUC_CONST;
GType tm_job_priority_get_type        (void) G_GNUC_CONST;
GType tm_job_state_get_type           (void) G_GNUC_CONST;

/* Stable names: the nicks are what the catalog, the CLI and the JSON use. */
const char *tm_enum_to_nick   (GType       enum_type,
                               int         value);
gboolean    tm_enum_from_nick (GType       enum_type,
                               const char *nick,
                               int        *value);
char       *tm_enum_list_nicks (GType      enum_type);

G_END_DECLS
