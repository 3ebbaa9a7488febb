/* test-earnings.c: distributors' reports into the catalog, to the cent
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every report here is invented, in the real layouts of docs/earnings-formats.md,
 * with totals worked out by hand. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-catalog-earnings.h"
#include "tm-catalog-private.h"
#include "tm-earnings-export.h"
#include "tm-earnings-import.h"
#include "tm-money.h"
#include "tm-test-utils.h"

typedef struct
{
  char      *dir;
  TmCatalog *catalog;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = tm_test_make_tmp_dir ();
  path = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_report (Fixture    *f,
              const char *name,
              const char *bytes,
              gssize      length)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, bytes, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Imports @path, which must work; returns what it did. */
static void
import (Fixture                *f,
        const char             *path,
        TmEarningsSource        source,
        TmEarningsImportResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_true (tm_earnings_import_file (f->catalog, path, NULL, source, result, &before, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_null (before);
}

static gint64
total (TmEarningsImportResult *result,
       const char             *currency)
{
  gint64 *sum = g_hash_table_lookup (result->totals, currency);

  return sum != NULL ? *sum : 0;
}

static gboolean
has_problem (TmEarningsImportResult *result,
             guint64                 line,
             const char             *words)
{
  for (guint i = 0; i < result->problem_list->len; i++)
    {
      const TmEarningsProblem *p = g_ptr_array_index (result->problem_list, i);

      if (p->line == line && strstr (p->why, words) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The summary row of @key in @currency. */
static const TmEarningsRow *
row_of (GPtrArray  *rows,
        const char *key,
        const char *currency)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const TmEarningsRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0 && g_str_equal (row->currency, currency))
        return row;
    }
  return NULL;
}

#define U(whole, ten_billionths) ((gint64) (whole) * TM_MONEY_ONE + (ten_billionths))

static void
test_money (void)
{
  gint64 units, shares[3];
  g_autoptr(GError) error = NULL;
  const guint thirds[] = { 3333, 3333, 3334 };
  const guint halves[] = { 5000, 5000 };
  const guint uneven[] = { 1, 1, 1 };

  g_assert_true (tm_money_parse ("0.007483664425", &units, NULL));
  g_assert_cmpint (units, ==, 74836644);                  /* …25 beyond: down */
  g_assert_true (tm_money_parse ("0.000000000150", &units, NULL));
  g_assert_cmpint (units, ==, 2);                         /* half, to even */
  g_assert_true (tm_money_parse ("0.000000000250", &units, NULL));
  g_assert_cmpint (units, ==, 2);
  g_assert_true (tm_money_parse ("0.0000000002501", &units, NULL));
  g_assert_cmpint (units, ==, 3);
  g_assert_true (tm_money_parse (" -3.50 ", &units, NULL));
  g_assert_cmpint (units, ==, U (-3, -5000000000));
  g_assert_true (tm_money_parse ("(1,204.10)", &units, NULL));
  g_assert_cmpint (units, ==, -U (1204, 1000000000));
  g_assert_true (tm_money_parse ("+.5", &units, NULL));
  g_assert_cmpint (units, ==, U (0, 5000000000));
  g_assert_true (tm_money_parse ("12", &units, NULL));
  g_assert_cmpint (units, ==, U (12, 0));

  g_assert_false (tm_money_parse ("8.6E+11", &units, &error));
  g_assert_nonnull (strstr (error->message, "scientific"));
  g_clear_error (&error);
  for (guint i = 0; i < 9; i++)
    {
      const char *bad[] = { "", ".", "1,2", "12,34.5", "1.2.3", "--1", "(-1)", "0x10",
                            "9999999999" };

      g_assert_false (tm_money_parse (bad[i], &units, &error));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  g_assert_true (tm_money_parse ("922337202", &units, NULL));
  g_assert_false (tm_money_parse ("922337204", &units, NULL));

  g_assert_true (tm_money_parse_count ("1,204", &units, NULL));
  g_assert_cmpint (units, ==, 1204);
  g_assert_false (tm_money_parse_count ("1.5", &units, NULL));

  {
    g_autofree char *a = tm_money_format (U (1, 2345678901), 2);
    g_autofree char *b = tm_money_format (U (0, 50000000), 2);      /* 0.005 → 0.00 */
    g_autofree char *c = tm_money_format (U (0, 150000000), 2);     /* 0.015 → 0.02 */
    g_autofree char *d = tm_money_format (-U (0, 49000000), 2);     /* -0.0049 → 0.00 */
    g_autofree char *e = tm_money_format_exact (U (3, 5000000000));
    g_autofree char *g = tm_money_format_exact (-74836644);

    g_assert_cmpstr (a, ==, "1.23");
    g_assert_cmpstr (b, ==, "0.00");
    g_assert_cmpstr (c, ==, "0.02");
    g_assert_cmpstr (d, ==, "0.00");
    g_assert_cmpstr (e, ==, "3.50");
    g_assert_cmpstr (g, ==, "-0.0074836644");
  }

  /* Shared out pro rata as it goes, to the unit. */
  {
    gint64 sum = 0, share, so_far = 0;
    const gint64 parts[] = { 100, 200, 112 };

    for (guint i = 0; i < 3; i++)
      {
        g_assert_true (tm_money_allocate (U (1, 2700000000), so_far, parts[i], 412, &share));
        so_far += parts[i];
        sum += share;
      }
    g_assert_cmpint (sum, ==, U (1, 2700000000));
  }

  /* Largest remainder: no unit made or lost. */
  g_assert_true (tm_money_split (100, thirds, 3, shares));
  g_assert_cmpint (shares[0] + shares[1] + shares[2], ==, 100);
  g_assert_cmpint (shares[2], ==, 34);
  g_assert_true (tm_money_split (1, halves, 2, shares));
  g_assert_cmpint (shares[0], ==, 1);                    /* the first listed among equals */
  g_assert_cmpint (shares[1], ==, 0);
  g_assert_true (tm_money_split (-100, uneven, 3, shares));
  g_assert_cmpint (shares[0], ==, -34);
  g_assert_cmpint (shares[0] + shares[1] + shares[2], ==, -100);
}

static const char dk_legacy[] =
  "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
  "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\r\n"
  "2024-08-05\t2024-05\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t198000123456\t10234\t100\t"
  "Song\tNL\t0\t31.448213090000\r\n"
  "2024-08-05\t2024-05\tInstagram/Facebook\tMara Ellis\tTidewater\tQZHN52412345\t\t9608\t50\t"
  "Song\tOU\t0\t0.051067505606\r\n"
  "2024-08-12\t2024-06\tiTunes\tMara Ellis\tLow Tide EP\t\t8.6E+11\t1\t100\tAlbum\tUS\t0\t"
  "3.50000000\r\n"
  "2024-08-12\tsoon\tiTunes\tMara Ellis\tLow Tide EP\t\t\t1\t100\tAlbum\tUS\t0\t3.5\r\n"
  "2024-08-12\t2024-06\tDeezer\tBeyonc\xe9 Tribute\tTidewater\tQZHN52412345\t\t5\t100\tSong\t"
  "FR\t0\t-0.25";

/* The 2025 layout: quoted, a BOM, its own column names; its first two lines
 * say what the legacy file's first two said. */
static const char dk_2025[] =
  "\xEF\xBB\xBF\"Date Inserted\",\"Reporting Date\",\"Sale Month\",\"Store\",\"Artist\","
  "\"Title\",\"ISRC\",\"UPC\",\"Quantity\",\"Team Percentage\",\"Source Type\","
  "\"Country of Sale\",\"Songwriter Royalties Withheld (USD)\",\"Earnings (USD)\","
  "\"Recoup (USD)\"\n"
  "\"2025-09-02\",\"2024-08-05\",\"2024-05\",\"Spotify\",\"Mara Ellis\",\"Tidewater\","
  "\"QZHN52412345\",\"198000123456\",\"10234\",\"100\",\"Song\",\"NL\",\"0.00000\","
  "\"31.448213090000\",\"\"\n"
  "\"2025-09-02\",\"2024-08-05\",\"2024-05\",\"Instagram/Facebook\",\"Mara Ellis\","
  "\"Tidewater\",\"QZHN52412345\",\"\",\"9608\",\"50\",\"Song\",\"OU\",\"0.00000\","
  "\"0.051067505606\",\"\"\n"
  "\"2025-09-02\",\"2025-08-28\",\"2025-06\",\"Apple Music\",\"Mara Ellis\",\"Tidewater, "
  "\"\"Live\"\"\",\"QZHN52412346\",\"198000123456\",\"812\",\"100\",\"Song\",\"US\","
  "\"0.00000\",\"3.021400000000\",\"\"\n";

static void
test_distrokid (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *legacy = write_report (f, "distrokid.tsv", dk_legacy, -1);
  g_autofree char *newer = write_report (f, "results.csv", dk_2025, -1);
  TmEarningsImportResult r = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const TmEarningsRow *row;

  import (f, legacy, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpstr (r.source, ==, "distrokid");
  g_assert_cmpuint (r.lines, ==, 4);
  g_assert_cmpuint (r.added, ==, 4);
  g_assert_cmpuint (r.problems, ==, 2);
  g_assert_true (has_problem (&r, 4, "scientific") || has_problem (&r, 4, "spreadsheet"));
  g_assert_true (has_problem (&r, 5, "not a date"));
  /* 31.448213090000 + 0.051067505606 + 3.5 − 0.25, to the ten-billionth. */
  g_assert_cmpint (total (&r, "USD"), ==, U (34, 7492805956));
  tm_earnings_import_result_clear (&r);

  /* The newer layout of an overlapping period: only what is new is added. */
  import (f, newer, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpuint (r.lines, ==, 3);
  g_assert_cmpuint (r.repeated, ==, 2);
  g_assert_cmpuint (r.added, ==, 1);
  g_assert_cmpint (total (&r, "USD"), ==, U (3, 214000000));
  tm_earnings_import_result_clear (&r);

  rows = tm_catalog_earnings_summary (f->catalog, TM_EARNINGS_BY_PLATFORM, NULL, NULL, 0,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (row = row_of (rows, "Spotify", "USD"));
  g_assert_cmpint (row->streams, ==, 10234);
  g_assert_cmpint (row->amount, ==, U (31, 4482130900));
  g_assert_nonnull (row = row_of (rows, "iTunes", "USD"));
  g_assert_cmpint (row->downloads, ==, 1);
  g_assert_nonnull (row_of (rows, "Meta (Facebook, Instagram)", "USD"));
  g_assert_nonnull (row_of (rows, "Apple Music", "USD"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A month, and the Windows-1252 artist read as such. */
  rows = tm_catalog_earnings_summary (f->catalog, TM_EARNINGS_BY_MONTH, "2024-06", "2024-06",
                                      0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((TmEarningsRow *) rows->pdata[0])->amount, ==, U (3, 2500000000));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE artist = "
                                  "'Beyoncé Tribute'"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE title = "
                                  "'Tidewater, \"Live\"'"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "basis = 'after-split' AND upstream_share_bp = 5000"), ==, 1);
}

static void
test_same_file_twice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_report (f, "distrokid.tsv", dk_legacy, -1);
  g_autofree char *copy = write_report (f, "copy of distrokid.tsv", dk_legacy, -1);
  TmEarningsImportResult r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);

  g_assert_true (tm_earnings_import_file (f->catalog, copy, NULL, TM_EARNINGS_UNKNOWN, &r, &before,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, "distrokid.tsv");
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings"), ==, 4);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings_files"), ==, 1);
  tm_earnings_import_result_clear (&r);
}

/* Two currencies, an exchange rate, a sales period that is not the first of
 * a month, and a total line: one that matches, one that does not. */
static const char tunecore[] =
  "Sales Period,Posted Date,Store Name,Country Of Sale,Artist,Release Type,Release Title,"
  "Song Title,Label,UPC,Optional UPC,TC Song ID,Optional ISRC,Sales Type,# Units Sold,"
  "Per Unit Price,Net Sales,Net Sales Currency,Exchange Rate,Total Earned,Currency\r\n"
  "2024-03-01,2024-06-04,Spotify,SE,Mara Ellis,Song,Low Tide,Tidewater,Mara Ellis,"
  "859712345678,,USTCZ2412345,,Streaming,412,0.0031,1.2772,USD,0.79,1.009,GBP\r\n"
  "2024-03-01,2024-06-04,iTunes,GB,Mara Ellis,Album,Low Tide,,Mara Ellis,859712345678,,,,"
  "Download,1,5.49,5.49,USD,0.79,4.3371,GBP\r\n"
  "2024-03-01,2024-06-04,Deezer,FR,Mara Ellis,Song,Low Tide,Tidewater,Mara Ellis,"
  "859712345678,,USTCZ2412345,,Streaming,-3,0.004,-0.012,EUR,,-0.012,EUR\r\n"
  "2024-03-15,2024-06-04,Deezer,FR,Mara Ellis,Song,Low Tide,Tidewater,Mara Ellis,"
  "859712345678,,USTCZ2412345,,Streaming,3,0.004,0.012,EUR,,0.012,EUR\r\n"
  "Total,,,,,,,,,,,,,,,,,,,5.3461,GBP\r\n"
  "Total,,,,,,,,,,,,,,,,,,,1.00,EUR\r\n";

static void
test_tunecore (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = write_report (f, "tunecore.csv", tunecore, -1);
  TmEarningsImportResult r = { 0 };

  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpstr (r.source, ==, "tunecore");
  g_assert_cmpuint (r.added, ==, 3);
  g_assert_cmpint (total (&r, "GBP"), ==, U (5, 3461000000));
  g_assert_cmpint (total (&r, "EUR"), ==, -U (0, 120000000));
  g_assert_true (has_problem (&r, 5, "first of a month"));
  g_assert_false (has_problem (&r, 6, "total"));
  g_assert_true (has_problem (&r, 7, "1.00 EUR, but the lines above it add up to -0.012 EUR"));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "source_currency = 'USD' AND rate = '0.79' AND "
                                  "source_amount = 12772000000"), ==, 1);
  tm_earnings_import_result_clear (&r);
}

/* A report imported by mistake is forgotten, and the one after it that shared
 * lines with it (kept as the first's alone) with it, to import again; a report
 * that shared nothing stays. */
static void
test_forget (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *legacy = write_report (f, "distrokid.tsv", dk_legacy, -1);
  g_autofree char *newer = write_report (f, "results.csv", dk_2025, -1);
  g_autofree char *other = write_report (f, "tunecore.csv", tunecore, -1);
  TmEarningsImportResult r = { 0 };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) forgotten = NULL;
  g_autoptr(GError) error = NULL;

  import (f, legacy, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);
  import (f, newer, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);
  import (f, other, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);
  files = tm_catalog_list_earnings_files (f->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);

  forgotten = tm_catalog_forget_earnings_file (f->catalog,
                                               ((TmEarningsFile *) files->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (forgotten->len, ==, 2);
  g_assert_cmpstr (((TmEarningsFile *) forgotten->pdata[1])->name, ==, "results.csv");
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings"), ==, 3);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings_problems"), ==, 2);

  /* Imported again, the second has all its lines. */
  import (f, newer, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpuint (r.added, ==, 3);
  tm_earnings_import_result_clear (&r);

  g_assert_null (tm_catalog_forget_earnings_file (f->catalog, 999, &error));
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
}

static const char cdbaby[] =
  "Report Date\tSales Date\tQuantity\tPrice\tSubtotal\tIsrc\tBarcode\tCDBabySku\tAlbum Name\t"
  "Artist Name\tTrack Name\tPartner Name\tTransaction Type\tDelivery Country\r\n"
  "10/15/2024 12:00:00 AM\t7/31/2024 12:00:00 AM\t37\t0.00341250\t0.1262625000\t"
  "USCGJ2401234\t\"012345678905\"\tmaraellis5\tLow Tide\tMara Ellis\tTidewater\tSpotify\t"
  "Stream\tSE\r\n"
  "10/15/2024 12:00:00 AM\t7/31/2024 12:00:00 AM\t1\t0.69300000\t0.6930000000\tUSCGJ2401234\t"
  "\"012345678905\"\tmaraellis5\tLow Tide\tMara Ellis\tTidewater\t"
  "iTunes - Apple Music - Europe\tDownload\tDE\r\n"
  "10/15/2024 12:00:00 AM\t6/30/2024 12:00:00 AM\t1\t0.01930000\t0.0193000000\tUSCGJ2401234\t"
  "\"012345678905\"\tmaraellis5\tLow Tide\tMara Ellis\tTidewater\tYoutube Content ID\t"
  "YouTube Audio Tier\tUS\r\n"
  "10/15/2024 12:00:00 AM\t6/30/2024 12:00:00 AM\tmany\t0.01\t0.01\t\t\t\t\t\t\t\t\t\r\n";

static void
test_cdbaby (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = write_report (f, "cdbaby.txt", cdbaby, -1);
  TmEarningsImportResult r = { 0 };

  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpstr (r.source, ==, "cdbaby");
  g_assert_cmpuint (r.added, ==, 3);
  g_assert_true (has_problem (&r, 5, "quantity"));
  g_assert_cmpint (total (&r, "USD"), ==, U (0, 8385625000));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "upc = '012345678905' AND period = '2024-07'"), ==, 2);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "platform = 'Apple Music' AND kind = 'download' AND "
                                  "reported = '2024-10-15'"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "platform = 'YouTube' AND kind = 'other'"), ==, 1);
  tm_earnings_import_result_clear (&r);
}

