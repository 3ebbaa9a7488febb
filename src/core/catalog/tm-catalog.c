/* tm-catalog.c: the SQLite store of releases, platforms and deliveries
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Threads: a TmCatalog is one SQLite connection and belongs to the thread that
 * opened it. A worker thread that needs the catalog opens its own TmCatalog on the
 * same file; WAL lets readers and one writer work at once, and the busy timeout
 * makes writers wait for each other. Every write is one BEGIN IMMEDIATE
 * transaction, so a status change and its history row are stored together or not
 * at all. Other connections' commits are noticed through PRAGMA data_version. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-catalog-private.h"
#include "tm-json.h"
#include "tm-text.h"

typedef struct
{
  TmCatalogChange change;
  gint64          release_id;
} PendingChange;

G_DEFINE_FINAL_TYPE (TmCatalog, tm_catalog, G_TYPE_OBJECT)

/* What a front end needs to offer the way out of an error: the newest backup of
 * a damaged catalog. */
typedef struct
{
  char       *backup;
  const char *missing;     /* "platform" for a name no platform has */
} TmCatalogErrorPrivate;

static void
tm_catalog_error_private_init (TmCatalogErrorPrivate *priv)
{
}

static void
tm_catalog_error_private_copy (const TmCatalogErrorPrivate *src,
                               TmCatalogErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    {
      dest->backup = g_strdup (src->backup);
      dest->missing = src->missing;
    }
}

static void
tm_catalog_error_private_clear (TmCatalogErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->backup, g_free);
}

G_DEFINE_EXTENDED_ERROR (TmCatalogError, tm_catalog_error)

/* @what is a static text: "platform" for a name no platform has. */
void
_tm_catalog_error_set_missing (GError     *error,
                               const char *what)
{
  TmCatalogErrorPrivate *priv = tm_catalog_error_get_private (error);

  if (priv != NULL)
    priv->missing = what;
}

/**
 * tm_catalog_error_get_missing:
 *
 * Returns: (nullable): for %TM_CATALOG_ERROR_NOT_FOUND, what was looked for by
 *   name ("platform"), so that a front end can offer the list
 */
const char *
tm_catalog_error_get_missing (const GError *error)
{
  TmCatalogErrorPrivate *priv;

  if (error == NULL || error->domain != TM_CATALOG_ERROR)
    return NULL;
  priv = tm_catalog_error_get_private (error);
  return priv != NULL ? priv->missing : NULL;
}

/**
 * tm_catalog_error_get_backup:
 *
 * Returns: (nullable): for a damaged catalog, its newest backup, to offer
 *   tm_catalog_restore() with
 */
