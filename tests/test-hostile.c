/* test-hostile.c: the Delivery API client against servers that lie, redirect,
 * trickle and flood
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each case is a class of attack, not one example: a token must never reach
 * another origin (host, port or scheme), whatever address a server gives, on
 * any request; no answer is read without a limit; no JSON is parsed without a
 * depth limit; an upload must make progress or stop; no request outlives its
 * deadline. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tm-api-target-private.h"
#include "tm-delivery-error.h"
#include "tm-secrets.h"
#include "tm-test-hostile.h"
#include "tm-test-utils.h"

#define TOKEN "secret-token-that-must-stay-home"

typedef struct
{
  char            *dir;
  char            *source;       /* a file to upload */
  gint64           size;
  char            *sha256;
  TmHostileServer *server;       /* the platform */
  TmHostileServer *elsewhere;    /* another server, which must hear nothing */
  char            *location;     /* what the platform answers to POST /v1/uploads */
  guint            scenario;
  int              options_without_token;
  int              options_with_token;
  int              anonymous_ms;  /* how long the client waited for the question without the token */
} Fixture;

enum
{
  LOCATION_ANYWHERE,      /* POST answers with f->location */
  REDIRECT_ELSEWHERE,     /* every request gets 307 to the other server */
  PATCH_ALWAYS_409,
  PATCH_TAKES_NOTHING,    /* 204 with the offset where it was */
  TOKEN_FLOOD,            /* 401, then a token answer without end */
  TOKEN_HUGE,             /* 401, then a token of 40 KiB in an answer under the limit */
  DEEP_JSON,              /* every answer is 200 KB of "[" */
  TRICKLE_BODY,           /* a byte of the answer every 100 ms */
  TRICKLE_HEAD,           /* a byte of the status line and headers every 100 ms */
  FLOOD_BODY,             /* an answer without end */
  BAD_RELEASE_ID,         /* the release id is a path, the store link a script */
  JOIN_ELSEWHERE,         /* offers concatenation, takes the parts, joins them at the other server */
  JOIN_NOWHERE,           /* ...and says nothing of where the joined upload is */
  OPTIONS_WANTS_TOKEN,    /* joins parts, but says so only to a request with the token */
  OPTIONS_HANGS,          /* ...and answers a request without it a byte every 100 ms */
};

static void
elsewhere_handler (TmHostileServer        *server,
                   const TmHostileRequest *request,
                   GOutputStream          *out,
                   gpointer                data)
{
  tm_hostile_answer (out, 201, "Location: /stolen\r\n", "");
}

static void
trickle (GOutputStream *out,
         const char    *text)
{
  /* Until the client goes, or 60 s: far past any deadline in these tests. */
  for (guint i = 0; i < 600; i++)
    {
      char c = text[i % strlen (text)];

      if (!g_output_stream_write_all (out, &c, 1, NULL, NULL, NULL)
          || !g_output_stream_flush (out, NULL, NULL))
        return;
      g_usleep (100000);
    }
}

static void
flood (GOutputStream *out)
{
  static char block[65536];

  memset (block, 'a', sizeof block);
  /* 1 GiB at most; the client stops reading long before. */
  for (guint i = 0; i < 16384; i++)
    if (!g_output_stream_write_all (out, block, sizeof block, NULL, NULL, NULL))
      return;
}

