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

struct _TmCatalog
{
  GObject     parent_instance;

  sqlite3    *db;             /* owned */
  char       *path;
  GHashTable *statements;     /* SQL text -> owned sqlite3_stmt */
  gint64      data_version;
  int         schema_version;
  int         depth;          /* of nested transactions */
  GArray     *pending;        /* changes to announce after the outermost commit */
};

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
static void
emit_changed (TmCatalog       *self,
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
      emit_changed (self, p->change, p->release_id);
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

static gboolean
set_error (TmCatalog  *self,
           GError    **error,
           int         rc)
{
  return _tm_catalog_set_sqlite_error (error, self->db, rc, self->path);
}

static gboolean
not_found (GError     **error,
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

static sqlite3_stmt *
get_statement (TmCatalog   *self,
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
      set_error (self, error, rc);
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
    return set_error (self, error, rc);

  return TRUE;
}

/* Undoes the innermost transaction. Returns FALSE, for `return rollback (self);`. */
static gboolean
rollback (TmCatalog *self)
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

static gboolean
begin (TmCatalog  *self,
       GError    **error)
{
  g_autofree char *sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE;")
                                          : g_strdup_printf ("SAVEPOINT tm%d;", self->depth);

  if (!exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

static gboolean
commit (TmCatalog  *self,
        GError    **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  self->depth--;
  sql = self->depth == 0 ? g_strdup ("COMMIT;") : g_strdup_printf ("RELEASE tm%d;", self->depth);

  if (!exec (self, sql, error))
    {
      self->depth++;
      rollback (self);
      return FALSE;
    }

  if (self->depth == 0)
    flush_changes (self);

  return TRUE;
}

/* Commits, then tells this connection's listeners what changed. */
static gboolean
commit_and_notify (TmCatalog        *self,
                   TmCatalogChange   change,
                   gint64            release_id,
                   GError          **error)
{
  emit_changed (self, change, release_id);
  return commit (self, error);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (TmCatalog     *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (self, error, sqlite3_extended_errcode (self->db));

  return TRUE;
}

/* Returns the first column of the first row as an integer, or @fallback. */
static gboolean
query_int (TmCatalog   *self,
           const char  *sql,
           gint64       param,
           gint64      *result,
           gint64       fallback,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_statement (self, sql, error)))
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
    return set_error (self, error, rc);

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
    g_value_set_static_string (value, (const char *) sqlite3_column_text (stmt, column));
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

/* Steps @stmt to the end, making one record of @type per row. */
static GPtrArray *
collect_records (TmCatalog     *self,
                 GType          type,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  int n_columns = sqlite3_column_count (stmt);
  g_autofree GParamSpec **map = g_new0 (GParamSpec *, n_columns);
  g_autofree GValue *values = g_new0 (GValue, n_columns);
  int id_column = -1;
  int rc;

  for (int i = 0; i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (g_strcmp0 (name, "id") == 0)
        id_column = i;
      else if ((map[i] = tm_record_class_find_key (TM_RECORD_CLASS (klass), name)) != NULL)
        g_value_init (&values[i], map[i]->value_type);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TmRecord *record = g_object_new (type, NULL);

      if (id_column >= 0)
        tm_record_set_id (record, sqlite3_column_int64 (stmt, id_column));

      for (int i = 0; i < n_columns; i++)
        {
          if (map[i] == NULL)
            continue;
          column_to_value (stmt, i, map[i], &values[i]);
          tm_record_load_value (record, map[i], &values[i]);
        }

      g_ptr_array_add (records, record);
    }

  for (int i = 0; i < n_columns; i++)
    if (map[i] != NULL)
      g_value_unset (&values[i]);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&records);
}

static GPtrArray *
query_records (TmCatalog   *self,
               GType        type,
               const char  *sql,
               gint64       param,
               GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = get_statement (self, sql, error)))
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);

  return collect_records (self, type, stmt, error);
}

/* Returns the one record @sql finds, or NULL with a NOT_FOUND error. */
static gpointer
query_record (TmCatalog   *self,
              GType        type,
              const char  *sql,
              gint64       param,
              const char  *what,
              GError     **error)
{
  g_autoptr(GPtrArray) records = query_records (self, type, sql, param, error);

  if (records == NULL)
    return NULL;

  if (records->len == 0)
    {
      not_found (error, what, param);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (records, 0));
}

static const char * const text_tables[] = {
  "releases", "tracks", "contributors", "splits", "artworks", "platforms", NULL
};

static gboolean
write_record (TmCatalog   *self,
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

  if (!(stmt = get_statement (self, sql->str, error)))
    return FALSE;

  for (guint i = 0; i < n_props; i++)
    if (is_stored (props[i]))
      bind_value (stmt, index++, props[i], tm_record_peek_value (record, props[i]));
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);

  if (!step_done (self, stmt, error))
    return FALSE;

  if (id == 0)
    tm_record_set_id (record, sqlite3_last_insert_rowid (self->db));
  else if (sqlite3_changes (self->db) != 1)
    return not_found (error, table, id);

  return TRUE;
}

static gboolean
delete_by (TmCatalog   *self,
           const char  *sql,
           gint64       param,
           GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = get_statement (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, param);
  return step_done (self, stmt, error);
}

/* Opening */

