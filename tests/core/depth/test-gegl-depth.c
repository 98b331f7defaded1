/* lowrank-bokeh — depth of field against independent references: the
 * uniform blur, shapes drawn at their radius, direct 2-D sums.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-gegl-depth.h"

/* One 16-bit step. */
#define STEP (1.0 / 65535)

typedef struct
{
  gint    width, height;
  gfloat *rgba;  /* straight linear RGBA */
  gfloat *depth;
} Scene;

static Scene *
scene_new (gint width, gint height)
{
  Scene *s = g_new0 (Scene, 1);

  s->width = width;
  s->height = height;
  s->rgba = g_new0 (gfloat, (gsize) width * height * 4);
  s->depth = g_new0 (gfloat, (gsize) width * height);
  for (gint i = 0; i < width * height; i++)
    s->rgba[4 * i + 3] = 1.0f;
  return s;
}

static void
scene_free (Scene *s)
{
  g_free (s->rgba);
  g_free (s->depth);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scene, scene_free)

static void
scene_set (Scene *s, gint x, gint y, gfloat r, gfloat g, gfloat b, gfloat depth)
{
  gfloat *p = s->rgba + 4 * ((gsize) y * s->width + x);

  p[0] = r, p[1] = g, p[2] = b;
  s->depth[(gsize) y * s->width + x] = depth;
}

static const gfloat *
scene_pixel (const Scene *s, const gfloat *rgba, gint x, gint y)
{
  x = CLAMP (x, 0, s->width - 1);
  y = CLAMP (y, 0, s->height - 1);
  return rgba + 4 * ((gsize) y * s->width + x);
}

static void
settings_for (LrbSettings *settings, LrbShape shape, gdouble radius, gint rank, gdouble focus)
{
  lrb_settings_init (settings);
  settings->kernel.shape = shape;
  settings->kernel.radius = radius;
  settings->kernel.blades = 6;
  settings->rank = rank;
  settings->focus.focus = focus;
}

/* What the tests read back: linear float from float buffers; from 16-bit
 * ones their own non-linear values, exact multiples of a step. */
static const Babl *
read_format (const gchar *format)
{
  return babl_format (strstr (format, "u16") ? "R'G'B'A float" : "RGBA float");
}

/* The scene through lrb_gegl_apply_depth, read back in read_format. */
static gfloat *
run_depth (const Scene *s, const LrbSettings *settings, const gchar *format)
{
  GeglRectangle          rect = { 0, 0, s->width, s->height };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format (format));
  g_autoptr (GeglBuffer) depth = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format (format));
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (GError)     error = NULL;
  gfloat                *result = g_new (gfloat, (gsize) s->width * s->height * 4);

  gegl_buffer_set (in, &rect, 0, babl_format ("RGBA float"), s->rgba, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (depth, &rect, 0, babl_format ("Y float"), s->depth, GEGL_AUTO_ROWSTRIDE);
  g_autoptr (LrbDepthFilters) filters = NULL;

  g_assert_true (lrb_settings_prepare (settings, &full, NULL, NULL, &error));
  filters = lrb_depth_filters_new (settings, full);
  g_assert_true (lrb_gegl_apply_depth (in, depth, out, NULL, settings, filters, NULL, NULL,
                                       NULL, &error));
  g_assert_no_error (error);
  gegl_buffer_get (out, &rect, 1.0, read_format (format), result, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return result;
}

/* The same image through today's uniform blur with the kernel of radius
 * `radius`. */
static gfloat *
run_uniform (const Scene *s, const LrbSettings *depth_settings, gdouble radius,
             const gchar *format)
{
  GeglRectangle          rect = { 0, 0, s->width, s->height };
  LrbRect                output = { 0, 0, s->width, s->height };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format (format));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format (format));
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFilter)  filter = NULL;
  g_autoptr (GError)     error = NULL;
  LrbSettings            settings = *depth_settings;
  LrbLook                look = { settings.gamma, settings.highlights };
  LrbEngineConfig        config;
  gfloat                *result = g_new (gfloat, (gsize) s->width * s->height * 4);

  settings.kernel.radius = radius;
  gegl_buffer_set (in, &rect, 0, babl_format ("RGBA float"), s->rgba, GEGL_AUTO_ROWSTRIDE);
  g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, &error));
  filter = lrb_settings_prepare_filter (&settings, kernel, analysis, 4, &output, NULL, &error);
  g_assert_no_error (error);
  lrb_settings_engine_config (&settings, &config);
  g_assert_true (lrb_gegl_apply_look (in, out, NULL, filter, &look, settings.edge, &config,
                                      NULL, NULL, NULL, &error));
  gegl_buffer_get (out, &rect, 1.0, read_format (format), result, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return result;
}

