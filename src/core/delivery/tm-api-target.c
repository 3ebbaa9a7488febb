/* tm-api-target.c: delivery through the TuneMantra Delivery API (HTTP, tus)
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each operation runs in a worker thread with a session of its own and the
 * blocking libsoup calls, so that nothing here touches the main context. What
 * libsoup 3.2 does not do, this does (docs/delivery-api.md):
 *
 * - an explicit timeout (the session's default is none);
 * - no redirects on any request, and the bearer token in the header, so no
 *   request is ever restarted with its body stream gone;
 * - Retry-After on 429 and 503, waited for here when short, handed to the retry
 *   policy when long;
 * - files streamed from disk from the server's offset (HEAD), never read whole;
 *   the upload's address is kept in the user's state folder, so a delivery killed
 *   mid-file goes on from where the server stands at the next start;
 * - one token refresh on 401 with error="invalid_token", the new tokens going
 *   back into the keyring;
 * - an Idempotency-Key on release creation (the package id), so a creation
 *   retried after a lost answer never makes a second release;
 * - the files of a delivery uploaded several at once (the platform's
 *   `connections` setting), each on a connection of its own: a single's cover
 *   goes beside its audio, an album's tracks beside each other; a file with
 *   connections to spare goes in parts at once, which the platform joins (tus
 *   concatenation, when it offers it). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "tm-json.h"
#include "tm-api-target-private.h"
#include "tm-package-json.h"
#include "tm-deadline.h"
#include "tm-safe-file.h"
#include "tm-upload-stream.h"
#include "tm-text.h"
#include "tm-delivery-error.h"
#include "tm-file-hash.h"
#include "tm-sandbox.h"

/* What a server can make TuneMantra do is bounded; each bound is a clear error.
 *
 * Seconds a socket may stay silent before a request fails. */
#define IO_TIMEOUT_S 30
/* Seconds the whole of a request may take, answer included, whatever trickles;
 * a request with a body gets a second more for every MIN_UPLOAD_RATE bytes. */
#define REQUEST_DEADLINE_S 120
#define MIN_UPLOAD_RATE (32 << 10)
/* How long a cancel waits for the answer to an upload's creation. */
#define ANSWER_GRACE_USEC (3 * G_USEC_PER_SEC)
/* Retry-After up to this long is waited for here; longer goes to the queue. */
#define MAX_INLINE_WAIT_S 10
/* Breaks an upload survives by itself, resuming from the server's offset. */
#define MAX_RESUMES 4
/* Rounds of an upload in a row in which the server's offset does not move. */
#define MAX_STALLS 3
/* Bytes sent for one file, at most: this many times its size, plus a margin. */
#define MAX_SENT_FACTOR 3
#define MAX_SENT_MARGIN (G_GINT64_CONSTANT (64) << 20)
/* Largest answer read into memory (a release list is the largest). */
#define MAX_ANSWER_BYTES (8 << 20)
/* A token answer, and a token: anything larger is refused, never stored. */
#define MAX_TOKEN_ANSWER_BYTES (64 << 10)
#define MAX_TOKEN_BYTES (16 << 10)
/* The saved address of an unfinished upload. */
#define MAX_STATE_BYTES (8 << 10)
/* Uploads at once in one delivery, at most. */
#define MAX_SLOTS 8
/* A file goes in parts only if each is at least this large, and in at most as
 * many as there are upload slots; the file's state then says how many. */
#define MIN_PART_BYTES (G_GINT64_CONSTANT (16) << 20)
#define MAX_PARTS MAX_SLOTS
#define PARTS_STATE "parts "
/* Seconds what a platform said of its tus extensions is kept. */
#define KEEP_EXTENSIONS_S (24 * 60 * 60)
/* The question asked while the keyring is read has this share of a request's
 * deadline, so that a platform that does not answer it costs a delivery a
 * quarter of a deadline more, not a whole one. */
#define ASKING_DEADLINE_SHARE 4
/* What of a platform's words is kept: a release id, its problems. */
#define MAX_ID_LENGTH 128
#define MAX_PROBLEMS 20
#define MAX_PROBLEM_CHARS 500

struct _TmApiTarget
{
  GObject     parent_instance;

  char       *platform_name;
  char       *base_url;
  char       *ca_file;
  gboolean    sandbox;
  gboolean    store_tokens;
  gboolean    tokens_from_keyring; /* looked up in the worker, never on the main thread */
  guint       connections;     /* uploads at once in one delivery */
  GMutex      lock;
  GMutex      refresh_lock;    /* one token refresh at a time, held while it asks */
  TmTokens   *tokens;          /* under lock: a refresh in one worker serves the next */
  JsonObject *requirements;    /* from GET /v1/platform, under lock */
  int         joins_parts;     /* tus concatenation: -1 not asked yet, under lock */
  gint64      deadline_usec;   /* REQUEST_DEADLINE_S, shorter in tests */
};

static void delivery_target_iface_init (TmDeliveryTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TmApiTarget, tm_api_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TM_TYPE_DELIVERY_TARGET,
                                                      delivery_target_iface_init))

typedef struct _Uploads Uploads;

/* One operation's worker state; a delivery that uploads several files at once
 * has one for each upload slot. */
typedef struct
{
  TmApiTarget    *target;       /* a reference */
  TmDeliveryOperation op;
  TmPackage      *package;
  char           *package_id;
  char           *reference;
  TmProgressFunc  progress;
  gpointer        progress_data;

  char           *base_url;     /* resolved in the worker (the sandbox starts there) */
  char           *who;          /* "Platform (address)", for messages */
  SoupSession    *session;
  GCancellable   *cancellable;
  TmProgress      done;         /* files and bytes finished */
  guint64         in_flight;    /* bytes of the current file sent so far */
  guint64         file_offset;  /* where the current file's upload started */
  guint64         file_size;
  gint64          last_report;
  Uploads        *uploads;      /* the delivery's uploads, while they run */
  guint           slot;         /* which of their slots this is */
  gboolean        answer_first; /* a cancel waits (a while) for the answer to what is sent */
  gboolean        may_split;    /* a file of it may go in parts: ask early if they join */
  gboolean        anonymous;    /* its requests carry no token */
  gint64          deadline_usec; /* a request's, if not the target's */
  GThread        *asking;        /* asks the platform's tus extensions meanwhile */
  GCancellable   *asking_cancellable;
  GCancellable   *asking_chained_to; /* the operation's, whose cancel stops the asking */
  gulong          asking_chained;
} Work;

static void settle_asking (Work *w);

typedef SoupMessage *(*MakeMessage) (Work *w, gpointer data, GError **error);

static void
work_free (gpointer data)
{
  Work *w = data;

  if (w->asking_cancellable != NULL)
    g_cancellable_cancel (w->asking_cancellable);
  settle_asking (w);
  g_clear_object (&w->target);
  g_clear_pointer (&w->package, tm_package_unref);
  g_free (w->package_id);
  g_free (w->reference);
  g_free (w->base_url);
  g_free (w->who);
  g_clear_object (&w->session);
  g_free (w);
}

/* Errors */

static GError *
new_error (TmErrorCategory  category,
           const char      *hint,
           const char      *format,
           ...) G_GNUC_PRINTF (3, 4);

static GError *
new_error (TmErrorCategory  category,
           const char      *hint,
           const char      *format,
           ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (TM_DELIVERY_ERROR, category, format, args);
  va_end (args);
  if (hint != NULL)
    tm_delivery_error_set_hint (error, hint);
  return error;
}

/* A token that cannot be used: the person gives the platform a new one. */
static gboolean
token_refused (GError     **error,
               const char  *message)
{
  GError *refused = new_error (TM_DELIVERY_ERROR_AUTH_INVALID, _("Give the platform a new token."),
                               "%s", message);

  tm_delivery_error_set_action (refused, TM_ERROR_ACTION_ADD_TOKEN);
  g_propagate_error (error, refused);
  return FALSE;
}

