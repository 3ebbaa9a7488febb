/* tm-ssh-keystream.h: AES-CTR for libssh2 from keystream made in bulk
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TM_SSH_KEYSTREAM_PROVIDER "tunemantra-keystream"

gboolean tm_ssh_keystream_install        (void);
guint    tm_ssh_keystream_count_contexts (void);

G_END_DECLS
