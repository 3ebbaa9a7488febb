/* tm-api-target.h: delivery through the TuneMantra Delivery API (HTTP, tus)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-target.h"
#include "tm-secrets.h"

G_BEGIN_DECLS

#define TM_TYPE_API_TARGET (tm_api_target_get_type ())

G_DECLARE_FINAL_TYPE (TmApiTarget, tm_api_target, TM, API_TARGET, GObject)

/* Files one delivery uploads at once, unless the platform's settings say. */
#define TM_API_TARGET_DEFAULT_CONNECTIONS 3

TmApiTarget *tm_api_target_new              (const char    *platform_name,
                                             const char    *base_url,
                                             const char    *ca_file,
                                             TmTokens      *tokens);
TmApiTarget *tm_api_target_new_from_keyring (const char    *platform_name,
                                             const char    *base_url,
                                             const char    *ca_file);
TmApiTarget *tm_api_target_new_sandbox      (const char    *platform_name);
void         tm_api_target_set_connections  (TmApiTarget   *self,
                                             guint          connections);

G_END_DECLS
