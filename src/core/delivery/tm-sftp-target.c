/* tm-sftp-target.c: delivery over SFTP with DDEX ERN 4.3, in the batch profile
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The choreography of the DDEX batch profile over SFTP (ERN Choreography,
 * ern-c-sftp/18; ECHO 1.7 §8.3):
 *
 *   <root>/N_<BatchId>/<ICPN>/<ICPN>.xml          the NewReleaseMessage
 *   <root>/N_<BatchId>/<ICPN>/resources/…         audio and cover, as .part, then renamed
 *   <root>/N_<BatchId>/BatchComplete_<BatchId>.xml the manifest, written last
 *   <root>/<acks>/ACK_<MessageId>_<time>.xml      what the platform answers
 *
 * The BatchId (a UTC timestamp to the millisecond) and the MessageId are kept
 * in the user's state folder per package until the batch is complete, so a
 * delivery stopped at any moment goes on in the same batch folder, resuming each
 * file from the size the server has. The message is made and validated while
 * the connection opens and the resources go up (the smallest first), and goes
 * up itself between two of them as soon as it is ready; one that fails stops the
 * uploads at once, and nothing announces a batch whose message is not on the
 * server whole and valid. The reference kept for the release is the
 * MessageId, which the acknowledgement names. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-ddex-ack.h"
#include "tm-ddex-schemas.h"
#include "tm-deadline.h"
#include "tm-safe-file.h"
#include "tm-delivery-error.h"
#include "tm-ern.h"
#include "tm-secrets.h"
#include "tm-sftp-target.h"

struct _TmSftpTarget
{
  GObject       parent_instance;

  char         *platform_name;
  char         *host;
  int           port;
  char         *user;
  char         *key_file;
  char         *secret;        /* the key's passphrase or the password; may be NULL */
  gboolean      use_agent;
  char         *root;
  char         *acks;
  char         *ddex[4];       /* sender DPID and name, recipient DPID and name */
  char         *known_hosts;
  char         *platform_known_hosts;
  guint         connections;   /* sessions one delivery may open at once */
};

static void delivery_target_iface_init (TmDeliveryTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TmSftpTarget, tm_sftp_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TM_TYPE_DELIVERY_TARGET,
                                                      delivery_target_iface_init))

/* One operation's state, in its worker thread. */
typedef struct
{
  TmSftpTarget        *target;
  TmDeliveryOperation  op;
  TmPackage           *package;
  const char          *reference;
  TmProgressFunc       progress;
  gpointer             progress_data;
  TmProgress           done;
  GCancellable        *cancellable;  /* the operation's, with its deadline */
  gint64               start;        /* monotonic time it started */
  TmSftpConfig         config;       /* with the secret, for every session */
  GCancellable        *extra_cancellable; /* the other sessions': the operation's, or done */
  gulong               extra_cancel_id;

  /* Made in a thread of its own while the connection opens: the batch's
   * names first, which the uploads wait for (set under prepare_lock, then
   * named), then the message, read once the thread is joined */
  GThread             *preparing;
  GMutex               prepare_lock;
  GCond                prepare_cond;
  gboolean             named;
  char                *batch_id;
  char                *message_id;
  gboolean             sent;         /* the batch was complete already */
  gboolean             fresh;        /* the batch is new: the server has none of it */
  GError              *prepare_error; /* no names: the schema could not be had */
  char                *xml;
  gsize                xml_length;
  GError              *message_error;
  gboolean             message_done;  /* under prepare_lock: xml or message_error set */

  /* More sessions to the same server, opening in threads of their own and
   * joining the pool (which has the first) as they open */
  GPtrArray           *connecting;   /* Connecting * */
  TmSftpPool          *pool;
  GMutex               pool_lock;    /* the pool is made when the first session is open */
  GPtrArray           *early;        /* TmSftp *: open before the pool was */
  GCond                login_cond;   /* under pool_lock: */
  int                  first_login;  /* 0 while the first session logs in, 1 in, -1 not */
} Work;

/* Uploads of this many bytes or more use more than one session. */
#define PARALLEL_MIN_BYTES (24 << 20)

typedef struct
{
  Work    *w;
  GThread *thread;
} Connecting;

static TmSftpConfig
config_of (TmSftpTarget *self)
{
  TmSftpConfig c = { self->host, self->port, self->user, self->key_file,
                     self->key_file != NULL ? self->secret : NULL,
                     self->key_file == NULL ? self->secret : NULL, self->use_agent,
                     self->known_hosts, 30, self->platform_known_hosts };

  return c;
}

static char *remote_path (TmSftpTarget *self,
                          const char   *first,
                          ...) G_GNUC_NULL_TERMINATED;

static char *
remote_path (TmSftpTarget *self,
             const char   *first,
             ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, self->root);
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_pathv ("/", (char **) parts->pdata);
}

/* The release each message sent was about, so that an acknowledgement of it
 * can be checked against it: "UPC", kept by MessageId. */
static char *
sent_state_path (TmSftpTarget *self,
                 const char   *message_id)
{
  g_autofree char *key = g_strdup_printf ("%s\n%d\n%s\n%s", self->host, self->port, self->root,
                                          message_id);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "sent", digest, NULL);
}

