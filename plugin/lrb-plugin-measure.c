/* lowrank-bokeh — a kernel measured from a photographed light in GIMP.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-measure.h"
#include "lrb-error.h"
#include "lrb-highlight.h"
#include "lrb-kernel-io.h"
#include "lrb-plugin-profile.h"

#include <stdlib.h>
#include <string.h>

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

LrbKernel *
lrb_plugin_measure (LrbDrawable drawable, const GeglRectangle *asked, gint rank,
                    LrbMeasured *measured, GError **error)
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
      return NULL;
    }
  if (!crop_rect (drawable, asked, &rect, error))
    return NULL;
  pixels = gimp_drawable_get_buffer (drawable);
  if (!(values = lrb_highlight_read (pixels, &rect, error)) ||
      !(kernel = lrb_kernel_from_highlight (values, rect.width, rect.height,
                                            rank == -1 ? G_MAXINT : rank, &light, &noise,
                                            &measured->rank, &analysis, error)))
    {
      g_prefix_error (error, "the rectangle %d,%d %d × %d: ", rect.x, rect.y, rect.width,
                      rect.height);
      return NULL;
    }
  measured->n_values = analysis->n_values;
  measured->noise = noise.noisy ? noise.noise * light.sum : 0.0;
  measured->peak = light.peak;
  measured->noisy = noise.noisy;
  measured->threshold = noise.noisy ? noise.threshold : 0.0;
  measured->centre_x = rect.x + light.centre_x;
  measured->centre_y = rect.y + light.centre_y;
  measured->rows = kernel->rows;
  measured->cols = kernel->cols;
  measured->report = lrb_noise_rank_describe (&noise, analysis);
  return g_steal_pointer (&kernel);
}

gboolean
lrb_plugin_measure_kernel (LrbDrawable drawable, const GeglRectangle *asked, gint rank,
                           const gchar *path, LrbMeasured *measured, GError **error)
{
  g_autoptr (LrbKernel) kernel = NULL;

  if (!path || !*path)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "filename is empty: name the kernel file to write");
      return FALSE;
    }
  if (!(kernel = lrb_plugin_measure (drawable, asked, rank, measured, error)))
    return FALSE;
  if (!lrb_kernel_save_text (kernel, path, error))
    {
      lrb_measured_clear (measured);
      return FALSE;
    }
  return TRUE;
}

/* The measurement as the file's first comment lines: key=value pairs
 * (C-locale numbers), then the reason. */
#define NOTE_TAG    "# lowrank-bokeh measured:"
#define REASON_TAG  "# why: "

gchar *
lrb_measured_save (const LrbKernel *kernel, const LrbMeasured *m, GError **error)
{
  gchar             noise[G_ASCII_DTOSTR_BUF_SIZE], peak[G_ASCII_DTOSTR_BUF_SIZE];
  gchar             tau[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree gchar *matrix = lrb_kernel_to_text (kernel);
  g_autofree gchar *text = g_strdup_printf (
    NOTE_TAG " x=%d y=%d rank=%d values=%d noisy=%d noise=%s peak=%s floor=%s\n"
    REASON_TAG "%s\n%s",
    m->centre_x, m->centre_y, m->rank, m->n_values, m->noisy ? 1 : 0,
    g_ascii_dtostr (noise, sizeof noise, m->noise), g_ascii_dtostr (peak, sizeof peak, m->peak),
    g_ascii_dtostr (tau, sizeof tau, m->threshold), m->report ? m->report : "", matrix);

  return lrb_profile_save_kernel_text (text, "measured", error);
}

gboolean
lrb_measured_load (const gchar *path, LrbMeasured *m)
{
  g_autofree gchar *text = NULL;
  g_auto (GStrv)    lines = NULL, pairs = NULL;
  gint              found = 0;

  memset (m, 0, sizeof *m);
  if (!path || !g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", 3);
  if (!lines[0] || !g_str_has_prefix (lines[0], NOTE_TAG))
    return FALSE;
  pairs = g_strsplit (lines[0] + strlen (NOTE_TAG), " ", -1);
  for (gint i = 0; pairs[i]; i++)
    {
      const gchar *value = strchr (pairs[i], '=');

      if (!value++)
        continue;
      found++;
      if (g_str_has_prefix (pairs[i], "x="))
        m->centre_x = atoi (value);
      else if (g_str_has_prefix (pairs[i], "y="))
        m->centre_y = atoi (value);
      else if (g_str_has_prefix (pairs[i], "rank="))
        m->rank = atoi (value);
      else if (g_str_has_prefix (pairs[i], "values="))
        m->n_values = atoi (value);
      else if (g_str_has_prefix (pairs[i], "noisy="))
        m->noisy = atoi (value) != 0;
      else if (g_str_has_prefix (pairs[i], "noise="))
        m->noise = g_ascii_strtod (value, NULL);
      else if (g_str_has_prefix (pairs[i], "peak="))
        m->peak = g_ascii_strtod (value, NULL);
      else if (g_str_has_prefix (pairs[i], "floor="))
        m->threshold = g_ascii_strtod (value, NULL);
      else
        found--;
    }
  if (found < 8 || m->rank < 1)
    {
      memset (m, 0, sizeof *m);
      return FALSE;
    }
  if (lines[1] && g_str_has_prefix (lines[1], REASON_TAG))
    m->report = g_strdup (lines[1] + strlen (REASON_TAG));
  return TRUE;
}
