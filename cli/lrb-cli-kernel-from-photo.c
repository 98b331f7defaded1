/* lowrank-bokeh — `lrbokeh kernel-from-photo`: the kernel of a lens
 * measured from a photo, at the rank that keeps its shape and drops the
 * photo's noise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"
#include "lrb-gegl.h"
#include "lrb-kernel-io.h"

#include <stdio.h>

/* "X,Y,W,H": four whole numbers, as GIMP's rectangle select shows them. */
static gboolean
parse_rect (const gchar *text, GeglRectangle *rect, GError **error)
{
  g_auto (GStrv) parts = text ? g_strsplit (text, ",", -1) : NULL;
  gint          *fields[] = { &rect->x, &rect->y, &rect->width, &rect->height };
  gint64         value;

  if (!text)
    {
      lrb_cli_set_usage_error (error, "missing --rect X,Y,W,H (the rectangle round the light)");
      return FALSE;
    }
  if (g_strv_length (parts) != 4)
    {
      lrb_cli_set_usage_error (error, "--rect takes X,Y,W,H (four whole numbers), not '%s'",
                               text);
      return FALSE;
    }
  for (gint i = 0; i < 4; i++)
    {
      g_strstrip (parts[i]);
      if (!g_ascii_string_to_signed (parts[i], 10, G_MININT / 2, G_MAXINT / 2, &value, NULL))
        {
          lrb_cli_set_usage_error (error, "--rect takes X,Y,W,H (four whole numbers), not "
                                   "'%s'", text);
          return FALSE;
        }
      *fields[i] = value;
    }
  return TRUE;
}

typedef struct
{
  const gchar        *image, *output;
  GeglRectangle       rect;
  LrbHighlight        light;
  LrbNoiseRank        noise;
  const LrbAnalysis  *analysis;
  const LrbKernel    *kernel;
  gint                rank;
} Report;

static void
print_json (const Report *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, r->image);
  json_builder_set_member_name (b, "rect");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, r->rect.x);
  json_builder_add_int_value (b, r->rect.y);
  json_builder_add_int_value (b, r->rect.width);
  json_builder_add_int_value (b, r->rect.height);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, r->output);
  json_builder_set_member_name (b, "background");
  json_builder_add_double_value (b, r->light.background);
  json_builder_set_member_name (b, "border_noise");
  json_builder_add_double_value (b, r->light.border_noise);
  json_builder_set_member_name (b, "peak");
  json_builder_add_double_value (b, r->light.peak);
  /* In the image's pixels, as --rect. */
  json_builder_set_member_name (b, "centroid_x");
  json_builder_add_double_value (b, r->rect.x + r->light.centroid_x);
  json_builder_set_member_name (b, "centroid_y");
  json_builder_add_double_value (b, r->rect.y + r->light.centroid_y);
  json_builder_set_member_name (b, "centre_x");
  json_builder_add_int_value (b, r->rect.x + r->light.centre_x);
  json_builder_set_member_name (b, "centre_y");
  json_builder_add_int_value (b, r->rect.y + r->light.centre_y);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, r->kernel->rows);
  json_builder_set_member_name (b, "cols");
  json_builder_add_int_value (b, r->kernel->cols);
  lrb_cli_json_add_noise (b, &r->noise, r->analysis);
  /* σ̂ in the photo's linear light: the kernel was its crop over its sum. */
  json_builder_set_member_name (b, "noise_sigma_image");
  json_builder_add_double_value (b, r->noise.noise * r->light.sum);
  json_builder_set_member_name (b, "rank");
  json_builder_add_int_value (b, r->rank);
  json_builder_set_member_name (b, "n_values");
  json_builder_add_int_value (b, r->analysis->n_values);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  lrb_cli_print_json (root);
}

static void
print_text (const Report *r)
{
  g_autofree gchar *why = lrb_noise_rank_describe (&r->noise, r->analysis);
  gdouble           noise = r->noise.noise * r->light.sum;

  printf ("Light       centroid at %.2f, %.2f in %s; the kernel is centred on pixel %d, %d\n",
          r->rect.x + r->light.centroid_x, r->rect.y + r->light.centroid_y, r->image,
          r->rect.x + r->light.centre_x, r->rect.y + r->light.centre_y);
  printf ("Background  %.4g taken off (a plane fitted to the rectangle's border; its noise "
          "%.3g);\n            the light's peak stands %.4g above it\n", r->light.background,
          r->light.border_noise, r->light.peak);
  if (r->noise.noisy)
    printf ("Noise       σ̂ %.3g in the image's linear light, %.2g %% of the light's peak\n",
            noise, 100.0 * noise / r->light.peak);
  else
    printf ("Noise       none found\n");
  printf ("Noise-aware %s\n", why);
  printf ("Kernel      %d × %d at rank %d of %d, negatives set to 0, scaled to sum 1: %s\n",
          r->kernel->rows, r->kernel->cols, r->rank, r->analysis->n_values, r->output);
}

