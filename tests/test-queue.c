/* test-queue.c: the job queue's choices, with a scripted target and a set clock
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The target here is a stand-in whose answers the test scripts: the queue's
 * logic (limits, retries, schedules, recovery) is what is tested. The folder
 * target is tested for real in test-delivery, and end to end in test-cli. */

#include "config.h"

#include <string.h>

#include "tm-catalog-private.h"
#include "tm-delivery-error.h"
#include "tm-distributor.h"
#include "tm-job-queue-private.h"
#include "tm-test-utils.h"

#define S G_GINT64_CONSTANT (1000000)

/* A scripted target */

typedef struct _Script Script;

#define TEST_TYPE_TARGET (test_target_get_type ())
G_DECLARE_FINAL_TYPE (TestTarget, test_target, TEST, TARGET, GObject)

struct _Script
{
  GQueue      answers;           /* GError * to fail with, or NULL to succeed; popped per call */
  guint       delay_ms;
  GHashTable *active;            /* platform name -> running count */
  GHashTable *max_active;        /* platform name -> highest count */
  guint       total_active;
  guint       max_total;
  guint       calls;
  guint       gather;            /* if set, the first calls wait until this many run at once */
  gboolean    gathered;
};

struct _TestTarget
{
  GObject  parent_instance;
  Script  *script;
  char    *platform;
};

static void test_target_iface_init (TmDeliveryTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTarget, test_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TM_TYPE_DELIVERY_TARGET,
                                                      test_target_iface_init))

/* Calls run in the queue's worker threads, several at once. */
static GMutex script_lock;
static GCond script_cond;

static void
change_active (Script     *script,
               const char *platform,
               int         delta)
{
  guint n, max;

  g_mutex_lock (&script_lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (script->active, platform)) + delta;
  max = GPOINTER_TO_UINT (g_hash_table_lookup (script->max_active, platform));
  g_hash_table_insert (script->active, g_strdup (platform), GUINT_TO_POINTER (n));
  g_hash_table_insert (script->max_active, g_strdup (platform), GUINT_TO_POINTER (MAX (n, max)));
  script->total_active += delta;
  script->max_total = MAX (script->max_total, script->total_active);
  if (script->gather > 0 && script->total_active >= script->gather)
    {
      script->gathered = TRUE;
      g_cond_broadcast (&script_cond);
    }
  g_mutex_unlock (&script_lock);
}

/* Whether the queue runs as many calls at once as it may does not depend on
 * how fast this machine is (valgrind is slow): the first calls wait for the
 * others, for 20 s at most, so the most seen at once is the most allowed. */
static void
wait_for_gathering (Script *script)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&script_lock);
  while (script->gather > 0 && !script->gathered)
    if (!g_cond_wait_until (&script_cond, &script_lock, deadline))
      break;
  g_mutex_unlock (&script_lock);
}

/* Answers as the script says, after its delay. */
static TmDeliveryResult *
test_run (TmDeliveryTarget         *target,
          const TmDeliveryRequest  *request,
          GCancellable             *cancellable,
          GError                  **error)
{
  TestTarget *self = TEST_TARGET (target);
  static const TmDistributionStatus answers[] = {
    [TM_DELIVERY_DELIVER] = TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM,
    [TM_DELIVERY_POLL_STATUS] = TM_DISTRIBUTION_STATUS_LIVE,
    [TM_DELIVERY_UPDATE_METADATA] = TM_DISTRIBUTION_STATUS_UPDATED,
    [TM_DELIVERY_TAKEDOWN] = TM_DISTRIBUTION_STATUS_REMOVED,
  };
  GError *failure;

  g_mutex_lock (&script_lock);
  failure = g_queue_pop_head (&self->script->answers);
  self->script->calls++;
  g_mutex_unlock (&script_lock);

  change_active (self->script, self->platform, +1);
  wait_for_gathering (self->script);
  g_usleep (self->script->delay_ms * 1000);
  change_active (self->script, self->platform, -1);

  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      return NULL;
    }
  return tm_delivery_result_new (answers[request->operation], "REF");
}

