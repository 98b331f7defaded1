/* lowrank-bokeh — the GEGL operation lowrank-bokeh:blur, loaded from the
 * build folder ($GEGL_PATH) as GEGL loads it: its properties, a point
 * becoming the kernel, GEGL's threads and chunks, edges at the image's
 * border, bad settings, and the real `gegl` command ($GEGL_BIN) against
 * `lrbokeh apply` ($LRBOKEH) on a photo.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gegl.h>
#include <gegl-paramspecs.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lrb-depth-grain.h"
#include "lrb-focus-region.h"
#include "lrb-gegl-field.h"
#include "lrb-gegl-depth.h"
#include "lrb-settings.h"
#include "lrb-test-image.h"

#define OP "lowrank-bokeh:blur"
#define OP_DEPTH "lowrank-bokeh:depth-blur"

/* ---- Helpers ------------------------------------------------------------ */

/* Linear straight "RGBA float" noise with alpha from 0.3 to 1, so that
 * premultiplication and the edges show. */
static GeglBuffer *
noise_buffer (gint width, gint height, guint32 seed)
{
  GeglRectangle      rect = { 0, 0, width, height };
  GeglBuffer        *buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autofree gfloat *pixels = g_new (gfloat, (gsize) width * height * 4);
  g_autoptr (GRand)  rand = g_rand_new_with_seed (seed);

  for (gint i = 0; i < width * height * 4; i++)
    pixels[i] = i % 4 == 3 ? g_rand_double_range (rand, 0.3, 1.0) : g_rand_double (rand);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

static gfloat *
buffer_floats (GeglBuffer *buffer)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (buffer);
  gfloat              *pixels = g_new (gfloat, (gsize) extent->width * extent->height * 4);

  gegl_buffer_get (buffer, extent, 1.0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return pixels;
}

/* Runs `source` → (gegl:crop to `crop`) → `operation` set by the
 * NULL-terminated property list, with `depth` (if any) on its aux input,
 * and returns its output.  With `chunk` > 0 the output is
 * asked for in chunk × chunk pieces, as GIMP's display asks for tiles;
 * else through a buffer-sink, in one request. */
static GeglBuffer *
run_op_valist (const gchar *operation, GeglBuffer *source, GeglBuffer *depth,
               const GeglRectangle *crop, gint chunk, const gchar *first_property,
               va_list args)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglBuffer          *result = NULL;
  GeglNode            *input, *op, *sink;

  input = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", source, NULL);
  if (crop)
    {
      GeglNode *node = gegl_node_new_child (graph, "operation", "gegl:crop",
                                            "x", (gdouble) crop->x, "y", (gdouble) crop->y,
                                            "width", (gdouble) crop->width,
                                            "height", (gdouble) crop->height, NULL);

      gegl_node_link (input, node);
      input = node;
    }
  op = gegl_node_new_child (graph, "operation", operation, NULL);
  g_assert_nonnull (op);
  gegl_node_set_valist (op, first_property, args);
  gegl_node_link (input, op);
  if (depth)
    gegl_node_connect_to (gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                               "buffer", depth, NULL), "output", op, "aux");
  if (chunk > 0)
    {
      GeglRectangle        box = gegl_node_get_bounding_box (op);
      const GeglRectangle *extent = &box;
      gint                 stride = extent->width * 4;
      g_autofree gfloat   *pixels = g_new (gfloat, (gsize) stride * extent->height);

      for (gint y = 0; y < extent->height; y += chunk)
        for (gint x = 0; x < extent->width; x += chunk)
          {
            GeglRectangle piece = { extent->x + x, extent->y + y, MIN (chunk, extent->width - x),
                                    MIN (chunk, extent->height - y) };

            gegl_node_blit (op, 1.0, &piece, babl_format ("RGBA float"),
                            pixels + (gsize) y * stride + x * 4, stride * sizeof (gfloat),
                            GEGL_BLIT_DEFAULT);
          }
      result = gegl_buffer_new (extent, babl_format ("RGBA float"));
      gegl_buffer_set (result, extent, 0, babl_format ("RGBA float"), pixels,
                       GEGL_AUTO_ROWSTRIDE);
      return result;
    }
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &result, NULL);
  gegl_node_link (op, sink);
  gegl_node_process (sink);
  g_assert_nonnull (result);
  return result;
}

static GeglBuffer *
run_op (GeglBuffer *source, const GeglRectangle *crop, gint chunk, const gchar *first_property,
        ...)
{
  va_list     args;
  GeglBuffer *result;

  va_start (args, first_property);
  result = run_op_valist (OP, source, NULL, crop, chunk, first_property, args);
  va_end (args);
  return result;
}

/* lowrank-bokeh:depth-blur, with `depth` on aux unless it is NULL. */
static GeglBuffer *
run_op_depth (GeglBuffer *source, GeglBuffer *depth, gint chunk, const gchar *first_property,
              ...)
{
  va_list     args;
  GeglBuffer *result;

  va_start (args, first_property);
  result = run_op_valist (OP_DEPTH, source, depth, NULL, chunk, first_property, args);
  va_end (args);
  return result;
}

/* What `lrbokeh apply` does with these settings over the whole of `input`. */
static GeglBuffer *
run_core (GeglBuffer *input, const LrbSettings *settings_in, gdouble gamma, LrbEdgeMode edge)
{
  const GeglRectangle    *extent = gegl_buffer_get_extent (input);
  LrbRect                 rect = { extent->x, extent->y, extent->width, extent->height };
  LrbSettings             settings = *settings_in;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFilter)   filter = NULL;
  g_autoptr (GError)      error = NULL;
  LrbEngineConfig         config;
  GeglBuffer             *output = gegl_buffer_new (extent, gegl_buffer_get_format (input));

  g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, &error));
  if (settings.rank == 0)
    settings.rank = lrb_analysis_rank_for_energy (analysis, settings.energy_target);
  filter = lrb_settings_prepare_filter (&settings, kernel, analysis, 4, &rect, NULL, &error);
  g_assert_no_error (error);
  lrb_settings_engine_config (&settings, &config);
  g_assert_true (lrb_gegl_apply_look (input, output, NULL, filter,
                                      &(LrbLook) { gamma, settings.highlights }, edge, &config,
                                      NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return output;
}

static gdouble
max_difference (GeglBuffer *a, GeglBuffer *b)
{
  const GeglRectangle *ea = gegl_buffer_get_extent (a);
  g_autofree gfloat   *pa = NULL, *pb = NULL;
  gdouble              worst = 0.0;

  g_assert_true (gegl_rectangle_equal (ea, gegl_buffer_get_extent (b)));
  pa = buffer_floats (a);
  pb = buffer_floats (b);
  for (gsize i = 0; i < (gsize) ea->width * ea->height * 4; i++)
    worst = MAX (worst, fabs ((gdouble) pa[i] - pb[i]));
  return worst;
}

static void
set_threads (gint threads)
{
  g_object_set (gegl_config (), "threads", threads, NULL);
}

/* ---- Properties --------------------------------------------------------- */

static GParamSpec *
find_property (GParamSpec **specs, guint n, const gchar *name)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (g_param_spec_get_name (specs[i]), name) == 0)
      return specs[i];
  g_error ("the operation has no property %s", name);
  return NULL;
}

static void
check_double (GParamSpec **specs, guint n, const gchar *name, gdouble def, gdouble min,
              gdouble max, gdouble ui_min, gdouble ui_max, const gchar *unit)
{
  GParamSpec *pspec = find_property (specs, n, name);

  g_assert_true (GEGL_IS_PARAM_SPEC_DOUBLE (pspec));
  g_assert_cmpfloat (G_PARAM_SPEC_DOUBLE (pspec)->default_value, ==, def);
  g_assert_cmpfloat (G_PARAM_SPEC_DOUBLE (pspec)->minimum, ==, min);
  g_assert_cmpfloat (G_PARAM_SPEC_DOUBLE (pspec)->maximum, ==, max);
  g_assert_cmpfloat (GEGL_PARAM_SPEC_DOUBLE (pspec)->ui_minimum, ==, ui_min);
  g_assert_cmpfloat (GEGL_PARAM_SPEC_DOUBLE (pspec)->ui_maximum, ==, ui_max);
  g_assert_cmpstr (gegl_param_spec_get_property_key (pspec, "unit"), ==, unit);
  g_assert_nonnull (g_param_spec_get_blurb (pspec));
}

