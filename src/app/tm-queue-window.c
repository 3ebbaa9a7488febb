/* tm-queue-window.c: the delivery queue, job by job, with progress
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The jobs are a list of the catalog (TmQueryList), kept up to date by its
 * change notifications, so those run by `tunemantra-cli queue run` show too,
 * with the progress it saves; those of this process move with the queue's own
 * progress. Each job is a TmJobItem (kept for as long as the job is listed,
 * so its speed samples survive a reload), shown by a TmJobRow from the list
 * view's factory in tm-queue-window.ui. Pause, resume, cancel (with undo) and
 * deliver again are actions of the window. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-distributor.h"
#include "tm-job-row.h"
#include "tm-query-list.h"
#include "tm-queue-window.h"
#include "tm-widget-util.h"

#define FINISHED_SHOWN 200

struct _TmQueueWindow
{
  AdwWindow        parent_instance;

  TmCatalog       *catalog;        /* construct-only */
  TmJobQueue      *queue;          /* construct-only, nullable */
  TmQueryList     *jobs;           /* what the filter shows */
  TmQueryList     *open;           /* the work under way, for the summary */
  GHashTable      *items;          /* job id → TmJobItem */
  TmQueueFilter    filter;
  gboolean         all_paused;
  char            *summary;

  /* Template widgets */
  GtkMapListModel *mapped;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkProgressBar  *overall;
  GtkButton       *pause_all;
  GtkDropDown     *filter_dropdown;
  GtkListView     *list;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (TmQueueWindow, tm_queue_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TmJobQuery
query_for (TmQueueFilter filter)
{
  switch (filter)
    {
    case TM_QUEUE_FILTER_FAILED:
      return (TmJobQuery) { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_FAILED),
                            .kinds = TM_JOB_KINDS_WORK, .latest = FINISHED_SHOWN };
    case TM_QUEUE_FILTER_FINISHED:
      return (TmJobQuery) { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_DONE)
                                      | TM_JOB_STATE_MASK (TM_JOB_STATE_CANCELLED),
                            .kinds = TM_JOB_KINDS_WORK, .latest = FINISHED_SHOWN };
    case TM_QUEUE_FILTER_ALL:
      return (TmJobQuery) { .latest = FINISHED_SHOWN };
    case TM_QUEUE_FILTER_ACTIVE:
    default:
      return (TmJobQuery) { .states = TM_JOB_STATES_OPEN, .kinds = TM_JOB_KINDS_WORK };
    }
}

/* The list's jobs as items, the same item for the same job. */
static gpointer
map_job (gpointer item,
         gpointer user_data)
{
  TmQueueWindow *self = user_data;
  g_autoptr(TmJob) job = item;
  gint64 id = tm_record_get_id (TM_RECORD (job));
  TmJobItem *mapped = g_hash_table_lookup (self->items, &id);

  if (mapped == NULL)
    {
      mapped = tm_job_item_new (job);
      tm_job_item_set_all_paused (mapped, self->all_paused);
      g_hash_table_insert (self->items, g_memdup2 (&id, sizeof id), mapped);
    }
  else
    tm_job_item_set_job (mapped, job);
  return g_object_ref (mapped);
}