static void
test_target_iface_init (TmDeliveryTargetInterface *iface)
{
  iface->run = test_run;
}

static void
test_target_finalize (GObject *object)
{
  g_free (TEST_TARGET (object)->platform);
  G_OBJECT_CLASS (test_target_parent_class)->finalize (object);
}

static void
test_target_class_init (TestTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_target_finalize;
}

static void
test_target_init (TestTarget *self)
{
}

static TmDeliveryTarget *
factory (TmPlatform  *platform,
         gpointer     user_data,
         GError     **error)
{
  TestTarget *target = g_object_new (TEST_TYPE_TARGET, NULL);

  target->script = user_data;
  target->platform = g_strdup (tm_platform_get_name (platform));
  return TM_DELIVERY_TARGET (target);
}

/* The fixture: a catalog with releases that can be delivered, and a queue */

typedef struct
{
  char       *dir;
  char       *path;
  TmCatalog  *catalog;
  TmJobQueue *queue;
  Script      script;
  gint64      now;
  char       *audio;
} Fixture;

static gint64
clock_cb (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = tm_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "catalog.db", NULL);
  f->audio = g_build_filename (f->dir, "song.wav", NULL);
  g_file_set_contents (f->audio, "RIFF....WAVE", -1, NULL);
  f->catalog = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  /* Commits in this test need not reach the disk. */
  sqlite3_exec (_tm_catalog_get_db (f->catalog), "PRAGMA synchronous = OFF", NULL, NULL, NULL);

  g_queue_init (&f->script.answers);
  f->script.active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->script.max_active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->script.delay_ms = 1;
  f->now = g_get_real_time ();

  f->queue = tm_job_queue_new (f->catalog);
  tm_job_queue_set_clock (f->queue, clock_cb, f);
  tm_job_queue_set_target_factory (f->queue, factory, &f->script);
  tm_job_queue_set_tick_interval (f->queue, 5);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->queue);
  g_clear_object (&f->catalog);
  g_queue_clear_full (&f->script.answers, (GDestroyNotify) g_error_free);
  g_hash_table_unref (f->script.active);
  g_hash_table_unref (f->script.max_active);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->audio);
}

static gint64
add_release (Fixture    *f,
             const char *title)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) track = tm_track_new ();
  g_autoptr(GError) error = NULL;

  tm_release_set_title (release, title);
  tm_release_set_artist (release, "Artist");
  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  tm_track_set_title (track, "Song");
  tm_track_set_audio_path (track, f->audio);
  g_assert_true (tm_catalog_add_track (f->catalog, tm_record_get_id (TM_RECORD (release)), track,
                                       &error));
  g_assert_no_error (error);
  return tm_record_get_id (TM_RECORD (release));
}

static gint64
add_platform (Fixture    *f,
              const char *name,
              int         concurrency)
{
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(GError) error = NULL;

  tm_platform_set_name (platform, name);
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_API);
  tm_platform_set_concurrency (platform, concurrency);
  g_assert_true (tm_catalog_add_platform (f->catalog, platform, &error));
  return tm_record_get_id (TM_RECORD (platform));
}

static TmDistributorOutcome *
distribute (Fixture *f,
            gint64   release_id,
            gint64   platform_id,
            gint64   at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = tm_distributor_distribute (f->catalog, &release_id, 1, &platform_id, 1,
                                                 TM_JOB_PRIORITY_NORMAL, at, 0, &error);
  TmDistributorOutcome *o;

  g_assert_no_error (error);
  o = g_ptr_array_steal_index (outcomes, 0);
  return o;
}

static TmDistributionStatus
status_of (Fixture *f,
           gint64   distribution_id)
{
  g_autoptr(TmDistribution) d = tm_catalog_get_distribution (f->catalog, distribution_id, NULL);

  return tm_distribution_get_status (d);
}

static gboolean
idle (gpointer data)
{
  Fixture *f = data;

  return tm_job_queue_is_idle (f->queue);
}

