/* lowrank-bokeh — depth of field: levels convolved one by one and laid
 * far to near (lrb-gegl-depth.h has the why), one band of rows at a time
 * on each thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-depth.h"
#include "lrb-gegl-depth-zones.h"
#include "lrb-camera.h"
#include "lrb-depth-reach.h"
#include "lrb-method.h"

#include <math.h>
#include <string.h>

/* Levels are stored as level + LEVEL_BIAS, one byte a pixel. */
#define LEVEL_BIAS   128
/* The passes over rows go through them in strips (on every thread, or on
 * the band's own), and a level's reach is cut into strips this high. */
#define STRIP_HEIGHT 64
/* Within a band, where each level lies is kept per cell of a strip by a
 * column tile this wide: a level is convolved over rectangles around what
 * it reaches (lrb-depth-reach.h), not its bounding box. */
#define TILE_WIDTH   128
/* The image is composited in bands of at most this many rows: every level
 * of a band is laid before the thread takes its next band, so the
 * composite is a few MiB used again and again, and the levels read the
 * input itself (babl converts 4 MP of 8 bits in about 10 ms; more bits
 * are read once per band).  Whole-image float planes cost more in
 * first-touch page faults than convolving them (docs/benchmarks.md: a
 * fresh 64 MiB took 200 ms to fill on the benchmark machine, 4 ms the
 * second time), and every CLI or GEGL run is a first run. */
#define BAND_HEIGHT  256

typedef struct
{
  /* The whole run. */
  GeglBuffer   *input;
  const Babl   *format;      /* straight linear float: "RGBA float" or "YA float" */
  gint          n_channels;  /* of format: 4 or 2 */
  const LrbLook *look;       /* applied as pixels are read, undone in the last pass */
  const gdouble *weights;    /* the space's luminance factors, for the look */
  gint          reach;       /* how far beyond the area pixels reach into it */
  GeglRectangle around;      /* the pixels read: the area and what reaches it */
  guint8       *levels;      /* each pixel of `around`: its level + LEVEL_BIAS */
  gint          threads;     /* a band's own passes and engine runs: 1 while bands run
                              * on every thread */
  /* The band. */
  GeglRectangle ext;         /* rows of `around` that reach the band */
  gfloat       *pixels;      /* ext's pixels in `format`, the look applied */
  GeglRectangle band;        /* rows of the area it composites */
  gint          band_rows;   /* every band's height but the last's */
  gfloat       *acc;         /* band: the levels laid so far, premultiplied colour, alpha */
  gfloat       *coverage;    /* band: how much of each pixel they cover */
  gfloat       *level_coverage; /* band: the level's own coverage, when alpha needs its own
                                 * run; NULL otherwise */
  /* The level being convolved. */
  gint          level;
  gint          n_run;       /* channels the engine convolves: 1 for coverage alone */
  gboolean      mask_as_alpha; /* opaque: the colour run convolves the mask in alpha's place */
  gfloat        inverse_sum; /* 1 / Σ of the level's kernel */
} Depth;

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
  gegl_buffer_get (depth, &pixel, 1.0, lrb_depth_stored_format (depth), &value, GEGL_AUTO_ROWSTRIDE,
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

      gegl_buffer_get (depth, &line, 1.0, lrb_depth_stored_format (depth), row, GEGL_AUTO_ROWSTRIDE,
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

/* No kernel reaches farther than the pixels labelled around the area. */
static gboolean
in_around (const Depth *d, const LrbRect *rect, GError **error)
{
  const GeglRectangle *a = &d->around;

  if (rect->y < a->y || rect->y + rect->height > a->y + a->height ||
      rect->x < a->x || rect->x + rect->width > a->x + a->width)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "depth of field: pixels %d, %d (%d × %d) were asked for outside the "
                   "labelled %d, %d (%d × %d)", rect->x, rect->y, rect->width, rect->height,
                   a->x, a->y, a->width, a->height);
      return FALSE;
    }
  return TRUE;
}

/* The level's pixels for the engine, the look applied, zero elsewhere
 * (its mask in alpha's place, or alone in a coverage run): from the
 * band's pixels when they were read once for every level (d->pixels),
 * else from the input itself. */
