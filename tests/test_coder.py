"""Coder behaviours on short texts: modality, speakers, passive voice, dates, places."""

from __future__ import annotations

from datetime import date

import tocsin
from tocsin.models import Event

DAY = date(2022, 1, 18)  # a Tuesday


def _events(text: str) -> list[Event]:
    return tocsin.code_text(text, date=DAY)


def _one(events: list[Event], root: str) -> Event:
    found = [e for e in events if e.cameo_root == root]
    assert found, [(e.dyad, e.cameo, e.modality) for e in events]
    return found[0]


def test_fear_of_invasion_is_not_an_invasion() -> None:
    events = _events("Poland fears a Russian invasion of Ukraine.")
    assert all(e.modality == "feared" for e in events if e.cameo_root in ("19", "20"))


def test_conditional_is_hypothetical() -> None:
    event = _one(_events("Russia will pay a high price if it invades Ukraine, Biden said."), "19")
    assert event.modality == "hypothetical" and event.dyad == ("RUS", "UKR")


def test_negation() -> None:
    event = _one(_events("Britain does not pose a threat to Russia, the minister said."), "13")
    assert event.modality == "negated"


def test_passive_voice_swaps_roles() -> None:
    event = _one(_events("Ukraine was attacked by Russia on Monday."), "19")
    assert event.dyad == ("RUS", "UKR")
    assert event.event_date == date(2022, 1, 17) and event.event_date_precision == "day"


def test_reported_speech_names_the_speaker() -> None:
    events = _events("Sergey Lavrov said that NATO had deployed troops near the Russian border.")
    event = _one(events, "15")
    assert event.modality == "reported" and event.speaker is not None and event.speaker.code == "RUSGOV"


def test_transcript_turn_speaker() -> None:
    events = _events("Vladimir Putin: Good afternoon. We will send humanitarian aid to Syria.")
    event = _one(events, "03")  # announcing one's own aid is an intent to provide it (0333)
    assert event.cameo == "0333"
    assert event.source is not None and event.source.code == "RUSGOV"
    assert event.target is not None and event.target.country == "SYR"


def test_location_of_the_event_itself() -> None:
    events = _events("Russia deployed troops in Kharkiv.")
    event = _one(events, "15")
    assert event.location is not None and event.location.country == "UKR"
    assert event.location.precision == "city" and event.location.lat is not None


def test_what_is_demanded_has_not_happened() -> None:
    events = _events("The EU demanded the withdrawal of Russian troops from Ukraine.")
    demand = _one(events, "10")
    assert demand.source is not None and demand.source.code.startswith("IGO") and demand.modality == "asserted"
    # one event, CAMEO's "demand de-escalation of military engagement", not a demand plus a withdrawal
    assert demand.cameo == "1056" and demand.target is not None and demand.target.country == "RUS"
    assert not any(e.cameo_root == "08" for e in events)


def test_what_is_promised_is_an_intent() -> None:
    events = _events("Germany agreed to send anti-tank weapons to Ukraine.")
    intent = _one(events, "03")
    assert intent.cameo == "0332" and intent.dyad == ("DEU", "UKR") and intent.modality == "asserted"
    assert not any(e.cameo_root == "07" for e in events)


def test_what_is_refused_is_a_rejection_of_it() -> None:
    events = _events("Serbia refused to release the prisoners.")
    assert [e.cameo for e in events if e.cameo_root == "12"] == ["1243"]


def test_threat_of_sanctions_is_one_threat() -> None:
    events = _events("Washington threatened Moscow with sanctions.")
    assert any(e.cameo == "1312" and e.dyad == ("USAGOV", "RUSGOV") for e in events)
    assert not any(e.cameo_root == "16" for e in events)


def test_a_decision_taken_is_not_an_intent() -> None:
    events = _events("Britain has decided to supply Ukraine with anti-tank weapons.")
    assert _one(events, "07").dyad == ("GBR", "UKR")


def test_the_us_is_a_country_not_a_pronoun() -> None:
    assert any(e.dyad == ("USA", "TWN") for e in _events("The US attacked Taiwan."))


