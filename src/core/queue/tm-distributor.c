/* tm-distributor.c: the distribution flow of STATUS.md, as catalog operations
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each operation here is one transaction: a status change, its history row and
 * the job that carries it on are stored together or not at all. The queue
 * (tm-job-queue.c) runs the jobs. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-preflight.h"
#include "tm-delivery-error.h"
#include "tm-distributor.h"

void
tm_distributor_outcome_free (TmDistributorOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->problem);
  g_free (outcome);
}

static void
add_issue (GPtrArray  *issues,
           const char *code,
           const char *message)
{
  JsonObject *issue = json_object_new ();

  json_object_set_string_member (issue, "code", code);
  json_object_set_string_member (issue, "message", message);
  g_ptr_array_add (issues, issue);
}

/**
 * tm_distributor_validate:
 *
 * The checks that stop any delivery: what every platform needs and what a
 * package cannot be made without. (Each platform's own rules come with the
 * checker of the preparation work.)
 *
 * Returns: (transfer container) (element-type JsonObject): the issues, each with
 *   a code and a message; empty when there are none
 */
GPtrArray *
tm_distributor_validate (TmCatalog  *catalog,
                     gint64      release_id,
                     GError    **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;

  if (!(release = tm_catalog_get_release (catalog, release_id, error))
      || !(tracks = tm_catalog_list_tracks (catalog, release_id, error)))
    return NULL;

  if (tm_release_get_title (release) == NULL)
    add_issue (issues, "release.title_missing", _("The release has no title."));
  if (tm_release_get_artists (release)[0] == NULL)
    add_issue (issues, "release.artist_missing", _("The release has no primary artist."));
  if (tracks->len == 0)
    add_issue (issues, "release.no_tracks", _("The release has no tracks. Add its audio files."));

  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);
      const char *path = tm_track_get_audio_path (track);
      g_autofree char *message = NULL;
      GStatBuf st;

      if (tm_track_get_title (track) == NULL)
        {
          message = g_strdup_printf (_("Track %d has no title."), tm_track_get_number (track));
          add_issue (issues, "track.title_missing", message);
          g_clear_pointer (&message, g_free);
        }

      if (path == NULL)
        message = g_strdup_printf (_("Track %d has no audio file."), tm_track_get_number (track));
      else if (g_stat (path, &st) != 0)
        message = g_strdup_printf (_("The audio file of track %d, %s, is missing."),
                                   tm_track_get_number (track), path);
      else if (tm_track_get_audio_size (track) > 0 && st.st_size != tm_track_get_audio_size (track))
        message = g_strdup_printf (_("The audio file of track %d, %s, changed since it was "
                                     "added. Add it again."), tm_track_get_number (track), path);

      if (message != NULL)
        add_issue (issues, "track.audio_file", message);
    }

  return g_steal_pointer (&issues);
}

/* The errors a platform's rule profile finds, as issues like the ones above.
 * Run outside any transaction: analysing the files stores their reports
 * through a catalog connection of its own. A platform without a profile has
 * only the checks above. */
static gboolean
add_profile_errors (TmCatalog   *catalog,
                    gint64       release_id,
                    gint64       platform_id,
                    GPtrArray  **profiles,
                    GPtrArray   *issues,
                    GError     **error)
{
  g_autoptr(TmPlatform) platform = tm_catalog_get_platform (catalog, platform_id, error);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) found = NULL;
  TmRequirements *profile;
  const char *id;

  if (platform == NULL)
    return FALSE;
  if ((id = tm_platform_get_rule_profile (platform)) == NULL || *id == '\0')
    return TRUE;

  if (*profiles == NULL && !(*profiles = tm_requirements_load_all (NULL, error)))
    return FALSE;
  if ((profile = tm_requirements_find (*profiles, id)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The platform %s follows the rule profile "
                                                    "“%s”, which does not exist. Choose another "
                                                    "in the platform's settings."),
                                                  tm_platform_get_name (platform), id);

      add_issue (issues, "platform.unknown_profile", message);
      return TRUE;
    }

  g_ptr_array_add (chosen, profile);
  if (!(found = tm_preflight_check_release (catalog, release_id, chosen, NULL, NULL, NULL, NULL,
                                            error)))
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      TmIssue *issue = g_ptr_array_index (found, i);
      g_autofree char *message = NULL;

      if (tm_issue_get_severity (issue) != TM_ISSUE_ERROR)
        continue;
      message = tm_issue_get_hint (issue) != NULL
                ? g_strdup_printf ("%s %s", tm_issue_get_message (issue), tm_issue_get_hint (issue))
                : g_strdup (tm_issue_get_message (issue));
      add_issue (issues, tm_issue_get_code (issue), message);
    }

  return TRUE;
}

