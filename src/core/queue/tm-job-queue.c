/* tm-job-queue.c: runs the delivery jobs kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The queue lives on the main context. A tick claims the jobs that may run now
 * (priority, then time; within the global, per-platform and rate limits) and
 * starts each on its delivery target, whose blocking work runs in a worker
 * thread. Whatever a job comes to, the job row, the distribution's status and its
 * history row change in one transaction. A job is claimed with this process's
 * name; when its process is gone, the next queue to start takes it back, and the
 * delivery goes on from where it stood. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "tm-delivery-error.h"
#include "tm-distributor.h"
#include "tm-job-queue-private.h"
#include "tm-platform-settings.h"
#include "tm-release-package.h"
#include "tm-retry-policy.h"

#define DEFAULT_TICK_MS        1000
#define LEASE_USEC             (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define DEFAULT_POLL_USEC      (G_GINT64_CONSTANT (600) * G_USEC_PER_SEC)
#define FIRST_POLL_USEC        (G_GINT64_CONSTANT (10) * G_USEC_PER_SEC)
#define PROGRESS_SAVE_USEC     (G_GINT64_CONSTANT (2) * G_USEC_PER_SEC)

struct _TmJobQueue
{
  GObject              parent_instance;

  TmCatalog           *catalog;        /* owned; this thread's connection */
  char                *owner;          /* "host:pid", written on claimed jobs */
  GHashTable          *running;        /* job id -> Running */
  GHashTable          *starts;         /* platform id -> GArray of start times, for rate limits */
  GRand               *rand;
  TmClockFunc          clock;
  gpointer             clock_data;
  TmTargetFactoryFunc  factory;
  gpointer             factory_data;
  guint                tick_id;
  guint                tick_ms;
  guint                poke_id;
  gboolean             started;
};

G_DEFINE_FINAL_TYPE (TmJobQueue, tm_job_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_RUNNING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  JOB_STARTED,
  JOB_PROGRESS,
  JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  TmJobQueue       *queue;          /* owned: the queue outlives its runs */
  gint64            job_id;
  TmJobKind         kind;
  gint64            distribution_id;
  gint64            platform_id;
  TmDeliveryTarget *target;
  GCancellable     *cancellable;
  gboolean          measured;       /* its tracks' lengths were measured for it */
  GMutex            lock;           /* guards progress, written by the worker */
  TmProgress        progress;
  gint64            progress_saved;
  guint             progress_idle;
  gint64            started;        /* monotonic, for the debug log */
} Running;

static void
running_free (gpointer data)
{
  Running *run = data;

  g_clear_handle_id (&run->progress_idle, g_source_remove);
  g_clear_object (&run->queue);
  g_clear_object (&run->target);
  g_clear_object (&run->cancellable);
  g_mutex_clear (&run->lock);
  g_free (run);
}

static void schedule_tick (TmJobQueue *self);

gint64
tm_job_queue_now (TmJobQueue *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
}