static void
run_until_idle (Fixture *f)
{
  tm_job_queue_start (f->queue);
  tm_job_queue_poke (f->queue);
  g_assert_true (tm_test_wait_for (idle, f, 30000));
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return tm_test_count (f->catalog, sql);
}

/* Tests */

static void
test_limits_under_load (Fixture       *f,
                        gconstpointer  data)
{
  gint64 a = add_platform (f, "A", 1);
  gint64 b = add_platform (f, "B", 2);
  gint64 c = add_platform (f, "C", 4);
  gint64 platforms[] = { a, b, c };

  f->script.delay_ms = 3;
  f->script.gather = TM_JOB_QUEUE_DEFAULT_CONCURRENCY;
  for (int i = 0; i < 34; i++)
    {
      gint64 release = add_release (f, "Load");
      for (guint p = 0; p < G_N_ELEMENTS (platforms) && i * 3 + p < 100; p++)
        g_free (distribute (f, release, platforms[p], 0));
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE state = 'waiting'"), ==, 100);

  run_until_idle (f);

  g_assert_cmpint (count (f, "SELECT count(*) FROM distributions "
                             "WHERE status = 'processing_by_platform'"), ==, 100);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE kind = 'deliver' "
                             "AND state = 'done'"), ==, 100);
  g_assert_cmpuint (f->script.max_total, <=, TM_JOB_QUEUE_DEFAULT_CONCURRENCY);
  g_assert_cmpuint (f->script.max_total, ==, TM_JOB_QUEUE_DEFAULT_CONCURRENCY);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->script.max_active, "A")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->script.max_active, "B")), <=, 2);

  /* Each delivery left a poll for later, and no job runs. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE kind = 'poll' "
                             "AND state = 'waiting'"), ==, 100);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE state = 'running'"), ==, 0);
}

static void
test_global_limit_setting (Fixture       *f,
                           gconstpointer  data)
{
  gint64 p = add_platform (f, "Wide", 16);

  tm_catalog_set_setting (f->catalog, "queue.concurrency", "5", NULL);
  f->script.delay_ms = 5;
  f->script.gather = 5;
  for (int i = 0; i < 20; i++)
    g_free (distribute (f, add_release (f, "R"), p, 0));

  run_until_idle (f);
  g_assert_cmpuint (f->script.max_total, ==, 5);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  gint64 p = add_platform (f, "Slow", 4);
  g_autoptr(TmPlatform) platform = tm_catalog_get_platform (f->catalog, p, NULL);

  tm_platform_set_rate_limit (platform, 2);
  tm_catalog_update_platform (f->catalog, platform, NULL);
  for (int i = 0; i < 5; i++)
    g_free (distribute (f, add_release (f, "R"), p, 0));

  tm_job_queue_start (f->queue);
  for (int i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  /* Two starts a minute: the clock stands still, so two and no more. */
  g_assert_cmpuint (f->script.calls, ==, 2);
  f->now += 61 * S;
  for (int i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (f->script.calls, ==, 4);
}

typedef struct
{
  TmErrorCategory category;
  gint64          retry_after;
} Failure;

static GError *
failure (TmErrorCategory category,
         gint64          retry_after)
{
  GError *error = g_error_new (TM_DELIVERY_ERROR, category, "scripted %s",
                               tm_error_category_to_string (category));

  tm_delivery_error_set_retry_after (error, retry_after);
  return error;
}

