/* tm-platform-status.c: what platforms say about a release, in our states
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-json.h"
#include "tm-platform-status.h"
#include "tm-text.h"


/**
 * tm_platform_status_parse:
 *
 * Maps the words platforms and people use ("received", "live", "rejected",
 * "taken down", ...) and our own state names to a state of STATUS.md.
 */
gboolean
tm_platform_status_parse (const char           *text,
                          TmDistributionStatus *status)
{
  static const struct { const char *word; TmDistributionStatus status; } words[] = {
    { "received", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "processing", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "pending", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "in_review", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "accepted", TM_DISTRIBUTION_STATUS_DISTRIBUTED },
    { "delivered", TM_DISTRIBUTION_STATUS_DISTRIBUTED },
    { "approved", TM_DISTRIBUTION_STATUS_DISTRIBUTED },
    { "available", TM_DISTRIBUTION_STATUS_LIVE },
    { "published", TM_DISTRIBUTION_STATUS_LIVE },
    { "online", TM_DISTRIBUTION_STATUS_LIVE },
    { "rejected", TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION },
    { "error", TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION },
    { "takedown_pending", TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED },
    { "taken_down", TM_DISTRIBUTION_STATUS_REMOVED },
    { "takendown", TM_DISTRIBUTION_STATUS_REMOVED },
    { "deleted", TM_DISTRIBUTION_STATUS_REMOVED },
  };
  g_autofree char *copy = NULL;
  g_autofree char *word = NULL;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  word = g_ascii_strdown (copy, -1);
  g_strdelimit (word, " -", '_');

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i].word))
      {
        *status = words[i].status;
        return TRUE;
      }

  return tm_distribution_status_from_string (word, status);
}

void
tm_status_row_free (TmStatusRow *row)
{
  if (row == NULL)
    return;

  tm_delivery_result_free (row->result);
  g_free (row->problem);
  g_free (row);
}

static TmStatusRow *
make_row (guint       line,
          const char *reference,
          const char *status,
          const char *store_url,
          const char *message)
{
  TmStatusRow *row = g_new0 (TmStatusRow, 1);
  TmDistributionStatus parsed;

  row->line = line;
  if (reference == NULL || *reference == '\0')
    row->problem = g_strdup (_("no reference"));
  else if (!tm_text_check (_("The reference"), reference, FALSE, NULL))
    row->problem = g_strdup (_("the reference holds control characters"));
  else if (!tm_platform_status_parse (status, &parsed))
    {
      g_autofree char *shown = tm_text_from_outside (status ? status : "", 80);

      row->problem = g_strdup_printf (_("“%s” is not a status TuneMantra knows (use received, "
                                        "distributed, live, rejected, removed ...)"), shown);
    }
  else if (store_url != NULL && *store_url != '\0' && !tm_text_is_web_address (store_url))
    {
      g_autofree char *shown = tm_text_from_outside (store_url, 200);

      row->problem = g_strdup_printf (_("the store link “%s” is not a web address"), shown);
    }
  else
    {
      row->result = tm_delivery_result_new (parsed, reference);
      row->result->store_url = store_url && *store_url ? g_strdup (store_url) : NULL;
      row->result->message = message && *message ? tm_text_from_outside (message, 500) : NULL;
    }

  return row;
}

/* RFC 4180 fields of one record; returns where the next record starts. */
static const char *
csv_record (const char *p,
            const char *end,
            GPtrArray  *fields)
{
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  while (p < end)
    {
      char c = *p++;

      if (quoted)
        {
          if (c == '"' && p < end && *p == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\n')
        break;
      else if (c != '\r')
        g_string_append_c (field, c);
    }

  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return p;
}

static GPtrArray *
parse_csv (const char  *contents,
           gsize        length,
           const char  *name,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tm_status_row_free);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  const char *p = contents, *end = contents + length;
  int col[4] = { -1, -1, -1, -1 };
  static const char * const names[] = { "reference", "status", "store_url", "message" };
  guint line = 1;

  p = csv_record (p, end, header);
  for (guint i = 0; i < header->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (names); k++)
      if (g_ascii_strcasecmp (g_strstrip ((char *) g_ptr_array_index (header, i)), names[k]) == 0)
        col[k] = i;

  if (col[0] < 0 || col[1] < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s has no “reference” and “status” columns in its first line. A status "
                     "file starts with: reference,status,store_url,message"), name);
      return NULL;
    }

  while (p < end)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      const char *v[4] = { NULL, NULL, NULL, NULL };

      line++;
      p = csv_record (p, end, fields);
      if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;

      for (guint k = 0; k < 4; k++)
        if (col[k] >= 0 && (guint) col[k] < fields->len)
          v[k] = g_strstrip ((char *) g_ptr_array_index (fields, col[k]));

      g_ptr_array_add (rows, make_row (line, v[0], v[1], v[2], v[3]));
    }

  return g_steal_pointer (&rows);
}

static GPtrArray *
parse_json (const char  *contents,
            gsize        length,
            const char  *name,
            GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tm_status_row_free);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  if (!(root = tm_json_parse (contents, length, name, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s must hold a JSON array of objects with reference, status, store_url "
                     "and message."), name);
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          TmStatusRow *row = g_new0 (TmStatusRow, 1);

          row->line = i + 1;
          row->problem = g_strdup (_("not an object"));
          g_ptr_array_add (rows, row);
          continue;
        }

      o = json_node_get_object (element);
#define MEMBER(key) tm_json_string_or (o, key, NULL)
      g_ptr_array_add (rows, make_row (i + 1, MEMBER ("reference"), MEMBER ("status"),
                                       MEMBER ("store_url"), MEMBER ("message")));
#undef MEMBER
    }

  return g_steal_pointer (&rows);
}

/**
 * tm_status_file_parse:
 * @name: the file's name, for messages
 *
 * Reads a status file, JSON (an array of objects) or CSV (with a header line).
 * Every row comes back: good ones with a result, bad ones with the problem, so
 * that the good ones can be applied and each bad one reported.
 *
 * Returns: (transfer container) (element-type TmStatusRow): the rows
 */
GPtrArray *
tm_status_file_parse (const char  *contents,
                      gsize        length,
                      const char  *name,
                      GError     **error)
{
  const char *p = contents;

  if (length > TM_STATUS_FILE_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is too large for a status file."), name);
      return NULL;
    }

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not UTF-8 text."), name);
      return NULL;
    }

  while (p < contents + length && g_ascii_isspace (*p))
    p++;

  if (p < contents + length && (*p == '[' || *p == '{'))
    return parse_json (contents, length, name, error);

  return parse_csv (contents, length, name, error);
}
