/* lowrank-bokeh — tests for core/kernel/lrb-shapes.c: every generator against
 * geometry (areas, symmetries, orientation) or an independent formula.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-shapes.h"
#include "lrb-kernel-io.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------ */

static void
spec_for (LrbKernelSpec *spec, LrbShape shape, gdouble radius)
{
  lrb_kernel_spec_init (spec);
  spec->shape = shape;
  spec->radius = radius;
}

/* The kernel, or NULL after a (non-fatal) failed assertion. */
static LrbKernel *
build (const LrbKernelSpec *spec)
{
  GError    *error = NULL;
  LrbKernel *k = lrb_kernel_new_from_spec (spec, &error);

  g_assert_no_error (error);
  g_clear_error (&error);
  return k;
}

static gdouble
max_abs_difference (const LrbKernel *a, const LrbKernel *b)
{
  gdouble d = 0.0;

  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpint (a->cols, ==, b->cols);
  if (a->rows != b->rows || a->cols != b->cols)
    return INFINITY;
  for (gsize i = 0; i < (gsize) a->rows * a->cols; i++)
    d = MAX (d, fabs (a->data[i] - b->data[i]));
  return d;
}

/* Mass in the quadrant above/below the anchor row and right/left of the
 * anchor column (the anchor's own row and column excluded). */
static gdouble
quadrant_mass (const LrbKernel *k, gboolean upper, gboolean right)
{
  gint    ar = lrb_kernel_anchor_row (k), ac = lrb_kernel_anchor_col (k);
  gdouble sum = 0.0;

  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      if ((upper ? r < ar : r > ar) && (right ? c > ac : c < ac))
        sum += lrb_kernel_get (k, r, c);
  return sum;
}

/* Distance from the anchor to the farthest non-zero column on each side. */
static void
column_extent (const LrbKernel *k, gint *left, gint *right)
{
  gint ac = lrb_kernel_anchor_col (k);

  *left = *right = 0;
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      if (lrb_kernel_get (k, r, c) > 0)
        {
          *left = MAX (*left, ac - c);
          *right = MAX (*right, c - ac);
        }
}

static void
row_extent (const LrbKernel *k, gint *up, gint *down)
{
  gint ar = lrb_kernel_anchor_row (k);

  *up = *down = 0;
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      if (lrb_kernel_get (k, r, c) > 0)
        {
          *up = MAX (*up, ar - r);
          *down = MAX (*down, r - ar);
        }
}

/* Mean of a 1-D function over `ss` sub-samples of the pixel at integer
 * offset `x0`: the same box filter the generators promise, done alone. */
static gdouble
pixel_average (gdouble (*f) (gdouble, gdouble), gdouble param, gint x0, gint ss)
{
  gdouble acc = 0.0;

  for (gint j = 0; j < ss; j++)
    acc += f (x0 - 0.5 + (j + 0.5) / ss, param);
  return acc / ss;
}

static gdouble
gauss1 (gdouble x, gdouble sigma)
{
  return exp (-0.5 * x * x / (sigma * sigma));
}

/* ---- Names and the spec --------------------------------------------------- */

static void
test_nicks (void)
{
  /* DESIGN.md §4: the PDB numbers and the CLI names. */
  static const struct { const gchar *nick; LrbShape shape; } table[] = {
    { "disc", 0 }, { "polygon", 1 }, { "box", 2 }, { "gaussian", 3 },
    { "exponential", 4 }, { "dog", 5 }, { "ring", 6 }, { "skewed-box", 7 },
  };
  LrbShape shape;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      shape = -1;
      g_assert_true (lrb_shape_from_nick (table[i].nick, &shape));
      g_assert_cmpint (shape, ==, table[i].shape);
      g_assert_cmpstr (lrb_shape_to_nick (table[i].shape), ==, table[i].nick);
    }
  for (gint i = 0; i < LRB_N_SHAPES; i++)
    {
      g_assert_true (lrb_shape_from_nick (lrb_shape_to_nick (i), &shape));
      g_assert_cmpint (shape, ==, i);
    }
  g_assert_false (lrb_shape_from_nick ("circle", &shape));
  g_assert_false (lrb_shape_from_nick ("", &shape));
  g_assert_false (lrb_shape_from_nick (NULL, &shape));
}