static void
fill_noise (Scene *s, guint32 seed, gdouble low, gdouble high, gboolean grey, gboolean alpha)
{
  GRand *rand = g_rand_new_with_seed (seed);

  for (gint i = 0; i < s->width * s->height; i++)
    {
      gfloat v = (gfloat) g_rand_double_range (rand, low, high);

      for (gint ch = 0; ch < 3; ch++)
        s->rgba[4 * i + ch] = grey ? v : (gfloat) g_rand_double_range (rand, low, high);
      if (alpha)
        s->rgba[4 * i + 3] = (gfloat) g_rand_double_range (rand, 0.0, 1.0);
    }
  g_rand_free (rand);
}

/* A uniform depth map gives today's uniform blur at that depth's radius,
 * to a 16-bit step: opaque and with alpha, rank 8 and exact, and with
 * every edge mode (zero edges fade the border the same way). */
static void
test_uniform (void)
{
  const gint ranks[] = { 8, LRB_RANK_EXACT };

  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    for (gint with_alpha = 0; with_alpha <= 1; with_alpha++)
      for (gsize r = 0; r < G_N_ELEMENTS (ranks); r++)
        {
          g_autoptr (Scene) s = scene_new (53, 41);
          LrbSettings       settings;
          g_autofree gfloat *depth = NULL, *uniform = NULL;

          fill_noise (s, 3 + with_alpha, 0.0, 1.0, FALSE, with_alpha);
          for (gint i = 0; i < s->width * s->height; i++)
            s->depth[i] = 0.75f;
          /* Focus 0.25, |0.75 − 0.25| = 0.5 of the full radius 8: radius 4. */
          settings_for (&settings, LRB_SHAPE_POLYGON, 8.0, ranks[r], 0.25);
          settings.edge = edge;
          depth = run_depth (s, &settings, "R'G'B'A u16");
          uniform = run_uniform (s, &settings, 4.0, "R'G'B'A u16");
          for (gint i = 0; i < s->width * s->height * 4; i++)
            if (!(fabs (depth[i] - uniform[i]) <= 1.01 * STEP))
              g_error ("edge %d alpha %d rank %d: pixel %d channel %d: %g against %g", edge,
                       with_alpha, ranks[r], i / 4, i % 4, depth[i], uniform[i]);
          lrb_settings_clear (&settings);
        }
}

/* Points at depths 0.1, 0.5 and 0.9 in bands `band` wide, focus 0.5:
 * the near and the far one become the disc of radius 0.4 · `full`,
 * profiled by `profile`; the focused one stays a point.  Returns the
 * result, 3 · band × 40. */
static gfloat *
check_points (gdouble full, gint band, LrbProfile profile, gdouble strength)
{
  const gint            width = 3 * band, height = 40, r = (gint) lround (0.4 * full);
  g_autoptr (Scene)     s = scene_new (width, height);
  g_autoptr (LrbKernel) disc = NULL;
  g_autoptr (LrbKernel) kernel = NULL;
  gfloat               *out;
  LrbSettings           settings;

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      s->depth[y * width + x] = x < band ? 0.1f : x < 2 * band ? 0.5f : 0.9f;
  for (gint k = 0; k < 3; k++)
    scene_set (s, band / 2 + k * band, 20, 1.0f, 1.0f, 1.0f, 0.1f + 0.4f * k);

  settings_for (&settings, LRB_SHAPE_DISC, full, LRB_RANK_EXACT, 0.5);
  settings.field.profile = profile;
  settings.field.profile_strength = strength;
  out = run_depth (s, &settings, "RGBA float");
  settings.kernel.radius = r;
  disc = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  kernel = lrb_kernel_new_profiled (disc, profile, strength);
  g_assert_cmpint (kernel->rows, ==, 2 * r + 1);

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        gint    k = x / band, dx = x - band / 2 - k * band + r, dy = y - 20 + r;
        gdouble expected;

        if (k == 1)
          expected = dx == r && dy == r ? 1.0 : 0.0;
        else
          expected = dx >= 0 && dx <= 2 * r && dy >= 0 && dy <= 2 * r
                     ? lrb_kernel_get (kernel, dy, dx) : 0.0;
        for (gint ch = 0; ch < 3; ch++)
          if (!(fabs (out[4 * (y * width + x) + ch] - expected) <= 1e-5))
            g_error ("(%d, %d): %g, expected %g", x, y, out[4 * (y * width + x) + ch],
                     expected);
        g_assert_cmpfloat (fabs (out[4 * (y * width + x) + 3] - 1.0), <=, 1e-6);
      }
  lrb_settings_clear (&settings);
  return out;
}

