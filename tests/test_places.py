"""The gazetteer (names, spellings, regions, countries, namesakes) and the event's own location."""

from __future__ import annotations

import gzip
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

import tocsin
from tocsin.errors import DictionaryError
from tocsin.models import Event, Place
from tocsin.nlp import parse_one
from tocsin.places import Gazetteer, PlaceContext, gazetteer_from_file, load_gazetteer, name_key, read_gazetteer

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2022, 1, 18)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _found(gazetteer: Gazetteer, name: str, context: PlaceContext | None = None) -> Place:
    place = gazetteer.lookup(name, context)
    assert place is not None, name
    return place


# ------------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(("old", "new"), [
    ("Kharkov", "Kharkiv"), ("Kiev", "Kyiv"), ("Odessa", "Odesa"), ("Lvov", "Lviv"), ("Lugansk", "Luhansk"),
    ("Artemivsk", "Bakhmut"), ("Khar’kov", "Kharkiv"), ("KYIV", "Kyiv"),
])
def test_spellings_and_transliterations_give_the_same_city(gazetteer: Gazetteer, old: str, new: str) -> None:
    place = _found(gazetteer, old)
    assert place == _found(gazetteer, new)
    assert place.country == "UKR" and place.precision == "city"
    assert place.lat is not None and place.lon is not None
    assert 44 < place.lat < 53 and 22 < place.lon < 41  # inside Ukraine's bounding box


def test_city_carries_its_region(gazetteer: Gazetteer) -> None:
    assert _found(gazetteer, "Mariupol").admin1 == "Donetsk Oblast"
    assert _found(gazetteer, "Kharkiv").admin1 == "Kharkiv Oblast"
    assert _found(gazetteer, "Belgorod").country == "RUS"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Donetsk region", "Donetsk Oblast", "UKR"), ("Donetsk Oblast", "Donetsk Oblast", "UKR"),
    ("Kharkov region", "Kharkiv Oblast", "UKR"), ("Kiev region", "Kyiv Oblast", "UKR"),
    ("Lugansk region", "Luhansk Oblast", "UKR"), ("Belgorod Oblast", "Belgorod Oblast", "RUS"),
    ("the Belgorod region", "Belgorod Oblast", "RUS"), ("Moscow Oblast", "Moscow Oblast", "RUS"),
    ("Crimea", "Crimea", "UKR"), ("Bavaria", "Bavaria", "DEU"), ("Texas", "Texas", "USA"),
])
def test_admin1_regions(gazetteer: Gazetteer, text: str, name: str, country: str) -> None:
    place = _found(gazetteer, text)
    assert (place.name, place.country, place.precision, place.admin1) == (name, country, "admin1", name)
    assert place.lat is not None and place.lon is not None


def test_a_bare_name_shared_by_a_region_and_its_city_is_the_city(gazetteer: Gazetteer) -> None:
    assert _found(gazetteer, "Donetsk").precision == "city"
    assert _found(gazetteer, "Kharkiv").precision == "city"
    assert _found(gazetteer, "Donetsk region").precision == "admin1"


def test_donbas_spans_two_regions(gazetteer: Gazetteer) -> None:
    donbas = _found(gazetteer, "Donbas")
    assert donbas == _found(gazetteer, "Donbass")
    assert (donbas.country, donbas.precision, donbas.admin1) == ("UKR", "admin1", None)
    donetsk, luhansk = _found(gazetteer, "Donetsk Oblast"), _found(gazetteer, "Luhansk Oblast")
    assert donbas.lon is not None and donetsk.lon is not None and luhansk.lon is not None
    assert donetsk.lon - 1 < donbas.lon < luhansk.lon + 1


@pytest.mark.parametrize(("text", "code"), [("Ukraine", "UKR"), ("the United States", "USA"), ("U.S.", "USA"),
                                            ("Russian Federation", "RUS"), ("Georgia", "GEO")])
def test_country_fix_has_no_coordinates(gazetteer: Gazetteer, text: str, code: str) -> None:
    assert _found(gazetteer, text) == Place(_found(gazetteer, text).name, code, None, None, "country")


def test_namesakes_prefer_the_largest_unless_the_text_names_their_country_or_region(gazetteer: Gazetteer) -> None:
    assert _found(gazetteer, "Paris").country == "FRA"
    texas = PlaceContext(regions=frozenset({"USA/Texas"}))
    paris_texas = _found(gazetteer, "Paris", texas)
    assert (paris_texas.country, paris_texas.admin1) == ("USA", "Texas")
    # a passing mention of the United States is not enough to move Paris
    assert _found(gazetteer, "Paris", PlaceContext(sentence_countries=frozenset({"USA"}))).country == "FRA"
    assert _found(gazetteer, "Tripoli").country == "LBY"
    assert _found(gazetteer, "Tripoli", PlaceContext(sentence_countries=frozenset({"LBN"}))).country == "LBN"
    assert _found(gazetteer, "Odessa", texas).country == "USA"
    assert _found(gazetteer, "Odessa").country == "UKR"