/* UTF-16LE with its mark, as Bandcamp writes it. */
static char *
utf16le (const char *text,
         gsize      *length)
{
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);
  glong n = 0;
  GString *out = g_string_new_len ("\xFF\xFE", 2);

  while (units[n] != 0)
    n++;
  for (glong i = 0; i < n; i++)
    {
      g_string_append_c (out, (char) (units[i] & 0xFF));
      g_string_append_c (out, (char) (units[i] >> 8));
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}

static void
test_bandcamp (Fixture       *f,
               gconstpointer  data)
{
  const char *text =
    "date,paid to,item type,item name,artist,currency,item price,quantity,discount code,"
    "sub total,additional fan contribution,transaction fee,fee type,item total,"
    "amount you received,bandcamp transaction id,paypal transaction id,net amount,package,"
    "upc,isrc,country code\r\n"
    "3/2/24 9:14pm,you@example.com,track,Tidewater,Mara Ellis,EUR,1.5,1,,1.5,0.5,0.39,"
    "paypal,2,1.61,2210034455,8KJ12345AB6789012,1.31,digital download,,QZHN52412345,DE\r\n"
    "3/3/24 1:02am,you@example.com,album,Low Tide — Ünïcode,Mara Ellis,USD,6.3,1,LOWTIDE10,"
    "6.3,,,,6.3,0,2210034470,<-- collected to cover your revenue share balance,5.36,"
    "digital download,198000123456,,US\r\n"
    "3/5/24 2:00pm,you@example.com,refund,Tidewater,Mara Ellis,EUR,1.5,1,,,,,,,,2210034455,,"
    "1.31,,,QZHN52412345,DE\r\n"
    "3/9/24 4:40pm,,payout,,,EUR,,,,,,,,,,,,-152.8,,,,\r\n"
    "3/30/24 11:59pm,you@example.com,track,Tidewater,Mara Ellis,EUR,1.5,1,,1.5,,*,paypal,"
    "1.5,*,2210034999,,*,digital download,,QZHN52412345,NL\r\n";
  gsize length;
  g_autofree char *bytes = utf16le (text, &length);
  g_autofree char *path = write_report (f, "bandcamp_raw_data.csv", bytes, (gssize) length);
  TmEarningsImportResult r = { 0 };

  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpstr (r.source, ==, "bandcamp");
  g_assert_cmpuint (r.added, ==, 4);
  g_assert_true (has_problem (&r, 6, "pending"));
  /* 1.31 − 1.31 (the refund takes it back), in euros; 5.36 in dollars; the
   * payout is no earning. */
  g_assert_cmpint (total (&r, "EUR"), ==, 0);
  g_assert_cmpint (total (&r, "USD"), ==, U (5, 3600000000));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "title = 'Low Tide — Ünïcode' AND period = '2024-03'"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "kind = 'payout' AND amount = -1528000000000"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "quantity = -1 AND amount = -13100000000"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "basis = 'after-fees'"), ==, 4);
  tm_earnings_import_result_clear (&r);
}

