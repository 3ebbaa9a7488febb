/* tm-delivery-row.c: where a release stands on one platform, why, and what to do
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The platform and where the release stands there; in trouble, the reason
 * and the fix from its latest change, in words, with the button that fixes
 * it; the actions that fit the state (docs/status.md): Check Now while the
 * platform has it, Retry, Update, Take Down, the store page; the store link;
 * and the history, newest first, in sentences that say who did what. The
 * distribution is the catalog's list's own object, so the row follows it as
 * it changes; the history is a list of its own that follows the catalog. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-delivery-row.h"
#include "tm-distributor.h"
#include "tm-format.h"
#include "tm-query-list.h"
#include "tm-status-details.h"
#include "tm-text.h"
#include "tm-widget-util.h"

struct _TmDeliveryRow
{
  AdwExpanderRow   parent_instance;

  TmCatalog       *catalog;         /* construct-only */
  TmDistribution  *distribution;    /* construct-only; the list's, kept up to date */
  TmJobQueue      *queue;           /* construct-only, nullable: woken after an action */
  TmQueryList     *history;
  char            *reason;
  char            *fix;
  TmErrorAction    fix_action;
  gboolean         fix_goes_to_issue;

  /* Template widgets */
  GtkImage        *status_icon;
  GtkWidget       *check_button;
  AdwActionRow    *reason_row;
  GtkButton       *fix_button;
  GtkWidget       *retry_button;
  GtkWidget       *update_button;
  GtkWidget       *takedown_button;
  GtkWidget       *store_button;
  AdwEntryRow     *store_row;
  GtkSortListModel *sorted_history;
};

G_DEFINE_FINAL_TYPE (TmDeliveryRow, tm_delivery_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_DISTRIBUTION,
  PROP_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
platform_has_it (TmDistributionStatus status)
{
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM:
    case TM_DISTRIBUTION_STATUS_DISTRIBUTED:
    case TM_DISTRIBUTION_STATUS_LIVE:
    case TM_DISTRIBUTION_STATUS_UPDATING:
    case TM_DISTRIBUTION_STATUS_UPDATED:
    case TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
status_icon (TmDistributionStatus status)
{
  switch (status)
    {
    case TM_DISTRIBUTION_STATUS_LIVE:
    case TM_DISTRIBUTION_STATUS_UPDATED:
    case TM_DISTRIBUTION_STATUS_DISTRIBUTED:
      return "emblem-ok-symbolic";
    case TM_DISTRIBUTION_STATUS_FAILED:
      return "dialog-error-symbolic";
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION:
    case TM_DISTRIBUTION_STATUS_RETRYING:
      return "dialog-warning-symbolic";
    case TM_DISTRIBUTION_STATUS_REMOVED:
    case TM_DISTRIBUTION_STATUS_CREATED:
      return "content-loading-symbolic";
    default:
      return "emblem-synchronizing-symbolic";
    }
}

/* What fixes the trouble, as the details say; the button's label. */
static const char *
fix_label (TmDeliveryRow   *self,
           TmStatusDetails *details)
{
  self->fix_action = details->action;
  self->fix_goes_to_issue = details->n_issues > 0;
  switch (details->action)
    {
    case TM_ERROR_ACTION_ADD_TOKEN:
    case TM_ERROR_ACTION_TRUST_HOST:
    case TM_ERROR_ACTION_EDIT_PLATFORM:
      return _("Open _Platforms");
    case TM_ERROR_ACTION_ADD_STORE_LINK:
      return _("Add _Store Link");
    case TM_ERROR_ACTION_NONE:
    default:
      return details->n_issues > 0 ? _("_Show the Problem") : NULL;
    }
}

static void
refresh (TmDeliveryRow *self)
{
  TmDistribution *d = self->distribution;
  TmDistributionStatus status = tm_distribution_get_status (d);
  g_autoptr(TmStatusDetails) details =
    tm_status_details_parse (tm_distribution_get_status_details (d));
  g_autofree char *when = tm_format_when (tm_distribution_get_updated_at (d), g_get_real_time ());
  g_autofree char *subtitle = NULL;
  gboolean trouble = tm_distribution_status_is_trouble (status);
  const char *label;

  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->fix, g_free);
  if (trouble)
    {
      self->reason = tm_status_details_get_summary (details);
      if (self->reason == NULL && tm_distribution_get_last_error (d) != NULL)
        self->reason = tm_text_from_outside (tm_distribution_get_last_error (d), 400);
      self->fix = g_strdup (details->fix);
      if (status == TM_DISTRIBUTION_STATUS_RETRYING && tm_distribution_get_next_attempt_at (d) > 0)
        {
          g_autofree char *next = tm_format_when (tm_distribution_get_next_attempt_at (d),
                                                  g_get_real_time ());

          g_free (self->fix);
          self->fix = g_strdup_printf (_("TuneMantra tries again by itself (%s)."), next);
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 tm_distribution_get_platform_name (d) != NULL
                                 ? tm_distribution_get_platform_name (d) : _("A removed platform"));
  subtitle = g_strjoin (" · ", tm_distribution_status_get_label (status), when,
                        self->reason, NULL);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  gtk_image_set_from_icon_name (self->status_icon, status_icon (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tm_distribution_status_get_label (status), -1);

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), self->reason != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                 self->reason != NULL ? self->reason : "");
  if (self->fix != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("What to do: %s"), self->fix);

      adw_action_row_set_subtitle (self->reason_row, what);
    }
  else
    adw_action_row_set_subtitle (self->reason_row, "");
  label = trouble ? fix_label (self, details) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), label != NULL);
  if (label != NULL)
    gtk_button_set_label (self->fix_button, label);

  gtk_widget_set_visible (self->check_button, platform_has_it (status));
  gtk_widget_set_visible (self->retry_button, status == TM_DISTRIBUTION_STATUS_FAILED
                                              || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  gtk_widget_set_visible (self->update_button, status == TM_DISTRIBUTION_STATUS_DISTRIBUTED
                                               || status == TM_DISTRIBUTION_STATUS_LIVE
                                               || status == TM_DISTRIBUTION_STATUS_UPDATED);
  gtk_widget_set_visible (self->takedown_button, status == TM_DISTRIBUTION_STATUS_DISTRIBUTED
                                                 || status == TM_DISTRIBUTION_STATUS_LIVE
                                                 || status == TM_DISTRIBUTION_STATUS_UPDATED
                                                 || status == TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  gtk_widget_set_visible (self->store_button, tm_distribution_get_store_url (d) != NULL);
  if (!gtk_widget_has_focus (GTK_WIDGET (self->store_row))
      && gtk_widget_get_focus_child (GTK_WIDGET (self->store_row)) == NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->store_row),
                           tm_distribution_get_store_url (d) != NULL
                           ? tm_distribution_get_store_url (d) : "");
}

