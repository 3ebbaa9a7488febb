/* tm-job-row.c: one job of the Deliveries window
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What goes where, its state, a bar for the job and one for the file being
 * sent, and the line of progress, all bound to its TmJobItem in the template;
 * the buttons that fit its state say "job.pause", "job.resume", "job.cancel"
 * or "job.retry" with the job's id. */

#include "config.h"

#include "tm-cover-image.h"
#include "tm-job-row.h"

struct _TmJobRow
{
  AdwBin      parent_instance;

  TmJobItem  *item;

  GtkWidget  *pause_button;
  GtkWidget  *resume_button;
  GtkWidget  *cancel_button;
  GtkWidget  *retry_button;
};

G_DEFINE_FINAL_TYPE (TmJobRow, tm_job_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
act (TmJobRow   *self,
     const char *action)
{
  if (self->item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "x",
                                tm_record_get_id (TM_RECORD (tm_job_item_get_job (self->item))));
}

static void
pause_clicked_cb (TmJobRow *self)
{
  act (self, "job.pause");
}

static void
resume_clicked_cb (TmJobRow *self)
{
  act (self, "job.resume");
}

static void
cancel_clicked_cb (TmJobRow *self)
{
  act (self, "job.cancel");
}

static void
retry_clicked_cb (TmJobRow *self)
{
  act (self, "job.retry");
}

static gboolean
shows_bar (gpointer unused,
           double   fraction)
{
  return fraction >= 0;
}

/* A bar's fraction; -1 (no bar) is none. */
static double
fraction_shown (gpointer unused,
                double   fraction)
{
  return CLAMP (fraction, 0, 1);
}

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && *text != '\0';
}

TmJobItem *
tm_job_row_get_item (TmJobRow *self)
{
  g_return_val_if_fail (TM_IS_JOB_ROW (self), NULL);

  return self->item;
}

/**
 * tm_job_row_get_button:
 * @action: such as "job.pause"
 *
 * Returns: (transfer none) (nullable): the row's button for @action, if it shows
 */
GtkWidget *
tm_job_row_get_button (TmJobRow   *self,
                       const char *action)
{
  GtkWidget *buttons[] = {
    self->pause_button, self->resume_button, self->cancel_button, self->retry_button,
  };
  const char *actions[] = { "job.pause", "job.resume", "job.cancel", "job.retry" };

  g_return_val_if_fail (TM_IS_JOB_ROW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i], action))
      return gtk_widget_get_visible (buttons[i]) ? buttons[i] : NULL;
  return NULL;
}

static void
tm_job_row_dispose (GObject *object)
{
  TmJobRow *self = TM_JOB_ROW (object);

  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_JOB_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (tm_job_row_parent_class)->dispose (object);
}

static void
tm_job_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, TM_JOB_ROW (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_job_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TmJobRow *self = TM_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      if (g_set_object (&self->item, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_job_row_class_init (TmJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_job_row_dispose;
  object_class->get_property = tm_job_row_get_property;
  object_class->set_property = tm_job_row_set_property;

  /* The job shown, bound by the list's factory. */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TM_TYPE_JOB_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_JOB_ITEM);
  g_type_ensure (TM_TYPE_COVER_IMAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmJobRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TmJobRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, TmJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TmJobRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, pause_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, resume_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, shows_bar);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, fraction_shown);
}

static void
tm_job_row_init (TmJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
