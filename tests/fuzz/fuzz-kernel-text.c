/* lowrank-bokeh — libFuzzer target for the kernel text parser
 * (core/kernel/lrb-kernel-text.c, DESIGN.md §4).
 *
 * Besides crashes and sanitizer reports it checks the parser's promises:
 * a refusal is an LRB_ERROR whose message starts with the source name; an
 * accepted kernel has a legal size and finite entries, and writing it out
 * with lrb_kernel_to_text and parsing that gives the same bits back.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void G_GNUC_NORETURN
broken (const gchar *what, const GError *error)
{
  fprintf (stderr, "fuzz-kernel-text: %s%s%s\n", what, error ? ": " : "",
           error ? error->message : "");
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError    *error = NULL;
  LrbKernel *kernel, *again;
  gchar     *text;
  gsize      n;

  /* libFuzzer hands over a heap block of exactly `size` bytes: reading a
   * terminating NUL that is not there is caught by ASan. */
  kernel = lrb_kernel_parse_text ((const gchar *) data, size, "fuzz", &error);
  if (!kernel)
    {
      if (!error || error->domain != LRB_ERROR || !g_str_has_prefix (error->message, "fuzz"))
        broken ("refused without an LRB_ERROR naming the source", error);
      g_error_free (error);
      return 0;
    }
  if (error)
    broken ("returned a kernel and set an error", error);

  if (kernel->rows < 1 || kernel->cols < 1 ||
      kernel->rows > LRB_KERNEL_MAX_SIDE || kernel->cols > LRB_KERNEL_MAX_SIDE)
    broken ("accepted a kernel of illegal size", NULL);
  n = (gsize) kernel->rows * kernel->cols;
  for (gsize i = 0; i < n; i++)
    if (!isfinite (kernel->data[i]))
      broken ("accepted a non-finite entry", NULL);

  text = lrb_kernel_to_text (kernel);
  again = lrb_kernel_parse_text (text, strlen (text), "round-trip", &error);
  if (!again)
    broken ("cannot parse its own output", error);
  if (again->rows != kernel->rows || again->cols != kernel->cols ||
      memcmp (again->data, kernel->data, n * sizeof (gdouble)) != 0)
    broken ("round trip through lrb_kernel_to_text changed the kernel", NULL);

  g_free (text);
  lrb_kernel_free (again);
  lrb_kernel_free (kernel);
  return 0;
}
