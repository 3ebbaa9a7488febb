/* test-api.c: the Delivery API client against the real sandbox, with every way
 * it misbehaves, over TLS, and against the independent @tus/server
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-api-target-private.h"
#include "tm-catalog.h"
#include "tm-delivery-error.h"
#include "tm-model.h"
#include "tm-release-package.h"
#include "tm-secrets.h"
#include "tm-test-proxy.h"
#include "tm-test-utils.h"

typedef struct
{
  char          *dir;
  TmCatalog     *catalog;
  gint64         release_id;
  TmTestSandbox *sandbox;
  GPtrArray     *sources;      /* paths of the release's audio */
} Fixture;

static char *
file_sha256 (const char *path)
{
  g_autoptr(GBytes) bytes = tm_test_read_bytes (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* A file of @size bytes: a random mebibyte, each time with its number first, so
 * that no two mebibytes are the same (parts joined out of order would show). */
static void
write_random (const char *path,
              gint64      size)
{
  FILE *out = fopen (path, "wb");
  g_autofree guint32 *block = g_new (guint32, (1 << 20) / sizeof (guint32));

  g_assert_nonnull (out);
  for (gsize i = 0; i < (1 << 20) / sizeof (guint32); i++)
    block[i] = g_random_int ();
  for (guint32 n = 0; size > 0; n++)
    {
      gsize length = (gsize) MIN (size, 1 << 20);

      block[0] = n;
      g_assert_cmpuint (fwrite (block, 1, length, out), ==, length);
      size -= length;
    }
  g_assert_cmpint (fclose (out), ==, 0);
}

static void
add_track (Fixture    *f,
           const char *title,
           double      seconds)
{
  g_autofree char *name = g_strdup_printf ("%s.wav", title);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *sha = NULL;
  g_autoptr(TmTrack) track = tm_track_new ();
  GStatBuf st;

  tm_test_write_tone (path, 44100, 2, seconds);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  sha = file_sha256 (path);
  tm_track_set_title (track, title);
  tm_track_set_audio_path (track, path);
  tm_track_set_audio_size (track, st.st_size);
  tm_track_set_audio_mtime (track, st.st_mtime);
  tm_track_set_audio_sha256 (track, sha);
  g_assert_true (tm_catalog_add_track (f->catalog, f->release_id, track, NULL));
  g_ptr_array_add (f->sources, g_steal_pointer (&path));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(GError) error = NULL;

  f->dir = tm_test_make_tmp_dir ();
  f->sources = g_ptr_array_new_with_free_func (g_free);
  path = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (path, &error);
  g_assert_no_error (error);
  tm_release_set_title (release, "Tide");
  tm_release_set_artist (release, "Ann");
  tm_release_set_upc (release, "012345678905");
  g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
  f->release_id = tm_record_get_id (TM_RECORD (release));
  add_track (f, "One", 3.0);
  add_track (f, "Two", 2.0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tm_test_sandbox_stop (f->sandbox);
  g_clear_object (&f->catalog);
  g_ptr_array_unref (f->sources);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
start_sandbox (Fixture            *f,
               const char * const *args)
{
  g_autofree char *data = g_build_filename (f->dir, "sandbox", NULL);

  f->sandbox = tm_test_sandbox_start (data, args);
}

static TmApiTarget *
target_for (TmTestSandbox *sandbox,
            const char    *name)
{
  g_autofree char *credentials = g_build_filename (sandbox->data, "credentials.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(TmTokens) tokens = NULL;
  TmApiTarget *target;

  g_assert_true (g_file_get_contents (credentials, &text, NULL, NULL));
  tokens = tm_tokens_parse (text, NULL);
  g_assert_nonnull (tokens);
  target = tm_api_target_new (name, sandbox->url, NULL, tokens);
  tm_api_target_set_store_tokens (target, FALSE);
  return target;
}

static TmApiTarget *
new_target (Fixture *f)
{
  return target_for (f->sandbox, "Sandbox");
}

static TmPackage *
new_package (Fixture *f,
             gint64   distribution_id)
{
  g_autoptr(GError) error = NULL;
  TmPackage *package = tm_release_package_new (f->catalog, f->release_id, distribution_id,
                                                    &error);

  g_assert_no_error (error);
  return package;
}

/* Running an async operation to its end. */

typedef struct
{
  gboolean          done;
  gboolean          ok;
  TmDeliveryResult *result;
  GError           *error;
  guint64           most_bytes;
  GCancellable     *cancel_at_half;
  guint64           total;
  gboolean          beyond;       /* progress said more than the whole, at some point */
  const char       *shorten;      /* a file to cut short as soon as it is mid-upload */
  gboolean          shortened;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->result, tm_delivery_result_free);
  g_clear_error (&o->error);
  o->done = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Outcome *o = data;

  /* Every operation but the test ends with a result (the finish functions are alike). */
  o->result = tm_delivery_target_finish (TM_DELIVERY_TARGET (source), result, &o->error);
  o->ok = o->result != NULL;
  o->done = TRUE;
}

static void
test_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Outcome *o = data;

  o->ok = tm_delivery_target_test_connection_finish (TM_DELIVERY_TARGET (source), result,
                                                     &o->error);
  o->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Outcome *) data)->done;
}

static void
progress_cb (const TmProgress *progress,
             gpointer          data)
{
  Outcome *o = data;

  o->most_bytes = MAX (o->most_bytes, progress->bytes_done);
  o->total = progress->bytes_total;
  if (progress->bytes_done > progress->bytes_total || progress->files_done > progress->files_total
      || progress->file_bytes_done > progress->file_bytes_total)
    o->beyond = TRUE;
  if (o->cancel_at_half != NULL && progress->bytes_done * 2 > progress->bytes_total)
    g_cancellable_cancel (o->cancel_at_half);
  /* Called from the read of the upload's body: cut short before the next. */
  if (o->shorten != NULL && !o->shortened && progress->file_bytes_done > 0
      && progress->file_bytes_done < progress->file_bytes_total)
    o->shortened = truncate (o->shorten, 0) == 0;
}

static void
deliver (TmApiTarget  *target,
         TmPackage    *package,
         Outcome      *o,
         GCancellable *cancellable)
{
  outcome_clear (o);
  tm_delivery_target_deliver_async (TM_DELIVERY_TARGET (target), package, progress_cb, o,
                                    cancellable, result_cb, o);
  g_assert_true (tm_test_wait_for (is_done, o, 120000));
}

static void
poll (TmApiTarget *target,
      const char  *reference,
      Outcome     *o)
{
  outcome_clear (o);
  tm_delivery_target_poll_status_async (TM_DELIVERY_TARGET (target), reference, NULL, result_cb,
                                        o);
  g_assert_true (tm_test_wait_for (is_done, o, 30000));
}

static void
test_connection (TmApiTarget *target,
                 Outcome     *o)
{
  outcome_clear (o);
  tm_delivery_target_test_connection_async (TM_DELIVERY_TARGET (target), NULL, test_cb, o);
  g_assert_true (tm_test_wait_for (is_done, o, 60000));
}

/* Every file the sandbox has (joined ones whole, not their parts), as its bytes' SHA-256. */
static GHashTable *
sandbox_files (Fixture *f)
{
  return tm_test_sandbox_files (f->sandbox->data);
}

static void
assert_sources_arrived (Fixture *f)
{
  g_autoptr(GHashTable) arrived = sandbox_files (f);

  for (guint i = 0; i < f->sources->len; i++)
    {
      g_autofree char *sha = file_sha256 (g_ptr_array_index (f->sources, i));

      g_assert_true (g_hash_table_contains (arrived, sha));
    }
}

/* Uploads on the server: all of them, or those that hold any bytes. */
static guint
count_some_uploads (Fixture  *f,
                    gboolean  filled)
{
  g_autofree char *dir_path = g_build_filename (f->sandbox->data, "uploads", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".bin"))
      {
        g_autofree char *path = g_build_filename (dir_path, name, NULL);
        GStatBuf st;

        n += !filled || (g_stat (path, &st) == 0 && st.st_size > 0);
      }
  return n;
}

