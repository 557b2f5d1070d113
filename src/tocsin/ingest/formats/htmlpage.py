"""Saved web pages (.html, .htm): one article per file, its text and metadata read offline.

The title is the page's og:title, else its <title> (without a trailing " | Site Name"), else its first <h1>;
the date is the first publication date the page states (meta tags, then <time datetime>, then JSON-LD
``datePublished``), else ``--date``; the url is the canonical link, the source the site name or the url's
domain. Pages are UTF-8 unless a <meta charset> says otherwise.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from ...models import Article
from ..checks import BOM, check_binary, checked_text, decode_whole, max_article_bytes
from ..dates import parse_date
from ..records import ColumnMap, Items, article_id, domain
from .htmltext import PageText, extract_page

__all__ = ["HTML_SUFFIXES", "read_html"]

HTML_SUFFIXES = frozenset({".html", ".htm"})

# Markup, inline scripts and styles can outweigh a page's text several times over.
_MARKUP_FACTOR = 4
# Meta tags naming the publication date, most specific first (Open Graph, then common CMS conventions).
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
    "dc.date.issued", "dcterms.created", "date", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date",
)
_CHARSET_SNIFF = 16 * 1024  # a <meta charset> further into the file than this would not be honoured by browsers
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_TITLE_REPEATS_WITHIN = 5  # paragraphs at the top of the body where a repeated headline is dropped


def read_html(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    """The one article of a saved web page (``columns`` is unused: a page has no record fields)."""
    limit = _MARKUP_FACTOR * max_article_bytes()
    size = path.stat().st_size
    if size > limit:  # rejected from its size, without reading it
        raise InputError(f"page too large: the file is {size:,} bytes, over the limit of {limit:,} bytes "
                         f"({_MARKUP_FACTOR} x MAX_ARTICLE_BYTES, allowing for markup)", path=name)
    data = path.read_bytes()
    check_binary(data, name)
    markup = _decode_page(data, name)
    del data
    article = page_article(extract_page(markup), name=name, date=date)
    yield article, article.id


def page_article(page: PageText, *, name: str, date: dt.date | None) -> Article:
    """The article a page holds; raises InputError naming the file and the field."""
    site = page.meta.get("og:site_name", "")
    title = page.meta.get("og:title") or _without_site(page.title_tag, site) or page.first_h1
    title = " ".join(title.split())
    paragraphs = list(page.paragraphs)
    for index, paragraph in enumerate(paragraphs[:_TITLE_REPEATS_WITHIN]):
        if title and paragraph == title:  # the headline shown on the page is the title, not the story
            del paragraphs[index]
            break
    text = "\n\n".join(paragraphs)
    if not text:
        raise InputError("no text in the page (after dropping scripts, styles, navigation, headers, footers, "
                         "asides and forms)", path=name, field="text")
    checked_text(text, name, None, "text")
    article_date = _page_date(page, name) or date
    if article_date is None:
        raise InputError("missing date (give --date, or a page with meta article:published_time, "
                         "a <time datetime> or JSON-LD datePublished)", path=name, field="date")
    url = page.canonical or page.meta.get("og:url", "")
    source = site or domain(url)
    return Article(id=article_id(title, article_date, text), text=text, date=article_date, title=title, url=url,
                   source=source, origin=name)


def _page_date(page: PageText, name: str) -> dt.date | None:
    # A date the page declares in a meta tag must parse: a wrong one is an error, not a reason to guess.
    for key in _DATE_META:
        if value := page.meta.get(key):
            return parse_date(value, path=name, line=None, field=key)
    # <time datetime> may hold only a time or a duration, so the first one that is a date counts.
    for value in page.times:
        try:
            return parse_date(value, path=name, line=None, field="time")
        except InputError:
            continue
    if (value := next(_json_ld_dates(page.json_ld), None)) is not None:
        return parse_date(value, path=name, line=None, field="datePublished")
    return None


def _json_ld_dates(blocks: tuple[str, ...]) -> Iterator[str]:
    """``datePublished`` values in JSON-LD blocks, in document order (blocks that are not JSON are skipped)."""
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue  # structured data is a hint; a broken block is the site's problem, not the article's
        pending: list[object] = [data]
        while pending:
            node = pending.pop(0)
            if isinstance(node, dict):
                value = node.get("datePublished")
                if isinstance(value, str) and value.strip():
                    yield value
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)


def _without_site(title: str, site: str) -> str:
    """"Troops mass at the border | Daily News" without the site name, when the page names its site."""
    if site:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip()
    return title


def _decode_page(data: bytes, name: str) -> str:
    label = _declared_charset(data)
    if data.startswith(BOM) or label is None:
        return decode_whole(data, name)
    try:
        codec = codecs.lookup(label.decode("ascii")).name
    except LookupError:
        raise InputError(f"unknown charset {label.decode('ascii')!r} declared in a <meta> tag",
                         path=name, line=_line_of_charset(data)) from None
    # As browsers do: a page whose meta could be read as ASCII is not UTF-16, ASCII pages are read as their
    # UTF-8 superset, and "ISO-8859-1" means windows-1252 (its curly quotes are in the 0x80-0x9f range).
    if codec in {"utf-8", "ascii"} or codec.startswith("utf-16"):
        return decode_whole(data, name)
    if codec == "iso8859-1":
        codec = "cp1252"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        bad = data[error.start:error.start + 1].hex()
        raise InputError(f"invalid {label.decode('ascii')} at byte offset {error.start} (byte 0x{bad}); "
                         f"the page declares charset={label.decode('ascii')}",
                         path=name, line=data.count(b"\n", 0, error.start) + 1) from None


def _declared_charset(data: bytes) -> bytes | None:
    match = _META_CHARSET.search(data, 0, _CHARSET_SNIFF)
    return match[1] if match else None


def _line_of_charset(data: bytes) -> int:
    match = _META_CHARSET.search(data, 0, _CHARSET_SNIFF)
    return data.count(b"\n", 0, match.start()) + 1 if match else 1
