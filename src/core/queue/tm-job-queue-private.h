/* tm-job-queue-private.h: a set clock and stand-in targets, for the tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-job-queue.h"

G_BEGIN_DECLS

typedef gint64            (*TmClockFunc)         (gpointer     user_data);
typedef TmDeliveryTarget *(*TmTargetFactoryFunc) (TmPlatform  *platform,
                                                  gpointer     user_data,
                                                  GError     **error);

void tm_job_queue_set_clock          (TmJobQueue          *self,
                                      TmClockFunc          clock,
                                      gpointer             user_data);
void tm_job_queue_set_target_factory (TmJobQueue          *self,
                                      TmTargetFactoryFunc  factory,
                                      gpointer             user_data);

G_END_DECLS
