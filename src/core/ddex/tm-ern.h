/* tm-ern.h: DDEX ERN 4.3 NewReleaseMessages, written and validated
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tm-package.h"

G_BEGIN_DECLS

#define TM_ERN_ERROR (tm_ern_error_quark ())

typedef enum
{
  TM_ERN_ERROR_MISSING,       /* the release lacks what the message needs */
  TM_ERN_ERROR_INVALID,       /* the message does not validate; the text names the element */
  TM_ERN_ERROR_SCHEMA,        /* the schemas cannot be found or read */
} TmErnError;

/* Who sends to whom, and what kind of message. */
typedef struct
{
  const char *sender_dpid;     /* PADPIDA…; the DDEX Party ID of whoever delivers */
  const char *sender_name;
  const char *recipient_dpid;
  const char *recipient_name;
  const char *message_id;      /* NULL: a new one */
  GDateTime  *created;         /* NULL: now */
  gboolean    takedown;        /* the release again with no deals (ERN 4 takedown) */
  gboolean    test_message;    /* MessageControlType TestMessage */
} TmErnHeader;

GQuark    tm_ern_error_quark             (void);
char     *tm_ern_new_release_message     (TmPackage          *package,
                                          const TmErnHeader  *header,
                                          gsize              *length,
                                          GError            **error);
gboolean  tm_ern_validate                (const char         *xml,
                                          gsize               length,
                                          GError            **error);
gboolean  tm_ern_write_package           (TmPackage          *package,
                                          const char         *folder,
                                          const TmErnHeader  *header,
                                          GError            **error);

G_END_DECLS
