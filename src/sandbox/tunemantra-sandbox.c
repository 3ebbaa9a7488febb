/* tunemantra-sandbox.c: the Delivery API (docs/delivery-api.md) on loopback, for tests
 * and for a first delivery without any account
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Everything is kept under --data: uploads/<id>.bin with uploads/<id>.json,
 * releases.json (releases, idempotency keys, tokens), and credentials.json (the
 * access and refresh tokens, for `platform add --token-file`), written atomically
 * after each change, so the sandbox can be stopped and started again and an upload
 * resumed. Request bodies of uploads are written to disk as they arrive, never
 * held whole in memory. A joined upload (tus concatenation) keeps no bytes of
 * its own: its .json lists its parts. Switches make it misbehave on purpose.
 *
 * Connections are served on several threads, as a platform's servers do: the
 * main thread accepts each and hands it to the worker with the fewest requests
 * not yet answered (a SoupServer of its own, in its own main context), so uploads
 * sent at once are written at once. Everything the workers share (the uploads,
 * the state, the counters) is under one lock; an upload's bytes are written under
 * the upload's own, so that other uploads go on meanwhile. */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tm-json.h"
#include "tm-safe-file.h"

/* The sandbox's own state file; far above what a test or a demo makes. */
#define MAX_STATE_BYTES (64 << 20)

typedef struct _Patch Patch;

/* An upload. Its id, path, length, filename and sha256 never change; the rest is
 * under its lock, taken after the sandbox's when both are. */
typedef struct
{
  char       *id;
  char       *path;          /* the data file */
  gint64      length;
  char       *filename;
  char       *sha256;        /* hex, as announced */
  gboolean    partial;       /* a part of a file, to be joined (tus concatenation) */
  char      **parts;         /* a joined upload's parts, by id, in order: it keeps
                              * no bytes of its own, as object stores compose */
  GMutex      lock;
  gint64      offset;
  gboolean    complete;
  GChecksum  *checksum;      /* of bytes 0..offset, while this process has seen them all */
  Patch      *patch;         /* the PATCH writing it now */
} Upload;

/* A thread serving the connections handed to it. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  SoupServer   *server;
  gint          connections;   /* atomic: handed to it and not yet answered or gone */
} Worker;

/* A connection handed to a worker. */
typedef struct
{
  GSocket  *socket;
  Worker   *worker;
  guint     port;       /* the remote one, which names it */
  gboolean  counted;    /* out of its worker's count: answered, or gone */
} Conn;

typedef struct
{
  /* Options */
  char       *data_dir;
  int         port;
  char       *tls_cert;
  char       *tls_key;
  double      processing_after;
  double      live_after;
  char       *reject_code;
  char       *reject_detail;
  int         fail_status;
  int         fail_count;
  int         retry_after;
  gint64      drop_after;
  int         slow_ms;
  double      token_lifetime;
  gint64      max_upload_bytes;
  gboolean    skip_checksum;

  /* Serving */
  GSocket         *listener;
  GTlsCertificate *certificate;   /* HTTPS when set */
  Worker          *workers;
  guint            n_workers;
  guint            next_worker;   /* where the search for the least busy starts */

  /* State, under the lock */
  GMutex      lock;
  GHashTable *connections;    /* remote port → Conn (owned by its connection) */
  GHashTable *uploads;        /* id → Upload */
  JsonObject *state;          /* releases, idempotency, tokens */
  gint64      dropped;        /* bytes of uploads received since the last drop */
  gboolean    drop_done;
  guint       patches_open;   /* PATCH requests taking a body now */
  guint       most_patches;   /* the most at once, in DIR/most-uploads-at-once */
} Sandbox;

static Sandbox sandbox;

/* Persistence */

static char *
data_path (const char *first,
           ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, sandbox.data_dir);
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
save_json (const char *path,
           JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, TRUE);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text, -1, &error))
    g_warning ("Could not write %s: %s", path, error->message);
}

static JsonObject *
load_json (const char *path)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!(text = tm_read_file_bounded (path, MAX_STATE_BYTES, TM_OPEN_NOFOLLOW, &length, NULL)))
    return NULL;
  return tm_json_parse_object (text, length, path, NULL);
}

static void
save_state (void)
{
  g_autofree char *path = data_path ("releases.json", NULL);

  save_json (path, sandbox.state);
}

static JsonObject *
state_object (const char *name)
{
  if (!json_object_has_member (sandbox.state, name))
    json_object_set_object_member (sandbox.state, name, json_object_new ());
  return json_object_get_object_member (sandbox.state, name);
}

static void
upload_free (gpointer data)
{
  Upload *u = data;

  g_free (u->id);
  g_free (u->path);
  g_free (u->filename);
  g_free (u->sha256);
  g_strfreev (u->parts);
  g_clear_pointer (&u->checksum, g_checksum_free);
  g_mutex_clear (&u->lock);
  g_free (u);
}

static void
save_upload (Upload *u)
{
  g_autofree char *name = g_strconcat (u->id, ".json", NULL);
  g_autofree char *path = data_path ("uploads", name, NULL);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "length", u->length);
  json_object_set_string_member (o, "filename", u->filename);
  json_object_set_string_member (o, "sha256", u->sha256);
  json_object_set_boolean_member (o, "complete", u->complete);
  if (u->partial)
    json_object_set_boolean_member (o, "partial", TRUE);
  if (u->parts != NULL)
    {
      JsonArray *parts = json_array_new ();

      for (guint i = 0; u->parts[i] != NULL; i++)
        json_array_add_string_element (parts, u->parts[i]);
      json_object_set_array_member (o, "parts", parts);
    }
  save_json (path, o);
  json_object_unref (o);
}

static void
load_uploads (void)
{
  g_autofree char *dir_path = data_path ("uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) o = NULL;
      GStatBuf st;
      Upload *u;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if ((o = load_json (path)) == NULL)
        continue;
      u = g_new0 (Upload, 1);
      g_mutex_init (&u->lock);
      u->id = g_strndup (name, strlen (name) - 5);
      u->path = g_strdup_printf ("%s/%s.bin", dir_path, u->id);
      u->length = tm_json_int_or (o, "length", 0);
      u->filename = g_strdup (tm_json_string_or (o, "filename", ""));
      u->sha256 = g_strdup (tm_json_string_or (o, "sha256", ""));
      u->complete = tm_json_bool_or (o, "complete", FALSE);
      u->partial = tm_json_bool_or (o, "partial", FALSE);
      u->offset = g_stat (u->path, &st) == 0 ? st.st_size : 0;
      if (json_object_has_member (o, "parts")
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "parts")))
        {
          JsonArray *parts = json_object_get_array_member (o, "parts");
          GStrvBuilder *ids = g_strv_builder_new ();

          for (guint i = 0; i < json_array_get_length (parts); i++)
            if (JSON_NODE_HOLDS_VALUE (json_array_get_element (parts, i)))
              g_strv_builder_add (ids, json_array_get_string_element (parts, i));
          u->parts = g_strv_builder_end (ids);
          g_strv_builder_unref (ids);
          u->offset = u->length;
        }
      g_hash_table_insert (sandbox.uploads, u->id, u);
    }
}

