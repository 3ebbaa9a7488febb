/* tm-cover-image.c: a release's cover, from the thumbnail cache
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A square of pixel-size, with the cover fitted in it and rounded corners, or a
 * placeholder while there is none (or while it loads). Thumbnails come from
 * tm_cover_thumbnail_async(), made in a worker and kept on disk; the textures
 * made of them are shared by every cover image of the process, a few hundred at
 * most, so a list that scrolls back finds them at once. A row that is bound to
 * another release cancels what it was waiting for. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-cover-cache.h"
#include "tm-cover-image.h"

#define MAX_TEXTURES 400

struct _TmCoverImage
{
  GtkWidget     parent_instance;

  GtkWidget    *placeholder;
  char         *path;
  char         *sha256;
  int           pixel_size;
  GdkTexture   *texture;
  GCancellable *loading;
};

G_DEFINE_FINAL_TYPE (TmCoverImage, tm_cover_image, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SHA256,
  PROP_PIXEL_SIZE,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Textures by "SIZE:SHA256" (or "SIZE:PATH" for a cover not hashed yet). */
static GHashTable *textures;

static char *
texture_key (TmCoverImage *self)
{
  int scaled = self->pixel_size * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return g_strdup_printf ("%d:%s", scaled, self->sha256 != NULL ? self->sha256 : self->path);
}

static void
show_texture (TmCoverImage *self,
              GdkTexture   *texture)
{
  if (self->texture == texture)
    return;
  g_set_object (&self->texture, texture);
  gtk_widget_set_visible (self->placeholder, texture == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TmCoverImage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) thumbnail = tm_cover_thumbnail_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (thumbnail == NULL)
    {
      /* A cover that cannot be shown stays a placeholder; pre-flight says why. */
      g_debug ("No thumbnail of %s: %s", self->path, error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (thumbnail);
  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_size (textures) >= MAX_TEXTURES)
    g_hash_table_remove_all (textures);
  g_hash_table_insert (textures, texture_key (self), g_object_ref (texture));
  show_texture (self, texture);
}

static void
reload (TmCoverImage *self)
{
  g_autofree char *key = NULL;
  GdkTexture *known;
  int scaled;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  if (self->path == NULL)
    {
      show_texture (self, NULL);
      return;
    }

  key = texture_key (self);
  if (textures != NULL && (known = g_hash_table_lookup (textures, key)) != NULL)
    {
      show_texture (self, known);
      return;
    }

  show_texture (self, NULL);
  scaled = self->pixel_size * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  self->loading = g_cancellable_new ();
  tm_cover_thumbnail_async (self->path, self->sha256, scaled, self->loading, loaded_cb,
                            g_object_ref (self));
}

static void
tm_cover_image_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  TmCoverImage *self = TM_COVER_IMAGE (widget);

  *minimum = *natural = self->pixel_size;
}

static void
tm_cover_image_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TmCoverImage *self = TM_COVER_IMAGE (widget);

  gtk_widget_allocate (self->placeholder, width, height, baseline, NULL);
}

