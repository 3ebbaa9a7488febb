/* tm-secrets.c: platform credentials in the Secret Service, never in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One secret per platform, under our own schema, holding the tokens as JSON.
 * Inside Flatpak, libsecret keeps them in the app's own encrypted file through
 * the secret portal. When no Secret Service can be reached, that is an error
 * that says so: a token is never written anywhere else.
 *
 * One call at a time in the process (keyring_lock): libsecret's file backend
 * (Flatpak's, and the tests') is one object for the process whose list of
 * items a store or a clear replaces and frees while a lookup in another thread
 * walks it, and whose writes of the file refuse each other (the etag). Workers
 * do look up, store and clear at once: a platform tested while a delivery
 * runs, a token refreshed. The calls are a few milliseconds. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "tm-json.h"
#include "tm-text.h"
#include "tm-delivery-error.h"
#include "tm-secrets.h"

static GMutex keyring_lock;

static const SecretSchema *
schema (void)
{
  static const SecretSchema the_schema = {
    "io.github.tunemantra.TuneMantra.Platform", SECRET_SCHEMA_NONE,
    {
      { "platform", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &the_schema;
}

TmTokens *
tm_tokens_new (const char *access_token,
               const char *refresh_token)
{
  TmTokens *tokens = g_new0 (TmTokens, 1);

  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (refresh_token);
  return tokens;
}

void
tm_tokens_free (TmTokens *tokens)
{
  if (tokens == NULL)
    return;
  /* Not left lying in freed memory. */
  if (tokens->access_token != NULL)
    memset (tokens->access_token, 0, strlen (tokens->access_token));
  if (tokens->refresh_token != NULL)
    memset (tokens->refresh_token, 0, strlen (tokens->refresh_token));
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens);
}

/**
 * tm_tokens_parse:
 * @text: a token alone, or `{"access_token": …, "refresh_token": …}`
 *
 * Reads a token file's contents.
 */
TmTokens *
tm_tokens_parse (const char  *text,
                 GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(JsonObject) o = NULL;
  const char *access, *refresh;

  if (trimmed[0] != '{')
    {
      if (trimmed[0] == '\0' || strpbrk (trimmed, " \t\r\n") != NULL)
        {
          g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                               _("A token file holds one token, or a JSON object with "
                                 "access_token and refresh_token."));
          return NULL;
        }
      access = trimmed;
      refresh = NULL;
    }
  else
    {
      o = tm_json_parse_object (trimmed, strlen (trimmed), _("The token file"), NULL);
      access = tm_json_string_or (o, "access_token", NULL);
      refresh = tm_json_string_or (o, "refresh_token", NULL);
      if (access == NULL)
        {
          g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                               _("The token file is not JSON with an access_token."));
          return NULL;
        }
    }

  /* What goes to the keyring and into a header: short, plain text. */
  if (strlen (access) > TM_TOKEN_MAX_BYTES
      || (refresh != NULL && strlen (refresh) > TM_TOKEN_MAX_BYTES)
      || !tm_text_check (_("The token"), access, FALSE, NULL)
      || (refresh != NULL && !tm_text_check (_("The token"), refresh, FALSE, NULL)))
    {
      g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                           _("The token is longer than any platform's, or holds control "
                             "characters; it was not kept."));
      return NULL;
    }
  return tm_tokens_new (access, refresh);
}

static void
explain (GError **error)
{
  if (error != NULL && *error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The keyring (Secret Service) could not be "
                                                    "used: %s. Start GNOME Keyring or another "
                                                    "Secret Service and try again; TuneMantra "
                                                    "never keeps tokens in plain files."),
                                                  (*error)->message);
      g_clear_error (error);
      g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID, message);
    }
}

gboolean
tm_secrets_store_tokens (const char    *platform,
                         TmTokens      *tokens,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = g_strdup_printf (_("TuneMantra: %s"), platform);
  gboolean ok;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  if (tokens->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, tokens->refresh_token);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);

  g_mutex_lock (&keyring_lock);
  ok = secret_password_store_sync (schema (), SECRET_COLLECTION_DEFAULT, label, text,
                                   cancellable, error, "platform", platform, NULL);
  g_mutex_unlock (&keyring_lock);
  memset (text, 0, strlen (text));
  if (!ok)
    explain (error);
  return ok;
}

/**
 * tm_secrets_lookup_tokens:
 *
 * Returns: (nullable): the tokens, or %NULL with an error (none stored is
 *   %TM_DELIVERY_ERROR_AUTH_INVALID too, with a message saying how to add them)
 */
TmTokens *
tm_secrets_lookup_tokens (const char    *platform,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text;
  TmTokens *tokens;

  g_mutex_lock (&keyring_lock);
  text = secret_password_lookup_sync (schema (), cancellable, &local_error,
                                      "platform", platform, NULL);
  g_mutex_unlock (&keyring_lock);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      explain (error);
      return NULL;
    }
  if (text == NULL)
    {
      GError *missing = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID,
                                     _("No token is stored for “%s”."), platform);

      tm_delivery_error_set_action (missing, TM_ERROR_ACTION_ADD_TOKEN);
      g_propagate_error (error, missing);
      return NULL;
    }
  tokens = tm_tokens_parse (text, error);
  secret_password_free (text);
  return tokens;
}

gboolean
tm_secrets_clear (const char    *platform,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_mutex_lock (&keyring_lock);
  secret_password_clear_sync (schema (), cancellable, &local_error, "platform", platform, NULL);
  g_mutex_unlock (&keyring_lock);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      explain (error);
      return FALSE;
    }
  return TRUE;
}