static char *
issues_details (GPtrArray *issues)
{
  g_autoptr(JsonObject) details = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < issues->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (issues, i)));

  json_object_set_string_member (details, "category", "metadata_invalid");
  json_object_set_array_member (details, "issues", array);
  json_node_set_object (node, details);
  return json_to_string (node, FALSE);
}

static char *
json_details (const char *key,
              const char *value)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, key, value);
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static gboolean
add_job (TmCatalog      *catalog,
         TmDistribution *distribution,
         TmJobKind       kind,
         TmJobPriority   priority,
         gint64          run_at,
         gint64          batch_id,
         const char     *reason,
         GError        **error)
{
  g_autoptr(TmJob) job = tm_job_new ();

  tm_job_set_distribution_id (job, tm_record_get_id (TM_RECORD (distribution)));
  tm_job_set_release_id (job, tm_distribution_get_release_id (distribution));
  tm_job_set_platform_id (job, tm_distribution_get_platform_id (distribution));
  tm_job_set_kind (job, kind);
  tm_job_set_priority (job, priority);
  tm_job_set_run_at (job, run_at);
  tm_job_set_batch_id (job, batch_id);
  tm_job_set_reason (job, reason);

  return tm_catalog_add_job (catalog, job, error);
}

/* Ends the jobs of @distribution that are not finished, so a new one is the only one. */
static gboolean
end_open_jobs (TmCatalog  *catalog,
               gint64      distribution_id,
               TmJobState  state,
               GError    **error)
{
  TmJobQuery query = { .states = TM_JOB_STATES_OPEN, .distribution_id = distribution_id };
  g_autoptr(GPtrArray) jobs = tm_catalog_list_jobs (catalog, &query, error);

  if (jobs == NULL)
    return FALSE;

  for (guint i = 0; i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);

      tm_job_set_state (job, state);
      tm_job_set_finished_at (job, g_get_real_time ());
      if (!tm_catalog_update_job (catalog, job, error))
        return FALSE;
    }

  return TRUE;
}

