"""The relation engine: slots and lists, triggers and gaps, negation, implicit subjects, focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.rules import load_rules
from policykg.rules.extract import extract_document
from policykg.sources import read_text

from .conftest import CASES


@pytest.fixture(scope="module")
def rules():
    return load_rules([CASES / "golden" / "rules.yaml"])


def facts(rules, text: str, **meta: str) -> set[tuple[str, str, str, bool]]:
    doc = read_text(text)
    doc.meta.update(meta)
    result = extract_document(doc, rules)
    return {(e.fact.subject, e.fact.prop, e.fact.object, e.implicit) for e in result.extractions}


def test_extract_lists_yield_one_fact_per_member(rules):
    found = facts(rules, "Saudi Arabia, Kuwait, and Qatar as well as Jordan joined NATO.")
    assert found == {
        (n, "memberOf", "nato", False) for n in ("saudi-arabia", "kuwait", "qatar", "jordan")
    }


def test_extract_negation_cancels_a_rule(rules):
    assert facts(rules, "Pakistan has never joined NATO.") == set()
    assert facts(rules, "Egypt is not allied with Jordan.") == set()


def test_extract_gap_limit_stops_long_distance_matches(rules):
    text = "Egypt after many long years of very difficult protracted talks joined NATO."
    # Egypt is too far from "joined" to be its subject, and, being named, blocks the focus too.
    assert facts(rules, text, focus="Qatar") == set()
    # an apposition between commas does not count: it has no verb of its own
    text = "Egypt, after many long years of very difficult protracted talks, joined NATO."
    assert facts(rules, text, focus="Qatar") == {("egypt", "memberOf", "nato", False)}
    assert facts(rules, "Egypt, after long talks, joined NATO.", focus="Qatar") == {
        ("egypt", "memberOf", "nato", False)
    }


def test_extract_implicit_subject_takes_the_focus_and_says_so(rules):
    text = "# Relations of Jordan\n\nIt maintains an alliance with Turkey. Joined NATO in 2001."
    assert facts(rules, text) == {
        ("jordan", "alliedWith", "turkey", True),
        ("jordan", "memberOf", "nato", True),
    }


def test_extract_implicit_subject_is_not_used_when_the_sentence_names_one(rules):
    text = "# Relations of Jordan\n\nEgypt maintains an alliance with Turkey."
    assert facts(rules, text) == {("egypt", "alliedWith", "turkey", False)}


def test_extract_no_focus_means_no_implicit_facts(rules):
    assert facts(rules, "# Notes\n\nIt joined NATO.") == set()


def test_extract_front_matter_focus_overrides_the_title(rules):
    text = "---\nfocus: Qatar\n---\n# Relations of Jordan\n\nIt joined NATO."
    assert facts(rules, text) == {("qatar", "memberOf", "nato", True)}


def test_extract_headings_do_not_fire_relation_rules(rules):
    assert facts(rules, "# Egypt allied with Jordan\n\nNothing here.") == set()


def test_extract_evidence_span_is_the_matched_text(rules, tmp_path: Path):
    doc = read_text("# Gulf\n\nQatar holds joint drills every year.")
    result = extract_document(doc, rules)
    (ex,) = result.extractions
    assert doc.text[ex.begin : ex.end] == "Qatar holds joint drills"


@pytest.fixture(scope="module")
def engine():
    return load_rules([CASES / "engine_rules.yaml"])


def run(engine, text: str) -> list:
    return extract_document(read_text(text), engine).extractions


def triples(engine, text: str) -> set[tuple[str, str, str]]:
    return {(e.fact.subject, e.fact.prop, e.fact.object) for e in run(engine, text)}


def of_property(engine, text: str, prop: str) -> set[tuple[str, str, str]]:
    return {t for t in triples(engine, text) if t[1] == prop}


def test_extract_pronoun_refers_to_the_subject_of_the_sentence_before(engine):
    text = "# Notes\n\nEgypt joined NATO in 2021. It uses sanctions sparingly."
    assert ("egypt", "employs", "sanctions") in triples(engine, text)


def test_extract_pronoun_prefers_an_earlier_subject_in_its_own_sentence(engine):
    text = "# Turkey\n\nTurkey is here. Egypt said that it uses sanctions."
    assert ("egypt", "employs", "sanctions") in triples(engine, text)


def test_extract_subjectless_sentences_take_the_focus_only_when_the_title_names_it(engine):
    titled = "# The policy of Jordan\n\nConducts joint exercises every year."
    assert triples(engine, titled) == {("jordan", "employs", "joint-exercises")}
    untitled = "# Notes\n\nJordan is here.\n\nConducts joint exercises every year."
    assert ("jordan", "employs", "joint-exercises") not in triples(engine, untitled)


def test_extract_pair_anaphor_stands_for_the_two_named_before(engine):
    text = "# Notes\n\nEgypt and Qatar met. The two countries conduct joint exercises."
    assert {("egypt", "employs", "joint-exercises"), ("qatar", "employs", "joint-exercises")} <= (
        triples(engine, text)
    )


def test_extract_agreement_anaphor_stands_for_the_agreement_named_before(engine):
    text = "# Notes\n\nEgypt signed a peace treaty. Analysts said the pact may deter aggression."
    found = run(engine, text)
    (ex,) = [e for e in found if e.fact.prop == "counters"]
    assert (ex.fact.subject, ex.implicit, ex.modality) == ("peace-treaty", True, "possible")


def test_extract_agreement_reference_as_object_and_as_subject_of_a_coordinated_verb(engine):
    text = "# Notes\n\nEgypt signed a peace treaty. In 2024 Qatar joined the treaty."
    assert ("qatar", "partyTo", "peace-treaty") in triples(engine, text)
    text = (
        "# Notes\n\nEgypt signed a peace treaty. "
        "The pact binds Egypt and Qatar and deters aggression."
    )
    assert ("peace-treaty", "counters", "aggression") in triples(engine, text)


def test_extract_its_members_stands_for_the_organization_named_before(engine):
    text = "# Notes\n\nThe Gulf Coalition met. Its members, among them Egypt and Qatar, agreed."
    assert triples(engine, text) >= {
        ("egypt", "memberOf", "gulf-coalition"),
        ("qatar", "memberOf", "gulf-coalition"),
    }


def test_extract_a_kind_said_of_a_name_names_it(engine):
    text = "# Notes\n\nThe Gulf Coalition is an alliance of Arab states, founded by Egypt."
    assert triples(engine, text) == {("egypt", "memberOf", "gulf-coalition")}
    plain = "# Notes\n\nThe alliance of Arab states was founded by Egypt."
    assert triples(engine, plain) == {("egypt", "memberOf", "alliance")}


def test_extract_names_in_an_opening_subordinate_clause_are_not_the_main_subject(engine):
    text = "# Notes\n\nWhen Egypt joined NATO in 2020, the army uses sanctions."
    assert triples(engine, text) == {("egypt", "memberOf", "nato")}
    text = "# Notes\n\nWhen Egypt joined NATO in 2020, Qatar stayed calm and uses sanctions."
    assert of_property(engine, text, "employs") == {("qatar", "employs", "sanctions")}


def test_extract_a_pronoun_in_a_coordinated_clause_stands_for_that_clause_s_subject(engine):
    text = "# Notes\n\nTurkey joined NATO in 1952, and Qatar said that it uses sanctions."
    assert of_property(engine, text, "employs") == {("qatar", "employs", "sanctions")}
    # a list with a comma before its "and" is one subject, not two clauses
    text = "# Notes\n\nTurkey, Egypt, and Qatar said that they use sanctions."
    assert {t[0] for t in triples(engine, text) if t[1] == "employs"} == {
        "turkey",
        "egypt",
        "qatar",
    }


def test_extract_a_verb_phrase_subject_brings_its_actor(engine):
    text = "# Notes\n\nJordan would share intelligence to fight militancy."
    assert of_property(engine, text, "counters") == {
        ("intelligence-sharing", "counters", "militancy"),
        ("jordan", "counters", "militancy"),
    }


def test_extract_it_as_the_object_of_a_passive(engine):
    text = "# Notes\n\nThe Gulf Coalition met in Doha. It was founded by Egypt."
    assert ("egypt", "memberOf", "gulf-coalition") in triples(engine, text)


def test_extract_modality_is_asserted_without_a_hedge(engine):
    (ex,) = run(engine, "# Notes\n\nEgypt uses sanctions.")
    assert ex.modality == "asserted"


def test_extract_the_month_may_is_no_hedge(engine):
    (dated,) = run(engine, "# Notes\n\nSince May 2023 Egypt uses sanctions.")
    (hedged,) = run(engine, "# Notes\n\nEgypt may use sanctions.")
    assert (dated.modality, hedged.modality) == ("asserted", "possible")


def test_extract_partner_slot_and_object_under(engine):
    found = triples(engine, "# Notes\n\nTurkey held joint exercises with Qatar.")
    assert {("turkey", "cooperatesWith", "qatar"), ("qatar", "employs", "joint-exercises")} <= found
    assert triples(engine, "# Notes\n\nTurkey held sanctions with Qatar.") == set()


def test_extract_verbal_object_and_demonyms(engine):
    assert ("jordan", "employs", "intelligence-sharing") in triples(
        engine, "# Notes\n\nJordanian officials share intelligence with Egypt."
    )
    assert triples(engine, "# Notes\n\nJordanian cuisine uses sanctions.") == set()


def test_extract_ignored_names_hide_entities(engine):
    mentions = engine.matcher.find("Disputes in the South China Sea worry China.")
    assert [m.entity for m in mentions] == ["china"]


def test_extract_adjacent_rule_needs_the_elements_to_touch(engine):
    assert ("egypt", "employs", "sanctions") in triples(
        engine, "# Notes\n\nEgypt's sanctions bite."
    )
    assert triples(engine, "# Notes\n\nEgypt, sanctions and more.") == set()


def test_extract_coordinated_verb_takes_the_clause_subject(engine):
    text = "# Notes\n\nEgypt joined NATO and uses sanctions."
    assert ("egypt", "employs", "sanctions") in triples(engine, text)
    assert ("nato", "employs", "sanctions") not in triples(engine, text)


def test_extract_examples_after_including_are_no_subject(engine):
    text = "# Notes\n\nMilitary cooperation, including joint exercises, fights aggression."
    assert triples(engine, text) == {("military-cooperation", "counters", "aggression")}


def test_extract_patterns_may_name_a_concept(engine):
    mentions = engine.matcher.find("Jordan fights armed Kurdish groups.")
    assert [(m.entity, m.cls, m.via) for m in mentions][-1] == (
        "militancy",
        "Threat",
        "pattern 'armed-groups'",
    )
    assert ("jordan", "counters", "militancy") in triples(
        engine, "# Notes\n\nJordan fights armed Kurdish groups."
    )


def test_extract_plural_pronoun_stands_for_the_whole_group(engine):
    same_sentence = "# Notes\n\nEgypt and Qatar said that they use sanctions."
    assert {("egypt", "employs", "sanctions"), ("qatar", "employs", "sanctions")} <= triples(
        engine, same_sentence
    )
    across = "# Notes\n\nEgypt and Qatar met. Their navies conduct joint exercises."
    assert {
        ("egypt", "employs", "joint-exercises"),
        ("qatar", "employs", "joint-exercises"),
    } <= triples(engine, across)
    singular = "# Notes\n\nEgypt and Qatar met. It uses sanctions."
    assert ("qatar", "employs", "sanctions") not in triples(engine, singular)


def test_extract_people_of_states_are_the_clause_subject(engine):
    text = "# Notes\n\nThe foreign ministers of Egypt and Qatar joined NATO."
    assert triples(engine, text) == {("egypt", "memberOf", "nato"), ("qatar", "memberOf", "nato")}
    # an ordinary preposition's object still is no subject
    assert triples(engine, "# Notes\n\nA treaty with Egypt joined NATO.") == set()


def test_extract_repeated_preposition_continues_a_list(engine):
    text = "# Notes\n\nJordan is a member of NATO and of the peace treaty."
    groups_text = "# Notes\n\nTurkey joined NATO and Egypt."
    assert ("turkey", "memberOf", "nato") in triples(engine, groups_text)
    mentions = engine.matcher.find("a member of NATO and of the peace treaty")
    assert [m.entity for m in mentions] == ["nato", "peace-treaty"]
    assert ("jordan", "memberOf", "nato") in triples(engine, text)


def test_extract_comma_and_a_name_with_its_verb_opens_a_clause(engine):
    text = "# Notes\n\nTurkey held joint exercises with Egypt, and Qatar uses sanctions."
    found = triples(engine, text)
    assert ("qatar", "employs", "sanctions") in found
    assert ("turkey", "employs", "sanctions") not in found


def test_extract_a_verb_does_not_join_a_name_of_another_class(engine):
    from policykg.rules.extract import _groups

    doc = read_text("Turkey joined NATO and shares intelligence.", markdown=False)
    sentence = doc.sentences[0]
    groups = _groups(sentence, engine.matcher.find(doc.text))
    assert [[m.entity for m in g.members] for g in groups] == [
        ["turkey"],
        ["nato"],
        ["intelligence-sharing"],
    ]
    doc = read_text("Egypt uses sanctions and shares intelligence.", markdown=False)
    groups = _groups(doc.sentences[0], engine.matcher.find(doc.text))
    assert [[m.entity for m in g.members] for g in groups] == [
        ["egypt"],
        ["sanctions", "intelligence-sharing"],
    ]


def test_extract_any_verb_is_a_trigger_for_its_own_object(engine):
    assert triples(engine, "# Notes\n\nEgypt revived the peace treaty.") == {
        ("egypt", "partyTo", "peace-treaty")
    }
    # the first verb after the subject, whose object is the first name after it
    assert triples(engine, "# Notes\n\nEgypt said Turkey revived the peace treaty.") == {
        ("turkey", "partyTo", "peace-treaty")
    }
    assert triples(engine, "# Notes\n\nTurkey urged Egypt to revive the peace treaty.") == set()
    # a clause break, a passive, a verb the rule refuses, a negation
    for text in (
        "Egypt met Qatar, which revived the peace treaty.",
        "Egypt was bound by the peace treaty.",
        "Egypt violated the peace treaty.",
        "Egypt has never ratified the peace treaty.",
    ):
        assert ("egypt", "partyTo", "peace-treaty") not in triples(engine, "# Notes\n\n" + text)


def test_extract_any_verb_rules_take_no_focus_and_strict_pronouns(engine):
    # no subject: no first verb after it, so no focus either
    assert triples(engine, "# Egypt\n\nRevived the peace treaty in 2020.") == set()
    # "it" is the subject of the sentence before, never a preposition's object there
    assert triples(engine, "# Notes\n\nEgypt met Turkey. It revived the peace treaty.") == {
        ("egypt", "partyTo", "peace-treaty")
    }
    assert (
        triples(engine, "# Notes\n\nTalks brought gains to Egypt. It revived the peace treaty.")
        == set()
    )


def test_verbs_nouns_count_as_verbs_only_where_a_verb_stands():
    from policykg.rules.verbs import verb_spans

    text = "Jordan faces a steady flow of drugs and has agreed to restore border posts."
    words = [text[b:e] for b, e in verb_spans(text, ((0, 6),), frozenset({6}))]
    assert words == ["faces", "agreed to restore"]
    # after a demonym, the word is the state noun, not a verb
    text = "Somali soldiers arrived."
    assert [text[b:e] for b, e in verb_spans(text, ((0, 6),), frozenset())] == ["arrived"]
    assert [text[b:e] for b, e in verb_spans(text, ((0, 6),), frozenset({6}))] == [
        "soldiers arrived"
    ]


def test_extract_a_reference_joins_the_names_coordinated_after_it(engine):
    text = "# Notes\n\nEgypt and Qatar met. The two countries and Turkey conduct joint exercises."
    found = triples(engine, text)
    assert {(n, "employs", "joint-exercises") for n in ("egypt", "qatar", "turkey")} <= found


def test_extract_a_list_closed_by_and_ends_at_a_bare_comma(engine):
    from policykg.rules.extract import _groups

    doc = read_text(
        "With Egypt, Qatar and Jordan, Turkey conducts joint exercises.", markdown=False
    )
    groups = _groups(doc.sentences[0], engine.matcher.find(doc.text))
    assert [[m.entity for m in g.members] for g in groups] == [
        ["egypt", "qatar", "jordan"],
        ["turkey"],
        ["joint-exercises"],
    ]


def test_matcher_a_place_before_conference_or_process_names_an_event(engine):
    found = engine.matcher.find("the Jordan Process and the Egypt Conference met Jordan")
    assert [(m.entity, m.surface) for m in found] == [("jordan", "Jordan")]
    assert found[0].begin == len("the Jordan Process and the Egypt Conference met ")


def test_extract_any_verb_reads_through_a_relative_clause_after_the_subject(engine):
    # the main verb after the relative clause; the clause's own verbs do not cancel it
    text = "# Notes\n\nEgypt, which abandoned NATO in 2020, revived the peace treaty."
    assert ("egypt", "partyTo", "peace-treaty") in triples(engine, text)
    # the relative clause's verb, with its object inside the clause
    text = "# Notes\n\nEgypt, which revived the peace treaty, met Qatar."
    assert ("egypt", "partyTo", "peace-treaty") in triples(engine, text)
    # the relative clause's verb does not reach past the clause
    text = "# Notes\n\nEgypt, which met Qatar, violated the peace treaty."
    assert ("egypt", "partyTo", "peace-treaty") not in triples(engine, text)


def test_matcher_a_wrapped_line_with_indentation_matches_a_space(engine):
    text = "- Egypt uses joint\n    exercises and the peace\n  treaty."
    found = engine.matcher.find(text)
    assert [(m.entity, m.surface) for m in found] == [
        ("egypt", "Egypt"),
        ("joint-exercises", "joint\n    exercises"),
        ("peace-treaty", "peace\n  treaty"),
    ]
    assert all(text[m.begin : m.end] == m.surface for m in found)


def test_extract_a_possessive_after_a_comma_is_an_apposition_not_a_list(engine):
    from policykg.rules.extract import _groups

    doc = read_text("Turkey, Egypt's closest partner, uses sanctions.", markdown=False)
    groups = _groups(doc.sentences[0], engine.matcher.find(doc.text))
    assert [[m.entity for m in g.members] for g in groups] == [["turkey"], ["egypt"], ["sanctions"]]
    # the apposition does not count towards the gap, and its name is no subject
    text = "# Notes\n\nTurkey, Egypt's closest partner in the wider region, now uses sanctions."
    assert triples(engine, text) == {("turkey", "employs", "sanctions")}


def test_matcher_a_demonym_before_a_mechanism_names_its_state(engine):
    found = engine.matcher.find("Jordanian sanctions and Jordanian food")
    assert [(m.entity, m.surface) for m in found] == [
        ("jordan", "Jordanian"),
        ("sanctions", "sanctions"),
    ]
    assert found[0].via == "demonym 'Jordanian' before a mechanism"


def test_matcher_a_kind_written_in_title_case_is_a_name_not_the_kind(engine):
    assert [m.entity for m in engine.matcher.find("They signed a peace treaty.")] == [
        "peace-treaty"
    ]
    assert engine.matcher.find("They signed the Peace Treaty in 1994.") == []


def test_extract_a_possessive_after_a_preposition_owns_what_follows(engine):
    # "of Egypt's" is no preposition's object: Egypt owns the sanctions it uses
    text = "# Notes\n\nAnalysts are wary of Egypt's use of sanctions."
    assert ("egypt", "employs", "sanctions") in triples(engine, text)
    # without the possessive, the preposition's object stays no subject
    assert triples(engine, "# Notes\n\nA treaty with Egypt uses sanctions.") == set()


def test_extract_unless_after_cancels_a_match_by_what_follows_it(engine):
    # "joined NATO's …": what NATO owns was joined, not NATO; a longer match may still hold
    assert triples(engine, "# Notes\n\nEgypt joined NATO's Gulf Coalition.") == {
        ("egypt", "memberOf", "gulf-coalition")
    }
    assert triples(engine, "# Notes\n\nEgypt joined NATO's ranks.") == set()
    assert triples(engine, "# Notes\n\nEgypt joined NATO in 2021.") == {
        ("egypt", "memberOf", "nato")
    }


def test_extract_its_members_prefers_a_name_outside_a_relative_clause(engine):
    # the sentence before names two organizations; "its" is the main clause's, not the one the
    # relative clause mentions, whatever their order
    members = ". Its members, among them Egypt, agreed."
    for first, text in (
        ("gulf-coalition", "The Gulf Coalition, which took over from NATO, met" + members),
        ("nato", "NATO, which replaced the Gulf Coalition, met" + members),
    ):
        found = {t for t in triples(engine, "# Notes\n\n" + text) if t[1] == "memberOf"}
        assert found == {("egypt", "memberOf", first)}


def test_extract_the_army_is_the_focus_where_a_clause_opens(engine):
    # "the army" of a document about Jordan is Jordan's, as the subject of its clause …
    assert triples(engine, "# Jordan\n\nThe army conducts joint exercises.") == {
        ("jordan", "employs", "joint-exercises")
    }
    # … also after ", and", where it is no coordinated verb of the clause before
    assert triples(engine, "# Jordan\n\nEgypt is here, and the army conducts joint exercises.") == {
        ("jordan", "employs", "joint-exercises")
    }
    # not as a verb's object ("gave the army …"), nor without a focus the title names
    assert triples(engine, "# Jordan\n\nQatar gave the army sanctions.") == set()
    assert triples(engine, "# Notes\n\nJordan is here. The army conducts joint exercises.") == set()


def test_extract_a_reference_opening_the_sentence_is_the_subject_its_clause_continues(engine):
    # "its navy" continues the clause of "The country", not of "NATO's": the country's navy
    text = "# Jordan\n\nThe country is one of NATO's partners, and its navy uses sanctions."
    found = triples(engine, text)
    assert ("jordan", "employs", "sanctions") in found
    assert ("nato", "employs", "sanctions") not in found


def test_extract_the_country_stands_for_a_nation_never_an_organization(engine):
    text = "# Jordan\n\nNATO met in 2020. The country uses sanctions."
    assert triples(engine, text) == {("jordan", "employs", "sanctions")}


def test_extract_its_navy_and_the_kingdom_stand_for_a_nation(engine):
    # "its navy" after a sentence that names NATO alone is the focus's navy, not NATO's …
    text = "# Jordan\n\nNATO met in 2020. Its navy uses sanctions."
    assert triples(engine, text) == {("jordan", "employs", "sanctions")}
    # … while a bare "its" may still be the organization's
    text = "# Jordan\n\nNATO met in 2020. Its members use sanctions."
    assert ("jordan", "employs", "sanctions") not in triples(engine, text)
    assert triples(engine, "# Jordan\n\nNATO met in 2020. The kingdom uses sanctions.") == {
        ("jordan", "employs", "sanctions")
    }


def test_extract_its_in_the_next_sentence_is_what_an_opening_reference_stood_for(engine):
    # "The kingdom …, near Egypt. Its navy …": the kingdom's (Qatar's), not Egypt's, though Egypt
    # is the only nation the sentence before names
    text = "# Notes\n\nQatar met NATO. The kingdom joined NATO near Egypt. Its navy uses sanctions."
    found = triples(engine, text)
    assert ("qatar", "employs", "sanctions") in found
    assert ("egypt", "employs", "sanctions") not in found


def test_extract_they_after_an_opening_pair_is_the_pair(engine):
    text = (
        "# Notes\n\nEgypt and Qatar met. Both countries fear China's plans, and they use sanctions."
    )
    found = of_property(engine, text, "employs")
    assert found == {("egypt", "employs", "sanctions"), ("qatar", "employs", "sanctions")}


def test_extract_names_joined_to_an_opening_pair_share_its_verbs(engine):
    text = "# Notes\n\nEgypt and Qatar met. "
    text += "The two countries and Turkey met and conduct joint exercises."
    found = of_property(engine, text, "employs")
    assert found == {(n, "employs", "joint-exercises") for n in ("egypt", "qatar", "turkey")}


def test_extract_a_list_closed_by_and_ends_at_a_comma(engine):
    # "Egypt and Qatar, and Turkey joined NATO": Turkey is a clause of its own, Egypt and Qatar no
    # subject of "joined"
    found = triples(
        engine, "# Notes\n\nChina held talks with Egypt and Qatar, and Turkey joined NATO."
    )
    assert ("turkey", "memberOf", "nato") in found
    assert ("qatar", "memberOf", "nato") not in found


def test_extract_a_threat_and_a_nation_form_no_list(engine):
    # "fights aggression by armed groups, and Egypt, Qatar and Turkey conduct joint exercises":
    # Egypt heads the list of nations, whatever the threat before it
    text = (
        "# Notes\n\nChina fights armed groups, and Egypt, Qatar and Turkey conduct joint exercises."
    )
    found = of_property(engine, text, "employs")
    assert found == {(n, "employs", "joint-exercises") for n in ("egypt", "qatar", "turkey")}


def test_extract_a_word_that_is_also_a_noun_is_a_verb_after_its_army(engine):
    # "guards" is a noun too: after "its army" it is the verb the any-verb rule reads
    text = "# Notes\n\nEgypt met NATO. Its army guards the peace treaty."
    assert ("egypt", "partyTo", "peace-treaty") in triples(engine, text)


def test_extract_the_three_countries_gathers_the_latest_sentences(engine):
    # no one sentence names three: the latest two together do, nearest first
    text = "# Notes\n\nEgypt and Qatar met. Turkey met Egypt. The three countries use sanctions."
    found = of_property(engine, text, "employs")
    assert found == {(n, "employs", "sanctions") for n in ("turkey", "egypt", "qatar")}


def test_extract_the_council_stands_for_the_organization_whose_name_has_that_word(engine):
    # "…, and the council aims to counter…": the council, not the members just listed, nor NATO,
    # named later but no council
    text = "# Notes\n\nThe Red Sea Council met NATO. Its members, among them Egypt and Qatar, met, "
    text += "and the council aims to counter militancy."
    found = of_property(engine, text, "counters")
    assert found == {("red-sea-council", "counters", "militancy")}
    # as an object too ("funds the coalition"); a word no organization named has stands for none
    text = "# Notes\n\nThe Gulf Coalition met. Qatar funds the coalition."
    assert triples(engine, text) == {("qatar", "cooperatesWith", "gulf-coalition")}
    assert triples(engine, "# Notes\n\nThe Gulf Coalition met. Qatar funds the council.") == set()
    # a word of a name is no reference: "The Red Sea Council" is named, not referred to
    text = "# Notes\n\nNATO met. The Red Sea Council counters militancy."
    assert triples(engine, text) == {("red-sea-council", "counters", "militancy")}


def test_extract_an_object_after_a_comma_and_a_conjunction_is_the_next_clause_s(engine):
    # "joined the talks, and NATO met": NATO is no object of "joined"
    assert triples(engine, "# Notes\n\nEgypt joined the talks, and NATO met.") == set()
    # the ", and" of a list still ends it: the last item is the verb's object
    assert triples(engine, "# Notes\n\nEgypt uses talks, trade, and sanctions.") == {
        ("egypt", "employs", "sanctions")
    }
    # a reference is not joined to the subject of the next clause: NATO alone uses sanctions
    text = (
        "# Notes\n\nThe Gulf Coalition met. Qatar paid for the coalition, and NATO uses sanctions."
    )
    assert of_property(engine, text, "employs") == {("nato", "employs", "sanctions")}


def test_extract_a_kind_in_apposition_to_a_named_agreement_is_no_second_agreement(engine):
    # "the Cairo Charter, a peace treaty": what the charter is, not another text signed
    text = "# Notes\n\nEgypt signed the Cairo Charter, a peace treaty that ended the war."
    assert of_property(engine, text, "partyTo") == {("egypt", "partyTo", "cairo-charter")}
    # a list goes on after it: three texts
    text = "# Notes\n\nEgypt signed the Cairo Charter, a peace treaty and an alliance."
    assert {t[2] for t in triples(engine, text) if t[1] == "partyTo"} == {
        "cairo-charter",
        "peace-treaty",
        "alliance",
    }


def test_extract_a_sentence_opening_with_the_pact_has_a_subject_the_focus_does_not_replace(engine):
    # "The pact uses sanctions": the pact's doing, though the rule admits no agreement as subject
    assert triples(engine, "# Jordan\n\nThe pact uses sanctions.") == set()
    assert triples(engine, "# Jordan\n\nIt uses sanctions.") == {("jordan", "employs", "sanctions")}


def test_extract_its_members_as_subject_are_the_nations_listed_with_the_grouping(engine):
    # "Its members use sanctions": the nations listed where the coalition was named, not the
    # coalition, and not the nations named elsewhere in that sentence
    text = (
        "# Notes\n\nEgypt, Qatar and Turkey joined the Gulf Coalition; China and Jordan did not. "
    )
    text += "Its members use sanctions."
    found = of_property(engine, text, "employs")
    assert found == {(n, "employs", "sanctions") for n in ("egypt", "qatar", "turkey")}


def test_extract_a_few_adjectives_keep_a_possessor_adjacent_to_what_it_owns(engine):
    # "Egypt's own sanctions", "Iraqi federal border guards": still the possessor's
    assert triples(engine, "# Notes\n\nEgypt's own sanctions are strict.") == {
        ("egypt", "employs", "sanctions")
    }
    # any other word between them breaks the possessive
    assert triples(engine, "# Notes\n\nEgypt's harsh sanctions are strict.") == set()


def test_extract_a_navy_s_fleet_continues_its_state_in_a_list(engine):
    # "the headquarters of the US Navy's Fifth Fleet and of the CMF": one list of two
    text = "# Notes\n\nThe Turkey Navy's Fifth Fleet and Egypt use sanctions."
    assert triples(engine, text) == {
        ("turkey", "employs", "sanctions"),
        ("egypt", "employs", "sanctions"),
    }
    # ", and Egypt conducts …" still opens a clause of Egypt's own
    text = "# Notes\n\nQatar met the Turkey Navy's Fifth Fleet, and Egypt conducts joint exercises."
    assert triples(engine, text) == {("egypt", "employs", "joint-exercises")}


def test_extract_a_passive_s_agent_may_be_a_reference_but_never_the_focus(engine):
    # "signed by the two countries": the pair named before
    text = "# Notes\n\nEgypt and Qatar met. The peace treaty was signed by the two countries."
    assert of_property(engine, text, "partyTo") == {
        ("egypt", "partyTo", "peace-treaty"),
        ("qatar", "partyTo", "peace-treaty"),
    }
    # signed by someone the text does not name as a nation: not the focus's treaty
    assert triples(engine, "# Jordan\n\nThe peace treaty was signed by the rebels.") == set()


def test_extract_a_literal_that_may_match_nothing_ends_at_the_text_s_end():
    import re

    from policykg.rules.extract import _all_matches

    # an optional literal matches the empty string everywhere, the end included: the search
    # must stop there, not find that empty match again and again
    found = _all_matches(re.compile(r"(?:,\s*which\b)?"), "a treaty, which Iran signed")
    assert [(s.begin, s.end) for s in found] == [(8, 15)]