const char *
tm_catalog_error_get_backup (const GError *error)
{
  TmCatalogErrorPrivate *priv;

  if (error == NULL || error->domain != TM_CATALOG_ERROR)
    return NULL;
  priv = tm_catalog_error_get_private (error);
  return priv != NULL ? priv->backup : NULL;
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tm_catalog_finalize (GObject *object)
{
  TmCatalog *self = TM_CATALOG (object);

  _tm_catalog_stop_watching (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tm_catalog_parent_class)->finalize (object);
}

static void
tm_catalog_class_init (TmCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_catalog_finalize;

  /**
   * TmCatalog::changed:
   * @change: a #TmCatalogChange
   * @release_id: the release concerned, or 0
   *
   * Emitted after this connection committed a change, or when
   * tm_catalog_check_external_changes() found that another one did.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tm_catalog_init (TmCatalog *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));
}

/* Inside a transaction a change is only announced once it is committed. */
void
_tm_catalog_emit_changed (TmCatalog       *self,
                          TmCatalogChange  change,
                          gint64           release_id)
{
  PendingChange pending = { change, release_id };

  if (self->depth > 0)
    {
      for (guint i = 0; i < self->pending->len; i++)
        {
          PendingChange *p = &g_array_index (self->pending, PendingChange, i);
          if (p->change == change && p->release_id == release_id)
            return;
        }
      g_array_append_val (self->pending, pending);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, (int) change, release_id);
}

static void
flush_changes (TmCatalog *self)
{
  g_autoptr(GArray) pending = g_steal_pointer (&self->pending);

  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  for (guint i = 0; i < pending->len; i++)
    {
      PendingChange *p = &g_array_index (pending, PendingChange, i);
      _tm_catalog_emit_changed (self, p->change, p->release_id);
    }
}

/* Errors */

gboolean
_tm_catalog_set_sqlite_error (GError     **error,
                              sqlite3     *db,
                              int          rc,
                              const char  *path)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  const char *where = path != NULL ? path : _("the catalog");

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_LOCKED,
                   _("The catalog %s is busy: another program or window is writing to it. "
                     "Wait a moment and try again."), where);
      break;
    case SQLITE_READONLY:
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_READ_ONLY,
                   _("The catalog %s cannot be written: the file or its disk is read-only. "
                     "Nothing was changed. Make it writable, or open a copy in a writable "
                     "folder."), where);
      break;
    case SQLITE_FULL:
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_DISK_FULL,
                   _("The disk holding the catalog %s is full. The last change was not "
                     "saved; what was saved before is intact. Free some space and try "
                     "again."), where);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      {
        g_autofree char *backup = path != NULL ? tm_catalog_find_last_backup (path) : NULL;
        GError *damaged;
        TmCatalogErrorPrivate *priv;

        if (backup != NULL)
          damaged = g_error_new (TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                                 _("The file %s is not a TuneMantra catalog, or it is damaged "
                                   "(%s). It was left as it is. The last backup of it is %s."),
                                 where, detail, backup);
        else
          damaged = g_error_new (TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                                 _("The file %s is not a TuneMantra catalog, or it is damaged "
                                   "(%s). It was left as it is. Move it away so that a new "
                                   "catalog can be made."), where, detail);
        if ((priv = tm_catalog_error_get_private (damaged)) != NULL)
          priv->backup = g_steal_pointer (&backup);
        g_propagate_error (error, damaged);
      }
      break;
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                     _("That already exists in the catalog (%s)."), detail);
      else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                     _("That refers to something that is not in the catalog (%s)."), detail);
      else
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                     _("The catalog refused a value (%s)."), detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_READ_ONLY,
                   _("The catalog %s cannot be opened (%s). Check that its folder exists "
                     "and can be written."), where, detail);
      break;
    default:
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_FAILED,
                   _("The catalog %s could not be read or written (%s)."), where, detail);
      break;
    }

  return FALSE;
}

gboolean
_tm_catalog_set_error (TmCatalog  *self,
                       GError    **error,
                       int         rc)
{
  return _tm_catalog_set_sqlite_error (error, self->db, rc, self->path);
}

gboolean
_tm_catalog_not_found (GError     **error,
                       const char  *what,
                       gint64       id)
{
  g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
               _("There is no %s %" G_GINT64_FORMAT " in the catalog."), what, id);
  return FALSE;
}

sqlite3 *
_tm_catalog_get_db (TmCatalog *self)
{
  return self->db;
}

void
_tm_catalog_set_busy_timeout (TmCatalog *self,
                              int        milliseconds)
{
  sqlite3_busy_timeout (self->db, milliseconds);
}

/* Statements and transactions */

sqlite3_stmt *
_tm_catalog_get_statement (TmCatalog   *self,
                           const char  *sql,
                           GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec (TmCatalog   *self,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _tm_catalog_set_error (self, error, rc);

  return TRUE;
}

/* Undoes the innermost transaction. Returns FALSE, for `return _tm_catalog_rollback (self);`. */
gboolean
_tm_catalog_rollback (TmCatalog *self)
{
  g_return_val_if_fail (self->depth > 0, FALSE);

  self->depth--;
  if (self->depth == 0)
    {
      sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      g_array_set_size (self->pending, 0);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO tm%d; RELEASE tm%d;", self->depth,
                                              self->depth);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }

  return FALSE;
}

