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
  properties[PROP_TRACK_ID] =
    g_param_spec_int64 ("track-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, TM_TYPE_CONTRIBUTOR_ROLE,
                       TM_CONTRIBUTOR_ROLE_PERFORMER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSTRUMENT] =
    g_param_spec_string ("instrument", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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

gint64
tm_contributor_get_track_id (TmContributor *self)
{
  g_return_val_if_fail (TM_IS_CONTRIBUTOR (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_TRACK_ID]);
}

void
tm_contributor_set_track_id (TmContributor *self,
                             gint64         track_id)
{
  g_return_if_fail (TM_IS_CONTRIBUTOR (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_TRACK_ID], track_id);
}

const char *
tm_contributor_get_name (TmContributor *self)
{
  g_return_val_if_fail (TM_IS_CONTRIBUTOR (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_NAME]);
}

void
tm_contributor_set_name (TmContributor *self,
                         const char    *name)
{
  g_return_if_fail (TM_IS_CONTRIBUTOR (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_NAME], name);
}

TmContributorRole
tm_contributor_get_role (TmContributor *self)
{
  g_return_val_if_fail (TM_IS_CONTRIBUTOR (self), 0);

  return (TmContributorRole) tm_record_get_enum (TM_RECORD (self), properties[PROP_ROLE]);
}

void
tm_contributor_set_role (TmContributor     *self,
                         TmContributorRole  role)
{
  g_return_if_fail (TM_IS_CONTRIBUTOR (self));

  tm_record_set_enum (TM_RECORD (self), properties[PROP_ROLE], role);
}

const char *
tm_contributor_get_instrument (TmContributor *self)
{
  g_return_val_if_fail (TM_IS_CONTRIBUTOR (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_INSTRUMENT]);
}

void
tm_contributor_set_instrument (TmContributor *self,
                               const char    *instrument)
{
  g_return_if_fail (TM_IS_CONTRIBUTOR (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_INSTRUMENT], instrument);
}
