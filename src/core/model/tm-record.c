/* tm-record.c: property slots, change notification and text forms shared by the model
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "tm-enums.h"
#include "tm-identifiers.h"
#include "tm-language.h"
#include "tm-record.h"
#include "tm-json.h"
#include "tm-text.h"

typedef struct
{
  gint64  id;
  GValue *values;     /* one per property of the final class, indexed by property id - 1 */
  guint   n_values;
} TmRecordPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TmRecord, tm_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Slots are made on first use: while the base class's init runs, the instance still
 * has the base class, so the final class's properties are not known yet. */
static GValue *
get_slot (TmRecord   *self,
          GParamSpec *pspec)
{
  TmRecordPrivate *priv = tm_record_get_instance_private (self);

  if (priv->values == NULL)
    {
      TmRecordClass *klass = TM_RECORD_GET_CLASS (self);

      /* A catalog listing makes tens of thousands of records: the slots start
       * as a copy of the class's zero values (which own nothing, so the bytes
       * are the value; g_value_init() would look up each type's value table
       * under GType's lock), and only the few other defaults are copied. */
      priv->n_values = klass->n_record_props;
      priv->values = g_memdup2 (klass->record_zeros, sizeof (GValue) * priv->n_values);
      for (guint i = 0; i < priv->n_values; i++)
        if (G_VALUE_TYPE (&klass->record_defaults[i]) != G_TYPE_INVALID)
          g_value_copy (&klass->record_defaults[i], &priv->values[i]);
    }

  g_return_val_if_fail (pspec->param_id >= 1 && pspec->param_id <= priv->n_values, NULL);

  return &priv->values[pspec->param_id - 1];
}

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;

  if (type == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);
      static const char * const empty[] = { NULL };

      return g_strv_equal (sa ? sa : empty, sb ? sb : empty);
    }

  if (G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type))
    return g_value_get_object (a) == g_value_get_object (b);

  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
tm_record_finalize (GObject *object)
{
  TmRecordPrivate *priv = tm_record_get_instance_private (TM_RECORD (object));

  for (guint i = 0; i < priv->n_values; i++)
    g_value_unset (&priv->values[i]);
  g_clear_pointer (&priv->values, g_free);

  G_OBJECT_CLASS (tm_record_parent_class)->finalize (object);
}

static GParamSpec *
find_artists (TmRecord *self)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), "artists");

  g_return_val_if_fail (pspec != NULL && pspec->value_type == G_TYPE_STRV, NULL);
  return pspec;
}

/**
 * tm_record_dup_artist:
 *
 * Returns: (transfer full) (nullable): the record's artists joined for display,
 *   "A, B & C"
 */
char *
tm_record_dup_artist (TmRecord *self)
{
  const char * const *artists;
  GString *s;
  guint n;

  g_return_val_if_fail (TM_IS_RECORD (self), NULL);

  artists = tm_record_get_strv (self, find_artists (self));
  n = g_strv_length ((char **) artists);
  if (n == 0)
    return NULL;

  s = g_string_new (artists[0]);
  for (guint i = 1; i < n; i++)
    g_string_append_printf (s, "%s%s", i + 1 == n ? " & " : ", ", artists[i]);

  return g_string_free (s, FALSE);
}

/**
 * tm_record_set_artist:
 *
 * Makes @artist the record's one artist; %NULL or blank clears the list.
 */
void
tm_record_set_artist (TmRecord   *self,
                      const char *artist)
{
  g_autofree char *stripped = g_strstrip (g_strdup (artist ? artist : ""));
  const char *one[] = { stripped, NULL };

  g_return_if_fail (TM_IS_RECORD (self));

  tm_record_set_strv (self, find_artists (self), *stripped ? one : NULL);
}

static void
tm_record_notify (GObject    *object,
                  GParamSpec *pspec)
{
  /* The display form changes with the list it shows. */
  if (g_str_equal (pspec->name, "artists"))
    {
      GParamSpec *artist = g_object_class_find_property (G_OBJECT_GET_CLASS (object), "artist");

      if (artist != NULL && (artist->flags & TM_PARAM_ARTISTS_DISPLAY))
        g_object_notify_by_pspec (object, artist);
    }

  if (G_OBJECT_CLASS (tm_record_parent_class)->notify != NULL)
    G_OBJECT_CLASS (tm_record_parent_class)->notify (object, pspec);
}

