/* lowrank-bokeh — the engine over GEGL buffers, in linear light.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>
#include "lrb-filter.h"
#include "lrb-highlights.h"

G_BEGIN_DECLS

/* Convolves `roi` (NULL: the whole input) of `input` into the same
 * rectangle of `output`.  Pixels are read as linear float with alpha,
 * premultiplied after the γ exponent (DESIGN.md §3), and written through
 * the output's own format.  The halo comes from the whole input, outside
 * `roi` too; edge modes apply at the input's extent.  The result is built
 * in a temporary buffer and copied at the end, so on failure or
 * cancellation `output` is untouched, and `input` may be `output`. */
gboolean lrb_gegl_apply (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                         const LrbFactors *factors, gdouble gamma, LrbEdgeMode edge,
                         const LrbEngineConfig *config,
                         LrbProgressFunc progress, gpointer progress_data,
                         GCancellable *cancellable, GError **error);

/* The same with any filter (lrb-filter.h): the exact kernel or a rank-r
 * one, by whichever method the filter names.  Alpha is divided by the
 * filter's kernel sum as above. */
gboolean lrb_gegl_apply_filter (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                                const LrbFilter *filter, gdouble gamma, LrbEdgeMode edge,
                                const LrbEngineConfig *config,
                                LrbProgressFunc progress, gpointer progress_data,
                                GCancellable *cancellable, GError **error);

/* How a run looks, beyond the kernel: the fake-HDR exponent and the
 * highlight boost (lrb-highlights.h), both undone after the convolution. */
typedef struct
{
  gdouble       gamma;
  LrbHighlights highlights;
} LrbLook;

/* lrb_gegl_apply_filter with a look: linear light → highlight boost → γ →
 * premultiply → convolve → unpremultiply → 1/γ → boost undone. */
gboolean lrb_gegl_apply_look (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                              const LrbFilter *filter, const LrbLook *look, LrbEdgeMode edge,
                              const LrbEngineConfig *config,
                              LrbProgressFunc progress, gpointer progress_data,
                              GCancellable *cancellable, GError **error);

/* The format a run reads and writes the input in (straight-alpha linear
 * float, "RGBA float" or "YA float" in the input's space) and its
 * channels. */
const Babl *lrb_gegl_work_format (GeglBuffer *input, gint *n_channels);
/* The look's numbers, and the area a run over `roi` (NULL: all) fills:
 * roi within the input's extent, or an error. */
gboolean lrb_gegl_check_look (GeglBuffer *input, const GeglRectangle *roi, const LrbLook *look,
                              GeglRectangle *area, GError **error);

/* One pixel through the look, as the drivers read and write it: straight
 * linear colour → boost → γ → premultiplied by its alpha; and back, from
 * premultiplied colour and the convolved alpha `alpha` (already divided by
 * the kernel's sum) to straight colour with the boost undone.  `weights`
 * are the space's luminance factors. */
void lrb_look_start_pixel  (const LrbLook *look, const gdouble *weights, gfloat *pixel,
                            gint n_channels);
void lrb_look_finish_pixel (const LrbLook *look, const gdouble *weights, gfloat *pixel,
                            gint n_channels, gfloat alpha);

/* A whole plane of a run (the field's sums, axial colour's shrunk
 * channels), in huge pages where the system gives them on request: fresh
 * 4 KiB pages of two image planes cost more page faults than the uniform
 * run's whole time on the benchmark machine.  NULL when out of memory;
 * zeroed when asked.  Free with lrb_plane_free. */
gpointer lrb_plane_new  (gsize bytes, gboolean zero);
void     lrb_plane_free (gpointer plane);

/* gegl_exit() after GEGL's swap writer has drained its queue.  GEGL 0.4
 * frees the swap backend without waiting for the writer thread, which then
 * warns ("writer queue wasn't empty", "gap list had more than one element")
 * when a large image spilled to swap.  Waits at most `timeout_seconds`. */
void lrb_gegl_exit (gdouble timeout_seconds);

G_END_DECLS
