"""The embedded event store: one DuckDB file of articles and their events, written atomically per article.

Idempotence rule: an article is identified by ``Article.id`` and its content by ``content_hash`` (text, title,
date, url, source, language). Adding an id already stored with the same hash changes nothing, even if the
events passed differ (re-coding with new dictionaries does not silently rewrite history). Adding a stored id
with a different hash replaces the article row and *all* of its events in one transaction. Events are keyed
by ``Event.id``; an id already stored for another article is an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypedDict, Unpack, cast

import duckdb
import platformdirs

from ..errors import StoreError
from ..models import Actor, Article, DatePrecision, Event, Manifest, Modality, Place, PlacePrecision, Span
from . import schema

# add_many commits whole articles in groups: one insert into the wide events table costs ~2 ms however
# few its rows (measured on the 2-core build machine), so a transaction per article caps ingest near 1,600
# events/s, a group of them reaches 40,000+. A group never splits an article, is retried one article per
# transaction when it fails, and is closed once BATCH_SECONDS old (checked as each article arrives) so that
# a slow coder upstream does not hold finished articles back for long.
BATCH_ARTICLES = 500
BATCH_EVENTS = 5_000
BATCH_SECONDS = 1.0
FETCH_ROWS = 1_000


def default_db_path() -> Path:
    """``$TOCSIN_DB`` if set, else ``tocsin.duckdb`` in the user data directory."""
    env = os.environ.get("TOCSIN_DB")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("tocsin") / "tocsin.duckdb"


def content_hash(article: Article) -> str:
    """What decides whether a re-added article is unchanged (``origin`` is where it was read, not content)."""
    fields = [article.text, article.title, article.date.isoformat() if article.date else None, article.url,
              article.source, article.language]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class StoreStats:
    articles_added: int = 0  # new articles plus replaced ones
    articles_unchanged: int = 0
    events_added: int = 0

    def __add__(self, other: StoreStats) -> StoreStats:
        return StoreStats(self.articles_added + other.articles_added,
                          self.articles_unchanged + other.articles_unchanged,
                          self.events_added + other.events_added)


class EventFilters(TypedDict, total=False):
    actor: str | None
    dyad: tuple[str, str] | None
    since: date | None
    until: date | None
    code: str | None
    modality: Sequence[str] | None
    article_id: str | None
    limit: int | None


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``path``, or ``default_db_path()``.

    ``":memory:"`` gives a throw-away in-memory store. Every failure is a ``StoreError`` naming the file.
    """
    memory = path is not None and str(path) == ":memory:"
    if memory or path is not None:
        where = Path(":memory:") if memory else Path(cast("str | Path", path)).expanduser()
    else:
        where = default_db_path()
    if not memory:
        if read_only and not where.exists():
            raise StoreError("no event store here (create one with `tocsin ingest`)", path=str(where))
        if where.is_dir():
            raise StoreError("is a directory, not an event store file", path=str(where))
        if not read_only:
            try:
                where.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the directory: {exc.strerror}", path=str(where)) from None
    try:
        con = duckdb.connect(str(where), read_only=read_only)
    except duckdb.Error as exc:
        raise _open_error(exc, where) from None
    try:
        _migrate(con, where, read_only)
    except BaseException:
        con.close()
        raise
    return Store(con, where, read_only=read_only)


