/* test-importer.c: file names to tracks, and folders to releases
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tm-catalog.h"
#include "tm-import.h"
#include "tm-import-names.h"
#include "tm-import-zip-private.h"
#include "tm-replace-audio.h"
#include "tm-report-cache.h"
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
      gboolean numbered = tm_import_names_parse_track (cases[i].name, &disc, &number, &title);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (numbered, ==, cases[i].numbered);
      g_assert_cmpint (disc, ==, cases[i].disc);
      g_assert_cmpint (number, ==, cases[i].number);
      g_assert_cmpstr (title, ==, cases[i].title);
    }

  g_assert_true (tm_import_names_is_audio ("x.FLAC"));
  g_assert_true (tm_import_names_is_audio ("x.wav"));
  g_assert_false (tm_import_names_is_audio ("x.txt"));
  g_assert_false (tm_import_names_is_audio ("wav"));
  g_assert_true (tm_import_names_is_image ("Cover.JPG"));
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

/* A one-second stereo FLAC with tags, written by FFmpeg. */
static void
write_tagged_flac (const char *path,
                   const char *title,
                   int         number,
                   const char *isrc,
                   const char *composer)
{
  g_autofree char *title_arg = g_strdup_printf ("title=%s", title);
  g_autofree char *track_arg = g_strdup_printf ("track=%d", number);
  g_autofree char *isrc_arg = g_strdup_printf ("ISRC=%s", isrc);
  g_autofree char *composer_arg = g_strdup_printf ("composer=%s", composer);
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
    "sine=frequency=440:duration=1", "-ac", "2",
    "-metadata", title_arg, "-metadata", "artist=Nova", "-metadata", "album=Tagged Album",
    "-metadata", "album_artist=Nova", "-metadata", isrc_arg, "-metadata", composer_arg,
    "-metadata", "genre=Electronic", "-metadata", "date=2024-05-01", "-metadata", track_arg,
    path, NULL
  };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
write_png (const char *path,
           int         width,
           int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0x204080ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
}

static void
test_import_tags (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *album = g_build_filename (dir, "rips", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *a = g_build_filename (album, "a.flac", NULL);
  g_autofree char *b = g_build_filename (album, "b.flac", NULL);
  g_autofree char *c = g_build_filename (album, "c.flac", NULL);
  g_autofree char *square = g_build_filename (album, "photo.png", NULL);
  g_autofree char *wide = g_build_filename (album, "banner.png", NULL);
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(TmRelease) release = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(TmArtwork) artwork = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { album, NULL };
  TmTrack *first;
  GListModel *credits;

  g_mkdir_with_parents (album, 0700);
  /* File names say a, b, c; the tags say 3, 1, 2. */
  write_tagged_flac (a, "Third", 3, "gb-xyz-24-00003", "Ann Example");
  write_tagged_flac (b, "First", 1, "GBXYZ2400001", "Ann Example; Bo Example");
  write_tagged_flac (c, "Second", 2, "not an isrc", "Bo Example");
  /* The wide banner is the larger file; the square one is the cover. */
  write_png (square, 600, 600);
  write_png (wide, 2400, 1000);

  result = tm_import_files_full_sync (catalog_path, paths, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tracks, ==, 3);
  g_assert_cmpuint (g_strv_length (result->skipped), ==, 1);
  g_assert_nonnull (strstr (result->skipped[0], "not an isrc"));

  catalog = tm_catalog_open (catalog_path, &error);
  release = tm_catalog_get_release (catalog, result->release_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_release_get_title (release), ==, "Tagged Album");
  g_assert_cmpstr (tm_release_get_artists (release)[0], ==, "Nova");
  g_assert_cmpstr (tm_release_get_genre (release), ==, "Electronic");
  g_assert_cmpstr (tm_release_get_original_release_date (release), ==, "2024-05-01");

  tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "First");
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 1)), ==, "Second");
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 2)), ==, "Third");
  first = g_ptr_array_index (tracks, 0);
  g_assert_cmpstr (tm_track_get_isrc (first), ==, "GBXYZ2400001");
  g_assert_cmpstr (tm_track_get_isrc (g_ptr_array_index (tracks, 2)), ==, "GBXYZ2400003");
  g_assert_null (tm_track_get_isrc (g_ptr_array_index (tracks, 1)));
  credits = tm_track_get_contributors (first);
  g_assert_cmpuint (g_list_model_get_n_items (credits), ==, 2);
  {
    g_autoptr(TmContributor) second = g_list_model_get_item (credits, 1);

    g_assert_cmpstr (tm_contributor_get_name (second), ==, "Bo Example");
    g_assert_cmpint (tm_contributor_get_role (second), ==, TM_CONTRIBUTOR_ROLE_COMPOSER);
  }

  artwork = tm_catalog_get_artwork (catalog, result->release_id, &error);
  g_assert_nonnull (artwork);
  g_assert_cmpstr (tm_artwork_get_path (artwork), ==, square);

  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