/* The summary: how much is under way, and the bar of what runs. */
static void
update_summary (TmQueueWindow *self)
{
  guint counts[TM_JOB_STATE_CANCELLED + 1] = { 0, };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->open));
  guint64 done = 0, total = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmJob) job = g_list_model_get_item (G_LIST_MODEL (self->open), i);
      gint64 id = tm_record_get_id (TM_RECORD (job));
      TmProgress p;

      counts[tm_job_get_state (job)]++;
      if (self->queue != NULL && tm_job_queue_get_progress (self->queue, id, &p))
        {
          done += p.bytes_done;
          total += p.bytes_total;
        }
      else if (tm_job_get_state (job) == TM_JOB_STATE_RUNNING)
        {
          done += tm_job_get_bytes_done (job);
          total += tm_job_get_bytes_total (job);
        }
    }

  if (counts[TM_JOB_STATE_RUNNING] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u running", "%u running",
                                                       counts[TM_JOB_STATE_RUNNING]),
                                             counts[TM_JOB_STATE_RUNNING]));
  if (counts[TM_JOB_STATE_WAITING] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u waiting", "%u waiting",
                                                       counts[TM_JOB_STATE_WAITING]),
                                             counts[TM_JOB_STATE_WAITING]));
  if (counts[TM_JOB_STATE_PAUSED] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u paused", "%u paused",
                                                       counts[TM_JOB_STATE_PAUSED]),
                                             counts[TM_JOB_STATE_PAUSED]));
  g_free (self->summary);
  if (parts->len == 0)
    self->summary = g_strdup (_("Nothing is being delivered"));
  else
    {
      g_ptr_array_add (parts, NULL);
      self->summary = g_strjoinv (" · ", (char **) parts->pdata);
    }
  gtk_label_set_text (self->summary_label, self->summary);
  gtk_widget_set_visible (GTK_WIDGET (self->overall), total > 0);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->overall, (double) done / total);

  /* The queue as a whole is paused when the work under way is. */
  self->all_paused = n > 0 && counts[TM_JOB_STATE_PAUSED] == n;
  gtk_button_set_label (self->pause_all, self->all_paused ? _("_Resume All") : _("_Pause All"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_all), n > 0);
}

static void
jobs_changed_cb (TmQueueWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->jobs)) > 0
                                    ? "list" : "empty");
}

static void
prune_items (TmQueueWindow *self)
{
  GHashTableIter iter;
  gpointer key;

  /* Items of jobs no longer listed go (their rows have gone). */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (tm_record_list_find (TM_RECORD_LIST (self->jobs), *(gint64 *) key, NULL) == NULL)
      g_hash_table_iter_remove (&iter);
}

static void
open_changed_cb (TmQueueWindow *self)
{
  GHashTableIter iter;
  gpointer item;

  update_summary (self);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    tm_job_item_set_all_paused (item, self->all_paused);
}

static void
job_progress_cb (TmQueueWindow *self,
                 gint64         job_id)
{
  TmJobItem *item = g_hash_table_lookup (self->items, &job_id);
  TmProgress p;

  if (self->queue == NULL || !tm_job_queue_get_progress (self->queue, job_id, &p))
    return;
  if (item != NULL)
    tm_job_item_set_progress (item, &p, g_get_monotonic_time ());
  update_summary (self);
}

/* Actions */

static void
poke (TmQueueWindow *self)
{
  if (self->queue != NULL)
    tm_job_queue_poke (self->queue);
}

/* Cancelled, failed or ended work goes again: a retry where the delivery
 * failed, a new delivery where cancelling put it back to not sent. */
static gboolean
redeliver (TmQueueWindow  *self,
           gint64          distribution_id,
           GError        **error)
{
  g_autoptr(TmDistribution) d = tm_catalog_get_distribution (self->catalog, distribution_id,
                                                             error);
  g_autoptr(GPtrArray) outcomes = NULL;
  gint64 release_id, platform_id;

  if (d == NULL)
    return FALSE;
  if (tm_distribution_get_status (d) == TM_DISTRIBUTION_STATUS_FAILED
      || tm_distribution_get_status (d) == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION)
    return tm_distributor_retry (self->catalog, distribution_id, error);

  release_id = tm_distribution_get_release_id (d);
  platform_id = tm_distribution_get_platform_id (d);
  if (!(outcomes = tm_distributor_distribute (self->catalog, &release_id, 1, &platform_id, 1,
                                              TM_JOB_PRIORITY_NORMAL, 0, 0, error)))
    return FALSE;
  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->problem != NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, o->problem);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  GWeakRef window;
  gint64   distribution_id;
} Cancelled;

