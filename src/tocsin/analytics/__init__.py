"""Early warning over the event store: series per dyad or actor, coverage, alerts, plots and backtests."""

from __future__ import annotations

from .alerts import DEFAULT_SETTINGS, Alert, AlertKind, AlertSettings, Evidence, active_dyads, alerts, scan
from .plot import plot_series
from .series import (
    DEFAULT_MODALITIES,
    FREQS,
    Coverage,
    Freq,
    SeriesPoint,
    actor_series,
    as_freq,
    coverage,
    dyad_series,
    period_label,
)

__all__ = [
    "DEFAULT_MODALITIES", "DEFAULT_SETTINGS", "FREQS", "Alert", "AlertKind", "AlertSettings", "Coverage",
    "Evidence", "Freq", "SeriesPoint", "active_dyads", "actor_series", "alerts", "as_freq", "coverage",
    "dyad_series", "period_label", "plot_series", "scan",
]
