/* test-schemas.c: the DDEX schemas, downloaded once from a server that stands
 * in for ddex.net, checked, kept, and used offline after
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tm-ddex-schemas-private.h"
#include "tm-test-hostile.h"
#include "tm-test-utils.h"

/* The local copy the server serves: the one the build was given. */
static char *local_copy;

typedef enum
{
  SERVE_SCHEMAS,
  SERVE_WRONG_NAMESPACE,   /* the ERN schema in place of the allowed value sets */
  SERVE_GARBAGE,
  SERVE_NOTHING,           /* 404 */
  SERVE_TRICKLE,
  SERVE_REDIRECT,
  SERVE_ENTITIES,          /* the right root, after a document type that declares entities */
  SERVE_CUT_SHORT,         /* the allowed value sets cut in half, after their root */
  SERVE_DOCTYPE,           /* the right root, after a document type with one small entity */
} Serve;

/* Entities that grow a billion times when used, declared before a root that
 * is ERN 4.3's, and used in it. */
static const char entities[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE xs:schema [\n"
  " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
  " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
  " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
  " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
  " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
  " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
  " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
  " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
  " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
  "]>\n"
  "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"\n"
  "           targetNamespace=\"http://ddex.net/xml/ern/43\">\n"
  " <xs:annotation><xs:documentation>&i;</xs:documentation></xs:annotation>\n"
  "</xs:schema>\n";

typedef struct
{
  Serve            serve;
  TmHostileServer *server;
  char            *cache;
} Fixture;

static void
serve_file (GOutputStream *out,
            const char    *path)
{
  g_autoptr(GBytes) bytes = tm_test_read_bytes (path);

  tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                    g_bytes_get_size (bytes));
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                             NULL, NULL);
}

static void
handler (TmHostileServer        *server,
         const TmHostileRequest *request,
         GOutputStream          *out,
         gpointer                data)
{
  Fixture *f = data;
  gboolean ern = g_str_equal (request->path, TM_DDEX_ERN_PATH);
  gboolean avs = g_str_equal (request->path, TM_DDEX_AVS_PATH);
  g_autofree char *ern_file = g_build_filename (local_copy, "ern43",
                                                "release-notification.xsd", NULL);
  g_autofree char *avs_file = g_build_filename (local_copy, "ern43", "allowed-value-sets.xsd",
                                                NULL);

  if (!ern && !avs)
    {
      tm_hostile_answer (out, 404, NULL, "no such file");
      return;
    }
  switch (f->serve)
    {
    case SERVE_SCHEMAS:
      serve_file (out, ern ? ern_file : avs_file);
      break;
    case SERVE_WRONG_NAMESPACE:
      serve_file (out, ern_file);
      break;
    case SERVE_GARBAGE:
      tm_hostile_answer (out, 200, NULL, ern ? "<xs:schema" : "\x01\x02\x03");
      break;
    case SERVE_NOTHING:
      tm_hostile_answer (out, 404, NULL, "gone");
      break;
    case SERVE_REDIRECT:
      tm_hostile_answer (out, 302, "Location: http://127.0.0.1:1/elsewhere.xsd\r\n", "");
      break;
    case SERVE_ENTITIES:
    case SERVE_DOCTYPE:
      if (ern)
        tm_hostile_answer (out, 200, NULL,
                           f->serve == SERVE_ENTITIES ? entities
                           : "<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE xs:schema [ <!ENTITY a \"aaa\"> ]>\n"
                             "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"\n"
                             "           targetNamespace=\"http://ddex.net/xml/ern/43\">"
                             "&a;</xs:schema>\n");
      else
        serve_file (out, avs_file);
      break;
    case SERVE_CUT_SHORT:
      if (ern)
        serve_file (out, ern_file);
      else
        {
          g_autoptr(GBytes) bytes = tm_test_read_bytes (avs_file);
          gsize half = g_bytes_get_size (bytes) / 2;

          tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
                            "Connection: close\r\n\r\n", half);
          g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), half, NULL, NULL,
                                     NULL);
        }
      break;
    case SERVE_TRICKLE:
    default:
      tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
      for (guint i = 0; i < 600; i++)
        {
          if (!tm_hostile_write (out, "<") || !g_output_stream_flush (out, NULL, NULL))
            break;
          g_usleep (100000);
        }
      break;
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->serve = GPOINTER_TO_UINT (data);
  f->server = tm_hostile_server_new (handler, f);
  f->cache = tm_ddex_schemas_cache_dir ();
  /* Only a downloaded copy counts, from the server standing in for ddex.net. */
  g_setenv ("TUNEMANTRA_DDEX_SCHEMAS", "", TRUE);
  g_setenv ("TUNEMANTRA_DDEX_URL", tm_hostile_server_get_url (f->server), TRUE);
  tm_ddex_schemas_set_deadline (3 * G_USEC_PER_SEC);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, tm_hostile_server_free);
  g_free (f->cache);
}

