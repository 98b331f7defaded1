/* lowrank-bokeh — the GEGL driver: linear light, alpha, γ, precision,
 * rectangles, cancellation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-gegl.h"
#include "lrb-image.h"
#include "lrb-shapes.h"

static LrbFactors *
box_factors (gint side)
{
  g_autoptr (LrbKernel) kernel = lrb_kernel_new (side, side, NULL);

  for (gint i = 0; i < side * side; i++)
    kernel->data[i] = 1.0 / (side * side);
  return lrb_factors_from_kernel (kernel, 1, NULL);
}

static LrbFactors *
identity_factors (void)
{
  static const gdouble one = 1.0;
  g_autoptr (LrbKernel) kernel = lrb_kernel_new_from_data (1, 1, &one, NULL);

  return lrb_factors_from_kernel (kernel, 1, NULL);
}

static GeglBuffer *
buffer_from_floats (gint width, gint height, const gchar *format, const gfloat *pixels)
{
  GeglRectangle rect = { 0, 0, width, height };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, babl_format (format));

  gegl_buffer_set (buffer, &rect, 0, babl_format (format), pixels, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* A black/white checkerboard blurred flat is 50 % grey in linear light,
 * which sRGB encodes as 188, not 128. */
static void
test_linear_light (void)
{
  GeglRectangle          rect = { 0, 0, 16, 16 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("R'G'B' u8"));
  g_autoptr (LrbFactors) factors = box_factors (2);
  guint8                 pixels[16 * 16 * 3];
  g_autoptr (GError)     error = NULL;

  for (gint i = 0; i < 16 * 16; i++)
    memset (pixels + 3 * i, ((i % 16) + (i / 16)) % 2 ? 255 : 0, 3);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B' u8"), pixels, GEGL_AUTO_ROWSTRIDE);

  g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, factors, 1.0, LRB_EDGE_MIRROR, NULL,
                                 NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gegl_buffer_get_format (buffer) == babl_format ("R'G'B' u8"));
  gegl_buffer_get (buffer, &rect, 1.0, babl_format ("R'G'B' u8"), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  /* The last row and column see the mirrored border twice: skip them. */
  for (gint y = 0; y < 15; y++)
    for (gint x = 0; x < 15 * 3; x++)
      g_assert_cmpint (ABS (pixels[y * 16 * 3 + x] - 188), <=, 1);
}

/* 16-bit data keeps 16-bit steps: a 1×1 identity returns every value. */
static void
test_precision_kept (void)
{
  GeglRectangle          rect = { 0, 0, 256, 4 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("R'G'B'A u16"));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format ("R'G'B'A u16"));
  g_autoptr (LrbFactors) factors = identity_factors ();
  g_autofree guint16    *before = g_new (guint16, 256 * 4 * 4);
  g_autofree guint16    *after = g_new (guint16, 256 * 4 * 4);

  for (gint i = 0; i < 256 * 4 * 4; i++)
    before[i] = (i % 4 == 3) ? 65535 : (guint16) (i * 61 + 7);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B'A u16"), before, GEGL_AUTO_ROWSTRIDE);

  g_assert_true (lrb_gegl_apply (buffer, out, NULL, factors, 1.0, LRB_EDGE_CLAMP, NULL,
                                 NULL, NULL, NULL, NULL));
  gegl_buffer_get (out, &rect, 1.0, babl_format ("R'G'B'A u16"), after, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (gint i = 0; i < 256 * 4 * 4; i++)
    g_assert_cmpint (ABS (after[i] - before[i]), <=, 1);
}

/* Transparent pixels carry no colour: green hidden under alpha 0 must not
 * bleed into the red it touches. */
