"""The packaged historical actor dictionary (PETRARCH2/Phoenix people, organisations and place names): valid,
stored with the tokenizer's own tokens, loaded by default below tocsin's actors.yaml and user files, people
coded by date; and the compiled-dictionary cache that keeps loading fast."""

from __future__ import annotations

import datetime
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tocsin import compiled_actors
from tocsin.actors import ActorDictionary, Entry, load_dictionary
from tocsin.compiled_actors import (
    CACHE_ENV_VAR,
    CACHE_MIN_BYTES,
    CompiledSource,
    as_actor_data,
    compile_yaml,
    load_historical,
    load_yaml_source,
    spacy_tokenize,
)
from tocsin.dictionaries import check_actor_data
from tocsin.errors import DictionaryError
from tocsin.models import Article
from tocsin.petrarch import format_summary, import_petrarch
from tocsin.petrarch.actors import package_actors


@pytest.fixture(scope="module")
def historical() -> CompiledSource:
    return load_historical()[1]


@pytest.fixture(scope="module")
def with_history() -> ActorDictionary:
    return load_dictionary()


@pytest.fixture(scope="module")
def without_history() -> ActorDictionary:
    return load_dictionary(historical=False)


def _person(dictionary: ActorDictionary, name: str) -> Entry:
    (entry,) = [e for e in dictionary.phrases[tuple(name.lower().split())] if e.kind == "person"]
    return entry


# ------------------------------------------------------------------------------------------- the data

def test_packaged_data_passes_the_shared_validator(historical: CompiledSource) -> None:
    data = as_actor_data(historical)
    assert len(data["people"]) > 15_000 and len(data["organizations"]) > 5_000 and len(data["countries"]) > 150
    assert check_actor_data("historical_actors.json.gz", data) == []


@pytest.mark.slow
def test_stored_tokens_are_what_the_tokenizer_gives(historical: CompiledSource) -> None:
    # the fast path files phrases under their stored tokens: they must be the ones documents are split into
    obj = json.loads(gzip.decompress((compiled_actors.resources.files("tocsin") / "data" /
                                      compiled_actors.HISTORICAL_FILE).read_bytes()))
    assert obj["tokenizer"] == compiled_actors.tokenizer_identity()
    texts = [p.text for p in historical.phrases]
    assert [p.tokens for p in historical.phrases] == spacy_tokenize(texts)
    assert any(len(p.tokens) != len(p.text.split()) for p in historical.phrases)  # "Al-Qaeda": 3 tokens


def test_licence_and_provenance_travel_with_the_data() -> None:
    data_dir = compiled_actors.resources.files("tocsin") / "data"
    obj = json.loads(gzip.decompress((data_dir / compiled_actors.HISTORICAL_FILE).read_bytes()))
    header = "\n".join(obj["provenance"]["header"])
    assert "The MIT License" in header and "Phoenix.Countries.actors.txt (sha256" in header
    notice = (data_dir / "historical_actors.NOTICE.md").read_text("utf-8")
    assert "MIT" in notice and "Open Event Data" in notice and "build_historical_actors.py" in notice


def test_no_one_word_name_of_a_person_is_a_word_of_another_persons_name(historical: CompiledSource) -> None:
    owners: dict[str, set[int]] = defaultdict(set)
    for phrase in historical.phrases:
        if phrase.entry.kind == "person" and len(phrase.text.split()) > 1:
            for word in phrase.text.casefold().split():
                owners[word].add(id(phrase.entry))
    clashes = [p.text for p in historical.phrases if p.entry.kind == "person" and len(p.text.split()) == 1
               and owners.get(p.text.casefold(), set()) - {id(p.entry)}]
    assert clashes == []


def test_codes_are_iso_where_phoenix_misspells_them(historical: CompiledSource) -> None:
    codes = {p.entry.code for p in historical.phrases} | {r.code for p in historical.phrases for r in p.entry.roles}
    assert not [c for c in codes if c.startswith("ANG")]  # Phoenix's UNITA is [ANGREB]: Angola is AGO