static void
platform_handler (TmHostileServer        *server,
                  const TmHostileRequest *request,
                  GOutputStream          *out,
                  gpointer                data)
{
  Fixture *f = data;
  const char *auth = g_hash_table_lookup (request->headers, "authorization");
  gboolean token_request = g_str_equal (request->path, "/v1/token");

  switch (f->scenario)
    {
    case REDIRECT_ELSEWHERE:
      {
        g_autofree char *to = g_strdup_printf ("Location: %sv1/platform\r\n",
                                               tm_hostile_server_get_url (f->elsewhere));

        tm_hostile_answer (out, 307, to, "");
      }
      return;

    case TOKEN_FLOOD:
    case TOKEN_HUGE:
      if (token_request && f->scenario == TOKEN_FLOOD)
        {
          tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Connection: close\r\n\r\n{\"access_token\": \"");
          flood (out);
        }
      else if (token_request)
        {
          g_autofree char *big = g_strnfill (40 * 1024, 'x');
          g_autofree char *body = g_strdup_printf ("{\"access_token\": \"%s\"}", big);

          tm_hostile_answer (out, 200, "Content-Type: application/json\r\n", body);
        }
      else
        tm_hostile_answer (out, 401, "WWW-Authenticate: Bearer error=\"invalid_token\"\r\n",
                           "{}");
      return;

    case DEEP_JSON:
      {
        g_autofree char *deep = g_strnfill (200 * 1024, '[');
        guint status = auth != NULL && !token_request ? 200 : 400;

        tm_hostile_answer (out, status, "Content-Type: application/json\r\n", deep);
      }
      return;

    case TRICKLE_BODY:
      tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
      trickle (out, "{\"name\": \"slow\"}");
      return;

    case TRICKLE_HEAD:
      tm_hostile_write (out, "HTTP/1.1 200 OK\r\nX-Slow: ");
      trickle (out, "y");
      return;

    case FLOOD_BODY:
      tm_hostile_write (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Connection: close\r\n\r\n{\"name\": \"");
      flood (out);
      return;

    case JOIN_ELSEWHERE:
    case JOIN_NOWHERE:
    case OPTIONS_WANTS_TOKEN:
    case OPTIONS_HANGS:
      {
        const char *concat = g_hash_table_lookup (request->headers, "upload-concat");
        gboolean wants_token = f->scenario == OPTIONS_WANTS_TOKEN || f->scenario == OPTIONS_HANGS;

        if (g_str_equal (request->method, "OPTIONS") && wants_token)
          {
            if (auth != NULL && g_str_equal (auth, "Bearer " TOKEN))
              {
                g_atomic_int_inc (&f->options_with_token);
                tm_hostile_answer (out, 204, "Tus-Resumable: 1.0.0\r\n"
                                             "Tus-Extension: creation,concatenation\r\n", "");
              }
            else if (f->scenario == OPTIONS_HANGS)
              {
                gint64 start = g_get_monotonic_time ();

                g_atomic_int_inc (&f->options_without_token);
                tm_hostile_write (out, "HTTP/1.1 204 No Content\r\nX-Slow: ");
                trickle (out, "y");
                g_atomic_int_set (&f->anonymous_ms,
                                  (int) ((g_get_monotonic_time () - start) / 1000) + 1);
              }
            else
              {
                if (auth == NULL)
                  g_atomic_int_inc (&f->options_without_token);
                tm_hostile_answer (out, 401, "WWW-Authenticate: Bearer\r\n", "{}");
              }
          }
        else if (g_str_equal (request->method, "OPTIONS"))
          tm_hostile_answer (out, 204, "Tus-Resumable: 1.0.0\r\n"
                                       "Tus-Extension: creation,concatenation\r\n", "");
        else if (g_str_equal (request->method, "POST") && concat != NULL
                 && g_str_has_prefix (concat, "final;"))
          {
            g_autofree char *to = g_strdup_printf ("Location: %sv1/uploads/joined\r\n",
                                                   tm_hostile_server_get_url (f->elsewhere));

            if (wants_token)
              tm_hostile_answer (out, 201, "Location: /v1/uploads/joined\r\n", "");
            else
              tm_hostile_answer (out, 201, f->scenario == JOIN_ELSEWHERE ? to : NULL, "");
          }
        else if (g_str_equal (request->method, "POST"))
          {
            g_autofree char *here = g_strdup_printf ("Location: /v1/uploads/part-%u\r\n",
                                                     tm_hostile_server_get_n_requests (server));

            tm_hostile_answer (out, 201, here, "");
          }
        else if (g_str_equal (request->method, "PATCH"))
          {
            const char *offset = g_hash_table_lookup (request->headers, "upload-offset");
            const char *length = g_hash_table_lookup (request->headers, "content-length");

            /* All of it taken. */
            tm_hostile_write (out, "HTTP/1.1 204 No Content\r\nUpload-Offset: %" G_GINT64_FORMAT
                                   "\r\n\r\n",
                              g_ascii_strtoll (offset != NULL ? offset : "0", NULL, 10)
                              + g_ascii_strtoll (length != NULL ? length : "0", NULL, 10));
          }
        else
          tm_hostile_answer (out, 404, NULL, "");
      }
      return;

    case BAD_RELEASE_ID:
      tm_hostile_answer (out, 200, "Content-Type: application/json\r\n",
                         "{\"releases\": [{\"id\": \"../../v1/token\", \"status\": \"live\"},"
                         " {\"id\": \"ok-1\", \"status\": \"live\","
                         " \"store_url\": \"javascript:alert(1)\"}]}");
      return;

    default:
      break;
    }

  /* The tus conversation, wrong in the ways the scenario says. */
  if (g_str_equal (request->method, "POST") && g_str_equal (request->path, "/v1/uploads"))
    {
      g_autofree char *location = g_strdup_printf ("Location: %s\r\n", f->location);

      tm_hostile_answer (out, 201, location, "");
    }
  else if (g_str_equal (request->method, "HEAD"))
    tm_hostile_write (out, "HTTP/1.1 200 OK\r\nUpload-Offset: 0\r\nUpload-Length: %"
                           G_GINT64_FORMAT "\r\nContent-Length: 0\r\n\r\n", f->size);
  else if (g_str_equal (request->method, "PATCH") && f->scenario == PATCH_ALWAYS_409)
    tm_hostile_answer (out, 409, NULL, "");
  else if (g_str_equal (request->method, "PATCH"))
    tm_hostile_write (out, "HTTP/1.1 204 No Content\r\nUpload-Offset: 0\r\n\r\n");
  else
    tm_hostile_answer (out, 404, NULL, "");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *content = g_strnfill (256 * 1024, 'm');

  /* Each case starts without the uploads an earlier one left unfinished. */
  {
    g_autofree char *uploads = g_build_filename (g_get_user_state_dir (), "tunemantra",
                                                 "uploads", NULL);

    tm_test_remove_tree (uploads);
  }
  f->dir = tm_test_make_tmp_dir ();
  f->source = g_build_filename (f->dir, "master.wav", NULL);
  g_assert_true (g_file_set_contents (f->source, content, -1, NULL));
  f->size = strlen (content);
  f->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  f->scenario = GPOINTER_TO_UINT (data);
  f->server = tm_hostile_server_new (platform_handler, f);
  f->elsewhere = tm_hostile_server_new (elsewhere_handler, f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, tm_hostile_server_free);
  g_clear_pointer (&f->elsewhere, tm_hostile_server_free);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->source);
  g_free (f->sha256);
  g_free (f->location);
}

