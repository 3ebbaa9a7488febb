/* tm-queue-window.c: the delivery queue, job by job, with progress
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row per job: what goes where, its state, a bar for the job and one for
 * the file being sent, and "3 of 12 files · 420 MB of 1.1 GB · 35 MB/s · about
 * 2 min left"; pause, resume, cancel (with undo) and retry. The jobs come from
 * the catalog, so those run by `tunemantra-cli queue run` show too, with the
 * progress it saves; those of this process move with the queue's own progress.
 * The list is rebuilt only when a job changes state, so focus stays put. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-distributor.h"
#include "tm-format.h"
#include "tm-queue-window.h"

#define REFRESH_SECONDS 2
#define FINISHED_SHOWN  200

typedef struct
{
  gint64      job_id;
  gint64      distribution_id;
  TmJobState  state;
  GtkWidget  *row;
  GtkWidget  *title;
  GtkWidget  *state_label;
  GtkWidget  *job_bar;
  GtkWidget  *file_bar;
  GtkWidget  *file_label;
  GtkWidget  *detail;
  GHashTable *buttons;           /* action name → button */
  /* Speed, smoothed over the samples */
  gint64      sample_time;
  guint64     sample_bytes;
  double      rate;
} JobRow;

struct _TmQueueWindow
{
  AdwWindow        parent_instance;

  TmCatalog       *catalog;
  TmJobQueue      *queue;         /* nullable */
  TmQueueFilter    filter;
  gboolean         all_paused;    /* the queue as a whole is paused */
  gboolean         pause_all_resumes; /* the Pause All button says Resume All */
  char            *signature;     /* of the jobs shown: rebuilt when it changes */
  char            *summary_text;
  GHashTable      *rows;          /* job id → JobRow */
  GHashTable      *titles;        /* release id → title */
  GHashTable      *platforms;     /* platform id → name */
  guint            refresh_id;

  AdwToastOverlay *toasts;
  GtkWidget       *stack;
  GtkWidget       *list;
  GtkWidget       *summary;
  GtkWidget       *overall;
  GtkWidget       *pause_all;
  GtkWidget       *filter_dropdown;
};

G_DEFINE_FINAL_TYPE (TmQueueWindow, tm_queue_window, ADW_TYPE_WINDOW)

static void
job_row_free (gpointer data)
{
  JobRow *r = data;

  g_hash_table_unref (r->buttons);
  g_free (r);
}

static const char *
kind_label (TmJobKind kind)
{
  switch (kind)
    {
    case TM_JOB_KIND_DELIVER: return _("Delivery");
    case TM_JOB_KIND_POLL: return _("Status check");
    case TM_JOB_KIND_UPDATE: return _("Update");
    case TM_JOB_KIND_TAKEDOWN: return _("Takedown");
    default: return "";
    }
}

static char *
state_text (TmJob    *job,
            gboolean  all_paused)
{
  gint64 run_at = tm_job_get_run_at (job);

  switch (tm_job_get_state (job))
    {
    case TM_JOB_STATE_WAITING:
      if (run_at > g_get_real_time ())
        {
          g_autofree char *when = tm_format_when (run_at, g_get_real_time ());

          return tm_job_get_attempts (job) > 0
                 ? g_strdup_printf (_("Tries again at %s"), when)
                 : g_strdup_printf (_("Waiting until %s"), when);
        }
      return g_strdup (all_paused ? _("Waiting; all deliveries are paused") : _("Waiting"));
    case TM_JOB_STATE_RUNNING: return g_strdup (_("Running"));
    case TM_JOB_STATE_PAUSED: return g_strdup (_("Paused"));
    case TM_JOB_STATE_DONE: return g_strdup (_("Done"));
    case TM_JOB_STATE_FAILED: return g_strdup (_("Failed"));
    case TM_JOB_STATE_CANCELLED: return g_strdup (_("Cancelled"));
    default: return g_strdup ("");
    }
}