/* A DDEX DSR, Basic Audio Profile: money on the summaries only. */
static const char dsr[] =
  "HEAD\tdsrf/1.4/1.4.1/1.3\tBasicAudioProfile\t1.2\tMSG-202406-0001\t2024-07-03T07:59:30Z\t1\t"
  "1\t2024-06-01\t2024-06-30\tPADPIDA2009090203U\tExampleStream\tPremium\tPADPIDA2020010101X\t"
  "Mara Ellis Music\t\n"
  "#SY01\tSummaryRecordId\tDistributionChannel\n"
  "SY01.01\tS1\tExampleStream\t\tSubscriptionModel\tOnDemandStream\tSE\tPremium\t412\t\tUSD\t"
  "1.27\t\t\t\n"
  "SY01.01\tS2\tExampleStream\t\tAdSupportedModel\tOnDemandStream\tNO\tFree\t0\t\tNOK\t"
  "2.50\t\t\t\n"
  "SY01.01\tS3\tExampleStream\t\tSubscriptionModel\tOnDemandStream\tDK\tPremium\t10\t\tDKK\t"
  "0.70\t\t\t\n"
  "RE01\tB1\tR1\tXS-REL-1\t\t\t198000123456\tMara Ellis\t\tLow Tide\t\tAlbum\tMara Ellis Music\t\n"
  "AS01.01\tB1\tA1\tXS-TRK-1\tQZHN52412345\tTidewater\t\tMara Ellis\t\tPT3M41S\tSoundRecording\t"
  "TRUE\n"
  "AS01.01\tB1\tA2\tXS-TRK-2\tQZHN52412346\tUndertow \\| Live\t\tMara Ellis\t\tPT3M02S\t"
  "SoundRecording\tTRUE\n"
  "SU02.02\tB1\tS1\tTX-1\t\tA1\tTRUE\t100\t\t\t\n"
  "SU02.02\tB1\tS1\tTX-2\t\tA2\tTRUE\t200\t\t\t\n"
  "AS01.01\tB2\tA1\tXS-TRK-9\tGBZZZ2400001\tElsewhere\t\tSomeone Else\t\tPT2M00S\t"
  "SoundRecording\tTRUE\n"
  "SU02.02\tB2\tS1\tTX-3\t\tA1\tTRUE\t112\t\t\t\n"
  "SU02.02\tB2\tS3\tTX-4\t\tA1\tTRUE\t9\t\t\t\n"
  "SU02.02\tB2\tS9\tTX-5\t\tA1\tTRUE\t5\t\t\t\n"
  "FOOT\t14\t14\t3\t5\t5\n";