static void
tm_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TmRecord *self = TM_RECORD (object);

  if (pspec->owner_type == TM_TYPE_RECORD)
    {
      if (prop_id == PROP_ID)
        g_value_set_int64 (value, tm_record_get_id (self));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (pspec->flags & TM_PARAM_ARTISTS_DISPLAY)
    g_value_take_string (value, tm_record_dup_artist (self));
  else
    g_value_copy (get_slot (self, pspec), value);
}

static void
tm_record_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TmRecord *self = TM_RECORD (object);

  if (pspec->owner_type == TM_TYPE_RECORD)
    {
      if (prop_id == PROP_ID)
        tm_record_set_id (self, g_value_get_int64 (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (pspec->flags & TM_PARAM_ARTISTS_DISPLAY)
    tm_record_set_artist (self, g_value_get_string (value));
  else
    tm_record_set_value (self, pspec, value);
}

static void
tm_record_class_init (TmRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_record_finalize;
  object_class->notify = tm_record_notify;
  object_class->get_property = tm_record_get_property;
  object_class->set_property = tm_record_set_property;

  /* The catalog's row id; 0 until the record has been stored. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_DERIVED);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_record_init (TmRecord *self)
{
}

/**
 * tm_record_class_install_properties:
 * @klass: a subclass of #TmRecord
 * @n_pspecs: the length of @pspecs, including the unused element 0
 * @pspecs: (array length=n_pspecs): the subclass's properties
 *
 * Installs the properties like g_object_class_install_properties() and keeps their
 * order, which is the order of JSON output and of the catalog's columns.
 */
void
tm_record_class_install_properties (TmRecordClass  *klass,
                                    guint           n_pspecs,
                                    GParamSpec    **pspecs)
{
  g_return_if_fail (TM_IS_RECORD_CLASS (klass));
  g_return_if_fail (n_pspecs >= 1 && pspecs[0] == NULL);

  /* GObject does not pass these vfuncs on to subclasses; ours serve every slot. */
  if (G_OBJECT_CLASS (klass)->get_property == NULL)
    G_OBJECT_CLASS (klass)->get_property = tm_record_get_property;
  if (G_OBJECT_CLASS (klass)->set_property == NULL)
    G_OBJECT_CLASS (klass)->set_property = tm_record_set_property;

  g_object_class_install_properties (G_OBJECT_CLASS (klass), n_pspecs, pspecs);
  klass->record_props = g_new (GParamSpec *, n_pspecs - 1);
  klass->n_record_props = n_pspecs - 1;
  memcpy (klass->record_props, pspecs + 1, sizeof (GParamSpec *) * (n_pspecs - 1));

  /* The zero values every record starts from, and the defaults that are not
   * the zero value, kept to copy. A zero value owns nothing (no string, boxed
   * or object: its data is all zeros), so its bytes can be copied. */
  klass->record_zeros = g_new0 (GValue, n_pspecs - 1);
  klass->record_defaults = g_new0 (GValue, n_pspecs - 1);
  for (guint i = 0; i < klass->n_record_props; i++)
    {
      GParamSpec *p = klass->record_props[i];
      GValue *zero = &klass->record_zeros[i];

      g_value_init (zero, p->value_type);
      g_assert (zero->data[0].v_uint64 == 0 && zero->data[1].v_uint64 == 0);
      g_value_init (&klass->record_defaults[i], p->value_type);
      g_param_value_set_default (p, &klass->record_defaults[i]);
      if (g_param_values_cmp (p, zero, &klass->record_defaults[i]) == 0)
        g_value_unset (&klass->record_defaults[i]);
    }
}

GParamSpec **
tm_record_class_list_properties (TmRecordClass *klass,
                                 guint         *n_props)
{
  g_return_val_if_fail (TM_IS_RECORD_CLASS (klass), NULL);

  *n_props = klass->n_record_props;
  return klass->record_props;
}

char *
tm_record_key_for_pspec (GParamSpec *pspec)
{
  char *key = g_strdup (pspec->name);

  g_strdelimit (key, "-", '_');
  return key;
}

GParamSpec *
tm_record_class_find_key (TmRecordClass *klass,
                          const char    *key)
{
  g_autofree char *name = NULL;
  GParamSpec *pspec;

  g_return_val_if_fail (TM_IS_RECORD_CLASS (klass), NULL);

  if (key == NULL)
    return NULL;

  name = g_strdup (key);
  g_strdelimit (name, "_", '-');
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), name);
  if (pspec != NULL && pspec->owner_type == G_TYPE_OBJECT)
    return NULL;

  return pspec;
}

/* Property constructors, each with TM_RECORD_PARAM_FLAGS and @flags. */

GParamSpec *
tm_record_param_string (const char  *name,
                        GParamFlags  flags)
{
  return g_param_spec_string (name, NULL, NULL, NULL, TM_RECORD_PARAM_FLAGS | flags);
}

GParamSpec *
tm_record_param_strv (const char  *name,
                      GParamFlags  flags)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV, TM_RECORD_PARAM_FLAGS | flags);
}

