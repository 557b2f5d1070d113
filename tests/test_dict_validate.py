"""Checking tocsin dictionaries: each problem named by file:line and field, the loaders raising the same
problems, user files taking precedence over the packaged data, extra agents, and fallback roles."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.actors import load_dictionary
from tocsin.cli import main
from tocsin.dictionaries import DictionaryProblem, user_dictionaries, validate_file
from tocsin.errors import DictionaryError
from tocsin.events import load_verbs

from .conftest import ROOT

BAD_ACTORS = """\
countries:
  - code: Fra
    names: [Frankland]
  - code: ZZA
    names: [Zedland]
    capital: Zed City
organizations:
  - code: ZZAREB
    names: [Zed Front]
    country: ZZA
people:
  - name: Ada Quist
    aliases: [Quist]
    roles:
      - {code: ZZAGOV, title: president, from: 2020-05-01, until: 2019-01-01}
      - {code: ZZAGOV, title: minister, from: 2021-02-30, until: null}
  - name: Bo Lindqvist
    aliases: [Lindqvist]
    roles:
      - {code: ZZAGOV, title: president, from: 2010-01-01, until: 2015-12-31}
      - {code: ZZAMIL, title: general, from: 2014-06-01, until: 2018-01-01}
  - name: Cy Lindqvist
    aliases: [Lindqvist, Zed Front]
    roles:
      - {code: ZZAOPP, title: opposition leader, from: 2012-01-01, until: null}
"""

GOOD_ACTORS = """\
countries:
  - code: ZZA
    names: [Zedland]
    demonyms: [Zedlander]
    seats: [Zed City]
organizations:
  - code: IGOEUREEC
    names: [Brussels]
    country: null
people:
  - name: Dora Vex
    aliases: [Dora]
    roles:
      - {code: ZZAELI, title: former minister, from: null, until: null}
      - {code: ZZAGOV, title: minister, from: 2019-01-01, until: 2020-06-30}
  - name: Fay Vex
    aliases: [Vex]
    roles:
      - {code: ZZAOPP, title: opposition leader, from: 2015-01-01, until: 2020-12-31}
  - name: Eli Vex
    aliases: [Vex]
    roles:
      - {code: ZZAGOV, title: minister, from: 2021-01-01, until: null}
agents:
  MIL:
    - zorbler
"""

BAD_VERBS = """\
- code: "999"
  verbs: ["zap"]
- code: 11
  verbs: ["decline {comment}"]
- code: "111"
  verbs:
    - "Excoriate"
    - "lambast {critic"
    - "cease-fire"
    - "excoriate"
  nouns: ["excoriation"]
  adverbs: ["loudly"]
