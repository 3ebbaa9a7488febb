/* tm-status.c: the distribution state machine of STATUS.md
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tm-status.h"

#define S(x) (1u << TM_DISTRIBUTION_STATUS_##x)

/* Allowed targets of each state, exactly as STATUS.md lists them. */
static const guint32 transitions[TM_N_DISTRIBUTION_STATUSES] = {
  [TM_DISTRIBUTION_STATUS_CREATED] = S (VALIDATING) | S (QUEUED) | S (SCHEDULED) | S (FAILED),
  [TM_DISTRIBUTION_STATUS_VALIDATING] = S (QUEUED) | S (SCHEDULED) | S (NEEDS_ATTENTION)
                                        | S (FAILED),
  [TM_DISTRIBUTION_STATUS_SCHEDULED] = S (QUEUED) | S (CREATED) | S (FAILED),
  [TM_DISTRIBUTION_STATUS_QUEUED] = S (PREPARING) | S (SCHEDULED) | S (CREATED) | S (FAILED),
  [TM_DISTRIBUTION_STATUS_PREPARING] = S (UPLOADING) | S (FAILED) | S (NEEDS_ATTENTION)
                                       | S (RETRYING),
  [TM_DISTRIBUTION_STATUS_UPLOADING] = S (PROCESSING_BY_PLATFORM) | S (DISTRIBUTED) | S (FAILED)
                                       | S (RETRYING) | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM] = S (DISTRIBUTED) | S (LIVE)
                                                    | S (NEEDS_ATTENTION) | S (FAILED),
  [TM_DISTRIBUTION_STATUS_DISTRIBUTED] = S (LIVE) | S (NEEDS_ATTENTION) | S (UPDATING)
                                         | S (TAKEDOWN_REQUESTED),
  [TM_DISTRIBUTION_STATUS_LIVE] = S (UPDATING) | S (TAKEDOWN_REQUESTED) | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_FAILED] = S (RETRYING) | S (QUEUED) | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_RETRYING] = S (PREPARING) | S (UPLOADING) | S (FAILED)
                                      | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION] = S (VALIDATING) | S (QUEUED) | S (TAKEDOWN_REQUESTED),
  [TM_DISTRIBUTION_STATUS_UPDATING] = S (UPDATED) | S (FAILED) | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_UPDATED] = S (LIVE) | S (UPDATING) | S (TAKEDOWN_REQUESTED),
  [TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED] = S (REMOVED) | S (FAILED) | S (NEEDS_ATTENTION),
  [TM_DISTRIBUTION_STATUS_REMOVED] = S (QUEUED),
};

#undef S

gboolean
tm_distribution_status_can_transition (TmDistributionStatus from,
                                       TmDistributionStatus to)
{
  if ((guint) from >= TM_N_DISTRIBUTION_STATUSES || (guint) to >= TM_N_DISTRIBUTION_STATUSES)
    return FALSE;

  return (transitions[from] & (1u << to)) != 0;
}

TmStatusGroup
tm_distribution_status_get_group (TmDistributionStatus status)
{
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_CREATED:
      return TM_STATUS_GROUP_NOT_STARTED;
    case TM_DISTRIBUTION_STATUS_SCHEDULED:
      return TM_STATUS_GROUP_SCHEDULED;
    case TM_DISTRIBUTION_STATUS_DISTRIBUTED:
    case TM_DISTRIBUTION_STATUS_LIVE:
    case TM_DISTRIBUTION_STATUS_UPDATED:
      return TM_STATUS_GROUP_DONE;
    case TM_DISTRIBUTION_STATUS_FAILED:
      return TM_STATUS_GROUP_FAILED;
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION:
      return TM_STATUS_GROUP_NEEDS_ATTENTION;
    case TM_DISTRIBUTION_STATUS_REMOVED:
      return TM_STATUS_GROUP_REMOVED;
    case TM_DISTRIBUTION_STATUS_VALIDATING:
    case TM_DISTRIBUTION_STATUS_QUEUED:
    case TM_DISTRIBUTION_STATUS_PREPARING:
    case TM_DISTRIBUTION_STATUS_UPLOADING:
    case TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM:
    case TM_DISTRIBUTION_STATUS_RETRYING:
    case TM_DISTRIBUTION_STATUS_UPDATING:
    case TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED:
    case TM_N_DISTRIBUTION_STATUSES:
    default:
      return TM_STATUS_GROUP_IN_PROGRESS;
    }
}

