"""The lexicon matcher: one automaton, word boundaries, case, longest match, inflection."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.rules import load_rules
from policykg.rules.matcher import fold_case, normalise


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    path = Path(tmp_path_factory.mktemp("rules")) / "lexicon.yaml"
    path.write_text(
        """
concepts:
  - {id: un, class: Organization, label: United Nations, aliases: [UN]}
  - {id: unsc, class: Organization, label: United Nations Security Council}
  - {id: intel, class: Mechanism, label: intelligence sharing, verbs: [share intelligence]}
  - {id: exercise, class: Mechanism, label: joint exercise}
  - {id: treaty, class: Agreement, label: peace treaty}
  - {id: counter-terrorism, class: Mechanism, label: counter-terrorism, aliases: [counterterrorism]}
  - id: nation
    class: Nation
    label: Islamic nation
    aliases: [{form: Islamic state, case: exact}]
  - {id: isis, class: Threat, label: Islamic State, case: exact}
  - {id: turkey, class: Nation, label: Turkey}
  - {id: econ, class: Mechanism, label: economic cooperation}
  - {id: defence, class: Mechanism, label: defence cooperation}
patterns:
  - id: council
    class: Organization
    regex: '(?:[Tt]he\\s+)?(?P<name>(?:[A-Z]\\w+\\s+){1,3}Council)\\b'
    group: name
  - id: cut-ties
    class: Mechanism
    concept: exercise
    verbal: true
    regex: '\\bcut\\s+ties\\b'
  - id: pact
    class: Agreement
    regex: '(?:[Tt]he\\s+)?(?P<name>[A-Z]\\w+(?:\\s+(?:and\\s+)?[A-Z]\\w+){0,4}\\s+Pact)\\b'
    group: name
""",
        encoding="utf-8",
    )
    return load_rules([path])


def found(pack, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity) for m in pack.matcher.find(text)]


def test_matcher_acronyms_match_only_in_capitals(small):
    assert found(small, "The UN met; un-named sources and the tuna.") == [("UN", "un")]


def test_matcher_longest_match_wins(small):
    assert found(small, "the United Nations Security Council voted") == [
        ("United Nations Security Council", "unsc")
    ]


def test_matcher_respects_word_boundaries(small):
    assert found(small, "Turkeys and UNESCO and Turkey.") == [("Turkey", "turkey")]


def test_matcher_inflects_nouns_and_verbs(small):
    text = "They shared intelligence, held joint exercises and signed peace treaties."
    assert found(small, text) == [
        ("shared intelligence", "intel"),
        ("joint exercises", "exercise"),
        ("peace treaties", "treaty"),
    ]


def test_matcher_folds_hyphens_and_line_breaks_but_keeps_offsets(small):
    text = "Counter-terrorism and counter‑terrorism and intelligence\nsharing."
    mentions = small.matcher.find(text)
    assert [m.entity for m in mentions] == ["counter-terrorism", "counter-terrorism", "intel"]
    for m in mentions:
        assert text[m.begin : m.end] == m.surface


def test_matcher_alias_hyphens_must_be_hyphens_in_the_text(small):
    # "counter-terrorism" is a noun; in "to counter terrorism" the verb takes its object.
    assert found(small, "They act to counter terrorism.") == []


def test_matcher_lower_case_alias_matches_any_case_but_names_keep_their_capitals(small):
    assert found(small, "ISLAMIC NATION and islamic nation and turkey") == [
        ("ISLAMIC NATION", "nation")
    ]


def test_matcher_exact_case_separates_the_state_from_the_group(small):
    assert found(small, "an Islamic state fights the Islamic State") == [
        ("Islamic state", "nation"),
        ("Islamic State", "isis"),
    ]


def test_matcher_entity_patterns_propose_unlisted_names(small):
    mentions = small.matcher.find("Members of the Gulf Maritime Council met.")
    assert [(m.entity, m.cls, m.label, m.via) for m in mentions] == [
        ("gulf-maritime-council", "Organization", "Gulf Maritime Council", "pattern 'council'")
    ]


def test_normalise_and_fold_case_keep_length():
    text = "İstanbul’s counter-terror\nunit"
    assert len(normalise(text)) == len(text)
    assert len(fold_case(text)) == len(text)


def test_matcher_coordinated_modifiers_share_the_head_that_follows(small):
    assert found(small, "to deepen defence and economic cooperation") == [
        ("defence", "defence"),
        ("economic cooperation", "econ"),
    ]
    # no concept is named by "military cooperation" here: the modifier stays a plain word
    assert found(small, "military and economic cooperation") == [("economic cooperation", "econ")]


def test_matcher_a_name_with_and_is_one_name_unless_a_listed_entity_opens_it(small):
    assert found(small, "signed the Security and Prosperity Pact") == [
        ("Security and Prosperity Pact", "security-and-prosperity-pact")
    ]
    assert found(small, "Turkey and Gulf Security Pact members") == [
        ("Turkey", "turkey"),
        ("Gulf Security Pact", "gulf-security-pact"),
    ]


def test_matcher_a_name_never_runs_across_a_blank_line_or_out_of_a_heading(small):
    assert found(small, "# Notes on Gulf\n\nMaritime Council met") == [
        ("Maritime Council", "maritime-council")
    ]
    assert found(small, "# Regional Security\nMaritime Council met") == [
        ("Maritime Council", "maritime-council")
    ]


def test_matcher_a_verbal_pattern_names_its_concept_as_a_verb_phrase(small):
    (m,) = small.matcher.find("they cut ties in 2017")
    assert (m.entity, m.verbal) == ("exercise", True)


def test_matcher_the_end_of_a_compound_word_is_no_name(small):
    assert found(small, "the post-UN order") == []
    assert found(small, "the UN order") == [("UN", "un")]


def test_matcher_a_state_before_what_it_was_sold_is_the_buyer_not_a_word_of_the_arms(pack):
    # "sold Baku drones": the equipment pattern may read a model name before the arms, but a
    # state's name there is the receiver
    text = "Israel has sold Baku drones and loitering munitions."
    found = {(m.surface, m.entity) for m in pack.matcher.find(text)}
    assert ("Baku", "azerbaijan") in found
    assert ("drones and loitering munitions", "arms-transfers") in found
    text = "Türkiye has sold Bayraktar TB2 drones to Poland."
    assert ("Bayraktar TB2 drones", "arms-transfers") in {
        (m.surface, m.entity) for m in pack.matcher.find(text)
    }