static void
test_points (void)
{
  g_free (check_points (10.0, 32, LRB_PROFILE_FLAT, 0.0));
}

/* With a soap-bubble profile each level's kernel is the profiled disc of
 * its radius (8 here): the rim brighter than the middle. */
static void
test_points_profiled (void)
{
  /* Bands wide enough that no blurred point reaches the next one. */
  g_autofree gfloat *out = check_points (20.0, 48, LRB_PROFILE_SOAP_BUBBLE, 0.8);

  for (gint k = 0; k < 3; k += 2)
    {
      gdouble middle = out[4 * (20 * 144 + 24 + 48 * k)];
      gdouble rim = out[4 * (20 * 144 + 24 + 48 * k + 7)];

      g_test_message ("depth %.1f: rim %.4f, middle %.4f", 0.1 + 0.4 * k, rim, middle);
      g_assert_cmpfloat (rim, >, 1.8 * middle);
    }
}

#define SIDE   64
#define SQ_LO  22
#define SQ_HI  41 /* inclusive */

static gboolean
in_square (gint x, gint y, gint grow)
{
  return x >= SQ_LO - grow && x <= SQ_HI + grow && y >= SQ_LO - grow && y <= SQ_HI + grow;
}

static const gfloat red[3] = { 0.9f, 0.05f, 0.05f };

/* A red square at depth 0 in front of bright grey noise at depth 1. */
static void
square_scene (Scene *s, guint32 seed)
{
  fill_noise (s, seed, 0.2, 1.0, TRUE, FALSE);
  for (gint y = 0; y < SIDE; y++)
    for (gint x = 0; x < SIDE; x++)
      if (in_square (x, y, 0))
        scene_set (s, x, y, red[0], red[1], red[2], 0.0f);
      else
        s->depth[y * SIDE + x] = 1.0f;
}

/* A sharp red square in front of a far, bright, blurred grey background:
 * the square keeps its pixels, the background carries no red, and it is
 * the background's own blur, the square left out (a direct sum). */
static void
test_sharp_subject (void)
{
  g_autoptr (Scene)     s = scene_new (SIDE, SIDE);
  g_autoptr (LrbKernel) disc = NULL;
  g_autofree gfloat    *out = NULL;
  LrbSettings           settings;
  gint                  half;

  square_scene (s, 9);

  /* In focus at the front: the background, at depth 1, gets the full disc. */
  settings_for (&settings, LRB_SHAPE_DISC, 6.0, LRB_RANK_EXACT, 0.0);
  out = run_depth (s, &settings, "RGBA float");
  disc = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  half = disc->rows / 2;

  for (gint y = 0; y < SIDE; y++)
    for (gint x = 0; x < SIDE; x++)
      {
        const gfloat *o = out + 4 * (y * SIDE + x);

        if (in_square (x, y, -1))
          for (gint ch = 0; ch < 4; ch++)
            g_assert_cmpfloat (fabsf (o[ch] - scene_pixel (s, s->rgba, x, y)[ch]), <=, STEP);
        else if (!in_square (x, y, 1))
          {
            gdouble sum = 0.0, weight = 0.0;

            for (gint i = -half; i <= half; i++)
              for (gint j = -half; j <= half; j++)
                {
                  gint    qx = CLAMP (x - j, 0, SIDE - 1), qy = CLAMP (y - i, 0, SIDE - 1);
                  gdouble k = lrb_kernel_get (disc, i + half, j + half);

                  if (in_square (qx, qy, 0))
                    continue;
                  sum += k * scene_pixel (s, s->rgba, qx, qy)[0];
                  weight += k;
                }
            g_assert_cmpfloat (fabsf (o[0] - o[1]), <=, STEP);  /* no red */
            g_assert_cmpfloat (fabsf (o[2] - o[1]), <=, STEP);
            if (!(fabs (o[0] - sum / weight) <= 1e-4))
              g_error ("(%d, %d): %g, the background alone %g", x, y, o[0], sum / weight);
            g_assert_cmpfloat (fabsf (o[3] - 1.0f), <=, 1e-6f);
          }
      }
  lrb_settings_clear (&settings);
}

