/* lowrank-bokeh — depth of field from a camera: focal length, f-number,
 * focus distance and sensor, with a depth map in metres, as disparity
 * (1/Z) or normalized between a near and a far distance.
 *
 * A thin lens of focal length f at f-number N, focused at distance S,
 * images a point at distance Z as a disc of diameter
 *
 *     c(Z) = f² / (N (S − f)) · S · |1/Z − 1/S|
 *
 * on the sensor: linear in the disparity 1/Z.  The blur of a depth map
 * (LrbFocus) grows linearly in its values, so a map of the scene's
 * disparity, scaled to 0 … 1 between its nearest and farthest point,
 * with the focus at 1/S's place and the kernel at full size equal to the
 * circle of confusion across that whole range, is the thin lens exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>
#include "lrb-focus.h"

G_BEGIN_DECLS

/* The numbers are stable: scripts may store them. */
typedef enum
{
  LRB_DEPTH_NORMALIZED = 0, /* 0 … 1 from near to far, linear in distance */
  LRB_DEPTH_METRES     = 1, /* the distance itself, times `scale` */
  LRB_DEPTH_DISPARITY  = 2, /* 1 / distance in 1/m, times `scale` */
  LRB_N_DEPTH_UNITS
} LrbDepthUnits;

/* Full frame: 36 mm wide. */
#define LRB_CAMERA_FULL_FRAME_WIDTH 36.0

typedef struct
{
  gdouble       focal_length;   /* mm */
  gdouble       f_number;       /* N */
  gdouble       focus_distance; /* m, from the lens */
  gdouble       sensor_width;   /* mm across the image's width */
  LrbDepthUnits units;
  gdouble       near, far;      /* m: what normalized 0 and 1 mean */
  gdouble       scale;          /* metres (or 1/m) per unit of the stored value */
} LrbCamera;

/* 50 mm, f/2.8, focused at 3 m, full frame; a normalized map from 1 to
 * 20 m, scale 1. */
void         lrb_camera_init          (LrbCamera *camera);
gboolean     lrb_camera_validate      (const LrbCamera *camera, GError **error);

/* The diameter in pixels of the circle of confusion of a point at
 * `distance` metres, on an image `width` pixels wide. */
gdouble      lrb_camera_blur_diameter (const LrbCamera *camera, gint width, gdouble distance);

/* The distance in metres of a stored depth value (NaN for a value that
 * names no distance in front of the lens, such as a negative one);
 * `invert` first turns normalized values round (1 near). */
gdouble      lrb_camera_distance      (const LrbCamera *camera, gboolean invert, gdouble value);

/* The format the values of `depth` are read in as stored (a painted
 * map's mid-grey is 0.5, a linear render's Z pass keeps its numbers). */
const Babl  *lrb_depth_stored_format  (GeglBuffer *depth);

/* The depth map the blur reads for `depth` as this camera sees it, for
 * an image `width` pixels wide: a "Y float" buffer of normalized
 * disparity (0 the nearest point of the scene or the focus distance, 1
 * the farthest), with `focus` set where the focus distance falls and no
 * tolerance, and `radius` the kernel's radius at full defocus in pixels.
 * A map with no point at a usable distance, or a circle of confusion
 * over `max_radius`, is an error that says so. */
GeglBuffer  *lrb_camera_depth_buffer  (const LrbCamera *camera, GeglBuffer *depth,
                                       gboolean invert, gint width, gdouble max_radius,
                                       LrbFocus *focus, gdouble *radius, GError **error);

/* The same for a scene whose range is given rather than found: the
 * distances camera->near … far (far may be infinite), whatever the map
 * holds (nearer or farther values blur as at the range's ends), in a
 * buffer of depth's extent with only `rect` filled.  What a renderer that sees the map piece by
 * piece uses (the GEGL operation): every piece gets the same focus and
 * kernel.  With the map's own nearest and farthest distances as the
 * range, the result is lrb_camera_depth_buffer's. */
gboolean     lrb_camera_range_terms   (const LrbCamera *camera, gint width, gdouble max_radius,
                                       LrbFocus *focus, gdouble *radius, GError **error);
GeglBuffer  *lrb_camera_range_buffer  (const LrbCamera *camera, GeglBuffer *depth,
                                       const GeglRectangle *rect, gboolean invert, gint width,
                                       gdouble max_radius, LrbFocus *focus, gdouble *radius,
                                       GError **error);

/* "normalized", "metres", "disparity". */
const gchar *lrb_depth_units_to_nick   (LrbDepthUnits units);
gboolean     lrb_depth_units_from_nick (const gchar *nick, LrbDepthUnits *units);

G_END_DECLS
