#!/usr/bin/env python3
"""Draws the app icons of the web app manifest as PNG files, with the standard library only.

    python3 frontend/public/make-icons.py    # writes icon-192.png, icon-512.png, icon-maskable-512.png

The mark: a white arrow that arcs over a line (a setting carried over) on the theme colour.
`icon-*` are rounded squares on a transparent ground; the maskable one fills its square and
keeps the mark inside the central circle of 40 % radius that every mask leaves visible.
"""

import math
import os
import struct
import zlib

THEME = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)
HERE = os.path.dirname(os.path.abspath(__file__))


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def tri_inside(px, py, a, b, c):
    def side(p, q, r):
        return (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1])

    d1, d2, d3 = side((px, py), a, b), side((px, py), b, c), side((px, py), c, a)
    neg = d1 < 0 or d2 < 0 or d3 < 0
    pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (neg and pos)


def mark_dist(x, y):
    """Signed distance (negative inside) to the mark, in mark units (it spans about ±0.45)."""
    y += 0.095  # centre the mark's box
    # The arc: the upper half of a ring around (0, 0.12), radius 0.30, 0.09 thick.
    cx, cy, r, half = 0.0, 0.12, 0.30, 0.045
    arc = max(abs(math.hypot(x - cx, y - cy) - r) - half, y - cy)
    # The arrowhead on the right end, pointing down.
    head = (cx + r - 0.13, cy - 0.01), (cx + r + 0.13, cy - 0.01), (cx + r, cy + 0.17)
    if tri_inside(x, y, *head):
        tri = -0.01
    else:
        tri = min(seg_dist(x, y, *head[i], *head[(i + 1) % 3]) for i in range(3))
    # The line it carries over.
    line = seg_dist(x, y, -0.40, 0.38, 0.40, 0.38) - 0.035
    return min(arc, tri, line)


def rounded_square_dist(x, y, half, radius):
    qx, qy = abs(x) - (half - radius), abs(y) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def render(size, maskable):
    scale = 0.70 if maskable else 0.82  # mark units per icon width
    px = 1.0 / size  # one pixel in icon units (the icon spans -0.5 … 0.5)
    rows = []
    for j in range(size):
        y = (j + 0.5) / size - 0.5
        row = bytearray([0])  # filter: none (set per row below)
        for i in range(size):
            x = (i + 0.5) / size - 0.5
            if maskable:
                ground = 1.0
            else:
                ground = min(1.0, max(0.0, 0.5 - rounded_square_dist(x, y, 0.5, 0.11) / px))
            ink = min(1.0, max(0.0, 0.5 - mark_dist(x / scale, y / scale) * scale / px))
            rgb = [round(t + (w - t) * ink) for t, w in zip(THEME, WHITE)]
            row += bytes(rgb + [round(255 * ground)])
        rows.append(bytes(row))
    return png(size, filtered(rows, 4))


def filtered(rows, bpp):
    """Each row with the PNG filter (None, Sub, Up, Paeth) that makes it smallest."""
    out, prev = [], bytes(len(rows[0]) - 1)
    for row in rows:
        raw = row[1:]
        candidates = []
        for kind in range(5):
            f = bytearray()
            for k, v in enumerate(raw):
                a = raw[k - bpp] if k >= bpp else 0
                b = prev[k]
                c = prev[k - bpp] if k >= bpp else 0
                if kind == 0:
                    p = 0
                elif kind == 1:
                    p = a
                elif kind == 2:
                    p = b
                elif kind == 3:
                    p = (a + b) // 2
                else:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                f.append((v - p) & 0xFF)
            candidates.append((sum(min(v, 256 - v) for v in f), kind, f))
        _, kind, f = min(candidates)
        out.append(bytes([kind]) + bytes(f))
        prev = raw
    return b"".join(out)


def png(size, data):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(data, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ]:
        path = os.path.join(HERE, name)
        with open(path, "wb") as f:
            f.write(render(size, maskable))
        print(f"{name}: {os.path.getsize(path)} bytes")