/* A blurred red square in front of a sharp background spreads over it by
 * its radius, laid over it as a direct sum says: S·M + (1 − M)·B with M
 * the disc's sum over the square. */
static void
test_blurred_foreground (void)
{
  g_autoptr (Scene)     s = scene_new (SIDE, SIDE);
  g_autoptr (LrbKernel) disc = NULL;
  g_autofree gfloat    *out = NULL;
  LrbSettings           settings;
  gint                  half;

  square_scene (s, 11);

  settings_for (&settings, LRB_SHAPE_DISC, 6.0, LRB_RANK_EXACT, 1.0);
  out = run_depth (s, &settings, "RGBA float");
  disc = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  half = disc->rows / 2;

  for (gint y = 0; y < SIDE; y++)
    for (gint x = 0; x < SIDE; x++)
      {
        const gfloat *o = out + 4 * (y * SIDE + x);
        const gfloat *b = scene_pixel (s, s->rgba, x, y);
        gdouble       m = 0.0;

        for (gint i = -half; i <= half; i++)
          for (gint j = -half; j <= half; j++)
            if (in_square (x - j, y - i, 0))
              m += lrb_kernel_get (disc, i + half, j + half);
        for (gint ch = 0; ch < 3; ch++)
          {
            /* Inside, nothing of what the square hides is known: its colour. */
            gdouble expected = in_square (x, y, 0) ? red[ch] : red[ch] * m + (1.0 - m) * b[ch];

            if (!(fabs (o[ch] - expected) <= 1e-4))
              g_error ("(%d, %d) channel %d: %g, expected %g", x, y, ch, o[ch], expected);
          }
        /* It spreads by its radius, and no farther. */
        if (!in_square (x, y, 0) &&
            ((x >= SQ_LO && x <= SQ_HI && y >= SQ_LO - half + 1 && y <= SQ_HI + half - 1) ||
             (y >= SQ_LO && y <= SQ_HI && x >= SQ_LO - half + 1 && x <= SQ_HI + half - 1)))
          g_assert_cmpfloat (o[0] - o[1], >, 1e-3);
        if (!in_square (x, y, half + 1))
          for (gint ch = 0; ch < 3; ch++)
            g_assert_cmpfloat (fabsf (o[ch] - b[ch]), <=, STEP / 4);
      }
  lrb_settings_clear (&settings);
}

/* Sparse bright points on black over a depth gradient, boosted +4 stops,
 * with and without a gamma: far from the points, black stays black. */
static void
test_black_stays_black (void)
{
  const gint points[][2] = { { 10, 10 }, { 70, 20 }, { 40, 50 }, { 15, 85 }, { 80, 80 } };
  const gint radius = 8;

  for (gdouble gamma = 1.0; gamma <= 3.0; gamma += 2.0)
    {
      g_autoptr (Scene) s = scene_new (96, 96);
      g_autofree gfloat *out = NULL;
      LrbSettings       settings;

      for (gint y = 0; y < 96; y++)
        for (gint x = 0; x < 96; x++)
          s->depth[y * 96 + x] = y / 95.0f;
      for (gsize k = 0; k < G_N_ELEMENTS (points); k++)
        scene_set (s, points[k][0], points[k][1], 1.0f, 0.9f, 0.6f,
                   s->depth[points[k][1] * 96 + points[k][0]]);

      settings_for (&settings, LRB_SHAPE_POLYGON, radius, 8, 0.3);
      settings.gamma = gamma;
      settings.highlights.stops = 4.0;
      out = run_depth (s, &settings, "R'G'B'A u16");
      for (gint y = 0; y < 96; y++)
        for (gint x = 0; x < 96; x++)
          {
            gboolean near_a_point = FALSE;

            for (gsize k = 0; k < G_N_ELEMENTS (points); k++)
              near_a_point |= ABS (x - points[k][0]) <= radius + 1 &&
                              ABS (y - points[k][1]) <= radius + 1;
            if (near_a_point)
              continue;
            for (gint ch = 0; ch < 3; ch++)
              if (!(out[4 * (y * 96 + x) + ch] <= STEP))
                g_error ("gamma %g (%d, %d): %g", gamma, x, y, out[4 * (y * 96 + x) + ch]);
          }
      lrb_settings_clear (&settings);
    }
}

