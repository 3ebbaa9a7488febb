/* tm-sftp.c: SFTP sessions with libssh2: host keys pinned, keys, agent and
 * passwords, uploads that resume
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One session per delivery, in its worker thread, blocking with a timeout
 * (libssh2 1.10, measured: docs/testing.md). What it needs minding:
 *
 * - it signs RSA only with SHA-1, which OpenSSH refuses since 8.8: RSA keys and
 *   RSA-only servers fail, and the error says so and what to do;
 * - the host key is checked against TuneMantra's own known_hosts with its type,
 *   so a new key type is "unknown", not "changed"; an unknown key is never
 *   accepted silently (the person compares the fingerprint), a changed one is
 *   refused with both fingerprints;
 * - sftp_write cuts what it is given in requests of 30,000 bytes: the bulk of
 *   an upload goes by SFTP requests of TuneMantra's own on a second channel
 *   (tm-sftp-wire.c), as large as the server takes, with a window kept full
 *   (1 MiB on a near link, 2 MiB per session on a distant one, growing while it
 *   pays); it encrypts 16 bytes a call, so AES-128 comes first, its AES-CTR
 *   is served from keystream made ahead (tm-ssh-keystream.c), and a near
 *   upload has two sessions encrypting side by side;
 * - files go up as NAME.part in stripes at explicit offsets, by one session or
 *   several, resumed from what the server has whole, checked, then renamed
 *   (unlink first: SFTPv3 rename does not overwrite); fsync where the server
 *   offers it (see Uploads below);
 * - cancelling shuts the socket down, so no call waits out its timeout, and the
 *   session is freed without a graceful close that could hang. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libssh2.h>
#include <libssh2_sftp.h>

#include "tm-delivery-error.h"
#include "tm-sftp-private.h"
#include "tm-safe-file.h"
#include "tm-ssh-keystream.h"

/* The pipelining window: what a writer has in flight at once (given to
 * tm_sftp_wire_write() or sftp_write). It starts at 1 MiB on a near link
 * (measured with libssh2's writes: 385 MiB/s on loopback against 257 for
 * 4 MiB) and at 2 MiB (OpenSSH's channel window) on a distant one, and grows
 * while it pays. */
#define WINDOW_MIN (1 << 20)
/* known_hosts and key files are a few KiB; a file far larger is not one. */
#define MAX_KEY_FILE_BYTES (4 << 20)
#define WINDOW_MAX (8 << 20)
#define CIPHERS "aes128-ctr,aes192-ctr,aes256-ctr,aes256-cbc,aes192-cbc,aes128-cbc"
/* Sessions one upload may use at once. */
#define MAX_SESSIONS 8


G_DEFINE_QUARK (tm-sftp-error-quark, tm_sftp_error)

static gpointer
init_libssh2 (gpointer data)
{
  tm_ssh_keystream_install ();
  libssh2_init (0);
  return NULL;
}

/* Errors */

void
tm_sftp_set_session_error (TmSftp     *self,
                           GError    **error,
                           const char *doing)
{
  char *message = NULL;
  int code = self->session != NULL ? libssh2_session_last_error (self->session, &message, NULL, 0)
                                   : 0;
  TmErrorCategory category;

  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }

  switch (code)
    {
    case LIBSSH2_ERROR_TIMEOUT:
      category = TM_DELIVERY_ERROR_NETWORK_TIMEOUT;
      break;
    case LIBSSH2_ERROR_AUTHENTICATION_FAILED:
    case LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
      category = TM_DELIVERY_ERROR_AUTH_INVALID;
      break;
    case LIBSSH2_ERROR_SFTP_PROTOCOL:
      {
        unsigned long sftp_error = self->sftp != NULL ? libssh2_sftp_last_error (self->sftp) : 0;

        category = sftp_error == LIBSSH2_FX_PERMISSION_DENIED
                   || sftp_error == LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM
                   || sftp_error == LIBSSH2_FX_QUOTA_EXCEEDED
                   || sftp_error == LIBSSH2_FX_WRITE_PROTECT
                   ? TM_DELIVERY_ERROR_REMOTE_STORAGE : TM_DELIVERY_ERROR_UNKNOWN;
      }
      break;
    default:
      category = TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY;
      break;
    }

  if (category == TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY
      || category == TM_DELIVERY_ERROR_NETWORK_TIMEOUT)
    {
      /* Said as what it is for the person: the network, and that it is not theirs to fix. */
      GError *broken = g_error_new (TM_DELIVERY_ERROR, category,
                                    _("The connection to %s broke (%s: %s)."), self->host, doing,
                                    message != NULL ? message : _("the connection failed"));

      tm_delivery_error_set_hint (broken, _("TuneMantra tries again by itself and goes on "
                                            "from what arrived; check the network if it goes "
                                            "on."));
      g_propagate_error (error, broken);
      return;
    }
  g_set_error (error, TM_DELIVERY_ERROR, category, _("%s on %s: %s"), doing, self->host,
               message != NULL ? message : _("the connection failed"));
}

/* Cancelling from another thread: the socket goes, so the blocked call returns. */
static void
cancelled_cb (GCancellable *cancellable,
              TmSftp       *self)
{
  if (self->fd >= 0)
    shutdown (self->fd, SHUT_RDWR);
}

/* Host keys */

static int
known_host_type (int hostkey_type)
{
  switch (hostkey_type)
    {
    case LIBSSH2_HOSTKEY_TYPE_RSA: return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case LIBSSH2_HOSTKEY_TYPE_ED25519: return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default: return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
    }
}

/* "SHA256:…", as ssh-keygen -l prints it. */
static char *
fingerprint_of (const guchar *digest)
{
  g_autofree char *b64 = g_base64_encode (digest, 32);
  gsize n = strlen (b64);

  while (n > 0 && b64[n - 1] == '=')
    b64[--n] = '\0';
  return g_strconcat ("SHA256:", b64, NULL);
}

static char *
session_fingerprint (LIBSSH2_SESSION *session)
{
  const char *digest = libssh2_hostkey_hash (session, LIBSSH2_HOSTKEY_HASH_SHA256);

  return digest != NULL ? fingerprint_of ((const guchar *) digest) : g_strdup ("?");
}

static char *
host_name_for (const char *host,
               int         port)
{
  return port == 22 ? g_strdup (host) : g_strdup_printf ("[%s]:%d", host, port);
}

/* Reads an OpenSSH known_hosts file line by line: a line libssh2 1.10 cannot
 * parse (a security key, a @cert-authority) is skipped instead of ending the
 * file there, as libssh2_knownhost_readfile() would. */
static gboolean
read_known_hosts (LIBSSH2_KNOWNHOSTS *known,
                  const char         *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!(text = tm_read_file_bounded (path, MAX_KEY_FILE_BYTES, TM_OPEN_FOLLOW, NULL, NULL)))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#' || *line == '@')
        continue;
      libssh2_knownhost_readline (known, line, strlen (line), LIBSSH2_KNOWNHOST_FILE_OPENSSH);
    }
  return TRUE;
}

/* MATCH, or an error: unknown (with the fingerprint to compare) or changed. */
static gboolean
check_host_key (TmSftp              *self,
                const TmSftpConfig  *config,
                int                  port,
                GError             **error)
{
  size_t length;
  int type;
  const char *key = libssh2_session_hostkey (self->session, &length, &type);
  LIBSSH2_KNOWNHOSTS *known = libssh2_knownhost_init (self->session);
  struct libssh2_knownhost *found = NULL;
  g_autofree char *fingerprint = session_fingerprint (self->session);
  int check;

  if (key == NULL || known == NULL)
    {
      if (known != NULL)
        libssh2_knownhost_free (known);
      tm_sftp_set_session_error (self, error, _("Reading the server's host key"));
      return FALSE;
    }

  /* The platform's file (given with --known-hosts) and ours: a key in either
   * is trusted, a different key in either is a changed key. */
  if (config->platform_known_hosts != NULL
      && !read_known_hosts (known, config->platform_known_hosts))
    {
      GError *unreadable;

      libssh2_knownhost_free (known);
      unreadable = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_HOST_KEY_CHANGED,
                                _("The known hosts file %s of %s could not be read; "
                                  "TuneMantra will not connect without it."),
                                config->platform_known_hosts, config->host);
      tm_delivery_error_set_hint (unreadable, _("Check that the file exists and is in OpenSSH's "
                                                "known_hosts format, or remove it from the "
                                                "platform's settings."));
      g_propagate_error (error, unreadable);
      return FALSE;
    }
  if (config->known_hosts != NULL && g_file_test (config->known_hosts, G_FILE_TEST_EXISTS))
    read_known_hosts (known, config->known_hosts);
  check = libssh2_knownhost_checkp (known, config->host, port, key, length,
                                    LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW
                                    | known_host_type (type), &found);

  if (check == LIBSSH2_KNOWNHOST_CHECK_MATCH)
    {
      libssh2_knownhost_free (known);
      return TRUE;
    }

  if (check == LIBSSH2_KNOWNHOST_CHECK_MISMATCH && found != NULL && found->key != NULL)
    {
      gsize old_length;
      g_autofree guchar *old = g_base64_decode (found->key, &old_length);
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize digest_length = sizeof digest;
      g_autofree char *old_fingerprint = NULL;
      GError *changed;

      g_checksum_update (checksum, old, old_length);
      g_checksum_get_digest (checksum, digest, &digest_length);
      old_fingerprint = fingerprint_of (digest);
      changed = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_HOST_KEY_CHANGED,
                             _("The host key of %s has changed. It was %s and is now %s. This "
                               "can mean someone is between you and the server; TuneMantra will "
                               "not deliver there."), config->host, old_fingerprint, fingerprint);
      tm_delivery_error_set_hint (changed, _("Ask the platform whether it changed its server's "
                                             "key. Only if it did, and the new fingerprint is "
                                             "the one it gives you, remove the old key and "
                                             "accept the new one in the platform's settings."));
      g_propagate_error (error, changed);
      libssh2_knownhost_free (known);
      return FALSE;
    }

  g_set_error (error, TM_SFTP_ERROR, TM_SFTP_ERROR_HOST_KEY_UNKNOWN,
               _("TuneMantra has not seen the server %s before. Its host key fingerprint is %s. "
                 "Compare it with the one the platform gives you, and accept it only if they "
                 "are the same."), config->host, fingerprint);
  libssh2_knownhost_free (known);
  return FALSE;
}

