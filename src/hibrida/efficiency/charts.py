"""Inline SVG charts for the PDF report (Chart.js does not run inside WeasyPrint). Pure."""

from __future__ import annotations

from html import escape

from hibrida.numbers import angka


def forest_svg(rows: list[dict], *, width: int = 640, row_height: int = 26) -> str:
    """Horizontal interval chart: each row {"label", "estimate", "low", "high"}; zero line."""
    rows = [r for r in rows if r.get("estimate") is not None]
    if not rows:
        return ""
    label_w, pad = 250, 16
    lo = min(min(r["low"] for r in rows), 0.0)
    hi = max(max(r["high"] for r in rows), 0.0)
    span = (hi - lo) or 1.0
    lo, hi = lo - 0.08 * span, hi + 0.08 * span
    plot_w = width - label_w - 2 * pad
    height = row_height * len(rows) + 40

    def x(v: float) -> float:
        return label_w + pad + (v - lo) / (hi - lo) * plot_w

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<line x1="{x(0):.1f}" y1="8" x2="{x(0):.1f}" y2="{height - 24}" stroke="#888" '
        'stroke-dasharray="3,3"/>',
    ]
    for i, r in enumerate(rows):
        y = 20 + i * row_height
        colour = "#0b5d3b" if r["low"] > 0 else ("#b91c1c" if r["high"] < 0 else "#555")
        parts.append(f'<text x="4" y="{y + 4}">{escape(r["label"])}</text>')
        parts.append(
            f'<line x1="{x(r["low"]):.1f}" y1="{y}" x2="{x(r["high"]):.1f}" y2="{y}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(f'<circle cx="{x(r["estimate"]):.1f}" cy="{y}" r="4" fill="{colour}"/>')
        parts.append(
            f'<text x="{width - 4}" y="{y + 4}" text-anchor="end">'
            f"{angka(r['estimate'], 2, sign=True)}</text>"
        )
    for v in (lo, 0.0, hi):
        parts.append(
            f'<text x="{x(v):.1f}" y="{height - 8}" text-anchor="middle">{angka(v)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def lines_svg(
    series: dict[str, list[float | None]], labels: list[str], *, width: int = 640, height: int = 200
) -> str:
    """A small line chart: ``series`` name -> values per label (None = gap)."""
    values = [v for vs in series.values() for v in vs if v is not None]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    lo, hi = lo - 0.1 * span, hi + 0.1 * span
    left, right, top, bottom = 50, 130, 12, 28
    colours = ["#0b5d3b", "#b45309", "#1d4ed8", "#7c3aed"]

    def x(i: int) -> float:
        return left + i * (width - left - right) / max(len(labels) - 1, 1)

    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'stroke="#888"/>',
    ]
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>'
        )
    for v in (lo, hi):
        parts.append(f'<text x="4" y="{y(v) + 4:.1f}">{angka(v)}</text>')
    for k, (name, vs) in enumerate(series.items()):
        colour = colours[k % len(colours)]
        points = [(x(i), y(v)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        parts.append(
            f'<text x="{width - right + 8}" y="{top + 14 * k + 8}" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


HIDDEN_COLOUR = "#d4d4d4"


def shares_svg(rows: list[dict], colours: dict[str, str], *, row_height: int = 13) -> str:
    """One 100 % stacked bar per row: each row {"label", "total", "parts": [(key, n)],
    "hidden": n}; ``hidden`` (people in suppressed cells) is one grey segment, so no suppressed
    cell gets a width of its own. A row with no total (suppressed group) shows only a dash."""
    if not rows:
        return ""
    width, label_w, right = 420, 120, 4
    plot_w = width - label_w - right
    height = row_height * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="shares-chart" width="100%" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10" role="img">'
    ]
    for i, r in enumerate(rows):
        y = 2 + i * row_height
        label = r["label"] if len(r["label"]) <= 22 else r["label"][:21] + "…"
        parts.append(f'<text x="0" y="{y + row_height - 3}">{escape(label)}</text>')
        total = r.get("total")
        if not total:
            parts.append(
                f'<text x="{label_w}" y="{y + row_height - 3}" fill="#555">disembunyikan</text>'
            )
            continue
        x = float(label_w)
        segments = [(k, n, colours.get(k, "#555")) for k, n in r["parts"] if n]
        if r.get("hidden"):
            segments.append(("", r["hidden"], HIDDEN_COLOUR))
        for _key, n, colour in segments:
            w = plot_w * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_height - 4}" '
                f'fill="{colour}"/>'
            )
            x += w
    parts.append("</svg>")
    return "".join(parts)
