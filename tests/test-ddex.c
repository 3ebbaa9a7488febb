/* test-ddex.c: ERN 4.3 messages from real releases, validated against the
 * official schema; the samples of DDEX validate, broken messages do not
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "tm-catalog.h"
#include "tm-ddex-ack.h"
#include "tm-delivery-error.h"
#include "tm-ern.h"
#include "tm-release-package.h"
#include "tm-report-cache.h"
#include "tm-model.h"
#include "tm-test-utils.h"

static const TmErnHeader header = {
  .sender_dpid = "PADPIDA2026112401T",
  .sender_name = "Ann Records",
  .recipient_dpid = "PADPIDA2014021302V",
  .recipient_name = "A Store",
  .message_id = "MSG-1",
  .test_message = TRUE,
};

typedef struct
{
  char      *dir;
  char      *path;
  TmCatalog *catalog;
  gint64     release_id;
} Fixture;

static void
add_track (Fixture    *f,
           const char *title,
           const char *isrc,
           gboolean    explicit,
           const char *contributors)
{
  g_autofree char *name = g_strdup_printf ("%s.wav", title);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(TmTrack) track = tm_track_new ();
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) reports = NULL;

  tm_test_write_tone (path, 44100, 2, 2.5);
  /* Measured, as the window does: the length comes from the analysis. */
  reports = tm_report_cache_inspect (f->path, paths, NULL, NULL, NULL);
  g_assert_nonnull (reports);
  tm_track_set_title (track, title);
  tm_track_set_isrc (track, isrc);
  tm_track_set_explicit (track, explicit);
  tm_track_set_audio_path (track, path);
  {
    g_autoptr(GBytes) bytes = tm_test_read_bytes (path);
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

    /* As the importer records it. */
    tm_track_set_audio_sha256 (track, sha);
    tm_track_set_audio_size (track, g_bytes_get_size (bytes));
  }
  if (contributors != NULL)
    g_assert_true (tm_record_set_from_string (TM_RECORD (track), "contributors", contributors,
                                              NULL));
  g_assert_true (tm_catalog_add_track (f->catalog, f->release_id, track, NULL));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TmRelease) release = tm_release_new ();
  g_autoptr(TmArtwork) artwork = tm_artwork_new ();
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 600, 600);
  g_autofree char *cover = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const fields[] = {
    "title=Tide & Salt", "version=Deluxe Edition", "artists=[\"Ann\",\"Bo\"]",
    "featured_artists=Cy", "release_type=album", "genre=Electronic", "subgenre=Ambient",
    "language=en", "label=Ann Records", "upc=036000291452", "release_date=2027-03-01",
    "p_year=2027", "p_holder=Ann Records", "c_year=2027", "c_holder=Ann Records",
    "territory_mode=worldwide", "territories=CU IR KP",
  };

  f->dir = tm_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "catalog.db", NULL);
  f->catalog = tm_catalog_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(GStrv) kv = g_strsplit (fields[i], "=", 2);

      g_assert_true (tm_record_set_from_string (TM_RECORD (release), kv[0], kv[1], &error));
      g_assert_no_error (error);
    }
  g_assert_true (tm_catalog_add_release (f->catalog, release, NULL));
  f->release_id = tm_record_get_id (TM_RECORD (release));

  add_track (f, "Dawn", "GBXYZ2700001", FALSE,
             "[{\"name\":\"Ann Writer\",\"role\":\"composer\"},"
             "{\"name\":\"Dee\",\"role\":\"mastering_engineer\"},"
             "{\"name\":\"Eve\",\"role\":\"other\"}]");
  add_track (f, "Dusk <live> & \"loud\"", "GBXYZ2700002", TRUE,
             "[{\"name\":\"Ann Writer\",\"role\":\"lyricist\"}]");

  cover = g_build_filename (f->dir, "cover.png", NULL);
  gdk_pixbuf_fill (pixbuf, 0x224466ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, cover, "png", NULL, NULL));
  tm_artwork_set_path (artwork, cover);
  g_assert_true (tm_catalog_set_artwork (f->catalog, f->release_id, artwork, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  tm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static TmPackage *
package (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TmPackage *p = tm_release_package_new (f->catalog, f->release_id, 0, &error);

  g_assert_no_error (error);
  return p;
}

/* The whole release in one message, valid ERN 4.3. */
static void
test_album (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TmPackage) p = package (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  gsize length = 0;

  if (!tm_test_have_ddex_schemas ())
    return;

  xml = tm_ern_new_release_message (p, &header, &length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml);
  g_assert_cmpuint (length, ==, strlen (xml));

  /* What the release holds is in it, escaped where it must be. */
  g_assert_nonnull (strstr (xml, "<ICPN>036000291452</ICPN>"));
  g_assert_nonnull (strstr (xml, "<ISRC>GBXYZ2700002</ISRC>"));
  g_assert_nonnull (strstr (xml, "Dusk &lt;live&gt; &amp; \"loud\""));
  g_assert_nonnull (strstr (xml, "<DisplayArtistName>Ann &amp; Bo</DisplayArtistName>"));
  g_assert_nonnull (strstr (xml, "<DisplayArtistRole>FeaturedArtist</DisplayArtistRole>"));
  g_assert_nonnull (strstr (xml, "<ReleaseType>Album</ReleaseType>"));
  g_assert_nonnull (strstr (xml, "<ExcludedTerritoryCode>KP</ExcludedTerritoryCode>"));
  g_assert_nonnull (strstr (xml, "<UseType>PermanentDownload</UseType>"));
  g_assert_nonnull (strstr (xml, "<Role>MasteringEngineer</Role>"));
  g_assert_nonnull (strstr (xml, "UserDefinedValue=\"Composer\""));
  g_assert_nonnull (strstr (xml, "<ParentalWarningType>Explicit</ParentalWarningType>"));
  g_assert_nonnull (strstr (xml, "<Algorithm>SHA-256</Algorithm>"));
  g_assert_nonnull (strstr (xml, "<Duration>PT0M2.500S</Duration>"));
  g_assert_nonnull (strstr (xml, "<Type>FrontCoverImage</Type>"));
  g_assert_nonnull (strstr (xml, "<MessageThreadId>TM-1-0</MessageThreadId>"));
  /* Nothing of this computer's paths. */
  g_assert_null (strstr (xml, f->dir));
}

/* A takedown is the same release with no deals; only listed territories work too. */
static void
test_takedown_and_territories (Fixture       *f,
                               gconstpointer  data)
{
  TmErnHeader takedown = header;
  g_autoptr(TmPackage) p = package (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(TmRelease) release = tm_catalog_get_release (f->catalog, f->release_id, NULL);

  if (!tm_test_have_ddex_schemas ())
    return;

  takedown.takedown = TRUE;
  xml = tm_ern_new_release_message (p, &takedown, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (xml, "<DealList>"));
  g_assert_nonnull (strstr (xml, "<ReleaseId>"));
  g_clear_pointer (&xml, g_free);

  g_assert_true (tm_record_set_from_string (TM_RECORD (release), "territory_mode", "list", NULL));
  g_assert_true (tm_record_set_from_string (TM_RECORD (release), "territories", "DE FR", NULL));
  g_assert_true (tm_catalog_update_release (f->catalog, release, NULL));
  g_clear_pointer (&p, tm_package_unref);
  p = package (f);
  xml = tm_ern_new_release_message (p, &header, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<TerritoryCode>FR</TerritoryCode>"));
  g_assert_null (strstr (xml, "Worldwide"));
}

/* What the message cannot be made without is said plainly. */
static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  TmErnHeader no_dpid = header;
  g_autoptr(TmPackage) p = package (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(TmRelease) release = tm_catalog_get_release (f->catalog, f->release_id, NULL);

  if (!tm_test_have_ddex_schemas ())
    return;

  no_dpid.recipient_dpid = "not-a-dpid";
  g_assert_null (tm_ern_new_release_message (p, &no_dpid, NULL, &error));
  g_assert_error (error, TM_ERN_ERROR, TM_ERN_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "PADPIDA"));
  g_clear_error (&error);

  tm_release_set_upc (release, NULL);
  g_assert_true (tm_catalog_update_release (f->catalog, release, NULL));
  g_clear_pointer (&p, tm_package_unref);
  p = package (f);
  g_assert_null (tm_ern_new_release_message (p, &header, NULL, &error));
  g_assert_error (error, TM_ERN_ERROR, TM_ERN_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "UPC"));
}

/* The official samples validate; a broken message is refused, naming the element. */
static void
test_validation (void)
{
  g_autofree char *samples = g_build_filename (g_getenv ("TUNEMANTRA_DDEX_SCHEMAS"), "samples",
                                               NULL);
  static const char * const good[] = {
    "ern43-Audio-album.xml", "ern43-SimpleAudioSingle.xml", "ern43-minimal-album-handmade.xml",
  };
  g_autoptr(GError) error = NULL;

  if (!tm_test_have_ddex_schemas ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *path = g_build_filename (samples, good[i], NULL);
      g_autofree char *text = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      g_assert_true (tm_ern_validate (text, length, &error));
      g_assert_no_error (error);
    }

  {
    g_autofree char *path = g_build_filename (samples, "ern43-minimal-album-handmade.xml", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GString) broken = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    broken = g_string_new (text);
    g_string_replace (broken, "<ParentalWarningType>NotExplicit</ParentalWarningType>\n    "
                              "</SoundRecording>",
                      "<ParentalWarningType>Rude</ParentalWarningType>\n    </SoundRecording>", 1);
    g_assert_false (tm_ern_validate (broken->str, broken->len, &error));
    g_assert_error (error, TM_ERN_ERROR, TM_ERN_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "ParentalWarningType"));
    g_clear_error (&error);

    /* An external entity is not fetched, nor expanded. */
    g_assert_false (tm_ern_validate ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                                     "\"file:///etc/passwd\">]><x>&e;</x>", 80, &error));
    g_assert_nonnull (error);
  }
}