static void
test_dsr (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = write_report (f, "DSR_X_Y_Premium_2024-06_SE_1of1_20240703T075930.tsv",
                                        dsr, -1);
  g_autofree char *gz = g_strconcat (path, ".gz", NULL);
  g_autofree char *command = NULL;
  TmEarningsImportResult r = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const TmEarningsRow *row;

  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpstr (r.source, ==, "dsr");
  /* Four usage lines (one points at no summary), and S2's revenue, which no
   * line carries, kept as a line of its own. */
  g_assert_cmpuint (r.added, ==, 5);
  g_assert_true (has_problem (&r, 14, "summary “S9”"));
  g_assert_true (has_problem (&r, 15, "blocks"));
  g_assert_true (has_problem (&r, 5, "counts 10 usages, but its lines add up to 9"));
  g_assert_cmpint (total (&r, "USD"), ==, U (1, 2700000000));
  g_assert_cmpint (total (&r, "NOK"), ==, U (2, 5000000000));
  g_assert_cmpint (total (&r, "DKK"), ==, U (0, 7000000000));
  /* 1.27 USD over 100, 200 and 112 streams: floor (1.27 × 100 / 412) … */
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT amount FROM earnings WHERE "
                                  "isrc = 'QZHN52412345' AND currency = 'USD'"), ==,
                   3082524271);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT amount FROM earnings WHERE "
                                  "isrc = 'QZHN52412346'"), ==, 9247572815 - 3082524271);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "title = 'Undertow | Live' AND basis = 'allocated'"), ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "period = '2024-06' AND reported = '2024-07-03' AND "
                                  "country = 'SE' AND store = 'Premium'"), ==, 3);
  tm_earnings_import_result_clear (&r);

  rows = tm_catalog_earnings_summary (f->catalog, TM_EARNINGS_BY_COUNTRY, NULL, NULL, 0,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (row = row_of (rows, "SE", "USD"));
  g_assert_cmpint (row->streams, ==, 412);
  g_assert_cmpint (row->amount, ==, U (1, 2700000000));

  /* The same report gzipped is another file, with the same lines: none twice. */
  command = g_strdup_printf ("gzip -k -n '%s'", path);
  tm_test_run_shell (command);
  import (f, gz, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpuint (r.added, ==, 0);
  g_assert_cmpuint (r.repeated, ==, 5);
  tm_earnings_import_result_clear (&r);
}

static void
add_catalog (Fixture *f,
             gint64  *release_id,
             gint64  *tidewater_id,
             gint64  *undertow_id)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) tidewater = tm_track_new ();
  g_autoptr(TmTrack) undertow = tm_track_new ();
  const char *artists[] = { "Mara Ellis", NULL };
  g_autoptr(GError) error = NULL;

  tm_release_set_title (release, "Low Tide");
  tm_release_set_artists (release, artists);
  tm_release_set_upc (release, "198000123456");
  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  g_assert_no_error (error);
  *release_id = tm_record_get_id (TM_RECORD (release));

  tm_track_set_title (tidewater, "Tidewater");
  tm_track_set_isrc (tidewater, "QZHN52412345");
  g_assert_true (tm_catalog_add_track (f->catalog, *release_id, tidewater, &error));
  g_assert_no_error (error);
  *tidewater_id = tm_record_get_id (TM_RECORD (tidewater));

  tm_track_set_title (undertow, "Undertow");
  g_assert_true (tm_catalog_add_track (f->catalog, *release_id, undertow, &error));
  g_assert_no_error (error);
  *undertow_id = tm_record_get_id (TM_RECORD (undertow));
}