gboolean
_tm_catalog_begin (TmCatalog  *self,
                   GError    **error)
{
  g_autofree char *sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE;")
                                          : g_strdup_printf ("SAVEPOINT tm%d;", self->depth);

  if (!exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
_tm_catalog_commit (TmCatalog  *self,
                    GError    **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  self->depth--;
  sql = self->depth == 0 ? g_strdup ("COMMIT;") : g_strdup_printf ("RELEASE tm%d;", self->depth);

  if (!exec (self, sql, error))
    {
      self->depth++;
      _tm_catalog_rollback (self);
      return FALSE;
    }

  if (self->depth == 0)
    flush_changes (self);

  return TRUE;
}

/**
 * _tm_catalog_write:
 *
 * Runs @func as one transaction (a savepoint inside the caller's): what it
 * wrote is committed when it returns %TRUE, and the changes it announced are
 * told once the outermost transaction commits; when it returns %FALSE,
 * everything it did is undone and nothing is announced.
 */
gboolean
_tm_catalog_write (TmCatalog           *self,
                   TmCatalogWriteFunc   func,
                   gpointer             data,
                   GError             **error)
{
  guint announced;

  if (!_tm_catalog_begin (self, error))
    return FALSE;

  announced = self->pending->len;
  if (!func (self, data, error))
    {
      g_array_set_size (self->pending, MIN (announced, self->pending->len));
      return _tm_catalog_rollback (self);
    }
  return _tm_catalog_commit (self, error);
}

typedef struct
{
  const char      *table;
  TmRecord        *record;
  TmCatalogChange  change;
  gint64           release_id;
} SaveRecord;

static gboolean
save_record (TmCatalog  *self,
             gpointer    data,
             GError    **error)
{
  SaveRecord *s = data;

  if (!_tm_catalog_write_record (self, s->table, s->record, error))
    return FALSE;
  _tm_catalog_emit_changed (self, s->change, s->release_id == TM_CATALOG_OWN_ID
                                             ? tm_record_get_id (s->record) : s->release_id);
  return TRUE;
}

/**
 * _tm_catalog_save_record:
 * @release_id: the release @change is about, or %TM_CATALOG_OWN_ID for
 *   @record's own id
 *
 * Writes @record to @table as one write, announcing @change. A new record
 * that was not saved is left without an id.
 */
gboolean
_tm_catalog_save_record (TmCatalog        *self,
                         const char       *table,
                         TmRecord         *record,
                         TmCatalogChange   change,
                         gint64            release_id,
                         GError          **error)
{
  gboolean is_new = tm_record_get_id (record) == 0;
  SaveRecord s = { table, record, change, release_id };

  if (_tm_catalog_write (self, save_record, &s, error))
    return TRUE;
  if (is_new)
    tm_record_set_id (record, 0);
  return FALSE;
}

/* Runs a statement that returns no rows. */
gboolean
_tm_catalog_step_done (TmCatalog     *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, sqlite3_extended_errcode (self->db));

  return TRUE;
}

/* Returns the first column of the first row as an integer, or @fallback. */
gboolean
_tm_catalog_query_int (TmCatalog   *self,
                       const char  *sql,
                       gint64       param,
                       gint64      *result,
                       gint64       fallback,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _tm_catalog_get_statement (self, sql, error)))
    return FALSE;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *result = sqlite3_column_type (stmt, 0) == SQLITE_NULL
              ? fallback : sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *result = fallback;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _tm_catalog_set_error (self, error, rc);

  return TRUE;
}

/* Lists of text are stored as JSON arrays of strings. These two are the hot path
 * of loading a large catalog, so they do not go through a JSON parser. */

static char *
strv_to_json (const char * const *strv)
{
  GString *s;

  if (strv == NULL || strv[0] == NULL)
    return NULL;

  s = g_string_new ("[");
  for (guint i = 0; strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, '"');
      for (const char *p = strv[i]; *p; p++)
        {
          guchar c = *p;

          if (c == '"' || c == '\\')
            g_string_append_printf (s, "\\%c", c);
          else if (c < 0x20)
            g_string_append_printf (s, "\\u%04x", c);
          else
            g_string_append_c (s, c);
        }
      g_string_append_c (s, '"');
    }
  g_string_append_c (s, ']');

  return g_string_free (s, FALSE);
}

