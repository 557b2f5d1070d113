"""The readable text of an HTML page or fragment, with the page's own metadata, using only html.parser.

Scripts, styles, navigation, headers, footers, asides and forms are dropped; every block element (p, div,
br, h1-h6, li, ...) ends a paragraph, and paragraphs are joined by blank lines because that is what tocsin's
sentence splitter and the text format treat as a paragraph break. Feed items use the same extractor for the
HTML inside their descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["PageText", "extract_page", "html_to_text"]

# Elements whose whole content is noise for event coding: code, page chrome and widgets.
_DROPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg", "iframe",
    "button", "select", "textarea", "object", "canvas", "dialog",
})
# A <time> in the article's own header is its byline date; one in the rest of the chrome is not.
_CHROME = _DROPPED - {"header"}
_BLOCKS = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "section", "article", "main", "table", "tr", "td", "th", "caption", "figure", "figcaption", "hr",
    "address", "details", "summary", "center", "body",
})
# Elements html.parser reports without an end tag; they must never be pushed on the dropped stack.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


@dataclass(frozen=True)
class PageText:
    """What a page says and what it says about itself; every string is whitespace-normalised."""

    paragraphs: tuple[str, ...]
    title_tag: str  # <title>
    first_h1: str
    meta: dict[str, str]  # lower-cased property / name / itemprop -> content, first occurrence
    canonical: str  # <link rel=canonical href>
    times: tuple[str, ...]  # <time datetime> values outside the page chrome, publication-marked first
    json_ld: tuple[str, ...]  # raw <script type="application/ld+json"> blocks

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def extract_page(markup: str) -> PageText:
    """Text and metadata of a whole HTML page."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    return parser.result()


def html_to_text(markup: str) -> str:
    """Readable text of an HTML fragment (a feed item's description), paragraphs joined by blank lines."""
    return extract_page(markup).text


def _squeeze(text: str) -> str:
    return " ".join(text.split())


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._dropped: list[str] = []  # open dropped elements, innermost last
        self._pieces: list[str] = []  # text of the paragraph being read
        self._paragraphs: list[str] = []
        self._title: list[str] | None = None  # collecting <title> text when not None
        self._title_tag = ""
        self._h1: list[str] | None = None
        self._h1_depth = 0
        self._first_h1 = ""
        self._json_ld: list[str] | None = None
        self._json_ld_blocks: list[str] = []
        self._meta: dict[str, str] = {}
        self._canonical = ""
        self._times: list[tuple[bool, str]] = []  # (marked as the publication time, datetime)

    def result(self) -> PageText:
        self._flush()
        # a stable sort keeps document order among the marked and among the unmarked
        times = tuple(value for _, value in sorted(self._times, key=lambda t: not t[0]))
        return PageText(tuple(self._paragraphs), self._title_tag, self._first_h1, dict(self._meta),
                        self._canonical, times, tuple(self._json_ld_blocks))

    def _flush(self) -> None:
        paragraph = _squeeze("".join(self._pieces))
        self._pieces.clear()
        if paragraph:
            self._paragraphs.append(paragraph)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): value or "" for key, value in attrs}
        if tag == "meta":
            self._note_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split() and not self._canonical:
            self._canonical = values.get("href", "").strip()
        elif tag == "time" and values.get("datetime", "").strip() and not set(self._dropped) & _CHROME:
            marked = "pubdate" in values or values.get("itemprop", "").lower() == "datepublished"
            self._times.append((marked, values["datetime"].strip()))
        elif tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._json_ld = []
        elif tag == "title" and not self._title_tag and self._title is None and not self._dropped:  # not <svg>'s
            self._title = []
        if tag == "h1":
            self._h1_depth += 1
            if self._h1 is None and not self._first_h1:
                self._h1 = []
        if tag in _DROPPED:
            if tag not in _VOID:
                self._dropped.append(tag)
        elif tag in _BLOCKS and not self._dropped:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED and tag in self._dropped:
            # close up to the innermost open one of its kind; html.parser does no tree repair for us
            while self._dropped.pop() != tag:
                pass
        elif tag in _BLOCKS and not self._dropped:
            self._flush()
        if tag == "script" and self._json_ld is not None:
            self._json_ld_blocks.append("".join(self._json_ld))
            self._json_ld = None
        elif tag == "title" and self._title is not None:
            self._title_tag = _squeeze("".join(self._title))
            self._title = None
        elif tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            if self._h1 is not None and not self._h1_depth:
                self._first_h1 = _squeeze("".join(self._h1))
                self._h1 = None if self._first_h1 else self._h1  # an empty <h1> (a logo) does not count

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)
            return
        if self._title is not None:
            self._title.append(data)
            return
        if self._h1 is not None and self._h1_depth:
            self._h1.append(data)
        if not self._dropped:
            self._pieces.append(data)

    def _note_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").strip().lower()
        content = values.get("content", "").strip()
        if key and content and key not in self._meta:
            self._meta[key] = content
