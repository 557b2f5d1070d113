"""The packaged CAMEO ontology (data/cameo.csv via tocsin.ontology): completeness, ranges, known codebook
values, PLOVER types, and that the committed csv is exactly what scripts/build_ontology.py generates."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tocsin import ontology
from tocsin.errors import DictionaryError
from tocsin.ontology import PLOVER_TYPES, STATEMENT, CameoCode, all_codes, is_code, lookup, roots

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
CSV = ROOT / "src" / "tocsin" / "data" / "cameo.csv"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not present")


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ontology", ROOT / "scripts" / "build_ontology.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_all_317_codes_unique_and_well_formed() -> None:
    codes = [c.code for c in all_codes()]
    assert len(codes) == 317
    assert len(set(codes)) == 317
    assert all(re.fullmatch(r"\d{2,4}", c) for c in codes)


def test_roots_are_01_to_20_and_every_code_has_its_root() -> None:
    assert roots() == tuple(f"{n:02d}" for n in range(1, 21))
    for c in all_codes():
        assert c.root in roots() and c.code.startswith(c.root), c
    # 4-digit codes sit under an existing 3-digit code except CAMEO 1.1b3's 1883, whose 188 was never defined
    orphans = {c.code for c in all_codes() if len(c.code) == 4 and not is_code(c.code[:3])}
    assert orphans == {"1883"}


def test_goldstein_range_and_quad_classes() -> None:
    for c in all_codes():
        assert -10.0 <= c.goldstein <= 10.0, c
        assert c.quad_class in (1, 2, 3, 4), c
        assert c.quad_class == lookup(c.root).quad_class, c  # CAMEO's quad class is fixed by the root
    by_root = {r: lookup(r).quad_class for r in roots()}
    expected = {**dict.fromkeys(["01", "02", "03", "04", "05"], 1), **dict.fromkeys(["06", "07", "08"], 2),
                **dict.fromkeys(["09", "10", "11", "12", "13"], 3),
                **dict.fromkeys(["14", "15", "16", "17", "18", "19", "20"], 4)}
    assert by_root == expected
    extremes = {c.goldstein for c in all_codes()}
    assert min(extremes) == -10.0 and max(extremes) == 10.0


def test_known_codebook_values() -> None:
    assert lookup("190") == CameoCode("190", "Use conventional military force, not specified below", "19", 4,
                                      -10.0, "ASSAULT", "")
    visit = lookup("042")
    assert (visit.name, visit.goldstein, visit.plover_type, visit.plover_mode) == (
        "Make a visit", 1.9, "CONSULT", "visit")
    assert lookup("01").name == "Make public statement"  # root names in sentence case
    assert lookup("15").name == "Exhibit force posture"
    assert lookup("1385").name == "Threaten attack with WMD"  # "Threate n" repaired
    assert lookup("128").name == "Defy norms, law"  # cut at a line break in the codebook
    assert lookup("125").name == "Reject proposal to meet, discuss, or negotiate"
    assert lookup("0874").goldstein == 10.0
    assert lookup("1823").goldstein == -10.0


def test_plover_types_follow_the_crosswalk() -> None:
    assert (lookup("0311").plover_type, lookup("0311").plover_mode) == ("AGREE", "")
    assert (lookup("163").plover_type, lookup("163").plover_mode) == ("COERCE", "restrict")  # not SANCTION
    assert lookup("1712").plover_type == "ASSAULT"
    assert (lookup("0861").plover_type, lookup("0861").plover_mode) == ("RETREAT", "access")  # trimmed
    assert lookup("080").plover_type == "CONCEDE" and lookup("084").plover_type == "RETREAT"
    assert lookup("08").plover_type == "CONCEDE"  # a root takes its NN0 code's type
    assert (lookup("09").plover_type, lookup("09").plover_mode) == ("ACCUSE", "investigate")
    assert lookup("175").plover_mode == ""  # the crosswalk's "pro_autocracy" is a context, not a mode


def test_codes_missing_from_the_crosswalk_inherit_from_parents() -> None:
    assert lookup("155").plover_type == "MOBILIZE"
    assert lookup("176").plover_type == "COERCE"
    assert (lookup("1951").plover_type, lookup("1951").plover_mode) == ("ASSAULT", lookup("195").plover_mode)
    assert lookup("1883").plover_type == lookup("18").plover_type == "ASSAULT"
    # ... and the CAMEO 1.1b3 codes GDELT never scored inherit the parent's Goldstein score
    assert lookup("155").goldstein == lookup("15").goldstein
    assert lookup("1952").goldstein == lookup("195").goldstein


def test_appeals_are_requests_and_statements_have_no_plover_type() -> None:
    for c in all_codes():
        if c.root == "02":
            demand = lookup("10" + c.code[2:])
            assert (c.plover_type, c.plover_mode) == ("REQUEST", demand.plover_mode), c
    assert lookup("0251").plover_mode == "yield"
    assert {c.code for c in all_codes() if c.plover_type == STATEMENT} == {
        c.code for c in all_codes() if c.root == "01"}
    assert STATEMENT not in PLOVER_TYPES


def test_every_code_has_a_plover_type_and_all_16_are_used() -> None:
    assert len(PLOVER_TYPES) == len(set(PLOVER_TYPES)) == 16
    for c in all_codes():
        assert c.plover_type in (*PLOVER_TYPES, STATEMENT), c
    assert {c.plover_type for c in all_codes()} == {*PLOVER_TYPES, STATEMENT}


def test_lookup_errors_and_is_code() -> None:
    with pytest.raises(DictionaryError, match=r"unknown CAMEO code '0421'"):
        lookup("0421")
    with pytest.raises(DictionaryError):
        lookup("19 ")
    assert is_code("0211") and is_code("20")
    assert not is_code("0421") and not is_code("") and not is_code("1")
    assert lookup("190") is lookup("190")  # read once, cached


def test_packaged_csv_carries_its_attribution() -> None:
    head = CSV.read_text("utf-8").split("\ncode,", 1)[0]
    assert "CC BY-SA 4.0" in head and "CAMEO2PLOVER-2021" in head


@needs_reference
def test_committed_csv_is_what_the_build_script_generates() -> None:
    assert build_script().build(REFERENCE) == CSV.read_text("utf-8")


@needs_reference
def test_plover_types_are_those_of_the_crosswalk() -> None:
    text = (REFERENCE / "plover_codebook" / "CAMEO2PLOVER-2021.txt").read_text("utf-8")
    found = set(re.findall(r"^\d{2,4}:\s*([A-Z]+)", text, flags=re.M))
    assert found == set(PLOVER_TYPES)


def test_malformed_table_is_a_dictionary_error() -> None:
    header = "# provenance\ncode,name,root,quad_class,goldstein,plover_type,plover_mode\n"
    assert ontology._parse(header + "01,X,01,1,0.0,STATEMENT,\n", "t.csv")["01"].name == "X"
    with pytest.raises(DictionaryError, match=r"t.csv:3: malformed row"):
        ontology._parse(header + "01,X,01,one,0.0,AGREE,\n", "t.csv")
    with pytest.raises(DictionaryError, match=r"t.csv:3: inconsistent row"):
        ontology._parse(header + "011,X,02,1,0.0,AGREE,\n", "t.csv")
    with pytest.raises(DictionaryError, match=r"t.csv:1: expected columns"):
        ontology._parse("code,name\n", "t.csv")