def test_a_response_aims_at_the_author_of_what_it_answers() -> None:
    reject = _one(_events("Pakistan rejected an offer from Afghanistan for direct talks."), "12")
    assert reject.target is not None and reject.target.country == "AFG"
    praise = _one(_events("Germany welcomed France's proposal."), "05")
    assert praise.target is not None and praise.target.country == "FRA"


def test_a_threat_aims_at_whoever_must_comply() -> None:
    threat = _one(_events("Russia threatened to halt the talks if the United States deployed the missiles."), "13")
    assert threat.target is not None and threat.target.country == "USA"


def test_saying_what_another_must_do_is_a_demand() -> None:
    events = _events("Russia said on Tuesday that Sudan must return the helicopter that its forces captured.")
    demand = _one(events, "10")
    assert demand.target is not None and demand.target.country == "SDN"
    assert not any(e.cameo_root == "11" for e in events)  # the relative clause is no accusation
    appeal = _one(_events("France said Iran should release the prisoners."), "02")
    assert appeal.cameo == "0253" and appeal.target is not None and appeal.target.country == "IRN"


def test_a_background_mention_is_not_an_event() -> None:
    events = _events("Peru granted asylum to five officers since last month's US invasion of Panama.")
    assert not any(e.cameo_root in ("17", "19") for e in events)


def test_verb_and_noun_of_one_happening_give_one_event() -> None:
    events = _events("Russian and Belarusian troops held joint exercises.")
    assert sorted(e.dyad for e in events if e.cameo_root == "15") == [("BLRMIL", "RUSMIL"), ("RUSMIL", "BLRMIL")]


def test_a_question_asks_and_does_not_report() -> None:
    event = _one(_events("Is Russia going to attack Ukraine?"), "19")
    assert event.modality == "hypothetical"


def test_he_is_not_the_last_known_person_once_someone_unknown_is_named() -> None:
    events = _events("Vladimir Putin spoke. The local policeman Ivan Petrenko was a collaborator. "
                     "He killed 800 people.")
    assert not any(e.cameo_root in ("18", "19") for e in events)
    events = _events("Vladimir Putin arrived in Minsk. He criticised NATO.")
    assert _one(events, "11").dyad == ("RUSGOV", "IGOWSTNAT")


def test_the_two_leaders_are_the_pair_just_named() -> None:
    text = ("Vladimir Putin had a telephone conversation with Prime Minister of Italy Mario Draghi. "
            "The leaders discussed the situation on the border. The Russian leaders met later.")
    events = [e for e in _events(text) if e.cameo_root == "04"]
    # the conversation was by telephone, so what the pair discussed in it is 041 too
    assert {(e.cameo, e.dyad) for e in events} >= {("041", ("RUSGOV", "ITAGOV")), ("041", ("ITAGOV", "RUSGOV"))}
    assert ("040", ("RUSGOV", None)) in {(e.cameo, e.dyad) for e in events}  # "the Russian leaders" are not the pair


def test_they_after_the_pair_is_the_pair() -> None:
    text = ("Vladimir Putin met Prime Minister of Italy Mario Draghi. They discussed the situation on the border.")
    assert {e.dyad for e in _events(text) if e.cameo == "040"} == {("RUSGOV", "ITAGOV"), ("ITAGOV", "RUSGOV")}
    # a nearer group takes "they"
    text = "Vladimir Putin met Mario Draghi. NATO ministers gathered and they discussed the border."
    assert ("RUSGOV", "ITAGOV") not in {e.dyad for e in _events(text) if "discussed" in e.sentence}


def test_a_transcript_turn_goes_on_across_paragraphs() -> None:
    text = "Vladimir Putin: Colleagues, good afternoon.\n\nWe condemn the attacks on Syria.\n\n" \
           "Emmanuel Macron: We condemn them too."
    dyads = {e.dyad for e in _events(text) if e.cameo_root == "11"}
    assert ("RUSGOV", "SYR") in dyads and ("FRAGOV", None) in {(d[0], None) for d in dyads}


def test_agentless_talks_are_the_pair_s() -> None:
    text = "Vladimir Putin met Prime Minister of Italy Mario Draghi. Trade issues were discussed in depth."
    dyads = {e.dyad for e in _events(text) if e.cameo_root == "04"}
    assert ("ITAGOV", "RUSGOV") in dyads


