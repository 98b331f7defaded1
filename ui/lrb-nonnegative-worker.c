/* lowrank-bokeh — the dialog's non-negative factorizations, in GTask
 * threads.  As the preview: a newer request cancels the running one of its
 * kind and bumps the generation, so that its late results are dropped.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-nonnegative-worker.h"

#include <gio/gio.h>

struct _LrbNonnegativeWorker
{
  LrbNonnegativeResult  result;
  gpointer              data;
  GCancellable         *running[LRB_NONNEGATIVE_N_KINDS];
  guint                 generation[LRB_NONNEGATIVE_N_KINDS];
  GPtrArray            *in_flight; /* Requests with a thread or an outcome to come */
};

typedef struct
{
  LrbNonnegativeWorker *worker; /* NULL once the worker is gone */
  LrbNonnegativeKind    kind;
  guint                 generation;
  LrbKernel            *kernel;
  gint                  rank;
  gint                  pending;  /* outcomes posted, not yet delivered (atomic) */
  gboolean              finished; /* the thread has returned */
} Request;

/* One rank's outcome, on its way to the main context; it holds the task,
 * and so the request, alive. */
typedef struct
{
  GTask     *task;
  gint       rank;
  gdouble    relative_error;
  LrbKernel *approximation;
  GError    *error;
} Outcome;

static void
request_free (gpointer data)
{
  Request *request = data;

  lrb_kernel_free (request->kernel);
  g_free (request);
}

/* Out of the worker's sight once nothing of it can arrive any more. */
static void
retire (Request *request)
{
  if (request->worker && request->finished && g_atomic_int_get (&request->pending) == 0)
    {
      g_ptr_array_remove_fast (request->worker->in_flight, request);
      request->worker = NULL;
    }
}

static void
outcome_free (gpointer data)
{
  Outcome *outcome = data;
  Request *request = g_task_get_task_data (outcome->task);

  g_atomic_int_add (&request->pending, -1);
  retire (request);
  g_object_unref (outcome->task);
  lrb_kernel_free (outcome->approximation);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static gboolean
deliver (gpointer data)
{
  Outcome              *outcome = data;
  Request              *request = g_task_get_task_data (outcome->task);
  LrbNonnegativeWorker *worker = request->worker;

  if (worker && request->generation == worker->generation[request->kind] &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (outcome->task)))
    worker->result (request->kind, outcome->rank, outcome->relative_error,
                    outcome->approximation, outcome->error, worker->data);
  return G_SOURCE_REMOVE;
}

static void
post (GTask *task, GMainContext *context, gint rank, gdouble relative_error,
      LrbKernel *approximation, GError *error)
{
  Outcome           *outcome = g_new0 (Outcome, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  outcome->task = g_object_ref (task);
  outcome->rank = rank;
  outcome->relative_error = relative_error;
  outcome->approximation = approximation;
  outcome->error = error;
  g_atomic_int_inc (&((Request *) g_task_get_task_data (task))->pending);
  /* Always through the dialog's main context: g_main_context_invoke ()
   * would call back in this thread whenever the context is free. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, outcome, outcome_free);
  g_source_attach (source, context);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request               *request = task_data;
  GMainContext          *context = g_task_get_context (task);
  g_autoptr (LrbAnalysis) analysis = NULL;
  GError                *error = NULL;
  gint                   first = request->kind == LRB_NONNEGATIVE_CURVE ? 1 : request->rank;

  /* The dialog's analysis may be freed meanwhile: one of our own, shared
   * by every rank's NNDSVD start. */
  analysis = lrb_analysis_new (request->kernel, &error);
  if (!analysis)
    {
      post (task, context, first, 0, NULL, error);
      g_task_return_boolean (task, FALSE);
      return;
    }
  for (gint rank = first; rank <= request->rank; rank++)
    {
      g_autoptr (LrbFactors) factors = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      factors = lrb_factors_new_nonnegative (request->kernel, analysis, rank, &error);
      if (!factors)
        {
          post (task, context, rank, 0, NULL, error);
          break;
        }
      post (task, context, rank, lrb_factors_relative_error (factors, request->kernel),
            request->kind == LRB_NONNEGATIVE_APPROXIMATION ? lrb_factors_to_kernel (factors)
                                                           : NULL,
            NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
finished (GObject *source, GAsyncResult *result, gpointer data)
{
  Request *request = g_task_get_task_data (G_TASK (result));

  request->finished = TRUE;
  retire (request);
}

LrbNonnegativeWorker *
lrb_nonnegative_worker_new (LrbNonnegativeResult result, gpointer data)
{
  LrbNonnegativeWorker *worker = g_new0 (LrbNonnegativeWorker, 1);

  worker->result = result;
  worker->data = data;
  worker->in_flight = g_ptr_array_new ();
  return worker;
}

static void
cancel_kind (LrbNonnegativeWorker *worker, LrbNonnegativeKind kind)
{
  if (worker->running[kind])
    {
      g_cancellable_cancel (worker->running[kind]);
      g_clear_object (&worker->running[kind]);
    }
  worker->generation[kind]++;
}

void
lrb_nonnegative_worker_request (LrbNonnegativeWorker *worker, LrbNonnegativeKind kind,
                                const LrbKernel *kernel, gint rank)
{
  g_autoptr (GTask) task = NULL;
  Request          *request;

  g_return_if_fail (worker != NULL && kernel != NULL && rank >= 1);
  g_return_if_fail (kind < LRB_NONNEGATIVE_N_KINDS);

  cancel_kind (worker, kind);
  request = g_new0 (Request, 1);
  request->worker = worker;
  request->kind = kind;
  request->generation = worker->generation[kind];
  request->kernel = lrb_kernel_copy (kernel);
  request->rank = rank;
  g_ptr_array_add (worker->in_flight, request);

  worker->running[kind] = g_cancellable_new ();
  task = g_task_new (NULL, worker->running[kind], finished, NULL);
  g_task_set_task_data (task, request, request_free);
  g_task_run_in_thread (task, run_in_thread);
}

void
lrb_nonnegative_worker_cancel (LrbNonnegativeWorker *worker)
{
  for (gint kind = 0; kind < LRB_NONNEGATIVE_N_KINDS; kind++)
    cancel_kind (worker, kind);
}

void
lrb_nonnegative_worker_free (LrbNonnegativeWorker *worker)
{
  if (!worker)
    return;
  lrb_nonnegative_worker_cancel (worker);
  /* Threads still running finish on their own, cancelled; neither they
   * nor their queued outcomes may reach a freed worker. */
  for (guint i = 0; i < worker->in_flight->len; i++)
    ((Request *) g_ptr_array_index (worker->in_flight, i))->worker = NULL;
  g_ptr_array_free (worker->in_flight, TRUE);
  g_free (worker);
}