static void
check_int (GParamSpec **specs, guint n, const gchar *name, gint def, gint min, gint max)
{
  GParamSpec *pspec = find_property (specs, n, name);

  g_assert_true (GEGL_IS_PARAM_SPEC_INT (pspec));
  g_assert_cmpint (G_PARAM_SPEC_INT (pspec)->default_value, ==, def);
  g_assert_cmpint (G_PARAM_SPEC_INT (pspec)->minimum, ==, min);
  g_assert_cmpint (G_PARAM_SPEC_INT (pspec)->maximum, ==, max);
  g_assert_nonnull (g_param_spec_get_blurb (pspec));
}

static void
test_properties (void)
{
  guint                  n = 0;
  g_autofree GParamSpec **specs = gegl_operation_list_properties (OP, &n);
  GParamSpec            *shape, *edge, *method, *factorization, *file, *profile;
  GEnumClass            *enum_class;

  g_assert_true (gegl_has_operation (OP));
  g_assert_cmpstr (gegl_operation_get_key (OP, "title"), ==, "Low-Rank Bokeh");
  g_assert_cmpstr (gegl_operation_get_key (OP, "categories"), ==, "blur");
  g_assert_nonnull (gegl_operation_get_key (OP, "description"));
  /* 15, and grain, its level and seed, the cat's eye, swirl, aspect and its
   * rotation, axial colour, the profile and its strength. */
  g_assert_cmpuint (n, ==, 25);

  check_double (specs, n, "radius", 12.0, 0.5, LRB_MAX_RADIUS, 0.5, 200.0, "pixel-distance");
  check_double (specs, n, "rotation", 0.0, -360.0, 360.0, -180.0, 180.0, "degree");
  check_double (specs, n, "curvature", 0.0, 0.0, 1.0, 0.0, 1.0, NULL);
  check_double (specs, n, "energy-target", 0.99, 0.001, 1.0, 0.5, 1.0, NULL);
  check_double (specs, n, "gamma", 1.0, 1.0, LRB_MAX_GAMMA, 1.0, 5.0, NULL);
  check_double (specs, n, "highlight-stops", 0.0, 0.0, LRB_HIGHLIGHT_MAX_STOPS, 0.0, 10.0, NULL);
  check_double (specs, n, "highlight-threshold-low", 0.7, 0.0, LRB_HIGHLIGHT_MAX_THRESHOLD, 0.0,
                1.0, NULL);
  check_double (specs, n, "highlight-threshold-high", 1.0, 0.0, LRB_HIGHLIGHT_MAX_THRESHOLD, 0.0,
                1.0, NULL);
  check_int (specs, n, "blades", 6, LRB_MIN_BLADES, LRB_MAX_BLADES);
  check_int (specs, n, "rank", 0, LRB_RANK_EXACT, LRB_KERNEL_MAX_SIDE);

  /* Every shape, numbered as the PDB and named as the CLI; the hexagon by
   * default. */
  shape = find_property (specs, n, "shape");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (shape));
  enum_class = G_PARAM_SPEC_ENUM (shape)->enum_class;
  g_assert_cmpuint (enum_class->n_values, ==, LRB_N_SHAPES);
  for (gint i = 0; i < LRB_N_SHAPES; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, lrb_shape_to_nick (i));
  g_assert_cmpint (G_PARAM_SPEC_ENUM (shape)->default_value, ==, LRB_SHAPE_POLYGON);

  edge = find_property (specs, n, "edge-mode");
  enum_class = G_PARAM_SPEC_ENUM (edge)->enum_class;
  g_assert_cmpuint (enum_class->n_values, ==, LRB_N_EDGE_MODES);
  for (gint i = 0; i < LRB_N_EDGE_MODES; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==,
                     lrb_edge_mode_to_nick (i));
  g_assert_cmpint (G_PARAM_SPEC_ENUM (edge)->default_value, ==, LRB_EDGE_CLAMP);

  /* The methods as `lrbokeh apply --method` names them. */
  method = find_property (specs, n, "method");
  enum_class = G_PARAM_SPEC_ENUM (method)->enum_class;
  g_assert_cmpuint (enum_class->n_values, ==, LRB_N_METHODS);
  for (gint i = 0; i < LRB_N_METHODS; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, lrb_method_to_nick (i));
  g_assert_cmpint (G_PARAM_SPEC_ENUM (method)->default_value, ==, LRB_METHOD_AUTO);

  /* The factorizations as `lrbokeh --factorization` names them, SVD by
   * default so that existing graphs render as before. */
  factorization = find_property (specs, n, "factorization");
  enum_class = G_PARAM_SPEC_ENUM (factorization)->enum_class;
  g_assert_cmpuint (enum_class->n_values, ==, LRB_N_FACTORIZATIONS);
  for (gint i = 0; i < LRB_N_FACTORIZATIONS; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==,
                     lrb_factorization_to_nick (i));
  g_assert_cmpint (G_PARAM_SPEC_ENUM (factorization)->default_value, ==, LRB_FACTORIZATION_SVD);

  file = find_property (specs, n, "kernel-file");
  /* A plain string: GIMP 3 cannot hand GEGL file paths to scripts. */
  g_assert_true (G_IS_PARAM_SPEC_STRING (file) && !GEGL_IS_PARAM_SPEC_FILE_PATH (file));
  g_assert_cmpstr (gegl_param_spec_get_property_key (file, "visible"), ==, "shape {file}");

  /* The profiles as `lrbokeh --profile` names them, flat by default. */
  profile = find_property (specs, n, "profile");
  enum_class = G_PARAM_SPEC_ENUM (profile)->enum_class;
  g_assert_cmpuint (enum_class->n_values, ==, LRB_N_PROFILES);
  for (gint i = 0; i < LRB_N_PROFILES; i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, lrb_profile_to_nick (i));
  g_assert_cmpint (G_PARAM_SPEC_ENUM (profile)->default_value, ==, LRB_PROFILE_FLAT);
  check_double (specs, n, "profile-strength", LRB_PROFILE_DEFAULT_STRENGTH, 0.0, 1.0, 0.0, 1.0,
                NULL);
}

/* `lrbokeh --shape` takes every shape nick but "file" (a KERNEL argument
 * there) and refuses an unknown one. */
static void
test_nicks_are_cli_names (void)
{
  for (gint i = 0; i <= LRB_N_SHAPES; i++)
    {
      const gchar *nick = i < LRB_N_SHAPES ? lrb_shape_to_nick (i) : "no-such-shape";
      const gchar *argv[] = { g_getenv ("LRBOKEH"), "analyze", "--shape", nick, "--radius", "3",
                              NULL };
      g_autofree gchar *err = NULL;
      g_autoptr (GError) error = NULL;
      gint               status;

      if (i == LRB_SHAPE_FILE)
        continue;
      g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                   NULL, NULL, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL) == (i < LRB_N_SHAPES));
    }
}

/* ---- In process --------------------------------------------------------- */

/* A point of light on black becomes the kernel itself, placed as a
 * convolution places it: K(i, j) lands at (y + i − ai, x + j − aj). */
