/* test-delivery.c: retry policy, error categories, packages and the folder target
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-delivery-error.h"
#include "tm-file-hash.h"
#include "tm-folder-target.h"
#include "tm-platform-settings.h"
#include "tm-platform-status.h"
#include "tm-release-package.h"
#include "tm-retry-policy.h"
#include "tm-upload-stream.h"
#include "tm-test-utils.h"

#define S G_GINT64_CONSTANT (1000000)

static void
test_policy (void)
{
  const gint64 now = G_GINT64_CONSTANT (1000000) * S;
  const TmErrorCategory attention[] = {
    TM_DELIVERY_ERROR_CONTENT_FORMAT, TM_DELIVERY_ERROR_CONTENT_QUALITY,
    TM_DELIVERY_ERROR_METADATA_INVALID, TM_DELIVERY_ERROR_AUTH_INVALID,
    TM_DELIVERY_ERROR_HOST_KEY_CHANGED, TM_DELIVERY_ERROR_REMOTE_STORAGE,
    TM_DELIVERY_ERROR_LOCAL_FILE,
  };
  TmRetryDecision d;

  /* What a person must fix is never retried, not even the first time. */
  for (guint i = 0; i < G_N_ELEMENTS (attention); i++)
    {
      d = tm_retry_policy_decide (attention[i], 1, 0, 5 * S, now, 0.5);
      g_assert_cmpint (d.action, ==, TM_RETRY_NEEDS_ATTENTION);
    }

  /* An expired token is refreshed once, at once; twice in a row needs a person. */
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_AUTH_EXPIRED, 1, 0, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_NOW);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_AUTH_EXPIRED, 2, 1, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_NEEDS_ATTENTION);

  /* Network trouble: three immediate retries, then 30 s doubling, capped at an hour. */
  for (guint i = 0; i < 3; i++)
    {
      d = tm_retry_policy_decide (TM_DELIVERY_ERROR_NETWORK_TIMEOUT, i + 1, i, 0, now, 0);
      g_assert_cmpint (d.action, ==, TM_RETRY_NOW);
    }
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY, 4, 3, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_LATER);
  g_assert_cmpint (d.at - now, ==, 30 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY, 5, 3, 0, now, 0);
  g_assert_cmpint (d.at - now, ==, 60 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_NETWORK_TIMEOUT, 9, 3, 0, now, 0);
  g_assert_cmpint (d.at - now, ==, 960 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_NETWORK_TIMEOUT, 10, 3, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_GIVE_UP);

  /* Overload: Retry-After wins; without it, backoff with up to 10 % jitter. */
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_RATE_LIMITED, 1, 0, 120 * S, now, 0.9);
  g_assert_cmpint (d.action, ==, TM_RETRY_LATER);
  g_assert_cmpint (d.at - now, ==, 120 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE, 1, 0, 0, now, 0);
  g_assert_cmpint (d.at - now, ==, 30 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE, 1, 0, 0, now, 1.0);
  g_assert_cmpint (d.at - now, ==, 33 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE, 3, 0, 0, now, 0);
  g_assert_cmpint (d.at - now, ==, 120 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_RATE_LIMITED, 9, 0, 0, now, 0);
  g_assert_cmpint (d.at - now, ==, 3600 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_RATE_LIMITED, 9, 0, 0, now, 1.0);
  g_assert_cmpint (d.at - now, ==, 3960 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_RATE_LIMITED, 10, 0, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_GIVE_UP);

  /* Anything else: three tries, then a person. */
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_UNKNOWN, 1, 0, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_LATER);
  g_assert_cmpint (d.at - now, ==, 30 * S);
  d = tm_retry_policy_decide (TM_DELIVERY_ERROR_UNKNOWN, 3, 0, 0, now, 0);
  g_assert_cmpint (d.action, ==, TM_RETRY_NEEDS_ATTENTION);
}