static void
test_spec_init_copy_clear (void)
{
  LrbKernelSpec spec, copy;
  g_autoptr (LrbKernel) k = NULL;

  lrb_kernel_spec_init (&spec);
  g_assert_true (spec.normalize);
  g_assert_null (spec.file);
  /* The defaults make a usable kernel. */
  k = build (&spec);
  g_assert_nonnull (k);

  spec.file = g_strdup ("some/kernel.txt");
  lrb_kernel_spec_copy (&spec, &copy);
  g_assert_true (copy.file != spec.file);
  g_assert_cmpstr (copy.file, ==, "some/kernel.txt");
  lrb_kernel_spec_clear (&spec);
  g_assert_null (spec.file);
  g_assert_cmpstr (copy.file, ==, "some/kernel.txt");
  lrb_kernel_spec_clear (&copy);
  lrb_kernel_spec_clear (&copy); /* clearing twice is harmless */
}

/* ---- Properties every generator has ---------------------------------------- */

static void
test_all_shapes_valid_and_normalized (void)
{
  for (gint shape = 0; shape < LRB_N_SHAPES; shape++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) k = NULL;
      g_autoptr (GError) error = NULL;

      if (shape == LRB_SHAPE_FILE)
        continue;
      spec_for (&spec, shape, 12.0);
      spec.dog_weight = 0.5;
      k = build (&spec);
      g_assert_nonnull (k);
      if (!k)
        continue;

      g_test_message ("shape %s: %dx%d", lrb_shape_to_nick (shape), k->rows, k->cols);
      g_assert_true (lrb_kernel_validate (k, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (k), 1.0, 1e-12);
      /* Odd sides, so the anchor is a true centre. */
      g_assert_cmpint (k->rows % 2, ==, 1);
      g_assert_cmpint (k->cols % 2, ==, 1);
      for (gsize i = 0; i < (gsize) k->rows * k->cols; i++)
        {
          g_assert_true (isfinite (k->data[i]));
          if (shape != LRB_SHAPE_DOG)
            g_assert_cmpfloat (k->data[i], >=, 0.0);
        }
    }
}

static void
test_side_from_radius (void)
{
  const LrbShape shapes[] = {
    LRB_SHAPE_DISC, LRB_SHAPE_POLYGON, LRB_SHAPE_RING, LRB_SHAPE_GAUSSIAN,
    LRB_SHAPE_EXPONENTIAL, LRB_SHAPE_DOG, LRB_SHAPE_BOX,
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) k = NULL;

      spec_for (&spec, shapes[i], 50.0);
      spec.dog_weight = 0.5;
      k = build (&spec);
      g_assert_nonnull (k);
      if (!k)
        continue;
      /* 50 pixels each side of the centre pixel. */
      g_assert_cmpint (k->rows, ==, 101);
      g_assert_cmpint (k->cols, ==, 101);
    }
}

/* ---- Box -------------------------------------------------------------------- */

static void
test_box_exact (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  g_autoptr (LrbKernel) raw = NULL;

  spec_for (&spec, LRB_SHAPE_BOX, 10.0);
  spec.width = 7;
  spec.height = 3;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;
  g_assert_cmpint (k->rows, ==, 3);
  g_assert_cmpint (k->cols, ==, 7);
  for (gint i = 0; i < 21; i++)
    {
      g_assert_cmpfloat (k->data[i], ==, k->data[0]);
      g_assert_cmpfloat_with_epsilon (k->data[i], 1.0 / 21.0, 1e-16);
    }

  /* Without normalization the box is all ones; height 0 means square. */
  spec.normalize = FALSE;
  spec.height = 0;
  raw = build (&spec);
  g_assert_nonnull (raw);
  if (!raw)
    return;
  g_assert_cmpint (raw->rows, ==, 7);
  g_assert_cmpint (raw->cols, ==, 7);
  for (gint i = 0; i < 49; i++)
    g_assert_cmpfloat (raw->data[i], ==, 1.0);
}

/* ---- Disc ------------------------------------------------------------------- */

static void
test_disc_symmetry (void)
{
  const gdouble radii[] = { 1.0, 4.5, 9.3, 17.0 };

  for (guint t = 0; t < G_N_ELEMENTS (radii); t++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) k = NULL;
      gint n;

      spec_for (&spec, LRB_SHAPE_DISC, radii[t]);
      k = build (&spec);
      g_assert_nonnull (k);
      if (!k)
        continue;
      n = k->rows;
      g_assert_cmpint (k->cols, ==, n);
      for (gint r = 0; r < n; r++)
        for (gint c = 0; c < n; c++)
          {
            gdouble v = lrb_kernel_get (k, r, c);

            /* 90° rotation, left-right mirror, up-down mirror. */
            g_assert_cmpfloat_with_epsilon (v, lrb_kernel_get (k, c, n - 1 - r), 1e-15);
            g_assert_cmpfloat_with_epsilon (v, lrb_kernel_get (k, r, n - 1 - c), 1e-15);
            g_assert_cmpfloat_with_epsilon (v, lrb_kernel_get (k, n - 1 - r, c), 1e-15);
          }
    }
}

