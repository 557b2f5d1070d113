"""Writing events out: a readable table for people, JSONL (the public schema) and flat CSV for tools."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from .models import Event

if TYPE_CHECKING:
    from .clusters import EventCluster

FORMATS = ("table", "jsonl", "csv")

# The keys of Event.field_confidence, one CSV column each (field_confidence_type, ...). The same fields as the
# store's confidence_<field> columns (tocsin.store.schema.CONFIDENCE_FIELDS, a test keeps them equal), written
# out here so that rendering does not load DuckDB.
CONFIDENCE_FIELDS: tuple[str, ...] = ("type", "source", "target", "event", "location", "date")


def flatten(event: Event) -> dict[str, Any]:
    """One flat record: nested actors/places become prefixed columns, spans start/end columns."""
    row: dict[str, Any] = {}
    for key, value in event.to_dict().items():
        if isinstance(value, dict) and key != "quantities":
            for sub, subvalue in value.items():
                if isinstance(subvalue, list):
                    row[f"{key}_{sub}"] = json.dumps(subvalue)
                else:
                    row[f"{key}_{sub}"] = subvalue
        elif isinstance(value, list):
            row[f"{key}_start"], row[f"{key}_end"] = value
        elif key == "quantities":
            row[key] = json.dumps(value, sort_keys=True) if value else ""
        else:
            row[key] = value
    return row


CSV_COLUMNS = tuple(
    ["id", "article_id", "event_date", "event_date_precision", "report_date"]
    + [f"{role}_{f}" for role in ("source", "target") for f in ("text", "code", "country", "sector", "name")]
    + ["cameo", "cameo_root", "cameo_name", "goldstein", "quad_class", "plover_type", "plover_mode",
       "modality"]
    + [f"speaker_{f}" for f in ("text", "code", "country", "sector", "name")]
    + ["quantities"]
    + [f"location_{f}" for f in ("name", "country", "lat", "lon", "precision", "admin1")]
    + ["sentence", "sentence_span_start", "sentence_span_end", "verb_span_start", "verb_span_end",
       "source_span_start", "source_span_end", "target_span_start", "target_span_end", "confidence"]
    + [f"field_confidence_{f}" for f in CONFIDENCE_FIELDS]
    + ["manifest_tocsin_version", "manifest_model", "manifest_dictionary_hash"]
)


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        row = flatten(event)
        # spans flattened from [start, end] lists get *_start/*_end; None spans stay empty
        for role in ("sentence_span", "verb_span", "source_span", "target_span"):
            row.setdefault(f"{role}_start", None)
            row.setdefault(f"{role}_end", None)
        writer.writerow(row)
        n += 1
    return n


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def write_table(events: Iterable[Event], out: IO[str]) -> int:
    width = shutil.get_terminal_size((140, 20)).columns
    header = ("date", "source", "event", "target", "modality", "conf")
    rows = []
    for e in events:
        rows.append((
            e.event_date.isoformat() if e.event_date else "-",
            e.source.code if e.source else "-",
            f"{e.cameo} {e.cameo_name}",
            e.target.code if e.target else "-",
            e.modality + (f" ({e.speaker.code})" if e.speaker and e.modality == "reported" else ""),
            f"{e.confidence:.2f}",
            e.sentence,
        ))
    limits = (10, 10, 38, 10, 20, 4)
    widths = [min(max([len(h)] + [len(r[i]) for r in rows]), limits[i]) for i, h in enumerate(header)]
    sentence_width = max(width - sum(widths) - 2 * len(widths) - 1, 20)
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  sentence"
    out.write(line + "\n")
    for r in rows:
        cells = [_cut(c, w).ljust(w) for c, w in zip(r[:6], widths, strict=True)]
        out.write("  ".join(cells) + "  " + _cut(r[6], sentence_width) + "\n")
    return len(rows)


def write(events: Iterable[Event], out: IO[str], fmt: str) -> int:
    if fmt == "jsonl":
        return write_jsonl(events, out)
    if fmt == "csv":
        return write_csv(events, out)
    return write_table(events, out)


# ---------------------------------------------------------------------------------------------- clusters

CLUSTER_CSV_COLUMNS = (
    "id", "first_seen", "last_seen", "source", "target", "mutual", "cameo", "cameo_name", "cameo_root",
    "plover_type", "goldstein", "quad_class", "modality", "num_reports", "num_sources", "num_articles",
    "num_events", "location_name", "location_country", "location_precision", "representative_event_id",
    "seed_event_id", "key", "sentence", "event_ids",
)


def write_clusters(clusters: Iterable[EventCluster], out: IO[str], fmt: str) -> int:
    """Event clusters as a table (one line each), JSONL (``EventCluster.to_dict``) or CSV."""
    if fmt == "jsonl":
        n = 0
        for cluster in clusters:
            out.write(json.dumps(cluster.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CLUSTER_CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        n = 0
        for cluster in clusters:
            writer.writerow({**cluster.to_dict(), "event_ids": " ".join(cluster.event_ids)})
            n += 1
        return n
    header = ("first_seen", "last_seen", "dyad", "code", "name", "reports", "sources", "articles")
    rows = [(c.first_seen.isoformat() if c.first_seen else "-", c.last_seen.isoformat() if c.last_seen else "-",
             c.dyad_label, c.cameo, c.cameo_name, str(c.num_reports), str(c.num_sources), str(c.num_articles),
             c.sentence) for c in clusters]
    limits = (10, 10, 24, 4, 30, 7, 7, 8)
    widths = [min(max([len(h)] + [len(r[i]) for r in rows]), limits[i]) for i, h in enumerate(header)]
    sentence_width = max(shutil.get_terminal_size((140, 20)).columns - sum(widths) - 2 * len(widths) - 1, 20)
    numeric = {"reports", "sources", "articles"}
    out.write("  ".join(h.rjust(w) if h in numeric else h.ljust(w) for h, w in zip(header, widths, strict=True))
              + "  sentence\n")
    for r in rows:
        cells = [_cut(c, w).rjust(w) if h in numeric else _cut(c, w).ljust(w)
                 for h, c, w in zip(header, r[:-1], widths, strict=True)]
        out.write("  ".join(cells) + "  " + _cut(r[-1], sentence_width) + "\n")
    return len(rows)
