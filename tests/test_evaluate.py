"""Evaluation against PLOVER gold sentences and event-list (JSONL) gold: each metric's counts checked by hand
on small fake data, the gold loaders (old names, country variants, reciprocal actors, malformed records), the
reports and the diffs. No spaCy: events are built directly."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tocsin.errors import InputError, TocsinError
from tocsin.evaluate import (
    EvalReport,
    EventGoldRecord,
    GoldEvent,
    GoldRecord,
    Scores,
    evaluate,
    evaluate_coder,
    evaluate_events,
    format_event_report,
    format_report,
    is_event_gold,
    load_event_gold,
    load_gold,
    normalise_actor_code,
    normalise_event_type,
    write_diff,
)
from tocsin.models import Actor, Event, Manifest, Modality, Span
from tocsin.ontology import PLOVER_TYPES, lookup

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "reference" / "plover_gsr_cameo" / "PLOVER_GSR_CAMEO.json"
MANIFEST = Manifest("test", "none", "none")


def actor(code: str) -> Actor:
    if code.startswith(("IGO", "NGO", "IMG")):
        return Actor(text=code, code=code, country=None)
    return Actor(text=code, code=code, country=code[:3], sector=code[3:6] or None)


def event(cameo: str, source: str | None, target: str | None = None,
          modality: Modality = "asserted") -> Event:
    code = lookup(cameo)
    return Event(
        id=f"{cameo}-{source}-{target}", article_id="a", event_date=None, report_date=None,
        source=actor(source) if source else None, target=actor(target) if target else None,
        cameo=code.code, cameo_root=code.root, cameo_name=code.name, goldstein=code.goldstein,
        quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
        modality=modality, sentence="s", sentence_span=Span(0, 1), verb_span=Span(0, 1),
        source_span=None, target_span=None, confidence=0.5, manifest=MANIFEST,
    )


def gold(rid: str, ev: str, sources: Sequence[str] = (), targets: Sequence[str] = ()) -> GoldRecord:
    return GoldRecord(rid, f"text of {rid}", None, ev, tuple(sources), tuple(targets))


def counts(s: Scores) -> tuple[int, int, int]:
    return s.tp, s.fp, s.fn


# ------------------------------------------------------------------------------------------ metrics

# Three records: a hit with one wrong extra type, a miss with a wrong type, and nothing predicted.
GOLD3 = [
    gold("r1", "AGREE", ["USA", "JOR"], ["USA", "JOR"]),
    gold("r2", "REQUEST", ["IGO"], ["SRB"]),
    gold("r3", "ASSAULT", [], ["IRQ"]),
]
PRED3 = [
    [event("030", "USAGOV", "JORGOV"), event("036", "JORGOV", "USAGOV"), event("120", "GBRGOV", "USAGOV")],
    [event("010", "IGOUNO", "SRBGOV"), event("100", "RUSGOV", "SRBGOV")],
    [],
]


def test_event_type_counts() -> None:
    report = evaluate(GOLD3, PRED3)
    # r1: AGREE found (tp), REJECT extra (fp); r2: REQUEST found (tp), STATEMENT extra (fp); r3: fn
    assert counts(report.event_type) == (2, 2, 1)
    assert report.event_type.precision == pytest.approx(2 / 4)
    assert report.event_type.recall == pytest.approx(2 / 3)
    assert report.event_type.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert report.n_records == 3


def test_source_and_target_counts() -> None:
    report = evaluate(GOLD3, PRED3)
    # sources  r1: {USA,JOR,GBR} vs {USA,JOR} -> tp2 fp1; r2: {IGO,RUS} vs {IGO} -> tp1 fp1; r3: none
    assert counts(report.source) == (3, 2, 0)
    # targets  r1: {JOR,USA} vs {USA,JOR} -> tp2; r2: {SRB} vs {SRB} -> tp1; r3: {} vs {IRQ} -> fn1
    assert counts(report.target) == (3, 0, 1)


def test_type_dyad_counts() -> None:
    report = evaluate(GOLD3, PRED3)
    # r1: two AGREE triples match, REJECT does not -> tp1 fp1
    # r2: STATEMENT IGO->SRB has the actors but not the type, REQUEST RUS->SRB the type but not the
    #     source -> no match: fp2 fn1; r3: nothing predicted -> fn1
    assert counts(report.type_dyad) == (1, 3, 2)
    r1, r2, r3 = report.records
    assert (r1.dyad_found, r1.unmatched_dyads) == (True, 1)
    assert (r2.dyad_found, r2.unmatched_dyads) == (False, 2)
    assert (r3.dyad_found, r3.unmatched_dyads) == (False, 0)


def test_type_dyad_source_and_target_rules() -> None:
    records = [
        gold("no-target", "PROTEST", ["HKG"]),  # any predicted target is accepted
        gold("no-source", "ASSAULT", [], ["IRQ"]),  # the prediction must have no source either
        gold("wrong-target", "THREATEN", ["RUS"], ["UKR"]),
    ]
    predictions = [
        [event("141", "HKGCVL", "CHNGOV")],
        [event("190", "USAMIL", "IRQ"), event("190", None, "IRQ")],
        [event("138", "RUSGOV", "USAGOV")],
    ]
    report = evaluate(records, predictions)
    assert [d.dyad_found for d in report.records] == [True, True, False]
    assert counts(report.type_dyad) == (2, 2, 1)
    # the target metric is strict where the dyad is lenient: a target the gold lacks is an fp
    # (CHN fp; IRQ tp; USA fp and UKR fn)
    assert counts(report.target) == (1, 2, 1)


def test_duplicate_predictions_count_once() -> None:
    twice = [event("173", "ISRPOL", "PSE"), event("173", "ISRPOL", "PSE"), event("1721", "ISRGOV", "PSE")]
    report = evaluate([gold("d", "COERCE", ["ISR"], ["PSE"])], [twice])
    assert counts(report.event_type) == (1, 0, 0)
    assert counts(report.source) == (1, 0, 0)
    assert counts(report.type_dyad) == (1, 0, 0)


def test_every_modality_counts() -> None:
    negated = [event("190", "RUSMIL", "UKR", modality="negated"), event("138", "RUSGOV", "UKR", "feared")]
    report = evaluate([gold("m", "ASSAULT", ["RUS"], ["UKR"])], [negated])
    assert counts(report.event_type) == (1, 1, 0)
    assert [p.modality for p in report.records[0].predicted] == ["negated", "feared"]


def test_actor_normalisation_in_predictions() -> None:
    preds = [[event("0234", "IGOUNOREF", "NGOHRIAMN"), event("0234", "JAPGOV", None)]]
    report = evaluate([gold("n", "REQUEST", ["IGO", "JPN"], ["NGO"])], preds)
    assert counts(report.source) == (2, 0, 0)  # IGOUNOREF -> IGO, country JAP -> JPN
    assert counts(report.target) == (1, 0, 0)
    assert normalise_actor_code("IGOUNO") == "IGO" and normalise_actor_code("ngo") == "NGO"
    assert normalise_actor_code("ITL") == "ITA" and normalise_actor_code("VTN") == "VNM"
    assert normalise_actor_code("RUSGOV") == "RUS" and normalise_actor_code("IMGMUSALQ") == "IMG"
    assert normalise_actor_code("") is None and normalise_actor_code("U2") is None


def test_per_type_sums_to_event_type() -> None:
    report = evaluate(GOLD3, PRED3)
    assert counts(report.per_type["AGREE"]) == (1, 0, 0)
    assert counts(report.per_type["REQUEST"]) == (1, 0, 0)
    assert counts(report.per_type["ASSAULT"]) == (0, 0, 1)
    assert counts(report.per_type["REJECT"]) == (0, 1, 0)
    assert counts(report.per_type["STATEMENT"]) == (0, 1, 0)
    assert list(report.per_type) == ["AGREE", "REQUEST", "REJECT", "ASSAULT", "STATEMENT"]  # PLOVER order
    total = [sum(x) for x in zip(*(counts(s) for s in report.per_type.values()), strict=True)]
    assert tuple(total) == counts(report.event_type)


def test_scores_zero_denominators() -> None:
    assert Scores.from_counts(0, 0, 0) == Scores(0.0, 0.0, 0.0, 0, 0, 0)
    assert Scores.from_counts(0, 3, 0).precision == 0.0
    assert Scores.from_counts(3, 1, 0) == Scores(0.75, 1.0, pytest.approx(6 / 7), 3, 1, 0)  # type: ignore[arg-type]


def test_mismatched_lengths_and_evaluate_coder() -> None:
    with pytest.raises(ValueError, match="3 gold records but 2"):
        evaluate(GOLD3, PRED3[:2])
    seen: list[str] = []

    def code(records: Sequence[GoldRecord]) -> list[list[Event]]:
        seen.extend(r.text for r in records)
        return [list(p) for p in PRED3]

    assert evaluate_coder(GOLD3, code) == evaluate(GOLD3, PRED3)
    assert seen == [r.text for r in GOLD3]


# ------------------------------------------------------------------------------------------ loading


def write_json(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def record(rid: str, ev: str, **fields: Any) -> dict[str, Any]:
    return {"id": rid, "event": ev, "date": "2000-01-01", "text": f"Sentence {rid}.", **fields}


def test_old_event_names_are_mapped() -> None:
    assert normalise_event_type("DEMAND") == "REQUEST"
    assert normalise_event_type("DISAPPROVE") == normalise_event_type("INVESTIGATE") == "ACCUSE"
    assert normalise_event_type("FIGHT") == "ASSAULT"
    assert normalise_event_type(" agree ") == "AGREE"


def test_loader_maps_names_codes_and_reciprocal_actors(tmp_path: Path) -> None:
    path = write_json(tmp_path, [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "notes"},
        record("a", "DEMAND", source=[{"actorText": "Tokyo", "code": "JAP"}], target=""),
        record("b", "FIGHT", source={"actorText": "UN", "code": "IGO", "sector": "MIL"},
               target=[{"code": "ITL"}, {"code": "ITL"}]),
        record("c", "AGREE", source=[{"code": "USA"}, {"code": "JOR"}], target="",
               textInfo={"markup": "(SRC/TAR: US) and (SRC/TAR: Jordan) (EVT: agreed)"}),
        record("d", "INVESTIGATE", source=[{"code": "NGOHRI"}],
               textInfo="(SRC/TAR: a) markup given as a plain string", date="sometime"),
        record("e", "DISAPPROVE", target=[{"code": "SRB"}]),
    ])
    records = {r.id: r for r in load_gold(path)}
    assert list(records) == ["a", "b", "c", "d", "e"]
    assert records["a"] == GoldRecord("a", "Sentence a.", date(2000, 1, 1), "REQUEST", ("JPN",), ())
    assert (records["b"].event, records["b"].sources, records["b"].targets) == ("ASSAULT", ("IGO",), ("ITA",))
    assert records["c"].targets == ("USA", "JOR")  # reciprocal: targets are the sources
    assert (records["d"].event, records["d"].targets, records["d"].date) == ("ACCUSE", ("NGO",), None)
    assert (records["e"].event, records["e"].sources) == ("ACCUSE", ())


def test_loader_skips_and_reports_malformed_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write_json(tmp_path, [
        record("ok", "AGREE", source=[{"code": "USA"}]),
        record("string-target", "AGREE", source=[{"code": "TUR"}], target="diplomatic"),
        record("string-actor", "AGREE", source=["USA"]),
        record("no-code", "AGREE", source=[{"actorText": "someone"}]),
        record("bad-event", "CRIME"),
        {"id": "no-text", "event": "AGREE"},
        "not an object",
        record("ok", "REJECT", source=[{"code": "RUS"}]),
    ])
    with caplog.at_level(logging.WARNING, logger="tocsin.evaluate"):
        records = load_gold(path)
    assert [r.id for r in records] == ["ok", "ok#2"]
    log = caplog.text
    for rid in ("string-target", "string-actor", "no-code", "bad-event", "no-text", "#6"):
        assert f"skipped gold record {rid}" in log
    assert str(path) in log and "repeated" in log


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", r"gold.json:1: gold file is not valid JSON"),
    ('{"id": "x"}', r"gold.json: gold file must hold a JSON list"),
    ('[{"id": "DOC", "event": "DOCUMENT"}]', r"gold.json: gold file holds no usable records"),
])
def test_loader_errors_name_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.json: cannot read gold file"):
        load_gold(tmp_path / "missing.json")


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/reference not present")
def test_real_gold_file() -> None:
    records = load_gold(GOLD)
    assert len(records) >= 300
    assert {r.event for r in records} <= set(PLOVER_TYPES)
    assert len({r.id for r in records}) == len(records)
    codes = {c for r in records for c in (*r.sources, *r.targets)}
    assert all(len(c) == 3 and c.isupper() for c in codes)
    assert not codes & {"JAP", "ITL", "VTN"}
    assert {"JPN", "ITA", "VNM", "IGO", "NGO"} <= codes
    by_id = {r.id: r for r in records}
    hungary = by_id["PLOVER-GSR01-AGREE-0001"]
    assert (hungary.sources, hungary.targets) == (("HUN", "ROU"), ("HUN", "ROU"))
    assert by_id["PLOVER-GSR01-SANCTION-0006"].sources == ("JPN",)


# ------------------------------------------------------------------------------------------ output


def test_format_report_shows_headline_and_per_type_rows() -> None:
    text = format_report(evaluate(GOLD3, PRED3))
    lines = text.splitlines()
    assert "3 records" in lines[0]
    row = next(line for line in lines if line.startswith("event_type"))
    assert row.split() == ["event_type", "0.500", "0.667", "0.571", "2", "2", "1"]
    dyad = next(line for line in lines if line.startswith("type_dyad"))
    assert dyad.split()[-3:] == ["1", "3", "2"]
    assert next(line for line in lines if line.startswith("STATEMENT")).split()[-3:] == ["0", "1", "0"]
    assert "records coded exactly" in text and ": 0/3" in text


def test_write_diff_jsonl(tmp_path: Path) -> None:
    report: EvalReport = evaluate(GOLD3, PRED3)
    out = tmp_path / "diff.jsonl"
    write_diff(report, out)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["r1", "r2", "r3"]
    first = lines[0]
    assert first["gold"] == {"event": "AGREE", "sources": ["USA", "JOR"], "targets": ["USA", "JOR"]}
    assert first["predicted"][2] == {"plover_type": "REJECT", "cameo": "120", "source": "GBR",
                                     "target": "USA", "modality": "asserted"}
    assert first["verdict"]["event_type"] is True and first["verdict"]["extra_types"] == ["REJECT"]
    assert first["verdict"]["extra_sources"] == ["GBR"] and first["verdict"]["perfect"] is False
    assert lines[2]["verdict"] == {
        "event_type": False, "extra_types": [], "missing_sources": [], "extra_sources": [],
        "missing_targets": ["IRQ"], "extra_targets": [], "type_dyad": False, "unmatched_dyads": 0,
        "perfect": False}
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_diff_error(tmp_path: Path) -> None:
    with pytest.raises(TocsinError, match="cannot write the diff"):
        write_diff(evaluate(GOLD3, PRED3), tmp_path / "no-such-dir" / "diff.jsonl")


# ------------------------------------------------------------------------------------------ event-list gold


def gev(root: str, sources: Sequence[str] = (), targets: Sequence[str] = (), modality: str = "asserted",
        cameo: str | None = None) -> GoldEvent:
    return GoldEvent(root, cameo, lookup(cameo or root).plover_type, tuple(sources), tuple(targets), modality)


def erec(rid: str, *events: GoldEvent) -> EventGoldRecord:
    return EventGoldRecord(rid, f"text of {rid}", None, None, events)


# k1 a reciprocal consultation (one target missed), k2 two events both found, k3 no gold event, k4 the
# right root with the wrong modality plus an extra threat, k5 a PLOVER hit that is a CAMEO-root miss.
EGOLD = [
    erec("k1", gev("04", ["RUS", "FRA"], ["RUS", "FRA"])),
    erec("k2", gev("05", ["CUB"], ["RUS"], cameo="051"), gev("11", ["CUB"], ["USA"], cameo="111")),
    erec("k3"),
    erec("k4", gev("19", ["RUS"], ["UKR"], "negated")),
    erec("k5", gev("02", ["RUS"], ["WST"])),
]
EPRED = [
    [event("041", "RUSGOV", "FRAGOV")],
    [event("051", "CUBGOV", "RUSGOV"), event("112", "CUBGOV", "USAGOV")],
    [event("010", "RUSGOV")],
    [event("190", "RUSMIL", "UKR"), event("138", "RUSGOV", "UKR", "threatened")],
    [event("100", "RUSGOV")],
]


def test_event_gold_type_counts() -> None:
    report = evaluate_events(EGOLD, EPRED)
    # roots: k1 04 tp; k2 05, 11 tp; k3 01 fp; k4 19 tp, 13 fp; k5 10 fp, 02 fn
    assert counts(report.cameo_root) == (4, 3, 1)
    # PLOVER: k5's appeal (02) and demand (10) are both REQUEST, so only k3 STATEMENT and k4 THREATEN are fps
    assert counts(report.plover_type) == (5, 2, 0)
    assert (report.n_records, report.n_events) == (5, 5)


def test_event_gold_actor_counts() -> None:
    report = evaluate_events(EGOLD, EPRED)
    # sources: k1 RUS (the reciprocal FRA fn); k2 CUB; k3 RUS fp; k4 RUS; k5 RUS
    assert counts(report.source) == (4, 1, 1)
    # targets: k1 FRA (RUS fn); k2 RUS, USA; k4 UKR; k5 WST fn
    assert counts(report.target) == (4, 0, 2)


def test_event_gold_dyads_and_modality() -> None:
    report = evaluate_events(EGOLD, EPRED)
    # one tp per matched gold event (k1, k2 twice, k4); fps: k3's statement, k4's threat, k5's demand
    assert counts(report.root_dyad) == (4, 3, 1)
    # k5: REQUEST matches by type and source, but the gold names a target and the prediction has none
    assert counts(report.type_dyad) == (4, 3, 1)
    assert [d.root_dyad_found for d in report.records] == [(True,), (True, True), (), (True,), (False,)]
    assert report.records[3].predicted_modality == ("asserted",)
    assert (report.modality.matched, report.modality.correct) == (4, 3)
    assert report.modality.accuracy == pytest.approx(0.75)
    assert report.modality.confusion == {("asserted", "asserted"): 3, ("negated", "asserted"): 1}
    assert [d.perfect for d in report.records] == [False, True, False, False, False]


def test_event_gold_per_root_and_type_sum_to_headline() -> None:
    report = evaluate_events(EGOLD, EPRED)
    assert counts(report.per_root["02"]) == (0, 0, 1) and counts(report.per_root["10"]) == (0, 1, 0)
    assert counts(report.per_type["REQUEST"]) == (1, 0, 0)
    for table, headline in ((report.per_root, report.cameo_root), (report.per_type, report.plover_type)):
        total = [sum(x) for x in zip(*(counts(s) for s in table.values()), strict=True)]
        assert tuple(total) == counts(headline)
    assert list(report.per_type)[:3] == ["CONSULT", "SUPPORT", "REQUEST"]  # PLOVER order


def test_event_gold_without_events_and_without_predictions() -> None:
    report = evaluate_events([erec("none")], [[]])
    assert report.records[0].perfect
    assert all(counts(s) == (0, 0, 0) for s in (report.cameo_root, report.source, report.root_dyad))
    with pytest.raises(ValueError, match="1 gold records but 2"):
        evaluate_events([erec("none")], [[], []])


def test_event_gold_lenient_target_and_sourceless_event() -> None:
    records = [erec("t", gev("01", ["RUS"], [], cameo="017")), erec("s", gev("17", [], ["USA"], cameo="172"))]
    predictions = [[event("017", "RUSGOV", "UKR")], [event("172", "USAGOV", "USA"), event("172", None, "USA")]]
    report = evaluate_events(records, predictions)
    # any target is accepted where the gold has none; a sourceless gold event needs a sourceless prediction
    assert counts(report.root_dyad) == (2, 1, 0)
    assert counts(report.target) == (1, 1, 0)


def write_jsonl(tmp_path: Path, *lines: Any) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def jrec(rid: str, *events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": rid, "link": f"http://x/{rid}", "date": "2022-01-31", "text": f"Sentence {rid}.",
            "events": list(events), **fields}


def jev(**fields: Any) -> dict[str, Any]:
    return {"source": ["RUSGOV"], "target": ["FRAGOV", "FRA"], "cameo_root": "04", "modality": "asserted",
            **fields}


def test_event_gold_loader(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, jrec("a", jev(cameo="041"), jev(cameo_root="01", target=[], modality="planned")),
                       "", jrec("b", note="no event", stratum="other"),
                       jrec("c", jev(source=["IGOUNOIAE"], cameo_root="03")))
    records = load_event_gold(path)
    assert [r.id for r in records] == ["a", "b", "c"]
    a = records[0]
    assert (a.date, a.link, a.text) == (date(2022, 1, 31), "http://x/a", "Sentence a.")
    assert a.events[0] == GoldEvent("04", "041", "CONSULT", ("RUS",), ("FRA",), "asserted")
    assert a.events[1] == GoldEvent("01", None, "STATEMENT", ("RUS",), (), "planned")
    assert records[1].events == ()
    assert (records[2].events[0].sources, records[2].events[0].plover_type) == (("IGO",), "AGREE")
    assert is_event_gold(path) and not is_event_gold(tmp_path / "gold.json")


@pytest.mark.parametrize(("lines", "message"), [
    ([jrec("a"), "{oops"], r"gold.jsonl:2: not valid JSON"),
    (['["a list"]'], r"gold.jsonl:1: a record must be a JSON object"),
    ([{"id": "a", "text": "x"}], r"gold.jsonl:1: field 'events': missing"),
    ([jrec("a", text=" ")], r"field 'text': missing or empty"),
    ([jrec("a", date="31.01.2022")], r"field 'date': '31.01.2022' is not a YYYY-MM-DD date"),
    ([jrec("a", jev(cameo_root="21"))], r"field 'events\[0\].cameo_root': '21' is not a CAMEO root"),
    ([jrec("a", jev(), jev(cameo="051"))], r"field 'events\[1\].cameo': '051' is not a CAMEO code under root 04"),
    ([jrec("a", jev(modality="maybe"))], r"field 'events\[0\].modality': 'maybe' is not one of asserted"),
    ([jrec("a", jev(sources=["RUS"]))], r"field 'events\[0\].sources': unknown key"),
    ([jrec("a", jev(target=["U2"]))], r"field 'events\[0\].target': 'U2' is not an actor code"),
    ([jrec("a", jev(source="RUS"))], r"field 'events\[0\].source': 'RUS' is not a list of codes"),
    ([jrec("a"), jrec("b"), jrec("a")], r"gold.jsonl:3: field 'id': id 'a' already used on line 1"),
    (["", " "], r"gold.jsonl: gold file holds no records"),
])
def test_event_gold_loader_errors(tmp_path: Path, lines: list[Any], message: str) -> None:
    path = write_jsonl(tmp_path, *lines)
    with pytest.raises(InputError, match=message):
        load_event_gold(path)


def test_format_event_report_names_both_schemes() -> None:
    text = format_event_report(evaluate_events(EGOLD, EPRED))
    lines = text.splitlines()
    assert "5 records (4 with events, 1 without), 5 gold events" in lines[0]
    root_row = next(line for line in lines if line.startswith("event_type CAMEO root"))
    assert root_row.split()[-6:] == ["0.571", "0.800", "0.667", "4", "3", "1"]
    assert next(line for line in lines if line.startswith("event_type PLOVER")).split()[-3:] == ["5", "2", "0"]
    assert next(line for line in lines if line.startswith("type_dyad PLOVER")).split()[-3:] == ["4", "3", "1"]
    assert "modality accuracy on CAMEO-root+dyad matches: 0.750 (3/4)" in text
    assert "gold negated -> predicted asserted: 1" in text
    assert next(line for line in lines if line.startswith("02 ")).split()[-3:] == ["0", "0", "1"]
    assert ": 1/5" in lines[-1]


def test_write_event_diff(tmp_path: Path) -> None:
    out = tmp_path / "diff.jsonl"
    write_diff(evaluate_events(EGOLD, EPRED), out)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["k1", "k2", "k3", "k4", "k5"]
    assert lines[1]["gold"]["events"][1] == {"cameo_root": "11", "cameo": "111", "plover_type": "ACCUSE",
                                             "sources": ["CUB"], "targets": ["USA"], "modality": "asserted"}
    k4 = lines[3]["verdict"]
    assert (k4["extra_roots"], k4["root_dyad"], k4["predicted_modality"]) == (["13"], [True], ["asserted"])
    assert lines[4]["verdict"]["missing_roots"] == ["02"] and lines[4]["verdict"]["type_dyad"] == [False]