/* Authentication */

static void
keyboard_interactive_cb (const char                            *name,
                         int                                    name_length,
                         const char                            *instruction,
                         int                                    instruction_length,
                         int                                    n_prompts,
                         const LIBSSH2_USERAUTH_KBDINT_PROMPT  *prompts,
                         LIBSSH2_USERAUTH_KBDINT_RESPONSE      *responses,
                         void                                 **abstract)
{
  TmSftp *self = *abstract;

  /* Every prompt gets the password (PAM asks "Password:"); libssh2 frees them. */
  for (int i = 0; i < n_prompts; i++)
    {
      responses[i].text = strdup (self->password != NULL ? self->password : "");
      responses[i].length = (unsigned int) strlen (responses[i].text);
    }
}

static gboolean
is_rsa_key (const char *key_file)
{
  g_autofree char *pub = g_strconcat (key_file, ".pub", NULL);
  g_autofree char *text = NULL;

  if ((text = tm_read_file_bounded (pub, MAX_KEY_FILE_BYTES, TM_OPEN_FOLLOW, NULL, NULL)))
    return g_str_has_prefix (text, "ssh-rsa ");
  if ((text = tm_read_file_bounded (key_file, MAX_KEY_FILE_BYTES, TM_OPEN_FOLLOW, NULL, NULL)))
    return strstr (text, "BEGIN RSA PRIVATE KEY") != NULL;
  return FALSE;
}

/**
 * tm_sftp_key_is_encrypted:
 *
 * Whether the private key in @key_file needs a passphrase: OpenSSH's own
 * format with a cipher other than "none", or PEM that says it is encrypted.
 * A file that cannot be read or is not a key is taken to need one.
 */
gboolean
tm_sftp_key_is_encrypted (const char *key_file)
{
  static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
  static const char end[] = "-----END OPENSSH PRIVATE KEY-----";
  static const char magic[] = "openssh-key-v1";   /* and its NUL */
  g_autofree char *text = tm_read_file_bounded (key_file, MAX_KEY_FILE_BYTES, TM_OPEN_FOLLOW,
                                                NULL, NULL);
  g_autofree guchar *data = NULL;
  const char *body, *stop;
  gsize length = 0;
  guint32 cipher_length;

  if (text == NULL)
    return TRUE;
  if (strstr (text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL
      || strstr (text, "Proc-Type: 4,ENCRYPTED") != NULL)
    return TRUE;
  if ((body = strstr (text, begin)) == NULL)
    return strstr (text, "PRIVATE KEY-----") == NULL;   /* PEM, not encrypted */
  body += strlen (begin);
  if ((stop = strstr (body, end)) == NULL)
    return TRUE;
  text[stop - text] = '\0';
  data = g_base64_decode (body, &length);
  /* The magic, then the cipher's name as an SSH string. */
  if (length < sizeof magic + 4 || memcmp (data, magic, sizeof magic) != 0)
    return TRUE;
  memcpy (&cipher_length, data + sizeof magic, 4);
  cipher_length = GUINT32_FROM_BE (cipher_length);
  return !(cipher_length == 4 && length >= sizeof magic + 8
           && memcmp (data + sizeof magic + 4, "none", 4) == 0);
}

static gboolean
try_agent (TmSftp     *self,
           const char *user)
{
  LIBSSH2_AGENT *agent = libssh2_agent_init (self->session);
  struct libssh2_agent_publickey *identity = NULL, *previous = NULL;
  gboolean ok = FALSE;

  if (agent == NULL || libssh2_agent_connect (agent) != 0
      || libssh2_agent_list_identities (agent) != 0)
    goto out;
  while (!ok && libssh2_agent_get_identity (agent, &identity, previous) == 0)
    {
      ok = libssh2_agent_userauth (agent, user, identity) == 0;
      previous = identity;
    }
out:
  if (agent != NULL)
    {
      libssh2_agent_disconnect (agent);
      libssh2_agent_free (agent);
    }
  return ok;
}

static gboolean
authenticate (TmSftp              *self,
              const TmSftpConfig  *config,
              GError             **error)
{
  const char *user = config->user;
  const char *methods = libssh2_userauth_list (self->session, user, (unsigned int) strlen (user));
  g_autoptr(GString) tried = g_string_new (NULL);

  if (methods == NULL)
    {
      if (libssh2_userauth_authenticated (self->session))
        return TRUE;
      tm_sftp_set_session_error (self, error, _("Asking how to log in"));
      return FALSE;
    }

  if (config->use_agent && strstr (methods, "publickey") != NULL)
    {
      if (try_agent (self, user))
        return TRUE;
      g_string_append (tried, "ssh-agent");
    }

  if (config->key_file != NULL && strstr (methods, "publickey") != NULL)
    {
      if (libssh2_userauth_publickey_fromfile_ex (self->session, user, (unsigned int) strlen (user),
                                                  NULL, config->key_file,
                                                  config->passphrase) == 0)
        return TRUE;
      if (is_rsa_key (config->key_file))
        {
          GError *rsa = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                                     _("%s refused the RSA key %s. This version of libssh2 signs "
                                       "RSA keys only with SHA-1, which current servers refuse."),
                                     config->host, config->key_file);

          tm_delivery_error_set_hint (rsa, _("Make an ed25519 key (ssh-keygen -t ed25519), give "
                                             "its .pub file to the platform, and use it here."));
          g_propagate_error (error, rsa);
          return FALSE;
        }
      g_string_append_printf (tried, "%s%s", tried->len > 0 ? ", " : "", config->key_file);
    }

  if (config->password != NULL && strstr (methods, "password") != NULL)
    {
      if (libssh2_userauth_password_ex (self->session, user, (unsigned int) strlen (user),
                                        config->password, (unsigned int) strlen (config->password),
                                        NULL) == 0)
        return TRUE;
      g_string_append_printf (tried, "%s%s", tried->len > 0 ? ", " : "", _("password"));
    }

  if (config->password != NULL && strstr (methods, "keyboard-interactive") != NULL)
    {
      if (libssh2_userauth_keyboard_interactive_ex (self->session, user,
                                                    (unsigned int) strlen (user),
                                                    keyboard_interactive_cb) == 0)
        return TRUE;
      g_string_append_printf (tried, "%s%s", tried->len > 0 ? ", " : "",
                              _("keyboard-interactive"));
    }

  {
    GError *refused = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                                   _("%s did not let %s in (tried: %s; the server takes: %s)."),
                                   config->host, user,
                                   tried->len > 0 ? tried->str : _("nothing it takes"), methods);

    tm_delivery_error_set_hint (refused, _("Check the user name, the key or the password in the "
                                           "platform's settings."));
    g_propagate_error (error, refused);
  }
  return FALSE;
}

/* Sessions */

/* libssh2's own recv(), and then what it has read acknowledged at once. A
 * server's SSH writes its small answers without TCP_NODELAY (OpenSSH sets it
 * only for sessions with a terminal), so the second of two answers waits
 * for the first's acknowledgement, which Linux delays up to 40 ms when we
 * have nothing to send: starting SFTP took 45 ms on loopback instead of 2. */