static gboolean
level_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
            GError **error)
{
  Depth        *d = user_data;
  guint8        mine = (guint8) (d->level + LEVEL_BIAS);
  gint          c = d->n_channels;
  GeglRectangle r = { rect->x, rect->y, rect->width, rect->height };

  if (!in_around (d, rect, error))
    return FALSE;
  if (d->pixels && !gegl_rectangle_contains (&d->ext, &r))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "depth of field: pixels %d, %d (%d × %d) were asked for outside the "
                   "band's %d, %d (%d × %d)", r.x, r.y, r.width, r.height, d->ext.x, d->ext.y,
                   d->ext.width, d->ext.height);
      return FALSE;
    }
  /* The colour run's channels are the format's: read in place. */
  if (!d->pixels && d->n_run > 1)
    gegl_buffer_get (d->input, &r, 1.0, d->format, dest, dest_stride * sizeof (gfloat),
                     GEGL_ABYSS_NONE);
  for (gint y = 0; y < rect->height; y++)
    {
      const guint8 *l = d->levels +
                        (gsize) (rect->y + y - d->around.y) * d->around.width + rect->x - d->around.x;
      const gfloat *p = d->pixels ? d->pixels + ((gsize) (rect->y + y - d->ext.y) * d->ext.width +
                                                 rect->x - d->ext.x) * c
                                  : NULL;
      gfloat       *q = dest + y * dest_stride;

      for (gint x = 0; x < rect->width; x++, q += d->n_run)
        if (l[x] != mine)
          memset (q, 0, sizeof (gfloat) * d->n_run);
        else if (d->n_run == 1)
          q[0] = 1.0f;
        else
          {
            if (p)
              memcpy (q, p + (gsize) x * c, sizeof (gfloat) * c);
            else
              lrb_look_start_pixel (d->look, d->weights, q, c);
            if (d->mask_as_alpha)
              q[c - 1] = 1.0f;
          }
    }
  return TRUE;
}

/* Whether the levels read the band's pixels once (a plane of them per
 * thread, which costs its first-touch page faults every run) rather than
 * each its own: where converting a pixel costs more than touching it, for
 * pixels of more than 8 bits (16-bit pixels through babl took a third of
 * case B's levels when each level read its own) or a look to apply. */
static gboolean
read_once (GeglBuffer *input, const LrbLook *look)
{
  const Babl *format = gegl_buffer_get_format (input);

  return babl_format_get_bytes_per_pixel (format) > babl_format_get_n_components (format) ||
         look->gamma != 1.0 || lrb_highlights_active (&look->highlights);
}

/* A strip of the band's pixels, as every level reads them. */
static void
band_pixels_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Depth  *d = data;
  gint    c = d->n_channels;
  gfloat *p = d->pixels + (gsize) (strip->y - d->ext.y) * d->ext.width * c;

  gegl_buffer_get (d->input, strip, 1.0, d->format, p, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < (gsize) strip->width * strip->height; i++, p += c)
    lrb_look_start_pixel (d->look, d->weights, p, c);
}

/* Where image pixel (x, y) lies in the band's planes. */
static inline gsize
band_index (const Depth *d, gint x, gint y)
{
  return (gsize) (y - d->band.y) * d->band.width + (x - d->band.x);
}

/* A run of the mask alone: the level's coverage, kept for the colour run. */
static gboolean
coverage_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
                GError **error)
{
  Depth *d = user_data;

  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *own = d->level_coverage + band_index (d, rect->x, rect->y + y);

      for (gint x = 0; x < rect->width; x++)
        own[x] = pixels[y * stride + x] * d->inverse_sum;
    }
  return TRUE;
}

/* The level laid over what lies behind it: colour and alpha "over" with
 * the level's coverage m, and the coverage itself the same way.  Colour
 * is convolved as in lrb_gegl_apply_look (not divided by the kernel's
 * sum), alpha and coverage are divided by it. */
static void
lay_row (Depth *d, gint x, gint y, gint n, const gfloat *p, const gfloat *own)
{
  gint    c = d->n_channels;
  gsize   first = band_index (d, x, y);
  gfloat *a = d->acc + first * c;
  gfloat *coverage = d->coverage + first;

  for (gint i = 0; i < n; i++, p += d->n_run, a += c)
    {
      /* Opaque images convolve the mask in alpha's place. */
      gfloat alpha = p[c - 1] * d->inverse_sum;
      gfloat m = own ? own[i] : alpha;
      gfloat behind = 1.0f - m;

      for (gint ch = 0; ch < c - 1; ch++)
        a[ch] = p[ch] + behind * a[ch];
      a[c - 1] = alpha + behind * a[c - 1];
      coverage[i] = m + behind * coverage[i];
    }
}

static gboolean
level_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
             GError **error)
{
  Depth *d = user_data;

  for (gint y = 0; y < rect->height; y++)
    lay_row (d, rect->x, rect->y + y, rect->width, pixels + y * stride,
             d->level_coverage ? d->level_coverage + band_index (d, rect->x, rect->y + y)
                               : NULL);
  return TRUE;
}

/* ---- Passes over rows, in strips, on every thread -------------------- */

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
  if (threads == 1)
    {
      strips_worker (&s);
      return;
    }
  workers = g_new (GThread *, threads);
  for (gint t = 0; t < threads; t++)
    workers[t] = g_thread_new ("lrb-depth", strips_worker, &s);
  for (gint t = 0; t < threads; t++)
    g_thread_join (workers[t]);
  g_free (workers);
}

