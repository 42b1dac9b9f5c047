"""A line chart of indicator values as inline SVG, computed here and drawn by a template.

No JavaScript and no external asset: the page carries the drawing itself.
"""

from __future__ import annotations

from decimal import Decimal

from cchc.periods import Period

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
COLORS = ["#0b5cad", "#a31d1d", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"]


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart(
    periods: list[Period],
    series: list[tuple[str, dict[Period, Decimal]]],
    target: Decimal | None = None,
    percent: bool = False,
) -> dict | None:
    """Coordinates of a chart with one line per ``(label, {period: value})`` and a target line.

    The y axis runs from 0 to the largest value or target (100 for percentages
    unless a value exceeds it). Returns None when there is nothing to draw.
    """
    if not periods or not any(values for _label, values in series):
        return None
    top = max([v for _label, values in series for v in values.values()] + [target or 0])
    if percent:
        top = max(top, Decimal(100))
    top = top or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = Decimal(plot_w) / max(len(periods) - 1, 1)

    def x(index: int) -> float:
        return float(LEFT + step * index) if len(periods) > 1 else LEFT + plot_w / 2

    def y(value: Decimal) -> float:
        return float(TOP + plot_h - Decimal(plot_h) * value / top)

    index = {period: i for i, period in enumerate(periods)}
    lines = []
    for number, (label, values) in enumerate(series):
        dots = [
            {"x": x(index[p]), "y": y(v), "title": f"{label} · {p.label}: {_fmt(v)}"}
            for p, v in sorted(values.items())
            if p in index
        ]
        lines.append(
            {
                "label": label,
                "color": COLORS[number % len(COLORS)],
                "points": " ".join(f"{d['x']:.1f},{d['y']:.1f}" for d in dots),
                "dots": dots,
            }
        )
    every = max(1, len(periods) // 8)  # at most about eight period labels
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + plot_h,
        "label_y": HEIGHT - BOTTOM + 18,
        "ticks": [{"y": y(top * k / 4), "label": _fmt(top * k / 4)} for k in range(5)],
        "labels": [{"x": x(i), "text": p.label} for i, p in enumerate(periods) if i % every == 0],
        "target_y": y(target) if target is not None else None,
        "target_label": _fmt(target) if target is not None else "",
        "lines": lines,
    }
