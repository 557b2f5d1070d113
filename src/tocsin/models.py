"""Frozen dataclasses passed between the stages: Article -> Event (with Actor, Place, Span, Manifest).

These are the public data model; their JSONL form (``Event.to_dict``) is the schema in docs/schema.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Modality = Literal[
    "asserted", "reported", "threatened", "planned", "hypothetical", "negated", "historical", "feared"
]
MODALITIES: tuple[str, ...] = (
    "asserted", "reported", "threatened", "planned", "hypothetical", "negated", "historical", "feared"
)
DatePrecision = Literal["day", "month", "year"]
PlacePrecision = Literal["city", "admin1", "country"]


@dataclass(frozen=True)
class Article:
    """One dated news article. ``document`` is the exact text that is parsed; spans index into it."""

    id: str
    text: str
    date: date | None = None
    title: str = ""
    url: str = ""
    source: str = ""
    language: str = "en"
    origin: str = ""  # where it was read from ("file.jsonl:12"), for error messages

    @property
    def document(self) -> str:
        return f"{self.title}\n\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into ``Article.document``."""

    start: int
    end: int


@dataclass(frozen=True)
class Actor:
    """A coded actor: ``code`` is the CAMEO-style code (country ISO3 + sector, e.g. RUSMIL, or an IGO)."""

    text: str
    code: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = "country"
    admin1: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What produced an event, so every row can be reproduced or invalidated later."""

    tocsin_version: str
    model: str
    dictionary_hash: str


@dataclass(frozen=True)
class Event:
    id: str
    article_id: str
    event_date: date | None
    report_date: date | None
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str
    modality: Modality
    sentence: str
    sentence_span: Span
    verb_span: Span
    source_span: Span | None
    target_span: Span | None
    confidence: float
    manifest: Manifest
    event_date_precision: DatePrecision | None = None
    speaker: Actor | None = None
    quantities: Mapping[str, int] = field(default_factory=dict)
    location: Place | None = None
    # probability that each field is right: type, source, target (calibrated), location, date (priors)
    field_confidence: Mapping[str, float] = field(default_factory=dict)

    @property
    def dyad(self) -> tuple[str | None, str | None]:
        return (
            self.source.code if self.source else None,
            self.target.code if self.target else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The public JSONL record: nested dicts, ISO dates, spans as [start, end]."""

        def convert(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Span):
                return [value.start, value.end]
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                return {f.name: convert(getattr(value, f.name)) for f in dataclasses.fields(value)}
            if isinstance(value, Mapping):
                return {k: convert(v) for k, v in value.items()}
            return value

        return {f.name: convert(getattr(self, f.name)) for f in dataclasses.fields(self)}
