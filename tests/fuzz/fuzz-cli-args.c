/* lowrank-bokeh — libFuzzer target for `lrbokeh apply`'s arguments
 * (cli/lrb-cli-apply-args.c, cli/lrb-cli-kernel-options.c).
 *
 * The input is an argument list, NUL-separated, after "apply".  The parse
 * and every check run as the CLI runs them; then the promises are checked:
 * a refusal is a GOption usage error or an LRB_ERROR with a message; an
 * accepted set has settings that validate, a rank in its range, a gamma
 * in 1…10, highlight thresholds in order, and a shape whose kernel (built
 * when small enough to be cheap) is finite and sums to 1 when normalized.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Kernels up to this radius are built as well (≤ 65 × 65 samples). */
#define CHEAP_RADIUS 32.0

static void G_GNUC_NORETURN
broken (const gchar *what, const GError *error)
{
  fprintf (stderr, "fuzz-cli-args: %s%s%s\n", what, error ? ": " : "",
           error ? error->message : "");
  abort ();
}

/* GOption answers --help by printing and calling exit(): not a finding. */
static gboolean
asks_for_help (const gchar *arg)
{
  if (g_str_has_prefix (arg, "--help"))
    return TRUE;
  return arg[0] == '-' && arg[1] != '-' && (strchr (arg, 'h') || strchr (arg, '?'));
}

static gchar **
split_arguments (const uint8_t *data, size_t size)
{
  GPtrArray *args = g_ptr_array_new ();
  size_t     start = 0;

  g_ptr_array_add (args, g_strdup ("apply"));
  for (size_t i = 0; i <= size; i++)
    if (i == size || data[i] == '\0')
      {
        gchar *arg = g_strndup ((const gchar *) data + start, i - start);

        if (asks_for_help (arg))
          g_free (arg);
        else
          g_ptr_array_add (args, arg);
        start = i + 1;
      }
  g_ptr_array_add (args, NULL);
  return (gchar **) g_ptr_array_free (args, FALSE);
}

static void
check_refusal (const GError *error)
{
  if (!error || !error->message || !*error->message)
    broken ("refused without a message", error);
  if (error->domain != G_OPTION_ERROR && error->domain != LRB_ERROR)
    broken ("refused with an error that is neither a usage error nor LRB_ERROR", error);
}

static gboolean
is_cheap (const LrbKernelSpec *spec)
{
  return spec->shape != LRB_SHAPE_FILE && spec->radius <= CHEAP_RADIUS &&
         spec->width <= 2 * CHEAP_RADIUS + 1 && spec->height <= 2 * CHEAP_RADIUS + 1;
}

static void
check_kernel (const LrbKernelSpec *spec)
{
  GError    *error = NULL;
  LrbKernel *kernel = lrb_kernel_new_from_spec (spec, &error);
  gsize      n;
  gdouble    sum = 0;

  if (!kernel)
    {
      check_refusal (error);
      g_error_free (error);
      return;
    }
  n = (gsize) kernel->rows * kernel->cols;
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (kernel->data[i]))
        broken ("a shape gave a non-finite kernel entry", NULL);
      sum += kernel->data[i];
    }
  if (spec->normalize && fabs (sum - 1.0) > 1e-6)
    broken ("a normalized kernel does not sum to 1", NULL);
  lrb_kernel_free (kernel);
}

static void
check_accepted (const LrbCliApplyArgs *args, const LrbSettings *settings, gint rank)
{
  GError *error = NULL;

  if (!lrb_settings_validate (settings, &error))
    broken ("accepted settings that do not validate", error);
  if (!lrb_kernel_spec_check (&settings->kernel, &error))
    broken ("accepted a kernel spec that does not check", error);
  if (!(args->gamma >= 1.0 && args->gamma <= LRB_MAX_GAMMA))
    broken ("accepted a gamma outside 1 to 10", NULL);
  if (!(args->highlights.stops >= 0.0 && args->highlights.stops <= LRB_HIGHLIGHT_MAX_STOPS &&
        args->highlights.low >= 0.0 && args->highlights.low < args->highlights.high))
    broken ("accepted highlight settings out of range or order", NULL);
  if (!(settings->focus.focus >= 0.0 && settings->focus.focus <= 1.0 &&
        settings->focus.tolerance >= 0.0 && settings->focus.tolerance < 1.0))
    broken ("accepted a focus or tolerance outside its range", NULL);
  if (!args->depth_path && (args->focus || args->focus_tolerance || args->depth_invert))
    broken ("accepted focus flags without --depth", NULL);
  if (!lrb_focus_region_validate (&args->region, NULL) ||
      (args->region.shape != LRB_FOCUS_REGION_NONE && args->depth_path))
    broken ("accepted a focus region out of range, or with --depth", NULL);
  if (rank != 0 && rank != LRB_RANK_EXACT && rank != LRB_CLI_RANK_FULL &&
      rank != LRB_CLI_RANK_NOISE &&
      !(rank >= 1 && rank <= LRB_KERNEL_MAX_SIDE))
    broken ("accepted a rank outside its range", NULL);
  if (args->exact && (args->options.energy_given || (args->options.rank_text &&
                                                     rank != LRB_RANK_EXACT)))
    broken ("accepted --exact together with --rank or --energy", NULL);
  if (!args->in_path || !args->out_path)
    broken ("accepted without IN and OUT", NULL);
  if (is_cheap (&settings->kernel))
    check_kernel (&settings->kernel);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gchar          **argv = split_arguments (data, size);
  GError          *error = NULL;
  LrbCliApplyArgs  args;
  LrbSettings      settings;
  gint             rank = 0;

  lrb_cli_apply_args_init (&args);
  lrb_settings_init (&settings);
  if (!lrb_cli_apply_parse (&args, &argv, &error) ||
      !lrb_cli_apply_args_to_settings (&args, &settings, &rank, &error))
    {
      check_refusal (error);
      g_error_free (error);
    }
  else if (error)
    broken ("accepted and set an error", error);
  else
    check_accepted (&args, &settings, rank);

  lrb_settings_clear (&settings);
  lrb_cli_apply_args_clear (&args);
  g_strfreev (argv);
  return 0;
}
