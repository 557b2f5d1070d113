"""Importing PETRARCH/TABARI dictionaries: each file kind read from snippets in its own syntax, date
restrictions as dated roles, imported files changing how a sentence is coded, the real Phoenix/CAMEO files
end to end, and user dictionaries through --dict and $TOCSIN_DICTIONARIES."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tocsin.cli import main
from tocsin.datafiles import load_yaml
from tocsin.dictionaries import ENV_VAR, validate_file
from tocsin.errors import DictionaryError
from tocsin.models import Article
from tocsin.petrarch import detect_kind, format_summary, import_petrarch
from tocsin.petrarch.actors import read_actor_file
from tocsin.petrarch.source import FileReport, parse_tabari_date
from tocsin.petrarch.verbs import read_verb_file
from tocsin.pipeline import Coder

from .conftest import SHARED

PETRARCH = SHARED / "reference" / "petrarch2_dictionaries"

ACTORS = """\
# TABARI-formatted actor file (test snippet)
# The MIT License (MIT)
# Copyright (c) 2024 Test Dictionary Makers

ZORBLAT_QUENN_  # an invented French minister
+QUENN_
+MINISTER_ZORBLAT_QUENN_
\t[FRAGOV 200101-220701]
\t[FRAELI]
ZANDOR_PLIM_
+PRESIDENT_PLIM_
\t[USAELI <20090120]
\t[USAGOV 20090120-20170120]
\t[USAELI >20170120]
MOHAMMAD_ZAHIR_SHAH_
\t[AFGELI 320101-331108]
\t[AFGGOV 331108-730717]
OLD_HAND_FELIX_ [FRAGOV >980101]
WIBBLE_LIBERATION_FRONT_ [FRAREB]
+WLF
FREEDONIA_  [FDN]
+FREEDONIANS_
RUFUS_T._FIREFLY_
	[FDNGOV 330101-331231]
GLOBAL_QUUX_COMMITTEE_ [QQX]
KOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]
U.N._
RUSSIA_ [RUS]
DA_SILVA_"NANDO"_ [BRAGOV]
OCEAN_OF_NOTHING_ [---]
"""

AGENTS = """\
!GIZMO! = WIDGETEER, GADGETEER
GLORPSMITH [~MIL] # an invented noun
BORDER_!GIZMO! [~COP]
NEWSHOUND {} [~MED]
MEDIC_ZORBLER [~HLH]
CHAMBER_OF_ZORBLERS {CHAMBERS_OF_ZORBLERS} [~BUS]
FLOOPER_BODY  [NGO~]
SOLDIER [~MIL]
QUUXER [~XYZ]
"""

VERBS = """\
####### SYNONYM SETS #######
&FOOD
+RICE
+WHEAT
+FLOUR
+BAKED_GOODS_

####### VERB PATTERNS #######
---  EXCORIATE   [111]  ---
EXCORIATE
LAMBAST
+CALL_OUT {+CALLS_OUT +CALLED_OUT +CALLING_OUT}
- * (FOR FAILURES)                                   [112]   # CALL_OUT
- &MILITARY *                                         [154]
- * AID                                               [070:071]
- * (BEFORE COURT)                                    [:173]
- * SIT-IN                                            [141]
- * (BY/WITH GRENADES)                                [193]
- * &FOOD                                             [073]
- * $ ALLIES                                          [111]

---  HURRY   [---]  ---
HURRY {HURRIES HURRYING HURRIED }
- * (TO THE BORDER)                                   [154]
- * RELIEF                                            [---]

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


# -------------------------------------------------------------------------------------------------- reading

def test_tabari_dates() -> None:
    assert parse_tabari_date("320101") == datetime.date(1932, 1, 1)  # 31-99 -> 19YY
    assert parse_tabari_date("070723") == datetime.date(2007, 7, 23)  # 00-30 -> 20YY
    assert parse_tabari_date("300101") == datetime.date(2030, 1, 1)
    assert parse_tabari_date("19270101") == datetime.date(1927, 1, 1)
    for bad in ("9008223", "1920030320", "200231", "12ab34"):
        with pytest.raises(ValueError):
            parse_tabari_date(bad)