# --------------------------------------------------------------------------------------- people by date

@pytest.mark.parametrize("name,country,term_start,term_end", [
    ("Helmut Kohl", "DEU", datetime.date(1982, 10, 1), datetime.date(1998, 10, 26)),
    ("Alberto Fujimori", "PER", datetime.date(1990, 7, 28), datetime.date(2000, 11, 21)),
    ("Nelson Mandela", "ZAF", datetime.date(1994, 5, 10), datetime.date(1999, 6, 15)),
])
def test_historical_leader_is_government_in_his_term_and_elite_outside_it(
        with_history: ActorDictionary, name: str, country: str, term_start: datetime.date,
        term_end: datetime.date) -> None:
    person = _person(with_history, name)
    for day in (term_start, term_end, term_start + (term_end - term_start) / 2):
        assert person.actor(name, day).code == country + "GOV"  # type: ignore[union-attr]
    for day in (term_start - datetime.timedelta(days=1), term_end + datetime.timedelta(days=1),
                datetime.date(2012, 6, 1)):
        assert person.actor(name, day).code == country + "ELI"  # type: ignore[union-attr]


def test_a_role_phoenix_gives_after_an_overlapping_one_keeps_its_later_days(with_history: ActorDictionary) -> None:
    # [UGAELI 620101-000101] then [UGAGOV >860126]: PETRARCH codes the first match, so GOV from 2000 on
    museveni = _person(with_history, "Yoweri Museveni")
    assert museveni.actor("Museveni", datetime.date(1995, 1, 1)).code == "UGAELI"  # type: ignore[union-attr]
    assert museveni.actor("Museveni", datetime.date(2005, 1, 1)).code == "UGAGOV"  # type: ignore[union-attr]


def test_coder_codes_historical_people_by_the_article_date(coder) -> None:  # type: ignore[no-untyped-def]
    def source(on: datetime.date) -> list[str]:
        article = Article(id=f"kohl-{on}", text="Helmut Kohl criticised France on Monday.", date=on, title="")
        return [e.source.code for e in coder.code_article(article) if e.source is not None]

    assert "DEUGOV" in source(datetime.date(1990, 3, 1))
    assert "DEUELI" in source(datetime.date(2003, 3, 1))


# ------------------------------------------------------------------------------------------ precedence

def test_actors_yaml_phrases_keep_their_meaning(with_history: ActorDictionary,
                                                 without_history: ActorDictionary) -> None:
    for table in ("phrases", "exact"):
        ours, merged = getattr(without_history, table), getattr(with_history, table)
        changed = [key for key, entries in ours.items() if merged.get(key) != entries]
        assert changed == [], changed[:5]
    assert len(with_history.phrases) > len(without_history.phrases) + 20_000
    assert with_history.agents == without_history.agents


def test_current_office_holders_keep_their_current_roles(with_history: ActorDictionary,
                                                        without_history: ActorDictionary,
                                                        historical: CompiledSource) -> None:
    on = datetime.date(2022, 1, 18)
    for phrase, code in (("putin", "RUSGOV"), ("lavrov", "RUSGOV"), ("biden", "USAGOV"), ("scholz", "DEUGOV")):
        assert [e.actor(phrase, on).code for e in with_history.phrases[(phrase,)]] == [code]  # type: ignore[union-attr]
    # a historical person also named in actors.yaml is filed under none of his names
    ours = {key for key, entries in without_history.phrases.items() if any(e.kind == "person" for e in entries)}
    names: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in historical.phrases:
        if phrase.entry.kind == "person":
            names[id(phrase.entry)].append(ActorDictionary.key(phrase.tokens)[1])
    entries = {id(p.entry): p.entry for p in historical.phrases}
    for entry_id, keys in names.items():
        if set(keys) & ours:
            assert all(entries[entry_id] not in with_history.phrases.get(key, []) for key in keys)