static void
notify_counts (TmJobQueue *self,
               guint       before)
{
  guint now = g_hash_table_size (self->running);

  if (now == before)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  if ((before == 0) != (now == 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
warn_unsaved (const char   *what,
              const GError *error)
{
  g_warning ("Could not record %s in the catalog: %s", what, error->message);
}

/* Finishing a job */

static char *
failure_details (const GError    *error,
                 TmErrorCategory  category)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  const char *hint = tm_delivery_error_get_hint (error);

  json_object_set_string_member (object, "error", error->message);
  json_object_set_string_member (object, "category", tm_error_category_to_string (category));
  if (hint != NULL)
    json_object_set_string_member (object, "hint", hint);
  if (tm_delivery_error_get_action (error) != TM_ERROR_ACTION_NONE)
    json_object_set_string_member (object, "action",
                                   tm_enum_to_nick (TM_TYPE_ERROR_ACTION,
                                                    tm_delivery_error_get_action (error)));
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* Moves the distribution to @to if it may go there from where it is. */
static gboolean
move_if_allowed (TmJobQueue            *self,
                 gint64                 distribution_id,
                 TmDistributionStatus   to,
                 TmActor                actor,
                 const char            *details,
                 GError               **error)
{
  g_autoptr(TmDistribution) d = tm_catalog_get_distribution (self->catalog, distribution_id,
                                                             error);

  if (d == NULL)
    return FALSE;

  if (tm_distribution_get_status (d) == to
      || !tm_distribution_status_can_transition (tm_distribution_get_status (d), to))
    return TRUE;

  return tm_catalog_transition (self->catalog, distribution_id, to, actor, details, error);
}

static void
finish_run (TmJobQueue *self,
            Running    *run,
            TmJob      *job)
{
  /* The run held the queue: the last reference may go with it. */
  TmJobQueue *hold = g_object_ref (self);
  guint before = g_hash_table_size (self->running);

  g_debug ("Job %" G_GINT64_FORMAT ": recorded after %.1f ms", run->job_id,
           (g_get_monotonic_time () - run->started) / 1000.0);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
  g_hash_table_remove (self->running, &run->job_id);
  notify_counts (self, before);
  tm_job_queue_poke (self);
  g_object_unref (hold);
}

static TmJob *
reload_job (TmJobQueue *self,
            gint64      job_id)
{
  return tm_catalog_get_job (self->catalog, job_id, NULL);
}

/* Whether the job was paused or cancelled from elsewhere while it ran. */
static gboolean
was_stopped (TmJob *job)
{
  return job == NULL || tm_job_get_state (job) != TM_JOB_STATE_RUNNING;
}

static void
job_failed (TmJobQueue   *self,
            Running      *run,
            const GError *error)
{
  g_autoptr(TmJob) job = reload_job (self, run->job_id);
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *details = NULL;
  TmErrorCategory category = tm_error_classify (error);
  TmDistributionStatus target = TM_DISTRIBUTION_STATUS_FAILED;
  gboolean move = TRUE;
  TmRetryDecision decision;
  gint64 now = tm_job_queue_now (self);

  if (was_stopped (job))
    {
      finish_run (self, run, job);
      return;
    }

  decision = tm_retry_policy_decide (category, tm_job_get_attempts (job),
                                     tm_job_get_immediate_retries (job),
                                     tm_delivery_error_get_retry_after (error), now,
                                     g_rand_double (self->rand));
  details = failure_details (error, category);

  tm_job_set_last_error (job, error->message);
  tm_job_set_error_category (job, tm_error_category_to_string (category));
  tm_job_set_owner (job, NULL);

  switch (decision.action)
    {
    case TM_RETRY_NOW:
      tm_job_set_immediate_retries (job, tm_job_get_immediate_retries (job) + 1);
      tm_job_set_state (job, TM_JOB_STATE_WAITING);
      tm_job_set_run_at (job, now);
      break;
    case TM_RETRY_LATER:
      tm_job_set_state (job, TM_JOB_STATE_WAITING);
      tm_job_set_run_at (job, decision.at);
      break;
    case TM_RETRY_GIVE_UP:
    case TM_RETRY_NEEDS_ATTENTION:
    default:
      tm_job_set_state (job, TM_JOB_STATE_FAILED);
      tm_job_set_finished_at (job, now);
      break;
    }

  if (!tm_catalog_begin (self->catalog, &local_error))
    goto out;

  distribution = tm_catalog_get_distribution (self->catalog, run->distribution_id, &local_error);
  /* A look at the platform that failed is the look's trouble, not the release's:
   * a live release does not show it. */
  if (distribution != NULL && run->kind != TM_JOB_KIND_POLL)
    {
      tm_distribution_set_attempts (distribution, tm_job_get_attempts (job));
      tm_distribution_set_last_error (distribution, error->message);
      tm_distribution_set_error_category (distribution, tm_error_category_to_string (category));
      tm_distribution_set_next_attempt_at (distribution, decision.action == TM_RETRY_LATER
                                                         ? decision.at : 0);
    }

  /* A poll that fails changes nothing but the poll; an update or a takedown that
   * will be tried again stays where it is. */
  if (decision.action == TM_RETRY_NEEDS_ATTENTION)
    target = TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION;
  else if (decision.action == TM_RETRY_GIVE_UP)
    target = TM_DISTRIBUTION_STATUS_FAILED;
  else if (run->kind == TM_JOB_KIND_DELIVER)
    target = TM_DISTRIBUTION_STATUS_RETRYING;
  else
    move = FALSE;

  if (distribution == NULL
      || !tm_catalog_update_job (self->catalog, job, &local_error)
      || !tm_catalog_update_distribution (self->catalog, distribution, &local_error)
      || (move && run->kind != TM_JOB_KIND_POLL
          && !move_if_allowed (self, run->distribution_id, target,
                               /* A rejection is the platform's; a failure on the way ours. */
                               tm_delivery_error_get_from_platform (error)
                               && target != TM_DISTRIBUTION_STATUS_RETRYING
                               ? TM_ACTOR_PLATFORM : TM_ACTOR_QUEUE,
                               details, &local_error)))
    {
      tm_catalog_rollback (self->catalog);
      goto out;
    }

  tm_catalog_commit (self->catalog, &local_error);

out:
  if (local_error != NULL)
    warn_unsaved ("a failed attempt", local_error);
  finish_run (self, run, job);
}

/* When to look at the platform next: soon after the delivery (a platform may
 * take it in seconds, as the Sandbox does), then less and less often (a
 * quarter of the time waited so far), at most every queue.poll-seconds. */
static gint64
poll_delay (TmJobQueue *self,
            gint64      waiting_since,
            gint64      now)
{
  g_autofree char *interval = tm_catalog_get_setting (self->catalog, "queue.poll-seconds", NULL);
  gint64 longest = interval != NULL ? g_ascii_strtoll (interval, NULL, 10) * G_USEC_PER_SEC
                                    : DEFAULT_POLL_USEC;
  gint64 waited = waiting_since > 0 && now > waiting_since ? now - waiting_since : 0;

  if (longest <= 0)
    longest = DEFAULT_POLL_USEC;
  return MIN (longest, MAX (FIRST_POLL_USEC, waited / 4));
}

static gboolean
add_poll (TmJobQueue     *self,
          TmJob          *after,
          GError        **error)
{
  g_autoptr(TmJob) poll = tm_job_new ();
  gint64 delay = poll_delay (self, 0, tm_job_queue_now (self));

  tm_job_set_distribution_id (poll, tm_job_get_distribution_id (after));
  tm_job_set_release_id (poll, tm_job_get_release_id (after));
  tm_job_set_platform_id (poll, tm_job_get_platform_id (after));
  tm_job_set_kind (poll, TM_JOB_KIND_POLL);
  tm_job_set_priority (poll, TM_JOB_PRIORITY_LOW);
  tm_job_set_run_at (poll, tm_job_queue_now (self) + delay);
  tm_job_set_batch_id (poll, tm_job_get_batch_id (after));

  return tm_catalog_add_job (self->catalog, poll, error);
}

static gboolean
is_settled (TmDistributionStatus status)
{
  return status == TM_DISTRIBUTION_STATUS_LIVE || status == TM_DISTRIBUTION_STATUS_REMOVED
         || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION
         || status == TM_DISTRIBUTION_STATUS_UPDATED;
}

/* The platform answered: the distribution moves on, and is looked at again later
 * unless it has settled. */
static void
job_succeeded (TmJobQueue       *self,
               Running          *run,
               TmDeliveryResult *result)
{
  g_autoptr(TmJob) job = reload_job (self, run->job_id);
  g_autoptr(GError) local_error = NULL;
  gint64 now = tm_job_queue_now (self);
  /* A poll with nothing new, or only notes, looks again later. */
  gboolean settled = result == NULL || result->unchanged ? run->kind != TM_JOB_KIND_POLL
                                                         : is_settled (result->status);

  if (was_stopped (job))
    {
      finish_run (self, run, job);
      return;
    }

  if (!tm_catalog_begin (self->catalog, &local_error))
    goto out;

  if (result != NULL
      && !tm_distributor_apply_status (self->catalog, run->distribution_id, result,
                                       result->by_platform ? TM_ACTOR_PLATFORM : TM_ACTOR_QUEUE,
                                       &local_error))
    {
      tm_catalog_rollback (self->catalog);
      goto out;
    }

  tm_job_set_owner (job, NULL);
  tm_job_set_immediate_retries (job, 0);
  tm_job_set_last_error (job, NULL);
  tm_job_set_error_category (job, NULL);

  if (run->kind == TM_JOB_KIND_POLL && !settled)
    {
      tm_job_set_state (job, TM_JOB_STATE_WAITING);
      tm_job_set_run_at (job, now + poll_delay (self, tm_job_get_created_at (job), now));
      /* A look asked for now is done: the next is an ordinary one. */
      tm_job_set_priority (job, TM_JOB_PRIORITY_LOW);
      tm_job_set_attempts (job, 0);
    }
  else
    {
      tm_job_set_state (job, TM_JOB_STATE_DONE);
      tm_job_set_finished_at (job, now);
    }

  if (!tm_catalog_update_job (self->catalog, job, &local_error)
      || (run->kind != TM_JOB_KIND_POLL && !settled && !add_poll (self, job, &local_error)))
    {
      tm_catalog_rollback (self->catalog);
      goto out;
    }

  tm_catalog_commit (self->catalog, &local_error);

out:
  if (local_error != NULL)
    warn_unsaved ("a finished job", local_error);
  finish_run (self, run, job);
}

/* Progress, from the worker thread to the main context */

static gboolean
progress_idle_cb (gpointer user_data)
{
  Running *run = user_data;
  TmJobQueue *self = run->queue;
  gint64 now = g_get_monotonic_time ();
  TmProgress progress;

  g_mutex_lock (&run->lock);
  run->progress_idle = 0;
  progress = run->progress;
  g_mutex_unlock (&run->lock);

  /* The catalog hears of it now and then, so a restart knows roughly how far it got. */
  if (now - run->progress_saved > PROGRESS_SAVE_USEC)
    {
      g_autoptr(TmJob) job = reload_job (self, run->job_id);

      run->progress_saved = now;
      if (!was_stopped (job))
        {
          tm_job_set_files_done (job, progress.files_done);
          tm_job_set_files_total (job, progress.files_total);
          tm_job_set_bytes_done (job, progress.bytes_done);
          tm_job_set_bytes_total (job, progress.bytes_total);
          tm_job_set_lease_until (job, tm_job_queue_now (self) + LEASE_USEC);
          tm_catalog_update_job (self->catalog, job, NULL);
        }
    }

  g_signal_emit (self, signals[JOB_PROGRESS], 0, run->job_id);
  return G_SOURCE_REMOVE;
}

/* Runs in the target's worker thread. */
static void
progress_cb (const TmProgress *progress,
             gpointer          user_data)
{
  Running *run = user_data;

  g_mutex_lock (&run->lock);
  run->progress = *progress;
  if (run->progress_idle == 0)
    run->progress_idle = g_idle_add (progress_idle_cb, run);
  g_mutex_unlock (&run->lock);
}

gboolean
tm_job_queue_get_progress (TmJobQueue *self,
                           gint64      job_id,
                           TmProgress *progress)
{
  Running *run;

  g_return_val_if_fail (TM_IS_JOB_QUEUE (self), FALSE);

  if (!(run = g_hash_table_lookup (self->running, &job_id)))
    return FALSE;

  g_mutex_lock (&run->lock);
  *progress = run->progress;
  g_mutex_unlock (&run->lock);
  return TRUE;
}

/* Running the four kinds of job */

static void
target_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Running *run = user_data;
  TmDeliveryTarget *target = TM_DELIVERY_TARGET (object);
  g_autoptr(TmDeliveryResult) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = tm_delivery_target_finish (target, result, &error);
  g_debug ("Job %" G_GINT64_FORMAT ": the target answered after %.1f ms", run->job_id,
           (g_get_monotonic_time () - run->started) / 1000.0);

  /* The worker may have asked for one more progress report; it is not needed now. */
  g_mutex_lock (&run->lock);
  g_clear_handle_id (&run->progress_idle, g_source_remove);
  g_mutex_unlock (&run->lock);

  if (error != NULL)
    job_failed (run->queue, run, error);
  else
    job_succeeded (run->queue, run, answer);
}

/* Brings a delivery to `uploading`, from wherever a first try or an interrupted
 * one left it. Returns FALSE with no error when there is nothing left to do. */
static gboolean
prepare_delivery (TmJobQueue      *self,
                  TmDistribution  *distribution,
                  gboolean        *done,
                  GError         **error)
{
  gint64 id = tm_record_get_id (TM_RECORD (distribution));
  TmDistributionStatus status = tm_distribution_get_status (distribution);

  *done = FALSE;
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_SCHEDULED:
      if (!tm_catalog_transition (self->catalog, id, TM_DISTRIBUTION_STATUS_QUEUED,
                                  TM_ACTOR_QUEUE, NULL, error))
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case TM_DISTRIBUTION_STATUS_QUEUED:
    case TM_DISTRIBUTION_STATUS_RETRYING:
      return tm_catalog_transition (self->catalog, id, TM_DISTRIBUTION_STATUS_PREPARING,
                                    TM_ACTOR_QUEUE, NULL, error);
    case TM_DISTRIBUTION_STATUS_PREPARING:
    case TM_DISTRIBUTION_STATUS_UPLOADING:
      return TRUE;
    default:
      /* Delivered already (the job ended after its delivery), or stopped by a person. */
      *done = TRUE;
      return TRUE;
    }
}

static gboolean
writes_ddex (TmPlatform *platform)
{
  g_autoptr(TmPlatformSettings) settings = tm_platform_settings_new_for_platform (platform, NULL);

  return settings != NULL && tm_platform_settings_writes_ddex (settings);
}

static gboolean start_target (TmJobQueue  *self,
                              Running     *run,
                              TmJob       *job,
                              GError     **error);

/* The tracks were measured: the job starts again, with a package that knows
 * their lengths (or one that says which could not be measured). */
static void
measured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Running *run = user_data;
  TmJobQueue *self = run->queue;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmJob) job = NULL;

  if (!tm_release_package_measure_finish (result, &error)
      || !(job = reload_job (self, run->job_id)))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped"));
      job_failed (self, run, error);
      return;
    }
  if (!start_target (self, run, job, &error))
    job_failed (self, run, error);
}

