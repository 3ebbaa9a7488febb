/* tm-requirements.h: a platform's rule profile (data/platforms, one JSON file each)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TM_TYPE_REQUIREMENTS (tm_requirements_get_type ())

G_DECLARE_FINAL_TYPE (TmRequirements, tm_requirements, TM, REQUIREMENTS, GObject)

#define TM_REQUIREMENTS_ERROR (tm_requirements_error_quark ())

typedef enum
{
  TM_REQUIREMENTS_ERROR_INVALID,
  TM_REQUIREMENTS_ERROR_UNKNOWN_PLATFORM,
} TmRequirementsError;

GQuark          tm_requirements_error_quark   (void);

/* The built-in profiles, each with the user's overrides from @override_dir
 * (NULL: $XDG_CONFIG_HOME/tunemantra/platforms) laid over it, in name order. */
GPtrArray      *tm_requirements_load_all      (const char      *override_dir,
                                               GError         **error);
TmRequirements *tm_requirements_load_from_data (const char     *data,
                                               const char      *origin,
                                               GError         **error);
/* By id ("apple-music") or name ("Apple Music"), ignoring case. */
TmRequirements *tm_requirements_find          (GPtrArray       *profiles,
                                               const char      *id_or_name);

const char     *tm_requirements_get_id        (TmRequirements  *self);
const char     *tm_requirements_get_name      (TmRequirements  *self);

/* A rule's value, or NULL where the profile does not have the rule. */
const char     *tm_requirements_get_source    (TmRequirements  *self,
                                               const char      *key);
/* The profile's severity for @key, or @fallback. */
const char     *tm_requirements_get_severity  (TmRequirements  *self,
                                               const char      *key,
                                               const char      *fallback);
gboolean        tm_requirements_get_double    (TmRequirements  *self,
                                               const char      *key,
                                               double          *value);
gboolean        tm_requirements_get_boolean   (TmRequirements  *self,
                                               const char      *key);
const char     *tm_requirements_get_string    (TmRequirements  *self,
                                               const char      *key);
/* Whether the array rule @key holds @text (strings) or @number (numbers). */
gboolean        tm_requirements_list_has      (TmRequirements  *self,
                                               const char      *key,
                                               const char      *text,
                                               double           number);
/* The array rule as "a, b or c" for messages. */
char           *tm_requirements_list_text     (TmRequirements  *self,
                                               const char      *key);
GStrv           tm_requirements_get_strv      (TmRequirements  *self,
                                               const char      *key);
gboolean        tm_requirements_get_range     (TmRequirements  *self,
                                               const char      *key,
                                               const char      *name,
                                               gint64          *low,
                                               gint64          *high);

G_END_DECLS
