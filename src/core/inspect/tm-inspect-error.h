/* tm-inspect-error.h: what can be wrong with a file handed to TuneMantra
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TM_INSPECT_ERROR (tm_inspect_error_quark ())

typedef enum
{
  TM_INSPECT_ERROR_EMPTY,          /* zero bytes */
  TM_INSPECT_ERROR_UNREADABLE,     /* cannot be opened or read */
  TM_INSPECT_ERROR_NOT_AUDIO,      /* not audio TuneMantra can decode */
  TM_INSPECT_ERROR_NOT_IMAGE,      /* not JPEG or PNG */
  TM_INSPECT_ERROR_CORRUPT,        /* damaged structure */
  TM_INSPECT_ERROR_TRUNCATED,      /* shorter than its header says */
  TM_INSPECT_ERROR_TOO_LARGE,      /* more pixels than may be decoded */
  TM_INSPECT_ERROR_UNSUPPORTED,    /* a format this reader does not parse */
} TmInspectError;

GQuark tm_inspect_error_quark (void);

G_END_DECLS