static void
check_point (gint rank, LrbFactorization factorization)
{
  const gint             size = 41, cy = 20, cx = 17;
  GeglRectangle          rect = { 0, 0, size, size };
  g_autoptr (GeglBuffer) dot = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) out = NULL;
  g_autofree gfloat     *pixels = g_new0 (gfloat, size * size * 4);
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors) factors = NULL;
  LrbKernelSpec          spec;

  for (gint i = 0; i < size * size; i++)
    pixels[i * 4 + 3] = 1.0f;
  for (gint c = 0; c < 3; c++)
    pixels[(cy * size + cx) * 4 + c] = 1.0f;
  gegl_buffer_set (dot, &rect, 0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE);

  lrb_kernel_spec_init (&spec);
  spec.shape = LRB_SHAPE_POLYGON;
  spec.radius = 7.5;
  spec.blades = 5;
  spec.rotation = 17.0;
  spec.curvature = 0.25;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  if (rank > 0)
    {
      analysis = lrb_analysis_new (kernel, NULL);
      factors = lrb_factors_new_for (factorization, kernel, analysis, rank, NULL);
      g_clear_pointer (&kernel, lrb_kernel_free);
      kernel = lrb_factors_to_kernel (factors);
    }

  out = run_op (dot, NULL, 0, "shape", LRB_SHAPE_POLYGON, "radius", 7.5, "blades", 5,
                "rotation", 17.0, "curvature", 0.25, "rank", rank, "edge-mode", LRB_EDGE_CLAMP,
                "factorization", factorization, NULL);
  g_free (pixels);
  pixels = buffer_floats (out);
  for (gint y = 0; y < size; y++)
    for (gint x = 0; x < size; x++)
      {
        gint    i = y - cy + kernel->rows / 2, j = x - cx + kernel->cols / 2;
        gdouble k = i >= 0 && i < kernel->rows && j >= 0 && j < kernel->cols
                    ? lrb_kernel_get (kernel, i, j) : 0.0;

        /* Opaque everywhere: the colour is K ∗ c itself. */
        g_assert_cmpfloat_with_epsilon (pixels[(y * size + x) * 4 + 3], 1.0, 1e-5);
        for (gint c = 0; c < 3; c++)
          g_assert_cmpfloat_with_epsilon (pixels[(y * size + x) * 4 + c], k, 1e-5);
        /* Non-negative factors: nothing below the black around the point. */
        if (factorization == LRB_FACTORIZATION_NONNEGATIVE)
          g_assert_cmpfloat (pixels[(y * size + x) * 4], >, -1e-6f);
      }
}

static void
test_point_becomes_kernel (void)
{
  set_threads (1);
  check_point (LRB_RANK_EXACT, LRB_FACTORIZATION_SVD);
  check_point (2, LRB_FACTORIZATION_SVD);
  check_point (3, LRB_FACTORIZATION_NONNEGATIVE);
  /* Exact ignores the factorization. */
  check_point (LRB_RANK_EXACT, LRB_FACTORIZATION_NONNEGATIVE);
}

typedef struct
{
  GMutex lock;
  gint   chunks;
  gint   fewest_threads; /* the engine's, over every chunk */
} ChunkLog;

/* The operation's g_debug line per chunk: how many, and on how many of the
 * engine's threads at most. */
static void
log_chunk (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
  ChunkLog    *log = data;
  const gchar *on = strstr (message, " on up to ");

  if (!strstr (message, OP ":") || !on)
    return;
  g_mutex_lock (&log->lock);
  log->fewest_threads = MIN (log->fewest_threads, atoi (on + strlen (" on up to ")));
  log->chunks++;
  g_mutex_unlock (&log->lock);
}

/* GEGL cuts the image in chunks and the core's engine each chunk between
 * GEGL's "threads"; every piece sees the whole image's edges, so the
 * result is the one of a single call, which is what the core computes on
 * the whole buffer. */
static void
test_threads_agree (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (173, 131, 7);
  g_autoptr (GeglBuffer) one = NULL, many = NULL, core = NULL;
  ChunkLog               log = { .fewest_threads = G_MAXINT };
  LrbSettings            settings;
  guint                  handler;

  lrb_settings_init (&settings);
  settings.kernel.radius = 11.0;
  settings.kernel.rotation = 10.0;
  settings.rank = 3;
  core = run_core (input, &settings, 2.0, LRB_EDGE_MIRROR);

  set_threads (1);
  one = run_op (input, NULL, 0, "radius", 11.0, "rotation", 10.0, "rank", 3, "gamma", 2.0,
                "edge-mode", LRB_EDGE_MIRROR, NULL);

  g_mutex_init (&log.lock);
  handler = g_log_set_handler (G_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, log_chunk, &log);
  set_threads (2);
  many = run_op (input, NULL, 48, "radius", 11.0, "rotation", 10.0, "rank", 3, "gamma", 2.0,
                 "edge-mode", LRB_EDGE_MIRROR, NULL);
  g_log_remove_handler (G_LOG_DOMAIN, handler);
  set_threads (1);

  g_test_message ("%d chunks, each on up to %d threads", log.chunks, log.fewest_threads);
  g_assert_cmpint (log.chunks, >, 4);
  g_assert_cmpint (log.fewest_threads, ==, 2);
  g_assert_cmpfloat (max_difference (one, core), <, 1e-5);
  g_assert_cmpfloat (max_difference (many, core), <, 1e-5);
  g_mutex_clear (&log.lock);
}

/* Many more GEGL threads than cores, so chunks are preempted half-way and
 * finish in a different order every time: the result must still be the
 * same bits, whether asked for at once or in pieces, for every method. */
static void
test_threads_bit_identical (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (211, 157, 13);
  gsize                  n_bytes = 211 * 157 * 4 * sizeof (gfloat);

  set_threads (16);
  for (gint method = LRB_METHOD_AUTO; method < LRB_N_METHODS; method++)
    for (gint chunk = 0; chunk <= 64; chunk += 64)
      {
        g_autofree gfloat *first = NULL;

        for (gint run = 0; run < 4; run++)
          {
            g_autoptr (GeglBuffer) output = NULL;
            g_autofree gfloat     *pixels = NULL;

            /* Chord sums need a piecewise-constant kernel: a box. */
            output = run_op (input, NULL, chunk, "shape",
                             method == LRB_METHOD_CHORD ? LRB_SHAPE_BOX : LRB_SHAPE_POLYGON,
                             "radius", 17.0, "rank", 4, "method", method, NULL);
            pixels = buffer_floats (output);
            if (!first)
              first = g_steal_pointer (&pixels);
            else if (memcmp (first, pixels, n_bytes) != 0)
              g_error ("method %s, chunk %d: render %d differs from the first",
                       lrb_method_to_nick (method), chunk, run + 1);
          }
      }
  set_threads (1);
}

/* Through gegl:crop the operation blurs part of a larger image, and GEGL
 * hands process() buffers of what each chunk requires.  The edges must be
 * the crop's, with nothing from outside it, for every mode, an exact
 * kernel and one wider than the chunks; threads and chunks must not show. */
static void
test_edges_at_image_border (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (97, 61, 11);
  GeglRectangle          crop = { 10, 7, 60, 41 };
  g_autoptr (GeglBuffer) cropped = gegl_buffer_new (&crop, babl_format ("RGBA float"));

  gegl_buffer_copy (input, &crop, GEGL_ABYSS_NONE, cropped, &crop);
  set_threads (2);
  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    for (gint rank = LRB_RANK_EXACT; rank <= 2; rank += 3)
      {
        g_autoptr (GeglBuffer) op = NULL, core = NULL;
        LrbSettings            settings;
        gdouble                worst;

        lrb_settings_init (&settings);
        settings.kernel.shape = LRB_SHAPE_DISC;
        settings.kernel.radius = 19.0;
        settings.rank = rank;
        core = run_core (cropped, &settings, 1.0, edge);
        op = run_op (input, &crop, 24, "shape", LRB_SHAPE_DISC, "radius", 19.0, "rank", rank,
                     "edge-mode", edge, NULL);
        worst = max_difference (op, core);
        g_test_message ("edge %s, rank %d: largest difference %.3g", lrb_edge_mode_to_nick (edge),
                        rank, worst);
        g_assert_cmpfloat (worst, <, 1e-5);
      }
  set_threads (1);
}

