/* lowrank-bokeh — kernels kept in the GIMP profile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-profile.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libgimp/gimp.h>

#include "lrb-error.h"

gchar *
lrb_profile_save_kernel_text (const gchar *text, const gchar *prefix, GError **error)
{
  g_autofree gchar *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree gchar *dir = g_build_filename (gimp_directory (), "lowrank-bokeh", "kernels", NULL);
  g_autofree gchar *name = g_strdup_printf ("%s-%.16s.txt", prefix, digest);
  g_autofree gchar *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot create the folder %s: %s", dir,
                   g_strerror (errno));
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !g_file_set_contents (path, text, -1, error))
    return NULL;
  return g_steal_pointer (&path);
}
