/* tm-test-proxy.c: a TCP proxy on loopback that misbehaves on purpose
 *
 * Each connection takes the next fault pushed (or none) and forwards bytes
 * both ways, in a thread of its own: it cuts the connection after a number of
 * bytes from the client (with a FIN or a reset), flips a byte, stalls, or
 * delays every chunk. The servers behind it are the real ones.
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poll.h>
#include <sys/socket.h>

#include "tm-test-proxy.h"

struct _TmTestProxy
{
  GSocket   *listener;
  int        port;
  int        target_port;
  GThread   *acceptor;
  GMutex     lock;
  GQueue     faults;          /* TmProxyFault * */
  guint      connections;
  guint64    bytes_up;
  gint       stopping;          /* atomic: read by every link's thread */
  GPtrArray *threads;
};

typedef struct
{
  TmTestProxy  *proxy;
  GSocket      *client;
  TmProxyFault  fault;
} Link;

static void
close_hard (GSocket *socket)
{
  struct linger l = { 1, 0 };

  /* SO_LINGER of 0: the kernel answers with a reset. */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &l, sizeof l);
  g_socket_close (socket, NULL);
}

static gpointer
link_thread (gpointer data)
{
  Link *link = data;
  g_autoptr(GSocket) server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (loopback,
                                                                link->proxy->target_port);
  guint64 up = 0;
  gboolean stalled = FALSE;
  char buffer[16384];

  if (!g_socket_connect (server, target, NULL, NULL))
    goto out;

  for (;;)
    {
      struct pollfd fds[2] = {
        { g_socket_get_fd (link->client), POLLIN, 0 },
        { g_socket_get_fd (server), POLLIN, 0 },
      };

      if (poll (fds, 2, 200) < 0 || g_atomic_int_get (&link->proxy->stopping))
        break;
      for (int side = 0; side < 2; side++)
        {
          GSocket *from = side == 0 ? link->client : server;
          GSocket *to = side == 0 ? server : link->client;
          gssize n;

          if (!(fds[side].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          n = g_socket_receive (from, buffer, sizeof buffer, NULL, NULL);
          if (n <= 0)
            goto out;
          if (link->fault.delay_ms > 0)
            g_usleep (link->fault.delay_ms * 1000);
          if (side == 0)
            {
              if (link->fault.cut_after > 0 && up + n >= link->fault.cut_after)
                {
                  gssize keep = (gssize) (link->fault.cut_after - up);

                  if (keep > 0)
                    g_socket_send (to, buffer, keep, NULL, NULL);
                  if (link->fault.reset)
                    {
                      close_hard (link->client);
                      close_hard (server);
                    }
                  goto out;
                }
              if (link->fault.corrupt_at > up && link->fault.corrupt_at <= up + n)
                buffer[link->fault.corrupt_at - up - 1] ^= 0x5a;
              if (!stalled && link->fault.stall_at > 0 && up + n >= link->fault.stall_at)
                {
                  stalled = TRUE;
                  g_usleep (link->fault.stall_ms * 1000);
                }
              up += n;
              g_mutex_lock (&link->proxy->lock);
              link->proxy->bytes_up += n;
              g_mutex_unlock (&link->proxy->lock);
            }
          for (gssize sent = 0; sent < n;)
            {
              gssize m = g_socket_send (to, buffer + sent, n - sent, NULL, NULL);

              if (m <= 0)
                goto out;
              sent += m;
            }
        }
    }

out:
  g_socket_close (server, NULL);
  g_socket_close (link->client, NULL);
  g_object_unref (link->client);
  g_free (link);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  TmTestProxy *proxy = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (proxy->listener, NULL, NULL);
      Link *link;
      TmProxyFault *fault;

      if (client == NULL)
        return NULL;
      if (g_atomic_int_get (&proxy->stopping))
        {
          g_object_unref (client);
          return NULL;
        }
      link = g_new0 (Link, 1);
      link->proxy = proxy;
      link->client = client;
      g_mutex_lock (&proxy->lock);
      proxy->connections++;
      if ((fault = g_queue_pop_head (&proxy->faults)) != NULL)
        {
          link->fault = *fault;
          g_free (fault);
        }
      g_ptr_array_add (proxy->threads, g_thread_new ("proxy-link", link_thread, link));
      g_mutex_unlock (&proxy->lock);
    }
}

/**
 * tm_test_proxy_new:
 *
 * A proxy on 127.0.0.1 (tm_test_proxy_get_port()) to 127.0.0.1:@target_port.
 */
TmTestProxy *
tm_test_proxy_new (int target_port)
{
  TmTestProxy *proxy = g_new0 (TmTestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  g_queue_init (&proxy->faults);
  proxy->target_port = target_port;
  proxy->threads = g_ptr_array_new ();
  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (proxy->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (proxy->listener, &error));
  bound = g_socket_get_local_address (proxy->listener, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->acceptor = g_thread_new ("proxy-accept", accept_thread, proxy);
  return proxy;
}

int
tm_test_proxy_get_port (TmTestProxy *proxy)
{
  return proxy->port;
}

/* The next connection suffers @fault; those after it the next ones pushed. */
void
tm_test_proxy_push_fault (TmTestProxy        *proxy,
                          const TmProxyFault *fault)
{
  g_mutex_lock (&proxy->lock);
  g_queue_push_tail (&proxy->faults, g_memdup2 (fault, sizeof *fault));
  g_mutex_unlock (&proxy->lock);
}

guint
tm_test_proxy_get_connections (TmTestProxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->connections;
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint64
tm_test_proxy_get_bytes_up (TmTestProxy *proxy)
{
  guint64 n;

  g_mutex_lock (&proxy->lock);
  n = proxy->bytes_up;
  g_mutex_unlock (&proxy->lock);
  return n;
}

void
tm_test_proxy_free (TmTestProxy *proxy)
{
  g_atomic_int_set (&proxy->stopping, TRUE);
  /* Wakes the acceptor: shutdown ends a blocking accept(). */
  shutdown (g_socket_get_fd (proxy->listener), SHUT_RDWR);
  g_thread_join (proxy->acceptor);
  for (guint i = 0; i < proxy->threads->len; i++)
    g_thread_join (g_ptr_array_index (proxy->threads, i));
  g_ptr_array_unref (proxy->threads);
  g_socket_close (proxy->listener, NULL);
  g_object_unref (proxy->listener);
  g_queue_clear_full (&proxy->faults, g_free);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}
