/* tm-choice-row.h: a row to pick a language or a genre from a searchable list
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One thing to choose: what is stored, and what is shown. */
#define TM_TYPE_CHOICE (tm_choice_get_type ())

G_DECLARE_FINAL_TYPE (TmChoice, tm_choice, TM, CHOICE, GObject)

const char *tm_choice_get_id    (TmChoice *self);
const char *tm_choice_get_label (TmChoice *self);

typedef enum
{
  TM_CHOICES_LANGUAGES,    /* ISO 639, stored as the code */
  TM_CHOICES_GENRES,       /* the stores' genres, stored as the name */
} TmChoices;

#define TM_TYPE_CHOICES (tm_choices_get_type ())
GType tm_choices_get_type (void) G_GNUC_CONST;

#define TM_TYPE_CHOICE_ROW (tm_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (TmChoiceRow, tm_choice_row, TM, CHOICE_ROW, AdwActionRow)

const char  *tm_choice_row_get_key     (TmChoiceRow *self);
const char  *tm_choice_row_get_value   (TmChoiceRow *self);
void         tm_choice_row_set_value   (TmChoiceRow *self,
                                        const char  *value);
GtkDropDown *tm_choice_row_get_drop_down (TmChoiceRow *self);

G_END_DECLS
