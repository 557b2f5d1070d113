"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds (.rss, .atom, and .xml whose root is one): an article per item.

Each item's title, link, guid / id, date (pubDate, published, dc:date, updated) and text (content:encoded,
content, description, summary; HTML inside is reduced to its paragraphs) make the article, and the feed's
own title is its source. Feeds stream: an item is read, yielded and dropped before the next is parsed.

Documents with a DOCTYPE are refused before parsing. Entity declarations live only in a DOCTYPE, and they
are what entity-expansion attacks ("billion laughs") use; news feeds have no need of them, and defusedxml,
the usual guard, is not available here. Errors name the item by its number in the file, as the "line".
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ...errors import InputError
from ...models import Article
from ..checks import BOM, check_binary, checked_text, jsonl_record_limit, too_large, utf8_error
from ..dates import parse_date
from ..records import ColumnMap, Item, Items, article_id, clean, domain
from .htmltext import html_to_text

__all__ = ["FEED_SUFFIXES", "XML_SUFFIXES", "is_feed", "read_feed"]

FEED_SUFFIXES = frozenset({".rss", ".atom"})
XML_SUFFIXES = frozenset({".xml"})  # a feed only when its root element says so

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_DC = "{http://purl.org/dc/elements/1.1/}"

_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})  # local names: rdf:RDF is RSS 1.0
_ITEMS = frozenset({"item", f"{_RSS1}item", f"{_ATOM}entry"})
_CHANNELS = frozenset({"channel", f"{_RSS1}channel", f"{_ATOM}feed"})
_CHANNEL_TITLES = frozenset({"title", f"{_RSS1}title", f"{_ATOM}title"})
# (element, the name errors give it), in order of preference
_TITLES = (("title", "title"), (f"{_RSS1}title", "title"), (f"{_ATOM}title", "title"), (f"{_DC}title", "dc:title"))
_LINKS = (("link", "link"), (f"{_RSS1}link", "link"))
_IDS = (("guid", "guid"), (f"{_ATOM}id", "id"))
# publication before modification: "updated" changes with every correction
_DATES = (("pubDate", "pubDate"), (f"{_ATOM}published", "published"), (f"{_DC}date", "dc:date"),
          (f"{_ATOM}updated", "updated"))
# the full story before its summary
_TEXTS = ((f"{_CONTENT}encoded", "content:encoded"), (f"{_ATOM}content", "content"),
          ("description", "description"), (f"{_RSS1}description", "description"), (f"{_ATOM}summary", "summary"))

