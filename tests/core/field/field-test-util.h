/* lowrank-bokeh — what the field's tests share: an LrbImage through
 * lrb_gegl_apply_field, and the relative error against the scatter
 * reference.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>

#include "lrb-gegl-field.h"
#include "lrb-image.h"

static inline GeglBuffer *
field_buffer_from_image (const LrbImage *image)
{
  GeglRectangle rect = { 0, 0, image->width, image->height };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));

  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), image->data,
                   GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* The field over `in` (or over `roi` of it: the rest stays `in`), in
 * place, as an image of in's size. */
static inline LrbImage *
field_run (const LrbImage *in, const LrbKernel *base, const LrbSettings *settings,
           const GeglRectangle *roi)
{
  g_autoptr (GeglBuffer)  buffer = field_buffer_from_image (in);
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (base, NULL);
  g_autoptr (GError)      error = NULL;
  LrbImage               *out = lrb_image_new (in->width, in->height, 4);

  g_assert_true (lrb_gegl_apply_field (buffer, buffer, roi, settings, base, analysis, NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), out->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return out;
}

/* Relative L2 of a's colour from the reference's straight colour (its
 * colour over its alpha). */
static inline gdouble
field_relative_l2 (const LrbImage *a, const LrbImage *ref)
{
  gdouble err = 0.0, norm = 0.0;

  for (gint i = 0; i < a->width * a->height; i++)
    for (gint ch = 0; ch < 3; ch++)
      {
        gdouble r = ref->data[4 * i + ch] / ref->data[4 * i + 3];

        err += (a->data[4 * i + ch] - r) * (a->data[4 * i + ch] - r);
        norm += r * r;
      }
  return sqrt (err / norm);
}
