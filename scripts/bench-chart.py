#!/usr/bin/env python3
"""bench-chart.py - draws the ratios of build/bench.json as an SVG bar chart.

Usage: scripts/bench-chart.py [build/bench.json] [build/bench.svg]
Plain Python (no matplotlib): one horizontal bar per ratio with a target,
the target as a tick, green when the target is met and red when it is not,
and a thin line over the ratio's spread (its smallest to largest over the
repetitions, "spread" in the JSON). Lower is better. `make bench` draws
build/bench.svg; `make bench-chart` refreshes the documented docs/bench.svg.
"""
import json
import sys
from html import escape

ROW, LEFT, WIDTH, TOP = 34, 250, 420, 46


def bar(y, name, value, target, scale, spread=None):
    ok = value <= target
    w = max(1.0, min(value, scale) / scale * WIDTH)
    tx = LEFT + min(target, scale) / scale * WIDTH
    color = "#3a9d5d" if ok else "#c8453b"
    whisker = ""
    if spread:
        x0, x1 = (LEFT + min(v, scale) / scale * WIDTH for v in spread)
        ym = y + 4 + (ROW - 12) / 2
        whisker = (f'<line x1="{x0:.1f}" y1="{ym:.1f}" x2="{x1:.1f}" y2="{ym:.1f}" stroke="#222" stroke-width="1"/>\n'
                   f'<line x1="{x0:.1f}" y1="{ym - 4:.1f}" x2="{x0:.1f}" y2="{ym + 4:.1f}" stroke="#222"/>\n'
                   f'<line x1="{x1:.1f}" y1="{ym - 4:.1f}" x2="{x1:.1f}" y2="{ym + 4:.1f}" stroke="#222"/>\n')
    text = f"{value:.3f} (target {target:.2f})"
    if spread:
        text = f"{value:.3f} ({spread[0]:.3g}..{spread[1]:.3g}; target {target:.2f})"
    return (
        f'<text x="{LEFT - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>\n'
        f'<rect x="{LEFT}" y="{y + 4}" width="{w:.1f}" height="{ROW - 12}" fill="{color}"/>\n'
        + whisker +
        f'<line x1="{tx:.1f}" y1="{y}" x2="{tx:.1f}" y2="{y + ROW - 4}" stroke="#222" stroke-width="2"/>\n'
        f'<text x="{LEFT + WIDTH + 8}" y="{y + 16}">{escape(text)}</text>\n'
    )


def chart(data):
    targets = data["targets"]
    names = list(targets)
    spreads = data.get("spread", {})
    scale = max(max(data[n], targets[n]) for n in names) * 1.1
    height = TOP + ROW * len(names) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 250}" height="{height}" '
        'font-family="sans-serif" font-size="12">\n',
        f'<rect width="100%" height="100%" fill="white"/>\n',
        f'<text x="10" y="22" font-size="15" font-weight="bold">wt / raw Wasmtime {escape(data.get("wasmtime", ""))}: '
        "ratios (lower is better; black tick = target, thin line = spread over repetitions)</text>\n",
    ]
    for i, n in enumerate(names):
        parts.append(bar(TOP + i * ROW, n, data[n], targets[n], scale, spreads.get(n)))
    x1 = LEFT + 1.0 / scale * WIDTH
    parts.append(f'<line x1="{x1:.1f}" y1="{TOP - 6}" x2="{x1:.1f}" y2="{height - 24}" stroke="#888" '
                 'stroke-dasharray="4 3"/>\n')
    parts.append(f'<text x="{x1:.1f}" y="{height - 10}" text-anchor="middle" fill="#555">1.0 = raw</text>\n')
    parts.append("</svg>\n")
    return "".join(parts)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "build/bench.json"
    dst = sys.argv[2] if len(sys.argv) > 2 else "build/bench.svg"
    with open(src) as f:
        data = json.load(f)
    if not data.get("targets"):  # e.g. WT_BENCH_ONLY of sections without targets
        print(f"bench-chart: no ratio with a target in {src}; no chart written")
        return
    with open(dst, "w") as f:
        f.write(chart(data))
    print(f"wrote {dst}")


if __name__ == "__main__":
    main()