static void
remember_message (TmSftpTarget *self,
                  const char   *message_id,
                  const char   *upc)
{
  g_autofree char *path = sent_state_path (self, message_id);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents_full (path, upc, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static char *
remembered_upc (TmSftpTarget *self,
                const char   *message_id)
{
  g_autofree char *path = sent_state_path (self, message_id);
  char *text = tm_read_file_bounded (path, 64, TM_OPEN_NOFOLLOW, NULL, NULL);

  return text != NULL ? g_strstrip (text) : NULL;
}

/* The batch of a package, kept between runs of one attempt:
 * "BatchId\nMessageId\n", and "sent\n" once the batch is complete. A run
 * stopped after the batch was complete, before the queue kept the outcome,
 * finds it sent and sends nothing again; another attempt is another batch. */
static char *
batch_state_path (TmSftpTarget        *self,
                  TmPackage           *package,
                  TmDeliveryOperation  op)
{
  g_autofree char *key = g_strdup_printf ("%s\n%d\n%s\n%s\n%d\n%" G_GINT64_FORMAT, self->host,
                                          self->port, self->root, tm_package_get_id (package),
                                          op, tm_package_get_attempt (package));
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "batches", digest, NULL);
}

/* States of batches sent a month ago are not needed any more. */
#define BATCH_STATE_KEPT_USEC (G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC)

static void
forget_old_batches (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time ();
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode)
          && now - (gint64) st.st_mtime * G_USEC_PER_SEC > BATCH_STATE_KEPT_USEC)
        g_unlink (path);
    }
}

/* Returns: whether the batch was sent whole already; @created says whether it
 * is new (nothing of it can be on the server) */
static gboolean
batch_for (TmSftpTarget         *self,
           TmPackage            *package,
           TmDeliveryOperation   op,
           char                **batch_id,
           char                **message_id,
           gboolean             *created)
{
  g_autofree char *path = batch_state_path (self, package, op);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if ((text = tm_read_file_bounded (path, 4096, TM_OPEN_NOFOLLOW, NULL, NULL)) != NULL
      && (lines = g_strsplit (text, "\n", 4)) != NULL && lines[0] != NULL && lines[1] != NULL
      && *lines[0] != '\0' && *lines[1] != '\0')
    {
      *batch_id = g_strdup (lines[0]);
      *message_id = g_strdup (lines[1]);
      *created = FALSE;
      return lines[2] != NULL && g_str_equal (lines[2], "sent");
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *seconds = g_date_time_format (now, "%Y%m%d%H%M%S");
    g_autofree char *contents = NULL;
    g_autofree char *marks = NULL;

    *batch_id = g_strdup_printf ("%s%03d", seconds, g_date_time_get_microsecond (now) / 1000);
    *message_id = g_strdup_printf ("%s-%s", tm_package_get_id (package), *batch_id);
    contents = g_strdup_printf ("%s\n%s\n", *batch_id, *message_id);
    marks = g_build_filename (g_get_user_state_dir (), "tunemantra", "sftp-marks", NULL);
    g_mkdir_with_parents (dir, 0700);
    forget_old_batches (dir);
    forget_old_batches (marks);
    /* Kept before anything is sent: a run stopped from here on finds it. */
    *created = g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                         0600, NULL);
  }
  return FALSE;
}

/* How much of an upload with several sessions is known whole on the server:
 * a mark kept per remote file (see tm_sftp_upload_parallel). */
static char *
upload_mark_path (TmSftpTarget *self,
                  const char   *remote)
{
  g_autofree char *key = g_strdup_printf ("%s\n%d\n%s", self->host, self->port, remote);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (g_get_user_state_dir (), "tunemantra", "sftp-marks", digest, NULL);
}

