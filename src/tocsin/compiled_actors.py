"""Compiled actor dictionaries: a dictionary file reduced to what the loader needs, so start-up stays fast.

Loading an actor YAML file costs a YAML parse, the checks of ``dictionaries.check_actor_data`` and spaCy
tokenisation of every phrase: about 4.5 s for the 4 MB PETRARCH import, 0.15 s for tocsin's own actors.yaml.
A *compiled source* is what that work produces: the file's entries in order, each phrase with the tokens the
pinned spaCy tokenizer gives it, and the agent nouns. It is stored as JSON in two places:

- the packaged historical dictionary (``data/historical_actors.json.gz``, built and validated by
  ``scripts/build_historical_actors.py``) ships compiled, with the tokenizer it was compiled with;
- every other actor file of at least ``CACHE_MIN_BYTES`` (the packaged actors.yaml, user ``--dict`` files) is
  compiled on first use and cached in the user cache directory (``$TOCSIN_CACHE_DIR`` overrides it). The
  cache key covers the file's bytes, tocsin's version and the source of the modules that decide the result,
  and the tokenizer's identity, so any change compiles afresh. Files are written atomically; one that cannot
  be read is ignored and rewritten. Only files that passed validation are ever cached.

JSON rather than pickle: a cache file is data, never code, whoever wrote it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NamedTuple, get_args

from .actors import Entry, EntryKind, Role, _entries, _read_yaml
from .errors import DictionaryError

FORMAT = "tocsin-compiled-actors/1"
HISTORICAL_FILE = "historical_actors.json.gz"
CACHE_ENV_VAR = "TOCSIN_CACHE_DIR"
# Compiling a smaller file takes a few milliseconds: caching it would only fill the cache directory.
CACHE_MIN_BYTES = 32_768
# Cache files kept (the least recently used go first): one per version of each large dictionary file.
CACHE_KEEP = 32
# Modules whose code decides what a compiled source holds (entries, validation, YAML reading, tokenizer rules).
_CODE_MODULES = ("actors/dictionary.py", "compiled_actors.py", "dictionaries.py", "datafiles.py", "nlp.py")
_KINDS: frozenset[str] = frozenset(get_args(EntryKind))

Tokenize = Callable[[Sequence[str]], list[tuple[str, ...]]]


class Phrase(NamedTuple):  # a tuple: tens of thousands are built at start-up
    text: str  # as written in the dictionary
    tokens: tuple[str, ...]  # as the tokenizer splits it (what the loader files it under)
    entry: Entry


@dataclass(frozen=True)
class CompiledSource:
    """One actor dictionary file, ready to merge: its phrases and agent nouns, in file order."""

    phrases: tuple[Phrase, ...]
    agents: tuple[tuple[str, str], ...]  # (noun, sector)


# ------------------------------------------------------------------------------------------- compiling

def spacy_tokenize(phrases: Sequence[str]) -> list[tuple[str, ...]]:
    """Tokens of each phrase with tocsin's spaCy tokenizer (the one documents are parsed with)."""
    from .nlp import load_model

    tokenizer: Any = load_model().tokenizer
    return [tuple(t.text for t in doc) for doc in tokenizer.pipe(phrases)]


def compile_data(where: str, data: dict[str, Any], tokenize: Tokenize = spacy_tokenize) -> CompiledSource:
    """Compile actor data that has passed ``dictionaries.check_actor_data``."""
    pairs = list(_entries(where, data))
    tokens = tokenize([phrase for phrase, _ in pairs])
    agents: list[tuple[str, str]] = []
    for sector, nouns in (data.get("agents") or {}).items():
        agents += [(" ".join(str(noun).lower().split()), str(sector)) for noun in nouns or []]
    return CompiledSource(tuple(Phrase(p, t, e) for (p, e), t in zip(pairs, tokens, strict=True)), tuple(agents))


def compile_yaml(where: str, text: str, tokenize: Tokenize = spacy_tokenize) -> CompiledSource:
    """Parse, check (the first problem is raised as a DictionaryError) and compile an actor YAML file."""
    from .dictionaries import check_actor_data, raise_problems

    data = _read_yaml(where, text)
    raise_problems(check_actor_data(where, data))
    return compile_data(where, data, tokenize)


