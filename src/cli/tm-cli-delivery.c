/* tm-cli-delivery.c: distributing, the queue, following and stopping deliveries
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "tm-cli.h"
#include "tm-ddex-schemas.h"
#include "tm-json.h"
#include "tm-safe-file.h"
#include "tm-status-details.h"
#include "tm-ern.h"
#include "tm-insights.h"
#include "tm-sftp-target.h"
#include "tm-release-package.h"
#include "tm-release-smartlink.h"
#include "tm-distributor.h"
#include "tm-job-queue.h"
#include "tm-platform-status.h"

/* Resolves --platform names to ids, or every platform the release is on. */
static GArray *
platform_ids (TmCli   *cli,
              char   **names,
              int     *status)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TmPlatform) platform = tm_catalog_find_platform (cli->catalog, names[i], &error);
      gint64 id;

      if (platform == NULL)
        {
          *status = tm_cli_fail (cli, error);
          g_array_unref (ids);
          return NULL;
        }
      id = tm_record_get_id (TM_RECORD (platform));
      g_array_append_val (ids, id);
    }

  return ids;
}

/* The distributions of @release on @names (all of them when @names is NULL). */
static GPtrArray *
distributions_of (TmCli       *cli,
                  const char  *command,
                  const char  *release_arg,
                  char       **names,
                  int         *status)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (!(release = tm_cli_get_release (cli, command, release_arg, status)))
    return NULL;

  if (!(all = tm_catalog_list_distributions (cli->catalog, tm_record_get_id (TM_RECORD (release)),
                                             &error)))
    {
      *status = tm_cli_fail (cli, error);
      return NULL;
    }

  for (guint i = 0; i < all->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (all, i);
      gboolean wanted = names == NULL;

      for (guint n = 0; names != NULL && names[n] != NULL; n++)
        wanted |= g_ascii_strcasecmp (names[n], tm_distribution_get_platform_name (d)) == 0;
      if (wanted)
        g_ptr_array_add (chosen, g_object_ref (d));
    }

  for (guint n = 0; names != NULL && names[n] != NULL; n++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < chosen->len; i++)
        found |= g_ascii_strcasecmp (names[n], tm_distribution_get_platform_name (
                                                 g_ptr_array_index (chosen, i))) == 0;
      if (!found)
        {
          g_printerr (_("tunemantra-cli: release %s is not on “%s”.\n"), release_arg, names[n]);
          *status = TM_CLI_FAILED;
          return NULL;
        }
    }

  return g_steal_pointer (&chosen);
}

/* Running the queue in this process */

typedef struct
{
  TmJobQueue *queue;
  GMainLoop  *loop;
  GArray     *watched;     /* distribution ids, or NULL for everything */
  TmCatalog  *catalog;
  guint       finished_id; /* a check right after a job ended */
} Runner;

static gboolean
watched_settled (Runner *runner)
{
  g_autoptr(GPtrArray) open = NULL;

  if (runner->watched == NULL)
    return tm_job_queue_is_idle (runner->queue);

  for (guint i = 0; i < runner->watched->len; i++)
    {
      gint64 id = g_array_index (runner->watched, gint64, i);

      TmJobQuery query = { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING)
                                     | TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING),
                           .kinds = TM_JOB_KINDS_WORK, .distribution_id = id };

      g_clear_pointer (&open, g_ptr_array_unref);
      open = tm_catalog_list_jobs (runner->catalog, &query, NULL);
      if (open != NULL && open->len > 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_done_cb (gpointer user_data)
{
  Runner *runner = user_data;

  if (watched_settled (runner))
    g_main_loop_quit (runner->loop);

  return G_SOURCE_CONTINUE;
}

/* Once the queue has started what a finished job let start (its poke is an
 * idle of higher priority): no waiting for the next check to see the end. */
static gboolean
finished_check_cb (gpointer user_data)
{
  Runner *runner = user_data;

  runner->finished_id = 0;
  check_done_cb (runner);
  return G_SOURCE_REMOVE;
}

static void
job_finished_cb (TmJobQueue *queue,
                 TmJob      *job,
                 Runner     *runner)
{
  if (runner->finished_id == 0)
    runner->finished_id = g_idle_add_full (G_PRIORITY_LOW, finished_check_cb, runner, NULL);

  if (job != NULL && tm_job_get_state (job) == TM_JOB_STATE_FAILED)
    g_printerr (_("tunemantra-cli: job %" G_GINT64_FORMAT " failed: %s\n"),
                tm_record_get_id (TM_RECORD (job)),
                tm_job_get_last_error (job) ? tm_job_get_last_error (job) : "");
}

/* Runs the queue until what @watched names is settled (or, for NULL, until idle). */
static void
run_queue (TmCli  *cli,
           GArray *watched,
           gboolean until_done)
{
  g_autoptr(TmJobQueue) queue = tm_job_queue_new (cli->catalog);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Runner runner = { queue, loop, watched, cli->catalog, 0 };
  guint check_id;

  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &runner);
  tm_job_queue_set_tick_interval (queue, 200);
  tm_job_queue_start (queue);

  check_id = g_timeout_add (100, check_done_cb, &runner);
  if (until_done)
    g_main_loop_run (loop);
  else
    {
      /* Until killed: the queue serves as long as the program runs. */
      g_source_remove (check_id);
      check_id = 0;
      g_main_loop_run (loop);
    }

  if (check_id != 0)
    g_source_remove (check_id);
  g_clear_handle_id (&runner.finished_id, g_source_remove);
  tm_job_queue_stop (queue);
}