/* Bad depth maps and settings: a clear error, the output untouched. */
static void
test_refused (void)
{
  GeglRectangle          rect = { 0, 0, 8, 8 }, small = { 0, 0, 8, 7 };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) depth = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (GeglBuffer) short_depth = gegl_buffer_new (&small, babl_format ("Y float"));
  g_autoptr (LrbKernel)  full = NULL, band_pass = lrb_kernel_new (3, 3, NULL);
  GCancellable          *cancellable = g_cancellable_new ();
  gfloat                 nan_value = NAN, before[8 * 8 * 4], after[8 * 8 * 4];
  LrbSettings            settings;
  GeglRectangle          one = { 3, 5, 1, 1 };
  struct { const gchar *what; GeglBuffer *map; gdouble focus; gboolean band; GCancellable *c; }
    cases[] = {
      { "the same size", short_depth, 0.5, FALSE, NULL },
      { "not a number at (3, 5)", depth, 0.5, FALSE, NULL },
      { "focus 1.5 is out of range", depth, 1.5, FALSE, NULL },
      { "band-pass", depth, 0.5, TRUE, NULL },
      { "cancel", depth, 0.5, FALSE, cancellable },
    };

  for (gint i = 0; i < 8 * 8 * 4; i++)
    before[i] = (gfloat) (i % 7) / 7.0f;
  gegl_buffer_set (out, &rect, 0, babl_format ("RGBA float"), before, GEGL_AUTO_ROWSTRIDE);
  band_pass->data[4] = 1.0;
  band_pass->data[1] = -1.0;
  g_cancellable_cancel (cancellable);

  settings_for (&settings, LRB_SHAPE_DISC, 3.0, 2, 0.5);
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (GError) error = NULL;

      gegl_buffer_set (depth, &one, 0, babl_format ("Y float"), k == 1 ? &nan_value
                                                                       : &(gfloat) { 0.9f },
                       GEGL_AUTO_ROWSTRIDE);
      settings.focus.focus = cases[k].focus;
      g_autoptr (LrbDepthFilters) filters =
        lrb_depth_filters_new (&settings, cases[k].band ? band_pass : full);

      g_assert_false (lrb_gegl_apply_depth (in, cases[k].map, out, NULL, &settings, filters,
                                            NULL, NULL, cases[k].c, &error));
      if (cases[k].c)
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      else if (!strstr (error->message, cases[k].what))
        g_error ("'%s' does not say '%s'", error->message, cases[k].what);
      gegl_buffer_get (out, &rect, 1.0, babl_format ("RGBA float"), after, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      g_assert_cmpmem (before, sizeof before, after, sizeof after);
    }
  g_object_unref (cancellable);
  lrb_settings_clear (&settings);
}

/* "Click to focus" and the dialog's thumbnail read the map as the blur
 * does: the stored value, whatever the format (a painted 8-bit grey is
 * read in its own encoding, 51 as 0.2). */
