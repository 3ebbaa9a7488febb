/* tm-catalog.h: the SQLite store of releases, platforms and deliveries
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-job.h"
#include "tm-model.h"

G_BEGIN_DECLS

#define TM_CATALOG_ERROR (tm_catalog_error_quark ())

typedef enum
{
  TM_CATALOG_ERROR_FAILED,
  TM_CATALOG_ERROR_CORRUPT,             /* not a catalog, or damaged */
  TM_CATALOG_ERROR_TOO_NEW,             /* written by a newer TuneMantra */
  TM_CATALOG_ERROR_LOCKED,              /* another program held it too long */
  TM_CATALOG_ERROR_READ_ONLY,           /* the file or its folder cannot be written */
  TM_CATALOG_ERROR_DISK_FULL,
  TM_CATALOG_ERROR_NOT_FOUND,
  TM_CATALOG_ERROR_EXISTS,              /* a name or pair that must be unique */
  TM_CATALOG_ERROR_INVALID,             /* a value the catalog refuses */
  TM_CATALOG_ERROR_INVALID_TRANSITION,  /* not allowed by STATUS.md */
  TM_CATALOG_ERROR_IN_USE,              /* refused: deliveries depend on it */
} TmCatalogError;

typedef enum
{
  TM_CATALOG_CHANGE_RELEASE_ADDED,
  TM_CATALOG_CHANGE_RELEASE_CHANGED,    /* its fields, tracks, artwork or distributions */
  TM_CATALOG_CHANGE_RELEASE_REMOVED,
  TM_CATALOG_CHANGE_PLATFORMS,
  TM_CATALOG_CHANGE_EXTERNAL,           /* another connection or program wrote */
  TM_CATALOG_CHANGE_JOBS,               /* the delivery queue's jobs of a release */
  TM_CATALOG_CHANGE_EARNINGS,           /* a report was imported or removed */
} TmCatalogChange;

#define TM_CATALOG_SCHEMA_VERSION 7

#define TM_TYPE_CATALOG (tm_catalog_get_type ())

G_DECLARE_FINAL_TYPE (TmCatalog, tm_catalog, TM, CATALOG, GObject)

GQuark          tm_catalog_error_quark              (void);
const char     *tm_catalog_error_get_backup         (const GError          *error);
const char     *tm_catalog_error_get_missing        (const GError          *error);
char           *tm_catalog_default_path             (void);
char           *tm_catalog_find_last_backup         (const char            *path);
gboolean        tm_catalog_restore                  (const char            *path,
                                                     const char            *backup,
                                                     char                 **moved_to,
                                                     GError               **error);

TmCatalog      *tm_catalog_open                     (const char            *path,
                                                     GError               **error);
const char     *tm_catalog_get_path                 (TmCatalog             *self);
int             tm_catalog_get_schema_version       (TmCatalog             *self);
gboolean        tm_catalog_check_external_changes   (TmCatalog             *self);
void            tm_catalog_watch_external_changes   (TmCatalog             *self,
                                                     gboolean               watch);
void            tm_catalog_notify_release_changed   (TmCatalog             *self,
                                                     gint64                 release_id);
gboolean        tm_catalog_integrity_check          (TmCatalog             *self,
                                                     GError               **error);

/* Several changes as one: nest freely; only the outermost commit writes. */
gboolean        tm_catalog_begin                    (TmCatalog             *self,
                                                     GError               **error);
gboolean        tm_catalog_commit                   (TmCatalog             *self,
                                                     GError               **error);
void            tm_catalog_rollback                 (TmCatalog             *self);

/* Releases */
gboolean        tm_catalog_add_release              (TmCatalog             *self,
                                                     TmRelease             *release,
                                                     GError               **error);
gboolean        tm_catalog_update_release           (TmCatalog             *self,
                                                     TmRelease             *release,
                                                     GError               **error);