def test_actor_file_entries_synonyms_and_codes(tmp_path: Path) -> None:
    report = FileReport("x", "actors")
    blocks = read_actor_file(str(_write(tmp_path, "t.actors.txt", ACTORS)), report)
    by_name = {b.phrases[0][0] if b.phrases else b.line.text: b for b in blocks}
    quenn = by_name["Zorblat Quenn"]
    assert [p for p, _ in quenn.phrases] == ["Zorblat Quenn", "Quenn", "Minister Zorblat Quenn"]
    assert [(c.code, c.start, c.end) for c in quenn.codes] == [
        ("FRAGOV", datetime.date(2020, 1, 1), datetime.date(2022, 6, 30)),  # range end is exclusive
        ("FRAELI", None, None)]
    plim = by_name["Zandor Plim"]
    assert [(c.code, c.start, c.end) for c in plim.codes] == [
        ("USAELI", None, datetime.date(2009, 1, 19)),
        ("USAGOV", datetime.date(2009, 1, 20), datetime.date(2017, 1, 19)),
        ("USAELI", datetime.date(2017, 1, 20), None)]
    assert [c.code for c in by_name["Old Hand Felix"].codes] == ["FRAGOV"]  # code on the entry's own line
    assert [c.code for c in by_name["Kofi Annan"].codes] == ["IGOUNO", "ELI"]  # two groups on one line
    assert by_name["U.N."].codes == []  # no code: skipped when converted
    assert by_name["Ocean of Nothing"].codes == []
    assert report.read == len(blocks) == 13
    reasons = {(s.part, s.reason) for s in report.skips}
    assert ("code", "null code [---]") in reasons
    assert ("phrase", "characters that do not occur in names in running text") in reasons


def test_detect_kind_by_content_then_name(tmp_path: Path) -> None:
    assert detect_kind(_write(tmp_path, "a.txt", ACTORS)) == "actors"
    assert detect_kind(_write(tmp_path, "b.txt", AGENTS)) == "agents"
    assert detect_kind(_write(tmp_path, "c.txt", VERBS)) == "verbs"
    assert detect_kind(_write(tmp_path, "Phoenix.discards.txt", "+ACADEMY AWARD\nBASEBALL\n")) == "discards"
    assert detect_kind(_write(tmp_path, "notes.txt", "nothing to see\n")) == "unknown"


# ----------------------------------------------------------------------------------------------- conversion

@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("out")
    paths = [_write(src, "t.actors.txt", ACTORS), _write(src, "t.agents.txt", AGENTS),
             _write(src, "t.verbs.txt", VERBS)]
    result = import_petrarch(paths, out)
    return out, format_summary(result)


def test_outputs_validate_and_carry_provenance(imported: tuple[Path, str]) -> None:
    out, _ = imported
    for name in ("petrarch_actors.yaml", "petrarch_agents.yaml", "petrarch_verbs.yaml"):
        assert validate_file(out / name) == [], name
        header = (out / name).read_text("utf-8").split("\n\n", 1)[0]
        assert "t." in header and "sha256" in header
    actors_header = (out / "petrarch_actors.yaml").read_text("utf-8")[:2000]
    assert "The MIT License" in actors_header and "Test Dictionary Makers" in actors_header


def test_date_restrictions_become_dated_roles(imported: tuple[Path, str]) -> None:
    people = {p["name"]: p for p in _load(imported[0] / "petrarch_actors.yaml")["people"]}
    plim = people["Zandor Plim"]
    assert plim["aliases"] == ["President Plim"]
    assert [(r["code"], r["from"], r["until"]) for r in plim["roles"]] == [
        ("USAELI", None, datetime.date(2009, 1, 19)),
        ("USAGOV", datetime.date(2009, 1, 20), datetime.date(2017, 1, 19)),
        ("USAELI", datetime.date(2017, 1, 20), None)]
    quenn = people["Zorblat Quenn"]
    # the undated code is the fallback: written last, with neither date
    assert [(r["code"], r["from"], r["until"]) for r in quenn["roles"]] == [
        ("FRAGOV", datetime.date(2020, 1, 1), datetime.date(2022, 6, 30)), ("FRAELI", None, None)]
    assert [r["code"] for r in people["Kofi Annan"]["roles"]] == ["IGOUNO"]  # [ELI] has no country