/* A failure of the request itself (no answer), in the categories of STATUS.md. */
static GError *
transport_error (Work         *w,
                 const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return new_error (TM_DELIVERY_ERROR_AUTH_INVALID,
                      _("If the platform runs its own certificate authority, give its "
                        "certificate with --ca-file. Never deliver to a server you cannot "
                        "verify."),
                      _("The certificate of %s is not trusted: %s"), w->who,
                      error->message);
  /* Cancelled, or the body's file failed (tm-upload-stream.c): said as it is. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || error->domain == TM_DELIVERY_ERROR)
    return g_error_copy (error);

  return new_error (tm_error_classify (error) == TM_DELIVERY_ERROR_UNKNOWN
                    ? TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY : tm_error_classify (error),
                    _("TuneMantra tries again by itself; check the network if it goes on."),
                    _("Could not reach %s: %s"), w->who, error->message);
}

/**
 * tm_api_problem_error:
 * @status: the HTTP status of the answer
 * @data: (nullable): its body, a problem document (RFC 9457) or anything else
 *
 * An error with the platform's category and its own words; a body that is not
 * a problem document gives the category of @status.
 */
GError *
tm_api_problem_error (guint        status,
                      const char  *data,
                      gsize        length,
                      const char  *platform)
{
  g_autoptr(JsonObject) problem = NULL;
  TmErrorCategory category;
  const char *code = NULL, *title = NULL, *detail = NULL, *field = NULL;
  g_autofree char *hint = NULL;
  const char *phrase = soup_status_get_phrase (status);

  if (data != NULL && length > 0
      && (problem = tm_json_parse_object (data, length, platform, NULL)) != NULL)
    {
      code = tm_json_string_or (problem, "code", NULL);
      title = tm_json_string_or (problem, "title", NULL);
      detail = tm_json_string_or (problem, "detail", NULL);
      field = tm_json_string_or (problem, "field", NULL);
    }

  if (code == NULL || !tm_error_category_from_string (code, &category))
    category = status == 401 ? TM_DELIVERY_ERROR_AUTH_INVALID
               : status == 403 ? TM_DELIVERY_ERROR_AUTH_INVALID
               : status == 429 ? TM_DELIVERY_ERROR_RATE_LIMITED
               : status == 502 || status == 503 || status == 504
               ? TM_DELIVERY_ERROR_PLATFORM_UNAVAILABLE
               : status == 413 || status == 415 || status == 460 ? TM_DELIVERY_ERROR_CONTENT_FORMAT
               : status == 400 || status == 422 ? TM_DELIVERY_ERROR_METADATA_INVALID
               : status == 507 ? TM_DELIVERY_ERROR_REMOTE_STORAGE
               : TM_DELIVERY_ERROR_UNKNOWN;

  if (field != NULL)
    {
      g_autofree char *shown = tm_text_from_outside (field, 80);

      hint = g_strdup_printf (_("The platform points at the field “%s”."), shown);
    }
  else if (category == TM_DELIVERY_ERROR_AUTH_INVALID)
    hint = g_strdup (_("Check the platform's token, or give it a new one."));
  else if (status >= 300 && status < 400)
    hint = g_strdup (_("TuneMantra does not follow redirects: your token goes only to the "
                       "platform's own address. If the platform moved, change its address."));

  {
    g_autofree char *title_shown = tm_text_from_outside (title, MAX_PROBLEM_CHARS);
    g_autofree char *detail_shown = tm_text_from_outside (detail, MAX_PROBLEM_CHARS);
    GError *error;

    title = title_shown;
    detail = detail_shown;
    error = new_error (category, hint, "%s: %s%s%s", platform,
                       title != NULL ? title : phrase != NULL ? phrase : "",
                       detail != NULL && g_strcmp0 (detail, title) != 0 ? " — " : "",
                       detail != NULL && g_strcmp0 (detail, title) != 0 ? detail : "");

    tm_delivery_error_set_from_platform (error, TRUE);
    if (category == TM_DELIVERY_ERROR_AUTH_INVALID)
      tm_delivery_error_set_action (error, TM_ERROR_ACTION_ADD_TOKEN);
    else if (status >= 300 && status < 400)
      tm_delivery_error_set_action (error, TM_ERROR_ACTION_EDIT_PLATFORM);
    return error;
  }
}

static GError *
problem_error (Work        *w,
               SoupMessage *msg,
               GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  /* Never followed: said with where it pointed, and what to do. */
  if (status >= 300 && status < 400)
    {
      const char *to = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Location");
      g_autofree char *shown = tm_text_from_outside (to != NULL ? to : "?", 200);
      GError *error = new_error (TM_DELIVERY_ERROR_UNKNOWN,
                                 _("TuneMantra does not follow redirects: your token goes only "
                                   "to the platform's own address. If the platform moved, "
                                   "change its address."),
                                 _("%s answered with a redirect to %s, which was not "
                                   "followed."), w->who, shown);

      tm_delivery_error_set_action (error, TM_ERROR_ACTION_EDIT_PLATFORM);
      return error;
    }

  return tm_api_problem_error (soup_message_get_status (msg),
                               body != NULL ? g_bytes_get_data (body, NULL) : NULL,
                               body != NULL ? g_bytes_get_size (body) : 0,
                               w->target->platform_name);
}

/* Retry-After as delta-seconds or an HTTP date, in seconds from now (-1 if absent). */
static gint64
retry_after_seconds (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  g_autoptr(GDateTime) date = NULL;

  if (value == NULL)
    return -1;
  if (g_ascii_isdigit (value[0]))
    return CLAMP (g_ascii_strtoll (value, NULL, 10), 0, 3600);
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    return CLAMP (g_date_time_difference (date, now) / G_USEC_PER_SEC, 0, 3600);
  }
}

/* Sleeps, waking at once when cancelled. */
static gboolean
wait_seconds (GCancellable  *cancellable,
              gint64         seconds,
              GError       **error)
{
  gint64 until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (100000, until - g_get_monotonic_time ()));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Sessions and requests */

static void
make_session (Work *w)
{
  w->session = soup_session_new_with_options ("timeout", IO_TIMEOUT_S,
                                              "idle-timeout", 60,
                                              "user-agent", "TuneMantra/" PACKAGE_VERSION,
                                              NULL);
}

/* A session that trusts the platform's own CA file, when it has one. */
static gboolean
make_session_checked (Work    *w,
                      GError **error)
{
  TmApiTarget *self = w->target;

  make_session (w);
  if (self->ca_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->ca_file);
      g_autofree char *absolute = g_file_get_path (file);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (absolute, error);

      if (database == NULL)
        {
          g_prefix_error (error, _("The CA file %s cannot be used: "), absolute);
          return FALSE;
        }
      soup_session_set_tls_database (w->session, database);
    }
  return TRUE;
}

static void start_asking (Work *w);

static gboolean
open_session (Work    *w,
              GError **error)
{
  TmApiTarget *self = w->target;

  if (self->sandbox)
    {
      g_autoptr(TmTokens) tokens = NULL;

      if (!tm_sandbox_ensure (&w->base_url, &tokens, w->cancellable, error))
        return FALSE;
      g_mutex_lock (&self->lock);
      if (self->tokens == NULL)
        self->tokens = g_steal_pointer (&tokens);
      g_mutex_unlock (&self->lock);
    }
  else
    w->base_url = g_strdup (self->base_url);
  w->who = g_strdup_printf ("%s (%s)", self->platform_name, w->base_url);

  /* The keyring may ask to be unlocked: that waits here, not in the window. */
  if (self->tokens_from_keyring)
    {
      g_autoptr(TmTokens) tokens = NULL;
      gboolean have;

      g_mutex_lock (&self->lock);
      have = self->tokens != NULL;
      g_mutex_unlock (&self->lock);
      if (!have)
        {
          gint64 start = g_get_monotonic_time ();

          /* Unlocking the keyring may take a while (a person types): what
           * needs no token is asked meanwhile. */
          start_asking (w);

          if (!(tokens = tm_secrets_lookup_tokens (self->platform_name, w->cancellable, error)))
            return FALSE;
          g_debug ("The token of %s read from the keyring in %.1f ms", self->platform_name,
                   (g_get_monotonic_time () - start) / 1000.0);
          g_mutex_lock (&self->lock);
          if (self->tokens == NULL)
            self->tokens = g_steal_pointer (&tokens);
          g_mutex_unlock (&self->lock);
        }
    }

  return make_session_checked (w, error);
}

/* The platform's origin: scheme, host and port. Credentials and files go to
 * it and nowhere else, whatever a server answers. */
static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  int port_a = g_uri_get_port (a) > 0 ? g_uri_get_port (a) : default_port (g_uri_get_scheme (a));
  int port_b = g_uri_get_port (b) > 0 ? g_uri_get_port (b) : default_port (g_uri_get_scheme (b));

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && port_a == port_b;
}

static char *
origin_of (GUri *uri)
{
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

/**
 * tm_api_resolve_address:
 * @base_url: the platform's address
 * @address: an address the platform gave (absolute, or relative to @base_url)
 *
 * Resolves an address a server handed out (an upload's Location) and refuses
 * any that is not http(s) on the platform's own origin: the bearer token and
 * the files go nowhere else.
 *
 * Returns: (transfer full): the absolute address, or %NULL with an error that
 *   names both servers
 */
char *
tm_api_resolve_address (const char  *base_url,
                        const char  *address,
                        const char  *platform,
                        GError     **error)
{
  g_autoptr(GUri) base = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;

  if (base == NULL)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                   _("The address of %s is not a URL: %s"), platform, base_url);
      return NULL;
    }
  shown = tm_text_from_outside (address != NULL ? address : "", 200);
  uri = address != NULL && *address != '\0' && strpbrk (address, " \t\r\n\\") == NULL
        && tm_text_check ("address", address, FALSE, NULL)
        ? g_uri_parse_relative (base, address, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_uri_get_scheme (uri) == NULL
      || (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0
          && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s (%s) gave “%s” as an address, which is not a web address. Nothing was "
                     "sent there. If this goes on, tell the platform."), platform, base_url,
                   shown);
      return NULL;
    }
  if (!same_origin (base, uri))
    {
      g_autofree char *theirs = origin_of (uri);
      g_autofree char *ours = origin_of (base);

      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s (%s) sent TuneMantra to another server, %s. Nothing was sent there: "
                     "your token and files go only to the platform's own address. If the "
                     "platform really moved, change its address."),
                   platform, ours, theirs);
      return NULL;
    }
  return g_uri_to_string (uri);
}

static SoupMessage *
new_message (Work        *w,
             const char  *method,
             const char  *path,
             GError     **error)
{
  g_autofree char *address = tm_api_resolve_address (w->base_url, path,
                                                     w->target->platform_name, error);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  g_autofree char *authorization = NULL;

  if (address == NULL || !(uri = g_uri_parse (address, G_URI_FLAGS_NONE, error)))
    return NULL;
  msg = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  g_mutex_lock (&w->target->lock);
  if (!w->anonymous && w->target->tokens != NULL && w->target->tokens->access_token != NULL)
    authorization = g_strconcat ("Bearer ", w->target->tokens->access_token, NULL);
  g_mutex_unlock (&w->target->lock);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Tus-Resumable", "1.0.0");
  return msg;
}

static GError *
timeout_error (Work  *w,
               gint64 usec)
{
  return new_error (TM_DELIVERY_ERROR_NETWORK_TIMEOUT,
                    _("TuneMantra tries again by itself; check the network if it goes on."),
                    _("%s did not finish answering within %" G_GINT64_FORMAT " s, and the "
                      "request was stopped."), w->who, usec / G_USEC_PER_SEC);
}

/* Sends @msg once, within its deadline, and reads the answer: at most @limit
 * bytes, a larger one is refused unread. Returns the body (never NULL on
 * success), or NULL with an error in the categories of STATUS.md. */