/* The kernel is cached between runs and rebuilt when a property changes. */
static void
test_property_change (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (40, 30, 3);
  g_autoptr (GeglNode)   graph = gegl_node_new ();
  GeglNode              *source, *op, *sink;
  GeglBuffer            *result = NULL;
  LrbSettings            settings;

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", input, NULL);
  op = gegl_node_new_child (graph, "operation", OP, "radius", 3.0, "rank", 1, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &result, NULL);
  gegl_node_link_many (source, op, sink, NULL);

  lrb_settings_init (&settings);
  settings.rank = 1;
  for (gint round = 0; round < 3; round++)
    {
      g_autoptr (GeglBuffer) core = NULL;
      gdouble                radius = round == 1 ? 6.0 : 3.0;

      settings.kernel.radius = radius;
      core = run_core (input, &settings, 1.0, LRB_EDGE_CLAMP);
      gegl_node_set (op, "radius", radius, NULL);
      gegl_node_process (sink);
      g_assert_cmpfloat (max_difference (result, core), <, 1e-5);
      g_clear_object (&result);
    }
}

/* A rank above the kernel's size means every term, as for a slider. */
static void
test_rank_above_size (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (30, 20, 5);
  g_autoptr (GeglBuffer) op = run_op (input, NULL, 0, "radius", 2.0, "rank", 500, NULL);
  g_autoptr (GeglBuffer) core = NULL;
  LrbSettings            settings;

  lrb_settings_init (&settings);
  settings.kernel.radius = 2.0;
  settings.rank = 5; /* the 5 × 5 kernel's full rank */
  core = run_core (input, &settings, 1.0, LRB_EDGE_CLAMP);
  g_assert_cmpfloat (max_difference (op, core), <, 1e-5);
}

/* A missing or broken kernel file warns once, naming the problem, and the
 * image passes through unchanged. */
static void
test_bad_kernel_file (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (24, 16, 9);
  g_autofree gchar      *dir = g_dir_make_tmp ("lrb-op-XXXXXX", NULL);
  g_autofree gchar      *nan_file = g_build_filename (dir, "nan.txt", NULL);
  const gchar           *files[] = { "/nonexistent/kernel.txt", nan_file, "" };
  const gchar           *messages[] = { "*cannot read kernel file*passes through unchanged*",
                                        "*nan.txt*passes through unchanged*",
                                        "*no kernel file was given*" };

  g_assert_true (g_file_set_contents (nan_file, "1 nan\n1 1\n", -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GeglBuffer) out = NULL;

      g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, messages[i]);
      out = run_op (input, NULL, 0, "shape", LRB_SHAPE_FILE, "kernel-file", files[i], NULL);
      g_test_assert_expected_messages ();
      g_assert_cmpfloat (max_difference (out, input), ==, 0.0);
    }
  g_unlink (nan_file);
  g_rmdir (dir);
}

/* The highlight boost, chunk by chunk as GIMP asks, is the core's; the
 * thresholds out of order (which GObject cannot see) warn once and pass
 * the image through. */
static void
test_highlights (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (40, 30, 21);
  g_autoptr (GeglBuffer) out = NULL, plain = NULL, reference = NULL, refused = NULL;
  LrbSettings            settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 5.0;
  settings.rank = 4;
  settings.highlights = (LrbHighlights) { 3.0, 0.4, 0.8 };
  reference = run_core (input, &settings, 1.5, LRB_EDGE_CLAMP);
  out = run_op (input, NULL, 16, "radius", 5.0, "rank", 4, "gamma", 1.5, "highlight-stops", 3.0,
                "highlight-threshold-low", 0.4, "highlight-threshold-high", 0.8, NULL);
  g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);
  /* And it did something: bright noise blooms. */
  plain = run_op (input, NULL, 16, "radius", 5.0, "rank", 4, "gamma", 1.5, NULL);
  g_assert_cmpfloat (max_difference (out, plain), >, 0.01);
  lrb_settings_clear (&settings);

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                         "*highlight thresholds 0.9 to 0.5*passes through unchanged*");
  refused = run_op (input, NULL, 0, "highlight-stops", 2.0, "highlight-threshold-low", 0.9,
                    "highlight-threshold-high", 0.5, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (max_difference (refused, input), ==, 0.0);
}

/* lowrank-bokeh:depth-blur has every property of lowrank-bokeh:blur, with
 * the same specs, and the focus ones; the blur has no aux input, so GIMP 3
 * keeps it as a layer filter. */
static void
test_depth_properties (void)
{
  guint                   n = 0, n_blur = 0;
  g_autofree GParamSpec **specs = gegl_operation_list_properties (OP_DEPTH, &n);
  g_autofree GParamSpec **blur = gegl_operation_list_properties (OP, &n_blur);
  g_autoptr (GeglNode)    graph = gegl_node_new ();
  GeglNode               *plain = gegl_node_new_child (graph, "operation", OP, NULL);
  GeglNode               *depth = gegl_node_new_child (graph, "operation", OP_DEPTH, NULL);

  g_assert_cmpstr (gegl_operation_get_key (OP_DEPTH, "title"), ==, "Low-Rank Bokeh with Depth");
  /* The blur's own (the lens's character too), and the depth's ten and
   * the camera's nine. */
  g_assert_cmpuint (n, ==, n_blur + 10 + 9);
  for (guint i = 0; i < n_blur; i++)
    {
      GParamSpec *twin = find_property (specs, n, blur[i]->name);

      g_assert_true (G_PARAM_SPEC_VALUE_TYPE (twin) == G_PARAM_SPEC_VALUE_TYPE (blur[i]) ||
                     (G_IS_PARAM_SPEC_ENUM (twin) && G_IS_PARAM_SPEC_ENUM (blur[i])));
      g_assert_cmpstr (g_param_spec_get_blurb (twin), ==, g_param_spec_get_blurb (blur[i]));
    }
  check_double (specs, n, "focus", 0.5, 0.0, 1.0, 0.0, 1.0, NULL);
  check_double (specs, n, "focus-tolerance", 0.0, 0.0, 0.99, 0.0, 0.99, NULL);
  g_assert_true (G_IS_PARAM_SPEC_BOOLEAN (find_property (specs, n, "depth-invert")));
  /* The focus region's, with the ranges and defaults of lrbokeh apply's
   * --focus-* flags (lrb_focus_region_validate). */
  g_assert_true (G_IS_PARAM_SPEC_ENUM (find_property (specs, n, "focus-region")));
  check_double (specs, n, "focus-x", 0.5, -1.0, 2.0, 0.0, 1.0, "relative-coordinate");
  check_double (specs, n, "focus-y", 0.5, -1.0, 2.0, 0.0, 1.0, "relative-coordinate");
  check_double (specs, n, "focus-radius", 0.5, 0.0, 10.0, 0.0, 2.0, NULL);
  check_double (specs, n, "focus-transition", 0.5, 0.001, 10.0, 0.01, 2.0, NULL);
  check_double (specs, n, "focus-aspect", 1.0, 0.05, 20.0, 0.2, 5.0, NULL);
  check_double (specs, n, "focus-rotation", 0.0, -360.0, 360.0, -180.0, 180.0, "degree");
  g_assert_true (gegl_node_has_pad (depth, "aux"));
  g_assert_false (gegl_node_has_pad (plain, "aux"));
  /* The camera's, with lrbokeh apply's defaults and ranges. */
  g_assert_true (G_IS_PARAM_SPEC_BOOLEAN (find_property (specs, n, "use-camera")));
  check_double (specs, n, "focal-length", 50.0, 1.0, 5000.0, 10.0, 300.0, NULL);
  check_double (specs, n, "f-number", 2.8, 0.5, 256.0, 1.0, 22.0, NULL);
  check_double (specs, n, "focus-distance", 3.0, 0.001, 1e6, 0.1, 100.0, NULL);
  check_double (specs, n, "sensor-width", 36.0, 1.0, 1000.0, 4.0, 70.0, NULL);
  g_assert_true (G_IS_PARAM_SPEC_ENUM (find_property (specs, n, "depth-units")));
  check_double (specs, n, "depth-near", 1.0, 0.001, 1e6, 0.1, 100.0, NULL);
  check_double (specs, n, "depth-far", 20.0, 0.001, 1e9, 1.0, 1000.0, NULL);
  /* Grain and the lens's character on both. */
  g_assert_true (G_IS_PARAM_SPEC_BOOLEAN (find_property (specs, n, "grain")));
  check_double (blur, n_blur, "grain-level", -1.0, -1.0, 1.0, -1.0, 0.1, NULL);
  check_int (blur, n_blur, "grain-seed", 0, 0, G_MAXINT);
  check_double (blur, n_blur, "cats-eye", 0.0, 0.0, 1.0, 0.0, 1.0, NULL);
  check_double (blur, n_blur, "swirl", 0.0, 0.0, 1.0, 0.0, 1.0, NULL);
  check_double (blur, n_blur, "aspect", 1.0, 1.0, 4.0, 1.0, 4.0, NULL);
  check_double (blur, n_blur, "aspect-rotation", 0.0, -360.0, 360.0, -180.0, 180.0, "degree");
  /* Axial colour on both. */
  check_double (specs, n, "axial-color", 0.0, 0.0, 1.0, 0.0, 1.0, NULL);
  check_double (blur, n_blur, "axial-color", 0.0, 0.0, 1.0, 0.0, 1.0, NULL);
}

