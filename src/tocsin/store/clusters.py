"""The SQL side of event clusters (schema migration 3): which events need (re)clustering, the candidates
they are compared with, and the cluster rows rebuilt from their members. The rules that decide what is one
happening live in ``tocsin.clusters``; this module only moves rows, inside one transaction per update.

The cluster key is computed here, in SQL, from each event row, so that every query groups events by the
same definition (see ``key_sql``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator, Sequence
from datetime import date, timedelta
from types import TracebackType
from typing import Any, NamedTuple

import duckdb

from ..errors import StoreError
from ..models import Event
from . import schema
from .duckdb_store import Store, _event_from_row, _first_line, _rollback, event_filter

# Codes whose meaning has no direction: "A met B", "B met A", "A and B met" (coded both ways), and for
# consultations also "A visited B" / "B hosted A" are one happening, so their key is the unordered pair.
MUTUAL_ROOTS: tuple[str, ...] = ("04",)
MUTUAL_CODES: tuple[str, ...] = ("057", "060", "061", "062", "063")
# What happened, what may happen (threats, plans, fears, conditionals) and what did not happen are never one
# happening, whatever else they share.
FACTUAL: tuple[str, ...] = ("asserted", "reported", "historical")
# Most factual first: a cluster's modality is its members' first in this order.
MODALITY_ORDER: tuple[str, ...] = (
    "asserted", "reported", "historical", "planned", "threatened", "hypothetical", "feared", "negated",
)
UNDATED_ONLY = date.max  # a dirty point after every real date: only the key's undated events change
_TEMP_TABLES = ("cluster_changed", "cluster_dirty", "cluster_touched")


class MemberInput(NamedTuple):
    """What the clustering rules read of one event."""

    id: str
    article_id: str
    key: str
    date: date | None
    sentence: str
    country: str | None
    admin1: str | None
    city: str | None
    quantities: str | None  # the JSON object, None when empty


def _literals(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)  # package constants, never user input


def key_sql(e: str = "e") -> str:
    """The cluster key of the events row aliased ``e``: ``SOURCE|TARGET|dir|root|class``.

    Actors count at country level (RUSMIL, RUSGOV and RUS report the same Russian act), except when both
    sides are of one country, where the sectors are what tells events apart (police vs protesters). ``dir``
    is ``>`` (directed) or ``=`` (unordered pair, see MUTUAL_*); ``class`` is factual, possible or negated.
    """
    source = f"coalesce({e}.source_country, {e}.source_code, '')"
    target = f"coalesce({e}.target_country, {e}.target_code, '')"
    ks = f"(CASE WHEN {source} = {target} THEN coalesce({e}.source_code, '') ELSE {source} END)"
    kt = f"(CASE WHEN {source} = {target} THEN coalesce({e}.target_code, '') ELSE {target} END)"
    mutual = f"({e}.cameo_root IN ({_literals(MUTUAL_ROOTS)}) OR {e}.cameo IN ({_literals(MUTUAL_CODES)}))"
    pair = (f"(CASE WHEN {mutual} THEN least({ks}, {kt}) || '|' || greatest({ks}, {kt}) || '|=' "
            f"ELSE {ks} || '|' || {kt} || '|>' END)")
    klass = (f"(CASE WHEN {e}.modality IN ({_literals(FACTUAL)}) THEN 'factual' "
             f"WHEN {e}.modality = 'negated' THEN 'negated' ELSE 'possible' END)")
    return f"({pair} || '|' || {e}.cameo_root || '|' || {klass})"


def _input_columns(key: str) -> str:
    return ", ".join((
        "e.id", "e.article_id", key, "e.query_date", "e.sentence", "e.location_country", "e.location_admin1",
        "CASE WHEN e.location_precision = 'city' THEN e.location_name END",
        "nullif(CAST(e.quantities AS VARCHAR), '{}')",
    ))


_KEY = key_sql("e")
_MODALITY_RANK = f"list_position([{_literals(MODALITY_ORDER)}], e.modality)"
_PRECISION_RANK = "list_position(['city', 'admin1', 'country'], location_precision)"

# Every touched cluster's row, recomputed from all of its members (a cluster with none left gets no row).
_REBUILD_SQL = f"""
    INSERT INTO clusters ({", ".join(schema.CLUSTER_COLUMNS)})
    WITH mem AS (
        SELECT m.cluster_id, m.cluster_key, e.id, e.article_id, e.query_date, e.source_code, e.target_code,
               e.cameo, e.cameo_root, e.cameo_name, e.plover_type, e.goldstein, e.quad_class, e.modality,
               {_MODALITY_RANK} AS modality_rank, e.confidence, e.sentence, e.sentence_start,
               e.location_name, e.location_country, e.location_precision, a.source AS article_source
        FROM cluster_members m
        JOIN (SELECT DISTINCT id FROM cluster_touched) t ON t.id = m.cluster_id
        JOIN events e ON e.id = m.event_id
        LEFT JOIN articles a ON a.id = e.article_id
        -- the members' date range (a member's query_date is its event's), so that DuckDB reads only the
        -- row groups of members and events that can hold them
        WHERE (m.query_date BETWEEN $first AND $last OR ($undated AND m.query_date IS NULL))
          AND (e.query_date BETWEEN $first AND $last OR ($undated AND e.query_date IS NULL))
    ),
    -- the representative is a report of the members' most frequent code, the most factual and sure of them
    top_code AS (
        SELECT cluster_id, cameo FROM (
            SELECT cluster_id, cameo,
                   row_number() OVER (PARTITION BY cluster_id ORDER BY count(*) DESC, cameo) AS r
            FROM mem GROUP BY cluster_id, cameo)
        WHERE r = 1
    ),
    rep AS (
        SELECT * FROM (
            SELECT mem.*, row_number() OVER (PARTITION BY cluster_id
                ORDER BY modality_rank, confidence DESC, query_date NULLS LAST, id) AS r
            FROM mem JOIN top_code USING (cluster_id, cameo))
        WHERE r = 1
    ),
    place AS (
        SELECT * FROM (
            SELECT cluster_id, location_name, location_country, location_precision,
                   row_number() OVER (PARTITION BY cluster_id
                       ORDER BY {_PRECISION_RANK}, query_date NULLS LAST, id) AS r
            FROM mem WHERE location_name IS NOT NULL)
        WHERE r = 1
    ),
    agg AS (
        SELECT cluster_id, any_value(cluster_key) AS cluster_key,
               first(id ORDER BY query_date NULLS LAST, id) AS seed_event_id,
               min(query_date) AS first_seen, max(query_date) AS last_seen, count(*) AS num_events,
               count(DISTINCT article_id || ':' || sentence_start) AS num_reports,
               count(DISTINCT article_id) AS num_articles,
               count(DISTINCT nullif(article_source, '')) AS num_sources,
               arg_min(modality, modality_rank) AS modality
        FROM mem GROUP BY cluster_id
    )
    SELECT agg.cluster_id, agg.cluster_key, split_part(agg.cluster_key, '|', 3) = '=', agg.seed_event_id,
           rep.id, rep.source_code, rep.target_code, rep.cameo_root, rep.cameo, rep.cameo_name, rep.plover_type,
           rep.goldstein, rep.quad_class, agg.modality, agg.first_seen, agg.last_seen, agg.num_events,
           agg.num_reports, agg.num_articles, agg.num_sources, place.location_name, place.location_country,
           place.location_precision, rep.sentence
    FROM agg JOIN rep USING (cluster_id) LEFT JOIN place USING (cluster_id)
