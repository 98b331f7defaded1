/* lowrank-bokeh — the lrbokeh command-line tool (private to cli/).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gegl.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "lrb-analysis.h"
#include "lrb-noise-rank.h"
#include "lrb-settings.h"
#include "lrb-camera.h"
#include "lrb-focus-region.h"
#include "lrb-grain.h"

G_BEGIN_DECLS

/* DESIGN.md §4: 1 is bad input, 2 a usage error.  Usage errors travel as
 * G_OPTION_ERROR, everything else (LRB_ERROR, G_IO_ERROR…) means bad input. */
typedef enum
{
  LRB_CLI_EXIT_OK        = 0,
  LRB_CLI_EXIT_BAD_INPUT = 1,
  LRB_CLI_EXIT_USAGE     = 2
} LrbCliExit;

/* --rank full: whatever min(rows, cols) turns out to be. */
#define LRB_CLI_RANK_FULL G_MAXINT
/* --rank auto-noise: the rank that keeps the shape and drops the noise
 * (lrb-noise-rank.h), once the kernel is known. */
#define LRB_CLI_RANK_NOISE (G_MAXINT - 1)

/* The flags shared by every subcommand: the kernel and the rank choice. */
typedef struct
{
  gchar   *shape;
  gdouble  radius;
  gint     blades;       /* 0: not given */
  gdouble  rotation;
  gdouble  curvature;
  gdouble  inner_radius;
  gdouble  width;
  gdouble  height;
  gdouble  skew;
  gdouble  sigma_x;
  gdouble  sigma_y;
  gdouble  sigma_ratio;
  gdouble  dog_weight;
  gint     supersample;
  gboolean no_normalize;
  gchar   *profile;          /* --profile: a profile's nick, or NULL */
  gchar   *profile_strength; /* --profile-strength as typed, or NULL */

  gchar   *rank_text;    /* --rank, parsed by lrb_cli_options_resolve_rank */
  gdouble  energy;       /* --energy */
  gboolean energy_given;
  LrbFactorization factorization; /* --factorization svd|nonnegative */
  gboolean no_kernel_flags;       /* set before parsing: a command that makes its
                                   * own kernel (kernel-from-photo) takes no --shape … */
} LrbCliOptions;

void          lrb_cli_options_init          (LrbCliOptions *options);
void          lrb_cli_options_clear         (LrbCliOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrbCliOptions, lrb_cli_options_clear)

/* Parses argv (argv[0] being the subcommand) with the shared flags and
 * `entries`; the positional arguments are left in *argv after argv[0]. */
gboolean      lrb_cli_parse                 (const gchar *command, const gchar *parameters,
                                             const gchar *summary, const GOptionEntry *entries,
                                             LrbCliOptions *options, gchar ***argv,
                                             GError **error);

/* A kernel file or the shape flags, exactly one of them; with neither,
 * `allow_default` gives apply's hexagon and otherwise it is a usage error. */
gboolean      lrb_cli_options_to_spec       (const LrbCliOptions *options, const gchar *file,
                                             gboolean allow_default, LrbKernelSpec *spec,
                                             GError **error);
/* --profile and --profile-strength into field->profile and
 * profile_strength (left as they are when not given). */
gboolean      lrb_cli_options_profile       (const LrbCliOptions *options, LrbField *field,
                                             GError **error);
/* "hexagon, radius 12" or the file's name, for titles and reports, with
 * field's profile when it has one (field may be NULL). */
gchar        *lrb_cli_describe_spec         (const LrbKernelSpec *spec, const LrbField *field);

/* --rank as given: 0 when absent or automatic, LRB_RANK_EXACT (-1) for
 * exact, LRB_CLI_RANK_FULL for "full", LRB_CLI_RANK_NOISE for "auto-noise". */
gboolean      lrb_cli_options_parse_rank    (const LrbCliOptions *options, gint *rank,
                                             GError **error);
/* The rank to use: --rank (auto-noise: the noise-aware rank), or the
 * smallest reaching --energy (0.99 by default), checked against the kernel. */
gboolean      lrb_cli_options_resolve_rank  (const LrbCliOptions *options,
                                             const LrbAnalysis *analysis,
                                             gint *rank, GError **error);

/* The rank-r factors by --factorization; a kernel with negative entries
 * and --factorization nonnegative is bad input. */
LrbFactors   *lrb_cli_options_factors       (const LrbCliOptions *options,
                                             const LrbKernel *kernel,
                                             const LrbAnalysis *analysis, gint rank,
                                             GError **error);

/* Kernel and analysis from a file or the flags, in one step; profiled
 * by --profile. */
gboolean      lrb_cli_load_kernel           (const LrbCliOptions *options, const gchar *file,
                                             gboolean normalize, LrbKernel **kernel,
                                             LrbAnalysis **analysis, gchar **description,
                                             GError **error);

/* An image file as a GeglBuffer, checked whole first (lrb-image-check.h);
 * LRB_ERROR_IO names the file when it cannot be read. */
GeglBuffer   *lrb_cli_load_image            (const gchar *path, GError **error);

/* Prints the error, returns the exit status its domain calls for. */
gint          lrb_cli_report_error          (const gchar *command, const GError *error);
void          lrb_cli_set_usage_error       (GError **error, const gchar *format, ...)
                                             G_GNUC_PRINTF (2, 3);

/* Shortest text that reads back as the same double. */
gchar        *lrb_cli_format_double         (gdouble value);

/* Prints `root` as one pretty-printed JSON document on stdout. */
void          lrb_cli_print_json            (JsonNode *root);
/* The members noise_sigma, noise_sigma_spectrum, noise_sigma_wavelet,
 * noise_threshold, noise_detected, noise_rank and noise_rank_reason, as
 * analyze and kernel-from-photo report them. */