/* A grey photo with white noise of σ 0.03 in encoded values. */
static GeglBuffer *
grainy_grey (gint width, gint height)
{
  GeglRectangle      rect = { 0, 0, width, height };
  GeglBuffer        *buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autofree gfloat *pixels = g_new (gfloat, (gsize) width * height * 4);

  for (gint i = 0; i < width * height; i++)
    for (gint c = 0; c < 4; c++)
      pixels[i * 4 + c] = c == 3 ? 1.0 : 0.5 + 0.03 * lrb_grain_normal (i % width, i / width, c,
                                                                         99);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B'A float"), pixels,
                   GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* The grain, chunk by chunk, is the core's over the whole image: measured
 * in all of the photo (not in each chunk), given, and off. */
static void
test_grain (void)
{
  g_autoptr (GeglBuffer) input = grainy_grey (96, 80);
  g_autoptr (GeglBuffer) plain = NULL, measured = NULL, given = NULL, off = NULL;
  g_autoptr (LrbKernel)  kernel = NULL;
  LrbSettings            settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 6.0;
  settings.rank = 3;
  g_assert_true (lrb_settings_prepare (&settings, &kernel, NULL, NULL, NULL));
  plain = run_core (input, &settings, 1.0, LRB_EDGE_CLAMP);
  for (gint given_level = 0; given_level <= 1; given_level++)
    {
      g_autoptr (GeglBuffer) reference = gegl_buffer_dup (plain);
      g_autoptr (GeglBuffer) out = NULL;
      LrbGrain               grain;

      settings.grain = (LrbGrainOptions) { TRUE, given_level ? 0.05 : LRB_GRAIN_MEASURED, 5 };
      lrb_grain_resolve (&settings.grain, input, &grain);
      if (!given_level)
        g_assert_cmpfloat (fabs (grain.sigma[1] - 0.03), <, 0.003);
      g_assert_true (lrb_gegl_add_grain (reference, NULL, NULL, &settings, kernel, &grain,
                                         NULL));
      out = run_op (input, NULL, 24, "radius", 6.0, "rank", 3, "grain", TRUE,
                    "grain-level", settings.grain.level, "grain-seed", 5, NULL);
      g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);
      g_assert_cmpfloat (max_difference (out, plain), >, 0.01);
    }
  off = run_op (input, NULL, 24, "radius", 6.0, "rank", 3, "grain", FALSE, "grain-seed", 5,
                NULL);
  g_assert_cmpfloat (max_difference (off, plain), <, 1e-5);
  lrb_settings_clear (&settings);
}

/* A camera on the depth operation: with the scene's range as near and far
 * (the map spans 0 … 1 of it) the core's camera depth of field, chunk by
 * chunk; a circle of confusion above the largest kernel passes the image
 * through with a warning that says so. */
static void
test_camera (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (64, 48, 31);
  const GeglRectangle   *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglBuffer) depth = gegl_buffer_new (extent, babl_format ("Y float"));
  g_autoptr (GeglBuffer) reference = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) map = NULL, out = NULL, refused = NULL;
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autofree gfloat     *ramp = g_new (gfloat, 64 * 48);
  LrbSettings            settings;

  for (gint i = 0; i < 64 * 48; i++)
    ramp[i] = (i / 64) / 47.0f;
  gegl_buffer_set (depth, extent, 0, babl_format ("Y float"), ramp, GEGL_AUTO_ROWSTRIDE);
  set_threads (2);
  lrb_settings_init (&settings);
  settings.rank = 3;
  settings.use_camera = TRUE;
  settings.camera = (LrbCamera) { 85.0, 1.4, 1.5, 36.0, LRB_DEPTH_NORMALIZED, 1.0, 10.0, 1.0 };
  map = lrb_settings_camera_depth (&settings, depth, extent->width, NULL);
  g_assert_nonnull (map);
  g_assert_cmpfloat (settings.kernel.radius, >, 2.0);
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, full);
  g_assert_true (lrb_gegl_apply_depth (input, map, reference, NULL, &settings, filters, NULL,
                                       NULL, NULL, NULL));

  out = run_op_depth (input, depth, 16, "rank", 3, "radius", 40.0, "focus", 0.9,
                      "use-camera", TRUE, "focal-length", 85.0, "f-number", 1.4,
                      "focus-distance", 1.5, "depth-near", 1.0, "depth-far", 10.0, NULL);
  g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                         "*circle of confusion reaches a radius of*passes through*");
  refused = run_op_depth (input, depth, 0, "use-camera", TRUE, "focal-length", 4000.0,
                          "f-number", 0.5, "focus-distance", 20.0, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (max_difference (refused, input), ==, 0.0);
  lrb_settings_clear (&settings);
}

/* The cat's eye, the swirl and an oval, chunk by chunk, are the core's
 * field over the whole image (the swirl's and the oval's kernels are
 * wider than the plain one: the chunks' halos must be too); strength 0
 * is the plain blur exactly. */
static void
test_cats_eye (void)
{
  g_autoptr (GeglBuffer)  input = noise_buffer (90, 60, 37);
  const GeglRectangle    *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglBuffer)  reference = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer)  out = NULL, plain = NULL, zero = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  LrbSettings             settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 7.0;
  settings.rank = 4;
  settings.field.cats_eye = 0.9;
  g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, NULL));
  g_assert_true (lrb_gegl_apply_field (input, reference, NULL, &settings, kernel, analysis,
                                       NULL, NULL, NULL, NULL));
  out = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "cats-eye", 0.9, NULL);
  g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);
  plain = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, NULL);
  g_assert_cmpfloat (max_difference (out, plain), >, 0.01);
  zero = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "cats-eye", 0.0, NULL);
  g_assert_cmpfloat (max_difference (zero, plain), ==, 0.0);

  for (gint oval = 0; oval <= 1; oval++)
    {
      g_autoptr (GeglBuffer) field = gegl_buffer_new (extent, babl_format ("RGBA float"));
      g_autoptr (GeglBuffer) chunked = NULL;

      settings.field.cats_eye = oval ? 0.0 : 0.5;
      settings.field.swirl = oval ? 0.0 : 0.8;
      settings.field.aspect = oval ? 2.5 : 1.0;
      settings.field.aspect_rotation = oval ? 30.0 : 0.0;
      g_assert_true (lrb_gegl_apply_field (input, field, NULL, &settings, kernel, analysis,
                                           NULL, NULL, NULL, NULL));
      chunked = run_op (input, NULL, 20, "radius", 7.0, "rank", 4,
                        "cats-eye", settings.field.cats_eye, "swirl", settings.field.swirl,
                        "aspect", settings.field.aspect,
                        "aspect-rotation", settings.field.aspect_rotation, NULL);
      g_assert_cmpfloat (max_difference (chunked, field), <, 1e-5);
      g_assert_cmpfloat (max_difference (chunked, plain), >, 0.01);
    }
  lrb_settings_clear (&settings);
}