static GBytes *
send_once (Work         *w,
           SoupMessage  *msg,
           gsize         limit,
           GError      **error)
{
  gint64 length = soup_message_headers_get_content_length (soup_message_get_request_headers (msg));
  gint64 usec = (w->deadline_usec > 0 ? w->deadline_usec : w->target->deadline_usec)
                + MAX (length, 0) * G_USEC_PER_SEC / MIN_UPLOAD_RATE;
  g_autoptr(TmDeadline) deadline = NULL;
  GCancellable *cancellable;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 buffer[16384];
  gssize n;

  /* Nothing is sent once cancelled; what is on its way may finish first. */
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return NULL;
  deadline = tm_deadline_new_with_grace (w->cancellable, usec,
                                         w->answer_first ? ANSWER_GRACE_USEC : 0);
  cancellable = tm_deadline_get_cancellable (deadline);
  stream = soup_session_send (w->session, msg, cancellable, &local_error);
  while (stream != NULL
         && (n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable,
                                      &local_error)) > 0)
    {
      if (body->len + (gsize) n > limit)
        {
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                       _("%s sent an answer larger than %" G_GSIZE_FORMAT " KiB; it was not "
                         "read, and nothing of it was kept."), w->who, limit >> 10);
          return NULL;
        }
      g_byte_array_append (body, buffer, n);
    }
  if (local_error != NULL)
    {
      if (tm_deadline_expired (deadline))
        g_propagate_error (error, timeout_error (w, usec));
      else
        g_propagate_error (error, transport_error (w, local_error));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static GBytes *request (Work          *w,
                        MakeMessage    make,
                        gpointer       data,
                        gsize          limit,
                        const guint   *expected,
                        SoupMessage  **out_msg,
                        GError       **error);

/* POST /v1/token with the refresh token; the new tokens go back to the keyring. */
static SoupMessage *
make_refresh (Work     *w,
              gpointer  data,
              GError  **error)
{
  const char *refresh_token = data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  SoupMessage *msg = new_message (w, "POST", "v1/token", error);
  gsize length;

  if (msg == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "grant_type");
  json_builder_add_string_value (builder, "refresh_token");
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  length = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), length);
  soup_message_headers_remove (soup_message_get_request_headers (msg), "Authorization");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static gboolean
token_fits (const char *token)
{
  return token == NULL || (strlen (token) <= MAX_TOKEN_BYTES && tm_text_check ("token", token,
                                                                                 FALSE, NULL));
}

/* Whether the access token is still the one @sent ("Bearer …") carried. */
static gboolean
token_is (TmApiTarget *self,
          const char  *sent)
{
  gboolean same;

  g_mutex_lock (&self->lock);
  same = self->tokens != NULL && self->tokens->access_token != NULL && sent != NULL
         && g_str_has_prefix (sent, "Bearer ")
         && g_str_equal (sent + strlen ("Bearer "), self->tokens->access_token);
  g_mutex_unlock (&self->lock);
  return same;
}

/* Called with refresh_lock held, by refresh_tokens(). */
static gboolean
refresh_tokens_locked (Work       *w,
                       const char *sent,
                       GError    **error)
{
  TmApiTarget *self = w->target;
  g_autofree char *refresh_token = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) o = NULL;
  static const guint ok[] = { 200, 0 };
  const char *access, *refresh;

  if (sent != NULL && !token_is (self, sent))
    return TRUE;
  g_mutex_lock (&self->lock);
  if (self->tokens != NULL)
    refresh_token = g_strdup (self->tokens->refresh_token);
  g_mutex_unlock (&self->lock);
  if (refresh_token == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The token for %s has expired, and there is "
                                                    "no refresh token to renew it."),
                                                  self->platform_name);

      return token_refused (error, message);
    }

  /* Not through the refresh of request(): a refused refresh is final. */
  answer = request (w, make_refresh, refresh_token, MAX_TOKEN_ANSWER_BYTES, ok, &msg, error);
  if (answer == NULL)
    {
      if (error != NULL && *error != NULL && (*error)->code == TM_DELIVERY_ERROR_AUTH_EXPIRED)
        (*error)->code = TM_DELIVERY_ERROR_AUTH_INVALID;
      return FALSE;
    }
  o = tm_json_parse_object (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                            w->who, NULL);
  access = tm_json_string_or (o, "access_token", NULL);
  refresh = tm_json_string_or (o, "refresh_token", NULL);
  if (access == NULL || !token_fits (access) || !token_fits (refresh))
    {
      g_autofree char *message = g_strdup_printf (_("%s answered the token renewal with "
                                                    "something that is not a token; nothing of "
                                                    "it was kept."), w->who);

      return token_refused (error, message);
    }

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->tokens, tm_tokens_free);
  self->tokens = tm_tokens_new (access, refresh);
  if (self->store_tokens && !self->sandbox)
    {
      g_autoptr(GError) store_error = NULL;

      if (!tm_secrets_store_tokens (self->platform_name, self->tokens, NULL, &store_error))
        g_warning ("The renewed token of %s could not be kept: %s", self->platform_name,
                   store_error->message);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Renews the tokens after @sent was refused as expired. Uploads running at once
 * may all be refused: the first renews, the others find the token changed and
 * use the new one, so that a refresh token the platform allows once is never
 * sent twice. */
static gboolean
refresh_tokens (Work       *w,
                const char *sent,
                GError    **error)
{
  gboolean ok;

  g_mutex_lock (&w->target->refresh_lock);
  ok = refresh_tokens_locked (w, sent, error);
  g_mutex_unlock (&w->target->refresh_lock);
  return ok;
}

static gboolean
token_expired (SoupMessage *msg)
{
  const char *challenge = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "WWW-Authenticate");

  return soup_message_get_status (msg) == 401 && challenge != NULL
         && strstr (challenge, "invalid_token") != NULL;
}

/* Sends what @make builds (again for each try), with the token refreshed once,
 * and short Retry-After waits taken here. Returns the answer's body (at most
 * @limit bytes), and the message for its status and headers; NULL with @error
 * for no answer or an answer that is an error. @expected lists the statuses
 * that are not. */
static GBytes *
request (Work          *w,
         MakeMessage    make,
         gpointer       data,
         gsize          limit,
         const guint   *expected,
         SoupMessage  **out_msg,
         GError       **error)
{
  gboolean refreshed = make == make_refresh;
  guint waits = 0;

  for (;;)
    {
      g_autoptr(SoupMessage) msg = make (w, data, error);
      g_autoptr(GBytes) body = NULL;
      gint64 start = g_get_monotonic_time ();
      guint status;
      gint64 after;

      if (msg == NULL)
        return NULL;
      if (!(body = send_once (w, msg, limit, error)))
        return NULL;

      status = soup_message_get_status (msg);
      g_debug ("%s %s: %u after %.1f ms", soup_message_get_method (msg),
               g_uri_get_path (soup_message_get_uri (msg)), status,
               (g_get_monotonic_time () - start) / 1000.0);
      for (const guint *e = expected; *e != 0; e++)
        if (status == *e)
          {
            if (out_msg != NULL)
              *out_msg = g_steal_pointer (&msg);
            return g_steal_pointer (&body);
          }

      if (token_expired (msg) && !refreshed)
        {
          refreshed = TRUE;
          if (!refresh_tokens (w, soup_message_headers_get_one (
                                    soup_message_get_request_headers (msg), "Authorization"),
                               error))
            return NULL;
          continue;
        }

      after = retry_after_seconds (msg);
      if ((status == 429 || status == 503) && after >= 0 && after <= MAX_INLINE_WAIT_S
          && waits < 3)
        {
          waits++;
          g_debug ("%s answered %u; waiting %" G_GINT64_FORMAT " s as it asked", w->base_url,
                   status, after);
          if (!wait_seconds (w->cancellable, MAX (after, 1), error))
            return NULL;
          continue;
        }

      {
        GError *problem = problem_error (w, msg, body);

        if (after >= 0)
          tm_delivery_error_set_retry_after (problem, after * G_USEC_PER_SEC);
        if (token_expired (msg))
          problem->code = TM_DELIVERY_ERROR_AUTH_EXPIRED;
        g_propagate_error (error, problem);
        return NULL;
      }
    }
}

/**
 * tm_api_parse_object:
 * @server: who answered, for the message
 *
 * Returns: (transfer full): the answer as a JSON object, or %NULL with an error
 */
JsonObject *
tm_api_parse_object (const char  *data,
                     gsize        length,
                     const char  *server,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = data != NULL ? tm_json_parse_object (data, length, _("the answer"),
                                                            &local_error)
                                    : NULL;

  if (object == NULL)
    g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                 _("%s answered with something that is not a JSON object%s%s"), server,
                 local_error != NULL ? ": " : ".",
                 local_error != NULL ? local_error->message : "");
  return object;
}

static JsonObject *
parse_object (GBytes  *body,
              Work    *w,
              GError **error)
{
  return tm_api_parse_object (body != NULL ? g_bytes_get_data (body, NULL) : NULL,
                              body != NULL ? g_bytes_get_size (body) : 0, w->who, error);
}

/* Simple requests: a method, a path and maybe a JSON body. */
typedef struct
{
  const char *method;
  const char *path;
  JsonNode   *body;
  const char *idempotency_key;
} Simple;

static SoupMessage *
make_simple (Work     *w,
             gpointer  data,
             GError  **error)
{
  Simple *s = data;
  SoupMessage *msg = new_message (w, s->method, s->path, error);

  if (msg == NULL)
    return NULL;
  if (s->body != NULL)
    {
      g_autofree char *text = json_to_string (s->body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  if (s->idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                  s->idempotency_key);
  return msg;
}

static JsonObject *
request_object (Work        *w,
                const char  *method,
                const char  *path,
                JsonNode    *body,
                const char  *idempotency_key,
                const guint *expected,
                GError     **error)
{
  Simple s = { method, path, body, idempotency_key };
  g_autoptr(GBytes) answer = request (w, make_simple, &s, MAX_ANSWER_BYTES, expected, NULL,
                                      error);

  return answer != NULL ? parse_object (answer, w, error) : NULL;
}

/**
 * tm_api_result_from_release:
 * @release: a release object of the API
 * @server: who answered, for the message
 *
 * The release's state in ours (STATUS.md), with its store link and problems.
 * Members of the wrong type are read as absent.
 */
TmDeliveryResult *
tm_api_result_from_release (JsonObject  *release,
                            const char  *server,
                            GError     **error)
{
  static const struct { const char *api; TmDistributionStatus ours; } map[] = {
    { "received", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "processing", TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM },
    { "distributed", TM_DISTRIBUTION_STATUS_DISTRIBUTED },
    { "live", TM_DISTRIBUTION_STATUS_LIVE },
    { "rejected", TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION },
    { "updating", TM_DISTRIBUTION_STATUS_UPDATING },
    { "takedown_pending", TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED },
    { "removed", TM_DISTRIBUTION_STATUS_REMOVED },
  };
  const char *status = tm_json_string_or (release, "status", NULL);
  const char *id = tm_json_string_or (release, "id", NULL);
  JsonNode *problems = json_object_get_member (release, "problems");
  TmDeliveryResult *result = NULL;

  const char *store_url = tm_json_string_or (release, "store_url", NULL);

  /* The id goes into addresses and file names: a plain identifier only. */
  if (!tm_text_is_identifier (id, MAX_ID_LENGTH))
    {
      g_autofree char *shown = tm_text_from_outside (id, 80);

      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s gave a release id TuneMantra cannot use: “%s”."), server,
                   shown != NULL ? shown : "");
      return NULL;
    }
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].api))
      result = tm_delivery_result_new (map[i].ours, id);

  if (result == NULL)
    {
      g_autofree char *shown = tm_text_from_outside (status, 80);

      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s gave a release state TuneMantra does not know: “%s”."), server,
                   shown != NULL ? shown : "");
      return NULL;
    }

  /* A link that is not a web address is left out, never kept. */
  if (tm_text_is_web_address (store_url))
    result->store_url = g_strdup (store_url);
  if (problems != NULL && JSON_NODE_HOLDS_ARRAY (problems))
    {
      JsonArray *list = json_node_get_array (problems);
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < MIN (json_array_get_length (list), MAX_PROBLEMS); i++)
        {
          JsonNode *element = json_array_get_element (list, i);
          JsonObject *p = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                           : NULL;
          const char *detail = p != NULL
                               ? tm_json_string_or (p, "detail", tm_json_string_or (
                                     p, "title", NULL))
                               : NULL;

          g_autofree char *shown = tm_text_from_outside (detail, MAX_PROBLEM_CHARS);

          if (shown != NULL)
            g_string_append_printf (message, "%s%s", message->len > 0 ? "; " : "", shown);
        }
      if (message->len > 0)
        result->message = g_string_free (g_steal_pointer (&message), FALSE);
    }
  return result;
}

