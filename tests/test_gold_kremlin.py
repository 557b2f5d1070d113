"""The hand-labelled Kremlin gold set (tests/data/gold/kremlin_2021-22.jsonl, see its README): the file loads,
every record is valid (codes tocsin knows, modalities, the sentence verbatim in its article), the documented
draw reproduces it, `tocsin eval` reads the format, and the coder's scores stay above the floor measured once,
after the labels were final."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.evaluate import evaluate_events, is_event_gold, load_event_gold
from tocsin.models import MODALITIES, Article
from tocsin.ontology import is_code, lookup, roots

from .conftest import ROOT, SHARED

GOLD = ROOT / "tests" / "data" / "gold" / "kremlin_2021-22.jsonl"
CORPUS = SHARED / "corpora" / "kremlin_press_releases_2021-10_2022-06.csv"
REFERENCE = SHARED / "reference"
needs_corpus = pytest.mark.skipif(not (CORPUS.exists() and REFERENCE.exists()),
                                  reason="../shared corpora and reference not present")
# Codes the labels may use beyond tocsin's dictionary (see the gold README): CAMEO's regions for "the West"
# and "Europe", and BRICS, which the dictionary lacks.
REGIONS = frozenset({"WST", "EUR"})
EXTRA_IGOS = frozenset({"IGOBRICS"})


def raw_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def actor_vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(country codes, organisation codes, sector codes) of tocsin's package data."""
    data = resources.files("tocsin").joinpath("data")
    actors = yaml.safe_load(data.joinpath("actors.yaml").read_text(encoding="utf-8"))
    agents = yaml.safe_load(data.joinpath("agents.yaml").read_text(encoding="utf-8"))
    return (frozenset(c["code"] for c in actors["countries"]),
            frozenset(o["code"] for o in actors["organizations"]) | EXTRA_IGOS,
            frozenset(agents["agents"]))


def is_known_actor(code: str) -> bool:
    countries, organisations, sectors = actor_vocabulary()
    if code in REGIONS or code in organisations:
        return True
    return code[:3] in countries and (len(code) == 3 or code[3:] in sectors)


@cache
def corpus_by_link() -> Mapping[str, Mapping[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return {row["link"]: row for row in csv.DictReader(fh)}


def sampler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_kremlin_gold", ROOT / "scripts" / "sample_kremlin_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------ the file


def test_gold_file_loads() -> None:
    assert is_event_gold(GOLD)
    records = load_event_gold(GOLD)
    assert len(records) >= 100
    assert len({r.id for r in records}) == len(records)
    assert all(r.date is not None and r.link for r in records)
    with_events = sum(bool(r.events) for r in records)
    assert 0.55 <= with_events / len(records) <= 0.85  # about 70% with events, 30% without
    assert len({e.cameo_root for r in records for e in r.events}) >= 12


def test_every_record_is_valid() -> None:
    for record in raw_records():
        rid = record["id"]
        assert set(record) <= {"id", "link", "date", "text", "stratum", "events", "note"}, rid
        assert record["stratum"] in ("actor", "other", "conflict"), rid
        assert record["text"] == record["text"].strip() and record["text"], rid
        for event in record["events"]:
            assert event["cameo_root"] in roots(), rid
            if "cameo" in event:
                assert is_code(event["cameo"]) and lookup(event["cameo"]).root == event["cameo_root"], rid
            assert event["modality"] in MODALITIES, rid
            assert event["source"] or event["target"], rid
            for code in (*event["source"], *event["target"]):
                assert is_known_actor(code), (rid, code)


def test_actor_vocabulary_rejects_unknown_codes() -> None:
    assert is_known_actor("RUSGOV") and is_known_actor("UKRREB") and is_known_actor("IGOWSTNAT")
    assert is_known_actor("WST") and is_known_actor("IGOBRICS")
    assert not is_known_actor("XYZ") and not is_known_actor("RUSXYZ") and not is_known_actor("IGOXYZ")


@needs_corpus
def test_text_is_verbatim_in_its_article() -> None:
    articles = corpus_by_link()
    for record in raw_records():
        row = articles[record["link"]]
        assert record["text"] in row["body"], record["id"]
        assert record["date"] == row["date"][:10], record["id"]
        assert record["id"].startswith(f"kremlin-{record['link'].rsplit('/', 1)[-1]}-s"), record["id"]


@needs_corpus
def test_the_documented_draw_reproduces_the_file() -> None:
    module = sampler()
    drawn = list(module.draw(module.read_corpus(CORPUS), module.actor_lexicon(REFERENCE)))
    assert [d.as_json() for d in drawn] == [{k: r[k] for k in ("id", "link", "date", "text", "stratum")}
                                             for r in raw_records()]


# ------------------------------------------------------------------------------------------ the CLI


def test_cli_eval_reads_the_event_list_format(tmp_path: Path) -> None:
    lines = [
        {"id": "e1", "date": "2022-01-18", "text": "Russia deployed troops near the border with Ukraine on Tuesday.",
         "events": [{"source": ["RUS"], "target": ["UKR"], "cameo_root": "15", "modality": "asserted"}]},
        {"id": "e2", "date": "2022-01-18", "text": "The weather in Moscow was cold.", "events": []},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    diff = tmp_path / "diff.jsonl"
    result = CliRunner().invoke(main, ["eval", str(gold), "--diff", str(diff)])
    assert result.exit_code == 0, result.output
    for label in ("event_type CAMEO root", "event_type PLOVER", "type_dyad CAMEO root", "type_dyad PLOVER",
                  "modality accuracy", "per CAMEO root", "per PLOVER type"):
        assert label in result.stdout, label
    records = [json.loads(line) for line in diff.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["e1", "e2"]
    assert records[0]["gold"]["events"][0]["plover_type"] == "MOBILIZE"
    assert len(records[0]["verdict"]["root_dyad"]) == 1 and records[1]["verdict"]["root_dyad"] == []
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": "y", "events": [{"cameo_root": "99"}]}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(broken)])
    assert result.exit_code == 1 and "broken.jsonl:1" in result.stderr and "cameo_root" in result.stderr


# ------------------------------------------------------------------------------------------ regression floor

# Measured once, after the labels were final and before any tuning of the coder on these sentences:
# `tocsin eval tests/data/gold/kremlin_2021-22.jsonl` on 2026-11-25 (171 records, 124 gold events).
# A floor, not a target: raise it when the coder improves. Modality accuracy rests on only 8 matched
# events, so a coder that matches more events may move it either way.
MEASURED_F1 = {
    "cameo_root": 0.221, "plover_type": 0.221, "source": 0.340, "target": 0.177,
    "root_dyad": 0.081, "type_dyad": 0.081,
}
MEASURED_MODALITY_ACCURACY = 0.750
MARGIN = 0.05


@pytest.mark.slow
def test_coder_scores_stay_above_the_measured_floor(coder: Any) -> None:
    records = load_event_gold(GOLD)
    articles = [Article(id=r.id, text=r.text, date=r.date) for r in records]
    report = evaluate_events(records, [events for _, events in coder.code_articles(articles)])
    for name, measured in MEASURED_F1.items():
        assert getattr(report, name).f1 >= measured - MARGIN, (name, getattr(report, name))
    assert report.modality.accuracy >= MEASURED_MODALITY_ACCURACY - MARGIN, report.modality
