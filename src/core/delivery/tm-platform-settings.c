/* tm-platform-settings.c: a platform's settings, read and checked in one place
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The catalog keeps a platform's settings as a JSON object; this is the only
 * code that reads or writes it. The window's forms and editor and the CLI's
 * platform add set values through tm_platform_settings_set(), which knows
 * what each setting takes, and save them with tm_platform_settings_save(),
 * which knows what each kind of platform needs. The delivery targets are made
 * from the same object. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-platform-settings.h"
#include "tm-text.h"

G_DEFINE_QUARK (tm-platform-settings-error-quark, tm_platform_settings_error)

typedef enum
{
  TEXT,       /* any line of text */
  ADDRESS,    /* an http(s) address */
  FILE_PATH,  /* an existing file, kept as an absolute path */
  FOLDER,     /* a folder, kept as an absolute path; made when first used */
  PORT,       /* 1 to 65535 */
  COUNT,      /* 1 to 8 */
  FLAG,       /* true or false */
  DPID,       /* a DDEX Party ID */
  FORMAT,     /* what a folder platform writes besides the files */
} Kind;

static const struct
{
  const char *key;
  Kind        kind;
} known[] = {
  { "path", FOLDER }, { "format", FORMAT },
  { "url", ADDRESS }, { "ca_file", FILE_PATH }, { "sandbox", FLAG },
  { "host", TEXT }, { "port", PORT }, { "user", TEXT }, { "key_file", FILE_PATH },
  { "use_agent", FLAG }, { "remote_root", TEXT }, { "known_hosts", FILE_PATH },
  { "ack_folder", TEXT }, { "connections", COUNT },
  { "ddex_sender_dpid", DPID }, { "ddex_sender_name", TEXT },
  { "ddex_recipient_dpid", DPID }, { "ddex_recipient_name", TEXT },
};

struct _TmPlatformSettings
{
  TmPlatformKind  kind;
  JsonObject     *object;
};

TmPlatformSettings *
tm_platform_settings_new (TmPlatformKind kind)
{
  TmPlatformSettings *self = g_new0 (TmPlatformSettings, 1);

  self->kind = kind;
  self->object = json_object_new ();
  return self;
}

/**
 * tm_platform_settings_new_for_platform:
 *
 * The settings @platform has now, to read or change.
 *
 * Returns: (transfer full): the settings, or %NULL when what the catalog
 *   keeps is not settings
 */
TmPlatformSettings *
tm_platform_settings_new_for_platform (TmPlatform  *platform,
                                       GError     **error)
{
  const char *text = tm_platform_get_settings (platform);
  g_autoptr(TmPlatformSettings) self = tm_platform_settings_new (tm_platform_get_kind (platform));

  if (text != NULL && *text != '\0')
    {
      JsonObject *object = tm_json_parse_object (text, strlen (text), "settings", NULL);

      if (object == NULL)
        {
          g_set_error (error, TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_DAMAGED,
                       _("The settings of “%s” are damaged; remove the platform and add it "
                         "again."), tm_platform_get_name (platform));
          return NULL;
        }
      json_object_unref (self->object);
      self->object = object;
    }
  return g_steal_pointer (&self);
}

void
tm_platform_settings_free (TmPlatformSettings *self)
{
  if (self == NULL)
    return;
  json_object_unref (self->object);
  g_free (self);
}

static int
find_known (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (known[i].key, key) == 0)
      return (int) i;
  return -1;
}

/* Each sets @error and gives FALSE, for `return invalid (error, …);`. */
#define invalid(error, ...) \
  (g_set_error ((error), TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_INVALID, \
                __VA_ARGS__), FALSE)
#define missing(error, ...) \
  (g_set_error ((error), TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_MISSING, \
                __VA_ARGS__), FALSE)

static gboolean
parse_flag (const char *text,
            gboolean   *value)
{
  static const char * const yes[] = { "true", "yes", "1", "on" };
  static const char * const no[] = { "false", "no", "0", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        return (*value = TRUE), TRUE;
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        return (*value = FALSE), TRUE;
    }
  return FALSE;
}

