/* tm-uninstalled.h: what a program run from its build folder needs to find
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tm_uninstalled_get (const char *key);

G_END_DECLS