def test_code_text_takes_a_date_string_and_names_a_bad_one() -> None:
    assert tocsin.code_text("Russia attacked Ukraine.", date="2022-02-24")[0].event_date == date(2022, 2, 24)
    try:
        tocsin.code_text("Russia attacked Ukraine.", date="soon")
    except tocsin.errors.InputError as exc:
        assert "date" in str(exc)
    else:
        raise AssertionError("a bad date string must raise InputError")


def test_a_pronoun_subject_of_a_reported_clause_is_the_speaker() -> None:
    event = _one(_events("Fijian rebels said they released the prime minister."), "08")
    assert event.source.code == "FJIREB" and event.modality == "reported"
    # number must agree: "it" is not the plural speaker, so nothing is guessed for it
    assert not [e for e in _events("Fijian rebels said it released the prime minister.") if e.cameo_root == "08"]


def test_reported_would_is_the_speaker_s_will_unless_conditional() -> None:
    meet = _one(_events("Putin said he would meet Zelensky."), "03")
    assert meet.cameo == "036" and meet.dyad == ("RUSGOV", "UKRGOV")
    assert _one(_events("Russia would attack Ukraine."), "19").modality == "hypothetical"


def test_coercion_announced_by_its_actor_is_a_threat() -> None:
    boycott = _one(_events("Palestinian leaders said they would boycott all contact with the United States."), "13")
    assert boycott.dyad == ("PSEGOV", "USA") and boycott.modality == "reported"
    assert _one(_events("Russia said it would attack Ukraine if NATO expanded."), "13").cameo == "1384"
    # someone else's forecast of the attack is not a threat by Russia
    forecast = _events("Russia will attack Ukraine, US officials said.")
    assert not [e for e in forecast if e.cameo_root == "13"]


def test_a_sector_group_takes_the_country_of_its_town() -> None:
    # Kramatorsk is a gazetteer town, not an actor-dictionary name
    assert _one(_events("Police in Kramatorsk arrested 12 students."), "17").source.code == "UKRCOP"
    assert _one(_events("Kramatorsk officials demanded more weapons."), "10").source.code == "UKRGOV"
    # a town alone is a place, not an actor
    assert not [e for e in _events("Kramatorsk demanded more weapons.") if e.cameo_root == "10"]


def test_invasion_is_an_armed_attack_and_occupation_is_holding_ground() -> None:
    invasion = _one(_events("Russia invaded Ukraine on Thursday."), "19")
    assert invasion.cameo == "190" and invasion.plover_type == "ASSAULT"
    assert _one(_events("Russian troops occupied the town."), "19").cameo == "192"


def test_intent_folds_an_act_several_steps_below_it() -> None:
    text = "Putin met Raisi. Both sides expressed the resolve to continue coordinating their efforts in Syria."
    codes = {e.cameo for e in _events(text) if "resolve" in e.sentence}
    assert codes == {"032"}, codes  # one intent to cooperate, not intent + the cooperation itself


def test_a_group_without_nationality_is_of_where_it_acts() -> None:
    protest = _one(_events("Students demonstrated in Kramatorsk on Monday."), "14")
    assert protest.source.code == "UKREDU"
    # facing a domestic authority, a nationless group is that authority's compatriot
    dispersal = _one(_events("Egyptian police dispersed the demonstrators on Monday night."), "17")
    assert dispersal.dyad[0] == "EGYCOP" and dispersal.target is not None and dispersal.target.country == "EGY"
    # but an army's opponents are not assumed to be its own people
    assert _one(_events("Russian troops shelled civilians."), "19").target is None


def test_a_participle_after_a_noun_is_the_noun_s_act() -> None:
    events = _events("Police in Monrovia dispersed Liberian demonstrators protesting the election results.")
    assert _one(events, "14").source.code.startswith("LBR")


def test_a_scheduled_meeting_is_planned_talks_and_a_promise_to_meet_is_intent() -> None:
    talks = _one(_events("On Friday, Vladimir Putin will hold talks with President of China Xi Jinping."), "04")
    assert talks.modality == "planned" and talks.dyad == ("RUSGOV", "CHNGOV")
    assert _one(_events("Putin said he would meet Zelensky."), "03").cameo == "036"


