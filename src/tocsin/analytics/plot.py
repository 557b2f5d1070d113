"""One PNG of a dyad's conflict series with its alerts annotated (matplotlib, files only)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from ..errors import TocsinError
from .alerts import Alert
from .series import Freq, SeriesPoint, period_label


def plot_series(series: Sequence[SeriesPoint], found: Sequence[Alert], path: Path, *, freq: Freq = "week") -> None:
    """One PNG: conflict events per period (verbal quad 3 and material quad 4 stacked), the count per 100
    articles of coverage as a line on a second axis, no-data periods shaded, alerts annotated."""
    try:
        import matplotlib
    except ImportError:
        raise TocsinError("--plot needs matplotlib: pip install matplotlib") from None
    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    if not series:
        raise TocsinError("nothing to plot: the series is empty")
    # periods are drawn at positions 0..n-1 and labelled, which keeps equal widths for months too
    xs = list(range(len(series)))
    q3 = [p.quad3 or 0 for p in series]
    q4 = [p.quad4 or 0 for p in series]
    rate = [math.nan if p.conflict_per_100_articles is None else p.conflict_per_100_articles for p in series]
    fig, ax = plt.subplots(figsize=(11, 5))
    try:
        ax.bar(xs, q4, width=0.8, color="#b2182b", label="material conflict (quad 4)")
        ax.bar(xs, q3, width=0.8, bottom=q4, color="#ef8a62", label="verbal conflict (quad 3)")
        for x, p in zip(xs, series, strict=True):
            if not p.has_data:
                ax.axvspan(x - 0.5, x + 0.5, color="#dddddd", alpha=0.6, lw=0)
        step = max(1, len(xs) // 20)
        ax.set_xticks(xs[::step], [period_label(p.start, freq) for p in series][::step], rotation=45,
                      ha="right")
        ax.set_xlim(-0.6, len(xs) - 0.4)
        ax.set_ylabel("conflict events")
        ax.set_xlabel(f"{freq} starting")
        rate_ax = ax.twinx()
        rate_ax.plot(xs, rate, color="#2166ac", marker=".", label="conflict events per 100 articles")
        rate_ax.set_ylabel("per 100 articles ingested")
        rate_ax.set_ylim(bottom=0)
        position = {p.start: x for x, p in zip(xs, series, strict=True)}
        for alert in found:
            if alert.start not in position:
                continue
            label = f"{alert.kind} x{alert.ratio:.1f}" if math.isfinite(alert.ratio) else alert.kind
            ax.annotate(label,
                        xy=(position[alert.start], alert.count), xytext=(0, 18), textcoords="offset points",
                        ha="center", color="#67001f", arrowprops={"arrowstyle": "->", "color": "#67001f"})
        ax.set_ylim(top=max(a + b for a, b in zip(q3, q4, strict=True)) * 1.25 + 1)
        source, target = series[0].source, series[0].target
        ax.set_title(f"{source} -> {target}: conflict events per {freq} (grey: no data)")
        handles = ax.get_legend_handles_labels()[0] + rate_ax.get_legend_handles_labels()[0]
        ax.legend(handles=handles, loc="upper left")
        fig.tight_layout()
        fig.savefig(path, format="png", dpi=100)
    except OSError as exc:
        raise TocsinError(f"cannot write the plot: {exc.strerror}", path=str(path)) from None
    finally:
        plt.close(fig)

