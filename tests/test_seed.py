"""Golden test: the reference article's events, checked for dyad, root code and modality."""

from __future__ import annotations

import pytest

from tocsin.ingest import read_articles
from tocsin.models import Event

from .conftest import SEED


@pytest.fixture(scope="module")
def events(coder) -> list[Event]:  # type: ignore[no-untyped-def]
    (article,) = list(read_articles([SEED]))
    return coder.code_article(article)


def _find(events: list[Event], source: str, target: str | None, root: str,
          modalities: tuple[str, ...] = ("asserted",)) -> list[Event]:
    return [
        e for e in events
        if e.source and e.source.code.startswith(source)
        and (target is None or (e.target is not None and e.target.code.startswith(target)))
        and e.cameo_root == root and e.modality in modalities
    ]


CASES = [
    # (what, source, target, root, allowed modalities)
    ("Russian troop build-up at the Ukrainian border", "RUS", "UKR", "15", ("asserted",)),
    ("Russia-Belarus joint exercises", "RUS", "BLR", "15", ("asserted", "reported", "planned", "hypothetical")),
    ("Britain supplies anti-tank weapons to Ukraine", "GBR", "UKR", "07", ("asserted", "reported", "planned")),
    ("US accuses Russia of seeking a pretext to invade", "USA", "RUS", "11", ("asserted",)),
    ("Lavrov rejects the accusations", "RUS", None, "12", ("asserted",)),
    ("Russia condemns NATO's reinforcement", "RUS", "IGOWSTNAT", "11", ("asserted",)),
    ("US senators visit Ukraine", "USA", "UKR", "04", ("asserted",)),
    ("threat of sanctions against Moscow", "USA", "RUS", "13", ("asserted",)),
    ("Baerbock visits her Russian counterpart", "DEU", "RUS", "04", ("asserted",)),
    ("Scholz warns Russia will pay a high price", "DEU", "RUS", "13", ("asserted", "reported")),
]


@pytest.mark.parametrize("what,source,target,root,modalities", CASES, ids=[c[0] for c in CASES])
def test_seed_event(events: list[Event], what: str, source: str, target: str | None, root: str,
                    modalities: tuple[str, ...]) -> None:
    found = _find(events, source, target, root, modalities)
    assert found, f"missing: {what}\n" + "\n".join(
        f"{e.dyad} {e.cameo} {e.modality} | {e.sentence[:80]}" for e in events)


def test_no_asserted_war(events: list[Event]) -> None:
    bad = [e for e in events if e.cameo_root in ("19", "20") and e.modality == "asserted"]
    assert not bad, [(e.dyad, e.cameo, e.sentence) for e in bad]


def test_fear_is_not_invasion(events: list[Event]) -> None:
    feared = [e for e in events if "fears an imminent invasion" in e.sentence and e.cameo_root in ("19", "20")]
    assert all(e.modality == "feared" for e in feared)


def test_spans_point_into_the_document(events: list[Event]) -> None:
    (article,) = list(read_articles([SEED]))
    doc = article.document
    for e in events:
        assert doc[e.sentence_span.start:e.sentence_span.end].strip() == e.sentence
        assert e.sentence_span.start <= e.verb_span.start < e.verb_span.end <= e.sentence_span.end
        for span in (e.source_span, e.target_span):
            if span is not None:
                assert doc[span.start:span.end].strip()


def test_quantity_of_troops(events: list[Event]) -> None:
    assert any(e.quantities.get("troops") == 100_000 for e in events)