static void
batch_sent (TmSftpTarget         *self,
            TmPackage            *package,
            TmDeliveryOperation   op,
            const char           *batch_id,
            const char           *message_id)
{
  g_autofree char *path = batch_state_path (self, package, op);
  g_autofree char *contents = g_strdup_printf ("%s\n%s\nsent\n", batch_id, message_id);

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static void
report (Work *w)
{
  if (w->progress != NULL)
    w->progress (&w->done, w->progress_data);
}

typedef struct
{
  Work    *w;
  guint64  before;
} FileProgress;

static void
file_progress_cb (const TmProgress *p,
                  gpointer          data)
{
  FileProgress *fp = data;
  TmProgress all = fp->w->done;

  all.bytes_done = fp->before + p->bytes_done;
  all.file_bytes_done = p->bytes_done;
  all.file_bytes_total = p->bytes_total;
  if (fp->w->progress != NULL)
    fp->w->progress (&all, fp->w->progress_data);
}

static void
fetch_progress_cb (guint64  done,
                   guint64  total,
                   gpointer data)
{
  Work *w = data;

  w->done.activity_done = done;
  w->done.activity_total = total;
  report (w);
}

static gboolean
ensure_schemas (Work    *w,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  w->done.activity = _("Fetching the DDEX ERN 4.3 schema from ddex.net, once: every DDEX "
                       "message is checked against it");
  ok = tm_ddex_schemas_ensure (fetch_progress_cb, w, w->cancellable, &local_error);
  w->done.activity = NULL;
  report (w);
  if (!ok)
    {
      GError *fetch = g_error_new_literal (TM_DELIVERY_ERROR,
                                           g_error_matches (local_error, G_IO_ERROR,
                                                            G_IO_ERROR_INVALID_DATA)
                                           ? TM_DELIVERY_ERROR_UNKNOWN
                                           : TM_DELIVERY_ERROR_NETWORK_CONNECTIVITY,
                                           local_error->message);

      tm_delivery_error_set_hint (fetch, _("TuneMantra tries again by itself. Offline, a local "
                                           "copy of the schemas can be given instead."));
      g_propagate_error (error, fetch);
    }
  return ok;
}

/* The ManifestMessage that says the batch is complete (ern-c-sftp/18). */
static char *
manifest (TmSftpTarget *self,
          TmPackage    *package,
          const char   *batch_folder,
          const char   *message_id,
          const char   *delivery_type)
{
  const char *upc = tm_release_get_upc (tm_package_get_release (package));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *text = NULL;

  /* Every value here is a DPID, an id or a fixed word: nothing to escape but
   * the ICPN, which is digits by the time it got this far. */
  text = g_strdup_printf (
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ernc:ManifestMessage xmlns:ernc=\"http://ddex.net/xml/ern-c-sftp/18\" "
      "MessageVersionId=\"ern-c-sftp/18\" AvsVersionId=\"9\">\n"
      "  <MessageHeader>\n"
      "    <MessageSender><PartyId>%s</PartyId></MessageSender>\n"
      "    <MessageRecipient><PartyId>%s</PartyId></MessageRecipient>\n"
      "    <MessageCreatedDateTime>%s</MessageCreatedDateTime>\n"
      "  </MessageHeader>\n"
      "  <IsTestFlag>false</IsTestFlag>\n"
      "  <RootDirectory>%s</RootDirectory>\n"
      "  <NumberOfMessages>1</NumberOfMessages>\n"
      "  <MessageInBatch>\n"
      "    <MessageType>NewReleaseMessage</MessageType>\n"
      "    <MessageId>%s</MessageId>\n"
      "    <URL>./%s/%s.xml</URL>\n"
      "    <IncludedReleaseId><ICPN>%s</ICPN></IncludedReleaseId>\n"
      "    <DeliveryType>%s</DeliveryType>\n"
      "    <ProductType>AudioProduct</ProductType>\n"
      "  </MessageInBatch>\n"
      "</ernc:ManifestMessage>\n",
      self->ddex[0], self->ddex[2], created, batch_folder, message_id, upc, upc, upc,
      delivery_type);
  return g_steal_pointer (&text);
}

/* Waits for the message: %FALSE with its error if it could not be made or
 * is not valid. */
static gboolean
message_made (Work    *w,
              GError **error)
{
  if (w->preparing != NULL)
    g_thread_join (g_steal_pointer (&w->preparing));
  if (w->message_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->message_error));
      return FALSE;
    }
  g_debug ("%s: message made and validated at %.1f ms", w->target->host,
           (g_get_monotonic_time () - w->start) / 1000.0);
  return TRUE;
}

/* Whether the message is made (or failed), without waiting for it. */
static gboolean
message_ready (Work *w)
{
  gboolean done;

  g_mutex_lock (&w->prepare_lock);
  done = w->message_done;
  g_mutex_unlock (&w->prepare_lock);
  return done;
}

/* The message, once made and valid, as <ICPN>.xml in the release's folder. */
static gboolean
send_message (Work        *w,
              TmSftp      *sftp,
              const char  *batch_folder,
              const char  *upc,
              GError     **error)
{
  g_autofree char *xml_name = g_strdup_printf ("%s.xml", upc);
  g_autofree char *remote = remote_path (w->target, batch_folder, upc, xml_name, NULL);
  g_autofree char *xml = NULL;

  if (!message_made (w, error))
    return FALSE;
  xml = g_steal_pointer (&w->xml);
  if (!tm_sftp_write_full (sftp, remote, xml, w->xml_length, w->fresh, error))
    return FALSE;
  g_debug ("%s: message sent at %.1f ms", w->target->host,
           (g_get_monotonic_time () - w->start) / 1000.0);
  return TRUE;
}

/* Smaller files first: a cover goes up in a few round trips while the other
 * sessions are still logging in, not after the audio. */
static int
compare_sizes (gconstpointer a,
               gconstpointer b)
{
  const TmPackageFile *x = *(TmPackageFile * const *) a;
  const TmPackageFile *y = *(TmPackageFile * const *) b;

  return (x->size > y->size) - (x->size < y->size);
}