static gboolean
start_target (TmJobQueue  *self,
              Running     *run,
              TmJob       *job,
              GError     **error)
{
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmPackage) package = NULL;
  gboolean done = FALSE;

  if (!(distribution = tm_catalog_get_distribution (self->catalog, run->distribution_id, error))
      || !(platform = tm_catalog_get_platform (self->catalog, run->platform_id, error)))
    return FALSE;

  if (run->kind == TM_JOB_KIND_DELIVER)
    {
      if (!prepare_delivery (self, distribution, &done, error))
        return FALSE;
      if (done)
        {
          job_succeeded (self, run, NULL);
          return TRUE;
        }
    }

  if (run->kind != TM_JOB_KIND_POLL)
    {
      g_auto(GStrv) unmeasured = NULL;

      if (!(package = tm_release_package_new (self->catalog,
                                              tm_distribution_get_release_id (distribution),
                                              run->distribution_id, error)))
        return FALSE;
      /* A DDEX message needs every track's length: lengths never measured
       * are measured first, in a worker thread. */
      if (!run->measured && writes_ddex (platform)
          && (unmeasured = tm_release_package_unmeasured (package)) != NULL)
        {
          run->measured = TRUE;
          tm_release_package_measure_async (self->catalog, (const char * const *) unmeasured,
                                            run->cancellable, measured_cb, run);
          return TRUE;
        }
      tm_package_set_reason (package, tm_job_get_reason (job));
      tm_package_set_attempt (package, run->job_id);
    }

  run->target = self->factory != NULL ? self->factory (platform, self->factory_data, error)
                                      : tm_delivery_target_new_for_platform (platform, error);
  if (run->target == NULL)
    return FALSE;

  switch (run->kind)
    {
    case TM_JOB_KIND_DELIVER:
      run->progress.files_total = tm_package_get_files (package)->len;
      run->progress.bytes_total = tm_package_get_total_bytes (package);
      if (!move_if_allowed (self, run->distribution_id, TM_DISTRIBUTION_STATUS_UPLOADING,
                            TM_ACTOR_QUEUE, NULL,
                            error))
        return FALSE;
      g_debug ("Job %" G_GINT64_FORMAT ": delivery starts after %.1f ms", run->job_id,
               (g_get_monotonic_time () - run->started) / 1000.0);
      tm_delivery_target_deliver_async (run->target, package, progress_cb, run, run->cancellable,
                                        target_done_cb, run);
      break;
    case TM_JOB_KIND_POLL:
      tm_delivery_target_poll_status_async (run->target,
                                            tm_distribution_get_platform_reference (distribution),
                                            run->cancellable, target_done_cb, run);
      break;
    case TM_JOB_KIND_UPDATE:
      tm_delivery_target_update_metadata_async (run->target, package, run->cancellable,
                                                target_done_cb, run);
      break;
    case TM_JOB_KIND_TAKEDOWN:
    default:
      tm_delivery_target_takedown_async (run->target, package, run->cancellable, target_done_cb,
                                         run);
      break;
    }

  return TRUE;
}

