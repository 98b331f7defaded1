/* lowrank-bokeh — depth of field: levels convolved one by one and laid
 * far to near (lrb-gegl-depth.h has the why).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-depth.h"
#include "lrb-method.h"

#include <math.h>

/* Levels are stored as level + LEVEL_BIAS in a "Y u8" buffer. */
#define LEVEL_BIAS   128
/* A source channel that is the level's mask rather than a pixel channel. */
#define MASK         (-1)
/* The pre-pass and the final pass go through the image in strips. */
#define STRIP_HEIGHT 64

typedef struct
{
  /* The whole run. */
  const Babl   *format;      /* straight linear float: "RGBA float" or "YA float" */
  gint          n_channels;  /* of format: 4 or 2 */
  GeglBuffer   *prepared;    /* the look applied, premultiplied (lrb_look_start_pixel) */
  GeglBuffer   *levels;      /* each pixel's level + LEVEL_BIAS */
  GeglBuffer   *acc;         /* the levels laid so far: premultiplied colour, alpha */
  GeglBuffer   *coverage;    /* how much of each pixel they cover */
  GeglBuffer   *level_coverage; /* the level's own coverage, when alpha needs its own run */
  /* The level being convolved. */
  gint          level;
  gint          n_run;       /* channels the engine convolves */
  gint          sources[4];  /* for each: a channel of `prepared`, or MASK */
  gfloat        inverse_sum; /* 1 / Σ of the level's kernel */
} Depth;

typedef struct
{
  gint n_pixels;
  gint x0, y0, x1, y1;       /* the bounds of its pixels, inclusive */
} LevelInfo;

static const Babl *
depth_read_format (GeglBuffer *depth)
{
  const Babl *model = babl_format_get_model (gegl_buffer_get_format (depth));
  BablModelFlag flags = babl_get_model_flags (model);

  /* The values as stored: a painted map's mid-grey is 0.5, a linear
   * render's Z pass keeps its numbers. */
  if (flags & BABL_MODEL_FLAG_PERCEPTUAL)
    return babl_format_with_space ("Y~ float", gegl_buffer_get_format (depth));
  if (flags & BABL_MODEL_FLAG_NONLINEAR)
    return babl_format_with_space ("Y' float", gegl_buffer_get_format (depth));
  return babl_format_with_space ("Y float", gegl_buffer_get_format (depth));
}

gboolean
lrb_gegl_check_depth (GeglBuffer *input, GeglBuffer *depth, GError **error)
{
  const GeglRectangle *image = gegl_buffer_get_extent (input);
  const GeglRectangle *map = gegl_buffer_get_extent (depth);

  if (map->width != image->width || map->height != image->height)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the depth map is %d × %d pixels but the image is %d × %d: they must be "
                   "the same size", map->width, map->height, image->width, image->height);
      return FALSE;
    }
  return TRUE;
}

gdouble
lrb_gegl_depth_at (GeglBuffer *depth, gint x, gint y)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (depth);
  GeglRectangle        pixel = { x, y, 1, 1 };
  gfloat               value;

  if (!gegl_rectangle_contains (extent, &pixel))
    return NAN;
  gegl_buffer_get (depth, &pixel, 1.0, depth_read_format (depth), &value, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return value;
}

gfloat *
lrb_gegl_depth_thumbnail (GeglBuffer *depth, gint max_side, gint *width, gint *height)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (depth);
  gint                 side = MAX (extent->width, extent->height);
  gint                 w = MAX (1, (gint) ((gint64) extent->width * MIN (max_side, side) / side));
  gint                 h = MAX (1, (gint) ((gint64) extent->height * MIN (max_side, side) / side));
  gfloat              *thumbnail = g_new (gfloat, (gsize) w * h);
  g_autofree gfloat   *row = g_new (gfloat, extent->width);
  /* Sums of up to a whole map's pixels: in double. */
  g_autofree gdouble  *sums = g_new0 (gdouble, (gsize) w * h);
  g_autofree gint64   *counts = g_new0 (gint64, (gsize) w * h);

  /* Row by row: a thumbnail of a big map needs no copy of it. */
  for (gint y = 0; y < extent->height; y++)
    {
      GeglRectangle line = { extent->x, extent->y + y, extent->width, 1 };
      gint          ty = (gint) ((gint64) y * h / extent->height);

      gegl_buffer_get (depth, &line, 1.0, depth_read_format (depth), row, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      for (gint x = 0; x < extent->width; x++)
        {
          gint i = ty * w + (gint) ((gint64) x * w / extent->width);

          sums[i] += row[x];
          counts[i]++;
        }
    }
  for (gsize i = 0; i < (gsize) w * h; i++)
    thumbnail[i] = (gfloat) (sums[i] / MAX (counts[i], 1));
  *width = w;
  *height = h;
  return thumbnail;
}