/* Answers */

static void
answer_json (SoupServerMessage *msg,
             guint              status,
             const char        *content_type,
             JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
answer_object (SoupServerMessage *msg,
               guint              status,
               JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  answer_json (msg, status, "application/json", node);
}

/* An RFC 9457 problem document, with our `code` (a category of docs/status.md). */
static void
answer_problem (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *title,
                const char        *detail,
                const char        *field)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *type = g_strdup_printf ("https://tunemantra.invalid/problems/%s", code);
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "title", title);
  json_object_set_int_member (o, "status", status);
  json_object_set_string_member (o, "detail", detail != NULL ? detail : title);
  json_object_set_string_member (o, "code", code);
  if (field != NULL)
    json_object_set_string_member (o, "field", field);
  node = json_node_init_object (json_node_alloc (), json_object_ref (o));
  answer_json (msg, status, "application/problem+json", node);
}

static char *
random_token (void)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 4; i++)
    g_string_append_printf (s, "%08x", g_random_int ());
  return g_string_free (s, FALSE);
}

/* Tokens */

static void
new_access_token (void)
{
  JsonObject *tokens = state_object ("tokens");
  g_autofree char *access = random_token ();

  json_object_set_string_member (tokens, "access", access);
  json_object_set_int_member (tokens, "expires_at",
                              g_get_real_time () + (gint64) (sandbox.token_lifetime * G_USEC_PER_SEC));
  save_state ();
}

/* Returns TRUE when the request may go on; otherwise it was answered. */
static gboolean
authorised (SoupServerMessage *msg)
{
  JsonObject *tokens = state_object ("tokens");
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const char *access = tm_json_string_or (tokens, "access", "");

  if (header == NULL || !g_str_has_prefix (header, "Bearer ")
      || !g_str_equal (header + 7, access))
    {
      answer_problem (msg, 401, "auth_invalid", "Unknown credentials",
                      "The token is not one this sandbox gave out.", NULL);
      return FALSE;
    }
  if (g_get_real_time () >= tm_json_int_or (tokens, "expires_at", 0))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      answer_problem (msg, 401, "auth_expired", "Token expired",
                      "The access token has expired; refresh it.", NULL);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
request_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = body != NULL ? soup_message_body_flatten (body) : NULL;

  if (bytes == NULL)
    return NULL;
  return tm_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               "request", NULL);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  g_autoptr(JsonObject) body = request_object (msg);
  JsonObject *tokens = state_object ("tokens");
  g_autoptr(JsonObject) answer = json_object_new ();

  if (body == NULL
      || g_strcmp0 (tm_json_string_or (body, "grant_type", ""),
                    "refresh_token") != 0
      || g_strcmp0 (tm_json_string_or (body, "refresh_token", ""),
                    tm_json_string_or (tokens, "refresh", "")) != 0)
    {
      answer_problem (msg, 401, "auth_invalid", "Unknown refresh token", NULL, NULL);
      return;
    }

  new_access_token ();
  json_object_set_string_member (answer, "access_token",
                                 json_object_get_string_member (tokens, "access"));
  json_object_set_string_member (answer, "refresh_token",
                                 json_object_get_string_member (tokens, "refresh"));
  json_object_set_int_member (answer, "expires_in", (gint64) sandbox.token_lifetime);
  answer_object (msg, 200, answer);
}

static void
platform_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonObject *requirements = json_object_new ();
  JsonObject *rate = json_object_new ();

  if (!authorised (msg))
    return;

  json_object_set_int_member (requirements, "artwork.min_px", 1400);
  json_object_set_int_member (rate, "requests_per_minute", 600);
  json_object_set_string_member (answer, "name", "TuneMantra Sandbox");
  json_object_set_int_member (answer, "api_version", 1);
  json_object_set_object_member (answer, "requirements", requirements);
  json_object_set_int_member (answer, "max_upload_bytes", sandbox.max_upload_bytes);
  json_object_set_object_member (answer, "rate_limit", rate);
  answer_object (msg, 200, answer);
}

/* Uploads: tus 1.0 core and creation */

static void
tus_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
}

static char *
metadata_value (const char *metadata,
                const char *key)
{
  g_auto(GStrv) pairs = g_strsplit (metadata != NULL ? metadata : "", ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (pairs[i]), " ", 2);

      if (kv[0] != NULL && g_str_equal (kv[0], key) && kv[1] != NULL)
        {
          gsize len;
          guchar *raw = g_base64_decode (kv[1], &len);
          char *value = g_strndup ((char *) raw, len);

          g_free (raw);
          return value;
        }
    }
  return NULL;
}

/* A new upload, kept and told where it is. Under the sandbox's lock. */
static void
keep_upload (SoupServerMessage *msg,
             Upload            *u)
{
  g_autofree char *location = g_strdup_printf ("/v1/uploads/%s", u->id);

  save_upload (u);
  g_hash_table_insert (sandbox.uploads, u->id, u);
  tus_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                location);
  soup_server_message_set_status (msg, 201, NULL);
}

static void create_joined (SoupServerMessage *msg,
                           const char        *list);