static void
test_sample_and_thumbnail (void)
{
  GeglRectangle          rect = { 0, 0, 50, 30 };
  g_autoptr (GeglBuffer) map = gegl_buffer_new (&rect, babl_format ("Y' u8"));
  g_autofree guint8     *values = g_new (guint8, 50 * 30);
  g_autofree gfloat     *thumbnail = NULL;
  gint                   width, height;

  /* Left 20 columns 51 (0.2), the rest 204 (0.8). */
  for (gint y = 0; y < 30; y++)
    for (gint x = 0; x < 50; x++)
      values[y * 50 + x] = x < 20 ? 51 : 204;
  gegl_buffer_set (map, &rect, 0, babl_format ("Y' u8"), values, GEGL_AUTO_ROWSTRIDE);
  g_assert_cmpfloat_with_epsilon (lrb_gegl_depth_at (map, 0, 0), 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (lrb_gegl_depth_at (map, 19, 29), 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (lrb_gegl_depth_at (map, 20, 0), 0.8, 1e-6);
  g_assert_true (isnan (lrb_gegl_depth_at (map, 50, 0)));
  g_assert_true (isnan (lrb_gegl_depth_at (map, 0, -1)));

  /* 10 × 6: each thumbnail pixel the mean of 5 × 5; column 3 covers
   * columns 15 … 19 (all 0.2), column 4 covers 20 … 24 (0.8). */
  thumbnail = lrb_gegl_depth_thumbnail (map, 10, &width, &height);
  g_assert_cmpint (width, ==, 10);
  g_assert_cmpint (height, ==, 6);
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      g_assert_cmpfloat_with_epsilon (thumbnail[y * width + x], x < 4 ? 0.2 : 0.8, 1e-6);
  g_clear_pointer (&thumbnail, g_free);

  /* A map smaller than asked stays at its size; 7 × 5 pixels into a
   * 3-pixel side: the means of uneven blocks, between the two values. */
  thumbnail = lrb_gegl_depth_thumbnail (map, 100, &width, &height);
  g_assert_cmpint (width, ==, 50);
  g_assert_cmpint (height, ==, 30);
  g_assert_cmpfloat_with_epsilon (thumbnail[29 * 50 + 49], 0.8, 1e-6);
  g_clear_pointer (&thumbnail, g_free);
  thumbnail = lrb_gegl_depth_thumbnail (map, 3, &width, &height);
  g_assert_cmpint (width, ==, 3);
  g_assert_cmpint (height, ==, 1);
  /* Columns 0 … 16 are 0.2 (17 of them), 17 … 33 hold 3 of 0.2. */
  g_assert_cmpfloat_with_epsilon (thumbnail[0], 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (thumbnail[1], (3 * 0.2 + 14 * 0.8) / 17, 1e-5);
  g_assert_cmpfloat_with_epsilon (thumbnail[2], 0.8, 1e-6);
}

/* The dialog's preview keeps the levels' filters from one render to the
 * next while they fit: same kernel values, rank, energy, method and
 * factorization; anything else makes new ones. */
static void
test_filters_reuse (void)
{
  LrbSettings            settings, other;
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbKernel)  changed = NULL;
  g_autoptr (GError)     error = NULL;
  LrbDepthFilters       *filters;

  settings_for (&settings, LRB_SHAPE_POLYGON, 10, 4, 0.5);
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, &error));
  filters = lrb_depth_filters_new (&settings, full);
  g_assert_true (lrb_depth_filters_matches (filters, &settings, full));

  /* Focus, look and edges are not the filters' business. */
  other = settings;
  other.focus.focus = 0.1;
  other.gamma = 3;
  other.edge = LRB_EDGE_ZERO;
  g_assert_true (lrb_depth_filters_matches (filters, &other, full));
  other = settings;
  other.rank = 3;
  g_assert_false (lrb_depth_filters_matches (filters, &other, full));
  other = settings;
  other.factorization = LRB_FACTORIZATION_NONNEGATIVE;
  g_assert_false (lrb_depth_filters_matches (filters, &other, full));
  /* A painted kernel keeps its file name when it changes: values count. */
  changed = lrb_kernel_copy (full);
  changed->data[0] += 0.01;
  g_assert_false (lrb_depth_filters_matches (filters, &settings, changed));

  /* An automatic rank is the full kernel's energy rank, for every level
   * (clamped to a small level's size), whatever each level's own energy
   * would ask; asking again for rank 0 matches. */
  {
    LrbSettings            automatic = settings;
    g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (full, NULL);
    gint                   expected;
    LrbEngineConfig        config;
    LrbRect                output = { 0, 0, 64, 64 };
    g_autoptr (LrbDepthFilters) chosen = NULL;
    const LrbFocusLevels  *levels;

    automatic.rank = 0;
    automatic.energy_target = 0.9999;
    automatic.method = LRB_METHOD_SEPARABLE;
    expected = lrb_analysis_rank_for_energy (analysis, 0.9999);
    chosen = lrb_depth_filters_new (&automatic, full);
    g_assert_true (lrb_depth_filters_matches (chosen, &automatic, full));
    lrb_settings_engine_config (&automatic, &config);
    levels = lrb_depth_filters_levels (chosen);
    for (gint level = 1; level <= levels->n; level++)
      {
        const LrbFilter *filter = lrb_depth_filters_get (chosen, level, 4, &output, 1.0,
                                                         &automatic.highlights, &config, NULL);
        gint             side = lrb_filter_get_rows (filter);

        g_assert_nonnull (filter);
        g_assert_cmpint (lrb_filter_get_rank (filter), ==, MIN (expected, side));
      }
  }

  /* Shared: the last reference frees them (valgrind and ASan watch). */
  g_assert_true (lrb_depth_filters_ref (filters) == filters);
  lrb_depth_filters_free (filters);
  g_assert_true (lrb_depth_filters_matches (filters, &settings, full));
  lrb_depth_filters_free (filters);
  lrb_settings_clear (&settings);
}

/* ---- Bands ---------------------------------------------------------- */

/* An image of several bands: a uniform depth is the uniform blur to a
 * 16-bit step with every edge mode, and an area starting inside a band
 * gives the same pixels as the whole image (band seams leave no trace). */
