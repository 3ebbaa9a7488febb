/* tm-sandbox.h: the built-in test platform, a tunemantra-sandbox on loopback
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-secrets.h"

G_BEGIN_DECLS

#define TM_SANDBOX_PLATFORM_NAME "Sandbox (test platform)"

gboolean  tm_sandbox_ensure       (char         **url,
                                   TmTokens     **tokens,
                                   GCancellable  *cancellable,
                                   GError       **error);
char     *tm_sandbox_find_program (void);
void      tm_sandbox_stop         (void);

G_END_DECLS