static void
test_disc_area_and_coverage (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  const gdouble R = 30.0;
  gint partial = 0;

  spec_for (&spec, LRB_SHAPE_DISC, R);
  spec.normalize = FALSE;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;

  /* Unnormalized, each entry is the pixel's covered fraction. */
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (k), G_PI * R * R, 0.005 * G_PI * R * R);
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      {
        gdouble v = lrb_kernel_get (k, r, c);
        gdouble d = hypot (r - lrb_kernel_anchor_row (k), c - lrb_kernel_anchor_col (k));

        g_assert_cmpfloat (v, >=, 0.0);
        g_assert_cmpfloat (v, <=, 1.0);
        /* A pixel is a unit square: its corners lie within √2/2. */
        if (d + M_SQRT1_2 < R)
          g_assert_cmpfloat (v, ==, 1.0);
        else if (d - M_SQRT1_2 > R)
          g_assert_cmpfloat (v, ==, 0.0);
        if (v > 0.0 && v < 1.0)
          partial++;
      }
  /* Anti-aliased: the rim is made of partially covered pixels. */
  g_assert_cmpint (partial, >, (gint) (2 * G_PI * R));
}

static void
test_supersample_one_is_point_sampling (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  const gdouble R = 3.6;

  spec_for (&spec, LRB_SHAPE_DISC, R);
  spec.normalize = FALSE;
  spec.supersample = 1;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      {
        gdouble d = hypot (r - lrb_kernel_anchor_row (k), c - lrb_kernel_anchor_col (k));

        g_assert_cmpfloat (lrb_kernel_get (k, r, c), ==, d <= R ? 1.0 : 0.0);
      }
}

/* ---- Polygon ---------------------------------------------------------------- */

static void
test_polygon_curvature_one_is_disc (void)
{
  for (gint blades = LRB_MIN_BLADES; blades <= LRB_MAX_BLADES; blades++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) polygon = NULL;
      g_autoptr (LrbKernel) disc = NULL;

      spec_for (&spec, LRB_SHAPE_POLYGON, 11.7);
      spec.blades = blades;
      spec.rotation = g_test_rand_double_range (-180, 180);
      spec.curvature = 1.0;
      polygon = build (&spec);
      spec.shape = LRB_SHAPE_DISC;
      disc = build (&spec);
      g_assert_nonnull (polygon);
      g_assert_nonnull (disc);
      if (polygon && disc)
        g_assert_cmpfloat (max_abs_difference (polygon, disc), <=, 1e-12);
    }
}

static void
test_polygon_symmetry_and_orientation (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) hexagon = NULL;
  g_autoptr (LrbKernel) pentagon = NULL;
  gint n, up, down;

  spec_for (&spec, LRB_SHAPE_POLYGON, 15.0);
  spec.blades = 6;
  hexagon = build (&spec);
  spec.blades = 5;
  pentagon = build (&spec);
  g_assert_nonnull (hexagon);
  g_assert_nonnull (pentagon);
  if (!hexagon || !pentagon)
    return;

  /* Vertex 0 points up, so both are mirror-symmetric left-right, and the
   * hexagon up-down too. */
  n = hexagon->rows;
  for (gint r = 0; r < n; r++)
    for (gint c = 0; c < n; c++)
      {
        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (hexagon, r, c),
                                        lrb_kernel_get (hexagon, r, n - 1 - c), 1e-15);
        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (hexagon, r, c),
                                        lrb_kernel_get (hexagon, n - 1 - r, c), 1e-15);
        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (pentagon, r, c),
                                        lrb_kernel_get (pentagon, r, n - 1 - c), 1e-15);
      }

  /* The pentagon reaches its circumradius at the top vertex, and only its
   * apothem R·cos 36° ≈ 12.1 at the flat bottom edge. */
  row_extent (pentagon, &up, &down);
  g_assert_cmpint (up, ==, 15);
  g_assert_cmpint (down, <=, 13);
}

