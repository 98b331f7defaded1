/* lowrank-bokeh — the Look page's lens and film rows: the cat's eye, the
 * brightness profile, the swirl and the oval (issue 28) and grain that
 * matches the photo's (issue 29).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gimpui-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbDialogLook LrbDialogLook;

/* Called when settings->field or settings->grain changed. */
typedef void (*LrbDialogLookChanged) (gpointer data);

/* Controls that write settings->field's lens effects and settings->grain
 * (the seed stays as it is: the same grain run after run). */
LrbDialogLook *lrb_dialog_look_new    (LrbSettings *settings, LrbDialogLookChanged changed,
                                       gpointer data);
void           lrb_dialog_look_free   (LrbDialogLook *look);

/* Eight rows of a three-column table, from `row` on (three of them
 * hidden behind an expander). */
void           lrb_dialog_look_attach (LrbDialogLook *look, GtkTable *table, gint row);

/* Puts the settings into the widgets, without a change signal. */
void           lrb_dialog_look_load   (LrbDialogLook *look);

/* The grain measured in the photo (NULL: not known), shown in the level's
 * place while the level is measured. */
void           lrb_dialog_look_show_measured (LrbDialogLook *look, const LrbGrain *grain);

G_END_DECLS