static LIBSSH2_RECV_FUNC (recv_acked)
{
  ssize_t n = recv (socket, buffer, length, flags);
  int one = 1;

  (void) abstract;
  if (n < 0)
    return errno == EWOULDBLOCK ? -EAGAIN : -errno;
  if (n > 0)
    setsockopt (socket, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  return n;
}

static TmSftp *
open_session (const TmSftpConfig  *config,
              GCancellable        *cancellable,
              GError             **error)
{
  static GOnce once = G_ONCE_INIT;
  int port = config->port > 0 ? config->port : 22;
  TmSftp *self = g_new0 (TmSftp, 1);
  g_autoptr(GError) local_error = NULL;

  g_once (&once, init_libssh2, NULL);
  self->fd = -1;
  self->host = g_strdup (config->host);
  self->password = g_strdup (config->password);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  self->client = g_socket_client_new ();
  g_socket_client_set_timeout (self->client, config->timeout_s > 0 ? config->timeout_s : 30);
  {
    gint64 start = g_get_monotonic_time ();

    self->connection = g_socket_client_connect_to_host (self->client, config->host, port,
                                                        cancellable, &local_error);
    self->rtt_usec = g_get_monotonic_time () - start;
  }
  if (self->connection == NULL)
    {
      TmErrorCategory category = tm_error_classify (local_error);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TM_DELIVERY_ERROR,
                     category == TM_DELIVERY_ERROR_UNKNOWN
                     ? TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY : category,
                     _("Could not reach %s on port %d: %s"), config->host, port,
                     local_error->message);
      tm_sftp_close (self);
      return NULL;
    }
  self->fd = g_socket_get_fd (g_socket_connection_get_socket (self->connection));
  /* A request's last small packet goes at once, not after the server's
   * delayed acknowledgement of the one before (40 ms a file, and more in the
   * handshake: 60 to 100 ms on loopback, 17 without). */
  g_socket_set_option (g_socket_connection_get_socket (self->connection), IPPROTO_TCP,
                       TCP_NODELAY, 1, NULL);
  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  self->session = libssh2_session_init_ex (NULL, NULL, NULL, self);
  libssh2_session_callback_set (self->session, LIBSSH2_CALLBACK_RECV, (void *) recv_acked);
  libssh2_session_set_blocking (self->session, 1);
  libssh2_session_set_timeout (self->session,
                               (long) (config->timeout_s > 0 ? config->timeout_s : 30) * 1000);
  /* Keys we can check without SHA-1 RSA first. */
  libssh2_session_method_pref (self->session, LIBSSH2_METHOD_HOSTKEY,
                               "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
                               "ecdsa-sha2-nistp521,ssh-rsa");
  /* Ciphers in OpenSSH's own order of these, CBC only for servers of old, and
   * none of libssh2's weaker ones (arcfour, blowfish, cast, 3des). AES-128
   * first: libssh2 1.10 encrypts 16 bytes a call, and where its keystream is
   * not made ahead (tm-ssh-keystream.c) the ten rounds of a lone block against
   * AES-256's fourteen are a tenth of an upload's CPU. */
  libssh2_session_method_pref (self->session, LIBSSH2_METHOD_CRYPT_CS, CIPHERS);
  libssh2_session_method_pref (self->session, LIBSSH2_METHOD_CRYPT_SC, CIPHERS);
  if (libssh2_session_handshake (self->session, self->fd) != 0)
    {
      char *message = NULL;
      int code = libssh2_session_last_error (self->session, &message, NULL, 0);

      if (code == LIBSSH2_ERROR_KEX_FAILURE && !g_cancellable_is_cancelled (cancellable))
        {
          GError *kex = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                                     _("%s and TuneMantra share no way to agree on keys: the "
                                       "server probably offers only RSA-SHA2 host keys, which "
                                       "this version of libssh2 cannot check."), config->host);

          tm_delivery_error_set_hint (kex, _("Ask the platform for an ed25519 or ECDSA host key, "
                                             "or use the Flatpak of TuneMantra, whose libssh2 "
                                             "can."));
          g_propagate_error (error, kex);
        }
      else
        tm_sftp_set_session_error (self, error, _("Starting the SSH session"));
      tm_sftp_close (self);
      return NULL;
    }
  (void) port;
  return self;
}

static TmSftpWire *wire_of (TmSftp *self);

/**
 * tm_sftp_connect:
 *
 * Connects, checks the host key, logs in and starts SFTP. Blocks; cancellable
 * from another thread. A server not in known_hosts gives
 * %TM_SFTP_ERROR_HOST_KEY_UNKNOWN with its fingerprint.
 */
TmSftp *
tm_sftp_connect (const TmSftpConfig  *config,
                 GCancellable        *cancellable,
                 GError             **error)
{
  gint64 start = g_get_monotonic_time ();
  TmSftp *self = open_session (config, cancellable, error);

  if (self == NULL)
    return NULL;
  g_debug ("%s: TCP connect %.1f ms, SSH handshake done at %.1f ms (%s, %s)", config->host,
           self->rtt_usec / 1000.0, (g_get_monotonic_time () - start) / 1000.0,
           libssh2_session_methods (self->session, LIBSSH2_METHOD_CRYPT_CS),
           libssh2_session_methods (self->session, LIBSSH2_METHOD_MAC_CS));
  if (!check_host_key (self, config, config->port > 0 ? config->port : 22, error))
    {
      tm_sftp_close (self);
      return NULL;
    }
  if (config->login_gate != NULL && !config->login_gate (config->login_gate_data))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("Another connection to the same server did not log in."));
      tm_sftp_close (self);
      return NULL;
    }
  if (!authenticate (self, config, error))
    {
      tm_sftp_close (self);
      return NULL;
    }
  if (config->logged_in != NULL)
    config->logged_in (config->logged_in_data);
  libssh2_keepalive_config (self->session, 1, 15);
  if (!(self->sftp = libssh2_sftp_init (self->session)))
    {
      tm_sftp_set_session_error (self, error, _("Starting SFTP"));
      tm_sftp_close (self);
      return NULL;
    }
  /* The round trip, measured inside SSH (a proxy, a VPN or a bastion ends
   * the TCP connect near by): by the start of the channel for writes of a
   * session that uploads, while it opens, else the best of two stats. */
  if (config->uploads && wire_of (self) != NULL)
    self->rtt_usec = tm_sftp_wire_get_rtt (self->wire);
  else for (int i = 0; i < 2; i++)
    {
      LIBSSH2_SFTP_ATTRIBUTES attrs;
      gint64 before = g_get_monotonic_time ();

      libssh2_sftp_stat_ex (self->sftp, ".", 1, LIBSSH2_SFTP_STAT, &attrs);
      self->rtt_usec = i == 0 ? g_get_monotonic_time () - before
                              : MIN (self->rtt_usec, g_get_monotonic_time () - before);
    }
  g_debug ("%s: logged in, SFTP started at %.1f ms; round trip %.2f ms", config->host,
           (g_get_monotonic_time () - start) / 1000.0, self->rtt_usec / 1000.0);
  return self;
}

/**
 * tm_sftp_get_rtt:
 *
 * Returns: the round trip to the server, in microseconds, as measured inside SSH
 */
gint64
tm_sftp_get_rtt (TmSftp *self)
{
  return self->rtt_usec;
}

/**
 * tm_sftp_is_near:
 *
 * Returns: whether the server is near (a round trip under 2 ms): one session's
 *   encryption, not the round trip, is what limits an upload there
 */
gboolean
tm_sftp_is_near (TmSftp *self)
{
  return self->rtt_usec < 2000;
}

/* Never a graceful close that could hang on a dead link: the socket goes first. */
void
tm_sftp_close (TmSftp *self)
{
  if (self == NULL)
    return;
  if (self->cancel_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancel_id);
  /* Closing channels waits for the server's word: not long. */
  if (self->session != NULL)
    libssh2_session_set_timeout (self->session, 2000);
  g_clear_pointer (&self->wire, tm_sftp_wire_free);
  if (self->sftp != NULL)
    libssh2_sftp_shutdown (self->sftp);
  if (self->session != NULL)
    {
      libssh2_session_disconnect (self->session, "TuneMantra is done");
      libssh2_session_free (self->session);
    }
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->host);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self);
}

/**
 * tm_sftp_host_fingerprint:
 *
 * Returns: the server's host key fingerprint ("SHA256:…"), for a person to compare
 */
char *
tm_sftp_host_fingerprint (const TmSftpConfig  *config,
                          GCancellable        *cancellable,
                          GError             **error)
{
  TmSftp *self = open_session (config, cancellable, error);
  char *fingerprint;

  if (self == NULL)
    return NULL;
  fingerprint = session_fingerprint (self->session);
  tm_sftp_close (self);
  return fingerprint;
}

/**
 * tm_sftp_trust_host:
 * @fingerprint: the one the person accepted
 *
 * Adds the server's host key to known_hosts, if it is still the one accepted.
 */
gboolean
tm_sftp_trust_host (const TmSftpConfig  *config,
                    const char          *fingerprint,
                    GCancellable        *cancellable,
                    GError             **error)
{
  int port = config->port > 0 ? config->port : 22;
  TmSftp *self = open_session (config, cancellable, error);
  g_autofree char *now = NULL;
  g_autofree char *name = host_name_for (config->host, port);
  g_autofree char *dir = NULL;
  LIBSSH2_KNOWNHOSTS *known;
  size_t length;
  int type;
  const char *key;
  gboolean ok;

  if (self == NULL)
    return FALSE;
  now = session_fingerprint (self->session);
  if (g_strcmp0 (now, fingerprint) != 0)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_HOST_KEY_CHANGED,
                   _("The host key of %s is now %s, not the %s that was accepted; it was not "
                     "trusted."), config->host, now, fingerprint);
      tm_sftp_close (self);
      return FALSE;
    }

  key = libssh2_session_hostkey (self->session, &length, &type);
  known = libssh2_knownhost_init (self->session);
  if (g_file_test (config->known_hosts, G_FILE_TEST_EXISTS))
    read_known_hosts (known, config->known_hosts);
  dir = g_path_get_dirname (config->known_hosts);
  g_mkdir_with_parents (dir, 0700);
  ok = libssh2_knownhost_addc (known, name, NULL, key, length, NULL, 0,
                               LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW
                               | known_host_type (type), NULL) == 0
       && libssh2_knownhost_writefile (known, config->known_hosts,
                                       LIBSSH2_KNOWNHOST_FILE_OPENSSH) == 0;
  libssh2_knownhost_free (known);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s."),
                 config->known_hosts);
  else
    g_chmod (config->known_hosts, 0600);
  tm_sftp_close (self);
  return ok;
}

/* Files */

gint64
tm_sftp_remote_size (TmSftp     *self,
                     const char *remote)
{
  LIBSSH2_SFTP_ATTRIBUTES attrs;

  if (libssh2_sftp_stat_ex (self->sftp, remote, (unsigned int) strlen (remote), LIBSSH2_SFTP_STAT,
                            &attrs) != 0 || !(attrs.flags & LIBSSH2_SFTP_ATTR_SIZE))
    return -1;
  return (gint64) attrs.filesize;
}

/* Makes @path, its parents first when they are missing: one round trip when
 * only the last is, which is the usual case (a round trip is 20 ms or more on
 * a far link). */
