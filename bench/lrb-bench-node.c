/* lowrank-bokeh benchmark — setting GEGL node properties by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-bench-node.h"

gboolean
lrb_bench_node_set_enum (GeglNode *node, const gchar *property, const gchar *nick)
{
  GParamSpec *pspec = gegl_node_find_property (node, property);
  GEnumClass *klass;
  GEnumValue *value;

  if (!pspec || !G_IS_PARAM_SPEC_ENUM (pspec))
    return FALSE;
  klass = g_type_class_ref (pspec->value_type);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value)
    gegl_node_set (node, property, value->value, NULL);
  g_type_class_unref (klass);
  return value != NULL;
}
