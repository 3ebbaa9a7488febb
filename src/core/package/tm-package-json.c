/* tm-package-json.c: a package's metadata as JSON, for metadata.json and the HTTP API
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* JSON is a form the package is written in, never how it is read: the release
 * and its tracks as `release show --json` gives them, with the package's id,
 * each track's file in the package and its length, and the files with their
 * sizes and checksums. Where a file is on this computer is left out. */

#include "config.h"

#include "tm-package-json.h"

/**
 * tm_package_json_metadata:
 *
 * Returns: (transfer full): the package's metadata, a JSON object
 */
JsonNode *
tm_package_json_metadata (TmPackage *package)
{
  JsonNode *metadata = tm_record_to_json (TM_RECORD (tm_package_get_release (package)));
  JsonObject *object = json_node_get_object (metadata);
  const TmPackageFile *cover = tm_package_get_cover (package);
  GPtrArray *files = tm_package_get_files (package);
  JsonArray *track_array = json_array_new ();
  JsonArray *file_array = json_array_new ();

  json_object_set_string_member (object, "package_id", tm_package_get_id (package));
  /* The catalog's cover is a file of this computer; the package has its own. */
  json_object_remove_member (object, "cover_path");
  json_object_remove_member (object, "cover_sha256");
  json_object_remove_member (object, "cover_width");
  json_object_remove_member (object, "cover_height");
  if (cover != NULL)
    json_object_set_string_member (object, "cover", cover->name);

  for (guint i = 0; i < tm_package_get_n_tracks (package); i++)
    {
      const TmPackageTrack *entry = tm_package_get_track (package, i);
      JsonNode *node = tm_record_to_json (TM_RECORD (entry->track));
      JsonObject *track = json_node_get_object (node);

      if (entry->file != NULL)
        json_object_set_string_member (track, "file", entry->file->name);
      if (entry->duration_s > 0)
        json_object_set_double_member (track, "duration_s", entry->duration_s);
      json_object_remove_member (track, "audio_path");
      json_array_add_element (track_array, node);
    }

  for (guint i = 0; i < files->len; i++)
    {
      const TmPackageFile *file = g_ptr_array_index (files, i);
      JsonObject *f = json_object_new ();

      json_object_set_string_member (f, "name", file->name);
      json_object_set_string_member (f, "role", file->role);
      json_object_set_int_member (f, "bytes", file->size);
      json_object_set_string_member (f, "sha256", file->sha256);
      json_array_add_object_element (file_array, f);
    }

  json_object_set_array_member (object, "tracks", track_array);
  json_object_set_array_member (object, "files", file_array);
  return metadata;
}