static gboolean
level_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
            GError **error)
{
  Depth             *d = user_data;
  GeglRectangle      r = { rect->x, rect->y, rect->width, rect->height };
  gsize              n = (gsize) rect->width * rect->height;
  gint               c = d->n_channels;
  g_autofree gfloat *pixels = g_new (gfloat, n * c);
  g_autofree guint8 *levels = g_new (guint8, n);
  guint8             mine = (guint8) (d->level + LEVEL_BIAS);

  gegl_buffer_get (d->prepared, &r, 1.0, d->format, pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (d->levels, &r, 1.0, babl_format ("Y u8"), levels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *q = dest + y * dest_stride;

      for (gint x = 0; x < rect->width; x++, q += d->n_run)
        {
          gsize         i = (gsize) y * rect->width + x;
          const gfloat *p = pixels + i * c;
          gboolean      in = levels[i] == mine;

          for (gint ch = 0; ch < d->n_run; ch++)
            q[ch] = !in ? 0.0f : d->sources[ch] == MASK ? 1.0f : p[d->sources[ch]];
        }
    }
  return TRUE;
}

/* A run of the mask alone: the level's coverage, kept for the colour run. */
static gboolean
coverage_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
                GError **error)
{
  Depth        *d = user_data;
  GeglRectangle r = { rect->x, rect->y, rect->width, rect->height };

  for (gint y = 0; y < rect->height; y++)
    for (gint x = 0; x < rect->width; x++)
      pixels[y * stride + x] *= d->inverse_sum;
  gegl_buffer_set (d->level_coverage, &r, 0, babl_format ("Y float"), pixels,
                   stride * sizeof (gfloat));
  return TRUE;
}

/* The level laid over what lies behind it: colour and alpha "over" with
 * the level's coverage m, and the coverage itself the same way.  Colour
 * is convolved as in lrb_gegl_apply_look (not divided by the kernel's
 * sum), alpha and coverage are divided by it. */
