/* tm-retry-policy.c: what happens after a failed attempt (STATUS.md, "Error categories")
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-retry-policy.h"

/* 30 s, doubled each attempt, at most an hour, plus up to 10 % jitter. */
static gint64
backoff (guint  attempts,
         double jitter)
{
  gint64 delay = TM_RETRY_FIRST_DELAY;

  for (guint i = 1; i < attempts && delay < TM_RETRY_MAX_DELAY; i++)
    delay *= 2;
  delay = MIN (delay, TM_RETRY_MAX_DELAY);

  return delay + (gint64) (delay * 0.1 * CLAMP (jitter, 0.0, 1.0));
}

/**
 * tm_retry_policy_decide:
 * @attempts: attempts made so far, including the one that just failed
 * @immediate_retries: immediate retries already made for this failure streak
 * @retry_after: what the platform asked for (µs from @now), or 0
 * @jitter: a number from 0 to 1 (random in use; fixed in tests)
 */
TmRetryDecision
tm_retry_policy_decide (TmErrorCategory category,
                        guint           attempts,
                        guint           immediate_retries,
                        gint64          retry_after,
                        gint64          now,
                        double          jitter)
{
  TmRetryDecision later = { TM_RETRY_LATER, 0 };
  TmRetryDecision decision = { TM_RETRY_NEEDS_ATTENTION, 0 };

  switch (category)
    {
    case TM_DELIVERY_ERROR_CONTENT_FORMAT:
    case TM_DELIVERY_ERROR_CONTENT_QUALITY:
    case TM_DELIVERY_ERROR_METADATA_INVALID:
    case TM_DELIVERY_ERROR_AUTH_INVALID:
    case TM_DELIVERY_ERROR_HOST_KEY_CHANGED:
    case TM_DELIVERY_ERROR_REMOTE_STORAGE:
    case TM_DELIVERY_ERROR_LOCAL_FILE:
      return decision;

    case TM_DELIVERY_ERROR_AUTH_EXPIRED:
      /* The token is refreshed once; a second expiry in a row is not a token problem. */
      decision.action = immediate_retries < 1 ? TM_RETRY_NOW : TM_RETRY_NEEDS_ATTENTION;
      return decision;

    case TM_DELIVERY_ERROR_UNKNOWN:
      if (attempts >= TM_RETRY_UNKNOWN_ATTEMPTS)
        return decision;
      later.at = now + backoff (attempts, jitter);
      return later;

    case TM_DELIVERY_ERROR_NETWORK_TIMEOUT:
    case TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY:
      if (attempts >= TM_RETRY_MAX_ATTEMPTS)
        break;
      if (immediate_retries < TM_RETRY_IMMEDIATE)
        {
          decision.action = TM_RETRY_NOW;
          return decision;
        }
      later.at = now + backoff (attempts - TM_RETRY_IMMEDIATE, jitter);
      return later;

    case TM_DELIVERY_ERROR_RATE_LIMITED:
    case TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE:
      if (attempts >= TM_RETRY_MAX_ATTEMPTS)
        break;
      later.at = now + (retry_after > 0 ? retry_after : backoff (attempts, jitter));
      return later;

    default:
      return decision;
    }

  decision.action = TM_RETRY_GIVE_UP;
  return decision;
}
