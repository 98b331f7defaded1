/* lowrank-bokeh — plain float images and the reference convolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-image.h"

#include <string.h>

LrbImage *
lrb_image_new (gint width, gint height, gint n_channels)
{
  LrbImage *image = g_new0 (LrbImage, 1);

  image->width = width;
  image->height = height;
  image->n_channels = n_channels;
  image->data = g_new0 (gfloat, (gsize) width * height * n_channels);
  return image;
}

LrbImage *
lrb_image_copy (const LrbImage *image)
{
  LrbImage *copy = lrb_image_new (image->width, image->height, image->n_channels);

  memcpy (copy->data, image->data,
          sizeof (gfloat) * image->width * image->height * image->n_channels);
  return copy;
}

void
lrb_image_free (LrbImage *image)
{
  if (!image)
    return;
  g_free (image->data);
  g_free (image);
}

typedef struct
{
  const LrbImage *src;
  LrbImage       *dest;
} ImagePair;

static gboolean
image_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
            GError **error)
{
  const LrbImage *src = ((ImagePair *) user_data)->src;
  gint            c = src->n_channels;

  for (gint y = 0; y < rect->height; y++)
    memcpy (dest + y * dest_stride,
            src->data + ((gsize) (rect->y + y) * src->width + rect->x) * c,
            sizeof (gfloat) * rect->width * c);
  return TRUE;
}

static gboolean
image_write (gpointer user_data, const LrbRect *rect, gfloat *src, gsize src_stride,
             GError **error)
{
  LrbImage *dest = ((ImagePair *) user_data)->dest;
  gint      c = dest->n_channels;

  for (gint y = 0; y < rect->height; y++)
    memcpy (dest->data + ((gsize) (rect->y + y) * dest->width + rect->x) * c,
            src + y * src_stride, sizeof (gfloat) * rect->width * c);
  return TRUE;
}

static void
image_io (const LrbImage *src, ImagePair *pair, LrbEngineIO *io)
{
  io->n_channels = src->n_channels;
  io->source = (LrbRect) { 0, 0, src->width, src->height };
  io->output = io->source;
  io->read = image_read;
  io->write = image_write;
  io->user_data = pair;
}

gboolean
lrb_image_convolve (const LrbImage *src, LrbImage *dest, const LrbFactors *factors,
                    LrbEdgeMode edge, const LrbEngineConfig *config,
                    GCancellable *cancellable, LrbTilePlan *plan_out, GError **error)
{
  ImagePair   pair = { src, dest };
  LrbEngineIO io;

  g_return_val_if_fail (dest->width == src->width && dest->height == src->height &&
                        dest->n_channels == src->n_channels, FALSE);
  image_io (src, &pair, &io);
  return lrb_engine_run (factors, edge, &io, config, NULL, NULL, cancellable, plan_out, error);
}

gboolean
lrb_image_convolve_filter (const LrbImage *src, LrbImage *dest, const LrbFilter *filter,
                           LrbEdgeMode edge, const LrbEngineConfig *config,
                           GCancellable *cancellable, LrbTilePlan *plan_out, GError **error)
{
  ImagePair   pair = { src, dest };
  LrbEngineIO io;

  g_return_val_if_fail (dest->width == src->width && dest->height == src->height &&
                        dest->n_channels == src->n_channels, FALSE);
  image_io (src, &pair, &io);
  return lrb_engine_run_filter (filter, edge, &io, config, NULL, NULL, cancellable, plan_out,
                                error);
}

gint
lrb_reference_edge_index (gint i, gint size, LrbEdgeMode edge)
{
  if (i >= 0 && i < size)
    return i;
  if (edge == LRB_EDGE_ZERO)
    return -1;
  if (edge == LRB_EDGE_CLAMP)
    return i < 0 ? 0 : size - 1;
  /* Mirror, stepping back and forth until inside: slow and plain. */
  while (i < 0 || i >= size)
    i = i < 0 ? -1 - i : 2 * size - 1 - i;
  return i;
}

void
lrb_reference_convolve (const LrbImage *src, const LrbKernel *kernel, LrbEdgeMode edge,
                        LrbImage *dest)
{
  gint ai = lrb_kernel_anchor_row (kernel), aj = lrb_kernel_anchor_col (kernel);
  gint c = src->n_channels;

  for (gint y = 0; y < src->height; y++)
    for (gint x = 0; x < src->width; x++)
      for (gint ch = 0; ch < c; ch++)
        {
          gdouble acc = 0.0;

          for (gint i = 0; i < kernel->rows; i++)
            for (gint j = 0; j < kernel->cols; j++)
              {
                gint sy = lrb_reference_edge_index (y + ai - i, src->height, edge);
                gint sx = lrb_reference_edge_index (x + aj - j, src->width, edge);

                if (sy >= 0 && sx >= 0)
                  acc += lrb_kernel_get (kernel, i, j) *
                         src->data[((gsize) sy * src->width + sx) * c + ch];
              }
          dest->data[((gsize) y * dest->width + x) * c + ch] = acc;
        }
}

