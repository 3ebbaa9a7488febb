/* tm-player-bar.c: listening to the release on its page
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The release plays as an album, from the track asked for to the end, with no
 * gap where the files allow (TmPlayer). The seek bar is the track's waveform,
 * with the store preview's start on it to drag. "Hear it as" applies the gain
 * each platform's normalisation gives the tracks, from the same measures as
 * the Loudness section (tm_checker_playback_gains()): switching changes the
 * volume at once and playback goes on. While something plays, the position is
 * read ten times a second to move the playhead: the only timer here, and it
 * reads the pipeline, not the catalog. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "tm-checker.h"
#include "tm-player-bar.h"
#include "tm-report.h"

#define TICK_MS 100

typedef struct
{
  gint64    id;
  char     *title;
  char     *path;
  double    preview_start;
  TmReport *report;            /* nullable: not measured yet */
} Entry;

struct _TmPlayerBar
{
  AdwBin         parent_instance;

  TmPlayer      *player;
  GArray        *entries;      /* Entry, those with audio, in order */
  GPtrArray     *profiles;     /* TmRequirements that normalise, in the choice's order after "Original" */
  guint          tick_id;
  double         pending_seek; /* to apply once playback started, or < 0 */

  GtkWidget     *play_button;
  GtkLabel      *title_label;
  GtkLabel      *time_label;
  GtkLabel      *preview_label;
  GtkDropDown   *platform_choice;
  GtkStringList *platform_names;
  TmSeekBar     *seek_bar;
};

G_DEFINE_FINAL_TYPE (TmPlayerBar, tm_player_bar, ADW_TYPE_BIN)

enum {
  PREVIEW_START_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_clear (Entry *entry)
{
  g_free (entry->title);
  g_free (entry->path);
  g_clear_pointer (&entry->report, tm_report_unref);
}

static const TmAudioReport *
audio_of (Entry *entry)
{
  return entry->report != NULL && tm_report_get_kind (entry->report) == TM_REPORT_AUDIO
         ? tm_report_get_audio (entry->report) : NULL;
}

static Entry *
current (TmPlayerBar *self)
{
  int index = tm_player_get_index (self->player);

  return index >= 0 && (guint) index < self->entries->len
         ? &g_array_index (self->entries, Entry, index) : NULL;
}

static char *
clock_text (double seconds)
{
  int s = isfinite (seconds) && seconds > 0 ? (int) seconds : 0;

  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

static void
update_time (TmPlayerBar *self)
{
  Entry *entry = current (self) != NULL ? current (self)
                 : self->entries->len > 0 ? &g_array_index (self->entries, Entry, 0) : NULL;
  double position = tm_player_get_position (self->player);
  double duration = tm_seek_bar_get_duration (self->seek_bar);
  g_autofree char *at = clock_text (position);
  g_autofree char *of = clock_text (duration);
  g_autofree char *text = NULL;
  double gain = tm_player_get_gain (self->player);

  tm_seek_bar_set_position (self->seek_bar, position);
  if (entry == NULL)
    {
      gtk_label_set_label (self->time_label, "");
      return;
    }
  if (gtk_drop_down_get_selected (self->platform_choice) > 0)
    /* TRANSLATORS: position / length · the gain a platform applies */
    text = g_strdup_printf (_("%s / %s · %+.1f dB"), at, of, gain);
  else
    text = g_strdup_printf ("%s / %s", at, of);
  gtk_label_set_label (self->time_label, text);
}

static gboolean
tick_cb (gpointer data)
{
  update_time (data);
  return G_SOURCE_CONTINUE;
}

/* What plays now: its title, waveform, length and preview. */
static void
show_entry (TmPlayerBar *self)
{
  Entry *entry = current (self);
  const TmAudioReport *audio;
  g_autofree char *from = NULL;
  g_autofree char *preview = NULL;

  if (entry == NULL && self->entries->len > 0)
    entry = &g_array_index (self->entries, Entry, 0);
  if (entry == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      tm_seek_bar_set_overview (self->seek_bar, NULL, 0);
      tm_seek_bar_set_duration (self->seek_bar, 0);
      gtk_label_set_label (self->preview_label, "");
      return;
    }

  audio = audio_of (entry);
  gtk_label_set_label (self->title_label, entry->title);
  tm_seek_bar_set_overview (self->seek_bar, audio != NULL ? audio->overview_peak : NULL,
                            audio != NULL ? audio->n_overview : 0);
  tm_seek_bar_set_duration (self->seek_bar, audio != NULL ? audio->duration_s : 0);
  tm_seek_bar_set_preview_start (self->seek_bar, entry->preview_start);
  from = clock_text (entry->preview_start);
  preview = g_strdup_printf (_("Store preview from %s, %.0f s: drag the orange marker to move "
                               "it (or Alt and the arrow keys)"), from, TM_PREVIEW_SECONDS);
  gtk_label_set_label (self->preview_label, preview);
  update_time (self);
}

static void
apply_gains (TmPlayerBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->platform_choice);
  guint n = self->entries->len;
  g_autofree double *lufs = g_new0 (double, MAX (n, 1));
  g_autofree double *peaks = g_new0 (double, MAX (n, 1));
  g_autofree double *durations = g_new0 (double, MAX (n, 1));
  g_autofree double *gains = g_new0 (double, MAX (n, 1));

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected - 1 < self->profiles->len)
    {
      for (guint i = 0; i < n; i++)
        {
          const TmAudioReport *audio = audio_of (&g_array_index (self->entries, Entry, i));

          lufs[i] = audio != NULL ? audio->integrated_lufs : NAN;
          peaks[i] = audio != NULL ? audio->true_peak_dbtp : NAN;
          durations[i] = audio != NULL ? audio->duration_s : 0;
        }
      tm_checker_playback_gains (g_ptr_array_index (self->profiles, selected - 1), lufs, peaks,
                                 durations, n, TRUE, gains);
    }
  tm_player_set_gains (self->player, gains, n);
  update_time (self);
}

