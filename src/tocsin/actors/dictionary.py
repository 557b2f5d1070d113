"""The actor dictionary: what a phrase in a parsed sentence names, and loading it from YAML.

The dictionary (package data ``actors.yaml`` + ``agents.yaml``, plus user files) knows countries with their
names, demonyms and seats of government, organisations, and people whose roles carry date ranges, so the
same name codes differently by date (Poroshenko is UKRGOV in 2018, UKROPP in 2020). Agents are sector nouns
("troops" -> MIL). ``resolver`` combines them into actors.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..datafiles import load_yaml
from ..errors import DictionaryError
from ..models import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..compiled_actors import CompiledSource

EntryKind = Literal["country", "demonym", "seat", "org", "person"]

# Capitalised geographic features named "<Feature> of <Country>".
_FEATURES = frozenset({"Sea", "Gulf", "Strait", "Straits", "Bay", "Ocean", "Isle", "Isles", "Cape", "Lake",
                       "Horn", "Gate", "Bight"})
# "Moscow-backed", "Iranian-sponsored": the group named is someone else's proxy, not the patron's own.
_PATRON_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "allied", "aligned", "leaning",
                           "friendly", "installed", "armed", "trained", "controlled", "held", "occupied"})
# Codes of international, non-governmental and transnational militant groups carry no country.
NON_STATE_PREFIXES = ("IGO", "NGO", "IMG")


@dataclass(frozen=True)
class Role:
    code: str
    title: str
    start: date | None
    end: date | None

    def active(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Entry:
    """What one dictionary phrase stands for."""

    kind: EntryKind
    code: str  # ISO3 for countries/demonyms/seats, organisation code, or "" for people
    name: str
    country: str | None = None
    roles: tuple[Role, ...] = ()

    @property
    def is_person(self) -> bool:
        """A human being. PETRARCH also files Soviet-era territories with dated codes as people (Donetsk is
        USRUKR until 1991, then UKR); some of their roles carry a bare country code, a person's never do."""
        return self.kind == "person" and all(len(r.code) > 3 for r in self.roles)

    def actor(self, text: str, on: date | None, sector: str | None = None) -> Actor | None:
        if self.kind == "person":
            role = next((r for r in self.roles if r.active(on)), None)
            if role is None:
                return self._out_of_office(text, on)
            return _actor_from_code(text, role.code, name=self.name)
        if self.kind == "org":
            return Actor(text=text, code=self.code, country=self.country, sector=_sector_of(self.code),
                         name=self.name)
        if self.kind == "seat" and sector is None:
            sector = "GOV"
        return Actor(text=text, code=self.code + (sector or ""), country=self.code, sector=sector,
                     name=self.name)


    def _out_of_office(self, text: str, on: date | None) -> Actor | None:
        """A known person outside every dated role ("former President Akayev", a leader named before or
        after the dictionary's period) still belongs to a country: the country of the nearest national
        role, as an elite (CAMEO ELI), never the office itself."""
        national = [r for r in self.roles if not r.code.startswith(NON_STATE_PREFIXES)]
        if not national:
            return None

        def distance(role: Role) -> int:
            if on is None:
                return 0 if role.end is None else (date.max - role.end).days
            if role.end is not None and role.end < on:
                return (on - role.end).days
            return (role.start - on).days if role.start is not None and role.start > on else 0

        nearest = min(national, key=distance)
        return Actor(text=text, code=nearest.code[:3] + "ELI", country=nearest.code[:3], sector="ELI",
                     name=self.name)


def _sector_of(code: str) -> str | None:
    return code[3:6] if len(code) >= 6 and not code.startswith(NON_STATE_PREFIXES) else None


def _actor_from_code(text: str, code: str, name: str | None = None) -> Actor:
    if code.startswith(NON_STATE_PREFIXES):
        return Actor(text=text, code=code, country=None, sector=None, name=name)
    return Actor(text=text, code=code, country=code[:3], sector=code[3:6] or None, name=name)


@dataclass(frozen=True)
class Mention:
    """A dictionary phrase found in a parsed document (token offsets into the Doc)."""

    start: int
    end: int
    entry: Entry