static void
tm_cover_image_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  TmCoverImage *self = TM_COVER_IMAGE (widget);
  float width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  float tw, th, scale, radius = CLAMP (self->pixel_size * 0.05f, 3.0f, 12.0f);
  GskRoundedRect clip;

  if (self->texture == NULL)
    {
      gtk_widget_snapshot_child (widget, self->placeholder, snapshot);
      return;
    }

  /* Fitted, centred: a cover that is not square shows as it is. */
  tw = gdk_texture_get_width (self->texture);
  th = gdk_texture_get_height (self->texture);
  scale = MIN (width / tw, height / th);
  tw *= scale;
  th *= scale;
  gsk_rounded_rect_init_from_rect (&clip,
                                   &GRAPHENE_RECT_INIT ((width - tw) / 2, (height - th) / 2,
                                                        tw, th), radius);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  gtk_snapshot_append_texture (snapshot, self->texture, &clip.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
tm_cover_image_scale_notify_cb (TmCoverImage *self)
{
  reload (self);
}

static void
tm_cover_image_dispose (GObject *object)
{
  TmCoverImage *self = TM_COVER_IMAGE (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_pointer (&self->placeholder, gtk_widget_unparent);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (tm_cover_image_parent_class)->dispose (object);
}

static void
tm_cover_image_finalize (GObject *object)
{
  TmCoverImage *self = TM_COVER_IMAGE (object);

  g_free (self->path);
  g_free (self->sha256);

  G_OBJECT_CLASS (tm_cover_image_parent_class)->finalize (object);
}

static void
tm_cover_image_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TmCoverImage *self = TM_COVER_IMAGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;
    case PROP_PIXEL_SIZE:
      g_value_set_int (value, self->pixel_size);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->texture != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_cover_image_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TmCoverImage *self = TM_COVER_IMAGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      tm_cover_image_set_cover (self, g_value_get_string (value), self->sha256);
      break;
    case PROP_SHA256:
      tm_cover_image_set_cover (self, self->path, g_value_get_string (value));
      break;
    case PROP_PIXEL_SIZE:
      tm_cover_image_set_pixel_size (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_cover_image_class_init (TmCoverImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tm_cover_image_dispose;
  object_class->finalize = tm_cover_image_finalize;
  object_class->get_property = tm_cover_image_get_property;
  object_class->set_property = tm_cover_image_set_property;
  widget_class->measure = tm_cover_image_measure;
  widget_class->size_allocate = tm_cover_image_size_allocate;
  widget_class->snapshot = tm_cover_image_snapshot;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIXEL_SIZE] =
    g_param_spec_int ("pixel-size", NULL, NULL, 16, 1024, 48,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cover");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tm_cover_image_init (TmCoverImage *self)
{
  self->pixel_size = 48;
  self->placeholder = gtk_image_new_from_icon_name ("audio-x-generic-symbolic");
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_parent (self->placeholder, GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cover"), -1);
  g_signal_connect_object (self, "notify::scale-factor",
                           G_CALLBACK (tm_cover_image_scale_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
tm_cover_image_new (int pixel_size)
{
  return g_object_new (TM_TYPE_COVER_IMAGE, "pixel-size", pixel_size, NULL);
}

/**
 * tm_cover_image_set_cover:
 * @path: (nullable): the picture, or %NULL for none
 * @sha256: (nullable): its SHA-256, which keys the thumbnail on disk
 */
void
tm_cover_image_set_cover (TmCoverImage *self,
                          const char   *path,
                          const char   *sha256)
{
  gboolean path_changed, sha_changed;

  g_return_if_fail (TM_IS_COVER_IMAGE (self));

  path_changed = g_strcmp0 (path, self->path) != 0;
  sha_changed = g_strcmp0 (sha256, self->sha256) != 0;
  if (!path_changed && !sha_changed)
    return;

  if (path_changed)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  if (sha_changed)
    {
      g_free (self->sha256);
      self->sha256 = g_strdup (sha256);
    }
  reload (self);
  if (path_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  if (sha_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHA256]);
}

const char *
tm_cover_image_get_path (TmCoverImage *self)
{
  g_return_val_if_fail (TM_IS_COVER_IMAGE (self), NULL);

  return self->path;
}

gboolean
tm_cover_image_get_loaded (TmCoverImage *self)
{
  g_return_val_if_fail (TM_IS_COVER_IMAGE (self), FALSE);

  return self->texture != NULL;
}

int
tm_cover_image_get_pixel_size (TmCoverImage *self)
{
  g_return_val_if_fail (TM_IS_COVER_IMAGE (self), 0);

  return self->pixel_size;
}

void
tm_cover_image_set_pixel_size (TmCoverImage *self,
                               int           pixel_size)
{
  g_return_if_fail (TM_IS_COVER_IMAGE (self));

  if (self->pixel_size == pixel_size)
    return;
  self->pixel_size = pixel_size;
  gtk_image_set_pixel_size (GTK_IMAGE (self->placeholder), MAX (16, pixel_size / 3));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (self->path != NULL)
    reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIXEL_SIZE]);
}