static gboolean
pragma_int (TmCatalog   *self,
            const char  *name,
            gint64      *value,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s;", name);

  return query_int (self, sql, 0, value, 0, error);
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
    return set_error (self, error, rc);

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
  if (!query_int (self, "SELECT count(*) FROM sqlite_master;", 0, &n_objects, 0, error)
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
    return set_error (self, error, SQLITE_READONLY);

  if (!(stmt = get_statement (self, "PRAGMA journal_mode = WAL;", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  mode = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  if (g_strcmp0 (mode, "wal") != 0)
    {
      sqlite3_reset (stmt);
      return set_error (self, error, rc == SQLITE_ROW ? SQLITE_READONLY : rc);
    }
  sqlite3_reset (stmt);

  if (!exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", error))
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
      set_error (self, error, rc);
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
  emit_changed (self, TM_CATALOG_CHANGE_EXTERNAL, 0);
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
  emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
}

gboolean
tm_catalog_integrity_check (TmCatalog  *self,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!(stmt = get_statement (self, "PRAGMA integrity_check;", error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return set_error (self, error, rc);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("The catalog %s is damaged: %s"), self->path, result);
      return FALSE;
    }

  return TRUE;
}

/* Releases */

static void
touch (TmRecord   *record,
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

static gboolean
touch_release (TmCatalog  *self,
               gint64      release_id,
               GError    **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = get_statement (self, "UPDATE releases SET updated_at = ? WHERE id = ?", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, release_id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) != 1)
    return not_found (error, _("release"), release_id);

  return TRUE;
}

gboolean
tm_catalog_add_release (TmCatalog  *self,
                        TmRelease  *release,
                        GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_RELEASE (release), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (release)) == 0, FALSE);

  touch (TM_RECORD (release), "created-at", "updated-at");

  if (!begin (self, error))
    return FALSE;

  if (!write_record (self, "releases", TM_RECORD (release), error))
    {
      tm_record_set_id (TM_RECORD (release), 0);
      return rollback (self);
    }

  if (!commit (self, error))
    {
      tm_record_set_id (TM_RECORD (release), 0);
      return FALSE;
    }

  emit_changed (self, TM_CATALOG_CHANGE_RELEASE_ADDED, tm_record_get_id (TM_RECORD (release)));
  return TRUE;
}

gboolean
tm_catalog_update_release (TmCatalog  *self,
                           TmRelease  *release,
                           GError    **error)
{
  gint64 id;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_RELEASE (release), FALSE);

  id = tm_record_get_id (TM_RECORD (release));
  if (id == 0)
    return not_found (error, _("release"), 0);

  touch (TM_RECORD (release), NULL, "updated-at");

  if (!begin (self, error))
    return FALSE;
  if (!write_record (self, "releases", TM_RECORD (release), error))
    return rollback (self);
  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, id, error);
}

gboolean
tm_catalog_delete_release (TmCatalog  *self,
                           gint64      release_id,
                           GError    **error)
{
  gint64 exists, active;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!query_int (self, "SELECT count(*) FROM releases WHERE id = ?", release_id, &exists, 0,
                  error)
      || !query_int (self,
                     "SELECT count(*) FROM distributions WHERE release_id = ? "
                     "AND status NOT IN ('created', 'removed')",
                     release_id, &active, 0, error))
    return rollback (self);

  if (exists == 0)
    {
      rollback (self);
      return not_found (error, _("release"), release_id);
    }

  /* A release that a platform has, or is getting, must be taken down first:
   * deleting it here would lose the only record of where it is. */
  if (active > 0)
    {
      rollback (self);
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_IN_USE,
                   ngettext ("Release %" G_GINT64_FORMAT " is delivered or being delivered "
                             "to %" G_GINT64_FORMAT " platform. Take it down there first.",
                             "Release %" G_GINT64_FORMAT " is delivered or being delivered "
                             "to %" G_GINT64_FORMAT " platforms. Take it down there first.",
                             active),
                   release_id, active);
      return FALSE;
    }

  if (!delete_by (self, "DELETE FROM releases WHERE id = ?", release_id, error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_REMOVED, release_id, error);
}

static gboolean
load_release_status (TmCatalog  *self,
                     GHashTable *counts_by_release,
                     gint64      release_id,
                     GError    **error)
{
  const char *sql = release_id != 0
    ? "SELECT release_id, status, count(*) FROM distributions WHERE release_id = ? "
      "GROUP BY release_id, status"
    : "SELECT release_id, status, count(*) FROM distributions GROUP BY release_id, status";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_statement (self, sql, error)))
    return FALSE;
  if (release_id != 0)
    sqlite3_bind_int64 (stmt, 1, release_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      TmDistributionStatus status;
      TmStatusCounts *counts = g_hash_table_lookup (counts_by_release, &id);

      if (!tm_distribution_status_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                               &status))
        continue;

      if (counts == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = id;
          counts = g_new0 (TmStatusCounts, 1);
          g_hash_table_insert (counts_by_release, key, counts);
        }
      tm_status_counts_add (counts, status, sqlite3_column_int (stmt, 2));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return set_error (self, error, rc);

  return TRUE;
}