static void
test_polygon_area (void)
{
  for (gint blades = 3; blades <= 8; blades++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) k = NULL;
      const gdouble R = 40.0;
      gdouble expected = blades / 2.0 * R * R * sin (2 * G_PI / blades);

      spec_for (&spec, LRB_SHAPE_POLYGON, R);
      spec.blades = blades;
      spec.rotation = 17.0;
      spec.normalize = FALSE;
      k = build (&spec);
      g_assert_nonnull (k);
      if (k)
        g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (k), expected, 0.02 * expected);
    }
}

static gdouble
polygon_area_at (gdouble curvature)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;

  spec_for (&spec, LRB_SHAPE_POLYGON, 25.0);
  spec.blades = 5;
  spec.curvature = curvature;
  spec.normalize = FALSE;
  k = build (&spec);
  return k ? lrb_kernel_sum (k) : NAN;
}

static void
test_polygon_curvature_grows_area (void)
{
  gdouble previous = polygon_area_at (0.0);

  /* Blending towards the circumcircle only adds area, up to the disc's. */
  for (gint i = 1; i <= 4; i++)
    {
      gdouble area = polygon_area_at (i / 4.0);

      g_assert_cmpfloat (area, >, previous);
      previous = area;
    }
  g_assert_cmpfloat_with_epsilon (previous, G_PI * 25.0 * 25.0, 0.01 * G_PI * 25.0 * 25.0);
}

static void
test_polygon_rotation_period (void)
{
  for (gint blades = 3; blades <= 9; blades++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) a = NULL;
      g_autoptr (LrbKernel) b = NULL;
      gdouble diff = 0.0;

      spec_for (&spec, LRB_SHAPE_POLYGON, 20.0);
      spec.blades = blades;
      spec.rotation = 10.0;
      a = build (&spec);
      spec.rotation = 10.0 + 360.0 / blades;
      b = build (&spec);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      if (!a || !b)
        continue;
      /* Only a sub-sample lying exactly on an edge could flip by rounding
       * of the angle: allow one per kernel, nothing more. */
      for (gsize i = 0; i < (gsize) a->rows * a->cols; i++)
        diff += fabs (a->data[i] - b->data[i]);
      g_assert_cmpfloat (diff, <=, 2.0 / 16.0 * a->data[a->rows * a->cols / 2]);
    }
}

/* ---- Orientation: counter-clockwise on screen, row 0 on top ----------------- */

static void
test_rotation_counter_clockwise (void)
{
  LrbKernelSpec spec;
  gint left, right;

  /* An elongated Gaussian turned +45° lies along the up-right diagonal
   * (its width still spills some mass over the axes: hence 5×, not ∞). */
  for (gint sign = -1; sign <= 1; sign += 2)
    {
      g_autoptr (LrbKernel) k = NULL;

      spec_for (&spec, LRB_SHAPE_GAUSSIAN, 25.0);
      spec.sigma_x = 8.0;
      spec.sigma_y = 1.5;
      spec.rotation = sign * 45.0;
      k = build (&spec);
      g_assert_nonnull (k);
      if (!k)
        continue;
      if (sign > 0)
        {
          g_assert_cmpfloat (quadrant_mass (k, TRUE, TRUE), >, 5 * quadrant_mass (k, TRUE, FALSE));
          g_assert_cmpfloat (quadrant_mass (k, FALSE, FALSE), >, 5 * quadrant_mass (k, FALSE, TRUE));
        }
      else
        {
          g_assert_cmpfloat (quadrant_mass (k, TRUE, FALSE), >, 5 * quadrant_mass (k, TRUE, TRUE));
          g_assert_cmpfloat (quadrant_mass (k, FALSE, TRUE), >, 5 * quadrant_mass (k, FALSE, FALSE));
        }
    }

  /* A thin bar (skewed box with a right angle) turned +45°. */
  {
    g_autoptr (LrbKernel) k = NULL;

    spec_for (&spec, LRB_SHAPE_SKEWED_BOX, 10.0);
    spec.width = 31.0;
    spec.height = 1.0;
    spec.skew = 90.0;
    spec.rotation = 45.0;
    k = build (&spec);
    g_assert_nonnull (k);
    if (k)
      {
        g_assert_cmpfloat (quadrant_mass (k, TRUE, TRUE), >, 0.3);
        g_assert_cmpfloat (quadrant_mass (k, TRUE, FALSE), <, 0.01);
      }
  }

  /* A triangle's top vertex turned +90° points left: the shape reaches R
   * on the left and only its apothem R/2 on the right. */
  {
    g_autoptr (LrbKernel) k = NULL;

    spec_for (&spec, LRB_SHAPE_POLYGON, 20.0);
    spec.blades = 3;
    spec.rotation = 90.0;
    k = build (&spec);
    g_assert_nonnull (k);
    if (k)
      {
        column_extent (k, &left, &right);
        g_assert_cmpint (left, ==, 20);
        g_assert_cmpint (right, <=, 11);
      }
  }

  /* At 90° an elongated Gaussian stands upright. */
  {
    g_autoptr (LrbKernel) k = NULL;
    gdouble var_rows = 0.0, var_cols = 0.0;

    spec_for (&spec, LRB_SHAPE_GAUSSIAN, 25.0);
    spec.sigma_x = 8.0;
    spec.sigma_y = 1.5;
    spec.rotation = 90.0;
    k = build (&spec);
    g_assert_nonnull (k);
    if (k)
      {
        for (gint r = 0; r < k->rows; r++)
          for (gint c = 0; c < k->cols; c++)
            {
              gdouble dr = r - lrb_kernel_anchor_row (k), dc = c - lrb_kernel_anchor_col (k);

              var_rows += lrb_kernel_get (k, r, c) * dr * dr;
              var_cols += lrb_kernel_get (k, r, c) * dc * dc;
            }
        g_assert_cmpfloat (var_rows, >, 10 * var_cols);
      }
  }
}

