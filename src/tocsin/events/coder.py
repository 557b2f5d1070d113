"""From a parsed article to its events: triggers, arguments, framing, date, place, quantities, confidence."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors import NON_STATE_PREFIXES, ActorDictionary, Resolver
from ..models import Actor, Article, Event, Manifest, Modality, Place, Span
from ..nlp import entities_in
from ..ontology import lookup
from ..places import Gazetteer
from . import arguments, modality, when
from .compose import composite
from .confidence import Evidence, load_model
from .draft import _Draft
from .folding import (
    _VIOLENT_ROOTS,
    _background,
    _compose,
    _is_agentless,
    _is_main_clause,
    _is_question,
    _one_per_happening,
    _own_moved,
    _upgrade_accusation,
)
from .verbs import Pattern, VerbDictionary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Nouns whose stated number is worth keeping, by quantity name.
QUANTITY_NOUNS = {
    "troops": {"troop", "soldier", "serviceman", "servicemen", "personnel", "force", "fighter", "paratrooper",
               "marine", "reservist", "conscript"},
    "killed": {"death", "dead", "fatality", "casualty", "body"},
    "injured": {"injured", "wounded", "injury"},
    "arrested": {"arrest", "detainee", "prisoner"},
    "protesters": {"protester", "demonstrator", "protestor"},
    "refugees": {"refugee", "migrant", "asylum"},
    "tanks": {"tank"},
    "aircraft": {"aircraft", "plane", "jet", "helicopter", "drone"},
}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200,
                 "thousand": 1000, "thousands": 2000}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_KILL_VERBS = {"kill": "killed", "injure": "injured", "wound": "injured", "arrest": "arrested",
               "detain": "arrested"}
# Implicit attribution at the head of a sentence: "For the United States, ...", "According to Kyiv, ...".
_ATTRIBUTION_PREPS = frozenset({"for", "according"})
_STATEMENT_CODE = "010"


# Uncalibrated priors (no gold to fit them on): a date read from the sentence, or the report date; a place
# fixed to a city or region, or only to a country.
_DATE_PRIOR: dict[str | None, float] = {"day": 0.8, "month": 0.75, "year": 0.7, None: 0.5}
_LOCATION_PRIOR = {"city": 0.7, "admin1": 0.65, "country": 0.6}
# What another party must or should do, said by someone: a demand (10) or an appeal (02).
_OBLIGATION = {"must": "10", "should": "02", "ought": "02"}


# "X will pay a high price", "X will face consequences": threats by whoever says so against X.
_CONSEQUENCES = frozenset({("pay", "price"), ("face", "consequence"), ("face", "retaliation"),
                           ("face", "response"), ("face", "sanction"), ("suffer", "consequence")})


@dataclass(frozen=True)
class _Attribution:
    """'For the United States, ...': who is speaking, the verb of the clause they speak, the phrase's span."""

    speaker: Actor
    verb: Token
    span: tuple[int, int]


def _innermost(frames: list[_Attribution], tok: Token) -> _Attribution | None:
    best: tuple[int, _Attribution] | None = None
    for frame in frames:
        node, depth = tok, 0
        while True:
            if node == frame.verb:
                if best is None or depth < best[0]:
                    best = (depth, frame)
                break
            if node.head.i == node.i:
                break
            node, depth = node.head, depth + 1
    return best[1] if best else None


