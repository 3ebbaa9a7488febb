/* tm-earnings-import.c: a report file into the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-earnings-import.h"
#include "tm-earnings-zip.h"
#include "tm-file-hash.h"

typedef struct
{
  const char        *path;
  TmEarningsSource   source;
  TmEarningsSource   found;
  GCancellable      *cancellable;
  TmEarningsImport  *import;
  gboolean           named;
} Fill;

static gboolean
line_cb (const TmEarning  *earning,
         gpointer          data,
         GError          **error)
{
  Fill *fill = data;

  if (!fill->named)
    {
      tm_earnings_import_set_source (fill->import, tm_earnings_source_to_string (fill->found));
      fill->named = TRUE;
    }
  return tm_earnings_import_add (fill->import, earning, error);
}

static void
problem_cb (guint64     line,
            const char *why,
            gpointer    data)
{
  Fill *fill = data;

  tm_earnings_import_problem (fill->import, line, why);
}

static gboolean
fill_cb (TmEarningsImport  *import,
         gpointer           data,
         GError           **error)
{
  Fill *fill = data;

  fill->import = import;
  if (!tm_earnings_read (fill->path, fill->source, &fill->found, line_cb, problem_cb, fill,
                         fill->cancellable, error))
    return FALSE;
  if (!fill->named)
    tm_earnings_import_set_source (import, tm_earnings_source_to_string (fill->found));
  return TRUE;
}

/**
 * tm_earnings_import_file:
 * @name: (nullable): what the artist knows the report as; its file name if %NULL
 * @source: the report's source, or %TM_EARNINGS_UNKNOWN to tell it from its
 *   first line
 * @result: (out caller-allocates): what was imported; cleared with
 *   tm_earnings_import_result_clear()
 * @imported_before: (out) (optional) (nullable): the name the same file was
 *   imported under before, in which case nothing is read
 *
 * Imports @path as one transaction: a line that cannot be read is listed in
 * @result and the rest goes on; a file that cannot be read, or a catalog that
 * cannot be written, leaves the catalog as it was.
 */
gboolean
tm_earnings_import_file (TmCatalog               *catalog,
                         const char              *path,
                         const char              *name,
                         TmEarningsSource         source,
                         TmEarningsImportResult  *result,
                         char                   **imported_before,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(TmFileHash) hash = NULL;
  g_autofree char *before = NULL;
  g_autofree char *shown = NULL;
  Fill fill = { path, source, TM_EARNINGS_UNKNOWN, cancellable, NULL, FALSE };

  memset (result, 0, sizeof *result);
  if (imported_before != NULL)
    *imported_before = NULL;

  if (!(hash = tm_file_hash_sync (path, cancellable, error)))
    return FALSE;
  before = tm_catalog_find_earnings_file (catalog, hash->sha256, NULL, error);
  if (before == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (before != NULL)
    {
      if (imported_before != NULL)
        *imported_before = g_steal_pointer (&before);
      return TRUE;
    }

  shown = name != NULL ? g_strdup (name) : g_path_get_basename (path);
  return tm_catalog_import_earnings (catalog, shown, hash->sha256, fill_cb, &fill, result, error);
}

void
tm_earnings_imported_free (TmEarningsImported *imported)
{
  if (imported == NULL)
    return;
  g_free (imported->name);
  tm_earnings_import_result_clear (&imported->result);
  g_free (imported->imported_before);
  g_clear_error (&imported->error);
  g_free (imported);
}

static TmEarningsImported *
import_one (TmCatalog        *catalog,
            const char       *path,
            const char       *name,
            TmEarningsSource  source,
            GCancellable     *cancellable)
{
  TmEarningsImported *imported = g_new0 (TmEarningsImported, 1);

  imported->name = g_strdup (name);
  tm_earnings_import_file (catalog, path, name, source, &imported->result,
                           &imported->imported_before, cancellable, &imported->error);
  return imported;
}

/**
 * tm_earnings_import_path:
 * @path: a report, or a zip of reports (zips inside it included)
 *
 * Imports each report of @path as one transaction of its own.
 *
 * Returns: (transfer full) (element-type TmEarningsImported): what became of
 *   each report; a zip that cannot be unpacked is one entry with its error
 */
GPtrArray *
tm_earnings_import_path (TmCatalog        *catalog,
                         const char       *path,
                         TmEarningsSource  source,
                         GCancellable     *cancellable)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) tm_earnings_imported_free);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  GError *error = NULL;

  if (!tm_earnings_is_zip (path))
    {
      g_ptr_array_add (all, import_one (catalog, path, base, source, cancellable));
      return all;
    }
  if (!(parts = tm_earnings_zip_unpack (path, &folder, cancellable, &error)))
    {
      TmEarningsImported *imported = g_new0 (TmEarningsImported, 1);

      imported->name = g_strdup (base);
      imported->error = error;
      g_ptr_array_add (all, imported);
      return all;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      const TmEarningsPart *part = g_ptr_array_index (parts, i);

      g_ptr_array_add (all, import_one (catalog, part->path, part->name, source, cancellable));
    }
  tm_earnings_zip_remove (folder);
  return all;
}
