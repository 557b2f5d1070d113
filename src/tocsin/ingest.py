"""Read dated news articles from files: tocsin text, plain text, JSONL, CSV/TSV, JSON and directories.

``read_articles`` is a generator: records stream one at a time, so a multi-gigabyte JSONL or CSV file costs
one record of memory. Every error names the file, the line and (where there is one) the field, and
``skip_bad=True`` turns each bad record or unreadable file into a ``Problem`` instead of stopping the run.

Article ids are stable: a record's own id when it has one, else a hash of the normalised title, date and
text, so re-ingesting the same content gives the same ids whatever the file is called.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import email.utils
import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypeAlias
from urllib.parse import urlsplit

from .errors import InputError
from .models import Article

__all__ = [
    "MAX_ARTICLE_BYTES", "ColumnMap", "Problem", "article_id", "parse_date", "parse_text_article",
    "read_articles",
]

log = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # per article text (UTF-8 bytes)

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_DELIMITERS = {".csv": ",", ".tsv": "\t"}
JSON_SUFFIXES = frozenset({".json"})

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192  # NUL bytes in this much of the head mark a binary file
_CHUNK = 1024 * 1024  # physical lines are read in pieces of this size so one huge line cannot balloon
_TEXT_HEADER_SLACK = 64 * 1024  # a text file holds its article plus a header line and title
_TITLE_MAX_CHARS = 200


def _jsonl_record_limit() -> int:
    # A JSON line may escape each non-ASCII character as \uXXXX (up to 3x its UTF-8 size) and carries
    # other fields, so only a line far over the text limit can be rejected before parsing it.
    return 4 * MAX_ARTICLE_BYTES


def _csv_record_limit() -> int:
    # CSV does not escape, so a record holds little beyond its text; keep the bound tight, because the csv
    # module buffers a field as 4-byte code points with doubling growth (~6x the bytes at its peak).
    return MAX_ARTICLE_BYTES + 1024 * 1024


# --------------------------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ColumnMap:
    """Names of the fields in CSV/JSONL/JSON records, in priority order (matched case-insensitively)."""

    id: tuple[str, ...] = ("id", "article_id", "guid", "uuid")
    url: tuple[str, ...] = ("url", "link", "href")
    source: tuple[str, ...] = ("source", "publisher", "outlet", "domain", "site")
    date: tuple[str, ...] = (
        "date", "published", "publish_date", "pubdate", "published_at", "datetime", "timestamp"
    )
    title: tuple[str, ...] = ("title", "headline")
    text: tuple[str, ...] = ("text", "body", "content", "article", "story")
    # prepended to the text as its first paragraph when present and not already its start
    lede: tuple[str, ...] = ("lede", "summary", "description", "abstract")

    @classmethod
    def parse(cls, spec: str) -> ColumnMap:
        """Overrides such as ``"text=body,title=headline"``; ``"text=body|content"`` gives alternatives.

        A field named more than once collects all its names in order. Fields not named keep the defaults.
        """
        known = [f.name for f in dataclasses.fields(cls)]
        overrides: dict[str, tuple[str, ...]] = {}
        for item in spec.split(","):
            if not item.strip():
                continue
            name, sep, columns = item.partition("=")
            name = name.strip().lower()
            if not sep:
                raise InputError(f"column map {item.strip()!r}: expected FIELD=COLUMN (e.g. text=body)")
            if name not in known:
                raise InputError(
                    f"column map {item.strip()!r}: unknown field {name!r} (known: {', '.join(known)})"
                )
            names = tuple(c.strip() for c in columns.split("|") if c.strip())
            if not names:
                raise InputError(f"column map {item.strip()!r}: no column name given for {name!r}")
            overrides[name] = overrides.get(name, ()) + names
        return dataclasses.replace(cls(), **overrides)


@dataclass(frozen=True)
class Problem:
    """A record or file that was skipped (``skip_bad=True``), or a file that was ignored."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    @classmethod
    def from_error(cls, error: InputError) -> Problem:
        what = f"field {error.field!r}: " if error.field else ""
        return cls(error.path or "", error.line, what + error.message)


