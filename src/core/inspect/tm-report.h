/* tm-report.h: what inspecting a file found, typed
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tm-artwork-inspector.h"
#include "tm-audio-analyzer.h"

G_BEGIN_DECLS

typedef enum
{
  TM_REPORT_AUDIO,
  TM_REPORT_IMAGE,
  TM_REPORT_ERROR,     /* the file could not be inspected; the message says why */
} TmReportKind;

/* Immutable once made, shared by reference across threads. */
typedef struct _TmReport TmReport;

#define TM_TYPE_REPORT (tm_report_get_type ())

GType                tm_report_get_type        (void) G_GNUC_CONST;
TmReport            *tm_report_new_audio       (TmAudioReport  *audio);
TmReport            *tm_report_new_image       (TmImageReport  *image);
TmReport            *tm_report_new_error       (const char     *path,
                                                const char     *message);
TmReport            *tm_report_new_from_json   (JsonObject     *object,
                                                const char     *path,
                                                GError        **error);
TmReport            *tm_report_ref             (TmReport       *report);
void                 tm_report_unref           (TmReport       *report);

TmReportKind         tm_report_get_kind        (const TmReport *report);
const char          *tm_report_get_path        (const TmReport *report);
const TmAudioReport *tm_report_get_audio       (const TmReport *report);
const TmImageReport *tm_report_get_image       (const TmReport *report);
const char          *tm_report_get_message     (const TmReport *report);

JsonNode            *tm_report_to_json         (const TmReport *report,
                                                gboolean        with_overview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmReport, tm_report_unref)

G_END_DECLS
