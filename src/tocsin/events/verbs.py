"""The verb dictionary: lemma patterns -> CAMEO codes, and matching them against parsed tokens.

Pattern grammar (data/verbs.yaml): ``trigger [particle/preposition ...] [{lemma|lemma} ...]``. The trigger is a
verb lemma (``verbs:``) or a noun lemma (``nouns:``); plain words must hang off the trigger as particles or
prepositions; a brace group must appear among the trigger's objects or complements. The match with the most
constraints wins; ties go to the entry that comes first in the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..datafiles import load_yaml
from ..errors import DictionaryError

if TYPE_CHECKING:
    from spacy.tokens import Token

_WORD = re.compile(r"^[a-z][a-z'\-]*$")
_GROUP = re.compile(r"^\{([a-z][a-z'\- ]*(?:\|[a-z][a-z'\- ]*)*)\}$")
# Dependents that carry a verb's or noun's object/complement lemmas.
_OBJECT_DEPS = frozenset({"dobj", "attr", "xcomp", "ccomp", "oprd", "acomp", "dative", "nsubjpass", "pobj",
                          "obj", "advcl"})
# Quantity and container nouns whose "of" complement is the real object ("tons of food", "a batch of aid").
_MEASURES = frozenset({
    "ton", "tonne", "kg", "kilogram", "gram", "pound", "litre", "liter", "gallon", "barrel", "dollar",
    "euro", "million", "billion", "thousand", "hundred", "dozen", "lot", "amount", "quantity", "shipment",
    "consignment", "batch", "package", "load", "cargo", "supply", "worth", "part", "portion", "number",
    "truckload", "planeload", "shipload", "convoy", "round", "kind", "sort", "type", "set",
})
_PARTICLE_DEPS = frozenset({"prt", "prep", "agent", "dative", "advmod", "compound:prt"})


@dataclass(frozen=True)
class Pattern:
    code: str
    trigger: str
    noun: bool
    particles: tuple[str, ...]
    objects: tuple[frozenset[str], ...]
    order: int
    text: str

    @property
    def specificity(self) -> int:
        return len(self.particles) + len(self.objects)


@dataclass(frozen=True)
class VerbDictionary:
    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    digest: str

    def match(self, token: Token) -> Pattern | None:
        """The best pattern for a token used as a verb or as a noun, or None."""
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            table = self.verbs
        elif pos in ("NOUN", "PROPN"):
            table = self.nouns
        else:
            return None
        candidates = table.get(token.lemma_.lower())
        if not candidates:
            return None
        particles: set[str] | None = None
        objects: set[str] | None = None
        for pattern in candidates:  # sorted by (-specificity, order): first hit is the best
            if pattern.particles:
                if particles is None:
                    particles = _particles(token)
                if not all(p in particles for p in pattern.particles):
                    continue
            if pattern.objects:
                if objects is None:
                    objects = _object_lemmas(token)
                if not all(group & objects for group in pattern.objects):
                    continue
            return pattern
        return None


def _particles(token: Token) -> set[str]:
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in _PARTICLE_DEPS:
            out.add(child.lower_)
            for grandchild in child.children:  # "pull out of": 'of' may hang off 'out'
                if grandchild.dep_ in ("prep", "prt"):
                    out.add(grandchild.lower_)
    return out


def _object_lemmas(token: Token) -> set[str]:
    """Lemmas of objects and complements (depth 2), with their compound/adjective modifiers."""
    out: set[str] = set()
    frontier = [token]
    for _ in range(2):
        nxt: list[Token] = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in _OBJECT_DEPS or (child.dep_ == "prep"):
                    if child.dep_ != "prep":
                        out.add(child.lemma_.lower())
                        out.update(c.lemma_.lower() for c in child.children
                                   if c.dep_ in ("compound", "amod", "nmod"))
                        # "700 kg of medicine": the medicine is what is given; "accused Kyiv of
                        # espionage", "a request for aid": what the object is about decides the code
                        preps = _OBJECT_PREPS if not _is_measure(child) else ("of",)
                        for prep in child.children:
                            if prep.dep_ == "prep" and prep.lower_ in preps:
                                for pobj in prep.children:
                                    if pobj.dep_ in ("pobj", "pcomp"):
                                        out.add(pobj.lemma_.lower())
                                        out.update(c.lemma_.lower() for c in pobj.children
                                                   if c.dep_ in ("compound", "amod", "nmod", "dobj"))
                    nxt.append(child)
                elif child.dep_ in ("compound", "amod", "conj"):
                    out.add(child.lemma_.lower())
        frontier = nxt
    return out


# Prepositions after an object that say what it is about or for.
_OBJECT_PREPS = ("of", "for", "with", "on", "against", "into")  # "an investigation into war crimes"


def _is_measure(token: Token) -> bool:
    """A quantity or unit noun ("700 kg", "millions", "tons", "a shipment") whose "of" names the stuff."""
    return token.pos_ == "NUM" or token.lemma_.lower() in _MEASURES or any(
        c.dep_ in ("nummod", "quantmod") for c in token.children)


def _compile(text: str, code: str, noun: bool, order: int, where: str) -> Pattern:
    words = text.split()
    if not words or not _WORD.match(words[0]):
        raise DictionaryError(f"pattern {text!r} must start with a lowercase lemma", path=where,
                              field=f"code {code}")
    particles: list[str] = []
    objects: list[frozenset[str]] = []
    for word in words[1:]:
        group = _GROUP.match(word)
        if group:
            objects.append(frozenset(group.group(1).split("|")))
        elif _WORD.match(word):
            particles.append(word)
        else:
            raise DictionaryError(f"bad word {word!r} in pattern {text!r}", path=where, field=f"code {code}")
    return Pattern(code, words[0], noun, tuple(particles), tuple(objects), order, text)


def parse_verbs(text: str, where: str) -> list[Pattern]:
    """The patterns of one verb file; its first problem (dictionaries.check_verb_data) is raised."""
    from ..dictionaries import check_verb_data, raise_problems

    data = load_yaml(where, text)
    raise_problems(check_verb_data(where, data))
    patterns: list[Pattern] = []
    for entry in data:
        code = str(entry["code"])
        for key, noun in (("verbs", False), ("nouns", True)):
            for text_ in entry.get(key) or []:
                patterns.append(_compile(str(text_), code, noun, len(patterns), where))
    return patterns


def load_verbs(extra: Sequence[str | Path] = ()) -> VerbDictionary:
    """Package verb dictionary plus user files; user patterns come first, so they win ties."""
    return _load(tuple(str(p) for p in extra))


@lru_cache(maxsize=4)
def _load(extra: tuple[str, ...]) -> VerbDictionary:
    sources: list[tuple[str, str]] = []
    for path in extra:
        try:
            sources.append((path, Path(path).read_text("utf-8")))
        except OSError as exc:
            raise DictionaryError(f"cannot read dictionary: {exc.strerror}", path=path) from exc
    sources.append(("verbs.yaml", (resources.files("tocsin") / "data" / "verbs.yaml").read_text("utf-8")))
    digest = hashlib.sha256()
    patterns: list[Pattern] = []
    for where, text in sources:
        digest.update(text.encode())
        for p in parse_verbs(text, where):
            patterns.append(Pattern(p.code, p.trigger, p.noun, p.particles, p.objects, len(patterns), p.text))
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for p in patterns:
        (nouns if p.noun else verbs).setdefault(p.trigger, []).append(p)

    def ordered(table: dict[str, list[Pattern]]) -> dict[str, tuple[Pattern, ...]]:
        return {k: tuple(sorted(v, key=lambda p: (-p.specificity, p.order))) for k, v in table.items()}

    return VerbDictionary(ordered(verbs), ordered(nouns), digest.hexdigest()[:16])
