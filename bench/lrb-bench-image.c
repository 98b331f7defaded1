/* lowrank-bokeh benchmark — the synthetic test image.
 *
 * Plain C without GLib, so that the OpenCV peer (C++) links it too.  The
 * engine's speed does not depend on content; the pattern only has to look
 * like a photo when someone opens a result, and must avoid long runs of
 * exact zeros (denormal tails would slow peers that do not flush them).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-bench-image.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* A small integer hash (lowbias32), for noise that is the same everywhere. */
static uint32_t
hash32 (uint32_t x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

static float
noise (int x, int y, uint32_t seed)
{
  return (hash32 ((uint32_t) x * 73856093U ^ (uint32_t) y * 19349663U ^ seed) >> 8)
         / 16777216.0f;
}

void
lrb_bench_image_fill (float *data, int width, int height)
{
  /* A few highlight centres on a coarse grid, jittered by the hash. */
  const int cell = 160;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float  u = (float) x / width, v = (float) y / height;
        float *p = data + ((size_t) y * width + x) * 4;
        /* Sky-to-ground gradient with a diagonal "horizon" edge. */
        int    ground = v > 0.55f + 0.1f * u;
        float  r = ground ? 0.20f + 0.15f * u : 0.35f + 0.30f * (1.0f - v);
        float  g = ground ? 0.25f + 0.10f * v : 0.45f + 0.25f * (1.0f - v);
        float  b = ground ? 0.10f + 0.05f * u : 0.70f + 0.20f * (1.0f - v);
        /* Stripes and fine grain: texture that a blur visibly removes. */
        float  stripes = 0.08f * sinf (0.05f * x + 0.013f * y) * sinf (0.021f * y);
        float  grain = 0.06f * (noise (x, y, 1) - 0.5f);
        int    cx = x / cell, cy = y / cell;
        int    hx = cx * cell + (int) (hash32 (cx * 31 + cy * 977) % cell);
        int    hy = cy * cell + (int) (hash32 (cx * 131 + cy * 7) % cell);
        int    dx = x - hx, dy = y - hy;
        /* Small super-white highlights: what bokeh is for. */
        float  spot = dx * dx + dy * dy <= 9 ? 4.0f + 4.0f * noise (cx, cy, 2) : 0.0f;

        p[0] = r + stripes + grain + spot;
        p[1] = g + stripes + grain + spot * 0.8f;
        p[2] = b - stripes + grain + spot * 0.6f;
        p[3] = 1.0f;
      }
}