static gboolean
level_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
             GError **error)
{
  Depth             *d = user_data;
  GeglRectangle      r = { rect->x, rect->y, rect->width, rect->height };
  gsize              n = (gsize) rect->width * rect->height;
  gint               c = d->n_channels;
  g_autofree gfloat *acc = g_new (gfloat, n * c);
  g_autofree gfloat *coverage = g_new (gfloat, n);
  g_autofree gfloat *own = d->level_coverage ? g_new (gfloat, n) : NULL;

  gegl_buffer_get (d->acc, &r, 1.0, d->format, acc, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (d->coverage, &r, 1.0, babl_format ("Y float"), coverage,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  if (own)
    gegl_buffer_get (d->level_coverage, &r, 1.0, babl_format ("Y float"), own,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);

  for (gint y = 0; y < rect->height; y++)
    for (gint x = 0; x < rect->width; x++)
      {
        gsize   i = (gsize) y * rect->width + x;
        gfloat *p = pixels + y * stride + (gsize) x * d->n_run;
        gfloat *a = acc + i * c;
        /* Opaque images convolve the mask in alpha's place. */
        gfloat  alpha = p[c - 1] * d->inverse_sum;
        gfloat  m = own ? own[i] : alpha;
        gfloat  behind = 1.0f - m;

        for (gint ch = 0; ch < c - 1; ch++)
          a[ch] = p[ch] + behind * a[ch];
        a[c - 1] = alpha + behind * a[c - 1];
        coverage[i] = m + behind * coverage[i];
      }
  gegl_buffer_set (d->acc, &r, 0, d->format, acc, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (d->coverage, &r, 0, babl_format ("Y float"), coverage, GEGL_AUTO_ROWSTRIDE);
  return TRUE;
}

/* ---- Passes over the whole image, in strips, on every thread --------- */

typedef void (*StripFunc) (gpointer data, const GeglRectangle *strip, gint index,
                           gpointer *scratch);

typedef struct
{
  const GeglRectangle *area;
  StripFunc            func;
  gpointer             data;
  gint                 next;   /* the next strip to take, atomically */
  gint                 n_strips;
} Strips;

static gpointer
strips_worker (gpointer user_data)
{
  Strips  *s = user_data;
  gpointer scratch = NULL;
  gint     i;

  while ((i = g_atomic_int_add (&s->next, 1)) < s->n_strips)
    {
      gint          y = s->area->y + i * STRIP_HEIGHT;
      GeglRectangle strip = { s->area->x, y, s->area->width,
                              MIN (STRIP_HEIGHT, s->area->y + s->area->height - y) };

      s->func (s->data, &strip, i, &scratch);
    }
  g_free (scratch);
  return NULL;
}

static gint
strips_count (const GeglRectangle *area)
{
  return (area->height + STRIP_HEIGHT - 1) / STRIP_HEIGHT;
}

/* Calls `func` on each strip of `area`, from `threads` threads; `scratch`
 * is each thread's own (func allocates it, g_free frees it). */
static void
for_each_strip (const GeglRectangle *area, gint threads, StripFunc func, gpointer data)
{
  Strips    s = { area, func, data, 0, strips_count (area) };
  GThread **workers;

  threads = CLAMP (threads, 1, s.n_strips);
  workers = g_new (GThread *, threads);
  for (gint t = 0; t < threads; t++)
    workers[t] = g_thread_new ("lrb-depth", strips_worker, &s);
  for (gint t = 0; t < threads; t++)
    g_thread_join (workers[t]);
  g_free (workers);
}

typedef struct
{
  Depth         *d;
  GeglBuffer    *input, *depth;
  const Babl    *depth_format;
  const LrbFocus *focus;
  const LrbLook *look;
  const gdouble *weights;
  const LrbFocusLevels *levels;
  gint           n_levels;
  gint           dx, dy;   /* the depth map's origin minus the image's */
  LevelInfo     *info;     /* per strip: 2 n_levels + 1 */
  gboolean      *opaque;   /* per strip */
  gint          *not_a_number; /* per strip: the first such pixel's index + 1, or 0 */
} Prepare;

static void
prepare_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Prepare       *pp = data;
  Depth         *d = pp->d;
  gint           c = d->n_channels;
  gsize          n = (gsize) strip->width * STRIP_HEIGHT;
  gfloat        *pixels, *depths;
  guint8        *levels;
  LevelInfo     *info = pp->info + (gsize) index * (2 * pp->n_levels + 1);
  GeglRectangle  in_map = { strip->x + pp->dx, strip->y + pp->dy, strip->width, strip->height };

  if (!*scratch)
    *scratch = g_malloc (n * (c + 1) * sizeof (gfloat) + n);
  pixels = *scratch;
  depths = pixels + n * c;
  levels = (guint8 *) (depths + n);

  gegl_buffer_get (pp->input, strip, 1.0, d->format, pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (pp->depth, &in_map, 1.0, pp->depth_format, depths, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  pp->opaque[index] = TRUE;
  pp->not_a_number[index] = 0;
  for (gint y = 0; y < strip->height; y++)
    for (gint x = 0; x < strip->width; x++)
      {
        gsize      i = (gsize) y * strip->width + x;
        gfloat    *p = pixels + i * c;
        gint       level = lrb_focus_level (pp->focus, pp->levels, depths[i]);
        LevelInfo *li = &info[level + pp->n_levels];
        gint       px = strip->x + x, py = strip->y + y;

        if (p[c - 1] < 1.0f)
          pp->opaque[index] = FALSE;
        if (!isfinite (depths[i]) && !pp->not_a_number[index])
          pp->not_a_number[index] = (gint) i + 1;
        lrb_look_start_pixel (pp->look, pp->weights, p, c);
        levels[i] = (guint8) (level + LEVEL_BIAS);
        if (li->n_pixels++ == 0)
          li->x0 = li->x1 = px, li->y0 = li->y1 = py;
        li->x0 = MIN (li->x0, px), li->x1 = MAX (li->x1, px);
        li->y0 = MIN (li->y0, py), li->y1 = MAX (li->y1, py);
      }
  gegl_buffer_set (d->prepared, strip, 0, d->format, pixels, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (d->levels, strip, 0, babl_format ("Y u8"), levels, GEGL_AUTO_ROWSTRIDE);
}

/* The pre-pass over `area`: the look applied once for every level, each
 * pixel's level, where each level lies (into `info`), and whether any
 * pixel is not opaque.  Fails on a depth that is not a number. */
static gboolean
prepare (Depth *d, GeglBuffer *input, GeglBuffer *depth, const GeglRectangle *area,
         const LrbSettings *settings, const LrbLook *look, const gdouble *weights,
         const LrbFocusLevels *levels, LevelInfo *info, gboolean *opaque, GError **error)
{
  gint                 n_levels = levels->n;
  const GeglRectangle *image = gegl_buffer_get_extent (input);
  const GeglRectangle *map = gegl_buffer_get_extent (depth);
  gint                 n_strips = strips_count (area), n_info = 2 * n_levels + 1;
  LrbEngineConfig      config;
  Prepare              pp = { d, input, depth, depth_read_format (depth), &settings->focus,
                              look, weights, levels, n_levels, map->x - image->x,
                              map->y - image->y,
                              g_new0 (LevelInfo, (gsize) n_strips * n_info),
                              g_new (gboolean, n_strips), g_new (gint, n_strips) };
  gboolean             ok = TRUE;

  lrb_settings_engine_config (settings, &config);
  for_each_strip (area, lrb_engine_threads (&config), prepare_strip, &pp);

  *opaque = TRUE;
  for (gint k = 0; k < n_strips; k++)
    {
      if (ok && pp.not_a_number[k])
        {
          gint i = pp.not_a_number[k] - 1;

          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "the depth map has a value that is not a number at (%d, %d)",
                       area->x - image->x + i % area->width,
                       area->y - image->y + k * STRIP_HEIGHT + i / area->width);
          ok = FALSE;
        }
      *opaque = *opaque && pp.opaque[k];
      for (gint i = 0; i < n_info; i++)
        {
          const LevelInfo *part = &pp.info[(gsize) k * n_info + i];
          LevelInfo       *all = &info[i];

          if (!part->n_pixels)
            continue;
          if (!all->n_pixels)
            *all = *part;
          else
            {
              all->n_pixels += part->n_pixels;
              all->x0 = MIN (all->x0, part->x0), all->x1 = MAX (all->x1, part->x1);
              all->y0 = MIN (all->y0, part->y0), all->y1 = MAX (all->y1, part->y1);
            }
        }
    }
  g_free (pp.info);
  g_free (pp.opaque);
  g_free (pp.not_a_number);
  return ok;
}

typedef struct
{
  Depth         *d;
  GeglBuffer    *result;
  const LrbLook *look;
  const gdouble *weights;
} Finish;

static void
finish_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Finish  *f = data;
  Depth   *d = f->d;
  gint     c = d->n_channels;
  gsize    n = (gsize) strip->width * strip->height;
  gfloat  *pixels, *coverage;

  if (!*scratch)
    *scratch = g_malloc ((gsize) strip->width * STRIP_HEIGHT * (c + 1) * sizeof (gfloat));
  pixels = *scratch;
  coverage = pixels + (gsize) strip->width * STRIP_HEIGHT * c;

  gegl_buffer_get (d->acc, strip, 1.0, d->format, pixels, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (d->coverage, strip, 1.0, babl_format ("Y float"), coverage,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < n; i++)
    {
      gfloat *p = pixels + i * c;
      gfloat  m = coverage[i];
      /* The colours' own ratio is what shows; the coverage only scales
       * alpha back up where a hole was filled. */
      gfloat  alpha = m > 1e-6f ? p[c - 1] / m : 0.0f;

      for (gint ch = 0; ch < c - 1; ch++)
        p[ch] = p[c - 1] > 1e-7f ? p[ch] * alpha / p[c - 1] : 0.0f;
      lrb_look_finish_pixel (f->look, f->weights, p, c, alpha);
    }
  gegl_buffer_set (f->result, strip, 0, d->format, pixels, GEGL_AUTO_ROWSTRIDE);
}

/* The last pass over `roi`: divided by the coverage that arrived, back to
 * straight colour, the look undone, in the output's format. */
static void
finish (Depth *d, GeglBuffer *result, const GeglRectangle *roi, const LrbLook *look,
        const gdouble *weights, gint threads)
{
  Finish f = { d, result, look, weights };

  for_each_strip (roi, threads, finish_strip, &f);
}

typedef struct
{
  LrbProgressFunc progress;
  gpointer        data;
  gdouble         done;  /* work of the levels finished */
  gdouble         level; /* work of the level running */
  gdouble         total;
} Progress;

static void
level_progress (gdouble fraction, gpointer user_data)
{
  Progress *p = user_data;

  p->progress ((p->done + fraction * p->level) / p->total, p->data);
}

/* Runs the engine over one level: a coverage run first when alpha cannot
 * stand in for it, then colour and alpha, laid over the accumulator.
 * Coverage never takes the zero edge: beyond the image's border there is
 * transparency, not a hole for farther levels to fill, so the border
 * fades as the uniform blur's does; it counts as the border pixel's level,
 * as with clamped edges. */
static gboolean
run_level (Depth *d, const LrbSettings *settings, LrbDepthFilters *filters,
           const GeglRectangle *image, const LrbRect *output, Progress *progress,
           GCancellable *cancellable, gboolean opaque, GError **error)
{
  const LrbFilter      *filter;
  LrbEngineConfig       config;
  LrbEngineIO           io = { 0 };
  gint                  c = d->n_channels;
  gboolean              ok = TRUE;

  lrb_settings_engine_config (settings, &config);
  io.source = (LrbRect) { image->x, image->y, image->width, image->height };
  io.output = *output;
  io.read = level_read;
  io.user_data = d;
  /* The colour run's channels: the coverage, when it runs on its own, is
   * one more run of one channel (the engine takes at most four at once, so
   * asking the planner for c + 1 left it no estimate and separable passes
   * by default). */
  if (!(filter = lrb_depth_filters_get (filters, d->level, c, output,
                                        settings->gamma, &settings->highlights, &config,
                                        error)))
    return FALSE;
  d->inverse_sum = (gfloat) (1.0 / lrb_filter_kernel_sum (filter));
  g_debug ("depth level %d: %d × %d kernel by %s", d->level, lrb_filter_get_rows (filter),
           lrb_filter_get_cols (filter), lrb_method_to_nick (lrb_filter_get_method (filter)));

  if (!opaque)
    {
      GeglRectangle area = { output->x, output->y, output->width, output->height };

      d->level_coverage = gegl_buffer_new (&area, babl_format ("Y float"));
      d->n_run = 1;
      d->sources[0] = MASK;
      io.n_channels = 1;
      io.write = coverage_write;
      ok = lrb_engine_run_filter (filter,
                                  settings->edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP
                                                                  : settings->edge,
                                  &io, &config, NULL, NULL, cancellable, NULL, error);
    }
  if (ok)
    {
      d->n_run = c;
      for (gint ch = 0; ch < c; ch++)
        d->sources[ch] = ch;
      if (opaque)
        d->sources[c - 1] = MASK;
      io.n_channels = c;
      io.write = level_write;
      ok = lrb_engine_run_filter (filter, settings->edge, &io, &config,
                                  progress->progress ? level_progress : NULL, progress,
                                  cancellable, NULL, error);
    }
  g_clear_object (&d->level_coverage);
  return ok;
}

static gboolean
check_settings (const LrbSettings *settings, const LrbKernel *full, GError **error)
{
  if (!lrb_settings_validate (settings, error))
    return FALSE;
  if (!(lrb_kernel_sum (full) > 1e-6 * lrb_kernel_max_abs (full)))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "a depth map needs a kernel that sums to more than 0 (this one "
                           "is band-pass: it has no blur to scale)");
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_gegl_apply_depth (GeglBuffer *input, GeglBuffer *depth, GeglBuffer *output,
                      const GeglRectangle *roi, const LrbSettings *settings,
                      LrbDepthFilters *filters, LrbProgressFunc progress,
                      gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const LrbKernel     *full = lrb_depth_filters_full (filters);
  const GeglRectangle *image = gegl_buffer_get_extent (input);
  const Babl          *space = gegl_buffer_get_format (input);
  LrbLook              look = { settings->gamma, settings->highlights };
  const LrbFocusLevels *levels = lrb_depth_filters_levels (filters);
  gint                 n_levels = levels->n;
  gint                 reach = MAX (full->rows, full->cols) / 2 + 1;
  g_autofree LevelInfo *info = g_new0 (LevelInfo, 2 * n_levels + 1);
  Progress             p = { progress, progress_data, 0, 0, 0 };
  GeglRectangle        area, around;
  gdouble              weights[3];
  gboolean             opaque, ok = TRUE;
  gint64               start;
  Depth                d = { 0 };

  if (!check_settings (settings, full, error) || !lrb_gegl_check_depth (input, depth, error))
    return FALSE;
  if (!gegl_rectangle_intersect (&area, roi ? roi : image, image))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "the area to filter lies outside the image");
      return FALSE;
    }
  /* Pixels outside the area reach into it by up to the kernel's radius. */
  around = (GeglRectangle) { area.x - reach, area.y - reach, area.width + 2 * reach,
                             area.height + 2 * reach };
  gegl_rectangle_intersect (&around, &around, image);

  babl_space_get_rgb_luminance (babl_format_get_space (space), &weights[0], &weights[1],
                                &weights[2]);
  if (babl_get_model_flags (babl_format_get_model (space)) & BABL_MODEL_FLAG_GRAY)
    d.format = babl_format_with_space ("YA float", space), d.n_channels = 2;
  else
    d.format = babl_format_with_space ("RGBA float", space), d.n_channels = 4;
  d.prepared = gegl_buffer_new (&around, d.format);
  d.levels = gegl_buffer_new (&around, babl_format ("Y u8"));
  d.acc = gegl_buffer_new (&area, d.format);
  d.coverage = gegl_buffer_new (&area, babl_format ("Y float"));

  start = g_get_monotonic_time ();
  ok = prepare (&d, input, depth, &around, settings, &look, weights, levels, info, &opaque,
                error);
  g_debug ("depth pre-pass: %d × %d in %.1f ms", around.width, around.height,
           (g_get_monotonic_time () - start) / 1e3);

  /* The levels present, made on every thread: one after the other, the
   * SVDs of a large kernel's levels would hold up a first preview. */
  if (ok)
    {
      g_autofree gboolean *needed = g_new0 (gboolean, n_levels + 1);
      LrbEngineConfig      config;

      for (gint i = 0; i <= 2 * n_levels; i++)
        if (info[i].n_pixels)
          needed[ABS (i - n_levels)] = TRUE;
      lrb_settings_engine_config (settings, &config);
      start = g_get_monotonic_time ();
      ok = lrb_depth_filters_make_levels (filters, needed, lrb_engine_threads (&config), error);
      g_debug ("depth levels made in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
    }

  /* Each level's work, for the progress bar: its area by its kernel's side. */
  for (gint i = 0; ok && i <= 2 * n_levels; i++)
    if (info[i].n_pixels)
      p.total += (gdouble) (info[i].x1 - info[i].x0 + 1) * (info[i].y1 - info[i].y0 + 1) *
                 (2.0 * lrb_focus_level_radius (levels, i - n_levels) + 1.0);

  /* Far to near: the largest positive level first, the nearest last. */
  for (gint level = n_levels; ok && level >= -n_levels; level--)
    {
      LevelInfo    *li = &info[level + n_levels];
      /* The level's kernel reaches its radius, rounded up, and one more
       * for an even kernel file's anchor. */
      gint          r = MIN ((gint) ceil (lrb_focus_level_radius (levels, level)) + 1, reach);
      GeglRectangle reached;

      if (!li->n_pixels)
        continue;
      p.level = (gdouble) (li->x1 - li->x0 + 1) * (li->y1 - li->y0 + 1) *
                (2.0 * lrb_focus_level_radius (levels, level) + 1.0);
      reached = (GeglRectangle) { li->x0 - r, li->y0 - r, li->x1 - li->x0 + 1 + 2 * r,
                                  li->y1 - li->y0 + 1 + 2 * r };
      if (gegl_rectangle_intersect (&reached, &reached, &area))
        {
          LrbRect reach_rect = { reached.x, reached.y, reached.width, reached.height };

          gint64 level_start = g_get_monotonic_time ();

          d.level = level;
          /* Alpha stands in for coverage only where both take the same edges. */
          ok = run_level (&d, settings, filters, image, &reach_rect, &p, cancellable,
                          opaque && settings->edge != LRB_EDGE_ZERO, error);
          g_debug ("depth level %d: %d × %d in %.1f ms", level, reach_rect.width,
                   reach_rect.height, (g_get_monotonic_time () - level_start) / 1e3);
        }
      p.done += p.level;
    }

  /* Nothing can fail from here on, and the pre-pass has read all of the
   * input it needs: the last pass writes straight into the output, which
   * may be the input. */
  if (ok)
    {
      LrbEngineConfig config;

      lrb_settings_engine_config (settings, &config);
      start = g_get_monotonic_time ();
      finish (&d, output, &area, &look, weights, lrb_engine_threads (&config));
      g_debug ("depth last pass: %.1f ms", (g_get_monotonic_time () - start) / 1e3);
      if (progress)
        progress (1.0, progress_data);
    }
  g_object_unref (d.prepared);
  g_object_unref (d.levels);
  g_object_unref (d.acc);
  g_object_unref (d.coverage);
  return ok;
}
