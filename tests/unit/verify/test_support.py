from dataclasses import replace

import pytest

from askcloud.verify import Turn, verify
from askcloud.verify.claims import Claim, parse
from askcloud.verify.support import check

from verify_support import evidence, passage

pytestmark = pytest.mark.unit

BOARD = passage("The foundation met in Geneva last spring. Alice Martin presented the accounts as treasurer. "
                "After a long debate, the members elected a new board. Bob Durand now chairs the foundation.")


def test_a_name_from_another_sentence_of_the_cited_passage_does_not_support_the_claim(aligner):
    support = check(Claim("Alice Martin chairs the foundation.", (1,)), evidence(BOARD),
                    "Who chairs the foundation?", aligner)
    assert not support.ok
    assert "alice" in support.missing or "martin" in support.missing


def test_the_right_name_is_supported_by_the_sentence_the_claim_is_about(aligner):
    support = check(Claim("Bob Durand chairs the foundation.", (1,)), evidence(BOARD),
                    "Who chairs the foundation?", aligner)
    assert support.ok
    assert "Bob Durand" in support.sentence.text


def test_a_wrong_marker_is_repointed_to_the_passage_that_supports_the_claim(aligner):
    other = passage("The river freezes every winter near the old mill.", doc="river.txt")
    support = check(Claim("Bob Durand chairs the foundation.", (1,)), evidence(other, BOARD),
                    "Who chairs the foundation?", aligner)
    assert support.ok and support.repointed
    assert support.passages == (1,)


def test_a_lower_case_command_must_stand_in_the_evidence(aligner):
    doc = passage("To undo the last commit, run `git reset --soft HEAD~1` in the repository.")
    question = "How do I undo the last commit?"
    assert check(Claim("Run `git reset --soft HEAD~1` to undo it.", (1,)), evidence(doc), question, aligner).ok
    assert not check(Claim("Run `git revert HEAD` to undo it.", (1,)), evidence(doc), question, aligner).ok


def test_what_a_claim_adds_must_come_from_its_evidence(aligner):
    doc = passage("The festival took place in Lyon in June.")
    question = "Where did the festival take place?"
    assert check(Claim("The festival took place in Lyon.", (1,)), evidence(doc), question, aligner).ok
    invented = Claim("The festival took place in Lyon because of the rainy weather and cheap hotels.", (1,))
    assert not check(invented, evidence(doc), question, aligner).ok


def test_a_yes_restating_the_question_needs_the_evidence_to_hold_the_question_s_proposition(aligner):
    doc = passage("The lighthouse keeper lights the lamp at dusk and trims the wick at midnight.")
    question = "Does the lighthouse keeper polish the lens every morning?"
    assert not check(Claim("Yes, the lighthouse keeper does polish the lens every morning.", (1,)), evidence(doc),
                     question, aligner).ok
    assert check(Claim("The lighthouse keeper trims the wick at midnight.", (1,)), evidence(doc), question,
                 aligner).ok


def test_parse_reads_markers_as_the_writer_placed_them():
    claims = parse("The hall held 300 seats [1]. Quintel ran it [2][1]. A last word. [3]")
    assert [(c.text, c.cited) for c in claims] == [("The hall held 300 seats.", (1,)),
                                                   ("Quintel ran it.", (2, 1)), ("A last word.", (3,))]


def test_an_uncited_claim_that_no_passage_supports_says_what_the_closest_one_lacks(aligner):
    other = passage("The river freezes every winter near the old mill.", doc="river.txt")
    support = check(Claim("Alice Martin chairs the foundation.", ()), evidence(other, BOARD),
                    "Who chairs the foundation?", aligner)
    assert not support.ok
    assert "alice" in support.missing or "martin" in support.missing


TOOLS = passage("The smudge tool, unlike the blur tool, cannot work on a selection mask. "
                "In the old mill the wheel turns every day, but the millstone does not grind flour any more.")


def test_a_negation_in_another_clause_of_the_evidence_sentence_does_not_contradict_the_claim(aligner):
    support = check(Claim("The wheel of the old mill turns every day.", (1,)), evidence(TOOLS),
                    "What happens in the old mill?", aligner)
    assert support.ok


def test_a_claim_contradicting_the_clause_it_is_about_is_not_supported(aligner):
    support = check(Claim("The millstone still grinds flour.", (1,)), evidence(TOOLS),
                    "What happens in the old mill?", aligner)
    assert not support.ok
    assert support.missing == ("(the evidence says the opposite)",)


def test_a_claim_denying_what_the_evidence_clause_affirms_is_not_supported(aligner):
    support = check(Claim("The wheel of the old mill does not turn.", (1,)), evidence(TOOLS),
                    "What happens in the old mill?", aligner)
    assert not support.ok


