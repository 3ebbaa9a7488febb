/* tm-folder-target.h: manual distribution: packages written to a folder
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-target.h"

G_BEGIN_DECLS

#define TM_TYPE_FOLDER_TARGET (tm_folder_target_get_type ())

G_DECLARE_FINAL_TYPE (TmFolderTarget, tm_folder_target, TM, FOLDER_TARGET, GObject)

TmFolderTarget *tm_folder_target_new      (const char     *platform_name,
                                           const char     *path);
const char     *tm_folder_target_get_path (TmFolderTarget *self);

void            tm_folder_target_set_ddex (TmFolderTarget *self,
                                           const char     *sender_dpid,
                                           const char     *sender_name,
                                           const char     *recipient_dpid,
                                           const char     *recipient_name);

G_END_DECLS
