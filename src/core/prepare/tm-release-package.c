/* tm-release-package.c: the package of a release of the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A package is a snapshot: the release, its tracks and its cover as the
 * catalog has them now, with each track's length from its kept report. A
 * track never measured is measured before the package is made (DDEX cannot be
 * written without its length): tm_release_package_new_measured() does it
 * there and then, for a command; the queue measures in a worker thread with
 * tm_release_package_measure_async() and makes the package again. */

#include "config.h"

#include "tm-release-package.h"
#include "tm-report-cache.h"

static double
kept_duration (TmCatalog  *catalog,
               const char *path)
{
  g_autoptr(TmReport) report = path != NULL ? tm_report_cache_lookup (catalog, path) : NULL;
  const TmAudioReport *audio = tm_report_get_audio (report);

  return audio != NULL && audio->duration_s > 0 ? audio->duration_s : 0;
}

/**
 * tm_release_package_new:
 * @distribution_id: the delivery it is for, or 0 for an export
 *
 * Reads the release, its tracks and its cover from @catalog into a package
 * that no longer depends on it. Reads only metadata and kept reports; files
 * are read when the package is written or sent.
 *
 * Returns: (transfer full): the package
 */
TmPackage *
tm_release_package_new (TmCatalog  *catalog,
                        gint64      release_id,
                        gint64      distribution_id,
                        GError    **error)
{
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GError) local_error = NULL;
  TmPackage *package;

  if (!(release = tm_catalog_get_release (catalog, release_id, error))
      || !(tracks = tm_catalog_list_tracks (catalog, release_id, error)))
    return NULL;
  artwork = tm_catalog_get_artwork (catalog, release_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  package = tm_package_new (release, distribution_id);
  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);

      tm_package_add_track (package, track,
                            kept_duration (catalog, tm_track_get_audio_path (track)));
    }
  tm_package_set_cover (package, artwork);

  if (distribution_id > 0)
    {
      g_autoptr(TmDistribution) distribution = tm_catalog_get_distribution (catalog,
                                                                            distribution_id,
                                                                            NULL);

      if (distribution != NULL)
        tm_package_set_reference (package, tm_distribution_get_platform_reference (distribution));
    }
  return package;
}

/**
 * tm_release_package_unmeasured:
 *
 * Returns: (transfer full) (nullable): the audio files of @package whose
 *   length is not known, or %NULL when every one is
 */
GStrv
tm_release_package_unmeasured (TmPackage *package)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; i < tm_package_get_n_tracks (package); i++)
    {
      const TmPackageTrack *track = tm_package_get_track (package, i);

      if (track->file != NULL && track->duration_s <= 0)
        {
          g_strv_builder_add (builder, track->file->source);
          any = TRUE;
        }
    }
  return any ? g_strv_builder_end (builder) : NULL;
}

/**
 * tm_release_package_new_measured:
 *
 * As tm_release_package_new(), with the tracks never measured measured
 * first. Blocks.
 */
TmPackage *
tm_release_package_new_measured (TmCatalog     *catalog,
                                 gint64         release_id,
                                 gint64         distribution_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(TmPackage) package = tm_release_package_new (catalog, release_id, distribution_id,
                                                         error);
  g_auto(GStrv) unmeasured = package != NULL ? tm_release_package_unmeasured (package) : NULL;
  g_autoptr(GPtrArray) reports = NULL;

  if (unmeasured == NULL)
    return g_steal_pointer (&package);

  /* A file that cannot be measured is named when the package is used. */
  reports = tm_report_cache_inspect (tm_catalog_get_path (catalog),
                                     (const char * const *) unmeasured, NULL, NULL, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return tm_release_package_new (catalog, release_id, distribution_id, error);
}

static void
measure_worker (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  char **args = data;
  GError *error = NULL;

  /* The reports are kept in the catalog, where packaging reads them. */
  g_ptr_array_unref (tm_report_cache_inspect (args[0], (const char * const *) args + 1, NULL, NULL,
                                              cancellable));
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * tm_release_package_measure_async:
 * @paths: audio files, as tm_release_package_unmeasured() names them
 *
 * Measures @paths in a worker thread and keeps their reports in @catalog,
 * so that the package made next knows their lengths.
 */
void
tm_release_package_measure_async (TmCatalog           *catalog,
                                  const char * const  *paths,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, tm_catalog_get_path (catalog));
  g_strv_builder_addv (builder, (const char **) paths);
  g_task_set_source_tag (task, tm_release_package_measure_async);
  g_task_set_name (task, "[tm] measure before packaging");
  g_task_set_task_data (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, measure_worker);
}

gboolean
tm_release_package_measure_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