@pytest.mark.parametrize("evidence_text, claim", [
    ("You cannot, in any version, clone a repository with this tool.", "You can clone a repository with this tool."),
    ("The oven does not, unless the door is shut, reach 250 degrees.", "The oven reaches 250 degrees."),
    ("Il n'est pas possible, depuis la version 2, de cloner le dépôt.",
     "Il est possible de cloner le dépôt depuis la version 2."),
])
def test_a_negation_before_an_inserted_phrase_still_governs_its_clause(aligner, evidence_text, claim):
    support = check(Claim(claim, (1,)), evidence(passage(evidence_text)), "What does the manual say?", aligner)
    assert not support.ok


OVEN = passage("Baking on the stone is a little delicate. You cannot bake bread on the stone without preheating it.")


def test_a_yes_no_answer_is_contradicted_by_an_equally_close_sentence_saying_the_opposite(aligner):
    support = check(Claim("Yes, you can bake bread on the stone.", (1,)), evidence(OVEN),
                    "Can you bake bread on the stone?", aligner)
    assert not support.ok
    assert support.missing == ("(the evidence says the opposite)",)
    assert support.sentence.text.startswith("You cannot bake bread")


def test_outside_a_yes_no_question_a_neutral_sentence_may_still_hold_the_claim(aligner):
    # The polarity decides only what a yes/no question asks; elsewhere the closest sentence that holds the claim does.
    support = check(Claim("Baking bread on the stone is a little delicate.", (1,)), evidence(OVEN),
                    "What is said about baking on the stone?", aligner)
    assert support.ok


def test_a_yes_no_answer_contradicted_in_one_passage_is_held_by_another(aligner):
    other = passage("Once preheated for an hour, you can bake bread on the stone.", doc="stone.txt")
    support = check(Claim("Yes, you can bake bread on the stone once preheated.", (1,)), evidence(OVEN, other),
                    "Can you bake bread on the stone?", aligner)
    assert support.ok and support.passages == (1,)


def test_a_denial_of_something_else_does_not_decide_a_yes_no_answer(aligner):
    # The sentence saying "not" speaks of version 1; the claim asserts version 2, which the other sentence holds.
    doc = passage("Version 1 of the driver does not support the printer. Version 2 of the driver supports the printer.")
    support = check(Claim("Yes, version 2 of the driver supports the printer.", (1,)), evidence(doc),
                    "Does the driver support the printer?", aligner)
    assert support.ok


def test_a_narrower_denial_does_not_overturn_a_sentence_affirming_the_whole_claim(aligner):
    doc = passage("The viewer opens TIFF files with their layers and masks. "
                  "The viewer does not open TIFF files saved with a JPEG compression.")
    support = check(Claim("Yes, the viewer opens TIFF files.", (1,)), evidence(doc),
                    "Does the viewer open TIFF files?", aligner)
    assert support.ok


KETTLES = passage("The small kettle boils water in two minutes. Both models ship with a removable filter. "
                  "Their lids open with a button on the handle. The large kettle keeps the water warm for an hour.")


def test_a_claim_of_two_clauses_rests_each_clause_on_its_own_sentence(aligner):
    claim = Claim("The small kettle boils water in two minutes, whereas the large one keeps it warm for an hour.", (1,))
    support = check(claim, evidence(KETTLES), "How do the small and the large kettle differ?", aligner)
    assert support.ok
    assert [s.text for s in support.sentences] == ["The small kettle boils water in two minutes.",
                                                    "The large kettle keeps the water warm for an hour."]


def test_a_clause_the_evidence_does_not_hold_withdraws_the_whole_claim(aligner):
    claim = Claim("The small kettle boils water in two minutes, whereas the large one plays a tune when ready.", (1,))
    assert not check(claim, evidence(KETTLES), "How do the small and the large kettle differ?", aligner).ok


def test_french_clauses_joined_by_tandis_que_are_checked_apart(aligner):
    doc = passage("La petite bouilloire chauffe l'eau en deux minutes. Les deux modèles ont un filtre amovible. "
                  "La grande bouilloire garde l'eau chaude pendant une heure.")
    claim = Claim("La petite chauffe l'eau en deux minutes, tandis que la grande garde l'eau chaude pendant une heure.",
                  (1,))
    assert check(claim, evidence(doc), "Quelle différence entre la petite et la grande bouilloire ?", aligner).ok


SHORTCUTS = passage("To cut the selection, press Ctrl+X at any time. The clipboard keeps only the last item you cut. "
                    "Pasting it back is done with Ctrl+V, even in another image.")


