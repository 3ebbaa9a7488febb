/* tm-test-latency.c: a far link on loopback, for benchmarks and tests
 *
 * This machine cannot add latency in the kernel (no netem), so a proxy does:
 * every chunk read from one side is held for a fixed time before it is
 * written to the other, in each direction, while reading goes on. It limits
 * nothing else: a link with a round trip and plenty of bandwidth, as a
 * distant server on a good line is. What it holds in flight is bounded (the
 * way a real link's bandwidth-delay product is), so it cannot eat the memory.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tm-test-latency.h"

#define CHUNK      (256 << 10)
#define IN_FLIGHT  (256 << 20)   /* per direction: 12.8 GB/s at 20 ms, far above loopback */

typedef struct _Chunk Chunk;
struct _Chunk
{
  gint64  due;                   /* monotonic time it may go on */
  gsize   length;                /* 0: the sender closed */
  char    data[];
};

/* One direction of one connection: a reader thread and a writer thread. */
typedef struct
{
  int       from;
  int       to;
  gint64    delay_usec;
  GMutex    lock;
  GCond     cond;
  GQueue    chunks;
  gsize     held;
  gboolean  broken;
  GThread  *reader;
  GThread  *writer;
} Pipe;

struct _TmTestLatencyProxy
{
  int         listener;
  int         port;
  int         target_port;
  gint64      delay_usec;
  GThread    *acceptor;
  GMutex      lock;
  GPtrArray  *pipes;
  gboolean    stopping;
};

static gpointer
reader_thread (gpointer data)
{
  Pipe *pipe = data;
  g_autofree char *scratch = g_malloc (CHUNK);

  for (;;)
    {
      ssize_t n = read (pipe->from, scratch, CHUNK);
      Chunk *chunk;

      if (n < 0 && errno == EINTR)
        continue;
      /* What was read, in a chunk of its size: a writer of small pieces holds
       * no more memory in the proxy than a writer of large ones (each piece
       * still costs its handing over, docs/testing.md). */
      chunk = g_malloc (sizeof (Chunk) + MAX (n, 0));
      chunk->length = n > 0 ? (gsize) n : 0;
      chunk->due = g_get_monotonic_time () + pipe->delay_usec;
      if (n > 0)
        memcpy (chunk->data, scratch, n);

      g_mutex_lock (&pipe->lock);
      while (pipe->held > IN_FLIGHT && !pipe->broken)
        g_cond_wait (&pipe->cond, &pipe->lock);
      g_queue_push_tail (&pipe->chunks, chunk);
      pipe->held += chunk->length;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);
      if (n <= 0)
        return NULL;
    }
}

static gpointer
writer_thread (gpointer data)
{
  Pipe *pipe = data;

  for (;;)
    {
      Chunk *chunk;
      gint64 wait;
      gsize done = 0;

      g_mutex_lock (&pipe->lock);
      while (g_queue_is_empty (&pipe->chunks))
        g_cond_wait (&pipe->cond, &pipe->lock);
      chunk = g_queue_pop_head (&pipe->chunks);
      g_mutex_unlock (&pipe->lock);

      if ((wait = chunk->due - g_get_monotonic_time ()) > 0)
        g_usleep (wait);
      if (chunk->length == 0)
        {
          shutdown (pipe->to, SHUT_WR);
          g_free (chunk);
          return NULL;
        }
      while (done < chunk->length)
        {
          /* A side gone meanwhile is an error here, not a signal that ends the test. */
          ssize_t n = send (pipe->to, chunk->data + done, chunk->length - done, MSG_NOSIGNAL);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              /* The other side is gone: stop reading too. */
              shutdown (pipe->from, SHUT_RDWR);
              g_mutex_lock (&pipe->lock);
              pipe->broken = TRUE;
              g_cond_broadcast (&pipe->cond);
              g_mutex_unlock (&pipe->lock);
              g_free (chunk);
              return NULL;
            }
          done += n;
        }
      g_mutex_lock (&pipe->lock);
      pipe->held -= chunk->length;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);
      g_free (chunk);
    }
}