static TmApiTarget *
new_target (Fixture *f)
{
  g_autoptr(TmTokens) tokens = tm_tokens_new (TOKEN, "refresh-me");
  TmApiTarget *target = tm_api_target_new ("Hostile", tm_hostile_server_get_url (f->server),
                                           NULL, tokens);

  tm_api_target_set_store_tokens (target, FALSE);
  tm_api_target_set_deadline (target, 2 * G_USEC_PER_SEC);
  return target;
}

static gboolean
upload (Fixture  *f,
        char    **location,
        GError  **error)
{
  g_autoptr(TmApiTarget) target = new_target (f);
  TmPackageFile file = { f->source, (char *) "resources/master.wav", (char *) "audio", f->size,
                         0, f->sha256 };

  return tm_api_target_upload_sync (target, "package-1", &file, NULL, NULL, location, NULL,
                                    error);
}

static gboolean
test_connection (Fixture  *f,
                 GError  **error)
{
  g_autoptr(TmApiTarget) target = new_target (f);
  g_autoptr(GPtrArray) results = tm_api_target_poll_changed (target, NULL, NULL, error);

  return results != NULL;
}

static guint
count_saved_uploads (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "tunemantra", "uploads",
                                           NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* An upload address anywhere but the platform's own origin is refused before
 * it is used or kept: another host, another port, another scheme, file:,
 * data:, javascript:, nonsense; the token and the file go nowhere. */
static void
test_location_elsewhere (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *other_port = g_strdup_printf ("http://127.0.0.1:%d/up/1",
                                                 tm_hostile_server_get_port (f->elsewhere));
  g_autofree char *other_host = g_strdup_printf ("http://localhost:%d/up/1",
                                                 tm_hostile_server_get_port (f->server));
  g_autofree char *other_scheme = g_strdup_printf ("https://127.0.0.1:%d/up/1",
                                                   tm_hostile_server_get_port (f->server));
  g_autofree char *user_info = g_strdup_printf ("http://127.0.0.1:%d@127.0.0.1:%d/up/1",
                                                tm_hostile_server_get_port (f->server),
                                                tm_hostile_server_get_port (f->elsewhere));
  g_autofree char *elsewhere_origin = g_strdup_printf ("http://127.0.0.1:%d",
                                                       tm_hostile_server_get_port (f->elsewhere));
  const char *foreign[] = { elsewhere_origin, "localhost", "https://127.0.0.1",
                            elsewhere_origin };
  const char *addresses[] = { other_port, other_host, other_scheme, user_info,
                              "file:///etc/passwd", "data:text/plain,hi", "javascript:alert(1)",
                              "//127.0.0.2/up", "http://[::1", "\x01\x02", "" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *location = NULL;

      g_free (f->location);
      f->location = g_strdup (addresses[i]);
      g_assert_false (upload (f, &location, &error));
      g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
      g_test_message ("%s: %s", addresses[i], error->message);
      /* The platform is named, and so is the server it pointed to. */
      g_assert_nonnull (strstr (error->message, "Hostile"));
      if (i < 4)
        g_assert_nonnull (strstr (error->message, foreign[i]));
      /* Nothing was kept to be used again. */
      g_assert_cmpuint (count_saved_uploads (), ==, 0);
    }
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->elsewhere), ==, 0);

  /* The platform's own address, relative or absolute, is taken. */
  g_clear_pointer (&f->location, g_free);
  f->location = g_strdup ("/v1/uploads/1");
  f->scenario = PATCH_TAKES_NOTHING;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (upload (f, NULL, &error));
    /* It went as far as sending the file, to the right server. */
    g_assert_cmpuint (tm_hostile_server_get_body_bytes (f->server), >=, f->size);
  }
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->elsewhere), ==, 0);
}

