/* tm-package.c: what is delivered for a release: files, checksums, metadata
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tm-delivery-error.h"
#include "tm-package.h"
#include "tm-csv.h"
#include "tm-package-json.h"
#include "tm-safe-file.h"

#define CHUNK_SIZE (1024 * 1024)
#define PROGRESS_INTERVAL_USEC (100 * 1000)

struct _TmPackage
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *folder_name;
  char            *reason;
  char            *reference;    /* the platform's id of the release, once it has one */
  gint64           attempt;      /* the queue's job that sends it; 0 for an export */
  TmRelease       *release;
  GArray          *tracks;       /* TmPackageTrack */
  GPtrArray       *files;        /* TmPackageFile: the audio in track order, then the cover */
  TmPackageFile   *cover;
  guint64          total_bytes;
};

G_DEFINE_BOXED_TYPE (TmPackage, tm_package, tm_package_ref, tm_package_unref)

static void
package_file_free (gpointer data)
{
  TmPackageFile *file = data;

  g_free (file->source);
  g_free (file->name);
  g_free (file->role);
  g_free (file->sha256);
  g_free (file);
}

static void
package_track_clear (gpointer data)
{
  TmPackageTrack *track = data;

  g_clear_object (&track->track);
}

TmPackage *
tm_package_ref (TmPackage *package)
{
  g_atomic_ref_count_inc (&package->ref_count);
  return package;
}

void
tm_package_unref (TmPackage *package)
{
  if (package == NULL || !g_atomic_ref_count_dec (&package->ref_count))
    return;

  g_free (package->id);
  g_free (package->folder_name);
  g_free (package->reason);
  g_free (package->reference);
  g_clear_object (&package->release);
  g_clear_pointer (&package->tracks, g_array_unref);
  g_clear_pointer (&package->files, g_ptr_array_unref);
  g_free (package);
}

/**
 * tm_sanitize_file_name:
 *
 * A file name made from metadata that stays inside its folder on any system: no
 * separators, no control characters, no leading dots, at most @max_bytes of UTF-8.
 */
char *
tm_sanitize_file_name (const char *text,
                       gsize       max_bytes)
{
  GString *s = g_string_new (NULL);
  const char *p;

  for (p = text != NULL && g_utf8_validate (text, -1, NULL) ? text : "";
       *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[6];
      int len;

      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int) c) != NULL)
        c = ' ';
      if (c == ' ' && (s->len == 0 || s->str[s->len - 1] == ' '))
        continue;

      len = g_unichar_to_utf8 (c, buf);
      if (s->len + len > max_bytes)
        break;
      g_string_append_len (s, buf, len);
    }

  while (s->len > 0 && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '.'))
    g_string_truncate (s, s->len - 1);
  while (s->len > 0 && (s->str[0] == '.' || s->str[0] == ' '))
    g_string_erase (s, 0, 1);
  if (s->len == 0)
    g_string_assign (s, "untitled");

  return g_string_free (s, FALSE);
}

static const char *
extension_of (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (base ? base : path, '.');

  return dot != NULL ? dot : "";
}

static TmPackageFile *
package_file_new (const char *source,
                  const char *name,
                  const char *role,
                  gint64      size,
                  gint64      mtime,
                  const char *sha256)
{
  TmPackageFile *file = g_new0 (TmPackageFile, 1);

  file->source = g_strdup (source);
  file->name = g_strdup (name);
  file->role = g_strdup (role);
  file->size = size;
  file->mtime = mtime;
  file->sha256 = g_strdup (sha256);

  /* A size never recorded is read now, so the progress totals are right. */
  if (file->size <= 0)
    {
      GStatBuf st;

      if (g_stat (source, &st) == 0)
        file->size = st.st_size;
    }

  return file;
}

/* A copy of @record that nothing else holds. */
static gpointer
snapshot (gpointer record)
{
  return tm_record_copy (TM_RECORD (record));
}

/**
 * tm_package_new:
 * @release: the release; the package keeps a copy of it
 * @distribution_id: the delivery it is made for, or 0 for an export
 *
 * An empty package for @release: its tracks and cover are added next.
 */