static Pipe *
pipe_new (int    from,
          int    to,
          gint64 delay_usec)
{
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->from = from;
  pipe->to = to;
  pipe->delay_usec = delay_usec;
  g_mutex_init (&pipe->lock);
  g_cond_init (&pipe->cond);
  pipe->reader = g_thread_new ("latency-read", reader_thread, pipe);
  pipe->writer = g_thread_new ("latency-write", writer_thread, pipe);
  return pipe;
}

static int
connect_loopback (int port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    return -1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gpointer
acceptor_thread (gpointer data)
{
  TmTestLatencyProxy *self = data;

  for (;;)
    {
      int client = accept (self->listener, NULL, NULL);
      int server, one = 1;

      if (client < 0)
        {
          if (errno == EINTR)
            continue;
          return NULL;
        }
      g_mutex_lock (&self->lock);
      if (self->stopping || (server = connect_loopback (self->target_port)) < 0)
        {
          g_mutex_unlock (&self->lock);
          close (client);
          continue;
        }
      setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      g_ptr_array_add (self->pipes, pipe_new (client, server, self->delay_usec));
      g_ptr_array_add (self->pipes, pipe_new (server, client, self->delay_usec));
      g_mutex_unlock (&self->lock);
    }
}

/**
 * tm_test_latency_proxy_new_on:
 * @port: where it listens; 0 for a free port
 *
 * A proxy on a port another had: a benchmark gives each run a fresh link, so
 * that none pays for what the runs before left in the proxy (its threads and
 * the allocator's arenas grow with every connection it served).
 */
TmTestLatencyProxy *
tm_test_latency_proxy_new_on (int   target_port,
                              guint one_way_ms,
                              int   port)
{
  TmTestLatencyProxy *self = g_new0 (TmTestLatencyProxy, 1);
  struct sockaddr_in address = { .sin_family = AF_INET,
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                                 .sin_port = htons (port) };
  socklen_t length = sizeof address;
  int one = 1;

  self->target_port = target_port;
  self->delay_usec = (gint64) one_way_ms * 1000;
  self->pipes = g_ptr_array_new ();
  g_mutex_init (&self->lock);
  self->listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (self->listener, >=, 0);
  setsockopt (self->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  g_assert_cmpint (bind (self->listener, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (self->listener, 16), ==, 0);
  g_assert_cmpint (getsockname (self->listener, (struct sockaddr *) &address, &length), ==, 0);
  self->port = ntohs (address.sin_port);
  self->acceptor = g_thread_new ("latency-accept", acceptor_thread, self);
  return self;
}

TmTestLatencyProxy *
tm_test_latency_proxy_new (int   target_port,
                         guint one_way_ms)
{
  return tm_test_latency_proxy_new_on (target_port, one_way_ms, 0);
}

int
tm_test_latency_proxy_get_port (TmTestLatencyProxy *self)
{
  return self->port;
}

void
tm_test_latency_proxy_free (TmTestLatencyProxy *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_mutex_unlock (&self->lock);
  shutdown (self->listener, SHUT_RDWR);
  g_thread_join (self->acceptor);
  close (self->listener);

  /* Every connection is cut; each pipe's threads then end. */
  for (guint i = 0; i < self->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      shutdown (pipe->from, SHUT_RDWR);
      shutdown (pipe->to, SHUT_RDWR);
    }
  for (guint i = 0; i < self->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      g_mutex_lock (&pipe->lock);
      pipe->broken = TRUE;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);
    }
  /* Each fd is shared by two pipes: closed once both are done. */
  for (guint i = 0; i < self->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      g_thread_join (pipe->reader);
      g_thread_join (pipe->writer);
      pipe->reader = pipe->writer = NULL;
    }
  for (guint i = 0; i < self->pipes->len; i += 2)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      close (pipe->from);
      close (pipe->to);
    }
  for (guint i = 0; i < self->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      g_queue_clear_full (&pipe->chunks, g_free);
      g_mutex_clear (&pipe->lock);
      g_cond_clear (&pipe->cond);
      g_free (pipe);
    }
  g_ptr_array_unref (self->pipes);
  g_mutex_clear (&self->lock);
  g_free (self);
}
