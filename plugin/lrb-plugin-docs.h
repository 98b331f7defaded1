/* lowrank-bokeh — the PDB procedures' documentation, one text for the
 * GIMP 2.10 and GIMP 3 registrations (lrb-plugin-params.c,
 * lrb-plugin-gimp3-args.c), so that both describe the same arguments the
 * same way.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define LRB_DOC_AUTHOR "lowrank-bokeh developers"
#define LRB_DOC_DATE   "2026"

/* Blurbs are translated (N_ marks them for xgettext; the caller has
 * gi18n-lib.h and passes them through _() where GIMP expects it). */
#define LRB_DOC_APPLY_BLURB \
  N_("Bokeh and large blurs with any kernel shape, as a sum of separable passes")
#define LRB_DOC_APPLY_HELP                                                                   \
  "Decomposes the kernel (disc, polygon iris, box, gaussian, exponential, difference of "    \
  "Gaussians, ring, skewed box, or a kernel file) by SVD into `rank` separable terms and "    \
  "convolves the selection with them in linear light. A single bright pixel becomes the "     \
  "kernel as drawn. The result is exact for the rank-r kernel Σσᵢuᵢvᵢᵀ; choose rank 0 to "    \
  "keep `energy-target` of the kernel's energy. `gamma` above 1 makes highlights bloom."

#define LRB_DOC_APPLY2_BLURB \
  N_("Bokeh and large blurs with any kernel shape, with a choice of factorization")
#define LRB_DOC_APPLY2_HELP                                                                  \
  "plug-in-lowrank-bokeh with the arguments added since, after its own: `factorization` "   \
  "chooses the separable terms of a rank below exact."

#define LRB_DOC_APPLY3_BLURB \
  N_("Bokeh with a depth map and highlights: depth of field with any kernel shape")
#define LRB_DOC_APPLY3_HELP                                                                  \
  "plug-in-lowrank-bokeh2 with the arguments added since, after its own: a highlight "       \
  "boost (`highlight-stops` from `highlight-threshold-low` to -high, in linear luminance) "  \
  "that makes bright points bloom without lifting the shadows, and depth of field: with "   \
  "a `depth-map` drawable of the same size (black near, white far; -1 for none) each "      \
  "pixel is blurred by how far its depth lies from `focus`, the kernel at full size where "  \
  "that distance is 1; sharp subjects stay sharp and hide the blur behind them."

#define LRB_DOC_APPLY4_BLURB \
  N_("Bokeh as a camera sees it: lens optics, matching grain, cat's eye")
#define LRB_DOC_APPLY4_HELP                                                                  \
  "plug-in-lowrank-bokeh3 with the arguments added since, after its own: `grain` puts back " \
  "the photo's own noise that the blur smoothed away (measured, or `grain-level`; the same "  \
  "`grain-seed` gives the same grain); `use-camera` sets the depth of field from a thin "     \
  "lens (focal length, f-number, focus distance, sensor width) with the depth map in "       \
  "`depth-units`, in place of `focus` and the radius; `cats-eye` clips the aperture toward " \
  "the frame's corners as a real lens does."

#define LRB_DOC_ANALYZE_BLURB N_("Singular values and rank of a bokeh kernel")
#define LRB_DOC_ANALYZE_HELP                                                                 \
  "Builds the kernel from the same parameters as plug-in-lowrank-bokeh and returns its "      \
  "numerical rank, its singular values and the rank that keeps `energy-target` of its "       \
  "energy, so a script can choose a rank."

#define LRB_DOC_CHECK_IMAGE_BLURB N_("Whether an image file is whole, before a script loads it")
#define LRB_DOC_CHECK_IMAGE_HELP                                                             \
  "Decodes a PNG, JPEG, TIFF or PNM file completely with the format's own library and "       \
  "says whether it is whole. GIMP's loaders open a truncated or corrupt file with the "      \
  "missing rows blank; a batch script calls this first so it never saves such an image. "    \
  "Files in other formats count as whole (GIMP's loader has the last word)."
