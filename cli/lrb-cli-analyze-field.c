/* lowrank-bokeh — `lrbokeh analyze --cats-eye/--swirl …`: how the field's
 * error falls, and its cost grows, as the zones shrink (the accuracy knob,
 * reported as the rank's is).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <stdio.h>

/* The spacings reported: these fractions of the chosen one. */
static const gdouble zone_fractions[] = { 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0 };

void
lrb_cli_field_report_init (LrbCliFieldReport *r)
{
  memset (r, 0, sizeof *r);
  lrb_field_init (&r->field);
}

void
lrb_cli_field_report_clear (LrbCliFieldReport *r)
{
  g_free (r->frame_text);
  g_free (r->rows);
  lrb_field_init (&r->field);
  r->frame_text = NULL;
  r->rows = NULL;
}

static gboolean
parse_frame (const gchar *text, gint *width, gint *height)
{
  gchar *end;
  gint64 w, h;

  w = g_ascii_strtoll (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end)
    return FALSE;
  if (w < 1 || h < 1 || w > LRB_FIELD_MAX_ZONE || h > LRB_FIELD_MAX_ZONE)
    return FALSE;
  *width = (gint) w;
  *height = (gint) h;
  return TRUE;
}

gboolean
lrb_cli_field_report_make (LrbCliFieldReport *r, const LrbKernel *kernel, GError **error)
{
  g_autoptr (LrbKernel) base = NULL;
  gint                  chosen;

  if (lrb_field_is_uniform (&r->field) && !r->frame_text && !r->field.zone_size)
    return TRUE;
  {
    g_autoptr (GError) invalid = NULL;

    if (!lrb_field_validate (&r->field, &invalid))
      {
        lrb_cli_set_usage_error (error, "%s", invalid->message);
        return FALSE;
      }
  }
  if (!lrb_field_varies (&r->field))
    {
      lrb_cli_set_usage_error (error, "--frame and --field-zone report the zones of "
                               "--cats-eye or --swirl: give one of them");
      return FALSE;
    }
  if (!r->frame_text)
    {
      lrb_cli_set_usage_error (error, "--cats-eye and --swirl change with the place in the "
                               "frame: give the image's size as --frame WIDTHxHEIGHT");
      return FALSE;
    }
  if (!parse_frame (r->frame_text, &r->width, &r->height))
    {
      lrb_cli_set_usage_error (error, "--frame '%s' is not WIDTHxHEIGHT in pixels, 1 to %d "
                               "each (such as 2560x1600)", r->frame_text, LRB_FIELD_MAX_ZONE);
      return FALSE;
    }
  base = lrb_field_base (&r->field, kernel);
  chosen = r->chosen = lrb_field_zone_size (&r->field, base, r->width, r->height);
  r->rows = g_new0 (LrbCliFieldRow, G_N_ELEMENTS (zone_fractions) + 1);
  for (gsize i = 0; i <= G_N_ELEMENTS (zone_fractions); i++)
    {
      gint zone = i < G_N_ELEMENTS (zone_fractions)
                    ? MAX (LRB_FIELD_MIN_ZONE, (gint) (zone_fractions[i] * chosen + 0.5))
                    : chosen;
      LrbCliFieldRow *row = &r->rows[r->n];

      /* The chosen one is in the list already unless rounding moved it. */
      if (i == G_N_ELEMENTS (zone_fractions) || (r->n && r->rows[r->n - 1].zone == zone))
        continue;
      row->zone = zone;
      row->nx = lrb_field_zone_count (r->width, zone);
      row->ny = lrb_field_zone_count (r->height, zone);
      row->error = lrb_field_zone_error (&r->field, base, r->width, r->height, zone,
                                         &row->work);
      r->n++;
    }
  return TRUE;
}

void
lrb_cli_field_report_print (const LrbCliFieldReport *r)
{
  const LrbField *f = &r->field;

  if (!r->n)
    return;
  printf ("\nField       cat's eye %g, swirl %g, aspect %g at %g° over a %d × %d frame: the "
          "zones' error\n            by their spacing (%s; * the run's)\n\n",
          f->cats_eye, f->swirl, f->aspect, f->aspect_rotation, r->width, r->height,
          f->zone_size ? "--field-zone" : "the default");
  printf ("   zone px     zones   rel. error   work\n");
  for (gint i = 0; i < r->n; i++)
    printf ("%c %8d  %4d × %-3d  %9.3f %%  %5.2f×\n", r->rows[i].zone == r->chosen ? '*' : ' ',
            r->rows[i].zone, r->rows[i].nx, r->rows[i].ny, 100.0 * r->rows[i].error,
            r->rows[i].work);
  printf ("\nrel. error = over a grid of places, ‖blend of the zones' kernels − the place's "
          "own‖ / ‖own‖:\n"
          "             the run's error on white noise; a photo's is several times less\n"
          "work       = the pieces' area with their halos over the image's (one plain blur: "
          "about 1)\n");
}

void
lrb_cli_field_report_json (const LrbCliFieldReport *r, JsonBuilder *builder)
{
  if (!r->n)
    return;
  json_builder_set_member_name (builder, "field");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cats_eye");
  json_builder_add_double_value (builder, r->field.cats_eye);
  json_builder_set_member_name (builder, "swirl");
  json_builder_add_double_value (builder, r->field.swirl);
  json_builder_set_member_name (builder, "aspect");
  json_builder_add_double_value (builder, r->field.aspect);
  json_builder_set_member_name (builder, "aspect_rotation");
  json_builder_add_double_value (builder, r->field.aspect_rotation);
  json_builder_set_member_name (builder, "frame_width");
  json_builder_add_int_value (builder, r->width);
  json_builder_set_member_name (builder, "frame_height");
  json_builder_add_int_value (builder, r->height);
  json_builder_set_member_name (builder, "zone");
  json_builder_add_int_value (builder, r->chosen);
  json_builder_set_member_name (builder, "zones");
  json_builder_begin_array (builder);
  for (gint i = 0; i < r->n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "zone");
      json_builder_add_int_value (builder, r->rows[i].zone);
      json_builder_set_member_name (builder, "nx");
      json_builder_add_int_value (builder, r->rows[i].nx);
      json_builder_set_member_name (builder, "ny");
      json_builder_add_int_value (builder, r->rows[i].ny);
      json_builder_set_member_name (builder, "relative_error");
      json_builder_add_double_value (builder, r->rows[i].error);
      json_builder_set_member_name (builder, "work");
      json_builder_add_double_value (builder, r->rows[i].work);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
