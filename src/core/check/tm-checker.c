/* tm-checker.c: what each platform would reject in a release, and why
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every check reads its figure from the platform's profile and is skipped
 * where the profile has no such rule (or turns it off), so a profile decides
 * what is checked. An issue names the rule key and the profile's source for it. */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tm-checker.h"
#include "tm-inspector.h"

typedef struct
{
  const TmCheckInput *input;
  TmRequirements     *profile;
  GPtrArray          *issues;
  double              album_lufs;     /* NAN unless two tracks or more were measured */
} Check;

/* Adds an issue, with @hint saying what to do, unless the profile turned the
 * rule off. Takes @value. */
G_GNUC_PRINTF (9, 10)
static void
add (Check      *c,
     const char *code,
     const char *rule,
     const char *default_severity,
     TmTrack    *track,
     const char *field,
     GVariant   *value,
     const char *hint,
     const char *format,
     ...)
{
  g_autoptr(GVariant) owned_value = value != NULL ? g_variant_ref_sink (value) : NULL;
  const char *severity_text = tm_requirements_get_severity (c->profile, rule, default_severity);
  TmIssueSeverity severity;
  g_autofree char *message = NULL;
  TmIssue *issue;
  va_list args;

  if (!tm_issue_severity_from_string (severity_text, &severity))
    return;   /* "off" */

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  issue = tm_issue_new (code, severity, tm_requirements_get_id (c->profile));
  if (track != NULL)
    tm_issue_set_track (issue, tm_record_get_id (TM_RECORD (track)), tm_track_get_disc (track),
                        tm_track_get_number (track));
  tm_issue_set_field (issue, field);
  tm_issue_set_value (issue, owned_value);
  tm_issue_set_message (issue, message);
  tm_issue_set_hint (issue, hint);
  tm_issue_set_rule (issue, rule, tm_requirements_get_source (c->profile, rule));
  g_ptr_array_add (c->issues, issue);
}

/* The values an issue names: a figure at the precision it is shown, a count,
 * a text. */
static GVariant *
number_value (double value)
{
  return g_variant_new_double (round (value * 100.0) / 100.0);
}

static GVariant *
int_value (gint64 value)
{
  return g_variant_new_int64 (value);
}

static GVariant *
text_value (const char *value)
{
  return value != NULL ? g_variant_new_string (value) : NULL;
}

/* "Track 3 “Dawn”" for messages. */
static char *
track_label (TmTrack *track)
{
  const char *title = tm_track_get_title (track);

  if (tm_track_get_disc (track) > 1)
    return g_strdup_printf (_("Track %d-%d “%s”"), tm_track_get_disc (track),
                            tm_track_get_number (track), title ? title : "");
  return g_strdup_printf (_("Track %d “%s”"), tm_track_get_number (track), title ? title : "");
}

/* A figure of a report, when it was measured. */
static gboolean
measured (double  figure,
          double *value)
{
  if (!isfinite (figure))
    return FALSE;
  *value = figure;
  return TRUE;
}

static const TmReport *
report_of (Check      *c,
           const char *path)
{
  return c->input->reports != NULL ? g_hash_table_lookup (c->input->reports, path) : NULL;
}

/* Audio */

/* The lowest sample rate whose Nyquist frequency reaches @cutoff_hz. */
static guint
rate_reaching (double cutoff_hz)
{
  static const guint rates[] = { 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000 };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    if (rates[i] / 2.0 >= cutoff_hz - 300.0)
      return rates[i];
  return 0;
}

/* Masters that are not what they claim: a sound that stops at a wall below the
 * Nyquist frequency (an upsampled file, or one decoded from MP3 or AAC, whose
 * encoders cut near 16 kHz), and a track far quieter than the rest. */
static void
check_master (Check               *c,
              TmTrack             *track,
              const TmAudioReport *r,
              const char          *label)
{
  double cutoff = r->content_cutoff_hz, nyquist = r->sample_rate / 2.0, lufs = 0;

  gboolean walled = isfinite (cutoff) && r->sample_rate >= 32000 && cutoff < 0.9 * nyquist;
  gboolean lossy_band = cutoff >= 15000 && cutoff <= 19500;

  if (walled && lossy_band && tm_requirements_get_boolean (c->profile, "audio.lossy_origin"))
    add (c, "audio.lossy_origin", "audio.lossy_origin", "warning", track, "audio",
         number_value (cutoff / 1000.0),
         _("Deliver the lossless export from your session or mastering engineer; a WAV or "
           "FLAC made from an MP3 or AAC keeps the losses, and stores may flag it."),
         _("%s looks decoded from a lossy file: its sound stops sharply at %.1f kHz, the "
           "way MP3 and AAC encoders cut it."), label, cutoff / 1000.0);
  else if (walled && !lossy_band && tm_requirements_get_boolean (c->profile, "audio.upsampled"))
    {
      guint source = rate_reaching (cutoff);
      g_autofree char *source_text = source > 0
        ? g_strdup_printf (_(", as if it was made at %g kHz"), source / 1000.0)
        : g_strdup ("");

      add (c, "audio.upsampled", "audio.upsampled", "warning", track, "audio",
           number_value (cutoff / 1000.0),
           _("Export from the original session at its own sample rate: upsampling adds "
             "nothing, and stores that check for high-resolution audio flag it."),
           _("%s has no sound above %.1f kHz although it is stored at %g kHz%s."),
           label, cutoff / 1000.0, r->sample_rate / 1000.0, source_text);
    }

  if (!tm_requirements_get_boolean (c->profile, "audio.quiet")
      || !measured (r->integrated_lufs, &lufs))
    return;
  if (lufs < -30.0)
    add (c, "audio.quiet", "audio.quiet", "warning", track, "audio", number_value (lufs),
         _("If it is meant to be this quiet, leave it; otherwise check that the mastered "
           "file was exported, not a rough mix."),
         _("%s is very quiet: %.1f LUFS integrated (below −30 LUFS)."), label, lufs);
  else if (isfinite (c->album_lufs) && lufs < c->album_lufs - 10.0)
    add (c, "audio.quieter_than_album", "audio.quiet", "warning", track, "audio",
         number_value (c->album_lufs - lufs),
         _("If it is an interlude meant to be quiet, leave it; otherwise check that this "
           "track's master was exported, not a rough mix."),
         _("%s is %.1f LU quieter than the release as a whole (%.1f LUFS against %.1f)."),
         label, c->album_lufs - lufs, lufs, c->album_lufs);
}