static char *
time_left (double seconds)
{
  if (seconds < 60)
    return g_strdup (_("less than a minute left"));
  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60 + 0.5);

      return g_strdup_printf (ngettext ("about %d min left", "about %d min left", minutes),
                              minutes);
    }
  {
    int hours = (int) (seconds / 3600 + 0.5);

    return g_strdup_printf (ngettext ("about %d hour left", "about %d hours left", hours), hours);
  }
}

/**
 * tm_queue_format_progress:
 * @bytes_per_second: the speed, or 0 when it is not known yet
 *
 * "3 of 12 files · 420.0 MB of 1.1 GB · 35.0 MB/s · about 2 min left"
 */
char *
tm_queue_format_progress (const TmProgress *progress,
                          double            bytes_per_second)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (progress->files_total > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%" G_GUINT64_FORMAT " of %"
                                                       G_GUINT64_FORMAT " file",
                                                       "%" G_GUINT64_FORMAT " of %"
                                                       G_GUINT64_FORMAT " files",
                                                       progress->files_total),
                                             progress->files_done, progress->files_total));
  if (progress->bytes_total > 0)
    {
      g_autofree char *done = g_format_size (progress->bytes_done);
      g_autofree char *total = g_format_size (progress->bytes_total);

      g_ptr_array_add (parts, g_strdup_printf (_("%s of %s"), done, total));
    }
  if (bytes_per_second > 0)
    {
      g_autofree char *speed = g_format_size ((guint64) bytes_per_second);

      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
      if (progress->bytes_total > progress->bytes_done)
        g_ptr_array_add (parts, time_left ((progress->bytes_total - progress->bytes_done)
                                           / bytes_per_second));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Where a job stands: live from this process's queue, or as saved in the catalog. */
static TmProgress
progress_of (TmQueueWindow *self,
             TmJob         *job)
{
  TmProgress p = { 0, };

  if (self->queue != NULL
      && tm_job_queue_get_progress (self->queue, tm_record_get_id (TM_RECORD (job)), &p))
    return p;
  p.files_done = tm_job_get_files_done (job);
  p.files_total = tm_job_get_files_total (job);
  p.bytes_done = tm_job_get_bytes_done (job);
  p.bytes_total = tm_job_get_bytes_total (job);
  return p;
}

static void
update_progress (TmQueueWindow *self,
                 JobRow        *r,
                 TmJob         *job)
{
  TmProgress p = progress_of (self, job);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *text = NULL;
  gboolean moving = r->state == TM_JOB_STATE_RUNNING;

  /* The speed, smoothed so that it does not jump with every sample. */
  if (moving && r->sample_time != 0 && p.bytes_done >= r->sample_bytes
      && now - r->sample_time >= G_USEC_PER_SEC / 2)
    {
      double rate = (p.bytes_done - r->sample_bytes)
                    / ((now - r->sample_time) / (double) G_USEC_PER_SEC);

      r->rate = r->rate > 0 ? 0.7 * r->rate + 0.3 * rate : rate;
      r->sample_time = now;
      r->sample_bytes = p.bytes_done;
    }
  else if (r->sample_time == 0 || p.bytes_done < r->sample_bytes)
    {
      r->sample_time = now;
      r->sample_bytes = p.bytes_done;
    }

  text = tm_queue_format_progress (&p, moving ? r->rate : 0);
  if (r->state == TM_JOB_STATE_FAILED && tm_job_get_last_error (job) != NULL)
    gtk_label_set_text (GTK_LABEL (r->detail), tm_job_get_last_error (job));
  else if (r->state == TM_JOB_STATE_DONE || r->state == TM_JOB_STATE_CANCELLED
           || tm_job_get_kind (job) == TM_JOB_KIND_POLL)
    {
      gint64 finished = tm_job_get_finished_at (job);

      if (finished > 0)
        {
          g_autofree char *when = tm_format_when (finished, g_get_real_time ());
          g_autofree char *line = g_strdup_printf (_("Ended: %s"), when);

          gtk_label_set_text (GTK_LABEL (r->detail), line);
        }
      else
        gtk_label_set_text (GTK_LABEL (r->detail), tm_job_get_reason (job));
    }
  else if (moving && p.activity != NULL)
    {
      /* Work before the files: said, with how far it is. */
      g_autofree char *line = p.activity_total > 0
                              ? g_strdup_printf ("%s · %d %%", p.activity,
                                                 (int) (100 * p.activity_done
                                                        / p.activity_total))
                              : g_strdup (p.activity);

      gtk_label_set_text (GTK_LABEL (r->detail), line);
    }
  else
    gtk_label_set_text (GTK_LABEL (r->detail), *text != '\0' ? text : _("Not started"));

  gtk_widget_set_visible (r->job_bar, p.bytes_total > 0 && r->state != TM_JOB_STATE_DONE);
  if (p.bytes_total > 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (r->job_bar),
                                   (double) p.bytes_done / p.bytes_total);

  /* The file being sent now: its own bar, while it moves. */
  gtk_widget_set_visible (r->file_bar, moving && p.file_bytes_total > 0);
  gtk_widget_set_visible (r->file_label, moving && p.file_bytes_total > 0);
  if (moving && p.file_bytes_total > 0)
    {
      g_autofree char *done = g_format_size (p.file_bytes_done);
      g_autofree char *total = g_format_size (p.file_bytes_total);
      g_autofree char *line = g_strdup_printf (_("File %" G_GUINT64_FORMAT " of %"
                                                 G_GUINT64_FORMAT ": %s of %s"),
                                               MIN (p.files_done + 1, p.files_total),
                                               p.files_total, done, total);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (r->file_bar),
                                     (double) p.file_bytes_done / p.file_bytes_total);
      gtk_label_set_text (GTK_LABEL (r->file_label), line);
    }
}