static GStrv
strv_from_json (const char *text)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GString) item = NULL;
  const char *p = text;

  if (text == NULL || *text == '\0')
    return NULL;

  builder = g_strv_builder_new ();
  item = g_string_new (NULL);

  while (*p == ' ')
    p++;
  if (*p++ != '[')
    goto slow;

  for (;;)
    {
      while (*p == ' ' || *p == ',')
        p++;
      if (*p == ']')
        break;
      if (*p++ != '"')
        goto slow;

      g_string_truncate (item, 0);
      while (*p != '"')
        {
          if (*p == '\0')
            goto slow;
          if (*p == '\\')
            {
              /* Anything but the two escapes we write goes to the full parser. */
              if (p[1] != '"' && p[1] != '\\')
                goto slow;
              p++;
            }
          g_string_append_c (item, *p++);
        }
      p++;
      g_strv_builder_add (builder, item->str);
    }

  return g_strv_builder_end (builder);

slow:
  {
    g_autoptr(JsonNode) node = tm_json_parse (text, strlen (text), "catalog", NULL);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
    JsonArray *array;

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
      return NULL;

    array = json_node_get_array (node);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        const char *s = json_array_get_string_element (array, i);
        if (s != NULL)
          g_strv_builder_add (b, s);
      }
    return g_strv_builder_end (b);
  }
}

/* Mapping records to rows: a column is named like the property, with `_` for `-`. */

static gboolean
is_stored (GParamSpec *pspec)
{
  return !(pspec->flags & TM_PARAM_DERIVED);
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            GParamSpec   *pspec,
            const GValue *value)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    sqlite3_bind_text (stmt, index, g_value_get_string (value), -1, SQLITE_TRANSIENT);
  else if (type == G_TYPE_STRV)
    sqlite3_bind_text (stmt, index, strv_to_json (g_value_get_boxed (value)), -1, g_free);
  else if (type == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, g_value_get_boolean (value));
  else if (type == G_TYPE_INT)
    sqlite3_bind_int (stmt, index, g_value_get_int (value));
  else if (type == G_TYPE_UINT)
    sqlite3_bind_int64 (stmt, index, g_value_get_uint (value));
  else if (type == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
  else if (type == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, g_value_get_double (value));
  else if (G_TYPE_IS_ENUM (type))
    sqlite3_bind_text (stmt, index, tm_enum_to_nick (type, g_value_get_enum (value)), -1,
                       SQLITE_STATIC);
  else
    g_return_if_reached ();
}

static void
column_to_value (sqlite3_stmt *stmt,
                 int           column,
                 GParamSpec   *pspec,
                 GValue       *value)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    g_value_set_string (value, (const char *) sqlite3_column_text (stmt, column));
  else if (type == G_TYPE_STRV)
    g_value_take_boxed (value, strv_from_json ((const char *) sqlite3_column_text (stmt, column)));
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, sqlite3_column_int (stmt, column) != 0);
  else if (type == G_TYPE_INT)
    g_value_set_int (value, sqlite3_column_int (stmt, column));
  else if (type == G_TYPE_UINT)
    g_value_set_uint (value, (guint) sqlite3_column_int64 (stmt, column));
  else if (type == G_TYPE_INT64)
    g_value_set_int64 (value, sqlite3_column_int64 (stmt, column));
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, sqlite3_column_double (stmt, column));
  else if (G_TYPE_IS_ENUM (type))
    {
      const char *nick = (const char *) sqlite3_column_text (stmt, column);
      int v;

      if (tm_enum_from_nick (type, nick, &v))
        g_value_set_enum (value, v);
      else
        {
          g_warning ("Unknown %s “%s” in the catalog; using the default", pspec->name, nick);
          g_param_value_set_default (pspec, value);
        }
    }
}

/* Steps @stmt to the end, making one record of @type per row. The values go
 * straight into the new records' slots, unnotified: nobody watches them yet
 * (measured with perf: the records of a listing of 10,000 releases 64 → 34 ms,
 * where each value was made, copied into its slot and notified). */
