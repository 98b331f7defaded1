/* lowrank-bokeh — the dialog's camera: depth of field from a lens's focal
 * length, f-number, focus distance and sensor instead of a normalized
 * focus and a radius (issue 29).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gimpui-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbDialogCamera LrbDialogCamera;

/* Called when settings->use_camera or settings->camera changed. */
typedef void (*LrbDialogCameraChanged) (gpointer data);

/* Controls that write settings->use_camera and settings->camera, for an
 * image `image_width` pixels wide. */
LrbDialogCamera *lrb_dialog_camera_new   (LrbSettings *settings, gint image_width,
                                          LrbDialogCameraChanged changed, gpointer data);
void             lrb_dialog_camera_free  (LrbDialogCamera *camera);

/* The check box; then (after it) the optics and the depth map's units,
 * with a line that says the circle of confusion they give. */
GtkWidget       *lrb_dialog_camera_toggle (LrbDialogCamera *camera);
GtkWidget       *lrb_dialog_camera_panel  (LrbDialogCamera *camera);

/* Puts the settings into the widgets, without a change signal. */
void             lrb_dialog_camera_load  (LrbDialogCamera *camera);

/* Whether the camera sets the focus and the kernel's size. */
gboolean         lrb_dialog_camera_active (LrbDialogCamera *camera);

/* "Focus here": the focus distance becomes the distance the depth map's
 * stored `value` names (nothing for a value that names none). */
void             lrb_dialog_camera_focus_at (LrbDialogCamera *camera, gdouble value);

/* The stored value of the depth map at the focus distance: the inverse
 * of "focus here", for the thumbnail's tint. */
gdouble          lrb_dialog_camera_focus_value (LrbDialogCamera *camera);

/* What the camera made of the map: the kernel's radius at full defocus
 * (the largest circle of confusion in the scene, lrb_settings_camera_depth),
 * or a negative number while it is not known. */
void             lrb_dialog_camera_show_radius (LrbDialogCamera *camera, gdouble radius);

G_END_DECLS
