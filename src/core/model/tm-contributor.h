/* tm-contributor.h: A person credited on a track, with a role
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-enums.h"
#include "tm-record.h"

G_BEGIN_DECLS

#define TM_TYPE_CONTRIBUTOR (tm_contributor_get_type ())

G_DECLARE_FINAL_TYPE (TmContributor, tm_contributor, TM, CONTRIBUTOR, TmRecord)

TmContributor     *tm_contributor_new            (void);
TM_RECORD_DECLARE_ACCESSORS (TmContributor, tm_contributor, gint64, track_id)
TM_RECORD_DECLARE_ACCESSORS (TmContributor, tm_contributor, const char *, name)
TM_RECORD_DECLARE_ACCESSORS (TmContributor, tm_contributor, TmContributorRole, role)
TM_RECORD_DECLARE_ACCESSORS (TmContributor, tm_contributor, const char *, instrument)

G_END_DECLS
