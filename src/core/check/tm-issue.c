/* tm-issue.c: one thing a platform would reject or warn about
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-issue.h"

struct _TmIssue
{
  GObject          parent_instance;
  char            *code;
  TmIssueSeverity  severity;
  char            *platform;
  gint64           track_id;
  int              disc;
  int              number;
  char            *field;
  char            *message;
  char            *hint;
  GVariant        *value;
  char            *rule;
  char            *source;
};

G_DEFINE_FINAL_TYPE (TmIssue, tm_issue, G_TYPE_OBJECT)

static void
tm_issue_finalize (GObject *object)
{
  TmIssue *self = TM_ISSUE (object);

  g_free (self->code);
  g_free (self->platform);
  g_free (self->field);
  g_free (self->message);
  g_free (self->hint);
  g_clear_pointer (&self->value, g_variant_unref);
  g_free (self->rule);
  g_free (self->source);

  G_OBJECT_CLASS (tm_issue_parent_class)->finalize (object);
}

static void
tm_issue_class_init (TmIssueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tm_issue_finalize;
}

static void
tm_issue_init (TmIssue *self)
{
}

TmIssue *
tm_issue_new (const char      *code,
              TmIssueSeverity  severity,
              const char      *platform)
{
  TmIssue *self = g_object_new (TM_TYPE_ISSUE, NULL);

  self->code = g_strdup (code);
  self->severity = severity;
  self->platform = g_strdup (platform);
  return self;
}

const char *
tm_issue_get_code (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);
  return self->code;
}

TmIssueSeverity
tm_issue_get_severity (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), TM_ISSUE_ERROR);
  return self->severity;
}

const char *
tm_issue_get_platform (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);
  return self->platform;
}

gint64
tm_issue_get_track_id (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), 0);
  return self->track_id;
}

int
tm_issue_get_disc (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), 0);
  return self->disc;
}

int
tm_issue_get_number (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), 0);
  return self->number;
}

void
tm_issue_set_track (TmIssue *self,
                    gint64   track_id,
                    int      disc,
                    int      number)
{
  g_return_if_fail (TM_IS_ISSUE (self));
  self->track_id = track_id;
  self->disc = disc;
  self->number = number;
}

#define STRING_ACCESSORS(name) \
  const char * \
  tm_issue_get_##name (TmIssue *self) \
  { \
    g_return_val_if_fail (TM_IS_ISSUE (self), NULL); \
    return self->name; \
  } \
  void \
  tm_issue_set_##name (TmIssue    *self, \
                       const char *name) \
  { \
    g_return_if_fail (TM_IS_ISSUE (self)); \
    g_free (self->name); \
    self->name = g_strdup (name); \
  }

STRING_ACCESSORS (field)
STRING_ACCESSORS (message)
STRING_ACCESSORS (hint)

/* Returns: (nullable): what was measured or found: an int64, a double or a string */
GVariant *
tm_issue_get_value (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);
  return self->value;
}

/**
 * tm_issue_set_value:
 * @value: (nullable): an int64 (`x`), a double (`d`) or a string (`s`); a
 *   floating reference is taken
 */
void
tm_issue_set_value (TmIssue  *self,
                    GVariant *value)
{
  g_return_if_fail (TM_IS_ISSUE (self));
  g_return_if_fail (value == NULL || g_variant_is_of_type (value, G_VARIANT_TYPE_INT64)
                    || g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE)
                    || g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));

  g_clear_pointer (&self->value, g_variant_unref);
  self->value = value != NULL ? g_variant_ref_sink (value) : NULL;
}

const char *
tm_issue_get_rule (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);
  return self->rule;
}

const char *
tm_issue_get_source (TmIssue *self)
{
  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);
  return self->source;
}

void
tm_issue_set_rule (TmIssue    *self,
                   const char *rule,
                   const char *source)
{
  g_return_if_fail (TM_IS_ISSUE (self));
  g_free (self->rule);
  g_free (self->source);
  self->rule = g_strdup (rule);
  self->source = g_strdup (source);
}

const char *
tm_issue_severity_to_string (TmIssueSeverity severity)
{
  switch (severity)
    {
    case TM_ISSUE_ERROR:
      return "error";
    case TM_ISSUE_WARNING:
      return "warning";
    case TM_ISSUE_INFO:
    default:
      return "info";
    }
}

gboolean
tm_issue_severity_from_string (const char      *text,
                               TmIssueSeverity *severity)
{
  if (g_strcmp0 (text, "error") == 0)
    *severity = TM_ISSUE_ERROR;
  else if (g_strcmp0 (text, "warning") == 0)
    *severity = TM_ISSUE_WARNING;
  else if (g_strcmp0 (text, "info") == 0)
    *severity = TM_ISSUE_INFO;
  else
    return FALSE;
  return TRUE;
}

JsonNode *
tm_issue_to_json (TmIssue *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (TM_IS_ISSUE (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, self->code);
  json_builder_set_member_name (b, "severity");
  json_builder_add_string_value (b, tm_issue_severity_to_string (self->severity));
  json_builder_set_member_name (b, "platform");
  json_builder_add_string_value (b, self->platform);
  json_builder_set_member_name (b, "track");
  if (self->track_id != 0)
    json_builder_add_int_value (b, self->number);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "disc");
  if (self->track_id != 0)
    json_builder_add_int_value (b, self->disc);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, self->field);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, self->message);
  json_builder_set_member_name (b, "hint");
  json_builder_add_string_value (b, self->hint);
  json_builder_set_member_name (b, "value");
  if (self->value == NULL)
    json_builder_add_null_value (b);
  else if (g_variant_is_of_type (self->value, G_VARIANT_TYPE_INT64))
    json_builder_add_int_value (b, g_variant_get_int64 (self->value));
  else if (g_variant_is_of_type (self->value, G_VARIANT_TYPE_DOUBLE))
    json_builder_add_double_value (b, g_variant_get_double (self->value));
  else
    json_builder_add_string_value (b, g_variant_get_string (self->value, NULL));
  json_builder_set_member_name (b, "rule");
  json_builder_add_string_value (b, self->rule);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, self->source);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
