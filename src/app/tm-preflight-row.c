/* tm-preflight-row.c: what one platform's rules say of a release
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The profile's name, how many errors, warnings and notes it found, and,
 * opened, each of them as a TmIssueRow. A short list of errors is open at
 * once; a long one would push the release below the fold. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-issue-row.h"
#include "tm-preflight-row.h"

#define OPEN_AT_MOST 6

struct _TmPreflightRow
{
  AdwExpanderRow  parent_instance;

  GListModel     *issues;     /* TmIssue */
  guint           counts[3];  /* by TmIssueSeverity */
  GtkImage       *icon;
};

G_DEFINE_FINAL_TYPE (TmPreflightRow, tm_preflight_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_ISSUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * tm_preflight_describe_counts:
 *
 * Returns: "Ready to deliver", or "2 errors, 1 warning"
 */
char *
tm_preflight_describe_counts (guint errors,
                              guint warnings,
                              guint notes)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (errors > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u error", "%u errors", errors), errors));
  if (warnings > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings),
                                             warnings));
  if (notes > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u note", "%u notes", notes), notes));
  if (parts->len == 0)
    return g_strdup (_("Ready to deliver"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

guint
tm_preflight_row_get_n_errors (TmPreflightRow *self)
{
  g_return_val_if_fail (TM_IS_PREFLIGHT_ROW (self), 0);

  return self->counts[TM_ISSUE_ERROR];
}

static void
tm_preflight_row_constructed (GObject *object)
{
  TmPreflightRow *self = TM_PREFLIGHT_ROW (object);
  guint n = g_list_model_get_n_items (self->issues);
  g_autofree char *subtitle = NULL;

  G_OBJECT_CLASS (tm_preflight_row_parent_class)->constructed (object);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmIssue) issue = g_list_model_get_item (self->issues, i);

      self->counts[tm_issue_get_severity (issue)]++;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), tm_issue_row_new (issue));
    }
  subtitle = tm_preflight_describe_counts (self->counts[TM_ISSUE_ERROR],
                                           self->counts[TM_ISSUE_WARNING],
                                           self->counts[TM_ISSUE_INFO]);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), n > 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self),
                                 self->counts[TM_ISSUE_ERROR] > 0 && n <= OPEN_AT_MOST);
  gtk_image_set_from_icon_name (self->icon, self->counts[TM_ISSUE_ERROR] > 0
                                            ? "dialog-error-symbolic"
                                            : self->counts[TM_ISSUE_WARNING] > 0
                                            ? "dialog-warning-symbolic"
                                            : "emblem-ok-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), self->counts[TM_ISSUE_ERROR] > 0 ? "error"
                                                     : self->counts[TM_ISSUE_WARNING] > 0
                                                     ? "warning" : "success");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  subtitle, -1);
}

static void
tm_preflight_row_dispose (GObject *object)
{
  TmPreflightRow *self = TM_PREFLIGHT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PREFLIGHT_ROW);
  g_clear_object (&self->issues);

  G_OBJECT_CLASS (tm_preflight_row_parent_class)->dispose (object);
}

static void
tm_preflight_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ISSUES:
      TM_PREFLIGHT_ROW (object)->issues = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_preflight_row_class_init (TmPreflightRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_preflight_row_constructed;
  object_class->dispose = tm_preflight_row_dispose;
  object_class->set_property = tm_preflight_row_set_property;

  /* The profile's issues (TmIssue), in the checker's order. */
  properties[PROP_ISSUES] =
    g_param_spec_object ("issues", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-preflight-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPreflightRow, icon);
}

static void
tm_preflight_row_init (TmPreflightRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tm_preflight_row_new:
 * @issues: (element-type TmIssue): what the profile's rules found
 */
GtkWidget *
tm_preflight_row_new (const char *name,
                      GListModel *issues)
{
  return g_object_new (TM_TYPE_PREFLIGHT_ROW, "title", name, "issues", issues, NULL);
}
