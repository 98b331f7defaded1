/* lowrank-bokeh — `lrbokeh`: analyze kernels, export their separable
 * factors, draw them, and blur image files with them (DESIGN.md §4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const gchar *name;
  gint       (*run) (gchar **argv);
  const gchar *synopsis;
} Command;

static const Command commands[] = {
  { "analyze", lrb_cli_analyze,
    "analyze [KERNEL] [--json]             singular values, energies, errors per rank" },
  { "factors", lrb_cli_factors,
    "factors [KERNEL] --rank R --format F  the 1-D filters (text, json, c, glsl)" },
  { "kernel",  lrb_cli_kernel,
    "kernel [KERNEL] --rank R -o OUT.png   kernel, rank-R approximation, difference" },
  { "plot",    lrb_cli_plot,
    "plot [KERNEL] -o OUT.png|OUT.svg      singular values and cumulative energies" },
  { "apply",   lrb_cli_apply,
    "apply IN OUT [KERNEL] --rank R|--energy E   blur an image file" },
  { "kernel-from-photo", lrb_cli_kernel_from_photo,
    "kernel-from-photo IMAGE --rect X,Y,W,H -o FILE   a lens's kernel from one light" },
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: lrbokeh COMMAND [OPTION…]\n\n"
           "Low-rank separable bokeh: a 2-D kernel split by SVD into rank × (vertical, horizontal)\n"
           "1-D filters.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].synopsis);
  fprintf (out,
           "\nKERNEL is a text matrix or an image file; without it, --shape NAME --radius R …\n"
           "builds one (disc, polygon, hexagon, box, gaussian, exponential, dog, ring,\n"
           "skewed-box).  `lrbokeh COMMAND --help` lists a command's options.\n"
           "Exit status: 0 success, 1 bad input, 2 usage error.\n");
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) args = NULL;
  const gchar   *name;

  setlocale (LC_ALL, "");
  /* Numbers go to files, pipes and source code: never "0,5". */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    {
      print_usage (stderr);
      return LRB_CLI_EXIT_USAGE;
    }
  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      if (argc < 3 || strcmp (name, "help") != 0)
        {
          print_usage (stdout);
          return LRB_CLI_EXIT_OK;
        }
      /* `lrbokeh help apply` is `lrbokeh apply --help`. */
      name = argv[2];
      args = g_new0 (gchar *, 3);
      args[0] = g_strdup (name);
      args[1] = g_strdup ("--help");
    }
  else if (strcmp (name, "--version") == 0)
    {
      printf ("lrbokeh %s\n", LRB_VERSION);
      return LRB_CLI_EXIT_OK;
    }
  else
    args = g_strdupv (argv + 1);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      return commands[i].run (args);

  g_printerr ("lrbokeh: unknown command '%s'\n\n", name);
  print_usage (stderr);
  return LRB_CLI_EXIT_USAGE;
}
