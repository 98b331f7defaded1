/* lowrank-bokeh — `lrbokeh apply`: blur an image file through GEGL.
 * OUT is written to a temporary file beside it and renamed into place, so a
 * failed run never creates or touches OUT (DESIGN.md §4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"
#include "lrb-depth-grain.h"
#include "lrb-gegl-depth.h"
#include "lrb-gegl-field.h"

#include <errno.h>
#include <fcntl.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* GEGL's savers write whatever the extension says but report no errors,
 * so the formats are known up front.  `bitdepth` savers take 8 or 16. */
typedef struct
{
  const gchar *extension;
  const gchar *operation;
  gboolean     bitdepth;
} Saver;

static const Saver savers[] = {
  { ".png",  "gegl:png-save",  TRUE },
  { ".jpg",  "gegl:jpg-save",  FALSE },
  { ".jpeg", "gegl:jpg-save",  FALSE },
  { ".tif",  "gegl:tiff-save", FALSE }, /* picks its depth from the buffer */
  { ".tiff", "gegl:tiff-save", FALSE },
  { ".exr",  "gegl:exr-save",  FALSE },
  { ".webp", "gegl:webp-save", FALSE },
  { ".ppm",  "gegl:ppm-save",  TRUE },
  { ".hdr",  "gegl:rgbe-save", FALSE },
  { ".npy",  "gegl:npy-save",  FALSE },
};

typedef struct
{
  LrbCliApplyArgs args;
  const Saver   *saver;
  LrbSettings    settings;
  LrbKernel     *kernel;
  LrbAnalysis   *analysis;
  LrbFilter     *filter;
  gchar         *why;      /* the planner's sentence */
  GeglBuffer    *input;
  GeglBuffer    *depth;    /* --depth, or NULL */
  GeglBuffer    *output;
  gint           last_percent;
} Apply;

static const Saver *
find_saver (const gchar *path, GError **error)
{
  g_autofree gchar *base = g_path_get_basename (path);
  const gchar      *dot = strrchr (base, '.');
  g_autofree gchar *extension = dot ? g_ascii_strdown (dot, -1) : NULL;
  GString          *known = g_string_new (NULL);

  for (gsize i = 0; extension && i < G_N_ELEMENTS (savers); i++)
    if (strcmp (extension, savers[i].extension) == 0)
      {
        g_string_free (known, TRUE);
        if (!gegl_has_operation (savers[i].operation))
          {
            g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                         "%s: this GEGL cannot write %s files (%s is missing)", path,
                         savers[i].extension, savers[i].operation);
            return NULL;
          }
        return &savers[i];
      }

  for (gsize i = 0; i < G_N_ELEMENTS (savers); i++)
    if (gegl_has_operation (savers[i].operation))
      g_string_append_printf (known, "%s%s", known->len ? ", " : "", savers[i].extension);
  g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
               "%s: unknown output format %s%s%s (the name must end in one of %s)", path,
               extension ? "'" : "", extension ? extension : "(no extension)",
               extension ? "'" : "", known->str);
  g_string_free (known, TRUE);
  return NULL;
}

