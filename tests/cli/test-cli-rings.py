#!/usr/bin/python3
# lowrank-bokeh — the "Separate your filters!" ring test on real photos:
# fake HDR gamma 7, rank 4 of a 41×41 hexagon and disc, against the exact
# kernel's result.  The SVD's negative lobes show as dark rings around every
# highlight; non-negative factors must remove them.
#   A ring pixel is darker than the darkest exact pixel within 2 px of it by
#   more than 4/255 (a 2-px tolerance, so that the softer rim of a rank-4
#   bokeh disc does not count as a ring).
# Needs python3-skimage (photos and PNG reading) and SciPy, as CI installs.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.ndimage import minimum_filter
from skimage import data, io

LRBOKEH = os.environ["LRBOKEH"]
PHOTOS = {"coffee": data.coffee(), "astronaut": data.astronaut()}
failures = []


def apply(src, dst, shape, *flags):
    subprocess.run([LRBOKEH, "apply", src, dst, "--shape", shape, "--radius", "20",
                    "--gamma", "7", *flags], check=True, stderr=subprocess.DEVNULL)
    return io.imread(dst).astype(float)[..., :3]


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


with tempfile.TemporaryDirectory() as tmp:
    for name, pixels in PHOTOS.items():
        src = os.path.join(tmp, name + ".png")
        io.imsave(src, pixels, check_contrast=False)
        for shape in ("hexagon", "disc"):
            exact = apply(src, os.path.join(tmp, "exact.png"), shape, "--exact")
            floor = np.stack([minimum_filter(exact[..., c], size=5) for c in range(3)], -1)
            stats = {}
            for kind in ("svd", "nonnegative"):
                out = apply(src, os.path.join(tmp, kind + ".png"), shape, "--rank", "4",
                            "--factorization", kind)
                darker = (floor - out).max(axis=2)
                stats[kind] = ((darker > 4).sum(), darker.max(), np.abs(exact - out).mean())
                print("%s %s %-11s ring pixels %6d, darkest %5.1f/255, mean |error| %.3f/255"
                      % (name, shape, kind, *stats[kind]))
            svd, nn = stats["svd"], stats["nonnegative"]
            what = "%s %s: " % (name, shape)
            check(svd[0] > 1000, what + "the SVD's rank 4 rings (the test means something)")
            check(nn[0] * 3 < svd[0], what + "at least 3× fewer ring pixels")
            check(nn[1] < 0.6 * svd[1], what + "the darkest ring at most 0.6× as dark")
            check(nn[2] < 0.9 * svd[2], what + "a lower mean error")

sys.exit(1 if failures else 0)