/* `n` strips' level bounds (each `n_info` long) merged into `all`. */
static void
level_info_merge (LrbLevelBounds *all, const LrbLevelBounds *parts, gint n, gint n_info)
{
  memset (all, 0, sizeof (LrbLevelBounds) * n_info);
  for (gint k = 0; k < n; k++)
    for (gint i = 0; i < n_info; i++)
      {
        const LrbLevelBounds *part = &parts[(gsize) k * n_info + i];
        LrbLevelBounds       *a = &all[i];

        if (!part->n_pixels)
          continue;
        if (!a->n_pixels)
          *a = *part;
        else
          {
            a->n_pixels += part->n_pixels;
            a->x0 = MIN (a->x0, part->x0), a->x1 = MAX (a->x1, part->x1);
            a->y0 = MIN (a->y0, part->y0), a->y1 = MAX (a->y1, part->y1);
          }
      }
}

/* ---- The labels: each pixel's level, from the depth map alone -------- */

typedef struct
{
  Depth                *d;
  GeglBuffer           *depth;
  const Babl           *depth_format;
  const LrbFocus       *focus;
  const LrbFocusLevels *levels;
  gint                  n_info;  /* 2 n + 1 */
  gint                  dx, dy;  /* the depth map's origin minus the image's */
  LrbLevelBounds            *info;    /* per strip: n_info */
  gint                 *not_a_number; /* per strip: the first such pixel's index + 1, or 0 */
  gboolean              has_alpha;     /* else every pixel is opaque */
  gboolean             *opaque;        /* per strip */
} Label;

static void
label_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Label         *lb = data;
  Depth         *d = lb->d;
  gint           n = lb->levels->n;
  guint8        *levels = d->levels + (gsize) (strip->y - d->around.y) * d->around.width;
  LrbLevelBounds     *info = lb->info + (gsize) index * lb->n_info;
  GeglRectangle  in_map = { strip->x + lb->dx, strip->y + lb->dy, strip->width, strip->height };
  gfloat        *depths;

  if (!*scratch)
    *scratch = g_new (gfloat, (gsize) strip->width * STRIP_HEIGHT *
                              (lb->has_alpha ? d->n_channels : 1));
  depths = *scratch;
  lb->opaque[index] = TRUE;
  /* Images with alpha: whether any pixel is not opaque, from the same
   * scratch before the depths arrive. */
  if (lb->has_alpha)
    {
      gint    c = d->n_channels;
      gfloat *pixels = *scratch;

      gegl_buffer_get (d->input, strip, 1.0, d->format, pixels, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      for (gsize i = 0; i < (gsize) strip->width * strip->height; i++)
        if (pixels[i * c + c - 1] < 1.0f)
          {
            lb->opaque[index] = FALSE;
            break;
          }
    }
  gegl_buffer_get (lb->depth, &in_map, 1.0, lb->depth_format, depths, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  lb->not_a_number[index] = 0;
  for (gint y = 0; y < strip->height; y++)
    {
      const gfloat *row = depths + (gsize) y * strip->width;
      guint8       *out = levels + (gsize) y * strip->width;
      gfloat        last = NAN;
      gint          level = 0, run = 0;

      for (gint x = 0; x < strip->width; x++)
        {
          /* Neighbours mostly share a depth (a 16-bit map has 65 536 of
           * them at most): the level is looked up when the depth changes. */
          if (!(row[x] == last))
            {
              if (!isfinite (row[x]) && !lb->not_a_number[index])
                lb->not_a_number[index] = y * strip->width + x + 1;
              last = row[x];
              level = lrb_focus_level (lb->focus, lb->levels, row[x]) + LEVEL_BIAS;
            }
          out[x] = (guint8) level;
        }
      /* Where each level lies, by runs of one level. */
      for (gint x = 0; x < strip->width; x += run)
        {
          for (run = 1; x + run < strip->width && out[x + run] == out[x]; run++)
            ;
          lrb_level_bounds_add_run (&info[out[x] - LEVEL_BIAS + n], strip->x + x, run,
                              strip->y + y);
        }
    }
}

/* Every pixel's level over `around` (into d->levels), where each level
 * lies (into `info`) and whether every pixel is opaque; fails on a depth
 * that is not a number, before any filtering. */
static gboolean
label (Depth *d, GeglBuffer *input, GeglBuffer *depth, const LrbFocus *focus,
       const LrbFocusLevels *levels, gint threads, LrbLevelBounds *info, gboolean *opaque,
       GError **error)
{
  const GeglRectangle *image = gegl_buffer_get_extent (input);
  const GeglRectangle *map = gegl_buffer_get_extent (depth);
  gint                 n_strips = strips_count (&d->around), n_info = 2 * levels->n + 1;
  Label                lb = { d, depth, lrb_depth_stored_format (depth), focus, levels, n_info,
                              map->x - image->x, map->y - image->y,
                              g_new0 (LrbLevelBounds, (gsize) n_strips * n_info),
                              g_new (gint, n_strips),
                              babl_format_has_alpha (gegl_buffer_get_format (input)),
                              g_new (gboolean, n_strips) };
  gboolean             ok = TRUE;

  for_each_strip (&d->around, threads, label_strip, &lb);
  for (gint k = 0; ok && k < n_strips; k++)
    if (lb.not_a_number[k])
      {
        gint i = lb.not_a_number[k] - 1;

        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "the depth map has a value that is not a number at (%d, %d)",
                     d->around.x - image->x + i % d->around.width,
                     d->around.y - image->y + k * STRIP_HEIGHT + i / d->around.width);
        ok = FALSE;
      }
  level_info_merge (info, lb.info, n_strips, n_info);
  *opaque = TRUE;
  for (gint k = 0; k < n_strips; k++)
    *opaque = *opaque && lb.opaque[k];
  g_free (lb.info);
  g_free (lb.not_a_number);
  g_free (lb.opaque);
  return ok;
}