/**
 * tm_api_results_from_list:
 * @answer: the answer of GET /v1/releases: {"releases": [...]}
 *
 * Returns: (transfer full) (element-type TmDeliveryResult): the releases it
 *   could read; anything else in the list is left out
 */
GPtrArray *
tm_api_results_from_list (JsonObject *answer,
                          const char *server)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) tm_delivery_result_free);
  JsonNode *node = json_object_get_member (answer, "releases");
  JsonArray *list = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      TmDeliveryResult *result = JSON_NODE_HOLDS_OBJECT (element)
                                 ? tm_api_result_from_release (json_node_get_object (element),
                                                               server, NULL)
                                 : NULL;

      if (result != NULL)
        g_ptr_array_add (results, result);
    }
  return results;
}

static TmDeliveryResult *
result_from_release (JsonObject  *release,
                     Work        *w,
                     GError     **error)
{
  return tm_api_result_from_release (release, w->who, error);
}

/* Uploads (tus) */

static void uploads_report (Work     *w,
                            gboolean  force);

static void
report (Work     *w,
        gboolean  force)
{
  gint64 now = g_get_monotonic_time ();
  TmProgress p = w->done;

  if (w->uploads != NULL)
    {
      uploads_report (w, force);
      return;
    }
  if (w->progress == NULL || (!force && now - w->last_report < 100000))
    return;
  w->last_report = now;
  p.bytes_done += w->in_flight;
  p.file_bytes_done = w->file_offset + w->in_flight;
  p.file_bytes_total = w->file_size;
  w->progress (&p, w->progress_data);
}

/* libsoup writes each piece of the body as soon as it was read, 8 KiB at a
 * time: the count is told once every 64 KiB, not for every piece, since telling
 * it reads the clock and, when several files go at once, takes the lock they
 * share (a lock taken by two threads 32,000 times a second each). */
#define REPORT_EVERY (64 << 10)

static void
body_read_cb (guint64  n_bytes,
              gpointer user_data)
{
  Work *w = user_data;
  guint64 before = w->in_flight;

  w->in_flight += n_bytes;
  if (before / REPORT_EVERY != w->in_flight / REPORT_EVERY)
    report (w, FALSE);
}

/* Where the address of an unfinished upload is kept between runs: the file's,
 * and beside it one for each part when the file goes in parts. */
static char *
upload_state_path (Work          *w,
                   TmPackageFile *file)
{
  g_autofree char *key = g_strjoin ("\n", w->base_url, w->package_id, file->name, file->sha256,
                                    NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "uploads", digest, NULL);
}

static char *
part_state_path (const char *state,
                 guint       part)
{
  return g_strdup_printf ("%s.%u", state, part);
}

/* The states of a file's parts, once they are joined or will not be. */
static void
forget_parts (const char *state)
{
  for (guint part = 1; part <= MAX_PARTS; part++)
    {
      g_autofree char *path = part_state_path (state, part);

      g_unlink (path);
    }
}

/* The file's state, and its parts', once the platform has it whole. */
static void
forget_upload (const char *state)
{
  g_unlink (state);
  forget_parts (state);
}

/* A file's saved state is an upload's address, or "parts N" for a file sent
 * in N parts (each part's address is then in a state of its own). Returns
 * the number of parts, 0 when the state is anything else. */
static guint
saved_parts (const char *state)
{
  g_autofree char *text = tm_read_file_bounded (state, MAX_STATE_BYTES, TM_OPEN_NOFOLLOW, NULL,
                                                NULL);
  guint64 n;

  if (text == NULL || !g_str_has_prefix (text, PARTS_STATE))
    return 0;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text + strlen (PARTS_STATE), 10, 2, MAX_PARTS, &n, NULL))
    return 0;
  return (guint) n;
}

/* A saved address is used only if it still passes what a new one must (it
 * may be from an older TuneMantra, or damaged); otherwise it is dropped and
 * the upload starts over. */
static char *
load_location (Work       *w,
               const char *state)
{
  g_autofree char *text = tm_read_file_bounded (state, MAX_STATE_BYTES, TM_OPEN_NOFOLLOW, NULL,
                                                NULL);
  g_autoptr(GError) error = NULL;
  char *location;

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (text[0] == '\0'
      || !(location = tm_api_resolve_address (w->base_url, text, w->target->platform_name,
                                              &error)))
    {
      g_debug ("Dropping the saved upload address %s: %s", state,
               error != NULL ? error->message : "empty");
      g_unlink (state);
      return NULL;
    }
  return location;
}

static void
save_location (const char *state,
               const char *location)
{
  g_autofree char *dir = g_path_get_dirname (state);

  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents_full (state, location, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

/* What one upload sends: a whole file, or one of its parts, which go up at
 * once on connections of their own and are joined by the platform (tus
 * concatenation). */
typedef struct
{
  TmPackageFile *file;
  guint          index;      /* into the delivery's files */
  guint          part;       /* 1 to n_parts; 0 for a whole file */
  guint          n_parts;
  gint64         start;      /* in the file */
  gint64         length;
  char          *location;   /* a part's, once the platform has it all */
} Piece;

static void
piece_init (Piece         *piece,
            TmPackageFile *file,
            guint          index,
            guint          part,
            guint          n_parts)
{
  piece->file = file;
  piece->index = index;
  piece->part = part;
  piece->n_parts = n_parts;
  piece->start = part == 0 ? 0 : file->size * (part - 1) / n_parts;
  piece->length = part == 0 ? file->size : file->size * part / n_parts - piece->start;
  piece->location = NULL;
}

typedef struct
{
  Piece      *piece;
  const char *location;
  gint64      offset;       /* in the piece */
} PatchData;

static char *
upload_metadata (TmPackageFile *file,
                 gboolean       with_checksum)
{
  g_autofree char *base = g_path_get_basename (file->name);
  g_autofree char *name64 = g_base64_encode ((const guchar *) base, strlen (base));
  g_autofree char *sha64 = NULL;

  if (!with_checksum)
    return g_strdup_printf ("filename %s", name64);
  sha64 = g_base64_encode ((const guchar *) file->sha256, strlen (file->sha256));
  return g_strdup_printf ("filename %s,sha256 %s", name64, sha64);
}

static SoupMessage *
make_create (Work     *w,
             gpointer  data,
             GError  **error)
{
  Piece *piece = data;
  SoupMessage *msg = new_message (w, "POST", "v1/uploads", error);
  /* A part's checksum would not be the file's: the joined file's is checked. */
  g_autofree char *metadata = upload_metadata (piece->file, piece->part == 0);
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, piece->length);
  SoupMessageHeaders *h;

  if (msg == NULL)
    return NULL;
  h = soup_message_get_request_headers (msg);
  soup_message_headers_replace (h, "Upload-Length", length);
  soup_message_headers_replace (h, "Upload-Metadata", metadata);
  if (piece->part != 0)
    soup_message_headers_replace (h, "Upload-Concat", "partial");
  return msg;
}

static SoupMessage *
make_head (Work     *w,
           gpointer  data,
           GError  **error)
{
  return new_message (w, "HEAD", data, error);
}

static SoupMessage *
make_patch (Work     *w,
            gpointer  data,
            GError  **error)
{
  PatchData *p = data;
  TmPackageFile *file = p->piece->file;
  gint64 from = p->piece->start + p->offset;
  gint64 left = p->piece->length - p->offset;
  g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, p->offset);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  SoupMessage *msg;
  int fd;

  /* The file checked before is the file sent: a regular file, the same size. */
  if ((fd = tm_open_regular (file->source, TM_OPEN_FOLLOW, &st, &local_error)) < 0)
    {
      g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                           local_error->message);
      return NULL;
    }
  if (st.st_size != file->size || lseek (fd, from, SEEK_SET) != from)
    {
      close (fd);
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                   _("%s changed since it was checked. Open the release so it is checked "
                     "again, then deliver."), file->source);
      return NULL;
    }
  /* Read 64 KiB at a time and counted as it goes (tm-upload-stream.c). */
  stream = tm_upload_stream_new (fd, file->source, left, body_read_cb, w);

  if (!(msg = new_message (w, "PATCH", p->location, error)))
    return NULL;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Offset", offset);
  /* Streamed from disk, with its exact length; never read whole. */
  soup_message_set_request_body (msg, "application/offset+octet-stream", stream, left);
  w->in_flight = 0;
  w->file_offset = p->offset;
  w->file_size = p->piece->length;
  return msg;
}

static gint64
header_offset (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Upload-Offset");
  guint64 offset;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &offset, NULL))
    return -1;
  return (gint64) offset;
}

/* The file as it is now must be the file that was checked. A file whose size
 * or checksum was never recorded is measured here. */
