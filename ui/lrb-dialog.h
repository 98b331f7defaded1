/* lowrank-bokeh — the dialog for GIMP 2.10 and GIMP 3 (libgimpui; built into the plug-in).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* Shows the dialog for `drawable`, starting from `settings` and the depth
 * map `*depth` (LRB_NO_DRAWABLE: none).  TRUE when the user pressed OK:
 * `settings` and `*depth` then hold the choice (a painted or layer kernel
 * is saved to a file in the GIMP profile and referenced as a kernel file,
 * so last values and scripts can repeat it). */
gboolean lrb_dialog_run (LrbDrawable drawable, LrbDrawable *depth, LrbSettings *settings);

/* Why OK cannot keep the result as an editable filter (translated), or
 * NULL when it can. */
typedef const gchar *(*LrbDialogFilterCheck) (const LrbSettings *settings, LrbDrawable depth);

/* GIMP 3: what OK makes of the result.  The dialog offers the choice
 * between an editable layer filter and pixels, says when the filter is
 * not possible, and hands the choice back in `as_filter`. */
typedef struct
{
  gboolean             as_filter;   /* in: the remembered choice; out: the user's */
  LrbDialogFilterCheck unavailable;
} LrbDialogResult;

gboolean lrb_dialog_run_full (LrbDrawable drawable, LrbDrawable *depth, LrbSettings *settings,
                              LrbDialogResult *result);

G_END_DECLS
