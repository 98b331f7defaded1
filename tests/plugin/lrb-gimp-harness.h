/* lowrank-bokeh — drives headless GIMP 2.10 or 3 for the plug-in tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>
#include "lrb-test-image.h"

G_BEGIN_DECLS

typedef struct
{
  gchar *root;      /* temporary folder: profile, inputs, outputs */
  gchar *profile;   /* GIMP2_DIRECTORY with the plug-in and script installed */
  gchar *data_home; /* XDG_DATA_HOME: GEGL's user folder, with our operation */
  gchar *lrbokeh;   /* the CLI, for comparisons */
  gboolean gimp3;   /* GIMP 3.0 (LRB_GIMP_SERIES), else 2.10 */
  GHashTable *noise; /* warnings GIMP prints without our plug-in, normalised */
} LrbGimp;

typedef enum
{
  LRB_GIMP_SCRIPT_FU,
  LRB_GIMP_PYTHON_FU  /* GIMP 3 only */
} LrbGimpInterpreter;

/* Paths come from the environment meson sets: LRB_PLUGIN, LRB_BATCH_SCRIPT,
 * LRB_API_SCRIPT, LRB_TEST_SCRIPT, LRB_GEGL_MODULE, LRBOKEH,
 * LRB_GIMP_SERIES.  Runs GIMP once to create a complete profile and again,
 * still without the plug-in and the GEGL operation, to learn GIMP's own
 * warnings (for GIMP 3 also around a layer filter of its own, in Script-Fu
 * and Python-Fu). */
LrbGimp *lrb_gimp_new  (void);
void     lrb_gimp_free (LrbGimp *gimp);
gchar   *lrb_gimp_path (const LrbGimp *gimp, const gchar *name);

/* Runs each Script-Fu expression with gimp-console -i, then quits.
 * Returns everything GIMP printed.  Fails the test on a WARNING, a
 * CRITICAL or a leaked GeglBuffer in the output that GIMP does not print
 * without our plug-in. */
gchar   *lrb_gimp_run  (const LrbGimp *gimp, const gchar *const *commands);

/* The same with a choice of interpreter (Python-Fu: GIMP 3 only). */
gchar   *lrb_gimp_run_full (const LrbGimp      *gimp,
                            LrbGimpInterpreter  interpreter,
                            const gchar *const *commands);

G_END_DECLS
