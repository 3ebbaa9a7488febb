/* tm-test-hostile.c: an HTTP server that lies, redirects, trickles and floods
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Plain HTTP/1.1 over a socket of its own, so that a test can answer anything,
 * byte by byte: what no well-behaved server library would send. Each
 * connection is served in a thread of its own and closed after one answer. */

#include "config.h"

#include <string.h>

#include "tm-test-hostile.h"

struct _TmHostileServer
{
  GSocketService   *service;
  GMainContext     *context;
  GMainLoop        *loop;
  GThread          *thread;
  char             *url;
  int               port;
  TmHostileHandler  handler;
  gpointer          data;
  GMutex            lock;
  guint             n_requests;
  guint64           body_bytes;
  GHashTable       *seen_headers;
  GCancellable     *stopping;
};

static void
request_clear (TmHostileRequest *r)
{
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->headers, g_hash_table_unref);
}

gboolean
tm_hostile_write (GOutputStream *out,
                  const char    *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

gboolean
tm_hostile_answer (GOutputStream *out,
                   guint          status,
                   const char    *extra_headers,
                   const char    *body)
{
  return tm_hostile_write (out, "HTTP/1.1 %u Whatever\r\nContent-Length: %zu\r\n"
                                "Connection: close\r\n%s\r\n%s",
                          status, body != NULL ? strlen (body) : 0,
                          extra_headers != NULL ? extra_headers : "",
                          body != NULL ? body : "");
}

/* One line of the head, without its CRLF; NULL at the end of the stream or
 * for a line too long. */
static char *
read_line (GDataInputStream *in,
           GCancellable     *cancellable)
{
  gsize length;
  char *line = g_data_input_stream_read_line (in, &length, cancellable, NULL);

  if (line != NULL && length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';
  return line;
}

static gboolean
incoming_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             gpointer                user_data)
{
  TmHostileServer *self = user_data;
  GInputStream *raw = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (raw);
  TmHostileRequest request = { 0 };
  g_autofree char *first = NULL;
  g_auto(GStrv) parts = NULL;
  const char *length_text;
  guint64 remaining = 0;
  char buffer[65536];

  /* A client that connects and says nothing holds no thread for ever. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  if ((first = read_line (in, self->stopping)) == NULL)
    return TRUE;
  parts = g_strsplit (first, " ", 3);
  if (g_strv_length (parts) < 2)
    return TRUE;
  request.method = g_strdup (parts[0]);
  request.path = g_strdup (parts[1]);
  request.headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (;;)
    {
      g_autofree char *line = read_line (in, self->stopping);
      char *colon;

      if (line == NULL || line[0] == '\0')
        break;
      if ((colon = strchr (line, ':')) == NULL)
        continue;
      *colon = '\0';
      g_hash_table_insert (request.headers, g_ascii_strdown (line, -1),
                           g_strdup (g_strstrip (colon + 1)));
    }

  g_mutex_lock (&self->lock);
  self->n_requests++;
  {
    GHashTableIter iter;
    gpointer name;

    g_hash_table_iter_init (&iter, request.headers);
    while (g_hash_table_iter_next (&iter, &name, NULL))
      g_hash_table_add (self->seen_headers, g_strdup (name));
  }
  g_mutex_unlock (&self->lock);

  /* The body is read (and counted) before the answer, whatever it is. */
  if ((length_text = g_hash_table_lookup (request.headers, "content-length")) != NULL)
    remaining = g_ascii_strtoull (length_text, NULL, 10);
  while (remaining > 0)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer,
                                      MIN (sizeof buffer, remaining), self->stopping, NULL);

      if (n <= 0)
        break;
      remaining -= n;
      request.body_bytes += n;
      g_mutex_lock (&self->lock);
      self->body_bytes += n;
      g_mutex_unlock (&self->lock);
    }

  self->handler (self, &request, out, self->data);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  request_clear (&request);
  return TRUE;
}

static gpointer
serve (gpointer data)
{
  TmHostileServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

TmHostileServer *
tm_hostile_server_new (TmHostileHandler handler,
                       gpointer         data)
{
  TmHostileServer *self = g_new0 (TmHostileServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&self->lock);
  self->handler = handler;
  self->data = data;
  self->seen_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stopping = g_cancellable_new ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  g_signal_connect (self->service, "run", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  g_main_context_pop_thread_default (self->context);

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->url = g_strdup_printf ("http://127.0.0.1:%d/", self->port);
  self->thread = g_thread_new ("hostile-server", serve, self);
  return self;
}

const char *
tm_hostile_server_get_url (TmHostileServer *self)
{
  return self->url;
}

int
tm_hostile_server_get_port (TmHostileServer *self)
{
  return self->port;
}

guint
tm_hostile_server_get_n_requests (TmHostileServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

guint64
tm_hostile_server_get_body_bytes (TmHostileServer *self)
{
  guint64 n;

  g_mutex_lock (&self->lock);
  n = self->body_bytes;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Whether any request so far carried the header @name (lower case). */
gboolean
tm_hostile_server_saw_header (TmHostileServer *self,
                              const char      *name)
{
  gboolean seen;

  g_mutex_lock (&self->lock);
  seen = g_hash_table_contains (self->seen_headers, name);
  g_mutex_unlock (&self->lock);
  return seen;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

void
tm_hostile_server_free (TmHostileServer *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->stopping);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  /* Through the loop's own context: it quits even if it has not started yet. */
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_object_unref (self->service);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->seen_headers);
  g_object_unref (self->stopping);
  g_mutex_clear (&self->lock);
  g_free (self->url);
  g_free (self);
}
