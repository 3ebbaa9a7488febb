/* tm-earning.c: one line of a distributor's earnings report, as read
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-earning.h"

static const char * const kinds[] = { "stream", "download", "other", "payout" };
static const char * const bases[] = { "gross", "after-split", "after-fees", "allocated" };

/**
 * tm_earning_clear:
 *
 * Frees what @earning holds and zeroes it, to be filled again.
 */
void
tm_earning_clear (TmEarning *earning)
{
  g_free (earning->period);
  g_free (earning->reported);
  g_free (earning->store);
  g_free (earning->country);
  g_free (earning->isrc);
  g_free (earning->upc);
  g_free (earning->title);
  g_free (earning->artist);
  g_free (earning->rate);
  memset (earning, 0, sizeof *earning);
}

const char *
tm_earning_kind_to_string (TmEarningKind kind)
{
  return kind < G_N_ELEMENTS (kinds) ? kinds[kind] : "other";
}

const char *
tm_earning_basis_to_string (TmEarningBasis basis)
{
  return basis < G_N_ELEMENTS (bases) ? bases[basis] : "gross";
}

gboolean
tm_earning_kind_from_string (const char    *text,
                             TmEarningKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (text, kinds[i]) == 0)
      {
        *kind = (TmEarningKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
tm_earning_basis_from_string (const char     *text,
                              TmEarningBasis *basis)
{
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    if (g_strcmp0 (text, bases[i]) == 0)
      {
        *basis = (TmEarningBasis) i;
        return TRUE;
      }
  return FALSE;
}

/* Store names as reports write them, to the platform they are; the first
 * match wins, so the longer names come first. */
static const struct { const char *part; const char *platform; } stores[] = {
  { "apple music", "Apple Music" },
  { "itunes match", "Apple Music" },
  { "itunes", "iTunes" },
  { "spotify", "Spotify" },
  { "youtube", "YouTube" },
  { "instagram", "Meta (Facebook, Instagram)" },
  { "facebook", "Meta (Facebook, Instagram)" },
  { "amazon", "Amazon Music" },
  { "deezer", "Deezer" },
  { "tidal", "TIDAL" },
  { "tiktok", "TikTok" },
  { "napster", "Napster" },
  { "pandora", "Pandora" },
  { "soundcloud", "SoundCloud" },
  { "anghami", "Anghami" },
  { "boomplay", "Boomplay" },
  { "audiomack", "Audiomack" },
  { "beatport", "Beatport" },
  { "bandcamp", "Bandcamp" },
  { "google", "Google Play" },
  { "tencent", "Tencent" },
  { "netease", "NetEase Cloud Music" },
  { "jiosaavn", "JioSaavn" },
  { "saavn", "JioSaavn" },
  { "iheart", "iHeartRadio" },
  { "qobuz", "Qobuz" },
  { "yandex", "Yandex Music" },
  { "soundexchange", "SoundExchange" },
  { "peloton", "Peloton" },
  { "snap", "Snapchat" },
  { "shazam", "Shazam" },
  { "medianet", "MediaNet" },
};

/**
 * tm_earning_platform_for_store:
 *
 * Returns: the platform a report's store name is ("YouTube (Ads)" is YouTube,
 *   "iTunes - Apple Music - Australia" Apple Music), or @store itself
 */
const char *
tm_earning_platform_for_store (const char *store)
{
  g_autofree char *folded = NULL;

  if (store == NULL || *store == '\0')
    return _("Unknown store");
  folded = g_ascii_strdown (store, -1);
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    if (strstr (folded, stores[i].part) != NULL)
      return stores[i].platform;
  return store;
}