static void
test_matching (Fixture       *f,
               gconstpointer  data)
{
  const char *report =
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
    "2024-08-05\t2024-05\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t\t100\t100\tSong\tNL\t0\t1.00\n"
    "2024-08-05\t2024-05\tiTunes\tMara Ellis\tLow Tide\t\t198000123456\t1\t100\tAlbum\tUS\t0\t5.00\n"
    "2024-08-05\t2024-05\tSpotify\tmara ellis\tUNDERTOW\t\t\t50\t100\tSong\tSE\t0\t0.50\n"
    "2024-08-05\t2024-05\tSpotify\tSomeone Else\tUndertow\t\t\t7\t100\tSong\tSE\t0\t0.07\n"
    "2024-08-05\t2024-05\tSpotify\tMara Ellis\tNew Song\tQZHN52499999\t\t10\t100\tSong\tSE\t0\t0.10\n";
  const char *later =
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
    "2024-09-05\t2024-06\tSpotify\tMara Ellis\tNew Song\tQZHN52499999\t\t20\t100\tSong\tSE\t0\t0.20\n";
  g_autofree char *path = write_report (f, "dk.tsv", report, -1);
  g_autofree char *later_path = write_report (f, "dk-later.tsv", later, -1);
  gint64 release_id, tidewater_id, undertow_id;
  TmEarningsImportResult r = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmTrack) new_song = tm_track_new ();
  const TmEarningsRow *row;
  g_autofree char *release_key = NULL;
  g_autofree char *undertow_key = NULL;

  add_catalog (f, &release_id, &tidewater_id, &undertow_id);
  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_assert_cmpuint (r.matched, ==, 2);
  g_assert_cmpuint (r.guessed, ==, 1);
  g_assert_cmpuint (r.unmatched, ==, 2);
  tm_earnings_import_result_clear (&r);

  rows = tm_catalog_earnings_summary (f->catalog, TM_EARNINGS_BY_RELEASE, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  release_key = g_strdup_printf ("r%" G_GINT64_FORMAT, release_id);
  g_assert_nonnull (row = row_of (rows, release_key, "USD"));
  g_assert_cmpstr (row->label, ==, "Low Tide");
  g_assert_cmpint (row->amount, ==, U (6, 5000000000));
  g_assert_cmpuint (row->guessed, ==, 1);
  g_assert_nonnull (row = row_of (rows, "none", "USD"));
  g_assert_cmpint (row->amount, ==, U (0, 1700000000));
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = tm_catalog_earnings_summary (f->catalog, TM_EARNINGS_BY_TRACK, NULL, NULL, release_id,
                                      &error);
  undertow_key = g_strdup_printf ("t%" G_GINT64_FORMAT, undertow_id);
  g_assert_nonnull (row = row_of (rows, undertow_key, "USD"));
  g_assert_cmpint (row->streams, ==, 50);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The guess, for the artist to decide: rejected, its lines are no one's, and so are
   * new lines of the same title and artist. */
  {
    g_autoptr(GPtrArray) guesses = tm_catalog_earnings_guesses (f->catalog, &error);
    const TmEarningsGuess *guess;
    const char *again =
      "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
      "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
      "2024-09-05\t2024-06\tDeezer\tMara Ellis\tUndertow\t\t\t9\t100\tSong\tSE\t0\t0.09\n";
    g_autofree char *again_path = write_report (f, "dk-again.tsv", again, -1);
    guint64 lines = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (guesses->len, ==, 1);
    guess = g_ptr_array_index (guesses, 0);
    g_assert_cmpstr (guess->title, ==, "UNDERTOW");
    g_assert_cmpint (guess->track_id, ==, undertow_id);
    g_assert_true (tm_catalog_earnings_decide (f->catalog, guess->id, FALSE, &lines, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (lines, ==, 1);
    g_assert_false (tm_catalog_earnings_decide (f->catalog, guess->id, TRUE, NULL, &error));
    g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);
    g_clear_error (&error);
    import (f, again_path, TM_EARNINGS_UNKNOWN, &r);
    g_assert_cmpuint (r.unmatched, ==, 1);
    g_assert_cmpuint (r.guessed, ==, 0);
    tm_earnings_import_result_clear (&r);
    g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                    "match = 'rejected' AND track_id IS NULL"), ==, 2);
  }

  /* The track comes to the catalog later: its lines are matched at the next import. */
  tm_track_set_title (new_song, "New Song");
  tm_track_set_isrc (new_song, "QZHN52499999");
  g_assert_true (tm_catalog_add_track (f->catalog, release_id, new_song, &error));
  g_assert_no_error (error);
  import (f, later_path, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "isrc = 'QZHN52499999' AND match = 'isrc'"), ==, 2);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "report.fifo", NULL);
  g_autofree char *random = NULL;
  g_autofree char *empty = write_report (f, "empty.csv", "", 0);
  g_autofree char *other = write_report (f, "other.csv", "name,plays\nTidewater,3\n", -1);
  g_autofree char *missing = write_report (f, "tc.csv", "Sales Period,TC Song ID\n2024-01-01,X\n",
                                           -1);
  g_autofree char *zip = write_report (f, "results.zip", "PK\x03\x04rest", 8);
  guint8 noise[4096];
  TmEarningsImportResult r = { 0 };
  struct { const char *path; const char *words; } cases[] = {
    { fifo, "named pipe" }, { NULL, "not a report" }, { empty, "empty" },
    { other, "not a report" }, { missing, "no column" }, { zip, "zip archive" },
  };

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  random = write_report (f, "noise.csv", (const char *) noise, sizeof noise);
  cases[1].path = random;
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].path);
      g_assert_false (tm_earnings_import_file (f->catalog, cases[i].path, NULL, TM_EARNINGS_UNKNOWN,
                                               &r, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      tm_earnings_import_result_clear (&r);
    }
  /* Nothing half-imported. */
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings_files"), ==, 0);
}

/* DistroKid's zip of zips of results.csv: every report inside is imported,
 * each once; what is not a report, or hides, or climbs out, is not written
 * where it says; a zip bomb stops with the zip's name. */