static void
check_audio (Check   *c,
             TmTrack *track)
{
  TmRequirements *p = c->profile;
  const char *path = tm_track_get_audio_path (track);
  g_autofree char *label = track_label (track);
  const TmReport *report;
  const TmAudioReport *r;
  const char *container, *codec;
  double rate, bits, effective, channels, duration, value = 0, limit = 0;

  if (path == NULL)
    {
      add (c, "audio.missing", "audio.formats", "error", track, "audio", NULL,
           _("Drop a WAV or FLAC file onto the track’s row, or choose Replace… in its details."),
           _("%s has no audio file."), label);
      return;
    }

  report = report_of (c, path);
  if (report == NULL)
    {
      add (c, "audio.not_analysed", "audio.formats", "warning", track, "audio", text_value (path),
           _("Wait for the analysis to finish, then check again."),
           _("%s has not been analysed yet (%s)."), label, path);
      return;
    }

  if (tm_report_get_kind (report) != TM_REPORT_AUDIO)
    {
      add (c, "audio.unreadable", "audio.formats", "error", track, "audio", text_value (path),
           _("Export the track again from your audio editor as WAV or FLAC and replace the file."),
           "%s", tm_report_get_kind (report) == TM_REPORT_ERROR ? tm_report_get_message (report)
                                                                : _("It is an image, not audio."));
      return;
    }

  r = tm_report_get_audio (report);
  container = r->container;
  codec = r->codec;
  rate = r->sample_rate;
  bits = r->bit_depth;
  effective = r->effective_bit_depth;
  channels = r->channels;
  duration = isfinite (r->duration_s) ? r->duration_s : 0;

  if (!tm_requirements_list_has (p, "audio.formats", container, 0))
    {
      g_autofree char *allowed = tm_requirements_list_text (p, "audio.formats");

      add (c, "audio.format", "audio.formats", "error", track, "audio", text_value (container),
           _("Export the master as WAV or FLAC."),
           _("%s is %s; %s accepts %s."), label, container, tm_requirements_get_name (p), allowed);
    }
  else if (tm_requirements_get_boolean (p, "audio.lossless_required")
           && tm_audio_codec_is_lossy (codec))
    add (c, "audio.lossy", "audio.lossless_required", "error", track, "audio", text_value (codec),
         _("Use the lossless master (WAV or FLAC), not an MP3 or AAC copy."),
         _("%s is lossy (%s); %s needs lossless audio."), label, codec,
         tm_requirements_get_name (p));

  if (tm_requirements_get_double (p, "audio.min_sample_rate", &limit) && rate > 0 && rate < limit)
    add (c, "audio.sample_rate_low", "audio.min_sample_rate", "error", track, "audio",
         int_value (rate),
         _("Export from the original session at 44.1 kHz or higher; do not upsample a low-rate "
           "file."),
         _("%s is sampled at %g Hz; %s needs at least %g Hz."), label, rate,
         tm_requirements_get_name (p), limit);
  else if (rate > 0 && !tm_requirements_list_has (p, "audio.allowed_sample_rates", NULL, rate))
    {
      g_autofree char *allowed = tm_requirements_list_text (p, "audio.allowed_sample_rates");

      add (c, "audio.sample_rate_unsupported", "audio.allowed_sample_rates", "error", track,
           "audio", int_value (rate),
           _("Export at 44.1, 48 or 96 kHz."),
           _("%s is sampled at %g Hz; %s accepts %s Hz."), label, rate,
           tm_requirements_get_name (p), allowed);
    }

  if (bits > 0 && !tm_requirements_list_has (p, "audio.bit_depths", NULL, bits))
    {
      g_autofree char *allowed = tm_requirements_list_text (p, "audio.bit_depths");

      add (c, "audio.bit_depth", "audio.bit_depths", "error", track, "audio", int_value (bits),
           _("Export as 24-bit integer PCM, with dither if your editor offers it."),
           _("%s is %g-bit%s; %s accepts %s-bit."), label, bits,
           g_strcmp0 (codec, "float") == 0 ? _(" floating point") : "",
           tm_requirements_get_name (p), allowed);
    }
  else if (bits > 0 && effective > 0 && effective < bits)
    add (c, "audio.padded_bit_depth", "audio.bit_depths", "info", track, "audio",
         int_value (effective),
         _("Nothing is lost, but a 16-bit export of it is just as good; if a 24-bit master "
           "exists, use that."),
         _("%s is stored in %g bits but holds %g-bit audio."), label, bits, effective);

  if (tm_requirements_get_double (p, "audio.channels", &limit) && channels > 0 && channels != limit)
    {
      if (channels == 1)
        add (c, "audio.mono", "audio.channels", "error", track, "audio", int_value (channels),
             _("Export it as stereo: the same signal in both channels."),
             _("%s is mono; %s needs %g channels."), label, tm_requirements_get_name (p), limit);
      else
        add (c, "audio.channels", "audio.channels", "error", track, "audio",
             int_value (channels), _("Export a stereo mix down of the master."),
             _("%s has %g channels; %s needs %g."), label, channels,
             tm_requirements_get_name (p), limit);
    }
  else if (r->dual_mono)
    add (c, "audio.dual_mono", "audio.channels", "info", track, "audio", NULL,
         _("That is fine if the music is mono; check that the right mix was exported."),
         _("%s is stereo, but both channels are the same."), label);

  if (g_strcmp0 (tm_requirements_get_string (p, "audio.wav_format_tag"), "pcm") == 0
      && r->wav_format_tag == 0xFFFE)
    add (c, "audio.wav_extensible", "audio.wav_format_tag", "warning", track, "audio",
         text_value ("extensible"),
         _("Convert it to FLAC, or export the WAV as plain PCM (sox -t wavpcm)."),
         _("%s is a WAVE_FORMAT_EXTENSIBLE file (0xFFFE); %s asks for plain PCM (0x0001)."),
         label, tm_requirements_get_name (p));

  if (tm_requirements_get_boolean (p, "audio.no_chunks_after_data")
      && r->chunks_after_data)
    add (c, "audio.chunks_after_data", "audio.no_chunks_after_data", "warning", track, "audio",
         NULL,
         _("Convert it to FLAC, or export the WAV without extra chunks."),
         _("%s has data after the audio (a chunk after \"data\"), which %s does not allow."),
         label, tm_requirements_get_name (p));

  if (tm_requirements_get_double (p, "audio.min_duration_s", &limit) && duration < limit)
    add (c, "audio.too_short", "audio.min_duration_s", "error", track, "audio",
         number_value (duration),
         _("Check that the whole track was exported."),
         _("%s lasts %.1f s; %s needs at least %g s."), label, duration,
         tm_requirements_get_name (p), limit);
  if (tm_requirements_get_double (p, "audio.max_duration_s", &limit) && duration > limit)
    add (c, "audio.too_long", "audio.max_duration_s", "error", track, "audio",
         number_value (duration),
         _("Split it into tracks, or leave this platform out."),
         _("%s lasts %.0f s; %s takes at most %g s."), label, duration,
         tm_requirements_get_name (p), limit);

  if (tm_requirements_get_double (p, "audio.max_leading_silence_s", &limit)
      && measured (r->leading_silence_s, &value) && value > limit)
    add (c, "audio.leading_silence", "audio.max_leading_silence_s", "warning", track, "audio",
         number_value (value),
         _("Trim the silence at the start in your audio editor."),
         _("%s starts with %.1f s of silence (at most %g s)."), label, value, limit);
  if (tm_requirements_get_double (p, "audio.max_trailing_silence_s", &limit)
      && measured (r->trailing_silence_s, &value) && value > limit)
    add (c, "audio.trailing_silence", "audio.max_trailing_silence_s", "warning", track, "audio",
         number_value (value),
         _("Trim the silence at the end in your audio editor."),
         _("%s ends with %.1f s of silence (at most %g s)."), label, value, limit);

  if (tm_requirements_get_boolean (p, "audio.clipping")
      && r->clipped_runs > 0)
    {
      double first = r->clip_positions_s != NULL && r->clip_positions_s->len > 0
                     ? g_array_index (r->clip_positions_s, double, 0) : 0;

      add (c, "audio.clipping", "audio.clipping", "warning", track, "audio",
           int_value (r->clipped_runs),
           _("Lower the master's output level or the limiter's ceiling and export again."),
           g_dngettext (GETTEXT_PACKAGE, "%s clips %u time, first at %.2f s.",
                        "%s clips %u times, first at %.2f s.", r->clipped_runs),
           label, r->clipped_runs, first);
    }

  check_master (c, track, r, label);

  if (tm_requirements_get_double (p, "audio.max_true_peak_dbtp", &limit)
      && measured (r->true_peak_dbtp, &value) && value > limit)
    {
      double at = isfinite (r->true_peak_at_s) ? r->true_peak_at_s : 0;

      add (c, "audio.true_peak", "audio.max_true_peak_dbtp", "warning", track, "audio",
           number_value (value),
           _("Set the limiter's ceiling to −1 dBTP (true peak) and export again."),
           _("%s peaks at %+.1f dBTP at %.2f s (at most %+.1f dBTP): lossy encoding will "
             "distort it."), label, value, at, limit);
    }
}

