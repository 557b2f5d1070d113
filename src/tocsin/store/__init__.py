"""The event store: articles and their coded events in an embedded DuckDB file with a versioned schema."""

from __future__ import annotations

from .duckdb_store import (
    EventFilters,
    Store,
    StoreStats,
    content_hash,
    default_db_path,
    event_filter,
    open_store,
)
from .schema import MIGRATIONS, Migration

__all__ = [
    "MIGRATIONS", "EventFilters", "Migration", "Store", "StoreStats", "content_hash", "default_db_path",
    "event_filter", "open_store",
]
