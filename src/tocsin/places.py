"""Where an event happened.

An offline gazetteer (``data/gazetteer.tsv.gz``, built from GeoNames data by ``scripts/build_gazetteer.py``) of
countries, admin-1 regions and populated places with their alternate Latin-script spellings, and the rule that only
a place in the event's own locative phrase is its location: "deployed troops *in Belarus*", not the Kiev of "the
Kiev government said", nor the Siberia of "troops from Siberia".

Three precisions: a city carries its coordinates; a region carries a representative point (one of its places, near
the middle of them) and its name; a country carries no coordinates at all, since a capital's pin would claim a
precision the text does not give. A border ("near the Ukrainian border") is a country-level fix of that country.

A name shared by several places goes to the most populous one, unless the sentence or the article names a country
or region that one of the others lies in ("Paris" is in France, but "police in Texas ... in Paris" is Paris, Texas).
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import DictionaryError
from .models import Place
from .nlp import entities, entities_in, entity_at

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FORMAT_VERSION = 1
_RESOURCE = "gazetteer.tsv.gz"

# Prepositions that put an event somewhere, on the verb or on its object ("protests in Kyiv").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "within", "around", "along", "across",
                            "throughout", "into", "onto", "off", "beyond"})
# On a noun these are relations, not places ("aid to Syria", "sanctions on Russia"); on a verb, destinations.
VERB_ONLY_PREPS = frozenset({"to", "towards", "toward"})
# Only with a geographic head noun ("on the border of Ukraine", "on the outskirts of Kyiv"), never "on Russia".
GEOGRAPHIC_ONLY_PREPS = frozenset({"on"})
_NEARNESS = frozenset({"close", "near", "next"})
DESTINATION_PREPS = frozenset({"to", "towards", "toward", "into", "onto"})
# An origin is the location only when the text gives no destination ("withdrew from Kherson" but not "moved
# troops from Siberia to the border").
ORIGIN_PREPS = frozenset({"from"})

BORDER_NOUNS = frozenset({"border", "borders", "frontier", "frontiers", "boundary", "borderland", "borderlands"})
REGION_NOUNS = frozenset({"region", "regions", "oblast", "province", "state", "governorate", "krai", "kray",
                          "district", "territory", "republic"})
CAPITAL_NOUNS = frozenset({"capital"})
# Head nouns whose "of X", "X's" or demonym names the place: "the outskirts of Kyiv", "Mariupol's port".
GEOGRAPHIC_NOUNS = BORDER_NOUNS | REGION_NOUNS | CAPITAL_NOUNS | frozenset({
    "outskirts", "suburb", "suburbs", "vicinity", "city", "town", "village", "villages", "area", "areas", "east",
    "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "centre", "center", "port",
    "coast", "part", "parts", "soil", "side", "edge", "streets", "heart", "countryside", "airport", "outskirt",
    "environs", "frontline", "front", "peninsula", "island", "islands", "waters", "airspace"})
# Objects whose place is that of a topic, not of the event ("discussed the situation in Kazakhstan", "condemned
# the war in Ukraine"), unlike "dispersed protests in Kyiv" or "attacked positions in the Donetsk region".
TOPIC_NOUNS = frozenset({"situation", "crisis", "conflict", "war", "development", "event", "issue", "settlement",
                         "security", "stability", "peace", "process", "tension", "escalation", "de-escalation",
                         "affair", "question", "problem", "future", "prospect", "election", "relation",
                         "developments", "events", "affairs", "relations", "prospects", "tensions"})
# Entity types that are never places even where the parser calls the word a proper noun ("in March").
NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "NORP", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                            "ORDINAL", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"})

# How much a mention of a candidate's country or region outweighs population when a name is ambiguous. A country
# named in the same sentence lifts a place 50-fold (Tripoli, Lebanon over Tripoli, Libya in a sentence about
# Lebanon, but not Paris, Texas over Paris just because Americans are mentioned); its region decides outright.
SENTENCE_COUNTRY_WEIGHT = 50.0
# A namesake must have at least a sixth of the largest one's population for country mentions to lift it
# (Tripoli, Lebanon is a fifth of Tripoli, Libya; Geneva, Illinois is a ninth of Geneva).
NAMESAKE_SHARE = 6
ARTICLE_COUNTRY_WEIGHT = 10.0
REGION_WEIGHT = 1e9
# An alternate name unlike the place's own ("Stalin" for Donetsk) counts for a tenth of the place's population
# against a namesake: GeoNames gives Nikopol the alternate "Slov'iansk", and Sloviansk is as large.
OTHER_NAME_WEIGHT = 0.1

_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼʻ`´‘ʹ.\u02bc"), None)
_SPACES = dict.fromkeys(map(ord, "-‐‑–—_,/"), " ")
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i",
                               "ħ": "h", "ŧ": "t", "ŀ": "l"})


def name_key(text: str) -> str:
    """The form a name is indexed under: no accents, apostrophes, dots or leading "the"; hyphens are spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = plain.translate(_APOSTROPHES).translate(_SPACES).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class _Row(NamedTuple):
    kind: str  # C country, A admin-1 region, R region spanning several admin-1 units, P populated place
    name: str
    country: str
    admin1_row: int | None
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True)
class PlaceContext:
    """Countries and regions that the sentence and the article name, used only to choose between namesakes."""

    sentence_countries: frozenset[str] = frozenset()
    article_countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()  # "ISO3/region name"


