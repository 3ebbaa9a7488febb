/* tm-status-change.c: One row of a distribution's history
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-status-change.h"

struct _TmStatusChange
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmStatusChange, tm_status_change, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_DISTRIBUTION_ID,
  PROP_FROM_STATUS,
  PROP_TO_STATUS,
  PROP_TIME,
  PROP_ACTOR,
  PROP_DETAILS,
  PROP_PLATFORM_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_status_change_class_init (TmStatusChangeClass *klass)
{
  properties[PROP_DISTRIBUTION_ID] = tm_record_param_int64 ("distribution-id", TM_PARAM_MANAGED);
  properties[PROP_FROM_STATUS] =
    tm_record_param_enum ("from-status", TM_TYPE_DISTRIBUTION_STATUS,
                          TM_DISTRIBUTION_STATUS_CREATED, TM_PARAM_MANAGED);
  properties[PROP_TO_STATUS] =
    tm_record_param_enum ("to-status", TM_TYPE_DISTRIBUTION_STATUS, TM_DISTRIBUTION_STATUS_CREATED,
                          TM_PARAM_MANAGED);
  properties[PROP_TIME] = tm_record_param_int64 ("time", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ACTOR] =
    tm_record_param_enum ("actor", TM_TYPE_ACTOR, TM_ACTOR_USER, TM_PARAM_MANAGED);
  properties[PROP_DETAILS] = tm_record_param_string ("details", TM_PARAM_MANAGED);
  /* Read with the change, to say who made it; never written. */
  properties[PROP_PLATFORM_NAME] =
    tm_record_param_string ("platform-name", TM_PARAM_DERIVED | TM_PARAM_MANAGED);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_status_change_init (TmStatusChange *self)
{
}

TmStatusChange *
tm_status_change_new (void)
{
  return g_object_new (TM_TYPE_STATUS_CHANGE, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmStatusChange, tm_status_change, STATUS_CHANGE, ctype, kind, name, \
                              NAME)

ACCESSORS (gint64, int, distribution_id, DISTRIBUTION_ID)
ACCESSORS (TmDistributionStatus, enum, from_status, FROM_STATUS)
ACCESSORS (TmDistributionStatus, enum, to_status, TO_STATUS)
ACCESSORS (gint64, int, time, TIME)
ACCESSORS (TmActor, enum, actor, ACTOR)
ACCESSORS (const char *, string, details, DETAILS)
ACCESSORS (const char *, string, platform_name, PLATFORM_NAME)

#undef ACCESSORS