/* ---- Ring ------------------------------------------------------------------- */

static void
test_ring (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  g_autoptr (LrbKernel) thick = NULL;
  gint a;

  spec_for (&spec, LRB_SHAPE_RING, 20.0);
  spec.normalize = FALSE;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;
  a = lrb_kernel_anchor_row (k);
  g_assert_cmpfloat (lrb_kernel_get (k, a, a), ==, 0.0);
  /* Default inner radius 0.6·R = 12: empty at 6, full at 16. */
  g_assert_cmpfloat (lrb_kernel_get (k, a, a + 6), ==, 0.0);
  g_assert_cmpfloat (lrb_kernel_get (k, a - 16, a), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (k), G_PI * (400.0 - 144.0), 0.02 * G_PI * 256.0);

  spec.inner_radius = 5.0;
  thick = build (&spec);
  g_assert_nonnull (thick);
  if (thick)
    {
      g_assert_cmpfloat (lrb_kernel_get (thick, a, a), ==, 0.0);
      g_assert_cmpfloat (lrb_kernel_get (thick, a, a + 8), ==, 1.0);
    }
}

/* ---- Smooth shapes against their formulas ------------------------------------ */

static void
test_gaussian_matches_separable_reference (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  gdouble sum = 0.0;
  gint    ss = 4;

  spec_for (&spec, LRB_SHAPE_GAUSSIAN, 12.0);
  spec.sigma_x = 2.5;
  spec.sigma_y = 4.0;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;
  g_assert_cmpint (k->rows, ==, 25);

  /* exp(−x²/2σx² − y²/2σy²) factors, and so does its average over a
   * square of sub-samples. */
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      sum += pixel_average (gauss1, 4.0, lrb_kernel_anchor_row (k) - r, ss) *
             pixel_average (gauss1, 2.5, c - lrb_kernel_anchor_col (k), ss);
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      {
        gdouble expected = pixel_average (gauss1, 4.0, lrb_kernel_anchor_row (k) - r, ss) *
                           pixel_average (gauss1, 2.5, c - lrb_kernel_anchor_col (k), ss) / sum;

        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (k, r, c), expected, 1e-14);
      }
}

static void
test_gaussian_sigma_y_defaults_to_sigma_x (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) a = NULL;
  g_autoptr (LrbKernel) b = NULL;

  spec_for (&spec, LRB_SHAPE_GAUSSIAN, 10.0);
  spec.sigma_x = 3.0;
  a = build (&spec);
  spec.sigma_y = 3.0;
  b = build (&spec);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (a && b)
    g_assert_cmpfloat (max_abs_difference (a, b), ==, 0.0);
}

static void
test_exponential (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  gint n, a;

  spec_for (&spec, LRB_SHAPE_EXPONENTIAL, 12.0);
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;
  n = k->rows;
  a = lrb_kernel_anchor_row (k);
  for (gint r = 0; r < n; r++)
    for (gint c = 0; c < n; c++)
      {
        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (k, r, c), lrb_kernel_get (k, c, r), 1e-15);
        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (k, r, c),
                                        lrb_kernel_get (k, r, n - 1 - c), 1e-15);
      }
  /* Radial decay: strictly decreasing away from the centre. */
  for (gint c = a; c + 1 < n; c++)
    g_assert_cmpfloat (lrb_kernel_get (k, a, c + 1), <, lrb_kernel_get (k, a, c));
  /* Pure exponential along the axis, away from the cusp: equal ratios
   * between neighbours (sub-sampling in y blurs both alike). */
  {
    gdouble r1 = lrb_kernel_get (k, a, a + 4) / lrb_kernel_get (k, a, a + 3);
    gdouble r2 = lrb_kernel_get (k, a, a + 8) / lrb_kernel_get (k, a, a + 7);

    g_assert_cmpfloat_with_epsilon (r1, r2, 0.01);
  }
}

