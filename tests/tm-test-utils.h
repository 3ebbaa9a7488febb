/* tm-test-utils.h: temporary folders and main-loop helpers for the tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *tm_test_make_tmp_dir    (void);
void      tm_test_isolate_user_state (void);
void      tm_test_remove_tree     (const char   *path);
GBytes   *tm_test_read_bytes      (const char   *path);
void      tm_test_write_tone      (const char   *path,
                                   guint         rate,
                                   guint         channels,
                                   double        seconds);
gboolean  tm_test_wait_for        (gboolean    (*condition) (gpointer),
                                   gpointer       data,
                                   guint          timeout_ms);

/* Runs tunemantra-cli ($TUNEMANTRA_CLI) on @catalog in @cwd; returns its exit status. */
int       tm_test_run_cli         (const char          *catalog,
                                   const char          *cwd,
                                   const char * const  *args,
                                   char               **out,
                                   char               **err);

void         tm_test_run_shell      (const char *script);
void         tm_test_trust_platform (const char *catalog,
                                     const char *dir,
                                     const char *name);
int          tm_test_free_port      (void);
void         tm_test_sshd_make_keys (const char *dir);
GSubprocess *tm_test_sshd_start     (const char *dir,
                                     int         port,
                                     const char *subsystem);
GSubprocess *tm_test_sshd_start_with (const char *dir,
                                      int         port,
                                      const char *subsystem,
                                      const char *extra);
void         tm_test_sshd_stop      (GSubprocess *sshd);

void      tm_test_make_complete_single (const char *catalog,
                                        const char *dir,
                                        double      seconds);
void      tm_test_add_second_track     (const char *catalog,
                                        const char *dir,
                                        const char *audio,
                                        double      seconds);

/* The one integer @sql returns, read through @catalog's own connection. */
gint64    tm_test_count           (gpointer             catalog,
                                   const char          *sql);

/* A tunemantra-sandbox ($TUNEMANTRA_SANDBOX) of the test's own. */
typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *token;
  char        *data;
} TmTestSandbox;

TmTestSandbox *tm_test_sandbox_start (const char          *data,
                                      const char * const  *args);
void           tm_test_sandbox_stop  (TmTestSandbox       *sandbox);

/* The SHA-256 of an upload a sandbox keeps in @data, and its size: its own
 * bytes, or those of a joined upload's parts in order. NULL when there is no
 * such upload; @partial says whether it is a part. */
char          *tm_test_sandbox_upload_sha256 (const char          *data,
                                              const char          *id,
                                              gint64              *size,
                                              gboolean            *partial);
/* The bytes a sandbox keeps in @data, in all its uploads: the bytes it was sent;
 * @largest gets the largest upload's. Uploads made or dropped meanwhile may be
 * missed (it is read while the sandbox works). */
gint64         tm_test_sandbox_bytes         (const char          *data,
                                              gint64              *largest);
/* Every upload that is not a part, as the SHA-256 of its bytes. */
GHashTable    *tm_test_sandbox_files         (const char          *data);

/* Whether the DDEX schemas are here to validate with; if not, the test is
 * skipped with how to give them. */
gboolean  tm_test_have_ddex_schemas (void);

/* Overwrites a catalog's pages after the first, as a failing disk would. */
void      tm_test_damage_catalog  (const char          *path);

G_END_DECLS