- code: "112"
  verbs: ["excoriate"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _lines(problems: list[DictionaryProblem]) -> list[str]:
    return [str(p) for p in problems]


def test_actor_problems_are_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad_actors.yaml", BAD_ACTORS)
    found = _lines(validate_file(path))
    expected = [
        (2, "countries.code", "3 capital letters"),
        (6, "countries.capital", "unknown field"),
        (15, "people.roles.until", "ends (2019-01-01) before it starts (2020-05-01)"),
        (16, "people.roles.from", "bad date '2021-02-30'"),
        (21, "people.roles", "role ZZAMIL overlaps role ZZAGOV (line 20)"),
        (23, "phrase", "'lindqvist' means ZZAOPP"),  # two people, different codes, same time
        (23, "phrase", "'zed front' means ZZAOPP"),  # a person's alias is an organization's name
    ]
    for line, field, text in expected:
        assert any(p.startswith(f"{path}:{line}: field '{field}': ") and text in p for p in found), (line, text)
    assert len(found) == len(expected), found


def test_a_clean_file_has_no_problems_and_handover_days_may_overlap(tmp_path: Path) -> None:
    assert validate_file(_write(tmp_path, "good.yaml", GOOD_ACTORS)) == []
    handover = GOOD_ACTORS.replace("until: 2020-12-31", "until: 2021-01-01")  # the successor's first day
    assert validate_file(_write(tmp_path, "handover.yaml", handover)) == []
    overlap = GOOD_ACTORS.replace("until: 2020-12-31", "until: 2021-01-02")
    assert "'vex' means" in str(validate_file(_write(tmp_path, "overlap.yaml", overlap)))


def test_packaged_dictionaries_are_clean() -> None:
    data = ROOT / "src" / "tocsin" / "data"
    for name in ("actors.yaml", "agents.yaml", "verbs.yaml"):
        assert validate_file(data / name) == [], name


def test_verb_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad_verbs.yaml", BAD_VERBS)
    found = _lines(validate_file(path))
    expected = [
        (1, "code", "unknown CAMEO code '999'"),
        (3, "code", 'quote codes: "010"'),
        (7, "verbs", "must start with a lowercase lemma"),
        (8, "verbs", "bad word '{critic'"),
        (9, "verbs", "can never match: spaCy splits hyphenated words"),
        (12, "adverbs", "unknown field"),
        (14, "verbs", "pattern 'excoriate' is already under code 111 (line 10)"),
    ]
    for line, field, text in expected:
        assert any(p.startswith(f"{path}:{line}: field '{field}': ") and text in p for p in found), (line, text)
    assert len(found) == len(expected), found


def test_loaders_raise_the_first_problem(tmp_path: Path) -> None:
    actors = _write(tmp_path, "bad_actors.yaml", BAD_ACTORS)
    with pytest.raises(DictionaryError) as raised:
        load_dictionary([actors])
    assert str(raised.value).startswith(f"{actors}:2: field 'countries.code': ")
    assert "6 more" in str(raised.value)
    verbs = _write(tmp_path, "bad_verbs.yaml", BAD_VERBS)
    with pytest.raises(DictionaryError, match=r"bad_verbs.yaml:1: field 'code': unknown CAMEO code '999'"):
        load_verbs([verbs])


def test_cli_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = _write(tmp_path, "bad_actors.yaml", BAD_ACTORS)
    good = _write(tmp_path, "good.yaml", GOOD_ACTORS)
    result = runner.invoke(main, ["dict", "validate", str(good), str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 7 and all(line.startswith(f"{bad}:") for line in lines)
    assert "2 files checked, 7 problems" in result.stderr
    result = runner.invoke(main, ["dict", "validate", str(good)])
    assert result.exit_code == 0 and result.stdout == ""
    broken = _write(tmp_path, "broken.yaml", "people:\n  - name: [\n")
    result = runner.invoke(main, ["dict", "validate", str(broken)])
    assert result.exit_code == 1 and result.stdout.startswith(f"{broken}:3: invalid YAML")


def test_user_entries_win_and_add_agents(tmp_path: Path) -> None:
    package = load_dictionary()
    assert {e.code for e in package.phrases[("brussels",)]} == {"BEL"}
    user = load_dictionary([_write(tmp_path, "mine.yaml", GOOD_ACTORS)])
    assert [e.code for e in user.phrases[("brussels",)]] == ["IGOEUREEC"]  # replaces, not adds to, BEL
    assert user.agents["zorbler"] == "MIL" and "zorbler" not in package.agents
    assert user.phrases[("moscow",)] == package.phrases[("moscow",)]  # the rest is the package's
    assert user.digest != package.digest


def test_undated_role_is_the_fallback_wherever_it_is_listed(tmp_path: Path) -> None:
    user = load_dictionary([_write(tmp_path, "mine.yaml", GOOD_ACTORS)])
    dora = next(e for e in user.phrases[("dora", "vex")])
    assert dora.actor("Dora Vex", datetime.date(2019, 6, 1)).code == "ZZAGOV"  # type: ignore[union-attr]
    assert dora.actor("Dora Vex", datetime.date(2023, 6, 1)).code == "ZZAELI"  # type: ignore[union-attr]
    assert dora.actor("Dora Vex", None).code == "ZZAELI"  # type: ignore[union-attr]
    for on, name, code in ((datetime.date(2018, 1, 1), "Fay Vex", "ZZAOPP"),
                           (datetime.date(2022, 1, 1), "Eli Vex", "ZZAGOV")):
        entry = next(e for e in user.phrases[("vex",)] if e.name == name)  # a shared surname, told apart by date
        assert entry.actor("Vex", on).code == code  # type: ignore[union-attr]


def test_user_dictionaries_split_by_kind_in_order(tmp_path: Path) -> None:
    first = _write(tmp_path, "a_actors.yaml", GOOD_ACTORS)
    verbs = _write(tmp_path, "b_verbs.yaml", '- code: "111"\n  verbs: ["excoriate"]\n')
    other = tmp_path / "more"
    other.mkdir()
    later = _write(other, "c.yml", "# comment first\npeople: []\n")
    _write(other, "notes.txt", "not a dictionary")
    found = user_dictionaries([first], env=f"{verbs}:{other}")
    assert found.actor_files == (str(first), str(later))
    assert found.verb_files == (str(verbs),)
    with pytest.raises(DictionaryError, match="no such dictionary"):
        user_dictionaries([], env=str(tmp_path / "gone"))
