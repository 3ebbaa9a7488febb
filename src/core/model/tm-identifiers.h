/* tm-identifiers.h: ISRC and UPC/EAN, normalised and checked
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TM_IDENTIFIER_ERROR (tm_identifier_error_quark ())

typedef enum
{
  TM_IDENTIFIER_ERROR_INVALID_ISRC,
  TM_IDENTIFIER_ERROR_INVALID_PREFIX,
  TM_IDENTIFIER_ERROR_INVALID_GTIN,
  TM_IDENTIFIER_ERROR_EXHAUSTED,
} TmIdentifierError;

GQuark    tm_identifier_error_quark (void);

/* "gb-xyz-26-00001 " → "GBXYZ2600001": spaces and hyphens dropped, upper case. */
char     *tm_isrc_normalize         (const char  *text);
/* @isrc as normalised: CC XXX YY NNNNN (country, registrant, year, designation). */
gboolean  tm_isrc_validate          (const char  *isrc,
                                     GError     **error);
/* The first five characters of an ISRC: country and registrant, "GBXYZ". */
char     *tm_isrc_prefix_normalize  (const char  *text,
                                     GError     **error);
/* @prefix + the last two digits of @year + @designation (1 to 99999). */
char     *tm_isrc_build             (const char  *prefix,
                                     int          year,
                                     guint        designation);

/* UPC-A (12 digits) or EAN-13 (13 digits), spaces and hyphens dropped. */
char     *tm_gtin_normalize         (const char  *text);
gboolean  tm_gtin_validate          (const char  *gtin,
                                     GError     **error);
/* The GS1 check digit of @digits (all the code but its last digit), or -1. */
int       tm_gtin_check_digit       (const char  *digits,
                                     gsize        length);

G_END_DECLS
