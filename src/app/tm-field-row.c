/* tm-field-row.c: an entry row that edits one field of a record
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The field is named by its key, as `release set` and `track set` take it, so
 * a template can declare the row and the page needs no table of its own. It
 * reads the record's value as text and gives typed text to the record through
 * the record's own checks; a list (featured artists) is typed with commas. A
 * value the record refuses stays typed, marked, with the reason as tooltip
 * and for screen readers, until it is fixed. */

#include "config.h"

#include "tm-field-row.h"

struct _TmFieldRow
{
  AdwEntryRow  parent_instance;

  char        *key;
  gboolean     has_error;
};

G_DEFINE_FINAL_TYPE (TmFieldRow, tm_field_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_field_row_finalize (GObject *object)
{
  g_free (TM_FIELD_ROW (object)->key);

  G_OBJECT_CLASS (tm_field_row_parent_class)->finalize (object);
}

static void
tm_field_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, TM_FIELD_ROW (object)->key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_field_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_KEY:
      TM_FIELD_ROW (object)->key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_field_row_class_init (TmFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_field_row_finalize;
  object_class->get_property = tm_field_row_get_property;
  object_class->set_property = tm_field_row_set_property;

  /* The field's key, such as "release_date". */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_field_row_init (TmFieldRow *self)
{
}

const char *
tm_field_row_get_key (TmFieldRow *self)
{
  g_return_val_if_fail (TM_IS_FIELD_ROW (self), NULL);

  return self->key;
}

/**
 * tm_field_row_set_error:
 * @message: (nullable): why the value was refused, or %NULL when it is taken
 */
void
tm_field_row_set_error (TmFieldRow *self,
                        const char *message)
{
  g_return_if_fail (TM_IS_FIELD_ROW (self));

  self->has_error = message != NULL;
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), message);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
tm_field_row_has_error (TmFieldRow *self)
{
  g_return_val_if_fail (TM_IS_FIELD_ROW (self), FALSE);

  return self->has_error;
}

/**
 * tm_field_row_show_text:
 *
 * Shows what is stored, unless the row holds a refused value being fixed.
 */
void
tm_field_row_show_text (TmFieldRow *self,
                        const char *text)
{
  g_return_if_fail (TM_IS_FIELD_ROW (self));

  if (!self->has_error && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self)),
                                     text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self), text != NULL ? text : "");
}

/* The text a row shows for a value; years of 0 are "not set". */
static char *
value_text (TmRecord   *record,
            GParamSpec *pspec)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (G_OBJECT (record), pspec->name, &value);

  if (G_VALUE_HOLDS_INT (&value))
    return g_value_get_int (&value) == 0 ? g_strdup ("")
                                         : g_strdup_printf ("%d", g_value_get_int (&value));
  if (G_VALUE_HOLDS (&value, G_TYPE_STRV))
    return g_value_get_boxed (&value) != NULL
           ? g_strjoinv ((pspec->flags & TM_PARAM_TERRITORIES) ? " " : ", ",
                         g_value_get_boxed (&value))
           : g_strdup ("");

  g_value_init (&text, G_TYPE_STRING);
  if (!g_value_transform (&value, &text) || g_value_get_string (&text) == NULL)
    return g_strdup ("");
  return g_value_dup_string (&text);
}

/**
 * tm_field_row_load:
 *
 * Shows the record's value of the row's field. The row being typed in keeps
 * its text (spaces, a half-typed list), as does one holding a refused value.
 */
void
tm_field_row_load (TmFieldRow *self,
                   TmRecord   *record)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GParamSpec *pspec;
  g_autofree char *text = NULL;

  g_return_if_fail (TM_IS_FIELD_ROW (self));

  pspec = tm_record_class_find_key (TM_RECORD_GET_CLASS (record), self->key);
  g_return_if_fail (pspec != NULL);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;
  text = value_text (record, pspec);
  tm_field_row_show_text (self, text);
}

/**
 * tm_field_row_apply:
 *
 * Gives what is typed to the record, through its checks; marks the row when
 * they refuse it, and clears the mark when they take it.
 *
 * Returns: whether the record took it
 */
gboolean
tm_field_row_apply (TmFieldRow *self,
                    TmRecord   *record)
{
  GParamSpec *pspec;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (TM_IS_FIELD_ROW (self), FALSE);

  pspec = tm_record_class_find_key (TM_RECORD_GET_CLASS (record), self->key);
  g_return_val_if_fail (pspec != NULL, FALSE);

  if (pspec->value_type == G_TYPE_STRV && !(pspec->flags & TM_PARAM_TERRITORIES))
    {
      g_auto(GStrv) names = tm_strv_from_list_text (typed);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) list = NULL;
      g_autofree char *json = NULL;

      /* Through the same checks as any value: as a JSON list of names. */
      json_builder_begin_array (builder);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
      list = json_builder_get_root (builder);
      json = json_to_string (list, FALSE);
      ok = tm_record_set_from_string (record, self->key, json, &error);
    }
  else
    ok = tm_record_set_from_string (record, self->key, typed, &error);

  tm_field_row_set_error (self, ok ? NULL : error->message);
  return ok;
}