/* Artwork */

static void
check_artwork (Check *c)
{
  TmRequirements *p = c->profile;
  TmArtwork *artwork = c->input->artwork;
  const char *path = artwork != NULL ? tm_artwork_get_path (artwork) : NULL;
  const TmReport *report;
  const TmImageReport *r;
  const char *format, *color, *want_color;
  double width, height, bytes, limit = 0;

  if (path == NULL)
    {
      add (c, "artwork.missing", "artwork.formats", "error", NULL, "artwork", NULL,
           _("Drop a square JPEG or PNG of 3000×3000 pixels onto the release."),
           _("The release has no cover art."));
      return;
    }

  report = report_of (c, path);
  if (report == NULL)
    return;
  if (tm_report_get_kind (report) != TM_REPORT_IMAGE)
    {
      add (c, "artwork.unreadable", "artwork.formats", "error", NULL, "artwork", text_value (path),
           _("Export the cover again as a JPEG or PNG."),
           "%s", tm_report_get_kind (report) == TM_REPORT_ERROR ? tm_report_get_message (report)
                                                                : _("It is audio, not an image."));
      return;
    }

  r = tm_report_get_image (report);
  format = r->format;
  color = r->color_model;
  width = r->width;
  height = r->height;
  bytes = r->bytes;

  if (!tm_requirements_list_has (p, "artwork.formats", format, 0))
    {
      g_autofree char *allowed = tm_requirements_list_text (p, "artwork.formats");

      add (c, "artwork.format", "artwork.formats", "error", NULL, "artwork", text_value (format),
           _("Export the cover as a JPEG or PNG."),
           _("The cover is %s; %s accepts %s."), format, tm_requirements_get_name (p), allowed);
    }

  if (tm_requirements_get_double (p, "artwork.min_px", &limit) && MIN (width, height) < limit)
    add (c, "artwork.too_small", "artwork.min_px", "error", NULL, "artwork",
         int_value (MIN (width, height)),
         _("Export the cover from its original file at 3000×3000; enlarging a small image is "
           "refused as blurry."),
         _("The cover is %g×%g pixels; %s needs at least %g×%g."), width, height,
         tm_requirements_get_name (p), limit, limit);

  if (tm_requirements_get_boolean (p, "artwork.square") && width != height)
    add (c, "artwork.not_square", "artwork.square", "error", NULL, "artwork",
         number_value (width / MAX (height, 1)),
         _("Crop the cover to a square."),
         _("The cover is %g×%g pixels; it must be square."), width, height);

  if (tm_requirements_get_double (p, "artwork.max_megapixels", &limit)
      && width * height > limit * 1e6)
    add (c, "artwork.too_large", "artwork.max_megapixels", "error", NULL, "artwork",
         number_value (width * height / 1e6),
         _("Scale the cover down to 3000×3000."),
         _("The cover has %.0f megapixels; %s takes at most %g."), width * height / 1e6,
         tm_requirements_get_name (p), limit);

  want_color = tm_requirements_get_string (p, "artwork.color");
  if (want_color != NULL && color != NULL && g_ascii_strcasecmp (want_color, color) != 0)
    add (c, "artwork.color_model", "artwork.color", "error", NULL, "artwork", text_value (color),
         g_str_equal (color, "cmyk")
         ? _("CMYK is for print: export the cover as RGB (sRGB).")
         : _("Convert the cover to RGB (sRGB) and export it again."),
         _("The cover is %s; %s needs %s."), color, tm_requirements_get_name (p),
         _("RGB colour"));

  if (tm_requirements_get_double (p, "artwork.max_bytes", &limit) && bytes > limit)
    add (c, "artwork.file_too_big", "artwork.max_bytes", "error", NULL, "artwork",
         int_value (bytes),
         _("Export it as a JPEG at quality 90 or so."),
         _("The cover file is %.1f MB; %s takes at most %.0f MB."), bytes / 1048576.0,
         tm_requirements_get_name (p), limit / 1048576.0);

  if (g_strcmp0 (tm_requirements_get_string (p, "artwork.embedded_icc"), "warn") == 0
      && r->icc_profile)
    add (c, "artwork.icc_profile", "artwork.embedded_icc", "warning", NULL, "artwork", NULL,
         _("Convert the cover to sRGB and export it without a profile."),
         _("The cover has an embedded colour profile, which %s ignores: colours may shift."),
         tm_requirements_get_name (p));

  if (g_strcmp0 (tm_requirements_get_string (p, "artwork.exif_orientation"), "warn") == 0
      && r->exif_orientation > 1)
    add (c, "artwork.exif_orientation", "artwork.exif_orientation", "warning", NULL, "artwork",
         int_value (r->exif_orientation),
         _("Rotate the pixels themselves in an image editor and export again."),
         _("The cover is stored rotated (EXIF orientation %u), which %s ignores: it may show "
           "sideways."), r->exif_orientation, tm_requirements_get_name (p));
}

