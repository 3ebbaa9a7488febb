/* tm-status-details.h: why a delivery stands where it does, in words
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-error.h"
#include "tm-distribution.h"
#include "tm-status-change.h"

G_BEGIN_DECLS

/* What the details of a status change say (docs/status.md): the queue's
 * failures ({"error", "category", "hint", "action"}), a platform's message
 * ({"message"}), a note ({"note"}), a person's reason ({"reason"}), a cancel ({"cancelled"}) and the
 * problems the checks found ({"category", "issues": [{"message", "hint",
 * "field", …}]}). Text from outside is cleaned and shortened. */
typedef struct
{
  char            *reason;      /* what happened, or %NULL */
  char            *fix;         /* what to do about it, or %NULL */
  char            *field;       /* the field the first problem is about, or %NULL */
  char            *note;        /* a note for the history, or %NULL */
  TmErrorCategory  category;
  gboolean         has_category;
  TmErrorAction    action;
  guint            n_issues;    /* problems the checks found */
  gboolean         cancelled;   /* by you */
} TmStatusDetails;

TmStatusDetails *tm_status_details_parse        (const char           *details);
void             tm_status_details_free         (TmStatusDetails      *details);
char            *tm_status_details_get_summary  (const TmStatusDetails *details);

char            *tm_status_change_describe      (TmStatusChange       *change,
                                                 const char           *platform);
gboolean         tm_distribution_status_is_trouble (TmDistributionStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmStatusDetails, tm_status_details_free)

G_END_DECLS
