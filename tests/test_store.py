"""The DuckDB event store: schema migrations, idempotent atomic writes, filters, round trips, bad files."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import EllipsisType

import duckdb
import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.errors import StoreError
from tocsin.models import MODALITIES, Actor, Article, Event, Manifest, Place, Span
from tocsin.store import MIGRATIONS, Store, StoreStats, default_db_path, duckdb_store, open_store, schema

MANIFEST = Manifest(tocsin_version="0.1.0", model="en_core_web_sm-3.8.0", dictionary_hash="d1-v1")
LATEST = MIGRATIONS[-1].version


def make_article(article_id: str, text: str = "Russia massed troops near Ukraine.",
                 day: date | None = date(2022, 1, 18)) -> Article:
    return Article(id=article_id, text=text, date=day, title=f"Title of {article_id}",
                   url=f"https://example.org/{article_id}", source="example")


def make_event(article: Article, n: int, *, source: str | None = "RUSGOV", target: str | None = "UKRGOV",
               cameo: str = "0231", event_date: date | EllipsisType | None = ..., modality: str = "asserted",
               sentence_start: int = 0, source_country: str | None = None, **changes: object) -> Event:
    def actor(code: str | None, country: str | None) -> Actor | None:
        if code is None:
            return None
        return Actor(text=code.title(), code=code, country=country if country is not None else code[:3],
                     sector=code[3:] or None)

    event = Event(
        id=f"{article.id}-e{n}", article_id=article.id,
        event_date=article.date if isinstance(event_date, EllipsisType) else event_date,
        report_date=article.date,
        source=actor(source, source_country), target=actor(target, None),
        cameo=cameo, cameo_root=cameo[:2], cameo_name=f"name of {cameo}", goldstein=-2.5, quad_class=3,
        plover_type="THREATEN", plover_mode="", modality=modality,  # type: ignore[arg-type]
        sentence="Russia massed troops near Ukraine.",
        sentence_span=Span(sentence_start, sentence_start + 34),
        verb_span=Span(sentence_start + 7, sentence_start + 13), source_span=Span(sentence_start, 6),
        target_span=None, confidence=0.8, manifest=MANIFEST, event_date_precision="day",
        quantities={"troops": 100_000} if n == 0 else {},
        location=Place(name="Kyiv", country="UKR", lat=50.45, lon=30.52, precision="city",
                       admin1="Kyiv City"),
        # as the coder gives them: no target score without a target
        field_confidence={"type": 0.9, "source": 0.85, **({"target": 0.75} if target else {}), "event": 0.8,
                          "location": 0.7, "date": 0.8},
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.duckdb"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with open_store(db) as opened:
        yield opened


def event_ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


def write_older_store(db: Path, version: int, items: list[tuple[Article, list[Event]]],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A store as an older tocsin left it: migrated to ``version`` only, holding rows of the columns it had."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", MIGRATIONS[:version])
        open_store(db).close()
    con = duckdb.connect(str(db))
    try:
        for table, names in (("articles", schema.ARTICLE_COLUMNS), ("events", schema.EVENT_COLUMNS)):
            present = {r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()}
            keep = [i for i, name in enumerate(names) if name in present]
            if table == "articles":
                rows = [duckdb_store._article_row(a, duckdb_store.content_hash(a), duckdb_store._now())
                        for a, _ in items]
            else:
                rows = [row for a, events in items for row in duckdb_store._event_rows(a, events)]
            appender = con.appender(table, columns=[names[i] for i in keep])
            appender.append_rows([tuple(row[i] for i in keep) for row in rows])
            appender.flush()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- schema


def test_migrations_are_numbered_from_one_and_named() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)
    assert all(m.sql.strip() for m in MIGRATIONS)


def test_new_store_records_every_migration(db: Path) -> None:
    with open_store(db) as store:
        assert store.schema_version() == LATEST
        assert store.count_articles() == 0 and store.count_events() == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall()
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'").fetchall()}
    con.close()
    assert [(v, n) for v, n, _ in rows] == [(m.version, m.name) for m in MIGRATIONS]
    assert all(applied is not None for *_, applied in rows)
    assert set(schema.EVENT_COLUMNS) <= columns


def test_older_store_is_migrated_and_keeps_its_data(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = make_article("a1")
    write_older_store(db, 1, [(article, [make_event(article, 0)])], monkeypatch)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_migrations").fetchall() == [(1,)]
    con.close()
    with pytest.raises(StoreError, match="older"):  # read-only cannot migrate
        open_store(db, read_only=True)
    with open_store(db) as store:
        assert store.schema_version() == LATEST
        assert event_ids(store.events()) == ["a1-e0"]
    con = duckdb.connect(str(db), read_only=True)
    indexes = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    con.close()
    assert "events_article_id" in indexes


def test_store_from_a_newer_tocsin_is_refused(db: Path) -> None:
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now()::TIMESTAMP)", [LATEST + 1])
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer tocsin") as info:
            open_store(db, read_only=read_only)
        assert str(db) in str(info.value)


def test_store_whose_migration_names_differ_is_refused(db: Path) -> None:
    open_store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE schema_migrations SET name = 'something else' WHERE version = 1")
    con.close()
    with pytest.raises(StoreError, match="recorded as 'something else'"):
        open_store(db)


# ---------------------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize("content", [b"", b"this is a text file, not a database\n" * 200])
def test_a_file_that_is_not_duckdb_is_a_store_error(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a DuckDB database") as info:
            open_store(db, read_only=read_only)
        assert str(db) in str(info.value)
        assert info.value.__cause__ is None and info.value.__suppress_context__


def test_read_only_on_a_missing_file_is_an_error_and_creates_nothing(db: Path) -> None:
    with pytest.raises(StoreError, match="no event store") as info:
        open_store(db, read_only=True)
    assert str(db) in str(info.value)
    assert not db.exists()


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory") as info:
        open_store(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_a_duckdb_file_without_tocsin_tables_is_refused_read_only(db: Path) -> None:
    duckdb.connect(str(db)).close()
    with pytest.raises(StoreError, match="not a tocsin event store"):
        open_store(db, read_only=True)


def test_a_second_process_gets_a_clear_lock_error(db: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom tocsin.store import open_store\n"
         "store = open_store(sys.argv[1])\nprint('open', flush=True)\nsys.stdin.readline()\nstore.close()",
         str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        for read_only in (False, True):
            with pytest.raises(StoreError) as info:
                open_store(db, read_only=read_only)
            assert str(info.value) == f"database is locked by another process: {db}"
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    open_store(db).close()  # released with the other process


def test_opening_in_the_other_mode_in_the_same_process_is_a_store_error(store: Store, db: Path) -> None:
    with pytest.raises(StoreError, match="other mode") as info:
        open_store(db, read_only=True)
    assert str(db) in str(info.value)


def test_read_only_store_reads_but_does_not_write(db: Path) -> None:
    article = make_article("a1")
    with open_store(db) as store:
        store.add_article(article, [make_event(article, 0)])
    with open_store(db, read_only=True) as store:
        assert store.count_events() == 1 and store.has_article("a1")
        with pytest.raises(StoreError, match="read-only"):
            store.add_article(make_article("a2"), [])


def test_closed_store_raises(store: Store) -> None:
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.count_events()


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("TOCSIN_DB")
    assert default_db_path() == platformdirs.user_data_path("tocsin") / "tocsin.duckdb"


def test_open_store_without_path_uses_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    target = tmp_path / "nested" / "dir" / "env.duckdb"
    monkeypatch.setenv("TOCSIN_DB", str(target))
    with open_store() as store:
        assert store.path == target
    assert target.exists()


# ---------------------------------------------------------------------------------------------- writing


def test_re_adding_the_same_article_changes_nothing(store: Store) -> None:
    article = make_article("a1")
    events = [make_event(article, 0), make_event(article, 1, cameo="190")]
    assert store.add_article(article, events) is True
    before = store.events()
    # same content: unchanged even if the events passed now differ (no silent re-coding of history)
    assert store.add_article(dataclasses.replace(article, origin="elsewhere.jsonl:3"), events[:1]) is False
    assert store.events() == before
    assert store.count_articles() == 1 and store.count_events() == 2


def test_changed_content_replaces_the_articles_events(store: Store) -> None:
    article = make_article("a1")
    other = make_article("a2")
    store.add_article(article, [make_event(article, 0), make_event(article, 1, cameo="190")])
    store.add_article(other, [make_event(other, 0)])
    changed = dataclasses.replace(article, text="Russia withdrew troops from the border.")
    assert store.add_article(changed, [make_event(changed, 5, cameo="0874")]) is True
    assert event_ids(store.events(article_id="a1")) == ["a1-e5"]
    assert event_ids(store.events(article_id="a2")) == ["a2-e0"]
    assert store.article("a1") == changed
    assert store.count_articles() == 2 and store.count_events() == 2


def test_content_hash_ignores_origin_but_not_content() -> None:
    article = make_article("a1")
    assert duckdb_store.content_hash(article) == duckdb_store.content_hash(
        dataclasses.replace(article, origin="x:1"))
    for change in ({"text": "other"}, {"title": "other"}, {"date": date(2022, 1, 19)}, {"url": "u"},
                   {"source": "s"}, {"language": "de"}):
        assert duckdb_store.content_hash(article) != duckdb_store.content_hash(
            dataclasses.replace(article, **change))


def test_an_event_that_cannot_be_serialised_leaves_nothing_of_its_article(store: Store) -> None:
    kept = make_article("kept")
    store.add_article(kept, [make_event(kept, 0)])
    before = store.events()
    bad = make_article("bad")
    events = [make_event(bad, 0), make_event(bad, 1, quantities={"troops": "many"})]
    with pytest.raises(StoreError, match="quantities"):
        store.add_article(bad, events)
    assert not store.has_article("bad")
    assert store.events() == before and store.count_articles() == 1
    assert store.add_article(make_article("next"), []) is True  # no transaction left dangling


def test_a_database_error_after_the_article_row_is_written_rolls_back(store: Store) -> None:
    first = make_article("first")
    store.add_article(first, [make_event(first, 0), make_event(first, 1, cameo="190")])
    before = store.events()
    second = make_article("second")
    # the second event reuses an id stored for the first article: the failure comes from DuckDB at insert
    clash = make_event(second, 1, id="first-e0")
    with pytest.raises(StoreError, match="not stored") as info:
        store.add_article(second, [make_event(second, 0), clash])
    assert "'second'" in str(info.value)
    assert not store.has_article("second") and store.events() == before

    # a failed replacement keeps the old version: article row and events (their DELETEs are rolled back)
    third = make_article("third")
    store.add_article(third, [make_event(third, 0)])
    before = store.events()
    changed = dataclasses.replace(first, text="changed")
    for events in ([make_event(changed, 7), make_event(changed, 8, id="third-e0")],  # fails in DuckDB
                   [make_event(changed, 7), make_event(changed, 7, cameo="190")]):  # fails in tocsin
        with pytest.raises(StoreError):
            store.add_article(changed, events)
        assert store.events() == before
        assert store.article("first") == first
        assert store.add_article(first, []) is False


def test_failure_in_the_middle_of_the_write_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = make_article("kept")
    store.add_article(kept, [make_event(kept, 0)])

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    article = make_article("a1")
    with monkeypatch.context() as patch:
        patch.setattr(duckdb_store, "_event_rows", explode)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.add_article(article, [make_event(article, 0)])
    assert not store.has_article("a1") and store.count_events() == 1
    assert store.add_article(article, [make_event(article, 0)]) is True


def test_events_must_belong_to_the_article(store: Store) -> None:
    a, b = make_article("a"), make_article("b")
    with pytest.raises(StoreError, match="belongs to article 'b'"):
        store.add_article(a, [make_event(b, 0)])
    assert store.count_articles() == 0


def test_duplicate_event_ids_within_an_article(store: Store) -> None:
    article = make_article("a1")
    event = make_event(article, 0)
    store.add_article(article, [event, event])  # the same event twice is stored once
    assert event_ids(store.events()) == ["a1-e0"]
    other = make_article("a2")
    with pytest.raises(StoreError, match="two different events"):
        store.add_article(other, [make_event(other, 0), make_event(other, 0, cameo="190")])
    assert not store.has_article("a2")


def test_add_many_counts_added_unchanged_and_replaced(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duckdb_store, "BATCH_ARTICLES", 2)  # several groups in one call
    arts = [make_article(f"a{i}") for i in range(5)]
    stats = store.add_many((a, [make_event(a, 0), make_event(a, 1, cameo="190")]) for a in arts)
    assert stats == StoreStats(articles_added=5, articles_unchanged=0, events_added=10)
    changed = dataclasses.replace(arts[1], text="new text")
    again = [(arts[0], []), (changed, [make_event(changed, 3)]), (arts[2], []),
             (changed, [make_event(changed, 3)]),  # same id twice in one stream: the second is unchanged
             (make_article("new"), [make_event(make_article("new"), 0)])]
    assert store.add_many(again) == StoreStats(articles_added=2, articles_unchanged=3, events_added=2)
    assert event_ids(store.events(article_id="a1")) == ["a1-e3"]
    assert store.count_articles() == 6 and store.count_events() == 10


def test_add_many_stores_the_articles_before_a_bad_one(store: Store) -> None:
    good = [make_article(f"g{i}") for i in range(3)]
    bad = make_article("bad")
    items = [(a, [make_event(a, 0)]) for a in good[:2]]
    items += [(bad, [make_event(bad, 0, quantities={"dead": 1.5})]), (good[2], [make_event(good[2], 0)])]
    with pytest.raises(StoreError, match="quantities"):
        store.add_many(items)
    assert [store.has_article(a) for a in ("g0", "g1", "bad", "g2")] == [True, True, False, False]
    assert store.count_events() == 2


def test_add_many_commits_what_it_received_when_the_stream_fails(store: Store) -> None:
    def stream() -> Iterator[tuple[Article, list[Event]]]:
        for i in range(3):
            article = make_article(f"s{i}")
            yield article, [make_event(article, 0)]
        raise RuntimeError("coder crashed")

    with pytest.raises(RuntimeError, match="coder crashed"):
        store.add_many(stream())
    assert store.count_articles() == 3 and store.count_events() == 3


def test_store_persists_across_reopening(db: Path) -> None:
    article = make_article("a1")
    events = [make_event(article, i, sentence_start=40 * i) for i in range(3)]
    with open_store(db) as store:
        store.add_article(article, events)
    with open_store(db, read_only=True) as store:
        assert store.events() == events


# ---------------------------------------------------------------------------------------------- filters


@pytest.fixture
def filled(store: Store) -> Store:
    a = make_article("a", day=date(2022, 1, 10))
    b = make_article("b", day=date(2022, 1, 15))
    c = make_article("c", day=None)
    store.add_article(a, [
        make_event(a, 1, source="RUSGOV", target="UKRGOV", cameo="1312", modality="threatened",
                   sentence_start=50),
        make_event(a, 2, source="RUSMIL", target="UKRMIL", cameo="190", event_date=date(2022, 1, 12)),
        make_event(a, 3, source="NATO", target="RUSGOV", cameo="154", modality="hypothetical",
                   event_date=date(2022, 1, 11), source_country=""),
        # a code that does not start with RUS, but a Russian actor all the same
        make_event(a, 4, source="IMGMIL", target=None, cameo="0231", event_date=date(2022, 1, 11),
                   source_country="RUS", modality="reported"),
        make_event(a, 5, source="UKRGOV", target="RUSGOV", cameo="150", modality="reported",
                   sentence_start=0),
    ])
    store.add_article(b, [
        make_event(b, 1, source="USAGOV", target=None, cameo="0231", event_date=date(2022, 1, 20),
                   modality="planned"),
        make_event(b, 2, source="UKRGOV", target="RUSGOV", cameo="1563", event_date=None),  # report date only
    ])
    store.add_article(c, [make_event(c, 1, source="RUSGOV", target="USAGOV", cameo="0231")])  # no dates
    return store


def test_events_are_ordered_by_date_article_and_sentence(filled: Store) -> None:
    assert event_ids(filled.events()) == ["a-e5", "a-e1", "a-e3", "a-e4", "a-e2", "b-e2", "b-e1", "c-e1"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": "RUS"}, ["a-e5", "a-e1", "a-e3", "a-e4", "a-e2", "b-e2", "c-e1"]),
    ({"actor": "RUSMIL"}, ["a-e2"]),
    ({"actor": "USA"}, ["b-e1", "c-e1"]),
    ({"actor": "NATO"}, ["a-e3"]),
    ({"dyad": ("RUS", "UKR")}, ["a-e1", "a-e2"]),
    ({"dyad": ("UKR", "RUS")}, ["a-e5", "b-e2"]),
    ({"dyad": ("RUSMIL", "UKR")}, ["a-e2"]),
    ({"since": date(2022, 1, 12)}, ["a-e2", "b-e2", "b-e1"]),
    ({"until": date(2022, 1, 11)}, ["a-e5", "a-e1", "a-e3", "a-e4"]),
    ({"since": date(2022, 1, 15), "until": date(2022, 1, 15)}, ["b-e2"]),
    ({"code": "15"}, ["a-e5", "a-e3", "b-e2"]),
    ({"code": "1312"}, ["a-e1"]),
    ({"code": "13"}, ["a-e1"]),
    ({"code": "02"}, ["a-e4", "b-e1", "c-e1"]),
    ({"modality": ["threatened", "planned"]}, ["a-e1", "b-e1"]),
    ({"modality": ("reported",)}, ["a-e5", "a-e4"]),
    ({"modality": []}, []),
    ({"article_id": "b"}, ["b-e2", "b-e1"]),
    ({"limit": 2}, ["a-e5", "a-e1"]),
    ({"limit": 0}, []),
    ({"actor": "RUS", "code": "1", "since": date(2022, 1, 11), "modality": ["asserted", "hypothetical"]},
     ["a-e3", "a-e2", "b-e2"]),
])
def test_event_filters(filled: Store, filters: dict[str, object], expected: list[str]) -> None:
    assert event_ids(filled.events(**filters)) == expected  # type: ignore[arg-type]
    assert event_ids(list(filled.iter_events(**filters))) == expected  # type: ignore[arg-type]


def test_iter_events_leaves_the_store_usable_mid_iteration(filled: Store, monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(duckdb_store, "FETCH_ROWS", 2)
    seen = []
    for event in filled.iter_events():
        seen.append(event.id)
        assert filled.count_events() == 8
    assert seen == event_ids(filled.events())


def test_export_jsonl_writes_the_public_records(filled: Store) -> None:
    out = io.StringIO()
    assert filled.export_jsonl(out, dyad=("UKR", "RUS")) == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == [e.to_dict() for e in filled.events(dyad=("UKR", "RUS"))]
    assert records[0]["source"]["code"] == "UKRGOV" and records[0]["sentence_span"] == [0, 34]


def test_negative_limit_is_rejected(filled: Store) -> None:
    with pytest.raises(ValueError, match="limit"):
        filled.events(limit=-1)


# ---------------------------------------------------------------------------------------------- round trip

_text = st.text(max_size=12)
_opt_text = st.none() | _text
_finite = st.floats(allow_nan=False)
_int32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)
_int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_spans = st.builds(Span, _int32, _int32)
_actors = st.none() | st.builds(Actor, text=_text, code=_text, country=_opt_text, sector=_opt_text,
                                name=_opt_text)
_places = st.none() | st.builds(Place, name=_text, country=_opt_text, lat=st.none() | _finite,
                                lon=st.none() | _finite,
                                precision=st.sampled_from(["city", "admin1", "country"]), admin1=_opt_text)
_manifests = st.builds(Manifest, tocsin_version=_text, model=_text, dictionary_hash=_text)
_field_confidences = st.dictionaries(st.sampled_from(schema.CONFIDENCE_FIELDS),
                                     st.floats(min_value=0.0, max_value=1.0), max_size=len(schema.CONFIDENCE_FIELDS))


@st.composite
def _events_of(draw: st.DrawFn, article_id: str) -> Event:
    return Event(
        id=draw(_text), article_id=article_id, event_date=draw(st.none() | st.dates()),
        report_date=draw(st.none() | st.dates()), source=draw(_actors), target=draw(_actors),
        cameo=draw(_text), cameo_root=draw(_text), cameo_name=draw(_text), goldstein=draw(_finite),
        quad_class=draw(_int32), plover_type=draw(_text), plover_mode=draw(_text),
        modality=draw(st.sampled_from(MODALITIES)),
        sentence=draw(st.text(max_size=40)), sentence_span=draw(_spans), verb_span=draw(_spans),
        source_span=draw(st.none() | _spans), target_span=draw(st.none() | _spans), confidence=draw(_finite),
        manifest=draw(_manifests),
        event_date_precision=draw(st.none() | st.sampled_from(["day", "month", "year"])),
        speaker=draw(_actors), quantities=draw(st.dictionaries(_text, _int64, max_size=3)),
        location=draw(_places), field_confidence=draw(_field_confidences),
    )


@st.composite
def _articles_with_events(draw: st.DrawFn) -> tuple[Article, list[Event]]:
    article = Article(id=draw(_text), text=draw(st.text(max_size=60)), date=draw(st.none() | st.dates()),
                      title=draw(_text), url=draw(_text), source=draw(_text), language=draw(_text))
    events = draw(st.lists(_events_of(article.id), max_size=4, unique_by=lambda e: e.id))
    return article, events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_articles_with_events())
def test_round_trip(item: tuple[Article, list[Event]]) -> None:
    article, events = item
    with open_store(":memory:") as store:
        assert store.add_article(article, events) is True
        stored = store.events(article_id=article.id)
        assert {e.id: e for e in stored} == {e.id: e for e in events}
        assert store.article(article.id) == dataclasses.replace(article, origin="")
        assert store.add_article(article, events) is False
