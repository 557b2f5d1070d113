"""A JSON file (.json): a list of record objects, or one record object.

The file is read whole (use JSON Lines for big inputs), but records are decoded one at a time, so an error
names the line its record starts on and the records before it are still read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ...errors import InputError
from ..checks import check_binary, decode_whole
from ..records import ColumnMap, Items, json_record, json_type

__all__ = ["read_json"]

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, at: int) -> int:
    match = _JSON_SPACE.match(text, at)
    return match.end() if match else at


def read_json(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    """A JSON list of records or one record. The file is read whole: use JSONL for big inputs."""
    data = path.read_bytes()
    check_binary(data, name)
    text = decode_whole(data, name)
    del data
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if at == len(text):
        raise InputError("empty file", path=name, line=1)

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    def decode(position: int) -> tuple[object, int]:
        try:
            return decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise InputError(f"invalid JSON: {error.msg} (column {error.colno})",
                             path=name, line=error.lineno) from None
        except (ValueError, RecursionError) as error:  # a 5000-digit number, nesting 100k deep
            raise InputError(f"invalid JSON: {error}", path=name, line=line_of(position)) from None

    if text[at] != "[":
        record, end = decode(at)
        if (after := _skip_space(text, end)) != len(text):
            raise InputError("invalid JSON: extra data after the record", path=name, line=line_of(after))
        if not isinstance(record, dict):
            raise InputError(f"expected a list of records or one record object, got {json_type(record)}",
                             path=name, line=line_of(at))
        yield json_record(record, name, line_of(at), date, columns)
        return
    at = _skip_space(text, at + 1)
    if text.startswith("]", at):
        raise InputError("no records (an empty list)", path=name, line=line_of(at))
    line, counted = 1, 0
    while True:
        line += text.count("\n", counted, at)
        counted = at
        record, end = decode(at)
        yield json_record(record, name, line, date, columns)
        at = _skip_space(text, end)
        if text.startswith(",", at):
            at = _skip_space(text, at + 1)
            continue
        if text.startswith("]", at) and _skip_space(text, at + 1) == len(text):
            return
        raise InputError("invalid JSON: expected ',' or ']' after a record", path=name, line=line_of(at))
