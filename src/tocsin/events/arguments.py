"""Who did it and to whom: the source and target phrases of an event trigger, read off the dependency tree.

Source and target always come from the trigger's own clause or the clauses that govern it (an infinitive
inherits its governor's subject), never from another part of the story.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions whose object is an event's target ("visit to Kyiv", "sanctions against Moscow").
TARGET_PREPS = ("against", "on", "to", "with", "into", "toward", "towards", "at", "upon", "over", "from",
                "for", "in", "about", "of", "onto", "near", "along", "across", "throughout", "between")
# Verbs that carry a nominal event whose agent is the verb's subject ("launch an attack", "hold talks").
CARRIER_VERBS = frozenset({
    "make", "launch", "hold", "conduct", "carry", "stage", "reiterate", "issue", "announce", "impose",
    "begin", "start", "continue", "pay", "have", "deliver", "extend", "offer", "express", "give", "mount",
    "step", "intensify", "escalate", "resume", "renew", "repeat", "voice", "lodge", "file", "level",
    "undertake", "perform", "organize", "organise", "host", "call", "sign", "reach", "conclude", "order",
    "speed", "accelerate", "complete", "finish",
})
# Nouns that hold a batch of nominal events ("a package of sanctions", "a new round of talks").
CONTAINERS = frozenset({"package", "round", "set", "series", "wave", "raft", "batch", "tranche", "list"})
# Verbs whose "on" object is what their subject decides to do ("agreed on a package of sanctions").
DECIDING_VERBS = frozenset({"agree", "decide", "settle", "vote"})
# Nominal events whose "of" object is the one acted upon ("invasion of Ukraine") rather than the agent.
TRANSITIVE_ROOTS = frozenset({"11", "12", "16", "17", "18", "19", "20", "10", "05", "07"})
# Responses (praise, yield, disapprove, reject, accept) whose object's author is their target.
RESPONSE_ROOTS = frozenset({"03", "05", "08", "11", "12"})
# Talks are held in a venue and are about a topic; neither is a party to them.
_VENUE_PREPS = frozenset({"in", "at", "near", "on", "about", "over", "regarding", "concerning", "across",
                          "throughout"})
# Appeals and demands: the act asked for names who is asked.
ASK_ROOTS = frozenset({"02", "10"})
# "France is ready to contribute": the infinitive hangs off the adjective, the adjective off "is"
_INHERIT_EDGES = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "acomp"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _is_attribution(prep: Token) -> bool:
    """'For the United States, Russia is preparing ...': a phrase naming whose view the clause is."""
    first = prep.i == prep.sent.start or prep.doc[prep.i - 1].text in (",", "\n")
    if prep.lower_ not in ("for", "according") or not first:
        return False
    end = max(t.i for t in prep.subtree)
    return end + 1 < len(prep.doc) and prep.doc[end + 1].text == ","


def _pobj(token: Token, *preps: str) -> Iterator[Token]:
    for child in token.children:
        # "sent weapons to Ukraine": the parser often labels a recipient's "to" dative, not prep
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps and not _is_attribution(child):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    yield grandchild


def subject(verb: Token, *, inherit: bool = True) -> tuple[Token | None, bool]:
    """The agent phrase head of a verb and whether it was found directly (True) or inherited (False)."""
    if is_passive(verb):
        agent = next(_pobj(verb, "by"), None)
        if agent is not None:
            return agent, True
        # "spoke with soldiers treated after being wounded", "Lebanon said 20 people were killed": a passive
        # clause with no agent does not take the agent from the clause above it
        return None, False
    subj = _child(verb, "nsubj", "csubj", "expl")
    if subj is None:  # "Egypt and Qatar are mediating": the parser sometimes hangs the subject on the auxiliary
        subj = next((s for aux in verb.children if aux.dep_ == "aux" for s in aux.children if s.dep_ == "nsubj"),
                    None)
    if subj is not None and subj.dep_ != "expl":
        if subj.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head, True  # "the rebels who attacked the town": 'who' is the rebels
        return subj, True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "the plan announced by Y": only an explicit agent acts; the modified noun is acted upon
        return None, False
    if not inherit:
        return None, False
    node = verb
    for _ in range(6):
        if node.dep_ == "relcl":
            if is_passive(node) or any(c.lower_ in ("where", "when", "whereby") for c in node.children):
                # "Montenegro, where 28 people have been killed": the noun is where, or whom, not who
                return None, False
            return node.head, False
        prep = node.head
        if node.dep_ == "pcomp" and prep.dep_ == "prep" and prep.lower_ in ("of", "for", "with", "against", "from"):
            obj = _child(prep.head, "dobj")
            if obj is not None and prep.head.pos_ == "VERB":
                return obj, False  # "accused Russia of shelling", "blamed Iran for attacking": the object did it
            if prep.head.dep_ == "dobj" and prep.head.head.pos_ == "VERB":
                return prep.head, False  # the parser hangs "of shelling" on the object: "accused troops of ..."
        climbing_noun = node.pos_ in ("NOUN", "PROPN", "ADP")
        if node.head.i == node.i or not (node.dep_ in _INHERIT_EDGES
                                     or (climbing_noun and node.dep_ in ("pobj", "prep", "dobj"))):
            return None, False
        node = node.head
        if node.pos_ in ("VERB", "AUX", "ADJ"):  # "looking for a pretext to invade": climb through the noun
            subj = _child(node, "nsubj", "csubj")
            if subj is not None:
                return subj, False
    return None, False


def source_heads(trigger: Token, root: str) -> Iterator[tuple[list[Token], bool]]:
    """Groups of candidate source phrase heads, best first, each with whether it is syntactically direct.

    The coder takes the first group that names an actor.
    """
    if trigger.pos_ in ("VERB", "AUX"):
        if is_passive(trigger) and not any(True for _ in _pobj(trigger, "by")) and root == "15":
            # "troops will be deployed": for force posture the moved units are the actor
            subj = _child(trigger, "nsubjpass")
            if subj is not None:
                yield [subj], True
            return
        if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and trigger.head.pos_ in ("NOUN", "PROPN"):
            yield [trigger.head], True  # "demonstrators protesting the results": the noun does it
        head, direct = subject(trigger)  # "a declaration demanding ...": whoever issued it
        if head is not None:
            yield [head], direct
        return
    # nominal trigger: "Russia's invasion", "invasion by Russia", "talks between X and Y", "Russian invasion"
    yield [c for c in trigger.children if c.dep_ == "poss"] + list(_pobj(trigger, "by")), True
    yield list(_pobj(trigger, "between", "among")), True
    yield [c for c in trigger.children if (c.dep_ in ("compound", "amod", "nmod") and c.pos_ != "ADJ")
           or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())], True
    if root not in TRANSITIVE_ROOTS:
        yield list(_pobj(trigger, "of")), True  # "the strengthening of NATO units"
    governor = trigger
    while governor.dep_ in ("conj", "appos") and governor.head.i != governor.i:
        governor = governor.head
    if governor.dep_ == "pobj" and governor.head.lower_ == "of" and governor.head.head.lemma_.lower() in CONTAINERS:
        governor = governor.head.head  # "a new package of sanctions": the package carries the sanctions
        if governor.dep_ == "pobj" and governor.head.head.lemma_.lower() in DECIDING_VERBS:
            head, _ = subject(governor.head.head)  # "the EU agreed on a sixth package of sanctions"
            if head is not None:
                yield [head], False
    prep = governor.head
    if governor.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ == "ADJ" and prep.head.dep_ == "acomp":
        head, _ = subject(prep.head.head)  # "Germany is ready for dialogue", "open to talks"
        if head is not None:
            yield [head], False
    if governor.dep_ in ("dobj", "attr", "nsubjpass") and governor.head.lemma_.lower() in CARRIER_VERBS:
        head, _ = subject(governor.head)  # "the senators reiterated the threat of sanctions"
        if head is not None:
            yield [head], False


def target_heads(trigger: Token, root: str, depth: int = 0, *, meeting: bool = False) -> Iterator[Token]:
    """Candidate target phrase heads in order of preference. For talks (``meeting``), the place they are held
    is a venue, not a party ("talks in Geneva"); for a visit it is whom is visited ("arrived in Kyiv")."""
    verbal = trigger.pos_ in ("VERB", "AUX")
    if verbal:
        if is_passive(trigger) and root != "15":
            subj = _child(trigger, "nsubjpass")
            if subj is not None:
                yield subj
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "dative", "obj", "iobj") and c.pos_ != "ADP"]
        yield from objects
        for adjective in (c for c in trigger.children if c.dep_ == "acomp"):  # "was critical of Russia"
            yield from _pobj(adjective, "of", "about", "toward", "towards", "to", "with")
        # light verbs: "reiterate the threat of sanctions against Moscow" aims where its object aims
        for obj in objects:
            for noun in [obj, *(c for c in obj.children if c.dep_ == "conj")]:
                # "a list of demands to the US", "a request for aid from Myanmar": through of/for too
                aimed_at = [noun, *_pobj(noun, "of", "for")]
                for aimed in aimed_at:
                    yield from _pobj(aimed, "against", "on", "upon", "toward", "towards")
                for aimed in aimed_at:
                    # "held a meeting with Obama", "granted asylum to the officers"
                    yield from _pobj(aimed, "with", "to", "for")
                if root in ASK_ROOTS:
                    # "demanded an admission by Moscow", "autonomy from Serbian authorities", "Russia's
                    # withdrawal", "the removal of the president": who is asked is who must act or give
                    yield from _pobj(noun, "by", "from")
                    yield from (c for c in noun.children if c.dep_ == "poss")
                    yield from _pobj(noun, "of")
                if root in RESPONSE_ROOTS:
                    for aimed in aimed_at:
                        # "rejected Afghanistan's offer", "an offer from Kabul", "welcomed Reagan's statement",
                        # "a Senegalese peace plan": a response aims at the author of what it answers
                        yield from (c for c in aimed.children if c.dep_ == "poss")
                        yield from _pobj(aimed, "from", "by")
                        for participle in (c for c in aimed.children if c.dep_ == "acl"):
                            yield from _pobj(participle, "by")  # "the plan proposed by Turkey"
                        yield from (c for c in aimed.children
                                    if c.dep_ in ("amod", "compound") and c.text[:1].isupper())
    else:
        for of in _pobj(trigger, "of"):
            yield from _pobj(of, "against", "on", "upon", "toward", "towards")
        if root in TRANSITIVE_ROOTS:
            yield from _pobj(trigger, "of")
        for child in trigger.children:
            if child.dep_ in ("compound", "amod") and root in TRANSITIVE_ROOTS:
                yield child
    for prep in TARGET_PREPS:
        if (prep == "of" and not verbal) or (prep in _VENUE_PREPS and meeting):
            continue  # "talks in Geneva": where parties meet is the venue, not a party
        yield from _pobj(trigger, prep)
    # speech acts aim at the subject of what they say ("warned that Russia would pay")
    if root in ("10", "11", "12", "13") and verbal:
        comp = _child(trigger, "ccomp", "xcomp")
        if comp is not None:
            subj = _child(comp, "nsubj", "nsubjpass")
            if subj is not None:
                yield subj
    # "agreed to provide aid for Romania": a commitment aims where the act committed to aims
    if verbal and depth == 0:
        comp = _child(trigger, "xcomp")
        if comp is not None and comp.pos_ in ("VERB", "AUX"):
            yield from target_heads(comp, root, depth=1)
    # "threatened to halt the talks if the United States goes ahead": a threat or demand aims at whoever
    # must comply
    if root in ("10", "13") and verbal:
        for clause in [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]:
            for cond in clause.children:
                if cond.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                for m in cond.children):
                    subj = _child(cond, "nsubj", "nsubjpass")
                    if subj is not None:
                        yield subj
    # last resort: anything named inside the object phrase ("troops on the border with Ukraine", "evacuate
    # the settlements in the Gaza Strip")
    dobj = _child(trigger, "dobj") if verbal else None
    for anchor in (trigger, dobj):
        if anchor is None:
            continue
        places = ("on", "near", "along", "to", "at", "toward", "towards") + (
            ("in", "across", "throughout") if anchor is dobj else ())
        for link in anchor.children:
            if link.dep_ == "prep" and link.lower_ in places:
                for place in link.children:
                    if place.dep_ == "pobj":
                        yield place
                        yield from _pobj(place, "with", "of")
