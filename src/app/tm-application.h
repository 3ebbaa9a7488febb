/* tm-application.h: the application: one catalog, its windows, app actions
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-job-queue.h"

G_BEGIN_DECLS

#define TM_TYPE_APPLICATION (tm_application_get_type ())

G_DECLARE_FINAL_TYPE (TmApplication, tm_application, TM, APPLICATION, AdwApplication)

TmApplication *tm_application_new       (GApplicationFlags  flags);
TmJobQueue    *tm_application_get_queue (TmApplication     *self);
gboolean       tm_application_is_held   (TmApplication     *self);

G_END_DECLS
