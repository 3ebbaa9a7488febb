/* tm-genre.c: the genres the stores list
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The primary genres the large stores take, as their names are written in
 * their submission specifications (the iTunes Store's genre list, which the
 * streaming services and distributors follow). A release keeps the name as
 * text, so a genre given before (or by a tag) stays as it was. */

#include "config.h"

#include <string.h>

#include "tm-genre.h"

static const char * const genres[] = {
  "Alternative", "Anime", "Blues", "Children's Music", "Christian & Gospel", "Classical",
  "Comedy", "Country", "Dance", "Electronic", "Fitness & Workout", "Folk", "Hip-Hop/Rap",
  "Holiday", "Instrumental", "J-Pop", "Jazz", "K-Pop", "Latin", "Metal", "New Age", "Pop",
  "Punk", "R&B/Soul", "Reggae", "Rock", "Singer/Songwriter", "Soundtrack", "Spoken Word",
  "World", NULL,
};

/**
 * tm_genre_get_all:
 *
 * Returns: (transfer none): the genres, alphabetically
 */
const char * const *
tm_genre_get_all (void)
{
  return genres;
}

/**
 * tm_genre_find:
 *
 * Returns: (nullable): the store's spelling of @name ("hip-hop/rap" →
 *   "Hip-Hop/Rap"), or %NULL if no store lists it
 */
const char *
tm_genre_find (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; genres[i] != NULL; i++)
    if (g_ascii_strcasecmp (genres[i], name) == 0)
      return genres[i];
  return NULL;
}
