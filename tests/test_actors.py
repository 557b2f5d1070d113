"""Actor resolution on real parses: names, demonyms, seats, agents, people by date, pronouns."""

from __future__ import annotations

from datetime import date

import pytest

from tocsin.actors import Resolver, load_dictionary
from tocsin.nlp import parse_one


def _subject_code(text: str, on: date = date(2022, 1, 18)) -> list[str]:
    doc = parse_one(text)
    resolver = Resolver(load_dictionary(), list(doc), on)
    out: list[str] = []
    for sent in doc.sents:
        subj = next(t for t in sent if t.dep_ in ("nsubj", "nsubjpass"))
        out.extend(a.code for a, _ in resolver.resolve(subj))
        resolver.note_sentence(sent)
    return out


@pytest.mark.parametrize("text,codes", [
    ("Russia deployed troops.", ["RUS"]),
    ("Russian troops crossed the river.", ["RUSMIL"]),
    ("The Kremlin denied the report.", ["RUSGOV"]),
    ("Moscow denied the report.", ["RUSGOV"]),
    ("Kyiv denied the report.", ["UKRGOV"]),
    ("NATO condemned the attack.", ["IGOWSTNAT"]),
    ("The defence ministry in Moscow said so.", ["RUSGOV"]),
    ("A delegation of American senators arrived.", ["USALEG"]),
    ("Belarusian leader Alexander Lukashenko spoke.", ["BLRGOV"]),
    ("The Russian foreign minister, Sergey Lavrov, rejected it.", ["RUSGOV"]),
    ("Germany and France urged calm.", ["DEU", "FRA"]),
    ("Russian and Belarusian troops will exercise.", ["RUSMIL", "BLRMIL"]),
    ("The leaders of Brazil, Russia and India will meet.", ["BRAGOV", "RUSGOV", "INDGOV"]),
    ("Pro-Russian separatists shelled the town.", []),
    # an unknown name takes the sector of its title, and the country of its phrase if it has one
    ("Ugandan President Tobias Okello criticized the rebels.", ["UGAGOV"]),
    ("Prime Minister Tobias Okello of Pakistan criticized the rebels.", ["PAKGOV"]),
    ("President Tobias Okello criticized the rebels.", []),
    ("President Yoweri Museveni criticized the rebels.", ["UGAGOV"]),  # known from the historical dictionary
    ("Sudan's Supreme Court criticized the rebels.", ["SDNJUD"]),
    ("The Khartoum government criticized the rebels.", ["SDNGOV"]),
    ("Swiss doctors criticized the rebels.", ["CHEMED"]),
])
def test_resolve_subject(text: str, codes: list[str]) -> None:
    assert _subject_code(text) == codes


def test_people_resolve_by_date() -> None:
    # Poroshenko led Ukraine until May 2019
    assert _subject_code("Petro Poroshenko spoke.", date(2018, 3, 1)) == ["UKRGOV"]
    assert _subject_code("Petro Poroshenko spoke.", date(2021, 3, 1)) != ["UKRGOV"]


def test_pronoun_and_surname_follow_the_article() -> None:
    codes = _subject_code("British Defence Secretary Ben Wallace spoke. Wallace said more. He left.")
    assert codes == ["GBRGOV", "GBRGOV", "GBRGOV"]


def test_lowercase_words_are_not_countries() -> None:
    doc = parse_one("We ate turkey in china cups, said us.")
    assert load_dictionary().find(list(doc)) == []


def test_measure_object_names_the_stuff_given() -> None:
    from tocsin.events.verbs import _object_lemmas

    doc = parse_one("The agency handed over 700 kg of medicine to the hospital.")
    verb = next(t for t in doc if t.lemma_ == "hand")
    assert "medicine" in _object_lemmas(verb)
    # what an object is of, for, with, on or against decides the code ("accused Kyiv of espionage") ...
    doc = parse_one("The ministry accused the consul of espionage.")
    verb = next(t for t in doc if t.lemma_ == "accuse")
    assert "espionage" in _object_lemmas(verb)
    # ... other phrases under the object do not
    doc = parse_one("The agency discussed the report about medicine.")
    verb = next(t for t in doc if t.lemma_ == "discuss")
    assert "medicine" not in _object_lemmas(verb)


def test_relative_and_participial_clause_subjects() -> None:
    from tocsin.events.arguments import subject

    doc = parse_one("Germany, which says it is ready for talks, sent a delegation.")
    says = next(t for t in doc if t.lower_ == "says")
    assert subject(says)[0] is not None and subject(says)[0].text == "Germany"
    doc = parse_one("Russia moved troops stationed near the border.")
    stationed = next(t for t in doc if t.lower_ == "stationed")
    assert subject(stationed)[0] is None


def test_a_person_out_of_office_keeps_a_country_not_the_office() -> None:
    assert _subject_code("Boris Johnson criticised Russia.") == ["GBRGOV"]  # prime minister in January 2022
    assert _subject_code("Boris Johnson criticised Russia.", on=date(2025, 1, 1)) == ["GBRELI"]
    assert _subject_code("Boris Johnson criticised Russia.", on=date(2005, 1, 1)) == ["GBRELI"]


@pytest.mark.parametrize("text,codes", [
    ("Bosnian Serbs attacked the town.", ["BIH"]),
    ("Ethnic Albanians in south Serbia demanded autonomy.", ["SRB"]),
    ("Serbs attacked the town.", ["SRB"]),
    ("Russian troops attacked the town.", ["RUSMIL"]),
])
def test_a_people_is_coded_where_it_lives(text: str, codes: list[str]) -> None:
    assert _subject_code(text, on=date(2000, 1, 1)) == codes