static void
start_job (TmJobQueue *self,
           TmJob      *job)
{
  Running *run = g_new0 (Running, 1);
  g_autoptr(GError) error = NULL;
  guint before = g_hash_table_size (self->running);

  /* The queue lives until its work under way has answered: a worker's
   * answer always finds it (stop() cancels them, and they answer soon). */
  run->queue = g_object_ref (self);
  run->job_id = tm_record_get_id (TM_RECORD (job));
  run->kind = tm_job_get_kind (job);
  run->distribution_id = tm_job_get_distribution_id (job);
  run->platform_id = tm_job_get_platform_id (job);
  run->cancellable = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  g_mutex_init (&run->lock);
  g_hash_table_insert (self->running, &run->job_id, run);
  notify_counts (self, before);
  g_signal_emit (self, signals[JOB_STARTED], 0, job);

  if (!start_target (self, run, job, &error))
    job_failed (self, run, error);
}

/* Choosing what runs */

static guint
running_on_platform (TmJobQueue *self,
                     gint64      platform_id)
{
  GHashTableIter iter;
  Running *run;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    n += run->platform_id == platform_id && run->kind != TM_JOB_KIND_POLL;

  return n;
}

/* Counts and records a start against the platform's requests per minute. */
static gboolean
take_rate (TmJobQueue *self,
           TmPlatform *platform,
           gint64      now)
{
  int limit = tm_platform_get_rate_limit (platform);
  gint64 id = tm_record_get_id (TM_RECORD (platform));
  GArray *times;

  if (limit <= 0)
    return TRUE;

  if (!(times = g_hash_table_lookup (self->starts, &id)))
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->starts, key, times);
    }

  while (times->len > 0 && g_array_index (times, gint64, 0) <= now - 60 * G_USEC_PER_SEC)
    g_array_remove_index (times, 0);

  if (times->len >= (guint) limit)
    return FALSE;

  g_array_append_val (times, now);
  return TRUE;
}