/* Reads --at: a date and time in the release's time zone, unless it gives its own. */
static gboolean
parse_at (const char  *text,
          TmRelease   *release,
          gint64      *at,
          GError     **error)
{
  const char *zone = tm_release_get_timezone (release);
  g_autoptr(GTimeZone) tz = zone != NULL ? g_time_zone_new_identifier (zone)
                                         : g_time_zone_new_local ();
  g_autofree char *iso = g_strdup (text);
  g_autoptr(GDateTime) dt = NULL;

  g_strdelimit (iso, " ", 'T');
  if (strlen (iso) == 10)
    {
      g_autofree char *midnight = g_strconcat (iso, "T00:00:00", NULL);
      dt = g_date_time_new_from_iso8601 (midnight, tz);
    }
  else if (strlen (iso) == 16)
    {
      g_autofree char *seconds = g_strconcat (iso, ":00", NULL);
      dt = g_date_time_new_from_iso8601 (seconds, tz);
    }
  else
    dt = g_date_time_new_from_iso8601 (iso, tz);

  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date and time; write it as 2027-03-01 09:00 (in the release's "
                     "time zone) or 2027-03-01T09:00:00+01:00"), text);
      return FALSE;
    }

  *at = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

int
tm_cli_distribute (TmCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_auto(GStrv) platforms = NULL;
  g_autofree char *priority_text = NULL;
  g_autofree char *at_text = NULL;
  gboolean wait = FALSE;
  g_autoptr(GArray) releases = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GArray) watched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  int priority = TM_JOB_PRIORITY_NORMAL;
  gint64 at = 0, batch = 0;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms, N_("Where to deliver"), N_("NAME") },
    { "priority", 0, 0, G_OPTION_ARG_STRING, &priority_text, N_("high, normal or low"), N_("P") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("Deliver at this date and time, in the release's time zone"), N_("DATETIME") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("Deliver now, in this process, and wait"), NULL },
    G_OPTION_ENTRY_NULL
  };

  json_node_take_array (root, array);

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc < 2 || platforms == NULL)
    return tm_cli_usage_error (argv[0], _("Give at least one RELEASE and one --platform NAME"));
  if (priority_text != NULL && !tm_enum_from_nick (TM_TYPE_JOB_PRIORITY, priority_text, &priority))
    return tm_cli_usage_error (argv[0], _("--priority is high, normal or low"));

  for (int i = 1; i < argc; i++)
    {
      gint64 id;

      if (!tm_cli_parse_id (argv[0], "RELEASE", argv[i], &id))
        return TM_CLI_USAGE;
      g_array_append_val (releases, id);
    }

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  if (at_text != NULL)
    {
      g_autoptr(TmRelease) first = tm_cli_get_release (cli, argv[0], argv[1], &status);

      if (first == NULL)
        return status;
      if (!parse_at (at_text, first, &at, &error))
        return tm_cli_usage_error (argv[0], "%s", error->message);
    }

  if (!(pids = platform_ids (cli, platforms, &status)))
    return status;

  if (releases->len * pids->len > 1 && !(batch = tm_catalog_next_batch_id (cli->catalog, &error)))
    return tm_cli_fail (cli, error);

  outcomes = tm_distributor_distribute (cli->catalog, (gint64 *) releases->data, releases->len,
                            (gint64 *) pids->data, pids->len, priority, at, batch, &error);
  if (outcomes == NULL)
    return tm_cli_fail (cli, error);

  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->problem == NULL)
        g_array_append_val (watched, o->distribution_id);
      else
        status = TM_CLI_FAILED;
    }

  if (wait && watched->len > 0)
    run_queue (cli, watched, TRUE);

  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);
      g_autoptr(TmDistribution) d = tm_catalog_get_distribution (cli->catalog, o->distribution_id,
                                                                 NULL);
      TmDistributionStatus now = d ? tm_distribution_get_status (d) : o->status;
      JsonObject *object = json_object_new ();

      if (wait && (now == TM_DISTRIBUTION_STATUS_FAILED
                   || now == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION))
        status = TM_CLI_FAILED;

      json_object_set_int_member (object, "release", o->release_id);
      json_object_set_string_member (object, "platform", d ? tm_distribution_get_platform_name (d)
                                                           : NULL);
      json_object_set_int_member (object, "distribution", o->distribution_id);
      json_object_set_string_member (object, "status", tm_distribution_status_to_string (now));
      json_object_set_string_member (object, "problem", o->problem ? o->problem
                                     : d ? tm_distribution_get_last_error (d) : NULL);
      if (batch)
        json_object_set_int_member (object, "batch", batch);
      json_array_add_object_element (array, object);

      if (!cli->json)
        g_print ("%" G_GINT64_FORMAT "\t%s\t%s%s%s\n", o->release_id,
                 d ? tm_distribution_get_platform_name (d) : "?",
                 tm_distribution_status_get_label (now), o->problem ? ": " : "",
                 o->problem ? o->problem : "");
    }

  if (cli->json)
    tm_cli_print_json (root);

  return status;
}

