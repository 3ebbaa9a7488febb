/* tm-report-cache.c: inspection reports, kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A report is found again by the file's path, size and modification time (no
 * reading at all), or, when those changed, by its SHA-256 (the same content moved
 * or touched). Only a file whose content changed is analysed again. The catalog
 * keeps a report as JSON with the audio overview; here it is a TmReport again. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tm-file-hash.h"
#include "tm-json.h"
#include "tm-report-cache.h"

typedef struct
{
  const char *path;
  const char *kind;
  gint64      size;
  gint64      mtime;
  char       *sha256;
  TmReport   *report;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->sha256);
  g_clear_pointer (&item->report, tm_report_unref);
}

static TmReport *
from_stored (const char *stored,
             const char *path)
{
  g_autoptr(JsonObject) object = NULL;

  if (stored == NULL || !(object = tm_json_parse_object (stored, strlen (stored), "report", NULL)))
    return NULL;
  /* Made by an analysis that measured less than today's: made again. */
  if (g_strcmp0 (tm_json_string_or (object, "kind", NULL), "audio") == 0
      && tm_json_int_or (object, "analysis_version", 1) < TM_AUDIO_ANALYSIS_VERSION)
    return NULL;
  return tm_report_new_from_json (object, path, NULL);
}

static char *
stored_form (TmReport *report)
{
  g_autoptr(JsonNode) node = tm_report_to_json (report, TRUE);

  return json_to_string (node, FALSE);
}

/* The file as it is now: size and modification time, without reading it. */
static gboolean
stat_regular (const char *path,
              gint64     *size,
              gint64     *mtime)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0)
    return FALSE;
  *size = st.st_size;
  *mtime = (gint64) st.st_mtime * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

/* Its size, time and SHA-256, read once. */
static gboolean
identify (Item         *item,
          GCancellable *cancellable)
{
  g_autoptr(TmFileHash) hash = NULL;

  if (item->sha256 != NULL)
    return TRUE;
  if (!(hash = tm_file_hash_sync (item->path, cancellable, NULL)))
    return FALSE;
  item->size = hash->size;
  item->mtime = hash->mtime_usec;
  item->sha256 = g_strdup (hash->sha256);
  return TRUE;
}

/* Finds or makes the report of each item; an item that comes with its size,
 * time and SHA-256 (and still has that size and time) is not read again. */
static GPtrArray *
inspect_items (const char            *catalog_path,
               Item                  *items,
               guint                  n,
               TmInspectProgressFunc  progress,
               gpointer               progress_data,
               GCancellable          *cancellable)
{
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GArray) missing_index = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) reports = g_ptr_array_new_full (n, (GDestroyNotify) tm_report_unref);

  if (catalog_path != NULL)
    catalog = tm_catalog_open (catalog_path, NULL);

  for (guint i = 0; i < n; i++)
    {
      Item *item = &items[i];
      g_autofree char *stored = NULL;
      gint64 size, mtime;

      item->kind = tm_is_image_path (item->path) ? "image" : "audio";

      if (catalog != NULL && stat_regular (item->path, &size, &mtime))
        {
          /* Changed since it was hashed: hashed again. */
          if (size != item->size || mtime != item->mtime)
            g_clear_pointer (&item->sha256, g_free);
          item->size = size;
          item->mtime = mtime;
          stored = tm_catalog_find_report (catalog, item->kind, item->path, item->size,
                                           item->mtime, NULL, NULL);
          if (stored == NULL && identify (item, cancellable))
            {
              stored = tm_catalog_find_report (catalog, item->kind, item->path, item->size,
                                               item->mtime, item->sha256, NULL);
              /* The same content, moved or touched: kept under its new name too. */
              if (stored != NULL)
                tm_catalog_store_report (catalog, item->kind, item->path, item->size,
                                         item->mtime, item->sha256, stored, NULL);
            }
          item->report = from_stored (stored, item->path);
        }

      if (item->report == NULL)
        {
          g_ptr_array_add (missing, (gpointer) item->path);
          g_array_append_val (missing_index, i);
        }
    }

  if (missing->len > 0)
    {
      g_autoptr(GPtrArray) found = NULL;

      g_ptr_array_add (missing, NULL);
      found = tm_inspect_files ((const char * const *) missing->pdata, progress, progress_data,
                                cancellable);
      for (guint k = 0; k < found->len; k++)
        {
          Item *item = &items[g_array_index (missing_index, guint, k)];

          item->report = tm_report_ref (g_ptr_array_index (found, k));
          /* What could not be inspected is tried again next time. */
          if (tm_report_get_kind (item->report) != TM_REPORT_ERROR && catalog != NULL
              && identify (item, NULL))
            {
              g_autofree char *text = stored_form (item->report);

              tm_catalog_store_report (catalog, item->kind, item->path, item->size, item->mtime,
                                       item->sha256, text, NULL);
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (reports, g_steal_pointer (&items[i].report));
      item_clear (&items[i]);
    }
  return g_steal_pointer (&reports);
}

/**
 * tm_report_cache_inspect:
 * @catalog_path: (nullable): where reports are kept, or %NULL for none
 * @progress: (nullable): told how far each file that needs analysing is;
 *   files whose report is kept report no progress
 *
 * As tm_inspect_files(), with each report found again in the catalog when
 * the file did not change, and kept there when it is new. The catalog is
 * opened here, for this thread. Blocks; call it from a worker thread.
 *
 * Returns: (transfer container) (element-type TmReport): one report per path
 */
GPtrArray *
tm_report_cache_inspect (const char            *catalog_path,
                         const char * const    *paths,
                         TmInspectProgressFunc  progress,
                         gpointer               progress_data,
                         GCancellable          *cancellable)
{
  guint n = g_strv_length ((char **) paths);
  g_autofree Item *items = g_new0 (Item, n);

  for (guint i = 0; i < n; i++)
    items[i].path = paths[i];
  return inspect_items (catalog_path, items, n, progress, progress_data, cancellable);
}

/**
 * tm_report_cache_inspect_hashed:
 * @hash: a file just hashed (tm_file_hash_sync())
 *
 * As tm_report_cache_inspect() for that one file, without reading it again
 * to hash it. Blocks; call it from a worker thread.
 *
 * Returns: (transfer full): its report
 */
TmReport *
tm_report_cache_inspect_hashed (const char       *catalog_path,
                                const TmFileHash *hash,
                                GCancellable     *cancellable)
{
  Item item = { hash->path, NULL, hash->size, hash->mtime_usec, g_strdup (hash->sha256), NULL };
  g_autoptr(GPtrArray) reports = inspect_items (catalog_path, &item, 1, NULL, NULL, cancellable);

  return tm_report_ref (g_ptr_array_index (reports, 0));
}

/**
 * tm_report_cache_lookup:
 *
 * The report kept for @path as the file is now, found by its size and time
 * alone: nothing is read or analysed.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL when none is kept
 */
TmReport *
tm_report_cache_lookup (TmCatalog  *catalog,
                        const char *path)
{
  g_autofree char *stored = NULL;
  gint64 size, mtime;

  if (!stat_regular (path, &size, &mtime))
    return NULL;
  stored = tm_catalog_find_report (catalog, tm_is_image_path (path) ? "image" : "audio", path,
                                   size, mtime, NULL, NULL);
  return from_stored (stored, path);
}