#define LRB_DOC_CHECK_IMAGE_FILENAME "The image file to check"
#define LRB_DOC_CHECK_IMAGE_WHOLE "1 when the file decodes completely, 0 when it does not"
#define LRB_DOC_CHECK_IMAGE_REASON                                                           \
  "Why not, naming the file (\"FILE: corrupt or truncated PNG image: …\"); empty when whole"

#define LRB_DOC_MEASURE_BLURB \
  N_("A lens's own bokeh kernel, measured from one out-of-focus light in the photo")
#define LRB_DOC_MEASURE_HELP                                                                 \
  "Reads the rectangle (or, with width or height 0, the selection's bounds) round one "      \
  "out-of-focus light of the drawable, takes the background off (a plane fitted to the "     \
  "rectangle's border), centres the light, and keeps the rank of the kernel's SVD that "     \
  "keeps its shape and drops the photo's noise (Gavish-Donoho's threshold over the noise "   \
  "it estimates); negatives set to 0, scaled to sum 1, written to `filename` as a kernel "   \
  "text file for the kernel-file argument. As `lrbokeh kernel-from-photo`."
#define LRB_DOC_MEASURE_X "The rectangle's left edge, in the drawable's pixels"
#define LRB_DOC_MEASURE_Y "The rectangle's top edge, in the drawable's pixels"
#define LRB_DOC_MEASURE_WIDTH "The rectangle's width (0: the selection's bounds)"
#define LRB_DOC_MEASURE_HEIGHT "The rectangle's height (0: the selection's bounds)"
#define LRB_DOC_MEASURE_RANK "0: the noise-aware rank; -1: every term; r > 0: r terms"
#define LRB_DOC_MEASURE_FILENAME "The kernel text file to write"
#define LRB_DOC_MEASURE_RANK_USED "The rank kept"
#define LRB_DOC_MEASURE_NOISE "The photo's noise (σ in its linear light) found round the light; 0 for none"
#define LRB_DOC_MEASURE_CENTRE_X "The light's pixel across, in the drawable's coordinates"
#define LRB_DOC_MEASURE_CENTRE_Y "The light's pixel down, in the drawable's coordinates"
#define LRB_DOC_MEASURE_REPORT "The rank chosen and why, in a sentence"

#define LRB_DOC_SHAPE                                                                        \
  "Kernel shape: 0 disc, 1 polygon (iris), 2 box, 3 gaussian, 4 exponential, "               \
  "5 difference of Gaussians, 6 ring, 7 skewed box, 8 kernel file"
#define LRB_DOC_RADIUS                                                                       \
  "Radius in pixels (0.5 to 1000): the distance from the centre to a polygon's corners; "    \
  "the support of smooth shapes"
#define LRB_DOC_BLADES "Number of iris blades of the polygon (3 to 16; 6 makes a hexagon)"
#define LRB_DOC_ROTATION                                                                     \
  "Rotation of the polygon, gaussian or skewed box in degrees, counter-clockwise"
#define LRB_DOC_CURVATURE "Roundness of the polygon's edges (0 straight to 1 circle)"
#define LRB_DOC_RANK                                                                         \
  "Number of separable terms (1 to the kernel's size), 0 = the smallest rank that keeps "    \
  "energy-target, -1 = exact (the kernel itself; the fastest of FFT, chord sums and "        \
  "separable passes is picked)"
#define LRB_DOC_ENERGY_TARGET                                                                \
  "Share of the kernel's energy Σσᵢ²/Σσ² to keep when rank is 0 (above 0, at most 1)"
#define LRB_DOC_GAMMA                                                                        \
  "\"Fake HDR\" exponent (1 to 10): values are raised to it before the blur and to its "     \
  "inverse after, so highlights bloom; 1 is a plain linear-light blur"
#define LRB_DOC_EDGE_MODE                                                                    \
  "Pixels beyond the image: 0 clamp (repeat the border), 1 mirror, 2 zero (transparent)"
#define LRB_DOC_KERNEL_FILE                                                                  \
  "Kernel file (text matrix or image) used when shape is 8; ignored otherwise"

#define LRB_DOC_ANALYZE_ENERGY_TARGET                                                        \
  "Share of the energy Σσᵢ²/Σσ² the returned rank keeps (above 0, at most 1)"