static JsonObject *
job_json (TmJob *job)
{
  JsonNode *node = tm_record_to_json (TM_RECORD (job));
  JsonObject *object = json_object_ref (json_node_get_object (node));

  json_node_unref (node);
  return object;
}

/* One line per batch with unfinished work: total, completed, failed, in progress. */
static void
print_batches (TmCli *cli)
{
  static const TmJobQuery batched = { .kinds = TM_JOB_KIND_MASK (TM_JOB_KIND_DELIVER),
                                      .in_batch = TRUE };
  g_autoptr(GPtrArray) jobs = tm_catalog_list_jobs (cli->catalog, &batched, NULL);
  g_autoptr(GHashTable) batches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_free);
  GHashTableIter iter;
  gint64 *key;
  guint *counts;

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);
      gint64 batch = tm_job_get_batch_id (job);

      if (!(counts = g_hash_table_lookup (batches, &batch)))
        {
          counts = g_new0 (guint, 4);
          g_hash_table_insert (batches, g_memdup2 (&batch, sizeof batch), counts);
        }
      counts[0]++;
      switch (tm_job_get_state (job))
        {
        case TM_JOB_STATE_DONE: counts[1]++; break;
        case TM_JOB_STATE_FAILED:
        case TM_JOB_STATE_CANCELLED: counts[2]++; break;
        default: counts[3]++; break;
        }
    }

  g_hash_table_iter_init (&iter, batches);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &counts))
    if (counts[3] > 0)
      g_print (_("Batch %" G_GINT64_FORMAT ": %u deliveries · %u completed · %u failed · "
                 "%u in progress\n"), *key, counts[0], counts[1], counts[2], counts[3]);
}