static void
create_upload (SoupServerMessage *msg)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *length_text = soup_message_headers_get_one (in, "Upload-Length");
  const char *metadata = soup_message_headers_get_one (in, "Upload-Metadata");
  const char *concat = soup_message_headers_get_one (in, "Upload-Concat");
  g_autofree char *dir = data_path ("uploads", NULL);
  gint64 length = length_text != NULL ? g_ascii_strtoll (length_text, NULL, 10) : -1;
  Upload *u;

  if (concat != NULL && g_str_has_prefix (concat, "final;"))
    {
      create_joined (msg, concat + strlen ("final;"));
      return;
    }
  if (concat != NULL && !g_str_equal (concat, "partial"))
    {
      answer_problem (msg, 400, "metadata_invalid", "Upload-Concat is neither partial nor final",
                      NULL, NULL);
      return;
    }
  if (length < 0)
    {
      answer_problem (msg, 400, "metadata_invalid", "Upload-Length is missing", NULL, NULL);
      return;
    }
  if (length > sandbox.max_upload_bytes)
    {
      answer_problem (msg, 413, "content_format", "The file is too large",
                      "This platform takes files up to its max_upload_bytes.", NULL);
      return;
    }

  u = g_new0 (Upload, 1);
  g_mutex_init (&u->lock);
  u->id = random_token ();
  u->path = g_strdup_printf ("%s/%s.bin", dir, u->id);
  u->length = length;
  u->filename = metadata_value (metadata, "filename");
  u->sha256 = metadata_value (metadata, "sha256");
  if (u->filename == NULL)
    u->filename = g_strdup ("file");
  if (u->sha256 == NULL)
    u->sha256 = g_strdup ("");
  u->partial = concat != NULL;
  u->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_file_set_contents (u->path, "", 0, NULL);
  keep_upload (msg, u);
}

/* Adds what is on disk at @path to @checksum. */
static void
checksum_add_file (GChecksum  *checksum,
                   const char *path)
{
  g_autofree guchar *buffer = g_malloc (1 << 20);
  FILE *f = fopen (path, "rb");
  size_t n;

  while (f != NULL && (n = fread (buffer, 1, 1 << 20, f)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (f != NULL)
    fclose (f);
}

/* The SHA-256 of what is on disk, for an upload this process did not see whole. */
static GChecksum *
checksum_of_file (const char *path)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

  checksum_add_file (checksum, path);
  return checksum;
}

static Upload *
upload_for_path (const char *path)
{
  const char *id = strrchr (path, '/');

  return id != NULL ? g_hash_table_lookup (sandbox.uploads, id + 1) : NULL;
}

/* Upload-Concat: final;<part> <part>...: the parts, finished, joined in that
 * order into one upload whose SHA-256 is checked across them. Nothing is
 * copied. Under the sandbox's lock. */
static void
create_joined (SoupServerMessage *msg,
               const char        *list)
{
  const char *metadata = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "Upload-Metadata");
  g_auto(GStrv) urls = g_strsplit (list, " ", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *sha256 = metadata_value (metadata, "sha256");
  g_autofree char *dir = data_path ("uploads", NULL);
  gint64 length = 0;
  guint n = 0;
  Upload *u;

  for (guint i = 0; urls[i] != NULL; i++)
    {
      const char *slash = strrchr (urls[i], '/');
      Upload *part;
      gboolean whole;

      if (urls[i][0] == '\0')
        continue;
      if (slash == NULL || (part = g_hash_table_lookup (sandbox.uploads, slash + 1)) == NULL
          || !part->partial)
        {
          answer_problem (msg, 404, "remote_storage", "No such part",
                          "Each upload to join must be a partial upload of this platform.",
                          NULL);
          return;
        }
      g_mutex_lock (&part->lock);
      whole = part->offset == part->length;
      g_mutex_unlock (&part->lock);
      if (!whole || ++n > 64 || length > sandbox.max_upload_bytes - part->length)
        {
          answer_problem (msg, !whole ? 409 : 413, !whole ? "remote_storage" : "content_format",
                          !whole ? "A part is not finished" : "Too large",
                          !whole ? "Send each part whole before joining them." : NULL, NULL);
          return;
        }
      length += part->length;
      g_strv_builder_add (ids, part->id);
    }
  if (n == 0)
    {
      answer_problem (msg, 400, "metadata_invalid", "Nothing to join", NULL, NULL);
      return;
    }

  u = g_new0 (Upload, 1);
  g_mutex_init (&u->lock);
  u->parts = g_strv_builder_end (ids);
  if (!sandbox.skip_checksum && sha256 != NULL)
    {
      for (guint i = 0; u->parts[i] != NULL; i++)
        checksum_add_file (checksum,
                           ((Upload *) g_hash_table_lookup (sandbox.uploads, u->parts[i]))->path);
      if (g_ascii_strcasecmp (g_checksum_get_string (checksum), sha256) != 0)
        {
          upload_free (u);
          tus_headers (msg);
          answer_problem (msg, 460, "content_format", "Checksum mismatch",
                          "The joined parts are not the file announced.", NULL);
          return;
        }
    }
  u->id = random_token ();
  u->path = g_strdup_printf ("%s/%s.bin", dir, u->id);   /* never made */
  u->length = u->offset = length;
  u->complete = TRUE;
  u->filename = metadata_value (metadata, "filename");
  if (u->filename == NULL)
    u->filename = g_strdup ("file");
  u->sha256 = sha256 != NULL ? g_strdup (sha256) : g_strdup ("");
  keep_upload (msg, u);
}

/* The body of a PATCH: written as it arrives (see request_started). */
struct _Patch
{
  Upload *upload;
  FILE   *file;
  gint64  start;
  gint64  written;
  gboolean superseded;   /* a later PATCH of the same upload took over */
};

static void
patch_free (gpointer data)
{
  Patch *p = data;

  g_mutex_lock (&p->upload->lock);
  if (p->upload->patch == p)
    p->upload->patch = NULL;
  g_mutex_unlock (&p->upload->lock);
  if (p->file != NULL)
    fclose (p->file);
  g_free (p);
}

/* @msg's connection (the workers take connections as streams, which libsoup
 * does not see the socket of). Under the sandbox's lock. */
static Conn *
conn_of (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  guint port = G_IS_INET_SOCKET_ADDRESS (remote)
               ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)) : 0;

  return g_hash_table_lookup (sandbox.connections, GUINT_TO_POINTER (port));
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Patch             *p)
{
  Upload *u = p->upload;
  gsize size;
  const guchar *data = g_bytes_get_data (chunk, &size);

  if (p->file == NULL)
    return;

  /* Never more than the announced length. Written under the upload's own lock,
   * not the sandbox's, so that uploads on other threads go on meanwhile. A PATCH
   * that a later one of the same upload took over (its client gave up on it and
   * resumed) writes nothing more: the two would write the same bytes twice. */
  g_mutex_lock (&u->lock);
  size = p->superseded ? 0 : (gsize) MIN ((gint64) size, u->length - p->start - p->written);
  if (size > 0 && fwrite (data, 1, size, p->file) == size)
    {
      if (u->checksum != NULL && !sandbox.skip_checksum)
        g_checksum_update (u->checksum, data, size);
      p->written += size;
      u->offset = p->start + p->written;
    }
  g_mutex_unlock (&u->lock);

  g_mutex_lock (&sandbox.lock);
  sandbox.dropped += size;
  if (sandbox.drop_after > 0 && !sandbox.drop_done && sandbox.dropped >= sandbox.drop_after)
    {
      Conn *conn = conn_of (msg);

      /* The broken network of the switch: the connection goes, mid-body. A file
       * says it happened, for the tests. */
      g_autofree char *marker = data_path ("dropped", NULL);

      sandbox.drop_done = TRUE;
      g_file_set_contents (marker, "", 0, NULL);
      fflush (p->file);
      if (conn != NULL)
        g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
    }
  g_mutex_unlock (&sandbox.lock);
}