def test_the_verb_carrying_a_nominal_event_gives_its_tense() -> None:
    assert _one(_events("Russia did not hold talks with Ukraine."), "04").modality == "negated"
    assert _one(_events("Russia would launch an attack on Ukraine."), "19").modality == "hypothetical"


def test_a_reported_plan_is_planned_and_a_reported_promise_is_reported() -> None:
    exercise = [e for e in _events("Jordan and Britain have agreed to undertake joint military exercises this month, "
                                   "a Jordanian official confirmed.") if e.cameo_root == "15"]
    assert exercise and all(e.modality == "planned" for e in exercise)  # not yet held, whoever reports it
    assert _one(_events("Germany said it will send weapons to Ukraine."), "03").modality == "reported"


def test_a_call_readout_keeps_its_two_leaders() -> None:
    text = ("Vladimir Putin had a telephone conversation with President of Finland Sauli Niinisto.\n\n"
            "The presidents discussed European security in the context of recent Russian-US talks in Geneva. "
            "Vladimir Putin explained Russia's approaches. "
            "The leaders praised the anniversary of the Russian-Finnish Treaty.")
    events = _events(text)
    # a country pair named as a topic ("Russian-US talks in Geneva") does not replace the callers
    assert {e.dyad for e in events if "praised" in e.sentence} == {
        ("RUSGOV", "FINGOV"), ("FINGOV", "RUSGOV")}
    # talks held in Geneva are not talks with Switzerland
    assert not [e for e in events if e.target is not None and e.target.country == "CHE"]
    # what one caller explains without a named addressee is said to the other
    assert ("RUSGOV", "FINGOV") in {e.dyad for e in events if "explained" in e.sentence and e.cameo_root == "01"}


def test_hyphenated_pairs_and_proxies() -> None:
    talks = {e.dyad for e in _events("Russian-Ukrainian talks resumed in Istanbul.") if e.cameo_root == "04"}
    assert talks == {("RUS", "UKR"), ("UKR", "RUS")}  # both parties, and Istanbul is only the venue
    # a patron is not the group it backs
    attack = [e for e in _events("The Moscow-backed separatists attacked Ukrainian positions.") if e.cameo_root == "19"]
    assert all(e.source.country != "RUS" for e in attack)


def test_they_needs_a_two_party_subject_before_it() -> None:
    text = ("Baerbock met Lavrov in Moscow on Tuesday. Russian troops massed near the border. "
            "They are huge and pose a threat to Ukraine.")
    assert not [e for e in _events(text) if "pose a threat" in e.sentence and e.source.country == "DEU"]


def test_a_territory_filed_with_dated_codes_is_not_a_person() -> None:
    # PETRARCH files Donetsk/Crimea like people with dated codes (USRUKR, then UKR); they must not become
    # "the leaders" of a call or "he"
    text = ("Vladimir Putin had a telephone conversation with Prime Minister of the Grand Duchy of Luxembourg "
            "Xavier Bettel.\n\nVladimir Putin spoke about the shelling of Donetsk and Crimea. "
            "The leaders discussed the situation in Ukraine.")
    leaders = {e.dyad for e in _events(text) if "leaders discussed" in e.sentence and e.cameo_root == "04"}
    assert leaders and all({d[0][:3], d[1][:3]} == {"RUS", "LUX"} for d in leaders)


def test_readiness_for_talks_is_an_intent_to_negotiate() -> None:
    assert _one(_events("Ukraine is open to talks with Russia."), "03").cameo == "036"
    said = _one(_events("Germany says it is ready for a serious dialogue with Russia."), "03")
    assert said.cameo == "036" and said.modality == "reported" and said.source.country == "DEU"


def test_an_unknown_office_holder_keeps_the_office_the_text_gives() -> None:
    text = ("Vladimir Putin had a telephone conversation with Prime Minister of Luxembourg Xavier Bettel. "
            "Xavier Bettel informed the President of Russia about his contacts.")
    informed = [e for e in _events(text) if "informed" in e.sentence]
    assert informed and informed[0].source.code == "LUXGOV" and informed[0].target is not None
    assert informed[0].target.code == "RUSGOV"
    text = "Ugandan President Yoweri Mbabazi met Putin. Mbabazi thanked Russia."
    assert _one(_events(text), "05").source.code == "UGAGOV"