static void
test_alpha_premultiplied (void)
{
  gfloat                 pixels[8 * 1 * 4];
  g_autoptr (GeglBuffer) buffer = NULL;
  g_autoptr (LrbFactors) factors = box_factors (3);

  for (gint x = 0; x < 8; x++)
    {
      gboolean opaque = x < 4;
      gfloat   px[4] = { opaque, !opaque, 0, opaque };

      memcpy (pixels + 4 * x, px, sizeof px);
    }
  buffer = buffer_from_floats (8, 1, "RGBA float", pixels);
  g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, factors, 1.0, LRB_EDGE_CLAMP, NULL,
                                 NULL, NULL, NULL, NULL));
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);

  /* Pixel 4 now has a third of the red pixels' weight: alpha 1/3, colour
   * still pure red. */
  g_assert_cmpfloat_with_epsilon (pixels[4 * 4 + 3], 1.0 / 3.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (pixels[4 * 4 + 0], 1.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (pixels[4 * 4 + 1], 0.0, 1e-5);
}

/* γ then 1/γ around a delta kernel is the identity; around a blur it makes
 * a highlight bloom: the average of 0 and 1 is brighter than with γ = 1. */
static void
test_gamma (void)
{
  gfloat                 pixels[4 * 1 * 4], result[4 * 1 * 4];
  g_autoptr (LrbFactors) identity = identity_factors ();
  g_autoptr (LrbFactors) box = box_factors (2);

  for (gint i = 0; i < 16; i++)
    pixels[i] = (i % 4 == 3) ? 1.0f : (gfloat) ((i * 37) % 11) / 10.0f;

  {
    g_autoptr (GeglBuffer) buffer = buffer_from_floats (4, 1, "RGBA float", pixels);

    g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, identity, 3.0, LRB_EDGE_CLAMP, NULL,
                                   NULL, NULL, NULL, NULL));
    gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), result,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    for (gint i = 0; i < 16; i++)
      g_assert_cmpfloat_with_epsilon (result[i], pixels[i], 1e-5);
  }

  {
    gfloat                 pair[2 * 4] = { 0, 0, 0, 1, 1, 1, 1, 1 };
    g_autoptr (GeglBuffer) buffer = buffer_from_floats (2, 1, "RGBA float", pair);

    g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, box, 2.0, LRB_EDGE_CLAMP, NULL,
                                   NULL, NULL, NULL, NULL));
    gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), pair,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    /* The 2×2 box anchored at (1, 1) averages columns x and x + 1:
     * pixel 0 sees half a highlight, √½ with γ = 2 instead of ½; pixel 1
     * sees only the highlight (clamped edge). */
    g_assert_cmpfloat_with_epsilon (pair[0], sqrt (0.5), 1e-5);
    g_assert_cmpfloat_with_epsilon (pair[4], 1.0, 1e-5);
  }
}

/* Only the rectangle changes, and its halo comes from outside it. */
static void
test_rectangle (void)
{
  GeglRectangle          rect = { 0, 0, 40, 30 }, roi = { 10, 5, 12, 9 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) full = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) part = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (LrbFactors) factors = box_factors (5);
  g_autofree gfloat     *a = g_new (gfloat, 40 * 30 * 4);
  g_autofree gfloat     *b = g_new (gfloat, 40 * 30 * 4);
  g_autofree gfloat     *orig = g_new (gfloat, 40 * 30 * 4);

  for (gint i = 0; i < 40 * 30 * 4; i++)
    orig[i] = (i % 4 == 3) ? 1.0f : g_test_rand_double ();
  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), orig, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_copy (buffer, NULL, GEGL_ABYSS_NONE, part, NULL);

  g_assert_true (lrb_gegl_apply (buffer, full, NULL, factors, 1.0, LRB_EDGE_CLAMP, NULL,
                                 NULL, NULL, NULL, NULL));
  g_assert_true (lrb_gegl_apply (buffer, part, &roi, factors, 1.0, LRB_EDGE_CLAMP, NULL,
                                 NULL, NULL, NULL, NULL));
  gegl_buffer_get (full, NULL, 1.0, babl_format ("RGBA float"), a, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (part, NULL, 1.0, babl_format ("RGBA float"), b, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);

  for (gint y = 0; y < 30; y++)
    for (gint x = 0; x < 40; x++)
      for (gint c = 0; c < 4; c++)
        {
          gsize    i = (y * 40 + x) * 4 + c;
          gboolean inside = x >= roi.x && x < roi.x + roi.width &&
                            y >= roi.y && y < roi.y + roi.height;

          g_assert_cmpfloat_with_epsilon (b[i], inside ? a[i] : orig[i], 1e-6);
        }
}

