/* lowrank-bokeh — kernel files: text matrices and images (through GEGL).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-io.h"
#include "lrb-image-check.h"

#include <errno.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* The image formats a kernel may come in, by signature.  Anything else
 * that is not text is refused here rather than handed to GEGL's loaders,
 * which warn about (and read uninitialised memory on) garbage. */
static gboolean
has_image_signature (const gchar *contents, gsize length)
{
  static const struct { const gchar *bytes; gsize length; } signatures[] = {
    { "\x89PNG", 4 }, { "\xff\xd8\xff", 3 }, { "II*\0", 4 }, { "MM\0*", 4 },
    { "\x76\x2f\x31\x01", 4 }, { "GIF8", 4 }, { "P5", 2 }, { "P6", 2 }, { "#?RADIANCE", 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (length >= signatures[i].length &&
        memcmp (contents, signatures[i].bytes, signatures[i].length) == 0)
      return TRUE;
  /* WebP: "RIFF", a size, "WEBP". */
  return length >= 12 && memcmp (contents, "RIFF", 4) == 0 && memcmp (contents + 8, "WEBP", 4) == 0;
}

static LrbKernel *
load_image (const gchar *path, GError **error)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglNode     *load;
  GeglRectangle extent;
  g_autofree gfloat *pixels = NULL;
  LrbKernel    *kernel;

  /* Before GEGL sees it: its loaders print libpng's raw errors and
   * half-load a truncated file. */
  if (!lrb_image_file_check (path, error))
    return NULL;
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  extent = gegl_node_get_bounding_box (load);
  if (extent.width <= 0 || extent.height <= 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO,
                   "%s: not a kernel text file, and GEGL cannot load it as an image", path);
      return NULL;
    }
  if (extent.width > LRB_KERNEL_MAX_SIDE || extent.height > LRB_KERNEL_MAX_SIDE)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "%s: image is %d×%d, larger than the %d×%d a kernel may be", path,
                   extent.width, extent.height, LRB_KERNEL_MAX_SIDE, LRB_KERNEL_MAX_SIDE);
      return NULL;
    }

  /* Premultiplied linear luminance: transparent areas weigh nothing. */
  pixels = g_new (gfloat, (gsize) extent.width * extent.height * 2);
  gegl_node_blit (load, 1.0, &extent, babl_format ("YaA float"), pixels,
                  GEGL_AUTO_ROWSTRIDE, GEGL_BLIT_DEFAULT);

  kernel = lrb_kernel_new (extent.height, extent.width, error);
  if (kernel)
    for (gsize i = 0; i < (gsize) extent.width * extent.height; i++)
      kernel->data[i] = pixels[2 * i];
  return kernel;
}

LrbKernel *
lrb_kernel_load (const gchar *path, GError **error)
{
  g_autofree gchar *contents = NULL;
  gsize             length = 0;
  GError           *local_error = NULL;
  LrbKernel        *kernel;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot read kernel file: %s",
                   local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  if (has_image_signature (contents, length))
    kernel = load_image (path, error);
  else if (memchr (contents, '\0', length))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_PARSE,
                   "%s: neither a text kernel nor an image (PNG, JPEG, TIFF, EXR, WebP, GIF, "
                   "PNM, HDR)", path);
      return NULL;
    }
  else
    kernel = lrb_kernel_parse_text (contents, length, path, error);
  if (kernel && !lrb_kernel_validate (kernel, &local_error))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL, "%s: %s", path,
                   local_error->message);
      g_error_free (local_error);
      g_clear_pointer (&kernel, lrb_kernel_free);
    }
  return kernel;
}

gboolean
lrb_kernel_save_text (const LrbKernel *kernel, const gchar *path, GError **error)
{
  g_autofree gchar *text = lrb_kernel_to_text (kernel);
  GError           *local_error = NULL;

  /* g_file_set_contents writes a temporary file and renames it. */
  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_kernel_save_png (const LrbKernel *kernel, const gchar *path, GError **error)
{
  GeglRectangle        extent = { 0, 0, kernel->cols, kernel->rows };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&extent, babl_format ("Y float"));
  g_autoptr (GeglNode)   graph = gegl_node_new ();
  g_autofree gfloat     *pixels = g_new (gfloat, (gsize) kernel->rows * kernel->cols);
  g_autofree gchar      *tmp_path = g_strdup_printf ("%s.tmp-%d.png", path, (gint) getpid ());
  gdouble               peak = 0.0;
  GeglNode             *source, *save;

  /* GEGL's saver would only warn about a missing folder. */
  {
    g_autofree gchar *dir = g_path_get_dirname (path);

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
      {
        g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot write %s: no folder %s", path, dir);
        return FALSE;
      }
  }

  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    peak = MAX (peak, kernel->data[i]);
  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    pixels[i] = peak > 0 ? CLAMP (kernel->data[i] / peak, 0.0, 1.0) : 0.0f;
  gegl_buffer_set (buffer, &extent, 0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE);

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", "gegl:png-save",
                              "path", tmp_path, "bitdepth", 16, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);

  /* GEGL's savers report nothing: a missing file is the only sign. */
  if (!g_file_test (tmp_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot write %s", path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      gint saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
