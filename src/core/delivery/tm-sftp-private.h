/* tm-sftp-private.h: what tm-sftp.c shares with the SFTP wire of its own
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libssh2.h>
#include <libssh2_sftp.h>

#include "tm-sftp.h"

G_BEGIN_DECLS

typedef struct _TmSftpWire TmSftpWire;

typedef enum
{
  TM_SFTP_WIRE_EXISTING,   /* the file must be there */
  TM_SFTP_WIRE_CREATE,     /* made if it is not there, kept as it is if it is */
  TM_SFTP_WIRE_REPLACE,    /* made, or emptied */
} TmSftpWireOpen;

struct _TmSftp
{
  GSocketClient     *client;
  GSocketConnection *connection;
  int                fd;
  LIBSSH2_SESSION   *session;
  LIBSSH2_SFTP      *sftp;
  TmSftpWire        *wire;          /* bulk writes: made at login for a session that
                                     * uploads, else at its first upload */
  gboolean           no_wire;       /* none given, or it failed: libssh2's writes */
  char              *host;
  char              *password;      /* for keyboard-interactive */
  gint64             rtt_usec;      /* the TCP connect's, then one measured inside SSH */
  gsize              window;        /* what its last upload grew to, or 0 */
  GCancellable      *cancellable;
  gulong             cancel_id;
};

void        tm_sftp_set_session_error (TmSftp       *self,
                                       GError      **error,
                                       const char   *doing);

TmSftpWire *tm_sftp_wire_new          (TmSftp       *sftp,
                                       GError      **error);
void        tm_sftp_wire_free         (TmSftpWire   *wire);
gsize       tm_sftp_wire_get_chunk    (TmSftpWire   *wire);
gint64      tm_sftp_wire_get_rtt      (TmSftpWire   *wire);
gboolean    tm_sftp_wire_open         (TmSftpWire   *wire,
                                       const char   *path,
                                       TmSftpWireOpen how,
                                       GError      **error);
void        tm_sftp_wire_seek         (TmSftpWire   *wire,
                                       guint64       pending,
                                       guint64       offset);
gssize      tm_sftp_wire_write        (TmSftpWire   *wire,
                                       const guint8 *data,
                                       gsize         length,
                                       GError      **error);
gboolean    tm_sftp_wire_flush        (TmSftpWire   *wire,
                                       GError      **error);
gboolean    tm_sftp_wire_close        (TmSftpWire   *wire,
                                       GError      **error);
gboolean    tm_sftp_wire_finish_send  (TmSftpWire   *wire,
                                       GError      **error);
gboolean    tm_sftp_wire_finish_read  (TmSftpWire   *wire,
                                       gint64       *size,
                                       GError      **error);
gboolean    tm_sftp_wire_mkdirs       (TmSftpWire   *wire,
                                       const char * const *paths,
                                       guint         n_paths,
                                       GError      **error);
gboolean    tm_sftp_wire_put          (TmSftpWire   *wire,
                                       const char   *path,
                                       const guint8 *data,
                                       gsize         length,
                                       gint64       *size,
                                       GError      **error);

G_END_DECLS