/* A saved address that is no longer acceptable is dropped, and the upload
 * starts over: a bad address saved once must not crash every run after. */
static void
test_saved_address_dropped (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "tunemantra", "uploads",
                                           NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint before;

  /* A first run saves the address (the platform then takes nothing). */
  f->location = g_strdup ("/v1/uploads/first");
  f->scenario = PATCH_TAKES_NOTHING;
  g_assert_false (upload (f, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (count_saved_uploads (), ==, 1);

  /* Something changes it into what must never be used. */
  listing = g_dir_open (dir, 0, NULL);
  name = g_dir_read_name (listing);
  {
    g_autofree char *state = g_build_filename (dir, name, NULL);

    g_assert_true (g_file_set_contents (state, "file:///etc/passwd\n", -1, NULL));
  }

  before = tm_hostile_server_get_n_requests (f->server);
  g_assert_false (upload (f, NULL, &error));
  /* It started over with a new upload (POST), never touching the file: address. */
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->server), >, before);
  g_assert_false (g_error_matches (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE));
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->elsewhere), ==, 0);
}

/* A redirect is never followed, on any request, and never with the token. */
static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (test_connection (f, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpint (tm_delivery_error_get_action (error), ==, TM_ERROR_ACTION_EDIT_PLATFORM);
  g_clear_error (&error);
  f->location = g_strdup ("/v1/uploads/1");
  g_assert_false (upload (f, NULL, &error));
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->elsewhere), ==, 0);
}

/* An upload that does not move forward stops, with a bounded number of bytes
 * sent, whether the server answers 409 for ever or takes nothing. */
static void
test_upload_without_progress (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  f->location = g_strdup ("/v1/uploads/1");
  g_assert_false (upload (f, NULL, &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
  g_test_message ("%s (%" G_GUINT64_FORMAT " bytes sent for a file of %" G_GINT64_FORMAT ")",
                  error->message, tm_hostile_server_get_body_bytes (f->server), f->size);
  g_assert_nonnull (strstr (error->message, "master.wav"));
  g_assert_cmpuint (tm_hostile_server_get_body_bytes (f->server), <=, 3 * f->size);
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->server), <=, 20);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

/* A token answer is read up to a limit; a flood or a giant token is refused,
 * and nothing of it is kept. */
static void
test_token_answers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TmApiTarget) target = new_target (f);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmTokens) after = NULL;

  results = tm_api_target_poll_changed (target, NULL, NULL, &error);
  g_assert_null (results);
  {
    int expected = f->scenario == TOKEN_FLOOD ? TM_DELIVERY_ERROR_UNKNOWN
                                              : TM_DELIVERY_ERROR_AUTH_INVALID;

    g_assert_error (error, TM_DELIVERY_ERROR, expected);
  }
  g_test_message ("%s", error->message);
  after = tm_api_target_dup_tokens (target);
  g_assert_cmpstr (after->access_token, ==, TOKEN);
}

