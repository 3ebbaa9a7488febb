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

/* What the person can do about an error, said by each front end in its own
 * words (a command in the terminal, a button in the window); the core never
 * names either. */
typedef enum
{
  TM_ERROR_ACTION_NONE,
  TM_ERROR_ACTION_ADD_TOKEN,        /* give the platform a (new) token or password */
  TM_ERROR_ACTION_TRUST_HOST,       /* accept the SFTP server's key */
  TM_ERROR_ACTION_EDIT_PLATFORM,    /* a setting of the platform is missing or wrong */
  TM_ERROR_ACTION_ADD_STORE_LINK,   /* type a store link for the release */
} TmErrorAction;

#define TM_DELIVERY_ERROR (tm_delivery_error_quark ())
#define TM_TYPE_ERROR_CATEGORY (tm_error_category_get_type ())
#define TM_TYPE_ERROR_ACTION (tm_error_action_get_type ())

GQuark          tm_delivery_error_quark           (void);
GType           tm_error_category_get_type        (void) G_GNUC_CONST;
GType           tm_error_action_get_type          (void) G_GNUC_CONST;

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
void            tm_delivery_error_set_action      (GError          *error,
                                                   TmErrorAction    action);
TmErrorAction   tm_delivery_error_get_action      (const GError    *error);
void            tm_delivery_error_set_from_platform (GError        *error,
                                                     gboolean       from_platform);
gboolean        tm_delivery_error_get_from_platform (const GError  *error);

G_END_DECLS