static void
test_zip (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *zip = g_build_filename (f->dir, "results.zip", NULL);
  g_autofree char *bomb = g_build_filename (f->dir, "bomb.zip", NULL);
  g_autofree char *script = g_strdup_printf (
    "cd '%s' && python3 -c '\n"
    "import io, zipfile\n"
    "def inner(name, path):\n"
    "    b = io.BytesIO()\n"
    "    with zipfile.ZipFile(b, \"w\", zipfile.ZIP_DEFLATED) as z:\n"
    "        z.write(path, \"results.csv\")\n"
    "        z.writestr(\"__MACOSX/._results.csv\", \"junk\")\n"
    "    return b.getvalue()\n"
    "with zipfile.ZipFile(\"results.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:\n"
    "    z.writestr(\"2024-1.zip\", inner(\"a\", \"legacy.tsv\"))\n"
    "    z.writestr(\"2024-2.zip\", inner(\"b\", \"newer.csv\"))\n"
    "    z.writestr(\"../../escaped.csv\", open(\"newer.csv\").read())\n"
    "    z.writestr(\"notes.pdf\", \"%%PDF\")\n"
    "with zipfile.ZipFile(\"bomb.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:\n"
    "    with z.open(\"results.csv\", \"w\", force_zip64=True) as e:\n"
    "        block = b\"0\" * (1 << 20)\n"
    "        for i in range(400): e.write(block)\n"
    "'", f->dir);
  g_autoptr(GPtrArray) imported = NULL;
  const TmEarningsImported *one;

  /* The two reports the zips are made of. */
  g_free (write_report (f, "legacy.tsv", dk_legacy, -1));
  g_free (write_report (f, "newer.csv", dk_2025, -1));
  tm_test_run_shell (script);
  imported = tm_earnings_import_path (f->catalog, zip, TM_EARNINGS_UNKNOWN, NULL);
  g_assert_cmpuint (imported->len, ==, 3);
  one = g_ptr_array_index (imported, 0);
  g_assert_no_error (one->error);
  g_assert_cmpstr (one->name, ==, "results.zip › 2024-1.zip › results.csv");
  g_assert_cmpuint (one->result.added, ==, 4);
  one = g_ptr_array_index (imported, 1);
  g_assert_no_error (one->error);
  g_assert_cmpuint (one->result.added, ==, 1);
  g_assert_cmpuint (one->result.repeated, ==, 2);
  /* The same report as the second, under a name that climbs out: read from inside. */
  one = g_ptr_array_index (imported, 2);
  g_assert_cmpstr (one->name, ==, "results.zip › ../../escaped.csv");
  g_assert_cmpstr (one->imported_before, ==, "results.zip › 2024-2.zip › results.csv");
  {
    g_autofree char *outside = g_build_filename (f->dir, "..", "escaped.csv", NULL);

    g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&imported, g_ptr_array_unref);

  /* 400 MB of zeros in a zip of less than 1 MB. */
  imported = tm_earnings_import_path (f->catalog, bomb, TM_EARNINGS_UNKNOWN, NULL);
  g_assert_cmpuint (imported->len, ==, 1);
  one = g_ptr_array_index (imported, 0);
  g_assert_error (one->error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (one->error->message, "bomb.zip"));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings"), ==, 5);
}

/* While a report is read, other programs write to the catalog without waiting:
 * only the short transaction at the end takes its lock. */
typedef struct
{
  TmCatalog *other;
  gboolean   wrote;
} Other;

static gboolean
fill_while_another_writes (TmEarningsImport  *import,
                           gpointer           data,
                           GError           **error)
{
  Other *o = data;
  TmEarning e = { 0 };
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) other_error = NULL;

  e.line = 2;
  e.period = g_strdup ("2024-01");
  e.store = g_strdup ("Spotify");
  e.kind = TM_EARNING_STREAM;
  e.quantity = 10;
  e.amount = 5 * TM_MONEY_ONE / 100;
  memcpy (e.currency, "USD", 4);
  tm_earnings_import_set_source (import, "distrokid");
  if (!tm_earnings_import_add (import, &e, error))
    {
      tm_earning_clear (&e);
      return FALSE;
    }
  tm_earning_clear (&e);

  tm_release_set_title (release, "Written meanwhile");
  o->wrote = tm_catalog_add_release (o->other, release, &other_error);
  g_assert_no_error (other_error);
  return TRUE;
}

static void
test_no_lock_while_reading (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "catalog.db", NULL);
  g_autoptr(GError) error = NULL;
  Other o = { tm_catalog_open (path, &error), FALSE };
  TmEarningsImportResult r = { 0 };

  g_assert_no_error (error);
  /* It would give up at once if the catalog were locked. */
  _tm_catalog_set_busy_timeout (o.other, 0);
  g_assert_true (tm_catalog_import_earnings (f->catalog, "by hand", "0123abcd",
                                             fill_while_another_writes, &o, &r, &error));
  g_assert_no_error (error);
  g_assert_true (o.wrote);
  g_assert_cmpuint (r.added, ==, 1);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM releases WHERE "
                                  "title = 'Written meanwhile'"), ==, 1);
  tm_earnings_import_result_clear (&r);
  g_clear_object (&o.other);
}

/* Lines made to break the reader: too long, too many cells, control
 * characters, a quote never closed. Each is listed, and the lines after it
 * are read. */
static void
test_hostile_lines (Fixture       *f,
                    gconstpointer  data)
{
  GString *s = g_string_new ("Sale Month,Store,Title,Quantity,Earnings (USD)\n"
                             "2024-01,Spotify,A,1,1.00\n");
  g_autofree char *path = NULL;
  TmEarningsImportResult r = { 0 };

  g_string_append (s, "2024-01,Spotify,");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, ",1,1.00\n");                              /* line 3: too long */
  g_string_append (s, "2024-01,Spo\x01tify\x1b[31m,B\tC,2,2.00\n"); /* line 4: kept, cleaned */
  for (guint i = 0; i < 5000; i++)                               /* line 5: 5000 cells */
    g_string_append (s, ",");
  g_string_append (s, "\n2024-01,Spotify,D,3,3.00\n");          /* line 6 */
  g_string_append (s, "2024-01,Spotify,\"never closed,4,4.00\n"
                      "2024-01,Spotify,E,5,5.00\n");
  path = write_report (f, "hostile.csv", s->str, (gssize) s->len);
  g_string_free (s, TRUE);

  import (f, path, TM_EARNINGS_DISTROKID, &r);
  g_assert_true (has_problem (&r, 3, "longer"));
  g_assert_true (has_problem (&r, 5, "cells"));
  g_assert_cmpint (total (&r, "USD"), >=, U (6, 0));
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "store GLOB '*[' || char (1) || char (27) || ']*'"), ==, 0);
  g_assert_cmpint (tm_test_count (f->catalog, "SELECT count(*) FROM earnings WHERE "
                                  "title = 'D'"), ==, 1);
  tm_earnings_import_result_clear (&r);
}

/* A line of /proc/self/status, in KiB. */
static gint64
status_kib (const char *field)
{
  g_autofree char *text = NULL;
  const char *at;

  g_assert_true (g_file_get_contents ("/proc/self/status", &text, NULL, NULL));
  at = strstr (text, field);
  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen (field), NULL, 10);
}

