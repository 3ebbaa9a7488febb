/* tm-test-latency.h: a far link on loopback, for benchmarks and tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TmTestLatencyProxy TmTestLatencyProxy;

TmTestLatencyProxy *tm_test_latency_proxy_new      (int                target_port,
                                                 guint              one_way_ms);
TmTestLatencyProxy *tm_test_latency_proxy_new_on   (int                target_port,
                                                 guint              one_way_ms,
                                                 int                port);
int                tm_test_latency_proxy_get_port (TmTestLatencyProxy *self);
void               tm_test_latency_proxy_free     (TmTestLatencyProxy *self);

G_END_DECLS
