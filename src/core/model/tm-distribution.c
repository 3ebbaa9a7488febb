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
  properties[PROP_RELEASE_ID] = tm_record_param_int64 ("release-id", TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_ID] = tm_record_param_int64 ("platform-id", TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_NAME] =
    tm_record_param_string ("platform-name", TM_PARAM_DERIVED | TM_PARAM_MANAGED);
  properties[PROP_STATUS] =
    tm_record_param_enum ("status", TM_TYPE_DISTRIBUTION_STATUS, TM_DISTRIBUTION_STATUS_CREATED,
                          TM_PARAM_MANAGED);
  properties[PROP_STATUS_DETAILS] = tm_record_param_string ("status-details", TM_PARAM_MANAGED);
  properties[PROP_PLATFORM_REFERENCE] = tm_record_param_string ("platform-reference", 0);
  properties[PROP_STORE_URL] = tm_record_param_string ("store-url", 0);
  properties[PROP_ATTEMPTS] = tm_record_param_int ("attempts", 0, 1000000, 0, TM_PARAM_MANAGED);
  properties[PROP_LAST_ERROR] = tm_record_param_string ("last-error", TM_PARAM_MANAGED);
  properties[PROP_ERROR_CATEGORY] = tm_record_param_string ("error-category", TM_PARAM_MANAGED);
  properties[PROP_NEXT_ATTEMPT_AT] =
    tm_record_param_int64 ("next-attempt-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_CREATED_AT] =
    tm_record_param_int64 ("created-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_UPDATED_AT] =
    tm_record_param_int64 ("updated-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);

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

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmDistribution, tm_distribution, DISTRIBUTION, ctype, kind, name, \
                              NAME)

ACCESSORS (gint64, int, release_id, RELEASE_ID)
ACCESSORS (gint64, int, platform_id, PLATFORM_ID)
ACCESSORS (const char *, string, platform_name, PLATFORM_NAME)
ACCESSORS (TmDistributionStatus, enum, status, STATUS)
ACCESSORS (const char *, string, status_details, STATUS_DETAILS)
ACCESSORS (const char *, string, platform_reference, PLATFORM_REFERENCE)
ACCESSORS (const char *, string, store_url, STORE_URL)
ACCESSORS (int, int, attempts, ATTEMPTS)
ACCESSORS (const char *, string, last_error, LAST_ERROR)
ACCESSORS (const char *, string, error_category, ERROR_CATEGORY)
ACCESSORS (gint64, int, next_attempt_at, NEXT_ATTEMPT_AT)
ACCESSORS (gint64, int, created_at, CREATED_AT)
ACCESSORS (gint64, int, updated_at, UPDATED_AT)

#undef ACCESSORS
