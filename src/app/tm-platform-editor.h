/* tm-platform-editor.h: every setting of one platform, its secret, on or off
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tm-model.h"

G_BEGIN_DECLS

#define TM_TYPE_PLATFORM_EDITOR (tm_platform_editor_get_type ())

G_DECLARE_FINAL_TYPE (TmPlatformEditor, tm_platform_editor, TM, PLATFORM_EDITOR, AdwWindow)

GtkWidget *tm_platform_editor_new (TmPlatform *platform);

G_END_DECLS