def test_a_protest_without_a_named_target_is_against_its_state() -> None:
    protest = _one(_events("Tens of thousands of students throughout Indonesia staged mass demonstrations."), "14")
    assert protest.source.code == "IDNEDU" and protest.target is not None and protest.target.country == "IDN"


def test_the_place_of_an_acted_on_object_is_the_target_when_nothing_else_is() -> None:
    evacuation = _one(_events("Israel will evacuate all 21 settlements in the Gaza Strip."), "03")
    assert evacuation.dyad == ("ISR", "PSE")
    withdrawal = _one(_events("The United States speeded up the withdrawal of its forces from Panama."), "08")
    assert withdrawal.source.country == "USA" and withdrawal.target is not None and withdrawal.target.country == "PAN"


def test_an_international_office_named_in_the_text_outranks_nationality() -> None:
    text = "Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded that Iraq allow aid workers in."
    assert _one(tocsin.code_text(text, date=date(2005, 6, 1)), "10").source.code == "IGOUNO"


def test_what_another_must_do_is_a_demand_even_at_home() -> None:
    demand = _one(_events("The Ukrainian opposition said President Zelensky must call early elections."), "10")
    assert demand.source.code == "UKROPP" and demand.target is not None and demand.target.code == "UKRGOV"
    # "it must" is the speaker's own duty, not a demand
    assert not [e for e in _events("Russia said it must respond to NATO.") if e.cameo_root == "10"]


def test_an_act_someone_is_accused_of_is_the_accused_s_and_only_claimed() -> None:
    shelling = _one(_events("Ukraine accused Russia of shelling Kharkiv."), "19")
    assert shelling.dyad == ("RUS", "UKR") and shelling.modality == "reported"
    assert shelling.speaker is not None and shelling.speaker.code == "UKR"


def test_waters_named_after_a_country_are_not_the_country() -> None:
    drills = [e for e in _events("China and Russia held joint naval drills in the Sea of Japan.")
              if e.cameo_root == "15"]
    assert drills and not [e for e in drills if e.target is not None and e.target.country == "JPN"]
    assert _one(_events("Russian missiles hit energy facilities across Ukraine."), "19").dyad == ("RUS", "UKR")


def test_a_possessive_pronoun_gives_a_group_its_country() -> None:
    depot = _one(_events("Russia's defence ministry said its forces had destroyed a Ukrainian ammunition depot."), "19")
    assert depot.dyad == ("RUSMIL", "UKR") and depot.modality == "reported"
    # a state moving its own forces aims at where they go, not at the forces
    assert _one(_events("We will send our troops to Mali, Macron said."), "15").target.country == "MLI"  # type: ignore[union-attr]
    assert _one(_events("Moscow amasses troops on the border."), "15").target is None


def test_a_noun_event_carried_by_its_verb_is_one_event() -> None:
    invasion = [e for e in _events("Russia launched a full-scale invasion of Ukraine on Thursday.")
                if e.cameo_root == "19"]
    assert len(invasion) == 1 and invasion[0].dyad == ("RUS", "UKR")
    probe = _one(_events("The UN Human Rights Council launched an investigation into abuses in Ethiopia."), "09")
    assert probe.cameo == "092"  # the noun's more specific reading wins over "launch an investigation" (090)


def test_force_used_in_another_state_is_aimed_at_it() -> None:
    assert _one(_events("Russian troops shelled the outskirts of Kramatorsk."), "19").dyad == ("RUSMIL", "UKR")
    assert _one(_events("Russian forces recaptured the town of Izium."), "19").dyad == ("RUSMIL", "UKR")
    # at home it is not aimed at the own state
    assert _one(_events("Ukrainian forces recaptured the town of Izium."), "19").target is None


def test_a_weapon_noun_subject_and_its_verb_are_one_strike_and_seas_are_not_land() -> None:
    strikes = [e for e in _events("Israeli airstrikes killed 12 people in Gaza on Sunday.") if e.cameo_root == "19"]
    assert [(e.cameo, e.dyad) for e in strikes] == [("195", ("ISR", "PSE"))]
    ship = _one(_events("The Houthis attacked a ship in the Red Sea."), "19")
    assert ship.target is None and (ship.location is None or ship.location.country != "SDN")


