"""The package's actor dictionary data (actors.yaml, agents.yaml): schema, well-formed codes, dates,
unambiguous phrases and coverage of the actors the reference article and its period need."""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from datetime import date
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tocsin" / "data"
REFERENCE = ROOT.parent / "shared" / "reference"
SEED_DATE = date(2022, 1, 18)

ISO3 = re.compile(r"[A-Z]{3}")
SECTOR = re.compile(r"[A-Z]{3}")
NON_STATE_PREFIXES = ("IGO", "NGO", "IMG")


@cache
def actors() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "actors.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def agents() -> dict[str, list[str]]:
    data = yaml.safe_load((DATA / "agents.yaml").read_text("utf-8"))
    assert isinstance(data, dict) and set(data) == {"agents"}
    result = data["agents"]
    assert isinstance(result, dict)
    return result


def countries() -> list[dict[str, Any]]:
    return list(actors()["countries"])


def organizations() -> list[dict[str, Any]]:
    return list(actors()["organizations"])


def people() -> list[dict[str, Any]]:
    return list(actors()["people"])


def country_codes() -> set[str]:
    return {c["code"] for c in countries()}


def sectors() -> set[str]:
    return set(agents())


def country_phrases() -> dict[str, set[str]]:
    """Case-folded phrase -> country codes it is listed under."""
    owners: dict[str, set[str]] = defaultdict(set)
    for country in countries():
        for key in ("names", "demonyms", "seats"):
            for phrase in country[key]:
                owners[phrase.casefold()].add(country["code"])
    return owners


def org_phrases() -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for org in organizations():
        for phrase in org["names"]:
            owners[phrase.casefold()].add(org["code"])
    return owners


def person(name: str) -> dict[str, Any]:
    matches = [p for p in people() if p["name"] == name]
    assert len(matches) == 1, f"{name}: {len(matches)} entries"
    return matches[0]


def active_role(entry: dict[str, Any], on: date) -> dict[str, Any] | None:
    roles: list[dict[str, Any]] = entry["roles"]
    for role in roles:
        start, end = role["from"], role["until"]
        if (start is None or start <= on) and (end is None or on <= end):
            return role
    return None


def split_sectors(rest: str) -> list[str]:
    return [rest[i:i + 3] for i in range(0, len(rest), 3)]


# ------------------------------------------------------------------------------------------------ schema

def test_top_level_sections() -> None:
    assert set(actors()) == {"countries", "organizations", "people"}
    for key in ("countries", "organizations", "people"):
        assert isinstance(actors()[key], list) and actors()[key], key


def _is_phrase_list(value: object, allow_empty: bool = True) -> bool:
    return (isinstance(value, list) and (allow_empty or bool(value))
            and all(isinstance(v, str) and v == v.strip() and v for v in value))


def test_country_schema() -> None:
    seen: set[str] = set()
    for country in countries():
        assert set(country) == {"code", "names", "demonyms", "seats"}, country
        assert isinstance(country["code"], str) and ISO3.fullmatch(country["code"]), country
        assert country["code"] not in seen, f"duplicate country {country['code']}"
        seen.add(country["code"])
        assert _is_phrase_list(country["names"], allow_empty=False), country
        assert _is_phrase_list(country["demonyms"]) and _is_phrase_list(country["seats"]), country


CAMEO_REGIONS = frozenset({"WST"})


def test_organization_schema_and_codes() -> None:
    for org in organizations():
        assert set(org) == {"code", "names", "country"}, org
        code, country = org["code"], org["country"]
        assert isinstance(code, str) and re.fullmatch(r"[A-Z]{3,}", code), org
        assert _is_phrase_list(org["names"], allow_empty=False), org
        if country is None:
            # CAMEO region codes ("WST", the West) are actors without a country, like international bodies
            assert code.startswith(NON_STATE_PREFIXES) or code in CAMEO_REGIONS, \
                f"{code}: a national group needs its country"
        else:
            # a national group is its country plus sector codes: Hamas is PSE + REB
            assert country in country_codes(), org
            assert code.startswith(country) and len(code) > 3 and len(code) % 3 == 0, org
            assert all(s in sectors() for s in split_sectors(code[3:])), org