_PROLOG_BYTES = 64 * 1024  # the root element must start within this much of the file
_FEED_CHUNK = 64 * 1024
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)  # XML declaration, PIs, comments
_SPACE = re.compile(rb"\s*")
_DOCTYPE = re.compile(rb"<!DOCTYPE\b(?:[^\[>]*\[.*?\])?[^>]*>", re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_XML_ENCODING = re.compile(rb"""<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_TITLE_REPEATS_WITHIN = 3


@dataclass(frozen=True)
class _Prolog:
    """What the head of an XML file says before its root element."""

    root: str  # the root element's qualified name; "" when none starts within the head
    root_at: int
    declaration_at: int | None  # byte offset of the first <!DOCTYPE (or any other <! declaration)
    encoding: str | None  # from the XML declaration


def _scan_prolog(head: bytes) -> _Prolog:
    at = len(BOM) if head.startswith(BOM) else 0
    declaration_at: int | None = None
    while True:
        if (item := _PROLOG_ITEM.match(head, at)) is not None:
            at = item.end()
            continue
        at = _SPACE.match(head, at).end()  # type: ignore[union-attr]  # \s* always matches
        if head.startswith(b"<!", at) and not head.startswith(b"<!--", at):
            declaration_at = at if declaration_at is None else declaration_at
            if (doctype := _DOCTYPE.match(head, at)) is None:
                break
            at = doctype.end()
            continue
        break
    root = _ROOT.match(head, at)
    encoding = _XML_ENCODING.match(head, len(BOM) if head.startswith(BOM) else 0)
    return _Prolog(root[1].decode("ascii") if root else "", at, declaration_at,
                   encoding[1].decode("ascii") if encoding else None)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def is_feed(path: Path) -> bool:
    """Is this .xml file a feed (its root rss, feed or rdf:RDF)? Unreadable files count, so their error shows."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_PROLOG_BYTES)
    except OSError:
        return True
    return _local(_scan_prolog(head).root) in _FEED_ROOTS


def read_feed(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    """The articles of a feed, item by item (``columns`` is unused: feed elements have fixed names)."""
    with path.open("rb") as handle:
        head = handle.read(_PROLOG_BYTES)
        check_binary(head, name)
        if not head.strip(BOM + b" \t\r\n"):
            raise InputError("empty file", path=name, line=1)
        prolog = _scan_prolog(head)
        if prolog.declaration_at is not None:
            raise InputError("DOCTYPE / ENTITY declarations are refused (they allow entity-expansion attacks, "
                             "and feeds do not need them)", path=name, line=head.count(b"\n", 0,
                                                                                       prolog.declaration_at) + 1)
        root_line = head.count(b"\n", 0, prolog.root_at) + 1
        if not prolog.root:
            raise InputError(f"not an RSS or Atom feed: no root element in the first {_PROLOG_BYTES:,} bytes",
                             path=name, line=root_line)
        if _local(prolog.root) not in _FEED_ROOTS:
            raise InputError(f"not an RSS or Atom feed: the root element is <{prolog.root}> "
                             "(expected <rss>, <feed> or <rdf:RDF>)", path=name, line=root_line)
        utf8 = prolog.encoding is None or _is_utf8(prolog.encoding)
        yield from _FeedItems(name, date, utf8).read(handle, head)


def _is_utf8(label: str) -> bool:
    try:
        return codecs.lookup(label).name == "utf-8"
    except LookupError:
        return False  # expat reports the unknown encoding itself, with its line


class _FeedItems:
    """The streaming state of one feed: open elements, the feed's title, items so far, bytes fed."""

    def __init__(self, name: str, date: dt.date | None, utf8: bool) -> None:
        self._name = name
        self._date = date
        self._utf8 = codecs.getincrementaldecoder("utf-8")() if utf8 else None
        self._parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        self._open: list[ET.Element] = []
        self._source = ""
        self._items = 0
        self._fed = self._lines = 0
        self._item_from: int | None = None  # bytes fed before the chunk the open item started in

    def read(self, handle: BinaryIO, head: bytes) -> Iterator[Item]:
        chunk = head
        while chunk:
            good, invalid = self._valid_utf8(chunk, final=False)
            self._parser.feed(good)
            yield from self._events(self._fed)
            self._fed += len(good)
            self._lines += good.count(b"\n")
            if invalid is not None:  # the items wholly before the bad byte have been read
                raise invalid
            if self._item_from is not None and self._fed - self._item_from > jsonl_record_limit():
                # an item cannot be skipped mid-parse, so one this big ends the file rather than memory
                raise too_large(self._fed - self._item_from, self._name, self._items + 1, None, "the item")
            chunk = handle.read(_FEED_CHUNK)
        if (invalid := self._valid_utf8(b"", final=True)[1]) is not None:
            raise invalid
        try:
            self._parser.close()
        except ET.ParseError as error:
            raise self._xml_error(error) from None
        yield from self._events(self._fed)
        if not self._items:
            raise InputError("no items in the feed (expected <item> or <entry> elements)", path=self._name,
                             line=None)

    def _valid_utf8(self, chunk: bytes, *, final: bool) -> tuple[bytes, InputError | None]:
        """The chunk up to its first invalid UTF-8 byte, and the error there (None when all is valid)."""
        if self._utf8 is None:
            return chunk, None
        pending = self._utf8.getstate()[0]
        try:
            self._utf8.decode(chunk, final)
        except UnicodeDecodeError as error:
            data = pending + chunk  # an incomplete sequence held back from the last chunk has no newline
            line = self._lines + data.count(b"\n", 0, error.start) + 1
            located = utf8_error(error, data, self._name, line=line, offset=self._fed - len(pending))
            return chunk[:max(0, error.start - len(pending))], located
        return chunk, None

    def _events(self, chunk_start: int) -> Iterator[Item]:
        try:
            for event in self._parser.read_events():
                element = event[-1]
                if not isinstance(element, ET.Element):  # only start and end events were asked for
                    continue
                if event[0] == "start":
                    self._open.append(element)
                    if element.tag in _ITEMS and self._item_from is None:
                        self._item_from = chunk_start
                    continue
                self._open.pop()
                parent = self._open[-1] if self._open else None
                if element.tag in _ITEMS:
                    self._items += 1
                    self._item_from = None
                    yield self._item(element)
                    if parent is not None:
                        parent.remove(element)  # done with: a million-item feed costs one item of memory
                elif (element.tag in _CHANNEL_TITLES and parent is not None and parent.tag in _CHANNELS
                      and not self._source):
                    self._source = _title_text(element)
        except ET.ParseError as error:
            raise self._xml_error(error) from None

    def _xml_error(self, error: ET.ParseError) -> InputError:
        line, column = error.position
        reason = str(error).partition(": line ")[0]
        return InputError(f"invalid XML: {reason} (column {column + 1})", path=self._name, line=line)

    def _item(self, element: ET.Element) -> Item:
        try:
            return _item_article(element, self._items, self._name, self._date, self._source)
        except InputError as error:  # the "line" is the item's number, so the message says so
            return InputError(f"{error.message} (item {self._items})", path=self._name, line=self._items,
                              field=error.field)


def _item_article(item: ET.Element, number: int, name: str, default_date: dt.date | None,
                  source: str) -> tuple[Article, str]:
    title = next((t for t in (_title_text(e) for e, _ in _present(item, _TITLES)) if t), "")
    text, text_field = _item_text(item, name, number)
    paragraphs = text.split("\n\n")
    if title and title in paragraphs[:_TITLE_REPEATS_WITHIN] and len(paragraphs) > 1:
        paragraphs.remove(title)
        text = "\n\n".join(paragraphs)
    checked_text(text, name, number, text_field)
    article_date = default_date
    if (dated := _first(item, _DATES)) is not None:
        element, field = dated
        article_date = parse_date(element.text or "", path=name, line=number, field=field)
    if article_date is None:
        raise InputError("missing date (give --date or an item date: pubDate, published, dc:date, updated)",
                         path=name, line=number, field="date")
    url = _item_url(item)
    ident = next((i for i in (_squeezed(e) for e, _ in _present(item, _IDS)) if i), "")
    ident = ident or item.get(f"{_RDF}about", "").strip()
    content = article_id(title, article_date, text)
    article = Article(id=ident or content, text=text, date=article_date, title=title, url=url,
                      source=source or domain(url), origin=f"{name}:{number}")
    return article, content


def _present(item: ET.Element, candidates: tuple[tuple[str, str], ...]) -> Iterator[tuple[ET.Element, str]]:
    for tag, field in candidates:
        for element in item.findall(tag):
            yield element, field


def _first(item: ET.Element, candidates: tuple[tuple[str, str], ...]) -> tuple[ET.Element, str] | None:
    """The first element with text among the candidates; a blank one means "not given"."""
    return next(((e, f) for e, f in _present(item, candidates) if (e.text or "").strip()), None)


def _squeezed(element: ET.Element) -> str:
    return " ".join((element.text or "").split())


def _item_text(item: ET.Element, name: str, number: int) -> tuple[str, str]:
    blank: str | None = None
    for element, field in _present(item, _TEXTS):
        if element.get("src"):  # Atom content kept elsewhere: only its summary is here
            continue
        if text := _content_text(element):
            return text, field
        blank = blank or field
    if blank is not None:
        raise InputError("empty text", path=name, line=number, field=blank)
    looked = ", ".join(dict.fromkeys(field for _, field in _TEXTS))
    raise InputError(f"missing text (looked for {looked})", path=name, line=number, field="text")


def _item_url(item: ET.Element) -> str:
    if (linked := _first(item, _LINKS)) is not None:
        return (linked[0].text or "").strip()
    atom_links = [link for link in item.findall(f"{_ATOM}link") if link.get("href", "").strip()]
    for link in atom_links:
        if link.get("rel", "alternate") == "alternate":
            return link.get("href", "").strip()
    if atom_links:
        return atom_links[0].get("href", "").strip()
    guid = item.find("guid")
    permalink = guid is not None and guid.get("isPermaLink", "true").strip().lower() != "false"
    if guid is not None and permalink and (guid.text or "").strip().startswith(("http://", "https://")):
        return (guid.text or "").strip()
    return ""


def _title_text(element: ET.Element) -> str:
    if element.tag.startswith(_ATOM):  # Atom titles may be HTML or XHTML, like its content
        return " ".join(_content_text(element).split())
    return _squeezed(element)


def _content_text(element: ET.Element) -> str:
    """The readable text of a text element: RSS holds (escaped) HTML; Atom says which by its type."""
    kind = element.get("type", "").strip().lower()
    if element.tag.startswith(_ATOM):
        if kind in ("", "text", "text/plain"):
            return _plain(element.text or "")
        if kind == "xhtml" or kind.endswith("+xml") or kind.endswith("/xml"):
            return html_to_text(_as_markup(element))
    return html_to_text(element.text or "")


def _plain(text: str) -> str:
    blocks = _PARAGRAPH_BREAK.split(clean(text))
    return "\n\n".join(joined for joined in (" ".join(block.split()) for block in blocks) if joined)


def _as_markup(element: ET.Element) -> str:
    """Inline XHTML (Atom type="xhtml") back to HTML markup, namespaces dropped, for the one extractor."""
    parts = [html.escape(element.text or "")]
    pending: list[tuple[ET.Element, bool]] = [(child, False) for child in reversed(element)]
    while pending:  # a stack, not recursion: nesting depth is the file's choice
        node, closing = pending.pop()
        tag = _local(node.tag)
        if closing:
            parts += [f"</{tag}>", html.escape(node.tail or "")]
            continue
        parts += [f"<{tag}>", html.escape(node.text or "")]
        pending.append((node, True))
        pending.extend((child, False) for child in reversed(node))
    return "".join(parts)