# ------------------------------------------------------------------------------------------------- JSON

def to_json(source: CompiledSource, tokenizer: str, **extra: Any) -> dict[str, Any]:
    """The JSON form: consecutive phrases of one entry share a row ``[kind, code, name, country, roles,
    phrases]``; a phrase is its text when the tokenizer splits it at spaces, else ``[text, *tokens]``."""
    rows: list[list[Any]] = []
    last: Entry | None = None
    for phrase in source.phrases:
        shown: str | list[str] = phrase.text if list(phrase.tokens) == phrase.text.split() else [
            phrase.text, *phrase.tokens]
        if last is not None and phrase.entry == last:
            rows[-1][5].append(shown)
            continue
        last = phrase.entry
        entry = phrase.entry
        roles = [[r.code, r.title, _iso(r.start), _iso(r.end)] for r in entry.roles]
        rows.append([entry.kind, entry.code, entry.name, entry.country, roles, [shown]])
    return {"format": FORMAT, "tokenizer": tokenizer, **extra, "entries": rows,
            "agents": [list(pair) for pair in source.agents]}


def from_json(obj: Any, tokenize: Tokenize | None = None) -> CompiledSource:
    """The compiled source of ``to_json``'s output; with ``tokenize``, phrases are split afresh (for data
    compiled with another tokenizer). Malformed data raises ValueError, TypeError, KeyError or IndexError."""
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise ValueError(f"not {FORMAT} data")
    dates: dict[str, date] = {}

    def day(value: str | None) -> date | None:
        if value is None:
            return None
        found = dates.get(value)
        if found is None:
            found = dates[value] = date.fromisoformat(value)
        return found

    texts: list[str] = []
    stored: list[tuple[str, ...]] = []
    entries: list[Entry] = []
    for kind, code, name, country, roles, phrases in obj["entries"]:
        if kind not in _KINDS:
            raise ValueError(f"unknown entry kind {kind!r}")
        person = Entry(kind, code, name, country, tuple(Role(c, t, day(s), day(e)) for c, t, s, e in roles)
                       ) if kind == "person" else None
        for shown in phrases:
            if isinstance(shown, str):
                texts.append(shown)
                stored.append(tuple(shown.split()))
            else:
                texts.append(shown[0])
                stored.append(tuple(shown[1:]))
            # a person's names share one entry, as the YAML loader builds them; every other phrase has its own
            entries.append(person or Entry(kind, code, name, country))
    tokens = tokenize(texts) if tokenize is not None else stored
    agents = tuple((str(noun), str(sector)) for noun, sector in obj["agents"])
    return CompiledSource(tuple(map(Phrase, texts, tokens, entries)), agents)


def as_actor_data(source: CompiledSource) -> dict[str, Any]:
    """The compiled entries as actor dictionary data again (the YAML shape), for ``check_actor_data``."""
    countries: dict[str, dict[str, Any]] = {}
    organizations: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    last: Entry | None = None
    for phrase in source.phrases:
        entry = phrase.entry
        if entry.kind in ("country", "demonym", "seat"):
            country = countries.setdefault(entry.code, {"code": entry.code, "names": [], "demonyms": [],
                                                        "seats": []})
            country[{"country": "names", "demonym": "demonyms", "seat": "seats"}[entry.kind]].append(phrase.text)
        elif entry.kind == "org":
            if entry == last:
                organizations[-1]["names"].append(phrase.text)
            else:
                organizations.append({"code": entry.code, "names": [phrase.text], "country": entry.country})
        elif entry is last:
            people[-1]["aliases"].append(phrase.text)
        else:
            people.append({"name": phrase.text, "aliases": [], "roles": [
                {"code": r.code, "title": r.title, "from": r.start, "until": r.end} for r in entry.roles]})
        last = entry
    agents: dict[str, list[str]] = {}
    for noun, sector in source.agents:
        agents.setdefault(sector, []).append(noun)
    return {"countries": list(countries.values()), "organizations": organizations, "people": people,
            "agents": agents}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ------------------------------------------------------------------------------------------- identities

