"""CSV and TSV (.csv, .tsv): a header row naming the fields, then one record per row, streamed.

Quoted fields may span lines, so the file is fed to the csv module as physical lines that are checked for
size and UTF-8 per record: a bad record is skipped without losing step with the rest of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from pathlib import Path
from typing import BinaryIO

from ...errors import InputError
from ..checks import BOM, CHUNK, SNIFF_BYTES, check_binary, csv_record_limit, too_large, utf8_error
from ..records import ColumnMap, Items, record_article, resolve

__all__ = ["CSV_DELIMITERS", "read_csv"]

CSV_DELIMITERS = {".csv": ",", ".tsv": "\t"}


class _CsvLines:
    """Decoded physical lines for csv.reader, checked per record for size and UTF-8.

    Problems are noted for the current record rather than raised, so the csv parser stays in step with
    the file and reading can go on at the next record. Once a record is over the size limit its remaining
    bytes are squashed to their quotes, delimiters and line ends (each run of other bytes becomes one
    'x'): that keeps the record's structure for the parser without keeping its content in memory.
    """

    def __init__(self, handle: BinaryIO, name: str, delimiter: str, limit: int) -> None:
        self._handle = handle
        self._name = name
        self._limit = limit
        self._squash = re.compile(b'[^"\r\n' + re.escape(delimiter.encode()) + b"]+")
        self._offset = 0
        self.line = 0  # physical lines read so far
        self.record_bytes = 0
        self.error: InputError | None = None

    def start_record(self) -> int:
        """Reset the per-record state; returns the line the next record starts on."""
        self.record_bytes = 0
        self.error = None
        return self.line + 1

    @property
    def oversize(self) -> bool:
        return self.record_bytes > self._limit

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        parts: list[bytes] = []
        start = self._offset
        while True:
            chunk = self._handle.readline(CHUNK)
            if not chunk:
                break
            self._offset += len(chunk)
            self.record_bytes += len(chunk)
            parts.append(chunk)
            if self.oversize:
                parts = [self._squash.sub(b"x", b"".join(parts))]
            if chunk.endswith(b"\n"):
                break
        if not parts:
            raise StopIteration
        self.line += 1
        raw = b"".join(parts)
        if self.line == 1 and raw.startswith(BOM):
            raw, start = raw[len(BOM):], start + len(BOM)
        if self.oversize:
            return raw.decode("ascii", "replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.error is None:
                self.error = utf8_error(error, raw, self._name, line=self.line, offset=start)
            # replacement keeps quotes and delimiters (all ASCII) where they are; the record is rejected
            return raw.decode("utf-8", "replace")


@functools.cache
def _raise_csv_field_limit() -> None:
    # records are bounded by _CsvLines, so the csv module's own per-field cap (128 KiB) only gets in the way
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def read_csv(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    _raise_csv_field_limit()
    delimiter = CSV_DELIMITERS[path.suffix.lower()]
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        check_binary(head, name)
        handle.seek(0)
        lines = _CsvLines(handle, name, delimiter, csv_record_limit())
        reader = csv.reader(lines, "excel-tab" if delimiter == "\t" else "excel")

        def next_row() -> tuple[int, list[str]] | None:
            start = lines.start_record()
            try:
                return start, next(reader)
            except StopIteration:
                return None
            except csv.Error as error:
                raise InputError(f"malformed CSV: {error}", path=name, line=lines.line) from None

        header: list[str] = []
        header_line = 1
        while not header:
            row = next_row()
            if row is None:
                raise InputError("empty file", path=name, line=1)
            header_line, cells = row
            if lines.oversize:
                raise too_large(lines.record_bytes, name, header_line, None, "the header")
            if lines.error is not None:
                raise lines.error
            header = [cell.strip() for cell in cells] if any(cell.strip() for cell in cells) else []
        keys = resolve(tuple(header), columns)
        if not keys.text:
            raise InputError(f"missing text column (looked for {', '.join(columns.text)}; "
                             f"the header has {', '.join(map(repr, header))})",
                             path=name, line=header_line, field="text")
        records = 0
        while (row := next_row()) is not None:
            line, cells = row
            if not cells:  # a blank line
                continue
            records += 1
            if lines.oversize:
                yield too_large(lines.record_bytes, name, line, None, "the record")
            elif lines.error is not None:
                yield lines.error
            elif len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
                yield InputError(f"record has {len(cells)} fields but the header has {len(header)}",
                                 path=name, line=line)
            else:
                try:
                    yield record_article(dict(zip(header, cells, strict=False)), columns, name, line, date)
                except InputError as error:
                    yield error
        if not records:
            raise InputError("no records after the header", path=name, line=header_line)