class Gazetteer:
    """Names -> places. Rows are parsed on first use: loading only splits lines, so it costs little."""

    def __init__(self, rows: list[str], names: dict[str, str], demonyms: dict[str, int],
                 capitals: dict[str, int], *, source: str = _RESOURCE, first_row_line: int = 1) -> None:
        self._rows = rows
        self._names = names
        self._demonyms = demonyms
        self._capitals = capitals
        self._source = source
        self._first_row_line = first_row_line
        self._parsed: dict[int, _Row] = {}

    # ------------------------------------------------------------------------------------------ names

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, name: str, context: PlaceContext | None = None) -> Place | None:
        """The place a name stands for: a country if it names one, else the best of its namesakes."""
        found = self._candidates(name_key(name))
        if not found:
            return None
        best = found[0][0]
        if len(found) > 1 and context is not None and self._row(best).kind != "C":
            largest = max(self._row(row).population for row, _ in found)
            weights = [self._weight(row, other, context, largest) for row, other in found]
            best = found[max(range(len(found)), key=lambda i: (weights[i], -i))][0]
        return self.place(best)

    def lookup_in(self, name: str, token: Token) -> Place | None:
        """``lookup`` with the countries and regions of the token's sentence and article choosing namesakes."""
        return self.lookup(name, _context_of(self, token))

    def candidates(self, name: str) -> list[Place]:
        """Every place a name can stand for, best first when nothing else is known."""
        return [self.place(row) for row, _ in self._candidates(name_key(name))]

    def country_of_demonym(self, word: str) -> Place | None:
        row = self._demonyms.get(name_key(word))
        return None if row is None else self.place(row)

    def capital(self, country: str) -> Place | None:
        row = self._capitals.get(country)
        return None if row is None else self.place(row)

    def border(self, country: Place) -> Place:
        return Place(f"{country.name} border", country.country, None, None, "country")

    def place(self, row_id: int) -> Place:
        row = self._row(row_id)
        if row.kind == "C":
            return Place(row.name, row.country, None, None, "country")
        if row.kind == "P":
            region = None if row.admin1_row is None else self._row(row.admin1_row).name
            return Place(row.name, row.country, row.lat, row.lon, "city", region)
        return Place(row.name, row.country, row.lat, row.lon, "admin1", row.name if row.kind == "A" else None)

    def _candidates(self, key: str) -> list[tuple[int, bool]]:
        """(row, whether the name is another name of it rather than its own), best first without context."""
        ids = self._names.get(key)
        if not ids:
            return []
        try:
            return [(int(i[:-1]), True) if i.endswith("~") else (int(i), False) for i in ids.split(",")]
        except ValueError as exc:
            raise DictionaryError(f"bad row list for name {key!r}: {ids!r}", path=self._source,
                                  field="names") from exc

    def _weight(self, row_id: int, other_name: bool, context: PlaceContext, largest: int) -> float:
        row = self._row(row_id)
        weight = float(max(row.population, 1)) * (OTHER_NAME_WEIGHT if other_name else 1.0)
        region = self._row(row.admin1_row).name if row.admin1_row is not None else row.name
        if f"{row.country}/{region}" in context.regions:
            weight *= REGION_WEIGHT
        if row.population * NAMESAKE_SHARE < largest:
            # a small namesake is not lifted by its country being named: "talks between Russia and the United
            # States in Geneva" are in Switzerland, not in Geneva, Illinois
            return weight
        if row.country in context.sentence_countries:
            weight *= SENTENCE_COUNTRY_WEIGHT
        elif row.country in context.article_countries:
            weight *= ARTICLE_COUNTRY_WEIGHT
        return weight

    def _row(self, row_id: int) -> _Row:
        row = self._parsed.get(row_id)
        if row is None:
            row = self._parsed[row_id] = self._parse(row_id)
        return row

    def _parse(self, row_id: int) -> _Row:
        try:
            kind, name, country, admin1, lat, lon, population = self._rows[row_id].split("\t")
            return _Row(kind, name, country, int(admin1) if admin1 else None, float(lat) if lat else None,
                        float(lon) if lon else None, int(population))
        except (IndexError, ValueError) as exc:
            raise DictionaryError(f"malformed place row {row_id}: {exc}", path=self._source,
                                  line=self._first_row_line + row_id) from exc

    # ------------------------------------------------------------------------------------------ events

    def locate(self, trigger: Token) -> Place | None:
        """The place named by the event's own locative phrase: on the trigger, or on its object or passive
        subject ("deployed troops in Belarus", "protests in Kyiv were dispersed"), or a geographic object
        ("shelled the outskirts of Kharkiv"). Places inside actor phrases ("the Kiev government"), other clauses
        or the speaker's framing are mentions, not the location."""
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "obj")]
        gave_destination = False
        origins: list[Token] = []
        for head in [trigger, *objects]:
            on_verb = head.i == trigger.i and trigger.pos_ in ("VERB", "AUX")
            if head.i != trigger.i and head.lemma_.lower() in TOPIC_NOUNS:
                continue  # "discussed the situation in Kazakhstan": where the topic is, not the talks
            for prep in self._prepositions(head):
                word = prep.lower_
                if word in ORIGIN_PREPS:
                    origins.append(prep)
                    continue
                near = prep.head.lower_ in _NEARNESS  # "close to the border" is locative on any head
                if not (word in LOCATIVE_PREPS or word in GEOGRAPHIC_ONLY_PREPS
                        or ((on_verb or near) and word in VERB_ONLY_PREPS)):
                    continue
                gave_destination = gave_destination or (word in DESTINATION_PREPS and not near)
                place = self._place_in(prep, geographic_only=word in GEOGRAPHIC_ONLY_PREPS)
                if place is not None:
                    return place
        for obj in objects:
            # a geographic common noun as object: "shelled the Ukrainian capital"; a bare name as object is too
            # often the government it stands for ("Moscow warned Kyiv") to count
            if obj.lower_ in GEOGRAPHIC_NOUNS and obj.pos_ != "PROPN":
                place = self._geographic_phrase(obj)
                if place is not None:
                    return place
        # "clashed with gunmen in Tripoli": the parser hangs the place on the partner, but it is the clash's
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with"):
            for partner in (c for c in prep.children if c.dep_ == "pobj"):
                for inner in self._prepositions(partner):
                    if inner.lower_ in LOCATIVE_PREPS:
                        place = self._place_in(inner, geographic_only=False)
                        if place is not None:
                            return place
        if not gave_destination:
            for prep in origins:
                place = self._place_in(prep, geographic_only=False)
                if place is not None:
                    return place
        return None

    @staticmethod
    def _prepositions(head: Token) -> Iterable[Token]:
        for child in head.children:
            if child.dep_ == "prep":
                yield child
            elif child.dep_ in ("advmod", "amod") and child.lower_ in _NEARNESS:
                # "close to the border": the preposition hangs off the adverb
                yield from (c for c in child.children if c.dep_ == "prep")

    def _place_in(self, prep: Token, *, geographic_only: bool) -> Place | None:
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:  # "outside of Kyiv", "near to the border"
            objects = [g for c in prep.children if c.dep_ == "prep" and c.lower_ in ("of", "to")
                       for g in c.children if g.dep_ == "pobj"]
        for pobj in objects:
            place = self._place_of(pobj, geographic_only=geographic_only)
            if place is not None:
                return place
        return None

    def _place_of(self, pobj: Token, *, geographic_only: bool) -> Place | None:
        if pobj.lower_ in GEOGRAPHIC_NOUNS and pobj.pos_ != "PROPN":
            return self._geographic_phrase(pobj)
        if geographic_only or pobj.ent_type_ in NOT_PLACE_ENTS or _is_full_personal_name(pobj):
            return None
        if pobj.text in WATER_WORDS and any(c.dep_ == "det" and c.lower_ == "the" for c in pobj.children):
            return None  # "in the Red Sea", "the Black Sea": waters, though Sudan and Egypt have a Red Sea region
        if pobj.ent_type_ in ("GPE", "LOC", "FAC") or pobj.pos_ == "PROPN":
            context = _context_of(self, pobj)
            ent = entity_at(pobj)
            whole = ent is not None and len(ent) > 1 and pobj.ent_type_ in ("GPE", "LOC", "FAC")
            for text in self._name_forms(pobj):
                place = self.lookup(text, context)
                if place is not None:
                    return place
                if whole:
                    # "the Line of Control" is not a place called "Line": a multi-word name is looked up whole
                    return None
        return None

    @staticmethod
    def _name_forms(pobj: Token) -> list[str]:
        """Longest first: the entity ("Kryvyi Rih"), the compound phrase ("Donetsk Oblast"), the word."""
        forms = []
        if pobj.ent_iob_ != "O" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = entity_at(pobj)
            if ent is not None:
                forms.append(ent.text)
        compounds = [t for t in pobj.lefts if t.dep_ == "compound"]
        if compounds:
            forms.append(pobj.doc[compounds[0].i:pobj.i + 1].text)
        forms.append(pobj.text)
        return forms

    def _geographic_phrase(self, noun: Token) -> Place | None:
        """ "the Donetsk region", "the region of Belgorod", "the outskirts of Kyiv", "Mariupol's port", "the
        Ukrainian border", "the Ukrainian capital"."""
        word = noun.lower_
        context = _context_of(self, noun)
        compounds = [t for t in noun.lefts if t.dep_ == "compound"]
        named: Place | None = None
        if compounds and word in REGION_NOUNS:
            named = self.lookup(noun.doc[compounds[0].i:noun.i + 1].text, context)
        # the most specific cue first: "of/with X", then "X's" or "X border", then a demonym ("Russian region")
        for child in noun.children:
            if named is None and child.dep_ == "prep" and child.lower_ in ("of", "with"):
                for obj in (g for g in child.children if g.dep_ == "pobj"):
                    if word in REGION_NOUNS:  # "the region of Belgorod" is the region, not the city
                        named = self.lookup(f"{obj.text} {word}", context)
                    named = named or self._place_of(obj, geographic_only=False)
        for child in noun.children:
            if named is None and child.dep_ in ("poss", "compound") and child.pos_ == "PROPN":
                named = self.lookup(child.text, context)
        for child in noun.children:
            if named is None and child.dep_ == "amod":
                named = self.country_of_demonym(child.text)
        if named is None:
            return None
        if word in BORDER_NOUNS and named.precision == "country":
            return self.border(named)
        if word in CAPITAL_NOUNS and named.precision == "country" and named.country is not None:
            return self.capital(named.country)
        return named


