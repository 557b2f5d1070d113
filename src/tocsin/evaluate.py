"""Score coded events against gold sentences: precision, recall and F1, plus a per-record diff.

Two gold formats are read. ``is_event_gold`` tells them apart by the file name: ``.jsonl`` is the
event-list format, anything else the PLOVER GSR JSON list.

PLOVER gold data
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

Event-list gold (JSONL, e.g. ``tests/data/gold/kremlin_2021-22.jsonl``; ``load_event_gold``)
    One JSON object per line: ``id``, ``text``, optional ``date`` (YYYY-MM-DD) and ``link``, and ``events``, a
    list (possibly empty) of the sentence's main events, each ``{"source": [codes], "target": [codes],
    "cameo_root": "NN", "cameo": "NNN" (optional), "modality": ...}``. Other record fields (``note``,
    ``stratum``) are ignored. The file is ours, so it is read strictly: any malformed line, unknown code,
    root/code mismatch, unknown modality or repeated id is an InputError naming the file, line and field.
    A gold event's PLOVER type is the crosswalk's type of its code (``cameo`` when given, else the root);
    CAMEO 01 statements keep the pseudo-type STATEMENT, so that both schemes score the same events.

    Scores (``evaluate_events``), micro-averaged as above; predictions are every returned event, and their
    CAMEO root is the first two digits of ``Event.cameo``. Where a record's gold lists several events, sets
    replace single values; a record with no events turns every prediction into a false positive.
    cameo_root / plover_type   per record, the set of predicted roots (types) against the set of gold
                roots (types): tp = |P & G|, fp = |P - G|, fn = |G - P|.
    source / target            the predicted codes against the union of the gold events' codes, as above.
    root_dyad / type_dyad      per gold event, tp if some predicted (root or type, source, target) triple
                matches it under the PLOVER rules above (source among its sources, or neither has one; any
                target when it has none), else fn; each predicted triple matching no gold event is an fp.
    modality    on the gold events matched by root_dyad: the share whose matching predictions include the
                gold modality, with the (gold, predicted) confusion counts.
    per_root / per_type        cameo_root / plover_type restricted to one root or type; they sum to the
                headline counts.
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
from .models import MODALITIES, Actor, Article, Event
from .ontology import PLOVER_TYPES, is_code, lookup, roots

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


def diff_lines(report: EvalReport | EventEvalReport) -> Iterable[dict[str, Any]]:
    """The per-record diff as JSON-ready dicts, one per gold record."""
    if isinstance(report, EventEvalReport):
        yield from _event_diff_lines(report)
        return
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


def write_diff(report: EvalReport | EventEvalReport, path: str | Path) -> None:
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


# ------------------------------------------------------------------------------------------ event-list gold

_EVENT_KEYS = frozenset({"source", "target", "cameo_root", "cameo", "modality"})


@dataclass(frozen=True)
class GoldEvent:
    """One labelled event: CAMEO root (and code when the labeller was sure), crosswalk PLOVER type, actors."""

    cameo_root: str
    cameo: str | None
    plover_type: str  # a PLOVER type, or STATEMENT for CAMEO 01
    sources: tuple[str, ...]  # normalised 3-letter codes
    targets: tuple[str, ...]
    modality: str


@dataclass(frozen=True)
class EventGoldRecord:
    """One gold sentence of the event-list format with its main events (none for a sentence without)."""

    id: str
    text: str
    date: datetime.date | None
    link: str | None
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True)
class EventRecordDiff:
    """What the coder got right and wrong on one event-list record; per-event tuples follow gold order."""

    gold: EventGoldRecord
    predicted: tuple[PredictedEvent, ...]
    missing_roots: tuple[str, ...]
    extra_roots: tuple[str, ...]
    missing_types: tuple[str, ...]
    extra_types: tuple[str, ...]
    missing_sources: tuple[str, ...]
    extra_sources: tuple[str, ...]
    missing_targets: tuple[str, ...]
    extra_targets: tuple[str, ...]
    root_dyad_found: tuple[bool, ...]  # per gold event
    type_dyad_found: tuple[bool, ...]
    unmatched_root_dyads: int  # predicted (root, source, target) triples matching no gold event
    unmatched_type_dyads: int
    predicted_modality: tuple[str | None, ...]  # per gold event: its root_dyad match's modality, None if none

    @property
    def perfect(self) -> bool:
        return (all(self.root_dyad_found) and all(self.type_dyad_found) and not self.unmatched_root_dyads
                and not self.unmatched_type_dyads
                and not (self.missing_roots or self.extra_roots or self.missing_types or self.extra_types)
                and not (self.missing_sources or self.extra_sources or self.missing_targets
                         or self.extra_targets)
                and all(m == g.modality for m, g in zip(self.predicted_modality, self.gold.events, strict=True)))


@dataclass(frozen=True)
class ModalityScore:
    """Modality on the gold events that root_dyad matched."""

    matched: int
    correct: int
    confusion: Mapping[tuple[str, str], int]  # (gold modality, predicted modality) -> events

    @property
    def accuracy(self) -> float:
        return self.correct / self.matched if self.matched else 0.0


@dataclass(frozen=True)
class EventEvalReport:
    n_records: int
    n_events: int
    cameo_root: Scores
    plover_type: Scores
    source: Scores
    target: Scores
    root_dyad: Scores
    type_dyad: Scores
    modality: ModalityScore
    per_root: Mapping[str, Scores]
    per_type: Mapping[str, Scores]
    records: tuple[EventRecordDiff, ...]


def is_event_gold(path: str | Path) -> bool:
    """True for the event-list gold format (``.jsonl``), False for PLOVER GSR JSON."""
    return Path(path).suffix.lower() == ".jsonl"


def load_event_gold(path: str | Path) -> list[EventGoldRecord]:
    """Read event-list gold (JSONL); InputError naming the file, line and field for anything malformed."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror or exc}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8 text", path=where) from None
    records: list[EventGoldRecord] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=where, line=lineno) from None
        try:
            record = _event_record(item)
        except _BadField as exc:
            raise InputError(exc.message, path=where, line=lineno, field=exc.field) from None
        if record.id in first_line:
            raise InputError(f"id {record.id!r} already used on line {first_line[record.id]}", path=where,
                             line=lineno, field="id")
        first_line[record.id] = lineno
        records.append(record)
    if not records:
        raise InputError("gold file holds no records", path=where)
    return records