/* Metadata */

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
has_composer (TmTrack *track)
{
  GListModel *credits = tm_track_get_contributors (track);

  for (guint i = 0; i < g_list_model_get_n_items (credits); i++)
    {
      g_autoptr(TmContributor) credit = g_list_model_get_item (credits, i);

      if (tm_contributor_get_role (credit) == TM_CONTRIBUTOR_ROLE_COMPOSER
          && has_text (tm_contributor_get_name (credit)))
        return TRUE;
    }

  return FALSE;
}

static const struct
{
  const char *name;
  const char *label;
} release_fields[] = {
  { "title", N_("title") },
  { "artists", N_("primary artist") },
  { "label", N_("label") },
  { "genre", N_("genre") },
  { "language", N_("language") },
  { "release_date", N_("release date") },
  { "p_line", N_("℗ line (year and holder)") },
  { "c_line", N_("© line (year and holder)") },
  { "upc", N_("UPC") },
};

static gboolean
release_field_present (TmRelease  *release,
                       const char *name)
{
  if (g_str_equal (name, "title"))
    return has_text (tm_release_get_title (release));
  if (g_str_equal (name, "artists"))
    return tm_release_get_artists (release) != NULL && tm_release_get_artists (release)[0] != NULL;
  if (g_str_equal (name, "label"))
    return has_text (tm_release_get_label (release));
  if (g_str_equal (name, "genre"))
    return has_text (tm_release_get_genre (release));
  if (g_str_equal (name, "language"))
    return has_text (tm_release_get_language (release));
  if (g_str_equal (name, "release_date"))
    return has_text (tm_release_get_release_date (release));
  if (g_str_equal (name, "p_line"))
    return tm_release_get_p_year (release) > 0 && has_text (tm_release_get_p_holder (release));
  if (g_str_equal (name, "c_line"))
    return tm_release_get_c_year (release) > 0 && has_text (tm_release_get_c_holder (release));
  if (g_str_equal (name, "upc"))
    return has_text (tm_release_get_upc (release));
  return TRUE;
}

