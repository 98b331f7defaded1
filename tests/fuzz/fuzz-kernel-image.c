/* lowrank-bokeh — libFuzzer target for kernel files as the CLI, the GEGL
 * operation and the plug-in read them (lrb_kernel_load: the whole-file
 * check of lrb-image-check.c, then GEGL's loaders, or the text parser).
 *
 * The first byte picks the file's extension (a PNG named .jpg must be
 * refused too), the rest is the file.  Promises checked: a refusal is an
 * LRB_ERROR naming the file; an accepted kernel has a legal size and
 * finite entries, and no warning was logged while reading it (a warning
 * and a kernel is the half-loaded image that must never pass silently);
 * no critical is ever logged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-io.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
const char *__asan_default_options (void);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const gchar *const extensions[] = {
  ".png", ".jpg", ".tif", ".exr", ".pnm", ".ppm", ".pgm", ".hdr", ".webp", ".gif", ".txt",
};

/* libFuzzer's entry points take no user data, so the one fuzzing state is
 * file-static.  GEGL may warn from its own threads: the count is atomic. */
typedef struct
{
  gchar *dir;
  gint   warnings;
  gchar *last_warning;
  gboolean started;  /* warnings before the first input are printed */
} Fuzz;

static Fuzz fuzz;

/* GEGL's modules and the libraries they pull in (ICU, libjxl, poppler…)
 * keep what they allocate when loaded until exit; LeakSanitizer's report of
 * those hides nothing of ours and fails every run.  Our own leaks are
 * valgrind's (the sanitize and memcheck runs of tests/). */
const char *
__asan_default_options (void)
{
  return "detect_leaks=0";
}

static void G_GNUC_NORETURN
broken (const gchar *what, const GError *error)
{
  fprintf (stderr, "fuzz-kernel-image: %s%s%s\n", what, error ? ": " : "",
           error ? error->message : "");
  abort ();
}

static void
log_handler (const gchar *domain, GLogLevelFlags level, const gchar *message,
             gpointer user_data)
{
  Fuzz *f = user_data;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      fprintf (stderr, "fuzz-kernel-image: critical from %s: %s\n", domain ? domain : "?",
               message);
      abort ();
    }
  if (level & G_LOG_LEVEL_WARNING)
    {
      g_atomic_int_inc (&f->warnings);
      g_free (f->last_warning);
      f->last_warning = g_strdup_printf ("%s: %s", domain ? domain : "?", message);
    }
  if (!f->started && (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)))
    fprintf (stderr, "%s: %s\n", domain ? domain : "?", message);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GError *error = NULL;

  /* babl and GEGL keep caches under $XDG_CACHE_HOME: not the user's. */
  fuzz.dir = g_dir_make_tmp ("lrb-fuzz-image-XXXXXX", &error);
  if (!fuzz.dir)
    broken ("no temporary folder", error);
  g_setenv ("XDG_CACHE_HOME", fuzz.dir, TRUE);
  g_log_set_default_handler (log_handler, &fuzz);
  g_log_set_handler ("GEGL", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, log_handler, &fuzz);
  gegl_init (argc, argv);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError           *error = NULL;
  LrbKernel        *kernel;
  g_autofree gchar *path = NULL;
  g_autofree gchar *name = NULL;

  if (size < 1)
    return 0;
  name = g_strconcat ("kernel", extensions[data[0] % G_N_ELEMENTS (extensions)], NULL);
  path = g_build_filename (fuzz.dir, name, NULL);
  if (!g_file_set_contents (path, (const gchar *) data + 1, size - 1, &error))
    broken ("cannot write the input file", error);

  fuzz.started = TRUE;
  g_atomic_int_set (&fuzz.warnings, 0);
  kernel = lrb_kernel_load (path, &error);
  if (!kernel)
    {
      if (!error || error->domain != LRB_ERROR || !strstr (error->message, name))
        broken ("refused without an LRB_ERROR naming the file", error);
      g_error_free (error);
    }
  else
    {
      gsize n = (gsize) kernel->rows * kernel->cols;

      if (error)
        broken ("returned a kernel and set an error", error);
      if (g_atomic_int_get (&fuzz.warnings) > 0)
        {
          fprintf (stderr, "fuzz-kernel-image: the warning: %s\n", fuzz.last_warning);
          broken ("returned a kernel from a file that GEGL warned about", NULL);
        }
      if (kernel->rows < 1 || kernel->cols < 1 ||
          kernel->rows > LRB_KERNEL_MAX_SIDE || kernel->cols > LRB_KERNEL_MAX_SIDE)
        broken ("accepted a kernel of illegal size", NULL);
      for (gsize i = 0; i < n; i++)
        if (!isfinite (kernel->data[i]))
          broken ("accepted a non-finite entry", NULL);
      lrb_kernel_free (kernel);
    }
  g_unlink (path);
  return 0;
}
