/* tm-deliver-dialog.c: choose where a release goes, seeing what each platform would say
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each platform the catalog can deliver to, with what pre-flight finds
 * against its rules (checked in a worker as the dialog opens). Delivering to
 * a platform whose rules find errors is asked about first: the release would
 * stop at the checks and wait for the fix. What is chosen is then checked
 * again and queued, in a worker with its own connection; the window says
 * how it went. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-deliver-dialog.h"
#include "tm-deliver-row.h"
#include "tm-distributor.h"
#include "tm-preflight.h"
#include "tm-requirements.h"
#include "tm-widget-util.h"

struct _TmDeliverDialog
{
  AdwWindow      parent_instance;

  TmCatalog     *catalog;     /* construct-only */
  TmRelease     *release;     /* construct-only */
  TmJobQueue    *queue;       /* construct-only, nullable */
  GListStore    *choices;     /* TmDeliverChoice */
  GCancellable  *cancellable;
  gboolean       checking;
  gboolean       busy;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkListBox    *list;
  GtkWidget     *deliver_button;
  GtkStack      *stack;
};

G_DEFINE_FINAL_TYPE (TmDeliverDialog, tm_deliver_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_RELEASE,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
title_of (TmRelease *release)
{
  return tm_release_get_title (release) != NULL ? tm_release_get_title (release)
                                                : _("Untitled Release");
}

static void
update_deliver_button (TmDeliverDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
  gboolean any = FALSE;

  for (guint i = 0; i < n && !any; i++)
    {
      g_autoptr(TmDeliverChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);

      any = tm_deliver_choice_get_chosen (choice);
    }
  gtk_widget_set_sensitive (self->deliver_button, any && !self->busy);
}

/* Pre-flight per platform, in a worker */

typedef struct
{
  gint64  platform_id;
  guint   n_errors;
  guint   n_warnings;
  char   *first_error;
} Verdict;

static void
verdict_free (gpointer data)
{
  Verdict *v = data;

  g_free (v->first_error);
  g_free (v);
}

typedef struct
{
  char   *catalog_path;
  gint64  release_id;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *d = data;

  g_free (d->catalog_path);
  g_free (d);
}

static void
check_worker (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *d = task_data;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func (verdict_free);
  GError *error = NULL;

  if (!(catalog = tm_catalog_open (d->catalog_path, &error))
      || !(all = tm_requirements_load_all (NULL, &error))
      || !(profiles = tm_preflight_choose_profiles (catalog, all, NULL, &error))
      || !(platforms = tm_catalog_list_platforms (catalog, &error))
      || !(issues = tm_preflight_check_release (catalog, d->release_id, profiles, NULL, NULL,
                                                NULL, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint p = 0; p < platforms->len; p++)
    {
      TmPlatform *platform = g_ptr_array_index (platforms, p);
      const char *profile = tm_platform_get_rule_profile (platform);
      Verdict *v = g_new0 (Verdict, 1);

      v->platform_id = tm_record_get_id (TM_RECORD (platform));
      for (guint i = 0; i < issues->len; i++)
        {
          TmIssue *issue = g_ptr_array_index (issues, i);

          if (g_strcmp0 (tm_issue_get_platform (issue), profile) != 0)
            continue;
          if (tm_issue_get_severity (issue) == TM_ISSUE_ERROR)
            {
              if (v->n_errors++ == 0)
                v->first_error = g_strdup (tm_issue_get_message (issue));
            }
          else if (tm_issue_get_severity (issue) == TM_ISSUE_WARNING)
            v->n_warnings++;
        }
      g_ptr_array_add (verdicts, v);
    }
  g_task_return_pointer (task, g_steal_pointer (&verdicts), (GDestroyNotify) g_ptr_array_unref);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TmDeliverDialog *self = TM_DELIVER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) verdicts = g_task_propagate_pointer (G_TASK (result), &error);
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmDeliverChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);
      gint64 id = tm_record_get_id (TM_RECORD (tm_deliver_choice_get_platform (choice)));

      if (verdicts == NULL)
        {
          tm_deliver_choice_set_checked (choice, 0, 0, error->message);
          continue;
        }
      for (guint v = 0; v < verdicts->len; v++)
        {
          Verdict *verdict = g_ptr_array_index (verdicts, v);

          if (verdict->platform_id == id)
            tm_deliver_choice_set_checked (choice, verdict->n_errors, verdict->n_warnings,
                                           verdict->first_error);
        }
    }
}

/* Delivering */