/* ---- Difference of Gaussians ---------------------------------------------------- */

static void
test_dog_matches_reference (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  const gdouble s1 = 2.0, s2 = 3.0, w = 0.7;
  gint ss = 4;

  /* Support of 10 σ₂: truncation is negligible, so normalizing each
   * Gaussian by its integral or by its sum on the grid agree. */
  spec_for (&spec, LRB_SHAPE_DOG, 30.0);
  spec.sigma_x = s1;
  spec.sigma_ratio = s2 / s1;
  spec.dog_weight = w;
  spec.normalize = FALSE;
  k = build (&spec);
  g_assert_nonnull (k);
  if (!k)
    return;

  /* Unit-integral Gaussians G_σ1 − w·G_σ2, each separable, each averaged
   * over the pixel's sub-samples. */
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      {
        gint    y = lrb_kernel_anchor_row (k) - r, x = c - lrb_kernel_anchor_col (k);
        gdouble g1 = pixel_average (gauss1, s1, x, ss) * pixel_average (gauss1, s1, y, ss);
        gdouble g2 = pixel_average (gauss1, s2, x, ss) * pixel_average (gauss1, s2, y, ss);
        gdouble expected = g1 / (2 * G_PI * s1 * s1) - w * g2 / (2 * G_PI * s2 * s2);

        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (k, r, c), expected, 1e-15);
      }
}

/* lrb-shapes.h: "dog_weight … 0 = 0.5".  A DoG built with the default
 * weight must be the DoG with weight 0.5, not a plain Gaussian. */
static void
test_dog_default_weight_is_half (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) by_default = NULL;
  g_autoptr (LrbKernel) explicit_half = NULL;

  spec_for (&spec, LRB_SHAPE_DOG, 15.0);
  spec.normalize = FALSE;
  by_default = build (&spec);
  spec.dog_weight = 0.5;
  explicit_half = build (&spec);
  g_assert_nonnull (by_default);
  g_assert_nonnull (explicit_half);
  if (by_default && explicit_half)
    g_assert_cmpfloat (max_abs_difference (by_default, explicit_half), <=, 1e-15);
}

/* Weight 1 makes a band-pass kernel (sum ≈ 0 up to the truncated tails):
 * DESIGN.md §3 says it cannot be normalized, and to say so. */
static void
test_dog_weight_one_cannot_be_normalized (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) k = NULL;
  g_autoptr (LrbKernel) raw = NULL;
  g_autoptr (GError) error = NULL;
  gdouble l1 = 0.0;

  spec_for (&spec, LRB_SHAPE_DOG, 20.0);
  spec.dog_weight = 1.0;
  k = lrb_kernel_new_from_spec (&spec, &error);
  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  if (error)
    g_assert_nonnull (strstr (error->message, "sum"));

  spec.normalize = FALSE;
  raw = build (&spec);
  g_assert_nonnull (raw);
  if (!raw)
    return;
  for (gsize i = 0; i < (gsize) raw->rows * raw->cols; i++)
    l1 += fabs (raw->data[i]);
  /* Band-pass: positive centre, negative surround, next to no DC. */
  g_assert_cmpfloat (fabs (lrb_kernel_sum (raw)), <, 0.01 * l1);
  g_assert_cmpfloat (lrb_kernel_get (raw, raw->rows / 2, raw->cols / 2), >, 0.0);
  g_assert_cmpfloat (lrb_kernel_get (raw, raw->rows / 2, raw->cols / 2 + 8), <, 0.0);
}

/* ---- Skewed box ------------------------------------------------------------------ */

