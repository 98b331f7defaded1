/* lowrank-bokeh — lowrank-bokeh:blur, the blur as a GEGL operation, and
 * lowrank-bokeh:depth-blur, the same with a depth map on an aux input.
 *
 * One source, built twice (operation/meson.build), the second time as
 * lrb-op-depth-blur.c, with LRB_OP_DEPTH: GIMP 3.0.4 merges a layer filter into the layer on OK
 * whenever the operation has an aux input, so the uniform blur stays a
 * plain filter that GIMP 3 keeps non-destructive, and depth of field is an
 * operation of its own.  The two modules register their enums under names
 * of their own (GLib refuses a type name twice in one process): the
 * LRB_OP_* wrappers below let the names expand before gegl-op.h pastes
 * and quotes them.
 *
 * Bokeh by convolution with a large kernel, made affordable by writing the
 * kernel as a sum of r separable terms from its singular value
 * decomposition (K ≈ Σ σᵢ uᵢ vᵢᵀ; T. McGraw, "Fast Bokeh effects using
 * low-rank linear filters", The Visual Computer 31, 2015), or convolved
 * exactly by FFT or chord sums when the planner finds that faster.  The
 * operation is a thin adapter: the kernel, the rank, the method and the
 * pixels are the core's, through the same LrbSettings path as `lrbokeh
 * apply`, so both give the same image.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "lrb-depth-grain.h"
#include "lrb-focus-region.h"
#include "lrb-gegl-field.h"
#include "lrb-gegl-depth.h"
#include "lrb-settings.h"

#ifdef LRB_OP_DEPTH
#define LRB_OP_SHAPE_TYPE         LrbOpDepthBlurShape
#define LRB_OP_SHAPE_ENUM         lrb_op_depth_blur_shape
#define LRB_OP_EDGE_TYPE          LrbOpDepthBlurEdge
#define LRB_OP_EDGE_ENUM          lrb_op_depth_blur_edge
#define LRB_OP_FACTORIZATION_TYPE LrbOpDepthBlurFactorization
#define LRB_OP_FACTORIZATION_ENUM lrb_op_depth_blur_factorization
#define LRB_OP_METHOD_TYPE        LrbOpDepthBlurMethod
#define LRB_OP_METHOD_ENUM        lrb_op_depth_blur_method
#define LRB_OP_PROFILE_TYPE       LrbOpDepthBlurProfile
#define LRB_OP_PROFILE_ENUM       lrb_op_depth_blur_profile
#else
#define LRB_OP_SHAPE_TYPE         LrbOpBlurShape
#define LRB_OP_SHAPE_ENUM         lrb_op_blur_shape
#define LRB_OP_EDGE_TYPE          LrbOpBlurEdge
#define LRB_OP_EDGE_ENUM          lrb_op_blur_edge
#define LRB_OP_FACTORIZATION_TYPE LrbOpBlurFactorization
#define LRB_OP_FACTORIZATION_ENUM lrb_op_blur_factorization
#define LRB_OP_METHOD_TYPE        LrbOpBlurMethod
#define LRB_OP_METHOD_ENUM        lrb_op_blur_method
#define LRB_OP_PROFILE_TYPE       LrbOpBlurProfile
#define LRB_OP_PROFILE_ENUM       lrb_op_blur_profile
#endif
/* gegl-op.h's macros paste and quote their arguments unexpanded. */
#define LRB_OP_ENUM_START(name)                   enum_start (name)
#define LRB_OP_ENUM_END(type)                     enum_end (type)
#define LRB_OP_PROPERTY_ENUM(name, label, type, enum_name, def_val) \
  property_enum (name, label, type, enum_name, def_val)

#ifdef GEGL_PROPERTIES

/* The nicks are the CLI's shape names and the values the PDB's shape
 * numbers (LrbShape; checked in the code below). */
LRB_OP_ENUM_START (LRB_OP_SHAPE_ENUM)
  enum_value (LRB_OP_BLUR_SHAPE_DISC,        "disc",        "Disc")
  enum_value (LRB_OP_BLUR_SHAPE_POLYGON,     "polygon",     "Polygon (iris)")
  enum_value (LRB_OP_BLUR_SHAPE_BOX,         "box",         "Box")
  enum_value (LRB_OP_BLUR_SHAPE_GAUSSIAN,    "gaussian",    "Gaussian")
  enum_value (LRB_OP_BLUR_SHAPE_EXPONENTIAL, "exponential", "Exponential")
  enum_value (LRB_OP_BLUR_SHAPE_DOG,         "dog",         "Difference of Gaussians")
  enum_value (LRB_OP_BLUR_SHAPE_RING,        "ring",        "Ring")
  enum_value (LRB_OP_BLUR_SHAPE_SKEWED_BOX,  "skewed-box",  "Skewed box")
  enum_value (LRB_OP_BLUR_SHAPE_FILE,        "file",        "Kernel file")
LRB_OP_ENUM_END (LRB_OP_SHAPE_TYPE)

LRB_OP_ENUM_START (LRB_OP_EDGE_ENUM)
  enum_value (LRB_OP_BLUR_EDGE_CLAMP,  "clamp",  "Clamp (repeat the border)")
  enum_value (LRB_OP_BLUR_EDGE_MIRROR, "mirror", "Mirror")
  enum_value (LRB_OP_BLUR_EDGE_ZERO,   "zero",   "Zero (transparent)")
LRB_OP_ENUM_END (LRB_OP_EDGE_TYPE)

LRB_OP_ENUM_START (LRB_OP_FACTORIZATION_ENUM)
  enum_value (LRB_OP_BLUR_FACTORIZATION_SVD,         "svd",         "SVD (least error)")
  enum_value (LRB_OP_BLUR_FACTORIZATION_NONNEGATIVE, "nonnegative", "Non-negative (no dark rings)")
LRB_OP_ENUM_END (LRB_OP_FACTORIZATION_TYPE)

LRB_OP_ENUM_START (LRB_OP_METHOD_ENUM)
  enum_value (LRB_OP_BLUR_METHOD_AUTO,      "auto",      "Automatic (the fastest)")
  enum_value (LRB_OP_BLUR_METHOD_SEPARABLE, "separable", "Separable passes")
  enum_value (LRB_OP_BLUR_METHOD_FFT,       "fft",       "FFT")
  enum_value (LRB_OP_BLUR_METHOD_CHORD,     "chord",     "Chord sums")
LRB_OP_ENUM_END (LRB_OP_METHOD_TYPE)

LRB_OP_PROPERTY_ENUM (shape, "Shape", LRB_OP_SHAPE_TYPE, LRB_OP_SHAPE_ENUM,
                      LRB_OP_BLUR_SHAPE_POLYGON)
  description ("Kernel shape: the form a point of light takes; polygon with 6 blades is "
               "the hexagon of a six-bladed iris, file reads kernel-file")