/* ---- One band: its pixels, its levels, its last pass ----------------- */

/* Where each level lies in each column tile of a strip of the band's
 * rows: info[tile · n_info + level + n]. */
static void
band_scan_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Depth     *d = ((gpointer *) data)[0];
  LrbLevelBounds *info = ((gpointer *) data)[1];
  gint       n_info = GPOINTER_TO_INT (((gpointer *) data)[2]);
  gint       n_tiles = (strip->width + TILE_WIDTH - 1) / TILE_WIDTH, n = n_info / 2;

  info += (gsize) index * n_tiles * n_info;
  for (gint y = strip->y; y < strip->y + strip->height; y++)
    {
      const guint8 *l = d->levels + (gsize) (y - d->around.y) * d->around.width;
      gint          run;

      for (gint x = 0; x < strip->width; x += run)
        {
          gint end = MIN (strip->width, (x / TILE_WIDTH + 1) * TILE_WIDTH);

          for (run = 1; x + run < end && l[x + run] == l[x]; run++)
            ;
          lrb_level_bounds_add_run (&info[(x / TILE_WIDTH) * n_info + l[x] - LEVEL_BIAS + n],
                              strip->x + x, run, y);
        }
    }
}

/* Where each level lies in each cell (a strip of STRIP_HEIGHT rows by a
 * column tile) of the rows that reach the band (d->ext): `info` holds
 * n_strips × n_tiles × (2 n_levels + 1). */
static void
band_scan (Depth *d, gint n_levels, gint threads, LrbLevelBounds *info)
{
  gpointer data[3] = { d, info, GINT_TO_POINTER (2 * n_levels + 1) };

  for_each_strip (&d->ext, threads, band_scan_strip, data);
}

typedef struct
{
  Depth      *d;
  GeglBuffer *result;
} Finish;

static void
finish_strip (gpointer data, const GeglRectangle *strip, gint index, gpointer *scratch)
{
  Finish       *f = data;
  Depth        *d = f->d;
  gint          c = d->n_channels;
  gsize         first = band_index (d, strip->x, strip->y);
  gsize         n = (gsize) strip->width * strip->height;
  gfloat       *pixels = d->acc + first * c;
  const gfloat *coverage = d->coverage + first;

  for (gsize i = 0; i < n; i++)
    {
      gfloat *p = pixels + i * c;
      gfloat  m = coverage[i];
      /* The colours' own ratio is what shows; the coverage only scales
       * alpha back up where a hole was filled. */
      gfloat  alpha = m > 1e-6f ? p[c - 1] / m : 0.0f;

      for (gint ch = 0; ch < c - 1; ch++)
        p[ch] = p[c - 1] > 1e-7f ? p[ch] * alpha / p[c - 1] : 0.0f;
      lrb_look_finish_pixel (d->look, d->weights, p, c, alpha);
    }
  gegl_buffer_set (f->result, strip, 0, d->format, pixels, GEGL_AUTO_ROWSTRIDE);
}

typedef struct
{
  LrbProgressFunc progress;
  gpointer        data;
  gdouble         base, scale; /* the band's share of the whole */
  gdouble         done;        /* work of the band's levels finished */
  gdouble         level;       /* work of the engine run running */
  gdouble         level_side;  /* of the level's kernel: its work per pixel */
  gdouble         total;       /* of the band's levels */
} Progress;

static void
level_progress (gdouble fraction, gpointer user_data)
{
  Progress *p = user_data;

  p->progress (p->base + p->scale * (p->done + fraction * p->level) / p->total, p->data);
}