void
lrb_reference_convolve_axial (const LrbImage *src, const LrbKernel *full,
                              const LrbKernel *shrunk, gboolean behind, LrbEdgeMode edge,
                              LrbImage *dest)
{
  g_autoptr (LrbImage) premultiplied = lrb_image_copy (src);
  g_autoptr (LrbImage) by_full = lrb_image_copy (src);
  g_autoptr (LrbImage) by_shrunk = lrb_image_copy (src);

  for (gsize i = 0; i < (gsize) src->width * src->height; i++)
    for (gint ch = 0; ch < 3; ch++)
      premultiplied->data[4 * i + ch] *= src->data[4 * i + 3];
  lrb_reference_convolve (premultiplied, full, edge, by_full);
  lrb_reference_convolve (premultiplied, shrunk, edge, by_shrunk);
  for (gsize i = 0; i < (gsize) src->width * src->height; i++)
    {
      for (gint ch = 0; ch < 3; ch++)
        {
          const LrbImage *own = lrb_field_axial_keeps (ch, behind) ? by_full : by_shrunk;
          gfloat          alpha = own->data[4 * i + 3];

          dest->data[4 * i + ch] = alpha > 1e-7f ? own->data[4 * i + ch] / alpha : 0.0f;
        }
      dest->data[4 * i + 3] = by_full->data[4 * i + 3];
    }
}

void
lrb_reference_convolve_field (const LrbImage *src, const LrbKernel *base, const LrbField *field,
                              LrbEdgeMode edge, LrbImage *dest)
{
  LrbRect all = { 0, 0, src->width, src->height };

  lrb_reference_convolve_field_rect (src, base, field, edge, &all, dest);
}

void
lrb_reference_convolve_field_rect (const LrbImage *src, const LrbKernel *kernel,
                                   const LrbField *field, LrbEdgeMode edge, const LrbRect *rect,
                                   LrbImage *dest)
{
  g_autoptr (LrbKernel) base = lrb_field_base (field, kernel);
  gint        ai = lrb_kernel_anchor_row (base), aj = lrb_kernel_anchor_col (base);
  gint        halo = MAX (base->rows, base->cols);
  gint        w = src->width, h = src->height, c = src->n_channels;
  gint        dw = rect->width, dh = rect->height;
  gdouble     radius = lrb_field_aperture_radius (base);
  gdouble    *acc = g_new0 (gdouble, (gsize) dw * dh * c);
  gdouble    *cover = g_new0 (gdouble, (gsize) dw * dh);
  LrbEdgeMode cover_edge = edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP : edge;

  /* Every source pixel, the edge's made-up ones too, spreads the kernel of
   * the pixel it repeats; the cover counts every place as if the image
   * went on (by the edge, clamp for a zero edge). */
  for (gint sy = rect->y - halo; sy < rect->y + dh + halo; sy++)
    for (gint sx = rect->x - halo; sx < rect->x + dw + halo; sx++)
      {
        gint                  ry = lrb_reference_edge_index (sy, h, edge);
        gint                  rx = lrb_reference_edge_index (sx, w, edge);
        gint                  cy = lrb_reference_edge_index (sy, h, cover_edge);
        gint                  cx = lrb_reference_edge_index (sx, w, cover_edge);
        const gfloat         *in = ry < 0 || rx < 0 ? NULL : src->data + ((gsize) ry * w + rx) * c;
        g_autoptr (LrbKernel) own = NULL;

        own = lrb_field_kernel_at (field, base, radius, w, h, in ? rx : cx, in ? ry : cy);
        for (gint i = 0; i < own->rows; i++)
          for (gint j = 0; j < own->cols; j++)
            {
              gint    y = sy - ai + i - rect->y, x = sx - aj + j - rect->x;
              gdouble k = lrb_kernel_get (own, i, j);

              if (y < 0 || y >= dh || x < 0 || x >= dw || k == 0.0)
                continue;
              cover[(gsize) y * dw + x] += k;
              for (gint ch = 0; in && ch < c; ch++)
                acc[((gsize) y * dw + x) * c + ch] += k * in[ch];
            }
      }
  for (gsize i = 0; i < (gsize) dw * dh * c; i++)
    dest->data[i] = acc[i] / cover[i / c];
  g_free (acc);
  g_free (cover);
}