static GtkWidget *
row_button (JobRow     *r,
            GtkWidget  *box,
            const char *action,
            const char *icon,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", r->job_id);
  gtk_box_append (GTK_BOX (box), button);
  g_hash_table_insert (r->buttons, (gpointer) action, button);
  return button;
}

static const char *
release_title (TmQueueWindow *self,
               gint64         release_id)
{
  const char *title = g_hash_table_lookup (self->titles, &release_id);

  if (title == NULL)
    {
      g_autoptr(TmRelease) release = tm_catalog_get_release (self->catalog, release_id, NULL);
      gint64 *key = g_new (gint64, 1);

      *key = release_id;
      title = release != NULL && tm_release_get_title (release) != NULL
              && *tm_release_get_title (release) != '\0'
              ? tm_release_get_title (release) : _("Untitled release");
      g_hash_table_insert (self->titles, key, g_strdup (title));
      title = g_hash_table_lookup (self->titles, key);
    }
  return title;
}

static GtkWidget *
make_row (TmQueueWindow *self,
          TmJob         *job)
{
  JobRow *r = g_new0 (JobRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *platform = g_hash_table_lookup (self->platforms,
                                              &(gint64) { tm_job_get_platform_id (job) });
  g_autofree char *title = NULL;
  g_autofree char *state = state_text (job, self->all_paused);
  g_autofree char *subtitle = NULL;
  TmJobKind kind = tm_job_get_kind (job);
  gboolean user_work = kind != TM_JOB_KIND_POLL;

  r->job_id = tm_record_get_id (TM_RECORD (job));
  r->distribution_id = tm_job_get_distribution_id (job);
  r->state = tm_job_get_state (job);
  r->buttons = g_hash_table_new (g_str_hash, g_str_equal);

  /* TRANSLATORS: a release's title, and the platform it goes to */
  title = g_strdup_printf (_("%s → %s"), release_title (self, tm_job_get_release_id (job)),
                           platform != NULL ? platform : _("a removed platform"));
  subtitle = g_strdup_printf ("%s · %s", kind_label (kind), state);

  r->title = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (r->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (r->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (r->title, "heading");
  r->state_label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (r->state_label), 0);
  gtk_widget_add_css_class (r->state_label, "dim-label");
  gtk_box_append (GTK_BOX (labels), r->title);
  gtk_box_append (GTK_BOX (labels), r->state_label);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (top), labels);

  if (user_work && (r->state == TM_JOB_STATE_WAITING || r->state == TM_JOB_STATE_RUNNING))
    row_button (r, top, "job.pause", "media-playback-pause-symbolic", _("Pause"));
  if (user_work && r->state == TM_JOB_STATE_PAUSED)
    row_button (r, top, "job.resume", "media-playback-start-symbolic", _("Resume"));
  if (user_work && (r->state == TM_JOB_STATE_FAILED || r->state == TM_JOB_STATE_CANCELLED))
    row_button (r, top, "job.retry", "view-refresh-symbolic", _("Deliver Again"));
  if (user_work && (r->state == TM_JOB_STATE_WAITING || r->state == TM_JOB_STATE_RUNNING
                    || r->state == TM_JOB_STATE_PAUSED))
    row_button (r, top, "job.cancel", "process-stop-symbolic", _("Cancel"));
  gtk_box_append (GTK_BOX (box), top);

  r->job_bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->job_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of the job"), -1);
  gtk_box_append (GTK_BOX (box), r->job_bar);
  r->file_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (r->file_label), 0);
  gtk_widget_add_css_class (r->file_label, "caption");
  gtk_box_append (GTK_BOX (box), r->file_label);
  r->file_bar = gtk_progress_bar_new ();
  gtk_widget_add_css_class (r->file_bar, "osd");
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->file_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of the file being sent"), -1);
  gtk_box_append (GTK_BOX (box), r->file_bar);
  r->detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (r->detail), 0);
  gtk_label_set_wrap (GTK_LABEL (r->detail), TRUE);
  gtk_label_set_selectable (GTK_LABEL (r->detail), r->state == TM_JOB_STATE_FAILED);
  gtk_widget_add_css_class (r->detail, r->state == TM_JOB_STATE_FAILED ? "error" : "caption");
  gtk_box_append (GTK_BOX (box), r->detail);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  r->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (r->row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (r->row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);

  update_progress (self, r, job);
  g_hash_table_insert (self->rows, &r->job_id, r);
  return r->row;
}

