"""Scoring predicted events against gold: precision, recall and F1 per metric and per type (and CAMEO root),
and for each gold record what the coder got right and wrong.

Predictions
    Every event the coder returned for a sentence counts, whatever its modality: the gold annotates the
    sentence's main event whether asserted, reported, planned or feared. A prediction's type is
    ``Event.plover_type`` under the gold's old-name mapping; CAMEO 01 statements (type STATEMENT) have no
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

Event-list scores (``evaluate_events``), micro-averaged as above
    Predictions are every returned event, and their CAMEO root is the first two digits of ``Event.cameo``.
    Where a record's gold lists several events, sets replace single values; a record with no events turns
    every prediction into a false positive.
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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from ..models import Event
from ..ontology import PLOVER_TYPES
from .event_gold import EventGoldRecord, GoldEvent
from .normalise import actor_key, normalise_event_type
from .plover_gold import GoldRecord

CodeFn: TypeAlias = Callable[[Sequence["GoldRecord"]], Sequence[Sequence[Event]]]


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


# -------------------------------------------------------------------------------------------- PLOVER gold


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
            PredictedEvent(normalise_event_type(e.plover_type), e.cameo, actor_key(e.source),
                           actor_key(e.target), e.modality)
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


# ------------------------------------------------------------------------------------------ event-list gold


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
            PredictedEvent(normalise_event_type(e.plover_type), e.cameo, actor_key(e.source),
                           actor_key(e.target), e.modality)
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
