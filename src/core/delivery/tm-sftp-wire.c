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
#define FXP_MKDIR           14
#define FXP_STAT            17
#define FXP_STATUS          101
#define FXP_HANDLE          102
#define FXP_ATTRS           105
#define FXP_EXTENDED        200
#define FXP_EXTENDED_REPLY  201

#define FXF_WRITE           0x02
#define FXF_CREAT           0x08
#define FXF_TRUNC           0x10

#define FILEXFER_ATTR_SIZE  0x01
#define FILEXFER_ATTR_UIDGID 0x02
#define FILEXFER_ATTR_PERMISSIONS 0x04

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
  guint32  length;   /* a write's bytes; 0 for the others */
  guint8   kind;     /* FXP_WRITE, FXP_EXTENDED (a flush), FXP_FSTAT, FXP_CLOSE,
                      * FXP_MKDIR or FXP_STAT */
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
  GArray          *flight;    /* Request, in the order they were sent, from flight_head */
  guint            flight_head;
  guint8          *reply;     /* MAX_REPLY */
  gsize            reply_length;
  GByteArray      *packet;    /* a request being made */
  gint64           size_said; /* by the answer to FSTAT, or -1 */
  guint            not_folders; /* STATs answered with something else than a folder */
  gint64           rtt_usec;  /* the shortest of its start's exchanges */
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

  gint64 before = g_get_monotonic_time ();

  /* INIT, version 3; the VERSION reply names the extensions. The server is
   * running when its channel is (its subsystem started): each exchange here
   * is a round trip, and the session's is the shortest. */
  begin (self, FXP_INIT);
  put_u32 (self->packet, 3);
  if (!send_packet (self, 0, error) || !read_reply (self, error))
    return FALSE;
  self->rtt_usec = g_get_monotonic_time () - before;
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

      before = g_get_monotonic_time ();
      begin (self, FXP_EXTENDED);
      put_u32 (self->packet, id = self->next_id++);
      put_string (self->packet, (const guint8 *) "limits@openssh.com",
                  strlen ("limits@openssh.com"));
      if (!send_packet (self, 0, error)
          || !expect_reply (self, id, FXP_EXTENDED_REPLY, &r, _("Uploading"), error))
        return FALSE;
      self->rtt_usec = MIN (self->rtt_usec, g_get_monotonic_time () - before);
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

/* The round trip inside SSH, as its start measured it. */
gint64
tm_sftp_wire_get_rtt (TmSftpWire *self)
{
  return self->rtt_usec;
}

/* Files */

/**
 * tm_sftp_wire_open:
 *
 * @how: whether @path must be there, is made if it is not (never emptied
 *   if it is), or is made or emptied
 *
 * Opens @path for writing at explicit offsets (from 0 until
 * tm_sftp_wire_seek()). One file at a time.
 */