TmPackage *
tm_package_new (TmRelease *release,
                gint64     distribution_id)
{
  TmPackage *package = g_new0 (TmPackage, 1);
  g_autofree char *artist = tm_release_get_artist (release);
  g_autofree char *label = NULL;

  g_atomic_ref_count_init (&package->ref_count);
  package->release = snapshot (release);
  package->id = g_strdup_printf ("TM-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                 tm_record_get_id (TM_RECORD (release)), distribution_id);
  package->tracks = g_array_new (FALSE, TRUE, sizeof (TmPackageTrack));
  g_array_set_clear_func (package->tracks, package_track_clear);
  package->files = g_ptr_array_new_with_free_func (package_file_free);

  label = g_strdup_printf ("%s - %s - %s",
                           tm_release_get_upc (release) ? tm_release_get_upc (release)
                                                        : package->id,
                           artist ? artist : _("Unknown Artist"),
                           tm_release_get_title (release) ? tm_release_get_title (release)
                                                          : _("Untitled"));
  package->folder_name = tm_sanitize_file_name (label, 150);
  return package;
}

/**
 * tm_package_add_track:
 * @track: the next track; the package keeps a copy of it
 * @duration_s: its length, or 0 when it is not known
 *
 * Adds @track and its audio file, named `resources/DD-NN Title.ext`.
 */
void
tm_package_add_track (TmPackage *package,
                      TmTrack   *track,
                      double     duration_s)
{
  TmPackageTrack entry = { snapshot (track), NULL, duration_s > 0 ? duration_s : 0 };
  const char *source = tm_track_get_audio_path (track);

  g_return_if_fail (package->cover == NULL);

  if (source != NULL)
    {
      g_autofree char *title = tm_sanitize_file_name (tm_track_get_title (track), 100);
      g_autofree char *name = g_strdup_printf ("resources/%02d-%02d %s%s",
                                               tm_track_get_disc (track),
                                               tm_track_get_number (track), title,
                                               extension_of (source));
      TmPackageFile *file = package_file_new (source, name, "audio",
                                              tm_track_get_audio_size (track),
                                              tm_track_get_audio_mtime (track),
                                              tm_track_get_audio_sha256 (track));

      g_ptr_array_add (package->files, file);
      package->total_bytes += MAX (file->size, 0);
      entry.file = file;
    }
  g_array_append_val (package->tracks, entry);
}

/**
 * tm_package_set_cover:
 * @artwork: (nullable): the release's cover
 *
 * Adds the cover's file, named `resources/cover.ext`, after the tracks'.
 */
void
tm_package_set_cover (TmPackage *package,
                      TmArtwork *artwork)
{
  g_autofree char *name = NULL;

  g_return_if_fail (package->cover == NULL);

  if (artwork == NULL || tm_artwork_get_path (artwork) == NULL)
    return;
  name = g_strdup_printf ("resources/cover%s", extension_of (tm_artwork_get_path (artwork)));
  package->cover = package_file_new (tm_artwork_get_path (artwork), name, "artwork",
                                     tm_artwork_get_size (artwork),
                                     tm_artwork_get_mtime (artwork),
                                     tm_artwork_get_sha256 (artwork));
  g_ptr_array_add (package->files, package->cover);
  package->total_bytes += MAX (package->cover->size, 0);
}

/**
 * tm_package_set_reference:
 * @reference: (nullable): the platform's id of the release, if it was delivered before
 */
void
tm_package_set_reference (TmPackage  *package,
                          const char *reference)
{
  g_free (package->reference);
  package->reference = g_strdup (reference);
}

const char *
tm_package_get_id (TmPackage *package)
{
  return package->id;
}

const char *
tm_package_get_folder_name (TmPackage *package)
{
  return package->folder_name;
}

TmRelease *
tm_package_get_release (TmPackage *package)
{
  return package->release;
}

guint
tm_package_get_n_tracks (TmPackage *package)
{
  return package->tracks->len;
}

const TmPackageTrack *
tm_package_get_track (TmPackage *package,
                      guint      index)
{
  g_return_val_if_fail (index < package->tracks->len, NULL);

  return &g_array_index (package->tracks, TmPackageTrack, index);
}

/* Returns: (nullable): the cover's file */
const TmPackageFile *
tm_package_get_cover (TmPackage *package)
{
  return package->cover;
}

/* Returns: (element-type TmPackageFile): the audio files in track order, then the cover */
GPtrArray *
tm_package_get_files (TmPackage *package)
{
  return package->files;
}

guint64
tm_package_get_total_bytes (TmPackage *package)
{
  return package->total_bytes;
}

/**
 * tm_package_get_reference:
 *
 * Returns: (nullable): the platform's id of the release, if it was delivered before
 */
const char *
tm_package_get_reference (TmPackage *package)
{
  return package->reference;
}

/**
 * tm_package_get_attempt:
 *
 * Returns: the job of the queue that sends the package, or 0: a job run
 *   again after a break is the same attempt, a new delivery is another
 */
gint64
tm_package_get_attempt (TmPackage *package)
{
  return package->attempt;
}

void
tm_package_set_attempt (TmPackage *package,
                        gint64     attempt)
{
  package->attempt = attempt;
}

const char *
tm_package_get_reason (TmPackage *package)
{
  return package->reason;
}

void
tm_package_set_reason (TmPackage  *package,
                       const char *reason)
{
  g_free (package->reason);
  package->reason = g_strdup (reason);
}

/* metadata.json */
char *
tm_package_to_json (TmPackage *package)
{
  g_autoptr(JsonNode) metadata = tm_package_json_metadata (package);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, metadata);
  return json_generator_to_data (generator, NULL);
}

