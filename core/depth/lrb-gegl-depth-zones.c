/* lowrank-bokeh — depth of field with a field of kernels (cat's eye,
 * swirl): the frame's zones each rendered with their own kernel's levels,
 * the renders blended by the zones' windows.
 *
 * The uniform blur spreads each windowed piece of the source by its
 * zone's kernel (lrb-gegl-field.c); depth of field cannot be cut that way,
 * since occlusion and the coverage it divides by are not linear in the
 * source.  So each zone renders the whole depth of field over the pixels
 * its window covers, and the renders are blended there: every output
 * pixel sees its neighbourhood through the kernel of its place, as the
 * windowed kernels blend in the uniform run.  It costs about as many
 * renders of each pixel as windows overlap there (four with tents).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-depth-zones.h"

#include "lrb-error.h"

/* The blend's format: premultiplied linear float, where a weighted sum of
 * pixels is the pixel of the weighted sum. */
static const Babl *
blend_format (GeglBuffer *input, gint *n_channels)
{
  const Babl *format = gegl_buffer_get_format (input);
  gboolean    gray = (babl_get_model_flags (babl_format_get_model (format)) &
                      BABL_MODEL_FLAG_GRAY) != 0;

  *n_channels = gray ? 2 : 4;
  return babl_format_with_space (gray ? "YaA float" : "RaGaBaA float", format);
}

typedef struct
{
  LrbProgressFunc progress;
  gpointer        data;
  gdouble         done, share; /* of the whole run: before this zone, this zone's */
} ZoneProgress;

static void
zone_progress (gdouble fraction, gpointer data)
{
  ZoneProgress *p = data;

  p->progress (p->done + p->share * fraction, p->data);
}

gboolean
lrb_gegl_apply_depth_zones (GeglBuffer *input, GeglBuffer *depth, GeglBuffer *output,
                            const GeglRectangle *area, const LrbSettings *settings,
                            LrbDepthFilters *filters, LrbProgressFunc progress,
                            gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const GeglRectangle *frame = gegl_buffer_get_extent (input);
  gdouble              blend = lrb_field_blend (&settings->field);
  LrbSettings          plain = *settings; /* a shallow copy: not cleared */
  gint                 nx, ny, n_channels, done = 0;
  const Babl          *format = blend_format (input, &n_channels);
  gsize                pixels = (gsize) area->width * area->height;
  g_autofree gfloat   *sum = NULL;
  g_autofree gfloat   *piece = NULL;
  gboolean             ok = TRUE;

  lrb_depth_filters_zone_grid (filters, frame->width, frame->height, &nx, &ny);
  sum = g_try_new0 (gfloat, pixels * n_channels);
  piece = g_try_new (gfloat, pixels * n_channels);
  if (!sum || !piece)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory for the field's depth of field over %d×%d pixels",
                   area->width, area->height);
      return FALSE;
    }
  /* Each zone renders as a plain depth of field of its own kernel. */
  lrb_field_init (&plain.field);

  for (gint ky = 0; ky < ny && ok; ky++)
    for (gint kx = 0; kx < nx && ok; kx++)
      {
        ZoneProgress      share = { progress, progress_data, (gdouble) done / (nx * ny),
                                    1.0 / (nx * ny) };
        GeglRectangle     window, todo;
        gint              x0, x1, y0, y1;
        g_autoptr (LrbDepthFilters) zone = NULL;
        g_autoptr (GeglBuffer)      rendered = NULL;

        done++;
        /* The window's pixels, in the frame's coordinates. */
        lrb_field_zone_support (frame->width, nx, blend, kx, &x0, &x1);
        lrb_field_zone_support (frame->height, ny, blend, ky, &y0, &y1);
        window = (GeglRectangle) { frame->x + x0, frame->y + y0, x1 - x0 + 1, y1 - y0 + 1 };
        if (!gegl_rectangle_intersect (&todo, &window, area))
          continue;
        zone = lrb_depth_filters_zone (filters, frame->width, frame->height, kx, ky);
        rendered = gegl_buffer_new (&todo, format);
        ok = lrb_gegl_apply_depth (input, depth, rendered, &todo, &plain, zone,
                                   progress ? zone_progress : NULL, &share, cancellable,
                                   error);
        if (!ok)
          break;
        gegl_buffer_get (rendered, &todo, 1.0, format, piece, GEGL_AUTO_ROWSTRIDE,
                         GEGL_ABYSS_NONE);
        for (gint y = 0; y < todo.height; y++)
          {
            gdouble wy = lrb_field_zone_weight (frame->height, ny, blend, ky,
                                                todo.y + y - frame->y);
            gfloat *row = sum + ((gsize) (todo.y + y - area->y) * area->width +
                                 (todo.x - area->x)) * n_channels;
            const gfloat *in = piece + (gsize) y * todo.width * n_channels;

            for (gint x = 0; x < todo.width; x++)
              {
                gfloat w = wy * lrb_field_zone_weight (frame->width, nx, blend, kx,
                                                       todo.x + x - frame->x);

                for (gint c = 0; c < n_channels; c++)
                  row[x * n_channels + c] += w * in[x * n_channels + c];
              }
          }
      }
  if (!ok)
    return FALSE;
  /* Written only now: a failed or cancelled zone leaves the output as it
   * was (and the output may be the input, which every zone reads). */
  gegl_buffer_set (output, area, 0, format, sum, GEGL_AUTO_ROWSTRIDE);
  if (progress)
    progress (1.0, progress_data);
  return TRUE;
}