static void
cancelled_free (gpointer data)
{
  Cancelled *c = data;

  g_weak_ref_clear (&c->window);
  g_free (c);
}

static void
undo_cancel_cb (AdwToast  *toast,
                Cancelled *c)
{
  g_autoptr(TmQueueWindow) self = g_weak_ref_get (&c->window);
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (!redeliver (self, c->distribution_id, &error))
    tm_widget_show_message (GTK_WIDGET (self), error->message);
  poke (self);
}

static void
job_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (widget);
  gint64 job_id = g_variant_get_int64 (parameter);
  g_autoptr(TmJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (!(job = tm_catalog_get_job (self->catalog, job_id, &error)))
    {
      tm_widget_show_message (widget, error->message);
      return;
    }

  if (g_str_equal (action_name, "job.pause") || g_str_equal (action_name, "job.resume"))
    {
      tm_distributor_set_paused (self->catalog, 0, job_id, g_str_equal (action_name, "job.pause"),
                                 &error);
      ok = error == NULL;
    }
  else if (g_str_equal (action_name, "job.retry"))
    ok = redeliver (self, tm_job_get_distribution_id (job), &error);
  else if (g_str_equal (action_name, "job.cancel"))
    {
      gint64 distribution_id = tm_job_get_distribution_id (job);

      if ((ok = tm_distributor_cancel (self->catalog, distribution_id, &error)))
        {
          AdwToast *toast = adw_toast_new (_("Delivery cancelled"));
          Cancelled *c = g_new0 (Cancelled, 1);

          g_weak_ref_init (&c->window, self);
          c->distribution_id = distribution_id;
          adw_toast_set_button_label (toast, _("_Undo"));
          g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cancel_cb), c,
                                 (GClosureNotify) (void (*) (void)) cancelled_free, 0);
          adw_toast_overlay_add_toast (self->toasts, toast);
        }
    }

  if (!ok)
    tm_widget_show_message (widget, error->message);
  poke (self);
}

static void
pause_all_clicked_cb (TmQueueWindow *self)
{
  g_autoptr(GError) error = NULL;

  tm_distributor_set_paused (self->catalog, 0, 0, !self->all_paused, &error);
  if (error != NULL)
    tm_widget_show_message (GTK_WIDGET (self), error->message);
  poke (self);
}

static void
filter_changed_cb (TmQueueWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    tm_queue_window_set_filter (self, selected);
}

/**
 * tm_queue_window_set_filter:
 *
 * Shows other jobs, as the drop-down does.
 */
void
tm_queue_window_set_filter (TmQueueWindow *self,
                            TmQueueFilter  filter)
{
  TmJobQuery query;

  g_return_if_fail (TM_IS_QUEUE_WINDOW (self));

  if (gtk_drop_down_get_selected (self->filter_dropdown) != (guint) filter)
    {
      gtk_drop_down_set_selected (self->filter_dropdown, filter);
      return; /* the drop-down comes back here */
    }
  self->filter = filter;
  query = query_for (filter);
  tm_query_list_set_job_query (self->jobs, &query);
}

/* For tests and the tests' eyes */

/**
 * tm_queue_window_get_loading:
 *
 * Returns: whether the jobs are being read again
 */
gboolean
tm_queue_window_get_loading (TmQueueWindow *self)
{
  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), FALSE);

  return tm_record_list_get_loading (TM_RECORD_LIST (self->jobs))
         || tm_record_list_get_loading (TM_RECORD_LIST (self->open));
}

guint
tm_queue_window_get_n_jobs (TmQueueWindow *self)
{
  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
}

const char *
tm_queue_window_get_summary (TmQueueWindow *self)
{
  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  return self->summary;
}

/**
 * tm_queue_window_get_job_text:
 *
 * Returns: (nullable): the job's progress or error line as shown
 */