static TmDistributorOutcome *
distribute_one (TmCatalog     *catalog,
                gint64         release_id,
                gint64         platform_id,
                GPtrArray     *profile_issues,
                TmJobPriority  priority,
                gint64         at,
                gint64         batch_id,
                GError       **error)
{
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) local_error = NULL;
  TmDistributorOutcome *outcome = g_new0 (TmDistributorOutcome, 1);
  TmDistributionStatus status;
  gint64 id;

  outcome->release_id = release_id;
  outcome->platform_id = platform_id;

  distribution = tm_catalog_find_distribution (catalog, release_id, platform_id, &local_error);
  if (distribution == NULL
      && g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      distribution = tm_catalog_add_distribution (catalog, release_id, platform_id,
                                                  TM_ACTOR_USER, &local_error);
    }
  if (distribution == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      tm_distributor_outcome_free (outcome);
      return NULL;
    }

  id = tm_record_get_id (TM_RECORD (distribution));
  outcome->distribution_id = id;
  status = tm_distribution_get_status (distribution);
  outcome->status = status;

  if (status != TM_DISTRIBUTION_STATUS_CREATED && status != TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION
      && status != TM_DISTRIBUTION_STATUS_FAILED && status != TM_DISTRIBUTION_STATUS_REMOVED)
    {
      outcome->problem = g_strdup_printf (_("already %s there; to change what the platform has, "
                                            "send an update"),
                                          tm_distribution_status_get_label (status));
      return outcome;
    }

  /* A failed or removed release goes straight back in the queue; the others are
   * checked first. */
  if (status == TM_DISTRIBUTION_STATUS_CREATED || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION)
    {
      if (!tm_catalog_transition (catalog, id, TM_DISTRIBUTION_STATUS_VALIDATING, TM_ACTOR_USER,
                                  NULL, error)
          || !(issues = tm_distributor_validate (catalog, release_id, error)))
        {
          tm_distributor_outcome_free (outcome);
          return NULL;
        }
      for (guint i = 0; i < profile_issues->len; i++)
        g_ptr_array_add (issues, json_object_ref (g_ptr_array_index (profile_issues, i)));

      if (issues->len > 0)
        {
          g_autofree char *details = issues_details (issues);
          JsonObject *first = g_ptr_array_index (issues, 0);

          if (!tm_catalog_transition (catalog, id, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
                                      TM_ACTOR_QUEUE, details, error))
            {
              tm_distributor_outcome_free (outcome);
              return NULL;
            }
          outcome->status = TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION;
          outcome->problem = g_strdup (json_object_get_string_member (first, "message"));
          return outcome;
        }
    }

  outcome->status = at > g_get_real_time () ? TM_DISTRIBUTION_STATUS_SCHEDULED
                                            : TM_DISTRIBUTION_STATUS_QUEUED;
  if (!end_open_jobs (catalog, id, TM_JOB_STATE_CANCELLED, error)
      || !tm_catalog_transition (catalog, id, outcome->status, TM_ACTOR_USER, NULL, error)
      || !add_job (catalog, distribution, TM_JOB_KIND_DELIVER, priority, at, batch_id, NULL, error))
    {
      tm_distributor_outcome_free (outcome);
      return NULL;
    }

  return outcome;
}

/**
 * tm_distributor_distribute:
 * @at: when to deliver (µs since the epoch), or 0 for now
 * @batch_id: the batch the jobs belong to, or 0
 *
 * Distributes each release to each platform: one distribution per pair, checked
 * (`validating`), then queued or scheduled with a delivery job. A pair that stops
 * (checks failed, already delivered) says why in its outcome; the others go on.
 *
 * Returns: (transfer container) (element-type TmDistributorOutcome): one outcome per pair
 */
GPtrArray *
tm_distributor_distribute (TmCatalog     *catalog,
               const gint64  *release_ids,
               guint          n_releases,
               const gint64  *platform_ids,
               guint          n_platforms,
               TmJobPriority  priority,
               gint64         at,
               gint64         batch_id,
               GError       **error)
{
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func (
      (GDestroyNotify) tm_distributor_outcome_free);
  g_autoptr(GPtrArray) profiles = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);

  for (guint r = 0; r < n_releases; r++)
    for (guint p = 0; p < n_platforms; p++)
      {
        g_autoptr(GPtrArray) profile_issues =
          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
        TmDistributorOutcome *outcome;

        if (!add_profile_errors (catalog, release_ids[r], platform_ids[p], &profiles,
                                 profile_issues, error))
          return NULL;
        if (!tm_catalog_begin (catalog, error))
          return NULL;

        outcome = distribute_one (catalog, release_ids[r], platform_ids[p], profile_issues,
                                  priority, at, batch_id, error);
        if (outcome == NULL)
          {
            tm_catalog_rollback (catalog);
            return NULL;
          }
        if (!tm_catalog_commit (catalog, error))
          {
            tm_distributor_outcome_free (outcome);
            return NULL;
          }
        g_ptr_array_add (outcomes, outcome);
      }

  return g_steal_pointer (&outcomes);
}