static void
count_read (guint64  n_bytes,
            gpointer user_data)
{
  *(guint64 *) user_data += n_bytes;
}

/* Reads @stream to its end in pieces of @piece bytes, as libsoup does. */
static GByteArray *
read_pieces (GInputStream  *stream,
             gsize          piece,
             GCancellable  *cancellable,
             GError       **error)
{
  GByteArray *all = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (piece);
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, piece, cancellable, error)) > 0)
    g_byte_array_append (all, buffer, n);
  if (n < 0)
    g_clear_pointer (&all, g_byte_array_unref);
  return all;
}

/* An upload's body is exactly the bytes asked for, from where the file was
 * opened, counted as they go; a file that got shorter meanwhile is an error
 * naming it, never a short body. */
static void
test_upload_stream (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "Track 1.wav", NULL);
  g_autofree guint8 *data = g_malloc (300000);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 300000; i++)
    data[i] = (guint8) (i * 7 + (i >> 9));
  g_assert_true (g_file_set_contents (path, (char *) data, 300000, NULL));

  /* From an offset, fewer bytes than the file holds, in libsoup's 8 KiB pieces. */
  {
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    guint64 counted = 0;
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GByteArray) got = NULL;

    g_assert_cmpint (lseek (fd, 1000, SEEK_SET), ==, 1000);
    stream = tm_upload_stream_new (fd, path, 200000, count_read, &counted);
    got = read_pieces (stream, 8192, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (got->len, ==, 200000);
    g_assert_cmpmem (got->data, got->len, data + 1000, 200000);
    g_assert_cmpuint (counted, ==, 200000);
    /* Closing closes the file. */
    g_assert_true (g_input_stream_close (stream, NULL, NULL));
    g_assert_cmpint (fcntl (fd, F_GETFD), ==, -1);
  }

  /* Pieces larger than its buffer, and one byte at a time. */
  for (guint i = 0; i < 2; i++)
    {
      int fd = open (path, O_RDONLY | O_CLOEXEC);
      g_autoptr(GInputStream) stream = tm_upload_stream_new (fd, path, 300000, NULL, NULL);
      g_autoptr(GByteArray) got = read_pieces (stream, i == 0 ? 200000 : 1, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (got->data, got->len, data, 300000);
    }

  /* The file is shorter than the length asked for: it got shorter since it
   * was measured. Everything it had was given first. */
  {
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    guint64 counted = 0;
    g_autoptr(GInputStream) stream = tm_upload_stream_new (fd, path, 400000, count_read,
                                                           &counted);
    g_autoptr(GByteArray) got = read_pieces (stream, 8192, NULL, &error);

    g_assert_null (got);
    g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE);
    g_assert_nonnull (strstr (error->message, path));
    g_assert_cmpuint (counted, ==, 300000);
    g_clear_error (&error);
  }

  /* Cancelled: nothing more is read. */
  {
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GInputStream) stream = tm_upload_stream_new (fd, path, 300000, NULL, NULL);
    guint8 buffer[16];

    g_cancellable_cancel (cancellable);
    g_assert_cmpint (g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &error),
                     ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* A read that fails (a folder opened as the file) names the file. */
  {
    int fd = open (dir, O_RDONLY | O_CLOEXEC);
    g_autoptr(GInputStream) stream = tm_upload_stream_new (fd, dir, 10, NULL, NULL);
    g_autoptr(GByteArray) got = read_pieces (stream, 8192, NULL, &error);

    g_assert_null (got);
    g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE);
    g_assert_nonnull (strstr (error->message, dir));
  }
  tm_test_remove_tree (dir);
}

