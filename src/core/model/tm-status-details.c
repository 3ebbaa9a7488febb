/* tm-status-details.c: why a delivery stands where it does, in words
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The history keeps JSON; people read sentences. Each change is said with who
 * made it (you, TuneMantra, or the platform by its name) and, where the
 * details say why, the reason. The window and `tunemantra-cli history` and
 * `status` print the same sentences. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-enums.h"
#include "tm-json.h"
#include "tm-status.h"
#include "tm-status-details.h"
#include "tm-text.h"

/* What is shown of text that came from outside (a platform, a file). */
#define MAX_SHOWN_CHARS 400

static char *
shown (const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    return NULL;
  clean = tm_text_from_outside (text, MAX_SHOWN_CHARS);
  if (clean == NULL || *g_strstrip (clean) == '\0')
    return NULL;
  return g_steal_pointer (&clean);
}

/**
 * tm_status_details_parse:
 * @details: (nullable): the details of a status change, as the history keeps them
 *
 * Returns: (transfer full): what they say; empty when they say nothing or are
 *   not JSON
 */
TmStatusDetails *
tm_status_details_parse (const char *details)
{
  TmStatusDetails *d = g_new0 (TmStatusDetails, 1);
  g_autoptr(JsonObject) o = NULL;
  JsonNode *issues;
  const char *action;

  if (details == NULL
      || !(o = tm_json_parse_object (details, strlen (details), "details", NULL)))
    return d;

  d->reason = shown (tm_json_string_or (o, "error", NULL));
  if (d->reason == NULL)
    d->reason = shown (tm_json_string_or (o, "message", NULL));
  if (d->reason == NULL)
    d->reason = shown (tm_json_string_or (o, "reason", NULL));
  d->fix = shown (tm_json_string_or (o, "hint", NULL));
  d->note = shown (tm_json_string_or (o, "note", NULL));
  /* Older catalogs say {"reason": "cancelled"}. */
  d->cancelled = json_object_has_member (o, "cancelled")
                 || g_strcmp0 (tm_json_string_or (o, "reason", NULL), "cancelled") == 0;
  if (d->cancelled)
    g_clear_pointer (&d->reason, g_free);
  d->has_category = tm_error_category_from_string (tm_json_string_or (o, "category", NULL),
                                                   &d->category);
  action = tm_json_string_or (o, "action", NULL);
  if (action != NULL)
    {
      int value;

      if (tm_enum_from_nick (TM_TYPE_ERROR_ACTION, action, &value))
        d->action = value;
    }

  issues = json_object_get_member (o, "issues");
  if (issues != NULL && JSON_NODE_HOLDS_ARRAY (issues))
    {
      JsonArray *list = json_node_get_array (issues);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *node = json_array_get_element (list, i);
          JsonObject *issue = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

          if (issue == NULL)
            continue;
          if (d->n_issues++ > 0)
            continue;
          /* The first problem says why; the others are counted. */
          if (d->reason == NULL)
            d->reason = shown (tm_json_string_or (issue, "message", NULL));
          if (d->fix == NULL)
            d->fix = shown (tm_json_string_or (issue, "hint", NULL));
          d->field = shown (tm_json_string_or (issue, "field", NULL));
        }
    }
  return d;
}

void
tm_status_details_free (TmStatusDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->reason);
  g_free (details->fix);
  g_free (details->field);
  g_free (details->note);
  g_free (details);
}

/**
 * tm_status_details_get_summary:
 *
 * Returns: (transfer full) (nullable): the reason, with how many more problems
 *   there are, such as "The release has no label (and 2 more problems)"
 */
char *
tm_status_details_get_summary (const TmStatusDetails *details)
{
  g_return_val_if_fail (details != NULL, NULL);

  if (details->reason == NULL)
    return g_strdup (details->note);
  if (details->n_issues > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (and %u more problem)",
                                         "%s (and %u more problems)", details->n_issues - 1),
                            details->reason, details->n_issues - 1);
  return g_strdup (details->reason);
}

/**
 * tm_distribution_status_is_trouble:
 *
 * Returns: whether @status is one where something went wrong
 */
gboolean
tm_distribution_status_is_trouble (TmDistributionStatus status)
{
  return status == TM_DISTRIBUTION_STATUS_FAILED || status == TM_DISTRIBUTION_STATUS_RETRYING
         || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION;
}