GParamSpec *
tm_record_param_boolean (const char  *name,
                         GParamFlags  flags)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE, TM_RECORD_PARAM_FLAGS | flags);
}

GParamSpec *
tm_record_param_int (const char  *name,
                     int          minimum,
                     int          maximum,
                     int          fallback,
                     GParamFlags  flags)
{
  return g_param_spec_int (name, NULL, NULL, minimum, maximum, fallback,
                           TM_RECORD_PARAM_FLAGS | flags);
}

/* From 0 to G_MAXINT64, 0 by default: ids, sizes, counts, times. */
GParamSpec *
tm_record_param_int64 (const char  *name,
                       GParamFlags  flags)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0, TM_RECORD_PARAM_FLAGS | flags);
}

GParamSpec *
tm_record_param_enum (const char  *name,
                      GType        enum_type,
                      int          fallback,
                      GParamFlags  flags)
{
  return g_param_spec_enum (name, NULL, NULL, enum_type, fallback, TM_RECORD_PARAM_FLAGS | flags);
}

/**
 * tm_record_param_spec_list:
 *
 * A read-write #GListModel property whose items are @item_type records; JSON and
 * KEY=VALUE give it as an array of objects.
 */
GParamSpec *
tm_record_param_spec_list (const char *name,
                           GType       item_type)
{
  GParamSpec *pspec = g_param_spec_object (name, NULL, NULL, G_TYPE_LIST_MODEL,
                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                           | G_PARAM_STATIC_STRINGS | TM_PARAM_DERIVED);

  g_param_spec_set_qdata (pspec, g_quark_from_static_string ("tm-item-type"),
                          GSIZE_TO_POINTER (item_type));
  return pspec;
}

GType
tm_record_param_spec_get_item_type (GParamSpec *pspec)
{
  return (GType) GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec,
                                     g_quark_from_static_string ("tm-item-type")));
}

gint64
tm_record_get_id (TmRecord *self)
{
  TmRecordPrivate *priv = tm_record_get_instance_private (self);

  g_return_val_if_fail (TM_IS_RECORD (self), 0);

  return priv->id;
}