static guint
count_uploads (Fixture *f)
{
  return count_some_uploads (f, FALSE);
}

static guint
sandbox_release_count (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->sandbox->data, "releases.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *releases;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  releases = json_object_has_member (root, "releases")
             ? json_object_get_object_member (root, "releases") : NULL;
  return releases != NULL ? json_object_get_size (releases) : 0;
}

/* The most uploads the sandbox had open at once. */
static guint
most_uploads_at_once (const char *sandbox_data)
{
  g_autofree char *path = g_build_filename (sandbox_data, "most-uploads-at-once", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* An album's files go up at once, as many as the platform's connections, and
 * the progress adds them up; with one connection they go one by one. */
static void
test_parallel_uploads (Fixture       *f,
                       gconstpointer  data)
{
  /* Each answer late, so that the uploads surely overlap. */
  static const char * const args[] = { "--slow", "300", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autofree char *single_file = g_build_filename (f->dir, "one-by-one", NULL);
  TmTestSandbox *one_by_one;
  g_auto(Outcome) o = { 0 };

  add_track (f, "Three", 1.0);
  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  g_assert_nonnull (o.result->reference);
  assert_sources_arrived (f);
  g_assert_cmpuint (count_uploads (f), ==, 3);
  g_assert_cmpuint (o.most_bytes, ==, tm_package_get_total_bytes (package));
  g_assert_false (o.beyond);
  g_assert_cmpuint (most_uploads_at_once (f->sandbox->data), >=, 2);
  g_assert_cmpuint (most_uploads_at_once (f->sandbox->data), <=, 3);

  /* connections=1: one after another. */
  one_by_one = tm_test_sandbox_start (single_file, args);
  {
    g_autoptr(TmApiTarget) serial = target_for (one_by_one, "Serial");

    tm_api_target_set_connections (serial, 1);
    o.most_bytes = 0;
    deliver (serial, package, &o, NULL);
    g_assert_no_error (o.error);
    g_assert_cmpuint (o.most_bytes, ==, tm_package_get_total_bytes (package));
    g_assert_cmpuint (most_uploads_at_once (single_file), ==, 1);
  }
  tm_test_sandbox_stop (one_by_one);
}

/* The first upload that fails stops the others; its error is the delivery's,
 * not the others' being stopped, and no release is made. */
static void
test_parallel_failure (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const args[] = { "--max-upload-bytes", "1000000", "--slow", "100", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_auto(Outcome) o = { 0 };

  /* 30 s of audio: 5 MB, refused with 413 while the two small ones go up. */
  add_track (f, "Long", 30.0);
  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  deliver (target, package, &o, NULL);
  g_assert_error (o.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_CONTENT_FORMAT);
  g_assert_null (o.result);
  g_assert_cmpuint (sandbox_release_count (f), ==, 0);
}

/* Uploads refused at once for an expired token renew it once between them: a
 * second renewal would make the first one's new token worthless. */
static void
test_parallel_token_refresh (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const args[] = { "--token-lifetime", "1", "--slow", "200", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_auto(Outcome) o = { 0 };

  add_track (f, "Three", 1.0);
  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  g_usleep (1200000);
  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  assert_sources_arrived (f);
  g_assert_cmpuint (sandbox_release_count (f), ==, 1);
}

/* The whole way: files up, the release created, then processing and live. */
static void
test_deliver_and_follow (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const args[] = { "--processing-after", "0.3", "--live-after", "0.8", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autofree char *reference = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);

  test_connection (target, &o);
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  g_assert_nonnull (tm_delivery_target_get_requirements (TM_DELIVERY_TARGET (target)));

  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM);
  g_assert_nonnull (o.result->reference);
  g_assert_cmpuint (o.most_bytes, ==, tm_package_get_total_bytes (package));
  reference = g_strdup (o.result->reference);
  assert_sources_arrived (f);

  g_usleep (900000);
  poll (target, reference, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, TM_DISTRIBUTION_STATUS_LIVE);
  g_assert_nonnull (o.result->store_url);

  /* One request for every release that changed. */
  {
    g_autoptr(GDateTime) long_ago = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
    g_autoptr(GDateTime) later = g_date_time_new_now_utc ();
    g_autoptr(GPtrArray) changed = tm_api_target_poll_changed (target, long_ago, NULL, NULL);
    g_autoptr(GPtrArray) none = tm_api_target_poll_changed (target, later, NULL, NULL);

    g_assert_nonnull (changed);
    g_assert_cmpuint (changed->len, ==, 1);
    g_assert_nonnull (none);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* A creation retried (its answer lost) gives the first release, not a second. */
static void
test_no_duplicate (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autofree char *first = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, NULL);
  target = new_target (f);
  package = new_package (f, 0);
  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  first = g_strdup (o.result->reference);
  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  g_assert_cmpstr (o.result->reference, ==, first);
  g_assert_cmpuint (sandbox_release_count (f), ==, 1);
}

/* 429 and 503 with a short Retry-After are waited for, as long as asked. */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const statuses[] = { "429", "503" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      const char * const args[] = { "--fail", statuses[i], "--fail-count", "2", "--retry-after",
                                     "1", NULL };
      g_autoptr(TmApiTarget) target = NULL;
      g_auto(Outcome) o = { 0 };
      gint64 start;

      tm_test_sandbox_stop (f->sandbox);
      start_sandbox (f, args);
      target = new_target (f);
      start = g_get_monotonic_time ();
      test_connection (target, &o);
      g_assert_no_error (o.error);
      g_assert_true (o.ok);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 100000);
      outcome_clear (&o);
    }
}

/* A long Retry-After goes back to the queue with the wait, in its category. */
static void
test_long_retry_after (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const args[] = { "--fail", "503", "--fail-count", "5", "--retry-after",
                                       "120", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, args);
  target = new_target (f);
  test_connection (target, &o);
  g_assert_error (o.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE);
  g_assert_cmpint (tm_delivery_error_get_retry_after (o.error), ==, 120 * G_USEC_PER_SEC);
  outcome_clear (&o);
}

/* An expired token is renewed once, and the work goes on. */
static void
test_token_refresh (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const args[] = { "--token-lifetime", "1", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmTokens) before = NULL;
  g_autoptr(TmTokens) after = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, args);
  target = new_target (f);
  before = tm_api_target_dup_tokens (target);
  g_usleep (1200000);
  test_connection (target, &o);
  g_assert_no_error (o.error);
  after = tm_api_target_dup_tokens (target);
  g_assert_cmpstr (before->access_token, !=, after->access_token);
  outcome_clear (&o);

  /* A wrong token is not retried: the user has to act. */
  {
    g_autoptr(TmTokens) wrong = tm_tokens_new ("not-a-token", NULL);
    g_autoptr(TmApiTarget) stranger = tm_api_target_new ("Sandbox", f->sandbox->url, NULL, wrong);

    test_connection (stranger, &o);
    g_assert_error (o.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID);
    g_assert_nonnull (tm_delivery_error_get_hint (o.error));
    outcome_clear (&o);
  }
}

/* The connection dropped mid-file: the upload goes on from the server's offset. */
static void
test_drop_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const args[] = { "--drop-after", "200000", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  assert_sources_arrived (f);
  {
    g_autofree char *marker = g_build_filename (f->sandbox->data, "dropped", NULL);

    g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpuint (count_uploads (f), ==, f->sources->len);
  outcome_clear (&o);
}

/* A delivery stopped mid-file (as by a kill) and started again by a new target
 * resumes from what the server has, and every byte arrives once. */
static void
test_stopped_and_resumed (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const args[] = { "--slow", "0", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmApiTarget) again = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *big = g_build_filename (f->dir, "Long.wav", NULL);
  g_auto(Outcome) o = { 0 };

  /* A longer file, so that half way is mid-file. */
  add_track (f, "Long", 120.0);
  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  o.cancel_at_half = cancellable;
  deliver (target, package, &o, cancellable);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  o.cancel_at_half = NULL;

  again = new_target (f);
  o.most_bytes = 0;
  deliver (again, package, &o, NULL);
  g_assert_no_error (o.error);
  assert_sources_arrived (f);
  /* Resumed, not started over: one upload per file on the server, each holding
   * its bytes (a cancel while a slot's creation is on its way waits for the
   * address: test_cancelled_while_created). */
  g_assert_cmpuint (count_some_uploads (f, TRUE), ==, f->sources->len);
  g_assert_cmpuint (count_uploads (f), ==, f->sources->len);
  g_assert_cmpuint (sandbox_release_count (f), ==, 1);
  outcome_clear (&o);
  (void) big;
}

/* A file that gets shorter while it is being sent ends its upload with an
 * error of a local file that names it, not a network break to resume, and no
 * release is made of what arrived. */
static void
test_shortened_while_sent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autofree char *long_path = g_build_filename (f->dir, "Long.wav", NULL);
  g_auto(Outcome) o = { 0 };

  add_track (f, "Long", 30.0);
  start_sandbox (f, NULL);
  target = new_target (f);
  /* One at a time, the largest first: the first progress is Long's. */
  tm_api_target_set_connections (target, 1);
  package = new_package (f, 0);
  o.shorten = long_path;
  deliver (target, package, &o, NULL);
  g_assert_true (o.shortened);
  g_assert_error (o.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE);
  g_assert_nonnull (strstr (o.error->message, long_path));
  g_assert_nonnull (strstr (o.error->message, "shorter"));
  g_assert_cmpuint (sandbox_release_count (f), ==, 0);
}

static gboolean
has_an_upload (gpointer data)
{
  return count_uploads (data) > 0;
}

/* Cancelled while the server has made an upload and its answer is on the way:
 * the answer is waited for and its address kept, so the next run goes on with
 * that upload, and none is left empty on the server. */
static void
test_cancelled_while_created (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const args[] = { "--slow", "700", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmApiTarget) again = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) o = { 0 };
  gint64 cancelled_at;

  start_sandbox (f, args);
  target = new_target (f);
  package = new_package (f, 0);
  outcome_clear (&o);
  tm_delivery_target_deliver_async (TM_DELIVERY_TARGET (target), package, progress_cb, &o,
                                    cancellable, result_cb, &o);
  g_assert_true (tm_test_wait_for (has_an_upload, f, 60000));
  g_cancellable_cancel (cancellable);
  cancelled_at = g_get_monotonic_time ();
  g_assert_true (tm_test_wait_for (is_done, &o, 60000));
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The answer's time (0.7 s), bounded: not the whole delivery. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_uploads (f), <=, f->sources->len);

  again = new_target (f);
  deliver (again, package, &o, NULL);
  g_assert_no_error (o.error);
  assert_sources_arrived (f);
  g_assert_cmpuint (count_uploads (f), ==, f->sources->len);
  g_assert_cmpuint (sandbox_release_count (f), ==, 1);
}

/* A rejection comes back as needs_attention with the platform's words; an
 * update and a takedown move the release on. */
static void
test_reject_update_takedown (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const args[] = { "--processing-after", "0.1", "--live-after", "0.2",
                                       "--reject", "metadata_invalid:The cover shows a URL", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(TmPackage) again = NULL;
  g_autoptr(TmPlatform) platform = tm_platform_new ();
  g_autoptr(TmDistribution) distribution = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Outcome) o = { 0 };

  start_sandbox (f, args);
  target = new_target (f);
  tm_platform_set_name (platform, "Sandbox");
  tm_platform_set_kind (platform, TM_PLATFORM_KIND_API);
  tm_platform_set_settings (platform, "{\"sandbox\": true}");
  g_assert_true (tm_catalog_add_platform (f->catalog, platform, &error));
  distribution = tm_catalog_add_distribution (f->catalog, f->release_id,
                                              tm_record_get_id (TM_RECORD (platform)), TM_ACTOR_USER,
                                              &error);
  g_assert_no_error (error);
  package = new_package (f, tm_record_get_id (TM_RECORD (distribution)));

  deliver (target, package, &o, NULL);
  g_assert_no_error (o.error);
  tm_distribution_set_platform_reference (distribution, o.result->reference);
  g_assert_true (tm_catalog_update_distribution (f->catalog, distribution, &error));
  g_usleep (300000);
  poll (target, tm_distribution_get_platform_reference (distribution), &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (o.result->message, ==, "The cover shows a URL");

  /* Fixed and sent again: the same release on the platform, updated. */
  again = new_package (f, tm_record_get_id (TM_RECORD (distribution)));
  g_assert_cmpstr (tm_package_get_reference (again), ==,
                   tm_distribution_get_platform_reference (distribution));
  outcome_clear (&o);
  tm_delivery_target_update_metadata_async (TM_DELIVERY_TARGET (target), again, NULL, result_cb,
                                            &o);
  g_assert_true (tm_test_wait_for (is_done, &o, 30000));
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, TM_DISTRIBUTION_STATUS_UPDATING);
  g_assert_cmpuint (sandbox_release_count (f), ==, 1);

  outcome_clear (&o);
  tm_delivery_target_takedown_async (TM_DELIVERY_TARGET (target), again, NULL, result_cb, &o);
  g_assert_true (tm_test_wait_for (is_done, &o, 30000));
  g_assert_no_error (o.error);
  g_assert_cmpint (o.result->status, ==, TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED);
  outcome_clear (&o);
}

/* TLS: a server whose certificate comes from the test CA is accepted with that
 * CA, and refused without it. */
static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *ca_key = g_build_filename (f->dir, "ca.key", NULL);
  g_autofree char *ca = g_build_filename (f->dir, "ca.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "server.key", NULL);
  g_autofree char *csr = g_build_filename (f->dir, "server.csr", NULL);
  g_autofree char *cert = g_build_filename (f->dir, "server.pem", NULL);
  g_autofree char *ext = g_build_filename (f->dir, "ext.cnf", NULL);
  g_autofree char *script = g_strdup_printf (
      "set -e; openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 2 "
      "-subj '/CN=TuneMantra Test CA' 2>/dev/null; "
      "openssl req -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -subj '/CN=127.0.0.1' "
      "2>/dev/null; printf 'subjectAltName=IP:127.0.0.1\\n' > '%s'; "
      "openssl x509 -req -in '%s' -CA '%s' -CAkey '%s' -CAcreateserial -out '%s' -days 2 "
      "-extfile '%s' 2>/dev/null",
      ca_key, ca, key, csr, ext, csr, ca, ca_key, cert, ext);
  const char * const args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  const char *argv[] = { "sh", "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TmApiTarget) trusting = NULL;
  g_autoptr(TmApiTarget) strict = NULL;
  g_autoptr(TmTokens) tokens = NULL;
  int status = 0;
  g_auto(Outcome) o = { 0 };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  start_sandbox (f, args);
  g_assert_true (g_str_has_prefix (f->sandbox->url, "https://"));
  tokens = tm_tokens_new (f->sandbox->token, NULL);

  trusting = tm_api_target_new ("Own CA", f->sandbox->url, ca, tokens);
  test_connection (trusting, &o);
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  outcome_clear (&o);

  /* Every upload slot trusts the same CA: the release's two files go up at once. */
  {
    g_autoptr(TmPackage) package = new_package (f, 0);

    deliver (trusting, package, &o, NULL);
    g_assert_no_error (o.error);
    assert_sources_arrived (f);
    outcome_clear (&o);
  }

  strict = tm_api_target_new ("Own CA", f->sandbox->url, NULL, tokens);
  test_connection (strict, &o);
  g_assert_error (o.error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID);
  g_assert_nonnull (strstr (o.error->message, "certificate"));
  outcome_clear (&o);
}

/* The tus path against @tus/server from npm, an implementation not ours. */
static void
test_tus_server (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *modules = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "tus", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "tus-server.mjs", NULL);
  g_autofree char *store = g_build_filename (f->dir, "tus", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmTokens) tokens = tm_tokens_new ("unused", NULL);
  g_autofree char *line = NULL;
  g_autofree char *location = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *node_modules = g_build_filename (modules, "node_modules", "@tus", "server",
                                                    NULL);
  TmPackageFile file = { 0 };
  GStatBuf st;

  if (!g_file_test (node_modules, G_FILE_TEST_IS_DIR))
    {
      /* Installed once per build folder, from the npm registry. */
      const char *argv[] = { "npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix",
                             modules, "@tus/server@2.4.5", "@tus/file-store@2.1.1", NULL };
      int status = 0;

      g_mkdir_with_parents (modules, 0700);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                         NULL, &status, &error) || !g_spawn_check_wait_status (status, NULL))
        {
          g_test_fail_printf ("npm could not install @tus/server: %s",
                              error != NULL ? error->message : "npm failed");
          return;
        }
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH",
                                g_build_filename (modules, "node_modules", NULL), TRUE);
  g_subprocess_launcher_setenv (launcher, "TUS_DIR", store, TRUE);
  g_subprocess_launcher_set_cwd (launcher, modules);
  {
    g_autofree char *copy = g_build_filename (modules, "tus-server.mjs", NULL);
    g_autofree char *text = NULL;

    /* ESM finds packages beside the script, not through NODE_PATH. */
    g_assert_true (g_file_get_contents (script, &text, NULL, NULL));
    g_assert_true (g_file_set_contents (copy, text, -1, NULL));
    server = g_subprocess_launcher_spawn (launcher, &error, "node", copy, NULL);
  }
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "TUS_URL="));

  target = tm_api_target_new ("tus", line + strlen ("TUS_URL="), NULL, tokens);
  g_assert_cmpint (g_stat (g_ptr_array_index (f->sources, 0), &st), ==, 0);
  sha = file_sha256 (g_ptr_array_index (f->sources, 0));
  file.source = g_ptr_array_index (f->sources, 0);
  file.name = "resources/01-01 One.wav";
  file.role = "audio";
  file.size = st.st_size;
  file.sha256 = sha;

  g_assert_true (tm_api_target_upload_sync (target, "TM-TUS", &file, NULL, NULL, &location, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_nonnull (location);
  {
    const char *id = strrchr (location, '/') + 1;
    g_autofree char *stored = g_build_filename (store, id, NULL);
    g_autofree char *stored_sha = file_sha256 (stored);

    g_assert_cmpstr (stored_sha, ==, sha);
  }

  /* A file that would go in parts with a platform that joins uploads goes
   * whole here: @tus/server does not say it has concatenation. */
  {
    g_autofree char *long_path = g_build_filename (f->dir, "long.wav", NULL);
    g_autofree char *long_sha = NULL;
    g_autofree char *long_location = NULL;
    g_autofree char *stored = NULL;
    g_autofree char *stored_sha = NULL;
    TmPackageFile long_file = { 0 };

    write_random (long_path, 2 * (G_GINT64_CONSTANT (16) << 20) + 4096);
    long_sha = file_sha256 (long_path);
    long_file.source = long_path;
    long_file.name = "resources/01-02 Long.wav";
    long_file.role = "audio";
    long_file.size = 2 * (G_GINT64_CONSTANT (16) << 20) + 4096;
    long_file.sha256 = long_sha;
    g_assert_true (tm_api_target_upload_sync (target, "TM-TUS", &long_file, NULL, NULL,
                                              &long_location, NULL, &error));
    g_assert_no_error (error);
    stored = g_build_filename (store, strrchr (long_location, '/') + 1, NULL);
    stored_sha = file_sha256 (stored);
    g_assert_cmpstr (stored_sha, ==, long_sha);
  }

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

/* Tokens are kept in the keyring (here the test's keyring file), read back, and cleared. */
static void
test_secrets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TmTokens) tokens = tm_tokens_parse ("{\"access_token\": \"a1\", "
                                                "\"refresh_token\": \"r1\"}", NULL);
  g_autoptr(TmTokens) back = NULL;
  g_autoptr(TmTokens) plain = tm_tokens_parse ("  just-a-token\n", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (tokens);
  g_assert_cmpstr (plain->access_token, ==, "just-a-token");
  g_assert_null (plain->refresh_token);
  g_assert_null (tm_tokens_parse ("two words", NULL));

  g_assert_true (tm_secrets_store_tokens ("Test Platform", tokens, NULL, &error));
  g_assert_no_error (error);
  back = tm_secrets_lookup_tokens ("Test Platform", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->access_token, ==, "a1");
  g_assert_cmpstr (back->refresh_token, ==, "r1");
  g_assert_true (tm_secrets_clear ("Test Platform", NULL, &error));
  g_assert_null (tm_secrets_lookup_tokens ("Test Platform", NULL, &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_AUTH_INVALID);
}

/* A slow platform is waited for (the I/O timeout is far longer). */
static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  static const char * const args[] = { "--slow", "1500", NULL };
  g_autoptr(TmApiTarget) target = NULL;
  g_auto(Outcome) o = { 0 };
  gint64 start;

  start_sandbox (f, args);
  target = new_target (f);
  start = g_get_monotonic_time ();
  test_connection (target, &o);
  g_assert_no_error (o.error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1400000);
  outcome_clear (&o);
}

/* The biggest upload the sandbox is uploading to now, in bytes. */
static gint64
largest_upload (const char *data)
{
  gint64 largest = 0;

  tm_test_sandbox_bytes (data, &largest);
  return largest;
}

static int
run_cli (const char  *catalog,
         const char  *cwd,
         const char **args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = tm_test_run_cli (catalog, cwd, args, &out, &err);

  if (status != 0)
    g_test_message ("tunemantra-cli %s: %d\n%s\n%s", args[0], status, out, err);
  return status;
}

/* `tunemantra-cli distribute --wait` killed (SIGKILL) in the middle of a big file;
 * the next run resumes from the server's offset: one upload per file, whole. */
static void
test_killed_mid_upload (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *audio = g_build_filename (f->dir, "Dawn", "01 - Dawn.wav", NULL);
  g_autofree char *catalog = g_build_filename (f->dir, "cli.db", NULL);
  g_autofree char *credentials = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli_path = g_getenv ("TUNEMANTRA_CLI");
  gint64 seen = 0, total;
  GStatBuf st;

  /* Twenty minutes of CD audio: about 200 MiB, long enough to be caught mid-way. */
  tm_test_make_complete_single (catalog, f->dir, 1200.0);
  g_assert_cmpint (g_stat (audio, &st), ==, 0);
  total = st.st_size;
  start_sandbox (f, NULL);
  credentials = g_build_filename (f->sandbox->data, "credentials.json", NULL);
  {
    const char *add[] = { "platform", "add", "Label", "--kind", "api", "--url", f->sandbox->url,
                          "--token-file", credentials, NULL };

    g_assert_cmpint (run_cli (catalog, f->dir, add), ==, 0);
  }

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, cli_path, "--catalog", catalog, "distribute", "1",
                          "--platform", "Label", "--wait", NULL);
  g_assert_no_error (error);
  /* Killed once a fifth of the file is on the server, and before all of it is. */
  {
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

    while ((seen = largest_upload (f->sandbox->data)) < total / 5)
      {
        if (g_subprocess_get_identifier (cli) == NULL || g_get_monotonic_time () > deadline)
          {
            g_test_fail_printf ("the delivery ended or stalled before it could be killed "
                                "(%" G_GINT64_FORMAT " bytes on the server)", seen);
            g_subprocess_force_exit (cli);
            return;
          }
        g_usleep (2000);
      }
  }
  g_subprocess_send_signal (cli, SIGKILL);
  g_subprocess_wait (cli, NULL, NULL);
  seen = largest_upload (f->sandbox->data);
  g_test_message ("killed with %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes on the server",
                  seen, total);
  g_assert_cmpint (seen, <, total);

  {
    const char *run[] = { "queue", "run", "--until-idle", NULL };

    g_assert_cmpint (run_cli (catalog, f->dir, run), ==, 0);
  }

  /* Resumed, not started again: the audio arrived whole and right, in the two
   * parts it was sent in beside the cover (three connections), and there is one
   * release. Nothing was sent twice: the bytes on the server are the audio's
   * and the cover's. A kill between the server making an upload and TuneMantra
   * keeping its address leaves that upload on the server, empty. */
  {
    g_autoptr(GHashTable) arrived = sandbox_files (f);
    g_autofree char *sha = file_sha256 (audio);
    g_autofree char *cover = g_build_filename (f->dir, "Dawn", "cover.png", NULL);
    GStatBuf cover_st;

    g_assert_true (g_hash_table_contains (arrived, sha));
    g_assert_cmpint (g_stat (cover, &cover_st), ==, 0);
    g_assert_cmpuint (count_some_uploads (f, TRUE), ==, 3);      /* two parts and the cover */
    g_assert_cmpint (tm_test_sandbox_bytes (f->sandbox->data, NULL), ==, total + cover_st.st_size);
    g_assert_cmpuint (count_uploads (f), <=, 5);
    g_assert_cmpuint (sandbox_release_count (f), ==, 1);
  }
}

