/* tm-field-row.h: an entry row that edits one field of a record
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_FIELD_ROW (tm_field_row_get_type ())

G_DECLARE_FINAL_TYPE (TmFieldRow, tm_field_row, TM, FIELD_ROW, AdwEntryRow)

const char *tm_field_row_get_key    (TmFieldRow *self);
void        tm_field_row_set_error  (TmFieldRow *self,
                                     const char *message);
gboolean    tm_field_row_has_error  (TmFieldRow *self);
void        tm_field_row_show_text  (TmFieldRow *self,
                                     const char *text);
void        tm_field_row_load       (TmFieldRow *self,
                                     TmRecord   *record);
gboolean    tm_field_row_apply      (TmFieldRow *self,
                                     TmRecord   *record);

G_END_DECLS