gboolean        tm_catalog_delete_release           (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);
TmRelease      *tm_catalog_get_release              (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_releases            (TmCatalog             *self,
                                                     GError               **error);
gboolean        tm_catalog_get_release_status       (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     TmStatusCounts        *counts,
                                                     GError               **error);

/* Tracks, with their contributors and splits */
gboolean        tm_catalog_add_track                (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     TmTrack               *track,
                                                     GError               **error);
gboolean        tm_catalog_update_track             (TmCatalog             *self,
                                                     TmTrack               *track,
                                                     GError               **error);
gboolean        tm_catalog_remove_track             (TmCatalog             *self,
                                                     gint64                 track_id,
                                                     GError               **error);
gboolean        tm_catalog_move_track               (TmCatalog             *self,
                                                     gint64                 track_id,
                                                     int                    number,
                                                     GError               **error);
TmTrack        *tm_catalog_get_track                (TmCatalog             *self,
                                                     gint64                 track_id,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_tracks              (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);

/* Artwork */
gboolean        tm_catalog_set_artwork              (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     TmArtwork             *artwork,
                                                     GError               **error);
TmArtwork      *tm_catalog_get_artwork              (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);
gboolean        tm_catalog_remove_artwork           (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);

/* Platforms */
gboolean        tm_catalog_add_platform             (TmCatalog             *self,
                                                     TmPlatform            *platform,
                                                     GError               **error);
gboolean        tm_catalog_update_platform          (TmCatalog             *self,
                                                     TmPlatform            *platform,
                                                     GError               **error);
gboolean        tm_catalog_remove_platform          (TmCatalog             *self,
                                                     gint64                 platform_id,
                                                     GError               **error);
TmPlatform     *tm_catalog_get_platform             (TmCatalog             *self,
                                                     gint64                 platform_id,
                                                     GError               **error);
TmPlatform     *tm_catalog_find_platform            (TmCatalog             *self,
                                                     const char            *name,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_platforms           (TmCatalog             *self,
                                                     GError               **error);

/* Distributions and their history */
TmDistribution *tm_catalog_add_distribution         (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     gint64                 platform_id,
                                                     TmActor                actor,
                                                     GError               **error);
TmDistribution *tm_catalog_get_distribution         (TmCatalog             *self,
                                                     gint64                 distribution_id,
                                                     GError               **error);
TmDistribution *tm_catalog_find_distribution        (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     gint64                 platform_id,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_distributions       (TmCatalog             *self,
                                                     gint64                 release_id,
                                                     GError               **error);
gboolean        tm_catalog_update_distribution      (TmCatalog             *self,
                                                     TmDistribution        *distribution,
                                                     GError               **error);
gboolean        tm_catalog_transition               (TmCatalog             *self,
                                                     gint64                 distribution_id,
                                                     TmDistributionStatus   to,
                                                     TmActor                actor,
                                                     const char            *details_json,
                                                     GError               **error);
gboolean        tm_catalog_add_note                 (TmCatalog             *self,
                                                     gint64                 distribution_id,
                                                     TmActor                actor,
                                                     const char            *details_json,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_history             (TmCatalog             *self,
                                                     gint64                 distribution_id,
                                                     GError               **error);

/* Jobs of the delivery queue */
gboolean        tm_catalog_add_job                  (TmCatalog             *self,
                                                     TmJob                 *job,
                                                     GError               **error);
gboolean        tm_catalog_update_job               (TmCatalog             *self,
                                                     TmJob                 *job,
                                                     GError               **error);
TmJob          *tm_catalog_get_job                  (TmCatalog             *self,
                                                     gint64                 job_id,
                                                     GError               **error);
GPtrArray      *tm_catalog_list_jobs                (TmCatalog             *self,
                                                     const TmJobQuery      *query,
                                                     GError               **error);
gboolean        tm_catalog_claim_job                (TmCatalog             *self,
                                                     gint64                 job_id,
                                                     const char            *owner,
                                                     gint64                 lease_until,
                                                     GError               **error);
gint64          tm_catalog_next_batch_id            (TmCatalog             *self,
                                                     GError               **error);

/* Inspection reports, keyed by the file's identity */
char           *tm_catalog_find_report              (TmCatalog             *self,
                                                     const char            *kind,
                                                     const char            *path,
                                                     gint64                 size,
                                                     gint64                 mtime,
                                                     const char            *sha256,
                                                     GError               **error);
gboolean        tm_catalog_store_report             (TmCatalog             *self,
                                                     const char            *kind,
                                                     const char            *path,
                                                     gint64                 size,
                                                     gint64                 mtime,
                                                     const char            *sha256,
                                                     const char            *report,
                                                     GError               **error);
gboolean        tm_catalog_forget_report            (TmCatalog             *self,
                                                     const char            *kind,
                                                     const char            *path,
                                                     GError               **error);

/* Identifiers: the next free ISRC of @prefix ("GBXYZ") in @year, from a counter
 * kept in the catalog; never one given before, never one a track already has. */
char           *tm_catalog_generate_isrc            (TmCatalog             *self,
                                                     const char            *prefix,
                                                     int                    year,
                                                     GError               **error);
/* Ids of the tracks that have @isrc, in order. */
GArray         *tm_catalog_find_tracks_by_isrc      (TmCatalog             *self,
                                                     const char            *isrc,
                                                     GError               **error);

/* Small values the program keeps (counters, preferences that travel with the catalog) */
char           *tm_catalog_get_setting              (TmCatalog             *self,
                                                     const char            *key,
                                                     GError               **error);
gboolean        tm_catalog_set_setting              (TmCatalog             *self,
                                                     const char            *key,
                                                     const char            *value,
                                                     GError               **error);

G_END_DECLS