class ArticleCoder:
    """Codes one parsed article. Holds the per-article state (who "he" is, who is speaking)."""

    def __init__(self, article: Article, doc: Doc, actors: ActorDictionary, verbs: VerbDictionary,
                 gazetteer: Gazetteer, manifest: Manifest,
                 observe: Callable[[Event, Evidence], None] | None = None) -> None:
        self.article = article
        self.doc = doc
        self.verbs = verbs
        self.gazetteer = gazetteer
        self.manifest = manifest
        self.resolver = Resolver(actors, list(doc), article.date, place_country=self._place_country)
        self._dates_of: tuple[int, list[SpacySpan]] | None = None  # DATE entities of the current sentence
        self.unknown = 0  # triggers found but not codable (no actor): counted, never given a default code
        self.observe = observe  # told of each event with its evidence (scripts/calibrate.py)
        self.turn: Actor | None = None  # who holds the floor in a transcript ("Vladimir Putin: ...")
        self.on_the_phone: set[str] = set()  # countries of a telephone conversation the article reports
        self.callers: tuple[Actor, Actor] | None = None
        self._locations: dict[int, Place | None] = {}  # token index -> its event location, found once

    def _location(self, tok: Token) -> Place | None:
        """The event location of a trigger (places.Gazetteer.locate), looked up once per token: the target
        fallbacks and the finished event all ask for it."""
        if tok.i not in self._locations:
            self._locations[tok.i] = self.gazetteer.locate(tok)
        return self._locations[tok.i]

    def _located_group(self, tok: Token, heads: list[Token], source: Actor | None) -> list[tuple[Actor, Token]]:
        """A group named without nationality ("police", "the opposition", "demonstrators") takes the country
        of the event's own location; failing that, a target group facing a domestic civilian authority
        (government, police, courts, parliament) takes that authority's country, as in "the government
        accepted the rebels' demands". Armed forces get no such default: their opponents are often foreign."""
        for head in heads:
            sector = self.resolver.sector_only(head)
            if sector is None or self.verbs.match(head) is not None:
                continue  # "conducted a military operation": an event noun is not a group of people
            place = self._location(tok)
            country = place.country if place is not None else None
            if country is None and source is not None and source.sector in _DOMESTIC_AUTHORITIES:
                country = source.country
            if country:
                text = head.doc[head.left_edge.i:head.i + 1].text
                return [(Actor(text=text, code=country + sector, country=country, sector=sector), head)]
        return []

    def _unidentified_attackers(self, tok: Token) -> list[tuple[Actor, Token]]:
        """'Gunmen attacked a checkpoint in Kirkuk', 'three US servicemen were killed by a roadside bomb outside
        Basra': violence whose perpetrator the text does not name is coded, as ICEWS and PETRARCH do, to
        unidentified armed forces (sector UAF) of the country where it happened; with no place, nothing."""
        if tok.pos_ != "VERB":
            return []  # "during the special military operation": a named happening has a known owner elsewhere
        subj = _child_dep(tok, "nsubj")
        named = subj is not None and (self.resolver.mention_at(subj) is not None or subj.pos_ == "PROPN" or (
            subj.pos_ == "NOUN" and self.resolver.sector_only(subj) is not None))
        if named or (subj is not None and subj.pos_ == "PRON"):
            return []  # someone is named as the doer, just not resolvable: no guess
        place = self._location(tok) or (self._location(subj) if subj is not None else None)
        if place is None or not place.country:
            return []
        actor = Actor(text="unidentified attackers", code=place.country + "UAF", country=place.country, sector="UAF")
        return [(actor, subj if subj is not None else tok)]

    def _protested(self, tok: Token, source: Actor) -> tuple[Actor, Token] | None:
        """A protest that names no target is against the state where it happens ("students demonstrated
        across Indonesia"): CAMEO's convention, which keeps domestic unrest on the country's own series."""
        place = self._location(tok)
        country = place.country if place is not None else None
        if country is None and source.sector is not None and source.sector not in _DOMESTIC_AUTHORITIES:
            country = source.country  # a civilian group protesting at home
        if not country or source.code.startswith(NON_STATE_PREFIXES):
            return None
        return Actor(text=country, code=country, country=country, sector=None), tok

    def _attacked_place(self, tok: Token, source_countries: set[str | None]) -> tuple[Actor, Token] | None:
        """'Ukrainian forces recaptured the town of Izium', 'troops deployed in Belarus': force used or posted
        in another state's territory is aimed at that state (the gazetteer knows towns the actor dictionary
        does not)."""
        place = self._location(tok)
        if place is None:
            # "shelled Kryvyi Rih": a force verb's bare object that the gazetteer knows is the place hit
            obj = _child_dep(tok, "dobj")
            if obj is not None and obj.pos_ == "PROPN" and self.resolver.mention_at(obj) is None:
                name = tok.doc[min(t.i for t in obj.subtree if t.dep_ == "compound" or t.i == obj.i):obj.i + 1]
                place = self.gazetteer.lookup(name.text)
        if place is None or not place.country or place.country in source_countries:
            return None
        return Actor(text=place.name, code=place.country, country=place.country, sector=None), tok

    def _place_country(self, name: str, where: Token) -> str | None:
        place = self.gazetteer.lookup_in(name, where)
        return None if place is None else place.country

    def _by_phone(self, drafts: list[_Draft]) -> None:
        """A call readout ("Putin had a telephone conversation with Macron. The presidents discussed ...")
        reports the whole conversation as held by telephone: later consultations of the same parties are
        041 (discuss by telephone), not 040, and what one party says, asks or offers in it without a named
        addressee is said to the other ("Putin explained the goals of the operation")."""
        for d in drafts:
            if d.pattern_code == "041" and d.target is not None and d.target.country != d.source.country:
                self.on_the_phone = {c for c in (d.source.country, d.target.country) if c}
                self.callers = (d.source, d.target)
            elif d.pattern_code == "040" and d.target is not None and \
                    {d.source.country, d.target.country} <= self.on_the_phone:
                d.pattern_code = "041"
            elif d.target is None and d.pattern_code[:2] in _SAID_TO_THE_OTHER and d.modality != "historical" \
                    and self.callers is not None and d.source.country in self.on_the_phone:
                d.target = next(a for a in self.callers if a.country != d.source.country)

    def events(self) -> list[Event]:
        out: list[Event] = []
        carried: Actor | None = None  # speaker announced with "X was clear:" for the rest of the paragraph
        for sent in self.doc.sents:
            text = sent.text  # Doc.text would rebuild the whole document on every access
            if "\n\n" in text.rstrip() or text.startswith("\n"):
                carried = self.turn  # a transcript turn goes on across paragraphs until the next one
            drafts, carried = self._code_sentence(sent, carried)
            self._by_phone(drafts)
            if any(d.pattern_code[:2] == "04" and d.target is not None and d.target.country != d.source.country
                   for d in drafts):
                self.resolver.context.pair_subject_here = True  # "Putin met Draghi. They discussed ..."
            out.extend(self._finish(d, sent, len(drafts)) for d in drafts)
            self.resolver.note_sentence(sent)
        return _dedupe(out)

    # -------------------------------------------------------------------------------------- sentence

    def _code_sentence(self, sent: SpacySpan, carried: Actor | None) -> tuple[list[_Draft], Actor | None]:
        frames = self._attributions(sent)
        colon = next((t for t in sent if t.text == ":"), None)
        colon_speaker = self._colon_speaker(sent, colon) if colon is not None else None
        drafts: list[_Draft] = []
        by_trigger: dict[int, list[_Draft]] = {}
        framed: dict[int, list[_Draft]] = {id(f): [] for f in frames}
        for tok in sent:
            frame = _innermost(frames, tok)
            speaker = frame.speaker if frame is not None else carried
            if colon_speaker is not None and colon is not None and tok.i > colon.i:
                speaker = colon_speaker
            pattern = None if _background(tok) else self.verbs.match(tok)
            if pattern is None:
                new = self._consequence_threat(tok, speaker)
            else:
                new = self._code_trigger(tok, pattern, sent, speaker)
            by_trigger[tok.i] = new
            drafts.extend(new)
            if frame is not None:
                framed[id(frame)].extend(d for d in new if d.speech_verb is None)
        # speech acts: each frames the events said under it; an allegation of violence is an accusation
        for draft in drafts:
            if draft.speech_verb is not None and draft.speech_verb.i in by_trigger:
                for speech in by_trigger[draft.speech_verb.i]:
                    speech.frames.append(draft)
        for frame in frames:
            drafts.append(self._implicit_statement(frame, framed[id(frame)]))
        drafts = _compose(drafts, by_trigger)
        folded: set[int] = set()
        for draft in drafts:
            folded |= self._upgrade_obligation(draft, by_trigger)
            _upgrade_accusation(draft)
        drafts = [d for d in drafts if id(d) not in folded]
        # a plain statement whose content was coded adds nothing: the content carries speaker and modality
        drafts = [d for d in drafts if not (d.pattern_code == _STATEMENT_CODE and d.frames)]
        return _one_per_happening(drafts), colon_speaker or carried

    def _attributions(self, sent: SpacySpan) -> list[_Attribution]:
        """'For X, ...' / 'According to X, ...': X says the clause the phrase is attached to."""
        frames: list[_Attribution] = []
        for tok in sent:
            if tok.lower_ not in _ATTRIBUTION_PREPS or tok.dep_ not in ("prep", "ROOT", "advmod"):
                continue
            pobj = next((t for t in tok.subtree if t.dep_ == "pobj"), None)
            if pobj is None:
                continue
            end = max(t.i for t in pobj.subtree)
            following = tok.doc[end + 1] if end + 1 < len(tok.doc) else None
            if following is None or following.text != ",":
                continue
            resolved = self.resolver.resolve(pobj)
            if resolved:
                frames.append(_Attribution(resolved[0][0], tok.head, (tok.idx, following.idx)))
        return frames

    def _consequence_threat(self, tok: Token, speaker: Actor | None) -> list[_Draft]:
        """'Russia will pay a high price' said by Scholz: a threat by Scholz against Russia."""
        objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "attr")}
        if not any((tok.lemma_.lower(), o) in _CONSEQUENCES for o in objects):
            return []
        speech = modality.frame(tok).speech_verb  # the threat is made by saying it: the statement is its vehicle
        if speaker is None:  # "Russia will pay a high price, Biden said"
            said_by, _ = arguments.subject(speech) if speech is not None else (None, False)
            speaker = next((a for a, _ in self.resolver.resolve(said_by)), None) if said_by is not None else None
        if speaker is None:
            return []
        subj, _ = arguments.subject(tok, inherit=False)
        victims = self.resolver.resolve(subj, speaker) if subj is not None else []
        if not victims or victims[0][0].country == speaker.country:
            return []
        negated = any(c.dep_ == "neg" for c in tok.children)
        return [_Draft("130", tok, (tok.idx, tok.idx + len(tok.text)), speaker, None, victims[0][0],
                       victims[0][1], "negated" if negated else "asserted", None, speech, 0.6, None)]

    def _colon_speaker(self, sent: SpacySpan, colon: Token) -> Actor | None:
        """'Chancellor Scholz was clear: ...' - the subject before a colon speaks what follows.

        A transcript turn ('Vladimir Putin: Colleagues, ...') names only the speaker before the colon.
        """
        label = [t for t in sent if t.i < colon.i and not t.is_space]
        if 0 < len(label) <= 6 and all(t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT") for t in label):
            mention = self.resolver.mention_at(label[-1])
            if mention is not None and mention.entry.is_person:
                person = mention.entry.actor(sent.doc[mention.start:mention.end].text, self.article.date)
                if person is not None:
                    self.turn = person
                    return person
        before = [t for t in sent if t.i < colon.i and t.dep_ in ("nsubj",)]
        for subj in before:
            verb = subj.head
            if verb.lemma_.lower() in modality.SPEECH_VERBS or verb.lemma_ == "be":
                resolved = self.resolver.resolve(subj)
                if resolved:
                    return resolved[0][0]
        return None

    def _upgrade_obligation(self, speech: _Draft, by_trigger: dict[int, list[_Draft]]) -> set[int]:
        """'X said Sudan must return the helicopter': saying what another must do is a demand (10), what it
        should do an appeal (02), aimed at whoever must act; the act is folded in as in ``_compose``.
        Returns the ids of the act drafts folded in. A pronoun that must act ("Russia said it must respond")
        is usually the speaker itself, so it makes no demand."""
        if speech.pattern_code != _STATEMENT_CODE or speech.target is not None:
            return set()
        for clause in speech.trigger.children:
            if clause.dep_ != "ccomp":
                continue
            modal = next((c.lower_ for c in clause.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION), None)
            subj = _child_dep(clause, "nsubj", "nsubjpass")
            if modal is None or subj is None or subj.pos_ == "PRON":
                continue
            addressees = [a for a, _ in self.resolver.resolve(subj) if a.code != speech.source.code]
            if not addressees:
                continue
            root = _OBLIGATION[modal]
            speech.pattern_code = root + "0"
            speech.composite = True
            speech.target = addressees[0]
            speech.target_tok = subj
            folded: set[int] = set()
            for act in by_trigger.get(clause.i, []):
                code = composite(root, act.pattern_code)
                if code is not None:
                    speech.pattern_code = code
                    folded.add(id(act))
            return folded
        return set()

    def _implicit_statement(self, frame: _Attribution, framed: list[_Draft]) -> _Draft:
        first = self.doc.char_span(frame.span[0], frame.span[1], alignment_mode="expand")
        draft = _Draft(_STATEMENT_CODE, first[0] if first is not None else frame.verb, frame.span, frame.speaker,
                       None, None, None, "asserted", None, None, 0.55, None)
        for d in framed:
            if d.modality == "asserted":
                d.modality = "reported"
            d.speaker = d.speaker or frame.speaker
            draft.frames.append(d)
        return draft

    # -------------------------------------------------------------------------------------- trigger

    def _code_trigger(self, tok: Token, pattern: Pattern, sent: SpacySpan,
                      speaker: Actor | None) -> list[_Draft]:
        root = pattern.code[:2]
        framing = modality.frame(tok)
        if framing.speech_verb is not None:
            subj, _ = arguments.subject(framing.speech_verb)
            said_by = self.resolver.resolve(subj, speaker) if subj is not None else []
            if said_by:
                speaker = said_by[0][0]
        sources: list[tuple[Actor, Token]] = []
        direct = False
        for heads, is_direct in arguments.source_heads(tok, root):
            direct = is_direct
            for head in heads:
                if head.dep_ in ("compound", "nmod") and self._is_place_name(head):
                    continue  # "the Minsk agreements", "Geneva talks": a venue, not an actor
                sources.extend(self.resolver.resolve(head, speaker))
            if sources:
                break
        if not sources and root == "04" and self.resolver.context.last_pair is not None and \
                _is_agentless(tok) and _is_main_clause(tok):
            # "Climate issues were discussed", "The discussion focused on ...": the talks of the pair at hand
            sources = [(actor, tok) for actor in self.resolver.context.last_pair]
        if not sources and root != "15":
            # "Police dispersed the protesters in Lagos": a group with no nationality is of where it acts (but
            # troops are not of where they are sent)
            sources = self._located_group(tok, [h for heads, _ in arguments.source_heads(tok, root) for h in heads],
                                          None)
        if not sources and root in _VIOLENT_ROOTS:
            sources = self._unidentified_attackers(tok)
        if not sources:
            self.unknown += 1
            return []
        sources = [s for i, s in enumerate(sources) if all(o[0].code != s[0].code for o in sources[:i])]
        source_codes = {a.code for a, _ in sources}
        target: tuple[Actor, Token] | None = None
        source_countries = {a.country for a, _ in sources}
        for head in arguments.target_heads(tok, root, meeting=pattern.code in _TALKS):
            # a comment or threat is not aimed at its own country ("Putin explained Russia's approaches", "Russia
            # will respond, Putin warned"), and forces moved by their own state are what is moved, not whom it
            # is aimed at ("sent/withdrew its troops")
            resolved = self.resolver.resolve(head, speaker)
            found = [(a, t) for a, t in resolved if a.code not in source_codes
                     and not (root in ("01", "13") and a.sector is None and a.country in source_countries)
                     and not (a.country in source_countries and (root == "15" or _own_moved(t)))]
            if not resolved and head.dep_ in ("dobj", "nsubjpass") and root not in _THINGS_MOVED:
                # "Police arrested 40 protesters in Minsk": the acted-on group, placed, before any later phrase
                found = [(a, t) for a, t in self._located_group(tok, [head], sources[0][0])
                         if a.code not in source_codes]
            if found:
                target = found[0]
                break
        if target is None and root != "15":  # troops a state moves are its own, not a target
            located = self._located_group(tok, list(arguments.target_heads(tok, root))[:1], sources[0][0])
            target = located[0] if located and located[0][0].code not in source_codes else None
        if target is None and root == "14":
            target = self._protested(tok, sources[0][0])
        if target is None and root in _FORCE_ROOTS and len(sources) == 1:
            target = self._attacked_place(tok, source_countries)
        mod: Modality = framing.modality
        own_words = speaker is not None and all(a.code == speaker.code for a, _ in sources)
        if mod == "asserted" and speaker is not None and framing.speech_verb is None and not own_words and \
                tok.lemma_ not in modality.SPEECH_VERBS:
            # inside an attributed passage ("For the US, ...", "X was clear: ..."), about someone else
            mod = "reported"
        event_date = when.event_date(tok, self._dates(sent), self.article.date)
        if mod in ("asserted", "reported", "planned") and _is_question(tok):
            mod = "hypothetical"  # "Is Russia going to attack Ukraine?" asks; it does not report
        if event_date is not None and event_date.is_historical(self.article.date) and mod in (
                "asserted", "reported"):
            mod = "historical"
        confidence = 0.45 + (0.2 if direct else 0.05) + (0.15 if target is not None else 0.0) + \
            min(pattern.specificity, 2) * 0.05 + (0.05 if mod == "asserted" else 0.0)
        verb_end = tok.idx + len(tok.text)
        for child in tok.children:  # include the particle in the verb span ("pull out")
            if child.dep_ == "prt":
                verb_end = max(verb_end, child.idx + len(child.text))
        quantities = _quantities(tok)
        pairs: list[tuple[tuple[Actor, Token], tuple[Actor, Token] | None]]
        if len(sources) > 1 and (target is None or pattern.code in _TALKS or target[0].country in source_countries):
            # "The leaders discussed the situation on Belarus' borders", "the leaders exchanged congratulations
            # on the Russian-Finnish treaty": what several parties do together is among them; a country they
            # talk about is a topic, not a party
            # "Russian and Belarusian troops ... exercise": joint action, coded each way between the partners.
            # Beyond a few parties (a summit, a list of attendees) every pair would swamp the dyad series, so
            # each party is coded once, without a target.
            pairs = [(s, t) for s in sources for t in sources if s[0].code != t[0].code] \
                if len(sources) <= _MAX_PAIRED else [(s, None) for s in sources]
        else:
            pairs = [(s, target) for s in sources]
        return [
            _Draft(pattern.code, tok, (tok.idx, verb_end), s[0], s[1], t[0] if t else None,
                   t[1] if t else None, mod, speaker if mod in ("reported",) or framing.speech_verb else None,
                   framing.speech_verb, round(min(confidence, 0.95), 2), event_date, quantities,
                   intended=framing.intended, willing=framing.willing, direct=direct,
                   specificity=pattern.specificity)
            for s, t in pairs
        ]

    def _dates(self, sent: SpacySpan) -> list[SpacySpan]:
        if self._dates_of is None or self._dates_of[0] != sent.start:
            self._dates_of = (sent.start, [e for e in entities_in(sent) if e.label_ == "DATE"])
        return self._dates_of[1]

    def _is_place_name(self, tok: Token) -> bool:
        mention = self.resolver.mention_at(tok)
        return mention is not None and mention.entry.kind == "seat"

    # -------------------------------------------------------------------------------------- finish

    def _finish(self, d: _Draft, sent: SpacySpan, in_sentence: int) -> Event:
        code = lookup(d.pattern_code)
        article = self.article
        src_span = _token_span(d.source_tok)
        tgt_span = _token_span(d.target_tok)
        key = f"{article.id}|{d.verb_span[0]}|{d.source.code}|{d.target.code if d.target else ''}|{code.code}"
        location = self._location(d.trigger)
        evidence = Evidence(
            direct_source=float(d.direct), has_target=float(d.target is not None),
            specificity=float(min(d.specificity, 2)), verbal=float(d.trigger.pos_ in ("VERB", "AUX")),
            composite=float(d.composite), generic_code=float(code.code.endswith("0")),
            reported=float(d.modality == "reported"),
            uncertain=float(d.modality in ("planned", "threatened", "hypothetical", "negated", "feared")),
            historical=float(d.modality == "historical"), conflict=float(code.quad_class >= 3),
            sector_actor=float(d.source.sector is not None), events_in_sentence=float(min(in_sentence, 3)),
            long_sentence=float(len(sent) > 35))
        fields = load_model().scores(evidence)
        if location is not None:
            fields["location"] = _LOCATION_PRIOR[location.precision]
        fields["date"] = _DATE_PRIOR.get(d.date.precision if d.date else None, _DATE_PRIOR[None])
        event = Event(
            id=hashlib.sha256(key.encode()).hexdigest()[:20],
            article_id=article.id,
            event_date=d.date.value if d.date and d.date.precision else article.date,
            event_date_precision=d.date.precision if d.date and d.date.precision else
            ("day" if article.date else None),
            report_date=article.date,
            source=d.source,
            target=d.target,
            cameo=code.code,
            cameo_root=code.root,
            cameo_name=code.name,
            goldstein=code.goldstein,
            quad_class=code.quad_class,
            plover_type=code.plover_type,
            plover_mode=code.plover_mode,
            modality=d.modality,
            speaker=d.speaker,
            quantities=d.quantities,
            location=location,
            sentence=sent.text.strip(),
            sentence_span=Span(sent.start_char, sent.end_char),
            verb_span=Span(*d.verb_span),
            source_span=src_span,
            target_span=tgt_span,
            confidence=fields.get("event", d.confidence),
            manifest=self.manifest,
            field_confidence=fields,
        )
        if self.observe is not None:
            self.observe(event, evidence)
        return event


def _token_span(tok: Token | None) -> Span | None:
    if tok is None:
        return None
    left = min(t.idx for t in tok.subtree if t.dep_ in ("compound", "amod", "det", "poss") or t.i == tok.i
               ) if tok.pos_ in ("NOUN", "PROPN") else tok.idx
    return Span(min(left, tok.idx), tok.idx + len(tok.text))


_MAX_PAIRED = 6  # parties of a joint act coded pairwise (BRICS, the P5); more are coded one by one
# Talks (not visits or hosting): where they are held is the venue, never a party.
_TALKS = frozenset({"04", "040", "041", "046"})
# Roots whose object is what is moved or given (troops, weapons, aid), never the group aimed at.
_THINGS_MOVED = frozenset({"06", "07", "15"})
# Verbal acts that, in a two-party conversation, are addressed to the other party unless the text names one.
_SAID_TO_THE_OTHER = frozenset({"01", "02", "03", "05"})
# Uses and shows of force, whose location abroad names their target.
_FORCE_ROOTS = frozenset({"15", "18", "19", "20"})
# Sectors of a state's civilian authorities: a nationless group they act on is taken to be of their country.
_DOMESTIC_AUTHORITIES = frozenset({"GOV", "COP", "JUD", "LEG"})


def _child_dep(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _number(tok: Token) -> int | None:
    text = tok.text.lower().replace(",", "").replace("\u202f", "").replace(" ", "")
    value: float | None = None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        value = float(text)
    elif text in _NUMBER_WORDS:
        value = _NUMBER_WORDS[text]
    if value is None:
        return None
    for right in tok.doc[tok.i + 1: tok.i + 2]:
        if right.lower_ in _SCALE:
            value *= _SCALE[right.lower_]
    return int(value)


def _quantities(trigger: Token) -> dict[str, int]:
    out: dict[str, int] = {}
    for tok in _near(trigger):
        lemma = tok.lemma_.lower()
        for name, nouns in QUANTITY_NOUNS.items():
            if lemma in nouns or tok.lower_ in nouns:
                for child in tok.children:
                    if child.dep_ == "nummod":
                        value = _number(child)
                        if value is not None:
                            out.setdefault(name, value)
    verb_quantity = _KILL_VERBS.get(trigger.lemma_.lower())
    if verb_quantity:
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                for num in child.children:
                    if num.dep_ == "nummod" and (value := _number(num)) is not None:
                        out.setdefault(verb_quantity, value)
    return out


def _near(trigger: Token) -> Iterator[Token]:
    """The trigger and its dependents two levels down (objects and their modifiers)."""
    yield trigger
    for child in trigger.children:
        yield child
        yield from child.children


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out: list[Event] = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            out.append(event)
    return out