def article_id(title: str, date: dt.date | None, text: str) -> str:
    """Content id: "a" + 16 hex digits of sha256 over the whitespace-normalised title, ISO date and text."""
    parts = (" ".join(title.split()), date.isoformat() if date else "", " ".join(text.split()))
    # surrogatepass: an id must never fail; invalid Unicode is rejected separately with a located error
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return "a" + digest[:16]


# -------------------------------------------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[a-z]+)\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# the date as written: the time and any offset are validated for shape but not converted
_DATETIME_ISO = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DATE_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NUMBER = re.compile(r"(\d+)(?:\.\d*)?")
_DATE_MDY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_DATE_DMY = re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_RFC2822_HINT = re.compile(r"\d{1,2}\s+[a-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", re.IGNORECASE)
# Epoch numbers by their count of integer digits: 9-10 are seconds (1973-2286), 12-13 milliseconds (JS).
# Shorter numbers are years or counts, not timestamps, and must not silently become a day in 1970.
_EPOCH_SCALE = {9: 1, 10: 1, 12: 1000, 13: 1000}


def parse_date(value: str, *, path: str, line: int | None, field: str = "date") -> dt.date:
    """The calendar date a string names, as written (offsets are not converted to UTC).

    Accepts ISO dates and datetimes, "January 18, 2022", "18 January 2022", "2022/01/18", RFC 2822,
    YYYYMMDD and epoch seconds (or milliseconds), then falls back to dateparser restricted to English
    absolute dates with day, month and year all present, so nothing is ever read relative to today.
    """
    parsed = _parse_date(value.strip())
    if parsed is None:
        what = "empty date" if not value.strip() else f"unrecognised date {value!r}"
        raise InputError(what, path=path, line=line, field=field)
    return parsed


@functools.lru_cache(maxsize=4096)
def _parse_date(value: str) -> dt.date | None:
    try:
        return _parse_known_date(value)
    except (ValueError, OverflowError, OSError):
        return None


def _parse_known_date(value: str) -> dt.date | None:
    if not value:
        return None
    if m := _DATE_ISO.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DATETIME_ISO.fullmatch(value):
        return dt.date.fromisoformat(m[1])
    if m := _NUMBER.fullmatch(value):
        if len(value) == 8 and value.isdigit():  # YYYYMMDD, ISO 8601's basic form
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        scale = _EPOCH_SCALE.get(len(m[1]))
        if scale is None:
            return None
        return dt.datetime.fromtimestamp(float(value) / scale, tz=dt.UTC).date()
    if m := _DATE_YMD.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    for pattern in (_DATE_MDY, _DATE_DMY):
        if (m := pattern.fullmatch(value)) and (month := _MONTHS.get(m["month"].lower())):
            return dt.date(int(m["year"]), month, int(m["day"]))
    if _RFC2822_HINT.search(value):
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (ValueError, TypeError, IndexError):
            pass
    return _dateparser_date(value)