void          lrb_cli_json_add_noise        (JsonBuilder *builder, const LrbNoiseRank *noise,
                                             const LrbAnalysis *analysis);

/* Writes what `draw` paints to a .png or (when allowed) .svg file, atomically. */
typedef void (*LrbCliDrawFunc) (cairo_t *cr, gpointer user_data);
gboolean      lrb_cli_render_to_file        (const gchar *path, gint width, gint height,
                                             gboolean allow_svg, LrbCliDrawFunc draw,
                                             gpointer user_data, GError **error);
gboolean      lrb_cli_render_check_path     (const gchar *path, gboolean allow_svg,
                                             GError **error);
/* Text with its baseline at y; align 0 left, 0.5 centred, 1 right. */
void          lrb_cli_text                  (cairo_t *cr, gdouble x, gdouble y, gdouble align,
                                             const gchar *text);

void          lrb_cli_font                  (cairo_t *cr, gdouble size, gboolean bold);
/* The largest size up to `size` at which `text` fits in `width`. */
void          lrb_cli_fit_font              (cairo_t *cr, const gchar *text, gdouble width,
                                             gdouble size, gboolean bold);
/* "₁₂" for 12. */
gchar        *lrb_cli_subscript             (gint number);

/* `lrbokeh apply`'s flags beside the shared ones; the paths point into argv. */
typedef struct
{
  LrbCliOptions options;
  gdouble       gamma;
  LrbHighlights highlights;
  gchar        *edge;
  gint          threads;
  gint          memory_mib;
  gboolean      verbose;
  gboolean      exact;
  gchar        *method;
  gchar        *depth_path;      /* --depth: NULL for a uniform blur */
  gchar        *focus;           /* as typed: NULL when not given */
  gchar        *focus_tolerance;
  gboolean      depth_invert;
  gchar        *focus_region;    /* --focus-region: a shape's nick, or NULL */
  gchar        *region_text[6];  /* --focus-x, -y, -radius, -transition, -aspect, -rotation */
  LrbFocusRegion region;         /* parsed from them */
  gchar        *camera_text[9];  /* --focal-length, --f-number, --focus-distance,
                                  * --sensor-width, --crop-factor, --depth-units,
                                  * --depth-near, --depth-far, --depth-scale */
  LrbCamera     camera;          /* parsed from them, when camera_given */
  gboolean      camera_given;    /* --focal-length: a thin lens sets the blur */
  gboolean      grain;           /* --grain: put the photo's grain back */
  gchar        *grain_text[2];   /* --grain-level, --grain-seed as typed */
  gdouble       grain_level;     /* parsed; < 0: measured from IN */
  guint64       grain_seed;
  gchar        *field_text[6];   /* --cats-eye, --field-zone, --swirl, --aspect,
                                  * --aspect-rotation, --axial-color as typed */
  gchar        *field_error_text; /* --field-error as typed */
  gdouble       field_error;     /* parsed; 0: the zones by --field-zone or default */
  const gchar  *in_path, *out_path, *kernel_path;
} LrbCliApplyArgs;

void          lrb_cli_apply_args_init       (LrbCliApplyArgs *args);
void          lrb_cli_apply_args_clear      (LrbCliApplyArgs *args);
/* Parses argv (argv[0] "apply"): the flags and IN OUT [KERNEL]. */
gboolean      lrb_cli_apply_parse           (LrbCliApplyArgs *args, gchar ***argv,
                                             GError **error);
/* Every check that needs no file: the kernel's parameters, the rank's range,
 * the edge, method, memory and the settings' ranges.  Fills `settings`
 * (rank 0: resolved once the kernel is analysed) and *rank as
 * lrb_cli_options_parse_rank gives it; --rank -1 sets args->exact. */
gboolean      lrb_cli_apply_args_to_settings (LrbCliApplyArgs *args, LrbSettings *settings,
                                              gint *rank, GError **error);

/* The subcommands: argv[0] is the subcommand's name. */
/* `analyze`'s report on a field of kernels: the zones' error and work at
 * spacings around the run's (lrb-cli-analyze-field.c). */
typedef struct
{
  gint    zone, nx, ny;
  gdouble error, work;
} LrbCliFieldRow;

typedef struct
{
  LrbField        field;      /* from --cats-eye, --swirl, --aspect, --aspect-rotation,
                               * --field-zone */
  gchar          *frame_text; /* --frame WIDTHxHEIGHT */
  gint            width, height;
  gint            chosen;     /* the run's spacing */
  LrbCliFieldRow *rows;
  gint            n;          /* 0: no field asked for */
} LrbCliFieldReport;

void     lrb_cli_field_report_init  (LrbCliFieldReport *report);
void     lrb_cli_field_report_clear (LrbCliFieldReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrbCliFieldReport, lrb_cli_field_report_clear)
gboolean lrb_cli_field_report_make  (LrbCliFieldReport *report, const LrbKernel *kernel,
                                     GError **error);
void     lrb_cli_field_report_print (const LrbCliFieldReport *report);
void     lrb_cli_field_report_json  (const LrbCliFieldReport *report, JsonBuilder *builder);

gint          lrb_cli_analyze               (gchar **argv);
gint          lrb_cli_factors               (gchar **argv);
gint          lrb_cli_kernel                (gchar **argv);
gint          lrb_cli_plot                  (gchar **argv);
gint          lrb_cli_apply                 (gchar **argv);
gint          lrb_cli_kernel_from_photo     (gchar **argv);

G_END_DECLS
