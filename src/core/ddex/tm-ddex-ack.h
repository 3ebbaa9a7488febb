/* tm-ddex-ack.h: DDEX acknowledgements from platforms, read safely
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-delivery-result.h"

G_BEGIN_DECLS

/* The largest acknowledgement read; anything bigger is refused unread. */
#define TM_DDEX_ACK_MAX_BYTES (1 << 20)

TmDeliveryResult *tm_ddex_read_acknowledgement (const char  *data,
                                                gsize        length,
                                                const char  *name,
                                                const char  *message_id,
                                                const char  *upc,
                                                GError     **error);

G_END_DECLS
