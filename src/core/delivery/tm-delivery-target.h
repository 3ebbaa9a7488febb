/* tm-delivery-target.h: what every delivery channel does (SFTP, HTTP API, folder)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tm-delivery-result.h"
#include "tm-package.h"

G_BEGIN_DECLS

#define TM_TYPE_DELIVERY_TARGET (tm_delivery_target_get_type ())

G_DECLARE_INTERFACE (TmDeliveryTarget, tm_delivery_target, TM, DELIVERY_TARGET, GObject)

typedef enum
{
  TM_DELIVERY_TEST_CONNECTION,
  TM_DELIVERY_DELIVER,
  TM_DELIVERY_POLL_STATUS,
  TM_DELIVERY_UPDATE_METADATA,
  TM_DELIVERY_TAKEDOWN,
} TmDeliveryOperation;

/* One operation, as a worker thread sees it. */
typedef struct
{
  TmDeliveryOperation  operation;
  TmPackage           *package;        /* deliver, update and takedown */
  const char          *reference;      /* poll: the platform's id of the release */
  TmProgressFunc       progress;       /* nullable: deliver */
  gpointer             progress_data;
} TmDeliveryRequest;

/* Every operation is asynchronous and cancellable: tm-delivery-target.c runs
 * the target's run(), which does one operation and blocks, in a worker thread,
 * with a reference on the target, whose settings it only reads. Progress is
 * reported with @progress in that thread; the caller marshals it. */
struct _TmDeliveryTargetInterface
{
  GTypeInterface parent_iface;

  /* NULL without an error: the connection works (test), or the platform has
   * nothing new to say (poll). */
  TmDeliveryResult *(*run)              (TmDeliveryTarget         *self,
                                         const TmDeliveryRequest  *request,
                                         GCancellable             *cancellable,
                                         GError                  **error);
  /* Rules of the platform, with the keys of the rule profiles; may be NULL. */
  JsonObject       *(*get_requirements) (TmDeliveryTarget         *self);
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
void              tm_delivery_target_poll_status_async      (TmDeliveryTarget     *self,
                                                             const char           *reference,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
void              tm_delivery_target_update_metadata_async  (TmDeliveryTarget     *self,
                                                             TmPackage            *package,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
void              tm_delivery_target_takedown_async         (TmDeliveryTarget     *self,
                                                             TmPackage            *package,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TmDeliveryResult *tm_delivery_target_finish                (TmDeliveryTarget     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
JsonObject       *tm_delivery_target_get_requirements       (TmDeliveryTarget     *self);

TmDeliveryTarget *tm_delivery_target_new_for_platform       (TmPlatform           *platform,
                                                             GError              **error);

G_END_DECLS
