"""Every CAMEO code is reachable from ordinary news prose.

tests/data/cameo_sentences.tsv holds one wire-style sentence per code of the codebook, written from the
codebook's description of that code (not from the verb dictionary), with the source and target a reader
would name (an actor code prefix: "RUS", "IGOWSTNAT", "NGO"; empty where none is checked). Each sentence must
come out with exactly that code, and then with that source and target.

A root code (01 .. 20) means the same as its "not specified" code (010 .. 200) in the codebook. The verb
dictionary reaches the root through idioms and light-verb phrases ("issued a threat", "took up arms",
"flexed its military muscle") and the x0 code through the plain verb ("threatened"), so the root sentences
are written with such phrasing.

Where the sentence is natural but the coder's logic, the parser or the actor dictionary (not the verb data)
is what fails, the row is an expected failure below, with the reason; they are strict, so a fix elsewhere
shows up here as an unexpected pass and the entry must then be removed.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tocsin.models import Article, Event
from tocsin.ontology import all_codes

from .conftest import SHARED

SENTENCES = Path(__file__).resolve().parent / "data" / "cameo_sentences.tsv"
REFERENCE = SHARED / "reference" / "cameo_eventcodes_goldstein_quad.csv"
REPORT_DATE = datetime.date(2022, 1, 18)

# --- why a natural sentence does not (yet) come out with its code
_UNDER_OBJECT = ("what decides the code sits in a phrase under the object ({}); verbs._object_lemmas reads "
                 "objects two steps down only")
_CONTAINER = "the object is a container ({}) that verbs._MEASURES does not look through"
_NOUN_CLAUSE = ("the demand is a clause on the protest noun ({}); acl/relcl are not object dependencies in "
                "verbs._object_lemmas")
CODE_GAPS: dict[str, str] = {
    "0233": "parser: sentence-initial 'Tonga' is tagged as an adverb, so 'requested' has no subject",
    "044": "a 'third' location needs knowing that Geneva belongs to neither party",
    "083": _UNDER_OBJECT.format("'demands for political reform'"),
    "0832": "only the context ('after weeks of protests') makes revoking a licence a concession; alone it is 172",
    "0862": "'allowed inspectors to visit': the inspectors are the complement's subject, not an object",
    "102": "'back its bid' and 'back down' (105) differ only by the embedded verb's particle, which frames cannot see",
    "105": "'back down' and 'back its bid' (102) differ only by the embedded verb's particle, which frames cannot see",
    "113": "'rallied governments against X' (113) and 'rallied against the government' (141) have the same "
           "object lemmas; patterns cannot tell a direct object from a prepositional one",
    "1212": _UNDER_OBJECT.format("'a proposal for joint patrols'"),
    "1233": _UNDER_OBJECT.format("'demands ... for official language status'"),
    "140": _CONTAINER.format("'acts of civil disobedience'"),
    "1414": _UNDER_OBJECT.format("'the restoration of parliament'"),
    "1421": _NOUN_CLAUSE.format("'a hunger strike to demand ...' parsed as a relative clause"),
    "1424": _NOUN_CLAUSE.format("'a hunger strike demanding independence'"),
    "1431": _NOUN_CLAUSE.format("'a nationwide strike demanding the resignation'"),
    "1443": "actors: the capitalised 'Indigenous' keeps 'Ecuadorians' from matching as a demonym (no source)",
    "1454": _NOUN_CLAUSE.format("'police demanding full democracy'"),
    "1663": "the expelled body is a named NGO (Doctors Without Borders); patterns see words, not actor types",
    "1721": "the closed organisation is named only in an apposition ('Memorial, the ... rights group')",
    "193": _UNDER_OBJECT.format("'positions with small arms and mortars'"),
    "201": "the expelled people are named by an ethnonym (Rohingya), which no object group can list",
    "204": _UNDER_OBJECT.format("'weapons of mass destruction'") + "; 'use' is no carrier verb for the noun",
}

# --- why the code comes out but not with the dyad a reader names
_TARGET_UNDER_OBJECT = ("the target is in a phrase attached to the object or complement ({}); "
                        "arguments.target_heads does not look there")
DYAD_GAPS: dict[str, str] = {
    "030": _TARGET_UNDER_OBJECT.format("'ready to work with Nicaragua'"),
    "0314": "target: arguments.TARGET_PREPS tries 'on' (Russian troop movements) before 'with' (Ukraine)",
    "064": "target: arguments.TARGET_PREPS tries 'on' (Russian troop movements) before 'with' (Ukraine)",
    "0331": _TARGET_UNDER_OBJECT.format("'euros in ... aid to Ukraine'"),
    "045": "target: 'talks between the United States and the Taliban' is not a target preposition",
    "062": "target: 'in the East China Sea' resolves to China and wins over the joint-action partner",
    "063": "target: the extradited person (a Russian hacker) is taken before the receiving state ('to the US')",
    "086": "target: the ICC is the subject of the complement clause ('allowed the ICC to open ...')",
    "092": _TARGET_UNDER_OBJECT.format("'abuses in Ethiopia'"),
    "1033": "target: 'for Syrian refugees' is taken before 'from the United Nations'",
    "108": "parser: 'mediate' is tagged as a noun, so the EU is not the subject of what is demanded",
    "136": "target: 'out of Mali' (a preposition under the particle) is not searched",
    "1422": _TARGET_UNDER_OBJECT.format("'to protest Israel's policy'"),
    "1623": _TARGET_UNDER_OBJECT.format("'people in Yemen'"),
    "1711": _TARGET_UNDER_OBJECT.format("'a yacht belonging to a Russian businessman'"),
    "1833": "target: the victims are in a relative clause ('a bomb that killed three Iraqi soldiers')",
}


@dataclass(frozen=True)
class Case:
    code: str
    sentence: str
    source: str
    target: str


def _cases() -> list[Case]:
    with SENTENCES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(r["code"], r["sentence"], r["source"] or "", r["target"] or "") for r in rows]


CASES = _cases()


def _params(gaps: dict[str, str]) -> list[Any]:
    return [pytest.param(c, id=c.code, marks=pytest.mark.xfail(reason=gaps[c.code], strict=True))
            if c.code in gaps else pytest.param(c, id=c.code) for c in CASES]


def _code(coder, text: str, key: str) -> list[Event]:  # type: ignore[no-untyped-def]
    article = Article(id=f"cameo-sentence-{key}", text=text, date=REPORT_DATE, title="")
    return coder.code_article(article)  # type: ignore[no-any-return]


_CODED: dict[str, list[Event]] = {}


def _coded(coder, case: Case) -> list[Event]:  # type: ignore[no-untyped-def]
    """Each sentence is coded once for both the code and the dyad test."""
    if case.code not in _CODED:
        _CODED[case.code] = _code(coder, case.sentence, case.code)
    return _CODED[case.code]


def _describe(events: list[Event]) -> str:
    return "\n".join(f"  {e.cameo} {e.source.code if e.source else '-'} -> {e.target.code if e.target else '-'} "
                     f"{e.modality}" for e in events) or "  (no events)"


def test_the_file_is_well_formed() -> None:
    codes = [c.code for c in CASES]
    assert len(codes) == len(set(codes)), "a code has two rows"
    for case in CASES:
        assert case.sentence.strip() == case.sentence and case.sentence.endswith("."), case
        for actor in (case.source, case.target):
            assert actor == "" or (actor.isupper() and actor.isalpha() and len(actor) >= 3), case


def test_every_ontology_code_has_a_sentence() -> None:
    ours = {case.code for case in CASES}
    missing = [f"{c.code} {c.name}" for c in all_codes() if c.code not in ours]
    assert not missing, missing
    assert not ours - {c.code for c in all_codes()}


def test_every_reference_code_has_a_sentence() -> None:
    if not REFERENCE.exists():
        pytest.skip(f"CAMEO reference not available at {REFERENCE}")
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        reference = {row["cameo_code"] for row in csv.DictReader(f)}
    assert reference == {case.code for case in CASES}


def test_gap_lists_name_real_rows() -> None:
    codes = {case.code for case in CASES}
    assert set(CODE_GAPS) <= codes and set(DYAD_GAPS) <= codes
    assert not set(CODE_GAPS) & set(DYAD_GAPS), "a row is either a code gap or a dyad gap"


@pytest.mark.parametrize("case", _params(CODE_GAPS))
def test_sentence_codes_as_its_code(coder, case: Case) -> None:  # type: ignore[no-untyped-def]
    events = _coded(coder, case)
    assert any(e.cameo == case.code for e in events), \
        f"{case.code} not coded from: {case.sentence}\n{_describe(events)}"


@pytest.mark.parametrize("case", _params({**CODE_GAPS, **DYAD_GAPS}))
def test_sentence_codes_its_dyad(coder, case: Case) -> None:  # type: ignore[no-untyped-def]
    events = _coded(coder, case)
    fitting = [
        e for e in events
        if e.cameo == case.code
        and (not case.source or (e.source is not None and e.source.code.startswith(case.source)))
        and (not case.target or (e.target is not None and e.target.code.startswith(case.target)))
    ]
    assert fitting, (f"{case.code} not coded as {case.source or '*'} -> {case.target or '*'} from: "
                     f"{case.sentence}\n{_describe(events)}")


# --------------------------------------------------------------------------- never a silent default code

def test_a_trigger_without_an_actor_is_counted_not_coded(coder) -> None:  # type: ignore[no-untyped-def]
    """A known trigger whose actor cannot be identified gives no event (no fallback actor, no fallback code)
    and is counted as uncodable."""
    before = coder.unknown
    assert _code(coder, "Unidentified gunmen attacked a convoy outside the town on Tuesday.", "unknown-1") == []
    assert coder.unknown == before + 1


def test_a_verb_outside_the_dictionary_gives_no_event(coder) -> None:  # type: ignore[no-untyped-def]
    """An actor doing something the dictionary has no pattern for gets no event, not a generic 010 or x0
    code, and is not counted as an uncodable trigger either (there was no trigger)."""
    before = coder.unknown
    assert _code(coder, "Russia's ambassador wore a blue tie at the reception on Tuesday.", "unknown-2") == []
    assert coder.unknown == before


def test_only_the_uncodable_trigger_is_counted(coder) -> None:  # type: ignore[no-untyped-def]
    """In one article, the codable trigger is coded and only the one without an actor is counted."""
    before = coder.unknown
    text = ("Ukraine accused Russia of aggression on Tuesday. "
            "Masked gunmen attacked a police station in the port on the same day.")
    assert [e.cameo for e in _code(coder, text, "unknown-3")] == ["1123"]
    assert coder.unknown == before + 1
