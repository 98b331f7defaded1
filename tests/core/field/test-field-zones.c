/* lowrank-bokeh — the field's zones by whole FFT blocks
 * (core/lrb-gegl-field-zones.c): against the per-pixel scatter
 * reference, against the engine's per-zone runs (another method, the same
 * sum), over a part of the image, and cancelled or over its memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "../filter-test-util.h"
#include "lrb-field.h"
#include "field-test-util.h"

#define W 150
#define H 96

static LrbKernel *
disc (gdouble radius)
{
  return shape_kernel (LRB_SHAPE_DISC, radius, 0.0);
}

/* A random opaque RGBA image in linear light, with a few bright points. */
static LrbImage *
opaque_image (void)
{
  LrbImage *image = random_image (W, H, 4);

  for (gint i = 0; i < W * H; i++)
    image->data[4 * i + 3] = 1.0f;
  for (gint k = 0; k < 6; k++)
    image->data[4 * g_test_rand_int_range (0, W * H)] = 20.0f;
  return image;
}

static void
field_settings (LrbSettings *settings, LrbMethod method, LrbEdgeMode edge)
{
  lrb_settings_init (settings);
  settings->rank = LRB_RANK_EXACT;
  settings->method = method;
  settings->edge = edge;
  settings->field.cats_eye = 1.0;
  settings->field.zone_size = 30;
  settings->threads = 2;
}

/* The largest difference over the pixels of `rect`, colour and alpha. */
static gdouble
rect_difference (const LrbImage *a, const LrbImage *b, const GeglRectangle *rect)
{
  gdouble worst = 0.0;

  for (gint y = rect->y; y < rect->y + rect->height; y++)
    for (gint x = rect->x; x < rect->x + rect->width; x++)
      for (gint ch = 0; ch < 4; ch++)
        worst = MAX (worst, fabs (a->data[(y * W + x) * 4 + ch] - b->data[(y * W + x) * 4 + ch]));
  return worst;
}

/* Every edge: the FFT blocks against the scatter reference (the zones'
 * own error, as test-field measures it for the engine's way), and against
 * the engine's per-zone runs by separable passes, which add the same
 * pieces another way: equal to float rounding. */
static void
test_matches_scatter_and_engine (void)
{
  g_autoptr (LrbKernel) base = disc (9);
  g_autoptr (LrbImage)  in = opaque_image ();
  GeglRectangle         all = { 0, 0, W, H };

  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    {
      g_autoptr (LrbImage) fft = NULL;
      g_autoptr (LrbImage) passes = NULL;
      g_autoptr (LrbImage) ref = lrb_image_new (W, H, 4);
      LrbSettings          settings;
      gdouble              l2, apart;

      field_settings (&settings, LRB_METHOD_FFT, edge);
      fft = field_run (in, base, &settings, NULL);
      settings.method = LRB_METHOD_SEPARABLE;
      passes = field_run (in, base, &settings, NULL);
      lrb_reference_convolve_field (in, base, &settings.field, edge, ref);
      l2 = field_relative_l2 (fft, ref);
      apart = rect_difference (fft, passes, &all);
      g_test_message ("%s: relative L2 %.3f %% from the scatter; %.2g from the passes",
                      lrb_edge_mode_to_nick (edge), 100 * l2, apart);
      /* Zones of 3.3 R: measured 0.9–1.2 % (the bright points' spots). */
      g_assert_cmpfloat (l2, <, 0.02);
      /* Float FFTs of values up to 20: measured ~1e-5. */
      g_assert_cmpfloat (apart, <, 2e-4);
      lrb_settings_clear (&settings);
    }
}

/* At rank 3 each zone convolves its truncated kernel: the same in both
 * ways, so the blocks rebuild the factors' kernel as the passes run it;
 * with the swirl too, whose kernels the blocks factor without their
 * padding. */
static void
test_rank_matches_engine (void)
{
  g_autoptr (LrbKernel) base = disc (9);
  g_autoptr (LrbImage)  in = opaque_image ();
  GeglRectangle         all = { 0, 0, W, H };

  for (gint swirl = 0; swirl <= 1; swirl++)
    {
      g_autoptr (LrbImage) fft = NULL;
      g_autoptr (LrbImage) passes = NULL;
      LrbSettings          settings;

      field_settings (&settings, LRB_METHOD_FFT, LRB_EDGE_MIRROR);
      settings.rank = 3;
      settings.field.swirl = swirl;
      fft = field_run (in, base, &settings, NULL);
      settings.method = LRB_METHOD_SEPARABLE;
      passes = field_run (in, base, &settings, NULL);
      g_assert_cmpfloat (rect_difference (fft, passes, &all), <, 2e-4);
      lrb_settings_clear (&settings);
    }
}

/* A part of the image is that part of the whole run, and the rest is
 * left as it was. */
static void
test_part_is_part_of_whole (void)
{
  g_autoptr (LrbKernel) base = disc (7);
  g_autoptr (LrbImage)  in = opaque_image ();
  g_autoptr (LrbImage)  whole = NULL;
  g_autoptr (LrbImage)  part = NULL;
  GeglRectangle         roi = { 37, 21, 61, 50 };
  LrbSettings           settings;

  field_settings (&settings, LRB_METHOD_FFT, LRB_EDGE_CLAMP);
  whole = field_run (in, base, &settings, NULL);
  part = field_run (in, base, &settings, &roi);
  g_assert_cmpfloat (rect_difference (whole, part, &roi), <, 1e-5);
  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++)
      if (!(x >= roi.x && x < roi.x + roi.width && y >= roi.y && y < roi.y + roi.height))
        g_assert_cmpmem (part->data + (y * W + x) * 4, 16, in->data + (y * W + x) * 4, 16);
  lrb_settings_clear (&settings);
}

/* Cancelled, or with less memory than one zone's block: an error, and the
 * output untouched. */
static void
test_cancel_and_memory (void)
{
  g_autoptr (LrbKernel)    base = disc (9);
  g_autoptr (LrbAnalysis)  analysis = lrb_analysis_new (base, NULL);
  g_autoptr (LrbImage)     in = opaque_image ();
  g_autoptr (GeglBuffer)   buffer = field_buffer_from_image (in);
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autoptr (LrbImage)     after = lrb_image_new (W, H, 4);
  GeglRectangle            all = { 0, 0, W, H };
  LrbSettings              settings;

  field_settings (&settings, LRB_METHOD_FFT, LRB_EDGE_CLAMP);
  g_cancellable_cancel (cancel);
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (lrb_gegl_apply_field (buffer, buffer, NULL, &settings, base, analysis,
                                          NULL, NULL, cancel, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  settings.memory_limit = 64 << 10;
  {
    g_autoptr (GError) error = NULL;

    g_assert_false (lrb_gegl_apply_field (buffer, buffer, NULL, &settings, base, analysis,
                                          NULL, NULL, NULL, &error));
    g_assert_error (error, LRB_ERROR, LRB_ERROR_MEMORY);
  }
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), after->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_assert_cmpfloat (rect_difference (in, after, &all), ==, 0.0);
  lrb_settings_clear (&settings);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/field-zones/matches-scatter-and-engine", test_matches_scatter_and_engine);
  g_test_add_func ("/field-zones/rank-matches-engine", test_rank_matches_engine);
  g_test_add_func ("/field-zones/part-is-part-of-whole", test_part_is_part_of_whole);
  g_test_add_func ("/field-zones/cancel-and-memory", test_cancel_and_memory);
  {
    gint status = g_test_run ();

    gegl_exit ();
    return status;
  }
}