static int
compare_updated (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = tm_job_get_updated_at (*(TmJob **) a);
  gint64 y = tm_job_get_updated_at (*(TmJob **) b);

  return x < y ? -1 : x > y;
}

static GPtrArray *
list_jobs (TmQueueWindow  *self,
           GError        **error)
{
  /* Ended jobs are only the latest, chosen by SQLite: this runs on the main
   * thread every few seconds, and a catalog keeps every job it ever ran. */
  static const TmJobQuery open_work = { .states = TM_JOB_STATES_OPEN,
                                        .kinds = TM_JOB_KINDS_WORK };
  static const TmJobQuery failed = { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_FAILED),
                                     .kinds = TM_JOB_KINDS_WORK, .latest = FINISHED_SHOWN };
  static const TmJobQuery finished = { .states = TM_JOB_STATE_MASK (TM_JOB_STATE_DONE)
                                                 | TM_JOB_STATE_MASK (TM_JOB_STATE_CANCELLED),
                                       .kinds = TM_JOB_KINDS_WORK, .latest = FINISHED_SHOWN };
  static const TmJobQuery open_any = { .states = TM_JOB_STATES_OPEN };
  static const TmJobQuery ended_any = { .states = TM_JOB_STATES_ENDED,
                                        .latest = FINISHED_SHOWN };
  const TmJobQuery *queries[] = {
    [TM_QUEUE_FILTER_ACTIVE] = &open_work,
    [TM_QUEUE_FILTER_FAILED] = &failed,
    [TM_QUEUE_FILTER_FINISHED] = &finished,
    [TM_QUEUE_FILTER_ALL] = &open_any,
  };
  GPtrArray *jobs = tm_catalog_list_jobs (self->catalog, queries[self->filter], error);

  if (jobs != NULL && self->filter == TM_QUEUE_FILTER_ALL)
    {
      g_autoptr(GPtrArray) ended = tm_catalog_list_jobs (self->catalog, &ended_any, error);

      if (ended == NULL)
        g_clear_pointer (&jobs, g_ptr_array_unref);
      else
        g_ptr_array_extend_and_steal (jobs, g_steal_pointer (&ended));
    }

  /* Open work as the queue takes it; finished work newest first, the latest only. */
  if (jobs != NULL && self->filter != TM_QUEUE_FILTER_ACTIVE)
    {
      g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < jobs->len; i++)
        {
          TmJob *job = g_ptr_array_index (jobs, i);
          TmJobState s = tm_job_get_state (job);

          g_ptr_array_add (s == TM_JOB_STATE_WAITING || s == TM_JOB_STATE_RUNNING
                           || s == TM_JOB_STATE_PAUSED ? open : ended, g_object_ref (job));
        }
      g_ptr_array_sort (ended, compare_updated);
      g_ptr_array_set_size (jobs, 0);
      for (guint i = 0; i < open->len; i++)
        g_ptr_array_add (jobs, g_object_ref (open->pdata[i]));
      for (guint i = ended->len; i > 0 && jobs->len < open->len + FINISHED_SHOWN; i--)
        g_ptr_array_add (jobs, g_object_ref (ended->pdata[i - 1]));
    }
  return jobs;
}