const char *
tm_queue_window_get_job_text (TmQueueWindow *self,
                              gint64         job_id)
{
  TmJobItem *item;

  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  item = g_hash_table_lookup (self->items, &job_id);
  return item != NULL ? tm_job_item_get_detail (item) : NULL;
}

static TmJobRow *
find_row (GtkWidget *widget,
          gint64     job_id)
{
  if (TM_IS_JOB_ROW (widget))
    {
      TmJobItem *item = tm_job_row_get_item (TM_JOB_ROW (widget));

      return item != NULL && tm_record_get_id (TM_RECORD (tm_job_item_get_job (item))) == job_id
             ? TM_JOB_ROW (widget) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TmJobRow *found = find_row (child, job_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * tm_queue_window_get_job_button:
 * @action: such as "job.pause"
 *
 * Returns: (transfer none) (nullable): the job's button for @action, if it shows one
 */
GtkWidget *
tm_queue_window_get_job_button (TmQueueWindow *self,
                                gint64         job_id,
                                const char    *action)
{
  TmJobRow *row;

  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  row = find_row (GTK_WIDGET (self->list), job_id);
  return row != NULL ? tm_job_row_get_button (row, action) : NULL;
}

/* Construction */

static void
tm_queue_window_constructed (GObject *object)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (object);
  TmJobQuery active = query_for (TM_QUEUE_FILTER_ACTIVE);

  G_OBJECT_CLASS (tm_queue_window_parent_class)->constructed (object);

  self->jobs = tm_query_list_new_jobs (self->catalog, &active);
  self->open = tm_query_list_new_jobs (self->catalog, &active);
  gtk_map_list_model_set_map_func (self->mapped, map_job, self, NULL);
  gtk_map_list_model_set_model (self->mapped, G_LIST_MODEL (self->jobs));
  g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (jobs_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->jobs, "notify::loading", G_CALLBACK (prune_items), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->open, "items-changed", G_CALLBACK (open_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->open, "notify::loading", G_CALLBACK (open_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tm_record_list_reload_async (TM_RECORD_LIST (self->jobs), NULL, NULL, NULL);
  tm_record_list_reload_async (TM_RECORD_LIST (self->open), NULL, NULL, NULL);
  if (self->queue != NULL)
    g_signal_connect_object (self->queue, "job-progress", G_CALLBACK (job_progress_cb), self,
                             G_CONNECT_SWAPPED);
  jobs_changed_cb (self);
  update_summary (self);
}

static void
tm_queue_window_dispose (GObject *object)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_QUEUE_WINDOW);
  g_clear_object (&self->jobs);
  g_clear_object (&self->open);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_queue_window_parent_class)->dispose (object);
}

static void
tm_queue_window_finalize (GObject *object)
{
  g_free (TM_QUEUE_WINDOW (object)->summary);

  G_OBJECT_CLASS (tm_queue_window_parent_class)->finalize (object);
}

static void
tm_queue_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_queue_window_class_init (TmQueueWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_queue_window_constructed;
  object_class->dispose = tm_queue_window_dispose;
  object_class->finalize = tm_queue_window_finalize;
  object_class->set_property = tm_queue_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* This process's queue, for live progress and to wake it; nullable. */
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, TM_TYPE_JOB_QUEUE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_JOB_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-queue-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, mapped);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, overall);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, pause_all);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, list);
  gtk_widget_class_bind_template_child (widget_class, TmQueueWindow, toasts);
  gtk_widget_class_bind_template_callback (widget_class, pause_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "job.pause", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.resume", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.cancel", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.retry", "x", job_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_queue_window_init (TmQueueWindow *self)
{
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_queue_window_new:
 * @queue: (nullable): this process's queue, for live progress and to wake it
 */
GtkWidget *
tm_queue_window_new (TmCatalog  *catalog,
                     TmJobQueue *queue)
{
  return g_object_new (TM_TYPE_QUEUE_WINDOW, "catalog", catalog, "queue", queue, NULL);
}