/* JSON nested too deep for json-glib's stack, as any answer: refused, read no
 * further, never a crash. */
static void
test_deep_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (test_connection (f, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "levels deep"));
  g_clear_error (&error);

  /* The same as a problem document. */
  {
    g_autofree char *deep = g_strnfill (200 * 1024, '[');
    g_autoptr(GError) problem = tm_api_problem_error (400, deep, strlen (deep), "Hostile");

    g_assert_error (problem, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID);
  }
}

/* A server that trickles, in the answer's head or its body, is cut off at the
 * request's deadline and the failure is a network timeout (retried). */
static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (test_connection (f, &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_NETWORK_TIMEOUT);
  g_test_message ("%s after %.1f s", error->message,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* An answer without end is read to a limit and refused. */
static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (test_connection (f, &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "larger than"));
}

/* What a server says is checked before it is used as an address or kept:
 * an id that is a path, a store link that is a script. */
static void
test_bad_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) release = json_object_new ();
  TmDeliveryResult *result;

  /* In a list: the bad one is left out, the good one kept without its link. */
  {
    g_autoptr(TmApiTarget) target = new_target (f);
    g_autoptr(GPtrArray) results = tm_api_target_poll_changed (target, NULL, NULL, &error);
    TmDeliveryResult *only;

    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 1);
    only = g_ptr_array_index (results, 0);
    g_assert_cmpstr (only->reference, ==, "ok-1");
    g_assert_null (only->store_url);
  }

  json_object_set_string_member (release, "id", "../../v1/token");
  json_object_set_string_member (release, "status", "live");
  g_assert_null (tm_api_result_from_release (release, "Hostile", &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
  g_clear_error (&error);

  json_object_set_string_member (release, "id", "r-1");
  json_object_set_string_member (release, "store_url", "javascript:alert(1)");
  result = tm_api_result_from_release (release, "Hostile", &error);
  g_assert_no_error (error);
  g_assert_null (result->store_url);
  tm_delivery_result_free (result);

  json_object_set_string_member (release, "store_url", "https://music.example/a\x01b");
  result = tm_api_result_from_release (release, "Hostile", &error);
  g_assert_null (result->store_url);
  tm_delivery_result_free (result);

  json_object_set_string_member (release, "store_url", "https://music.example/album/1");
  result = tm_api_result_from_release (release, "Hostile", &error);
  g_assert_cmpstr (result->store_url, ==, "https://music.example/album/1");
  tm_delivery_result_free (result);
}

/* A platform that offers to join parts, takes them, then names another server
 * for the joined upload, or none: the upload stops there with an error naming
 * the platform (and the other server), and the other server hears nothing. */
static void
test_join_elsewhere (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *elsewhere_origin = g_strdup_printf ("http://127.0.0.1:%d",
                                                       tm_hostile_server_get_port (f->elsewhere));
  /* Large enough to go in two parts. */
  g_autofree char *content = g_strnfill (33 << 20, 'p');

  g_assert_true (g_file_set_contents (f->source, content, -1, NULL));
  f->size = strlen (content);
  g_free (f->sha256);
  f->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);

  g_assert_false (upload (f, &location, &error));
  g_assert_null (location);
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Hostile"));
  if (f->scenario == JOIN_ELSEWHERE)
    g_assert_nonnull (strstr (error->message, elsewhere_origin));
  /* The parts went to the platform, and nothing anywhere else. */
  g_assert_cmpuint (tm_hostile_server_get_body_bytes (f->server), >=, f->size);
  g_assert_cmpuint (tm_hostile_server_get_n_requests (f->elsewhere), ==, 0);
}

