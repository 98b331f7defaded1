/* lowrank-bokeh — `lrbokeh apply`'s arguments: parsed and checked before
 * any file is opened or kernel built, so a run that cannot finish costs
 * nothing (and the fuzzer can try every combination cheaply).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <math.h>
#include <string.h>

void
lrb_cli_apply_args_init (LrbCliApplyArgs *args)
{
  memset (args, 0, sizeof *args);
  lrb_cli_options_init (&args->options);
  args->gamma = 1.0;
  lrb_highlights_init (&args->highlights);
  lrb_focus_region_init (&args->region);
  lrb_camera_init (&args->camera);
}

void
lrb_cli_apply_args_clear (LrbCliApplyArgs *args)
{
  lrb_cli_options_clear (&args->options);
  g_clear_pointer (&args->edge, g_free);
  g_clear_pointer (&args->method, g_free);
  g_clear_pointer (&args->depth_path, g_free);
  g_clear_pointer (&args->focus, g_free);
  g_clear_pointer (&args->focus_tolerance, g_free);
  g_clear_pointer (&args->focus_region, g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (args->region_text); i++)
    g_clear_pointer (&args->region_text[i], g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (args->camera_text); i++)
    g_clear_pointer (&args->camera_text[i], g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (args->grain_text); i++)
    g_clear_pointer (&args->grain_text[i], g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (args->field_text); i++)
    g_clear_pointer (&args->field_text[i], g_free);
  g_clear_pointer (&args->field_error_text, g_free);
}

/* A number typed for `flag`, or a usage error naming it. */
static gboolean
parse_number (const gchar *flag, const gchar *text, gdouble *value, GError **error)
{
  gchar *end;

  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      lrb_cli_set_usage_error (error, "%s takes a number, not '%s'", flag, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_cli_apply_parse (LrbCliApplyArgs *args, gchar ***argv, GError **error)
{
  const GOptionEntry entries[] = {
    { "gamma", 0, 0, G_OPTION_ARG_DOUBLE, &args->gamma,
      "\"Fake HDR\" exponent ≥ 1: highlights bloom into the kernel's shape (default 1)", "G" },
    { "highlight-stops", 0, 0, G_OPTION_ARG_DOUBLE, &args->highlights.stops,
      "Brighten highlights by up to E stops (×2^E) before blurring, so bright points bloom "
      "and dark tones keep their level; undone after (0 to 16, default 0: off)", "E" },
    { "highlight-threshold-low", 0, 0, G_OPTION_ARG_DOUBLE, &args->highlights.low,
      "Linear luminance where the boost starts (default 0.7)", "Y" },
    { "highlight-threshold-high", 0, 0, G_OPTION_ARG_DOUBLE, &args->highlights.high,
      "Linear luminance where the boost is full (default 1)", "Y" },
    { "depth", 0, 0, G_OPTION_ARG_FILENAME, &args->depth_path,
      "Depth of field: a grey image of IN's size, black near, white far; each pixel is "
      "blurred by how far its depth lies from --focus, the kernel at full size where that "
      "distance is 1", "FILE" },
    { "focus", 0, 0, G_OPTION_ARG_STRING, &args->focus,
      "The depth that stays sharp, 0 near to 1 far (default 0.5)", "F" },
    { "focus-tolerance", 0, 0, G_OPTION_ARG_STRING, &args->focus_tolerance,
      "Depths within T of the focus stay sharp too (0 to below 1, default 0)", "T" },
    { "depth-invert", 0, 0, G_OPTION_ARG_NONE, &args->depth_invert,
      "The depth map is white near, black far", NULL },
    { "focus-region", 0, 0, G_OPTION_ARG_STRING, &args->focus_region,
      "Depth of field without a depth map: sharp inside an ellipse (or circle) or a band "
      "(tilt-shift), more blurred away from it, the full kernel beyond the transition; "
      "ellipse, band or none (default)", "SHAPE" },
    { "focus-x", 0, 0, G_OPTION_ARG_STRING, &args->region_text[0],
      "The region's centre, across the image: 0 left … 1 right (default 0.5)", "X" },
    { "focus-y", 0, 0, G_OPTION_ARG_STRING, &args->region_text[1],
      "The region's centre, down the image: 0 top … 1 bottom (default 0.5)", "Y" },
    { "focus-radius", 0, 0, G_OPTION_ARG_STRING, &args->region_text[2],
      "Sharp within this distance of the centre (the band: of its middle line), in halves of "
      "the image's smaller side (default 0.5)", "R" },
    { "focus-transition", 0, 0, G_OPTION_ARG_STRING, &args->region_text[3],
      "From sharp to the full kernel over this much more (default 0.5)", "T" },
    { "focus-aspect", 0, 0, G_OPTION_ARG_STRING, &args->region_text[4],
      "The ellipse's width over its height (default 1: a circle)", "A" },
    { "focus-rotation", 0, 0, G_OPTION_ARG_STRING, &args->region_text[5],
      "Degrees counter-clockwise: the ellipse's width, the band's line (default 0: level)",
      "DEGREES" },
    { "focal-length", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[0],
      "Camera depth of field: the lens's focal length; the blur of each pixel is then the "
      "thin lens's circle of confusion at its distance (needs --depth, --f-number and "
      "--focus-distance; replaces --radius, --focus and --focus-tolerance)", "MM" },
    { "f-number", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[1],
      "Camera: the aperture's f-number (2.8 for f/2.8)", "N" },
    { "focus-distance", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[2],
      "Camera: the distance in focus, from the lens", "METRES" },
    { "sensor-width", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[3],
      "Camera: the sensor's width across the image (default 36, full frame)", "MM" },
    { "crop-factor", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[4],
      "Camera: the sensor as a crop factor instead (1.5 for APS-C: 36 / 1.5 mm wide)", "C" },
    { "depth-units", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[5],
      "Camera: what the depth map holds: normalized (default: 0 near to 1 far, linear in "
      "distance between --depth-near and --depth-far), metres or disparity (1/metres)",
      "UNITS" },
    { "depth-near", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[6],
      "Camera, normalized depth: the distance of 0 (default 1)", "METRES" },
    { "depth-far", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[7],
      "Camera, normalized depth: the distance of 1 (default 20)", "METRES" },
    { "depth-scale", 0, 0, G_OPTION_ARG_STRING, &args->camera_text[8],
      "Camera, metres or disparity: the stored value times S (default 1; 65.535 for a "
      "16-bit PNG in millimetres)", "S" },
    { "grain", 0, 0, G_OPTION_ARG_NONE, &args->grain,
      "Put back the grain the blur smoothed away: the photo's own noise, measured in its "
      "flattest areas, as much as each pixel's blur took out (sharp pixels stay as they "
      "were)", NULL },
    { "grain-level", 0, 0, G_OPTION_ARG_STRING, &args->grain_text[0],
      "With --grain: this noise level instead of the measured one (standard deviation of "
      "the encoded values, 0 to 1: 0.01 is 2.55 steps of 8 bits)", "SIGMA" },
    { "grain-seed", 0, 0, G_OPTION_ARG_STRING, &args->grain_text[1],
      "With --grain: the grain's seed; the same seed gives the same grain (default 0)", "N" },
    { "cats-eye", 0, 0, G_OPTION_ARG_STRING, &args->field_text[0],
      "Cat's eye: toward the corners the aperture is clipped by a second disc of its radius, "
      "shifted toward the centre by up to S radii, as a real lens's barrel clips it "
      "(0 to 1, default 0: off)", "S" },
    { "swirl", 0, 0, G_OPTION_ARG_STRING, &args->field_text[2],
      "Swirl: toward the corners the aperture is stretched along the circle round the "
      "centre, up to 1 + S times at the corners, its area kept (0 to 1, default 0: off)", "S" },
    { "aspect", 0, 0, G_OPTION_ARG_STRING, &args->field_text[3],
      "Oval (anamorphic) aperture: stretched A times along --aspect-rotation against across, "
      "its area kept, the same everywhere (1 to 4, default 1: round)", "A" },
    { "aspect-rotation", 0, 0, G_OPTION_ARG_STRING, &args->field_text[4],
      "With --aspect: the oval's long axis, degrees counter-clockwise from across (default "
      "0; 90 is upright, as anamorphic lenses give)", "DEG" },
    { "field-zone", 0, 0, G_OPTION_ARG_STRING, &args->field_text[1],
      "With --cats-eye or --swirl: the kernel changes every this many pixels, blended between (default "
      "3 kernel radii or an eighth of the half-diagonal, the larger; smaller is closer and "
      "slower)", "PIXELS" },
    { "field-error", 0, 0, G_OPTION_ARG_STRING, &args->field_error_text,
      "With --cats-eye or --swirl: the zones as far apart as keeps the field's error (as "
      "lrbokeh analyze --frame reports it) at most E, such as 0.05 (instead of --field-zone)",
      "E" },
    { "axial-color", 0, 0, G_OPTION_ARG_STRING, &args->field_text[5],
      "Axial colour (longitudinal chromatic aberration): green rims round blurred lights "
      "behind the focus, magenta in front; without --depth or --focus-region all counts as "
      "behind.  The other channels' kernel is S/4 of its radius smaller (0 to 1, default "
      "0: off; 0.3 is a good lens's)", "S" },
    { "edge", 0, 0, G_OPTION_ARG_STRING, &args->edge,
      "Outside the image: clamp (default), mirror or zero", "MODE" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &args->threads,
      "Worker threads (default 0: every core)", "N" },
    { "memory-limit", 0, 0, G_OPTION_ARG_INT, &args->memory_mib,
      "Scratch memory for all threads together (default 512)", "MiB" },
    { "exact", 0, 0, G_OPTION_ARG_NONE, &args->exact,
      "Convolve with the kernel itself, not a low-rank approximation (not with --rank "
      "or --energy)", NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &args->method,
      "How to convolve: auto (default: the fastest for this kernel and image), separable, "
      "fft, or chord (piecewise-constant kernels only)", "METHOD" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args->verbose,
      "Report the kernel, rank, method and why, tile plan, SIMD path and time on stderr",
      NULL },
    { NULL }
  };
  guint n_args;

  if (!lrb_cli_parse ("apply", "IN OUT [KERNEL]",
                      "Blurs the image IN with the kernel (a file, --shape flags, or a hexagon of\n"
                      "radius 12) at rank R and writes OUT, in linear light, at IN's precision.\n"
                      "Without --rank, --energy or --exact the rank keeps 99 % of the energy (Σσ²).\n"
                      "The method (separable passes, FFT or chord sums) is picked for speed.\n"
                      "OUT's extension picks the format; on failure OUT is left alone.",
                      entries, &args->options, argv, error))
    return FALSE;

  n_args = g_strv_length (*argv) - 1;
  if (n_args < 2)
    {
      lrb_cli_set_usage_error (error, "needs IN and OUT image files");
      return FALSE;
    }
  if (n_args > 3)
    {
      lrb_cli_set_usage_error (error, "unexpected argument '%s'", (*argv)[4]);
      return FALSE;
    }
  args->in_path = (*argv)[1];
  args->out_path = (*argv)[2];
  args->kernel_path = (*argv)[3];
  return TRUE;
}

/* --focus-region and its flags into args->region. */
static gboolean
region_from_args (LrbCliApplyArgs *args, GError **error)
{
  static const gchar *const flags[] = { "--focus-x", "--focus-y", "--focus-radius",
                                        "--focus-transition", "--focus-aspect",
                                        "--focus-rotation" };
  LrbFocusRegion *r = &args->region;
  gdouble        *values[] = { &r->x, &r->y, &r->radius, &r->transition, &r->aspect,
                               &r->rotation };
  gboolean        any = FALSE;

  G_STATIC_ASSERT (G_N_ELEMENTS (flags) == G_N_ELEMENTS (args->region_text));
  if (args->focus_region && !lrb_focus_region_from_nick (args->focus_region, &r->shape))
    {
      lrb_cli_set_usage_error (error, "unknown focus region '%s' (ellipse, band or none)",
                               args->focus_region);
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    if (args->region_text[i])
      {
        any = TRUE;
        if (!parse_number (flags[i], args->region_text[i], values[i], error))
          return FALSE;
      }
  if (any && r->shape == LRB_FOCUS_REGION_NONE)
    {
      lrb_cli_set_usage_error (error, "--focus-x, -y, -radius, -transition, -aspect and "
                               "-rotation need --focus-region ellipse or band");
      return FALSE;
    }
  if (r->shape != LRB_FOCUS_REGION_NONE && args->depth_path)
    {
      lrb_cli_set_usage_error (error, "give --depth or --focus-region, not both");
      return FALSE;
    }
  return lrb_focus_region_validate (r, error);
}

/* The camera's flags into args->camera; a camera needs a depth map and
 * sets the focus and the kernel's size itself. */
static gboolean
camera_from_args (LrbCliApplyArgs *args, const LrbSettings *settings, GError **error)
{
  static const gchar *const flags[] = { "--focal-length", "--f-number", "--focus-distance",
                                        "--sensor-width", "--crop-factor", "--depth-units",
                                        "--depth-near", "--depth-far", "--depth-scale" };
  gdouble *numbers[] = { &args->camera.focal_length, &args->camera.f_number,
                         &args->camera.focus_distance, &args->camera.sensor_width, NULL, NULL,
                         &args->camera.near, &args->camera.far, &args->camera.scale };
  gchar  **text = args->camera_text;
  gdouble  crop = 0.0;
  gboolean any = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    any = any || text[i];
  if (!any)
    return TRUE;
#define USAGE(...) G_STMT_START { lrb_cli_set_usage_error (error, __VA_ARGS__); \
    return FALSE; } G_STMT_END
  if (!text[0])
    USAGE ("--f-number, --focus-distance, --sensor-width, --crop-factor and --depth-units, "
           "-near, -far and -scale describe a camera: they need --focal-length");
  if (text[5] && !lrb_depth_units_from_nick (text[5], &args->camera.units))
    USAGE ("unknown depth units '%s' (normalized, metres or disparity)", text[5]);
  if (!args->depth_path)
    USAGE ("--focal-length needs --depth FILE: the distance of each pixel");
  if (!text[1] || !text[2])
    USAGE ("--focal-length needs --f-number and --focus-distance too");
  if (args->focus || args->focus_tolerance)
    USAGE ("--focus-distance sets the focus of a camera: give no --focus or "
           "--focus-tolerance with it");
  if (settings->kernel.shape == LRB_SHAPE_FILE)
    USAGE ("--focal-length needs a shape (--shape): the optics set the kernel's size");
  if (text[3] && text[4])
    USAGE ("give --sensor-width or --crop-factor, not both");
  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    if (text[i] && i != 5 && !parse_number (flags[i], text[i], numbers[i] ? numbers[i] : &crop,
                                            error))
      return FALSE;
  if (text[4])
    {
      if (!(crop >= 0.1 && crop <= 20.0))
        USAGE ("--crop-factor %g is out of range (0.1 to 20)", crop);
      args->camera.sensor_width = LRB_CAMERA_FULL_FRAME_WIDTH / crop;
    }
  if (args->camera.units == LRB_DEPTH_NORMALIZED && text[8])
    USAGE ("--depth-scale is for --depth-units metres or disparity");
  if (args->camera.units != LRB_DEPTH_NORMALIZED && (text[6] || text[7] || args->depth_invert))
    USAGE ("--depth-near, --depth-far and --depth-invert are for --depth-units normalized");
#undef USAGE
  args->camera_given = TRUE;
  return lrb_camera_validate (&args->camera, error);
}

static gboolean
grain_from_args (LrbCliApplyArgs *args, GError **error)
{
  gchar *end;

  args->grain_level = -1.0;
  if (!args->grain && (args->grain_text[0] || args->grain_text[1]))
    {
      lrb_cli_set_usage_error (error, "--grain-level and --grain-seed need --grain");
      return FALSE;
    }
  if (args->grain_text[0] &&
      (!parse_number ("--grain-level", args->grain_text[0], &args->grain_level, error) ||
       !(args->grain_level >= 0.0 && args->grain_level <= 1.0)))
    {
      if (error && !*error)
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "grain level %s is out of range (0 to 1)", args->grain_text[0]);
      return FALSE;
    }
  if (args->grain_text[1])
    {
      args->grain_seed = g_ascii_strtoull (args->grain_text[1], &end, 10);
      if (end == args->grain_text[1] || *end != '\0' || args->grain_text[1][0] == '-')
        {
          lrb_cli_set_usage_error (error, "--grain-seed takes a whole number from 0, not '%s'",
                                   args->grain_text[1]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The lens effects' strengths: a number in [lo, hi] (hi 0: no bound). */
static gboolean
effect_from_arg (const gchar *flag, const gchar *text, gdouble lo, gdouble hi, gdouble *value,
                 GError **error)
{
  if (!text)
    return TRUE;
  if (!parse_number (flag, text, value, error))
    return FALSE;
  if (!(*value >= lo && (hi == 0.0 ? isfinite (*value) : *value <= hi)))
    {
      if (hi == 0.0)
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, "%s %s is not a number",
                     flag, text);
      else
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "%s %s is out of range (%g to %g)", flag, text, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* --cats-eye, --swirl, --aspect, --aspect-rotation, --field-zone and
 * --axial-color into settings->field. */
static gboolean
field_from_args (LrbCliApplyArgs *args, LrbSettings *settings, GError **error)
{
  LrbField *f = &settings->field;
  gdouble   zone = 0.0;

  if (!effect_from_arg ("--cats-eye", args->field_text[0], 0.0, 1.0, &f->cats_eye, error) ||
      !effect_from_arg ("--swirl", args->field_text[2], 0.0, 1.0, &f->swirl, error) ||
      !effect_from_arg ("--aspect", args->field_text[3], 1.0, LRB_FIELD_MAX_ASPECT, &f->aspect,
                        error) ||
      !effect_from_arg ("--aspect-rotation", args->field_text[4], -G_MAXDOUBLE, 0.0,
                        &f->aspect_rotation, error) ||
      !effect_from_arg ("--axial-color", args->field_text[5], 0.0, 1.0, &f->axial_color, error))
    return FALSE;
  if (args->field_text[4] && !args->field_text[3])
    {
      lrb_cli_set_usage_error (error, "--aspect-rotation needs --aspect");
      return FALSE;
    }
  if (args->field_text[1])
    {
      if (!args->field_text[0] && !args->field_text[2])
        {
          lrb_cli_set_usage_error (error, "--field-zone needs --cats-eye or --swirl");
          return FALSE;
        }
      if (!parse_number ("--field-zone", args->field_text[1], &zone, error))
        return FALSE;
      if (zone != floor (zone) || !(zone >= LRB_FIELD_MIN_ZONE && zone <= LRB_FIELD_MAX_ZONE))
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "--field-zone %s is out of range (a whole number of pixels, %d to %d)",
                       args->field_text[1], LRB_FIELD_MIN_ZONE, LRB_FIELD_MAX_ZONE);
          return FALSE;
        }
      f->zone_size = (gint) zone;
    }
  if (args->field_error_text)
    {
      if (!args->field_text[0] && !args->field_text[2])
        {
          lrb_cli_set_usage_error (error, "--field-error needs --cats-eye or --swirl");
          return FALSE;
        }
      if (args->field_text[1])
        {
          lrb_cli_set_usage_error (error, "--field-error and --field-zone both set the zones: "
                                   "give one");
          return FALSE;
        }
      if (!parse_number ("--field-error", args->field_error_text, &args->field_error, error))
        return FALSE;
      if (!(args->field_error > 0.0 && args->field_error < 1.0))
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "--field-error %s is out of range (a relative error above 0 and below "
                       "1, such as 0.05)", args->field_error_text);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lrb_cli_apply_args_to_settings (LrbCliApplyArgs *args, LrbSettings *settings, gint *rank,
                                GError **error)
{
  LrbCliOptions *o = &args->options;

  if (!lrb_cli_options_to_spec (o, args->kernel_path, TRUE, &settings->kernel, error) ||
      !lrb_kernel_spec_check (&settings->kernel, error) ||
      !lrb_cli_options_profile (o, &settings->field, error) ||
      !lrb_cli_options_parse_rank (o, rank, error))
    return FALSE;
  if (args->edge && !lrb_edge_mode_from_nick (args->edge, &settings->edge))
    {
      lrb_cli_set_usage_error (error, "unknown edge mode '%s' (clamp, mirror or zero)",
                               args->edge);
      return FALSE;
    }
  if (args->memory_mib < 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "memory limit %d MiB is negative", args->memory_mib);
      return FALSE;
    }
  if (args->exact && (o->rank_text || o->energy_given))
    {
      lrb_cli_set_usage_error (error, "give --exact, --rank or --energy, only one of them");
      return FALSE;
    }
  args->exact = args->exact || *rank == LRB_RANK_EXACT;
  if (!args->depth_path && (args->focus || args->focus_tolerance || args->depth_invert))
    {
      lrb_cli_set_usage_error (error, "--focus, --focus-tolerance and --depth-invert need "
                               "--depth FILE");
      return FALSE;
    }
  if (args->method && !lrb_method_from_nick (args->method, &settings->method))
    {
      lrb_cli_set_usage_error (error, "unknown method '%s' (auto, separable, fft or chord)",
                               args->method);
      return FALSE;
    }
  /* A rank is checked against the kernel once it is known, with its range. */
  settings->rank = 0;
  settings->energy_target = o->energy;
  settings->gamma = args->gamma;
  settings->highlights = args->highlights;
  if (!region_from_args (args, error))
    return FALSE;
  if ((args->focus && !parse_number ("--focus", args->focus, &settings->focus.focus, error)) ||
      (args->focus_tolerance && !parse_number ("--focus-tolerance", args->focus_tolerance,
                                               &settings->focus.tolerance, error)))
    return FALSE;
  settings->focus.invert = args->depth_invert;
  if (!camera_from_args (args, settings, error) || !grain_from_args (args, error) ||
      !field_from_args (args, settings, error))
    return FALSE;
  settings->use_camera = args->camera_given;
  settings->camera = args->camera;
  settings->grain = (LrbGrainOptions) { args->grain, args->grain_level, args->grain_seed };
  settings->threads = args->threads;
  settings->memory_limit = (gsize) args->memory_mib << 20;
  /* The exact kernel has no factors to choose. */
  settings->factorization = args->exact ? LRB_FACTORIZATION_SVD : o->factorization;
  return lrb_settings_validate (settings, error);
}
