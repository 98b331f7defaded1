/* lowrank-bokeh — axial colour without a depth map (core/lrb-gegl-axial.c,
 * through lrb_gegl_apply_field as every adapter calls it): against the
 * per-channel direct convolution, the green rim of a background light,
 * grey staying grey at a truncated rank, strength 0 and grey images being
 * today's run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "axial-test-util.h"
#include "filter-test-util.h"
#include "lrb-gegl-axial.h"
#include "field/field-test-util.h"

static GeglBuffer *
buffer_from_image (const LrbImage *image, const gchar *format)
{
  GeglRectangle rect = { 0, 0, image->width, image->height };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, babl_format (format));

  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), image->data,
                   GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* The settings' run over `in` (field-test-util.h's), as an RGBA float
 * image. */
static LrbImage *
axial_run (const LrbImage *in, const LrbSettings *settings)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (settings->kernel.shape, settings->kernel.radius,
                                               0.0);

  return field_run (in, kernel, settings, NULL);
}

/* Random colours and alphas, the exact kernels: each channel is its own
 * kernel's direct convolution, the shrunk disc drawn at the shrunk radius
 * (radius 8, strength 1: 6). */
static void
test_against_reference (void)
{
  const LrbEdgeMode edges[] = { LRB_EDGE_CLAMP, LRB_EDGE_ZERO };
  g_autoptr (LrbImage) in = random_image (37, 29, 4);
  g_autoptr (LrbKernel) full = shape_kernel (LRB_SHAPE_DISC, 8.0, 0.0);
  g_autoptr (LrbKernel) shrunk = shape_kernel (LRB_SHAPE_DISC, 6.0, 0.0);

  for (gsize i = 0; i < (gsize) in->width * in->height; i++)
    in->data[4 * i + 3] = 0.2f + 0.8f * in->data[4 * i + 3];
  for (gsize e = 0; e < G_N_ELEMENTS (edges); e++)
    {
      g_autoptr (LrbImage) ref = lrb_image_new (in->width, in->height, 4);
      g_autoptr (LrbImage) out = NULL;
      LrbSettings          settings;
      gdouble              worst;

      axial_settings (&settings, 8.0, LRB_RANK_EXACT, 1.0);
      settings.edge = edges[e];
      out = axial_run (in, &settings);
      lrb_reference_convolve_axial (in, full, shrunk, TRUE, edges[e], ref);
      worst = max_difference (out, ref);
      g_test_message ("edge %s: largest difference from the reference %g",
                      lrb_edge_mode_to_nick (edges[e]), worst);
      g_assert_cmpfloat (worst, <, 2e-4);
      lrb_settings_clear (&settings);
    }
}

/* A white light on black, behind the focus: the rim between the shrunk
 * disc's radius and the full one's is green alone, the middle has all
 * three. */
static void
test_green_rim (void)
{
  const gint           light[] = { 32, 32 };
  g_autoptr (LrbImage) in = axial_lights (64, 64, light, 1);
  g_autoptr (LrbImage) out = NULL;
  LrbSettings          settings;
  gdouble              rim[3], middle[3];

  axial_settings (&settings, 12.0, 16, 1.0);
  out = axial_run (in, &settings);
  axial_ring (out, 32, 32, 9.8, 11.2, rim);
  axial_ring (out, 32, 32, 0.0, 6.0, middle);
  g_test_message ("rim R G B %g %g %g, middle %g %g %g", rim[0], rim[1], rim[2], middle[0],
                  middle[1], middle[2]);
  g_assert_cmpfloat (rim[1], >, 10.0 * (rim[0] + rim[2]));
  g_assert_cmpfloat (middle[0], >, 0.5 * middle[1]);
  g_assert_cmpfloat (fabs (middle[0] - middle[2]), <, 1e-4 * middle[0]);
  lrb_settings_clear (&settings);
}

/* A flat grey stays grey at a truncated rank: the shrunk channels take the
 * full kernel's gain. */