static void
patch_finished_cb (SoupServerMessage *msg,
                   gpointer           data)
{
  g_mutex_lock (&sandbox.lock);
  sandbox.patches_open--;
  g_mutex_unlock (&sandbox.lock);
}

/* How many uploads a client sends at once, for the tests. */
static void
count_patch (SoupServerMessage *msg)
{
  sandbox.patches_open++;
  g_signal_connect (msg, "finished", G_CALLBACK (patch_finished_cb), NULL);
  if (sandbox.patches_open > sandbox.most_patches)
    {
      g_autofree char *path = data_path ("most-uploads-at-once", NULL);
      g_autofree char *text = g_strdup_printf ("%u\n", sandbox.patches_open);

      sandbox.most_patches = sandbox.patches_open;
      g_file_set_contents (path, text, -1, NULL);
    }
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           data)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *offset_text = soup_message_headers_get_one (in, "Upload-Offset");
  Upload *u;
  Patch *p;

  g_autoptr(GMutexLocker) locker = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "PATCH")
      || !g_str_has_prefix (path, "/v1/uploads/"))
    return;
  /* A body of any size goes to disk or nowhere, never to memory. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  locker = g_mutex_locker_new (&sandbox.lock);
  if ((u = upload_for_path (path)) == NULL || offset_text == NULL)
    return;

  g_mutex_lock (&u->lock);
  if (g_ascii_strtoll (offset_text, NULL, 10) != u->offset || u->complete)
    {
      g_mutex_unlock (&u->lock);
      return;
    }
  p = g_new0 (Patch, 1);
  p->upload = u;
  p->start = u->offset;
  p->file = fopen (u->path, "r+b");
  if (p->file != NULL)
    {
      /* Each piece goes to the file as it comes, none left in a buffer. */
      setvbuf (p->file, NULL, _IONBF, 0);
      fseeko (p->file, u->offset, SEEK_SET);
    }
  /* The newest PATCH wins, as tus servers do: an older one still being read is
   * from a client that gave up on it. */
  if (u->patch != NULL)
    u->patch->superseded = TRUE;
  u->patch = p;
  g_mutex_unlock (&u->lock);
  g_object_set_data_full (G_OBJECT (msg), "tm-patch", p, patch_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), p);
  count_patch (msg);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  /* One request a connection. libsoup 3.2's server never lets go of a kept-alive
   * connection whose client closed it after a request with a body (fixed in
   * 3.3): every upload would keep a file descriptor until the sandbox of a long
   * session took no more connections. A client opens a connection on loopback
   * in a tenth of a millisecond. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
}

static void
finish_patch (SoupServerMessage *msg,
              Upload            *u)
{
  Patch *p = g_object_get_data (G_OBJECT (msg), "tm-patch");
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  const char *offset_text = soup_message_headers_get_one (in, "Upload-Offset");
  const char *type = soup_message_headers_get_content_type (in, NULL);
  g_autofree char *offset = NULL;

  if (g_strcmp0 (type, "application/offset+octet-stream") != 0)
    {
      answer_problem (msg, 415, "metadata_invalid", "Wrong content type",
                      "PATCH takes application/offset+octet-stream.", NULL);
      return;
    }
  if (u->parts != NULL)
    {
      tus_headers (msg);
      answer_problem (msg, 403, "remote_storage", "A joined upload takes no bytes",
                      "Its parts hold them.", NULL);
      return;
    }
  g_mutex_lock (&u->lock);
  if (p == NULL || p->superseded)
    {
      g_mutex_unlock (&u->lock);
      /* got_headers_cb refused it (a wrong offset, or a finished upload), or a
       * later PATCH of the upload took over from it. */
      tus_headers (msg);
      answer_problem (msg, 409, "remote_storage", "Wrong offset",
                      offset_text == NULL ? "Upload-Offset is missing."
                                          : "The offset is not where the upload stands; "
                                            "ask with HEAD.", NULL);
      return;
    }

  if (u->offset == u->length)
    {
      g_autoptr(GChecksum) fresh = u->checksum == NULL && !sandbox.skip_checksum
                                   ? checksum_of_file (u->path) : NULL;
      const char *digest = sandbox.skip_checksum
                           ? "" : g_checksum_get_string (fresh != NULL ? fresh : u->checksum);

      if (!sandbox.skip_checksum && u->sha256[0] != '\0'
          && g_ascii_strcasecmp (digest, u->sha256) != 0)
        {
          /* Discarded: it has to come again from the start. */
          g_unlink (u->path);
          g_file_set_contents (u->path, "", 0, NULL);
          u->offset = 0;
          g_clear_pointer (&u->checksum, g_checksum_free);
          u->checksum = g_checksum_new (G_CHECKSUM_SHA256);
          g_mutex_unlock (&u->lock);
          tus_headers (msg);
          answer_problem (msg, 460, "content_format", "Checksum mismatch",
                          "The file that arrived is not the one announced; it was discarded.",
                          NULL);
          return;
        }
      u->complete = TRUE;
      save_upload (u);
    }

  offset = g_strdup_printf ("%" G_GINT64_FORMAT, u->offset);
  g_mutex_unlock (&u->lock);
  tus_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Upload-Offset",
                                offset);
  soup_server_message_set_status (msg, 204, NULL);
}

