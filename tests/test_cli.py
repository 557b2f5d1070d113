"""The CLI end to end: code, ingest (idempotent, atomic), events filters, errors as one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import main

from .conftest import SEED

ARTICLE = "Russia deployed troops near the border with Ukraine on Tuesday, officials said."


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_is_documented_in_readme(runner: CliRunner) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name in main.commands:  # type: ignore[attr-defined]
        if name != "demo":
            assert f"tocsin {name}" in readme, name
    assert "tocsin demo" in readme


def test_demo_prints_the_seed_events(runner: CliRunner) -> None:
    result = runner.invoke(main, ["demo", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) >= 10
    assert {"source", "target", "cameo", "modality", "sentence", "manifest"} <= set(records[0])


def test_code_formats(runner: CliRunner, tmp_path: Path) -> None:
    for fmt in ("table", "jsonl", "csv"):
        result = runner.invoke(main, ["code", str(SEED), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "RUS" in result.stdout


def test_txt_needs_a_date(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = runner.invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert "a.txt" in result.stderr and "date" in result.stderr
    assert "Traceback" not in result.output
    ok = runner.invoke(main, ["code", str(path), "--date", "2022-01-18", "--format", "jsonl"])
    assert ok.exit_code == 0, ok.output
    event = json.loads(ok.stdout.splitlines()[0])
    assert event["source"]["country"] == "RUS" and event["cameo_root"] == "15"
    assert event["event_date"] == "2022-01-18"


def test_ingest_is_idempotent_and_queryable(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    first = runner.invoke(main, ["ingest", str(SEED), "--db", db])
    assert first.exit_code == 0, first.output
    out1 = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"]).stdout
    again = runner.invoke(main, ["ingest", str(SEED), "--db", db])
    assert again.exit_code == 0 and "0 articles added" in again.stderr
    assert runner.invoke(main, ["events", "--db", db, "--format", "jsonl"]).stdout == out1
    dyad = runner.invoke(main, ["events", "--db", db, "--dyad", "RUS:UKR", "--code", "15", "--format", "jsonl"])
    rows = [json.loads(x) for x in dyad.stdout.splitlines()]
    assert rows and all(r["source"]["code"].startswith("RUS") and r["cameo_root"] == "15" for r in rows)
    bad = runner.invoke(main, ["events", "--db", db, "--dyad", "RUS"])
    assert bad.exit_code != 0 and "SOURCE:TARGET" in bad.output


def test_bad_record_stops_but_keeps_what_was_stored(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    good = {"id": "g1", "date": "2022-01-18", "text": ARTICLE}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good) + "\n{not json\n")
    result = runner.invoke(main, ["ingest", str(src), "--db", db])
    assert result.exit_code == 1
    assert "in.jsonl:2" in result.stderr and "Traceback" not in result.output
    listed = runner.invoke(main, ["events", "--db", db, "--format", "jsonl"])
    assert any(json.loads(x)["article_id"] == "g1" for x in listed.stdout.splitlines())
    skipped = runner.invoke(main, ["ingest", str(src), "--db", db, "--skip-bad"])
    assert skipped.exit_code == 0 and "in.jsonl:2" in skipped.stderr


def test_missing_database_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "none.duckdb" in result.stderr


def test_eval_scores_and_writes_a_diff(runner: CliRunner, tmp_path: Path) -> None:
    gold = [{"id": "G-1", "date": "2022-01-18", "event": "MOBILIZE", "text": ARTICLE,
             "source": [{"actorText": "Russia", "code": "RUS"}], "target": [{"actorText": "Ukraine", "code": "UKR"}]}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    diff = tmp_path / "diff.jsonl"
    for extra in ([], ["--without-statements"]):
        result = runner.invoke(main, ["eval", str(path), "--diff", str(diff), *extra])
        assert result.exit_code == 0, result.output
        assert "type_dyad" in result.stdout
        record = json.loads(diff.read_text().splitlines()[0])
        assert record["id"] == "G-1" and record["verdict"]["type_dyad"] is True
        if extra:
            assert all(p["plover_type"] != "STATEMENT" for p in record["predicted"])


def test_bad_user_dictionary_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    verbs = tmp_path / "my_verbs.yaml"
    verbs.write_text('- code: "999"\n  verbs: ["zap"]\n')
    result = runner.invoke(main, ["code", str(SEED), "--verbs", str(verbs)])
    assert result.exit_code == 1 and "my_verbs.yaml" in result.stderr and "999" in result.stderr
    broken = tmp_path / "my_actors.yaml"
    broken.write_text("countries:\n  - code: [\n")
    result = runner.invoke(main, ["code", str(SEED), "--actors", str(broken)])
    assert result.exit_code == 1 and "my_actors.yaml:" in result.stderr and "Traceback" not in result.output
