/* tm-deadline.h: a time after which blocking work is cancelled
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TmDeadline TmDeadline;

TmDeadline   *tm_deadline_new             (GCancellable *parent,
                                           gint64        usec);
TmDeadline   *tm_deadline_new_with_grace  (GCancellable *parent,
                                           gint64        usec,
                                           gint64        grace_usec);
GCancellable *tm_deadline_get_cancellable (TmDeadline   *self);
gboolean      tm_deadline_expired         (TmDeadline   *self);
void          tm_deadline_free            (TmDeadline   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmDeadline, tm_deadline_free)

G_END_DECLS