def test_two_statements_joined_by_and_each_rest_on_their_own_sentence(aligner):
    claim = Claim("Ctrl+X cuts the selection and Ctrl+V pastes it back.", (1,))
    support = check(claim, evidence(SHORTCUTS), "Which keys cut and paste?", aligner)
    assert support.ok
    assert len(support.sentences) == 2


def test_a_statement_joined_by_and_with_a_wrong_identifier_is_not_supported(aligner):
    claim = Claim("Ctrl+X cuts the selection and Ctrl+B pastes it back.", (1,))
    assert not check(claim, evidence(SHORTCUTS), "Which keys cut and paste?", aligner).ok


def test_names_joined_by_and_stay_one_claim_that_one_sentence_must_hold(aligner):
    doc = passage("Bob Durand founded the press in 1990. Years later, Alice Martin became its first customer.")
    claim = Claim("Alice Martin and Bob Durand founded the press.", (1,))
    assert not check(claim, evidence(doc), "Who founded the press?", aligner).ok


def test_a_name_opening_a_later_clause_must_stand_in_that_clause_s_sentence(aligner):
    doc = passage("The red team plays on Mondays at the stadium. The Falcons play on Fridays in the old gym. "
                  "Tickets are sold at the door.")
    claim = Claim("The red team plays on Mondays at the stadium; Eagles play on Fridays in the old gym.", (1,))
    support = check(claim, evidence(doc), "When do the teams play?", aligner)
    assert not support.ok and "eagles" in support.missing


def test_a_later_clause_whose_subject_is_left_out_rests_on_no_sentence_about_someone_else(aligner):
    doc = passage("Clara Weiss opened the bakery in 1998. The bakery sells rye bread and pastries. "
                  "Its ovens burn wood. Hugo Brandt closed the bakery in 2019.")
    for draft in ("Clara Weiss opened the bakery in 1998 and closed it in 2019.",
                  "Clara Weiss opened the bakery in 1998, but closed it in 2019."):
        assert not check(Claim(draft, (1,)), evidence(doc), "What did Clara Weiss do with the bakery?", aligner).ok


def test_a_semicolon_inside_code_does_not_part_clauses(aligner):
    doc = passage("To build the site, run `cd site; make html` from the top folder. The pages land in `out/`.")
    question = "How do I build the site?"
    assert check(Claim("Run `cd site; make html` from the top folder.", (1,)), evidence(doc), question, aligner).ok
    assert not check(Claim("Run `cd site; make pdf` from the top folder.", (1,)), evidence(doc), question,
                     aligner).ok


def test_a_bare_yes_before_but_goes_with_the_clause_after_it(aligner):
    doc = passage("Le lecteur lit les fichiers OGG enregistrés en stéréo. Les enregistrements mono doivent être "
                  "convertis.")
    claim = Claim("Oui, mais seulement les fichiers OGG enregistrés en stéréo.", (1,))
    assert check(claim, evidence(doc), "Le lecteur lit-il les fichiers OGG ?", aligner).ok


def test_a_short_clause_is_read_in_the_language_of_its_sentence(aligner):
    doc = passage("The shop opens on weekdays from 9 am. The shop also opens every evening after 7 pm. "
                  "Parking is free.")
    claim = Claim("The shop opens on weekdays from 9 am, but never after 7 pm.", (1,))
    assert not check(claim, evidence(doc), "When does the shop open?", aligner).ok


def test_while_before_a_gerund_is_no_clause_boundary(aligner):
    doc = passage("Keep Alt pressed while you drag the node to snap it to the grid.")
    claim = Claim("Keep Alt pressed, while dragging the node, to snap it to the grid.", (1,))
    assert check(claim, evidence(doc), "How do I snap a node to the grid?", aligner).ok


@pytest.mark.parametrize("text, question, claim", [
    # a closer sentence giving another figure keeps the claim off a sentence further away
    ("Use the arrow keys of the remote to move the cursor across the map by 10 metres. "
     "With Shift held down, steps are 40 metres.",
     "How far does the cursor move across the map with the arrow keys of the remote?",
     "With the arrow keys of the remote, the cursor moves across the map by 40 metres."),
    # a sentence listing alternatives does not hold the one the claim picks
    ("Switch the ceiling fan on from the wall panel in the hallway to start it. "
     "The fan offers three speeds: Slow, Medium (default), Fast.",
     "When I switch the ceiling fan on from the wall panel in the hallway, which speed does it start at?",
     "When you switch the ceiling fan on from the wall panel in the hallway, it starts at Slow."),
    # the same figure and unit said of another subject
    ("A fire broke out at the warehouse on Monday night and spread to the roof. "
     "The warehouse employs 40 people and stores furniture for three shops.",
     "How many people were injured in the fire at the warehouse on Monday?",
     "The fire at the warehouse on Monday injured 40 people."),
])
def test_a_figure_or_name_held_elsewhere_in_another_role_does_not_support_the_claim(aligner, text, question, claim):
    assert not check(Claim(claim, (1,)), evidence(passage(text)), question, aligner).ok