static void
uploads_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);
  Upload *u;

  /* What the server does, asked before anything else (no token needed). */
  if (g_str_equal (method, "OPTIONS"))
    {
      SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, sandbox.max_upload_bytes);

      tus_headers (msg);
      soup_message_headers_replace (out, "Tus-Version", "1.0.0");
      soup_message_headers_replace (out, "Tus-Extension", "creation,concatenation");
      soup_message_headers_replace (out, "Tus-Max-Size", max);
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }

  if (!authorised (msg))
    return;

  if (g_str_equal (path, "/v1/uploads") || g_str_equal (path, "/v1/uploads/"))
    {
      if (g_str_equal (method, "POST"))
        create_upload (msg);
      else
        soup_server_message_set_status (msg, 405, NULL);
      return;
    }

  if ((u = upload_for_path (path)) == NULL)
    {
      answer_problem (msg, 404, "remote_storage", "No such upload", NULL, NULL);
      return;
    }

  if (g_str_equal (method, "HEAD"))
    {
      g_autofree char *offset = NULL;
      g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, u->length);

      g_mutex_lock (&u->lock);
      offset = g_strdup_printf ("%" G_GINT64_FORMAT, u->offset);
      g_mutex_unlock (&u->lock);

      tus_headers (msg);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Upload-Offset", offset);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Upload-Length", length);
      if (u->partial || u->parts != NULL)
        {
          g_autofree char *joined = u->parts != NULL ? g_strjoinv (" /v1/uploads/", u->parts)
                                                     : NULL;
          g_autofree char *concat = u->parts != NULL
                                    ? g_strconcat ("final;/v1/uploads/", joined, NULL)
                                    : g_strdup ("partial");

          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Upload-Concat", concat);
        }
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (method, "PATCH"))
    finish_patch (msg, u);
  else
    soup_server_message_set_status (msg, 405, NULL);
}

/* Releases */

static const char *
release_status (JsonObject *r)
{
  return tm_json_string_or (r, "status", "received");
}

/* @at: when it happened, in real-time microseconds (the clock runs ahead of requests). */
static void
set_release_status_at (JsonObject *r,
                       const char *status,
                       gint64      at)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = g_date_time_add (seconds, at % G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format_iso8601 (when);

  json_object_set_string_member (r, "status", status);
  json_object_set_string_member (r, "updated_at", text);
  json_object_set_int_member (r, "changed_usec", at);
}

/* A new stage starts now: received, updating or takedown_pending. */
static void
set_release_status (JsonObject *r,
                    const char *status)
{
  gint64 now = g_get_real_time ();

  set_release_status_at (r, status, now);
  json_object_set_int_member (r, "stage_usec", now);
}

/* Moves a release along by the clock, as if it had moved at the right time:
 * received or updating → processing after --processing-after, → live (or
 * rejected) after --live-after; takedown_pending → removed after
 * --processing-after. */
static gboolean
advance (JsonObject *r)
{
  gint64 stage = tm_json_int_or (r, "stage_usec", 0);
  gint64 now = g_get_real_time ();
  gint64 processing_at = stage + (gint64) (sandbox.processing_after * G_USEC_PER_SEC);
  gint64 live_at = stage + (gint64) (MAX (sandbox.live_after, sandbox.processing_after)
                                     * G_USEC_PER_SEC);
  const char *status = release_status (r);

  if ((g_str_equal (status, "received") || g_str_equal (status, "updating"))
      && now >= processing_at)
    {
      set_release_status_at (r, "processing", processing_at);
      return TRUE;
    }
  if (g_str_equal (status, "processing") && now >= live_at)
    {
      if (sandbox.reject_code != NULL)
        {
          JsonArray *problems = json_array_new ();
          JsonObject *problem = json_object_new ();

          json_object_set_string_member (problem, "type", "https://tunemantra.invalid/problems/"
                                                          "rejected");
          json_object_set_string_member (problem, "title", "Rejected by the platform");
          json_object_set_int_member (problem, "status", 422);
          json_object_set_string_member (problem, "detail", sandbox.reject_detail);
          json_object_set_string_member (problem, "code", sandbox.reject_code);
          json_array_add_object_element (problems, problem);
          json_object_set_array_member (r, "problems", problems);
          set_release_status_at (r, "rejected", live_at);
        }
      else
        {
          g_autofree char *url = g_strdup_printf ("https://sandbox.tunemantra.invalid/release/%s",
                                                  json_object_get_string_member (r, "id"));

          json_object_set_string_member (r, "store_url", url);
          set_release_status_at (r, "live", live_at);
        }
      return TRUE;
    }
  if (g_str_equal (status, "takedown_pending") && now >= processing_at)
    {
      set_release_status_at (r, "removed", processing_at);
      return TRUE;
    }
  return FALSE;
}

static void
advance_all (void)
{
  JsonObject *releases = state_object ("releases");
  g_autoptr(GList) ids = json_object_get_members (releases);
  gboolean changed = FALSE;

  for (GList *l = ids; l != NULL; l = l->next)
    while (advance (json_object_get_object_member (releases, l->data)))
      changed = TRUE;
  if (changed)
    save_state ();
}

static JsonObject *
public_release (JsonObject *r)
{
  JsonObject *o = json_object_new ();
  static const char * const keys[] = { "id", "status", "updated_at", "store_url" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (r, keys[i]))
      json_object_set_string_member (o, keys[i], json_object_get_string_member (r, keys[i]));
  if (json_object_has_member (r, "problems"))
    json_object_set_array_member (o, "problems",
                                  json_array_ref (json_object_get_array_member (r, "problems")));
  return o;
}

/* Every file of a release must be a finished upload of this sandbox. */
static gboolean
check_files (SoupServerMessage *msg,
             JsonObject        *body)
{
  JsonNode *member = json_object_get_member (body, "files");
  JsonArray *files = member != NULL && JSON_NODE_HOLDS_ARRAY (member)
                     ? json_node_get_array (member) : NULL;

  if (!json_object_has_member (body, "title"))
    {
      answer_problem (msg, 422, "metadata_invalid", "The release has no title", NULL, "title");
      return FALSE;
    }
  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonNode *element = json_array_get_element (files, i);
      JsonObject *f = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *url = f != NULL ? tm_json_string_or (f, "upload_url", "") : "";
      const char *id = strrchr (url, '/');
      Upload *u = id != NULL ? g_hash_table_lookup (sandbox.uploads, id + 1) : NULL;
      gboolean complete = FALSE;

      if (u != NULL && !u->partial)
        {
          g_mutex_lock (&u->lock);
          complete = u->complete;
          g_mutex_unlock (&u->lock);
        }
      if (!complete)
        {
          g_autofree char *detail = g_strdup_printf ("The file %s was not uploaded whole.",
                                                     tm_json_string_or (f, "name", url));
          answer_problem (msg, 422, "content_format", "A file is missing", detail, "files");
          return FALSE;
        }
    }
  return TRUE;
}

