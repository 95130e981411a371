"""Chart plumbing shared by every report figure: the `Chart` record, the house style, PNG rendering.

Figures are built with matplotlib's object API (`matplotlib.figure.Figure`), never pyplot: no
backend is selected, no window can open, no global figure list grows, and PNGs are rendered by
Agg. Sizes are chosen to read at 1280 px wide: 10 × 4.6 inches at 100 dpi is 1000 × 460 px.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import matplotlib
from matplotlib.figure import Figure

DPI = 100
WIDE = (10.0, 4.6)
"""Default figure size in inches (1000 × 460 px at DPI)."""

STYLE: dict[str, Any] = {
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "supplysim",
}

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


@dataclass
class Chart:
    """One figure of the report: its file stem in plots/, the words around it, and the figure."""

    name: str  # file stem: plots/<name>.png
    title: str  # the figure's heading in the report (also drawn in the image)
    alt: str  # alt text: what the image shows, with its key numbers, for readers who cannot see it
    caption: str  # how to read it and how its numbers are derived
    figure: Figure

    def png(self) -> bytes:
        """The figure as PNG bytes (no timestamp, so the same figure gives the same bytes)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the report's style while figures are built (text properties are read at creation)."""
    with matplotlib.rc_context(cast(Any, STYLE)):
        yield


def new_figure(size: tuple[float, float] = WIDE) -> Figure:
    """A figure that lays itself out (labels never clipped)."""
    return Figure(figsize=size, dpi=DPI, layout="constrained")


def colour(policies: Sequence[str], policy: str) -> str:
    """A policy's colour, the same in every chart."""
    index = list(policies).index(policy) if policy in policies else len(policies)
    return PALETTE[index % len(PALETTE)]


def mpl_text(text: object) -> str:
    """User text made safe for matplotlib: `$` would start mathtext (and can fail to parse)."""
    return str(text).replace("$", r"\$")