static void
test_grey_stays_grey (void)
{
  g_autoptr (LrbImage) in = lrb_image_new (48, 40, 4);
  g_autoptr (LrbImage) out = NULL;
  LrbSettings          settings;
  gdouble              worst = 0.0;

  for (gsize i = 0; i < 48 * 40; i++)
    {
      in->data[4 * i] = in->data[4 * i + 1] = in->data[4 * i + 2] = 0.4f;
      in->data[4 * i + 3] = 1.0f;
    }
  axial_settings (&settings, 10.0, 3, 0.7);
  out = axial_run (in, &settings);
  for (gsize i = 0; i < 48 * 40; i++)
    {
      worst = MAX (worst, fabs (out->data[4 * i] - out->data[4 * i + 1]));
      worst = MAX (worst, fabs (out->data[4 * i + 2] - out->data[4 * i + 1]));
      g_assert_cmpfloat (fabs (out->data[4 * i + 3] - 1.0f), <, 1e-5);
    }
  g_test_message ("grey at rank 3: channels differ by at most %g", worst);
  g_assert_cmpfloat (worst, <, 2e-6);
  lrb_settings_clear (&settings);
}

/* Strength 0 is today's uniform run to the bit; a grey image has no
 * colour to fringe and is the uniform run too. */
static void
test_off_and_grey_images (void)
{
  g_autoptr (LrbImage) in = random_image (40, 30, 4);

  for (gint gray = 0; gray <= 1; gray++)
    {
      const gchar           *format = gray ? "YA float" : "R'G'B'A u16";
      g_autoptr (GeglBuffer) plain = buffer_from_image (in, format);
      g_autoptr (GeglBuffer) axial = buffer_from_image (in, format);
      g_autoptr (LrbKernel)  kernel = NULL;
      g_autoptr (LrbAnalysis) analysis = NULL;
      g_autoptr (LrbFilter)  filter = NULL;
      g_autoptr (GError)     error = NULL;
      LrbSettings            settings;
      LrbLook                look = { 1.5 };
      gsize                  bytes = 40 * 30 * 16;
      g_autofree guint8     *a = g_malloc (bytes), *b = g_malloc (bytes);

      axial_settings (&settings, 6.0, 4, gray ? 1.0 : 0.0);
      settings.gamma = look.gamma;
      lrb_highlights_init (&look.highlights);
      g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, &error));
      filter = lrb_settings_prepare_filter (&settings, kernel, analysis, gray ? 2 : 4,
                                            &(LrbRect) { 0, 0, 40, 30 }, NULL, &error);
      g_assert_nonnull (filter);
      g_assert_true (lrb_gegl_apply_look (plain, plain, NULL, filter, &look, settings.edge, NULL,
                                          NULL, NULL, NULL, &error));
      g_assert_true (lrb_gegl_apply_field (axial, axial, NULL, &settings, kernel, analysis,
                                           NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      gegl_buffer_get (plain, NULL, 1.0, babl_format ("RGBA float"), a, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      gegl_buffer_get (axial, NULL, 1.0, babl_format ("RGBA float"), b, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      g_assert_cmpmem (a, bytes, b, bytes);
      lrb_settings_clear (&settings);
    }
}

static void
test_validate (void)
{
  LrbField           field;
  g_autoptr (GError) error = NULL;

  lrb_field_init (&field);
  g_assert_true (lrb_field_is_uniform (&field));
  field.axial_color = 0.3;
  g_assert_false (lrb_field_is_uniform (&field));
  g_assert_false (lrb_field_shapes_aperture (&field));
  g_assert_cmpfloat (fabs (lrb_field_axial_scale (&field) - (1.0 - 0.3 * 0.25)), <, 1e-12);
  g_assert_true (lrb_field_validate (&field, NULL));
  field.axial_color = 1.5;
  g_assert_false (lrb_field_validate (&field, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  field.axial_color = 0.5;
  field.swirl = 0.2;
  g_assert_false (lrb_field_validate (&field, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  /* Green keeps the kernel behind the focus, red and blue in front. */
  g_assert_true (lrb_field_axial_keeps (1, TRUE) && !lrb_field_axial_keeps (0, TRUE) &&
                 !lrb_field_axial_keeps (2, TRUE));
  g_assert_true (!lrb_field_axial_keeps (1, FALSE) && lrb_field_axial_keeps (0, FALSE) &&
                 lrb_field_axial_keeps (2, FALSE));
}

gint
main (gint argc, gchar **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/axial/validate", test_validate);
  g_test_add_func ("/axial/against-reference", test_against_reference);
  g_test_add_func ("/axial/green-rim", test_green_rim);
  g_test_add_func ("/axial/grey-stays-grey", test_grey_stays_grey);
  g_test_add_func ("/axial/off-and-grey-images", test_off_and_grey_images);
  status = g_test_run ();
  gegl_exit ();
  return status;
}
