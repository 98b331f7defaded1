/* lowrank-bokeh benchmark — OpenCV as a peer, on the same image and kernels.
 *
 * filter2D with the whole hexagon (what a user of OpenCV would call; its
 * cost does not depend on the rank we compare against) and sepFilter2D
 * with the rank-1 SVD factors, both on CV_32FC4 with all threads and
 * replicated borders (the engine's clamp).  The kernels come from
 * `lrb-bench-engine --dump-kernels DIR`, so they are the engine's own.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include "lrb-bench-image.h"

namespace {

/* The project's kernel text format (DESIGN.md §4): rows of numbers split
 * by white space or commas, '#' comments and empty lines skipped. */
cv::Mat
load_kernel (const std::string &path)
{
  std::ifstream file (path);
  std::string line;
  std::vector<std::vector<float>> rows;

  if (!file)
    throw std::runtime_error ("cannot open " + path);
  while (std::getline (file, line))
    {
      std::replace (line.begin (), line.end (), ',', ' ');
      std::istringstream in (line);
      std::vector<float> row;
      double value;

      size_t first = line.find_first_not_of (" \t\r");
      if (first == std::string::npos || line[first] == '#')
        continue;
      while (in >> value)
        row.push_back ((float) value);
      if (!rows.empty () && row.size () != rows[0].size ())
        throw std::runtime_error (path + ": ragged rows");
      rows.push_back (row);
    }
  if (rows.empty ())
    throw std::runtime_error (path + ": empty");

  cv::Mat kernel ((int) rows.size (), (int) rows[0].size (), CV_32F);
  for (int y = 0; y < kernel.rows; y++)
    for (int x = 0; x < kernel.cols; x++)
      kernel.at<float> (y, x) = rows[y][x];
  /* OpenCV correlates; the engine convolves (the kernel is the PSF). */
  cv::flip (kernel, kernel, -1);
  return kernel;
}

std::vector<int>
parse_list (const char *text)
{
  std::vector<int> list;
  std::istringstream in (text);
  std::string item;

  while (std::getline (in, item, ','))
    list.push_back (std::atoi (item.c_str ()));
  return list;
}

struct Timing
{
  double median, min, max;
  double cpu;   /* cores busy on average: process CPU time / wall time */
  double other; /* cores that other processes kept busy meanwhile */
  double steal; /* cores' worth of time the hypervisor took away */
};

/* The machine's busy and stolen CPU time so far, ms summed over CPUs. */
bool
read_proc_stat (double &busy_ms, double &steal_ms)
{
  std::ifstream stat ("/proc/stat");
  std::string cpu;
  unsigned long long v[8];

  if (!(stat >> cpu) || cpu != "cpu")
    return false;
  for (auto &x : v)
    if (!(stat >> x))
      return false;
  double tick_ms = 1000.0 / sysconf (_SC_CLK_TCK);
  /* user nice system idle iowait irq softirq steal */
  busy_ms = (v[0] + v[1] + v[2] + v[5] + v[6]) * tick_ms;
  steal_ms = v[7] * tick_ms;
  return true;
}

double
cpu_ms ()
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* Waits until the machine has been idle (< 0.1 core busy) for a second, at
 * most $LRB_BENCH_QUIET_WAIT seconds, as lrb-bench-util.c does. */
void
wait_quiet ()
{
  const char *env = std::getenv ("LRB_BENCH_QUIET_WAIT");
  double limit_s = env ? std::atof (env) : 0.0;
  auto start = std::chrono::steady_clock::now ();

  while (std::chrono::duration<double> (std::chrono::steady_clock::now () - start).count () < limit_s)
    {
      double busy0, busy1, steal;
      auto t0 = std::chrono::steady_clock::now ();

      if (!read_proc_stat (busy0, steal))
        return;
      usleep (1000000);
      std::chrono::duration<double, std::milli> dt = std::chrono::steady_clock::now () - t0;
      if (!read_proc_stat (busy1, steal))
        return;
      if ((busy1 - busy0) / dt.count () < 0.1)
        return;
    }
  if (limit_s > 0)
    std::fprintf (stderr, "peer-opencv: machine still busy after %.0f s, measuring anyway\n", limit_s);
}

