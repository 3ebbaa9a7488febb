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
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TM_TYPE_PLATFORM_KIND,
                       TM_PLATFORM_KIND_FOLDER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_string ("settings", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_JSON_OBJECT);
  properties[PROP_RULE_PROFILE] =
    g_param_spec_string ("rule-profile", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] =
    g_param_spec_int ("concurrency", NULL, NULL, 1, 16, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE_LIMIT] =
    g_param_spec_int ("rate-limit", NULL, NULL, 0, 100000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);

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

const char *
tm_platform_get_name (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_NAME]);
}

void
tm_platform_set_name (TmPlatform *self,
                      const char *name)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_NAME], name);
}

TmPlatformKind
tm_platform_get_kind (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), 0);

  return (TmPlatformKind) tm_record_get_enum (TM_RECORD (self), properties[PROP_KIND]);
}

void
tm_platform_set_kind (TmPlatform     *self,
                      TmPlatformKind  kind)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_KIND], kind);
}

const char *
tm_platform_get_settings (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_SETTINGS]);
}

void
tm_platform_set_settings (TmPlatform *self,
                          const char *settings)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_SETTINGS], settings);
}

const char *
tm_platform_get_rule_profile (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_RULE_PROFILE]);
}

void
tm_platform_set_rule_profile (TmPlatform *self,
                              const char *rule_profile)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_RULE_PROFILE], rule_profile);
}

gboolean
tm_platform_get_enabled (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), 0);

  return tm_record_get_boolean (TM_RECORD (self), properties[PROP_ENABLED]);
}

void
tm_platform_set_enabled (TmPlatform *self,
                         gboolean    enabled)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_boolean (TM_RECORD (self), properties[PROP_ENABLED], enabled);
}

int
tm_platform_get_concurrency (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_CONCURRENCY]);
}

void
tm_platform_set_concurrency (TmPlatform *self,
                             int         concurrency)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CONCURRENCY], concurrency);
}

int
tm_platform_get_rate_limit (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_RATE_LIMIT]);
}

void
tm_platform_set_rate_limit (TmPlatform *self,
                            int         rate_limit)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RATE_LIMIT], rate_limit);
}

gint64
tm_platform_get_created_at (TmPlatform *self)
{
  g_return_val_if_fail (TM_IS_PLATFORM (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_CREATED_AT]);
}

void
tm_platform_set_created_at (TmPlatform *self,
                            gint64      created_at)
{
  g_return_if_fail (TM_IS_PLATFORM (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_CREATED_AT], created_at);
}
