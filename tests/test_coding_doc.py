"""Every example in docs/coding.md codes as the doc says, so the user-facing description cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tocsin

DOC = Path(__file__).resolve().parent.parent / "docs" / "coding.md"
_DATED = re.compile(r"\s+# report date (\d{4}-\d\d-\d\d)$")


def _examples() -> list[tuple[str, str, str]]:
    out = []
    for block in re.findall(r"```text\n(.*?)```", DOC.read_text("utf-8"), re.S):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        for sentence, shown in zip(lines[::2], lines[1::2], strict=False):
            assert shown.startswith("→ "), f"docs/coding.md: example {sentence!r} has no '→ ' output line"
            date = "2022-01-18"
            dated = _DATED.search(sentence)
            if dated:
                date, sentence = dated.group(1), sentence[:dated.start()]
            out.append((sentence, date, shown[2:]))
    return out


EXAMPLES = _examples()


def test_the_doc_has_examples() -> None:
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize(("sentence", "date", "shown"), EXAMPLES, ids=[s[:40] for s, _, _ in EXAMPLES])
def test_example_codes_as_documented(sentence: str, date: str, shown: str) -> None:
    got = repr([(e.cameo, e.dyad, e.modality) for e in tocsin.code_text(sentence, date=date)])
    assert got == shown, f"docs/coding.md says {sentence!r} gives {shown}, it gives {got}"
