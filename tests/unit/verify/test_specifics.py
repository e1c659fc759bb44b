import pytest

from askcloud.verify.specifics import figures, held, specifics

pytestmark = pytest.mark.unit


def test_figures_are_canonical_values():
    assert figures("2 000 personnes, 2.000 ou 2000") == {"2000"}
    assert figures("1,5 million d'euros") == {"1500000"}
    assert figures("3 milliards") != figures("3 millions")


def test_lower_case_identifiers_count_as_what_a_sentence_asserts():
    found = specifics("Run `git rebase -i` and then edit /etc/hosts with --force.")
    assert {"git rebase -i", "/etc/hosts", "--force"} <= found.identifiers


def test_a_keyboard_shortcut_is_one_identifier_not_names():
    found = specifics("Press Ctrl+Shift+J to fit the window.")
    assert found.identifiers == {"ctrl+shift+j"}
    assert not found.names


def test_a_figure_inside_an_identifier_is_part_of_it():
    found = specifics("The archive gimp-2.10 opens image.xcf files.")
    assert found.identifiers == {"gimp-2.10", "image.xcf"}
    assert not found.figures


def test_digits_glued_to_letters_or_to_a_version_are_no_figure_of_their_own():
    assert figures("It fails with error[E0091] on x64 builds.") == set()
    assert figures("Release 3.4.7 fixed it, and 2.12.0 before.") == {"3.4.7", "2.12.0"}
    assert held(specifics("It came in 3.4.7."), "Release 3.4.8 brought it.") == ["3.4.7"]
    assert figures("Près de 12.000.000 visiteurs") == {"12000000"}  # dotted thousands, not a version


def test_a_sentence_opening_name_counts_when_the_evidence_knows_it():
    assert specifics("Zorblat is the first customer.").names == set()
    assert specifics("Zorblat is the first customer.", frozenset({"zorblat"})).names == {"zorblat"}
    assert "durand" in specifics("Paul Durand chairs it.").names


def test_held_names_what_the_evidence_lacks():
    claim = specifics("The hall held 300 seats and Quintel ran it.")
    assert held(claim, "Quintel ran the hall, which held 300 seats.") == []
    assert held(claim, "The hall held 250 seats.") == ["300", "quintel"]
    assert held(specifics("It moved to Usa."), "the usage grew") == ["usa"]  # whole words only


def test_a_name_ending_on_an_accented_letter_is_held_by_the_sentence_giving_it():
    from askcloud.verify.specifics import held, specifics

    claim = "Les statuts ont été déposés par la Société Coopérative du Quartier en mars."
    found = specifics(claim)
    assert {"societe", "cooperative"} <= found.names
    assert held(found, "Elle a déposé ses statuts : la Société Coopérative du Quartier existe depuis mars.") == []


def test_a_function_written_as_a_call_is_the_function_s_name():
    said = specifics("Call `drain()` to empty the queue, or `println!()` to show it.")
    assert said.identifiers == {"drain", "println!"}
    assert held(said, "The drain method empties the queue; the println! macro prints it.") == []
    assert held(specifics("Call `drain()`."), "The clear method empties the queue.") == ["drain"]
    assert specifics("Call `push(item)` on it.").identifiers == {"push(item)"}  # arguments are part of what it says


def test_the_pronoun_i_with_a_clitic_is_no_name_and_a_possessive_names_its_owner():
    found = specifics("My garden is small, so I'd like a short hedge, and I'll plant Marta's roses where I've room.")
    assert found.names == {"marta"}