static GHashTable *
load_track_counts (TmCatalog  *self,
                   gint64      release_id,
                   GError    **error)
{
  const char *sql = release_id != 0
    ? "SELECT release_id, count(*) FROM tracks WHERE release_id = ? GROUP BY release_id"
    : "SELECT release_id, count(*) FROM tracks GROUP BY release_id";
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_statement (self, sql, error)))
    return NULL;
  if (release_id != 0)
    sqlite3_bind_int64 (stmt, 1, release_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *key = g_new (gint64, 1);

      *key = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (counts, key, GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/* Fills the derived properties (track count, aggregated status) of @releases. */
static gboolean
fill_release_summaries (TmCatalog  *self,
                        GPtrArray  *releases,
                        gint64      only_release,
                        GError    **error)
{
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, g_free);
  g_autoptr(GHashTable) tracks = NULL;
  GParamSpec *p_count, *p_status, *p_summary;
  GObjectClass *klass;

  if (!load_release_status (self, statuses, only_release, error)
      || !(tracks = load_track_counts (self, only_release, error)))
    return FALSE;

  klass = g_type_class_peek (TM_TYPE_RELEASE);
  p_count = g_object_class_find_property (klass, "track-count");
  p_status = g_object_class_find_property (klass, "status");
  p_summary = g_object_class_find_property (klass, "status-summary");

  for (guint i = 0; i < releases->len; i++)
    {
      TmRecord *record = g_ptr_array_index (releases, i);
      gint64 id = tm_record_get_id (record);
      TmStatusCounts empty = { { 0 }, 0 };
      TmStatusCounts *counts = g_hash_table_lookup (statuses, &id);
      g_auto(GValue) v_count = G_VALUE_INIT;
      g_auto(GValue) v_status = G_VALUE_INIT;
      g_auto(GValue) v_summary = G_VALUE_INIT;

      if (counts == NULL)
        counts = &empty;

      g_value_init (&v_count, G_TYPE_UINT);
      g_value_set_uint (&v_count, GPOINTER_TO_UINT (g_hash_table_lookup (tracks, &id)));
      g_value_init (&v_status, TM_TYPE_AGGREGATE_STATUS);
      g_value_set_enum (&v_status, tm_status_counts_aggregate (counts));
      g_value_init (&v_summary, G_TYPE_STRING);
      g_value_take_string (&v_summary, tm_status_counts_describe (counts));

      /* Set, not loaded: a release the window shows learns its new status. */
      tm_record_set_value (record, p_count, &v_count);
      tm_record_set_value (record, p_status, &v_status);
      tm_record_set_value (record, p_summary, &v_summary);
    }

  return TRUE;
}

TmRelease *
tm_catalog_get_release (TmCatalog  *self,
                        gint64      release_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  TmRelease *release;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  release = query_record (self, TM_TYPE_RELEASE, "SELECT * FROM releases WHERE id = ?",
                          release_id, _("release"), error);
  if (release == NULL)
    return NULL;

  g_ptr_array_add (one, release);
  if (!fill_release_summaries (self, one, release_id, error))
    return NULL;

  return g_object_ref (release);
}

/**
 * tm_catalog_list_releases:
 *
 * Returns: (transfer container) (element-type TmRelease): every release in id
 *   order, with its track count and aggregated status
 */
GPtrArray *
tm_catalog_list_releases (TmCatalog  *self,
                          GError    **error)
{
  g_autoptr(GPtrArray) releases = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  releases = query_records (self, TM_TYPE_RELEASE, "SELECT * FROM releases ORDER BY id", 0,
                            error);
  if (releases == NULL || !fill_release_summaries (self, releases, 0, error))
    return NULL;

  return g_steal_pointer (&releases);
}

gboolean
tm_catalog_get_release_status (TmCatalog       *self,
                               gint64           release_id,
                               TmStatusCounts  *counts,
                               GError         **error)
{
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, g_free);
  TmStatusCounts *found;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!load_release_status (self, statuses, release_id, error))
    return FALSE;

  found = g_hash_table_lookup (statuses, &release_id);
  memset (counts, 0, sizeof *counts);
  if (found != NULL)
    *counts = *found;

  return TRUE;
}

/* Tracks */