def test_actors_yaml_outranks_the_historical_data_for_the_same_phrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, without_history: ActorDictionary) -> None:
    older = compile_yaml("older.yaml", "organizations:\n  - {code: ZZAREB, names: [Moscow, Zed Front], country: null}\n"
                         "people:\n  - name: Vladimir Putin\n    aliases: [Old Vlad]\n    roles:\n"
                         "      - {code: ZZAGOV, from: null, until: null}\n")
    monkeypatch.setattr(compiled_actors, "load_historical", lambda: (b"older", older))
    nothing = tmp_path / "nothing.yaml"  # another list of files: not the dictionary loaded before
    nothing.write_text("agents: {}\n", "utf-8")
    merged = load_dictionary([nothing])
    assert merged.phrases[("moscow",)] == without_history.phrases[("moscow",)]
    assert [e.code for e in merged.phrases[("zed", "front")]] == ["ZZAREB"]
    assert ("old", "vlad") not in merged.phrases  # the older Putin is left out under all his names
    assert merged.phrases[("putin",)] == without_history.phrases[("putin",)]


def test_user_file_outranks_both_and_replaces_a_historical_person_entirely(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text("people:\n  - name: Helmut Kohl\n    roles:\n      - {code: ZZAGOV, from: null, until: null}\n"
                    "organizations:\n  - code: ZZAREB\n    names: [Unita]\n    country: ZZA\n", "utf-8")
    mine = load_dictionary([user])
    on = datetime.date(1990, 3, 1)
    assert [e.actor("Helmut Kohl", on).code for e in mine.phrases[("helmut", "kohl")]] == ["ZZAGOV"]  # type: ignore[union-attr]
    # his other historical names ("Chancellor Kohl") would keep the old roles: the old entry is left out
    assert ("chancellor", "kohl") in load_dictionary().phrases and ("chancellor", "kohl") not in mine.phrases
    assert [e.code for e in mine.phrases[("unita",)]] == ["ZZAREB"]


def test_digest_covers_the_historical_data(with_history: ActorDictionary,
                                           without_history: ActorDictionary) -> None:
    assert with_history.digest != without_history.digest and len(with_history.digest) == 16


# ---------------------------------------------------------------------------------------- the importer

def test_importer_leaves_out_a_person_tocsin_already_has(tmp_path: Path) -> None:
    known = next(p for p in sorted(package_actors().people) if re.fullmatch(r"[a-z]+( [a-z]+)+", p))
    source = tmp_path / "p.actors.txt"
    source.write_text(f"{known.upper().replace(' ', '_')}_\n+ZORBLAT_THE_ELDER_\n\t[FRAGOV 20000101-20080507]\n"
                      "ZORBLAT_THE_YOUNGER_\n\t[FRAELI 19800101-20000101]\n\t[FRAGOV >19900101]\n", "utf-8")
    result = import_petrarch([source], tmp_path / "out")
    text = (tmp_path / "out" / "petrarch_actors.yaml").read_text("utf-8")
    assert "zorblat the elder" not in text.lower() and "zorblat the younger" in text.lower()
    assert "a person tocsin's own dictionary has" in format_summary(result)
    # the younger's GOV role keeps the days his earlier ELI role leaves
    assert '{code: "FRAGOV", from: 2000-01-01, until: null}' in text


# --------------------------------------------------------------------------------------- compiled cache

def _big_dictionary(count: int = 400) -> str:
    rows = ["organizations:"]
    for i in range(count):
        rows += [f"  - code: ZZAREB{i}", f"    names: [Zed Liberation Front Number {i}, Zed-Front {i}]",
                 "    country: null"]
    rows += ["people:", "  - name: Ada Quist", "    aliases: [Quist]", "    roles:",
             "      - {code: ZZAGOV, from: 2019-05-01, until: 2024-05-01}"]
    text = "\n".join(rows) + "\n"
    assert len(text.encode()) >= CACHE_MIN_BYTES
    return text


class _CountingTokenizer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, phrases: Any) -> list[tuple[str, ...]]:
        self.calls += 1
        return spacy_tokenize(phrases)


