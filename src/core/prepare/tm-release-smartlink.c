/* tm-release-smartlink.c: the smart link page of a release of the catalog
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tm-release-smartlink.h"
#include "tm-smartlink.h"

/**
 * tm_release_smartlink_write:
 * @folder: where index.html (and the cover) go; created if needed
 *
 * The page of tm_smartlink_write() for the release @release_id, with the
 * store links its deliveries have.
 *
 * Returns: (transfer full): the path of index.html, or %NULL with @error
 */
char *
tm_release_smartlink_write (TmCatalog   *catalog,
                            gint64       release_id,
                            const char  *folder,
                            GError     **error)
{
  g_autoptr(TmRelease) release = tm_catalog_get_release (catalog, release_id, error);
  g_autoptr(GPtrArray) distributions = NULL;
  g_autoptr(TmArtwork) artwork = NULL;

  if (release == NULL
      || !(distributions = tm_catalog_list_distributions (catalog, release_id, error)))
    return NULL;
  artwork = tm_catalog_get_artwork (catalog, release_id, NULL);
  return tm_smartlink_write (release, artwork, distributions, folder, error);
}