static gboolean
write_track_children (TmCatalog  *self,
                      TmTrack    *track,
                      GError    **error)
{
  gint64 track_id = tm_record_get_id (TM_RECORD (track));
  struct {
    const char *table;
    const char *delete_sql;
    GListModel *items;
  } children[] = {
    { "contributors", "DELETE FROM contributors WHERE track_id = ?",
      tm_track_get_contributors (track) },
    { "splits", "DELETE FROM splits WHERE track_id = ?", tm_track_get_splits (track) },
  };

  for (guint c = 0; c < G_N_ELEMENTS (children); c++)
    {
      guint n = g_list_model_get_n_items (children[c].items);

      if (!delete_by (self, children[c].delete_sql, track_id, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmRecord) item = g_list_model_get_item (children[c].items, i);
          GParamSpec *p_track = g_object_class_find_property (G_OBJECT_GET_CLASS (item),
                                                              "track-id");

          /* Children are written anew each time: the list is the truth. */
          tm_record_set_id (item, 0);
          tm_record_set_int (item, p_track, track_id);
          if (!write_record (self, children[c].table, item, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_track_children (TmCatalog  *self,
                     TmTrack    *track,
                     GError    **error)
{
  gint64 id = tm_record_get_id (TM_RECORD (track));
  g_autoptr(GPtrArray) contributors = NULL;
  g_autoptr(GPtrArray) splits = NULL;

  contributors = query_records (self, TM_TYPE_CONTRIBUTOR,
                                "SELECT * FROM contributors WHERE track_id = ? ORDER BY id",
                                id, error);
  if (contributors == NULL)
    return FALSE;

  splits = query_records (self, TM_TYPE_SPLIT,
                          "SELECT * FROM splits WHERE track_id = ? ORDER BY id", id, error);
  if (splits == NULL)
    return FALSE;

  g_list_store_splice (G_LIST_STORE (tm_track_get_contributors (track)), 0,
                       g_list_model_get_n_items (tm_track_get_contributors (track)),
                       contributors->pdata, contributors->len);
  g_list_store_splice (G_LIST_STORE (tm_track_get_splits (track)), 0,
                       g_list_model_get_n_items (tm_track_get_splits (track)),
                       splits->pdata, splits->len);
  return TRUE;
}

static gboolean
check_splits (TmTrack  *track,
              GError  **error)
{
  GListModel *splits = tm_track_get_splits (track);
  guint n = g_list_model_get_n_items (splits);
  int total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmSplit) split = g_list_model_get_item (splits, i);
      total += tm_split_get_share_bp (split);
    }

  /* An incomplete split sheet is allowed while editing (the checks report it);
   * more than everything never is. */
  if (total > 10000)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("The splits of “%s” add up to %d.%02d %%, more than 100 %%."),
                   tm_track_get_title (track) ? tm_track_get_title (track) : "",
                   total / 100, total % 100);
      return FALSE;
    }

  return TRUE;
}

/* Gives the tracks of one disc the numbers 1..n in the order of @ids. */
static gboolean
renumber (TmCatalog  *self,
          GArray     *ids,
          GError    **error)
{
  sqlite3_stmt *stmt;

  /* Two passes, so that the unique (release, disc, number) index never sees a
   * duplicate while numbers move. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ids->len; i++)
      {
        if (!(stmt = get_statement (self, "UPDATE tracks SET number = ? WHERE id = ?", error)))
          return FALSE;
        sqlite3_bind_int (stmt, 1, pass == 0 ? -(int) (i + 1) : (int) (i + 1));
        sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
        if (!step_done (self, stmt, error))
          return FALSE;
      }

  return TRUE;
}

static GArray *
disc_track_ids (TmCatalog  *self,
                gint64      release_id,
                int         disc,
                GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = get_statement (self, "SELECT id FROM tracks WHERE release_id = ? AND disc = ? "
                              "ORDER BY number", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_int (stmt, 2, disc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static gboolean
next_number (TmCatalog  *self,
             gint64      release_id,
             int         disc,
             int        *number,
             GError    **error)
{
  g_autoptr(GArray) ids = disc_track_ids (self, release_id, disc, error);

  if (ids == NULL)
    return FALSE;

  *number = ids->len + 1;
  return TRUE;
}

gboolean
tm_catalog_add_track (TmCatalog  *self,
                      gint64      release_id,
                      TmTrack    *track,
                      GError    **error)
{
  int number;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_TRACK (track), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (track)) == 0, FALSE);

  if (!check_splits (track, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!touch_release (self, release_id, error)
      || !next_number (self, release_id, tm_track_get_disc (track), &number, error))
    return rollback (self);

  tm_track_set_release_id (track, release_id);
  tm_track_set_number (track, number);
  touch (TM_RECORD (track), "created-at", "updated-at");

  if (!write_record (self, "tracks", TM_RECORD (track), error)
      || !write_track_children (self, track, error))
    {
      tm_record_set_id (TM_RECORD (track), 0);
      return rollback (self);
    }

  if (!commit (self, error))
    {
      tm_record_set_id (TM_RECORD (track), 0);
      return FALSE;
    }

  emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
  return TRUE;
}

typedef struct
{
  gint64 release_id;
  int    disc;
  int    number;
} TrackPlace;

static gboolean
get_track_place (TmCatalog   *self,
                 gint64       track_id,
                 TrackPlace  *place,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_statement (self, "SELECT release_id, disc, number FROM tracks WHERE id = ?",
                              error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, track_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      place->release_id = sqlite3_column_int64 (stmt, 0);
      place->disc = sqlite3_column_int (stmt, 1);
      place->number = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return not_found (error, _("track"), track_id);
  if (rc != SQLITE_ROW)
    return set_error (self, error, rc);

  return TRUE;
}

/* Closes the gap a track leaves in its disc. */
static gboolean
close_gap (TmCatalog  *self,
           gint64      release_id,
           int         disc,
           GError    **error)
{
  g_autoptr(GArray) ids = disc_track_ids (self, release_id, disc, error);

  return ids != NULL && renumber (self, ids, error);
}

gboolean
tm_catalog_update_track (TmCatalog  *self,
                         TmTrack    *track,
                         GError    **error)
{
  gint64 id;
  TrackPlace place;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_TRACK (track), FALSE);

  id = tm_record_get_id (TM_RECORD (track));
  if (!check_splits (track, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!get_track_place (self, id, &place, error))
    return rollback (self);

  /* The release and the number are the catalog's to keep; a new disc moves the
   * track to the end of that disc. */
  tm_track_set_release_id (track, place.release_id);
  if (tm_track_get_disc (track) != place.disc)
    {
      int number;

      if (!next_number (self, place.release_id, tm_track_get_disc (track), &number, error))
        return rollback (self);
      tm_track_set_number (track, number);
    }
  else
    tm_track_set_number (track, place.number);

  touch (TM_RECORD (track), NULL, "updated-at");

  if (!write_record (self, "tracks", TM_RECORD (track), error)
      || !write_track_children (self, track, error)
      || (tm_track_get_disc (track) != place.disc
          && !close_gap (self, place.release_id, place.disc, error))
      || !touch_release (self, place.release_id, error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id, error);
}

gboolean
tm_catalog_remove_track (TmCatalog  *self,
                         gint64      track_id,
                         GError    **error)
{
  TrackPlace place;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!get_track_place (self, track_id, &place, error)
      || !delete_by (self, "DELETE FROM tracks WHERE id = ?", track_id, error)
      || !close_gap (self, place.release_id, place.disc, error)
      || !touch_release (self, place.release_id, error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id, error);
}

/**
 * tm_catalog_move_track:
 * @number: the new number on its disc, from 1; larger numbers move it to the end
 */
gboolean
tm_catalog_move_track (TmCatalog  *self,
                       gint64      track_id,
                       int         number,
                       GError    **error)
{
  g_autoptr(GArray) ids = NULL;
  TrackPlace place;
  guint target;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (number < 1)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("Track numbers start at 1; %d is not a place on the disc."), number);
      return FALSE;
    }

  if (!begin (self, error))
    return FALSE;

  if (!get_track_place (self, track_id, &place, error)
      || !(ids = disc_track_ids (self, place.release_id, place.disc, error)))
    return rollback (self);

  target = MIN ((guint) number, ids->len) - 1;
  g_array_remove_index (ids, place.number - 1);
  g_array_insert_val (ids, target, track_id);

  if (!renumber (self, ids, error) || !touch_release (self, place.release_id, error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id, error);
}

TmTrack *
tm_catalog_get_track (TmCatalog  *self,
                      gint64      track_id,
                      GError    **error)
{
  g_autoptr(TmTrack) track = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  track = query_record (self, TM_TYPE_TRACK, "SELECT * FROM tracks WHERE id = ?", track_id,
                        _("track"), error);
  if (track == NULL || !load_track_children (self, track, error))
    return NULL;

  return g_steal_pointer (&track);
}

/**
 * tm_catalog_list_tracks:
 *
 * Returns: (transfer container) (element-type TmTrack): the release's tracks by
 *   disc and number, each with its contributors and splits
 */
GPtrArray *
tm_catalog_list_tracks (TmCatalog  *self,
                        gint64      release_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) tracks = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  tracks = query_records (self, TM_TYPE_TRACK,
                          "SELECT * FROM tracks WHERE release_id = ? ORDER BY disc, number",
                          release_id, error);
  if (tracks == NULL)
    return NULL;

  for (guint i = 0; i < tracks->len; i++)
    if (!load_track_children (self, g_ptr_array_index (tracks, i), error))
      return NULL;

  return g_steal_pointer (&tracks);
}

/* Artwork */

gboolean
tm_catalog_set_artwork (TmCatalog  *self,
                        gint64      release_id,
                        TmArtwork  *artwork,
                        GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_ARTWORK (artwork), FALSE);

  if (tm_artwork_get_role (artwork) == NULL)
    tm_artwork_set_role (artwork, "front");
  tm_artwork_set_release_id (artwork, release_id);

  if (!begin (self, error))
    return FALSE;

  /* One image per role: a new front cover replaces the old one. */
  if (tm_record_get_id (TM_RECORD (artwork)) == 0)
    {
      sqlite3_stmt *stmt = get_statement (self, "DELETE FROM artworks WHERE release_id = ? "
                                                "AND role = ?", error);
      if (stmt == NULL)
        return rollback (self);
      sqlite3_bind_int64 (stmt, 1, release_id);
      sqlite3_bind_text (stmt, 2, tm_artwork_get_role (artwork), -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return rollback (self);
    }

  if (!touch_release (self, release_id, error)
      || !write_record (self, "artworks", TM_RECORD (artwork), error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id, error);
}

/**
 * tm_catalog_get_artwork:
 *
 * Returns: (transfer full) (nullable): the front cover, or %NULL without an error
 *   when the release has none
 */
TmArtwork *
tm_catalog_get_artwork (TmCatalog  *self,
                        gint64      release_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  found = query_records (self, TM_TYPE_ARTWORK,
                         "SELECT * FROM artworks WHERE release_id = ? AND role = 'front'",
                         release_id, error);
  if (found == NULL || found->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (found, 0));
}

/* Platforms */

static gboolean
check_platform (TmPlatform  *platform,
                GError     **error)
{
  const char *name = tm_platform_get_name (platform);

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("A platform needs a name."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_platform (TmCatalog   *self,
               TmPlatform  *platform,
               GError     **error)
{
  gboolean is_new = tm_record_get_id (TM_RECORD (platform)) == 0;
  g_autoptr(GError) local_error = NULL;

  if (!check_platform (platform, error))
    return FALSE;

  if (is_new)
    touch (TM_RECORD (platform), "created-at", NULL);

  if (!begin (self, error))
    return FALSE;

  if (!write_record (self, "platforms", TM_RECORD (platform), &local_error))
    {
      rollback (self);
      if (is_new)
        tm_record_set_id (TM_RECORD (platform), 0);
      if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS))
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                     _("There is already a platform named “%s”."),
                     tm_platform_get_name (platform));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return commit_and_notify (self, TM_CATALOG_CHANGE_PLATFORMS, 0, error);
}

gboolean
tm_catalog_add_platform (TmCatalog   *self,
                         TmPlatform  *platform,
                         GError     **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_PLATFORM (platform), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (platform)) == 0, FALSE);

  return save_platform (self, platform, error);
}