static void
test_retries (Fixture       *f,
              gconstpointer  data)
{
  gint64 p = add_platform (f, "Flaky", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);
  g_autoptr(TmJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 start = f->now;

  /* 503 with Retry-After: 120 s */
  g_queue_push_tail (&f->script.answers, failure (TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE, 120 * S));
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_RETRYING);
  jobs = tm_catalog_list_jobs (f->catalog, &(TmJobQuery) {
                                 .kinds = TM_JOB_KIND_MASK (TM_JOB_KIND_DELIVER) }, NULL);
  job = g_object_ref (g_ptr_array_index (jobs, 0));
  g_assert_cmpint (tm_job_get_state (job), ==, TM_JOB_STATE_WAITING);
  g_assert_cmpint (tm_job_get_run_at (job) - start, ==, 120 * S);
  g_assert_cmpstr (tm_job_get_error_category (job), ==, "platform_unavailable");

  /* Not before its time ... */
  f->now = start + 119 * S;
  run_until_idle (f);
  g_assert_cmpuint (f->script.calls, ==, 1);

  /* ... then a network timeout: three immediate retries, then 30 s. */
  for (int i = 0; i < 4; i++)
    g_queue_push_tail (&f->script.answers, failure (TM_DELIVERY_ERROR_NETWORK_TIMEOUT, 0));
  f->now = start + 120 * S;
  run_until_idle (f);
  g_assert_cmpuint (f->script.calls, ==, 5);
  g_clear_object (&job);
  job = tm_catalog_get_job (f->catalog, tm_record_get_id (g_ptr_array_index (jobs, 0)), NULL);
  g_assert_cmpint (tm_job_get_immediate_retries (job), ==, 3);
  g_assert_cmpint (tm_job_get_attempts (job), ==, 5);
  g_assert_cmpint (tm_job_get_run_at (job) - f->now, >=, 60 * S);
  g_assert_cmpint (tm_job_get_run_at (job) - f->now, <=, 66 * S);

  /* Then it works. */
  f->now += 70 * S;
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);

  /* The history shows each wait: uploading -> retrying -> preparing ... */
  g_assert_cmpint (count (f, "SELECT count(*) FROM status_history WHERE to_status = 'retrying'"),
                   ==, 5);
}

static void
test_needs_attention (Fixture       *f,
                      gconstpointer  data)
{
  gint64 p = add_platform (f, "Strict", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);
  g_autoptr(TmDistribution) d = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  g_queue_push_tail (&f->script.answers, failure (TM_DELIVERY_ERROR_AUTH_INVALID, 0));
  run_until_idle (f);

  d = tm_catalog_get_distribution (f->catalog, o->distribution_id, NULL);
  g_assert_cmpint (tm_distribution_get_status (d), ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (tm_distribution_get_error_category (d), ==, "auth_invalid");
  g_assert_nonnull (strstr (tm_distribution_get_status_details (d), "auth_invalid"));
  jobs = tm_catalog_list_jobs (f->catalog, &(TmJobQuery) {
                                 .states = TM_JOB_STATE_MASK (TM_JOB_STATE_FAILED) }, NULL);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpuint (f->script.calls, ==, 1);

  /* A person fixes it and retries. */
  g_assert_true (tm_distributor_retry (f->catalog, o->distribution_id, NULL));
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
}

static void
test_give_up (Fixture       *f,
              gconstpointer  data)
{
  gint64 p = add_platform (f, "Down", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);

  for (int i = 0; i < 10; i++)
    g_queue_push_tail (&f->script.answers, failure (TM_DELIVERY_ERROR_RATE_LIMITED, 0));

  for (int i = 0; i < 10; i++)
    {
      run_until_idle (f);
      f->now += 2 * 3600 * S;
    }

  g_assert_cmpuint (f->script.calls, ==, 10);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_FAILED);
}