static TmDeliveryResult *
send_batch (Work     *w,
            TmSftp   *sftp,
            GError  **error)
{
  TmSftpTarget *self = w->target;
  const char *upc = tm_release_get_upc (tm_package_get_release (w->package));
  GPtrArray *files = tm_package_get_files (w->package);
  gboolean takedown = w->op == TM_DELIVERY_TAKEDOWN;
  g_autofree char *batch_id = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *batch_folder = NULL;
  g_autofree char *release_dir = NULL;
  g_autofree char *batch_dir = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest_name = NULL;
  gboolean message_sent = FALSE;
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) folders = NULL;   /* borrowed from made, batch_dir and release_dir */
  TmDeliveryResult *result;
  gboolean sent;

  /* The UPC names a folder on the server: digits only, so that nothing made
   * from metadata can leave the drop folder. */
  if (upc == NULL || *upc == '\0' || strlen (upc) > 14
      || strspn (upc, "0123456789") != strlen (upc))
    {
      g_set_error_literal (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_METADATA_INVALID,
                           _("A DDEX delivery needs the release's UPC or EAN, in digits."));
      return NULL;
    }

  /* The batch's names, made while the connection opened; the message is
   * still being made and validated while the resources go up. */
  g_mutex_lock (&w->prepare_lock);
  while (!w->named)
    g_cond_wait (&w->prepare_cond, &w->prepare_lock);
  g_mutex_unlock (&w->prepare_lock);
  if (w->prepare_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->prepare_error));
      return NULL;
    }
  batch_id = g_strdup (w->batch_id);
  message_id = g_strdup (w->message_id);
  sent = w->sent;
  g_debug ("%s: batch named at %.1f ms", self->host,
           (g_get_monotonic_time () - w->start) / 1000.0);

  batch_folder = g_strdup_printf ("N_%s", batch_id);
  manifest_name = g_strdup_printf ("BatchComplete_%s.xml", batch_id);
  manifest_path = remote_path (self, batch_folder, manifest_name, NULL);
  /* Sent whole before the queue could keep it: nothing is sent twice. */
  if (sent && tm_sftp_remote_size (sftp, manifest_path) > 0)
    goto done;

  /* The batch's folders and its files', from the top, all at once: one round
   * trip on the session's own channel (tm_sftp_mkdirs), where one at a time
   * took one each. */
  release_dir = remote_path (self, batch_folder, upc, NULL);
  batch_dir = remote_path (self, batch_folder, NULL);
  folders = g_ptr_array_new ();
  if (w->fresh)
    g_ptr_array_add (folders, batch_dir);
  g_ptr_array_add (folders, release_dir);
  g_hash_table_add (made, g_strdup (release_dir));
  for (guint i = 0; !takedown && i < files->len; i++)
    {
      TmPackageFile *file = g_ptr_array_index (files, i);
      g_autofree char *remote = remote_path (self, batch_folder, upc, file->name, NULL);
      g_autofree char *dir = g_path_get_dirname (remote);
      guint at = folders->len;

      /* The folder and those it is in below the release's, each before the ones in it. */
      while (!g_hash_table_contains (made, dir) && g_str_has_prefix (dir, release_dir))
        {
          char *parent = g_path_get_dirname (dir);

          g_ptr_array_insert (folders, (gint) at, dir);
          g_hash_table_add (made, g_steal_pointer (&dir));
          dir = parent;
        }
    }
  if (!tm_sftp_mkdirs (sftp, (const char * const *) folders->pdata, folders->len, error))
    return NULL;

  /* The resources (not for a takedown), the smallest first, each resumed from
   * where the server stands. */
  w->done.files_total = takedown ? 0 : files->len;
  w->done.bytes_total = takedown ? 0 : tm_package_get_total_bytes (w->package);
  /* Borrowed: the copy must not free what the package owns. */
  order = g_ptr_array_sized_new (files->len);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (files, i));
  g_ptr_array_sort (order, compare_sizes);
  /* In a new batch a file's end (flush, size, rename) goes on with this
   * session while the others start the next file: settled before this
   * session writes anything else. */
  tm_sftp_pool_set_overlap (w->pool, w->fresh);
  for (guint i = 0; !takedown && i < order->len; i++)
    {
      TmPackageFile *file = g_ptr_array_index (order, i);
      g_autofree char *remote = remote_path (self, batch_folder, upc, file->name, NULL);
      g_autofree char *mark = upload_mark_path (self, remote);
      FileProgress fp = { w, w->done.bytes_done };

      /* A file already there whole (an earlier run, stopped after the rename)
       * is not sent again, and the mark of its upload is not needed. */
      if (!w->fresh && tm_sftp_remote_size (sftp, remote) == file->size && file->size > 0)
        g_unlink (mark);
      else
        {
          if (!tm_sftp_upload_pooled (w->pool, file->source, remote, mark, w->fresh,
                                      file_progress_cb, &fp, NULL, w->cancellable, error))
            return NULL;
        }
      w->done.files_done++;
      w->done.bytes_done += file->size;
      report (w);
      g_debug ("%s: %s sent at %.1f ms", self->host, file->name,
               (g_get_monotonic_time () - w->start) / 1000.0);

      /* The message goes up between two files as soon as it is made, not
       * after the last one: the platform reads nothing before BatchComplete. */
      if (!message_sent && message_ready (w))
        {
          if (!tm_sftp_pool_settle (w->pool, error)
              || !send_message (w, sftp, batch_folder, upc, error))
            return NULL;
          message_sent = TRUE;
        }
    }

  /* Every file renamed; the message, if it was not made before the last file,
   * then the manifest: BatchComplete is the signal, so it is last. */
  if (!tm_sftp_pool_settle (w->pool, error))
    return NULL;
  if (!message_sent && !send_message (w, sftp, batch_folder, upc, error))
    return NULL;
  manifest_text = manifest (self, w->package, batch_folder, message_id,
                            takedown ? "TakeDown"
                            : w->op == TM_DELIVERY_UPDATE_METADATA ? "ReDelivery"
                            : "NewReleaseDelivery");
  if (!tm_sftp_write_full (sftp, manifest_path, manifest_text, strlen (manifest_text),
                           w->fresh, error))
    return NULL;
  batch_sent (self, w->package, w->op, batch_id, message_id);
  remember_message (self, message_id, upc);
  g_debug ("%s: batch complete at %.1f ms", self->host, (g_get_monotonic_time () - w->start) / 1000.0);

