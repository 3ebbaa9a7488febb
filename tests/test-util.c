/* test-util.c: the lowest layer: JSON, files, text and CSV from outside
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tm-csv.h"
#include "tm-deadline.h"
#include "tm-json.h"
#include "tm-safe-file.h"
#include "tm-test-utils.h"
#include "tm-text.h"

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "{\"a\":" : "[");
  g_string_append (s, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (s, (i - 1) % 2 ? "}" : "]");
  return g_string_free (s, FALSE);
}

static void
test_json_depth (void)
{
  g_autofree char *ok = nested (TM_JSON_MAX_DEPTH);
  g_autofree char *deep = nested (TM_JSON_MAX_DEPTH + 1);
  g_autofree char *huge = g_strnfill (300 * 1024, '[');
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = tm_json_parse (ok, strlen (ok), "ok.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (tm_json_parse (deep, strlen (deep), "deep.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_clear_error (&error);

  /* What crashes json-glib 1.6 by its depth alone. */
  g_assert_null (tm_json_parse (huge, strlen (huge), "huge.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Brackets inside strings are text, not depth. */
  {
    g_autofree char *brackets = g_strnfill (1000, '[');
    g_autofree char *text = g_strdup_printf ("{\"title\": \"%s\\\"\"}", brackets);
    g_autoptr(JsonObject) o = tm_json_parse_object (text, strlen (text), "t", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (tm_json_string_or (o, "title", "")), ==, 1001);
  }
}

static void
test_json_nul (void)
{
  static const char escaped[] = "{\"access_token\": \"ab\\u0000cd\"}";
  static const char raw[] = "{\"a\": \"x\0y\"}";
  static const char fine[] = "{\"a\": \"\\\\u0000 is how it is written\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_null (tm_json_parse (escaped, strlen (escaped), "token.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "token.json"));
  g_clear_error (&error);
  g_assert_null (tm_json_parse (raw, sizeof raw - 1, "raw.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  /* An escaped backslash before u0000 is text. */
  node = tm_json_parse (fine, strlen (fine), "fine.json", &error);
  g_assert_no_error (error);
}

static void
test_text (void)
{
  static const char * const refused[] = {
    "Title\x01", "A\x0b" "B", "DEL\x7f", "C1 \xc2\x85", "bidi \xe2\x80\xae" "evil",
    "isolate \xe2\x81\xa6x", "line\xe2\x80\xa8sep", "bom\xef\xbb\xbf", "tab\there", "nl\nhere",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (tm_text_check ("Title", refused[i], FALSE, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_str_has_prefix (error->message, "Title"));
      g_clear_error (&error);
    }
  g_assert_true (tm_text_check ("Notes", "two\nlines\tand a tab", TRUE, &error));
  g_assert_true (tm_text_check ("Title", "Straße — «Ω» 日本 \xe2\x80\x8f", FALSE, &error));
  g_assert_false (tm_text_check ("Title", "bad \xff utf-8", FALSE, &error));
  g_clear_error (&error);

  {
    gboolean changed = FALSE;
    g_autofree char *clean = tm_text_clean ("A\x01" "B\tC\xe2\x80\xae" "D", FALSE, &changed);

    g_assert_true (changed);
    g_assert_cmpstr (clean, ==, "AB CD");
  }
  {
    g_autofree char *cut = tm_text_from_outside ("abcdefghij", 5);

    g_assert_cmpstr (cut, ==, "abcd…");
  }
  g_assert_true (tm_text_is_identifier ("r-1_a.b~c:d", 64));
  g_assert_false (tm_text_is_identifier ("../x", 64));
  g_assert_false (tm_text_is_identifier ("..", 64));
  g_assert_false (tm_text_is_identifier ("a/b", 64));
  g_assert_true (tm_text_is_web_address ("https://music.example/album?id=1"));
  g_assert_false (tm_text_is_web_address ("javascript:alert(1)"));
  g_assert_false (tm_text_is_web_address ("https://x.example/\"><script>"));
  g_assert_false (tm_text_is_web_address ("file:///etc/passwd"));
}

static void
test_csv (void)
{
  g_autoptr(TmCsv) csv = tm_csv_new ("\r\n");
  g_autofree char *text = NULL;

  tm_csv_text (csv, "=HYPERLINK(\"http://evil\",\"x\")");
  tm_csv_text (csv, "+1");
  tm_csv_text (csv, "-2+3");
  tm_csv_text (csv, "@SUM(A1)");
  tm_csv_text (csv, "\tTab");
  tm_csv_text (csv, "\rCR");
  tm_csv_text (csv, "  =padded");
  tm_csv_text (csv, "plain, with comma");
  tm_csv_text (csv, "Dawn");
  tm_csv_int (csv, -5);
  tm_csv_double (csv, -0.25, 2);
  tm_csv_end_row (csv);
  text = tm_csv_free_to_string (g_steal_pointer (&csv));
  g_assert_cmpstr (text, ==,
                   "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",\"'+1\",\"'-2+3\",\"'@SUM(A1)\","
                   "\"'\tTab\",\"'\rCR\",\"'  =padded\",\"plain, with comma\",Dawn,-5,-0.25\r\n");
}

static void
test_open_regular (void)
{
  g_autofree char *dir = tm_test_make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "track.wav", NULL);
  g_autofree char *file = g_build_filename (dir, "real.wav", NULL);
  g_autofree char *link = g_build_filename (dir, "link.wav", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (file, "RIFF", 4, NULL));
  g_assert_cmpint (symlink (file, link), ==, 0);

  /* A FIFO with no writer: refused at once, never waited on. */
  g_assert_cmpint (tm_open_regular (fifo, TM_OPEN_FOLLOW, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "track.wav"));
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* Devices and folders too. */
  g_assert_cmpint (tm_open_regular ("/dev/zero", TM_OPEN_FOLLOW, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_assert_cmpint (tm_open_regular (dir, TM_OPEN_FOLLOW, NULL, &error), ==, -1);
  g_clear_error (&error);

  /* A link: followed when asked, refused when not. */
  fd = tm_open_regular (link, TM_OPEN_FOLLOW, NULL, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_cmpint (tm_open_regular (link, TM_OPEN_NOFOLLOW, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  /* A file larger than its limit is refused by its size, unread. */
  {
    g_autofree char *contents = g_strnfill (100000, 'x');

    g_assert_true (g_file_set_contents (big, contents, -1, NULL));
  }
  g_assert_null (tm_read_file_bounded (big, 1024, TM_OPEN_FOLLOW, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);
  text = tm_read_file_bounded (big, 100000, TM_OPEN_FOLLOW, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, 100000);

  /* Inside a folder, links resolved. */
  g_assert_true (tm_path_is_inside (link, dir));
  g_assert_false (tm_path_is_inside ("/etc/passwd", dir));
  {
    g_autofree char *out = g_build_filename (dir, "out", NULL);

    g_assert_cmpint (symlink ("/etc/passwd", out), ==, 0);
    g_assert_false (tm_path_is_inside (out, dir));
  }

  tm_test_remove_tree (dir);
}

static void
test_deadline (void)
{
  g_autoptr(GCancellable) parent = g_cancellable_new ();
  g_autoptr(TmDeadline) soon = tm_deadline_new (parent, 50000);
  g_autoptr(TmDeadline) later = tm_deadline_new (parent, 60 * G_USEC_PER_SEC);
  gint64 start = g_get_monotonic_time ();

  while (!g_cancellable_is_cancelled (tm_deadline_get_cancellable (soon)))
    {
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
  g_assert_true (tm_deadline_expired (soon));
  g_assert_false (g_cancellable_is_cancelled (tm_deadline_get_cancellable (later)));

  /* The caller's cancel is not an expiry. */
  g_cancellable_cancel (parent);
  g_assert_true (g_cancellable_is_cancelled (tm_deadline_get_cancellable (later)));
  g_assert_false (tm_deadline_expired (later));

  /* Many made and freed at once, the timer firing meanwhile. */
  for (guint i = 0; i < 2000; i++)
    tm_deadline_free (tm_deadline_new (NULL, i % 3));

  /* With grace, the caller's cancel reaches the work that much later, and
   * still does once the deadline is freed meanwhile (its timer outlives it). */
  {
    g_autoptr(GCancellable) caller = g_cancellable_new ();
    g_autoptr(TmDeadline) graced = tm_deadline_new_with_grace (caller, 60 * G_USEC_PER_SEC,
                                                               100000);
    GCancellable *work = tm_deadline_get_cancellable (graced);

    start = g_get_monotonic_time ();
    g_cancellable_cancel (caller);
    g_assert_false (g_cancellable_is_cancelled (work));
    while (!g_cancellable_is_cancelled (work))
      {
        g_usleep (1000);
        g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
      }
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 100000);
    g_assert_false (tm_deadline_expired (graced));

    for (guint i = 0; i < 2000; i++)
      {
        g_autoptr(GCancellable) c = g_cancellable_new ();
        TmDeadline *d = tm_deadline_new_with_grace (c, 60 * G_USEC_PER_SEC, i % 3 + 1);

        g_cancellable_cancel (c);
        tm_deadline_free (d);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/json/depth", test_json_depth);
  g_test_add_func ("/util/json/nul", test_json_nul);
  g_test_add_func ("/util/text", test_text);
  g_test_add_func ("/util/csv", test_csv);
  g_test_add_func ("/util/file/open-regular", test_open_regular);
  g_test_add_func ("/util/deadline", test_deadline);

  return g_test_run ();
}