gboolean
tm_catalog_update_platform (TmCatalog   *self,
                            TmPlatform  *platform,
                            GError     **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_PLATFORM (platform), FALSE);

  if (tm_record_get_id (TM_RECORD (platform)) == 0)
    return not_found (error, _("platform"), 0);

  return save_platform (self, platform, error);
}

gboolean
tm_catalog_remove_platform (TmCatalog  *self,
                            gint64      platform_id,
                            GError    **error)
{
  gint64 used;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!query_int (self, "SELECT count(*) FROM distributions WHERE platform_id = ?",
                  platform_id, &used, 0, error))
    return rollback (self);

  /* Its distributions hold the history of what was delivered there. */
  if (used > 0)
    {
      rollback (self);
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_IN_USE,
                   ngettext ("The platform has %" G_GINT64_FORMAT " distribution with its "
                             "history; it cannot be removed. Disable it instead.",
                             "The platform has %" G_GINT64_FORMAT " distributions with their "
                             "history; it cannot be removed. Disable it instead.", used),
                   used);
      return FALSE;
    }

  if (!delete_by (self, "DELETE FROM platforms WHERE id = ?", platform_id, error))
    return rollback (self);

  if (sqlite3_changes (self->db) != 1)
    {
      rollback (self);
      return not_found (error, _("platform"), platform_id);
    }

  return commit_and_notify (self, TM_CATALOG_CHANGE_PLATFORMS, 0, error);
}

TmPlatform *
tm_catalog_get_platform (TmCatalog  *self,
                         gint64      platform_id,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return query_record (self, TM_TYPE_PLATFORM, "SELECT * FROM platforms WHERE id = ?",
                       platform_id, _("platform"), error);
}