property_double (radius, "Radius", 12.0)
  description ("Radius in pixels (0.5 to 1000): the distance from the centre to a "
               "polygon's corners; the support of smooth shapes")
  value_range (0.5, LRB_MAX_RADIUS)
  ui_range    (0.5, 200.0)
  ui_gamma    (2.0)
  ui_meta     ("unit", "pixel-distance")
  ui_meta     ("visible", "!shape {file}")

property_int (blades, "Blades", 6)
  description ("Number of iris blades of the polygon (3 to 16; 6 makes a hexagon)")
  value_range (LRB_MIN_BLADES, LRB_MAX_BLADES)
  ui_meta     ("visible", "shape {polygon}")

property_double (rotation, "Rotation", 0.0)
  description ("Rotation of the polygon, gaussian or skewed box in degrees, "
               "counter-clockwise")
  value_range (-360.0, 360.0)
  ui_range    (-180.0, 180.0)
  ui_meta     ("unit", "degree")
  ui_meta     ("direction", "ccw")
  ui_meta     ("visible", "shape {polygon, gaussian, skewed-box}")

property_double (curvature, "Curvature", 0.0)
  description ("Roundness of the polygon's edges (0 straight to 1 circle)")
  value_range (0.0, 1.0)
  ui_meta     ("visible", "shape {polygon}")

property_int (rank, "Rank", 0)
  description ("Number of separable terms (1 to the kernel's size; more is the kernel's "
               "size), 0 = the smallest rank that keeps energy-target, -1 = exact (the "
               "kernel itself; the fastest of FFT, chord sums and separable passes is "
               "picked)")
  value_range (LRB_RANK_EXACT, LRB_KERNEL_MAX_SIDE)
  ui_range    (LRB_RANK_EXACT, 32)

property_double (energy_target, "Energy target", 0.99)
  description ("Share of the kernel's energy Σσᵢ²/Σσ² to keep when rank is 0 "
               "(above 0, at most 1)")
  value_range (0.001, 1.0)
  ui_range    (0.5, 1.0)
  ui_digits   (4)

property_double (gamma, "Gamma", 1.0)
  description ("\"Fake HDR\" exponent (1 to 10): values are raised to it before the blur "
               "and to its inverse after, so highlights bloom; 1 is a plain linear-light "
               "blur")
  value_range (1.0, LRB_MAX_GAMMA)
  ui_range    (1.0, 5.0)

property_double (highlight_stops, "Highlight boost", 0.0)
  description ("Stops (0 to 16) the highlights are brightened by before the blur and "
               "darkened by after it: bright points bloom into the kernel's shape while "
               "shadows and mid-tones keep their level; 0 is off")
  value_range (0.0, LRB_HIGHLIGHT_MAX_STOPS)
  ui_range    (0.0, 10.0)

property_double (highlight_threshold_low, "Highlight threshold low", 0.7)
  description ("Linear luminance where the highlight boost starts; below it nothing "
               "changes")
  value_range (0.0, LRB_HIGHLIGHT_MAX_THRESHOLD)
  ui_range    (0.0, 1.0)

property_double (highlight_threshold_high, "Highlight threshold high", 1.0)
  description ("Linear luminance where the highlight boost is full (above the low "
               "threshold)")
  value_range (0.0, LRB_HIGHLIGHT_MAX_THRESHOLD)
  ui_range    (0.0, 1.0)

#ifdef LRB_OP_DEPTH
property_double (focus, "Focus", 0.5)
  description ("With a depth map on the aux input (black near, white far): the depth that "
               "stays sharp, 0 near to 1 far; each pixel is blurred by how far its depth "
               "lies from it, the kernel at full size where that distance is 1")
  value_range (0.0, 1.0)

property_double (focus_tolerance, "Focus tolerance", 0.0)
  description ("Depths within this distance of the focus stay sharp too (0 to below 1)")
  value_range (0.0, 0.99)

property_boolean (depth_invert, "Invert depth", FALSE)
  description ("The depth map is white near, black far")

/* The nicks and numbers are lrbokeh apply --focus-region's. */
enum_start (lrb_op_depth_blur_focus_region)
  enum_value (LRB_OP_FOCUS_REGION_NONE,    "none",    "None (uniform blur)")
  enum_value (LRB_OP_FOCUS_REGION_ELLIPSE, "ellipse", "Ellipse")
  enum_value (LRB_OP_FOCUS_REGION_BAND,    "band",    "Band (tilt-shift)")
enum_end (LrbOpDepthBlurFocusRegion)

property_enum (focus_region, "Focus region", LrbOpDepthBlurFocusRegion,
               lrb_op_depth_blur_focus_region, LRB_OP_FOCUS_REGION_NONE)
  description ("Without a depth map on aux: the depth made up from a region that stays "
               "sharp, an ellipse around a point or a straight band through it, blurred more "
               "and more beyond it (as gegl:focus-blur); none is the uniform blur")

property_double (focus_x, "Focus X", 0.5)
  description ("The region's centre across the image: 0 left … 1 right")
  value_range (-1.0, 2.0)
  ui_range    (0.0, 1.0)
  ui_meta     ("unit", "relative-coordinate")
  ui_meta     ("axis", "x")
  ui_meta     ("visible", "!focus-region {none}")

property_double (focus_y, "Focus Y", 0.5)
  description ("The region's centre down the image: 0 top … 1 bottom")
  value_range (-1.0, 2.0)
  ui_range    (0.0, 1.0)
  ui_meta     ("unit", "relative-coordinate")
  ui_meta     ("axis", "y")
  ui_meta     ("visible", "!focus-region {none}")

property_double (focus_radius, "Focus radius", 0.5)
  description ("Sharp within this distance of the centre (the band: of its middle line), in "
               "halves of the image's smaller side")
  value_range (0.0, 10.0)
  ui_range    (0.0, 2.0)
  ui_meta     ("visible", "!focus-region {none}")

property_double (focus_transition, "Focus transition", 0.5)
  description ("From sharp to the full kernel over this much more, in halves of the "
               "image's smaller side")
  value_range (0.001, 10.0)
  ui_range    (0.01, 2.0)
  ui_meta     ("visible", "!focus-region {none}")

property_double (focus_aspect, "Focus aspect", 1.0)
  description ("The ellipse's width over its height (1: a circle)")
  value_range (0.05, 20.0)
  ui_range    (0.2, 5.0)
  ui_gamma    (2.0)
  ui_meta     ("visible", "focus-region {ellipse}")

property_double (focus_rotation, "Focus rotation", 0.0)
  description ("Degrees counter-clockwise: the ellipse's width axis, the band's line")
  value_range (-360.0, 360.0)
  ui_range    (-180.0, 180.0)
  ui_meta     ("unit", "degree")
  ui_meta     ("direction", "ccw")
  ui_meta     ("visible", "!focus-region {none}")
#endif

LRB_OP_PROPERTY_ENUM (edge_mode, "Edge mode", LRB_OP_EDGE_TYPE, LRB_OP_EDGE_ENUM,
                      LRB_OP_BLUR_EDGE_CLAMP)
  description ("Pixels beyond the image: clamp (repeat the border), mirror, or zero "
               "(transparent)")