def test_large_file_is_compiled_once_then_read_from_the_cache(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    content = _big_dictionary().encode()
    tokenize = _CountingTokenizer()
    first = load_yaml_source("big.yaml", content, tokenize)
    assert tokenize.calls == 1 and len(list((tmp_path / "cache" / "actors").glob("*.json"))) == 1
    second = load_yaml_source("big.yaml", content, tokenize)
    assert tokenize.calls == 1  # no YAML, no validation, no tokenizer
    assert second == first == compile_yaml("big.yaml", content.decode(), spacy_tokenize)
    assert ("Zed-Front 1", ("Zed", "-", "Front", "1")) in [(p.text, p.tokens) for p in second.phrases]
    # another content is another key
    load_yaml_source("big.yaml", content.replace(b"Ada Quist", b"Ada Quest"), tokenize)
    assert tokenize.calls == 2 and len(list((tmp_path / "cache" / "actors").glob("*.json"))) == 2


def test_unreadable_cache_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    content = _big_dictionary().encode()
    tokenize = _CountingTokenizer()
    expected = load_yaml_source("big.yaml", content, tokenize)
    (cached,) = (tmp_path / "cache" / "actors").glob("*.json")
    for garbage in (b"", b"{not json", b'{"format": "tocsin-compiled-actors/1", "entries": [[1]]}',
                    cached.read_bytes()[: len(cached.read_bytes()) // 2]):
        cached.write_bytes(garbage)
        calls = tokenize.calls
        assert load_yaml_source("big.yaml", content, tokenize) == expected
        assert tokenize.calls == calls + 1
        assert json.loads(cached.read_bytes())["format"] == compiled_actors.FORMAT  # rewritten whole


def test_cache_that_cannot_be_written_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker))
    source = load_yaml_source("big.yaml", _big_dictionary().encode())
    assert len(source.phrases) == 802


def test_small_files_and_invalid_files_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    load_yaml_source("small.yaml", b"organizations:\n  - {code: ZZAREB, names: [Zed Front], country: null}\n")
    bad = _big_dictionary().replace("code: ZZAREB7\n", "code: zzareb7\n").encode()
    with pytest.raises(DictionaryError, match=r"bad\.yaml:\d+: field 'organizations.code'"):
        load_yaml_source("bad.yaml", bad)
    assert not (tmp_path / "cache" / "actors").exists() or not list((tmp_path / "cache" / "actors").iterdir())


def test_user_dictionaries_load_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    user = tmp_path / "big.yaml"
    user.write_text(_big_dictionary(), "utf-8")
    loaded = load_dictionary([user])
    assert [e.code for e in loaded.phrases[("zed", "liberation", "front", "number", "7")]] == ["ZZAREB7"]
    assert {p.name for p in (tmp_path / "cache" / "actors").glob("*.json")}  # written for the next run


def test_historical_data_is_split_afresh_for_another_tokenizer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               historical: CompiledSource) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(compiled_actors, "tokenizer_identity", lambda: "another-model==9.9 spacy==9.9")
    seen: list[int] = []

    def whitespace(phrases: Any) -> list[tuple[str, ...]]:
        seen.append(len(phrases))
        return [tuple(p.split()) for p in phrases]

    _, resplit = load_historical(whitespace)
    assert seen == [len(historical.phrases)]
    assert [p.text for p in resplit.phrases] == [p.text for p in historical.phrases]
    assert ("Al", "-", "Qaeda") not in {p.tokens for p in resplit.phrases}
    _, again = load_historical(whitespace)  # cached: split once
    assert seen == [len(historical.phrases)] and again == resplit