template <typename F> Timing
measure_once (F func, int warmup, int runs)
{
  std::vector<double> times;
  double busy0 = 0, steal0 = 0, busy1 = 0, steal1 = 0;

  wait_quiet ();
  for (int i = 0; i < warmup; i++)
    func ();
  bool valid = read_proc_stat (busy0, steal0);
  double cpu_start = cpu_ms ();
  auto wall_start = std::chrono::steady_clock::now ();
  for (int i = 0; i < runs; i++)
    {
      auto start = std::chrono::steady_clock::now ();
      func ();
      std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now () - start;
      times.push_back (elapsed.count ());
    }
  std::chrono::duration<double, std::milli> wall_d = std::chrono::steady_clock::now () - wall_start;
  double wall = std::max (wall_d.count (), 1e-3), own = cpu_ms () - cpu_start;
  valid = valid && read_proc_stat (busy1, steal1);
  std::sort (times.begin (), times.end ());
  double median = runs % 2 ? times[runs / 2] : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
  /* Ticks are coarse (10 ms): clamp the rounding noise at zero. */
  return { median, times.front (), times.back (), own / wall,
           valid ? std::max (0.0, (busy1 - busy0 - own) / wall) : -1.0,
           valid ? std::max (0.0, (steal1 - steal0) / wall) : -1.0 };
}

/* The same columns as lrb-bench-util.h's LRB_BENCH_COLUMNS. */
void
print_timing (const char *op, int radius, int rank, int ksize, int threads, int runs,
              const Timing &t, double mpix, const char *note,
              const char *group = "peer", const char *impl = "opencv")
{
  std::printf ("%s\t%s\t%s\t%d\t%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f"
               "\t%.6f\t-\t%.3f\tms/MP\t%s\n",
               group, impl, op, radius, rank > 0 ? std::to_string (rank).c_str () : "-", ksize, threads, runs,
               t.median, t.min, t.max, t.cpu, t.other, t.steal, mpix, t.median / mpix, note);
  std::fflush (stdout);
}

void
print_info (const char *key, const std::string &value)
{
  std::printf ("info\tpeer-opencv\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t-\t-\n", key,
               value.c_str ());
}

/* One line of cv::getBuildInformation (), e.g. the parallel framework. */
std::string
build_line (const std::string &key)
{
  std::istringstream in (cv::getBuildInformation ());
  std::string line;

  while (std::getline (in, line))
    {
      size_t at = line.find (key);
      if (at != std::string::npos)
        {
          std::string value = line.substr (at + key.size ());
          size_t first = value.find_first_not_of (" \t");
          return first == std::string::npos ? "" : value.substr (first);
        }
    }
  return "unknown";
}

/* Retries disturbed measurements like lrb-bench-util.c ($LRB_BENCH_RETRIES). */
template <typename F> Timing
measure (F func, int warmup, int runs)
{
  const char *env = std::getenv ("LRB_BENCH_RETRIES");
  int retries = env ? std::atoi (env) : 0;
  Timing best = measure_once (func, warmup, runs);

  for (int i = 0; i < retries && best.other >= 0.2; i++)
    {
      Timing again = measure_once (func, warmup, runs);
      if (again.other < best.other)
        best = again;
    }
  return best;
}

} // namespace

