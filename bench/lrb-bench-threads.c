/* lowrank-bokeh benchmark — the GEGL operation rendered many times by many
 * GEGL threads, bit for bit.
 *
 *   lrb-bench-threads [--width W] [--height H] [--runs N] [--threads T]
 *                     [--shape NICK] [--radius R] [--rank R] [--method NICK]
 *                     [--chunk C]
 *
 * Renders the benchmark image through lowrank-bokeh:blur (loaded from
 * $GEGL_PATH) into a new buffer N times with GEGL's "threads" set to T,
 * (or, with --chunk, asks for it in C × C pieces as GIMP's display asks
 * for tiles), hashes every result and prints one line per run and a summary:
 * "N/N identical".  Exit status 1 when any run differs from the first.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gegl.h>
#include <stdlib.h>

#include "lrb-bench-image.h"
#include "lrb-bench-node.h"

typedef struct
{
  gint         width, height, runs, threads, rank, chunk;
  gdouble      radius;
  const gchar *shape, *method;
} Options;

static gchar *
render_checksum (GeglBuffer *input, const Options *o)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (input);
  g_autoptr (GeglNode) graph = gegl_node_new ();
  g_autoptr (GeglBuffer) result = NULL;
  g_autofree gfloat   *pixels = g_new (gfloat, (gsize) extent->width * extent->height * 4);
  GeglNode            *source, *op, *sink;

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", input, NULL);
  op = gegl_node_new_child (graph, "operation", "lowrank-bokeh:blur",
                            "radius", o->radius, "rank", o->rank, NULL);
  if (!lrb_bench_node_set_enum (op, "shape", o->shape) ||
      !lrb_bench_node_set_enum (op, "method", o->method))
    g_error ("lowrank-bokeh:blur has no shape '%s' or method '%s' (is GEGL_PATH set?)", o->shape,
             o->method);
  gegl_node_link (source, op);
  if (o->chunk > 0)
    {
      gint stride = extent->width * 4;

      for (gint y = 0; y < extent->height; y += o->chunk)
        for (gint x = 0; x < extent->width; x += o->chunk)
          {
            GeglRectangle piece = { x, y, MIN (o->chunk, extent->width - x),
                                    MIN (o->chunk, extent->height - y) };

            gegl_node_blit (op, 1.0, &piece, babl_format ("RGBA float"),
                            pixels + (gsize) y * stride + x * 4, stride * sizeof (gfloat),
                            GEGL_BLIT_DEFAULT);
          }
    }
  else
    {
      sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &result, NULL);
      gegl_node_link (op, sink);
      gegl_node_process (sink);
      gegl_buffer_get (result, extent, 1.0, babl_format ("RGBA float"), pixels,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    }
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pixels,
                                      (gsize) extent->width * extent->height * 4 * sizeof (gfloat));
}

int
main (int argc, char **argv)
{
  Options o = { 2560, 1600, 50, 16, 8, 0, 50.0, "polygon", "auto" };
  g_autofree gchar *shape = NULL, *method = NULL;
  GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_INT, &o.width, "Image width (2560)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &o.height, "Image height (1600)", "H" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &o.runs, "Renders (50)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads, "GEGL threads (16)", "T" },
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape, "Kernel shape (polygon)", "NICK" },
    { "radius", 0, 0, G_OPTION_ARG_DOUBLE, &o.radius, "Kernel radius (50)", "R" },
    { "rank", 0, 0, G_OPTION_ARG_INT, &o.rank, "Rank (8)", "R" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, "Method (auto)", "NICK" },
    { "chunk", 0, 0, G_OPTION_ARG_INT, &o.chunk, "Ask for C × C pieces (0: all at once)", "C" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— bit-identical threaded renders");
  g_autoptr (GError) error = NULL;
  g_autofree gchar  *first = NULL, *pieces = NULL;
  g_autofree gfloat *pixels = NULL;
  GeglRectangle      rect;
  GeglBuffer        *input;
  gint               identical = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (shape)
    o.shape = shape;
  if (method)
    o.method = method;
  /* The operation is GPL-3.0-or-later; GEGL shows it only to programs
   * that say they accept that, before gegl_init. */
  g_object_set (gegl_config (), "application-license", "GPL3", NULL);
  gegl_init (NULL, NULL);
  g_object_set (gegl_config (), "threads", o.threads, NULL);

  rect = (GeglRectangle) { 0, 0, o.width, o.height };
  pixels = g_new (gfloat, (gsize) o.width * o.height * 4);
  lrb_bench_image_fill (pixels, o.width, o.height);
  input = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  gegl_buffer_set (input, &rect, 0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE);

  for (gint run = 0; run < o.runs; run++)
    {
      g_autofree gchar *sum = render_checksum (input, &o);
      gboolean          same;

      if (!first)
        first = g_strdup (sum);
      same = g_str_equal (sum, first);
      identical += same;
      g_print ("run %2d  %.16s  %s\n", run + 1, sum, same ? "same" : "DIFFERENT");
    }
  pieces = o.chunk > 0 ? g_strdup_printf ("%d x %d pieces", o.chunk, o.chunk)
                       : g_strdup ("one request");
  g_print ("%d/%d identical (%dx%d, %s r%g rank %d, method %s, %d GEGL threads, %s)\n",
           identical, o.runs, o.width, o.height, o.shape, o.radius, o.rank, o.method, o.threads,
           pieces);
  g_object_unref (input);
  gegl_exit ();
  return identical == o.runs ? 0 : 1;
}
