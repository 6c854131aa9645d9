#!/usr/bin/env python3
"""A flame graph (SVG) from `perf script` output, written here rather than fetched: Debian has
no flame graph package, and nothing is downloaded at build or run time.

    perf script -i perf.data | bench/flamegraph.py --title "GET /healthz" > healthz.svg

Stacks are folded (root first, one line per distinct stack with its sample count; also written
with --folded FILE), then drawn: each frame a box as wide as its share of the samples, callers
below callees, the widest at the bottom. Hovering shows the frame, its samples and its share.
"""
import argparse
import html
import re
import sys
from collections import defaultdict

WIDTH = 1200
ROW = 16
MIN_WIDTH = 0.3  # pixels: narrower frames are left out


def fold(lines):
    """Folded stacks from perf script's text: one block per sample, a header line then one
    line per frame (innermost first), then a blank line."""
    stacks = defaultdict(int)
    frames = []
    header = None
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if header is not None and frames:
                stacks[";".join([header] + list(reversed(frames)))] += 1
            header, frames = None, []
            continue
        if header is None:
            header = line.split()[0] if line.split() else "?"  # the thread's name
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        symbol = re.sub(r"\+0x[0-9a-f]+$", "", parts[1].split(" (")[0])
        if symbol == "[unknown]":
            symbol = parts[1].split(" (")[-1].rstrip(")").split("/")[-1]
        frames.append(simplify(symbol))
    if header is not None and frames:
        stacks[";".join([header] + list(reversed(frames)))] += 1
    return stacks


def simplify(symbol):
    """Template arguments and parameter lists make C++ names unreadable in a box."""
    out, depth = [], 0
    for c in symbol:
        if c == "<":
            depth += 1
            if depth == 1:
                out.append("<…>")
            continue
        if c == ">" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(c)
    name = "".join(out)
    return re.sub(r"\(.*\)( const)?$", "", name) or symbol


def tree(stacks):
    root = {"name": "all", "value": 0, "children": {}}
    for stack, count in stacks.items():
        node = root
        root["value"] += count
        for frame in stack.split(";"):
            node = node["children"].setdefault(frame, {"name": frame, "value": 0, "children": {}})
            node["value"] += count
    return root


def colour(name):
    h = sum(ord(c) for c in name)
    return f"rgb({205 + h % 50},{80 + h % 120},{40 + h % 40})"


def draw(root, title):
    boxes = []
    depth_max = 0

    def walk(node, x, depth):
        nonlocal depth_max
        width = node["value"] / root["value"] * (WIDTH - 20)
        if width < MIN_WIDTH:
            return
        depth_max = max(depth_max, depth)
        boxes.append((node, x, depth, width))
        child_x = x
        for child in sorted(node["children"].values(), key=lambda n: n["name"]):
            walk(child, child_x, depth + 1)
            child_x += child["value"] / root["value"] * (WIDTH - 20)

    walk(root, 10, 0)
    height = (depth_max + 1) * ROW + 50
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="monospace" font-size="11">',
        f'<rect width="100%" height="100%" fill="#fdfdf6"/>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15">{html.escape(title)}</text>',
    ]
    for node, x, depth, width in boxes:
        y = height - 10 - (depth + 1) * ROW
        share = 100 * node["value"] / root["value"]
        label = html.escape(node["name"])
        out.append(
            f'<g><title>{label} ({node["value"]} samples, {share:.2f}%)</title>'
            f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{ROW - 1}" '
            f'fill="{colour(node["name"])}" rx="2"/>'
        )
        chars = int(width / 7)
        if chars >= 3:
            text = node["name"] if len(node["name"]) <= chars else node["name"][: chars - 1] + "…"
            out.append(f'<text x="{x + 3:.2f}" y="{y + ROW - 4}">{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", default="Flame graph")
    parser.add_argument("--folded", help="also write the folded stacks here")
    args = parser.parse_args()
    stacks = fold(sys.stdin)
    if not stacks:
        sys.exit("no samples in the input (perf script output expected)")
    if args.folded:
        with open(args.folded, "w") as f:
            for stack, count in sorted(stacks.items(), key=lambda kv: -kv[1]):
                f.write(f"{stack} {count}\n")
    sys.stdout.write(draw(tree(stacks), args.title))


if __name__ == "__main__":
    main()