static gboolean
track_field_present (TmTrack    *track,
                     const char *name)
{
  if (g_str_equal (name, "title"))
    return has_text (tm_track_get_title (track));
  if (g_str_equal (name, "artists"))
    return tm_track_get_artists (track) != NULL && tm_track_get_artists (track)[0] != NULL;
  if (g_str_equal (name, "isrc"))
    return has_text (tm_track_get_isrc (track));
  if (g_str_equal (name, "composer"))
    return has_composer (track);
  if (g_str_equal (name, "language"))
    return has_text (tm_track_get_language (track));
  return TRUE;
}

static const char *
field_label (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (release_fields); i++)
    if (g_str_equal (release_fields[i].name, name))
      return _(release_fields[i].label);
  if (g_str_equal (name, "isrc"))
    return "ISRC";
  if (g_str_equal (name, "composer"))
    return _("composer");
  return name;
}

static void
check_required (Check *c)
{
  g_auto(GStrv) release_names = tm_requirements_get_strv (c->profile, "release.required");
  g_auto(GStrv) track_names = tm_requirements_get_strv (c->profile, "track.required");

  if (release_names != NULL)
    {
      for (guint i = 0; release_names[i] != NULL; i++)
        {
          const char *name = release_names[i];

          if (!release_field_present (c->input->release, name))
            add (c, "release.missing_field", "release.required", "error", NULL, name, NULL,
                 _("Fill in the field on the release page."),
                 _("The release has no %s; %s needs one."), field_label (name),
                 tm_requirements_get_name (c->profile));
        }
    }

  if (track_names != NULL)
    {
      for (guint t = 0; t < c->input->tracks->len; t++)
        {
          TmTrack *track = g_ptr_array_index (c->input->tracks, t);
          g_autofree char *label = track_label (track);

          for (guint i = 0; track_names[i] != NULL; i++)
            {
              const char *name = track_names[i];

              if (!track_field_present (track, name))
                add (c, "track.missing_field", "track.required", "error", track, name, NULL,
                     g_str_equal (name, "isrc")
                     ? _("Type the ISRC you were given, or generate one from your registrant "
                         "prefix.")
                     : g_str_equal (name, "composer")
                     ? _("Add a contributor with the role composer, by legal name.")
                     : _("Fill it in in the track list."),
                     _("%s has no %s; %s needs one."), label, field_label (name),
                     tm_requirements_get_name (c->profile));
            }
        }
    }
}

static void
check_identifiers (Check *c)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *upc = tm_release_get_upc (c->input->release);
  g_autoptr(GError) error = NULL;

  if (has_text (upc) && !tm_gtin_validate (upc, &error))
    {
      add (c, "release.upc_invalid", "release.required", "error", NULL, "upc", text_value (upc),
           _("Copy the UPC again from where you got it."),
           "%s", error->message);
      g_clear_error (&error);
    }

  for (guint t = 0; t < c->input->tracks->len; t++)
    {
      TmTrack *track = g_ptr_array_index (c->input->tracks, t);
      const char *isrc = tm_track_get_isrc (track);
      g_autofree char *label = track_label (track);
      const char *elsewhere;
      TmTrack *twin;

      if (!has_text (isrc))
        continue;

      if (!tm_isrc_validate (isrc, &error))
        {
          add (c, "track.isrc_invalid", "track.required", "error", track, "isrc", text_value (isrc),
               _("Correct the ISRC; letters O and I are often digits 0 and 1."),
               "%s: %s", label, error->message);
          g_clear_error (&error);
          continue;
        }

      if ((twin = g_hash_table_lookup (seen, isrc)) != NULL)
        {
          g_autofree char *twin_label = track_label (twin);

          add (c, "track.isrc_duplicate", "track.required", "error", track, "isrc",
               text_value (isrc),
               _("Every recording has its own ISRC: give this track its own."),
               _("%s has the same ISRC as %s (%s)."), label, twin_label, isrc);
        }
      else
        g_hash_table_insert (seen, (gpointer) isrc, track);

      elsewhere = c->input->isrcs_elsewhere != NULL
                  ? g_hash_table_lookup (c->input->isrcs_elsewhere, isrc) : NULL;
      if (elsewhere != NULL)
        add (c, "track.isrc_in_use", "track.required", "warning", track, "isrc",
             text_value (isrc),
             _("That is right only for the same recording (a re-release or compilation); "
               "otherwise give this track its own."),
             _("%s has the ISRC %s, which %s also has."), label, isrc, elsewhere);
    }
}

