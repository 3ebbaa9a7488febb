/* tm-secrets.h: platform credentials in the Secret Service, never in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A token file holds a token or two; a token is at most a few KiB. */
#define TM_TOKEN_FILE_MAX_BYTES (64 << 10)
#define TM_TOKEN_MAX_BYTES (16 << 10)

/* The access token and, where the platform gave one, the refresh token. */
typedef struct
{
  char *access_token;
  char *refresh_token;
} TmTokens;

TmTokens *tm_tokens_new              (const char  *access_token,
                                      const char  *refresh_token);
TmTokens *tm_tokens_parse            (const char  *text,
                                      GError     **error);
void      tm_tokens_free             (TmTokens    *tokens);

gboolean  tm_secrets_store_tokens    (const char  *platform,
                                      TmTokens    *tokens,
                                      GCancellable *cancellable,
                                      GError     **error);
TmTokens *tm_secrets_lookup_tokens   (const char  *platform,
                                      GCancellable *cancellable,
                                      GError     **error);
gboolean  tm_secrets_clear           (const char  *platform,
                                      GCancellable *cancellable,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmTokens, tm_tokens_free)

G_END_DECLS
