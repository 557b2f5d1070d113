"""How sure the coder is, per field, as calibrated probabilities.

Each event is described by a few facts the coder knows when it codes it (``Evidence``: was the source the
trigger's own subject, was a target found, how specific was the pattern, how does the text present the
event ...). A logistic model per field turns them into the probability that the field is right, fitted on
gold sentences by ``scripts/calibrate.py`` and shipped as ``data/calibration.json``:

    type     the event type is the sentence's annotated event type
    source   the source is one of the annotated sources
    target   the target is one of the annotated targets (only scored when a target was coded)
    event    type and source right, and the target too where one was coded: ``Event.confidence``

``location`` and ``date`` have no gold annotations to fit on; their values are rule-based priors from the
precision of the match (documented in docs/schema.md) and are *not* calibrated.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DictionaryError

FIELDS: tuple[str, ...] = ("type", "source", "target", "event")
_RESOURCE = "data/calibration.json"


@dataclass(frozen=True)
class Evidence:
    """What the coder knew about one event when it coded it (all values 0/1 or small counts)."""

    direct_source: float  # the source is the trigger's own subject/agent, not inherited from a governor
    has_target: float
    specificity: float  # words after the trigger in the matched pattern (0, 1, 2+)
    verbal: float  # the trigger is a verb (1) or a noun (0)
    composite: float  # folded from a frame and the act under it (03/02/10/12/13 composite code)
    generic_code: float  # the code is a root's "not specified" code (ends in 0)
    reported: float
    uncertain: float  # planned, threatened, hypothetical, negated or feared
    historical: float
    conflict: float  # quad class 3 or 4
    sector_actor: float  # the source is a country plus a sector (RUSGOV), not a bare country or an IGO
    events_in_sentence: float  # how many events the sentence gave (1, 2, 3+)
    long_sentence: float  # more than 35 tokens

    def vector(self) -> list[float]:
        return [1.0, *(float(v) for v in asdict(self).values())]


FEATURES: tuple[str, ...] = ("bias", *Evidence.__dataclass_fields__)


@dataclass(frozen=True)
class Model:
    """Weights per field over ``FEATURES``."""

    weights: Mapping[str, tuple[float, ...]]
    fitted_on: str = ""

    def probability(self, field: str, evidence: Evidence) -> float:
        w = self.weights[field]
        z = sum(a * b for a, b in zip(w, evidence.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def scores(self, evidence: Evidence) -> dict[str, float]:
        out = {f: round(self.probability(f, evidence), 3) for f in FIELDS if f in self.weights}
        if not evidence.has_target:
            out.pop("target", None)
        return out

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "fitted_on": self.fitted_on,
                           "weights": {k: list(v) for k, v in self.weights.items()}}, indent=1)


def parse_model(text: str, where: str) -> Model:
    try:
        data = json.loads(text)
        if list(data["features"]) != list(FEATURES):
            raise DictionaryError(f"{where}: features {data['features']} do not match this tocsin's {FEATURES}; "
                                  "re-run scripts/calibrate.py")
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise DictionaryError(f"{where}: not a calibration file ({exc})") from None
    for name, w in weights.items():
        if len(w) != len(FEATURES):
            raise DictionaryError(f"{where}: field {name!r} has {len(w)} weights, expected {len(FEATURES)}")
    return Model(weights=weights, fitted_on=str(data.get("fitted_on", "")))


@lru_cache(maxsize=1)
def load_model() -> Model:
    text = resources.files("tocsin").joinpath(_RESOURCE).read_text(encoding="utf-8")
    return parse_model(text, _RESOURCE)


# ---------------------------------------------------------------------------------------------- fitting


def fit(rows: Sequence[Sequence[float]], labels: Sequence[int], *, l2: float = 1.0, steps: int = 50) -> list[float]:
    """L2-regularised logistic regression by Newton's method (numpy): weights over the row columns.

    The penalty keeps the small gold sets from producing extreme weights; the bias is not penalised.
    """
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        delta = np.linalg.solve(hess, grad)
        w -= delta
        if float(np.max(np.abs(delta))) < 1e-8:
            break
    return [float(v) for v in w]


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float


def reliability(pairs: Sequence[tuple[float, int]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
                ) -> list[Bin]:
    """Confidence bins with how often the events in each were right: the reliability table."""
    out: list[Bin] = []
    for low, high in itertools.pairwise(edges):
        inside = [(c, y) for c, y in pairs if low <= c < high]
        if inside:
            out.append(Bin(low, min(high, 1.0), len(inside), sum(c for c, _ in inside) / len(inside),
                           sum(y for _, y in inside) / len(inside)))
    return out