typedef struct
{
  char   *catalog_path;
  gint64  release_id;
  GArray *platform_ids;
} DeliverData;

static void
deliver_data_free (gpointer data)
{
  DeliverData *d = data;

  g_free (d->catalog_path);
  g_array_unref (d->platform_ids);
  g_free (d);
}

static void
deliver_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  DeliverData *d = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCatalog) catalog = tm_catalog_open (d->catalog_path, &error);
  GPtrArray *outcomes = NULL;

  if (catalog != NULL)
    outcomes = tm_distributor_distribute (catalog, &d->release_id, 1,
                                          (gint64 *) d->platform_ids->data, d->platform_ids->len,
                                          TM_JOB_PRIORITY_NORMAL, 0, 0, &error);
  if (outcomes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify) g_ptr_array_unref);
}

static void
deliver_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TmDeliverDialog *self = TM_DELIVER_DIALOG (source);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *message = NULL;
  guint queued = 0, stopped = 0;
  const char *first_problem = NULL;

  self->busy = FALSE;
  if (outcomes == NULL)
    {
      message = g_strdup_printf (_("The release could not be queued: %s"), error->message);
      tm_widget_show_message (GTK_WIDGET (self), message);
      update_deliver_button (self);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->problem == NULL)
        queued++;
      else if (stopped++ == 0)
        first_problem = o->problem;
    }
  /* Another connection wrote: the window's lists hear of it now, not later. */
  tm_catalog_check_external_changes (self->catalog);
  if (self->queue != NULL)
    tm_job_queue_poke (self->queue);

  if (stopped == 0)
    message = g_strdup_printf (ngettext ("Queued for %u platform", "Queued for %u platforms",
                                         queued), queued);
  else if (queued == 0)
    message = g_strdup_printf (_("Not queued: %s"), first_problem);
  else
    message = g_strdup_printf (ngettext ("Queued for %u platform; stopped for %u: %s",
                                         "Queued for %u platforms; stopped for %u: %s", queued),
                               queued, stopped, first_problem);
  if (parent != NULL)
    tm_widget_show_message (GTK_WIDGET (parent), message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_delivery (TmDeliverDialog *self)
{
  g_autoptr(GTask) task = NULL;
  DeliverData *d = g_new0 (DeliverData, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));

  d->platform_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmDeliverChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);
      gint64 id = tm_record_get_id (TM_RECORD (tm_deliver_choice_get_platform (choice)));

      if (tm_deliver_choice_get_chosen (choice))
        g_array_append_val (d->platform_ids, id);
    }
  d->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  d->release_id = tm_record_get_id (TM_RECORD (self->release));

  self->busy = TRUE;
  update_deliver_button (self);
  task = tm_widget_task_new (self, NULL, deliver_done_cb, NULL);
  g_task_set_source_tag (task, start_delivery);
  g_task_set_name (task, "[tm] distribute");
  g_task_set_task_data (task, d, deliver_data_free);
  g_task_run_in_thread (task, deliver_worker);
}

static void
anyway_response_cb (TmDeliverDialog *self,
                    const char      *response)
{
  if (g_str_equal (response, "deliver"))
    start_delivery (self);
}

/**
 * tm_deliver_dialog_deliver:
 *
 * Queues the release for the chosen platforms, as the Deliver button does;
 * when the rules of one of them find errors, asks first.
 *
 * Returns: (transfer none) (nullable): the question, when one is asked
 */
