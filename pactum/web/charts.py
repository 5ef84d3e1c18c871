"""Bar charts laid out on the server, drawn as SVG by a template: no chart script in the browser."""

from __future__ import annotations

from dataclasses import dataclass, field

PALETTE = ["#1f6feb", "#2da44e", "#bf3989", "#d4a72c", "#8250df", "#cf222e", "#0a7c86", "#6e7781"]
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    total: int = 0


def _nice_top(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def stacked_bars(labels: list[str], series: dict[str, list[int]]) -> Chart:
    """One bar per label, stacked by series (e.g. requests per week, by type)."""
    chart = Chart()
    sums = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    top = _nice_top(max(sums, default=0) or 1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    for index, label in enumerate(labels):
        x = LEFT + index * slot + slot * 0.18
        y = float(HEIGHT - BOTTOM)
        for name, values in series.items():
            count = values[index]
            if not count:
                continue
            height = plot_height * count / top
            y -= height
            chart.bars.append(
                Bar(x, y, slot * 0.64, height, colors[name], f"{label}: {count} {name}")
            )
        if index % max(1, len(labels) // 12) == 0:
            chart.x_labels.append((LEFT + index * slot + slot / 2, label))
    chart.y_ticks = [(HEIGHT - BOTTOM - plot_height * k / 4, str(top * k // 4)) for k in range(5)]
    chart.legend = [(name, colors[name]) for name in series if any(series[name])]
    chart.total = sum(sums)
    return chart


def bars(labels: list[str], counts: list[int], color: str = PALETTE[0]) -> Chart:
    """A plain bar chart (e.g. how many requests closed in 0-1, 1-3, ... days)."""
    chart = stacked_bars(labels, {"requests": counts})
    chart.bars = [Bar(b.x, b.y, b.width, b.height, color, b.title) for b in chart.bars]
    chart.x_labels = [
        (LEFT + (i + 0.5) * (WIDTH - LEFT - RIGHT) / max(1, len(labels)), label)
        for i, label in enumerate(labels)
    ]
    chart.legend = []
    return chart
