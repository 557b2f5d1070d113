"""JSON Lines (.jsonl, .ndjson): one record object per line, streamed a line at a time.

A line is read in pieces, so one enormous line costs no more than the record limit; a bad line is a
record-level error and reading goes on at the next.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import BinaryIO

from ...errors import InputError
from ..checks import BOM, CHUNK, SNIFF_BYTES, check_binary, jsonl_record_limit, too_large, utf8_error
from ..records import ColumnMap, Items, json_record

__all__ = ["read_jsonl"]


def _read_line(handle: BinaryIO, limit: int) -> tuple[bytes, int]:
    """One physical line (with its newline) and its size; lines over ``limit`` come back empty."""
    chunk = handle.readline(CHUNK)
    if len(chunk) < CHUNK or chunk.endswith(b"\n"):
        return chunk, len(chunk)
    parts = [chunk]
    size = len(chunk)
    while chunk and not chunk.endswith(b"\n"):
        chunk = handle.readline(CHUNK)
        size += len(chunk)
        if size <= limit:
            parts.append(chunk)
        elif parts:
            parts = []  # too large: count the rest of the line without keeping it
    return b"".join(parts), size


def read_jsonl(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    limit = jsonl_record_limit()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        check_binary(head, name)
        handle.seek(0)
        line = offset = records = 0
        while True:
            raw, size = _read_line(handle, limit)
            if not size:
                break
            line += 1
            start, offset = offset, offset + size
            if line == 1 and raw.startswith(BOM):
                raw, start = raw[len(BOM):], start + len(BOM)
            if size > limit:
                records += 1
                yield too_large(size, name, line, None, "the record")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                records += 1
                yield utf8_error(error, raw, name, line=line, offset=start)
                continue
            if not text.strip():
                continue
            records += 1
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                yield InputError(f"invalid JSON: {error.msg} (column {error.colno})", path=name, line=line)
                continue
            except (ValueError, RecursionError) as error:  # a 5000-digit number, nesting 100k deep
                yield InputError(f"invalid JSON: {error}", path=name, line=line)
                continue
            yield json_record(record, name, line, date, columns)
    if not records:
        raise InputError("empty file", path=name, line=1)
