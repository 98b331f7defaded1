/* lowrank-bokeh — each depth level's kernel, SVD and filters, cached.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-depth-filters.h"

#include <string.h>

typedef struct
{
  GMutex       lock;     /* levels are made and used from several threads */
  LrbKernel   *kernel;   /* NULL until first needed */
  LrbAnalysis *analysis;
  LrbFactors  *factors;  /* the rank-r factors the planner weighs; NULL for exact */
  gint         rank;
  LrbFilter   *filters[LRB_N_METHODS];
} Level;

/* With a field of kernels: each zone's filters, for one frame size. */
typedef struct
{
  GMutex            lock;
  gint              width, height; /* the frame the zones were made for; 0: none yet */
  gint              nx, ny;
  LrbDepthFilters **zones;         /* ny × nx, each made when first asked for */
} Zones;

struct _LrbDepthFilters
{
  gint        ref_count;
  gint        rank_asked; /* settings.rank as given: 0 is resolved below */
  LrbSettings settings; /* its own copy of the kernel spec */
  LrbKernel  *asked;    /* the caller's full kernel (the field's changes it) */
  LrbKernel  *full;
  LrbFocusLevels levels_of_radius;
  gint        n_levels;
  Level      *levels;   /* by |level|: 0 … n_levels */
  Zones       zones;    /* used when the field varies */
  gdouble     scale;    /* of every level's kernel: below 1 for axial colour's shrunk
                         * channels (lrb_depth_filters_shrunk) */
  GMutex      shrunk_lock;
  GPtrArray  *shrunk;   /* those made from these, kept until these go: a render of
                         * older settings may still use one */
};

/* The levels of `full` at `radius`; kernel.shape FILE resamples them. */
static LrbDepthFilters *
filters_new (const LrbSettings *settings, const LrbKernel *asked, const LrbKernel *full,
             gdouble radius)
{
  LrbDepthFilters *f = g_new0 (LrbDepthFilters, 1);

  f->ref_count = 1;
  f->rank_asked = settings->rank;
  f->settings = *settings;
  lrb_kernel_spec_copy (&settings->kernel, &f->settings.kernel);
  f->asked = lrb_kernel_copy (asked);
  f->full = lrb_kernel_copy (full);
  /* An automatic rank is the full kernel's, for every level, as for the
   * uniform blur (a level's own energy rank would differ from level to
   * level, and from what the dialog shows).  If the SVD fails here, each
   * level's own fails the same way when it is made, with the error. */
  if (settings->rank == 0)
    {
      g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (full, NULL);

      if (analysis)
        f->settings.rank = lrb_analysis_rank_for_energy (analysis, settings->energy_target);
    }
  lrb_focus_levels_init (&f->levels_of_radius, radius);
  f->n_levels = f->levels_of_radius.n;
  f->levels = g_new0 (Level, f->n_levels + 1);
  for (gint i = 0; i <= f->n_levels; i++)
    g_mutex_init (&f->levels[i].lock);
  f->scale = 1.0;
  g_mutex_init (&f->shrunk_lock);
  f->shrunk = g_ptr_array_new_with_free_func ((GDestroyNotify) lrb_depth_filters_free);
  g_mutex_init (&f->zones.lock);
  return f;
}

LrbDepthFilters *
lrb_depth_filters_new (const LrbSettings *settings, const LrbKernel *full)
{
  gdouble          radius = lrb_focus_full_radius (&settings->kernel, full);
  LrbDepthFilters *f;
  LrbKernel       *base;

  /* Axial colour alone keeps the shapes drawn at each level's size. */
  if (!lrb_field_shapes_aperture (&settings->field))
    return filters_new (settings, full, full, radius);
  /* The aspect's oval (and the swirl's room) at full defocus; the levels
   * keep the plain kernel's radii, and are the oval resampled: drawn
   * again, a shape would lose it. */
  base = lrb_field_base (&settings->field, full);
  f = filters_new (settings, full, base, radius);
  f->settings.kernel.shape = LRB_SHAPE_FILE;
  lrb_kernel_free (base);
  return f;
}

LrbDepthFilters *
lrb_depth_filters_shrunk (LrbDepthFilters *f, gdouble scale)
{
  LrbDepthFilters *shrunk = NULL;

  g_mutex_lock (&f->shrunk_lock);
  for (guint i = 0; i < f->shrunk->len && !shrunk; i++)
    if (((LrbDepthFilters *) g_ptr_array_index (f->shrunk, i))->scale == scale)
      shrunk = g_ptr_array_index (f->shrunk, i);
  if (!shrunk)
    {
      /* The same levels of the same kernel (the oval's too), the rank
       * already resolved: the same in both groups. */
      shrunk = filters_new (&f->settings, f->asked, f->full, f->levels_of_radius.radius);
      shrunk->rank_asked = f->rank_asked;
      shrunk->scale = scale;
      g_ptr_array_add (f->shrunk, shrunk);
    }
  g_mutex_unlock (&f->shrunk_lock);
  return shrunk;
}