TmPlatform *
tm_catalog_find_platform (TmCatalog   *self,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(stmt = get_statement (self, "SELECT * FROM platforms WHERE name = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!(found = collect_records (self, TM_TYPE_PLATFORM, stmt, error)))
    return NULL;

  if (found->len == 0)
    {
      GError *missing = g_error_new (TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                                     _("There is no platform named “%s”."), name);
      TmCatalogErrorPrivate *priv = tm_catalog_error_get_private (missing);

      if (priv != NULL)
        priv->missing = "platform";
      g_propagate_error (error, missing);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
tm_catalog_list_platforms (TmCatalog  *self,
                           GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return query_records (self, TM_TYPE_PLATFORM, "SELECT * FROM platforms ORDER BY name", 0,
                        error);
}

/* Distributions */

#define DISTRIBUTION_SELECT \
  "SELECT d.*, p.name AS platform_name FROM distributions d " \
  "JOIN platforms p ON p.id = d.platform_id "

static gboolean
insert_history (TmCatalog             *self,
                gint64                 distribution_id,
                TmDistributionStatus   from,
                TmDistributionStatus   to,
                TmActor                actor,
                const char            *details,
                GError               **error)
{
  g_autoptr(TmStatusChange) change = tm_status_change_new ();

  tm_status_change_set_distribution_id (change, distribution_id);
  tm_status_change_set_from_status (change, from);
  tm_status_change_set_to_status (change, to);
  tm_status_change_set_time (change, g_get_real_time ());
  tm_status_change_set_actor (change, actor);
  tm_status_change_set_details (change, details);

  return write_record (self, "status_history", TM_RECORD (change), error);
}

static gboolean
check_details (const char  *details,
               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (details == NULL)
    return TRUE;

  node = tm_json_parse (details, strlen (details), _("The status details"), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *shown = tm_text_from_outside (details, 200);

      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("Status details must be a JSON object, not “%s”."), shown);
      return FALSE;
    }

  return TRUE;
}

TmDistribution *
tm_catalog_add_distribution (TmCatalog  *self,
                             gint64      release_id,
                             gint64      platform_id,
                             TmActor     actor,
                             GError    **error)
{
  g_autoptr(TmDistribution) distribution = tm_distribution_new ();
  g_autoptr(GError) local_error = NULL;
  gint64 id;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  tm_distribution_set_release_id (distribution, release_id);
  tm_distribution_set_platform_id (distribution, platform_id);
  touch (TM_RECORD (distribution), "created-at", "updated-at");

  if (!begin (self, error))
    return NULL;

  if (!write_record (self, "distributions", TM_RECORD (distribution), &local_error))
    {
      rollback (self);
      if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS))
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_EXISTS,
                     _("Release %" G_GINT64_FORMAT " already has a distribution to that "
                       "platform."), release_id);
      else if (g_error_matches (local_error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND))
        g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                     _("There is no release %" G_GINT64_FORMAT " or no platform %"
                       G_GINT64_FORMAT " in the catalog."), release_id, platform_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  id = tm_record_get_id (TM_RECORD (distribution));
  if (!insert_history (self, id, TM_DISTRIBUTION_STATUS_CREATED, TM_DISTRIBUTION_STATUS_CREATED,
                       actor, NULL, error))
    {
      rollback (self);
      return NULL;
    }

  if (!commit (self, error))
    return NULL;

  emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
  return tm_catalog_get_distribution (self, id, error);
}

TmDistribution *
tm_catalog_get_distribution (TmCatalog  *self,
                             gint64      distribution_id,
                             GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return query_record (self, TM_TYPE_DISTRIBUTION, DISTRIBUTION_SELECT "WHERE d.id = ?",
                       distribution_id, _("distribution"), error);
}

TmDistribution *
tm_catalog_find_distribution (TmCatalog  *self,
                              gint64      release_id,
                              gint64      platform_id,
                              GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  stmt = get_statement (self, DISTRIBUTION_SELECT "WHERE d.release_id = ? AND d.platform_id = ?",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_int64 (stmt, 2, platform_id);
  if (!(found = collect_records (self, TM_TYPE_DISTRIBUTION, stmt, error)))
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND,
                   _("Release %" G_GINT64_FORMAT " has no distribution to that platform."),
                   release_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
tm_catalog_list_distributions (TmCatalog  *self,
                               gint64      release_id,
                               GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (release_id == 0)
    return query_records (self, TM_TYPE_DISTRIBUTION,
                          DISTRIBUTION_SELECT "ORDER BY d.release_id, p.name", 0, error);

  return query_records (self, TM_TYPE_DISTRIBUTION,
                        DISTRIBUTION_SELECT "WHERE d.release_id = ? ORDER BY p.name",
                        release_id, error);
}

/**
 * tm_catalog_update_distribution:
 *
 * Stores what is not the status: the platform's reference, the store link, the
 * attempt count, the last error and the next attempt time. The status changes
 * only through tm_catalog_transition().
 */
gboolean
tm_catalog_update_distribution (TmCatalog       *self,
                                TmDistribution  *distribution,
                                GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_DISTRIBUTION (distribution), FALSE);

  id = tm_record_get_id (TM_RECORD (distribution));
  touch (TM_RECORD (distribution), NULL, "updated-at");

  if (!begin (self, error))
    return FALSE;

  stmt = get_statement (self, "UPDATE distributions SET platform_reference = ?, store_url = ?, "
                              "attempts = ?, last_error = ?, error_category = ?, "
                              "next_attempt_at = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return rollback (self);

  sqlite3_bind_text (stmt, 1, tm_distribution_get_platform_reference (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tm_distribution_get_store_url (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, tm_distribution_get_attempts (distribution));
  sqlite3_bind_text (stmt, 4, tm_distribution_get_last_error (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tm_distribution_get_error_category (distribution), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, tm_distribution_get_next_attempt_at (distribution));
  sqlite3_bind_int64 (stmt, 7, tm_distribution_get_updated_at (distribution));
  sqlite3_bind_int64 (stmt, 8, id);

  if (!step_done (self, stmt, error))
    return rollback (self);
  if (sqlite3_changes (self->db) != 1)
    {
      rollback (self);
      return not_found (error, _("distribution"), id);
    }

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED,
                            tm_distribution_get_release_id (distribution), error);
}

static char *
describe_allowed (TmDistributionStatus from)
{
  GString *s = g_string_new (NULL);

  for (int to = 0; to < TM_N_DISTRIBUTION_STATUSES; to++)
    if (tm_distribution_status_can_transition (from, to))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", tm_distribution_status_to_string (to));

  return g_string_free (s, FALSE);
}

/**
 * tm_catalog_transition:
 * @to: the new status
 * @details_json: (nullable): a JSON object describing the new status
 *
 * Moves a distribution to @to if STATUS.md allows it, writing the change and its
 * history row in one transaction. A transition to the current status only
 * replaces the details and writes no history. Anything else is refused with
 * %TM_CATALOG_ERROR_INVALID_TRANSITION and changes nothing.
 */
gboolean
tm_catalog_transition (TmCatalog             *self,
                       gint64                 distribution_id,
                       TmDistributionStatus   to,
                       TmActor                actor,
                       const char            *details_json,
                       GError               **error)
{
  TmDistributionStatus from;
  sqlite3_stmt *stmt;
  gint64 release_id = 0;
  gboolean found = FALSE;
  gboolean known = FALSE;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail ((guint) to < TM_N_DISTRIBUTION_STATUSES, FALSE);

  if (!check_details (details_json, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!(stmt = get_statement (self, "SELECT status, release_id FROM distributions WHERE id = ?",
                              error)))
    return rollback (self);

  sqlite3_bind_int64 (stmt, 1, distribution_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      known = tm_distribution_status_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                                  &from);
      release_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rollback (self);
      return set_error (self, error, rc);
    }

  if (!found)
    {
      rollback (self);
      return not_found (error, _("distribution"), distribution_id);
    }

  if (!known)
    {
      rollback (self);
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_CORRUPT,
                   _("Distribution %" G_GINT64_FORMAT " has a status this TuneMantra does "
                     "not know; it was left as it is."), distribution_id);
      return FALSE;
    }

  if (from != to && !tm_distribution_status_can_transition (from, to))
    {
      g_autofree char *allowed = describe_allowed (from);

      rollback (self);
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID_TRANSITION,
                   _("Distribution %" G_GINT64_FORMAT " cannot go from %s to %s. From %s it "
                     "can go to: %s."),
                   distribution_id, tm_distribution_status_to_string (from),
                   tm_distribution_status_to_string (to), tm_distribution_status_to_string (from),
                   allowed);
      return FALSE;
    }

  stmt = get_statement (self, "UPDATE distributions SET status = ?, status_details = ?, "
                              "updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return rollback (self);

  sqlite3_bind_text (stmt, 1, tm_distribution_status_to_string (to), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, details_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 4, distribution_id);

  if (!step_done (self, stmt, error)
      || (from != to
          && !insert_history (self, distribution_id, from, to, actor, details_json, error)))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id, error);
}

/**
 * tm_catalog_add_note:
 * @details_json: a JSON object, such as {"note": "…"}
 *
 * Keeps in a distribution's history something that moved nothing (an
 * acknowledgement set aside): a row whose from and to are the state it is in.
 */
gboolean
tm_catalog_add_note (TmCatalog   *self,
                     gint64       distribution_id,
                     TmActor      actor,
                     const char  *details_json,
                     GError     **error)
{
  g_autoptr(TmDistribution) distribution = NULL;
  TmDistributionStatus now;
  gint64 release_id;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (details_json != NULL, FALSE);

  if (!check_details (details_json, error)
      || !(distribution = tm_catalog_get_distribution (self, distribution_id, error)))
    return FALSE;
  now = tm_distribution_get_status (distribution);
  release_id = tm_distribution_get_release_id (distribution);

  if (!begin (self, error))
    return FALSE;
  if (!insert_history (self, distribution_id, now, now, actor, details_json, error))
    return rollback (self);
  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id, error);
}

/**
 * tm_catalog_list_history:
 *
 * Returns: (transfer container) (element-type TmStatusChange): the distribution's
 *   history, oldest first
 */
GPtrArray *
tm_catalog_list_history (TmCatalog  *self,
                         gint64      distribution_id,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return query_records (self, TM_TYPE_STATUS_CHANGE,
                        "SELECT * FROM status_history WHERE distribution_id = ? "
                        "ORDER BY time, id", distribution_id, error);
}

/* Transactions for callers that change several things as one */

/* Identifiers */

GArray *
tm_catalog_find_tracks_by_isrc (TmCatalog   *self,
                                const char  *isrc,
                                GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);
  g_return_val_if_fail (isrc != NULL, NULL);

  if (!(stmt = get_statement (self, "SELECT id FROM tracks WHERE isrc = ? ORDER BY id", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, isrc, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

char *
tm_catalog_generate_isrc (TmCatalog   *self,
                          const char  *prefix,
                          int          year,
                          GError     **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *isrc = NULL;
  GError *local_error = NULL;
  guint64 next = 1;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (!(normal = tm_isrc_prefix_normalize (prefix, error)))
    return NULL;

  /* One counter per prefix and year, advanced in the same transaction that
   * reads it: two programs on one catalog never get the same number. */
  key = g_strdup_printf ("isrc.next.%s%02d", normal, ((year % 100) + 100) % 100);
  if (!begin (self, error))
    return NULL;

  stored = tm_catalog_get_setting (self, key, &local_error);
  if (local_error != NULL)
    goto fail;
  if (stored != NULL && !g_ascii_string_to_unsigned (stored, 10, 1, 100000, &next, NULL))
    next = 1;

  for (; next <= 99999; next++)
    {
      g_autoptr(GArray) used = NULL;

      g_free (isrc);
      isrc = tm_isrc_build (normal, year, next);
      if (!(used = tm_catalog_find_tracks_by_isrc (self, isrc, &local_error)))
        goto fail;
      if (used->len == 0)
        break;
    }

  if (next > 99999)
    {
      g_set_error (&local_error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_EXHAUSTED,
                   _("Every ISRC of %s for %d has been given out. Ask your ISRC agency for "
                     "another registrant code."), normal, year);
      goto fail;
    }

  {
    g_autofree char *after = g_strdup_printf ("%" G_GUINT64_FORMAT, next + 1);

    if (!tm_catalog_set_setting (self, key, after, &local_error))
      goto fail;
  }

  if (!commit (self, error))
    return NULL;

  return g_steal_pointer (&isrc);

fail:
  rollback (self);
  g_propagate_error (error, local_error);
  return NULL;
}

gboolean
tm_catalog_begin (TmCatalog  *self,
                  GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return begin (self, error);
}

gboolean
tm_catalog_commit (TmCatalog  *self,
                   GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return commit (self, error);
}

void
tm_catalog_rollback (TmCatalog *self)
{
  g_return_if_fail (TM_IS_CATALOG (self));

  rollback (self);
}

/* Jobs */

gboolean
tm_catalog_add_job (TmCatalog  *self,
                    TmJob      *job,
                    GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_JOB (job), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (job)) == 0, FALSE);

  touch (TM_RECORD (job), "created-at", "updated-at");

  if (!begin (self, error))
    return FALSE;

  if (!write_record (self, "jobs", TM_RECORD (job), error))
    {
      tm_record_set_id (TM_RECORD (job), 0);
      return rollback (self);
    }

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, tm_job_get_release_id (job),
                            error);
}

gboolean
tm_catalog_update_job (TmCatalog  *self,
                       TmJob      *job,
                       GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_JOB (job), FALSE);

  touch (TM_RECORD (job), NULL, "updated-at");

  if (!begin (self, error))
    return FALSE;
  if (!write_record (self, "jobs", TM_RECORD (job), error))
    return rollback (self);

  return commit_and_notify (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, tm_job_get_release_id (job),
                            error);
}

TmJob *
tm_catalog_get_job (TmCatalog  *self,
                    gint64      job_id,
                    GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  return query_record (self, TM_TYPE_JOB, "SELECT * FROM jobs WHERE id = ?", job_id, _("job"),
                       error);
}

/* "'waiting', 'running'": the nicks of the enum values in @mask. */
static char *
nicks_of (GType  type,
          guint  mask)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    if (mask & (1u << klass->values[i].value))
      g_string_append_printf (list, "%s'%s'", list->len > 0 ? ", " : "",
                              klass->values[i].value_nick);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * tm_catalog_list_jobs:
 * @query: (nullable): which jobs; %NULL for all
 *
 * Returns: (transfer container) (element-type TmJob): the jobs, high priority
 *   first, then by time
 */
GPtrArray *
tm_catalog_list_jobs (TmCatalog         *self,
                      const TmJobQuery  *query,
                      GError           **error)
{
  static const TmJobQuery all = { 0 };
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GString) sql = g_string_new (NULL);
  gint64 params[5];
  guint n_params = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (query == NULL)
    query = &all;
  if (query->states != 0)
    {
      g_autofree char *states = nicks_of (TM_TYPE_JOB_STATE, query->states);
      g_string_append_printf (where, " AND state IN (%s)", states);
    }
  if (query->kinds != 0)
    {
      g_autofree char *kinds = nicks_of (TM_TYPE_JOB_KIND, query->kinds);
      g_string_append_printf (where, " AND kind IN (%s)", kinds);
    }
  if (query->in_batch)
    g_string_append (where, " AND batch_id != 0");
#define MATCH(field, column) \
  if (query->field != 0) \
    { \
      g_string_append (where, " AND " column " ?"); \
      params[n_params++] = query->field; \
    }
  MATCH (job_id, "id =")
  MATCH (distribution_id, "distribution_id =")
  MATCH (release_id, "release_id =")
  MATCH (due_by, "run_at <=")
#undef MATCH

  /* The latest are chosen by SQLite: a catalog keeps every job it ever ran. */
  if (query->latest > 0)
    g_string_printf (sql, "SELECT * FROM (SELECT * FROM jobs WHERE %s ORDER BY updated_at DESC, "
                          "id DESC LIMIT %u)", where->str, query->latest);
  else
    g_string_printf (sql, "SELECT * FROM jobs WHERE %s", where->str);
  g_string_append (sql, " ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 "
                        "ELSE 2 END, run_at, id");

  if (!(stmt = get_statement (self, sql->str, error)))
    return NULL;
  for (guint i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, i + 1, params[i]);
  return collect_records (self, TM_TYPE_JOB, stmt, error);
}