static gboolean
is_dpid (const char *text)
{
  if (!g_str_has_prefix (text, "PADPIDA") || text[7] == '\0' || strlen (text) > 64)
    return FALSE;
  for (const char *p = text + 7; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/**
 * tm_platform_settings_set:
 * @value: (nullable): the new value, as typed; empty or %NULL removes the setting
 *
 * Sets @key to @value if it is a value the setting takes: a port is a number,
 * an address is http(s), a file exists (and is kept as an absolute path), a
 * DDEX Party ID looks like one, no value holds control characters.
 */
gboolean
tm_platform_settings_set (TmPlatformSettings  *self,
                          const char          *key,
                          const char          *value,
                          GError             **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value != NULL ? value : ""));
  int index = find_known (key);
  gboolean flag;
  guint64 port;

  if (index < 0)
    return invalid (error, _("TuneMantra has no platform setting “%s”."), key);
  if (!tm_text_check (key, text, FALSE, error))
    return FALSE;

  if (*text == '\0')
    {
      json_object_remove_member (self->object, key);
      return TRUE;
    }

  switch (known[index].kind)
    {
    case PORT:
      if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
        return invalid (error, _("The port is a number from 1 to 65535, not “%s”."), text);
      json_object_set_int_member (self->object, key, (gint64) port);
      return TRUE;

    case COUNT:
      if (!g_ascii_string_to_unsigned (text, 10, 1, 8, &port, NULL))
        return invalid (error, _("Connections at once are a number from 1 to 8, not “%s”."),
                        text);
      json_object_set_int_member (self->object, key, (gint64) port);
      return TRUE;

    case ADDRESS:
      if (!tm_text_is_web_address (text))
        return invalid (error, _("“%s” is not an http or https address."), text);
      json_object_set_string_member (self->object, key, text);
      return TRUE;

    case FILE_PATH:
      {
        g_autofree char *absolute = g_canonicalize_filename (text, NULL);

        if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
          {
            g_set_error (error, TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_NO_FILE,
                         _("There is no file at %s."), absolute);
            return FALSE;
          }
        json_object_set_string_member (self->object, key, absolute);
        return TRUE;
      }

    case FOLDER:
      {
        g_autofree char *absolute = g_canonicalize_filename (text, NULL);

        json_object_set_string_member (self->object, key, absolute);
        return TRUE;
      }

    case FLAG:
      if (!parse_flag (text, &flag))
        return invalid (error, _("The setting %s is true or false, not “%s”."), key, text);
      json_object_set_boolean_member (self->object, key, flag);
      return TRUE;

    case DPID:
      if (!is_dpid (text))
        return invalid (error, _("“%s” is not a DDEX Party ID: one starts with PADPIDA, "
                                 "followed by letters and digits. Yours comes with a DDEX "
                                 "licence; the platform's is in its delivery specification."),
                        text);
      json_object_set_string_member (self->object, key, text);
      return TRUE;

    case FORMAT:
      if (g_strcmp0 (text, "ddex") != 0 && g_strcmp0 (text, "files") != 0)
        return invalid (error, _("“%s” is not a package format: ddex adds a DDEX message to "
                                 "the files; files is the files alone."), text);
      json_object_set_string_member (self->object, key, text);
      return TRUE;

    case TEXT:
    default:
      json_object_set_string_member (self->object, key, text);
      return TRUE;
    }
}

void
tm_platform_settings_set_flag (TmPlatformSettings *self,
                               const char         *key,
                               gboolean            value)
{
  g_return_if_fail (find_known (key) >= 0 && known[find_known (key)].kind == FLAG);

  json_object_set_boolean_member (self->object, key, value);
}

/* Returns: (nullable): the text of @key, or %NULL when it is not set */
const char *
tm_platform_settings_get_string (TmPlatformSettings *self,
                                 const char         *key)
{
  return tm_json_string_or (self->object, key, NULL);
}