/* Runs the engine over `n` rectangles of one level with `filter`, tiled
 * as for `plan` (one of them): a coverage run first when alpha cannot
 * stand in for it, then colour and alpha, laid over the band's composite.
 * Coverage never takes the zero edge: beyond the image's border there is
 * transparency, not a hole for farther levels to fill, so the border
 * fades as the uniform blur's does; it counts as the border pixel's level,
 * as with clamped edges. */
static gboolean
run_level (Depth *d, const LrbSettings *settings, const LrbFilter *filter,
           const GeglRectangle *image, const LrbRect *plan, const LrbRect *outputs, gint n,
           gfloat *own_plane, Progress *progress, GCancellable *cancellable, gboolean opaque,
           GError **error)
{
  LrbEngineConfig config;
  LrbEngineIO     io = { 0 };
  gboolean        ok = TRUE;

  lrb_settings_engine_config (settings, &config);
  config.threads = d->threads;
  io.source = (LrbRect) { image->x, image->y, image->width, image->height };
  io.output = *plan;
  io.read = level_read;
  io.user_data = d;
  d->inverse_sum = (gfloat) (1.0 / lrb_filter_kernel_sum (filter));

  d->level_coverage = NULL;
  if (!opaque)
    {
      d->level_coverage = own_plane;
      d->n_run = 1;
      io.n_channels = 1;
      io.write = coverage_write;
      ok = lrb_engine_run_filter_rects (filter,
                                        settings->edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP
                                                                        : settings->edge,
                                        &io, outputs, n, &config, NULL, NULL, cancellable,
                                        error);
    }
  if (ok)
    {
      d->n_run = d->n_channels;
      d->mask_as_alpha = opaque;
      io.n_channels = d->n_channels;
      io.write = level_write;
      ok = lrb_engine_run_filter_rects (filter, settings->edge, &io, outputs, n, &config,
                                        progress->progress ? level_progress : NULL, progress,
                                        cancellable, error);
    }
  return ok;
}

/* Runs level d->level over its `n` rectangles in as few engine runs as
 * their methods allow: those the planner gives the same filter (and, for
 * FFTs, the same block) go together, tiled as the largest of them.  Each
 * engine run starts its own threads, and on a busy machine waiting for
 * them costs more than a small rectangle's convolution.  The colour run
 * is planned for all channels; the coverage, when it runs on its own, is
 * one more run of one channel (the engine takes at most four at once, so
 * asking the planner for c + 1 left it no estimate and separable passes
 * by default). */