static void
platform_selected_cb (TmPlayerBar *self)
{
  apply_gains (self);
}

static void
state_notify_cb (TmPlayerBar *self)
{
  TmPlayerState state = tm_player_get_state (self->player);
  gboolean playing = state == TM_PLAYER_PLAYING;

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? _("Pause (Space)") : _("Play (Space)"));
  if (playing && self->pending_seek >= 0)
    {
      tm_player_seek (self->player, self->pending_seek);
      self->pending_seek = -1;
    }
  if (playing && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  if (state == TM_PLAYER_STOPPED && tm_player_get_error (self->player) != NULL)
    gtk_label_set_label (self->time_label, tm_player_get_error (self->player));
  else
    update_time (self);
}

static void
index_notify_cb (TmPlayerBar *self)
{
  show_entry (self);
}

static void
seek_cb (TmPlayerBar *self,
         double       seconds)
{
  if (tm_player_get_state (self->player) == TM_PLAYER_STOPPED)
    {
      Entry *entry = current (self);

      self->pending_seek = seconds;
      tm_player_play_index (self->player, entry != NULL ? tm_player_get_index (self->player) : 0,
                            NULL);
      return;
    }
  tm_player_seek (self->player, seconds);
  tm_seek_bar_set_position (self->seek_bar, seconds);
}

static void
preview_moved_cb (TmPlayerBar *self,
                  double       seconds)
{
  Entry *entry = current (self);

  if (entry == NULL && self->entries->len > 0)
    entry = &g_array_index (self->entries, Entry, 0);
  if (entry == NULL || entry->preview_start == seconds)
    return;
  entry->preview_start = seconds;
  show_entry (self);
  g_signal_emit (self, signals[PREVIEW_START_CHANGED], 0, entry->id, seconds);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tm_player_bar_toggle (TM_PLAYER_BAR (widget));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TmPlayerBar *self = TM_PLAYER_BAR (widget);
  int index = tm_player_get_index (self->player);
  int next = index + (g_str_equal (action_name, "player.next") ? 1 : -1);

  if (next >= 0 && (guint) next < self->entries->len)
    tm_player_play_index (self->player, next, NULL);
}

static void
tm_player_bar_dispose (GObject *object)
{
  TmPlayerBar *self = TM_PLAYER_BAR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      tm_player_stop (self->player);
    }
  g_clear_object (&self->player);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_PLAYER_BAR);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);

  G_OBJECT_CLASS (tm_player_bar_parent_class)->dispose (object);
}

static void
tm_player_bar_class_init (TmPlayerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_player_bar_dispose;

  /* A track's preview start, moved on the seek bar: (track id, seconds). */
  signals[PREVIEW_START_CHANGED] = g_signal_new ("preview-start-changed",
                                                 G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                                 G_TYPE_INT64, G_TYPE_DOUBLE);

  g_type_ensure (TM_TYPE_SEEK_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-player-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, platform_choice);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, platform_names);
  gtk_widget_class_bind_template_child (widget_class, TmPlayerBar, seek_bar);
  gtk_widget_class_bind_template_callback (widget_class, platform_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, seek_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_moved_cb);
  gtk_widget_class_install_action (widget_class, "player.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "player.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "player.previous", NULL, step_action);
}

