/* tm-sftp.h: SFTP sessions with libssh2: host keys pinned, keys, agent and
 * passwords, uploads that resume
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-package.h"

G_BEGIN_DECLS

#define TM_SFTP_ERROR (tm_sftp_error_quark ())

/* Besides the delivery categories (TM_DELIVERY_ERROR), one thing only a person
 * can decide: a server never seen before. */
typedef enum
{
  TM_SFTP_ERROR_HOST_KEY_UNKNOWN,
} TmSftpError;

/* Called once the server's key is checked, before logging in: %FALSE stops
 * the connection there (the error is then a cancellation). */
typedef gboolean (*TmSftpLoginGate) (gpointer data);

/* Called as soon as the server has taken the credentials, before SFTP starts. */
typedef void (*TmSftpLoggedIn) (gpointer data);

typedef struct
{
  const char *host;
  int         port;            /* 0: 22 */
  const char *user;
  const char *key_file;        /* private key (ed25519 or ECDSA), or NULL */
  const char *passphrase;      /* of the key, or NULL */
  const char *password;        /* for password and keyboard-interactive, or NULL */
  gboolean    use_agent;       /* try ssh-agent's keys */
  const char *known_hosts;     /* TuneMantra's own known_hosts file */
  guint       timeout_s;       /* 0: 30 */
  const char *platform_known_hosts; /* the platform's own file, read only, or NULL */
  TmSftpLoginGate login_gate;  /* or NULL */
  gpointer    login_gate_data;
  TmSftpLoggedIn logged_in;    /* or NULL */
  gpointer    logged_in_data;
  gboolean    uploads;         /* its channel for writes is opened at login */
} TmSftpConfig;

typedef struct _TmSftp TmSftp;
typedef struct _TmSftpPool TmSftpPool;

GQuark   tm_sftp_error_quark        (void);
TmSftp  *tm_sftp_connect            (const TmSftpConfig  *config,
                                     GCancellable        *cancellable,
                                     GError             **error);
void     tm_sftp_close              (TmSftp              *sftp);
gboolean tm_sftp_mkdir_p            (TmSftp              *sftp,
                                     const char          *path,
                                     GError             **error);
gboolean tm_sftp_mkdirs             (TmSftp              *sftp,
                                     const char * const  *paths,
                                     guint                n_paths,
                                     GError             **error);
gboolean tm_sftp_upload             (TmSftp              *sftp,
                                     const char          *local,
                                     const char          *remote,
                                     TmProgressFunc       progress,
                                     gpointer             progress_data,
                                     guint64             *sent,
                                     GCancellable        *cancellable,
                                     GError             **error);
gboolean tm_sftp_upload_pooled     (TmSftpPool          *pool,
                                     const char          *local,
                                     const char          *remote,
                                     const char          *mark_path,
                                     gboolean             fresh,
                                     TmProgressFunc       progress,
                                     gpointer             progress_data,
                                     guint64             *sent,
                                     GCancellable        *cancellable,
                                     GError             **error);
TmSftpPool *tm_sftp_pool_new        (TmSftp              *first);
void     tm_sftp_pool_expect        (TmSftpPool          *pool,
                                     guint                n);
void     tm_sftp_pool_add           (TmSftpPool          *pool,
                                     TmSftp              *sftp);
void     tm_sftp_pool_free          (TmSftpPool          *pool);
void     tm_sftp_pool_set_overlap   (TmSftpPool          *pool,
                                     gboolean             overlap);
gboolean tm_sftp_pool_settle        (TmSftpPool          *pool,
                                     GError             **error);
gboolean tm_sftp_key_is_encrypted   (const char          *key_file);
gint64   tm_sftp_get_rtt            (TmSftp              *sftp);
gboolean tm_sftp_is_near            (TmSftp              *sftp);
GPtrArray *tm_sftp_list             (TmSftp              *sftp,
                                     const char          *dir,
                                     GError             **error);
GBytes  *tm_sftp_read               (TmSftp              *sftp,
                                     const char          *remote,
                                     gsize                limit,
                                     GError             **error);
gboolean tm_sftp_write              (TmSftp              *sftp,
                                     const char          *remote,
                                     const char          *data,
                                     gsize                length,
                                     GError             **error);
gboolean tm_sftp_write_full         (TmSftp              *sftp,
                                     const char          *remote,
                                     const char          *data,
                                     gsize                length,
                                     gboolean             fresh,
                                     GError             **error);
gboolean tm_sftp_rename             (TmSftp              *sftp,
                                     const char          *from,
                                     const char          *to,
                                     GError             **error);
gboolean tm_sftp_remove             (TmSftp              *sftp,
                                     const char          *remote,
                                     GError             **error);
gint64   tm_sftp_remote_size        (TmSftp              *sftp,
                                     const char          *remote);
char    *tm_sftp_host_fingerprint   (const TmSftpConfig  *config,
                                     GCancellable        *cancellable,
                                     GError             **error);
gboolean tm_sftp_trust_host         (const TmSftpConfig  *config,
                                     const char          *fingerprint,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmSftp, tm_sftp_close)

G_END_DECLS