#define LRB_DOC_NUMERICAL_RANK "Number of singular values above max(rows, cols)·ε·σ₁"
#define LRB_DOC_NUM_SINGULAR_VALUES "Length of singular-values: min(rows, cols)"
#define LRB_DOC_SINGULAR_VALUES "The kernel's singular values, largest first"
#define LRB_DOC_ENERGY_RANK "The smallest rank that keeps energy-target"
#define LRB_DOC_FACTORIZATION                                                                \
  "Separable terms of a rank below exact: 0 SVD (the least error; low ranks ring around "    \
  "highlights), 1 non-negative (a little more error, never below zero, so no dark rings; "   \
  "not for kernels with negative entries)"
#define LRB_DOC_HIGHLIGHT_STOPS                                                              \
  "Stops (0 to 16) the highlights are brightened by before the blur and darkened by after "  \
  "it; 0 is off"
#define LRB_DOC_HIGHLIGHT_LOW "Linear luminance where the highlight boost starts (0 to 100)"
#define LRB_DOC_HIGHLIGHT_HIGH                                                               \
  "Linear luminance where the highlight boost is full (above the low threshold, up to 100)"
#define LRB_DOC_DEPTH_MAP                                                                    \
  "Depth map: a layer, channel or mask of the drawable's size, black near and white far "    \
  "(-1: none, a uniform blur)"
#define LRB_DOC_FOCUS "The depth that stays sharp, 0 near to 1 far"
#define LRB_DOC_FOCUS_TOLERANCE "Depths within this distance of the focus stay sharp too (0 to below 1)"
#define LRB_DOC_AS_FILTER                                                                    \
  "GIMP 3: TRUE adds the blur as an editable layer filter (GIMP's Layers dialog re-opens, "   \
  "hides and merges it; undo removes it); FALSE (the default) writes it into the pixels. "   \
  "With a depth map, or without the GEGL operation installed, the pixels are written"
#define LRB_DOC_GRAIN "1: put back the grain the blur smoothed away (0 off)"
#define LRB_DOC_GRAIN_LEVEL                                                                  \
  "The grain's standard deviation in encoded values (0 to 1; 0.01 is 2.55 of 255), or -1 "   \
  "to measure the photo's own"
#define LRB_DOC_GRAIN_SEED "The grain's seed (0 or more): the same seed gives the same grain"
#define LRB_DOC_USE_CAMERA                                                                   \
  "1: with a depth map, the camera below sets the focus and the blur's size (focus and "     \
  "radius are ignored; the shape may not be a kernel file)"
#define LRB_DOC_FOCAL_LENGTH "The lens's focal length in mm (1 to 5000)"
#define LRB_DOC_F_NUMBER "The aperture as an f-number (0.5 to 256): f/1.4 blurs more than f/8"
#define LRB_DOC_FOCUS_DISTANCE "The distance in focus, in metres from the lens"
#define LRB_DOC_SENSOR_WIDTH                                                                 \
  "The sensor's width in mm across the image's width (36 full frame, 23.5 APS-C)"
#define LRB_DOC_DEPTH_UNITS                                                                  \
  "What the depth map holds: 0 normalized (0 at depth-near … 1 at depth-far), 1 metres "     \
  "(times depth-scale), 2 disparity 1/metres (times depth-scale; 0 is infinitely far)"
#define LRB_DOC_DEPTH_NEAR "Normalized maps: the distance in metres that black (0) stands for"
#define LRB_DOC_DEPTH_FAR "Normalized maps: the distance in metres that white (1) stands for"
#define LRB_DOC_DEPTH_SCALE                                                                  \
  "Metres and disparity maps: the units per stored value (a 16-bit map's 65535 at scale "    \
  "0.001 is 65.5 m)"
#define LRB_DOC_CATS_EYE                                                                     \
  "Cat's eye (0 off to 1): the aperture clipped toward the frame's corners, as a real "      \
  "lens's barrel does"
#define LRB_DOC_DEPTH_INVERT "1: the depth map is white near and black far"
