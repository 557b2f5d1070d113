"""Event.field_confidence in the store (migration 4), in SQL, and in every output format."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from tocsin import render
from tocsin.cli import main
from tocsin.clusters import event_clusters, update_clusters
from tocsin.errors import StoreError
from tocsin.events import confidence
from tocsin.ingest import read_articles
from tocsin.models import Article, Event
from tocsin.store import MIGRATIONS, open_store, schema

from .conftest import SEED
from .test_store import make_article, make_event, write_older_store

COLUMNS = [schema.confidence_column(f) for f in schema.CONFIDENCE_FIELDS]


@pytest.fixture(scope="module")
def seed_coded(coder: Any) -> tuple[Article, list[Event]]:
    [article] = list(read_articles([SEED]))
    return article, list(coder.code_article(article))


def test_the_store_has_a_column_for_every_field_the_coder_scores(seed_coded: tuple[Article, list[Event]]) -> None:
    _, events = seed_coded
    assert events
    given = {key for event in events for key in event.field_confidence}
    # the calibrated fields, the location prior (the seed has located events) and the date prior
    assert given >= {*confidence.FIELDS, "location", "date"}
    assert given <= set(schema.CONFIDENCE_FIELDS)
    assert set(confidence.FIELDS) <= set(schema.CONFIDENCE_FIELDS)
    assert render.CONFIDENCE_FIELDS == schema.CONFIDENCE_FIELDS


def test_coded_events_come_back_from_the_store_equal(tmp_path: Path,
                                                     seed_coded: tuple[Article, list[Event]]) -> None:
    article, events = seed_coded
    with open_store(tmp_path / "e.duckdb") as store:
        store.add_article(article, events)
    with open_store(tmp_path / "e.duckdb", read_only=True) as store:
        stored = store.events(article_id=article.id)
    assert {e.id: e for e in stored} == {e.id: e for e in events}
    assert all(e.field_confidence for e in stored)
    by_id = {e.id: e for e in events}
    for event in stored:  # the coder's key order survives, so JSONL records are byte-identical
        assert list(event.field_confidence) == list(by_id[event.id].field_confidence)
        assert json.dumps(event.to_dict()) == json.dumps(by_id[event.id].to_dict())


def test_a_store_at_migration_3_is_upgraded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.duckdb"
    old = make_article("old")
    old_events = [make_event(old, i, sentence_start=40 * i) for i in range(3)]
    write_older_store(db, 3, [(old, old_events)], monkeypatch)
    with open_store(db) as store:
        assert store.schema_version() == MIGRATIONS[-1].version == 4
        update_clusters(store)
        stored = store.events()
        # every old row survives with all its other fields; the scores it never had read as an empty mapping
        assert stored == [dataclasses.replace(e, field_confidence={}) for e in old_events]
        new = make_article("new")
        new_events = [make_event(new, 0, target=None)]
        store.add_article(new, new_events)
        assert store.events(article_id="new") == new_events
        update_clusters(store)
        members = [e for c in event_clusters(store) for e in c.events(store)]
        assert {e.id: e.field_confidence for e in members} == {
            **{e.id: {} for e in old_events}, "new-e0": new_events[0].field_confidence}
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(f"SELECT article_id, {', '.join(COLUMNS)} FROM events ORDER BY id").fetchall()
    finally:
        con.close()
    assert [r[1:] for r in rows if r[0] == "old"] == [(None,) * len(COLUMNS)] * 3
    # the new event has no target, so no target score: NULL, not 0
    assert [r[1:] for r in rows if r[0] == "new"] == [(0.9, 0.85, None, 0.8, 0.7, 0.8)]


def test_sql_filters_on_one_field(tmp_path: Path) -> None:
    article = make_article("a")
    events = [make_event(article, 0, field_confidence={"type": 0.95, "source": 0.5, "target": 0.9}),
              make_event(article, 1, field_confidence={"type": 0.6, "source": 0.9}, target=None),
              make_event(article, 2, field_confidence={})]
    with open_store(tmp_path / "e.duckdb") as store:
        store.add_article(article, events)
    con = duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True)
    try:
        def ids(where: str) -> list[str]:
            return [r[0] for r in con.execute(f"SELECT id FROM events WHERE {where} ORDER BY id").fetchall()]

        assert ids("confidence_type >= 0.8") == ["a-e0"]
        assert ids("confidence_source >= 0.8") == ["a-e1"]
        assert ids("confidence_target IS NULL") == ["a-e1", "a-e2"]
        assert ids("confidence_type IS NULL AND confidence_source IS NULL") == ["a-e2"]
    finally:
        con.close()


@pytest.mark.parametrize(("scores", "message"), [
    ({"speaker": 0.5}, "no column for confidence field 'speaker'"),
    ({"type": 1.5}, "must be a number in"),
    ({"type": -0.01}, "must be a number in"),
    ({"type": math.nan}, "must be a number in"),
    ({"type": True}, "must be a number in"),
    ({"type": "0.9"}, "must be a number in"),
])
def test_scores_the_store_cannot_hold_are_refused_and_nothing_is_written(tmp_path: Path, scores: dict[str, Any],
                                                                          message: str) -> None:
    article = make_article("a")
    with open_store(tmp_path / "e.duckdb") as store:
        with pytest.raises(StoreError, match=message) as info:
            store.add_article(article, [make_event(article, 0), make_event(article, 1, field_confidence=scores)])
        assert info.value.field == "field_confidence" and "'a-e1'" in str(info.value)
        assert store.count_articles() == 0 and store.count_events() == 0


def test_whole_number_scores_round_trip() -> None:
    article = make_article("a")
    event = make_event(article, 0, field_confidence={"type": 1, "date": 0})
    with open_store(":memory:") as store:
        store.add_article(article, [event])
        [stored] = store.events()
    assert stored == event and stored.field_confidence == {"type": 1.0, "date": 0.0}


# ---------------------------------------------------------------------------------------------- output


def test_csv_has_one_column_per_field_empty_where_unscored() -> None:
    article = make_article("a")
    events = [make_event(article, 0), make_event(article, 1, target=None), make_event(article, 2, field_confidence={})]
    out = io.StringIO()
    assert render.write_csv(events, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    columns = [f"field_confidence_{f}" for f in schema.CONFIDENCE_FIELDS]
    assert set(columns) <= set(rows[0])
    assert [[row[c] for c in columns] for row in rows] == [
        ["0.9", "0.85", "0.75", "0.8", "0.7", "0.8"],
        ["0.9", "0.85", "", "0.8", "0.7", "0.8"],
        [""] * len(columns),
    ]
    assert rows[0]["confidence"] == "0.8" and rows[0]["manifest_model"] == events[0].manifest.model


def test_jsonl_carries_the_scores_under_field_confidence() -> None:
    article = make_article("a")
    out = io.StringIO()
    render.write_jsonl([make_event(article, 1, target=None), make_event(article, 2, field_confidence={})], out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["field_confidence"] == {"type": 0.9, "source": 0.85, "event": 0.8, "location": 0.7, "date": 0.8}
    assert second["field_confidence"] == {}


def test_the_table_stays_one_line_per_event() -> None:
    article = make_article("a")
    out = io.StringIO()
    assert render.write_table([make_event(article, 0), make_event(article, 1)], out) == 2
    assert len(out.getvalue().splitlines()) == 3


def test_events_after_ingest_show_what_code_shows(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "t.duckdb")
    coded = runner.invoke(main, ["code", str(SEED), "--format", "jsonl"])
    assert coded.exit_code == 0, coded.output
    assert runner.invoke(main, ["ingest", str(SEED), "--db", db]).exit_code == 0
    listed = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    from_code = {r["id"]: r for r in map(json.loads, coded.stdout.splitlines())}
    from_store = {r["id"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert from_store == from_code
    assert all(r["field_confidence"].keys() >= {"type", "source", "event", "date"} for r in from_store.values())
    as_csv = runner.invoke(main, ["events", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(from_store)
    assert {r["id"]: float(r["field_confidence_type"]) for r in rows} == {
        i: r["field_confidence"]["type"] for i, r in from_store.items()}
