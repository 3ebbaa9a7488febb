/* tm-api-target-private.h: what the tests may change of an API target
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-api-target.h"

G_BEGIN_DECLS

void tm_api_target_set_deadline (TmApiTarget *self,
                                 gint64       usec);

G_END_DECLS