static void
update_summary (TmQueueWindow *self,
                GPtrArray     *jobs)
{
  guint running = 0, waiting = 0, paused = 0;
  TmProgress all = { 0, };
  double rate = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);
      JobRow *r = g_hash_table_lookup (self->rows, &(gint64) { tm_record_get_id (TM_RECORD (job)) });

      switch (tm_job_get_state (job))
        {
        case TM_JOB_STATE_RUNNING:
          {
            TmProgress p = progress_of (self, job);

            running++;
            all.files_done += p.files_done;
            all.files_total += p.files_total;
            all.bytes_done += p.bytes_done;
            all.bytes_total += p.bytes_total;
            rate += r != NULL ? r->rate : 0;
          }
          break;
        case TM_JOB_STATE_WAITING:
          if (tm_job_get_kind (job) != TM_JOB_KIND_POLL)
            waiting++;
          break;
        case TM_JOB_STATE_PAUSED:
          paused++;
          break;
        default:
          break;
        }
    }

  if (running > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u running", "%u running", running),
                                             running));
  if (waiting > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting),
                                             waiting));
  if (paused > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u paused", "%u paused", paused),
                                             paused));
  if (running > 0)
    g_ptr_array_add (parts, tm_queue_format_progress (&all, rate));
  g_ptr_array_add (parts, NULL);

  g_free (self->summary_text);
  self->summary_text = parts->len > 1 ? g_strjoinv (" · ", (char **) parts->pdata)
                                      : g_strdup (_("Nothing is being delivered"));
  gtk_label_set_text (GTK_LABEL (self->summary), self->summary_text);
  gtk_widget_set_visible (self->overall, all.bytes_total > 0);
  if (all.bytes_total > 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->overall),
                                   (double) all.bytes_done / all.bytes_total);

  /* Pause all while anything can still move; resume all once everything is paused. */
  {
    gboolean all_paused = self->all_paused || (paused > 0 && running == 0 && waiting == 0);

    gtk_button_set_label (GTK_BUTTON (self->pause_all),
                          all_paused ? _("_Resume All") : _("_Pause All"));
    gtk_widget_set_sensitive (self->pause_all, all_paused || running + waiting > 0);
    self->pause_all_resumes = all_paused;
  }
}

static char *
signature_of (GPtrArray *jobs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      TmJob *job = g_ptr_array_index (jobs, i);

      g_string_append_printf (s, "%" G_GINT64_FORMAT ":%d:%" G_GINT64_FORMAT ";",
                              tm_record_get_id (TM_RECORD (job)), tm_job_get_state (job),
                              tm_job_get_run_at (job));
    }
  return g_string_free (s, FALSE);
}

/**
 * tm_queue_window_refresh:
 *
 * Reads the jobs again; the rows are made again only when a job was added,
 * ended or changed state, otherwise only their progress moves.
 */
