/* tm-delivery-error.c: delivery failures and their categories (STATUS.md)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-delivery-error.h"
#include "tm-enums.h"

typedef struct
{
  gint64  retry_after;   /* µs from now, 0 when the platform said nothing */
  char   *hint;          /* what to do, in the platform's words */
  TmErrorAction action;  /* what the person can do, worded by each front end */
  gboolean from_platform; /* the platform's answer, not the way to it */
} TmDeliveryErrorPrivate;

static void
tm_delivery_error_private_init (TmDeliveryErrorPrivate *priv)
{
}

static void
tm_delivery_error_private_copy (const TmDeliveryErrorPrivate *src,
                                TmDeliveryErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;

  dest->retry_after = src->retry_after;
  dest->hint = g_strdup (src->hint);
  dest->action = src->action;
  dest->from_platform = src->from_platform;
}

static void
tm_delivery_error_private_clear (TmDeliveryErrorPrivate *priv)
{
  if (priv == NULL)
    return;

  g_clear_pointer (&priv->hint, g_free);
}

G_DEFINE_EXTENDED_ERROR (TmDeliveryError, tm_delivery_error)

G_DEFINE_ENUM_TYPE (TmErrorCategory, tm_error_category,
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_CONTENT_FORMAT, "content_format"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_CONTENT_QUALITY, "content_quality"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_METADATA_INVALID, "metadata_invalid"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_AUTH_EXPIRED, "auth_expired"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_AUTH_INVALID, "auth_invalid"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_HOST_KEY_CHANGED, "host_key_changed"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_RATE_LIMITED, "rate_limited"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE, "platform_unavailable"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_NETWORK_TIMEOUT, "network_timeout"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY, "network_connectivity"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_REMOTE_STORAGE, "remote_storage"),
  G_DEFINE_ENUM_VALUE (TM_DELIVERY_ERROR_LOCAL_FILE, "local_file"))

G_DEFINE_ENUM_TYPE (TmErrorAction, tm_error_action,
  G_DEFINE_ENUM_VALUE (TM_ERROR_ACTION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (TM_ERROR_ACTION_ADD_TOKEN, "add_token"),
  G_DEFINE_ENUM_VALUE (TM_ERROR_ACTION_TRUST_HOST, "trust_host"),
  G_DEFINE_ENUM_VALUE (TM_ERROR_ACTION_EDIT_PLATFORM, "edit_platform"),
  G_DEFINE_ENUM_VALUE (TM_ERROR_ACTION_ADD_STORE_LINK, "add_store_link"))

const char *
tm_error_category_to_string (TmErrorCategory category)
{
  return tm_enum_to_nick (TM_TYPE_ERROR_CATEGORY, category);
}

gboolean
tm_error_category_from_string (const char      *text,
                               TmErrorCategory *category)
{
  int value;

  if (!tm_enum_from_nick (TM_TYPE_ERROR_CATEGORY, text, &value))
    return FALSE;

  if (category != NULL)
    *category = value;
  return TRUE;
}

/**
 * tm_error_classify:
 *
 * The category of STATUS.md for @error, from its domain and code only, never
 * from its message.
 */
TmErrorCategory
tm_error_classify (const GError *error)
{
  if (error == NULL)
    return TM_DELIVERY_ERROR_UNKNOWN;

  if (error->domain == TM_DELIVERY_ERROR)
    return error->code >= TM_DELIVERY_ERROR_UNKNOWN && error->code <= TM_DELIVERY_ERROR_LOCAL_FILE
           ? (TmErrorCategory) error->code : TM_DELIVERY_ERROR_UNKNOWN;

  if (error->domain == G_RESOLVER_ERROR)
    return TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY;

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_TIMED_OUT:
        return TM_DELIVERY_ERROR_NETWORK_TIMEOUT;
      case G_IO_ERROR_CONNECTION_REFUSED:
        return TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE;
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_CONNECTION_CLOSED:
      case G_IO_ERROR_NOT_CONNECTED:
        return TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY;
      default:
        return TM_DELIVERY_ERROR_UNKNOWN;
      }

  return TM_DELIVERY_ERROR_UNKNOWN;
}

void
tm_delivery_error_set_retry_after (GError *error,
                                   gint64  usec)
{
  TmDeliveryErrorPrivate *priv = tm_delivery_error_get_private (error);

  g_return_if_fail (priv != NULL);
  priv->retry_after = usec;
}

gint64
tm_delivery_error_get_retry_after (const GError *error)
{
  TmDeliveryErrorPrivate *priv;

  if (error == NULL || error->domain != TM_DELIVERY_ERROR)
    return 0;

  priv = tm_delivery_error_get_private (error);
  return priv != NULL ? priv->retry_after : 0;
}

void
tm_delivery_error_set_hint (GError     *error,
                            const char *hint)
{
  TmDeliveryErrorPrivate *priv = tm_delivery_error_get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->hint);
  priv->hint = g_strdup (hint);
}

const char *
tm_delivery_error_get_hint (const GError *error)
{
  TmDeliveryErrorPrivate *priv;

  if (error == NULL || error->domain != TM_DELIVERY_ERROR)
    return NULL;

  priv = tm_delivery_error_get_private (error);
  return priv != NULL ? priv->hint : NULL;
}

void
tm_delivery_error_set_action (GError        *error,
                              TmErrorAction  action)
{
  TmDeliveryErrorPrivate *priv = tm_delivery_error_get_private (error);

  g_return_if_fail (priv != NULL);
  priv->action = action;
}

TmErrorAction
tm_delivery_error_get_action (const GError *error)
{
  TmDeliveryErrorPrivate *priv;

  if (error == NULL || error->domain != TM_DELIVERY_ERROR)
    return TM_ERROR_ACTION_NONE;

  priv = tm_delivery_error_get_private (error);
  return priv != NULL ? priv->action : TM_ERROR_ACTION_NONE;
}

/* Whether the platform itself answered with this error (a rejection), rather
 * than the network, the files or TuneMantra failing on the way: the history
 * credits the platform with it. */
void
tm_delivery_error_set_from_platform (GError   *error,
                                     gboolean  from_platform)
{
  TmDeliveryErrorPrivate *priv = tm_delivery_error_get_private (error);

  g_return_if_fail (priv != NULL);
  priv->from_platform = from_platform;
}

gboolean
tm_delivery_error_get_from_platform (const GError *error)
{
  TmDeliveryErrorPrivate *priv;

  if (error == NULL || error->domain != TM_DELIVERY_ERROR)
    return FALSE;

  priv = tm_delivery_error_get_private (error);
  return priv != NULL && priv->from_platform;
}