def test_people_schema() -> None:
    names: set[str] = set()
    for entry in people():
        assert set(entry) == {"name", "aliases", "roles"}, entry
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"], entry
        assert entry["name"] not in names, f"duplicate person {entry['name']}"
        names.add(entry["name"])
        assert _is_phrase_list(entry["aliases"]), entry
        own = [entry["name"], *entry["aliases"]]
        assert len({a.casefold() for a in own}) == len(own), f"repeated alias in {entry['name']}"
        assert isinstance(entry["roles"], list) and entry["roles"], entry
        for role in entry["roles"]:
            assert set(role) == {"code", "title", "from", "until"}, role
            assert isinstance(role["title"], str) and role["title"] == role["title"].lower(), role


def test_role_codes_are_a_country_or_igo_plus_optional_sector() -> None:
    igo_codes = {o["code"] for o in organizations() if o["code"].startswith("IGO")}
    for entry in people():
        for role in entry["roles"]:
            code = role["code"]
            if code.startswith("IGO"):
                base = max((c for c in igo_codes if code.startswith(c)), key=len, default=None)
                assert base is not None, f"{entry['name']}: unknown IGO code {code}"
                rest = code[len(base):]
            else:
                assert code[:3] in country_codes(), f"{entry['name']}: unknown country in {code}"
                rest = code[3:]
            assert len(rest) in (0, 3) and (not rest or rest in sectors()), f"{entry['name']}: {code}"


def test_dates_parse_and_are_ordered() -> None:
    for entry in people():
        for role in entry["roles"]:
            start, end = role["from"], role["until"]
            for value in (start, end):
                # unquoted ISO dates load as datetime.date; anything else is a typo
                assert value is None or type(value) is date, f"{entry['name']}: bad date {value!r}"
            if start is not None and end is not None:
                assert start <= end, f"{entry['name']}: {role}"
            assert start is None or start >= date(1950, 1, 1), f"{entry['name']}: {role}"


def test_a_persons_roles_with_the_same_code_do_not_overlap() -> None:
    # consecutive roles may share the handover day (until == next from)
    for entry in people():
        by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for role in entry["roles"]:
            by_code[role["code"]].append(role)
        for code, roles in by_code.items():
            for a, b in combinations(roles, 2):
                a_start, a_end = a["from"] or date.min, a["until"] or date.max
                b_start, b_end = b["from"] or date.min, b["until"] or date.max
                assert not (a_start < b_end and b_start < a_end), f"{entry['name']} {code}: {a} / {b}"


# ------------------------------------------------------------------------------------------ ambiguity

def test_no_phrase_names_two_countries() -> None:
    clashes = {p: sorted(c) for p, c in country_phrases().items() if len(c) > 1}
    assert not clashes


def test_no_organisation_phrase_is_ambiguous_or_a_country_phrase() -> None:
    clashes = {p: sorted(c) for p, c in org_phrases().items() if len(c) > 1}
    assert not clashes
    shared = set(org_phrases()) & set(country_phrases())
    assert not shared


def test_person_names_are_not_country_or_organisation_phrases() -> None:
    taken = set(country_phrases()) | set(org_phrases())
    for entry in people():
        for alias in [entry["name"], *entry["aliases"]]:
            assert alias.casefold() not in taken, f"{entry['name']}: {alias!r}"


def test_shared_aliases_belong_to_people_whose_roles_never_overlap() -> None:
    owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in people():
        for alias in {a.casefold() for a in [entry["name"], *entry["aliases"]]}:
            owners[alias].append(entry)
    for alias, entries in owners.items():
        for a, b in combinations(entries, 2):
            for ra in a["roles"]:
                for rb in b["roles"]:
                    a_start, a_end = ra["from"] or date.min, ra["until"] or date.max
                    b_start, b_end = rb["from"] or date.min, rb["until"] or date.max
                    overlap = a_start <= b_end and b_start <= a_end
                    assert not overlap, f"{alias!r}: {a['name']} and {b['name']} both hold roles then"