static gboolean
under_valgrind (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

  return preload != NULL && strstr (preload, "vgpreload") != NULL;
}

/* A large report: memory stays flat (what is read is given out a line at a
 * time, and lines are counted in SQLite's temporary table). */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  guint lines = under_valgrind () ? 2000 : 200000;
  g_autofree char *path = g_build_filename (f->dir, "large.tsv", NULL);
  FILE *out = fopen (path, "w");
  TmEarningsImportResult r = { 0 };
  gint64 expected = 0, before, start, size;

  g_assert_nonnull (out);
  fputs ("Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\t"
         "Team Percentage\tSong/Album\tCountry of Sale\tSongwriter Royalties Withheld\t"
         "Earnings (USD)\n", out);
  for (guint i = 0; i < lines; i++)
    {
      fprintf (out, "2024-08-05\t2024-%02u\tSpotify\tMara Ellis\tSong %u\tQZHN524%05u\t\t%u\t"
               "100\tSong\tSE\t0\t0.%010u\n", 1 + i % 12, i % 1000, i % 100000, i % 97,
               i * 7u);
      expected += (gint64) i * 7;
    }
  g_assert_cmpint (fclose (out), ==, 0);
  {
    struct stat st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    size = st.st_size;
  }

  /* The peak from here on (writing 5 to clear_refs starts it again). */
  {
    FILE *clear = fopen ("/proc/self/clear_refs", "w");

    g_assert_nonnull (clear);
    g_assert_cmpint (fputs ("5", clear), >=, 0);
    g_assert_cmpint (fclose (clear), ==, 0);
  }
  before = status_kib ("VmRSS:");
  start = g_get_monotonic_time ();
  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  g_test_message ("%u lines (%" G_GINT64_FORMAT " MB) in %.2f s: the peak of memory was %"
                  G_GINT64_FORMAT " KiB above the start", lines, size / 1000000,
                  (g_get_monotonic_time () - start) / 1e6, status_kib ("VmHWM:") - before);
  g_assert_cmpuint (r.added, ==, lines);
  g_assert_cmpint (total (&r, "USD"), ==, expected);
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("Not measured under AddressSanitizer (its quarantine holds what is freed)");
#elif defined(__has_feature)
#if !__has_feature(address_sanitizer)
  /* Two page caches of 16 MB at most while importing, and what is read a block at a time. */
  g_assert_cmpint (status_kib ("VmHWM:") - before, <, 48 * 1024);
#endif
#else
  g_assert_cmpint (status_kib ("VmHWM:") - before, <, 48 * 1024);
#endif
  tm_earnings_import_result_clear (&r);
}

static void
add_split (TmTrack    *track,
           const char *party,
           int         share_bp)
{
  g_autoptr(TmSplit) split = tm_split_new ();

  tm_split_set_party (split, party);
  tm_split_set_share_bp (split, share_bp);
  g_list_store_append (G_LIST_STORE (tm_track_get_splits (track)), split);
}

static const TmStatementEntry *
owed_to (TmStatement *statement,
         const char  *party,
         const char  *currency)
{
  for (guint i = 0; i < statement->entries->len; i++)
    {
      const TmStatementEntry *e = g_ptr_array_index (statement->entries, i);

      if (g_str_equal (e->party, party) && g_str_equal (e->currency, currency))
        return e;
    }
  return NULL;
}

/* Worked by hand: Tidewater earned 1.01 (split 50/30/20), Undertow 0.1001
 * (33.33/33.33/33.34). Ana's exact share is 0.505 + 0.03336333 = 0.53836333,
 * Ben's 0.33636333, Cleo's 0.23537334: 1.1101 in all, 111 cents. Each rounded
 * alone they would make 112 cents; by the largest remainder, Ana and Ben (the
 * largest fractions, .836 and .636) get the two cents left after 53 + 33 + 23. */
