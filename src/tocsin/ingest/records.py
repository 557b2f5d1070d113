"""Records (JSON objects, CSV rows) to articles: which field holds what, and the content id.

``ColumnMap`` names the fields in priority order; each is matched exactly first, then case-insensitively,
and the first non-blank value wins. A record's own id is kept; otherwise the id is the content hash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeAlias
from urllib.parse import urlsplit

from ..errors import InputError
from ..models import Article
from .checks import checked_text
from .dates import parse_date

__all__ = [
    "ColumnMap", "Item", "Items", "Keys", "article_id", "clean", "domain", "json_record", "json_type",
    "record_article", "resolve",
]

# Readers yield (article, content id) or a record-level error, and raise file-level errors.
Item: TypeAlias = tuple[Article, str] | InputError
Items: TypeAlias = Generator[Item, None, None]


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


def article_id(title: str, date: dt.date | None, text: str) -> str:
    """Content id: "a" + 16 hex digits of sha256 over the whitespace-normalised title, ISO date and text."""
    parts = (" ".join(title.split()), date.isoformat() if date else "", " ".join(text.split()))
    # surrogatepass: an id must never fail; invalid Unicode is rejected separately with a located error
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return "a" + digest[:16]


def clean(text: str) -> str:
    """Line ends made "\\n" and the ends stripped: the form every reader's text is compared in."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def domain(url: str) -> str:
    """The host a URL names without "www.", the source of last resort; "" when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


class Keys(NamedTuple):
    """For each article field, the record's own keys that may hold it, in priority order."""

    id: tuple[str, ...]
    url: tuple[str, ...]
    source: tuple[str, ...]
    date: tuple[str, ...]
    title: tuple[str, ...]
    text: tuple[str, ...]
    lede: tuple[str, ...]


@functools.lru_cache(maxsize=256)
def resolve(keys: tuple[str, ...], columns: ColumnMap) -> Keys:
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

    return Keys(*(find(getattr(columns, field)) for field in Keys._fields))


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
    raise InputError(f"expected {kind}, got {json_type(value)}", path=name, line=line, field=key)


def json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", str: "a string", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def record_article(record: Mapping[str, object], columns: ColumnMap, name: str, line: int,
                   default_date: dt.date | None) -> tuple[Article, str]:
    """An article and its content id from a record (a JSON object or a CSV row).

    Raises InputError naming the file, line and field.
    """
    keys = resolve(tuple(record), columns)
    picked = _pick(record, keys.text)
    if picked is None:
        fields = ", ".join(map(repr, record)) or "no fields"
        looked = ", ".join(columns.text)
        raise InputError(f"missing text field (looked for {looked}; the record has {fields})",
                         path=name, line=line, field="text")
    text_key, value = picked
    text = clean(_string(value, text_key, name, line, paragraphs=True))
    if not text:
        raise InputError("empty text", path=name, line=line, field=text_key)
    if (lede_pick := _pick(record, keys.lede)) is not None:
        lede = " ".join(_string(lede_pick[1], lede_pick[0], name, line, paragraphs=True).split())
        if lede and not _starts_with(text, lede):
            text = f"{lede}\n\n{text}"
    checked_text(text, name, line, text_key)

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
    source = _optional(record, keys.source, name, line).strip() or domain(url)
    ident = ""
    if (id_pick := _pick(record, keys.id)) is not None:
        id_key, id_value = id_pick
        if isinstance(id_value, bool) or not isinstance(id_value, (str, int)):
            raise InputError(f"expected a string or an integer, got {json_type(id_value)}",
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


def json_record(record: object, name: str, line: int, date: dt.date | None, columns: ColumnMap) -> Item:
    """A parsed JSON value as an article, or the located error when it is not a usable record object."""
    if not isinstance(record, dict):
        return InputError(f"record is {json_type(record)}, expected a JSON object", path=name, line=line)
    try:
        return record_article(record, columns, name, line, date)
    except InputError as error:
        return error