def test_phrases_start_with_a_capital() -> None:
    # the loader only starts a match on a capitalised token ("turkey" the bird is not Turkey)
    phrases = [p for c in countries() for k in ("names", "demonyms", "seats") for p in c[k]]
    phrases += [p for o in organizations() for p in o["names"]]
    phrases += [p for e in people() for p in [e["name"], *e["aliases"]]]
    bad = [p for p in phrases if not (p[0].isupper() or p[0].isdigit())]
    assert not bad


def test_common_words_are_not_phrases() -> None:
    # ordinary English words that would fire in running text (sentence-initial capitals included)
    for word in ("island", "male", "may", "hunt", "pole", "english", "victoria", "hamilton", "is",
                 "the valley", "security council", "congress", "state"):
        assert word not in country_phrases(), word
        assert word not in org_phrases(), word
        assert all(word not in {a.casefold() for a in [e["name"], *e["aliases"]]} for e in people()), word


def test_brussels_is_belgium_not_the_eu() -> None:
    assert country_phrases()["brussels"] == {"BEL"}
    assert "brussels" not in org_phrases()


# ------------------------------------------------------------------------------------------------ coverage

def test_country_coverage() -> None:
    assert len(countries()) >= 240
    owners = country_phrases()
    expected = {
        "U.S.": "USA", "US": "USA", "America": "USA", "American": "USA", "Washington": "USA",
        "White House": "USA", "Pentagon": "USA", "State Department": "USA",
        "Britain": "GBR", "Great Britain": "GBR", "UK": "GBR", "British": "GBR", "London": "GBR",
        "Downing Street": "GBR", "Whitehall": "GBR",
        "Russia": "RUS", "Russian Federation": "RUS", "Russians": "RUS", "Moscow": "RUS", "Kremlin": "RUS",
        "Ukraine": "UKR", "Ukrainian": "UKR", "Kyiv": "UKR", "Kiev": "UKR", "Bankova": "UKR",
        "Belarus": "BLR", "Belarusian": "BLR", "Minsk": "BLR",
        "China": "CHN", "Chinese": "CHN", "Beijing": "CHN",
        "France": "FRA", "French": "FRA", "Paris": "FRA", "Elysee": "FRA", "Élysée": "FRA",
        "Germany": "DEU", "German": "DEU", "Berlin": "DEU",
        "Poland": "POL", "Polish": "POL", "Poles": "POL", "Warsaw": "POL",
        "Israel": "ISR", "Jerusalem": "ISR", "Palestinians": "PSE", "Palestine": "PSE", "Ramallah": "PSE",
        "Iran": "IRN", "Tehran": "IRN", "Turkey": "TUR", "Türkiye": "TUR", "Ankara": "TUR",
        "Japan": "JPN", "Japanese": "JPN", "Tokyo": "JPN",
        "Georgia": "GEO", "Jordan": "JOR", "Chad": "TCD", "Guinea": "GIN", "Lithuania": "LTU",
        "Brussels": "BEL", "Ivory Coast": "CIV", "Congolese": "COD", "Dominican": "DOM", "Kosovo": "XKX",
        "Greenland": "GRL", "Puerto Rico": "PRI", "Italy": "ITA", "Burma": "MMR",
    }
    wrong = {p: sorted(owners.get(p.casefold(), set())) for p, code in expected.items()
             if owners.get(p.casefold()) != {code}}
    assert not wrong


