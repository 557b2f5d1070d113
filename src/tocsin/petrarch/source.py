"""What every PETRARCH/TABARI reader shares: significant lines with their numbers, TABARI dates, the import
report (what was read, written and skipped, and why), provenance headers and YAML scalars."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from ..errors import InputError

# KEDS/TABARI/PETRARCH read two-digit years 00-30 as 20YY and the rest as 19YY.
_PIVOT_YEAR = 30
_LICENCE_FILES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "COPYING")


@dataclass(frozen=True)
class SourceLine:
    """A line of a dictionary file with its comments removed (``text``) and where it came from."""

    path: str
    number: int
    text: str
    name: str = ""  # the file's name, as reports show it

    @property
    def where(self) -> str:
        return f"{self.name or Path(self.path).name}:{self.number}"


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc


def significant_lines(path: str | Path, text: str | None = None) -> list[SourceLine]:
    """Non-blank lines with ``#`` comments and ``<!-- -->`` blocks removed, tabs as spaces, trailing space gone."""
    lines: list[SourceLine] = []
    name = Path(path).name
    in_block = False
    for number, raw in enumerate((read_text(path) if text is None else text).splitlines(), 1):
        line = raw
        if in_block:
            if "-->" not in line:
                continue
            line = line[line.index("-->") + 3:]
            in_block = False
        while "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail[tail.index("-->") + 3:]
            else:
                line, in_block = head, True
        line = line.split("#", 1)[0].replace("\t", " ").rstrip()
        if line.strip():
            lines.append(SourceLine(str(path), number, line, name))
    return lines


def header_comments(text: str) -> list[str]:
    """The comment lines at the top of a file (before its first entry), without the ``#``."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append(line[1:].strip())
        elif line.strip():
            break
    return out


def parse_tabari_date(text: str) -> date:
    """YYMMDD (00-30 -> 20YY) or YYYYMMDD; ValueError for anything else."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"expected YYMMDD or YYYYMMDD, got {text!r}")
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= _PIVOT_YEAR else 1900
        return date(year, int(text[2:4]), int(text[4:6]))
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


# -------------------------------------------------------------------------------------------------- report

@dataclass(frozen=True)
class Skip:
    """Something in a source file that was not converted: a whole entry or a part of one."""

    where: str  # file:line
    part: str  # "entry", "phrase", "role", "pattern", "noun", ...
    reason: str  # a category, counted in the summary
    text: str
    detail: str = ""  # what exactly, e.g. which earlier line

    def __str__(self) -> str:
        detail = f"; {self.detail}" if self.detail else ""
        return f"{self.where}: {self.part} skipped ({self.reason}{detail}): {' '.join(self.text.split())}"


@dataclass
class FileReport:
    """Counts for one source file. ``read``/``written`` count the file's entries (actor blocks, agent lines,
    verb and pattern lines); ``produced`` counts what they became in tocsin's format."""

    path: str
    kind: str
    read: int = 0
    written: int = 0
    produced: int = 0
    skips: list[Skip] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    ignored: str = ""  # why the whole file was not imported

    def skip(self, line: SourceLine, part: str, reason: str, text: str | None = None, detail: str = "") -> None:
        self.skips.append(Skip(line.where, part, reason, line.text if text is None else text, detail))

    @property
    def skipped_entries(self) -> list[Skip]:
        """Whole entries not converted, in file order."""
        entries = [s for s in self.skips if s.part == "entry"]
        return sorted(entries, key=lambda s: int(s.where.rpartition(":")[2] or 0))

    def reasons(self, entries: bool) -> Counter[str]:
        return Counter(s.reason if entries else f"{s.part}: {s.reason}" for s in self.skips
                       if (s.part == "entry") == entries)


@dataclass(frozen=True)
class Output:
    path: Path
    kind: str
    counts: str  # "12 countries, 40 organizations, 9000 people"


@dataclass(frozen=True)
class ImportResult:
    reports: tuple[FileReport, ...]
    outputs: tuple[Output, ...]


# ---------------------------------------------------------------------------------------------- provenance

def provenance_header(kind: str, sources: Sequence[str], extra: Sequence[str] = ()) -> str:
    """YAML comment lines naming each source file (with a content hash) and the licence that travels with it."""
    from .. import __version__

    lines = [f"tocsin {kind} dictionary imported from PETRARCH/TABARI dictionaries",
             f"by `tocsin dict import-petrarch` (tocsin {__version__}). Check it with `tocsin dict validate`.",
             "", "Sources:"]
    licences: dict[str, list[str]] = {}
    for source in sources:
        text = read_text(source)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        lines.append(f"  {Path(source).name} (sha256 {digest})")
        licences.setdefault("\n".join(licence_text(Path(source), text)), []).append(Path(source).name)
    for licence, names in licences.items():
        lines += ["", f"Licence of {', '.join(names)}:"]
        lines += [f"  {row}".rstrip() for row in licence.splitlines()] if licence else [
            "  none stated in the file or beside it: check where the dictionary came from"]
    lines += ["", *extra]
    return "".join(f"# {row}".rstrip() + "\n" for row in lines)


def licence_text(path: Path, text: str) -> list[str]:
    """The licence beside a dictionary (LICENSE file) or, failing that, its header's licence/copyright lines."""
    for name in _LICENCE_FILES:
        candidate = path.with_name(name)
        if candidate.is_file():
            try:
                return [row.rstrip() for row in candidate.read_text("utf-8").strip().splitlines()]
            except (OSError, UnicodeDecodeError):
                continue
    header = header_comments(text)
    start = next((i for i, row in enumerate(header) if re.search(r"licen[cs]e|copyright", row, re.I)), None)
    if start is None:
        return []
    # the licence block runs from its first mention to the end of the header's paragraph of licence text
    return [row for row in header[start:] if not re.match(r"^(LAST UPDATE|Generated at)", row, re.I)]


# ---------------------------------------------------------------------------------------------------- YAML

def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(quote(i) for i in items) + "]"


# ----------------------------------------------------------------------------------------------- lemmatizer

Lemmatize = Callable[[Iterable[str]], dict[str, str]]


def spacy_lemmas(phrases: Iterable[str]) -> dict[str, str]:
    """Lower-case phrase -> the lemmas tocsin's own model gives its tokens, space-separated.

    Patterns and agent nouns are matched against the same model's lemmas at coding time, so a plural or
    inflected dictionary word ("SANCTIONS", "CONGRESSMEN") becomes what the coder will see ("sanction").
    """
    phrases = list(phrases)
    todo = sorted({p.lower() for p in phrases} - _lemma_cache().keys())
    if todo:
        from ..nlp import PARAGRAPHS, load_model

        nlp = load_model()
        disabled = [name for name in ("parser", "ner", PARAGRAPHS) if name in nlp.pipe_names]
        for phrase, doc in zip(todo, nlp.pipe(todo, disable=disabled, batch_size=256), strict=True):
            _lemma_cache()[phrase] = " ".join(t.lemma_.lower() for t in doc if not t.is_space)
    return {p: _lemma_cache()[p.lower()] for p in phrases}


@cache
def _lemma_cache() -> dict[str, str]:
    return {}
