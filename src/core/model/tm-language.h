/* tm-language.h: languages as codes (ISO 639, BCP 47 tags)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *alpha_2;        /* NULL for a language ISO 639-1 has no code for */
  const char *alpha_3;        /* ISO 639-2/T */
  const char *bibliographic;  /* ISO 639-2/B, where it differs */
  const char *name;           /* English, as iso-codes has it */
} TmLanguage;

const TmLanguage *tm_language_find           (const char   *code);
const TmLanguage *tm_language_get_all        (guint        *n_languages);
const char       *tm_language_get_code       (const TmLanguage *language);
const char       *tm_language_get_name       (const TmLanguage *language);
char             *tm_language_tag_normalize  (const char   *tag,
                                              GError      **error);

G_END_DECLS
