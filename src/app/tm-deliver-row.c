/* tm-deliver-row.c: a platform to deliver to, and what its rules say first
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-deliver-row.h"
#include "tm-preflight-row.h"

struct _TmDeliverChoice
{
  GObject     parent_instance;

  TmPlatform *platform;
  gboolean    chosen;
  gboolean    checked;
  guint       n_errors;
  char       *summary;
};

G_DEFINE_FINAL_TYPE (TmDeliverChoice, tm_deliver_choice, G_TYPE_OBJECT)

enum {
  CHOICE_PROP_0,
  CHOICE_PROP_CHOSEN,
  CHOICE_PROP_SUMMARY,
  CHOICE_PROP_CHECKED,
  CHOICE_N_PROPS
};

static GParamSpec *choice_properties[CHOICE_N_PROPS];

static void
tm_deliver_choice_finalize (GObject *object)
{
  TmDeliverChoice *self = TM_DELIVER_CHOICE (object);

  g_clear_object (&self->platform);
  g_free (self->summary);

  G_OBJECT_CLASS (tm_deliver_choice_parent_class)->finalize (object);
}

static void
tm_deliver_choice_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TmDeliverChoice *self = TM_DELIVER_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_CHOSEN:
      g_value_set_boolean (value, self->chosen);
      break;
    case CHOICE_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case CHOICE_PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_deliver_choice_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case CHOICE_PROP_CHOSEN:
      tm_deliver_choice_set_chosen (TM_DELIVER_CHOICE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_deliver_choice_class_init (TmDeliverChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_deliver_choice_finalize;
  object_class->get_property = tm_deliver_choice_get_property;
  object_class->set_property = tm_deliver_choice_set_property;

  choice_properties[CHOICE_PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the platform's rules said, in a few words. */
  choice_properties[CHOICE_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  choice_properties[CHOICE_PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CHOICE_N_PROPS, choice_properties);
}

static void
tm_deliver_choice_init (TmDeliverChoice *self)
{
  self->summary = g_strdup (_("Checking…"));
}

TmDeliverChoice *
tm_deliver_choice_new (TmPlatform *platform)
{
  TmDeliverChoice *self = g_object_new (TM_TYPE_DELIVER_CHOICE, NULL);

  self->platform = g_object_ref (platform);
  return self;
}

TmPlatform *
tm_deliver_choice_get_platform (TmDeliverChoice *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_CHOICE (self), NULL);

  return self->platform;
}

gboolean
tm_deliver_choice_get_chosen (TmDeliverChoice *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_CHOICE (self), FALSE);

  return self->chosen;
}

void
tm_deliver_choice_set_chosen (TmDeliverChoice *self,
                              gboolean         chosen)
{
  g_return_if_fail (TM_IS_DELIVER_CHOICE (self));

  if (self->chosen == !!chosen)
    return;
  self->chosen = !!chosen;
  g_object_notify_by_pspec (G_OBJECT (self), choice_properties[CHOICE_PROP_CHOSEN]);
}

guint
tm_deliver_choice_get_n_errors (TmDeliverChoice *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_CHOICE (self), 0);

  return self->n_errors;
}

const char *
tm_deliver_choice_get_summary (TmDeliverChoice *self)
{
  g_return_val_if_fail (TM_IS_DELIVER_CHOICE (self), NULL);

  return self->summary;
}

/**
 * tm_deliver_choice_set_checked:
 * @first_error: (nullable): the first error's words
 *
 * What pre-flight found against the platform's rules.
 */
void
tm_deliver_choice_set_checked (TmDeliverChoice *self,
                               guint            n_errors,
                               guint            n_warnings,
                               const char      *first_error)
{
  g_autofree char *counts = tm_preflight_describe_counts (n_errors, n_warnings, 0);

  g_return_if_fail (TM_IS_DELIVER_CHOICE (self));

  self->checked = TRUE;
  self->n_errors = n_errors;
  g_free (self->summary);
  self->summary = first_error != NULL ? g_strdup_printf (_("%s: %s"), counts, first_error)
                                      : g_steal_pointer (&counts);
  g_object_notify_by_pspec (G_OBJECT (self), choice_properties[CHOICE_PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), choice_properties[CHOICE_PROP_CHECKED]);
}

/* The row */

struct _TmDeliverRow
{
  AdwActionRow     parent_instance;

  TmDeliverChoice *choice;
  GtkCheckButton  *check;
  GtkImage        *icon;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (TmDeliverRow, tm_deliver_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_CHOICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
checked_cb (TmDeliverRow *self)
{
  gboolean checked;
  guint errors = tm_deliver_choice_get_n_errors (self->choice);

  g_object_get (self->choice, "checked", &checked, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !checked);
  gtk_spinner_set_spinning (self->spinner, !checked);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), checked);
  gtk_image_set_from_icon_name (self->icon, errors > 0 ? "dialog-error-symbolic"
                                                       : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), errors > 0 ? "success" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), errors > 0 ? "error" : "success");
}

static void
tm_deliver_row_constructed (GObject *object)
{
  TmDeliverRow *self = TM_DELIVER_ROW (object);

  G_OBJECT_CLASS (tm_deliver_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 tm_platform_get_name (tm_deliver_choice_get_platform (self->choice)));
  g_object_bind_property (self->choice, "chosen", self->check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->choice, "summary", self, "subtitle", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->choice, "notify::checked", G_CALLBACK (checked_cb), self,
                           G_CONNECT_SWAPPED);
  checked_cb (self);
}

static void
tm_deliver_row_dispose (GObject *object)
{
  TmDeliverRow *self = TM_DELIVER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_DELIVER_ROW);
  g_clear_object (&self->choice);

  G_OBJECT_CLASS (tm_deliver_row_parent_class)->dispose (object);
}

static void
tm_deliver_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CHOICE:
      TM_DELIVER_ROW (object)->choice = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_deliver_row_class_init (TmDeliverRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_deliver_row_constructed;
  object_class->dispose = tm_deliver_row_dispose;
  object_class->set_property = tm_deliver_row_set_property;

  properties[PROP_CHOICE] =
    g_param_spec_object ("choice", NULL, NULL, TM_TYPE_DELIVER_CHOICE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-deliver-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmDeliverRow, check);
  gtk_widget_class_bind_template_child (widget_class, TmDeliverRow, icon);
  gtk_widget_class_bind_template_child (widget_class, TmDeliverRow, spinner);
}

static void
tm_deliver_row_init (TmDeliverRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_deliver_row_new (TmDeliverChoice *choice)
{
  return g_object_new (TM_TYPE_DELIVER_ROW, "choice", choice, NULL);
}
