/* lowrank-bokeh — prints the largest difference between two images, in
 * 8-bit steps of their perceptual RGB, for the shell-driven GUI test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gegl.h>
#include <math.h>
#include <stdio.h>

static gdouble *
load (const gchar *path, GeglRectangle *extent)
{
  GeglNode   *graph = gegl_node_new ();
  GeglNode   *node = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  gdouble    *pixels;

  *extent = gegl_node_get_bounding_box (node);
  pixels = g_new (gdouble, (gsize) extent->width * extent->height * 3);
  gegl_node_blit (node, 1.0, extent, babl_format ("R'G'B' double"), pixels,
                  GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);
  g_object_unref (graph);
  return pixels;
}

int
main (int argc, char **argv)
{
  GeglRectangle ea, eb;
  gdouble      *a, *b, worst = 0.0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s A B\n", argv[0]);
      return 2;
    }
  gegl_init (&argc, &argv);
  a = load (argv[1], &ea);
  b = load (argv[2], &eb);
  if (ea.width <= 0 || !gegl_rectangle_equal (&ea, &eb))
    {
      fprintf (stderr, "%s and %s differ in size or did not load\n", argv[1], argv[2]);
      return 1;
    }
  for (gsize i = 0; i < (gsize) ea.width * ea.height * 3; i++)
    worst = MAX (worst, fabs (a[i] - b[i]));
  printf ("%.3f\n", worst * 255.0);
  g_free (a);
  g_free (b);
  gegl_exit ();
  return 0;
}