GPtrArray *
_tm_catalog_collect_records (TmCatalog     *self,
                             GType          type,
                             sqlite3_stmt  *stmt,
                             GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  int n_columns = sqlite3_column_count (stmt);
  g_autofree GParamSpec **map = g_new0 (GParamSpec *, n_columns);
  int id_column = -1;
  int rc;

  for (int i = 0; i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (g_strcmp0 (name, "id") == 0)
        id_column = i;
      else
        map[i] = tm_record_class_find_key (TM_RECORD_CLASS (klass), name);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TmRecord *record = g_object_new (type, NULL);

      if (id_column >= 0)
        tm_record_load_id (record, sqlite3_column_int64 (stmt, id_column));

      for (int i = 0; i < n_columns; i++)
        if (map[i] != NULL)
          column_to_value (stmt, i, map[i], tm_record_load_slot (record, map[i]));

      g_ptr_array_add (records, record);
    }

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&records);
}

GPtrArray *
_tm_catalog_query_records (TmCatalog   *self,
                           GType        type,
                           const char  *sql,
                           gint64       param,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _tm_catalog_get_statement (self, sql, error)))
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);

  return _tm_catalog_collect_records (self, type, stmt, error);
}

/* Returns the one record @sql finds, or NULL with a NOT_FOUND error. */
gpointer
_tm_catalog_query_record (TmCatalog   *self,
                          GType        type,
                          const char  *sql,
                          gint64       param,
                          const char  *what,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = _tm_catalog_query_records (self, type, sql, param, error);

  if (records == NULL)
    return NULL;

  if (records->len == 0)
    {
      _tm_catalog_not_found (error, what, param);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (records, 0));
}

static const char * const text_tables[] = {
  "releases", "tracks", "contributors", "splits", "artworks", "platforms", NULL
};

gboolean
_tm_catalog_write_record (TmCatalog   *self,
                          const char  *table,
                          TmRecord    *record,
                          GError     **error)
{
  gint64 id = tm_record_get_id (record);
  guint n_props;
  GParamSpec **props = tm_record_class_list_properties (TM_RECORD_GET_CLASS (record), &n_props);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int index = 1;

  if (id == 0)
    {
      g_autoptr(GString) marks = g_string_new (NULL);

      g_string_printf (sql, "INSERT INTO %s (", table);
      for (guint i = 0; i < n_props; i++)
        {
          g_autofree char *column = NULL;

          if (!is_stored (props[i]))
            continue;
          column = tm_record_key_for_pspec (props[i]);
          g_string_append_printf (sql, "%s%s", marks->len ? ", " : "", column);
          g_string_append (marks, marks->len ? ", ?" : "?");
        }
      g_string_append_printf (sql, ") VALUES (%s)", marks->str);
    }
  else
    {
      gboolean first = TRUE;

      g_string_printf (sql, "UPDATE %s SET ", table);
      for (guint i = 0; i < n_props; i++)
        {
          g_autofree char *column = NULL;

          if (!is_stored (props[i]))
            continue;
          column = tm_record_key_for_pspec (props[i]);
          g_string_append_printf (sql, "%s%s = ?", first ? "" : ", ", column);
          first = FALSE;
        }
      g_string_append (sql, " WHERE id = ?");
    }

  /* What a person typed, or tags and platforms gave: never an invisible control
   * character, whichever way it was set (the program's own records are not
   * text a person reads back into a form). */
  if (g_strv_contains (text_tables, table))
    {
      g_autoptr(GError) text_error = NULL;

      if (!tm_record_check_text (record, &text_error))
        {
          g_set_error_literal (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                               text_error->message);
          return FALSE;
        }
    }

  if (!(stmt = _tm_catalog_get_statement (self, sql->str, error)))
    return FALSE;

  for (guint i = 0; i < n_props; i++)
    if (is_stored (props[i]))
      bind_value (stmt, index++, props[i], tm_record_peek_value (record, props[i]));
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);

  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;

  if (id == 0)
    tm_record_set_id (record, sqlite3_last_insert_rowid (self->db));
  else if (sqlite3_changes (self->db) != 1)
    return _tm_catalog_not_found (error, table, id);

  return TRUE;
}

