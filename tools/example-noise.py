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
    else:
        sys.exit('unknown mode ' + mode)


main()
