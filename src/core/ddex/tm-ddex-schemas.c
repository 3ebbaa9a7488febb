/* tm-ddex-schemas.c: the official DDEX ERN 4.3 schemas, found or fetched once
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every DDEX message is validated against DDEX's own ERN 4.3 schema before it
 * leaves. The schemas are DDEX's, under DDEX's licences, so TuneMantra does not
 * carry them: it looks for a local copy (a folder the user or a packager gave,
 * one configured when the build folder was set up, or the one it downloaded
 * before), and otherwise downloads them once from DDEX's official addresses over
 * HTTPS, checks them (both parse as XSD, with ERN 4.3's and the allowed value
 * sets' target namespaces, and compile together) and keeps them in the user's
 * data folder, to work offline from then on. A download that fails, stalls or
 * brings something else keeps nothing.
 *
 * The ERN schema imports the allowed value sets by their absolute address on
 * ddex.net; the import is resolved to the file beside it by an entity loader of
 * our own, so compiling the schema never touches the network. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "tm-ddex-schemas-private.h"
#include "tm-deadline.h"
#include "tm-safe-file.h"
#include "tm-uninstalled.h"

#define OFFICIAL_ORIGIN "https://ddex.net"
/* The address the ERN schema imports the allowed value sets from. */
#define AVS_IMPORT_URL "http://ddex.net/xml/allowed-value-sets/allowed-value-sets.xsd"
#define ERN_NAMESPACE "http://ddex.net/xml/ern/43"
#define AVS_NAMESPACE "http://ddex.net/xml/allowed-value-sets"
#define ERN_FILE "release-notification.xsd"
#define AVS_FILE "allowed-value-sets.xsd"
/* The schemas are 0.6 and 3.2 MB; anything far larger is not them. */
#define MAX_SCHEMA_BYTES (32 << 20)
#define IO_TIMEOUT_S 30
#define DOWNLOAD_DEADLINE_S 300

static gint64 deadline_usec = DOWNLOAD_DEADLINE_S * G_USEC_PER_SEC;

/* For tests: how long a download may take in all. */
void
tm_ddex_schemas_set_deadline (gint64 usec)
{
  deadline_usec = usec;
}

static gboolean
has_schemas (const char *folder)
{
  g_autofree char *ern = g_build_filename (folder, "ern43", ERN_FILE, NULL);
  g_autofree char *avs = g_build_filename (folder, "ern43", AVS_FILE, NULL);

  return g_file_test (ern, G_FILE_TEST_IS_REGULAR) && g_file_test (avs, G_FILE_TEST_IS_REGULAR);
}

/**
 * tm_ddex_schemas_cache_dir:
 *
 * Returns: (transfer full): where downloaded schemas are kept (it holds ern43/)
 */
char *
tm_ddex_schemas_cache_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "tunemantra", "ddex", NULL);
}

/**
 * tm_ddex_schemas_find:
 *
 * A local copy of the schemas, without the network: $TUNEMANTRA_DDEX_SCHEMAS,
 * the folder configured for the build folder, the one installed with the
 * program, or the one downloaded before.
 *
 * Returns: (transfer full) (nullable): a folder that holds ern43/
 */
char *
tm_ddex_schemas_find (void)
{
  const char *env = g_getenv ("TUNEMANTRA_DDEX_SCHEMAS");
  g_autofree char *uninstalled = tm_uninstalled_get ("ddex_schemas");
  g_autofree char *cache = tm_ddex_schemas_cache_dir ();
  const char *candidates[] = { env, uninstalled, DDEX_SCHEMAS_DIR, cache };

  /* A folder named by the user is theirs to get right: used as it is. Set but
   * empty, only the downloaded copy counts (tests of the download use it). */
  if (env != NULL && *env != '\0')
    return has_schemas (env) ? g_strdup (env) : NULL;
  if (env != NULL)
    return has_schemas (cache) ? g_strdup (cache) : NULL;

  for (guint i = 1; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && has_schemas (candidates[i]))
      return g_strdup (candidates[i]);
  return NULL;
}

/* Compiling: the import resolved to the file beside the schema, and nothing
 * else loaded, least of all from the network. */

