/* lowrank-bokeh — libFuzzer target for the GEGL operations lowrank-bokeh:blur
 * and lowrank-bokeh:depth-blur (operation/lrb-op-blur.c), loaded from the
 * build folder as GEGL loads them.
 *
 * The input's first byte picks the operation and, for depth-blur, whether
 * a fuzzed depth map (NaN and values beyond 0 … 1 included) is on its aux
 * input or none (then its focus region, if any, makes one).  The next
 * bytes pick a value for every property the operation lists
 * (its default, its minimum or maximum, any value between, NaN, ±∞, any
 * double, every enum value and out-of-range ones, a missing, a folder or a
 * fuzzed kernel file), and then a small RGBA image, rendered through the
 * operation.  Values GObject refuses (out of range, NaN) must be refused
 * there and never reach the operation.  Promises checked: no critical is
 * logged; a render without a warning is finite everywhere; a render with
 * one (bad settings) is the input, unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gegl.h>
#include <gmodule.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
const char *__asan_default_options (void);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define OPERATION       "lowrank-bokeh:blur"
#define DEPTH_OPERATION "lowrank-bokeh:depth-blur"
#define WIDTH     13
#define HEIGHT    11
/* Large radii only cost time (the scale script's job, bench/run-scale.sh):
 * here the point is odd combinations, so the radius stays below this. */
#define MAX_FUZZ_RADIUS 24.0

/* libFuzzer's entry points take no user data, so the one fuzzing state is
 * file-static.  GEGL may warn from its worker threads: the count is atomic. */
typedef struct
{
  gchar *dir;
  gint   warnings;
  gboolean started;  /* warnings before the first input are printed */
} Fuzz;

static Fuzz fuzz;

typedef struct
{
  const uint8_t *data;
  size_t         size, pos;
} Reader;

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
broken (const gchar *what)
{
  fprintf (stderr, "fuzz-operation: %s\n", what);
  abort ();
}

static guint8
take_byte (Reader *r)
{
  return r->pos < r->size ? r->data[r->pos++] : 0;
}

static guint64
take_bits (Reader *r, gint n_bytes)
{
  guint64 bits = 0;

  for (gint i = 0; i < n_bytes; i++)
    bits = bits << 8 | take_byte (r);
  return bits;
}

static void
log_handler (const gchar *domain, GLogLevelFlags level, const gchar *message,
             gpointer user_data)
{
  Fuzz *f = user_data;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      fprintf (stderr, "fuzz-operation: critical from %s: %s\n", domain ? domain : "?",
               message);
      abort ();
    }
  if (level & G_LOG_LEVEL_WARNING)
    g_atomic_int_inc (&f->warnings);
  if (!f->started && (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)))
    fprintf (stderr, "%s: %s\n", domain ? domain : "?", message);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GError  *error = NULL;
  GModule *module;

  fuzz.dir = g_dir_make_tmp ("lrb-fuzz-op-XXXXXX", &error);
  if (!fuzz.dir)
    broken ("no temporary folder");
  g_setenv ("XDG_CACHE_HOME", fuzz.dir, TRUE);
  g_log_set_default_handler (log_handler, &fuzz);
  g_log_set_handler ("GEGL", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, log_handler, &fuzz);
  /* As tests/operation: GEGL_PATH replaces GEGL's own module folder, which
   * gegl:buffer-source needs too. */
  g_setenv ("GEGL_PATH", LRB_OPERATION_DIR ":" LRB_GEGL_MODULE_DIR, TRUE);
  /* The operation is GPL-3.0-or-later: GEGL lists it only for programs
   * that accept GPL3 (set before gegl_init, as tests/operation does). */
  g_object_set (gegl_config (), "application-license", "GPL3", NULL);
  /* GEGL unloads a module whose types are out of use, and libFuzzer's
   * coverage counters inside it would go with it: loaded here first, it
   * stays where the counters were registered. */
  for (gint i = 0; i < 2; i++)
    {
      module = g_module_open (i == 0 ? LRB_OPERATION_DIR "/lowrank-bokeh-op." G_MODULE_SUFFIX
                                     : LRB_OPERATION_DIR "/lowrank-bokeh-depth-op."
                                       G_MODULE_SUFFIX, 0);
      if (!module)
        broken (g_module_error ());
      g_module_make_resident (module);
    }
  gegl_init (argc, argv);
  if (!gegl_has_operation (OPERATION) || !gegl_has_operation (DEPTH_OPERATION))
    broken ("the operations did not load from " LRB_OPERATION_DIR);
  return 0;
}

/* A double for `spec`: the edges and specials as often as values inside. */
static void
pick_double (Reader *r, GParamSpecDouble *spec, GValue *value)
{
  gdouble top = strcmp (G_PARAM_SPEC (spec)->name, "radius") == 0
                  ? MIN (spec->maximum, MAX_FUZZ_RADIUS) : spec->maximum;
  gdouble x;

  switch (take_byte (r) % 8)
    {
    case 0: x = spec->default_value; break;
    case 1: x = spec->minimum; break;
    case 2: x = top; break;
    case 3: x = NAN; break;
    case 4: x = take_byte (r) & 1 ? INFINITY : -INFINITY; break;
    case 5:
      {
        guint64 bits = take_bits (r, 8);

        memcpy (&x, &bits, sizeof x);
      }
      break;
    default:
      x = spec->minimum + (top - spec->minimum) * take_bits (r, 2) / 65535.0;
      break;
    }
  if (top < spec->maximum && x > top && isfinite (x) && x <= spec->maximum)
    x = top;
  g_value_set_double (value, x);
}

