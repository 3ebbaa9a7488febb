/* tm-ddex-schemas.h: the official DDEX ERN 4.3 schemas, found or fetched once
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libxml/xmlschemas.h>

G_BEGIN_DECLS

/* Where DDEX publishes them, below https://ddex.net (or $TUNEMANTRA_DDEX_URL). */
#define TM_DDEX_ERN_PATH "/xml/ern/43/release-notification.xsd"
#define TM_DDEX_AVS_PATH "/xml/allowed-value-sets/allowed-value-sets.xsd"

/* Called as a download goes, in the thread that downloads. */
typedef void (*TmDdexFetchFunc) (guint64   bytes_done,
                                 guint64   bytes_total,
                                 gpointer  user_data);

char       *tm_ddex_schemas_find      (void);
gboolean    tm_ddex_schemas_ensure    (TmDdexFetchFunc   progress,
                                       gpointer          progress_data,
                                       GCancellable     *cancellable,
                                       GError          **error);
xmlSchema  *tm_ddex_schemas_compile   (const char       *folder,
                                       GError          **error);

G_END_DECLS