def test_countries_organizations_and_what_is_left_to_tocsin(imported: tuple[Path, str]) -> None:
    data = _load(imported[0] / "petrarch_actors.yaml")
    countries = {c["code"]: c for c in data["countries"]}
    assert countries["FDN"]["names"] == ["Freedonia", "Freedonians"]  # a new country: FDNGOV uses it as one
    assert "RUS" not in countries  # "Russia" is tocsin's already
    orgs = {o["code"]: o for o in data["organizations"]}
    assert orgs["FRAREB"] == {"code": "FRAREB", "names": ["Wibble Liberation Front", "WLF"], "country": "FRA"}
    assert orgs["QQX"]["country"] is None  # a lone unknown code is no country
    assert "U.N." not in str(data)  # no code
    summary = imported[1]
    assert "t.actors.txt (actors): 13 entries read" in summary
    assert "already in tocsin's dictionary" in summary and "no usable code" in summary
    assert "t.actors.txt:" in summary.split("first skipped entries:")[1].split("t.agents.txt (agents)")[0]


def test_agents(imported: tuple[Path, str]) -> None:
    agents = _load(imported[0] / "petrarch_agents.yaml")["agents"]
    assert agents["MIL"] == ["glorpsmith"]
    assert agents["COP"] == ["border widgeteer", "border gadgeteer"]  # substitution markers expanded
    assert agents["JRN"] == ["newshound"]  # CAMEO MED is media
    assert agents["MED"] == ["medic zorbler"]  # CAMEO HLH is health
    assert "soldier" not in str(agents)  # tocsin has it
    summary = imported[1]
    for reason in ("more than two words", "code goes before the actor's", "sector has no tocsin equivalent",
                   "already a tocsin agent"):
        assert reason in summary, reason


def test_verb_patterns_converted_and_counted(tmp_path: Path) -> None:
    report = FileReport("x", "verbs")
    verbs = read_verb_file(str(_write(tmp_path, "v.txt", VERBS)), report)
    assert verbs.synsets["&FOOD"] == ["RICE", "WHEAT", "FLOUR", "BAKED_GOODS_"]
    block = verbs.blocks[0]
    assert [(v.lemma, v.particles, v.code) for v in block.verbs] == [
        ("excoriate", (), "111"), ("lambast", (), "111"), ("call", ("out",), "111")]
    reasons = {s.reason for s in report.skips}
    assert {"words before the verb (a constraint on the subject)", "only a reverse-direction event",
            "source after the verb", "verb transformation (no tocsin equivalent)",
            "null code [---] (the pattern blocks coding)"} <= reasons


def test_verb_file_output(imported: tuple[Path, str]) -> None:
    entries = _load(imported[0] / "petrarch_verbs.yaml")
    by_code: dict[str, list[str]] = {}
    for entry in entries:
        by_code.setdefault(entry["code"], []).extend(entry["verbs"])
    assert {"excoriate", "lambast", "call out"} <= set(by_code["111"])  # bare verbs, block code
    assert "call out for {failure}" in by_code["112"]  # particle from the verb, then the pattern's
    assert {"excoriate {aid}", "lambast {aid}"} <= set(by_code["070"])  # [070:071]: reverse code dropped
    assert {"excoriate by {grenade}", "excoriate with {grenade}"} <= set(by_code["193"])  # BY/WITH
    assert "excoriate {rice|wheat|flour}" in by_code["073"]  # synonym set, multi-word member left out
    assert "hurry to {border}" in by_code["154"]  # "the" left out
    assert "hurry" not in str(entries).replace("hurry to", "")  # [---] block: the bare verb is no event
    assert not any("sit" in p for ps in by_code.values() for p in ps)  # SIT-IN: spaCy splits it
    summary = imported[1]
    assert "reverse-direction code dropped" in summary and "t.verbs.txt:" in summary


# ------------------------------------------------------------------------------------------ coding changes

def _codes(coder: Coder, text: str, on: datetime.date = datetime.date(2021, 3, 1)) -> list[tuple[Any, ...]]:
    article = Article(id="t", text=text, date=on, title="")
    return [(e.source.code if e.source else None, e.cameo, e.target.code if e.target else None)
            for e in coder.code_article(article)]


