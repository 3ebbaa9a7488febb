/* tm-catalog-tracks.c: tracks, their credits and splits, and ISRCs
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Part of TmCatalog (tm-catalog.c): the rows of tracks, contributors and
 * splits: a track is written with its credits and splits as one, numbered
 * within its disc; ISRCs given out from a counter. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-catalog-private.h"

/* Tracks */

static gboolean
write_track_children (TmCatalog  *self,
                      TmTrack    *track,
                      GError    **error)
{
  gint64 track_id = tm_record_get_id (TM_RECORD (track));
  struct {
    const char *table;
    const char *delete_sql;
    GListModel *items;
  } children[] = {
    { "contributors", "DELETE FROM contributors WHERE track_id = ?",
      tm_track_get_contributors (track) },
    { "splits", "DELETE FROM splits WHERE track_id = ?", tm_track_get_splits (track) },
  };

  for (guint c = 0; c < G_N_ELEMENTS (children); c++)
    {
      guint n = g_list_model_get_n_items (children[c].items);

      if (!_tm_catalog_delete_by (self, children[c].delete_sql, track_id, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmRecord) item = g_list_model_get_item (children[c].items, i);
          GParamSpec *p_track = g_object_class_find_property (G_OBJECT_GET_CLASS (item),
                                                              "track-id");

          /* Children are written anew each time: the list is the truth. */
          tm_record_set_id (item, 0);
          tm_record_set_int (item, p_track, track_id);
          if (!_tm_catalog_write_record (self, children[c].table, item, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_track_children (TmCatalog  *self,
                     TmTrack    *track,
                     GError    **error)
{
  gint64 id = tm_record_get_id (TM_RECORD (track));
  g_autoptr(GPtrArray) contributors = NULL;
  g_autoptr(GPtrArray) splits = NULL;

  contributors = _tm_catalog_query_records (self, TM_TYPE_CONTRIBUTOR,
                                            "SELECT * FROM contributors WHERE track_id = ? "
                                            "ORDER BY id", id, error);
  if (contributors == NULL)
    return FALSE;

  splits = _tm_catalog_query_records (self, TM_TYPE_SPLIT,
                                      "SELECT * FROM splits WHERE track_id = ? ORDER BY id", id,
                                      error);
  if (splits == NULL)
    return FALSE;

  g_list_store_splice (G_LIST_STORE (tm_track_get_contributors (track)), 0,
                       g_list_model_get_n_items (tm_track_get_contributors (track)),
                       contributors->pdata, contributors->len);
  g_list_store_splice (G_LIST_STORE (tm_track_get_splits (track)), 0,
                       g_list_model_get_n_items (tm_track_get_splits (track)),
                       splits->pdata, splits->len);
  return TRUE;
}

static gboolean
check_splits (TmTrack  *track,
              GError  **error)
{
  GListModel *splits = tm_track_get_splits (track);
  guint n = g_list_model_get_n_items (splits);
  int total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmSplit) split = g_list_model_get_item (splits, i);
      total += tm_split_get_share_bp (split);
    }

  /* An incomplete split sheet is allowed while editing (the checks report it);
   * more than everything never is. */
  if (total > 10000)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("The splits of “%s” add up to %d.%02d %%, more than 100 %%."),
                   tm_track_get_title (track) ? tm_track_get_title (track) : "",
                   total / 100, total % 100);
      return FALSE;
    }

  return TRUE;
}

/* Gives the tracks of one disc the numbers 1..n in the order of @ids. */
static gboolean
renumber (TmCatalog  *self,
          GArray     *ids,
          GError    **error)
{
  sqlite3_stmt *stmt;

  /* Two passes, so that the unique (release, disc, number) index never sees a
   * duplicate while numbers move. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ids->len; i++)
      {
        if (!(stmt = _tm_catalog_get_statement (self, "UPDATE tracks SET number = ? WHERE id = ?",
                                                error)))
          return FALSE;
        sqlite3_bind_int (stmt, 1, pass == 0 ? -(int) (i + 1) : (int) (i + 1));
        sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
        if (!_tm_catalog_step_done (self, stmt, error))
          return FALSE;
      }

  return TRUE;
}

/* The first column of every row of @stmt, bound already. */
static GArray *
collect_ids (TmCatalog     *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _tm_catalog_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static GArray *
disc_track_ids (TmCatalog  *self,
                gint64      release_id,
                int         disc,
                GError    **error)
{
  sqlite3_stmt *stmt = _tm_catalog_get_statement (self, "SELECT id FROM tracks WHERE "
                                                        "release_id = ? AND disc = ? "
                                                        "ORDER BY number", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_int (stmt, 2, disc);
  return collect_ids (self, stmt, error);
}

static gboolean
next_number (TmCatalog  *self,
             gint64      release_id,
             int         disc,
             int        *number,
             GError    **error)
{
  g_autoptr(GArray) ids = disc_track_ids (self, release_id, disc, error);

  if (ids == NULL)
    return FALSE;

  *number = ids->len + 1;
  return TRUE;
}

static gboolean
add_track (TmCatalog  *self,
           gpointer    data,
           GError    **error)
{
  TmTrack *track = data;
  gint64 release_id = tm_track_get_release_id (track);
  int number;

  if (!_tm_catalog_touch_release (self, release_id, error)
      || !next_number (self, release_id, tm_track_get_disc (track), &number, error))
    return FALSE;

  tm_track_set_number (track, number);
  _tm_catalog_touch (TM_RECORD (track), "created-at", "updated-at");
  if (!_tm_catalog_write_record (self, "tracks", TM_RECORD (track), error)
      || !write_track_children (self, track, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, release_id);
  return TRUE;
}

gboolean
tm_catalog_add_track (TmCatalog  *self,
                      gint64      release_id,
                      TmTrack    *track,
                      GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_TRACK (track), FALSE);
  g_return_val_if_fail (tm_record_get_id (TM_RECORD (track)) == 0, FALSE);

  if (!check_splits (track, error))
    return FALSE;

  tm_track_set_release_id (track, release_id);
  if (_tm_catalog_write (self, add_track, track, error))
    return TRUE;
  tm_record_set_id (TM_RECORD (track), 0);
  return FALSE;
}

typedef struct
{
  gint64 release_id;
  int    disc;
  int    number;
} TrackPlace;

static gboolean
get_track_place (TmCatalog   *self,
                 gint64       track_id,
                 TrackPlace  *place,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _tm_catalog_get_statement (self, "SELECT release_id, disc, number FROM tracks "
                                                "WHERE id = ?", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, track_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      place->release_id = sqlite3_column_int64 (stmt, 0);
      place->disc = sqlite3_column_int (stmt, 1);
      place->number = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return _tm_catalog_not_found (error, _("track"), track_id);
  if (rc != SQLITE_ROW)
    return _tm_catalog_set_error (self, error, rc);

  return TRUE;
}

/* Closes the gap a track leaves in its disc. */
static gboolean
close_gap (TmCatalog  *self,
           gint64      release_id,
           int         disc,
           GError    **error)
{
  g_autoptr(GArray) ids = disc_track_ids (self, release_id, disc, error);

  return ids != NULL && renumber (self, ids, error);
}

static gboolean
update_track (TmCatalog  *self,
              gpointer    data,
              GError    **error)
{
  TmTrack *track = data;
  TrackPlace place;

  if (!get_track_place (self, tm_record_get_id (TM_RECORD (track)), &place, error))
    return FALSE;

  /* The release and the number are the catalog's to keep; a new disc moves the
   * track to the end of that disc. */
  tm_track_set_release_id (track, place.release_id);
  if (tm_track_get_disc (track) != place.disc)
    {
      int number;

      if (!next_number (self, place.release_id, tm_track_get_disc (track), &number, error))
        return FALSE;
      tm_track_set_number (track, number);
    }
  else
    tm_track_set_number (track, place.number);

  _tm_catalog_touch (TM_RECORD (track), NULL, "updated-at");

  if (!_tm_catalog_write_record (self, "tracks", TM_RECORD (track), error)
      || !write_track_children (self, track, error)
      || (tm_track_get_disc (track) != place.disc
          && !close_gap (self, place.release_id, place.disc, error))
      || !_tm_catalog_touch_release (self, place.release_id, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id);
  return TRUE;
}

gboolean
tm_catalog_update_track (TmCatalog  *self,
                         TmTrack    *track,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (TM_IS_TRACK (track), FALSE);

  return check_splits (track, error) && _tm_catalog_write (self, update_track, track, error);
}

static gboolean
remove_track (TmCatalog  *self,
              gpointer    data,
              GError    **error)
{
  gint64 track_id = *(gint64 *) data;
  TrackPlace place;

  if (!get_track_place (self, track_id, &place, error)
      || !_tm_catalog_delete_by (self, "DELETE FROM tracks WHERE id = ?", track_id, error)
      || !close_gap (self, place.release_id, place.disc, error)
      || !_tm_catalog_touch_release (self, place.release_id, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id);
  return TRUE;
}

gboolean
tm_catalog_remove_track (TmCatalog  *self,
                         gint64      track_id,
                         GError    **error)
{
  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  return _tm_catalog_write (self, remove_track, &track_id, error);
}

typedef struct
{
  gint64 track_id;
  int    number;
} Move;

static gboolean
move_track (TmCatalog  *self,
            gpointer    data,
            GError    **error)
{
  Move *move = data;
  g_autoptr(GArray) ids = NULL;
  TrackPlace place;
  guint target;

  if (!get_track_place (self, move->track_id, &place, error)
      || !(ids = disc_track_ids (self, place.release_id, place.disc, error)))
    return FALSE;

  target = MIN ((guint) move->number, ids->len) - 1;
  g_array_remove_index (ids, place.number - 1);
  g_array_insert_val (ids, target, move->track_id);

  if (!renumber (self, ids, error) || !_tm_catalog_touch_release (self, place.release_id, error))
    return FALSE;
  _tm_catalog_emit_changed (self, TM_CATALOG_CHANGE_RELEASE_CHANGED, place.release_id);
  return TRUE;
}

/**
 * tm_catalog_move_track:
 * @number: the new number on its disc, from 1; larger numbers move it to the end
 */
gboolean
tm_catalog_move_track (TmCatalog  *self,
                       gint64      track_id,
                       int         number,
                       GError    **error)
{
  Move move = { track_id, number };

  g_return_val_if_fail (TM_IS_CATALOG (self), FALSE);

  if (number < 1)
    {
      g_set_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_INVALID,
                   _("Track numbers start at 1; %d is not a place on the disc."), number);
      return FALSE;
    }
  return _tm_catalog_write (self, move_track, &move, error);
}

TmTrack *
tm_catalog_get_track (TmCatalog  *self,
                      gint64      track_id,
                      GError    **error)
{
  g_autoptr(TmTrack) track = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  track = _tm_catalog_query_record (self, TM_TYPE_TRACK, "SELECT * FROM tracks WHERE id = ?",
                                    track_id, _("track"), error);
  if (track == NULL || !load_track_children (self, track, error))
    return NULL;

  return g_steal_pointer (&track);
}

/**
 * tm_catalog_list_tracks:
 *
 * Returns: (transfer container) (element-type TmTrack): the release's tracks by
 *   disc and number, each with its contributors and splits
 */
GPtrArray *
tm_catalog_list_tracks (TmCatalog  *self,
                        gint64      release_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) tracks = NULL;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  tracks = _tm_catalog_query_records (self, TM_TYPE_TRACK,
                                      "SELECT * FROM tracks WHERE release_id = ? "
                                      "ORDER BY disc, number", release_id, error);
  if (tracks == NULL)
    return NULL;

  for (guint i = 0; i < tracks->len; i++)
    if (!load_track_children (self, g_ptr_array_index (tracks, i), error))
      return NULL;

  return g_steal_pointer (&tracks);
}

/* Identifiers */

GArray *
tm_catalog_find_tracks_by_isrc (TmCatalog   *self,
                                const char  *isrc,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);
  g_return_val_if_fail (isrc != NULL, NULL);

  if (!(stmt = _tm_catalog_get_statement (self, "SELECT id FROM tracks WHERE isrc = ? ORDER BY id",
                                          error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, isrc, -1, SQLITE_TRANSIENT);
  return collect_ids (self, stmt, error);
}

typedef struct
{
  const char *prefix;    /* normalised */
  int         year;
  char       *isrc;
} NextIsrc;

/* One counter per prefix and year, advanced in the same transaction that
 * reads it: two programs on one catalog never get the same number. */
static gboolean
next_isrc (TmCatalog  *self,
           gpointer    data,
           GError    **error)
{
  NextIsrc *n = data;
  g_autofree char *key = g_strdup_printf ("isrc.next.%s%02d", n->prefix,
                                          ((n->year % 100) + 100) % 100);
  g_autofree char *stored = NULL;
  g_autofree char *after = NULL;
  GError *local_error = NULL;
  guint64 next = 1;

  stored = tm_catalog_get_setting (self, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (stored != NULL && !g_ascii_string_to_unsigned (stored, 10, 1, 100000, &next, NULL))
    next = 1;

  for (; next <= 99999; next++)
    {
      g_autoptr(GArray) used = NULL;

      g_free (n->isrc);
      n->isrc = tm_isrc_build (n->prefix, n->year, next);
      if (!(used = tm_catalog_find_tracks_by_isrc (self, n->isrc, error)))
        return FALSE;
      if (used->len == 0)
        break;
    }

  if (next > 99999)
    {
      g_set_error (error, TM_IDENTIFIER_ERROR, TM_IDENTIFIER_ERROR_EXHAUSTED,
                   _("Every ISRC of %s for %d has been given out. Ask your ISRC agency for "
                     "another registrant code."), n->prefix, n->year);
      return FALSE;
    }

  after = g_strdup_printf ("%" G_GUINT64_FORMAT, next + 1);
  return tm_catalog_set_setting (self, key, after, error);
}

char *
tm_catalog_generate_isrc (TmCatalog   *self,
                          const char  *prefix,
                          int          year,
                          GError     **error)
{
  g_autofree char *normal = NULL;
  NextIsrc n = { NULL, year, NULL };

  g_return_val_if_fail (TM_IS_CATALOG (self), NULL);

  if (!(normal = tm_isrc_prefix_normalize (prefix, error)))
    return NULL;

  n.prefix = normal;
  if (!_tm_catalog_write (self, next_isrc, &n, error))
    {
      g_free (n.isrc);
      return NULL;
    }
  return n.isrc;
}
