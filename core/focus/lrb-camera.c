/* lowrank-bokeh — depth of field from a camera's optics (thin lens).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-camera.h"
#include "lrb-error.h"

#include <math.h>

static const gchar *const unit_nicks[LRB_N_DEPTH_UNITS] = { "normalized", "metres",
                                                            "disparity" };

void
lrb_camera_init (LrbCamera *camera)
{
  camera->focal_length = 50.0;
  camera->f_number = 2.8;
  camera->focus_distance = 3.0;
  camera->sensor_width = LRB_CAMERA_FULL_FRAME_WIDTH;
  camera->units = LRB_DEPTH_NORMALIZED;
  camera->near = 1.0;
  camera->far = 20.0;
  camera->scale = 1.0;
}

gboolean
lrb_camera_validate (const LrbCamera *c, GError **error)
{
#define FAIL(...) G_STMT_START { \
    g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (!(c->focal_length >= 1.0 && c->focal_length <= 5000.0))
    FAIL ("focal length %g mm is out of range (1 to 5000 mm)", c->focal_length);
  if (!(c->f_number >= 0.5 && c->f_number <= 256.0))
    FAIL ("f-number %g is out of range (0.5 to 256)", c->f_number);
  /* A lens cannot focus closer than its focal length. */
  if (!(c->focus_distance > c->focal_length / 1000.0 && c->focus_distance <= 1e6))
    FAIL ("focus distance %g m is out of range (beyond the focal length, %g m, up to 1000 km)",
          c->focus_distance, c->focal_length / 1000.0);
  if (!(c->sensor_width >= 1.0 && c->sensor_width <= 1000.0))
    FAIL ("sensor width %g mm is out of range (1 to 1000 mm)", c->sensor_width);
  if (c->units < 0 || c->units >= LRB_N_DEPTH_UNITS)
    FAIL ("depth units %d are unknown (0 normalized, 1 metres, 2 disparity)", c->units);
  if (c->units == LRB_DEPTH_NORMALIZED &&
      !(c->near > 0.0 && c->far > c->near && isfinite (c->far)))
    FAIL ("a normalized depth map needs 0 < near < far (near %g m, far %g m)", c->near,
          c->far);
  if (!(c->scale > 0.0 && isfinite (c->scale)))
    FAIL ("depth scale %g must be a positive number", c->scale);
  return TRUE;
#undef FAIL
}

/* c(Z) = f² S / (N (S − f)) · |1/Z − 1/S| in pixels: the disparity's
 * factor, per 1/m. */
static gdouble
pixels_per_disparity (const LrbCamera *camera, gint width)
{
  gdouble f = camera->focal_length / 1000.0, s = camera->focus_distance;

  return f * f * s / (camera->f_number * (s - f)) * width / (camera->sensor_width / 1000.0);
}

gdouble
lrb_camera_blur_diameter (const LrbCamera *camera, gint width, gdouble distance)
{
  /* 1/∞ is 0: a point at infinity is blurred too. */
  return pixels_per_disparity (camera, width) *
         fabs (1.0 / distance - 1.0 / camera->focus_distance);
}

gdouble
lrb_camera_distance (const LrbCamera *camera, gboolean invert, gdouble value)
{
  if (isnan (value))
    return NAN;
  switch (camera->units)
    {
    case LRB_DEPTH_NORMALIZED:
      value = CLAMP (invert ? 1.0 - value : value, 0.0, 1.0);
      return camera->near + value * (camera->far - camera->near);
    case LRB_DEPTH_METRES:
      return value > 0.0 ? value * camera->scale : NAN;
    case LRB_DEPTH_DISPARITY:
      /* 0 is infinitely far: a sky. */
      return value > 0.0 ? 1.0 / (value * camera->scale) : value == 0.0 ? INFINITY : NAN;
    default:
      return NAN;
    }
}

const Babl *
lrb_depth_stored_format (GeglBuffer *depth)
{
  const Babl   *format = gegl_buffer_get_format (depth);
  BablModelFlag flags = babl_get_model_flags (babl_format_get_model (format));

  if (flags & BABL_MODEL_FLAG_PERCEPTUAL)
    return babl_format_with_space ("Y~ float", format);
  if (flags & BABL_MODEL_FLAG_NONLINEAR)
    return babl_format_with_space ("Y' float", format);
  return babl_format_with_space ("Y float", format);
}

/* The disparity 1/Z of every pixel, in place of its stored value, and
 * its range; FALSE (with the first pixel that names no distance) for a
 * value such as a negative distance. */
static gboolean
to_disparity (const LrbCamera *camera, gboolean invert, gfloat *values, gint width, gsize n,
              gdouble *lowest, gdouble *highest, GError **error)
{
  *lowest = INFINITY;
  *highest = -INFINITY;
  for (gsize i = 0; i < n; i++)
    {
      gdouble distance = lrb_camera_distance (camera, invert, values[i]);

      if (isnan (distance))
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "depth map pixel (%d, %d) holds %g, which is no distance in %s",
                       (gint) (i % width), (gint) (i / width), values[i],
                       lrb_depth_units_to_nick (camera->units));
          return FALSE;
        }
      values[i] = 1.0 / distance;
      *lowest = MIN (*lowest, values[i]);
      *highest = MAX (*highest, values[i]);
    }
  return TRUE;
}

