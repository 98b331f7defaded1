# lowrank-bokeh — the noisy photos of tools/grain-lens-example.sh, with
# Debian's python3 and numpy (python3-skimage brings it) and ImageMagick:
#
#   example-noise.py grainy IN OUT SIGMA SEED   IN (8-bit RGB) plus Gaussian
#                                               noise of SIGMA per channel,
#                                               a 16-bit RGB PNG
#   example-noise.py night IN OUT               IN (grey) at 35 % of its
#                                               level with a white lamp (a
#                                               disc of radius 7 at 380, 100)
#   example-noise.py noisy IN OUT SIGMA SEED    IN (16-bit grey) plus noise
#   example-noise.py street - OUT SEED          a made-up night street, 600 × 400:
#                                               street lamps, lit windows, car
#                                               lights and neon signs as small
#                                               points on a dark ground
#
# SPDX-License-Identifier: GPL-3.0-or-later
import struct
import subprocess
import sys
import zlib

import numpy as np


def chunk(kind, body):
    return (struct.pack('>I', len(body)) + kind + body +
            struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))


def save16(path, values):
    colour = values.ndim == 3
    height, width = values.shape[:2]
    samples = np.clip(values * 65535 + 0.5, 0, 65535).astype('>u2')
    rows = b''.join(b'\0' + samples[y].tobytes() for y in range(height))
    header = struct.pack('>IIBBBBB', width, height, 16, 2 if colour else 0, 0, 0, 0)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) +
                chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))


def load16(path, channels):
    size = subprocess.run(['identify', '-format', '%w %h', path], capture_output=True,
                          check=True).stdout.split()
    width, height = int(size[0]), int(size[1])
    raw = subprocess.run(['convert', path, '-depth', '16',
                          ('rgb:-' if channels == 3 else 'gray:-')],
                         capture_output=True, check=True).stdout
    shape = (height, width, 3) if channels == 3 else (height, width)
    return np.frombuffer(raw, dtype='<u2').reshape(shape) / 65535.0


def encode(linear):
    """Linear light to sRGB's encoding, as a PNG holds it."""
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear,
                    1.055 * np.power(linear, 1 / 2.4) - 0.055)


def street(seed):
    """Points of light, each a few pixels, on a dark blue sky over a darker
    street: what a blurred night background is made of."""
    rng = np.random.default_rng(seed)
    height, width = 400, 600
    y, x = np.mgrid[0:height, 0:width]
    scene = np.zeros((height, width, 3))
    scene[...] = np.array([0.004, 0.006, 0.014]) * (1.2 - y[..., None] / height)
    scene[y > 260] = [0.006, 0.005, 0.004]

    def light(cx, cy, colour, size=1.2):
        spot = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * size ** 2))
        scene[...] = np.maximum(scene, spot[..., None] * np.array(colour))

    # Street lamps along a line toward the vanishing point, sodium orange.
    for k in range(9):
        t = k / 8
        light(40 + 520 * t, 90 + 120 * t, (1.0, 0.55, 0.18), 1.8 - 0.6 * t)
    # Lit windows, warm and dim, in two blocks.
    for cx, cy in rng.uniform((20, 140), (260, 250), (24, 2)):
        light(cx, cy, rng.choice([(0.6, 0.45, 0.25), (0.5, 0.5, 0.45)]) * rng.uniform(0.6, 1.0))
    for cx, cy in rng.uniform((380, 130), (590, 240), (18, 2)):
        light(cx, cy, (0.55, 0.42, 0.3))
    # Cars: red tail lights in pairs, white headlights.
    for cx in (120, 300, 470):
        light(cx, 320, (1.0, 0.08, 0.05))
        light(cx + 14, 320, (1.0, 0.08, 0.05))
    for cx in (210, 520):
        light(cx, 345, (1.0, 0.97, 0.9), 1.6)
        light(cx + 22, 345, (1.0, 0.97, 0.9), 1.6)
    # Neon signs: a few saturated points.
    for cx, cy, colour in ((330, 60, (0.1, 1.0, 0.4)), (360, 70, (1.0, 0.1, 0.8)),
                           (500, 40, (0.2, 0.6, 1.0)), (90, 40, (1.0, 0.2, 0.2))):
        light(cx, cy, colour, 1.5)
    return encode(scene)


def main():
    mode, source, target = sys.argv[1:4]
    if mode == 'grainy':
        sigma, seed = float(sys.argv[4]), int(sys.argv[5])
        photo = load16(source, 3)
        save16(target, photo + np.random.default_rng(seed).normal(0.0, sigma, photo.shape))
    elif mode == 'night':
        night = load16(source, 1) * 0.35
        y, x = np.mgrid[0:night.shape[0], 0:night.shape[1]]
        night[(x - 380) ** 2 + (y - 100) ** 2 <= 49] = 1.0
        save16(target, night)
    elif mode == 'noisy':
        sigma, seed = float(sys.argv[4]), int(sys.argv[5])
        photo = load16(source, 1)
        save16(target, photo + np.random.default_rng(seed).normal(0.0, sigma, photo.shape))
    elif mode == 'street':
        save16(target, street(int(sys.argv[4])))
    else:
        sys.exit('unknown mode ' + mode)


main()