static guint
global_limit (TmJobQueue *self)
{
  g_autofree char *value = tm_catalog_get_setting (self->catalog, "queue.concurrency", NULL);
  gint64 n = value != NULL ? g_ascii_strtoll (value, NULL, 10) : TM_JOB_QUEUE_DEFAULT_CONCURRENCY;

  return CLAMP (n, 1, 64);
}

static gboolean
globally_paused (TmJobQueue *self)
{
  g_autofree char *value = tm_catalog_get_setting (self->catalog, "queue.paused", NULL);

  return g_strcmp0 (value, "1") == 0;
}

/* Jobs paused or cancelled by someone else (the CLI, another window) stop here. */
static void
follow_external_stops (TmJobQueue *self)
{
  GHashTableIter iter;
  Running *run;

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    {
      g_autoptr(TmJob) job = reload_job (self, run->job_id);

      if (was_stopped (job) || g_strcmp0 (tm_job_get_owner (job), self->owner) != 0)
        g_cancellable_cancel (run->cancellable);
      else if (tm_job_get_lease_until (job) < tm_job_queue_now (self) + LEASE_USEC / 2)
        {
          tm_job_set_lease_until (job, tm_job_queue_now (self) + LEASE_USEC);
          tm_catalog_update_job (self->catalog, job, NULL);
        }
    }
}