/* A depth map over `extent`: 0 at the left edge to 1 at the right. */
static GeglBuffer *
ramp_depth (const GeglRectangle *extent)
{
  GeglBuffer        *depth = gegl_buffer_new (extent, babl_format ("Y float"));
  g_autofree gfloat *ramp = g_new (gfloat, (gsize) extent->width * extent->height);

  for (gint i = 0; i < extent->width * extent->height; i++)
    ramp[i] = (gfloat) (i % extent->width) / (extent->width - 1);
  gegl_buffer_set (depth, extent, 0, babl_format ("Y float"), ramp, GEGL_AUTO_ROWSTRIDE);
  return depth;
}

/* Axial colour chunk by chunk is the core's over the whole image: on the
 * blur (all behind the focus), on the depth blur with a map on aux (both
 * sides) and without one (the blur's); 0 is the plain run. */
static void
test_axial_color (void)
{
  g_autoptr (GeglBuffer)  input = noise_buffer (64, 40, 41);
  const GeglRectangle    *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglBuffer)  depth = ramp_depth (extent);
  g_autoptr (GeglBuffer)  uniform = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer)  layered = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer)  out = NULL, plain = NULL, zero = NULL, no_map = NULL;
  g_autoptr (GeglBuffer)  mapped = NULL, mapped_plain = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  LrbSettings             settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 7.0;
  settings.rank = 4;
  settings.gamma = 1.5;
  settings.field.axial_color = 0.6;
  g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, NULL));
  g_assert_true (lrb_gegl_apply_field (input, uniform, NULL, &settings, kernel, analysis,
                                       NULL, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, kernel);
  g_assert_true (lrb_gegl_apply_depth (input, depth, layered, NULL, &settings, filters, NULL,
                                       NULL, NULL, NULL));

  out = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "gamma", 1.5, "axial-color", 0.6,
                NULL);
  g_assert_cmpfloat (max_difference (out, uniform), <, 1e-5);
  plain = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "gamma", 1.5, NULL);
  g_assert_cmpfloat (max_difference (out, plain), >, 0.01);
  zero = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "gamma", 1.5, "axial-color", 0.0,
                 NULL);
  g_assert_cmpfloat (max_difference (zero, plain), ==, 0.0);
  no_map = run_op_depth (input, NULL, 16, "radius", 7.0, "rank", 4, "gamma", 1.5,
                         "axial-color", 0.6, NULL);
  g_assert_cmpfloat (max_difference (no_map, uniform), <, 1e-5);
  mapped = run_op_depth (input, depth, 16, "radius", 7.0, "rank", 4, "gamma", 1.5,
                         "axial-color", 0.6, NULL);
  g_assert_cmpfloat (max_difference (mapped, layered), <, 1e-5);
  mapped_plain = run_op_depth (input, depth, 16, "radius", 7.0, "rank", 4, "gamma", 1.5, NULL);
  g_assert_cmpfloat (max_difference (mapped, mapped_plain), >, 0.01);
  lrb_settings_clear (&settings);
}

/* A depth map on the aux input, chunk by chunk as GIMP asks, gives the
 * core's depth of field over the whole image; without it the uniform blur;
 * a depth map of NaN warns once and passes the image through. */
static void
test_depth (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (48, 36, 23);
  const GeglRectangle   *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglBuffer) depth = ramp_depth (extent);
  g_autoptr (GeglBuffer) reference = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) out = NULL, plain = NULL, refused = NULL;
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autofree gfloat     *ramp = g_new (gfloat, 48 * 36);
  LrbSettings            settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 6.0;
  settings.rank = 3;
  settings.gamma = 1.5;
  settings.focus.focus = 0.25;
  settings.focus.tolerance = 0.05;
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, full);
  g_assert_true (lrb_gegl_apply_depth (input, depth, reference, NULL, &settings, filters, NULL,
                                       NULL, NULL, NULL));

  out = run_op_depth (input, depth, 16, "radius", 6.0, "rank", 3, "gamma", 1.5, "focus", 0.25,
                      "focus-tolerance", 0.05, NULL);
  g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);
  plain = run_op (input, NULL, 16, "radius", 6.0, "rank", 3, "gamma", 1.5, NULL);
  g_assert_cmpfloat (max_difference (out, plain), >, 0.01);

  /* The cat's eye and swirl: each zone's levels, chunk by chunk. */
  {
    g_autoptr (GeglBuffer)      eye = gegl_buffer_new (extent, babl_format ("RGBA float"));
    g_autoptr (GeglBuffer)      chunked = NULL;
    g_autoptr (LrbDepthFilters) zones = NULL;

    settings.field.cats_eye = 0.8;
    settings.field.swirl = 0.5;
    zones = lrb_depth_filters_new (&settings, full);
    g_assert_true (lrb_gegl_apply_depth (input, depth, eye, NULL, &settings, zones, NULL, NULL,
                                         NULL, NULL));
    chunked = run_op_depth (input, depth, 16, "radius", 6.0, "rank", 3, "gamma", 1.5,
                            "focus", 0.25, "focus-tolerance", 0.05, "cats-eye", 0.8,
                            "swirl", 0.5, NULL);
    g_assert_cmpfloat (max_difference (chunked, eye), <, 1e-5);
    g_assert_cmpfloat (max_difference (chunked, out), >, 0.01);
  }
  lrb_settings_clear (&settings);

  for (gint i = 0; i < 48 * 36; i++)
    ramp[i] = NAN;
  gegl_buffer_set (depth, extent, 0, babl_format ("Y float"), ramp, GEGL_AUTO_ROWSTRIDE);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                         "*depth map has a value that is not a number*passes through*");
  refused = run_op_depth (input, depth, 0, "radius", 6.0, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (max_difference (refused, input), ==, 0.0);
}

/* Without a depth map, a focus region makes one: chunk by chunk it gives
 * the core's depth of field over lrb_focus_region_buffer's map at focus 0
 * (what lrbokeh apply --focus-region does), an ellipse and a band; a
 * depth map on aux, when there is one, wins. */
static void
test_depth_focus_region (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (56, 40, 29);
  const GeglRectangle   *extent = gegl_buffer_get_extent (input);
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  LrbSettings            settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 5.0;
  settings.rank = 3;
  settings.focus.focus = 0.0;
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, full);
  for (gint shape = LRB_FOCUS_REGION_ELLIPSE; shape <= LRB_FOCUS_REGION_BAND; shape++)
    {
      LrbFocusRegion         region = { shape, 0.3, 0.6, 0.3, 0.4, 1.5, 20.0 };
      g_autoptr (GeglBuffer) map = lrb_focus_region_buffer (&region, extent);
      g_autoptr (GeglBuffer) reference = gegl_buffer_new (extent, babl_format ("RGBA float"));
      g_autoptr (GeglBuffer) out = NULL, plain = NULL, mapped = NULL;

      g_assert_true (lrb_gegl_apply_depth (input, map, reference, NULL, &settings, filters,
                                           NULL, NULL, NULL, NULL));
      /* The focus property does not apply: the region is sharp at 0. */
      out = run_op_depth (input, NULL, 16, "radius", 5.0, "rank", 3, "focus", 0.7,
                          "focus-region", shape, "focus-x", 0.3, "focus-y", 0.6,
                          "focus-radius", 0.3, "focus-transition", 0.4, "focus-aspect", 1.5,
                          "focus-rotation", 20.0, NULL);
      g_assert_cmpfloat (max_difference (out, reference), <, 1e-5);
      plain = run_op_depth (input, NULL, 16, "radius", 5.0, "rank", 3, NULL);
      g_assert_cmpfloat (max_difference (out, plain), >, 0.01);
      /* With a map on aux the region is not used. */
      mapped = run_op_depth (input, map, 16, "radius", 5.0, "rank", 3, "focus", 0.0,
                             "focus-region", shape, "focus-x", 0.9, NULL);
      g_assert_cmpfloat (max_difference (mapped, reference), <, 1e-5);
    }
  lrb_settings_clear (&settings);
}

/* Chord sums asked for a smooth kernel: refused once, named, and the
 * image passes through. */
static void
test_bad_method (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (24, 16, 13);
  g_autoptr (GeglBuffer) out = NULL;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                         "*not piecewise constant*passes through unchanged*");
  out = run_op (input, NULL, 0, "shape", LRB_SHAPE_GAUSSIAN, "method", LRB_METHOD_CHORD, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (max_difference (out, input), ==, 0.0);
}

