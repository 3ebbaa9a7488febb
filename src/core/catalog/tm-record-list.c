/* tm-record-list.c: a list model of catalog records that follows the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-record-list.h"

typedef struct
{
  TmCatalog    *catalog;        /* owned */
  GPtrArray    *items;          /* owned TmRecord, sorted by id */
  GCancellable *cancellable;    /* owned; the reload under way */
  guint         loading : 1;
  guint         reload_again : 1;
} TmRecordListPrivate;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TmRecordList, tm_record_list, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (TmRecordList)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
tm_record_list_get_item_type (GListModel *model)
{
  return TM_TYPE_RECORD;
}

static guint
tm_record_list_get_n_items (GListModel *model)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (TM_RECORD_LIST (model));

  return priv->items->len;
}

static gpointer
tm_record_list_get_item (GListModel *model,
                         guint       position)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (TM_RECORD_LIST (model));

  if (position >= priv->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (priv->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tm_record_list_get_item_type;
  iface->get_n_items = tm_record_list_get_n_items;
  iface->get_item = tm_record_list_get_item;
}

static void
items_changed (TmRecordList *self,
               guint         position,
               guint         removed,
               guint         added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The position of @id, or where it would go. */
static gboolean
search (TmRecordList *self,
        GPtrArray    *items,
        gint64        id,
        guint        *position)
{
  guint lo = 0, hi = items->len;

  /* Ordered otherwise: short lists (a release's tracks), looked through. */
  if (TM_RECORD_LIST_GET_CLASS (self)->own_order)
    {
      for (guint i = 0; i < items->len; i++)
        if (tm_record_get_id (g_ptr_array_index (items, i)) == id)
          {
            *position = i;
            return TRUE;
          }
      *position = items->len;
      return FALSE;
    }

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = tm_record_get_id (g_ptr_array_index (items, mid));

      if (mid_id == id)
        {
          *position = mid;
          return TRUE;
        }
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  *position = lo;
  return FALSE;
}

/* Takes @fresh (sorted by id) as the new content. Records that stay are kept as
 * objects and updated in place, so views and editors holding them follow. */
static void
replace_items (TmRecordList *self,
               GPtrArray    *fresh)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_full (fresh->len, g_object_unref);
  gboolean same_ids = fresh->len == priv->items->len;
  guint old_len = priv->items->len;

  for (guint i = 0; i < fresh->len; i++)
    {
      TmRecord *record = g_ptr_array_index (fresh, i);
      guint position;

      if (search (self, priv->items, tm_record_get_id (record), &position))
        {
          TmRecord *existing = g_ptr_array_index (priv->items, position);

          tm_record_assign (existing, record);
          g_ptr_array_add (merged, g_object_ref (existing));
          same_ids = same_ids && position == i;
        }
      else
        {
          g_ptr_array_add (merged, g_object_ref (record));
          same_ids = FALSE;
        }
    }

  if (same_ids)
    return;

  g_ptr_array_unref (priv->items);
  priv->items = g_steal_pointer (&merged);
  items_changed (self, 0, old_len, priv->items->len);
}

static void
refresh_one (TmRecordList *self,
             gint64        id)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmRecord) record = NULL;
  guint position;
  gboolean present = search (self, priv->items, id, &position);

  record = TM_RECORD_LIST_GET_CLASS (self)->load_one (self, priv->catalog, id, &error);
  if (error != NULL)
    {
      g_warning ("Could not refresh record %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }

  if (record == NULL && present)
    {
      g_ptr_array_remove_index (priv->items, position);
      items_changed (self, position, 1, 0);
    }
  else if (record != NULL && present)
    tm_record_assign (g_ptr_array_index (priv->items, position), record);
  else if (record != NULL)
    {
      g_ptr_array_insert (priv->items, position, g_steal_pointer (&record));
      items_changed (self, position, 0, 1);
    }
}

static void
catalog_changed_cb (TmRecordList *self,
                    int           change,
                    gint64        release_id,
                    TmCatalog    *catalog)
{
  TmRecordListClass *klass = TM_RECORD_LIST_GET_CLASS (self);

  if (klass->concerns != NULL && !klass->concerns (self, change, release_id))
    return;

  /* One record is read at once (it is one row); a whole list in a worker. */
  if (change != TM_CATALOG_CHANGE_EXTERNAL && klass->load_one != NULL && release_id != 0)
    refresh_one (self, release_id);
  else
    tm_record_list_reload_async (self, NULL, NULL, NULL);
}

static void
tm_record_list_constructed (GObject *object)
{
  TmRecordList *self = TM_RECORD_LIST (object);
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  G_OBJECT_CLASS (tm_record_list_parent_class)->constructed (object);

  g_signal_connect_object (priv->catalog, "changed", G_CALLBACK (catalog_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
tm_record_list_dispose (GObject *object)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (TM_RECORD_LIST (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->catalog);

  G_OBJECT_CLASS (tm_record_list_parent_class)->dispose (object);
}

static void
tm_record_list_finalize (GObject *object)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (TM_RECORD_LIST (object));

  g_clear_pointer (&priv->items, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_record_list_parent_class)->finalize (object);
}

static void
tm_record_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TmRecordList *self = TM_RECORD_LIST (object);
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, priv->catalog);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->items->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_record_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (TM_RECORD_LIST (object));

  switch (prop_id)
    {
    case PROP_CATALOG:
      priv->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_record_list_class_init (TmRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tm_record_list_constructed;
  object_class->dispose = tm_record_list_dispose;
  object_class->finalize = tm_record_list_finalize;
  object_class->get_property = tm_record_list_get_property;
  object_class->set_property = tm_record_list_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tm_record_list_init (TmRecordList *self)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  priv->items = g_ptr_array_new_with_free_func (g_object_unref);
}

TmCatalog *
tm_record_list_get_catalog (TmRecordList *self)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  g_return_val_if_fail (TM_IS_RECORD_LIST (self), NULL);

  return priv->catalog;
}

gboolean
tm_record_list_get_loading (TmRecordList *self)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  g_return_val_if_fail (TM_IS_RECORD_LIST (self), FALSE);

  return priv->loading;
}

static void
set_loading (TmRecordList *self,
             gboolean      loading)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);

  if (priv->loading == !!loading)
    return;

  priv->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
