/* lowrank-bokeh — error domain shared by the whole core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LRB_ERROR (lrb_error_quark ())

typedef enum
{
  LRB_ERROR_PARSE,            /* a kernel file is malformed */
  LRB_ERROR_INVALID_KERNEL,   /* NaN, zero sum, empty, absurd size */
  LRB_ERROR_INVALID_ARGUMENT, /* a setting out of its range */
  LRB_ERROR_NOT_INTEGER_RANK1,
  LRB_ERROR_MEMORY,           /* the memory limit cannot be met */
  LRB_ERROR_IO,               /* reading or writing a file failed */
  LRB_ERROR_NUMERIC           /* LAPACK did not converge */
} LrbError;

GQuark lrb_error_quark (void);

G_END_DECLS