static gboolean
check_source (Work          *w,
              TmPackageFile *file,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd = tm_open_regular (file->source, TM_OPEN_FOLLOW, &st, &local_error);

  if (fd < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                     _("%s is gone. Put it back, or add the file again to the release."),
                     file->source);
      else
        g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                             local_error->message);
      return FALSE;
    }
  close (fd);
  if (file->size <= 0 && file->sha256 == NULL)
    file->size = st.st_size;
  if (st.st_size != file->size)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                   _("%s changed since it was checked. Open the release so it is checked "
                     "again, then deliver."), file->source);
      return FALSE;
    }
  if (file->sha256 == NULL)
    {
      g_autoptr(TmFileHash) hash = tm_file_hash_sync (file->source, w->cancellable,
                                                      &local_error);

      if (hash == NULL)
        {
          g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                       _("%s cannot be read: %s"), file->source, local_error->message);
          return FALSE;
        }
      file->sha256 = g_steal_pointer (&hash->sha256);
    }
  return TRUE;
}

/* An upload must move forward: a server whose offset stays where it was (409
 * after 409, 204 that takes nothing) is left after a few rounds, and the bytes
 * sent for one upload are bounded whatever it answers. */
typedef struct
{
  gint64 best;      /* the furthest offset the server confirmed */
  guint  stalls;    /* rounds in a row without progress */
  gint64 sent;      /* bytes sent for the upload */
} Progress;

static gboolean
made_progress (Work    *w,
               Piece   *piece,
               Progress *p,
               gint64   offset,
               GError **error)
{
  if (offset > p->best)
    {
      p->best = offset;
      p->stalls = 0;
    }
  else if (++p->stalls >= MAX_STALLS)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s does not take %s: its upload stayed at %" G_GINT64_FORMAT " of %"
                     G_GINT64_FORMAT " bytes for %u tries in a row, so TuneMantra stopped "
                     "sending. It tries again later; tell the platform if it goes on."),
                   w->who, piece->file->name, MAX (p->best, 0),
                   piece->length, MAX_STALLS);
      return FALSE;
    }
  if (p->sent > MAX_SENT_FACTOR * piece->length + MAX_SENT_MARGIN)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s was sent to %s %u times over without the platform keeping it, so "
                     "TuneMantra stopped sending. It tries again later; tell the platform if it "
                     "goes on."), piece->file->name, w->who, MAX_SENT_FACTOR);
      return FALSE;
    }
  return TRUE;
}

/* The address of an upload the platform just made, checked before it is kept:
 * a bad address must not outlive this run. */
static char *
created_location (Work         *w,
                  SoupMessage  *msg,
                  GError      **error)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Location");

  if (location == NULL)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s created an upload without saying where it is."), w->who);
      return NULL;
    }
  return tm_api_resolve_address (w->base_url, location, w->target->platform_name, error);
}

/* Sends @piece, resuming the upload saved in @state, and gives its address. */
static gboolean
upload_piece (Work     *w,
              Piece    *piece,
              char    **out_location,
              GError  **error)
{
  TmPackageFile *file = piece->file;
  g_autofree char *file_state = upload_state_path (w, file);
  g_autofree char *state = piece->part == 0 ? g_strdup (file_state)
                                            : part_state_path (file_state, piece->part);
  g_autofree char *location = load_location (w, state);
  guint resumes = 0, mismatches = 0;
  Progress progress = { -1, 0, 0 };
  static const guint created[] = { 201, 0 }, head_ok[] = { 200, 204, 404, 410, 0 },
                     patched[] = { 204, 409, 460, 0 };

  if (!check_source (w, file, error))
    return FALSE;
  if (piece->part == 0)
    piece->length = file->size;

  for (;;)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      PatchData patch = { piece, NULL, 0 };

      if (location == NULL)
        {
          /* The server makes the upload whether or not its answer is read: a
           * cancel waits for the address, which is kept, so that the next run
           * goes on with that upload rather than leave it empty on the server. */
          w->answer_first = TRUE;
          answer = request (w, make_create, piece, MAX_ANSWER_BYTES, created, &msg, error);
          w->answer_first = FALSE;
          if (answer == NULL || !(location = created_location (w, msg, error)))
            return FALSE;
          save_location (state, location);
          patch.offset = 0;
          progress.best = MAX (progress.best, 0);
        }
      else
        {
          /* Where the server stands is the truth, not what was written. */
          if (!(answer = request (w, make_head, location, MAX_ANSWER_BYTES, head_ok, &msg,
                                  error)))
            return FALSE;
          if (soup_message_get_status (msg) == 404 || soup_message_get_status (msg) == 410)
            {
              g_clear_pointer (&location, g_free);
              g_unlink (state);
              continue;
            }
          patch.offset = header_offset (msg);
          if (patch.offset < 0 || patch.offset > piece->length)
            {
              g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                           _("%s reports an impossible offset for %s."), w->who,
                           file->name);
              return FALSE;
            }
          if (!made_progress (w, piece, &progress, patch.offset, error))
            return FALSE;
        }
      g_clear_object (&msg);
      g_clear_pointer (&answer, g_bytes_unref);

      if (patch.offset == piece->length && piece->length > 0)
        break;

      patch.location = location;
      answer = request (w, make_patch, &patch, MAX_ANSWER_BYTES, patched, &msg, &local_error);
      progress.sent += w->in_flight;
      w->in_flight = 0;
      if (answer == NULL)
        {
          TmErrorCategory category = tm_error_classify (local_error);

          /* A break: ask where it stands and go on from there. */
          if ((category == TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY
               || category == TM_DELIVERY_ERROR_NETWORK_TIMEOUT)
              && resumes++ < MAX_RESUMES && wait_seconds (w->cancellable, 1, NULL))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      switch ((guint) soup_message_get_status (msg))
        {
        case 204:
          if (header_offset (msg) == piece->length)
            goto finished;
          break;      /* partly taken: HEAD, and go on */
        case 409:
          break;      /* the offset moved: HEAD tells where */
        case 460:
        default:
          /* What arrived is not the file: once more from the start, then it is ours. */
          g_clear_pointer (&location, g_free);
          g_unlink (state);
          progress.best = -1;
          if (mismatches++ > 0)
            {
              g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
                           _("%s arrived at %s twice with a different checksum: the file is "
                             "changing or the disk is failing."), file->source, w->who);
              return FALSE;
            }
          break;
        }
    }

finished:
  /* The state stays until the release is created: a delivery stopped after this
   * file finds it finished, and does not send it again. */
  *out_location = g_steal_pointer (&location);
  return TRUE;
}

static gboolean
upload_file (Work          *w,
             TmPackageFile *file,
             char         **out_location,
             GError       **error)
{
  Piece whole;

  piece_init (&whole, file, 0, 0, 1);
  return upload_piece (w, &whole, out_location, error);
}

/* Does the platform join uploads (tus concatenation)? Asked only when a file
 * would go in parts, and what it said is kept a day in the user's state folder
 * (a round trip less for each delivery), and forgotten when it will not join.
 * A platform that cannot say is taken as one that does not. */
static SoupMessage *
make_options (Work     *w,
              gpointer  data,
              GError  **error)
{
  return new_message (w, "OPTIONS", "v1/uploads", error);
}

static char *
platform_state_path (Work *w)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, w->base_url, -1);
  g_autofree char *name = g_strconcat (digest, ".tus", NULL);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "platforms", name, NULL);
}

static void
set_joins_parts (Work     *w,
                 gboolean  joins,
                 gboolean  keep)
{
  g_autofree char *state = platform_state_path (w);

  g_mutex_lock (&w->target->lock);
  w->target->joins_parts = joins;
  g_mutex_unlock (&w->target->lock);
  /* The built-in sandbox's address changes with each start: nothing to keep. */
  if (w->target->sandbox)
    return;
  if (keep)
    save_location (state, joins ? "concatenation\n" : "\n");
  else
    g_unlink (state);
}

/* What is known of the platform's extensions: asked in this run, or kept
 * from the last day. FALSE when nothing is. */
static gboolean
known_joins_parts (Work     *w,
                   gboolean *joins)
{
  TmApiTarget *self = w->target;
  g_autofree char *state = platform_state_path (w);
  g_autofree char *kept = NULL;
  GStatBuf st;
  int known;

  g_mutex_lock (&self->lock);
  known = self->joins_parts;
  g_mutex_unlock (&self->lock);
  if (known >= 0)
    {
      *joins = known;
      return TRUE;
    }

  if (!self->sandbox && g_lstat (state, &st) == 0 && S_ISREG (st.st_mode)
      && st.st_mtime <= g_get_real_time () / G_USEC_PER_SEC
      && st.st_mtime > g_get_real_time () / G_USEC_PER_SEC - KEEP_EXTENSIONS_S
      && (kept = tm_read_file_bounded (state, MAX_STATE_BYTES, TM_OPEN_NOFOLLOW, NULL, NULL)))
    {
      *joins = g_str_equal (g_strstrip (kept), "concatenation");
      g_mutex_lock (&self->lock);
      self->joins_parts = *joins;
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  return FALSE;
}

/* Whether an answer to OPTIONS names the concatenation extension. */
static gboolean
names_concatenation (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_list (soup_message_get_response_headers (msg),
                                                     "Tus-Extension");
  g_auto(GStrv) extensions = g_strsplit (value != NULL ? value : "", ",", -1);

  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_str_equal (g_strstrip (extensions[i]), "concatenation"))
      return TRUE;
  return FALSE;
}

static gboolean
platform_joins_parts (Work *w)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  static const guint answered[] = { 200, 204, 400, 404, 405, 501, 0 };
  gboolean joins = FALSE;

  /* Asked already while the keyring was read, most often. */
  settle_asking (w);
  if (known_joins_parts (w, &joins))
    return joins;

  if (!(answer = request (w, make_options, NULL, MAX_ANSWER_BYTES, answered, &msg, &error)))
    {
      g_debug ("%s did not say which tus extensions it has: %s", w->who, error->message);
      return FALSE;
    }
  if (soup_message_get_status (msg) == 200 || soup_message_get_status (msg) == 204)
    joins = names_concatenation (msg);
  set_joins_parts (w, joins, TRUE);
  return joins;
}

/* The question of platform_joins_parts(), asked once in a thread of its own
 * while the keyring is read, without the token, since tus asks none for it
 * (and the token may not be read yet). An answer that is not
 * one (an error, 401, a server that says nothing) is not kept: the question is
 * then asked again, with the token, when a file would go in parts. */