def test_required_organisations() -> None:
    owners = org_phrases()
    expected = {
        "United Nations": "IGOUNO", "UN": "IGOUNO", "UN Security Council": "IGOUNO",
        "European Union": "IGOEUREEC", "EU": "IGOEUREEC", "European Commission": "IGOEUREEC",
        "NATO": "IGOWSTNAT", "North Atlantic Treaty Organization": "IGOWSTNAT", "OSCE": "IGOEURSCE",
        "Council of Europe": "IGOEURCOE", "African Union": "IGOAFRAFU", "Arab League": "IGOMEAARL",
        "ASEAN": "IGOSEAASN", "G7": "IGOGOS", "G20": "IGOGTW", "IAEA": "IGOUNOIAE", "WHO": "IGOUNOHLHWHO",
        "IMF": "IGOBUSIMF", "World Bank": "IGOUNODEVWBK", "WTO": "IGOBUSWTO",
        "International Criminal Court": "IGOJUDICC", "UNHCR": "IGOUNOREFHCR",
        "Red Cross": "NGOHLHIRC", "Amnesty International": "NGOHRIAMN", "Human Rights Watch": "NGOHRI",
        "Doctors Without Borders": "NGOHLHMSF", "Médecins Sans Frontières": "NGOHLHMSF",
        "Hamas": "PSEREB", "Hezbollah": "LBNREB", "Taliban": "AFGREB", "Islamic State": "IMGMUSISI",
        "ISIS": "IMGMUSISI", "ISIL": "IMGMUSISI", "Al-Qaeda": "IMGMUSALQ", "Al-Shabaab": "SOMREB",
        "Boko Haram": "NGAREB", "Houthis": "YEMREB", "PKK": "TURREB", "Wagner Group": "RUSMIL",
    }
    wrong = {p: sorted(owners.get(p.casefold(), set())) for p, code in expected.items()
             if owners.get(p.casefold()) != {code}}
    assert not wrong


REQUIRED_ON_SEED_DATE = {
    "Vladimir Putin": "RUSGOV", "Sergey Lavrov": "RUSGOV", "Sergei Shoigu": "RUSGOV",
    "Volodymyr Zelensky": "UKRGOV", "Dmytro Kuleba": "UKRGOV", "Oleksii Reznikov": "UKRGOV",
    "Alexander Lukashenko": "BLRGOV", "Joe Biden": "USAGOV", "Antony Blinken": "USAGOV",
    "Lloyd Austin": "USAGOV", "Boris Johnson": "GBRGOV", "Liz Truss": "GBRGOV", "Ben Wallace": "GBRGOV",
    "Emmanuel Macron": "FRAGOV", "Jean-Yves Le Drian": "FRAGOV", "Olaf Scholz": "DEUGOV",
    "Annalena Baerbock": "DEUGOV", "Christine Lambrecht": "DEUGOV", "Andrzej Duda": "POLGOV",
    "Mateusz Morawiecki": "POLGOV", "Xi Jinping": "CHNGOV", "Wang Yi": "CHNGOV",
    "Josep Borrell": "IGOEUREEC", "Jens Stoltenberg": "IGOWSTNAT", "António Guterres": "IGOUNO",
    "Ursula von der Leyen": "IGOEUREEC", "Dmitry Peskov": "RUSGOV", "Valery Gerasimov": "RUSMIL",
}


@pytest.mark.parametrize(("name", "code"), sorted(REQUIRED_ON_SEED_DATE.items()))
def test_required_people_hold_their_role_on_the_seed_date(name: str, code: str) -> None:
    role = active_role(person(name), SEED_DATE)
    assert role is not None and role["code"] == code, role


@pytest.mark.parametrize(("alias", "name"), [
    ("Zelenskyy", "Volodymyr Zelensky"), ("Zelenskiy", "Volodymyr Zelensky"),
    ("Lukashenka", "Alexander Lukashenko"), ("Sergei Lavrov", "Sergey Lavrov"),
    ("Le Drian", "Jean-Yves Le Drian"), ("Leyen", "Ursula von der Leyen"),
    ("Tony Blinken", "Antony Blinken"), ("Xi", "Xi Jinping"), ("Wallace", "Ben Wallace"),
])
def test_common_spellings_are_aliases(alias: str, name: str) -> None:
    assert alias in person(name)["aliases"]


