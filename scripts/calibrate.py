"""Fit the per-field confidence model (src/tocsin/data/calibration.json) on gold sentences.

    python scripts/calibrate.py ../shared/reference/plover_gsr_cameo/PLOVER_GSR_CAMEO.json [--write]

Codes every gold sentence, labels each coded event per field (type / source / target / whole event right
against the sentence's annotation), and prints the reliability table of 5-fold cross-validated
probabilities: each event is scored by a model that never saw its sentence, so the table says how the
shipped model can be expected to do on new text of the same kind. With --write, the model fitted on all
sentences replaces the packaged one.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tocsin.evaluate import GoldRecord, load_gold, normalise_actor_code, normalise_event_type
from tocsin.events.confidence import FEATURES, FIELDS, Evidence, Model, fit, reliability
from tocsin.models import Actor, Article, Event
from tocsin.pipeline import Coder

OUT = Path(__file__).resolve().parents[1] / "src" / "tocsin" / "data" / "calibration.json"
FOLDS = 5


@dataclass(frozen=True)
class Row:
    record: int  # index of the gold sentence, so that folds never split one
    vector: list[float]
    labels: dict[str, int]


def _code(actor: Actor | None) -> str | None:
    return None if actor is None else normalise_actor_code(actor.country or actor.code)


def label(event: Event, gold: GoldRecord) -> dict[str, int]:
    type_ok = int(normalise_event_type(event.plover_type) == gold.event)
    source_ok = int(_code(event.source) in gold.sources)
    out = {"type": type_ok, "source": source_ok}
    if event.target is not None:
        out["target"] = int(_code(event.target) in gold.targets or not gold.targets)
    out["event"] = int(type_ok and source_ok and out.get("target", 1))
    return out


def collect(gold: Sequence[GoldRecord]) -> list[Row]:
    coder = Coder()
    rows: list[Row] = []
    current: list[int] = [0]

    def observe(event: Event, evidence: Evidence) -> None:
        rows.append(Row(current[0], evidence.vector(), label(event, gold[current[0]])))

    coder.observe = observe
    for i, record in enumerate(gold):
        current[0] = i
        coder.code_article(Article(id=record.id, text=record.text, date=record.date))
    return rows


def cross_validated(rows: Sequence[Row], field: str, l2: float) -> list[tuple[float, int]]:
    records = sorted({r.record for r in rows})
    random.Random(13).shuffle(records)
    fold_of = {rec: i % FOLDS for i, rec in enumerate(records)}
    scored = [r for r in rows if field in r.labels]
    out: list[tuple[float, int]] = []
    for fold in range(FOLDS):
        train = [r for r in scored if fold_of[r.record] != fold]
        test = [r for r in scored if fold_of[r.record] == fold]
        model = Model({field: tuple(fit([r.vector for r in train], [r.labels[field] for r in train], l2=l2))})
        for r in test:
            out.append((model.probability(field, _evidence(r.vector)), r.labels[field]))
    return out


def _evidence(vector: Sequence[float]) -> Evidence:
    return Evidence(*vector[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    gold = [r for path in args.gold for r in load_gold(path)]
    rows = collect(gold)
    print(f"{len(gold)} gold sentences, {len(rows)} coded events; {FOLDS}-fold cross-validated reliability:")
    for field in FIELDS:
        pairs = cross_validated(rows, field, args.l2)
        if not pairs:
            continue
        base = sum(y for _, y in pairs) / len(pairs)
        print(f"\n{field}: {len(pairs)} events, {base:.0%} right overall")
        print(f"  {'confidence':<12} {'events':>6} {'mean conf':>9} {'right':>6}")
        for b in reliability(pairs):
            print(f"  {b.low:.1f}-{b.high:.1f}      {b.n:>6} {b.mean_confidence:>9.2f} {b.accuracy:>6.0%}")
        high = [(c, y) for c, y in pairs if c >= 0.8]
        if high:
            print(f"  confidence >= 0.8: {len(high)} events, {sum(y for _, y in high) / len(high):.0%} right")
    if args.write:
        weights = {}
        for field in FIELDS:
            scored = [r for r in rows if field in r.labels]
            weights[field] = tuple(fit([r.vector for r in scored], [r.labels[field] for r in scored], l2=args.l2))
        names = ", ".join(Path(p).name for p in args.gold)
        OUT.write_text(Model(weights, fitted_on=f"{names}: {len(gold)} sentences, {len(rows)} events").to_json()
                       + "\n", encoding="utf-8")
        print(f"\nwrote {OUT} ({len(FEATURES)} features per field)")


if __name__ == "__main__":
    main()