static void
start_runnable (TmJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GHashTable) platforms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 now = tm_job_queue_now (self);
  guint limit;

  if (globally_paused (self))
    return;

  limit = global_limit (self);
  if (g_hash_table_size (self->running) >= limit)
    return;

  if (!(jobs = tm_catalog_list_jobs (self->catalog,
                                     &(TmJobQuery) {
                                       .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING),
                                       .due_by = now },
                                     &error)))
    {
      warn_unsaved ("the queue's next jobs", error);
      return;
    }

  for (guint i = 0; i < jobs->len && g_hash_table_size (self->running) < limit; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);
      gint64 platform_id = tm_job_get_platform_id (job);
      TmPlatform *platform = g_hash_table_lookup (platforms, &platform_id);

      if (platform == NULL)
        {
          if (!(platform = tm_catalog_get_platform (self->catalog, platform_id, NULL)))
            continue;
          g_hash_table_insert (platforms, g_memdup2 (&platform_id, sizeof platform_id), platform);
        }

      if (!tm_platform_get_enabled (platform))
        continue;
      if (tm_job_get_kind (job) != TM_JOB_KIND_POLL
          && running_on_platform (self, platform_id)
             >= (guint) tm_platform_get_concurrency (platform))
        continue;
      if (!take_rate (self, platform, now))
        continue;

      if (!tm_catalog_claim_job (self->catalog, tm_record_get_id (TM_RECORD (job)), self->owner,
                                 now + LEASE_USEC, &error))
        {
          if (error != NULL)
            {
              warn_unsaved ("a claimed job", error);
              g_clear_error (&error);
            }
          continue;
        }

      {
        g_autoptr(TmJob) claimed = reload_job (self, tm_record_get_id (TM_RECORD (job)));
        if (claimed != NULL)
          start_job (self, claimed);
      }
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  TmJobQueue *self = user_data;

  follow_external_stops (self);
  start_runnable (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
poke_cb (gpointer user_data)
{
  TmJobQueue *self = user_data;

  self->poke_id = 0;
  tick_cb (self);
  return G_SOURCE_REMOVE;
}

void
tm_job_queue_poke (TmJobQueue *self)
{
  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  if (self->started && self->poke_id == 0)
    self->poke_id = g_idle_add (poke_cb, self);
}

static void
schedule_tick (TmJobQueue *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->started)
    self->tick_id = g_timeout_add (self->tick_ms, tick_cb, self);
}

