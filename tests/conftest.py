from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "tocsin" / "data" / "seed_article_2022-01-18.txt"


def pytest_configure(config: pytest.Config) -> None:
    # compiled-dictionary cache: a fresh one per run, so tests neither read nor leave the user's entries
    os.environ.setdefault("TOCSIN_CACHE_DIR", tempfile.mkdtemp(prefix="tocsin-test-cache-"))


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    from tocsin.pipeline import Coder

    return Coder()
