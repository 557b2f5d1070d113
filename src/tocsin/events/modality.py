"""How the text presents an event: asserted, reported, threatened, planned, hypothetical, negated, feared.

The cues are read on the path from the event's trigger up to the root of its sentence: a fear verb above
the trigger makes it feared ("the West fears an imminent invasion"), a conditional clause makes it
hypothetical ("in the event of an invasion"), a speech verb makes it reported and names the speaker.
When several apply, the most cautious wins (see ``_PRECEDENCE``). "historical" is decided from dates (when.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Modality

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "claim", "argue", "explain", "announce", "report", "insist", "assure",
    "stress", "note", "write", "declare", "reiterate", "allege", "confirm", "acknowledge", "admit",
    "emphasize", "emphasise", "underline", "maintain", "suggest", "believe", "think", "warn", "accuse",
    "charge", "reply", "respond", "tweet", "post", "recall", "indicate", "estimate", "predict", "hint",
    "signal", "contend", "complain", "deny", "assert", "affirm", "disclose", "reveal", "testify",
})
# Verbs that attribute an act to their object ("accused X of", "blamed X for", "praised X for").
ALLEGING_WORDS = frozenset({"accuse", "blame", "charge", "suspect", "condemn", "criticize", "criticise",
                            "denounce", "praise", "thank", "convict", "fault", "censure", "commend"})
PREVENTING_WORDS = frozenset({"prevent", "stop", "bar", "ban", "deter", "dissuade", "keep", "block", "prohibit",
                              "forbid", "restrain", "refrain"})
FEAR_WORDS = frozenset({"fear", "worry", "dread", "concern", "afraid", "anxious", "alarm", "scare", "panic",
                        "nervous", "apprehension", "anxiety"})
THREAT_WORDS = frozenset({"threaten", "threat", "vow", "ultimatum"})
NEGATING_WORDS = frozenset({"deny", "refuse", "reject", "dismiss", "rule", "decline", "rebuff", "rebut",
                            "refute", "fail", "avoid", "abandon", "cancel", "halt", "stop", "prevent"})
PLAN_WORDS = frozenset({"plan", "intend", "prepare", "aim", "decide", "agree", "seek", "want", "hope",
                        "schedule", "expect", "pledge", "promise", "propose", "offer", "set", "due",
                        "consider", "mull", "weigh", "vote", "ready", "willing", "open", "committed",
                        "determined", "eager", "keen"})
# What someone demands or urges has not happened: "demanded the withdrawal of Serbian forces".
DEMAND_WORDS = frozenset({"demand", "urge", "call", "ask", "appeal", "request", "press", "push", "insist",
                          "plead", "petition", "lobby"})
HYPOTHETICAL_NOUNS = frozenset({"pretext", "excuse", "possibility", "prospect", "risk", "danger", "scenario",
                                "likelihood", "chance", "probability", "option", "threat"})
HYPOTHETICAL_ADJ = frozenset({"possible", "potential", "hypothetical", "likely", "probable", "eventual",
                              "feared", "alleged", "rumored", "rumoured"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "ought"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})

_PRECEDENCE: tuple[Modality, ...] = (
    "negated", "feared", "hypothetical", "threatened", "planned", "reported", "asserted",
)


# Plan words that report a decision taken rather than an intention announced ("decided to supply").
DECISION_WORDS = frozenset({"decide", "vote"})
_INTENT = "intent"  # a cue beside the modalities: the actor states what it will do
# "would" on the trigger: under a past speech verb it is the reported form of "will" ("Iraq said it would
# allow the inspectors back" reports "Iraq will allow"); anywhere else it is conditional.
_BACKSHIFT = "would"
_WILLING = "willing"


@dataclass(frozen=True)
class Framing:
    modality: Modality
    speech_verb: Token | None  # the verb of saying that frames the event, if any
    # the action is announced as the actor's own future step ("will send", "is ready to meet", "plans to"),
    # which CAMEO codes as an expression of intent (03)
    intended: bool = False
    # the actor declares itself ready, willing or open to act ("is ready for dialogue"): always an intent,
    # never a scheduled step
    willing: bool = False


def _own_cues(tok: Token, cues: set[str], *, is_trigger: bool) -> None:
    for child in tok.children:
        lower = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no"):
            cues.add("negated")
        elif child.dep_ in ("aux", "auxpass"):
            if lower == "would" and is_trigger:
                cues.add(_BACKSHIFT)  # decided in frame(): the reported "will", or a conditional
            elif lower in HYPOTHETICAL_MODALS:
                cues.add("hypothetical")
            elif lower in FUTURE_MODALS or (lower == "going" and is_trigger):
                cues.update(("planned", _INTENT))
        elif (child.dep_ == "mark" and lower in CONDITIONAL_MARKS) or (
                child.dep_ == "amod" and child.lemma_.lower() in HYPOTHETICAL_ADJ):
            cues.add("hypothetical")


def frame(trigger: Token) -> Framing:
    """Modality of the event triggered by ``trigger`` and the speech verb that reports it."""
    cues: set[str] = set()
    speech: Token | None = None
    _own_cues(trigger, cues, is_trigger=True)
    child = trigger
    node = trigger.head
    steps = 0
    described = False  # passed up out of a relative clause in the past tense
    while child.i != node.i and steps < 12:
        steps += 1
        lemma = node.lemma_.lower()
        edge = child.dep_
        clausal = edge in ("ccomp", "xcomp", "parataxis", "advcl", "dobj", "conj", "pcomp", "acl", "relcl",
                           "pobj", "prep", "attr", "nsubj")
        if described:
            # past a relative clause ("must return the helicopter that its forces captured") only who says it
            # still applies: the described fact is not under the governing clause's modals or demands
            if _reports(edge, lemma) and speech is None:
                speech = node
                cues.add("reported")
            child, node = node, node.head
            continue
        if edge in ("relcl", "advcl") and child.tag_ == "VBD" and not _is_conditional(child):
            described = True  # a past-tense relative or adverbial clause states a fact of its own
            child, node = node, node.head
            continue
        if edge == "advcl" and _is_conditional(child):
            cues.add("hypothetical")
        if clausal and lemma in FEAR_WORDS and edge != "nsubj":
            cues.add("feared")
        elif edge in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl") and lemma in THREAT_WORDS:
            cues.add("threatened")
        elif edge in ("xcomp", "ccomp", "dobj", "pcomp") and lemma in NEGATING_WORDS:
            cues.add("negated")
        elif edge in ("xcomp", "ccomp", "dobj", "pobj", "prep", "dative") and lemma in DEMAND_WORDS \
                and node.pos_ in ("VERB", "NOUN"):
            cues.add("hypothetical")
        elif (edge in ("xcomp", "acl", "pcomp") or (edge == "prep" and node.pos_ == "ADJ")) and lemma in PLAN_WORDS:
            cues.add("planned")
            if lemma not in DECISION_WORDS:
                cues.add(_INTENT)
            if node.pos_ == "ADJ":
                cues.add(_WILLING)
        elif (edge in ("acl", "prep", "relcl", "pobj") and lemma in HYPOTHETICAL_NOUNS and node.pos_ == "NOUN") or (
                lemma in ("event", "case") and node.head.lower_ == "in"):  # "in the event of", "in case of"
            cues.add("hypothetical")
        if _reports(edge, lemma) and speech is None:
            speech = node
            cues.add("reported")
        elif edge == "prep" and child.lower_ in ("of", "for", "with") and speech is None and (
                lemma in ALLEGING_WORDS or (node.dep_ == "dobj" and node.head.lemma_.lower() in ALLEGING_WORDS)):
            # "accused Russia of shelling Kharkiv" (also parsed with "of" on "Russia"): the accuser's claim
            speech = node if lemma in ALLEGING_WORDS else node.head
            cues.add("reported")
        elif edge == "pcomp" and lemma == "without":
            cues.add("negated")  # "ready for dialogue without compromising on principles"
        elif edge == "prep" and child.lower_ == "against" and node.pos_ == "VERB":
            cues.add("hypothetical")  # "warned Russia against invading": what is warned against has not happened
        elif edge == "prep" and child.lower_ == "from" and lemma in PREVENTING_WORDS:
            cues.add("negated")  # "prevented the rebels from entering the city"
        if edge == "xcomp" and _performative(node):
            pass  # "I would like to thank you": the thanks are given, "would" is politeness
        elif steps == 1 and trigger.pos_ == "NOUN" and edge in ("dobj", "nsubjpass") and node.pos_ in ("VERB", "AUX"):
            # "will hold talks", "would launch an attack": the verb carrying a nominal event gives its tense
            _own_cues(node, cues, is_trigger=True)
        elif edge in ("ccomp", "xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "prep", "dobj"):
            _own_cues(node, cues, is_trigger=False) if edge in ("xcomp",) else _negation_only(node, cues)
        child, node = node, node.head
    if speech is None:
        # '"We will send weapons," Wallace said' is often parsed with "said" hanging off the quote's verb
        speech = next((c for c in node.children if c.dep_ in ("parataxis", "advcl") and c.i > trigger.i
                       and c.lemma_.lower() in SPEECH_VERBS and any(g.dep_ == "nsubj" for g in c.children)),
                      None)
        if speech is not None:
            cues.add("reported")
    if _BACKSHIFT in cues:
        reported_will = speech is not None and speech.tag_ == "VBD" and "hypothetical" not in cues
        if reported_will and not _has_condition(trigger):
            cues.update(("planned", _INTENT))
        else:  # "said it would retaliate if ...": a conditional, still announced by the actor itself
            cues.add("hypothetical")
            if reported_will:
                cues.add(_INTENT)
    intended = _INTENT in cues
    for modality in _PRECEDENCE:
        if modality in cues:
            return Framing(modality, speech, intended, _WILLING in cues)
    return Framing("asserted", speech, intended, _WILLING in cues)


def _performative(verb: Token) -> bool:
    """'I would like to', 'we wish to': a speaker doing, politely, what the next verb says."""
    return verb.lemma_.lower() in ("like", "wish", "love") and any(
        c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in verb.children) and any(
        c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children)


def _reports(edge: str, lemma: str) -> bool:
    """Whether a clause hanging by ``edge`` under a verb ``lemma`` is reported speech ("said that ...")."""
    return edge in ("ccomp", "parataxis") and lemma in SPEECH_VERBS


def _is_conditional(clause: Token) -> bool:
    """Whether a clause is introduced by if/unless/whether/lest."""
    return any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in clause.children)


def _has_condition(trigger: Token) -> bool:
    """Whether the trigger carries its own if/unless clause ("would retaliate if NATO expands")."""
    return any(c.dep_ == "advcl" and _is_conditional(c) for c in trigger.children)


def _negation_only(tok: Token, cues: set[str]) -> None:
    # A negated governing verb negates its complement ("did not plan to invade"), a conditional one makes
    # it hypothetical; other cues of the governor (its own tense) do not carry down.
    for child in tok.children:
        if child.dep_ == "neg" and tok.pos_ in ("VERB", "AUX"):
            cues.add("negated")
        elif child.dep_ == "det" and child.lower_ == "no" and tok.pos_ == "NOUN" and tok.lemma_.lower() in PLAN_WORDS:
            cues.add("negated")  # "had no plans to attack Ukraine"
        elif child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MODALS and tok.pos_ == "VERB":
            cues.add("hypothetical")
