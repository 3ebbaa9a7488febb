/* tm-ern.c: DDEX ERN 4.3 NewReleaseMessages, written and validated
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The message is built from a package's metadata (the release, its tracks with
 * their credits, the files with their checksums), in the element order of the
 * XSD, and validated against the official ERN 4.3 schema before it is handed
 * back: a message that does not validate never leaves. The schema is read
 * offline, from the copy tm-ddex-schemas.c finds or fetches.
 *
 * References: P… parties, A… resources, T… technical details, R0 the release,
 * R1… one TrackRelease per track. Every NewReleaseMessage is the whole truth
 * about the release: an update is the same message again; a takedown is the
 * message with no deals (ERN 4 has no UpdateIndicator). */

#define G_LOG_DOMAIN "tm-ern"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "tm-ern.h"
#include "tm-ddex-schemas.h"
#include "tm-inspector.h"

#define ERN_NS "http://ddex.net/xml/ern/43"
#define AVS_VERSION "9"

G_DEFINE_QUARK (tm-ern-error-quark, tm_ern_error)

/* Reading the metadata */

static const char *
str (JsonObject *o,
     const char *key)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gint64
num (JsonObject *o,
     const char *key)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : 0;
}

static double
dbl (JsonObject *o,
     const char *key)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : 0;
}

static JsonArray *
arr (JsonObject *o,
     const char *key)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, key) : NULL;

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

/* "A, B & C", as stores show it. */
static char *
join_names (JsonArray *names)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = names != NULL ? json_array_get_length (names) : 0;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? "" : i + 1 == n ? " & " : ", ",
                            json_array_get_string_element (names, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Building */

typedef struct
{
  xmlDoc     *doc;
  GHashTable *parties;     /* name → "P<n>", in order of first use */
  GPtrArray  *party_names; /* the names, in that order */
  char       *label_ref;
} Builder;

/* A child without a namespace (ERN children are unqualified; only the root has
 * the ern: prefix), its text escaped when written. */
static xmlNode *
add (xmlNode    *parent,
     const char *name,
     const char *text)
{
  xmlNode *node = xmlNewDocRawNode (parent->doc, NULL, BAD_CAST name, BAD_CAST text);

  return xmlAddChild (parent, node);
}

static xmlNode *
add_printf (xmlNode    *parent,
            const char *name,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static xmlNode *
add_printf (xmlNode    *parent,
            const char *name,
            const char *format,
            ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return add (parent, name, text);
}

static const char *
party (Builder    *b,
       const char *name)
{
  char *ref = g_hash_table_lookup (b->parties, name);

  if (ref == NULL)
    {
      ref = g_strdup_printf ("P%u", b->party_names->len + 1);
      g_ptr_array_add (b->party_names, g_strdup (name));
      g_hash_table_insert (b->parties, g_strdup (name), ref);
    }
  return ref;
}

static void
add_display_artists (Builder   *b,
                     xmlNode   *parent,
                     JsonArray *main,
                     JsonArray *featured)
{
  for (guint i = 0; main != NULL && i < json_array_get_length (main); i++)
    {
      xmlNode *a = add (parent, "DisplayArtist", NULL);

      add (a, "ArtistPartyReference", party (b, json_array_get_string_element (main, i)));
      add (a, "DisplayArtistRole", "MainArtist");
    }
  for (guint i = 0; featured != NULL && i < json_array_get_length (featured); i++)
    {
      xmlNode *a = add (parent, "DisplayArtist", NULL);

      add (a, "ArtistPartyReference", party (b, json_array_get_string_element (featured, i)));
      add (a, "DisplayArtistRole", "FeaturedArtist");
    }
}

/* Our contributor roles, as ERN resource contributor roles; the work roles
 * (composer, lyricist, arranger) have no value there and go as UserDefined. */
static void
add_contributor_role (xmlNode    *contributor,
                      const char *role)
{
  static const struct { const char *ours; const char *ern; } map[] = {
    { "producer", "StudioProducer" }, { "co_producer", "CoProducer" },
    { "remixer", "Remixer" }, { "mixing_engineer", "MixingEngineer" },
    { "mastering_engineer", "MasteringEngineer" },
    { "recording_engineer", "RecordingEngineer" }, { "conductor", "Conductor" },
    { "performer", "AssociatedPerformer" },
  };
  static const struct { const char *ours; const char *label; } work[] = {
    { "composer", "Composer" }, { "lyricist", "Lyricist" }, { "arranger", "Arranger" },
  };
  xmlNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (role, map[i].ours) == 0)
      {
        add (contributor, "Role", map[i].ern);
        return;
      }
  node = add (contributor, "Role", "UserDefined");
  for (guint i = 0; i < G_N_ELEMENTS (work); i++)
    if (g_strcmp0 (role, work[i].ours) == 0)
      {
        xmlNewProp (node, BAD_CAST "UserDefinedValue", BAD_CAST work[i].label);
        return;
      }
  xmlNewProp (node, BAD_CAST "UserDefinedValue", BAD_CAST (role != NULL ? role : "Other"));
}

/* <PLine> or <CLine>, when the release has its year and holder. */
static void
add_rights_line (xmlNode    *parent,
                 JsonObject *release,
                 gboolean    phonographic)
{
  gint64 year = num (release, phonographic ? "p_year" : "c_year");
  const char *holder = str (release, phonographic ? "p_holder" : "c_holder");
  xmlNode *line;

  if (year <= 0 || holder == NULL)
    return;
  line = add (parent, phonographic ? "PLine" : "CLine", NULL);
  add_printf (line, "Year", "%" G_GINT64_FORMAT, year);
  add_printf (line, phonographic ? "PLineText" : "CLineText", "%s %" G_GINT64_FORMAT " %s",
              phonographic ? "℗" : "©", year, holder);
}

static const char *
audio_codec (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".flac"))
    return "FLAC";
  if (g_str_has_suffix (lower, ".mp3"))
    return "MP3";
  if (g_str_has_suffix (lower, ".m4a") || g_str_has_suffix (lower, ".aac"))
    return "AAC";
  if (g_str_has_suffix (lower, ".ogg"))
    return "Vorbis";
  return "PCM";           /* WAV, RF64, AIFF */
}

