/* tm-inspector.c: inspects files, audio or image, into typed reports
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Images are read here, one after the other (a header and a bounded decode);
 * audio files are analysed in parallel by the analyser. Nothing is kept:
 * prepare/tm-report-cache.c keeps reports in the catalog. */

#include "config.h"

#include <stdio.h>

#include "tm-inspector.h"
#include "tm-safe-file.h"

gboolean
tm_is_image_path (const char *path)
{
  guint8 head[16];
  gsize n = 0;
  FILE *f = tm_fopen_regular (path, TM_OPEN_FOLLOW, NULL, NULL);

  if (f == NULL)
    return FALSE;
  n = fread (head, 1, sizeof head, f);
  fclose (f);

  return tm_sniff_image_format (head, n) != NULL;
}

typedef struct
{
  GPtrArray             *paths;       /* those analysed, by the analyser's index */
  TmInspectProgressFunc  progress;
  gpointer               progress_data;
} Progress;

static void
analysis_progress_cb (guint     index,
                      double    fraction,
                      gpointer  user_data)
{
  Progress *p = user_data;

  if (index < p->paths->len)
    p->progress (g_ptr_array_index (p->paths, index), fraction, p->progress_data);
}

/**
 * tm_inspect_files:
 * @progress: (nullable): told how far each audio file is
 *
 * Inspects each file, audio ones in parallel. A file that cannot be inspected
 * has a report of kind %TM_REPORT_ERROR that says why. Blocks; call it from a
 * worker thread.
 *
 * Returns: (transfer container) (element-type TmReport): one report per path,
 *   in the same order
 */
GPtrArray *
tm_inspect_files (const char * const    *paths,
                  TmInspectProgressFunc  progress,
                  gpointer               progress_data,
                  GCancellable          *cancellable)
{
  guint n = g_strv_length ((char **) paths);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_full (n, (GDestroyNotify) tm_report_unref);
  g_autoptr(GPtrArray) to_analyze = g_ptr_array_new ();
  g_autoptr(GArray) analyzed_index = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (reports, NULL);
      if (tm_is_image_path (paths[i]))
        {
          g_autoptr(GError) error = NULL;
          TmImageReport *image = tm_artwork_inspect (paths[i], TM_ARTWORK_MAX_PIXELS, &error);

          reports->pdata[i] = image != NULL ? tm_report_new_image (image)
                                            : tm_report_new_error (paths[i], error->message);
        }
      else
        {
          g_ptr_array_add (to_analyze, (gpointer) paths[i]);
          g_array_append_val (analyzed_index, i);
        }
    }

  if (to_analyze->len > 0)
    {
      Progress p = { to_analyze, progress, progress_data };
      g_autoptr(GArray) analyzed = NULL;

      g_ptr_array_add (to_analyze, NULL);
      analyzed = tm_audio_analyze_files ((const char * const *) to_analyze->pdata,
                                         progress != NULL ? analysis_progress_cb : NULL, &p,
                                         cancellable);
      for (guint k = 0; k < analyzed->len; k++)
        {
          TmAnalysisResult *result = &g_array_index (analyzed, TmAnalysisResult, k);
          guint i = g_array_index (analyzed_index, guint, k);

          reports->pdata[i] = result->report != NULL
                              ? tm_report_new_audio (g_steal_pointer (&result->report))
                              : tm_report_new_error (paths[i], result->error->message);
        }
    }

  return g_steal_pointer (&reports);
}