static gboolean
mkdir_p (TmSftp  *self,
         char    *path,
         guint    depth,
         GError **error)
{
  LIBSSH2_SFTP_ATTRIBUTES attrs;
  unsigned int length = (unsigned int) strlen (path);
  char *slash;
  gboolean made;

  /* There already: a folder (a file there is not one). */
  if (libssh2_sftp_mkdir_ex (self->sftp, path, length, 0700) == 0)
    return TRUE;
  if (libssh2_sftp_stat_ex (self->sftp, path, length, LIBSSH2_SFTP_STAT, &attrs) == 0)
    {
      if (!(attrs.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS) || LIBSSH2_SFTP_S_ISDIR (attrs.permissions))
        return TRUE;
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
                   _("%s on %s is a file where a folder should be. Ask the platform to remove "
                     "it, or check the drop folder in the platform's settings."), path,
                   self->host);
      return FALSE;
    }
  if (depth == 0 || (slash = strrchr (path, '/')) == NULL || slash == path)
    return FALSE;

  *slash = '\0';
  made = mkdir_p (self, path, depth - 1, error);
  *slash = '/';
  return made && libssh2_sftp_mkdir_ex (self->sftp, path, length, 0700) == 0;
}

/**
 * tm_sftp_mkdirs:
 * @paths: folders, each after those it is in
 *
 * Makes each folder that is not there, and those it is in. On the session's
 * own channel where it has one open: one round trip for all of them when only
 * those named are missing.
 */
gboolean
tm_sftp_mkdirs (TmSftp              *self,
                const char * const  *paths,
                guint                n_paths,
                GError             **error)
{
  if (self->wire != NULL && !self->no_wire)
    {
      g_autoptr(GError) local_error = NULL;

      if (tm_sftp_wire_mkdirs (self->wire, paths, n_paths, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_debug ("%s: folders by libssh2 (%s)", self->host, local_error->message);
          self->no_wire = TRUE;
        }
    }
  for (guint i = 0; i < n_paths; i++)
    if (!tm_sftp_mkdir_p (self, paths[i], error))
      return FALSE;
  return TRUE;
}

gboolean
tm_sftp_mkdir_p (TmSftp      *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *copy = g_strdup (path);
  g_autoptr(GError) local_error = NULL;
  gsize length = strlen (copy);

  while (length > 1 && copy[length - 1] == '/')
    copy[--length] = '\0';
  if (!mkdir_p (self, copy, 64, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        tm_sftp_set_session_error (self, error, _("Creating a folder"));
      return FALSE;
    }
  return TRUE;
}

/* Puts @part, written whole, in the place of @remote. SFTPv3 rename does not
 * replace: the old file goes first. */
static gboolean
replace_with (TmSftp     *self,
              const char *remote,
              const char *part,
              gboolean    fresh)
{
  /* In a new batch there is nothing to replace: a round trip saved. */
  if (!fresh)
    libssh2_sftp_unlink_ex (self->sftp, remote, (unsigned int) strlen (remote));
  return libssh2_sftp_rename_ex (self->sftp, part, (unsigned int) strlen (part), remote,
                                 (unsigned int) strlen (remote),
                                 LIBSSH2_SFTP_RENAME_OVERWRITE | LIBSSH2_SFTP_RENAME_ATOMIC
                                 | LIBSSH2_SFTP_RENAME_NATIVE) == 0;
}

/* @part, sent whole, could not take @remote's place: the server refused (a
 * folder there, a folder that does not take it) or the connection broke. A
 * refusal is classified as tm_sftp_set_session_error() does, and says so. */
static void
rename_error (TmSftp      *self,
              const char  *part,
              const char  *remote,
              GError     **error)
{
  unsigned long status;
  GError *refused;

  if (libssh2_session_last_errno (self->session) != LIBSSH2_ERROR_SFTP_PROTOCOL
      || (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable)))
    {
      tm_sftp_set_session_error (self, error, _("Renaming"));
      return;
    }
  status = libssh2_sftp_last_error (self->sftp);
  refused = g_error_new (TM_DELIVERY_ERROR,
                         status == LIBSSH2_FX_PERMISSION_DENIED
                         || status == LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM
                         || status == LIBSSH2_FX_QUOTA_EXCEEDED
                         || status == LIBSSH2_FX_WRITE_PROTECT
                         ? TM_DELIVERY_ERROR_REMOTE_STORAGE : TM_DELIVERY_ERROR_UNKNOWN,
                         _("%s arrived whole on %s, but the server would not rename it to %s "
                           "(SFTP status %lu)."), part, self->host, remote, status);
  tm_delivery_error_set_hint (refused, _("Something may be in its place on the server. "
                                         "TuneMantra sends it again at the next try; if it goes "
                                         "on, tell the platform."));
  g_propagate_error (error, refused);
}

/* Uploads
 *
 * A file travels as NAME.part in stripes, each written at its own offset by
 * whichever session is free, and is renamed once the server has all of it.
 * The sessions are a pool: the delivery's own, and more to the same server
 * that join as they open, even in the middle of a file.
 *
 * Every session writes. On a far link the server's channel window (2 MiB for
 * OpenSSH) caps what one session has in flight, so one session on a 20 ms
 * round trip cannot pass ~100 MiB/s. On a near link one session's encryption
 * takes a core (libssh2 1.10 encrypts 16 bytes a call, in the thread that
 * writes), so a second session encrypts beside it; more only share the cores
 * with the server. Now and then a writer asks the server to flush what arrived
 * to its disk (fsync@openssh.com) while the rest is sent, so that the fsync
 * after the last byte is short. Each writer's window starts from the round
 * trip measured inside SSH and doubles while its throughput grows, within
 * WINDOW_MAX (alone) or WINDOW_SHARED (several). The writes themselves go by
 * the session's own SFTP channel where the server gives one (tm-sftp-wire.c).
 *
 * Resuming stays exact: one session writes in order, so what the server has
 * is a prefix; several write stripes out of order, so before the first byte the
 * mark file says where the prefix known whole ends, and it is kept on disk as
 * it grows (every stripe below it acknowledged). A resumed upload starts from
 * the lower of the mark and the server's size; the mark goes after the rename. */

#define STRIPE_MIN     (8 << 20)
#define STRIPE_MAX     (64 << 20)
#define STRIPE_TAIL    (1 << 20)
#define PUT_MAX        (8 << 20)   /* a new file this small goes whole, in two round trips */
#define MARK_EVERY     (64 << 20)
#define FLUSH_EVERY    (64 << 20)
#define WINDOW_SHARED  (2 << 20)   /* OpenSSH's channel window: more only waits in memory */
#define REFILL         (256 << 10)
/* The buffer: the window and room to read ahead of it, so that what is in
 * flight is moved down once per SPARE bytes sent, not at every refill. */
#define SPARE          (2 << 20)
#define CAPACITY(w)    ((w) + MAX ((w) / 2, SPARE))

typedef struct _Striped Striped;

typedef struct _Ending Ending;

struct _TmSftpPool
{
  TmSftp    *first;      /* borrowed; set once, read without the lock */
  GMutex     lock;
  GPtrArray *sessions;   /* TmSftp *; the first is borrowed */
  guint      expected;   /* sessions that may still join */
  Striped   *current;    /* the upload going on, if any */

  /* The caller's thread's alone */
  gboolean   overlap;    /* a file's end may go on while the next file starts */
  GThread   *ending;     /* that end, with the first session: its Ending */
};

struct _Striped
{
  /* Set before the workers start */
  int              fd;
  const char      *local;
  const char      *part;
  const char      *mark_path;
  gint64           size;
  gint64           base;           /* where stripe 0 starts: what the server had whole */
  gboolean         fresh;          /* the server had nothing: each writer may make the file */
  gint64          *bounds;         /* stripe i is [bounds[i], bounds[i + 1]) */
  guint            n_stripes;
  gsize            window_max;
  TmProgressFunc   progress;
  gpointer         progress_data;
  GCancellable    *cancellable;

  /* Guarded by lock */
  GMutex           lock;
  GPtrArray       *threads;        /* GThread *: the writers besides the first */
  guint            next;           /* the next stripe never taken */
  GArray          *returned;       /* guint: stripes a failed session gave back */
  guint8          *done;           /* per stripe */
  guint            low;            /* every stripe below is done */
  gint64           marked;         /* what the mark file says */
  gint64           acked;          /* bytes acknowledged */
  gint64           flushed;        /* acknowledged when the last flush began */
  gboolean         flushing;
  gint64           reported_at;
  guint            writers;        /* sessions writing */
  gboolean         finished;       /* nothing more to hand out, or aborted */
  gboolean         aborted;        /* cancelled, or the local file failed */
  GError          *error;          /* the first failure */

  /* Set by the first session's writer, in the caller's thread */
  TmSftpWire      *kept;           /* its wire, with the file still open */
};

typedef struct
{
  Striped  *s;
  TmSftp   *sftp;
  gboolean  keep_open;   /* the first session's: its wire keeps the file open */
} Worker;

static gint64
stripe_start (Striped *s,
              guint    index)
{
  return s->bounds[index];
}

static gint64
stripe_end (Striped *s,
            guint    index)
{
  return s->bounds[index + 1];
}

/* Stripes of @stripe bytes from @s->base; with several writers, smaller and
 * smaller towards the end (half an even share of what is left, down to
 * STRIPE_TAIL), so that they all end within a small stripe of each other
 * rather than one of them sending the last big one alone. */
static void
plan_stripes (Striped *s,
              gint64   stripe,
              guint    writers)
{
  GArray *bounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 at = s->base;

  g_array_append_val (bounds, at);
  while (at < s->size)
    {
      gint64 left = s->size - at;
      gint64 share = writers > 1 ? left / (2 * (gint64) writers) : stripe;

      if (share < stripe)
        stripe = MAX (STRIPE_TAIL, (share + STRIPE_TAIL - 1) / STRIPE_TAIL * STRIPE_TAIL);
      at += MIN (stripe, left);
      g_array_append_val (bounds, at);
    }
  s->n_stripes = bounds->len - 1;
  s->bounds = (gint64 *) (gpointer) g_array_free (bounds, FALSE);
}

static gboolean
write_mark (const char  *path,
            gint64       offset,
            GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", offset);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                   _("%s cannot be made: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Returns: the offset the mark file keeps, 0 for an unreadable one, -1 for none */
static gint64
read_mark (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = tm_read_file_bounded (path, 64, TM_OPEN_NOFOLLOW, NULL, &error);
  guint64 offset;

  if (text == NULL)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ? -1 : 0;
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXINT64, &offset, NULL))
    return 0;
  return (gint64) offset;
}