def _open_error(exc: duckdb.Error, where: Path) -> StoreError:
    message = str(exc)
    if "Could not set lock" in message or "Conflicting lock" in message:
        # the wording the CLI shows; DuckDB allows one writing process per file
        return StoreError(f"database is locked by another process: {where}")
    if "not a valid DuckDB database" in message:
        return StoreError("not a DuckDB database file", path=str(where))
    if isinstance(exc, duckdb.ConnectionException) and "different configuration" in message:
        return StoreError("already open in this process in the other mode (read-only vs writable)",
                          path=str(where))
    return StoreError(f"cannot open the event store: {_first_line(exc)}", path=str(where))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _migrate(con: duckdb.DuckDBPyConnection, where: Path, read_only: bool) -> None:
    """Bring the schema up to date, or refuse a database this version cannot safely use."""
    migrations = schema.MIGRATIONS
    latest = migrations[-1].version
    has_table = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_migrations'"
    ).fetchone()
    if has_table is None or has_table[0] == 0:
        if read_only:
            raise StoreError("not a tocsin event store (no schema_migrations table)", path=str(where))
        con.execute(schema.SCHEMA_MIGRATIONS_SQL)
    applied = dict(con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall())
    current = max(applied, default=0)
    if current > latest:
        raise StoreError(
            f"written by a newer tocsin (schema version {current}, {applied[current]!r}); this tocsin "
            f"understands versions up to {latest}: upgrade tocsin to use this store", path=str(where))
    for migration in migrations:
        recorded = applied.get(migration.version)
        if recorded is not None and recorded != migration.name:
            raise StoreError(f"schema version {migration.version} is recorded as {recorded!r} but this "
                             f"tocsin calls it {migration.name!r}; the store was not made by this tocsin",
                             path=str(where))
    pending = [m for m in migrations if m.version > current]
    if pending and read_only:
        raise StoreError(f"schema version {current} is older than this tocsin's {latest}; open it once "
                         f"writable (e.g. `tocsin ingest`) to migrate it", path=str(where))
    for migration in pending:
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [migration.version, migration.name, _now()])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"cannot migrate to schema version {migration.version} ({migration.name}): "
                             f"{_first_line(exc)}", path=str(where)) from None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # no transaction may be open (it failed before BEGIN, or DuckDB already ended it)
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