/* Gray buffers go through the two-channel path. */
static void
test_gray (void)
{
  GeglRectangle          rect = { 0, 0, 9, 9 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (LrbFactors) factors = box_factors (3);
  gfloat                 pixels[81] = { 0 };

  pixels[4 * 9 + 4] = 9.0f;
  gegl_buffer_set (buffer, &rect, 0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE);
  g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, factors, 1.0, LRB_EDGE_ZERO, NULL,
                                 NULL, NULL, NULL, NULL));
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (gint y = 0; y < 9; y++)
    for (gint x = 0; x < 9; x++)
      g_assert_cmpfloat_with_epsilon (pixels[y * 9 + x],
                                      ABS (x - 4) <= 1 && ABS (y - 4) <= 1 ? 1.0 : 0.0, 1e-5);
}

static void
cancel_on_progress (gdouble fraction, gpointer data)
{
  g_cancellable_cancel (data);
}

/* Cancelled halfway, the output is exactly as it was. */
static void
test_cancel_leaves_output (void)
{
  GeglRectangle            rect = { 0, 0, 600, 400 };
  g_autoptr (GeglBuffer)   buffer = gegl_buffer_new (&rect, babl_format ("R'G'B'A u8"));
  g_autoptr (LrbFactors)   factors = box_factors (31);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError)       error = NULL;
  g_autofree guint8       *before = g_new (guint8, 600 * 400 * 4);
  g_autofree guint8       *after = g_new (guint8, 600 * 400 * 4);
  LrbEngineConfig          config = { .threads = 1, .tile_size = 16 };

  for (gint i = 0; i < 600 * 400 * 4; i++)
    before[i] = g_test_rand_int_range (0, 256);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B'A u8"), before, GEGL_AUTO_ROWSTRIDE);

  g_assert_false (lrb_gegl_apply (buffer, buffer, NULL, factors, 2.0, LRB_EDGE_CLAMP, &config,
                                  cancel_on_progress, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gegl_buffer_get (buffer, &rect, 1.0, babl_format ("R'G'B'A u8"), after, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_assert_cmpmem (before, 600 * 400 * 4, after, 600 * 400 * 4);
}

/* The driver agrees with the reference on a float image with γ = 1, at
 * full rank and at a rank whose kernel does not sum to 1: an opaque image
 * stays opaque and its colour is K_r ∗ c, not rescaled. */
static void
check_reference (gint rank)
{
  g_autoptr (LrbImage)    src = lrb_image_new (33, 21, 4);
  g_autoptr (LrbImage)    ref = lrb_image_new (33, 21, 4);
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbKernel)   approx = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors)  factors = NULL;
  g_autoptr (GeglBuffer)  buffer = NULL;
  g_autofree gfloat      *out = g_new (gfloat, 33 * 21 * 4);
  LrbKernelSpec           spec;

  lrb_kernel_spec_init (&spec);
  spec.radius = 4;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  analysis = lrb_analysis_new (kernel, NULL);
  factors = lrb_factors_new (analysis, rank, NULL);
  approx = lrb_analysis_reconstruct (analysis, rank);
  for (gint i = 0; i < 33 * 21 * 4; i++)
    src->data[i] = (i % 4 == 3) ? 1.0f : g_test_rand_double ();
  buffer = buffer_from_floats (33, 21, "RaGaBaA float", src->data);

  g_assert_true (lrb_gegl_apply (buffer, buffer, NULL, factors, 1.0, LRB_EDGE_MIRROR, NULL,
                                 NULL, NULL, NULL, NULL));
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), out, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  lrb_reference_convolve (src, approx, LRB_EDGE_MIRROR, ref);
  for (gint i = 0; i < 33 * 21 * 4; i++)
    g_assert_cmpfloat_with_epsilon (out[i], i % 4 == 3 ? 1.0 : ref->data[i], 1e-5);
}

static void
test_matches_reference (void)
{
  g_autoptr (LrbKernel) kernel = NULL;
  LrbKernelSpec         spec;

  lrb_kernel_spec_init (&spec);
  spec.radius = 4;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  check_reference (kernel->rows);
  check_reference (2);
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/gegl/linear-light", test_linear_light);
  g_test_add_func ("/gegl/precision-kept", test_precision_kept);
  g_test_add_func ("/gegl/alpha-premultiplied", test_alpha_premultiplied);
  g_test_add_func ("/gegl/gamma", test_gamma);
  g_test_add_func ("/gegl/rectangle", test_rectangle);
  g_test_add_func ("/gegl/gray", test_gray);
  g_test_add_func ("/gegl/cancel-leaves-output", test_cancel_leaves_output);
  g_test_add_func ("/gegl/matches-reference", test_matches_reference);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
