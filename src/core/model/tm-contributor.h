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
gint64             tm_contributor_get_track_id   (TmContributor     *self);
void               tm_contributor_set_track_id   (TmContributor     *self,
                                                  gint64             track_id);
const char        *tm_contributor_get_name       (TmContributor     *self);
void               tm_contributor_set_name       (TmContributor     *self,
                                                  const char        *name);
TmContributorRole  tm_contributor_get_role       (TmContributor     *self);
void               tm_contributor_set_role       (TmContributor     *self,
                                                  TmContributorRole  role);
const char        *tm_contributor_get_instrument (TmContributor     *self);
void               tm_contributor_set_instrument (TmContributor     *self,
                                                  const char        *instrument);

G_END_DECLS
