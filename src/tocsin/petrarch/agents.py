"""PETRARCH/TABARI agent files (``Phoenix.agents.txt``) -> the ``agents:`` section of a tocsin dictionary.

The source format: ``PHRASE {plural} [~SECTOR]`` per line; ``_`` joins words; ``!PERSON! = MAN, WOMAN``
defines a substitution used as ``CONGRESS!PERSON!``; ``{...}`` gives irregular plurals and ``{}`` none. A code
after ``~`` (``[~MIL]``) is appended to the actor's code; one before it (``[NGO~]``) is prepended.

tocsin's agent nouns are spaCy lemmas (one head noun, optionally with one modifier) that give an actor its
sector, so plurals are not needed (the coder lemmatises), the first sector of a compound code is kept
(CAMEO's MED is media -> JRN, HLH health -> MED, religions -> REL), and prepended codes, longer phrases and
sectors tocsin has no equivalent for are counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..datafiles import load_yaml
from .source import FileReport, Lemmatize, SourceLine, quote, significant_lines

# CAMEO agent sector (first three letters after "~") -> the sector tocsin emits (see data/agents.yaml).
CAMEO_SECTORS: dict[str, str] = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "PTY": "PTY", "COP": "COP", "JUD": "JUD",
    "SPY": "SPY", "LEG": "LEG", "UAF": "UAF", "CVL": "CVL", "BUS": "BUS", "EDU": "EDU", "LAB": "LAB",
    "AGR": "AGR", "CRM": "CRM", "REF": "REF", "ELI": "ELI", "NGO": "NGO", "IGO": "IGO",
    "MED": "JRN",  # CAMEO media
    "HLH": "MED",  # CAMEO health
    "REL": "REL", "CHR": "REL", "CTH": "REL", "MUS": "REL", "BUD": "REL", "HIN": "REL", "JEW": "REL",
}
_MARKER = re.compile(r"!([A-Z]+)!")
_NOUN = re.compile(r"^[a-z][a-z.'\-]*$")


@dataclass(frozen=True)
class AgentLine:
    line: SourceLine
    sector: str
    variants: tuple[str, ...]  # lower-case phrases, words separated by spaces


def read_agent_file(path: str, report: FileReport, text: str | None = None) -> list[AgentLine]:
    markers: dict[str, list[str]] = {}
    out: list[AgentLine] = []
    for line in significant_lines(path, text):
        body = line.text.strip()
        if "!" in body and "=" in body:
            name, _, values = body.partition("=")
            found = _MARKER.search(name)
            if found:
                markers[found.group(1)] = [v.strip() for v in values.split(",") if v.strip()]
            else:
                report.skip(line, "marker", "malformed substitution marker")
            continue
        report.read += 1
        phrase, bracket, rest = body.partition("[")
        code = rest.partition("]")[0].strip()
        phrase = re.sub(r"\{[^}]*\}", " ", phrase).strip()
        if not bracket or not code:
            report.skip(line, "entry", "no code")
            continue
        if code.endswith("~"):
            report.skip(line, "entry", "code goes before the actor's (XXX~), which an agent noun cannot express")
            continue
        if not code.startswith("~") or not code[1:].isalpha():
            report.skip(line, "entry", "not an agent code")
            continue
        sector = CAMEO_SECTORS.get(code[1:4])
        if sector is None:
            report.skip(line, "entry", "sector has no tocsin equivalent", detail=code[1:4])
            continue
        if len(code) > 4:
            report.notes["compound code kept as its first sector (~GOVMED -> GOV)"] += 1
        variants = _expand(phrase, markers)
        if variants is None:
            report.skip(line, "entry", "undefined substitution marker")
            continue
        out.append(AgentLine(line, sector, tuple(" ".join(v.replace("_", " ").lower().split()) for v in variants)))
    return out


def _expand(phrase: str, markers: dict[str, list[str]]) -> list[str] | None:
    found = _MARKER.search(phrase)
    if not found:
        return [phrase]
    if found.group(1) not in markers:
        return None
    out: list[str] = []
    for value in markers[found.group(1)]:
        more = _expand(phrase[:found.start()] + value + phrase[found.end():], markers)
        if more is None:
            return None
        out += more
    return out


@cache
def package_agents() -> frozenset[str]:
    text = (resources.files("tocsin") / "data" / "agents.yaml").read_text("utf-8")
    data = load_yaml("agents.yaml", text)
    return frozenset(" ".join(str(n).lower().split()) for nouns in (data.get("agents") or {}).values()
                     for n in nouns or [])


@dataclass
class AgentImport:
    """Agent nouns of several files; the first file to list a noun decides its sector."""

    known: frozenset[str] = field(default_factory=package_agents)
    sectors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # sector -> (noun, file:line)
    _owner: dict[str, tuple[str, str]] = field(default_factory=dict)  # noun -> (sector, file:line)

    def add(self, files: Sequence[tuple[FileReport, list[AgentLine]]], lemmatize: Lemmatize) -> None:
        lemmas = lemmatize([v for _, lines in files for entry in lines for v in entry.variants])
        for report, lines in files:
            for entry in lines:
                before = len(report.skips)
                written = sum(self._add_noun(report, entry, v, lemmas.get(v, v)) for v in entry.variants)
                if written:
                    report.written += 1
                    report.produced += written
                else:  # nothing came of the line: one entry-level reason instead of one per variant
                    parts = report.skips[before:]
                    del report.skips[before:]
                    report.skip(entry.line, "entry", parts[0].reason if parts else "repeats nouns already imported",
                                detail=parts[0].detail if parts else "")

    def _add_noun(self, report: FileReport, entry: AgentLine, variant: str, lemma: str) -> int:
        words = variant.split()
        if len(words) > 2 or len(lemma.split()) > 2:
            report.skip(entry.line, "noun", "more than two words (tocsin matches a head noun and one modifier)",
                        variant)
            return 0
        if not all(_NOUN.match(w) for w in lemma.split()):
            report.skip(entry.line, "noun", "not a plain word", variant)
            return 0
        if lemma in self.known:
            report.skip(entry.line, "noun", "already a tocsin agent", variant)
            return 0
        if lemma in self._owner:
            sector, where = self._owner[lemma]
            if sector != entry.sector:
                report.skip(entry.line, "noun", "an earlier line gives it another sector", variant,
                            f"{sector}, {where}")
            else:
                report.notes["noun repeated with the same sector"] += 1
            return 0
        self._owner[lemma] = (entry.sector, entry.line.where)
        self.sectors.setdefault(entry.sector, []).append((lemma, entry.line.where))
        return 1

    def render(self, header: str) -> str:
        out = [header, "agents:" if self.sectors else "agents: {}"]
        for sector, nouns in self.sectors.items():
            out.append(f"  {sector}:")
            out += [f"    - {quote(noun)}  # {where}" for noun, where in nouns]
        return "\n".join(out) + "\n"

    def counts(self) -> str:
        return f"{sum(len(n) for n in self.sectors.values())} agent nouns in {len(self.sectors)} sectors"