void
tm_record_set_id (TmRecord *self,
                  gint64    id)
{
  TmRecordPrivate *priv = tm_record_get_instance_private (self);

  g_return_if_fail (TM_IS_RECORD (self));

  if (priv->id == id)
    return;

  priv->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const GValue *
tm_record_peek_value (TmRecord   *self,
                      GParamSpec *pspec)
{
  g_return_val_if_fail (TM_IS_RECORD (self), NULL);

  return get_slot (self, pspec);
}

/**
 * tm_record_load_value:
 *
 * Fills the slot of @pspec without notifying: for code that builds a new record
 * (the catalog's loaders, instance init), before anyone watches it.
 */
void
tm_record_load_value (TmRecord     *self,
                      GParamSpec   *pspec,
                      const GValue *value)
{
  GValue *slot;

  g_return_if_fail (TM_IS_RECORD (self));

  slot = get_slot (self, pspec);
  g_value_copy (value, g_value_reset (slot));
}

/**
 * tm_record_load_slot:
 *
 * Returns: (transfer none): the slot of @pspec, to fill with g_value_set_*()
 *   without notifying: for the catalog's loaders, which make thousands of
 *   records before anyone watches them
 */
GValue *
tm_record_load_slot (TmRecord   *self,
                     GParamSpec *pspec)
{
  g_return_val_if_fail (TM_IS_RECORD (self), NULL);

  return get_slot (self, pspec);
}

/**
 * tm_record_load_id:
 *
 * Gives a new record its id without notifying, as tm_record_load_slot().
 */
void
tm_record_load_id (TmRecord *self,
                   gint64    id)
{
  TmRecordPrivate *priv = tm_record_get_instance_private (self);

  g_return_if_fail (TM_IS_RECORD (self));

  priv->id = id;
}

/**
 * tm_record_assign:
 * @source: a record of the same type
 *
 * Gives @self the id and the values of @source, notifying what changed. Lists of
 * child records are left alone.
 */
void
tm_record_assign (TmRecord *self,
                  TmRecord *source)
{
  TmRecordClass *klass;

  g_return_if_fail (TM_IS_RECORD (self));
  g_return_if_fail (G_OBJECT_TYPE (self) == G_OBJECT_TYPE (source));

  klass = TM_RECORD_GET_CLASS (self);
  g_object_freeze_notify (G_OBJECT (self));
  tm_record_set_id (self, tm_record_get_id (source));
  for (guint i = 0; i < klass->n_record_props; i++)
    {
      GParamSpec *pspec = klass->record_props[i];

      if (pspec->value_type != G_TYPE_LIST_MODEL)
        tm_record_set_value (self, pspec, get_slot (source, pspec));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tm_record_copy:
 *
 * A record of the same type with the id and every value of @self, lists of
 * child records copied too: a snapshot that shares nothing with @self.
 *
 * Returns: (transfer full): the copy
 */
gpointer
tm_record_copy (TmRecord *self)
{
  TmRecordClass *klass;
  TmRecord *copy;

  g_return_val_if_fail (TM_IS_RECORD (self), NULL);

  klass = TM_RECORD_GET_CLASS (self);
  copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  tm_record_set_id (copy, tm_record_get_id (self));
  for (guint i = 0; i < klass->n_record_props; i++)
    {
      GParamSpec *pspec = klass->record_props[i];

      if (pspec->value_type == G_TYPE_LIST_MODEL
          && g_value_get_object (get_slot (self, pspec)) != NULL)
        {
          GListModel *items = g_value_get_object (get_slot (self, pspec));
          GType item_type = tm_record_param_spec_get_item_type (pspec);
          g_autoptr(GListStore) store = g_list_store_new (item_type);
          g_auto(GValue) value = G_VALUE_INIT;
          guint n = g_list_model_get_n_items (items);

          for (guint k = 0; k < n; k++)
            {
              g_autoptr(TmRecord) item = g_list_model_get_item (items, k);
              g_autoptr(TmRecord) item_copy = tm_record_copy (item);

              g_list_store_append (store, item_copy);
            }
          g_value_init (&value, G_TYPE_LIST_MODEL);
          g_value_set_object (&value, store);
          tm_record_set_value (copy, pspec, &value);
        }
      else
        tm_record_set_value (copy, pspec, get_slot (self, pspec));
    }
  return copy;
}

/**
 * tm_record_set_value:
 *
 * Sets the slot of @pspec, notifying when the value changed.
 *
 * Returns: %TRUE if the value changed
 */
gboolean
tm_record_set_value (TmRecord     *self,
                     GParamSpec   *pspec,
                     const GValue *value)
{
  GValue *slot;

  g_return_val_if_fail (TM_IS_RECORD (self), FALSE);

  slot = get_slot (self, pspec);
  if (values_equal (pspec, slot, value))
    return FALSE;

  g_value_copy (value, g_value_reset (slot));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

const char *
tm_record_get_string (TmRecord   *self,
                      GParamSpec *pspec)
{
  return g_value_get_string (get_slot (self, pspec));
}

void
tm_record_set_string (TmRecord   *self,
                      GParamSpec *pspec,
                      const char *value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_static_string (&v, value);
  tm_record_set_value (self, pspec, &v);
}

const char * const *
tm_record_get_strv (TmRecord   *self,
                    GParamSpec *pspec)
{
  static const char * const empty[] = { NULL };
  const char * const *strv = g_value_get_boxed (get_slot (self, pspec));

  return strv != NULL ? strv : empty;
}

void
tm_record_set_strv (TmRecord            *self,
                    GParamSpec          *pspec,
                    const char * const  *value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRV);
  g_value_set_static_boxed (&v, value);
  tm_record_set_value (self, pspec, &v);
}

gint64
tm_record_get_int (TmRecord   *self,
                   GParamSpec *pspec)
{
  const GValue *v = get_slot (self, pspec);

  switch (G_VALUE_TYPE (v))
    {
    case G_TYPE_INT: return g_value_get_int (v);
    case G_TYPE_UINT: return g_value_get_uint (v);
    case G_TYPE_INT64: return g_value_get_int64 (v);
    default: g_return_val_if_reached (0);
    }
}

void
tm_record_set_int (TmRecord   *self,
                   GParamSpec *pspec,
                   gint64      value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, pspec->value_type);
  switch (pspec->value_type)
    {
    case G_TYPE_INT: g_value_set_int (&v, (int) value); break;
    case G_TYPE_UINT: g_value_set_uint (&v, (guint) value); break;
    case G_TYPE_INT64: g_value_set_int64 (&v, value); break;
    default: g_return_if_reached ();
    }
  tm_record_set_value (self, pspec, &v);
}

double
tm_record_get_double (TmRecord   *self,
                      GParamSpec *pspec)
{
  return g_value_get_double (get_slot (self, pspec));
}

void
tm_record_set_double (TmRecord   *self,
                      GParamSpec *pspec,
                      double      value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, value);
  tm_record_set_value (self, pspec, &v);
}

gboolean
tm_record_get_boolean (TmRecord   *self,
                       GParamSpec *pspec)
{
  return g_value_get_boolean (get_slot (self, pspec));
}

void
tm_record_set_boolean (TmRecord   *self,
                       GParamSpec *pspec,
                       gboolean    value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_BOOLEAN);
  g_value_set_boolean (&v, !!value);
  tm_record_set_value (self, pspec, &v);
}