static void
test_bands (void)
{
  g_autoptr (Scene)  s = scene_new (70, 700);
  g_autofree gfloat *uniform = NULL, *whole = NULL, *part = NULL;
  LrbSettings        settings;
  GeglRectangle      rect = { 0, 0, 70, 700 }, roi = { 5, 123, 60, 450 };

  fill_noise (s, 51, 0.0, 1.0, FALSE, TRUE);
  for (gint i = 0; i < s->width * s->height; i++)
    s->depth[i] = 0.75f;
  /* Focus 0.25, |0.75 − 0.25| = 0.5 of the full radius 16: radius 8. */
  settings_for (&settings, LRB_SHAPE_POLYGON, 16.0, 8, 0.25);
  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    {
      settings.edge = edge;
      g_clear_pointer (&whole, g_free);
      g_clear_pointer (&uniform, g_free);
      whole = run_depth (s, &settings, "R'G'B'A u16");
      uniform = run_uniform (s, &settings, 8.0, "R'G'B'A u16");
      for (gint i = 0; i < s->width * s->height * 4; i++)
        if (!(fabs (whole[i] - uniform[i]) <= 1.01 * STEP))
          g_error ("edge %d pixel %d channel %d: %g against %g", edge, i / 4, i % 4, whole[i],
                   uniform[i]);
    }
  settings.edge = LRB_EDGE_CLAMP;

  /* A depth gradient, the whole image against an area of it; opaque,
   * as a tiny alpha would magnify the rounding of the methods the planner
   * picks for the two areas' sizes. */
  for (gint y = 0; y < s->height; y++)
    for (gint x = 0; x < s->width; x++)
      {
        s->depth[y * s->width + x] = (gfloat) y / (s->height - 1);
        s->rgba[4 * (y * s->width + x) + 3] = 1.0f;
      }
  g_clear_pointer (&whole, g_free);
  whole = run_depth (s, &settings, "RGBA float");
  {
    g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format ("RGBA float"));
    g_autoptr (GeglBuffer) depth = gegl_buffer_new (&rect, babl_format ("Y float"));
    g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format ("RGBA float"));
    g_autoptr (LrbKernel)  full = NULL;
    g_autoptr (LrbDepthFilters) filters = NULL;

    gegl_buffer_set (in, &rect, 0, babl_format ("RGBA float"), s->rgba, GEGL_AUTO_ROWSTRIDE);
    gegl_buffer_set (depth, &rect, 0, babl_format ("Y float"), s->depth, GEGL_AUTO_ROWSTRIDE);
    g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
    filters = lrb_depth_filters_new (&settings, full);
    g_assert_true (lrb_gegl_apply_depth (in, depth, out, &roi, &settings, filters, NULL, NULL,
                                         NULL, NULL));
    part = g_new (gfloat, (gsize) s->width * s->height * 4);
    gegl_buffer_get (out, &rect, 1.0, babl_format ("RGBA float"), part, GEGL_AUTO_ROWSTRIDE,
                     GEGL_ABYSS_NONE);
  }
  for (gint y = roi.y; y < roi.y + roi.height; y++)
    for (gint x = roi.x; x < roi.x + roi.width; x++)
      for (gint ch = 0; ch < 4; ch++)
        {
          gsize i = 4 * ((gsize) y * s->width + x) + ch;

          if (!(fabs (whole[i] - part[i]) <= 1e-5))
            g_error ("(%d, %d) channel %d: %g in the whole image, %g in the area", x, y, ch,
                     whole[i], part[i]);
        }
  lrb_settings_clear (&settings);
}

/* One level in two places of a band, far apart (the left and right of a
 * wide image behind a sharp middle): each place is convolved on its own,
 * and the result is still the background's own blur, the middle left out
 * (a direct sum), and the middle keeps its pixels. */
