/* tm-job-item.c: a job of the queue as the Deliveries window shows it, moving
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The catalog's job, and where it stands now: as this process's queue says
 * it while it runs here, or as the catalog saved it (a run from the CLI). Its
 * speed is a moving rate over the last seconds, and the time left is said
 * only once that rate means something: a few seconds of sending, not the
 * first packets of a 15 s upload. Rows bind to its properties. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-format.h"
#include "tm-job-item.h"

/* Samples of the bytes sent, over this long, make the rate. */
#define RATE_WINDOW_USEC  (10 * G_USEC_PER_SEC)
/* A rate is told, and the time left, only over this long a span. */
#define RATE_MEANINGFUL_USEC (3 * G_USEC_PER_SEC)
#define MAX_SAMPLES 64

typedef struct
{
  gint64  time;
  guint64 bytes;
} Sample;

struct _TmJobItem
{
  GObject     parent_instance;

  TmJob      *job;
  TmProgress  progress;
  char       *activity;       /* owned copy of progress.activity */
  gboolean    live;           /* progress from this process's queue */
  gboolean    all_paused;
  GArray     *samples;        /* Sample, oldest first */
  char       *detail;
};

G_DEFINE_FINAL_TYPE (TmJobItem, tm_job_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOB,
  PROP_TITLE,
  PROP_STATE,
  PROP_DETAIL,
  PROP_FRACTION,
  PROP_FILE_TEXT,
  PROP_FILE_FRACTION,
  PROP_CAN_PAUSE,
  PROP_CAN_RESUME,
  PROP_CAN_CANCEL,
  PROP_CAN_RETRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
time_left (double seconds)
{
  if (seconds < 60)
    return g_strdup (_("less than a minute left"));
  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60 + 0.5);

      return g_strdup_printf (ngettext ("about %d min left", "about %d min left", minutes),
                              minutes);
    }
  {
    int hours = (int) (seconds / 3600 + 0.5);

    return g_strdup_printf (ngettext ("about %d hour left", "about %d hours left", hours), hours);
  }
}

/**
 * tm_queue_format_progress:
 * @bytes_per_second: the speed, or 0 when it is not known (well enough) yet
 *
 * "3 of 12 files · 420.0 MB of 1.1 GB · 35.0 MB/s · about 2 min left"
 */