/* Through a proxy that cuts connections at random offsets (with a FIN or a
 * reset), flips a byte of an upload, stalls and delays: each failed attempt is
 * followed by another, as the queue does, and the delivery completes with every
 * file whole, one release, and no file sent twice over. */
static void
test_faults_through_proxy (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(TmPackage) package = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *proxied = NULL;
  g_auto(Outcome) o = { 0 };
  TmTestProxy *proxy;
  guint64 total = 0;
  guint attempts = 0;

  start_sandbox (f, NULL);
  add_track (f, "Three", 20.0);
  uri = g_uri_parse (f->sandbox->url, G_URI_FLAGS_NONE, NULL);
  proxy = tm_test_proxy_new (g_uri_get_port (uri));
  proxied = g_strdup_printf ("http://127.0.0.1:%d/", tm_test_proxy_get_port (proxy));
  {
    g_autofree char *credentials = g_build_filename (f->sandbox->data, "credentials.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(TmTokens) tokens = NULL;

    g_assert_true (g_file_get_contents (credentials, &text, NULL, NULL));
    tokens = tm_tokens_parse (text, NULL);
    target = tm_api_target_new ("Sandbox", proxied, NULL, tokens);
    tm_api_target_set_store_tokens (target, FALSE);
  }
  package = new_package (f, 0);
  for (guint i = 0; i < f->sources->len; i++)
    {
      GStatBuf st;

      g_assert_cmpint (g_stat (g_ptr_array_index (f->sources, i), &st), ==, 0);
      total += st.st_size;
    }

  {
    const TmProxyFault faults[] = {
      { .cut_after = g_random_int_range (20000, 1500000), .reset = TRUE },
      { .cut_after = g_random_int_range (20000, 1500000) },
      { .corrupt_at = g_random_int_range (20000, 1500000) },
      { .stall_at = 100000, .stall_ms = 1500, .delay_ms = 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
      tm_test_proxy_push_fault (proxy, &faults[i]);
  }

  do
    {
      deliver (target, package, &o, NULL);
      if (o.error != NULL)
        {
          TmErrorCategory category = tm_error_classify (o.error);

          g_test_message ("attempt %u: %s", attempts + 1, o.error->message);
          /* What the network did is for retrying, never a person's problem. */
          g_assert_true (category == TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY
                         || category == TM_DELIVERY_ERROR_NETWORK_TIMEOUT
                         || category == TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE
                         || category == TM_DELIVERY_ERROR_UNKNOWN);
        }
    }
  while (o.error != NULL && ++attempts < 8);
  g_assert_no_error (o.error);
  assert_sources_arrived (f);
  /* A cut during the request that makes an upload may leave one unused there. */
  g_assert_cmpuint (count_uploads (f), >=, f->sources->len);
  /* Resumed, not sent again from the start each time. */
  g_assert_cmpuint (tm_test_proxy_get_bytes_up (proxy), <, total * 2);
  g_test_message ("%u connections, %" G_GUINT64_FORMAT " bytes up for %" G_GUINT64_FORMAT,
                  tm_test_proxy_get_connections (proxy), tm_test_proxy_get_bytes_up (proxy),
                  total);
  tm_test_proxy_free (proxy);
}

/* A raw HTTP/1.1 exchange with the sandbox, which closes after each answer. */
static GSocketConnection *
sandbox_connect (Fixture *f,
                 guint    timeout_s)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (f->sandbox->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_assert_nonnull (uri);
  g_socket_client_set_timeout (client, timeout_s);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
send_bytes (GSocketConnection *connection,
            const void        *data,
            gsize              size)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), data,
                             size, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
read_answer (GSocketConnection *connection)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* /proc/PID/@what of the sandbox's process. */
static char *
sandbox_proc (Fixture    *f,
              const char *what)
{
  return g_build_filename ("/proc", g_subprocess_get_identifier (f->sandbox->process), what,
                           NULL);
}

/* The sandbox's open sockets: its listener, and the connections it still holds. */
static guint
sandbox_sockets (Fixture *f)
{
  g_autofree char *fds = sandbox_proc (f, "fd");
  g_autoptr(GDir) dir = g_dir_open (fds, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fds, name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

/* Every connection a client is done with is let go. libsoup 3.2 kept a
 * keep-alive connection its client had closed after a request with a body (a
 * PATCH, a release) in CLOSE_WAIT for ever: a file descriptor for every upload,
 * until the sandbox of a long session could take no more connections. */
static void
test_sandbox_lets_go (Fixture       *f,
                      gconstpointer  data)
{
  guint before;
  gint64 until;

  start_sandbox (f, NULL);
  before = sandbox_sockets (f);

  for (guint i = 0; i < 8; i++)
    {
      /* Read until the sandbox closes, or for the timeout when it keeps the connection. */
      g_autoptr(GSocketConnection) connection = sandbox_connect (f, 5);
      /* A body, as a PATCH and a release have; an answer that says nothing of closing. */
      g_autofree char *request = g_strdup_printf ("POST /v1/releases HTTP/1.1\r\n"
                                                  "Host: 127.0.0.1\r\n"
                                                  "Authorization: Bearer %s\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: 2\r\n\r\n{}",
                                                  f->sandbox->token);
      g_autofree char *answer = NULL;

      send_bytes (connection, request, strlen (request));
      answer = read_answer (connection);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 4"));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sandbox_sockets (f) > before && g_get_monotonic_time () < until)
    g_usleep (20000);
  g_assert_cmpuint (sandbox_sockets (f), ==, before);
}

/* A new upload of @size bytes announced with @sha256 (hex); its address. */
static char *
create_upload_raw (Fixture    *f,
                   gint64      size,
                   const char *sha256)
{
  g_autoptr(GSocketConnection) creation = sandbox_connect (f, 30);
  g_autofree char *sha_b64 = sha256 != NULL ? g_base64_encode ((const guchar *) sha256,
                                                               strlen (sha256)) : NULL;
  /* Without a checksum: a part, to be joined. */
  g_autofree char *request = g_strdup_printf ("POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Tus-Resumable: 1.0.0\r\n"
                                              "Upload-Length: %" G_GINT64_FORMAT "\r\n"
                                              "%s%s%s"
                                              "Content-Length: 0\r\n\r\n",
                                              f->sandbox->token, size,
                                              sha_b64 != NULL ? "Upload-Metadata: sha256 " : "",
                                              sha_b64 != NULL ? sha_b64 : "",
                                              sha_b64 != NULL ? "\r\n"
                                                              : "Upload-Concat: partial\r\n");
  g_autofree char *answer = NULL;
  const char *at;

  send_bytes (creation, request, strlen (request));
  answer = read_answer (creation);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 201"));
  at = strstr (answer, "Location: ");
  g_assert_nonnull (at);
  return g_strndup (at + 10, strcspn (at + 10, "\r\n"));
}

static gint64
head_offset (Fixture    *f,
             const char *location)
{
  g_autoptr(GSocketConnection) connection = sandbox_connect (f, 30);
  g_autofree char *request = g_strdup_printf ("HEAD %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Tus-Resumable: 1.0.0\r\n\r\n",
                                              location, f->sandbox->token);
  g_autofree char *answer = NULL;
  const char *at;

  send_bytes (connection, request, strlen (request));
  answer = read_answer (connection);
  at = strstr (answer, "Upload-Offset: ");
  g_assert_nonnull (at);
  return g_ascii_strtoll (at + 15, NULL, 10);
}

static GSocketConnection *
start_patch (Fixture    *f,
             const char *location,
             gint64      offset,
             gint64      length)
{
  GSocketConnection *connection = sandbox_connect (f, 30);
  g_autofree char *request = g_strdup_printf ("PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Tus-Resumable: 1.0.0\r\n"
                                              "Upload-Offset: %" G_GINT64_FORMAT "\r\n"
                                              "Content-Type: application/offset+octet-stream\r\n"
                                              "Content-Length: %" G_GINT64_FORMAT "\r\n\r\n",
                                              location, f->sandbox->token, offset, length);

  send_bytes (connection, request, strlen (request));
  return connection;
}

/* The bytes a thread of the sandbox named worker-N wrote, each. */
static GArray *
worker_writes (Fixture *f)
{
  g_autofree char *tasks = sandbox_proc (f, "task");
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  GArray *writes = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename (tasks, tid, "comm", NULL);
      g_autofree char *io_path = g_build_filename (tasks, tid, "io", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *io = NULL;
      const char *line;
      gint64 wchar;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL)
          || !g_str_has_prefix (comm, "worker-")
          || !g_file_get_contents (io_path, &io, NULL, NULL)
          || (line = strstr (io, "wchar: ")) == NULL)
        continue;
      wchar = g_ascii_strtoll (line + 7, NULL, 10);
      g_array_append_val (writes, wchar);
    }
  return writes;
}

/* The sandbox serves connections on several threads, as a platform does: two
 * uploads sent at once are written by two threads at once, whole and checked;
 * releases asked for at once each get their own number. */
static void
test_sandbox_at_once (Fixture       *f,
                      gconstpointer  data)
{
  enum { SIZE = 8 << 20, RELEASES = 24 };
  g_autofree guchar *body = g_malloc (SIZE);
  g_autofree char *sha256 = NULL;
  GSocketConnection *patches[2];
  GSocketConnection *releases[RELEASES];
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) writes = NULL;
  guint big_writers = 0;

  start_sandbox (f, NULL);
  for (gsize i = 0; i < SIZE; i++)
    body[i] = (guchar) (g_random_int () >> 24);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body, SIZE);

  /* Both uploads are half sent before either is finished. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *location = create_upload_raw (f, SIZE, sha256);

      patches[i] = start_patch (f, location, 0, SIZE);
      send_bytes (patches[i], body, SIZE / 2);
    }
  for (guint i = 0; i < 2; i++)
    send_bytes (patches[i], body + SIZE / 2, SIZE - SIZE / 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *answer = read_answer (patches[i]);

      /* 204: all of it arrived, and its SHA-256 is the one announced. */
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 204"));
      g_object_unref (patches[i]);
    }
  g_assert_cmpuint (most_uploads_at_once (f->sandbox->data), ==, 2);

  writes = worker_writes (f);
  g_assert_cmpuint (writes->len, >=, 2);
  for (guint i = 0; i < writes->len; i++)
    if (g_array_index (writes, gint64, i) >= SIZE)
      big_writers++;
  g_assert_cmpuint (big_writers, ==, 2);

  /* Asked for all at once: each its own release. */
  for (guint i = 0; i < RELEASES; i++)
    {
      g_autofree char *request = NULL;
      g_autofree char *json = g_strdup_printf ("{\"title\":\"At once %u\"}", i);

      request = g_strdup_printf ("POST /v1/releases HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n\r\n%s", f->sandbox->token,
                                 strlen (json), json);
      releases[i] = sandbox_connect (f, 30);
      send_bytes (releases[i], request, strlen (request));
    }
  for (guint i = 0; i < RELEASES; i++)
    {
      g_autofree char *answer = read_answer (releases[i]);
      const char *at = strstr (answer, "\"id\":\"");

      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 201"));
      g_assert_nonnull (at);
      g_assert_true (g_hash_table_add (ids, g_strndup (at + 6, strcspn (at + 6, "\""))));
      g_object_unref (releases[i]);
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, RELEASES);
}

/* A client that gave up on a PATCH (a network that broke without a word) asks
 * where the upload stands and sends the rest on a new connection, while the old
 * one's bytes still come in: the newest PATCH wins, as with tus servers, and the
 * old one's bytes are not written or counted a second time. The sandbox used to
 * write both, and then found the file's checksum wrong (460) and threw it away. */
static void
test_sandbox_newest_patch_wins (Fixture       *f,
                                gconstpointer  data)
{
  enum { SIZE = 4 << 20, HALF = SIZE / 2, QUARTER = SIZE / 4 };
  g_autofree guchar *body = g_malloc (SIZE);
  g_autofree char *sha256 = NULL;
  g_autofree char *location = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GSocketConnection *old, *resumed;
  gint64 until;

  start_sandbox (f, NULL);
  for (gsize i = 0; i < SIZE; i++)
    body[i] = (guchar) (g_random_int () >> 24);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body, SIZE);
  location = create_upload_raw (f, SIZE, sha256);

  /* The first PATCH: half of it, then silence. */
  old = start_patch (f, location, 0, SIZE);
  send_bytes (old, body, HALF);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (head_offset (f, location) < HALF && g_get_monotonic_time () < until)
    g_usleep (10000);
  g_assert_cmpint (head_offset (f, location), ==, HALF);

  /* The rest on a new connection, a quarter first... */
  resumed = start_patch (f, location, HALF, SIZE - HALF);
  send_bytes (resumed, body + HALF, QUARTER);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (head_offset (f, location) < HALF + QUARTER && g_get_monotonic_time () < until)
    g_usleep (10000);
  /* ...while the old connection's next bytes arrive after all... */
  send_bytes (old, body + HALF, QUARTER);
  g_usleep (200000);
  g_assert_cmpint (head_offset (f, location), ==, HALF + QUARTER);
  /* ...and then the last quarter. */
  send_bytes (resumed, body + HALF + QUARTER, SIZE - HALF - QUARTER);
  answer = read_answer (resumed);
  /* 204: whole, and its SHA-256 the one announced. */
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 204"));
  g_assert_cmpint (head_offset (f, location), ==, SIZE);

  stored = g_strdup_printf ("%s/uploads/%s.bin", f->sandbox->data, strrchr (location, '/') + 1);
  g_assert_true (g_file_get_contents (stored, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, SIZE);
  g_assert_cmpmem (contents, length, body, SIZE);

  g_io_stream_close (G_IO_STREAM (old), NULL, NULL);
  g_object_unref (old);
  g_object_unref (resumed);
}

/* How many parts the sandbox's upload @location joined (0: it is not joined). */
static guint
joined_parts (Fixture    *f,
              const char *location)
{
  g_autofree char *name = g_strconcat (strrchr (location, '/') + 1, ".json", NULL);
  g_autofree char *path = g_build_filename (f->sandbox->data, "uploads", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  return json_object_has_member (o, "parts")
         ? json_array_get_length (json_object_get_array_member (o, "parts")) : 0;
}

/* Where the target keeps the state of @file's upload (tm-api-target.c). */
static char *
upload_state (const char    *base_url,
              const char    *package_id,
              TmPackageFile *file)
{
  g_autofree char *key = g_strjoin ("\n", base_url, package_id, file->name, file->sha256, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "uploads", digest, NULL);
}

/* Where the target keeps what the platform at @base_url said of its tus extensions. */
static char *
platform_state (const char *base_url)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, base_url, -1);
  g_autofree char *name = g_strconcat (digest, ".tus", NULL);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "platforms", name, NULL);
}

