/* tm-test-hostile.h: an HTTP server that lies, redirects, trickles and floods
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char       *method;
  char       *path;
  GHashTable *headers;       /* lower-case name -> value */
  guint64     body_bytes;    /* read and dropped */
} TmHostileRequest;

typedef struct _TmHostileServer TmHostileServer;

/* Writes the whole answer to @out (status line, headers, body) as it likes,
 * blocking as long as it wants; a failed write means the client left. */
typedef void (*TmHostileHandler) (TmHostileServer        *server,
                                  const TmHostileRequest *request,
                                  GOutputStream          *out,
                                  gpointer                data);

TmHostileServer *tm_hostile_server_new           (TmHostileHandler  handler,
                                                  gpointer          data);
const char      *tm_hostile_server_get_url       (TmHostileServer  *self);
int              tm_hostile_server_get_port      (TmHostileServer  *self);
guint            tm_hostile_server_get_n_requests (TmHostileServer *self);
guint64          tm_hostile_server_get_body_bytes (TmHostileServer *self);
gboolean         tm_hostile_server_saw_header    (TmHostileServer  *self,
                                                  const char       *name);
void             tm_hostile_server_free          (TmHostileServer  *self);

/* Helpers for handlers */
gboolean         tm_hostile_write                (GOutputStream    *out,
                                                  const char       *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
gboolean         tm_hostile_answer               (GOutputStream    *out,
                                                  guint             status,
                                                  const char       *extra_headers,
                                                  const char       *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmHostileServer, tm_hostile_server_free)

G_END_DECLS
