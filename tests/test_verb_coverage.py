"""Common news verbs that the verb dictionary codes, found by auditing data/verbs.yaml against the
PETRARCH2 verb dictionary (CAMEO.2.0.txt) and news usage.

Each row is a short wire-style sentence, the word that must trigger the event, and the CAMEO root the event
must have. Before the audit these sentences came out uncoded or under another root (a sanctions "hit" was
fighting, a "decision" that was "attacked" was fighting, "called ... unjustified" was a phone call). The
trigger word is checked as well as the root, so that another word of the sentence cannot stand in for it.
"""

from __future__ import annotations

import datetime
import re

import pytest

from tocsin.models import Article, Event

REPORT_DATE = datetime.date(2022, 1, 18)

# sentence, trigger as written in the sentence, CAMEO root
COVERAGE: list[tuple[str, str, str]] = [
    # 01 statements: denials and pessimism phrased with a complement
    ("Moscow called the accusations baseless.", "called", "01"),
    ("Russia notified Norway of the missile test.", "notified", "01"),
    ("Germany cautioned against the risk of escalation.", "cautioned", "01"),
    # 02 appeals
    ("The United States advised Americans to leave Ukraine.", "advised", "02"),
    ("The IMF recommended that Ukraine raise taxes.", "recommended", "02"),
    # 03 intent
    ("Turkey accepted an invitation to the summit.", "accepted", "03"),
    ("Germany assured Ukraine of its support.", "assured", "03"),
    ("The IMF approved a loan to Ukraine.", "approved", "03"),
    # 04 consult
    ("Vladimir Putin attended the summit in Beijing.", "attended", "04"),
    ("French President Emmanuel Macron contacted Vladimir Putin on Monday.", "contacted", "04"),
    ("Russia took part in the talks in Geneva.", "took", "04"),
    ("Russia sent a delegation to Istanbul for talks with Ukraine.", "sent", "04"),
    ("Erdogan gave a warm welcome to Zelensky.", "gave", "04"),
    # 07 aid
    ("Poland helped Ukrainian refugees.", "helped", "07"),
    ("Russia supplied medications to Syria.", "supplied", "07"),
    # 08 yield
    ("Russia reduced its forces near the Ukrainian border.", "reduced", "08"),
    ("Hamas handed over the hostages to Egypt.", "handed", "08"),
    ("Israel honoured the truce.", "honoured", "08"),
    # 11 disapprove
    ("The United States blasted Russia's decision to recognize the separatists.", "blasted", "11"),
    ("Ukraine attacked Russia's decision to recognize the breakaway regions.", "attacked", "11"),
    ("Russia called the sanctions unjustified.", "called", "11"),
    ("Russia and Ukraine traded accusations over the shelling.", "traded", "11"),
    # 12 reject
    ("The EU maintained sanctions on Russia.", "maintained", "12"),
    # 15 force posture
    ("Russia declared a partial mobilization.", "declared", "15"),
    # 16 reduce relations, sanctions
    ("Russia and Georgia broke diplomatic relations.", "broke", "16"),
    ("The European Union delayed the talks with Turkey.", "delayed", "16"),
    ("The European Union applied sanctions against Belarus.", "applied", "16"),
    ("The United States hit Russia with sanctions.", "hit", "16"),
    ("Russia cut gas supplies to Europe.", "cut", "16"),
    # 17 coerce
    ("The United States stepped up pressure on Iran.", "stepped", "17"),
    ("Kazakh police killed protesters in Almaty.", "killed", "17"),
    ("Russia placed Navalny under house arrest.", "placed", "17"),
    ("Belarus prohibited the rally of the opposition.", "prohibited", "17"),
    ("The US Navy intercepted an Iranian arms shipment.", "intercepted", "17"),
    # 18 assault
    ("Iran executed a British national.", "executed", "18"),
    # 19 fight
    ("Russian troops wounded five Ukrainian soldiers near Avdiivka.", "wounded", "19"),
    ("Ukrainian forces defeated Russian troops near Kyiv.", "defeated", "19"),
    ("Israeli troops skirmished with Hezbollah fighters on the border.", "skirmished", "19"),
    ("Russian forces advanced on Kyiv from the north.", "advanced", "19"),
    ("Ukrainian air defences intercepted Russian missiles over Kyiv.", "intercepted", "19"),
    ("Russian and Ukrainian forces traded fire along the front line.", "traded", "19"),
    ("Ukrainian troops liberated the town of Izium from Russian forces.", "liberated", "19"),
    ("Rebels captured two army bases in Mali.", "captured", "19"),
    ("Russian troops seized the nuclear power plant in Ukraine.", "seized", "19"),
    ("Ukrainian forces pushed back Russian troops near Kharkiv.", "pushed", "19"),
    ("Russian forces assaulted Ukrainian positions near Bakhmut.", "assaulted", "19"),
    ("Russia used cluster munitions against Ukraine.", "used", "19"),
]


def _trigger_span(sentence: str, trigger: str) -> tuple[int, int]:
    found = list(re.finditer(rf"\b{re.escape(trigger)}\b", sentence))
    assert len(found) == 1, f"trigger {trigger!r} must occur once in {sentence!r}"
    return found[0].start(), found[0].end()


def _describe(events: list[Event]) -> str:
    return "\n".join(f"  {e.cameo} {e.sentence[e.verb_span.start:e.verb_span.end]!r} "
                     f"{e.source.code if e.source else '-'} -> {e.target.code if e.target else '-'}"
                     for e in events) or "  (no events)"


def test_the_table_is_well_formed() -> None:
    sentences = [s for s, _, _ in COVERAGE]
    assert len(sentences) == len(set(sentences))
    assert len({root for _, _, root in COVERAGE}) >= 12, "the table should cover most CAMEO roots"
    for sentence, trigger, root in COVERAGE:
        assert re.fullmatch(r"(0[1-9]|1\d|20)", root), root
        _trigger_span(sentence, trigger)


@pytest.mark.parametrize("sentence,trigger,root", COVERAGE, ids=[f"{r}-{t}" for _, t, r in COVERAGE])
def test_news_verb_is_coded_under_its_root(coder, sentence: str, trigger: str, root: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(id=f"verb-coverage-{root}-{trigger}", text=sentence, date=REPORT_DATE, title="")
    events: list[Event] = coder.code_article(article)
    start, end = _trigger_span(sentence, trigger)
    at_trigger = [e for e in events if e.verb_span.start < end and start < e.verb_span.end]
    assert any(e.cameo_root == root for e in at_trigger), (
        f"{sentence!r}: expected a CAMEO {root} event triggered by {trigger!r}; got\n{_describe(events)}")
