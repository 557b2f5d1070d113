"""Escalation alerts: which periods of a dyad's series stand out against what came before, and why.

Two indicators read each period's conflict count (CAMEO quad classes 3 + 4, verbal plus material conflict,
counted in events, not Goldstein mass) against a baseline built only from *earlier* periods, so the alerts
of a series cut at any period are exactly those of the full series up to it (no look-ahead):

* surge: the count is a multiple of the exponentially decayed baseline, or many standard deviations above
  it: a sudden jump.
* shift: a one-sided CUSUM of the standardised excess over the baseline crosses a threshold: a sustained
  rise that no single period makes obvious (the change point is where the cumulative excess began).

An alert names its dyad, period, size (count, baseline, ratio, z) and kind, and quotes the events behind it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..store import Store
from .series import DEFAULT_MODALITIES, Freq, SeriesPoint, _conditions, _query, dyad_series

AlertKind = Literal["surge", "shift"]


@dataclass(frozen=True)
class AlertSettings:
    """Alert thresholds. The defaults and the reasons for them:

    baseline_periods 8   two months of weeks: long enough to smooth noise, short enough to follow a new normal
    min_history      2   earlier periods with data needed before a baseline means anything
    min_events       3   fewer conflict events never alert, whatever the ratio (1 -> 2 is not a surge)
    surge_ratio      2.0 a surge is at least twice the baseline ...
    z_threshold      2.0 ... or two (floored) standard deviations above it
    decay            0.8 the period k steps back weighs decay ** (k - 1): recent history counts most
    cusum_slack      0.5 standardised excess a period must exceed to add to the CUSUM (half a sd: ordinary
                         noise drains it)
    cusum_threshold  4.0 CUSUM level that signals a shift (about 4 periods at 1.5 sd above the baseline)
    evidence         5   events quoted per alert
    """

    baseline_periods: int = 8
    min_history: int = 2
    min_events: int = 3
    surge_ratio: float = 2.0
    z_threshold: float = 2.0
    decay: float = 0.8
    cusum_slack: float = 0.5
    cusum_threshold: float = 4.0
    evidence: int = 5

    def __post_init__(self) -> None:
        if self.baseline_periods < 1 or self.min_history < 1 or self.min_events < 0 or self.evidence < 0:
            raise ValueError("baseline_periods and min_history must be >= 1, min_events and evidence >= 0")
        if not 0.0 < self.decay <= 1.0:
            raise ValueError(f"decay must be in (0, 1], got {self.decay}")
        if self.surge_ratio <= 0 or self.z_threshold <= 0 or self.cusum_slack < 0 or self.cusum_threshold <= 0:
            raise ValueError("surge_ratio, z_threshold and cusum_threshold must be > 0, cusum_slack >= 0")


DEFAULT_SETTINGS = AlertSettings()


@dataclass(frozen=True)
class Evidence:
    """One stored event quoted as a reason for an alert; ``reports`` counts the reports merged into its
    event cluster (1 when the store has no clusters yet)."""

    event_id: str
    article_id: str
    date: date | None
    cameo: str
    goldstein: float
    sentence: str
    reports: int = 1


@dataclass(frozen=True)
class Alert:
    """A period whose conflict count (quad 3 + 4) stands out against the decayed baseline before it.

    ``ratio`` is count / baseline (``inf`` when the baseline is 0); ``z`` is (count - baseline) / sd with
    the sd floored at sqrt(max(baseline, 1)), the Poisson spread of such a count. ``onset`` is the first
    period of the rise: the period itself for a surge, the start of the cumulative excess for a shift.
    ``evidence`` holds the period's most conflictual events (Goldstein ascending), empty when ``alerts``
    was given no store.
    """

    source: str
    target: str
    start: date
    end: date
    count: int
    baseline: float
    ratio: float
    z: float
    kind: AlertKind = "surge"
    onset: date | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def dyad(self) -> tuple[str, str]:
        return (self.source, self.target)

    def describe(self) -> str:
        """One line: what rose, by how much, over which window."""
        ratio = f"x{self.ratio:.1f}" if math.isfinite(self.ratio) else "from zero"
        since = f", rising since {self.onset}" if self.onset is not None and self.onset != self.start else ""
        return (f"{self.kind} {self.source}->{self.target}: {self.count} conflict events in "
                f"{self.start}..{self.end} vs baseline {self.baseline:.1f} ({ratio}, z {self.z:.1f}){since}")


def _baseline(history: Sequence[int], decay: float) -> tuple[float, float]:
    """Decayed mean and standard deviation of ``history`` (oldest first, most recent weighted 1)."""
    weights = [decay ** k for k in range(len(history) - 1, -1, -1)]
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, history, strict=True)) / total
    var = sum(w * (x - mean) ** 2 for w, x in zip(weights, history, strict=True)) / total
    return mean, math.sqrt(var)


def alerts(series: Sequence[SeriesPoint], settings: AlertSettings = DEFAULT_SETTINGS, *,
           store: Store | None = None) -> list[Alert]:
    """The periods of ``series`` (as returned by ``dyad_series``) whose conflict count surges or shifts.

    For each period with data the baseline is the decayed mean of the conflict counts of the up to
    ``baseline_periods`` earlier periods *with data* (no-data periods are skipped, not read as zero); with
    fewer than ``min_history`` of them no alert can fire, and periods under ``min_events`` never alert. A
    surge fires when count / baseline >= ``surge_ratio`` or z >= ``z_threshold``; otherwise a shift fires
    when the CUSUM of max(0, z - ``cusum_slack``) reaches ``cusum_threshold``. Either resets the CUSUM. With
    ``store``, each alert quotes up to ``evidence`` of the period's conflict events, most negative first.
    """
    s = settings
    found: list[Alert] = []
    history: list[int] = []
    cusum, onset = 0.0, None
    for point in series:
        count = point.conflict
        if count is None:
            continue
        window = history[-s.baseline_periods:]
        history.append(count)
        if len(window) < s.min_history:
            continue
        mean, sd = _baseline(window, s.decay)
        ratio = count / mean if mean > 0 else math.inf
        z = (count - mean) / max(sd, math.sqrt(max(mean, 1.0)))
        cusum = max(0.0, cusum + z - s.cusum_slack)
        if cusum == 0.0:
            onset = None
        elif onset is None:
            onset = point.start
        if count < s.min_events:
            continue
        kind: AlertKind | None = None
        if ratio >= s.surge_ratio or z >= s.z_threshold:
            kind = "surge"
        elif cusum >= s.cusum_threshold:
            kind = "shift"
        if kind is None:
            continue
        found.append(Alert(source=point.source, target=point.target, start=point.start, end=point.end,
                           count=count, baseline=mean, ratio=ratio, z=z, kind=kind,
                           onset=point.start if kind == "surge" else onset))
        cusum, onset = 0.0, None
    if store is not None and s.evidence > 0 and found:
        modalities = series[0].modalities
        found = [_with_evidence(store, alert, modalities, s.evidence) for alert in found]
    return found


def _with_evidence(store: Store, alert: Alert, modalities: Sequence[str], limit: int) -> Alert:
    """The period's most conflictual happenings: one line per event cluster (its most negative report),
    with how many reports the cluster holds in all, most negative and most reported first."""
    where, params = _conditions(modalities, alert.start, alert.end, dyad=alert.dyad)
    sql = f"""
        SELECT arg_min(e.id, (e.goldstein, e.id)), arg_min(e.article_id, (e.goldstein, e.id)), min(e.query_date),
               arg_min(e.cameo, (e.goldstein, e.id)), min(e.goldstein), arg_min(e.sentence, (e.goldstein, e.id)),
               coalesce(max(c.num_reports), count(*)) AS reports
        FROM (SELECT * FROM events WHERE {where} AND quad_class IN (3, 4)) AS e
        LEFT JOIN cluster_members AS m ON m.event_id = e.id LEFT JOIN clusters AS c ON c.id = m.cluster_id
        GROUP BY coalesce(m.cluster_id, e.id)
        ORDER BY min(e.goldstein), reports DESC, min(e.query_date), 1 LIMIT {int(limit)}
    """
    rows = _query(store, sql, params, "evidence")
    quoted = tuple(Evidence(event_id=r[0], article_id=r[1], date=r[2], cameo=r[3], goldstein=float(r[4]),
                            sentence=r[5], reports=int(r[6])) for r in rows)
    return Alert(source=alert.source, target=alert.target, start=alert.start, end=alert.end,
                 count=alert.count, baseline=alert.baseline, ratio=alert.ratio, z=alert.z, kind=alert.kind,
                 onset=alert.onset, evidence=quoted)


def active_dyads(store: Store, *, modalities: Sequence[str] = DEFAULT_MODALITIES, since: date | None = None,
                 until: date | None = None, min_events: int = DEFAULT_SETTINGS.min_events,
                 limit: int = 200) -> list[tuple[str, str]]:
    """Directed dyads with at least ``min_events`` conflict events, busiest first: country to country where
    both sides have one, else the actor code (IGOs, NGOs, armed groups)."""
    where, params = _conditions(modalities, since, until)
    sql = (f"SELECT coalesce(source_country, source_code) AS s, coalesce(target_country, target_code) AS t "
           f"FROM events WHERE {where} AND quad_class IN (3, 4) AND source_code IS NOT NULL "
           f"AND target_code IS NOT NULL GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY count(*) DESC, 1, 2 "
           f"LIMIT {int(limit)}")
    return [(row[0], row[1]) for row in _query(store, sql, [*params, min_events], "dyads")]


def scan(store: Store, *, freq: Freq = "week", modalities: Sequence[str] = DEFAULT_MODALITIES,
         since: date | None = None, until: date | None = None,
         settings: AlertSettings = DEFAULT_SETTINGS) -> list[Alert]:
    """Alerts of every active dyad (``active_dyads``), with evidence, latest first. ``since`` only hides
    earlier alerts: the baselines still read all stored history up to ``until``."""
    found: list[Alert] = []
    for source, target in active_dyads(store, modalities=modalities, until=until,
                                       min_events=settings.min_events):
        series = dyad_series(store, source, target, freq=freq, modalities=modalities, until=until)
        found += [a for a in alerts(series, settings, store=store) if since is None or a.end >= since]
    return sorted(found, key=lambda a: (a.start, a.ratio), reverse=True)