static void
create_release (SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = request_object (msg);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  JsonObject *keys = state_object ("idempotency");
  JsonObject *releases = state_object ("releases");
  g_autofree char *id = NULL;
  JsonObject *r;

  if (key != NULL && json_object_has_member (keys, key))
    {
      /* The same request again: the first answer, not a second release. */
      r = json_object_get_object_member (releases, json_object_get_string_member (keys, key));
      answer_object (msg, 201, public_release (r));
      return;
    }
  if (body == NULL)
    {
      answer_problem (msg, 400, "metadata_invalid", "The body is not a JSON object", NULL, NULL);
      return;
    }
  if (!check_files (msg, body))
    return;

  id = g_strdup_printf ("R%06u", json_object_get_size (releases) + 1);
  r = json_object_new ();
  json_object_set_string_member (r, "id", id);
  json_object_set_object_member (r, "metadata", json_object_ref (body));
  set_release_status (r, "received");
  json_object_set_object_member (releases, id, r);
  if (key != NULL)
    json_object_set_string_member (keys, key, id);
  save_state ();
  answer_object (msg, 201, public_release (r));
}

static void
list_releases (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "changed_since") : NULL;
  g_autoptr(GDateTime) since = since_text != NULL ? g_date_time_new_from_iso8601 (since_text,
                                                                                   NULL) : NULL;
  JsonObject *releases = state_object ("releases");
  g_autoptr(GList) ids = json_object_get_members (releases);
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *list = json_array_new ();

  if (since_text != NULL && since == NULL)
    {
      json_array_unref (list);
      answer_problem (msg, 400, "metadata_invalid", "changed_since is not an RFC 3339 time",
                      NULL, "changed_since");
      return;
    }
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *r = json_object_get_object_member (releases, l->data);

      if (since == NULL || tm_json_int_or (r, "changed_usec", 0)
                           > g_date_time_to_unix (since) * G_USEC_PER_SEC
                             + g_date_time_get_microsecond (since))
        json_array_add_object_element (list, public_release (r));
    }
  json_object_set_array_member (answer, "releases", list);
  answer_object (msg, 200, answer);
}

static void
releases_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *id;
  JsonObject *r;

  if (!authorised (msg))
    return;
  advance_all ();

  if (g_str_equal (path, "/v1/releases") || g_str_equal (path, "/v1/releases/"))
    {
      if (g_str_equal (method, "POST"))
        create_release (msg);
      else if (g_str_equal (method, "GET"))
        list_releases (msg, query);
      else
        soup_server_message_set_status (msg, 405, NULL);
      return;
    }

  id = strrchr (path, '/') + 1;
  if (!json_object_has_member (state_object ("releases"), id))
    {
      answer_problem (msg, 404, "metadata_invalid", "No such release", NULL, NULL);
      return;
    }
  r = json_object_get_object_member (state_object ("releases"), id);

  if (g_str_equal (method, "GET"))
    answer_object (msg, 200, public_release (r));
  else if (g_str_equal (method, "PATCH"))
    {
      g_autoptr(JsonObject) body = request_object (msg);

      if (body == NULL)
        {
          answer_problem (msg, 400, "metadata_invalid", "The body is not a JSON object", NULL,
                          NULL);
          return;
        }
      json_object_set_object_member (r, "metadata", json_object_ref (body));
      json_object_remove_member (r, "problems");
      set_release_status (r, "updating");
      save_state ();
      answer_object (msg, 202, public_release (r));
    }
  else if (g_str_equal (method, "DELETE"))
    {
      set_release_status (r, "takedown_pending");
      save_state ();
      answer_object (msg, 202, public_release (r));
    }
  else
    soup_server_message_set_status (msg, 405, NULL);
}

/* Misbehaving on purpose: every request first passes here. */

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
misbehave_then (SoupServerMessage *msg)
{
  if (sandbox.slow_ms > 0)
    {
      /* On the worker's own context: the message is its server's. */
      g_autoptr(GSource) source = g_timeout_source_new (sandbox.slow_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
}

static void
root_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  g_mutex_lock (&sandbox.lock);
  if (sandbox.fail_count > 0 && !g_str_equal (path, "/v1/token"))
    {
      g_autofree char *after = g_strdup_printf ("%d", sandbox.retry_after);

      sandbox.fail_count--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", after);
      answer_problem (msg, sandbox.fail_status,
                      sandbox.fail_status == 429 ? "rate_limited" : "platform_unavailable",
                      sandbox.fail_status == 429 ? "Too many requests" : "Down for maintenance",
                      NULL, NULL);
    }
  else if (g_str_equal (path, "/v1/token"))
    token_handler (server, msg, path, query, data);
  else if (g_str_equal (path, "/v1/platform"))
    platform_handler (server, msg, path, query, data);
  else if (g_str_has_prefix (path, "/v1/uploads"))
    uploads_handler (server, msg, path, query, data);
  else if (g_str_has_prefix (path, "/v1/releases"))
    releases_handler (server, msg, path, query, data);
  else
    answer_problem (msg, 404, "metadata_invalid", "Not part of the Delivery API", path, NULL);
  g_mutex_unlock (&sandbox.lock);

  misbehave_then (msg);
}

/* Serving: the main thread accepts, workers serve. */

typedef struct
{
  Worker            *worker;
  GSocketConnection *connection;
  GSocketAddress    *local;
  GSocketAddress    *remote;
  guint              port;       /* the remote one */
} Handoff;

static void
handoff_free (Handoff *h)
{
  g_clear_object (&h->connection);
  g_clear_object (&h->local);
  g_clear_object (&h->remote);
  g_free (h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handoff, handoff_free)

/* Out of its worker's count, once. Under the sandbox's lock. */
static void
uncount (Conn *conn)
{
  if (!conn->counted)
    {
      conn->counted = TRUE;
      g_atomic_int_add (&conn->worker->connections, -1);
    }
}

/* A request is answered (or given up): its connection, which takes no other,
 * no longer makes its worker busy, though libsoup may let go of it later. */
static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           data)
{
  Conn *conn;

  g_mutex_lock (&sandbox.lock);
  if ((conn = conn_of (msg)) != NULL)
    uncount (conn);
  g_mutex_unlock (&sandbox.lock);
}

/* The connection is gone: out of the count if it was not, and forgotten. */
static void
connection_gone_cb (gpointer  data,
                    GObject  *where_it_was)
{
  Conn *conn = data;

  g_mutex_lock (&sandbox.lock);
  uncount (conn);
  if (g_hash_table_lookup (sandbox.connections, GUINT_TO_POINTER (conn->port)) == conn)
    g_hash_table_remove (sandbox.connections, GUINT_TO_POINTER (conn->port));
  g_mutex_unlock (&sandbox.lock);
  g_object_unref (conn->socket);
  g_free (conn);
}

static void
serve (Handoff   *h,
       GIOStream *stream)
{
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (h->worker->server, stream, h->local, h->remote, &error))
    g_debug ("A connection was not taken: %s", error->message);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Handoff) h = data;
  g_autoptr(GError) error = NULL;

  if (g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    serve (h, G_IO_STREAM (source));
  else
    g_debug ("A TLS handshake failed: %s", error->message);
  g_object_unref (source);
}

