/* tm-catalog-earnings.h: earnings reports in the catalog, and their figures
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"
#include "tm-earning.h"

G_BEGIN_DECLS

/* An import under way: one transaction, given lines one at a time. */
typedef struct _TmEarningsImport TmEarningsImport;

typedef struct
{
  gint64   file_id;
  char    *source;
  guint64  lines;           /* read and kept (not left out) */
  guint64  added;           /* new */
  guint64  repeated;        /* already in the catalog from another import */
  guint64  problems;
  guint64  matched;         /* of the added lines: by ISRC or UPC */
  guint64  guessed;         /* by title and artist */
  guint64  unmatched;
  GPtrArray *problem_list;  /* (element-type TmEarningsProblem): the first ones */
  GHashTable *totals;       /* currency -> gint64 *, of the added lines, payouts apart */
} TmEarningsImportResult;

typedef struct
{
  guint64  line;
  char    *why;
} TmEarningsProblem;

typedef gboolean (*TmEarningsFillFunc) (TmEarningsImport  *import,
                                        gpointer           data,
                                        GError           **error);

void      tm_earnings_import_result_clear (TmEarningsImportResult *result);
gboolean  tm_catalog_import_earnings  (TmCatalog               *self,
                                       const char              *name,
                                       const char              *sha256,
                                       TmEarningsFillFunc       fill,
                                       gpointer                 data,
                                       TmEarningsImportResult  *result,
                                       GError                 **error);
gboolean  tm_earnings_import_add      (TmEarningsImport        *import,
                                       const TmEarning         *earning,
                                       GError                 **error);
void      tm_earnings_import_problem  (TmEarningsImport        *import,
                                       guint64                  line,
                                       const char              *why);
void      tm_earnings_import_set_source (TmEarningsImport      *import,
                                         const char            *source);

char     *tm_catalog_find_earnings_file (TmCatalog             *self,
                                         const char            *sha256,
                                         gint64                *imported_at,
                                         GError               **error);

typedef enum
{
  TM_EARNINGS_BY_RELEASE,
  TM_EARNINGS_BY_TRACK,
  TM_EARNINGS_BY_PLATFORM,
  TM_EARNINGS_BY_COUNTRY,
  TM_EARNINGS_BY_MONTH,
} TmEarningsBy;

typedef struct
{
  char    *key;             /* what the row is of: an id, a name, a code, a month */
  char    *label;           /* how it is shown */
  gint64   release_id;      /* 0 if none (not in the catalog, or not by release or track) */
  gint64   track_id;
  char     currency[4];
  gint64   streams;
  gint64   downloads;
  gint64   other;           /* units neither streamed nor downloaded */
  gint64   amount;          /* 10⁻¹⁰ of @currency */
  guint64  lines;
  guint64  guessed;         /* lines matched by title and artist only */
} TmEarningsRow;

void       tm_earnings_row_free      (TmEarningsRow *row);
gboolean   tm_earnings_by_from_string (const char   *text,
                                       TmEarningsBy *by);
GPtrArray *tm_catalog_earnings_summary (TmCatalog     *self,
                                        TmEarningsBy   by,
                                        const char    *from,
                                        const char    *to,
                                        gint64         release_id,
                                        GError       **error);
gboolean   tm_catalog_earnings_periods (TmCatalog     *self,
                                        char         **first,
                                        char         **last,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmEarningsRow, tm_earnings_row_free)

G_END_DECLS