@dataclass
class ActorDictionary:
    # lower-cased token tuples -> entries (several for ambiguous surnames, told apart by date)
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    # exact-case phrases for short all-caps aliases ("US", "UN") that collide with common words
    exact: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)  # lemma or "compound head" lemma pair -> sector
    max_len: int = 1
    digest: str = ""
    # first word (case-folded) -> the lengths of the phrases starting with it, longest first; built on first use
    _lengths: dict[str, tuple[int, ...]] | None = field(default=None, repr=False, compare=False)

    @staticmethod
    def key(phrase_tokens: Sequence[str]) -> tuple[bool, tuple[str, ...]]:
        """(exact-case table?, key) under which a tokenised phrase is filed."""
        key = tuple(phrase_tokens)
        exact = len(key) == 1 and key[0].isupper() and len(key[0]) <= 3
        return exact, key if exact else tuple(t.lower() for t in key)

    def add(self, phrase_tokens: Sequence[str], entry: Entry) -> None:
        if not phrase_tokens:
            return
        exact, key = self.key(phrase_tokens)
        (self.exact if exact else self.phrases).setdefault(key, []).append(entry)
        self.max_len = max(self.max_len, len(key))
        self._lengths = None

    def _phrase_lengths(self) -> dict[str, tuple[int, ...]]:
        if self._lengths is None:
            by_first: dict[str, set[int]] = {}
            for key in self.phrases:
                by_first.setdefault(key[0], set()).add(len(key))
            self._lengths = {first: tuple(sorted(lengths, reverse=True)) for first, lengths in by_first.items()}
        return self._lengths

    def find(self, doc_tokens: Sequence[Token]) -> list[Mention]:
        """Longest-match scan; a match must start with a capitalised token (so 'turkey' the bird is not Turkey)."""
        mentions: list[Mention] = []
        n = len(doc_tokens)
        texts = [t.text for t in doc_tokens]
        lowered = [t.lower() for t in texts]
        lengths = self._phrase_lengths()
        i = 0
        while i < n:
            tok = doc_tokens[i]
            if not texts[i][:1].isupper():
                i += 1
                continue
            hit: tuple[int, list[Entry]] | None = None
            for length in lengths.get(lowered[i], ()):
                if i + length <= n:
                    entries = self.phrases.get(tuple(lowered[i:i + length]))
                    if entries:
                        hit = (length, entries)
                        break
            exact = self.exact.get((texts[i],))  # "US" as written beats a one-word case-folded phrase
            if exact and (hit is None or hit[0] == 1):
                hit = (1, exact)
            if hit is None:
                i += 1
                continue
            length, entries = hit
            if i >= 2 and doc_tokens[i - 1].text == "-" and doc_tokens[i - 2].lower_ in ("pro", "anti"):
                i += length  # "pro-Russian separatists" are not Russia's
                continue
            if i + length + 1 < n and texts[i + length] == "-" and lowered[i + length + 1] in _PATRON_WORDS:
                i += length  # nor are "Moscow-backed separatists"
                continue
            if length == 1 and any(e.code == "WST" for e in entries) and (
                    i == 0 or lowered[i - 1] != "the" or (i + 1 < n and texts[i + 1][:1].isupper())):
                i += 1  # only "the West" is the West; "West Africa", "the West Bank" are other names
                continue
            if i >= 2 and lowered[i - 1] == "of" and texts[i - 2] in _FEATURES:
                i += length  # "the Sea of Japan", "the Gulf of Finland" name waters, not states
                continue
            for entry in entries:
                mentions.append(Mention(tok.i, tok.i + length, entry))
            i += length
        return mentions

    def sector_of(self, token: Token) -> str | None:
        """Sector of an agent noun, using its compound modifier when that makes a known phrase."""
        for child in token.children:
            if child.dep_ in ("compound", "amod"):
                sector = self.agents.get(f"{child.lemma_.lower()} {token.lemma_.lower()}")
                if sector:
                    return sector
        return self.agents.get(token.lemma_.lower())


# ----------------------------------------------------------------------------------------------- loading