static void
test_statement (Fixture       *f,
                gconstpointer  data)
{
  const char *report =
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
    "2024-04-05\t2024-01\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t\t300\t100\tSong\tNL\t0\t1.00\n"
    "2024-04-05\t2024-01\tApple Music\tMara Ellis\tTidewater\tQZHN52412345\t\t2\t100\tSong\tNL\t0\t0.01\n"
    "2024-04-05\t2024-02\tSpotify\tMara Ellis\tUndertow\tQZHN52412346\t\t30\t100\tSong\tSE\t0\t0.10\n"
    "2024-04-05\t2024-02\tDeezer\tMara Ellis\tUndertow\tQZHN52412346\t\t1\t100\tSong\tSE\t0\t0.0001\n"
    "2024-04-05\t2024-01\tiTunes\tMara Ellis\tLow Tide\t\t198000123456\t1\t100\tAlbum\tUS\t0\t5.00\n"
    "2024-04-05\t2024-01\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t\t120\t50\tSong\tDE\t0\t0.40\n"
    "2024-04-05\t2024-01\tSpotify\tSomeone\tElsewhere\tGBZZZ2400001\t\t99\t100\tSong\tDE\t0\t0.33\n"
    "2024-04-05\t2024-03\tSpotify\tMara Ellis\tTidewater\tQZHN52412345\t\t10\t100\tSong\tNL\t0\t7.00\n";
  g_autofree char *path = write_report (f, "dk.tsv", report, -1);
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmTrack) tidewater = tm_track_new ();
  g_autoptr(TmTrack) undertow = tm_track_new ();
  const char *artists[] = { "Mara Ellis", NULL };
  TmEarningsImportResult r = { 0 };
  g_autoptr(TmStatement) statement = NULL;
  g_autoptr(GError) error = NULL;
  const TmStatementEntry *e;
  gint64 release_id;
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;

  tm_release_set_title (release, "Low Tide <Deluxe> & \"More\"");
  tm_release_set_artists (release, artists);
  tm_release_set_upc (release, "198000123456");
  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  release_id = tm_record_get_id (TM_RECORD (release));
  tm_track_set_title (tidewater, "Tidewater");
  tm_track_set_isrc (tidewater, "QZHN52412345");
  add_split (tidewater, "Ana", 5000);
  add_split (tidewater, "Ben", 3000);
  add_split (tidewater, "Cleo", 2000);
  g_assert_true (tm_catalog_add_track (f->catalog, release_id, tidewater, &error));
  tm_track_set_title (undertow, "Undertow");
  tm_track_set_isrc (undertow, "QZHN52412346");
  add_split (undertow, "Ana", 3333);
  add_split (undertow, "Ben", 3333);
  add_split (undertow, "Cleo", 3334);
  g_assert_true (tm_catalog_add_track (f->catalog, release_id, undertow, &error));
  g_assert_no_error (error);
  import (f, path, TM_EARNINGS_UNKNOWN, &r);
  tm_earnings_import_result_clear (&r);

  statement = tm_catalog_earnings_statement (f->catalog, "2024-01", "2024-02", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (e = owed_to (statement, "Ana", "USD"));
  g_assert_cmpint (e->exact, ==, 5383633300);
  g_assert_cmpint (e->cents, ==, 54);
  g_assert_cmpuint (e->sources->len, ==, 2);
  g_assert_nonnull (e = owed_to (statement, "Ben", "USD"));
  g_assert_cmpint (e->cents, ==, 34);
  g_assert_nonnull (e = owed_to (statement, "Cleo", "USD"));
  g_assert_cmpint (e->cents, ==, 23);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (statement->split_totals, "USD"), ==, 111);

  /* Not split, and said why: the album sale (tracks split differently), the
   * DistroKid Teams share, the line of no track in the catalog. */
  g_assert_cmpuint (statement->unsplit->len, ==, 3);
  {
    gboolean seen[4] = { FALSE, FALSE, FALSE, FALSE };

    for (guint i = 0; i < statement->unsplit->len; i++)
      {
        const TmStatementUnsplit *u = g_ptr_array_index (statement->unsplit, i);

        seen[u->reason] = TRUE;
        if (u->reason == TM_STATEMENT_RELEASE_MIXED)
          g_assert_cmpint (u->amount, ==, U (5, 0));
        if (u->reason == TM_STATEMENT_SPLIT_UPSTREAM)
          g_assert_cmpint (u->amount, ==, U (0, 4000000000));
        if (u->reason == TM_STATEMENT_NOT_IN_CATALOG)
          g_assert_cmpint (u->amount, ==, U (0, 3300000000));
      }
    g_assert_true (seen[TM_STATEMENT_RELEASE_MIXED] && seen[TM_STATEMENT_SPLIT_UPSTREAM]
                   && seen[TM_STATEMENT_NOT_IN_CATALOG]);
  }

  csv = tm_statement_to_csv (statement);
  g_assert_nonnull (strstr (csv, "Ana,USD,Tidewater,2024-01,1.0100000000,50.00,0.5050000000,\r\n"));
  g_assert_nonnull (strstr (csv, "Ana,USD,Total owed,,,,0.5383633300,0.54\r\n"));
  html = tm_statement_to_html (statement, tm_release_get_title (release));
  g_assert_nonnull (strstr (html, "Low Tide &lt;Deluxe&gt; &amp; &quot;More&quot;"));
  g_assert_null (strstr (html, "<Deluxe>"));
  g_assert_nonnull (strstr (html, "<h2>Cleo — USD 0.23</h2>"));
  g_clear_pointer (&statement, tm_statement_free);

  /* Splits that do not make 100 %: no statement, and the track is named. */
  {
    g_autoptr(TmSplit) split = g_list_model_get_item (tm_track_get_splits (undertow), 2);

    tm_split_set_share_bp (split, 3000);
    g_assert_true (tm_catalog_update_track (f->catalog, undertow, &error));
    g_assert_no_error (error);
  }
  statement = tm_catalog_earnings_statement (f->catalog, "2024-01", "2024-02", 0, &error);
  g_assert_null (statement);
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Undertow” (96.66 %)"));
  g_clear_error (&error);
  /* A period without that track's earnings is made. */
  statement = tm_catalog_earnings_statement (f->catalog, "2024-03", NULL, release_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (owed_to (statement, "Ana", "USD")->cents, ==, 350);
  g_assert_cmpint (owed_to (statement, "Ben", "USD")->cents, ==, 210);
  g_assert_cmpint (owed_to (statement, "Cleo", "USD")->cents, ==, 140);
}

/* The command line, as an artist would use it. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *catalog = g_build_filename (f->dir, "cli.db", NULL);
  g_autofree char *dk = write_report (f, "distrokid.tsv", dk_legacy, -1);
  g_autofree char *tc = write_report (f, "tunecore.csv", tunecore, -1);
  g_autofree char *other = write_report (f, "notes.csv", "a,b\n1,2\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *results;
  JsonObject *first;

  {
    const char *args[] = { "earnings", "import", dk, tc, "--json", NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 0);
  }
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  results = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  first = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, "distrokid");
  g_assert_cmpint (json_object_get_int_member (first, "added"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "totals"),
                                                  "USD"), ==, "34.7492805956");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Again, and a file that is no report: the rest is done, the exit says it. */
  {
    const char *args[] = { "earnings", "import", dk, other, NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 1);
  }
  g_assert_nonnull (strstr (out, "imported before"));
  g_assert_nonnull (strstr (err, "notes.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "earnings", "summary", "--by", "country", "--csv", NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 0);
  }
  g_assert_true (g_str_has_prefix (out, "what,currency,earnings,streams,downloads,"));
  g_assert_nonnull (strstr (out, "\r\nNL,USD,31.4482130900,10234,0,0,1\r\n"));
  g_assert_nonnull (strstr (out, "\r\nGB,GBP,4.3371000000,0,1,0,1\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "earnings", "summary", "--by", "month", "--from", "2024-05", "--to",
                           "2024-05", NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "2024-05"));
  g_assert_nonnull (strstr (out, "31.50"));       /* 31.448… + 0.051… */
  g_assert_null (strstr (out, "2024-03"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *page = g_build_filename (f->dir, "statement.html", NULL);
    g_autofree char *contents = NULL;
    const char *args[] = { "earnings", "statement", "--html", page, NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 0);
    g_assert_true (g_file_get_contents (page, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<h2>Not split</h2>"));
    g_assert_nonnull (strstr (contents, "Tidewater"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *args[] = { "earnings", "summary", "--from", "2024-13", NULL };

    g_assert_cmpint (tm_test_run_cli (catalog, f->dir, args, &out, &err), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

  g_test_add_func ("/earnings/money", test_money);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/earnings/distrokid", test_distrokid);
  ADD ("/earnings/same-file-twice", test_same_file_twice);
  ADD ("/earnings/forget", test_forget);
  ADD ("/earnings/tunecore", test_tunecore);
  ADD ("/earnings/cdbaby", test_cdbaby);
  ADD ("/earnings/bandcamp-utf16", test_bandcamp);
  ADD ("/earnings/dsr", test_dsr);
  ADD ("/earnings/matching", test_matching);
  ADD ("/earnings/refused", test_refused);
  ADD ("/earnings/zip", test_zip);
  ADD ("/earnings/no-lock-while-reading", test_no_lock_while_reading);
  ADD ("/earnings/hostile-lines", test_hostile_lines);
  ADD ("/earnings/large", test_large);
  ADD ("/earnings/statement", test_statement);
  ADD ("/earnings/cli", test_cli);
#undef ADD
  return g_test_run ();
}
