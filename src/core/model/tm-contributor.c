/* tm-contributor.c: A person credited on a track, with a role
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-contributor.h"

struct _TmContributor
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmContributor, tm_contributor, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_TRACK_ID,
  PROP_NAME,
  PROP_ROLE,
  PROP_INSTRUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_contributor_class_init (TmContributorClass *klass)
{
  properties[PROP_TRACK_ID] = tm_record_param_int64 ("track-id", TM_PARAM_MANAGED);
  properties[PROP_NAME] = tm_record_param_string ("name", 0);
  properties[PROP_ROLE] =
    tm_record_param_enum ("role", TM_TYPE_CONTRIBUTOR_ROLE, TM_CONTRIBUTOR_ROLE_PERFORMER, 0);
  properties[PROP_INSTRUMENT] = tm_record_param_string ("instrument", 0);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_contributor_init (TmContributor *self)
{
}

TmContributor *
tm_contributor_new (void)
{
  return g_object_new (TM_TYPE_CONTRIBUTOR, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmContributor, tm_contributor, CONTRIBUTOR, ctype, kind, name, NAME)

ACCESSORS (gint64, int, track_id, TRACK_ID)
ACCESSORS (const char *, string, name, NAME)
ACCESSORS (TmContributorRole, enum, role, ROLE)
ACCESSORS (const char *, string, instrument, INSTRUMENT)

#undef ACCESSORS