tm_record_list_reload (TmRecordList  *self,
                       GError       **error)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  g_autoptr(GPtrArray) fresh = NULL;

  g_return_val_if_fail (TM_IS_RECORD_LIST (self), FALSE);

  fresh = TM_RECORD_LIST_GET_CLASS (self)->load (self, priv->catalog, error);
  if (fresh == NULL)
    return FALSE;

  replace_items (self, fresh);
  return TRUE;
}

/* The worker gets the path, never the list's connection: it opens its own. */
static void
reload_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TmRecordList *self = source_object;
  const char *path = task_data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fresh;

  if (!(catalog = tm_catalog_open (path, &error))
      || !(fresh = TM_RECORD_LIST_GET_CLASS (self)->load (self, catalog, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, fresh, (GDestroyNotify) g_ptr_array_unref);
}

static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TmRecordList *self = TM_RECORD_LIST (object);
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;

  fresh = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&priv->cancellable);
  if (fresh != NULL)
    replace_items (self, fresh);

  /* A change that came while loading may not be in what was loaded: the list
   * stays loading until it is. Otherwise it says so after the records are in
   * place, so what is read on notify::loading is what was loaded (records
   * changed in place emit no items-changed). */
  if (priv->reload_again)
    {
      priv->reload_again = FALSE;
      priv->loading = FALSE;
      tm_record_list_reload_async (self, NULL, NULL, NULL);
    }
  else
    set_loading (self, FALSE);

  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_boolean (outer, TRUE);
}

/**
 * tm_record_list_reload_async:
 *
 * Loads the list in a worker thread with its own connection, then merges the
 * result in the main context. A reload asked for while one runs happens after it.
 */
void
tm_record_list_reload_async (TmRecordList        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TM_IS_RECORD_LIST (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tm_record_list_reload_async);
  g_task_set_name (outer, "[tm] reload record list");

  if (priv->loading)
    {
      priv->reload_again = TRUE;
      g_task_return_boolean (outer, TRUE);
      return;
    }

  set_loading (self, TRUE);
  priv->cancellable = g_cancellable_new ();

  task = g_task_new (self, priv->cancellable, reload_done_cb, g_steal_pointer (&outer));
  g_task_set_name (task, "[tm] load records");
  g_task_set_task_data (task, g_strdup (tm_catalog_get_path (priv->catalog)), g_free);
  g_task_run_in_thread (task, reload_worker);
}

gboolean
tm_record_list_reload_finish (TmRecordList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * tm_record_list_find:
 * @position: (out) (optional): where the record is
 *
 * Returns: (transfer none) (nullable): the record with @id
 */
gpointer
tm_record_list_find (TmRecordList *self,
                     gint64        id,
                     guint        *position)
{
  TmRecordListPrivate *priv = tm_record_list_get_instance_private (self);
  guint pos;

  g_return_val_if_fail (TM_IS_RECORD_LIST (self), NULL);

  if (!search (self, priv->items, id, &pos))
    return NULL;

  if (position != NULL)
    *position = pos;
  return g_ptr_array_index (priv->items, pos);
}