static TmDistribution *
get_in (TmCatalog                   *catalog,
        gint64                       distribution_id,
        const TmDistributionStatus  *allowed,
        guint                        n_allowed,
        const char                  *what,
        GError                     **error)
{
  g_autoptr(TmDistribution) distribution = tm_catalog_get_distribution (catalog, distribution_id,
                                                                        error);
  TmDistributionStatus status;

  if (distribution == NULL)
    return NULL;

  status = tm_distribution_get_status (distribution);
  for (guint i = 0; i < n_allowed; i++)
    if (allowed[i] == status)
      return g_steal_pointer (&distribution);

  g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION,
               _("Cannot %s the release on %s while it is “%s”."), what,
               tm_distribution_get_platform_name (distribution),
               tm_distribution_status_get_label (status));
  return NULL;
}

/* Runs @status change and a job of @kind as one transaction. */
static gboolean
request (TmCatalog             *catalog,
         TmDistribution        *distribution,
         TmDistributionStatus   status,
         TmJobKind              kind,
         const char            *reason,
         GError               **error)
{
  g_autofree char *details = reason ? json_details ("reason", reason) : NULL;
  gint64 id = tm_record_get_id (TM_RECORD (distribution));

  if (!tm_catalog_begin (catalog, error))
    return FALSE;

  if (!end_open_jobs (catalog, id, TM_JOB_STATE_CANCELLED, error)
      || !tm_catalog_transition (catalog, id, status, TM_ACTOR_USER, details, error)
      || !add_job (catalog, distribution, kind, TM_JOB_PRIORITY_HIGH, 0, 0, reason, error))
    {
      tm_catalog_rollback (catalog);
      return FALSE;
    }

  return tm_catalog_commit (catalog, error);
}

gboolean
tm_distributor_request_takedown (TmCatalog   *catalog,
                     gint64       distribution_id,
                     const char  *reason,
                     GError     **error)
{
  static const TmDistributionStatus allowed[] = {
    TM_DISTRIBUTION_STATUS_DISTRIBUTED, TM_DISTRIBUTION_STATUS_LIVE,
    TM_DISTRIBUTION_STATUS_UPDATED, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
  };
  g_autoptr(TmDistribution) distribution = NULL;

  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("A takedown needs a reason; the platform and the history keep it."));
      return FALSE;
    }

  if (!(distribution = get_in (catalog, distribution_id, allowed, G_N_ELEMENTS (allowed),
                               _("take down"), error)))
    return FALSE;

  return request (catalog, distribution, TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED,
                  TM_JOB_KIND_TAKEDOWN, reason, error);
}

gboolean
tm_distributor_request_update (TmCatalog   *catalog,
                   gint64       distribution_id,
                   const char  *reason,
                   GError     **error)
{
  static const TmDistributionStatus allowed[] = {
    TM_DISTRIBUTION_STATUS_DISTRIBUTED, TM_DISTRIBUTION_STATUS_LIVE,
    TM_DISTRIBUTION_STATUS_UPDATED,
  };
  g_autoptr(TmDistribution) distribution = NULL;

  if (!(distribution = get_in (catalog, distribution_id, allowed, G_N_ELEMENTS (allowed),
                               _("update"), error)))
    return FALSE;

  return request (catalog, distribution, TM_DISTRIBUTION_STATUS_UPDATING, TM_JOB_KIND_UPDATE,
                  reason, error);
}

gboolean
tm_distributor_retry (TmCatalog  *catalog,
                       gint64      distribution_id,
                       GError    **error)
{
  static const TmDistributionStatus allowed[] = {
    TM_DISTRIBUTION_STATUS_FAILED, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION,
  };
  g_autoptr(TmDistribution) distribution = NULL;

  if (!(distribution = get_in (catalog, distribution_id, allowed, G_N_ELEMENTS (allowed),
                               _("retry"), error)))
    return FALSE;

  return request (catalog, distribution, TM_DISTRIBUTION_STATUS_QUEUED, TM_JOB_KIND_DELIVER,
                  NULL, error);
}

/**
 * tm_distributor_check_now:
 *
 * Asks the platform where the release stands at the next turn of the queue,
 * rather than at the next planned look: the waiting look is brought forward,
 * or one is added. Only for a release the platform has (or is taking).
 */
