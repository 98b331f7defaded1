/* lowrank-bokeh benchmark — a whole command, load and save included.
 *
 *   lrb-bench-command --impl gegl --op lens-blur --radius 50 -- \
 *       gegl photo.png -o out.png -- lens-blur radius=50
 *
 * Runs the command (its output thrown away) like the other programs time
 * their calls: a warm-up, then the median of N runs, waiting for a quiet
 * machine first and measuring again when others disturbed it.  The report
 * subtracts the same command without the filter to get processing time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-bench-util.h"

typedef struct
{
  gchar **argv;
} Command;

static gboolean
command_run (gpointer data, GError **error)
{
  Command *command = data;
  gint     status;

  if (!g_spawn_sync (NULL, command->argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", command->argv[0]);
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  gint      runs = 5, warmup = 1, radius = 0, rank = 0, ksize = 0, threads = 0;
  gchar    *group = NULL, *impl = NULL, *op = NULL, *note = NULL;
  gdouble   mpix = 0.0;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs, median reported (5)", "N" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Untimed runs first (1)", "N" },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, "Result line's group (command)", "NAME" },
    { "impl", 0, 0, G_OPTION_ARG_STRING, &impl, "Result line's impl", "NAME" },
    { "op", 0, 0, G_OPTION_ARG_STRING, &op, "Result line's op", "NAME" },
    { "radius", 0, 0, G_OPTION_ARG_INT, &radius, "Result line's radius", "R" },
    { "rank", 0, 0, G_OPTION_ARG_INT, &rank, "Result line's rank", "R" },
    { "ksize", 0, 0, G_OPTION_ARG_INT, &ksize, "Result line's kernel size", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads the command was given", "N" },
    { "mpix", 0, 0, G_OPTION_ARG_DOUBLE, &mpix, "Megapixels of the image", "MP" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "Result line's note", "TEXT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("-- COMMAND [ARG…] — time a command");
  g_autoptr (GError) error = NULL;
  g_autofree gchar  *line = NULL;
  Command            command;
  LrbBenchTiming     timing;

  g_option_context_add_main_entries (context, entries, NULL);
  /* Everything after "--" is the command, its own "--" included. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lrb-bench-command: %s\n", error->message);
      return 2;
    }
  if (argc > 1 && g_str_equal (argv[1], "--"))
    {
      argv++;
      argc--;
    }
  if (argc < 2 || !impl || !op)
    {
      g_printerr ("lrb-bench-command: need --impl, --op and a command after --\n");
      return 2;
    }
  command.argv = argv + 1;

  if (!lrb_bench_measure (command_run, &command, MAX (warmup, 0), MAX (runs, 1), &timing, &error))
    {
      g_printerr ("lrb-bench-command: %s\n", error->message);
      return 1;
    }
  line = g_strjoinv (" ", command.argv);
  if (mpix <= 0)
    mpix = 1.0;
  lrb_bench_print_timing (group ? group : "command", impl, op, radius, rank, ksize, threads,
                          &timing, mpix, 0, note ? note : line);
  g_free (group);
  g_free (impl);
  g_free (op);
  g_free (note);
  return 0;
}