@pytest.mark.parametrize(("name", "on", "code"), [
    ("Petro Poroshenko", date(2018, 6, 1), "UKRGOV"),
    ("Petro Poroshenko", date(2020, 6, 1), "UKROPP"),
    ("Olaf Scholz", date(2021, 1, 1), "DEUGOV"),
    ("Donald Tusk", date(2016, 1, 1), "IGOEUREEC"),
    ("Donald Tusk", date(2024, 1, 1), "POLGOV"),
    ("Boris Johnson", date(2017, 1, 1), "GBRGOV"),
    ("Ursula von der Leyen", date(2018, 1, 1), "DEUGOV"),
    ("Mark Rutte", date(2025, 1, 1), "IGOWSTNAT"),
])
def test_roles_change_with_the_date(name: str, on: date, code: str) -> None:
    role = active_role(person(name), on)
    assert role is not None and role["code"] == code


def test_office_holders_are_not_active_outside_their_terms() -> None:
    assert active_role(person("Boris Johnson"), date(2023, 1, 1)) is None
    assert active_role(person("Christine Lambrecht"), date(2023, 6, 1)) is None


# --------------------------------------------------------------------------------------------------- agents

def test_agent_schema() -> None:
    seen: dict[str, str] = {}
    for sector, nouns in agents().items():
        assert isinstance(sector, str) and SECTOR.fullmatch(sector), sector
        assert isinstance(nouns, list) and nouns, sector
        for noun in nouns:
            assert isinstance(noun, str) and noun == noun.strip().lower() and noun, (sector, noun)
            assert "  " not in noun and "_" not in noun, noun
            assert noun not in seen, f"{noun!r} in {seen.get(noun)} and {sector}"
            seen[noun] = sector


def test_agent_nouns_are_singular_lemmas() -> None:
    nouns = {n for ns in agents().values() for n in ns}
    # a plural whose singular is also listed means the plural is redundant (lemmas are singular)
    plurals = {n for n in nouns if n.endswith("s") and n[:-1] in nouns}
    assert not plurals
    for plural in ("troops", "soldiers", "forces", "authorities", "officials", "rebels", "separatists"):
        assert plural not in nouns


@pytest.mark.parametrize(("noun", "sector"), [
    ("government", "GOV"), ("minister", "GOV"), ("foreign minister", "GOV"), ("president", "GOV"),
    ("prime minister", "GOV"), ("chancellor", "GOV"), ("official", "GOV"), ("ministry", "GOV"),
    ("diplomat", "GOV"), ("ambassador", "GOV"), ("envoy", "GOV"), ("leader", "GOV"),
    ("soldier", "MIL"), ("troop", "MIL"), ("army", "MIL"), ("military", "MIL"), ("navy", "MIL"),
    ("air force", "MIL"), ("unit", "MIL"), ("general", "MIL"),
    ("separatist", "REB"), ("rebel", "REB"), ("insurgent", "REB"), ("militant", "REB"), ("guerrilla", "REB"),
    ("senator", "LEG"), ("parliament", "LEG"), ("lawmaker", "LEG"), ("legislator", "LEG"),
    ("police", "COP"), ("judge", "JUD"), ("journalist", "JRN"), ("doctor", "MED"), ("refugee", "REF"),
    ("protester", "CVL"), ("civilian", "CVL"), ("opposition", "OPP"), ("spy", "SPY"),
])
def test_core_agent_nouns(noun: str, sector: str) -> None:
    assert noun in agents()[sector]


def test_words_handled_elsewhere_or_too_common_are_not_agents() -> None:
    nouns = {n for ns in agents().values() for n in ns}
    for word in ("counterpart", "state", "power", "city", "actor", "chamber", "carrier", "deputy"):
        assert word not in nouns, word


# ------------------------------------------------------------------------------------ generated blocks

def _build_module() -> Any:
    path = ROOT / "scripts" / "build_actor_data.py"
    spec = importlib.util.spec_from_file_location("build_actor_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs ../shared/reference")
def test_generated_blocks_match_the_generator() -> None:
    # the committed countries block and agents.yaml must be what the script produces (no hand edits)
    pytest.importorskip("countryinfo")
    build = _build_module()
    assert build.build_countries(REFERENCE) == countries()
    assert build.build_agents(REFERENCE) == agents()