static void
add_entry (struct archive *zip,
           const char     *name,
           const char     *data,
           gsize           size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  g_assert_cmpint (archive_write_header (zip, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (zip, data, size), ==, (la_ssize_t) size);
  archive_entry_free (entry);
}

static void
test_import_zip (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *zip_path = g_build_filename (dir, "release.zip", NULL);
  g_autofree char *cut_path = g_build_filename (dir, "cut.zip", NULL);
  g_autofree char *fake_path = g_build_filename (dir, "fake.zip", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "db", "catalog.db", NULL);
  g_autofree char *imports = g_build_filename (dir, "db", "imports", NULL);
  g_autofree char *escaped = g_build_filename (dir, "db", "evil.wav", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  struct archive *zip = archive_write_new ();
  char noise[4096];
  gsize length;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (char) g_random_int ();
  archive_write_set_format_zip (zip);
  g_assert_cmpint (archive_write_open_filename (zip, zip_path), ==, ARCHIVE_OK);
  add_entry (zip, "Zipped/02 - Two.wav", noise, sizeof noise);
  add_entry (zip, "Zipped/01 - One.wav", noise, 2000);
  add_entry (zip, "Zipped/cover.jpg", noise, 100);
  add_entry (zip, "../evil.wav", noise, 10);
  add_entry (zip, "/tmp/absolute.wav", noise, 10);
  archive_write_close (zip);
  archive_write_free (zip);

  g_mkdir_with_parents (imports, 0700);
  {
    const char *paths[] = { zip_path, NULL };

    result = tm_import_files_full_sync (catalog_path, paths, 0, "From a Zip", "Zed", NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tracks, ==, 2);
  g_assert_true (result->has_cover);
  g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));

  catalog = tm_catalog_open (catalog_path, &error);
  tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 0)), ==, "One");
  g_assert_cmpstr (tm_track_get_title (g_ptr_array_index (tracks, 1)), ==, "Two");
  /* Unpacked beside the catalog, where the files stay. */
  g_assert_true (g_str_has_prefix (tm_track_get_audio_path (g_ptr_array_index (tracks, 0)),
                                   imports));
  {
    g_autoptr(TmRelease) release = tm_catalog_get_release (catalog, result->release_id, &error);

    g_assert_cmpstr (tm_release_get_title (release), ==, "From a Zip");
    g_assert_cmpstr (tm_release_get_artists (release)[0], ==, "Zed");
  }
  g_clear_pointer (&result, tm_import_result_free);

  /* A zip cut short: a clear error naming it, nothing half-unpacked left. */
  g_assert_true (g_file_get_contents (zip_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut_path, contents, length / 2, NULL));
  {
    const char *paths[] = { cut_path, NULL };
    g_autoptr(GDir) folder = NULL;
    guint n = 0;

    result = tm_import_files_full_sync (catalog_path, paths, 0, NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "cut.zip"));
    g_clear_error (&error);
    folder = g_dir_open (imports, 0, NULL);
    while (g_dir_read_name (folder) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);   /* only the first zip's folder */
  }

  /* Text named .zip */
  g_assert_true (g_file_set_contents (fake_path, "not a zip", -1, NULL));
  {
    const char *paths[] = { fake_path, NULL };
    g_autoptr(GPtrArray) releases = NULL;

    result = tm_import_files_full_sync (catalog_path, paths, 0, NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_nonnull (strstr (error->message, "not a zip file"));
    g_clear_error (&error);
    releases = tm_catalog_list_releases (catalog, &error);
    g_assert_cmpuint (releases->len, ==, 1);
  }

  /* A zip with no audio in it: refused, and its unpacked folder is not left behind. */
  {
    g_autofree char *notes_zip = g_build_filename (dir, "notes.zip", NULL);
    struct archive *only_text = archive_write_new ();
    const char *paths[] = { notes_zip, NULL };
    g_autoptr(GDir) folder = NULL;
    guint n = 0;

    archive_write_set_format_zip (only_text);
    g_assert_cmpint (archive_write_open_filename (only_text, notes_zip), ==, ARCHIVE_OK);
    add_entry (only_text, "notes.txt", "liner notes", 11);
    archive_write_close (only_text);
    archive_write_free (only_text);

    result = tm_import_files_full_sync (catalog_path, paths, 0, NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
    folder = g_dir_open (imports, 0, NULL);
    while (g_dir_read_name (folder) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }

  /* The same from the command line, as JSON. */
  {
    const char *args[] = { "import", zip_path, "--title", "Again", "--json", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    g_assert_cmpint (tm_test_run_cli (catalog_path, dir, args, &out, &err), ==, 0);
    node = json_from_string (out, NULL);
    g_assert_nonnull (node);
    o = json_node_get_object (node);
    g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (o, "tracks"), ==, 2);
    g_assert_true (json_object_get_boolean_member (o, "cover"));
  }

  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

/* Links out of a dropped folder are never followed: not as a track, not as the
 * cover, not into a package; a link inside it is followed to the file itself. */
static void
test_links_out_of_folder (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *album = g_build_filename (dir, "Album", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *real = g_build_filename (album, "01 - Real.wav", NULL);
  g_autofree char *shadow = g_build_filename (album, "02 - Shadow.wav", NULL);
  g_autofree char *cover = g_build_filename (album, "cover.jpg", NULL);
  g_autofree char *inner = g_build_filename (album, "03 - Inner.wav", NULL);
  g_autofree char *up = g_build_filename (album, "04 - Up.wav", NULL);
  g_autofree char *folder_link = g_build_filename (album, "etc", NULL);
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { album, NULL };

  g_mkdir_with_parents (album, 0700);
  write_file (album, "01 - Real.wav", 1000);
  write_file (dir, "outside.wav", 1000);
  g_assert_cmpint (symlink ("/etc/shadow", shadow), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", cover), ==, 0);
  g_assert_cmpint (symlink (real, inner), ==, 0);
  g_assert_cmpint (symlink ("../outside.wav", up), ==, 0);
  g_assert_cmpint (symlink ("/etc", folder_link), ==, 0);

  result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tracks, ==, 2);
  g_assert_false (result->has_cover);
  for (guint i = 0; result->skipped[i] != NULL; i++)
    g_test_message ("skipped: %s", result->skipped[i]);
  g_assert_cmpuint (g_strv_length (result->skipped), ==, 4);

  catalog = tm_catalog_open (catalog_path, &error);
  tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
  for (guint i = 0; i < tracks->len; i++)
    {
      const char *path = tm_track_get_audio_path (g_ptr_array_index (tracks, i));

      /* The file itself, inside the folder: never a link, never outside. */
      g_assert_true (g_str_has_prefix (path, album));
      g_assert_false (g_file_test (path, G_FILE_TEST_IS_SYMLINK));
    }
  g_clear_object (&catalog);
  tm_test_remove_tree (dir);
}

/* Anything that is not a regular file is refused before it is opened: a FIFO
 * named track.wav hangs nothing, and a folder of nothing readable makes no
 * release. */
static void
test_not_regular_files (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *album = g_build_filename (dir, "Pipes", NULL);
  g_autofree char *fifo = g_build_filename (album, "01 - track.wav", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *fifo_cover = g_build_filename (album, "cover.jpg", NULL);
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { album, NULL };
  gint64 start = g_get_monotonic_time ();

  g_mkdir_with_parents (album, 0700);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (mkfifo (fifo_cover, 0600), ==, 0);

  /* Only a FIFO: no release, an error naming it and why. */
  result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "01 - track.wav"));
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_clear_error (&error);
  {
    g_autoptr(TmCatalog) catalog = tm_catalog_open (catalog_path, &error);
    g_autoptr(GPtrArray) releases = tm_catalog_list_releases (catalog, &error);

    g_assert_cmpuint (releases->len, ==, 0);
  }

  /* With a real track beside it: the track, and the FIFO said. */
  write_file (album, "02 - real.wav", 1000);
  result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_tracks, ==, 1);
  g_assert_false (result->has_cover);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  /* The command line says the same, with exit 1, and inspect refuses it at once. */
  {
    g_autofree char *only = g_build_filename (dir, "Only", NULL);
    g_autofree char *only_fifo = g_build_filename (only, "track.wav", NULL);
    const char *import_args[] = { "import", only, NULL };
    const char *inspect_args[] = { "inspect", only_fifo, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_mkdir_with_parents (only, 0700);
    g_assert_cmpint (mkfifo (only_fifo, 0600), ==, 0);
    g_assert_cmpint (tm_test_run_cli (catalog_path, dir, import_args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "track.wav"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (tm_test_run_cli (catalog_path, dir, inspect_args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "track.wav"));
    g_assert_nonnull (strstr (err, "pipe"));
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
  tm_test_remove_tree (dir);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
write_zero_entry (struct archive *zip,
                  const char     *name,
                  gint64          size)
{
  struct archive_entry *entry = archive_entry_new ();
  static char zeros[1 << 16];

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  g_assert_cmpint (archive_write_header (zip, entry), ==, ARCHIVE_OK);
  for (gint64 done = 0; done < size; done += sizeof zeros)
    archive_write_data (zip, zeros, MIN ((gint64) sizeof zeros, size - done));
  archive_entry_free (entry);
}

/* Zip bombs, alone and nested, are refused before they fill anything, and
 * nothing of them is left; unpacked files are private. */
static void
test_zip_bombs (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *bomb = g_build_filename (dir, "bomb.zip", NULL);
  g_autofree char *nested = g_build_filename (dir, "nested.zip", NULL);
  g_autofree char *many = g_build_filename (dir, "many.zip", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "db", "catalog.db", NULL);
  g_autofree char *imports = g_build_filename (dir, "db", "imports", NULL);
  g_autoptr(GError) error = NULL;
  TmImportResult *result;
  struct archive *zip;
  GStatBuf st;

  /* 1 GiB of zeros, a megabyte or so compressed. */
  zip = archive_write_new ();
  archive_write_set_format_zip (zip);
  g_assert_cmpint (archive_write_open_filename (zip, bomb), ==, ARCHIVE_OK);
  write_zero_entry (zip, "01 - Silence.wav", G_GINT64_CONSTANT (1) << 30);
  archive_write_close (zip);
  archive_write_free (zip);
  g_assert_cmpint (g_stat (bomb, &st), ==, 0);
  g_test_message ("bomb.zip: %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);

  {
    const char *paths[] = { bomb, NULL };

    result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "bomb.zip"));
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    g_assert_cmpuint (count_entries (imports), ==, 0);
  }

  /* The same bomb inside another zip (stored, so the outer one looks harmless). */
  zip = archive_write_new ();
  archive_write_set_format_zip (zip);
  archive_write_set_format_option (zip, "zip", "compression", "store");
  g_assert_cmpint (archive_write_open_filename (zip, nested), ==, ARCHIVE_OK);
  {
    g_autoptr(GBytes) inner = tm_test_read_bytes (bomb);

    add_entry (zip, "inner.zip", g_bytes_get_data (inner, NULL), g_bytes_get_size (inner));
  }
  archive_write_close (zip);
  archive_write_free (zip);
  {
    const char *paths[] = { nested, NULL };

    result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "inner.zip"));
    g_clear_error (&error);
    g_assert_cmpuint (count_entries (imports), ==, 0);
  }

  /* Files counted across nested zips: 800 outside and 800 inside are too many. */
  zip = archive_write_new ();
  archive_write_set_format_zip (zip);
  g_assert_cmpint (archive_write_open_filename (zip, many), ==, ARCHIVE_OK);
  for (guint i = 0; i < 800; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%03u.txt", i);

      add_entry (zip, name, "x", 1);
    }
  archive_write_close (zip);
  archive_write_free (zip);
  {
    g_autofree char *outer = g_build_filename (dir, "outer.zip", NULL);
    g_autoptr(GBytes) inner = tm_test_read_bytes (many);
    const char *paths[] = { outer, NULL };

    zip = archive_write_new ();
    archive_write_set_format_zip (zip);
    g_assert_cmpint (archive_write_open_filename (zip, outer), ==, ARCHIVE_OK);
    for (guint i = 0; i < 800; i++)
      {
        g_autofree char *name = g_strdup_printf ("g%03u.txt", i);

        add_entry (zip, name, "x", 1);
      }
    add_entry (zip, "more.zip", g_bytes_get_data (inner, NULL), g_bytes_get_size (inner));
    archive_write_close (zip);
    archive_write_free (zip);

    result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    g_assert_cmpuint (count_entries (imports), ==, 0);
  }

  /* A good zip's files are the user's alone. */
  {
    g_autofree char *good = g_build_filename (dir, "good.zip", NULL);
    const char *paths[] = { good, NULL };
    g_autoptr(TmCatalog) catalog = NULL;
    g_autoptr(GPtrArray) tracks = NULL;
    char noise[4096];

    for (guint i = 0; i < sizeof noise; i++)
      noise[i] = (char) g_random_int ();
    zip = archive_write_new ();
    archive_write_set_format_zip (zip);
    g_assert_cmpint (archive_write_open_filename (zip, good), ==, ARCHIVE_OK);
    add_entry (zip, "Good/01 - One.wav", noise, sizeof noise);
    archive_write_close (zip);
    archive_write_free (zip);

    result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
    g_assert_no_error (error);
    catalog = tm_catalog_open (catalog_path, &error);
    tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
    g_assert_cmpint (g_stat (tm_track_get_audio_path (g_ptr_array_index (tracks, 0)), &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    tm_import_result_free (result);
    /* Committed: kept, with no marker of an import under way. */
    g_assert_cmpuint (count_entries (imports), ==, 1);
  }
  tm_test_remove_tree (dir);
}

/* An import killed while unpacking leaves its folder behind; the next import
 * removes it, but never one another running import holds, nor a committed one. */
static void
test_leftovers_cleaned (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *imports = g_build_filename (dir, "imports", NULL);
  g_autofree char *dead = g_build_filename (imports, "AAAAAA", NULL);
  g_autofree char *busy = g_build_filename (imports, "BBBBBB", NULL);
  g_autofree char *kept = g_build_filename (imports, "CCCCCC", NULL);
  g_autofree char *dead_marker = g_build_filename (dead, ".tunemantra-import", NULL);
  g_autofree char *busy_marker = g_build_filename (busy, ".tunemantra-import", NULL);
  int busy_fd;

  g_mkdir_with_parents (dead, 0700);
  g_mkdir_with_parents (busy, 0700);
  g_mkdir_with_parents (kept, 0700);
  write_file (dead, "half.wav", 100);
  write_file (busy, "half.wav", 100);
  write_file (kept, "01 - Done.wav", 100);
  g_assert_true (g_file_set_contents (dead_marker, "", 0, NULL));
  g_assert_true (g_file_set_contents (busy_marker, "", 0, NULL));
  busy_fd = open (busy_marker, O_RDONLY);
  g_assert_cmpint (flock (busy_fd, LOCK_EX), ==, 0);

  tm_import_zip_clean_leftovers (imports);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));

  close (busy_fd);
  tm_import_zip_clean_leftovers (imports);
  g_assert_false (g_file_test (busy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  tm_test_remove_tree (dir);
}

/* A track's audio replaced in a worker, then put back: the track keeps its
 * id, place and credits; the old file's report is forgotten; undo records the
 * old file again. */
static void
test_replace_audio (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *album = g_build_filename (dir, "Album", NULL);
  g_autofree char *old_file = g_build_filename (album, "01 - Song.wav", NULL);
  g_autofree char *new_file = g_build_filename (dir, "Song (remaster).wav", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
  g_autofree char *report = NULL;
  g_autofree char *old_sha = NULL;
  const char *paths[] = { album, NULL };
  g_autoptr(TmImportResult) result = NULL;
  g_autoptr(TmCatalog) catalog = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(TmReplacement) replacement = NULL;
  g_autoptr(TmTrack) back = NULL;
  g_autoptr(GError) error = NULL;
  TmTrack *track;
  gint64 track_id;

  g_mkdir_with_parents (album, 0700);
  tm_test_write_tone (old_file, 44100, 2, 1.0);
  tm_test_write_tone (new_file, 44100, 2, 1.5);
  result = tm_import_files_sync (catalog_path, paths, 0, NULL, &error);
  g_assert_no_error (error);
  catalog = tm_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  tracks = tm_catalog_list_tracks (catalog, result->release_id, &error);
  g_assert_cmpuint (tracks->len, ==, 1);
  track = g_ptr_array_index (tracks, 0);
  track_id = tm_record_get_id (TM_RECORD (track));
  old_sha = g_strdup (tm_track_get_audio_sha256 (track));
  /* Measured, as pre-flight does: the report is kept. */
  {
    const char *files[] = { old_file, NULL };

    g_ptr_array_unref (tm_report_cache_inspect (catalog_path, files, NULL, NULL, NULL));
  }
  report = tm_catalog_find_report (catalog, "audio", old_file, tm_track_get_audio_size (track),
                                   tm_track_get_audio_mtime (track), old_sha, NULL);
  g_assert_nonnull (report);
  g_clear_pointer (&report, g_free);

  replacement = tm_replace_audio_sync (catalog_path, track_id, new_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (replacement->delivered);
  g_assert_cmpstr (tm_track_get_audio_path (replacement->before), ==, old_file);
  g_assert_cmpint (tm_record_get_id (TM_RECORD (replacement->after)), ==, track_id);
  g_assert_cmpstr (tm_track_get_audio_path (replacement->after), ==, new_file);
  g_assert_cmpstr (tm_track_get_audio_sha256 (replacement->after), !=, old_sha);
  g_assert_cmpint (tm_track_get_number (replacement->after), ==, 1);
  report = tm_catalog_find_report (catalog, "audio", old_file,
                                   tm_track_get_audio_size (replacement->before),
                                   tm_track_get_audio_mtime (replacement->before), old_sha, NULL);
  g_assert_null (report);

  g_assert_true (tm_replace_audio_undo (catalog, replacement->before, &error));
  g_assert_no_error (error);
  back = tm_catalog_get_track (catalog, track_id, &error);
  g_assert_cmpstr (tm_track_get_audio_path (back), ==, old_file);
  g_assert_cmpstr (tm_track_get_audio_sha256 (back), ==, old_sha);

  /* A track that is not there is said so. */
  g_clear_pointer (&replacement, tm_replacement_free);
  replacement = tm_replace_audio_sync (catalog_path, track_id + 100, new_file, NULL, &error);
  g_assert_null (replacement);
  g_assert_error (error, TM_CATALOG_ERROR, TM_CATALOG_ERROR_NOT_FOUND);

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
  g_test_add_func ("/importer/tags", test_import_tags);
  g_test_add_func ("/importer/zip", test_import_zip);
  g_test_add_func ("/importer/links-out-of-folder", test_links_out_of_folder);
  g_test_add_func ("/importer/not-regular-files", test_not_regular_files);
  g_test_add_func ("/importer/zip-bombs", test_zip_bombs);
  g_test_add_func ("/importer/leftovers-cleaned", test_leftovers_cleaned);
  g_test_add_func ("/importer/replace-audio", test_replace_audio);

  return g_test_run ();
}