done:
  result = tm_delivery_result_new (takedown ? TM_DISTRIBUTION_STATUS_TAKEDOWN_REQUESTED
                                   : w->op == TM_DELIVERY_UPDATE_METADATA
                                   ? TM_DISTRIBUTION_STATUS_UPDATING
                                   : TM_DISTRIBUTION_STATUS_PROCESSING_BY_PLATFORM, message_id);
  /* The batch is on the server: what happens now is the platform's to say. */
  result->by_platform = FALSE;
  return result;
}

/* An acknowledgement that cannot be applied is never dropped silently: it is
 * moved to refused/ in the acknowledgements folder, and the history says so. */
static void
set_aside (Work             *w,
           TmSftp           *sftp,
           const char       *name,
           const GError     *why,
           TmDeliveryResult *result)
{
  TmSftpTarget *self = w->target;
  g_autofree char *from = remote_path (self, self->acks, name, NULL);
  g_autofree char *refused = remote_path (self, self->acks, "refused", NULL);
  g_autofree char *to = remote_path (self, self->acks, "refused", name, NULL);
  g_autoptr(GError) move_error = NULL;
  g_autofree char *note = NULL;

  if (tm_sftp_mkdir_p (sftp, refused, &move_error)
      && tm_sftp_rename (sftp, from, to, &move_error))
    note = g_strdup_printf (_("The acknowledgement %s was set aside in refused/: %s"), name,
                            why->message);
  else
    note = g_strdup_printf (_("The acknowledgement %s was not applied (%s), and could not be "
                              "moved aside: %s"), name, why->message, move_error->message);
  tm_delivery_result_add_note (result, note);
}

/* The acknowledgement for @reference (a MessageId), if the platform wrote one:
 * the newest that is about this message and this release. Newer ones that are
 * not (unreadable, hostile, about another delivery) are set aside. */
static int compare_names_descending (gconstpointer a,
                                     gconstpointer b);

static TmDeliveryResult *
poll_acks (Work     *w,
           TmSftp   *sftp,
           GError  **error)
{
  TmSftpTarget *self = w->target;
  g_autofree char *dir = remote_path (self, self->acks, NULL);
  g_autofree char *prefix = g_strdup_printf ("ACK_%s_", w->reference);
  g_autofree char *upc = remembered_upc (self, w->reference);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GError) list_error = NULL;
  g_autoptr(TmDeliveryResult) notes = tm_delivery_result_new (TM_DISTRIBUTION_STATUS_CREATED,
                                                              NULL);

  if (!(names = tm_sftp_list (sftp, dir, &list_error)))
    return NULL;      /* no folder yet: nothing new */

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (candidates, (gpointer) name);
    }
  /* The last one counts: a platform may correct an earlier answer. */
  g_ptr_array_sort (candidates, compare_names_descending);

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *name = g_ptr_array_index (candidates, i);
      g_autofree char *path = remote_path (self, self->acks, name, NULL);
      g_autoptr(GError) read_error = NULL;
      g_autoptr(GBytes) data = tm_sftp_read (sftp, path, TM_DDEX_ACK_MAX_BYTES, &read_error);
      TmDeliveryResult *result = NULL;

      if (data == NULL && !g_error_matches (read_error, TM_DELIVERY_ERROR,
                                            TM_DELIVERY_ERROR_UNKNOWN))
        {
          /* The connection, not the file: said as such, tried again later. */
          g_propagate_error (error, g_steal_pointer (&read_error));
          return NULL;
        }
      if (data != NULL)
        result = tm_ddex_read_acknowledgement (g_bytes_get_data (data, NULL),
                                               g_bytes_get_size (data), name, w->reference, upc,
                                               &read_error);
      if (result == NULL)
        {
          set_aside (w, sftp, name, read_error, notes);
          continue;
        }

      if (result->reference == NULL)
        result->reference = g_strdup (w->reference);
      if (notes->notes != NULL)
        result->notes = g_steal_pointer (&notes->notes);
      return result;
    }

  if (notes->notes == NULL)
    return NULL;
  notes->unchanged = TRUE;
  return g_steal_pointer (&notes);
}

static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  return -strcmp (*(const char **) a, *(const char **) b);
}

/* The batch and its message, checked against the schema (fetched first, once,
 * if this computer does not have it): in a thread of its own, while the
 * connection opens and then while the resources go up. */