int
tm_cli_queue (TmCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean all = FALSE;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Finished jobs too"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;

  jobs = tm_catalog_list_jobs (cli->catalog,
                               all ? NULL : &(TmJobQuery) { .states = TM_JOB_STATES_OPEN },
                               &error);
  if (jobs == NULL)
    return tm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < jobs->len; i++)
        json_array_add_object_element (array, job_json (g_ptr_array_index (jobs, i)));
      json_node_take_array (root, array);
      tm_cli_print_json (root);
      return TM_CLI_OK;
    }

  if (jobs->len == 0)
    {
      g_print (_("The queue is empty.\n"));
      return TM_CLI_OK;
    }

  print_batches (cli);

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
    const char *headings[] = { _("JOB"), _("RELEASE"), _("PLATFORM"), _("KIND"), _("PRIORITY"),
                               _("STATE"), _("NEXT"), _("TRIES"), _("LAST ERROR") };

    for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
      g_ptr_array_add (rows, g_strdup (headings[c]));

    for (guint i = 0; i < jobs->len; i++)
      {
        TmJob *job = g_ptr_array_index (jobs, i);
        g_autoptr(TmPlatform) p = tm_catalog_get_platform (cli->catalog,
                                                           tm_job_get_platform_id (job), NULL);

        g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                tm_record_get_id (TM_RECORD (job))));
        g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT, tm_job_get_release_id (job)));
        g_ptr_array_add (rows, g_strdup (p ? tm_platform_get_name (p) : "?"));
        g_ptr_array_add (rows, g_strdup (tm_enum_to_nick (TM_TYPE_JOB_KIND,
                                                          tm_job_get_kind (job))));
        g_ptr_array_add (rows, g_strdup (tm_enum_to_nick (TM_TYPE_JOB_PRIORITY,
                                                          tm_job_get_priority (job))));
        g_ptr_array_add (rows, g_strdup (tm_enum_to_nick (TM_TYPE_JOB_STATE,
                                                          tm_job_get_state (job))));
        g_ptr_array_add (rows, tm_format_timestamp (tm_job_get_run_at (job)));
        g_ptr_array_add (rows, g_strdup_printf ("%d", tm_job_get_attempts (job)));
        g_ptr_array_add (rows, g_strdup (tm_job_get_last_error (job)));
      }
    tm_cli_print_table (rows, G_N_ELEMENTS (headings));
  }

  return TM_CLI_OK;
}

int
tm_cli_queue_run (TmCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean until_idle = FALSE;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "until-idle", 0, 0, G_OPTION_ARG_NONE, &until_idle,
      N_("Stop when nothing is left to do now (jobs scheduled later stay)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;

  run_queue (cli, NULL, until_idle);
  return TM_CLI_OK;
}

int
tm_cli_status (TmCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObject *counts = json_object_new ();
  JsonArray *platforms = json_array_new ();
  TmStatusCounts tally;
  int status = TM_CLI_OK;

  json_node_take_object (root, object);

  if (!tm_cli_parse (NULL, &argc, &argv))
    {
      json_object_unref (counts);
      json_array_unref (platforms);
      return TM_CLI_USAGE;
    }
  if (argc != 2)
    {
      json_object_unref (counts);
      json_array_unref (platforms);
      return tm_cli_usage_error (argv[0], _("Give one RELEASE id"));
    }

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status))
      || !(distributions = tm_catalog_list_distributions (cli->catalog,
                                                          tm_record_get_id (TM_RECORD (release)),
                                                          &error))
      || !tm_catalog_get_release_status (cli->catalog, tm_record_get_id (TM_RECORD (release)),
                                         &tally, &error))
    {
      json_object_unref (counts);
      json_array_unref (platforms);
      return error ? tm_cli_fail (cli, error) : status;
    }

  for (int g = 0; g < TM_N_STATUS_GROUPS; g++)
    json_object_set_int_member (counts, tm_enum_to_nick (TM_TYPE_STATUS_GROUP, g),
                                tally.groups[g]);

  json_object_set_int_member (object, "release", tm_record_get_id (TM_RECORD (release)));
  json_object_set_string_member (object, "overall",
                                 tm_aggregate_status_to_string (tm_release_get_status (release)));
  json_object_set_object_member (object, "counts", counts);

  for (guint i = 0; i < distributions->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (distributions, i);
      JsonObject *p = json_object_new ();
      g_autofree char *updated = tm_format_timestamp (tm_distribution_get_updated_at (d));
      TmDistributionStatus now = tm_distribution_get_status (d);
      gboolean troubled = tm_distribution_status_is_trouble (now);
      g_autoptr(GPtrArray) history = tm_catalog_list_history (cli->catalog,
                                                              tm_record_get_id (TM_RECORD (d)),
                                                              NULL);
      TmStatusChange *latest = history != NULL && history->len > 0
                               ? g_ptr_array_index (history, history->len - 1) : NULL;
      g_autoptr(TmStatusDetails) details =
        tm_status_details_parse (tm_distribution_get_status_details (d));
      g_autofree char *reason = troubled ? tm_status_details_get_summary (details) : NULL;
      g_autofree char *said = latest != NULL
                              ? tm_status_change_describe (latest,
                                                           tm_distribution_get_platform_name (d))
                              : NULL;

      /* A stop by the checks says why in its details, not as an error. */
      if (troubled && reason == NULL && tm_distribution_get_last_error (d) != NULL)
        reason = g_strdup (tm_distribution_get_last_error (d));

      json_object_set_string_member (p, "platform", tm_distribution_get_platform_name (d));
      json_object_set_string_member (p, "status", tm_distribution_status_to_string (now));
      json_object_set_string_member (p, "updated_at", updated);
      json_object_set_string_member (p, "store_url", tm_distribution_get_store_url (d));
      json_object_set_string_member (p, "error", reason);
      json_object_set_string_member (p, "category", !troubled ? NULL
                                     : details->has_category
                                     ? tm_error_category_to_string (details->category)
                                     : tm_distribution_get_error_category (d));
      json_object_set_string_member (p, "fix", troubled ? details->fix : NULL);
      json_object_set_string_member (p, "description", said);
      json_array_add_object_element (platforms, p);

      if (!cli->json)
        {
          g_print ("%s: %s\n", tm_distribution_get_platform_name (d),
                   tm_distribution_status_get_label (now));
          if (said != NULL)
            g_print ("  %s\n", said);
          if (troubled && details->fix != NULL)
            g_print (_("  What to do: %s\n"), details->fix);
          if (tm_distribution_get_store_url (d) != NULL)
            g_print (_("  In the store: %s\n"), tm_distribution_get_store_url (d));
        }
    }
  json_object_set_array_member (object, "platforms", platforms);

  if (cli->json)
    tm_cli_print_json (root);
  else if (distributions->len == 0)
    g_print (_("Release %s is not delivered anywhere yet.\n"), argv[1]);

  return TM_CLI_OK;
}

