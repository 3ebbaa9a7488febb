/* tm-retry-policy.h: what happens after a failed attempt (STATUS.md, "Error categories")
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-error.h"

G_BEGIN_DECLS

#define TM_RETRY_FIRST_DELAY      (G_GINT64_CONSTANT (30) * G_USEC_PER_SEC)
#define TM_RETRY_MAX_DELAY        (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define TM_RETRY_MAX_ATTEMPTS     10
#define TM_RETRY_IMMEDIATE        3
#define TM_RETRY_UNKNOWN_ATTEMPTS 3

typedef enum
{
  TM_RETRY_NOW,              /* at once: an immediate retry, or a refreshed token */
  TM_RETRY_LATER,            /* at the time given */
  TM_RETRY_GIVE_UP,          /* attempts exhausted: failed, a person may retry */
  TM_RETRY_NEEDS_ATTENTION,  /* a person must fix something first */
} TmRetryAction;

typedef struct
{
  TmRetryAction action;
  gint64        at;          /* when, for TM_RETRY_LATER (µs, same clock as @now) */
} TmRetryDecision;

TmRetryDecision tm_retry_policy_decide (TmErrorCategory  category,
                                        guint            attempts,
                                        guint            immediate_retries,
                                        gint64           retry_after,
                                        gint64           now,
                                        double           jitter);

G_END_DECLS
