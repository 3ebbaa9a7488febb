/* tm-inspector.c: inspects files, audio or image, with reports kept in the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A report is found again by the file's path, size and modification time (no
 * reading at all), or, when those changed, by its SHA-256 (the same content moved
 * or touched). Only a file whose content changed is analysed again. */

#define G_LOG_DOMAIN "tm-inspector"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-file-hash.h"
#include "tm-json.h"
#include "tm-inspector.h"

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

gboolean
tm_report_get_number (JsonObject *report,
                      const char *key,
                      double     *value)
{
  JsonNode *node = report != NULL ? json_object_get_member (report, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) == G_TYPE_STRING
      || json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_double (node);
  return TRUE;
}

static JsonNode *
error_node (const char   *path,
            const GError *error)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "path", path);
  json_object_set_string_member (o, "kind", "error");
  json_object_set_string_member (o, "message", error->message);
  json_node_take_object (node, o);
  return node;
}

/* The stored form keeps the overview for the window; what is shown does not. */
static char *
audio_stored_form (TmAudioReport *report)
{
  g_autoptr(JsonNode) node = tm_audio_report_to_json (report);
  JsonObject *o = json_node_get_object (node);
  JsonArray *peaks = json_array_new ();
  JsonArray *short_terms = json_array_new ();

  for (guint i = 0; i < report->n_overview; i++)
    {
      json_array_add_double_element (peaks, round (report->overview_peak[i] * 10000) / 10000);
      if (isfinite (report->overview_short_term[i]))
        json_array_add_double_element (short_terms,
                                       round (report->overview_short_term[i] * 10) / 10);
      else
        json_array_add_null_element (short_terms);
    }
  json_object_set_array_member (o, "overview_peak", peaks);
  json_object_set_array_member (o, "overview_short_term", short_terms);
  return json_to_string (node, FALSE);
}

static JsonNode *
shown_form (const char     *stored,
            const char     *path,
            TmInspectFlags  flags)
{
  JsonNode *node = tm_json_parse (stored, strlen (stored), "report", NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  if (!(flags & TM_INSPECT_WITH_OVERVIEW))
    {
      json_object_remove_member (json_node_get_object (node), "overview_peak");
      json_object_remove_member (json_node_get_object (node), "overview_short_term");
    }
  json_object_set_string_member (json_node_get_object (node), "path", path);
  return node;
}

typedef struct
{
  char       *path;
  gboolean    image;
  gint64      size;
  gint64      mtime;
  char       *sha256;
  JsonNode   *result;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->path);
  g_free (item->sha256);
  g_clear_pointer (&item->result, json_node_unref);
}

static gboolean
identify (Item         *item,
          GCancellable *cancellable)
{
  g_autoptr(TmFileHash) hash = tm_file_hash_sync (item->path, cancellable, NULL);

  if (hash == NULL)
    return FALSE;

  item->size = hash->size;
  item->mtime = hash->mtime_usec;
  item->sha256 = g_strdup (hash->sha256);
  return TRUE;
}

/**
 * tm_inspect_files:
 * @catalog_path: (nullable): where reports are kept, or %NULL for none
 *
 * Inspects each file, audio ones in parallel, and returns one JSON object per
 * path in the same order: a report, or `{"path", "kind": "error", "message"}`.
 * Blocks; call it from a worker thread.
 *
 * Returns: (transfer container) (element-type JsonNode): the results
 */
GPtrArray *
tm_inspect_files (const char          *catalog_path,
                  const char * const  *paths,
                  GCancellable        *cancellable)
{
  return tm_inspect_files_full (catalog_path, paths, 0, NULL, NULL, cancellable);
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
 * tm_inspect_files_full:
 * @flags: %TM_INSPECT_WITH_OVERVIEW to keep each audio report's overview
 *   (`overview_peak`, linear, and `overview_short_term`, LUFS or null)
 * @progress: (nullable): told how far each file that needs analysing is
 *
 * As tm_inspect_files(). Files whose report is cached report no progress.
 */
GPtrArray *
tm_inspect_files_full (const char            *catalog_path,
                       const char * const    *paths,
                       TmInspectFlags         flags,
                       TmInspectProgressFunc  progress,
                       gpointer               progress_data,
                       GCancellable          *cancellable)
{
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) to_analyze = g_ptr_array_new ();
  g_autoptr(GArray) analyzed_index = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = g_strv_length ((char **) paths);
  g_autofree Item *items = g_new0 (Item, n);

  if (catalog_path != NULL)
    catalog = tm_catalog_open (catalog_path, NULL);

  for (guint i = 0; i < n; i++)
    {
      Item *item = &items[i];
      const char *kind;
      g_autofree char *stored = NULL;
      GStatBuf st;

      item->path = g_strdup (paths[i]);
      item->image = tm_is_image_path (paths[i]);
      kind = item->image ? "image" : "audio";

      if (catalog != NULL && g_stat (paths[i], &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
        {
          gint64 mtime = (gint64) st.st_mtime * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

          stored = tm_catalog_find_report (catalog, kind, paths[i], st.st_size, mtime, NULL, NULL);
          if (stored == NULL && identify (item, cancellable))
            {
              stored = tm_catalog_find_report (catalog, kind, paths[i], item->size, item->mtime,
                                               item->sha256, NULL);
              if (stored != NULL)
                tm_catalog_store_report (catalog, kind, paths[i], item->size, item->mtime,
                                         item->sha256, stored, NULL);
            }
          if (stored != NULL)
            item->result = shown_form (stored, paths[i], flags);
        }

      if (item->result != NULL)
        continue;

      if (item->image)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TmImageReport) report = tm_artwork_inspect (paths[i], TM_ARTWORK_MAX_PIXELS,
                                                                &error);

          item->result = report ? tm_image_report_to_json (report) : error_node (paths[i], error);
          if (report != NULL && catalog != NULL && (item->sha256 != NULL || identify (item, NULL)))
            {
              g_autofree char *text = json_to_string (item->result, FALSE);
              tm_catalog_store_report (catalog, "image", paths[i], item->size, item->mtime,
                                       item->sha256, text, NULL);
            }
        }
      else
        {
          g_ptr_array_add (to_analyze, item->path);
          g_array_append_val (analyzed_index, i);
        }
    }

  if (to_analyze->len > 0)
    {
      g_autoptr(GArray) analyzed = NULL;

      Progress p = { to_analyze, progress, progress_data };

      g_ptr_array_add (to_analyze, NULL);
      analyzed = tm_audio_analyze_files ((const char * const *) to_analyze->pdata,
                                         progress != NULL ? analysis_progress_cb : NULL, &p,
                                         cancellable);
      for (guint k = 0; k < analyzed->len; k++)
        {
          TmAnalysisResult *result = &g_array_index (analyzed, TmAnalysisResult, k);
          Item *item = &items[g_array_index (analyzed_index, guint, k)];

          if (result->report == NULL)
            {
              item->result = error_node (item->path, result->error);
              continue;
            }

          if (flags & TM_INSPECT_WITH_OVERVIEW)
            {
              g_autofree char *stored = audio_stored_form (result->report);

              item->result = shown_form (stored, item->path, flags);
            }
          else
            item->result = tm_audio_report_to_json (result->report);
          if (catalog != NULL && (item->sha256 != NULL || identify (item, NULL)))
            {
              g_autofree char *stored = audio_stored_form (result->report);
              tm_catalog_store_report (catalog, "audio", item->path, item->size, item->mtime,
                                       item->sha256, stored, NULL);
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (results, g_steal_pointer (&items[i].result));
      item_clear (&items[i]);
    }

  return g_steal_pointer (&results);
}
