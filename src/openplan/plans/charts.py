"""A commitment's progress as data for a server-drawn SVG chart (no script, no library).

The chart shows each progress report in date order as a bar of its percentage; the same data is
given as a table for people who cannot see the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from openplan.plans.models import ProgressUpdate

WIDTH, HEIGHT, GAP = 600, 200, 8


@dataclass(frozen=True)
class Bar:
    update: ProgressUpdate
    x: int
    y: int
    width: int
    height: int


def progress_bars(updates: list[ProgressUpdate]) -> list[Bar]:
    """Bars for the reports that give a percentage, oldest first, scaled to the chart."""
    reported = sorted(
        (u for u in updates if u.percent is not None), key=lambda u: (u.reported_on, u.pk)
    )
    if not reported:
        return []
    width = max(4, (WIDTH - GAP * (len(reported) + 1)) // len(reported))
    bars = []
    for index, update in enumerate(reported):
        height = round(HEIGHT * (update.percent or 0) / 100)
        bars.append(Bar(update, GAP + index * (width + GAP), HEIGHT - height, width, height))
    return bars
