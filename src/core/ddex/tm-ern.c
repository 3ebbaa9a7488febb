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

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "tm-ern.h"
#include "tm-ddex-schemas.h"

#define ERN_NS "http://ddex.net/xml/ern/43"
#define AVS_VERSION "9"

G_DEFINE_QUARK (tm-ern-error-quark, tm_ern_error)

/* "A, B & C", as stores show it. */
static char *
join_names (const char * const *names)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? "" : i + 1 == n ? " & " : ", ", names[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
has_names (const char * const *names)
{
  return names != NULL && names[0] != NULL;
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
add_display_artists (Builder            *b,
                     xmlNode            *parent,
                     const char * const *main,
                     const char * const *featured)
{
  for (guint i = 0; main != NULL && main[i] != NULL; i++)
    {
      xmlNode *a = add (parent, "DisplayArtist", NULL);

      add (a, "ArtistPartyReference", party (b, main[i]));
      add (a, "DisplayArtistRole", "MainArtist");
    }
  for (guint i = 0; featured != NULL && featured[i] != NULL; i++)
    {
      xmlNode *a = add (parent, "DisplayArtist", NULL);

      add (a, "ArtistPartyReference", party (b, featured[i]));
      add (a, "DisplayArtistRole", "FeaturedArtist");
    }
}

/* Our contributor roles, as ERN resource contributor roles; the work roles
 * (composer, lyricist, arranger) have no value there and go as UserDefined. */
static void
add_contributor_role (xmlNode           *contributor,
                      TmContributorRole  role)
{
  const char *ern = NULL;
  const char *label = NULL;
  xmlNode *node;

  switch (role)
    {
    case TM_CONTRIBUTOR_ROLE_PRODUCER: ern = "StudioProducer"; break;
    case TM_CONTRIBUTOR_ROLE_CO_PRODUCER: ern = "CoProducer"; break;
    case TM_CONTRIBUTOR_ROLE_REMIXER: ern = "Remixer"; break;
    case TM_CONTRIBUTOR_ROLE_MIXING_ENGINEER: ern = "MixingEngineer"; break;
    case TM_CONTRIBUTOR_ROLE_MASTERING_ENGINEER: ern = "MasteringEngineer"; break;
    case TM_CONTRIBUTOR_ROLE_RECORDING_ENGINEER: ern = "RecordingEngineer"; break;
    case TM_CONTRIBUTOR_ROLE_CONDUCTOR: ern = "Conductor"; break;
    case TM_CONTRIBUTOR_ROLE_PERFORMER: ern = "AssociatedPerformer"; break;
    case TM_CONTRIBUTOR_ROLE_COMPOSER: label = "Composer"; break;
    case TM_CONTRIBUTOR_ROLE_LYRICIST: label = "Lyricist"; break;
    case TM_CONTRIBUTOR_ROLE_ARRANGER: label = "Arranger"; break;
    case TM_CONTRIBUTOR_ROLE_OTHER:
    default:
      label = tm_enum_to_nick (TM_TYPE_CONTRIBUTOR_ROLE, role);
      break;
    }

  if (ern != NULL)
    {
      add (contributor, "Role", ern);
      return;
    }
  node = add (contributor, "Role", "UserDefined");
  xmlNewProp (node, BAD_CAST "UserDefinedValue", BAD_CAST (label != NULL ? label : "Other"));
}

/* <PLine> or <CLine>, when the release has its year and holder. */
static void
add_rights_line (xmlNode   *parent,
                 TmRelease *release,
                 gboolean   phonographic)
{
  gint64 year = phonographic ? tm_release_get_p_year (release) : tm_release_get_c_year (release);
  const char *holder = phonographic ? tm_release_get_p_holder (release)
                                    : tm_release_get_c_holder (release);
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
add_file (xmlNode             *parent,
          const TmPackageFile *file)
{
  xmlNode *f = add (parent, "File", NULL);
  xmlNode *hash;

  add (f, "URI", file->name);
  if (file->sha256 != NULL)
    {
      hash = add (f, "HashSum", NULL);
      add (hash, "Algorithm", "SHA-256");
      add (hash, "HashSumValue", file->sha256);
    }
  if (file->size > 0)
    add_printf (f, "FileSize", "%" G_GINT64_FORMAT, file->size);
}

/* Sets @error and gives FALSE, for `return missing (error, …);`. */
#define missing(error, ...) \
  (g_set_error ((error), TM_ERN_ERROR, TM_ERN_ERROR_MISSING, __VA_ARGS__), FALSE)

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

/* What the message cannot be written without. */
static gboolean
check_release (TmPackage  *package,
               gboolean    takedown,
               GError    **error)
{
  TmRelease *release = tm_package_get_release (package);

  if (tm_release_get_title (release) == NULL || !has_names (tm_release_get_artists (release)))
    return missing (error, _("The release needs a title and a primary artist."));
  if (tm_release_get_upc (release) == NULL)
    return missing (error, _("The release needs a UPC or EAN (the ICPN of DDEX). TuneMantra "
                             "never invents one: your distributor or GS1 gives it."));
  if (tm_release_get_label (release) == NULL || tm_release_get_genre (release) == NULL
      || tm_release_get_release_date (release) == NULL)
    return missing (error, _("The release needs a label, a genre and a release date."));
  if (tm_package_get_n_tracks (package) == 0)
    return missing (error, _("The release has no tracks."));

  for (guint i = 0; i < tm_package_get_n_tracks (package); i++)
    {
      const TmPackageTrack *t = tm_package_get_track (package, i);
      const char *title = tm_track_get_title (t->track);

      if (tm_track_get_isrc (t->track) == NULL)
        return missing (error, _("Track %u “%s” needs an ISRC."), i + 1, title);
      if (t->file == NULL)
        return missing (error, _("Track %u “%s” has no audio file."), i + 1, title);
      if (t->duration_s <= 0)
        return missing (error, _("Track %u “%s” has not been measured yet; open the release "
                                 "so its audio is analysed."), i + 1, title);
    }

  if (!takedown && tm_release_get_territory_mode (release) == TM_TERRITORY_MODE_LIST
      && !has_names (tm_release_get_territories (release)))
    return missing (error, _("The release is available only in listed territories, but none "
                             "is listed."));
  return TRUE;
}

static void
add_message_header (xmlNode           *root,
                    TmPackage         *package,
                    const TmErnHeader *h,
                    const char        *message_id)
{
  g_autoptr(GDateTime) created = h->created != NULL ? g_date_time_to_utc (h->created)
                                                    : g_date_time_new_now_utc ();
  g_autofree char *created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  xmlNode *header = add (root, "MessageHeader", NULL);
  xmlNode *node;

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
}

/* The SoundRecording of track @i (resource A<i+1>, technical details T<i+1>). */
static void
add_sound_recording (Builder              *b,
                     xmlNode              *resources,
                     TmRelease            *release,
                     const TmPackageTrack *t,
                     guint                 i)
{
  TmTrack *track = t->track;
  const char * const *artists = has_names (tm_track_get_artists (track))
                                ? tm_track_get_artists (track)
                                : tm_release_get_artists (release);
  g_autofree char *display = join_names (artists);
  g_autofree char *duration = iso_duration (t->duration_s);
  GListModel *contributors = tm_track_get_contributors (track);
  guint n_contributors = contributors != NULL ? g_list_model_get_n_items (contributors) : 0;
  xmlNode *sr, *edition, *details, *delivery, *node;

  sr = add (resources, "SoundRecording", NULL);
  add_printf (sr, "ResourceReference", "A%u", i + 1);
  add (sr, "Type", "MusicalWorkSoundRecording");
  edition = add (sr, "SoundRecordingEdition", NULL);
  add (add (edition, "ResourceId", NULL), "ISRC", tm_track_get_isrc (track));
  add_rights_line (edition, release, TRUE);
  details = add (edition, "TechnicalDetails", NULL);
  add_printf (details, "TechnicalResourceDetailsReference", "T%u", i + 1);
  delivery = add (details, "DeliveryFile", NULL);
  add (delivery, "Type", "AudioFile");
  add (delivery, "AudioCodecType", audio_codec (t->file->name));
  add_file (delivery, t->file);

  add (sr, "DisplayTitleText", tm_track_get_title (track));
  node = add (sr, "DisplayTitle", NULL);
  add (node, "TitleText", tm_track_get_title (track));
  if (tm_track_get_version (track) != NULL)
    add (node, "SubTitle", tm_track_get_version (track));
  add (sr, "DisplayArtistName", display);
  add_display_artists (b, sr, artists, tm_track_get_featured_artists (track));
  for (guint k = 0; k < n_contributors; k++)
    {
      g_autoptr(TmContributor) c = g_list_model_get_item (contributors, k);
      xmlNode *cn;

      if (tm_contributor_get_name (c) == NULL)
        continue;
      cn = add (sr, "Contributor", NULL);
      add (cn, "ContributorPartyReference", party (b, tm_contributor_get_name (c)));
      add_contributor_role (cn, tm_contributor_get_role (c));
    }
  add (sr, "Duration", duration);
  add (sr, "ParentalWarningType", tm_track_get_explicit (track) ? "Explicit" : "NotExplicit");
}

/* The cover, resource A<n+1> after the @n tracks. */
static void
add_image (xmlNode             *resources,
           TmPackage           *package,
           const TmPackageFile *cover,
           const TmErnHeader   *h,
           guint                n)
{
  g_autofree char *lower = g_ascii_strdown (cover->name, -1);
  xmlNode *image = add (resources, "Image", NULL);
  xmlNode *details, *node;

  add_printf (image, "ResourceReference", "A%u", n + 1);
  add (image, "Type", "FrontCoverImage");
  node = add (add (image, "ResourceId", NULL), "ProprietaryId", tm_package_get_id (package));
  xmlNewProp (node, BAD_CAST "Namespace", BAD_CAST h->sender_dpid);
  details = add (image, "TechnicalDetails", NULL);
  add_printf (details, "TechnicalResourceDetailsReference", "T%u", n + 1);
  add (details, "ImageCodecType", g_str_has_suffix (lower, ".png") ? "PNG" : "JPEG");
  add_file (details, cover);
}

/* The release R0, then one TrackRelease R<i+1> per track. */
static void
add_releases (Builder           *b,
              xmlNode           *root,
              TmPackage         *package,
              const TmErnHeader *h)
{
  TmRelease *release = tm_package_get_release (package);
  TmReleaseType type = tm_release_get_release_type (release);
  const char *title = tm_release_get_title (release);
  const char *upc = tm_release_get_upc (release);
  const char *genre = tm_release_get_genre (release);
  guint n = tm_package_get_n_tracks (package);
  g_autofree char *release_artist = join_names (tm_release_get_artists (release));
  xmlNode *releases = add (root, "ReleaseList", NULL);
  xmlNode *rel = add (releases, "Release", NULL);
  xmlNode *node, *group;

  add (rel, "ReleaseReference", "R0");
  add (rel, "ReleaseType", type == TM_RELEASE_TYPE_SINGLE ? "Single"
                           : type == TM_RELEASE_TYPE_EP ? "EP" : "Album");
  add (add (rel, "ReleaseId", NULL), "ICPN", upc);
  add (rel, "DisplayTitleText", title);
  node = add (rel, "DisplayTitle", NULL);
  add (node, "TitleText", title);
  if (tm_release_get_version (release) != NULL)
    add (node, "SubTitle", tm_release_get_version (release));
  add (rel, "DisplayArtistName", release_artist);
  add_display_artists (b, rel, tm_release_get_artists (release),
                       tm_release_get_featured_artists (release));
  add (rel, "ReleaseLabelReference", b->label_ref);
  add_rights_line (rel, release, TRUE);
  add_rights_line (rel, release, FALSE);
  node = add (rel, "Genre", NULL);
  add (node, "GenreText", genre);
  if (tm_release_get_subgenre (release) != NULL)
    add (node, "SubGenre", tm_release_get_subgenre (release));
  add (rel, "ReleaseDate", tm_release_get_release_date (release));
  if (tm_release_get_original_release_date (release) != NULL)
    add (rel, "OriginalReleaseDate", tm_release_get_original_release_date (release));
  add (rel, "ParentalWarningType", tm_release_get_explicit (release) ? "Explicit" : "NotExplicit");
  group = add (rel, "ResourceGroup", NULL);
  add (group, "SequenceNumber", "1");
  for (guint i = 0; i < n; i++)
    {
      xmlNode *item = add (group, "ResourceGroupContentItem", NULL);

      add_printf (item, "SequenceNumber", "%u", i + 1);
      add_printf (item, "ReleaseResourceReference", "A%u", i + 1);
    }
  if (tm_package_get_cover (package) != NULL)
    add_printf (group, "LinkedReleaseResourceReference", "A%u", n + 1);

  for (guint i = 0; i < n; i++)
    {
      TmTrack *track = tm_package_get_track (package, i)->track;
      xmlNode *tr = add (releases, "TrackRelease", NULL);
      g_autofree char *id = g_strdup_printf ("%s_%s", upc, tm_track_get_isrc (track));

      add_printf (tr, "ReleaseReference", "R%u", i + 1);
      node = add (add (tr, "ReleaseId", NULL), "ProprietaryId", id);
      xmlNewProp (node, BAD_CAST "Namespace", BAD_CAST h->sender_dpid);
      add_printf (tr, "ReleaseResourceReference", "A%u", i + 1);
      add (tr, "ReleaseLabelReference", b->label_ref);
      add (add (tr, "Genre", NULL), "GenreText", genre);
    }
}

/* Streaming and download, where the release may be sold, for the release and
 * each track. */
static void
add_deals (xmlNode   *root,
           TmPackage *package)
{
  static const struct { const char *models[2]; const char *uses[2]; } deals[] = {
    { { "SubscriptionModel", "AdvertisementSupportedModel" },
      { "OnDemandStream", "NonInteractiveStream" } },
    { { "PayAsYouGoModel", NULL }, { "PermanentDownload", NULL } },
  };
  TmRelease *release = tm_package_get_release (package);
  const char * const *territories = tm_release_get_territories (release);
  gboolean listed = tm_release_get_territory_mode (release) == TM_TERRITORY_MODE_LIST;
  xmlNode *deal_list = add (root, "DealList", NULL);
  xmlNode *release_deal = add (deal_list, "ReleaseDeal", NULL);

  for (guint i = 0; i <= tm_package_get_n_tracks (package); i++)
    add_printf (release_deal, "DealReleaseReference", "R%u", i);
  for (guint d = 0; d < G_N_ELEMENTS (deals); d++)
    {
      xmlNode *terms = add (add (release_deal, "Deal", NULL), "DealTerms", NULL);

      if (listed)
        for (guint k = 0; territories[k] != NULL; k++)
          add (terms, "TerritoryCode", territories[k]);
      else if (!has_names (territories))
        add (terms, "TerritoryCode", "Worldwide");
      else
        /* Worldwide but these: the exclusions alone say it (TerritoryCode and
         * ExcludedTerritoryCode are a choice in ERN 4.3). */
        for (guint k = 0; territories[k] != NULL; k++)
          add (terms, "ExcludedTerritoryCode", territories[k]);
      add (add (terms, "ValidityPeriod", NULL), "StartDate",
           tm_release_get_release_date (release));
      for (guint k = 0; k < 2 && deals[d].models[k] != NULL; k++)
        add (terms, "CommercialModelType", deals[d].models[k]);
      for (guint k = 0; k < 2 && deals[d].uses[k] != NULL; k++)
        add (terms, "UseType", deals[d].uses[k]);
    }
}

static xmlDoc *
build (TmPackage          *package,
       const TmErnHeader  *h,
       GError            **error)
{
  TmRelease *release = tm_package_get_release (package);
  const char *language = tm_release_get_language (release);
  const TmPackageFile *cover = tm_package_get_cover (package);
  guint n_tracks = tm_package_get_n_tracks (package);
  g_autofree char *message_id = h->message_id != NULL
                                ? g_strdup (h->message_id)
                                : g_strdup_printf ("%s-%" G_GINT64_FORMAT,
                                                   tm_package_get_id (package),
                                                   g_get_real_time ());
  Builder b = { 0 };
  xmlNode *root, *party_list, *resources;
  xmlNs *ns;

  if (!check_header (h, error) || !check_release (package, h->takedown, error))
    return NULL;

  b.parties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b.party_names = g_ptr_array_new_with_free_func (g_free);
  b.doc = xmlNewDoc (BAD_CAST "1.0");
  root = xmlNewDocNode (b.doc, NULL, BAD_CAST "NewReleaseMessage", NULL);
  xmlDocSetRootElement (b.doc, root);
  ns = xmlNewNs (root, BAD_CAST ERN_NS, BAD_CAST "ern");
  xmlSetNs (root, ns);
  xmlNewProp (root, BAD_CAST "LanguageAndScriptCode",
              BAD_CAST (language != NULL ? language : "en"));
  xmlNewProp (root, BAD_CAST "AvsVersionId", BAD_CAST AVS_VERSION);
  xmlNewProp (root, BAD_CAST "ReleaseProfileVersionId", BAD_CAST "Audio");

  add_message_header (root, package, h, message_id);

  /* The parties are listed once every reference to them is known: the list is
   * added now, where it belongs, and filled last. */
  party_list = add (root, "PartyList", NULL);
  b.label_ref = g_strdup (party (&b, tm_release_get_label (release)));

  resources = add (root, "ResourceList", NULL);
  for (guint i = 0; i < n_tracks; i++)
    add_sound_recording (&b, resources, release, tm_package_get_track (package, i), i);
  if (cover != NULL)
    add_image (resources, package, cover, h, n_tracks);

  add_releases (&b, root, package, h);

  /* None at all for a takedown. */
  if (!h->takedown)
    add_deals (root, package);

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
  TmRelease *release = tm_package_get_release (package);
  g_autofree char *xml = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  if (!(xml = tm_ern_new_release_message (package, header, &length, error)))
    return FALSE;
  name = g_strdup_printf ("%s.xml", tm_release_get_upc (release));
  path = g_build_filename (folder, name, NULL);
  return g_file_set_contents_full (path, xml, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}
