"""User dictionaries: which files extend the packaged ones, and the checks every dictionary file must pass.

A user adds dictionaries without code, through ``$TOCSIN_DICTIONARIES`` (files or directories separated by
``os.pathsep``) or ``--dict FILE`` on the command line. Precedence, highest first: ``--actors``/``--verbs``,
``--dict`` (in the order given), ``$TOCSIN_DICTIONARIES`` (in order), the packaged data. For an actor phrase
the first source that lists it owns it (its entries replace those of later sources); for verb patterns the
earlier source wins ties between equally specific patterns.

The checks here are the single definition of a well-formed tocsin dictionary: the loaders (actors.py,
events/verbs.py) raise the first problem as a DictionaryError, and ``tocsin dict validate`` prints them all.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .datafiles import LineDict, LineList, load_yaml
from .errors import DictionaryError

ENV_VAR = "TOCSIN_DICTIONARIES"
DictionaryKind = Literal["actors", "verbs"]
_SUFFIXES = (".yaml", ".yml")

_COUNTRY = re.compile(r"^[A-Z]{3}$")
# Actor codes: a three-letter country/IGO/NGO part, then sector or organisation parts (CAMEO religion
# codes carry digits, e.g. NGOCHRPRO214).
_ACTOR_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
_SECTION_KEYS = {"countries", "organizations", "people", "agents"}
_COUNTRY_KEYS = {"code", "names", "demonyms", "seats"}
_ORG_KEYS = {"code", "names", "country"}
_PERSON_KEYS = {"name", "aliases", "roles"}
_ROLE_KEYS = {"code", "title", "from", "until"}
_VERB_KEYS = {"code", "verbs", "nouns"}


@dataclass(frozen=True)
class DictionaryProblem:
    """One thing wrong with a dictionary file, located by file, line and field."""

    path: str
    line: int | None
    field: str
    message: str

    def error(self) -> DictionaryError:
        return DictionaryError(self.message, path=self.path, line=self.line, field=self.field or None)

    def __str__(self) -> str:
        return str(self.error())


def raise_problems(problems: Sequence[DictionaryProblem]) -> None:
    """Raise the first problem as a DictionaryError (the loaders' behaviour); nothing if there are none."""
    if not problems:
        return
    first = problems[0]
    more = f" (and {len(problems) - 1} more: run `tocsin dict validate {first.path}`)" if len(problems) > 1 else ""
    raise DictionaryError(first.message + more, path=first.path, line=first.line, field=first.field or None)


# ------------------------------------------------------------------------------------------ configuration

@dataclass(frozen=True)
class UserDictionaries:
    actor_files: tuple[str, ...] = ()
    verb_files: tuple[str, ...] = ()


def user_dictionaries(files: Sequence[str | Path] = (), env: str | None = None) -> UserDictionaries:
    """The user's dictionary files, split by kind: ``files`` first, then ``$TOCSIN_DICTIONARIES``.

    Directories contribute their ``*.yaml``/``*.yml`` files in name order (not recursively). ``env`` replaces
    the environment variable's value (for tests and callers that manage their own configuration).
    """
    value = os.environ.get(ENV_VAR, "") if env is None else env
    listed = [(str(f), "--dict") for f in files] + [(p, ENV_VAR) for p in value.split(os.pathsep) if p.strip()]
    actors: list[str] = []
    verbs: list[str] = []
    for entry, origin in listed:
        for path in _expand(entry, origin):
            (verbs if dictionary_kind(path) == "verbs" else actors).append(path)
    return UserDictionaries(tuple(actors), tuple(verbs))


def _expand(entry: str, origin: str) -> list[str]:
    path = Path(entry.strip()).expanduser()
    if path.is_dir():
        return [str(p) for p in sorted(path.iterdir()) if p.suffix.lower() in _SUFFIXES and p.is_file()]
    if path.is_file():
        return [str(path)]
    raise DictionaryError("no such dictionary file or directory", path=str(path), field=origin)


def dictionary_kind(path: str | Path) -> DictionaryKind:
    """A verb dictionary is a YAML list, an actor dictionary a mapping: the first entry line tells which."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read dictionary: {exc}", path=str(path)) from exc
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        return "verbs" if stripped.startswith("-") else "actors"
    raise DictionaryError("empty dictionary", path=str(path))


def dictionary_files(paths: Sequence[str | Path]) -> list[str]:
    """Files named directly plus the YAML files inside named directories."""
    return [p for entry in paths for p in _expand(str(entry), "path")]


# --------------------------------------------------------------------------------------------- validation

def validate_file(path: str | Path) -> list[DictionaryProblem]:
    """Every problem in one tocsin dictionary file (actor/agent mapping or verb list); [] if it is clean."""
    where = str(path)
    try:
        text = Path(path).read_text("utf-8")
        data = load_yaml(where, text)
    except DictionaryError as exc:
        return [DictionaryProblem(where, exc.line, exc.field or "", exc.message)]
    except (OSError, UnicodeDecodeError) as exc:
        return [DictionaryProblem(where, None, "", f"cannot read dictionary: {exc}")]
    if isinstance(data, list):
        return check_verb_data(where, data)
    return check_actor_data(where, data)


class _Collector:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[DictionaryProblem] = []

    def add(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(DictionaryProblem(self.where, line, field, message))


def _line(container: Any, key: Any) -> int | None:
    if isinstance(container, LineDict | LineList):
        return container.line_of(key) or None
    return None


def _items(container: Any, section: str, out: _Collector, line: int | None) -> Iterator[tuple[int, Any]]:
    """The items of a list field, or a problem if the field is not a list."""
    if container is None:
        return
    if not isinstance(container, list):
        out.add(line, section, f"expected a list, got {type(container).__name__}")
        return
    yield from enumerate(container)


def _phrases(entry: dict[str, Any], key: str, section: str, out: _Collector,
             required: bool = False) -> list[tuple[str, int | None]]:
    values = entry.get(key)
    line = _line(entry, key)
    if values is None or values == []:
        if required:
            out.add(line, f"{section}.{key}", "at least one phrase is needed")
        return []
    found: list[tuple[str, int | None]] = []
    for i, value in _items(values, f"{section}.{key}", out, line):
        where = _line(values, i)
        if not isinstance(value, str) or not value.strip():
            out.add(where, f"{section}.{key}", f"phrase must be non-empty text, got {value!r}")
        else:
            found.append((value, where))
    return found


def _unknown_keys(entry: dict[str, Any], allowed: set[str], section: str, out: _Collector) -> None:
    for key in entry:
        if key not in allowed:
            out.add(_line(entry, key), f"{section}.{key}" if section else str(key),
                    f"unknown field (expected one of {sorted(allowed)})")


@dataclass(frozen=True)
class _Claim:
    """A phrase standing for a code over a span of dates (None: unbounded), from one line of the file."""

    code: str
    start: date | None
    end: date | None
    line: int | None
    owner: str

    def overlaps(self, other: _Claim) -> bool:
        return ranges_overlap(self.start, self.end, other.start, other.end)


def ranges_overlap(a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None) -> bool:
    """Whether two inclusive date ranges (None: unbounded) share more than a boundary day.

    Sharing the boundary day is allowed: a handover day, where one role's "until" is the next one's "from".
    """
    return (a_start or date.min) < (b_end or date.max) and (b_start or date.min) < (a_end or date.max)


def phrase_key(phrase: str) -> str:
    """How the loader files a phrase: short all-caps words exactly ("US", "UN"), everything else case-folded."""
    words = phrase.split()
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 3:
        return words[0]
    return " ".join(words).casefold()


def check_actor_data(where: str, data: Any) -> list[DictionaryProblem]:
    """Problems in an actor/agent dictionary (the mapping format of data/actors.yaml and data/agents.yaml)."""
    out = _Collector(where)
    if not isinstance(data, dict):
        out.add(None, "", "expected a mapping with countries/organizations/people/agents at the top level")
        return out.problems
    _unknown_keys(data, _SECTION_KEYS, "", out)
    claims: dict[str, list[_Claim]] = defaultdict(list)
    for i, country in _items(data.get("countries"), "countries", out, _line(data, "countries")):
        _check_country(country, _line(data["countries"], i), out, claims)
    for i, org in _items(data.get("organizations"), "organizations", out, _line(data, "organizations")):
        _check_org(org, _line(data["organizations"], i), out, claims)
    for i, person in _items(data.get("people"), "people", out, _line(data, "people")):
        _check_person(person, _line(data["people"], i), out, claims)
    _check_claims(claims, out)
    _check_agents(data.get("agents"), _line(data, "agents"), out)
    return sorted(out.problems, key=lambda p: p.line or 0)


def _check_country(country: Any, line: int | None, out: _Collector, claims: dict[str, list[_Claim]]) -> None:
    if not isinstance(country, dict):
        out.add(line, "countries", f"expected a mapping, got {country!r}"[:120])
        return
    _unknown_keys(country, _COUNTRY_KEYS, "countries", out)
    code = country.get("code")
    if not isinstance(code, str) or not _COUNTRY.match(code):
        out.add(_line(country, "code"), "countries.code", f"country code must be 3 capital letters, got {code!r}")
        return
    for key in ("names", "demonyms", "seats"):
        for phrase, at in _phrases(country, key, "countries", out, required=key == "names"):
            claims[phrase_key(phrase)].append(_Claim(code, None, None, at, f"country {code}"))


def _check_org(org: Any, line: int | None, out: _Collector, claims: dict[str, list[_Claim]]) -> None:
    if not isinstance(org, dict):
        out.add(line, "organizations", f"expected a mapping, got {org!r}"[:120])
        return
    _unknown_keys(org, _ORG_KEYS, "organizations", out)
    code = org.get("code")
    if not isinstance(code, str) or not _ACTOR_CODE.match(code):
        out.add(_line(org, "code"), "organizations.code",
                f"organization code must be capital letters (3 or more), got {code!r}")
        return
    country = org.get("country")
    if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
        out.add(_line(org, "country"), "organizations.country", f"expected a 3-letter code or null, got {country!r}")
    for phrase, at in _phrases(org, "names", "organizations", out, required=True):
        claims[phrase_key(phrase)].append(_Claim(code, None, None, at, f"organization {code}"))


def _check_person(person: Any, line: int | None, out: _Collector, claims: dict[str, list[_Claim]]) -> None:
    from .actors import _parse_date

    if not isinstance(person, dict):
        out.add(line, "people", f"expected a mapping, got {person!r}"[:120])
        return
    _unknown_keys(person, _PERSON_KEYS, "people", out)
    name = person.get("name")
    if not isinstance(name, str) or not name.strip():
        out.add(line, "people.name", f"a person needs a name, got {name!r}")
        return
    roles: list[_Claim] = []
    if not person.get("roles"):
        out.add(_line(person, "roles") or line, "people.roles", f"{name}: a person needs at least one role")
    for i, role in _items(person.get("roles"), "people.roles", out, _line(person, "roles")):
        at = _line(person["roles"], i)
        if not isinstance(role, dict):
            out.add(at, "people.roles", f"{name}: expected a mapping, got {role!r}"[:120])
            continue
        _unknown_keys(role, _ROLE_KEYS, "people.roles", out)
        code = role.get("code")
        if not isinstance(code, str) or not _ACTOR_CODE.match(code):
            out.add(at, "people.roles.code", f"{name}: role code must be capital letters (3 or more), got {code!r}")
            continue
        bounds: list[date | None] = []
        for key in ("from", "until"):
            try:
                bounds.append(_parse_date(role.get(key), where=out.where))
            except DictionaryError as exc:
                out.add(_line(role, key), f"people.roles.{key}", f"{name}: {exc.message} (expected YYYY-MM-DD)")
                bounds.append(None)
        start, end = bounds
        if start and end and end < start:
            out.add(at, "people.roles.until", f"{name}: role {code} ends ({end}) before it starts ({start})")
            continue
        roles.append(_Claim(code, start, end, at, f"{name}, entry on line {line}"))
    dated = [r for r in roles if r.start or r.end]
    undated = [r for r in roles if not (r.start or r.end)]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if a.code != b.code and a.overlaps(b):
                out.add(b.line, "people.roles", f"{name}: role {b.code} overlaps role {a.code} (line {a.line})")
    for other in undated[1:]:
        if other.code != undated[0].code:
            out.add(other.line, "people.roles",
                    f"{name}: two undated roles ({undated[0].code}, {other.code}); only one can be the fallback")
    for phrase, at in [(name, line), *_phrases(person, "aliases", "people", out)]:
        claims[phrase_key(phrase)].extend(_Claim(r.code, r.start, r.end, at, r.owner) for r in roles)


def _check_claims(claims: dict[str, list[_Claim]], out: _Collector) -> None:
    for key, found in claims.items():
        reported: set[tuple[int | None, int | None]] = set()
        for i, a in enumerate(found):
            for b in found[i + 1:]:
                if a.code == b.code or a.owner == b.owner or not a.overlaps(b) or (a.line, b.line) in reported:
                    continue
                reported.add((a.line, b.line))
                later, earlier = (b, a) if (b.line or 0) >= (a.line or 0) else (a, b)
                out.add(later.line, "phrase",
                        f"{key!r} means {later.code} ({later.owner}) and, at the same time, {earlier.code} "
                        f"({earlier.owner}) on line {earlier.line}")


def _check_agents(agents: Any, line: int | None, out: _Collector) -> None:
    if agents is None:
        return
    if not isinstance(agents, dict):
        out.add(line, "agents", "expected a mapping of sector code -> list of nouns")
        return
    seen: dict[str, tuple[str, int | None]] = {}
    for sector, nouns in agents.items():
        at = _line(agents, sector)
        if not isinstance(sector, str) or not _COUNTRY.match(sector):
            out.add(at, "agents", f"sector must be 3 capital letters, got {sector!r}")
            continue
        for i, noun in _items(nouns, f"agents.{sector}", out, at):
            noun_line = _line(nouns, i)
            if not isinstance(noun, str) or not noun.strip():
                out.add(noun_line, f"agents.{sector}", f"noun must be non-empty text, got {noun!r}")
                continue
            key = " ".join(noun.lower().split())
            if key in seen and seen[key][0] != sector:
                out.add(noun_line, f"agents.{sector}", f"{noun!r} is already under {seen[key][0]} (line "
                        f"{seen[key][1]})")
            seen.setdefault(key, (sector, noun_line))


def check_verb_data(where: str, data: Any) -> list[DictionaryProblem]:
    """Problems in a verb dictionary (the list format of data/verbs.yaml)."""
    from .events.verbs import _compile
    from .ontology import is_code

    out = _Collector(where)
    if not isinstance(data, list):
        out.add(None, "", "expected a list of {code, verbs, nouns} entries")
        return out.problems
    owner: dict[tuple[str, str], tuple[str, int | None]] = {}
    for i, entry in enumerate(data):
        line = _line(data, i)
        if not isinstance(entry, dict) or "code" not in entry:
            out.add(line, "code", f"entry without code: {entry!r}"[:120])
            continue
        _unknown_keys(entry, _VERB_KEYS, "", out)
        code = entry["code"]
        if not isinstance(code, str) or not is_code(code):
            hint = " (quote codes: \"010\", not 010)" if isinstance(code, int) else ""
            out.add(_line(entry, "code"), "code", f"unknown CAMEO code {code!r}{hint}")
            continue
        for key in ("verbs", "nouns"):
            for j, pattern in _items(entry.get(key), key, out, _line(entry, key)):
                at = _line(entry[key], j)
                text = " ".join(str(pattern).split())
                try:
                    _compile(text, code, key == "nouns", 0, where)
                except DictionaryError as exc:
                    out.add(at, key, exc.message)
                    continue
                never = pattern_never_matches(text)
                if never:
                    out.add(at, key, f"pattern {text!r} can never match: {never}")
                    continue
                first = owner.setdefault((key, text), (code, at))
                if first[0] != code:
                    out.add(at, key, f"pattern {text!r} is already under code {first[0]} (line {first[1]})")
    return out.problems


def pattern_never_matches(pattern: str) -> str:
    """Why a grammatical pattern still cannot match spaCy's tokens, or ''."""
    if "-" in pattern:
        return "spaCy splits hyphenated words, so no lemma contains '-'"
    return ""
