"""tocsin's text format and plain text: one article per file, paragraphs separated by blank lines.

The format is the seed article's: ``date YYYY-MM-DD`` and the lede on the first line, then the title and
the body. Plain text is the same without the header, dated by ``--date``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...errors import InputError
from ...models import Article
from ..checks import check_binary, checked_text, decode_whole, max_article_bytes, too_large
from ..dates import parse_date
from ..records import ColumnMap, Items, article_id, clean

__all__ = ["parse_text_article", "read_text_file"]

_TEXT_HEADER_SLACK = 64 * 1024  # a text file holds its article plus a header line and title
_TITLE_MAX_CHARS = 200

# "date" and a date-shaped token (the token may carry a time); "Date night ideas" is no header
_HEADER = re.compile(r"date[ \t]+(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\S*)[ \t]*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def read_text_file(path: Path, name: str, date: dt.date | None, columns: ColumnMap) -> Items:
    """The one article of a text file (``columns`` is unused: text has no fields)."""
    size = path.stat().st_size
    if size > max_article_bytes() + _TEXT_HEADER_SLACK:  # rejected from its size, without reading it
        raise too_large(size, name, 1, None, "the file")
    with path.open("rb") as handle:
        data = handle.read()
    check_binary(data, name)
    text = decode_whole(data, name)
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
    text = clean(text.lstrip("\ufeff \t\r\n\f\v"))
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
    checked_text(article_text, name, 1, "text")
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
