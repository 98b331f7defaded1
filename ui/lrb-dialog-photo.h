/* lowrank-bokeh — the dialog's photographic controls: the highlight boost
 * and depth of field (depth map, its thumbnail, focus, tolerance, invert,
 * the camera, and focusing by a click on the preview).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gimpui-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbDialogPhoto LrbDialogPhoto;

/* Called when the settings or the depth map changed (the preview is due). */
typedef void (*LrbDialogPhotoChanged) (gpointer data);

/* Controls that write settings->highlights and settings->focus, for
 * `drawable` shown in `preview`; `depth` is the map to start from
 * (LRB_NO_DRAWABLE: none). */
LrbDialogPhoto *lrb_dialog_photo_new       (LrbDrawable drawable, LrbSettings *settings,
                                            LrbDrawable depth, GimpPreview *preview,
                                            LrbDialogPhotoChanged changed, gpointer data);
void            lrb_dialog_photo_free      (LrbDialogPhoto *photo);

/* Three rows for the "Look" table, from `row` on. */
void            lrb_dialog_photo_attach_highlights (LrbDialogPhoto *photo, GtkTable *table,
                                                    gint row);
/* The "Depth of field" panel. */
GtkWidget      *lrb_dialog_photo_depth_panel (LrbDialogPhoto *photo);

/* Puts the settings (and `depth`) into the widgets, as at the start. */
void            lrb_dialog_photo_load      (LrbDialogPhoto *photo, LrbDrawable depth);
/* The depth map chosen, or LRB_NO_DRAWABLE. */
LrbDrawable     lrb_dialog_photo_get_depth (LrbDialogPhoto *photo);
/* Whether a camera sets the focus and the kernel's radius (a depth map
 * chosen and the camera on). */
gboolean        lrb_dialog_photo_uses_camera (LrbDialogPhoto *photo);
/* The radius the camera set for the map, as lrb_dialog_camera_show_radius. */
void            lrb_dialog_photo_show_camera_radius (LrbDialogPhoto *photo, gdouble radius);

G_END_DECLS