static gpointer
asking_thread (gpointer data)
{
  Work *a = data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if ((msg = make_options (a, NULL, &error)) != NULL
      && (answer = send_once (a, msg, MAX_ANSWER_BYTES, &error)) != NULL)
    {
      guint status = soup_message_get_status (msg);

      g_debug ("OPTIONS %s, while the keyring was read: %u after %.1f ms", a->base_url, status,
               (g_get_monotonic_time () - start) / 1000.0);
      if (status == 200 || status == 204)
        set_joins_parts (a, names_concatenation (msg), TRUE);
    }
  else
    g_debug ("%s did not say which tus extensions it has (asked without the token): %s",
             a->who, error->message);
  work_free (a);
  return NULL;
}

static void
stop_asking_cb (GCancellable *cancellable,
                gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static void
start_asking (Work *w)
{
  g_autoptr(GError) error = NULL;
  gboolean joins;
  Work *a;

  if (!w->may_split || w->asking != NULL || known_joins_parts (w, &joins))
    return;

  a = g_new0 (Work, 1);
  a->target = g_object_ref (w->target);
  a->op = w->op;
  a->base_url = g_strdup (w->base_url);
  a->who = g_strdup (w->who);
  a->anonymous = TRUE;
  /* It only saves a round trip: a platform slow to answer is asked again,
   * with the token, by the delivery that waits for it. */
  a->deadline_usec = MAX (w->target->deadline_usec / ASKING_DEADLINE_SHARE, 1);
  if (!make_session_checked (a, &error))
    {
      work_free (a);
      return;
    }
  w->asking_cancellable = g_cancellable_new ();
  a->cancellable = w->asking_cancellable;
  if (w->cancellable != NULL)
    {
      w->asking_chained_to = g_object_ref (w->cancellable);
      w->asking_chained = g_cancellable_connect (w->cancellable, G_CALLBACK (stop_asking_cb),
                                                 g_object_ref (w->asking_cancellable),
                                                 g_object_unref);
    }
  if (!(w->asking = g_thread_try_new ("tm-ask", asking_thread, a, NULL)))
    {
      work_free (a);
      settle_asking (w);
    }
}

/* Waits for the question start_asking() asked, if any. */
static void
settle_asking (Work *w)
{
  if (w->asking != NULL)
    g_thread_join (g_steal_pointer (&w->asking));
  if (w->asking_chained_to != NULL)
    {
      g_cancellable_disconnect (w->asking_chained_to, w->asking_chained);
      w->asking_chained = 0;
      g_clear_object (&w->asking_chained_to);
    }
  g_clear_object (&w->asking_cancellable);
}

/* The final upload: the parts, joined by the platform into the file, whose
 * checksum it checks. */
typedef struct
{
  Piece *parts;              /* a file's, in order */
  guint  n_parts;
} Join;

static SoupMessage *
make_join (Work     *w,
           gpointer  data,
           GError  **error)
{
  Join *j = data;
  SoupMessage *msg = new_message (w, "POST", "v1/uploads", error);
  g_autofree char *metadata = upload_metadata (j->parts[0].file, TRUE);
  g_autoptr(GString) concat = g_string_new ("final;");
  SoupMessageHeaders *h;

  if (msg == NULL)
    return NULL;
  for (guint i = 0; i < j->n_parts; i++)
    g_string_append_printf (concat, "%s%s", i > 0 ? " " : "", j->parts[i].location);
  h = soup_message_get_request_headers (msg);
  soup_message_headers_replace (h, "Upload-Concat", concat->str);
  soup_message_headers_replace (h, "Upload-Metadata", metadata);
  return msg;
}

/* Joins a file's parts into its upload. FALSE with no error when the platform
 * would not: the file then goes again whole. */
static gboolean
join_parts (Work          *w,
            Piece         *parts,
            guint          n_parts,
            char         **out_location,
            GError       **error)
{
  TmPackageFile *file = parts[0].file;
  g_autofree char *state = upload_state_path (w, file);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  Join join = { parts, n_parts };
  static const guint answered[] = { 201, 400, 404, 405, 409, 410, 412, 460, 501, 0 };
  guint status;

  w->answer_first = TRUE;
  answer = request (w, make_join, &join, MAX_ANSWER_BYTES, answered, &msg, error);
  w->answer_first = FALSE;
  if (answer == NULL)
    return FALSE;
  status = soup_message_get_status (msg);
  if (status != 201)
    {
      /* A part gone or the joined file not the one announced (460): whole, once. */
      g_debug ("%s did not join the %u parts of %s (%u): sending it whole", w->who, n_parts,
               file->name, status);
      forget_upload (state);
      /* Asked again next time, rather than trusted. */
      set_joins_parts (w, FALSE, FALSE);
      return FALSE;
    }
  if (!(*out_location = created_location (w, msg, error)))
    return FALSE;
  /* The file's state is now its joined upload, finished: a delivery stopped
   * before the release is created does not send it again. */
  save_location (state, *out_location);
  forget_parts (state);
  return TRUE;
}

/* Several uploads at once
 *
 * A delivery's files are uploaded by up to `connections` slots at once, the
 * largest files first. Slot 0 is the delivery's own worker and session (its
 * connection then carries the release); each other slot is a thread with a
 * session of its own. When there are fewer files than slots, the largest
 * file goes in parts, one for each slot left free, if the platform joins
 * uploads and each part is at least MIN_PART_BYTES: the last of its parts to
 * finish has the platform join them. The first failure stops the others and
 * is the one reported; every upload is resumable on its own, so what the
 * others had sent is found again by the next try. */

struct _Uploads
{
  Work          *owner;       /* the delivery's Work: its package, progress and totals */
  Piece         *pieces;      /* what the slots send, in that order */
  guint          n_pieces;
  guint         *parts_left;  /* by index into @files: parts not yet sent */
  gint64        *parts_done;  /* by index into @files: bytes of its parts sent */
  char         **locations;   /* by index into @files */
  GCancellable  *stop;        /* cancelled by the first failure or by the delivery's */
  GTlsDatabase  *tls_database; /* the platform's CA file's, when it has one */
  GMutex         lock;        /* guards everything below, the pieces' locations, the
                               * arrays above and the owner's progress */
  guint          next;        /* into @pieces */
  GError        *error;       /* the first failure */
  guint          n_slots;
  struct
  {
    Work   *work;
    guint   rank;             /* its piece, into @pieces: G_MAXUINT when idle */
    guint64 in_flight;        /* its Work's, as last reported */
    guint64 piece_done;       /* of its piece, sent and confirmed before */
  } slots[MAX_SLOTS];
};

/* Called with the lock held by uploads_report(). Bytes are those finished and
 * those on their way; the file shown is the largest still going. */
static void
uploads_report_locked (Uploads  *u,
                       gboolean  force)
{
  Work *owner = u->owner;
  gint64 now = g_get_monotonic_time ();
  TmProgress p = owner->done;
  guint shown = G_MAXUINT;

  if (owner->progress == NULL || (!force && now - owner->last_report < 100000))
    return;
  owner->last_report = now;
  for (guint i = 0; i < u->n_slots; i++)
    {
      if (u->slots[i].rank == G_MAXUINT)
        continue;
      p.bytes_done += u->slots[i].in_flight;
      if (shown == G_MAXUINT || u->slots[i].rank < u->slots[shown].rank)
        shown = i;
    }
  if (shown != G_MAXUINT)
    {
      Piece *piece = &u->pieces[u->slots[shown].rank];

      /* A file in parts: its parts finished, and those on their way. */
      p.file_bytes_done = u->parts_done[piece->index];
      for (guint i = 0; i < u->n_slots; i++)
        if (u->slots[i].rank != G_MAXUINT && u->pieces[u->slots[i].rank].index == piece->index)
          p.file_bytes_done += u->slots[i].piece_done;
      p.file_bytes_total = piece->file->size;
    }
  owner->progress (&p, owner->progress_data);
}

/* A slot's Work is its own thread's; what the others see of it is copied here. */
static void
uploads_report (Work     *w,
                gboolean  force)
{
  Uploads *u = w->uploads;

  g_mutex_lock (&u->lock);
  u->slots[w->slot].in_flight = w->in_flight;
  u->slots[w->slot].piece_done = w->file_offset + w->in_flight;
  uploads_report_locked (u, force);
  g_mutex_unlock (&u->lock);
}

/* Sends one piece. A part that is the last of its file to finish has the
 * platform join the parts; parts that cannot be joined send the file whole.
 * @file_location gets the file's address once the platform has it whole,
 * else NULL. */
static gboolean
uploads_send (Uploads  *u,
              Work     *w,
              Piece    *piece,
              char    **file_location,
              GError  **error)
{
  g_autofree char *location = NULL;
  gboolean last;

  *file_location = NULL;
  if (!upload_piece (w, piece, &location, error))
    return FALSE;
  if (piece->part == 0)
    {
      *file_location = g_steal_pointer (&location);
      return TRUE;
    }

  g_mutex_lock (&u->lock);
  piece->location = g_steal_pointer (&location);
  /* Its bytes move from the slot's count to the file's, not into both. */
  u->parts_done[piece->index] += piece->length;
  u->owner->done.bytes_done += piece->length;
  u->slots[w->slot].in_flight = u->slots[w->slot].piece_done = 0;
  w->in_flight = w->file_offset = 0;
  last = --u->parts_left[piece->index] == 0;
  g_mutex_unlock (&u->lock);
  if (!last)
    return TRUE;

  {
    Piece *parts = piece - (piece->part - 1);
    g_autoptr(GError) local_error = NULL;

    if (join_parts (w, parts, piece->n_parts, file_location, &local_error))
      return TRUE;
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  /* Not joined: the file goes whole, and what its parts counted goes back. */
  g_mutex_lock (&u->lock);
  u->parts_done[piece->index] = 0;
  u->owner->done.bytes_done -= piece->file->size;
  u->slots[w->slot].in_flight = u->slots[w->slot].piece_done = 0;
  g_mutex_unlock (&u->lock);
  if (!upload_file (w, piece->file, file_location, error))
    return FALSE;
  g_mutex_lock (&u->lock);
  u->owner->done.bytes_done += piece->file->size;
  g_mutex_unlock (&u->lock);
  return TRUE;
}

/* Uploads pieces until none is left or an upload failed. */
static void
uploads_run_slot (Uploads *u,
                  Work    *w)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      Piece *piece;
      char *location = NULL;
      guint rank;

      g_mutex_lock (&u->lock);
      if (u->error != NULL || u->next >= u->n_pieces)
        {
          u->slots[w->slot].rank = G_MAXUINT;
          g_mutex_unlock (&u->lock);
          return;
        }
      rank = u->next++;
      piece = &u->pieces[rank];
      u->slots[w->slot].rank = rank;
      u->slots[w->slot].in_flight = u->slots[w->slot].piece_done = 0;
      g_mutex_unlock (&u->lock);
      w->in_flight = 0;
      w->file_offset = 0;
      w->file_size = piece->length;

      g_debug ("Upload slot %u: %s, part %u of %u (%" G_GINT64_FORMAT " bytes)", w->slot,
               piece->file->name, MAX (piece->part, 1), piece->n_parts, piece->length);
      if (!uploads_send (u, w, piece, &location, &error))
        {
          g_mutex_lock (&u->lock);
          u->slots[w->slot].rank = G_MAXUINT;
          /* The others' errors are only the stop this one caused. */
          if (u->error == NULL)
            u->error = g_steal_pointer (&error);
          g_mutex_unlock (&u->lock);
          g_cancellable_cancel (u->stop);
          return;
        }

      w->in_flight = 0;
      g_mutex_lock (&u->lock);
      u->slots[w->slot].rank = G_MAXUINT;
      if (location != NULL)
        {
          u->locations[piece->index] = location;
          u->owner->done.files_done++;
          if (piece->part == 0)
            u->owner->done.bytes_done += piece->file->size;
        }
      uploads_report_locked (u, TRUE);
      g_mutex_unlock (&u->lock);
    }
}