static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  gint64 p = add_platform (f, "Later", 1);
  gint64 at = g_get_real_time () + 3600 * S;
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, at);

  g_assert_cmpint (o->status, ==, TM_DISTRIBUTION_STATUS_SCHEDULED);
  run_until_idle (f);
  g_assert_cmpuint (f->script.calls, ==, 0);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_SCHEDULED);

  f->now = at - 1;
  run_until_idle (f);
  g_assert_cmpuint (f->script.calls, ==, 0);

  f->now = at;
  run_until_idle (f);
  g_assert_cmpuint (f->script.calls, ==, 1);
  g_assert_cmpint (status_of (f, o->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_assert_cmpint (count (f, "SELECT count(*) FROM status_history "
                             "WHERE from_status = 'scheduled' AND to_status = 'queued'"), ==, 1);
}

static gboolean
one_running (gpointer data)
{
  Fixture *f = data;

  return tm_job_queue_get_n_running (f->queue) == 1;
}

static gboolean
script_idle (gpointer data)
{
  Script *script = data;
  gboolean idle;

  g_mutex_lock (&script_lock);
  idle = script->total_active == 0;
  g_mutex_unlock (&script_lock);
  return idle;
}

/* The queue let go while a delivery runs (a window closed, a test ended): the
 * worker's answer still finds it, and the job waits for the next start. */
static void
test_released_while_running (Fixture       *f,
                             gconstpointer  data)
{
  gint64 p = add_platform (f, "Slow", 1);
  g_autofree TmDistributorOutcome *o = NULL;

  f->script.delay_ms = 500;
  o = distribute (f, add_release (f, "R"), p, 0);
  tm_job_queue_start (f->queue);
  tm_job_queue_poke (f->queue);
  g_assert_true (tm_test_wait_for (one_running, f, 10000));
  tm_job_queue_stop (f->queue);
  g_clear_object (&f->queue);
  g_assert_true (tm_test_wait_for (script_idle, &f->script, 10000));
  /* The answer comes in the main context, after the worker is done. */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE kind = 'deliver' "
                             "AND state = 'waiting'"), ==, 1);
}

static void
test_pause_resume_cancel (Fixture       *f,
                          gconstpointer  data)
{
  gint64 p = add_platform (f, "P", 2);
  gint64 r1 = add_release (f, "One");
  gint64 r2 = add_release (f, "Two");
  g_autofree TmDistributorOutcome *o1 = distribute (f, r1, p, 0);
  g_autofree TmDistributorOutcome *o2 = distribute (f, r2, p, 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (tm_distributor_set_paused (f->catalog, r1, 0, TRUE, &error), ==, 1);
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o1->distribution_id), ==, TM_DISTRIBUTION_STATUS_QUEUED);
  g_assert_cmpint (status_of (f, o2->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);

  /* Everything paused: nothing starts, not even what is resumed one by one. */
  /* The one waiting job is the poll that follows release two's delivery. */
  g_assert_cmpuint (tm_distributor_set_paused (f->catalog, 0, 0, TRUE, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (tm_distributor_set_paused (f->catalog, r1, 0, FALSE, &error), ==, 1);
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o1->distribution_id), ==, TM_DISTRIBUTION_STATUS_QUEUED);
  tm_distributor_set_paused (f->catalog, 0, 0, FALSE, &error);
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o1->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);

  /* Cancel before it starts: back to not sent, the job cancelled. */
  {
    gint64 r3 = add_release (f, "Three");
    g_autofree TmDistributorOutcome *o3 = distribute (f, r3, p, 0);

    g_assert_true (tm_distributor_cancel (f->catalog, o3->distribution_id, &error));
    run_until_idle (f);
    g_assert_cmpint (status_of (f, o3->distribution_id), ==, TM_DISTRIBUTION_STATUS_CREATED);
    g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE state = 'cancelled'"), ==, 1);
  }
}

