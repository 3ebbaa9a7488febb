/* tm-requirements.c: a platform's rule profile (data/platforms, one JSON file each)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A profile is {"id", "name", "rules": {KEY: {"value", "source", "severity"?}}}.
 * The built-in profiles are compiled in; a file of the same id in the user's
 * folder replaces the rules it names, so a user can follow a distributor's
 * stricter or looser figure without losing the rest. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-safe-file.h"
#include "tm-core-resources.h"
#include "tm-requirements-private.h"

#define RESOURCE_FOLDER "/io/github/tunemantra/TuneMantra/platforms"
/* A rule profile is a few KiB; a file much larger is not one. */
#define MAX_PROFILE_BYTES (1 << 20)

struct _TmRequirements
{
  GObject     parent_instance;
  char       *id;
  char       *name;
  JsonObject *rules;     /* key → {"value", "source", "severity"} */
};

G_DEFINE_FINAL_TYPE (TmRequirements, tm_requirements, G_TYPE_OBJECT)
G_DEFINE_QUARK (tm-requirements-error-quark, tm_requirements_error)

static void
tm_requirements_finalize (GObject *object)
{
  TmRequirements *self = TM_REQUIREMENTS (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->rules, json_object_unref);

  G_OBJECT_CLASS (tm_requirements_parent_class)->finalize (object);
}

static void
tm_requirements_class_init (TmRequirementsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tm_requirements_finalize;
}

static void
tm_requirements_init (TmRequirements *self)
{
}

static gboolean
invalid (GError     **error,
         const char  *origin,
         const char  *what)
{
  g_set_error (error, TM_REQUIREMENTS_ERROR, TM_REQUIREMENTS_ERROR_INVALID,
               _("The platform profile %s is not valid: %s. Fix or remove the file."), origin,
               what);
  return FALSE;
}

/* Every rule an object with a "value"; "severity", if any, a known word. */
static gboolean
check_rules (JsonObject  *rules,
             const char  *origin,
             GError     **error)
{
  g_autoptr(GList) keys = json_object_get_members (rules);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *rule = json_object_get_member (rules, l->data);
      JsonObject *o;
      const char *severity;

      if (!JSON_NODE_HOLDS_OBJECT (rule)
          || !json_object_has_member (o = json_node_get_object (rule), "value"))
        {
          g_autofree char *what = g_strdup_printf (_("the rule “%s” needs a \"value\""),
                                                   (char *) l->data);
          return invalid (error, origin, what);
        }
      severity = tm_json_string_or (o, "severity", "error");
      if (!g_str_equal (severity, "error") && !g_str_equal (severity, "warning")
          && !g_str_equal (severity, "info") && !g_str_equal (severity, "off"))
        {
          g_autofree char *what = g_strdup_printf (_("the severity of “%s” must be error, "
                                                     "warning, info or off"), (char *) l->data);
          return invalid (error, origin, what);
        }
    }

  return TRUE;
}

TmRequirements *
tm_requirements_load_from_data (const char  *data,
                                const char  *origin,
                                GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(TmRequirements) self = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonNode *rules;

  if (!(node = tm_json_parse (data, strlen (data), origin, &parse_error)))
    {
      invalid (error, origin, parse_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, origin, _("it must be a JSON object"));
      return NULL;
    }

  root = json_node_get_object (node);
  self = g_object_new (TM_TYPE_REQUIREMENTS, NULL);
  self->id = g_strdup (tm_json_string_or (root, "id", NULL));
  self->name = g_strdup (tm_json_string_or (root, "name", self->id));
  rules = json_object_get_member (root, "rules");
  if (self->id == NULL || *self->id == '\0')
    {
      invalid (error, origin, _("it has no \"id\""));
      return NULL;
    }
  if (rules == NULL || !JSON_NODE_HOLDS_OBJECT (rules))
    {
      invalid (error, origin, _("it has no \"rules\" object"));
      return NULL;
    }
  if (!check_rules (json_node_get_object (rules), origin, error))
    return NULL;

  self->rules = json_object_ref (json_node_get_object (rules));
  return g_steal_pointer (&self);
}

