/* tm-cover-edit.h: a cover made square, sized and sRGB, written beside the original
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-artwork-inspector.h"
#include "tm-catalog.h"

G_BEGIN_DECLS

#define TM_COVER_EDIT_ERROR (tm_cover_edit_error_quark ())

typedef enum
{
  TM_COVER_EDIT_ERROR_NOT_SQUARE,   /* a square must be chosen first */
  TM_COVER_EDIT_ERROR_OUTSIDE,      /* the square does not lie inside the image */
  TM_COVER_EDIT_ERROR_UPSCALE,      /* larger than the square: refused */
  TM_COVER_EDIT_ERROR_INVALID,      /* a size or quality out of range */
} TmCoverEditError;

/* The cover size stores ask for; the output size when none is given. */
#define TM_COVER_DEFAULT_SIZE 3000
#define TM_COVER_DEFAULT_QUALITY 92

typedef enum
{
  TM_COVER_CROP_NONE,     /* the image is square already */
  TM_COVER_CROP_CENTER,   /* the largest square in the middle */
  TM_COVER_CROP_SQUARE,   /* the square at x, y of side size */
} TmCoverCrop;

typedef struct
{
  TmCoverCrop crop;
  guint       x, y, size;     /* TM_COVER_CROP_SQUARE, in the upright image's pixels */
  guint       output_size;    /* 0: TM_COVER_DEFAULT_SIZE, or the square's side if smaller */
  guint       quality;        /* 0: TM_COVER_DEFAULT_QUALITY */
  guint64     max_pixels;     /* 0: TM_ARTWORK_MAX_PIXELS; more is refused unread */
} TmCoverEdit;

/* What was done, for the one who asked. */
typedef struct
{
  char     *path;             /* the new file */
  guint     source_width;     /* upright */
  guint     source_height;
  guint     size;             /* its side */
  gboolean  converted;        /* colours were converted to sRGB */
  char     *conversion;       /* how, in words ("from the embedded CMYK profile"), or NULL */
  gboolean  flattened;        /* transparency was laid on white */
} TmCoverResult;

GQuark         tm_cover_edit_error_quark  (void);
gboolean       tm_cover_edit_parse_crop   (const char          *text,
                                           TmCoverEdit         *edit,
                                           GError             **error);
TmCoverResult *tm_cover_edit_sync         (const char          *path,
                                           const TmCoverEdit   *edit,
                                           GCancellable        *cancellable,
                                           GError             **error);
void           tm_cover_edit_async        (const char          *path,
                                           const TmCoverEdit   *edit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
TmCoverResult *tm_cover_edit_finish       (GAsyncResult        *result,
                                           GError             **error);
void           tm_cover_result_free       (TmCoverResult       *result);

TmArtwork     *tm_cover_set_sync          (TmCatalog           *catalog,
                                           gint64               release_id,
                                           const char          *image_path,
                                           TmArtwork          **previous,
                                           TmImageReport      **image,
                                           GCancellable        *cancellable,
                                           GError             **error);
gboolean       tm_cover_restore           (TmCatalog           *catalog,
                                           gint64               release_id,
                                           TmArtwork           *previous,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmCoverResult, tm_cover_result_free)

G_END_DECLS
