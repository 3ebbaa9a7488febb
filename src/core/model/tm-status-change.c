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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_status_change_class_init (TmStatusChangeClass *klass)
{
  properties[PROP_DISTRIBUTION_ID] =
    g_param_spec_int64 ("distribution-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_FROM_STATUS] =
    g_param_spec_enum ("from-status", NULL, NULL, TM_TYPE_DISTRIBUTION_STATUS,
                       TM_DISTRIBUTION_STATUS_CREATED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_TO_STATUS] =
    g_param_spec_enum ("to-status", NULL, NULL, TM_TYPE_DISTRIBUTION_STATUS,
                       TM_DISTRIBUTION_STATUS_CREATED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_ACTOR] =
    g_param_spec_enum ("actor", NULL, NULL, TM_TYPE_ACTOR,
                       TM_ACTOR_USER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);

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

gint64
tm_status_change_get_distribution_id (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_DISTRIBUTION_ID]);
}

void
tm_status_change_set_distribution_id (TmStatusChange *self,
                                      gint64          distribution_id)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_DISTRIBUTION_ID], distribution_id);
}

TmDistributionStatus
tm_status_change_get_from_status (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), 0);

  return (TmDistributionStatus) tm_record_get_enum (TM_RECORD (self), properties[PROP_FROM_STATUS]);
}

void
tm_status_change_set_from_status (TmStatusChange       *self,
                                  TmDistributionStatus  from_status)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_FROM_STATUS], from_status);
}

TmDistributionStatus
tm_status_change_get_to_status (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), 0);

  return (TmDistributionStatus) tm_record_get_enum (TM_RECORD (self), properties[PROP_TO_STATUS]);
}

void
tm_status_change_set_to_status (TmStatusChange       *self,
                                TmDistributionStatus  to_status)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_TO_STATUS], to_status);
}

gint64
tm_status_change_get_time (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_TIME]);
}

void
tm_status_change_set_time (TmStatusChange *self,
                           gint64          time)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_TIME], time);
}

TmActor
tm_status_change_get_actor (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), 0);

  return (TmActor) tm_record_get_enum (TM_RECORD (self), properties[PROP_ACTOR]);
}

void
tm_status_change_set_actor (TmStatusChange *self,
                            TmActor         actor)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_ACTOR], actor);
}

const char *
tm_status_change_get_details (TmStatusChange *self)
{
  g_return_val_if_fail (TM_IS_STATUS_CHANGE (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_DETAILS]);
}

void
tm_status_change_set_details (TmStatusChange *self,
                              const char     *details)
{
  g_return_if_fail (TM_IS_STATUS_CHANGE (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_DETAILS], details);
}
