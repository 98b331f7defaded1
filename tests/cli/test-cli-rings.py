#!/usr/bin/python3
# lowrank-bokeh — the "Separate your filters!" ring test on real photos:
# fake HDR gamma 7, rank 4 of a 41×41 hexagon and disc, each compared with
# an independent reference: the exact kernel's direct 2-D convolution in
# double precision (SciPy), in linear light, clamped edges, as DESIGN.md §3.
# The SVD's negative lobes show as dark rings around every highlight;
# non-negative factors must remove them.
# Needs python3-skimage (photos, PNG) and SciPy, as tools/install-deps.sh
# installs.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import ndimage
from skimage import data, io

LRBOKEH = os.environ["LRBOKEH"]
GAMMA = 7.0
# 480 × 320 crops with highlights: a cup's rim and a spoon, a shuttle's
# white suit and sky.
PHOTOS = {"coffee": data.coffee()[40:360, 60:540], "astronaut": data.astronaut()[0:320, 0:480]}
failures = []


def to_linear(srgb):
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def to_srgb(linear):
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def kernel_of(shape):
    """The exact kernel, rebuilt from its full-rank factors."""
    out = subprocess.run([LRBOKEH, "factors", "--shape", shape, "--radius", "20", "--rank",
                          "full", "--format", "json"], check=True, capture_output=True).stdout
    f = json.loads(out)
    return np.clip(np.array(f["vertical"]).T @ np.array(f["horizontal"]), 0, None)


def reference(pixels, kernel):
    hdr = to_linear(pixels / 255.0) ** GAMMA
    out = np.stack([ndimage.convolve(hdr[..., c], kernel, mode="nearest") for c in range(3)], -1)
    return 255.0 * to_srgb(np.clip(out, 0, None) ** (1 / GAMMA))


def apply(src, dst, shape, *flags):
    subprocess.run([LRBOKEH, "apply", src, dst, "--shape", shape, "--radius", "20",
                    "--gamma", str(GAMMA), *flags], check=True, stderr=subprocess.DEVNULL)
    out = io.imread(dst)
    return out.astype(float)[..., :3] / (257.0 if out.dtype == np.uint16 else 1.0)


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


with tempfile.TemporaryDirectory() as tmp:
    for name, pixels in PHOTOS.items():
        src = os.path.join(tmp, name + ".png")
        io.imsave(src, pixels, check_contrast=False)
        for shape in ("hexagon", "disc"):
            exact = reference(pixels.astype(float), kernel_of(shape))
            stats = {}
            for kind in ("svd", "nonnegative"):
                out = apply(src, os.path.join(tmp, kind + ".png"), shape, "--rank", "4",
                            "--factorization", kind)
                darker = (exact - out).max(axis=2)
                stats[kind] = ((darker > 4).sum(), darker.max(), np.abs(exact - out).mean())
                print("%s %s %-11s %6d pixels > 4/255 darker than exact, darkest %5.1f/255, "
                      "mean |error| %.3f/255" % (name, shape, kind, *stats[kind]))
            svd, nn = stats["svd"], stats["nonnegative"]
            what = "%s %s: " % (name, shape)
            check(svd[0] > 1000, what + "the SVD's rank 4 rings (the test means something)")
            # The SVD's rings reach 150/255; what non-negative rank 4 leaves is
            # the softer rim of a bokeh shape, ≤ 14/255 on one pixel in these
            # crops (docs/nonnegative.md).
            check(20 * nn[0] < svd[0], what + "20× fewer pixels > 4/255 darker than exact")
            check(nn[1] <= 16, what + "no pixel more than 16/255 darker than exact")
            check(nn[2] <= 0.6 * svd[2], what + "mean error at most 0.6× the SVD's")

sys.exit(1 if failures else 0)