static char *
int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
names_text (const char * const *names)
{
  return g_strjoinv ("; ", (char **) (names != NULL ? names : (const char * const[]) { NULL }));
}

/* One row per track, with the release's fields repeated: what a distributor's
 * upload spreadsheet wants. Every value as text: titles and names come from
 * outside, and a text that looks like a formula is neutralised by the writer. */
char *
tm_package_to_csv (TmPackage *package)
{
  static const char * const headings[] = {
    "release_upc", "release_title", "release_version", "release_artist", "release_release_type",
    "release_label", "release_genre", "release_language", "release_release_date",
    "release_p_year", "release_p_holder", "release_c_year", "release_c_holder",
    "release_explicit", "track_disc", "track_number", "track_title", "track_version",
    "track_artists", "track_featured_artists", "track_isrc", "track_explicit", "track_language",
    "track_file", "track_audio_sha256",
  };
  TmRelease *r = package->release;
  g_autofree char *artist = tm_release_get_artist (r);
  g_autofree char *p_year = int_text (tm_release_get_p_year (r));
  g_autofree char *c_year = int_text (tm_release_get_c_year (r));
  const char *release_cells[] = {
    tm_release_get_upc (r), tm_release_get_title (r), tm_release_get_version (r), artist,
    tm_enum_to_nick (TM_TYPE_RELEASE_TYPE, tm_release_get_release_type (r)),
    tm_release_get_label (r), tm_release_get_genre (r), tm_release_get_language (r),
    tm_release_get_release_date (r), p_year, tm_release_get_p_holder (r), c_year,
    tm_release_get_c_holder (r), tm_release_get_explicit (r) ? "true" : "false",
  };
  TmCsv *csv = tm_csv_new ("\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    tm_csv_text (csv, headings[i]);
  tm_csv_end_row (csv);

  for (guint t = 0; t < package->tracks->len; t++)
    {
      const TmPackageTrack *entry = &g_array_index (package->tracks, TmPackageTrack, t);
      TmTrack *track = entry->track;
      g_autofree char *disc = int_text (tm_track_get_disc (track));
      g_autofree char *number = int_text (tm_track_get_number (track));
      g_autofree char *artists = names_text (tm_track_get_artists (track));
      g_autofree char *featured = names_text (tm_track_get_featured_artists (track));
      const char *track_cells[] = {
        disc, number, tm_track_get_title (track), tm_track_get_version (track), artists,
        featured, tm_track_get_isrc (track), tm_track_get_explicit (track) ? "true" : "false",
        tm_track_get_language (track), entry->file != NULL ? entry->file->name : NULL,
        tm_track_get_audio_sha256 (track),
      };

      for (guint i = 0; i < G_N_ELEMENTS (release_cells); i++)
        tm_csv_text (csv, release_cells[i] != NULL ? release_cells[i] : "");
      for (guint i = 0; i < G_N_ELEMENTS (track_cells); i++)
        tm_csv_text (csv, track_cells[i] != NULL ? track_cells[i] : "");
      tm_csv_end_row (csv);
    }

  return tm_csv_free_to_string (csv);
}

char *
tm_package_readme (TmPackage *package)
{
  TmRelease *release = package->release;
  g_autofree char *artist = tm_release_get_artist (release);
  const char *date = tm_release_get_release_date (release);

  g_autofree char *body = g_strdup_printf (
    _("%s by %s\n"
      "Made by TuneMantra %s\n\n"
      "This folder holds everything a distributor needs for this release:\n\n"
      "  metadata.json     every field of the release and its tracks\n"
      "  metadata.csv      the same, one row per track, for upload spreadsheets\n"
      "  resources/        the audio files and the cover\n"
      "  checksums.sha256  a SHA-256 for every file; check them with\n"
      "                    `sha256sum -c checksums.sha256`\n\n"
      "Release date: %s\n\n"
      "When the release is accepted, live, rejected or taken down, tell the sender,\n"
      "or send back a status file (CSV with the columns reference, status,\n"
      "store_url, message) with the reference %s, so that TuneMantra can follow it.\n"),
    tm_release_get_title (release) ? tm_release_get_title (release) : "",
    artist ? artist : "", PACKAGE_VERSION, date != NULL && *date ? date : _("not set"),
    package->id);

  /* The first line is not translated: it is how a finished package is recognised. */
  return g_strdup_printf ("Package %s\n\n%s", package->id, body);
}

/* Writing */

static gboolean
set_destination_error (GError     **error,
                       int          saved_errno,
                       const char  *path)
{
  g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
               saved_errno == ENOSPC
               ? _("There is no space left where %s is written. Free some space there, then "
                   "retry the delivery.")
               : _("Cannot write %s: %s. Check that the folder exists and can be written."),
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
local_file_error (GError     **error,
                  const char  *path,
                  const char  *why)
{
  g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_LOCAL_FILE,
               _("The file %s %s. Put the original back, or add the file to the release again."),
               path, why);
  return FALSE;
}

typedef struct
{
  TmProgress      progress;
  TmProgressFunc  func;
  gpointer        data;
  gint64          last_report;
} Reporter;

static void
report (Reporter *r,
        gboolean  force)
{
  gint64 now = g_get_monotonic_time ();

  if (r->func == NULL || (!force && now - r->last_report < PROGRESS_INTERVAL_USEC))
    return;

  r->last_report = now;
  r->func (&r->progress, r->data);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len,
           const char   *path,
           GError      **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_destination_error (error, errno, path);
      data += n;
      len -= n;
    }

  return TRUE;
}