@cache
def tokenizer_identity() -> str:
    """Which tokenizer splits phrases: the spaCy model and spaCy versions (read without loading the model)."""
    from .nlp import MODEL_NAME, model_id

    try:
        model = f"{MODEL_NAME}=={metadata.version(MODEL_NAME)}"
    except metadata.PackageNotFoundError:  # a model loaded from a path: ask the model itself
        model = model_id()
    return f"{model} spacy=={metadata.version('spacy')}"


@cache
def _code_identity() -> bytes:
    from . import __version__

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{tokenizer_identity()}".encode())
    package = resources.files("tocsin")
    for name in _CODE_MODULES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # installed without sources: the version alone has to tell
            digest.update(name.encode())
    return digest.digest()


def cache_key(content: bytes) -> str:
    return hashlib.sha256(_code_identity() + content).hexdigest()


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser() / "actors"
    import platformdirs

    return platformdirs.user_cache_path("tocsin") / "actors"


# ---------------------------------------------------------------------------------------------- sources

def load_yaml_source(where: str, content: bytes, tokenize: Tokenize = spacy_tokenize) -> CompiledSource:
    """An actor YAML file's compiled source: from the cache when it holds this content, else compiled (and
    cached when the file is large enough to be worth it)."""
    key = cache_key(content) if len(content) >= CACHE_MIN_BYTES else None
    if key is not None:
        hit = _read_cache(key)
        if hit is not None:
            return hit
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DictionaryError(f"cannot read dictionary: {exc}", path=where) from exc
    source = compile_yaml(where, text, tokenize)
    if key is not None:
        _write_cache(key, source)
    return source


def load_historical(tokenize: Tokenize = spacy_tokenize) -> tuple[bytes, CompiledSource]:
    """The packaged historical actor dictionary (its bytes, for the dictionary digest, and its entries).

    It is used as stored when it was compiled with the tokenizer installed now; otherwise its phrases are
    split afresh, once, and the result cached like a YAML file's.
    """
    resource = resources.files("tocsin") / "data" / HISTORICAL_FILE
    try:
        content = resource.read_bytes()
        obj = json.loads(gzip.decompress(content))
        if obj.get("tokenizer") == tokenizer_identity():
            return content, from_json(obj)
        key = cache_key(content)
        hit = _read_cache(key)
        if hit is not None:
            return content, hit
        source = from_json(obj, tokenize)
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise DictionaryError(f"packaged historical actor data is unreadable ({exc}); reinstall tocsin",
                              path=str(resource)) from exc
    _write_cache(key, source)
    return content, source


def write_packaged(path: Path, source: CompiledSource, **provenance: Any) -> None:
    """Write a compiled source as the packaged gzip JSON, byte-for-byte reproducible, atomically."""
    obj = to_json(source, tokenizer_identity(), **provenance)
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    _write_atomically(path, gzip.compress(raw, compresslevel=9, mtime=0))


# ------------------------------------------------------------------------------------------------ cache

def _cache_file(key: str) -> Path:
    return cache_dir() / f"{key[:40]}.json"


def _read_cache(key: str) -> CompiledSource | None:
    path = _cache_file(key)
    try:
        obj = json.loads(path.read_bytes())
        if obj.get("key") != key:
            return None
        source = from_json(obj)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # missing, half-written by a crashed older version, or garbled: compile afresh
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the directory is pruned
    return source


def _write_cache(key: str, source: CompiledSource) -> None:
    """Store a compiled source; a cache that cannot be written only costs the next run the compile time."""
    path = _cache_file(key)
    raw = json.dumps(to_json(source, tokenizer_identity(), key=key), ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, raw.encode())
        _prune(path.parent)
    except OSError:
        pass


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(directory: Path) -> None:
    files = sorted(directory.glob("*.json"), key=_mtime, reverse=True)
    for old in files[CACHE_KEEP:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
