"""Actor resolution: from a noun phrase in a parsed sentence to a coded ``Actor``.

Resolution combines dictionary entries inside one phrase: "Russian troops" -> RUSMIL, "the defence
ministry in Moscow" -> RUSGOV, "a delegation of American senators" -> USALEG; and, within one article, it
follows who "he", "they", "the minister" and "the two leaders" are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..models import Actor
from ..nlp import entities_in, entity_at
from .dictionary import _PATRON_WORDS, NON_STATE_PREFIXES, ActorDictionary, Entry, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Phrase-internal dependents that still belong to the actor's noun phrase.
_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "appos", "nummod", "npadvmod", "case"})
# Plural descriptions of the two parties just named ("the two leaders", "both sides", "the presidents").
_PAIR_NOUNS = frozenset({"leader", "president", "side", "party", "minister", "head", "interlocutor",
                         "counterpart", "delegation", "country", "state", "chancellor"})
_PAIR_PEOPLE = frozenset({"leader", "president", "minister", "head", "interlocutor", "counterpart", "chancellor"})
# Prepositions whose object qualifies the head noun's country ("ministry in Moscow", "troops of Russia",
# "students throughout Indonesia").
_NP_PREPS = frozenset({"of", "in", "from", "throughout", "across"})
_FIRST_PERSON = frozenset({"i", "we", "us", "our", "me", "my"})
_SECOND_PERSON = frozenset({"you", "your"})
_THIRD_PERSON_HUMAN = frozenset({"he", "she", "him", "her", "his"})
_THIRD_PERSON_OTHER = frozenset({"it", "its", "they", "them", "their"})
_PRONOUNS = _FIRST_PERSON | _SECOND_PERSON | _THIRD_PERSON_HUMAN | _THIRD_PERSON_OTHER


@dataclass
class ArticleContext:
    """What earlier sentences of the same article tell about who is who (for "he", "the minister")."""

    on: date | None
    last_person: Actor | None = None
    # the state or organisation that was the subject of the previous sentence: "it"/"they" may point back
    # to it, but no further (troops or weapons in "they" are not guessed from older context)
    last_group: Actor | None = None
    people_by_sector: dict[str, Actor] = field(default_factory=dict)
    # Name tokens already resolved in this article ("Wallace" after "Ben Wallace").
    seen: dict[str, Actor] = field(default_factory=dict)
    # the two parties of the latest sentence that named two (people or states of different countries):
    # what "the two leaders", "both sides", "the presidents" refer to
    last_pair: tuple[Actor, Actor] | None = None
    # the two people named last together: "the leaders", "the presidents" are people, so a later sentence
    # naming two countries ("talks between the US and Switzerland") does not change who they are
    last_people_pair: tuple[Actor, Actor] | None = None
    first_person: Actor | None = None  # the first person the article names: who an unattributed "I" is
    pair_subject_here: bool = False  # a subject of the sentence being coded names two parties
    pair_was_subject: bool = False  # ... of the previous sentence


class Resolver:
    """Resolves noun phrases of one parsed document to actors."""

    def __init__(self, dictionary: ActorDictionary, doc_tokens: Sequence[Token], on: date | None,
                 place_country: Callable[[str, Token], str | None] | None = None) -> None:
        self.dictionary = dictionary
        # the country of a place name (a gazetteer lookup): "Darfur rebels", "Donetsk separatists"
        self.place_country = place_country
        self.context = ArticleContext(on)
        self._by_token: dict[int, Mention] = {}
        for mention in dictionary.find(doc_tokens):
            actor = mention.entry.actor("", on)
            if actor is None:  # a person with no role on this date
                continue
            for i in range(mention.start, mention.end):
                self._by_token.setdefault(i, mention)

    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def _is_mention_of(self, head: Token, entry: Entry) -> bool:
        """Whether the head itself is part of the entry's mention (the phrase *is* the organisation)."""
        mention = self._by_token.get(head.i)
        return mention is not None and mention.entry is entry

    def _phrase_tokens(self, head: Token) -> list[Token]:
        """The head, its phrase-internal dependents, and objects of of/in/from (one level)."""
        out = [head]
        # "the ministry in Moscow" is Moscow's, "weapons from Britain" are not Britain: only people and
        # institutions take their country from in/from; any head takes it from "of"
        agentive = head.i in self._by_token or self._head_sector(head) is not None
        preps = _NP_PREPS if agentive else ("of",)
        for child in head.children:
            if child.dep_ in _NP_DEPS:
                out.extend(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(self._phrase_tokens(pobj))
        return out

    def resolve(self, head: Token, speaker: Actor | None = None) -> list[tuple[Actor, Token]]:
        """All actors a phrase headed by ``head`` denotes (several for coordination)."""
        pair = self._pair(head)
        if pair:
            self._note_subject(head, pair)
            return pair
        heads = [head, *_conjuncts(head)]
        hyphened = self._hyphen_pair(head)
        if hyphened:
            return hyphened
        out: list[tuple[Actor, Token]] = []
        for h in heads:
            shared = self._coordinated_modifiers(h)
            if shared:  # "Russian and Belarusian troops": one actor per country, same sector
                out.extend(shared)
                continue
            actor = self._resolve_one(h, speaker)
            if actor is not None:
                out.append((actor, h))
        self._note_subject(head, out)
        return out

    def _hyphen_pair(self, head: Token) -> list[tuple[Actor, Token]]:
        """'Russia-US talks', 'Russian-Ukrainian talks': two names one hyphen apart modifying a noun."""
        doc = head.doc
        if head.i < 2 or doc[head.i - 1].text not in ("-", "–") or head.dep_ not in ("compound", "amod", "nmod"):
            return []
        first, second = self._by_token.get(head.i - 2), self._by_token.get(head.i)
        if first is None or second is None or doc[head.i - 2].head.i not in (head.i, head.head.i):
            return []
        out: list[tuple[Actor, Token]] = []
        for mention, tok in ((first, doc[head.i - 2]), (second, head)):
            actor = mention.entry.actor(tok.text, self.context.on)
            if actor is not None and all(a.code != actor.code for a, _ in out):
                out.append((actor, tok))
        return out if len(out) == 2 else []

    def _note_subject(self, head: Token, actors: list[tuple[Actor, Token]]) -> None:
        # "The presidents discussed ... They also noted ...": "they" may go on only from a two-party subject
        if head.dep_ == "nsubj" and len({a.country for a, _ in actors}) >= 2:
            self.context.pair_subject_here = True

    def _pair(self, head: Token) -> list[tuple[Actor, Token]]:
        """'The two leaders discussed ...', 'Both sides noted ...': the two parties named last."""
        if self.context.last_pair is None:
            return []
        if head.lower_ == "they" and head.dep_ == "nsubj" and self.context.pair_was_subject and not any(
                t.i in self._by_token for t in head.sent if t.i < head.i):
            # "The presidents discussed ... They also noted ...": the last sentence's subject was the pair
            return [(actor, head) for actor in self.context.last_people_pair or self.context.last_pair]
        lemma = head.lemma_.lower()
        if lemma not in _PAIR_NOUNS or head.tag_ != "NNS":
            return []
        marked = any((c.dep_ == "det" and c.lower_ in ("the", "both")) or (c.dep_ == "nummod" and c.lower_ == "two")
                     or (c.dep_ == "predet" and c.lower_ == "both") for c in head.children)
        if not marked or any(c.dep_ in ("amod", "compound", "poss") and c.i in self._by_token for c in head.children):
            return []  # "the Russian leaders" are not the pair
        pair = self.context.last_pair
        if lemma in _PAIR_PEOPLE and self.context.last_people_pair is not None:
            pair = self.context.last_people_pair
        return [(actor, head) for actor in pair]

    def _coordinated_modifiers(self, head: Token) -> list[tuple[Actor, Token]]:
        # "Russian and Belarusian troops", and "the leaders of Brazil, Russia and India"
        mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
        mods += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"]
        coordinated = [m for m in mods if any(c.dep_ == "conj" for c in m.children)]
        if not coordinated:
            return []
        sector = self.dictionary.sector_of(head)
        text = _text_of(self._phrase_tokens(head))
        out: list[tuple[Actor, Token]] = []
        for mod in coordinated:
            for tok in [mod, *_conjuncts(mod)]:
                mention = self._by_token.get(tok.i)
                if mention is None or mention.entry.kind not in ("country", "demonym", "seat", "org"):
                    continue
                actor = mention.entry.actor(text, self.context.on, sector)
                if actor is not None and all(a.code != actor.code for a, _ in out):
                    out.append((actor, tok))
        return out if len(out) > 1 else []

    def _resolve_one(self, head: Token, speaker: Actor | None) -> Actor | None:
        lower = head.lower_
        # "US" is a country, whatever the tagger thinks: a dictionary mention is never a pronoun
        if head.i not in self._by_token and (head.pos_ == "PRON" or lower in _PRONOUNS):
            return self._pronoun(head, speaker)
        tokens = self._phrase_tokens(head)
        span_text = _text_of(tokens)
        person: Actor | None = None
        territory: Actor | None = None
        country: Entry | None = None
        residence = False  # the country so far is the head's own demonym
        org: Entry | None = None
        for tok in tokens:
            mention = self._by_token.get(tok.i)
            if mention is None:
                continue
            entry = mention.entry
            if entry.kind == "person" and not entry.is_person:
                if territory is None:  # "Donetsk separatists": a territory whose country depends on the date
                    territory = entry.actor(span_text, self.context.on)
            elif entry.kind == "person" and person is None:
                person = entry.actor(span_text, self.context.on)
            elif entry.kind == "org" and org is None:
                org = entry
            elif entry.kind in ("country", "demonym", "seat") and (country is None or residence):
                # "Bosnian Serbs", "ethnic Albanians in Serbia": a people named by origin is coded where
                # it lives, so a head that is itself a demonym yields to another country in its phrase
                residence = country is None and tok.i == head.i and entry.kind == "demonym"
                country = self._city_namesake(mention, tok) or entry
        actor: Actor | None
        sector = self._head_sector(head)
        if sector is None:  # "a delegation of American senators": the members give the sector
            sector = next((s for t in tokens if t.dep_ == "pobj" and t.head.lower_ == "of"
                           and (s := self.dictionary.sector_of(t))), None)
        if person is not None and org is not None and org.code.startswith(NON_STATE_PREFIXES) \
                and not person.code.startswith(NON_STATE_PREFIXES):
            # "U.N. mediator Diego Cordovez", "Kenzo Oshima, the United Nations relief coordinator": the text
            # names the international office he acts in, which outranks his nationality
            actor = org.actor(span_text, self.context.on)
        elif person is not None:
            actor = person
        elif org is not None and (country is None or self._is_mention_of(head, org)):
            actor = org.actor(span_text, self.context.on)
        elif sector is not None and country is not None and (owner := self._possessor(head, speaker)) is not None:
            # "withdrew its troops from Belarus": the possessive names whose troops; "from X" is only where
            actor = Actor(text=span_text, code=owner + sector, country=owner, sector=sector)
        elif country is not None:
            if lower == "counterpart" and speaker is None and self.context.last_person is not None:
                sector = self.context.last_person.sector
            actor = country.actor(span_text, self.context.on, sector)
        elif territory is not None and territory.country is not None:
            code = territory.country + (sector or "") if not territory.code.startswith(NON_STATE_PREFIXES) \
                else territory.code
            actor = Actor(text=span_text, code=code, country=territory.country, sector=sector, name=territory.name)
        elif sector is not None and (owner := self._possessor(head, speaker)) is not None:
            # "its forces", "their diplomats": the group belongs to whoever the possessive stands for
            actor = Actor(text=span_text, code=owner + sector, country=owner, sector=sector)
        elif sector is not None and (place := self._place_of(tokens, head)) is not None:
            actor = Actor(text=span_text, code=place + sector, country=place, sector=sector)
        elif head.pos_ == "PROPN" and lower in self.context.seen:
            actor = self.context.seen[lower]
        elif sector is not None and _is_definite(head) and head.tag_ != "NNS":  # not "the two leaders"
            # "the minister", "the Kremlin leader": nearest earlier named actor with that sector
            actor = self.context.people_by_sector.get(sector)
        else:
            actor = None
        if actor is not None:
            self._remember(actor, head)
        return actor

    def sector_only(self, head: Token) -> str | None:
        """The sector of a phrase that names a group but no country, organisation or person ("police",
        "the opposition", "demonstrators"), for the coder to place by the event's location; None otherwise."""
        if head.pos_ not in ("NOUN", "PROPN") or any(t.i in self._by_token for t in self._phrase_tokens(head)):
            return None
        return self._head_sector(head)

    def _place_of(self, tokens: Sequence[Token], head: Token) -> str | None:
        """The country of a place naming where a sector group is ("Donetsk separatists", "police in Lagos"),
        for places the actor dictionary does not list as countries."""
        if self.place_country is None:
            return None
        for tok in tokens:
            # the small model often mislabels towns (PRODUCT, ORG): only names tagged as people are ruled out
            if tok.i == head.i or tok.pos_ != "PROPN" or tok.ent_type_ in ("PERSON", "NORP", "DATE") or \
                    tok.i in self._by_token or tok.ent_iob_ == "I" or _names_a_patron(tok):
                continue
            ent = entity_at(tok)
            country = self.place_country(ent.text if ent is not None else tok.text, tok)
            if country is not None:
                return country
        return None

    def _city_namesake(self, mention: Mention, tok: Token) -> Entry | None:
        """A capital or a city listed among a country's names ("Tripoli" for Libya). Where the text points to
        a namesake elsewhere ("Lebanese troops ... in Tripoli"), the gazetteer, which weighs the sentence's
        countries, decides; real country names keep their entry."""
        entry = mention.entry
        text = tok.doc[mention.start:mention.end].text
        if entry.kind not in ("country", "seat") or self.place_country is None or text.lower() == entry.name.lower():
            return None
        country = self.place_country(text, tok)
        if country is None or country == entry.code:
            return None
        return Entry("country", country, text, country)

    def _possessor(self, head: Token, speaker: Actor | None) -> str | None:
        pronoun = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if pronoun is None or pronoun.lower_ in _THIRD_PERSON_HUMAN:
            return None
        owner = self._pronoun(pronoun, speaker)
        return None if owner is None or owner.code.startswith(NON_STATE_PREFIXES) else owner.country

    def _head_sector(self, head: Token) -> str | None:
        sector = self.dictionary.sector_of(head)
        if sector is None and head.pos_ in ("PROPN", "NOUN") and head.i not in self._by_token:
            # "Ugandan President Yoweri Museveni": an unknown name takes the sector of its title;
            # "opposition groups", "army units", "rebel leaders": a generic noun takes its modifier's
            sector = next((s for c in head.children if c.dep_ == "compound"
                           and (s := self.dictionary.sector_of(c))), None)
        return sector

    def _pronoun(self, head: Token, speaker: Actor | None) -> Actor | None:
        lower = head.lower_
        if lower in _FIRST_PERSON:
            # an unattributed "we" or "I" (a quoted message, a speech) is the person the article is about: the
            # first one it names
            return speaker if speaker is not None else self.context.first_person
        if lower in _SECOND_PERSON:
            # "I would like to thank you": in a meeting or call of two, the other party
            me = speaker or self.context.first_person
            pair = self.context.last_people_pair
            if me is None or pair is None or me.country not in {a.country for a in pair}:
                return None
            return next((a for a in pair if a.country != me.country), None)
        governing = self._governing_subject(head, speaker)
        if governing is not None:
            return governing
        if lower in _THIRD_PERSON_HUMAN:
            # "Lavrov rejects the accusations and he argues...": the nearest person earlier in the sentence
            for tok in reversed(list(head.sent)[: head.i - head.sent.start]):
                mention = self._by_token.get(tok.i)
                if mention is not None and mention.entry.is_person:
                    person = mention.entry.actor(tok.text, self.context.on)
                    if person is not None:
                        return person
            return self.context.last_person
        if lower in _THIRD_PERSON_OTHER:
            # the sentence's subject first ("Lebanon complained to the UN over raids in which it said ..."),
            # then the nearest state or organisation earlier in the sentence ("Russia will pay if it attacks")
            main = head.sent.root
            subject = next((c for c in main.children if c.dep_ == "nsubj" and c.i < head.i), None)
            if subject is not None and subject.i != head.i and subject.pos_ != "PRON" and self._agrees(lower, subject):
                mention = self._by_token.get(subject.i)
                if mention is not None and mention.entry.kind in ("country", "seat", "org"):
                    return mention.entry.actor(subject.text, self.context.on)
            for tok in reversed(list(head.sent)[: head.i - head.sent.start]):
                mention = self._by_token.get(tok.i)
                if mention is not None and mention.entry.kind in ("country", "seat", "org"):
                    return mention.entry.actor(tok.text, self.context.on)
            return self.context.last_group
        return None

    def _governing_subject(self, head: Token, speaker: Actor | None) -> Actor | None:
        """'Fijian rebels said they will release ...', 'Serbs said their forces withdrew': a pronoun that is
        the subject (or the subject's possessor) of a clause most often stands for the subject of the verb
        governing that clause, when the two agree in number and kind."""
        clause = head.head.head if head.dep_ == "poss" and head.head.dep_ in ("nsubj", "nsubjpass") else head.head
        if head.dep_ not in ("nsubj", "nsubjpass", "poss") or clause.pos_ not in ("VERB", "AUX"):
            return None
        node = clause
        for _ in range(3):
            if node.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "parataxis") or node.head.i == node.i:
                return None
            node = node.head
            subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                continue
            if subj.pos_ == "PRON" or subj.i > head.i or not self._agrees(head.lower_, subj):
                return None
            return self._resolve_one(subj, speaker)
        return None

    def _agrees(self, pronoun: str, antecedent: Token) -> bool:
        mention = self._by_token.get(antecedent.i)
        person = antecedent.ent_type_ == "PERSON" or (mention is not None and mention.entry.is_person)
        plural = antecedent.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in antecedent.children)
        if pronoun in _THIRD_PERSON_HUMAN:
            return not plural and (person or (self.dictionary.sector_of(antecedent) is not None
                                              and antecedent.tag_ == "NN"))
        if pronoun in ("they", "them", "their"):
            return plural or (mention is not None and mention.entry.kind == "org")
        return not plural and not person  # it, its

    def _remember(self, actor: Actor, head: Token) -> None:
        if actor.name and actor.sector:
            self.context.people_by_sector[actor.sector] = actor
        mention = self._by_token.get(head.i)
        if mention is not None and mention.entry.is_person:
            self._note_person(actor, mention, head.doc)

    def _note_title_holder(self, mention: Mention, doc: Doc) -> None:
        """'Prime Minister of Luxembourg Xavier Bettel': the unknown name right after a country in a title
        holds that office, whatever the entity recogniser made of it."""
        title = _title_of(_mention_root(doc, mention))
        sector = self.dictionary.sector_of(title) if title is not None else None
        name = []
        for tok in doc[mention.end:mention.end + 4]:
            if tok.pos_ != "PROPN" or tok.i in self._by_token or not tok.text[:1].isupper():
                break
            name.append(tok)
        if sector is None or not name:
            return
        actor = mention.entry.actor(" ".join(t.text for t in name), self.context.on, sector)
        if actor is None:
            return
        holder = Actor(text=actor.text, code=actor.code, country=actor.country, sector=actor.sector, name=actor.text)
        self.context.last_person = holder
        for tok in name:
            self.context.seen[tok.lower_] = holder

    def _titled_stranger(self, ent: SpacySpan) -> Actor | None:
        root = ent.root
        if root.i in self._by_token:
            return None
        tokens = self._phrase_tokens(root)
        countries = [m.entry for t in tokens if (m := self._by_token.get(t.i)) is not None
                     and m.entry.kind in ("country", "demonym", "seat")]
        sector = self._head_sector(root) or next(
            (s for t in tokens if t.i < ent.start and (s := self.dictionary.sector_of(t))), None)
        if not countries or sector is None:
            return None
        actor = countries[0].actor(ent.text, self.context.on, sector)
        return None if actor is None else Actor(text=ent.text, code=actor.code, country=actor.country,
                                                sector=actor.sector, name=ent.text)

    def _note_person(self, actor: Actor, mention: Mention, doc: Doc) -> None:
        """The person "he" and a bare surname ("Wallace") refer to from now on."""
        self.context.last_person = actor
        if self.context.first_person is None:
            self.context.first_person = actor
        for tok in doc[mention.start:mention.end]:
            self.context.seen[tok.lower_] = actor

    def _note_pair(self, sent: SpacySpan) -> None:
        named: list[Actor] = []
        people: list[Actor] = []
        for tok in sent:
            mention = self._by_token.get(tok.i)
            if mention is None or tok.i != mention.start or mention.entry.kind not in ("person", "country", "seat"):
                continue
            root = _mention_root(tok.doc, mention)
            place = not mention.entry.is_person
            if place and root.head.i in self._by_token:
                continue  # "Prime Minister of Britain Boris Johnson": the person stands for the country
            if place and root.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and root.head.pos_ == "NOUN":
                continue  # "Russia-US talks", "Belarus' borders": a country qualifying a topic is no party
            actor = mention.entry.actor(tok.doc[mention.start:mention.end].text, self.context.on)
            if actor is None or not actor.country:
                continue
            if all(a.country != actor.country for a in named):
                named.append(actor)
            # "President of Luxembourg Xavier Bettel": a country in a title stands for its (unknown) holder
            if (not place or _in_title(root)) and all(a.country != actor.country for a in people):
                people.append(actor)
            elif not place:  # the holder named after the title ("President of Venezuela Nicolas Maduro")
                people = [actor if a.country == actor.country else a for a in people]
        if len(named) == 2:
            self.context.last_pair = (named[0], named[1])
        if len(people) == 2:
            self.context.last_people_pair = (people[0], people[1])

    def _is_person(self, tok: Token) -> bool:
        mention = self._by_token.get(tok.i)
        return mention is not None and mention.entry.is_person

    def note_sentence(self, sent: SpacySpan) -> None:
        """Update the article context with the people and actors named in a sentence already coded."""
        self.context.last_group = None
        self.context.pair_was_subject, self.context.pair_subject_here = self.context.pair_subject_here, False
        self._note_pair(sent)
        for ent in entities_in(sent):
            if ent.label_ != "PERSON" or any(self._is_person(t) for t in ent):
                continue
            # someone the dictionary does not know was named: "he" may now be that person, so it no longer
            # safely means the last known one ("... a local policeman. He killed 800 people.") ...
            self.context.last_person = None
            # ... unless the text gives the newcomer's office: "President of Senegal Macky Sall" is SENGOV
            # for the rest of the article, by name ("Macky Sall informed ...") and as "he"
            titled = self._titled_stranger(ent)
            if titled is not None:
                self.context.last_person = titled
                for tok in ent:
                    if tok.pos_ == "PROPN":
                        self.context.seen[tok.lower_] = titled
        for tok in sent:
            mention = self._by_token.get(tok.i)
            if mention is not None and tok.i == mention.start:
                actor = mention.entry.actor(tok.doc[mention.start:mention.end].text, self.context.on)
                if actor is None:
                    continue
                if mention.entry.kind in ("country", "seat"):
                    self._note_title_holder(mention, tok.doc)
                if mention.entry.is_person:
                    self._note_person(actor, mention, tok.doc)
                    if actor.sector:
                        self.context.people_by_sector[actor.sector] = actor
                subject = tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")
                if subject and not mention.entry.is_person:
                    self.context.last_group = actor


