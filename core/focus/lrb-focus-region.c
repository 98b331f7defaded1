/* lowrank-bokeh — generated depth maps: focus ellipses and tilt-shift bands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-focus-region.h"
#include "lrb-error.h"

#include <math.h>

#define MAX_ASPECT 20.0

static const gchar *const nicks[LRB_N_FOCUS_REGIONS] = { "none", "ellipse", "band" };

void
lrb_focus_region_init (LrbFocusRegion *region)
{
  region->shape = LRB_FOCUS_REGION_NONE;
  region->x = region->y = 0.5;
  region->radius = 0.5;
  region->transition = 0.5;
  region->aspect = 1.0;
  region->rotation = 0.0;
}

gboolean
lrb_focus_region_validate (const LrbFocusRegion *r, GError **error)
{
#define FAIL(...) G_STMT_START { \
    g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (r->shape < 0 || r->shape >= LRB_N_FOCUS_REGIONS)
    FAIL ("focus region %d is unknown (0 none, 1 ellipse, 2 band)", r->shape);
  if (!(r->x >= -1.0 && r->x <= 2.0 && r->y >= -1.0 && r->y <= 2.0))
    FAIL ("focus region centre (%g, %g) is out of range (-1 to 2 of the image's width and "
          "height)", r->x, r->y);
  if (!(r->radius >= 0.0 && r->radius <= 10.0))
    FAIL ("focus region radius %g is out of range (0 to 10 of half the image's smaller side)",
          r->radius);
  if (!(r->transition > 0.0 && r->transition <= 10.0))
    FAIL ("focus region transition %g is out of range (above 0, at most 10 of half the "
          "image's smaller side)", r->transition);
  if (!(r->aspect >= 1.0 / MAX_ASPECT && r->aspect <= MAX_ASPECT))
    FAIL ("focus region aspect %g is out of range (%g to %g)", r->aspect, 1.0 / MAX_ASPECT,
          MAX_ASPECT);
  if (!isfinite (r->rotation))
    FAIL ("focus region rotation is not a finite number");
  return TRUE;
#undef FAIL
}

gdouble
lrb_focus_region_depth (const LrbFocusRegion *r, gint width, gint height, gint x, gint y)
{
  gdouble unit = 0.5 * MIN (width, height);
  gdouble angle = r->rotation * G_PI / 180.0;
  /* Screen y grows downwards: counter-clockwise on screen is clockwise in
   * these coordinates. */
  gdouble dx = (x + 0.5 - r->x * width) / unit, dy = -(y + 0.5 - r->y * height) / unit;
  gdouble along = dx * cos (angle) + dy * sin (angle);
  gdouble across = -dx * sin (angle) + dy * cos (angle);
  gdouble distance;

  if (r->shape == LRB_FOCUS_REGION_BAND)
    distance = fabs (across);
  else if (r->aspect >= 1.0)
    distance = hypot (along, across * r->aspect);   /* width is the larger semi-axis */
  else
    distance = hypot (along / r->aspect, across);   /* height is */
  return CLAMP ((distance - r->radius) / r->transition, 0.0, 1.0);
}

void
lrb_focus_region_fill (const LrbFocusRegion *r, GeglBuffer *buffer, const GeglRectangle *image,
                       const GeglRectangle *part)
{
  GeglRectangle area;
  gfloat       *row;

  if (!gegl_rectangle_intersect (&area, part, image))
    return;
  row = g_new (gfloat, area.width);
  for (gint y = area.y; y < area.y + area.height; y++)
    {
      GeglRectangle line = { area.x, y, area.width, 1 };

      for (gint x = 0; x < area.width; x++)
        row[x] = (gfloat) lrb_focus_region_depth (r, image->width, image->height,
                                                  area.x + x - image->x, y - image->y);
      gegl_buffer_set (buffer, &line, 0, babl_format ("Y float"), row, GEGL_AUTO_ROWSTRIDE);
    }
  g_free (row);
}

GeglBuffer *
lrb_focus_region_buffer (const LrbFocusRegion *r, const GeglRectangle *extent)
{
  GeglBuffer *buffer = gegl_buffer_new (extent, babl_format ("Y float"));

  lrb_focus_region_fill (r, buffer, extent, extent);
  return buffer;
}

const gchar *
lrb_focus_region_to_nick (LrbFocusRegionShape shape)
{
  g_return_val_if_fail (shape >= 0 && shape < LRB_N_FOCUS_REGIONS, NULL);
  return nicks[shape];
}

gboolean
lrb_focus_region_from_nick (const gchar *nick, LrbFocusRegionShape *shape)
{
  for (gint i = 0; i < LRB_N_FOCUS_REGIONS; i++)
    if (g_strcmp0 (nick, nicks[i]) == 0)
      {
        *shape = i;
        return TRUE;
      }
  return FALSE;
}
