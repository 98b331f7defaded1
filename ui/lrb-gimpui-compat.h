/* lowrank-bokeh — what differs between GIMP 2.10's and GIMP 3's libgimpui
 * for the dialog (see plugin/lrb-plugin-compat.h for libgimp).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n-lib.h>
#include "lrb-plugin-compat.h"   /* libgimp/gimp.h must come first */
#include <libgimp/gimpui.h>

G_BEGIN_DECLS

#ifdef LRB_GIMP_3

/* GIMP 3's dialogs take labels; icons follow the theme. */
#define LRB_LABEL_RESET  _("_Reset")
#define LRB_LABEL_CANCEL _("_Cancel")
#define LRB_LABEL_OK     _("_OK")

static inline void
lrb_ui_init (const gchar *name)
{
  gimp_ui_init (name);
}

static inline GtkWidget *
lrb_drawable_preview_new (LrbDrawable drawable)
{
  return gimp_drawable_preview_new_from_drawable (drawable);
}

static inline GtkWidget *
lrb_drawable_combo_box_new (void)
{
  return gimp_drawable_combo_box_new (NULL, NULL, NULL);
}

static inline void
lrb_int_combo_box_connect (GtkWidget *combo, gint value, GCallback callback, gpointer data)
{
  gimp_int_combo_box_connect (GIMP_INT_COMBO_BOX (combo), value, callback, data, NULL);
}

/* A possible depth map for `data`'s drawable: another drawable of its
 * image, of its size. */
static inline gboolean
lrb_is_depth_candidate (GimpImage *image, GimpItem *item, gpointer data)
{
  GimpDrawable *drawable = data;

  return GIMP_IS_DRAWABLE (item) && GIMP_ITEM (drawable) != item &&
         gimp_item_get_image (GIMP_ITEM (drawable)) == image &&
         gimp_drawable_get_width (GIMP_DRAWABLE (item)) == gimp_drawable_get_width (drawable) &&
         gimp_drawable_get_height (GIMP_DRAWABLE (item)) == gimp_drawable_get_height (drawable);
}

static inline GtkWidget *
lrb_depth_combo_box_new (LrbDrawable drawable)
{
  return gimp_drawable_combo_box_new (lrb_is_depth_candidate, drawable, NULL);
}

#else /* GIMP 2.10 */

#define LRB_LABEL_RESET  GIMP_STOCK_RESET
#define LRB_LABEL_CANCEL GTK_STOCK_CANCEL
#define LRB_LABEL_OK     GTK_STOCK_OK

static inline void
lrb_ui_init (const gchar *name)
{
  gimp_ui_init (name, FALSE);
}

static inline GtkWidget *
lrb_drawable_preview_new (LrbDrawable drawable)
{
  return gimp_drawable_preview_new_from_drawable_id (drawable);
}

static inline GtkWidget *
lrb_drawable_combo_box_new (void)
{
  return gimp_drawable_combo_box_new (NULL, NULL);
}

static inline void
lrb_int_combo_box_connect (GtkWidget *combo, gint value, GCallback callback, gpointer data)
{
  gimp_int_combo_box_connect (GIMP_INT_COMBO_BOX (combo), value, callback, data);
}

static inline gboolean
lrb_is_depth_candidate (gint32 image_id, gint32 item_id, gpointer data)
{
  gint32 drawable_id = GPOINTER_TO_INT (data);

  return gimp_item_is_drawable (item_id) && item_id != drawable_id &&
         gimp_item_get_image (drawable_id) == image_id &&
         gimp_drawable_width (item_id) == gimp_drawable_width (drawable_id) &&
         gimp_drawable_height (item_id) == gimp_drawable_height (drawable_id);
}

static inline GtkWidget *
lrb_depth_combo_box_new (LrbDrawable drawable)
{
  return gimp_drawable_combo_box_new (lrb_is_depth_candidate, GINT_TO_POINTER (drawable));
}

#endif

G_END_DECLS