LrbDepthFilters *
lrb_depth_filters_ref (LrbDepthFilters *f)
{
  g_atomic_int_inc (&f->ref_count);
  return f;
}

gboolean
lrb_depth_filters_matches (const LrbDepthFilters *f, const LrbSettings *settings,
                           const LrbKernel *full)
{
  const LrbSettings *s = &f->settings;

  /* Axial colour does not change the levels: its shrunk ones are kept by
   * scale (lrb_depth_filters_shrunk). */
  return (!lrb_field_shapes_aperture (&settings->field)
          ? s->kernel.shape == settings->kernel.shape
          : lrb_field_equal (&s->field, &settings->field)) &&
         lrb_field_shapes_aperture (&s->field) == lrb_field_shapes_aperture (&settings->field) &&
         f->rank_asked == settings->rank &&
         s->energy_target == settings->energy_target &&
         s->method == settings->method && s->factorization == settings->factorization &&
         /* The levels drawn again are profiled (a uniform field's too). */
         s->field.profile == settings->field.profile &&
         s->field.profile_strength == settings->field.profile_strength &&
         f->asked->rows == full->rows && f->asked->cols == full->cols &&
         memcmp (f->asked->data, full->data,
                 sizeof (gdouble) * (gsize) full->rows * full->cols) == 0;
}

void
lrb_depth_filters_free (LrbDepthFilters *f)
{
  if (!f || !g_atomic_int_dec_and_test (&f->ref_count))
    return;
  for (gint i = 0; i <= f->n_levels; i++)
    {
      Level *l = &f->levels[i];

      for (gint m = 0; m < LRB_N_METHODS; m++)
        lrb_filter_free (l->filters[m]);
      lrb_factors_free (l->factors);
      lrb_analysis_free (l->analysis);
      lrb_kernel_free (l->kernel);
      g_mutex_clear (&l->lock);
    }
  g_free (f->levels);
  g_ptr_array_unref (f->shrunk);
  g_mutex_clear (&f->shrunk_lock);
  for (gint i = 0; i < f->zones.nx * f->zones.ny; i++)
    lrb_depth_filters_free (f->zones.zones[i]);
  g_free (f->zones.zones);
  g_mutex_clear (&f->zones.lock);
  lrb_kernel_free (f->asked);
  lrb_kernel_free (f->full);
  lrb_settings_clear (&f->settings);
  g_free (f);
}

const LrbFocusLevels *
lrb_depth_filters_levels (const LrbDepthFilters *f)
{
  return &f->levels_of_radius;
}

const LrbKernel *
lrb_depth_filters_full (const LrbDepthFilters *f)
{
  return f->full;
}

/* The level's kernel, SVD and factors, at the settings' rank where the
 * kernel has it (a 3 × 3 kernel has at most rank 3).  Under the level's
 * lock. */
static gboolean
level_make (LrbDepthFilters *f, gint index, Level *l, GError **error)
{
  const LrbSettings *s = &f->settings;

  if (l->kernel)
    return TRUE;
  if (f->scale < 1.0 && index > 0)
    l->kernel = lrb_focus_kernel_at_scale (&s->kernel, f->full,
                                           f->scale * MIN (1.0, lrb_focus_level_radius (
                                                                  &f->levels_of_radius, index) /
                                                                f->levels_of_radius.radius),
                                           s->field.profile, s->field.profile_strength, error);
  else
    l->kernel = lrb_focus_level_kernel (&s->kernel, f->full, &f->levels_of_radius, index,
                                        s->field.profile, s->field.profile_strength, error);
  if (!l->kernel ||
      !(l->analysis = lrb_analysis_new (l->kernel, error)))
    {
      g_clear_pointer (&l->kernel, lrb_kernel_free);
      return FALSE;
    }
  l->rank = s->rank > 0 ? MIN (s->rank, MIN (l->kernel->rows, l->kernel->cols)) : s->rank;
  if (l->rank == 0)
    l->rank = lrb_analysis_rank_for_energy (l->analysis, s->energy_target);
  if (l->rank != LRB_RANK_EXACT &&
      !(l->factors = lrb_factors_new_for (s->factorization, l->kernel, l->analysis, l->rank,
                                          error)))
    {
      g_clear_pointer (&l->analysis, lrb_analysis_free);
      g_clear_pointer (&l->kernel, lrb_kernel_free);
      return FALSE;
    }
  return TRUE;
}

