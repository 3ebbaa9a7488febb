/* tm-upload-stream.h: the body of an upload, read from a file
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called in the reading thread with the bytes just handed out. */
typedef void (*TmUploadStreamFunc) (guint64  n_bytes,
                                    gpointer user_data);

#define TM_TYPE_UPLOAD_STREAM (tm_upload_stream_get_type ())

G_DECLARE_FINAL_TYPE (TmUploadStream, tm_upload_stream, TM, UPLOAD_STREAM, GInputStream)

GInputStream *tm_upload_stream_new (int                 fd,
                                    const char         *path,
                                    guint64             length,
                                    TmUploadStreamFunc  func,
                                    gpointer            user_data);

G_END_DECLS