gboolean
_tm_catalog_delete_by (TmCatalog   *self,
                       const char  *sql,
                       gint64       param,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _tm_catalog_get_statement (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, param);
  return _tm_catalog_step_done (self, stmt, error);
}

/* Opening */

static gboolean
pragma_int (TmCatalog   *self,
            const char  *name,
            gint64      *value,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s;", name);

  return _tm_catalog_query_int (self, sql, 0, value, 0, error);
}

/**
 * _tm_catalog_quick_check:
 * @problem: (out): what SQLite found, %NULL when the file is sound
 *
 * Returns: the SQLite result of running the check
 */
int
_tm_catalog_quick_check (sqlite3  *db,
                         char    **problem)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check;", -1, &stmt, NULL);

  *problem = NULL;
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") != 0)
        *problem = g_strdup (result != NULL ? result : "?");
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Work done once per catalog file and process, not at every connection a worker
 * opens: the damage check and the daily backup. */
static GMutex once_lock;
static GHashTable *checked;      /* paths checked in this process */
static GHashTable *backed_up;    /* path -> the day it was looked at */

static gboolean
seen_before (GHashTable **table,
             const char  *path,
             const char  *value)
{
  gboolean seen;

  g_mutex_lock (&once_lock);
  if (*table == NULL)
    *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  seen = g_strcmp0 (g_hash_table_lookup (*table, path), value) == 0;
  if (!seen)
    g_hash_table_insert (*table, g_strdup (path), g_strdup (value));
  g_mutex_unlock (&once_lock);
  return seen;
}

static gboolean
first_open_today (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");

  return !seen_before (&backed_up, path, day);
}

/* A damaged file is refused before anything is written to it, with the way
 * back: its newest backup. */
static gboolean
check_once (TmCatalog  *self,
            GError    **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *backup = NULL;
  int rc;
  GStatBuf st;
  g_autofree char *identity = NULL;

  /* Checked again when the file is not the one checked before. */
  if (g_stat (self->path, &st) == 0)
    identity = g_strdup_printf ("%ju:%ju:%jd:%jd", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                                (intmax_t) st.st_size, (intmax_t) st.st_mtime);
  if (identity != NULL && seen_before (&checked, self->path, identity))
    return TRUE;

  rc = _tm_catalog_quick_check (self->db, &problem);
  if (rc == SQLITE_OK && problem == NULL)
    return TRUE;

  g_mutex_lock (&once_lock);
  if (checked != NULL)
    g_hash_table_remove (checked, self->path);
  g_mutex_unlock (&once_lock);
  if (rc != SQLITE_OK)
    return _tm_catalog_set_error (self, error, rc);

  backup = tm_catalog_find_last_backup (self->path);
  if (backup != NULL)
    {
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *date = NULL;
      TmCatalogErrorPrivate *priv;
      GError *damaged;

      if (g_stat (backup, &st) == 0 && (when = g_date_time_new_from_unix_local (st.st_mtime)))
        date = g_date_time_format (when, "%Y-%m-%d %H:%M");
      damaged = g_error_new (TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                             _("The catalog %s is damaged (SQLite found: %s). It was left as "
                               "it is and nothing was written to it. The last backup is %s, "
                               "made %s; restoring it moves the damaged file aside and loses "
                               "the changes made since."),
                             self->path, problem, backup, date != NULL ? date : "?");
      if ((priv = tm_catalog_error_get_private (damaged)) != NULL)
        priv->backup = g_steal_pointer (&backup);
      g_propagate_error (error, damaged);
    }
  else
    g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                 _("The catalog %s is damaged (SQLite found: %s). It was left as it is and "
                   "nothing was written to it. There is no backup of it: keep the file for "
                   "recovery (the sqlite3 tool's .recover may save its contents), and move "
                   "it away so that a new catalog can be made."), self->path, problem);
  return FALSE;
}