"""


class ClusterTransaction:
    """One update of the cluster tables, committed whole or not at all (a context manager).

    Bookkeeping lives in temporary tables: ``cluster_changed`` (articles added, replaced or gone since the
    last update), ``cluster_dirty`` (per cluster key, the first date whose clustering may change) and
    ``cluster_touched`` (clusters whose rows must be rebuilt).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._con = store._writable()
        self._first: date | None = None  # the earliest dirty date, once planned

    def __enter__(self) -> ClusterTransaction:
        self._drop_temp_tables()
        self._run("BEGIN TRANSACTION")
        self._run("CREATE TEMP TABLE cluster_touched (id VARCHAR)")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                try:
                    self._run("COMMIT")
                except StoreError:
                    _rollback(self._con)
                    raise
            else:
                _rollback(self._con)
        finally:
            self._drop_temp_tables()

    def _drop_temp_tables(self) -> None:
        for table in _TEMP_TABLES:
            with contextlib.suppress(duckdb.Error):
                self._con.execute(f"DROP TABLE IF EXISTS temp.{table}")

    def _run(self, sql: str, params: Sequence[object] | dict[str, object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._con.execute(sql, params if isinstance(params, dict) else list(params)).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"cluster update failed: {_first_line(exc)}", path=str(self._store.path)) from None

    # ------------------------------------------------------------------------------------------ planning

    def sync_settings(self, settings: str) -> bool:
        """Record the settings; True (and every cluster dropped) when the stored clusters used others."""
        stored = self._run("SELECT settings FROM cluster_settings")
        if stored and stored[0][0] == settings:
            return False
        had_clusters = bool(stored) or bool(self._run("SELECT 1 FROM clustered_articles LIMIT 1"))
        for table in ("cluster_settings", "clusters", "cluster_members", "clustered_articles"):
            self._run(f"DELETE FROM {table}")
        self._run("INSERT INTO cluster_settings VALUES (?)", [settings])
        return had_clusters

    def plan(self) -> int:
        """Find what changed since the last update and unassign every member whose clustering may change.

        Returns the number of articles added, replaced or gone. For each cluster key with a changed event,
        all its members from the earliest changed date on (and its undated ones) are taken out of their
        clusters, to be assigned again in date order together with the new events.
        """
        self._run("""
            CREATE TEMP TABLE cluster_changed AS
            SELECT a.id FROM articles a LEFT JOIN clustered_articles c ON c.article_id = a.id
            WHERE c.article_id IS NULL OR c.content_hash <> a.content_hash OR c.ingested_at <> a.ingested_at
            UNION
            SELECT c.article_id FROM clustered_articles c LEFT JOIN articles a ON a.id = c.article_id
            WHERE a.id IS NULL
        """)
        changed = int(self._run("SELECT count(*) FROM cluster_changed")[0][0])
        self._run(f"""
            CREATE TEMP TABLE cluster_dirty AS
            SELECT cluster_key, coalesce(min(query_date), ?::DATE) AS from_date FROM (
                SELECT {_KEY} AS cluster_key, e.query_date FROM events e
                WHERE e.article_id IN (SELECT id FROM cluster_changed)
                UNION ALL
                SELECT m.cluster_key, m.query_date FROM cluster_members m
                WHERE m.article_id IN (SELECT id FROM cluster_changed)
            ) GROUP BY cluster_key
        """, [UNDATED_ONLY])
        self._first = self._run("SELECT min(from_date) FROM cluster_dirty")[0][0]
        if self._first is not None:
            # the bound on m.query_date alone lets DuckDB skip the row groups of older members
            tail = """FROM cluster_members m JOIN cluster_dirty d ON d.cluster_key = m.cluster_key
                      WHERE (m.query_date >= ? AND m.query_date >= d.from_date) OR m.query_date IS NULL"""
            self._run(f"INSERT INTO cluster_touched SELECT DISTINCT m.cluster_id {tail}", [self._first])
            self._run(f"DELETE FROM cluster_members WHERE event_id IN (SELECT m.event_id {tail})", [self._first])
        self._run("DELETE FROM clustered_articles WHERE article_id IN (SELECT id FROM cluster_changed)")
        self._run("""INSERT INTO clustered_articles SELECT id, content_hash, ingested_at FROM articles
                     WHERE id IN (SELECT id FROM cluster_changed)""")
        return changed

    def survivors(self, horizon_days: int) -> list[tuple[str, MemberInput]]:
        """(cluster id, member) of the clusters still open at their key's dirty date, in (date, id) order.

        Only clusters whose first report lies within ``horizon_days`` before the dirty date can take new
        members; their remaining members are replayed to restore their state.
        """
        if self._first is None or self._first == UNDATED_ONLY:
            return []
        rows = self._run(f"""
            SELECT m.cluster_id, {_input_columns("m.cluster_key")}
            FROM cluster_members m
            JOIN cluster_dirty d ON d.cluster_key = m.cluster_key
            JOIN clusters c ON c.id = m.cluster_id
            JOIN events e ON e.id = m.event_id
            WHERE d.from_date < $undated AND c.first_seen >= d.from_date - $horizon
              AND m.query_date >= $oldest AND e.query_date >= $oldest AND c.first_seen >= $oldest
            ORDER BY e.query_date, e.id
        """, {"undated": UNDATED_ONLY, "horizon": horizon_days,
              "oldest": self._first - timedelta(days=horizon_days)})
        return [(row[0], MemberInput(*row[1:])) for row in rows]

    def chunks(self, max_events: int) -> Iterator[list[MemberInput]]:
        """The events to assign, in (date, id) order, undated last, in chunks of whole days.

        A chunk holds at most ``max_events`` events unless one day alone has more.
        """
        first = self._first
        if first is None:
            return
        source = f"FROM events e JOIN cluster_dirty d ON d.cluster_key = {_KEY}"
        select = f"SELECT {_input_columns(_KEY)} {source}"
        # the bound on e.query_date alone lets DuckDB skip older row groups before computing any key
        days = self._run(f"""SELECT e.query_date, count(*) {source}
                             WHERE e.query_date >= ?::DATE AND e.query_date >= d.from_date
                             GROUP BY e.query_date ORDER BY e.query_date""", [first])
        for start, end in _day_ranges(days, max_events):
            yield self._inputs(f"""{select} WHERE e.query_date BETWEEN ? AND ? AND e.query_date >= d.from_date
                                   ORDER BY e.query_date, e.id""", [start, end])
        after = ""
        while page := self._inputs(f"{select} WHERE e.query_date IS NULL AND e.id > ? ORDER BY e.id LIMIT ?",
                                   [after, max_events]):
            yield page
            after = page[-1].id

    def _inputs(self, sql: str, params: Sequence[object]) -> list[MemberInput]:
        return [MemberInput(*row) for row in self._run(sql, params)]

    # ------------------------------------------------------------------------------------------ writing

    def add_members(self, rows: Sequence[tuple[str, str, str, str, date | None]]) -> None:
        """(event id, cluster id, article id, cluster key, date) rows for cluster_members."""
        if not rows:
            return
        try:
            appender = self._con.appender("cluster_members", columns=[
                "event_id", "cluster_id", "article_id", "cluster_key", "query_date"])
            appender.append_rows(list(rows))
            appender.flush()
        except duckdb.Error as exc:
            raise StoreError(f"cluster update failed: {_first_line(exc)}", path=str(self._store.path)) from None

    def touch(self, cluster_ids: Collection[str]) -> None:
        if cluster_ids:
            self._run("INSERT INTO cluster_touched SELECT unnest(?::VARCHAR[])", [list(cluster_ids)])

    def rebuild(self) -> int:
        """Recompute the rows of the touched clusters from their members; returns how many were touched.

        A touched cluster without members left gets no row (it is dropped).
        """
        touched, first, last, undated = self._run("""
            SELECT count(DISTINCT t.id), min(m.query_date), max(m.query_date), bool_or(m.query_date IS NULL)
            FROM cluster_touched t LEFT JOIN cluster_members m ON m.cluster_id = t.id""")[0]
        if touched:
            self._run("DELETE FROM clusters WHERE id IN (SELECT id FROM cluster_touched)")
            self._run(_REBUILD_SQL, {"first": first or date.max, "last": last or date.min,
                                     "undated": bool(undated)})
            self._run("DELETE FROM cluster_touched")
        return int(touched)


# ---------------------------------------------------------------------------------------------- reading


def _query(store: Store, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
    try:
        return store._connection().execute(sql, list(params)).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"cluster query failed: {_first_line(exc)}", path=str(store.path)) from None


def _member_condition(**filters: Any) -> tuple[str, list[object]]:
    where, params = event_filter(**filters)
    return (f"c.id IN (SELECT m.cluster_id FROM cluster_members m JOIN events e ON e.id = m.event_id "
            f"WHERE {where})"), params


def select_clusters(store: Store, *, actor: str | None = None, dyad: tuple[str, str] | None = None,
                    since: date | None = None, until: date | None = None, code: str | None = None,
                    modality: Sequence[str] | None = None, quad_class: Sequence[int] | None = None,
                    min_reports: int = 1, order: str = "date", limit: int | None = None) -> list[tuple[Any, ...]]:
    """Cluster rows (``schema.CLUSTER_COLUMNS`` then the member event ids in date order) matching the filters.

    ``actor``, ``dyad`` and ``code`` select clusters with at least one member event that ``Store.events``
    would select with them (a mutual cluster's dyad matches either way round); ``since``/``until`` select
    clusters whose date range overlaps them; ``modality`` and ``quad_class`` apply to the cluster's own.
    """
    where: list[str] = ["c.num_reports >= ?"]
    params: list[object] = [min_reports]
    if actor is not None or code is not None:
        condition, extra = _member_condition(actor=actor, code=code)
        where.append(condition)
        params += extra
    if dyad is not None:
        forward, forward_params = _member_condition(dyad=dyad)
        backward, backward_params = _member_condition(dyad=(dyad[1], dyad[0]))
        where.append(f"({forward} OR (c.mutual AND {backward}))")
        params += forward_params + backward_params
    if since is not None:
        where.append("c.last_seen >= ?")
        params.append(since)
    if until is not None:
        where.append("c.first_seen <= ?")
        params.append(until)
    for column, values in (("modality", modality), ("quad_class", quad_class)):
        if values is not None:
            wanted = list(values)
            where.append(f"c.{column} IN ({', '.join('?' * len(wanted))})" if wanted else "FALSE")
            params += wanted
    orders = {"date": "first_seen NULLS LAST, id",
              "reports": "num_reports DESC, num_sources DESC, first_seen NULLS LAST, id"}
    if order not in orders:
        raise ValueError(f"order must be one of {sorted(orders)}, got {order!r}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    columns = ", ".join(f"sel.{c}" for c in schema.CLUSTER_COLUMNS)
    sql = f"""
        WITH sel AS (
            SELECT * FROM clusters c WHERE {" AND ".join(where)}
            ORDER BY {orders[order]} {"" if limit is None else f"LIMIT {int(limit)}"}
        )
        SELECT {columns}, list(m.event_id ORDER BY m.query_date NULLS LAST, m.event_id)
        FROM sel JOIN cluster_members m ON m.cluster_id = sel.id
        GROUP BY ALL ORDER BY {orders[order]}
    """
    return _query(store, sql, params)


def member_events(store: Store, cluster_id: str) -> list[Event]:
    """The events of one cluster, in date order."""
    columns = ", ".join(f"e.{c}" for c in schema.EVENT_COLUMNS)
    rows = _query(store, f"""
        SELECT {columns} FROM cluster_members m JOIN events e ON e.id = m.event_id
        WHERE m.cluster_id = ? ORDER BY e.query_date NULLS LAST, e.id""", [cluster_id])
    return [_event_from_row(row) for row in rows]


def pending_articles(store: Store) -> int:
    """Articles added, replaced or gone since the clusters were last updated."""
    return int(_query(store, """
        SELECT (SELECT count(*) FROM articles a LEFT JOIN clustered_articles c ON c.article_id = a.id
                WHERE c.article_id IS NULL OR c.content_hash <> a.content_hash OR c.ingested_at <> a.ingested_at)
             + (SELECT count(*) FROM clustered_articles c LEFT JOIN articles a ON a.id = c.article_id
                WHERE a.id IS NULL)
    """, [])[0][0])


def cluster_count(store: Store) -> int:
    return int(_query(store, "SELECT count(*) FROM clusters", [])[0][0])


def _day_ranges(days: Sequence[tuple[date, int]], max_events: int) -> list[tuple[date, date]]:
    """Consecutive runs of days holding at most ``max_events`` events each (a bigger day is a run alone)."""
    ranges: list[tuple[date, date]] = []
    start: date | None = None
    end: date | None = None
    size = 0
    for day, count in days:
        if start is not None and end is not None and size + count > max_events:
            ranges.append((start, end))
            start, size = None, 0
        start = day if start is None else start
        end = day
        size += count
    if start is not None and end is not None:
        ranges.append((start, end))
    return ranges