/* A file of @size random bytes in the test's folder, as a package's audio. */
static void
make_long_file (Fixture        *f,
                gint64          size,
                char          **path,
                char          **sha,
                TmPackageFile  *file)
{
  *path = g_build_filename (f->dir, "long.wav", NULL);
  write_random (*path, size);
  *sha = file_sha256 (*path);
  file->source = *path;
  file->name = (char *) "resources/01-01 Long.wav";
  file->role = (char *) "audio";
  file->size = size;
  file->sha256 = *sha;
}

/* A file of three parts' size, alone in a delivery of three connections, goes
 * in three parts at once, which the platform joins into the file: its bytes,
 * checked against the announced SHA-256, each sent once. What the target keeps
 * is the joined upload, finished. */
static void
test_parts_at_once (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *arrived = NULL;
  g_autofree char *state = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *part_state = NULL;
  TmPackageFile file = { 0 };
  gint64 size = 3 * (G_GINT64_CONSTANT (16) << 20) + 12345, arrived_size = 0;
  gboolean partial = TRUE;

  make_long_file (f, size, &path, &sha, &file);
  start_sandbox (f, NULL);
  target = new_target (f);

  g_assert_true (tm_api_target_upload_sync (target, "TM-PARTS", &file, NULL, NULL, &location,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (joined_parts (f, location), ==, 3);
  arrived = tm_test_sandbox_upload_sha256 (f->sandbox->data, strrchr (location, '/') + 1,
                                           &arrived_size, &partial);
  g_assert_cmpstr (arrived, ==, sha);
  g_assert_cmpint (arrived_size, ==, size);
  g_assert_false (partial);
  g_assert_cmpuint (most_uploads_at_once (f->sandbox->data), >=, 2);
  g_assert_cmpint (tm_test_sandbox_bytes (f->sandbox->data, NULL), ==, size);

  state = upload_state (f->sandbox->url, "TM-PARTS", &file);
  g_assert_true (g_file_get_contents (state, &kept, NULL, NULL));
  g_assert_cmpstr (g_strstrip (kept), ==, location);
  part_state = g_strconcat (state, ".1", NULL);
  g_assert_false (g_file_test (part_state, G_FILE_TEST_EXISTS));
  /* What the platform said of itself is kept for the next deliveries. */
  {
    g_autofree char *said_path = platform_state (f->sandbox->url);
    g_autofree char *said = NULL;

    g_assert_true (g_file_get_contents (said_path, &said, NULL, NULL));
    g_assert_cmpstr (said, ==, "concatenation\n");
  }

  /* Again: found finished, nothing sent. */
  g_clear_pointer (&location, g_free);
  g_assert_true (tm_api_target_upload_sync (target, "TM-PARTS", &file, NULL, NULL, &location,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, kept);
  g_assert_cmpint (tm_test_sandbox_bytes (f->sandbox->data, NULL), ==, size);
}

/* Parts the platform will not join, because they are not the file (a disk
 * that failed, a state from elsewhere), are left: the file goes again whole,
 * and arrives right. */
static void
test_parts_not_joined (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *arrived = NULL;
  g_autofree char *state = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *said_path = NULL;
  g_autofree char *said_dir = NULL;
  TmPackageFile file = { 0 };
  gint64 size = 2 * (G_GINT64_CONSTANT (16) << 20) + 1;
  gint64 half = size / 2;

  make_long_file (f, size, &path, &sha, &file);
  start_sandbox (f, NULL);
  target = new_target (f);

  /* Two finished parts of the right sizes, of other bytes, saved as this file's,
   * and the platform known to join parts. */
  said_path = platform_state (f->sandbox->url);
  said_dir = g_path_get_dirname (said_path);
  g_assert_cmpint (g_mkdir_with_parents (said_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (said_path, "concatenation\n", -1, NULL));
  state = upload_state (f->sandbox->url, "TM-WRONG", &file);
  dir = g_path_get_dirname (state);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (state, "parts 2\n", -1, NULL));
  for (guint part = 1; part <= 2; part++)
    {
      gint64 length = part == 1 ? half : size - half;
      g_autofree char *at = create_upload_raw (f, length, NULL);
      g_autofree char *url = g_strconcat (f->sandbox->url, at + 1, NULL);
      g_autofree char *part_state = g_strdup_printf ("%s.%u", state, part);
      g_autoptr(GSocketConnection) patch = start_patch (f, at, 0, length);
      g_autofree guchar *zeros = g_malloc0 (length);
      g_autofree char *answer = NULL;

      send_bytes (patch, (const char *) zeros, length);
      answer = read_answer (patch);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 204"));
      g_assert_true (g_file_set_contents (part_state, url, -1, NULL));
    }

  g_assert_true (tm_api_target_upload_sync (target, "TM-WRONG", &file, NULL, NULL, &location,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (joined_parts (f, location), ==, 0);
  arrived = tm_test_sandbox_upload_sha256 (f->sandbox->data, strrchr (location, '/') + 1, NULL,
                                           NULL);
  g_assert_cmpstr (arrived, ==, sha);
  /* The parts, and the file once whole; the parts' states are gone. */
  g_assert_cmpint (tm_test_sandbox_bytes (f->sandbox->data, NULL), ==, 2 * size);
  {
    g_autofree char *part_state = g_strconcat (state, ".1", NULL);

    g_assert_false (g_file_test (part_state, G_FILE_TEST_EXISTS));
  }
  /* A platform that would not join is asked again next time. */
  g_assert_false (g_file_test (said_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tm_test_isolate_user_state ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/api/deliver-and-follow", test_deliver_and_follow);
  ADD ("/api/no-duplicate", test_no_duplicate);
  ADD ("/api/retry-after", test_retry_after);
  ADD ("/api/long-retry-after", test_long_retry_after);
  ADD ("/api/token-refresh", test_token_refresh);
  ADD ("/api/parallel-uploads", test_parallel_uploads);
  ADD ("/api/parallel-failure", test_parallel_failure);
  ADD ("/api/parallel-token-refresh", test_parallel_token_refresh);
  ADD ("/api/drop-and-resume", test_drop_and_resume);
  ADD ("/api/stopped-and-resumed", test_stopped_and_resumed);
  ADD ("/api/cancelled-while-created", test_cancelled_while_created);
  ADD ("/api/shortened-while-sent", test_shortened_while_sent);
  ADD ("/api/reject-update-takedown", test_reject_update_takedown);
  ADD ("/api/tls", test_tls);
  ADD ("/api/tus-server", test_tus_server);
  ADD ("/api/secrets", test_secrets);
  ADD ("/api/slow", test_slow);
  ADD ("/api/killed-mid-upload", test_killed_mid_upload);
  ADD ("/api/faults-through-proxy", test_faults_through_proxy);
  ADD ("/api/sandbox-lets-go", test_sandbox_lets_go);
  ADD ("/api/sandbox-at-once", test_sandbox_at_once);
  ADD ("/api/sandbox-newest-patch-wins", test_sandbox_newest_patch_wins);
  ADD ("/api/parts-at-once", test_parts_at_once);
  ADD ("/api/parts-not-joined", test_parts_not_joined);
#undef ADD

  return g_test_run ();
}
