/* lowrank-bokeh benchmark — the synthetic test image, shared by the C
 * benchmarks and the C++ OpenCV peer so every tool filters the same pixels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define LRB_BENCH_WIDTH  2560
#define LRB_BENCH_HEIGHT 1600

/* Fills `data` (width × height × 4 floats, straight RGBA, linear light)
 * with a deterministic photo-like scene: soft gradients, textured
 * surfaces, edges and small bright highlights that bloom into bokeh. */
void lrb_bench_image_fill (float *data, int width, int height);

#ifdef __cplusplus
}
#endif