/* A DoG has negative entries, so no non-negative factors: one warning that
 * says so, and the image passes through. */
static void
test_negative_kernel_nonnegative (void)
{
  g_autoptr (GeglBuffer) input = noise_buffer (24, 16, 17);
  g_autoptr (GeglBuffer) out = NULL;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                         "*negative entries*passes through unchanged*");
  out = run_op (input, NULL, 0, "shape", LRB_SHAPE_DOG, "rank", 2, "factorization",
                LRB_FACTORIZATION_NONNEGATIVE, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (max_difference (out, input), ==, 0.0);
}

/* ---- The gegl command line against lrbokeh apply ------------------------- */

typedef struct
{
  gchar *dir;
  gchar *photo;  /* 16-bit, so that both outputs are 16-bit */
  gchar *kernel; /* an asymmetric text kernel */
} Files;

static void
save_png16 (GeglNode *graph, GeglNode *source, const gchar *path)
{
  GeglNode *save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                                        "bitdepth", 16, NULL);

  gegl_node_link (source, save);
  gegl_node_process (save);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* The coffee photo of Debian's python3-skimage, or, without it, a
 * generated one with highlights and detail. */
static void
files_init (Files *f)
{
  static const gchar  photo[] = "/usr/lib/python3/dist-packages/skimage/data/coffee.png";
  g_autoptr (GeglNode) graph = gegl_node_new ();

  f->dir = g_dir_make_tmp ("lrb-op-XXXXXX", NULL);
  f->photo = g_build_filename (f->dir, "photo.png", NULL);
  f->kernel = g_build_filename (f->dir, "kernel.txt", NULL);
  g_assert_true (g_file_set_contents (f->kernel, "0 1 2 1 0 0 0\n1 3 5 3 1 0 0\n"
                                      "0 2 8 6 2 1 0\n0 0 1 3 4 2 1\n0 0 0 1 2 1 0\n", -1, NULL));
  if (g_file_test (photo, G_FILE_TEST_EXISTS))
    save_png16 (graph, gegl_node_new_child (graph, "operation", "gegl:load", "path", photo, NULL),
                f->photo);
  else
    {
      g_autoptr (GeglBuffer) buffer = noise_buffer (320, 200, 1);
      GeglNode              *source;

      source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer,
                                    NULL);
      save_png16 (graph, source, f->photo);
    }
}

static void
files_clear (Files *f)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const gchar     *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree gchar *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->photo);
  g_free (f->kernel);
}

/* Runs argv; the gegl command with $LRB_GEGL_PRELOAD preloaded (an ASan
 * build's module needs its runtime loaded first). */
static gint
spawn (const gchar *const *argv, gchar **err)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv)     envp = g_get_environ ();
  const gchar       *preload = g_getenv ("LRB_GEGL_PRELOAD");
  gint               status;

  if (preload && *preload && g_strcmp0 (argv[0], g_getenv ("GEGL_BIN")) == 0)
    envp = g_environ_setenv (envp, "LD_PRELOAD", preload, TRUE);
  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 0)
    g_test_message ("%s exited with %d: %s", argv[0], WEXITSTATUS (status), *err);
  return WEXITSTATUS (status);
}

/* Largest difference of the colour channels, in 16-bit steps: the CLI
 * writes the photo's RGB, the operation's output has alpha too. */