# ---------------------------------------------------------------------------------------------- context


WATER_WORDS = frozenset({"Sea", "Ocean", "Gulf", "Strait", "Straits", "Bay", "Channel", "Lake"})


def _is_full_personal_name(token: Token) -> bool:
    """ "Lloyd Austin" is a person; a lone "Kherson" that the small model calls a PERSON is usually a town."""
    if token.ent_type_ != "PERSON":
        return False
    ent = entity_at(token)
    return ent is not None and len(ent) > 1


def _context_of(gazetteer: Gazetteer, token: Token) -> PlaceContext:
    """What the token's sentence and article name, computed once per sentence and kept on the Doc."""
    doc = token.doc
    cache_key = f"tocsin.places.context.{id(gazetteer)}"
    cached: tuple[dict[int, PlaceContext], frozenset[str]] | None = doc.user_data.get(cache_key)
    if cached is None:
        cached = doc.user_data[cache_key] = ({}, _mentioned(gazetteer, entities(doc), ())[0])
    by_sentence, article_countries = cached
    sent = token.sent
    context = by_sentence.get(sent.start)
    if context is None:
        countries, regions = _mentioned(gazetteer, entities_in(sent), sent)
        context = by_sentence[sent.start] = PlaceContext(countries, article_countries, regions)
    return context