static gboolean
check_directory (const gchar *path, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s is a directory", path);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      gint saved_errno = errno;

      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot write in %s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gint
n_channels_of (GeglBuffer *buffer)
{
  const Babl *format = gegl_buffer_get_format (buffer);

  /* lrb_gegl_apply's rule: grey images take the 2-channel path. */
  return babl_get_model_flags (babl_format_get_model (format)) & BABL_MODEL_FLAG_GRAY ? 2 : 4;
}

/* Writes `buffer` through `saver` to a hidden temporary beside `path` (with
 * the same extension) and renames it onto `path` only when that worked. */
static gboolean
save_image (GeglBuffer *buffer, const gchar *path, const Saver *saver, GError **error)
{
  g_autofree gchar    *dir = g_path_get_dirname (path);
  g_autofree gchar    *base = g_path_get_basename (path);
  g_autofree gchar    *stem = g_strndup (base, strrchr (base, '.') - base);
  g_autofree gchar    *name = g_strdup_printf (".%s-XXXXXX%s", stem, strrchr (base, '.'));
  g_autofree gchar    *tmp = g_build_filename (dir, name, NULL);
  g_autoptr (GeglNode) graph = NULL;
  GeglNode            *source, *save;
  GStatBuf             st;
  gint                 fd;

  fd = g_mkstemp_full (tmp, O_RDWR, 0666);
  if (fd < 0)
    {
      gint saved_errno = errno;

      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot write in %s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* Replacing a file keeps its permissions. */
  if (g_stat (path, &st) == 0)
    fchmod (fd, st.st_mode & 07777);
  close (fd);

  graph = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", saver->operation, "path", tmp, NULL);
  if (saver->bitdepth)
    {
      const Babl *type = babl_format_get_type (gegl_buffer_get_format (buffer), 0);

      gegl_node_set (save, "bitdepth", type == babl_type ("u8") ? 8 : 16, NULL);
    }
  gegl_node_link (source, save);
  gegl_node_process (save);

  if (g_stat (tmp, &st) != 0 || st.st_size == 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "GEGL could not write %s (%s)", path,
                   saver->operation);
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      gint saved_errno = errno;

      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot replace %s: %s", path,
                   g_strerror (saved_errno));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

static void
show_progress (gdouble fraction, gpointer user_data)
{
  Apply *app = user_data;
  gint   percent = CLAMP ((gint) (fraction * 100), 0, 100);
  gint   filled = percent * 30 / 100;

  if (percent == app->last_percent)
    return;
  app->last_percent = percent;
  fprintf (stderr, "\rlrbokeh apply: [%.*s%*s] %3d%%", filled,
           "==============================", 30 - filled, "", percent);
  fflush (stderr);
}

static gchar *
format_bytes (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static gboolean
report_plan (Apply *app, const LrbEngineConfig *config, GError **error)
{
  const LrbAnalysis *a = app->analysis;
  const GeglRectangle *extent = gegl_buffer_get_extent (app->input);
  LrbRect            rect = { extent->x, extent->y, extent->width, extent->height };
  LrbTilePlan        plan;
  gint               r = lrb_filter_get_rank (app->filter), m = a->rows, n = a->cols;
  g_autofree gchar  *description = lrb_cli_describe_spec (&app->settings.kernel,
                                                              &app->settings.field);
  g_autofree gchar  *total = NULL, *per_thread = NULL, *limit = NULL, *rank = NULL;
  g_autofree gchar  *blocks = NULL;
  const LrbHighlights *h = &app->settings.highlights;
  g_autofree gchar  *highlights = lrb_highlights_active (h)
    ? g_strdup_printf ("+%g stops from %g to %g", h->stops, h->low, h->high)
    : g_strdup ("off");
  const LrbFocus      *f = &app->settings.focus;
  g_autofree gchar    *depth = NULL, *axial = NULL;

  if (app->depth && !app->args.depth_path)
    {
      const LrbFocusRegion *fr = &app->args.region;

      depth = g_strdup_printf ("depth:     focus region %s at (%g, %g), radius %g, transition "
                               "%g, aspect %g, rotation %g\n",
                               lrb_focus_region_to_nick (fr->shape), fr->x, fr->y, fr->radius,
                               fr->transition, fr->aspect, fr->rotation);
    }
  else if (app->args.camera_given)
    {
      const LrbCamera *c = &app->args.camera;

      depth = g_strdup_printf ("depth:     %s in %s; a %g mm lens at f/%g focused at %g m, a "
                               "%g mm wide sensor: circles of confusion up to %.1f pixels "
                               "across (focus %.4g of the scene's disparity)\n",
                               app->args.depth_path, lrb_depth_units_to_nick (c->units),
                               c->focal_length, c->f_number, c->focus_distance,
                               c->sensor_width,
                               2.0 * app->settings.kernel.radius * MAX (f->focus, 1.0 - f->focus),
                               f->focus);
    }
  else if (app->depth)
    {
      LrbFocusLevels levels;
      gint           n_levels;

      lrb_focus_levels_init (&levels, lrb_focus_full_radius (&app->settings.kernel,
                                                             app->kernel));
      n_levels = levels.n;
      depth = g_strdup_printf ("depth:     %s, focus %g, tolerance %g%s; %d levels each side "
                             "of the focus (the method above is the full kernel's)\n",
                             app->args.depth_path, f->focus, f->tolerance,
                             f->invert ? ", inverted" : "",
                             n_levels);
    }
  if (app->settings.field.axial_color > 0.0)
    axial = g_strdup_printf ("axial:     colour %g: %s keep the kernel, the other channels "
                             "get it at %g of its size (a second engine run)\n",
                             app->settings.field.axial_color,
                             app->depth ? "green behind the focus, red and blue in front,"
                                        : "green (all counts as behind the focus) and alpha",
                             lrb_field_axial_scale (&app->settings.field));
  if (lrb_field_varies (&app->settings.field))
    {
      const LrbField       *field = &app->settings.field;
      g_autoptr (LrbKernel) base = lrb_field_base (field, app->kernel);
      gint zone = lrb_field_zone_size (field, base, extent->width, extent->height);
      gdouble zone_error = lrb_field_zone_error (field, base, extent->width, extent->height, zone,
                                            NULL);

      gchar *both = g_strdup_printf ("%sfield:     cat's eye %g, swirl %g, aspect %g at %g°, zones "
                               "of %d pixels (%d × %d; error %.2f %%), each its own kernel "
                               "and filter (the method above is the base kernel's)\n",
                               depth ? depth : "", field->cats_eye, field->swirl, MAX (1.0, field->aspect),
                               field->aspect_rotation, zone,
                               lrb_field_zone_count (extent->width, zone),
                               lrb_field_zone_count (extent->height, zone), 100.0 * zone_error);

      g_free (depth);
      depth = both;
    }
  if (!lrb_filter_plan_tiles (app->filter, n_channels_of (app->input), &rect, config, &plan,
                              error))
    return FALSE;
  total = format_bytes (plan.scratch_bytes);
  per_thread = format_bytes (plan.bytes_per_thread);
  limit = format_bytes (config->memory_limit ? config->memory_limit : LRB_DEFAULT_MEMORY_LIMIT);
  if (r == LRB_RANK_EXACT)
    rank = g_strdup_printf ("exact: the %d × %d kernel itself (numerical rank %d)", m, n,
                            a->numerical_rank);
  else if (app->settings.factorization == LRB_FACTORIZATION_NONNEGATIVE)
    rank = g_strdup_printf ("%d of %d, non-negative factors (no ringing; the SVD's relative "
                            "error at this rank is %.3e)", r, a->n_values,
                            a->relative_error[r - 1]);
  else
    rank = g_strdup_printf ("%d of %d: energy Σσ² %.6f, Σσ/Σσ %.6f, relative error %.3e", r,
                            a->n_values, a->energy_sq[r - 1], a->energy_abs[r - 1],
                            a->relative_error[r - 1]);
  if (plan.method == LRB_METHOD_FFT)
    blocks = g_strdup_printf (", FFT blocks %d × %d", plan.fft_width, plan.fft_height);

  fprintf (stderr,
           "image:     %s, %d × %d, %s\n"
           "kernel:    %s, %d × %d, numerical rank %d\n"
           "rank:      %s\n"
           "method:    %s\n"
           "filter:    gamma %g, highlights %s, edge %s\n"
           "%s%s"
           "tiles:     %d × %d, %d tile%s on %d thread%s, scratch %s (%s per thread, limit %s)%s\n"
           "SIMD path: %s\n",
           app->args.in_path, extent->width, extent->height,
           babl_get_name (gegl_buffer_get_format (app->input)), description, m, n,
           a->numerical_rank, rank, app->why, app->settings.gamma, highlights,
           lrb_edge_mode_to_nick (app->settings.edge), depth ? depth : "", axial ? axial : "",
           plan.tile_width, plan.tile_height,
           plan.n_tiles, plan.n_tiles == 1 ? "" : "s", plan.threads,
           plan.threads == 1 ? "" : "s", total, per_thread, limit, blocks ? blocks : "",
           lrb_engine_simd_path ());
  return TRUE;
}

/* A camera's depth of field: the photo and its depth map first, since
 * the map's range of distances sets the kernel's size; then the map the
 * blur reads (normalized disparity) in place of the one given. */
static gboolean
apply_camera (Apply *app, GError **error)
{
  g_autoptr (GeglBuffer) map = NULL;

  if (!(app->input = lrb_cli_load_image (app->args.in_path, error)) ||
      !(app->depth = lrb_cli_load_image (app->args.depth_path, error)))
    return FALSE;
  if (!lrb_gegl_check_depth (app->input, app->depth, error) ||
      !(map = lrb_settings_camera_depth (&app->settings, app->depth,
                                         gegl_buffer_get_extent (app->input)->width, error)))
    {
      g_prefix_error (error, "%s: ", app->args.depth_path);
      return FALSE;
    }
  g_set_object (&app->depth, map);
  return TRUE;
}

/* The grain the blur took out, back: measured in IN (or as given), as
 * much at each pixel as its kernel smoothed away. */
static gboolean
add_grain (Apply *app, GError **error)
{
  LrbGrain grain;
  gint64   start = g_get_monotonic_time ();

  lrb_grain_resolve (&app->settings.grain, app->input, &grain);
  if (!lrb_gegl_add_grain (app->output, NULL, app->depth, &app->settings, app->kernel, &grain,
                           error))
    return FALSE;
  if (app->args.verbose)
    fprintf (stderr, "grain:     σ %s %.5f %.5f %.5f (encoded values), seed %" G_GUINT64_FORMAT
             ", in %.3f s\n", app->settings.grain.level >= 0.0 ? "given" : "measured",
             grain.sigma[0], grain.sigma[grain.n_channels > 1 ? 1 : 0],
             grain.sigma[grain.n_channels - 1], grain.seed,
             (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

static gboolean
run (Apply *app, GError **error)
{
  LrbCliOptions  *o = &app->args.options;
  LrbEngineConfig config;
  gboolean        progress = isatty (STDERR_FILENO);
  gint            rank;
  gint64          start;
  clock_t         cpu_start;
  gboolean        ok;

  /* Cheap refusals first: nothing is loaded for a run that cannot finish. */
  if (!(app->saver = find_saver (app->args.out_path, error)) ||
      !check_directory (app->args.out_path, error))
    return FALSE;
  if (!lrb_cli_apply_args_to_settings (&app->args, &app->settings, &rank, error))
    return FALSE;
  if (app->args.camera_given && !apply_camera (app, error))
    return FALSE;

  if (!lrb_settings_prepare (&app->settings, &app->kernel, &app->analysis, NULL, error))
    return FALSE;
  /* A camera sets the kernel's size, which nobody knows beforehand: a
   * rank above it keeps every term, as the operation's rank does. */
  if (app->settings.use_camera && lrb_cli_options_parse_rank (o, &rank, NULL) &&
      rank > app->analysis->n_values)
    app->settings.rank = app->analysis->n_values;
  else if (app->args.exact)
    app->settings.rank = LRB_RANK_EXACT;
  else if (!lrb_cli_options_resolve_rank (o, app->analysis, &rank, error))
    return FALSE;
  else
    app->settings.rank = rank;

  if (!app->input && !(app->input = lrb_cli_load_image (app->args.in_path, error)))
    return FALSE;
  if (app->args.depth_path && !app->depth &&
      !(app->depth = lrb_cli_load_image (app->args.depth_path, error)))
    return FALSE;
  /* A focus region is a depth map made up for this image, sharp at 0. */
  if (app->args.region.shape != LRB_FOCUS_REGION_NONE)
    {
      app->depth = lrb_focus_region_buffer (&app->args.region,
                                            gegl_buffer_get_extent (app->input));
      app->settings.focus.focus = 0.0;
    }
  if (app->depth && !lrb_gegl_check_depth (app->input, app->depth, error))
    {
      g_prefix_error (error, "%s: ", app->args.depth_path);
      return FALSE;
    }
  /* The zones chosen by their error, as the rank by its energy. */
  if (app->args.field_error > 0.0)
    {
      const GeglRectangle  *extent = gegl_buffer_get_extent (app->input);
      g_autoptr (LrbKernel) base = lrb_field_base (&app->settings.field, app->kernel);

      gint    zone = lrb_field_zone_for_error (&app->settings.field, base, extent->width,
                                               extent->height, app->args.field_error);
      gdouble reached = lrb_field_zone_error (&app->settings.field, base, extent->width,
                                              extent->height, zone, NULL);

      if (reached > app->args.field_error)
        g_printerr ("lrbokeh apply: warning: --field-error %g is out of reach: the closest "
                    "zones (%d pixels) give %.3g\n", app->args.field_error, zone, reached);
      app->settings.field.zone_size = zone;
    }
  {
    const GeglRectangle *extent = gegl_buffer_get_extent (app->input);
    LrbRect              rect = { extent->x, extent->y, extent->width, extent->height };

    /* The planner weighs the methods for this image's size. */
    if (!(app->filter = lrb_settings_prepare_filter (&app->settings, app->kernel, app->analysis,
                                                     n_channels_of (app->input), &rect,
                                                     &app->why, error)))
      return FALSE;
  }
  /* The input's own format: 16-bit stays 16-bit, float stays float. */
  app->output = gegl_buffer_new (gegl_buffer_get_extent (app->input),
                                 gegl_buffer_get_format (app->input));

  lrb_settings_engine_config (&app->settings, &config);
  if (app->args.verbose && !report_plan (app, &config, error))
    return FALSE;

  app->last_percent = -1;
  start = g_get_monotonic_time ();
  cpu_start = clock ();
  if (app->depth)
    {
      g_autoptr (LrbDepthFilters) filters = lrb_depth_filters_new (&app->settings, app->kernel);

      ok = lrb_gegl_apply_depth (app->input, app->depth, app->output, NULL, &app->settings,
                                 filters, progress ? show_progress : NULL, app, NULL, error);
    }
  else if (!lrb_field_is_uniform (&app->settings.field))
    ok = lrb_gegl_apply_field (app->input, app->output, NULL, &app->settings, app->kernel,
                               app->analysis, progress ? show_progress : NULL, app, NULL,
                               error);
  else
    ok = lrb_gegl_apply_look (app->input, app->output, NULL, app->filter,
                              &(LrbLook) { app->settings.gamma, app->settings.highlights },
                              app->settings.edge, &config, progress ? show_progress : NULL,
                              app, NULL, error);
  if (progress)
    {
      if (ok)
        show_progress (1.0, app);
      fputc ('\n', stderr);
    }
  if (!ok)
    return FALSE;
  if (app->args.verbose)
    {
      fprintf (stderr, "time:      %.3f s\n", (g_get_monotonic_time () - start) / 1e6);
      /* Every thread's: what a shared machine's wall time hides. */
      fprintf (stderr, "cpu time:  %.3f s\n",
               (gdouble) (clock () - cpu_start) / CLOCKS_PER_SEC);
    }
  if (app->settings.grain.enabled && !add_grain (app, error))
    return FALSE;

  if (!save_image (app->output, app->args.out_path, app->saver, error))
    return FALSE;
  if (app->args.verbose)
    fprintf (stderr, "wrote:     %s\n", app->args.out_path);
  return TRUE;
}

gint
lrb_cli_apply (gchar **argv)
{
  g_autoptr (GError) error = NULL;
  Apply              app = { 0 };
  gint               status = LRB_CLI_EXIT_OK;

  lrb_cli_apply_args_init (&app.args);
  lrb_settings_init (&app.settings);

  if (!lrb_cli_apply_parse (&app.args, &argv, &error))
    status = lrb_cli_report_error ("apply", error);
  else
    {
      gegl_init (NULL, NULL);
      if (!run (&app, &error))
        status = lrb_cli_report_error ("apply", error);
      /* Every buffer must be gone before gegl_exit, or it complains. */
      g_clear_object (&app.input);
      g_clear_object (&app.depth);
      g_clear_object (&app.output);
      lrb_gegl_exit (30.0);
    }

  g_clear_pointer (&app.filter, lrb_filter_free);
  g_free (app.why);
  g_clear_pointer (&app.analysis, lrb_analysis_free);
  g_clear_pointer (&app.kernel, lrb_kernel_free);
  lrb_settings_clear (&app.settings);
  lrb_cli_apply_args_clear (&app.args);
  return status;
}