/* A string, not a GEGL file path: GIMP 3.0.4's libgimp has no type for
 * file paths, so scripts and plug-ins could set neither this property
 * nor the ones after it on a layer filter. */
property_string (kernel_file, "Kernel file", "")
  description ("Kernel file (text matrix or image) used when shape is file; ignored "
               "otherwise")
  ui_meta     ("visible", "shape {file}")

LRB_OP_PROPERTY_ENUM (method, "Method", LRB_OP_METHOD_TYPE, LRB_OP_METHOD_ENUM,
                      LRB_OP_BLUR_METHOD_AUTO)
  description ("How to convolve, as lrbokeh apply --method: auto picks the fastest for each "
               "chunk; separable passes, FFT, or chord sums (piecewise-constant kernels "
               "only).  Separable passes keep the most precision in dark areas with a "
               "large gamma")

LRB_OP_PROPERTY_ENUM (factorization, "Factorization", LRB_OP_FACTORIZATION_TYPE,
                      LRB_OP_FACTORIZATION_ENUM, LRB_OP_BLUR_FACTORIZATION_SVD)
  description ("The separable terms of a rank below exact: svd (the least error, but low "
               "ranks dip below zero and ring around highlights) or nonnegative (a little more "
               "error, never below zero, so no dark rings; kernels with negative entries "
               "have none)")


/* Added after the ones above (scripts and saved filters name them). */
property_boolean (grain, "Grain", FALSE)
  description ("Put back the grain the blur smoothed away: the photo's own noise, measured "
               "in its flat areas (or grain-level), as much in each pixel as its blur took "
               "out; sharp pixels stay as they were")

property_double (grain_level, "Grain level", -1.0)
  description ("The grain's standard deviation in encoded values (0 to 1; 0.01 is 2.55 of "
               "255), or -1 to measure the photo's own")
  value_range (-1.0, 1.0)
  ui_range    (-1.0, 0.1)
  ui_meta     ("visible", "grain")

property_int (grain_seed, "Grain seed", 0)
  description ("The same seed gives the same grain")
  value_range (0, G_MAXINT)
  ui_range    (0, 1000)
  ui_meta     ("visible", "grain")

#ifdef LRB_OP_DEPTH
/* The nicks and numbers are lrbokeh apply --depth-units'. */
enum_start (lrb_op_depth_blur_depth_units)
  enum_value (LRB_OP_DEPTH_UNITS_NORMALIZED, "normalized", "Normalized (0 near … 1 far)")
  enum_value (LRB_OP_DEPTH_UNITS_METRES,     "metres",     "Metres")
  enum_value (LRB_OP_DEPTH_UNITS_DISPARITY,  "disparity",  "Disparity (1/metres)")
enum_end (LrbOpDepthBlurDepthUnits)

property_boolean (use_camera, "Camera", FALSE)
  description ("The depth of field of a camera: the focal length, f-number, focus "
               "distance and sensor set the focus and the blur's size (focus and radius "
               "are then ignored)")

property_double (focal_length, "Focal length", 50.0)
  description ("The lens's focal length in mm")
  value_range (1.0, 5000.0)
  ui_range    (10.0, 300.0)
  ui_gamma    (2.0)
  ui_meta     ("visible", "use-camera")

property_double (f_number, "F-number", 2.8)
  description ("The aperture: f/1.4 blurs more than f/8")
  value_range (0.5, 256.0)
  ui_range    (1.0, 22.0)
  ui_gamma    (2.0)
  ui_meta     ("visible", "use-camera")

property_double (focus_distance, "Focus distance", 3.0)
  description ("The distance in focus, in metres from the lens")
  value_range (0.001, 1e6)
  ui_range    (0.1, 100.0)
  ui_gamma    (3.0)
  ui_meta     ("visible", "use-camera")

property_double (sensor_width, "Sensor width", LRB_CAMERA_FULL_FRAME_WIDTH)
  description ("The sensor's width in mm across the image (36 full frame, 23.5 APS-C)")
  value_range (1.0, 1000.0)
  ui_range    (4.0, 70.0)
  ui_meta     ("visible", "use-camera")

property_enum (depth_units, "Depth units", LrbOpDepthBlurDepthUnits,
               lrb_op_depth_blur_depth_units, LRB_OP_DEPTH_UNITS_NORMALIZED)
  description ("What the depth map holds: normalized (0 at depth-near … 1 at depth-far), "
               "metres or disparity (1/metres), each times depth-scale")
  ui_meta     ("visible", "use-camera")

property_double (depth_near, "Depth near", 1.0)
  description ("The nearest distance of the scene in metres: what a normalized map's 0 "
               "stands for; nearer points of a metres map blur as at this distance")
  value_range (0.001, 1e6)
  ui_range    (0.1, 100.0)
  ui_gamma    (3.0)
  ui_meta     ("visible", "use-camera")

property_double (depth_far, "Depth far", 20.0)
  description ("The farthest distance of the scene in metres: what a normalized map's 1 "
               "stands for; farther points blur as at this distance")
  value_range (0.001, 1e9)
  ui_range    (1.0, 1000.0)
  ui_gamma    (3.0)
  ui_meta     ("visible", "use-camera")

property_double (depth_scale, "Depth scale", 1.0)
  description ("Metres and disparity maps: metres (or 1/metres) per stored unit")
  value_range (1e-9, 1e9)
  ui_range    (0.001, 100.0)
  ui_meta     ("visible", "use-camera")
#endif

/* The lens's character: on both operations, after each one's own. */
property_double (cats_eye, "Cat's eye", 0.0)
  description ("The aperture clipped toward the frame's corners, as a real lens's barrel "
               "does (0 off to 1)")
  value_range (0.0, 1.0)

property_double (swirl, "Swirl", 0.0)
  description ("The aperture stretched along circles round the frame's centre, by up to "
               "1 + swirl at the corners, its area kept (0 off to 1)")
  value_range (0.0, 1.0)

property_double (aspect, "Aspect", 1.0)
  description ("An oval aperture this many times longer than wide, its area kept, the same "
               "everywhere (1 round to 4)")
  value_range (1.0, LRB_FIELD_MAX_ASPECT)

property_double (aspect_rotation, "Aspect rotation", 0.0)
  description ("Degrees counter-clockwise from across: the oval's long axis (90 upright)")
  value_range (-360.0, 360.0)
  ui_range    (-180.0, 180.0)
  ui_meta     ("unit", "degree")
  ui_meta     ("direction", "ccw")

/* The same over the whole frame, so with a depth map too: each level's
 * kernel gets it.  The nicks are lrbokeh's --profile names. */
LRB_OP_ENUM_START (LRB_OP_PROFILE_ENUM)
  enum_value (LRB_OP_BLUR_PROFILE_FLAT,        "flat",        "Flat")
  enum_value (LRB_OP_BLUR_PROFILE_SOAP_BUBBLE, "soap-bubble", "Soap bubble (bright rim)")
  enum_value (LRB_OP_BLUR_PROFILE_SMOOTH,      "smooth",      "Smooth (bright centre)")
  enum_value (LRB_OP_BLUR_PROFILE_ONION_RINGS, "onion-rings", "Onion rings")