def test_imported_actor_and_verb_files_change_coding(imported: tuple[Path, str]) -> None:
    out = imported[0]
    plain = Coder()
    with_actors = Coder(actor_files=[out / "petrarch_actors.yaml"])
    with_verbs = Coder(verb_files=[out / "petrarch_verbs.yaml"])
    sentence = "Zorblat Quenn criticised Germany on Monday."
    assert all(source is None for source, _, _ in _codes(plain, sentence))
    assert ("FRAGOV", "111", "DEU") in _codes(with_actors, sentence)
    # after his dated role the undated fallback applies
    assert ("FRAELI", "111", "DEU") in _codes(with_actors, sentence, datetime.date(2023, 5, 1))
    assert _codes(plain, "The French government excoriated Germany.") == []
    assert ("FRAGOV", "111", "DEU") in _codes(with_verbs, "The French government excoriated Germany.")
    assert len({plain.manifest.dictionary_hash, with_actors.manifest.dictionary_hash,
                with_verbs.manifest.dictionary_hash}) == 3


def test_tocsin_dictionaries_variable_and_dict_option(imported: tuple[Path, str],
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = imported[0]
    monkeypatch.delenv(ENV_VAR, raising=False)
    plain = Coder()
    monkeypatch.setenv(ENV_VAR, str(out))  # a directory: all its YAML files, actors and verbs told apart
    configured = Coder()
    assert configured.manifest.dictionary_hash != plain.manifest.dictionary_hash
    assert ("FRAGOV", "111", "DEU") in _codes(configured, "Zorblat Quenn excoriated Germany.")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.yaml"))
    with pytest.raises(DictionaryError, match=r"missing\.yaml"):
        Coder()
    monkeypatch.delenv(ENV_VAR)
    article = _write(tmp_path, "a.txt", "Zorblat Quenn excoriated Germany on Monday.\n")
    runner = CliRunner()
    args = ["code", str(article), "--date", "2021-03-01", "--format", "jsonl"]
    result = runner.invoke(main, [*args, "--dict", str(out / "petrarch_actors.yaml"),
                                  "--dict", str(out / "petrarch_verbs.yaml")])
    assert result.exit_code == 0, result.output
    assert '"code": "FRAGOV"' in result.stdout and '"cameo": "111"' in result.stdout
    assert runner.invoke(main, args).stdout.strip() == ""


def test_cli_import_prints_the_summary(tmp_path: Path) -> None:
    source = _write(tmp_path, "t.actors.txt", ACTORS)
    result = CliRunner().invoke(main, ["dict", "import-petrarch", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "13 entries read" in result.stdout and "wrote " in result.stdout
    assert "first skipped entries:" in result.stdout and "t.actors.txt:" in result.stdout
    assert (tmp_path / "o" / "petrarch_actors.yaml").is_file()


# ------------------------------------------------------------------------------------------- the real thing

@pytest.mark.slow
def test_real_petrarch2_dictionaries_end_to_end(tmp_path: Path) -> None:
    if not (PETRARCH / "Phoenix.Countries.actors.txt").is_file():
        pytest.skip(f"PETRARCH2 dictionaries not available at {PETRARCH}")
    result = import_petrarch([PETRARCH], tmp_path)
    reports = {Path(r.path).name: r for r in result.reports}
    countries = reports["Phoenix.Countries.actors.txt"]
    assert countries.read > 15_000 and countries.written > 10_000
    assert reports["Phoenix.International.actors.txt"].written > 3_000
    assert reports["Phoenix.MilNonState.actors.txt"].written > 500
    assert reports["Phoenix.discards.txt"].ignored
    verbs = reports["CAMEO.2.0.txt"]
    assert verbs.read > 5_000 and verbs.written > 3_000 and verbs.produced > 10_000
    assert verbs.reasons(entries=True)["words before the verb (a constraint on the subject)"] > 50
    assert reports["Phoenix.agents.txt"].produced > 100
    for report in (countries, verbs):  # every entry read is written or skipped with a reason
        assert report.read == report.written + len(report.skipped_entries)
    # import_petrarch validates what it writes (and raises if that fails), so the files are loadable
    actors = load_yaml("petrarch_actors.yaml", (tmp_path / "petrarch_actors.yaml").read_text("utf-8"))
    assert len(actors["people"]) > 1_000 and len(actors["organizations"]) > 1_000
    assert {"DDR", "CSK", "SUN"} <= {c["code"] for c in actors["countries"]}  # historical states: new countries
    coder = Coder(dict_files=[tmp_path])
    assert ("AFGGOV", "040", "RUSGOV") in _codes(coder, "Karzai met Putin in Kabul.", datetime.date(2010, 3, 1))