gint64
tm_platform_settings_get_int (TmPlatformSettings *self,
                              const char         *key,
                              gint64              fallback)
{
  return tm_json_int_or (self->object, key, fallback);
}

gboolean
tm_platform_settings_get_flag (TmPlatformSettings *self,
                               const char         *key)
{
  return tm_json_bool_or (self->object, key, FALSE);
}

/* Returns: (transfer full): the keys set, in the order they were first set */
GStrv
tm_platform_settings_list_keys (TmPlatformSettings *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = json_object_get_members (self->object);

  for (GList *l = members; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

/* Returns: (transfer full) (nullable): the value of @key as a person types it */
char *
tm_platform_settings_get_text (TmPlatformSettings *self,
                               const char         *key)
{
  JsonNode *node = json_object_get_member (self->object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}

static gboolean
has (TmPlatformSettings *self,
     const char         *key)
{
  return json_object_has_member (self->object, key);
}

/**
 * tm_platform_settings_writes_ddex:
 *
 * Whether the platform is sent DDEX messages (SFTP, or a folder with the
 * ddex format), which cannot be written without each track's length.
 */
gboolean
tm_platform_settings_writes_ddex (TmPlatformSettings *self)
{
  return self->kind == TM_PLATFORM_KIND_SFTP
         || (self->kind == TM_PLATFORM_KIND_FOLDER
             && g_strcmp0 (tm_platform_settings_get_string (self, "format"), "ddex") == 0);
}

/**
 * tm_platform_settings_check:
 *
 * Whether the settings have what @self's kind of platform needs to deliver:
 * a folder for a folder, an address for an HTTP API, a server and a user for
 * SFTP, and both DDEX Party IDs wherever DDEX is written.
 */
gboolean
tm_platform_settings_check (TmPlatformSettings  *self,
                            const char          *platform_name,
                            GError             **error)
{
  gboolean ddex = FALSE;

  switch (self->kind)
    {
    case TM_PLATFORM_KIND_FOLDER:
      if (!has (self, "path"))
        return missing (error, _("The platform “%s” needs a folder to write packages to "
                                 "(path)."), platform_name);
      ddex = g_strcmp0 (tm_platform_settings_get_string (self, "format"), "ddex") == 0;
      break;
    case TM_PLATFORM_KIND_API:
      if (!has (self, "url") && !tm_platform_settings_get_flag (self, "sandbox"))
        return missing (error, _("The platform “%s” needs the address of its Delivery API "
                                 "(url)."), platform_name);
      break;
    case TM_PLATFORM_KIND_SFTP:
    default:
      if (!has (self, "host") || !has (self, "user"))
        return missing (error, _("The platform “%s” needs a server (host) and a user name "
                                 "(user)."), platform_name);
      ddex = TRUE;
      break;
    }

  if (ddex && (!has (self, "ddex_sender_dpid") || !has (self, "ddex_recipient_dpid")))
    return missing (error, _("The platform “%s” writes DDEX, which needs two DDEX Party IDs: "
                             "yours (ddex_sender_dpid, from your DDEX licence) and the "
                             "platform's (ddex_recipient_dpid, from its delivery "
                             "specification)."), platform_name);
  return TRUE;
}

/**
 * tm_platform_settings_save:
 *
 * Checks the settings for @platform's kind and gives them to @platform (to
 * be saved to the catalog by the caller).
 */
gboolean
tm_platform_settings_save (TmPlatformSettings  *self,
                           TmPlatform          *platform,
                           GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  self->kind = tm_platform_get_kind (platform);
  if (!tm_platform_settings_check (self, tm_platform_get_name (platform), error))
    return FALSE;
  node = json_node_init_object (json_node_alloc (), self->object);
  text = json_to_string (node, FALSE);
  tm_platform_set_settings (platform, text);
  return TRUE;
}