LRB_OP_ENUM_END (LRB_OP_PROFILE_TYPE)

LRB_OP_PROPERTY_ENUM (profile, "Profile", LRB_OP_PROFILE_TYPE, LRB_OP_PROFILE_ENUM,
                      LRB_OP_BLUR_PROFILE_FLAT)
  description ("The light across the aperture, whatever its shape: flat, soap-bubble (a "
               "bright rim), smooth (a bright centre fading to a soft edge) or onion-rings "
               "(ripples)")

property_double (profile_strength, "Profile strength", LRB_PROFILE_DEFAULT_STRENGTH)
  description ("How much of the profile (0 flat to 1)")
  value_range (0.0, 1.0)
  ui_meta     ("visible", "profile {soap-bubble, smooth, onion-rings}")

/* Both operations: with a depth map the rims follow the focus's side. */
property_double (axial_color, "Axial color", 0.0)
  description ("Axial chromatic aberration: green rims round blurred lights behind the "
               "focus, magenta in front (all is behind without a depth map); the other "
               "channels' kernel is up to a quarter of its radius smaller (0 off to 1; 0.3 "
               "is a good lens's)")
  value_range (0.0, 1.0)

#else

#ifdef LRB_OP_DEPTH
/* A composer: the aux input, when connected, is the depth map. */
#define GEGL_OP_COMPOSER
#define GEGL_OP_NAME     lrb_op_depth_blur
#else
#define GEGL_OP_AREA_FILTER
#define GEGL_OP_NAME     lrb_op_blur
#endif
#ifdef LRB_OP_DEPTH
#define GEGL_OP_C_SOURCE lrb-op-depth-blur.c
#else
#define GEGL_OP_C_SOURCE lrb-op-blur.c
#endif

#include "gegl-op.h"

G_STATIC_ASSERT ((gint) LRB_OP_BLUR_SHAPE_DISC == LRB_SHAPE_DISC);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_SHAPE_POLYGON == LRB_SHAPE_POLYGON);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_SHAPE_SKEWED_BOX == LRB_SHAPE_SKEWED_BOX);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_SHAPE_FILE == LRB_SHAPE_FILE);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_SHAPE_FILE + 1 == LRB_N_SHAPES);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_EDGE_MIRROR == LRB_EDGE_MIRROR);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_EDGE_ZERO + 1 == LRB_N_EDGE_MODES);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_METHOD_FFT == LRB_METHOD_FFT);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_METHOD_CHORD + 1 == LRB_N_METHODS);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_FACTORIZATION_NONNEGATIVE == LRB_FACTORIZATION_NONNEGATIVE);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_FACTORIZATION_NONNEGATIVE + 1 == LRB_N_FACTORIZATIONS);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_PROFILE_SMOOTH == LRB_PROFILE_SMOOTH);
G_STATIC_ASSERT ((gint) LRB_OP_BLUR_PROFILE_ONION_RINGS + 1 == LRB_N_PROFILES);
#ifdef LRB_OP_DEPTH
G_STATIC_ASSERT ((gint) LRB_OP_DEPTH_UNITS_DISPARITY == LRB_DEPTH_DISPARITY);
G_STATIC_ASSERT ((gint) LRB_OP_DEPTH_UNITS_DISPARITY + 1 == LRB_N_DEPTH_UNITS);
#endif

/* What prepare() builds from the properties that shape the kernel and pick
 * the method.  GEGL's threads share it read-only, except that with method
 * auto each method's filter is made the first time a chunk needs it.
 * Reference-counted: a property change may replace it while chunks still
 * run with the old one. */
typedef struct
{
  gint         ref_count;
  gint         rank_property; /* the rank asked for, before it is resolved */
  LrbSettings  settings;      /* rank resolved as `lrbokeh apply` does: 1 … min(rows, cols)
                               * or exact; gamma and edge travel in the cache */
  LrbKernel   *kernel;        /* NULL when the settings failed: pass-through */
  gchar       *problem;       /* then why, warned about once it is used */
  gboolean     warned;
  LrbAnalysis *analysis;
  LrbFactors  *factors;       /* the rank-r factors for the planner; NULL for exact */
  GMutex       lock;          /* guards the three below */
  LrbFilter   *filters[LRB_N_METHODS];
  GHashTable  *choices;       /* "channels width height" → the planner's method + 1 */
  LrbDepthFilters *depth_filters; /* with a depth map: every level's, made when first used */
} Prepared;

/* o->user_data. */
typedef struct
{
  GMutex      lock;           /* prepare() writes, GEGL's threads read */
  Prepared   *prepared;
  LrbLook     look;
  gchar      *look_problem;   /* highlight thresholds out of order: pass-through */
  gboolean    look_warned;
  LrbEdgeMode edge;
  LrbFocus    focus;
  LrbFocusRegion region;      /* without a depth map: the made-up one's */
  gint        threads;        /* GEGL's "threads", for the core's engine */
  gint        left, right, top, bottom; /* the kernel's reach: the halo each output needs */
  LrbGrainOptions grain_options;
  gboolean    grain_known;    /* `grain` measured (or given) for the input as it is now */
  LrbGrain    grain;
  LrbField    field;          /* the lens's character (no zones settings) */
  gboolean    use_camera;     /* the camera's focus in `focus`, its radius in prepared */
  LrbCamera   camera;
  gint        width;          /* the input's, for the camera and the field */
} Cache;

static gboolean
format_is_gray (const Babl *format)
{
  return (babl_get_model_flags (babl_format_get_model (format)) & BABL_MODEL_FLAG_GRAY) != 0;
}

static Prepared *
prepared_ref (Prepared *p)
{
  g_atomic_int_inc (&p->ref_count);
  return p;
}

static void
prepared_unref (Prepared *p)
{
  if (!p || !g_atomic_int_dec_and_test (&p->ref_count))
    return;
  for (gint m = 0; m < LRB_N_METHODS; m++)
    lrb_filter_free (p->filters[m]);
  lrb_depth_filters_free (p->depth_filters);
  g_hash_table_unref (p->choices);
  g_mutex_clear (&p->lock);
  lrb_factors_free (p->factors);
  lrb_analysis_free (p->analysis);
  lrb_kernel_free (p->kernel);
  lrb_settings_clear (&p->settings);
  g_free (p->problem);
  g_free (p);
}

/* Whether `p` was built from the kernel properties `o` has now.  The file
 * is compared by name: an edited kernel file is read again only when a
 * property changes. */
static gboolean
prepared_matches (const Prepared *p, const GeglProperties *o, gdouble radius)
{
  const LrbKernelSpec *spec = &p->settings.kernel;

  return (gint) spec->shape == (gint) o->shape && spec->radius == radius &&
         spec->blades == o->blades && spec->rotation == o->rotation &&
         spec->curvature == o->curvature && p->rank_property == o->rank &&
         p->settings.energy_target == o->energy_target &&
         (gint) p->settings.method == (gint) o->method &&
         (gint) p->settings.factorization == (gint) o->factorization &&
         (gint) p->settings.field.profile == (gint) o->profile &&
         p->settings.field.profile_strength == o->profile_strength &&
         g_strcmp0 (spec->file ? spec->file : "", o->kernel_file ? o->kernel_file : "") == 0;
}

