/* tm-issue.h: one thing a platform would reject or warn about
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TM_ISSUE_ERROR,     /* blocks delivery to that platform */
  TM_ISSUE_WARNING,
  TM_ISSUE_INFO,
} TmIssueSeverity;

#define TM_TYPE_ISSUE (tm_issue_get_type ())

G_DECLARE_FINAL_TYPE (TmIssue, tm_issue, TM, ISSUE, GObject)

TmIssue         *tm_issue_new            (const char      *code,
                                          TmIssueSeverity  severity,
                                          const char      *platform);

const char      *tm_issue_get_code       (TmIssue         *self);
TmIssueSeverity  tm_issue_get_severity   (TmIssue         *self);
const char      *tm_issue_get_platform   (TmIssue         *self);
/* The track it is about (0 for the release), by id and by place. */
gint64           tm_issue_get_track_id   (TmIssue         *self);
int              tm_issue_get_disc       (TmIssue         *self);
int              tm_issue_get_number     (TmIssue         *self);
void             tm_issue_set_track      (TmIssue         *self,
                                          gint64           track_id,
                                          int              disc,
                                          int              number);
/* The field or file it is about: "title", "audio", "artwork", "isrc"... */
const char      *tm_issue_get_field      (TmIssue         *self);
void             tm_issue_set_field      (TmIssue         *self,
                                          const char      *field);
const char      *tm_issue_get_message    (TmIssue         *self);
void             tm_issue_set_message    (TmIssue         *self,
                                          const char      *message);
const char      *tm_issue_get_hint       (TmIssue         *self);
void             tm_issue_set_hint       (TmIssue         *self,
                                          const char      *hint);
/* What was measured or found, and the rule (key and source) it breaks. */
GVariant        *tm_issue_get_value      (TmIssue         *self);
void             tm_issue_set_value      (TmIssue         *self,
                                          GVariant        *value);
const char      *tm_issue_get_rule       (TmIssue         *self);
const char      *tm_issue_get_source     (TmIssue         *self);
void             tm_issue_set_rule       (TmIssue         *self,
                                          const char      *rule,
                                          const char      *source);

const char      *tm_issue_severity_to_string   (TmIssueSeverity  severity);
gboolean         tm_issue_severity_from_string (const char      *text,
                                                TmIssueSeverity *severity);
JsonNode        *tm_issue_to_json        (TmIssue         *self);

G_END_DECLS