/* Actions */

static void
said (TmDeliveryRow *self,
      gboolean       ok,
      GError        *error,
      const char    *done)
{
  if (!ok)
    {
      tm_widget_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  if (self->queue != NULL)
    tm_job_queue_poke (self->queue);
  if (done != NULL)
    tm_widget_show_message (GTK_WIDGET (self), done);
}

static gint64
id_of (TmDeliveryRow *self)
{
  return tm_record_get_id (TM_RECORD (self->distribution));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_strdup_printf (_("Asking %s now"),
                                           tm_distribution_get_platform_name (self->distribution));

  said (self, tm_distributor_check_now (self->catalog, id_of (self), &error), error, done);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  g_autoptr(GError) error = NULL;

  said (self, tm_distributor_retry (self->catalog, id_of (self), &error), error,
        _("Queued again"));
}

static void
update_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  g_autoptr(GError) error = NULL;

  said (self, tm_distributor_request_update (self->catalog, id_of (self),
                                             _("Metadata changed"), &error),
        error, _("The update is queued"));
}

static void
takedown_response_cb (TmDeliveryRow    *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "takedown"))
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  said (self, tm_distributor_request_takedown (self->catalog, id_of (self),
                                               *reason != '\0' ? reason
                                               : _("Taken down by the rights holder"), &error),
        error, _("The takedown is queued"));
}

/* Destroys something on a store: asked first, with a reason for the platform. */
static void
takedown_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  g_autofree char *heading = g_strdup_printf (_("Take the Release Down from %s?"),
                                              tm_distribution_get_platform_name (self->distribution));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                              _("The platform removes it from its store. "
                                                "Listeners lose it until it is delivered "
                                                "again."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, for the platform (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "takedown", _("_Take Down"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "takedown",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (takedown_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_store_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  const char *url = tm_distribution_get_store_url (self->distribution);

  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url, GDK_CURRENT_TIME);
}

static void
fix_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (widget);
  g_autoptr(TmStatusDetails) details =
    tm_status_details_parse (tm_distribution_get_status_details (self->distribution));

  switch (self->fix_action)
    {
    case TM_ERROR_ACTION_ADD_TOKEN:
    case TM_ERROR_ACTION_TRUST_HOST:
    case TM_ERROR_ACTION_EDIT_PLATFORM:
      gtk_widget_activate_action (widget, "win.platforms", NULL);
      return;
    case TM_ERROR_ACTION_ADD_STORE_LINK:
      gtk_widget_grab_focus (GTK_WIDGET (self->store_row));
      return;
    case TM_ERROR_ACTION_NONE:
    default:
      if (self->fix_goes_to_issue)
        gtk_widget_activate_action (widget, "release.show-issue", "(xs)", (gint64) 0,
                                    details->field != NULL ? details->field : "");
    }
}

/**
 * tm_delivery_row_set_store_url:
 * @url: (nullable): an http or https address; empty or %NULL removes it
 *
 * Records the store link of the delivery, as typed into its row: for
 * platforms that do not say where a release is, the smart link page takes it
 * from here.
 */
gboolean
tm_delivery_row_set_store_url (TmDeliveryRow  *self,
                               const char     *url,
                               GError        **error)
{
  g_autoptr(TmDistribution) d = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (url != NULL ? url : ""));

  g_return_val_if_fail (TM_IS_DELIVERY_ROW (self), FALSE);

  if (*clean != '\0' && !tm_text_is_web_address (clean))
    {
      g_autofree char *shown = tm_text_from_outside (clean, 80);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address. Copy the release's address from the "
                     "store's page, starting with https://."), shown);
      return FALSE;
    }
  if (!(d = tm_catalog_get_distribution (self->catalog, id_of (self), error)))
    return FALSE;
  tm_distribution_set_store_url (d, *clean != '\0' ? clean : NULL);
  return tm_catalog_update_distribution (self->catalog, d, error);
}