/* The kernel, its analysis and the rank, as `lrbokeh apply` makes them.
 * Never NULL: on bad settings the kernel is NULL and `problem` says why. */
static Prepared *
prepared_new (const GeglProperties *o, gdouble radius)
{
  Prepared           *p = g_new0 (Prepared, 1);
  LrbSettings        *s = &p->settings;
  g_autoptr (GError)  error = NULL;
  gboolean            ok;

  p->ref_count = 1;
  g_mutex_init (&p->lock);
  p->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->rank_property = o->rank;

  lrb_settings_init (s);
  s->kernel.shape = (LrbShape) o->shape;
  s->kernel.radius = radius;
  s->kernel.blades = o->blades;
  s->kernel.rotation = o->rotation;
  s->kernel.curvature = o->curvature;
  s->kernel.file = o->kernel_file && *o->kernel_file ? g_strdup (o->kernel_file) : NULL;
  /* A positive rank is checked against the kernel below, once its size is
   * known. */
  s->rank = MIN (o->rank, 0);
  s->energy_target = o->energy_target;
  s->method = (LrbMethod) o->method;
  s->factorization = (LrbFactorization) o->factorization;
  s->field.profile = (LrbProfile) o->profile;
  s->field.profile_strength = o->profile_strength;

  ok = lrb_settings_prepare (s, &p->kernel, &p->analysis, NULL, &error);
  if (ok)
    {
      /* A slider cannot know the kernel's size: above it, every term. */
      if (o->rank > 0)
        s->rank = MIN (o->rank, p->analysis->n_values);
      else if (o->rank == 0)
        s->rank = lrb_analysis_rank_for_energy (p->analysis, s->energy_target);
      if (s->rank != LRB_RANK_EXACT)
        ok = (p->factors = lrb_factors_new_for (s->factorization, p->kernel, p->analysis,
                                                s->rank, &error)) != NULL;
    }
  /* A method asked for is made now, so that one that cannot run (chord
   * sums on a smooth kernel) is refused once, here.  Without the planner
   * neither the channels nor the output matter. */
  if (ok && s->method != LRB_METHOD_AUTO)
    ok = (p->filters[s->method] = lrb_settings_prepare_filter (s, p->kernel, p->analysis, 4,
                                                               &(LrbRect) { 0, 0, 1, 1 }, NULL,
                                                               &error)) != NULL;
  if (!ok)
    {
      g_clear_pointer (&p->kernel, lrb_kernel_free);
      p->problem = g_strdup (error->message);
    }
  return p;
}

/* The filter for `output`: the method asked for, or the one the planner
 * finds fastest for that much work on the engine's threads (remembered per chunk
 * size), each built once and shared by every chunk (the FFT keeps its
 * spectra, the chord sums their runs). */
static const LrbFilter *
prepared_filter (Prepared *p, gint n_channels, const LrbRect *output, const LrbLook *look,
                 const LrbEngineConfig *config, GError **error)
{
  g_autofree gchar *key = NULL;
  LrbMethod         method;
  LrbFilter        *filter;

  if (p->settings.method != LRB_METHOD_AUTO)
    return p->filters[p->settings.method];

  key = g_strdup_printf ("%d %d %d", n_channels, output->width, output->height);

  g_mutex_lock (&p->lock);
  method = GPOINTER_TO_INT (g_hash_table_lookup (p->choices, key)) - 1;
  g_mutex_unlock (&p->lock);
  /* As lrb_settings_prepare_filter: for the shadows' precision. */
  if (p->factors && lrb_settings_prefers_separable (p->settings.factorization, look->gamma,
                                                    &look->highlights))
    method = LRB_METHOD_SEPARABLE;
  else if ((gint) method < 0)
    {
      method = lrb_planner_choose (p->kernel, p->factors, p->analysis, n_channels, output,
                                   config, NULL);
      g_mutex_lock (&p->lock);
      g_hash_table_insert (p->choices, g_steal_pointer (&key), GINT_TO_POINTER (method + 1));
      g_mutex_unlock (&p->lock);
    }

  g_mutex_lock (&p->lock);
  if (!p->filters[method])
    {
      LrbSettings settings = p->settings; /* a shallow copy: not cleared */

      settings.method = method;
      p->filters[method] = lrb_settings_prepare_filter (&settings, p->kernel, p->analysis,
                                                        n_channels, output, NULL, error);
    }
  filter = p->filters[method];
  g_mutex_unlock (&p->lock);
  return filter;
}

static Cache *
get_cache (GeglProperties *o)
{
  if (!o->user_data)
    {
      Cache *cache = g_new0 (Cache, 1);

      g_mutex_init (&cache->lock);
      o->user_data = cache;
    }
  return o->user_data;
}

/* The depth levels' filters (a new reference), made the first time a
 * depth map comes, and again when the lens's field changes: the levels
 * are the field's. */
static LrbDepthFilters *
prepared_depth_filters (Prepared *p, const LrbSettings *settings)
{
  LrbDepthFilters *filters;

  g_mutex_lock (&p->lock);
  if (p->depth_filters && !lrb_depth_filters_matches (p->depth_filters, settings, p->kernel))
    g_clear_pointer (&p->depth_filters, lrb_depth_filters_free);
  if (!p->depth_filters)
    p->depth_filters = lrb_depth_filters_new (settings, p->kernel);
  filters = lrb_depth_filters_ref (p->depth_filters);
  g_mutex_unlock (&p->lock);
  return filters;
}

/* A reference to what process() should run with, and a copy of the rest
 * of the cache as it is now (its lock and pointers are not to be used). */
static Prepared *
cache_get (GeglProperties *o, Cache *snapshot)
{
  Cache    *cache = get_cache (o);
  Prepared *p;

  g_mutex_lock (&cache->lock);
  p = cache->prepared ? prepared_ref (cache->prepared) : NULL;
  *snapshot = *cache;
  g_mutex_unlock (&cache->lock);
  return p;
}

static gint
input_width (GeglOperation *operation)
{
  const GeglRectangle *bbox = gegl_operation_source_get_bounding_box (operation, "input");

  return bbox && !gegl_rectangle_is_infinite_plane (bbox) ? bbox->width : 0;
}

/* The kernel's radius: the property's, or with a camera the circle of
 * confusion's at the ends of the scene's range (then `focus` is the
 * camera's, or `problem` says why there is none). */
static gdouble
camera_terms (GeglOperation *operation, const GeglProperties *o, LrbCamera *camera,
              LrbFocus *focus, gchar **problem)
{
  lrb_camera_init (camera);
  lrb_focus_init (focus);
#ifdef LRB_OP_DEPTH
  *camera = (LrbCamera) { o->focal_length, o->f_number, o->focus_distance, o->sensor_width,
                          (LrbDepthUnits) o->depth_units, o->depth_near, o->depth_far,
                          o->depth_scale };
  if (o->use_camera)
    {
      g_autoptr (GError) error = NULL;
      gdouble            radius = o->radius;

      if (input_width (operation) > 0 &&
          lrb_camera_range_terms (camera, input_width (operation), LRB_MAX_RADIUS, focus,
                                  &radius, &error))
        return radius;
      *problem = g_strdup (error ? error->message : "a camera needs an image of known width");
    }
#endif
  return o->radius;
}

