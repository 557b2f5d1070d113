"""The event store's schema as an ordered list of named migrations, and the column lists written from it.

A database records every migration it has applied in ``schema_migrations``; opening it applies the
missing ones in order. Migrations are append-only: never edit one that has shipped, add the next version.
"""

from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    version: int
    name: str
    sql: str


def _actor_columns(role: str) -> str:
    return ", ".join(f"{role}_{part} VARCHAR" for part in ("text", "code", "country", "sector", "name"))


MIGRATIONS: list[Migration] = [
    Migration(1, "articles and events tables", f"""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            url VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            date DATE,
            title VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            language VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            ingested_at TIMESTAMP NOT NULL
        );
        -- article_id is not a declared FOREIGN KEY: DuckDB checks those row by row and forbids replacing a
        -- parent row inside the transaction that replaces its children; Store.add_article keeps them paired.
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            event_date DATE,
            event_date_precision VARCHAR,
            report_date DATE,
            -- event_date, else report_date: what date filters and ordering use
            query_date DATE,
            {_actor_columns("source")},
            {_actor_columns("target")},
            cameo VARCHAR NOT NULL,
            cameo_root VARCHAR NOT NULL,
            cameo_name VARCHAR NOT NULL,
            goldstein DOUBLE NOT NULL,
            quad_class INTEGER NOT NULL,
            plover_type VARCHAR NOT NULL,
            plover_mode VARCHAR NOT NULL,
            modality VARCHAR NOT NULL,
            {_actor_columns("speaker")},
            quantities JSON NOT NULL,
            location_name VARCHAR,
            location_country VARCHAR,
            location_admin1 VARCHAR,
            location_lat DOUBLE,
            location_lon DOUBLE,
            location_precision VARCHAR,
            sentence VARCHAR NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            verb_start INTEGER NOT NULL,
            verb_end INTEGER NOT NULL,
            source_start INTEGER,
            source_end INTEGER,
            target_start INTEGER,
            target_end INTEGER,
            confidence DOUBLE NOT NULL,
            tocsin_version VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            dictionary_hash VARCHAR NOT NULL
        );
    """),
    # DuckDB (2.0) answers only equality filters from an ART index: article_id serves replacing an article's
    # events and per-article reads; the code indexes serve exact actor-code lookups (one dyad's series).
    # Prefix and date-range filters are answered from the automatic per-row-group min/max statistics
    # (DuckDB turns starts_with into a range), so a date index would only slow inserts (measured).
    Migration(2, "indexes for article and actor-code lookups", """
        CREATE INDEX events_article_id ON events (article_id);
        CREATE INDEX events_source_code ON events (source_code);
        CREATE INDEX events_target_code ON events (target_code);
    """),
    # Event clusters (tocsin.clusters): one row per real-world happening, rebuilt from its members whenever
    # they change; cluster_members repeats each member's key and date so that the members of a deleted event
    # can still be found and re-clustered; clustered_articles records which article versions the clusters
    # reflect (an article replaced since has a new content_hash / ingested_at); cluster_settings holds the
    # settings the clusters were made with (other settings mean re-clustering everything).
    Migration(3, "event clusters", """
        CREATE TABLE clusters (
            id VARCHAR PRIMARY KEY,
            cluster_key VARCHAR NOT NULL,
            mutual BOOLEAN NOT NULL,
            seed_event_id VARCHAR NOT NULL,
            representative_event_id VARCHAR NOT NULL,
            source_code VARCHAR,
            target_code VARCHAR,
            cameo_root VARCHAR NOT NULL,
            cameo VARCHAR NOT NULL,
            cameo_name VARCHAR NOT NULL,
            plover_type VARCHAR NOT NULL,
            goldstein DOUBLE NOT NULL,
            quad_class INTEGER NOT NULL,
            modality VARCHAR NOT NULL,
            first_seen DATE,
            last_seen DATE,
            num_events INTEGER NOT NULL,
            num_reports INTEGER NOT NULL,
            num_articles INTEGER NOT NULL,
            num_sources INTEGER NOT NULL,
            location_name VARCHAR,
            location_country VARCHAR,
            location_precision VARCHAR,
            sentence VARCHAR NOT NULL
        );
        CREATE TABLE cluster_members (
            event_id VARCHAR PRIMARY KEY,
            cluster_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            cluster_key VARCHAR NOT NULL,
            query_date DATE
        );
        CREATE TABLE clustered_articles (
            article_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,
            ingested_at TIMESTAMP NOT NULL
        );
        CREATE TABLE cluster_settings (
            settings VARCHAR NOT NULL
        );
    """),
    # Event.field_confidence, one nullable DOUBLE per field: NULL where the coder gave no value (no target, no
    # location) and in every row stored before this migration, which reads back as an empty mapping.
    Migration(4, "per-field event confidence", """
        ALTER TABLE events ADD COLUMN confidence_type DOUBLE;
        ALTER TABLE events ADD COLUMN confidence_source DOUBLE;
        ALTER TABLE events ADD COLUMN confidence_target DOUBLE;
        ALTER TABLE events ADD COLUMN confidence_event DOUBLE;
        ALTER TABLE events ADD COLUMN confidence_location DOUBLE;
        ALTER TABLE events ADD COLUMN confidence_date DOUBLE;
    """),
]

SCHEMA_MIGRATIONS_SQL = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name VARCHAR NOT NULL,
        applied_at TIMESTAMP NOT NULL
    )
"""

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "url", "source", "date", "title", "text", "language", "content_hash", "ingested_at",
)


def _actor_names(role: str) -> list[str]:
    return [f"{role}_{part}" for part in ("text", "code", "country", "sector", "name")]


# The keys of Event.field_confidence that the events table has a column for (confidence_<key>, migration 4), in
# the order the coder writes them. A column per key rather than one JSON or MAP column, so that SQL filters on
# one field directly (WHERE confidence_type >= 0.8), and a key without a column is refused on write instead of
# silently dropped: a new key needs a migration adding its column and an entry here.
CONFIDENCE_FIELDS: tuple[str, ...] = ("type", "source", "target", "event", "location", "date")


def confidence_column(field: str) -> str:
    return f"confidence_{field}"


# The order of the tuples Store writes and reads; kept apart from the table's physical order so that a later
# migration may add columns without reordering anything.
EVENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "event_date", "event_date_precision", "report_date", "query_date",
    *_actor_names("source"), *_actor_names("target"),
    "cameo", "cameo_root", "cameo_name", "goldstein", "quad_class", "plover_type", "plover_mode", "modality",
    *_actor_names("speaker"),
    "quantities", "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_precision", "sentence", "sentence_start", "sentence_end", "verb_start", "verb_end",
    "source_start", "source_end", "target_start", "target_end", "confidence", "tocsin_version", "model",
    "dictionary_hash", *(confidence_column(f) for f in CONFIDENCE_FIELDS),
)

# The order of the tuples read from the clusters table (tocsin.clusters.EventCluster's fields before event_ids).
CLUSTER_COLUMNS: tuple[str, ...] = (
    "id", "cluster_key", "mutual", "seed_event_id", "representative_event_id", "source_code", "target_code",
    "cameo_root", "cameo", "cameo_name", "plover_type", "goldstein", "quad_class", "modality", "first_seen",
    "last_seen", "num_events", "num_reports", "num_articles", "num_sources", "location_name", "location_country",
    "location_precision", "sentence",
)
