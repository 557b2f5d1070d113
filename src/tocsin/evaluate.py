"""Score coded events against PLOVER gold sentences: precision, recall and F1, plus a per-record diff.

Gold data
    ``PLOVER_GSR_CAMEO.json`` (openeventdata/PLOVER, CC BY-SA 4.0): one sentence per record, each annotated
    with its main event's PLOVER type and its source and target actors. ``load_gold`` reads it into
    ``GoldRecord``s:

    * The DOCUMENT record (file notes) is skipped. Malformed records (not an object, no id or text, unknown
      event type, an actor field that is neither a list/object of actors nor empty, an actor without a
      usable code) are skipped with a logged warning naming the file and record. A repeated id gets a
      ``#2``, ``#3`` ... suffix so that diff lines stay unique.
    * Event types use the current PLOVER names; the gold's older names are mapped (``OLD_EVENT_NAMES``:
      DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, COOPERATION -> COOPERATE).
    * Actors are reduced to 3-letter codes (``normalise_actor_code``): countries as ISO 3166-1 alpha-3, the
      gold's leftover CAMEO variants mapped (JAP -> JPN, ITL -> ITA, VTN -> VNM, and the older ROM, ZAR, TMP,
      KSV), every IGO* as ``IGO`` and NGO* as ``NGO``; other non-state codes (IMG militant groups) are kept.
    * Reciprocal events: where the markup tags actors ``SRC/TAR`` ("Jordan and Britain agreed ...") and the
      record gives no target, the targets are the sources, as the gold's readme defines that tag.

Predictions
    Every event the coder returned for a sentence counts, whatever its modality: the gold annotates the
    sentence's main event whether asserted, reported, planned or feared. A prediction's type is
    ``Event.plover_type`` under the same old-name mapping; CAMEO 01 statements (type STATEMENT) have no
    PLOVER event, never occur in the gold, and so count as false positives like any other wrong type. A
    prediction's actor code is ``normalise_actor_code`` of ``Actor.country``, or of ``Actor.code`` for
    actors without a country (IGOs, NGOs, militant groups).

Scores (micro-averaged: counts are summed over records, then P = tp / (tp + fp), R = tp / (tp + fn),
F1 = 2PR / (P + R); each is 0.0 when its denominator is 0)
    event_type  per record, the set of predicted types against the gold type: tp 1 if the gold type is in
                the set, else fn 1; every other predicted type is one fp.
    source      per record, the set of predicted source codes against the set of gold source codes:
                tp = |P & G|, fp = |P - G|, fn = |G - P|.
    target      the same with targets; where the gold has no target every predicted target is an fp.
    type_dyad   predicted events, as distinct (type, source, target) triples, against the gold event. A
                triple matches if its type is the gold type, its source is a gold source (or neither has
                one), and its target is a gold target (any target is accepted when the gold has none).
                Per record: tp 1 if any triple matches, else fn 1; each non-matching triple is one fp.
    per_type    event_type restricted to one type T: tp and fn over records whose gold type is T, fp
                from records whose gold type is not T but where T was predicted. Summed over types these
                are exactly the event_type counts.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from .errors import InputError, TocsinError
from .models import Actor, Event
from .ontology import PLOVER_TYPES

log = logging.getLogger(__name__)

# Older PLOVER event names (the gold's, PLOVER 0.5-0.6) -> current names.
OLD_EVENT_NAMES: Mapping[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "COOPERATION": "COOPERATE",
}
# CAMEO/TABARI country codes that differ from ISO 3166-1 alpha-3 for the same country. JAP, ITL and VTN
# occur in the gold; ROM, ZAR and TMP are superseded ISO codes still used in CAMEO-era data; KSV is
# Phoenix's Kosovo, which tocsin codes XKX. Historical states (DDR, USR, YUG, CSK) are not variants.
_CAMEO_VARIANTS: Mapping[str, str] = {
    "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX",
}
_DOCUMENT = "DOCUMENT"
_RECIPROCAL_TAG = "SRC/TAR"

CodeFn: TypeAlias = Callable[[Sequence["GoldRecord"]], Sequence[Sequence[Event]]]


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    date: datetime.date | None
    event: str  # PLOVER type, current names
    sources: tuple[str, ...]  # normalised 3-letter codes (country ISO3, "IGO", "NGO", ...)
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Scores:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp, fp, fn)


@dataclass(frozen=True)
class PredictedEvent:
    """One predicted event as it was scored: normalised type and actor codes."""

    plover_type: str
    cameo: str
    source: str | None
    target: str | None
    modality: str


@dataclass(frozen=True)
class RecordDiff:
    """What the coder got right and wrong on one gold record."""

    gold: GoldRecord
    predicted: tuple[PredictedEvent, ...]
    type_found: bool  # the gold type is among the predicted types
    extra_types: tuple[str, ...]  # predicted types other than the gold type (event_type fps)
    missing_sources: tuple[str, ...]
    extra_sources: tuple[str, ...]
    missing_targets: tuple[str, ...]
    extra_targets: tuple[str, ...]
    dyad_found: bool  # some predicted event matches type, source and target
    unmatched_dyads: int  # distinct (type, source, target) triples that do not match (type_dyad fps)

    @property
    def perfect(self) -> bool:
        return (self.type_found and self.dyad_found and not self.extra_types and not self.missing_sources
                and not self.extra_sources and not self.missing_targets and not self.extra_targets
                and not self.unmatched_dyads)


@dataclass(frozen=True)
class EvalReport:
    n_records: int
    event_type: Scores
    source: Scores
    target: Scores
    type_dyad: Scores
    per_type: Mapping[str, Scores]
    records: tuple[RecordDiff, ...]


# ------------------------------------------------------------------------------------------ normalising


def normalise_event_type(name: str) -> str:
    """Current PLOVER name for an event type, old names mapped (``"DEMAND"`` -> ``"REQUEST"``)."""
    upper = name.strip().upper()
    return OLD_EVENT_NAMES.get(upper, upper)


def normalise_actor_code(code: str) -> str | None:
    """The 3-letter code an actor is scored by (``"IGOUNO"`` -> ``"IGO"``, ``"JAP"`` -> ``"JPN"``)."""
    head = code.strip().upper()[:3]
    if len(head) < 3 or not head.isalpha():
        return None
    return _CAMEO_VARIANTS.get(head, head)


def _actor_key(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return normalise_actor_code(actor.country or actor.code)


# ------------------------------------------------------------------------------------------ loading


class _Malformed(Exception):
    """A gold record that cannot be scored; the message says why."""


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read PLOVER gold sentences (a JSON list of records); InputError naming the file if it is unusable."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror or exc}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8 text", path=where) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file is not valid JSON: {exc.msg}", path=where, line=exc.lineno) from None
    if not isinstance(data, list):
        raise InputError("gold file must hold a JSON list of records", path=where)
    records: list[GoldRecord] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        label = label or f"#{index}"
        try:
            record = _gold_record(item)
        except _Malformed as exc:
            log.warning("%s: skipped gold record %s: %s", where, label, exc)
            continue
        if record is None:
            continue
        seen[record.id] = seen.get(record.id, 0) + 1
        if seen[record.id] > 1:
            log.warning("%s: gold id %s repeated; this one is %s#%d", where, record.id, record.id,
                        seen[record.id])
            record = dataclasses.replace(record, id=f"{record.id}#{seen[record.id]}")
        records.append(record)
    if not records:
        raise InputError("gold file holds no usable records", path=where)
    return records


def _gold_record(item: Any) -> GoldRecord | None:
    if not isinstance(item, dict):
        raise _Malformed(f"not a JSON object: {item!r:.60}")
    record_id, event, text = item.get("id"), item.get("event"), item.get("text")
    if not isinstance(record_id, str) or not record_id.strip():
        raise _Malformed("no id")
    if not isinstance(event, str):
        raise _Malformed("no event type")
    if event.strip().upper() == _DOCUMENT:
        return None
    event = normalise_event_type(event)
    if event not in PLOVER_TYPES:
        raise _Malformed(f"unknown event type {item['event']!r}")
    if not isinstance(text, str) or not text.strip():
        raise _Malformed("no text")
    sources = _gold_actors(item.get("source"), "source")
    targets = _gold_actors(item.get("target"), "target")
    if not targets and _RECIPROCAL_TAG in _markup(item):
        targets = sources
    return GoldRecord(record_id, text, _gold_date(item.get("date")), event, sources, targets)


def _gold_actors(value: Any, field: str) -> tuple[str, ...]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list):
        raise _Malformed(f"{field} is {value!r:.40}, not a list of actors")
    codes: list[str] = []
    for entry in entries:
        raw = entry.get("code") if isinstance(entry, dict) else None
        code = normalise_actor_code(raw) if isinstance(raw, str) else None
        if code is None:
            raise _Malformed(f"{field} actor {entry!r:.60} has no usable code")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _markup(item: dict[str, Any]) -> str:
    info = item.get("textInfo")
    if isinstance(info, dict):
        info = info.get("markup")
    return info if isinstance(info, str) else ""


def _gold_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------ scoring


def evaluate_coder(gold: Sequence[GoldRecord], code: CodeFn) -> EvalReport:
    """Code every gold sentence with ``code`` (one list of events per record) and score the result."""
    return evaluate(gold, code(gold))


def evaluate(gold: Sequence[GoldRecord], predictions: Sequence[Sequence[Event]]) -> EvalReport:
    """Score one list of predicted events per gold record; see the module docstring for the definitions."""
    if len(gold) != len(predictions):
        raise ValueError(f"{len(gold)} gold records but {len(predictions)} prediction lists")
    counts = {name: [0, 0, 0] for name in ("event_type", "source", "target", "type_dyad")}
    per_type: dict[str, list[int]] = {}
    diffs: list[RecordDiff] = []
    for record, events in zip(gold, predictions, strict=True):
        predicted = tuple(
            PredictedEvent(normalise_event_type(e.plover_type), e.cameo, _actor_key(e.source),
                           _actor_key(e.target), e.modality)
            for e in events
        )
        diff = _diff(record, predicted)
        diffs.append(diff)
        _add(counts["event_type"], int(diff.type_found), len(diff.extra_types), int(not diff.type_found))
        _add(counts["source"], len(set(record.sources)) - len(diff.missing_sources), len(diff.extra_sources),
             len(diff.missing_sources))
        _add(counts["target"], len(set(record.targets)) - len(diff.missing_targets), len(diff.extra_targets),
             len(diff.missing_targets))
        _add(counts["type_dyad"], int(diff.dyad_found), diff.unmatched_dyads, int(not diff.dyad_found))
        _add(per_type.setdefault(record.event, [0, 0, 0]), int(diff.type_found), 0, int(not diff.type_found))
        for extra in diff.extra_types:
            _add(per_type.setdefault(extra, [0, 0, 0]), 0, 1, 0)
    order = {t: i for i, t in enumerate(PLOVER_TYPES)}
    return EvalReport(
        n_records=len(gold),
        event_type=Scores.from_counts(*counts["event_type"]),
        source=Scores.from_counts(*counts["source"]),
        target=Scores.from_counts(*counts["target"]),
        type_dyad=Scores.from_counts(*counts["type_dyad"]),
        per_type={t: Scores.from_counts(*per_type[t])
                  for t in sorted(per_type, key=lambda t: (order.get(t, len(order)), t))},
        records=tuple(diffs),
    )


def _add(total: list[int], tp: int, fp: int, fn: int) -> None:
    total[0] += tp
    total[1] += fp
    total[2] += fn


def _diff(record: GoldRecord, predicted: tuple[PredictedEvent, ...]) -> RecordDiff:
    types = {p.plover_type for p in predicted}
    sources = {p.source for p in predicted if p.source}
    targets = {p.target for p in predicted if p.target}
    gold_sources, gold_targets = set(record.sources), set(record.targets)
    triples = {(p.plover_type, p.source, p.target) for p in predicted}
    matching = {t for t in triples if _dyad_matches(record, *t)}
    return RecordDiff(
        gold=record,
        predicted=predicted,
        type_found=record.event in types,
        extra_types=tuple(sorted(types - {record.event})),
        missing_sources=tuple(sorted(gold_sources - sources)),
        extra_sources=tuple(sorted(sources - gold_sources)),
        missing_targets=tuple(sorted(gold_targets - targets)),
        extra_targets=tuple(sorted(targets - gold_targets)),
        dyad_found=bool(matching),
        unmatched_dyads=len(triples) - len(matching),
    )


def _dyad_matches(record: GoldRecord, plover_type: str, source: str | None, target: str | None) -> bool:
    if plover_type != record.event:
        return False
    source_ok = source in record.sources if record.sources else source is None
    target_ok = target in record.targets if record.targets else True  # lenient: gold often omits it
    return source_ok and target_ok


# ------------------------------------------------------------------------------------------ output


def format_report(report: EvalReport) -> str:
    """A plain-text table: the four headline metrics, then event_type per PLOVER type."""
    head = f"{'':<12}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"

    def row(label: str, s: Scores) -> str:
        return f"{label:<12}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.fp:>7}{s.fn:>7}"

    lines = [f"PLOVER gold evaluation: {report.n_records} records", "", head]
    lines += [row(name, getattr(report, name)) for name in ("event_type", "source", "target", "type_dyad")]
    lines += ["", "per type (tp + fn: gold records of the type; fp: other records it was predicted in)",
              head.replace(" " * 12, f"{'type':<12}", 1)]
    lines += [row(t, s) for t, s in report.per_type.items()]
    perfect = sum(d.perfect for d in report.records)
    lines += ["", f"records coded exactly (type and actors, nothing extra): {perfect}/{report.n_records}"]
    return "\n".join(lines) + "\n"


def diff_lines(report: EvalReport) -> Iterable[dict[str, Any]]:
    """The per-record diff as JSON-ready dicts, one per gold record."""
    for d in report.records:
        yield {
            "id": d.gold.id,
            "text": d.gold.text,
            "gold": {"event": d.gold.event, "sources": list(d.gold.sources), "targets": list(d.gold.targets)},
            "predicted": [dataclasses.asdict(p) for p in d.predicted],
            "verdict": {
                "event_type": d.type_found,
                "extra_types": list(d.extra_types),
                "missing_sources": list(d.missing_sources),
                "extra_sources": list(d.extra_sources),
                "missing_targets": list(d.missing_targets),
                "extra_targets": list(d.extra_targets),
                "type_dyad": d.dyad_found,
                "unmatched_dyads": d.unmatched_dyads,
                "perfect": d.perfect,
            },
        }


def write_diff(report: EvalReport, path: str | Path) -> None:
    """Write the per-record diff as JSONL; the file appears whole or not at all."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for line in diff_lines(report):
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TocsinError(f"cannot write the diff: {exc.strerror or exc}", path=str(target)) from None
