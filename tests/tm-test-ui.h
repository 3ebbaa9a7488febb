/* tm-test-ui.h: finding widgets, waiting for them, and keys for the UI tests
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-window.h"

G_BEGIN_DECLS

/* The UI tests' fixture: a catalog in a folder of its own, a second
 * connection to it as another program, and the window once a test opens it. */
typedef struct
{
  char      *dir;
  char      *path;
  TmCatalog *catalog;
  TmCatalog *other;
  TmWindow  *window;
} TmUiFixture;

void       tm_test_ui_fixture_setup     (TmUiFixture  *f,
                                         gconstpointer data);
void       tm_test_ui_fixture_teardown  (TmUiFixture  *f,
                                         gconstpointer data);

void       tm_test_ui_init              (int         *argc,
                                         char      ***argv);
void       tm_test_ui_spin              (guint        ms);
void       tm_test_ui_destroy_windows   (void);
gboolean   tm_test_ui_wait_until        (gboolean   (*condition) (gpointer),
                                         gpointer     data,
                                         guint        timeout_ms);
GtkWidget *tm_test_ui_find_type         (GtkWidget   *widget,
                                         GType        type);
GPtrArray *tm_test_ui_find_all          (GtkWidget   *widget,
                                         GType        type);
GtkWidget *tm_test_ui_find_button       (GtkWidget   *widget,
                                         const char  *label);
GtkWidget *tm_test_ui_find_text         (GtkWidget   *widget,
                                         const char  *text);
gboolean   tm_test_ui_shows             (GtkWidget   *widget);
GtkWidget *tm_test_ui_find_toplevel     (GType        type);
gboolean   tm_test_ui_can_press_keys    (void);
void       tm_test_ui_press             (GtkWindow   *window,
                                         const char  *keys);
gboolean   tm_test_ui_fits_width        (GtkWidget   *widget,
                                         int          width);

G_END_DECLS