static gboolean
run_level_rects (Depth *d, const LrbSettings *settings, LrbDepthFilters *filters,
                 const GeglRectangle *image, const GeglRectangle *rects, gint n,
                 gfloat *own_plane, Progress *progress, GCancellable *cancellable,
                 gboolean opaque, GError **error)
{
  g_autofree const LrbFilter **filter = g_new (const LrbFilter *, n);
  g_autofree LrbTilePlan      *plan = g_new (LrbTilePlan, n);
  g_autofree LrbRect          *group = g_new (LrbRect, n);
  g_autofree gboolean         *done = g_new0 (gboolean, n);
  LrbEngineConfig              config, run;
  gboolean                     ok = TRUE;

  /* The method as the planner picks it for every thread (as before bands
   * ran in parallel), the tiles as they run, on the band's threads. */
  lrb_settings_engine_config (settings, &config);
  run = config;
  run.threads = d->threads;
  for (gint k = 0; k < n; k++)
    {
      LrbRect output = { rects[k].x, rects[k].y, rects[k].width, rects[k].height };

      if (!(filter[k] = lrb_depth_filters_get (filters, d->level, d->n_channels, &output,
                                               settings->gamma, &settings->highlights, &config,
                                               error)) ||
          !lrb_filter_plan_tiles (filter[k], d->n_channels, &output, &run, &plan[k], error))
        return FALSE;
    }
  for (gint k = 0; ok && k < n; k++)
    {
      gint    m = 0, largest = 0;
      gdouble work = 0.0;

      if (done[k])
        continue;
      for (gint j = k; j < n; j++)
        if (!done[j] && filter[j] == filter[k] && plan[j].fft_width == plan[k].fft_width &&
            plan[j].fft_height == plan[k].fft_height)
          {
            const GeglRectangle *r = &rects[j];

            done[j] = TRUE;
            group[m] = (LrbRect) { r->x, r->y, r->width, r->height };
            if ((gint64) r->width * r->height >
                (gint64) group[largest].width * group[largest].height)
              largest = m;
            m++;
            work += (gdouble) r->width * r->height;
          }
      progress->level = work * progress->level_side;
      ok = run_level (d, settings, filter[k], image, &group[largest], group, m, own_plane,
                      progress, cancellable, opaque, error);
      progress->done += progress->level;
    }
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

/* Where the time goes, for G_MESSAGES_DEBUG (docs/benchmarks.md). */
typedef struct
{
  gdouble label, make, read, levels, finish, bands, copy;
} Timings;

static gdouble
ms_since (gint64 *start)
{
  gint64  now = g_get_monotonic_time ();
  gdouble ms = (now - *start) / 1e3;

  *start = now;
  return ms;
}

/* Composites band `band` (rows of the area) into `result`: its pixels,
 * then its levels far to near, then its last pass. */
static gboolean
run_band (Depth *d, const GeglRectangle *band, GeglBuffer *result, const LrbSettings *settings,
          LrbDepthFilters *filters, gboolean opaque, gfloat *own_plane, Progress *p,
          GCancellable *cancellable, Timings *timings, GError **error)
{
  const GeglRectangle  *image = gegl_buffer_get_extent (d->input);
  const LrbFocusLevels *levels = lrb_depth_filters_levels (filters);
  gint                  n_levels = levels->n, n_info = 2 * n_levels + 1, c = d->n_channels;
  gint                  n_tiles = (d->around.width + TILE_WIDTH - 1) / TILE_WIDTH;
  gint                  n_cells;
  g_autofree LrbLevelBounds *info = NULL;
  g_autoptr (GArray)    rects = g_array_new (FALSE, FALSE, sizeof (GeglRectangle));
  g_autofree gint      *first = g_new (gint, n_info + 1); /* each level's rects */
  gint                  threads = d->threads;
  gboolean              ok = TRUE;
  gint64                start = g_get_monotonic_time ();
  Finish                f = { d, result };

  d->ext = (GeglRectangle) { d->around.x, MAX (d->around.y, band->y - d->reach),
                             d->around.width, 0 };
  d->ext.height = MIN (d->around.y + d->around.height, band->y + band->height + d->reach) -
                  d->ext.y;
  d->band = *band;
  memset (d->acc, 0, sizeof (gfloat) * band->width * band->height * c);
  memset (d->coverage, 0, sizeof (gfloat) * band->width * band->height);
  n_cells = strips_count (&d->ext) * n_tiles;
  info = g_new0 (LrbLevelBounds, (gsize) n_cells * n_info);
  band_scan (d, n_levels, threads, info);
  if (d->pixels)
    for_each_strip (&d->ext, threads, band_pixels_strip, d);
  /* Each level's rectangles, and their work for the progress bar: area by
   * the kernel's side.  The level's kernel reaches its radius, rounded
   * up, and one more for an even kernel file's anchor. */
  p->done = p->total = 0.0;
  for (gint i = 0; i < n_info; i++)
    {
      gdouble radius = lrb_focus_level_radius (levels, i - n_levels);

      first[i] = rects->len;
      lrb_depth_reach_rects (info + i, n_cells, n_info,
                             MIN ((gint) ceil (radius) + 1, d->reach), band, STRIP_HEIGHT,
                             rects);
      for (guint k = first[i]; k < rects->len; k++)
        {
          GeglRectangle *r = &g_array_index (rects, GeglRectangle, k);

          p->total += (gdouble) r->width * r->height * (2.0 * radius + 1.0);
        }
    }
  first[n_info] = rects->len;
  timings->read += ms_since (&start);

  /* Far to near: the largest positive level first, the nearest last. */
  for (gint level = n_levels; ok && level >= -n_levels; level--)
    {
      gint i = level + n_levels;

      if (first[i] == first[i + 1])
        continue;
      d->level = level;
      p->level_side = 2.0 * lrb_focus_level_radius (levels, level) + 1.0;
      ok = run_level_rects (d, settings, filters, image,
                            &g_array_index (rects, GeglRectangle, first[i]),
                            first[i + 1] - first[i], own_plane, p, cancellable, opaque, error);
    }
  timings->levels += ms_since (&start);
  if (ok)
    for_each_strip (band, threads, finish_strip, &f);
  timings->finish += ms_since (&start);
  return ok;
}

/* ---- The bands, on every thread at once ------------------------------ */

/* Each thread composites whole bands in planes of its own, one band after
 * another, so no thread waits for another between a band's levels: a
 * level's engine run over a few small rectangles kept one core idle, and
 * on a busy machine waiting for the slower of two threads after each of
 * the ~40 level runs of a band took longer than the convolutions
 * (docs/benchmarks.md). */
typedef struct
{
  const Depth         *d;           /* the run's shared part */
  const GeglRectangle *area;
  gint                 band_height, n_bands;
  GeglBuffer          *result;
  const LrbSettings   *settings;
  LrbDepthFilters     *filters;
  gboolean             opaque;
  GCancellable        *cancellable;
  gboolean             read_once;   /* the band's pixels, for every level (read_once) */
  gint                 next;        /* the next band to take, atomically */
  gint                *done;        /* of each band, per mille, atomically */
  gint                 failed;      /* atomically */
  GMutex               lock;        /* guards what follows */
  GCond                cond;
  gint                 running;
  GError              *error;
  Timings              timings;     /* summed over the threads */
} Bands;

static void
band_progress (gdouble fraction, gpointer data)
{
  g_atomic_int_set ((gint *) data, (gint) (1000.0 * CLAMP (fraction, 0.0, 1.0)));
}

static gpointer
bands_worker (gpointer data)
{
  Bands             *bs = data;
  Depth              d = *bs->d;
  gsize              plane = (gsize) bs->band_height * bs->area->width;
  g_autofree gfloat *own_plane = bs->opaque ? NULL : g_new (gfloat, plane);
  Timings            timings = { 0 };
  gint               b;

  d.acc = g_new (gfloat, plane * d.n_channels);
  d.coverage = g_new (gfloat, plane);
  if (bs->read_once)
    d.pixels = g_new (gfloat, (gsize) MIN (bs->band_height + 2 * d.reach, d.around.height) *
                              d.around.width * d.n_channels);
  while (!g_atomic_int_get (&bs->failed) &&
         (b = g_atomic_int_add (&bs->next, 1)) < bs->n_bands)
    {
      GeglRectangle band = { bs->area->x, bs->area->y + b * bs->band_height, bs->area->width,
                             MIN (bs->band_height, bs->area->height - b * bs->band_height) };
      Progress      p = { band_progress, &bs->done[b], 0.0, 1.0, 0, 0, 0, 0 };
      GError       *error = NULL;
      gboolean      ok = run_band (&d, &band, bs->result, bs->settings, bs->filters, bs->opaque,
                                   own_plane, &p, bs->cancellable, &timings, &error);

      g_atomic_int_set (&bs->done[b], 1000);
      g_mutex_lock (&bs->lock);
      if (!ok && !bs->error)
        bs->error = error;
      else if (!ok)
        g_error_free (error);
      if (!ok)
        g_atomic_int_set (&bs->failed, 1);
      g_cond_signal (&bs->cond);
      g_mutex_unlock (&bs->lock);
    }
  g_free (d.acc);
  g_free (d.coverage);
  g_free (d.pixels);
  g_mutex_lock (&bs->lock);
  bs->timings.read += timings.read;
  bs->timings.levels += timings.levels;
  bs->timings.finish += timings.finish;
  bs->running--;
  g_cond_signal (&bs->cond);
  g_mutex_unlock (&bs->lock);
  return NULL;
}

/* Runs every band on `threads` threads; the calling thread only reports
 * progress (callers may touch their UI from it, as with the engine). */
static gboolean
run_bands (Bands *bs, gint threads, LrbProgressFunc progress, gpointer progress_data,
           GError **error)
{
  g_autofree GThread **workers = g_new (GThread *, threads);

  bs->done = g_new0 (gint, bs->n_bands);
  g_mutex_init (&bs->lock);
  g_cond_init (&bs->cond);
  bs->running = threads;
  for (gint t = 0; t < threads; t++)
    workers[t] = g_thread_new ("lrb-depth-band", bands_worker, bs);
  g_mutex_lock (&bs->lock);
  while (bs->running > 0)
    {
      gint64 deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&bs->cond, &bs->lock, deadline);
      if (progress)
        {
          gdouble sum = 0.0;

          for (gint b = 0; b < bs->n_bands; b++)
            sum += g_atomic_int_get (&bs->done[b]);
          g_mutex_unlock (&bs->lock);
          progress (sum / (1000.0 * bs->n_bands), progress_data);
          g_mutex_lock (&bs->lock);
        }
    }
  g_mutex_unlock (&bs->lock);
  for (gint t = 0; t < threads; t++)
    g_thread_join (workers[t]);
  g_mutex_clear (&bs->lock);
  g_cond_clear (&bs->cond);
  g_free (bs->done);
  if (bs->error)
    {
      g_propagate_error (error, bs->error);
      return FALSE;
    }
  /* Cancelled from the last progress report, after every band worked:
   * still cancelled, the output untouched. */
  return !g_cancellable_set_error_if_cancelled (bs->cancellable, error);
}

