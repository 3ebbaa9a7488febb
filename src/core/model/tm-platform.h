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
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, const char *, name)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, TmPlatformKind, kind)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, const char *, settings)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, const char *, rule_profile)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, gboolean, enabled)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, int, concurrency)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, int, rate_limit)
TM_RECORD_DECLARE_ACCESSORS (TmPlatform, tm_platform, gint64, created_at)

G_END_DECLS
