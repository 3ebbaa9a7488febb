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
  properties[PROP_RELEASE_ID] =
    g_param_spec_int64 ("release-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                         | TM_PARAM_FILE_PATH);
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 0, 1000000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 0, 1000000, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);
  properties[PROP_MTIME] =
    g_param_spec_int64 ("mtime", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED | TM_PARAM_TIMESTAMP);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS
                        | TM_PARAM_MANAGED);

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

gint64
tm_artwork_get_release_id (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_RELEASE_ID]);
}

void
tm_artwork_set_release_id (TmArtwork *self,
                           gint64     release_id)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_RELEASE_ID], release_id);
}

const char *
tm_artwork_get_path (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_PATH]);
}

void
tm_artwork_set_path (TmArtwork  *self,
                     const char *path)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_PATH], path);
}

const char *
tm_artwork_get_role (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_ROLE]);
}

void
tm_artwork_set_role (TmArtwork  *self,
                     const char *role)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_ROLE], role);
}

const char *
tm_artwork_get_format (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_FORMAT]);
}

void
tm_artwork_set_format (TmArtwork  *self,
                       const char *format)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_FORMAT], format);
}

int
tm_artwork_get_width (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_WIDTH]);
}

void
tm_artwork_set_width (TmArtwork *self,
                      int        width)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_WIDTH], width);
}

int
tm_artwork_get_height (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), 0);

  return (int) tm_record_get_int (TM_RECORD (self), properties[PROP_HEIGHT]);
}

void
tm_artwork_set_height (TmArtwork *self,
                       int        height)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_HEIGHT], height);
}

gint64
tm_artwork_get_size (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_SIZE]);
}

void
tm_artwork_set_size (TmArtwork *self,
                     gint64     size)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_SIZE], size);
}

gint64
tm_artwork_get_mtime (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), 0);

  return tm_record_get_int (TM_RECORD (self), properties[PROP_MTIME]);
}

void
tm_artwork_set_mtime (TmArtwork *self,
                      gint64     mtime)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_int (TM_RECORD (self), properties[PROP_MTIME], mtime);
}

const char *
tm_artwork_get_sha256 (TmArtwork *self)
{
  g_return_val_if_fail (TM_IS_ARTWORK (self), NULL);

  return tm_record_get_string (TM_RECORD (self), properties[PROP_SHA256]);
}

void
tm_artwork_set_sha256 (TmArtwork  *self,
                       const char *sha256)
{
  g_return_if_fail (TM_IS_ARTWORK (self));

  tm_record_set_string (TM_RECORD (self), properties[PROP_SHA256], sha256);
}
