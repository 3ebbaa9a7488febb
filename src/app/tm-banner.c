/* tm-banner.c: a message across the top of a page, with the button that fixes it
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What AdwBanner is in later libadwaita: a problem that needs the person to
 * do something stays in the page, with the button that does it, until it is
 * done or dismissed; it is not a toast that goes away or hides the next one.
 * The button activates an action, so the banner needs to know nothing of
 * what it leads to. */

#include "config.h"

#include "tm-banner.h"

struct _TmBanner
{
  AdwBin       parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *title;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (TmBanner, tm_banner, ADW_TYPE_BIN)

/**
 * tm_banner_show:
 * @button_label: (nullable): the button's label, with a mnemonic
 * @action_name: (nullable): what the button does
 * @target: (nullable): the action's parameter
 */
void
tm_banner_show (TmBanner   *self,
                const char *title,
                const char *button_label,
                const char *action_name,
                GVariant   *target)
{
  g_return_if_fail (TM_IS_BANNER (self));

  gtk_label_set_text (self->title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (self->button, button_label);
  /* The target first: an action is never seen with a parameter of the wrong type. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

void
tm_banner_hide (TmBanner *self)
{
  g_return_if_fail (TM_IS_BANNER (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

const char *
tm_banner_get_title (TmBanner *self)
{
  g_return_val_if_fail (TM_IS_BANNER (self), NULL);

  return gtk_label_get_text (self->title);
}

gboolean
tm_banner_get_shown (TmBanner *self)
{
  g_return_val_if_fail (TM_IS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

GtkButton *
tm_banner_get_button (TmBanner *self)
{
  g_return_val_if_fail (TM_IS_BANNER (self), NULL);

  return self->button;
}

static void
button_clicked_cb (TmBanner *self)
{
  /* Done: what it asked for is under way. */
  tm_banner_hide (self);
}

static void
tm_banner_dispose (GObject *object)
{
  /* The bin's child is one of the template's: it goes first, or both the
   * template and AdwBin would unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TM_TYPE_BANNER);

  G_OBJECT_CLASS (tm_banner_parent_class)->dispose (object);
}

static void
tm_banner_class_init (TmBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tm_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, TmBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, TmBanner, title);
  gtk_widget_class_bind_template_child (widget_class, TmBanner, button);
  gtk_widget_class_bind_template_callback (widget_class, button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, tm_banner_hide);
}

static void
tm_banner_init (TmBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
