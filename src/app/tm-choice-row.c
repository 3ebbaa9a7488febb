/* tm-choice-row.c: a row to pick a language or a genre from a searchable list
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Stores take these from a list; a typo in free text is a rejection. The
 * first entry is "Not set"; a value stored before that is not in the list (a
 * genre from a file's tags, a language tag such as pt-BR) is kept as an entry
 * of its own, so nothing is changed by merely showing it. Typing in the open
 * list searches it. */

#include "config.h"

#include <glib/gi18n.h>

#include "tm-choice-row.h"
#include "tm-genre.h"
#include "tm-language.h"

struct _TmChoice
{
  GObject  parent_instance;
  char    *id;
  char    *label;
};

G_DEFINE_FINAL_TYPE (TmChoice, tm_choice, G_TYPE_OBJECT)

enum {
  CHOICE_PROP_0,
  CHOICE_PROP_ID,
  CHOICE_PROP_LABEL,
  CHOICE_N_PROPS
};

static GParamSpec *choice_properties[CHOICE_N_PROPS];

static void
tm_choice_finalize (GObject *object)
{
  TmChoice *self = TM_CHOICE (object);

  g_free (self->id);
  g_free (self->label);

  G_OBJECT_CLASS (tm_choice_parent_class)->finalize (object);
}

static void
tm_choice_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TmChoice *self = TM_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case CHOICE_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_choice_class_init (TmChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tm_choice_finalize;
  object_class->get_property = tm_choice_get_property;

  choice_properties[CHOICE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  choice_properties[CHOICE_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CHOICE_N_PROPS, choice_properties);
}

static void
tm_choice_init (TmChoice *self)
{
}

static TmChoice *
tm_choice_new (const char *id,
               const char *label)
{
  TmChoice *self = g_object_new (TM_TYPE_CHOICE, NULL);

  self->id = g_strdup (id);
  self->label = g_strdup (label);
  return self;
}

const char *
tm_choice_get_id (TmChoice *self)
{
  g_return_val_if_fail (TM_IS_CHOICE (self), NULL);

  return self->id;
}

const char *
tm_choice_get_label (TmChoice *self)
{
  g_return_val_if_fail (TM_IS_CHOICE (self), NULL);

  return self->label;
}

G_DEFINE_ENUM_TYPE (TmChoices, tm_choices,
  G_DEFINE_ENUM_VALUE (TM_CHOICES_LANGUAGES, "languages"),
  G_DEFINE_ENUM_VALUE (TM_CHOICES_GENRES, "genres"))

struct _TmChoiceRow
{
  AdwActionRow  parent_instance;

  char         *key;
  TmChoices     choices;
  GListStore   *store;        /* TmChoice, "Not set" first */
  char         *value;
  gboolean      syncing;

  GtkDropDown  *drop_down;
};

G_DEFINE_FINAL_TYPE (TmChoiceRow, tm_choice_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_KEY,
  PROP_CHOICES,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* For g_ptr_array_sort(): pointers to the choices. */
static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate ((*(TmChoice * const *) a)->label, (*(TmChoice * const *) b)->label);
}

static void
fill (TmChoiceRow *self)
{
  g_autoptr(TmChoice) unset = tm_choice_new (NULL, _("Not set"));

  g_list_store_append (self->store, unset);
  if (self->choices == TM_CHOICES_LANGUAGES)
    {
      guint n;
      const TmLanguage *all = tm_language_get_all (&n);
      g_autoptr(GPtrArray) sorted = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = g_strdup_printf ("%s (%s)", tm_language_get_name (&all[i]),
                                                    tm_language_get_code (&all[i]));

          g_ptr_array_add (sorted, tm_choice_new (tm_language_get_code (&all[i]), label));
        }
      g_ptr_array_sort (sorted, compare_labels);
      g_list_store_splice (self->store, 1, 0, sorted->pdata, sorted->len);
    }
  else
    {
      const char * const *genres = tm_genre_get_all ();

      for (guint i = 0; genres[i] != NULL; i++)
        {
          g_autoptr(TmChoice) choice = tm_choice_new (genres[i], genres[i]);

          g_list_store_append (self->store, choice);
        }
    }
}

