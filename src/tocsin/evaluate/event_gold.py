"""Event-list gold (JSONL): read strictly, and its sentences coded inside the articles they were drawn from.

Event-list gold (JSONL, e.g. ``tests/data/gold/kremlin_2021-22.jsonl``; ``load_event_gold``)
    One JSON object per line: ``id``, ``text``, optional ``date`` (YYYY-MM-DD) and ``link``, and ``events``, a
    list (possibly empty) of the sentence's main events, each ``{"source": [codes], "target": [codes],
    "cameo_root": "NN", "cameo": "NNN" (optional), "modality": ...}``. Other record fields (``note``,
    ``stratum``) are ignored. The file is ours, so it is read strictly: any malformed line, unknown code,
    root/code mismatch, unknown modality or repeated id is an InputError naming the file, line and field.
    A gold event's PLOVER type is the crosswalk's type of its code (``cameo`` when given, else the root);
    CAMEO 01 statements keep the pseudo-type STATEMENT, so that both schemes score the same events.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import MODALITIES, Article, Event
from ..ontology import is_code, lookup, roots
from .normalise import gold_date, normalise_actor_code

_EVENT_KEYS = frozenset({"source", "target", "cameo_root", "cameo", "modality"})


@dataclass(frozen=True)
class GoldEvent:
    """One labelled event: CAMEO root (and code when the labeller was sure), crosswalk PLOVER type, actors."""

    cameo_root: str
    cameo: str | None
    plover_type: str  # a PLOVER type, or STATEMENT for CAMEO 01
    sources: tuple[str, ...]  # normalised 3-letter codes
    targets: tuple[str, ...]
    modality: str


@dataclass(frozen=True)
class EventGoldRecord:
    """One gold sentence of the event-list format with its main events (none for a sentence without)."""

    id: str
    text: str
    date: datetime.date | None
    link: str | None
    events: tuple[GoldEvent, ...]


def is_event_gold(path: str | Path) -> bool:
    """True for the event-list gold format (``.jsonl``), False for PLOVER GSR JSON."""
    return Path(path).suffix.lower() == ".jsonl"


def load_event_gold(path: str | Path) -> list[EventGoldRecord]:
    """Read event-list gold (JSONL); InputError naming the file, line and field for anything malformed."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror or exc}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8 text", path=where) from None
    records: list[EventGoldRecord] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=where, line=lineno) from None
        try:
            record = _event_record(item)
        except _BadField as exc:
            raise InputError(exc.message, path=where, line=lineno, field=exc.field) from None
        if record.id in first_line:
            raise InputError(f"id {record.id!r} already used on line {first_line[record.id]}", path=where,
                             line=lineno, field="id")
        first_line[record.id] = lineno
        records.append(record)
    if not records:
        raise InputError("gold file holds no records", path=where)
    return records


class _BadField(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _event_record(item: Any) -> EventGoldRecord:
    if not isinstance(item, dict):
        raise _BadField(None, "a record must be a JSON object")
    record_id, text, date, link = item.get("id"), item.get("text"), item.get("date"), item.get("link")
    if not isinstance(record_id, str) or not record_id.strip():
        raise _BadField("id", "missing or empty")
    if not isinstance(text, str) or not text.strip():
        raise _BadField("text", "missing or empty")
    if link is not None and not isinstance(link, str):
        raise _BadField("link", f"{link!r:.40} is not a string")
    parsed_date = None
    if date is not None:
        parsed_date = gold_date(date)
        if parsed_date is None:
            raise _BadField("date", f"{date!r:.40} is not a YYYY-MM-DD date")
    events = item.get("events")
    if not isinstance(events, list):
        raise _BadField("events", "missing, or not a list")
    return EventGoldRecord(record_id, text, parsed_date, link,
                           tuple(_gold_event(e, f"events[{i}]") for i, e in enumerate(events)))


def _gold_event(item: Any, field: str) -> GoldEvent:
    if not isinstance(item, dict):
        raise _BadField(field, "an event must be a JSON object")
    unknown = sorted(set(item) - _EVENT_KEYS)
    if unknown:
        raise _BadField(f"{field}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(_EVENT_KEYS))})")
    root, code, modality = item.get("cameo_root"), item.get("cameo"), item.get("modality")
    if not isinstance(root, str) or root not in roots():
        raise _BadField(f"{field}.cameo_root", f"{root!r:.20} is not a CAMEO root (01 .. 20)")
    if code is not None and (not isinstance(code, str) or not is_code(code) or lookup(code).root != root):
        raise _BadField(f"{field}.cameo", f"{code!r:.20} is not a CAMEO code under root {root}")
    if modality not in MODALITIES:
        raise _BadField(f"{field}.modality", f"{modality!r:.20} is not one of {', '.join(MODALITIES)}")
    return GoldEvent(root, code, lookup(code or root).plover_type, _event_actors(item.get("source"), field, "source"),
                     _event_actors(item.get("target"), field, "target"), str(modality))


def _event_actors(value: Any, field: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _BadField(f"{field}.{key}", f"{value!r:.40} is not a list of codes")
    codes: list[str] = []
    for raw in value:
        code = normalise_actor_code(raw) if isinstance(raw, str) else None
        if code is None:
            raise _BadField(f"{field}.{key}", f"{raw!r:.20} is not an actor code")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


# ------------------------------------------------------------------------------------ in-article context


def events_in_context(records: Sequence[EventGoldRecord], articles: Iterable[Article],
                      code: Callable[[Article], Sequence[Event]]) -> tuple[list[list[Event]], list[int]]:
    """Predictions for gold sentences drawn from whole articles, coded *in* their article.

    A sentence such as "The leaders discussed trade." names its actors only through the article around
    it, as a user's run would see it. Each record whose link matches an article's url (or id) is located
    in that article's text; the article is coded once, and the events whose sentence overlaps the gold
    sentence are its predictions. Returns the predictions per record and the indexes of the records that
    were not found in ``articles`` (their predictions are empty; code them alone if wanted).
    """
    wanted = {r.link for r in records if r.link}
    by_link: dict[str, Article] = {}
    for article in articles:
        for key in (article.url, article.id):
            if key in wanted:
                by_link.setdefault(key, article)
    coded: dict[str, Sequence[Event]] = {}
    out: list[list[Event]] = []
    missing: list[int] = []
    for i, record in enumerate(records):
        found = by_link.get(record.link or "")
        start = found.document.find(record.text) if found is not None else -1
        if found is None or start < 0:
            missing.append(i)
            out.append([])
            continue
        if found.id not in coded:
            coded[found.id] = code(found)
        end = start + len(record.text)
        out.append([e for e in coded[found.id]
                    if e.sentence_span.start < end and start < e.sentence_span.end])
    return out, missing
