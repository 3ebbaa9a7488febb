/* tm-split-row.c: one share of a track's royalties
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who is paid, in the title; the share beside it, always in sight; the party
 * and the role to type when it is opened. It fits a phone: nothing on one
 * line but the share. Edits its TmSplit in place and says "credits.changed";
 * its remove button says "credits.remove-split" with its place. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-split-row.h"

struct _TmSplitRow
{
  AdwExpanderRow  parent_instance;

  TmSplit        *split;
  AdwEntryRow    *party;
  AdwEntryRow    *role;
  GtkSpinButton  *share;
};

G_DEFINE_FINAL_TYPE (TmSplitRow, tm_split_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_SPLIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_summary (TmSplitRow *self)
{
  const char *party = tm_split_get_party (self->split);
  const char *role = tm_split_get_role (self->split);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 party != NULL ? party : _("New Split"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), role != NULL ? role : "");
}

static void
changed_cb (TmSplitRow *self)
{
  g_autofree char *party = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->party))));
  g_autofree char *role = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->role))));

  tm_split_set_party (self->split, *party != '\0' ? party : NULL);
  tm_split_set_role (self->split, *role != '\0' ? role : NULL);
  tm_split_set_share_bp (self->split, (int) lround (gtk_spin_button_get_value (self->share) * 100));
  show_summary (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "credits.changed", NULL);
}

static void
remove_clicked_cb (TmSplitRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "credits.remove-split", "u",
                              gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self)));
}

GtkEditable *
tm_split_row_get_party (TmSplitRow *self)
{
  g_return_val_if_fail (TM_IS_SPLIT_ROW (self), NULL);

  return GTK_EDITABLE (self->party);
}

static void
tm_split_row_constructed (GObject *object)
{
  TmSplitRow *self = TM_SPLIT_ROW (object);
  const char *party = tm_split_get_party (self->split);
  const char *role = tm_split_get_role (self->split);

  G_OBJECT_CLASS (tm_split_row_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self->party), party != NULL ? party : "");
  gtk_editable_set_text (GTK_EDITABLE (self->role), role != NULL ? role : "");
  gtk_spin_button_set_value (self->share, tm_split_get_share_bp (self->split) / 100.0);
  /* A new one is open, to be filled in. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), party == NULL);
  show_summary (self);
  g_signal_connect_swapped (self->party, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->role, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->share, "value-changed", G_CALLBACK (changed_cb), self);
}

static void
tm_split_row_dispose (GObject *object)
{
  TmSplitRow *self = TM_SPLIT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_SPLIT_ROW);
  g_clear_object (&self->split);

  G_OBJECT_CLASS (tm_split_row_parent_class)->dispose (object);
}

static void
tm_split_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPLIT:
      g_value_set_object (value, TM_SPLIT_ROW (object)->split);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_split_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SPLIT:
      TM_SPLIT_ROW (object)->split = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_split_row_class_init (TmSplitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_split_row_constructed;
  object_class->dispose = tm_split_row_dispose;
  object_class->get_property = tm_split_row_get_property;
  object_class->set_property = tm_split_row_set_property;

  properties[PROP_SPLIT] =
    g_param_spec_object ("split", NULL, NULL, TM_TYPE_SPLIT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-split-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmSplitRow, party);
  gtk_widget_class_bind_template_child (widget_class, TmSplitRow, role);
  gtk_widget_class_bind_template_child (widget_class, TmSplitRow, share);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
tm_split_row_init (TmSplitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_split_row_new (TmSplit *split)
{
  return g_object_new (TM_TYPE_SPLIT_ROW, "split", split, NULL);
}
