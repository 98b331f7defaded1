/* Prints the help IDs the plug-in asks GIMP for, one a line: the dialog's
 * Help button (LRB_HELP_ID) and each procedure's, which both GIMPs take
 * from the procedure's name.  check-help.py wants each mapped.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "lrb-plugin-compat.h"

int
main (void)
{
  const char *ids[] = { LRB_HELP_ID, LRB_PROC_APPLY, LRB_PROC_APPLY2, LRB_PROC_ANALYZE,
                        LRB_PROC_CHECK_IMAGE };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    printf ("%s\n", ids[i]);
  return 0;
}