static gpointer
uploads_slot_thread (gpointer data)
{
  Work *w = data;

  make_session (w);
  /* The platform's own certificate authorities, as for the delivery's session
   * (the system's are otherwise loaded only when a connection needs them). */
  if (w->uploads->tls_database != NULL)
    soup_session_set_tls_database (w->session, w->uploads->tls_database);
  uploads_run_slot (w->uploads, w);
  return NULL;
}

static void
stop_uploads_cb (GCancellable *cancellable,
                 Uploads      *u)
{
  g_cancellable_cancel (u->stop);
}

static int
larger_first (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  GPtrArray *files = data;
  gint64 size_a = ((TmPackageFile *) g_ptr_array_index (files, *(const guint *) a))->size;
  gint64 size_b = ((TmPackageFile *) g_ptr_array_index (files, *(const guint *) b))->size;

  /* Equal sizes keep the package's order (g_qsort_with_data is stable). */
  return size_a < size_b ? 1 : size_a > size_b ? -1 : 0;
}

/* How many parts @file goes in: as it went in the run that began it, else one
 * for each slot the other files leave free, if it is the largest and the
 * platform joins uploads. A file split is saved as split before anything is
 * sent, so that a run stopped at any moment goes on with the same parts. */
static guint
parts_for (Work          *owner,
           TmPackageFile *file,
           gboolean       largest,
           guint          n_files)
{
  g_autofree char *state = upload_state_path (owner, file);
  g_autofree char *text = NULL;
  guint saved = saved_parts (state);
  guint free_slots = MIN (owner->target->connections, MAX_SLOTS);
  guint n;

  if (saved > 0)
    return saved;
  if (!largest || n_files >= free_slots || file->size < 2 * MIN_PART_BYTES
      || g_file_test (state, G_FILE_TEST_EXISTS))
    return 1;
  n = (guint) MIN ((gint64) (free_slots - (n_files - 1)), file->size / MIN_PART_BYTES);
  if (n < 2 || !platform_joins_parts (owner))
    return 1;
  text = g_strdup_printf (PARTS_STATE "%u\n", n);
  save_location (state, text);
  return n;
}

/* Whether a file of @files may go in parts (parts_for() decides). */
static gboolean
may_split (TmApiTarget *target,
           GPtrArray   *files)
{
  if (files->len == 0 || files->len >= MIN (target->connections, MAX_SLOTS))
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    if (((TmPackageFile *) g_ptr_array_index (files, i))->size >= 2 * MIN_PART_BYTES)
      return TRUE;
  return FALSE;
}

/* Uploads @files; @locations gets their addresses in the same order. */
static gboolean
upload_all (Work       *owner,
            GPtrArray  *files,
            GPtrArray  *locations,
            GError    **error)
{
  Uploads u = { 0 };
  GThread *threads[MAX_SLOTS] = { NULL };
  GCancellable *own_cancellable = owner->cancellable;
  g_autofree guint *order = NULL;
  gulong chained = 0;
  gboolean ok;

  if (files->len == 0)
    return TRUE;

  u.owner = owner;
  u.pieces = g_new0 (Piece, files->len * MAX_PARTS);
  u.parts_left = g_new0 (guint, files->len);
  u.parts_done = g_new0 (gint64, files->len);
  u.locations = g_new0 (char *, files->len);
  u.stop = g_cancellable_new ();
  /* Taken here: a session is used by the thread that made it, and no other. */
  if (owner->target->ca_file != NULL)
    u.tls_database = g_object_ref (soup_session_get_tls_database (owner->session));
  g_mutex_init (&u.lock);
  order = g_new (guint, files->len);
  for (guint i = 0; i < files->len; i++)
    order[i] = i;
  g_qsort_with_data (order, files->len, sizeof (guint), larger_first, files);
  for (guint rank = 0; rank < files->len; rank++)
    {
      TmPackageFile *file = g_ptr_array_index (files, order[rank]);
      guint n_parts = parts_for (owner, file, rank == 0, files->len);

      if (n_parts == 1)
        piece_init (&u.pieces[u.n_pieces++], file, order[rank], 0, 1);
      else
        for (guint part = 1; part <= n_parts; part++)
          piece_init (&u.pieces[u.n_pieces++], file, order[rank], part, n_parts);
      u.parts_left[order[rank]] = n_parts;
    }
  u.n_slots = CLAMP (MIN (owner->target->connections, u.n_pieces), 1, MAX_SLOTS);
  for (guint i = 0; i < u.n_slots; i++)
    u.slots[i].rank = G_MAXUINT;
  if (own_cancellable != NULL)
    chained = g_cancellable_connect (own_cancellable, G_CALLBACK (stop_uploads_cb), &u, NULL);

  /* Slot 0 is this worker, with its session. */
  owner->uploads = &u;
  owner->slot = 0;
  owner->cancellable = u.stop;
  u.slots[0].work = owner;
  for (guint i = 1; i < u.n_slots; i++)
    {
      Work *w = g_new0 (Work, 1);

      w->target = g_object_ref (owner->target);
      w->op = owner->op;
      w->package = owner->package != NULL ? tm_package_ref (owner->package) : NULL;
      w->package_id = g_strdup (owner->package_id);
      w->base_url = g_strdup (owner->base_url);
      w->who = g_strdup (owner->who);
      w->cancellable = u.stop;
      w->uploads = &u;
      w->slot = i;
      u.slots[i].work = w;
      threads[i] = g_thread_try_new ("tm-upload", uploads_slot_thread, w, NULL);
      if (threads[i] == NULL)
        {
          /* Fewer slots, not a failure. */
          u.slots[i].work = NULL;
          work_free (w);
          break;
        }
    }
  uploads_run_slot (&u, owner);
  for (guint i = 1; i < u.n_slots; i++)
    if (threads[i] != NULL)
      {
        g_thread_join (threads[i]);
        work_free (u.slots[i].work);
      }

  if (own_cancellable != NULL)
    g_cancellable_disconnect (own_cancellable, chained);
  owner->cancellable = own_cancellable;
  owner->uploads = NULL;
  owner->in_flight = 0;

  ok = u.error == NULL;
  if (ok)
    for (guint i = 0; i < files->len; i++)
      g_ptr_array_add (locations, g_steal_pointer (&u.locations[i]));
  else
    g_propagate_error (error, g_steal_pointer (&u.error));

  for (guint i = 0; i < files->len; i++)
    g_free (u.locations[i]);
  for (guint i = 0; i < u.n_pieces; i++)
    g_free (u.pieces[i].location);
  g_free (u.locations);
  g_free (u.pieces);
  g_free (u.parts_left);
  g_free (u.parts_done);
  g_object_unref (u.stop);
  g_clear_object (&u.tls_database);
  g_mutex_clear (&u.lock);
  return ok;
}

/* The release: metadata, with each file's upload address and checksum. */
static JsonNode *
release_body (Work      *w,
              GPtrArray *locations)
{
  JsonNode *node = tm_package_json_metadata (w->package);
  JsonObject *o = json_node_get_object (node);
  GPtrArray *files = tm_package_get_files (w->package);
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < files->len; i++)
    {
      TmPackageFile *file = g_ptr_array_index (files, i);
      JsonObject *f = json_object_new ();

      json_object_set_string_member (f, "name", file->name);
      json_object_set_string_member (f, "role", file->role);
      json_object_set_int_member (f, "bytes", file->size);
      json_object_set_string_member (f, "sha256", file->sha256);
      if (locations != NULL && i < locations->len)
        json_object_set_string_member (f, "upload_url", g_ptr_array_index (locations, i));
      json_array_add_object_element (list, f);
    }
  json_object_set_array_member (o, "files", list);
  if (tm_package_get_reason (w->package) != NULL)
    json_object_set_string_member (o, "reason", tm_package_get_reason (w->package));
  return node;
}