static void
test_skewed_box (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) square = NULL;
  g_autoptr (LrbKernel) slanted = NULL;
  g_autoptr (LrbKernel) by_default = NULL;
  gint ar, ac;

  /* With a right angle and no rotation it is the w×h box (maybe inside a
   * border of zeros). */
  spec_for (&spec, LRB_SHAPE_SKEWED_BOX, 10.0);
  spec.width = 9;
  spec.height = 5;
  spec.skew = 90;
  spec.normalize = FALSE;
  square = build (&spec);
  g_assert_nonnull (square);
  if (square)
    {
      ar = lrb_kernel_anchor_row (square);
      ac = lrb_kernel_anchor_col (square);
      for (gint r = 0; r < square->rows; r++)
        for (gint c = 0; c < square->cols; c++)
          g_assert_cmpfloat (lrb_kernel_get (square, r, c), ==,
                             ABS (r - ar) <= 2 && ABS (c - ac) <= 4 ? 1.0 : 0.0);
    }

  /* A parallelogram's area is w·h·sin(skew). */
  spec.width = 30;
  spec.height = 16;
  spec.skew = 60;
  spec.rotation = 20;
  slanted = build (&spec);
  g_assert_nonnull (slanted);
  if (slanted)
    g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (slanted), 30 * 16 * sin (G_PI / 3),
                                    0.02 * 30 * 16 * sin (G_PI / 3));

  /* Skew 0 means 60°. */
  spec.skew = 0;
  by_default = build (&spec);
  g_assert_nonnull (by_default);
  if (slanted && by_default)
    g_assert_cmpfloat (max_abs_difference (slanted, by_default), ==, 0.0);
}

/* ---- Kernel files ----------------------------------------------------------------- */

