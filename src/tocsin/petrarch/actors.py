"""PETRARCH/TABARI actor files (``Phoenix.*.actors.txt``) -> a tocsin actor dictionary.

The source format: an entry starts with a phrase (``_`` joins words, a final ``_`` marks a whole word),
``+PHRASE`` lines add synonyms, and ``[CODE]`` groups (on the entry's line or the lines after it) give its
codes, optionally restricted in time: ``[USAGOV >20090120]`` from that day on, ``[USAELI <20090120]`` before
it, ``[AFGGOV 011222-041207]`` from the first day up to (not including) the second. Dates are YYYYMMDD or
YYMMDD with 00-30 read as 20YY. An undated code next to dated ones applies on any other date; ``[---]`` is
the null code.

tocsin's shape for each entry: one undated three-letter country code is a country (names of known countries
are added to them; a code tocsin lacks becomes a new country when the files use it as one), one undated
longer code an organization, and anything with dated or several codes a person whose roles carry the dates
(an undated role is the fallback). Phrases tocsin already knows are left to tocsin; a phrase that an earlier
imported entry gives another code at the same time is dropped. Everything dropped is counted with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

from ..datafiles import load_yaml
from ..dictionaries import phrase_key, ranges_overlap
from ..evaluate import _CAMEO_VARIANTS
from .source import FileReport, SourceLine, flow_list, parse_tabari_date, quote, significant_lines

_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
# Prefixes of actors that belong to no country.
_NON_STATE = ("IGO", "NGO", "IMG", "MNC")
# CAMEO sector and religion codes: a role code starting with one of these has no country part ([ELI]).
_SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "LAB", "AGR",
    "REF", "HLH", "HRI", "ENV", "DEV", "ELI", "LEG", "UAF", "MOD", "RAD", "CHR", "MUS", "HIN", "BUD", "JEW",
})
# Characters a news text does not put inside a name the way these files do ("NANDO" nicknames, "A/B"
# alternatives, garbled bytes shown as U+FFFD).
_ODD = re.compile(r"[\"`/:!;{}\[\]<>=*?\\|~^$%@\ufffd]")
# Country codes the Phoenix files misspell (UNITA is [ANGREB]; CAMEO's and ISO's Angola is AGO).
_MISSPELT = {"ANG": "AGO"}
# Words kept lower-case inside a displayed name.
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "del", "la", "le", "du",
                          "da", "dos", "von", "van", "der", "den", "bin", "ibn", "al", "el"})


@dataclass(frozen=True)
class CodeSpec:
    code: str
    start: date | None  # first day
    end: date | None  # last day (inclusive, tocsin's "until")
    line: SourceLine

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class ActorBlock:
    line: SourceLine
    phrases: list[tuple[str, SourceLine]] = field(default_factory=list)
    codes: list[CodeSpec] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------- reading

def read_actor_file(path: str, report: FileReport, text: str | None = None) -> list[ActorBlock]:
    """The entries of an actor file; unreadable codes and phrases are recorded in ``report``."""
    blocks: list[ActorBlock] = []
    current: ActorBlock | None = None
    for line in significant_lines(path, text):
        body = line.text.strip()
        if body.startswith("["):
            if current is None:
                report.skip(line, "code", "code before any entry")
            else:
                current.codes.extend(_codes(body, line, report))
            continue
        phrase_text = body[1:] if body.startswith("+") else body
        phrase_text, _, rest = phrase_text.partition("[")
        codes = _codes("[" + rest, line, report) if rest else []
        if body.startswith("+"):
            if current is None:
                report.skip(line, "phrase", "synonym before any entry")
                continue
        else:
            current = ActorBlock(line)
            blocks.append(current)
        current.codes.extend(codes)
        phrase, reason = clean_phrase(phrase_text)
        if phrase:
            current.phrases.append((phrase, line))
        else:
            report.skip(line, "phrase", reason, phrase_text)
    report.read += len(blocks)
    return blocks


def _codes(text: str, line: SourceLine, report: FileReport) -> list[CodeSpec]:
    out: list[CodeSpec] = []
    for inner in _BRACKETS.findall(text):
        code, _, when = inner.strip().partition(" ")
        when = when.replace(" ", "")
        if code == "---":
            report.skip(line, "code", "null code [---]", f"[{inner}]")
            continue
        if not _CODE.match(code):
            report.skip(line, "code", "not an actor code", f"[{inner}]")
            continue
        try:
            start, end = _date_range(when, line, report)
        except ValueError as exc:
            report.skip(line, "code", "bad date restriction", f"[{inner}]", str(exc))
            continue
        if start and end and end < start:
            report.skip(line, "code", "date range ends before it starts", f"[{inner}]")
            continue
        out.append(CodeSpec(code, start, end, line))
    return out


def _date_range(when: str, line: SourceLine, report: FileReport) -> tuple[date | None, date | None]:
    if not when:
        return None, None
    if when.startswith(">"):
        return parse_tabari_date(when[1:]), None
    if when.startswith("<"):  # before that day: the last day is the one before
        return None, parse_tabari_date(when[1:]) - timedelta(days=1)
    if "-" in when:
        first, _, last = when.partition("-")
        return parse_tabari_date(first), parse_tabari_date(last) - timedelta(days=1)
    report.notes["a lone date was read as the start of the role"] += 1
    return parse_tabari_date(when), None


def clean_phrase(raw: str) -> tuple[str, str]:
    """(display form, "") or ("", why it cannot be used): ``AL_QAEDA_`` -> ``Al Qaeda``."""
    words = raw.replace("_", " ").split()
    if not words:
        return "", "empty phrase"
    text = " ".join(words)
    if _ODD.search(text) or text.count("(") != text.count(")"):
        return "", "characters that do not occur in names in running text"
    if not any(c.isalpha() for c in text):
        return "", "no letters"
    if len(words) == 1 and len(text) <= 3:  # an acronym: the loader matches it case-sensitively
        return text.upper(), ""
    shown = [_capitalise(w) if i == 0 or w.lower() not in _SMALL_WORDS else w.lower() for i, w in enumerate(words)]
    return " ".join(shown), ""


def _capitalise(word: str) -> str:
    """Upper-case each part's first letter: Al-Qaeda, U.N., O'Brien (but People's, not People'S)."""
    shown = re.sub(r"(^|[\-(./])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), word.lower())
    return re.sub(r"^(\w')(\w)", lambda m: m.group(1) + m.group(2).upper(), shown)


# ---------------------------------------------------------------------------------------------- conversion

@dataclass(frozen=True)
class PackageActors:
    """What tocsin's own actor data already knows (its phrases win over imported ones)."""

    keys: frozenset[str]
    countries: dict[str, str]  # code -> canonical name
    people: frozenset[str] = frozenset()  # the keys of its people's names and aliases