def test_a_verb_pattern_s_object_word_is_not_a_second_event() -> None:
    assert [e.cameo for e in _events("Japan lodged a protest with China over the incursion.")] == ["114"]
    assert [e.cameo_root for e in _events("Ukraine rejected the ceasefire.")] == ["12"]


def test_places_named_whole_and_bare_town_objects_of_force() -> None:
    fire = {e.dyad for e in _events("India and Pakistan exchanged fire along the Line of Control.")}
    assert fire == {("IND", "PAK"), ("PAK", "IND")}  # not a Chinese town called Lin'e
    assert _one(_events("Russian troops shelled Kryvyi Rih."), "19").dyad == ("RUSMIL", "UKR")


def test_mediators_aim_at_the_parties_between_them() -> None:
    events = _events("Egypt and Qatar are mediating between Israel and Hamas.")
    assert {e.dyad for e in events if e.cameo_root == "04"} == {("EGY", "ISR"), ("QAT", "ISR")}


def test_a_passive_clause_without_agent_takes_no_agent_from_above() -> None:
    text = "Vladimir Putin visited soldiers undergoing treatment after being wounded in the fighting."
    assert not [e for e in _events(text) if e.cameo_root == "19" and e.source.country == "RUS"]


def test_a_long_list_of_parties_is_not_paired_off() -> None:
    text = ("Leaders of Brazil, Russia, India, China, South Africa, Egypt, Iran and Ethiopia attended "
            "the meeting.")
    events = [e for e in _events(text) if e.cameo_root == "04"]
    assert events and all(e.target is None for e in events)


def test_only_the_victim_s_report_of_violence_is_an_accusation() -> None:
    accusation = _one(_events("Ukraine said Russian forces shelled Kharkiv."), "11")
    assert accusation.source.code == "UKR" and accusation.target is not None and accusation.target.country == "RUS"
    third_party = _events("Thai military sources said Vietnamese forces shelled Cambodian villages.")
    assert not [e for e in third_party if e.cameo_root == "11"]


def test_pronouns_prefer_the_sentence_subject_and_consequences_said_are_threats() -> None:
    text = "Lebanon complained to the United Nations over Israeli air raids in which it said 20 people were killed."
    assert not [e for e in _events(text) if e.source.code.startswith("IGO")]
    threat = _one(_events("Russia will pay a high price if it attacks Ukraine, Biden said."), "13")
    assert threat.dyad == ("USAGOV", "RUS")
    assert [e.cameo for e in _events("Biden said Russia would face severe consequences.")] == ["130"]


def test_an_event_talked_about_is_a_topic_not_a_new_happening() -> None:
    assert not [e for e in _events("The leaders continued the discussion on Russia's special military operation.")
                if e.cameo_root == "19"]
    assert not [e for e in _events("The talks focused on the situation around the invasion of Ukraine.")
                if e.cameo_root == "19"]
    assert _one(_events("Russia launched a special military operation in Ukraine."), "19").source.code == "RUS"


def test_violence_by_an_unnamed_perpetrator_is_of_unidentified_forces_where_it_happened() -> None:
    attack = _one(_events("Gunmen attacked a checkpoint in Kirkuk."), "19")
    assert attack.source.code == "IRQUAF"
    killed = _one(_events("Three US servicemen were killed by a roadside bomb outside the Iraqi city of Basra."), "19")
    assert killed.source.code == "IRQUAF" and killed.target is not None and killed.target.country == "USA"
    # a named operation has its owner elsewhere in the text, never a guessed one
    assert not [e for e in _events("Soldiers showed courage during the special military operation in Ukraine.")
                if e.source.sector == "UAF"]


def test_warnings_and_attributions_do_not_steal_acts_or_targets() -> None:
    warned = _events("The US warned that Russia could invade Ukraine at any moment.")
    invasion = _one(warned, "19")
    assert invasion.dyad == ("RUS", "UKR") and invasion.modality == "hypothetical"
    against = _one(_events("The US warned Russia against invading Ukraine."), "19")
    assert against.source.code == "RUS" and against.modality == "hypothetical"
    view = _one(_events("For the United States, Russia is preparing an invasion."), "15")
    assert view.target is None or view.target.country != "USA"
    arrest = _one(_events("Police arrested 40 protesters in Minsk."), "17")
    assert arrest.target is not None and arrest.target.code == "BLRCVL"
    assert _one(_events("Russia threatened to invade Ukraine."), "13").cameo == "1384"