char *
tm_queue_format_progress (const TmProgress *progress,
                          double            bytes_per_second)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (progress->files_total > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%" G_GUINT64_FORMAT " of %"
                                                       G_GUINT64_FORMAT " file",
                                                       "%" G_GUINT64_FORMAT " of %"
                                                       G_GUINT64_FORMAT " files",
                                                       progress->files_total),
                                             progress->files_done, progress->files_total));
  if (progress->bytes_total > 0)
    {
      g_autofree char *done = g_format_size (progress->bytes_done);
      g_autofree char *total = g_format_size (progress->bytes_total);

      g_ptr_array_add (parts, g_strdup_printf (_("%s of %s"), done, total));
    }
  if (bytes_per_second > 0)
    {
      g_autofree char *speed = g_format_size ((guint64) bytes_per_second);

      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
      if (progress->bytes_total > progress->bytes_done)
        g_ptr_array_add (parts, time_left ((progress->bytes_total - progress->bytes_done)
                                           / bytes_per_second));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static TmJobState
state_of (TmJobItem *self)
{
  /* Progress from the queue means it runs, even before the catalog says so. */
  return self->live ? TM_JOB_STATE_RUNNING : tm_job_get_state (self->job);
}

/**
 * tm_job_item_get_rate:
 *
 * Returns: bytes a second over the last seconds, or 0 until that means something
 */
double
tm_job_item_get_rate (TmJobItem *self)
{
  Sample *first, *last;

  g_return_val_if_fail (TM_IS_JOB_ITEM (self), 0);

  if (self->samples->len < 2 || state_of (self) != TM_JOB_STATE_RUNNING)
    return 0;
  first = &g_array_index (self->samples, Sample, 0);
  last = &g_array_index (self->samples, Sample, self->samples->len - 1);
  if (last->time - first->time < RATE_MEANINGFUL_USEC || last->bytes <= first->bytes)
    return 0;
  return (last->bytes - first->bytes) / ((last->time - first->time) / (double) G_USEC_PER_SEC);
}

static char *
state_text (TmJobItem *self)
{
  gint64 run_at = tm_job_get_run_at (self->job);
  g_autofree char *when = NULL;

  switch (state_of (self))
    {
    case TM_JOB_STATE_WAITING:
      if (run_at > g_get_real_time ())
        {
          when = tm_format_when (run_at, g_get_real_time ());
          return tm_job_get_attempts (self->job) > 0
                 ? g_strdup_printf (_("Tries again at %s"), when)
                 : g_strdup_printf (_("Waiting until %s"), when);
        }
      return g_strdup (self->all_paused ? _("Waiting; all deliveries are paused")
                                        : _("Waiting"));
    case TM_JOB_STATE_RUNNING: return g_strdup (_("Running"));
    case TM_JOB_STATE_PAUSED: return g_strdup (_("Paused"));
    case TM_JOB_STATE_DONE: return g_strdup (_("Done"));
    case TM_JOB_STATE_FAILED: return g_strdup (_("Failed"));
    case TM_JOB_STATE_CANCELLED: return g_strdup (_("Cancelled"));
    default: return g_strdup ("");
    }
}

static const char *
kind_label (TmJobKind kind)
{
  switch (kind)
    {
    case TM_JOB_KIND_DELIVER: return _("Delivery");
    case TM_JOB_KIND_POLL: return _("Status check");
    case TM_JOB_KIND_UPDATE: return _("Update");
    case TM_JOB_KIND_TAKEDOWN: return _("Takedown");
    default: return "";
    }
}

/* Where the job stands, as saved, when this process does not run it. */
static TmProgress
saved_progress (TmJob *job)
{
  TmProgress p = { 0, };

  p.files_done = tm_job_get_files_done (job);
  p.files_total = tm_job_get_files_total (job);
  p.bytes_done = tm_job_get_bytes_done (job);
  p.bytes_total = tm_job_get_bytes_total (job);
  return p;
}

static void
update_detail (TmJobItem *self)
{
  TmJobState state = state_of (self);
  TmProgress p = self->live ? self->progress : saved_progress (self->job);
  g_autofree char *text = NULL;

  g_clear_pointer (&self->detail, g_free);
  if (state == TM_JOB_STATE_FAILED && tm_job_get_last_error (self->job) != NULL)
    self->detail = g_strdup (tm_job_get_last_error (self->job));
  else if (state == TM_JOB_STATE_DONE || state == TM_JOB_STATE_CANCELLED
           || tm_job_get_kind (self->job) == TM_JOB_KIND_POLL)
    {
      gint64 finished = tm_job_get_finished_at (self->job);

      if (finished > 0)
        {
          g_autofree char *when = tm_format_when (finished, g_get_real_time ());

          self->detail = g_strdup_printf (_("Ended: %s"), when);
        }
      else
        self->detail = g_strdup (tm_job_get_reason (self->job) != NULL
                                 ? tm_job_get_reason (self->job) : "");
    }
  else if (state == TM_JOB_STATE_RUNNING && self->live && self->activity != NULL)
    /* Work before the files: said, with how far it is. */
    self->detail = p.activity_total > 0
                   ? g_strdup_printf ("%s · %d %%", self->activity,
                                      (int) (100 * p.activity_done / p.activity_total))
                   : g_strdup (self->activity);
  else
    {
      text = tm_queue_format_progress (&p, tm_job_item_get_rate (self));
      self->detail = g_strdup (*text != '\0' ? text : _("Not started"));
    }
}

static void
notify_all (TmJobItem *self)
{
  update_detail (self);
  for (guint i = PROP_TITLE; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}

static void
tm_job_item_dispose (GObject *object)
{
  TmJobItem *self = TM_JOB_ITEM (object);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (tm_job_item_parent_class)->dispose (object);
}

static void
tm_job_item_finalize (GObject *object)
{
  TmJobItem *self = TM_JOB_ITEM (object);

  g_array_unref (self->samples);
  g_free (self->activity);
  g_free (self->detail);

  G_OBJECT_CLASS (tm_job_item_parent_class)->finalize (object);
}

static void
tm_job_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TmJobItem *self = TM_JOB_ITEM (object);
  TmJobState state = state_of (self);
  gboolean work = tm_job_get_kind (self->job) != TM_JOB_KIND_POLL;
  TmProgress p = self->live ? self->progress : saved_progress (self->job);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_TITLE:
      /* TRANSLATORS: a release's title, and the platform it goes to */
      g_value_take_string (value, g_strdup_printf (_("%s → %s"),
                                                   tm_job_get_release_title (self->job) != NULL
                                                   ? tm_job_get_release_title (self->job)
                                                   : _("Untitled Release"),
                                                   tm_job_get_platform_name (self->job) != NULL
                                                   ? tm_job_get_platform_name (self->job)
                                                   : _("a removed platform")));
      break;
    case PROP_STATE:
      {
        g_autofree char *what = state_text (self);

        g_value_take_string (value, g_strdup_printf ("%s · %s",
                                                     kind_label (tm_job_get_kind (self->job)),
                                                     what));
      }
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, p.bytes_total > 0 && state != TM_JOB_STATE_DONE
                                 ? (double) p.bytes_done / p.bytes_total : -1);
      break;
    case PROP_FILE_TEXT:
      if (state == TM_JOB_STATE_RUNNING && p.file_bytes_total > 0)
        {
          g_autofree char *done = g_format_size (p.file_bytes_done);
          g_autofree char *total = g_format_size (p.file_bytes_total);

          g_value_take_string (value, g_strdup_printf (_("File %" G_GUINT64_FORMAT " of %"
                                                         G_GUINT64_FORMAT ": %s of %s"),
                                                       MIN (p.files_done + 1, p.files_total),
                                                       p.files_total, done, total));
        }
      else
        g_value_set_string (value, NULL);
      break;
    case PROP_FILE_FRACTION:
      g_value_set_double (value, state == TM_JOB_STATE_RUNNING && p.file_bytes_total > 0
                                 ? (double) p.file_bytes_done / p.file_bytes_total : -1);
      break;
    case PROP_CAN_PAUSE:
      g_value_set_boolean (value, work && (state == TM_JOB_STATE_WAITING
                                           || state == TM_JOB_STATE_RUNNING));
      break;
    case PROP_CAN_RESUME:
      g_value_set_boolean (value, work && state == TM_JOB_STATE_PAUSED);
      break;
    case PROP_CAN_CANCEL:
      g_value_set_boolean (value, work && (state == TM_JOB_STATE_WAITING
                                           || state == TM_JOB_STATE_RUNNING
                                           || state == TM_JOB_STATE_PAUSED));
      break;
    case PROP_CAN_RETRY:
      g_value_set_boolean (value, work && (state == TM_JOB_STATE_FAILED
                                           || state == TM_JOB_STATE_CANCELLED));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
readable_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
readable_fraction (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -1, 1, -1,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
readable_boolean (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tm_job_item_class_init (TmJobItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tm_job_item_dispose;
  object_class->finalize = tm_job_item_finalize;
  object_class->get_property = tm_job_item_get_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, TM_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "Release → Platform" */
  properties[PROP_TITLE] = readable_string ("title");
  /* "Delivery · Running" */
  properties[PROP_STATE] = readable_string ("state");
  /* The progress line, the error, or when it ended. */
  properties[PROP_DETAIL] = readable_string ("detail");
  /* Of the whole job; -1 when there is no bar to show. */
  properties[PROP_FRACTION] = readable_fraction ("fraction");
  properties[PROP_FILE_TEXT] = readable_string ("file-text");
  properties[PROP_FILE_FRACTION] = readable_fraction ("file-fraction");
  properties[PROP_CAN_PAUSE] = readable_boolean ("can-pause");
  properties[PROP_CAN_RESUME] = readable_boolean ("can-resume");
  properties[PROP_CAN_CANCEL] = readable_boolean ("can-cancel");
  properties[PROP_CAN_RETRY] = readable_boolean ("can-retry");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_job_item_init (TmJobItem *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
}

static void
job_changed_cb (TmJobItem *self)
{
  /* The catalog says where it stands: what was live is over once it ended. */
  if (tm_job_get_state (self->job) != TM_JOB_STATE_RUNNING)
    self->live = FALSE;
  notify_all (self);
}

/**
 * tm_job_item_set_job:
 *
 * Follows @job, the job list's object for the same job.
 */
void
tm_job_item_set_job (TmJobItem *self,
                     TmJob     *job)
{
  g_return_if_fail (TM_IS_JOB_ITEM (self));

  if (self->job == job)
    return;
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);
  g_signal_connect_object (job, "notify", G_CALLBACK (job_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  job_changed_cb (self);
}

TmJobItem *
tm_job_item_new (TmJob *job)
{
  TmJobItem *self = g_object_new (TM_TYPE_JOB_ITEM, NULL);

  tm_job_item_set_job (self, job);
  return self;
}

TmJob *
tm_job_item_get_job (TmJobItem *self)
{
  g_return_val_if_fail (TM_IS_JOB_ITEM (self), NULL);

  return self->job;
}

/**
 * tm_job_item_set_progress:
 * @now: the monotonic time of @progress
 *
 * Where the job stands, as this process's queue says while it runs it.
 */
void
tm_job_item_set_progress (TmJobItem        *self,
                          const TmProgress *progress,
                          gint64            now)
{
  Sample sample = { now, progress->bytes_done };

  g_return_if_fail (TM_IS_JOB_ITEM (self));

  /* Sent again from the start (a retry): the rate starts again too. */
  if (self->samples->len > 0
      && progress->bytes_done < g_array_index (self->samples, Sample, self->samples->len - 1).bytes)
    g_array_set_size (self->samples, 0);
  g_array_append_val (self->samples, sample);
  while (self->samples->len > 2
         && (now - g_array_index (self->samples, Sample, 0).time > RATE_WINDOW_USEC
             || self->samples->len > MAX_SAMPLES))
    g_array_remove_index (self->samples, 0);

  self->progress = *progress;
  g_free (self->activity);
  self->activity = g_strdup (progress->activity);
  self->progress.activity = self->activity;
  self->live = TRUE;
  notify_all (self);
}

const char *
tm_job_item_get_detail (TmJobItem *self)
{
  g_return_val_if_fail (TM_IS_JOB_ITEM (self), NULL);

  return self->detail;
}

void
tm_job_item_set_all_paused (TmJobItem *self,
                            gboolean   all_paused)
{
  g_return_if_fail (TM_IS_JOB_ITEM (self));

  if (self->all_paused == !!all_paused)
    return;
  self->all_paused = !!all_paused;
  notify_all (self);
}