int
tm_record_get_enum (TmRecord   *self,
                    GParamSpec *pspec)
{
  return g_value_get_enum (get_slot (self, pspec));
}

void
tm_record_set_enum (TmRecord   *self,
                    GParamSpec *pspec,
                    int         value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, pspec->value_type);
  g_value_set_enum (&v, value);
  tm_record_set_value (self, pspec, &v);
}

gpointer
tm_record_get_object (TmRecord   *self,
                      GParamSpec *pspec)
{
  return g_value_get_object (get_slot (self, pspec));
}

/* Text and JSON forms */

char *
tm_format_timestamp (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return NULL;

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
tm_parse_timestamp (const char *text,
                    gint64     *usec)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "1", "on", NULL };
  static const char * const no[] = { "false", "no", "0", "off", "", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (g_strv_contains (yes, lower))
    *out = TRUE;
  else if (g_strv_contains (no, lower))
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static gboolean
invalid_value (GError     **error,
               const char  *key,
               const char  *text,
               const char  *expected)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a valid value for %s: expected %s"), text, key, expected);
  return FALSE;
}

/* No field holds an invisible control character (tm-text.c); the error names it. */
static gboolean
check_text (GParamSpec  *pspec,
            const char  *key,
            const char  *text,
            GError     **error)
{
  g_autofree char *field = g_strdup_printf (_("The field “%s”"), key);

  return tm_text_check (field, text, (pspec->flags & TM_PARAM_MULTILINE) != 0, error);
}

/**
 * tm_record_check_text:
 *
 * Whether every text of @self (but file paths) is free of the characters no
 * field may hold; an error names the first field that is not. For what was
 * set without tm_record_set_from_string().
 */