class _BadField(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _event_record(item: Any) -> EventGoldRecord:
    if not isinstance(item, dict):
        raise _BadField(None, "a record must be a JSON object")
    record_id, text, date, link = item.get("id"), item.get("text"), item.get("date"), item.get("link")
    if not isinstance(record_id, str) or not record_id.strip():
        raise _BadField("id", "missing or empty")
    if not isinstance(text, str) or not text.strip():
        raise _BadField("text", "missing or empty")
    if link is not None and not isinstance(link, str):
        raise _BadField("link", f"{link!r:.40} is not a string")
    parsed_date = None
    if date is not None:
        parsed_date = _gold_date(date)
        if parsed_date is None:
            raise _BadField("date", f"{date!r:.40} is not a YYYY-MM-DD date")
    events = item.get("events")
    if not isinstance(events, list):
        raise _BadField("events", "missing, or not a list")
    return EventGoldRecord(record_id, text, parsed_date, link,
                           tuple(_gold_event(e, f"events[{i}]") for i, e in enumerate(events)))


def _gold_event(item: Any, field: str) -> GoldEvent:
    if not isinstance(item, dict):
        raise _BadField(field, "an event must be a JSON object")
    unknown = sorted(set(item) - _EVENT_KEYS)
    if unknown:
        raise _BadField(f"{field}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(_EVENT_KEYS))})")
    root, code, modality = item.get("cameo_root"), item.get("cameo"), item.get("modality")
    if not isinstance(root, str) or root not in roots():
        raise _BadField(f"{field}.cameo_root", f"{root!r:.20} is not a CAMEO root (01 .. 20)")
    if code is not None and (not isinstance(code, str) or not is_code(code) or lookup(code).root != root):
        raise _BadField(f"{field}.cameo", f"{code!r:.20} is not a CAMEO code under root {root}")
    if modality not in MODALITIES:
        raise _BadField(f"{field}.modality", f"{modality!r:.20} is not one of {', '.join(MODALITIES)}")
    return GoldEvent(root, code, lookup(code or root).plover_type, _event_actors(item.get("source"), field, "source"),
                     _event_actors(item.get("target"), field, "target"), str(modality))


def _event_actors(value: Any, field: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _BadField(f"{field}.{key}", f"{value!r:.40} is not a list of codes")
    codes: list[str] = []
    for raw in value:
        code = normalise_actor_code(raw) if isinstance(raw, str) else None
        if code is None:
            raise _BadField(f"{field}.{key}", f"{raw!r:.20} is not an actor code")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def evaluate_events(gold: Sequence[EventGoldRecord], predictions: Sequence[Sequence[Event]]) -> EventEvalReport:
    """Score one list of predicted events per event-list record; definitions in the module docstring."""
    if len(gold) != len(predictions):
        raise ValueError(f"{len(gold)} gold records but {len(predictions)} prediction lists")
    names = ("cameo_root", "plover_type", "source", "target", "root_dyad", "type_dyad")
    counts = {name: [0, 0, 0] for name in names}
    per_root: dict[str, list[int]] = {}
    per_type: dict[str, list[int]] = {}
    confusion: dict[tuple[str, str], int] = {}
    diffs: list[EventRecordDiff] = []
    for record, events in zip(gold, predictions, strict=True):
        predicted = tuple(
            PredictedEvent(normalise_event_type(e.plover_type), e.cameo, _actor_key(e.source),
                           _actor_key(e.target), e.modality)
            for e in events
        )
        d = _event_diff(record, predicted)
        diffs.append(d)
        for name, gold_set, missing, extra in (
            ("cameo_root", {g.cameo_root for g in record.events}, d.missing_roots, d.extra_roots),
            ("plover_type", {g.plover_type for g in record.events}, d.missing_types, d.extra_types),
            ("source", {c for g in record.events for c in g.sources}, d.missing_sources, d.extra_sources),
            ("target", {c for g in record.events for c in g.targets}, d.missing_targets, d.extra_targets),
        ):
            _add(counts[name], len(gold_set) - len(missing), len(extra), len(missing))
        for name, found, unmatched in (("root_dyad", d.root_dyad_found, d.unmatched_root_dyads),
                                       ("type_dyad", d.type_dyad_found, d.unmatched_type_dyads)):
            _add(counts[name], sum(found), unmatched, len(found) - sum(found))
        _add_per_label(per_root, {g.cameo_root for g in record.events}, d.missing_roots, d.extra_roots)
        _add_per_label(per_type, {g.plover_type for g in record.events}, d.missing_types, d.extra_types)
        for g, seen in zip(record.events, d.predicted_modality, strict=True):
            if seen is not None:
                confusion[(g.modality, seen)] = confusion.get((g.modality, seen), 0) + 1
    type_order = {t: i for i, t in enumerate(PLOVER_TYPES)}
    return EventEvalReport(
        n_records=len(gold),
        n_events=sum(len(r.events) for r in gold),
        cameo_root=Scores.from_counts(*counts["cameo_root"]),
        plover_type=Scores.from_counts(*counts["plover_type"]),
        source=Scores.from_counts(*counts["source"]),
        target=Scores.from_counts(*counts["target"]),
        root_dyad=Scores.from_counts(*counts["root_dyad"]),
        type_dyad=Scores.from_counts(*counts["type_dyad"]),
        modality=ModalityScore(sum(confusion.values()), sum(n for (g, p), n in confusion.items() if g == p),
                               dict(sorted(confusion.items()))),
        per_root={r: Scores.from_counts(*per_root[r]) for r in sorted(per_root)},
        per_type={t: Scores.from_counts(*per_type[t])
                  for t in sorted(per_type, key=lambda t: (type_order.get(t, len(type_order)), t))},
        records=tuple(diffs),
    )


def _add_per_label(table: dict[str, list[int]], gold: set[str], missing: Sequence[str],
                   extra: Sequence[str]) -> None:
    for label in gold:
        _add(table.setdefault(label, [0, 0, 0]), int(label not in missing), 0, int(label in missing))
    for label in extra:
        _add(table.setdefault(label, [0, 0, 0]), 0, 1, 0)


def _cameo_root(p: PredictedEvent) -> str:
    return p.cameo[:2]


def _event_diff(record: EventGoldRecord, predicted: tuple[PredictedEvent, ...]) -> EventRecordDiff:
    def missing_extra(gold: set[str], seen: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(sorted(gold - seen)), tuple(sorted(seen - gold))

    events = record.events
    missing_roots, extra_roots = missing_extra({g.cameo_root for g in events}, {_cameo_root(p) for p in predicted})
    missing_types, extra_types = missing_extra({g.plover_type for g in events}, {p.plover_type for p in predicted})
    missing_sources, extra_sources = missing_extra({c for g in events for c in g.sources},
                                                   {p.source for p in predicted if p.source})
    missing_targets, extra_targets = missing_extra({c for g in events for c in g.targets},
                                                   {p.target for p in predicted if p.target})
    root_matches = [[p for p in predicted if _event_matches(g, g.cameo_root, _cameo_root(p), p.source, p.target)]
                    for g in events]
    root_triples = {(_cameo_root(p), p.source, p.target) for p in predicted}
    type_triples = {(p.plover_type, p.source, p.target) for p in predicted}
    return EventRecordDiff(
        gold=record,
        predicted=predicted,
        missing_roots=missing_roots, extra_roots=extra_roots,
        missing_types=missing_types, extra_types=extra_types,
        missing_sources=missing_sources, extra_sources=extra_sources,
        missing_targets=missing_targets, extra_targets=extra_targets,
        root_dyad_found=tuple(bool(m) for m in root_matches),
        type_dyad_found=tuple(any(_event_matches(g, g.plover_type, *t) for t in type_triples) for g in events),
        unmatched_root_dyads=sum(not any(_event_matches(g, g.cameo_root, *t) for g in events)
                                 for t in root_triples),
        unmatched_type_dyads=sum(not any(_event_matches(g, g.plover_type, *t) for g in events)
                                 for t in type_triples),
        predicted_modality=tuple(_matched_modality(g, m) for g, m in zip(events, root_matches, strict=True)),
    )


def _event_matches(gold: GoldEvent, gold_label: str, label: str, source: str | None, target: str | None) -> bool:
    if label != gold_label:
        return False
    source_ok = source in gold.sources if gold.sources else source is None
    target_ok = target in gold.targets if gold.targets else True  # lenient, as for the PLOVER gold
    return source_ok and target_ok


def _matched_modality(gold: GoldEvent, matches: Sequence[PredictedEvent]) -> str | None:
    """The gold modality if any match carries it, else the first of the matches' modalities."""
    if not matches:
        return None
    seen = sorted({p.modality for p in matches})
    return gold.modality if gold.modality in seen else seen[0]


def format_event_report(report: EventEvalReport) -> str:
    """A plain-text table: headline metrics (each saying CAMEO root or PLOVER), modality, per root and type."""
    width = 22
    head = f"{'':<{width}}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"

    def row(label: str, s: Scores) -> str:
        return f"{label:<{width}}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.fp:>7}{s.fn:>7}"

    with_events = sum(bool(d.gold.events) for d in report.records)
    lines = [f"Event-list gold evaluation: {report.n_records} records ({with_events} with events, "
             f"{report.n_records - with_events} without), {report.n_events} gold events", "", head,
             row("event_type CAMEO root", report.cameo_root),
             row("event_type PLOVER", report.plover_type),
             row("source", report.source),
             row("target", report.target),
             row("type_dyad CAMEO root", report.root_dyad),
             row("type_dyad PLOVER", report.type_dyad)]
    m = report.modality
    lines += ["", f"modality accuracy on CAMEO-root+dyad matches: {m.accuracy:.3f} ({m.correct}/{m.matched})"]
    lines += [f"  gold {g} -> predicted {p}: {n}" for (g, p), n in m.confusion.items() if g != p]
    lines += ["", "per CAMEO root (tp + fn: records whose gold has the root; fp: other records it was predicted in)",
              head.replace(" " * width, f"{'CAMEO root':<{width}}", 1)]
    lines += [row(f"{r} {lookup(r).name}"[:width - 1], s) for r, s in report.per_root.items()]
    lines += ["", "per PLOVER type (STATEMENT: CAMEO 01, which PLOVER lacks)",
              head.replace(" " * width, f"{'PLOVER type':<{width}}", 1)]
    lines += [row(t, s) for t, s in report.per_type.items()]
    perfect = sum(d.perfect for d in report.records)
    lines += ["", f"records coded exactly (types, actors and modalities, nothing extra): {perfect}/{report.n_records}"]
    return "\n".join(lines) + "\n"


def _event_diff_lines(report: EventEvalReport) -> Iterable[dict[str, Any]]:
    for d in report.records:
        yield {
            "id": d.gold.id,
            "text": d.gold.text,
            "link": d.gold.link,
            "gold": {"events": [dataclasses.asdict(g) for g in d.gold.events]},
            "predicted": [dataclasses.asdict(p) for p in d.predicted],
            "verdict": {
                "missing_roots": list(d.missing_roots),
                "extra_roots": list(d.extra_roots),
                "missing_types": list(d.missing_types),
                "extra_types": list(d.extra_types),
                "missing_sources": list(d.missing_sources),
                "extra_sources": list(d.extra_sources),
                "missing_targets": list(d.missing_targets),
                "extra_targets": list(d.extra_targets),
                "root_dyad": list(d.root_dyad_found),
                "type_dyad": list(d.type_dyad_found),
                "unmatched_root_dyads": d.unmatched_root_dyads,
                "unmatched_type_dyads": d.unmatched_type_dyads,
                "predicted_modality": list(d.predicted_modality),
                "perfect": d.perfect,
            },
        }


# ------------------------------------------------------------------------------------ in-article context


def events_in_context(records: Sequence[EventGoldRecord], articles: Iterable[Article],
                      code: Callable[[Article], Sequence[Event]]) -> tuple[list[list[Event]], list[int]]:
    """Predictions for gold sentences drawn from whole articles, coded *in* their article.

    A sentence such as "The leaders discussed trade." names its actors only through the article around
    it, as a user's run would see it. Each record whose link matches an article's url (or id) is located
    in that article's text; the article is coded once, and the events whose sentence overlaps the gold
    sentence are its predictions. Returns the predictions per record and the indexes of the records that
    were not found in ``articles`` (their predictions are empty; code them alone if wanted).
    """
    wanted = {r.link for r in records if r.link}
    by_link: dict[str, Article] = {}
    for article in articles:
        for key in (article.url, article.id):
            if key in wanted:
                by_link.setdefault(key, article)
    coded: dict[str, Sequence[Event]] = {}
    out: list[list[Event]] = []
    missing: list[int] = []
    for i, record in enumerate(records):
        found = by_link.get(record.link or "")
        start = found.document.find(record.text) if found is not None else -1
        if found is None or start < 0:
            missing.append(i)
            out.append([])
            continue
        if found.id not in coded:
            coded[found.id] = code(found)
        end = start + len(record.text)
        out.append([e for e in coded[found.id]
                    if e.sentence_span.start < end and start < e.sentence_span.end])
    return out, missing