gint
lrb_cli_kernel_from_photo (gchar **argv)
{
  g_auto (LrbCliOptions)  options = { 0 };
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (GeglBuffer)  photo = NULL;
  g_autofree gdouble     *values = NULL;
  g_autofree gchar       *rect_text = NULL, *output = NULL;
  gboolean                json = FALSE;
  gint                    rank;
  Report                  report = { 0 };
  const GOptionEntry      entries[] = {
    { "rect", 0, 0, G_OPTION_ARG_STRING, &rect_text,
      "The rectangle round one out-of-focus light, in IMAGE's pixels from its top-left "
      "corner: left, top, width, height (required)", "X,Y,W,H" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The kernel text file to write (required)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Report as one JSON object instead of text", NULL },
    { NULL }
  };

  lrb_cli_options_init (&options);
  options.no_kernel_flags = TRUE;
  if (!lrb_cli_parse ("kernel-from-photo", "IMAGE --rect X,Y,W,H -o FILE",
                      "Measures a lens's kernel from a photo: the rectangle holds one\n"
                      "out-of-focus light (a street lamp, a star, a sparkle) and some background\n"
                      "round it.  The background (a plane fitted to the rectangle's border) is\n"
                      "taken off, the brightest light centred on a pixel, and the\n"
                      "kernel kept at the rank that keeps its shape and drops the photo's noise\n"
                      "(the noise-aware rank: Gavish–Donoho's threshold over the noise it\n"
                      "estimates); --rank R or full keeps R or every term instead.  Negatives\n"
                      "are set to 0 and the kernel scaled to sum 1, written as a text matrix for\n"
                      "every other command (`lrbokeh apply IN OUT FILE`).",
                      entries, &options, &argv, &error))
    return lrb_cli_report_error ("kernel-from-photo", error);
  if (g_strv_length (argv) < 2)
    lrb_cli_set_usage_error (&error, "needs the IMAGE the light is in");
  else if (g_strv_length (argv) > 2)
    lrb_cli_set_usage_error (&error, "unexpected argument '%s'", argv[2]);
  else if (!output)
    lrb_cli_set_usage_error (&error, "missing -o FILE (the kernel to write)");
  else if (options.energy_given)
    lrb_cli_set_usage_error (&error, "the rank is --rank R, full or auto-noise here, not "
                             "--energy");
  else if (options.factorization != LRB_FACTORIZATION_SVD)
    lrb_cli_set_usage_error (&error, "--factorization does not apply: this writes a kernel, "
                             "not its factors");
  if (error || !parse_rect (rect_text, &report.rect, &error) ||
      !lrb_cli_options_parse_rank (&options, &rank, &error))
    return lrb_cli_report_error ("kernel-from-photo", error);
  /* 0 asks lrb_kernel_from_highlight for the noise-aware rank, G_MAXINT
   * for every term (-1, the exact kernel, is every term too). */
  if (rank == LRB_CLI_RANK_NOISE)
    rank = 0;
  else if (rank == LRB_CLI_RANK_FULL || rank == LRB_RANK_EXACT)
    rank = G_MAXINT;

  gegl_init (NULL, NULL);
  photo = lrb_cli_load_image (argv[1], &error);
  if (photo && (values = lrb_highlight_read (photo, &report.rect, &error)))
    kernel = lrb_kernel_from_highlight (values, report.rect.width, report.rect.height, rank,
                                        &report.light, &report.noise, &report.rank, &analysis,
                                        &error);
  g_clear_object (&photo);
  lrb_gegl_exit (30.0);
  if (!kernel)
    {
      g_prefix_error (&error, "%s: ", argv[1]);
      return lrb_cli_report_error ("kernel-from-photo", error);
    }
  if (!lrb_kernel_save_text (kernel, output, &error))
    return lrb_cli_report_error ("kernel-from-photo", error);

  report.image = argv[1];
  report.output = output;
  report.analysis = analysis;
  report.kernel = kernel;
  if (json)
    print_json (&report);
  else
    print_text (&report);
  return LRB_CLI_EXIT_OK;
}