gboolean
tm_distributor_check_now (TmCatalog  *catalog,
                          gint64      distribution_id,
                          GError    **error)
{
  static const TmDistributionStatus allowed[] = {
    TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, TM_DISTRIBUTION_STATUS_DISTRIBUTED,
    TM_DISTRIBUTION_STATUS_LIVE, TM_DISTRIBUTION_STATUS_UPDATING, TM_DISTRIBUTION_STATUS_UPDATED,
    TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED,
  };
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(GPtrArray) polls = NULL;
  TmJobQuery query = {
    .distribution_id = distribution_id,
    .kinds = TM_JOB_KIND_MASK (TM_JOB_KIND_POLL),
    .states = TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING),
  };

  if (!(distribution = get_in (catalog, distribution_id, allowed, G_N_ELEMENTS (allowed),
                               _("check"), error))
      || !(polls = tm_catalog_list_jobs (catalog, &query, error)))
    return FALSE;

  if (polls->len == 0)
    return add_job (catalog, distribution, TM_JOB_KIND_POLL, TM_JOB_PRIORITY_HIGH, 0, 0, NULL,
                    error);

  if (!tm_catalog_begin (catalog, error))
    return FALSE;
  for (guint i = 0; i < polls->len; i++)
    {
      TmJob *poll = g_ptr_array_index (polls, i);

      /* Due at once, whatever the queue's clock says. */
      tm_job_set_run_at (poll, 0);
      tm_job_set_priority (poll, TM_JOB_PRIORITY_HIGH);
      if (!tm_catalog_update_job (catalog, poll, error))
        {
          tm_catalog_rollback (catalog);
          return FALSE;
        }
    }
  return tm_catalog_commit (catalog, error);
}

/**
 * tm_distributor_cancel:
 *
 * Stops what the queue would do: a waiting delivery goes back to not sent, one
 * under way ends as failed (a retry starts it again). Finished deliveries stay.
 */
gboolean
tm_distributor_cancel (TmCatalog  *catalog,
                        gint64      distribution_id,
                        GError    **error)
{
  g_autoptr(TmDistribution) distribution = NULL;
  g_autofree char *details = json_details ("cancelled", "you");
  TmDistributionStatus status, to;

  if (!(distribution = tm_catalog_get_distribution (catalog, distribution_id, error)))
    return FALSE;

  status = tm_distribution_get_status (distribution);
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_SCHEDULED:
    case TM_DISTRIBUTION_STATUS_QUEUED:
      to = TM_DISTRIBUTION_STATUS_CREATED;
      break;
    case TM_DISTRIBUTION_STATUS_PREPARING:
    case TM_DISTRIBUTION_STATUS_UPLOADING:
    case TM_DISTRIBUTION_STATUS_RETRYING:
    case TM_DISTRIBUTION_STATUS_UPDATING:
    case TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED:
      to = TM_DISTRIBUTION_STATUS_FAILED;
      break;
    default:
      to = status;
      break;
    }

  if (!tm_catalog_begin (catalog, error))
    return FALSE;

  if (!end_open_jobs (catalog, distribution_id, TM_JOB_STATE_CANCELLED, error)
      || (to != status
          && !tm_catalog_transition (catalog, distribution_id, to, TM_ACTOR_USER, details, error)))
    {
      tm_catalog_rollback (catalog);
      return FALSE;
    }

  return tm_catalog_commit (catalog, error);
}

/**
 * tm_distributor_set_paused:
 * @release_id: a release whose jobs to pause, or 0
 * @job_id: one job, or 0
 *
 * Pauses (or resumes) waiting jobs; with neither id, every job. A queue that runs
 * a job being paused stops it and it goes on from where it was when resumed.
 *
 * Returns: how many jobs changed
 */
