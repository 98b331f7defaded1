/* lowrank-bokeh — the GIMP 2.10 dialog (libgimpui; built into the plug-in).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libgimp/gimp.h>
#include "lrb-settings.h"

G_BEGIN_DECLS

/* Shows the dialog for `drawable_id`, starting from `settings`.  TRUE when
 * the user pressed OK: `settings` then holds the choice (a painted or
 * layer kernel is saved to a file in the GIMP profile and referenced as a
 * kernel file, so last values and scripts can repeat it). */
gboolean lrb_dialog_run (gint32 drawable_id, LrbSettings *settings);

G_END_DECLS