/* In the worker's thread: its server takes the connection (after the TLS
 * handshake, for HTTPS). */
static gboolean
take_connection_cb (gpointer data)
{
  g_autoptr(Handoff) h = data;
  g_autoptr(GError) error = NULL;
  static const char * const protocols[] = { "http/1.1", "http/1.0", NULL };
  GIOStream *tls;

  if (sandbox.certificate == NULL)
    {
      serve (h, G_IO_STREAM (h->connection));
      return G_SOURCE_REMOVE;
    }

  tls = g_tls_server_connection_new (G_IO_STREAM (h->connection), sandbox.certificate, &error);
  if (tls == NULL)
    {
      g_debug ("No TLS for a connection: %s", error->message);
      return G_SOURCE_REMOVE;
    }
  g_object_set (tls, "require-close-notify", FALSE, "advertised-protocols", protocols, NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    handshake_cb, g_steal_pointer (&h));
  return G_SOURCE_REMOVE;
}

static Worker *
least_busy_worker (void)
{
  Worker *best = NULL;

  for (guint i = 0; i < sandbox.n_workers; i++)
    {
      Worker *w = &sandbox.workers[(sandbox.next_worker + i) % sandbox.n_workers];

      if (best == NULL || g_atomic_int_get (&w->connections) < g_atomic_int_get (&best->connections))
        best = w;
    }
  sandbox.next_worker = (sandbox.next_worker + 1) % sandbox.n_workers;
  return best;
}

static void
hand_over (GSocket *socket)
{
  Handoff *h = g_new0 (Handoff, 1);
  Conn *conn;

  h->remote = g_socket_get_remote_address (socket, NULL);
  h->local = g_socket_get_local_address (socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (h->remote) || h->local == NULL)
    {
      /* Closed already. */
      handoff_free (h);
      return;
    }
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  h->connection = g_socket_connection_factory_create_connection (socket);
  h->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (h->remote));
  h->worker = least_busy_worker ();

  conn = g_new0 (Conn, 1);
  conn->socket = g_object_ref (socket);
  conn->worker = h->worker;
  conn->port = h->port;
  g_atomic_int_inc (&h->worker->connections);
  g_mutex_lock (&sandbox.lock);
  g_hash_table_replace (sandbox.connections, GUINT_TO_POINTER (h->port), conn);
  g_mutex_unlock (&sandbox.lock);
  g_object_weak_ref (G_OBJECT (h->connection), connection_gone_cb, conn);
  g_main_context_invoke (h->worker->context, take_connection_cb, h);
}

static gboolean
accept_cb (GSocket      *listener,
           GIOCondition  condition,
           gpointer      data)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);

      if (socket != NULL)
        {
          hand_over (socket);
          continue;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          static gint64 warned_at;
          gint64 now = g_get_monotonic_time ();

          /* Out of descriptors, say: told once a second, and a breath before
           * trying again rather than a spin. */
          if (now - warned_at >= G_USEC_PER_SEC)
            {
              g_warning ("Could not take a connection: %s", error->message);
              warned_at = now;
            }
          g_usleep (20 * 1000);
        }
      return G_SOURCE_CONTINUE;
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  g_autoptr(GMainLoop) loop = g_main_loop_new (w->context, FALSE);

  g_main_context_push_thread_default (w->context);
  g_main_loop_run (loop);
  g_main_context_pop_thread_default (w->context);
  return NULL;
}

/* Listens on 127.0.0.1:@port (0 picks one) and starts the workers. */
static gboolean
start_serving (int      port,
               GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSource) source = NULL;

  sandbox.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, error);
  if (sandbox.listener == NULL)
    return FALSE;
  g_socket_set_blocking (sandbox.listener, FALSE);
  g_socket_set_listen_backlog (sandbox.listener, 128);
  if (!g_socket_bind (sandbox.listener, address, TRUE, error)
      || !g_socket_listen (sandbox.listener, error))
    return FALSE;

  /* Two a processor, 4 to 16: the uploads a client sends at once (a file's
   * parts, an album's tracks) each get a thread, and the kernel shares the
   * processors among them. With one a processor, two of three uploads shared a
   * thread on a two-processor machine: a file's two parts ended 0.4-0.5 s apart
   * (measured through the 20 ms link), and the file waited for the slower. */
  sandbox.n_workers = CLAMP (2 * g_get_num_processors (), 4, 16);
  sandbox.workers = g_new0 (Worker, sandbox.n_workers);
  for (guint i = 0; i < sandbox.n_workers; i++)
    {
      Worker *w = &sandbox.workers[i];
      g_autofree char *name = g_strdup_printf ("worker-%u", i);

      w->context = g_main_context_new ();
      /* Its sources are the worker's from the start. */
      g_main_context_push_thread_default (w->context);
      w->server = soup_server_new (NULL, NULL);
      soup_server_add_handler (w->server, NULL, root_handler, NULL, NULL);
      g_signal_connect (w->server, "request-started", G_CALLBACK (request_started_cb), NULL);
      g_signal_connect (w->server, "request-finished", G_CALLBACK (request_done_cb), NULL);
      g_signal_connect (w->server, "request-aborted", G_CALLBACK (request_done_cb), NULL);
      g_main_context_pop_thread_default (w->context);
      w->thread = g_thread_new (name, worker_main, w);
    }

  source = g_socket_create_source (sandbox.listener, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) accept_cb, NULL, NULL);
  g_source_attach (source, NULL);
  return TRUE;
}

