"""Time series over the event store: one dyad's or one actor's events per period, and coverage.

``dyad_series`` aggregates one directed dyad (source code prefix -> target code prefix, like
``Store.events(dyad=...)``) per day, week or month in DuckDB SQL, next to the number of articles stored for
that period, so every count can be read raw or per article of coverage. A period with no articles and no
matching event is *no data* (its counts are None), which is not the same as a covered period in which the
dyad did nothing (its counts are 0): a gap in the collection must not look like calm. Counts are of
happenings, not reports: the reports merged into one event cluster (``tocsin.clusters``) count once, so
five wire copies of one shelling are one shelling. ``actor_series`` is
the same for every event one actor takes part in, and ``coverage`` counts stored articles per source and
period, the denominators behind the normalised series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast, get_args

import duckdb

from ..errors import StoreError
from ..store import Store, event_filter

Freq = Literal["day", "week", "month"]
FREQS: tuple[str, ...] = get_args(Freq)
# Reports of what happened; threats, plans, fears and hypotheticals are read by the analyst, not counted.
DEFAULT_MODALITIES: tuple[str, ...] = ("asserted", "reported")


@dataclass(frozen=True)
class SeriesPoint:
    """One period of one dyad's series.

    ``start`` is the first day of the period (date_trunc: weeks start on Monday); ``end`` its last day,
    clipped to ``until``. ``articles`` counts stored articles dated in the period (0 when none). The counts
    and ``goldstein_sum`` are None when the period has no data (no article and no matching event), 0 when
    it is covered but the dyad did nothing. ``goldstein_mean`` and ``conflict_share`` (material conflict,
    quad 4, over all the dyad's events) are None whenever there are no events, as they are undefined.
    """

    source: str  # code prefix; for an actor series, the actor
    target: str  # code prefix; "" for an actor series (any counterpart)
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
class Coverage:
    """Articles stored from one source in one period: the volume a series can be normalised by."""

    start: date
    source: str
    articles: int


# ---------------------------------------------------------------------------------------------- queries


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


def _conditions(modalities: Sequence[str], since: date | None, until: date | None, *,
                dyad: tuple[str, str] | None = None, actor: str | None = None) -> tuple[str, list[object]]:
    where, params = event_filter(dyad=dyad, actor=actor, modality=modalities, since=since, until=until)
    return f"{where} AND query_date IS NOT NULL", params


def dyad_series(store: Store, source: str, target: str, freq: Freq = "week",
                modalities: Sequence[str] = DEFAULT_MODALITIES, since: date | None = None,
                until: date | None = None) -> list[SeriesPoint]:
    """The dyad's series, one point per period from the first to the last with data (or since/until).

    Events are dated by ``query_date`` (event date, else report date), articles by their date; both are
    filtered to [since, until] inclusive, so a first or last period cut by them is partial. Articles without
    a date count in no period. ``source``/``target`` are code prefixes (RUS matches RUSGOV, RUSMIL).
    """
    where = _conditions(modalities, since, until, dyad=(source, target))
    return _series(store, where, source, target, freq, modalities, since, until)


def actor_series(store: Store, actor: str, freq: Freq = "week", modalities: Sequence[str] = DEFAULT_MODALITIES,
                 since: date | None = None, until: date | None = None) -> list[SeriesPoint]:
    """Like ``dyad_series`` for every event ``actor`` (a code prefix or a country) takes part in, on either
    side; the points' ``target`` is ""."""
    where = _conditions(modalities, since, until, actor=actor)
    return _series(store, where, actor, "", freq, modalities, since, until)


def _series(store: Store, condition: tuple[str, list[object]], source: str, target: str, freq: Freq,
            modalities: Sequence[str], since: date | None, until: date | None) -> list[SeriesPoint]:
    freq = as_freq(freq)
    if since is not None and until is not None and since > until:
        return []
    ev_where, ev_params = condition
    art_condition, params = _article_dates(since, until)
    params += [*ev_params, since, until]
    # freq is one of three literals checked above, so formatting it into the SQL is safe
    sql = f"""
        WITH a AS (
            SELECT CAST(date_trunc('{freq}', date) AS DATE) AS period, count(*) AS articles
            FROM articles WHERE {art_condition} GROUP BY 1
        ), h AS (
            -- one row per happening: the reports merged into one event cluster count once, in the period
            -- of their earliest report; events not clustered (yet) count as themselves
            SELECT CAST(date_trunc('{freq}', min(e.query_date)) AS DATE) AS period, max(e.quad_class) AS quad,
                   avg(e.goldstein) AS goldstein
            FROM (SELECT id, query_date, quad_class, goldstein FROM events WHERE {ev_where}) AS e
            LEFT JOIN cluster_members AS m ON m.event_id = e.id
            GROUP BY coalesce(m.cluster_id, e.id)
        ), e AS (
            SELECT period, count(*) AS n,
                   count(*) FILTER (WHERE quad = 1) AS q1, count(*) FILTER (WHERE quad = 2) AS q2,
                   count(*) FILTER (WHERE quad = 3) AS q3, count(*) FILTER (WHERE quad = 4) AS q4,
                   sum(goldstein) AS gsum
            FROM h GROUP BY 1
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


def _article_dates(since: date | None, until: date | None) -> tuple[str, list[object]]:
    """The SQL condition on articles dated within [since, until], with its parameters."""
    where = ["date IS NOT NULL"]
    params: list[object] = []
    if since is not None:
        where.append("date >= ?")
        params.append(since)
    if until is not None:
        where.append("date <= ?")
        params.append(until)
    return " AND ".join(where), params


def coverage(store: Store, freq: Freq = "week", since: date | None = None,
             until: date | None = None) -> list[Coverage]:
    """Stored articles per period and source (sources as the articles name them, "" when unknown), in order.

    Periods or sources without articles are absent: coverage is what was collected.
    """
    freq = as_freq(freq)
    where, params = _article_dates(since, until)
    sql = (f"SELECT CAST(date_trunc('{freq}', date) AS DATE) AS period, source, count(*) FROM articles "
           f"WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2")
    return [Coverage(start=row[0], source=row[1], articles=int(row[2]))
            for row in _query(store, sql, params, "coverage")]


def as_freq(value: str) -> Freq:
    """``value`` checked to be a period name (day, week, month)."""
    if value not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {value!r}")
    return cast(Freq, value)


def period_label(start: date, freq: Freq) -> str:
    """How a period is named in tables: the day, the ISO week's Monday, or the month."""
    return start.strftime("%Y-%m") if freq == "month" else start.isoformat()