class Store:
    """A handle on one store file. Create it with ``open_store``; use it as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
        self._con: duckdb.DuckDBPyConnection | None = con
        self.path = path
        self.read_only = read_only

    # ------------------------------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._con is None else ("read-only" if self.read_only else "writable")
        return f"<Store {self.path} {state}>"

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError("the store is closed", path=str(self.path))
        return self._con

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError("the store was opened read-only", path=str(self.path))
        return self._connection()

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {_first_line(exc)}", path=str(self.path)) from None

    # ------------------------------------------------------------------------------------------ writing

    def add_article(self, article: Article, events: Sequence[Event]) -> bool:
        """Store one article with its events in one transaction; False if it was already stored unchanged.

        Nothing of the article is written if anything fails; an article stored with different content has
        its row and all its events replaced.
        """
        return self._write([(article, list(events))]).articles_added == 1

    def add_many(self, items: Iterable[tuple[Article, Sequence[Event]]]) -> StoreStats:
        """Store a stream of articles; each is all-or-nothing, and those before a failure stay stored.

        Articles are committed in groups of whole articles (see BATCH_*); if the stream itself raises,
        the articles already received are committed before the error propagates.
        """
        total = StoreStats()
        batch: list[tuple[Article, list[Event]]] = []
        ids: set[str] = set()
        n_events = 0
        started = time.monotonic()
        iterator = iter(items)
        while True:
            try:
                article, events = next(iterator)
            except StopIteration:
                break
            except BaseException:
                total += self._write_group(batch)
                raise
            if article.id in ids:  # the same id twice: keep the sequential meaning (second one replaces)
                total += self._write_group(batch)
                batch, ids, n_events = [], set(), 0
            if not batch:
                started = time.monotonic()
            batch.append((article, list(events)))
            ids.add(article.id)
            n_events += len(batch[-1][1])
            if (len(batch) >= BATCH_ARTICLES or n_events >= BATCH_EVENTS
                    or time.monotonic() - started >= BATCH_SECONDS):
                total += self._write_group(batch)
                batch, ids, n_events = [], set(), 0
        return total + self._write_group(batch)

    def _write_group(self, batch: list[tuple[Article, list[Event]]]) -> StoreStats:
        if not batch:
            return StoreStats()
        try:
            return self._write(batch)
        except Exception:
            if len(batch) == 1:
                raise
        # Something in the group failed and it was rolled back whole: redo it one article per transaction,
        # so that the articles before the bad one are stored and the error names the bad one.
        total = StoreStats()
        for item in batch:
            total += self._write([item])
        return total

    def _write(self, batch: Sequence[tuple[Article, list[Event]]]) -> StoreStats:
        """One transaction over whole articles with distinct ids."""
        con = self._writable()
        names = ", ".join(repr(article.id) for article, _ in batch[:3]) + (", ..." if len(batch) > 3 else "")
        try:
            con.execute("BEGIN TRANSACTION")
            hashes = {article.id: content_hash(article) for article, _ in batch}
            # a literal IN list, which DuckDB answers from the primary-key index (an unnest join scans)
            stored = dict(con.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({', '.join('?' * len(hashes))})",
                list(hashes)).fetchall())
            fresh = [(article, events) for article, events in batch
                     if stored.get(article.id) != hashes[article.id]]
            for article, _ in fresh:
                if article.id in stored:
                    con.execute("DELETE FROM events WHERE article_id = ?", [article.id])
                    con.execute("DELETE FROM articles WHERE id = ?", [article.id])
            n_events = 0
            if fresh:
                now = _now()
                article_rows = [_article_row(article, hashes[article.id], now) for article, _ in fresh]
                event_rows = [row for article, events in fresh for row in _event_rows(article, events)]
                n_events = len(event_rows)
                articles = con.appender("articles", columns=list(schema.ARTICLE_COLUMNS))
                articles.append_rows(article_rows)
                articles.flush()
                if event_rows:
                    appender = con.appender("events", columns=list(schema.EVENT_COLUMNS))
                    appender.append_rows(event_rows)
                    appender.flush()
            con.execute("COMMIT")
        except duckdb.ConstraintException as exc:
            _rollback(con)
            raise StoreError(f"article {names} not stored: {_first_line(exc)} (an event id is already "
                             f"stored for another article, or two articles produced the same event id)",
                             path=str(self.path)) from None
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"article {names} not stored: {_first_line(exc)}", path=str(self.path)) from None
        except BaseException:
            _rollback(con)
            raise
        return StoreStats(len(fresh), len(batch) - len(fresh), n_events)

    # ------------------------------------------------------------------------------------------ reading

    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id = ? LIMIT 1", [article_id]))

    def article(self, article_id: str) -> Article | None:
        """The stored article (``origin`` is not stored and comes back empty)."""
        rows = self._query("SELECT id, text, date, title, url, source, language FROM articles WHERE id = ?",
                           [article_id])
        if not rows:
            return None
        id_, text, date_, title, url, source, language = rows[0]
        return Article(id=id_, text=text, date=date_, title=title, url=url, source=source, language=language)

    def count_articles(self) -> int:
        return int(self._query("SELECT count(*) FROM articles")[0][0])

    def count_events(self) -> int:
        return int(self._query("SELECT count(*) FROM events")[0][0])

    def schema_version(self) -> int:
        return int(self._query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0])

    def events(self, *, actor: str | None = None, dyad: tuple[str, str] | None = None,
               since: date | None = None, until: date | None = None, code: str | None = None,
               modality: Sequence[str] | None = None, article_id: str | None = None,
               limit: int | None = None) -> list[Event]:
        """Stored events matching every filter given, ordered by date, article and sentence.

        ``actor``: source or target whose code starts with it (RUS: RUSGOV, RUSMIL) or whose country is it.
        ``dyad``: directed (source prefix, target prefix). ``since``/``until``: inclusive, on the event date,
        or the report date where the event date is unknown. ``code``: CAMEO code prefix. ``modality``: any
        of these (an empty sequence matches nothing).
        """
        return list(self.iter_events(actor=actor, dyad=dyad, since=since, until=until, code=code,
                                     modality=modality, article_id=article_id, limit=limit))

    def iter_events(self, *, actor: str | None = None, dyad: tuple[str, str] | None = None,
                    since: date | None = None, until: date | None = None, code: str | None = None,
                    modality: Sequence[str] | None = None, article_id: str | None = None,
                    limit: int | None = None) -> Iterator[Event]:
        """Like ``events`` but fetched in chunks, for exports larger than memory."""
        sql, params = _select(actor=actor, dyad=dyad, since=since, until=until, code=code, modality=modality,
                              article_id=article_id, limit=limit)
        # its own cursor, so that the store stays usable while a caller is part-way through the iteration
        cursor = self._connection().cursor()
        try:
            try:
                cursor.execute(sql, params)
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {_first_line(exc)}", path=str(self.path)) from None
            while rows := cursor.fetchmany(FETCH_ROWS):
                for row in rows:
                    yield _event_from_row(row)
        finally:
            cursor.close()

    def export_jsonl(self, fh: IO[str], **filters: Unpack[EventFilters]) -> int:
        """Write the matching events as JSONL (``Event.to_dict``, the public schema); returns how many."""
        from ..render import write_jsonl

        return write_jsonl(self.iter_events(**filters), fh)


# ---------------------------------------------------------------------------------------------- rows


def _article_row(article: Article, digest: str, now: datetime) -> tuple[object, ...]:
    return (article.id, article.url, article.source, article.date, article.title, article.text,
            article.language, digest, now)


def _actor_values(actor: Actor | None) -> tuple[str | None, ...]:
    if actor is None:
        return (None, None, None, None, None)
    return (actor.text, actor.code, actor.country, actor.sector, actor.name)


def _span_values(span: Span | None) -> tuple[int | None, int | None]:
    return (None, None) if span is None else (span.start, span.end)


def _quantities_json(event: Event) -> str:
    for key, value in event.quantities.items():
        if not isinstance(key, str) or not isinstance(value, int) or isinstance(value, bool):
            raise StoreError(f"event {event.id!r}: quantities must map str to int, got {key!r}: {value!r}",
                             field="quantities")
    return json.dumps(dict(event.quantities), ensure_ascii=False)


def _confidence_values(event: Event) -> tuple[float | None, ...]:
    """``field_confidence`` as the confidence_<field> columns, NULL for a field the coder gave no value."""
    scores = event.field_confidence
    for key, value in scores.items():
        if key not in schema.CONFIDENCE_FIELDS:
            raise StoreError(f"event {event.id!r}: the store has no column for confidence field {key!r} "
                             f"(it stores {', '.join(schema.CONFIDENCE_FIELDS)})", field="field_confidence")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise StoreError(f"event {event.id!r}: confidence of {key!r} must be a number in [0, 1], "
                             f"got {value!r}", field="field_confidence")
    return tuple(None if field not in scores else float(scores[field]) for field in schema.CONFIDENCE_FIELDS)


def _event_rows(article: Article, events: Sequence[Event]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    seen: dict[str, Event] = {}
    for event in events:
        if event.article_id != article.id:
            raise StoreError(f"event {event.id!r} belongs to article {event.article_id!r}, "
                             f"not {article.id!r}", field="article_id")
        if event.id in seen:
            if seen[event.id] == event:  # the same event reported twice: store it once
                continue
            raise StoreError(f"article {article.id!r} has two different events with id {event.id!r}",
                             field="id")
        seen[event.id] = event
        place = event.location
        rows.append((
            event.id, event.article_id, event.event_date, event.event_date_precision, event.report_date,
            event.event_date if event.event_date is not None else event.report_date,
            *_actor_values(event.source), *_actor_values(event.target),
            event.cameo, event.cameo_root, event.cameo_name, event.goldstein, event.quad_class,
            event.plover_type, event.plover_mode, event.modality,
            *_actor_values(event.speaker),
            _quantities_json(event),
            *((None,) * 6 if place is None else
              (place.name, place.country, place.admin1, place.lat, place.lon, place.precision)),
            event.sentence, event.sentence_span.start, event.sentence_span.end,
            event.verb_span.start, event.verb_span.end,
            *_span_values(event.source_span), *_span_values(event.target_span),
            event.confidence,
            event.manifest.tocsin_version, event.manifest.model, event.manifest.dictionary_hash,
            *_confidence_values(event),
        ))
    return rows


def _actor_from(values: Sequence[Any]) -> Actor | None:
    text, code, country, sector, name = values
    if text is None and code is None:
        return None
    return Actor(text=text, code=code, country=country, sector=sector, name=name)


def _span_from(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


_COL = {name: i for i, name in enumerate(schema.EVENT_COLUMNS)}
_CONFIDENCE_COL = [(field, _COL[schema.confidence_column(field)]) for field in schema.CONFIDENCE_FIELDS]


def _event_from_row(row: Sequence[Any]) -> Event:
    def col(name: str) -> Any:
        return row[_COL[name]]

    def actor(role: str) -> Actor | None:
        start = _COL[f"{role}_text"]
        return _actor_from(row[start:start + 5])

    location = None
    if col("location_name") is not None:
        location = Place(name=col("location_name"), country=col("location_country"), lat=col("location_lat"),
                         lon=col("location_lon"), precision=cast(PlacePrecision, col("location_precision")),
                         admin1=col("location_admin1"))
    return Event(
        id=col("id"), article_id=col("article_id"), event_date=col("event_date"),
        report_date=col("report_date"), source=actor("source"), target=actor("target"),
        cameo=col("cameo"), cameo_root=col("cameo_root"), cameo_name=col("cameo_name"),
        goldstein=col("goldstein"), quad_class=col("quad_class"), plover_type=col("plover_type"),
        plover_mode=col("plover_mode"), modality=cast(Modality, col("modality")), sentence=col("sentence"),
        sentence_span=Span(col("sentence_start"), col("sentence_end")),
        verb_span=Span(col("verb_start"), col("verb_end")),
        source_span=_span_from(col("source_start"), col("source_end")),
        target_span=_span_from(col("target_start"), col("target_end")),
        confidence=col("confidence"),
        manifest=Manifest(tocsin_version=col("tocsin_version"), model=col("model"),
                          dictionary_hash=col("dictionary_hash")),
        event_date_precision=cast("DatePrecision | None", col("event_date_precision")),
        speaker=actor("speaker"), quantities=json.loads(col("quantities")), location=location,
        field_confidence={field: row[i] for field, i in _CONFIDENCE_COL if row[i] is not None},
    )


# ---------------------------------------------------------------------------------------------- queries


def _prefix(column: str, prefix: str, params: list[object]) -> str:
    params.append(prefix)
    return f"starts_with({column}, ?)"


def event_filter(*, actor: str | None = None, dyad: tuple[str, str] | None = None, since: date | None = None,
                 until: date | None = None, code: str | None = None, modality: Sequence[str] | None = None,
                 article_id: str | None = None) -> tuple[str, list[object]]:
    """The SQL condition on the events table, with its parameters, for ``Store.events``' filters.

    Shared with analytics so that a series and an event listing always select the same events.
    """
    where: list[str] = []
    params: list[object] = []
    if actor is not None:
        sides = []
        for role in ("source", "target"):
            sides.append(_prefix(f"{role}_code", actor, params))
            sides.append(f"{role}_country = ?")
            params.append(actor)
        where.append("(" + " OR ".join(sides) + ")")
    if dyad is not None:
        source, target = dyad
        where.append(_prefix("source_code", source, params))
        where.append(_prefix("target_code", target, params))
    if since is not None:
        where.append("query_date >= ?")
        params.append(since)
    if until is not None:
        where.append("query_date <= ?")
        params.append(until)
    if code is not None:
        where.append("starts_with(cameo, ?)")
        params.append(code)
    if modality is not None:
        wanted = list(modality)
        where.append(f"modality IN ({', '.join('?' * len(wanted))})" if wanted else "FALSE")
        params.extend(wanted)
    if article_id is not None:
        where.append("article_id = ?")
        params.append(article_id)
    return " AND ".join(where) or "TRUE", params


def _select(*, actor: str | None, dyad: tuple[str, str] | None, since: date | None, until: date | None,
            code: str | None, modality: Sequence[str] | None, article_id: str | None,
            limit: int | None) -> tuple[str, list[object]]:
    where, params = event_filter(actor=actor, dyad=dyad, since=since, until=until, code=code, modality=modality,
                                 article_id=article_id)
    sql = f"SELECT {', '.join(schema.EVENT_COLUMNS)} FROM events WHERE {where}"
    sql += " ORDER BY query_date NULLS LAST, article_id, sentence_start, verb_start, id"
    if limit is not None:
        if limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        sql += f" LIMIT {int(limit)}"
    return sql, params