/* What the change did, said of who did it. @p is the platform's name. */
static char *
sentence (TmDistributionStatus  to,
          TmActor               actor,
          const char           *p,
          gboolean              cancelled,
          gboolean              checks)
{
  gboolean you = actor == TM_ACTOR_USER;
  gboolean platform = actor == TM_ACTOR_PLATFORM;

  switch (to)
    {
    case TM_DISTRIBUTION_STATUS_CREATED:
      return cancelled ? g_strdup (_("You cancelled the delivery"))
                       : g_strdup_printf (_("You chose %s for this release"), p);
    case TM_DISTRIBUTION_STATUS_VALIDATING:
      return g_strdup_printf (_("You asked to deliver it to %s; TuneMantra checks it first"), p);
    case TM_DISTRIBUTION_STATUS_SCHEDULED:
      return g_strdup_printf (_("You scheduled it for %s"), p);
    case TM_DISTRIBUTION_STATUS_QUEUED:
      return you ? g_strdup_printf (_("You queued it for %s"), p)
                 : g_strdup_printf (_("TuneMantra queued it for %s"), p);
    case TM_DISTRIBUTION_STATUS_PREPARING:
      return g_strdup (_("TuneMantra started preparing the files"));
    case TM_DISTRIBUTION_STATUS_UPLOADING:
      return g_strdup_printf (_("TuneMantra started sending it to %s"), p);
    case TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM:
      return platform ? g_strdup_printf (_("%s is processing it"), p)
                      : g_strdup_printf (_("TuneMantra sent it; %s is processing it"), p);
    case TM_DISTRIBUTION_STATUS_DISTRIBUTED:
      return platform ? g_strdup_printf (_("%s accepted it"), p)
                      : g_strdup_printf (_("TuneMantra delivered it to %s"), p);
    case TM_DISTRIBUTION_STATUS_LIVE:
      return platform ? g_strdup_printf (_("%s put it live"), p)
                      : you ? g_strdup_printf (_("You marked it as live on %s"), p)
                            : g_strdup_printf (_("It is live on %s"), p);
    case TM_DISTRIBUTION_STATUS_FAILED:
      return cancelled ? g_strdup (_("You stopped the delivery"))
             : platform ? g_strdup_printf (_("%s refused it"), p)
             : you ? g_strdup (_("You marked the delivery as failed"))
                   : g_strdup (_("TuneMantra gave up"));
    case TM_DISTRIBUTION_STATUS_RETRYING:
      return g_strdup (_("TuneMantra will try again"));
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION:
      return platform ? g_strdup_printf (_("%s rejected it"), p)
             : checks ? g_strdup_printf (_("TuneMantra stopped it before sending it to %s"), p)
             : you ? g_strdup (_("You marked it as needing attention"))
                   : g_strdup (_("It needs your attention"));
    case TM_DISTRIBUTION_STATUS_UPDATING:
      return you ? g_strdup_printf (_("You sent %s an update"), p)
                 : g_strdup_printf (_("TuneMantra is sending %s the update"), p);
    case TM_DISTRIBUTION_STATUS_UPDATED:
      return platform ? g_strdup_printf (_("%s took the update"), p)
                      : g_strdup_printf (_("TuneMantra delivered the update to %s"), p);
    case TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED:
      return you ? g_strdup_printf (_("You asked %s to take it down"), p)
                 : g_strdup_printf (_("TuneMantra asked %s to take it down"), p);
    case TM_DISTRIBUTION_STATUS_REMOVED:
      return platform ? g_strdup_printf (_("%s took it down"), p)
             : you ? g_strdup_printf (_("You marked it as taken down from %s"), p)
                   : g_strdup_printf (_("It was taken down from %s"), p);
    case TM_N_DISTRIBUTION_STATUSES:
    default:
      return g_strdup (tm_distribution_status_get_label (to));
    }
}

/**
 * tm_status_change_describe:
 * @platform: (nullable): the platform's name
 *
 * Returns: (transfer full): the change as a sentence with who made it and
 *   why, such as "Spotify rejected it: the cover is too small."
 */
char *
tm_status_change_describe (TmStatusChange *change,
                           const char     *platform)
{
  g_autoptr(TmStatusDetails) d = NULL;
  g_autofree char *said = NULL;
  g_autofree char *why = NULL;
  TmActor actor;
  const char *p;
  gboolean cancelled;

  g_return_val_if_fail (TM_IS_STATUS_CHANGE (change), NULL);

  d = tm_status_details_parse (tm_status_change_get_details (change));
  actor = tm_status_change_get_actor (change);
  p = platform != NULL && *platform != '\0' ? platform : _("the platform");
  cancelled = actor == TM_ACTOR_USER && d->cancelled;

  /* A note changes nothing: only its words. */
  if (tm_status_change_get_from_status (change) == tm_status_change_get_to_status (change)
      && d->note != NULL)
    return actor == TM_ACTOR_PLATFORM ? g_strdup_printf (_("%s noted: %s"), p, d->note)
                                      : g_strdup_printf (_("Note: %s"), d->note);

  said = sentence (tm_status_change_get_to_status (change), actor, p, cancelled,
                   d->n_issues > 0);
  why = cancelled ? NULL : tm_status_details_get_summary (d);
  if (why == NULL)
    return g_strdup_printf (_("%s."), said);
  /* TRANSLATORS: what happened, and why */
  return g_strdup_printf (_("%s: %s"), said, why);
}