int
main (int argc, char **argv)
{
  int runs = 5, warmup = 1, threads = cv::getNumberOfCPUs ();
  std::string dir = ".";
  std::vector<int> radii = { 10, 25, 50, 100 };
  std::vector<std::string> kernel_files;

  for (int i = 1; i < argc; i++)
    {
      std::string arg = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : nullptr;

      if ((arg == "--runs" || arg == "-n") && next)
        runs = std::max (1, std::atoi (argv[++i]));
      else if (arg == "--warmup" && next)
        warmup = std::max (0, std::atoi (argv[++i]));
      else if ((arg == "--threads" || arg == "-t") && next)
        {
          threads = std::atoi (argv[++i]);
          if (threads <= 0)
            threads = cv::getNumberOfCPUs ();
        }
      else if ((arg == "--radii" || arg == "-r") && next)
        radii = parse_list (argv[++i]);
      else if (arg == "--kernels" && next)
        dir = argv[++i];
      else if (arg == "--kernel-files" && next)
        {
          std::istringstream in (argv[++i]);
          std::string item;

          while (std::getline (in, item, ','))
            if (!item.empty ())
              kernel_files.push_back (item);
        }
      else
        {
          std::fprintf (stderr,
                        "Usage: %s --kernels DIR [--runs N] [--warmup N] [--threads N] "
                        "[--radii 10,25,50,100]\n(DIR from lrb-bench-engine --dump-kernels)\n"
                        "       %s --kernel-files A.txt,B.txt [--runs N] …: filter2D with each "
                        "kernel (lrb-bench-methods --full-rank)\n",
                        argv[0],
                        argv[0]);
          return 2;
        }
    }

  try
    {
      cv::setNumThreads (threads);
      print_info ("opencv-version", CV_VERSION);
      print_info ("parallel-framework", build_line ("Parallel framework:"));
      print_info ("threads", std::to_string (cv::getNumThreads ()));
      print_info ("ipp", cv::ipp::useIPP () ? "on" : "off");

      cv::Mat src (LRB_BENCH_HEIGHT, LRB_BENCH_WIDTH, CV_32FC4), dst;
      lrb_bench_image_fill (src.ptr<float> (), src.cols, src.rows);
      double mpix = (double) src.cols * src.rows / 1e6;

      /* Any kernels, e.g. the full-rank 101×101 ones: filter2D alone, the
       * only thing OpenCV offers for a kernel that does not separate. */
      for (const std::string &path : kernel_files)
        {
          cv::Mat kernel = load_kernel (path);
          std::string name = path.substr (path.find_last_of ('/') + 1);
          Timing t;

          if (name.size () > 4 && name.compare (name.size () - 4, 4, ".txt") == 0)
            name.resize (name.size () - 4);
          t = measure ([&] { cv::filter2D (src, dst, -1, kernel, cv::Point (-1, -1), 0,
                                           cv::BORDER_REPLICATE); }, warmup, runs);
          print_timing (name.c_str (), kernel.rows / 2, 0, kernel.rows, threads, runs, t, mpix,
                        "filter2D, the exact kernel, CV_32FC4", "fullrank", "filter2D");
        }
      if (!kernel_files.empty ())
        return 0;

      for (int radius : radii)
        {
          std::string base = dir + "/hexagon-r" + std::to_string (radius);
          cv::Mat kernel = load_kernel (base + ".txt");
          cv::Mat column = load_kernel (base + "-rank1-vertical.txt");
          cv::Mat row = load_kernel (base + "-rank1-horizontal.txt");
          Timing t;

          t = measure ([&] { cv::filter2D (src, dst, -1, kernel, cv::Point (-1, -1), 0,
                                           cv::BORDER_REPLICATE); }, warmup, runs);
          print_timing ("filter2D", radius, 0, kernel.rows, threads, runs, t, mpix,
                        "whole hexagon, CV_32FC4");

          t = measure ([&] { cv::sepFilter2D (src, dst, -1, row, column, cv::Point (-1, -1), 0,
                                              cv::BORDER_REPLICATE); }, warmup, runs);
          print_timing ("sepFilter2D", radius, 1, kernel.rows, threads, runs, t, mpix,
                        "rank-1 SVD factors, CV_32FC4");
        }
    }
  catch (const std::exception &e)
    {
      std::fprintf (stderr, "peer-opencv: %s\n", e.what ());
      return 1;
    }
  return 0;
}
