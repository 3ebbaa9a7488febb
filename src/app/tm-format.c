/* tm-format.c: times as people read them
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-format.h"

/**
 * tm_format_when:
 * @usec: a time, in microseconds since 1970 (UTC)
 * @now: the present, the same way (g_get_real_time() but in tests)
 *
 * In the local time zone: "Today at 14:05", "Yesterday at 09:12", or
 * "3 Nov 2026 at 18:40"; %NULL for no time.
 */
char *
tm_format_when (gint64 usec,
                gint64 now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *clock = NULL;
  int days;

  if (usec <= 0 || !(when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC))
      || !(today = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC)))
    return NULL;

  clock = g_date_time_format (when, "%H:%M");
  days = g_date_time_get_day_of_year (today) - g_date_time_get_day_of_year (when);
  if (g_date_time_get_year (today) == g_date_time_get_year (when) && days == 0)
    /* TRANSLATORS: %s is a time of day, such as 14:05 */
    return g_strdup_printf (_("Today at %s"), clock);
  if (g_date_time_get_year (today) == g_date_time_get_year (when) && days == 1)
    /* TRANSLATORS: %s is a time of day, such as 14:05 */
    return g_strdup_printf (_("Yesterday at %s"), clock);
  {
    g_autofree char *day = g_date_time_format (when, "%-d %b %Y");

    /* TRANSLATORS: a date, such as 3 Nov 2026, and a time of day, such as 14:05 */
    return g_strdup_printf (_("%s at %s"), day, clock);
  }
}

/* "Album", for people. */
char *
tm_format_release_type (TmReleaseType type)
{
  switch (type)
    {
    case TM_RELEASE_TYPE_SINGLE: return g_strdup (_("Single"));
    case TM_RELEASE_TYPE_EP: return g_strdup (_("EP"));
    case TM_RELEASE_TYPE_ALBUM: return g_strdup (_("Album"));
    case TM_RELEASE_TYPE_COMPILATION: return g_strdup (_("Compilation"));
    default: return g_strdup ("");
    }
}

/* A YYYY-MM-DD date as "1 Mar 2027"; "—" for none, and the text itself when it
 * is not a date. */
char *
tm_format_date (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (date == NULL)
    return g_strdup ("—");
  iso = g_strconcat (date, "T00:00:00Z", NULL);
  if (!(dt = g_date_time_new_from_iso8601 (iso, NULL)))
    return g_strdup (date);
  /* TRANSLATORS: a release date, see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y"));
}
