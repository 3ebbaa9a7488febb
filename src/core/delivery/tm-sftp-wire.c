/* tm-sftp-wire.c: the bulk of an upload written by SFTP requests of
 * TuneMantra's own, on a second channel of the session
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libssh2 1.10 cuts what sftp_write is given into requests of 30,000 bytes,
 * copying each; the server writes each to its disk and answers each on its
 * own. Here a request carries as much as the server says it takes
 * (limits@openssh.com; 32 KiB when it does not say, at most 256 KiB), cut at
 * file offsets that are multiples of that size, so that the server fills its
 * page cache in large aligned pieces and answers a few times per mebibyte;
 * only a request's header is copied. Measured on loopback (docs/testing.md):
 * sshd's CPU for a 512 MiB upload went from 1.58 s to 1.14 s, as much as it
 * spends for OpenSSH's own sftp.
 *
 * It speaks SFTP version 3 (draft-ietf-secsh-filexfer-02), only what the bulk
 * of an upload needs: open an existing file for writing, write, close. The rest
 * of a session's SFTP (mkdir, stat, rename, fsync, reading) stays libssh2's.
 * Everything the server sends is bounded and checked: a reply is at most 64 KiB,
 * answers a request in flight, and is of the kind asked for; anything else ends
 * the upload with an error naming the server. Blocking, within the session's
 * timeout; cancelling shuts the socket down (tm-sftp.c). */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-delivery-error.h"
#include "tm-sftp-private.h"
#include "tm-text.h"

#define FXP_INIT            1
#define FXP_VERSION         2
#define FXP_OPEN            3
#define FXP_CLOSE           4
#define FXP_WRITE           6
#define FXP_FSTAT           8
#define FXP_STATUS          101
#define FXP_HANDLE          102
#define FXP_ATTRS           105
#define FXP_EXTENDED        200
#define FXP_EXTENDED_REPLY  201

#define FXF_WRITE           0x02

#define FILEXFER_ATTR_SIZE  0x01

#define FX_OK                0
#define FX_PERMISSION_DENIED 3

#define MAX_REPLY     (64 << 10)
#define MAX_HANDLE    256
#define CHUNK_DEFAULT (32 << 10)
#define CHUNK_MAX     (256 << 10)
/* A request's header and the first bytes of its data go in one SSH packet
 * (libssh2 sends at most 32,700 bytes a packet). */
#define FIRST_PACKET  32700

typedef struct
{
  guint32  id;
  guint32  length;   /* 0 for a flush */
  gboolean done;
} Request;

/* The data the caller gives is one stream; a run is where a part of it goes
 * in the file: from stream position @at on, at @offset and after. */
typedef struct
{
  guint64 at;
  guint64 offset;
} Run;

struct _TmSftpWire
{
  TmSftp          *sftp;      /* borrowed: the wire is its */
  LIBSSH2_CHANNEL *channel;
  gsize            chunk;
  gboolean         can_fsync;  /* fsync@openssh.com */
  guint32          next_id;
  GByteArray      *handle;    /* the open file's, or NULL */
  guint64          acked;     /* stream position: where the data the caller gives starts */
  guint64          sent;      /* stream position: the end of what was sent */
  GArray          *runs;      /* Run, by @at; the one @sent is in from runs_head */
  guint            runs_head;
  GArray          *flight;    /* Request, in the order of their offsets, from flight_head */
  guint            flight_head;
  guint8          *reply;     /* MAX_REPLY */
  gsize            reply_length;
  GByteArray      *packet;    /* a request being made */
  guint32          finish_ids[3]; /* fsync (0: not asked), fstat, close */
};

/* Errors */

static gboolean
channel_error (TmSftpWire  *self,
               GError     **error)
{
  tm_sftp_set_session_error (self->sftp, error, _("Uploading"));
  return FALSE;
}