gboolean
tm_record_check_text (TmRecord  *self,
                      GError   **error)
{
  guint n_props;
  GParamSpec **props = tm_record_class_list_properties (TM_RECORD_GET_CLASS (self), &n_props);

  for (guint i = 0; i < n_props; i++)
    {
      GParamSpec *pspec = props[i];
      const GValue *value = tm_record_peek_value (self, pspec);
      g_autofree char *key = NULL;

      if ((pspec->flags & (TM_PARAM_FILE_PATH | TM_PARAM_MANAGED | TM_PARAM_DERIVED)) != 0)
        continue;
      key = tm_record_key_for_pspec (pspec);
      if (pspec->value_type == G_TYPE_STRING
          && !check_text (pspec, key, g_value_get_string (value), error))
        return FALSE;
      if (pspec->value_type == G_TYPE_STRV)
        {
          const char * const *items = g_value_get_boxed (value);

          for (guint k = 0; items != NULL && items[k] != NULL; k++)
            if (!check_text (pspec, key, items[k], error))
              return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_string_format (GParamSpec  *pspec,
                     const char  *key,
                     const char  *text,
                     GError     **error)
{
  if (pspec->flags & TM_PARAM_DATE)
    {
      unsigned y, m, d;
      char tail;

      if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3
          || !g_date_valid_dmy (d, m, y))
        return invalid_value (error, key, text, _("a date as YYYY-MM-DD"));
    }

  if (pspec->flags & TM_PARAM_TIMEZONE)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (text);

      if (tz == NULL)
        return invalid_value (error, key, text, _("a time zone such as Europe/Berlin or UTC"));
    }

  if (pspec->flags & TM_PARAM_JSON_OBJECT)
    {
      g_autoptr(JsonNode) node = tm_json_parse (text, strlen (text), key, NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return invalid_value (error, key, text, _("a JSON object"));
    }

  return TRUE;
}

static gboolean
is_country_code (const char *code)
{
  return strlen (code) == 2 && g_ascii_isalpha (code[0]) && g_ascii_isalpha (code[1]);
}

static gboolean value_from_json (GParamSpec  *pspec,
                                 const char  *key,
                                 JsonNode    *node,
                                 GValue      *value,
                                 GError     **error);

/* Parses @text into @value (initialised to the pspec's type) for scalar types. */
static gboolean
value_from_text (GParamSpec  *pspec,
                 const char  *key,
                 const char  *text,
                 GValue      *value,
                 GError     **error)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (!g_utf8_validate (text, -1, NULL))
        return invalid_value (error, key, "…", _("UTF-8 text"));
      if (!(pspec->flags & TM_PARAM_FILE_PATH) && !check_text (pspec, key, text, error))
        return FALSE;
      if ((pspec->flags & TM_PARAM_LANGUAGE) && *stripped)
        {
          g_autofree char *tag = tm_language_tag_normalize (stripped, error);

          if (tag == NULL)
            return FALSE;
          g_value_set_string (value, tag);
          return TRUE;
        }
      if ((pspec->flags & TM_PARAM_ISRC) && *stripped)
        {
          g_autofree char *isrc = tm_isrc_normalize (stripped);

          if (!tm_isrc_validate (isrc, error))
            return FALSE;
          g_value_set_string (value, isrc);
          return TRUE;
        }
      if ((pspec->flags & TM_PARAM_GTIN) && *stripped)
        {
          g_autofree char *gtin = tm_gtin_normalize (stripped);

          if (!tm_gtin_validate (gtin, error))
            return FALSE;
          g_value_set_string (value, gtin);
          return TRUE;
        }
      if (*stripped && !check_string_format (pspec, key, stripped, error))
        return FALSE;
      g_value_set_string (value, *stripped ? stripped : NULL);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      gboolean b;

      if (!parse_boolean (text, &b))
        return invalid_value (error, key, text, _("true or false"));
      g_value_set_boolean (value, b);
    }
  else if (type == G_TYPE_INT || type == G_TYPE_UINT || type == G_TYPE_INT64)
    {
      gint64 n = 0;
      g_autofree char *range = NULL;

      if (*text != '\0' && !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &n, NULL))
        return invalid_value (error, key, text, _("a whole number"));

      if (type == G_TYPE_INT)
        {
          GParamSpecInt *ip = G_PARAM_SPEC_INT (pspec);
          if (n < ip->minimum || n > ip->maximum)
            range = g_strdup_printf (_("a whole number from %d to %d"), ip->minimum, ip->maximum);
          else
            g_value_set_int (value, (int) n);
        }
      else if (type == G_TYPE_UINT)
        {
          GParamSpecUInt *up = G_PARAM_SPEC_UINT (pspec);
          if (n < up->minimum || n > up->maximum)
            range = g_strdup_printf (_("a whole number from %u to %u"), up->minimum, up->maximum);
          else
            g_value_set_uint (value, (guint) n);
        }
      else
        {
          GParamSpecInt64 *lp = G_PARAM_SPEC_INT64 (pspec);
          if (n < lp->minimum || n > lp->maximum)
            range = g_strdup_printf (_("a whole number from %" G_GINT64_FORMAT " to %"
                                       G_GINT64_FORMAT), lp->minimum, lp->maximum);
          else
            g_value_set_int64 (value, n);
        }

      if (range != NULL)
        return invalid_value (error, key, text, range);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      GParamSpecDouble *dp = G_PARAM_SPEC_DOUBLE (pspec);
      char *end = NULL;
      double d = *text ? g_ascii_strtod (text, &end) : 0;

      if ((*text && (end == NULL || *end != '\0')) || d < dp->minimum || d > dp->maximum)
        {
          g_autofree char *expected = g_strdup_printf (_("a number from %g to %g"),
                                                       dp->minimum, dp->maximum);
          return invalid_value (error, key, text, expected);
        }
      g_value_set_double (value, d);
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      int e;

      if (!tm_enum_from_nick (type, text, &e))
        {
          g_autofree char *nicks = tm_enum_list_nicks (type);
          return invalid_value (error, key, text, nicks);
        }
      g_value_set_enum (value, e);
    }
  else if (type == G_TYPE_STRV || G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type))
    {
      g_autoptr(JsonNode) node = NULL;

      if (type == G_TYPE_STRV && text[0] != '[')
        {
          /* A plain value is a list of one, so `artists=Name` does what it says. */
          g_autoptr(JsonArray) array = json_array_new ();

          /* Country codes are short enough to list with spaces or commas. */
          if (pspec->flags & TM_PARAM_TERRITORIES)
            {
              g_auto(GStrv) codes = g_strsplit_set (text, " ,;", -1);
              for (guint i = 0; codes[i] != NULL; i++)
                json_array_add_string_element (array, codes[i]);
            }
          else
            json_array_add_string_element (array, text);

          node = json_node_init_array (json_node_alloc (), array);
          return value_from_json (pspec, key, node, value, error);
        }

      /* JSON that cannot be taken (a NUL, nested too deep) is said as such. */
      if (*text != '\0')
        {
          g_autofree char *field = g_strdup_printf (_("The field “%s”"), key);

          if (!tm_json_check (text, strlen (text), field, error))
            return FALSE;
          node = tm_json_parse (text, strlen (text), key, NULL);
        }
      else
        {
          g_autoptr(JsonArray) empty = json_array_new ();

          node = json_node_init_array (json_node_alloc (), empty);
        }
      if (node == NULL)
        return invalid_value (error, key, text, _("a JSON array"));
      return value_from_json (pspec, key, node, value, error);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s cannot be set from text"), key);
      return FALSE;
    }

  return TRUE;
}

