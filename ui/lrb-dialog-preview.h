/* lowrank-bokeh — the dialog's live preview: the final run's job over the
 * visible rectangle, computed off the GTK main loop.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gimpui-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbPreview LrbPreview;

/* Called on the main thread when a preview is drawn, with its time in
 * milliseconds (job preparation to drawing) and the method that ran and
 * why, or with −1, NULL and the error. */
typedef void (*LrbPreviewDone) (gdouble milliseconds, const gchar *method,
                                const GError *error, gpointer data);

LrbPreview *lrb_preview_new    (LrbDrawable drawable, GimpPreview *widget,
                                LrbPreviewDone done, gpointer data);
/* Starts over with these settings and, unless it is LRB_NO_DRAWABLE, this
 * depth map (depth of field); a running computation is cancelled. */
void        lrb_preview_update (LrbPreview *preview, const LrbSettings *settings,
                                LrbDrawable depth);
void        lrb_preview_free   (LrbPreview *preview);

/* What the last update found while it prepared its job (main thread):
 * the kernel's radius a camera set (FALSE when no camera made a map for
 * the optics of `settings`), and
 * the grain measured in the photo (FALSE when none was measured). */
gboolean    lrb_preview_camera_radius  (LrbPreview *preview, const LrbSettings *settings,
                                        gdouble *radius);
gboolean    lrb_preview_measured_grain (LrbPreview *preview, LrbGrain *grain);

G_END_DECLS
