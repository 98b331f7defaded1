/* lowrank-bokeh — what differs between GIMP 2.10's and GIMP 3's libgimp
 * for the code both plug-ins share (the job, the render, the dialog).
 *
 * GIMP 2.10 names a drawable by an integer ID, GIMP 3 by a GimpDrawable
 * object; most calls keep their names and only change that argument, so
 * one handle type covers them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libgimp/gimp.h>

G_BEGIN_DECLS

#define LRB_PROC_APPLY   "plug-in-lowrank-bokeh"
#define LRB_PROC_ANALYZE "plug-in-lowrank-bokeh-analyze"
/* plug-in-lowrank-bokeh's arguments and then the ones added since, as
 * GIMP's own file-png-save2: GIMP 2.10 scripts must pass every argument,
 * so the first procedure's list never changes. */
#define LRB_PROC_APPLY2  "plug-in-lowrank-bokeh2"
/* …and the highlight boost and depth of field. */
#define LRB_PROC_APPLY3  "plug-in-lowrank-bokeh3"
/* …and the grain, the camera and the lens's character. */
#define LRB_PROC_APPLY4  "plug-in-lowrank-bokeh4"
/* For batch scripts: GIMP's own loaders open a truncated file and fill the
 * missing rows with nothing, so a script asks first. */
#define LRB_PROC_CHECK_IMAGE "plug-in-lowrank-bokeh-check-image"
/* A lens's kernel from a photographed light: `lrbokeh kernel-from-photo`. */
#define LRB_PROC_MEASURE "plug-in-lowrank-bokeh-kernel-from-photo"

/* The help pages (data/help) GIMP opens for the dialog's Help button: a
 * help domain of our own, registered with the installed folder's URI
 * (LRB_HELPDIR); each help ID is mapped in data/help/en/gimp-help.xml. */
#define LRB_HELP_DOMAIN "lowrank-bokeh"
#define LRB_HELP_ID     LRB_PROC_APPLY

#if GIMP_CHECK_VERSION (2, 99, 0)

#define LRB_GIMP_3 1
typedef GimpDrawable *LrbDrawable;
#define LRB_NO_DRAWABLE NULL

static inline gint32
lrb_drawable_get_id (LrbDrawable drawable)
{
  return gimp_item_get_id (GIMP_ITEM (drawable));
}

/* NULL when the ID names no drawable (any more). */
static inline LrbDrawable
lrb_drawable_from_id (gint32 id)
{
  return gimp_item_id_is_drawable (id) ? gimp_drawable_get_by_id (id) : NULL;
}

#define lrb_drawable_width  gimp_drawable_get_width
#define lrb_drawable_height gimp_drawable_get_height

static inline gboolean
lrb_drawable_selection_is_empty (LrbDrawable drawable)
{
  return gimp_selection_is_empty (gimp_item_get_image (GIMP_ITEM (drawable)));
}

#else /* GIMP 2.10 */

typedef gint32 LrbDrawable;
#define LRB_NO_DRAWABLE (-1)

static inline gint32
lrb_drawable_get_id (LrbDrawable drawable)
{
  return drawable;
}

static inline LrbDrawable
lrb_drawable_from_id (gint32 id)
{
  return gimp_item_is_valid (id) && gimp_item_is_drawable (id) ? id : -1;
}

#define lrb_drawable_width  gimp_drawable_width
#define lrb_drawable_height gimp_drawable_height

static inline gboolean
lrb_drawable_selection_is_empty (LrbDrawable drawable)
{
  return gimp_selection_is_empty (gimp_item_get_image (drawable));
}

#endif

G_END_DECLS