static gboolean
value_from_json (GParamSpec  *pspec,
                 const char  *key,
                 JsonNode    *node,
                 GValue      *value,
                 GError     **error)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRV)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      JsonArray *array;

      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_value_set_boxed (value, NULL);
          return TRUE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_value (error, key, "…", _("an array of text"));

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *item = NULL;

          if (!JSON_NODE_HOLDS_VALUE (element)
              || json_node_get_value_type (element) != G_TYPE_STRING)
            return invalid_value (error, key, "…", _("an array of text"));

          if (!check_text (pspec, key, json_node_get_string (element), error))
            return FALSE;
          item = g_strstrip (g_strdup (json_node_get_string (element)));
          if ((pspec->flags & TM_PARAM_TERRITORIES) && *item)
            {
              if (!is_country_code (item))
                return invalid_value (error, key, item, _("ISO 3166-1 country codes such as DE"));
              for (char *p = item; *p; p++)
                *p = g_ascii_toupper (*p);
            }
          if (*item)
            g_strv_builder_add (builder, item);
        }
      strv = g_strv_builder_end (builder);
      g_value_set_boxed (value, strv);
      return TRUE;
    }

  if (type == G_TYPE_LIST_MODEL)
    {
      g_autoptr(GListStore) store = NULL;
      GType item_type = tm_record_param_spec_get_item_type (pspec);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid_value (error, key, "…", _("an array of objects"));
      g_return_val_if_fail (g_type_is_a (item_type, TM_TYPE_RECORD), FALSE);

      store = g_list_store_new (item_type);
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(TmRecord) item = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            return invalid_value (error, key, "…", _("an array of objects"));

          item = g_object_new (item_type, NULL);
          if (!tm_record_update_from_json (item, json_node_get_object (element), error))
            {
              g_prefix_error (error, "%s[%u]: ", key, i);
              return FALSE;
            }
          g_list_store_append (store, item);
        }
      g_value_set_object (value, store);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    return value_from_text (pspec, key, "", value, error);

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType vt = json_node_get_value_type (node);
      g_autofree char *text = NULL;

      if (vt == G_TYPE_STRING)
        return value_from_text (pspec, key, json_node_get_string (node), value, error);
      if (vt == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      else if (vt == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          text = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
        }
      return value_from_text (pspec, key, text, value, error);
    }

  return invalid_value (error, key, "…", g_type_name (type));
}

static GParamSpec *
find_settable (TmRecord    *self,
               const char  *key,
               GError     **error)
{
  GParamSpec *pspec = tm_record_class_find_key (TM_RECORD_GET_CLASS (self), key);

  if (pspec == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown field “%s” for a %s"), key,
                   G_OBJECT_TYPE_NAME (self) + 2 /* "Tm" */);
      return NULL;
    }

  if ((pspec->flags & TM_PARAM_MANAGED) || !(pspec->flags & G_PARAM_WRITABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” is kept by TuneMantra and cannot be set"), key);
      return NULL;
    }

  return pspec;
}

