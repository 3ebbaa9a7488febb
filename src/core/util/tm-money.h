/* tm-money.h: amounts of money as exact integers
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An amount is a gint64 count of 10⁻¹⁰ of its currency: reports give up to 12
 * decimals, and 10 keep everything above a millionth of a cent while leaving
 * room for 920 million a currency. Never binary floating point. */
#define TM_MONEY_DECIMALS 10
#define TM_MONEY_ONE      G_GINT64_CONSTANT (10000000000)

gboolean  tm_money_parse          (const char  *text,
                                   gint64      *units,
                                   GError     **error);
gboolean  tm_money_parse_count    (const char  *text,
                                   gint64      *count,
                                   GError     **error);
char     *tm_money_format         (gint64       units,
                                   guint        decimals);
char     *tm_money_format_exact   (gint64       units);
gboolean  tm_money_allocate       (gint64       total,
                                   gint64       part_so_far,
                                   gint64       part,
                                   gint64       whole,
                                   gint64      *share);
gboolean  tm_money_split          (gint64       total,
                                   const guint *weights,
                                   guint        n,
                                   gint64      *shares);

G_END_DECLS