static void
pick_int (Reader *r, GParamSpecInt *spec, GValue *value)
{
  gint64 span = (gint64) spec->maximum - spec->minimum + 1;
  gint   x;

  switch (take_byte (r) % 6)
    {
    case 0: x = spec->default_value; break;
    case 1: x = spec->minimum; break;
    case 2: x = spec->maximum; break;
    case 3: x = (gint) take_bits (r, 4); break;
    default: x = spec->minimum + (gint) (take_bits (r, 2) % span); break;
    }
  g_value_set_int (value, x);
}

static void
pick_enum (Reader *r, GParamSpecEnum *spec, GValue *value)
{
  GEnumClass *klass = spec->enum_class;
  guint8      b = take_byte (r);

  /* Now and then a number that is no value of the enum. */
  if (b % 16 == 15)
    g_value_set_enum (value, klass->maximum + 1 + take_byte (r));
  else
    g_value_set_enum (value, klass->values[b % klass->n_values].value);
}

static void
pick_string (Reader *r, GValue *value)
{
  g_autofree gchar *path = g_build_filename (fuzz.dir, "kernel.txt", NULL);
  guint8            n;

  switch (take_byte (r) % 4)
    {
    case 0: g_value_set_string (value, ""); break;
    case 1: g_value_take_string (value, g_build_filename (fuzz.dir, "missing", NULL)); break;
    case 2: g_value_set_string (value, fuzz.dir); break;
    default:
      /* A text kernel of the next n bytes. */
      n = take_byte (r);
      n = MIN (n, r->size - r->pos);
      if (!g_file_set_contents (path, (const gchar *) r->data + r->pos, n, NULL))
        broken ("cannot write the kernel file");
      r->pos += n;
      g_value_set_string (value, path);
      break;
    }
}

/* Sets what GObject accepts; what it would refuse (with its own warning)
 * must be out of range, and is left out. */
static void
set_properties (Reader *r, GeglNode *node, const gchar *operation)
{
  guint        n_specs;
  GParamSpec **specs = gegl_operation_list_properties (operation, &n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      GParamSpec *spec = specs[i];
      GValue      value = G_VALUE_INIT;

      g_value_init (&value, spec->value_type);
      if (G_IS_PARAM_SPEC_DOUBLE (spec))
        pick_double (r, G_PARAM_SPEC_DOUBLE (spec), &value);
      else if (G_IS_PARAM_SPEC_INT (spec))
        pick_int (r, G_PARAM_SPEC_INT (spec), &value);
      else if (G_IS_PARAM_SPEC_ENUM (spec))
        pick_enum (r, G_PARAM_SPEC_ENUM (spec), &value);
      else if (G_IS_PARAM_SPEC_STRING (spec))
        pick_string (r, &value);
      else if (G_IS_PARAM_SPEC_BOOLEAN (spec))
        g_value_set_boolean (&value, take_byte (r) & 1);
      else
        g_param_value_set_default (spec, &value);

      if (!g_param_value_validate (spec, &value))
        gegl_node_set_property (node, spec->name, &value);
      g_value_unset (&value);
    }
  g_free (specs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Reader         r = { data, size, 0 };
  GeglRectangle  rect = { 0, 0, WIDTH, HEIGHT };
  GeglBuffer    *input = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  GeglNode      *graph = gegl_node_new ();
  GeglNode      *source, *blur;
  GeglBuffer    *depth = NULL;
  gfloat         in[WIDTH * HEIGHT * 4], out[WIDTH * HEIGHT * 4];
  guint8         which = take_byte (&r);
  const gchar   *operation = which & 1 ? DEPTH_OPERATION : OPERATION;

  blur = gegl_node_new_child (graph, "operation", operation, NULL);
  set_properties (&r, blur, operation);
  if ((which & 3) == 3)
    {
      gfloat map[WIDTH * HEIGHT];

      /* −0.5 … 3.75, and NaN for one byte value in 256. */
      for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
        {
          guint8 b = take_byte (&r);

          map[i] = b == 255 ? NAN : -0.5f + b / 60.0f;
        }
      depth = gegl_buffer_new (&rect, babl_format ("Y float"));
      gegl_buffer_set (depth, &rect, 0, babl_format ("Y float"), map, GEGL_AUTO_ROWSTRIDE);
      gegl_node_connect_to (gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                                 "buffer", depth, NULL), "output", blur, "aux");
    }
  /* Linear light from a little below black to HDR highlights. */
  for (gsize i = 0; i < G_N_ELEMENTS (in); i++)
    in[i] = -0.25f + take_byte (&r) / 60.0f;
  gegl_buffer_set (input, &rect, 0, babl_format ("RGBA float"), in, GEGL_AUTO_ROWSTRIDE);
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", input,
                                NULL);
  gegl_node_link (source, blur);

  fuzz.started = TRUE;
  g_atomic_int_set (&fuzz.warnings, 0);
  gegl_node_blit (blur, 1.0, &rect, babl_format ("RGBA float"), out, GEGL_AUTO_ROWSTRIDE,
                  GEGL_BLIT_DEFAULT);
  if (g_atomic_int_get (&fuzz.warnings) > 0)
    {
      if (memcmp (in, out, sizeof in) != 0)
        broken ("warned, but the image did not pass through unchanged");
    }
  else
    for (gsize i = 0; i < G_N_ELEMENTS (out); i++)
      if (!isfinite (out[i]))
        broken ("a render without a warning has a non-finite pixel");

  g_object_unref (graph);
  g_object_unref (input);
  g_clear_object (&depth);
  return 0;
}