/* With the lock held: a stripe (one given back first), or G_MAXUINT. */
static guint
take_stripe (Striped *s)
{
  guint index;

  if (s->aborted)
    return G_MAXUINT;
  if (s->returned->len > 0)
    {
      index = g_array_index (s->returned, guint, s->returned->len - 1);
      g_array_set_size (s->returned, s->returned->len - 1);
      return index;
    }
  if (s->next >= s->n_stripes)
    return G_MAXUINT;
  return s->next++;
}

/* With the lock held: @index is on the server whole. */
static void
stripe_done (Striped *s,
             guint    index)
{
  s->done[index] = 1;
  while (s->low < s->n_stripes && s->done[s->low])
    s->low++;
  if (s->mark_path != NULL)
    {
      gint64 whole = s->low < s->n_stripes ? stripe_start (s, s->low) : s->size;

      /* Kept now and then: a mark behind the truth only means sending again. */
      if (whole - s->marked >= MARK_EVERY && write_mark (s->mark_path, whole, NULL))
        s->marked = whole;
    }
}

static void
add_acked (Striped *s,
           gint64   n)
{
  gint64 now;

  g_mutex_lock (&s->lock);
  s->acked += n;
  now = g_get_monotonic_time ();
  if (s->progress != NULL && now - s->reported_at > 100000)
    {
      TmProgress p = { 0, 1, s->acked, s->size };

      s->reported_at = now;
      s->progress (&p, s->progress_data);
    }
  g_mutex_unlock (&s->lock);
}

static void
fail (Striped  *s,
      GError   *error,
      gboolean  abort_all)
{
  g_mutex_lock (&s->lock);
  if (s->error == NULL)
    s->error = error;
  else
    g_error_free (error);
  if (abort_all)
    s->aborted = TRUE;
  g_mutex_unlock (&s->lock);
}

static gpointer stripe_worker (gpointer data);

/* The session's own channel for writes (tm-sftp-wire.c), made at its first
 * upload; NULL when the server gives no second channel, or the wire failed:
 * libssh2's writes then. */
static TmSftpWire *
wire_of (TmSftp *self)
{
  g_autoptr(GError) error = NULL;

  if (self->wire == NULL && !self->no_wire && !(self->wire = tm_sftp_wire_new (self, &error)))
    {
      self->no_wire = TRUE;
      g_debug ("%s: writes through libssh2 (%s)", self->host, error->message);
    }
  return self->no_wire ? NULL : self->wire;
}

/* With the pool's lock held: puts @sftp to write stripes of @s in a thread of
 * its own. Returns FALSE when there is nothing left to do. */
static gboolean
enlist (Striped *s,
        TmSftp  *sftp)
{
  Worker *worker;

  g_mutex_lock (&s->lock);
  if (s->finished)
    {
      g_mutex_unlock (&s->lock);
      return FALSE;
    }
  s->writers++;
  worker = g_new0 (Worker, 1);
  worker->s = s;
  worker->sftp = sftp;
  g_ptr_array_add (s->threads, g_thread_new ("tm-sftp-stripe", stripe_worker, worker));
  g_mutex_unlock (&s->lock);
  return TRUE;
}

/* One session's work: stripes until there are none. Its window starts from
 * the round trip; it doubles after each stripe as long as that stripe went
 * faster than the one before (by a tenth), then stays. */
static gpointer
stripe_worker (gpointer data)
{
  Worker *worker = data;
  Striped *s = worker->s;
  TmSftp *self = worker->sftp;
  g_autoptr(GError) error = NULL;
  LIBSSH2_SFTP_HANDLE *handle = NULL;
  TmSftpWire *wire = NULL;
  g_autofree guchar *buffer = NULL;
  GQueue owned = G_QUEUE_INIT;   /* stripes taken, not all acknowledged: GUINT_TO_POINTER (i + 1) */
  gint64 head_left = 0;          /* of the first of those, the bytes not acknowledged */
  gsize window = self->window > 0 ? self->window
                 : tm_sftp_is_near (self) ? WINDOW_MIN : 2 * WINDOW_MIN;
  gsize head = 0, tail = 0;      /* buffer: [head, tail) read, not acknowledged */
  gint64 read_to = 0, run_end = 0;  /* the file: where the next read starts, and stops */
  gboolean positioned = FALSE;
  gint64 stripe_started = 0, stripe_bytes = 0;
  double best_rate = 0;
  gsize best_window = 0;
  guint stripes_measured = 0;
  gboolean growing = TRUE;
  gboolean keep_open = worker->keep_open;
  gboolean ended_well;

  g_free (worker);
  window = MIN (window, s->window_max);
  if ((wire = wire_of (self)) != NULL)
    {
      if (!tm_sftp_wire_open (wire, s->part, s->fresh ? TM_SFTP_WIRE_CREATE : TM_SFTP_WIRE_EXISTING,
                              &error))
        goto out;
    }
  else if (!(handle = libssh2_sftp_open_ex (self->sftp, s->part, (unsigned int) strlen (s->part),
                                            LIBSSH2_FXF_WRITE
                                            | (s->fresh ? LIBSSH2_FXF_CREAT : 0), 0600,
                                            LIBSSH2_SFTP_OPENFILE)))
    {
      tm_sftp_set_session_error (self, &error, _("Uploading"));
      goto out;
    }
  buffer = g_malloc (CAPACITY (window));

  for (;;)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (s->cancellable, &error))
        {
          fail (s, g_steal_pointer (&error), TRUE);
          goto out;
        }

      /* The read position reached the end of what this session owns: take more. */
      if (read_to == run_end)
        {
          guint index;

          g_mutex_lock (&s->lock);
          index = take_stripe (s);
          g_mutex_unlock (&s->lock);
          if (index == G_MAXUINT && g_queue_is_empty (&owned))
            break;
          if (index != G_MAXUINT)
            {
              if (stripe_start (s, index) != run_end || !positioned)
                {
                  /* Not next to what is in flight. The wire sends it on behind
                   * what is; libssh2 wants all of that acknowledged first. */
                  if (wire != NULL)
                    tm_sftp_wire_seek (wire, tail - head, (guint64) stripe_start (s, index));
                  else if (head < tail)
                    {
                      g_mutex_lock (&s->lock);
                      g_array_append_val (s->returned, index);
                      g_mutex_unlock (&s->lock);
                      goto send;
                    }
                  else
                    libssh2_sftp_seek64 (handle, (libssh2_uint64_t) stripe_start (s, index));
                  read_to = stripe_start (s, index);
                  positioned = TRUE;
                }
              run_end = stripe_end (s, index);
              if (g_queue_is_empty (&owned))
                head_left = run_end - read_to;
              g_queue_push_tail (&owned, GUINT_TO_POINTER (index + 1));
              if (stripe_started == 0)
                stripe_started = g_get_monotonic_time ();
            }
        }

      /* Keep the window full: read once a refill's worth was acknowledged,
       * moving what is in flight down only when the room ahead is used up. */
      if (read_to < run_end && (tail - head) + REFILL <= window)
        {
          gsize want = (gsize) MIN ((gint64) (window - (tail - head)), run_end - read_to);
          ssize_t got;

          if (tail + want > CAPACITY (window))
            {
              memmove (buffer, buffer + head, tail - head);
              tail -= head;
              head = 0;
            }
          got = pread (s->fd, buffer + tail, want, read_to);
          if (got <= 0)
            {
              g_set_error (&error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                           _("%s cannot be read: %s"), s->local,
                           got < 0 ? g_strerror (errno) : _("it became shorter"));
              fail (s, g_steal_pointer (&error), TRUE);
              goto out;
            }
          tail += got;
          read_to += got;
        }

    send:
      if (head == tail)
        continue;
      /* Both want the unacknowledged bytes again at the start. */
      if (wire != NULL)
        n = tm_sftp_wire_write (wire, buffer + head, tail - head, &error);
      else if ((n = libssh2_sftp_write (handle, (const char *) buffer + head, tail - head)) < 0)
        tm_sftp_set_session_error (self, &error, _("Uploading"));
      if (n < 0)
        goto out;
      head += n;
      if (head == tail)
        head = tail = 0;
      stripe_bytes += n;
      add_acked (s, n);

      /* Stripes wholly acknowledged are done: the bytes acknowledged are the
       * owned stripes' in the order they were taken. */
      while (!g_queue_is_empty (&owned))
        {
          guint index = GPOINTER_TO_UINT (g_queue_peek_head (&owned)) - 1;
          gint64 now = g_get_monotonic_time ();
          gint64 take = MIN (n, head_left);
          double rate;
          gboolean flush = FALSE;

          head_left -= take;
          n -= take;
          if (head_left > 0)
            break;
          g_queue_pop_head (&owned);
          if (!g_queue_is_empty (&owned))
            {
              guint next = GPOINTER_TO_UINT (g_queue_peek_head (&owned)) - 1;

              head_left = stripe_end (s, next) - stripe_start (s, next);
            }
          g_mutex_lock (&s->lock);
          stripe_done (s, index);
          /* Several writers: one of them flushes now and then. */
          if (s->writers > 1 && !s->flushing
              && s->acked - s->flushed >= FLUSH_EVERY)
            {
              s->flushing = flush = TRUE;
              s->flushed = s->acked;
            }
          g_mutex_unlock (&s->lock);
          if (flush)
            {
              /* By the wire in line with the writes; by libssh2, waited for. */
              if (wire != NULL)
                tm_sftp_wire_flush (wire, &error);
              else
                libssh2_sftp_fsync (handle);
              g_mutex_lock (&s->lock);
              s->flushing = FALSE;
              g_mutex_unlock (&s->lock);
              if (error != NULL)
                goto out;
            }

          /* The first stripe warms up (TCP, the server); from the second, a
           * larger window is kept only if it goes a tenth faster, else the
           * best one comes back and stays. */
          rate = stripe_bytes / (double) MAX (1, now - stripe_started);
          if (!growing || ++stripes_measured == 1)
            ;
          else if (best_rate == 0 || rate > best_rate * 1.1)
            {
              best_rate = rate;
              best_window = window;
              if (window < s->window_max)
                {
                  window = MIN (window * 2, s->window_max);
                  buffer = g_realloc (buffer, CAPACITY (window));
                }
              else
                growing = FALSE;
            }
          else
            {
              growing = FALSE;
              window = best_window;
            }
          stripe_started = now;
          stripe_bytes = 0;
        }
    }