static gboolean
configure (TmCatalog  *self,
           GError    **error)
{
  gint64 n_objects, app_id, version;
  sqlite3_stmt *stmt;
  const char *mode;
  int rc;

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* The first read tells a database from anything else, without writing. */
  if (!_tm_catalog_query_int (self, "SELECT count(*) FROM sqlite_master;", 0, &n_objects, 0, error)
      || !pragma_int (self, "application_id", &app_id, error)
      || !pragma_int (self, "user_version", &version, error))
    return FALSE;

  if (n_objects > 0 && app_id != TM_CATALOG_APPLICATION_ID)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("The file %s is a database of another program, not a TuneMantra "
                     "catalog. It was left as it is. Choose another file for the catalog."),
                   self->path);
      return FALSE;
    }

  if (version > TM_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_TOO_NEW,
                   _("The catalog %s was written by a newer TuneMantra (catalog version "
                     "%" G_GINT64_FORMAT ", this program knows up to %d). It was left as "
                     "it is. Update TuneMantra to open it."),
                   self->path, version, TM_CATALOG_SCHEMA_VERSION);
      return FALSE;
    }

  if (n_objects > 0 && !check_once (self, error))
    return FALSE;

  if (sqlite3_db_readonly (self->db, "main") == 1)
    return _tm_catalog_set_error (self, error, SQLITE_READONLY);

  if (!(stmt = _tm_catalog_get_statement (self, "PRAGMA journal_mode = WAL;", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  mode = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  if (g_strcmp0 (mode, "wal") != 0)
    {
      sqlite3_reset (stmt);
      return _tm_catalog_set_error (self, error, rc == SQLITE_ROW ? SQLITE_READONLY : rc);
    }
  sqlite3_reset (stmt);

  /* Reads come from a read-only mapping of the file (up to 256 MiB of address
   * space) instead of a copy of each page into SQLite's cache: a listing of
   * 10,000 releases 75 → 60 ms, insights 75 → 60 ms, on a catalog opened
   * afresh. Writes still go through write() and the WAL, so nothing saved
   * changes; what the mapping costs is that a disk failing under a read ends
   * the process (SIGBUS) instead of giving an error. */
  if (!exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                   "PRAGMA mmap_size = 268435456;", error))
    return FALSE;

  if (version < TM_CATALOG_SCHEMA_VERSION
      && !_tm_catalog_migrate (self->db, self->path, version, TM_CATALOG_SCHEMA_VERSION, error))
    return FALSE;

  self->schema_version = TM_CATALOG_SCHEMA_VERSION;
  if (n_objects > 0 && first_open_today (self->path))
    _tm_catalog_backup_daily (self->db, self->path);
  return pragma_int (self, "data_version", &self->data_version, error);
}

/* A new catalog file is made by us, readable by its owner only. */
static gboolean
create_file (const char  *path,
             GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int saved_errno = errno;

  if (fd >= 0)
    return g_close (fd, error);

  if (saved_errno == EEXIST)
    return TRUE;

  g_set_error (error, TM_CATALOG_ERROR,
               saved_errno == EROFS || saved_errno == EACCES || saved_errno == EPERM
               ? TM_CATALOG_ERROR_READ_ONLY : TM_CATALOG_ERROR_FAILED,
               _("Could not create the catalog %s: %s. Choose a folder you can write to."),
               path, g_strerror (saved_errno));
  return FALSE;
}

char *
tm_catalog_default_path (void)
{
  const char *env = g_getenv ("TUNEMANTRA_CATALOG");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "tunemantra", "catalog.db", NULL);
}

/**
 * tm_catalog_open:
 * @path: the catalog file; it is made if it does not exist
 *
 * Opens a catalog, upgrading an older one (after a backup copy beside it). A file
 * that is not a catalog, is damaged, is newer, or cannot be written is refused
 * with a TM_CATALOG_ERROR and left exactly as it was.
 */
