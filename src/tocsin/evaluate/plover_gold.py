"""The PLOVER gold sentences (GSR JSON): ``load_gold`` reads them into ``GoldRecord``s.

PLOVER gold data
    ``PLOVER_GSR_CAMEO.json`` (openeventdata/PLOVER, CC BY-SA 4.0): one sentence per record, each annotated
    with its main event's PLOVER type and its source and target actors. ``load_gold`` reads it into
    ``GoldRecord``s:

    * The DOCUMENT record (file notes) is skipped. Malformed records (not an object, no id or text, unknown
      event type, an actor field that is neither a list/object of actors nor empty, an actor without a
      usable code) are skipped with a logged warning naming the file and record. A repeated id gets a
      ``#2``, ``#3`` ... suffix so that diff lines stay unique.
    * Event types use the current PLOVER names; the gold's older names are mapped (``OLD_EVENT_NAMES``:
      DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, COOPERATION -> COOPERATE).
    * Actors are reduced to 3-letter codes (``normalise_actor_code``): countries as ISO 3166-1 alpha-3, the
      gold's leftover CAMEO variants mapped (JAP -> JPN, ITL -> ITA, VTN -> VNM, and the older ROM, ZAR, TMP,
      KSV), every IGO* as ``IGO`` and NGO* as ``NGO``; other non-state codes (IMG militant groups) are kept.
    * Reciprocal events: where the markup tags actors ``SRC/TAR`` ("Jordan and Britain agreed ...") and the
      record gives no target, the targets are the sources, as the gold's readme defines that tag.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ontology import PLOVER_TYPES
from .normalise import gold_date, normalise_actor_code, normalise_event_type

log = logging.getLogger(__name__)

_DOCUMENT = "DOCUMENT"
_RECIPROCAL_TAG = "SRC/TAR"


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    date: datetime.date | None
    event: str  # PLOVER type, current names
    sources: tuple[str, ...]  # normalised 3-letter codes (country ISO3, "IGO", "NGO", ...)
    targets: tuple[str, ...]


class _Malformed(Exception):
    """A gold record that cannot be scored; the message says why."""


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read PLOVER gold sentences (a JSON list of records); InputError naming the file if it is unusable."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror or exc}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("gold file is not UTF-8 text", path=where) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file is not valid JSON: {exc.msg}", path=where, line=exc.lineno) from None
    if not isinstance(data, list):
        raise InputError("gold file must hold a JSON list of records", path=where)
    records: list[GoldRecord] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        label = label or f"#{index}"
        try:
            record = _gold_record(item)
        except _Malformed as exc:
            log.warning("%s: skipped gold record %s: %s", where, label, exc)
            continue
        if record is None:
            continue
        seen[record.id] = seen.get(record.id, 0) + 1
        if seen[record.id] > 1:
            log.warning("%s: gold id %s repeated; this one is %s#%d", where, record.id, record.id,
                        seen[record.id])
            record = dataclasses.replace(record, id=f"{record.id}#{seen[record.id]}")
        records.append(record)
    if not records:
        raise InputError("gold file holds no usable records", path=where)
    return records


def _gold_record(item: Any) -> GoldRecord | None:
    if not isinstance(item, dict):
        raise _Malformed(f"not a JSON object: {item!r:.60}")
    record_id, event, text = item.get("id"), item.get("event"), item.get("text")
    if not isinstance(record_id, str) or not record_id.strip():
        raise _Malformed("no id")
    if not isinstance(event, str):
        raise _Malformed("no event type")
    if event.strip().upper() == _DOCUMENT:
        return None
    event = normalise_event_type(event)
    if event not in PLOVER_TYPES:
        raise _Malformed(f"unknown event type {item['event']!r}")
    if not isinstance(text, str) or not text.strip():
        raise _Malformed("no text")
    sources = _gold_actors(item.get("source"), "source")
    targets = _gold_actors(item.get("target"), "target")
    if not targets and _RECIPROCAL_TAG in _markup(item):
        targets = sources
    return GoldRecord(record_id, text, gold_date(item.get("date")), event, sources, targets)


def _gold_actors(value: Any, field: str) -> tuple[str, ...]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list):
        raise _Malformed(f"{field} is {value!r:.40}, not a list of actors")
    codes: list[str] = []
    for entry in entries:
        raw = entry.get("code") if isinstance(entry, dict) else None
        code = normalise_actor_code(raw) if isinstance(raw, str) else None
        if code is None:
            raise _Malformed(f"{field} actor {entry!r:.60} has no usable code")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _markup(item: dict[str, Any]) -> str:
    info = item.get("textInfo")
    if isinstance(info, dict):
        info = info.get("markup")
    return info if isinstance(info, str) else ""
