from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "tocsin" / "data" / "seed_article_2022-01-18.txt"


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    from tocsin.pipeline import Coder

    return Coder()