static gpointer
prepare_thread (gpointer data)
{
  Work *w = data;
  TmSftpTarget *self = w->target;
  TmErnHeader header = { self->ddex[0], self->ddex[1], self->ddex[2], self->ddex[3] };
  g_autoptr(GError) error = NULL;
  gboolean named;

  /* Failing to fetch the schema is a network failure, retried. */
  named = ensure_schemas (w, &error);
  g_mutex_lock (&w->prepare_lock);
  if (named)
    w->sent = batch_for (self, w->package, w->op, &w->batch_id, &w->message_id, &w->fresh);
  else
    w->prepare_error = g_steal_pointer (&error);
  w->named = TRUE;
  g_cond_broadcast (&w->prepare_cond);
  g_mutex_unlock (&w->prepare_lock);
  if (!named)
    return NULL;

  header.message_id = w->message_id;
  header.takedown = w->op == TM_DELIVERY_TAKEDOWN;
  if (!(w->xml = tm_ern_new_release_message (w->package, &header, &w->xml_length, &error)))
    {
      w->message_error = error->domain == TM_DELIVERY_ERROR
                         ? g_steal_pointer (&error)
                         : g_error_new_literal (TM_DELIVERY_ERROR,
                                                TM_DELIVERY_ERROR_METADATA_INVALID,
                                                error->message);
      /* Nothing more goes up for a batch that cannot be announced. */
      g_cancellable_cancel (w->cancellable);
    }
  g_mutex_lock (&w->prepare_lock);
  w->message_done = TRUE;
  g_mutex_unlock (&w->prepare_lock);
  return NULL;
}

/* The other sessions log in once the first has: a wrong password or key is
 * tried once, not once a session. */
static gboolean
first_logged_in (gpointer data)
{
  Work *w = data;
  int state;

  g_mutex_lock (&w->pool_lock);
  while ((state = w->first_login) == 0)
    g_cond_wait (&w->login_cond, &w->pool_lock);
  g_mutex_unlock (&w->pool_lock);
  return state > 0;
}

static void
set_first_login (Work     *w,
                 gboolean  in)
{
  g_mutex_lock (&w->pool_lock);
  /* Said once: a first session that failed after its credentials were taken
   * does not take back what the others were told. */
  if (w->first_login == 0)
    w->first_login = in ? 1 : -1;
  g_cond_broadcast (&w->login_cond);
  g_mutex_unlock (&w->pool_lock);
}

/* The first session's credentials were taken: those beside it log in now,
 * while it starts SFTP and opens its channel (four round trips). */
static void
first_took_credentials (gpointer data)
{
  set_first_login (data, TRUE);
}

static gpointer
connecting_thread (gpointer data)
{
  Connecting *c = data;
  Work *w = c->w;
  g_autoptr(GError) error = NULL;
  TmSftp *sftp = tm_sftp_connect (&w->config, w->extra_cancellable, &error);

  if (sftp == NULL)
    g_debug ("%s: one more session did not open (%s); the delivery goes on with fewer",
             w->target->host, error->message);
  g_mutex_lock (&w->pool_lock);
  if (w->pool != NULL)
    tm_sftp_pool_add (w->pool, sftp);
  else
    g_ptr_array_add (w->early, sftp);
  g_mutex_unlock (&w->pool_lock);
  return NULL;
}

static void
connecting_free (gpointer data)
{
  Connecting *c = data;

  if (c->thread != NULL)
    g_thread_join (c->thread);
  g_free (c);
}

/* Sessions for a delivery with much to send: on a far link as many as the
 * platform's setting allows (no more than a session per 8 MiB); on a near one
 * two, the second encrypting beside the first (see tm_sftp_upload_pooled).
 * Those beside the first open in threads of their own; @near is not known
 * before the first is open, and two are opened at once whatever the link. */
static void
open_more_sessions (Work     *w,
                    gboolean  near)
{
  gint64 bytes;
  guint n;

  if (w->op != TM_DELIVERY_DELIVER && w->op != TM_DELIVERY_UPDATE_METADATA)
    return;
  bytes = tm_package_get_total_bytes (w->package);
  n = MIN (near ? MIN (2, w->target->connections) : w->target->connections,
           (guint) (bytes / (8 << 20)));
  if (bytes < PARALLEL_MIN_BYTES || n <= 1)
    return;
  if (w->connecting == NULL)
    {
      w->connecting = g_ptr_array_new_with_free_func (connecting_free);
      w->early = g_ptr_array_new ();
    }
  for (guint i = 1 + w->connecting->len; i < n; i++)
    {
      Connecting *c = g_new0 (Connecting, 1);

      c->w = w;
      c->thread = g_thread_new ("tm-sftp-connect", connecting_thread, c);
      g_ptr_array_add (w->connecting, c);
    }
}