static GMutex compile_lock;
static const char *import_target;        /* under compile_lock */
static xmlExternalEntityLoader default_loader;

static xmlParserInput *
load_entity (const char     *url,
             const char     *id,
             xmlParserCtxt  *context)
{
  if (url != NULL && import_target != NULL && g_str_equal (url, AVS_IMPORT_URL))
    return default_loader (import_target, id, context);
  /* The schema's own file; anything else a schema would pull in is refused. */
  if (url != NULL && (g_str_has_prefix (url, "/") || g_str_has_prefix (url, "file:"))
      && strstr (url, "..") == NULL)
    return default_loader (url, id, context);
  return NULL;
}

static void
ignore_errors (void     *data,
               xmlError *error)
{
}

/* Whether @path is an XSD whose target namespace is @namespace: its root
 * element, read as a stream, which stops there. The rest of the file is parsed
 * once, when the schema is compiled (a whole parse here as well cost each
 * delivery over SFTP 0.1 s of CPU beside its upload). A document type, and with
 * it any entity declared, is refused before the root. */
static gboolean
is_schema_of (const char  *path,
              const char  *namespace,
              GError     **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *data = NULL;
  gsize length;
  xmlTextReader *reader;
  xmlChar *target = NULL;
  gboolean schema = FALSE;
  gboolean doctype = FALSE;
  gboolean ok;

  if (!(data = tm_read_file_bounded (path, MAX_SCHEMA_BYTES, TM_OPEN_FOLLOW, &length, error)))
    return FALSE;
  xmlSetStructuredErrorFunc (NULL, ignore_errors);
  reader = xmlReaderForMemory (data, (int) length, name, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  while (reader != NULL && xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if ((doctype = type == XML_READER_TYPE_DOCUMENT_TYPE))
        break;
      if (type == XML_READER_TYPE_ELEMENT)
        {
          schema = g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), "schema") == 0
                   && g_strcmp0 ((const char *) xmlTextReaderConstNamespaceUri (reader),
                                 "http://www.w3.org/2001/XMLSchema") == 0;
          if (schema)
            target = xmlTextReaderGetAttribute (reader, BAD_CAST "targetNamespace");
          break;
        }
    }
  if (reader != NULL)
    xmlFreeTextReader (reader);
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doctype)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s declares a document type (DTD), which DDEX’s schemas do not: it is "
                     "not one of them."), name);
      return FALSE;
    }
  if (!schema)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not an XML schema (XSD)."), name);
      return FALSE;
    }
  ok = target != NULL && g_str_equal ((const char *) target, namespace);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s is a schema of %s, not of %s."), name,
                 target != NULL ? (const char *) target : _("no namespace"), namespace);
  xmlFree (target);
  return ok;
}

/* @downloaded: whether @folder holds what was just downloaded, which the
 * error then does not name (it is removed). */
static xmlSchema *
compile_schema (const char  *folder,
                gboolean     downloaded,
                GError     **error)
{
  g_autofree char *ern = g_build_filename (folder, "ern43", ERN_FILE, NULL);
  g_autofree char *avs = g_build_filename (folder, "ern43", AVS_FILE, NULL);
  xmlSchemaParserCtxt *parser;
  xmlSchema *schema;

  if (!is_schema_of (ern, ERN_NAMESPACE, error) || !is_schema_of (avs, AVS_NAMESPACE, error))
    return NULL;

  g_mutex_lock (&compile_lock);
  if (default_loader == NULL)
    default_loader = xmlGetExternalEntityLoader ();
  import_target = avs;
  xmlSetExternalEntityLoader (load_entity);
  xmlSetStructuredErrorFunc (NULL, ignore_errors);
  parser = xmlSchemaNewParserCtxt (ern);
  schema = parser != NULL ? xmlSchemaParse (parser) : NULL;
  if (parser != NULL)
    xmlSchemaFreeParserCtxt (parser);
  xmlSetStructuredErrorFunc (NULL, NULL);
  xmlSetExternalEntityLoader (default_loader);
  import_target = NULL;
  g_mutex_unlock (&compile_lock);

  if (schema == NULL && downloaded)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The files downloaded as the DDEX ERN 4.3 schema and its allowed value "
                   "sets do not compile together (cut short, or not DDEX’s)."));
  else if (schema == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The DDEX ERN 4.3 schema in %s does not compile with its allowed value "
                   "sets."), folder);
  return schema;
}

