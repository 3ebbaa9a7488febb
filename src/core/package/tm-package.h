/* tm-package.h: what is delivered for a release: files, checksums, metadata
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-model.h"

G_BEGIN_DECLS

typedef struct
{
  char   *source;     /* absolute path on this computer */
  char   *name;       /* path inside the package, such as resources/01-01 Dawn.wav */
  char   *role;       /* "audio" or "artwork" */
  gint64  size;
  gint64  mtime;
  char   *sha256;     /* as recorded when the file was added */
} TmPackageFile;

/* A track as packaged: the track itself, its audio file in the package, and its
 * length, measured before the package was made (0 when it could not be). */
typedef struct
{
  TmTrack             *track;
  const TmPackageFile *file;        /* nullable: no audio yet */
  double               duration_s;
} TmPackageTrack;

typedef struct
{
  guint64 files_done;
  guint64 files_total;
  guint64 bytes_done;
  guint64 bytes_total;
  guint64 file_bytes_done;   /* of the file being sent now */
  guint64 file_bytes_total;
  const char *activity;      /* (nullable): what is done before sending, a static text */
  guint64 activity_done;
  guint64 activity_total;
} TmProgress;

/* Called in the thread that writes, at most every 100 ms and once at the end. */
typedef void (*TmProgressFunc) (const TmProgress *progress,
                                gpointer          user_data);

typedef enum
{
  TM_PACKAGE_WRITE_FILES = 1 << 0,   /* the audio and the cover */
  TM_PACKAGE_WRITE_JSON  = 1 << 1,   /* metadata.json */
  TM_PACKAGE_WRITE_CSV   = 1 << 2,   /* metadata.csv */
  TM_PACKAGE_WRITE_ALL   = 0x7,
} TmPackageWriteFlags;

/* A snapshot of a release: made with tm_package_new(), tm_package_add_track()
 * and tm_package_set_cover() on one thread, then only read, on any thread. The
 * records it holds are its own copies; nothing else changes them. */
typedef struct _TmPackage TmPackage;

#define TM_TYPE_PACKAGE (tm_package_get_type ())

GType            tm_package_get_type           (void) G_GNUC_CONST;
TmPackage       *tm_package_new                (TmRelease      *release,
                                                gint64          distribution_id);
void             tm_package_add_track          (TmPackage      *package,
                                                TmTrack        *track,
                                                double          duration_s);
void             tm_package_set_cover          (TmPackage      *package,
                                                TmArtwork      *artwork);
void             tm_package_set_reference      (TmPackage      *package,
                                                const char     *reference);
TmPackage       *tm_package_ref                (TmPackage      *package);
void             tm_package_unref              (TmPackage      *package);
const char      *tm_package_get_id             (TmPackage      *package);
const char      *tm_package_get_folder_name    (TmPackage      *package);
TmRelease       *tm_package_get_release        (TmPackage      *package);
guint            tm_package_get_n_tracks       (TmPackage      *package);
const TmPackageTrack *tm_package_get_track     (TmPackage      *package,
                                                guint           index);
const TmPackageFile  *tm_package_get_cover     (TmPackage      *package);
GPtrArray       *tm_package_get_files          (TmPackage      *package);
guint64          tm_package_get_total_bytes    (TmPackage      *package);
const char      *tm_package_get_reason         (TmPackage      *package);
const char      *tm_package_get_reference      (TmPackage      *package);
gint64           tm_package_get_attempt        (TmPackage      *package);
void             tm_package_set_attempt        (TmPackage      *package,
                                                gint64          attempt);
void             tm_package_set_reason         (TmPackage      *package,
                                                const char     *reason);

char            *tm_package_to_json            (TmPackage      *package);
char            *tm_package_to_csv             (TmPackage      *package);
char            *tm_package_readme             (TmPackage      *package);

gboolean         tm_package_write              (TmPackage      *package,
                                                const char     *folder,
                                                TmPackageWriteFlags flags,
                                                TmProgressFunc  progress,
                                                gpointer        progress_data,
                                                GCancellable   *cancellable,
                                                GError        **error);

char            *tm_sanitize_file_name         (const char     *text,
                                                gsize           max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmPackage, tm_package_unref)

G_END_DECLS