static void
test_update_and_takedown (Fixture       *f,
                          gconstpointer  data)
{
  gint64 p = add_platform (f, "P", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;

  tm_catalog_set_setting (f->catalog, "queue.poll-seconds", "60", NULL);
  run_until_idle (f);
  /* The poll reports it live an interval later. */
  f->now += 61 * S;
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_LIVE);

  g_assert_false (tm_distributor_request_takedown (f->catalog, o->distribution_id, "", &error));
  g_clear_error (&error);
  g_assert_true (tm_distributor_request_update (f->catalog, o->distribution_id, "New cover", &error));
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_UPDATED);

  g_assert_true (tm_distributor_request_takedown (f->catalog, o->distribution_id, "Rights dispute", &error));
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_REMOVED);

  history = tm_catalog_list_history (f->catalog, o->distribution_id, NULL);
  g_assert_cmpstr (tm_status_change_get_details (g_ptr_array_index (history, history->len - 2)),
                   ==, "{\"reason\":\"Rights dispute\"}");

  /* Removed can be delivered again. */
  {
    g_autofree TmDistributorOutcome *again = distribute (f, o->release_id, p, 0);

    g_assert_null (again->problem);
    g_assert_cmpint (again->status, ==, TM_DISTRIBUTION_STATUS_QUEUED);
  }
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  gint64 p = add_platform (f, "P", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);
  g_autoptr(GPtrArray) jobs = tm_catalog_list_jobs (f->catalog, NULL, NULL);
  TmJob *job = g_ptr_array_index (jobs, 0);
  g_autofree char *dead = g_strdup_printf ("%s:%d", g_get_host_name (), G_MAXINT - 7);

  /* As a process killed while uploading leaves it. */
  tm_catalog_transition (f->catalog, o->distribution_id, TM_DISTRIBUTION_STATUS_PREPARING,
                         TM_ACTOR_QUEUE, NULL, NULL);
  tm_catalog_transition (f->catalog, o->distribution_id, TM_DISTRIBUTION_STATUS_UPLOADING,
                         TM_ACTOR_QUEUE, NULL, NULL);
  tm_job_set_state (job, TM_JOB_STATE_RUNNING);
  tm_job_set_owner (job, dead);
  tm_job_set_attempts (job, 1);
  tm_job_set_lease_until (job, f->now + 3600 * S);
  tm_catalog_update_job (f->catalog, job, NULL);

  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  /* It went on from uploading: no second trip through preparing. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM status_history WHERE to_status = 'uploading'"),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT attempts FROM jobs WHERE kind = 'deliver'"), ==, 1);
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  gint64 a = add_platform (f, "A", 2);
  gint64 b = add_platform (f, "B", 2);
  gint64 platforms[] = { a, b };
  gint64 releases[] = { add_release (f, "1"), add_release (f, "2"), add_release (f, "3") };
  g_autoptr(TmRelease) empty = tm_release_new ();
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 batch = tm_catalog_next_batch_id (f->catalog, &error);
  gint64 all[4];
  guint stopped = 0;

  tm_release_set_title (empty, "No tracks");
  tm_catalog_add_release (f->catalog, empty, NULL);
  memcpy (all, releases, sizeof releases);
  all[3] = tm_record_get_id (TM_RECORD (empty));

  g_assert_cmpint (batch, ==, 1);
  outcomes = tm_distributor_distribute (f->catalog, all, 4, platforms, 2, TM_JOB_PRIORITY_HIGH, 0, batch,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 8);
  for (guint i = 0; i < outcomes->len; i++)
    stopped += ((TmDistributorOutcome *) g_ptr_array_index (outcomes, i))->problem != NULL;
  g_assert_cmpuint (stopped, ==, 2);

  run_until_idle (f);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE batch_id = 1 AND kind = 'deliver' "
                             "AND state = 'done'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM distributions WHERE status = 'needs_attention'"),
                   ==, 2);
  g_assert_cmpint (tm_catalog_next_batch_id (f->catalog, NULL), ==, 2);
}

static TmActor
actor_of_last (Fixture *f,
               gint64   distribution_id,
               TmDistributionStatus *to)
{
  g_autoptr(GPtrArray) history = tm_catalog_list_history (f->catalog, distribution_id, NULL);
  TmStatusChange *last = g_ptr_array_index (history, history->len - 1);

  *to = tm_status_change_get_to_status (last);
  return tm_status_change_get_actor (last);
}

/* Who made each change: the platform's answers and rejections are the
 * platform's, the queue's own retries TuneMantra's. Check Now brings the next
 * look at the platform forward to the queue's next turn. */