def _dateparser_date(value: str) -> dt.date | None:
    import dateparser  # slow to import and rarely needed: the formats above cover most feeds

    settings = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "PARSERS": ["absolute-time"],  # never "relative-time": "yesterday" must not become a real date
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(value, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


# ----------------------------------------------------------------------------------------------- reading

_Report: TypeAlias = Callable[[InputError], None]
# Readers yield (article, content id) or a record-level error, and raise file-level errors.
_Item: TypeAlias = tuple[Article, str] | InputError
_Items: TypeAlias = Generator[_Item, None, None]
_Reader: TypeAlias = Callable[[Path, str, dt.date | None, ColumnMap], _Items]
_DEFAULT_COLUMNS = ColumnMap()


def read_articles(
    paths: Iterable[str | Path],
    *,
    date: dt.date | None = None,
    columns: ColumnMap = _DEFAULT_COLUMNS,
    skip_bad: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[Article]:
    """Articles from files and directories, lazily, in order.

    ``date`` is the publication date for records and text files that carry none. With ``skip_bad`` each bad
    record or unreadable file becomes a ``Problem`` passed to ``on_problem`` (logged when it is None) and
    reading goes on; without it the first problem raises ``InputError``. Files of an unknown type are
    skipped silently inside directories and with a ``Problem`` warning when named explicitly. Within one
    call a repeated id with the same title, date and text is dropped; with different content it is an error.
    """

    def warn(problem: Problem) -> None:
        if on_problem is not None:
            on_problem(problem)
        else:
            log.warning("%s", problem)

    def report(error: InputError) -> None:
        if not skip_bad:
            raise error
        warn(Problem.from_error(error))

    if isinstance(paths, (str, Path)):  # one path given bare would otherwise be iterated letter by letter
        paths = [paths]
    if isinstance(date, dt.datetime):
        date = date.date()
    seen: dict[str, tuple[str, str]] = {}  # id -> (content id, origin of its first appearance)
    for path in _expand(paths, report):
        name = str(path)
        reader = _reader_for(path)
        if reader is None:
            warn(Problem(name, None, f"unsupported file type {path.suffix!r} ({_SUPPORTED})"))
            continue
        items = reader(path, name, date, columns)
        try:
            while True:
                try:
                    item = next(items)
                except StopIteration:
                    break
                except InputError as error:  # the rest of this file cannot be read
                    report(error)
                    break
                except OSError as error:
                    report(InputError(f"cannot read file: {error.strerror or error}", path=name))
                    break
                if isinstance(item, InputError):
                    report(item)
                    continue
                article, content = item
                first = seen.get(article.id)
                if first is None:
                    seen[article.id] = (content, article.origin)
                    yield article
                elif first[0] != content:
                    line = _origin_line(article.origin)
                    report(InputError(f"duplicate id {article.id!r} (first seen at {first[1]})",
                                      path=name, line=line, field="id"))
        finally:
            items.close()


_SUPPORTED = "expected .txt, .text, no extension, .jsonl, .ndjson, .csv, .tsv or .json"


def _origin_line(origin: str) -> int | None:
    tail = origin.rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


def _expand(paths: Iterable[str | Path], report: _Report) -> Iterator[Path]:
    """Files to read: named files as they are, directories walked recursively in sorted order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path, onerror=lambda e: report(_walk_error(e))):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(Path(root, f) for f in files
                             if not f.startswith(".") and _reader_for(Path(f)) is not None)
            yield from sorted(found, key=lambda p: p.parts)
        elif path.exists():
            yield path
        else:
            report(InputError("no such file or directory", path=str(path)))


def _walk_error(error: OSError) -> InputError:
    return InputError(f"cannot read directory: {error.strerror or error}", path=str(error.filename))


def _reader_for(path: Path) -> _Reader | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text_file
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl
    if suffix in CSV_DELIMITERS:
        return _read_csv
    if suffix in JSON_SUFFIXES:
        return _read_json
    return None


# ------------------------------------------------------------------------------------------ shared checks


def _check_binary(head: bytes, name: str) -> None:
    nul = head.find(b"\0", 0, _SNIFF_BYTES)
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at byte offset {nul}), expected UTF-8 text",
                         path=name, line=head.count(b"\n", 0, nul) + 1)


def _utf8_error(error: UnicodeDecodeError, data: bytes, name: str, *, line: int, offset: int) -> InputError:
    bad = data[error.start:error.start + 1].hex()
    return InputError(f"invalid UTF-8 at byte offset {offset + error.start} (byte 0x{bad}); "
                      "the file must be UTF-8", path=name, line=line)


def _decode_whole(data: bytes, name: str) -> str:
    """A whole file as text: UTF-8 with an optional BOM, never silently repaired."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        skipped = len(_BOM) if data.startswith(_BOM) else 0
        # utf-8-sig reports offsets after the BOM
        start = error.start + skipped
        line = data.count(b"\n", 0, start) + 1
        error.start = start
        raise _utf8_error(error, data, name, line=line, offset=0) from None


def _too_large(size: int, name: str, line: int | None, field: str | None, what: str) -> InputError:
    return InputError(f"article too large: {what} is {size:,} bytes, over the limit of "
                      f"{MAX_ARTICLE_BYTES:,} bytes (MAX_ARTICLE_BYTES)", path=name, line=line, field=field)


def _checked_text(text: str, name: str, line: int, field: str) -> str:
    # encoding copies the text once; the record limits already bound how big it can be
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise InputError(f"invalid Unicode: unpaired surrogate at character {error.start} of the text",
                         path=name, line=line, field=field) from None
    if size > MAX_ARTICLE_BYTES:
        raise _too_large(size, name, line, field, "the text")
    return text


def _clean(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _domain(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


# ------------------------------------------------------------------------------------------- text format

# "date" and a date-shaped token (the token may carry a time); "Date night ideas" is no header
_HEADER = re.compile(r"date[ \t]+(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\S*)[ \t]*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _read_text_file(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> _Items:
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES + _TEXT_HEADER_SLACK:  # rejected from its size, without reading it
        raise _too_large(size, name, 1, None, "the file")
    with path.open("rb") as handle:
        data = handle.read()
    _check_binary(data, name)
    text = _decode_whole(data, name)
    del data
    article = parse_text_article(text, name=name, date=date)
    yield article, article.id


def parse_text_article(text: str, *, name: str = "<text>", date: dt.date | None = None) -> Article:
    """One article in tocsin's text format, or plain text dated by ``date``.

    tocsin format: ``date YYYY-MM-DD`` and the lede on the first line, then paragraphs, the first of them
    the title when it is short (under 200 characters, no final period). Plain text: the same without the
    header, so the first line is the title when short. Paragraphs are separated by blank lines, and lines
    wrapped inside one are joined with spaces; a text without any blank line has one paragraph per line.
    """
    text = _clean(text.lstrip("\ufeff \t\r\n\f\v"))
    if not text:
        raise InputError("empty file", path=name, line=1)
    blank_lines = _PARAGRAPH_BREAK.search(text) is not None
    lede = ""
    header = _HEADER.match(text)
    if header:
        article_date = parse_date(header[1], path=name, line=1, field="date")
        first_line, _, rest = text[header.end():].partition("\n")
        if first_line.strip() and blank_lines:  # the lede runs from the header line to the first blank line
            lede_lines, *tail = _PARAGRAPH_BREAK.split(first_line + "\n" + rest, maxsplit=1)
            lede, rest = _join_lines(lede_lines), "".join(tail)
        else:
            lede = first_line.strip()
    elif date is not None:
        article_date, rest = date, text
    else:
        raise InputError("missing date (give --date or a 'date YYYY-MM-DD' first line)", path=name, line=1)
    rest = rest.strip()
    if blank_lines:
        paragraphs = [block.split("\n") for block in _PARAGRAPH_BREAK.split(rest)]
    else:
        paragraphs = [[line] for line in rest.split("\n")]
    title = ""
    if _is_title(paragraphs[0]) and (lede or len(paragraphs) > 1 or len(paragraphs[0]) > 1):
        title = " ".join(paragraphs[0][0].split())
        paragraphs[0] = paragraphs[0][1:]
    body = [joined for joined in (_join_lines("\n".join(p)) for p in paragraphs) if joined]
    article_text = "\n\n".join([lede, *body] if lede else body)
    if not article_text:
        raise InputError("empty text", path=name, line=1, field="text")
    _checked_text(article_text, name, 1, "text")
    return Article(id=article_id(title, article_date, article_text), text=article_text, date=article_date,
                   title=title, origin=f"{name}:1")


def _is_title(paragraph: list[str]) -> bool:
    """Is the first line of this paragraph a title: short, no final period, not a hard-wrapped sentence?"""
    line = paragraph[0].strip() if paragraph else ""
    if not 0 < len(line) < _TITLE_MAX_CHARS or line.endswith("."):
        return False
    following = paragraph[1].lstrip() if len(paragraph) > 1 else ""
    return not following[:1].islower()


def _join_lines(lines: str) -> str:
    return " ".join(part.strip() for part in lines.split("\n") if part.strip())


# ------------------------------------------------------------------------------------------------ records


class _Keys(NamedTuple):
    """For each article field, the record's own keys that may hold it, in priority order."""

    id: tuple[str, ...]
    url: tuple[str, ...]
    source: tuple[str, ...]
    date: tuple[str, ...]
    title: tuple[str, ...]
    text: tuple[str, ...]
    lede: tuple[str, ...]


@functools.lru_cache(maxsize=256)
def _resolve(keys: tuple[str, ...], columns: ColumnMap) -> _Keys:
    by_lower: dict[str, list[str]] = {}
    for key in keys:
        by_lower.setdefault(key.strip().lower(), []).append(key)

    def find(names: tuple[str, ...]) -> tuple[str, ...]:
        found: list[str] = []
        for name in names:
            exact = [name] if name in keys else []
            for key in exact + by_lower.get(name.lower(), []):
                if key not in found:
                    found.append(key)
        return tuple(found)

    return _Keys(*(find(getattr(columns, field)) for field in _Keys._fields))


def _pick(record: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str, object] | None:
    """The first present, non-blank value; else the first present (blank) one; else None."""
    blank: tuple[str, object] | None = None
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value):
            blank = blank or (key, value)
            continue
        return key, value
    return blank


def _string(value: object, key: str, name: str, line: int, *, paragraphs: bool = False) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if paragraphs and isinstance(value, list) and all(isinstance(p, str) for p in value):
        return "\n\n".join(p.strip() for p in value if p.strip())
    kind = "a list of strings" if paragraphs else "a string"
    raise InputError(f"expected {kind}, got {_json_type(value)}", path=name, line=line, field=key)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", str: "a string", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _record_article(record: Mapping[str, object], columns: ColumnMap, name: str, line: int,
                    default_date: dt.date | None) -> tuple[Article, str]:
    """An article and its content id from a record (a JSON object or a CSV row).

    Raises InputError naming the file, line and field.
    """
    keys = _resolve(tuple(record), columns)
    picked = _pick(record, keys.text)
    if picked is None:
        fields = ", ".join(map(repr, record)) or "no fields"
        looked = ", ".join(columns.text)
        raise InputError(f"missing text field (looked for {looked}; the record has {fields})",
                         path=name, line=line, field="text")
    text_key, value = picked
    text = _clean(_string(value, text_key, name, line, paragraphs=True))
    if not text:
        raise InputError("empty text", path=name, line=line, field=text_key)
    if (lede_pick := _pick(record, keys.lede)) is not None:
        lede = " ".join(_string(lede_pick[1], lede_pick[0], name, line, paragraphs=True).split())
        if lede and not _starts_with(text, lede):
            text = f"{lede}\n\n{text}"
    _checked_text(text, name, line, text_key)

    article_date = default_date
    date_pick = _pick(record, keys.date)
    # a blank date cell means "no date", so the default applies
    if date_pick is not None and not (isinstance(date_pick[1], str) and not date_pick[1].strip()):
        date_key, date_value = date_pick
        article_date = parse_date(_string(date_value, date_key, name, line), path=name, line=line,
                                  field=date_key)
    if article_date is None:
        raise InputError(f"missing date (give --date or a date field: {', '.join(columns.date)})",
                         path=name, line=line, field="date")

    title = _optional(record, keys.title, name, line)
    title = " ".join(title.split())
    url = _optional(record, keys.url, name, line).strip()
    source = _optional(record, keys.source, name, line).strip() or _domain(url)
    ident = ""
    if (id_pick := _pick(record, keys.id)) is not None:
        id_key, id_value = id_pick
        if isinstance(id_value, bool) or not isinstance(id_value, (str, int)):
            raise InputError(f"expected a string or an integer, got {_json_type(id_value)}",
                             path=name, line=line, field=id_key)
        ident = str(id_value).strip()
    content = article_id(title, article_date, text)
    article = Article(id=ident or content, text=text, date=article_date, title=title, url=url, source=source,
                      origin=f"{name}:{line}")
    return article, content


def _optional(record: Mapping[str, object], keys: tuple[str, ...], name: str, line: int) -> str:
    picked = _pick(record, keys)
    return "" if picked is None else _string(picked[1], picked[0], name, line)


def _starts_with(text: str, lede: str) -> bool:
    # compare whitespace-normalised, looking only at the head of a possibly huge text
    head = text[: 2 * len(lede) + 64]
    return " ".join(head.split()).startswith(lede)


# -------------------------------------------------------------------------------------------------- JSONL


def _read_line(handle: BinaryIO, limit: int) -> tuple[bytes, int]:
    """One physical line (with its newline) and its size; lines over ``limit`` come back empty."""
    chunk = handle.readline(_CHUNK)
    if len(chunk) < _CHUNK or chunk.endswith(b"\n"):
        return chunk, len(chunk)
    parts = [chunk]
    size = len(chunk)
    while chunk and not chunk.endswith(b"\n"):
        chunk = handle.readline(_CHUNK)
        size += len(chunk)
        if size <= limit:
            parts.append(chunk)
        elif parts:
            parts = []  # too large: count the rest of the line without keeping it
    return b"".join(parts), size


def _read_jsonl(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> _Items:
    limit = _jsonl_record_limit()
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        _check_binary(head, name)
        handle.seek(0)
        line = offset = records = 0
        while True:
            raw, size = _read_line(handle, limit)
            if not size:
                break
            line += 1
            start, offset = offset, offset + size
            if line == 1 and raw.startswith(_BOM):
                raw, start = raw[len(_BOM):], start + len(_BOM)
            if size > limit:
                records += 1
                yield _too_large(size, name, line, None, "the record")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                records += 1
                yield _utf8_error(error, raw, name, line=line, offset=start)
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
            yield _from_json(record, name, line, date, columns)
    if not records:
        raise InputError("empty file", path=name, line=1)


def _from_json(record: object, name: str, line: int, date: dt.date | None, columns: ColumnMap) -> _Item:
    if not isinstance(record, dict):
        return InputError(f"record is {_json_type(record)}, expected a JSON object", path=name, line=line)
    try:
        return _record_article(record, columns, name, line, date)
    except InputError as error:
        return error


# --------------------------------------------------------------------------------------------------- JSON

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, at: int) -> int:
    match = _JSON_SPACE.match(text, at)
    return match.end() if match else at


def _read_json(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> _Items:
    """A JSON list of records or one record. The file is read whole: use JSONL for big inputs."""
    data = path.read_bytes()
    _check_binary(data, name)
    text = _decode_whole(data, name)
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
            raise InputError(f"expected a list of records or one record object, got {_json_type(record)}",
                             path=name, line=line_of(at))
        yield _from_json(record, name, line_of(at), date, columns)
        return
    at = _skip_space(text, at + 1)
    if text.startswith("]", at):
        raise InputError("no records (an empty list)", path=name, line=line_of(at))
    line, counted = 1, 0
    while True:
        line += text.count("\n", counted, at)
        counted = at
        record, end = decode(at)
        yield _from_json(record, name, line, date, columns)
        at = _skip_space(text, end)
        if text.startswith(",", at):
            at = _skip_space(text, at + 1)
            continue
        if text.startswith("]", at) and _skip_space(text, at + 1) == len(text):
            return
        raise InputError("invalid JSON: expected ',' or ']' after a record", path=name, line=line_of(at))


# ---------------------------------------------------------------------------------------------------- CSV


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
            chunk = self._handle.readline(_CHUNK)
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
        if self.line == 1 and raw.startswith(_BOM):
            raw, start = raw[len(_BOM):], start + len(_BOM)
        if self.oversize:
            return raw.decode("ascii", "replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.error is None:
                self.error = _utf8_error(error, raw, self._name, line=self.line, offset=start)
            # replacement keeps quotes and delimiters (all ASCII) where they are; the record is rejected
            return raw.decode("utf-8", "replace")


@functools.cache
def _raise_csv_field_limit() -> None:
    # records are bounded by _CsvLines, so the csv module's own per-field cap (128 KiB) only gets in the way
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def _read_csv(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> _Items:
    _raise_csv_field_limit()
    delimiter = CSV_DELIMITERS[path.suffix.lower()]
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        _check_binary(head, name)
        handle.seek(0)
        lines = _CsvLines(handle, name, delimiter, _csv_record_limit())
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
                raise _too_large(lines.record_bytes, name, header_line, None, "the header")
            if lines.error is not None:
                raise lines.error
            header = [cell.strip() for cell in cells] if any(cell.strip() for cell in cells) else []
        keys = _resolve(tuple(header), columns)
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
                yield _too_large(lines.record_bytes, name, line, None, "the record")
            elif lines.error is not None:
                yield lines.error
            elif len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
                yield InputError(f"record has {len(cells)} fields but the header has {len(header)}",
                                 path=name, line=line)
            else:
                try:
                    yield _record_article(dict(zip(header, cells, strict=False)), columns, name, line, date)
                except InputError as error:
                    yield error
        if not records:
            raise InputError("no records after the header", path=name, line=header_line)
