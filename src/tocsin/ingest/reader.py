"""The one entry point: files and directories in, articles out, lazily and in order.

Each file goes to the reader of its format (by suffix; an .xml file only when it is a feed). Readers yield
record-level errors and raise file-level ones; here both become an ``InputError`` or, with ``skip_bad``, a
``Problem``, and an id seen twice with different content is caught across all files of one call.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from ..errors import InputError
from ..models import Article
from .formats.csvfile import CSV_DELIMITERS, read_csv
from .formats.feeds import FEED_SUFFIXES, XML_SUFFIXES, is_feed, read_feed
from .formats.htmlpage import HTML_SUFFIXES, read_html
from .formats.jsonfile import read_json
from .formats.jsonl import read_jsonl
from .formats.text import read_text_file
from .records import ColumnMap, Items

__all__ = ["Problem", "read_articles"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})

_Report: TypeAlias = Callable[[InputError], None]
_Reader: TypeAlias = Callable[[Path, str, dt.date | None, ColumnMap], Items]
_DEFAULT_COLUMNS = ColumnMap()
_SUPPORTED = ("expected .txt, .text, no extension, .jsonl, .ndjson, .csv, .tsv, .json, .html, .htm, .rss, .atom "
              "or an .xml RSS/Atom feed")


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
                             if not f.startswith(".") and _reader_for(Path(root, f), sniff=True) is not None)
            yield from sorted(found, key=lambda p: p.parts)
        elif path.exists():
            yield path
        else:
            report(InputError("no such file or directory", path=str(path)))


def _walk_error(error: OSError) -> InputError:
    return InputError(f"cannot read directory: {error.strerror or error}", path=str(error.filename))


def _reader_for(path: Path, *, sniff: bool = False) -> _Reader | None:
    """The reader for a file's suffix, None for a file that is not an input.

    With ``sniff`` (inside directories) an .xml file counts only when its root is a feed, since directories
    also hold sitemaps and settings; a named .xml file was asked for, so it gets the feed reader's error.
    """
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_file
    if suffix in JSONL_SUFFIXES:
        return read_jsonl
    if suffix in CSV_DELIMITERS:
        return read_csv
    if suffix in JSON_SUFFIXES:
        return read_json
    if suffix in HTML_SUFFIXES:
        return read_html
    if suffix in FEED_SUFFIXES or (suffix in XML_SUFFIXES and (not sniff or is_feed(path))):
        return read_feed
    return None