const LrbFilter *
lrb_depth_filters_get (LrbDepthFilters *f, gint level, gint n_channels, const LrbRect *output,
                       gdouble gamma, const LrbHighlights *highlights,
                       const LrbEngineConfig *config, GError **error)
{
  gint       index = MIN (ABS (level), f->n_levels);
  Level     *l = &f->levels[index];
  LrbFilter *filter = NULL;
  LrbMethod  method;

  g_mutex_lock (&l->lock);
  if (level_make (f, index, l, error))
    {
      method = f->settings.method;
      if (method == LRB_METHOD_AUTO && l->factors &&
          lrb_settings_prefers_separable (f->settings.factorization, gamma, highlights))
        method = LRB_METHOD_SEPARABLE;
      else if (method == LRB_METHOD_AUTO)
        method = lrb_planner_choose (l->kernel, l->factors, l->analysis, n_channels, output,
                                     config, NULL);
      if (!l->filters[method])
        {
          LrbSettings s = f->settings; /* a shallow copy: not cleared */

          s.method = method;
          s.rank = l->rank;
          s.gamma = gamma;
          s.highlights = *highlights;
          l->filters[method] = lrb_settings_prepare_filter (&s, l->kernel, l->analysis,
                                                            n_channels, output, NULL, error);
        }
      filter = l->filters[method];
    }
  g_mutex_unlock (&l->lock);
  return filter;
}

typedef struct
{
  LrbDepthFilters *f;
  const gboolean  *needed;
  gint             next;   /* counts down from n_levels */
  GMutex           lock;   /* guards error */
  GError          *error;
} MakeLevels;

static gpointer
make_levels_worker (gpointer data)
{
  MakeLevels *m = data;
  gint        index;

  /* The largest kernels first, so the threads finish together. */
  while ((index = g_atomic_int_add (&m->next, -1)) >= 0)
    {
      Level   *l = &m->f->levels[index];
      GError  *error = NULL;
      gboolean ok;

      if (!m->needed[index])
        continue;
      g_mutex_lock (&l->lock);
      ok = level_make (m->f, index, l, &error);
      g_mutex_unlock (&l->lock);
      if (!ok)
        {
          g_mutex_lock (&m->lock);
          if (!m->error)
            m->error = error;
          else
            g_error_free (error);
          g_mutex_unlock (&m->lock);
        }
    }
  return NULL;
}

gboolean
lrb_depth_filters_make_levels (LrbDepthFilters *f, const gboolean *needed, gint threads,
                               GError **error)
{
  MakeLevels m = { f, needed, f->n_levels, { 0 }, NULL };
  GThread  **workers;

  threads = CLAMP (threads, 1, f->n_levels + 1);
  g_mutex_init (&m.lock);
  workers = g_new (GThread *, threads);
  for (gint t = 0; t < threads; t++)
    workers[t] = g_thread_new ("lrb-levels", make_levels_worker, &m);
  for (gint t = 0; t < threads; t++)
    g_thread_join (workers[t]);
  g_free (workers);
  g_mutex_clear (&m.lock);
  if (m.error)
    {
      g_propagate_error (error, m.error);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_depth_filters_field_varies (const LrbDepthFilters *f)
{
  return lrb_field_varies (&f->settings.field);
}

/* Under the zones' lock. */
static void
zones_for_frame (LrbDepthFilters *f, gint width, gint height)
{
  Zones *z = &f->zones;
  gint   zone;

  if (z->width == width && z->height == height)
    return;
  zone = lrb_field_zone_size (&f->settings.field, f->full, width, height);
  for (gint i = 0; i < z->nx * z->ny; i++)
    lrb_depth_filters_free (z->zones[i]);
  g_free (z->zones);
  z->width = width;
  z->height = height;
  z->nx = lrb_field_zone_count (width, zone);
  z->ny = lrb_field_zone_count (height, zone);
  z->zones = g_new0 (LrbDepthFilters *, z->nx * z->ny);
}

void
lrb_depth_filters_zone_grid (LrbDepthFilters *f, gint width, gint height, gint *nx, gint *ny)
{
  g_mutex_lock (&f->zones.lock);
  zones_for_frame (f, width, height);
  *nx = f->zones.nx;
  *ny = f->zones.ny;
  g_mutex_unlock (&f->zones.lock);
}

LrbDepthFilters *
lrb_depth_filters_zone (LrbDepthFilters *f, gint width, gint height, gint kx, gint ky)
{
  Zones           *z = &f->zones;
  LrbDepthFilters *zone = NULL;

  g_mutex_lock (&z->lock);
  zones_for_frame (f, width, height);
  if (kx >= 0 && kx < z->nx && ky >= 0 && ky < z->ny)
    {
      zone = z->zones[ky * z->nx + kx];
      if (!zone)
        {
          LrbSettings plain = f->settings; /* a shallow copy: not cleared */
          g_autoptr (LrbKernel) kernel =
            lrb_field_kernel_at (&f->settings.field, f->full,
                                 lrb_field_aperture_radius (f->full), width, height,
                                 lrb_field_zone_node (width, z->nx, kx),
                                 lrb_field_zone_node (height, z->ny, ky));

          /* One shape over the whole zone: no field of its own, and its
           * levels are it resampled, at the plain kernel's radii. */
          lrb_field_init (&plain.field);
          zone = z->zones[ky * z->nx + kx] =
            filters_new (&plain, kernel, kernel, f->levels_of_radius.radius);
        }
      lrb_depth_filters_ref (zone);
    }
  g_mutex_unlock (&z->lock);
  return zone;
}
