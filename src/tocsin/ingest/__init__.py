"""Read dated news articles from files: tocsin text, plain text, JSONL, CSV/TSV, JSON, HTML pages, RSS/Atom
feeds and directories.

``read_articles`` is a generator: records stream one at a time, so a multi-gigabyte JSONL, CSV or feed file
costs one record of memory. Every error names the file, the line (a feed's item number) and, where there is
one, the field, and ``skip_bad=True`` turns each bad record or unreadable file into a ``Problem`` instead of
stopping the run.

Article ids are stable: a record's own id when it has one, else a hash of the normalised title, date and
text, so re-ingesting the same content gives the same ids whatever the file is called.

``MAX_ARTICLE_BYTES`` is the per-article text limit in UTF-8 bytes; it is read at every use, so it may be
set here. The modules: ``reader`` (dispatch, duplicates, problems), ``records`` (fields to articles),
``dates``, ``checks`` (binary, UTF-8, size) and ``formats`` (one module per input format).
"""

from __future__ import annotations

from .dates import parse_date
from .formats.text import parse_text_article
from .reader import Problem, read_articles
from .records import ColumnMap, article_id

__all__ = [
    "MAX_ARTICLE_BYTES", "ColumnMap", "Problem", "article_id", "parse_date", "parse_text_article",
    "read_articles",
]

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # per article text (UTF-8 bytes)
