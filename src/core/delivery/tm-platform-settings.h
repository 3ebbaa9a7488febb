/* tm-platform-settings.h: a platform's settings, read and checked in one place
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_PLATFORM_SETTINGS_ERROR (tm_platform_settings_error_quark ())

typedef enum
{
  TM_PLATFORM_SETTINGS_ERROR_INVALID,     /* a value is not one the setting takes */
  TM_PLATFORM_SETTINGS_ERROR_MISSING,     /* the kind of platform needs a setting */
  TM_PLATFORM_SETTINGS_ERROR_NO_FILE,     /* a file setting names no file */
  TM_PLATFORM_SETTINGS_ERROR_DAMAGED,     /* what the catalog keeps is not settings */
} TmPlatformSettingsError;

typedef struct _TmPlatformSettings TmPlatformSettings;

GQuark               tm_platform_settings_error_quark (void);
TmPlatformSettings  *tm_platform_settings_new         (TmPlatformKind       kind);
TmPlatformSettings  *tm_platform_settings_new_for_platform (TmPlatform     *platform,
                                                            GError        **error);
void                 tm_platform_settings_free        (TmPlatformSettings  *self);

gboolean             tm_platform_settings_set         (TmPlatformSettings  *self,
                                                       const char          *key,
                                                       const char          *value,
                                                       GError             **error);
void                 tm_platform_settings_set_flag    (TmPlatformSettings  *self,
                                                       const char          *key,
                                                       gboolean             value);
const char          *tm_platform_settings_get_string  (TmPlatformSettings  *self,
                                                       const char          *key);
gint64               tm_platform_settings_get_int     (TmPlatformSettings  *self,
                                                       const char          *key,
                                                       gint64               fallback);
gboolean             tm_platform_settings_get_flag    (TmPlatformSettings  *self,
                                                       const char          *key);
GStrv                tm_platform_settings_list_keys   (TmPlatformSettings  *self);
char                *tm_platform_settings_get_text    (TmPlatformSettings  *self,
                                                       const char          *key);

gboolean             tm_platform_settings_writes_ddex (TmPlatformSettings  *self);
gboolean             tm_platform_settings_check       (TmPlatformSettings  *self,
                                                       const char          *platform_name,
                                                       GError             **error);
gboolean             tm_platform_settings_save        (TmPlatformSettings  *self,
                                                       TmPlatform          *platform,
                                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmPlatformSettings, tm_platform_settings_free)

G_END_DECLS
