/* tm-text.h: characters no field of a release may hold
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  tm_text_char_is_forbidden (gunichar     c,
                                     gboolean     multiline);
gboolean  tm_text_check             (const char  *field,
                                     const char  *text,
                                     gboolean     multiline,
                                     GError     **error);
char     *tm_text_clean             (const char  *text,
                                     gboolean     multiline,
                                     gboolean    *changed);

char     *tm_text_from_outside      (const char  *text,
                                     guint        max_chars);
gboolean  tm_text_is_identifier     (const char  *text,
                                     gsize        max_length);
gboolean  tm_text_is_web_address    (const char  *text);

G_END_DECLS