static void
test_file_shape (void)
{
  LrbKernelSpec spec;
  g_autoptr (LrbKernel) raw = NULL;
  g_autoptr (LrbKernel) normalized = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("lrb-test-shapes-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  const gdouble expected[] = { 1, 2, 3, 4, 5, 6 };

  g_assert_no_error (error);
  if (!dir)
    return;
  path = g_build_filename (dir, "k.txt", NULL);
  g_assert_true (g_file_set_contents (path, "1 2 3\n4 5 6\n", -1, NULL));

  spec_for (&spec, LRB_SHAPE_FILE, 0.0);
  spec.file = g_strdup (path);
  spec.normalize = FALSE;
  raw = build (&spec);
  spec.normalize = TRUE;
  normalized = build (&spec);
  g_assert_nonnull (raw);
  g_assert_nonnull (normalized);
  if (raw && normalized)
    {
      g_assert_cmpint (raw->rows, ==, 2);
      g_assert_cmpint (raw->cols, ==, 3);
      g_assert_cmpmem (raw->data, sizeof expected, expected, sizeof expected);
      for (gint i = 0; i < 6; i++)
        g_assert_cmpfloat_with_epsilon (normalized->data[i], expected[i] / 21.0, 1e-16);
    }
  lrb_kernel_spec_clear (&spec);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- Invalid specifications --------------------------------------------------------- */

typedef struct
{
  const gchar *what;
  void       (*apply) (LrbKernelSpec *spec);
  const gchar *named; /* the message must name the parameter */
} BadSpec;

static void bad_radius_negative (LrbKernelSpec *s) { s->radius = -1; }
static void bad_radius_huge (LrbKernelSpec *s) { s->radius = 5000; }
static void bad_radius_nan (LrbKernelSpec *s) { s->radius = NAN; }
static void bad_blades_2 (LrbKernelSpec *s) { s->shape = LRB_SHAPE_POLYGON; s->blades = 2; }
static void bad_blades_17 (LrbKernelSpec *s) { s->shape = LRB_SHAPE_POLYGON; s->blades = 17; }
static void bad_curvature (LrbKernelSpec *s) { s->curvature = 1.5; }
static void bad_curvature_neg (LrbKernelSpec *s) { s->curvature = -0.1; }
static void bad_rotation_nan (LrbKernelSpec *s) { s->rotation = NAN; }
static void bad_rotation_inf (LrbKernelSpec *s) { s->rotation = INFINITY; }
static void bad_shape (LrbKernelSpec *s) { s->shape = 99; }
static void bad_shape_negative (LrbKernelSpec *s) { s->shape = -1; }
static void bad_file_none (LrbKernelSpec *s) { s->shape = LRB_SHAPE_FILE; }
static void bad_file_empty (LrbKernelSpec *s) { s->shape = LRB_SHAPE_FILE; s->file = g_strdup (""); }
static void bad_supersample (LrbKernelSpec *s) { s->supersample = 17; }
static void bad_inner (LrbKernelSpec *s) { s->shape = LRB_SHAPE_RING; s->inner_radius = 30; }
static void bad_ratio (LrbKernelSpec *s) { s->shape = LRB_SHAPE_DOG; s->sigma_ratio = 0.5; }
static void bad_weight (LrbKernelSpec *s) { s->shape = LRB_SHAPE_DOG; s->dog_weight = 2; }
static void bad_skew (LrbKernelSpec *s) { s->shape = LRB_SHAPE_SKEWED_BOX; s->skew = 180; }
static void bad_sigma (LrbKernelSpec *s) { s->shape = LRB_SHAPE_GAUSSIAN; s->sigma_x = -2; }

static void
test_invalid_specs (void)
{
  static const BadSpec cases[] = {
    { "radius -1", bad_radius_negative, "radius" },
    { "radius 5000", bad_radius_huge, "radius" },
    { "radius NaN", bad_radius_nan, "radius" },
    { "blades 2", bad_blades_2, "blades" },
    { "blades 17", bad_blades_17, "blades" },
    { "curvature 1.5", bad_curvature, "curvature" },
    { "curvature -0.1", bad_curvature_neg, "curvature" },
    { "rotation NaN", bad_rotation_nan, "rotation" },
    { "rotation Inf", bad_rotation_inf, "rotation" },
    { "shape 99", bad_shape, "shape" },
    { "shape -1", bad_shape_negative, "shape" },
    { "file shape without a file", bad_file_none, "file" },
    { "file shape with an empty name", bad_file_empty, "file" },
    { "supersample 17", bad_supersample, "supersample" },
    { "ring inner radius above the radius", bad_inner, "inner radius" },
    { "DoG ratio 0.5", bad_ratio, "ratio" },
    { "DoG weight 2", bad_weight, "weight" },
    { "skew 180", bad_skew, "skew" },
    { "negative sigma", bad_sigma, "sigma" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrbKernelSpec spec;
      g_autoptr (LrbKernel) k = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", cases[i].what);
      spec_for (&spec, LRB_SHAPE_DISC, 20.0);
      cases[i].apply (&spec);
      k = lrb_kernel_new_from_spec (&spec, &error);
      g_assert_null (k);
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      if (error && !strstr (error->message, cases[i].named))
        {
          g_test_message ("%s: message '%s' does not name '%s'", cases[i].what,
                          error->message, cases[i].named);
          g_test_fail ();
        }
      lrb_kernel_spec_clear (&spec);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/shapes/nicks", test_nicks);
  g_test_add_func ("/shapes/spec/init-copy-clear", test_spec_init_copy_clear);
  g_test_add_func ("/shapes/all/valid-and-normalized", test_all_shapes_valid_and_normalized);
  g_test_add_func ("/shapes/all/side-from-radius", test_side_from_radius);
  g_test_add_func ("/shapes/box/exact", test_box_exact);
  g_test_add_func ("/shapes/disc/symmetry", test_disc_symmetry);
  g_test_add_func ("/shapes/disc/area-and-coverage", test_disc_area_and_coverage);
  g_test_add_func ("/shapes/disc/supersample-one-is-point-sampling",
                   test_supersample_one_is_point_sampling);
  g_test_add_func ("/shapes/polygon/curvature-one-is-disc", test_polygon_curvature_one_is_disc);
  g_test_add_func ("/shapes/polygon/symmetry-and-vertex-up", test_polygon_symmetry_and_orientation);
  g_test_add_func ("/shapes/polygon/area", test_polygon_area);
  g_test_add_func ("/shapes/polygon/curvature-grows-area", test_polygon_curvature_grows_area);
  g_test_add_func ("/shapes/polygon/rotation-period", test_polygon_rotation_period);
  g_test_add_func ("/shapes/rotation/counter-clockwise", test_rotation_counter_clockwise);
  g_test_add_func ("/shapes/ring", test_ring);
  g_test_add_func ("/shapes/gaussian/separable-reference", test_gaussian_matches_separable_reference);
  g_test_add_func ("/shapes/gaussian/sigma-y-defaults-to-sigma-x",
                   test_gaussian_sigma_y_defaults_to_sigma_x);
  g_test_add_func ("/shapes/exponential", test_exponential);
  g_test_add_func ("/shapes/dog/reference", test_dog_matches_reference);
  g_test_add_func ("/shapes/dog/BUG-default-weight-is-half", test_dog_default_weight_is_half);
  g_test_add_func ("/shapes/dog/BUG-weight-one-cannot-be-normalized",
                   test_dog_weight_one_cannot_be_normalized);
  g_test_add_func ("/shapes/skewed-box", test_skewed_box);
  g_test_add_func ("/shapes/file", test_file_shape);
  g_test_add_func ("/shapes/invalid-specs", test_invalid_specs);

  return g_test_run ();
}