/* Whether the process named in @owner ("host:pid") is still running. */
static gboolean
owner_alive (const char *owner)
{
  g_auto(GStrv) parts = NULL;
  guint64 pid;

  if (owner == NULL)
    return FALSE;

  parts = g_strsplit (owner, ":", 2);
  if (parts[0] == NULL || parts[1] == NULL || !g_str_equal (parts[0], g_get_host_name ())
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT, &pid, NULL))
    return FALSE;

  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* Jobs whose process died while running them wait again; they go on from where
 * their delivery stands. The interrupted attempt is not counted. */
static void
recover (TmJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = tm_job_queue_now (self);

  if (!(jobs = tm_catalog_list_jobs (self->catalog,
                                     &(TmJobQuery) {
                                       .states = TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING) },
                                     &error)))
    {
      warn_unsaved ("recovered jobs", error);
      return;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);

      if (owner_alive (tm_job_get_owner (job)) && tm_job_get_lease_until (job) > now)
        continue;

      g_debug ("Job %" G_GINT64_FORMAT " was left running by %s; it goes on",
               tm_record_get_id (TM_RECORD (job)), tm_job_get_owner (job));
      tm_job_set_state (job, TM_JOB_STATE_WAITING);
      tm_job_set_owner (job, NULL);
      tm_job_set_attempts (job, MAX (tm_job_get_attempts (job) - 1, 0));
      if (!tm_catalog_update_job (self->catalog, job, &error))
        {
          warn_unsaved ("a recovered job", error);
          g_clear_error (&error);
        }
    }
}

void
tm_job_queue_start (TmJobQueue *self)
{
  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  if (self->started)
    return;

  self->started = TRUE;
  recover (self);
  schedule_tick (self);
  tm_job_queue_poke (self);
}

/**
 * tm_job_queue_stop:
 *
 * Stops starting jobs and cancels those under way; they wait in the catalog and
 * go on at the next start.
 */
