/* test-importer.c: file names to tracks, and folders to releases
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-importer.h"
#include "tm-test-utils.h"

static void
test_file_names (void)
{
  const struct {
    const char *name;
    gboolean    numbered;
    int         disc, number;
    const char *title;
  } cases[] = {
    { "01 - Title.wav", TRUE, 1, 1, "Title" },
    { "7. Seventh Heaven.flac", TRUE, 1, 7, "Seventh Heaven" },
    { "12_Last_Song.wav", TRUE, 1, 12, "Last Song" },
    { "1-03 Title.flac", TRUE, 1, 3, "Title" },
    { "2-11 - Deep Cut.wav", TRUE, 2, 11, "Deep Cut" },
    { "A1 Side Opener.wav", TRUE, 1, 1, "Side Opener" },
    { "B2 Flip.wav", TRUE, 2, 2, "Flip" },
    { "Intro.wav", FALSE, 1, 0, "Intro" },
    { "1999.wav", FALSE, 1, 0, "1999" },
    { "99 Luftballons.wav", TRUE, 1, 99, "Luftballons" },
    { "ABBA Gold.wav", FALSE, 1, 0, "ABBA Gold" },
    { "noextension", FALSE, 1, 0, "noextension" },
    { ".wav", FALSE, 1, 0, ".wav" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = NULL;
      int disc = -1, number = -1;
      gboolean numbered = tm_parse_track_file_name (cases[i].name, &disc, &number, &title);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (numbered, ==, cases[i].numbered);
      g_assert_cmpint (disc, ==, cases[i].disc);
      g_assert_cmpint (number, ==, cases[i].number);
      g_assert_cmpstr (title, ==, cases[i].title);
    }

  g_assert_true (tm_is_audio_file_name ("x.FLAC"));
  g_assert_true (tm_is_audio_file_name ("x.wav"));
  g_assert_false (tm_is_audio_file_name ("x.txt"));
  g_assert_false (tm_is_audio_file_name ("wav"));
  g_assert_true (tm_is_image_file_name ("Cover.JPG"));
}

static void
write_file (const char *dir,
            const char *name,
            gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = g_malloc0 (size);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (char) (i * 7 + size);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static void
test_import_folder (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *album = g_build_filename (dir, "Night Drive", NULL);
  g_autofree char *disc2 = g_build_filename (album, "CD2", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *dangling = g_build_filename (album, "03 - Gone.wav", NULL);
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { album, NULL };
  const char *expected[] = { "Dawn", "Noon", "Outro", "Dusk", NULL };

  g_mkdir_with_parents (disc2, 0700);
  write_file (album, "02 - Noon.wav", 1000);
  write_file (album, "01 - Dawn.wav", 2000);
  write_file (album, "Outro.flac", 500);
  write_file (disc2, "2-01 Dusk.wav", 700);
  write_file (album, "cover.jpg", 300);
  write_file (album, "booklet.png", 90000);
  write_file (album, "notes.txt", 10);
  write_file (album, ".hidden.wav", 10);
  g_assert_cmpint (symlink ("/nonexistent/target.wav", dangling), ==, 0);

  result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tracks, ==, 4);
  g_assert_true (result->has_cover);
  g_assert_cmpuint (g_strv_length (result->skipped), ==, 1);
  g_assert_nonnull (strstr (result->skipped[0], "03 - Gone.wav"));

  catalog = tm_catalog_open (catalog_path, &error);
  release = tm_catalog_get_release (catalog, result->release_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_title (release), ==, "Night Drive");
  g_assert_cmpint (tm_release_get_release_type (release), ==, TM_RELEASE_TYPE_EP);

  tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
  g_assert_cmpuint (tracks->len, ==, 4);
  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *t = g_ptr_array_index (tracks, i);
      g_assert_cmpstr (tm_track_get_title (t), ==, expected[i]);
      g_assert_nonnull (tm_track_get_audio_sha256 (t));
      g_assert_cmpint (tm_track_get_audio_size (t), >, 0);
    }
  g_assert_cmpint (tm_track_get_disc (g_ptr_array_index (tracks, 3)), ==, 2);

  artwork = tm_catalog_get_artwork (catalog, result->release_id, &error);
  g_assert_nonnull (artwork);
  g_assert_true (g_str_has_suffix (tm_artwork_get_path (artwork), "cover.jpg"));
  g_clear_pointer (&result, tm_import_result_free);

  /* Dropping more files on the open release adds to it. */
  {
    g_autofree char *bonus = g_build_filename (dir, "Bonus.wav", NULL);
    const char *more[] = { bonus, NULL };

    write_file (dir, "Bonus.wav", 100);
    result = tm_import_files_sync (catalog_path, more, tm_record_get_id (TM_RECORD (release)),
                                   NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->n_tracks, ==, 1);
    g_clear_pointer (&tracks, g_ptr_array_unref);
    tracks = tm_catalog_list_tracks (catalog, tm_record_get_id (TM_RECORD (release)), &error);
    g_assert_cmpuint (tracks->len, ==, 5);
  }

  /* Nothing that is audio: a clear error, and no empty release is made. */
  {
    g_autofree char *notes = g_build_filename (album, "notes.txt", NULL);
    const char *text_only[] = { notes, NULL };
    g_autoptr(GPtrArray) releases = NULL;

    g_clear_pointer (&result, tm_import_result_free);
    result = tm_import_files_sync (catalog_path, text_only, 0, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
    releases = tm_catalog_list_releases (catalog, &error);
    g_assert_cmpuint (releases->len, ==, 1);
  }

  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/importer/file-names", test_file_names);
  g_test_add_func ("/importer/folder", test_import_folder);

  return g_test_run ();
}
