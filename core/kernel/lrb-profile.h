/* lowrank-bokeh — the aperture's brightness profile: how light is spread
 * across the bokeh disc.  A perfect lens fills it evenly (flat); an
 * undercorrected one piles light on the rim ("soap bubble", the Meyer
 * Trioplan's); an apodisation filter fades it toward the edge (Sony's
 * STF, Fujifilm's APD); an aspherical element's polishing marks ripple it
 * ("onion rings").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-kernel.h"

G_BEGIN_DECLS

typedef enum
{
  LRB_PROFILE_FLAT,
  LRB_PROFILE_SOAP_BUBBLE, /* bright rim */
  LRB_PROFILE_SMOOTH,      /* bright centre, soft edge */
  LRB_PROFILE_ONION_RINGS, /* ripples */
  LRB_N_PROFILES
} LrbProfile;

/* What a strength means when none is given: clearly visible, not extreme. */
#define LRB_PROFILE_DEFAULT_STRENGTH 0.5

/* The CLI's and the GEGL operation's names: "flat", "soap-bubble",
 * "smooth", "onion-rings". */
const gchar *lrb_profile_to_nick   (LrbProfile profile);
gboolean     lrb_profile_from_nick (const gchar *nick, LrbProfile *profile);

/* Whether `profile` at `strength` changes a kernel at all. */
gboolean     lrb_profile_active    (LrbProfile profile, gdouble strength);

/* `kernel` with each tap weighted by the profile at its place between the
 * shape's middle and its edge, whatever the shape: the place is the tap's
 * distance to the nearest tap outside the support (an exact Euclidean
 * distance transform, Felzenszwalb & Huttenlocher, "Distance transforms of
 * sampled functions", Theory of Computing 8, 2012) over the deepest one's.
 * `strength` 0 … 1.  Scaled back to the kernel's sum (unless that is 0);
 * a plain copy when !lrb_profile_active. */
LrbKernel   *lrb_kernel_new_profiled (const LrbKernel *kernel, LrbProfile profile,
                                      gdouble strength);

/* The weight at `place` (0 the middle … 1 the edge) for a shape whose
 * middle is `depth` taps from its edge (onion rings: fewer on small
 * kernels, each ring at least 3 taps wide). */
gdouble      lrb_profile_weight    (LrbProfile profile, gdouble strength, gdouble place,
                                    gdouble depth);

G_END_DECLS