/* Does the operation. */
static TmDeliveryResult *
work (Work     *w,
      GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TmSftp) sftp = NULL;
  g_autoptr(TmTokens) secret = NULL;

  /* A passphrase or password kept in the keyring, read here (never on the
   * main thread); a key without a passphrase needs none. */
  if (w->target->secret == NULL
      && (w->target->key_file == NULL || tm_sftp_key_is_encrypted (w->target->key_file)))
    secret = tm_secrets_lookup_tokens (w->target->platform_name, w->cancellable, NULL);
  w->config = config_of (w->target);
  w->config.login_gate = first_logged_in;
  w->config.login_gate_data = w;
  /* Each session opens its channel for writes as it logs in: those beside the
   * first in their own threads, before they join the upload. */
  w->config.uploads = w->op == TM_DELIVERY_DELIVER || w->op == TM_DELIVERY_UPDATE_METADATA;
  if (secret != NULL && secret->access_token != NULL)
    {
      if (w->config.key_file != NULL)
        w->config.passphrase = secret->access_token;
      else
        w->config.password = secret->access_token;
    }

  /* While this connection opens: the message, and a second session. */
  if (w->op == TM_DELIVERY_DELIVER || w->op == TM_DELIVERY_UPDATE_METADATA
      || w->op == TM_DELIVERY_TAKEDOWN)
    w->preparing = g_thread_new ("tm-sftp-prepare", prepare_thread, w);
  open_more_sessions (w, TRUE);

  {
    /* The first session logs in without waiting for itself, and lets the
     * others log in as soon as the server has taken its credentials. */
    TmSftpConfig first = w->config;

    first.login_gate = NULL;
    first.logged_in = first_took_credentials;
    first.logged_in_data = w;
    sftp = tm_sftp_connect (&first, w->cancellable, &local_error);
    set_first_login (w, sftp != NULL);
  }
  if (sftp == NULL)
    {
      /* An unknown host waits for a person: a delivery is not retried by itself;
       * a test says what it is, so that the fingerprint can be offered. */
      if (g_error_matches (local_error, TM_SFTP_ERROR, TM_SFTP_ERROR_HOST_KEY_UNKNOWN)
          && w->op != TM_DELIVERY_TEST_CONNECTION)
        {
          GError *unknown = g_error_new (TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_HOST_KEY_CHANGED,
                                         "%s", local_error->message);

          tm_delivery_error_set_hint (unknown, _("Compare the server's key with the one the "
                                                 "platform gave you, and accept it."));
          tm_delivery_error_set_action (unknown, TM_ERROR_ACTION_TRUST_HOST);
          g_propagate_error (error, unknown);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Now that the round trip is known: the other sessions a far link wants,
   * which join the upload as they open. */
  open_more_sessions (w, tm_sftp_is_near (sftp));

  /* The pool: this session, those already open, and those still opening. */
  g_mutex_lock (&w->pool_lock);
  w->pool = tm_sftp_pool_new (sftp);
  if (w->connecting != NULL)
    tm_sftp_pool_expect (w->pool, w->connecting->len);
  for (guint i = 0; w->early != NULL && i < w->early->len; i++)
    tm_sftp_pool_add (w->pool, g_ptr_array_index (w->early, i));
  if (w->early != NULL)
    g_ptr_array_set_size (w->early, 0);
  g_mutex_unlock (&w->pool_lock);

  switch (w->op)
    {
    case TM_DELIVERY_TEST_CONNECTION:
      {
        g_autofree char *probe = remote_path (w->target, ".tunemantra-test", NULL);

        /* The drop folder is there and takes a file: a read-only folder is
         * found here, not in the middle of a delivery. */
        if (tm_sftp_mkdir_p (sftp, w->target->root, error)
            && tm_sftp_write (sftp, probe, "TuneMantra\n", 11, error))
          tm_sftp_remove (sftp, probe, error);
        return NULL;
      }
    case TM_DELIVERY_POLL_STATUS:
      return poll_acks (w, sftp, error);
    case TM_DELIVERY_DELIVER:
    case TM_DELIVERY_UPDATE_METADATA:
    case TM_DELIVERY_TAKEDOWN:
    default:
      {
        TmDeliveryResult *result = send_batch (w, sftp, error);

        /* A file's end still going on uses this session, which closes now: a
         * batch that failed meanwhile waits for it (its error is the first's). */
        tm_sftp_pool_settle (w->pool, NULL);
        return result;
      }
    }
}

/* The whole of an operation has a deadline, whatever a server that trickles
 * does to each call's timeout: five minutes, and a second more for every
 * MIN_RATE bytes to send. */
#define DEADLINE_BASE_S (5 * 60)
#define MIN_RATE (32 << 10)

static void
cancel_other_cb (GCancellable *cancellable,
                 GCancellable *other)
{
  g_cancellable_cancel (other);
}

static TmDeliveryResult *
run (TmDeliveryTarget         *target,
     const TmDeliveryRequest  *request,
     GCancellable             *cancellable,
     GError                  **error)
{
  TmSftpTarget *self = TM_SFTP_TARGET (target);
  gint64 bytes = request->package != NULL ? tm_package_get_total_bytes (request->package) : 0;
  gint64 usec = DEADLINE_BASE_S * G_USEC_PER_SEC + bytes * G_USEC_PER_SEC / MIN_RATE;
  g_autoptr(TmDeadline) deadline = tm_deadline_new (cancellable, usec);
  g_autoptr(GError) local_error = NULL;
  TmDeliveryResult *result;
  Work w = { 0 };

  w.target = self;
  w.op = request->operation;
  w.package = request->package;
  w.reference = request->reference;
  w.progress = request->progress;
  w.progress_data = request->progress_data;
  w.cancellable = tm_deadline_get_cancellable (deadline);
  w.start = g_get_monotonic_time ();
  w.extra_cancellable = g_cancellable_new ();
  g_mutex_init (&w.pool_lock);
  g_mutex_init (&w.prepare_lock);
  g_cond_init (&w.login_cond);
  g_cond_init (&w.prepare_cond);
  w.extra_cancel_id = g_cancellable_connect (w.cancellable, G_CALLBACK (cancel_other_cb),
                                             w.extra_cancellable, NULL);

  result = work (&w, &local_error);

  /* What ran beside it ends with it: sessions still opening stop now. */
  g_cancellable_cancel (w.extra_cancellable);
  g_clear_pointer (&w.connecting, g_ptr_array_unref);
  g_clear_pointer (&w.pool, tm_sftp_pool_free);
  for (guint i = 0; w.early != NULL && i < w.early->len; i++)
    tm_sftp_close (g_ptr_array_index (w.early, i));
  g_clear_pointer (&w.early, g_ptr_array_unref);
  g_mutex_clear (&w.pool_lock);
  g_cond_clear (&w.login_cond);
  if (w.preparing != NULL)
    g_thread_join (w.preparing);
  /* A message that failed stopped what went on beside it: its error is the
   * delivery's, not the cancellation that followed. */
  if (local_error != NULL && w.message_error != NULL)
    {
      g_clear_error (&local_error);
      local_error = g_steal_pointer (&w.message_error);
    }
  g_mutex_clear (&w.prepare_lock);
  g_cond_clear (&w.prepare_cond);
  g_cancellable_disconnect (w.cancellable, w.extra_cancel_id);
  g_clear_object (&w.extra_cancellable);
  g_free (w.batch_id);
  g_free (w.message_id);
  g_free (w.xml);
  g_clear_error (&w.prepare_error);
  g_clear_error (&w.message_error);

  if (local_error == NULL)
    return result;
  g_clear_pointer (&result, tm_delivery_result_free);
  if (tm_deadline_expired (deadline))
    g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_NETWORK_TIMEOUT,
                 _("%s did not finish within %" G_GINT64_FORMAT " minutes, and TuneMantra "
                   "stopped. It tries again by itself."),
                 self->host, usec / G_USEC_PER_SEC / 60);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
delivery_target_iface_init (TmDeliveryTargetInterface *iface)
{
  iface->run = run;
}

static void
tm_sftp_target_finalize (GObject *object)
{
  TmSftpTarget *self = TM_SFTP_TARGET (object);

  g_free (self->platform_name);
  g_free (self->host);
  g_free (self->user);
  g_free (self->key_file);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->root);
  g_free (self->acks);
  for (guint i = 0; i < G_N_ELEMENTS (self->ddex); i++)
    g_free (self->ddex[i]);
  g_free (self->known_hosts);
  g_free (self->platform_known_hosts);

  G_OBJECT_CLASS (tm_sftp_target_parent_class)->finalize (object);
}

