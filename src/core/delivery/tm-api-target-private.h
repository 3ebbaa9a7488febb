/* tm-api-target-private.h: an API target's parts, for the tests and fuzzing
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-api-target.h"

G_BEGIN_DECLS

void         tm_api_target_set_deadline     (TmApiTarget   *self,
                                             gint64         usec);
void         tm_api_target_set_store_tokens (TmApiTarget   *self,
                                             gboolean       store);
TmTokens    *tm_api_target_dup_tokens       (TmApiTarget   *self);
gboolean     tm_api_target_upload_sync      (TmApiTarget   *self,
                                             const char    *package_id,
                                             TmPackageFile *file,
                                             TmProgressFunc progress,
                                             gpointer       progress_data,
                                             char         **location,
                                             GCancellable  *cancellable,
                                             GError       **error);
GPtrArray   *tm_api_target_poll_changed     (TmApiTarget   *self,
                                             GDateTime     *since,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* The API's answers read, without a network: for the target, tests and fuzzing. */
char             *tm_api_resolve_address     (const char  *base_url,
                                              const char  *address,
                                              const char  *platform,
                                              GError     **error);
JsonObject       *tm_api_parse_object        (const char  *data,
                                              gsize        length,
                                              const char  *server,
                                              GError     **error);
TmDeliveryResult *tm_api_result_from_release (JsonObject  *release,
                                              const char  *server,
                                              GError     **error);
GPtrArray        *tm_api_results_from_list   (JsonObject  *answer,
                                              const char  *server);
GError           *tm_api_problem_error       (guint        status,
                                              const char  *data,
                                              gsize        length,
                                              const char  *platform);


G_END_DECLS