static void
prepare (GeglOperation *operation)
{
  GeglProperties          *o = GEGL_PROPERTIES (operation);
  const Babl              *source = gegl_operation_get_source_format (operation, "input");
  const Babl              *space = gegl_operation_get_source_space (operation, "input");
  const Babl              *format;
  Cache                   *cache = get_cache (o);
  Prepared                *fresh = NULL;
  gint                     threads = 1;
  gdouble                  radius;
  LrbCamera                camera;
  LrbFocus                 camera_focus;
  g_autofree gchar        *camera_problem = NULL;
  LrbGrainOptions          grain = { o->grain, o->grain_level, (guint64) o->grain_seed };

  /* The core reads linear float with alpha in the input's own space and
   * writes through the output's format: grey stays two channels. */
  format = babl_format_with_space (source && format_is_gray (source) ? "YA float" : "RGBA float",
                                   space);
  gegl_operation_set_format (operation, "input", format);
  gegl_operation_set_format (operation, "output", format);
#ifdef LRB_OP_DEPTH
  /* The depth map's values as stored (lrb_gegl_apply_depth reads them so
   * from whatever format it is given). */
  gegl_operation_set_format (operation, "aux",
                             gegl_operation_get_source_format (operation, "aux")
                               ? gegl_operation_get_source_format (operation, "aux")
                               : babl_format ("Y float"));
#endif

  /* A camera sets the kernel's size and the focus. */
  radius = camera_terms (operation, o, &camera, &camera_focus, &camera_problem);

  g_mutex_lock (&cache->lock);
  if (!cache->prepared || !prepared_matches (cache->prepared, o, radius))
    {
      /* The SVD may take a moment: not under the lock process() takes. */
      g_mutex_unlock (&cache->lock);
      fresh = prepared_new (o, radius);
      g_mutex_lock (&cache->lock);
      prepared_unref (cache->prepared);
      cache->prepared = fresh;
    }
  /* The look and the edge mode do not change the kernel: no new SVD for
   * them.  The thresholds' order is the one thing GObject cannot check. */
  cache->look.gamma = o->gamma;
  cache->look.highlights = (LrbHighlights) { o->highlight_stops, o->highlight_threshold_low,
                                             o->highlight_threshold_high };
  {
    g_autoptr (GError) error = NULL;
    gchar             *problem = NULL;

    if (!lrb_highlights_validate (&cache->look.highlights, &error))
      problem = g_strdup (error->message);
    else if (camera_problem)
      problem = g_strdup (camera_problem);
    if (g_strcmp0 (problem, cache->look_problem) != 0)
      cache->look_warned = FALSE;
    g_free (cache->look_problem);
    cache->look_problem = problem;
  }
  cache->edge = (LrbEdgeMode) o->edge_mode;
  /* New grain settings are measured (or taken) again; the same ones keep
   * what was measured until the input changes. */
  if (memcmp (&grain, &cache->grain_options, sizeof grain) != 0)
    cache->grain_known = FALSE;
  cache->grain_options = grain;
  cache->width = input_width (operation);
  lrb_field_init (&cache->field);
  /* Already in the prepared kernel; here for what else reads the field
   * (the depth grain's levels). */
  cache->field.profile = (LrbProfile) o->profile;
  cache->field.profile_strength = o->profile_strength;
#ifdef LRB_OP_DEPTH
  cache->focus = (LrbFocus) { o->focus, o->focus_tolerance, o->depth_invert };
  cache->use_camera = o->use_camera;
  cache->camera = camera;
  if (o->use_camera)
    cache->focus = camera_focus;
  cache->region = (LrbFocusRegion) { (LrbFocusRegionShape) o->focus_region, o->focus_x,
                                     o->focus_y, o->focus_radius, o->focus_transition,
                                     o->focus_aspect, o->focus_rotation };
#endif
  cache->field.cats_eye = o->cats_eye;
  cache->field.swirl = o->swirl;
  cache->field.aspect = o->aspect;
  cache->field.aspect_rotation = o->aspect_rotation;
  cache->field.axial_color = o->axial_color;
  g_object_get (gegl_config (), "threads", &threads, NULL);
  cache->threads = CLAMP (threads, 1, LRB_MAX_THREADS);

  /* Output (y, x) reads input (y + ai − i, x + aj − j) for every kernel
   * entry (i, j), anchor (ai, aj) = (rows / 2, cols / 2): the kernel's
   * lower-right part reaches up and left.  Clamp and mirror only reread
   * pixels inside that halo, so GEGL's default required region is enough
   * near the borders too. */
  if (cache->prepared->kernel)
    {
      /* A swirl or an oval widens the kernel the field starts from. */
      g_autoptr (LrbKernel) base = lrb_field_is_uniform (&cache->field)
                                   ? NULL : lrb_field_base (&cache->field,
                                                            cache->prepared->kernel);
      gint rows = base ? base->rows : cache->prepared->kernel->rows;
      gint cols = base ? base->cols : cache->prepared->kernel->cols;

      cache->left = cols - 1 - cols / 2;
      cache->right = cols / 2;
      cache->top = rows - 1 - rows / 2;
      cache->bottom = rows / 2;
    }
  else
    cache->left = cache->right = cache->top = cache->bottom = 0;
#ifndef LRB_OP_DEPTH
  {
    GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER (operation);

    area->left = cache->left;
    area->right = cache->right;
    area->top = cache->top;
    area->bottom = cache->bottom;
  }
#endif
  g_mutex_unlock (&cache->lock);
}

/* `rect` grown by the kernel's reach (`sign` 1) or the reach mirrored
 * (-1: what an input change invalidates). */
static GeglRectangle
grown (GeglOperation *operation, const GeglRectangle *rect, gint sign)
{
  Cache        *cache = get_cache (GEGL_PROPERTIES (operation));
  GeglRectangle r = *rect;
  gint          left, right, top, bottom;

  if (gegl_rectangle_is_infinite_plane (rect))
    return r;
  g_mutex_lock (&cache->lock);
  left = sign > 0 ? cache->left : cache->right;
  right = sign > 0 ? cache->right : cache->left;
  top = sign > 0 ? cache->top : cache->bottom;
  bottom = sign > 0 ? cache->bottom : cache->top;
  g_mutex_unlock (&cache->lock);
  r.x -= left;
  r.y -= top;
  r.width += left + right;
  r.height += top + bottom;
  return r;
}

/* Grain measured in the photo needs all of it (a preview's chunk must get
 * the final image's grain). */
