#!/usr/bin/env python3
"""bench-chart.py - draws the ratios of build/bench.json as an SVG bar chart.

Usage: scripts/bench-chart.py [build/bench.json] [docs/bench.svg]
Plain Python (no matplotlib): one horizontal bar per ratio, the target as a
tick, green when the target is met and red when it is not. Lower is better.
"""
import json
import sys
from html import escape

ROW, LEFT, WIDTH, TOP = 34, 250, 420, 46


def bar(y, name, value, target, scale):
    ok = value <= target
    w = max(1.0, min(value, scale) / scale * WIDTH)
    tx = LEFT + min(target, scale) / scale * WIDTH
    color = "#3a9d5d" if ok else "#c8453b"
    return (
        f'<text x="{LEFT - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>\n'
        f'<rect x="{LEFT}" y="{y + 4}" width="{w:.1f}" height="{ROW - 12}" fill="{color}"/>\n'
        f'<line x1="{tx:.1f}" y1="{y}" x2="{tx:.1f}" y2="{y + ROW - 4}" stroke="#222" stroke-width="2"/>\n'
        f'<text x="{LEFT + WIDTH + 8}" y="{y + 16}">{value:.3f} (target {target:.2f})</text>\n'
    )


def chart(data):
    targets = data["targets"]
    names = list(targets)
    scale = max(max(data[n], targets[n]) for n in names) * 1.1
    height = TOP + ROW * len(names) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 190}" height="{height}" '
        'font-family="sans-serif" font-size="12">\n',
        f'<rect width="100%" height="100%" fill="white"/>\n',
        f'<text x="10" y="22" font-size="15" font-weight="bold">wt / raw Wasmtime {escape(data.get("wasmtime", ""))}: '
        "ratios (lower is better; black tick = target)</text>\n",
    ]
    for i, n in enumerate(names):
        parts.append(bar(TOP + i * ROW, n, data[n], targets[n], scale))
    x1 = LEFT + 1.0 / scale * WIDTH
    parts.append(f'<line x1="{x1:.1f}" y1="{TOP - 6}" x2="{x1:.1f}" y2="{height - 24}" stroke="#888" '
                 'stroke-dasharray="4 3"/>\n')
    parts.append(f'<text x="{x1:.1f}" y="{height - 10}" text-anchor="middle" fill="#555">1.0 = raw</text>\n')
    parts.append("</svg>\n")
    return "".join(parts)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "build/bench.json"
    dst = sys.argv[2] if len(sys.argv) > 2 else "docs/bench.svg"
    with open(src) as f:
        data = json.load(f)
    with open(dst, "w") as f:
        f.write(chart(data))
    print(f"wrote {dst}")


if __name__ == "__main__":
    main()
