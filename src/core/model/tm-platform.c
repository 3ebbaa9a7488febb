/* tm-platform.c: A place releases are delivered to, and how
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-platform.h"

struct _TmPlatform
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmPlatform, tm_platform, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_SETTINGS,
  PROP_RULE_PROFILE,
  PROP_ENABLED,
  PROP_CONCURRENCY,
  PROP_RATE_LIMIT,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_platform_class_init (TmPlatformClass *klass)
{
  properties[PROP_NAME] = tm_record_param_string ("name", 0);
  properties[PROP_KIND] =
    tm_record_param_enum ("kind", TM_TYPE_PLATFORM_KIND, TM_PLATFORM_KIND_FOLDER, 0);
  properties[PROP_SETTINGS] = tm_record_param_string ("settings", TM_PARAM_JSON_OBJECT);
  properties[PROP_RULE_PROFILE] = tm_record_param_string ("rule-profile", 0);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] = tm_record_param_int ("concurrency", 1, 16, 1, 0);
  properties[PROP_RATE_LIMIT] = tm_record_param_int ("rate-limit", 0, 100000, 0, 0);
  properties[PROP_CREATED_AT] =
    tm_record_param_int64 ("created-at", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_platform_init (TmPlatform *self)
{
}

TmPlatform *
tm_platform_new (void)
{
  return g_object_new (TM_TYPE_PLATFORM, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmPlatform, tm_platform, PLATFORM, ctype, kind, name, NAME)

ACCESSORS (const char *, string, name, NAME)
ACCESSORS (TmPlatformKind, enum, kind, KIND)
ACCESSORS (const char *, string, settings, SETTINGS)
ACCESSORS (const char *, string, rule_profile, RULE_PROFILE)
ACCESSORS (gboolean, boolean, enabled, ENABLED)
ACCESSORS (int, int, concurrency, CONCURRENCY)
ACCESSORS (int, int, rate_limit, RATE_LIMIT)
ACCESSORS (gint64, int, created_at, CREATED_AT)

#undef ACCESSORS