static gboolean
needs_whole_input (GeglOperation *operation, const gchar *input_pad)
{
  GeglProperties *o = GEGL_PROPERTIES (operation);

  return o->grain && o->grain_level < 0.0 && g_strcmp0 (input_pad, "input") == 0 &&
         gegl_operation_source_get_bounding_box (operation, "input");
}

/* Every output pixel reads the image (and the depth map) within the
 * kernel's reach, as the area filter's own rule. */
static GeglRectangle
get_required_for_output (GeglOperation *operation, const gchar *input_pad,
                         const GeglRectangle *roi)
{
  if (needs_whole_input (operation, input_pad))
    return *gegl_operation_source_get_bounding_box (operation, "input");
  return grown (operation, roi, 1);
}

/* A changed input is measured again. */
static GeglRectangle
get_invalidated_by_change (GeglOperation *operation, const gchar *input_pad,
                           const GeglRectangle *input_region)
{
  Cache *cache = get_cache (GEGL_PROPERTIES (operation));

  g_mutex_lock (&cache->lock);
  if (g_strcmp0 (input_pad, "input") == 0)
    cache->grain_known = FALSE;
  g_mutex_unlock (&cache->lock);
  return grown (operation, input_region, -1);
}

/* The image keeps its extent, as with `lrbokeh apply`: what the kernel
 * spreads beyond the border is cut off, not grown into (the area filter's
 * default would grow the box by the halo). */
static GeglRectangle
get_bounding_box (GeglOperation *operation)
{
  const GeglRectangle *in = gegl_operation_source_get_bounding_box (operation, "input");

  return in ? *in : *GEGL_RECTANGLE (0, 0, 0, 0);
}

/* The run's settings for a chunk: the prepared kernel's with the look,
 * edge and focus of the moment. */
static LrbSettings
chunk_settings (const Prepared *p, const Cache *snapshot, const LrbEngineConfig *config)
{
  LrbSettings settings = p->settings; /* a shallow copy: not cleared */

  settings.gamma = snapshot->look.gamma;
  settings.highlights = snapshot->look.highlights;
  settings.edge = snapshot->edge;
  settings.focus = snapshot->focus;
  settings.threads = config->threads;
  settings.field = snapshot->field;
  settings.grain = snapshot->grain_options;
  return settings;
}

/* The photo's grain, measured once over the whole input (get_required_for_
 * output asks for all of it then) until the input changes. */
static LrbGrain
input_grain (Cache *cache, GeglBuffer *input, const GeglRectangle *extent)
{
  LrbGrain grain;

  g_mutex_lock (&cache->lock);
  if (!cache->grain_known)
    {
      g_autoptr (GeglBuffer) whole = gegl_buffer_create_sub_buffer (input, extent);

      lrb_grain_resolve (&cache->grain_options, whole, &cache->grain);
      cache->grain_known = TRUE;
    }
  grain = cache->grain;
  g_mutex_unlock (&cache->lock);
  return grain;
}

/* The depth map a chunk reads: aux as it is, or the camera's map of the
 * part `reach` of it. */
static GeglBuffer *
chunk_depth (const Cache *snapshot, GeglBuffer *aux, const GeglRectangle *extent,
             const GeglRectangle *reach, GError **error)
{
  g_autoptr (GeglBuffer) depth = gegl_buffer_create_sub_buffer (aux, extent);
  LrbFocus               focus;
  gdouble                radius;

  if (!snapshot->use_camera)
    return g_steal_pointer (&depth);
  return lrb_camera_range_buffer (&snapshot->camera, depth, reach, snapshot->focus.invert,
                                  snapshot->width, LRB_MAX_RADIUS, &focus, &radius, error);
}

/* Pass-through, as for bad settings, with one warning. */
static void
pass_through (Cache *cache, Prepared *p, const GError *error, GeglBuffer *input,
              GeglBuffer *output, const GeglRectangle *roi)
{
  g_mutex_lock (&cache->lock);
  if (!p->warned)
    g_warning ("lowrank-bokeh:blur: %s; the image passes through unchanged", error->message);
  p->warned = TRUE;
  g_mutex_unlock (&cache->lock);
  gegl_buffer_copy (input, roi, GEGL_ABYSS_NONE, output, roi);
}

static gboolean
process_any (GeglOperation *operation, GeglBuffer *input, GeglBuffer *aux, GeglBuffer *output,
             const GeglRectangle *roi)
{
  GeglProperties          *o = GEGL_PROPERTIES (operation);
  Cache                   *cache = get_cache (o);
  const GeglRectangle     *bbox = gegl_operation_source_get_bounding_box (operation, "input");
  g_autoptr (GError)       error = NULL;
  GeglRectangle            extent, todo, reach;
  LrbEngineConfig          config;
  LrbSettings              settings;
  const LrbFilter         *filter;
  g_autoptr (GeglBuffer)   source = NULL;
  g_autoptr (GeglBuffer)   depth = NULL;
  Prepared                *p;
  Cache                    snapshot;
  LrbLook                  look;
  gint                     n_channels;
  gboolean                 ok;

  p = cache_get (o, &snapshot);
  if (!p || !p->kernel)
    {
      /* operation_process passes the input through; this is a property
       * change racing a chunk. */
      gegl_buffer_copy (input, roi, GEGL_ABYSS_NONE, output, roi);
      prepared_unref (p);
      return TRUE;
    }

  /* Edges belong at the input's bounding box, and the core puts them at
   * its input buffer's extent.  GEGL hands process() whatever buffer it
   * has upstream: usually just the required region, sometimes more than
   * the image (a cache, a pass-through op).  Read through a sub-buffer of
   * the bounding box, every chunk sees the same border.  An infinite plane
   * has none: the required region will do. */
  if (bbox && !gegl_rectangle_is_infinite_plane (bbox))
    extent = *bbox;
  else
    extent = grown (operation, roi, 1);
  if (!gegl_rectangle_intersect (&todo, roi, &extent))
    {
      prepared_unref (p);
      return TRUE;
    }
  reach = grown (operation, &todo, 1);
  gegl_rectangle_intersect (&reach, &reach, &extent);

  /* `level` (GEGL's mipmap rendering, off by default) is not handled: the
   * kernel keeps its size in full-resolution pixels. */
  lrb_settings_engine_config (&p->settings, &config);
  config.threads = snapshot.threads;
  settings = chunk_settings (p, &snapshot, &config);
  look = (LrbLook) { settings.gamma, settings.highlights };
  source = gegl_buffer_create_sub_buffer (input, &extent);
  /* No depth map but a focus region: the map it makes, as `lrbokeh apply
   * --focus-region` (sharp at 0), over just the part this chunk reads. */
  if (aux)
    depth = chunk_depth (&snapshot, aux, &extent, &reach, &error);
  else if (snapshot.region.shape != LRB_FOCUS_REGION_NONE)
    {
      depth = gegl_buffer_new (&extent, babl_format ("Y float"));
      lrb_focus_region_fill (&snapshot.region, depth, &extent, &reach);
      settings.focus.focus = 0.0;
    }
  if (aux && !depth)
    ok = FALSE;
  else if (depth)
    {
      g_autoptr (LrbDepthFilters) filters = prepared_depth_filters (p, &settings);

      ok = lrb_gegl_apply_depth (source, depth, output, &todo, &settings, filters, NULL, NULL,
                                 NULL, &error);
    }
  else if (!lrb_field_is_uniform (&settings.field))
    ok = lrb_gegl_apply_field (source, output, &todo, &settings, p->kernel, p->analysis, NULL,
                               NULL, NULL, &error);
  else
    {
      n_channels = format_is_gray (gegl_buffer_get_format (input)) ? 2 : 4;
      filter = prepared_filter (p, n_channels,
                                &(LrbRect) { todo.x, todo.y, todo.width, todo.height },
                                &look, &config, &error);
      ok = filter != NULL;
      if (ok)
        {
          g_debug ("lowrank-bokeh:blur: %d,%d %dx%d by %s on up to %d threads", todo.x,
                   todo.y, todo.width, todo.height,
                   lrb_method_to_nick (lrb_filter_get_method (filter)), config.threads);
          ok = lrb_gegl_apply_look (source, output, &todo, filter, &look, settings.edge,
                                    &config, NULL, NULL, NULL, &error);
        }
    }
  if (ok && settings.grain.enabled)
    {
      LrbGrain grain = input_grain (cache, input, &extent);

      ok = lrb_gegl_add_grain (output, &todo, depth, &settings, p->kernel, &grain, &error);
    }
  if (!ok)
    pass_through (cache, p, error, input, output, roi);
  prepared_unref (p);
  return TRUE;
}

