"""Dyad time series over the event store and the escalation alerts computed from them.

``dyad_series`` aggregates one directed dyad (source code prefix -> target code prefix, like
``Store.events(dyad=...)``) per day, week or month in DuckDB SQL, next to the number of articles stored for
that period, so every count can be read raw or per article of coverage. A period with no articles and no
matching event is *no data* (its counts are None), which is not the same as a covered period in which the
dyad did nothing (its counts are 0): a gap in the collection must not look like calm.

``alerts`` compares each period's conflict count (CAMEO quad classes 3 + 4, verbal plus material conflict,
counted in events, not Goldstein mass) with an exponentially decayed baseline built only from earlier
periods, so an alert for a period can be computed on the day that period closes (no look-ahead).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast, get_args

import duckdb

from .errors import StoreError, TocsinError
from .store import Store, event_filter

Freq = Literal["day", "week", "month"]
FREQS: tuple[str, ...] = get_args(Freq)
DEFAULT_MODALITIES: tuple[str, ...] = ("asserted", "reported")

# Alert settings (keyword arguments of ``alerts``), with the reasons for their defaults.
BASELINE_PERIODS = 8  # two months of weeks: long enough to smooth noise, short enough to follow a new normal
MIN_HISTORY = 2  # earlier periods with data needed before a baseline means anything
MIN_EVENTS = 3  # fewer conflict events than this never alert, whatever the ratio (1 -> 2 is not a surge)
SURGE_RATIO = 2.0  # count at least twice the baseline
Z_THRESHOLD = 2.0  # or two (floored) standard deviations above it
DECAY = 0.8  # weight of the period k steps back is DECAY ** (k - 1): recent history counts most
EVIDENCE = 5  # events quoted per alert


@dataclass(frozen=True)
class SeriesPoint:
    """One period of one dyad's series.

    ``start`` is the first day of the period (date_trunc: weeks start on Monday); ``end`` its last day,
    clipped to ``until``. ``articles`` counts stored articles dated in the period (0 when none). The counts
    and ``goldstein_sum`` are None when the period has no data (no article and no matching event), 0 when
    it is covered but the dyad did nothing. ``goldstein_mean`` and ``conflict_share`` (material conflict,
    quad 4, over all the dyad's events) are None whenever there are no events, as they are undefined.
    """

    source: str
    target: str
    start: date
    end: date
    articles: int
    events: int | None
    quad1: int | None
    quad2: int | None
    quad3: int | None
    quad4: int | None
    goldstein_sum: float | None
    goldstein_mean: float | None
    conflict_share: float | None
    modalities: tuple[str, ...] = DEFAULT_MODALITIES

    @property
    def has_data(self) -> bool:
        return self.events is not None

    @property
    def conflict(self) -> int | None:
        """Conflict events (quad 3 + 4), None when there is no data."""
        if self.quad3 is None or self.quad4 is None:
            return None
        return self.quad3 + self.quad4

    @property
    def conflict_per_100_articles(self) -> float | None:
        """Conflict events per 100 stored articles of the period: the count normalised by coverage."""
        conflict = self.conflict
        if conflict is None or self.articles == 0:
            return None
        return 100.0 * conflict / self.articles


@dataclass(frozen=True)
class Evidence:
    """One stored event quoted as a reason for an alert."""

    event_id: str
    article_id: str
    date: date | None
    cameo: str
    goldstein: float
    sentence: str


@dataclass(frozen=True)
class Alert:
    """A period whose conflict count (quad 3 + 4) stands out against the decayed baseline before it.

    ``ratio`` is count / baseline (``inf`` when the baseline is 0); ``z`` is (count - baseline) / sd with
    the sd floored at sqrt(max(baseline, 1)), the Poisson spread of such a count. ``evidence`` holds the
    period's most conflictual events (Goldstein ascending), empty when ``alerts`` was given no store.
    """

    source: str
    target: str
    start: date
    end: date
    count: int
    baseline: float
    ratio: float
    z: float
    evidence: tuple[Evidence, ...] = ()

    @property
    def dyad(self) -> tuple[str, str]:
        return (self.source, self.target)


# ---------------------------------------------------------------------------------------------- series


def _connect(store: Store) -> duckdb.DuckDBPyConnection:
    """A second connection to the store's database.

    The Store keeps its connection private and has no public accessor, so this opens the file again with
    the store's own mode: DuckDB then hands back the database instance the store already has open in this
    process (a different mode would be refused), and sees everything the store has committed.
    """
    if str(store.path) == ":memory:":
        raise StoreError("series need a store file; an in-memory store cannot be opened twice",
                         path=":memory:")
    try:
        return duckdb.connect(str(store.path), read_only=store.read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the event store: {exc}", path=str(store.path)) from None


def _query(store: Store, sql: str, params: list[object], what: str) -> list[tuple[Any, ...]]:
    con = _connect(store)
    try:
        return con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"{what} query failed: {exc}", path=str(store.path)) from None
    finally:
        con.close()


def _dyad_where(source: str, target: str, modalities: Sequence[str], since: date | None, until: date | None,
                params: list[object]) -> str:
    where, extra = event_filter(dyad=(source, target), modality=modalities, since=since, until=until)
    params += extra
    return f"{where} AND query_date IS NOT NULL"


def dyad_series(store: Store, source: str, target: str, freq: Freq = "week",
                modalities: Sequence[str] = DEFAULT_MODALITIES, since: date | None = None,
                until: date | None = None) -> list[SeriesPoint]:
    """The dyad's series, one point per period from the first to the last with data (or since/until).

    Events are dated by ``query_date`` (event date, else report date), articles by their date; both are
    filtered to [since, until] inclusive, so a first or last period cut by them is partial. Articles without
    a date count in no period. ``source``/``target`` are code prefixes (RUS matches RUSGOV, RUSMIL).
    """
    freq = as_freq(freq)
    if since is not None and until is not None and since > until:
        return []
    params: list[object] = []
    art_where = ["date IS NOT NULL"]
    if since is not None:
        art_where.append("date >= ?")
        params.append(since)
    if until is not None:
        art_where.append("date <= ?")
        params.append(until)
    ev_where = _dyad_where(source, target, modalities, since, until, params)
    params += [since, until]
    # freq is one of three literals checked above, so formatting it into the SQL is safe
    sql = f"""
        WITH a AS (
            SELECT CAST(date_trunc('{freq}', date) AS DATE) AS period, count(*) AS articles
            FROM articles WHERE {' AND '.join(art_where)} GROUP BY 1
        ), e AS (
            SELECT CAST(date_trunc('{freq}', query_date) AS DATE) AS period, count(*) AS n,
                   count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
                   sum(goldstein) AS gsum
            FROM events WHERE {ev_where} GROUP BY 1
        ), bounds AS (
            SELECT coalesce(CAST(date_trunc('{freq}', CAST(? AS DATE)) AS DATE), min(period)) AS lo,
                   coalesce(CAST(date_trunc('{freq}', CAST(? AS DATE)) AS DATE), max(period)) AS hi
            FROM (SELECT period FROM a UNION ALL SELECT period FROM e)
        ), p AS (
            SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 {freq})) AS DATE) AS period
            FROM bounds WHERE lo IS NOT NULL AND hi IS NOT NULL
        )
        SELECT p.period, CAST(p.period + INTERVAL 1 {freq} - INTERVAL 1 DAY AS DATE) AS period_end,
               coalesce(a.articles, 0) AS articles,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.n, 0) END,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.q1, 0) END,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.q2, 0) END,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.q3, 0) END,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.q4, 0) END,
               CASE WHEN a.articles IS NULL AND e.n IS NULL THEN NULL ELSE coalesce(e.gsum, 0.0) END,
               e.gsum / e.n, e.q4 / e.n
        FROM p LEFT JOIN a USING (period) LEFT JOIN e USING (period)
        ORDER BY p.period
    """
    rows = _query(store, sql, params, "series")
    mods = tuple(modalities)
    return [_point(source, target, row, until, mods) for row in rows]


def _point(source: str, target: str, row: tuple[Any, ...], until: date | None,
           modalities: tuple[str, ...]) -> SeriesPoint:
    start, end, articles, n, q1, q2, q3, q4, gsum, gmean, share = row
    if until is not None and end > until:
        end = until
    return SeriesPoint(source=source, target=target, start=start, end=end, articles=int(articles),
                       events=n, quad1=q1, quad2=q2, quad3=q3, quad4=q4,
                       goldstein_sum=None if gsum is None else float(gsum),
                       goldstein_mean=None if gmean is None else float(gmean),
                       conflict_share=None if share is None else float(share), modalities=modalities)


# ---------------------------------------------------------------------------------------------- alerts


def _baseline(history: Sequence[int], decay: float) -> tuple[float, float]:
    """Decayed mean and standard deviation of ``history`` (oldest first, most recent weighted 1)."""
    weights = [decay ** k for k in range(len(history) - 1, -1, -1)]
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, history, strict=True)) / total
    var = sum(w * (x - mean) ** 2 for w, x in zip(weights, history, strict=True)) / total
    return mean, math.sqrt(var)


def alerts(series: Sequence[SeriesPoint], *, baseline_periods: int = BASELINE_PERIODS,
           min_history: int = MIN_HISTORY, min_events: int = MIN_EVENTS, surge_ratio: float = SURGE_RATIO,
           z_threshold: float = Z_THRESHOLD, decay: float = DECAY, store: Store | None = None,
           evidence: int = EVIDENCE) -> list[Alert]:
    """The periods of ``series`` (as returned by ``dyad_series``) whose conflict count surges.

    For each period with data the baseline is the decayed mean of the conflict counts (quad 3 + 4) of the
    up to ``baseline_periods`` earlier periods *with data* (no-data periods are skipped, not read as zero);
    with fewer than ``min_history`` of them no alert can fire. An alert fires when count >= ``min_events``
    and (count / baseline >= ``surge_ratio`` or z >= ``z_threshold``). Only earlier points are read, so
    the alerts of a series cut at any period are those of the full series up to that period. With
    ``store``, each alert quotes up to ``evidence`` of the period's conflict events, most negative first.
    """
    if baseline_periods < 1 or min_history < 1 or not 0.0 < decay <= 1.0:
        raise ValueError("baseline_periods and min_history must be >= 1 and decay in (0, 1]")
    found: list[Alert] = []
    history: list[int] = []
    for point in series:
        count = point.conflict
        if count is None:
            continue
        window = history[-baseline_periods:]
        history.append(count)
        if len(window) < min_history or count < min_events:
            continue
        mean, sd = _baseline(window, decay)
        ratio = count / mean if mean > 0 else math.inf
        z = (count - mean) / max(sd, math.sqrt(max(mean, 1.0)))
        if ratio >= surge_ratio or z >= z_threshold:
            found.append(Alert(source=point.source, target=point.target, start=point.start, end=point.end,
                               count=count, baseline=mean, ratio=ratio, z=z))
    if store is not None and evidence > 0 and found:
        modalities = series[0].modalities
        found = [_with_evidence(store, alert, modalities, evidence) for alert in found]
    return found


def _with_evidence(store: Store, alert: Alert, modalities: Sequence[str], limit: int) -> Alert:
    params: list[object] = []
    where = _dyad_where(alert.source, alert.target, modalities, alert.start, alert.end, params)
    sql = (f"SELECT id, article_id, query_date, cameo, goldstein, sentence FROM events "
           f"WHERE {where} AND quad_class IN (3, 4) ORDER BY goldstein, query_date, id LIMIT {int(limit)}")
    rows = _query(store, sql, params, "evidence")
    quoted = tuple(Evidence(event_id=r[0], article_id=r[1], date=r[2], cameo=r[3], goldstein=float(r[4]),
                            sentence=r[5]) for r in rows)
    return Alert(source=alert.source, target=alert.target, start=alert.start, end=alert.end,
                 count=alert.count, baseline=alert.baseline, ratio=alert.ratio, z=alert.z, evidence=quoted)


def as_freq(value: str) -> Freq:
    """``value`` checked to be a period name (day, week, month)."""
    if value not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {value!r}")
    return cast(Freq, value)


def period_label(start: date, freq: Freq) -> str:
    """How a period is named in tables: the day, the ISO week's Monday, or the month."""
    return start.strftime("%Y-%m") if freq == "month" else start.isoformat()


# ---------------------------------------------------------------------------------------------- plot


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
            ax.annotate(f"alert x{alert.ratio:.1f}" if math.isfinite(alert.ratio) else "alert",
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


__all__ = ["DEFAULT_MODALITIES", "FREQS", "Alert", "Evidence", "Freq", "SeriesPoint", "alerts", "as_freq",
           "dyad_series", "period_label", "plot_series"]
