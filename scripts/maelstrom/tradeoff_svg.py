#!/usr/bin/env python3
"""Draws the broadcast trade-off curve as a self-contained SVG: msgs-per-op
(log scale) against stable latency, one marker for the median and one for
the maximum of each setting, joined by a bar, labelled with the setting.

Usage: tradeoff_svg.py results/broadcast-tradeoff.json results/broadcast-tradeoff.svg
The JSON is {"points": [{"setting", "msgs_per_op", "median_ms", "max_ms", ...}]}.
"""
import json
import math
import sys

W, H = 860, 540
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 40, 60


def main():
    data = json.load(open(sys.argv[1]))
    points = sorted(data["points"], key=lambda p: p["msgs_per_op"])
    x_lo, x_hi = 0.4, 40.0
    y_hi = max(1100, max(p["max_ms"] for p in points) * 1.1)

    def x(v):
        return LEFT + (math.log10(v) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo)) * (W - LEFT - RIGHT)

    def y(v):
        return H - BOTTOM - v / y_hi * (H - TOP - BOTTOM)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{data.get("title", "broadcast trade-off")}</text>']
    # Target regions of the brief: latency-first and message-first.
    for name, mpo, med, mx, colour in [("latency-first target", 12.5, 120, 200, "#d8ecff"),
                                        ("message-first target", 1.0, 700, 1000, "#e4f7dc")]:
        out.append(f'<rect x="{x(x_lo)}" y="{y(mx)}" width="{x(mpo) - x(x_lo)}" height="{y(0) - y(mx)}" '
                   f'fill="{colour}" opacity="0.6"/>')
        out.append(f'<text x="{x(mpo) - 4}" y="{y(mx) + 12}" text-anchor="end" fill="#557">{name} '
                   f'(msgs/op &lt;= {mpo}, median &lt;= {med}, max &lt;= {mx})</text>')
    # Axes, ticks and grid.
    out.append(f'<line x1="{LEFT}" y1="{y(0)}" x2="{W - RIGHT}" y2="{y(0)}" stroke="black"/>')
    out.append(f'<line x1="{LEFT}" y1="{y(0)}" x2="{LEFT}" y2="{TOP}" stroke="black"/>')
    for v in [0.5, 1, 2, 5, 10, 20]:
        out.append(f'<line x1="{x(v)}" y1="{y(0)}" x2="{x(v)}" y2="{TOP}" stroke="#ddd"/>')
        out.append(f'<text x="{x(v)}" y="{y(0) + 15}" text-anchor="middle">{v}</text>')
    for v in range(0, int(y_hi) + 1, 200):
        out.append(f'<line x1="{LEFT}" y1="{y(v)}" x2="{W - RIGHT}" y2="{y(v)}" stroke="#eee"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4}" text-anchor="end">{v}</text>')
    out.append(f'<text x="{W / 2}" y="{H - 20}" text-anchor="middle">msgs-per-op (:net :servers, log scale)</text>')
    out.append(f'<text x="18" y="{H / 2}" text-anchor="middle" transform="rotate(-90 18 {H / 2})">'
               'stable latency, ms</text>')
    # Points.
    for i, p in enumerate(points):
        px, ymed, ymax = x(p["msgs_per_op"]), y(p["median_ms"]), y(p["max_ms"])
        colour = "#1f77b4" if p["setting"].startswith("fanout") else "#2ca02c"
        out.append(f'<line x1="{px}" y1="{ymed}" x2="{px}" y2="{ymax}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<circle cx="{px}" cy="{ymed}" r="4" fill="{colour}"/>')
        out.append(f'<rect x="{px - 4}" y="{ymax - 4}" width="8" height="8" fill="none" stroke="{colour}" stroke-width="2"/>')
        dy = -8 if i % 2 == 0 else 14
        out.append(f'<text x="{px + 6}" y="{ymax + dy}" fill="{colour}">{p["setting"]}</text>')
    out.append(f'<circle cx="{W - 200}" cy="{TOP + 10}" r="4" fill="#444"/><text x="{W - 190}" y="{TOP + 14}">median</text>')
    out.append(f'<rect x="{W - 204}" y="{TOP + 22}" width="8" height="8" fill="none" stroke="#444" stroke-width="2"/>'
               f'<text x="{W - 190}" y="{TOP + 30}">max</text>')
    out.append(f'<text x="{W - 140}" y="{TOP + 14}" fill="#1f77b4">fanout</text>'
               f'<text x="{W - 140}" y="{TOP + 30}" fill="#2ca02c">tree</text>')
    out.append('</svg>')
    open(sys.argv[2], "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
