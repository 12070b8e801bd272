"""Fail on a blank or broken screenshot: `python scripts/check_png.py out/review.png [--expect RRGGBB]...`.

A page that did not render is one colour (white, or the grey of an error page);
one that rendered without its style has no highlight colour. This reads the PNG
with the standard library only (8-bit greyscale, RGB or RGBA, not interlaced: what
Chromium writes) and checks that it has many colours, a fair share of non-background
pixels, and each `--expect` colour (within a small tolerance).
"""

from __future__ import annotations

import argparse
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

CHANNELS = {0: 1, 2: 3, 6: 4}  # colour type → samples per pixel


def read_png(path: Path) -> tuple[int, int, list[tuple[int, ...]]]:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    pixels: list[tuple[int, ...]] = []
    prev = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        pixels += [tuple(line[i : i + min(bpp, 3)]) for i in range(0, stride, bpp)]
        prev = line
    return width, height, pixels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("png", type=Path)
    ap.add_argument("--expect", action="append", default=[], metavar="RRGGBB", help="a colour that must appear")
    ap.add_argument("--min-colours", type=int, default=16)
    ap.add_argument("--min-ink", type=float, default=0.01, help="share of pixels unlike the background")
    args = ap.parse_args()
    try:
        width, height, pixels = read_png(args.png)
    except (OSError, ValueError, zlib.error) as e:
        print(f"check_png: {args.png}: {e}", file=sys.stderr)
        return 1
    counts = Counter(pixels)
    background, bg_count = counts.most_common(1)[0]
    ink = 1 - bg_count / len(pixels)
    problems = []
    if len(counts) < args.min_colours:
        problems.append(f"only {len(counts)} colour(s): a blank or broken render")
    if ink < args.min_ink:
        problems.append(f"only {ink:.2%} of pixels differ from the background: nearly blank")
    for hexa in args.expect:
        want = tuple(int(hexa[i : i + 2], 16) for i in (0, 2, 4))
        hits = sum(n for px, n in counts.items() if all(abs(x - y) <= 6 for x, y in zip(px, want, strict=False)))
        if hits < 50:
            problems.append(f"colour #{hexa} (expected from the page's style) is missing: the style did not apply")
    print(
        f"check_png: {args.png}: {width}x{height}, {len(counts)} colours, background "
        f"#{''.join(f'{x:02x}' for x in background[:3])}, {ink:.1%} ink"
    )
    for p in problems:
        print(f"check_png: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