void
tm_queue_window_refresh (TmQueueWindow *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) platforms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;

  g_return_if_fail (TM_IS_QUEUE_WINDOW (self));

  if (!(jobs = list_jobs (self, &error)))
    {
      gtk_label_set_text (GTK_LABEL (self->summary), error->message);
      return;
    }

  {
    g_autofree char *paused = tm_catalog_get_setting (self->catalog, "queue.paused", NULL);
    g_autofree char *jobs_signature = signature_of (jobs);

    self->all_paused = g_strcmp0 (paused, "1") == 0;
    signature = g_strdup_printf ("%d;%s", self->all_paused, jobs_signature);
  }
  if (g_strcmp0 (signature, self->signature) != 0)
    {
      GtkWidget *child;

      g_free (self->signature);
      self->signature = g_steal_pointer (&signature);
      g_hash_table_remove_all (self->platforms);
      if ((platforms = tm_catalog_list_platforms (self->catalog, NULL)) != NULL)
        for (guint i = 0; i < platforms->len; i++)
          {
            TmPlatform *p = g_ptr_array_index (platforms, i);
            gint64 *key = g_new (gint64, 1);

            *key = tm_record_get_id (TM_RECORD (p));
            g_hash_table_insert (self->platforms, key, g_strdup (tm_platform_get_name (p)));
          }

      /* Rows keep their speed samples across a rebuild. */
      {
        g_autoptr(GHashTable) old = g_steal_pointer (&self->rows);

        self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, job_row_free);
        while ((child = gtk_widget_get_first_child (self->list)) != NULL)
          gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
        for (guint i = 0; i < jobs->len; i++)
          {
            TmJob *job = g_ptr_array_index (jobs, i);
            JobRow *before = g_hash_table_lookup (old, &(gint64) { tm_record_get_id (TM_RECORD (job)) });
            GtkWidget *row = make_row (self, job);
            JobRow *now = g_hash_table_lookup (self->rows,
                                               &(gint64) { tm_record_get_id (TM_RECORD (job)) });

            if (before != NULL && now != NULL)
              {
                now->rate = before->rate;
                now->sample_time = before->sample_time;
                now->sample_bytes = before->sample_bytes;
              }
            gtk_list_box_append (GTK_LIST_BOX (self->list), row);
          }
      }
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                        jobs->len > 0 ? "list" : "empty");
    }
  else
    for (guint i = 0; i < jobs->len; i++)
      {
        TmJob *job = g_ptr_array_index (jobs, i);
        JobRow *r = g_hash_table_lookup (self->rows,
                                         &(gint64) { tm_record_get_id (TM_RECORD (job)) });

        if (r != NULL)
          update_progress (self, r, job);
      }

  update_summary (self, jobs);
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  tm_queue_window_refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
queue_changed_cb (TmQueueWindow *self)
{
  tm_queue_window_refresh (self);
}

static void
job_progress_cb (TmQueueWindow *self,
                 gint64         job_id)
{
  JobRow *r = g_hash_table_lookup (self->rows, &job_id);
  g_autoptr(TmJob) job = NULL;

  if (r == NULL || !(job = tm_catalog_get_job (self->catalog, job_id, NULL)))
    return;
  /* Live progress; the state is the queue's, even before the catalog says so. */
  r->state = TM_JOB_STATE_RUNNING;
  update_progress (self, r, job);
}