GtkWidget *
tm_deliver_dialog_deliver (TmDeliverDialog *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n, with_errors = 0, errors = 0;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (TM_IS_DELIVER_DIALOG (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmDeliverChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->choices), i);

      if (!tm_deliver_choice_get_chosen (choice) || tm_deliver_choice_get_n_errors (choice) == 0)
        continue;
      with_errors++;
      errors += tm_deliver_choice_get_n_errors (choice);
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              tm_platform_get_name (tm_deliver_choice_get_platform (choice)));
    }
  if (with_errors == 0)
    {
      start_delivery (self);
      return NULL;
    }

  body = g_strdup_printf (ngettext ("The rules of %s find %u error. The release will stop at "
                                    "the checks and wait for you to fix it; the Delivery "
                                    "section then says what to do.",
                                    "The rules of %s find %u errors. The release will stop at "
                                    "the checks and wait for you to fix them; the Delivery "
                                    "section then says what to do.", errors),
                          names->str, errors);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Deliver with Errors?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "deliver", _("_Deliver Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deliver",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (anyway_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* The main window's Platforms, from this dialog of its. */
static void
platforms_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.platforms", NULL);
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
deliver_clicked_cb (TmDeliverDialog *self)
{
  tm_deliver_dialog_deliver (self);
}

/* Loading the platforms */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return tm_deliver_row_new (item);
}

static void
load (TmDeliverDialog *self)
{
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  CheckData *d;
  guint enabled = 0;

  /* A few rows of one table: what to show at once. */
  if (!(platforms = tm_catalog_list_platforms (self->catalog, &error)))
    {
      tm_widget_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < platforms->len; i++)
    if (tm_platform_get_enabled (g_ptr_array_index (platforms, i)))
      enabled++;
  for (guint i = 0; i < platforms->len; i++)
    {
      TmPlatform *platform = g_ptr_array_index (platforms, i);
      g_autoptr(TmDeliverChoice) choice = NULL;

      if (!tm_platform_get_enabled (platform))
        continue;
      choice = tm_deliver_choice_new (platform);
      /* The only platform is the obvious choice. */
      tm_deliver_choice_set_chosen (choice, enabled == 1);
      g_signal_connect_object (choice, "notify::chosen", G_CALLBACK (update_deliver_button), self,
                               G_CONNECT_SWAPPED);
      g_list_store_append (self->choices, choice);
    }
  gtk_stack_set_visible_child_name (self->stack, enabled > 0 ? "platforms" : "none");
  update_deliver_button (self);
  if (enabled == 0)
    return;

  d = g_new0 (CheckData, 1);
  d->catalog_path = g_strdup (tm_catalog_get_path (self->catalog));
  d->release_id = tm_record_get_id (TM_RECORD (self->release));
  self->checking = TRUE;
  task = tm_widget_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, load);
  g_task_set_name (task, "[tm] pre-flight for delivery");
  g_task_set_task_data (task, d, check_data_free);
  g_task_run_in_thread (task, check_worker);
}

GListModel *
tm_deliver_dialog_get_choices (TmDeliverDialog *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_DIALOG (self), NULL);

  return G_LIST_MODEL (self->choices);
}

gboolean
tm_deliver_dialog_get_checking (TmDeliverDialog *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_DIALOG (self), FALSE);

  return self->checking;
}

gboolean
tm_deliver_dialog_get_busy (TmDeliverDialog *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_DIALOG (self), FALSE);

  return self->busy;
}

static void
tm_deliver_dialog_constructed (GObject *object)
{
  TmDeliverDialog *self = TM_DELIVER_DIALOG (object);
  g_autofree char *heading = NULL;

  G_OBJECT_CLASS (tm_deliver_dialog_parent_class)->constructed (object);

  heading = g_strdup_printf (_("Deliver “%s”"), title_of (self->release));
  adw_window_title_set_title (self->window_title, heading);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->choices), create_row, NULL, NULL);
  load (self);
}

static void
tm_deliver_dialog_dispose (GObject *object)
{
  TmDeliverDialog *self = TM_DELIVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_DELIVER_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->choices);
  g_clear_object (&self->catalog);
  g_clear_object (&self->release);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (tm_deliver_dialog_parent_class)->dispose (object);
}

static void
tm_deliver_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TmDeliverDialog *self = TM_DELIVER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_RELEASE:
      self->release = g_value_dup_object (value);
      break;
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_deliver_dialog_class_init (TmDeliverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_deliver_dialog_constructed;
  object_class->dispose = tm_deliver_dialog_dispose;
  object_class->set_property = tm_deliver_dialog_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE] =
    g_param_spec_object ("release", NULL, NULL, TM_TYPE_RELEASE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, TM_TYPE_JOB_QUEUE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-deliver-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TmDeliverDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TmDeliverDialog, list);
  gtk_widget_class_bind_template_child (widget_class, TmDeliverDialog, deliver_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliverDialog, stack);
  gtk_widget_class_bind_template_callback (widget_class, deliver_clicked_cb);
  gtk_widget_class_install_action (widget_class, "deliver.platforms", NULL, platforms_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_deliver_dialog_init (TmDeliverDialog *self)
{
  self->choices = g_list_store_new (TM_TYPE_DELIVER_CHOICE);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_deliver_dialog_new:
 * @queue: (nullable): the queue to wake once the release is queued
 */
GtkWidget *
tm_deliver_dialog_new (TmCatalog  *catalog,
                       TmRelease  *release,
                       TmJobQueue *queue)
{
  return g_object_new (TM_TYPE_DELIVER_DIALOG, "catalog", catalog, "release", release,
                       "queue", queue, NULL);
}