TmCatalog *
tm_catalog_open (const char  *path,
                 GError     **error)
{
  g_autoptr(TmCatalog) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("%s is a folder, not a catalog file."), path);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, TM_CATALOG_ERROR,
                   saved_errno == EROFS || saved_errno == EACCES
                   ? TM_CATALOG_ERROR_READ_ONLY : TM_CATALOG_ERROR_FAILED,
                   _("Could not create the folder %s for the catalog: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!create_file (path, error))
    return NULL;

  _tm_catalog_keep_locks ();
  self = g_object_new (TM_TYPE_CATALOG, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }

  if (!configure (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
tm_catalog_get_path (TmCatalog *self)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return self->path;
}

int
tm_catalog_get_schema_version (TmCatalog *self)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), 0);

  return self->schema_version;
}

/**
 * tm_catalog_check_external_changes:
 *
 * Asks SQLite whether another connection committed since the last call, and emits
 * #TmCatalog::changed with %TM_CATALOG_CHANGE_EXTERNAL if so. Cheap enough for a
 * timer on the main thread.
 *
 * Returns: %TRUE if something changed
 */
gboolean
tm_catalog_check_external_changes (TmCatalog *self)
{
  gint64 version;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!pragma_int (self, "data_version", &version, NULL) || version == self->data_version)
    return FALSE;

  self->data_version = version;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_EXTERNAL, 0);
  return TRUE;
}

/**
 * tm_catalog_notify_release_changed:
 *
 * Tells this connection's listeners that @release_id was added or changed through
 * another connection (a worker thread's), so they refresh that one release instead
 * of everything.
 */
void
tm_catalog_notify_release_changed (TmCatalog *self,
                                   gint64     release_id)
{
  g_return_if_fail (TM_IS_CATALOG (self));

  /* The commit moved data_version; it is accounted for here. */
  pragma_int (self, "data_version", &self->data_version, NULL);
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
}

gboolean
tm_catalog_integrity_check (TmCatalog  *self,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!(stmt = _tm_catalog_get_statement (self, "PRAGMA integrity_check;", error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return _tm_catalog_set_error (self, error, rc);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("The catalog %s is damaged: %s"), self->path, result);
      return FALSE;
    }

  return TRUE;
}


void
_tm_catalog_touch (TmRecord   *record,
                   const char *created,
                   const char *updated)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (record);
  gint64 now = g_get_real_time ();
  GParamSpec *pspec;

  if (created != NULL && (pspec = g_object_class_find_property (klass, created)) != NULL
      && tm_record_get_int (record, pspec) == 0)
    tm_record_set_int (record, pspec, now);

  if (updated != NULL && (pspec = g_object_class_find_property (klass, updated)) != NULL)
    tm_record_set_int (record, pspec, now);
}

gboolean
_tm_catalog_touch_release (TmCatalog  *self,
                           gint64      release_id,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _tm_catalog_get_statement (self, "UPDATE releases SET updated_at = ? WHERE id = ?",
                                          error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, release_id);
  if (!_tm_catalog_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) != 1)
    return _tm_catalog_not_found (error, _("release"), release_id);

  return TRUE;
}

gboolean
tm_catalog_begin (TmCatalog  *self,
                  GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return _tm_catalog_begin (self, error);
}

gboolean
tm_catalog_commit (TmCatalog  *self,
                   GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return _tm_catalog_commit (self, error);
}

/**
 * tm_catalog_rollback:
 *
 * Undoes the innermost transaction of tm_catalog_begin(). With none open (a
 * begin or a commit that failed has already undone it) it does nothing, so a
 * caller's one error path serves every step.
 */
void
tm_catalog_rollback (TmCatalog *self)
{
  g_return_if_fail (TM_IS_CATALOG (self));

  if (self->depth > 0)
    _tm_catalog_rollback (self);
}

/* Settings */

char *
tm_catalog_get_setting (TmCatalog   *self,
                        const char  *key,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (!(stmt = _tm_catalog_get_statement (self, "SELECT value FROM settings WHERE key = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _tm_catalog_set_error (self, error, rc);

  return value;
}

gboolean
tm_catalog_set_setting (TmCatalog   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!(stmt = _tm_catalog_get_statement (self, "INSERT OR REPLACE INTO settings (key, value) "
                                                "VALUES (?, ?)", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _tm_catalog_step_done (self, stmt, error);
}