/* retry, cancel: the same shape over the chosen distributions */
static int
for_each_distribution (TmCli     *cli,
                       int        argc,
                       char     **argv,
                       gboolean (*action) (TmCatalog *, gint64, GError **))
{
  g_auto(GStrv) platforms = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms, N_("Only this platform"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give one RELEASE id"));
  if (!(chosen = distributions_of (cli, argv[0], argv[1], platforms, &status)))
    return status;

  for (guint i = 0; i < chosen->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (chosen, i);
      g_autoptr(GError) error = NULL;

      /* Without --platform, only what the action fits is touched. */
      if (!action (cli->catalog, tm_record_get_id (TM_RECORD (d)), &error))
        {
          if (platforms != NULL
              || !g_error_matches (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION))
            status = tm_cli_fail (cli, error);
        }
    }

  return status;
}

int
tm_cli_retry (TmCli  *cli,
              int     argc,
              char  **argv)
{
  return for_each_distribution (cli, argc, argv, tm_distributor_retry);
}

/* cancel RELEASE [--platform NAME...] | cancel --job ID | cancel (everything) */
int
tm_cli_cancel (TmCli  *cli,
               int     argc,
               char  **argv)
{
  g_auto(GStrv) platforms = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  gint64 job_id = 0;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms, N_("Only this platform"),
      N_("NAME") },
    { "job", 0, 0, G_OPTION_ARG_INT64, &job_id, N_("Only this job"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };

  if (argc >= 2 && argv[1][0] != '-')
    return for_each_distribution (cli, argc, argv, tm_distributor_cancel);

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 1 || platforms != NULL)
    return tm_cli_usage_error (argv[0], _("Give a RELEASE, --job ID, or nothing for everything"));
  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  jobs = tm_catalog_list_jobs (cli->catalog,
                               &(TmJobQuery) { .states = TM_JOB_STATES_OPEN, .job_id = job_id },
                               &error);
  if (jobs == NULL)
    return tm_cli_fail (cli, error);
  if (job_id != 0 && jobs->len == 0)
    {
      g_printerr (_("tunemantra-cli: there is no unfinished job %" G_GINT64_FORMAT ".\n"), job_id);
      return TM_CLI_FAILED;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      gint64 d = tm_job_get_distribution_id (g_ptr_array_index (jobs, i));

      if (g_hash_table_contains (seen, &d))
        continue;
      g_hash_table_add (seen, g_memdup2 (&d, sizeof d));
      if (!tm_distributor_cancel (cli->catalog, d, &error))
        {
          status = tm_cli_fail (cli, error);
          g_clear_error (&error);
        }
    }

  return status;
}

