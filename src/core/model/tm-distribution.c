/* tm-distribution.c: One release on one platform, and where its delivery stands
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-distribution.h"

struct _TmDistribution
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmDistribution, tm_distribution, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_RELEASE_ID,
  PROP_PLATFORM_ID,
  PROP_PLATFORM_NAME,
  PROP_STATUS,
  PROP_STATUS_DETAILS,
  PROP_PLATFORM_REFERENCE,
  PROP_STORE_URL,
  PROP_ATTEMPTS,
  PROP_LAST_ERROR,
  PROP_ERROR_CATEGORY,
  PROP_NEXT_ATTEMPT_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_distribution_class_init (TmDistributionClass *klass)
{
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_ID] =
    g_param_spec_int64 ("platform-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_NAME] =
    g_param_spec_string ("platform-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TM_TYPE_DISTRIBUTION_STATUS,
                       TM_DISTRIBUTION_STATUS_CREATED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_STATUS_DETAILS] =
    g_param_spec_string ("status-details", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_REFERENCE] =
    g_param_spec_string ("platform-reference", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_URL] =
    g_param_spec_string ("store-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPTS] =
    g_param_spec_int ("attempts", NULL, NULL, 0, 1000000, 0,
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
  properties[PROP_NEXT_ATTEMPT_AT] =
    g_param_spec_int64 ("next-attempt-at", NULL, NULL, 0, G_MAXINT64, 0,
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

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_distribution_init (TmDistribution *self)
{
}

TmDistribution *
tm_distribution_new (void)
{
  return g_object_new (TM_TYPE_DISTRIBUTION, NULL);
}

gint64
tm_distribution_get_release_id (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_RELEASE_ID]);
}

void
tm_distribution_set_release_id (TmDistribution *self,
                                gint64          release_id)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RELEASE_ID], release_id);
}

gint64
tm_distribution_get_platform_id (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_PLATFORM_ID]);
}

void
tm_distribution_set_platform_id (TmDistribution *self,
                                 gint64          platform_id)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_PLATFORM_ID], platform_id);
}

const char *
tm_distribution_get_platform_name (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_PLATFORM_NAME]);
}

void
tm_distribution_set_platform_name (TmDistribution *self,
                                   const char     *platform_name)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_PLATFORM_NAME], platform_name);
}

TmDistributionStatus
tm_distribution_get_status (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return (TmDistributionStatus) tm_record_get_enum (TM_RECORD (self), properties[PROP_STATUS]);
}

void
tm_distribution_set_status (TmDistribution       *self,
                            TmDistributionStatus  status)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_STATUS], status);
}

const char *
tm_distribution_get_status_details (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_STATUS_DETAILS]);
}

void
tm_distribution_set_status_details (TmDistribution *self,
                                    const char     *status_details)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_STATUS_DETAILS], status_details);
}

const char *
tm_distribution_get_platform_reference (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_PLATFORM_REFERENCE]);
}

void
tm_distribution_set_platform_reference (TmDistribution *self,
                                        const char     *platform_reference)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_PLATFORM_REFERENCE], platform_reference);
}

const char *
tm_distribution_get_store_url (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_STORE_URL]);
}

void
tm_distribution_set_store_url (TmDistribution *self,
                               const char     *store_url)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_STORE_URL], store_url);
}

int
tm_distribution_get_attempts (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_ATTEMPTS]);
}

void
tm_distribution_set_attempts (TmDistribution *self,
                              int             attempts)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_ATTEMPTS], attempts);
}

const char *
tm_distribution_get_last_error (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_LAST_ERROR]);
}

void
tm_distribution_set_last_error (TmDistribution *self,
                                const char     *last_error)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_LAST_ERROR], last_error);
}

const char *
tm_distribution_get_error_category (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ERROR_CATEGORY]);
}

void
tm_distribution_set_error_category (TmDistribution *self,
                                    const char     *error_category)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ERROR_CATEGORY], error_category);
}

gint64
tm_distribution_get_next_attempt_at (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_NEXT_ATTEMPT_AT]);
}

void
tm_distribution_set_next_attempt_at (TmDistribution *self,
                                     gint64          next_attempt_at)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_NEXT_ATTEMPT_AT], next_attempt_at);
}

gint64
tm_distribution_get_created_at (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_CREATED_AT]);
}

void
tm_distribution_set_created_at (TmDistribution *self,
                                gint64          created_at)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CREATED_AT], created_at);
}

gint64
tm_distribution_get_updated_at (TmDistribution *self)
{
  g_return_val_if_fail (TM_IS_DISTRIBUTION (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_UPDATED_AT]);
}

void
tm_distribution_set_updated_at (TmDistribution *self,
                                gint64          updated_at)
{
  g_return_if_fail (TM_IS_DISTRIBUTION (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_UPDATED_AT], updated_at);
}
