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
const char *tm_earnings_row_get_label (const TmEarningsRow *row,
                                       TmEarningsBy         by);
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

/* The reports imported */

typedef struct
{
  gint64   id;
  char    *name;
  char    *source;
  gint64   imported_at;    /* microseconds since 1970 */
  guint64  lines;
  guint64  added;
  guint64  repeated;
} TmEarningsFile;

void       tm_earnings_file_free          (TmEarningsFile  *file);
GPtrArray *tm_catalog_list_earnings_files (TmCatalog       *self,
                                           GError         **error);
GPtrArray *tm_catalog_forget_earnings_file (TmCatalog      *self,
                                            gint64          id,
                                            GError        **error);

/* Matches by title and artist, for the artist to confirm */

typedef struct
{
  gint64   id;               /* of one of its lines: what confirm and reject take */
  char    *title;            /* as the reports write them */
  char    *artist;
  gint64   track_id;         /* what it was matched to (0: the release itself) */
  gint64   release_id;
  char    *matched;          /* "Tidewater (Low Tide)" */
  guint64  lines;
} TmEarningsGuess;

void       tm_earnings_guess_free        (TmEarningsGuess *guess);
GPtrArray *tm_catalog_earnings_guesses   (TmCatalog       *self,
                                          GError         **error);
gboolean   tm_catalog_earnings_decide    (TmCatalog       *self,
                                          gint64           id,
                                          gboolean         confirm,
                                          guint64         *lines,
                                          GError         **error);

/* Split statements */

typedef struct
{
  gint64   track_id;          /* 0 for a release's lines not of one track */
  gint64   release_id;
  char    *title;             /* the track's, or the release's */
  char    *period;            /* YYYY-MM */
  gint64   amount;            /* all of it, 10⁻¹⁰ of the currency */
  guint    share_bp;          /* this person's share */
  gint64   share;             /* amount × share, exact to 10⁻¹⁰ (rounded half to even) */
  guint64  lines;
} TmStatementSource;

typedef struct
{
  char       *party;
  char        currency[4];
  gint64      cents;          /* owed, in hundredths: the largest-remainder share */
  gint64      exact;          /* owed before rounding, 10⁻¹⁰ */
  GPtrArray  *sources;        /* (element-type TmStatementSource) */
} TmStatementEntry;

typedef enum
{
  TM_STATEMENT_SPLIT_UPSTREAM,   /* already one account's share (DistroKid Teams) */
  TM_STATEMENT_NO_SPLITS,        /* the track has no splits recorded */
  TM_STATEMENT_NOT_IN_CATALOG,   /* matched to no track or release */
  TM_STATEMENT_RELEASE_MIXED,    /* a release's line, and its tracks split differently */
} TmStatementReason;

typedef struct
{
  TmStatementReason  reason;
  char              *title;    /* (nullable) */
  gint64             track_id;
  gint64             release_id;
  char               currency[4];
  gint64             amount;
  guint64            lines;
} TmStatementUnsplit;

typedef struct
{
  char      *from;             /* (nullable) */
  char      *to;               /* (nullable) */
  GPtrArray *entries;          /* (element-type TmStatementEntry): by currency, then party */
  GPtrArray *unsplit;          /* (element-type TmStatementUnsplit) */
  GHashTable *split_totals;    /* currency -> gint64 * cents: the entries of each add up to it */
} TmStatement;

void         tm_statement_free                 (TmStatement   *statement);
const char  *tm_statement_reason_to_string     (TmStatementReason reason);
TmStatement *tm_catalog_earnings_statement     (TmCatalog     *self,
                                                const char    *from,
                                                const char    *to,
                                                gint64         release_id,
                                                GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmEarningsRow, tm_earnings_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmStatement, tm_statement_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmEarningsGuess, tm_earnings_guess_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmEarningsFile, tm_earnings_file_free)

G_END_DECLS