def _mentioned(gazetteer: Gazetteer, ents: Iterable[Span],
               tokens: Iterable[Token]) -> tuple[frozenset[str], frozenset[str]]:
    """Countries (ISO3) and regions named by the entities and proper nouns given."""
    countries: set[str] = set()
    regions: set[str] = set()
    texts = [e.text for e in ents if e.label_ in ("GPE", "LOC", "NORP")]
    texts += [t.text for t in tokens if t.pos_ in ("PROPN", "ADJ") and t.text[:1].isupper()]
    for text in texts:
        place = gazetteer.country_of_demonym(text)
        if place is None:
            found = gazetteer.candidates(text)
            place = found[0] if found else None
        if place is None or place.precision == "city" or place.country is None:
            continue
        countries.add(place.country)
        if place.precision == "admin1" and place.admin1 is not None:
            regions.add(f"{place.country}/{place.admin1}")
    return frozenset(countries), frozenset(regions)


# ---------------------------------------------------------------------------------------------- loading


_SECTIONS = ("places", "names", "demonyms", "capitals")


def read_gazetteer(payload: bytes, source: str = _RESOURCE) -> Gazetteer:
    """Parse a gazetteer file: gzip'd UTF-8, a comment header, then tab-separated sections each opened by an
    ``@name`` line (see scripts/build_gazetteer.py). Splitting is left to C-level str methods: the names section
    alone has over 200,000 lines, and a Python loop over them would dominate start-up."""
    try:
        text = gzip.decompress(payload).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"unreadable gazetteer: {exc}", path=source) from exc
    if not text.startswith(f"# tocsin gazetteer, format {FORMAT_VERSION}."):
        raise DictionaryError(f"not a tocsin gazetteer of format {FORMAT_VERSION}", path=source, line=1)
    blocks: dict[str, tuple[int, str]] = {}  # section -> (offset of its first row, its rows)
    for section in _SECTIONS:
        marker = text.find(f"\n@{section}\t")
        if marker < 0:
            raise DictionaryError(f"gazetteer lacks the @{section} section", path=source)
        start = text.index("\n", marker + 1) + 1
        end = text.find("\n@", start)
        blocks[section] = (start, text[start:] if end < 0 else text[start:end + 1])

    def pairs(section: str) -> dict[str, str]:
        start, block = blocks[section]
        fields = block.rstrip("\n").replace("\t", "\n").split("\n") if block.strip() else []
        if len(fields) % 2 or block.count("\t") * 2 != len(fields):
            bad = next((i for i, line in enumerate(block.split("\n")) if line and line.count("\t") != 1), 0)
            line = text.count("\n", 0, start) + 1 + bad
            raise DictionaryError("expected 'key<TAB>value'", path=source, line=line, field=section)
        return dict(zip(fields[::2], fields[1::2], strict=True))

    places_start, place_block = blocks["places"]
    first_row_line = text.count("\n", 0, places_start) + 1
    rows = place_block.rstrip("\n").split("\n")
    try:
        demonyms = {k: int(v) for k, v in pairs("demonyms").items()}
        capitals = {k: int(v) for k, v in pairs("capitals").items()}
    except ValueError as exc:
        raise DictionaryError(f"bad row number: {exc}", path=source) from exc
    return Gazetteer(rows, pairs("names"), demonyms, capitals, source=source, first_row_line=first_row_line)


def gazetteer_from_file(path: str | Path) -> Gazetteer:
    try:
        payload = Path(path).read_bytes()
    except OSError as exc:
        raise DictionaryError(f"cannot read gazetteer: {exc.strerror}", path=str(path)) from exc
    return read_gazetteer(payload, str(path))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    resource = resources.files("tocsin") / "data" / _RESOURCE
    try:
        payload = resource.read_bytes()
    except OSError as exc:
        raise DictionaryError(f"packaged gazetteer missing: {exc}", path=_RESOURCE) from exc
    return read_gazetteer(payload, f"tocsin/data/{_RESOURCE}")