static gboolean
stdin_closed_cb (GIOChannel   *channel,
                 GIOCondition  condition,
                 gpointer      loop)
{
  char buffer[256];
  gsize n = 0;

  /* Anything read is ignored; the end of it is the signal. */
  if ((condition & G_IO_IN)
      && g_io_channel_read_chars (channel, buffer, sizeof buffer, &n, NULL) == G_IO_STATUS_NORMAL
      && n > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_reject (const char  *name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  const char *colon = strchr (value, ':');

  sandbox.reject_code = colon != NULL ? g_strndup (value, colon - value) : g_strdup (value);
  sandbox.reject_detail = g_strdup (colon != NULL ? colon + 1
                                                  : "The platform rejected the release.");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *uploads_dir = NULL;
  double processing = 2, live = 5, lifetime = 3600;
  gboolean exit_with_stdin = FALSE;
  gboolean skip_checksum = FALSE;
  int fail = 0, fail_count = 0, retry_after = 1, slow = 0, port = 0;
  gint64 drop_after = 0, max_bytes = G_GINT64_CONSTANT (4) << 30;
  char *data_dir = NULL, *cert = NULL, *key = NULL, *fixed_token = NULL;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 picks a free one)", "N" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder for uploads and releases", "DIR" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "Serve HTTPS with this certificate (PEM)",
      "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "The certificate's private key (PEM)",
      "FILE" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &fixed_token, "The access token to give out", "TOKEN" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_DOUBLE, &lifetime, "Seconds a token lasts", "S" },
    { "processing-after", 0, 0, G_OPTION_ARG_DOUBLE, &processing,
      "Seconds from received to processing", "S" },
    { "live-after", 0, 0, G_OPTION_ARG_DOUBLE, &live, "Seconds from received to live", "S" },
    { "reject", 0, 0, G_OPTION_ARG_CALLBACK, parse_reject,
      "Reject releases with this problem (an error category such as metadata_invalid, then its text)",
      "CODE[:DETAIL]" },
    { "fail", 0, 0, G_OPTION_ARG_INT, &fail, "Answer 429 or 503 with Retry-After", "STATUS" },
    { "fail-count", 0, 0, G_OPTION_ARG_INT, &fail_count, "How many requests fail (default 1)",
      "N" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after, "Seconds in Retry-After", "S" },
    { "drop-after", 0, 0, G_OPTION_ARG_INT64, &drop_after,
      "Drop the connection once, after N bytes of uploads", "N" },
    { "slow", 0, 0, G_OPTION_ARG_INT, &slow, "Answer every request this late", "MS" },
    { "max-upload-bytes", 0, 0, G_OPTION_ARG_INT64, &max_bytes, "Largest file taken", "N" },
    { "skip-checksum", 0, 0, G_OPTION_ARG_NONE, &skip_checksum,
      "Take uploads without checking their SHA-256 (for benchmarks of the client)", NULL },
    { "exit-with-stdin", 0, 0, G_OPTION_ARG_NONE, &exit_with_stdin,
      "Stop when standard input closes (when started by TuneMantra)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— the TuneMantra Delivery API on loopback");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tunemantra-sandbox: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL || (fail != 0 && fail != 429 && fail != 503)
      || (cert != NULL) != (key != NULL))
    {
      g_printerr ("tunemantra-sandbox: --data DIR is needed; --fail takes 429 or 503; "
                  "--tls-cert and --tls-key go together.\n");
      return 2;
    }

  sandbox.data_dir = data_dir;
  sandbox.processing_after = processing;
  sandbox.live_after = live;
  sandbox.fail_status = fail;
  sandbox.fail_count = fail != 0 ? MAX (fail_count, 1) : 0;
  sandbox.retry_after = retry_after;
  sandbox.drop_after = drop_after;
  sandbox.slow_ms = slow;
  sandbox.token_lifetime = lifetime;
  sandbox.max_upload_bytes = max_bytes;
  sandbox.skip_checksum = skip_checksum;
  sandbox.uploads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, upload_free);
  sandbox.connections = g_hash_table_new (NULL, NULL);

  uploads_dir = data_path ("uploads", NULL);
  if (g_mkdir_with_parents (uploads_dir, 0700) != 0)
    {
      g_printerr ("tunemantra-sandbox: cannot create %s: %s\n", uploads_dir, g_strerror (errno));
      return 1;
    }
  state_path = data_path ("releases.json", NULL);
  sandbox.state = load_json (state_path);
  if (sandbox.state == NULL)
    sandbox.state = json_object_new ();
  load_uploads ();

  /* A token that survives restarts, unless one is given. */
  if (fixed_token != NULL)
    {
      json_object_set_string_member (state_object ("tokens"), "access", fixed_token);
      json_object_set_int_member (state_object ("tokens"), "expires_at",
                                  g_get_real_time () + (gint64) (lifetime * G_USEC_PER_SEC));
    }
  else if (!json_object_has_member (state_object ("tokens"), "access"))
    new_access_token ();
  else
    json_object_set_int_member (state_object ("tokens"), "expires_at",
                                g_get_real_time () + (gint64) (lifetime * G_USEC_PER_SEC));
  if (!json_object_has_member (state_object ("tokens"), "refresh"))
    {
      g_autofree char *refresh = random_token ();

      json_object_set_string_member (state_object ("tokens"), "refresh", refresh);
    }
  save_state ();

  /* Both tokens, in the form `platform add --token-file` reads. */
  {
    g_autofree char *path = data_path ("credentials.json", NULL);
    g_autoptr(JsonObject) credentials = json_object_new ();

    json_object_set_string_member (credentials, "access_token",
                                   json_object_get_string_member (state_object ("tokens"),
                                                                  "access"));
    json_object_set_string_member (credentials, "refresh_token",
                                   json_object_get_string_member (state_object ("tokens"),
                                                                  "refresh"));
    save_json (path, credentials);
    g_chmod (path, 0600);
  }

  if (cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key,
                                                                                 &error);
      if (certificate == NULL)
        {
          g_printerr ("tunemantra-sandbox: %s\n", error->message);
          return 1;
        }
      sandbox.certificate = g_steal_pointer (&certificate);
    }

  if (!start_serving (port, &error))
    {
      g_printerr ("tunemantra-sandbox: cannot listen on port %d: %s\n", port, error->message);
      return 1;
    }

  {
    g_autoptr(GSocketAddress) address = g_socket_get_local_address (sandbox.listener, NULL);

    g_print ("TUNEMANTRA_SANDBOX_URL=%s://127.0.0.1:%u/\n",
             sandbox.certificate != NULL ? "https" : "http",
             g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
    g_print ("TUNEMANTRA_SANDBOX_TOKEN=%s\n",
             json_object_get_string_member (state_object ("tokens"), "access"));
    fflush (stdout);
  }

  loop = g_main_loop_new (NULL, FALSE);
  if (exit_with_stdin)
    {
      GIOChannel *in = g_io_channel_unix_new (0);

      g_io_add_watch (in, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb, loop);
      g_io_channel_unref (in);
    }
  g_main_loop_run (loop);
  /* No worker is in the middle of saving anything when the process ends. */
  g_mutex_lock (&sandbox.lock);
  return 0;
}