static int
pause_or_resume (TmCli     *cli,
                 int        argc,
                 char     **argv,
                 gboolean   paused)
{
  gint64 job_id = 0, release_id = 0;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;
  guint changed;
  const GOptionEntry entries[] = {
    { "job", 0, 0, G_OPTION_ARG_INT64, &job_id, N_("Only this job"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc > 2)
    return tm_cli_usage_error (argv[0], _("Give one RELEASE, or none for everything"));
  if (argc == 2 && !tm_cli_parse_id (argv[0], "RELEASE", argv[1], &release_id))
    return TM_CLI_USAGE;
  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  changed = tm_distributor_set_paused (cli->catalog, release_id, job_id, paused, &error);
  if (error != NULL)
    return tm_cli_fail (cli, error);

  if (!cli->json)
    g_print (paused ? ngettext ("%u job paused\n", "%u jobs paused\n", changed)
                    : ngettext ("%u job resumed\n", "%u jobs resumed\n", changed), changed);
  return TM_CLI_OK;
}

int
tm_cli_pause (TmCli  *cli,
              int     argc,
              char  **argv)
{
  return pause_or_resume (cli, argc, argv, TRUE);
}

int
tm_cli_resume (TmCli  *cli,
               int     argc,
               char  **argv)
{
  return pause_or_resume (cli, argc, argv, FALSE);
}

static int
request_with_reason (TmCli     *cli,
                     int        argc,
                     char     **argv,
                     gboolean (*action) (TmCatalog *, gint64, const char *, GError **))
{
  g_auto(GStrv) platforms = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &platforms, N_("The platform"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept in the history"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2 || platforms == NULL || reason == NULL || *g_strstrip (reason) == '\0')
    return tm_cli_usage_error (argv[0], _("Give RELEASE, --platform NAME and --reason TEXT"));
  if (!(chosen = distributions_of (cli, argv[0], argv[1], platforms, &status)))
    return status;

  for (guint i = 0; i < chosen->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!action (cli->catalog, tm_record_get_id (TM_RECORD (g_ptr_array_index (chosen, i))),
                   reason, &error))
        status = tm_cli_fail (cli, error);
    }

  return status;
}

int
tm_cli_takedown (TmCli  *cli,
                 int     argc,
                 char  **argv)
{
  return request_with_reason (cli, argc, argv, tm_distributor_request_takedown);
}

int
tm_cli_update (TmCli  *cli,
               int     argc,
               char  **argv)
{
  return request_with_reason (cli, argc, argv, tm_distributor_request_update);
}

static void
export_progress_cb (const TmProgress *progress,
                    gpointer          user_data)
{
  if (isatty (2))
    g_printerr ("\r%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " files, %"
                G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " MB ", progress->files_done,
                progress->files_total, progress->bytes_done >> 20, progress->bytes_total >> 20);
}

static void
schema_progress_cb (guint64  done,
                    guint64  total,
                    gpointer data)
{
  static gboolean said;

  if (!said)
    g_printerr (_("Fetching the DDEX ERN 4.3 schema from ddex.net (once: every DDEX message "
                  "is checked against it)…\n"));
  said = TRUE;
  if (isatty (2) && total > 0)
    g_printerr ("\r%3d %%", (int) (100 * done / total));
}

int
tm_cli_export (TmCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  TmPackageWriteFlags flags = TM_PACKAGE_WRITE_FILES;
  int status = TM_CLI_OK;
  g_autofree char *sender = NULL;
  g_autofree char *sender_name = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *recipient_name = NULL;
  gboolean ddex = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("json, csv, ddex (ERN 4.3), or smartlink (a page with a button per store)"),
      N_("FORMAT") },
    { "sender-dpid", 0, 0, G_OPTION_ARG_STRING, &sender,
      N_("For ddex: your DDEX Party ID (PADPIDA…)"), N_("DPID") },
    { "sender-name", 0, 0, G_OPTION_ARG_STRING, &sender_name, N_("For ddex: your name"),
      N_("NAME") },
    { "recipient-dpid", 0, 0, G_OPTION_ARG_STRING, &recipient,
      N_("For ddex: the platform's DDEX Party ID"), N_("DPID") },
    { "recipient-name", 0, 0, G_OPTION_ARG_STRING, &recipient_name,
      N_("For ddex: the platform's name"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The folder to write the package in"),
      N_("DIR") },
    G_OPTION_ENTRY_NULL
  };

  if (!tm_cli_parse (entries, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2 || out == NULL)
    return tm_cli_usage_error (argv[0], _("Give RELEASE and --out DIR"));
  if (format == NULL || g_str_equal (format, "json"))
    flags |= TM_PACKAGE_WRITE_JSON;
  else if (g_str_equal (format, "csv"))
    flags |= TM_PACKAGE_WRITE_CSV;
  else if (g_str_equal (format, "smartlink"))
    {
      g_autoptr(TmRelease) target = NULL;
      g_autofree char *page = NULL;

      if (!(target = tm_cli_get_release (cli, argv[0], argv[1], &status)))
        return status;
      if (!(page = tm_release_smartlink_write (cli->catalog,
                                               tm_record_get_id (TM_RECORD (target)), out,
                                               &error)))
        return tm_cli_fail (cli, error);
      g_print ("%s\n", page);
      return TM_CLI_OK;
    }
  else if (g_str_equal (format, "ddex"))
    {
      ddex = TRUE;
      flags |= TM_PACKAGE_WRITE_JSON;
      if (sender == NULL || recipient == NULL)
        return tm_cli_usage_error (argv[0], _("--format ddex needs --sender-dpid and "
                                              "--recipient-dpid"));
    }
  else
    return tm_cli_usage_error (argv[0], _("--format is json, csv, ddex or smartlink"));

  if (!(release = tm_cli_get_release (cli, argv[0], argv[1], &status)))
    return status;

  /* The schema every DDEX message is checked against, fetched once, before
   * anything is written. */
  if (ddex && !tm_ddex_schemas_ensure (schema_progress_cb, NULL, NULL, &error))
    {
      tm_cli_fail (cli, error);
      g_printerr (_("Offline, give a local copy instead: TUNEMANTRA_DDEX_SCHEMAS=FOLDER, a "
                    "folder with ern43/release-notification.xsd and "
                    "ern43/allowed-value-sets.xsd.\n"));
      return TM_CLI_FAILED;
    }

  /* DDEX needs each track's length: measured now where it never was. */
  package = ddex ? tm_release_package_new_measured (cli->catalog,
                                                    tm_record_get_id (TM_RECORD (release)), 0,
                                                    NULL, &error)
                 : tm_release_package_new (cli->catalog, tm_record_get_id (TM_RECORD (release)),
                                           0, &error);
  if (package == NULL
      || g_mkdir_with_parents (out, 0700) != 0
      || !tm_package_write (package, out, flags, export_progress_cb, NULL, NULL, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create %s: %s"),
                     out, g_strerror (errno));
      return tm_cli_fail (cli, error);
    }

  where = g_build_filename (out, tm_package_get_folder_name (package), NULL);
  if (ddex)
    {
      TmErnHeader header = { sender, sender_name, recipient, recipient_name };

      if (!tm_ern_write_package (package, where, &header, &error))
        return tm_cli_fail (cli, error);
    }
  if (isatty (2))
    g_printerr ("\n");
  g_print ("%s\n", where);
  return TM_CLI_OK;
}

int
tm_cli_import_status (TmCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *bad = json_array_new ();
  guint applied = 0;
  gsize length;
  int status = TM_CLI_OK;

  json_node_take_object (root, object);
  json_object_set_array_member (object, "bad_rows", bad);

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give one status FILE"));

  if (!(contents = tm_read_file_bounded (argv[1], TM_STATUS_FILE_MAX_BYTES, TM_OPEN_FOLLOW,
                                        &length, &error))
      || !(rows = tm_status_file_parse (contents, length, argv[1], &error)))
    return tm_cli_fail (cli, error);

  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  for (guint i = 0; i < rows->len; i++)
    {
      TmStatusRow *row = g_ptr_array_index (rows, i);
      g_autoptr(TmDistribution) d = NULL;
      g_autoptr(GError) row_error = NULL;
      g_autofree char *problem = NULL;

      if (row->result == NULL)
        problem = g_strdup (row->problem);
      else if (!(d = tm_distributor_find_by_reference (cli->catalog, row->result->reference,
                                                        &row_error))
               || !tm_distributor_apply_status (cli->catalog, tm_record_get_id (TM_RECORD (d)),
                                             row->result, TM_ACTOR_PLATFORM, &row_error))
        problem = g_strdup (row_error->message);

      if (problem == NULL)
        {
          applied++;
          continue;
        }

      {
        JsonObject *b = json_object_new ();

        json_object_set_int_member (b, "row", row->line);
        json_object_set_string_member (b, "problem", problem);
        json_array_add_object_element (bad, b);
      }
      if (!cli->json)
        g_printerr (_("%s, row %u: %s\n"), argv[1], row->line, problem);
      status = TM_CLI_FAILED;
    }

  json_object_set_int_member (object, "applied", applied);
  if (cli->json)
    tm_cli_print_json (root);
  else
    g_print (ngettext ("%u row applied\n", "%u rows applied\n", applied), applied);

  return status;
}

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  tm_delivery_target_test_connection_finish (TM_DELIVERY_TARGET (object), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

int
tm_cli_platform_test (TmCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autoptr(TmPlatform) platform = NULL;
  g_autoptr(TmDeliveryTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  int status = TM_CLI_OK;

  if (!tm_cli_parse (NULL, &argc, &argv))
    return TM_CLI_USAGE;
  if (argc != 2)
    return tm_cli_usage_error (argv[0], _("Give one platform NAME"));
  if (tm_cli_catalog (cli, &status) == NULL)
    return status;

  if (!(platform = tm_catalog_find_platform (cli->catalog, argv[1], &error))
      || !(target = tm_delivery_target_new_for_platform (platform, &error)))
    return tm_cli_fail (cli, error);

  tm_delivery_target_test_connection_async (target, NULL, test_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* First contact at a terminal: the fingerprint is shown, and accepted only
   * when the person says so. Without a terminal nothing is accepted. */
  if (g_error_matches (error, TM_SFTP_ERROR, TM_SFTP_ERROR_HOST_KEY_UNKNOWN) && isatty (0))
    {
      TmSftpConfig config = tm_sftp_target_get_config (TM_SFTP_TARGET (target));
      g_autofree char *fingerprint = tm_sftp_host_fingerprint (&config, NULL, NULL);
      char answer[16] = "";

      if (fingerprint != NULL)
        {
          g_printerr ("%s\n", error->message);
          g_printerr (_("Accept the host key %s of %s? [y/N] "), fingerprint, config.host);
          if (fgets (answer, sizeof answer, stdin) == NULL
              || g_ascii_tolower (answer[0]) != 'y')
            return tm_cli_fail (cli, error);
          g_clear_error (&error);
          if (!tm_sftp_trust_host (&config, fingerprint, NULL, &error))
            return tm_cli_fail (cli, error);
          tm_delivery_target_test_connection_async (target, NULL, test_done_cb, &error);
          while (error == NULL)
            g_main_context_iteration (NULL, TRUE);
        }
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return tm_cli_fail (cli, error);

  g_print (_("%s works.\n"), tm_platform_get_name (platform));
  return TM_CLI_OK;
}

int
tm_cli_insights (TmCli  *cli,
                 int     argc,
                 char  **argv)
{
  gboolean csv = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) insights = NULL;
  int status = TM_CLI_OK;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print the figures per platform as CSV"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (tm_cli_parse_catalog (cli, entries, &argc, &argv, &status) == NULL)
    return status;
  if (!(insights = tm_insights_compute (cli->catalog, g_get_real_time (), &error)))
    return tm_cli_fail (cli, error);

  if (csv)
    {
      g_autofree char *text = tm_insights_to_csv (insights);

      g_print ("%s", text);
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), insights);

      tm_cli_print_json (node);
    }
  return TM_CLI_OK;
}