_TITLES = frozenset({"president", "minister", "chancellor", "king", "queen", "emir", "premier", "leader",
                     "sultan", "prince", "secretary", "head", "chairman", "governor", "ambassador"})


def _mention_root(doc: Doc, mention: Mention) -> Token:
    """The token of a multi-word mention that the rest of the sentence attaches to."""
    inside = range(mention.start, mention.end)
    return next((doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i), doc[mention.end - 1])


def _in_title(tok: Token) -> bool:
    return _title_of(tok) is not None


def _title_of(tok: Token) -> Token | None:
    """The title word or titled name a country mention belongs to ("Prime Minister of Luxembourg ...")."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in _TITLES or (node.ent_type_ == "PERSON" and node.pos_ == "PROPN"):
            return node
    return None


def _names_a_patron(tok: Token) -> bool:
    """'Moscow-backed', 'pro-Kiev': the name is the group's patron or cause, not where the group is from."""
    doc = tok.doc
    after = doc[tok.i + 2] if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" else None
    before = doc[tok.i - 2] if tok.i >= 2 and doc[tok.i - 1].text == "-" else None
    return (after is not None and after.lower_ in _PATRON_WORDS) or (
        before is not None and before.lower_ in ("pro", "anti"))


def _conjuncts(head: Token) -> list[Token]:
    return [c for c in head.children if c.dep_ == "conj"] + [
        c2 for c in head.children if c.dep_ == "conj" for c2 in _conjuncts(c)
    ]


def _is_definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _text_of(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    return doc[start:end].text