#ifdef LRB_OP_DEPTH
static gboolean
process (GeglOperation *operation, GeglBuffer *input, GeglBuffer *aux, GeglBuffer *output,
         const GeglRectangle *roi, gint level)
{
  return process_any (operation, input, aux, output, roi);
}
#else
static gboolean
process (GeglOperation *operation, GeglBuffer *input, GeglBuffer *output,
         const GeglRectangle *roi, gint level)
{
  return process_any (operation, input, NULL, output, roi);
}
#endif

/* Bad settings (a missing kernel file, a kernel of NaN…) pass the input
 * through unchanged, as GEGL's own ops do when there is nothing to do,
 * with one warning that names the problem: given here, when an image is
 * made, not in prepare(), which runs for every property a program sets
 * one by one (`gegl` does).  Returning FALSE from process() would leave
 * the output undefined. */
static gboolean
operation_process (GeglOperation *operation, GeglOperationContext *context,
                   const gchar *output_prop, const GeglRectangle *result, gint level)
{
  GeglProperties *o = GEGL_PROPERTIES (operation);
  Cache          *cache = get_cache (o);
  gboolean        usable;

  g_mutex_lock (&cache->lock);
  usable = cache->prepared && cache->prepared->kernel && !cache->look_problem;
  if (cache->prepared && !cache->prepared->kernel && !cache->prepared->warned)
    {
      cache->prepared->warned = TRUE;
      g_warning ("lowrank-bokeh:blur: %s; the image passes through unchanged",
                 cache->prepared->problem);
    }
  else if (cache->look_problem && !cache->look_warned)
    {
      cache->look_warned = TRUE;
      g_warning ("lowrank-bokeh:blur: %s; the image passes through unchanged",
                 cache->look_problem);
    }
  g_mutex_unlock (&cache->lock);
  if (!usable)
    {
      GObject *input = gegl_operation_context_get_object (context, "input");

      gegl_operation_context_take_object (context, "output", input ? g_object_ref (input) : NULL);
      return TRUE;
    }
  return GEGL_OPERATION_CLASS (gegl_op_parent_class)->process (operation, context, output_prop,
                                                               result, level);
}

static void
finalize (GObject *object)
{
  GeglProperties *o = GEGL_PROPERTIES (object);
  Cache          *cache = o->user_data;

  if (cache)
    {
      prepared_unref (cache->prepared);
      g_free (cache->look_problem);
      g_mutex_clear (&cache->lock);
      g_free (cache);
      o->user_data = NULL;
    }
  G_OBJECT_CLASS (gegl_op_parent_class)->finalize (object);
}

static void
gegl_op_class_init (GeglOpClass *klass)
{
  GObjectClass               *object_class = G_OBJECT_CLASS (klass);
  GeglOperationClass         *operation_class = GEGL_OPERATION_CLASS (klass);
#ifdef LRB_OP_DEPTH
  GeglOperationComposerClass *composer_class = GEGL_OPERATION_COMPOSER_CLASS (klass);
#else
  GeglOperationFilterClass   *filter_class = GEGL_OPERATION_FILTER_CLASS (klass);
#endif

  object_class->finalize = finalize;
  operation_class->prepare = prepare;
  operation_class->process = operation_process;
  operation_class->get_bounding_box = get_bounding_box;
  operation_class->get_required_for_output = get_required_for_output;
  operation_class->get_invalidated_by_change = get_invalidated_by_change;
#ifdef LRB_OP_DEPTH
  composer_class->process = process;
#else
  filter_class->process = process;
#endif
  /* Not GEGL's threads: GEGL splits a request between them by its own
   * timing of the operation, so the pieces, and with them the FFT blocks'
   * rounding, would change from one render to the next.  The core's
   * engine threads each request itself (GEGL's "threads" of them), the
   * same way every time: the same request gives the same bits. */
  operation_class->threaded = FALSE;
  operation_class->want_in_place = FALSE;

#ifdef LRB_OP_DEPTH
  gegl_operation_class_set_keys (operation_class,
    "name",            "lowrank-bokeh:depth-blur",
    "title",           "Low-Rank Bokeh with Depth",
    "categories",      "blur",
    "license",         "GPL3+",
    "description",     "Depth of field: the image blurred by a depth map on the aux input "
                       "(black near, white far), sharp at the focus, with lowrank-bokeh:blur's "
                       "kernels at the size each depth gives them; sharp subjects hide the "
                       "blur behind them and a blurred foreground spreads over what lies "
                       "behind it.",
    "gimp:menu-path",  "<Image>/Filters/Blur",
    "gimp:menu-label", "Low-Rank Bokeh with Depth Map...",
    NULL);
#else
  /* GIMP 3 puts the operation into its menu as a filter that stays on the
   * layer (GIMP 2.10 and gegl ignore the gimp: keys); the label tells it
   * from the plug-in's "Low-Rank Bokeh..." in the same menu. */
  gegl_operation_class_set_keys (operation_class,
    "name",            "lowrank-bokeh:blur",
    "title",           "Low-Rank Bokeh",
    "categories",      "blur",
    "license",         "GPL3+",
    "description",     "Lens blur (bokeh) with a large kernel — disc, iris polygon, box, "
                       "Gaussian, ring, or one from a file — convolved in linear light as a "
                       "low-rank sum of separable filters, or exactly by FFT or chord sums, "
                       "whichever is fastest.",
    "gimp:menu-path",  "<Image>/Filters/Blur",
    "gimp:menu-label", "Low-Rank Bokeh (layer filter)...",
    NULL);
#endif
}

#endif