const char *
tm_distribution_status_to_string (TmDistributionStatus status)
{
  return tm_enum_to_nick (TM_TYPE_DISTRIBUTION_STATUS, status);
}

/* The statuses by their exact nicks, made once: a catalog listing reads one
 * for each distribution (100,000 in the benchmark's). */
static GHashTable *
get_status_nicks (void)
{
  static GHashTable *nicks;

  if (g_once_init_enter (&nicks))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GEnumClass) klass = g_type_class_ref (TM_TYPE_DISTRIBUTION_STATUS);

      for (guint i = 0; i < klass->n_values; i++)
        g_hash_table_insert (table, (char *) klass->values[i].value_nick,
                             GINT_TO_POINTER (klass->values[i].value + 1));
      g_once_init_leave (&nicks, table);
    }

  return nicks;
}

gboolean
tm_distribution_status_from_string (const char           *str,
                                    TmDistributionStatus *status)
{
  gpointer found;
  int value;

  if (str == NULL)
    return FALSE;

  if ((found = g_hash_table_lookup (get_status_nicks (), str)) != NULL)
    value = GPOINTER_TO_INT (found) - 1;
  else if (!tm_enum_from_nick (TM_TYPE_DISTRIBUTION_STATUS, str, &value))
    return FALSE;

  if (status != NULL)
    *status = value;
  return TRUE;
}

const char *
tm_distribution_status_get_label (TmDistributionStatus status)
{
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_CREATED: return _("Not sent");
    case TM_DISTRIBUTION_STATUS_VALIDATING: return _("Checking");
    case TM_DISTRIBUTION_STATUS_SCHEDULED: return _("Scheduled");
    case TM_DISTRIBUTION_STATUS_QUEUED: return _("Queued");
    case TM_DISTRIBUTION_STATUS_PREPARING: return _("Preparing");
    case TM_DISTRIBUTION_STATUS_UPLOADING: return _("Uploading");
    case TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM: return _("Processing");
    case TM_DISTRIBUTION_STATUS_DISTRIBUTED: return _("Delivered");
    case TM_DISTRIBUTION_STATUS_LIVE: return _("Live");
    case TM_DISTRIBUTION_STATUS_FAILED: return _("Failed");
    case TM_DISTRIBUTION_STATUS_RETRYING: return _("Retrying");
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION: return _("Needs attention");
    case TM_DISTRIBUTION_STATUS_UPDATING: return _("Updating");
    case TM_DISTRIBUTION_STATUS_UPDATED: return _("Updated");
    case TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED: return _("Takedown requested");
    case TM_DISTRIBUTION_STATUS_REMOVED: return _("Removed");
    case TM_N_DISTRIBUTION_STATUSES:
    default: return _("Unknown");
    }
}

void
tm_status_counts_add (TmStatusCounts       *counts,
                      TmDistributionStatus  status,
                      guint                 n)
{
  counts->groups[tm_distribution_status_get_group (status)] += n;
  counts->total += n;
  if (status == TM_DISTRIBUTION_STATUS_LIVE || status == TM_DISTRIBUTION_STATUS_UPDATED)
    counts->live += n;
}

/* STATUS.md, "Aggregated status of a release", evaluated in the order written there. */
TmAggregateStatus
tm_status_counts_aggregate (const TmStatusCounts *c)
{
  if (c->total == 0 || c->groups[TM_STATUS_GROUP_NOT_STARTED] == c->total)
    return TM_AGGREGATE_STATUS_NOT_STARTED;
  if (c->groups[TM_STATUS_GROUP_DONE] == c->total)
    return TM_AGGREGATE_STATUS_COMPLETED;
  if (c->groups[TM_STATUS_GROUP_REMOVED] == c->total)
    return TM_AGGREGATE_STATUS_REMOVED;
  if (c->groups[TM_STATUS_GROUP_FAILED] == c->total)
    return TM_AGGREGATE_STATUS_FAILED;
  if (c->groups[TM_STATUS_GROUP_NEEDS_ATTENTION] > 0)
    return TM_AGGREGATE_STATUS_NEEDS_ATTENTION;
  if (c->groups[TM_STATUS_GROUP_IN_PROGRESS] > 0 || c->groups[TM_STATUS_GROUP_SCHEDULED] > 0)
    return TM_AGGREGATE_STATUS_IN_PROGRESS;
  return TM_AGGREGATE_STATUS_PARTIAL;
}

