/* tm-sftp-target.h: delivery over SFTP with DDEX ERN 4.3, in the batch profile
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-target.h"
#include "tm-platform-settings.h"
#include "tm-sftp.h"

G_BEGIN_DECLS

/* Sessions one delivery may open at once when the platform's settings do not say. */
#define TM_SFTP_TARGET_DEFAULT_CONNECTIONS 4

#define TM_TYPE_SFTP_TARGET (tm_sftp_target_get_type ())

G_DECLARE_FINAL_TYPE (TmSftpTarget, tm_sftp_target, TM, SFTP_TARGET, GObject)

TmSftpTarget *tm_sftp_target_new              (const char         *platform_name,
                                               TmPlatformSettings *settings,
                                               const char         *secret);
TmSftpConfig  tm_sftp_target_get_config       (TmSftpTarget *self);
char         *tm_sftp_target_known_hosts_path (void);

G_END_DECLS