/* The server said something an SFTP server does not. */
static gboolean
protocol_error (TmSftpWire  *self,
                const char  *what,
                GError     **error)
{
  GError *wrong = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE,
                               _("%s answered an upload with something SFTP does not say (%s)."),
                               self->sftp->host, what);

  tm_delivery_error_set_hint (wrong, _("TuneMantra tries again later; if it goes on, tell the "
                                       "platform."));
  g_propagate_error (error, wrong);
  return FALSE;
}

/* Writing requests */

static void
put_u32 (GByteArray *packet,
         guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  g_byte_array_append (packet, (const guint8 *) &be, 4);
}

static void
put_u64 (GByteArray *packet,
         guint64     value)
{
  guint64 be = GUINT64_TO_BE (value);

  g_byte_array_append (packet, (const guint8 *) &be, 8);
}

static void
put_string (GByteArray   *packet,
            const guint8 *data,
            gsize         length)
{
  put_u32 (packet, (guint32) length);
  g_byte_array_append (packet, data, (guint) length);
}

/* Starts a request of @type in self->packet; its length is set by send_packet(). */
static void
begin (TmSftpWire *self,
       guint8      type)
{
  g_byte_array_set_size (self->packet, 0);
  put_u32 (self->packet, 0);
  g_byte_array_append (self->packet, &type, 1);
}