static void
check_splits (Check *c)
{
  for (guint t = 0; t < c->input->tracks->len; t++)
    {
      TmTrack *track = g_ptr_array_index (c->input->tracks, t);
      GListModel *splits = tm_track_get_splits (track);
      guint n = g_list_model_get_n_items (splits);
      int total = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TmSplit) split = g_list_model_get_item (splits, i);

          total += tm_split_get_share_bp (split);
        }

      if (n > 0 && total != 10000)
        {
          g_autofree char *label = track_label (track);

          add (c, "track.splits_total", "metadata.splits_total", "error", track, "splits",
               int_value (total),
               _("Change the shares so that they add up to exactly 100 %."),
               _("The splits of %s add up to %.2f %%, not 100 %%."), label, total / 100.0);
        }
    }
}

static const char *
type_word (TmReleaseType  type,
           const char   **display)
{
  switch (type)
    {
    case TM_RELEASE_TYPE_SINGLE:
      *display = _("a single");
      return "single";
    case TM_RELEASE_TYPE_EP:
      *display = _("an EP");
      return "ep";
    case TM_RELEASE_TYPE_ALBUM:
      *display = _("an album");
      return "album";
    case TM_RELEASE_TYPE_COMPILATION:
    default:
      return NULL;
    }
}

static void
check_release_type (Check *c)
{
  const char *display = NULL;
  const char *word = type_word (tm_release_get_release_type (c->input->release), &display);
  guint n = c->input->tracks->len;
  gint64 low, high;

  if (word == NULL || n == 0
      || !tm_requirements_get_range (c->profile, "release.types", word, &low, &high))
    return;
  if (n < low || n > high)
    add (c, "release.type_mismatch", "release.types", "warning", NULL, "release_type",
         int_value (n),
         _("Change the release type to match the number of tracks."),
         _("The release is %s with %u tracks; on %s, %s has %" G_GINT64_FORMAT " to %"
           G_GINT64_FORMAT " tracks."), display, n,
         tm_requirements_get_name (c->profile), display, low, high);
}

