#!/usr/bin/env python3
# lowrank-bokeh — turn build-bench/results.tsv into docs/benchmarks.md.
#
#   python3 bench/report.py RESULTS.tsv OUTPUT.md [--methods RESULTS-METHODS.tsv]
#
# Every number in the report comes from RESULTS.tsv (and the methods part
# from RESULTS-METHODS.tsv), i.e. from bench/run-bench.sh; nothing is
# carried over from earlier runs.  `run-bench.sh --only methods` redoes the
# methods part alone: the report then gives both dates.
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import os
import sys
from collections import defaultdict


def num(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}".replace(",", " ")


def pct(value):
    return "—" if value is None else f"{100 * value:.0f} %"


def disturbed_mark(*rows):
    """' (disturbed)' when another process or the hypervisor took ≥ 0.2 / 0.1
    of a core during any of these measurements."""
    for r in rows:
        if r and ((num(r.get("other")) or 0) >= 0.2 or (num(r.get("steal")) or 0) >= 0.1):
            return " (disturbed: see below)"
    return ""


def span(values):
    """'1.00' or '0.82–1.99' for a list of numbers."""
    lo, hi = f"{min(values):.2f}", f"{max(values):.2f}"
    return lo if lo == hi else f"{lo}–{hi}"


def star(*rows):
    """'*' after a number measured while others used the machine."""
    return "*" if disturbed_mark(*rows) else ""


def is_pass_symbol(symbol):
    """The 1-D pass: lrb_pass_columns and its per-ISA builds (target clones
    such as lrb_pass_columns.arch_x86_64_v4, or static pass_avx512 …)."""
    return symbol.startswith("lrb_pass_columns") or symbol.startswith("pass_")


class Results:
    def __init__(self, path):
        with open(path, newline="") as f:
            self.rows = list(csv.DictReader(f, delimiter="\t"))
        self.info = {}
        for r in self.rows:
            if r["group"] == "info":
                self.info[(r["impl"], r["op"])] = r["value"]

    def find(self, group, impl=None, op=None, radius=None, rank=None, threads=None):
        for r in self.rows:
            if r["group"] != group:
                continue
            if impl is not None and r["impl"] != impl:
                continue
            if op is not None and r["op"] != op:
                continue
            if radius is not None and r["radius"] != str(radius):
                continue
            if rank is not None and r["rank"] != str(rank):
                continue
            if threads is not None and r["threads"] != str(threads):
                continue
            yield r

    def one(self, *args, **kwargs):
        return next(self.find(*args, **kwargs), None)

    def ms(self, *args, **kwargs):
        r = self.one(*args, **kwargs)
        return num(r["median_ms"]) if r else None

    def get_info(self, impl, key, default="unknown"):
        return self.info.get((impl, key), default)


METHOD_NAMES = {"separable": "separable", "fft": "FFT", "chord": "chord"}
SHAPE_TITLES = {
    "disc": "Disc",
    "hexagon": "Hexagon (6 blades)",
    "hexagon-rot15": "Hexagon rotated 15°",
    "gaussian": "Gaussian (σ from the radius, rotation 0)",
    "painted": "Painted mask (hexagon with holes, strokes and a dab; piecewise constant)",
}
PLANNER_LIMIT = 1.2


def rank_label(rank):
    return "exact" if rank == "-" else f"rank {rank}"


def rank_key(rank):
    return 10 ** 6 if rank == "-" else int(rank)