static gboolean
send_all (TmSftpWire    *self,
          const guint8  *data,
          gsize          length,
          GError       **error)
{
  while (length > 0)
    {
      ssize_t n = libssh2_channel_write (self->channel, (const char *) data, length);

      if (n <= 0)
        return channel_error (self, error);
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Sends self->packet, followed by @extra bytes that the length counts too. */
static gboolean
send_packet (TmSftpWire    *self,
             gsize          extra,
             GError       **error)
{
  guint32 be = GUINT32_TO_BE ((guint32) (self->packet->len - 4 + extra));

  memcpy (self->packet->data, &be, 4);
  return send_all (self, self->packet->data, self->packet->len, error);
}

/* Reading replies */

static gboolean
read_exactly (TmSftpWire  *self,
              guint8      *buffer,
              gsize        length,
              GError     **error)
{
  while (length > 0)
    {
      ssize_t n = libssh2_channel_read (self->channel, (char *) buffer, length);

      if (n < 0)
        return channel_error (self, error);
      if (n == 0)
        {
          if (libssh2_channel_eof (self->channel))
            return protocol_error (self, _("it closed the channel"), error);
          continue;
        }
      buffer += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* One reply into self->reply (its type first). */
static gboolean
read_reply (TmSftpWire  *self,
            GError     **error)
{
  guint32 be;
  gsize length;

  if (!read_exactly (self, (guint8 *) &be, 4, error))
    return FALSE;
  length = GUINT32_FROM_BE (be);
  if (length < 1 || length > MAX_REPLY)
    return protocol_error (self, _("a reply of an impossible length"), error);
  if (!read_exactly (self, self->reply, length, error))
    return FALSE;
  self->reply_length = length;
  return TRUE;
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;
} Reader;

static guint32
get_u32 (Reader *r)
{
  guint32 be;

  if (!r->ok || r->end - r->p < 4)
    {
      r->ok = FALSE;
      return 0;
    }
  memcpy (&be, r->p, 4);
  r->p += 4;
  return GUINT32_FROM_BE (be);
}

static guint64
get_u64 (Reader *r)
{
  guint64 high = get_u32 (r);

  return (high << 32) | get_u32 (r);
}

static const guint8 *
get_string (Reader *r,
            gsize  *length)
{
  guint32 n = get_u32 (r);
  const guint8 *s = r->p;

  if (!r->ok || (gsize) (r->end - r->p) < n)
    {
      r->ok = FALSE;
      *length = 0;
      return NULL;
    }
  r->p += n;
  *length = n;
  return s;
}

/* A reply's type and a reader after it (and after its id, for all but VERSION). */
static guint8
reply_type (TmSftpWire *self,
            Reader     *r,
            guint32    *id)
{
  r->p = self->reply + 1;
  r->end = self->reply + self->reply_length;
  r->ok = TRUE;
  *id = self->reply[0] != FXP_VERSION ? get_u32 (r) : 0;
  return self->reply[0];
}

/* A STATUS reply that is not OK as an error; TRUE for OK. */
static gboolean
check_status (TmSftpWire  *self,
              Reader      *r,
              const char  *doing,
              GError     **error)
{
  guint32 code = get_u32 (r);
  gsize length = 0;
  const guint8 *text;
  g_autofree char *raw = NULL;
  g_autofree char *message = NULL;

  if (!r->ok)
    return protocol_error (self, _("a status without its code"), error);
  if (code == FX_OK)
    return TRUE;
  /* The message is optional in version 3 servers of old. */
  text = get_string (r, &length);
  raw = text != NULL ? g_strndup ((const char *) text, length) : NULL;
  message = tm_text_from_outside (raw != NULL && *raw != '\0' ? raw : NULL, 200);
  g_set_error (error, TM_DELIVERY_ERROR,
               code == FX_PERMISSION_DENIED ? TM_DELIVERY_ERROR_REMOTE_STORAGE
                                            : TM_DELIVERY_ERROR_UNKNOWN,
               _("%s on %s: the server refused (%s, SFTP status %u)."), doing,
               self->sftp->host, message != NULL ? message : _("it gave no reason"), code);
  return FALSE;
}

/* For a request that is the only one in flight: its reply, which is of @type
 * (or a STATUS that says why not); @r is left after the reply's id. */
static gboolean
expect_reply (TmSftpWire  *self,
              guint32      id,
              guint8       type,
              Reader      *r,
              const char  *doing,
              GError     **error)
{
  guint32 got_id;
  guint8 got;

  if (!read_reply (self, error))
    return FALSE;
  got = reply_type (self, r, &got_id);
  if (!r->ok || got_id != id)
    return protocol_error (self, _("a reply to a request it was not asked"), error);
  if (got == FXP_STATUS)
    {
      if (!check_status (self, r, doing, error))
        return FALSE;
      if (type != FXP_STATUS)
        return protocol_error (self, _("a status where other news was due"), error);
      return TRUE;
    }
  if (got != type)
    return protocol_error (self, _("a reply of an unexpected kind"), error);
  return TRUE;
}

/* The channel */

static gboolean
start (TmSftpWire  *self,
       GError     **error)
{
  Reader r;
  guint32 id;
  gboolean limits = FALSE;

  /* INIT, version 3; the VERSION reply names the extensions. */
  begin (self, FXP_INIT);
  put_u32 (self->packet, 3);
  if (!send_packet (self, 0, error) || !read_reply (self, error))
    return FALSE;
  if (reply_type (self, &r, &id) != FXP_VERSION || get_u32 (&r) < 3 || !r.ok)
    return protocol_error (self, _("no SFTP version 3"), error);
  while (r.ok && r.p < r.end)
    {
      gsize name_length, data_length;
      const guint8 *name = get_string (&r, &name_length);

      get_string (&r, &data_length);
      if (r.ok && name_length == strlen ("limits@openssh.com")
          && memcmp (name, "limits@openssh.com", name_length) == 0)
        limits = TRUE;
      if (r.ok && name_length == strlen ("fsync@openssh.com")
          && memcmp (name, "fsync@openssh.com", name_length) == 0)
        self->can_fsync = TRUE;
    }

  self->chunk = CHUNK_DEFAULT;
  if (limits)
    {
      guint64 max_write;

      begin (self, FXP_EXTENDED);
      put_u32 (self->packet, id = self->next_id++);
      put_string (self->packet, (const guint8 *) "limits@openssh.com",
                  strlen ("limits@openssh.com"));
      if (!send_packet (self, 0, error)
          || !expect_reply (self, id, FXP_EXTENDED_REPLY, &r, _("Uploading"), error))
        return FALSE;
      get_u64 (&r);   /* packet */
      get_u64 (&r);   /* read */
      max_write = get_u64 (&r);
      if (!r.ok)
        return protocol_error (self, _("limits cut short"), error);
      /* The largest power of two it takes (aligned pieces fill pages whole);
       * 0 says nothing. A server that takes less than a page is left to
       * libssh2's writes. */
      if (max_write >= CHUNK_DEFAULT)
        {
          self->chunk = CHUNK_DEFAULT;
          while (self->chunk * 2 <= MIN (max_write, (guint64) CHUNK_MAX))
            self->chunk *= 2;
        }
      else if (max_write >= 4096)
        self->chunk = (gsize) max_write;
      else if (max_write > 0)
        return protocol_error (self, _("writes smaller than a page"), error);
    }
  return TRUE;
}

/**
 * tm_sftp_wire_new:
 *
 * Opens a second channel on @sftp's session with an SFTP server of its own.
 * Fails when the server gives no second channel (its MaxSessions), which is
 * not an error for the upload: libssh2's writes are used instead.
 */
TmSftpWire *
tm_sftp_wire_new (TmSftp  *sftp,
                  GError **error)
{
  TmSftpWire *self = g_new0 (TmSftpWire, 1);

  self->sftp = sftp;
  self->next_id = 1;
  self->flight = g_array_new (FALSE, FALSE, sizeof (Request));
  self->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  self->reply = g_malloc (MAX_REPLY);
  self->packet = g_byte_array_sized_new (FIRST_PACKET);

  self->channel = libssh2_channel_open_session (sftp->session);
  if (self->channel == NULL)
    {
      channel_error (self, error);
      tm_sftp_wire_free (self);
      return NULL;
    }
  /* What it says on stderr is never read, so never kept. */
  libssh2_channel_handle_extended_data2 (self->channel, LIBSSH2_CHANNEL_EXTENDED_DATA_IGNORE);
  if (libssh2_channel_subsystem (self->channel, "sftp") != 0)
    {
      channel_error (self, error);
      tm_sftp_wire_free (self);
      return NULL;
    }
  if (!start (self, error))
    {
      tm_sftp_wire_free (self);
      return NULL;
    }
  g_debug ("%s: a channel of its own for writes, %" G_GSIZE_FORMAT " KiB a request",
           sftp->host, self->chunk >> 10);
  return self;
}

void
tm_sftp_wire_free (TmSftpWire *self)
{
  if (self == NULL)
    return;
  if (self->channel != NULL)
    libssh2_channel_free (self->channel);
  if (self->handle != NULL)
    g_byte_array_unref (self->handle);
  g_array_unref (self->flight);
  g_array_unref (self->runs);
  g_byte_array_unref (self->packet);
  g_free (self->reply);
  g_free (self);
}

gsize
tm_sftp_wire_get_chunk (TmSftpWire *self)
{
  return self->chunk;
}

/* Files */

/**
 * tm_sftp_wire_open:
 *
 * Opens @path, which exists, for writing at explicit offsets (from 0 until
 * tm_sftp_wire_seek()). One file at a time.
 */
gboolean
tm_sftp_wire_open (TmSftpWire  *self,
                   const char  *path,
                   GError     **error)
{
  Reader r;
  guint32 id = self->next_id++;
  gsize length;
  const guint8 *handle;

  g_return_val_if_fail (self->handle == NULL, FALSE);

  begin (self, FXP_OPEN);
  put_u32 (self->packet, id);
  put_string (self->packet, (const guint8 *) path, strlen (path));
  put_u32 (self->packet, FXF_WRITE);
  put_u32 (self->packet, 0);   /* no attributes */
  if (!send_packet (self, 0, error)
      || !expect_reply (self, id, FXP_HANDLE, &r, _("Opening the file being uploaded"), error))
    return FALSE;
  handle = get_string (&r, &length);
  if (!r.ok || length == 0 || length > MAX_HANDLE)
    return protocol_error (self, _("a file handle that cannot be one"), error);
  self->handle = g_byte_array_new ();
  g_byte_array_append (self->handle, handle, (guint) length);
  self->acked = self->sent = 0;
  g_array_set_size (self->flight, 0);
  self->flight_head = 0;
  g_array_set_size (self->runs, 0);
  self->runs_head = 0;
  tm_sftp_wire_seek (self, 0, 0);
  return TRUE;
}

/**
 * tm_sftp_wire_seek:
 * @pending: how many bytes after the acknowledged ones still go where the
 *   data went so far (given to a write, or to be given)
 * @offset: where the bytes after those go in the file
 *
 * Where the data goes next, without waiting for what is in flight: the
 * caller keeps giving one stream of bytes, and the requests made from the
 * bytes after the first @pending carry @offset on.
 */
void
tm_sftp_wire_seek (TmSftpWire *self,
                   guint64     pending,
                   guint64     offset)
{
  Run run = { self->acked + pending, offset };

  /* Bytes already sent cannot go elsewhere. */
  g_return_if_fail (run.at >= self->sent);

  if (self->runs->len > self->runs_head
      && g_array_index (self->runs, Run, self->runs->len - 1).at == run.at)
    g_array_index (self->runs, Run, self->runs->len - 1).offset = offset;
  else
    g_array_append_val (self->runs, run);
}

/* A flush the server could not do is not a failure: its refusal is only told. */
static void
flush_answered (TmSftpWire *self,
                Reader     *r)
{
  g_autoptr(GError) refused = NULL;

  if (!check_status (self, r, _("Uploading"), &refused))
    g_debug ("%s: %s", self->sftp->host, refused->message);
}

/* Waits for replies until the first request in flight is answered. */
static gboolean
answer_first (TmSftpWire  *self,
              GError     **error)
{
  Request *first = &g_array_index (self->flight, Request, self->flight_head);

  while (!first->done)
    {
      Reader r;
      guint32 id;
      guint i;

      if (!read_reply (self, error))
        return FALSE;
      if (reply_type (self, &r, &id) != FXP_STATUS || !r.ok)
        return protocol_error (self, _("a reply to a write that is not a status"), error);
      /* Servers answer in order; one that does not is followed all the same. */
      for (i = self->flight_head; i < self->flight->len; i++)
        if (g_array_index (self->flight, Request, i).id == id
            && !g_array_index (self->flight, Request, i).done)
          break;
      if (i == self->flight->len)
        return protocol_error (self, _("a reply to a request it was not asked"), error);
      /* A flush the server could not do is not a failure (the fsync after the
       * last byte is asked again, on the session's own channel). */
      if (g_array_index (self->flight, Request, i).length == 0)
        flush_answered (self, &r);
      else if (!check_status (self, &r, _("Uploading"), error))
        return FALSE;
      g_array_index (self->flight, Request, i).done = TRUE;
    }
  return TRUE;
}

/**
 * tm_sftp_wire_write:
 * @data: the stream's bytes from where the last call's acknowledged ones
 *   ended: those not acknowledged yet, then any new ones (where each goes in
 *   the file is the seeks')
 *
 * Like libssh2_sftp_write(): sends what of @data was not sent yet, in
 * requests of the server's size, then waits until the first of those in flight
 * is acknowledged.
 *
 * Returns: how many bytes from the start of @data the server acknowledged
 *   (more than 0), or -1 with @error set
 */
gssize
tm_sftp_wire_write (TmSftpWire    *self,
                    const guint8  *data,
                    gsize          length,
                    GError       **error)
{
  guint64 end = self->acked + length;
  guint64 acked = 0;

  g_return_val_if_fail (self->handle != NULL, -1);
  g_return_val_if_fail (length > 0, -1);

  while (self->sent < end)
    {
      const Run *run;
      guint64 stop, offset;
      gsize n;
      const guint8 *from = data + (self->sent - self->acked);
      Request request = { 0, 0, FALSE };
      gsize first;

      /* The run the next byte is in; those before it are not needed again. */
      while (self->runs_head + 1 < self->runs->len
             && g_array_index (self->runs, Run, self->runs_head + 1).at <= self->sent)
        self->runs_head++;
      if (self->runs_head >= 64)
        {
          g_array_remove_range (self->runs, 0, self->runs_head);
          self->runs_head = 0;
        }
      run = &g_array_index (self->runs, Run, self->runs_head);
      /* Up to the run's end and the next multiple of the chunk in the file. */
      stop = self->runs_head + 1 < self->runs->len
             ? MIN (end, g_array_index (self->runs, Run, self->runs_head + 1).at) : end;
      offset = run->offset + (self->sent - run->at);
      n = (gsize) MIN (stop - self->sent, (offset / self->chunk + 1) * self->chunk - offset);
      request.id = self->next_id++;
      request.length = (guint32) n;

      begin (self, FXP_WRITE);
      put_u32 (self->packet, request.id);
      put_string (self->packet, self->handle->data, self->handle->len);
      put_u64 (self->packet, offset);
      put_u32 (self->packet, (guint32) n);
      /* The header and the data's first bytes in one packet; the rest straight
       * from @data. */
      first = MIN (n, FIRST_PACKET - self->packet->len);
      g_byte_array_append (self->packet, from, (guint) first);
      if (!send_packet (self, n - first, error)
          || !send_all (self, from + first, n - first, error))
        return -1;
      g_array_append_val (self->flight, request);
      self->sent += n;
    }

  /* Flushes carry no bytes: until some bytes are acknowledged. */
  while (acked == 0 && self->flight_head < self->flight->len)
    {
      if (!answer_first (self, error))
        return -1;
      while (self->flight_head < self->flight->len
             && g_array_index (self->flight, Request, self->flight_head).done)
        acked += g_array_index (self->flight, Request, self->flight_head++).length;
    }
  /* What was answered leaves the array now and then, not at every reply. */
  if (self->flight_head == self->flight->len)
    {
      g_array_set_size (self->flight, 0);
      self->flight_head = 0;
    }
  else if (self->flight_head >= 256)
    {
      g_array_remove_range (self->flight, 0, self->flight_head);
      self->flight_head = 0;
    }
  self->acked += acked;
  return (gssize) acked;
}

/* Asks for the open file to be flushed to the server's disk (fsync@openssh.com). */
static gboolean
send_fsync (TmSftpWire  *self,
            guint32      id,
            GError     **error)
{
  begin (self, FXP_EXTENDED);
  put_u32 (self->packet, id);
  put_string (self->packet, (const guint8 *) "fsync@openssh.com", strlen ("fsync@openssh.com"));
  put_string (self->packet, self->handle->data, self->handle->len);
  return send_packet (self, 0, error);
}

/**
 * tm_sftp_wire_flush:
 *
 * Asks the server to flush the file to its disk (fsync@openssh.com), in line
 * with the writes: the answer comes with theirs, and writing goes on.
 *
 * Returns: whether the server was asked (it has the extension)
 */
gboolean
tm_sftp_wire_flush (TmSftpWire  *self,
                    GError     **error)
{
  Request request = { 0, 0, FALSE };

  g_return_val_if_fail (self->handle != NULL, FALSE);

  if (!self->can_fsync)
    return FALSE;
  request.id = self->next_id++;
  if (!send_fsync (self, request.id, error))
    return FALSE;
  g_array_append_val (self->flight, request);
  return TRUE;
}

/* Waits for every request in flight; FALSE with @error if one failed. */
static gboolean
answer_all (TmSftpWire  *self,
            GError     **error)
{
  while (self->flight_head < self->flight->len)
    {
      if (!answer_first (self, error))
        return FALSE;
      self->flight_head++;
    }
  g_array_set_size (self->flight, 0);
  self->flight_head = 0;
  return TRUE;
}

static gboolean
send_handle_request (TmSftpWire  *self,
                     guint8       type,
                     guint32      id,
                     GError     **error)
{
  begin (self, type);
  put_u32 (self->packet, id);
  put_string (self->packet, self->handle->data, self->handle->len);
  return send_packet (self, 0, error);
}

/* The file is closed (or given up): the wire holds nothing of it. */
static void
drop_file (TmSftpWire *self)
{
  g_clear_pointer (&self->handle, g_byte_array_unref);
  memset (self->finish_ids, 0, sizeof self->finish_ids);
}

/**
 * tm_sftp_wire_finish_send:
 *
 * Waits for every write in flight, then asks at once for the file to be
 * flushed to the server's disk (where it offers fsync@openssh.com), for its
 * size, and for it to be closed: one round trip for the three, whose answers
 * tm_sftp_wire_finish_read() reads. The session's other channels may be used
 * between the two.
 */
gboolean
tm_sftp_wire_finish_send (TmSftpWire  *self,
                          GError     **error)
{
  g_return_val_if_fail (self->handle != NULL, FALSE);

  memset (self->finish_ids, 0, sizeof self->finish_ids);
  if (!answer_all (self, error))
    goto failed;
  if (self->can_fsync)
    {
      self->finish_ids[0] = self->next_id++;
      if (!send_fsync (self, self->finish_ids[0], error))
        goto failed;
    }
  self->finish_ids[1] = self->next_id++;
  self->finish_ids[2] = self->next_id++;
  if (!send_handle_request (self, FXP_FSTAT, self->finish_ids[1], error)
      || !send_handle_request (self, FXP_CLOSE, self->finish_ids[2], error))
    goto failed;
  return TRUE;

failed:
  drop_file (self);
  return FALSE;
}

/**
 * tm_sftp_wire_finish_read:
 * @size: (out): the file's size on the server, or -1 if it did not say
 *
 * The answers to tm_sftp_wire_finish_send(). A flush the server could not do
 * is not a failure. The file is closed either way; the wire stays open for
 * the next one, unless this failed.
 */
gboolean
tm_sftp_wire_finish_read (TmSftpWire  *self,
                          gint64      *size,
                          GError     **error)
{
  Reader r;
  gboolean ok = FALSE;

  g_return_val_if_fail (self->handle != NULL && self->finish_ids[1] != 0, FALSE);

  *size = -1;
  if (self->finish_ids[0] != 0)
    {
      guint32 id;
      guint8 type;

      if (!read_reply (self, error))
        goto out;
      type = reply_type (self, &r, &id);
      if (!r.ok || id != self->finish_ids[0])
        {
          protocol_error (self, _("a reply to a request it was not asked"), error);
          goto out;
        }
      if (type != FXP_STATUS)
        {
          protocol_error (self, _("a reply of an unexpected kind"), error);
          goto out;
        }
      flush_answered (self, &r);
    }
  if (!expect_reply (self, self->finish_ids[1], FXP_ATTRS, &r, _("Checking the file uploaded"),
                     error))
    goto out;
  {
    guint32 flags = get_u32 (&r);
    guint64 value = flags & FILEXFER_ATTR_SIZE ? get_u64 (&r) : 0;

    if (!r.ok || value > G_MAXINT64)
      {
        protocol_error (self, _("attributes that cannot be read"), error);
        goto out;
      }
    if (flags & FILEXFER_ATTR_SIZE)
      *size = (gint64) value;
  }
  ok = expect_reply (self, self->finish_ids[2], FXP_STATUS, &r, _("Closing the file uploaded"),
                     error);

out:
  drop_file (self);
  return ok;
}

/**
 * tm_sftp_wire_close:
 *
 * Waits for every write in flight, then closes the file. The wire stays
 * open for the next one, unless this failed.
 */
gboolean
tm_sftp_wire_close (TmSftpWire  *self,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Reader r;
  guint32 id;

  if (self->handle == NULL)
    return TRUE;
  if (answer_all (self, &local_error)
      && send_handle_request (self, FXP_CLOSE, id = self->next_id++, &local_error))
    expect_reply (self, id, FXP_STATUS, &r, _("Closing the file uploaded"), &local_error);
  g_clear_pointer (&self->handle, g_byte_array_unref);
  g_array_set_size (self->flight, 0);
  self->flight_head = 0;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