/* The words of a summary, translated once (the locale is set at start): a
 * catalog listing describes each of its releases, and each gettext() call
 * takes its lock (measured with perf, with the numbers written without
 * printf: 10,000 descriptions 15 → 6 ms). */
static const char * const *
get_summary_words (void)
{
  static const char *words[TM_N_STATUS_GROUPS];
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      words[TM_STATUS_GROUP_DONE] = _("delivered");
      words[TM_STATUS_GROUP_IN_PROGRESS] = _("in progress");
      words[TM_STATUS_GROUP_SCHEDULED] = _("scheduled");
      words[TM_STATUS_GROUP_NEEDS_ATTENTION] = _("needs attention");
      words[TM_STATUS_GROUP_FAILED] = _("failed");
      words[TM_STATUS_GROUP_REMOVED] = _("removed");
      words[TM_STATUS_GROUP_NOT_STARTED] = _("not sent");
      g_once_init_leave (&ready, 1);
    }

  return words;
}

/* Writes @n in decimal to @digits (at least 11 bytes) and returns its length. */
static gsize
format_uint (char  *digits,
             guint  n)
{
  char reversed[16];
  gsize len = 0;

  do
    {
      reversed[len++] = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0);

  for (gsize i = 0; i < len; i++)
    digits[i] = reversed[len - 1 - i];
  return len;
}

char *
tm_status_counts_describe (const TmStatusCounts *c)
{
  static const TmStatusGroup order[] = {
    TM_STATUS_GROUP_DONE, TM_STATUS_GROUP_IN_PROGRESS, TM_STATUS_GROUP_SCHEDULED,
    TM_STATUS_GROUP_NEEDS_ATTENTION, TM_STATUS_GROUP_FAILED, TM_STATUS_GROUP_REMOVED,
    TM_STATUS_GROUP_NOT_STARTED,
  };
  const char * const *words = get_summary_words ();
  GString *s = g_string_sized_new (64);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      guint n = c->groups[order[i]];
      char digits[16];

      if (n == 0)
        continue;

      /* Done is live where the platform says so, delivered before. */
      if (order[i] == TM_STATUS_GROUP_DONE && c->live > 0)
        {
          if (s->len > 0)
            g_string_append (s, " · ");
          g_string_append_printf (s, _("%u live"), c->live);
          n -= c->live;
          if (n == 0)
            continue;
        }

      if (s->len > 0)
        g_string_append (s, " · ");
      g_string_append_len (s, digits, format_uint (digits, n));
      g_string_append_c (s, ' ');
      g_string_append (s, words[order[i]]);
    }

  return g_string_free (s, FALSE);
}

const char *
tm_aggregate_status_to_string (TmAggregateStatus status)
{
  return tm_enum_to_nick (TM_TYPE_AGGREGATE_STATUS, status);
}

const char *
tm_aggregate_status_get_label (TmAggregateStatus status)
{
  switch (status)
    {
    case TM_AGGREGATE_STATUS_NOT_STARTED: return _("Not sent");
    case TM_AGGREGATE_STATUS_IN_PROGRESS: return _("In progress");
    case TM_AGGREGATE_STATUS_PARTIAL: return _("Partly live");
    case TM_AGGREGATE_STATUS_COMPLETED: return _("Live");
    case TM_AGGREGATE_STATUS_FAILED: return _("Failed");
    case TM_AGGREGATE_STATUS_NEEDS_ATTENTION: return _("Needs attention");
    case TM_AGGREGATE_STATUS_REMOVED: return _("Removed");
    default: return _("Unknown");
    }
}

/**
 * tm_status_counts_get_label:
 *
 * Returns: the release's status in a word or two, as precise as the counts
 *   allow: "Live" only where every platform says so, "Delivered" before
 */
const char *
tm_status_counts_get_label (const TmStatusCounts *counts)
{
  TmAggregateStatus status = tm_status_counts_aggregate (counts);

  if (status == TM_AGGREGATE_STATUS_COMPLETED && counts->live < counts->total)
    return _("Delivered");
  if (status == TM_AGGREGATE_STATUS_PARTIAL && counts->live == 0)
    return _("Partly delivered");
  return tm_aggregate_status_get_label (status);
}