def test_capitals_and_demonyms(gazetteer: Gazetteer) -> None:
    assert gazetteer.capital("UKR") == _found(gazetteer, "Kyiv")
    ukraine = gazetteer.country_of_demonym("Ukrainian")
    assert ukraine is not None and ukraine.country == "UKR"
    assert gazetteer.border(ukraine).precision == "country" and gazetteer.border(ukraine).lat is None


def test_name_key_folds_accents_apostrophes_and_articles() -> None:
    assert name_key("Kraków") == name_key("Krakow") == "krakow"
    assert name_key("Khar’kov") == name_key("Khar'kov") == "kharkov"
    assert name_key("The Netherlands") == "netherlands"
    assert name_key("Rostov-on-Don") == "rostov on don"
    assert name_key("Łódź") == "lodz"


def test_unknown_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Atlantis Prime") is None
    assert gazetteer.lookup("") is None
    assert gazetteer.candidates("Zzzzqx") == []


# ------------------------------------------------------------------------------------------------ file


def test_packaged_file_keeps_the_geonames_attribution() -> None:
    data = ROOT / "src" / "tocsin" / "data"
    header = gzip.decompress((data / "gazetteer.tsv.gz").read_bytes())[:600].decode()
    assert "GeoNames" in header and "CC BY 4.0" in header
    assert "CC BY 4.0" in (data / "gazetteer.NOTICE.md").read_text(encoding="utf-8")


def _file(text: str) -> bytes:
    return gzip.compress(text.encode())


GOOD = ("# tocsin gazetteer, format 1.\n@places\th\nC\tUkraine\tUKR\t\t\t\t0\n"
        "P\tKyiv\tUKR\t\t50.45\t30.52\t2952301\n@names\th\nukraine\t0\nkyiv\t1\nkiev\t1~\n"
        "@demonyms\th\nukrainian\t0\n@capitals\th\nUKR\t1\n")


def test_reads_a_small_gazetteer() -> None:
    gazetteer = read_gazetteer(_file(GOOD))
    assert len(gazetteer) == 2
    assert gazetteer.lookup("Kiev") == Place("Kyiv", "UKR", 50.45, 30.52, "city", None)
    assert gazetteer.lookup("Ukraine") == Place("Ukraine", "UKR", None, None, "country")
    assert gazetteer.capital("UKR") == gazetteer.lookup("Kyiv")


@pytest.mark.parametrize(("payload", "message"), [
    (b"not gzip", "unreadable"),
    (_file("# some other file\n"), "not a tocsin gazetteer"),
    (_file(GOOD.replace("@capitals\th\nUKR\t1\n", "")), "lacks the @capitals section"),
    (_file(GOOD.replace("kyiv\t1\n", "kyiv 1\n")), "expected 'key<TAB>value'"),
])
def test_malformed_gazetteer_is_a_dictionary_error(tmp_path: Path, payload: bytes, message: str) -> None:
    path = tmp_path / "bad.tsv.gz"
    path.write_bytes(payload)
    with pytest.raises(DictionaryError, match=message) as raised:
        gazetteer_from_file(path)
    assert raised.value.path == str(path)


def test_malformed_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv.gz"
    path.write_bytes(_file(GOOD.replace("50.45\t30.52", "north\t30.52")))
    gazetteer = gazetteer_from_file(path)
    with pytest.raises(DictionaryError) as raised:
        gazetteer.lookup("Kyiv")
    assert raised.value.line == 4 and raised.value.path == str(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="cannot read gazetteer"):
        gazetteer_from_file(tmp_path / "absent.tsv.gz")


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_build_helpers() -> None:
    build = _build_script()
    # across the date line the middle is near 180 degrees (a plain mean of longitudes would put it near 60)
    points = [(65.0, 179.0), (65.0, -179.0), (65.0, 179.9)]
    assert build.representative_point(points) == (65.0, 179.9)
    assert build.good_alternate("Kharkov") and build.good_alternate("Khar'kov")
    assert not build.good_alternate("HRK") and not build.good_alternate("ha er ke fu")
    assert not build.good_alternate("Харків") and not build.good_alternate("Ko")
    city = {"geonameid": 1, "population": 2_000_000, "latitude": 50.45, "longitude": 30.52}
    district = {"geonameid": 2, "population": 300_000, "latitude": 50.50, "longitude": 30.60}
    town = {"geonameid": 3, "population": 900_000, "latitude": 49.0, "longitude": 32.0}
    assert build.is_one_city([city, district]) and not build.is_one_city([city, district, town])


