/* lowrank-bokeh — image files for the tests, through GEGL.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-test-image.h"

void
lrb_test_save_png (GeglBuffer *buffer, const gchar *path, gint bitdepth)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglNode            *source, *save;

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                              "bitdepth", bitdepth, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

GeglBuffer *
lrb_test_load (const gchar *path)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglBuffer          *buffer = NULL;
  GeglNode            *load, *sink;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_assert_nonnull (buffer);
  return buffer;
}

gchar *
lrb_test_file_checksum (const gchar *path)
{
  g_autofree gchar *contents = NULL;
  gsize             length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}
