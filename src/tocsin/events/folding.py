"""Post-processing of a sentence's drafted events: frames folded into composite codes, announced acts made
intents or threats, statements made accusations, one event per happening, and the tests on triggers
(background topics, questions, agentless clauses) those steps and the coder share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import arguments
from .compose import FRAME_ROOTS, composite
from .draft import _Draft

if TYPE_CHECKING:
    from spacy.tokens import Token

_ACCUSE_CODE = "112"
# Saying that someone else coerced, assaulted, fought or killed is accusing them.
_VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})
# Prepositions whose nominal object only dates or qualifies the main event.
_BACKGROUND_PREPS = frozenset({"since", "after", "before", "following", "despite", "until"})
# Where an action's trigger hangs under a frame's trigger: "agreed to send", "demanded the withdrawal",
# "agreed to a ceasefire", "the threat of sanctions", "called on Russia to pull back".
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "acl", "prep"})
_COMPLEMENT_PREPS = frozenset({"to", "for", "of", "on", "about"})
# Actions whose announcement as one's own next step is an expression of intent (03): consult, cooperate,
# aid, yield. Announced conflict is a threat or a forecast, decided elsewhere.
_INTENT_ROOTS = frozenset({"04", "05", "06", "07", "08"})
# Frames about the framer's own future act: intent (03) and threat (13).
_OWN_ACT_FRAMES = frozenset({"03", "13"})
# Coercive actions whose announcement by the actor itself is a threat (13).
_THREAT_ROOTS = frozenset({"14", "16", "17", "18", "19", "20"})
_TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "around"})
# Nouns of talk and framing whose prepositional object is a topic: "the discussion on", "the context of".
_TOPIC_HEADS = frozenset({"discussion", "conversation", "context", "situation", "issue", "question", "matter",
                          "assessment", "information", "account", "detail", "progress", "goal", "reason",
                          "course", "aspect", "development", "view", "light", "background", "backdrop",
                          "framework", "topic", "subject", "outcome", "result", "consequence", "impact"})


def _frame_of(draft: _Draft, by_trigger: dict[int, list[_Draft]]) -> list[_Draft]:
    """The drafts of the frame (appeal, intent, demand, rejection, threat) whose complement ``draft``'s
    trigger is, if any, up to three dependency steps above it."""
    node = draft.trigger
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return []
        if node.dep_ in ("pobj", "pcomp"):
            if head.lower_ not in _COMPLEMENT_PREPS:
                return []
        elif node.dep_ == "advcl":
            # "called on Moscow to pull back": an infinitive without a subordinator is the thing asked
            if any(c.dep_ == "mark" for c in node.children) or not any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                return []
        elif node.dep_ not in _COMPLEMENT_DEPS:
            return []
        frames = [d for d in by_trigger.get(head.i, []) if d.pattern_code[:2] in FRAME_ROOTS]
        if frames:
            return frames
        if by_trigger.get(head.i):  # another event's trigger sits in between
            return []
        node = head
    return []


def _compose(drafts: list[_Draft], by_trigger: dict[int, list[_Draft]]) -> list[_Draft]:
    """Fold each action under an appeal, intent, demand, rejection or threat into the frame's composite
    CAMEO code, and code an action announced as the source's own next step as an intent (03)."""
    absorbed: set[int] = set()
    for draft in drafts:
        frames = _frame_of(draft, by_trigger)
        if frames and frames[0].pattern_code[:2] in _OWN_ACT_FRAMES and draft.source.country not in {
                f.source.country for f in frames}:
            # "the US warned that Russia could invade": a threat or promise covers the framer's own acts only;
            # another's act under it stays its own event
            frames = []
        if not frames:
            continue
        code = composite(frames[0].pattern_code[:2], draft.pattern_code)
        if code is None:
            continue
        absorbed.add(id(draft))
        for frame in frames:
            if frame.pattern_code[2:] in ("", "0"):  # a bare frame takes the specific code
                frame.pattern_code = code
            frame.composite = True
            if frame.target is None:
                other = draft.target if draft.target is not None and draft.target.code != frame.source.code \
                    else draft.source if draft.source.code != frame.source.code else None
                if other is not None:
                    frame.target = other
                    frame.target_tok = draft.target_tok if other is draft.target else draft.source_tok
    for draft in drafts:
        if id(draft) in absorbed or not draft.intended:
            continue
        if draft.pattern_code[:2] in _THREAT_ROOTS:
            _announce_as_threat(draft)
            continue
        if draft.pattern_code[:2] not in _INTENT_ROOTS:
            continue
        if draft.pattern_code[:2] == "04" and draft.speech_verb is None and not draft.willing:
            continue  # "Putin will hold talks with Xi on Monday": a scheduled meeting, coded as planned talks
        if draft.modality in ("planned", "asserted", "reported"):
            intent = composite("03", draft.pattern_code)
            if intent is not None:
                draft.pattern_code = intent
                draft.composite = True
                if draft.modality == "planned":  # the intent is stated; the act itself is what is planned
                    draft.modality = "reported" if draft.speech_verb is not None else "asserted"
    kept = [d for d in drafts if id(d) not in absorbed]
    for d in kept:
        d.frames = [f for f in d.frames if id(f) not in absorbed]
    return kept


