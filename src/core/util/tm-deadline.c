/* tm-deadline.c: a time after which blocking work is cancelled
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An idle timeout ends a connection that goes silent, not one that trickles: a
 * server sending a byte a second keeps every read alive for ever. A deadline
 * bounds the whole of a request. Blocking calls (libsoup's sync API, GIO
 * streams) take a GCancellable; a deadline is a cancellable that a timer
 * cancels, which also follows the caller's own cancellable. The timers run in
 * one thread of their own, so that a deadline works in a worker thread with no
 * main loop, and cancelling wakes the blocked call at once. */

#include "config.h"

#include "tm-deadline.h"

/* Shared by the deadline and its timer, which may fire while the deadline is
 * being freed in another thread. */
typedef struct
{
  GCancellable *cancellable;   /* what the work is given */
  gint          expired;       /* atomic */
  gint64        grace_usec;    /* from the caller's cancel to the work's */
} Alarm;

struct _TmDeadline
{
  Alarm        *alarm;
  GCancellable *parent;        /* the caller's, followed */
  gulong        parent_handler;
  GSource      *timer;
};

static void
alarm_clear (gpointer data)
{
  Alarm *alarm = data;

  g_object_unref (alarm->cancellable);
}

static void
alarm_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, alarm_clear);
}

static GMainContext *
timer_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *made = g_main_context_new ();
      GMainLoop *loop = g_main_loop_new (made, FALSE);

      /* Lives as long as the process: deadlines may be made at any time. */
      g_thread_unref (g_thread_new ("tm-deadlines", (GThreadFunc) g_main_loop_run, loop));
      g_once_init_leave (&context, made);
    }
  return context;
}

static gboolean
expire_cb (gpointer data)
{
  Alarm *alarm = data;

  g_atomic_int_set (&alarm->expired, TRUE);
  g_cancellable_cancel (alarm->cancellable);
  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

static gboolean
grace_over_cb (gpointer data)
{
  Alarm *alarm = data;

  g_cancellable_cancel (alarm->cancellable);
  return G_SOURCE_REMOVE;
}

/* The work goes on a while: its own timer ends it then, the deadline freed or not. */
static void
parent_cancelled_later_cb (GCancellable *parent,
                           Alarm        *alarm)
{
  GSource *grace = g_timeout_source_new (alarm->grace_usec / 1000);

  g_source_set_callback (grace, grace_over_cb, g_atomic_rc_box_acquire (alarm), alarm_release);
  g_source_set_static_name (grace, "[tm] grace after a cancel");
  g_source_attach (grace, timer_context ());
  g_source_unref (grace);
}

/**
 * tm_deadline_new:
 * @parent: (nullable): the caller's cancellable; cancelling it cancels the deadline's
 * @usec: how long from now
 */
TmDeadline *
tm_deadline_new (GCancellable *parent,
                 gint64        usec)
{
  return tm_deadline_new_with_grace (parent, usec, 0);
}

/**
 * tm_deadline_new_with_grace:
 * @parent: (nullable): the caller's cancellable; cancelling it cancels the
 *   deadline's @grace_usec later
 * @usec: how long from now
 * @grace_usec: how long work already under way may go on after @parent is
 *   cancelled, to end what cannot be undone (a request whose answer says where
 *   the server keeps what it made); 0 for no time at all
 */
TmDeadline *
tm_deadline_new_with_grace (GCancellable *parent,
                            gint64        usec,
                            gint64        grace_usec)
{
  TmDeadline *self = g_new0 (TmDeadline, 1);

  self->alarm = g_atomic_rc_box_new0 (Alarm);
  self->alarm->cancellable = g_cancellable_new ();
  self->alarm->grace_usec = MAX (grace_usec, 0);
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      if (self->alarm->grace_usec > 0)
        self->parent_handler = g_cancellable_connect (parent,
                                                      G_CALLBACK (parent_cancelled_later_cb),
                                                      g_atomic_rc_box_acquire (self->alarm),
                                                      alarm_release);
      else
        self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled_cb),
                                                      g_object_ref (self->alarm->cancellable),
                                                      g_object_unref);
    }
  self->timer = g_timeout_source_new (MAX (usec, 0) / 1000);
  g_source_set_callback (self->timer, expire_cb, g_atomic_rc_box_acquire (self->alarm),
                         alarm_release);
  g_source_set_static_name (self->timer, "[tm] deadline");
  g_source_attach (self->timer, timer_context ());
  return self;
}

GCancellable *
tm_deadline_get_cancellable (TmDeadline *self)
{
  return self->alarm->cancellable;
}

/**
 * tm_deadline_expired:
 *
 * Whether the time ran out (rather than the caller cancelling).
 */
gboolean
tm_deadline_expired (TmDeadline *self)
{
  return self != NULL && g_atomic_int_get (&self->alarm->expired)
         && (self->parent == NULL || !g_cancellable_is_cancelled (self->parent));
}

void
tm_deadline_free (TmDeadline *self)
{
  if (self == NULL)
    return;

  /* A timer firing meanwhile keeps the alarm alive until it is done. */
  g_source_destroy (self->timer);
  g_source_unref (self->timer);
  if (self->parent != NULL)
    {
      g_cancellable_disconnect (self->parent, self->parent_handler);
      g_object_unref (self->parent);
    }
  alarm_release (self->alarm);
  g_free (self);
}