def methods_section(m, w, separate_date):
    """The methods part: exact kernels, the planner, whole commands."""
    date = m.get_info("run-bench.sh", "date")
    w("## Exact results and the planner (methods)")
    w("")
    if separate_date:
        w(f"Measured on {date} by `bench/run-bench.sh --only methods` (raw results: "
          "`build-bench/results-methods.tsv`); the sections above come from the last full run. "
          f"Load average {m.get_info('run-bench.sh', 'load-average')} at the start of this part, "
          f"{m.get_info('run-bench.sh', 'load-average-end')} at its end.")
    else:
        w(f"Measured in the same run, after the sections above, starting on {date} (raw results: "
          "`build-bench/results-methods.tsv`). Load average "
          f"{m.get_info('run-bench.sh', 'load-average')} at the start of this part, "
          f"{m.get_info('run-bench.sh', 'load-average-end')} at its end.")
    w("")
    w(f"Every method that can run a case, through `lrb_engine_run_filter` on the benchmark image "
      f"({m.get_info('lrb-bench-methods', 'image')}, clamped edges, all cores), next to "
      "`lrb_planner_choose`'s pick. Runs: "
      f"{m.get_info('lrb-bench-methods', 'runs')} (the planner's estimate, `lrb_planner_estimate`). "
      "Separable passes run the rank-r factors, or for the exact kernel as many terms as its "
      "numerical rank; FFT runs the rank-r or the exact kernel; chord sums run only kernels made of "
      "runs of equal values (the exact disc, hexagons and painted mask; never a Gaussian or a "
      "rank-r reconstruction, except where rank r already reproduces the kernel). Ranks above a "
      "kernel's numerical rank are left out: the exact case covers them.")
    w("")

    timed = {}
    for r in m.find("methods"):
        timed[(r["op"], int(r["radius"]), r["rank"], r["impl"])] = r
    picks = {(r["op"], int(r["radius"]), r["rank"]): r for r in m.find("planner")}
    skips = {}
    for r in m.find("methods-skip"):
        skips[(r["op"], int(r["radius"]), r["rank"], r["impl"])] = r
    kernels = {(r["op"], int(r["radius"])): r for r in m.find("kernel")}

    # Planner verdicts, per case.
    cases = []
    for key, p in picks.items():
        shape, radius, rank = key
        measured = {impl: timed[(shape, radius, rank, impl)] for impl in METHOD_NAMES
                    if (shape, radius, rank, impl) in timed}
        if not measured or p["impl"] not in measured:
            continue
        fastest = min(measured, key=lambda i: num(measured[i]["median_ms"]))
        ratio = num(measured[p["impl"]]["median_ms"]) / num(measured[fastest]["median_ms"])
        cases.append((shape, radius, rank, p["impl"], fastest, ratio, measured, p))
    misses = [c for c in cases if c[5] > PLANNER_LIMIT]

    # ---- Targets
    w("### Targets")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    cmd = {(r["impl"], r["op"]): r for r in m.find("command")}
    g_none, g_lens = cmd.get(("gegl", "none")), cmd.get(("gegl", "lens-blur"))
    l_id, l_disc = cmd.get(("lrbokeh", "identity")), cmd.get(("lrbokeh", "disc-exact"))
    if g_none and g_lens and l_id and l_disc:
        g_proc = num(g_lens["median_ms"]) - num(g_none["median_ms"])
        l_proc = num(l_disc["median_ms"]) - num(l_id["median_ms"])
        ratio = l_proc / g_proc if g_proc > 0 else None
        verdict = ("PASS" if ratio is not None and ratio <= 0.5 else "MISS") + disturbed_mark(
            g_none, g_lens, l_id, l_disc)
        w(f"| disc R=50, exact: ≤ 0.5× `gegl … -- lens-blur radius=50`, whole commands on the "
          f"2560×1600 photo, processing time (run − the same run without the filter) | "
          f"lrbokeh {fmt(num(l_disc['median_ms']))} − {fmt(num(l_id['median_ms']))} = "
          f"{fmt(l_proc)} ms; gegl {fmt(num(g_lens['median_ms']))} − {fmt(num(g_none['median_ms']))} = "
          f"{fmt(g_proc)} ms: **{ratio:.2f}×** | {verdict} |" if ratio is not None else
          "| disc R=50 exact vs lens-blur (commands) | gegl's processing time ≤ 0 | — |")
    else:
        w("| disc R=50, exact: ≤ 0.5× gegl lens-blur (whole commands) | not measured (no gegl CLI "
          "or photo) | — |")
    e_lens = m.one("exact-gegl", "gegl", "lens-blur", radius=50)
    e_disc = m.one("exact-gegl", "lrb_gegl_apply_filter", "disc", radius=50)
    if e_lens and e_disc:
        ratio = num(e_disc["median_ms"]) / num(e_lens["median_ms"])
        method = e_disc["note"].split("exact disc by ")[1].split(";")[0]
        verdict = ("PASS" if ratio <= 0.5 else "MISS") + disturbed_mark(e_lens, e_disc)
        w(f"| disc R=50, exact: ≤ 0.5× gegl:lens-blur, in process on the same GeglBuffer | "
          f"`lrb_gegl_apply_filter` ({method}) {fmt(num(e_disc['median_ms']))} ms / gegl:lens-blur "
          f"{fmt(num(e_lens['median_ms']))} ms = **{ratio:.2f}×** | {verdict} |")
    for name, label in (("painted-r50", "painted mask R=50"), ("random-101", "random positive")):
        lrb = m.one("fullrank", op=name)
        f2d = m.one("fullrank", "filter2D", name)
        if lrb and f2d and lrb["impl"] == "filter2D":
            lrb = next((r for r in m.find("fullrank", op=name) if r["impl"] != "filter2D"), None)
        if lrb and f2d:
            ratio = num(lrb["median_ms"]) / num(f2d["median_ms"])
            strict = num(lrb["median_ms"]) / num(f2d["min_ms"])
            rank = lrb["note"].split("numerical rank ")[1].split(";")[0]
            verdict = "PASS" if max(ratio, strict) <= 0.5 else (
                "MISS" if min(ratio, strict) > 0.5 else "PASS on medians only")
            verdict += disturbed_mark(lrb, f2d)
            w(f"| 101×101 {label} (numerical rank {rank}), exact: ≤ 0.5× OpenCV filter2D | "
              f"{lrb['impl']} {fmt(num(lrb['median_ms']))} ms / filter2D {fmt(num(f2d['median_ms']))} ms "
              f"= **{ratio:.2f}×**; against filter2D's fastest run ({fmt(num(f2d['min_ms']))} ms) "
              f"{strict:.2f}× | {verdict} |")
        elif lrb:
            w(f"| 101×101 {label}, exact: ≤ 0.5× filter2D | {lrb['impl']} "
              f"{fmt(num(lrb['median_ms']))} ms; filter2D not measured (no OpenCV) | — |")
    if cases:
        verdict = ("PASS" if not misses else "MISS") + disturbed_mark(
            *[c[6][c[3]] for c in cases], *[c[6][c[4]] for c in cases])
        w(f"| the planner's pick within {PLANNER_LIMIT}× of the fastest method measured, every case | "
          f"**{len(cases) - len(misses)} of {len(cases)}** cases within; {len(misses)} miss(es) | "
          f"{verdict} |")
    w("")
    if misses:
        w("Misses (pick's median / fastest median):")
        w("")
        w("| shape | R | quality | pick | fastest | ratio | the planner's reason |")
        w("|---|---:|---|---|---|---:|---|")
        for shape, radius, rank, pick, fastest, ratio, measured, p in sorted(misses, key=lambda c: -c[5]):
            w(f"| {shape} | {radius} | {rank_label(rank)} | {METHOD_NAMES[pick]} "
              f"{fmt(num(measured[pick]['median_ms']))} ms | {METHOD_NAMES[fastest]} "
              f"{fmt(num(measured[fastest]['median_ms']))} ms | {ratio:.2f}× | {p['note']} |")
        w("")

    # ---- Whole commands
    if cmd:
        w("### Whole commands on the photo")
        w("")
        w(f"{m.get_info('run-bench.sh', 'photo')}. Medians of {next(iter(cmd.values()))['runs']} "
          f"runs each (after a warm-up), output PNG written each time; gegl with GEGL_THREADS="
          f"{m.get_info('run-bench.sh', 'gegl-threads')}, lrbokeh with every core (its default). "
          "`cpu` counts the command's own CPU time (children waited for) per wall second. The "
          "run without the filter: gegl with no operation, lrbokeh with a 1×1 identity kernel "
          "at rank 1 (so the file I/O and the engine's read and write of every pixel are subtracted too).")
        w("")
        w("| command | median ms | min–max ms | cpu | other | processing ms |")
        w("|---|---:|---:|---:|---:|---:|")
        base = {"gegl": g_none, "lrbokeh": l_id}
        for key in (("gegl", "none"), ("gegl", "lens-blur"), ("lrbokeh", "identity"),
                    ("lrbokeh", "disc-exact")):
            r = cmd.get(key)
            if not r:
                continue
            b = base.get(key[0])
            proc = num(r["median_ms"]) - num(b["median_ms"]) if b and b is not r else None
            w(f"| `{r['note']}` | {fmt(num(r['median_ms']))}{star(r)} | {fmt(num(r['min_ms']))}–"
              f"{fmt(num(r['max_ms']))} | {r['cpu']} | {r['other']} | {fmt(proc) if proc is not None else '—'} |")
        w("")
        if g_lens and e_lens:
            w(f"gegl's command line kept {g_lens['cpu']} cores busy on average for the whole lens-blur "
              f"command (load, filter, save), against {e_lens['cpu']} for gegl:lens-blur alone in "
              "process: its processing time above is longer than the in-process time below, so the "
              "in-process ratio is the stricter comparison. lrbokeh's baseline (the 1×1 identity) "
              "already reads, premultiplies and writes every pixel through the engine, so its "
              "processing time counts the convolution alone.")
            w("")
        method = m.get_info("run-bench.sh", "lrbokeh-disc-method", None)
        if method:
            w(f"`lrbokeh apply --exact -v` said: *method: {method}*")
            w("")
        if e_lens and e_disc:
            w(f"In process ({e_lens['note'].split('; ')[-1]} as \"RGBA float\" in a GeglBuffer, "
              f"{e_lens['threads']} threads, medians of {e_lens['runs']}): gegl:lens-blur "
              f"{fmt(num(e_lens['median_ms']))} ms (cpu {e_lens['cpu']}), `lrb_gegl_apply_filter` "
              f"{fmt(num(e_disc['median_ms']))} ms (cpu {e_disc['cpu']}). The planner: "
              f"{e_disc['note'].split('; ', 2)[-1]}")
            w("")

    # ---- Per-shape tables
    w("### Every method, case by case")
    w("")
    w("Median ms of each method; **bold** = the planner's pick; `skip` = estimated more than 8× the "
      "best estimate, not run (estimate in brackets); `—` = the method cannot run this kernel. "
      "*ratio* = the pick's time / the fastest measured; * = disturbed by other processes.")
    w("")
    shapes = []
    for r in m.find("kernel"):
        if r["op"] not in shapes:
            shapes.append(r["op"])
    for shape in shapes:
        w(f"#### {SHAPE_TITLES.get(shape, shape)}")
        w("")
        w("| R | numerical rank | quality | separable | FFT | chord | pick | ratio | ≤ 1.2× |")
        w("|---:|---:|---|---:|---:|---:|---|---:|---|")
        radii = sorted({int(r["radius"]) for r in m.find("kernel", op=shape)})
        for radius in radii:
            k = kernels[(shape, radius)]
            nrank = f"{fmt(num(k['value']))} of {k['ksize']}"
            ranks = sorted({key[2] for key in list(picks) + [s[:3] for s in skips]
                            if key[0] == shape and key[1] == radius}, key=rank_key)
            for rank in ranks:
                p = picks.get((shape, radius, rank))
                if not p:
                    skip = skips.get((shape, radius, rank, "-"))
                    if skip:
                        w(f"| {radius} | {nrank} | {rank_label(rank)} | skipped: above the numerical rank "
                          "| | | | | |")
                    continue
                case = next((c for c in cases if c[:3] == (shape, radius, rank)), None)
                cells = []
                for impl in METHOD_NAMES:
                    t = timed.get((shape, radius, rank, impl))
                    sk = skips.get((shape, radius, rank, impl))
                    if t:
                        text = f"{fmt(num(t['median_ms']))}{star(t)}"
                        if t["runs"] == "1":
                            text += "¹"
                        cells.append(f"**{text}**" if impl == p["impl"] else text)
                    elif sk and num(sk["value"]) is not None and num(sk["value"]) >= 0:
                        cells.append(f"skip ({fmt(num(sk['value']))})")
                    else:
                        cells.append("—")
                if case:
                    ratio = case[5]
                    verdict = "PASS" if ratio <= PLANNER_LIMIT else "**MISS**"
                    w(f"| {radius} | {nrank} | {rank_label(rank)} | " + " | ".join(cells) +
                      f" | {METHOD_NAMES[p['impl']]} | {ratio:.2f} | {verdict} |")
                else:
                    w(f"| {radius} | {nrank} | {rank_label(rank)} | " + " | ".join(cells) +
                      f" | {METHOD_NAMES[p['impl']]} | — | — |")
        w("")
    w("¹ one timed run (estimated above the slow limit). The planner's reasons are in "
      "`results-methods.tsv` (group `planner`, column `note`).")
    w("")

    # ---- Plot
    w("### How each method's time grows with the radius and the rank")
    w("")
    if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "benchmarks-methods.png")):
        w("![Median time against radius for each method, disc and hexagon, log–log](benchmarks-methods.png)")
        w("")
    curves = []
    for shape in ("disc", "hexagon"):
        for impl, rank in (("separable", "1"), ("separable", "8"), ("separable", "16"), ("fft", "-"),
                           ("chord", "-")):
            pts = sorted((int(r["radius"]), num(r["median_ms"])) for r in m.find("methods", impl, shape)
                         if r["rank"] == rank)
            if len(pts) >= 2:
                import math
                (r0, t0), (r1, t1) = pts[0], pts[-1]
                slope = math.log(t1 / t0) / math.log(r1 / r0)
                curves.append(f"{shape} {METHOD_NAMES[impl]}{'' if rank == '-' else ' r' + rank}: "
                              f"{fmt(t0)} → {fmt(t1)} ms from R={r0} to R={r1} (slope {slope:.2f})")
    if curves:
        w("Growth between the smallest and largest radius (log–log slope: 1 = linear in R, "
          "2 = with the kernel's area): " + "; ".join(curves) + ".")
        w("")

    # ---- Disturbances of this part
    rows = [r for r in m.rows if num(r.get("median_ms")) is not None]
    disturbed = [r for r in rows if (num(r["other"]) or 0) >= 0.2 or (num(r["steal"]) or 0) >= 0.1]
    w(f"Disturbances in this part: {len(disturbed)} of {len(rows)} timed cases ran while other "
      "processes used ≥ 0.2 cores or the hypervisor stole ≥ 0.1 core (marked *; each was measured "
      f"again up to {m.get_info('run-bench.sh', 'retries', '?')} times, keeping the least disturbed); "
      f"{m.get_info('run-bench.sh', 'quiet-misses', '?')} step(s) gave up waiting for a quiet machine.")
    w("")