def _announce_as_threat(draft: _Draft) -> None:
    """'Palestinian leaders said they would boycott ...', 'Greece plans to impose restrictions': a coercive act
    an actor announces as its own next step (even on a condition) is, in CAMEO, a threat (13) to do it.
    Another's forecast of the act ("Russia will invade, officials said") is not."""
    speaker = draft.speaker
    if draft.modality in ("negated", "feared") or (
            speaker is not None and speaker.code != draft.source.code and speaker.country != draft.source.country):
        return
    code = composite("13", draft.pattern_code)
    if code is None:
        return
    draft.pattern_code = code
    draft.composite = True
    draft.modality = "reported" if draft.speech_verb is not None else "asserted"


def _own_moved(tok: Token) -> bool:
    """'withdrew its troops', 'sent their peacekeepers': the object is the actor's own, moved, not a target."""
    return tok.dep_ == "dobj" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def _is_main_clause(tok: Token) -> bool:
    """The sentence's main verb, or the subject of it ("The discussion focused on ...")."""
    return tok.dep_ == "ROOT" or (tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT")


def _is_agentless(tok: Token) -> bool:
    """A passive verb without a by-agent, or a noun without a possessor or by-phrase."""
    if tok.pos_ in ("VERB", "AUX"):
        return arguments.is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children)
    return not any(c.dep_ in ("poss", "agent") or (c.dep_ == "prep" and c.lower_ in ("by", "between"))
                   for c in tok.children)


def _is_question(tok: Token) -> bool:
    """Whether the trigger's sentence is a question (ends with "?")."""
    sent = tok.sent
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is not None and last.text == "?"


def _one_per_happening(drafts: list[_Draft]) -> list[_Draft]:
    """One event per code, dyad and modality in a sentence: "held exercises" triggers on the verb and on
    the noun, and both mean the same exercise."""
    # a noun event carried by a verb event of the same root ("launched an invasion") is that verb's event,
    # whatever each one's own tense or date cues say
    verbs = {d.trigger.i: d for d in drafts if d.trigger.pos_ in ("VERB", "AUX")}
    carried: set[int] = set()
    for d in drafts:
        verb = verbs.get(d.trigger.head.i) if d.trigger.pos_ == "NOUN" and d.trigger.dep_ in (
            "dobj", "nsubjpass", "nsubj") else None  # "airstrikes killed 12 people" is one strike
        if verb is None:
            continue
        if verb.pattern_code[:2] != d.pattern_code[:2]:
            if verb.specificity and d.trigger.dep_ == "dobj":
                carried.add(id(d))  # "lodged a protest": the noun is the verb pattern's own object word
            continue
        carried.add(id(d))
        # root idioms ("issue a threat" = 13) stay as written unless the noun names a fine code ("the threat of
        # sanctions" = 1312)
        generic = (len(verb.pattern_code) == 3 and verb.pattern_code.endswith("0")) or (
            len(verb.pattern_code) == 2 and len(d.pattern_code) == 4)
        if generic and len(d.pattern_code) >= 3 and not d.pattern_code.endswith("0"):
            verb.pattern_code = d.pattern_code  # "launched an investigation into abuses": the noun says more
    seen: set[tuple[str, str, str, str]] = set()
    out: list[_Draft] = []
    for d in drafts:
        key = (d.pattern_code, d.source.code, d.target.code if d.target else "", d.modality)
        if key not in seen and id(d) not in carried:
            seen.add(key)
            out.append(d)
    return out


def _background(tok: Token) -> bool:
    """A nominal event that only dates or qualifies the sentence's own ("since last month's invasion"), or is
    what others talk about ("discussed Russia's special military operation", "the situation around the
    operation", "in the context of the operation"): a topic is not a new happening."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in _BACKGROUND_PREPS or prep.lower_ in _TOPIC_PREPS:
        return True
    return prep.head.pos_ == "NOUN" and prep.head.lemma_.lower() in _TOPIC_HEADS


def _upgrade_accusation(speech: _Draft) -> None:
    """A bare statement alleging conflict by someone else against the speaker's own side is an accusation
    against that someone ("Ukraine said Russian forces shelled Kharkiv"). A third party's report ("Thai
    military sources said Vietnamese forces retook the village") is only a report."""
    if not speech.pattern_code.startswith("01") or speech.target is not None:
        return
    for framed in speech.frames:
        if framed.trigger.dep_ in ("relcl", "acl"):
            continue  # "the helicopter that was captured by Sudan": a description, not the allegation
        victim = framed.target.country if framed.target is not None else None
        if framed.pattern_code[:2] in _VIOLENT_ROOTS and framed.source.country != speech.source.country \
                and victim == speech.source.country:
            speech.pattern_code = _ACCUSE_CODE
            speech.target = framed.source
            speech.target_tok = framed.source_tok
            return
