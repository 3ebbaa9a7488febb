/* tm-test-proxy.h: a TCP proxy on loopback that misbehaves on purpose
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What one connection suffers, counted in bytes from the client. */
typedef struct
{
  guint64  cut_after;    /* close both sides after this many bytes (0: never) */
  gboolean reset;        /* close with a TCP reset instead of a FIN */
  guint64  corrupt_at;   /* flip the bits of the byte at this offset (0: none) */
  guint64  stall_at;     /* stop forwarding at this offset, for stall_ms */
  guint    stall_ms;
  guint    delay_ms;     /* before each chunk in either direction */
} TmProxyFault;

typedef struct _TmTestProxy TmTestProxy;

TmTestProxy *tm_test_proxy_new             (int                  target_port);
int          tm_test_proxy_get_port        (TmTestProxy         *proxy);
void         tm_test_proxy_push_fault      (TmTestProxy         *proxy,
                                            const TmProxyFault  *fault);
guint        tm_test_proxy_get_connections (TmTestProxy         *proxy);
guint64      tm_test_proxy_get_bytes_up    (TmTestProxy         *proxy);
void         tm_test_proxy_free            (TmTestProxy         *proxy);

G_END_DECLS
