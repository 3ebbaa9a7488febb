/* tm-platform-status.h: what platforms say about a release, in our states
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-target.h"

G_BEGIN_DECLS

/* A status file is small; anything larger is refused unread. */
#define TM_STATUS_FILE_MAX_BYTES (16 << 20)

gboolean   tm_platform_status_parse (const char            *text,
                                     TmDistributionStatus  *status);

/* One row of a status file: a reference, a status, a store link, a message. */
typedef struct
{
  guint             line;       /* for messages: row number in the file, from 1 */
  TmDeliveryResult *result;     /* NULL when the row is bad */
  char             *problem;    /* why the row is bad */
} TmStatusRow;

void       tm_status_row_free       (TmStatusRow           *row);
GPtrArray *tm_status_file_parse     (const char            *contents,
                                     gsize                  length,
                                     const char            *name,
                                     GError               **error);

G_END_DECLS
