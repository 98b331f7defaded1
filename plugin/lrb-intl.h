/* lowrank-bokeh — gettext for the plug-in and the dialog.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n-lib.h>