@cache
def package_actors() -> PackageActors:
    from ..actors import _entries

    text = (resources.files("tocsin") / "data" / "actors.yaml").read_text("utf-8")
    data = load_yaml("actors.yaml", text)
    countries = {str(c["code"]): str((c.get("names") or [c["code"]])[0]) for c in data.get("countries") or []}
    entries = list(_entries("actors.yaml", data))
    return PackageActors(frozenset(phrase_key(p) for p, _ in entries), countries,
                         frozenset(phrase_key(p) for p, e in entries if e.kind == "person"))


@dataclass(frozen=True)
class _Claim:
    code: str
    start: date | None
    end: date | None
    where: str


@dataclass
class _Country:
    code: str
    names: list[str]
    where: str


@dataclass(frozen=True)
class _Org:
    code: str
    names: list[str]
    country: str | None
    where: str


@dataclass(frozen=True)
class _Person:
    names: list[str]
    roles: list[CodeSpec]
    where: str


@dataclass
class ActorImport:
    """Entries of several actor files, converted in order: an earlier file's phrase wins over a later one's."""

    package: PackageActors = field(default_factory=package_actors)
    countries: dict[str, _Country] = field(default_factory=dict)
    organizations: list[_Org] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)
    _claims: dict[str, list[_Claim]] = field(default_factory=dict)
    _countries: set[str] = field(default_factory=set)

    def add(self, files: Sequence[tuple[FileReport, list[ActorBlock]]]) -> None:
        # A code tocsin does not know is a country when the files use it as one: as the country part of
        # longer codes (DDRGOV) or with dates (a historical state). A lone odd code ([BAH] for a Baha'i
        # committee) is an organization's.
        used: set[str] = set()
        for _, blocks in files:
            for spec in (self._iso(c) for block in blocks for c in block.codes):
                if len(spec.code) > 3 or spec.dated:
                    used.add(spec.code[:3])
        self._countries = set(self.package.countries) | {
            c for c in used if c not in _NON_STATE and c not in _SECTORS}
        for report, blocks in files:
            for block in blocks:
                self._convert(block, report)

    # -------------------------------------------------------------------------------------------- entries

    def _iso(self, spec: CodeSpec) -> CodeSpec:
        iso = _CAMEO_VARIANTS.get(spec.code[:3]) or _MISSPELT.get(spec.code[:3])
        return CodeSpec(iso + spec.code[3:], spec.start, spec.end, spec.line) if iso else spec

    def _is_country_code(self, code: str) -> bool:
        return len(code) == 3 and code in self._countries

    def _is_place_code(self, code: str) -> bool:
        """A country, or a country inside another in the past (YUGBIH: Bosnia while part of Yugoslavia)."""
        return self._is_country_code(code) or (len(code) == 6 and {code[:3], code[3:]} <= self._countries)

    def _place(self, codes: list[CodeSpec]) -> str | None:
        """The country an entry names: its undated country code when its dated codes are places too
        ([BIH] with [YUGBIH <920305]), or the one country code all its dated codes share ([CSK 181001-930101])."""
        undated = [c.code for c in codes if not c.dated and self._is_country_code(c.code)]
        dated = [c.code for c in codes if c.dated]
        if undated and all(self._is_place_code(c) for c in dated) and len({
                c.code for c in codes if not c.dated}) == 1:
            return undated[0]
        if not undated and len(set(dated)) == 1 and self._is_country_code(dated[0]):
            return dated[0]
        return None

    def _convert(self, block: ActorBlock, report: FileReport) -> None:
        codes: list[CodeSpec] = []
        for spec in block.codes:
            iso = self._iso(spec)
            if iso is not spec:
                report.notes[f"CAMEO country code {spec.code[:3]} written as ISO {iso.code[:3]}"] += 1
            if iso.code[:3] in _SECTORS and iso.code[:3] not in self._countries:
                report.skip(spec.line, "role", "code has no country part", iso.code)
                continue
            codes.append(iso)
        text = block.phrases[0][0] if block.phrases else block.line.text
        if not block.phrases:
            report.skip(block.line, "entry", "no usable phrase", text)
            return
        if not codes:
            report.skip(block.line, "entry", "no usable code", text)
            return
        dated = [c for c in codes if c.dated]
        undated = [c for c in codes if not c.dated]
        place = self._place(codes)
        if place is not None:
            if dated:
                report.notes["dated codes of a country left out (tocsin's countries have no dates)"] += 1
            self._add_country(block, place, report)
            return
        if dated and all(self._is_place_code(c.code) for c in codes):
            report.skip(block.line, "entry", "a place whose country code changes with the date", text)
            return
        for extra in undated[1:]:
            if extra.code != undated[0].code:
                report.skip(extra.line, "role", "a second undated code (one fallback per entry)", extra.code)
        if not dated:
            code = undated[0].code
            country = code[:3] if code[:3] in self._countries else None
            self._add_entity(block, report, [undated[0]],
                             lambda names, where: self.organizations.append(_Org(code, names, country, where)))
            return
        roles: list[CodeSpec] = []
        for spec in dated:
            # PETRARCH takes the first code whose dates match: a later role keeps only the days earlier roles
            # with other codes leave ([UGAELI 620101-000101] then [UGAGOV >860126]: GOV from 2000 on)
            clashes = [r for r in roles if r.code != spec.code and ranges_overlap(r.start, r.end, spec.start, spec.end)]
            pieces = _days_left(spec, clashes)
            if not pieces:
                report.skip(spec.line, "role", "overlaps an earlier role with another code (the first is kept)",
                            spec.code, clashes[0].code)
                continue
            if clashes:
                report.notes["a role overlapping an earlier one kept only the days the earlier one leaves"] += 1
            for piece in pieces:
                if any((r.code, r.start, r.end) == (piece.code, piece.start, piece.end) for r in roles):
                    report.notes["repeated role dropped"] += 1
                else:
                    roles.append(piece)
        roles += undated[:1]
        known = next((p for p, _ in block.phrases if phrase_key(p) in self.package.people), None)
        if known is not None:
            # tocsin's entry is newer and checked by hand; the entry's other names would keep the old roles
            report.skip(block.line, "entry", "a person tocsin's own dictionary has (its roles there are kept)",
                        known)
            return
        self._add_entity(block, report, roles,
                         lambda names, where: self.people.append(_Person(names, roles, where)))

    def _add_country(self, block: ActorBlock, code: str, report: FileReport) -> None:
        names = self._phrases(block, [CodeSpec(code, None, None, block.line)], report)
        if not names:
            return
        report.written += 1
        report.produced += len(names)
        entry = self.countries.get(code)
        if entry is None:
            canonical = self.package.countries.get(code)
            # a known country keeps tocsin's name, so the new phrases resolve to the same country name
            entry = self.countries[code] = _Country(code, [canonical] if canonical else [], block.line.where)
        entry.names.extend(names)

    def _add_entity(self, block: ActorBlock, report: FileReport, roles: list[CodeSpec],
                    store: Callable[[list[str], str], None]) -> None:
        names = self._phrases(block, roles, report)
        if not names:
            return
        report.written += 1
        report.produced += len(names)
        store(names, block.line.where)

    def _phrases(self, block: ActorBlock, roles: list[CodeSpec], report: FileReport) -> list[str]:
        """The block's phrases that are neither tocsin's nor in conflict with an earlier imported entry.

        If none is left the whole entry is skipped, under the first phrase's reason.
        """
        before = len(report.skips)
        kept = self._usable_phrases(block, roles, report)
        if not kept:
            parts = report.skips[before:]
            del report.skips[before:]
            first = parts[0] if parts else None
            report.skip(block.line, "entry", first.reason if first else "no usable phrase", block.phrases[0][0],
                        first.detail if first else "")
        return kept

    def _usable_phrases(self, block: ActorBlock, roles: list[CodeSpec], report: FileReport) -> list[str]:
        kept: list[str] = []
        claims = [_Claim(r.code, r.start, r.end, block.line.where) for r in roles]
        for phrase, line in block.phrases:
            key = phrase_key(phrase)
            if key in self.package.keys:
                report.skip(line, "phrase", "already in tocsin's dictionary", phrase)
                continue
            earlier = self._claims.get(key, [])
            clash = next((e for e in earlier for c in claims
                          if e.code != c.code and ranges_overlap(e.start, e.end, c.start, c.end)), None)
            if clash is not None:
                report.skip(line, "phrase", "an earlier entry gives it another code at the same time", phrase,
                            f"{clash.code}, {clash.where}")
                continue
            same = next((e for e in earlier for c in claims if ranges_overlap(e.start, e.end, c.start, c.end)
                         or (e.start, e.end) == (c.start, c.end)), None)
            if same is not None:
                report.skip(line, "phrase", "repeats an earlier entry", phrase, same.where)
                continue
            if key in {phrase_key(k) for k in kept}:
                continue
            self._claims.setdefault(key, []).extend(claims)
            kept.append(phrase)
        return kept

    # ------------------------------------------------------------------------------------------- output

    def render(self, header: str) -> str:
        out = [header, "countries:" if self.countries else "countries: []"]
        for country in self.countries.values():
            out += [f"  - code: {quote(country.code)}  # {country.where}",
                    f"    names: {flow_list(country.names)}", "    demonyms: []", "    seats: []"]
        out.append("organizations:" if self.organizations else "organizations: []")
        for org in self.organizations:
            out += [f"  - code: {quote(org.code)}  # {org.where}", f"    names: {flow_list(org.names)}",
                    f"    country: {quote(org.country) if org.country else 'null'}"]
        out.append("people:" if self.people else "people: []")
        for person in self.people:
            out += [f"  - name: {quote(person.names[0])}  # {person.where}",
                    f"    aliases: {flow_list(person.names[1:])}", "    roles:"]
            out += [f"      - {{code: {quote(r.code)}, from: {_iso_date(r.start)}, until: {_iso_date(r.end)}}}"
                    for r in person.roles]
        return "\n".join(out) + "\n"

    def counts(self) -> str:
        return (f"{len(self.countries)} countries, {len(self.organizations)} organizations, "
                f"{len(self.people)} people")


def _days_left(spec: CodeSpec, earlier: Sequence[CodeSpec]) -> list[CodeSpec]:
    """The parts of ``spec``'s date range that none of the ``earlier`` ranges covers."""
    pieces = [(spec.start, spec.end)]
    one_day = timedelta(days=1)
    for other in earlier:
        left: list[tuple[date | None, date | None]] = []
        for start, end in pieces:
            if not ranges_overlap(start, end, other.start, other.end):
                left.append((start, end))
                continue
            if other.start is not None and (start is None or start < other.start):
                left.append((start, other.start - one_day))
            if other.end is not None and (end is None or other.end < end):
                left.append((other.end + one_day, end))
        pieces = [(start, end) for start, end in left if start is None or end is None or start <= end]
    return [CodeSpec(spec.code, start, end, spec.line) for start, end in pieces]


def _iso_date(day: date | None) -> str:
    return day.isoformat() if day else "null"
