/* tm-artwork.c: A release's cover image
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-artwork.h"

struct _TmArtwork
{
  TmRecord parent_instance;
};

G_DEFINE_FINAL_TYPE (TmArtwork, tm_artwork, TM_TYPE_RECORD)

enum {
  PROP_0,
  PROP_RELEASE_ID,
  PROP_PATH,
  PROP_ROLE,
  PROP_FORMAT,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SIZE,
  PROP_MTIME,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tm_artwork_class_init (TmArtworkClass *klass)
{
  properties[PROP_RELEASE_ID] = tm_record_param_int64 ("release-id", TM_PARAM_MANAGED);
  properties[PROP_PATH] = tm_record_param_string ("path", TM_PARAM_FILE_PATH);
  properties[PROP_ROLE] = tm_record_param_string ("role", 0);
  properties[PROP_FORMAT] = tm_record_param_string ("format", TM_PARAM_MANAGED);
  properties[PROP_WIDTH] = tm_record_param_int ("width", 0, 1000000, 0, TM_PARAM_MANAGED);
  properties[PROP_HEIGHT] = tm_record_param_int ("height", 0, 1000000, 0, TM_PARAM_MANAGED);
  properties[PROP_SIZE] = tm_record_param_int64 ("size", TM_PARAM_MANAGED);
  properties[PROP_MTIME] = tm_record_param_int64 ("mtime", TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_SHA256] = tm_record_param_string ("sha256", TM_PARAM_MANAGED);

  tm_record_class_install_properties (TM_RECORD_CLASS (klass), N_PROPS, properties);
}

static void
tm_artwork_init (TmArtwork *self)
{
}

TmArtwork *
tm_artwork_new (void)
{
  return g_object_new (TM_TYPE_ARTWORK, NULL);
}

#define ACCESSORS(ctype, kind, name, NAME) \
  TM_RECORD_DEFINE_ACCESSORS (TmArtwork, tm_artwork, ARTWORK, ctype, kind, name, NAME)

ACCESSORS (gint64, int, release_id, RELEASE_ID)
ACCESSORS (const char *, string, path, PATH)
ACCESSORS (const char *, string, role, ROLE)
ACCESSORS (const char *, string, format, FORMAT)
ACCESSORS (int, int, width, WIDTH)
ACCESSORS (int, int, height, HEIGHT)
ACCESSORS (gint64, int, size, SIZE)
ACCESSORS (gint64, int, mtime, MTIME)
ACCESSORS (const char *, string, sha256, SHA256)

#undef ACCESSORS
