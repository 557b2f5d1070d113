"""Per-field confidence: the fitting, the reliability table, the shipped model, and events carrying it."""

from __future__ import annotations

import random
from datetime import date

import pytest

import tocsin
from tocsin.errors import DictionaryError
from tocsin.events.confidence import FEATURES, FIELDS, Evidence, Model, fit, load_model, parse_model, reliability


def test_fit_recovers_a_known_logistic_model() -> None:
    rng = random.Random(0)
    true = [-1.0, 2.0, -1.5]
    rows, labels = [], []
    for _ in range(4000):
        x = [1.0, float(rng.random() < 0.5), float(rng.random() < 0.5)]
        z = sum(a * b for a, b in zip(true, x, strict=True))
        p = 1 / (1 + 2.718281828 ** -z)
        rows.append(x)
        labels.append(int(rng.random() < p))
    fitted = fit(rows, labels, l2=0.01)
    assert all(abs(a - b) < 0.25 for a, b in zip(fitted, true, strict=True)), fitted


def test_reliability_bins() -> None:
    pairs = [(0.1, 0), (0.15, 0), (0.9, 1), (0.85, 1), (0.95, 0), (1.0, 1)]
    bins = reliability(pairs)
    assert [(b.low, b.n) for b in bins] == [(0.0, 2), (0.8, 4)]
    assert bins[1].accuracy == 0.75 and bins[0].accuracy == 0.0


def test_the_shipped_model_is_fitted_and_matches_the_features() -> None:
    model = load_model()
    assert set(model.weights) == set(FIELDS) and model.fitted_on.startswith("PLOVER")
    assert any(w != 0.0 for weights in model.weights.values() for w in weights)


def test_a_calibration_file_for_other_features_is_refused() -> None:
    with pytest.raises(DictionaryError, match=r"re-run scripts/calibrate\.py"):
        parse_model('{"features": ["bias"], "weights": {"type": [0.0]}}', "x.json")
    with pytest.raises(DictionaryError, match="not a calibration file"):
        parse_model("[]", "x.json")
    bad = Model({"type": (0.0,)}).to_json()  # one weight for fourteen features
    with pytest.raises(DictionaryError):
        parse_model(bad, "x.json")


def test_scores_leave_out_target_when_none_was_coded() -> None:
    model = Model({f: tuple([0.0] * len(FEATURES)) for f in FIELDS})
    evidence = Evidence(*([0.0] * (len(FEATURES) - 1)))
    assert set(model.scores(evidence)) == {"type", "source", "event"}
    assert model.scores(evidence)["type"] == 0.5


def test_events_carry_field_confidence() -> None:
    (event, *_) = [e for e in tocsin.code_text("Russia attacked Ukraine on Monday.", date=date(2022, 1, 18))
                   if e.cameo_root == "19"]
    fields = event.field_confidence
    assert {"type", "source", "target", "event", "date"} <= set(fields)
    assert event.confidence == fields["event"] and all(0.0 < v < 1.0 for v in fields.values())
    assert fields["date"] == 0.8  # "on Monday": a day read from the sentence (an uncalibrated prior)