static TmDeliveryResult *
deliver (Work    *w,
         GError **error)
{
  GPtrArray *files = tm_package_get_files (w->package);
  g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  static const guint created[] = { 200, 201, 0 }, accepted[] = { 200, 202, 0 };
  const char *reference = tm_package_get_reference (w->package);

  w->done.files_total = files->len;
  w->done.bytes_total = tm_package_get_total_bytes (w->package);
  if (!upload_all (w, files, locations, error))
    return NULL;

  body = release_body (w, locations);
  if (reference != NULL)
    {
      /* Delivered before (and rejected, or taken down): the same release, again. */
      g_autofree char *path = g_strdup_printf ("v1/releases/%s", reference);

      answer = request_object (w, "PATCH", path, body, NULL, accepted, error);
    }
  else
    answer = request_object (w, "POST", "v1/releases", body, tm_package_get_id (w->package),
                             created, error);

  if (answer == NULL)
    return NULL;

  /* Delivered: the uploads' addresses are not needed any more. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *state = upload_state_path (w, g_ptr_array_index (files, i));

      forget_upload (state);
    }
  return result_from_release (answer, w, error);
}

/* Does one operation, in a worker thread (tm-delivery-target.c). */
static TmDeliveryResult *
work (Work    *w,
      GError **error)
{
  g_autoptr(JsonObject) answer = NULL;
  TmDeliveryResult *result = NULL;
  static const guint ok[] = { 200, 0 }, accepted[] = { 200, 202, 0 };

  if (!open_session (w, error))
    return NULL;

  switch (w->op)
    {
    case TM_DELIVERY_TEST_CONNECTION:
      if ((answer = request_object (w, "GET", "v1/platform", NULL, NULL, ok, error)) != NULL)
        {
          g_mutex_lock (&w->target->lock);
          g_clear_pointer (&w->target->requirements, json_object_unref);
          if (json_object_has_member (answer, "requirements")
              && JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "requirements")))
            w->target->requirements =
              json_object_ref (json_object_get_object_member (answer, "requirements"));
          g_mutex_unlock (&w->target->lock);
        }
      return NULL;

    case TM_DELIVERY_DELIVER:
      return deliver (w, error);

    case TM_DELIVERY_POLL_STATUS:
    case TM_DELIVERY_UPDATE_METADATA:
    case TM_DELIVERY_TAKEDOWN:
      {
        const char *reference = w->op == TM_DELIVERY_POLL_STATUS ? w->reference
                                                 : tm_package_get_reference (w->package);
        g_autofree char *path = NULL;
        g_autoptr(JsonNode) body = NULL;

        if (reference == NULL)
          {
            g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                         _("%s has no reference for this release yet: deliver it first."),
                         w->target->platform_name);
            return NULL;
          }
        path = g_strdup_printf ("v1/releases/%s", reference);
        if (w->op == TM_DELIVERY_POLL_STATUS)
          answer = request_object (w, "GET", path, NULL, NULL, ok, error);
        else if (w->op == TM_DELIVERY_UPDATE_METADATA)
          {
            body = release_body (w, NULL);
            answer = request_object (w, "PATCH", path, body, NULL, accepted, error);
          }
        else
          {
            JsonObject *reason = json_object_new ();

            json_object_set_string_member (reason, "reason",
                                           tm_package_get_reason (w->package) != NULL
                                           ? tm_package_get_reason (w->package)
                                           : "Taken down by the rights holder");
            body = json_node_init_object (json_node_alloc (), reason);
            json_object_unref (reason);
            answer = request_object (w, "DELETE", path, body, NULL, accepted, error);
          }
        if (answer != NULL)
          result = result_from_release (answer, w, error);
      }
      return result;

    default:
      g_assert_not_reached ();
    }
}

static TmDeliveryResult *
run (TmDeliveryTarget         *target,
     const TmDeliveryRequest  *request,
     GCancellable             *cancellable,
     GError                  **error)
{
  Work *w = g_new0 (Work, 1);
  TmDeliveryResult *result;

  w->target = g_object_ref (TM_API_TARGET (target));
  w->op = request->operation;
  w->package = request->package != NULL ? tm_package_ref (request->package) : NULL;
  w->package_id = request->package != NULL ? g_strdup (tm_package_get_id (request->package))
                                           : NULL;
  w->reference = g_strdup (request->reference);
  w->progress = request->progress;
  w->progress_data = request->progress_data;
  w->cancellable = cancellable;
  w->may_split = w->op == TM_DELIVERY_DELIVER && w->package != NULL
                 && may_split (w->target, tm_package_get_files (w->package));
  result = work (w, error);
  work_free (w);
  return result;
}

static JsonObject *
get_requirements (TmDeliveryTarget *target)
{
  TmApiTarget *self = TM_API_TARGET (target);
  JsonObject *requirements;

  g_mutex_lock (&self->lock);
  requirements = self->requirements;
  g_mutex_unlock (&self->lock);
  return requirements;
}

static void
delivery_target_iface_init (TmDeliveryTargetInterface *iface)
{
  iface->run = run;
  iface->get_requirements = get_requirements;
}

/**
 * tm_api_target_poll_changed:
 * @since: (nullable): only releases whose state changed after this
 *
 * One request for the state of every release the platform holds for us
 * (`GET /v1/releases?changed_since=`). Blocks: call it from a worker thread.
 *
 * Returns: (transfer container) (element-type TmDeliveryResult): the states
 */
GPtrArray *
tm_api_target_poll_changed (TmApiTarget   *self,
                            GDateTime     *since,
                            GCancellable  *cancellable,
                            GError       **error)
{
  Work *w = g_new0 (Work, 1);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *path = NULL;
  GPtrArray *results = NULL;
  static const guint ok[] = { 200, 0 };

  g_return_val_if_fail (TM_IS_API_TARGET (self), NULL);

  w->target = g_object_ref (self);
  w->cancellable = cancellable;
  if (since != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (since);
      g_autofree char *text = g_date_time_format_iso8601 (utc);
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

      path = g_strdup_printf ("v1/releases?changed_since=%s", escaped);
    }
  else
    path = g_strdup ("v1/releases");

  if (open_session (w, error)
      && (answer = request_object (w, "GET", path, NULL, NULL, ok, error)) != NULL)
    results = tm_api_results_from_list (answer, w->who);

  work_free (w);
  return results;
}

/**
 * tm_api_target_upload_sync:
 * @package_id: names the upload between runs, with the file's name and checksum
 * @location: (out): where the finished upload is on the platform
 *
 * Uploads one file with tus, resuming where the server stands, as a delivery
 * does for each file of its package. Blocks.
 */
gboolean
tm_api_target_upload_sync (TmApiTarget     *self,
                           const char      *package_id,
                           TmPackageFile   *file,
                           TmProgressFunc   progress,
                           gpointer         progress_data,
                           char           **location,
                           GCancellable    *cancellable,
                           GError         **error)
{
  Work *w = g_new0 (Work, 1);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  gboolean ok;

  g_return_val_if_fail (TM_IS_API_TARGET (self), FALSE);

  w->target = g_object_ref (self);
  w->cancellable = cancellable;
  w->package_id = g_strdup (package_id);
  w->progress = progress;
  w->progress_data = progress_data;
  w->done.files_total = 1;
  w->done.bytes_total = file->size;
  g_ptr_array_add (files, file);
  w->may_split = may_split (self, files);
  if ((ok = open_session (w, error)))
    {
      g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func (g_free);

      /* As a delivery of one file does it: in parts, if it pays. */
      if ((ok = upload_all (w, files, locations, error)))
        {
          if (location != NULL)
            *location = g_strdup (g_ptr_array_index (locations, 0));
          report (w, TRUE);
        }
    }
  work_free (w);
  return ok;
}

/* The object */

static void
tm_api_target_finalize (GObject *object)
{
  TmApiTarget *self = TM_API_TARGET (object);

  g_free (self->platform_name);
  g_free (self->base_url);
  g_free (self->ca_file);
  g_clear_pointer (&self->tokens, tm_tokens_free);
  g_clear_pointer (&self->requirements, json_object_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->refresh_lock);

  G_OBJECT_CLASS (tm_api_target_parent_class)->finalize (object);
}

static void
tm_api_target_class_init (TmApiTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tm_api_target_finalize;
}

static void
tm_api_target_init (TmApiTarget *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->refresh_lock);
  self->connections = TM_API_TARGET_DEFAULT_CONNECTIONS;
  self->joins_parts = -1;
  self->store_tokens = TRUE;
  self->deadline_usec = REQUEST_DEADLINE_S * G_USEC_PER_SEC;
}

/**
 * tm_api_target_new:
 * @base_url: such as https://api.example.com/ (the /v1/ paths are below it)
 * @ca_file: (nullable): a PEM file of the CAs to trust instead of the system's
 * @tokens: (nullable): copied
 */
TmApiTarget *
tm_api_target_new (const char *platform_name,
                   const char *base_url,
                   const char *ca_file,
                   TmTokens   *tokens)
{
  TmApiTarget *self = g_object_new (TM_TYPE_API_TARGET, NULL);

  self->platform_name = g_strdup (platform_name);
  /* Paths are resolved against it: it ends with a slash. */
  self->base_url = g_str_has_suffix (base_url, "/") ? g_strdup (base_url)
                                                    : g_strconcat (base_url, "/", NULL);
  self->ca_file = g_strdup (ca_file);
  if (tokens != NULL)
    self->tokens = tm_tokens_new (tokens->access_token, tokens->refresh_token);
  return self;
}

/**
 * tm_api_target_new_sandbox:
 *
 * The built-in test platform: a tunemantra-sandbox started on loopback when
 * first needed, with its own tokens.
 */
TmApiTarget *
tm_api_target_new_sandbox (const char *platform_name)
{
  TmApiTarget *self = g_object_new (TM_TYPE_API_TARGET, NULL);

  self->platform_name = g_strdup (platform_name);
  self->sandbox = TRUE;
  return self;
}

/**
 * tm_api_target_new_from_keyring:
 *
 * Like tm_api_target_new(), with the tokens read from the keyring by the worker
 * of the first operation.
 */
TmApiTarget *
tm_api_target_new_from_keyring (const char *platform_name,
                                const char *base_url,
                                const char *ca_file)
{
  TmApiTarget *self = tm_api_target_new (platform_name, base_url, ca_file, NULL);

  self->tokens_from_keyring = TRUE;
  return self;
}

/**
 * tm_api_target_set_connections:
 * @connections: how many files one delivery uploads at once, 1 to 8
 */
void
tm_api_target_set_connections (TmApiTarget *self,
                               guint        connections)
{
  g_return_if_fail (TM_IS_API_TARGET (self));

  self->connections = CLAMP (connections, 1, MAX_SLOTS);
}

/* For tests: how long a request without a body may take in all. */
void
tm_api_target_set_deadline (TmApiTarget *self,
                            gint64       usec)
{
  g_return_if_fail (TM_IS_API_TARGET (self));

  self->deadline_usec = usec;
}

/* Whether a renewed token is written back to the keyring (not in tests). */
void
tm_api_target_set_store_tokens (TmApiTarget *self,
                                gboolean     store)
{
  g_return_if_fail (TM_IS_API_TARGET (self));

  self->store_tokens = store;
}

/**
 * tm_api_target_dup_tokens:
 *
 * Returns: (transfer full) (nullable): the tokens in use, renewed ones included
 */
TmTokens *
tm_api_target_dup_tokens (TmApiTarget *self)
{
  TmTokens *tokens = NULL;

  g_return_val_if_fail (TM_IS_API_TARGET (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->tokens != NULL)
    tokens = tm_tokens_new (self->tokens->access_token, self->tokens->refresh_token);
  g_mutex_unlock (&self->lock);
  return tokens;
}
