/* tm-cover-dialog.c: a cover made square and sized, from the release page
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The picture is read in a worker (its header first, then a preview of at most
 * PREVIEW_SIZE pixels, upright); the square is chosen over it; the new file is
 * made by tm_cover_edit_async() and becomes the cover through
 * tm_widget_set_cover(), whose toast (in the owner's window, with Undo) says so.
 * The size offered is never more than the square: nothing is enlarged. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-artwork-inspector.h"
#include "tm-cover-dialog.h"
#include "tm-cover-edit.h"
#include "tm-widget-util.h"

#define PREVIEW_SIZE 900

struct _TmCoverDialog
{
  AdwWindow      parent_instance;

  GtkWidget     *owner;        /* the page the toast goes to */
  TmCatalog     *catalog;
  gint64         release_id;
  char          *path;
  GCancellable  *cancellable;
  gboolean       ready;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  TmCropArea    *crop_area;
  GtkLabel      *square_label;
  GtkSpinButton *size_spin;
  GtkSpinButton *quality_spin;
  GtkWidget     *save_button;
};

G_DEFINE_FINAL_TYPE (TmCoverDialog, tm_cover_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  GdkPixbuf *preview;
  guint      width, height;    /* upright */
} Preview;

static void
preview_free (Preview *preview)
{
  g_clear_object (&preview->preview);
  g_free (preview);
}

static void
preview_worker (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(TmImageReport) report = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  GError *error = NULL;
  Preview *preview;

  if (!(report = tm_artwork_inspect (path, TM_ARTWORK_MAX_PIXELS, &error))
      || !(scaled = tm_artwork_decode (path, PREVIEW_SIZE, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  preview = g_new0 (Preview, 1);
  preview->preview = gdk_pixbuf_apply_embedded_orientation (scaled);
  /* Orientations 5 to 8 turn the picture a quarter. */
  preview->width = report->exif_orientation >= 5 ? report->height : report->width;
  preview->height = report->exif_orientation >= 5 ? report->width : report->height;
  g_task_return_pointer (task, preview, (GDestroyNotify) preview_free);
}

static void
show_error (TmCoverDialog *self,
            const char    *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_sensitive (self->save_button, FALSE);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TmCoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Preview *preview = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GdkTexture) texture = NULL;
  guint side;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (preview == NULL)
    {
      show_error (self, error->message);
      return;
    }

  side = MIN (preview->width, preview->height);
  if (side < 500)
    {
      g_autofree char *message = g_strdup_printf (_("It is %u × %u pixels: too small for a "
                                                    "cover, and enlarging it would make it "
                                                    "blurry. Use a larger original."),
                                                  preview->width, preview->height);

      show_error (self, message);
      preview_free (preview);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (preview->preview);
  tm_crop_area_set_picture (self->crop_area, texture, preview->width, preview->height);
  gtk_spin_button_set_range (self->size_spin, 500, MIN (side, 10000));
  gtk_spin_button_set_value (self->size_spin, MIN (side, TM_COVER_DEFAULT_SIZE));
  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->crop_area));
  self->ready = TRUE;
  preview_free (preview);
}

static void
square_changed_cb (TmCoverDialog *self)
{
  g_autofree char *text = NULL;
  guint x, y, size;

  tm_crop_area_get_square (self->crop_area, &x, &y, &size);
  /* TRANSLATORS: the square kept of the picture: its side, and where it starts */
  text = g_strdup_printf (_("A square of %u pixels, from %u, %u"), size, x, y);
  gtk_label_set_label (self->square_label, text);
}

static void
centre_clicked_cb (TmCoverDialog *self)
{
  tm_crop_area_centre (self->crop_area);
}

static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TmCoverDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TmCoverResult) made = tm_cover_edit_finish (result, &error);

  if (made == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  tm_widget_set_cover (self->owner, self->catalog, self->release_id, made->path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TmCoverDialog *self = TM_COVER_DIALOG (widget);
  TmCoverEdit edit = { TM_COVER_CROP_SQUARE, 0, 0, 0, 0, 0 };

  if (!self->ready)
    return;
  tm_crop_area_get_square (self->crop_area, &edit.x, &edit.y, &edit.size);
  edit.output_size = (guint) gtk_spin_button_get_value_as_int (self->size_spin);
  edit.quality = (guint) gtk_spin_button_get_value_as_int (self->quality_spin);
  self->ready = FALSE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  tm_cover_edit_async (self->path, &edit, self->cancellable, edited_cb, g_object_ref (self));
}

static void
tm_cover_dialog_dispose (GObject *object)
{
  TmCoverDialog *self = TM_COVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TM_TYPE_COVER_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->owner);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (tm_cover_dialog_parent_class)->dispose (object);
}

static void
tm_cover_dialog_finalize (GObject *object)
{
  TmCoverDialog *self = TM_COVER_DIALOG (object);

  g_free (self->path);

  G_OBJECT_CLASS (tm_cover_dialog_parent_class)->finalize (object);
}

static void
tm_cover_dialog_class_init (TmCoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_cover_dialog_dispose;
  object_class->finalize = tm_cover_dialog_finalize;

  g_type_ensure (TM_TYPE_CROP_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-cover-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, crop_area);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, square_label);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, size_spin);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, TmCoverDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, square_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, centre_clicked_cb);
  gtk_widget_class_install_action (widget_class, "cover.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tm_cover_dialog_init (TmCoverDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * tm_cover_dialog_new:
 * @owner: the widget whose window shows the result
 * @path: the picture to make the cover from
 */
GtkWidget *
tm_cover_dialog_new (GtkWidget  *owner,
                     TmCatalog  *catalog,
                     gint64      release_id,
                     const char *path)
{
  TmCoverDialog *self = g_object_new (TM_TYPE_COVER_DIALOG, NULL);
  GtkRoot *root = gtk_widget_get_root (owner);
  g_autoptr(GTask) task = NULL;

  self->owner = g_object_ref (owner);
  self->catalog = g_object_ref (catalog);
  self->release_id = release_id;
  self->path = g_strdup (path);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  task = g_task_new (NULL, self->cancellable, preview_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, preview_worker);
  return GTK_WIDGET (self);
}

gboolean
tm_cover_dialog_is_ready (TmCoverDialog *self)
{
  g_return_val_if_fail (TM_IS_COVER_DIALOG (self), FALSE);

  return self->ready;
}

TmCropArea *
tm_cover_dialog_get_crop_area (TmCoverDialog *self)
{
  g_return_val_if_fail (TM_IS_COVER_DIALOG (self), NULL);

  return self->crop_area;
}

void
tm_cover_dialog_set_size (TmCoverDialog *self,
                          guint          size)
{
  g_return_if_fail (TM_IS_COVER_DIALOG (self));

  gtk_spin_button_set_value (self->size_spin, size);
}
