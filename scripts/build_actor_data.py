"""Build the generated parts of tocsin's actor dictionary (a development tool, never run by users).

* the ``countries:`` block of ``src/tocsin/data/actors.yaml`` (between the BEGIN/END GENERATED markers), from
  NGEC's country table (MIT) and the ``countryinfo`` package (MIT), plus the hand-curated news forms below;
* all of ``src/tocsin/data/agents.yaml``, from PLOVER's agent dictionary (MIT, Open Event Data Alliance), with
  its sectors mapped to the codes tocsin emits and its noise removed.

The organizations and people in actors.yaml are written by hand and left untouched. The output is committed;
the runtime reads only the YAML and never imports countryinfo.

    python scripts/build_actor_data.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tocsin" / "data"
BEGIN = "# --- BEGIN GENERATED COUNTRIES (scripts/build_actor_data.py; edit the script, not this block) ---"
END = "# --- END GENERATED COUNTRIES ---"

# ------------------------------------------------------------------------------------------------ countries

# Codes that countryinfo carries but that are not current ISO 3166-1 entities (or duplicate another entry).
SKIP_CODES = {"ANT", "SCG"}
# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code used by the EU, IMF and NGEC.
EXTRA_CODES = {"XKX"}

# Preferred first (canonical) name where the sources' primary name is not the usual English news form.
CANONICAL = {
    "BHS": "Bahamas", "CIV": "Ivory Coast", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CZE": "Czech Republic", "FSM": "Micronesia", "GMB": "Gambia",
    "HKG": "Hong Kong", "MAF": "Saint Martin", "MKD": "North Macedonia", "MMR": "Myanmar",
    "PSE": "Palestine", "SWZ": "Eswatini", "SXM": "Sint Maarten", "TLS": "East Timor", "VAT": "Vatican City",
    "VGB": "British Virgin Islands", "VIR": "U.S. Virgin Islands", "STP": "Sao Tome and Principe",
    "CPV": "Cape Verde", "BES": "Caribbean Netherlands",
}

# Common news forms, old names and short forms, added by hand (CAMEO/Phoenix practice and wire style).
EXTRA_NAMES: dict[str, list[str]] = {
    "USA": ["United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales",
            "Northern Ireland"],
    "RUS": ["Russia", "Russian Federation"],
    "UKR": ["Ukraine"],
    "BLR": ["Belarus", "Belorussia", "Byelorussia"],
    "CHN": ["China", "PRC", "People's Republic of China", "Mainland China"],
    "FRA": ["France"],
    "DEU": ["Germany"],
    "POL": ["Poland"],
    "ISR": ["Israel"],
    "PSE": ["Palestine", "State of Palestine", "Palestinian Territories", "West Bank", "Gaza Strip", "Gaza"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "JPN": ["Japan"],
    "KOR": ["South Korea", "Republic of Korea", "ROK"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "TWN": ["Taiwan", "Republic of China"],
    "SYR": ["Syria"],
    "ARE": ["United Arab Emirates", "UAE", "U.A.E."],
    "COD": ["Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Republic of Congo", "Congo-Brazzaville", "Congo"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "CZE": ["Czechia"],
    "MKD": ["Macedonia", "Republic of North Macedonia", "FYROM"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "VAT": ["Holy See", "Vatican"],
    "TLS": ["Timor-Leste"],
    "CPV": ["Cabo Verde"],
    "MDA": ["Moldova"],
    "LAO": ["Laos", "Lao PDR"],
    "KGZ": ["Kyrgyzstan"],
    "GMB": ["The Gambia"],
    "BHS": ["The Bahamas"],
    "NLD": ["Netherlands", "The Netherlands", "Holland"],
    "STP": ["São Tomé and Príncipe"],
    "KNA": ["St. Kitts and Nevis", "Saint Kitts"],
    "VCT": ["St. Vincent and the Grenadines"],
    "VGB": ["British Virgin Islands"],
    "LCA": ["St. Lucia"],
    "VIR": ["US Virgin Islands", "Virgin Islands of the United States"],
    "FLK": ["Falklands", "Malvinas"],
    "CCK": ["Cocos Islands"],
    "MAC": ["Macao"],
    "BES": ["Bonaire", "Sint Eustatius", "Saba", "Bonaire, Sint Eustatius and Saba"],
    "SJM": ["Svalbard", "Jan Mayen"],
    "UMI": ["U.S. Minor Outlying Islands"],
    "XKX": ["Kosovo", "Republic of Kosovo"],
    "ESH": ["Western Sahara"],
    "ALA": ["Aland Islands"],
}
EXTRA_DEMONYMS: dict[str, list[str]] = {
    "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons", "Brits", "Scottish", "Scots", "Welsh", "Northern Irish"],
    "BLR": ["Belarusian", "Belarusians", "Belarussian", "Belarussians", "Byelorussian"],
    "FRA": ["French", "Frenchman", "Frenchmen", "Frenchwoman"],
    "DEU": ["German", "Germans"],
    "POL": ["Polish", "Poles"],
    "NER": ["Nigerien", "Nigeriens"],
    "ESH": ["Sahrawi", "Sahrawis"],
    "SSD": ["South Sudanese", "Dinka", "Nuer"],
    "KEN": ["Kenyans", "Kikuyu", "Kalenjin"],
    "TON": ["Tongans"],
    "BHS": ["Bahamians"],
    "GRL": ["Greenlander", "Greenlanders"],
    "FRO": ["Faroese"],
    "PRI": ["Puerto Ricans"],
    "GUM": ["Guamanians"],
    "ASM": ["American Samoans"],
    "NCL": ["New Caledonians"],
    "PYF": ["French Polynesians"],
    "GIB": ["Gibraltarian", "Gibraltarians"],
    "FLK": ["Falklander", "Falklanders", "Falkland Islanders"],
    "CYM": ["Caymanians"],
    "BMU": ["Bermudians"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    # Peoples living (almost) only in one state code as that state, as nationalities do; where they live
    # elsewhere the phrase says so and the residence rule in actors/resolver.py takes that country ("Tamils in
    # India"). Peoples spread over several states (Kurds, Pashtuns, Hutus, Tuareg) are left out on purpose.
    "NGA": ["Yoruba", "Yorubas", "Igbo", "Igbos", "Ibo", "Ibos", "Hausa", "Hausas", "Ijaw", "Ogoni"],
    "ZWE": ["Shona", "Ndebele"],
    "ZAF": ["Zulu", "Zulus", "Xhosa", "Afrikaner", "Afrikaners"],
    "ETH": ["Amhara", "Oromo", "Oromos", "Tigrayan", "Tigrayans"],
    "SDN": ["Darfuri", "Darfuris", "Zaghawa", "Masalit"],
    "CHN": ["Uighur", "Uighurs", "Uyghur", "Uyghurs", "Tibetan", "Tibetans"],
    "RUS": ["Chechen", "Chechens", "Ingush", "Dagestani", "Dagestanis"],
    "GEO": ["Abkhaz", "Abkhazian", "Abkhazians", "Ossetian", "Ossetians"],
    "MMR": ["Rohingya", "Rohingyas", "Kachin"],
    "LKA": ["Sinhalese"],
    "ESP": ["Basque", "Basques", "Catalan", "Catalans"],
    "BEL": ["Flemish", "Walloon", "Walloons"],
    "EGY": ["Copt", "Copts", "Coptic"],
    "IND": ["Sikh", "Sikhs"],
}
# Capitals and seat-of-government metonyms: they code as the country's government ("the Kremlin said").
EXTRA_SEATS: dict[str, list[str]] = {
    "USA": ["Washington", "Washington, D.C.", "White House", "Pentagon", "State Department"],
    "GBR": ["Downing Street", "Whitehall"],
    "RUS": ["Kremlin"],
    "UKR": ["Kiev", "Bankova"],
    "CHN": ["Zhongnanhai"],
    "FRA": ["Elysee", "Élysée", "Elysee Palace", "Élysée Palace", "Quai d'Orsay"],
    "IRN": ["Teheran"],
    "KAZ": ["Astana"],
    "MMR": ["Nay Pyi Taw", "Naypyitaw"],
    "BOL": ["La Paz"],
    "NLD": ["The Hague"],
    "MYS": ["Putrajaya"],
    "CHE": ["Berne"],
    "YEM": ["Sanaa"],
    "XKX": ["Pristina", "Prishtina"],
    "ESH": ["Laayoune"],
    "PSE": ["Ramallah"],
    "BES": ["Kralendijk"],
}
# Source strings that must not be dictionary phrases: ordinary English words or names that would fire in
# running text, forms that belong to another entity, and entries that two countries share.
DROP: dict[str, set[str]] = {
    "*": {"Nation of Brunei", "the Abode of Peace", "Pleasant Island", "Somers Isles", "Prathet"},
    "GBR": {"English"},  # the language, far more often than the people
    "ISL": {"Island"},
    "IMN": {"Mann", "Douglas"},
    "GUF": {"Guiana"},
    "DMA": {"Dominican", "Dominique"},  # "Dominican" is the Dominican Republic in news
    "COG": {"Congolese"},  # Congolese -> DR Congo (Phoenix practice)
    "HKG": {"Chinese", "City of Victoria"},
    "MAC": {"Chinese"},
    "MNP": {"American"},
    "SJM": {"Norwegian"},
    "IOT": {"Indian", "Diego Garcia"},
    "ATF": {"French"},
    "MTQ": {"French"},
    "MYT": {"French"},
    "REU": {"French", "Saint-Denis"},
    "SPM": {"French"},
    "GGY": {"Channel Islander"},
    "JEY": {"Channel Islander"},
    "PSE": {"Jerusalem"},  # Israel's seat; Palestinian institutions sit in Ramallah
    "NFK": {"Kingston"},  # Jamaica's capital
    "BES": {"Oranjestad", "The Bottom", "Kralendijk / Oranjestad / The Bottom"},
    "SYC": {"Victoria"},
    "BMU": {"Hamilton"},
    "FLK": {"Stanley", "Falkland Islands (Malvinas)"},
    "MSR": {"Plymouth"},
    "AIA": {"The Valley"},
    "SHN": {"Jamestown"},
    "CCK": {"West Island", "Territory of the Cocos (Keeling) Islands"},
    "POL": {"Pole"},  # North/South Pole
    "KOR": {"Korea, Republic of"},
}

# ASCII folds that are ordinary English words ("Malé" -> "Male").
ASCII_CLASH = {"Male"}

# NGEC folds dependencies into their sovereign's row; with ISO3 entries of their own they are routed there.
NGEC_ROUTE = {
    "Christmas Island": "CXR", "Christmas Islander": "CXR", "Christmas Islanders": "CXR",
    "Keeling Islands": "CCK", "Cocos [Keeling] Islands": "CCK", "Cocos Islander": "CCK",
    "Heard Island and McDonald Island": "HMD", "Heard and McDonald Islander": "HMD",
    "Norfolk Island": "NFK", "Norfolk Islander": "NFK",
    "Faroe Islands": "FRO", "Faroese": "FRO", "Faroe Islander": "FRO",
    "Greenland": "GRL", "Greenlandic": "GRL", "Greenlander": "GRL", "Greenlanders": "GRL",
    "Åland Islands": "ALA", "Åland Islander": "ALA",
    "French Guiana": "GUF", "French Polynesia": "PYF", "French Polynesian": "PYF",
    "French Polynesians": "PYF", "French Southern Territories": "ATF", "Guadeloupe": "GLP",
    "Guadeloupian": "GLP", "Guadeloupians": "GLP",
    "Martinique": "MTQ", "Mayotte": "MYT", "New Caledonia": "NCL", "New Caledonian": "NCL",
    "New Caledonians": "NCL", "Réunion": "REU", "Saint Barthélemy": "BLM", "Saint Martin": "MAF",
    "Saint Martin Islander": "MAF", "Saint Martin Islanders": "MAF", "Saint Pierre and Miquelon": "SPM",
    "Wallis and Futuna": "WLF", "Wallis and Futuna Islander": "WLF",
    "Western Sahara": "ESH", "Sahrawi": "ESH",
    "Aruba": "ABW", "Aruban": "ABW", "Arubans": "ABW", "Bonaire": "BES", "Sint Eustatius and Saba": "BES",
    "Curaçao": "CUW", "Curaçaoan": "CUW", "Curacao": "CUW", "Curacaoan": "CUW", "Sint Maarten": "SXM",
    "Niue": "NIU", "Niuean": "NIU", "Tokelau": "TKL", "Tokelauan": "TKL", "Cook Islands": "COK",
    "Cook Islander": "COK",
    "Bouvet Island": "BVT", "Bouvet Islanders": "BVT", "Svalbard and Jan Mayen": "SJM", "Svalbard": "SJM",
    "Anguilla": "AIA", "Anguillian": "AIA", "Anguillians": "AIA", "Bermuda": "BMU", "Bermudian": "BMU",
    "Bermudians": "BMU", "British Indian Ocean Territory": "IOT", "Cayman Islands": "CYM",
    "Cayman Islander": "CYM", "Caymanians": "CYM", "Caymanian": "CYM", "Falkland Islands": "FLK",
    "Falkland Islander": "FLK", "Falkland Islanders": "FLK", "Falklander": "FLK", "Falklanders": "FLK",
    "Falkland Islands (Malvinas)": "FLK", "Islas Malvinas": "FLK", "Gibraltar": "GIB", "Gibraltarian": "GIB",
    "Gibraltarians": "GIB", "Guernsey": "GGY", "Isle of Man": "IMN", "Manx": "IMN", "Montserrat": "MSR",
    "Montserratian": "MSR", "Pitcairn Islands": "PCN", "Pitcairn Islander": "PCN",
    "Pitcairn Islanders": "PCN",
    "Saint Helena": "SHN", "Saint Helenian": "SHN", "Saint Helenians": "SHN",
    "South Georgia and the South Sandwich Islands": "SGS", "Turks and Caicos Islands": "TCA",
    "Turks and Caicos Islander": "TCA", "British Virgin Islands": "VGB", "British Virgin Island": "VGB",
    "American Samoa": "ASM", "American Samoan": "ASM", "American Samoans": "ASM", "Guam": "GUM",
    "Guamanian": "GUM", "Guamanians": "GUM", "Northern Mariana Islands": "MNP", "Puerto Rico": "PRI",
    "Puerto Rican": "PRI", "Puerto Ricans": "PRI", "United States Minor Outlying Islands": "UMI",
    "Virgin Islands (U.S.)": "VIR", "U.S. Virgin Islands": "VIR", "US Virgin Islands": "VIR",
    "Channel Islander": "", "Channel Islanders": "",  # Guernsey or Jersey: ambiguous, dropped
}
# NGEC "Nationality" tokens that are names of the country rather than demonyms.
NGEC_NAMES = {
    "Islamic Republic of Afghanistan", "Cabo Verde", "Cape Verde", "People's Republic of China",
    "Republic of the Congo", "Congo-Brazzaville", "Cote d'Ivoire", "Ivory Coast", "Côte d'Ivoire",
    "Czech Republic", "DRC", "DR Congo", "Zaire", "Hong Kong", "Islamic Republic of Iran",
    "Lao People's Democratic Republic", "Macedonia", "FYROM", "Myanmar", "DPRK", "Palestine",
    "São Tomé and Príncipe", "Saudi Arabia", "Swaziland", "Syrian Arab Republic", "Republic of China",
    "United Republic of Tanzania", "East Timor", "Vatican City", "England", "UK", "U.K.",
    "United Kingdom of Great Britain and Northern Ireland", "Britain", "Scotland", "Wales", "Great Britain",
    "US", "U.S.", "United States", "Isle of Man",
}
NGEC_NAME_FIX = {"Myanmar [Burma]": "Myanmar", "Hong Kong SAR China": "Hong Kong",
                 "Palestinian Territories": "Palestine"}

_OFFICIAL = re.compile(r"\b(Republic|Kingdom|State|States|Federation|Federal|Commonwealth|Principality|Duchy|"
                       r"Sultanate|Union|Confederation|Territory|Islands|Emirates|Democratic|Bailiwick)\b")
_FOREIGN = re.compile(r"\b(de|des|du|la|del|da|do|di|y|e|van|und)\b")
# YAML 1.1 reads these bare words as booleans or null; they must be quoted.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[^\W\d_][\w .'’()\-]*", re.UNICODE)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip()


def _plural(demonym: str) -> str | None:
    """Plural noun of an adjectival demonym, where English forms one ("Ivorian" -> "Ivorians")."""
    invariable = re.search(r"(ese|ish|ch|ss|sh|Kiribati|Vanuatu|Malagasy|Burkinabe)$", demonym)
    if " and " in demonym or demonym.endswith(("man", "men")) or invariable:
        return None
    if demonym == "Thai":
        return "Thais"
    if demonym.endswith(("an", "er", "i", "ot", "ard", "ak", "ek", "ene")):
        return demonym + "s"
    return None


def _countryinfo() -> dict[str, dict[str, list[str]]]:
    from countryinfo import all_countries

    merged: dict[str, dict[str, list[str]]] = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha3")
        if not code or code in SKIP_CODES or not info.get("name"):
            continue
        slot = merged.setdefault(code, {"names": [], "demonyms": [], "seats": []})
        slot["names"].append(str(info["name"]))
        for alt in info.get("altSpellings") or []:
            alt = _clean(str(alt))
            if (alt.isascii() and _OFFICIAL.search(alt) and not _FOREIGN.search(alt) and "," not in alt
                    and not alt.lower().startswith("the ")):
                slot["names"].append(alt)
        demonym = info.get("demonym")
        if isinstance(demonym, str) and demonym.strip():
            slot["demonyms"].extend(d.strip() for d in re.split(r"[,/]", demonym) if d.strip())
        capital = info.get("capital")
        capitals = capital if isinstance(capital, list) else [capital]
        slot["seats"].extend(str(c) for c in capitals if isinstance(c, str) and c.strip())
    return merged


def _ngec(reference: Path) -> dict[str, dict[str, list[str]]]:
    rows: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"names": [], "demonyms": []})
    with (reference / "plover_codebook" / "ngec_countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["CCA3"].strip()
            if len(code) != 3 or code in ("EUR", "UNO"):  # the EU and UN are organisations here
                continue
            name = NGEC_NAME_FIX.get(row["Name"], row["Name"])
            rows[code]["names"].insert(0, _clean(name))
            for token in (_clean(t) for t in row["Nationality"].split(",")):
                if not token:
                    continue
                target = NGEC_ROUTE.get(token, code)
                if not target:
                    continue
                routed_name = token in NGEC_ROUTE and not re.search(r"(ans?|ese|ers?|ic|i|x)$", token)
                kind = "names" if token in NGEC_NAMES or routed_name else "demonyms"
                rows[target][kind].append(token)
    return rows


def build_countries(reference: Path) -> list[dict[str, Any]]:
    info = _countryinfo()
    ngec = _ngec(reference)
    codes = sorted((set(info) | set(ngec) | EXTRA_CODES) - SKIP_CODES)
    countries: list[dict[str, Any]] = []
    for code in codes:
        ci = info.get(code, {})
        ng = ngec.get(code, {"names": [], "demonyms": []})
        drop = DROP.get(code, set()) | DROP["*"]

        def keep(values: list[str], drop: set[str] = drop) -> list[str]:
            out: list[str] = []
            for value in (_clean(v) for v in values):
                if value and value not in drop and value not in out:
                    out.append(value)
            return out

        first = [CANONICAL[code]] if code in CANONICAL else []
        # Sourced names with commas or brackets are catalogue forms ("Virgin Islands, U.S.",
        # "Saint Martin (French part)"), not what news text says.
        sourced = [n for n in list(ng["names"]) + list(ci.get("names", [])) if not re.search(r"[,(\[]", n)]
        names = keep(first + EXTRA_NAMES.get(code, []) + sourced)
        demonyms_raw = list(ng["demonyms"]) + list(ci.get("demonyms", [])) + EXTRA_DEMONYMS.get(code, [])
        demonyms = keep(demonyms_raw)
        for demonym in list(demonyms):
            plural = _plural(demonym)
            if plural and plural not in demonyms and plural not in drop:
                demonyms.append(plural)
        demonyms = [d for d in demonyms if d not in names]
        seats = [s for s in keep(list(ci.get("seats", [])) + EXTRA_SEATS.get(code, [])) if s not in names]
        for values in (names, seats):  # ASCII spelling beside the accented one ("Bogotá" -> "Bogota")
            for value in list(values):
                plain = _ascii(value)
                if plain != value and plain not in values and plain not in drop and plain not in ASCII_CLASH:
                    values.append(plain)
        entry: dict[str, Any] = {"code": code, "names": names, "demonyms": demonyms, "seats": seats}
        countries.append(entry)
    _check_unique(countries)
    return countries


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _check_unique(countries: list[dict[str, Any]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for country in countries:
        for key in ("names", "demonyms", "seats"):
            values = country[key]
            assert isinstance(values, list)
            for value in values:
                owners[value.casefold()].add(str(country["code"]))
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    if clashes:
        raise SystemExit(f"phrases shared by several countries (add them to DROP): {clashes}")


def _scalar(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def render_countries(countries: list[dict[str, Any]]) -> str:
    lines = [BEGIN, "countries:"]
    for country in countries:
        lines.append(f"  - code: {country['code']}")
        for key in ("names", "demonyms", "seats"):
            values = country[key]
            assert isinstance(values, list)
            lines.append(f"    {key}: {_flow(values)}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_countries(reference: Path) -> int:
    countries = build_countries(reference)
    block = render_countries(countries)
    if yaml.safe_load(block)["countries"] != countries:  # the emitter must round-trip exactly
        raise SystemExit("YAML rendering of countries does not round-trip")
    path = DATA / "actors.yaml"
    text = path.read_text("utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        raise SystemExit(f"{path}: generated-block markers not found")
    path.write_text(text[:start] + block + text[end + len(END) + 1:], "utf-8")
    return len(countries)


# --------------------------------------------------------------------------------------------------- agents

# PLOVER sector (after the "~") -> the sector tocsin emits. PLOVER's own conventions are kept (MED = medical,
# JRN = journalists, as in the PLOVER gold standard); compound codes collapse to the role a news reader
# would give the noun. Sectors absent here (JNK natural disasters, NON regions/weekdays, UNK) are dropped.
SECTOR_MAP = {
    "GOV": "GOV", "GOVMIL": "GOV", "GOVBUS": "GOV", "GOVAGR": "GOV", "GOVMED": "GOV", "GOVJRN": "GOV",
    "GOVEDU": "GOV", "GOVLAB": "GOV", "GOVREL": "GOV", "GOVPTY": "GOV", "GOVCOP": "GOV", "GOVJUD": "JUD",
    "GOVSPY": "SPY",
    "MIL": "MIL", "MILGOV": "MIL", "MILCOP": "MIL", "MILMED": "MIL", "MILSPY": "SPY", "MILJUD": "JUD",
    "REB": "REB", "REBREL": "REB", "REBEDU": "REB", "RELREB": "REB", "PRE": "REB",
    "UAF": "UAF", "UAFREL": "UAF", "RELUAF": "UAF", "UAFOPP": "REB",
    "CRM": "CRM", "REL": "REL", "RELMED": "MED", "RELEDU": "REL", "CVL": "CVL", "BUS": "BUS", "BUSAGR": "BUS",
    "BUSMIL": "BUS", "LEG": "LEG", "JUD": "JUD", "JUDREL": "JUD", "COP": "COP", "MED": "MED", "JRN": "JRN",
    "EDU": "EDU", "SPY": "SPY", "AGR": "AGR", "PTY": "PTY", "PTYOPP": "OPP", "LAB": "LAB", "NGO": "NGO",
    "ELI": "ELI", "ELIOPP": "OPP", "REF": "REF", "SOC": "SOC", "SOCOPP": "OPP", "UNKOPP": "OPP", "IGO": "IGO",
    "PRM": "MIL",
    # PLOVER's "civilian opposition": opposition figures are OPP, street protest is civilian (PLOVER gold).
    "CVLOPP": "?", "CVLOPPEDU": "?", "CVLOPPJRN": "?", "CVLOPPMED": "?", "CVLOPPLAB": "?", "CVLOPPAGR": "?",
}
_OPPOSITION_WORDS = re.compile(
    r"opposition|dissident|dissenter|anti.government|exile|defector|turncoat|traitor")

# Nouns tocsin's news coding needs that PLOVER lacks, or whose PLOVER sector is overridden.
AGENT_ADDITIONS: dict[str, list[str]] = {
    "GOV": ["government", "minister", "ministry", "foreign minister", "defence minister",
            "defense minister", "foreign ministry", "defence ministry", "defense ministry",
            "foreign secretary", "defence secretary", "defense secretary", "prime minister", "president",
            "chancellor", "official", "leader", "cabinet", "diplomat", "ambassador", "envoy", "negotiator",
            "spokesman", "spokeswoman", "spokesperson", "press secretary", "head of state", "vice president",
            "deputy minister", "national security adviser", "interior minister", "finance minister",
            "authority", "emir", "sultan", "monarch", "premier", "foreign office", "state department",
            "home secretary"],
    "MIL": ["troop", "soldier", "army", "military", "armed force", "force", "general", "navy", "air force",
            "unit", "tank", "drone", "warplane", "warship", "paratrooper", "sailor", "conscript", "marine",
            "commander", "security force", "defence force", "defense force", "national guard", "lt. gen.",
            "maj. gen.", "brigade", "battalion", "artillery", "submarine", "fleet", "jet fighter",
            "fighter jet", "military officer", "serviceman", "servicewoman", "service member"],
    "REB": ["separatist", "rebel", "insurgent", "militant", "guerrilla", "guerilla", "jihadist", "terrorist",
            "secessionist", "breakaway region", "insurgency"],
    "LEG": ["senator", "parliament", "lawmaker", "legislator", "congress", "congressman", "congresswoman",
            "parliamentarian", "mp", "legislature", "senate", "duma", "rada", "sejm", "knesset",
            "bundestag"],
    "OPP": ["opposition", "opposition leader", "opposition party", "dissident"],
    "CVL": ["civilian", "resident", "protester", "protestor", "demonstrator", "activist", "citizen",
            "villager", "crowd"],
    "COP": ["police", "policeman", "policewoman", "police officer", "border guard", "riot police",
            "gendarme"],
    "SPY": ["intelligence", "intelligence service", "spy", "spy agency", "intelligence agency"],
    "JRN": ["journalist", "reporter", "media", "newspaper", "correspondent", "broadcaster"],
    "EDU": ["think tank", "student", "university", "professor", "analyst", "expert"],
    "IGO": ["peacekeeper", "peacekeeping force"],
    "UAF": ["militia", "militiaman", "gunman", "mercenary", "fighter", "combatant", "armed group"],
    "REF": ["refugee", "asylum seeker", "displaced person", "evacuee"],
    "MED": ["doctor", "nurse", "medic", "paramedic", "health worker", "hospital"],
}
# PLOVER lists these under two sectors; the choice made for news coding.
AGENT_CHOICE = {"civil society": "SOC", "armed force": "MIL", "assailant": "UAF", "looter": "CRM",
                "council of state": "GOV", "defense service": "MIL", "self defence force": "MIL",
                "self defense militia": "UAF", "private army": "UAF", "private security force": "UAF"}

# PLOVER entries left out: ordinary words that would fire in running text ("state", "power", "actor",
# "chamber", "carrier", "city"), places rather than actors, WordNet archaisms, dangling fragments and typos.
AGENT_DROP = {
    # ordinary words and ambiguous titles
    "state", "kingdom", "polity", "governance", "capital", "capital city", "sovereign", "semi-official",
    "public sector", "chief executive", "chief of staff", "director general", "pm", "power", "chamber",
    "assemblage", "delegate", "representative", "diet", "counsellor", "counselor", "counsel", "advocate",
    "deputy", "actor", "ordinary", "vip", "individual", "carrier", "naval", "echelon", "phalanx",
    "war machine", "military presence", "military led", "revolt", "uprising", "rebellion", "insurgence",
    "raider", "driver", "publication", "writer", "blog", "web site", "internet site", "telecom",
    "telecom consultant", "telecom firm", "communications org", "leading news", "prison", "prison house",
    "police post", "police station", "police district", "security check", "correctional institution",
    "suspicious person", "prisoner", "convict", "culprit", "perpetrator", "savage", "occupier",
    # places rather than actors
    "city", "town", "village", "province", "neighborhood", "neighbourhood", "settlement", "small town",
    "diplomatic building", "foreign diplomatic building", "presidential palace", "royal palace",
    "barrack", "military base", "naval base", "fighting position", "mortar position",
    "weapons storage facility", "schoolhouse", "kindergarden", "preschool",
    # WordNet archaisms and oddities
    "legate", "throne council", "potentate", "chancery", "consistory", "judicatory", "judicature", "pleader",
    "conveyancer", "stipendiary", "stipendiary magistrate", "lawgiver", "promulgator", "cutpurse",
    "larcener", "larcenist", "malefactor", "miscreant", "gaolbird", "jailbird", "jail bird", "rumrunner",
    "sea rover", "snitcher", "holdup man", "stickup man", "gangdom", "gangland", "sodbuster", "granger",
    "cropper", "tree hugger", "eco warrior", "mendicant", "recreant", "crusader", "objector", "privateer",
    "weekend warrior", "battlewagon", "capital ship", "tourer", "excursionist", "educatee", "monger",
    "bargainer", "oiler", "cabinetmaker", "waiter", "waitress", "nanny", "nursemaid", "medico", "doc",
    "naturalized", "non-native", "non-resident", "the poor", "rabble", "hebrew", "islamic", "jewish",
    "religion", "holy person", "fireperson", "dairyperson", "cattleperson", "herdsperson", "fisherperson",
    "generalissimo", "light colonel", "students and professor", "students and teacher", "science congress",
    "ministers and mp", "ministers of state", "soldiers and their family", "soldier with their family",
    "government troops and police", "kidnaper", "cyberdissident", "student army", "dissident soldier",
    "extremist soldier", "spokesman for the opposition", "power secretary", "chief's office",
    "control forces", "c in cof", "c in c of", "government regiment", "fuerzas especiales",
    # misspellings and fragments
    "constitutional monarcy", "high ranking offical", "palace offcial", "provincal office", "prime minster",
    "secretariate", "office of the unrepresentative", "ent affairs minister", "ent affairs ministry",
    "ngo minister", "ngo ministry", "ngos minister", "ngos ministry", "a cabinet meeting", "manafacture",
    "enterpreneur", "tinginist", "opthamologist", "sanatarium", "healthcare facilitiy", "muslem extremist",
    "moslem", "moslem cleric", "moslem settler", "moslem militant", "self-dfense force",
    "self-defense milita",
    "gendermarie", "brigaider", "traffiker", "privitization commission", "shadow govenment",
    "nongovernmenal organization", "nongovernmenal organisation", "kindergartner", "katushya", "kfir", "mig",
    "hmmwv", "lt. jg", "lieutenant jg", "1st lt.", "first lt.", "supreme people court", "assembly federale",
    "representative's council", "parliament house", "telecommunication board", "the court", "court supreme",
    "fuerzas especiale", "control force", "prisoner of war", "branokker", "maffia", "filmaker",
    "former ruling familiy", "poor", "state-owned", "inter-governmental", "intergovernmental",
    "military machine", "disputed region", "state prison", "counsellor-at-law", "court of chancery",
    "buddhist monastary", "catholic monastary", "christian monastary", "hindu monastary", "speaker",
    "top left leader", "top right leader", "conservative coalition", "left wing coalition",
    "right wing coalition", "majority party", "elected body", "medical man", "medical woman",
    "medical person", "secretary of civil", "newspaperperson", "policeperson", "serviceperson",
    "clergyperson",
    "buddhist clergyperson", "christian clergyperson", "hindu clergyperson", "congressperson",
}
_PREPOSITION_END = re.compile(r"\b(at|for|to|in|of|on|the|and)$")
_IRREGULAR = {
    "men": "man", "women": "woman", "people": "people", "children": "child", "police": "police",
    "forces": "force", "chiefs": "chief", "thieves": "thief", "seamen": "seaman", "hasidim": "hasidim",
    "midwive": "midwife", "conmen": "conman", "lawmen": "lawman", "gunmen": "gunman",
    "militiamen": "militiaman", "townspeople": "townspeople", "idps": "idp", "mps": "mp", "news": "news",
    "series": "series", "headquarters": "headquarters", "arms": "arms", "politics": "politics",
    "marines": "marine", "authorities": "authority",
}


def _singular(phrase: str) -> str:
    """Singular of the head noun: the last word, or the word before "of" ("members of parliament")."""
    words = phrase.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    head = words[at]
    if head in _IRREGULAR:
        words[at] = _IRREGULAR[head]
    elif head.endswith("ies") and len(head) > 4:
        words[at] = head[:-3] + "y"
    elif head.endswith(("sses", "shes", "ches", "xes")):
        words[at] = head[:-2]
    elif head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(head) > 3:
        words[at] = head[:-1]
    return " ".join(words)


# PLOVER stems that PETRARCH completed by prefix matching; tocsin matches whole lemmas.
_STEMS = {"authorit": "authority", "industr": "industry", "compan": "company"}


def _expand(noun: str) -> list[str]:
    """PLOVER substitution sets and the MINIST stem, expanded to concrete singular phrases."""
    out = [noun]
    if "!PERSON!" in noun:
        out = [noun.replace("!PERSON!", suffix) for suffix in ("MAN", "WOMAN", "PERSON")]
    if "!MINIST!" in noun:
        out = [n.replace("!MINIST!", s) for n in out for s in ("MINISTER", "MINISTRY")]
    if re.search(r"MINIST\b|MINIST_?$", noun) and "!MINIST!" not in noun:
        out = [re.sub(r"MINIST(?=$|_)", s, n) for n in out for s in ("MINISTER", "MINISTRY")]
    return out


def build_agents(reference: Path) -> dict[str, list[str]]:
    by_sector: dict[str, str] = {}
    conflicts: dict[str, set[str]] = defaultdict(set)
    path = reference / "plover_codebook" / "PLOVER_agents.txt"
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        match = re.match(r"(.+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]", line)
        if not match or line.startswith("!"):
            continue
        source_sector = match.group(2)
        sector = SECTOR_MAP.get(source_sector)
        if sector is None:
            continue
        for noun in _expand(match.group(1).strip()):
            phrase = re.sub(r"\s+", " ", noun.replace("_", " ").lower()).strip().strip(",")
            if phrase in AGENT_DROP:
                continue
            last = phrase.rsplit(" ", 1)[-1]
            if last in _STEMS:
                phrase = phrase[: len(phrase) - len(last)] + _STEMS[last]
            phrase = _singular(phrase)
            if phrase.startswith("the "):
                phrase = phrase[4:]
            if (not phrase or phrase in AGENT_DROP or _PREPOSITION_END.search(phrase) or "," in phrase
                    or len(phrase.split()) > 3 or re.search(r"\d|/|\(", phrase)):
                continue
            final = sector
            if sector == "?":
                final = "OPP" if _OPPOSITION_WORDS.search(phrase) else "CVL"
            if phrase in by_sector and by_sector[phrase] != final:
                conflicts[phrase].update({by_sector[phrase], final})
            by_sector.setdefault(phrase, final)
    for noun, sector in AGENT_CHOICE.items():
        conflicts.pop(noun, None)
        by_sector[noun] = sector
    for sector, nouns in AGENT_ADDITIONS.items():  # hand additions win over PLOVER's assignment
        for noun in nouns:
            conflicts.pop(noun, None)
            by_sector[noun] = sector
    unresolved = {k: sorted(v) for k, v in conflicts.items() if k in by_sector}
    if unresolved:
        raise SystemExit(f"agent nouns in several PLOVER sectors (add to AGENT_ADDITIONS): {unresolved}")
    grouped: dict[str, list[str]] = defaultdict(list)
    for noun, sector in by_sector.items():
        if noun not in AGENT_DROP or noun in AGENT_ADDITIONS.get(sector, []):
            grouped[sector].append(noun)
    return {sector: sorted(grouped[sector]) for sector in SECTOR_ORDER if grouped.get(sector)}


SECTOR_ORDER = ["GOV", "MIL", "REB", "LEG", "JUD", "COP", "OPP", "PTY", "SPY", "UAF", "CVL", "BUS", "JRN",
                "MED", "EDU", "REL", "LAB", "AGR", "CRM", "REF", "ELI", "NGO", "SOC", "IGO"]

AGENTS_HEADER = """\
# tocsin agent nouns: lower-case singular lemmas (multiword allowed) -> the sector they give an actor
# ("Russian troops" -> RUS + MIL). Generated by scripts/build_actor_data.py; edit the script, not this file.
#
# Derived from PLOVER_agents.txt (ahalterman/NGEC, after the CAMEO/PETRARCH agents dictionary),
# Copyright (c) 2014 Open Event Data Alliance, MIT licence; with tocsin's own additions and removals.
#
# Sector codes follow PLOVER (as in the PLOVER gold standard):
#   GOV government and diplomacy   MIL state military       REB rebels, separatists, militants
#   LEG legislature                JUD judiciary            COP police, border guards
#   OPP political opposition       PTY political parties    SPY intelligence services
#   UAF unaligned armed groups     CVL civilians, protesters BUS business
#   JRN journalists and media      MED medical workers      EDU education, experts
#   REL religion                   LAB labour               AGR agriculture
#   CRM criminals                  REF refugees             ELI elites, former office holders
#   NGO non-governmental groups    SOC social movements     IGO international-organisation staff
# "counterpart" is deliberately absent: its sector is taken from the person it mirrors, in code.
"""


def write_agents(reference: Path) -> int:
    agents = build_agents(reference)
    lines = [AGENTS_HEADER, "agents:"]
    for sector, nouns in agents.items():
        lines.append(f"  {sector}:")
        lines.extend(f"    - {_scalar(noun)}" for noun in nouns)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text)["agents"] != agents:
        raise SystemExit("YAML rendering of agents does not round-trip")
    (DATA / "agents.yaml").write_text(text, "utf-8")
    return sum(len(v) for v in agents.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    args = parser.parse_args(argv)
    n_countries = write_countries(args.reference)
    n_agents = write_agents(args.reference)
    print(f"countries: {n_countries}, agent nouns: {n_agents}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
