/* tm-issue-row.h: one problem pre-flight found, and the way to its fix
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-issue.h"

G_BEGIN_DECLS

#define TM_TYPE_ISSUE_ROW (tm_issue_row_get_type ())

G_DECLARE_FINAL_TYPE (TmIssueRow, tm_issue_row, TM, ISSUE_ROW, AdwActionRow)

GtkWidget *tm_issue_row_new        (TmIssue    *issue);
TmIssue   *tm_issue_row_get_issue  (TmIssueRow *self);
char      *tm_issue_help_uri       (const char *code);

G_END_DECLS