static void
toast (TmQueueWindow *self,
       const char    *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
poke (TmQueueWindow *self)
{
  if (self->queue != NULL)
    tm_job_queue_poke (self->queue);
  tm_queue_window_refresh (self);
}

/* Cancelled, failed or ended work goes again: a retry where the delivery
 * failed, a new delivery where cancelling put it back to not sent. */
static gboolean
redeliver (TmQueueWindow  *self,
           gint64          distribution_id,
           GError        **error)
{
  g_autoptr(TmDistribution) d = tm_catalog_get_distribution (self->catalog, distribution_id,
                                                             error);
  g_autoptr(GPtrArray) outcomes = NULL;
  gint64 release_id, platform_id;

  if (d == NULL)
    return FALSE;
  switch (tm_distribution_get_status (d))
    {
    case TM_DISTRIBUTION_STATUS_FAILED:
    case TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION:
      return tm_distributor_retry (self->catalog, distribution_id, error);
    default:
      break;
    }
  release_id = tm_distribution_get_release_id (d);
  platform_id = tm_distribution_get_platform_id (d);
  outcomes = tm_distributor_distribute (self->catalog, &release_id, 1, &platform_id, 1,
                            TM_JOB_PRIORITY_NORMAL, 0, 0, error);
  if (outcomes == NULL)
    return FALSE;
  for (guint i = 0; i < outcomes->len; i++)
    {
      TmDistributorOutcome *o = g_ptr_array_index (outcomes, i);

      if (o->problem != NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, o->problem);
          return FALSE;
        }
    }
  return TRUE;
}

static void
undo_cancel_cb (AdwToast *t,
                gpointer  data)
{
  TmQueueWindow *self = g_object_get_data (G_OBJECT (t), "window");
  gint64 distribution_id = *(gint64 *) data;
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (!redeliver (self, distribution_id, &error))
    toast (self, error->message);
  poke (self);
}

static void
job_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (widget);
  gint64 job_id = g_variant_get_int64 (parameter);
  g_autoptr(TmJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (!(job = tm_catalog_get_job (self->catalog, job_id, &error)))
    {
      toast (self, error->message);
      return;
    }

  if (g_str_equal (action_name, "job.pause") || g_str_equal (action_name, "job.resume"))
    {
      tm_distributor_set_paused (self->catalog, 0, job_id, g_str_equal (action_name, "job.pause"),
                          &error);
      ok = error == NULL;
    }
  else if (g_str_equal (action_name, "job.retry"))
    ok = redeliver (self, tm_job_get_distribution_id (job), &error);
  else if (g_str_equal (action_name, "job.cancel"))
    {
      gint64 distribution_id = tm_job_get_distribution_id (job);

      ok = tm_distributor_cancel (self->catalog, distribution_id, &error);
      if (ok)
        {
          AdwToast *t = adw_toast_new (_("Delivery cancelled"));
          gint64 *id = g_new (gint64, 1);

          *id = distribution_id;
          adw_toast_set_button_label (t, _("_Undo"));
          g_object_set_data (G_OBJECT (t), "window", self);
          g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_cancel_cb), id,
                                 (GClosureNotify) (void (*) (void)) g_free, 0);
          adw_toast_overlay_add_toast (self->toasts, t);
        }
    }

  if (!ok)
    toast (self, error->message);
  poke (self);
}

static void
pause_all_clicked_cb (TmQueueWindow *self)
{
  g_autoptr(GError) error = NULL;

  tm_distributor_set_paused (self->catalog, 0, 0, !self->pause_all_resumes, &error);
  if (error != NULL)
    toast (self, error->message);
  poke (self);
}

static void
filter_changed_cb (TmQueueWindow *self)
{
  tm_queue_window_set_filter (self, gtk_drop_down_get_selected (
                                      GTK_DROP_DOWN (self->filter_dropdown)));
}

void
tm_queue_window_set_filter (TmQueueWindow *self,
                            TmQueueFilter  filter)
{
  g_return_if_fail (TM_IS_QUEUE_WINDOW (self));

  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->filter_dropdown)) != (guint) filter)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->filter_dropdown), filter);
      return; /* the dropdown comes back here */
    }
  self->filter = filter;
  g_clear_pointer (&self->signature, g_free);
  tm_queue_window_refresh (self);
}

guint
tm_queue_window_get_n_jobs (TmQueueWindow *self)
{
  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), 0);

  return g_hash_table_size (self->rows);
}

const char *
tm_queue_window_get_summary (TmQueueWindow *self)
{
  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  return self->summary_text;
}