/**
 * tm_record_set_from_string:
 * @key: a property name, with `_` or `-`
 * @text: the value as text; an empty string clears it
 *
 * Sets a property from the text a user typed (CLI `KEY=VALUE`). Lists take a
 * JSON array, or a single plain value.
 */
gboolean
tm_record_set_from_string (TmRecord    *self,
                           const char  *key,
                           const char  *text,
                           GError     **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GParamSpec *pspec;

  g_return_val_if_fail (TM_IS_RECORD (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!(pspec = find_settable (self, key, error)))
    return FALSE;

  g_value_init (&value, pspec->value_type);
  if (!value_from_text (pspec, key, text, &value, error))
    return FALSE;

  g_object_set_property (G_OBJECT (self), pspec->name, &value);
  return TRUE;
}

gboolean
tm_record_update_from_json (TmRecord    *self,
                            JsonObject  *object,
                            GError     **error)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (TM_IS_RECORD (self), FALSE);

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_auto(GValue) value = G_VALUE_INIT;
      GParamSpec *pspec;

      if (!(pspec = find_settable (self, key, error)))
        return FALSE;

      g_value_init (&value, pspec->value_type);
      if (!value_from_json (pspec, key, json_object_get_member (object, key), &value, error))
        return FALSE;

      g_object_set_property (G_OBJECT (self), pspec->name, &value);
    }

  return TRUE;
}

static JsonNode *
value_to_json (GParamSpec   *pspec,
               const GValue *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    {
      const char *s = g_value_get_string (value);
      if (s == NULL)
        json_node_init_null (node);
      else
        json_node_set_string (node, s);
    }
  else if (type == G_TYPE_BOOLEAN)
    json_node_set_boolean (node, g_value_get_boolean (value));
  else if (type == G_TYPE_INT)
    json_node_set_int (node, g_value_get_int (value));
  else if (type == G_TYPE_UINT)
    json_node_set_int (node, g_value_get_uint (value));
  else if (type == G_TYPE_INT64 && (pspec->flags & TM_PARAM_TIMESTAMP))
    {
      g_autofree char *s = tm_format_timestamp (g_value_get_int64 (value));
      if (s == NULL)
        json_node_init_null (node);
      else
        json_node_set_string (node, s);
    }
  else if (type == G_TYPE_INT64)
    json_node_set_int (node, g_value_get_int64 (value));
  else if (type == G_TYPE_DOUBLE)
    json_node_set_double (node, g_value_get_double (value));
  else if (G_TYPE_IS_ENUM (type))
    json_node_set_string (node, tm_enum_to_nick (type, g_value_get_enum (value)));
  else if (type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);
      JsonArray *array = json_array_new ();

      for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        json_array_add_string_element (array, strv[i]);
      json_node_init_array (node, array);
      json_array_unref (array);
    }
  else if (type == G_TYPE_LIST_MODEL)
    {
      GListModel *model = g_value_get_object (value);
      JsonArray *array = json_array_new ();
      guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmRecord) item = g_list_model_get_item (model, i);
          json_array_add_element (array, tm_record_to_json (item));
        }
      json_node_init_array (node, array);
      json_array_unref (array);
    }
  else
    json_node_init_null (node);

  return node;
}

/**
 * tm_record_to_json:
 *
 * Returns: (transfer full): a JSON object with the id and every property, keyed by
 *   the property name with `_` for `-`
 */
JsonNode *
tm_record_to_json (TmRecord *self)
{
  TmRecordClass *klass;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (TM_IS_RECORD (self), NULL);

  klass = TM_RECORD_GET_CLASS (self);
  object = json_object_new ();
  json_object_set_int_member (object, "id", tm_record_get_id (self));

  for (guint i = 0; i < klass->n_record_props; i++)
    {
      GParamSpec *pspec = klass->record_props[i];
      g_autofree char *key = tm_record_key_for_pspec (pspec);
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (self), pspec->name, &value);
      json_object_set_member (object, key, value_to_json (pspec, &value));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/**
 * tm_strv_from_list_text:
 * @text: names separated by commas, as a person types them
 *
 * Returns: (transfer full): the names, trimmed, without empty ones
 */
GStrv
tm_strv_from_list_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}