/**
 * tm_ddex_schemas_compile:
 * @folder: a folder that holds ern43/
 *
 * Returns: (transfer full): the ERN 4.3 schema, ready to validate with, or
 *   %NULL with an error
 */
xmlSchema *
tm_ddex_schemas_compile (const char  *folder,
                         GError     **error)
{
  return compile_schema (folder, FALSE, error);
}

/**
 * tm_ddex_schemas_check:
 *
 * Whether @folder holds the ERN 4.3 schema and the allowed value sets it
 * imports, and they compile together.
 */
gboolean
tm_ddex_schemas_check (const char  *folder,
                       GError     **error)
{
  xmlSchema *schema = tm_ddex_schemas_compile (folder, error);

  if (schema == NULL)
    return FALSE;
  xmlSchemaFree (schema);
  return TRUE;
}

/* Downloading */

typedef struct
{
  SoupSession     *session;
  GCancellable    *cancellable;
  TmDdexFetchFunc  progress;
  gpointer         progress_data;
  guint64          done;         /* of both files */
  guint64          total;        /* an estimate until the second file's length is known */
} Fetch;

static char *
origin (void)
{
  const char *env = g_getenv ("TUNEMANTRA_DDEX_URL");
  g_autoptr(GUri) uri = env != NULL && *env != '\0' ? g_uri_parse (env, G_URI_FLAGS_NONE, NULL)
                                                    : NULL;

  /* Only the scheme and host (and port) of the override are taken. */
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), "", NULL, NULL);
  return g_strdup (OFFICIAL_ORIGIN);
}

static gboolean
download (Fetch       *f,
          const char  *url,
          const char  *dest,
          GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(TmDeadline) deadline = tm_deadline_new (f->cancellable, deadline_usec);
  GCancellable *cancellable = tm_deadline_get_cancellable (deadline);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (dest);
  g_autoptr(GFileOutputStream) out = NULL;
  guint64 got = 0;
  guint8 buffer[65536];
  gssize n;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s is not an address."),
                   url);
      return FALSE;
    }
  /* Followed nowhere: the schema comes from where it was asked for. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  in = soup_session_send (f->session, msg, cancellable, &local_error);
  if (in != NULL && soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s answered %u %s."), url,
                   soup_message_get_status (msg),
                   soup_message_get_reason_phrase (msg) != NULL
                   ? soup_message_get_reason_phrase (msg) : "");
      return FALSE;
    }
  if (in != NULL)
    {
      goffset length = soup_message_headers_get_content_length (
                          soup_message_get_response_headers (msg));

      if (length > MAX_SCHEMA_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("%s is larger than a schema; it was not downloaded."), url);
          return FALSE;
        }
      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
    }
  while (out != NULL
         && (n = g_input_stream_read (in, buffer, sizeof buffer, cancellable, &local_error)) > 0)
    {
      got += n;
      if (got > MAX_SCHEMA_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("%s is larger than a schema; it was not kept."), url);
          return FALSE;
        }
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n, NULL, cancellable,
                                      &local_error))
        break;
      f->done += n;
      if (f->progress != NULL)
        f->progress (f->done, MAX (f->total, f->done), f->progress_data);
    }
  if (out != NULL && local_error == NULL)
    g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &local_error);
  if (local_error != NULL)
    {
      if (tm_deadline_expired (deadline))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     _("%s did not finish within %" G_GINT64_FORMAT " s, and was stopped."), url,
                     deadline_usec / G_USEC_PER_SEC);
      else
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", url,
                     local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * tm_ddex_schemas_ensure:
 * @progress: (nullable): told how far the download is
 *
 * Makes sure a local copy of the schemas exists, downloading it once when there
 * is none (see the top of this file). Blocks: call it from a worker thread.
 */
