/* lowrank-bokeh — the GIMP 3 procedures' arguments: the same names,
 * meanings and ranges as GIMP 2.10's (lrb-plugin-params.c), as typed
 * GimpProcedure arguments, and LrbSettings to and from a
 * GimpProcedureConfig (which keeps the last values).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* `version` 2: plug-in-lowrank-bokeh2, whose trailing `factorization`
 * scripts pass; 3: plug-in-lowrank-bokeh3, with the highlight and depth
 * arguments after it; 1: plug-in-lowrank-bokeh keeps its argument list and
 * remembers the dialog's choice of factorization as an aux argument. */
void     lrb_gimp3_add_apply_args     (GimpProcedure *procedure, gint version);
void     lrb_gimp3_add_analyze_args   (GimpProcedure *procedure);
void     lrb_gimp3_add_check_image_args (GimpProcedure *procedure);
void     lrb_gimp3_add_measure_args   (GimpProcedure *procedure);

/* `with_aux`: also the dialog's further shape parameters (and, for
 * plug-in-lowrank-bokeh, the factorization), which scripts cannot pass (a
 * script's call starts from their defaults, as in 2.10).
 * FALSE with a message naming the argument when a value is refused. */
gboolean lrb_gimp3_settings_from_config (GimpProcedureConfig *config, gboolean with_aux,
                                         LrbSettings *settings, GError **error);
/* The dialog's choice, so that GIMP remembers it as the last values. */
void     lrb_gimp3_settings_to_config   (const LrbSettings *settings,
                                         GimpProcedureConfig *config);
/* Whether the config's procedure has this argument (analyze has no rank,
 * the first two procedures no depth-map). */
gboolean lrb_gimp3_config_has           (GimpProcedureConfig *config, const gchar *name);

G_END_DECLS