static void
tm_sftp_target_class_init (TmSftpTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tm_sftp_target_finalize;
}

static void
tm_sftp_target_init (TmSftpTarget *self)
{
}

/**
 * tm_sftp_target_new:
 * @settings: the platform's settings, checked: host, port, user, key_file,
 *   use_agent, remote_root, ack_folder, known_hosts, connections and the ddex_*
 *   Party IDs and names
 * @secret: (nullable): the key's passphrase, or the password
 */
TmSftpTarget *
tm_sftp_target_new (const char         *platform_name,
                    TmPlatformSettings *settings,
                    const char         *secret)
{
  TmSftpTarget *self = g_object_new (TM_TYPE_SFTP_TARGET, NULL);

  self->platform_name = g_strdup (platform_name);
  self->host = g_strdup (tm_platform_settings_get_string (settings, "host"));
  self->port = (int) tm_platform_settings_get_int (settings, "port", 22);
  self->user = g_strdup (tm_platform_settings_get_string (settings, "user"));
  self->key_file = g_strdup (tm_platform_settings_get_string (settings, "key_file"));
  self->use_agent = tm_platform_settings_get_flag (settings, "use_agent");
  self->secret = g_strdup (secret);
  self->root = g_strdup (tm_platform_settings_get_string (settings, "remote_root"));
  if (self->root == NULL)
    self->root = g_strdup (".");
  self->acks = g_strdup (tm_platform_settings_get_string (settings, "ack_folder"));
  if (self->acks == NULL)
    self->acks = g_strdup ("acknowledgements");
  self->ddex[0] = g_strdup (tm_platform_settings_get_string (settings, "ddex_sender_dpid"));
  self->ddex[1] = g_strdup (tm_platform_settings_get_string (settings, "ddex_sender_name"));
  self->ddex[2] = g_strdup (tm_platform_settings_get_string (settings, "ddex_recipient_dpid"));
  self->ddex[3] = g_strdup (tm_platform_settings_get_string (settings, "ddex_recipient_name"));
  self->known_hosts = tm_sftp_target_known_hosts_path ();
  self->platform_known_hosts = g_strdup (tm_platform_settings_get_string (settings,
                                                                          "known_hosts"));
  self->connections = (guint) CLAMP (tm_platform_settings_get_int (settings, "connections",
                                                                   TM_SFTP_TARGET_DEFAULT_CONNECTIONS),
                                     1, 8);
  return self;
}

/**
 * tm_sftp_target_known_hosts_path:
 *
 * TuneMantra's own known_hosts ($TUNEMANTRA_KNOWN_HOSTS for tests), never ~/.ssh.
 */
char *
tm_sftp_target_known_hosts_path (void)
{
  const char *env = g_getenv ("TUNEMANTRA_KNOWN_HOSTS");

  return env != NULL ? g_strdup (env)
                     : g_build_filename (g_get_user_data_dir (), "tunemantra", "known_hosts",
                                         NULL);
}

TmSftpConfig
tm_sftp_target_get_config (TmSftpTarget *self)
{
  return config_of (self);
}