out:
  ended_well = error == NULL && g_queue_is_empty (&owned);
  if (error != NULL)
    {
      /* What this session had not finished goes back for the others. */
      g_mutex_lock (&s->lock);
      while (!g_queue_is_empty (&owned))
        {
          guint index = GPOINTER_TO_UINT (g_queue_pop_head (&owned)) - 1;

          g_array_append_val (s->returned, index);
        }
      g_mutex_unlock (&s->lock);
      fail (s, g_steal_pointer (&error), FALSE);
    }
  /* Cancelled or aborted: what it held is not needed by anyone. */
  g_queue_clear (&owned);
  if (handle != NULL)
    libssh2_sftp_close_handle (handle);
  /* A wire that failed is not trusted with another file; it is freed with the
   * session (under a short timeout), and libssh2 writes the session's next.
   * The first session's keeps the file open for its end (flush, size, close
   * in one round trip), once every session is done. */
  if (wire != NULL && ended_well && keep_open)
    s->kept = wire;
  else if (wire != NULL && (!ended_well || !tm_sftp_wire_close (wire, NULL)))
    self->no_wire = TRUE;
  g_mutex_lock (&s->lock);
  s->writers--;
  if (s->writers == 0)
    {
      /* The last writer out: no one joins any more. */
      s->finished = TRUE;
    }
  g_mutex_unlock (&s->lock);
  /* The next file starts where this one ended. */
  self->window = window;
  g_debug ("%s: a session ended its stripes with a %" G_GSIZE_FORMAT " KiB window", self->host,
           window >> 10);
  return NULL;
}

/**
 * tm_sftp_pool_new:
 * @first: the delivery's session (borrowed: it outlives the pool)
 *
 * The sessions an upload may use. More join with tm_sftp_pool_add(), from any
 * thread, whenever they are open.
 */
TmSftpPool *
tm_sftp_pool_new (TmSftp *first)
{
  TmSftpPool *pool = g_new0 (TmSftpPool, 1);

  g_mutex_init (&pool->lock);
  pool->first = first;
  pool->sessions = g_ptr_array_new ();
  g_ptr_array_add (pool->sessions, first);
  return pool;
}

/* Sessions that are opening and will join: the windows are sized for them. */
void
tm_sftp_pool_expect (TmSftpPool *pool,
                     guint       n)
{
  g_mutex_lock (&pool->lock);
  pool->expected += n;
  g_mutex_unlock (&pool->lock);
}

/**
 * tm_sftp_pool_add:
 * @sftp: (transfer full) (nullable): a session to the same server, as the
 *   same user; %NULL for one that did not open
 *
 * Puts the session to work at once if an upload is going on.
 */
void
tm_sftp_pool_add (TmSftpPool *pool,
                  TmSftp     *sftp)
{
  g_mutex_lock (&pool->lock);
  if (pool->expected > 0)
    pool->expected--;
  if (sftp != NULL)
    {
      g_ptr_array_add (pool->sessions, sftp);
      if (pool->current != NULL)
        enlist (pool->current, sftp);
    }
  g_mutex_unlock (&pool->lock);
}

void
tm_sftp_pool_free (TmSftpPool *pool)
{
  if (pool == NULL)
    return;
  g_assert (pool->current == NULL);
  /* An end still going on uses the first session, which outlives the pool:
   * waited for here too (its error is the caller's to have asked for). */
  tm_sftp_pool_settle (pool, NULL);
  for (guint i = 1; i < pool->sessions->len; i++)
    tm_sftp_close (g_ptr_array_index (pool->sessions, i));
  g_ptr_array_unref (pool->sessions);
  g_mutex_clear (&pool->lock);
  g_free (pool);
}

/* @part arrived with another size than sent: it goes, to be sent again. */
static void
wrong_size (TmSftp      *self,
            const char  *part,
            GError     **error)
{
  g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
               _("%s on %s has the wrong size after the upload; it will be sent again."),
               part, self->host);
  libssh2_sftp_unlink_ex (self->sftp, part, (unsigned int) strlen (part));
}

/* A small file of a new batch, whole on the session's own channel: its open,
 * then its bytes, the flush, the size and the close at once (two round trips
 * where the stripes take four). Returns 1 when it was written, 0 when the
 * channel failed (libssh2 writes it then, and the session's next), -1 with
 * @error when the local file could not be read. */
static int
put_small (TmSftp      *self,
           int          fd,
           const char  *local,
           const char  *part,
           gsize        size,
           gint64      *remote_size,
           GError     **error)
{
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  g_autoptr(GError) local_error = NULL;
  gsize done = 0;

  while (done < size)
    {
      ssize_t got = pread (fd, data + done, size - done, (off_t) done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                       _("%s cannot be read: %s"), local,
                       got < 0 ? g_strerror (errno) : _("it became shorter"));
          return -1;
        }
      done += (gsize) got;
    }
  if (tm_sftp_wire_put (self->wire, part, data, size, remote_size, &local_error))
    return 1;
  g_debug ("%s: %s goes by libssh2's writes (%s)", self->host, part, local_error->message);
  self->no_wire = TRUE;
  return 0;
}

/* The end of a file of a new batch, once every stripe is acknowledged: the
 * flush, size and close asked at once on the first session's channel (which
 * holds the file open), the size checked, the rename, the mark gone. In a
 * thread of its own with the first session while the other sessions start the
 * next file (tm_sftp_pool_set_overlap()), else in the caller's. */
struct _Ending
{
  TmSftp     *self;
  TmSftpWire *kept;
  char       *remote;
  char       *part;
  char       *mark;      /* to remove once renamed, or NULL */
  gint64      size;
  gint64      sent_at;
  GError     *error;
};

static void
ending_free (Ending *e)
{
  g_free (e->remote);
  g_free (e->part);
  g_free (e->mark);
  g_clear_error (&e->error);
  g_free (e);
}

/* After a file's last byte: the size the server said (asked by name when it
 * did not say) checked, then the rename, and the mark of the upload gone.
 * @on_wire: the size came from the session's own channel, which is not
 * trusted with the next file when it was wrong. */
static gboolean
check_and_rename (TmSftp      *self,
                  const char  *part,
                  const char  *remote,
                  gint64       size,
                  gint64       remote_size,
                  gboolean     fresh,
                  gboolean     on_wire,
                  const char  *mark,
                  GError     **error)
{
  if (remote_size < 0)
    remote_size = tm_sftp_remote_size (self, part);
  if (remote_size != size)
    {
      if (on_wire)
        self->no_wire = TRUE;
      wrong_size (self, part, error);
      if (mark != NULL)
        g_unlink (mark);
      return FALSE;
    }
  if (!replace_with (self, remote, part, fresh))
    {
      rename_error (self, part, remote, error);
      return FALSE;
    }
  if (mark != NULL)
    g_unlink (mark);
  return TRUE;
}

static gpointer
end_file (gpointer data)
{
  Ending *e = data;
  TmSftp *self = e->self;
  gint64 remote_size = -1;
  gboolean asked = tm_sftp_wire_finish_send (e->kept, &e->error);

  if (!asked || !tm_sftp_wire_finish_read (e->kept, &remote_size, &e->error))
    {
      self->no_wire = TRUE;
      return e;
    }
  g_debug ("%s: %s: flush, size and close %.1f ms", self->host, e->remote,
           (g_get_monotonic_time () - e->sent_at) / 1000.0);
  check_and_rename (self, e->part, e->remote, e->size, remote_size, TRUE, TRUE, e->mark,
                    &e->error);
  return e;
}

/**
 * tm_sftp_pool_set_overlap:
 *
 * Lets a file's end (flush, size check, rename) go on with the first session
 * while the other sessions start the next file of the batch, which must be a
 * new one (`fresh`). The first session is then not the caller's until
 * tm_sftp_pool_settle().
 */
void
tm_sftp_pool_set_overlap (TmSftpPool *pool,
                          gboolean    overlap)
{
  pool->overlap = overlap;
}

/**
 * tm_sftp_pool_settle:
 *
 * Waits for the end of the last file, if it goes on, and gives the first
 * session back to the caller.
 *
 * Returns: %FALSE with @error if that end failed (the file is not renamed)
 */
gboolean
tm_sftp_pool_settle (TmSftpPool  *pool,
                     GError     **error)
{
  Ending *e;
  gboolean ok;

  if (pool == NULL || pool->ending == NULL)
    return TRUE;
  e = g_thread_join (g_steal_pointer (&pool->ending));
  ok = e->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&e->error));
  ending_free (e);
  return ok;
}