/**
 * tm_queue_window_get_job_text:
 *
 * Returns: (nullable): the job's progress or error line as shown
 */
const char *
tm_queue_window_get_job_text (TmQueueWindow *self,
                              gint64         job_id)
{
  JobRow *r;

  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  r = g_hash_table_lookup (self->rows, &job_id);
  return r != NULL ? gtk_label_get_text (GTK_LABEL (r->detail)) : NULL;
}

/**
 * tm_queue_window_get_job_button:
 * @action: such as "job.pause"
 *
 * Returns: (transfer none) (nullable): the job's button for @action, if it has one
 */
GtkWidget *
tm_queue_window_get_job_button (TmQueueWindow *self,
                                gint64         job_id,
                                const char    *action)
{
  JobRow *r;

  g_return_val_if_fail (TM_IS_QUEUE_WINDOW (self), NULL);

  r = g_hash_table_lookup (self->rows, &job_id);
  return r != NULL ? g_hash_table_lookup (r->buttons, action) : NULL;
}

static void
tm_queue_window_dispose (GObject *object)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_queue_window_parent_class)->dispose (object);
}

static void
tm_queue_window_finalize (GObject *object)
{
  TmQueueWindow *self = TM_QUEUE_WINDOW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->platforms, g_hash_table_unref);
  g_free (self->signature);
  g_free (self->summary_text);

  G_OBJECT_CLASS (tm_queue_window_parent_class)->finalize (object);
}

static void
tm_queue_window_class_init (TmQueueWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_queue_window_dispose;
  object_class->finalize = tm_queue_window_finalize;

  gtk_widget_class_install_action (widget_class, "job.pause", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.resume", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.cancel", "x", job_action);
  gtk_widget_class_install_action (widget_class, "job.retry", "x", job_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_queue_window_init (TmQueueWindow *self)
{
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, job_row_free);
  self->titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->platforms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/**
 * tm_queue_window_new:
 * @queue: (nullable): this process's queue, for live progress and to wake it
 */
GtkWidget *
tm_queue_window_new (TmCatalog  *catalog,
                     TmJobQueue *queue)
{
  TmQueueWindow *self = g_object_new (TM_TYPE_QUEUE_WINDOW, NULL);
  static const char * const filters[] = {
    N_("Under Way"), N_("Failed"), N_("Finished"), N_("All, with Status Checks"), NULL,
  };
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *empty = adw_status_page_new ();

  self->catalog = g_object_ref (catalog);
  self->queue = queue != NULL ? g_object_ref (queue) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), _("Deliveries"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);

  for (guint i = 0; filters[i] != NULL; i++)
    gtk_string_list_append (names, _(filters[i]));
  self->filter_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_tooltip_text (self->filter_dropdown, _("Which jobs to show"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Which jobs to show"), -1);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->filter_dropdown);
  self->pause_all = gtk_button_new_with_mnemonic (_("_Pause All"));
  g_signal_connect_swapped (self->pause_all, "clicked", G_CALLBACK (pause_all_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->pause_all);

  self->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_widget_add_css_class (self->summary, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Queue summary"), -1);
  self->overall = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overall), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress of everything running"), -1);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-send-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Jobs Here"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Deliveries, updates and takedowns show here while they "
                                     "wait, run or are paused. Deliver a release from its "
                                     "page."));
  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), self->list, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);

  gtk_box_append (GTK_BOX (content), self->summary);
  gtk_box_append (GTK_BOX (content), self->overall);
  gtk_box_append (GTK_BOX (content), self->stack);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));

  if (self->queue != NULL)
    {
      g_signal_connect_swapped (self->queue, "job-started", G_CALLBACK (queue_changed_cb), self);
      g_signal_connect_swapped (self->queue, "job-finished", G_CALLBACK (queue_changed_cb),
                                self);
      g_signal_connect_swapped (self->queue, "job-progress", G_CALLBACK (job_progress_cb), self);
    }
  /* Jobs run by another process (the CLI) are seen too. */
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
  tm_queue_window_refresh (self);
  return GTK_WIDGET (self);
}