void
tm_job_queue_stop (TmJobQueue *self)
{
  GHashTableIter iter;
  Running *run;

  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  self->started = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->poke_id, g_source_remove);

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    {
      g_autoptr(TmJob) job = reload_job (self, run->job_id);

      g_cancellable_cancel (run->cancellable);
      if (!was_stopped (job))
        {
          tm_job_set_state (job, TM_JOB_STATE_WAITING);
          tm_job_set_owner (job, NULL);
          tm_job_set_attempts (job, MAX (tm_job_get_attempts (job) - 1, 0));
          tm_catalog_update_job (self->catalog, job, NULL);
        }
    }
}

guint
tm_job_queue_get_n_running (TmJobQueue *self)
{
  g_return_val_if_fail (TM_IS_JOB_QUEUE (self), 0);

  return g_hash_table_size (self->running);
}

gboolean
tm_job_queue_get_busy (TmJobQueue *self)
{
  g_return_val_if_fail (TM_IS_JOB_QUEUE (self), FALSE);

  return g_hash_table_size (self->running) > 0;
}

/**
 * tm_job_queue_is_idle:
 *
 * Nothing runs and nothing may start now (jobs scheduled later do not count).
 */
gboolean
tm_job_queue_is_idle (TmJobQueue *self)
{
  g_autoptr(GPtrArray) due = NULL;

  g_return_val_if_fail (TM_IS_JOB_QUEUE (self), TRUE);

  if (g_hash_table_size (self->running) > 0)
    return FALSE;
  if (globally_paused (self))
    return TRUE;

  due = tm_catalog_list_jobs (self->catalog,
                              &(TmJobQuery) {
                                .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING)
                                          | TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING),
                                .due_by = tm_job_queue_now (self) },
                              NULL);
  return due == NULL || due->len == 0;
}

void
tm_job_queue_set_clock (TmJobQueue  *self,
                        TmClockFunc  clock,
                        gpointer     user_data)
{
  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
tm_job_queue_set_target_factory (TmJobQueue          *self,
                                 TmTargetFactoryFunc  factory,
                                 gpointer             user_data)
{
  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  self->factory = factory;
  self->factory_data = user_data;
}

void
tm_job_queue_set_tick_interval (TmJobQueue *self,
                                guint       milliseconds)
{
  g_return_if_fail (TM_IS_JOB_QUEUE (self));

  self->tick_ms = MAX (milliseconds, 1);
  schedule_tick (self);
}

static void
tm_job_queue_dispose (GObject *object)
{
  TmJobQueue *self = TM_JOB_QUEUE (object);

  if (self->started)
    tm_job_queue_stop (self);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_job_queue_parent_class)->dispose (object);
}

static void
tm_job_queue_finalize (GObject *object)
{
  TmJobQueue *self = TM_JOB_QUEUE (object);

  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->starts, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->owner, g_free);

  G_OBJECT_CLASS (tm_job_queue_parent_class)->finalize (object);
}

static void
tm_job_queue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TmJobQueue *self = TM_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_RUNNING:
      g_value_set_uint (value, tm_job_queue_get_n_running (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, tm_job_queue_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_job_queue_class_init (TmJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tm_job_queue_dispose;
  object_class->finalize = tm_job_queue_finalize;
  object_class->get_property = tm_job_queue_get_property;

  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, TM_TYPE_JOB);
  signals[JOB_PROGRESS] =
    g_signal_new ("job-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * TmJobQueue::job-finished:
   * @job: (nullable): the job as it ended (done, failed, waiting to retry), or
   *   %NULL when it is gone
   */
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, TM_TYPE_JOB);
}

static void
tm_job_queue_init (TmJobQueue *self)
{
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, running_free);
  self->starts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  self->rand = g_rand_new ();
  self->owner = g_strdup_printf ("%s:%d", g_get_host_name (), (int) getpid ());
  self->tick_ms = DEFAULT_TICK_MS;
}

/**
 * tm_job_queue_new:
 * @catalog: a connection of the thread the queue runs on (the main thread)
 */
TmJobQueue *
tm_job_queue_new (TmCatalog *catalog)
{
  TmJobQueue *self;

  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);

  self = g_object_new (TM_TYPE_JOB_QUEUE, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}