PLANS = passage("You can subscribe to the Pro plan and enable the team add-on from the billing page. "
                "With the add-on, the price rises to 25 euros per month. The Basic plan costs 10 euros per month.")


def test_a_sentence_naming_another_subject_does_not_support_a_claim_about_the_one_asked(aligner):
    question = "How much does the Pro plan cost per month with the team add-on?"
    wrong = Claim("The Pro plan with the team add-on costs 10 euros per month.", (1,))
    assert not check(wrong, evidence(PLANS), question, aligner).ok
    right = check(Claim("The Pro plan with the team add-on costs 25 euros per month.", (1,)), evidence(PLANS),
                  question, aligner)
    assert right.ok and "25 euros" in right.sentence.text


def test_a_neighbour_about_another_subject_lends_the_claim_no_figure(aligner):
    doc = passage("Night trains to Vienna leave from the east station. "
                  "The day train to Munich departs at 7:40 and takes 6 hours.")
    claim = Claim("The night train to Vienna takes 6 hours.", (1,))
    assert not check(claim, evidence(doc), "How long does the night train to Vienna take?", aligner).ok


def test_a_sentence_naming_others_besides_the_subject_asked_still_supports(aligner):
    doc = passage("The Pro plan costs 25 euros per month, five more than Zenit charges for its own plan.")
    claim = Claim("The Pro plan costs 25 euros per month.", (1,))
    assert check(claim, evidence(doc), "How much does the Pro plan cost per month?", aligner).ok


def test_a_sentence_announcing_a_command_is_read_with_the_command(aligner):
    text = ("To water the lawn automatically every evening, a gardener starts the sprinkler with the following:\n\n"
            "sprinkler start --zone north\n\nThe valves then open one after another.")
    plain = passage(text)
    listing = replace(plain, chunk=replace(plain.chunk, code=((text.index("sprinkler start"),
                                                                text.index("\n\nThe valves")),)))
    question = "How do I water the lawn automatically every evening?"
    claim = Claim("Run `sprinkler start --zone north` to water the lawn automatically every evening.", (1,))
    assert check(claim, evidence(listing), question, aligner).ok
    other = Claim("Run `sprinkler stop --zone north` to water the lawn automatically every evening.", (1,))
    assert not check(other, evidence(listing), question, aligner).ok
    verdict = verify("Run `sprinkler start --zone north` to water the lawn automatically every evening [1].",
                     Turn(asked=question, standalone=question, language="en"), evidence(listing), aligner)
    assert "sprinkler start --zone north" in verdict.citations[0].quote  # the citation shows what it rests on


def test_a_fenced_code_block_of_the_draft_holds_no_claim_even_while_it_is_being_written():
    draft = ("1. Fill the kettle [1].\n2. Start it with this script:\n```sh\nkettle --boil. # boils.\n\nkettle --pour\n"
             "```\n3. Pour the water once it clicks [2].")
    assert [c.text for c in parse(draft)] == ["Fill the kettle.", "Start it with this script:",
                                              "Pour the water once it clicks."]
    growing = draft[:draft.index("--pour")]
    assert [c.text for c in parse(growing)] == ["Fill the kettle.", "Start it with this script:"]
    assert [c.text for c in parse("Run ```kettle --boil``` to heat it [1].")] == ["Run to heat it."]
    lone = parse("Type `` ``` `` to open a block [1]. Then close it [2].")  # a fence not opening a line: text
    assert [c.text for c in lone] == ["Type `` ``` `` to open a block.", "Then close it."]


def test_a_draft_sentence_cut_after_an_ellipsis_goes_on_with_its_lower_case_rest():
    claims = parse('Gate it with the #[cfg(feature = "...")] attribute [1]. Then build it [2].')
    assert [c.text for c in claims] == ['Gate it with the #[cfg(feature = "...")] attribute.', "Then build it."]
    assert [c.cited for c in claims] == [(1,), (2,)]


def test_a_streamed_draft_never_loses_a_sentence_when_its_line_turns_out_to_announce_something():
    draft = "Open the shed. Then take:\n- the rake [2]\nThen sweep the path [2]. Finally close it [3]."
    final = [c.text for c in parse(draft)]
    for n in range(1, len(draft) + 1):  # what the writer has written so far: its complete sentences are final ones
        assert [c.text for c in parse(draft[:n])][:-1] == final[:len(parse(draft[:n])) - 1]