gboolean
lrb_gegl_apply_depth (GeglBuffer *input, GeglBuffer *depth, GeglBuffer *output,
                      const GeglRectangle *roi, const LrbSettings *settings,
                      LrbDepthFilters *filters, LrbProgressFunc progress,
                      gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const LrbKernel      *full = lrb_depth_filters_full (filters);
  const GeglRectangle  *image = gegl_buffer_get_extent (input);
  const Babl           *space = gegl_buffer_get_format (input);
  LrbLook               look = { settings->gamma, settings->highlights };
  const LrbFocusLevels *levels = lrb_depth_filters_levels (filters);
  gint                  n_levels = levels->n;
  gint                  reach = MAX (full->rows, full->cols) / 2 + 1;
  g_autofree LrbLevelBounds *info = g_new0 (LrbLevelBounds, 2 * n_levels + 1);
  gboolean              opaque;
  Timings               timings = { 0 };
  GeglRectangle         area, around;
  GeglBuffer           *result;
  LrbEngineConfig       config;
  gdouble               weights[3];
  gint                  band_height, n_bands, threads;
  gboolean              ok;
  gint64                start;
  Depth                 d = { 0 };

  if (!check_settings (settings, full, error) || !lrb_gegl_check_depth (input, depth, error))
    return FALSE;
  if (!gegl_rectangle_intersect (&area, roi ? roi : image, image))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "the area to filter lies outside the image");
      return FALSE;
    }
  if (lrb_depth_filters_field_varies (filters))
    return lrb_gegl_apply_depth_zones (input, depth, output, &area, settings, filters,
                                       progress, progress_data, cancellable, error);
  /* Pixels outside the area reach into it by up to the kernel's radius. */
  d.reach = reach;
  around = (GeglRectangle) { area.x - reach, area.y - reach, area.width + 2 * reach,
                             area.height + 2 * reach };
  gegl_rectangle_intersect (&around, &around, image);
  lrb_settings_engine_config (settings, &config);
  threads = lrb_engine_threads (&config);

  babl_space_get_rgb_luminance (babl_format_get_space (space), &weights[0], &weights[1],
                                &weights[2]);
  if (babl_get_model_flags (babl_format_get_model (space)) & BABL_MODEL_FLAG_GRAY)
    d.format = babl_format_with_space ("YA float", space), d.n_channels = 2;
  else
    d.format = babl_format_with_space ("RGBA float", space), d.n_channels = 4;
  d.input = input;
  d.look = &look;
  d.weights = weights;
  d.around = around;
  d.levels = g_new (guint8, (gsize) around.width * around.height);

  start = g_get_monotonic_time ();
  ok = label (&d, input, depth, &settings->focus, levels, threads, info, &opaque, error);
  /* Alpha stands in for coverage only where both take the same edges. */
  opaque = opaque && settings->edge != LRB_EDGE_ZERO;
  timings.label = ms_since (&start);

  /* The levels present, made on every thread: one after the other, the
   * SVDs of a large kernel's levels would hold up a first preview. */
  if (ok)
    {
      g_autofree gboolean *needed = g_new0 (gboolean, n_levels + 1);

      for (gint i = 0; i <= 2 * n_levels; i++)
        if (info[i].n_pixels)
          needed[ABS (i - n_levels)] = TRUE;
      ok = lrb_depth_filters_make_levels (filters, needed, threads, error);
      timings.make = ms_since (&start);
    }
  if (!ok)
    {
      g_free (d.levels);
      return FALSE;
    }

  /* A multiple of the threads' count of bands, at most BAND_HEIGHT rows
   * each, so the threads finish together. */
  n_bands = threads * ((area.height + BAND_HEIGHT * threads - 1) / (BAND_HEIGHT * threads));
  n_bands = MIN (n_bands, area.height);
  d.band_rows = band_height = (area.height + n_bands - 1) / n_bands;
  n_bands = (area.height + band_height - 1) / band_height;
  d.threads = MAX (1, threads / MIN (threads, n_bands));
  /* Written band by band: the output is only touched once every band has
   * worked, and may be the input. */
  result = gegl_buffer_new (&area, gegl_buffer_get_format (output));
  {
    Bands bs = { &d, &area, band_height, n_bands, result, settings, filters, opaque,
                 cancellable, read_once (input, &look) };

    start = g_get_monotonic_time ();
    ok = run_bands (&bs, MIN (threads, n_bands), progress, progress_data, error);
    timings.read = bs.timings.read;
    timings.levels = bs.timings.levels;
    timings.finish = bs.timings.finish;
    timings.bands = ms_since (&start);
  }
  if (ok)
    {
      start = g_get_monotonic_time ();
      gegl_buffer_copy (result, &area, GEGL_ABYSS_NONE, output, &area);
      timings.copy = ms_since (&start);
      if (progress)
        progress (1.0, progress_data);
    }
  g_debug ("depth of field %d × %d in %d band%s: labels %.1f ms, levels made %.1f ms, "
           "bands %.1f ms (summed over their threads: scanned and read %.1f ms, levels "
           "convolved and laid %.1f ms, last pass %.1f ms), copy %.1f ms", area.width,
           area.height, n_bands, n_bands == 1 ? "" : "s", timings.label, timings.make,
           timings.bands, timings.read, timings.levels, timings.finish, timings.copy);
  g_object_unref (result);
  g_free (d.levels);
  return ok;
}