/* Uploads a 33 MiB file (two parts) with the token in the keyring. */
static void
upload_from_keyring (Fixture  *f,
                     gint64   *size)
{
  g_autoptr(TmTokens) tokens = tm_tokens_new (TOKEN, "refresh-me");
  g_autoptr(TmApiTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *kept = g_build_filename (g_get_user_state_dir (), "tunemantra", "platforms",
                                            NULL);
  g_autofree char *content = g_strnfill (33 << 20, 'k');
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  TmPackageFile file = { f->source, (char *) "resources/master.wav", (char *) "audio",
                         (gint64) strlen (content), 0, sha256 };

  g_assert_true (g_file_set_contents (f->source, content, -1, NULL));
  tm_test_remove_tree (kept);
  g_assert_true (tm_secrets_store_tokens ("Hostile", tokens, NULL, &error));
  g_assert_no_error (error);

  target = tm_api_target_new_from_keyring ("Hostile", tm_hostile_server_get_url (f->server),
                                           NULL);
  tm_api_target_set_store_tokens (target, FALSE);
  tm_api_target_set_deadline (target, 2 * G_USEC_PER_SEC);
  g_assert_true (tm_api_target_upload_sync (target, "package-1", &file, NULL, NULL, &location,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tm_secrets_clear ("Hostile", NULL, &error));
  /* In parts, joined. */
  g_assert_true (g_str_has_suffix (location, "/v1/uploads/joined"));
  *size = file.size;
}

/* With the token in the keyring, whether the platform joins parts is asked
 * while the keyring is read, and without the token. A platform that wants the
 * token for that answers 401: not taken as its answer, nor kept, and asked
 * again with the token; the file then goes in parts all the same. */
static void
test_options_wants_token (Fixture       *f,
                          gconstpointer  data)
{
  gint64 size;

  upload_from_keyring (f, &size);
  g_assert_cmpint (g_atomic_int_get (&f->options_without_token), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&f->options_with_token), ==, 1);
  /* Both parts went, and nothing twice. */
  g_assert_cmpuint (tm_hostile_server_get_body_bytes (f->server), ==, size);
}

/* A platform that does not answer that question (a byte every 100 ms) is left
 * after a quarter of a request's deadline (0.5 s of 2 s here), not a whole
 * one, and asked with the token; the file goes in parts all the same. */
static void
test_options_hangs (Fixture       *f,
                    gconstpointer  data)
{
  gint64 size;

  upload_from_keyring (f, &size);
  g_assert_cmpint (g_atomic_int_get (&f->options_without_token), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&f->options_with_token), ==, 1);
  /* The server sees the client gone at its next byte or the one after. */
  for (guint i = 0; i < 100 && g_atomic_int_get (&f->anonymous_ms) == 0; i++)
    g_usleep (100000);
  g_test_message ("The question without the token was left after %d ms",
                  g_atomic_int_get (&f->anonymous_ms));
  g_assert_cmpint (g_atomic_int_get (&f->anonymous_ms), >, 0);
  g_assert_cmpint (g_atomic_int_get (&f->anonymous_ms), <, 1500);
}

int
main (int   argc,
      char *argv[])
{
  tm_test_isolate_user_state ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, scenario, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (scenario), fixture_setup, func, fixture_teardown)
  ADD ("/hostile/location-elsewhere", LOCATION_ANYWHERE, test_location_elsewhere);
  ADD ("/hostile/saved-address-dropped", LOCATION_ANYWHERE, test_saved_address_dropped);
  ADD ("/hostile/redirect", REDIRECT_ELSEWHERE, test_redirect);
  ADD ("/hostile/patch-always-409", PATCH_ALWAYS_409, test_upload_without_progress);
  ADD ("/hostile/patch-takes-nothing", PATCH_TAKES_NOTHING, test_upload_without_progress);
  ADD ("/hostile/token-flood", TOKEN_FLOOD, test_token_answers);
  ADD ("/hostile/token-huge", TOKEN_HUGE, test_token_answers);
  ADD ("/hostile/deep-json", DEEP_JSON, test_deep_json);
  ADD ("/hostile/trickle-body", TRICKLE_BODY, test_trickle);
  ADD ("/hostile/trickle-head", TRICKLE_HEAD, test_trickle);
  ADD ("/hostile/flood", FLOOD_BODY, test_flood);
  ADD ("/hostile/bad-values", BAD_RELEASE_ID, test_bad_values);
  ADD ("/hostile/join-elsewhere", JOIN_ELSEWHERE, test_join_elsewhere);
  ADD ("/hostile/join-nowhere", JOIN_NOWHERE, test_join_elsewhere);
  ADD ("/hostile/options-wants-token", OPTIONS_WANTS_TOKEN, test_options_wants_token);
  ADD ("/hostile/options-hangs", OPTIONS_HANGS, test_options_hangs);
#undef ADD

  return g_test_run ();
}