static void
store_apply_cb (TmDeliveryRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!tm_delivery_row_set_store_url (self, gtk_editable_get_text (GTK_EDITABLE (self->store_row)),
                                      &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->store_row), "error");
      tm_widget_show_message (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->store_row), "error");
  tm_widget_show_message (GTK_WIDGET (self), _("Store link saved"));
}

/* The history's rows (closures of the template) */

static char *
describe_change (gpointer        unused,
                 TmStatusChange *change)
{
  return change != NULL
         ? tm_status_change_describe (change, tm_status_change_get_platform_name (change))
         : NULL;
}

static char *
format_time (gpointer unused,
             gint64   time)
{
  return tm_format_when (time, g_get_real_time ());
}

const char *
tm_delivery_row_get_reason (TmDeliveryRow *self)
{
  g_return_val_if_fail (TM_IS_DELIVERY_ROW (self), NULL);

  return self->reason;
}

const char *
tm_delivery_row_get_fix (TmDeliveryRow *self)
{
  g_return_val_if_fail (TM_IS_DELIVERY_ROW (self), NULL);

  return self->fix;
}

TmDistribution *
tm_delivery_row_get_distribution (TmDeliveryRow *self)
{
  g_return_val_if_fail (TM_IS_DELIVERY_ROW (self), NULL);

  return self->distribution;
}

/**
 * tm_delivery_row_get_history:
 *
 * Returns: (transfer none): the history, newest first (TmStatusChange)
 */
GListModel *
tm_delivery_row_get_history (TmDeliveryRow *self)
{
  g_return_val_if_fail (TM_IS_DELIVERY_ROW (self), NULL);

  return G_LIST_MODEL (self->sorted_history);
}

static void
tm_delivery_row_constructed (GObject *object)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (object);

  G_OBJECT_CLASS (tm_delivery_row_parent_class)->constructed (object);

  self->history = tm_query_list_new_history (self->catalog, id_of (self));
  gtk_sort_list_model_set_model (self->sorted_history, G_LIST_MODEL (self->history));
  tm_record_list_reload_async (TM_RECORD_LIST (self->history), NULL, NULL, NULL);
  g_signal_connect_object (self->distribution, "notify", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  /* In trouble, the reason and the fix are in sight. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), self->reason != NULL);
}

static void
tm_delivery_row_dispose (GObject *object)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_DELIVERY_ROW);
  g_clear_object (&self->history);
  g_clear_object (&self->distribution);
  g_clear_object (&self->catalog);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (tm_delivery_row_parent_class)->dispose (object);
}

static void
tm_delivery_row_finalize (GObject *object)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (object);

  g_free (self->reason);
  g_free (self->fix);

  G_OBJECT_CLASS (tm_delivery_row_parent_class)->finalize (object);
}

static void
tm_delivery_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TmDeliveryRow *self = TM_DELIVERY_ROW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_DISTRIBUTION:
      self->distribution = g_value_dup_object (value);
      break;
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_delivery_row_class_init (TmDeliveryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_delivery_row_constructed;
  object_class->dispose = tm_delivery_row_dispose;
  object_class->finalize = tm_delivery_row_finalize;
  object_class->set_property = tm_delivery_row_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, TM_TYPE_CATALOG,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISTRIBUTION] =
    g_param_spec_object ("distribution", NULL, NULL, TM_TYPE_DISTRIBUTION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, TM_TYPE_JOB_QUEUE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_STATUS_CHANGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-delivery-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, check_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, fix_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, update_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, takedown_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, store_button);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, store_row);
  gtk_widget_class_bind_template_child (widget_class, TmDeliveryRow, sorted_history);
  gtk_widget_class_bind_template_callback (widget_class, store_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, describe_change);
  gtk_widget_class_bind_template_callback (widget_class, format_time);

  gtk_widget_class_install_action (widget_class, "delivery.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "delivery.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "delivery.update", NULL, update_action);
  gtk_widget_class_install_action (widget_class, "delivery.takedown", NULL, takedown_action);
  gtk_widget_class_install_action (widget_class, "delivery.open-store", NULL, open_store_action);
  gtk_widget_class_install_action (widget_class, "delivery.fix", NULL, fix_action);
}

static void
tm_delivery_row_init (TmDeliveryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_delivery_row_new (TmCatalog      *catalog,
                     TmDistribution *distribution,
                     TmJobQueue     *queue)
{
  return g_object_new (TM_TYPE_DELIVERY_ROW, "catalog", catalog, "distribution", distribution,
                       "queue", queue, NULL);
}