static void
test_level_in_two_places (void)
{
  const gint            width = 520, height = 40, lo = 160, hi = 359; /* the middle */
  g_autoptr (Scene)     s = scene_new (width, height);
  g_autoptr (LrbKernel) disc = NULL;
  g_autofree gfloat    *out = NULL;
  LrbSettings           settings;
  gint                  half;

  fill_noise (s, 71, 0.2, 1.0, FALSE, FALSE);
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      s->depth[y * width + x] = x >= lo && x <= hi ? 0.0f : 1.0f;
  settings_for (&settings, LRB_SHAPE_DISC, 6.0, LRB_RANK_EXACT, 0.0);
  out = run_depth (s, &settings, "RGBA float");
  disc = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  half = disc->rows / 2;

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        const gfloat *o = out + 4 * (y * width + x);

        if (x > lo && x < hi)
          for (gint ch = 0; ch < 4; ch++)
            g_assert_cmpfloat (fabsf (o[ch] - scene_pixel (s, s->rgba, x, y)[ch]), <=, STEP);
        else if (x < lo - 1 || x > hi + 1)
          for (gint ch = 0; ch < 3; ch++)
            {
              gdouble sum = 0.0, weight = 0.0;

              for (gint i = -half; i <= half; i++)
                for (gint j = -half; j <= half; j++)
                  {
                    gint    qx = CLAMP (x - j, 0, width - 1), qy = CLAMP (y - i, 0, height - 1);
                    gdouble k = lrb_kernel_get (disc, i + half, j + half);

                    if (qx >= lo && qx <= hi)
                      continue;
                    sum += k * scene_pixel (s, s->rgba, qx, qy)[ch];
                    weight += k;
                  }
              if (!(fabs (o[ch] - sum / weight) <= 1e-4))
                g_error ("(%d, %d) channel %d: %g, the background alone %g", x, y, ch, o[ch],
                         sum / weight);
            }
      }
  lrb_settings_clear (&settings);
}

typedef struct
{
  GCancellable *cancellable;
  gdouble       at;    /* cancel once progress passes this */
  gdouble       seen;  /* the last fraction reported */
} CancelAt;

static void
cancel_at (gdouble fraction, gpointer data)
{
  CancelAt *c = data;

  c->seen = fraction;
  if (fraction > c->at)
    g_cancellable_cancel (c->cancellable);
}

/* Cancelled after its first bands are done, a run leaves the output
 * untouched (bands are composited aside, copied once all have worked). */
static void
test_bands_cancelled (void)
{
  g_autoptr (Scene)      s = scene_new (64, 900);
  GeglRectangle          rect = { 0, 0, 64, 900 };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) depth = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autoptr (GError)     error = NULL;
  g_autofree gfloat     *before = g_new (gfloat, 64 * 900 * 4);
  g_autofree gfloat     *after = g_new (gfloat, 64 * 900 * 4);
  CancelAt               c = { cancellable, 0.7, 0.0 };
  LrbSettings            settings;

  fill_noise (s, 61, 0.0, 1.0, FALSE, FALSE);
  for (gint y = 0; y < 900; y++)
    for (gint x = 0; x < 64; x++)
      s->depth[y * 64 + x] = (gfloat) y / 899;
  gegl_buffer_set (in, &rect, 0, babl_format ("RGBA float"), s->rgba, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (depth, &rect, 0, babl_format ("Y float"), s->depth, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (out, &rect, 0, babl_format ("RGBA float"), s->rgba, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_get (out, &rect, 1.0, babl_format ("RGBA float"), before, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  settings_for (&settings, LRB_SHAPE_POLYGON, 12.0, 4, 0.5);
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, full);
  g_assert_false (lrb_gegl_apply_depth (in, depth, out, NULL, &settings, filters, cancel_at, &c,
                                        cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It was cancelled in a later band, not before any was done. */
  g_assert_cmpfloat (c.seen, >, 0.7);
  gegl_buffer_get (out, &rect, 1.0, babl_format ("RGBA float"), after, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_assert_cmpmem (before, sizeof (gfloat) * 64 * 900 * 4, after, sizeof (gfloat) * 64 * 900 * 4);
  lrb_settings_clear (&settings);
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/gegl-depth/uniform", test_uniform);
  g_test_add_func ("/gegl-depth/points", test_points);
  g_test_add_func ("/gegl-depth/points-profiled", test_points_profiled);
  g_test_add_func ("/gegl-depth/sharp-subject", test_sharp_subject);
  g_test_add_func ("/gegl-depth/blurred-foreground", test_blurred_foreground);
  g_test_add_func ("/gegl-depth/black-stays-black", test_black_stays_black);
  g_test_add_func ("/gegl-depth/refused", test_refused);
  g_test_add_func ("/gegl-depth/sample-and-thumbnail", test_sample_and_thumbnail);
  g_test_add_func ("/gegl-depth/filters-reuse", test_filters_reuse);
  g_test_add_func ("/gegl-depth/bands", test_bands);
  g_test_add_func ("/gegl-depth/bands-cancelled", test_bands_cancelled);
  g_test_add_func ("/gegl-depth/level-in-two-places", test_level_in_two_places);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
