/* tm-earnings-zip.h: the reports inside a zip (DistroKid's, zips inside a zip)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;      /* as the artist knows it: "results.zip › 2024.zip › results.csv" */
  char *path;      /* where it can be read */
} TmEarningsPart;

void       tm_earnings_part_free     (TmEarningsPart  *part);
gboolean   tm_earnings_is_zip        (const char      *path);
GPtrArray *tm_earnings_zip_unpack    (const char      *path,
                                      char           **folder,
                                      GCancellable    *cancellable,
                                      GError         **error);
void       tm_earnings_zip_remove    (const char      *folder);

G_END_DECLS