/**
 * tm_sftp_upload_pooled:
 * @pool: the sessions; the first opens, checks and renames
 * @remote: the final name; the file travels as @remote.part
 * @mark_path: (nullable): a local file keeping how much of the upload is
 *   known whole when several sessions write; %NULL: one session writes
 * @fresh: the server cannot have any of it (a new batch): nothing is asked,
 *   nothing is replaced
 * @sent: (out) (optional): bytes sent by this call (less than the file's when resumed)
 *
 * Uploads @local, resuming a .part the server already has, then renames it.
 * With tm_sftp_pool_set_overlap(), a new file sent in stripes may return once
 * every byte is acknowledged, its end going on with the first session while
 * the caller starts the next file; that end's failure is then the next
 * upload's, or tm_sftp_pool_settle()'s.
 */
gboolean
tm_sftp_upload_pooled (TmSftpPool      *pool,
                       const char      *local,
                       const char      *remote,
                       const char      *mark_path,
                       gboolean         fresh,
                       TmProgressFunc   progress,
                       gpointer         progress_data,
                       guint64         *sent,
                       GCancellable    *cancellable,
                       GError         **error)
{
  TmSftp *self = pool->first;
  g_autofree char *part = g_strconcat (remote, ".part", NULL);
  g_autoptr(GError) local_error = NULL;
  LIBSSH2_SFTP_HANDLE *handle = NULL;
  LIBSSH2_SFTP_ATTRIBUTES attrs;
  TmProgress p = { 0, 1, 0, 0 };
  Striped s = { 0 };
  gint64 offset = 0, start = g_get_monotonic_time (), sent_at;
  gint64 remote_size = -1;
  gboolean finished_on_wire = FALSE;
  gboolean overlap, last_ended_badly = FALSE;
  gint64 mark;
  const char *old_mark = NULL;
  GStatBuf st;
  guint sessions;
  gint64 stripe;
  gboolean ok = FALSE;
  int fd;

  g_mutex_init (&s.lock);
  s.returned = g_array_new (FALSE, FALSE, sizeof (guint));
  s.threads = g_ptr_array_new ();
  if (sent != NULL)
    *sent = 0;
  if ((fd = tm_open_regular (local, TM_OPEN_FOLLOW, &st, &local_error)) < 0)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE, "%s",
                   local_error->message);
      goto cleanup;
    }
  p.bytes_total = st.st_size;

  /* The last file's end may still go on with the first session: a large new
   * file starts on the others meanwhile (the first joins once that end is
   * done, below); anything else waits for it now. An end goes on only where
   * the first session has its own channel. */
  overlap = pool->ending != NULL && fresh && st.st_size > PUT_MAX;
  if (!overlap && !tm_sftp_pool_settle (pool, error))
    goto out;

  /* Resume from what the server has whole, unless it has more than the file.
   * In a new batch there is nothing to resume: the writers make the file as
   * they open it, where they have a channel of their own, a round trip saved. */
  if (!overlap && (!fresh || wire_of (self) == NULL))
    {
      handle = libssh2_sftp_open_ex (self->sftp, part, (unsigned int) strlen (part),
                                     LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT, 0600,
                                     LIBSSH2_SFTP_OPENFILE);
      if (handle == NULL)
        goto failed;
    }
  if (!fresh && libssh2_sftp_fstat_ex (handle, &attrs, 0) == 0
      && (attrs.flags & LIBSSH2_SFTP_ATTR_SIZE))
    offset = (gint64) attrs.filesize;
  mark = mark_path != NULL ? read_mark (mark_path) : -1;
  if (mark >= 0)
    offset = MIN (offset, mark);
  /* One left by an earlier attempt goes once this one is renamed. */
  old_mark = mark >= 0 ? mark_path : NULL;
  if (offset > st.st_size)
    {
      libssh2_sftp_close_handle (handle);
      handle = libssh2_sftp_open_ex (self->sftp, part, (unsigned int) strlen (part),
                                     LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC,
                                     0600, LIBSSH2_SFTP_OPENFILE);
      if (handle == NULL)
        goto failed;
      offset = 0;
    }

  /* A small file of a new batch: whole, in two round trips. */
  if (handle == NULL && st.st_size <= PUT_MAX)
    {
      int put = put_small (self, fd, local, part, (gsize) st.st_size, &remote_size, error);

      if (put < 0)
        goto out;
      if (put > 0)
        {
          finished_on_wire = TRUE;
          sent_at = g_get_monotonic_time ();
          if (sent != NULL)
            *sent = (guint64) st.st_size;
          g_debug ("%s: %s: %" G_GINT64_FORMAT " bytes whole in %.1f ms", self->host, remote,
                   (gint64) st.st_size, (sent_at - start) / 1000.0);
          goto check;
        }
      /* Made anew by libssh2, as if the channel had never been. */
      handle = libssh2_sftp_open_ex (self->sftp, part, (unsigned int) strlen (part),
                                     LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC,
                                     0600, LIBSSH2_SFTP_OPENFILE);
      if (handle == NULL)
        goto failed;
    }

  /* Stripes: what a session sends without stopping, about a second's worth on
   * a far link. The server has [0, offset) whole; the rest is cut in stripes. */
  g_mutex_lock (&pool->lock);
  sessions = pool->sessions->len + pool->expected;
  g_mutex_unlock (&pool->lock);
  s.size = st.st_size;
  s.base = offset;
  s.fresh = fresh;
  /* ...and no larger than an even share. */
  stripe = CLAMP (MIN ((gint64) (self->rtt_usec / 1000) * (2 << 20),
                       (st.st_size - offset + sessions - 1) / MAX (sessions, 1)),
                  STRIPE_MIN, STRIPE_MAX);
  /* Out of order only with more than one writer (and a mark to resume by). */
  if (mark_path == NULL || sessions < 2 || st.st_size - offset <= stripe)
    mark_path = NULL;
  plan_stripes (&s, stripe, mark_path != NULL ? sessions : 1);
  s.window_max = mark_path != NULL ? WINDOW_SHARED : WINDOW_MAX;
  s.fd = fd;
  s.local = local;
  s.part = part;
  s.mark_path = mark_path;
  s.progress = progress;
  s.progress_data = progress_data;
  s.cancellable = cancellable;
  s.done = g_new0 (guint8, MAX (s.n_stripes, 1));
  s.acked = s.marked = s.flushed = offset;
  if (mark_path != NULL && !write_mark (mark_path, offset, error))
    goto out;

  /* This session writes, in this thread; the others there now start, and
   * those still opening join when they are open. */
  s.writers = 1;
  g_mutex_lock (&pool->lock);
  pool->current = mark_path != NULL ? &s : NULL;
  for (guint i = 1; pool->current != NULL && i < pool->sessions->len; i++)
    enlist (&s, g_ptr_array_index (pool->sessions, i));
  g_mutex_unlock (&pool->lock);
  {
    g_autoptr(GError) ending_error = NULL;

    if (overlap && !tm_sftp_pool_settle (pool, &ending_error))
      {
        /* The last file did not end well: this one stops, its error is that,
         * even if the others sent all of this one meanwhile. */
        last_ended_badly = TRUE;
        fail (&s, g_steal_pointer (&ending_error), TRUE);
        g_mutex_lock (&s.lock);
        s.writers--;
        g_mutex_unlock (&s.lock);
      }
    else
      {
        Worker *worker = g_new0 (Worker, 1);

        worker->s = &s;
        worker->sftp = self;
        worker->keep_open = TRUE;
        stripe_worker (worker);
      }
  }

  /* No one joins now; everyone who did is waited for. */
  g_mutex_lock (&pool->lock);
  pool->current = NULL;
  g_mutex_unlock (&pool->lock);
  g_mutex_lock (&s.lock);
  s.finished = TRUE;
  g_mutex_unlock (&s.lock);
  for (guint i = 0; i < s.threads->len; i++)
    g_thread_join (g_ptr_array_index (s.threads, i));
  g_ptr_array_set_size (s.threads, 0);

  sent_at = g_get_monotonic_time ();
  if (sent != NULL)
    *sent = (guint64) (s.acked - offset);

  /* Every stripe whole, or the first failure (cancelling wins). */
  if (s.low < s.n_stripes || last_ended_badly)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (s.error != NULL)
        g_propagate_error (error, g_steal_pointer (&s.error));
      else
        tm_sftp_set_session_error (self, error, _("Uploading"));
      goto out;
    }

  if (s.kept != NULL && handle == NULL && fresh && pool->overlap)
    {
      /* The end goes on with the first session; the caller may start the next
       * file on the others. */
      Ending *e = g_new0 (Ending, 1);

      e->self = self;
      e->kept = g_steal_pointer (&s.kept);
      e->remote = g_strdup (remote);
      e->part = g_strdup (part);
      e->mark = g_strdup (s.mark_path != NULL ? s.mark_path : old_mark);
      e->size = st.st_size;
      e->sent_at = sent_at;
      g_debug ("%s: %s: %" G_GINT64_FORMAT " bytes from %" G_GINT64_FORMAT " in %.1f ms, "
               "%u stripes from %" G_GINT64_FORMAT " MiB; its end goes on beside the next",
               self->host, remote, (gint64) st.st_size, offset, (sent_at - start) / 1000.0,
               s.n_stripes,
               s.n_stripes > 0 ? (stripe_end (&s, 0) - stripe_start (&s, 0)) >> 20 : 0);
      pool->ending = g_thread_new ("tm-sftp-end", end_file, e);
      goto done;
    }
  if (s.kept != NULL)
    {
      /* Flush, size and close asked at once on the wire, and the session's
       * own handle closed while they are answered: one round trip. */
      TmSftpWire *kept = g_steal_pointer (&s.kept);
      gboolean asked = tm_sftp_wire_finish_send (kept, &local_error);

      finished_on_wire = TRUE;
      if (handle != NULL)
        libssh2_sftp_close_handle (handle);
      handle = NULL;
      if (!asked || !tm_sftp_wire_finish_read (kept, &remote_size, &local_error))
        {
          self->no_wire = TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
    }
  else
    {
      /* Where the server offers it (fsync@openssh.com); refused is not a failure.
       * A file the writers made is opened for it here. */
      if (handle == NULL)
        handle = libssh2_sftp_open_ex (self->sftp, part, (unsigned int) strlen (part),
                                       LIBSSH2_FXF_WRITE, 0600, LIBSSH2_SFTP_OPENFILE);
      if (handle != NULL)
        {
          libssh2_sftp_fsync (handle);
          libssh2_sftp_close_handle (handle);
          handle = NULL;
        }
    }
  g_debug ("%s: %s: %" G_GINT64_FORMAT " bytes from %" G_GINT64_FORMAT " in %.1f ms, "
           "%u stripes from %" G_GINT64_FORMAT " MiB; fsync, size and close %.1f ms", self->host,
           remote, (gint64) st.st_size, offset, (sent_at - start) / 1000.0, s.n_stripes,
           s.n_stripes > 0 ? (stripe_end (&s, 0) - stripe_start (&s, 0)) >> 20 : 0,
           (g_get_monotonic_time () - sent_at) / 1000.0);

check:
  if (!check_and_rename (self, part, remote, st.st_size, remote_size, fresh, finished_on_wire,
                         s.mark_path != NULL ? s.mark_path : old_mark, error))
    goto out;

done:
  p.files_done = 1;
  p.bytes_done = st.st_size;
  if (progress != NULL)
    progress (&p, progress_data);
  ok = TRUE;
  goto out;

failed:
  tm_sftp_set_session_error (self, error, _("Uploading"));
out:
  /* Stopped with the first session's wire holding the file open. */
  if (s.kept != NULL && !tm_sftp_wire_close (s.kept, NULL))
    self->no_wire = TRUE;
  if (handle != NULL)
    libssh2_sftp_close_handle (handle);
  close (fd);
cleanup:
  g_ptr_array_unref (s.threads);
  g_array_unref (s.returned);
  g_free (s.done);
  g_free (s.bounds);
  g_clear_error (&s.error);
  g_mutex_clear (&s.lock);
  return ok;
}