static void
test_actors_and_check_now (Fixture       *f,
                           gconstpointer  data)
{
  gint64 p = add_platform (f, "P", 1);
  g_autofree TmDistributorOutcome *o = distribute (f, add_release (f, "R"), p, 0);
  g_autofree TmDistributorOutcome *rejected = distribute (f, add_release (f, "S"), p, 0);
  g_autoptr(GPtrArray) polls = NULL;
  g_autoptr(GError) error = NULL;
  TmDistributionStatus to;
  TmJobQuery waiting_polls = {
    .kinds = TM_JOB_KIND_MASK (TM_JOB_KIND_POLL),
    .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING),
    .distribution_id = o->distribution_id,
  };

  /* The first delivery fails on the way, then the platform takes it; the
   * second is refused by the platform itself. */
  g_queue_push_tail (&f->script.answers, failure (TM_DELIVERY_ERROR_RATE_LIMITED, 60 * S));
  {
    GError *refusal = failure (TM_DELIVERY_ERROR_METADATA_INVALID, 0);

    tm_delivery_error_set_from_platform (refusal, TRUE);
    g_queue_push_tail (&f->script.answers, refusal);
  }
  run_until_idle (f);
  g_assert_cmpint (actor_of_last (f, o->distribution_id, &to), ==, TM_ACTOR_QUEUE);
  g_assert_cmpint (to, ==, TM_DISTRIBUTION_STATUS_RETRYING);
  g_assert_cmpint (actor_of_last (f, rejected->distribution_id, &to), ==, TM_ACTOR_PLATFORM);
  g_assert_cmpint (to, ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  f->now += 3600 * S;
  run_until_idle (f);
  g_assert_cmpint (actor_of_last (f, o->distribution_id, &to), ==, TM_ACTOR_PLATFORM);
  g_assert_cmpint (to, ==, TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  /* Out of trouble, the old error is no longer its state. */
  {
    g_autoptr(TmDistribution) d = tm_catalog_get_distribution (f->catalog, o->distribution_id,
                                                               NULL);

    g_assert_null (tm_distribution_get_last_error (d));
  }

  /* The platform is looked at soon (seconds, not the ten minutes of before). */
  polls = tm_catalog_list_jobs (f->catalog, &waiting_polls, NULL);
  g_assert_cmpuint (polls->len, ==, 1);
  g_assert_cmpint (tm_job_get_run_at (g_ptr_array_index (polls, 0)) - f->now, <=, 10 * S);
  g_clear_pointer (&polls, g_ptr_array_unref);

  /* Check Now: due at once, and the platform says it is live. */
  g_assert_false (tm_distributor_check_now (f->catalog, rejected->distribution_id, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_true (tm_distributor_check_now (f->catalog, o->distribution_id, &error));
  g_assert_no_error (error);
  polls = tm_catalog_list_jobs (f->catalog, &waiting_polls, NULL);
  g_assert_cmpint (tm_job_get_run_at (g_ptr_array_index (polls, 0)), <=, f->now);
  run_until_idle (f);
  g_assert_cmpint (status_of (f, o->distribution_id), ==, TM_DISTRIBUTION_STATUS_LIVE);
  g_assert_cmpint (actor_of_last (f, o->distribution_id, &to), ==, TM_ACTOR_PLATFORM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/queue/actors-and-check-now", test_actors_and_check_now);
  ADD ("/queue/limits-under-load", test_limits_under_load);
  ADD ("/queue/global-limit-setting", test_global_limit_setting);
  ADD ("/queue/rate-limit", test_rate_limit);
  ADD ("/queue/retries", test_retries);
  ADD ("/queue/needs-attention", test_needs_attention);
  ADD ("/queue/give-up", test_give_up);
  ADD ("/queue/schedule", test_schedule);
  ADD ("/queue/pause-resume-cancel", test_pause_resume_cancel);
  ADD ("/queue/released-while-running", test_released_while_running);
  ADD ("/queue/update-and-takedown", test_update_and_takedown);
  ADD ("/queue/recovery", test_recovery);
  ADD ("/queue/batch", test_batch);
#undef ADD

  return g_test_run ();
}
