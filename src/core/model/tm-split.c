/* tm-split.c: A share of a track's income, in basis points
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-split.h"

struct _TmSplit
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmSplit, tm_split, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_TRACK_ID,
  PROP_PARTY,
  PROP_ROLE,
  PROP_SHARE_BP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_split_class_init (TmSplitClass *klass)
{
  properties[PROP_TRACK_ID] =
    g_param_spec_int64 ("track-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PARTY] =
    g_param_spec_string ("party", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_BP] =
    g_param_spec_int ("share-bp", NULL, NULL, 0, 10000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_split_init (TmSplit *self)
{
}

TmSplit *
tm_split_new (void)
{
  return g_object_new (TM_TYPE_SPLIT, NULL);
}

gint64
tm_split_get_track_id (TmSplit *self)
{
  g_return_val_if_fail (TM_IS_SPLIT (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_TRACK_ID]);
}

void
tm_split_set_track_id (TmSplit *self,
                       gint64   track_id)
{
  g_return_if_fail (TM_IS_SPLIT (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_TRACK_ID], track_id);
}

const char *
tm_split_get_party (TmSplit *self)
{
  g_return_val_if_fail (TM_IS_SPLIT (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_PARTY]);
}

void
tm_split_set_party (TmSplit    *self,
                    const char *party)
{
  g_return_if_fail (TM_IS_SPLIT (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_PARTY], party);
}

const char *
tm_split_get_role (TmSplit *self)
{
  g_return_val_if_fail (TM_IS_SPLIT (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ROLE]);
}

void
tm_split_set_role (TmSplit    *self,
                   const char *role)
{
  g_return_if_fail (TM_IS_SPLIT (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ROLE], role);
}

int
tm_split_get_share_bp (TmSplit *self)
{
  g_return_val_if_fail (TM_IS_SPLIT (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_SHARE_BP]);
}

void
tm_split_set_share_bp (TmSplit *self,
                       int      share_bp)
{
  g_return_if_fail (TM_IS_SPLIT (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_SHARE_BP], share_bp);
}
