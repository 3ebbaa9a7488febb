/* tm-preflight.c: a release of the catalog, checked against platforms
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the checker needs, gathered from the catalog and the files: the
 * release, its tracks and cover, their reports (from the cache, or measured
 * now), and where else in the catalog each ISRC is used. The checks
 * themselves are check/tm-checker.c's, which read none of this. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tm-preflight.h"
#include "tm-report-cache.h"

/**
 * tm_preflight_check_release:
 * @profiles: (element-type TmRequirements): the profiles to check against
 * @reports: (out) (optional) (element-type utf8 TmReport): the inspection
 *   reports, by path
 * @progress: (nullable): told how far each file that needs analysing is
 *
 * Everything for one release, from the catalog: its tracks and cover are
 * inspected (reports kept in the catalog, files analysed in parallel), the
 * ISRCs it shares with other releases are looked up, then it is checked
 * against each of @profiles. Blocks: call it from a worker thread.
 *
 * Returns: (transfer container) (element-type TmIssue): the issues
 */
GPtrArray *
tm_preflight_check_release (TmCatalog              *catalog,
                            gint64                  release_id,
                            GPtrArray              *profiles,
                            GHashTable            **reports_out,
                            TmInspectProgressFunc   progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            GError                **error)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) tm_report_unref);
  g_autoptr(GHashTable) elsewhere = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local_error = NULL;
  TmCheckInput input = { 0 };

  g_return_val_if_fail (TM_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (profiles != NULL, NULL);

  if (!(release = tm_catalog_get_release (catalog, release_id, error)))
    return NULL;
  if (!(tracks = tm_catalog_list_tracks (catalog, release_id, error)))
    return NULL;
  artwork = tm_catalog_get_artwork (catalog, release_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);

      if (tm_track_get_audio_path (track) != NULL)
        g_ptr_array_add (paths, (gpointer) tm_track_get_audio_path (track));
    }
  if (artwork != NULL && tm_artwork_get_path (artwork) != NULL)
    g_ptr_array_add (paths, (gpointer) tm_artwork_get_path (artwork));
  g_ptr_array_add (paths, NULL);

  results = tm_report_cache_inspect (tm_catalog_get_path (catalog),
                                     (const char * const *) paths->pdata, progress, progress_data,
                                     cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  for (guint i = 0; i < results->len; i++)
    g_hash_table_insert (reports, g_strdup (g_ptr_array_index (paths, i)),
                         tm_report_ref (g_ptr_array_index (results, i)));

  /* ISRCs that tracks of other releases have too. */
  for (guint i = 0; i < tracks->len; i++)
    {
      const char *isrc = tm_track_get_isrc (g_ptr_array_index (tracks, i));
      g_autoptr(GArray) ids = NULL;

      if (isrc == NULL || g_hash_table_contains (elsewhere, isrc))
        continue;
      if (!(ids = tm_catalog_find_tracks_by_isrc (catalog, isrc, error)))
        return NULL;
      for (guint k = 0; k < ids->len; k++)
        {
          gint64 id = g_array_index (ids, gint64, k);
          g_autoptr(TmTrack) other = NULL;
          g_autoptr(TmRelease) other_release = NULL;

          other = tm_catalog_get_track (catalog, id, NULL);
          if (other != NULL && tm_track_get_release_id (other) == release_id)
            continue;
          other_release = other != NULL
                          ? tm_catalog_get_release (catalog, tm_track_get_release_id (other), NULL)
                          : NULL;
          g_hash_table_insert (elsewhere, (gpointer) isrc,
                               other_release != NULL
                               ? g_strdup_printf (_("track %d of “%s”"),
                                                  tm_track_get_number (other),
                                                  tm_release_get_title (other_release))
                               : g_strdup (_("another release")));
          break;
        }
    }

  input.release = release;
  input.tracks = tracks;
  input.artwork = artwork;
  input.reports = reports;
  input.isrcs_elsewhere = elsewhere;

  for (guint i = 0; i < profiles->len; i++)
    {
      g_autoptr(GPtrArray) found = tm_checker_check (&input, g_ptr_array_index (profiles, i));

      g_ptr_array_extend_and_steal (issues, g_steal_pointer (&found));
    }

  if (reports_out != NULL)
    *reports_out = g_steal_pointer (&reports);
  return g_steal_pointer (&issues);
}

/**
 * tm_preflight_choose_profiles:
 * @all: (element-type TmRequirements): every profile
 * @wanted: (nullable): ids of profiles to check against as well, such as
 *   "spotify", as the person asked to see them
 *
 * The rules a release is checked against: those of the platforms the catalog
 * can deliver to (switched on), then the ones asked for, each once.
 *
 * Returns: (transfer container) (element-type TmRequirements): the profiles
 */
GPtrArray *
tm_preflight_choose_profiles (TmCatalog           *catalog,
                              GPtrArray           *all,
                              const char * const  *wanted,
                              GError             **error)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) platforms = tm_catalog_list_platforms (catalog, error);

  if (platforms == NULL)
    return NULL;

  for (guint i = 0; i < platforms->len; i++)
    {
      TmPlatform *platform = g_ptr_array_index (platforms, i);
      const char *id = tm_platform_get_rule_profile (platform);
      TmRequirements *profile = id != NULL ? tm_requirements_find (all, id) : NULL;

      if (tm_platform_get_enabled (platform) && profile != NULL
          && !g_ptr_array_find (chosen, profile, NULL))
        g_ptr_array_add (chosen, g_object_ref (profile));
    }
  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      TmRequirements *profile = tm_requirements_find (all, wanted[i]);

      if (profile != NULL && !g_ptr_array_find (chosen, profile, NULL))
        g_ptr_array_add (chosen, g_object_ref (profile));
    }
  return g_steal_pointer (&chosen);
}