static gdouble
max_rgb_steps (const gchar *a, const gchar *b)
{
  g_autoptr (GeglBuffer) ba = lrb_test_load (a), bb = lrb_test_load (b);
  const GeglRectangle   *extent = gegl_buffer_get_extent (ba);
  gsize                  n = (gsize) extent->width * extent->height;
  g_autofree gfloat     *pa = g_new (gfloat, n * 3), *pb = g_new (gfloat, n * 3);
  gdouble                worst = 0.0;

  g_assert_true (gegl_rectangle_equal (extent, gegl_buffer_get_extent (bb)));
  gegl_buffer_get (ba, extent, 1.0, babl_format ("R'G'B' float"), pa, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (bb, extent, 1.0, babl_format ("R'G'B' float"), pb, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (gsize i = 0; i < n * 3; i++)
    worst = MAX (worst, fabs ((gdouble) pa[i] - pb[i]) * 65535.0);
  return worst;
}

typedef struct
{
  const gchar *name;
  const gchar *op[8];   /* the operation's properties */
  const gchar *cli[14]; /* `lrbokeh apply` options; "KERNEL" is the kernel file */
} CliCase;

static const CliCase cli_cases[] = {
  { "rank",
    { "radius=15", "rotation=10", "rank=3", NULL },
    { "--shape", "polygon", "--radius", "15", "--rotation", "10", "--rank", "3", NULL } },
  { "exact",
    { "shape=disc", "radius=12", "rank=-1", NULL },
    { "--shape", "disc", "--radius", "12", "--exact", NULL } },
  { "kernel-file",
    { "shape=file", "kernel-file=KERNEL", "rank=-1", NULL },
    { "KERNEL", "--exact", NULL } },
  /* Separable on both sides: with a large γ the FFT's float rounding,
   * relative to the brightest pixel, swamps the darkest values (γ = 3 turns
   * 8-bit 13 into 4e-8), and `auto` may pick it for the whole photo but not
   * for a chunk, or the other way round. */
  { "gamma",
    { "shape=polygon", "blades=7", "curvature=0.3", "radius=10", "gamma=3",
      "method=separable", NULL },
    { "--shape", "polygon", "--blades", "7", "--curvature", "0.3", "--radius", "10",
      "--gamma", "3", "--method", "separable", NULL } },
  /* Under a gamma non-negative factors run as separable passes on both
   * sides, whatever the chunk. */
  { "nonnegative",
    { "radius=15", "rank=4", "factorization=nonnegative", "gamma=5", NULL },
    { "--shape", "polygon", "--radius", "15", "--rank", "4", "--factorization", "nonnegative",
      "--gamma", "5", NULL } },
  { "edge-clamp",
    { "radius=25", "rank=4", "edge-mode=clamp", NULL },
    { "--radius", "25", "--rank", "4", "--edge", "clamp", NULL } },
  { "edge-mirror",
    { "radius=25", "rank=4", "edge-mode=mirror", NULL },
    { "--radius", "25", "--rank", "4", "--edge", "mirror", NULL } },
  { "edge-zero",
    { "radius=25", "rank=4", "edge-mode=zero", NULL },
    { "--radius", "25", "--rank", "4", "--edge", "zero", NULL } },
};

static const gchar *
substitute (const gchar *arg, const Files *f, GPtrArray *owned)
{
  gchar *found = strstr (arg, "KERNEL");
  gchar *text;

  if (!found)
    return arg;
  text = g_strdup_printf ("%.*s%s", (gint) (found - arg), arg, f->kernel);
  g_ptr_array_add (owned, text);
  return text;
}

static void
test_gegl_cli (gconstpointer data)
{
  const CliCase        *c = data;
  const gchar          *gegl = g_getenv ("GEGL_BIN");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar     *op_out = NULL, *cli_out = NULL, *err = NULL;
  Files                 f;
  gdouble               worst;

  if (!gegl || !*gegl)
    {
      g_test_skip ("no gegl command");
      return;
    }
  files_init (&f);
  op_out = g_build_filename (f.dir, "op.png", NULL);
  cli_out = g_build_filename (f.dir, "cli.png", NULL);

  g_ptr_array_add (argv, (gpointer) gegl);
  g_ptr_array_add (argv, f.photo);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, op_out);
  g_ptr_array_add (argv, "--");
  g_ptr_array_add (argv, OP);
  for (gint i = 0; c->op[i]; i++)
    g_ptr_array_add (argv, (gpointer) substitute (c->op[i], &f, owned));
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (spawn ((const gchar *const *) argv->pdata, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  g_ptr_array_set_size (argv, 0);
  g_ptr_array_add (argv, (gpointer) g_getenv ("LRBOKEH"));
  g_ptr_array_add (argv, "apply");
  g_ptr_array_add (argv, f.photo);
  g_ptr_array_add (argv, cli_out);
  for (gint i = 0; c->cli[i]; i++)
    g_ptr_array_add (argv, (gpointer) substitute (c->cli[i], &f, owned));
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (spawn ((const gchar *const *) argv->pdata, &err), ==, 0);

  worst = max_rgb_steps (op_out, cli_out);
  g_test_message ("%s: largest difference %.2f 16-bit steps", c->name, worst);
  /* Both round the same float result to 16 bits; the methods and tiles
   * may differ in the last bits of float. */
  g_assert_cmpfloat (worst, <=, 2.0);
  files_clear (&f);
}

/* The gegl command with a missing kernel file: one clear warning, no
 * crash, the photo unchanged. */
static void
test_gegl_cli_bad_file (void)
{
  const gchar      *gegl = g_getenv ("GEGL_BIN");
  g_autofree gchar *out = NULL, *err = NULL;
  Files             f;

  if (!gegl || !*gegl)
    {
      g_test_skip ("no gegl command");
      return;
    }
  files_init (&f);
  out = g_build_filename (f.dir, "out.png", NULL);
  {
    const gchar *argv[] = { gegl, f.photo, "-o", out, "--", OP, "shape=file",
                            "kernel-file=/nonexistent/kernel.txt", NULL };

    g_assert_cmpint (spawn (argv, &err), ==, 0);
  }
  /* One warning, although gegl prepares the operation after each property
   * it sets (shape=file first, without a file). */
  g_assert_nonnull (strstr (err, OP ": cannot read kernel file"));
  g_assert_null (strstr (strstr (err, OP ":") + 1, OP ":"));
  /* Unchanged: the 16-bit values, whichever way babl reads them as float. */
  g_assert_cmpfloat (max_rgb_steps (out, f.photo), <, 0.01);
  files_clear (&f);
}

/* The brightness profile, chunk by chunk: the blur equals the core's run
 * of the profiled kernel (alone, and with the swirl and the oval), the
 * depth blur the core's depth of field with each level profiled; strength
 * 0 is the plain blur exactly. */
static void
test_profile (void)
{
  g_autoptr (GeglBuffer)  input = noise_buffer (64, 48, 41);
  const GeglRectangle    *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglBuffer)  depth = gegl_buffer_new (extent, babl_format ("Y float"));
  g_autoptr (GeglBuffer)  plain = NULL, zero = NULL, flat_depth = NULL;
  g_autofree gfloat      *ramp = g_new (gfloat, 64 * 48);
  LrbSettings             settings;

  set_threads (2);
  lrb_settings_init (&settings);
  settings.kernel.radius = 7.0;
  settings.rank = 4;
  settings.field.profile = LRB_PROFILE_SOAP_BUBBLE;
  settings.field.profile_strength = 0.9;
  plain = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, NULL);
  zero = run_op (input, NULL, 20, "radius", 7.0, "rank", 4, "profile", LRB_PROFILE_SOAP_BUBBLE,
                 "profile-strength", 0.0, NULL);
  g_assert_cmpfloat (max_difference (zero, plain), ==, 0.0);
  for (gint swirl = 0; swirl <= 1; swirl++)
    {
      g_autoptr (GeglBuffer)  reference = gegl_buffer_new (extent, babl_format ("RGBA float"));
      g_autoptr (GeglBuffer)  chunked = NULL;
      g_autoptr (LrbKernel)   kernel = NULL;
      g_autoptr (LrbAnalysis) analysis = NULL;

      settings.field.swirl = swirl ? 0.6 : 0.0;
      settings.field.aspect = swirl ? 1.5 : 1.0;
      g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, NULL));
      g_assert_true (lrb_gegl_apply_field (input, reference, NULL, &settings, kernel, analysis,
                                           NULL, NULL, NULL, NULL));
      chunked = run_op (input, NULL, 20, "radius", 7.0, "rank", 4,
                        "profile", LRB_PROFILE_SOAP_BUBBLE, "profile-strength", 0.9,
                        "swirl", settings.field.swirl, "aspect", settings.field.aspect, NULL);
      g_assert_cmpfloat (max_difference (chunked, reference), <, 1e-5);
      g_assert_cmpfloat (max_difference (chunked, plain), >, 0.01);
    }

  for (gint i = 0; i < 64 * 48; i++)
    ramp[i] = (i % 64) / 63.0f;
  gegl_buffer_set (depth, extent, 0, babl_format ("Y float"), ramp, GEGL_AUTO_ROWSTRIDE);
  settings.field.swirl = 0.0;
  settings.field.aspect = 1.0;
  settings.focus.focus = 0.3;
  flat_depth = run_op_depth (input, depth, 16, "radius", 7.0, "rank", 4, "focus", 0.3, NULL);
  for (gint p = LRB_PROFILE_SOAP_BUBBLE; p < LRB_N_PROFILES; p++)
    {
      g_autoptr (GeglBuffer)      reference = gegl_buffer_new (extent,
                                                               babl_format ("RGBA float"));
      g_autoptr (GeglBuffer)      chunked = NULL;
      g_autoptr (LrbKernel)       full = NULL;
      g_autoptr (LrbDepthFilters) filters = NULL;

      settings.field.profile = p;
      g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
      filters = lrb_depth_filters_new (&settings, full);
      g_assert_true (lrb_gegl_apply_depth (input, depth, reference, NULL, &settings, filters,
                                           NULL, NULL, NULL, NULL));
      chunked = run_op_depth (input, depth, 16, "radius", 7.0, "rank", 4, "focus", 0.3,
                              "profile", p, "profile-strength", 0.9, NULL);
      g_assert_cmpfloat (max_difference (chunked, reference), <, 1e-5);
      g_assert_cmpfloat (max_difference (chunked, flat_depth), >, 0.01);
    }
  lrb_settings_clear (&settings);
}

/* A depth map on the aux input, chunk by chunk as GIMP asks, gives the
 * core's depth of field over the whole image; without it the uniform blur;
 * a depth map of NaN warns once and passes the image through. */

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  /* The operation is GPL-3.0-or-later: GEGL shows it only to programs that
   * accept GPL3, as gegl and GIMP do.  Before gegl_init: set after it,
   * GEGL 0.4.42 loads its modules again and warns that npy-save is
   * registered twice. */
  g_object_set (gegl_config (), "application-license", "GPL3", NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/operation/properties", test_properties);
  g_test_add_func ("/operation/axial-color", test_axial_color);
  g_test_add_func ("/operation/nicks-are-cli-names", test_nicks_are_cli_names);
  g_test_add_func ("/operation/point-becomes-kernel", test_point_becomes_kernel);
  g_test_add_func ("/operation/threads-agree", test_threads_agree);
  g_test_add_func ("/operation/threads-bit-identical", test_threads_bit_identical);
  g_test_add_func ("/operation/edges-at-image-border", test_edges_at_image_border);
  g_test_add_func ("/operation/property-change", test_property_change);
  g_test_add_func ("/operation/rank-above-size", test_rank_above_size);
  g_test_add_func ("/operation/bad-kernel-file", test_bad_kernel_file);
  g_test_add_func ("/operation/bad-method", test_bad_method);
  g_test_add_func ("/operation/highlights", test_highlights);
  g_test_add_func ("/operation/depth-properties", test_depth_properties);
  g_test_add_func ("/operation/depth", test_depth);
  g_test_add_func ("/operation/depth-focus-region", test_depth_focus_region);
  g_test_add_func ("/operation/grain", test_grain);
  g_test_add_func ("/operation/camera", test_camera);
  g_test_add_func ("/operation/cats-eye", test_cats_eye);
  g_test_add_func ("/operation/negative-kernel-nonnegative", test_negative_kernel_nonnegative);
  for (gsize i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/operation/gegl-cli/%s", cli_cases[i].name);

      g_test_add_data_func (path, &cli_cases[i], test_gegl_cli);
    }
  g_test_add_func ("/operation/gegl-cli/bad-kernel-file", test_gegl_cli_bad_file);
  g_test_add_func ("/operation/profile", test_profile);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