static void
test_classify (void)
{
  g_autoptr(GError) timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "x");
  g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "x");
  g_autoptr(GError) dns = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) ours = g_error_new_literal (TM_DELIVERY_ERROR,
                                                TM_DELIVERY_ERROR_HOST_KEY_CHANGED, "x");
  /* The message never decides. */
  g_autoptr(GError) misleading = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_FAILED,
                                                      "connection timed out (429)");
  g_autoptr(GError) with_hint = g_error_new_literal (TM_DELIVERY_ERROR,
                                                     TM_DELIVERY_ERROR_RATE_LIMITED, "slow down");
  g_autoptr(GError) copy = NULL;
  TmErrorCategory category;

  g_assert_cmpint (tm_error_classify (timeout), ==, TM_DELIVERY_ERROR_NETWORK_TIMEOUT);
  g_assert_cmpint (tm_error_classify (refused), ==, TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE);
  g_assert_cmpint (tm_error_classify (reset), ==, TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY);
  g_assert_cmpint (tm_error_classify (dns), ==, TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY);
  g_assert_cmpint (tm_error_classify (ours), ==, TM_DELIVERY_ERROR_HOST_KEY_CHANGED);
  g_assert_cmpint (tm_error_classify (misleading), ==, TM_DELIVERY_ERROR_UNKNOWN);
  g_assert_cmpint (tm_error_classify (NULL), ==, TM_DELIVERY_ERROR_UNKNOWN);

  tm_delivery_error_set_retry_after (with_hint, 90 * S);
  tm_delivery_error_set_hint (with_hint, "Wait a minute");
  copy = g_error_copy (with_hint);
  g_assert_cmpint (tm_delivery_error_get_retry_after (copy), ==, 90 * S);
  g_assert_cmpstr (tm_delivery_error_get_hint (copy), ==, "Wait a minute");
  g_assert_cmpint (tm_delivery_error_get_retry_after (timeout), ==, 0);

  g_assert_cmpstr (tm_error_category_to_string (TM_DELIVERY_ERROR_AUTH_EXPIRED), ==,
                   "auth_expired");
  g_assert_true (tm_error_category_from_string ("remote_storage", &category));
  g_assert_cmpint (category, ==, TM_DELIVERY_ERROR_REMOTE_STORAGE);
}

static void
test_sanitize (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "../../etc/passwd", "etc passwd" },
    { "a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j" },
    { "Tab\tNew\nLine\x01", "Tab New Line" },
    { "...hidden", "hidden" },
    { "trailing. ", "trailing" },
    { "", "untitled" },
    { "/", "untitled" },
    { "Café ☕", "Café ☕" },
  };
  g_autofree char *longest = NULL;
  g_autofree char *many = g_strnfill (400, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = tm_sanitize_file_name (cases[i].in, 100);
      g_assert_cmpstr (s, ==, cases[i].out);
    }

  longest = tm_sanitize_file_name (many, 100);
  g_assert_cmpuint (strlen (longest), ==, 100);
}

