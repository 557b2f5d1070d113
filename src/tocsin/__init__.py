"""tocsin: dated news articles -> verifiable political event data (CAMEO/PLOVER) and early warnings.

The public API is small: ``code_text``, ``code_article``, ``Coder`` (batch coding), ``open_store``,
``update_clusters`` / ``event_clusters`` (the reports of one happening counted once) and the frozen
dataclasses. Heavy modules (spaCy, DuckDB) load on first use, so ``import tocsin`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import DictionaryError, InputError, ModelError, StoreError, TocsinError
from .models import Actor, Article, Event, Manifest, Place, Span

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .clusters import ClusterSettings, EventCluster, cluster_events, event_clusters, update_clusters
    from .pipeline import Coder, code_article, code_text
    from .store import open_store

_LAZY = {"Coder": "pipeline", "code_article": "pipeline", "code_text": "pipeline", "open_store": "store",
         "ClusterSettings": "clusters", "EventCluster": "clusters", "cluster_events": "clusters",
         "event_clusters": "clusters", "update_clusters": "clusters"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'tocsin' has no attribute {name!r}")


__all__ = [
    "Actor", "Article", "ClusterSettings", "Coder", "DictionaryError", "Event", "EventCluster", "InputError",
    "Manifest", "ModelError", "Place", "Span", "StoreError", "TocsinError", "__version__", "cluster_events",
    "code_article", "code_text", "event_clusters", "open_store", "update_clusters",
]