# ------------------------------------------------------------------------------------------------ events


def _events(text: str) -> list[Event]:
    return tocsin.code_text(text, date=DAY)


def _location(text: str, root: str) -> Place | None:
    found = [e for e in _events(text) if e.cameo_root == root]
    assert found, [(e.cameo, e.dyad) for e in _events(text)]
    return found[0].location


def _locate(text: str, trigger: str) -> Place | None:
    doc = parse_one(text)
    token = next(t for t in doc if t.text == trigger)
    return load_gazetteer().locate(token)


def test_old_and_new_spellings_locate_the_same_event() -> None:
    kharkov = _location("Russian troops shelled apartment blocks in Kharkov.", "19")
    assert kharkov is not None and kharkov == _location("Russian troops shelled apartment blocks in Kharkiv.", "19")
    assert kharkov.precision == "city" and kharkov.name == "Kharkiv"
    assert _location("Russia deployed troops in Kiev.", "15") == _location("Russia deployed troops in Kyiv.", "15")


def test_region_fix() -> None:
    place = _location("Russian forces attacked positions in the Donetsk region.", "19")
    assert place is not None and (place.name, place.precision, place.country) == ("Donetsk Oblast", "admin1", "UKR")
    belgorod = _locate("Shelling was reported in the Russian region of Belgorod.", "reported")
    assert belgorod is not None and (belgorod.name, belgorod.precision) == ("Belgorod Oblast", "admin1")


def test_country_fix_has_no_pin() -> None:
    place = _location("Russia deployed troops in Ukraine.", "15")
    assert place == Place("Ukraine", "UKR", None, None, "country")


def test_a_border_is_no_city() -> None:
    place = _location("Russian troops massed near the Ukrainian border.", "15")
    assert place is not None and place.precision == "country" and place.lat is None and place.lon is None
    close = _location("Russia deployed troops close to the border with Ukraine.", "15")
    assert close == place


def test_a_place_in_an_actor_phrase_is_not_the_location() -> None:
    events = _events("The Kiev government accused Moscow of shelling civilians.")
    assert events and all(e.location is None for e in events)


def test_only_the_events_own_place() -> None:
    text = "Officials in Kyiv said that Russian forces shelled apartment blocks in Mariupol."
    place = _location(text, "19")
    assert place is not None and place.name == "Mariupol"
    assert _locate(text, "said") is None  # "in Kyiv" belongs to the officials, Mariupol to the shelling


def test_namesake_chosen_by_the_sentence() -> None:
    paris = _location("French police arrested two men in Paris.", "17")
    assert paris is not None and paris.country == "FRA"
    texas = _locate("Police in Texas arrested two men in Paris on Tuesday.", "arrested")
    assert texas is not None and (texas.country, texas.admin1) == ("USA", "Texas")
    tripoli = _location("Lebanese troops clashed with gunmen in Tripoli.", "19")
    assert tripoli is not None and tripoli.country == "LBN"


def test_destination_over_origin() -> None:
    moved = _location("Russia moved troops from Siberia to the Belarusian border.", "15")
    assert moved is not None and moved.country == "BLR" and moved.lat is None
    withdrew = _locate("Ukrainian troops withdrew from Kherson.", "withdrew")
    assert withdrew is not None and withdrew.name == "Kherson"


def test_geographic_objects_and_relations() -> None:
    capital = _location("Russian forces shelled the Ukrainian capital.", "19")
    assert capital is not None and capital.name == "Kyiv"
    outskirts = _location("Russian troops attacked the outskirts of Kyiv.", "19")
    assert outskirts is not None and outskirts.name == "Kyiv"
    # a sanctions target is a relation, not a place; a topic's place is not the talks'
    assert all(e.location is None for e in _events("The EU imposed sanctions on Russia."))
    assert _locate("The leaders discussed the situation in Kazakhstan.", "discussed") is None
    dispersed = _locate("Police dispersed protests in Minsk.", "dispersed")
    assert dispersed is not None and dispersed.name == "Minsk"


def test_a_small_namesake_is_not_lifted_by_its_country_being_named() -> None:
    import tocsin

    talks = tocsin.code_text("Russia and the United States held talks in Geneva.", date="2022-01-10")
    assert talks and all(e.location is not None and e.location.country == "CHE" for e in talks)
