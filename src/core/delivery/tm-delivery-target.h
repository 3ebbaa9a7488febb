/* tm-delivery-target.h: what every delivery channel does (SFTP, HTTP API, folder)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tm-package.h"

G_BEGIN_DECLS

/* Where a platform says a release stands, in our states (STATUS.md). */
typedef struct
{
  TmDistributionStatus  status;
  char                 *reference;    /* the platform's name for it */
  char                 *store_url;
  char                 *message;      /* the platform's words, for a rejection */
  gboolean              unchanged;    /* only notes: where it stands is not known anew */
  GPtrArray            *notes;        /* (element-type utf8) (nullable): for the history */
} TmDeliveryResult;

TmDeliveryResult *tm_delivery_result_new  (TmDistributionStatus  status,
                                           const char           *reference);
void              tm_delivery_result_free (TmDeliveryResult     *result);
void              tm_delivery_result_add_note (TmDeliveryResult *result,
                                               const char       *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmDeliveryResult, tm_delivery_result_free)

#define TM_TYPE_DELIVERY_TARGET (tm_delivery_target_get_type ())

G_DECLARE_INTERFACE (TmDeliveryTarget, tm_delivery_target, TM, DELIVERY_TARGET, GObject)

/* Every operation is asynchronous and cancellable. Progress is reported with
 * @progress in the thread that does the work; the caller marshals it. */
struct _TmDeliveryTargetInterface
{
  GTypeInterface parent_iface;

  void              (*test_connection_async)  (TmDeliveryTarget     *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean          (*test_connection_finish) (TmDeliveryTarget     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  /* Packages, uploads and confirms; run again after a break, it goes on. */
  void              (*deliver_async)          (TmDeliveryTarget     *self,
                                               TmPackage            *package,
                                               TmProgressFunc        progress,
                                               gpointer              progress_data,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  TmDeliveryResult *(*deliver_finish)         (TmDeliveryTarget     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  /* NULL without an error: the platform has nothing new to say. */
  void              (*poll_status_async)      (TmDeliveryTarget     *self,
                                               const char           *reference,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  TmDeliveryResult *(*poll_status_finish)     (TmDeliveryTarget     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  void              (*update_metadata_async)  (TmDeliveryTarget     *self,
                                               TmPackage            *package,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  TmDeliveryResult *(*update_metadata_finish) (TmDeliveryTarget     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  void              (*takedown_async)         (TmDeliveryTarget     *self,
                                               TmPackage            *package,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  TmDeliveryResult *(*takedown_finish)        (TmDeliveryTarget     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  /* Rules of the platform, with the keys of the rule profiles; may be NULL. */
  JsonObject       *(*get_requirements)       (TmDeliveryTarget     *self);
};

void              tm_delivery_target_test_connection_async  (TmDeliveryTarget     *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean          tm_delivery_target_test_connection_finish (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              tm_delivery_target_deliver_async          (TmDeliveryTarget     *self,
                                                             TmPackage            *package,
                                                             TmProgressFunc        progress,
                                                             gpointer              progress_data,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TmDeliveryResult *tm_delivery_target_deliver_finish         (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              tm_delivery_target_poll_status_async      (TmDeliveryTarget     *self,
                                                             const char           *reference,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TmDeliveryResult *tm_delivery_target_poll_status_finish     (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              tm_delivery_target_update_metadata_async  (TmDeliveryTarget     *self,
                                                             TmPackage            *package,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TmDeliveryResult *tm_delivery_target_update_metadata_finish (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              tm_delivery_target_takedown_async         (TmDeliveryTarget     *self,
                                                             TmPackage            *package,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TmDeliveryResult *tm_delivery_target_takedown_finish        (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
JsonObject       *tm_delivery_target_get_requirements       (TmDeliveryTarget     *self);

TmDeliveryTarget *tm_delivery_target_new_for_platform       (TmPlatform           *platform,
                                                             GError              **error);

G_END_DECLS