/* The blur's terms for a scene whose disparities span lowest … highest:
 * the focus among them (the focus distance may lie outside the scene, so
 * 0 … 1 spans both), the kernel's radius at full defocus, and the
 * disparity that is 0 and the range that is 1. */
static gboolean
camera_terms (const LrbCamera *camera, gint width, gdouble max_radius, gdouble lowest,
              gdouble highest, LrbFocus *focus, gdouble *radius, gdouble *zero,
              gdouble *range, GError **error)
{
  gdouble in_focus = 1.0 / camera->focus_distance;

  *zero = MAX (highest, in_focus);
  *range = *zero - MIN (lowest, in_focus);
  *radius = pixels_per_disparity (camera, width) * *range / 2.0;
  if (!(*radius >= 0.5))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the whole scene lies within the depth of field (no circle of confusion "
                   "reaches one pixel): nothing to blur");
      return FALSE;
    }
  if (*radius > max_radius)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the circle of confusion reaches a radius of %.0f pixels, above the "
                   "largest kernel (%.0f): a higher f-number, a shorter focal length or a "
                   "nearer range of distances makes it smaller", *radius, max_radius);
      return FALSE;
    }
  lrb_focus_init (focus);
  focus->focus = (*zero - in_focus) / *range;
  return TRUE;
}

/* `rect` of `depth` as stored, or NULL with an error for no memory. */
static gfloat *
read_depth (GeglBuffer *depth, const GeglRectangle *rect, GError **error)
{
  gfloat *values = g_try_new (gfloat, (gsize) rect->width * rect->height);

  if (!values)
    g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY, "no memory for a %d × %d depth map",
                 rect->width, rect->height);
  else
    gegl_buffer_get (depth, rect, 1.0, lrb_depth_stored_format (depth), values,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return values;
}

/* A buffer of `extent` holding the disparities `values` of `rect` as
 * normalized depth. */
static GeglBuffer *
normalized_buffer (const GeglRectangle *extent, const GeglRectangle *rect, gfloat *values,
                   gdouble zero, gdouble range)
{
  gsize       n = (gsize) rect->width * rect->height;
  GeglBuffer *buffer;

  for (gsize i = 0; i < n; i++)
    values[i] = CLAMP ((zero - values[i]) / range, 0.0, 1.0);
  buffer = gegl_buffer_new (extent, babl_format ("Y float"));
  gegl_buffer_set (buffer, rect, 0, babl_format ("Y float"), values, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

GeglBuffer *
lrb_camera_depth_buffer (const LrbCamera *camera, GeglBuffer *depth, gboolean invert,
                         gint width, gdouble max_radius, LrbFocus *focus, gdouble *radius,
                         GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (depth);
  g_autofree gfloat   *values = NULL;
  gdouble              lowest, highest, zero, range;

  if (!lrb_camera_validate (camera, error) || !(values = read_depth (depth, extent, error)) ||
      !to_disparity (camera, invert, values, extent->width,
                     (gsize) extent->width * extent->height, &lowest, &highest, error) ||
      !camera_terms (camera, width, max_radius, lowest, highest, focus, radius, &zero, &range,
                     error))
    return NULL;
  return normalized_buffer (extent, extent, values, zero, range);
}

gboolean
lrb_camera_range_terms (const LrbCamera *camera, gint width, gdouble max_radius,
                        LrbFocus *focus, gdouble *radius, GError **error)
{
  gdouble zero, range;

  if (!lrb_camera_validate (camera, error))
    return FALSE;
  if (camera->units != LRB_DEPTH_NORMALIZED &&
      !(camera->near > 0.0 && camera->far > camera->near))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the scene's range needs 0 < near < far (near %g m, far %g m; far may be "
                   "infinite)", camera->near, camera->far);
      return FALSE;
    }
  return camera_terms (camera, width, max_radius, 1.0 / camera->far, 1.0 / camera->near,
                       focus, radius, &zero, &range, error);
}

GeglBuffer *
lrb_camera_range_buffer (const LrbCamera *camera, GeglBuffer *depth, const GeglRectangle *rect,
                         gboolean invert, gint width, gdouble max_radius, LrbFocus *focus,
                         gdouble *radius, GError **error)
{
  g_autofree gfloat *values = NULL;
  gdouble            lowest, highest, zero, range;

  if (!lrb_camera_range_terms (camera, width, max_radius, focus, radius, error) ||
      !(values = read_depth (depth, rect, error)) ||
      !to_disparity (camera, invert, values, rect->width, (gsize) rect->width * rect->height,
                     &lowest, &highest, error))
    return NULL;
  camera_terms (camera, width, max_radius, 1.0 / camera->far, 1.0 / camera->near, focus,
                radius, &zero, &range, NULL);
  return normalized_buffer (gegl_buffer_get_extent (depth), rect, values, zero, range);
}

const gchar *
lrb_depth_units_to_nick (LrbDepthUnits units)
{
  return units >= 0 && units < LRB_N_DEPTH_UNITS ? unit_nicks[units] : "unknown";
}

gboolean
lrb_depth_units_from_nick (const gchar *nick, LrbDepthUnits *units)
{
  for (gint i = 0; i < LRB_N_DEPTH_UNITS; i++)
    if (g_strcmp0 (nick, unit_nicks[i]) == 0)
      {
        *units = i;
        return TRUE;
      }
  return FALSE;
}