def main():
    args = sys.argv[1:]
    methods_path = None
    if "--methods" in args:
        i = args.index("--methods")
        methods_path = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit("usage: report.py RESULTS.tsv OUTPUT.md [--methods RESULTS-METHODS.tsv]")
    sys.argv[1:] = args
    res = Results(sys.argv[1])
    methods = Results(methods_path) if methods_path and os.path.exists(methods_path) else None
    # "only methods": re-measured alone; "full run": the same run, after the
    # rest; unknown (older files): say only when each part started.
    part = methods.get_info("run-bench.sh", "part", None) if methods else None
    separate_date = bool(methods) and part == "only methods"
    out = []
    w = out.append

    engine_rows = list(res.find("engine", "lrb_image_convolve"))
    all_threads = max((int(r["threads"]) for r in engine_rows), default=1)
    radii = sorted({int(r["radius"]) for r in engine_rows})
    ranks = sorted({int(r["rank"]) for r in engine_rows})

    # FMA peak: the higher of the start and end measurements, per width and
    # thread count, so that "% of peak" is never flattered by a slow moment.
    peak = defaultdict(dict)  # (width, threads) -> {start, end}
    peak_other = defaultdict(dict)  # same keys -> other processes' cores
    for r in res.find("fma"):
        when = r["note"].split(";")[0] if ";" in r["note"] else "run"
        peak[(r["op"], int(r["threads"]))][when] = num(r["value"])
        if "other processes " in r["note"]:
            peak_other[(r["op"], int(r["threads"]))][when] = num(
                r["note"].split("other processes ")[1].split()[0])

    def best_peak(width, threads):
        values = [v for v in peak.get((width, threads), {}).values() if v]
        return max(values) if values else None

    widths = sorted({k[0] for k in peak}, key=lambda s: int(s[3:]))
    widest = widths[-1] if widths else None
    peak_all = best_peak(widest, all_threads) if widest else None
    peak_one = best_peak(widest, 1) if widest else None
    peak8_all = best_peak("vec8", all_threads)
    peak8_one = best_peak("vec8", 1)

    def frac(gflops, reference):
        return gflops / reference if gflops and reference else None

    def engine(radius, rank, threads=all_threads):
        return res.one("engine", "lrb_image_convolve", radius=radius, rank=rank, threads=threads)

    def gflops(row):
        return num(row["value"]) if row else None

    # ---- Header -----------------------------------------------------------
    w("# Benchmarks")
    w("")
    if methods and not separate_date:
        w("Generated by `bench/run-bench.sh` from one run started on "
          f"{res.get_info('run-bench.sh', 'date')}; its last part (exact kernels and the planner) "
          f"started on {methods.get_info('run-bench.sh', 'date')}, after the rest. Do not edit by "
          "hand; re-run instead:")
    elif separate_date:
        w("Generated by `bench/run-bench.sh` from one run on "
          f"{res.get_info('run-bench.sh', 'date')}, except the last section (exact kernels and the "
          f"planner), re-measured on {methods.get_info('run-bench.sh', 'date')} by "
          "`bench/run-bench.sh --only methods`: compare ratios within a section. Do not edit by "
          "hand; re-run instead:")
    else:
        w("Generated by `bench/run-bench.sh` from one run on "
          f"{res.get_info('run-bench.sh', 'date')}: every number and ratio below was measured "
          "in that same run. Do not edit by hand; re-run instead:")
    w("")
    w("```sh")
    w("bench/run-bench.sh              # builds build-bench/ (release), runs everything, rewrites this file")
    w("RUNS=9 bench/run-bench.sh       # more runs per case; --quick for a smoke test")
    w("bench/run-bench.sh --only methods   # only the exact kernels, the planner and whole commands")
    w("```")
    w("")
    w("Raw results: `build-bench/results.tsv` and `build-bench/results-methods.tsv` (one line per "
      "measurement; columns in `bench/lrb-bench-util.h`). Each program also runs alone "
      "(`build-bench/bench/lrb-bench-engine --help`, `lrb-bench-gegl`, `lrb-fma-peak`, `peer-opencv`, "
      "`lrb-bench-methods`, `lrb-bench-command`).")
    w("")
    w("**Read with care.** These machines are 2-vCPU KVM guests: the two vCPUs may or may not "
      "sit on the same physical core, and that changes from minute to minute (see the FMA peak "
      "at the start and at the end of the run). Times are medians of "
      f"{res.get_info('run-bench.sh', 'runs')}; compare ratios taken in the same run, not "
      "absolute numbers across runs.")
    w("")

    w("## Machine and build")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| CPU | {res.get_info('run-bench.sh', 'cpu-model')}, {res.get_info('run-bench.sh', 'cpus')} "
      f"vCPUs ({res.get_info('run-bench.sh', 'threads-per-core')} thread per core as lscpu sees it; "
      f"hypervisor {res.get_info('run-bench.sh', 'hypervisor')}) |")
    w(f"| flags | {res.get_info('run-bench.sh', 'flags').strip()} |")
    w(f"| memory | {res.get_info('run-bench.sh', 'memory')} |")
    w(f"| kernel | {res.get_info('run-bench.sh', 'kernel')} |")
    w(f"| compiler | {res.get_info('run-bench.sh', 'compiler')}, buildtype "
      f"{res.get_info('run-bench.sh', 'buildtype')} (core/ at -O3) |")
    w(f"| engine SIMD path | {res.get_info('lrb-bench-engine', 'simd-path')} "
      "(`lrb_engine_simd_path()`) |")
    w(f"| image | {res.get_info('lrb-bench-engine', 'image')}, "
      "processing time only (no file I/O) |")
    w(f"| GEGL | {res.get_info('lrb-bench-gegl', 'gegl-version')}, threads = {all_threads} |")
    opencv = res.get_info("peer-opencv", "opencv-version", None)
    if opencv:
        w(f"| OpenCV | {opencv}, {res.get_info('peer-opencv', 'parallel-framework')}, "
          f"setNumThreads({res.get_info('peer-opencv', 'threads')}), IPP "
          f"{res.get_info('peer-opencv', 'ipp')} |")
    else:
        w("| OpenCV | not built (no opencv4 found) |")
    w(f"| source | commit {res.get_info('run-bench.sh', 'commit')} |")
    w(f"| load average at start | {res.get_info('run-bench.sh', 'load-average')} |")
    w("")

    # ---- FMA peak ---------------------------------------------------------
    w("## FP32 FMA peak (`lrb-fma-peak`)")
    w("")
    w(f"{res.get_info('lrb-fma-peak', 'chains')} independent FMA chains per thread, built with "
      "`-march=native`; 2 flops per lane; the best of the runs (a peak is what the hardware can "
      "do; slower runs mean something else had the FMA units). Measured at the start and at the "
      "end of the run.")
    w("")
    w("| vectors | threads | start GFLOP/s | end GFLOP/s | G lanes/s (higher) | other (start / end) |")
    w("|---|---:|---:|---:|---:|---:|")
    for width in widths:
        for threads in sorted({k[1] for k in peak if k[0] == width}):
            p = peak[(width, threads)]
            o = peak_other[(width, threads)]
            best = best_peak(width, threads)
            w(f"| {width[3:]}-wide | {threads} | {fmt(p.get('start'), 1)} | {fmt(p.get('end'), 1)} | "
              f"{fmt(best / 2 if best else None, 1)} | {fmt(o.get('start'), 2)} / {fmt(o.get('end'), 2)} |")
    w("")
    if peak_all:
        w(f"\"% of peak\" below divides by the higher {widest[3:]}-wide value: **{fmt(peak_all, 1)} GFLOP/s** "
          f"with {all_threads} threads, **{fmt(peak_one, 1)} GFLOP/s** on 1 thread. The 8-wide "
          f"(AVX2-width) peak is {fmt(peak8_all, 1)} / {fmt(peak8_one, 1)} GFLOP/s.")
        if peak_one and peak_all < 1.5 * peak_one:
            w(f"With {all_threads} threads the peak did not scale: the vCPUs shared a physical core "
              "during that measurement (or other processes took the second one: see `other`), so "
              f"the {all_threads}-thread \"% of peak\" below may exceed what two real cores would allow.")
        w("")

    # ---- Targets ----------------------------------------------------------
    w("## Targets")
    w("")
    if methods:
        w("The exact-kernel targets (disc against GIMP's Lens Blur, a full-rank kernel against "
          "filter2D, the planner within 1.2× of the fastest method) are in "
          "[Exact results and the planner](#exact-results-and-the-planner-methods).")
        w("")
    w("| target | measured in this run | verdict |")
    w("|---|---|---|")
    filter2d_50 = res.ms("peer", "opencv", "filter2D", radius=50)
    f2d_row = res.one("peer", "opencv", "filter2D", radius=50)
    for rank, limit in ((4, 0.5), (8, 1.0)):
        e = engine(50, rank)
        e_ms = num(e["median_ms"]) if e else None
        if e_ms and filter2d_50:
            ratio = e_ms / filter2d_50
            # The strict reading: the engine's median against filter2D's
            # fastest run, which varies a lot from run to run.
            f2d_min = num(f2d_row["min_ms"])
            strict = e_ms / f2d_min
            verdict = "PASS" if max(ratio, strict) <= limit else (
                "MISS" if min(ratio, strict) > limit else "PASS on medians only")
            verdict += disturbed_mark(e, f2d_row)
            w(f"| hexagon R=50 (101×101), rank {rank}: ≤ {limit}× OpenCV filter2D | "
              f"medians {fmt(e_ms)} ms / {fmt(filter2d_50)} ms = **{ratio:.2f}×**; against "
              f"filter2D's fastest run ({fmt(f2d_min)} ms) {strict:.2f}× | {verdict} |")
        else:
            w(f"| hexagon R=50, rank {rank}: ≤ {limit}× filter2D | not measured | — |")

    pass_results = []  # (radius, rank, share, pass GFLOP/s)
    for radius in radii:
        for rank in ranks:
            prof = list(res.find("profile", "perf", radius=radius, rank=rank))
            if not prof:
                continue
            share = sum(num(r["value"]) for r in prof if is_pass_symbol(r["op"])) / 100
            single = engine(radius, rank, 1)
            work = res.one("work", "lrb_image_convolve", "pass-gflop", radius=radius, rank=rank, threads=1)
            if single and work and share > 0:
                seconds = num(single["median_ms"]) / 1000 * share
                pass_results.append((radius, rank, share, num(work["value"]) / seconds))
    headline = next((p for p in pass_results if p[0] == 50 and p[1] == 8), pass_results[0] if pass_results else None)
    if headline and peak_one:
        f_wide = headline[3] / peak_one
        f8 = headline[3] / peak8_one if peak8_one else None
        verdict = "PASS" if f_wide >= 0.6 else "MISS"
        verdict += disturbed_mark(engine(headline[0], headline[1], 1))
        w(f"| 1-D passes ≥ 60 % of the FMA peak (R={headline[0]}, rank {headline[1]}, 1 thread) | "
          f"{fmt(headline[3], 1)} GFLOP/s in `lrb_pass_columns` = **{pct(f_wide)}** of the "
          f"{widest[3:]}-wide peak ({pct(f8)} of the 8-wide one) | {verdict} |")
    else:
        w("| 1-D passes ≥ 60 % of the FMA peak | no profile (perf missing) | — |")
    w("")
    if f2d_row:
        w(f"filter2D's own runs spread widely even on a quiet machine (R=50: {fmt(num(f2d_row['min_ms']))}"
          f" to {fmt(num(f2d_row['max_ms']))} ms over {f2d_row['runs']} runs), so the verdicts also "
          "take its fastest run.")
        w("")
    w("The pass figure: the passes' share of the engine thread's time (perf, cpu-clock samples) "
      "times the 1-thread engine time gives the time inside `lrb_pass_columns`; the flops are "
      "those the passes must do for the tiling used (the vertical pass also covers each tile's "
      "halo columns). OpenCV's time is whatever it needs with `setNumThreads(all)`; its `cpu` "
      "column below shows how many cores it really kept busy.")
    w("")

    # ---- Engine table -----------------------------------------------------
    w(f"## Engine: `lrb_image_convolve`, hexagon (6 blades), {all_threads} threads and 1 thread")
    w("")
    w("GFLOP/s counts only useful work: 2 · rank · (rows + cols) · 4 channels · pixels. "
      "ms/MP is per megapixel of RGBA float. `cpu` = this process's CPU time / wall time (cores "
      "it kept busy); `other` = cores other processes kept busy meanwhile (from /proc/stat): "
      "at 0.2 or more the number is disturbed and marked *.")
    w("")
    w(f"| R | kernel | rank | rel. error | ms | ms/MP | GFLOP/s | % of peak | cpu | other | "
      f"1 thread ms | 1 thread GFLOP/s | % of 1-thread peak | other | speed-up |")
    w("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for radius in radii:
        for rank in ranks:
            e = engine(radius, rank)
            s = engine(radius, rank, 1)
            if not e:
                continue
            error = e["note"].split("rel. error ")[1].split(",")[0] if "rel. error" in e["note"] else "—"
            e_ms, s_ms = num(e["median_ms"]), num(s["median_ms"]) if s else None
            w(f"| {radius} | {e['ksize']}×{e['ksize']} | {rank} | {error} | {fmt(e_ms)}{star(e)} | "
              f"{fmt(e_ms / num(e['mpix']), 1)} | {fmt(gflops(e), 1)} | {pct(frac(gflops(e), peak_all))} | "
              f"{e['cpu']} | {e['other']} | {fmt(s_ms)}{star(s)} | {fmt(gflops(s), 1)} | "
              f"{pct(frac(gflops(s), peak_one))} | {s['other'] if s else '—'} | "
              f"{fmt(s_ms / e_ms if s_ms else None, 2)}× |")
    w("")

    # ---- Peers ------------------------------------------------------------
    w(f"## Peers on the same image, same run ({all_threads} threads asked of each)")
    w("")
    if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "benchmarks.png")):
        w("![Median time against radius, engine per rank and peers, log–log](benchmarks.png)")
        w("")
    w("Median ms (ms/MP in brackets; * = disturbed by other processes). filter2D gets the whole hexagon, sepFilter2D the rank-1 SVD "
      "factors of the same hexagon; gegl:gaussian-blur uses σ = R/3 (a rank-1 kernel of the same "
      "support), gegl:lens-blur is GIMP's Lens Blur (a disc of radius R).")
    w("")
    header = ["R", "kernel"] + [f"engine r{k}" for k in ranks] + [
        "filter2D", "sepFilter2D (r1)", "gaussian-blur (auto=IIR)", "gaussian-blur (FIR)", "lens-blur"]
    w("| " + " | ".join(header) + " |")
    w("|" + "---:|" * len(header))

    def cell(row):
        if not row:
            return "—"
        ms = num(row["median_ms"])
        return f"{fmt(ms)} ({fmt(ms / num(row['mpix']), 1)}){star(row)}"

    for radius in radii:
        cells = [str(radius), f"{2 * radius + 1}²"]
        for rank in ranks:
            e = engine(radius, rank)
            cells.append(cell(e))
        cells.append(cell(res.one("peer", "opencv", "filter2D", radius=radius)))
        cells.append(cell(res.one("peer", "opencv", "sepFilter2D", radius=radius)))
        cells.append(cell(res.one("peer", "gegl", "gaussian-blur", radius=radius)))
        cells.append(cell(res.one("peer", "gegl", "gaussian-blur-fir", radius=radius)))
        cells.append(cell(res.one("peer", "gegl", "lens-blur", radius=radius)))
        w("| " + " | ".join(cells) + " |")
    w("")

    peer_cpu = []
    for impl, op, label in (("opencv", "filter2D", "filter2D"), ("opencv", "sepFilter2D", "sepFilter2D"),
                            ("gegl", "gaussian-blur", "gaussian-blur"), ("gegl", "lens-blur", "lens-blur")):
        values = [num(r["cpu"]) for r in res.find("peer", impl, op)]
        if values:
            peer_cpu.append(f"{label} {span(values)}")
    engine_cpu = [num(r["cpu"]) for r in engine_rows if r["threads"] == str(all_threads)]
    if peer_cpu and engine_cpu:
        w(f"Cores kept busy (process CPU time / wall time): engine {span(engine_cpu)}; "
          + "; ".join(peer_cpu) + ".")
        w("")

    if filter2d_50 or res.one("peer", "opencv", "filter2D"):
        w("Engine time / filter2D time for the same hexagon (below 1: the engine is faster):")
        w("")
        w("| R | " + " | ".join(f"rank {k}" for k in ranks) + " |")
        w("|---:|" + "---:|" * len(ranks))
        for radius in radii:
            f2d = res.ms("peer", "opencv", "filter2D", radius=radius)
            f2d_row = res.one("peer", "opencv", "filter2D", radius=radius)
            cells = []
            for rank in ranks:
                e = engine(radius, rank)
                cells.append(f"{num(e['median_ms']) / f2d:.2f}{star(e, f2d_row)}" if e and f2d else "—")
            w(f"| {radius} | " + " | ".join(cells) + " |")
        w("")
        w("Engine rank 1 / sepFilter2D (both separable, same factors): " + ", ".join(
            f"R={radius} {num(engine(radius, 1)['median_ms']) / res.ms('peer', 'opencv', 'sepFilter2D', radius=radius):.2f}"
            for radius in radii
            if 1 in ranks and engine(radius, 1) and res.ms("peer", "opencv", "sepFilter2D", radius=radius)) + ".")
        w("")

    # ---- GEGL driver ------------------------------------------------------
    driver = list(res.find("driver", "lrb_gegl_apply"))
    if driver:
        w("## The GEGL driver: `lrb_gegl_apply` against the raw engine")
        w("")
        w("Same hexagons, same threads; the driver reads and writes a GeglBuffer (\"RGBA float\"), "
          "premultiplies, and builds the result in a temporary buffer that it copies at the end.")
        w("")
        w("| R | rank | engine ms | lrb_gegl_apply ms | overhead ms | overhead ms/MP |")
        w("|---:|---:|---:|---:|---:|---:|")
        for d in driver:
            e = engine(int(d["radius"]), int(d["rank"]))
            d_ms = num(d["median_ms"])
            e_ms = num(e["median_ms"]) if e else None
            over = d_ms - e_ms if e_ms else None
            w(f"| {d['radius']} | {d['rank']} | {fmt(e_ms)}{star(e)} | {fmt(d_ms)}{star(d)} | {fmt(over)} | "
              f"{fmt(over / num(d['mpix']) if over is not None else None, 1)} |")
        w("")

    # ---- Profile ----------------------------------------------------------
    profiled = sorted({(int(r["radius"]), int(r["rank"])) for r in res.find("profile")})
    if profiled:
        w("## Where the time goes (1 thread, `perf record -e cpu-clock`)")
        w("")
        w("Share of the engine worker thread's samples (symbols ≥ 0.5 %; static functions that "
          "the compiler inlined count in their caller). Counted as the 1-D pass: "
          "`lrb_pass_columns*` and `pass_*`. `__memmove_*`/`memcpy` are copies: gathering the "
          "tile and its halo, the image read and write callbacks, and transposes that were not "
          "inlined.")
        w("")
        for radius, rank in profiled:
            prof = sorted(res.find("profile", radius=radius, rank=rank), key=lambda r: -num(r["value"]))
            parts = ", ".join(f"`{r['op']}` {num(r['value']):.1f} %" for r in prof)
            w(f"- R={radius} rank {rank}: {parts}")
        w("")
        if pass_results:
            w("| R | rank | passes' share | pass GFLOP/s (1 thread) | % of 1-thread peak | % of 8-wide 1-thread peak |")
            w("|---:|---:|---:|---:|---:|---:|")
            for radius, rank, share, g in pass_results:
                w(f"| {radius} | {rank} | {pct(share)} | {fmt(g, 1)} | {pct(frac(g, peak_one))} | "
                  f"{pct(frac(g, peak8_one))} |")
            w("")

    # ---- Findings ---------------------------------------------------------
    w("## What this run says")
    w("")
    quiet = lambda r: r and not disturbed_mark(r)
    f2d_rows = [r for r in res.find("peer", "opencv", "filter2D") if quiet(r)]
    if f2d_rows:
        cpu = [num(r["cpu"]) for r in f2d_rows]
        times = ", ".join(f"R={r['radius']} {fmt(num(r['median_ms']))} ms" for r in f2d_rows)
        w(f"- OpenCV's filter2D kept {span(cpu)} cores busy although it was given "
          f"{all_threads} threads, as PERFORMANCE-NOTES.md says of its DFT path (serial over "
          f"tiles): {times}.")
    speedups = []
    for radius in radii:
        for rank in ranks:
            e, s1 = engine(radius, rank), engine(radius, rank, 1)
            if quiet(e) and quiet(s1):
                speedups.append(num(s1["median_ms"]) / num(e["median_ms"]))
    if speedups:
        speedups.sort()
        w(f"- The engine on {all_threads} threads against 1 thread (undisturbed cases): "
          f"{speedups[0]:.2f}× to {speedups[-1]:.2f}×, median {speedups[len(speedups) // 2]:.2f}×.")
    overheads = []
    for d in res.find("driver", "lrb_gegl_apply"):
        e = engine(int(d["radius"]), int(d["rank"]))
        if quiet(d) and quiet(e):
            overheads.append((num(d["median_ms"]) - num(e["median_ms"])) / num(d["mpix"]))
    if overheads:
        overheads.sort()
        w(f"- `lrb_gegl_apply` costs {overheads[len(overheads) // 2]:.1f} ms/MP more than the raw "
          f"engine (median of the undisturbed cases, range {overheads[0]:.1f} to {overheads[-1]:.1f}): "
          "GeglBuffer reads and writes, premultiplication, and the final buffer copy.")
    shares = []
    for radius, rank in sorted({(int(r["radius"]), int(r["rank"])) for r in res.find("profile")}):
        prof = list(res.find("profile", radius=radius, rank=rank))
        passes = sum(num(r["value"]) for r in prof if is_pass_symbol(r["op"]))
        copies = sum(num(r["value"]) for r in prof
                     if "memmove" in r["op"] or "memcpy" in r["op"] or "transpose" in r["op"])
        shares.append(f"R={radius} rank {rank}: passes {passes:.0f} %, copies {copies:.0f} %")
    if shares:
        w("- Where the engine's single thread spends its time (perf): " + "; ".join(shares) +
          ". Copies are the tile gather and the image read/write callbacks (once per tile) and "
          "the transposes (once per term); none of them grows with the kernel, so they weigh "
          "most next to small kernels.")
    w("")

    # ---- Disturbances ------------------------------------------------------
    timed = [r for r in res.rows if num(r.get("median_ms")) is not None]
    disturbed = [r for r in timed if (num(r["other"]) or 0) >= 0.2 or (num(r["steal"]) or 0) >= 0.1]
    w("## Disturbances during this run")
    w("")
    w(f"{len(disturbed)} of {len(timed)} timed cases ran while other processes used ≥ 0.2 cores "
      f"or the hypervisor stole ≥ 0.1 core. run-bench.sh waits for a quiet machine before each "
      f"case and measures a disturbed case again (up to "
      f"{res.get_info('run-bench.sh', 'retries', '?')} times, keeping the least disturbed "
      f"attempt); {res.get_info('run-bench.sh', 'quiet-misses', '?')} step(s) gave up waiting. "
      f"Load average {res.get_info('run-bench.sh', 'load-average')} at the start, "
      f"{res.get_info('run-bench.sh', 'load-average-end')} at the end.")
    if disturbed:
        w("")
        w("| group | case | R | rank | threads | ms | other | steal |")
        w("|---|---|---:|---:|---:|---:|---:|---:|")
        for r in disturbed:
            w(f"| {r['group']} | {r['impl']} {r['op']} | {r['radius']} | {r['rank']} | {r['threads']} | "
              f"{fmt(num(r['median_ms']))} | {r['other']} | {r['steal']} |")
    over = [r for r in engine_rows if frac(gflops(r), peak_all if r["threads"] == str(all_threads) else peak_one)
            and frac(gflops(r), peak_all if r["threads"] == str(all_threads) else peak_one) > 1.0]
    if over:
        w("")
        w(f"{len(over)} engine case(s) show more than 100 % of the peak: the FMA peak measurement "
          "itself was disturbed (or, with several threads, the vCPUs happened to share a core while "
          "it ran); those percentages mean nothing beyond \"close to the peak\".")
    w("")

    # ---- Memory -----------------------------------------------------------
    w("## Memory")
    w("")
    w("Scratch is what `lrb_engine_run` reports in `plan_out` (all worker threads together); it "
      "depends on the kernel size and the tiles, never on the rank or the image size.")
    w("")
    w("| R | kernel | threads | scratch MiB | tiles |")
    w("|---:|---|---:|---:|---|")
    for radius in radii:
        m = res.one("memory", "lrb_engine_run", "scratch", radius=radius, threads=all_threads)
        if m:
            w(f"| {radius} | {m['ksize']}×{m['ksize']} | {m['threads']} | "
              f"{fmt(num(m['value']) / 2**20, 1)} | {m['note']} |")
    w("")
    big = next(res.find("memory", "lrb_tile_plan_compute"), None)
    if big:
        size = big["op"].replace("plan-", "")
        w(f"- {size} RGBA float with a {big['ksize']}×{big['ksize']} kernel at rank {big['rank']}, "
          f"{big['threads']} threads, default limit: **{fmt(num(big['value']) / 2**20, 1)} MiB** "
          f"scratch ({big['note']}).")
    rss = {r["op"]: r for r in res.find("memory", "getrusage")}
    if rss:
        r = rss.get("rss-rise")
        w(f"- Peak RSS of one real run, R={r['radius']} ({r['ksize']}×{r['ksize']}) rank {r['rank']}, "
          f"{r['threads']} threads, fresh process: {fmt(num(rss['rss-before']['value']) / 2**20, 1)} MiB "
          f"before (both images), {fmt(num(rss['rss-after']['value']) / 2**20, 1)} MiB after, "
          f"a rise of **{fmt(num(r['value']) / 2**20, 1)} MiB** ({r['note']}).")
    w("- The 12000×8000 run for real, with every method, and very thin, tiny and refused cases "
      "with their peak RSS: [scale.md](scale.md) (`bench/run-scale.sh`).")
    w("")

    if methods:
        methods_section(methods, w, separate_date)
    nonnegative_section(os.path.join(os.path.dirname(sys.argv[1]), "results-nonnegative.md"), w)
    depth_section(os.path.join(os.path.dirname(sys.argv[2]), "benchmarks-depth.md"), w)
    depth_section(os.path.join(os.path.dirname(sys.argv[2]), "benchmarks-field.md"), w)

    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out))


def nonnegative_section(path, w):
    """The table lrb-bench-nonnegative printed in the same run, if it ran."""
    if not os.path.exists(path):
        return
    w("## Non-negative factors (`lrb-bench-nonnegative`, one core)")
    w("")
    w("Issue targets: factorizing 101×101 at rank 8 in ≤ 20 ms and 201×201 at rank 16 in ≤ 150 ms "
      "on one core; relative error ≤ 1.08× the SVD's at ranks 2, 4, 8, with no tap below zero. "
      "The SVD column is LAPACK's dgesdd of the same kernel, timed alternately with it.")
    w("")
    with open(path) as f:
        for line in f.read().rstrip("\n").split("\n"):
            w(line)
    w("")


def depth_section(path, w):
    """What bench/run-depth.sh (or run-field.sh) last wrote beside the report (its own run)."""
    if not os.path.exists(path):
        return
    with open(path) as f:
        for line in f.read().rstrip("\n").split("\n"):
            w(line)
    w("")


if __name__ == "__main__":
    main()
