/* tm-record.h: base class of the catalog's objects
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A property the catalog does not store as a column: computed or joined in. */
#define TM_PARAM_DERIVED (1 << (G_PARAM_USER_SHIFT + 0))
/* A property the program manages (ids, timestamps): never set by KEY=VALUE. */
#define TM_PARAM_MANAGED (1 << (G_PARAM_USER_SHIFT + 1))
/* An int64 holding microseconds since the epoch; shown as RFC 3339. */
#define TM_PARAM_TIMESTAMP (1 << (G_PARAM_USER_SHIFT + 2))
/* Text that must be a date, YYYY-MM-DD. */
#define TM_PARAM_DATE (1 << (G_PARAM_USER_SHIFT + 3))
/* Text that must be an IANA time zone, such as Europe/Berlin. */
#define TM_PARAM_TIMEZONE (1 << (G_PARAM_USER_SHIFT + 4))
/* A list of ISO 3166-1 alpha-2 country codes, kept in upper case. */
#define TM_PARAM_TERRITORIES (1 << (G_PARAM_USER_SHIFT + 5))
/* Text that must be a JSON object. */
#define TM_PARAM_JSON_OBJECT (1 << (G_PARAM_USER_SHIFT + 6))
/* The record's "artists" list joined for display ("A, B & C"); setting it makes
 * the list one artist. */
#define TM_PARAM_ARTISTS_DISPLAY (1 << (G_PARAM_USER_SHIFT + 7))
/* An ISRC: stored as twelve characters, without hyphens, in upper case. */
#define TM_PARAM_ISRC (1 << (G_PARAM_USER_SHIFT + 8))
/* A UPC or EAN with a correct GS1 check digit, stored as digits only. */
#define TM_PARAM_GTIN (1 << (G_PARAM_USER_SHIFT + 9))
/* Text of several lines: newlines and tabs allowed (other controls never are). */
#define TM_PARAM_MULTILINE (1 << (G_PARAM_USER_SHIFT + 10))
/* A language tag (BCP 47, ISO 639 language), kept in canonical case. */
#define TM_PARAM_LANGUAGE (1 << (G_PARAM_USER_SHIFT + 11))
/* A file's path on this computer: any bytes a file name may hold, not text. */
#define TM_PARAM_FILE_PATH (1 << (G_PARAM_USER_SHIFT + 12))

/* The properties of a record: read-write, notified when they change, named
 * with static strings; @flags adds the TM_PARAM_ flags above. */
#define TM_RECORD_PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY \
                               | G_PARAM_STATIC_STRINGS)

GParamSpec *tm_record_param_string  (const char  *name,
                                     GParamFlags  flags);
GParamSpec *tm_record_param_strv    (const char  *name,
                                     GParamFlags  flags);
GParamSpec *tm_record_param_boolean (const char  *name,
                                     GParamFlags  flags);
GParamSpec *tm_record_param_int     (const char  *name,
                                     int          minimum,
                                     int          maximum,
                                     int          fallback,
                                     GParamFlags  flags);
GParamSpec *tm_record_param_int64   (const char  *name,
                                     GParamFlags  flags);
GParamSpec *tm_record_param_enum    (const char  *name,
                                     GType        enum_type,
                                     int          fallback,
                                     GParamFlags  flags);

/* The declarations of a property's getter and setter, in a record type's
 * header: TM_RECORD_DECLARE_ACCESSORS (TmRelease, tm_release, const char *, title)
 * declares tm_release_get_title() and tm_release_set_title(). */
#define TM_RECORD_DECLARE_ACCESSORS(Type, prefix, ctype, name) \
  ctype prefix##_get_##name (Type  *self); \
  void  prefix##_set_##name (Type  *self, \
                             ctype  value);

/* The getter and setter of one property of a record type, for the type's .c
 * file, where its properties[] and PROP_ enum are: for instance
 *   TM_RECORD_DEFINE_ACCESSORS (TmRelease, tm_release, RELEASE,
 *                               const char *, string, title, TITLE)
 * defines tm_release_get_title() and tm_release_set_title(). */
