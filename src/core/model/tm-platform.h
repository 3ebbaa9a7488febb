/* tm-platform.h: A place releases are delivered to, and how
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-enums.h"
#include "tm-record.h"

G_BEGIN_DECLS

#define TM_TYPE_PLATFORM (tm_platform_get_type ())

G_DECLARE_FINAL_TYPE (TmPlatform, tm_platform, TM, PLATFORM, TmRecord)

TmPlatform     *tm_platform_new              (void);
const char     *tm_platform_get_name         (TmPlatform     *self);
void            tm_platform_set_name         (TmPlatform     *self,
                                              const char     *name);
TmPlatformKind  tm_platform_get_kind         (TmPlatform     *self);
void            tm_platform_set_kind         (TmPlatform     *self,
                                              TmPlatformKind  kind);
const char     *tm_platform_get_settings     (TmPlatform     *self);
void            tm_platform_set_settings     (TmPlatform     *self,
                                              const char     *settings);
const char     *tm_platform_get_rule_profile (TmPlatform     *self);
void            tm_platform_set_rule_profile (TmPlatform     *self,
                                              const char     *rule_profile);
gboolean        tm_platform_get_enabled      (TmPlatform     *self);
void            tm_platform_set_enabled      (TmPlatform     *self,
                                              gboolean        enabled);
int             tm_platform_get_concurrency  (TmPlatform     *self);
void            tm_platform_set_concurrency  (TmPlatform     *self,
                                              int             concurrency);
int             tm_platform_get_rate_limit   (TmPlatform     *self);
void            tm_platform_set_rate_limit   (TmPlatform     *self,
                                              int             rate_limit);
gint64          tm_platform_get_created_at   (TmPlatform     *self);
void            tm_platform_set_created_at   (TmPlatform     *self,
                                              gint64          created_at);

G_END_DECLS