static TmDeliveryResult *
read_ack (const char  *text,
          GError     **error)
{
  return tm_ddex_read_acknowledgement (text, strlen (text), "ACK_test.xml", "TM-1-1-17",
                                       "036000291452", error);
}

#define ACK_HEAD "<?xml version=\"1.0\"?><ack:AcknowledgementMessage " \
  "xmlns:ack=\"http://ddex.net/xml/ern-c-sftp/18\" AvsVersionId=\"9\"><MessageHeader>" \
  "<MessageId>DSP-9</MessageId></MessageHeader>"
#define ACK_OURS "<Acknowledgement><MessageType>NewReleaseMessage</MessageType>" \
  "<MessageId>TM-1-1-17</MessageId><MessageStatus><Status>FileOK</Status>" \
  "</MessageStatus></Acknowledgement>"

/* Acknowledgements: accepted, live, rejected with the platform's words, each
 * only when it is about our message and our release; hostile ones refused. */
static void
test_acknowledgements (void)
{
  g_autoptr(GError) error = NULL;
  TmDeliveryResult *r;

  r = read_ack (ACK_HEAD "<ReleaseStatus><ReleaseId><ICPN>036000291452</ICPN></ReleaseId>"
                "<ReleaseStatus>SuccessfullyIngestedByReleaseDistributor</ReleaseStatus>"
                ACK_OURS "</ReleaseStatus></ack:AcknowledgementMessage>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, TM_DISTRIBUTION_STATUS_DISTRIBUTED);
  tm_delivery_result_free (r);

  /* The UPC written as an EAN-13 is the same release. */
  r = read_ack (ACK_HEAD "<ReleaseStatus><ReleaseId><ICPN>0036000291452</ICPN></ReleaseId>"
                "<ReleaseStatus>ReleaseMadeAvailableToConsumers</ReleaseStatus>" ACK_OURS
                "</ReleaseStatus></ack:AcknowledgementMessage>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, TM_DISTRIBUTION_STATUS_LIVE);
  tm_delivery_result_free (r);

  r = read_ack (ACK_HEAD "<ReleaseStatus><ReleaseStatus>ProcessingErrorAtReleaseDistributor"
                "</ReleaseStatus><ErrorText>Cover art contains a URL</ErrorText>"
                "<Acknowledgement><MessageId>TM-1-1-17</MessageId><MessageStatus>"
                "<Status>ResourceNotMeetingSpecifications</Status></MessageStatus>"
                "</Acknowledgement></ReleaseStatus></ack:AcknowledgementMessage>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (r->message, ==, "ResourceNotMeetingSpecifications: Cover art contains a URL");
  tm_delivery_result_free (r);

  /* A batch acknowledgement: ours is picked out of the others. */
  r = read_ack (ACK_HEAD "<ReleaseStatus><ReleaseStatus>ProcessingErrorAtReleaseDistributor"
                "</ReleaseStatus><Acknowledgement><MessageId>SOMEONE-ELSE</MessageId>"
                "</Acknowledgement></ReleaseStatus><ReleaseStatus><ReleaseStatus>"
                "ReleaseMadeAvailableToConsumers</ReleaseStatus>" ACK_OURS "</ReleaseStatus>"
                "</ack:AcknowledgementMessage>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, TM_DISTRIBUTION_STATUS_LIVE);
  tm_delivery_result_free (r);

  /* About another message, or another release, or none: not applied. */
  g_assert_null (read_ack (ACK_HEAD "<ReleaseStatus><ReleaseStatus>ProcessingErrorAtRelease"
                           "Distributor</ReleaseStatus><Acknowledgement><MessageId>TM-9-9-99"
                           "</MessageId></Acknowledgement></ReleaseStatus>"
                           "</ack:AcknowledgementMessage>", &error));
  g_assert_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "TM-9-9-99"));
  g_clear_error (&error);
  g_assert_null (read_ack (ACK_HEAD "<ReleaseStatus><ReleaseId><ICPN>5012345678900</ICPN>"
                           "</ReleaseId><ReleaseStatus>ProcessingErrorAtReleaseDistributor"
                           "</ReleaseStatus>" ACK_OURS "</ReleaseStatus>"
                           "</ack:AcknowledgementMessage>", &error));
  g_assert_nonnull (strstr (error->message, "5012345678900"));
  g_clear_error (&error);
  g_assert_null (read_ack (ACK_HEAD "<ReleaseStatus><ReleaseStatus>ReleaseMadeAvailableTo"
                           "Consumers</ReleaseStatus></ReleaseStatus>"
                           "</ack:AcknowledgementMessage>", &error));
  g_clear_error (&error);

  /* ERN 3: FtpAcknowledgementMessage, matched by the release it names. */
  r = read_ack ("<FtpAcknowledgementMessage><AcknowledgedFile><ReleaseId><ICPN>036000291452"
                "</ICPN></ReleaseId></AcknowledgedFile><FileStatus>FileOK</FileStatus>"
                "</FtpAcknowledgementMessage>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, TM_DISTRIBUTION_STATUS_DISTRIBUTED);
  tm_delivery_result_free (r);
  g_assert_null (read_ack ("<FtpAcknowledgementMessage><FileStatus>FileOK</FileStatus>"
                           "</FtpAcknowledgementMessage>", &error));
  g_clear_error (&error);

  /* Entities, external or exponential, are never expanded: a DTD is refused. */
  g_assert_null (read_ack ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM "
                           "\"file:///etc/passwd\">]><AcknowledgementMessage><ReleaseStatus>"
                           "<ReleaseStatus>&x;</ReleaseStatus></ReleaseStatus>"
                           "</AcknowledgementMessage>", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (read_ack ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\">"
                           "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                           "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                           "<AcknowledgementMessage>&c;</AcknowledgementMessage>", &error));
  g_clear_error (&error);
  /* Not XML, not an acknowledgement, too large. */
  g_assert_null (read_ack ("not xml at all <", &error));
  g_clear_error (&error);
  g_assert_null (read_ack ("<NewReleaseMessage/>", &error));
  g_clear_error (&error);
  {
    g_autofree char *huge = g_malloc0 (TM_DDEX_ACK_MAX_BYTES + 2);

    memset (huge, ' ', TM_DDEX_ACK_MAX_BYTES + 1);
    g_assert_null (tm_ddex_read_acknowledgement (huge, TM_DDEX_ACK_MAX_BYTES + 1, "big.xml",
                                                 "TM-1-1-17", NULL, &error));
    g_assert_nonnull (strstr (error->message, "larger"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ddex/album", test_album);
  ADD ("/ddex/takedown-and-territories", test_takedown_and_territories);
  ADD ("/ddex/missing", test_missing);
#undef ADD
  g_test_add_func ("/ddex/validation", test_validation);
  g_test_add_func ("/ddex/acknowledgements", test_acknowledgements);

  return g_test_run ();
}