/* "PT3M30.5S" */
static char *
iso_duration (double seconds)
{
  gint64 whole = (gint64) seconds;
  int minutes = (int) (whole / 60);
  double rest = seconds - minutes * 60.0;

  return g_strdup_printf ("PT%dM%.3fS", minutes, rest);
}

static void
add_file (xmlNode    *parent,
          JsonObject *file)
{
  xmlNode *f = add (parent, "File", NULL);
  xmlNode *hash;

  add (f, "URI", str (file, "name"));
  if (str (file, "sha256") != NULL)
    {
      hash = add (f, "HashSum", NULL);
      add (hash, "Algorithm", "SHA-256");
      add (hash, "HashSumValue", str (file, "sha256"));
    }
  if (num (file, "bytes") > 0)
    add_printf (f, "FileSize", "%" G_GINT64_FORMAT, num (file, "bytes"));
}

static JsonObject *
file_named (JsonArray  *files,
            const char *name)
{
  for (guint i = 0; files != NULL && name != NULL && i < json_array_get_length (files); i++)
    {
      JsonObject *f = json_array_get_object_element (files, i);

      if (g_strcmp0 (str (f, "name"), name) == 0)
        return f;
    }
  return NULL;
}

static gboolean
missing (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
missing (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (TM_ERN_ERROR, TM_ERN_ERROR_MISSING, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
check_header (const TmErnHeader  *h,
              GError            **error)
{
  static GRegex *dpid;

  if (dpid == NULL)
    dpid = g_regex_new ("^PADPIDA[a-zA-Z0-9]+$", G_REGEX_OPTIMIZE, 0, NULL);
  if (h->sender_dpid == NULL || !g_regex_match (dpid, h->sender_dpid, 0, NULL))
    return missing (error, _("The DDEX Party ID of the sender is missing or wrong (it starts "
                             "with PADPIDA). Get one with a DDEX implementation licence, and "
                             "set it in the platform's settings."));
  if (h->recipient_dpid == NULL || !g_regex_match (dpid, h->recipient_dpid, 0, NULL))
    return missing (error, _("The DDEX Party ID of the platform is missing or wrong (it starts "
                             "with PADPIDA); the platform gives it in its delivery "
                             "specification."));
  return TRUE;
}

/* Tracks whose length the catalog does not know yet are measured now (the
 * message cannot be written without it). Blocks. */
static void
measure_missing_durations (TmPackage *package)
{
  JsonObject *release = json_node_get_object (tm_package_get_metadata (package));
  JsonArray *tracks = arr (release, "tracks");
  GPtrArray *files = tm_package_get_files (package);

  for (guint i = 0; tracks != NULL && i < json_array_get_length (tracks); i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);

      if (dbl (t, "duration_s") > 0)
        continue;
      for (guint k = 0; k < files->len; k++)
        {
          TmPackageFile *file = g_ptr_array_index (files, k);
          const char *paths[] = { file->source, NULL };
          g_autoptr(GPtrArray) reports = NULL;
          JsonNode *report;

          if (g_strcmp0 (file->name, str (t, "file")) != 0)
            continue;
          reports = tm_inspect_files (NULL, paths, NULL);
          report = reports != NULL && reports->len == 1 ? g_ptr_array_index (reports, 0) : NULL;
          if (report != NULL && JSON_NODE_HOLDS_OBJECT (report)
              && dbl (json_node_get_object (report), "duration_s") > 0)
            json_object_set_double_member (t, "duration_s",
                                           dbl (json_node_get_object (report), "duration_s"));
        }
    }
}

static xmlDoc *
build (TmPackage          *package,
       const TmErnHeader  *h,
       GError            **error)
{
  JsonObject *release = json_node_get_object (tm_package_get_metadata (package));
  JsonArray *tracks = arr (release, "tracks");
  JsonArray *files = arr (release, "files");
  JsonArray *artists = arr (release, "artists");
  const char *type = str (release, "release_type");
  const char *title = str (release, "title");
  const char *upc = str (release, "upc");
  const char *genre = str (release, "genre");
  const char *label = str (release, "label");
  const char *date = str (release, "release_date");
  gboolean explicit = json_object_get_boolean_member_with_default (release, "explicit", FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) created = h->created != NULL ? g_date_time_to_utc (h->created)
                                                    : g_date_time_ref (now);
  g_autofree char *created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *message_id = h->message_id != NULL
                                ? g_strdup (h->message_id)
                                : g_strdup_printf ("%s-%" G_GINT64_FORMAT,
                                                   tm_package_get_id (package),
                                                   g_get_real_time ());
  g_autofree char *release_artist = join_names (artists);
  Builder b = { 0 };
  xmlNode *root, *header, *node, *party_list, *resources, *releases, *rel, *group;
  xmlNs *ns;
  guint n_tracks = tracks != NULL ? json_array_get_length (tracks) : 0;
  JsonObject *cover = file_named (files, str (release, "cover"));

  if (!check_header (h, error))
    return NULL;
  if (title == NULL || artists == NULL || json_array_get_length (artists) == 0)
    return (missing (error, _("The release needs a title and a primary artist.")), NULL);
  if (upc == NULL)
    return (missing (error, _("The release needs a UPC or EAN (the ICPN of DDEX). TuneMantra "
                              "never invents one: your distributor or GS1 gives it.")), NULL);
  if (label == NULL || genre == NULL || date == NULL)
    return (missing (error, _("The release needs a label, a genre and a release date.")), NULL);
  if (n_tracks == 0)
    return (missing (error, _("The release has no tracks.")), NULL);
  measure_missing_durations (package);

  b.parties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b.party_names = g_ptr_array_new_with_free_func (g_free);
  b.doc = xmlNewDoc (BAD_CAST "1.0");
  root = xmlNewDocNode (b.doc, NULL, BAD_CAST "NewReleaseMessage", NULL);
  xmlDocSetRootElement (b.doc, root);
  ns = xmlNewNs (root, BAD_CAST ERN_NS, BAD_CAST "ern");
  xmlSetNs (root, ns);
  xmlNewProp (root, BAD_CAST "LanguageAndScriptCode",
              BAD_CAST (str (release, "language") != NULL ? str (release, "language") : "en"));
  xmlNewProp (root, BAD_CAST "AvsVersionId", BAD_CAST AVS_VERSION);
  xmlNewProp (root, BAD_CAST "ReleaseProfileVersionId", BAD_CAST "Audio");

  /* MessageHeader */
  header = add (root, "MessageHeader", NULL);
  add (header, "MessageThreadId", tm_package_get_id (package));
  add (header, "MessageId", message_id);
  node = add (header, "MessageSender", NULL);
  add (node, "PartyId", h->sender_dpid);
  if (h->sender_name != NULL)
    add (add (node, "PartyName", NULL), "FullName", h->sender_name);
  node = add (header, "MessageRecipient", NULL);
  add (node, "PartyId", h->recipient_dpid);
  if (h->recipient_name != NULL)
    add (add (node, "PartyName", NULL), "FullName", h->recipient_name);
  add (header, "MessageCreatedDateTime", created_text);
  add (header, "MessageControlType", h->test_message ? "TestMessage" : "LiveMessage");

  /* The parties are listed once every reference to them is known: the list is
   * built after the resources and releases, and moved before them. */
  party_list = add (root, "PartyList", NULL);
  b.label_ref = g_strdup (party (&b, label));

  /* ResourceList */
  resources = add (root, "ResourceList", NULL);
  for (guint i = 0; i < n_tracks; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      JsonObject *file = file_named (files, str (t, "file"));
      JsonArray *track_artists = arr (t, "artists") != NULL
                                 && json_array_get_length (arr (t, "artists")) > 0
                                 ? arr (t, "artists") : artists;
      g_autofree char *display = join_names (track_artists);
      g_autofree char *duration = NULL;
      g_autofree char *ref = g_strdup_printf ("A%u", i + 1);
      g_autofree char *tech = g_strdup_printf ("T%u", i + 1);
      JsonArray *contributors = arr (t, "contributors");
      xmlNode *sr, *edition, *details, *delivery;

      if (str (t, "isrc") == NULL)
        return (missing (error, _("Track %u “%s” needs an ISRC."), i + 1, str (t, "title")),
                xmlFreeDoc (b.doc), NULL);
      if (file == NULL)
        return (missing (error, _("Track %u “%s” has no audio file."), i + 1, str (t, "title")),
                xmlFreeDoc (b.doc), NULL);
      if (dbl (t, "duration_s") <= 0)
        return (missing (error, _("Track %u “%s” has not been measured yet; open the release "
                                  "so its audio is analysed."), i + 1, str (t, "title")),
                xmlFreeDoc (b.doc), NULL);
      duration = iso_duration (dbl (t, "duration_s"));

      sr = add (resources, "SoundRecording", NULL);
      add (sr, "ResourceReference", ref);
      add (sr, "Type", "MusicalWorkSoundRecording");
      edition = add (sr, "SoundRecordingEdition", NULL);
      add (add (edition, "ResourceId", NULL), "ISRC", str (t, "isrc"));
      add_rights_line (edition, release, TRUE);
      details = add (edition, "TechnicalDetails", NULL);
      add (details, "TechnicalResourceDetailsReference", tech);
      delivery = add (details, "DeliveryFile", NULL);
      add (delivery, "Type", "AudioFile");
      add (delivery, "AudioCodecType", audio_codec (str (file, "name")));
      add_file (delivery, file);

      add (sr, "DisplayTitleText", str (t, "title"));
      node = add (sr, "DisplayTitle", NULL);
      add (node, "TitleText", str (t, "title"));
      if (str (t, "version") != NULL)
        add (node, "SubTitle", str (t, "version"));
      add (sr, "DisplayArtistName", display);
      add_display_artists (&b, sr, track_artists, arr (t, "featured_artists"));
      for (guint k = 0; contributors != NULL && k < json_array_get_length (contributors); k++)
        {
          JsonObject *c = json_array_get_object_element (contributors, k);
          xmlNode *cn;

          if (str (c, "name") == NULL)
            continue;
          cn = add (sr, "Contributor", NULL);
          add (cn, "ContributorPartyReference", party (&b, str (c, "name")));
          add_contributor_role (cn, str (c, "role"));
        }
      add (sr, "Duration", duration);
      add (sr, "ParentalWarningType",
           json_object_get_boolean_member_with_default (t, "explicit", FALSE)
           ? "Explicit" : "NotExplicit");
    }

  if (cover != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (str (cover, "name"), -1);
      xmlNode *image = add (resources, "Image", NULL);
      xmlNode *details;

      add_printf (image, "ResourceReference", "A%u", n_tracks + 1);
      add (image, "Type", "FrontCoverImage");
      node = add (add (image, "ResourceId", NULL), "ProprietaryId",
                  tm_package_get_id (package));
      xmlNewProp (node, BAD_CAST "Namespace", BAD_CAST h->sender_dpid);
      details = add (image, "TechnicalDetails", NULL);
      add_printf (details, "TechnicalResourceDetailsReference", "T%u", n_tracks + 1);
      add (details, "ImageCodecType", g_str_has_suffix (lower, ".png") ? "PNG" : "JPEG");
      add_file (details, cover);
    }

  /* ReleaseList: the release, then one TrackRelease per track */
  releases = add (root, "ReleaseList", NULL);
  rel = add (releases, "Release", NULL);
  add (rel, "ReleaseReference", "R0");
  add (rel, "ReleaseType", g_strcmp0 (type, "single") == 0 ? "Single"
                           : g_strcmp0 (type, "ep") == 0 ? "EP" : "Album");
  add (add (rel, "ReleaseId", NULL), "ICPN", upc);
  add (rel, "DisplayTitleText", title);
  node = add (rel, "DisplayTitle", NULL);
  add (node, "TitleText", title);
  if (str (release, "version") != NULL)
    add (node, "SubTitle", str (release, "version"));
  add (rel, "DisplayArtistName", release_artist);
  add_display_artists (&b, rel, artists, arr (release, "featured_artists"));
  add (rel, "ReleaseLabelReference", b.label_ref);
  add_rights_line (rel, release, TRUE);
  add_rights_line (rel, release, FALSE);
  node = add (rel, "Genre", NULL);
  add (node, "GenreText", genre);
  if (str (release, "subgenre") != NULL)
    add (node, "SubGenre", str (release, "subgenre"));
  add (rel, "ReleaseDate", date);
  if (str (release, "original_release_date") != NULL)
    add (rel, "OriginalReleaseDate", str (release, "original_release_date"));
  add (rel, "ParentalWarningType", explicit ? "Explicit" : "NotExplicit");
  group = add (rel, "ResourceGroup", NULL);
  add (group, "SequenceNumber", "1");
  for (guint i = 0; i < n_tracks; i++)
    {
      xmlNode *item = add (group, "ResourceGroupContentItem", NULL);

      add_printf (item, "SequenceNumber", "%u", i + 1);
      add_printf (item, "ReleaseResourceReference", "A%u", i + 1);
    }
  if (cover != NULL)
    add_printf (group, "LinkedReleaseResourceReference", "A%u", n_tracks + 1);

  for (guint i = 0; i < n_tracks; i++)
    {
      JsonObject *t = json_array_get_object_element (tracks, i);
      xmlNode *tr = add (releases, "TrackRelease", NULL);
      g_autofree char *id = g_strdup_printf ("%s_%s", upc, str (t, "isrc"));

      add_printf (tr, "ReleaseReference", "R%u", i + 1);
      node = add (add (tr, "ReleaseId", NULL), "ProprietaryId", id);
      xmlNewProp (node, BAD_CAST "Namespace", BAD_CAST h->sender_dpid);
      add_printf (tr, "ReleaseResourceReference", "A%u", i + 1);
      add (tr, "ReleaseLabelReference", b.label_ref);
      add (add (tr, "Genre", NULL), "GenreText", genre);
    }

  /* DealList: streaming and download, where the release may be sold; none at
   * all for a takedown. */
  if (!h->takedown)
    {
      static const struct { const char *models[2]; const char *uses[2]; } deals[] = {
        { { "SubscriptionModel", "AdvertisementSupportedModel" },
          { "OnDemandStream", "NonInteractiveStream" } },
        { { "PayAsYouGoModel", NULL }, { "PermanentDownload", NULL } },
      };
      JsonArray *territories = arr (release, "territories");
      gboolean listed = g_strcmp0 (str (release, "territory_mode"), "list") == 0;
      xmlNode *deal_list = add (root, "DealList", NULL);
      xmlNode *release_deal = add (deal_list, "ReleaseDeal", NULL);

      if (listed && (territories == NULL || json_array_get_length (territories) == 0))
        return (missing (error, _("The release is available only in listed territories, but "
                                  "none is listed.")), xmlFreeDoc (b.doc), NULL);

      for (guint i = 0; i <= n_tracks; i++)
        add_printf (release_deal, "DealReleaseReference", "R%u", i);
      for (guint d = 0; d < G_N_ELEMENTS (deals); d++)
        {
          xmlNode *terms = add (add (release_deal, "Deal", NULL), "DealTerms", NULL);
          guint n_territories = territories != NULL ? json_array_get_length (territories) : 0;

          if (listed)
            for (guint k = 0; k < n_territories; k++)
              add (terms, "TerritoryCode", json_array_get_string_element (territories, k));
          else if (n_territories == 0)
            add (terms, "TerritoryCode", "Worldwide");
          else
            /* Worldwide but these: the exclusions alone say it (TerritoryCode and
             * ExcludedTerritoryCode are a choice in ERN 4.3). */
            for (guint k = 0; k < n_territories; k++)
              add (terms, "ExcludedTerritoryCode", json_array_get_string_element (territories, k));
          add (add (terms, "ValidityPeriod", NULL), "StartDate", date);
          for (guint k = 0; k < 2 && deals[d].models[k] != NULL; k++)
            add (terms, "CommercialModelType", deals[d].models[k]);
          for (guint k = 0; k < 2 && deals[d].uses[k] != NULL; k++)
            add (terms, "UseType", deals[d].uses[k]);
        }
    }

  /* The parties, now that every one is known. */
  for (guint i = 0; i < b.party_names->len; i++)
    {
      const char *name = g_ptr_array_index (b.party_names, i);
      xmlNode *p = add (party_list, "Party", NULL);

      add (p, "PartyReference", g_hash_table_lookup (b.parties, name));
      add (add (p, "PartyName", NULL), "FullName", name);
    }

  g_hash_table_unref (b.parties);
  g_ptr_array_unref (b.party_names);
  g_free (b.label_ref);
  return b.doc;
}

/* Validation */

/* The compiled schema, once there is a local copy; tried again while there is
 * none (it may be downloaded meanwhile). */
static GMutex schema_lock;
static xmlSchema *schema;

static xmlSchema *
get_schema (GError **error)
{
  g_autofree char *folder = NULL;

  g_mutex_lock (&schema_lock);
  if (schema == NULL)
    {
      if ((folder = tm_ddex_schemas_find ()) != NULL)
        schema = tm_ddex_schemas_compile (folder, error);
      else
        g_set_error (error, TM_ERN_ERROR, TM_ERN_ERROR_SCHEMA,
                     _("The DDEX ERN 4.3 schema, needed to check DDEX messages, is not on this "
                       "computer yet: it is downloaded from ddex.net once, at the first DDEX "
                       "export or delivery."));
    }
  g_mutex_unlock (&schema_lock);
  if (schema == NULL && error != NULL && *error != NULL && (*error)->domain != TM_ERN_ERROR)
    {
      GError *wrapped = g_error_new_literal (TM_ERN_ERROR, TM_ERN_ERROR_SCHEMA,
                                             (*error)->message);

      g_clear_error (error);
      g_propagate_error (error, wrapped);
    }
  return schema;
}

static void
collect_error (void     *data,
               xmlError *error)
{
  GString *errors = data;

  /* The first is the one that says what is wrong; the rest follow from it. */
  if (errors->len > 0 || error == NULL)
    return;
  if (error->node != NULL && ((xmlNode *) error->node)->name != NULL)
    g_string_append_printf (errors, "<%s> (line %d): ", ((xmlNode *) error->node)->name,
                            error->line);
  else
    g_string_append_printf (errors, "line %d: ", error->line);
  g_string_append (errors, error->message != NULL ? g_strstrip (error->message) : "");
}

/**
 * tm_ern_validate:
 *
 * Validates @xml against the ERN 4.3 schema, offline. The error names the
 * first element that is wrong, and its line.
 */
gboolean
tm_ern_validate (const char  *xml,
                 gsize        length,
                 GError     **error)
{
  static GMutex lock;
  xmlSchema *compiled = get_schema (error);
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlSchemaValidCtxt *ctxt;
  xmlDoc *doc;
  int result;

  if (compiled == NULL)
    return FALSE;

  /* Read as data only: no network, no entities, no DTD. */
  doc = xmlReadMemory (xml, (int) length, "message.xml", "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (doc == NULL)
    {
      g_set_error_literal (error, TM_ERN_ERROR, TM_ERN_ERROR_INVALID,
                           _("The DDEX message is not well-formed XML."));
      return FALSE;
    }

  g_mutex_lock (&lock);
  ctxt = xmlSchemaNewValidCtxt (compiled);
  xmlSchemaSetValidStructuredErrors (ctxt, collect_error, errors);
  result = xmlSchemaValidateDoc (ctxt, doc);
  xmlSchemaFreeValidCtxt (ctxt);
  g_mutex_unlock (&lock);
  xmlFreeDoc (doc);

  if (result != 0)
    {
      g_set_error (error, TM_ERN_ERROR, TM_ERN_ERROR_INVALID,
                   _("The DDEX message does not follow ERN 4.3: %s"),
                   errors->len > 0 ? errors->str : _("unknown error"));
      return FALSE;
    }
  return TRUE;
}

/**
 * tm_ern_new_release_message:
 * @length: (out) (optional):
 *
 * The NewReleaseMessage for @package, validated.
 *
 * Returns: (transfer full): the XML, UTF-8
 */
char *
tm_ern_new_release_message (TmPackage          *package,
                            const TmErnHeader  *header,
                            gsize              *length,
                            GError            **error)
{
  xmlDoc *doc = build (package, header, error);
  xmlChar *text = NULL;
  int size = 0;
  char *result;

  if (doc == NULL)
    return NULL;
  xmlDocDumpFormatMemoryEnc (doc, &text, &size, "UTF-8", 1);
  xmlFreeDoc (doc);
  if (!tm_ern_validate ((const char *) text, size, error))
    {
      xmlFree (text);
      return NULL;
    }
  result = g_strndup ((const char *) text, size);
  xmlFree (text);
  if (length != NULL)
    *length = size;
  return result;
}

/**
 * tm_ern_write_package:
 * @folder: the package's folder, where its resources/ are
 *
 * Writes the package's NewReleaseMessage as `<ICPN>.xml` in @folder (the
 * release-by-release layout of the DDEX choreography), readable by the user only.
 */
gboolean
tm_ern_write_package (TmPackage          *package,
                      const char         *folder,
                      const TmErnHeader  *header,
                      GError            **error)
{
  JsonObject *release = json_node_get_object (tm_package_get_metadata (package));
  g_autofree char *xml = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  if (!(xml = tm_ern_new_release_message (package, header, &length, error)))
    return FALSE;
  name = g_strdup_printf ("%s.xml", str (release, "upc"));
  path = g_build_filename (folder, name, NULL);
  return g_file_set_contents_full (path, xml, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}
