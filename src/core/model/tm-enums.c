/* tm-enums.c
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-enums.h"

G_DEFINE_ENUM_TYPE (TmReleaseType, tm_release_type,
  G_DEFINE_ENUM_VALUE (TM_RELEASE_TYPE_SINGLE, "single"),
  G_DEFINE_ENUM_VALUE (TM_RELEASE_TYPE_EP, "ep"),
  G_DEFINE_ENUM_VALUE (TM_RELEASE_TYPE_ALBUM, "album"),
  G_DEFINE_ENUM_VALUE (TM_RELEASE_TYPE_COMPILATION, "compilation"))

G_DEFINE_ENUM_TYPE (TmTerritoryMode, tm_territory_mode,
  G_DEFINE_ENUM_VALUE (TM_TERRITORY_MODE_WORLDWIDE, "worldwide"),
  G_DEFINE_ENUM_VALUE (TM_TERRITORY_MODE_LIST, "list"))

G_DEFINE_ENUM_TYPE (TmContributorRole, tm_contributor_role,
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_COMPOSER, "composer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_LYRICIST, "lyricist"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_ARRANGER, "arranger"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_PRODUCER, "producer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_CO_PRODUCER, "co_producer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_PERFORMER, "performer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_REMIXER, "remixer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_MIXING_ENGINEER, "mixing_engineer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_MASTERING_ENGINEER, "mastering_engineer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_RECORDING_ENGINEER, "recording_engineer"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_CONDUCTOR, "conductor"),
  G_DEFINE_ENUM_VALUE (TM_CONTRIBUTOR_ROLE_OTHER, "other"))

G_DEFINE_ENUM_TYPE (TmPlatformKind, tm_platform_kind,
  G_DEFINE_ENUM_VALUE (TM_PLATFORM_KIND_SFTP, "sftp"),
  G_DEFINE_ENUM_VALUE (TM_PLATFORM_KIND_API, "api"),
  G_DEFINE_ENUM_VALUE (TM_PLATFORM_KIND_FOLDER, "folder"))

G_DEFINE_ENUM_TYPE (TmDistributionStatus, tm_distribution_status,
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_VALIDATING, "validating"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_SCHEDULED, "scheduled"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_PREPARING, "preparing"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_UPLOADING, "uploading"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, "processing_by_platform"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_DISTRIBUTED, "distributed"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_RETRYING, "retrying"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION, "needs_attention"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_UPDATING, "updating"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_UPDATED, "updated"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED, "takedown_requested"),
  G_DEFINE_ENUM_VALUE (TM_DISTRIBUTION_STATUS_REMOVED, "removed"))

G_DEFINE_ENUM_TYPE (TmStatusGroup, tm_status_group,
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_NOT_STARTED, "not_started"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_IN_PROGRESS, "in_progress"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_SCHEDULED, "scheduled"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_DONE, "done"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_NEEDS_ATTENTION, "needs_attention"),
  G_DEFINE_ENUM_VALUE (TM_STATUS_GROUP_REMOVED, "removed"))

G_DEFINE_ENUM_TYPE (TmAggregateStatus, tm_aggregate_status,
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_NOT_STARTED, "not_started"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_IN_PROGRESS, "in_progress"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_PARTIAL, "partial"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_NEEDS_ATTENTION, "needs_attention"),
  G_DEFINE_ENUM_VALUE (TM_AGGREGATE_STATUS_REMOVED, "removed"))

G_DEFINE_ENUM_TYPE (TmActor, tm_actor,
  G_DEFINE_ENUM_VALUE (TM_ACTOR_USER, "user"),
  G_DEFINE_ENUM_VALUE (TM_ACTOR_QUEUE, "queue"),
  G_DEFINE_ENUM_VALUE (TM_ACTOR_PLATFORM, "platform"))

G_DEFINE_ENUM_TYPE (TmJobKind, tm_job_kind,
  G_DEFINE_ENUM_VALUE (TM_JOB_KIND_DELIVER, "deliver"),
  G_DEFINE_ENUM_VALUE (TM_JOB_KIND_POLL, "poll"),
  G_DEFINE_ENUM_VALUE (TM_JOB_KIND_UPDATE, "update"),
  G_DEFINE_ENUM_VALUE (TM_JOB_KIND_TAKEDOWN, "takedown"))

G_DEFINE_ENUM_TYPE (TmJobPriority, tm_job_priority,
  G_DEFINE_ENUM_VALUE (TM_JOB_PRIORITY_HIGH, "high"),
  G_DEFINE_ENUM_VALUE (TM_JOB_PRIORITY_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (TM_JOB_PRIORITY_LOW, "low"))

G_DEFINE_ENUM_TYPE (TmJobState, tm_job_state,
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (TM_JOB_STATE_CANCELLED, "cancelled"))

const char *
tm_enum_to_nick (GType enum_type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
tm_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *normalized = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  /* The catalog's nicks are exact: they are looked up as they are first. Also
   * accept "needs-attention" and "Needs_Attention" for "needs_attention". */
  klass = g_type_class_ref (enum_type);
  if ((ev = g_enum_get_value_by_nick (klass, nick)) == NULL)
    {
      normalized = g_ascii_strdown (nick, -1);
      g_strdelimit (normalized, "- ", '_');
      if ((ev = g_enum_get_value_by_nick (klass, normalized)) == NULL)
        return FALSE;
    }

  if (value != NULL)
    *value = ev->value;
  return TRUE;
}

char *
tm_enum_list_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, klass->values[i].value_nick);
    }

  return g_string_free (s, FALSE);
}