static void
test_status_files (void)
{
  const char *csv =
    "Reference,Status,Store_URL,Message\r\n"
    "TM-1-1,Live,https://store.example/a,\r\n"
    "TM-1-2,rejected,,\"Cover, too small\"\r\n"
    ",live,,\r\n"
    "TM-1-3,sideways,,\r\n"
    "TM-1-4,taken down,,\r\n"
    "TM-1-5,live,ftp://nope,\r\n"
    "\r\n";
  const char *json = "[{\"reference\":\"TM-2-1\",\"status\":\"received\"}, 3,"
                     " {\"reference\":\"TM-2-2\",\"status\":\"removed\"}]";
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  TmStatusRow *row;

  rows = tm_status_file_parse (csv, strlen (csv), "status.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 6);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->result->status, ==, TM_DISTRIBUTION_STATUS_LIVE);
  g_assert_cmpstr (row->result->store_url, ==, "https://store.example/a");
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpint (row->result->status, ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (row->result->message, ==, "Cover, too small");
  row = g_ptr_array_index (rows, 2);
  g_assert_null (row->result);
  g_assert_cmpuint (row->line, ==, 4);
  row = g_ptr_array_index (rows, 3);
  g_assert_nonnull (strstr (row->problem, "sideways"));
  row = g_ptr_array_index (rows, 4);
  g_assert_cmpint (row->result->status, ==, TM_DISTRIBUTION_STATUS_REMOVED);
  row = g_ptr_array_index (rows, 5);
  g_assert_nonnull (row->problem);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = tm_status_file_parse (json, strlen (json), "status.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (((TmStatusRow *) g_ptr_array_index (rows, 0))->result->status, ==,
                   TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_assert_nonnull (((TmStatusRow *) g_ptr_array_index (rows, 1))->problem);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_null (tm_status_file_parse ("[{\"a\":", 6, "broken.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_clear_error (&error);
  g_assert_null (tm_status_file_parse ("a,b\n1,2\n", 8, "wrong.csv", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (tm_status_file_parse ("\xff\xfe", 2, "binary.csv", &error));
  g_clear_error (&error);
}

/* Packages and the folder target, on a real catalog and real files */

typedef struct
{
  char      *dir;
  char      *out;
  TmCatalog *catalog;
  gint64     release_id;
  char      *audio[3];
} Fixture;

static void
write_random (const char *path,
              gsize       size)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = g_random_int_range (0, 256);
  g_file_set_contents (path, (char *) data, size, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *cover = NULL;
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmArtwork) artwork = tm_artwork_new ();
  g_autoptr(GError) error = NULL;
  const char *titles[] = { "Dawn", "Noon/Heat", "Dusk" };

  f->dir = tm_test_make_tmp_dir ();
  f->out = g_build_filename (f->dir, "out", NULL);
  db = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (db, &error);
  g_assert_no_error (error);

  tm_release_set_title (release, "Night Drive");
  tm_release_set_artist (release, "Luna Vale");
  tm_release_set_upc (release, "0123456789012");
  g_assert_true (tm_catalog_add_release (f->catalog, release, &error));
  f->release_id = tm_record_get_id (TM_RECORD (release));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("track%u.wav", i);
      g_autoptr(TmTrack) track = tm_track_new ();
      g_autoptr(TmFileHash) hash = NULL;

      f->audio[i] = g_build_filename (f->dir, name, NULL);
      write_random (f->audio[i], 300000 + i * 1000000);
      hash = tm_file_hash_sync (f->audio[i], NULL, &error);
      g_assert_no_error (error);
      tm_track_set_title (track, titles[i]);
      tm_track_set_audio_path (track, hash->path);
      tm_track_set_audio_size (track, hash->size);
      tm_track_set_audio_mtime (track, hash->mtime_usec);
      tm_track_set_audio_sha256 (track, hash->sha256);
      g_assert_true (tm_catalog_add_track (f->catalog, f->release_id, track, &error));
    }

  cover = g_build_filename (f->dir, "cover.jpg", NULL);
  write_random (cover, 5000);
  tm_artwork_set_path (artwork, cover);
  g_assert_true (tm_catalog_set_artwork (f->catalog, f->release_id, artwork, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  for (guint i = 0; i < 3; i++)
    g_free (f->audio[i]);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autoptr(GBytes) x = tm_test_read_bytes (a);
  g_autoptr(GBytes) y = tm_test_read_bytes (b);

  if (!g_bytes_equal (x, y))
    g_error ("%s and %s differ", a, b);
}

typedef struct
{
  gboolean          done;
  TmDeliveryResult *result;
  GError           *error;
  TmProgress        last;
  guint             reports;
} Wait;

static void
progress_cb (const TmProgress *progress,
             gpointer          data)
{
  Wait *w = data;

  w->last = *progress;
  w->reports++;
}

static void
deliver_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Wait *w = data;

  w->result = tm_delivery_target_finish (TM_DELIVERY_TARGET (object), result, &w->error);
  w->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static void
deliver (TmFolderTarget *target,
         TmPackage      *package,
         Wait           *w)
{
  memset (w, 0, sizeof *w);
  tm_delivery_target_deliver_async (TM_DELIVERY_TARGET (target), package, progress_cb, w, NULL,
                                    deliver_done_cb, w);
  g_assert_true (tm_test_wait_for (is_done, w, 30000));
}

static void
test_folder_deliver (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TmFolderTarget) target = tm_folder_target_new ("Shelf", f->out);
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sums = NULL;
  g_autofree char *csv = NULL;
  Wait w;

  package = tm_release_package_new (f->catalog, f->release_id, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_package_get_id (package), ==, "TM-1-7");
  g_assert_cmpuint (tm_package_get_files (package)->len, ==, 4);

  deliver (target, package, &w);
  g_assert_no_error (w.error);
  g_assert_cmpint (w.result->status, ==, TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_assert_cmpstr (w.result->reference, ==, "TM-1-7");
  g_assert_cmpuint (w.last.files_done, ==, 4);
  g_assert_cmpuint (w.last.bytes_done, ==, tm_package_get_total_bytes (package));
  tm_delivery_result_free (w.result);

  root = g_build_filename (f->out, "0123456789012 - Luna Vale - Night Drive", NULL);
  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autofree char *resources = g_build_filename (root, "resources", NULL);
      const char *name;
      g_autofree char *prefix = g_strdup_printf ("01-%02u ", i + 1);

      dir = g_dir_open (resources, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (name, prefix))
          {
            g_autofree char *copy = g_build_filename (resources, name, NULL);
            assert_same_file (f->audio[i], copy);
            g_assert_null (strchr (name, '/'));
          }
    }

  /* The metadata is complete and says nothing about this computer's paths. */
  json_path = g_build_filename (root, "metadata.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, json_path, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "package_id"), ==, "TM-1-7");
  {
    g_autofree char *text = NULL;
    g_file_get_contents (json_path, &text, NULL, NULL);
    g_assert_null (strstr (text, f->dir));
  }
  {
    g_autofree char *path = g_build_filename (root, "checksums.sha256", NULL);
    g_auto(GStrv) lines = NULL;

    g_file_get_contents (path, &sums, NULL, NULL);
    lines = g_strsplit (sums, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 5);
  }
  {
    g_autofree char *path = g_build_filename (root, "metadata.csv", NULL);
    g_file_get_contents (path, &csv, NULL, NULL);
    g_assert_true (g_str_has_prefix (csv, "release_upc,release_title"));
    g_assert_nonnull (strstr (csv, "Noon/Heat"));
  }

  /* Delivering again changes nothing: the package exists once. */
  deliver (target, package, &w);
  g_assert_no_error (w.error);
  tm_delivery_result_free (w.result);
  {
    g_autoptr(GDir) dir = g_dir_open (f->out, 0, NULL);
    guint n = 0;
    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_folder_resume_and_errors (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(TmFolderTarget) target = tm_folder_target_new ("Shelf", f->out);
  g_autoptr(TmPackage) package = tm_release_package_new (f->catalog, f->release_id, 1, NULL);
  g_autofree char *part = g_build_filename (f->out, ".0123456789012 - Luna Vale - Night Drive.part",
                                            "resources", NULL);
  g_autofree char *partial = g_build_filename (part, "01-03 Dusk.wav", NULL);
  g_autofree char *done = g_build_filename (f->out, "0123456789012 - Luna Vale - Night Drive",
                                            "resources", "01-03 Dusk.wav", NULL);
  g_autoptr(GBytes) source = tm_test_read_bytes (f->audio[2]);
  g_autoptr(TmFolderTarget) nowhere = NULL;
  g_autofree char *blocker = NULL;
  Wait w;

  /* What a broken attempt left: half of the third file. */
  g_mkdir_with_parents (part, 0700);
  g_file_set_contents (partial, g_bytes_get_data (source, NULL), g_bytes_get_size (source) / 2,
                       NULL);
  deliver (target, package, &w);
  g_assert_no_error (w.error);
  tm_delivery_result_free (w.result);
  assert_same_file (f->audio[2], done);

  /* A source file changed since it was added: local_file, and nothing delivered. */
  {
    g_autoptr(TmPackage) again = tm_release_package_new (f->catalog, f->release_id, 2, NULL);
    g_autofree char *other = g_build_filename (f->dir, "other", NULL);
    g_autoptr(TmFolderTarget) t2 = tm_folder_target_new ("Other", other);

    write_random (f->audio[0], 300000);
    deliver (t2, again, &w);
    g_assert_error (w.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE);
    g_assert_nonnull (strstr (w.error->message, f->audio[0]));
    g_clear_error (&w.error);
  }

  /* A destination that cannot be a folder: remote_storage, naming it. */
  blocker = g_build_filename (f->dir, "blocker", NULL);
  g_file_set_contents (blocker, "x", 1, NULL);
  {
    g_autofree char *inside = g_build_filename (blocker, "deliveries", NULL);
    g_autoptr(TmPackage) p3 = tm_release_package_new (f->catalog, f->release_id, 3, NULL);

    write_random (f->audio[0], 300000);
    nowhere = tm_folder_target_new ("Nowhere", inside);
    deliver (nowhere, p3, &w);
    g_assert_error (w.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE);
    g_assert_nonnull (strstr (w.error->message, "blocker"));
    g_clear_error (&w.error);
  }
}

/* One place checks a platform's settings, for the window and the CLI alike. */
static void
test_platform_settings (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *key = g_build_filename (dir, "id_ed25519", NULL);
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(TmPlatformSettings) sftp = tm_platform_settings_new (TM_PLATFORM_KIND_SFTP);
  g_autoptr(TmPlatformSettings) again = NULL;
  g_autoptr(TmPlatformSettings) folder = tm_platform_settings_new (TM_PLATFORM_KIND_FOLDER);
  g_autoptr(TmPlatformSettings) api = tm_platform_settings_new (TM_PLATFORM_KIND_API);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  static const struct { const char *key; const char *value; const char *says; } bad[] = {
    { "port", "0", "65535" }, { "port", "22x", "65535" }, { "port", "70000", "65535" },
    { "url", "gopher://example.org", "gopher" }, { "url", "https://", "https://" },
    { "ddex_sender_dpid", "nope", "PADPIDA" }, { "ddex_sender_dpid", "PADPIDA", "PADPIDA" },
    { "ddex_recipient_dpid", "PADPIDA12 34", "PADPIDA" }, { "use_agent", "maybe", "maybe" },
    { "format", "zip", "zip" }, { "colour", "blue", "colour" },
    { "host", "example.org\033[2J", "host" }, { "user", "ann\u202Eeve", "user" },
    { "known_hosts", "/nonexistent/known_hosts", "/nonexistent" },
  };

  g_assert_true (g_file_set_contents (key, "key", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (tm_platform_settings_set (sftp, bad[i].key, bad[i].value, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      g_assert_null (tm_platform_settings_get_string (sftp, bad[i].key));
      g_clear_error (&error);
    }

  /* What an SFTP platform needs, one after the other. */
  tm_platform_set_name (platform, "Store");
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_SFTP);
  g_assert_false (tm_platform_settings_save (sftp, platform, &error));
  g_assert_error (error, TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "Store"));
  g_clear_error (&error);
  g_assert_true (tm_platform_settings_set (sftp, "host", "  sftp.example.org ", &error));
  g_assert_true (tm_platform_settings_set (sftp, "user", "nova", &error));
  g_assert_true (tm_platform_settings_set (sftp, "port", "2222", &error));
  g_assert_true (tm_platform_settings_set (sftp, "key_file", key, &error));
  tm_platform_settings_set_flag (sftp, "use_agent", FALSE);
  g_assert_false (tm_platform_settings_save (sftp, platform, &error));
  g_assert_nonnull (strstr (error->message, "DDEX"));
  g_clear_error (&error);
  g_assert_true (tm_platform_settings_set (sftp, "ddex_sender_dpid", "PADPIDA2026112401T", &error));
  g_assert_true (tm_platform_settings_set (sftp, "ddex_recipient_dpid", "PADPIDA2014021302V",
                                           &error));
  g_assert_no_error (error);
  g_assert_true (tm_platform_settings_save (sftp, platform, &error));
  g_assert_no_error (error);

  /* Kept as the catalog keeps it, read back the same. */
  again = tm_platform_settings_new_for_platform (platform, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tm_platform_settings_get_string (again, "host"), ==, "sftp.example.org");
  g_assert_cmpint (tm_platform_settings_get_int (again, "port", 22), ==, 2222);
  g_assert_cmpstr (tm_platform_settings_get_string (again, "key_file"), ==, key);
  g_assert_false (tm_platform_settings_get_flag (again, "use_agent"));
  text = tm_platform_settings_get_text (again, "port");
  g_assert_cmpstr (text, ==, "2222");
  g_clear_pointer (&text, g_free);
  /* An empty value removes the setting. */
  g_assert_true (tm_platform_settings_set (again, "remote_root", "drop", &error));
  g_assert_true (tm_platform_settings_set (again, "remote_root", "   ", &error));
  g_assert_null (tm_platform_settings_get_string (again, "remote_root"));

  /* A folder needs its folder, and the DDEX ids when it writes DDEX. */
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_FOLDER);
  g_assert_false (tm_platform_settings_save (folder, platform, &error));
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);
  g_assert_true (tm_platform_settings_set (folder, "path", dir, &error));
  g_assert_true (tm_platform_settings_set (folder, "format", "ddex", &error));
  g_assert_false (tm_platform_settings_save (folder, platform, &error));
  g_assert_nonnull (strstr (error->message, "DDEX"));
  g_clear_error (&error);
  g_assert_true (tm_platform_settings_set (folder, "format", "files", &error));
  g_assert_true (tm_platform_settings_save (folder, platform, &error));

  /* An API needs its address, or to be the sandbox. */
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_API);
  g_assert_false (tm_platform_settings_save (api, platform, &error));
  g_assert_nonnull (strstr (error->message, "url"));
  g_clear_error (&error);
  tm_platform_settings_set_flag (api, "sandbox", TRUE);
  g_assert_true (tm_platform_settings_save (api, platform, &error));

  /* What the catalog keeps is read with care: damaged settings are said to be. */
  tm_platform_set_settings (platform, "{\"host\": [[[[");
  g_assert_null (tm_platform_settings_new_for_platform (platform, &error));
  g_assert_error (error, TM_PLATFORM_SETTINGS_ERROR, TM_PLATFORM_SETTINGS_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (tm_delivery_target_new_for_platform (platform, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (tm_delivery_error_get_action (error), ==, TM_ERROR_ACTION_EDIT_PLATFORM);

  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delivery/retry-policy", test_policy);
  g_test_add_func ("/delivery/classify", test_classify);
  g_test_add_func ("/delivery/upload-stream", test_upload_stream);
  g_test_add_func ("/delivery/sanitize-file-names", test_sanitize);
  g_test_add_func ("/delivery/status-files", test_status_files);
  g_test_add_func ("/delivery/platform-settings", test_platform_settings);
  g_test_add ("/delivery/folder/deliver", Fixture, NULL, fixture_setup, test_folder_deliver,
              fixture_teardown);
  g_test_add ("/delivery/folder/resume-and-errors", Fixture, NULL, fixture_setup,
              test_folder_resume_and_errors, fixture_teardown);

  return g_test_run ();
}