static guint
find (TmChoiceRow *self,
      const char  *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TmChoice) choice = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (choice->id, id) == 0
          || (id != NULL && choice->id != NULL && g_ascii_strcasecmp (choice->id, id) == 0))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
selected_cb (TmChoiceRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->drop_down);
  g_autoptr(TmChoice) choice = NULL;

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;
  choice = g_list_model_get_item (G_LIST_MODEL (self->store), selected);
  if (g_strcmp0 (choice->id, self->value) == 0)
    return;
  g_free (self->value);
  self->value = g_strdup (choice->id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * tm_choice_row_set_value:
 * @value: (nullable): what is stored; %NULL or empty for not set
 *
 * Shows @value; one the list does not have is added to it as it is.
 */
void
tm_choice_row_set_value (TmChoiceRow *self,
                         const char  *value)
{
  guint position;

  g_return_if_fail (TM_IS_CHOICE_ROW (self));

  if (value != NULL && *value == '\0')
    value = NULL;
  position = find (self, value);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(TmChoice) kept = tm_choice_new (value, value);

      g_list_store_insert (self->store, 1, kept);
      position = 1;
    }
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->drop_down, position);
  self->syncing = FALSE;
  if (g_strcmp0 (self->value, value) != 0)
    {
      g_free (self->value);
      self->value = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
    }
}

const char *
tm_choice_row_get_value (TmChoiceRow *self)
{
  g_return_val_if_fail (TM_IS_CHOICE_ROW (self), NULL);

  return self->value;
}

const char *
tm_choice_row_get_key (TmChoiceRow *self)
{
  g_return_val_if_fail (TM_IS_CHOICE_ROW (self), NULL);

  return self->key;
}

GtkDropDown *
tm_choice_row_get_drop_down (TmChoiceRow *self)
{
  g_return_val_if_fail (TM_IS_CHOICE_ROW (self), NULL);

  return self->drop_down;
}

static void
tm_choice_row_constructed (GObject *object)
{
  TmChoiceRow *self = TM_CHOICE_ROW (object);

  G_OBJECT_CLASS (tm_choice_row_parent_class)->constructed (object);

  fill (self);
  gtk_drop_down_set_model (self->drop_down, G_LIST_MODEL (self->store));
  gtk_drop_down_set_selected (self->drop_down, 0);
  g_object_bind_property (self, "title", self->drop_down, "tooltip-text", G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), -1);
}

static void
tm_choice_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TM_TYPE_CHOICE_ROW);

  G_OBJECT_CLASS (tm_choice_row_parent_class)->dispose (object);
}

static void
tm_choice_row_finalize (GObject *object)
{
  TmChoiceRow *self = TM_CHOICE_ROW (object);

  g_clear_object (&self->store);
  g_free (self->key);
  g_free (self->value);

  G_OBJECT_CLASS (tm_choice_row_parent_class)->finalize (object);
}

static void
tm_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TmChoiceRow *self = TM_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_CHOICES:
      g_value_set_enum (value, self->choices);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_choice_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TmChoiceRow *self = TM_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;
    case PROP_CHOICES:
      self->choices = g_value_get_enum (value);
      break;
    case PROP_VALUE:
      tm_choice_row_set_value (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tm_choice_row_class_init (TmChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tm_choice_row_constructed;
  object_class->dispose = tm_choice_row_dispose;
  object_class->finalize = tm_choice_row_finalize;
  object_class->get_property = tm_choice_row_get_property;
  object_class->set_property = tm_choice_row_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOICES] =
    g_param_spec_enum ("choices", NULL, NULL, TM_TYPE_CHOICES, TM_CHOICES_LANGUAGES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* What is chosen, as stored: a language's code, a genre's name; NULL for none. */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TM_TYPE_CHOICE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tunemantra/TuneMantra/tm-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TmChoiceRow, drop_down);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
tm_choice_row_init (TmChoiceRow *self)
{
  self->store = g_list_store_new (TM_TYPE_CHOICE);
  gtk_widget_init_template (GTK_WIDGET (self));
}
