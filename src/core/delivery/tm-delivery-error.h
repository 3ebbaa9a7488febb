/* tm-delivery-error.h: delivery failures and their categories (STATUS.md)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The codes are the categories of STATUS.md, so a target says what happened in
 * the terms the retry policy decides on. */
typedef enum
{
  TM_DELIVERY_ERROR_UNKNOWN,
  TM_DELIVERY_ERROR_CONTENT_FORMAT,
  TM_DELIVERY_ERROR_CONTENT_QUALITY,
  TM_DELIVERY_ERROR_METADATA_INVALID,
  TM_DELIVERY_ERROR_AUTH_EXPIRED,
  TM_DELIVERY_ERROR_AUTH_INVALID,
  TM_DELIVERY_ERROR_HOST_KEY_CHANGED,
  TM_DELIVERY_ERROR_RATE_LIMITED,
  TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE,
  TM_DELIVERY_ERROR_NETWORK_TIMEOUT,
  TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY,
  TM_DELIVERY_ERROR_REMOTE_STORAGE,
  TM_DELIVERY_ERROR_LOCAL_FILE,
} TmDeliveryErrorEnum;

typedef TmDeliveryErrorEnum TmErrorCategory;

#define TM_DELIVERY_ERROR (tm_delivery_error_quark ())
#define TM_TYPE_ERROR_CATEGORY (tm_error_category_get_type ())

GQuark          tm_delivery_error_quark           (void);
GType           tm_error_category_get_type        (void) G_GNUC_CONST;

const char     *tm_error_category_to_string       (TmErrorCategory  category);
gboolean        tm_error_category_from_string     (const char      *text,
                                                   TmErrorCategory *category);
TmErrorCategory tm_error_classify                 (const GError    *error);

/* What a platform said besides the message: when to come back, and its own code. */
void            tm_delivery_error_set_retry_after (GError          *error,
                                                   gint64           usec);
gint64          tm_delivery_error_get_retry_after (const GError    *error);
void            tm_delivery_error_set_hint        (GError          *error,
                                                   const char      *hint);
const char     *tm_delivery_error_get_hint        (const GError    *error);

G_END_DECLS
