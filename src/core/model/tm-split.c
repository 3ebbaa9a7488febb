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
  properties[PROP_TRACK_ID] = tm_record_param_int64 ("track-id", TM_PARAM_MANAGED);
  properties[PROP_PARTY] = tm_record_param_string ("party", 0);
  properties[PROP_ROLE] = tm_record_param_string ("role", 0);
  properties[PROP_SHARE_BP] = tm_record_param_int ("share-bp", 0, 10000, 0, 0);

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

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmSplit, tm_split, SPLIT, ctype, kind, name, NAME)

ACCESSORS (gint64, int, track_id, TRACK_ID)
ACCESSORS (const char *, string, party, PARTY)
ACCESSORS (const char *, string, role, ROLE)
ACCESSORS (int, int, share_bp, SHARE_BP)

#undef ACCESSORS
