/* tm-widget-util.h: small things every page of the window does
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-catalog.h"

G_BEGIN_DECLS

GTask *tm_widget_task_new      (gpointer             widget,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
void tm_widget_show_toast      (GtkWidget  *widget,
                                AdwToast   *toast);
void tm_widget_show_message    (GtkWidget  *widget,
                                const char *message);
void tm_widget_scroll_into_view (GtkWidget *widget);
char *tm_help_resolve          (const char *uri);
void tm_widget_show_help       (GtkWidget  *widget,
                                const char *uri);

typedef void (*TmAudioChangedFunc) (GtkWidget *widget,
                                    TmTrack   *track);

void tm_widget_add_drag_and_keys (GtkWidget        *widget,
                                  GCallback         drag_begin,
                                  GCallback         drag_update,
                                  GCallback         drag_end,
                                  GCallback         key_pressed);
void tm_widget_set_cover       (GtkWidget          *widget,
                                TmCatalog          *catalog,
                                gint64              release_id,
                                const char         *path);
void tm_widget_replace_audio   (GtkWidget          *widget,
                                TmCatalog          *catalog,
                                gint64              track_id,
                                const char         *path,
                                TmAudioChangedFunc  changed,
                                guint              *busy);

G_END_DECLS