def _parse_date(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DictionaryError(f"bad date {value!r}", path=where, field="from/until") from exc


def _read_yaml(source: str, text: str) -> dict[str, Any]:
    data = load_yaml(source, text)
    if not isinstance(data, dict):
        raise DictionaryError("expected a mapping at the top level", path=source)
    return data


def _entries(source: str, data: dict[str, Any]) -> Iterable[tuple[str, Entry]]:
    """Phrases and what they stand for; ``data`` has passed dictionaries.check_actor_data."""
    for country in data.get("countries") or []:
        code = str(country.get("code", ""))
        names = [str(n) for n in country.get("names") or []]
        canonical = names[0] if names else code
        for name in names:
            yield name, Entry("country", code, canonical, code)
        for name in country.get("demonyms") or []:
            yield str(name), Entry("demonym", code, canonical, code)
        for name in country.get("seats") or []:
            yield str(name), Entry("seat", code, canonical, code)
    for org in data.get("organizations") or []:
        code = str(org.get("code", ""))
        names = [str(n) for n in org.get("names") or []]
        country = org.get("country")
        for name in names:
            yield name, Entry("org", code, names[0] if names else code, country)
    for person in data.get("people") or []:
        name = str(person.get("name", ""))
        roles = []
        for role in person.get("roles") or []:
            start = _parse_date(role.get("from"), source)
            end = _parse_date(role.get("until"), source)
            roles.append(Role(str(role.get("code", "")), str(role.get("title", "")), start, end))
        # a role with neither date is the fallback for dates no dated role covers: it goes last
        roles.sort(key=lambda r: r.start is None and r.end is None)
        entry = Entry("person", "", name, None, tuple(roles))
        for alias in [name, *(person.get("aliases") or [])]:
            yield str(alias), entry


def load_dictionary(extra: Sequence[str | Path] = (), *, historical: bool = True) -> ActorDictionary:
    """Package dictionaries plus user files (same YAML format), cached per list of extra files.

    Precedence, highest first: the user files in order, the packaged ``actors.yaml`` (hand-checked, current
    office holders), the packaged historical dictionary (``data/historical_actors.json.gz``, people,
    organisations and place names from the PETRARCH2/Phoenix dictionaries; ``historical=False`` leaves it
    out), the packaged ``agents.yaml``. A phrase belongs to the first source that lists it: its entries there
    replace that phrase's entries in every later source. A historical person that an earlier source also
    names is left out under all his names, so the newer entry's roles apply however he is called. An agent
    noun keeps its first sector. User files are checked when read (the first problem is raised as a
    DictionaryError); large files are compiled once and cached (see compiled_actors).
    """
    return _load(tuple(str(p) for p in extra), historical)


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DictionaryError(f"cannot read dictionary: {exc}", path=path) from exc


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the dictionary is built: its tens of thousands of new objects
    would otherwise set off repeated full collections (40% of the load time), and they all live on anyway."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=4)
def _load(extra: tuple[str, ...], historical: bool) -> ActorDictionary:
    from ..compiled_actors import load_historical, load_yaml_source

    data_dir = resources.files("tocsin") / "data"
    yaml_files = [(path, _read_bytes(path)) for path in extra]
    yaml_files += [(name, (data_dir / name).read_bytes()) for name in ("actors.yaml", "agents.yaml")]
    # Loading spaCy (to compile a file the cache lacks) turns the collector back on (srsly enables it
    # unconditionally), so the pause is taken again for the merge.
    with _collection_paused():
        *own, agents = [load_yaml_source(path, content) for path, content in yaml_files]
    with _collection_paused():
        past, older = load_historical() if historical else (b"", None)
        dictionary = ActorDictionary()
        owned: set[tuple[bool, tuple[str, ...]]] = set()
        for source in own:  # highest precedence first: a phrase belongs to its first source
            _merge(dictionary, source, owned)
        if older is not None:
            _merge(dictionary, older, owned, newer_people_win=True)
        _merge(dictionary, agents, owned)
    digest = hashlib.sha256()
    for _, content in yaml_files:
        digest.update(content)
    digest.update(past)
    dictionary.digest = digest.hexdigest()[:16]
    return dictionary


def _merge(dictionary: ActorDictionary, source: CompiledSource, owned: set[tuple[bool, tuple[str, ...]]],
           newer_people_win: bool = False) -> None:
    """Add a source below those already merged: the phrases no earlier source lists, the agents it adds.

    With ``newer_people_win`` a person of the source is left out altogether when an earlier source lists a
    person under any of his names (the source's other names for him would keep its older roles).
    """
    replaced: set[int] = set()
    if newer_people_win:
        for phrase in source.phrases:
            if phrase.entry.kind != "person" or not phrase.tokens:
                continue
            exact, words = dictionary.key(phrase.tokens)
            if (exact, words) in owned and any(
                    e.kind == "person" for e in (dictionary.exact if exact else dictionary.phrases).get(words, ())):
                replaced.add(id(phrase.entry))
    here: set[tuple[bool, tuple[str, ...]]] = set()
    for _, tokens, entry in source.phrases:
        if not tokens or id(entry) in replaced:
            continue
        key = dictionary.key(tokens)
        if key not in owned:
            here.add(key)
            # what dictionary.add does, without filing the phrase a second time (this loop is start-up time)
            (dictionary.exact if key[0] else dictionary.phrases).setdefault(key[1], []).append(entry)
            dictionary.max_len = max(dictionary.max_len, len(tokens))
    owned |= here
    for noun, sector in source.agents:
        dictionary.agents.setdefault(noun, sector)