static gboolean
need_local_copy (void)
{
  if (local_copy != NULL)
    return TRUE;
  g_test_skip ("These tests serve a local copy of the DDEX ERN 4.3 schemas: configure one with "
               "meson setup -Dddex_schemas=FOLDER (a folder with ern43/).");
  return FALSE;
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
progress_cb (guint64  done,
             guint64  total,
             gpointer data)
{
  guint64 *most = data;

  *most = MAX (*most, done);
}

/* Downloaded once, checked, kept; then found with the server gone. */
static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  guint64 most = 0;

  if (!need_local_copy ())
    return;
  g_assert_null (tm_ddex_schemas_find ());
  g_assert_true (tm_ddex_schemas_ensure (progress_cb, &most, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (most, >, 3000000);
  found = tm_ddex_schemas_find ();
  g_assert_cmpstr (found, ==, f->cache);
  g_assert_true (tm_ddex_schemas_check (found, &error));

  /* Offline from now on: no request is made again. */
  g_clear_pointer (&f->server, tm_hostile_server_free);
  g_assert_true (tm_ddex_schemas_ensure (NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Whatever a server sends that is not the schemas is refused, and nothing of
 * it is kept: not the cache, not a partial download. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (f->cache);
  gint64 start = g_get_monotonic_time ();

  if (f->serve != SERVE_NOTHING && f->serve != SERVE_REDIRECT && !need_local_copy ())
    return;
  g_assert_false (tm_ddex_schemas_ensure (NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  /* The message says what is missing and where it was looked for. */
  g_assert_nonnull (strstr (error->message, "DDEX ERN 4.3 schema"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_false (g_file_test (f->cache, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (parent), ==, 0);
  g_assert_null (tm_ddex_schemas_find ());
  /* Refused while the entities are read, before they could grow (libxml2 stops
   * there), or at the document type: either way naming the file. */
  if (f->serve == SERVE_ENTITIES)
    g_assert_nonnull (strstr (error->message, "release-notification.xsd"));
  if (f->serve == SERVE_DOCTYPE)
    g_assert_nonnull (strstr (error->message, "document type"));
  /* Not the folder it was downloaded to, which is gone. */
  if (f->serve == SERVE_CUT_SHORT)
    {
      g_assert_nonnull (strstr (error->message, "do not compile together"));
      g_assert_null (strstr (error->message, "partial"));
    }
  /* A stall is cut off at the deadline. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

/* No server at all: the offline error, at once. */
static void
test_offline (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("TUNEMANTRA_DDEX_SCHEMAS", "", TRUE);
  g_setenv ("TUNEMANTRA_DDEX_URL", "http://127.0.0.1:1", TRUE);
  g_assert_false (tm_ddex_schemas_ensure (NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "could not be downloaded"));
}

/* The command line, as a new user runs it: the first DDEX export fetches and
 * validates, the second works with the server gone. */
static void
test_cli_export (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *data_home = NULL;
  const char *export[] = { "export", "1", "--format", "ddex", "--out", NULL,
                           "--sender-dpid", "PADPIDA0000000001", "--recipient-dpid",
                           "PADPIDA0000000002", NULL };

  if (!need_local_copy ())
    return;
  dir = tm_test_make_tmp_dir ();
  catalog = g_build_filename (dir, "catalog.db", NULL);
  out_dir = g_build_filename (dir, "out", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  export[5] = out_dir;
  /* The CLI's own data folder, where it keeps the download. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tm_test_make_complete_single (catalog, dir, 2.0);

  g_assert_cmpint (tm_test_run_cli (catalog, dir, export, &out, &err), ==, 0);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Fetching the DDEX ERN 4.3 schema"));
  {
    g_autofree char *folder = g_strstrip (g_strdup (out));
    g_autofree char *xml = g_build_filename (folder, "036000291452.xml", NULL);
    g_autofree char *kept = g_build_filename (data_home, "tunemantra", "ddex", "ern43",
                                              "release-notification.xsd", NULL);

    g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
    /* Validated against the downloaded schema before it was written. */
    g_assert_true (g_file_test (xml, G_FILE_TEST_EXISTS));
  }

  /* The server goes; the second export does not need it. */
  g_clear_pointer (&f->server, tm_hostile_server_free);
  tm_test_remove_tree (out_dir);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (tm_test_run_cli (catalog, dir, export, &out, &err), ==, 0);
  g_assert_null (strstr (err, "Fetching"));
  tm_test_remove_tree (dir);
}

/* The build folder's programs find the copy configured at meson setup, with
 * no variable set and no network. */
static void
test_uninstalled (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *err = NULL;
  const char *export[] = { "export", "1", "--format", "ddex", "--out", NULL,
                           "--sender-dpid", "PADPIDA0000000001", "--recipient-dpid",
                           "PADPIDA0000000002", NULL };

  if (!need_local_copy ())
    return;
  dir = tm_test_make_tmp_dir ();
  catalog = g_build_filename (dir, "catalog.db", NULL);
  out_dir = g_build_filename (dir, "out", NULL);
  export[5] = out_dir;
  tm_test_make_complete_single (catalog, dir, 1.0);
  g_unsetenv ("TUNEMANTRA_DDEX_SCHEMAS");
  g_setenv ("TUNEMANTRA_DDEX_URL", "http://127.0.0.1:1", TRUE);
  g_assert_cmpint (tm_test_run_cli (catalog, dir, export, NULL, &err), ==, 0);
  g_assert_null (strstr (err, "Fetching"));
  g_setenv ("TUNEMANTRA_DDEX_SCHEMAS", local_copy, TRUE);
  tm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *configured = g_getenv ("TUNEMANTRA_DDEX_SCHEMAS");

  if (configured != NULL && *configured != '\0')
    local_copy = g_strdup (configured);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, serve, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (serve), fixture_setup, func, fixture_teardown)
  ADD ("/schemas/download", SERVE_SCHEMAS, test_download);
  ADD ("/schemas/wrong-namespace", SERVE_WRONG_NAMESPACE, test_refused);
  ADD ("/schemas/garbage", SERVE_GARBAGE, test_refused);
  ADD ("/schemas/absent", SERVE_NOTHING, test_refused);
  ADD ("/schemas/redirect", SERVE_REDIRECT, test_refused);
  ADD ("/schemas/stall", SERVE_TRICKLE, test_refused);
  ADD ("/schemas/entities", SERVE_ENTITIES, test_refused);
  ADD ("/schemas/cut-short", SERVE_CUT_SHORT, test_refused);
  ADD ("/schemas/doctype", SERVE_DOCTYPE, test_refused);
  ADD ("/schemas/cli-export", SERVE_SCHEMAS, test_cli_export);
#undef ADD
  g_test_add_func ("/schemas/offline", test_offline);
  g_test_add_func ("/schemas/uninstalled", test_uninstalled);

  return g_test_run ();
}