static void
apply_override (TmRequirements *self,
                TmRequirements *override)
{
  g_autoptr(GList) keys = json_object_get_members (override->rules);
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(GList) own = json_object_get_members (self->rules);

  for (GList *l = own; l != NULL; l = l->next)
    json_object_set_member (merged, l->data,
                            json_node_copy (json_object_get_member (self->rules, l->data)));
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (merged, l->data,
                            json_node_copy (json_object_get_member (override->rules, l->data)));

  json_object_unref (self->rules);
  self->rules = g_steal_pointer (&merged);
  if (override->name != NULL && g_strcmp0 (override->name, override->id) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (override->name);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  TmRequirements *x = *(TmRequirements **) a;
  TmRequirements *y = *(TmRequirements **) b;

  /* The generic profile last: it is the fallback, not a store. */
  if (g_str_equal (x->id, "generic") != g_str_equal (y->id, "generic"))
    return g_str_equal (x->id, "generic") ? 1 : -1;
  return g_utf8_collate (x->name, y->name);
}

GPtrArray *
tm_requirements_load_all (const char  *override_dir,
                          GError     **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) names = NULL;
  g_autofree char *default_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *file;

  names = g_resource_enumerate_children (tm_core_get_resource (), RESOURCE_FOLDER,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_FOLDER "/", names[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (tm_core_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      TmRequirements *profile;

      if (bytes == NULL)
        return NULL;
      if (!(profile = tm_requirements_load_from_data (g_bytes_get_data (bytes, NULL), names[i],
                                                      error)))
        return NULL;
      g_ptr_array_add (profiles, profile);
    }

  if (override_dir == NULL)
    override_dir = default_dir = g_build_filename (g_get_user_config_dir (), "tunemantra",
                                                   "platforms", NULL);

  /* A missing folder is the usual case: nothing is overridden. */
  dir = g_dir_open (override_dir, 0, NULL);
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(TmRequirements) override = NULL;
      g_autoptr(GError) read_error = NULL;
      TmRequirements *base;

      if (!g_str_has_suffix (file, ".json"))
        continue;
      path = g_build_filename (override_dir, file, NULL);
      if (!(contents = tm_read_file_bounded (path, MAX_PROFILE_BYTES, TM_OPEN_FOLLOW, NULL,
                                             &read_error)))
        {
          invalid (error, path, read_error->message);
          return NULL;
        }
      if (!(override = tm_requirements_load_from_data (contents, path, error)))
        return NULL;

      if ((base = tm_requirements_find (profiles, override->id)) != NULL)
        apply_override (base, override);
      else
        g_ptr_array_add (profiles, g_steal_pointer (&override));
    }

  g_ptr_array_sort (profiles, compare_names);
  return g_steal_pointer (&profiles);
}

TmRequirements *
tm_requirements_find (GPtrArray  *profiles,
                      const char *id_or_name)
{
  g_return_val_if_fail (profiles != NULL, NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  for (guint i = 0; i < profiles->len; i++)
    {
      TmRequirements *profile = g_ptr_array_index (profiles, i);

      if (g_ascii_strcasecmp (profile->id, id_or_name) == 0
          || g_ascii_strcasecmp (profile->name, id_or_name) == 0)
        return profile;
    }

  return NULL;
}

const char *
tm_requirements_get_id (TmRequirements *self)
{
  g_return_val_if_fail (TM_IS_REQUIREMENTS (self), NULL);

  return self->id;
}

const char *
tm_requirements_get_name (TmRequirements *self)
{
  g_return_val_if_fail (TM_IS_REQUIREMENTS (self), NULL);

  return self->name;
}

static JsonObject *
rule_object (TmRequirements *self,
             const char     *key)
{
  JsonNode *node = json_object_get_member (self->rules, key);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonNode *
tm_requirements_get_rule (TmRequirements *self,
                          const char     *key)
{
  JsonObject *rule;
  JsonNode *value;

  g_return_val_if_fail (TM_IS_REQUIREMENTS (self), NULL);

  if (!(rule = rule_object (self, key)))
    return NULL;
  if (g_str_equal (tm_json_string_or (rule, "severity", ""), "off"))
    return NULL;
  value = json_object_get_member (rule, "value");
  return value != NULL && !JSON_NODE_HOLDS_NULL (value) ? value : NULL;
}

const char *
tm_requirements_get_source (TmRequirements *self,
                            const char     *key)
{
  JsonObject *rule = rule_object (self, key);

  return rule != NULL ? tm_json_string_or (rule, "source", NULL) : NULL;
}

const char *
tm_requirements_get_severity (TmRequirements *self,
                              const char     *key,
                              const char     *fallback)
{
  JsonObject *rule = rule_object (self, key);

  return rule != NULL ? tm_json_string_or (rule, "severity", fallback)
                      : fallback;
}

gboolean
tm_requirements_get_double (TmRequirements *self,
                            const char     *key,
                            double         *value)
{
  JsonNode *node = tm_requirements_get_rule (self, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;

  *value = json_node_get_double (node);
  return TRUE;
}

gboolean
tm_requirements_get_boolean (TmRequirements *self,
                             const char     *key)
{
  JsonNode *node = tm_requirements_get_rule (self, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

const char *
tm_requirements_get_string (TmRequirements *self,
                            const char     *key)
{
  JsonNode *node = tm_requirements_get_rule (self, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/**
 * tm_requirements_get_strv:
 *
 * Returns: (transfer full) (nullable): the texts of the list rule @key, or
 *   %NULL where the profile has no such list
 */
GStrv
tm_requirements_get_strv (TmRequirements *self,
                          const char     *key)
{
  JsonNode *node = tm_requirements_get_rule (self, key);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

/**
 * tm_requirements_get_range:
 * @name: a member of the rule, such as "single" of "release.types"
 *
 * Reads a `[low, high]` pair of the object rule @key.
 *
 * Returns: whether the profile has such a pair
 */
gboolean
tm_requirements_get_range (TmRequirements *self,
                           const char     *key,
                           const char     *name,
                           gint64         *low,
                           gint64         *high)
{
  JsonNode *node = tm_requirements_get_rule (self, key);
  JsonNode *member;
  JsonArray *range;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || !(member = json_object_get_member (json_node_get_object (node), name))
      || !JSON_NODE_HOLDS_ARRAY (member))
    return FALSE;
  range = json_node_get_array (member);
  if (json_array_get_length (range) != 2)
    return FALSE;
  *low = json_array_get_int_element (range, 0);
  *high = json_array_get_int_element (range, 1);
  return TRUE;
}

gboolean
tm_requirements_list_has (TmRequirements *self,
                          const char     *key,
                          const char     *text,
                          double          number)
{
  JsonNode *node = tm_requirements_get_rule (self, key);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;    /* no list: anything goes */

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item))
        continue;
      if (text != NULL && json_node_get_value_type (item) == G_TYPE_STRING
          && g_ascii_strcasecmp (json_node_get_string (item), text) == 0)
        return TRUE;
      if (text == NULL && json_node_get_value_type (item) != G_TYPE_STRING
          && fabs (json_node_get_double (item) - number) < 1e-9)
        return TRUE;
    }

  return FALSE;
}

char *
tm_requirements_list_text (TmRequirements *self,
                           const char     *key)
{
  JsonNode *node = tm_requirements_get_rule (self, key);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("");

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *word = json_node_get_value_type (item) == G_TYPE_STRING
                              ? g_strdup (json_node_get_string (item))
                              : g_strdup_printf ("%g", json_node_get_double (item));

      if (i > 0)
        g_string_append (text, i + 1 == n ? _(" or ") : ", ");
      g_string_append (text, word);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