gboolean
tm_ddex_schemas_ensure (TmDdexFetchFunc   progress,
                        gpointer          progress_data,
                        GCancellable     *cancellable,
                        GError          **error)
{
  static GMutex lock;
  g_autofree char *found = NULL;
  g_autofree char *cache = tm_ddex_schemas_cache_dir ();
  g_autofree char *parent = g_path_get_dirname (cache);
  g_autofree char *base = origin ();
  g_autofree char *ern_url = g_strconcat (base, TM_DDEX_ERN_PATH, NULL);
  g_autofree char *avs_url = g_strconcat (base, TM_DDEX_AVS_PATH, NULL);
  g_autofree char *partial = NULL;
  g_autofree char *partial_ern43 = NULL;
  g_autofree char *ern = NULL;
  g_autofree char *avs = NULL;
  xmlSchema *schema = NULL;
  g_autoptr(GError) local_error = NULL;
  Fetch f = { NULL, cancellable, progress, progress_data, 0, 4 << 20 };
  gboolean ok = FALSE;

  if ((found = tm_ddex_schemas_find ()) != NULL)
    return TRUE;
  if (g_getenv ("TUNEMANTRA_DDEX_SCHEMAS") != NULL && *g_getenv ("TUNEMANTRA_DDEX_SCHEMAS") != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("TUNEMANTRA_DDEX_SCHEMAS names %s, which holds no ern43/%s and ern43/%s."),
                   g_getenv ("TUNEMANTRA_DDEX_SCHEMAS"), ERN_FILE, AVS_FILE);
      return FALSE;
    }

  /* One download at a time in this process; the next one finds it done. */
  g_mutex_lock (&lock);
  if ((found = tm_ddex_schemas_find ()) != NULL)
    {
      g_mutex_unlock (&lock);
      return TRUE;
    }

  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("%s cannot be made: %s"), parent, g_strerror (errno));
      goto out;
    }
  partial = g_build_filename (parent, "ddex.partial-XXXXXX", NULL);
  if (g_mkdtemp (partial) == NULL)
    {
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("%s cannot be made: %s"), parent, g_strerror (errno));
      goto out;
    }
  partial_ern43 = g_build_filename (partial, "ern43", NULL);
  g_mkdir (partial_ern43, 0700);
  ern = g_build_filename (partial_ern43, ERN_FILE, NULL);
  avs = g_build_filename (partial_ern43, AVS_FILE, NULL);

  f.session = soup_session_new_with_options ("timeout", IO_TIMEOUT_S,
                                             "user-agent", "TuneMantra/" PACKAGE_VERSION, NULL);
  if (download (&f, ern_url, ern, &local_error) && download (&f, avs_url, avs, &local_error)
      && (schema = compile_schema (partial, TRUE, &local_error)) != NULL)
    {
      xmlSchemaFree (schema);
      /* Checked: kept, in place of whatever was there. */
      if (g_file_test (cache, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *old = g_strconcat (cache, ".old", NULL);
          g_autofree char *old_ern = g_build_filename (old, "ern43", ERN_FILE, NULL);
          g_autofree char *old_avs = g_build_filename (old, "ern43", AVS_FILE, NULL);
          g_autofree char *old_ern43 = g_build_filename (old, "ern43", NULL);

          g_rename (cache, old);
          g_unlink (old_ern);
          g_unlink (old_avs);
          g_rmdir (old_ern43);
          g_rmdir (old);
        }
      if (g_rename (partial, cache) == 0)
        ok = TRUE;
      else
        g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (errno),
                     _("%s cannot be written: %s"), cache, g_strerror (errno));
    }
  g_clear_object (&f.session);

out:
  if (!ok && partial != NULL)
    {
      /* Nothing of a failed download is kept. */
      if (ern != NULL)
        g_unlink (ern);
      if (avs != NULL)
        g_unlink (avs);
      if (partial_ern43 != NULL)
        g_rmdir (partial_ern43);
      g_rmdir (partial);
    }
  g_mutex_unlock (&lock);

  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && g_cancellable_is_cancelled (cancellable))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("The DDEX ERN 4.3 schema, needed to check DDEX messages, is not on this "
                       "computer, and it could not be downloaded from %s: %s"), base,
                     local_error->message);
    }
  return ok;
}
