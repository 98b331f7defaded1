/* lowrank-bokeh — a kernel measured from a photographed light in GIMP.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-measure.h"
#include "lrb-error.h"
#include "lrb-highlight.h"
#include "lrb-kernel-io.h"

void
lrb_measured_clear (LrbMeasured *measured)
{
  g_clear_pointer (&measured->report, g_free);
}

/* The rectangle asked for, or the selection's bounds on the drawable. */
static gboolean
crop_rect (LrbDrawable drawable, const GeglRectangle *asked, GeglRectangle *rect,
           GError **error)
{
  if (asked->width > 0 && asked->height > 0)
    {
      *rect = *asked;
      return TRUE;
    }
  if (lrb_drawable_selection_is_empty (drawable) ||
      !gimp_drawable_mask_intersect (drawable, &rect->x, &rect->y, &rect->width, &rect->height))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "nothing is selected on the drawable: select a rectangle round one "
                           "out-of-focus light and some background");
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_plugin_measure_kernel (LrbDrawable drawable, const GeglRectangle *asked, gint rank,
                           const gchar *path, LrbMeasured *measured, GError **error)
{
  g_autoptr (GeglBuffer)  pixels = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autofree gdouble     *values = NULL;
  GeglRectangle           rect;
  LrbHighlight            light;
  LrbNoiseRank            noise;

  if (rank < -1)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "rank %d is out of range (0 noise-aware, -1 every term, or a rank)", rank);
      return FALSE;
    }
  if (!path || !*path)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "filename is empty: name the kernel file to write");
      return FALSE;
    }
  if (!crop_rect (drawable, asked, &rect, error))
    return FALSE;
  pixels = gimp_drawable_get_buffer (drawable);
  if (!(values = lrb_highlight_read (pixels, &rect, error)) ||
      !(kernel = lrb_kernel_from_highlight (values, rect.width, rect.height,
                                            rank == -1 ? G_MAXINT : rank, &light, &noise,
                                            &measured->rank, &analysis, error)) ||
      !lrb_kernel_save_text (kernel, path, error))
    {
      g_prefix_error (error, "the rectangle %d,%d %d × %d: ", rect.x, rect.y, rect.width,
                      rect.height);
      return FALSE;
    }
  measured->n_values = analysis->n_values;
  measured->noise = noise.noisy ? noise.noise * light.sum : 0.0;
  measured->centre_x = rect.x + light.centre_x;
  measured->centre_y = rect.y + light.centre_y;
  measured->rows = kernel->rows;
  measured->cols = kernel->cols;
  measured->report = lrb_noise_rank_describe (&noise, analysis);
  return TRUE;
}