static void
check_lead_time (Check *c)
{
  TmRelease *release = c->input->release;
  const char *date = tm_release_get_release_date (release);
  const char *zone = tm_release_get_timezone (release);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;
  double days_needed = 0;
  unsigned y, m, d;
  double days;

  if (!tm_requirements_get_double (c->profile, "release.min_lead_days", &days_needed)
      || !has_text (date) || sscanf (date, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return;

  tz = has_text (zone) ? g_time_zone_new_identifier (zone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  now = c->input->now != NULL ? g_date_time_to_timezone (c->input->now, tz)
                              : g_date_time_new_now (tz);
  day = g_date_time_new (tz, y, m, d, 0, 0, 0);
  if (day == NULL || now == NULL)
    return;

  days = g_date_time_difference (day, now) / (double) G_TIME_SPAN_DAY;
  if (days < days_needed)
    {
      const char *hint = _("Move the release date later, or accept that it will not be "
                           "pitched to playlists.");

      if (days < 0)
        add (c, "release.lead_time", "release.min_lead_days", "warning", NULL, "release_date",
             number_value (days), hint,
             _("The release date %s has passed; %s needs it %g days ahead to plan and pitch "
               "the release."), date, tm_requirements_get_name (c->profile), days_needed);
      else
        add (c, "release.lead_time", "release.min_lead_days", "warning", NULL, "release_date",
             number_value (days), hint,
             _("The release date %s is only %.0f days ahead; %s needs %g days to plan and "
               "pitch the release."), date, floor (days), tm_requirements_get_name (c->profile),
             days_needed);
    }
}

static void
check_explicit (Check *c)
{
  if (tm_release_get_explicit (c->input->release))
    return;

  for (guint t = 0; t < c->input->tracks->len; t++)
    {
      TmTrack *track = g_ptr_array_index (c->input->tracks, t);

      if (tm_track_get_explicit (track))
        {
          g_autofree char *label = track_label (track);

          add (c, "release.explicit_mismatch", "metadata.explicit_consistent", "warning", track,
               "explicit", NULL,
               _("Mark the release explicit: a release with an explicit track is explicit."),
               _("%s is explicit, but the release is not marked explicit."), label);
          return;
        }
    }
}

static gboolean
contains_word (const char *lower,
               const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (lower, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean start = p == lower || !g_ascii_isalnum (p[-1]);
      gboolean end = !g_ascii_isalnum (p[n]);

      if (start && end)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_emoji (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if ((ch >= 0x1F000 && ch <= 0x1FAFF) || (ch >= 0x2600 && ch <= 0x27BF) || ch == 0xFE0F)
        return TRUE;
    }

  return FALSE;
}

static gboolean
all_caps (const char *text)
{
  guint letters = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_islower (ch))
        return FALSE;
      if (g_unichar_isupper (ch))
        letters++;
    }

  return letters >= 4;
}

/* A catalog written before such text was refused may still hold it: said
 * here, so that pre-flight never passes what a DDEX message cannot carry. */
static void
check_record_text (Check      *c,
                   TmRecord   *record,
                   TmTrack    *track)
{
  g_autoptr(GError) error = NULL;

  if (tm_record_check_text (record, &error))
    return;
  add (c, "metadata.control_characters", "metadata.text", "error", track, NULL, NULL,
       _("Type the field again: it holds a character that cannot be seen "
         "and that platforms refuse."),
       "%s", error->message);
}

static void
check_text (Check *c)
{
  check_record_text (c, TM_RECORD (c->input->release), NULL);
  for (guint t = 0; t < c->input->tracks->len; t++)
    {
      TmTrack *track = g_ptr_array_index (c->input->tracks, t);
      GListModel *lists[] = { tm_track_get_contributors (track), tm_track_get_splits (track) };

      check_record_text (c, TM_RECORD (track), track);
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint k = 0; lists[l] != NULL && k < g_list_model_get_n_items (lists[l]); k++)
          {
            g_autoptr(TmRecord) item = g_list_model_get_item (lists[l], k);

            check_record_text (c, item, track);
          }
    }
}

static void
check_title (Check      *c,
             TmTrack    *track,
             const char *title)
{
  static const char * const featuring[] = { "feat.", "feat", "ft.", "featuring", NULL };
  static const char * const versions[] = { "remix", "radio edit", "extended mix", "live",
                                           "remastered", "remaster", "acoustic", "instrumental",
                                           "demo", "version", "edit", "mix", NULL };
  g_autofree char *lower = NULL;
  g_autofree char *where = track != NULL ? track_label (track) : g_strdup (_("The release"));
  const char *bracket;

  if (!has_text (title) || !tm_requirements_get_boolean (c->profile, "metadata.title_style"))
    return;

  lower = g_utf8_strdown (title, -1);
  for (guint k = 0; featuring[k] != NULL; k++)
    if (contains_word (lower, featuring[k]))
      {
        add (c, "metadata.title_featuring", "metadata.title_style", "warning", track, "title",
             text_value (title),
             _("Move the featured artist to the featured artists field and remove it from the "
               "title."),
             _("%s has a featured artist in its title (“%s”)."), where, title);
        break;
      }

  /* Version words in brackets or after " - " belong in the version field. */
  bracket = strpbrk (lower, "([");
  if (bracket == NULL)
    bracket = strstr (lower, " - ");
  if (bracket != NULL)
    for (guint k = 0; versions[k] != NULL; k++)
      if (contains_word (bracket, versions[k]))
        {
          add (c, "metadata.title_version", "metadata.title_style", "warning", track, "title",
               text_value (title),
               _("Move “Remix”, “Live”, “Radio Edit” and the like to the version field."),
               _("%s has version text in its title (“%s”)."), where, title);
          break;
        }

  if (all_caps (title))
    add (c, "metadata.title_all_caps", "metadata.title_style", "warning", track, "title",
         text_value (title),
         _("Stores change all-caps titles to title case unless the artist's name is written "
           "that way; write it as it should show."),
         _("%s has a title in capitals (“%s”)."), where, title);

  if (has_emoji (title))
    add (c, "metadata.title_emoji", "metadata.title_style", "warning", track, "title",
         text_value (title), _("Remove the emoji: stores refuse them in titles."),
         _("%s has an emoji in its title (“%s”)."), where, title);
}

static void
check_territories (Check *c)
{
  TmRelease *release = c->input->release;
  const char * const *list = tm_release_get_territories (release);

  if (tm_release_get_territory_mode (release) == TM_TERRITORY_MODE_LIST
      && (list == NULL || list[0] == NULL))
    add (c, "release.no_territories", "release.required", "error", NULL, "territories", NULL,
         _("Choose Worldwide, or list the countries."),
         _("The release is available nowhere: its territory list is empty."));
}

/* The release's loudness, as an album-mode player measures it, when two tracks
 * or more have one. */
static double
album_loudness (Check *c)
{
  GPtrArray *tracks = c->input->tracks;
  g_autofree double *lufs = g_new (double, tracks->len + 1);
  g_autofree double *durations = g_new (double, tracks->len + 1);
  guint measured_tracks = 0;

  for (guint t = 0; t < tracks->len; t++)
    {
      const char *path = tm_track_get_audio_path (g_ptr_array_index (tracks, t));
      const TmReport *report = path != NULL ? report_of (c, path) : NULL;
      const TmAudioReport *r = report != NULL && tm_report_get_kind (report) == TM_REPORT_AUDIO
                               ? tm_report_get_audio (report) : NULL;

      lufs[t] = r != NULL ? r->integrated_lufs : NAN;
      durations[t] = r != NULL ? r->duration_s : NAN;
      if (isfinite (lufs[t]) && durations[t] > 0)
        measured_tracks++;
    }

  return measured_tracks >= 2 ? tm_checker_album_loudness (lufs, durations, tracks->len) : NAN;
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  TmIssue *x = *(TmIssue **) a;
  TmIssue *y = *(TmIssue **) b;

  if (tm_issue_get_severity (x) != tm_issue_get_severity (y))
    return (int) tm_issue_get_severity (x) - (int) tm_issue_get_severity (y);
  if (tm_issue_get_disc (x) != tm_issue_get_disc (y))
    return tm_issue_get_disc (x) - tm_issue_get_disc (y);
  return tm_issue_get_number (x) - tm_issue_get_number (y);
}

GPtrArray *
tm_checker_check (const TmCheckInput *input,
                  TmRequirements     *profile)
{
  Check c = { input, profile, g_ptr_array_new_with_free_func (g_object_unref), NAN };

  g_return_val_if_fail (input != NULL && TM_IS_RELEASE (input->release), NULL);
  g_return_val_if_fail (input->tracks != NULL, NULL);
  g_return_val_if_fail (TM_IS_REQUIREMENTS (profile), NULL);

  if (input->tracks->len == 0)
    add (&c, "release.no_tracks", "release.required", "error", NULL, "tracks", NULL,
         _("Drop the audio files onto the release."),
         _("The release has no tracks."));

  check_required (&c);
  check_text (&c);
  check_identifiers (&c);
  check_splits (&c);
  check_release_type (&c);
  check_lead_time (&c);
  check_explicit (&c);
  check_territories (&c);
  check_title (&c, NULL, tm_release_get_title (input->release));
  check_artwork (&c);

  c.album_lufs = album_loudness (&c);
  for (guint t = 0; t < input->tracks->len; t++)
    {
      TmTrack *track = g_ptr_array_index (input->tracks, t);

      check_title (&c, track, tm_track_get_title (track));
      check_audio (&c, track);
    }

  /* g_ptr_array_sort() is stable: within a track, the order they were found in. */
  g_ptr_array_sort (c.issues, compare_issues);
  return c.issues;
}

gboolean
tm_checker_has_errors (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    if (tm_issue_get_severity (g_ptr_array_index (issues, i)) == TM_ISSUE_ERROR)
      return TRUE;
  return FALSE;
}

gboolean
tm_checker_loudness_gain (TmRequirements *profile,
                          double          integrated_lufs,
                          double          true_peak_dbtp,
                          double         *gain_db)
{
  double target, headroom = 0, gain;

  if (!tm_requirements_get_double (profile, "loudness.target_lufs", &target)
      || !isfinite (integrated_lufs))
    return FALSE;

  gain = target - integrated_lufs;
  if (gain > 0)
    {
      if (!tm_requirements_get_boolean (profile, "loudness.turns_up"))
        gain = 0;
      else if (tm_requirements_get_double (profile, "loudness.true_peak_headroom_db", &headroom)
               && isfinite (true_peak_dbtp))
        /* Raised only as far as keeps the true peak @headroom below full scale. */
        gain = MAX (0, MIN (gain, -headroom - true_peak_dbtp));
    }

  *gain_db = gain;
  return TRUE;
}

double
tm_checker_album_loudness (const double *integrated_lufs,
                           const double *durations_s,
                           guint         n)
{
  double energy = 0, total = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (integrated_lufs[i]) || !(durations_s[i] > 0))
        continue;
      energy += durations_s[i] * pow (10.0, integrated_lufs[i] / 10.0);
      total += durations_s[i];
    }

  return total > 0 ? 10.0 * log10 (energy / total) : NAN;
}