static void
tm_player_bar_init (TmPlayerBar *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_seek = -1;
  /* Where the sound goes: the system's output, or what TUNEMANTRA_AUDIO_SINK
   * describes (the tests use a fake sink). Made first: the template's choice
   * asks for the gains as it is built. */
  self->player = tm_player_new (g_getenv ("TUNEMANTRA_AUDIO_SINK"));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (self->platform_names, _("Original"));
  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (state_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::index", G_CALLBACK (index_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
tm_player_bar_new (void)
{
  return g_object_new (TM_TYPE_PLAYER_BAR, NULL);
}

/* The profiles of platforms that normalise, in a listener's order. */
static void
set_profiles (TmPlayerBar *self,
              GPtrArray   *profiles)
{
  if (profiles == NULL || self->profiles->len > 0)
    return;
  for (guint i = 0; i < profiles->len; i++)
    {
      TmRequirements *profile = g_ptr_array_index (profiles, i);
      double target;

      if (g_str_equal (tm_requirements_get_id (profile), "generic")
          || !tm_requirements_get_double (profile, "loudness.target_lufs", &target))
        continue;
      g_ptr_array_add (self->profiles, g_object_ref (profile));
      gtk_string_list_append (self->platform_names, tm_requirements_get_name (profile));
    }
}

/**
 * tm_player_bar_set_tracks:
 * @tracks: (element-type TmTrack): the release's tracks, in order
 * @reports: (nullable) (element-type utf8 TmReport): their measures, by path
 * @profiles: (nullable) (element-type TmRequirements): every rule profile
 *
 * What plays goes on playing when its files are still the queue's.
 */
void
tm_player_bar_set_tracks (TmPlayerBar *self,
                          GPtrArray   *tracks,
                          GHashTable  *reports,
                          GPtrArray   *profiles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  gboolean same = TRUE;
  guint n = 0;

  g_return_if_fail (TM_IS_PLAYER_BAR (self));

  set_profiles (self, profiles);
  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);
      const char *path = tm_track_get_audio_path (track);

      if (path == NULL)
        continue;
      g_strv_builder_add (builder, path);
      if (n >= self->entries->len
          || g_strcmp0 (g_array_index (self->entries, Entry, n).path, path) != 0)
        same = FALSE;
      n++;
    }
  if (n != self->entries->len)
    same = FALSE;
  paths = g_strv_builder_end (builder);

  g_array_set_size (self->entries, 0);
  for (guint i = 0; i < tracks->len; i++)
    {
      TmTrack *track = g_ptr_array_index (tracks, i);
      const char *path = tm_track_get_audio_path (track);
      const char *title = tm_track_get_title (track);
      TmReport *report = path != NULL && reports != NULL ? g_hash_table_lookup (reports, path)
                                                         : NULL;
      Entry entry = { 0 };

      if (path == NULL)
        continue;
      entry.id = tm_record_get_id (TM_RECORD (track));
      entry.path = g_strdup (path);
      entry.title = g_strdup_printf ("%d. %s", tm_track_get_number (track),
                                     title != NULL && *title != '\0' ? title : _("Untitled"));
      entry.preview_start = tm_track_get_preview_start (track);
      entry.report = report != NULL ? tm_report_ref (report) : NULL;
      g_array_append_val (self->entries, entry);
    }

  if (!same)
    tm_player_set_queue (self->player, (const char * const *) paths);
  apply_gains (self);
  show_entry (self);
}

/* Plays @track_id, and the release on from it. */
gboolean
tm_player_bar_play_track (TmPlayerBar *self,
                          gint64       track_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TM_IS_PLAYER_BAR (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).id == track_id)
      {
        if (tm_player_play_index (self->player, i, &error))
          return TRUE;
        gtk_label_set_label (self->time_label, error->message);
        return FALSE;
      }
  return FALSE;
}

void
tm_player_bar_toggle (TmPlayerBar *self)
{
  g_return_if_fail (TM_IS_PLAYER_BAR (self));

  if (self->entries->len == 0)
    return;
  tm_player_toggle (self->player);
}

/* Chooses "Hear it as" by the profile's id; %NULL for the original. */
gboolean
tm_player_bar_choose_platform (TmPlayerBar *self,
                               const char  *profile_id)
{
  g_return_val_if_fail (TM_IS_PLAYER_BAR (self), FALSE);

  if (profile_id == NULL)
    {
      gtk_drop_down_set_selected (self->platform_choice, 0);
      return TRUE;
    }
  for (guint i = 0; i < self->profiles->len; i++)
    if (g_str_equal (tm_requirements_get_id (g_ptr_array_index (self->profiles, i)), profile_id))
      {
        gtk_drop_down_set_selected (self->platform_choice, i + 1);
        return TRUE;
      }
  return FALSE;
}

TmPlayer *
tm_player_bar_get_player (TmPlayerBar *self)
{
  g_return_val_if_fail (TM_IS_PLAYER_BAR (self), NULL);

  return self->player;
}

TmSeekBar *
tm_player_bar_get_seek_bar (TmPlayerBar *self)
{
  g_return_val_if_fail (TM_IS_PLAYER_BAR (self), NULL);

  return self->seek_bar;
}