def test_the_west_is_an_actor_but_west_africa_and_a_western_delegation_are_not() -> None:
    assert _one(_events("Western countries imposed sanctions on Russia."), "16").dyad == ("WST", "RUS")
    assert _one(_events("Russia criticized the West."), "11").dyad == ("RUS", "WST")
    assert not [e for e in _events("Israel struck the West Bank.") if "WST" in e.dyad]
    assert not [e for e in _events("A Western delegation visited Bucharest.") if "WST" in e.dyad]
    fear = _events("The West fears an imminent invasion.")
    assert [e.cameo for e in fear] == ["012"]  # the invader is not named, so no invasion is coded


def test_a_capital_s_namesake_goes_by_the_sentence_s_countries() -> None:
    clash = _one(_events("Lebanese troops clashed with gunmen in Tripoli."), "19")
    assert clash.target is not None and clash.target.country == "LBN"
    assert _one(_events("Tripoli rejected the UN plan."), "12").source.code == "LBYGOV"


def test_unattributed_first_and_second_person_in_a_two_party_text() -> None:
    text = ("Vladimir Putin met President of Iran Ebrahim Raisi.\n\n"
            "Ebrahim Raisi: Your Excellency, I would like to thank you for supporting Iran.")
    thanks = [e for e in _events(text) if e.cameo == "051" and e.modality == "asserted"]
    assert [(e.source.country, e.target.country if e.target else None) for e in thanks] == [("IRN", "RUS")]
    message = ("Vladimir Putin sent a message to King Salman of Saudi Arabia.\n\n"
               'The message reads, in part: "We commend the efforts of the Saudi leadership."')
    assert _one(_events(message), "05").dyad[0] == "RUSGOV"  # "we" is the article's first-named person


def test_accepting_or_rejecting_a_plan_aims_at_its_author() -> None:
    assert _one(_events("Ukraine accepted the peace plan proposed by Turkey."), "03").dyad == ("UKR", "TUR")
    assert _one(_events("Kyiv rejected the proposal put forward by Moscow."), "12").dyad == ("UKRGOV", "RUSGOV")


def test_an_event_noun_object_is_not_a_group_to_place() -> None:
    text = "Vladimir Putin addressed the nation.\n\nI have decided to conduct a special military operation."
    operation = _one(tocsin.code_text(text, date=date(2022, 2, 24)), "19")
    assert operation.source.code == "RUSGOV" and operation.target is None


def test_no_plans_to_attack_is_no_attack_and_no_threat() -> None:
    events = _events("Putin told Macron that Russia had no plans to attack Ukraine.")
    assert not [e for e in events if e.cameo_root == "13"]
    assert _one(events, "19").modality == "negated"


def test_a_package_of_sanctions_carries_them() -> None:
    adopted = _one(_events("The EU agreed on a sixth package of sanctions against Russia."), "16")
    assert adopted.dyad == ("IGOEUREEC", "RUS")


def test_accused_of_parsed_on_the_object_is_still_the_object_s_claimed_act() -> None:
    events = _events("Ukrainian officials accused Russian troops of executing civilians in Bucha.")
    killing = _one(events, "18")
    assert killing.source.code == "RUSMIL" and killing.modality == "reported"


def test_weapons_sent_are_aid_to_the_receiving_state() -> None:
    air_defence = _one(_events("Germany will supply Ukraine with IRIS-T air defence systems."), "03")
    assert air_defence.cameo == "0332" and air_defence.dyad == ("DEU", "UKR")
    assert _one(_events("The US sent HIMARS rocket launchers to Ukraine."), "07").dyad == ("USA", "UKR")


def test_without_doing_is_not_doing() -> None:
    events = _events("Germany says it is ready for a serious dialogue without compromising on fundamental principles.")
    assert all(e.modality == "negated" for e in events if e.cameo_root == "08")
