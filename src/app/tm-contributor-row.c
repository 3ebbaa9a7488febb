/* tm-contributor-row.c: one person credited on a track, and their role
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Edits its TmContributor in place; the dialog saves the track's list of
 * them. Each change says "credits.changed", the remove button
 * "credits.remove-contributor" with the row's place in the list. */

#include "config.h"

#include "tm-contributor-row.h"

struct _TmContributorRow
{
  AdwEntryRow    parent_instance;

  TmContributor *contributor;
  GtkDropDown   *role;
};

G_DEFINE_FINAL_TYPE (TmContributorRow, tm_contributor_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_CONTRIBUTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
changed_cb (TmContributorRow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  guint role = gtk_drop_down_get_selected (self->role);

  tm_contributor_set_name (self->contributor, *name != '\0' ? name : NULL);
  if (role != GTK_INVALID_LIST_POSITION)
    tm_contributor_set_role (self->contributor, role);
  gtk_widget_activate_action (GTK_WIDGET (self), "credits.changed", NULL);
}

static void
remove_clicked_cb (TmContributorRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "credits.remove-contributor", "u",
                              gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self)));
}

static void
tm_contributor_row_constructed (GObject *object)
{
  TmContributorRow *self = TM_CONTRIBUTOR_ROW (object);
  const char *name = tm_contributor_get_name (self->contributor);

  G_OBJECT_CLASS (tm_contributor_row_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self), name != NULL ? name : "");
  gtk_drop_down_set_selected (self->role, tm_contributor_get_role (self->contributor));
  g_signal_connect_swapped (self, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->role, "notify::selected", G_CALLBACK (changed_cb), self);
}

static void
tm_contributor_row_dispose (GObject *object)
{
  TmContributorRow *self = TM_CONTRIBUTOR_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_CONTRIBUTOR_ROW);
  g_clear_object (&self->contributor);

  G_OBJECT_CLASS (tm_contributor_row_parent_class)->dispose (object);
}

static void
tm_contributor_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTRIBUTOR:
      g_value_set_object (value, TM_CONTRIBUTOR_ROW (object)->contributor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_contributor_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTRIBUTOR:
      TM_CONTRIBUTOR_ROW (object)->contributor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_contributor_row_class_init (TmContributorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_contributor_row_constructed;
  object_class->dispose = tm_contributor_row_dispose;
  object_class->get_property = tm_contributor_row_get_property;
  object_class->set_property = tm_contributor_row_set_property;

  properties[PROP_CONTRIBUTOR] =
    g_param_spec_object ("contributor", NULL, NULL, TM_TYPE_CONTRIBUTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-contributor-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmContributorRow, role);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
tm_contributor_row_init (TmContributorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_contributor_row_new (TmContributor *contributor)
{
  return g_object_new (TM_TYPE_CONTRIBUTOR_ROW, "contributor", contributor, NULL);
}