guint
tm_distributor_set_paused (TmCatalog  *catalog,
                    gint64      release_id,
                    gint64      job_id,
                    gboolean    paused,
                    GError    **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  TmJobQuery query = { 0 };
  guint changed = 0;

  query.states = paused ? TM_JOB_STATE_MASK (TM_JOB_STATE_WAITING)
                          | TM_JOB_STATE_MASK (TM_JOB_STATE_RUNNING)
                        : TM_JOB_STATE_MASK (TM_JOB_STATE_PAUSED);
  query.job_id = job_id;
  query.release_id = job_id == 0 ? release_id : 0;
  if (!(jobs = tm_catalog_list_jobs (catalog, &query, error)))
    return 0;

  if (!tm_catalog_begin (catalog, error))
    return 0;

  for (guint i = 0; i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);

      tm_job_set_state (job, paused ? TM_JOB_STATE_PAUSED : TM_JOB_STATE_WAITING);
      if (!paused)
        tm_job_set_run_at (job, 0);
      if (!tm_catalog_update_job (catalog, job, error))
        {
          tm_catalog_rollback (catalog);
          return 0;
        }
      changed++;
    }

  if (release_id == 0 && job_id == 0
      && !tm_catalog_set_setting (catalog, "queue.paused", paused ? "1" : NULL, error))
    {
      tm_catalog_rollback (catalog);
      return 0;
    }

  return tm_catalog_commit (catalog, error) ? changed : 0;
}

TmDistribution *
tm_distributor_find_by_reference (TmCatalog   *catalog,
                                   const char  *reference,
                                   GError     **error)
{
  g_autoptr(GPtrArray) all = tm_catalog_list_distributions (catalog, 0, error);

  if (all == NULL)
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      TmDistribution *d = g_ptr_array_index (all, i);

      if (g_strcmp0 (tm_distribution_get_platform_reference (d), reference) == 0)
        return g_object_ref (d);
    }

  g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
               _("No delivery has the reference “%s”."), reference);
  return NULL;
}

/**
 * tm_distributor_apply_status:
 *
 * Moves a distribution to what the platform says, directly or by way of
 * `distributed` (a release can be accepted and live between two looks), and keeps
 * the store link and the platform's message.
 */
gboolean
tm_distributor_apply_status (TmCatalog               *catalog,
                          gint64                   distribution_id,
                          const TmDeliveryResult  *result,
                          TmActor                  actor,
                          GError                 **error)
{
  g_autoptr(TmDistribution) distribution = NULL;
  g_autofree char *details = result->message ? json_details ("message", result->message) : NULL;
  TmDistributionStatus from, to = result->status;

  if (!(distribution = tm_catalog_get_distribution (catalog, distribution_id, error)))
    return FALSE;

  from = tm_distribution_get_status (distribution);

  if (!tm_catalog_begin (catalog, error))
    return FALSE;

  for (guint i = 0; result->notes != NULL && i < result->notes->len; i++)
    {
      g_autofree char *note = json_details ("note", g_ptr_array_index (result->notes, i));

      if (!tm_catalog_add_note (catalog, distribution_id, actor, note, error))
        {
          tm_catalog_rollback (catalog);
          return FALSE;
        }
    }
  if (result->unchanged)
    return tm_catalog_commit (catalog, error);

  if (from != to && !tm_distribution_status_can_transition (from, to))
    {
      if (tm_distribution_status_can_transition (from, TM_DISTRIBUTION_STATUS_DISTRIBUTED)
          && tm_distribution_status_can_transition (TM_DISTRIBUTION_STATUS_DISTRIBUTED, to))
        {
          if (!tm_catalog_transition (catalog, distribution_id, TM_DISTRIBUTION_STATUS_DISTRIBUTED,
                                      actor, NULL, error))
            {
              tm_catalog_rollback (catalog);
              return FALSE;
            }
        }
    }

  if ((from != to || details != NULL)
      && !tm_catalog_transition (catalog, distribution_id, to, actor, details, error))
    {
      tm_catalog_rollback (catalog);
      return FALSE;
    }

  if (result->store_url != NULL || result->reference != NULL)
    {
      if (result->store_url != NULL)
        tm_distribution_set_store_url (distribution, result->store_url);
      if (result->reference != NULL
          && tm_distribution_get_platform_reference (distribution) == NULL)
        tm_distribution_set_platform_reference (distribution, result->reference);
      if (!tm_catalog_update_distribution (catalog, distribution, error))
        {
          tm_catalog_rollback (catalog);
          return FALSE;
        }
    }

  return tm_catalog_commit (catalog, error);
}