gboolean
tm_sftp_wire_open (TmSftpWire      *self,
                   const char      *path,
                   TmSftpWireOpen   how,
                   GError         **error)
{
  Reader r;
  guint32 id = self->next_id++;
  gsize length;
  const guint8 *handle;

  g_return_val_if_fail (self->handle == NULL, FALSE);

  begin (self, FXP_OPEN);
  put_u32 (self->packet, id);
  put_string (self->packet, (const guint8 *) path, strlen (path));
  put_u32 (self->packet, FXF_WRITE | (how != TM_SFTP_WIRE_EXISTING ? FXF_CREAT : 0)
                         | (how == TM_SFTP_WIRE_REPLACE ? FXF_TRUNC : 0));
  if (how != TM_SFTP_WIRE_EXISTING)
    {
      /* Made readable by its owner alone, as libssh2's are. */
      put_u32 (self->packet, 0x04);   /* SSH_FILEXFER_ATTR_PERMISSIONS */
      put_u32 (self->packet, 0600);
    }
  else
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

/* Reads one reply, and takes it as the answer to its request in flight. */
static gboolean
answer_one (TmSftpWire  *self,
            GError     **error)
{
  Request *request = NULL;
  Reader r;
  guint32 id;
  guint8 type;

  if (!read_reply (self, error))
    return FALSE;
  type = reply_type (self, &r, &id);
  /* Servers answer in order; one that does not is followed all the same. */
  for (guint i = self->flight_head; r.ok && i < self->flight->len; i++)
    if (g_array_index (self->flight, Request, i).id == id
        && !g_array_index (self->flight, Request, i).done)
      {
        request = &g_array_index (self->flight, Request, i);
        break;
      }
  if (request == NULL)
    return protocol_error (self, _("a reply to a request it was not asked"), error);
  request->done = TRUE;

  if (request->kind == FXP_FSTAT || request->kind == FXP_STAT)
    {
      guint32 flags, permissions = 0;
      guint64 value;

      /* A folder that is not there, whatever the server says why. */
      if (type == FXP_STATUS && request->kind == FXP_STAT)
        {
          self->not_folders++;
          return TRUE;
        }
      if (type == FXP_STATUS)
        return check_status (self, &r, _("Checking the file uploaded"), error)
               && protocol_error (self, _("a status where other news was due"), error);
      if (type != FXP_ATTRS)
        return protocol_error (self, _("a reply of an unexpected kind"), error);
      flags = get_u32 (&r);
      value = flags & FILEXFER_ATTR_SIZE ? get_u64 (&r) : 0;
      if (flags & FILEXFER_ATTR_UIDGID)
        get_u64 (&r);
      if (flags & FILEXFER_ATTR_PERMISSIONS)
        permissions = get_u32 (&r);
      if (!r.ok || value > G_MAXINT64)
        return protocol_error (self, _("attributes that cannot be read"), error);
      if (request->kind == FXP_STAT && (permissions & 0170000) != 0040000)
        self->not_folders++;
      if (request->kind == FXP_FSTAT && (flags & FILEXFER_ATTR_SIZE))
        self->size_said = (gint64) value;
      return TRUE;
    }
  /* A folder that is there already is not a failure; its STAT says. */
  if (request->kind == FXP_MKDIR && type == FXP_STATUS)
    return TRUE;
  if (type != FXP_STATUS)
    return protocol_error (self, request->kind == FXP_WRITE
                                 ? _("a reply to a write that is not a status")
                                 : _("a reply of an unexpected kind"), error);
  /* A flush the server could not do is not a failure (the fsync after the
   * last byte is asked again). */
  if (request->kind == FXP_EXTENDED)
    {
      flush_answered (self, &r);
      return TRUE;
    }
  return check_status (self, &r, request->kind == FXP_CLOSE ? _("Closing the file uploaded")
                                                            : _("Uploading"), error);
}

/* Waits for replies until the first request in flight is answered. */
static gboolean
answer_first (TmSftpWire  *self,
              GError     **error)
{
  while (!g_array_index (self->flight, Request, self->flight_head).done)
    if (!answer_one (self, error))
      return FALSE;
  return TRUE;
}

/* Sends what of @data (from the acknowledged bytes on) was not sent yet. */
static gboolean
send_writes (TmSftpWire    *self,
             const guint8  *data,
             gsize          length,
             GError       **error)
{
  guint64 end = self->acked + length;

  while (self->sent < end)
    {
      const Run *run;
      guint64 stop, offset;
      gsize n;
      const guint8 *from = data + (self->sent - self->acked);
      Request request = { 0, 0, FXP_WRITE, FALSE };
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
        return FALSE;
      g_array_append_val (self->flight, request);
      self->sent += n;
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
  guint64 acked = 0;

  g_return_val_if_fail (self->handle != NULL, -1);
  g_return_val_if_fail (length > 0, -1);

  if (!send_writes (self, data, length, error))
    return -1;

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

/* Asks about the open file: to flush it to the server's disk
 * (FXP_EXTENDED: fsync@openssh.com), for its attributes, or to close it. The
 * answer is read with the writes'. */
static gboolean
ask (TmSftpWire  *self,
     guint8       kind,
     GError     **error)
{
  Request request = { self->next_id++, 0, kind, FALSE };

  begin (self, kind);
  put_u32 (self->packet, request.id);
  if (kind == FXP_EXTENDED)
    put_string (self->packet, (const guint8 *) "fsync@openssh.com",
                strlen ("fsync@openssh.com"));
  put_string (self->packet, self->handle->data, self->handle->len);
  if (!send_packet (self, 0, error))
    return FALSE;
  g_array_append_val (self->flight, request);
  return TRUE;
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
  g_return_val_if_fail (self->handle != NULL, FALSE);

  return self->can_fsync && ask (self, FXP_EXTENDED, error);
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

/* The file is closed (or given up): the wire holds nothing of it. */
static void
drop_file (TmSftpWire *self)
{
  g_clear_pointer (&self->handle, g_byte_array_unref);
  g_array_set_size (self->flight, 0);
  self->flight_head = 0;
}

/**
 * tm_sftp_wire_finish_send:
 *
 * Asks at once, behind the writes in flight, for the file to be flushed to
 * the server's disk (where it offers fsync@openssh.com), for its size, and for
 * it to be closed: one round trip for the three, whose answers (and the
 * writes') tm_sftp_wire_finish_read() reads. The session's other channels
 * may be used between the two.
 */
gboolean
tm_sftp_wire_finish_send (TmSftpWire  *self,
                          GError     **error)
{
  g_return_val_if_fail (self->handle != NULL, FALSE);

  self->size_said = -1;
  if ((self->can_fsync && !ask (self, FXP_EXTENDED, error))
      || !ask (self, FXP_FSTAT, error)
      || !ask (self, FXP_CLOSE, error))
    {
      drop_file (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * tm_sftp_wire_finish_read:
 * @size: (out): the file's size on the server, or -1 if it did not say
 *
 * The answers to the writes in flight and to tm_sftp_wire_finish_send(). A
 * flush the server could not do is not a failure; a write that failed is. The
 * file is closed either way; the wire stays open for the next one, unless
 * this failed.
 */
gboolean
tm_sftp_wire_finish_read (TmSftpWire  *self,
                          gint64      *size,
                          GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (self->handle != NULL, FALSE);

  ok = answer_all (self, error);
  *size = ok ? self->size_said : -1;
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
  gboolean ok;

  if (self->handle == NULL)
    return TRUE;
  ok = answer_all (self, error) && ask (self, FXP_CLOSE, error) && answer_all (self, error);
  drop_file (self);
  return ok;
}

/**
 * tm_sftp_wire_put:
 * @size: (out): the file's size on the server once written, or -1 if it did
 *   not say
 *
 * Writes @path whole, made or emptied first, in two round trips: the open,
 * then the writes, the flush to the server's disk, the size and the close,
 * all asked at once. For small files: every byte is sent before any answer
 * is read.
 */
gboolean
tm_sftp_wire_put (TmSftpWire    *self,
                  const char    *path,
                  const guint8  *data,
                  gsize          length,
                  gint64        *size,
                  GError       **error)
{
  *size = -1;
  if (!tm_sftp_wire_open (self, path, TM_SFTP_WIRE_REPLACE, error))
    return FALSE;
  if (length > 0 && !send_writes (self, data, length, error))
    {
      drop_file (self);
      return FALSE;
    }
  return tm_sftp_wire_finish_send (self, error) && tm_sftp_wire_finish_read (self, size, error);
}

/**
 * tm_sftp_wire_mkdirs:
 * @paths: folders, each after those it is in
 *
 * Makes the folders that are not there, and checks that all are, in one round
 * trip: a MKDIR for each, then a STAT for each, all asked at once. No file may
 * be open.
 *
 * Returns: whether each is a folder now; %FALSE without @error when one is not
 *   (or the server did not make them in order), for libssh2's mkdir to say why;
 *   with @error when the channel failed
 */
gboolean
tm_sftp_wire_mkdirs (TmSftpWire          *self,
                     const char * const  *paths,
                     guint                n_paths,
                     GError             **error)
{
  g_return_val_if_fail (self->handle == NULL, FALSE);

  self->not_folders = 0;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_paths; i++)
      {
        Request request = { self->next_id++, 0, pass == 0 ? FXP_MKDIR : FXP_STAT, FALSE };

        begin (self, request.kind);
        put_u32 (self->packet, request.id);
        put_string (self->packet, (const guint8 *) paths[i], strlen (paths[i]));
        if (pass == 0)
          {
            put_u32 (self->packet, FILEXFER_ATTR_PERMISSIONS);
            put_u32 (self->packet, 0700);
          }
        if (!send_packet (self, 0, error))
          return FALSE;
        g_array_append_val (self->flight, request);
      }
  return answer_all (self, error) && self->not_folders == 0;
}