/**
 * tm_catalog_claim_job:
 *
 * Takes a waiting job for @owner, counting the attempt. Returns %FALSE without an
 * error when another worker took it first.
 */
gboolean
tm_catalog_claim_job (TmCatalog   *self,
                      gint64       job_id,
                      const char  *owner,
                      gint64       lease_until,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  stmt = get_statement (self, "UPDATE jobs SET state = 'running', owner = ?, lease_until = ?, "
                              "attempts = attempts + 1, updated_at = ? "
                              "WHERE id = ? AND state = 'waiting'", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, lease_until);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 4, job_id);

  if (!step_done (self, stmt, error))
    return FALSE;

  return sqlite3_changes (self->db) == 1;
}

gint64
tm_catalog_next_batch_id (TmCatalog  *self,
                          GError    **error)
{
  g_autofree char *current = NULL;
  g_autofree char *next = NULL;
  gint64 id;

  g_return_val_if_fail (TM_IS_CATALOG (self), 0);

  if (!begin (self, error))
    return 0;

  current = tm_catalog_get_setting (self, "queue.last-batch", error);
  id = (current != NULL ? g_ascii_strtoll (current, NULL, 10) : 0) + 1;
  next = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (!tm_catalog_set_setting (self, "queue.last-batch", next, error))
    {
      rollback (self);
      return 0;
    }

  return commit (self, error) ? id : 0;
}

