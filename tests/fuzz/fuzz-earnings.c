/* fuzz-earnings.c: earnings reports of every source, hostile: the reader, the
 * formats' columns, dates and amounts, DDEX DSR blocks and summaries
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tm-earnings-reader.h"

static gboolean
line_cb (const TmEarning  *e,
         gpointer          data,
         GError          **error)
{
  const char *texts[] = { e->period, e->reported, e->store, e->country, e->isrc, e->upc,
                          e->title, e->artist, e->rate };

  /* Whatever the file held, a line is text a person can read, with a month. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !g_utf8_validate (texts[i], -1, NULL))
      abort ();
  if (e->period == NULL || strlen (e->period) != 7 || e->period[4] != '-')
    abort ();
  if (strlen (e->currency) != 3 || e->line == 0)
    abort ();
  return TRUE;
}

static void
problem_cb (guint64     line,
            const char *why,
            gpointer    data)
{
  if (!g_utf8_validate (why, -1, NULL))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  TmEarningsSource found;
  const char *path;

  if (size == 0)
    return 0;
  /* The first byte: the source forced, or none. */
  path = fuzz_write_file (data + 1, size - 1, ".report");
  tm_earnings_read (path, (TmEarningsSource) ((int) (data[0] % (TM_EARNINGS_N_SOURCES + 1)) - 1),
                    &found, line_cb, problem_cb, NULL, NULL, &error);
  fuzz_check_error (error);
  return 0;
}