/* Copies @file to @dest, going on from what an earlier, broken copy left, and
 * checks the source against the SHA-256 recorded when it was added. */
static gboolean
copy_file (TmPackageFile  *file,
           const char     *dest,
           Reporter       *reporter,
           char          **sha256,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = NULL;
  GStatBuf st;
  goffset already = 0, offset = 0;
  int in = -1, out = -1;
  gboolean ok = FALSE;

  /* A regular file only: a FIFO or a device put in its place is refused, not waited on. */
  in = tm_open_regular (file->source, TM_OPEN_FOLLOW, NULL, NULL);
  if (in < 0)
    return local_file_error (error, file->source, _("cannot be read any more, or is not an "
                                                    "ordinary file"));

  if (fstat (in, &st) != 0 || (file->size > 0 && st.st_size != file->size))
    {
      g_close (in, NULL);
      return local_file_error (error, file->source, _("changed since it was added"));
    }

  /* Never through a link someone left in the destination. */
  out = g_open (dest, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (out < 0)
    {
      g_close (in, NULL);
      return set_destination_error (error, errno, dest);
    }

  reporter->progress.file_bytes_done = 0;
  reporter->progress.file_bytes_total = st.st_size;
  already = lseek (out, 0, SEEK_END);
  if (already > st.st_size || already < 0)
    {
      already = 0;
      if (ftruncate (out, 0) != 0)
        {
          set_destination_error (error, errno, dest);
          goto out;
        }
    }

  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = read (in, buffer, CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          local_file_error (error, file->source, _("cannot be read any more"));
          goto out;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      g_checksum_update (checksum, buffer, n);
      /* What an earlier attempt wrote is only hashed again, not written again. */
      if (offset + n > already)
        {
          goffset skip = MAX (already - offset, 0);

          if (!write_all (out, buffer + skip, n - skip, dest, error))
            goto out;
        }
      offset += n;
      reporter->progress.bytes_done += n;
      reporter->progress.file_bytes_done = offset;
      report (reporter, FALSE);
    }

  if (file->sha256 != NULL && g_strcmp0 (file->sha256, g_checksum_get_string (checksum)) != 0)
    {
      local_file_error (error, file->source, _("has other content than when it was added"));
      goto out;
    }

  if (fsync (out) != 0)
    {
      set_destination_error (error, errno, dest);
      goto out;
    }

  *sha256 = g_strdup (g_checksum_get_string (checksum));
  ok = TRUE;

out:
  g_close (in, NULL);
  if (g_close (out, NULL) == FALSE && ok)
    ok = set_destination_error (error, errno, dest);
  return ok;
}

static gboolean
write_text (const char  *path,
            const char  *text,
            GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  gboolean ok;

  if (fd < 0)
    return set_destination_error (error, errno, path);

  ok = write_all (fd, (const guint8 *) text, strlen (text), path, error);
  if (ok && fsync (fd) != 0)
    ok = set_destination_error (error, errno, path);
  g_close (fd, NULL);
  return ok;
}

static gboolean
sync_dir (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return FALSE;
  fsync (fd);
  g_close (fd, NULL);
  return TRUE;
}

/* Whether @dir already holds this package, complete. */
static gboolean
holds_package (const char *dir,
               const char *id)
{
  g_autofree char *path = g_build_filename (dir, "README.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *first_line = g_strdup_printf ("Package %s\n", id);

  return (text = tm_read_file_bounded (path, 64 << 10, TM_OPEN_NOFOLLOW, NULL, NULL)) != NULL
         && g_str_has_prefix (text, first_line);
}

/**
 * tm_package_write:
 * @folder: where the package's folder goes
 * @flags: what to write besides README.txt and checksums.sha256
 *
 * Writes the package into `FOLDER/<package folder>`. It is built in a hidden
 * `.part` folder, going on from what a broken attempt left there, and renamed
 * into place last: the package folder exists complete or not at all, and exists
 * once, however often this runs. Blocks; call it from a worker thread.
 */
gboolean
tm_package_write (TmPackage       *package,
                  const char      *folder,
                  TmPackageWriteFlags flags,
                  TmProgressFunc   progress,
                  gpointer         progress_data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autofree char *final = g_build_filename (folder, package->folder_name, NULL);
  g_autofree char *part_name = g_strdup_printf (".%s.part", package->folder_name);
  g_autofree char *part = g_build_filename (folder, part_name, NULL);
  g_autofree char *resources = g_build_filename (part, "resources", NULL);
  g_autoptr(GString) sums = g_string_new (NULL);
  Reporter reporter = { { 0, 0, 0, 0, 0, 0 }, progress, progress_data, 0 };
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *readme = NULL;
  struct { const char *name; char *text; } texts[4];

  gboolean with_audio = (flags & TM_PACKAGE_WRITE_FILES) != 0;

  reporter.progress.files_total = with_audio ? package->files->len : 0;
  reporter.progress.bytes_total = with_audio ? package->total_bytes : 0;

  if (g_file_test (final, G_FILE_TEST_IS_DIR))
    {
      if (holds_package (final, package->id))
        {
          reporter.progress.files_done = reporter.progress.files_total;
          reporter.progress.bytes_done = reporter.progress.bytes_total;
          report (&reporter, TRUE);
          return TRUE;
        }
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_REMOTE_STORAGE,
                   _("%s already holds another package named “%s”. Move it away, then retry."),
                   folder, package->folder_name);
      return FALSE;
    }

  if (g_mkdir_with_parents (resources, 0700) != 0)
    return set_destination_error (error, errno, resources);

  for (guint i = 0; with_audio && i < package->files->len; i++)
    {
      TmPackageFile *file = g_ptr_array_index (package->files, i);
      g_autofree char *dest = g_build_filename (part, file->name, NULL);
      g_autofree char *sha256 = NULL;

      if (!copy_file (file, dest, &reporter, &sha256, cancellable, error))
        return FALSE;

      reporter.progress.files_done++;
      report (&reporter, TRUE);
      g_string_append_printf (sums, "%s  %s\n", sha256, file->name);
    }

  /* Without FILES or a format, a package is its metadata.json. */
  json = tm_package_to_json (package);
  csv = tm_package_to_csv (package);
  readme = tm_package_readme (package);
  texts[0].name = "metadata.json";
  texts[0].text = (flags & TM_PACKAGE_WRITE_JSON) || !(flags & TM_PACKAGE_WRITE_CSV) ? json : NULL;
  texts[1].name = "metadata.csv";
  texts[1].text = (flags & TM_PACKAGE_WRITE_CSV) ? csv : NULL;
  texts[2].name = "README.txt";
  texts[2].text = readme;
  texts[3].name = "checksums.sha256";
  texts[3].text = sums->str;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *path = g_build_filename (part, texts[i].name, NULL);

      if (texts[i].text != NULL && !write_text (path, texts[i].text, error))
        return FALSE;
    }

  sync_dir (resources);
  sync_dir (part);
  if (g_rename (part, final) != 0)
    return set_destination_error (error, errno, final);
  sync_dir (folder);

  report (&reporter, TRUE);
  return TRUE;
}