/**
 * tm_sftp_upload:
 * @remote: the final name; the file travels as @remote.part
 * @sent: (out) (optional): bytes sent by this call (less than the file's when resumed)
 *
 * Uploads @local in this session alone, resuming a .part the server already
 * has, then renames it.
 */
gboolean
tm_sftp_upload (TmSftp          *self,
                const char      *local,
                const char      *remote,
                TmProgressFunc   progress,
                gpointer         progress_data,
                guint64         *sent,
                GCancellable    *cancellable,
                GError         **error)
{
  TmSftpPool *pool = tm_sftp_pool_new (self);
  gboolean ok = tm_sftp_upload_pooled (pool, local, remote, NULL, FALSE, progress, progress_data,
                                       sent, cancellable, error);

  tm_sftp_pool_free (pool);
  return ok;
}

/**
 * tm_sftp_list:
 *
 * Returns: (transfer full) (nullable): the names in @dir (without . and ..), or
 *   %NULL with an error
 */
GPtrArray *
tm_sftp_list (TmSftp      *self,
              const char  *dir,
              GError     **error)
{
  LIBSSH2_SFTP_HANDLE *handle = libssh2_sftp_open_ex (self->sftp, dir, (unsigned int) strlen (dir),
                                                      0, 0, LIBSSH2_SFTP_OPENDIR);
  GPtrArray *names;
  char name[512];
  LIBSSH2_SFTP_ATTRIBUTES attrs;
  int n;

  if (handle == NULL)
    {
      tm_sftp_set_session_error (self, error, _("Listing a folder"));
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((n = libssh2_sftp_readdir_ex (handle, name, sizeof name, NULL, 0, &attrs)) > 0)
    if (strcmp (name, ".") != 0 && strcmp (name, "..") != 0)
      g_ptr_array_add (names, g_strndup (name, n));
  libssh2_sftp_close_handle (handle);
  return names;
}

/**
 * tm_sftp_read:
 * @limit: the most that is read; a larger file is an error
 *
 * Returns: (nullable): the file's bytes
 */
GBytes *
tm_sftp_read (TmSftp      *self,
              const char  *remote,
              gsize        limit,
              GError     **error)
{
  LIBSSH2_SFTP_HANDLE *handle = libssh2_sftp_open_ex (self->sftp, remote,
                                                      (unsigned int) strlen (remote),
                                                      LIBSSH2_FXF_READ, 0, LIBSSH2_SFTP_OPENFILE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  LIBSSH2_SFTP_ATTRIBUTES attrs;
  char buffer[32768];
  ssize_t n;

  if (handle == NULL)
    {
      tm_sftp_set_session_error (self, error, _("Opening a file"));
      return NULL;
    }
  /* Its size and kind first: nothing larger than @limit, nothing but a file. */
  if (libssh2_sftp_fstat_ex (handle, &attrs, 0) == 0
      && (((attrs.flags & LIBSSH2_SFTP_ATTR_SIZE) && attrs.filesize > limit)
          || ((attrs.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS)
              && !LIBSSH2_SFTP_S_ISREG (attrs.permissions))))
    {
      libssh2_sftp_close_handle (handle);
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s on %s is not a file of at most %" G_GSIZE_FORMAT " bytes; it was not "
                     "read."), remote, self->host, limit);
      return NULL;
    }
  while ((n = libssh2_sftp_read (handle, buffer, sizeof buffer)) > 0)
    {
      if (data->len + (gsize) n > limit)
        {
          libssh2_sftp_close_handle (handle);
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                       _("%s on %s is larger than %" G_GSIZE_FORMAT " bytes; it was not read."),
                       remote, self->host, limit);
          return NULL;
        }
      g_byte_array_append (data, (const guint8 *) buffer, n);
    }
  libssh2_sftp_close_handle (handle);
  if (n < 0)
    {
      tm_sftp_set_session_error (self, error, _("Reading a file"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * tm_sftp_write_full:
 * @fresh: nothing can be at @remote yet (a new batch): nothing is replaced
 *
 * Writes a small file (a message) as @remote.part, then renames it.
 */
gboolean
tm_sftp_write_full (TmSftp      *self,
                    const char  *remote,
                    const char  *data,
                    gsize        length,
                    gboolean     fresh,
                    GError     **error)
{
  g_autofree char *part = g_strconcat (remote, ".part", NULL);
  LIBSSH2_SFTP_HANDLE *handle;
  gsize done = 0;

  /* On the session's own channel, where it has one open already: flushed to
   * the server's disk and its size checked, in one round trip less. */
  if (self->wire != NULL && !self->no_wire)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 size = -1;

      if (tm_sftp_wire_put (self->wire, part, (const guint8 *) data, length, &size, &local_error))
        {
          if (size < 0)
            size = tm_sftp_remote_size (self, part);
          if (size != (gint64) length)
            {
              self->no_wire = TRUE;
              wrong_size (self, part, error);
              return FALSE;
            }
          if (!replace_with (self, remote, part, fresh))
            {
              rename_error (self, part, remote, error);
              return FALSE;
            }
          return TRUE;
        }
      g_debug ("%s: %s goes by libssh2's writes (%s)", self->host, part, local_error->message);
      self->no_wire = TRUE;
    }

  handle = libssh2_sftp_open_ex (self->sftp, part, (unsigned int) strlen (part),
                                 LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC, 0600,
                                 LIBSSH2_SFTP_OPENFILE);
  if (handle == NULL)
    goto failed;
  while (done < length)
    {
      ssize_t n = libssh2_sftp_write (handle, data + done, length - done);

      if (n < 0)
        {
          libssh2_sftp_close_handle (handle);
          goto failed;
        }
      done += n;
    }
  libssh2_sftp_close_handle (handle);
  if (!replace_with (self, remote, part, fresh))
    {
      rename_error (self, part, remote, error);
      return FALSE;
    }
  return TRUE;

failed:
  tm_sftp_set_session_error (self, error, _("Writing a file"));
  return FALSE;
}

/**
 * tm_sftp_write:
 *
 * Writes a small file (a message) as @remote.part, then puts it in the place
 * of whatever is at @remote.
 */
gboolean
tm_sftp_write (TmSftp      *self,
               const char  *remote,
               const char  *data,
               gsize        length,
               GError     **error)
{
  return tm_sftp_write_full (self, remote, data, length, FALSE, error);
}

/**
 * tm_sftp_rename:
 *
 * Moves a file on the server (over nothing: a file at @to stays, and it fails).
 */
gboolean
tm_sftp_rename (TmSftp      *self,
                const char  *from,
                const char  *to,
                GError     **error)
{
  if (libssh2_sftp_rename_ex (self->sftp, from, (unsigned int) strlen (from), to,
                              (unsigned int) strlen (to), LIBSSH2_SFTP_RENAME_ATOMIC
                              | LIBSSH2_SFTP_RENAME_NATIVE) == 0)
    return TRUE;
  tm_sftp_set_session_error (self, error, _("Moving a file"));
  return FALSE;
}

/**
 * tm_sftp_remove:
 *
 * Removes a file of ours, such as the probe of a connection test.
 */
gboolean
tm_sftp_remove (TmSftp      *self,
                const char  *remote,
                GError     **error)
{
  if (libssh2_sftp_unlink_ex (self->sftp, remote, (unsigned int) strlen (remote)) == 0)
    return TRUE;
  tm_sftp_set_session_error (self, error, _("Removing a file"));
  return FALSE;
}