/* Reports */

/**
 * tm_catalog_find_report:
 * @sha256: (nullable): the file's hash, to find a report of the same content
 *   under another name or time; %NULL to look by path, size and time only
 *
 * Returns: (transfer full) (nullable): the stored report (JSON), or %NULL
 */
char *
tm_catalog_find_report (TmCatalog   *self,
                        const char  *kind,
                        const char  *path,
                        gint64       size,
                        gint64       mtime,
                        const char  *sha256,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  char *report = NULL;
  int rc;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  stmt = sha256 != NULL
         ? get_statement (self, "SELECT report FROM reports WHERE kind = ? AND sha256 = ? "
                                "AND size = ? ORDER BY created_at DESC LIMIT 1", error)
         : get_statement (self, "SELECT report FROM reports WHERE kind = ? AND path = ? "
                                "AND size = ? AND mtime = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha256 != NULL ? sha256 : path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  if (sha256 == NULL)
    sqlite3_bind_int64 (stmt, 4, mtime);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    report = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_error (self, error, rc);

  return report;
}

gboolean
tm_catalog_store_report (TmCatalog   *self,
                         const char  *kind,
                         const char  *path,
                         gint64       size,
                         gint64       mtime,
                         const char  *sha256,
                         const char  *report,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  stmt = get_statement (self, "INSERT OR REPLACE INTO reports (kind, path, size, mtime, sha256, "
                              "report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_int64 (stmt, 4, mtime);
  sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, report, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  return step_done (self, stmt, error);
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

  if (!(stmt = get_statement (self, "SELECT value FROM settings WHERE key = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_error (self, error, rc);

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

  if (!(stmt = get_statement (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                              error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}
