/* tm-issue-row.c: one problem pre-flight found, and the way to its fix
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What is wrong, how to fix it, how bad it is (an icon and its name for
 * screen readers), the rule's source as tooltip and the help section that
 * explains it. Activating the row goes to what it is about: it says
 * "release.show-issue" with the issue's track and field, and the page knows
 * where those are. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "tm-issue-row.h"
#include "tm-widget-util.h"

struct _TmIssueRow
{
  AdwActionRow  parent_instance;

  TmIssue      *issue;
  GtkImage     *icon;
  GtkWidget    *go_icon;
};

G_DEFINE_FINAL_TYPE (TmIssueRow, tm_issue_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ISSUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * tm_issue_help_uri:
 *
 * Returns: the help section that explains issues of @code, such as
 *   help:tunemantra/checks#audio for audio.true_peak
 */
char *
tm_issue_help_uri (const char *code)
{
  const char *dot = code != NULL ? strchr (code, '.') : NULL;
  g_autofree char *group = dot != NULL ? g_strndup (code, dot - code) : g_strdup ("audio");

  /* Track problems are explained with the release's. */
  if (g_str_equal (group, "track"))
    return g_strdup ("help:tunemantra/checks#release");
  return g_strdup_printf ("help:tunemantra/checks#%s", group);
}

static void
help_clicked_cb (TmIssueRow *self)
{
  g_autofree char *uri = tm_issue_help_uri (tm_issue_get_code (self->issue));

  tm_widget_show_help (GTK_WIDGET (self), uri);
}

static void
activated_cb (TmIssueRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "release.show-issue", "(xs)",
                              tm_issue_get_track_id (self->issue),
                              tm_issue_get_field (self->issue) != NULL
                              ? tm_issue_get_field (self->issue) : "");
}

TmIssue *
tm_issue_row_get_issue (TmIssueRow *self)
{
  g_return_val_if_fail (TM_IS_ISSUE_ROW (self), NULL);

  return self->issue;
}

static void
tm_issue_row_constructed (GObject *object)
{
  TmIssueRow *self = TM_ISSUE_ROW (object);
  static const char * const icons[] = {
    [TM_ISSUE_ERROR] = "dialog-error-symbolic",
    [TM_ISSUE_WARNING] = "dialog-warning-symbolic",
    [TM_ISSUE_INFO] = "dialog-information-symbolic",
  };
  static const char * const classes[] = {
    [TM_ISSUE_ERROR] = "error",
    [TM_ISSUE_WARNING] = "warning",
    [TM_ISSUE_INFO] = "dim-label",
  };
  const char * const names[] = {
    [TM_ISSUE_ERROR] = _("Error"),
    [TM_ISSUE_WARNING] = _("Warning"),
    [TM_ISSUE_INFO] = _("Note"),
  };
  TmIssueSeverity severity = tm_issue_get_severity (self->issue);
  gboolean leads_somewhere = tm_issue_get_track_id (self->issue) != 0
                             || tm_issue_get_field (self->issue) != NULL;

  G_OBJECT_CLASS (tm_issue_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), tm_issue_get_message (self->issue));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), tm_issue_get_hint (self->issue) != NULL
                                                      ? tm_issue_get_hint (self->issue) : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tm_issue_get_source (self->issue));
  gtk_image_set_from_icon_name (self->icon, icons[severity]);
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), classes[severity]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  names[severity], -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), leads_somewhere);
  gtk_widget_set_visible (self->go_icon, leads_somewhere);
}

static void
tm_issue_row_dispose (GObject *object)
{
  TmIssueRow *self = TM_ISSUE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_ISSUE_ROW);
  g_clear_object (&self->issue);

  G_OBJECT_CLASS (tm_issue_row_parent_class)->dispose (object);
}

static void
tm_issue_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ISSUE:
      g_value_set_object (value, TM_ISSUE_ROW (object)->issue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_issue_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ISSUE:
      TM_ISSUE_ROW (object)->issue = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_issue_row_class_init (TmIssueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_issue_row_constructed;
  object_class->dispose = tm_issue_row_dispose;
  object_class->get_property = tm_issue_row_get_property;
  object_class->set_property = tm_issue_row_set_property;

  properties[PROP_ISSUE] =
    g_param_spec_object ("issue", NULL, NULL, TM_TYPE_ISSUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-issue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmIssueRow, icon);
  gtk_widget_class_bind_template_child (widget_class, TmIssueRow, go_icon);
  gtk_widget_class_bind_template_callback (widget_class, help_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
}

static void
tm_issue_row_init (TmIssueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tm_issue_row_new (TmIssue *issue)
{
  return g_object_new (TM_TYPE_ISSUE_ROW, "issue", issue, NULL);
}