#define TM_RECORD_DEFINE_ACCESSORS(Type, prefix, TYPE, ctype, kind, name, NAME) \
  ctype \
  prefix##_get_##name (Type *self) \
  { \
    g_return_val_if_fail (TM_IS_##TYPE (self), (ctype) 0); \
    return (ctype) tm_record_get_##kind (TM_RECORD (self), properties[PROP_##NAME]); \
  } \
  void \
  prefix##_set_##name (Type  *self, \
                       ctype  value) \
  { \
    g_return_if_fail (TM_IS_##TYPE (self)); \
    tm_record_set_##kind (TM_RECORD (self), properties[PROP_##NAME], value); \
  }

/* The getter and setter of a record type's "artist": its "artists" joined
 * for display ("A, B & C"), and setting it makes them one. */
#define TM_RECORD_DEFINE_ARTIST_ACCESSORS(Type, prefix, TYPE) \
  char * \
  prefix##_get_artist (Type *self) \
  { \
    g_return_val_if_fail (TM_IS_##TYPE (self), NULL); \
    return tm_record_dup_artist (TM_RECORD (self)); \
  } \
  void \
  prefix##_set_artist (Type       *self, \
                       const char *artist) \
  { \
    g_return_if_fail (TM_IS_##TYPE (self)); \
    tm_record_set_artist (TM_RECORD (self), artist); \
  }

#define TM_TYPE_RECORD (tm_record_get_type ())

G_DECLARE_DERIVABLE_TYPE (TmRecord, tm_record, TM, RECORD, GObject)

struct _TmRecordClass
{
  GObjectClass parent_class;

  /*< private >*/
  GParamSpec **record_props;   /* the subclass's properties, in installation order */
  guint        n_record_props;
  GValue      *record_defaults; /* their defaults; G_TYPE_INVALID where it is the zero value */
  GValue      *record_zeros;    /* their types' zero values, which records start from */
  gpointer     padding[2];
};

void         tm_record_class_install_properties (TmRecordClass  *klass,
                                                 guint           n_pspecs,
                                                 GParamSpec    **pspecs);
GParamSpec **tm_record_class_list_properties    (TmRecordClass  *klass,
                                                 guint          *n_props);
GParamSpec  *tm_record_class_find_key           (TmRecordClass  *klass,
                                                 const char     *key);
char        *tm_record_key_for_pspec            (GParamSpec     *pspec);
GParamSpec  *tm_record_param_spec_list          (const char     *name,
                                                 GType           item_type);
GType        tm_record_param_spec_get_item_type (GParamSpec     *pspec);

GStrv        tm_strv_from_list_text             (const char     *text);
char        *tm_record_dup_artist               (TmRecord       *self);
void         tm_record_set_artist               (TmRecord       *self,
                                                 const char     *artist);

gint64       tm_record_get_id                   (TmRecord       *self);
void         tm_record_set_id                   (TmRecord       *self,
                                                 gint64          id);

/* Typed access to the subclass's property slots. The setters notify only on change. */
const GValue *tm_record_peek_value              (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_load_value               (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 const GValue   *value);
GValue      *tm_record_load_slot                (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_load_id                  (TmRecord       *self,
                                                 gint64          id);
gpointer     tm_record_copy                     (TmRecord       *self);
void         tm_record_assign                   (TmRecord       *self,
                                                 TmRecord       *source);
gboolean     tm_record_set_value                (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 const GValue   *value);
const char  *tm_record_get_string               (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_string               (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 const char     *value);
const char * const *tm_record_get_strv          (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_strv                 (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 const char * const *value);
gint64       tm_record_get_int                  (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_int                  (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 gint64          value);
double       tm_record_get_double               (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_double               (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 double          value);
gboolean     tm_record_get_boolean              (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_boolean              (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 gboolean        value);
int          tm_record_get_enum                 (TmRecord       *self,
                                                 GParamSpec     *pspec);
void         tm_record_set_enum                 (TmRecord       *self,
                                                 GParamSpec     *pspec,
                                                 int             value);
gpointer     tm_record_get_object               (TmRecord       *self,
                                                 GParamSpec     *pspec);

/* Text forms used by the CLI and the JSON output. */
gboolean     tm_record_set_from_string          (TmRecord       *self,
                                                 const char     *key,
                                                 const char     *text,
                                                 GError        **error);
JsonNode    *tm_record_to_json                  (TmRecord       *self);
gboolean     tm_record_update_from_json         (TmRecord       *self,
                                                 JsonObject     *object,
                                                 GError        **error);

char        *tm_format_timestamp                (gint64          usec);
gboolean     tm_parse_timestamp                 (const char     *text,
                                                 gint64         *usec);

gboolean      tm_record_check_text             (TmRecord       *self,
                                                GError        **error);

G_END_DECLS