/**
 * tm_checker_playback_gains:
 * @lufs: (array length=n): each track's integrated loudness (NAN if unmeasured)
 * @peaks: (array length=n): each track's true peak
 * @durations: (array length=n): each track's duration
 * @whole_release: the release plays in its order, as an album
 * @gains: (out caller-allocates) (array length=n): what the platform applies to each
 *
 * The gain a platform's normalisation gives each track: the album's own when
 * the release plays as an album on a platform that keeps an album's balance
 * ("loudness.album_mode"), each track's otherwise; 0 for a track without a
 * measure, or a platform that does not normalise.
 */
void
tm_checker_playback_gains (TmRequirements *profile,
                           const double   *lufs,
                           const double   *peaks,
                           const double   *durations,
                           guint           n,
                           gboolean        whole_release,
                           double         *gains)
{
  gboolean album = whole_release && n > 1
                   && tm_requirements_get_boolean (profile, "loudness.album_mode");
  double album_gain = 0;

  if (album)
    {
      double album_lufs = tm_checker_album_loudness (lufs, durations, n);
      double album_peak = -INFINITY;

      for (guint i = 0; i < n; i++)
        if (isfinite (peaks[i]))
          album_peak = MAX (album_peak, peaks[i]);
      if (!tm_checker_loudness_gain (profile, album_lufs, album_peak, &album_gain))
        album_gain = 0;
    }

  for (guint i = 0; i < n; i++)
    {
      double gain = 0;

      if (album && isfinite (lufs[i]))
        gain = album_gain;
      else if (!album && !tm_checker_loudness_gain (profile, lufs[i], peaks[i], &gain))
        gain = 0;
      gains[i] = gain;
    }
}
