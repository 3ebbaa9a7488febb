/* tm-earning.h: one line of a distributor's earnings report, as read
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TM_EARNING_STREAM,
  TM_EARNING_DOWNLOAD,
  TM_EARNING_OTHER,        /* royalties, YouTube, anything not a stream or a sale */
  TM_EARNING_PAYOUT,       /* money moved, not earned: kept, never added to earnings */
} TmEarningKind;

/* What an amount already is, so that nothing is split or charged twice. */
typedef enum
{
  TM_EARNING_GROSS,        /* the whole of what the account earned */
  TM_EARNING_AFTER_SPLIT,  /* this account's share of a split made upstream (DistroKid Teams) */
  TM_EARNING_AFTER_FEES,   /* after the store's or distributor's share and fees (Bandcamp) */
  TM_EARNING_ALLOCATED,    /* a share of a summary's revenue, pro rata to usages (DDEX DSR) */
} TmEarningBasis;

typedef struct
{
  guint64         line;             /* in its file, from 1 */
  char           *period;           /* YYYY-MM: when the music was used or bought */
  char           *reported;         /* (nullable) YYYY-MM-DD: when it was reported or posted */
  char           *store;            /* as the report writes it */
  char           *country;          /* (nullable) ISO 3166 alpha-2, as given ("OU", "XK" kept) */
  char           *isrc;             /* (nullable) checked, upper case, no hyphens */
  char           *upc;              /* (nullable) 12 to 14 digits */
  char           *title;            /* (nullable) */
  char           *artist;           /* (nullable) */
  TmEarningKind   kind;
  gint64          quantity;         /* streams or units; negative for returns */
  gint64          amount;           /* in 10⁻¹⁰ of @currency (tm-money.h) */
  char            currency[4];
  gint64          source_amount;    /* before an exchange, if the report gives one */
  char            source_currency[4];
  char           *rate;             /* (nullable) the report's exchange rate, as written */
  TmEarningBasis  basis;
  guint           upstream_share_bp;/* the share already applied upstream, 0 if none */
} TmEarning;

void        tm_earning_clear          (TmEarning     *earning);
const char *tm_earning_platform_for_store (const char *store);
const char *tm_earning_kind_to_string (TmEarningKind  kind);
const char *tm_earning_basis_to_string (TmEarningBasis basis);
gboolean    tm_earning_kind_from_string (const char  *text,
                                         TmEarningKind *kind);
gboolean    tm_earning_basis_from_string (const char   *text,
                                          TmEarningBasis *basis);

G_END_DECLS
